"""Indexing, gather/scatter and embedding differentiable to any order (create_graph): gradgradcheck
against finite differences, and second and third derivatives against PyTorch on the same float64
values. Repeated indices exercise the accumulation of index's, gather's and embedding's backward.

The helpers (derivatives, compare, require_twice_differentiable) serve test_higher_order_losses too.
"""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.gradcheck import gradgradcheck

from torch_oracle import TF, torch


def derivatives(lib, f, arrays, wrt, order=2, seed=0):
    """The first `order` derivatives of f(*arrays) by `lib` (tg or torch).

    Level 1 is the gradient of f's output against a direction v w.r.t. the inputs listed in wrt;
    level k + 1 is the gradient of sum(level k * u_k) w.r.t. the inputs and every direction so
    far (each requires grad, so each level stays connected even where f is linear). Returns a
    list of lists of numpy arrays.
    """
    grad = tg.autograd.grad if lib is tg else torch.autograd.grad
    rng = np.random.default_rng(seed)
    xs = [lib.tensor(a.copy(), requires_grad=i in wrt) for i, a in enumerate(arrays)]
    out = f(*xs)
    v = lib.tensor(rng.uniform(-1.0, 1.0, tuple(out.shape)), dtype=out.dtype, requires_grad=True)
    variables = [xs[i] for i in wrt]
    grads = grad([out], variables, grad_outputs=[v], create_graph=True, allow_unused=True)
    variables = [*variables, v]
    levels = []
    for level in range(order):
        grads = [
            g if g is not None else lib.zeros(tuple(x.shape), dtype=x.dtype) for g, x in zip(grads, variables)
        ]
        levels.append([np.array(g.detach().numpy()) for g in grads])
        if level + 1 == order:
            break
        us = [
            lib.tensor(rng.uniform(-1.0, 1.0, tuple(g.shape)), dtype=g.dtype, requires_grad=True)
            for g in grads
        ]
        total = None
        for g, u in zip(grads, us):
            term = (g * u).sum()
            total = term if total is None else total + term
        variables = variables + us
        grads = grad([total], variables, create_graph=True, allow_unused=True)
        grads = list(grads)
    return levels


def compare(f_tg, f_torch, arrays, wrt, order=2, rtol=1e-10, atol=1e-12):
    """tapegrad's derivatives up to `order` equal PyTorch's on the same values."""
    ours = derivatives(tg, f_tg, arrays, wrt, order)
    theirs = derivatives(torch, f_torch, arrays, wrt, order)
    assert len(ours) == len(theirs)
    for level, (a, b) in enumerate(zip(ours, theirs)):
        assert len(a) == len(b)
        for i, (x, y) in enumerate(zip(a, b)):
            assert x.shape == y.shape, (level, i, x.shape, y.shape)
            np.testing.assert_allclose(x, y, rtol=rtol, atol=atol, err_msg=f"order {level + 1}, variable {i}")


def require_twice_differentiable(name, fn):
    """Skips the test while `fn` (an op another branch makes twice differentiable) is not yet."""
    x = tg.tensor([0.3, 0.7], requires_grad=True)
    try:
        g = tg.autograd.grad([fn(x).sum()], [x], create_graph=True)[0]
        tg.autograd.grad([(g * g).sum()], [x])
    except RuntimeError as e:
        if "not supported" in str(e):
            pytest.skip(f"{name} is not twice differentiable on this branch yet (another branch): {e}")
        raise


F = tg.nn.functional
RNG = np.random.default_rng(7)
X = RNG.uniform(-1.0, 1.0, (4, 3))
IDX = np.array([0, 2, 0, 3, 2])  # repeated rows


def sq(t):
    return t * t


def ggc(f, *arrays):
    """gradgradcheck of f over float64 tensors made from arrays (all require grad)."""
    assert gradgradcheck(f, *[tg.tensor(a.copy(), requires_grad=True) for a in arrays])


# ---- x[index], index_put


@pytest.mark.parametrize(
    "key",
    [
        (IDX,),
        (slice(None), np.array([1, 1, 0])),
        (IDX, slice(1, None)),
        (np.array([[0, 3], [3, 0]]), np.array([1, 1])),
        (X > 0,),
    ],
    ids=["rows", "columns", "rows-slice", "pairs", "mask"],
)
def test_advanced_index(key):
    def f(lib):
        def g(x):
            k = tuple(lib.tensor(a) if isinstance(a, np.ndarray) else a for a in key)
            return sq(x[k]) + x[k]

        return g

    ggc(f(tg), X)
    compare(f(tg), f(torch), [X], [0], order=3)


@pytest.mark.parametrize("accumulate", [True, False])
def test_index_put(accumulate):
    idx = IDX if accumulate else np.array([3, 0, 1])  # PyTorch leaves repeats unspecified without accumulate
    vals = RNG.uniform(-1.0, 1.0, (len(idx), 3))

    def f(lib):
        return lambda x, v: sq(lib.index_put(x * x, (lib.tensor(idx),), v * x[0], accumulate=accumulate))

    ggc(f(tg), X, vals)
    compare(f(tg), f(torch), [X, vals], [0, 1], order=3)


def test_index_put_repeated_last_write_wins():
    # The overwritten values get no gradient, to every order (finite differences agree).
    idx = tg.tensor(IDX)
    ggc(lambda x, v: sq(tg.index_put(x, (idx,), v * v)), X, RNG.uniform(-1, 1, (5, 3)))


def test_setitem_basic_region():
    vals = RNG.uniform(-1.0, 1.0, (2, 2))

    def f(x, v):
        y = x * x
        y[1:3, ::2] = v * v
        return y * x

    def ft(x, v):
        y = x * x
        y[1:3, ::2] = v * v
        return y * x

    ggc(f, X, vals)
    compare(f, ft, [X, vals], [0, 1], order=3)


def test_setitem_accumulate_region():
    vals = RNG.uniform(-1.0, 1.0, (3,))

    def ours(x, v):  # a basic index: the region's node
        return sq(tg.index_put(x * x, (1, slice(None)), v * v, accumulate=True))

    def theirs(x, v):
        return sq(torch.index_put(x * x, (torch.tensor(1),), v * v, accumulate=True))

    ggc(ours, X, vals)
    compare(ours, theirs, [X, vals], [0, 1], order=3)


def test_inplace_through_view():
    w = RNG.uniform(-1.0, 1.0, (3,))

    def f(x, v):
        y = x * 1.0
        row = y[1:3]
        row.mul_(v)
        return sq(y)

    ggc(f, X, w)
    compare(f, f, [X, w], [0, 1], order=3)


# ---- gathers


@pytest.mark.parametrize("dim", [0, 1])
def test_gather(dim):
    index = np.array([[0, 2, 0], [3, 3, 1]]) if dim == 0 else np.array([[0, 0], [2, 1], [1, 1], [2, 2]])

    def f(lib):
        return lambda x: sq(lib.gather(x * x, dim, lib.tensor(index))) + lib.gather(x, dim, lib.tensor(index))

    ggc(f(tg), X)
    compare(f(tg), f(torch), [X], [0], order=3)


def test_take_along_dim_index_select_take():
    def f(lib):
        def g(x):
            a = lib.take_along_dim(x, lib.tensor(np.array([[2], [0], [0], [1]])), 1)
            b = lib.index_select(x * x, 0, lib.tensor(IDX))
            c = lib.take(x, lib.tensor(np.array([11, 0, 11, 5])))
            return sq(a).sum() * b.sum() + (c * c * c).sum()

        return g

    ggc(f(tg), X)
    compare(f(tg), f(torch), [X], [0], order=3)


def test_masked_select():
    mask = X > 0.1

    def f(lib):
        return lambda x: sq(lib.masked_select(x, lib.tensor(mask)))

    ggc(f(tg), X)
    compare(f(tg), f(torch), [X], [0], order=3)


@pytest.mark.parametrize("padding_idx", [None, 2])
@pytest.mark.parametrize("scale", [False, True])
def test_embedding(padding_idx, scale):
    weight = RNG.uniform(-1.0, 1.0, (5, 3))
    ids = np.array([[0, 2, 2], [4, 0, 2]])

    def f(F_):
        return lambda w: sq(
            F_.embedding(TF_ids(F_), w * w, padding_idx=padding_idx, scale_grad_by_freq=scale)
        )

    def TF_ids(F_):
        return tg.tensor(ids) if F_ is F else torch.tensor(ids)

    if not scale:
        ggc(f(F), weight)
        compare(f(F), f(TF), [weight], [0], order=3)
        return
    # Scaled by frequency, the gradient is not the derivative of the loss (no finite differences
    # of w), and PyTorch 2.13's double backward drops the 1 / frequency factor (its
    # embedding_dense_double_backward gathers the unscaled grad). tapegrad keeps the factor: the
    # derivative of the weight's gradient with respect to the incoming gradient v is that of the
    # rule first order applies, checked here against finite differences in v.
    w = tg.tensor(weight.copy(), requires_grad=True)
    u = tg.tensor(RNG.uniform(-1.0, 1.0, weight.shape))

    def projected(v):
        with tg.enable_grad():
            out = F.embedding(tg.tensor(ids), w, padding_idx=padding_idx, scale_grad_by_freq=True)
            (g,) = tg.autograd.grad([out], [w], grad_outputs=[v], create_graph=True)
            return (g * u).sum()

    assert tg.gradcheck(projected, tg.tensor(RNG.uniform(-1.0, 1.0, (2, 3, 3)), requires_grad=True))


# ---- scatters


def test_scatter_add():
    index = np.array([[0, 2, 0], [3, 0, 0]])
    src = RNG.uniform(-1.0, 1.0, (2, 4))  # larger than index along dim 1: padded gradient

    def f(lib):
        return lambda x, s: sq(lib.scatter_add(x * x, 0, lib.tensor(index), s * s))

    ggc(f(tg), X, src)
    # PyTorch 2.13's double backward fails when src is larger than index (ScatterAddBackward0
    # "returned an invalid gradient"): compared on a src of index's shape.
    compare(f(tg), f(torch), [X, src[:, :3].copy()], [0, 1], order=3)


def test_scatter_copy_and_value():
    index = np.array([[0, 2, 1], [3, 0, 2]])  # no repeats per column: PyTorch leaves them unspecified
    src = RNG.uniform(-1.0, 1.0, (2, 3))

    def f(lib):
        def g(x, s):
            a = lib.scatter(x * x, 0, lib.tensor(index), s * s)
            b = lib.scatter(x, 1, lib.tensor(np.array([[0], [2], [1], [1]])), value=0.5)
            return sq(a) * b

        return g

    ggc(f(tg), X, src)
    compare(f(tg), f(torch), [X, src], [0, 1], order=3)


def test_scatter_repeated_last_write_wins():
    index = tg.tensor(np.array([[0, 0, 1], [0, 0, 1]]))
    ggc(lambda x, s: sq(tg.scatter(x, 0, index, s * s)), X, RNG.uniform(-1.0, 1.0, (2, 3)))


@pytest.mark.parametrize("reduce", ["sum", "mean", "amax", "amin", "prod"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce(reduce, include_self):
    index = np.array([[0, 2, 0], [0, 0, 3], [3, 2, 0]])
    src = RNG.uniform(-1.0, 1.0, (3, 3))

    def f(lib):
        return lambda x, s: sq(
            lib.scatter_reduce(x * x, 0, lib.tensor(index), s * s, reduce, include_self=include_self)
        )

    ggc(f(tg), X, src)
    compare(f(tg), f(torch), [X, src], [0, 1], order=3)


def test_scatter_reduce_prod_with_a_zero_refuses_create_graph():
    x = tg.tensor(X.copy(), requires_grad=True)
    src = tg.tensor(np.array([[2.0, 0.0, 3.0]]), requires_grad=True)
    out = tg.scatter_reduce(x, 0, tg.tensor(np.array([[0, 1, 0]])), src, "prod")
    (g,) = tg.autograd.grad([out.sum()], [x], retain_graph=True)  # first order works
    assert g.shape == (4, 3)
    with pytest.raises(RuntimeError, match="not supported when a value combined is zero"):
        tg.autograd.grad([out.sum()], [x], create_graph=True)


def test_masked_fill_index_add_copy_fill_masked_scatter():
    mask = X > 0
    src = RNG.uniform(-1.0, 1.0, (3, 3))

    def f(lib):
        def g(x, s, value):
            m = lib.tensor(mask)
            a = lib.masked_fill(x * x, m, value * value)
            b = lib.index_add(x, 0, lib.tensor(np.array([1, 1, 0])), s * s, alpha=0.5)
            c = lib.index_copy(x * x, 0, lib.tensor(np.array([3, 0, 2])), s)
            d = lib.index_fill(x * x, 1, lib.tensor(np.array([2])), value)
            e = lib.masked_scatter(x, m, s * x[0])
            return sq(a) * b + c * d * e

        return g

    value = np.array(0.7)
    ggc(f(tg), X, src, value)
    compare(f(tg), f(torch), [X, src, value], [0, 1, 2], order=3)


def test_float32_second_derivative():
    x = X.astype(np.float32)

    def f(lib):
        return lambda t: sq(lib.gather(t, 0, lib.tensor(np.array([[0, 2, 0], [3, 3, 1]]))))

    ours = derivatives(tg, f(tg), [x], [0])
    theirs = derivatives(torch, f(torch), [x], [0])
    for a, b in zip(ours, theirs):
        for p, q in zip(a, b):
            np.testing.assert_allclose(p, q, rtol=1e-5, atol=1e-6)
