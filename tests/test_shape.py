"""Shape ops and views against PyTorch 2.13: values, dtypes, gradients, and for every view that
it shares memory with its base both ways, with PyTorch's ``_is_view``, ``is_contiguous()`` and
``stride()``.

Each case is a function ``f(lib, x)`` written once for both libraries (``lib`` is ``tapegrad``
or ``torch``; the method and function names are the same), run on tensors holding the same
values.
"""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

TORCH_DTYPES = {
    np.float32: torch.float32,
    np.float64: torch.float64,
    np.int64: torch.int64,
    np.int32: torch.int32,
    np.uint8: torch.uint8,
    np.bool_: torch.bool,
}


def data(shape, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    if dtype == np.bool_:
        return rng.random(shape) > 0.5
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, 100, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def pair(shape, dtype=np.float64, seed=0, requires_grad=False):
    a = data(shape, dtype, seed)
    x = tg.tensor(a, requires_grad=requires_grad)
    tx = torch.tensor(a, requires_grad=requires_grad)
    return x, tx


def as_tuple(out):
    return out if isinstance(out, (tuple, list)) else (out,)


def assert_layout(got, want, what="", layout=True):
    """Shape, dtype, values, _is_view, and is_contiguous() and stride() (with ``layout``) as PyTorch's.

    Strides are meaningless for tensors without elements, and for size-1 dimensions of a
    contiguous tensor (tapegrad keeps no strides for a contiguous view and reports row-major
    ones there: see the report's list of differences); everywhere else they must match.
    """
    assert tuple(got.shape) == tuple(want.shape), what
    assert got.dtype == want.numpy().dtype, what
    np.testing.assert_array_equal(got.numpy(), want.detach().numpy(), err_msg=what)
    assert got._is_view == want._is_view(), (what, got._is_view)
    if not layout:
        return
    assert got.is_contiguous() == want.is_contiguous(), what
    if want.numel() == 0:
        return
    for d, (s, t) in enumerate(zip(got.stride(), want.stride())):
        if want.is_contiguous() and want.shape[d] == 1:
            continue
        assert s == t, (what, got.stride(), want.stride())


# --- views ---------------------------------------------------------------------------------

# (name, base shape, base layout, op). The base layout makes the base itself a view when
# asked: "t" transposes the last two dimensions, "s" takes every other element of the last.
VIEWS = [
    ("view", (2, 3, 4), "", lambda lib, x: x.view(6, 4)),
    ("view tuple", (2, 3, 4), "", lambda lib, x: x.view((4, -1))),
    ("view Size", (2, 3, 4), "", lambda lib, x: x.view(x.shape[::-1])),
    ("view 1-D", (2, 3, 4), "", lambda lib, x: x.view(-1)),
    ("view 0-d", (1,), "", lambda lib, x: x.view(())),
    ("view of 0-d", (), "", lambda lib, x: x.view(1, 1)),
    ("view splits a transposed dim", (6, 4), "t", lambda lib, x: x.view(6, 2, 2)),
    ("view merges strided rows", (2, 3, 4), "s", lambda lib, x: x.view(6, 4)),
    ("view keeps a transposed layout", (3, 4), "t", lambda lib, x: x.view(3, 1, 4)),
    ("view_as", (2, 3, 4), "", lambda lib, x: x.view_as(x.reshape(4, 6))),
    ("reshape contiguous", (2, 3, 4), "", lambda lib, x: x.reshape(3, 8)),
    ("reshape function", (2, 3, 4), "", lambda lib, x: lib.reshape(x, (24,))),
    ("reshape as a view of a transposed", (4, 6), "t", lambda lib, x: x.reshape(3, 2, 4)),
    ("reshape_as", (2, 3, 4), "", lambda lib, x: x.reshape_as(x.reshape(4, 6))),
    ("flatten", (2, 3, 4), "", lambda lib, x: x.flatten()),
    ("flatten 1..2", (2, 3, 4), "", lambda lib, x: lib.flatten(x, 1)),
    ("flatten 0..1 of transposed", (2, 3, 4), "t", lambda lib, x: x.flatten(0, 1)),
    ("flatten 0-d", (), "", lambda lib, x: x.flatten()),
    ("unflatten", (2, 12), "", lambda lib, x: x.unflatten(1, (3, -1))),
    ("unflatten function", (6, 4), "t", lambda lib, x: lib.unflatten(x, -1, (2, 2))),
    ("squeeze all", (2, 1, 3, 1), "", lambda lib, x: x.squeeze()),
    ("squeeze dim", (2, 1, 3, 1), "", lambda lib, x: lib.squeeze(x, 1)),
    ("squeeze tuple", (2, 1, 3, 1), "", lambda lib, x: x.squeeze((1, -1))),
    ("squeeze a non-1 dim is a no-op", (2, 1, 3), "", lambda lib, x: x.squeeze(0)),
    ("squeeze transposed", (2, 1, 3), "t", lambda lib, x: x.squeeze()),
    ("unsqueeze front", (2, 3), "", lambda lib, x: x.unsqueeze(0)),
    ("unsqueeze middle transposed", (2, 3, 4), "t", lambda lib, x: x.unsqueeze(2)),
    ("unsqueeze end", (2, 3), "t", lambda lib, x: lib.unsqueeze(x, -1)),
    ("unsqueeze 0-d", (), "", lambda lib, x: x.unsqueeze(0)),
    ("permute", (2, 3, 4), "", lambda lib, x: x.permute(2, 0, 1)),
    ("permute tuple", (2, 3, 4), "s", lambda lib, x: x.permute((1, 2, 0))),
    ("permute function", (2, 3, 4), "", lambda lib, x: lib.permute(x, (-1, 0, 1))),
    ("transpose", (2, 3, 4), "", lambda lib, x: x.transpose(0, 2)),
    ("transpose negative", (2, 3, 4), "t", lambda lib, x: lib.transpose(x, -1, 0)),
    ("transpose a dim with itself", (2, 3), "", lambda lib, x: x.transpose(1, 1)),
    ("swapaxes", (2, 3, 4), "", lambda lib, x: x.swapaxes(0, 1)),
    ("swapdims", (2, 3, 4), "", lambda lib, x: lib.swapdims(x, 2, 1)),
    ("t 2-D", (3, 4), "", lambda lib, x: x.t()),
    ("t 1-D", (3,), "", lambda lib, x: lib.t(x)),
    ("t 0-d", (), "", lambda lib, x: x.t()),
    ("T", (3, 4), "t", lambda lib, x: x.T),
    ("T 0-d", (), "", lambda lib, x: x.T),
    ("mT", (2, 3, 4), "", lambda lib, x: x.mT),
    ("mT strided", (2, 3, 4), "s", lambda lib, x: x.mT),
    ("movedim", (2, 3, 4, 5), "", lambda lib, x: x.movedim(0, -1)),
    ("movedim tuples", (2, 3, 4, 5), "", lambda lib, x: lib.movedim(x, (0, 3), (1, 0))),
    ("moveaxis", (2, 3, 4), "t", lambda lib, x: lib.moveaxis(x, 2, 0)),
    ("expand", (3, 1), "", lambda lib, x: x.expand(3, 4)),
    ("expand new leading dims", (3, 1), "", lambda lib, x: x.expand(2, -1, 5)),
    ("expand tuple", (1, 3), "t", lambda lib, x: x.expand((2, 4, 3))),
    ("expand 0-d", (), "", lambda lib, x: x.expand(2, 3)),
    ("expand to the same shape", (2, 3), "", lambda lib, x: x.expand(2, 3)),
    ("expand_as", (1, 4), "", lambda lib, x: x.expand_as(lib.tensor(np.zeros((3, 4))))),
    ("broadcast_to", (3, 1), "", lambda lib, x: lib.broadcast_to(x, (2, 3, 4))),
    ("narrow", (4, 5), "", lambda lib, x: x.narrow(1, 1, 3)),
    ("narrow negative start", (4, 5), "t", lambda lib, x: lib.narrow(x, 0, -2, 2)),
    ("unbind", (3, 4), "", lambda lib, x: x.unbind()),
    ("unbind dim", (3, 4, 2), "t", lambda lib, x: lib.unbind(x, 1)),
    ("split", (7, 3), "", lambda lib, x: x.split(3)),
    ("split sizes", (7, 3), "t", lambda lib, x: lib.split(x, [1, 4, 2], 0)),
    ("split dim", (2, 7), "", lambda lib, x: lib.split(x, 2, dim=1)),
    ("chunk", (7, 3), "", lambda lib, x: x.chunk(3)),
    ("chunk gives fewer", (6,), "", lambda lib, x: lib.chunk(x, 4)),
    ("chunk dim", (3, 5), "t", lambda lib, x: x.chunk(2, 1)),
    ("tensor_split sections", (7, 3), "", lambda lib, x: x.tensor_split(3)),
    ("tensor_split indices", (7, 3), "", lambda lib, x: lib.tensor_split(x, [1, 5, -1, 10])),
    ("tensor_split dim", (3, 8), "t", lambda lib, x: x.tensor_split([2, 1], dim=1)),
    ("diagonal", (4, 5), "", lambda lib, x: x.diagonal()),
    ("diagonal offset", (4, 5), "", lambda lib, x: lib.diagonal(x, 2)),
    ("diagonal below", (4, 5), "t", lambda lib, x: x.diagonal(-1)),
    ("diagonal dims", (2, 3, 4), "", lambda lib, x: lib.diagonal(x, offset=1, dim1=2, dim2=0)),
    ("diagonal off the end", (3, 3), "", lambda lib, x: x.diagonal(5)),
    ("as_strided", (4, 5), "", lambda lib, x: x.as_strided((3, 3), (5, 1), 1)),
    ("as_strided overlapping", (10,), "", lambda lib, x: lib.as_strided(x, (4, 3), (2, 1))),
    ("atleast_1d", (), "", lambda lib, x: lib.atleast_1d(x)),
    ("atleast_2d", (3,), "", lambda lib, x: lib.atleast_2d(x)),
    ("atleast_3d 1-D", (3,), "", lambda lib, x: lib.atleast_3d(x)),
    ("atleast_3d 2-D", (2, 3), "t", lambda lib, x: lib.atleast_3d(x)),
    ("atleast_2d several", (3,), "", lambda lib, x: lib.atleast_2d(x, x.reshape(1, 3, 1))),
]


def base_of(lib, x, layout):
    if layout == "t" and x.ndim >= 2:
        return x.transpose(-1, -2) if lib is torch else tg.transpose(x, -1, -2)
    if layout == "s":
        return x[..., ::2]
    return x


def storage_shape(shape, layout):
    # The shape to allocate so that base_of() gives `shape`.
    if layout == "t" and len(shape) >= 2:
        return (*shape[:-2], shape[-1], shape[-2])
    if layout == "s":
        return (*shape[:-1], 2 * shape[-1])
    return shape


def make_bases(shape, layout, dtype=np.float64, requires_grad=False):
    x, tx = pair(storage_shape(shape, layout), dtype, requires_grad=requires_grad)
    return x, tx, base_of(tg, x, layout), base_of(torch, tx, layout)


@pytest.mark.filterwarnings("ignore:The use of `x.T`", "ignore:Tensor.T is deprecated")
@pytest.mark.parametrize("name, shape, layout, op", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_values_layout_and_memory_sharing(name, shape, layout, op):
    _, _, base, tbase = make_bases(shape, layout)
    assert_layout(base, tbase, "base")
    outs, touts = as_tuple(op(tg, base)), as_tuple(op(torch, tbase))
    assert len(outs) == len(touts)
    for i, (out, tout) in enumerate(zip(outs, touts)):
        assert_layout(out, tout, f"{name}[{i}]")
    # A write to the base shows in every view ...
    with tg.no_grad():
        base.add_(1.5)
    with torch.no_grad():
        tbase.add_(1.5)
    for out, tout in zip(outs, touts):
        np.testing.assert_array_equal(out.numpy(), tout.numpy())
    # ... and a write to a view shows in the base (views whose elements share memory refuse).
    for out, tout in zip(outs, touts):
        if tout.numel() == 0 or 0 in [s for s, n in zip(tout.stride(), tout.shape) if n > 1]:
            continue
        if name.startswith(("as_strided overlapping", "atleast_2d several")):
            continue
        with tg.no_grad():
            out.mul_(-2.0)
        with torch.no_grad():
            tout.mul_(-2.0)
        np.testing.assert_array_equal(base.numpy(), tbase.numpy())


@pytest.mark.filterwarnings("ignore:The use of `x.T`", "ignore:Tensor.T is deprecated")
@pytest.mark.parametrize("name, shape, layout, op", VIEWS, ids=[v[0] for v in VIEWS])
def test_views_keep_every_dtype(name, shape, layout, op):
    for dtype in (np.float32, np.int64, np.int32, np.uint8, np.bool_):
        _, _, base, tbase = make_bases(shape, layout, dtype)
        for out, tout in zip(as_tuple(op(tg, base)), as_tuple(op(torch, tbase))):
            assert out.dtype == dtype
            assert_layout(out, tout, name)


def backward_both(op, x, tx, seed=1):
    """Sums each output times fixed weights and runs backward in both libraries."""
    outs, touts = as_tuple(op(tg, x)), as_tuple(op(torch, tx))
    loss, tloss = 0.0, 0.0
    for i, (out, tout) in enumerate(zip(outs, touts)):
        w = data(tuple(tout.shape), np.float64, seed + i).astype(tout.detach().numpy().dtype)
        loss = loss + (out * tg.tensor(w)).sum()
        tloss = tloss + (tout * torch.tensor(w)).sum()
    loss.backward()
    tloss.backward()


@pytest.mark.filterwarnings("ignore:The use of `x.T`", "ignore:Tensor.T is deprecated")
@pytest.mark.parametrize("name, shape, layout, op", VIEWS, ids=[v[0] for v in VIEWS])
def test_view_gradients_match_torch(name, shape, layout, op):
    for dtype in (np.float32, np.float64):
        x, tx, _, _ = make_bases(shape, layout, dtype, requires_grad=True)
        backward_both(lambda lib, b: op(lib, base_of(lib, b, layout)), x, tx)
        tol = 1e-6 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=tol, atol=tol)
        assert x.grad.dtype == dtype


GRADCHECKED = [
    "view splits a transposed dim",
    "squeeze tuple",
    "expand new leading dims",
    "diagonal dims",
    "unbind dim",
    "split sizes",
    "movedim tuples",
    "as_strided overlapping",
    "unflatten function",
]


@pytest.mark.parametrize("name", GRADCHECKED)
def test_view_gradcheck(name):
    _, shape, layout, op = next(v for v in VIEWS if v[0] == name)
    x = tg.tensor(data(storage_shape(shape, layout)), requires_grad=True)

    def f(t):
        out = as_tuple(op(tg, base_of(tg, t, layout)))
        return tg.cat([o.reshape(-1) for o in out]) * tg.tensor(
            np.linspace(0.5, 1.5, sum(o.numel() for o in out))
        )

    assert tg.gradcheck(f, x)


def test_views_see_later_writes_to_the_base_and_shape_ops_keep_history():
    x = tg.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    v = x.t()
    assert v.grad_fn.name == "Transpose" and v._is_view
    y = (v.reshape(-1) * 2).sum()  # reshape of a transposed view: a copy
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((3, 4), 2.0))


def test_view_of_an_incompatible_layout_says_to_use_reshape():
    x, tx = pair((4, 6))
    with pytest.raises(
        RuntimeError, match=r"view size is not compatible.*Use \.reshape\(\.\.\.\) instead"
    ) as e:
        x.t().view(24)
    assert "(6, 4)" in str(e.value)
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        tx.t().view(24)
    r = x.t().reshape(24)  # reshape copies instead, as torch
    assert not r._is_view and r.is_contiguous()
    np.testing.assert_array_equal(r.numpy(), tx.t().reshape(24).numpy())
    with pytest.raises(NotImplementedError, match=r"view\(dtype\)"):
        x.view(tg.float32)


def test_reshape_and_flatten_return_views_or_the_input_as_torch():
    x, tx = pair((3, 4))
    assert x.flatten(1, 1) is x and tx.flatten(1, 1) is tx
    assert tg.flatten(x, -1, 1) is x
    y = x.reshape(12)
    assert y._is_view and y is not x
    with tg.no_grad():
        y[0] = 100.0
    assert x[0, 0].item() == 100.0


def test_transpose_has_pytorch_meaning_and_points_numpy_users_to_permute():
    x = tg.tensor(np.zeros((2, 3, 4)))
    assert x.transpose(0, 1).shape == (3, 2, 4)
    for call in (
        lambda: x.transpose(2, 0, 1),
        lambda: x.transpose((2, 0, 1)),
        lambda: x.transpose(),
        lambda: tg.transpose(x, (1, 0, 2)),
        lambda: x.transpose(1),
    ):
        with pytest.raises(TypeError, match="permute"):
            call()
    assert x.permute(2, 0, 1).shape == (4, 2, 3)


def test_T_on_other_than_two_dims_warns_as_torch():
    x = tg.tensor(np.zeros((2, 3, 4)))
    with pytest.warns(UserWarning, match=r"x\.T.*x\.mT"):
        assert x.T.shape == (4, 3, 2)
    with pytest.raises(RuntimeError, match="mT is only supported on matrices"):
        _ = tg.tensor([1.0, 2.0]).mT


def test_expanded_views_cannot_be_written_in_place():
    x = tg.tensor(np.ones((3, 1)))
    e = x.expand(3, 4)
    assert e.stride() == (1, 0)
    with pytest.raises(RuntimeError, match="share one memory location"):
        e.add_(1.0)
    np.testing.assert_array_equal(e.clone().add_(1.0).numpy(), np.full((3, 4), 2.0))


def test_chunk_and_split_sizes_as_torch():
    for size in range(9):
        for chunks in range(1, 6):
            x, tx = pair((size,))
            got = [tuple(c.shape) for c in x.chunk(chunks)]
            assert got == [tuple(c.shape) for c in tx.chunk(chunks)], (size, chunks)
            got = [tuple(c.shape) for c in x.tensor_split(chunks)]
            assert got == [tuple(c.shape) for c in tx.tensor_split(chunks)], (size, chunks)
            if size:
                got = [tuple(c.shape) for c in x.split(chunks)]
                assert got == [tuple(c.shape) for c in tx.split(chunks)], (size, chunks)
    assert isinstance(tg.split(x, 2), tuple) and isinstance(x.unbind(), tuple)
    assert [tuple(t.shape) for t in x.tensor_split(tg.tensor([1, 3]))] == [(1,), (2,), (5,)]


# --- copies --------------------------------------------------------------------------------

COPIES = [
    ("cat", lambda lib, x: lib.cat([x, x[:1], x[1:]])),
    ("cat dim 1", lambda lib, x: lib.cat((x, x.transpose(0, 1)[:2].transpose(0, 1)), dim=1)),
    ("cat negative dim", lambda lib, x: lib.cat([x, x], -1)),
    ("cat one", lambda lib, x: lib.cat([x])),
    ("concat", lambda lib, x: lib.concat([x, x], 1)),
    ("concatenate", lambda lib, x: lib.concatenate([x, x], axis=1)),
    ("stack", lambda lib, x: lib.stack([x, x * 2, x])),
    ("stack dim", lambda lib, x: lib.stack([x, x.t().t()], dim=2)),
    ("stack negative dim", lambda lib, x: lib.stack([x, x], -2)),
    ("hstack", lambda lib, x: lib.hstack([x, x[:, :1]])),
    ("hstack 1-D", lambda lib, x: lib.hstack([x[0], x[1], x[0, 0]])),
    ("vstack", lambda lib, x: lib.vstack([x, x[0]])),
    ("dstack", lambda lib, x: lib.dstack([x, x])),
    ("repeat", lambda lib, x: x.repeat(2, 3)),
    ("repeat new dims", lambda lib, x: x.repeat((2, 1, 1, 2))),
    ("repeat transposed", lambda lib, x: x.t().repeat(1, 2)),
    ("repeat zero", lambda lib, x: x.repeat(0, 2)),
    ("tile", lambda lib, x: lib.tile(x, (2,))),
    ("tile method", lambda lib, x: x.tile(2, 1, 2)),
    ("flip", lambda lib, x: lib.flip(x, (0, 1))),
    ("flip method", lambda lib, x: x.flip(-1)),
    ("flip transposed", lambda lib, x: x.t().flip(0)),
    ("fliplr", lambda lib, x: lib.fliplr(x)),
    ("flipud", lambda lib, x: x.flipud()),
    ("roll", lambda lib, x: lib.roll(x, 1, 0)),
    ("roll dims", lambda lib, x: x.roll((2, -1), (1, 0))),
    ("roll flattened", lambda lib, x: lib.roll(x, -4)),
    ("roll transposed", lambda lib, x: x.t().roll(5, 1)),
    ("tril", lambda lib, x: x.tril()),
    ("tril offset", lambda lib, x: lib.tril(x, 1)),
    ("triu", lambda lib, x: lib.triu(x, -1)),
    ("triu batched", lambda lib, x: x.reshape(2, 2, 3).triu(1)),
]


@pytest.mark.parametrize("name, op", COPIES, ids=[c[0] for c in COPIES])
def test_copies_match_torch(name, op):
    for dtype in (np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_):
        x, tx = pair((4, 3), dtype)
        out, tout = op(tg, x), op(torch, tx)
        # Copies are always contiguous here (PyTorch's flip keeps a transposed input's layout).
        assert_layout(out, tout, name, layout=False)
        assert not out._is_view and out.is_contiguous()


@pytest.mark.parametrize("name, op", COPIES, ids=[c[0] for c in COPIES])
def test_copy_gradients_match_torch(name, op):
    for dtype in (np.float32, np.float64):
        x, tx = pair((4, 3), dtype, requires_grad=True)
        backward_both(op, x, tx)
        tol = 1e-6 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=tol, atol=tol)


@pytest.mark.parametrize(
    "name", ["cat dim 1", "stack dim", "repeat new dims", "flip", "roll dims", "tril offset"]
)
def test_copy_gradcheck(name):
    op = dict(COPIES)[name]
    x = tg.tensor(data((4, 3)), requires_grad=True)
    assert tg.gradcheck(lambda t: op(tg, t) * 1.5, x)


def test_cat_promotes_dtypes_and_skips_empty_1d_tensors_as_torch():
    cases = [
        [np.ones((2, 3), np.int64), np.ones((1, 3), np.float32)],
        [np.ones((2, 3), np.uint8), np.ones((2, 3), np.bool_)],
        [np.ones((2, 3), np.float32), np.zeros((0,), np.float64)],
        [np.zeros((0,), np.int32), np.ones((2, 3), np.int64), np.zeros((0,))],
        [np.zeros((0,)), np.zeros((0,), np.float32)],
    ]
    for arrays in cases:
        got = tg.cat([tg.tensor(a) for a in arrays])
        want = torch.cat([torch.tensor(a) for a in arrays])
        assert got.dtype == want.numpy().dtype and tuple(got.shape) == tuple(want.shape)
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    # The gradient reaches inputs of another dtype converted back, and the skipped ones empty.
    a = tg.tensor(np.ones((2, 2), np.float32), requires_grad=True)
    b = tg.tensor(np.ones((1, 2)), requires_grad=True)
    e = tg.tensor(np.zeros(0), requires_grad=True)
    (tg.cat([a, e, b]) * tg.tensor([[1.0, 2], [3, 4], [5, 6]])).sum().backward()
    assert a.grad.dtype == np.float32 and e.grad.shape == (0,)
    np.testing.assert_array_equal(a.grad.numpy(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(b.grad.numpy(), [[5, 6]])


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 9, 10, 28, 1000])
@pytest.mark.parametrize("dim", [0, 1])
def test_cat_and_stack_of_many_inputs(n, dim):
    rng = np.random.default_rng(n)
    arrays = [rng.standard_normal((2, 3)) for _ in range(n)]
    xs = [tg.tensor(a, requires_grad=i % 3 != 1) for i, a in enumerate(arrays)]
    txs = [torch.tensor(a, requires_grad=i % 3 != 1) for i, a in enumerate(arrays)]
    for f in ("cat", "stack"):
        out, tout = getattr(tg, f)(xs, dim), getattr(torch, f)(txs, dim)
        np.testing.assert_array_equal(out.numpy(), tout.detach().numpy())
        w = rng.standard_normal(tuple(tout.shape))
        (out * tg.tensor(w)).sum().backward()
        (tout * torch.tensor(w)).sum().backward()
        for x, tx in zip(xs, txs):
            if tx.requires_grad:
                np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())
                x.grad = None
                tx.grad = None
            else:
                assert x.grad is None


def test_backward_under_detect_anomaly():
    # detect_anomaly reads every gradient a node returns: strided slices must not trip it.
    ops = [
        lambda lib, x: lib.cat([x, x], 1),
        lambda lib, x: lib.stack([x, x], 1),
        lambda lib, x: x.t() @ x,
        lambda lib, x: x.roll(1),
    ]
    a, ta = pair((2, 3), requires_grad=True)
    for op in ops:
        with tg.detect_anomaly():
            (op(tg, a) * 2.0).sum().backward()
        (op(torch, ta) * 2.0).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), ta.grad.numpy())


def test_cat_tape_is_a_shallow_tree_of_nodes_with_at_most_three_inputs():
    xs = [tg.tensor(np.ones(2), requires_grad=True) for _ in range(100)]
    out = tg.cat(xs)
    depth, nodes, stack = 0, 0, [(out.grad_fn, 1)]
    while stack:
        node, d = stack.pop()
        nodes += 1
        depth = max(depth, d)
        assert node.name == "Cat" and len(node.inputs) <= 3
        stack += [(i, d + 1) for i in node.inputs if isinstance(i, tg.Node)]
    assert depth <= 5 and nodes < 60  # log3(100) levels, about 100 / 2 nodes


# --- errors --------------------------------------------------------------------------------

ERRORS = [
    (lambda x: x.view(4, 7), RuntimeError, "shape '[4, 7]' is invalid for input of size 24"),
    (lambda x: x.view(-1, -1), RuntimeError, "only one dimension can be inferred"),
    (lambda x: x.view(2, -3, 4), RuntimeError, "invalid shape dimension -3"),
    (lambda x: x.view(2, 3.0, 4), TypeError, "must be int, not float"),
    (lambda x: x.view(), TypeError, "missing"),
    (lambda x: x.reshape(5, -1), ValueError, "invalid for input of size 24"),
    (lambda x: x.flatten(2, 0), RuntimeError, "start_dim (2) cannot come after end_dim (0)"),
    (lambda x: x.unflatten(1, (2, 2)), RuntimeError, "don't multiply up to the size of dim 1 (3)"),
    (
        lambda x: x.squeeze(3),
        IndexError,
        "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    ),
    (lambda x: x.squeeze((0, 0)), RuntimeError, "appears multiple times"),
    (lambda x: x.unsqueeze(4), IndexError, "expected to be in range of [-4, 3]"),
    (lambda x: x.permute(0, 1), RuntimeError, "number of dims (2)"),
    (lambda x: x.permute(0, 1, 1), RuntimeError, "duplicate dims"),
    (lambda x: x.permute(0, 1, 3), IndexError, "Dimension out of range"),
    (lambda x: x.transpose(0, 3), IndexError, "Dimension out of range"),
    (lambda x: x.transpose(0, 1, 2), TypeError, "permute"),
    (lambda x: x.t(), RuntimeError, "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    (lambda x: x.movedim((0, 1), 2), RuntimeError, "same number of dims"),
    (lambda x: x.movedim((0, 0), (1, 2)), RuntimeError, "appears multiple times"),
    (
        lambda x: x.expand(3, 3, 4),
        RuntimeError,
        "must match the existing size (2) at non-singleton dimension 0",
    ),
    (lambda x: x.expand(3, 4), RuntimeError, "number of sizes provided (2)"),
    (lambda x: x.expand(-1, 2, 3, 4), RuntimeError, "leading, non-existing dimension 0"),
    (lambda x: tg.broadcast_to(x, (2, 3, 5)), RuntimeError, "existing size (4)"),
    (lambda x: x.narrow(1, 2, 2), RuntimeError, "start (2) + length (2) exceeds dimension size (3)"),
    (lambda x: x.narrow(1, 5, 0), IndexError, "start out of range"),
    (lambda x: x.narrow(1, 0, -1), RuntimeError, "length must be non-negative"),
    (lambda x: x.split(0), RuntimeError, "split_size can only be 0 if dimension size is 0"),
    (lambda x: x.split([1, 2]), RuntimeError, "split_sizes to sum exactly to 2"),
    (lambda x: x.chunk(0), RuntimeError, "chunk expects `chunks` to be greater than 0"),
    (lambda x: x.tensor_split(0), RuntimeError, "number of sections must be larger than 0"),
    (lambda x: x.diagonal(0, 1, 1), RuntimeError, "diagonal dimensions cannot be identical"),
    (lambda x: x.as_strided((3, 3), (1, 1), 30), RuntimeError, "out of bounds"),
    (lambda x: x.as_strided((3,), (-1,)), RuntimeError, "Negative strides"),
    (lambda x: x.as_strided((3, 3), (1,)), RuntimeError, "mismatch in length of strides and shape"),
    (lambda x: tg.cat([]), ValueError, "non-empty list of Tensors"),
    (lambda x: tg.cat([x, x[0]]), RuntimeError, "Tensors must have same number of dimensions: got 3 and 2"),
    (
        lambda x: tg.cat([x, x[:, :1]], dim=0),
        RuntimeError,
        "Sizes of tensors must match except in dimension 0",
    ),
    (lambda x: tg.cat([x, x], dim=3), IndexError, "Dimension out of range"),
    (
        lambda x: tg.cat([x.sum()]),
        RuntimeError,
        "zero-dimensional tensor (at position 0) cannot be concatenated",
    ),
    (lambda x: tg.cat(x), TypeError, "must be tuple of Tensors, not Tensor"),
    (lambda x: tg.cat([x, 1.0]), TypeError, "expected Tensor as element 1"),
    (lambda x: tg.stack([x, x[:, :1]]), RuntimeError, "stack expects each tensor to be equal size"),
    (lambda x: tg.stack([]), ValueError, "non-empty"),
    (lambda x: x.repeat(2, 2), RuntimeError, "can not be smaller than number of dimensions of tensor"),
    (lambda x: x.repeat(2, -1, 1), RuntimeError, "negative dimension -1"),
    (lambda x: x.flip(0, 0), RuntimeError, "dim 0 appears multiple times"),
    (lambda x: x.flip(), TypeError, "missing"),
    (lambda x: x.roll((1, 2), 0), RuntimeError, "shifts and dimensions must align"),
    (lambda x: x.roll((1, 2)), RuntimeError, "shifts and dimensions must align"),
    (lambda x: x[0, 0].tril(), RuntimeError, "tril: input tensor must have at least 2 dimensions"),
    (lambda x: tg.fliplr(x[0, 0]), RuntimeError, "at least 2-D"),
    (lambda x: tg.squeeze(np.ones(3)), TypeError, "argument 'input' must be Tensor, not ndarray"),
]


@pytest.mark.parametrize(
    "call, exc, fragment", ERRORS, ids=[f"{i}-{e[2][:30]}" for i, e in enumerate(ERRORS)]
)
def test_errors_name_the_problem(call, exc, fragment):
    x = tg.tensor(np.zeros((2, 3, 4)))
    with pytest.raises(exc) as e:
        call(x)
    assert fragment in str(e.value)


def test_as_strided_gradient_needs_a_contiguous_base():
    x = tg.tensor(np.zeros((4, 4)), requires_grad=True)
    with pytest.raises(RuntimeError, match="contiguous"):
        x.t().as_strided((2, 2), (1, 1))
    with tg.no_grad():
        assert x.t().as_strided((2, 2), (1, 1)).shape == (2, 2)
