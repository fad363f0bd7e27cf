# Installs the core library as a CMake package, so that other projects write
#
#   find_package(tapegrad CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE tapegrad::tapegrad)
#
# the same target name that add_subdirectory() and FetchContent users get from the ALIAS.
# Destinations come from the top-level CMakeLists.txt (TAPEGRAD_INSTALL_*DIR): GNUInstallDirs for
# a normal install, the tapegrad/ package directory for a wheel.
include(CMakePackageConfigHelpers)

install(TARGETS tapegrad
  EXPORT tapegradTargets
  ARCHIVE DESTINATION "${TAPEGRAD_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${TAPEGRAD_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# The public headers only: cpp/include/tapegrad/*.hpp. Internal headers stay under cpp/src.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/cpp/include/tapegrad"
  DESTINATION "${TAPEGRAD_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.hpp")

install(EXPORT tapegradTargets
  NAMESPACE tapegrad::
  DESTINATION "${TAPEGRAD_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/tapegradConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/tapegradConfig.cmake"
  INSTALL_DESTINATION "${TAPEGRAD_INSTALL_CMAKEDIR}")

# Which installed versions satisfy find_package(tapegrad X.Y). Semantic versioning: while the
# major version is 0 every minor release may break the API, so 0.1.x satisfies a request for 0.1
# but not for 0.2 (SameMinorVersion); from 1.0 on only a major release may break it
# (SameMajorVersion).
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_tapegrad_compatibility SameMinorVersion)
else()
  set(_tapegrad_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/tapegradConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY ${_tapegrad_compatibility})
unset(_tapegrad_compatibility)

install(FILES
  "${PROJECT_BINARY_DIR}/tapegradConfig.cmake"
  "${PROJECT_BINARY_DIR}/tapegradConfigVersion.cmake"
  DESTINATION "${TAPEGRAD_INSTALL_CMAKEDIR}")
