"""The indexing idioms PyTorch and NumPy users type, checked one by one against PyTorch: the
embedding lookup C[X], logits[range(n), y], masks, repeated indices, x[idx] += 1, index_put_
with accumulate, the in-place rules of assignment, and the errors (type and message).
"""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

DTYPES = [(tg.float32, torch.float32, 1e-6), (tg.float64, torch.float64, 1e-12)]


def pair(values, dtype=(tg.float64, torch.float64, 0), requires_grad=True):
    tdt, pdt, _ = dtype
    a = np.asarray(values)
    return tg.tensor(a, dtype=tdt, requires_grad=requires_grad), torch.tensor(
        a, dtype=pdt, requires_grad=requires_grad
    )


def close(a, b, tol=1e-12):
    np.testing.assert_allclose(
        np.asarray(a.detach() if isinstance(a, tg.Tensor) else a),
        b.detach().numpy() if isinstance(b, torch.Tensor) else b,
        rtol=tol,
        atol=tol,
    )


# --- the embedding lookup ------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_embedding_lookup_matches_torch(dtype):
    rng = np.random.default_rng(0)
    C, Ct = pair(rng.standard_normal((27, 10)), dtype)
    X_np = rng.integers(0, 27, (32, 3))
    emb, embt = C[tg.tensor(X_np)], Ct[torch.tensor(X_np)]
    assert emb.shape == (32, 3, 10)
    close(emb, embt, dtype[2])
    w = rng.standard_normal((32, 3, 10))
    (emb * tg.tensor(w, dtype=dtype[0])).sum().backward()
    (embt * torch.tensor(w, dtype=dtype[1])).sum().backward()
    close(C.grad, Ct.grad, dtype[2] * 10)
    # Rows looked up several times accumulate.
    counts = np.bincount(X_np.ravel(), minlength=27)
    C.grad = None
    C[tg.tensor(X_np)].sum().backward()
    np.testing.assert_allclose(np.asarray(C.grad), np.repeat(counts[:, None], 10, axis=1))


def test_embedding_lookup_of_a_strided_table():
    rng = np.random.default_rng(1)
    base = tg.tensor(rng.standard_normal((10, 27)), requires_grad=True)
    C = base.T  # a transposed view: rows are strided
    Ct = torch.tensor(base.detach().numpy(), requires_grad=True)
    X = rng.integers(0, 27, (5, 4))
    out, outt = C[tg.tensor(X)], Ct.T[torch.tensor(X)]
    close(out, outt)
    out.sum().backward()
    outt.sum().backward()
    close(base.grad, Ct.grad)


def test_nn_functional_embedding_matches_torch_with_padding_idx():
    rng = np.random.default_rng(2)
    W, Wt = pair(rng.standard_normal((7, 4)))
    X = np.array([[0, 2, 0], [6, 5, 2]])
    for padding_idx in (None, 0, -1):
        W.grad, Wt.grad = None, None
        out = tg.nn.functional.embedding(tg.tensor(X), W, padding_idx=padding_idx)
        outt = torch.nn.functional.embedding(torch.tensor(X), Wt, padding_idx=padding_idx)
        close(out, outt)
        w = rng.standard_normal(out.shape)
        (out * tg.tensor(w)).sum().backward()
        (outt * torch.tensor(w)).sum().backward()
        close(W.grad, Wt.grad)


def test_nn_functional_embedding_scale_grad_by_freq_and_max_norm():
    rng = np.random.default_rng(3)
    X = np.array([1, 1, 3, 1, 0])
    W, Wt = pair(rng.standard_normal((5, 3)) * 3)
    out = tg.nn.functional.embedding(tg.tensor(X), W, scale_grad_by_freq=True)
    outt = torch.nn.functional.embedding(torch.tensor(X), Wt, scale_grad_by_freq=True)
    out.sum().backward()
    outt.sum().backward()
    close(W.grad, Wt.grad)
    W2, W2t = pair(rng.standard_normal((5, 3)) * 3, requires_grad=False)
    out = tg.nn.functional.embedding(tg.tensor(X), W2, max_norm=1.0)
    outt = torch.nn.functional.embedding(torch.tensor(X), W2t, max_norm=1.0)
    close(out, outt, 1e-7)
    close(W2, W2t, 1e-7)  # the rows looked up were renormalised in place, as in torch


def test_embedding_errors():
    W = tg.tensor(np.ones((4, 2)), requires_grad=True)
    with pytest.raises(IndexError, match="index 4 is out of bounds for dimension 0 with size 4"):
        tg.nn.functional.embedding(tg.tensor([1, 4]), W)
    with pytest.raises(IndexError, match="index -1 is out of bounds"):
        tg.nn.functional.embedding(tg.tensor([-1]), W)
    with pytest.raises(TypeError, match="int32 or int64"):
        tg.nn.functional.embedding(tg.tensor([1.0]), W)
    with pytest.raises(ValueError, match="2-D"):
        tg.nn.functional.embedding(tg.tensor([1]), tg.tensor(np.ones(4)))
    with pytest.raises(ValueError, match="padding_idx 4"):
        tg.nn.functional.embedding(tg.tensor([1]), W, padding_idx=4)


# --- the idioms ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_logits_at_range_and_labels(dtype):
    rng = np.random.default_rng(4)
    logits, logits_t = pair(rng.standard_normal((6, 5)), dtype)
    y = [1, 0, 4, 4, 2, 3]
    out, outt = logits[range(6), y], logits_t[range(6), y]
    close(out, outt, dtype[2])
    (-out).sum().backward()
    (-outt).sum().backward()
    close(logits.grad, logits_t.grad, dtype[2])


def test_repeated_indices_accumulate_in_the_gradient():
    x, xt = pair(np.arange(4.0))
    for idx in ([0, 0, 1], tg.tensor([0, 0, 1]), np.array([0, 0, 1]), range(1)):
        x.grad, xt.grad = None, None
        out = x[idx]
        outt = xt[list(idx) if not isinstance(idx, tg.Tensor) else idx.tolist()]
        close(out, outt)
        out.sum().backward()
        outt.sum().backward()
        close(x.grad, xt.grad)
    x.grad = None
    x[[0, 0, 1]].sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), [2.0, 1.0, 0.0, 0.0])


def test_masks():
    rng = np.random.default_rng(5)
    x, xt = pair(rng.standard_normal((3, 4, 5)))
    m = rng.random((3, 4)) > 0.5
    close(x[tg.tensor(m)], xt[torch.tensor(m)])
    m3 = rng.random((3, 4, 5)) > 0.5
    close(x[tg.tensor(m3)], xt[torch.tensor(m3)])
    last = np.array([True, False, True, True, False])
    close(x[..., tg.tensor(last)], xt[..., torch.tensor(last)])
    close(x[:, [True, False, True, False]], xt[:, [True, False, True, False]])
    close(x[x > 0], xt[xt > 0])
    # 0-d bools: a new dimension of size 1 or 0.
    assert x[True].shape == (1, 3, 4, 5) and x[False].shape == (0, 3, 4, 5)
    close(x[None, [0, 2]], xt[None, [0, 2]])
    (x[tg.tensor(m)] * 2).sum().backward()
    (xt[torch.tensor(m)] * 2).sum().backward()
    close(x.grad, xt.grad)


def test_result_is_a_copy_not_a_view():
    x = tg.tensor(np.arange(6.0))
    y = x[[0, 1]]
    y[0] = 100.0
    assert x[0].item() == 0.0
    assert not y._is_view


def test_placement_of_index_dimensions():
    x = tg.tensor(np.zeros((2, 3, 4, 5)))
    xt = torch.zeros(2, 3, 4, 5)
    for key in [
        (slice(None), [0, 1], [1, 2]),  # adjacent: in place
        ([0, 1], slice(None), [1, 2]),  # separated by a slice: first
        ([0, 1], None, [1, 2]),  # separated by None: first
        (Ellipsis, [0, 1]),
        ([[0], [1]], slice(None), [0, 1, 2]),
        (1, [0, 2]),  # an integer next to the index: the same for NumPy and PyTorch
        ([0, 1], slice(None), 0),  # int and index separated, but the result starts with them in both
    ]:
        assert x[key].shape == tuple(xt[key].shape) == np.zeros((2, 3, 4, 5))[key].shape, key


@pytest.mark.parametrize(
    "key, numpy_shape, torch_shape",
    [
        ((0, slice(None), [1, 2]), (2, 3, 5), (3, 2, 5)),
        ((slice(None), slice(None), [0], Ellipsis, [1]), (1, 2, 3), (2, 3, 1)),
    ],
)
def test_numpy_and_torch_placements_that_differ_are_refused(key, numpy_shape, torch_shape):
    x_np = np.zeros((2, 3, 4, 5))
    assert x_np[key].shape == numpy_shape
    assert tuple(torch.zeros(2, 3, 4, 5)[key].shape) == torch_shape
    x = tg.tensor(x_np)
    with pytest.raises(IndexError, match="laid out differently") as info:
        x[key]
    assert str(numpy_shape) in str(info.value) and str(torch_shape) in str(info.value)
    with pytest.raises(IndexError, match="laid out differently"):
        x[key] = 1.0
    # The two-step spelling the message suggests gives PyTorch's result.
    if key[0] == 0:
        assert x[0][:, [1, 2]].shape == torch_shape


def test_list_of_lists_key_is_refused_as_ambiguous():
    x = tg.tensor(np.zeros((3, 3)))
    with pytest.raises(IndexError, match=r"x\[tuple\(seq\)\]"):
        x[[[0, 1], [1, 2]]]
    with pytest.raises(IndexError, match="ambiguous"):
        x[[tg.tensor([0]), tg.tensor([1])]]
    # Unambiguous spellings work: a tuple, a tensor, an array.
    assert x[([0, 1], [1, 2])].shape == (2,)
    assert x[tg.tensor([[0, 1], [1, 2]])].shape == (2, 2, 3)
    assert x[np.array([[0, 1], [1, 2]])].shape == (2, 2, 3)


def test_index_errors_match_torch_in_type_and_message():
    x = tg.tensor(np.zeros((2, 3)))
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 2"):
        x[tg.tensor([5])]
    with pytest.raises(IndexError, match="index -4 is out of bounds for dimension 1 with size 3"):
        x[:, [-4]]
    with pytest.raises(IndexError, match=r"shape of the mask \(3,\) at index 0 does not match .* \(2, 3\)"):
        x[tg.tensor([True, False, True])]
    with pytest.raises(IndexError, match="could not be broadcast together with shapes"):
        x[[0, 1], [0, 1, 2]]
    with pytest.raises(IndexError, match="must be integer or bool tensors"):
        x[tg.tensor([0.0])]
    with pytest.raises(IndexError, match=r"uint8.*ambiguous"):
        x[tg.tensor(np.array([1, 0], dtype=np.uint8))]
    with pytest.raises(IndexError, match="too many indices"):
        x[[0], [0], [0]]
    # Negative indices count from the end, as everywhere.
    np.testing.assert_array_equal(x[[-1, -2]].numpy(), np.zeros((2, 3)))


def test_empty_index_and_empty_results():
    x = tg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    assert x[[]].shape == (0, 3)
    assert x[tg.tensor(np.zeros((2, 3), dtype=bool))].shape == (0,)
    x[[]].sum().backward()
    np.testing.assert_array_equal(np.asarray(x.grad), np.zeros((2, 3)))


# --- assignment ----------------------------------------------------------------------------------


def test_setitem_forms_match_numpy():
    x_np = np.arange(12.0).reshape(3, 4)
    x = tg.tensor(x_np)
    x_np[x_np > 5] = 0
    x[x > 5] = 0
    np.testing.assert_array_equal(x.numpy(), x_np)
    x_np[[0, 2], 1:3] = [[7, 8], [9, 10]]
    x[[0, 2], 1:3] = tg.tensor([[7.0, 8], [9, 10]])
    np.testing.assert_array_equal(x.numpy(), x_np)
    x_np[:, [True, False, True, False]] = -1
    x[:, [True, False, True, False]] = -1
    np.testing.assert_array_equal(x.numpy(), x_np)
    x_np[[1]] = np.arange(4)
    x[[1]] = np.arange(4)
    np.testing.assert_array_equal(x.numpy(), x_np)


def test_augmented_assignment_adds_once_for_repeated_indices():
    # Python runs x[idx] += 1 as x[idx] = x[idx] + 1: each position gains 1, repeats or not.
    x_np, xt, x = np.zeros(4), torch.zeros(4), tg.tensor(np.zeros(4))
    x_np[[0, 0, 1]] += 1
    xt[[0, 0, 1]] += 1
    x[[0, 0, 1]] += 1
    np.testing.assert_array_equal(x.numpy(), x_np)
    np.testing.assert_array_equal(x.numpy(), xt.numpy())
    np.testing.assert_array_equal(x.numpy(), [1, 1, 0, 0])


def test_index_put_accumulate_adds_every_repeat():
    x, xt = tg.tensor(np.zeros(4)), torch.zeros(4, dtype=torch.float64)
    idx = [0, 0, 1, 0]
    x.index_put_((tg.tensor(idx),), tg.tensor([1.0, 2, 3, 4]), accumulate=True)
    xt.index_put_((torch.tensor(idx),), torch.tensor([1.0, 2, 3, 4], dtype=torch.float64), accumulate=True)
    close(x, xt)
    np.testing.assert_array_equal(x.numpy(), [7, 3, 0, 0])
    # Out of place, as torch.index_put.
    y = tg.index_put(x, (tg.tensor([3]),), tg.tensor(5.0))
    np.testing.assert_array_equal(y.numpy(), [7, 3, 0, 5])
    np.testing.assert_array_equal(x.numpy(), [7, 3, 0, 0])
    with pytest.raises(TypeError, match="tuple of Tensors"):
        x.index_put_(tg.tensor([0]), tg.tensor(1.0))


def test_repeated_writes_last_wins_and_only_it_gets_a_gradient():
    x = tg.tensor(np.zeros(3))
    x[[0, 1, 0]] = tg.tensor([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(x.numpy(), [3, 2, 0])
    base = tg.tensor(np.ones(3), requires_grad=True)
    v = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = base * 1.0
    y[[0, 1, 0]] = v
    (y * tg.tensor([10.0, 20.0, 30.0])).sum().backward()
    np.testing.assert_array_equal(np.asarray(v.grad), [0, 20, 10])  # the first write to 0 is lost
    np.testing.assert_array_equal(np.asarray(base.grad), [0, 0, 30])


@pytest.mark.parametrize("dtype", DTYPES)
def test_setitem_is_recorded_with_gradients_to_values_and_kept_elements(dtype):
    rng = np.random.default_rng(6)
    base, base_t = pair(rng.standard_normal((4, 3)), dtype)
    v, vt = pair(rng.standard_normal((2, 3)), dtype)
    y, yt = base * 2.0, base_t * 2.0
    y[[2, 0]] = v
    yt[[2, 0]] = vt
    m_np = rng.random((4, 3)) > 0.5
    y[tg.tensor(m_np)] = 0.0
    yt[torch.tensor(m_np)] = 0.0
    y[[1, 3]] += 1.0
    yt[[1, 3]] += 1.0
    assert y.grad_fn is not None
    close(y, yt, dtype[2])
    w = rng.standard_normal((4, 3))
    (y * tg.tensor(w, dtype=dtype[0])).sum().backward()
    (yt * torch.tensor(w, dtype=dtype[1])).sum().backward()
    close(base.grad, base_t.grad, dtype[2] * 10)
    close(v.grad, vt.grad, dtype[2] * 10)


def test_augmented_assignment_with_repeats_gets_the_true_gradient():
    # y[[1, 1]] += 1 leaves y[1] = y_old[1] + 1: its derivative is 1, which tapegrad gives.
    # PyTorch gives 2 (both gathered copies are credited, though one write is overwritten).
    base = tg.tensor(np.ones(3), requires_grad=True)
    y = base * 1.0
    y[[1, 1]] += 1.0
    y.sum().backward()
    np.testing.assert_array_equal(np.asarray(base.grad), [1, 1, 1])

    def f(x):
        y = x * 1.0
        y[[1, 1, 2]] += x[[0, 0, 0]]
        return y

    assert tg.gradcheck(f, tg.tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True))


def test_setitem_follows_the_in_place_rules():
    leaf = tg.tensor(np.zeros(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        leaf[[0]] = 1.0
    with tg.no_grad():
        leaf[[0]] = 1.0  # parameters are updated under no_grad
    np.testing.assert_array_equal(leaf.detach().numpy(), [1, 0, 0])
    # A view written through an advanced index writes its base (not recorded).
    base = tg.tensor(np.zeros((2, 3)))
    row = base[1]
    row[[0, 2]] = 5.0
    np.testing.assert_array_equal(base.numpy(), [[0, 0, 0], [5, 0, 5]])
    # The version bump makes a backward that saved the old values fail.
    a = tg.tensor(np.ones(3), requires_grad=True)
    b = a * 1.0
    c = b * b
    b[[0]] = 2.0
    with pytest.raises(RuntimeError, match="modified"):
        c.sum().backward()


def test_setitem_values_that_alias_the_target_are_read_first():
    x = tg.tensor(np.arange(5.0))
    x[[1, 2, 3, 4]] = x[0:4]
    np.testing.assert_array_equal(x.numpy(), [0, 0, 1, 2, 3])


def test_setitem_shape_mismatch():
    x = tg.tensor(np.zeros(3))
    with pytest.raises(
        ValueError,
        match=r"shape mismatch: value tensor of shape \(3,\) cannot be broadcast to "
        r"indexing result of shape \(2,\)",
    ):
        x[[0, 1]] = tg.tensor(np.ones(3))


def test_setitem_converts_values_to_the_tensor_dtype():
    x = tg.tensor(np.zeros(3, dtype=np.int64))
    x[[0, 1]] = 2.7
    np.testing.assert_array_equal(x.numpy(), [2, 2, 0])


def test_gradcheck_through_getitem_and_setitem():
    rng = np.random.default_rng(7)
    x = tg.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    v = tg.tensor(rng.standard_normal((2, 4)), requires_grad=True)
    idx = tg.tensor([[0, 2], [2, 2]])
    assert tg.gradcheck(lambda x: x[idx, 1:], x)
    assert tg.gradcheck(lambda x: x[x.detach() > 0], x)

    def put(x, v):
        y = x * 1.0
        y[[2, 0]] = v
        return y

    assert tg.gradcheck(put, x, v)

    def accumulate(x, v):
        return tg.index_put(x, (tg.tensor([1, 1]),), v, accumulate=True)

    assert tg.gradcheck(accumulate, x, v)
