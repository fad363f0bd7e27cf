"""The Python Tensor object itself: construction, subclasses, attributes, weak references and the
buffer protocol that NumPy and memoryview read it through."""

import gc
import sys
import weakref

import numpy as np
import pytest

import tapegrad as tg

FORMATS = {"bool": "?", "uint8": "B", "int32": "i", "int64": "q", "float32": "f", "float64": "d"}


@pytest.mark.parametrize("dtype", list(FORMATS))
def test_memoryview_gives_the_values_shape_strides_and_format(dtype):
    values = np.arange(6).reshape(2, 3).astype(dtype)
    t = tg.tensor(values)
    m = memoryview(t)
    assert m.format == FORMATS[dtype] and np.dtype(m.format) == np.dtype(dtype)  # "q": 8 bytes everywhere
    assert m.shape == (2, 3) and m.strides == values.strides and m.itemsize == values.itemsize
    assert not m.readonly and m.nbytes == values.nbytes
    assert m.tolist() == values.tolist()


def test_a_strided_view_exports_its_strides_and_shares_memory():
    base = tg.tensor(np.arange(12.0).reshape(3, 4))
    view = base[:, 1::2].T  # shape (2, 3), strides (16, 32) bytes
    arr = np.asarray(view)
    assert arr.shape == (2, 3) and arr.strides == (16, 32)
    np.testing.assert_array_equal(arr, np.arange(12.0).reshape(3, 4)[:, 1::2].T)
    arr[0, 0] = -1.0  # the buffer is the tensor's memory
    assert base[0, 1].item() == -1.0


def test_an_exported_buffer_keeps_its_memory_when_the_tensor_gets_new_data():
    y = tg.tensor([1.0, 2.0])
    arr = np.asarray(y)
    y.data = tg.tensor([5.0, 6.0, 7.0])  # y now has another storage
    gc.collect()
    assert y.tolist() == [5.0, 6.0, 7.0]
    np.testing.assert_array_equal(arr, [1.0, 2.0])  # still readable (ASan checks it in CI)
    arr[0] = 9.0
    assert y.tolist() == [5.0, 6.0, 7.0]


def test_a_consumer_that_cannot_take_strides_gets_a_clear_error():
    t = tg.tensor(np.arange(6.0).reshape(2, 3)).T
    # ctypes asks for a C-contiguous buffer without strides.
    import ctypes

    with pytest.raises((BufferError, TypeError), match="contiguous"):
        (ctypes.c_double * 6).from_buffer(t)


def test_weak_references_follow_the_tensor():
    t = tg.tensor([1.0])
    ref = weakref.ref(t)
    assert ref() is t
    del t
    gc.collect()
    assert ref() is None


def test_new_attributes_are_refused_on_tensors_but_held_by_subclasses():
    t = tg.tensor([1.0])
    with pytest.raises(AttributeError):
        t.note = "weights"

    class Tagged(tg.Tensor):
        pass

    p = Tagged([1.0, 2.0])
    p.note = "weights"
    assert type(p) is Tagged and isinstance(p, tg.Tensor) and p.note == "weights"
    assert p.tolist() == [1.0, 2.0] and p.dtype == tg.get_default_dtype()
    out = p * 2.0 + p
    assert type(out) is tg.Tensor and out.tolist() == [3.0, 6.0]
    ref = weakref.ref(p)
    del p
    gc.collect()
    assert ref() is None


def test_objects_are_freed_with_their_last_reference():
    gc.collect()  # classes that other tests derived from Tensor hold references to it
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    before = sys.getrefcount(tg.Tensor)
    for _ in range(1000):
        y = (x * 3.0).sum()
        y.backward()
    del y
    gc.collect()
    after = sys.getrefcount(tg.Tensor)  # (not inside the assert: pytest's rewriting holds a reference)
    assert after == before  # every object gave its reference to the type back
    assert x.grad.tolist() == [3000.0, 3000.0]


def test_the_legacy_constructor():
    assert tg.Tensor(2, 3).shape == (2, 3) and tg.Tensor(2, 3).dtype == tg.float64
    assert tg.Tensor([1, 2]).dtype == tg.float64 and tg.Tensor([1, 2]).tolist() == [1.0, 2.0]
    assert tg.Tensor().shape == (0,)
    with pytest.raises(TypeError, match="keyword"):
        tg.Tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="sizes"):
        tg.Tensor([1.0], [2.0])
