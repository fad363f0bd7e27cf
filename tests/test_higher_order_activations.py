"""Higher-order gradients (create_graph) of the activations, pow, the fused dense layer and linear.

Every rule comes from one derivative table (cpp/src/ops/derivatives.hpp), instantiated for
scalars in the fused backward loops and for tensors in the recorded backward. The oracles:
finite differences of the projected gradient (gradgradcheck) and PyTorch's own second and third
derivatives on the same float64 values. Points stay away from the kinks (0 for relu-like ops,
the bounds of hardtanh and relu6, +-3 for hardsigmoid and hardswish, the softplus threshold).
"""

import numpy as np
import pytest

import tapegrad as tg
import tapegrad.nn.functional as F
from tapegrad.gradcheck import gradgradcheck

from torch_oracle import TF, torch

WIDE = [-4.2, -2.3, -1.1, -0.4, 0.35, 0.9, 1.7, 2.6, 3.8, 6.7]
POSITIVE = [0.3, 0.7, 1.3, 2.2, 3.1]

# name, tapegrad function, torch function (by name, resolved lazily so a missing torch only
# skips the torch comparisons), points.
CASES = [
    ("exp", tg.exp, lambda x: torch.exp(x), WIDE),
    ("log", tg.log, lambda x: torch.log(x), POSITIVE),
    ("tanh", tg.tanh, lambda x: torch.tanh(x), WIDE),
    ("sigmoid", tg.sigmoid, lambda x: torch.sigmoid(x), WIDE),
    ("relu", tg.relu, lambda x: torch.relu(x), WIDE),
    ("pow2", lambda x: tg.pow(x, 2.0), lambda x: torch.pow(x, 2.0), WIDE),
    ("pow3", lambda x: tg.pow(x, 3.0), lambda x: torch.pow(x, 3.0), WIDE),
    ("pow0.5", lambda x: tg.pow(x, 0.5), lambda x: torch.pow(x, 0.5), POSITIVE),
    ("pow-0.5", lambda x: tg.pow(x, -0.5), lambda x: torch.pow(x, -0.5), POSITIVE),
    ("pow-1", lambda x: tg.pow(x, -1.0), lambda x: torch.pow(x, -1.0), WIDE),
    ("pow2.5", lambda x: tg.pow(x, 2.5), lambda x: torch.pow(x, 2.5), POSITIVE),
    ("hardtanh", lambda x: F.hardtanh(x, -1.5, 2.0), lambda x: TF.hardtanh(x, -1.5, 2.0), WIDE),
    ("relu6", F.relu6, lambda x: TF.relu6(x), WIDE),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), lambda x: TF.leaky_relu(x, 0.2), WIDE),
    ("elu", lambda x: F.elu(x, 1.3), lambda x: TF.elu(x, 1.3), WIDE),
    ("selu", F.selu, lambda x: TF.selu(x), WIDE),
    ("celu", lambda x: F.celu(x, 0.7), lambda x: TF.celu(x, 0.7), WIDE),
    ("gelu", F.gelu, lambda x: TF.gelu(x), WIDE),
    ("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), lambda x: TF.gelu(x, approximate="tanh"), WIDE),
    ("silu", F.silu, lambda x: TF.silu(x), WIDE),
    ("mish", F.mish, lambda x: TF.mish(x), WIDE),
    ("softplus", F.softplus, lambda x: TF.softplus(x), WIDE),
    ("softplus_beta", lambda x: F.softplus(x, 2.0, 3.0), lambda x: TF.softplus(x, 2.0, 3.0), WIDE),
    ("hardsigmoid", F.hardsigmoid, lambda x: TF.hardsigmoid(x), WIDE),
    ("hardswish", F.hardswish, lambda x: TF.hardswish(x), WIDE),
    ("logsigmoid", F.logsigmoid, lambda x: TF.logsigmoid(x), WIDE),
    ("softsign", F.softsign, lambda x: TF.softsign(x), WIDE),
    ("tanhshrink", F.tanhshrink, lambda x: TF.tanhshrink(x), WIDE),
]
IDS = [c[0] for c in CASES]


def _rng_arrays(n, count, seed):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-1.0, 1.0, n) for _ in range(count)]


def _lib(lib, dtype):
    """A tensor maker and the grad function of tapegrad or torch."""
    if lib == "torch":
        tdt = torch.float64 if dtype == "float64" else torch.float32
        return (
            lambda a, rg=False: torch.tensor(np.asarray(a), dtype=tdt, requires_grad=rg)
        ), torch.autograd.grad
    return (lambda a, rg=False: tg.tensor(np.asarray(a), dtype=dtype, requires_grad=rg)), tg.autograd.grad


def _numpy(t):
    return t.detach().numpy()


def _derivatives(lib, fn, points, dtype="float64", order=3):
    """g1 = f'(x) v, then d(g1 . w)/dx and /dv, then d(d(g1 . w)/dx . u)/dx."""
    make, grad = _lib(lib, dtype)
    v_np, w_np, u_np = _rng_arrays(len(points), 3, seed=len(points))
    x, v = make(points, True), make(v_np, True)
    (g1,) = grad(fn(x), x, grad_outputs=v, create_graph=True)
    g2x, g2v = grad(
        g1, (x, v), grad_outputs=make(w_np), create_graph=True, allow_unused=True, materialize_grads=True
    )
    out = [_numpy(g1), _numpy(g2x), _numpy(g2v)]
    if order >= 3:
        if g2x.requires_grad:
            (g3,) = grad(g2x, x, grad_outputs=make(u_np), allow_unused=True, materialize_grads=True)
            out.append(_numpy(g3))
        else:  # a piecewise-linear op: its second derivative is constant zero
            out.append(np.zeros(len(points)))
    return out


# Piecewise linear: the gradient does not depend on x (only on the incoming gradient), so
# gradgradcheck checks them through a product, whose incoming gradient depends on x.
PIECEWISE_LINEAR = ("relu", "hardtanh", "relu6", "leaky_relu", "hardsigmoid")


@pytest.mark.parametrize(("name", "fn", "torch_fn", "points"), CASES, ids=IDS)
def test_gradgradcheck(name, fn, torch_fn, points):
    x = tg.tensor(points, dtype="float64", requires_grad=True)
    f = (lambda t: fn(t) * t) if name in PIECEWISE_LINEAR else fn
    assert gradgradcheck(f, x, atol=1e-6, rtol=1e-5)


# PyTorch's celu passes 1 / alpha to its elu kernel rounded differently: its float64 celu
# gradient is off the exact exp(x / alpha) by ~1e-7 relative (tapegrad's is exact, at first order
# too), so celu compares at that tolerance.
RTOL = {"celu": 2e-7}


# PyTorch has no derivative of hardsigmoid_backward: test_hardsigmoid_second_derivative checks it.
TORCH_CASES = [c for c in CASES if c[0] != "hardsigmoid"]


@pytest.mark.parametrize(("name", "fn", "torch_fn", "points"), TORCH_CASES, ids=[c[0] for c in TORCH_CASES])
def test_second_and_third_derivatives_match_torch(name, fn, torch_fn, points):
    ours = _derivatives("tapegrad", fn, points)
    theirs = _derivatives("torch", torch_fn, points)
    for what, a, b in zip(("first", "second (x)", "second (v)", "third"), ours, theirs):
        np.testing.assert_allclose(
            a, b, rtol=RTOL.get(name, 1e-10), atol=1e-12, err_msg=f"{name}: {what} derivative"
        )


def test_hardsigmoid_second_derivative():
    """PyTorch raises 'derivative for aten::hardsigmoid_backward is not implemented'; tapegrad
    gives the derivative it has: 0 w.r.t. x (piecewise linear), f'(x) w.r.t. the gradient."""
    with pytest.raises(RuntimeError, match="hardsigmoid_backward is not implemented"):
        _derivatives("torch", lambda x: TF.hardsigmoid(x), WIDE, order=2)
    _, g2x, g2v, g3 = _derivatives("tapegrad", F.hardsigmoid, WIDE)
    w = _rng_arrays(len(WIDE), 3, seed=len(WIDE))[1]
    slope = np.where(np.abs(np.array(WIDE)) < 3, 1 / 6, 0.0)
    np.testing.assert_array_equal(g2x, np.zeros(len(WIDE)))
    np.testing.assert_array_equal(g3, np.zeros(len(WIDE)))
    np.testing.assert_allclose(g2v, w * slope, rtol=1e-15)


FLOAT32 = [c for c in CASES if c[0] in ("tanh", "sigmoid", "exp", "gelu", "silu", "softplus", "elu", "pow3")]


@pytest.mark.parametrize(("name", "fn", "torch_fn", "points"), FLOAT32, ids=[c[0] for c in FLOAT32])
def test_float32_second_derivatives_match_torch(name, fn, torch_fn, points):
    ours = _derivatives("tapegrad", fn, points, dtype="float32", order=2)
    theirs = _derivatives("torch", torch_fn, points, dtype="float32", order=2)
    for a, b in zip(ours, theirs):
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-6)


def test_broadcast_and_2d_input():
    """A 2-D input and an op whose second derivative meets a broadcast product."""
    x = tg.tensor(np.linspace(-2.0, 2.0, 6).reshape(2, 3) + 0.05, requires_grad=True)
    c = tg.tensor([0.5, -1.5, 2.0], requires_grad=True)
    assert gradgradcheck(lambda a, b: F.silu(a) * b + tg.sigmoid(a * b), x, c)


# ---- the dense layer and linear ----

ACTS = [None, "sigmoid", "tanh", "relu"]
TORCH_ACT = {
    None: lambda z: z,
    "sigmoid": lambda z: torch.sigmoid(z),
    "tanh": lambda z: torch.tanh(z),
    "relu": lambda z: torch.relu(z),
}


def _layer_second_derivatives(lib, kind, act, x_np, w_np, b_np):
    """First gradients w.r.t. (x, W, b) of <layer(x), v>, then the gradient of their projection
    on fixed directions, again w.r.t. (x, W, b)."""
    make, grad = _lib(lib, "float64")
    x, w, b = make(x_np, True), make(w_np, True), make(b_np, True)
    if lib == "torch":
        weight = w if kind == "linear" else w.T
        y = TORCH_ACT[act](TF.linear(x, weight, b))
    elif kind == "linear":
        y = F.linear(x, w, b)
        y = {None: lambda z: z, "sigmoid": tg.sigmoid, "tanh": tg.tanh, "relu": tg.relu}[act](y)
    else:
        y = tg.dense(x, w, b, activation=act)
    rng = np.random.default_rng(7)
    v = make(rng.uniform(-1, 1, tuple(y.shape)))
    firsts = grad(y, (x, w, b), grad_outputs=v, create_graph=True)
    s = None
    for g, t in zip(firsts, (x, w, b)):
        term = (g * make(rng.uniform(-1, 1, tuple(t.shape)))).sum()
        s = term if s is None else s + term
    seconds = grad(s, (x, w, b), allow_unused=True, materialize_grads=True)
    return [_numpy(t) for t in (*firsts, *seconds)]


def _layer_inputs(kind, x_shape, n_in=3, n_out=2, seed=3):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.5, 1.5, x_shape)
    w = rng.uniform(-1.0, 1.0, (n_out, n_in) if kind == "linear" else (n_in, n_out))
    b = rng.uniform(-0.5, 0.5, n_out)
    return x, w, b


# Every activation on 1-D and 2-D input for dense and 2-D for linear; linear's 3-D input once.
LAYER_CASES = [
    (kind, shape, act)
    for act in ACTS
    for kind, shape in [("dense", (4, 3)), ("dense", (3,)), ("linear", (4, 3))]
] + [("linear", (2, 2, 3), None)]


@pytest.mark.parametrize(("kind", "x_shape", "act"), LAYER_CASES)
def test_layer_second_derivatives_match_torch(kind, x_shape, act):
    x, w, b = _layer_inputs(kind, x_shape)
    ours = _layer_second_derivatives("tapegrad", kind, act, x, w, b)
    theirs = _layer_second_derivatives("torch", kind, act, x, w, b)
    for i, (a, t) in enumerate(zip(ours, theirs)):
        np.testing.assert_allclose(a, t, rtol=1e-10, atol=1e-12, err_msg=f"{kind} {act} result {i}")


@pytest.mark.parametrize("act", ACTS)
def test_dense_gradgradcheck(act):
    x, w, b = _layer_inputs("dense", (3, 3))
    xs, ws, bs = (tg.tensor(a, requires_grad=True) for a in (x, w, b))
    assert gradgradcheck(lambda p, q, r: tg.dense(p, q, r, activation=act), xs, ws, bs)


def test_linear_gradgradcheck_batched():
    x, w, b = _layer_inputs("linear", (2, 2, 3))
    xs, ws, bs = (tg.tensor(a, requires_grad=True) for a in (x, w, b))
    assert gradgradcheck(lambda p, q, r: tg.tanh(F.linear(p, q, r)), xs, ws, bs)
    assert gradgradcheck(lambda p, q: F.linear(p, q), xs, ws)


def test_nn_dense_and_linear_modules_twice_differentiable():
    layer = tg.nn.Dense(3, 2, activation="tanh", rng=np.random.default_rng(0))
    lin = tg.nn.Linear(2, 1, dtype="float64")
    x = tg.tensor(np.random.default_rng(1).uniform(-1, 1, (4, 3)), requires_grad=True)
    assert gradgradcheck(lambda a: lin(layer(a)), x)


def test_dense_third_derivative_matches_torch():
    x, w, b = _layer_inputs("dense", (2, 3))

    def third(lib):
        make, grad = _lib(lib, "float64")
        xs, ws, bs = make(x, True), make(w, True), make(b, True)
        y = tg.dense(xs, ws, bs, activation="sigmoid") if lib != "torch" else torch.sigmoid(xs @ ws + bs)
        (gx,) = grad(y.sum(), xs, create_graph=True)
        (gw,) = grad((gx * gx).sum(), ws, create_graph=True)
        (gb,) = grad((gw * gw).sum(), bs)
        return _numpy(gb)

    np.testing.assert_allclose(third("tapegrad"), third("torch"), rtol=1e-10)


def test_mlp_hessian_matches_torch():
    """The Hessian of a 2-2-1 sigmoid MLP's squared error w.r.t. all its parameters."""
    rng = np.random.default_rng(5)
    x_np, t_np = rng.uniform(-1, 1, (3, 2)), rng.uniform(0, 1, (3, 1))
    params_np = [rng.uniform(-1, 1, s) for s in ((2, 2), (2,), (2, 1), (1,))]

    def loss_torch(w1, b1, w2, b2):
        x, t = torch.tensor(x_np), torch.tensor(t_np)
        return ((torch.sigmoid(torch.sigmoid(x @ w1 + b1) @ w2 + b2) - t) ** 2).sum()

    expected = torch.autograd.functional.hessian(loss_torch, tuple(torch.tensor(p) for p in params_np))

    params = [tg.tensor(p, requires_grad=True) for p in params_np]
    x, t = tg.tensor(x_np), tg.tensor(t_np)
    out = tg.dense(tg.dense(x, params[0], params[1], "sigmoid"), params[2], params[3], "sigmoid")
    loss = tg.pow(out - t, 2.0).sum()
    firsts = tg.autograd.grad(loss, params, create_graph=True)
    for i, g in enumerate(firsts):
        size = int(np.prod(params_np[i].shape))
        for j in range(size):
            onehot = np.zeros(size)
            onehot[j] = 1.0
            row = tg.autograd.grad(
                g,
                params,
                grad_outputs=tg.tensor(onehot.reshape(params_np[i].shape)),
                retain_graph=True,
                allow_unused=True,
                materialize_grads=True,
            )
            for k, block in enumerate(row):
                want = expected[i][k].numpy().reshape(size, -1)[j].reshape(params_np[k].shape)
                np.testing.assert_allclose(_numpy(block), want, rtol=1e-10, atol=1e-13)


# ---- an inf or NaN incoming gradient: relu's derivative is a select everywhere ----


def test_relu_blocks_inf_and_nan_gradients_like_torch():
    x_np = np.array([[-1.0, -2.0], [3.0, 4.0], [-0.5, 1.5]])
    g_np = np.array([[np.inf, np.nan], [1.0, 2.0], [-np.inf, 0.5]])
    eye = np.eye(2)

    def grads(lib, how):
        make, grad = _lib(lib, "float64")
        x, w, b = make(x_np, True), make(eye, True), make(np.zeros(2), True)
        if lib == "torch":
            z = {"relu": x, "dense": TF.linear(x, w.T, b), "linear": TF.linear(x, w, b)}[how]
            y = torch.relu(z)
        elif how == "dense":
            y = tg.dense(x, w, b, activation="relu")
        elif how == "linear":
            y = tg.relu(F.linear(x, w, b))
        else:
            y = tg.relu(x)
        wrt = (x,) if how == "relu" else (x, w, b)
        return [_numpy(t) for t in grad(y, wrt, grad_outputs=make(g_np))]

    expected = np.array([[0.0, 0.0], [1.0, 2.0], [0.0, 0.5]])
    (relu_x,) = grads("tapegrad", "relu")
    np.testing.assert_array_equal(relu_x, expected)
    np.testing.assert_array_equal(grads("torch", "relu")[0], expected)
    for how in ("dense", "linear"):
        ours = grads("tapegrad", how)
        for a, t in zip(ours, grads("torch", how)):
            assert np.isfinite(a).all(), how
            np.testing.assert_array_equal(a, t)
        np.testing.assert_array_equal(ours[0], relu_x)  # W is the identity: dX = dZ
