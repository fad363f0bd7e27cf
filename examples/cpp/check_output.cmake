# cmake -DPROGRAM=<exe> -DEXPECTED=<file> -P check_output.cmake
# Runs the program and fails unless it exits 0 and prints exactly the expected text.
execute_process(COMMAND "${PROGRAM}" OUTPUT_VARIABLE actual RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}:\n${actual}")
endif()
file(READ "${EXPECTED}" expected)
# Line endings differ on Windows.
string(REPLACE "\r\n" "\n" actual "${actual}")
string(REPLACE "\r\n" "\n" expected "${expected}")
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "output differs from ${EXPECTED}\n--- expected\n${expected}--- actual\n${actual}")
endif()
message(STATUS "output matches ${EXPECTED}")
