"""nn.Linear, nn.functional.linear, Identity, Flatten and Unflatten against PyTorch."""

import math

import numpy as np
import pytest

import tapegrad as tg
import tapegrad.nn.functional as F
from tapegrad import nn

from torch_oracle import TF, torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")


def _t(x):
    return torch.tensor(np.asarray(x))


def _pair(in_features, out_features, bias=True, dtype=None):
    """A tapegrad Linear and a torch Linear with the same weights."""
    layer = nn.Linear(in_features, out_features, bias=bias, dtype=dtype)
    torch_dtype = getattr(torch, str(layer.weight.dtype).split(".")[-1])
    ref = torch.nn.Linear(in_features, out_features, bias=bias, dtype=torch_dtype)
    with torch.no_grad():
        ref.weight.copy_(_t(layer.weight.numpy()))
        if bias:
            ref.bias.copy_(_t(layer.bias.numpy()))
    return layer, ref


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5, 3), (3,), (2, 4, 3), (0, 3), (2, 1, 2, 3)])
def test_linear_matches_torch(dtype, bias, shape):
    tg.manual_seed(0)
    layer, ref = _pair(3, 4, bias=bias, dtype=dtype)
    x_np = np.random.default_rng(1).standard_normal(shape).astype(dtype)
    x = tg.tensor(x_np, requires_grad=True)
    xt = _t(x_np).requires_grad_()
    y, yt = layer(x), ref(xt)
    assert y.shape == tuple(yt.shape) and y.dtype == tg.tensor(x_np).dtype
    tol = 1e-12 if dtype == "float64" else 1e-5
    np.testing.assert_allclose(y.numpy(), yt.detach().numpy(), rtol=tol, atol=tol)
    g = np.random.default_rng(2).standard_normal(y.shape).astype(dtype)
    y.backward(tg.tensor(g))
    yt.backward(_t(g))
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=tol, atol=tol)
    np.testing.assert_allclose(layer.weight.grad.numpy(), ref.weight.grad.numpy(), rtol=tol, atol=tol)
    if bias:
        np.testing.assert_allclose(layer.bias.grad.numpy(), ref.bias.grad.numpy(), rtol=tol, atol=tol)


def test_linear_is_one_node_on_the_fused_gemm():
    layer = nn.Linear(3, 2)
    y = layer(tg.randn(4, 3))
    assert y.grad_fn is not None and "Linear" in type(y.grad_fn).__name__ + repr(y.grad_fn)


def test_linear_large_matches_torch_both_dtypes():
    # Large enough for the blocked, threaded GEMM (transposed-B packing), not the direct loop.
    for dtype in ("float64", "float32"):
        tg.manual_seed(3)
        layer, ref = _pair(784, 256, dtype=dtype)
        x_np = np.random.default_rng(4).standard_normal((128, 784)).astype(dtype)
        x = tg.tensor(x_np, requires_grad=True)
        xt = _t(x_np).requires_grad_()
        layer(x).sum().backward()
        ref(xt).sum().backward()
        tol = 1e-10 if dtype == "float64" else 2e-4
        np.testing.assert_allclose(layer(x).detach().numpy(), ref(xt).detach().numpy(), rtol=tol, atol=tol)
        np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=tol, atol=tol)
        np.testing.assert_allclose(layer.weight.grad.numpy(), ref.weight.grad.numpy(), rtol=tol, atol=tol)
        np.testing.assert_allclose(layer.bias.grad.numpy(), ref.bias.grad.numpy(), rtol=tol, atol=tol)


def test_functional_linear_matches_torch():
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal((2, 3, 5)), rng.standard_normal((4, 5)), rng.standard_normal(4)
    np.testing.assert_allclose(
        F.linear(tg.tensor(x), tg.tensor(w), tg.tensor(b)).numpy(),
        TF.linear(_t(x), _t(w), _t(b)).numpy(),
        atol=1e-12,
    )
    np.testing.assert_allclose(
        F.linear(tg.tensor(x), tg.tensor(w)).numpy(), TF.linear(_t(x), _t(w)).numpy(), atol=1e-12
    )


def test_linear_gradcheck():
    rng = np.random.default_rng(6)
    x = tg.tensor(rng.standard_normal((3, 2, 4)), requires_grad=True)
    w = tg.tensor(rng.standard_normal((5, 4)), requires_grad=True)
    b = tg.tensor(rng.standard_normal(5), requires_grad=True)
    assert tg.gradcheck(F.linear, x, w, b)
    assert tg.gradcheck(lambda x, w: F.linear(x, w), x, w)
    assert tg.gradcheck(
        lambda x, w, b: (F.linear(x, w, b) ** 2).sum(), x, w, b
    )  # second use of the saved ops


def test_linear_parameters_shapes_dtype_state_dict():
    layer = nn.Linear(3, 1)
    assert layer.weight.shape == (1, 3) and layer.bias.shape == (1,)
    assert isinstance(layer.weight, nn.Parameter) and layer.weight.requires_grad
    assert layer.weight.dtype == tg.get_default_dtype() == tg.float64
    assert nn.Linear(3, 1, dtype=tg.float32).weight.dtype == tg.float32
    assert list(layer.state_dict()) == list(torch.nn.Linear(3, 1).state_dict()) == ["weight", "bias"]
    no_bias = nn.Linear(3, 2, bias=False)
    assert no_bias.bias is None
    assert list(no_bias.state_dict()) == list(torch.nn.Linear(3, 2, bias=False).state_dict()) == ["weight"]
    assert [n for n, _ in no_bias.named_parameters()] == ["weight"]
    assert nn.Linear(3, 2, device="cpu").in_features == 3


def test_linear_repr_equals_torch():
    for args in [(3, 1), (784, 256), (2, 2)]:
        for bias in (True, False):
            assert repr(nn.Linear(*args, bias=bias)) == repr(torch.nn.Linear(*args, bias=bias))
    model = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.Linear(2, 1))
    ref = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 1))
    assert repr(model) == repr(ref)


def test_linear_init_statistics():
    tg.manual_seed(7)
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w, b = layer.weight.numpy(), layer.bias.numpy()
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert np.abs(w).max() > 0.99 * bound  # the whole interval is used
    # U(-bound, bound): mean 0, variance bound**2 / 3
    assert abs(w.mean()) < 0.01 * bound
    assert w.var() == pytest.approx(bound**2 / 3, rel=0.02)
    ref = torch.nn.Linear(400, 300)
    assert np.abs(ref.weight.detach().numpy()).max() <= bound  # torch's rule, the same bound


def test_linear_init_reproducible_from_tapegrad_seed():
    tg.manual_seed(11)
    a = nn.Linear(4, 3)
    tg.manual_seed(11)
    b = nn.Linear(4, 3)
    np.testing.assert_array_equal(a.weight.numpy(), b.weight.numpy())
    np.testing.assert_array_equal(a.bias.numpy(), b.bias.numpy())
    a.reset_parameters()
    assert not np.array_equal(a.weight.numpy(), b.weight.numpy())


def test_linear_zero_in_features():
    with pytest.warns(UserWarning, match="zero-element"):
        layer = nn.Linear(0, 3)
    np.testing.assert_array_equal(layer.bias.numpy(), np.zeros(3))  # bound 0, as torch
    np.testing.assert_array_equal(layer(tg.zeros(2, 0)).detach().numpy(), np.zeros((2, 3)))


def test_linear_trains_as_torch():
    tg.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    ref = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    with torch.no_grad():
        for p, q in zip(model.parameters(), ref.parameters()):
            q.copy_(_t(p.numpy()))
    x = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [[0.0], [1.0], [1.0], [0.0]]
    opt = tg.optim.SGD(list(model.parameters()), lr=0.1)
    opt_ref = torch.optim.SGD(ref.parameters(), lr=0.1)
    losses = []
    for _ in range(200):
        opt.zero_grad()
        loss = nn.MSELoss()(model(tg.tensor(x)), tg.tensor(y))
        loss.backward()
        opt.step()
        opt_ref.zero_grad()
        loss_ref = torch.nn.MSELoss()(ref(_t(x)), _t(y))
        loss_ref.backward()
        opt_ref.step()
        losses.append((loss.item(), loss_ref.item()))
    np.testing.assert_allclose(*zip(*losses), rtol=1e-10)
    assert losses[-1][0] < losses[0][0]


@pytest.mark.parametrize(
    "make, args, kind, fragment",
    [
        (lambda: nn.Linear(3, 2), (tg.ones(4, 2),), ValueError, "(4, 2)"),
        (lambda: nn.Linear(3, 2), (tg.ones(()),), ValueError, "does not fit"),
        (lambda: nn.Linear(3.0, 2), None, TypeError, "in_features must be an int"),
        (lambda: nn.Linear(3, -1), None, ValueError, "out_features must be >= 0"),
        (lambda: nn.Linear(3, 2, device="cuda"), None, ValueError, "CPU"),
        (lambda: nn.Linear(3, 2), (np.ones((4, 3)),), TypeError, "must be Tensor"),
    ],
)
def test_linear_errors(make, args, kind, fragment):
    with pytest.raises(kind, match=None) as info:
        layer = make()
        layer(*args)
    assert fragment in str(info.value)


def test_functional_linear_errors():
    with pytest.raises(ValueError, match="bias of shape"):
        F.linear(tg.ones(2, 3), tg.ones(4, 3), tg.ones(3))
    with pytest.raises(ValueError, match="2-D"):
        F.linear(tg.ones(2, 3), tg.ones(3))


def test_identity():
    layer = nn.Identity(54, unused="x")
    x = tg.ones(2)
    assert layer(x) is x
    assert repr(layer) == repr(torch.nn.Identity(54, unused="x")) == "Identity()"


@pytest.mark.parametrize("start, end", [(1, -1), (0, -1), (1, 2), (2, 3), (0, 0)])
def test_flatten_matches_torch(start, end):
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    layer, ref = nn.Flatten(start, end), torch.nn.Flatten(start, end)
    np.testing.assert_array_equal(layer(tg.tensor(x)).numpy(), ref(_t(x)).numpy())
    assert repr(layer) == repr(ref)
    assert repr(nn.Flatten()) == repr(torch.nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"


@pytest.mark.parametrize("dim, sizes", [(1, (2, 3)), (-1, [3, -1]), (0, (1, 2))])
def test_unflatten_matches_torch(dim, sizes):
    x = np.arange(2 * 6, dtype=float).reshape(2, 6)
    layer, ref = nn.Unflatten(dim, sizes), torch.nn.Unflatten(dim, sizes)
    np.testing.assert_array_equal(layer(tg.tensor(x)).numpy(), ref(_t(x)).numpy())
    assert repr(layer) == repr(ref)


def test_unflatten_errors_as_torch():
    for bad in [(2, 3.0), 6]:
        with pytest.raises(TypeError) as ours:
            nn.Unflatten(1, bad)
        with pytest.raises(TypeError) as theirs:
            torch.nn.Unflatten(1, bad)
        assert str(ours.value) == str(theirs.value)
