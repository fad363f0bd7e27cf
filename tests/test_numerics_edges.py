"""Numerics at the edges, float32 and float64: +-1000, 0, the float limits, Inf and NaN.

Forward values and gradients of sigmoid, tanh, exp, log, relu and the losses are compared with
references computed in float64 NumPy (and with PyTorch where it is installed). pytest turns every
warning into an error, so none of these may warn either.
"""

import math
import warnings

import numpy as np
import pytest

import tapegrad as tg

DTYPES = [np.float32, np.float64]


def edge_values(dtype):
    fi = np.finfo(dtype)
    return np.array(
        [
            -1000,
            -100,
            -20,
            -1,
            -0.0,
            0.0,
            1e-30,
            1,
            20,
            100,
            1000,
            fi.max,
            -fi.max,
            fi.tiny,
            -fi.tiny,
            fi.smallest_subnormal,
            fi.eps,
            1 - fi.epsneg,
            np.inf,
            -np.inf,
            np.nan,
        ],
        dtype=dtype,
    )


def ref_sigmoid(x):
    x = x.astype(np.float64)
    with np.errstate(all="ignore"):
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# name: (reference forward in float64, reference derivative from x and the float64 output)
UNARY = {
    "sigmoid": (ref_sigmoid, lambda x, y: y * (1 - y)),
    "tanh": (np.tanh, lambda x, y: 1 - y * y),
    "exp": (np.exp, lambda x, y: y),
    "log": (np.log, lambda x, y: 1 / x),
    # NaN passes its gradient on, as in PyTorch; only x <= 0 blocks it.
    "relu": (
        lambda x: np.where(np.isnan(x), np.nan, np.maximum(x, 0)),
        lambda x, y: np.where(x <= 0, 0.0, 1.0),
    ),
}


def assert_close(got, want, dtype, what):
    """Same NaN and Inf positions (with sign), finite values within a few ulps of the dtype."""
    got = np.asarray(got, dtype=np.float64)
    with np.errstate(all="ignore"):
        want = np.asarray(want, dtype=np.float64).astype(dtype).astype(np.float64)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=f"{what}: NaN positions")
    np.testing.assert_array_equal(np.isposinf(got), np.isposinf(want), err_msg=f"{what}: +inf positions")
    np.testing.assert_array_equal(np.isneginf(got), np.isneginf(want), err_msg=f"{what}: -inf positions")
    finite = np.isfinite(want)
    fi = np.finfo(dtype)
    np.testing.assert_allclose(
        got[finite], want[finite], rtol=8 * fi.eps, atol=4 * fi.smallest_subnormal, err_msg=what
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(UNARY))
def test_unary_forward_and_gradient_at_the_edges(name, dtype):
    x_np = edge_values(dtype)
    f, df = UNARY[name]
    with np.errstate(all="ignore"):
        y_ref = f(x_np.astype(np.float64))
        # The derivative from the output rounded to the dtype, as the backward computes it.
        y_rounded = y_ref.astype(dtype).astype(np.float64)
        g_ref = df(x_np.astype(np.float64), y_rounded)
    x = tg.tensor(x_np, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = getattr(tg, name)(x)
        assert y.dtype == dtype
        y.backward(np.ones_like(x_np))
    assert_close(y.numpy(), y_ref, dtype, f"{name} forward")
    assert_close(x.grad, g_ref, dtype, f"{name} gradient")


@pytest.mark.parametrize("dtype", DTYPES)
def test_saturation_at_plus_minus_1000_is_exact_and_quiet(dtype):
    x = tg.tensor(np.array([-1000.0, 1000.0], dtype), requires_grad=True)
    s, t = tg.sigmoid(x), tg.tanh(x)
    np.testing.assert_array_equal(s.numpy(), [0.0, 1.0])
    np.testing.assert_array_equal(t.numpy(), [-1.0, 1.0])
    (s + t).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])  # no NaN from inf / inf
    e = tg.tensor(np.array([-1000.0, 1000.0], dtype), requires_grad=True)
    tg.exp(e).sum().backward()
    np.testing.assert_array_equal(e.grad, [0.0, np.inf])


def bce_logits_ref(x, t):
    """The exact loss per element, with the limits at infinite logits (inf, or 0 when t matches)."""
    x = np.asarray(x, np.float64)
    t = np.asarray(t, np.float64)
    with np.errstate(all="ignore"):
        c = np.where(x >= 0, 1 - t, -t)
        linear = np.where(c == 0, 0.0, c * x)
        return linear + np.log1p(np.exp(-np.abs(x)))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("target", [0.0, 0.25, 1.0])
def test_bce_with_logits_at_the_edges(dtype, target):
    xs = edge_values(dtype)
    for x_value in xs:
        x = tg.tensor(np.array([x_value], dtype), requires_grad=True)
        t = tg.tensor(np.array([target], dtype), requires_grad=True)
        loss = tg.binary_cross_entropy_with_logits(x, t)
        loss.backward()
        what = f"bce_with_logits({x_value!r}, {target})"
        assert_close([loss.item()], bce_logits_ref([x_value], [target]), dtype, what)
        with np.errstate(all="ignore"):
            # sigmoid(x) - t in the dtype: float32 sigmoid(20) is exactly 1.
            g_want = ref_sigmoid(np.array([x_value])).astype(dtype) - dtype(target)
        assert_close(x.grad, g_want, dtype, what + " d/dx")
        assert_close(t.grad, -np.array([x_value], np.float64), dtype, what + " d/dt")


def test_bce_with_logits_infinite_logits_give_the_limit():
    x = tg.tensor([np.inf, np.inf, -np.inf, -np.inf, np.inf])
    t = tg.tensor([0.0, 1.0, 0.0, 1.0, 0.5])
    per_element = [
        tg.binary_cross_entropy_with_logits(x.numpy()[i : i + 1], t.numpy()[i : i + 1]).item()
        for i in range(5)
    ]
    assert per_element == [np.inf, 0.0, 0.0, np.inf, np.inf]


@pytest.mark.parametrize("dtype", DTYPES)
def test_bce_on_probabilities_at_zero_one_and_tiny(dtype):
    fi = np.finfo(dtype)
    for p_value in [0.0, fi.smallest_subnormal, fi.tiny, 1e-30, 0.5, 1 - fi.epsneg, 1.0]:
        for target in [0.0, 0.5, 1.0]:
            p = tg.tensor(np.array([p_value], dtype), requires_grad=True)
            t = tg.tensor(np.array([target], dtype), requires_grad=True)
            loss = tg.binary_cross_entropy(p, t)
            loss.backward()
            pv = np.float64(dtype(p_value))
            with np.errstate(all="ignore"):
                log_p, log_q = max(np.log(pv), -100.0), max(np.log1p(-pv), -100.0)
            want = -(target * log_p + (1 - target) * log_q)
            what = f"bce({p_value!r}, {target})"
            assert math.isfinite(loss.item()), what  # log(0) counts as -100, as in PyTorch
            assert math.isclose(loss.item(), want, rel_tol=1e-5, abs_tol=1e-5), (what, loss.item(), want)
            g = (pv - target) / max(pv * (1 - pv), 1e-12)
            assert_close(p.grad, [g], dtype, what + " d/dp")
            # d/dt of the clamped loss: clamped log(1 - p) - clamped log(p), finite everywhere.
            assert_close(t.grad, [log_q - log_p], dtype, what + " d/dt")


@pytest.mark.parametrize("dtype", DTYPES)
def test_mse_at_the_edges(dtype):
    fi = np.finfo(dtype)
    x_np = np.array([1000.0, -1000.0, 0.0, fi.max, -fi.max, fi.tiny, np.inf, np.nan], dtype)
    t_np = np.array([-1000.0, 1000.0, 0.0, -fi.max, 0.0, 0.0, 0.0, 0.0], dtype)
    for i in range(len(x_np)):
        x = tg.tensor(x_np[i : i + 1], requires_grad=True)
        loss = tg.mse_loss(x, t_np[i : i + 1])
        loss.backward()
        with np.errstate(all="ignore"):
            d = np.float64(x_np[i]) - np.float64(t_np[i])
            assert_close([loss.item()], [d * d], dtype, f"mse({x_np[i]!r}, {t_np[i]!r})")
            assert_close(x.grad, [dtype(2) * (x_np[i] - t_np[i])], dtype, f"mse grad at {x_np[i]!r}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_nan_and_inf_propagate_through_arithmetic_like_numpy(dtype):
    fi = np.finfo(dtype)
    a_np = np.array([np.nan, np.inf, -np.inf, 0.0, fi.max, -fi.max, fi.tiny, 1.0], dtype)
    b_np = np.array([1.0, np.inf, np.inf, 0.0, fi.max, 2.0, fi.tiny, -0.0], dtype)
    a, b = tg.tensor(a_np), tg.tensor(b_np)
    with np.errstate(all="ignore"):
        cases = {
            "add": (a + b, a_np + b_np),
            "sub": (a - b, a_np - b_np),
            "mul": (a * b, a_np * b_np),
            "div": (a / b, a_np / b_np),
            "pow2": (a**2.0, a_np**2),
            # PyTorch computes x ** 0.5 as sqrt(x), as NumPy >= 2.1 does: sqrt(-inf) is NaN (C's pow
            # gives +inf, which older NumPy returned).
            "sqrt": (a**0.5, np.sqrt(a_np)),
            "neg": (-a, -a_np),
            "sum": (a.sum(), a_np.sum()),
            "scalar": (a * 0.0, a_np * dtype(0)),
        }
    for name, (got, want) in cases.items():
        assert_close(got.numpy(), want, dtype, name)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [2, 64, 300])
def test_matmul_and_dense_propagate_inf_and_nan_like_numpy(dtype, n):
    # Blocked kernels must not skip zeros: inf * 0 is NaN in every row it touches, as in NumPy.
    a_np = np.zeros((n, n), dtype)
    b_np = np.ones((n, n), dtype)
    a_np[1, 0] = np.inf
    a_np[0, 1] = np.nan
    b_np[0, :] = 0.0
    with np.errstate(all="ignore"):
        want = a_np @ b_np
    assert_close(tg.matmul(a_np, b_np).numpy(), want, dtype, "matmul")
    w = tg.tensor(b_np, requires_grad=True)
    y = tg.dense(a_np, w, None, "sigmoid")
    with np.errstate(all="ignore"):
        assert_close(y.numpy(), ref_sigmoid(want), dtype, "dense")


def test_float64_extremes_in_float32_tensors_saturate_to_inf():
    x = tg.tensor([1e300, -1e300, 1e-300], dtype="float32")
    np.testing.assert_array_equal(x.numpy(), np.array([np.inf, -np.inf, 0.0], np.float32))


# --- the same edges against PyTorch -------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(UNARY))
def test_unary_edges_match_torch(name, dtype):
    torch = pytest.importorskip("torch")
    x_np = edge_values(dtype)
    x = tg.tensor(x_np, requires_grad=True)
    y = getattr(tg, name)(x)
    y.sum().backward()
    tx = torch.tensor(x_np, requires_grad=True)
    ty = getattr(torch, name)(tx)
    ty.sum().backward()
    want_y, want_g = ty.detach().numpy().astype(np.float64), tx.grad.numpy().astype(np.float64)
    if name == "sigmoid" and dtype == np.float32:
        # PyTorch's vectorised float32 sigmoid flushes results below float32's normal range to 0;
        # tapegrad keeps the subnormal (e^-100 = 3.7e-44), which is the correctly rounded value.
        sub = np.abs(y.numpy()) < np.finfo(dtype).tiny
        want_y[sub] = y.numpy()[sub]
        want_g[sub] = x.grad[sub]
    assert_close(y.numpy(), want_y, dtype, f"{name} vs torch")
    fi = np.finfo(dtype)
    np.testing.assert_array_equal(np.isnan(x.grad), np.isnan(want_g), err_msg=name)
    np.testing.assert_allclose(
        x.grad[~np.isnan(want_g)], want_g[~np.isnan(want_g)], rtol=16 * fi.eps, atol=1e-40
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_loss_edges_match_torch(dtype):
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    fi = np.finfo(dtype)
    xs = np.array([-1000, -1, 0, 1, 1000, fi.max, -fi.max, np.nan], dtype)
    for target in (0.0, 0.5, 1.0):
        t_np = np.full_like(xs, target)
        for name, ours, theirs in (
            ("mse", tg.mse_loss, functional.mse_loss),
            ("bce_logits", tg.binary_cross_entropy_with_logits, functional.binary_cross_entropy_with_logits),
        ):
            for i in range(len(xs)):
                x = tg.tensor(xs[i : i + 1], requires_grad=True)
                loss = ours(x, t_np[i : i + 1])
                loss.backward()
                tx = torch.tensor(xs[i : i + 1], requires_grad=True)
                tl = theirs(tx, torch.tensor(t_np[i : i + 1]))
                tl.backward()
                what = f"{name}({xs[i]!r}, {target})"
                assert_close([loss.item()], [tl.item()], dtype, what)
                assert_close(x.grad, tx.grad.numpy(), dtype, what + " grad")
    probabilities = np.array([0.0, fi.tiny, 0.5, 1 - fi.epsneg, 1.0], dtype)
    for target in (0.0, 0.5, 1.0):
        for p_value in probabilities:
            p = tg.tensor(np.array([p_value]), dtype=dtype, requires_grad=True)
            loss = tg.binary_cross_entropy(p, np.array([target], dtype))
            loss.backward()
            tp = torch.tensor(np.array([p_value], dtype), requires_grad=True)
            tl = functional.binary_cross_entropy(tp, torch.tensor(np.array([target], dtype)))
            tl.backward()
            assert math.isclose(loss.item(), tl.item(), rel_tol=1e-5), (p_value, target)
            np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-6)


def test_known_differences_from_torch_are_the_documented_ones():
    # binary_cross_entropy_with_logits at -inf logits with target 1: the loss is +inf (the limit);
    # PyTorch returns NaN there. At +inf with target 0 both give +inf.
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    ours = tg.binary_cross_entropy_with_logits([-np.inf], [1.0]).item()
    theirs = functional.binary_cross_entropy_with_logits(torch.tensor([-np.inf]), torch.tensor([1.0])).item()
    assert ours == np.inf and math.isnan(theirs)
    assert tg.binary_cross_entropy_with_logits([np.inf], [0.0]).item() == np.inf


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("saturating", ["tanh", "sigmoid"])
def test_gradient_through_an_overflowed_value_is_nan_as_in_torch(saturating, dtype):
    # exp overflows to inf, then tanh/sigmoid saturates: the output is finite and flat (finite
    # differences say 0), but the chain rule multiplies the zero local derivative by exp's infinite
    # one, 0 * inf = NaN. That is IEEE arithmetic and PyTorch's answer; tapegrad gives the same,
    # and detect_anomaly() names the op where it happens (docs/errors.md).
    torch = pytest.importorskip("torch")
    x_np = np.array([800.0, 1.0, -800.0], dtype)
    x = tg.tensor(x_np, requires_grad=True)
    getattr(tg, saturating)(tg.exp(x)).sum().backward()
    tx = torch.tensor(x_np, requires_grad=True)
    getattr(torch, saturating)(torch.exp(tx)).sum().backward()
    assert np.isnan(x.grad[0]) and math.isnan(tx.grad[0].item())
    # 1 - tanh(e)^2 cancels, so float32 rounding differences grow to a few ulps of the inputs.
    np.testing.assert_allclose(x.grad[1:], tx.grad.numpy()[1:], rtol=1e3 * np.finfo(dtype).eps, atol=0)

    x = tg.tensor(x_np, requires_grad=True)
    y = getattr(tg, saturating)(tg.exp(x)).sum()
    with pytest.raises(RuntimeError, match="anomaly detected: the backward of Exp"), tg.detect_anomaly():
        y.backward()
    assert x.grad is None
