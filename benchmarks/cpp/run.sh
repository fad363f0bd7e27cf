#!/usr/bin/env bash
# Builds the C++ benchmark (Release, -j2) against this checkout and runs it.
#   bash benchmarks/cpp/run.sh [--quick] [--threads N] [--chains | --gemm]
# BUILD_DIR overrides the build folder (default: build/bench-cpp at the repository root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$repo/build/bench-cpp}"
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j2 --target tapegrad_bench >/dev/null
"$build/tapegrad_bench" "$@"
