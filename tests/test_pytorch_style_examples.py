"""examples/pytorch_style/: programs written for PyTorch run under ``import tapegrad as torch``
and end on PyTorch's loss (float64, from the same initial values)."""

import math
import pathlib
import sys

import pytest

from torch_oracle import torch

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples" / "pytorch_style"
if not EXAMPLES.is_dir():
    pytest.skip("examples/ is not next to the tests (installed-wheel run)", allow_module_level=True)
sys.path.insert(0, str(EXAMPLES))
import compare  # noqa: E402

NAMES = [p.stem for p in compare.PROGRAMS]


def test_every_program_is_listed():
    assert (
        sorted(
            [
                "char_mlp",
                "digits_classifier",
                "dynamic_net",
                "gradient_penalty",
                "maml_sine",
                "physics_informed",
                "polynomial_by_hand",
                "polynomial_module",
                "polynomial_nn",
                "polynomial_rmsprop",
                "softmax_regression",
            ]
        )
        == NAMES
    )


@pytest.fixture(scope="module")
def tapegrad_runs():
    return {}


@pytest.mark.parametrize("name", NAMES)
def test_runs_under_tapegrad_and_learns(name, tapegrad_runs):
    path = EXAMPLES / f"{name}.py"
    assert compare.source(path, "tapegrad").count("import tapegrad as torch\n") == 1
    loss, _, steps, printed = compare.run(path, "tapegrad")
    tapegrad_runs[name] = loss
    assert math.isfinite(loss) and steps > 0 and printed
    assert "torch" not in compare.source(path, "tapegrad").split("import tapegrad as torch", 1)[0]


@pytest.mark.parametrize("name", NAMES)
def test_ends_on_pytorchs_loss(name, tapegrad_runs):
    path = EXAMPLES / f"{name}.py"
    if name not in tapegrad_runs:
        tapegrad_runs[name] = compare.run(path, "tapegrad")[0]
    assert torch.get_default_dtype() is not None  # skips here where PyTorch is not installed
    theirs = compare.run(path, "torch")[0]
    torch.set_default_dtype(torch.float32)  # the programs set float64; leave PyTorch as found
    assert tapegrad_runs[name] == pytest.approx(theirs, rel=1e-8)
