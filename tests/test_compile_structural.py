"""tg.compile replays the structural ops bit for bit: sum, mean, broadcasting + - * and their
gradients (sum_to), matmul, softmax and log_softmax, and the class losses (cross_entropy and
nll_loss over class indices or probabilities).

Each test runs one program twice from the same state, once eagerly and once through tg.compile,
over several calls (1 eager, 2 records, 3+ replay), and compares outputs, parameters and
gradients by their bytes. An optimizer changes the parameters between calls, so every replay
sees new values.
"""

import numpy as np
import pytest

import tapegrad as tg

CALLS = 5


def same_bits(a, b):
    a, b = np.asarray(a.detach().numpy()), np.asarray(b.detach().numpy())
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def params_of(shapes, dtype, seed):
    rng = np.random.default_rng(seed)
    return [tg.tensor(rng.standard_normal(s).astype(dtype), requires_grad=True) for s in shapes]


def against_eager(make, args, calls=CALLS):
    """make() -> (step, params): the step's outputs, the params and their grads, eager == compiled."""
    runs = []
    for compiled in (False, True):
        step, params = make()
        fn = tg.compile(step) if compiled else step
        outs = []
        for _ in range(calls):
            out = fn(*args)
            outs.append(out if isinstance(out, tuple) else (out,))
            outs[-1] = tuple(o.detach().clone() for o in outs[-1])
            outs[-1] += tuple(p.detach().clone() for p in params)
            outs[-1] += tuple(p.grad.clone() for p in params if p.grad is not None)
        if compiled:
            assert fn._entries and all(e.plan is not None for e in fn._entries.values())  # replayed
        runs.append(outs)
    for i, (e, c) in enumerate(zip(*runs)):
        assert len(e) == len(c), i
        for k, (a, b) in enumerate(zip(e, c)):
            assert same_bits(a, b), (i, k)


def trained(op, shapes, dtype="float64", seed=0, lr=0.05):
    """A step: clear the grads, y = op(x, *params), backward of sum(y * c), SGD; returns y."""

    def make():
        params = params_of(shapes, dtype, seed)
        opt = tg.optim.SGD(params, lr=lr, momentum=0.9)
        rng = np.random.default_rng(seed + 1)
        cache = {}

        def step(x):
            opt.zero_grad()
            y = op(x, *params)
            if "c" not in cache:
                cache["c"] = tg.tensor(rng.standard_normal(tuple(y.shape)).astype(dtype))
            (y * cache["c"]).sum().backward()
            opt.step()
            return y

        return step, params

    return make


def data(shape, dtype="float64", seed=7):
    return tg.tensor(np.random.default_rng(seed).standard_normal(shape).astype(dtype))


# --- sum and mean ------------------------------------------------------------------------------


@pytest.mark.parametrize("reduce", [tg.sum, tg.mean])
@pytest.mark.parametrize(
    "dim, keepdim",
    [(None, False), (0, False), (1, True), (-1, False), ((0, 2), False), ((0, 2), True), ((1, 2), False)],
)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_sum_mean_forward_and_backward(reduce, dim, keepdim, dtype):
    def op(x, w):
        z = x * w
        return reduce(z, keepdim=keepdim) if dim is None else reduce(z, dim, keepdim=keepdim)

    against_eager(trained(op, [(3, 4, 5)], dtype), (data((3, 4, 5), dtype),))


def test_sum_of_a_scalar_and_of_long_rows():
    against_eager(trained(lambda x, w: (x * w).sum() * w.sum(), [()]), (data(()),))
    against_eager(trained(lambda x, w: (x * w).mean(1), [(3, 1001)]), (data((3, 1001)),))


def test_integer_sum_forward():
    x = tg.tensor(np.arange(24, dtype=np.int64).reshape(2, 3, 4))

    def make():
        return (lambda t: (t.sum(), t.sum((0, 2)), t.sum(1, keepdim=True))), []

    against_eager(make, (x,))


# --- max, min, amax, amin ----------------------------------------------------------------------


def ties(shape, seed=7):
    # Few distinct values: slices hold ties, which share the gradient.
    return tg.tensor(np.round(np.random.default_rng(seed).standard_normal(shape)))


@pytest.mark.parametrize(
    "op",
    [
        lambda z: tg.amax(z, (0, 1)),
        lambda z: tg.amax(z, 1, keepdim=True),
        lambda z: tg.amin(z, (0, 2)),
        lambda z: tg.amax(z),
        lambda z: tg.max(z),
        lambda z: tg.min(z),
    ],
)
def test_amax_amin_and_whole_max_min_share_ties(op):
    # w is constant along dims 0 and 1 (shape (5,)), so ties there persist while it trains.
    against_eager(trained(lambda x, w: op(x * w), [(5,)]), (ties((3, 4, 5)),))


@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("dim, keepdim", [(0, False), (1, True), (-1, False)])
def test_max_min_over_a_dim_values_and_indices(largest, dim, keepdim):
    fn = tg.max if largest else tg.min

    def make():
        (w,) = params_of([(3, 4, 5)], "float64", 4)
        opt = tg.optim.SGD([w], lr=0.1)

        def step(x):
            opt.zero_grad()
            values, indices = fn(x * w, dim, keepdim=keepdim)
            values.sum().backward()
            opt.step()
            return values, indices

        return step, [w]

    against_eager(make, (data((3, 4, 5)),))


# --- broadcasting + - * and their gradients ----------------------------------------------------


@pytest.mark.parametrize("which", ["add", "sub", "rsub", "mul"])
@pytest.mark.parametrize("shape", [(5,), (1, 5), (4, 1), (1, 1), ()])
def test_broadcast_binary_gradients(which, shape):
    ops = {
        "add": lambda x, a, b: (x * a) + b,
        "sub": lambda x, a, b: (x * a) - b,
        "rsub": lambda x, a, b: b - (x * a),
        "mul": lambda x, a, b: (x * a) * b,
    }
    op = ops[which]
    against_eager(trained(op, [(4, 5), shape]), (data((4, 5)),))


def test_broadcast_both_sides():
    # (4, 1) with (1, 5): both gradients are summed back.
    against_eager(trained(lambda x, a, b: (a * x) * b + (a - b), [(4, 1), (1, 5)]), (data((4, 5)),))


# --- matmul ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [
        ((4,), (4,)),
        ((3, 4), (4,)),
        ((4,), (4, 2)),
        ((3, 4), (4, 2)),
        ((2, 3, 4), (4, 5)),
        ((2, 3, 4), (2, 4, 5)),
        ((2, 1, 3, 4), (5, 4, 2)),
        ((3, 4), (2, 4, 5)),
    ],
)
def test_matmul_forward_and_backward(a_shape, b_shape):
    def make():
        (a, b) = params_of([a_shape, b_shape], "float64", 3)
        opt = tg.optim.SGD([a, b], lr=0.01)

        def step(x):
            opt.zero_grad()
            y = tg.matmul(a, b)
            (y * x).sum().backward()
            opt.step()
            return y

        return step, [a, b]

    y_shape = tuple(np.matmul(np.zeros(a_shape), np.zeros(b_shape)).shape)
    against_eager(make, (data(y_shape),))


def test_matmul_of_input_and_parameter_float32():
    against_eager(trained(lambda x, w: x @ w, [(6, 3)], "float32"), (data((5, 6), "float32"),))


def test_matmul_of_a_transposed_view_is_refused():
    w = tg.tensor(np.ones((3, 2)), requires_grad=True)
    compiled = tg.compile(lambda x: (x @ w.T).sum())
    x = tg.tensor(np.ones((4, 2)))
    compiled(x)
    with pytest.raises(RuntimeError, match="cannot replay"):
        compiled(x)


# --- softmax and log_softmax -------------------------------------------------------------------


@pytest.mark.parametrize("fn", [tg.softmax, tg.log_softmax])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_forward_and_backward(fn, dim):
    against_eager(trained(lambda x, w: fn(x * w, dim), [(3, 4, 5)]), (data((3, 4, 5)),))


# --- class losses ------------------------------------------------------------------------------


def labels(n, c, seed=11, ignore=None):
    t = np.random.default_rng(seed).integers(0, c, n).astype(np.int64)
    if ignore is not None:
        t[::3] = ignore
    return tg.tensor(t)


CLASS_LOSS_OPTIONS = [{}, {"weight": "w"}, {"ignore_index": 2}, {"weight": "w", "ignore_index": 1}]


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize(
    "loss, kwargs",
    [("cross_entropy", k) for k in [*CLASS_LOSS_OPTIONS, {"label_smoothing": 0.1}]]
    + [("nll_loss", k) for k in CLASS_LOSS_OPTIONS],  # nll_loss takes no label_smoothing
)
def test_class_index_losses(reduction, kwargs, loss):
    weight = tg.tensor(np.linspace(0.5, 2.0, 4))
    kw = {k: (weight if v == "w" else v) for k, v in kwargs.items()}

    def make():
        (w,) = params_of([(3, 4)], "float64", 5)
        opt = tg.optim.Adam([w], lr=0.01)

        def step(x, t):
            opt.zero_grad()
            z = x @ w
            if loss == "nll_loss":
                z = tg.log_softmax(z, 1)
            out = getattr(tg.nn.functional, loss)(z, t, reduction=reduction, **kw)
            (out.sum() if reduction == "none" else out).backward()
            opt.step()
            return out

        return step, [w]

    against_eager(make, (data((6, 3)), labels(6, 4)))


def test_a_target_out_of_bounds_raises_in_a_replay_too():
    w = tg.tensor(np.ones((3, 4)), requires_grad=True)

    def step(x, t):
        w.grad = None
        loss = tg.nn.functional.cross_entropy(x @ w, t)
        loss.backward()
        return loss

    compiled = tg.compile(step)
    x = tg.tensor(np.ones((2, 3)))
    for _ in range(3):
        compiled(x, tg.tensor(np.array([0, 1])))
    with pytest.raises(IndexError, match="out of bounds"):
        compiled(x, tg.tensor(np.array([0, 7])))
    assert same_bits(compiled(x, tg.tensor(np.array([0, 1]))), step(x, tg.tensor(np.array([0, 1]))))


def test_class_losses_with_a_spatial_dimension():
    def make():
        (w,) = params_of([(2, 3, 5)], "float64", 5)
        opt = tg.optim.SGD([w], lr=0.1)

        def step(x, t):
            opt.zero_grad()
            loss = tg.nn.functional.cross_entropy(x * w, t, ignore_index=0)
            loss.backward()
            opt.step()
            return loss

        return step, [w]

    t = tg.tensor(np.random.default_rng(1).integers(0, 3, (2, 5)).astype(np.int64))
    against_eager(make, (data((2, 3, 5)), t))


def test_ignored_targets_change_between_calls():
    # The mean's weight sum comes from each call's targets, not the recorded ones.
    (w0,) = params_of([(3, 4)], "float64", 5)
    runs = []
    targets = [labels(6, 4, seed=s, ignore=-100 if s % 2 else None) for s in range(6)]
    for compiled in (False, True):
        w = w0.detach().clone().requires_grad_()

        def step(x, t, w=w):
            w.grad = None
            loss = tg.nn.functional.cross_entropy(x @ w, t)
            loss.backward()
            return loss

        fn = tg.compile(step) if compiled else step
        runs.append([(fn(data((6, 3)), t).detach().clone(), w.grad.clone()) for t in targets])
    for (l1, g1), (l2, g2) in zip(*runs):
        assert same_bits(l1, l2) and same_bits(g1, g2)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("kwargs", [{}, {"weight": True}, {"label_smoothing": 0.2}])
def test_cross_entropy_with_probabilities(reduction, kwargs):
    probs = tg.softmax(data((6, 4), seed=9), 1).detach()
    weight = tg.tensor(np.linspace(0.5, 2.0, 4))
    kw = dict(kwargs)
    if kw.pop("weight", False):
        kw["weight"] = weight

    def make():
        (w,) = params_of([(3, 4)], "float64", 5)
        opt = tg.optim.SGD([w], lr=0.1)

        def step(x, p):
            opt.zero_grad()
            out = tg.nn.functional.cross_entropy(x @ w, p, reduction=reduction, **kw)
            (out.sum() if reduction == "none" else out).backward()
            opt.step()
            return out

        return step, [w]

    against_eager(make, (data((6, 3)), probs))


# --- a PyTorch-style MLP -----------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_mlp_with_cross_entropy(optimizer, dtype):
    x = data((16, 8), dtype)
    t = labels(16, 3)

    def make():
        tg.manual_seed(0)
        model = tg.nn.Sequential(
            tg.nn.Dense(8, 12, activation="relu", dtype=dtype),
            tg.nn.Dense(12, 12, activation="sigmoid", dtype=dtype),
            tg.nn.Linear(12, 3, dtype=dtype),
        )
        rng = np.random.default_rng(2)
        with tg.no_grad():
            for p in model.parameters():
                p.copy_(tg.tensor(rng.uniform(-0.5, 0.5, tuple(p.shape)).astype(dtype)))
        params = list(model.parameters())
        if optimizer == "sgd":
            opt = tg.optim.SGD(params, lr=0.1, momentum=0.9)
        else:
            opt = tg.optim.Adam(params, lr=0.01)

        def step(x, t):
            opt.zero_grad()
            logits = model(x)
            loss = tg.nn.functional.cross_entropy(logits, t)
            loss.backward()
            opt.step()
            return loss, logits.softmax(1).mean(0)

        return step, params

    against_eager(make, (x, t), calls=8)
