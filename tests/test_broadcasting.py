"""NumPy broadcasting in + - * /: forward as NumPy, gradients summed back to each input's shape."""

import numpy as np
import pytest

import tapegrad as tg

CASES = [
    ((3, 1), (1, 4)),
    ((2, 3), (3,)),
    ((3,), (2, 3)),
    ((), (2, 2)),
    ((2, 2), ()),
    ((4, 1, 3), (2, 3)),
    ((2, 3), (4, 1, 3)),
    ((1,), (5,)),
    ((2, 1, 4), (1, 3, 1)),
    ((5, 1), (5, 1)),
    ((1, 1), (3,)),
]

OPS = {
    "add": (lambda a, b: a + b, np.add),
    "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply),
    "div": (lambda a, b: a / b, np.divide),
}


def operand(rng, shape):
    values = rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    return tg.tensor(values, requires_grad=True)


@pytest.mark.parametrize("name", OPS)
@pytest.mark.parametrize("a_shape, b_shape", CASES)
def test_broadcast_forward_and_gradcheck(rng, name, a_shape, b_shape):
    op, ref = OPS[name]
    a, b = operand(rng, a_shape), operand(rng, b_shape)
    out = op(a, b)
    expected = ref(a.numpy(), b.numpy())
    assert out.shape == expected.shape
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-15, atol=0)
    weights = tg.tensor(rng.uniform(0.5, 1.5, expected.shape))
    assert tg.gradcheck(lambda x, y: (op(x, y) * weights).sum(), a, b)
    # The gradients have exactly the inputs' shapes.
    a.grad = None
    b.grad = None
    (op(a, b) * weights).sum().backward()
    assert a.grad.shape == a_shape and b.grad.shape == b_shape


def test_broadcast_gradient_values_by_hand():
    # d/da sum(a + b) with a (3,1), b (1,4): each a_i is used 4 times; each b_j 3 times.
    a = tg.tensor(np.zeros((3, 1)), requires_grad=True)
    b = tg.tensor(np.zeros((1, 4)), requires_grad=True)
    (a + b).sum().backward()
    np.testing.assert_array_equal(a.grad, np.full((3, 1), 4.0))
    np.testing.assert_array_equal(b.grad, np.full((1, 4), 3.0))
    # d/dx sum(x * y) with x (2,3), y (3,): x.grad = y broadcast, y.grad = column sums of x.
    x = tg.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    y = tg.tensor([10.0, 20.0, 30.0], requires_grad=True)
    (x * y).sum().backward()
    np.testing.assert_array_equal(x.grad, [[10.0, 20.0, 30.0]] * 2)
    np.testing.assert_array_equal(y.grad, [5.0, 7.0, 9.0])


def test_scalar_0d_with_matrix():
    s = tg.tensor(2.0, requires_grad=True)
    m = tg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    out = s * m
    np.testing.assert_array_equal(out.numpy(), [[2.0, 4.0], [6.0, 8.0]])
    out.sum().backward()
    assert s.grad.shape == () and s.grad == 10.0
    np.testing.assert_array_equal(m.grad, np.full((2, 2), 2.0))


@pytest.mark.parametrize("a_shape, b_shape", [((2, 3), (4,)), ((3, 2), (2, 3)), ((4, 1, 3), (2, 2))])
def test_incompatible_shapes_name_both(a_shape, b_shape):
    a, b = tg.tensor(np.ones(a_shape)), tg.tensor(np.ones(b_shape))
    for op, _ in OPS.values():
        with pytest.raises(ValueError) as info:
            op(a, b)
        assert str(a_shape) in str(info.value)
        assert str(b_shape) in str(info.value)


def test_float32_with_float64_promotes_and_keeps_gradient_dtypes():
    a = tg.tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    b = tg.tensor(np.array([[3.0], [4.0]]), requires_grad=True)
    out = a * b
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.numpy(), np.float32([1, 2]) * np.array([[3.0], [4.0]]))
    out.sum().backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float64
    np.testing.assert_array_equal(a.grad, [7.0, 7.0])
    np.testing.assert_array_equal(b.grad, [[3.0], [3.0]])


def test_float32_stays_float32_with_python_numbers():
    a = tg.tensor(np.array([1.0, 2.0], dtype=np.float32), requires_grad=True)
    for out in (a * 2, 2 * a, a + 0.5, 1 - a, a / 3, 10.0 / a, a**2, -a):
        assert out.dtype == np.float32
