"""Property tests of the views against NumPy: reshape, view, expand, permute and squeeze on
random shapes (sizes 0 to 3, up to 5 dimensions) and layouts. NumPy is the oracle for the values
and for which layouts can be viewed without a copy (``np.reshape(..., copy=False)`` follows the
same rule as PyTorch's computeStride), and the memory must be shared with the base.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import tapegrad as tg

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

shapes = hnp.array_shapes(min_dims=0, max_dims=5, min_side=0, max_side=3)


def filled(shape):
    return np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)


@st.composite
def layouts(draw):
    """A tensor and the NumPy array it equals, possibly as a permuted or sliced view."""
    shape = draw(shapes)
    a = filled(shape)
    x = tg.tensor(a)
    if a.ndim and draw(st.booleans()):
        perm = draw(st.permutations(range(a.ndim)))
        a, x = a.transpose(perm), x.permute(*perm)
    if a.ndim and draw(st.booleans()):
        d = draw(st.integers(0, a.ndim - 1))
        index = (slice(None),) * d + (slice(None, None, 2),)
        a, x = a[index], x[index]
    return a, x


def factorizations(n, max_dims=4):
    """Shapes holding n elements."""
    if n == 0:
        return st.lists(st.integers(0, 3), min_size=1, max_size=max_dims).filter(lambda s: 0 in s)
    divisors = [d for d in range(1, n + 1) if n % d == 0]

    @st.composite
    def build(draw):
        dims, left = [], n
        for _ in range(draw(st.integers(0, max_dims - 1))):
            d = draw(st.sampled_from([d for d in divisors if left % d == 0]))
            dims.append(d)
            left //= d
        dims.append(left)
        return draw(st.permutations(dims))

    return build()


def numpy_view(a, shape):
    """``a`` reshaped without a copy, or None where NumPy would have to copy."""
    try:
        return np.reshape(a, shape, copy=False)
    except ValueError:
        return None
    except TypeError:  # NumPy < 2.1 has no copy=: a shape assignment never copies
        v = a.view()
        try:
            v.shape = shape
        except AttributeError:
            return None
        return v


def shares_memory(x, base):
    return np.shares_memory(x.numpy(), base.numpy()) or x.numel() == 0


@SETTINGS
@given(layouts(), st.data())
def test_view_and_reshape_agree_with_numpy(layout, data):
    a, x = layout
    shape = tuple(data.draw(factorizations(a.size)))
    np.testing.assert_array_equal(x.reshape(shape).numpy(), a.reshape(shape))
    expected = numpy_view(a, shape)
    if expected is None:
        if a.size:  # NumPy cannot view it: neither can tapegrad (empty tensors always can)
            with pytest.raises(RuntimeError, match="reshape"):
                x.view(shape)
        return
    v = x.view(shape)
    np.testing.assert_array_equal(v.numpy(), expected)
    assert v._is_view and shares_memory(v, x)
    if a.size > 1:
        assert all(s * 8 == b for s, b, n in zip(v.stride(), expected.strides, shape) if n > 1)


@SETTINGS
@given(layouts(), st.data())
def test_expand_agrees_with_numpy_broadcast_to(layout, data):
    a, x = layout
    extra = data.draw(st.lists(st.integers(0, 3), max_size=5 - a.ndim))
    target = [*extra] + [data.draw(st.sampled_from([n, -1] if n != 1 else [1, 2, 3, -1])) for n in a.shape]
    want = np.broadcast_to(
        a, tuple(extra) + tuple(n if t == -1 else t for n, t in zip(a.shape, target[len(extra) :]))
    )
    e = x.expand(*target) if target else x.expand(())
    np.testing.assert_array_equal(e.numpy(), want)
    assert shares_memory(e, x)
    # The gradient of expand sums over the repeated elements.
    x2 = tg.tensor(a.copy(), requires_grad=True)
    w = filled(want.shape) + 1
    (x2.expand(*target) * tg.tensor(w)).sum().backward() if target else None
    if target:
        axes = tuple(range(len(extra)))
        reduced = w.sum(axis=axes) if axes else w
        reduced = reduced.sum(axis=tuple(i for i, n in enumerate(a.shape) if n == 1), keepdims=True)
        np.testing.assert_allclose(x2.grad.numpy(), np.broadcast_to(reduced, a.shape))


@SETTINGS
@given(layouts(), st.data())
def test_permute_agrees_with_numpy_transpose(layout, data):
    a, x = layout
    perm = data.draw(st.permutations(range(a.ndim)))
    p = x.permute(*perm) if perm else x.permute(())
    np.testing.assert_array_equal(p.numpy(), np.transpose(a, perm))
    assert shares_memory(p, x) and p._is_view
    inverse = np.argsort(perm)
    np.testing.assert_array_equal(p.permute(*inverse).numpy() if a.ndim else p.numpy(), a)


@SETTINGS
@given(layouts(), st.data())
def test_squeeze_and_unsqueeze_agree_with_numpy(layout, data):
    a, x = layout
    np.testing.assert_array_equal(x.squeeze().numpy(), np.squeeze(a))
    if a.ndim:
        dims = data.draw(
            st.lists(st.integers(-a.ndim, a.ndim - 1), unique_by=lambda d: d % a.ndim, max_size=a.ndim)
        )
        ones = tuple(d for d in dims if a.shape[d] == 1)  # torch keeps the others; NumPy raises
        np.testing.assert_array_equal(x.squeeze(tuple(dims)).numpy(), np.squeeze(a, ones))
    d = data.draw(st.integers(-a.ndim - 1, a.ndim)) if a.ndim < 5 else 0
    if a.ndim < 5:
        u = x.unsqueeze(d)
        np.testing.assert_array_equal(u.numpy(), np.expand_dims(a, d))
        assert shares_memory(u, x)
