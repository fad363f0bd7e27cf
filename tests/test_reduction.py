"""Reductions, cumulative ops and softmax against PyTorch (values, gradients, result dtypes), NumPy
(hypothesis over dims and keepdim) and finite differences (gradcheck in float64)."""

import math
import subprocess
import sys
import textwrap

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_soak import UNDER_ASAN

import tapegrad as tg

from torch_oracle import torch

# torch warns where N - correction <= 0; tapegrad gives the same inf / NaN silently.
pytestmark = pytest.mark.filterwarnings("ignore:.*degrees of freedom:UserWarning")

DTYPES = [np.float32, np.float64]
TOL = {np.float32: {"rtol": 2e-5, "atol": 2e-5}, np.float64: {"rtol": 1e-10, "atol": 1e-12}}
DIMS = [None, 0, -1, 1, (0, 2), [2, 0], (0, 1, 2), ()]


def pair(a, requires_grad=True):
    a = np.asarray(a)
    floating = a.dtype.kind == "f"
    return (
        tg.tensor(a.copy(), requires_grad=requires_grad and floating),
        torch.tensor(a.copy(), requires_grad=requires_grad and floating),
    )


def as_np(t):
    if isinstance(t, torch.Tensor):
        return t.detach().numpy()
    return np.asarray(t.numpy())


def assert_close(ours, theirs, dtype=np.float64, check_dtype=True):
    a, b = as_np(ours), as_np(theirs)
    assert a.shape == b.shape, (a.shape, b.shape)
    if check_dtype:
        assert a.dtype == b.dtype, (a.dtype, b.dtype)
    np.testing.assert_allclose(a, b, equal_nan=True, **TOL.get(dtype, TOL[np.float64]))


def compare(ours_fn, torch_fn, a, dtype=np.float64, grad=True, seed=0):
    """Values, result dtype and (with grad) the gradient of a weighted sum, against torch."""
    x, xt = pair(a, requires_grad=grad)
    y, yt = ours_fn(x), torch_fn(xt)
    assert_close(y, yt, dtype)
    if grad:
        w = np.random.default_rng(seed).uniform(0.5, 1.5, as_np(yt).shape).astype(as_np(yt).dtype)
        (y * tg.tensor(w)).sum().backward()
        (yt * torch.tensor(w)).sum().backward()
        assert_close(x.grad, xt.grad, dtype)


def data(shape=(2, 3, 4), dtype=np.float64, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def torch_dim(dim):
    return tuple(dim) if isinstance(dim, list) else dim


# --- sum, mean and the other dims-reductions ------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("keepdim", [False, True])
def test_dims_reductions_match_torch(dtype, dim, keepdim):
    a = data(dtype=dtype)
    td = torch_dim(dim)
    for name in ("sum", "mean", "amax", "amin", "logsumexp", "nansum", "nanmean"):
        if dim is None and name in ("amax", "amin", "logsumexp"):
            continue  # torch's amax/logsumexp take () for every dim, not None
        if name == "logsumexp" and dim == ():
            continue  # torch 2.13 fails on logsumexp(dim=()) (tapegrad reduces every dim)
        if dim is None:
            compare(
                lambda x, n=name: getattr(x, n)(keepdim=keepdim),
                lambda x, n=name: getattr(x, n)(None, keepdim=keepdim),
                a,
                dtype,
            )
        else:
            compare(
                lambda x, n=name: getattr(x, n)(dim, keepdim=keepdim),
                lambda x, n=name: getattr(x, n)(td, keepdim=keepdim),
                a,
                dtype,
            )
    for name in ("var", "std"):
        if dim == ():
            continue  # torch 2.13's var/std backward reads dim=() as no dims (its forward as all)
        for correction in (0, 1, 2.5):
            compare(
                lambda x, n=name, c=correction: getattr(tg, n)(x, dim, keepdim=keepdim, correction=c),
                lambda x, n=name, c=correction: getattr(torch, n)(x, td, keepdim=keepdim, correction=c),
                a,
                dtype,
            )
    for p in (2, "fro", 1, 3, 0.5, math.inf, -math.inf, 0):
        if p == "fro" and isinstance(dim, (tuple, list)) and len(dim) > 2:
            continue
        compare(
            lambda x, p=p: tg.norm(x, p, dim, keepdim),
            lambda x, p=p: torch.norm(x, p, td, keepdim),
            a,
            dtype,
            grad=p != 0,
        )  # torch has no gradient for the count (tapegrad's is 0)


def test_axis_and_keepdims_are_numpy_aliases():
    a = data()
    x = tg.tensor(a)
    np.testing.assert_allclose(x.sum(axis=(0, 2), keepdims=True).numpy(), a.sum(axis=(0, 2), keepdims=True))
    np.testing.assert_allclose(tg.mean(x, axis=1).numpy(), a.mean(axis=1))
    np.testing.assert_allclose(x.amax(axis=-1).numpy(), a.max(axis=-1))
    np.testing.assert_allclose(x.max(axis=1).values.numpy(), a.max(axis=1))
    with pytest.raises(TypeError, match="not both"):
        x.sum(0, axis=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sum_and_mean_dtype_argument(dtype):
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert_close(tg.tensor(a).sum(), torch.tensor(a).sum())
    assert_close(
        tg.tensor(a).sum(1, dtype=dtype), torch.tensor(a).sum(1, dtype=getattr(torch, np.dtype(dtype).name))
    )
    assert_close(
        tg.tensor(a).mean(dtype=dtype), torch.tensor(a).mean(dtype=getattr(torch, np.dtype(dtype).name))
    )
    assert_close(tg.tensor(a).prod(1), torch.tensor(a).prod(1))
    x = tg.tensor(a.astype(dtype), requires_grad=True)
    y = x.sum(dtype=tg.float64)
    assert y.dtype == tg.float64
    y.backward()
    assert x.grad.dtype == x.dtype


def test_integer_and_bool_results_follow_torch():
    for a in (
        np.array([[1, 2], [3, 4]], np.int32),
        np.array([[True, False], [True, True]]),
        np.array([[200, 100], [3, 7]], np.uint8),
    ):
        x, xt = tg.tensor(a), torch.tensor(a)
        for name in ("sum", "prod", "amax", "amin", "any", "all", "count_nonzero"):
            assert_close(getattr(x, name)(), getattr(xt, name)())
            assert_close(getattr(x, name)(0), getattr(xt, name)(0))
        assert_close(x.cumsum(1), xt.cumsum(1))
        assert_close(x.cumprod(0), xt.cumprod(0))
        assert_close(x.max(), xt.max())
        assert_close(x.max(1).values, xt.max(1).values)
        if a.dtype != np.bool_:
            assert_close(x.argmax(), xt.argmax())
            assert_close(x.argmin(0), xt.argmin(0))
    big = np.array([2**62, 2**62], np.int64)
    assert_close(tg.tensor(big).sum(), torch.tensor(big).sum())  # wraps around as torch


# --- max, min, argmax, median: values, indices, ties ----------------------------------------------


TIES = np.array([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, -1.0], [0.0, -2.0, 4.0, -2.0]])


@pytest.mark.parametrize("dtype", DTYPES)
def test_max_min_with_dim_give_torch_values_indices_and_gradients(dtype):
    a = TIES.astype(dtype)
    for name in ("max", "min", "median"):
        for dim in (0, 1, -1):
            for keepdim in (False, True):
                x, xt = pair(a)
                r, rt = getattr(x, name)(dim, keepdim), getattr(xt, name)(dim, keepdim)
                values, indices = r  # tuple unpacking
                assert_close(r.values, rt.values, dtype)
                if name != "median":
                    assert_close(indices, rt.indices)
                else:  # the chosen median's position holds the median
                    rk = x.median(dim, keepdim=True)
                    np.testing.assert_array_equal(
                        np.take_along_axis(a, as_np(rk.indices), dim), as_np(rk.values)
                    )
                assert type(r).__name__ == name and r._fields == ("values", "indices")
                if name != "median":
                    (values * 2.0).sum().backward()
                    (rt.values * 2.0).sum().backward()
                    assert_close(x.grad, xt.grad, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_full_max_min_amax_median_split_the_gradient_among_ties(dtype):
    for name in ("max", "min", "amax", "amin", "median"):
        compare(
            lambda x, n=name: getattr(x, n)(), lambda x, n=name: getattr(x, n)(), TIES.astype(dtype), dtype
        )
    compare(lambda x: x.amax((0, 1)), lambda x: x.amax((0, 1)), TIES.astype(dtype), dtype)
    compare(lambda x: x.amax(1), lambda x: x.amax(1), TIES.astype(dtype), dtype)
    compare(lambda x: x.median(), lambda x: x.median(), np.array([3.0, 1, 3, 2, 3], dtype), dtype)


def test_argmax_argmin_first_occurrence_and_flat_index():
    for dim in (None, 0, 1):
        for keepdim in (False, True):
            for name in ("argmax", "argmin"):
                assert_close(
                    getattr(tg, name)(tg.tensor(TIES), dim, keepdim),
                    getattr(torch, name)(torch.tensor(TIES), dim, keepdim),
                )


def test_nan_propagates_as_in_torch():
    a = np.array([[1.0, np.nan, 3.0, np.nan], [4.0, 2.0, 1.0, 0.0]])
    for name in ("max", "min", "median"):
        x, xt = pair(a)
        r, rt = getattr(x, name)(1), getattr(xt, name)(1)
        assert_close(r.values, rt.values)
        if name != "median":
            assert_close(r.indices, rt.indices)
    compare(lambda x: x.max(), lambda x: x.max(), a)  # gradient shared by the NaNs
    compare(lambda x: x.amax(), lambda x: x.amax(), a)  # NaN gradient, as torch
    for name in ("argmax", "argmin", "sum", "mean", "logsumexp"):
        dim = 1
        assert_close(getattr(tg.tensor(a), name)(dim), getattr(torch.tensor(a), name)(dim))
    compare(lambda x: tg.nansum(x, 1), lambda x: torch.nansum(x, 1), a)
    compare(lambda x: tg.nanmean(x), lambda x: torch.nanmean(x), a)


def test_zero_dim_tensors_reduce_over_dim_0_and_minus_1():
    x, xt = pair(np.array(2.5))
    for dim in (0, -1):
        assert_close(x.sum(dim), xt.sum(dim))
        assert_close(x.max(dim).values, xt.max(dim).values)
        assert_close(x.max(dim, keepdim=True).indices, xt.max(dim, keepdim=True).indices)
        assert_close(x.softmax(dim), xt.softmax(dim))
        assert_close(x.cumsum(dim), xt.cumsum(dim))
        assert_close(x.argmax(dim), xt.argmax(dim))
    with pytest.raises(IndexError, match="out of range"):
        x.sum(1)


# --- empty dims -----------------------------------------------------------------------------------


def test_empty_dims_as_torch_defines_them():
    a = np.zeros((2, 0))
    x, xt = tg.tensor(a), torch.tensor(a)
    for name in ("sum", "mean", "prod", "logsumexp", "var", "nansum", "count_nonzero", "any", "all"):
        assert_close(getattr(x, name)(1), getattr(xt, name)(1))
    assert_close(x.norm(dim=1), xt.norm(dim=1))
    assert_close(x.amax(0), xt.amax(0))  # reducing the non-empty dim of an empty tensor: empty
    assert_close(x.sum(), xt.sum())
    assert_close(x.cumsum(1), xt.cumsum(1))
    for name in ("max", "amax", "argmax", "min", "median"):
        with pytest.raises(IndexError, match="non-zero size"):
            getattr(x, name)(1)
    with pytest.raises(RuntimeError, match="reduction dim to be specified"):
        x.max()
    with pytest.raises(IndexError, match="reduction dim to be specified"):
        x.argmax()


@pytest.mark.skipif(sys.platform != "linux", reason="reads the address space from /proc/self/status")
@pytest.mark.skipif(UNDER_ASAN, reason="AddressSanitizer's shadow and quarantine own the address space")
def test_sum_and_mean_need_memory_for_their_result_once():
    # A mean over the empty axis of a (0, n) tensor is n NaNs. Reductions used to hold a row of
    # accumulators as long as the result, and mean a second result: the fuzzer's harness, under a
    # memory cap, saw MemoryError where NumPy answered. Under an address-space limit that leaves
    # room for the result one and a half times, both must answer, and a twice-as-large
    # allocation must not (so the limit is tight enough to catch a regression).
    code = textwrap.dedent(
        """
        import resource
        import numpy as np
        import tapegrad as tg

        tg.set_num_threads(1)
        n = 2**25  # 256 MiB of float64
        x = tg.zeros((0, n), dtype=tg.float64)
        tg.ones((3, 5000), dtype=tg.float64).mean(axis=0)  # warm up the allocator
        with open("/proc/self/status") as f:
            vm = next(int(line.split()[1]) for line in f if line.startswith("VmSize:")) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (vm + 3 * n * 8 // 2, resource.RLIM_INFINITY))
        try:
            tg.empty((2 * n,), dtype=tg.float64)
            raise SystemExit("the limit allows twice the result")
        except MemoryError:
            pass
        assert x.sum(axis=0).shape == (n,)
        m = x.mean(axis=0)
        assert m.shape == (n,) and np.isnan(m[:: n // 7].numpy()).all()
        print("ok")
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


# --- var, std, logsumexp, norm edge cases ---------------------------------------------------------


def test_var_std_legacy_unbiased_and_var_mean():
    a = data((3, 4))
    x, xt = tg.tensor(a), torch.tensor(a)
    assert_close(x.var(False), xt.var(False))
    assert_close(x.std(1, False, True), xt.std(1, False, True))
    assert_close(tg.var(x, 0, unbiased=True), torch.var(xt, 0, unbiased=True))
    for ours, theirs in zip(tg.var_mean(x, 1, keepdim=True), torch.var_mean(xt, 1, keepdim=True)):
        assert_close(ours, theirs)
    for ours, theirs in zip(tg.std_mean(x, correction=0), torch.std_mean(xt, correction=0)):
        assert_close(ours, theirs)
    compare(lambda x: x.std(), lambda x: x.std(), np.array([1.0, 1.0]))  # gradient 0 at std 0
    compare(lambda x: x.std(), lambda x: x.std(), np.array([1.0]))  # N - correction = 0: NaN
    compare(lambda x: x.var(), lambda x: x.var(), np.array([1.0]))
    with pytest.raises(TypeError, match="not both"):
        x.var(0, True, correction=1)


def test_logsumexp_is_stable_with_infinities():
    compare(lambda x: x.logsumexp(0), lambda x: x.logsumexp(0), np.array([1000.0, 1000.0]))
    compare(lambda x: x.logsumexp(0), lambda x: x.logsumexp(0), np.array([-1000.0, -1001.0]))
    compare(lambda x: x.logsumexp(0), lambda x: x.logsumexp(0), np.array([-np.inf] * 3))
    compare(lambda x: x.logsumexp(0), lambda x: x.logsumexp(0), np.array([np.inf, 1.0]))
    compare(
        lambda x: x.logsumexp(1), lambda x: x.logsumexp(1), np.array([[-np.inf, 0.0], [-np.inf, -np.inf]])
    )
    assert_close(
        tg.tensor([1, 2, 3]).logsumexp(0), torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64).logsumexp(0)
    )


def test_norm_gradient_at_zero_and_orders():
    for p in (2, 1, 3, 0.5, math.inf, -math.inf):
        if p not in (math.inf, -math.inf):  # torch's inf-norm gradient at 0 is NaN (0 / 0)
            compare(lambda x, p=p: x.norm(p), lambda x, p=p: x.norm(p), np.array([0.0, 0.0, 0.0]))
        compare(lambda x, p=p: x.norm(p), lambda x, p=p: x.norm(p), np.array([1.0, -3.0, 3.0, 0.0]))
    x = tg.tensor([0.0, 2.0], requires_grad=True)
    x.norm(0).backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0])  # a count: no gradient
    assert_close(
        tg.norm(tg.tensor(data(dtype=np.float32)), dtype=tg.float64),
        torch.norm(torch.tensor(data(dtype=np.float32)), dtype=torch.float64),
    )
    with pytest.raises(ValueError, match="nuc"):
        tg.norm(tg.tensor([1.0]), "nuc")


# --- prod, cumsum and cumprod with zeros ----------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_prod_and_cumulative_ops_gradients_with_zeros(dtype):
    for a in (
        np.array([2.0, 0.0, 3.0]),
        np.array([2.0, 0.0, 0.0]),
        np.array([[2.0, 0.5, -3.0], [1.5, 0.0, 4.0]]),
    ):
        a = a.astype(dtype)
        compare(lambda x: x.prod(), lambda x: x.prod(), a, dtype)
        compare(lambda x: x.prod(-1, keepdim=True), lambda x: x.prod(-1, keepdim=True), a, dtype)
        compare(lambda x: x.cumsum(-1), lambda x: x.cumsum(-1), a, dtype)
        compare(lambda x: x.cumprod(-1), lambda x: x.cumprod(-1), a, dtype)
        compare(lambda x: x.cumprod(0), lambda x: x.cumprod(0), a, dtype)
    compare(lambda x: x.cumprod(0), lambda x: x.cumprod(0), np.array([2.0, 0.0, 3.0, 0.0, 5.0]))
    a = data((3, 4, 5), dtype)
    for dim in (0, 1, 2):
        compare(lambda x, d=dim: x.cumsum(d), lambda x, d=dim: x.cumsum(d), a, dtype)
        compare(lambda x, d=dim: x.cumprod(d), lambda x, d=dim: x.cumprod(d), a, dtype)
        compare(lambda x, d=dim: x.prod(d), lambda x, d=dim: x.prod(d), a, dtype)


# --- softmax and log_softmax ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_softmax_and_log_softmax_match_torch(dtype, dim):
    a = data((3, 4, 5), dtype) * 3
    for name in ("softmax", "log_softmax"):
        compare(
            lambda x, n=name: getattr(tg, n)(x, dim), lambda x, n=name: getattr(torch, n)(x, dim), a, dtype
        )
        compare(lambda x, n=name: getattr(x, n)(dim), lambda x, n=name: getattr(x, n)(dim), a, dtype)
        compare(
            lambda x, n=name: getattr(tg.nn.functional, n)(x, dim=dim),
            lambda x, n=name: getattr(torch.nn.functional, n)(x, dim=dim),
            a,
            dtype,
        )


def test_softmax_is_stable_and_handles_minus_infinity():
    for a in (
        np.array([1000.0, 0.0, -1000.0]),
        np.array([-np.inf, 1.0, 2.0]),
        np.array([-np.inf] * 3),
        np.array([[1e30, 1e30], [-1e30, 5.0]]),
    ):
        for name in ("softmax", "log_softmax"):
            compare(lambda x, n=name: getattr(x, n)(-1), lambda x, n=name: getattr(x, n)(-1), a)
    x = tg.tensor([1, 2, 3])
    assert_close(
        tg.softmax(x, 0, dtype=tg.float32), torch.softmax(torch.tensor([1, 2, 3]), 0, dtype=torch.float32)
    )
    with pytest.raises(TypeError, match="int64"):
        tg.softmax(x, 0)
    with pytest.raises(TypeError, match="pass dim"):
        tg.nn.functional.softmax(tg.tensor([1.0]))


# --- gradcheck ------------------------------------------------------------------------------------


def test_gradcheck_every_differentiable_reduction():
    a = tg.tensor(data((2, 3, 4), seed=3) + 0.1, requires_grad=True)
    cases = [
        lambda x: x.sum((0, 2)),
        lambda x: x.mean(1, keepdim=True),
        lambda x: x.prod(1),
        lambda x: x.amax(2),
        lambda x: x.amin((0, 1)),
        lambda x: x.max(1).values,
        lambda x: x.min(2).values,
        lambda x: x.max(),
        lambda x: x.median(1).values,
        lambda x: x.var((0, 2)),
        lambda x: x.std(1),
        lambda x: x.logsumexp((1, 2)),
        lambda x: x.norm(),
        lambda x: x.norm(3, dim=1),
        lambda x: x.norm(1, 0),
        lambda x: x.norm(math.inf, (1, 2)),
        lambda x: x.cumsum(1),
        lambda x: x.cumprod(2),
        lambda x: x.softmax(1),
        lambda x: x.log_softmax(0),
        lambda x: tg.nansum(x, 1),
        lambda x: tg.nanmean(x, 2),
        lambda x: tg.var_mean(x, 1)[0],
    ]
    for f in cases:
        assert tg.gradcheck(f, a)


# --- dims and keepdim against NumPy (hypothesis) --------------------------------------------------


@st.composite
def array_and_dims(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    a = draw(hnp.arrays(np.float64, shape, elements=st.floats(-100, 100)))
    dims = draw(
        st.lists(
            st.integers(-len(shape), len(shape) - 1), unique_by=lambda d: d % len(shape), max_size=len(shape)
        )
    )
    return a, tuple(dims), draw(st.booleans())


@settings(max_examples=60, deadline=None)
@given(array_and_dims())
def test_dims_and_keepdim_agree_with_numpy(case):
    a, dims, keepdim = case
    axis = dims if dims else None
    x = tg.tensor(a)
    np.testing.assert_allclose(
        x.sum(dims, keepdim).numpy(), a.sum(axis=axis, keepdims=keepdim), rtol=1e-10, atol=1e-9
    )
    np.testing.assert_allclose(x.amax(dims, keepdim).numpy(), a.max(axis=axis, keepdims=keepdim))
    np.testing.assert_allclose(
        x.mean(dims, keepdim).numpy(), a.mean(axis=axis, keepdims=keepdim), rtol=1e-10, atol=1e-9
    )
    np.testing.assert_array_equal(x.any(dims, keepdim).numpy(), a.any(axis=axis, keepdims=keepdim))
    if len(dims) == 1:
        np.testing.assert_array_equal(
            x.argmax(dims[0], keepdim).numpy(), np.argmax(a, axis=dims[0], keepdims=keepdim)
        )


# --- errors ---------------------------------------------------------------------------------------


def test_errors_name_the_problem():
    x = tg.tensor(data((2, 3)))
    with pytest.raises(IndexError, match=r"range of \[-2, 1\], but got 2"):
        x.sum(2)
    with pytest.raises(ValueError, match="dim 0 appears multiple times"):
        x.sum((0, 0))
    with pytest.raises(RuntimeError, match="dim 1 appears multiple times"):
        x.amax((1, -1))
    with pytest.raises(TypeError, match="floating point"):
        tg.tensor([1, 2]).mean()
    with pytest.raises(TypeError, match="std and var"):
        tg.tensor([1, 2]).var()
    with pytest.raises(TypeError, match="bool"):
        tg.tensor([True]).argmax()
    with pytest.raises(TypeError, match="must be int, not tuple"):
        x.max((0, 1))
    with pytest.raises(TypeError, match="axis must be an integer"):
        x.sum(1.5)
    with pytest.raises(TypeError, match="must be Tensor"):
        tg.sum([1.0, 2.0])
    with pytest.raises(TypeError, match="floating point"):
        tg.tensor([1, 2]).norm()


def test_max_with_a_tensor_is_the_elementwise_maximum_when_available():
    a, b = tg.tensor([1.0, 5.0]), tg.tensor([3.0, 2.0])
    if hasattr(tg, "maximum"):
        np.testing.assert_array_equal(tg.max(a, b).numpy(), [3.0, 5.0])
        np.testing.assert_array_equal(tg.min(a, b).numpy(), [1.0, 2.0])
    else:
        with pytest.raises(TypeError, match="maximum"):
            tg.max(a, b)
