"""Bad input raises a Python exception that names the problem, and leaves the user's data alone."""

import math
import re
import warnings

import numpy as np
import pytest
from test_soak import UNDER_ASAN

import tapegrad as tg


def snapshot(*tensors):
    return [(t.numpy().copy(), None if t.grad is None else t.grad.numpy().copy()) for t in tensors]


def assert_untouched(before, *tensors):
    for (values, grad), t in zip(before, tensors):
        np.testing.assert_array_equal(t.numpy(), values)
        if grad is None:
            assert t.grad is None
        else:
            np.testing.assert_array_equal(t.grad, grad)


# --- shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fn, a_shape, b_shape",
    [
        (lambda a, b: a + b, (2, 3), (4,)),
        (lambda a, b: a * b, (3, 2), (2, 3)),
        (lambda a, b: a @ b, (2, 3), (4, 2)),
        (lambda a, b: a @ b, (3,), (4,)),
        (tg.matmul, (2, 3), (2,)),
        (tg.mse_loss, (2,), (1, 2)),
        (tg.binary_cross_entropy, (3,), (3, 1)),
        (tg.binary_cross_entropy_with_logits, (2, 2), (4,)),
    ],
)
def test_shape_mismatch_names_both_shapes(fn, a_shape, b_shape):
    a = tg.tensor(np.full(a_shape, 0.5), requires_grad=True)
    b = tg.tensor(np.full(b_shape, 0.5), requires_grad=True)
    before = snapshot(a, b)
    with pytest.raises(ValueError) as info:
        fn(a, b)
    assert str(a_shape) in str(info.value) and str(b_shape) in str(info.value)
    assert_untouched(before, a, b)


def test_matmul_needs_1d_or_more_and_aligned_shapes():
    with pytest.raises(ValueError, match=r"\(2, 2, 2\) and \(3, 2\)"):
        tg.tensor(np.ones((2, 2, 2))) @ tg.tensor(np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"\(\)"):
        tg.matmul(tg.tensor(2.0), tg.tensor([1.0]))
    with pytest.raises(TypeError):
        tg.tensor(np.ones((2, 2))) @ 2.0


def test_dense_shape_errors():
    w = tg.tensor(np.ones((3, 2)), requires_grad=True)
    with pytest.raises(ValueError, match=r"\(4, 4\).*\(3, 2\)"):
        tg.dense(tg.tensor(np.ones((4, 4))), w, None, "sigmoid")
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 2\)"):
        tg.dense(tg.tensor(np.ones((4, 3))), w, tg.tensor(np.ones(3)), "sigmoid")
    with pytest.raises(ValueError, match="2-D"):
        tg.dense(tg.tensor(np.ones((4, 3))), tg.tensor(np.ones(3)), None, None)
    layer = tg.nn.Dense(3, 2)
    with pytest.raises(ValueError, match=r"\(5,\)"):
        layer(tg.tensor(np.ones(5)))


def test_reshape_mismatch():
    x = tg.tensor(np.arange(6.0), requires_grad=True)
    before = snapshot(x)
    with pytest.raises(ValueError, match=r"\[4, 2\].*\(6,\)"):
        x.reshape(4, 2)
    with pytest.raises(ValueError, match="-1"):
        x.reshape(-1, -1)
    with pytest.raises(ValueError, match="invalid shape dimension -2"):
        x.reshape(-2, -3)
    with pytest.raises(ValueError):
        tg.reshape(x, (5, -1))
    with pytest.raises(TypeError):
        x.reshape(2.0, 3)
    assert_untouched(before, x)


def test_shapes_too_large_overflow():
    x = tg.tensor(np.arange(6.0))
    with pytest.raises(OverflowError):
        x.reshape(2**62, 4)
    with pytest.raises(OverflowError):
        x.reshape(2**70, 1)
    with pytest.raises(OverflowError):
        tg.reshape(x, (2**64,))
    # An empty tensor must still have dimensions whose byte strides fit (as NumPy demands).
    with pytest.raises(OverflowError):
        tg.tensor(np.zeros(0)).reshape(0, 2**62, 2**62)
    assert tg.tensor(np.zeros(0)).reshape(0, 2**20, 7).shape == (0, 2**20, 7)


@pytest.mark.skipif(UNDER_ASAN, reason="AddressSanitizer aborts on a failed allocation, it cannot throw")
def test_a_tensor_too_large_to_allocate_is_a_memory_error_that_gives_its_size():
    # 1 PiB: more than any machine here has, and than a 47-bit address space maps.
    shape = (2**25, 2**22)
    message = r"could not allocate 1\.00 PiB for a tensor of shape \(33554432, 4194304\) and dtype float64"
    with pytest.raises(MemoryError, match=message):
        tg.empty(shape, dtype=tg.float64)
    column, row = tg.zeros((1, 1), dtype=tg.float64).expand(2**25, 1), tg.zeros((1, 2**22), dtype=tg.float64)
    with pytest.raises(MemoryError, match=message):
        column + row  # as NumPy, whose MemoryError also names the size
    assert column.shape == (2**25, 1) and not row.numpy().any()


@pytest.mark.parametrize("axis", [2, -3, 10**10])
def test_bad_axis_is_index_error(axis):
    x = tg.tensor(np.ones((2, 3)), requires_grad=True)
    with pytest.raises(IndexError, match="out of bounds"):
        x.sum(axis=axis)
    with pytest.raises(IndexError):
        tg.mean(x, axis)
    with pytest.raises(IndexError):
        x.transpose(0, axis)
    with pytest.raises(IndexError):
        tg.sum(tg.tensor(1.0), 1)
    assert tg.sum(tg.tensor(1.0), 0).item() == 1.0  # dims 0 and -1 of a 0-d tensor, as in PyTorch


@pytest.mark.parametrize("axis", [1.5, "0", (0, 1.5)])
def test_non_integer_axis_is_type_error(axis):
    with pytest.raises(TypeError):
        tg.tensor(np.ones((2, 3))).sum(axis=axis)


def test_transpose_and_permute_bad_dims():
    x = tg.tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match="duplicate dims"):
        x.permute(0, 0)
    with pytest.raises(ValueError, match="number of dims"):
        x.permute(0, 1, 2)
    with pytest.raises(TypeError, match="permute"):  # NumPy's transpose(axes) is permute
        x.transpose(0, 1, 2)
    with pytest.raises(IndexError, match="Dimension out of range"):
        x.transpose(0, 2)


# --- dtypes and operand types -------------------------------------------------------------


@pytest.mark.parametrize(
    "arr",
    [
        np.arange(3, dtype=np.int8),
        np.arange(3, dtype=np.uint16),
        np.ones(2, dtype=np.complex128),
        np.array(["a", "b"]),
        np.ones(2, np.float16),
    ],
)
def test_from_numpy_rejects_other_dtypes(arr):
    before = arr.copy()
    with pytest.raises(TypeError, match="dtype"):
        tg.from_numpy(arr)
    np.testing.assert_array_equal(arr, before)


@pytest.mark.parametrize("obj", [[1.0, 2.0], 3.0, "abc", None])
def test_from_numpy_rejects_non_arrays(obj):
    with pytest.raises(TypeError, match="ndarray"):
        tg.from_numpy(obj)


def test_from_numpy_rejects_arrays_it_cannot_share():
    base = np.arange(12.0).reshape(3, 4)
    with pytest.raises(ValueError, match="contiguous"):
        tg.from_numpy(base[:, ::2])
    with pytest.raises(ValueError, match="contiguous"):
        tg.from_numpy(base.T)
    readonly = np.ones(3)
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="writeable"):
        tg.from_numpy(readonly)
    with pytest.raises(ValueError, match="byte order"):
        tg.from_numpy(np.ones(3, dtype=">f8" if np.little_endian else "<f8"))
    np.testing.assert_array_equal(base, np.arange(12.0).reshape(3, 4))


@pytest.mark.parametrize("data", ["abc", [1j, 2.0], np.array([1 + 2j]), [None, 1.0], {"a": 1}])
def test_tensor_rejects_non_real_data(data):
    with pytest.raises(TypeError):
        tg.tensor(data)


def test_tensor_rejects_ragged_data():
    with pytest.raises(ValueError):
        tg.tensor([[1.0], [1.0, 2.0]])


@pytest.mark.parametrize("dtype", ["int32", np.int64, tg.int64, tg.bool])
def test_integer_dtypes_make_tensors_but_not_parameters(dtype):
    assert tg.tensor([1.0], dtype=dtype).dtype == np.dtype(dtype)
    assert tg.tensor([1.0]).astype(dtype).dtype == np.dtype(dtype)
    with pytest.raises(TypeError, match="floating point"):
        tg.nn.Dense(2, 2, dtype=dtype)
    with pytest.raises(TypeError, match="floating point"):
        tg.tensor([1], dtype=dtype, requires_grad=True)


@pytest.mark.parametrize("dtype", ["complex128", "float16", "not-a-dtype"])
def test_unsupported_dtype_arguments(dtype):
    with pytest.raises(TypeError):
        tg.tensor([1.0], dtype=dtype)
    with pytest.raises(TypeError):
        tg.tensor([1.0]).astype(dtype)
    with pytest.raises(TypeError):
        tg.nn.Dense(2, 2, dtype=dtype)


@pytest.mark.parametrize("other", ["abc", None, object(), {1: 2}])
def test_unsupported_operand_types(other):
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    for op in (lambda: x + other, lambda: other + x, lambda: x * other, lambda: x / other, lambda: other - x):
        with pytest.raises(TypeError):
            op()
    with pytest.raises(TypeError):
        x**other
    with pytest.raises(TypeError):
        other**x
    assert (x**x).shape == (2,) and (2**x).shape == (2,)  # tensor exponents and number bases work
    with pytest.raises(TypeError):
        tg.exp(np.ones(2))  # module functions take tensors
    # NumPy functions read a tensor as an array and give an array, off the tape (as with torch
    # tensors): no gradient can silently go missing, since an array has no backward().
    out = np.exp(x.detach())
    assert isinstance(out, np.ndarray) and not isinstance(out, tg.Tensor)


# --- empty tensors, NaN and Inf -----------------------------------------------------------


def test_empty_tensors():
    e = tg.tensor(np.zeros((0, 3)), requires_grad=True)
    assert np.isnan(e.mean().item())  # as PyTorch (and NumPy, which also warns)
    assert np.isnan(e.mean(axis=0).numpy()).all()
    with pytest.raises(ValueError, match="empty"):
        tg.mse_loss(e, e)
    s = e.sum()
    assert s.shape == () and s.item() == 0.0
    s.backward()
    assert e.grad.shape == (0, 3)
    np.testing.assert_array_equal(e.sum(axis=0).numpy(), np.zeros(3))
    assert e.sum(axis=1).shape == (0,)
    assert (e * 2.0 + 1.0).shape == (0, 3)
    assert (e @ tg.tensor(np.ones((3, 2)))).shape == (0, 2)
    np.testing.assert_array_equal(
        (tg.tensor(np.zeros((2, 0))) @ tg.tensor(np.ones((0, 3)))).numpy(), np.zeros((2, 3))
    )


def test_nan_and_inf_propagate_like_numpy_without_warnings():
    values = np.array([np.nan, np.inf, -np.inf, 0.0, -1.0, 1.0])
    x = tg.tensor(values, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="ignore"):
            expected = {
                "log": np.log(values),
                "exp": np.exp(values),
                "tanh": np.tanh(values),
                "div0": values / 0.0,
                "rdiv": 1.0 / values,
                "mul0": values * 0.0,
                "sub": values - values,
                "sigmoid": 1 / (1 + np.exp(-values)),
                "relu": np.where(np.isnan(values), np.nan, np.maximum(values, 0)),
            }
        got = {
            "log": tg.log(x),
            "exp": tg.exp(x),
            "tanh": tg.tanh(x),
            "div0": x / 0.0,
            "rdiv": 1.0 / x,
            "mul0": x * 0.0,
            "sub": x - x,
            "sigmoid": tg.sigmoid(x),
            "relu": tg.relu(x),
        }
        for name, y in got.items():
            np.testing.assert_array_equal(y.numpy(), expected[name], err_msg=name)
        # Gradients through NaN are NaN, not an exception.
        tg.log(x).sum().backward()
        assert np.isnan(x.grad[0])


def test_sigmoid_is_stable_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = tg.tensor([-1000.0, 1000.0], requires_grad=True)
        y = tg.sigmoid(x)
        np.testing.assert_array_equal(y.numpy(), [0.0, 1.0])
        y.sum().backward()
        np.testing.assert_array_equal(x.grad, [0.0, 0.0])
        assert not np.isnan(tg.sigmoid(tg.tensor([-1000.0], dtype="float32")).numpy()).any()


# --- graph misuse -------------------------------------------------------------------------


def test_backward_on_non_scalar_needs_a_gradient():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    with pytest.raises(RuntimeError, match=r"\(2,\)"):
        y.backward()
    assert x.grad is None
    y.backward(np.array([1.0, 10.0]))
    np.testing.assert_array_equal(x.grad, [3.0, 30.0])


def test_backward_with_wrong_gradient_shape():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        y.backward(np.ones(3))
    assert x.grad is None
    y.backward(np.ones(2))  # the failed call did not free the graph
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_backward_on_a_tensor_without_grad():
    with pytest.raises(RuntimeError, match="does not require"):
        tg.tensor([1.0]).backward()


def test_second_backward_after_free_raises_and_retain_graph_works():
    x = tg.tensor([2.0], requires_grad=True)
    y = (x * x).exp()
    y.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    np.testing.assert_allclose(first, [4 * math.exp(4)])
    y.backward()  # retained: works, and accumulates
    np.testing.assert_allclose(x.grad, 2 * first)
    with pytest.raises(RuntimeError, match=r"second time.*retain_graph"):
        y.backward()
    np.testing.assert_allclose(x.grad, 2 * first)  # the failed call added nothing


def test_graph_sharing_freed_nodes_raises_before_touching_grads():
    x = tg.tensor([2.0], requires_grad=True)
    h = x * x
    (h * 3.0).backward()
    assert x.grad[0] == 12.0
    with pytest.raises(RuntimeError, match="second time"):
        (h * 5.0).backward()
    assert x.grad[0] == 12.0


def test_optimizer_step_between_forward_and_backward_raises():
    w = tg.tensor(np.array([[0.5], [0.25], [1.0]]), requires_grad=True)
    x = tg.tensor(np.ones((4, 3)), requires_grad=True)  # dx = g @ w^T needs the old w
    loss = ((x @ w) ** 2).sum()
    loss2 = tg.dense(x, w, None, "tanh").sum()
    loss3 = (w * w).sum()
    opt = tg.optim.SGD([w], lr=0.1)
    w.grad = np.ones((3, 1))
    opt.step()
    after_step = w.numpy().copy()
    for out, op in ((loss, "MatMul"), (loss2, "Dense"), (loss3, "Mul")):
        with pytest.raises(RuntimeError) as info:
            out.backward()
        message = str(info.value)
        assert "(3, 1)" in message and op in message and "in place" in message
    np.testing.assert_array_equal(w.numpy(), after_step)
    np.testing.assert_array_equal(w.grad, np.ones((3, 1)))
    assert x.grad is None


def test_step_that_does_not_change_what_backward_reads_is_allowed():
    # As in PyTorch, only tensors that the backward needs are checked: here w's gradient is
    # x^T @ g, which does not read w, so changing w in between gives the right answer.
    w = tg.tensor(np.array([[0.5], [0.25]]), requires_grad=True)
    x = tg.tensor(np.array([[1.0, 2.0], [3.0, 4.0]]))
    loss = (x @ w).sum()
    w.grad = np.ones((2, 1))
    tg.optim.SGD([w], lr=0.1).step()
    w.grad = None
    loss.backward()
    np.testing.assert_array_equal(w.grad, [[4.0], [6.0]])


def test_in_place_update_of_a_saved_output_raises():
    # exp saves its output; changing a leaf the graph saved is what optimizers do.
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    y = (w * w).sum()
    tg.optim.Adam([w], lr=0.1).step()  # w has no gradient yet: left alone, nothing changes
    np.testing.assert_array_equal(w.numpy(), [1.0, 2.0])
    y.backward()  # still fine
    np.testing.assert_array_equal(w.grad, [2.0, 4.0])
    z = (w * 3.0).exp().sum() + (w * w).sum()
    tg.optim.Adam([w], lr=0.1).step()
    with pytest.raises(RuntimeError, match=r"\(2,\).*Mul"):
        z.backward()


def test_requires_grad_only_on_leaves():
    x = tg.tensor([1.0], requires_grad=True)
    y = x * 2.0
    with pytest.raises(ValueError, match="leaf"):
        y.requires_grad = False
    assert y.requires_grad
    d = y.detach()
    d.requires_grad = True
    assert d.is_leaf and d.requires_grad


def test_grad_assignment_checks_shape():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    x.grad = np.array([0.5, 0.5])
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        x.grad = np.ones(3)
    np.testing.assert_array_equal(x.grad, [0.5, 0.5])


def test_item_and_bool_and_len_errors():
    x = tg.tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        x.item()
    with pytest.raises(ValueError, match="ambiguous"):
        bool(x)
    with pytest.raises(TypeError):
        len(tg.tensor(1.0))
    assert len(x) == 2 and float(tg.tensor([2.5])) == 2.5


# --- losses and layers --------------------------------------------------------------------


@pytest.mark.parametrize("bad", [1.5, -0.1, np.nan])
def test_bce_input_outside_unit_interval(bad):
    p = tg.tensor([0.5, bad], requires_grad=True)
    t = tg.tensor([1.0, 0.0])
    before = snapshot(p, t)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        tg.binary_cross_entropy(p, t)
    assert_untouched(before, p, t)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda p: tg.optim.SGD(p, lr=float("nan")), "learning rate"),
        (lambda p: tg.optim.SGD(p, lr=-0.1), "learning rate"),
        (lambda p: tg.optim.SGD(p, lr=float("inf")), "learning rate"),
        (lambda p: tg.optim.SGD(p, lr=0.1, momentum=-0.5), "momentum"),
        (lambda p: tg.optim.Adam(p, lr=float("nan")), "learning rate"),
        (lambda p: tg.optim.Adam(p, betas=(1.0, 0.999)), "index 0"),
        (lambda p: tg.optim.Adam(p, betas=(0.9, -0.1)), "index 1"),
        (lambda p: tg.optim.Adam(p, betas=(float("nan"), 0.9)), "index 0"),
        (lambda p: tg.optim.Adam(p, eps=-1.0), "epsilon"),
        (lambda p: tg.optim.Adam(p, eps=float("nan")), "epsilon"),
    ],
)
def test_bad_hyperparameters(make, match):
    p = tg.tensor([1.0, 2.0], requires_grad=True)
    p.grad = np.array([1.0, 1.0])
    with pytest.raises(ValueError, match=match):
        make([p])
    np.testing.assert_array_equal(p.numpy(), [1.0, 2.0])


def test_optimizer_parameter_list_errors():
    with pytest.raises(ValueError, match="empty"):
        tg.optim.SGD([], lr=0.1)
    tg.optim.SGD(
        [tg.tensor([1.0])], lr=0.1
    )  # no requires_grad: accepted as torch, skipped while grad is None
    x = tg.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="non-leaf"):
        tg.optim.Adam([x * 2.0])


@pytest.mark.parametrize("activation", ["softmax", "Sigmoid", "", 1, tg.relu])
def test_unknown_activation(activation):
    # A name that is not an activation is a ValueError; a function or a number a TypeError.
    with pytest.raises(ValueError if isinstance(activation, str) else TypeError, match="activation"):
        tg.nn.Dense(2, 2, activation=activation)
    if isinstance(activation, str):
        with pytest.raises(ValueError, match="activation"):
            tg.dense(tg.tensor(np.ones((1, 2))), tg.tensor(np.ones((2, 2))), None, activation)


@pytest.mark.parametrize("sizes", [(0, 2), (2, 0), (-1, 3), (2.5, 2), (True, 2), ("2", 2)])
def test_dense_bad_sizes(sizes):
    with pytest.raises(ValueError, match="positive integer"):
        tg.nn.Dense(*sizes)


def test_numeric_grad_and_gradcheck_argument_errors():
    x = tg.tensor([1.0], requires_grad=True)
    with pytest.raises(ValueError, match="step"):
        tg.numeric_grad(lambda t: t.sum(), x, h=0.0)
    with pytest.raises(ValueError, match="one value"):
        tg.numeric_grad(lambda t: t * 2.0, tg.tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="float64"):
        tg.gradcheck(lambda t: t.sum(), tg.tensor(np.ones(2, np.float32), requires_grad=True))
    with pytest.raises(ValueError, match="requires_grad"):
        tg.gradcheck(lambda t: t.sum(), tg.tensor([1.0]))
    assert re.search("GradcheckError", repr(tg.GradcheckError))


def test_failed_backward_leaves_every_grad_untouched():
    # x*7 is swept (and would reach x) before the freed Mul node is found: nothing may stick.
    x = tg.tensor([2.0], requires_grad=True)
    h = x * x
    h.retain_grad()
    (h * 3.0).backward()
    assert x.grad[0] == 12.0 and h.grad[0] == 3.0
    y = h * 5.0 + x * 7.0
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()
    assert x.grad[0] == 12.0 and h.grad[0] == 3.0
    # The same for a tensor changed in place: b gets its gradient before w's node fails.
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    b = tg.tensor([0.5, 0.5], requires_grad=True)
    z = (w * w).sum() + (b * 4.0).sum()
    w.grad = np.zeros(2)
    tg.optim.SGD([w], lr=1.0).step()
    with pytest.raises(RuntimeError, match=r"\(2,\).*Mul.*in place"):
        z.backward()
    assert b.grad is None
    np.testing.assert_array_equal(w.grad, [0.0, 0.0])
