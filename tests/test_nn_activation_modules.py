"""The activation layers of tapegrad.nn against torch.nn's: values, gradients, in place, repr."""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad import nn

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

X = np.array([[-30.0, -2.5, -1.0, -0.1], [0.3, 1.0, 2.0, 25.0]])

CASES = [
    ("ReLU", (), {}),
    ("ReLU", (True,), {}),
    ("Sigmoid", (), {}),
    ("Tanh", (), {}),
    ("LeakyReLU", (), {}),
    ("LeakyReLU", (0.2,), {"inplace": True}),
    ("ELU", (), {}),
    ("ELU", (0.5, True), {}),
    ("GELU", (), {}),
    ("GELU", (), {"approximate": "tanh"}),
    ("SiLU", (), {}),
    ("SiLU", (), {"inplace": True}),
    ("Softplus", (), {}),
    ("Softplus", (2.0, 5.0), {}),
    ("Softmax", (1,), {}),
    ("Softmax", (), {"dim": 0}),
    ("LogSoftmax", (-1,), {}),
    ("LogSoftmax", (), {"dim": 0}),
]


def _ids(case):
    return f"{case[0]}{case[1]}{case[2]}"


@pytest.mark.parametrize("name, args, kwargs", CASES, ids=[_ids(c) for c in CASES])
def test_matches_torch(name, args, kwargs):
    layer, ref = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    assert repr(layer) == repr(ref)
    x = tg.tensor(X, requires_grad=True)
    xt = torch.tensor(X, requires_grad=True)
    # in place needs a non-leaf input, as in PyTorch
    y, yt = layer(x * 1.0), ref(xt * 1.0)
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    g = np.linspace(-1.0, 1.5, X.size).reshape(X.shape)
    y.backward(tg.tensor(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "name, args", [("ReLU", (True,)), ("LeakyReLU", (0.1, True)), ("ELU", (1.0, True)), ("SiLU", (True,))]
)
def test_inplace_writes_the_input(name, args):
    x = tg.tensor(X.copy())
    out = getattr(nn, name)(*args)(x)
    assert out is x
    expected = getattr(torch.nn, name)(*args)(torch.tensor(X.copy()))
    np.testing.assert_allclose(x.numpy(), expected.numpy(), rtol=1e-12, atol=1e-12)
    # out of place leaves it
    x2 = tg.tensor(X.copy())
    getattr(nn, name)(*args[:-1])(x2)
    np.testing.assert_array_equal(x2.numpy(), X)


def test_inplace_on_a_leaf_that_requires_grad_raises_as_torch():
    x = tg.tensor(X, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        nn.ReLU(inplace=True)(x)
    with pytest.raises(RuntimeError, match="leaf"):
        torch.nn.ReLU(inplace=True)(torch.tensor(X, requires_grad=True))


@pytest.mark.parametrize(
    "layer, ref",
    [
        (lambda: nn.ReLU(), lambda: torch.nn.ReLU()),
        (lambda: nn.LeakyReLU(0.2), lambda: torch.nn.LeakyReLU(0.2)),
        (lambda: nn.ELU(alpha=2.0, inplace=True), lambda: torch.nn.ELU(alpha=2.0, inplace=True)),
        (lambda: nn.GELU("tanh"), lambda: torch.nn.GELU("tanh")),
        (lambda: nn.SiLU(), lambda: torch.nn.SiLU()),
        (lambda: nn.Softplus(beta=0.5), lambda: torch.nn.Softplus(beta=0.5)),
        (lambda: nn.Softmax(), lambda: torch.nn.Softmax()),
        (lambda: nn.LogSoftmax(dim=2), lambda: torch.nn.LogSoftmax(dim=2)),
        (lambda: nn.Sigmoid(), lambda: torch.nn.Sigmoid()),
        (lambda: nn.Tanh(), lambda: torch.nn.Tanh()),
    ],
)
def test_repr_and_state_dict_equal_torch(layer, ref):
    ours, theirs = layer(), ref()
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == []


def test_softmax_without_dim_raises_instead_of_guessing():
    with pytest.raises(TypeError, match="pass dim"):
        nn.Softmax()(tg.ones(2, 3))
    with pytest.raises(TypeError, match="pass dim"):
        nn.LogSoftmax()(tg.ones(2, 3))


def test_gelu_unknown_approximation():
    with pytest.raises(ValueError, match="approximate"):
        nn.GELU("fast")(tg.ones(2))


def test_layers_in_sequential():
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2), nn.LogSoftmax(dim=1))
    out = model(tg.randn(5, 4))
    np.testing.assert_allclose(np.exp(out.detach().numpy()).sum(1), np.ones(5), atol=1e-12)
