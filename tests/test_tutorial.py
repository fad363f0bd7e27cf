"""Every ```python block of docs/backprop-from-the-ground-up.md runs, in order, in one namespace.

A block preceded by ``<!-- test: needs graphviz -->`` runs when the graphviz package and the
``dot`` program are installed and is skipped otherwise (TAPEGRAD_REQUIRE_GRAPHVIZ=1, which
.ci/docs_check.sh sets, turns that skip into a failure).
"""

import contextlib
import io
import os
import pathlib
import re
import shutil

import pytest

TUTORIAL = pathlib.Path(__file__).resolve().parents[1] / "docs" / "backprop-from-the-ground-up.md"
BLOCK = re.compile(r"(<!-- test: (?P<marker>[^>]*?) -->\n)?```python\n(?P<code>.*?)```", flags=re.S)


def blocks():
    if not TUTORIAL.exists():
        pytest.skip("docs/ is not next to the tests (installed-wheel run)")
    text = TUTORIAL.read_text(encoding="utf-8")
    found = []
    for m in BLOCK.finditer(text):
        line = text.count("\n", 0, m.start("code")) + 1
        found.append((line, m.group("marker"), m.group("code")))
    return found


def have_graphviz():
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False
    return shutil.which("dot") is not None


def test_the_tutorial_has_code():
    assert len(blocks()) >= 10


def test_every_block_runs_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # anything a block writes by a relative path lands here
    namespace = {"__name__": "__tutorial__"}
    skipped = []
    for line, marker, code in blocks():
        if marker == "needs graphviz" and not have_graphviz():
            if os.environ.get("TAPEGRAD_REQUIRE_GRAPHVIZ") == "1":
                pytest.fail("TAPEGRAD_REQUIRE_GRAPHVIZ=1 but the graphviz package or dot is missing")
            skipped.append(line)
            continue
        assert marker in (None, "needs graphviz"), f"unknown marker {marker!r} at line {line}"
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                exec(compile("\n" * (line - 1) + code, str(TUTORIAL), "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"the block at {TUTORIAL.name}:{line} failed: {exc!r}") from exc
    ns = namespace
    assert (ns["a"].grad, ns["b"].grad, ns["c"].grad, ns["f"].grad) == (4.0, -6.0, -2.0, 2.0)
    assert ns["result"].test_accuracy >= 0.95
    if not skipped:
        assert pathlib.Path(ns["picture"]).read_text().lstrip().startswith(("<?xml", "<svg"))


def test_the_figures_it_shows_exist():
    text = TUTORIAL.read_text(encoding="utf-8") if TUTORIAL.exists() else pytest.skip("no docs/")
    figures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(figures) >= 5
    for figure in figures:
        assert (TUTORIAL.parent / figure).is_file(), f"{figure} is missing: run python docs/make_figures.py"
