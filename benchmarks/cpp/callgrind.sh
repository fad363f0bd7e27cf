#!/usr/bin/env bash
# Instructions and simulated cache misses per scalar op of the C++ benchmark's chains, by
# callgrind: figures that do not drift with the load of a shared machine, for comparing builds.
#   bash benchmarks/cpp/callgrind.sh
# Each chain runs 2 and then 12 times (1,000 steps, 2,000 ops each: forward, backward, freeing);
# the difference between the two counts, divided by 20,000 ops, is the cost of one op without
# the program's start-up. The cache model is one core of the development machine: 64 KiB L1d
# and, as the last level, its 512 KiB L2 (a miss there goes to the shared L3).
# BUILD_DIR overrides the build folder (default: build/bench-cpp, shared with run.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$repo/build/bench-cpp}"
command -v valgrind > /dev/null || { echo "callgrind.sh needs valgrind" >&2; exit 1; }
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j2 --target tapegrad_bench >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Ir, L1 data misses (read + write) and last-level data misses of one run.
counts() {
  valgrind --tool=callgrind --cache-sim=yes --D1=65536,8,64 --LL=524288,8,64 \
    --callgrind-out-file="$out/cg" "$build/tapegrad_bench" --count "$1" "$2" > /dev/null 2>&1
  callgrind_annotate "$out/cg" 2> /dev/null | awk '/PROGRAM TOTALS/ {
    gsub(/\([^)]*\)/, ""); gsub(",", ""); print $1, $5 + $6, $8 + $9; exit }'
}

echo "| chain | instructions / op | L1d misses / op | L2 misses / op |"
echo "|---|--:|--:|--:|"
for chain in affine muladd muladd-wgrad; do
  read -r i2 d2 l2 <<< "$(counts "$chain" 2)"
  read -r i12 d12 l12 <<< "$(counts "$chain" 12)"
  awk -v c="$chain" -v i="$((i12 - i2))" -v d="$((d12 - d2))" -v l="$((l12 - l2))" \
    'BEGIN { printf "| %s | %.0f | %.1f | %.1f |\n", c, i / 20000, d / 20000, l / 20000 }'
done
