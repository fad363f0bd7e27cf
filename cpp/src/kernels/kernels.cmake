# Kernel sources of the core library (included from cpp/CMakeLists.txt).
#
# One portable binary: everything is compiled for the baseline ISA except gemm_avx2.cpp, which
# gets AVX2 + FMA and runs only after cpu_features.cpp has checked the CPU. Never add
# -march=native here or on the target.
target_sources(tapegrad PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/cpu_features.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dense_grad.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gemm.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gemm_generic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/thread_pool.cpp
)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64|x64)$"
   AND CMAKE_SIZEOF_VOID_P EQUAL 8)
  target_sources(tapegrad PRIVATE ${CMAKE_CURRENT_LIST_DIR}/gemm_avx2.cpp)
  if(MSVC)
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/gemm_avx2.cpp
      PROPERTIES COMPILE_OPTIONS "/arch:AVX2")
  elseif(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/gemm_avx2.cpp
      PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
  endif()
endif()

# The hot loops keep -O3 where the rest of the core is built at -O2 (cpp/CMakeLists.txt says why).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set_property(SOURCE
      ${CMAKE_CURRENT_LIST_DIR}/dense_grad.cpp
      ${CMAKE_CURRENT_LIST_DIR}/gemm.cpp
      ${CMAKE_CURRENT_LIST_DIR}/gemm_generic.cpp
      ${CMAKE_CURRENT_LIST_DIR}/gemm_avx2.cpp
      ${CMAKE_CURRENT_SOURCE_DIR}/src/optim.cpp
    APPEND PROPERTY COMPILE_OPTIONS "$<$<CONFIG:Release>:-O3>")
endif()
