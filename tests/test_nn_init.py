"""tapegrad.nn.init against torch.nn.init: gains, fans, bounds, std, errors; in place, no_grad."""

import math
import warnings

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.nn import init

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

NONLINEARITIES = [
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
]


@pytest.mark.parametrize("name", NONLINEARITIES)
def test_calculate_gain_equals_torch(name):
    assert init.calculate_gain(name) == torch.nn.init.calculate_gain(name)


@pytest.mark.parametrize("param", [None, 0, 0.2, 3])
def test_leaky_relu_gain(param):
    assert init.calculate_gain("leaky_relu", param) == torch.nn.init.calculate_gain("leaky_relu", param)


@pytest.mark.parametrize(
    "call", [lambda m: m.calculate_gain("softmax"), lambda m: m.calculate_gain("leaky_relu", True)]
)
def test_calculate_gain_errors_equal_torch(call):
    with pytest.raises(ValueError) as ours:
        call(init)
    with pytest.raises(ValueError) as theirs:
        call(torch.nn.init)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("shape", [(3, 5), (4, 2, 3), (6, 3, 2, 2), (1, 1)])
def test_fans_equal_torch(shape):
    assert init._calculate_fan_in_and_fan_out(tg.empty(shape)) == torch.nn.init._calculate_fan_in_and_fan_out(
        torch.empty(shape)
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda m, t: m.xavier_uniform_(t(5)),
        lambda m, t: m.kaiming_normal_(t(5)),
        lambda m, t: m.kaiming_uniform_(t(3, 2), mode="fan_avg"),
        lambda m, t: m.kaiming_uniform_(t(3, 2), nonlinearity="softmax"),
        lambda m, t: m.eye_(t(2, 2, 2)),
        lambda m, t: m.orthogonal_(t(3)),
    ],
)
def test_errors_equal_torch(call):
    with pytest.raises(ValueError) as ours:
        call(init, tg.empty)
    with pytest.raises(ValueError) as theirs:
        call(torch.nn.init, torch.empty)
    assert str(ours.value) == str(theirs.value)


def _stats(fill, shape=(300, 400), seed=0):
    t = tg.empty(shape)
    tg.manual_seed(seed)
    out = fill(t)
    assert out is t
    return t.numpy()


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
@pytest.mark.parametrize(
    "nonlinearity, a", [("leaky_relu", 0), ("leaky_relu", math.sqrt(5)), ("relu", 0), ("tanh", 0)]
)
def test_kaiming_bounds_and_std(mode, nonlinearity, a):
    fan = 400 if mode == "fan_in" else 300
    std = torch.nn.init.calculate_gain(nonlinearity, a) / math.sqrt(fan)
    u = _stats(lambda t: init.kaiming_uniform_(t, a=a, mode=mode, nonlinearity=nonlinearity))
    bound = math.sqrt(3.0) * std
    assert np.abs(u).max() <= bound and np.abs(u).max() > 0.99 * bound
    n = _stats(lambda t: init.kaiming_normal_(t, a=a, mode=mode, nonlinearity=nonlinearity))
    assert n.std() == pytest.approx(std, rel=0.02)
    # torch's own draws agree with the formula
    ref = torch.nn.init.kaiming_uniform_(torch.empty(300, 400), a=a, mode=mode, nonlinearity=nonlinearity)
    assert ref.abs().max().item() <= bound


@pytest.mark.parametrize("gain", [1.0, 2.5])
def test_xavier_bounds_and_std(gain):
    std = gain * math.sqrt(2.0 / 700)
    u = _stats(lambda t: init.xavier_uniform_(t, gain=gain))
    assert np.abs(u).max() <= math.sqrt(3) * std and np.abs(u).max() > 0.99 * math.sqrt(3) * std
    n = _stats(lambda t: init.xavier_normal_(t, gain=gain))
    assert n.std() == pytest.approx(std, rel=0.02) and abs(n.mean()) < 0.01 * std


def test_uniform_normal_constant_ones_zeros_eye():
    u = _stats(lambda t: init.uniform_(t, -0.5, 2.0))
    assert u.min() >= -0.5 and u.max() < 2.0 and u.mean() == pytest.approx(0.75, abs=0.01)
    n = _stats(lambda t: init.normal_(t, 1.0, 0.5))
    assert n.mean() == pytest.approx(1.0, abs=0.01) and n.std() == pytest.approx(0.5, rel=0.02)
    np.testing.assert_array_equal(_stats(lambda t: init.constant_(t, 0.3), (2, 3)), np.full((2, 3), 0.3))
    np.testing.assert_array_equal(_stats(init.ones_, (2, 3)), np.ones((2, 3)))
    np.testing.assert_array_equal(_stats(init.zeros_, (2, 3)), np.zeros((2, 3)))
    for shape in [(3, 3), (2, 4), (4, 2)]:
        np.testing.assert_array_equal(
            _stats(init.eye_, shape), torch.nn.init.eye_(torch.empty(shape)).numpy()
        )


def test_trunc_normal():
    t = _stats(lambda t: init.trunc_normal_(t, mean=0.5, std=1.0, a=-1.0, b=1.5))
    assert t.min() >= -1.0 and t.max() <= 1.5
    # the truncated normal's mean (from its formula)
    phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    cdf = lambda x: (1 + math.erf(x / math.sqrt(2))) / 2  # noqa: E731
    alpha, beta = -1.5, 1.0
    expected = 0.5 + (phi(alpha) - phi(beta)) / (cdf(beta) - cdf(alpha))
    assert t.mean() == pytest.approx(expected, abs=0.01)
    # a narrow window far in the tail (the uniform-proposal path)
    tail = _stats(lambda t: init.trunc_normal_(t, std=1.0, a=2.0, b=2.5), (50, 40))
    assert tail.min() >= 2.0 and tail.max() <= 2.5
    with pytest.warns(UserWarning, match="more than 2 std"):
        init.trunc_normal_(tg.empty(3, 3), mean=10.0, a=-1.0, b=1.0)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 2, 3)])
def test_orthogonal(shape):
    q = _stats(lambda t: init.orthogonal_(t, gain=2.0), shape).reshape(shape[0], -1)
    rows, cols = q.shape
    if rows >= cols:
        np.testing.assert_allclose(q.T @ q, 4.0 * np.eye(cols), atol=1e-12)
    else:
        np.testing.assert_allclose(q @ q.T, 4.0 * np.eye(rows), atol=1e-12)


def test_fills_parameters_under_no_grad_and_keeps_requires_grad():
    p = tg.nn.Parameter(tg.zeros(3, 4))
    init.kaiming_uniform_(p)
    init.xavier_normal_(p)
    init.constant_(p, 1.0)
    assert p.requires_grad and p.is_leaf and p.grad_fn is None


def test_generator_argument():
    g1, g2 = tg.Generator().manual_seed(5), tg.Generator().manual_seed(5)
    a = init.kaiming_uniform_(tg.empty(3, 4), generator=g1)
    b = init.kaiming_uniform_(tg.empty(3, 4), generator=g2)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    c = init.trunc_normal_(tg.empty(3, 4), generator=tg.Generator().manual_seed(5))
    d = init.trunc_normal_(tg.empty(3, 4), generator=tg.Generator().manual_seed(5))
    np.testing.assert_array_equal(c.numpy(), d.numpy())


def test_zero_element_is_a_no_op_with_a_warning():
    with pytest.warns(UserWarning, match="zero-element"):
        init.kaiming_uniform_(tg.empty(0, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        init.orthogonal_(tg.empty(0, 3))


def test_float32_kept():
    t = init.kaiming_uniform_(tg.empty(3, 4, dtype=tg.float32))
    assert t.dtype == tg.float32
