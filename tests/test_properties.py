"""Property tests over random shapes (including size-0 and size-1 dimensions): forward against
NumPy, gradients against finite differences in float64."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tapegrad as tg

SETTINGS = settings(deadline=None, max_examples=40, derandomize=True)

finite = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False, width=64)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
nonempty_shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)


def arrays(shape_strategy=shapes, elements=finite):
    return hnp.arrays(np.float64, shape_strategy, elements=elements)


def fd_grad(f, x, h=1e-6):
    """Central finite differences of scalar f at array x, independent of tapegrad."""
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = f(x)
        flat[i] = old - h
        down = f(x)
        flat[i] = old
        g[i] = (up - down) / (2 * h)
    return grad


def backprop(f, *arrays_):
    tensors = [tg.tensor(a, requires_grad=True) for a in arrays_]
    out = f(*tensors)
    out.backward()
    return out, [t.grad for t in tensors]


BINARY = {
    "add": (lambda x, y: x + y, np.add),
    "sub": (lambda x, y: x - y, np.subtract),
    "mul": (lambda x, y: x * y, np.multiply),
    "div": (lambda x, y: x / y, np.divide),
}


@SETTINGS
@given(st.data())
def test_broadcast_binary_ops(data):
    a_shape, b_shape = data.draw(
        hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3, min_side=0)
    ).input_shapes
    a = data.draw(arrays(st.just(a_shape)))
    b = data.draw(arrays(st.just(b_shape), st.floats(0.5, 3.0) | st.floats(-3.0, -0.5)))
    name = data.draw(st.sampled_from(sorted(BINARY)))
    tg_op, op = BINARY[name]
    out = tg_op(tg.tensor(a), tg.tensor(b))
    expected = op(a, b)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-15, atol=0)
    w = np.linspace(0.5, 1.5, expected.size).reshape(expected.shape)
    _, (ga, gb) = backprop(lambda x, y: (tg_op(x, y) * w).sum(), a, b)
    np.testing.assert_allclose(ga, fd_grad(lambda x: (op(x, b) * w).sum(), a.copy()), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gb, fd_grad(lambda y: (op(a, y) * w).sum(), b.copy()), rtol=1e-5, atol=1e-6)
    assert ga.shape == a_shape and gb.shape == b_shape


UNARY = {
    "exp": (np.exp, finite),
    "tanh": (np.tanh, finite),
    "sigmoid": (lambda v: 1 / (1 + np.exp(-v)), finite),
    "log": (np.log, st.floats(0.1, 5.0)),
    "relu": (lambda v: np.maximum(v, 0), st.floats(0.01, 3.0) | st.floats(-3.0, -0.01)),
}


@SETTINGS
@given(st.sampled_from(sorted(UNARY)), st.data())
def test_unary_ops(name, data):
    ref, elements = UNARY[name]
    x = data.draw(arrays(shapes, elements))
    w = np.linspace(-1, 1, x.size).reshape(x.shape)
    out, (g,) = backprop(lambda t: (getattr(tg, name)(t) * w).sum(), x)
    np.testing.assert_allclose(getattr(tg, name)(tg.tensor(x)).numpy(), ref(x), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(out.item(), (ref(x) * w).sum(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g, fd_grad(lambda v: (ref(v) * w).sum(), x.copy()), rtol=1e-5, atol=1e-6)


@SETTINGS
@given(arrays(shapes, st.floats(0.2, 3.0)), st.sampled_from([2.0, 3.0, 0.5, -1.0, 1.5]))
def test_pow(x, p):
    _out, (g,) = backprop(lambda t: (t**p).sum(), x)
    np.testing.assert_allclose((tg.tensor(x) ** p).numpy(), x**p, rtol=1e-14)
    np.testing.assert_allclose(g, fd_grad(lambda v: (v**p).sum(), x.copy()), rtol=1e-5, atol=1e-6)


@SETTINGS
@given(st.data(), st.sampled_from(["sum", "mean"]), st.booleans())
def test_reductions(data, op, keepdims):
    x = data.draw(arrays(nonempty_shapes if op == "mean" else shapes))
    axis = data.draw(st.none() | st.integers(-x.ndim, x.ndim - 1)) if x.ndim else None
    ref = getattr(np, op)
    out = getattr(tg.tensor(x), op)(axis=axis, keepdims=keepdims)
    expected = ref(x, axis=axis, keepdims=keepdims)
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12, atol=1e-12)
    w = np.linspace(0.5, 1.5, np.size(expected)).reshape(np.shape(expected))
    _, (g,) = backprop(lambda t: (getattr(t, op)(axis=axis, keepdims=keepdims) * w).sum(), x)
    np.testing.assert_allclose(
        g, fd_grad(lambda v: (ref(v, axis=axis, keepdims=keepdims) * w).sum(), x.copy()), rtol=1e-5, atol=1e-6
    )


@SETTINGS
@given(
    st.integers(0, 4),
    st.integers(0, 4),
    st.integers(0, 4),
    st.sampled_from(["2d", "vec-mat", "mat-vec", "vec-vec"]),
    st.data(),
)
def test_matmul(m, k, n, kind, data):
    a_shape = {"2d": (m, k), "vec-mat": (k,), "mat-vec": (m, k), "vec-vec": (k,)}[kind]
    b_shape = {"2d": (k, n), "vec-mat": (k, n), "mat-vec": (k,), "vec-vec": (k,)}[kind]
    a = data.draw(arrays(st.just(a_shape)))
    b = data.draw(arrays(st.just(b_shape)))
    expected = a @ b
    out = tg.tensor(a) @ tg.tensor(b)
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12, atol=1e-12)
    w = np.linspace(0.5, 1.5, np.size(expected)).reshape(np.shape(expected))
    _, (ga, gb) = backprop(lambda x, y: ((x @ y) * w).sum(), a, b)
    np.testing.assert_allclose(ga, fd_grad(lambda x: ((x @ b) * w).sum(), a.copy()), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(gb, fd_grad(lambda y: ((a @ y) * w).sum(), b.copy()), rtol=1e-5, atol=1e-6)


@SETTINGS
@given(arrays(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=3)), st.data())
def test_transpose_and_reshape(x, data):
    axes = data.draw(st.permutations(range(x.ndim)))
    t = tg.tensor(x, requires_grad=True)
    y = t.permute(*axes)  # NumPy's transpose(axes)
    np.testing.assert_array_equal(y.numpy(), np.transpose(x, axes or None))
    flat = y.reshape(-1) if x.size else y.reshape(0)
    np.testing.assert_array_equal(flat.numpy(), np.transpose(x, axes or None).reshape(-1))
    w = np.arange(1.0, x.size + 1)
    (flat * w).sum().backward()
    # d/dx sum(w * transpose(x).ravel()) puts each weight back where its element came from.
    expected = np.transpose(
        w.reshape(np.transpose(x, axes or None).shape), np.argsort(axes) if axes else None
    )
    np.testing.assert_array_equal(t.grad, expected)


@SETTINGS
@given(st.data())
def test_losses(data):
    shape = data.draw(nonempty_shapes)
    x = data.draw(arrays(st.just(shape), st.floats(0.05, 0.95)))
    t = data.draw(arrays(st.just(shape), st.floats(0.0, 1.0)))
    refs = {
        "mse_loss": lambda p: np.mean((p - t) ** 2),
        "binary_cross_entropy": lambda p: -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)),
        "binary_cross_entropy_with_logits": lambda z: np.mean(np.logaddexp(0, z) - z * t),
    }
    name = data.draw(st.sampled_from(sorted(refs)))
    out, (g,) = backprop(lambda p: getattr(tg, name)(p, tg.tensor(t)), x)
    np.testing.assert_allclose(out.item(), refs[name](x), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g, fd_grad(refs[name], x.copy()), rtol=1e-5, atol=1e-7)


@SETTINGS
@given(
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(0, 4),
    st.sampled_from(["sigmoid", "tanh", None]),
    st.booleans(),
    st.data(),
)
def test_dense_matches_composed_ops(in_f, out_f, batch, activation, bias, data):
    x_shape = (batch, in_f) if batch else (in_f,)
    x = data.draw(arrays(st.just(x_shape)))
    w = data.draw(arrays(st.just((in_f, out_f))))
    b = data.draw(arrays(st.just((out_f,)))) if bias else None
    z = x @ w + (b if bias else 0)
    act = {"sigmoid": lambda v: 1 / (1 + np.exp(-v)), "tanh": np.tanh, None: lambda v: v}[activation]
    expected = act(z)
    inputs = [x, w] + ([b] if bias else [])
    out_w = np.linspace(0.5, 1.5, expected.size).reshape(expected.shape)
    tensors = [tg.tensor(a, requires_grad=True) for a in inputs]
    y = tg.dense(tensors[0], tensors[1], tensors[2] if bias else None, activation)
    np.testing.assert_allclose(y.numpy(), expected, rtol=1e-12, atol=1e-14)
    (y * out_w).sum().backward()
    for i, t in enumerate(tensors):

        def f(v, i=i):
            args = list(inputs)
            args[i] = v
            zz = args[0] @ args[1] + (args[2] if bias else 0)
            return (act(zz) * out_w).sum()

        np.testing.assert_allclose(t.grad, fd_grad(f, inputs[i].copy()), rtol=1e-5, atol=1e-6)
