"""The pointwise section of docs/errors.md, row by row: each bad input raises the exception the
doc names, with a message that contains what the doc says. ROWS mirrors the section's table and
a test checks that both list the same rows."""

import re

import numpy as np
import pytest

import tapegrad as tg
import tapegrad.nn.functional as F

from error_rows import check_section, run_row

SECTION = "## Pointwise math, activations and logical ops"


def ints():
    return tg.tensor([1, 2])


def floats(requires_grad=False):
    return tg.tensor([1.0, 4.0], requires_grad=requires_grad)


def out_shape():
    tg.sqrt(floats(), out=tg.tensor([0.0, 0.0, 0.0]))


def in_place_leaf():
    floats(requires_grad=True).sqrt_()


def inplace_activation_leaf():
    F.elu(floats(requires_grad=True), inplace=True)


ROWS = [
    (
        "tg.sqrt / rsqrt / sin / cos / tan / asin / acos / atan / sinh / cosh / asinh / acosh / atanh / "
        "log / log2 / log10 / log1p / exp / exp2 / expm1 / reciprocal / erf / erfc / sigmoid / tanh / relu "
        "/ relu_ / selu / celu / abs / sign / floor / ceil / round / trunc / frac / square / neg / "
        "nan_to_num / isnan / isinf / isposinf / isneginf / isfinite / logical_not / bitwise_not and the "
        "aliases absolute / arcsin / arccos / arctan / arcsinh / arccosh / arctanh / fix / negative",
        "argument that is not a Tensor",
        TypeError,
        ["sqrt(): argument 'input' must be Tensor, not float"],
        lambda: tg.sqrt(2.0),
    ),
    (
        "tg.abs / floor / ceil / round / trunc",
        "bool tensor",
        TypeError,
        ["does not support bool"],
        lambda: tg.floor(tg.tensor([True])),
    ),
    ("tg.frac", "integer tensor", TypeError, ["frac does not support int64"], lambda: tg.frac(ints())),
    (
        "tg.round",
        "decimals != 0 with an integer tensor",
        TypeError,
        ["decimals=1", "int64"],
        lambda: tg.round(ints(), decimals=1),
    ),
    (
        "tg.round",
        "decimals not an int",
        TypeError,
        ["'decimals' must be int"],
        lambda: tg.round(floats(), decimals=1.0),
    ),
    ("tg.neg / -x", "bool tensor", TypeError, ["logical_not()"], lambda: -tg.tensor([True])),
    (
        "tg.<op>(..., out=)",
        "out of another shape",
        ValueError,
        ["(3,)", "(2,)", "does not resize"],
        out_shape,
    ),
    (
        "tg.<op>(..., out=)",
        "out whose dtype cannot hold the result",
        TypeError,
        ["can't be cast"],
        lambda: tg.sqrt(floats(), out=ints()),
    ),
    (
        "tg.<op>(..., out=)",
        "an argument requires grad while gradients are recorded",
        RuntimeError,
        ["automatic differentiation"],
        lambda: tg.exp(floats(requires_grad=True), out=floats()),
    ),
    (
        "Tensor.sqrt_ / exp_ / pow_ / clamp_ / ... (in-place)",
        "a result that the tensor's dtype cannot hold (sqrt_ of int64)",
        TypeError,
        ["float64 result cannot be written into a int64"],
        lambda: ints().sqrt_(),
    ),
    (
        "Tensor.sqrt_ / exp_ / pow_ / clamp_ / ... (in-place)",
        "a leaf that requires grad, while gradients are recorded",
        RuntimeError,
        ["leaf", "no_grad()"],
        in_place_leaf,
    ),
    (
        "tg.maximum / minimum / fmax / fmin / atan2 / arctan2 / hypot / logical_and / logical_or / "
        "logical_xor",
        "a number for other",
        TypeError,
        ["argument 'other' must be Tensor, not int"],
        lambda: tg.maximum(floats(), 2),
    ),
    (
        "tg.maximum / pow / where / lerp / clamp / eq / ne / lt / le / gt / ge / greater / greater_equal / "
        "less / less_equal / not_equal / ... (two or three tensors)",
        "shapes that do not broadcast",
        ValueError,
        ["(2,)", "(3,)"],
        lambda: tg.maximum(floats(), tg.tensor([1.0, 2.0, 3.0])),
    ),
    (
        "tg.add / sub / subtract / mul / multiply / div / divide / true_divide / pow / remainder / "
        "floor_divide",
        "two numbers",
        TypeError,
        ["at least one of"],
        lambda: tg.remainder(5, 3),
    ),
    (
        "tg.add / sub",
        "a float alpha with integer tensors",
        ValueError,
        ["alpha must not be a floating point number"],
        lambda: tg.add(ints(), ints(), alpha=0.5),
    ),
    ("tg.sub / Tensor -", "a bool operand", TypeError, ["bool"], lambda: ints() - tg.tensor([True, False])),
    (
        "tg.pow / Tensor **",
        "a negative Python int exponent of an integer tensor",
        ValueError,
        ["Integers to negative integer powers are not allowed"],
        lambda: ints() ** -2,
    ),
    (
        "tg.pow / Tensor **",
        "bool base and bool exponent",
        TypeError,
        ["pow does not support bool"],
        lambda: tg.tensor([True]) ** tg.tensor([False]),
    ),
    (
        "tg.floor_divide / remainder / fmod / div(rounding_mode=) / Tensor // %",
        "integer division by zero",
        RuntimeError,
        ["ZeroDivisionError"],
        lambda: ints() % tg.tensor([1, 0]),
    ),
    (
        "tg.floor_divide / remainder / fmod",
        "bool operands",
        TypeError,
        ["does not support bool"],
        lambda: tg.fmod(tg.tensor([True]), tg.tensor([True])),
    ),
    (
        "tg.div",
        "rounding_mode not None, 'trunc' or 'floor'",
        ValueError,
        ["rounding_mode", "'round'"],
        lambda: tg.div(floats(), 2, rounding_mode="round"),
    ),
    (
        "tg.hypot",
        "integer tensors",
        TypeError,
        ["hypot does not support int64"],
        lambda: tg.hypot(ints(), ints()),
    ),
    (
        "tg.lerp",
        "end or weight of another dtype than input",
        TypeError,
        ["expected dtype float32 for", "end"],
        lambda: tg.lerp(tg.tensor([1.0], dtype=tg.float32), floats(), 0.5),
    ),
    (
        "tg.lerp",
        "integer tensors",
        TypeError,
        ["lerp does not support int64"],
        lambda: tg.lerp(ints(), ints(), 0.5),
    ),
    (
        "tg.clamp / clip",
        "neither min nor max",
        ValueError,
        ["at least one of 'min' or 'max'"],
        lambda: tg.clip(floats()),
    ),
    (
        "tg.clamp / clip",
        "a bound that is not a number or a Tensor",
        TypeError,
        ["'min' must be Tensor or Number, not str"],
        lambda: tg.clamp(floats(), "0"),
    ),
    (
        "tg.where",
        "a condition that is not bool",
        TypeError,
        ["where expected condition to be a bool tensor", "float64"],
        lambda: tg.where(floats(), floats(), 0.0),
    ),
    (
        "tg.isclose / allclose",
        "tensors of different dtypes",
        TypeError,
        ["must have the same dtype"],
        lambda: tg.allclose(floats(), ints()),
    ),
    (
        "tg.isclose / allclose",
        "negative rtol or atol",
        ValueError,
        ["rtol must be greater than or equal to zero"],
        lambda: tg.isclose(floats(), floats(), rtol=-1e-5),
    ),
    (
        "tg.equal",
        "other not a Tensor",
        TypeError,
        ["argument 'other' must be Tensor"],
        lambda: tg.equal(floats(), [1.0, 4.0]),
    ),
    (
        "tg.bitwise_and / bitwise_or / bitwise_xor / bitwise_not / Tensor & ^ ~ (and its or operator)",
        "floating-point operands",
        TypeError,
        ["does not support float64"],
        lambda: floats() & 1,
    ),
    (
        "Tensor ** // % & ^ (and its or operator)",
        "an operand that is not a number, array or Tensor",
        TypeError,
        ["unsupported operand"],
        lambda: ints() // "2",
    ),
    (
        "tg.nn.functional.gelu",
        "approximate not 'none' or 'tanh'",
        ValueError,
        ["approximate argument must be either 'none' or 'tanh'"],
        lambda: F.gelu(floats(), approximate="erf"),
    ),
    (
        "tg.nn.functional.hardtanh",
        "min_val > max_val",
        ValueError,
        ["min_val cannot be greater than max_val"],
        lambda: F.hardtanh(floats(), 2.0, 1.0),
    ),
    (
        "tg.nn.functional.hardtanh / relu6",
        "negative limits with a uint8 tensor",
        ValueError,
        ["unsigned type"],
        lambda: F.hardtanh(tg.tensor([1, 2], dtype=tg.uint8)),
    ),
    (
        "tg.nn.functional.celu",
        "alpha = 0",
        RuntimeError,
        ["ZeroDivisionError", "CELU"],
        lambda: F.celu(floats(), 0.0),
    ),
    (
        "tg.nn.functional.elu / selu / celu / gelu / silu / mish / softplus / leaky_relu / hardsigmoid / "
        "hardswish / logsigmoid",
        "an integer tensor",
        TypeError,
        ["does not support int64"],
        lambda: F.silu(ints()),
    ),
    (
        "tg.nn.functional.elu / leaky_relu / softplus / hardtanh / ...",
        "a number argument that is not a number",
        TypeError,
        ["argument 'alpha' must be a number, not str"],
        lambda: F.elu(floats(), alpha="1"),
    ),
    (
        "tg.nn.functional.relu / elu / ... (inplace=True)",
        "a leaf that requires grad, while gradients are recorded",
        RuntimeError,
        ["leaf"],
        inplace_activation_leaf,
    ),
]


@pytest.mark.parametrize("entry, bad_input, exc, needles, call", ROWS, ids=[f"{r[0]}: {r[1]}" for r in ROWS])
def test_row(entry, bad_input, exc, needles, call):
    run_row(exc, needles, call)


def test_doc_section_and_rows_agree():
    check_section(SECTION, ROWS)


def test_every_pointwise_name_has_a_row():
    # The error contract's rule for tg.*: a name is covered when an entry point mentions it.
    covered = {
        word.rsplit(".", 1)[-1] for entry, *_ in ROWS for word in re.findall(r"[A-Za-z_][\w.]*", entry)
    }
    names = set(tg._pointwise.__all__)
    assert sorted(names - covered) == []


def test_failed_calls_leave_inputs_untouched():
    x = tg.tensor([1.0, 4.0], requires_grad=True)
    i = tg.tensor([5, 7])
    before = (x.numpy().copy(), i.numpy().copy())
    for call in (
        lambda: x.sqrt_(),
        lambda: i.sqrt_(),
        lambda: i.__ifloordiv__(0),
        lambda: i.__ipow__(-1),
        lambda: tg.clamp(x, "a"),
        lambda: tg.where(x, x, 0.0),
    ):
        with pytest.raises((TypeError, ValueError, RuntimeError)):
            call()
    np.testing.assert_array_equal(x.numpy(), before[0])
    np.testing.assert_array_equal(i.numpy(), before[1])
    assert x.grad is None
