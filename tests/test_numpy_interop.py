"""Zero-copy NumPy interop: from_numpy, numpy(), __array__, .grad and the buffer protocol."""

import pickle

import numpy as np
import pytest

import tapegrad as tg


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_from_numpy_shares_memory_both_ways(dtype):
    arr = np.arange(6, dtype=dtype).reshape(2, 3)
    t = tg.from_numpy(arr)
    assert t.dtype == dtype and t.shape == (2, 3) and t.ndim == 2 and t.numel() == 6
    assert np.shares_memory(arr, t.numpy())
    assert np.shares_memory(arr, np.asarray(t))
    arr[0, 0] = 100.0  # writes to the array show in the tensor
    assert t.numpy()[0, 0] == 100.0
    t.numpy()[1, 2] = -7.0  # writes through numpy() show in the array
    assert arr[1, 2] == -7.0
    # Ops read the current values.
    np.testing.assert_array_equal((t * 1.0).numpy(), arr)


def test_numpy_and_array_are_views_of_the_same_tensor():
    t = tg.tensor([[1.0, 2.0], [3.0, 4.0]])
    v1, v2, v3 = t.numpy(), np.asarray(t), np.array(t, copy=False)
    assert np.shares_memory(v1, v2) and np.shares_memory(v1, v3)
    v1[0, 1] = 9.0
    assert t.numpy()[0, 1] == 9.0 and v2[0, 1] == 9.0
    np.testing.assert_array_equal((t + 0.0).numpy(), [[1.0, 9.0], [3.0, 4.0]])


def test_array_protocol_copies_when_asked():
    t = tg.tensor([1.0, 2.0])
    c = np.array(t)  # np.array copies by default
    assert not np.shares_memory(c, t.numpy())
    c2 = np.asarray(t, dtype=np.float32)
    assert c2.dtype == np.float32 and not np.shares_memory(c2, t.numpy())
    with pytest.raises(ValueError):
        np.array(t, dtype=np.float32, copy=False)
    np.testing.assert_array_equal(c, [1.0, 2.0])


def test_memoryview_is_zero_copy():
    t = tg.tensor(np.arange(6.0).reshape(2, 3))
    m = memoryview(t)
    assert m.shape == (2, 3) and m.format == "d" and m.itemsize == 8 and m.c_contiguous
    m_arr = np.asarray(m)
    assert np.shares_memory(m_arr, t.numpy())
    t.numpy()[1, 1] = 42.0
    assert m[1, 1] == 42.0
    f32 = memoryview(tg.tensor(np.ones(3, np.float32)))
    assert f32.format == "f" and f32.itemsize == 4


def test_grad_is_a_view_of_the_gradient_buffer():
    x = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    g1, g2 = x.grad, x.grad
    assert np.shares_memory(g1, g2)
    np.testing.assert_array_equal(g1, [2.0, 4.0, 6.0])
    x.zero_grad()  # in place: the view sees it
    np.testing.assert_array_equal(g1, [0.0, 0.0, 0.0])
    (x * 3.0).sum().backward()  # accumulates into the same buffer
    np.testing.assert_array_equal(g1, [3.0, 3.0, 3.0])
    assert not np.shares_memory(g1, x.numpy())


def test_tensor_copies_its_data():
    arr = np.array([1.0, 2.0])
    t = tg.tensor(arr)
    assert not np.shares_memory(arr, t.numpy())
    arr[0] = 50.0
    assert t.numpy()[0] == 1.0
    lst = [[1, 2], [3, 4]]
    assert tg.tensor(lst).dtype == np.int64  # integers stay integers, as in PyTorch


@pytest.mark.parametrize(
    "data, dtype",
    [
        (np.ones(2, np.float32), np.float32),
        (np.ones(2, np.float64), np.float64),
        (np.ones(2, np.float16), np.float32),
        (np.arange(2), np.int64),
        (np.arange(2, dtype=np.int32), np.int32),
        (np.arange(2, dtype=np.int16), np.int32),
        (np.arange(2, dtype=np.uint8), np.uint8),
        (np.array([True, False]), np.bool_),
        ([1.0, 2.0], np.float64),
        ([1, 2], np.int64),
        ([True, False], np.bool_),
        ([1, 2.5], np.float64),
        ([[1, 2], [3, 4]], np.int64),
        (3, np.int64),
        (True, np.bool_),
        (2.5, np.float64),
    ],
)
def test_tensor_dtype_rules(data, dtype):
    t = tg.tensor(data)
    assert t.dtype == dtype
    np.testing.assert_array_equal(t.numpy(), np.asarray(data).astype(dtype))


def test_tensor_with_explicit_dtype():
    t = tg.tensor([1.0, 2.0], dtype=np.float32, requires_grad=True)
    assert t.dtype == np.float32 and t.requires_grad and t.is_leaf
    assert tg.tensor(np.ones(2, np.float32), dtype="float64").dtype == np.float64


def test_arrays_on_the_left_stay_on_the_tape():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    arr = np.array([3.0, 4.0])
    for y in (arr * x, arr + x, arr - x, arr / x, arr @ x):
        assert isinstance(y, tg.Tensor) and y.grad_fn is not None
    (arr @ x).backward()
    np.testing.assert_array_equal(x.grad, arr)


def test_repr():
    # As PyTorch prints: the dtype only when it is not the default float, int64 or bool.
    assert repr(tg.tensor([3.0], requires_grad=True)) == "tensor([3.], requires_grad=True)"
    assert repr(tg.tensor(2.0)) == "tensor(2.)"
    assert repr(tg.tensor([1.0], dtype="float32")) == "tensor([1.], dtype=tapegrad.float32)"
    assert repr(tg.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(tg.tensor([1, 2], dtype=tg.int32)) == "tensor([1, 2], dtype=tapegrad.int32)"
    assert repr(tg.tensor([0.12345, 2.0])) == "tensor([0.1235, 2.0000])"
    x = tg.tensor([1.0], requires_grad=True)
    assert repr(x * 2.0) == "tensor([2.], grad_fn=<Affine>)"


def test_pickle_round_trip():
    x = tg.tensor(np.arange(6, dtype=np.float32).reshape(2, 3), requires_grad=True)
    y = pickle.loads(pickle.dumps(x))
    assert y.dtype == np.float32 and y.shape == (2, 3) and y.requires_grad and y.is_leaf
    np.testing.assert_array_equal(y.numpy(), x.numpy())
    assert not np.shares_memory(y.numpy(), x.numpy())
    z = pickle.loads(pickle.dumps(x * 2.0))  # the graph is not pickled, the values are
    assert z.is_leaf and z.requires_grad
    np.testing.assert_array_equal(z.numpy(), x.numpy() * 2)


def test_detach_shares_memory_and_cuts_the_tape():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    d = y.detach()
    assert d.grad_fn is None and not d.requires_grad and d.is_leaf
    assert np.shares_memory(d.numpy(), y.numpy())


def test_reshape_and_transpose_are_views():
    x = tg.tensor(np.arange(6.0))
    assert np.shares_memory(x.reshape(2, 3).numpy(), x.numpy())
    t = x.reshape(2, 3).T
    assert not t.is_contiguous() and t.stride() == (1, 3)
    assert np.shares_memory(t.numpy(), x.numpy())  # NumPy sees the view's strides
    np.testing.assert_array_equal(t.numpy(), np.arange(6.0).reshape(2, 3).T)
    np.testing.assert_array_equal(t.contiguous().numpy(), np.arange(6.0).reshape(2, 3).T)
    assert t.contiguous().numpy().flags.c_contiguous


def test_item_float_len():
    t = tg.tensor([[2.5]])
    assert t.item() == 2.5 and float(t) == 2.5 and len(t) == 1 and isinstance(t.item(), float)
    assert tg.tensor(np.float32(1.5)).item() == 1.5


def test_retained_gradients_have_their_own_buffers():
    # d and e receive the same upstream gradient; zeroing one must not zero the other.
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    d, e = x * 2.0, x * 3.0
    d.retain_grad()
    e.retain_grad()
    (d + e).sum().backward()
    assert not np.shares_memory(d.grad, e.grad)
    d.zero_grad()
    np.testing.assert_array_equal(d.grad, [0.0, 0.0])
    np.testing.assert_array_equal(e.grad, [1.0, 1.0])
    np.testing.assert_array_equal(x.grad, [5.0, 5.0])
