"""The nn layers section of docs/errors.md, row by row: each bad input raises the exception the
doc names, with a message that contains what the doc says. ROWS mirrors the section's table and
a test checks that both list the same rows (tests/test_error_contract.py counts them too)."""

import math

import numpy as np
import pytest

import tapegrad as tg
from tapegrad import nn
from tapegrad.nn import init, utils

from error_rows import check_section, run_row

SECTION = "## nn layers, losses, init and utils"


def nonfinite_norm():
    p = tg.zeros(2, requires_grad=True)
    p.grad = tg.tensor([math.nan, 1.0])
    utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def with_grad():
    p = tg.zeros(2, requires_grad=True)
    p.grad = tg.ones(2)
    return [p]


ROWS = [
    (
        "tg.nn.Linear / tg.nn.functional.linear",
        "input whose last dimension is not in_features",
        ValueError,
        ["linear: input of shape (4, 2)", "(2, 3)", "(out_features, in_features)"],
        lambda: nn.Linear(3, 2)(tg.ones(4, 2)),
    ),
    (
        "tg.nn.functional.linear",
        "weight not 2-D",
        ValueError,
        ["2-D (out_features, in_features)", "(3,)"],
        lambda: nn.functional.linear(tg.ones(2, 3), tg.ones(3)),
    ),
    (
        "tg.nn.functional.linear",
        "bias of the wrong shape",
        ValueError,
        ["bias of shape (3,)", "(4,)"],
        lambda: nn.functional.linear(tg.ones(2, 3), tg.ones(4, 3), tg.ones(3)),
    ),
    (
        "tg.nn.functional.linear",
        "input, weight or bias not a Tensor",
        TypeError,
        ["linear()", "'input' must be Tensor, not ndarray"],
        lambda: nn.functional.linear(np.ones((2, 3)), tg.ones(4, 3)),
    ),
    (
        "tg.nn.Linear",
        "size not an int",
        TypeError,
        ["in_features must be an int", "float"],
        lambda: nn.Linear(3.0, 2),
    ),
    ("tg.nn.Linear", "negative size", ValueError, ["out_features must be >= 0"], lambda: nn.Linear(3, -1)),
    (
        "tg.nn.Linear",
        "device other than the CPU",
        ValueError,
        ["CPU only", "cuda"],
        lambda: nn.Linear(3, 2, device="cuda"),
    ),
    (
        "tg.nn.Unflatten",
        "unflattened_size not a tuple or list of ints",
        TypeError,
        ["unflattened_size must be tuple of ints", "float at pos 1"],
        lambda: nn.Unflatten(1, (2, 3.0)),
    ),
    (
        "tg.nn.Softmax / tg.nn.LogSoftmax",
        "called without dim (PyTorch guesses one)",
        TypeError,
        ["pass dim"],
        lambda: nn.Softmax()(tg.ones(2, 3)),
    ),
    (
        "tg.nn.MSELoss / L1Loss / NLLLoss / CrossEntropyLoss / BCELoss / BCEWithLogitsLoss",
        "deprecated size_average or reduce given",
        ValueError,
        ["deprecated", "reduction='mean', 'sum' or 'none'"],
        lambda: nn.MSELoss(size_average=False),
    ),
    (
        "tg.nn.MSELoss / L1Loss / HuberLoss / NLLLoss / CrossEntropyLoss / BCELoss / BCEWithLogitsLoss",
        "unknown reduction",
        ValueError,
        ["'avg' is not a valid value for reduction"],
        lambda: nn.HuberLoss(reduction="avg"),
    ),
    (
        "tg.nn.NLLLoss / CrossEntropyLoss / BCELoss / BCEWithLogitsLoss",
        "weight or pos_weight not a Tensor",
        TypeError,
        ["cannot assign 'list' object to buffer 'weight'"],
        lambda: nn.CrossEntropyLoss(weight=[1.0, 2.0]),
    ),
    (
        "tg.nn.init.calculate_gain",
        "unknown nonlinearity, or a param that is not a number",
        ValueError,
        ["Unsupported nonlinearity softmax"],
        lambda: init.calculate_gain("softmax"),
    ),
    (
        "tg.nn.init.xavier_uniform_ / xavier_normal_ / kaiming_uniform_ / kaiming_normal_",
        "tensor of fewer than 2 dimensions",
        ValueError,
        ["fewer than 2 dimensions"],
        lambda: init.xavier_uniform_(tg.empty(3)),
    ),
    (
        "tg.nn.init.kaiming_uniform_ / kaiming_normal_",
        "unknown mode",
        ValueError,
        ["Mode fan_avg not supported", "['fan_in', 'fan_out']"],
        lambda: init.kaiming_uniform_(tg.empty(3, 2), mode="fan_avg"),
    ),
    (
        "tg.nn.init.eye_ / orthogonal_",
        "tensor not 2-D (eye_) or below 2-D (orthogonal_)",
        ValueError,
        ["Only tensors with 2"],
        lambda: init.eye_(tg.empty(2, 2, 2)),
    ),
    (
        "tg.nn.utils.clip_grad_norm_",
        "non-finite total norm with error_if_nonfinite=True",
        RuntimeError,
        ["non-finite", "error_if_nonfinite=False"],
        nonfinite_norm,
    ),
    (
        "tg.nn.utils.clip_grad_norm_ / clip_grad_value_",
        "foreach=True (no foreach kernels on the CPU)",
        RuntimeError,
        ["foreach=True was passed"],
        lambda: utils.clip_grad_norm_(with_grad(), 1.0, foreach=True),
    ),
    (
        "tg.nn.utils.vector_to_parameters",
        "vec not a Tensor",
        TypeError,
        ["expected Tensor, but got: list"],
        lambda: utils.vector_to_parameters([1.0], [tg.zeros(1)]),
    ),
    (
        "tg.nn.utils.vector_to_parameters",
        "vec with fewer elements than the parameters",
        ValueError,
        ["too few", "at least 4"],
        lambda: utils.vector_to_parameters(tg.zeros(3), [tg.zeros(2), tg.zeros(2)]),
    ),
]


@pytest.mark.parametrize("entry, bad_input, exc, needles, call", ROWS, ids=[f"{r[0]}: {r[1]}" for r in ROWS])
def test_row(entry, bad_input, exc, needles, call):
    run_row(exc, needles, call)


def test_doc_section_and_rows_agree():
    check_section(SECTION, ROWS)


def test_failed_calls_leave_parameters_untouched():
    layer = nn.Linear(3, 2)
    before = [p.numpy().copy() for p in layer.parameters()]
    p = tg.zeros(2, requires_grad=True)
    p.grad = tg.tensor([math.nan, 1.0])
    for call in (
        lambda: layer(tg.ones(4, 2)),
        lambda: utils.vector_to_parameters(tg.zeros(3), layer.parameters()),
        lambda: utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True),
    ):
        with pytest.raises((TypeError, ValueError, RuntimeError)):
            call()
    for b, q in zip(before, layer.parameters()):
        np.testing.assert_array_equal(q.numpy(), b)
    assert np.isnan(p.grad.numpy()[0]) and p.grad.numpy()[1] == 1.0
