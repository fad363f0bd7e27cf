"""gather, scatter*, index_*, take*, masked_*, nonzero/argwhere against PyTorch: values and
gradients in float32 and float64, the Tensor methods and in-place forms, finite differences
in float64, and the errors (exception type and message).
"""

import warnings

import numpy as np
import pytest

import tapegrad as tg
from tapegrad._indexing import _where_condition

from torch_oracle import torch

DTYPES = [(tg.float32, torch.float32, 2e-6), (tg.float64, torch.float64, 1e-12)]
RNG = np.random.default_rng(0)


def make(lib, value, dtype):
    """A tensor of lib from NumPy data: floats become leaves that require a gradient."""
    tdt, pdt, _ = dtype
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        if lib is tg:
            return tg.tensor(value, dtype=tdt, requires_grad=True)
        return torch.tensor(value, dtype=pdt, requires_grad=True)
    if isinstance(value, np.ndarray):
        return tg.tensor(value) if lib is tg else torch.tensor(value)
    return value


def compare(f, args, dtype, grad=True):
    """f(lib, *args) in tapegrad and in torch: the same values, and the same gradients for every
    floating-point argument under a random upstream gradient."""
    tol = dtype[2]
    ins = {lib: [make(lib, a, dtype) for a in args] for lib in (tg, torch)}
    out_tg, out_th = f(tg, *ins[tg]), f(torch, *ins[torch])
    assert tuple(out_tg.shape) == tuple(out_th.shape)
    np.testing.assert_allclose(np.asarray(out_tg.detach()), out_th.detach().numpy(), rtol=tol, atol=tol)
    if not grad:
        return
    w = RNG.standard_normal(tuple(out_th.shape))
    (out_tg * tg.tensor(w, dtype=dtype[0])).sum().backward()
    (out_th * torch.tensor(w, dtype=dtype[1])).sum().backward()
    for a, b in zip(ins[tg], ins[torch], strict=True):
        if isinstance(b, torch.Tensor) and b.requires_grad:
            np.testing.assert_allclose(np.asarray(a.grad), b.grad.numpy(), rtol=10 * tol, atol=10 * tol)


def floats(*shape):
    return RNG.standard_normal(shape)


def ints(high, *shape):
    return RNG.integers(0, high, shape)


# --- gather and friends --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_gather(dtype):
    x = floats(3, 4, 5)
    compare(lambda lib, x, i: lib.gather(x, 0, i), [x, ints(3, 2, 4, 5)], dtype)
    compare(lambda lib, x, i: lib.gather(x, 1, i), [x, ints(4, 3, 7, 2)], dtype)  # larger along dim
    compare(lambda lib, x, i: x.gather(-1, i), [x, ints(5, 1, 2, 9)], dtype)  # repeats accumulate


@pytest.mark.parametrize("dtype", DTYPES)
def test_take_along_dim(dtype):
    compare(lambda lib, x, i: lib.take_along_dim(x, i, 1), [floats(3, 4), ints(4, 3, 2)], dtype)
    compare(lambda lib, x, i: lib.take_along_dim(x, i, 0), [floats(3, 1), ints(3, 2, 5)], dtype)  # broadcast
    compare(lambda lib, x, i: lib.take_along_dim(x, i), [floats(3, 4), ints(12, 6)], dtype)
    compare(
        lambda lib, x, i: x.take_along_dim(i - 4, dim=1), [floats(3, 4), ints(4, 3, 2)], dtype
    )  # negative


@pytest.mark.parametrize("dtype", DTYPES)
def test_index_select(dtype):
    x = floats(3, 4, 5)
    compare(lambda lib, x, i: lib.index_select(x, 1, i), [x, np.array([3, 0, 3, 1])], dtype)
    compare(lambda lib, x, i: x.index_select(-1, i), [x, np.array([4])], dtype)
    compare(lambda lib, x, i: lib.index_select(x, 0, i), [x, np.array(2)], dtype)  # a 0-d index
    compare(lambda lib, x, i: lib.index_select(x, 0, i), [x, np.array([1, 2], dtype=np.int32)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_take(dtype):
    compare(lambda lib, x, i: lib.take(x, i), [floats(3, 4), np.array([[0, 11], [-1, 5]])], dtype)
    compare(lambda lib, x, i: x.T.take(i), [floats(3, 4), np.array([1, 1, 7])], dtype)  # a strided input


@pytest.mark.parametrize("dtype", DTYPES)
def test_masked_select(dtype):
    compare(lambda lib, x, m: lib.masked_select(x, m), [floats(3, 4), RNG.random((3, 4)) > 0.5], dtype)
    compare(lambda lib, x, m: x.masked_select(m), [floats(3, 1), RNG.random((2, 3, 4)) > 0.5], dtype)


def test_nonzero_and_argwhere():
    for data in (np.array([[1, 0, 2], [0, 0, 3]]), np.array([0.0, np.nan, -1.0]), np.array(5), np.array(0)):
        expected = torch.nonzero(torch.tensor(data))
        np.testing.assert_array_equal(tg.nonzero(tg.tensor(data)).numpy(), expected.numpy())
        np.testing.assert_array_equal(
            tg.argwhere(tg.tensor(data)).numpy(), torch.argwhere(torch.tensor(data)).numpy()
        )
        got = tg.tensor(data).nonzero(as_tuple=True)
        want = torch.nonzero(torch.tensor(data), as_tuple=True)
        assert isinstance(got, tuple) and len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            np.testing.assert_array_equal(a.numpy(), b.numpy())
            assert a.dtype == tg.int64
        where = _where_condition(tg.tensor(data))
        assert len(where) == len(want)
    x = tg.tensor(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(x[(x > 2).nonzero(as_tuple=True)].numpy(), [3, 4, 5])


# --- scatters ------------------------------------------------------------------------------------


def distinct_index(n, shape):
    """An index along the first dimension whose columns hold distinct values (no repeats)."""
    return np.stack(
        [RNG.permutation(n)[: shape[0]] for _ in range(int(np.prod(shape[1:])))], axis=-1
    ).reshape(shape)


@pytest.mark.parametrize("dtype", DTYPES)
def test_scatter(dtype):
    idx = distinct_index(4, (3, 5))
    compare(lambda lib, x, i, s: lib.scatter(x, 0, i, s), [floats(4, 5), idx, floats(3, 5)], dtype)
    # src larger than index: torch's backward refuses the shapes (tapegrad's pads; gradcheck below)
    compare(
        lambda lib, x, i, s: x.scatter(0, i, s), [floats(4, 5), idx[:2, :3], floats(3, 5)], dtype, grad=False
    )
    compare(lambda lib, x, i: lib.scatter(x, 0, i, 2.5), [floats(4, 5), idx], dtype)
    compare(lambda lib, x, i: lib.scatter(x, 0, i, value=-1), [floats(4, 5), idx], dtype)
    with warnings.catch_warnings():  # torch warns that reduce= is deprecated (once)
        warnings.simplefilter("ignore", UserWarning)
        compare(
            lambda lib, x, i, s: lib.scatter(x, 1, i, s, reduce="add"),
            [floats(2, 3), ints(3, 2, 4), floats(2, 4)],
            dtype,
            grad=False,
        )
        compare(
            lambda lib, x, i, s: lib.scatter(x, 1, i, s, reduce="multiply"),
            [floats(2, 3), ints(3, 2, 4), floats(2, 4)],
            dtype,
            grad=False,
        )


def test_scatter_repeated_positions_last_write_wins_and_gets_the_gradient():
    x = tg.tensor(np.zeros(3), requires_grad=True)
    src = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    out = tg.scatter(x, 0, tg.tensor([0, 2, 0]), src)
    np.testing.assert_array_equal(out.detach().numpy(), [3, 0, 2])
    (out * tg.tensor([10.0, 20.0, 30.0])).sum().backward()
    np.testing.assert_array_equal(np.asarray(src.grad), [0, 30, 10])
    np.testing.assert_array_equal(np.asarray(x.grad), [0, 20, 0])


@pytest.mark.parametrize("dtype", DTYPES)
def test_scatter_add(dtype):
    compare(
        lambda lib, x, i, s: lib.scatter_add(x, 0, i, s), [floats(4, 5), ints(4, 6, 5), floats(6, 5)], dtype
    )
    # src larger than index: torch's backward refuses the shapes (tapegrad's pads; gradcheck below)
    compare(
        lambda lib, x, i, s: x.scatter_add(1, i, s),
        [floats(4, 5), ints(5, 3, 8), floats(4, 9)],
        dtype,
        grad=False,
    )


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("dtype", DTYPES)
def test_scatter_reduce(reduce, include_self, dtype):
    # Small integers make ties (amax/amin share the gradient) and a zero (prod's exact case).
    # Without include_self, input's values are kept apart from src's: PyTorch counts an input
    # value equal to the result among the ties even though it took no part (tapegrad does not).
    x = RNG.integers(-2, 3, (4, 3)).astype(float) + (0 if include_self else 10.5)
    src = RNG.integers(-2, 3, (6, 3)).astype(float)
    idx = ints(3, 6, 3)  # rows 0..2: row 3 receives nothing
    compare(
        lambda lib, x, i, s: lib.scatter_reduce(x, 0, i, s, reduce, include_self=include_self),
        [x, idx, src],
        dtype,
    )


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_scatter_reduce_of_integers(reduce):
    x = RNG.integers(-5, 6, (3, 4))
    src = RNG.integers(-5, 6, (5, 4))
    idx = ints(3, 5, 4)
    for include_self in (True, False):
        want = torch.scatter_reduce(
            torch.tensor(x), 0, torch.tensor(idx), torch.tensor(src), reduce, include_self=include_self
        )
        got = tg.scatter_reduce(
            tg.tensor(x), 0, tg.tensor(idx), tg.tensor(src), reduce, include_self=include_self
        )
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_scatter_reduce_gradcheck():
    x = tg.tensor(RNG.standard_normal((3, 2)), requires_grad=True)
    src = tg.tensor(RNG.standard_normal((5, 2)), requires_grad=True)
    idx = tg.tensor(ints(3, 5, 2))
    for reduce in ("sum", "prod", "mean", "amax", "amin"):
        for include_self in (True, False):
            assert tg.gradcheck(
                lambda x, s, r=reduce, k=include_self: tg.scatter_reduce(x, 0, idx, s, r, include_self=k),
                x,
                src,
            )


@pytest.mark.parametrize("dtype", DTYPES)
def test_index_add_copy_fill(dtype):
    x = floats(4, 3)
    compare(lambda lib, x, i, s: lib.index_add(x, 0, i, s), [x, np.array([0, 3, 0, 1]), floats(4, 3)], dtype)
    compare(lambda lib, x, i, s: x.index_add(1, i, s, alpha=-2.5), [x, np.array([2, 2]), floats(4, 2)], dtype)
    compare(lambda lib, x, i, s: lib.index_copy(x, 0, i, s), [x, np.array([3, 1]), floats(2, 3)], dtype)
    compare(lambda lib, x, i, v: lib.index_fill(x, 1, i, v), [x, np.array([0, 2, 0]), np.array(1.5)], dtype)
    # Negative indices: torch's forward takes them, its backward fails (tapegrad's works: gradcheck).
    compare(
        lambda lib, x, i, v: lib.index_fill(x, 1, i, v),
        [x, np.array([0, -1]), np.array(1.5)],
        dtype,
        grad=False,
    )
    compare(lambda lib, x, i: x.index_fill(0, i, -7), [x, np.array([2])], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_masked_fill(dtype):
    compare(lambda lib, x, m: lib.masked_fill(x, m, 2.0), [floats(3, 4), RNG.random((3, 4)) > 0.5], dtype)
    compare(
        lambda lib, x, m, v: x.masked_fill(m, v), [floats(3, 4), RNG.random(4) > 0.5, np.array(-1.0)], dtype
    )
    # The input broadcasts to the mask's shape out of place.
    compare(lambda lib, x, m: lib.masked_fill(x, m, 0), [floats(4), RNG.random((3, 4)) > 0.5], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_masked_scatter(dtype):
    m = RNG.random((3, 4)) > 0.5
    compare(lambda lib, x, m, s: lib.masked_scatter(x, m, s), [floats(3, 4), m, floats(4, 4)], dtype)
    compare(lambda lib, x, m, s: x.masked_scatter(m, s), [floats(4), m, floats(12)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_in_place_forms_match_torch_and_record(dtype):
    x_np = floats(4, 5)
    idx = distinct_index(4, (2, 5))
    src_np = floats(2, 5)
    m_np = RNG.random((4, 5)) > 0.5
    calls = [
        lambda x, lib, s: x.scatter_(0, idx_of(lib, idx), s),
        lambda x, lib, s: x.scatter_(0, idx_of(lib, idx), value=3.0),
        lambda x, lib, s: x.scatter_add_(0, idx_of(lib, idx), s),
        lambda x, lib, s: x.scatter_reduce_(0, idx_of(lib, idx), s, "amax", include_self=False),
        lambda x, lib, s: x.index_add_(0, idx_of(lib, np.array([1, 3])), s),
        lambda x, lib, s: x.index_copy_(0, idx_of(lib, np.array([3, 0])), s),
        lambda x, lib, s: x.index_fill_(1, idx_of(lib, np.array([4, 0])), 9.0),
        lambda x, lib, s: x.masked_fill_(idx_of(lib, m_np), -3.0),
        lambda x, lib, s: x.masked_scatter_(
            idx_of(lib, m_np), s.reshape(-1).repeat(2) if lib is torch else s
        ),
    ]
    for call in calls:
        outs = {}
        for lib, tdt in ((tg, dtype[0]), (torch, dtype[1])):
            leaf = (
                tg.tensor(x_np, dtype=tdt, requires_grad=True)
                if lib is tg
                else torch.tensor(x_np, dtype=tdt, requires_grad=True)
            )
            s = (
                tg.tensor(
                    src_np if call is not calls[-1] else np.tile(src_np.ravel(), 2),
                    dtype=tdt,
                    requires_grad=True,
                )
                if lib is tg
                else torch.tensor(src_np, dtype=tdt, requires_grad=True)
            )
            y = leaf * 1.0
            assert call(y, lib, s) is y
            (
                y * (tg.tensor(x_np, dtype=tdt) if lib is tg else torch.tensor(x_np, dtype=tdt))
            ).sum().backward()
            outs[lib] = (y.detach().numpy(), np.asarray(leaf.grad))
        np.testing.assert_allclose(outs[tg][0], outs[torch][0], rtol=dtype[2], atol=dtype[2])
        np.testing.assert_allclose(outs[tg][1], outs[torch][1], rtol=dtype[2], atol=dtype[2])


def idx_of(lib, a):
    return tg.tensor(a) if lib is tg else torch.tensor(a)


def test_in_place_forms_on_a_leaf_follow_the_rules():
    p = tg.tensor(np.zeros(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        p.index_fill_(0, tg.tensor([0]), 1.0)
    with tg.no_grad():
        p.masked_fill_(tg.tensor([True, False, True]), 2.0)
    np.testing.assert_array_equal(p.detach().numpy(), [2, 0, 2])


def test_gradcheck_of_each_function():
    x = tg.tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    s = tg.tensor(RNG.standard_normal((4, 3)), requires_grad=True)
    v = tg.tensor(0.5, requires_grad=True)
    i2 = tg.tensor(ints(4, 4, 3))
    i1 = tg.tensor(np.array([3, 0, 3, 1]))
    m = tg.tensor(RNG.random((4, 3)) > 0.4)
    distinct = tg.tensor(distinct_index(4, (2, 3)))
    distinct_small = tg.tensor(distinct_index(4, (2, 2)))
    cases = [
        (lambda x: tg.gather(x, 0, i2), [x]),
        (lambda x: tg.take_along_dim(x, i2, 0), [x]),
        (lambda x: tg.index_select(x, 0, i1), [x]),
        (lambda x: tg.take(x, i1), [x]),
        (lambda x: tg.masked_select(x, m), [x]),
        (lambda x, s: tg.scatter(x, 0, distinct, s), [x, s]),
        (lambda x, s: tg.scatter_add(x, 0, i2, s), [x, s]),
        (lambda x, s: tg.scatter_add(x, 0, i2[:2, :2], s), [x, s]),  # src larger
        (lambda x, s: tg.scatter(x, 0, distinct_small, s), [x, s]),  # src larger
        (lambda x, s: tg.index_add(x, 0, i1, s, alpha=2.0), [x, s]),
        (lambda x, s: tg.index_copy(x, 0, tg.tensor([2, 0, 1, 3]), s), [x, s]),
        (lambda x, v: tg.index_fill(x, 1, tg.tensor([0, -1, 0]), v), [x, v]),
        (lambda x, v: tg.masked_fill(x, m, v), [x, v]),
        (lambda x, s: tg.masked_scatter(x, m, s), [x, s]),
    ]
    for f, inputs in cases:
        assert tg.gradcheck(f, *inputs)


# --- errors --------------------------------------------------------------------------------------

X = tg.tensor(np.arange(6.0).reshape(2, 3))
IDX = tg.tensor([[0, 1]])

ERRORS = [
    (
        lambda: tg.gather(X, 1, tg.tensor([[5]])),
        IndexError,
        "index 5 is out of bounds for dimension 1 with size 3",
    ),
    (lambda: tg.gather(X, 1, tg.tensor([[-1]])), IndexError, "index -1 is out of bounds"),
    (lambda: tg.gather(X, 2, IDX), IndexError, "dimension 2 is out of range"),
    (lambda: tg.gather(X, 1, tg.tensor([0])), ValueError, "as many dimensions"),
    (lambda: tg.gather(X, 1, tg.tensor([[0], [0], [0]])), ValueError, "larger than input"),
    (lambda: tg.gather(X, 1, tg.tensor([[0.0]])), TypeError, "int32 or int64"),
    (lambda: tg.gather(X, 1, tg.tensor([[True]])), TypeError, "int32 or int64"),
    (lambda: tg.gather(X, 1, [[0]]), TypeError, "argument 'index' must be Tensor, not list"),
    (lambda: tg.gather(X, 1.0, IDX), TypeError, "argument 'dim' must be int, not float"),
    (
        lambda: tg.scatter(X, 1, IDX, tg.tensor([[1.0]], dtype=tg.float32)),
        TypeError,
        "src must have input's dtype",
    ),
    (
        lambda: tg.scatter(X, 1, tg.tensor([[0, 1, 2, 0]]), tg.tensor(np.ones((1, 1)))),
        ValueError,
        "no larger",
    ),
    (lambda: tg.scatter(X, 1, tg.tensor([[3]]), 1.0), IndexError, "index 3 is out of bounds for dimension 1"),
    (lambda: tg.scatter(X, 1, IDX), TypeError, "missing the src"),
    (lambda: tg.scatter(X, 1, IDX, reduce="max", value=1.0), ValueError, "'add' or 'multiply'"),
    (
        lambda: tg.scatter_reduce(X, 1, IDX, X, "median"),
        ValueError,
        "'sum', 'prod', 'mean', 'amax' or 'amin'",
    ),
    (lambda: tg.index_select(X, 1, tg.tensor([[0]])), IndexError, "must be a vector"),
    (lambda: tg.index_select(X, 1, tg.tensor([3])), IndexError, "index 3 is out of bounds for dimension 1"),
    (lambda: tg.index_select(X, 1, tg.tensor([-1])), IndexError, "index -1 is out of bounds"),
    (
        lambda: tg.index_add(X, 0, tg.tensor([0]), tg.tensor(np.ones((1, 2)))),
        ValueError,
        "does not match (1, 3)",
    ),
    (
        lambda: tg.index_add(X, 0, tg.tensor([0]), tg.tensor(np.ones((1, 3)), dtype=tg.float32)),
        TypeError,
        "dtype",
    ),
    (lambda: tg.index_fill(X, 0, tg.tensor([0]), tg.tensor([1.0])), ValueError, "0-d tensor"),
    (lambda: tg.take(X, tg.tensor([6])), IndexError, "index 6 is out of bounds"),
    (lambda: tg.take_along_dim(X, tg.tensor([0]), 1), ValueError, "same number of dimensions"),
    (lambda: tg.masked_fill(X, tg.tensor([1, 0, 1]), 0.0), TypeError, "expected a bool mask, got int64"),
    (lambda: tg.masked_fill(X, tg.tensor([True, False]), 0.0), ValueError, "broadcast"),
    (lambda: tg.masked_fill(X, X > 1, tg.tensor([1.0])), ValueError, "0-d tensor"),
    (lambda: X.clone().masked_fill_(tg.tensor(np.ones((2, 2, 3), dtype=bool)), 0.0), ValueError, "(2, 2, 3)"),
    (lambda: tg.masked_select(X, X), TypeError, "bool mask"),
    (lambda: tg.masked_scatter(X, X > 0, tg.tensor([1.0])), ValueError, "selects 5 elements"),
    (lambda: tg.nonzero([1, 0]), TypeError, "argument 'input' must be Tensor, not list"),
]


@pytest.mark.parametrize("call, exc, needle", ERRORS, ids=[f"{e[1].__name__}:{e[2][:30]}" for e in ERRORS])
def test_errors(call, exc, needle):
    with pytest.raises(exc) as info:
        call()
    assert needle in str(info.value), str(info.value)
    np.testing.assert_array_equal(X.numpy(), np.arange(6.0).reshape(2, 3))  # inputs untouched
