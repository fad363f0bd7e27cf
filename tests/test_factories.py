"""Factories against PyTorch: values, dtype inference, shapes, the keyword arguments and errors.

tapegrad's default dtype is float64 (PyTorch's float32), so PyTorch is asked for float64 where
a test compares default-dtype results.
"""

import math
from fractions import Fraction

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

TORCH_DTYPE = {
    tg.bool: torch.bool,
    tg.uint8: torch.uint8,
    tg.int32: torch.int32,
    tg.int64: torch.int64,
    tg.float32: torch.float32,
    tg.float64: torch.float64,
}
TG_DTYPE = {v: k for k, v in TORCH_DTYPE.items()}
ALL = list(TORCH_DTYPE)


def same(t, ref):
    """t equals the torch tensor ref bit for bit, with its shape and dtype."""
    assert isinstance(t, tg.Tensor)
    assert t.dtype == TG_DTYPE[ref.dtype], (t.dtype, ref.dtype)
    assert tuple(t.shape) == tuple(ref.shape), (t.shape, ref.shape)
    np.testing.assert_array_equal(t.numpy(), ref.numpy())


pytestmark = pytest.mark.usefixtures("torch_default_float64")  # default-dtype results compare with PyTorch's


# --- sizes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize(
    "args",
    [(2, 3), ((2, 3),), ([2, 3],), (tg.Size([2, 3]),), (torch.Size([2, 3]),), ([],), ((),), (0, 4), (5,)],
)
def test_size_spellings(name, args):
    t = getattr(tg, name)(*args)
    ref = getattr(torch, name)(*args)
    assert tuple(t.shape) == tuple(ref.shape)
    assert t.dtype == tg.float64 and t.is_contiguous() and t.is_leaf and not t.requires_grad


def test_size_keyword_and_tensor_dims():
    assert tg.zeros(size=(2, 3)).shape == (2, 3)
    assert tg.ones(tg.tensor(3)).shape == (3,)
    assert tg.ones(np.array([2, 3])).shape == (2, 3)  # PyTorch wants a tuple here
    assert tg.ones(np.int64(4)).shape == (4,)
    assert tg.rand(size=[4]).shape == (4,)
    assert tg.Size([2, 3]) == tg.zeros(2, 3).shape


@pytest.mark.parametrize("dtype", ALL)
def test_zeros_ones_full_values(dtype):
    same(tg.zeros(2, 3, dtype=dtype), torch.zeros(2, 3, dtype=TORCH_DTYPE[dtype]))
    same(tg.ones(4, dtype=dtype), torch.ones(4, dtype=TORCH_DTYPE[dtype]))
    same(tg.full((2, 2), 1, dtype=dtype), torch.full((2, 2), 1, dtype=TORCH_DTYPE[dtype]))
    assert tg.empty(3, 2, dtype=dtype).dtype == dtype


@pytest.mark.parametrize("value", [3, True, False, 2.5, -7, 2**62, float("inf"), float("nan"), -0.0])
def test_full_infers_dtype_as_torch(value):
    same(tg.full((3,), value), torch.full((3,), value))


@pytest.mark.parametrize(
    "value, dtype",
    [(3.7, tg.int64), (-3.7, tg.int32), (-1, tg.uint8), (-255, tg.uint8), (1.5, tg.bool), (0.0, tg.bool),
     (2**62, tg.float64), (1e38, tg.float32), (float("inf"), tg.float32), (float("nan"), tg.float32),
     (255, tg.uint8)],
)  # fmt: skip
def test_full_converts_as_torch(value, dtype):
    same(tg.full((2,), value, dtype=dtype), torch.full((2,), value, dtype=TORCH_DTYPE[dtype]))


@pytest.mark.parametrize(
    "value, dtype",
    [(300, tg.uint8), (-256, tg.uint8), (float("nan"), tg.int64), (1e300, tg.float32), (2**31, tg.int32),
     (-0.5, tg.uint8), (1e19, tg.int64)],
)  # fmt: skip
def test_full_refuses_values_the_dtype_cannot_hold(value, dtype):
    with pytest.raises(RuntimeError):
        torch.full((1,), value, dtype=TORCH_DTYPE[dtype])
    with pytest.raises(RuntimeError, match="cannot be converted") as info:
        tg.full((1,), value, dtype=dtype)
    assert isinstance(info.value, tg.ArgumentError)


def test_full_of_big_ints_is_exact():
    assert tg.full((1,), 2**62 + 1).item() == 2**62 + 1
    assert tg.full((1,), -(2**63)).item() == -(2**63)
    with pytest.raises(OverflowError):
        tg.full((1,), 2**64)


def test_full_with_tensor_value():
    same(tg.full((2,), tg.tensor(3)), torch.full((2,), torch.tensor(3)))
    assert tg.full((2,), tg.tensor(2.5)).tolist() == [2.5, 2.5]


@pytest.mark.parametrize("dtype", [None, tg.float32, tg.int32])
def test_like_functions(dtype):
    x = tg.tensor(np.arange(6.0).reshape(2, 3), dtype=tg.float32)
    tdt = None if dtype is None else TORCH_DTYPE[dtype]
    ref = torch.arange(6.0, dtype=torch.float32).reshape(2, 3)
    same(tg.zeros_like(x, dtype=dtype), torch.zeros_like(ref, dtype=tdt))
    same(tg.ones_like(x, dtype=dtype), torch.ones_like(ref, dtype=tdt))
    same(tg.full_like(x, 7, dtype=dtype), torch.full_like(ref, 7, dtype=tdt))
    same(tg.full_like(x, 2.5, dtype=dtype), torch.full_like(ref, 2.5, dtype=tdt))
    e = tg.empty_like(x, dtype=dtype)
    assert e.shape == (2, 3) and e.dtype == (dtype or tg.float32)


def test_like_of_a_view_is_contiguous_and_drops_grad():
    x = tg.tensor(np.ones((2, 3)), requires_grad=True)
    view = x.T
    z = tg.zeros_like(view)
    assert z.shape == (3, 2) and z.is_contiguous() and not z.requires_grad and z.is_leaf
    assert tg.ones_like(view, requires_grad=True).requires_grad
    assert tg.zeros_like(view, memory_format=torch.preserve_format).shape == (3, 2)


def test_new_methods():
    x = tg.tensor([1, 2], dtype=tg.int32)
    r = torch.tensor([1, 2], dtype=torch.int32)
    same(x.new_zeros(3), r.new_zeros(3))
    same(x.new_zeros((2, 2)), r.new_zeros((2, 2)))
    same(x.new_ones(2, 3), r.new_ones(2, 3))
    same(x.new_full((2,), 2.5), r.new_full((2,), 2.5))
    same(x.new_tensor([1.5, 2]), r.new_tensor([1.5, 2]))
    same(x.new_zeros(2, dtype=tg.float32), r.new_zeros(2, dtype=torch.float32))
    assert x.new_empty(4).shape == (4,) and x.new_empty(4).dtype == tg.int32
    f = tg.tensor([1.0])
    assert f.new_zeros(2, requires_grad=True).requires_grad
    src = [1.0, 2.0]
    t = f.new_tensor(src)
    src[0] = 9.0
    assert t.tolist() == [1.0, 2.0]


def test_empty_strided():
    t = tg.empty_strided((2, 3), (1, 2))
    assert t.shape == (2, 3) and t.stride() == (1, 2) and not t.is_contiguous()
    t.copy_(np.arange(6.0).reshape(2, 3))
    assert t.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert tg.empty_strided((2, 3), (3, 1)).is_contiguous()
    assert tg.empty_strided((0, 3), (3, 1)).shape == (0, 3)
    with pytest.raises(ValueError, match="negative strides"):
        tg.empty_strided((2,), (-1,))
    with pytest.raises(ValueError, match="2 strides"):
        tg.empty_strided((2, 3, 4), (1, 1))


def test_eye():
    same(tg.eye(3), torch.eye(3))
    same(tg.eye(2, 4), torch.eye(2, 4))
    same(tg.eye(4, 2, dtype=tg.bool), torch.eye(4, 2, dtype=torch.bool))
    same(tg.eye(0), torch.eye(0))
    same(tg.eye(3, dtype=tg.int32), torch.eye(3, dtype=torch.int32))
    with pytest.raises(RuntimeError, match="n must be greater or equal to 0"):
        tg.eye(-1)
    with pytest.raises(RuntimeError, match="m must be greater or equal to 0"):
        tg.eye(2, -3)


@pytest.mark.parametrize("row, col", [(0, 0), (1, 1), (3, 4), (4, 3), (5, 5), (2, 7)])
@pytest.mark.parametrize("offset", [-9, -2, -1, 0, 1, 3, 9])
def test_tril_triu_indices(row, col, offset):
    same(tg.tril_indices(row, col, offset), torch.tril_indices(row, col, offset))
    same(tg.triu_indices(row, col, offset), torch.triu_indices(row, col, offset))


def test_tri_indices_dtypes_and_errors():
    same(tg.tril_indices(3, 3, dtype=tg.int32), torch.tril_indices(3, 3, dtype=torch.int32))
    with pytest.raises(TypeError):
        tg.tril_indices(3, 3, dtype=tg.float32)
    with pytest.raises(RuntimeError, match="row must be non-negative"):
        tg.triu_indices(-1, 3)
    with pytest.raises(ValueError, match="do not fit uint8"):
        tg.tril_indices(300, 2, dtype=tg.uint8)


# --- arange --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [(5,), (0,), (2, 9), (9, 2, -1), (0, 10, 3), (10, 0, -3), (-5, 5, 2), (True, 3), (0.5,), (0, 1, 0.1),
     (0, 1, 0.25), (1.5, -2.5, -0.5), (0, 5, 1.5), (-1e10, 1e10, 3e9), (2, 3.0), (0, 2**40, 2**38)],
)  # fmt: skip
def test_arange_against_torch(args):
    same(tg.arange(*args), torch.arange(*args))


def test_arange_0_1_01_is_torchs_bit_for_bit():
    ref = torch.arange(0, 1, 0.1, dtype=torch.float64)
    same(tg.arange(0, 1, 0.1), ref)
    assert tg.arange(0, 1, 0.1).tolist()[3] == 0.30000000000000004
    same(tg.arange(0, 1, 0.1, dtype=tg.float32), torch.arange(0, 1, 0.1, dtype=torch.float32))


def fma(a, b, c):
    """a * b + c rounded once, computed exactly with fractions."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def test_arange_float_values_are_one_rounding_of_start_plus_step_i():
    rng = np.random.default_rng(7)
    for _ in range(60):
        start = float(rng.normal() * 10)
        step = float(rng.uniform(0.01, 3)) * (1 if rng.random() < 0.5 else -1)
        n = int(rng.integers(1, 40))
        end = start + step * (n - 0.5)
        t = tg.arange(start, end, step)
        expected = [fma(step, i, start) for i in range(math.ceil((end - start) / step))]
        assert t.tolist() == expected
        # PyTorch's scalar loop computes these bits; its vectorised loop builds elements of longer
        # ranges (8 and more, depending on the CPU) from neighbours, within a rounding or two.
        ref = torch.arange(start, end, step, dtype=torch.float64).numpy()
        if len(expected) < 8:
            np.testing.assert_array_equal(t.numpy(), ref)
        np.testing.assert_array_max_ulp(t.numpy(), ref, maxulp=4)


@pytest.mark.parametrize("dtype", [tg.uint8, tg.int32, tg.int64, tg.float32, tg.float64])
@pytest.mark.parametrize("args", [(0, 7), (6, 0, -2), (0.5, 6), (0, 5, 1.5), (1, 200, 37)])
def test_arange_dtypes_against_torch(dtype, args):
    same(tg.arange(*args, dtype=dtype), torch.arange(*args, dtype=TORCH_DTYPE[dtype]))


def test_arange_large_int64_is_exact():
    t = tg.arange(2**62, 2**62 + 5)
    assert t.tolist() == [2**62 + i for i in range(5)]
    assert tg.arange(-(2**63), 2**63 - 1, 2**62).tolist() == [-(2**63), -(2**62), 0, 2**62]


def test_arange_keywords_and_tensors():
    same(tg.arange(end=3), torch.arange(end=3))
    same(tg.arange(start=1, end=4), torch.arange(start=1, end=4))
    same(tg.arange(tg.tensor(2), tg.tensor(5.0)), torch.arange(torch.tensor(2), torch.tensor(5.0)))
    same(tg.arange(np.int64(3)), torch.arange(3))


@pytest.mark.parametrize(
    "args, match",
    [((0, 1, 0), "step must be nonzero"), ((0, -1, 1), "inconsistent with step sign"),
     ((0, float("nan")), "unsupported range"), ((0, float("inf")), "unsupported range"),
     ((5, 0), "inconsistent with step sign")],
)  # fmt: skip
def test_arange_errors_as_torch(args, match):
    with pytest.raises(RuntimeError, match=match):
        torch.arange(*args)
    with pytest.raises(RuntimeError, match=match):
        tg.arange(*args)


def test_arange_refuses_values_its_dtype_cannot_hold():
    # PyTorch wraps 256..299 around to 0..43 silently: tapegrad raises.
    with pytest.raises(ValueError, match="do not fit uint8"):
        tg.arange(0, 300, dtype=tg.uint8)
    with pytest.raises(ValueError, match="do not fit int32"):
        tg.arange(0, 2**40, 2**38, dtype=tg.int32)
    with pytest.raises(TypeError, match="bool"):
        tg.arange(0, 2, dtype=tg.bool)
    with pytest.raises(TypeError, match="real number"):
        tg.arange("3")


# --- linspace and logspace -----------------------------------------------------------------------


def test_linspace_is_torchs_bit_for_bit():
    rng = np.random.default_rng(1)
    for dtype in (torch.float64, torch.float32):
        for _ in range(150):
            a, b = (rng.normal(size=2) * 10).tolist()
            n = int(rng.integers(0, 300))
            same(tg.linspace(a, b, n, dtype=TG_DTYPE[dtype]), torch.linspace(a, b, n, dtype=dtype))


def test_linspace_formula_from_both_ends():
    a, b, n = 1.257302210933933, -1.3210486329130189, 62
    t = tg.linspace(a, b, n).tolist()
    step = (b - a) / (n - 1)
    assert t == [fma(step, i, a) if i < n // 2 else fma(-step, n - 1 - i, b) for i in range(n)]
    assert t[0] == a and t[-1] == b


@pytest.mark.parametrize(
    "args, dtype",
    [((0, 1, 5), None), ((2, 5, 1), None), ((2, 5, 0), None), ((0, 10, 4), tg.int64), ((10, 0, 4), tg.uint8),
     ((-3.7, 8.2, 7), tg.int32), ((0, 1, 11), tg.float32), ((1e-3, 1e3, 9), None), ((5, 5, 3), None)],
)  # fmt: skip
def test_linspace_cases(args, dtype):
    same(tg.linspace(*args, dtype=dtype), torch.linspace(*args, dtype=TORCH_DTYPE.get(dtype)))


def test_linspace_errors():
    with pytest.raises(RuntimeError, match="must be non-negative"):
        tg.linspace(0, 1, -1)
    with pytest.raises(TypeError):
        tg.linspace(0, 1)
    with pytest.raises(TypeError, match="integer"):
        tg.linspace(0, 1, 2.5)
    with pytest.raises(TypeError, match="bool"):
        tg.linspace(0, 1, 3, dtype=tg.bool)


@pytest.mark.parametrize(
    "args, kwargs",
    [((0, 2, 3), {}), ((0, 3, 4), {"base": 2}), ((-2, 2, 9), {}), ((1, 1, 1), {}),
     ((0, 3, 4), {"base": 2, "dtype": tg.int64}), ((0, 1, 5), {"dtype": tg.float32}),
     ((3, 0, 7), {"base": 1.5})],
)  # fmt: skip
def test_logspace_against_torch(args, kwargs):
    t = tg.logspace(*args, **kwargs)
    tkw = dict(kwargs)
    if "dtype" in tkw:
        tkw["dtype"] = TORCH_DTYPE[tkw["dtype"]]
    ref = torch.logspace(*args, **tkw)
    assert t.dtype == TG_DTYPE[ref.dtype]
    np.testing.assert_array_max_ulp(t.numpy(), ref.numpy(), maxulp=1)


# --- the keyword arguments -----------------------------------------------------------------------


FACTORIES = [
    lambda **kw: tg.zeros(2, **kw),
    lambda **kw: tg.ones(2, **kw),
    lambda **kw: tg.empty(2, **kw),
    lambda **kw: tg.full((2,), 1.0, **kw),
    lambda **kw: tg.arange(3.0, **kw),
    lambda **kw: tg.linspace(0, 1, 3, **kw),
    lambda **kw: tg.logspace(0, 1, 3, **kw),
    lambda **kw: tg.eye(2, **kw),
    lambda **kw: tg.rand(2, **kw),
    lambda **kw: tg.randn(2, **kw),
]


@pytest.mark.parametrize("make", FACTORIES)
def test_factory_options(make):
    for device in (None, "cpu", "cpu:0", tg.device("cpu"), torch.device("cpu")):
        assert make(device=device).shape[0] >= 2
    t = make(requires_grad=True)
    assert t.requires_grad and t.is_leaf and t.grad_fn is None
    assert make(dtype=tg.float32).dtype == tg.float32
    assert make(layout=torch.strided).dtype == tg.float64
    with pytest.raises(RuntimeError, match="'cuda'"):
        make(device="cuda")
    with pytest.raises(RuntimeError, match="'meta'"):
        make(device="meta")
    with pytest.raises(TypeError, match="out= is not supported"):
        make(out=tg.zeros(2))
    with pytest.raises(RuntimeError, match="layout"):
        make(layout=torch.sparse_coo)


def test_pin_memory_and_int_requires_grad():
    with pytest.raises(RuntimeError, match="pin_memory"):
        tg.zeros(2, pin_memory=True)
    with pytest.raises(RuntimeError, match="floating"):
        tg.zeros(2, dtype=tg.int64, requires_grad=True)
    with pytest.raises(RuntimeError):
        torch.zeros(2, dtype=torch.int64, requires_grad=True)


def test_default_dtype_is_followed():
    tg.set_default_dtype(tg.float32)
    try:
        assert tg.zeros(2).dtype == tg.float32
        assert tg.arange(2.0).dtype == tg.float32
        assert tg.arange(2).dtype == tg.int64
        assert tg.full((1,), 0.5).dtype == tg.float32
        assert tg.rand(2).dtype == tg.float32
        assert tg.linspace(0, 1, 2).dtype == tg.float32
    finally:
        tg.set_default_dtype(tg.float64)


@pytest.mark.parametrize(
    "call, exc, match",
    [(lambda: tg.zeros(2, -1), ValueError, "negative dimension -1"),
     (lambda: tg.zeros(2.0, 3), TypeError, "must be an integer"),
     (lambda: tg.zeros(True), TypeError, "not bool"),
     (lambda: tg.zeros(), TypeError, "missing 1 required positional argument"),
     (lambda: tg.zeros(*[1] * 9), ValueError, "at most 8 dimensions"),
     (lambda: tg.zeros(2, names=None), TypeError, "unexpected keyword argument 'names'"),
     (lambda: tg.ones((2,), size=(3,)), TypeError, "both"),
     (lambda: tg.full((2,), "a"), TypeError, "real number"),
     (lambda: tg.full((2,), 1 + 2j), TypeError, "real number"),
     (lambda: tg.zeros_like([1, 2]), TypeError, "must be Tensor"),
     (lambda: tg.zeros_like(tg.zeros(2), memory_format="channels_last"), RuntimeError, "memory_format")],
)  # fmt: skip
def test_size_and_argument_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
