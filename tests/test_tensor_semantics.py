"""The tensor's PyTorch semantics: in-place updates, .grad and .data, dtypes and promotion,
comparisons, basic indexing views, conversions. Each against PyTorch itself where it has the name.

The first tests are the idioms that once gave silently wrong results: they must do what a
PyTorch user means, or raise an error that says what to do instead.
"""

import itertools
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tapegrad as tg

from torch_oracle import torch

# --- the idioms that were silent ------------------------------------------------------------


def test_sgd_by_hand_under_no_grad_changes_every_weight_in_place():
    # with torch.no_grad(): for p in params: p -= lr * p.grad
    params = [tg.tensor([1.0, 2.0], requires_grad=True), tg.tensor([[3.0]], requires_grad=True)]
    loss = (params[0] * params[0]).sum() + (params[1] * 2.0).sum()
    loss.backward()
    before = [id(p) for p in params]
    with tg.no_grad():
        for p in params:
            p -= 0.1 * p.grad
    assert [id(p) for p in params] == before  # the same objects: the update was in place
    np.testing.assert_allclose(params[0].numpy(), [0.8, 1.6])
    np.testing.assert_allclose(params[1].numpy(), [[2.8]])
    assert all(p.is_leaf and p.requires_grad for p in params)


def test_module_attribute_update_keeps_the_parameter():
    m = tg.nn.Dense(2, 1, activation=None)
    w = m.weight
    with tg.no_grad():
        m.weight -= 1.0
    assert m.weight is w and any(p is w for p in m.parameters())


def test_in_place_update_of_a_parameter_while_recording_raises():
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    for update in (lambda: w.__iadd__(1), lambda: w.__imul__(2.0), lambda: w.add_(1.0), lambda: w.zero_()):
        with pytest.raises(RuntimeError, match="no_grad"):
            update()
    assert w.is_leaf and w.requires_grad
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0])  # nothing was written


def test_equality_is_elementwise_and_tensors_hash_by_identity():
    a, b = tg.tensor([1.0, 2.0, 3.0]), tg.tensor([1.0, 5.0, 3.0])
    eq = a == b
    assert isinstance(eq, tg.Tensor) and eq.dtype == tg.bool
    np.testing.assert_array_equal(eq.numpy(), [True, False, True])
    assert (a == b).sum().item() == 2  # accuracy code: (pred == y).sum()
    assert hash(a) == id(a)
    assert {a: 1, b: 2}[b] == 2 and len({a, b, a}) == 2
    assert (a == "text") is False  # not comparable: Python's identity, as in PyTorch
    assert (a != None) is True  # noqa: E711


# --- .grad and .data --------------------------------------------------------------------------


def test_grad_is_a_tensor_sharing_the_gradient_buffer():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    g = x.grad
    assert isinstance(g, tg.Tensor) and not g.requires_grad
    np.testing.assert_array_equal(g.numpy(), [2.0, 4.0])
    assert np.shares_memory(np.asarray(x.grad), np.asarray(g))  # zero-copy
    x.grad.zero_()  # the idiom of hand-written loops
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0])
    x.grad = tg.tensor([5.0, 6.0])
    np.testing.assert_array_equal(x.grad.numpy(), [5.0, 6.0])
    x.grad = np.array([7.0, 8.0])
    np.testing.assert_array_equal(x.grad.numpy(), [7.0, 8.0])
    x.grad = None
    assert x.grad is None
    with pytest.raises(ValueError, match=r"\(3,\)"):
        x.grad = np.ones(3)


def test_data_is_a_detached_view_micrograd_style():
    p = tg.tensor([1.0, 2.0], requires_grad=True)
    (p * 3.0).sum().backward()
    p.data -= 0.5 * p.grad  # micrograd's p.data += -lr * p.grad
    np.testing.assert_allclose(p.numpy(), [-0.5, 0.5])
    assert p.is_leaf and p.requires_grad and not p.data.requires_grad
    p.data = tg.tensor([9.0, 9.0, 9.0])  # assignable: p now holds these values and shape
    assert p.shape == (3,) and p.requires_grad


def test_data_changes_after_a_save_raise_at_backward():
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    w.data.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_is_leaf_clone_detach():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert x.is_leaf and not y.is_leaf and y.grad_fn is not None
    assert not np.shares_memory(x.numpy(), y.numpy())
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])
    d = x.detach()
    assert d.is_leaf and not d.requires_grad and np.shares_memory(d.numpy(), x.numpy())


# --- in-place updates inside the graph ------------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_in_place_updates_of_intermediates_match_torch(dtype):
    tgd = tg.float64 if dtype == torch.float64 else tg.float32
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((3, 4))
    ws = rng.standard_normal(4)

    def run(lib, x, w):
        h = x * 2.0
        h += w  # non-leaf: becomes a step of h's history
        h *= w
        h -= 1.0
        h /= 3.0
        h.neg_()
        return h.sum()

    x, w = tg.tensor(xs, dtype=tgd, requires_grad=True), tg.tensor(ws, dtype=tgd, requires_grad=True)
    tx = torch.tensor(xs, dtype=dtype, requires_grad=True)
    tw = torch.tensor(ws, dtype=dtype, requires_grad=True)
    out, tout = run(tg, x, w), run(torch, tx, tw)
    out.backward()
    tout.backward()
    tol = 1e-12 if dtype == torch.float64 else 1e-5
    np.testing.assert_allclose(out.item(), tout.item(), rtol=tol)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=tol, atol=tol)
    np.testing.assert_allclose(w.grad.numpy(), tw.grad.numpy(), rtol=tol, atol=tol)


def test_in_place_update_of_a_constant_with_a_parameter_joins_the_graph():
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    x = tg.zeros(2)
    x += w * 3.0  # as PyTorch: x now requires grad and has history
    assert x.requires_grad and not x.is_leaf
    x.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), [3.0, 3.0])


def test_in_place_bumps_the_version_and_keeps_views_in_sync():
    x = tg.tensor([1.0, 2.0, 3.0])
    v = x[1:]
    version = x._version
    x += 1
    assert x._version > version
    np.testing.assert_array_equal(v.numpy(), [3.0, 4.0])  # the view sees the change
    v *= 10
    np.testing.assert_array_equal(x.numpy(), [2.0, 30.0, 40.0])  # and the base sees the view's


def test_in_place_dtype_rules_follow_torch():
    i = tg.tensor([1, 2, 3])
    i += 2
    assert i.dtype == tg.int64 and i.tolist() == [3, 4, 5]
    with pytest.raises(TypeError, match="cannot be written into a int64"):
        i += 1.5  # torch: RuntimeError "result type Float can't be cast to ... Long"
    with pytest.raises(RuntimeError):  # DTypeError is a RuntimeError too, as torch raises
        i *= 0.5
    f = tg.tensor([1.0, 2.0], dtype=tg.float32)
    f += tg.tensor([1.0, 1.0], dtype=tg.float64)
    assert f.dtype == tg.float32


def test_in_place_through_views_matches_torch():
    # An in-place change of a view rewrites its base's history (PyTorch's CopySlices), and views
    # whose base changed follow its new history (PyTorch regenerates their grad_fn).
    def run(lib, x, w):
        h = x * 1.0
        v = h[1:]
        v += w[1:]  # through a view
        u = h[:, 0]
        h *= w  # the base, while a view of it lives
        return (u * u).sum() + (v * 2.0).sum() + h.sum()

    xs, ws = np.arange(1.0, 7.0).reshape(3, 2), np.array([[0.5, 2.0], [1.5, -1.0], [3.0, 0.25]])
    x, w = tg.tensor(xs, requires_grad=True), tg.tensor(ws, requires_grad=True)
    tx, tw = torch.tensor(xs, requires_grad=True), torch.tensor(ws, requires_grad=True)
    out, tout = run(tg, x, w), run(torch, tx, tw)
    out.backward()
    tout.backward()
    np.testing.assert_allclose(out.item(), tout.item(), rtol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(w.grad.numpy(), tw.grad.numpy(), rtol=1e-12)


def test_in_place_refusals_name_the_problem():
    w = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="or a view of one"):
        w[1:].add_(1.0)  # a view of a parameter, while recording (torch refuses too)
    h = w * 2.0
    h *= h  # allowed; its backward raises, as in torch: Mul saved h, which changed
    with pytest.raises(RuntimeError, match="modified in place"):
        h.sum().backward()
    if hasattr(tg.Tensor, "expand"):
        e = tg.tensor([1.0]).expand(3)
        with pytest.raises(RuntimeError, match="share one memory location"):
            e += 1


def test_setitem_while_recording_matches_torch():
    rng = np.random.default_rng(1)
    xs, vs = rng.standard_normal((4, 3)), rng.standard_normal(3)

    def run(lib, x, v):
        h = x * 1.5
        h[1] = v * 2.0
        h[2:, 1] = 0.0
        h[0, :2] += v[:2]
        return (h * h).sum()

    x, v = tg.tensor(xs, requires_grad=True), tg.tensor(vs, requires_grad=True)
    tx, tv = torch.tensor(xs, requires_grad=True), torch.tensor(vs, requires_grad=True)
    out, tout = run(tg, x, v), run(torch, tx, tv)
    out.backward()
    tout.backward()
    np.testing.assert_allclose(out.item(), tout.item(), rtol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(v.grad.numpy(), tv.grad.numpy(), rtol=1e-12, atol=1e-12)


# --- dtypes and promotion ---------------------------------------------------------------------

DTYPES = [
    (tg.bool, torch.bool),
    (tg.uint8, torch.uint8),
    (tg.int32, torch.int32),
    (tg.int64, torch.int64),
    (tg.float32, torch.float32),
    (tg.float64, torch.float64),
]


def test_dtype_objects_and_aliases():
    assert tg.float is tg.float32 and tg.double is tg.float64 and tg.long is tg.int64
    assert tg.int is tg.int32
    assert repr(tg.float32) == "tapegrad.float32"
    assert tg.float32 == np.float32 and tg.float32 == np.dtype("float32")
    assert tg.float32 != tg.float64 and tg.float32 != "float32"  # as torch.float32 != "float32"
    assert np.zeros(2, dtype=tg.int64).dtype == np.int64
    assert pickle.loads(pickle.dumps(tg.int32)) is tg.int32
    assert tg.float32.is_floating_point and not tg.int64.is_floating_point
    assert tg.int64.itemsize == 8 and tg.bool.itemsize == 1


def test_tensor_dtype_inference_matches_torch():
    for data in ([1, 2], [1.0, 2], [True, False], 3, 2.5, True, [[1, 2], [3, 4]], []):
        t, ref = tg.tensor(data), torch.tensor(data, dtype=None)
        want = {torch.float32: tg.float64}.get(ref.dtype, {b: a for a, b in DTYPES}[ref.dtype])
        assert t.dtype == want, (data, t.dtype, ref.dtype)  # floats: tapegrad's default is float64


def test_requires_grad_only_on_floats():
    with pytest.raises(TypeError, match="floating point"):
        tg.tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="floating point"):
        tg.tensor([1, 2]).requires_grad_()
    assert tg.tensor([1.0], requires_grad=True).requires_grad


def test_default_dtype_can_be_float32():
    assert tg.get_default_dtype() == tg.float64
    try:
        tg.set_default_dtype(tg.float32)
        assert tg.tensor(1.5).dtype == tg.float32
        assert (tg.tensor([1, 2]) * 2.5).dtype == tg.float32  # a Python float with ints
        assert (tg.tensor([1, 2]) / 2).dtype == tg.float32  # true division
        with pytest.raises(TypeError, match="floating point"):
            tg.set_default_dtype(tg.int64)
    finally:
        tg.set_default_dtype(tg.float64)
    assert tg.tensor(1.5).dtype == tg.float64


def _example(dtype, ndim):
    values = {tg.bool: [True, False, True], tg.uint8: [1, 200, 3]}.get(dtype, [1, -2, 3])
    arr = np.array(values[:3] if ndim else values[0])
    return tg.tensor(arr, dtype=dtype)


@pytest.mark.parametrize("a_dtype, b_dtype", [(a[0], b[0]) for a, b in itertools.product(DTYPES, DTYPES)])
def test_promotion_table_matches_torch(a_dtype, b_dtype):
    for a_nd, b_nd in ((1, 1), (1, 0), (0, 1)):
        a, b = _example(a_dtype, a_nd), _example(b_dtype, b_nd)
        want = torch.result_type(torch.tensor(a.numpy()), torch.tensor(b.numpy()))
        got = tg._core._result_type(a, b)
        assert got == {t: g for g, t in DTYPES}[want], (a_dtype, a_nd, b_dtype, b_nd)
        if a_dtype != tg.bool or b_dtype != tg.bool:  # bool - bool raises in both
            out = a + b if a_dtype == tg.bool or b_dtype == tg.bool else a - b
            assert out.dtype == got


@pytest.mark.parametrize("tg_dtype, torch_dtype", DTYPES)
@pytest.mark.parametrize("number", [2, 2.5, True])
def test_python_numbers_promote_as_in_torch(tg_dtype, torch_dtype, number):
    a = _example(tg_dtype, 1)
    ta = torch.tensor(a.numpy())
    if tg_dtype == tg.bool and number is True:
        got, want = a * number, ta * number
    else:
        got, want = a + number, ta + number
    expected = {torch.float32: tg.float64}.get(want.dtype, {t: g for g, t in DTYPES}[want.dtype])
    if tg_dtype == tg.float32:
        expected = tg.float32
    assert got.dtype == expected
    np.testing.assert_allclose(got.numpy().astype(np.float64), want.numpy().astype(np.float64))


def test_integer_arithmetic_and_division():
    a, b = tg.tensor([7, -7, 2**62]), tg.tensor([2, 2, 4])
    assert (a + b).tolist() == [9, -5, 2**62 + 4]
    assert (a * b).tolist() == torch.tensor([7, -7, 2**62]).mul(torch.tensor([2, 2, 4])).tolist()  # wraps
    q = a / b
    assert q.dtype == tg.float64 and q.tolist() == [3.5, -3.5, 2**60]
    assert (-a).tolist() == [-7, 7, -(2**62)]
    m = tg.tensor([True, False]) * tg.tensor([True, True])
    assert m.dtype == tg.bool and m.tolist() == [True, False]
    with pytest.raises(TypeError, match="bool"):
        tg.tensor([True]) - tg.tensor([False])
    with pytest.raises(TypeError, match="bool"):
        -tg.tensor([True])


def test_casts_between_every_dtype_match_numpy_on_representable_values():
    values = np.array([0.0, 1.0, 2.75, 100.0, -3.5])
    for (d1, _), (d2, _) in itertools.product(DTYPES, DTYPES):
        src = tg.tensor(values).to(d1)
        got = src.to(d2).numpy()
        want = np.asarray(src.numpy()).astype(np.dtype(d2))
        if np.dtype(d1).kind == "f" and np.dtype(d2) == np.uint8:
            want = np.array([0, 1, 2, 100, 0], np.uint8)  # saturating: -3.5 -> 0, not wrapped
        np.testing.assert_array_equal(got, want, err_msg=f"{d1} -> {d2}")


def test_float_to_integer_conversion_is_defined_for_every_value():
    t = tg.tensor([np.nan, np.inf, -np.inf, 1e300, -1e300, 2.9, -2.9])
    i64 = np.iinfo(np.int64)
    assert t.long().tolist() == [0, i64.max, i64.min, i64.max, i64.min, 2, -2]
    assert t.to(tg.uint8).tolist() == [0, 255, 0, 255, 0, 2, 0]


# --- comparisons ------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"])
def test_comparisons_broadcast_and_match_torch(op):
    rng = np.random.default_rng(2)
    a = rng.integers(-2, 3, (3, 4)).astype(np.float64)
    b = rng.integers(-2, 3, (4,))
    a[0, 0] = np.nan
    got = getattr(tg.tensor(a), op)(tg.tensor(b))
    want = getattr(torch.tensor(a), op)(torch.tensor(b))
    assert got.dtype == tg.bool
    np.testing.assert_array_equal(got.numpy(), want.numpy())
    np.testing.assert_array_equal(
        getattr(tg.tensor(a), op)(1).numpy(), getattr(torch.tensor(a), op)(1).numpy()
    )


# --- basic indexing -------------------------------------------------------------------------

basic_keys = st.one_of(
    st.integers(-3, 2),
    st.builds(
        slice,
        st.none() | st.integers(-4, 4),
        st.none() | st.integers(-4, 4),
        st.sampled_from([None, 1, 2, -1, -2]),
    ),
    st.just(None),
    st.just(Ellipsis),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(basic_keys, min_size=1, max_size=3))
def test_basic_indexing_matches_numpy_and_shares_memory(keys):
    arr = np.arange(3 * 4 * 3, dtype=np.float64).reshape(3, 4, 3)
    key = tuple(keys)
    if sum(k is Ellipsis for k in keys) > 1:
        with pytest.raises(ValueError, match="ellipsis"):
            tg.tensor(arr)[key]
        return
    try:
        want = arr[key]
    except IndexError:
        with pytest.raises(IndexError):
            tg.tensor(arr)[key]
        return
    t = tg.tensor(arr)
    got = t[key]
    np.testing.assert_array_equal(got.numpy(), want)
    assert got.shape == want.shape
    if got.numel():
        assert np.shares_memory(got.numpy(), t.numpy())  # a view
    if got.numel() and all(
        not isinstance(k, slice) or (k.step or 1) > 0 for k in keys
    ):  # torch: no steps < 0
        ref = torch.tensor(arr)[key]
        # The stride of a dimension of size 1 never matters (and the conventions differ).
        assert [s for s, n in zip(got.stride(), got.shape) if n != 1] == [
            s for s, n in zip(ref.stride(), ref.shape) if n != 1
        ]


def test_basic_index_gradients_match_torch():
    xs = np.arange(24.0).reshape(2, 3, 4) / 10
    x, tx = tg.tensor(xs, requires_grad=True), torch.tensor(xs, requires_grad=True)
    for _lib, v in ((tg, x), (torch, tx)):
        out = (v[0] * 2).sum() + (v[:, 1:, ::2] ** 2).sum() + v[..., -1].sum() + v[1, None, 2].sum()
        out.backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-12)


def test_setitem_forms_match_numpy_without_grad():
    arr = np.zeros((3, 4))
    t = tg.tensor(arr)
    for key, value in [
        (0, 1.0),
        ((slice(None), 1), np.array([1.0, 2.0, 3.0])),
        ((Ellipsis, -1), 7),
        ((slice(1, None), slice(None, None, 2)), np.array([[5.0, 6.0]])),
        ((None, 2), 9.0),
    ]:
        arr[key] = value
        t[key] = value
        np.testing.assert_array_equal(t.numpy(), arr)
    t[0, 0] = tg.tensor(2.5)
    assert t[0, 0].item() == 2.5
    t_int = tg.tensor([1, 2, 3])
    t_int[0] = 9.7  # PyTorch converts into the tensor's dtype
    assert t_int.tolist() == [9, 2, 3]


def test_setitem_overlapping_source_is_copied_first():
    t = tg.tensor([1.0, 2.0, 3.0, 4.0])
    t[1:] = t[:-1]
    np.testing.assert_array_equal(t.numpy(), [1.0, 1.0, 2.0, 3.0])


def test_strided_views_feed_every_op():
    x = tg.tensor(np.arange(12.0).reshape(3, 4))
    v = x[:, ::2].T  # strided twice
    assert not v.is_contiguous()
    np.testing.assert_array_equal((v * 2 + 1).numpy(), (np.arange(12.0).reshape(3, 4)[:, ::2].T) * 2 + 1)
    np.testing.assert_array_equal(v.sum(0).numpy(), np.arange(12.0).reshape(3, 4)[:, ::2].T.sum(0))
    np.testing.assert_array_equal(
        (v @ tg.tensor(np.ones(3))).numpy(), np.arange(12.0).reshape(3, 4)[:, ::2].T @ np.ones(3)
    )


# --- conversions ------------------------------------------------------------------------------


def test_python_conversions_match_torch():
    t, tt = tg.tensor([[2.5]]), torch.tensor([[2.5]])
    assert float(t) == float(tt) and int(t) == int(tt) and bool(t) is bool(tt)
    assert isinstance(tg.tensor(3).item(), int) and isinstance(tg.tensor(True).item(), bool)
    assert isinstance(t.item(), float)
    assert [10, 20, 30][tg.tensor(1)] == 20  # __index__ on an integer scalar
    with pytest.raises(TypeError, match="index"):
        [1, 2][tg.tensor(1.0)]
    assert f"{tg.tensor(0.123456):.3f}" == "0.123" == f"{torch.tensor(0.123456):.3f}"
    assert tg.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    x = tg.zeros(2, 3, dtype=tg.float32)
    assert x.numel() == 6 and x.dim() == 2 and x.element_size() == 4 and len(x) == 2
    assert x.size() == (2, 3) and x.size(1) == 3 and x.size(-1) == 3 and isinstance(x.size(), tg.Size)
    assert repr(x.size()) == "tapegrad.Size([2, 3])" and x.size().numel() == 6
    rows = list(tg.tensor([[1, 2], [3, 4]]))
    assert len(rows) == 2 and rows[1].tolist() == [3, 4]
    with pytest.raises(ValueError, match="ambiguous"):
        bool(tg.tensor([1, 2]))
    with pytest.raises(TypeError, match="0-d"):
        len(tg.tensor(1.0))


def test_to_float_double_long():
    x = tg.tensor([1.7, -2.2])
    assert x.to(tg.float32).dtype == tg.float32 and x.float().dtype == tg.float32
    assert x.double() is x and x.to(tg.float64) is x and x.to("cpu") is x
    assert x.long().tolist() == [1, -2] and x.int().dtype == tg.int32 and x.bool().tolist() == [True, True]
    assert x.to("cpu", tg.float32).dtype == tg.float32 and x.to(tg.tensor([1])).dtype == tg.int64
    assert x.to(tg.float64, copy=True) is not x
    with pytest.raises(RuntimeError, match="CPU only"):
        x.to("cuda")
    assert x.device == tg.device("cpu") and str(x.device) == "cpu" and x.is_cpu and not x.is_cuda
    y = tg.tensor([1.0], requires_grad=True)
    (y.float() * 2).sum().backward()  # the cast is on the tape: the gradient converts back
    assert y.grad.dtype == tg.float64 and y.grad.item() == 2.0


def test_legacy_constructor():
    assert tg.Tensor(2, 3).shape == (2, 3) and tg.Tensor(2, 3).dtype == tg.get_default_dtype()
    assert tg.Tensor([1, 2]).tolist() == [1.0, 2.0] and tg.Tensor([1, 2]).dtype == tg.float64
    assert tg.Tensor().shape == (0,)


def test_tensor_from_python_numbers_is_fast_path_correct():
    big = 2**62 + 1
    assert tg.tensor(big).item() == big  # exactly: no trip through a double
    assert tg.tensor([big]).tolist() == [big]
    with pytest.raises(OverflowError):
        tg.tensor(2**64)
    assert tg.tensor([1, 2.5]).tolist() == [1.0, 2.5]
    assert tg.tensor([[1, 2], [3, 4]], dtype=tg.float32).dtype == tg.float32
    assert tg.tensor([1.9, -1.9], dtype=tg.int64).tolist() == [1, -1]
    assert math.isnan(tg.tensor([math.nan]).item())
    with pytest.raises(ValueError):
        tg.tensor([[1, 2], [3]])
