"""Elementwise functions of one tensor (tg.sqrt, tg.sin, tg.floor, ...) against PyTorch.

Values and gradients in float32 and float64, special values (inf, -inf, nan, -0.0, huge, tiny),
the result dtype of every input dtype, gradcheck in float64, and the in-place forms. PyTorch
runs with float64 as its default dtype here, tapegrad's default, so that integer inputs of
float-valued functions give the same dtype in both (test_default_dtype_difference checks the
one deliberate difference).
"""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
TG = {name: getattr(tg, name) for name in DTYPES}
TORCH = {name: getattr(torch, name) for name in DTYPES}
TOL = {"float32": {"rtol": 2e-5, "atol": 1e-6}, "float64": {"rtol": 1e-12, "atol": 1e-14}}

# name: (low, high) of the random inputs whose values and gradients are compared.
FLOAT_VALUED = {
    "sqrt": (0.1, 4.0),
    "rsqrt": (0.1, 4.0),
    "sin": (-4.0, 4.0),
    "cos": (-4.0, 4.0),
    "tan": (-1.4, 1.4),
    "asin": (-0.95, 0.95),
    "acos": (-0.95, 0.95),
    "atan": (-4.0, 4.0),
    "sinh": (-4.0, 4.0),
    "cosh": (-4.0, 4.0),
    "asinh": (-4.0, 4.0),
    "acosh": (1.1, 4.0),
    "atanh": (-0.95, 0.95),
    "log2": (0.1, 4.0),
    "log10": (0.1, 4.0),
    "log1p": (-0.9, 4.0),
    "expm1": (-4.0, 4.0),
    "exp2": (-4.0, 4.0),
    "exp": (-4.0, 4.0),
    "log": (0.1, 4.0),
    "reciprocal": (0.2, 4.0),
    "erf": (-3.0, 3.0),
    "erfc": (-3.0, 3.0),
    "sigmoid": (-6.0, 6.0),
    "tanh": (-3.0, 3.0),
}
DTYPE_KEEPING = {
    "abs": (-4.0, 4.0),
    "sign": (-4.0, 4.0),
    "floor": (-4.0, 4.0),
    "ceil": (-4.0, 4.0),
    "round": (-4.0, 4.0),
    "trunc": (-4.0, 4.0),
    "frac": (-4.0, 4.0),
    "square": (-4.0, 4.0),
    "neg": (-4.0, 4.0),
    "relu": (-4.0, 4.0),
}
ALL = {**FLOAT_VALUED, **DTYPE_KEEPING}
# Zero-gradient (or piecewise constant) functions are left out of finite differences.
SMOOTH = sorted(set(ALL) - {"sign", "floor", "ceil", "round", "trunc"})
ALIASES = {
    "absolute": "abs",
    "arccos": "acos",
    "arccosh": "acosh",
    "arcsin": "asin",
    "arcsinh": "asinh",
    "arctan": "atan",
    "arctanh": "atanh",
    "fix": "trunc",
    "negative": "neg",
}


pytestmark = pytest.mark.usefixtures("torch_default_float64")  # default-dtype results compare with PyTorch's


def as_torch(t, requires_grad=False):
    return torch.from_numpy(t.numpy().copy()).requires_grad_(requires_grad)


def assert_same(actual, expected, dtype=None):
    """tapegrad's result equals torch's: dtype, shape, values (NaN where NaN, signed zeros)."""
    assert actual.dtype == np.dtype(str(expected.dtype).replace("torch.", "")), (actual.dtype, expected.dtype)
    assert tuple(actual.shape) == tuple(expected.shape)
    a, e = actual.numpy(), expected.detach().numpy()
    if a.dtype.kind == "f":
        np.testing.assert_allclose(a, e, equal_nan=True, **TOL[dtype or str(a.dtype)])
        exact_zero = e == 0
        np.testing.assert_array_equal(np.signbit(a[exact_zero]), np.signbit(e[exact_zero]))
    else:
        np.testing.assert_array_equal(a, e)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(ALL))
def test_values_and_gradients_match_torch(name, dtype, rng):
    low, high = ALL[name]
    x_np = rng.uniform(low, high, (3, 4)).astype(dtype)
    g_np = rng.uniform(-1.0, 1.0, (3, 4)).astype(dtype)
    x = tg.tensor(x_np, requires_grad=True)
    y = getattr(tg, name)(x)
    y.backward(tg.tensor(g_np))
    xt = torch.from_numpy(x_np).requires_grad_(True)
    yt = getattr(torch, name)(xt)
    yt.backward(torch.from_numpy(g_np))
    assert_same(y.detach(), yt)
    assert_same(x.grad, xt.grad)


@pytest.mark.parametrize("name", SMOOTH)
def test_gradcheck(name, rng):
    low, high = ALL[name]
    x = tg.tensor(rng.uniform(low, high, (2, 3)), requires_grad=True)
    assert tg.gradcheck(getattr(tg, name), x)


SPECIAL64 = [
    np.nan,
    np.inf,
    -np.inf,
    -0.0,
    0.0,
    1e300,
    -1e300,
    1e-310,
    -1e-310,
    0.5,
    -0.5,
    1.0,
    -1.0,
    1.5,
    2.5,
    3.0,
]
SPECIAL32 = [
    np.nan,
    np.inf,
    -np.inf,
    -0.0,
    0.0,
    3e38,
    -3e38,
    1e-40,
    -1e-40,
    0.5,
    -0.5,
    1.0,
    -1.0,
    1.5,
    2.5,
    3.0,
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(ALL))
def test_special_values_match_torch(name, dtype):
    x_np = np.array(SPECIAL32 if dtype == "float32" else SPECIAL64, dtype=dtype)
    with np.errstate(all="ignore"):
        expected = getattr(torch, name)(torch.from_numpy(x_np))
    actual = getattr(tg, name)(tg.tensor(x_np))
    # Transcendental functions of huge arguments (sin(1e300), ...) are rounding noise in both.
    assert_same(actual, expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "name", ["sqrt", "rsqrt", "abs", "log", "log2", "log1p", "reciprocal", "asin", "acosh", "atanh"]
)
def test_gradients_at_special_values_match_torch(name, dtype):
    x_np = np.array([0.0, -0.0, 1.0, -1.0, np.inf, np.nan, 2.0], dtype=dtype)
    x = tg.tensor(x_np, requires_grad=True)
    getattr(tg, name)(x).backward(tg.tensor(np.ones(7, dtype=dtype)))
    xt = torch.from_numpy(x_np).requires_grad_(True)
    with np.errstate(all="ignore"):
        getattr(torch, name)(xt).backward(torch.ones(7, dtype=TORCH[dtype]))
    assert_same(x.grad, xt.grad)


def integer_values(dtype):
    if dtype == "bool":
        return np.array([[True, False, True], [False, False, True]])
    if dtype == "uint8":
        return np.array([[0, 1, 2], [7, 200, 255]], dtype=np.uint8)
    return np.array([[-3, 0, 2], [7, -100, 11]], dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES[:4])
@pytest.mark.parametrize("name", sorted(ALL))
def test_integer_and_bool_inputs_give_torch_dtype(name, dtype):
    """Float-valued functions give the default float dtype; abs, sign, floor, ... keep integer
    dtypes; bool is refused where PyTorch refuses it (DTypeError, a TypeError and RuntimeError)."""
    x_np = integer_values(dtype)
    try:
        with np.errstate(all="ignore"):
            expected = getattr(torch, name)(torch.from_numpy(x_np))
    except (RuntimeError, TypeError) as e:  # NotImplementedError is a RuntimeError
        with pytest.raises(tg.DTypeError, match=name):
            getattr(tg, name)(tg.tensor(x_np))
        assert "not implemented" in str(e) or "not supported" in str(e)
        return
    assert_same(getattr(tg, name)(tg.tensor(x_np)), expected, dtype="float64")


def test_default_dtype_difference():
    # The one deliberate difference: tapegrad's default dtype is float64, PyTorch's float32.
    x = tg.tensor([1, 4, 9])
    assert tg.sqrt(x).dtype == tg.float64
    previous = tg.get_default_dtype()
    tg.set_default_dtype(tg.float32)
    try:
        assert tg.sqrt(x).dtype == tg.float32
        assert tg.sin(tg.tensor([True])).dtype == tg.float32
    finally:
        tg.set_default_dtype(previous)


@pytest.mark.parametrize("alias, name", sorted(ALIASES.items()))
def test_aliases_are_the_same_function(alias, name):
    assert getattr(tg, alias) is getattr(tg, name)
    assert getattr(tg.Tensor, alias) is getattr(tg, name)
    assert hasattr(torch, alias)


def test_round_is_half_to_even_and_takes_decimals():
    x_np = np.array([0.5, 1.5, 2.5, -0.5, -2.5, 1.2345, 1250.0, 0.125, -7.55])
    for decimals in (0, 1, 2, -1, -2):
        for dtype in ("float32", "float64"):
            x = x_np.astype(dtype)
            expected = torch.round(torch.from_numpy(x), decimals=decimals)
            assert_same(tg.round(tg.tensor(x), decimals=decimals), expected)
            assert_same(tg.tensor(x).round(decimals=decimals), expected)
    with pytest.raises(tg.DTypeError, match="decimals"):
        tg.round(tg.tensor([1, 2]), decimals=1)
    with pytest.raises(TypeError, match="decimals"):
        tg.round(tg.tensor([1.0]), decimals=1.5)
    assert tg.round(tg.tensor([3, -4])).tolist() == [3, -4]  # integers keep their dtype
    assert np.isnan(tg.round(tg.tensor([1.5]), decimals=-(2**31)).item())  # 10^(2^31) is inf, as PyTorch
    with pytest.raises(OverflowError, match="too large"):
        tg.round(tg.tensor([1.5]), decimals=2**40)


def test_zero_gradients_of_rounding_functions():
    for name in ("sign", "floor", "ceil", "round", "trunc"):
        x = tg.tensor([0.3, -1.7, 2.5], requires_grad=True)
        y = getattr(tg, name)(x)
        assert y.requires_grad and y.grad_fn is not None
        y.sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 0.0])


def test_nan_to_num_matches_torch():
    for dtype in ("float32", "float64"):
        x_np = np.array([np.nan, np.inf, -np.inf, 1.5, -0.0], dtype=dtype)
        for kwargs in ({}, {"nan": 2.0}, {"posinf": 3.0, "neginf": -4.0}, {"nan": -1.0, "posinf": 1e300}):
            assert_same(
                tg.nan_to_num(tg.tensor(x_np), **kwargs), torch.nan_to_num(torch.from_numpy(x_np), **kwargs)
            )
    x = tg.tensor([1.5, np.nan, np.inf, -2.0], requires_grad=True)
    tg.nan_to_num(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0, 0.0, 1.0])
    ints = tg.tensor([1, 2])
    out = tg.nan_to_num(ints, nan=1.5)
    assert out.dtype == tg.int64 and out.tolist() == [1, 2]


def test_strided_views_and_broadcast_shapes():
    base = tg.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    view = base.T  # a strided view
    y = tg.sqrt(view + 1.0)
    bt = torch.arange(12.0).reshape(3, 4).requires_grad_(True)
    yt = torch.sqrt(bt.T + 1.0)
    assert_same(y.detach(), yt)
    y.sum().backward()
    yt.sum().backward()
    assert_same(base.grad, bt.grad)
    empty = tg.sin(tg.tensor(np.zeros((0, 3))))
    assert tuple(empty.shape) == (0, 3)
    scalar = tg.exp2(tg.tensor(3.0))
    assert scalar.ndim == 0 and scalar.item() == 8.0


# --- in-place forms ------------------------------------------------------------------------------

INPLACE = sorted(ALL)


@pytest.mark.parametrize("name", INPLACE)
def test_in_place_form_returns_self_and_bumps_version(name, rng):
    low, high = ALL[name]
    x_np = rng.uniform(low, high, 5)
    x = tg.tensor(x_np)
    version = x._version
    out = getattr(x, name + "_")()
    assert out is x
    assert x._version > version
    expected = getattr(torch, name)(torch.from_numpy(x_np))
    np.testing.assert_allclose(x.numpy(), expected.numpy(), rtol=1e-12, atol=1e-14)


def test_in_place_forms_follow_tapegrads_rules():
    leaf = tg.tensor([1.0, 4.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        leaf.sqrt_()
    with tg.no_grad():
        leaf.sqrt_()  # allowed without recording
    np.testing.assert_array_equal(leaf.numpy(), [1.0, 2.0])
    with pytest.raises(tg.DTypeError, match="float64 result cannot be written into a int64"):
        tg.tensor([1, 4]).sqrt_()
    assert tg.tensor([-1, 4]).abs_().tolist() == [1, 4]
    # Recorded in place: the update becomes a step of the tensor's history.
    a = tg.tensor([0.5, 2.0], requires_grad=True)
    b = a * 1.0
    b.sin_()
    b.sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.cos([0.5, 2.0]))
    # An op that saved the old values refuses the backward after the update.
    c = a * 1.0
    d = c.sin()  # saves c
    c.exp_()
    with pytest.raises(RuntimeError, match="modified in place"):
        d.sum().backward()


def test_out_argument():
    x = tg.tensor([1.0, 4.0])
    out = tg.tensor([0.0, 0.0])
    assert tg.sqrt(x, out=out) is out
    assert out.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="does not resize"):
        tg.sqrt(x, out=tg.tensor([0.0, 0.0, 0.0]))
    with pytest.raises(tg.DTypeError, match="can't be cast"):
        tg.sqrt(x, out=tg.tensor([0, 0]))
    with pytest.raises(RuntimeError, match="automatic differentiation"):
        tg.sqrt(tg.tensor([1.0], requires_grad=True), out=tg.tensor([0.0]))
    with pytest.raises(TypeError, match="'out' must be Tensor"):
        tg.sqrt(x, out=[0.0, 0.0])


def test_errors_name_the_function_and_argument():
    with pytest.raises(TypeError, match=r"sqrt\(\): argument 'input' must be Tensor, not float"):
        tg.sqrt(2.0)
    with pytest.raises(TypeError, match=r"sin\(\): argument 'input' must be Tensor, not list"):
        tg.sin([1.0])
    with pytest.raises(tg.DTypeError, match="abs does not support bool"):
        tg.abs(tg.tensor([True]))
    with pytest.raises(tg.DTypeError, match="frac does not support int64"):
        tg.frac(tg.tensor([1]))
    with pytest.raises(tg.DTypeError, match="negating a bool tensor"):
        tg.neg(tg.tensor([True]))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_rounding_kernels_agree_with_numpy_on_every_magnitude(dtype, rng):
    """floor, ceil, trunc, round (which runs without libm, to vectorise) and frac: compared with
    NumPy on all magnitudes, half-integers, signed zeros and the 2^23 / 2^52 boundaries."""
    values = [rng.normal(scale=s, size=2000) for s in (1e-3, 0.7, 10.0, 1e6, 1e15, 1e17, 1e30)]
    values.append(np.arange(-50, 50) + 0.5)
    values.append(
        np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 2.0**52, -(2.0**52), 2.0**52 - 0.5, 2.0**53 - 1])
    )
    values.append(
        np.array([2.0**23 - 0.5, 2.0**23 + 1, -(2.0**23) + 0.5, 0.49999999999999994, 1e-310, -1e-310])
    )
    x = np.concatenate(values).astype(dtype)
    with np.errstate(all="ignore"):
        for name, reference in (
            ("floor", np.floor),
            ("ceil", np.ceil),
            ("trunc", np.trunc),
            ("round", np.round),
            ("frac", lambda a: a - np.trunc(a)),
        ):
            expected = reference(x)
            actual = getattr(tg, name)(tg.tensor(x)).numpy()
            same = (np.isnan(expected) & np.isnan(actual)) | (
                (expected == actual) & (np.signbit(expected) == np.signbit(actual))
            )
            assert same.all(), (name, x[~same][:5], actual[~same][:5])
