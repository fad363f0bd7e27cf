"""The benchmark workloads, written once per library, and the timing loop that runs them.

Every library gets the same six workloads (W1-W5 and W1L, see ``WORKLOADS``) on the same data, built
here from fixed values and seeds. A workload for one library is a ``Case``: ``step()`` runs one
iteration (what is timed) and ``result()`` runs one iteration from the initial state and returns
what the correctness guard compares (losses, gradients, updated weights, the GEMM output).

Nothing here imports tapegrad internals: only its public Python API. Each library's code imports
that library and nothing else it would not need (micrograd's process does not even import NumPy
until its results are saved, after timing).
"""

import contextlib
import gc
import math
import sys
import time

LIBS = ("tapegrad", "tapegrad-compiled", "numpy", "torch", "micrograd", "jax")

# The module each library's process imports (a library is a module, except tapegrad's compiled
# rows: tapegrad's own workloads with the step wrapped in tg.compile).
MODULES = {"tapegrad-compiled": "tapegrad"}


def module_of(lib):
    """The module `lib`'s worker imports (and whose absence skips `lib`)."""
    return MODULES.get(lib, lib)


WORKLOADS = {
    "W1": "L=(a*b+c)*f, one-element float64 leaves, forward + backward",
    "W1L": "W1 with its four leaves made inside the step from Python floats, as the blog's code does",
    "W2": "2,000-op scalar chain y=y*0.999+0.001 (x1000), 0-d float64, forward + backward",
    "W3": "2-2-1 sigmoid net, one SGD step (zero_grad, forward, MSE, backward, step), float64, batch 1",
    "W4": "784-256-256-10 sigmoid MLP, batch 128, float32, MSE, one SGD step",
    "W5": "float32 GEMM 1024x1024x1024 (no grad)",
}

LR = 0.1
W2_STEPS = 1000  # two ops each: 2,000 ops
W4_SIZES = (784, 256, 256, 10)
W4_BATCH = 128
W4_SEED = 1234
W5_N = 1024
W5_SEED = 5678
MICROGRAD_RECURSION_LIMIT = 20000

# Per-workload notes on how a library implements it, shown under the table.
NOTES = {
    ("numpy", "W1"): "n/a: NumPy has no autograd (W1's performance floors are against PyTorch and micrograd)",
    (
        "numpy",
        "W1L",
    ): "n/a: NumPy has no autograd (W1L's performance floors are against PyTorch and micrograd)",
    ("numpy", "W2"): "n/a: NumPy has no autograd (W2's performance floors are against PyTorch and micrograd)",
    ("micrograd", "W2"): (
        f"micrograd's Value.backward() builds its topological order recursively: the worker "
        f"raises sys.setrecursionlimit to {MICROGRAD_RECURSION_LIMIT} to run a 2,000-op chain"
    ),
    ("micrograd", "W3"): (
        "micrograd 0.1.0's Value has no exp(), so sigmoid is one extra Value node written like "
        "Value.relu() (forward 1/(1+math.exp(-x)), backward s*(1-s)*grad); neurons sum as "
        "micrograd.nn.Neuron does (b + w0*x0 + w1*x1); zero_grad sets p.grad = 0"
    ),
    ("micrograd", "W4"): "skipped: 235k scalar weights x 128 samples in pure Python is far too slow",
    ("micrograd", "W5"): "n/a: micrograd has no matrices",
    ("tapegrad-compiled", "W1L"): (
        "n/a: W1L times making four leaves from Python floats in every step; a compiled step makes "
        "no tensors from Python (a plan's tensors are made once, when it is recorded), so nothing "
        "of W1L is left to time: W1 is its compiled row"
    ),
    ("tapegrad-compiled", "W5"): (
        "n/a: one GEMM without gradients has no per-op overhead for tg.compile to remove (and "
        "tg.matmul is not among the ops a plan replays): tapegrad's W5 row is the same kernel"
    ),
    ("tapegrad-compiled", "W1"): (
        "the tapegrad step (t.grad = None x4, forward, backward) wrapped in tg.compile; call 1 "
        "runs eagerly, call 2 records, both before the correctness run (a replay) and the timing"
    ),
    ("tapegrad-compiled", "W2"): (
        "the tapegrad step wrapped in tg.compile: one plan of the 2,000 ops and their backward"
    ),
    ("tapegrad-compiled", "W3"): (
        "the tapegrad step (zero_grad, Dense, mse_loss, backward, SGD) wrapped in tg.compile"
    ),
    ("tapegrad-compiled", "W4"): (
        "the tapegrad step (zero_grad, Dense, mse_loss, backward, SGD) wrapped in tg.compile"
    ),
    ("jax", "W1"): "jax.jit(jax.value_and_grad(L)) of the four one-element leaves, float64 (jax_enable_x64)",
    ("jax", "W1L"): (
        "n/a: W1L times making leaves from Python floats inside the step; jax has no leaves (a jitted "
        "function of four floats is W1 again)"
    ),
    ("jax", "W2"): (
        "jax.jit(jax.value_and_grad) of the chain written with jax.lax.fori_loop (1,000 iterations of "
        "y*0.999+0.001, not unrolled), float64"
    ),
    ("jax", "W3"): (
        "one jax.jit function: forward (jax.nn.sigmoid), mean-squared error, jax.value_and_grad, "
        "SGD update returning new parameters; float64"
    ),
    ("jax", "W4"): (
        "one jax.jit function: forward (jax.nn.sigmoid), mean-squared error, jax.value_and_grad, "
        "SGD update returning new parameters (no buffer donation); float32"
    ),
    ("jax", "W5"): "n/a: jax's rows compare jitted training steps (W1-W4); W5 is not run in jax",
}


class Unsupported(Exception):
    """This library does not run this workload (the message says why)."""


class Case:
    """One workload for one library."""

    def __init__(self, step, result, flops=None):
        self.step = step  # one timed iteration
        self.result = result  # one iteration from the initial state -> {name: array-like}
        self.flops = flops  # floating-point operations per iteration (W5), else None


# ---------------------------------------------------------------------------------------------
# Shared data (identical for every library; NumPy builds it, each library copies it in).
# ---------------------------------------------------------------------------------------------

W1_VALUES = {"a": 3.0, "b": -2.0, "c": 8.0, "f": -2.0}

# The exercise's 2-2-1 network (docs/backprop-from-the-ground-up.md, "The documents' numbers"):
# weights (in, out), X = [0.5, 0.3], t = [0.7].
W3_PARAMS = {
    "W1": [[0.2, 0.4], [0.1, 0.3]],
    "b1": [0.1, 0.2],
    "W2": [[0.5], [0.6]],
    "b2": [0.1],
}
W3_X = [[0.5, 0.3]]
W3_T = [[0.7]]


def w3_data():
    """(params, X, T) as NumPy float64 arrays; params in order W1, b1, W2, b2."""
    import numpy as np

    params = [np.array(W3_PARAMS[k], dtype=np.float64) for k in ("W1", "b1", "W2", "b2")]
    return params, np.array(W3_X, dtype=np.float64), np.array(W3_T, dtype=np.float64)


def w4_data(dtype="float32"):
    """(params, X, T): fixed random data and weights (seeded); params W1, b1, W2, b2, W3, b3.

    Weights and biases are uniform in [-1/sqrt(in), 1/sqrt(in)] as torch.nn.Linear draws them;
    X is uniform in [0, 1), T is one-hot over 10 classes.
    """
    import numpy as np

    rng = np.random.default_rng(W4_SEED)
    params = []
    for fan_in, fan_out in zip(W4_SIZES[:-1], W4_SIZES[1:]):
        bound = 1.0 / math.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_in, fan_out)))
        params.append(rng.uniform(-bound, bound, (fan_out,)))
    X = rng.random((W4_BATCH, W4_SIZES[0]))
    T = np.zeros((W4_BATCH, W4_SIZES[-1]))
    T[np.arange(W4_BATCH), rng.integers(0, W4_SIZES[-1], W4_BATCH)] = 1.0
    cast = lambda a: np.ascontiguousarray(a, dtype=dtype)  # noqa: E731
    return [cast(p) for p in params], cast(X), cast(T)


def w5_data():
    """(A, B): float32 1024x1024, uniform in [-1, 1), seeded."""
    import numpy as np

    rng = np.random.default_rng(W5_SEED)
    A = rng.uniform(-1.0, 1.0, (W5_N, W5_N)).astype(np.float32)
    B = rng.uniform(-1.0, 1.0, (W5_N, W5_N)).astype(np.float32)
    return A, B


W5_FLOPS = 2.0 * W5_N**3


# ---------------------------------------------------------------------------------------------
# NumPy: the exercise's hand-written forward and backward (no autograd).
# ---------------------------------------------------------------------------------------------


def numpy_mlp_step(params, X, T, lr):
    """One SGD step of a sigmoid MLP with MSE (mean over all elements), in place; returns E.

    params = [W1, b1, W2, b2, ...] with W of shape (in, out). Written as the exercise does it:
    forward through the sigmoid layers keeping each activation, then backward by hand with
    sigmoid'(z) = y * (1 - y) from the saved outputs, then w -= lr * grad (descent).
    """
    import numpy as np

    acts = [X]
    for W, b in zip(params[0::2], params[1::2]):
        acts.append(1.0 / (1.0 + np.exp(-(acts[-1] @ W + b))))
    y = acts[-1]
    diff = y - T
    E = np.mean(diff * diff)
    delta = (2.0 / diff.size) * diff * y * (1.0 - y)  # dE/dz of the last layer
    grads = [None] * len(params)
    for layer in range(len(params) // 2 - 1, -1, -1):
        W = params[2 * layer]
        h = acts[layer]
        grads[2 * layer] = h.T @ delta
        grads[2 * layer + 1] = delta.sum(axis=0)
        if layer > 0:  # the input needs no gradient
            delta = (delta @ W.T) * h * (1.0 - h)
    for p, g in zip(params, grads):
        p -= lr * g
    return E


def _numpy(workload):
    import numpy as np

    if workload in ("W1", "W1L", "W2"):
        raise Unsupported(NOTES[("numpy", workload)])
    if workload in ("W3", "W4"):
        params, X, T = w3_data() if workload == "W3" else w4_data("float32")

        def step():
            return numpy_mlp_step(params, X, T, LR)

        def result():
            E = step()
            return {"loss": np.asarray(E), **{f"p{i}": p.copy() for i, p in enumerate(params)}}

        return Case(step, result)
    if workload == "W5":
        A, B = w5_data()

        def step():
            return A @ B

        return Case(step, lambda: {"C": step()}, flops=W5_FLOPS)
    raise KeyError(workload)


# ---------------------------------------------------------------------------------------------
# tapegrad: the public Python API only.
# ---------------------------------------------------------------------------------------------


def _tapegrad(workload, compiled=False):
    """tapegrad's Case; with `compiled`, the same step wrapped in ``tg.compile``.

    A compiled Case's result() makes the first two calls (1 eager, 2 records), puts the state
    back to the initial one and returns what the third call, a replay, computed: the correctness
    guard checks the replay. Those two calls are also the start of the warm-up before timing.
    """
    import numpy as np

    import tapegrad as tg

    if compiled and workload in ("W1L", "W5"):
        raise Unsupported(NOTES[("tapegrad-compiled", workload)])

    def wrap(step, reset=lambda: None):
        """(step, run): the timed step and what result() calls for one step from the initial state."""
        if not compiled:
            return step, step
        step = tg.compile(step)

        def replayed():
            step()  # call 1: eager
            step()  # call 2: records the plan
            reset()  # the state (parameters) back to the initial one, in place
            return step()  # call 3: a replay

        return step, replayed

    if workload == "W1":
        a, b, c, f = (tg.tensor([W1_VALUES[k]], requires_grad=True) for k in "abcf")

        def step():
            a.grad = None
            b.grad = None
            c.grad = None
            f.grad = None
            L = (a * b + c) * f
            L.backward()
            return L

        step, first = wrap(step)

        def result():
            L = first()
            return {"L": L.numpy().copy(), **{k: t.grad.numpy().copy() for k, t in zip("abcf", (a, b, c, f))}}

        return Case(step, result)

    if workload == "W1L":

        def step():
            a = tg.tensor(W1_VALUES["a"], requires_grad=True)
            b = tg.tensor(W1_VALUES["b"], requires_grad=True)
            c = tg.tensor(W1_VALUES["c"], requires_grad=True)
            f = tg.tensor(W1_VALUES["f"], requires_grad=True)
            L = (a * b + c) * f
            L.backward()
            return L, (a, b, c, f)

        def result():
            L, leaves = step()
            return {"L": [L.item()], **{k: [t.grad.item()] for k, t in zip("abcf", leaves)}}

        return Case(step, result)

    if workload == "W2":
        y0 = tg.tensor(0.0, requires_grad=True)

        def step():
            y0.grad = None
            y = y0
            for _ in range(W2_STEPS):
                y = y * 0.999 + 0.001
            y.backward()
            return y

        step, first = wrap(step)

        def result():
            y = first()
            return {"y": np.asarray(y.item()), "grad": y0.grad.numpy().copy()}

        return Case(step, result)

    if workload in ("W3", "W4"):
        if workload == "W3":
            params, X, T = w3_data()
            dtype = "float64"
        else:
            params, X, T = w4_data("float32")
            dtype = "float32"
        sizes = [params[0].shape[0]] + [W.shape[1] for W in params[0::2]]
        model = tg.nn.Sequential(
            *(tg.nn.Dense(i, o, activation="sigmoid", dtype=dtype) for i, o in zip(sizes[:-1], sizes[1:]))
        )

        def reset():
            with tg.no_grad():
                for p, v in zip(model.parameters(), params):
                    p.numpy()[...] = v

        reset()
        opt = tg.optim.SGD(model.parameters(), lr=LR)
        x = tg.tensor(X)
        t = tg.tensor(T)

        def step():
            opt.zero_grad()
            E = tg.mse_loss(model(x), t)
            E.backward()
            opt.step()
            return E

        step, first = wrap(step, reset)

        def result():
            E = first()
            out = {"loss": np.asarray(E.item())}
            out.update({f"p{i}": p.numpy().copy() for i, p in enumerate(model.parameters())})
            return out

        return Case(step, result)

    if workload == "W5":
        A_np, B_np = w5_data()
        A = tg.tensor(A_np)
        B = tg.tensor(B_np)

        def step():
            with tg.no_grad():
                return tg.matmul(A, B)

        return Case(step, lambda: {"C": step().numpy().copy()}, flops=W5_FLOPS)
    raise KeyError(workload)


# ---------------------------------------------------------------------------------------------
# PyTorch
# ---------------------------------------------------------------------------------------------


def _torch(workload):
    import numpy as np
    import torch

    f64 = torch.float64
    if workload == "W1":
        a, b, c, f = (torch.tensor([W1_VALUES[k]], dtype=f64, requires_grad=True) for k in "abcf")

        def step():
            a.grad = None
            b.grad = None
            c.grad = None
            f.grad = None
            L = (a * b + c) * f
            L.backward()
            return L

        def result():
            L = step()
            return {
                "L": L.detach().numpy().copy(),
                **{k: t.grad.numpy().copy() for k, t in zip("abcf", (a, b, c, f))},
            }

        return Case(step, result)

    if workload == "W1L":

        def step():
            a = torch.tensor(W1_VALUES["a"], dtype=f64, requires_grad=True)
            b = torch.tensor(W1_VALUES["b"], dtype=f64, requires_grad=True)
            c = torch.tensor(W1_VALUES["c"], dtype=f64, requires_grad=True)
            f = torch.tensor(W1_VALUES["f"], dtype=f64, requires_grad=True)
            L = (a * b + c) * f
            L.backward()
            return L, (a, b, c, f)

        def result():
            L, leaves = step()
            return {"L": [L.item()], **{k: [t.grad.item()] for k, t in zip("abcf", leaves)}}

        return Case(step, result)

    if workload == "W2":
        y0 = torch.tensor(0.0, dtype=f64, requires_grad=True)

        def step():
            y0.grad = None
            y = y0
            for _ in range(W2_STEPS):
                y = y * 0.999 + 0.001
            y.backward()
            return y

        def result():
            y = step()
            return {"y": np.asarray(y.item()), "grad": y0.grad.numpy().copy()}

        return Case(step, result)

    if workload in ("W3", "W4"):
        if workload == "W3":
            params, X, T = w3_data()
            dtype = f64
        else:
            params, X, T = w4_data("float32")
            dtype = torch.float32
        layers = []
        for W in params[0::2]:
            layers += [torch.nn.Linear(W.shape[0], W.shape[1]), torch.nn.Sigmoid()]
        model = torch.nn.Sequential(*layers).to(dtype)
        linears = [m for m in model if isinstance(m, torch.nn.Linear)]
        with torch.no_grad():
            for lin, W, b in zip(linears, params[0::2], params[1::2]):
                lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(W.T)))  # Linear keeps (out, in)
                lin.bias.copy_(torch.from_numpy(b))
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        loss_fn = torch.nn.MSELoss()
        x = torch.from_numpy(X.copy())
        t = torch.from_numpy(T.copy())

        def step():
            opt.zero_grad()
            E = loss_fn(model(x), t)
            E.backward()
            opt.step()
            return E

        def result():
            E = step()
            out = {"loss": np.asarray(E.item())}
            for i, lin in enumerate(linears):
                out[f"p{2 * i}"] = lin.weight.detach().numpy().T.copy()
                out[f"p{2 * i + 1}"] = lin.bias.detach().numpy().copy()
            return out

        return Case(step, result)

    if workload == "W5":
        A_np, B_np = w5_data()
        A = torch.from_numpy(A_np)
        B = torch.from_numpy(B_np)

        def step():
            with torch.no_grad():
                return torch.matmul(A, B)

        return Case(step, lambda: {"C": step().numpy().copy()}, flops=W5_FLOPS)
    raise KeyError(workload)


# ---------------------------------------------------------------------------------------------
# micrograd 0.1.0 (micrograd.engine.Value)
# ---------------------------------------------------------------------------------------------


def _micrograd_sigmoid(v):
    """A sigmoid node written the way micrograd writes Value.relu (0.1.0 has no Value.exp)."""
    from micrograd.engine import Value

    s = 1.0 / (1.0 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1.0 - s) * out.grad

    out._backward = _backward
    return out


def _micrograd(workload):
    from micrograd.engine import Value

    if workload == "W1":
        a, b, c, f = (Value(W1_VALUES[k]) for k in "abcf")

        def step():
            a.grad = 0
            b.grad = 0
            c.grad = 0
            f.grad = 0
            L = (a * b + c) * f
            L.backward()
            return L

        def result():
            L = step()
            return {"L": [L.data], **{k: [v.grad] for k, v in zip("abcf", (a, b, c, f))}}

        return Case(step, result)

    if workload == "W1L":

        def step():
            a = Value(W1_VALUES["a"])
            b = Value(W1_VALUES["b"])
            c = Value(W1_VALUES["c"])
            f = Value(W1_VALUES["f"])
            L = (a * b + c) * f
            L.backward()
            return L, (a, b, c, f)

        def result():
            L, leaves = step()
            return {"L": [L.data], **{k: [v.grad] for k, v in zip("abcf", leaves)}}

        return Case(step, result)

    if workload == "W2":
        if sys.getrecursionlimit() < MICROGRAD_RECURSION_LIMIT:
            sys.setrecursionlimit(MICROGRAD_RECURSION_LIMIT)
        y0 = Value(0.0)

        def step():
            y0.grad = 0
            y = y0
            for _ in range(W2_STEPS):
                y = y * 0.999 + 0.001
            y.backward()
            return y

        def result():
            y = step()
            return {"y": y.data, "grad": y0.grad}

        return Case(step, result)

    if workload == "W3":
        W1 = [[Value(v) for v in row] for row in W3_PARAMS["W1"]]
        b1 = [Value(v) for v in W3_PARAMS["b1"]]
        W2 = [[Value(v) for v in row] for row in W3_PARAMS["W2"]]
        b2 = [Value(v) for v in W3_PARAMS["b2"]]
        params = [p for row in W1 for p in row] + b1 + [p for row in W2 for p in row] + b2
        x = W3_X[0]
        t = W3_T[0][0]

        def layer(inputs, W, b):
            # one neuron per output column j, summed as micrograd.nn.Neuron: b + sum(w_i * x_i)
            return [
                _micrograd_sigmoid(sum((W[i][j] * xi for i, xi in enumerate(inputs)), b[j]))
                for j in range(len(b))
            ]

        def step():
            for p in params:
                p.grad = 0
            y = layer(layer(x, W1, b1), W2, b2)[0]
            E = (y - t) ** 2
            E.backward()
            for p in params:
                p.data -= LR * p.grad
            return E

        def result():
            E = step()
            return {
                "loss": E.data,
                "p0": [[v.data for v in row] for row in W1],
                "p1": [v.data for v in b1],
                "p2": [[v.data for v in row] for row in W2],
                "p3": [v.data for v in b2],
            }

        return Case(step, result)
    raise Unsupported(NOTES[("micrograd", workload)])


# ---------------------------------------------------------------------------------------------
# JAX: jax.jit of pure step functions (float64 for W1-W3, float32 for W4).
# ---------------------------------------------------------------------------------------------


def _jax(workload):
    import jax
    import numpy as np

    # Before any array exists: float64 arrays stay float64 (W1-W3); W4's float32 data stays
    # float32 (Python numbers are weakly typed, so lr and 0.999 do not promote it).
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    if workload == "W1":
        leaves = tuple(jnp.asarray(np.array([W1_VALUES[k]], dtype=np.float64)) for k in "abcf")

        def L_fn(a, b, c, f):
            return ((a * b + c) * f).sum()  # one element: value_and_grad needs a scalar

        vg = jax.jit(jax.value_and_grad(L_fn, argnums=(0, 1, 2, 3)))

        def step():
            return jax.block_until_ready(vg(*leaves))

        def result():
            L, grads = step()
            return {"L": np.asarray(L).reshape(1), **{k: np.asarray(g) for k, g in zip("abcf", grads)}}

        return Case(step, result)

    if workload == "W2":
        y0 = jnp.asarray(np.float64(0.0))

        def chain(y):
            return jax.lax.fori_loop(0, W2_STEPS, lambda i, y: y * 0.999 + 0.001, y)

        vg = jax.jit(jax.value_and_grad(chain))

        def step():
            return jax.block_until_ready(vg(y0))

        def result():
            y, g = step()
            return {"y": np.asarray(y), "grad": np.asarray(g)}

        return Case(step, result)

    if workload in ("W3", "W4"):
        params_np, X, T = w3_data() if workload == "W3" else w4_data("float32")
        params = [jnp.asarray(p) for p in params_np]
        x = jnp.asarray(X)
        t = jnp.asarray(T)

        def loss(params, x, t):
            h = x
            for W, b in zip(params[0::2], params[1::2]):
                h = jax.nn.sigmoid(h @ W + b)
            d = h - t
            return jnp.mean(d * d)

        @jax.jit
        def train_step(params, x, t):
            E, grads = jax.value_and_grad(loss)(params, x, t)
            return E, [p - LR * g for p, g in zip(params, grads)]

        state = [params]

        def step():
            E, state[0] = jax.block_until_ready(train_step(state[0], x, t))
            return E

        def result():
            E = step()
            return {"loss": np.asarray(E), **{f"p{i}": np.asarray(p) for i, p in enumerate(state[0])}}

        return Case(step, result)
    raise Unsupported(NOTES[("jax", workload)])


BUILDERS = {
    "numpy": _numpy,
    "tapegrad": _tapegrad,
    "tapegrad-compiled": lambda workload: _tapegrad(workload, compiled=True),
    "torch": _torch,
    "micrograd": _micrograd,
    "jax": _jax,
}


def build(lib, workload):
    """The Case for one library and workload; raises Unsupported when there is none."""
    return BUILDERS[lib](workload)


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------

# warmup_s: time spent running step() before anything is measured; block_s: the target length of
# one timed block (a block runs step() `inner` times and yields one per-iteration sample);
# repeats: blocks per round; case_budget_s: caps repeats when one iteration is slow.
FULL = {"warmup_s": 0.3, "block_s": 0.1, "repeats": 7, "case_budget_s": 4.0}
QUICK = {"warmup_s": 0.05, "block_s": 0.02, "repeats": 5, "case_budget_s": 1.0}


def measure(step, cfg):
    """Per-iteration times (ns) of `step`, one sample per timed block, after a warm-up.

    The garbage collector stays on (micrograd's graphs are reference cycles that only it frees,
    so that cost is part of micrograd's real cost); a full collection runs before each block.
    """
    clock = time.perf_counter_ns
    start = clock()
    runs = 0
    while runs < 2 or clock() - start < cfg["warmup_s"] * 1e9:
        step()
        runs += 1
    # Calibrate: double the loop until it takes a fifth of a block, then size the block.
    n = 1
    while True:
        t0 = clock()
        for _ in range(n):
            step()
        elapsed = clock() - t0
        if elapsed >= cfg["block_s"] * 1e9 / 5 or n >= 1 << 20:
            break
        n *= 2
    per_iter = max(elapsed / n, 1.0)
    inner = max(1, round(cfg["block_s"] * 1e9 / per_iter))
    repeats = max(3, min(cfg["repeats"], int(cfg["case_budget_s"] * 1e9 / (inner * per_iter))))
    samples = []
    for _ in range(repeats):
        gc.collect()
        t0 = clock()
        for _ in range(inner):
            step()
        samples.append((clock() - t0) / inner)
    return samples, inner


# ---------------------------------------------------------------------------------------------
# What each library's process reports about itself (threads, BLAS, versions).
# ---------------------------------------------------------------------------------------------


def _threadpools():
    try:
        import threadpoolctl
    except ImportError:
        return "threadpoolctl not installed"
    keep = ("user_api", "internal_api", "version", "num_threads", "threading_layer", "architecture", "prefix")
    return [
        {k: info.get(k) for k in keep if info.get(k) is not None} for info in threadpoolctl.threadpool_info()
    ]


def library_info(lib):
    """Versions and thread settings of `lib` as imported in this process."""
    import os
    from importlib import metadata

    info = {"python": sys.version.split()[0]}
    info["env"] = {
        k: os.environ.get(k)
        for k in (
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
            "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS",
            "TAPEGRAD_NUM_THREADS",
            "TAPEGRAD_ISA",
        )
        if os.environ.get(k) is not None
    }
    if lib in ("tapegrad", "tapegrad-compiled"):
        import tapegrad as tg

        info["version"] = tg.__version__
        if lib == "tapegrad-compiled":
            info["compiled"] = "every step wrapped in tg.compile"
        get_threads = getattr(tg, "get_num_threads", None)
        info["threads"] = get_threads() if get_threads else "tg.get_num_threads() not available yet"
        cpu_info = getattr(tg, "cpu_info", None)
        if cpu_info is not None:
            ci = cpu_info()
            info["cpu_info"] = ci if isinstance(ci, (dict, str)) else repr(ci)
    elif lib == "numpy":
        import numpy as np

        info["version"] = np.__version__
        try:
            blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
            info["blas"] = f"{blas.get('name')} {blas.get('version')}"
        except Exception as exc:  # older NumPy: no mode="dicts"
            info["blas"] = f"unknown ({exc})"
        info["threadpools"] = _threadpools()
    elif lib == "torch":
        import torch

        info["version"] = torch.__version__
        info["threads"] = torch.get_num_threads()
        info["interop_threads"] = torch.get_num_interop_threads()
        with contextlib.suppress(Exception):
            info["cpu_capability"] = torch.backends.cpu.get_cpu_capability()
        info["mkl"] = bool(torch.backends.mkl.is_available())
        info["threadpools"] = _threadpools()
    elif lib == "micrograd":
        import micrograd  # noqa: F401

        info["version"] = metadata.version("micrograd")
        info["threads"] = 1
        info["recursion_limit"] = MICROGRAD_RECURSION_LIMIT
    elif lib == "jax":
        import jax

        info["version"] = jax.__version__
        with contextlib.suppress(Exception):
            info["jaxlib"] = metadata.version("jaxlib")
        info["devices"] = ", ".join(str(d) for d in jax.devices())
        info["x64"] = bool(getattr(jax.config, "jax_enable_x64", False))
        info["xla_flags"] = os.environ.get("XLA_FLAGS", "")
    return info


def set_threads(lib, n):
    """Sets `lib`'s thread count where it has a call for it (the env vars are set by the parent)."""
    if lib == "torch":
        import torch

        torch.set_num_threads(n)
    elif lib in ("tapegrad", "tapegrad-compiled"):
        import tapegrad as tg

        setter = getattr(tg, "set_num_threads", None)
        if setter is not None:
            setter(n)


def run_worker(lib, workloads, quick, results_path, threads=None):
    """Runs `workloads` for `lib` in this process; returns a JSON-able report.

    The correctness results of each workload are saved to `results_path` (.npz) after timing.
    """
    import importlib

    report = {"lib": lib, "workloads": {}}
    try:
        importlib.import_module(module_of(lib))
    except ImportError as exc:
        report["status"] = f"not installed ({exc})"
        return report
    report["status"] = "ok"
    if threads:
        set_threads(lib, threads)
    cfg = QUICK if quick else FULL
    results = {}
    for workload in workloads:
        entry = report["workloads"].setdefault(workload, {})
        try:
            case = build(lib, workload)
        except Unsupported as exc:
            entry["status"] = "n/a"
            entry["note"] = str(exc)
            continue
        except Exception as exc:
            entry["status"] = f"error: {type(exc).__name__}: {exc}"
            continue
        try:
            results[workload] = case.result()
            samples, inner = measure(case.step, cfg)
        except Exception as exc:
            entry["status"] = f"error: {type(exc).__name__}: {exc}"
            continue
        entry.update(status="ok", samples_ns=samples, inner=inner, flops=case.flops)
        note = NOTES.get((lib, workload))
        if note:
            entry["note"] = note
        del case
        gc.collect()
    report["info"] = library_info(lib)
    import numpy as np  # only now: micrograd's process has run without it

    arrays = {
        f"{w}/{k}": np.asarray(v, dtype=np.float64) for w, res in results.items() for k, v in res.items()
    }
    np.savez(results_path, **arrays)
    return report
