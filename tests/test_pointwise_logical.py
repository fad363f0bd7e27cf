"""Logical and bitwise ops, the floating-point tests, comparisons, isclose/allclose/equal, where
and nan_to_num against PyTorch (every dtype; broadcasting; numbers where PyTorch takes them)."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tapegrad as tg

from torch_oracle import torch

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]


pytestmark = pytest.mark.usefixtures("torch_default_float64")  # default-dtype results compare with PyTorch's


def assert_same(actual, expected):
    assert actual.dtype == np.dtype(str(expected.dtype).replace("torch.", "")), (actual.dtype, expected.dtype)
    assert tuple(actual.shape) == tuple(expected.shape)
    np.testing.assert_array_equal(actual.numpy(), expected.detach().numpy())


def sample(dtype):
    values = {
        "bool": [True, False, True, False, True, True],
        "uint8": [0, 1, 5, 255, 128, 7],
        "int32": [0, -1, 5, -(2**31), 2**31 - 1, 7],
        "int64": [0, -1, 5, -(2**63), 2**63 - 1, 7],
        "float32": [0.0, -0.0, np.nan, np.inf, -np.inf, 2.5],
        "float64": [0.0, -0.0, np.nan, np.inf, -np.inf, 2.5],
    }[dtype]
    return np.array(values, dtype=dtype)


BINARY = ["logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor"]
BINARY += ["eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal"]


@pytest.mark.parametrize("name", BINARY)
def test_every_dtype_pair_matches_torch(name):
    for da, db in itertools.product(DTYPES, DTYPES):
        a_np, b_np = sample(da), sample(db)[::-1].copy()
        try:
            expected = getattr(torch, name)(torch.from_numpy(a_np), torch.from_numpy(b_np))
        except (RuntimeError, TypeError):
            with pytest.raises(tg.DTypeError, match=name):
                getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
            continue
        assert_same(getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np)), expected)
        assert_same(getattr(tg.tensor(a_np), name)(tg.tensor(b_np)), expected)


UNARY = ["logical_not", "bitwise_not", "isnan", "isinf", "isposinf", "isneginf", "isfinite"]


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", DTYPES)
def test_unary_matches_torch(name, dtype):
    x_np = sample(dtype)
    try:
        expected = getattr(torch, name)(torch.from_numpy(x_np))
    except (RuntimeError, TypeError):
        with pytest.raises(tg.DTypeError, match=name):
            getattr(tg, name)(tg.tensor(x_np))
        return
    assert_same(getattr(tg, name)(tg.tensor(x_np)), expected)
    assert_same(getattr(tg.tensor(x_np), name)(), expected)


@settings(max_examples=30, deadline=None)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
    da=st.sampled_from(DTYPES[:4]),
    db=st.sampled_from(DTYPES[:4]),
    name=st.sampled_from(["bitwise_and", "bitwise_or", "bitwise_xor", "logical_and", "lt", "eq"]),
)
def test_broadcasting_property(shapes, da, db, name):
    rng = np.random.default_rng(1)
    a_np = rng.integers(0, 4, shapes.input_shapes[0]).astype(da)
    b_np = rng.integers(0, 4, shapes.input_shapes[1]).astype(db)
    expected = getattr(torch, name)(torch.from_numpy(a_np), torch.from_numpy(b_np))
    actual = getattr(tg, name)(tg.tensor(a_np), tg.tensor(b_np))
    assert tuple(actual.shape) == np.broadcast_shapes(*shapes.input_shapes)
    assert_same(actual, expected)


def test_comparisons_with_numbers_and_in_place():
    x_np = np.array([1.0, 2.0, np.nan, -1.0])
    for name in ("eq", "ne", "lt", "le", "gt", "ge"):
        for number in (2, 2.0, True, -1):
            assert_same(
                getattr(tg, name)(tg.tensor(x_np), number),
                getattr(torch, name)(torch.from_numpy(x_np), number),
            )
        x = tg.tensor(x_np)
        assert getattr(x, name + "_")(2.0) is x  # the bool result written in x's dtype
        xt = torch.from_numpy(x_np.copy())
        getattr(xt, name + "_")(2.0)
        assert_same(x, xt)
    with pytest.raises(TypeError, match=r"eq\(\): argument 'input' must be Tensor, not int"):
        tg.eq(2, tg.tensor([2.0]))
    with pytest.raises(TypeError, match=r"logical_and\(\): argument 'other' must be Tensor, not int"):
        tg.logical_and(tg.tensor([True]), 1)
    assert_same(tg.bitwise_and(tg.tensor([5, 6]), 3), torch.bitwise_and(torch.tensor([5, 6]), 3))


def test_logical_in_place_forms():
    m = tg.tensor([True, False, True])
    assert m.logical_and_(tg.tensor([True, True, False])) is m
    assert m.tolist() == [True, False, False]
    m.logical_not_()
    assert m.tolist() == [False, True, True]
    i = tg.tensor([6, 3])
    i.bitwise_xor_(5)
    assert i.tolist() == [3, 6]
    with pytest.raises(tg.DTypeError, match="cannot be written into a bool"):
        tg.tensor([True]).bitwise_and_(tg.tensor([3]))


def test_isclose_allclose_equal_match_torch():
    a_np = np.array([1.0, 1.0 + 1e-6, np.inf, -np.inf, np.nan, np.nan, 0.0, 1e-9, 100.0])
    b_np = np.array([1.0, 1.0, np.inf, np.inf, np.nan, 1.0, 1e-9, 0.0, 100.001])
    for dtype in ("float32", "float64"):
        a, b = a_np.astype(dtype), b_np.astype(dtype)
        for kwargs in (
            {},
            {"equal_nan": True},
            {"rtol": 0.0, "atol": 0.0},
            {"rtol": 1e-3},
            {"atol": 1e-8, "rtol": 0},
        ):
            expected = torch.isclose(torch.from_numpy(a), torch.from_numpy(b), **kwargs)
            assert_same(tg.isclose(tg.tensor(a), tg.tensor(b), **kwargs), expected)
            assert_same(tg.tensor(a).isclose(tg.tensor(b), **kwargs), expected)
            assert tg.allclose(tg.tensor(a), tg.tensor(b), **kwargs) is torch.allclose(
                torch.from_numpy(a), torch.from_numpy(b), **kwargs
            )
    ints = np.array([1, 100000, -5])
    for kwargs in ({}, {"atol": 1}, {"rtol": 0.5}):
        expected = torch.isclose(torch.from_numpy(ints), torch.from_numpy(ints + 1), **kwargs)
        assert_same(tg.isclose(tg.tensor(ints), tg.tensor(ints + 1), **kwargs), expected)
    assert tg.allclose(tg.tensor([1.0, 1.0]), tg.tensor([1.0])) is True  # broadcasts
    assert tg.allclose(tg.tensor([1.0]), tg.tensor([1.1])) is False
    assert tg.equal(tg.tensor([1.0, 2.0]), tg.tensor([1, 2])) is True
    assert tg.equal(tg.tensor([1.0, 1.0]), tg.tensor([1.0])) is False  # no broadcasting
    assert tg.equal(tg.tensor([np.nan]), tg.tensor([np.nan])) is False
    assert tg.tensor([1.0]).equal(tg.tensor([1.0])) is True
    with pytest.raises(
        tg.DTypeError, match=r"input \(float32\) and other \(float64\) must have the same dtype"
    ):
        tg.isclose(tg.tensor([1.0], dtype=tg.float32), tg.tensor([1.0]))
    with pytest.raises(ValueError, match="rtol must be greater than or equal to zero, but got -1"):
        tg.isclose(tg.tensor([1.0]), tg.tensor([1.0]), rtol=-1)
    with pytest.raises(ValueError, match="atol must be greater than or equal to zero"):
        tg.allclose(tg.tensor([1.0]), tg.tensor([1.0]), atol=-1e-3)
    with pytest.raises(TypeError, match=r"equal\(\): argument 'other' must be Tensor, not float"):
        tg.equal(tg.tensor([1.0]), 1.0)


def test_where_matches_torch():
    rng = np.random.default_rng(2)
    cond_np = rng.uniform(size=(2, 1, 3)) > 0.5
    a_np, b_np = rng.normal(size=(4, 3)), rng.normal(size=(1, 3)).astype(np.float32)
    a, b = tg.tensor(a_np, requires_grad=True), tg.tensor(b_np, requires_grad=True)
    at, bt = torch.from_numpy(a_np).requires_grad_(True), torch.from_numpy(b_np).requires_grad_(True)
    y, yt = tg.where(tg.tensor(cond_np), a, b), torch.where(torch.from_numpy(cond_np), at, bt)
    assert_same(y.detach(), yt)
    y.sum().backward()
    yt.sum().backward()
    assert_same(a.grad, at.grad)
    assert_same(b.grad, bt.grad)
    cond = tg.tensor([True, False, True])
    for x_np, other in (
        (np.array([1.0, 2.0, 3.0], dtype=np.float32), 0.0),
        (np.array([1, 2, 3]), 2.5),
        (np.array([1, 2, 3]), 0),
    ):
        assert_same(
            tg.where(cond, tg.tensor(x_np), other),
            torch.where(torch.tensor([True, False, True]), torch.from_numpy(x_np), other),
        )
        assert_same(
            tg.tensor(x_np).where(cond, other),
            torch.from_numpy(x_np).where(torch.tensor([True, False, True]), other),
        )
    assert_same(tg.where(cond, 1, 2.5), torch.where(torch.tensor([True, False, True]), 1, 2.5))
    assert tg.where(tg.tensor([1, 0], dtype=tg.uint8), 1.0, 2.0).tolist() == [1.0, 2.0]  # legacy masks
    with pytest.raises(tg.DTypeError, match="where expected condition to be a bool tensor"):
        tg.where(tg.tensor([1.0]), tg.tensor([1.0]), 0.0)
    with pytest.raises(ValueError, match=r"\(2,\)"):
        tg.where(tg.tensor([True, False]), tg.tensor([1.0, 2.0, 3.0]), 0.0)
    x = tg.tensor([1.0, -2.0], requires_grad=True)
    assert tg.gradcheck(lambda v: tg.where(v > 0, v * v, -v), x)


def test_bitwise_and_shift_free_edge_cases():
    # ~ on int64 extremes, uint8 wrap-around, bool logic through bitwise ops.
    big = np.array([-(2**63), 2**63 - 1, 0, -1])
    assert_same(tg.bitwise_not(tg.tensor(big)), torch.bitwise_not(torch.from_numpy(big)))
    u = np.array([0, 255, 7], dtype=np.uint8)
    assert_same(tg.bitwise_not(tg.tensor(u)), torch.bitwise_not(torch.from_numpy(u)))
    m = np.array([True, False])
    assert_same(tg.bitwise_not(tg.tensor(m)), torch.bitwise_not(torch.from_numpy(m)))
    with pytest.raises(tg.DTypeError, match="bitwise_not does not support float64"):
        tg.bitwise_not(tg.tensor([1.0]))
    with pytest.raises(tg.DTypeError, match="bitwise_xor does not support float64"):
        tg.bitwise_xor(tg.tensor([1]), 1.5)
