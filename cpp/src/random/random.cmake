# The random number generator (included from cpp/CMakeLists.txt).
#
# Its values must be the same bits on every platform, so the sources that compute them are
# compiled without floating-point contraction: GCC (even with -std=c++17) and Clang may otherwise
# fuse a * b + c into one FMA, rounded once instead of twice, wherever the target has FMA (arm64
# always, x86-64 with -march=haswell or later). MSVC's /fp:precise does not contract (Visual
# Studio 2022 on). random.cpp (the Generator) does no floating-point arithmetic.
set(TAPEGRAD_RANDOM_FP_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/distributions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/multinomial.cpp
)
target_sources(tapegrad PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../random.cpp ${TAPEGRAD_RANDOM_FP_SOURCES})
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set_source_files_properties(${TAPEGRAD_RANDOM_FP_SOURCES} PROPERTIES COMPILE_OPTIONS "-ffp-contract=off")
elseif(MSVC)
  set_source_files_properties(${TAPEGRAD_RANDOM_FP_SOURCES} PROPERTIES COMPILE_OPTIONS "/fp:precise")
endif()
