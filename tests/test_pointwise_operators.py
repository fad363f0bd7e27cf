"""Tensor's Python operators ** // % & | ^ ~ abs() against PyTorch's: tensors and Python numbers
on either side, every dtype, the in-place forms (same object, version bump, dtype rule), the
gradients they record, and the errors."""

import operator

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]


pytestmark = pytest.mark.usefixtures("torch_default_float64")  # default-dtype results compare with PyTorch's


def assert_same(actual, expected):
    assert actual.dtype == np.dtype(str(expected.dtype).replace("torch.", "")), (actual.dtype, expected.dtype)
    assert tuple(actual.shape) == tuple(expected.shape)
    a, e = actual.numpy(), expected.detach().numpy()
    if a.dtype.kind == "f":
        rtol = 2e-6 if a.dtype == np.float32 else 1e-13
        np.testing.assert_allclose(a, e, rtol=rtol, atol=0, equal_nan=True)
    else:
        np.testing.assert_array_equal(a, e)


def sample(dtype):
    if dtype == "bool":
        return np.array([True, False, True])
    if dtype == "uint8":
        return np.array([3, 1, 2], dtype=np.uint8)
    if dtype in ("int32", "int64"):
        return np.array([3, -4, 2], dtype=dtype)
    return np.array([1.5, -2.5, 3.0], dtype=dtype)


OPERATORS = {"**": operator.pow, "//": operator.floordiv, "%": operator.mod, "&": operator.and_}
OPERATORS.update(
    {"|": operator.or_, "^": operator.xor, "+": operator.add, "-": operator.sub, "*": operator.mul}
)
OPERATORS["/"] = operator.truediv


def same_outcome(op, tg_args, torch_args):
    """Both give the same tensor, or both raise."""
    try:
        with np.errstate(all="ignore"):
            expected = op(*torch_args)
    except (RuntimeError, TypeError):
        with pytest.raises((RuntimeError, TypeError, ValueError)):
            op(*tg_args)
        return
    assert_same(op(*tg_args), expected)


@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_tensor_with_tensor_for_every_dtype_pair(symbol):
    op = OPERATORS[symbol]
    for da in DTYPES:
        for db in DTYPES:
            a, b = sample(da), sample(db)
            if symbol == "**" and db in ("int32", "int64"):
                b = np.abs(b)
            same_outcome(op, (tg.tensor(a), tg.tensor(b)), (torch.from_numpy(a), torch.from_numpy(b)))


@pytest.mark.parametrize("number", [2, 3.5, True, -2, 0.5])
@pytest.mark.parametrize("symbol", sorted(OPERATORS))
def test_numbers_on_both_sides(symbol, number):
    op = OPERATORS[symbol]
    for dtype in DTYPES:
        x = sample(dtype)
        if symbol == "**" and dtype == "bool" and number is True:
            continue  # PyTorch short-cuts bool ** True to a copy; tapegrad refuses bool ** bool
        same_outcome(op, (tg.tensor(x), number), (torch.from_numpy(x), number))
        same_outcome(op, (number, tg.tensor(x)), (number, torch.from_numpy(x)))


def test_pow_operator_edge_cases():
    assert_same(2 ** tg.tensor([1, 2, 3]), 2 ** torch.tensor([1, 2, 3]))
    assert_same(2.0 ** tg.tensor([1, 2, 3]), 2.0 ** torch.tensor([1, 2, 3]))
    assert_same(tg.tensor([1, 2]) ** 2.5, torch.tensor([1, 2]) ** 2.5)
    assert_same(tg.tensor([2.0, 3.0]) ** tg.tensor([2, 3]), torch.tensor([2.0, 3.0]) ** torch.tensor([2, 3]))
    f32 = np.array([2.0, 0.5], dtype=np.float32)
    assert_same(tg.tensor(f32) ** 2.0, torch.from_numpy(f32) ** 2.0)
    assert_same(3 ** tg.tensor(f32), 3 ** torch.from_numpy(f32))
    with pytest.raises(ValueError, match="negative integer powers"):
        tg.tensor([2, 3]) ** -1
    with pytest.raises(TypeError, match="unsupported operand"):
        pow(tg.tensor([2.0]), 2, 3)  # no modulus
    with pytest.raises(TypeError, match="unsupported operand"):
        tg.tensor([2.0]) ** "2"
    with pytest.raises(OverflowError, match="too large"):
        tg.tensor([2.0]) ** (2**1100)


def test_gradients_through_operators():
    a_np, b_np = np.array([1.5, 2.0, 0.5]), np.array([2.0, -1.0, 3.0])
    a, b = tg.tensor(a_np, requires_grad=True), tg.tensor(b_np, requires_grad=True)
    at, bt = torch.from_numpy(a_np).requires_grad_(True), torch.from_numpy(b_np).requires_grad_(True)
    y = a**b + 2**a + a**3 + b % 1.25 + abs(b) + (a // 0.4) * b
    yt = at**bt + 2**at + at**3 + bt % 1.25 + abs(bt) + torch.div(at, 0.4, rounding_mode="floor") * bt
    assert_same(y.detach(), yt)
    y.sum().backward()
    yt.sum().backward()
    assert_same(a.grad, at.grad)
    assert_same(b.grad, bt.grad)


def test_invert_and_abs():
    for dtype in DTYPES:
        x = sample(dtype)
        same_outcome(operator.invert, (tg.tensor(x),), (torch.from_numpy(x),))
        same_outcome(abs, (tg.tensor(x),), (torch.from_numpy(x),))
    with pytest.raises(tg.DTypeError, match="bitwise_not does not support float32"):
        ~tg.tensor([1.0], dtype=tg.float32)
    mask = tg.tensor([True, False])
    assert (~mask).tolist() == [False, True]
    assert (mask & True).tolist() == [True, False] and (mask | False).dtype == tg.bool
    assert (~~tg.tensor([5, -6])).tolist() == [5, -6]


IN_PLACE = {"**=": operator.ipow, "//=": operator.ifloordiv, "%=": operator.imod}
IN_PLACE.update({"&=": operator.iand, "|=": operator.ior, "^=": operator.ixor})


@pytest.mark.parametrize("symbol", sorted(IN_PLACE))
def test_in_place_operators(symbol):
    op = IN_PLACE[symbol]
    for dtype in DTYPES:
        for other in (2, 3.0, True, tg.tensor([1, 2, 1])):
            if symbol == "**=" and dtype == "bool" and other is True:
                continue  # PyTorch short-cuts bool ** True to a copy; tapegrad refuses bool ** bool
            x_np = sample(dtype)
            x = tg.tensor(x_np)
            xt = torch.from_numpy(x_np.copy())
            other_t = torch.from_numpy(other.numpy().copy()) if isinstance(other, tg.Tensor) else other
            version = x._version
            try:
                op(xt, other_t)
            except (RuntimeError, TypeError):
                with pytest.raises((RuntimeError, TypeError, ValueError)):
                    op(x, other)
                np.testing.assert_array_equal(x.numpy(), x_np)  # left as it was
                continue
            result = op(x, other)
            assert result is x
            assert x._version > version
            assert_same(x, xt)


def test_in_place_operator_rules():
    leaf = tg.tensor([2.0, 3.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        leaf **= 2
    y = leaf * 1.0
    y **= 2
    y.sum().backward()
    np.testing.assert_allclose(leaf.grad.numpy(), [4.0, 6.0])
    i = tg.tensor([5, 7])
    with pytest.raises(tg.DTypeError, match="cannot be written into a int64"):
        i **= 0.5
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        i //= 0
    assert i.tolist() == [5, 7]


def test_unsupported_operands_defer_to_python():
    x = tg.tensor([1, 2])
    for op in (operator.floordiv, operator.mod, operator.and_, operator.or_, operator.xor, operator.pow):
        with pytest.raises(TypeError, match="unsupported operand"):
            op(x, "a")
        if op is not operator.mod:  # "a" % x is string formatting (a tensor is a mapping to it)
            with pytest.raises(TypeError, match="unsupported operand"):
                op("a", x)
        with pytest.raises(TypeError, match="unsupported operand"):
            op(x, None)
    # Array-like operands are constants, as for + - * /.
    assert (x // [2, 2]).tolist() == [0, 1]
    assert (np.array([5, 6]) % tg.tensor([4, 4])).tolist() == [1, 2]
    assert isinstance(np.array([5, 6]) % tg.tensor([4, 4]), tg.Tensor)
