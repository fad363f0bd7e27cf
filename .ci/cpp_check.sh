#!/usr/bin/env bash
# The C++ core on its own: configure and build it without Python (warnings are errors), run the
# C++ unit tests, install it to a temporary prefix, then build and run the examples/cpp consumer
# against that prefix (find_package) and from the source tree (add_subdirectory), checking the
# numbers it prints. Run from anywhere: bash .ci/cpp_check.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
generator=()
if command -v ninja > /dev/null; then generator=(-G Ninja); fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tapegrad-cpp-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
start=$SECONDS

echo "== configure and build the core (TAPEGRAD_PYTHON=OFF, warnings as errors)"
cmake -S "$root" -B "$work/build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DTAPEGRAD_PYTHON=OFF -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
  -DCMAKE_INSTALL_PREFIX="$work/prefix"
cmake --build "$work/build"

echo "== C++ unit tests"
(cd "$work/build" && ctest --output-on-failure)

echo "== install to $work/prefix"
cmake --install "$work/build"
test -f "$work/prefix/include/tapegrad/tapegrad.hpp"
config="$(find "$work/prefix" -name tapegradConfig.cmake)"
test -n "$config"
echo "installed package: $config"

echo "== examples/cpp against the installed package (find_package)"
cmake -S "$root/examples/cpp" -B "$work/example-installed" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix"
cmake --build "$work/example-installed"
"$work/example-installed/network"
(cd "$work/example-installed" && ctest --output-on-failure)

echo "== examples/cpp from the source tree (add_subdirectory, as FetchContent does)"
cmake -S "$root/examples/cpp" -B "$work/example-subdir" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Release -DTAPEGRAD_SOURCE_DIR="$root"
cmake --build "$work/example-subdir"
(cd "$work/example-subdir" && ctest --output-on-failure)

echo "cpp_check: OK in $((SECONDS - start)) s"
