"""Losses and normalization differentiable to any order (create_graph): gradgradcheck against
finite differences, and second (third where cheap) derivatives against PyTorch on the same
float64 values, for every reduction, class weights, ignore_index, label smoothing, LayerNorm with
and without affine parameters and BatchNorm in training and evaluation mode.

Losses whose rule uses exp, log, sigmoid or softmax wait (skip, saying why) until those ops are
twice differentiable: other branches make them so (unary ops; softmax on hog-red).
"""

import numpy as np
import pytest
from test_higher_order_indexing import compare, require_twice_differentiable

import tapegrad as tg
from tapegrad.gradcheck import gradgradcheck

from torch_oracle import TF, torch

F = tg.nn.functional
RNG = np.random.default_rng(11)
REDUCTIONS = ["mean", "sum", "none"]
X = RNG.uniform(-1.0, 1.0, (3, 4))
T = RNG.uniform(-1.0, 1.0, (3, 4))
P = RNG.uniform(0.05, 0.95, (3, 4))  # probabilities
Q = RNG.uniform(0.0, 1.0, (3, 4))


def fn(lib):
    return F if lib is tg else TF


def ggc(f, *arrays):
    assert gradgradcheck(f, *[tg.tensor(a.copy(), requires_grad=True) for a in arrays])


LOSSES = {
    "mse": (lambda M, x, t, r: M.mse_loss(x * x, t, reduction=r), X, T, True),
    "l1": (lambda M, x, t, r: M.l1_loss(x * x, t, reduction=r) * x.sum(), X, T, True),
    "smooth_l1": (lambda M, x, t, r: M.smooth_l1_loss(x * x, t, reduction=r, beta=0.5) * x.sum(), X, T, True),
    "huber": (lambda M, x, t, r: M.huber_loss(x * x, t, reduction=r, delta=0.7) * x.sum(), X, T, True),
    "bce": (lambda M, p, t, r: M.binary_cross_entropy(p, t, reduction=r), P, Q, False),
}


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", sorted(LOSSES))
def test_pointwise_loss(name, reduction):
    loss, a, b, target_grad = LOSSES[name]
    if name == "bce":
        require_twice_differentiable("log", tg.log)
    wrt = [0, 1] if target_grad else [0]

    def f(lib):
        return lambda x, t: loss(fn(lib), x, t, reduction)

    assert gradgradcheck(
        f(tg), tg.tensor(a.copy(), requires_grad=True), tg.tensor(b.copy(), requires_grad=target_grad)
    )
    # PyTorch's double backward of binary_cross_entropy places its 1e-12 guard differently
    # ((p + eps)^2 (1 - p + eps)^2 rather than max(p (1 - p), eps)): ~1e-10 apart at third order.
    compare(f(tg), f(torch), [a, b], wrt, order=3, rtol=1e-8 if name == "bce" else 1e-10)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weights", ["plain", "weight", "pos_weight"])
def test_bce_with_logits(reduction, weights):
    require_twice_differentiable("sigmoid", tg.sigmoid)
    w = RNG.uniform(0.5, 1.5, (4,))

    def f(lib):
        def g(x, t, weight):
            kw = {} if weights == "plain" else {weights: weight}
            return fn(lib).binary_cross_entropy_with_logits(x * 2.0, t, reduction=reduction, **kw)

        return g

    ggc(lambda x: f(tg)(x, tg.tensor(Q), tg.tensor(w)), X)
    compare(f(tg), f(torch), [X, Q, w], [0])


@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div(log_target):
    require_twice_differentiable("exp", tg.exp)
    require_twice_differentiable("log", tg.log)
    target = np.log(Q) if log_target else Q

    def f(lib):
        return lambda x, t: fn(lib).kl_div(x * x, t, reduction="sum", log_target=log_target)

    ggc(f(tg), X, target)
    compare(f(tg), f(torch), [X, target], [0, 1])


LOGITS = RNG.uniform(-1.0, 1.0, (5, 4))
CLASSES = np.array([1, 3, 0, 3, 2])
CLASS_WEIGHT = np.array([0.5, 1.5, 1.0, 2.0])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [-100, 3])
def test_nll_loss(reduction, weighted, ignore):
    def f(lib):
        def g(x):
            w = lib.tensor(CLASS_WEIGHT) if weighted else None
            return fn(lib).nll_loss(
                x * x, lib.tensor(CLASSES), weight=w, ignore_index=ignore, reduction=reduction
            )

        return g

    ggc(f(tg), LOGITS)
    compare(f(tg), f(torch), [LOGITS], [0], order=3)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("ignore", [-100, 3])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy(reduction, weighted, ignore, smoothing):
    require_twice_differentiable("softmax", lambda x: tg.softmax(x, 0))

    def f(lib):
        def g(x):
            w = lib.tensor(CLASS_WEIGHT) if weighted else None
            return fn(lib).cross_entropy(
                x,
                lib.tensor(CLASSES),
                weight=w,
                ignore_index=ignore,
                reduction=reduction,
                label_smoothing=smoothing,
            )

        return g

    ggc(f(tg), LOGITS)
    compare(f(tg), f(torch), [LOGITS], [0], order=3)


def test_cross_entropy_spatial_and_1d():
    require_twice_differentiable("softmax", lambda x: tg.softmax(x, 0))
    x4 = RNG.uniform(-1.0, 1.0, (2, 3, 2, 2))
    t4 = np.array([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])

    def f(lib):
        return lambda x: fn(lib).cross_entropy(x, lib.tensor(t4), reduction="none")

    compare(f(tg), f(torch), [x4], [0])

    def g(lib):
        return lambda x: fn(lib).cross_entropy(x, lib.tensor(np.array(2)), reduction="none")

    compare(g(tg), g(torch), [LOGITS[0]], [0])


# PyTorch 2.13's native layer_norm and batch_norm give wrong third derivatives (their double
# backward reads the saved mean and rstd, which have no history); the same normalization composed
# of torch ops is the oracle for the third order, torch's functional one for the second.


def torch_norm(x, dims, w=None, b=None, eps=1e-5):
    mu = x.mean(dims, keepdim=True)
    c = x - mu
    y = c / torch.sqrt((c * c).mean(dims, keepdim=True) + eps)
    y = y * w if w is not None else y
    return y + b if b is not None else y


@pytest.mark.parametrize("affine", [False, True])
def test_layer_norm(affine):
    x = RNG.uniform(-1.0, 1.0, (2, 3, 4))
    w = RNG.uniform(0.5, 1.5, (3, 4))
    b = RNG.uniform(-0.5, 0.5, (3, 4))

    def f(lib):
        def g(x, w, b):
            kw = {"weight": w, "bias": b} if affine else {}
            return fn(lib).layer_norm(x, (3, 4), eps=1e-3, **kw)

        return g

    def composed(x, w, b):
        return torch_norm(x, (1, 2), w, b, eps=1e-3) if affine else torch_norm(x, (1, 2), eps=1e-3)

    wrt = [0, 1, 2] if affine else [0]
    ggc(f(tg), x, w, b)
    compare(f(tg), f(torch), [x, w, b], wrt, order=2)
    compare(f(tg), composed, [x, w, b], wrt, order=3)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 4)])
def test_batch_norm(training, shape):
    x = RNG.uniform(-1.0, 1.0, shape)
    w = RNG.uniform(0.5, 1.5, (shape[1],))
    b = RNG.uniform(-0.5, 0.5, (shape[1],))
    mean = RNG.uniform(-0.2, 0.2, (shape[1],))
    var = RNG.uniform(0.5, 1.5, (shape[1],))

    def f(lib):
        def g(x, w, b):
            rm, rv = lib.tensor(mean), lib.tensor(var)
            return fn(lib).batch_norm(x * x, rm, rv, weight=w, bias=b, training=training, eps=1e-3)

        return g

    def composed(x, w, b):
        channel = (1, -1) + (1,) * (len(shape) - 2)
        return torch_norm(x * x, (0, *range(2, len(shape))), w.reshape(channel), b.reshape(channel), eps=1e-3)

    ggc(f(tg), x, w, b)
    compare(f(tg), f(torch), [x, w, b], [0, 1, 2], order=2 if training else 3)
    if training:
        compare(f(tg), composed, [x, w, b], [0, 1, 2], order=3)


def test_batch_norm_without_affine():
    x = RNG.uniform(-1.0, 1.0, (5, 3))

    def f(lib):
        return lambda x: fn(lib).batch_norm(x, None, None, training=True)

    ggc(f(tg), x)
    compare(f(tg), f(torch), [x], [0], order=2)
    compare(f(tg), lambda x: torch_norm(x, 0), [x], [0], order=3)


def test_float32_layer_norm():
    x = RNG.uniform(-1.0, 1.0, (3, 5)).astype(np.float32)

    def f(lib):
        return lambda x: fn(lib).layer_norm(x * x, (5,))

    compare(f(tg), f(torch), [x], [0], rtol=2e-4, atol=1e-5)


def test_zero_grad_sampler():
    # normal's gradient is zero for its mean (not reparameterised), to every order.
    mu = tg.tensor([0.1, 0.2], requires_grad=True)
    out = tg.normal(mu * mu, 1.0)
    (g,) = tg.autograd.grad([out.sum()], [mu], create_graph=True)
    np.testing.assert_array_equal(g.numpy(), [0.0, 0.0])
