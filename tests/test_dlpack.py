"""DLPack: tapegrad tensors shared with NumPy and PyTorch, and theirs with tapegrad, both ways,
views included, for as long as either side lives; tg.as_tensor's sharing rules."""

import gc

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

DTYPES = [np.bool_, np.uint8, np.int32, np.int64, np.float32, np.float64]


def shares(a, b):
    return np.shares_memory(np.asarray(a), np.asarray(b))


# --- export: tapegrad -> NumPy / PyTorch ---------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_and_torch_read_tapegrad_memory(dtype):
    t = tg.tensor(np.arange(6).reshape(2, 3) % 2, dtype=dtype)
    a = np.from_dlpack(t)
    p = torch.from_dlpack(t)
    assert a.dtype == dtype and a.shape == (2, 3)
    np.testing.assert_array_equal(a, t.numpy())
    np.testing.assert_array_equal(p.numpy(), t.numpy())
    assert shares(a, t) and shares(p.numpy(), t)


def test_writes_go_through_both_ways():
    t = tg.zeros(2, 3)
    a = np.from_dlpack(t)
    p = torch.from_dlpack(t)
    a[0, 0] = 1.0
    p[1, 2] = 2.0
    t.add_(tg.ones(2, 3))
    expected = [[2, 1, 1], [1, 1, 3]]
    assert t.tolist() == expected and a.tolist() == expected and p.tolist() == expected


def test_views_export_strides_and_offset():
    t = tg.arange(12.0).reshape(3, 4)
    for view in (t.T, t.T[1:], t[1:, ::2], t[2], t[1, 3]):
        a = np.from_dlpack(view)
        p = torch.from_dlpack(view)
        np.testing.assert_array_equal(a, view.numpy())
        np.testing.assert_array_equal(p.numpy(), view.numpy())
        assert p.stride() == view.stride()
        assert shares(a, t)
    v = t.T[1:]
    torch.from_dlpack(v)[0, 0] = -5.0  # element (0, 1) of t
    assert t[0, 1].item() == -5.0


def test_exported_memory_outlives_the_tapegrad_tensor():
    t = tg.arange(1000.0)
    a = np.from_dlpack(t)
    p = torch.from_dlpack(t[10:20])
    del t
    gc.collect()
    tg.zeros(1000) + 1.0  # reuse freed memory, if any was freed
    assert a[999] == 999.0 and p.tolist() == [float(i) for i in range(10, 20)]


def test_versioned_and_legacy_capsules():
    t = tg.ones(3)
    assert "dltensor_versioned" in repr(t.__dlpack__(max_version=(1, 0)))
    assert "dltensor_versioned" in repr(t.__dlpack__(max_version=(2, 3)))
    assert '"dltensor"' in repr(t.__dlpack__())
    assert '"dltensor"' in repr(t.__dlpack__(max_version=(0, 8)))
    assert t.__dlpack_device__() == (1, 0)
    # copy=True exports a copy, in either kind of capsule.
    c = tg.from_dlpack(t.__dlpack__(max_version=(1, 0), copy=True))
    c2 = tg.from_dlpack(t.__dlpack__(copy=True))
    c.add_(tg.ones(3))
    c2.add_(tg.ones(3))
    assert t.tolist() == [1, 1, 1] and c.tolist() == [2, 2, 2] and c2.tolist() == [2, 2, 2]
    if np.lib.NumpyVersion(np.__version__) >= "2.1.0":  # np.from_dlpack(copy=) is NumPy 2.1's
        a = np.from_dlpack(t, copy=True)
        a[0] = 9.0
        assert t.tolist() == [1, 1, 1]


def test_unconsumed_capsules_free_their_tensor():
    t = tg.zeros(3)
    for _ in range(100):
        t.__dlpack__(max_version=(1, 0))
        t.__dlpack__()
    gc.collect()
    assert t.tolist() == [0, 0, 0]


def test_export_errors():
    with pytest.raises(BufferError, match="require gradient"):
        np.from_dlpack(tg.zeros(2, requires_grad=True))
    with pytest.raises(BufferError, match="require gradient"):
        torch.zeros(2, requires_grad=True).__dlpack__()
    assert np.from_dlpack(tg.zeros(2, requires_grad=True).detach()).shape == (2,)
    with pytest.raises(BufferError, match="device"):
        tg.zeros(2).__dlpack__(dl_device=(2, 0))
    with pytest.raises(BufferError, match="stream"):
        tg.zeros(2).__dlpack__(stream=1)
    with pytest.raises(TypeError):
        tg.zeros(2).__dlpack__(1)  # keyword-only, as the array API and PyTorch


# --- import: NumPy / PyTorch -> tapegrad ---------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_tapegrad_reads_numpy_and_torch_memory(dtype):
    a = (np.arange(6).reshape(2, 3) % 2).astype(dtype)
    t = tg.from_dlpack(a)
    assert t.dtype == dtype and t.shape == (2, 3) and not t.requires_grad and t.is_leaf
    np.testing.assert_array_equal(t.numpy(), a)
    assert shares(t, a)
    p = torch.from_numpy(a.copy())
    u = tg.from_dlpack(p)
    np.testing.assert_array_equal(u.numpy(), p.numpy())
    assert shares(u, p.numpy())


def test_imported_writes_go_through_both_ways():
    a = np.zeros(4)
    p = torch.zeros(4, dtype=torch.float32)
    t, u = tg.from_dlpack(a), tg.from_dlpack(p)
    a[0] = 1.0
    p[1] = 2.0
    t.add_(tg.ones(4))
    u.mul_(tg.full((4,), 3.0, dtype=tg.float32))
    assert a.tolist() == [2, 1, 1, 1] and t.tolist() == [2, 1, 1, 1]
    assert p.tolist() == [0, 6, 0, 0] and u.tolist() == [0, 6, 0, 0]


def test_strided_inputs_keep_their_strides():
    base = np.arange(24.0).reshape(4, 6)
    cases = [base[:, ::2], base.T, base[1:3, 2:5], base[::-1], base[:, ::-3], base[2], np.array(7.5)]
    for a in cases:
        t = tg.from_dlpack(a)
        np.testing.assert_array_equal(t.numpy(), a)
        assert t.shape == a.shape
        if a.size > 1:
            assert shares(t, base) or a.base is None
    t = tg.from_dlpack(base.T)
    assert t.stride() == (1, 6) and not t.is_contiguous()
    t[0, 1] = -1.0  # element (1, 0) of base
    assert base[1, 0] == -1.0
    torch_view = torch.arange(12).reshape(3, 4).t()[1:]
    u = tg.from_dlpack(torch_view)
    assert u.tolist() == torch_view.tolist() and u.stride() == torch_view.stride()
    expanded = tg.from_dlpack(torch.arange(3.0).expand(2, 3))
    assert expanded.stride() == (0, 1) and expanded.tolist() == [[0, 1, 2], [0, 1, 2]]
    assert tg.from_dlpack(np.zeros((0, 3))).shape == (0, 3)


def test_imported_memory_outlives_the_producers_python_object():
    a = np.arange(100_000.0)
    t = tg.from_dlpack(a)
    del a
    gc.collect()
    assert t[99_999].item() == 99_999.0
    p = torch.arange(50_000, dtype=torch.int64)[::2]
    u = tg.from_dlpack(p)
    del p
    gc.collect()
    assert u[-1].item() == 49_998 and u.shape == (25_000,)
    view = u[10:20]  # a view of the import keeps it alive too
    del u
    gc.collect()
    assert view.tolist() == list(range(20, 40, 2))


def test_round_trips_and_capsules():
    t = tg.arange(5.0)
    back = tg.from_dlpack(t)
    assert shares(back, t) and back.tolist() == t.tolist()
    legacy = torch.utils.dlpack.to_dlpack(torch.arange(3))
    assert tg.from_dlpack(legacy).tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="already consumed"):
        tg.from_dlpack(legacy)
    capsule = np.arange(3.0).__dlpack__(max_version=(1, 0))
    assert tg.from_dlpack(capsule).tolist() == [0, 1, 2]
    copied = tg.from_dlpack(np.zeros(2), copy=True)
    src = np.zeros(2)
    shared = tg.from_dlpack(src, copy=False)
    assert not shares(copied, src) and shares(shared, src)


@pytest.mark.parametrize(
    "make, exc, match",
    [(lambda: np.zeros(2, np.float16), TypeError, "float16"),
     (lambda: np.zeros(2, np.int8), TypeError, "int8"),
     (lambda: torch.zeros(2, dtype=torch.complex64), TypeError, "complex64"),
     (lambda: torch.zeros(2, dtype=torch.bfloat16), TypeError, "bfloat16"),
     (lambda: [1.0, 2.0], TypeError, "__dlpack__"),
     (lambda: np.zeros((1,) * 9), ValueError, "at most 8 dimensions")],
)  # fmt: skip
def test_import_errors(make, exc, match):
    with pytest.raises(exc, match=match):
        tg.from_dlpack(make())


def test_read_only_memory_is_not_imported():
    # PyTorch shares a read-only NumPy array writeable; tapegrad refuses (as_tensor copies it).
    a = np.arange(3.0)
    a.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        tg.from_dlpack(a)
    t = tg.as_tensor(a)
    assert t.tolist() == [0, 1, 2] and not shares(t, a)


def test_other_devices_are_refused():
    class OnCuda:
        def __dlpack__(self, **kwargs):
            raise AssertionError("must not be asked for its memory")

        def __dlpack_device__(self):
            return (2, 0)

    with pytest.raises(RuntimeError, match="CPU only"):
        tg.from_dlpack(OnCuda())
    with pytest.raises(RuntimeError, match="'cuda'"):
        tg.from_dlpack(np.zeros(2), device="cuda")


def test_legacy_producers_without_keywords():
    class Legacy:
        def __init__(self, a):
            self.a = a

        def __dlpack__(self, stream=None):
            return self.a.__dlpack__()

        def __dlpack_device__(self):
            return (1, 0)

    a = np.arange(4.0)
    t = tg.from_dlpack(Legacy(a))
    assert shares(t, a) and t.tolist() == [0, 1, 2, 3]
    c = tg.from_dlpack(Legacy(a), copy=True)
    assert not shares(c, a)


# --- as_tensor -----------------------------------------------------------------------------------


def test_as_tensor_shares_when_it_can():
    t = tg.tensor([1.0, 2.0], requires_grad=True)
    assert tg.as_tensor(t) is t
    assert tg.as_tensor(t, dtype=tg.float64) is t
    f = tg.as_tensor(t, dtype=tg.float32)
    assert f.dtype == tg.float32 and f.grad_fn is not None  # differentiable, as t.to(dtype)
    for dtype in DTYPES:
        a = np.ones((3, 2), dtype=dtype)
        assert shares(tg.as_tensor(a), a) and tg.as_tensor(a).dtype == dtype
    strided = np.arange(12.0).reshape(3, 4)[:, 1::2]
    s = tg.as_tensor(strided)
    assert shares(s, strided) and s.tolist() == strided.tolist()
    p = torch.arange(4.0)
    assert shares(tg.as_tensor(p), p.numpy())


def test_as_tensor_copies_otherwise():
    a = np.ones(3, dtype=np.float32)
    c = tg.as_tensor(a, dtype=tg.float64)
    assert c.dtype == tg.float64 and not shares(c, a)
    assert tg.as_tensor(np.ones(2, dtype=np.int16)).dtype == tg.int32  # as tg.tensor converts
    swapped = np.ones(2, dtype=">f8")
    assert not shares(tg.as_tensor(swapped), swapped)
    assert tg.as_tensor([1, 2]).dtype == tg.int64
    assert tg.as_tensor([1.5]).dtype == tg.float64
    assert tg.as_tensor(3.0, dtype=tg.float32).dtype == tg.float32
    ref = torch.as_tensor([1, 2], dtype=torch.float32)
    assert tg.as_tensor([1, 2], dtype=tg.float32).tolist() == ref.tolist()
    with pytest.raises(RuntimeError, match="'cuda'"):
        tg.as_tensor([1.0], device="cuda")
