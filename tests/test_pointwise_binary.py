"""Elementwise functions of two or three tensors (maximum, pow, floor_divide, remainder, atan2,
lerp, clamp, add with alpha, ...) against PyTorch: values and gradients in float32 and float64,
broadcasting, the result dtype of every pair of dtypes, special values, gradients at the edges
(ties, base 0, clamp's bounds), gradcheck, numbers on either side, and errors.

PyTorch runs with float64 as its default dtype, tapegrad's, so promotion tables agree exactly.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tapegrad as tg

from torch_oracle import torch

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
TOL = {"float32": {"rtol": 2e-5, "atol": 1e-6}, "float64": {"rtol": 1e-12, "atol": 1e-14}}


pytestmark = pytest.mark.usefixtures("torch_default_float64")  # default-dtype results compare with PyTorch's


def assert_same(actual, expected, tol_dtype=None, signed_zeros=True):
    assert actual.dtype == np.dtype(str(expected.dtype).replace("torch.", "")), (actual.dtype, expected.dtype)
    assert tuple(actual.shape) == tuple(expected.shape)
    a, e = actual.numpy(), expected.detach().numpy()
    if a.dtype.kind == "f":
        np.testing.assert_allclose(a, e, equal_nan=True, **TOL[tol_dtype or str(a.dtype)])
        zero = e == 0
        if signed_zeros:
            np.testing.assert_array_equal(np.signbit(a[zero]), np.signbit(e[zero]))
    else:
        np.testing.assert_array_equal(a, e)


# name: (low, high) for the first and second operand's random values (the second kept away from
# 0 for the divisions).
BINARY = {
    "maximum": ((-2, 2), (-2, 2)),
    "minimum": ((-2, 2), (-2, 2)),
    "fmax": ((-2, 2), (-2, 2)),
    "fmin": ((-2, 2), (-2, 2)),
    "pow": ((0.2, 3), (-2, 2)),
    "floor_divide": ((-5, 5), (0.5, 3)),
    "remainder": ((-5, 5), (0.5, 3)),
    "fmod": ((-5, 5), (0.5, 3)),
    "atan2": ((-2, 2), (-2, 2)),
    "hypot": ((-2, 2), (-2, 2)),
    "div": ((-2, 2), (0.5, 3)),
    "true_divide": ((-2, 2), (0.5, 3)),
    "mul": ((-2, 2), (-2, 2)),
    "add": ((-2, 2), (-2, 2)),
    "sub": ((-2, 2), (-2, 2)),
}
# Piecewise-constant ops whose finite differences jump: no gradcheck (their gradient is 0).
SMOOTH = sorted(set(BINARY) - {"floor_divide"})
SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 3), (1, 4, 1)), ((), (2, 3)), ((5,), ())]


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_values_and_gradients_match_torch(name, dtype, shapes, rng):
    (la, ha), (lb, hb) = BINARY[name]
    a_np = rng.uniform(la, ha, shapes[0]).astype(dtype)
    b_np = rng.uniform(lb, hb, shapes[1]).astype(dtype)
    if name in ("maximum", "minimum", "fmax", "fmin") and a_np.size > 2 and b_np.size > 2:
        a_np.flat[1] = b_np.flat[1]  # a tie (same broadcast position when the shapes agree)
    a, b = tg.tensor(a_np, requires_grad=True), tg.tensor(b_np, requires_grad=True)
    at, bt = torch.from_numpy(a_np).requires_grad_(True), torch.from_numpy(b_np).requires_grad_(True)
    y, yt = getattr(tg, name)(a, b), getattr(torch, name)(at, bt)
    assert_same(y.detach(), yt)
    g_np = rng.uniform(-1, 1, yt.shape).astype(dtype)
    y.backward(tg.tensor(g_np))
    if name == "floor_divide":  # PyTorch has no derivative for it; tapegrad's is 0, as div(floor)'s
        yt = torch.div(at, bt, rounding_mode="floor")
    yt.backward(torch.from_numpy(g_np))
    assert_same(a.grad, at.grad)
    assert_same(b.grad, bt.grad)


@pytest.mark.parametrize("name", SMOOTH)
def test_gradcheck(name, rng):
    (la, ha), (lb, hb) = BINARY[name]
    a = tg.tensor(rng.uniform(la, ha, (2, 3)), requires_grad=True)
    b = tg.tensor(rng.uniform(lb, hb, (3,)), requires_grad=True)
    assert tg.gradcheck(getattr(tg, name), a, b)


def test_gradcheck_lerp_clamp_where_and_alpha(rng):
    a = tg.tensor(rng.uniform(-1, 1, (2, 3)), requires_grad=True)
    b = tg.tensor(rng.uniform(-1, 1, (3,)), requires_grad=True)
    w = tg.tensor(rng.uniform(0, 1, (2, 1)), requires_grad=True)
    assert tg.gradcheck(tg.lerp, a, b, w)
    assert tg.gradcheck(lambda s, e: tg.lerp(s, e, 0.3), a, b)
    assert tg.gradcheck(lambda s, e: tg.lerp(s, e, 0.8), a, b)
    lo = tg.tensor(rng.uniform(-2, -0.5, (3,)), requires_grad=True)
    hi = tg.tensor(rng.uniform(0.5, 2, (2, 1)), requires_grad=True)
    x = tg.tensor(rng.uniform(-3, 3, (2, 3)), requires_grad=True)
    assert tg.gradcheck(tg.clamp, x, lo, hi)
    assert tg.gradcheck(lambda v: tg.clamp(v, -0.5, 0.5), x)
    cond = tg.tensor(rng.uniform(size=(2, 3)) > 0.5)
    assert tg.gradcheck(lambda p, q: tg.where(cond, p, q), a, b)
    assert tg.gradcheck(lambda p, q: tg.add(p, q, alpha=-2.5), a, b)
    assert tg.gradcheck(lambda p, q: tg.sub(p, q, alpha=0.5), a, b)


# --- promotion ------------------------------------------------------------------------------------


def sample(dtype, nonzero=False):
    if dtype == "bool":
        return np.array([True, True, False, True]) if not nonzero else np.array([True, True, True, True])
    if dtype == "uint8":
        return np.array([3, 7, 0, 250] if not nonzero else [3, 7, 1, 250], dtype=np.uint8)
    if dtype in ("int32", "int64"):
        return np.array([3, -7, 0, 5] if not nonzero else [3, -7, 2, 5], dtype=dtype)
    return np.array([1.5, -2.25, 0.0, 3.0], dtype=dtype)


PROMOTED = [
    "maximum",
    "minimum",
    "fmax",
    "fmin",
    "pow",
    "floor_divide",
    "remainder",
    "fmod",
    "atan2",
    "hypot",
]
PROMOTED += ["div", "mul", "add", "sub", "logical_and", "logical_or", "logical_xor", "bitwise_and"]
PROMOTED += ["bitwise_or", "bitwise_xor", "eq", "ne", "lt", "le", "gt", "ge"]


@pytest.mark.parametrize("name", PROMOTED)
def test_every_dtype_pair_matches_torch(name):
    """Result dtype and values for all 36 dtype pairs, or an error wherever PyTorch raises."""
    for da, db in itertools.product(DTYPES, DTYPES):
        a_np = sample(da)
        b_np = sample(db, nonzero=name in ("floor_divide", "remainder", "fmod"))
        if name == "pow" and db in ("int32", "int64"):
            b_np = np.abs(b_np)  # negative integer powers of integers: tested on their own
        try:
            with np.errstate(all="ignore"):
                expected = getattr(torch, name)(torch.from_numpy(a_np), torch.from_numpy(b_np))
        except (RuntimeError, TypeError):
            with pytest.raises((tg.DTypeError, RuntimeError)):
                getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
            continue
        actual = getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
        assert_same(actual, expected, tol_dtype="float32" if expected.dtype == torch.float32 else None)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "pow", "floor_divide", "remainder", "fmod"])
@pytest.mark.parametrize("number", [2, 2.5, True, -3])
@pytest.mark.parametrize("dtype", DTYPES)
def test_tensor_and_python_number_match_torch(name, number, dtype):
    """Python numbers promote as PyTorch's wrapped scalars (int32 x * 2 stays int32, * 2.5 gives
    the default float dtype); the number may be on either side where PyTorch allows it."""
    x_np = sample(dtype, nonzero=True)
    if name == "pow" and dtype in ("uint8", "int32", "int64"):
        x_np = np.abs(x_np) % 4
    for args_t, args_g in (
        ((torch.from_numpy(x_np), number), (tg.tensor(x_np), number)),
        ((number, torch.from_numpy(x_np)), (number, tg.tensor(x_np))),
    ):
        if name == "fmod" and not isinstance(args_t[0], torch.Tensor):
            continue  # PyTorch's fmod takes no number dividend
        if name == "pow" and dtype == "bool" and number is True:
            continue  # PyTorch short-cuts x ** True to a copy; tapegrad refuses bool ** bool throughout
        try:
            with np.errstate(all="ignore"):
                expected = getattr(torch, name)(*args_t)
        except (RuntimeError, TypeError):
            with pytest.raises((RuntimeError, TypeError, ValueError)):
                getattr(tg, name)(*args_g)
            continue
        assert_same(getattr(tg, name)(*args_g), expected)


def test_zero_dim_tensors_promote_as_pytorch():
    f32 = tg.tensor([1.0, 2.0], dtype=tg.float32)
    assert (tg.maximum(f32, tg.tensor(1.0))).dtype == tg.float32  # 0-d float64: same kind
    assert (tg.maximum(tg.tensor([1, 2]), tg.tensor(1.5))).dtype == tg.float64  # higher kind
    assert (tg.pow(tg.tensor([2], dtype=tg.int32), tg.tensor(3))).dtype == tg.int32
    assert tg.clamp(tg.tensor([1, 5], dtype=tg.int32), tg.tensor(2), tg.tensor(4)).dtype == tg.int32
    assert tg.clamp(tg.tensor([1, 5], dtype=tg.int32), min=2).dtype == tg.int32
    assert tg.clamp(tg.tensor([1, 5], dtype=tg.int32), min=1.5).dtype == tg.float64
    assert tg.where(tg.tensor([True, False]), f32, 0.0).dtype == tg.float32
    assert tg.where(tg.tensor([True, False]), tg.tensor([1, 2]), 2.5).dtype == tg.float64
    assert tg.where(tg.tensor([True, False]), 1, 2).dtype == tg.int64


@settings(max_examples=40, deadline=None)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
    da=st.sampled_from(DTYPES),
    db=st.sampled_from(DTYPES),
    name=st.sampled_from(
        ["add", "mul", "maximum", "minimum", "remainder", "floor_divide", "atan2", "logical_xor"]
    ),
)
def test_broadcasting_and_promotion_property(shapes, da, db, name):
    """Any broadcastable shapes and dtypes: NumPy's broadcast shape, PyTorch's dtype and values."""
    rng = np.random.default_rng(0)
    a_np = rng.integers(1, 5, shapes.input_shapes[0]).astype(da)
    b_np = rng.integers(1, 5, shapes.input_shapes[1]).astype(db)
    try:
        expected = getattr(torch, name)(torch.from_numpy(a_np), torch.from_numpy(b_np))
    except (RuntimeError, TypeError):
        with pytest.raises((RuntimeError, TypeError)):
            getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
        return
    actual = getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
    assert tuple(actual.shape) == np.broadcast_shapes(*shapes.input_shapes)
    assert_same(actual, expected, tol_dtype="float32" if expected.dtype == torch.float32 else None)


# --- special values -------------------------------------------------------------------------------

SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.5, -2.5, 1e300, 1e-310, 3.0, -0.5]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_special_values_match_torch(name, dtype):
    """Every pair of special values (NaN, +-inf, +-0, huge, tiny, ...) against PyTorch."""
    pairs = np.array(list(itertools.product(SPECIAL, SPECIAL)))
    if name in ("fmod", "remainder"):
        # PyTorch's vectorised fmod computes a - trunc(a / b) * b, NaN for a subnormal divisor
        # (a / b overflows); tapegrad's (C's fmod) is exact: compared on its own below.
        pairs = pairs[pairs[:, 1] != 1e-310]
    with np.errstate(all="ignore"):
        a_np, b_np = pairs[:, 0].astype(dtype), pairs[:, 1].astype(dtype)
        expected = getattr(torch, name)(torch.from_numpy(a_np), torch.from_numpy(b_np))
    actual = getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
    assert_same(actual, expected)


def test_fmod_of_a_subnormal_divisor_is_exact():
    a, b = np.array([1.0, -2.5, 3.0]), np.full(3, 1e-310)
    np.testing.assert_array_equal(tg.fmod(tg.tensor(a), tg.tensor(b)).numpy(), np.fmod(a, b))
    np.testing.assert_array_equal(tg.remainder(tg.tensor(a), tg.tensor(b)).numpy(), np.remainder(a, b))


def test_integer_division_by_zero_raises_as_pytorch():
    for op in (
        lambda a, b: a // b,
        lambda a, b: a % b,
        lambda a, b: tg.fmod(a, b),
        lambda a, b: tg.div(a, b, rounding_mode="trunc"),
        lambda a, b: tg.div(a, b, rounding_mode="floor"),
    ):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            op(tg.tensor([1, 2]), tg.tensor([1, 0]))
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            op(tg.tensor([1, 2], dtype=tg.uint8), 0)
    # Floating point: inf and nan, as PyTorch.
    assert_same(tg.tensor([1, 0]) / 0, torch.tensor([1, 0]) / 0)
    assert_same(tg.tensor([5, 0]) // 0.0, torch.tensor([5, 0]) // 0.0)
    assert_same(tg.tensor([5.0, -5.0]) % 0.0, torch.tensor([5.0, -5.0]) % 0.0)


def test_integer_edge_cases_match_torch():
    big = np.array([-(2**63), 2**63 - 1, -7, 7], dtype=np.int64)
    for b in (-1, 3, -3):
        for op in ("floor_divide", "remainder", "fmod"):
            assert_same(getattr(tg, op)(tg.tensor(big), b), getattr(torch, op)(torch.from_numpy(big), b))
    assert_same(tg.tensor([3]) ** 50, torch.tensor([3]) ** 50)  # wraps
    assert_same(tg.abs(tg.tensor([-(2**63)])), torch.abs(torch.tensor([-(2**63)])))
    assert_same(
        tg.tensor([3], dtype=tg.uint8) ** tg.tensor([5], dtype=tg.uint8),
        torch.tensor([3], dtype=torch.uint8) ** 5,
    )
    base, exp = (
        np.array([1, -1, -1, 2, 0, -2], dtype=np.int64),
        np.array([-3, -3, -2, -1, 0, 3], dtype=np.int64),
    )
    assert_same(
        tg.pow(tg.tensor(base), tg.tensor(exp)), torch.pow(torch.from_numpy(base), torch.from_numpy(exp))
    )


def test_negative_integer_power_of_integer_tensor_raises():
    with pytest.raises(ValueError, match="Integers to negative integer powers are not allowed"):
        tg.tensor([1, 2]) ** -1
    with pytest.raises(ValueError, match="negative integer powers"):
        tg.pow(tg.tensor([1, 2]), -2)
    # A 0-d tensor exponent is a tensor, not a Python number: allowed, as in PyTorch.
    assert_same(tg.tensor([1, 2]) ** tg.tensor(-1), torch.tensor([1, 2]) ** torch.tensor(-1))
    assert (tg.tensor([2, 4]) ** -1.0).tolist() == [0.5, 0.25]


# --- gradients at the edges -----------------------------------------------------------------------


def grads(tg_fn, torch_fn, *arrays, signed_zeros=True):
    xs = [tg.tensor(a, requires_grad=True) for a in arrays]
    ts = [torch.from_numpy(a.copy()).requires_grad_(True) for a in arrays]
    y, yt = tg_fn(*xs), torch_fn(*ts)
    assert_same(y.detach(), yt, signed_zeros=signed_zeros)
    y.backward(tg.tensor(np.ones(tuple(yt.shape))))
    yt.backward(torch.ones(yt.shape))
    for x, t in zip(xs, ts):
        assert_same(x.grad, t.grad)


def test_min_max_gradients_at_ties_and_nan():
    a = np.array([1.0, 2.0, np.nan, 3.0, np.nan, -0.0, 0.0])
    b = np.array([1.0, 1.0, 1.0, np.nan, np.nan, 0.0, -0.0])
    for name in ("maximum", "minimum", "fmax", "fmin"):
        # The sign of a +0/-0 tie differs between PyTorch's own scalar and vectorised loops.
        grads(getattr(tg, name), getattr(torch, name), a, b, signed_zeros=False)


def test_pow_gradients_at_base_zero():
    base = np.array([0.0, 0.0, 0.0, 2.0, -2.0, 0.0, 1.0, -0.0])
    exponent = np.array([0.0, 2.0, -1.0, 0.0, 0.5, 0.5, 3.0, 1.0])
    grads(tg.pow, torch.pow, base, exponent)
    grads(lambda e: tg.pow(0.0, e), lambda e: torch.pow(0.0, e), np.array([0.0, 2.0, -1.0, 0.5]))
    grads(lambda e: tg.pow(2.0, e), lambda e: torch.pow(2.0, e), np.array([0.0, 2.0, -1.0, 0.5]))
    grads(lambda e: 2**e, lambda e: 2**e, np.array([0.0, 2.0, -1.0, 0.5]))
    for p in (0, 0.5, 1, 2, 3, -0.5, -1, -2, 2.5):
        grads(lambda x, p=p: x**p, lambda x, p=p: x**p, np.array([0.0, -0.0, 1.5, -2.0, 4.0]))


def test_pow_number_exponent_special_values_match_torch():
    x = np.array([-np.inf, -2.0, -0.0, 0.0, 0.5, 4.0, np.inf, np.nan])
    for p in (0, 0.5, -0.5, 1, -1, 2, -2, 3, 2.5, -2.5, 1 / 3):
        with np.errstate(all="ignore"):
            assert_same(tg.tensor(x) ** p, torch.from_numpy(x) ** p)
            assert_same(tg.tensor(x.astype(np.float32)) ** p, torch.from_numpy(x.astype(np.float32)) ** p)


def test_clamp_gradients_at_bounds_nan_and_crossed_bounds():
    values = [0.0, 1.0, 2.0, 3.0, np.nan, -np.inf]
    x, lo, hi = (np.array(c) for c in zip(*itertools.product(values, values, values)))
    grads(tg.clamp, torch.clamp, x, lo, hi)
    grads(lambda v, m: tg.clamp(v, min=m), lambda v, m: torch.clamp(v, min=m), x, lo)
    grads(lambda v, m: tg.clamp(v, max=m), lambda v, m: torch.clamp(v, max=m), x, hi)
    xs = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, np.nan, -0.0])
    for bounds in ((0, 1), (2, 1), (np.nan, None), (None, 0.5), (0.0, None), (1, 1)):
        grads(lambda v, b=bounds: tg.clamp(v, *b), lambda v, b=bounds: torch.clamp(v, *b), xs)
        grads(
            lambda v, b=bounds: tg.clip(v, *b), lambda v, b=bounds: torch.clip(v, *b), xs.astype(np.float32)
        )


def test_clamp_integer_and_bool_inputs_match_torch():
    ints = np.array([-3, 0, 2, 9])
    for kwargs in ({"min": 0}, {"max": 4}, {"min": 0, "max": 4}, {"min": 1.5}, {"min": 5, "max": 1}):
        assert_same(tg.clamp(tg.tensor(ints), **kwargs), torch.clamp(torch.from_numpy(ints), **kwargs))
    assert_same(tg.clamp(tg.tensor([True, False]), min=0), torch.clamp(torch.tensor([True, False]), min=0))
    t = np.array([1.0, -1.0])
    assert_same(
        tg.clamp(tg.tensor(ints), tg.tensor(0.5)), torch.clamp(torch.from_numpy(ints), torch.tensor(0.5))
    )
    assert_same(
        tg.clamp(tg.tensor(t), max=tg.tensor([0, 0])),
        torch.clamp(torch.from_numpy(t), max=torch.tensor([0, 0])),
    )


def test_atan2_and_hypot_gradients_at_the_origin():
    grads(tg.atan2, torch.atan2, np.array([0.0, 1.0, -0.0, 0.0]), np.array([0.0, 1.0, 0.0, -0.0]))
    grads(tg.hypot, torch.hypot, np.array([0.0, 3.0, np.inf]), np.array([0.0, 4.0, 1.0]))


def test_remainder_fmod_and_rounding_division_gradients():
    a, b = np.array([5.0, -5.0, 5.5, -0.5]), np.array([2.0, 3.0, -2.0, 0.25])
    grads(tg.remainder, torch.remainder, a, b)
    grads(tg.fmod, torch.fmod, a, b)
    for mode in ("trunc", "floor", None):
        grads(
            lambda p, q, m=mode: tg.div(p, q, rounding_mode=m),
            lambda p, q, m=mode: torch.div(p, q, rounding_mode=m),
            a,
            b,
        )


def test_lerp_matches_torch():
    rng = np.random.default_rng(1)
    for dtype in ("float32", "float64"):
        s, e = rng.normal(size=(3, 4)).astype(dtype), rng.normal(size=(4,)).astype(dtype)
        w = rng.uniform(-0.5, 1.5, (3, 1)).astype(dtype)
        for weight in (0.0, 0.25, 0.5, 1.0, 1.7, -0.3):
            grads(
                lambda p, q, wt=weight: tg.lerp(p, q, wt), lambda p, q, wt=weight: torch.lerp(p, q, wt), s, e
            )
        grads(tg.lerp, torch.lerp, s, e, w)
    with pytest.raises(tg.DTypeError, match="expected dtype float32 for `end`"):
        tg.lerp(tg.tensor([1.0], dtype=tg.float32), tg.tensor([1.0]), 0.5)
    with pytest.raises(tg.DTypeError, match="`weight`"):
        tg.lerp(tg.tensor([1.0]), tg.tensor([1.0]), tg.tensor([0.5], dtype=tg.float32))
    with pytest.raises(tg.DTypeError, match="lerp does not support int64"):
        tg.lerp(tg.tensor([1]), tg.tensor([2]), 0.5)
    with pytest.raises(TypeError, match="'end' must be Tensor"):
        tg.lerp(tg.tensor([1.0]), 2.0, 0.5)


def test_add_sub_alpha_match_torch():
    a, b = np.array([1.5, -2.0, 3.0]), np.array([0.5, 4.0, -1.0])
    for alpha in (2, -1.5, 0, 1):
        grads(
            lambda p, q, al=alpha: tg.add(p, q, alpha=al),
            lambda p, q, al=alpha: torch.add(p, q, alpha=al),
            a,
            b,
        )
        grads(
            lambda p, q, al=alpha: tg.sub(p, q, alpha=al),
            lambda p, q, al=alpha: torch.sub(p, q, alpha=al),
            a,
            b,
        )
    ints = np.array([1, 2, 3])
    assert_same(
        tg.add(tg.tensor(ints), tg.tensor(ints), alpha=3),
        torch.add(torch.from_numpy(ints), torch.from_numpy(ints), alpha=3),
    )
    assert_same(tg.subtract(tg.tensor(ints), 2, alpha=2), torch.subtract(torch.from_numpy(ints), 2, alpha=2))
    assert_same(tg.add(2, tg.tensor(ints)), torch.add(2, torch.from_numpy(ints)))
    assert_same(
        tg.tensor(ints).add(tg.tensor([0.5]), alpha=2),
        torch.from_numpy(ints).add(torch.tensor([0.5]), alpha=2),
    )
    with pytest.raises(ValueError, match="alpha must not be a floating point number"):
        tg.add(tg.tensor(ints), tg.tensor(ints), alpha=2.5)
    with pytest.raises(ValueError, match="alpha must not be a floating point number"):
        tg.sub(tg.tensor(ints), 1, alpha=2.0)
    with pytest.raises(tg.DTypeError, match="subtracting bool tensors"):
        tg.sub(tg.tensor([True]), tg.tensor([False]), alpha=2)
    x = tg.tensor([1.0, 2.0])
    assert x.sub_(tg.tensor([1.0, 1.0]), alpha=2) is x and x.tolist() == [-1.0, 0.0]


def test_div_rounding_modes_match_torch():
    a = np.array([7, -7, 7, -7, 0, 9], dtype=np.int64)
    b = np.array([2, 2, -2, -2, 3, 3], dtype=np.int64)
    for mode in (None, "trunc", "floor"):
        assert_same(
            tg.div(tg.tensor(a), tg.tensor(b), rounding_mode=mode),
            torch.div(torch.from_numpy(a), torch.from_numpy(b), rounding_mode=mode),
        )
        af, bf = a.astype(np.float32) + 0.5, b.astype(np.float32)
        assert_same(
            tg.divide(tg.tensor(af), tg.tensor(bf), rounding_mode=mode),
            torch.divide(torch.from_numpy(af), torch.from_numpy(bf), rounding_mode=mode),
        )
    assert_same(tg.true_divide(tg.tensor(a), 4), torch.true_divide(torch.from_numpy(a), 4))
    with pytest.raises(ValueError, match="rounding_mode to be one of None, 'trunc', or 'floor'"):
        tg.div(tg.tensor(a), 2, rounding_mode="round")
    x = tg.tensor([7.0, -7.0])
    assert x.divide_(2, rounding_mode="floor") is x and x.tolist() == [3.0, -4.0]


# --- errors ---------------------------------------------------------------------------------------


def test_argument_errors_match_torchs_kinds():
    x = tg.tensor([1.0, 2.0])
    for name in ("maximum", "minimum", "fmax", "fmin", "atan2", "hypot", "logical_and"):
        with pytest.raises(TypeError, match=rf"{name}\(\): argument 'other' must be Tensor, not int"):
            getattr(tg, name)(x, 2)
    with pytest.raises(TypeError, match="'other' must be Tensor or Number, not str"):
        tg.add(x, "a")
    with pytest.raises(TypeError, match="at least one of 'input' and 'other' must be a Tensor"):
        tg.mul(2, 3)
    with pytest.raises(TypeError, match="at least one of 'input' and 'exponent' must be a Tensor"):
        tg.pow(2, 3)
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        tg.maximum(x, tg.tensor([1.0, 2.0, 3.0]))
    with pytest.raises(tg.DTypeError, match="hypot does not support int64"):
        tg.hypot(tg.tensor([1]), tg.tensor([2]))
    with pytest.raises(tg.DTypeError, match="pow does not support bool"):
        tg.pow(tg.tensor([True]), tg.tensor([True]))
    with pytest.raises(tg.DTypeError, match="floor_divide does not support bool"):
        tg.floor_divide(tg.tensor([True]), tg.tensor([True]))
    with pytest.raises(ValueError, match="at least one of 'min' or 'max'"):
        tg.clamp(x)
    with pytest.raises(TypeError, match="'min' must be Tensor or Number, not str"):
        tg.clamp(x, "0")
