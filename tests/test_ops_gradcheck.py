"""gradcheck (backprop against central finite differences, float64) on every op.

Each case also checks the forward value against NumPy, so a wrong forward with a matching
wrong backward cannot pass.
"""

import numpy as np
import pytest

import tapegrad as tg


def leaf(rng, shape, low=-2.0, high=2.0):
    return tg.tensor(rng.uniform(low, high, shape), requires_grad=True)


def away_from_zero(rng, shape, low=0.5, high=2.0):
    return tg.tensor(rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape), requires_grad=True)


def check(f, ref, *inputs, atol=1e-5, rtol=1e-3):
    """f(*tensors) matches ref(*arrays) and its gradient matches finite differences."""
    arrays = [x.numpy().copy() if isinstance(x, tg.Tensor) else x for x in inputs]
    out = f(*inputs)
    np.testing.assert_allclose(out.numpy(), ref(*arrays), rtol=1e-12, atol=1e-12)
    # A weighted sum makes every output element matter with a different weight.
    n = out.numel()
    w = np.linspace(0.5, 1.5, max(n, 1)).reshape(tuple(out.shape)) if n else np.ones(tuple(out.shape))
    weights = tg.tensor(w)
    assert tg.gradcheck(lambda *xs: (f(*xs) * weights).sum(), *inputs, atol=atol, rtol=rtol)


# --- arithmetic: tensors and scalars on both sides -----------------------------------------

BINARY = {
    "add": (lambda a, b: a + b, np.add),
    "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply),
    "div": (lambda a, b: a / b, np.divide),
}


@pytest.mark.parametrize("name", BINARY)
def test_binary_tensor_tensor(rng, name):
    op, ref = BINARY[name]
    check(op, ref, leaf(rng, (3, 4)), away_from_zero(rng, (3, 4)))


@pytest.mark.parametrize("name", BINARY)
def test_binary_same_tensor_twice(rng, name):
    # x op x: both contributions must be summed into the one leaf.
    op, ref = BINARY[name]
    x = away_from_zero(rng, (5,))
    check(lambda t: op(t, t), lambda a: ref(a, a), x)


@pytest.mark.parametrize("scalar", [2.5, -3, 0.5])
@pytest.mark.parametrize("name", BINARY)
def test_binary_tensor_scalar_both_sides(rng, name, scalar):
    op, ref = BINARY[name]
    x = away_from_zero(rng, (2, 3))
    check(lambda t: op(t, scalar), lambda a: ref(a, scalar), x)
    check(lambda t: op(scalar, t), lambda a: ref(scalar, a), x)


@pytest.mark.parametrize("name", BINARY)
def test_binary_with_constant_tensor_and_array(rng, name):
    op, ref = BINARY[name]
    x = away_from_zero(rng, (2, 3))
    c = rng.uniform(0.5, 2.0, (2, 3))
    check(lambda t: op(t, tg.tensor(c)), lambda a: ref(a, c), x)
    check(lambda t: op(tg.tensor(c), t), lambda a: ref(c, a), x)
    # Arrays on either side stay on the tape (Tensor sets __array_ufunc__ = None).
    check(lambda t: op(c, t), lambda a: ref(c, a), x)
    check(lambda t: op(t, c), lambda a: ref(a, c), x)


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1, -2.5, 1, 0, 1.7])
def test_pow(rng, exponent):
    x = leaf(rng, (2, 3), 0.3, 2.0)  # positive base: every real exponent is defined
    check(lambda t: t**exponent, lambda a: a**exponent, x)
    check(lambda t: tg.pow(t, exponent), lambda a: np.power(a, exponent), x)


@pytest.mark.parametrize("exponent", [2, 3, -1])
def test_pow_integer_exponent_negative_base(rng, exponent):
    x = away_from_zero(rng, (6,))
    check(lambda t: t**exponent, lambda a: a ** float(exponent), x)


def test_pow_zero_exponent_at_zero_has_zero_gradient():
    # d(x^0)/dx = 0 everywhere, including at x = 0 (as PyTorch), not 0 * 0^-1 = nan.
    x = tg.tensor([0.0, 2.0, -3.0], requires_grad=True)
    y = x**0
    np.testing.assert_array_equal(y.numpy(), [1.0, 1.0, 1.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0])


def test_neg(rng):
    check(lambda t: -t, np.negative, leaf(rng, (4,)))


# --- elementwise functions --------------------------------------------------------------


def _np_sigmoid(a):
    return 1 / (1 + np.exp(-a))


UNARY = {
    "exp": (tg.exp, np.exp, (-2, 2)),
    "log": (tg.log, np.log, (0.2, 3)),
    "tanh": (tg.tanh, np.tanh, (-2, 2)),
    "sigmoid": (tg.sigmoid, _np_sigmoid, (-4, 4)),
}


@pytest.mark.parametrize("name", UNARY)
def test_unary_function_and_method(rng, name):
    fn, ref, (low, high) = UNARY[name]
    x = leaf(rng, (3, 2), low, high)
    check(fn, ref, x)
    check(lambda t: getattr(t, name)(), ref, x)


def test_relu_away_from_zero(rng):
    x = away_from_zero(rng, (4, 3), 0.1, 2.0)
    check(tg.relu, lambda a: np.maximum(a, 0), x)
    check(lambda t: t.relu(), lambda a: np.maximum(a, 0), x)


def test_relu_gradient_is_zero_or_one_exactly():
    x = tg.tensor([-2.0, -0.5, 0.5, 3.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 1.0, 1.0])


# --- reductions ---------------------------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, 1, 2, -1, -3])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("op", ["sum", "mean"])
def test_reductions(rng, op, axis, keepdims):
    x = leaf(rng, (2, 3, 4))
    ref = getattr(np, op)
    check(
        lambda t: getattr(t, op)(axis=axis, keepdims=keepdims),
        lambda a: ref(a, axis=axis, keepdims=keepdims),
        x,
    )
    check(lambda t: getattr(tg, op)(t, axis, keepdims), lambda a: ref(a, axis=axis, keepdims=keepdims), x)


@pytest.mark.parametrize("op", ["sum", "mean"])
def test_reduction_over_size_one_axis_does_not_alias(rng, op):
    x = leaf(rng, (3, 1))
    y = getattr(x, op)(axis=1, keepdims=True)
    assert not np.shares_memory(y.numpy(), x.numpy())
    check(
        lambda t: getattr(t, op)(axis=1, keepdims=True),
        lambda a: getattr(np, op)(a, axis=1, keepdims=True),
        x,
    )


# --- matmul -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [
        ((2, 3), (3, 4)),
        ((1, 5), (5, 1)),
        ((3,), (3, 2)),
        ((2, 3), (3,)),
        ((4,), (4,)),
        ((1,), (1,)),
        ((3, 1), (1, 3)),
    ],
)
def test_matmul(rng, a_shape, b_shape):
    a, b = leaf(rng, a_shape), leaf(rng, b_shape)
    check(lambda x, y: x @ y, np.matmul, a, b)
    check(tg.matmul, np.matmul, a, b)
    assert (a @ b).shape == np.matmul(np.ones(a_shape), np.ones(b_shape)).shape


def test_matmul_one_side_constant(rng):
    a, b = leaf(rng, (2, 3)), rng.uniform(-1, 1, (3, 2))
    check(lambda x: x @ b, lambda x: x @ b, a)
    check(lambda x: b @ x, lambda x: b @ x, a)


# --- shape ops ------------------------------------------------------------------------------


def test_transpose_T_and_mT(rng):
    # PyTorch's meanings: transpose swaps two dims, .T transposes a matrix, .mT a batch of them.
    x = leaf(rng, (2, 3, 4))
    check(lambda t: t.transpose(0, 2), lambda a: np.swapaxes(a, 0, 2), x)
    check(lambda t: tg.transpose(t, -1, 1), lambda a: np.swapaxes(a, -1, 1), x)
    check(lambda t: t.mT, lambda a: np.swapaxes(a, -1, -2), x)
    check(lambda t: t.T, lambda a: a.T, leaf(rng, (3, 4)))


@pytest.mark.parametrize("axes", [(0, 2, 1), (2, 0, 1), (1, 2, 0), (-1, 0, 1), (0, 1, 2)])
def test_permute(rng, axes):
    # NumPy's transpose(axes) is permute.
    x = leaf(rng, (2, 3, 4))
    check(lambda t: t.permute(*axes), lambda a: np.transpose(a, axes), x)
    check(lambda t: t.permute(axes), lambda a: np.transpose(a, axes), x)
    check(lambda t: tg.permute(t, list(axes)), lambda a: np.transpose(a, axes), x)


@pytest.mark.parametrize("shape", [(6, 4), (-1,), (4, -1), (2, -1, 3), (24,), (1, 24, 1)])
def test_reshape(rng, shape):
    x = leaf(rng, (2, 3, 4))
    check(lambda t: t.reshape(*shape), lambda a: a.reshape(shape), x)
    check(lambda t: t.reshape(shape), lambda a: a.reshape(shape), x)
    check(lambda t: tg.reshape(t, shape), lambda a: a.reshape(shape), x)


def test_astype_round_trip(rng):
    x = leaf(rng, (3, 2))
    y = x.astype(np.float32)
    assert y.dtype == np.float32
    z = y.astype("float64")
    assert z.dtype == np.float64
    np.testing.assert_allclose(z.numpy(), x.numpy().astype(np.float32), rtol=0, atol=0)
    # The gradient is converted back: d/dx of sum(w * x) through the casts is w (in float32
    # precision for the weights).
    w = rng.uniform(-1, 1, (3, 2))
    (z * w).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad, w.astype(np.float32), rtol=0, atol=0)
    assert tg.gradcheck(lambda t: (t.astype("float64") * 3.0).sum(), x)


# --- losses -------------------------------------------------------------------------------


def test_mse_loss(rng):
    x, t = leaf(rng, (4, 3)), leaf(rng, (4, 3))
    check(tg.mse_loss, lambda a, b: np.mean((a - b) ** 2), x, t)


def test_binary_cross_entropy(rng):
    p = leaf(rng, (5, 2), 0.05, 0.95)
    t = leaf(rng, (5, 2), 0.0, 1.0)
    ref = lambda p_, t_: -np.mean(t_ * np.log(p_) + (1 - t_) * np.log(1 - p_))  # noqa: E731
    check(tg.binary_cross_entropy, ref, p, t)


def test_binary_cross_entropy_with_logits(rng):
    x = leaf(rng, (5, 2), -4, 4)
    t = leaf(rng, (5, 2), 0.0, 1.0)
    ref = lambda x_, t_: -np.mean(t_ * np.log(_np_sigmoid(x_)) + (1 - t_) * np.log(1 - _np_sigmoid(x_)))  # noqa: E731
    out = tg.binary_cross_entropy_with_logits(x, t)
    np.testing.assert_allclose(out.item(), ref(x.numpy(), t.numpy()), rtol=1e-12)
    assert tg.gradcheck(tg.binary_cross_entropy_with_logits, x, t)


def test_bce_with_logits_is_stable_for_huge_logits():
    x = tg.tensor([1000.0, -1000.0], requires_grad=True)
    t = tg.tensor([0.0, 1.0])
    loss = tg.binary_cross_entropy_with_logits(x, t)
    assert loss.item() == pytest.approx(1000.0)
    loss.backward()
    np.testing.assert_allclose(x.grad, [0.5, -0.5])


# --- the fused dense layer ----------------------------------------------------------------

ACTS = {
    "sigmoid": _np_sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0),
    None: lambda z: z,
}


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("activation", list(ACTS))
@pytest.mark.parametrize("x_shape", [(4, 3), (3,), (1, 3)])
def test_dense(rng, activation, bias, x_shape):
    x = leaf(rng, x_shape)
    w = leaf(rng, (3, 5))
    b = leaf(rng, (5,)) if bias else None
    act = ACTS[activation]

    def ref(x_, w_, b_=None):
        z = x_ @ w_
        return act(z + b_ if b_ is not None else z)

    inputs = (x, w, b) if bias else (x, w)
    y = tg.dense(x, w, b, activation)
    assert y.grad_fn.name == "Dense"
    if activation == "relu":
        # Keep the pre-activations away from the kink for finite differences.
        z = x.numpy() @ w.numpy() + (b.numpy() if bias else 0)
        assert np.min(np.abs(z)) > 1e-4
    check(lambda *xs: tg.dense(xs[0], xs[1], xs[2] if bias else None, activation), ref, *inputs)


def test_dense_gradient_only_for_some_inputs(rng):
    x = tg.tensor(rng.uniform(-1, 1, (4, 3)))  # a constant input, as data usually is
    w, b = leaf(rng, (3, 2)), leaf(rng, (2,))
    check(lambda w_, b_: tg.dense(x, w_, b_, "tanh"), lambda w_, b_: np.tanh(x.numpy() @ w_ + b_), w, b)


def test_mixed_expression(rng):
    a, b, c = leaf(rng, (3, 3)), leaf(rng, (3,)), leaf(rng, (3, 1), 0.5, 2)

    def f(a_, b_, c_):
        h = tg.tanh(a_ @ b_ + 1.0) * c_.reshape(-1)
        return (h.sigmoid() / c_.T).sum(axis=0).mean() + tg.log(c_).sum() ** 2

    def ref(a_, b_, c_):
        h = np.tanh(a_ @ b_ + 1.0) * c_.reshape(-1)
        return (_np_sigmoid(h) / c_.T).sum(axis=0).mean() + np.log(c_).sum() ** 2

    check(f, ref, a, b, c)


def test_gradcheck_reports_the_worst_element():
    x = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)

    def wrong(t):
        # Backprop sees t*t; finite differences see t*t + 0.5*t[2]^2 (changed through a detach).
        extra = t.detach().numpy()[2] ** 2 * 0.5
        return (t * t).sum() + extra

    with pytest.raises(tg.GradcheckError, match=r"index \(2,\)"):
        tg.gradcheck(wrong, x)
    assert x.grad is None  # left as it was
