#!/usr/bin/env bash
# The user-facing extras, as a fresh user meets them: Graphviz renders the blog's
# graph, docs/make_figures.py draws the tutorial's figures, the tutorial's code blocks pass (with
# Graphviz required), `python -m tapegrad train` reaches 95% with its defaults, and
# `python -m tapegrad bench --quick` prints its table.
# Needs tapegrad installed in the active Python; installs graphviz (apt, as root) and the
# cli/graph/test extras' packages. Run: bash .ci/docs_check.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
start=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/tapegrad-docs-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== Graphviz (dot) and the optional extras"
if ! command -v dot > /dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    apt-get install -y -qq graphviz > /dev/null
  else
    sudo apt-get update -qq
    sudo apt-get install -y -qq graphviz > /dev/null
  fi
fi
dot -V
"$python" -m pip install -q tqdm matplotlib graphviz pytest hypothesis

cd "$work"  # nothing below may depend on the source tree being importable
"$python" -c "import tapegrad; print('tapegrad', tapegrad.__version__, 'from', tapegrad.__file__)"

echo "== the blog's graph: tg.to_dot -> dot -Tsvg"
"$python" - > "$work/L.dot" <<'PY'
import tapegrad as tg
a, b, c, f = (tg.tensor(v, requires_grad=True) for v in (3.0, -2.0, 8.0, -2.0))
e = a * b
d = e + c
L = d * f
L.backward()
print(tg.to_dot(L, names=locals()), end="")
PY
dot -Tsvg "$work/L.dot" -o "$work/L.svg"
for label in a b c d e f L; do
  grep -q ">$label<" "$work/L.svg" || { echo "error: value $label is missing from the rendered graph" >&2; exit 1; }
done
echo "rendered $(wc -c < "$work/L.svg") bytes of SVG"

echo "== docs/make_figures.py"
"$python" "$root/docs/make_figures.py" --out "$work/figures"
for fig in "$root"/docs/figures/*; do
  name="$(basename "$fig")"
  [ -s "$work/figures/$name" ] || { echo "error: make_figures.py did not produce $name" >&2; exit 1; }
done

echo "== the tutorial's code blocks (Graphviz required)"
TAPEGRAD_REQUIRE_GRAPHVIZ=1 "$python" -m pytest -q -p no:cacheprovider -c "$root/pyproject.toml" \
  --rootdir "$root" "$root/tests/test_tutorial.py" "$root/tests/test_graph.py"

echo "== python -m tapegrad train (defaults)"
train_start=$SECONDS
"$python" -m tapegrad train --plot "$work/curves.png" | tee "$work/train.out"
last="$(tail -n 1 "$work/train.out")"
echo "train took $((SECONDS - train_start)) s"
"$python" - "$last" <<'PY'
import re
import sys

m = re.fullmatch(r"test accuracy: (\d+\.\d)%", sys.argv[1])
assert m, f"the last line is not 'test accuracy: NN.N%': {sys.argv[1]!r}"
assert float(m.group(1)) >= 95.0, f"test accuracy {m.group(1)}% is below 95%"
print(f"OK: {m.group(1)}% >= 95%")
PY
[ -s "$work/curves.png" ] || { echo "error: --plot wrote nothing" >&2; exit 1; }

echo "== python -m tapegrad bench --quick"
"$python" -m tapegrad bench --quick | tee "$work/bench.md"
grep -q "^| W1 | " "$work/bench.md"
if grep -q "WRONG RESULT" "$work/bench.md"; then
  echo "error: a benchmark result failed its correctness check" >&2
  exit 1
fi

echo "docs_check: OK in $((SECONDS - start)) s"
