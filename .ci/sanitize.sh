#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer over everything, then Valgrind memcheck.
#
#  1. One CMake build (gcc, -O1 -g, -fsanitize=address,undefined, every UB report fatal) of the
#     core, the C++ unit tests and the Python module, made by `pip install` into a throwaway venv
#     (so the installed package, its metadata and its C++ package are what users get).
#  2. ctest on that build with leak detection on.
#  3. The whole pytest suite in that venv, with the sanitizer runtimes preloaded into the
#     interpreter (CPython itself is not instrumented) and leak detection off (the interpreter
#     "leaks" its own objects at exit by design). PYTHONMALLOC=malloc sends Python objects
#     through malloc too, so ASan watches every allocation.
#  4. Valgrind memcheck (--leak-check=full, any error or definite/indirect leak fatal) on each
#     C++ test executable of a plain -O1 -g build, run alongside steps 1-3 on the second core.
#
# Clean means: every test passes and no sanitizer or valgrind report. Run: bash .ci/sanitize.sh
# Environment: SANITIZE_SKIP_VALGRIND=1 skips step 4; SANITIZE_KEEP=1 keeps the work directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
python="${PYTHON:-python3}"
start=$SECONDS

work="$(mktemp -d "${TMPDIR:-/tmp}/tapegrad-sanitize.XXXXXX")"
vg_pid=""
cleanup() {
  if [ -n "$vg_pid" ]; then kill "$vg_pid" 2> /dev/null || true; fi
  if [ "${SANITIZE_KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

if ! command -v valgrind > /dev/null && [ "${SANITIZE_SKIP_VALGRIND:-0}" != 1 ]; then
  echo "== installing valgrind (Debian package)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind) > "$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; exit 1; }
fi

cxx="${CXX:-g++}"
libasan="$("$cxx" -print-file-name=libasan.so)"
libubsan="$("$cxx" -print-file-name=libubsan.so)"
if [ ! -e "$libasan" ] || [ ! -e "$libubsan" ]; then
  echo "sanitize: $cxx has no libasan/libubsan ($libasan, $libubsan)" >&2
  exit 1
fi
# -O1 -g1 keeps the build and the run fast with usable stack traces (line tables); every UB
# report aborts.
san_flags="-O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"

# Valgrind memcheck on each C++ test executable of a plain -O1 -g build, one at a time on one
# core, started now so that it runs alongside the sanitizer build and tests (valgrind runs a
# program on one core anyway). "Possibly lost" blocks are shown but not errors: the kernel
# thread pool is never destroyed, by design (see thread_pool.cpp), so its sleeping workers' TLS
# and the last task exception it holds stay allocated at exit.
valgrind_stage() {
  local generator=()
  if command -v ninja > /dev/null; then generator=(-G Ninja); fi
  cmake -S "$root" -B "$work/vg" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DTAPEGRAD_PYTHON=OFF -DTAPEGRAD_TESTS=ON -DTAPEGRAD_INSTALL=OFF > /dev/null
  cmake --build "$work/vg" -j 1 > "$work/vg-build.log" 2>&1 || { cat "$work/vg-build.log"; return 1; }
  export TAPEGRAD_NUM_THREADS=2  # the pool still crosses threads, at a speed valgrind allows
  local exe
  for exe in "$work"/vg/cpp/tests/test_*; do
    [ -x "$exe" ] && [ -f "$exe" ] || continue
    echo "-- valgrind $(basename "$exe")"
    if ! valgrind --quiet --error-exitcode=1 --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect "$exe" > "$work/vg-$(basename "$exe").log" 2>&1; then
      cat "$work/vg-$(basename "$exe").log"
      echo "valgrind: $(basename "$exe") FAILED"
      return 1
    fi
    tail -n 1 "$work/vg-$(basename "$exe").log"
  done
}
if [ "${SANITIZE_SKIP_VALGRIND:-0}" != 1 ]; then
  valgrind_stage > "$work/valgrind.log" 2>&1 &
  vg_pid=$!
fi

echo "== throwaway venv with the build and test requirements"
"$python" -m venv "$work/venv"
# shellcheck disable=SC1091
. "$work/venv/bin/activate"
# torch: the tests compare against PyTorch (the CPU wheel these machines hold locally).
pip install -q "scikit-build-core>=0.10" "pybind11>=3.0" cmake ninja numpy "pytest>=7" "hypothesis>=6" torch==2.13.0

echo "== build core, C++ tests and module with ASan+UBSan ($cxx, -O1)"
# RelWithDebInfo: pybind11 strips and adds LTO only to Release builds; its own -O2 is replaced.
pip install -q --no-build-isolation --no-deps "$root" \
  -Cbuild-dir="$work/build" \
  -Ccmake.build-type=RelWithDebInfo \
  -Cinstall.strip=false \
  -Ccmake.define.CMAKE_CXX_COMPILER="$cxx" \
  -Ccmake.define.CMAKE_CXX_FLAGS="$san_flags" \
  -Ccmake.define.CMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -Ccmake.define.TAPEGRAD_TESTS=ON
so="$(find "$work/venv" -name '_core*.so' | head -n 1)"
# grep without -q reads all of nm's output (with pipefail, -q would make nm die of SIGPIPE).
nm -D "$so" | grep __asan_init > /dev/null || { echo "sanitize: $so is not instrumented" >&2; exit 1; }

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:report_error_type=1"

echo "== ctest under ASan+UBSan (leak detection on)"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1" \
  ctest --test-dir "$work/build" --output-on-failure

echo "== pytest (the whole suite) under ASan+UBSan"
# The million-node chain runs too: -O1 keeps it within a minute under ASan.
# From the source tree, as CI's own run: `tapegrad` is the instrumented install (the sources under
# python/ are not on the path), and the tests that read docs/ find them.
(cd "$root" &&
  LD_PRELOAD="$libasan:$libubsan" PYTHONMALLOC=malloc \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:strict_string_checks=1" \
  python -m pytest tests -x -q -p no:cacheprovider)
deactivate

if [ -n "$vg_pid" ]; then
  echo "== valgrind memcheck on the C++ tests (ran alongside, plain -O1 -g build)"
  vg_status=0
  wait "$vg_pid" || vg_status=$?
  vg_pid=""
  if [ "$vg_status" != 0 ]; then
    cat "$work/valgrind.log"
    echo "sanitize: valgrind FAILED" >&2
    exit 1
  fi
  cat "$work/valgrind.log"
fi

echo "sanitize: OK in $((SECONDS - start)) s"
