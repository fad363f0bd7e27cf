"""tapegrad against PyTorch (CPU): forward values and gradients, float64 unless stated."""

import numpy as np
import pytest

import tapegrad as tg

torch = pytest.importorskip("torch", reason="PyTorch not installed: comparisons against it are skipped")


def pair(rng, shape, low=-2.0, high=2.0, dtype=np.float64):
    values = rng.uniform(low, high, shape).astype(dtype)
    return tg.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)


def assert_close(tg_value, torch_value, rtol=1e-12, atol=1e-12):
    np.testing.assert_allclose(np.asarray(tg_value), torch_value.detach().numpy(), rtol=rtol, atol=atol)


def test_mixed_expression(rng):
    a, ta = pair(rng, (3, 4))
    b, tb = pair(rng, (4,))
    c, tc = pair(rng, (3, 1), 0.5, 2.0)
    w, tw = pair(rng, (4, 2))

    def expr(lib, a_, b_, c_, w_):
        h = lib.tanh(a_ * b_ - c_) / c_ + 2.0 * a_
        z = lib.sigmoid(h @ w_) ** 2
        return lib.log(1.0 + lib.exp(z)).mean() - (h.T.sum(0) * 0.5).sum() + (3.0 / c_).sum()

    out = expr(tg, a, b, c, w)
    tout = expr(torch, ta, tb, tc, tw)
    assert_close(out.numpy(), tout)
    out.backward()
    tout.backward()
    for x, tx in ((a, ta), (b, tb), (c, tc), (w, tw)):
        assert_close(x.grad, tx.grad)


UNARY = ["exp", "tanh", "sigmoid", "relu", "log", "neg"]


@pytest.mark.parametrize("name", UNARY)
def test_unary_ops(rng, name):
    low = 0.1 if name == "log" else -3.0
    x, tx = pair(rng, (4, 5), low, 3.0)
    if name == "neg":
        y, ty = -x, -tx
    else:
        y, ty = getattr(tg, name)(x), getattr(torch, name)(tx)
    assert_close(y.numpy(), ty, rtol=1e-14, atol=0)
    g = rng.uniform(-1, 1, (4, 5))
    y.backward(g)
    ty.backward(torch.tensor(g))
    assert_close(x.grad, tx.grad, rtol=1e-14, atol=0)


def test_sigmoid_extreme_values():
    x, tx = (
        tg.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], requires_grad=True),
        torch.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], dtype=torch.float64, requires_grad=True),
    )
    y, ty = tg.sigmoid(x), torch.sigmoid(tx)
    assert_close(y.numpy(), ty, rtol=1e-15, atol=0)
    y.sum().backward()
    ty.sum().backward()
    assert_close(x.grad, tx.grad, rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div"])
@pytest.mark.parametrize(
    "a_shape, b_shape", [((3, 4), (3, 4)), ((3, 1), (1, 4)), ((2, 3), (3,)), ((), (2, 2))]
)
def test_binary_ops(rng, name, a_shape, b_shape):
    import operator

    op = getattr(operator, "truediv" if name == "div" else name)
    a, ta = pair(rng, a_shape, 0.5, 2.0)
    b, tb = pair(rng, b_shape, 0.5, 2.0)
    y, ty = op(a, b), op(ta, tb)
    assert_close(y.numpy(), ty, rtol=1e-15, atol=0)
    y.sum().backward()
    ty.sum().backward()
    assert_close(a.grad, ta.grad)
    assert_close(b.grad, tb.grad)


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1.5, 0])
def test_pow(rng, exponent):
    x, tx = pair(rng, (6,), 0.2, 2.0)
    (x**exponent).sum().backward()
    (tx**exponent).sum().backward()
    assert_close(x.grad, tx.grad)


def test_pow_zero_exponent_at_zero():
    x, tx = (
        tg.tensor([0.0, 1.0], requires_grad=True),
        torch.tensor([0.0, 1.0], dtype=torch.float64, requires_grad=True),
    )
    (x**0).sum().backward()
    (tx**0).sum().backward()
    assert_close(x.grad, tx.grad, rtol=0, atol=0)


@pytest.mark.parametrize("op", ["sum", "mean"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions(rng, op, axis, keepdims):
    x, tx = pair(rng, (3, 4))
    y = getattr(x, op)(axis=axis, keepdims=keepdims)
    ty = getattr(tx, op)() if axis is None else getattr(tx, op)(dim=axis, keepdim=keepdims)
    if axis is None and keepdims:
        ty = ty.reshape(1, 1)
    assert_close(y.numpy(), ty)
    g = rng.uniform(-1, 1, y.shape)
    y.backward(g)
    ty.backward(torch.tensor(g))
    assert_close(x.grad, tx.grad)


@pytest.mark.parametrize("a_shape, b_shape", [((2, 3), (3, 4)), ((3,), (3, 4)), ((2, 3), (3,)), ((3,), (3,))])
def test_matmul(rng, a_shape, b_shape):
    a, ta = pair(rng, a_shape)
    b, tb = pair(rng, b_shape)
    y, ty = a @ b, ta @ tb
    assert_close(y.numpy(), ty)
    y.sum().backward()
    ty.sum().backward()
    assert_close(a.grad, ta.grad)
    assert_close(b.grad, tb.grad)


def test_transpose_and_reshape(rng):
    x, tx = pair(rng, (2, 3, 4))
    w = rng.uniform(-1, 1, (12, 2))
    y = (x.permute(2, 0, 1).reshape(-1, 2) * w).sum() + (x.permute(2, 1, 0).reshape(4, 6) ** 2).sum()
    ty = (tx.permute(2, 0, 1).reshape(-1, 2) * torch.tensor(w)).sum() + (
        tx.permute(2, 1, 0).reshape(4, 6) ** 2
    ).sum()
    assert_close(y.numpy(), ty)
    y.backward()
    ty.backward()
    assert_close(x.grad, tx.grad)


def test_losses(rng):
    F = torch.nn.functional
    p, tp = pair(rng, (4, 3), 0.02, 0.98)
    t = rng.uniform(0, 1, (4, 3))
    tt = torch.tensor(t)
    for fn, tfn in (
        (tg.mse_loss, F.mse_loss),
        (tg.binary_cross_entropy, F.binary_cross_entropy),
        (tg.binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits),
    ):
        p.grad = None
        tp.grad = None
        loss, tloss = fn(p, tg.tensor(t)), tfn(tp, tt)
        assert_close(loss.numpy(), tloss)
        loss.backward()
        tloss.backward()
        assert_close(p.grad, tp.grad)


def test_bce_clamps_log_at_minus_100_as_torch():
    p = tg.tensor([0.0, 1.0, 0.5], requires_grad=True)
    tp = torch.tensor([0.0, 1.0, 0.5], dtype=torch.float64, requires_grad=True)
    t = [1.0, 0.0, 1.0]
    loss = tg.binary_cross_entropy(p, tg.tensor(t))
    tloss = torch.nn.functional.binary_cross_entropy(tp, torch.tensor(t, dtype=torch.float64))
    assert_close(loss.numpy(), tloss)
    assert np.isfinite(loss.item())


def test_bce_gradient_with_respect_to_target(rng):
    F = torch.nn.functional
    p = tg.tensor(rng.uniform(0.1, 0.9, (5,)))
    t, tt = pair(rng, (5,), 0.0, 1.0)
    for fn, tfn in (
        (tg.binary_cross_entropy, F.binary_cross_entropy),
        (tg.binary_cross_entropy_with_logits, F.binary_cross_entropy_with_logits),
        (tg.mse_loss, F.mse_loss),
    ):
        t.grad = None
        tt.grad = None
        fn(p, t).backward()
        tfn(torch.tensor(p.numpy()), tt).backward()
        assert_close(t.grad, tt.grad)


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", None])
@pytest.mark.parametrize("batch", [None, 1, 7])
def test_dense_layer(rng, dtype, tol, activation, batch):
    layer = tg.nn.Dense(5, 3, activation=activation, dtype=np.dtype(dtype).name, rng=rng)
    assert layer.weight.dtype == dtype and layer.bias.dtype == dtype
    lin = torch.nn.Linear(5, 3, dtype=torch.float64 if dtype == np.float64 else torch.float32)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(layer.weight.numpy().T))  # torch stores (out, in)
        lin.bias.copy_(torch.tensor(layer.bias.numpy()))
    x_values = rng.uniform(-2, 2, (5,) if batch is None else (batch, 5)).astype(dtype)
    x, tx = tg.tensor(x_values, requires_grad=True), torch.tensor(x_values, requires_grad=True)
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, None: lambda z: z}[activation]
    y, ty = layer(x), act(lin(tx))
    assert y.dtype == dtype
    assert_close(y.numpy(), ty, rtol=tol, atol=tol)
    g = rng.uniform(-1, 1, y.shape).astype(dtype)
    y.backward(g)
    ty.backward(torch.tensor(g))
    assert_close(x.grad, tx.grad, rtol=tol, atol=tol)
    assert_close(layer.weight.grad, lin.weight.grad.T, rtol=tol, atol=tol)
    assert_close(layer.bias.grad, lin.bias.grad, rtol=tol, atol=tol)


def _two_layer_problem(rng, dtype=np.float64):
    model = tg.nn.Sequential(tg.nn.Dense(3, 4, "tanh", rng=rng), tg.nn.Dense(4, 1, "sigmoid", rng=rng))
    tmodel = torch.nn.Sequential(
        torch.nn.Linear(3, 4, dtype=torch.float64),
        torch.nn.Tanh(),
        torch.nn.Linear(4, 1, dtype=torch.float64),
        torch.nn.Sigmoid(),
    )
    with torch.no_grad():
        for layer, lin in ((model[0], tmodel[0]), (model[1], tmodel[2])):
            lin.weight.copy_(torch.tensor(layer.weight.numpy().T))
            lin.bias.copy_(torch.tensor(layer.bias.numpy()))
    x = rng.uniform(-1, 1, (8, 3))
    t = rng.uniform(0, 1, (8, 1))
    return model, tmodel, x, t


def _compare_weights(model, tmodel, tol=1e-12):
    for layer, lin in ((model[0], tmodel[0]), (model[1], tmodel[2])):
        assert_close(layer.weight.numpy(), lin.weight.T, rtol=tol, atol=tol)
        assert_close(layer.bias.numpy(), lin.bias, rtol=tol, atol=tol)


@pytest.mark.parametrize(
    "make, tmake",
    [
        (lambda p: tg.optim.SGD(p, lr=0.5), lambda p: torch.optim.SGD(p, lr=0.5)),
        (lambda p: tg.optim.SGD(p, lr=0.3, momentum=0.9), lambda p: torch.optim.SGD(p, lr=0.3, momentum=0.9)),
        (lambda p: tg.optim.Adam(p, lr=0.05), lambda p: torch.optim.Adam(p, lr=0.05)),
        (
            lambda p: tg.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6),
            lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6),
        ),
    ],
    ids=["sgd", "sgd-momentum", "adam", "adam-custom"],
)
def test_optimizer_steps_match_torch(rng, make, tmake):
    model, tmodel, x, t = _two_layer_problem(rng)
    opt, topt = make(model.parameters()), tmake(tmodel.parameters())
    for _ in range(5):
        opt.zero_grad()
        topt.zero_grad()
        loss = tg.binary_cross_entropy(model(tg.tensor(x)), tg.tensor(t))
        tloss = torch.nn.functional.binary_cross_entropy(tmodel(torch.tensor(x)), torch.tensor(t))
        assert_close(loss.numpy(), tloss, rtol=1e-11, atol=1e-12)
        loss.backward()
        tloss.backward()
        opt.step()
        topt.step()
        _compare_weights(model, tmodel, tol=1e-11)
