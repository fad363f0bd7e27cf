#!/usr/bin/env bash
# A short, reproducible fuzzing run (fixed seeds, bounded time): the libFuzzer harness of the C++
# API built with clang -fsanitize=fuzzer,address,undefined, then the atheris harness of the Python
# API. Any finding fails the script and leaves the reproducer in the work directory (kept then).
# docs/fuzzing.md describes the harnesses and the longer runs.
#
#   bash .ci/fuzz.sh                 # ~60 s per harness
#   FUZZ_SECONDS=600 bash .ci/fuzz.sh
#
# The Python harness needs tapegrad importable from $PYTHON (default: python3); when it is not,
# the project is installed into a throwaway venv first. atheris comes from PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
seed="${FUZZ_SEED:-20240607}"
python="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
start=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/tapegrad-fuzz.XXXXXX")"
keep=0
trap '[ "$keep" = 1 ] && echo "fuzz: reproducers kept in $work" || rm -rf "$work"' EXIT

if ! command -v clang++ > /dev/null; then
  echo "== installing clang (Debian package)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang) > "$work/apt.log" 2>&1 \
    || { cat "$work/apt.log"; exit 1; }
fi

echo "== build fuzz/fuzz_core.cpp (clang, -fsanitize=fuzzer,address,undefined)"
flags=(-std=c++17 -O1 -g1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
  -fno-sanitize-recover=undefined -I"$root/cpp/include" -I"$root/cpp/src" -DTAPEGRAD_VERSION_STRING=\"fuzz\")
mkdir -p "$work/obj"
# Every source of the core (cpp/src and each directory below it), and the fuzz target.
sources=("$root"/cpp/src/*.cpp "$root"/cpp/src/*/*.cpp "$root/fuzz/fuzz_core.cpp")
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -I{} sh -c '
  src="$1"; shift
  extra=""
  case "$src" in *gemm_avx2.cpp) extra="-mavx2 -mfma" ;; esac
  clang++ "$@" $extra -c "$src" -o "'"$work"'/obj/$(echo "$src" | tr / _).o"
' _ {} "${flags[@]}"
clang++ -fsanitize=fuzzer,address,undefined "$work"/obj/*.o -o "$work/fuzz_core" -lpthread

echo "== libFuzzer: fuzz_core for ${seconds} s (seed $seed)"
mkdir -p "$work/corpus-core"
if ! (cd "$work" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ./fuzz_core -seed="$seed" -max_total_time="$seconds" -max_len=512 -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 corpus-core > core.log 2>&1); then
  keep=1
  tail -n 60 "$work/core.log"
  echo "fuzz: fuzz_core found a problem" >&2
  exit 1
fi
grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^Done" "$work/core.log" || tail -n 5 "$work/core.log"

echo "== atheris: fuzz/fuzz_python_api.py, ${FUZZ_PY_RUNS:-25000} inputs (seed $seed)"
if ! "$python" -c "import tapegrad" 2> /dev/null; then
  "$python" -m venv "$work/venv"
  python="$work/venv/bin/python"
  "$python" -m pip install -q "$root"
fi
if ! "$python" -c "import atheris" 2> /dev/null; then
  "$python" -m pip install -q atheris
fi
mkdir -p "$work/corpus-py"
# A fixed number of inputs: with the fixed seed the same inputs run every time, so CI does not
# pass or fail on how fast the machine happens to be (25,000 take 15-60 s here). The time bound,
# five times FUZZ_SECONDS, only stops a runaway. fuzz/seeds-py holds past findings, replayed first
# as regression inputs (longer runs: docs/fuzzing.md).
if ! (cd "$work" && "$python" "$root/fuzz/fuzz_python_api.py" -seed="$seed" -max_total_time="$((seconds * 5))" \
    -runs="${FUZZ_PY_RUNS:-25000}" \
    -max_len=1024 -timeout=60 -rss_limit_mb=8192 -print_final_stats=1 corpus-py "$root/fuzz/seeds-py" > py.log 2>&1); then
  keep=1
  grep -v "^INFO: Instrumenting" "$work/py.log" | tail -n 60
  echo "fuzz: fuzz_python_api found a problem" >&2
  exit 1
fi
grep -E "^stat::number_of_executed_units|^Done" "$work/py.log" || tail -n 5 "$work/py.log"

echo "fuzz: OK in $((SECONDS - start)) s"
