# The warnings every target of the project compiles with (core, Python module, tests, fuzzers):
# PRIVATE, so nothing reaches programs that link tapegrad::tapegrad. CI turns them into errors
# with CMake's standard switch, -DCMAKE_COMPILE_WARNING_AS_ERROR=ON.
function(tapegrad_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion)
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
  endif()
endfunction()
