"""tg.nn (Module, Dense, Sequential) and tg.optim (SGD, Adam), against hand-written NumPy."""

import numpy as np
import pytest

import tapegrad as tg


def test_dense_shapes_init_and_single_node(rng):
    layer = tg.nn.Dense(4, 3, rng=0)
    assert layer.weight.shape == (4, 3) and layer.bias.shape == (3,)
    assert layer.in_features == 4 and layer.out_features == 3 and layer.activation == "sigmoid"
    bound = 1 / np.sqrt(4)
    assert np.all(np.abs(layer.weight.numpy()) <= bound) and np.all(np.abs(layer.bias.numpy()) <= bound)
    assert layer.weight.dtype == np.float64 and layer.weight.requires_grad and layer.weight.is_leaf
    # A seed reproduces the weights; another seed does not.
    np.testing.assert_array_equal(tg.nn.Dense(4, 3, rng=0).weight.numpy(), layer.weight.numpy())
    assert not np.array_equal(tg.nn.Dense(4, 3, rng=1).weight.numpy(), layer.weight.numpy())
    x = rng.uniform(-1, 1, (5, 4))
    y = layer(tg.tensor(x))
    assert y.grad_fn.name == "Dense"
    inputs = y.grad_fn.inputs
    assert inputs[0] is None  # the data needs no gradient
    assert inputs[1].is_leaf and np.shares_memory(inputs[1].numpy(), layer.weight.numpy())
    np.testing.assert_allclose(
        y.numpy(), 1 / (1 + np.exp(-(x @ layer.weight.numpy() + layer.bias.numpy()))), rtol=1e-14
    )
    assert "Dense(4, 3" in repr(layer)


def test_dense_float32(rng):
    layer = tg.nn.Dense(3, 2, activation="tanh", dtype="float32", rng=rng)
    x = rng.uniform(-1, 1, (4, 3)).astype(np.float32)
    y = layer(tg.tensor(x))
    assert y.dtype == np.float32
    np.testing.assert_allclose(
        y.numpy(), np.tanh(x @ layer.weight.numpy() + layer.bias.numpy()), rtol=1e-5, atol=1e-6
    )
    y.sum().backward()
    assert layer.weight.grad.dtype == np.float32


def test_sequential_and_module_parameters(rng):
    model = tg.nn.Sequential(tg.nn.Dense(2, 3, "relu", rng=rng), tg.nn.Dense(3, 1, None, rng=rng))
    assert len(model) == 2 and isinstance(model[0], tg.nn.Dense) and list(model) == [model[0], model[1]]
    params = list(model.parameters())
    assert [p.shape for p in params] == [(2, 3), (3,), (3, 1), (1,)]
    assert "Sequential" in repr(model)

    class Net(tg.nn.Module):
        def __init__(self):
            super().__init__()
            self.body = model
            self.scale = tg.nn.Parameter(tg.tensor([2.0]))
            self.frozen = tg.tensor([1.0])  # a plain tensor: not a parameter
            self.alias = self.scale  # found once

        def forward(self, x):
            return self.body(x) * self.scale

    net = Net()
    assert len(list(net.parameters())) == 5 and next(net.parameters()) is net.scale  # own ones first
    out = net(tg.tensor(rng.uniform(-1, 1, (4, 2)))).sum()
    out.backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    with pytest.raises(NotImplementedError):
        tg.nn.Module()(1)


def test_sgd_step_matches_numpy(rng):
    w0, g = rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, (3, 2))
    w = tg.tensor(w0, requires_grad=True)
    w.grad = g
    opt = tg.optim.SGD([w], lr=0.25)
    opt.step()
    np.testing.assert_allclose(w.numpy(), w0 - 0.25 * g, rtol=0, atol=1e-15)
    group = opt.param_groups[0]  # torch.optim's layout: hyperparameters live in the groups
    assert group["lr"] == 0.25 and group["momentum"] == 0 and group["params"][0] is w


def test_sgd_momentum_matches_numpy(rng):
    w0 = rng.uniform(-1, 1, 4)
    grads = [rng.uniform(-1, 1, 4) for _ in range(4)]
    w = tg.tensor(w0, requires_grad=True)
    opt = tg.optim.SGD([w], lr=0.1, momentum=0.9)
    ref, v = w0.copy(), None
    for g in grads:
        w.grad = g
        opt.step()
        v = g.copy() if v is None else 0.9 * v + g
        ref = ref - 0.1 * v
        np.testing.assert_allclose(w.numpy(), ref, rtol=0, atol=1e-14)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_large_parameter_in_blocks_matches_numpy(rng, threads, momentum):
    # Above 2**15 elements the update runs in blocks on the kernel threads; 100_003 leaves a
    # short last block. float32, as W4's first weight.
    w0 = rng.uniform(-1, 1, 100_003).astype(np.float32)
    grads = [rng.uniform(-1, 1, w0.size).astype(np.float32) for _ in range(2)]
    w = tg.tensor(w0, requires_grad=True)
    opt = tg.optim.SGD([w], lr=0.1, momentum=momentum)
    previous = tg.get_num_threads()
    tg.set_num_threads(threads)
    try:
        ref, v = w0.copy(), None
        for g in grads:
            w.grad = g
            opt.step()
            v = g.copy() if v is None else np.float32(momentum) * v + g
            ref = ref - np.float32(0.1) * v
            np.testing.assert_allclose(w.numpy(), ref, rtol=1e-6, atol=1e-7)  # FMA may contract
    finally:
        tg.set_num_threads(previous)


def test_adam_matches_numpy(rng):
    w0 = rng.uniform(-1, 1, 5)
    w = tg.tensor(w0, requires_grad=True)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    opt = tg.optim.Adam([w], lr=lr)
    assert opt.param_groups[0]["betas"] == (0.9, 0.999) and opt.param_groups[0]["eps"] == 1e-8
    m = np.zeros(5)
    v = np.zeros(5)
    ref = w0.copy()
    for t in range(1, 6):
        g = rng.uniform(-1, 1, 5)
        w.grad = g
        opt.step()
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        ref = ref - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(w.numpy(), ref, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    "make", [lambda p: tg.optim.SGD(p, lr=0.1, momentum=0.5), lambda p: tg.optim.Adam(p, lr=0.1)]
)
def test_parameter_without_gradient_is_left_alone(make):
    a = tg.tensor([1.0, 2.0], requires_grad=True)
    b = tg.tensor([3.0], requires_grad=True)
    opt = make([a, b])
    (a * a).sum().backward()
    opt.step()
    np.testing.assert_array_equal(b.numpy(), [3.0])
    assert b.grad is None
    assert not np.array_equal(a.numpy(), [1.0, 2.0])


def test_zero_grad_to_none_or_zero():
    a = tg.tensor([1.0, 2.0], requires_grad=True)
    opt = tg.optim.SGD([a], lr=0.1)
    (a * 3.0).sum().backward()
    view = a.grad
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(view, [0.0, 0.0])
    np.testing.assert_array_equal(a.grad, [0.0, 0.0])
    opt.zero_grad()
    assert a.grad is None


def test_gradients_accumulate_until_cleared():
    a = tg.tensor([1.0], requires_grad=True)
    for _ in range(3):
        (a * 2.0).backward()
    np.testing.assert_array_equal(a.grad, [6.0])


def test_training_reduces_the_loss(rng):
    # XOR with a 2-4-1 network: the loss falls by a large factor.
    x = tg.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    t = tg.tensor([[0.0], [1.0], [1.0], [0.0]])
    model = tg.nn.Sequential(tg.nn.Dense(2, 4, "tanh", rng=3), tg.nn.Dense(4, 1, "sigmoid", rng=4))
    opt = tg.optim.Adam(model.parameters(), lr=0.05)
    first = None
    for _ in range(300):
        opt.zero_grad()
        loss = tg.binary_cross_entropy(model(x), t)
        first = loss.item() if first is None else first
        loss.backward()
        opt.step()
    assert loss.item() < first / 10
    np.testing.assert_array_equal(np.round(model(x).numpy()), t.numpy())


def test_optimizer_accepts_generators():
    layer = tg.nn.Dense(2, 2, rng=0)
    opt = tg.optim.SGD((p for p in layer.parameters()), lr=0.1)
    assert len(opt.param_groups[0]["params"]) == 2


@pytest.mark.parametrize("make", [lambda ps: tg.optim.SGD(ps, lr=0.1), lambda ps: tg.optim.Adam(ps)])
def test_optimizer_rejects_a_parameter_listed_twice(make):
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match="duplicate parameters"):
        make([x, x])
