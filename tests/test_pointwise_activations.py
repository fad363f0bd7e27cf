"""tg.nn.functional's activations against torch.nn.functional: values and gradients in float32
and float64, gradcheck, special values and the far tails (stability), integer inputs, the
in-place forms, argument errors, and the names PyTorch also has at the top level."""

import numpy as np
import pytest

import tapegrad as tg
import tapegrad.nn.functional as F

from torch_oracle import TF, torch

TOL = {"float32": {"rtol": 2e-5, "atol": 1e-6}, "float64": {"rtol": 1e-12, "atol": 1e-14}}
TORCH = {"float32": torch.float32, "float64": torch.float64}

# name: keyword arguments to try (each a case of its own).
ACTIVATIONS = {
    "relu": [{}],
    "relu6": [{}],
    "leaky_relu": [{}, {"negative_slope": 0.2}, {"negative_slope": -0.5}],
    "elu": [{}, {"alpha": 0.5}, {"alpha": 2.0}],
    "selu": [{}],
    "celu": [{}, {"alpha": 0.5}, {"alpha": -2.0}],
    "gelu": [{}, {"approximate": "tanh"}, {"approximate": "none"}],
    "silu": [{}],
    "mish": [{}],
    "softplus": [{}, {"beta": 2.0}, {"beta": 0.5, "threshold": 5.0}, {"beta": -1.0}],
    "softsign": [{}],
    "hardtanh": [{}, {"min_val": -2.0, "max_val": 0.5}, {"min_val": 0.5, "max_val": 0.5}],
    "hardsigmoid": [{}],
    "hardswish": [{}],
    "logsigmoid": [{}],
    "tanhshrink": [{}],
    "sigmoid": [{}],
    "tanh": [{}],
}
CASES = [(name, kwargs) for name, options in ACTIVATIONS.items() for kwargs in options]
IDS = [f"{name}-{kwargs}" for name, kwargs in CASES]
KINKED = {"relu", "relu6", "leaky_relu", "hardtanh", "hardsigmoid", "hardswish"}


pytestmark = pytest.mark.usefixtures("torch_default_float64")  # default-dtype results compare with PyTorch's


def assert_same(actual, expected, dtype=None, signed_zeros=True, rtol=None):
    assert actual.dtype == np.dtype(str(expected.dtype).replace("torch.", "")), (actual.dtype, expected.dtype)
    a, e = actual.numpy(), expected.detach().numpy()
    if a.dtype.kind == "f":
        tol = dict(TOL[dtype or str(a.dtype)])
        if rtol is not None:
            tol["rtol"] = rtol
        np.testing.assert_allclose(a, e, equal_nan=True, **tol)
        zero = e == 0
        if signed_zeros:
            np.testing.assert_array_equal(np.signbit(a[zero]), np.signbit(e[zero]))
    else:
        np.testing.assert_array_equal(a, e)


def run_both(name, kwargs, x_np, g_np=None, signed_zeros=True):
    x = tg.tensor(x_np, requires_grad=True)
    xt = torch.from_numpy(x_np.copy()).requires_grad_(True)
    y = getattr(F, name)(x, **kwargs)
    yt = getattr(TF, name)(xt, **kwargs)
    g = np.ones(x_np.shape, dtype=x_np.dtype) if g_np is None else g_np
    y.backward(tg.tensor(g))
    yt.backward(torch.from_numpy(g))
    # Known, small differences: PyTorch's gelu computes 0.5 * (1 + erf(x / sqrt(2))), which
    # cancels in the left tail (tapegrad's erfc form does not: see test_gelu_is_exact), and its
    # hardsigmoid gradient multiplies by 1/6 rounded to float32 even in float64.
    rtol = {"gelu": 1e-9, "hardsigmoid": 1e-7}.get(name) if x_np.dtype == np.float64 else None
    if name == "gelu" and x_np.dtype == np.float32:
        rtol = 2e-4
    assert_same(y.detach(), yt, signed_zeros=signed_zeros, rtol=rtol)
    assert_same(x.grad, xt.grad, signed_zeros=signed_zeros, rtol=rtol)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_values_and_gradients_match_torch(name, kwargs, dtype, rng):
    x_np = rng.uniform(-5, 5, (4, 5)).astype(dtype)
    run_both(name, kwargs, x_np, rng.uniform(-1, 1, (4, 5)).astype(dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_special_values_and_kinks_match_torch(name, kwargs, dtype):
    """NaN, infinities, signed zeros and the kinks (0, +-1, +-3, 6): values and gradients."""
    x_np = np.array(
        [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 3.0, -3.0, 6.0, 0.5, -0.5, 2.0, -2.0], dtype=dtype
    )
    if name == "softplus" and kwargs.get("beta", 1.0) < 0:
        x_np = x_np[np.isfinite(x_np) | np.isnan(x_np)]  # PyTorch's log1p(exp(inf)) there: see below
    if name == "gelu" and dtype == "float32":
        x_np = x_np[x_np != np.inf]  # PyTorch's float32 gelu(inf) is NaN; tapegrad's is inf
    if name in ("hardtanh", "relu6"):
        # The gradient at NaN differs between PyTorch's own loops (see test_hardtanh_at_nan).
        x_np = x_np[~np.isnan(x_np)]
    run_both(name, kwargs, x_np)


def test_hardtanh_at_nan():
    # NaN stays NaN; its gradient passes, as relu's does (PyTorch's float64 vectorised loop
    # gives 0 there, its float32 and scalar loops pass it).
    for name in ("hardtanh", "relu6"):
        x = tg.tensor([np.nan, 0.5], requires_grad=True)
        y = getattr(F, name)(x)
        y.sum().backward()
        assert np.isnan(y.numpy()[0])
        np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])
    assert F.gelu(tg.tensor([np.inf], dtype=tg.float32)).item() == np.inf


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["softplus", "logsigmoid", "silu", "mish", "gelu", "elu", "selu", "sigmoid"])
def test_far_tails_are_finite_and_match_torch(name, dtype):
    """Large |x|: no overflow to inf or NaN in values or gradients (softplus, logsigmoid, ...)."""
    big = 80.0 if dtype == "float32" else 700.0
    x_np = np.array([-1e4, -big, -50.0, -20.0, 20.0, 50.0, big, 1e4], dtype=dtype)
    x = tg.tensor(x_np, requires_grad=True)
    y = getattr(F, name)(x)
    y.backward(tg.tensor(np.ones(8, dtype=dtype)))
    assert np.all(np.isfinite(y.numpy())) and np.all(np.isfinite(x.grad.numpy()))
    run_both(name, {}, x_np, signed_zeros=False)  # the sign of an underflowed tail is noise


def test_gelu_is_exact():
    """gelu(x) = x * Phi(x) as accurately as its argument's rounding allows, the left tail
    included, where PyTorch's 1 + erf(x / sqrt(2)) cancels (its float64 gelu is 2% off at
    x = -8 and 0 at -12; its float32 one 17% off at -5 and 0 at -8)."""
    import math

    x_np = np.array([-30.0, -12.0, -8.0, -5.0, -3.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 3.0, 8.0])
    exact = np.array([v * 0.5 * math.erfc(-v / math.sqrt(2.0)) for v in x_np])
    np.testing.assert_allclose(F.gelu(tg.tensor(x_np)).numpy(), exact, rtol=1e-12, atol=0)
    x32 = x_np.astype(np.float32)
    exact32 = np.array([float(v) * 0.5 * math.erfc(-float(v) / math.sqrt(2.0)) for v in x32])
    np.testing.assert_allclose(F.gelu(tg.tensor(x32)).numpy(), exact32, rtol=2e-5, atol=1e-38)


def test_softplus_with_a_large_threshold_stays_finite():
    # Deliberately more stable than PyTorch, whose log1p(exp(beta * x)) overflows to inf (and
    # its gradient to NaN) when beta * x > ~709 stays below the threshold.
    x = tg.tensor([800.0, -800.0, 1.0], requires_grad=True)
    y = F.softplus(x, threshold=1e6)
    y.sum().backward()
    np.testing.assert_allclose(y.numpy(), [800.0, 0.0, np.log1p(np.e)], rtol=1e-15)
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 0.0, 1 / (1 + np.exp(-1.0))], rtol=1e-15)
    assert torch.isinf(TF.softplus(torch.tensor([800.0]), threshold=1e6)).item()


@pytest.mark.parametrize("name, kwargs", [c for c in CASES if c[0] not in KINKED], ids=str)
def test_gradcheck(name, kwargs, rng):
    x = tg.tensor(rng.uniform(-3, 3, (2, 3)), requires_grad=True)
    assert tg.gradcheck(lambda v: getattr(F, name)(v, **kwargs), x)


@pytest.mark.parametrize("name", sorted(KINKED))
def test_gradcheck_away_from_the_kinks(name, rng):
    x = tg.tensor(
        rng.choice([-1, 1], (2, 4)) * rng.uniform(0.1, 0.8, (2, 4)) + rng.choice([-5, 0, 5], (2, 4))
    )
    x.requires_grad = True
    assert tg.gradcheck(getattr(F, name), x)


@pytest.mark.parametrize("name, kwargs", CASES, ids=IDS)
def test_integer_inputs_match_torch(name, kwargs):
    """relu, relu6 and hardtanh keep integer dtypes; softsign and tanhshrink give floats; the
    others raise (DTypeError) where PyTorch raises NotImplementedError."""
    x_np = np.array([-7, -1, 0, 2, 9])
    try:
        expected = getattr(TF, name)(torch.from_numpy(x_np), **kwargs)
    except (RuntimeError, NotImplementedError):
        with pytest.raises(tg.DTypeError, match=f"{name} does not support int64"):
            getattr(F, name)(tg.tensor(x_np), **kwargs)
        return
    assert_same(getattr(F, name)(tg.tensor(x_np), **kwargs), expected)


IN_PLACE = [
    "relu",
    "relu6",
    "leaky_relu",
    "elu",
    "selu",
    "celu",
    "silu",
    "mish",
    "hardtanh",
    "hardsigmoid",
    "hardswish",
]


@pytest.mark.parametrize("name", IN_PLACE)
def test_inplace_true_changes_and_returns_the_input(name, rng):
    x_np = rng.uniform(-4, 4, 6)
    x = tg.tensor(x_np)
    version = x._version
    assert getattr(F, name)(x, inplace=True) is x
    assert x._version > version
    np.testing.assert_allclose(x.numpy(), getattr(TF, name)(torch.from_numpy(x_np)).numpy(), rtol=1e-12)
    rtol = 1e-7 if name == "hardsigmoid" else 1e-12  # see run_both
    # Recorded: the gradient flows through the update, as PyTorch's.
    a = tg.tensor(x_np, requires_grad=True)
    b = a * 2.0
    getattr(F, name)(b, inplace=True)
    b.sum().backward()
    at = torch.from_numpy(x_np.copy()).requires_grad_(True)
    getattr(TF, name)(at * 2.0).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), at.grad.numpy(), rtol=rtol)
    # A leaf that requires a gradient cannot change while gradients are recorded.
    with pytest.raises(RuntimeError, match="leaf"):
        getattr(F, name)(tg.tensor(x_np, requires_grad=True), inplace=True)


def test_underscore_forms():
    for fname, args in (("relu_", ()), ("elu_", (0.5,)), ("leaky_relu_", (0.1,)), ("hardtanh_", (-0.5, 0.5))):
        x_np = np.array([-2.0, -0.25, 0.75, 3.0])
        x = tg.tensor(x_np)
        assert getattr(F, fname)(x, *args) is x
        expected = getattr(TF, fname)(torch.from_numpy(x_np.copy()), *args)
        np.testing.assert_allclose(x.numpy(), expected.numpy(), rtol=1e-12)
    for fname in ("selu_", "celu_"):
        x = tg.tensor([-1.0, 1.0])
        assert getattr(F, fname)(x) is x
    x = tg.tensor([-1.0, 2.0])
    assert tg.relu_(x) is x and x.tolist() == [0.0, 2.0]
    assert x.relu_() is x


def test_top_level_names_as_pytorch():
    x_np = np.array([-2.0, 0.5, 3.0])
    for name in ("relu", "sigmoid", "tanh", "selu", "celu"):
        assert_same(getattr(tg, name)(tg.tensor(x_np)), getattr(torch, name)(torch.from_numpy(x_np)))
    assert tg.celu(tg.tensor(x_np), 2.0).tolist() == torch.celu(torch.from_numpy(x_np), 2.0).tolist()
    for name in ("relu", "sigmoid", "tanh"):
        assert_same(getattr(tg.tensor(x_np), name)(), getattr(torch.from_numpy(x_np), name)())


def test_argument_errors():
    x = tg.tensor([1.0, -1.0])
    with pytest.raises(ValueError, match="approximate argument must be either 'none' or 'tanh'"):
        F.gelu(x, approximate="fast")
    with pytest.raises(ValueError, match="min_val cannot be greater than max_val"):
        F.hardtanh(x, 1.0, -1.0)
    with pytest.raises(RuntimeError, match="ZeroDivisionError: alpha cannot be 0 for CELU"):
        F.celu(x, alpha=0.0)
    with pytest.raises(TypeError, match=r"elu\(\): argument 'alpha' must be a number, not str"):
        F.elu(x, alpha="1")
    with pytest.raises(TypeError, match=r"softplus\(\): argument 'input' must be Tensor, not list"):
        F.softplus([1.0])
    with pytest.raises(tg.DTypeError, match="gelu does not support int64"):
        F.gelu(tg.tensor([1, 2]))


def test_hardtanh_of_unsigned_tensors_matches_torch():
    x_np = np.array([0, 3, 200], dtype=np.uint8)
    for args in ((1.0, 5.0), (0.0, 6.0)):
        assert_same(F.hardtanh(tg.tensor(x_np), *args), TF.hardtanh(torch.from_numpy(x_np), *args))
    assert_same(F.relu6(tg.tensor(x_np)), TF.relu6(torch.from_numpy(x_np)))
    with pytest.raises(ValueError, match="unsigned type"):
        F.hardtanh(tg.tensor(x_np))  # the default min_val is -1
