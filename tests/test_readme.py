"""The README's Python examples run as written and print what they claim."""

import pathlib
import re

import numpy as np
import pytest

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def python_blocks():
    if not README.exists():
        pytest.skip("README.md is not next to the tests (installed-wheel run)")
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_tour_runs_and_matches_its_comments():
    namespace = {}
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), namespace)
    ns = namespace
    assert ns["x"].grad == pytest.approx(5.0)
    assert (ns["a"].grad, ns["b"].grad, ns["c"].grad, ns["f"].grad) == (4.0, -6.0, -2.0, 2.0)
    assert ns["L"].item() == -4.0
    np.testing.assert_allclose(ns["y"].numpy(), [[0.67932855]], atol=1e-8)
    assert ns["E"].item() == pytest.approx(0.00042731, abs=1e-8)
    _w1, _b1, w2, b2 = ns["model"].parameters()
    np.testing.assert_allclose(w2.numpy(), [[0.50050187], [0.60055848]], atol=1e-8)
    np.testing.assert_allclose(b2.numpy(), [0.10090062], atol=1e-8)
