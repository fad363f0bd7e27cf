"""Matrix products against PyTorch 2.13: torch.matmul's shape rules (1-D operands, batches that
broadcast), mm, bmm, mv, dot, vdot, outer, ger and inner, in float32, float64 and the integer
dtypes, their gradients (and gradcheck in float64), operands read in place through transposed
views, and the errors of bad shapes.
"""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch


def data(shape, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.integer):
        return (
            rng.integers(-9, 10, shape).astype(dtype)
            if dtype != np.uint8
            else rng.integers(0, 9, shape).astype(dtype)
        )
    return rng.standard_normal(shape).astype(dtype)


def tol(dtype):
    return {np.float32: 2e-5, np.float64: 1e-12}.get(dtype, 0)


def close(got, want, dtype):
    assert got.dtype == want.detach().numpy().dtype
    assert tuple(got.shape) == tuple(want.shape)
    t = tol(dtype)
    np.testing.assert_allclose(got.numpy(), want.detach().numpy(), rtol=t, atol=t * 10)


SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3, 4)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((5, 2, 3), (3, 4)),
    ((5, 2, 3), (3,)),
    ((3,), (5, 3, 4)),
    ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (5, 3, 4)),
    ((5, 1, 2, 3), (4, 3, 2)),
    ((1, 2, 3), (6, 3, 4)),
    ((6, 2, 3), (1, 3, 4)),
    ((2, 1, 4, 2, 3), (3, 1, 3, 5)),
    ((0, 2, 3), (3, 4)),
    ((2, 0), (0, 3)),
    ((2, 3), (3, 0)),
    ((4, 0, 3), (3, 2)),
]


@pytest.mark.parametrize("a_shape, b_shape", SHAPES, ids=[f"{a}@{b}" for a, b in SHAPES])
def test_matmul_values_match_torch(a_shape, b_shape):
    for dtype in (np.float64, np.float32, np.int64, np.int32, np.uint8):
        a, b = data(a_shape, dtype, 1), data(b_shape, dtype, 2)
        want = torch.matmul(torch.tensor(a), torch.tensor(b))
        close(tg.matmul(tg.tensor(a), tg.tensor(b)), want, dtype)
        close(tg.tensor(a) @ tg.tensor(b), want, dtype)
        close(tg.tensor(a).matmul(tg.tensor(b)), want, dtype)


@pytest.mark.parametrize("a_shape, b_shape", SHAPES, ids=[f"{a}@{b}" for a, b in SHAPES])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matmul_gradients_match_torch(a_shape, b_shape, dtype):
    a, b = data(a_shape, dtype, 1), data(b_shape, dtype, 2)
    x, y = tg.tensor(a, requires_grad=True), tg.tensor(b, requires_grad=True)
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    out, tout = x @ y, tx @ ty
    w = data(tuple(tout.shape), dtype, 3)
    (out * tg.tensor(w)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    close(x.grad, tx.grad, dtype)
    close(y.grad, ty.grad, dtype)


# Operands given as views of every layout: transposed (read through the GEMM's flags), strided
# (copied), expanded (stride 0 batches), and 1-D vectors with a stride.
LAYOUTS = [
    ("x @ w.T", lambda lib, x, w: x @ w.T, (4, 3), (5, 3)),
    ("x.T @ w", lambda lib, x, w: x.T @ w, (3, 4), (3, 5)),
    ("x.T @ w.T", lambda lib, x, w: x.T @ w.T, (3, 4), (5, 3)),
    ("batched mT", lambda lib, x, w: x.mT @ w.mT, (2, 3, 4), (2, 5, 3)),
    ("batch transposed", lambda lib, x, w: x.transpose(0, 1) @ w, (3, 2, 4), (4, 5)),
    ("strided rows", lambda lib, x, w: x[:, ::2] @ w, (4, 6), (3, 5)),
    ("strided both", lambda lib, x, w: x[::2, ::2] @ w[:, ::3], (6, 6), (3, 6)),
    ("narrowed inner", lambda lib, x, w: x[:, 1:4] @ w[2:5], (4, 6), (7, 5)),
    ("expanded batch", lambda lib, x, w: x.expand(3, 4, 2) @ w, (1, 4, 2), (3, 2, 5)),
    ("expanded rows", lambda lib, x, w: x.expand(4, 3) @ w, (1, 3), (3, 5)),
    ("strided vector", lambda lib, x, w: x[::2] @ w, (6,), (3, 5)),
    ("matrix @ strided vector", lambda lib, x, w: x @ w[:, 1], (4, 3), (3, 2)),
    ("permuted batch", lambda lib, x, w: x.permute(1, 0, 2) @ w.permute(1, 0, 2), (2, 3, 4), (4, 3, 5)),
]


@pytest.mark.parametrize("name, op, a_shape, b_shape", LAYOUTS, ids=[c[0] for c in LAYOUTS])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_matmul_of_views(name, op, a_shape, b_shape, dtype):
    a, b = data(a_shape, dtype, 4), data(b_shape, dtype, 5)
    grad = dtype != np.int64
    x, y = tg.tensor(a, requires_grad=grad), tg.tensor(b, requires_grad=grad)
    tx, ty = torch.tensor(a, requires_grad=grad), torch.tensor(b, requires_grad=grad)
    out, tout = op(tg, x, y), op(torch, tx, ty)
    close(out, tout, dtype)
    if grad:
        w = data(tuple(tout.shape), dtype, 6)
        (out * tg.tensor(w)).sum().backward()
        (tout * torch.tensor(w)).sum().backward()
        close(x.grad, tx.grad, dtype)
        close(y.grad, ty.grad, dtype)


def test_x_at_w_T_reads_w_in_place():
    # The product saves w's own memory (no copy): changing w after the forward makes the
    # backward (which reads w for x's gradient) refuse, as for any saved tensor.
    x = tg.tensor(data((4, 3)), requires_grad=True)
    w = tg.tensor(data((5, 3), seed=1))
    y = x @ w.T
    with tg.no_grad():
        w.add_(1.0)
    with pytest.raises(RuntimeError, match=r"MatMul.*modified in place"):
        y.sum().backward()
    # A layout the GEMM cannot read is copied: the same change then leaves the product alone.
    w2 = tg.tensor(data((5, 6), seed=2))
    x.grad = None
    y = x @ w2[:, ::2].T
    with tg.no_grad():
        w2.add_(1.0)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.broadcast_to((w2.numpy()[:, ::2] - 1).sum(0), (4, 3)))


@pytest.mark.parametrize(
    "f, shapes",
    [
        (lambda a, b: a @ b, [(2, 3), (3, 4)]),
        (lambda a, b: a @ b, [(3, 2, 3), (3, 2)]),
        (lambda a, b: a @ b, [(2, 1, 2, 3), (3, 3, 2)]),
        (lambda a, b: a @ b, [(3,), (2, 3, 2)]),
        (lambda a, b: a @ b.mT, [(2, 2, 3), (2, 3)]),
        (lambda a, b: a.mT @ b, [(4, 3, 2), (3, 2)]),
        (lambda a, b: tg.dot(a, b), [(4,), (4,)]),
        (lambda a, b: tg.outer(a, b), [(3,), (4,)]),
        (lambda a, b: tg.inner(a, b), [(2, 3), (4, 3)]),
        (lambda a, b: tg.mv(a, b), [(2, 3), (3,)]),
        (lambda a, b: tg.bmm(a, b), [(2, 2, 3), (2, 3, 2)]),
    ],
)
def test_products_gradcheck(f, shapes):
    inputs = [tg.tensor(data(s, seed=i), requires_grad=True) for i, s in enumerate(shapes)]
    assert tg.gradcheck(f, *inputs)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
def test_named_products_match_torch(dtype):
    def both(name, *shapes):
        arrays = [data(s, dtype, i + 7) for i, s in enumerate(shapes)]
        got = getattr(tg, name)(*[tg.tensor(a) for a in arrays])
        want = getattr(torch, name)(*[torch.tensor(a) for a in arrays])
        close(got, want, dtype)
        method = getattr(tg.tensor(arrays[0]), name)(*[tg.tensor(a) for a in arrays[1:]])
        close(method, want, dtype)

    both("mm", (2, 3), (3, 4))
    both("bmm", (2, 2, 3), (2, 3, 4))
    both("mv", (2, 3), (3,))
    both("dot", (5,), (5,))
    both("vdot", (5,), (5,))
    both("outer", (3,), (4,))
    both("ger", (3,), (4,))
    both("inner", (2, 3), (4, 3))
    both("inner", (3,), (2, 2, 3))
    both("inner", (), (2, 3))


def test_batched_matmul_across_threads_matches_torch():
    # Many small products: run across the thread pool.
    a, b = data((300, 16, 16), np.float64, 1), data((300, 16, 16), np.float64, 2)
    close(tg.tensor(a) @ tg.tensor(b), torch.tensor(a) @ torch.tensor(b), np.float64)
    x, y = tg.tensor(a, requires_grad=True), tg.tensor(b[:1], requires_grad=True)
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b[:1], requires_grad=True)
    (x.mT @ y).sum().backward()
    (tx.mT @ ty).sum().backward()
    close(x.grad, tx.grad, np.float64)
    close(y.grad, ty.grad, np.float64)


def test_integer_products_wrap_around_as_torch():
    a = np.full((2, 2), 2**62, np.int64)
    got = tg.tensor(a) @ tg.tensor(a)
    np.testing.assert_array_equal(got.numpy(), (torch.tensor(a) @ torch.tensor(a)).numpy())
    u = np.full((1, 3), 200, np.uint8)
    np.testing.assert_array_equal(
        (tg.tensor(u) @ tg.tensor(u.T)).numpy(), (torch.tensor(u) @ torch.tensor(u.T)).numpy()
    )


def test_mixed_dtypes_promote():
    # A deliberate difference: PyTorch raises for operands of different dtypes.
    got = tg.tensor(np.ones((2, 3), np.int64)) @ tg.tensor(np.ones((3, 2), np.float32))
    assert got.dtype == tg.float32
    np.testing.assert_array_equal(got.numpy(), np.full((2, 2), 3.0))


ERRORS = [
    (
        lambda: tg.tensor(np.ones((2, 3))) @ tg.tensor(np.ones((2, 3))),
        RuntimeError,
        "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)",
    ),
    (lambda: tg.matmul(tg.tensor(np.ones(3)), tg.tensor(np.ones(2))), RuntimeError, "(3,) and (2,)"),
    (
        lambda: tg.matmul(tg.tensor(np.ones((5, 2, 3))), tg.tensor(np.ones((4, 3, 2)))),
        RuntimeError,
        "((5,) and (4,)) cannot be broadcast together",
    ),
    (
        lambda: tg.matmul(tg.tensor(1.0), tg.tensor(np.ones(2))),
        RuntimeError,
        "at least 1D, but they are 0D and 1D",
    ),
    (lambda: tg.matmul(tg.tensor([True]), tg.tensor([True])), TypeError, "bool"),
    (lambda: tg.tensor(np.ones(2)) @ 2.0, TypeError, "unsupported operand"),
    (lambda: tg.mm(tg.tensor(np.ones(3)), tg.tensor(np.ones((3, 2)))), RuntimeError, "self must be a matrix"),
    (
        lambda: tg.mm(tg.tensor(np.ones((2, 3))), tg.tensor(np.ones((2, 3)))),
        RuntimeError,
        "cannot be multiplied",
    ),
    (lambda: tg.bmm(tg.tensor(np.ones((2, 3))), tg.tensor(np.ones((2, 3, 2)))), RuntimeError, "3D tensors"),
    (
        lambda: tg.bmm(tg.tensor(np.ones((2, 2, 3))), tg.tensor(np.ones((3, 3, 2)))),
        RuntimeError,
        "Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [3, 3]",
    ),
    (lambda: tg.mv(tg.tensor(np.ones((2, 2))), tg.tensor(np.ones(3))), RuntimeError, "size mismatch"),
    (
        lambda: tg.mv(tg.tensor(np.ones(2)), tg.tensor(np.ones(2))),
        RuntimeError,
        "2-D matrix and a 1-D vector",
    ),
    (lambda: tg.dot(tg.tensor(np.ones((2, 2))), tg.tensor(np.ones(2))), RuntimeError, "1D tensors expected"),
    (lambda: tg.dot(tg.tensor(np.ones(2)), tg.tensor(np.ones(3))), RuntimeError, "inconsistent tensor size"),
    (lambda: tg.outer(tg.tensor(np.ones((2, 2))), tg.tensor(np.ones(2))), RuntimeError, "two 1-D tensors"),
    (
        lambda: tg.inner(tg.tensor(np.ones((2, 3))), tg.tensor(np.ones((2, 4)))),
        RuntimeError,
        "the last dimension must match",
    ),
    (
        lambda: tg.mm(np.ones((2, 2)), tg.tensor(np.ones((2, 2)))),
        TypeError,
        "argument 'input' must be Tensor",
    ),
]


@pytest.mark.parametrize("call, exc, fragment", ERRORS, ids=[f"{i}" for i in range(len(ERRORS))])
def test_errors_name_the_problem(call, exc, fragment):
    with pytest.raises(exc) as e:
        call()
    assert fragment in str(e.value)
