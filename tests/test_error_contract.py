"""The error contract: every row of docs/errors.md, each a public entry point and one kind of bad
input, raises the exception the doc names with a message that names the problem.

ROWS mirrors the doc's table (entry point, bad input, exception); test_doc_and_table_agree
checks that both list the same rows, so neither can drift from the other.
"""

import importlib.util
import inspect
import io
import pathlib
import re

import numpy as np
import pytest

import tapegrad as tg

# The source tree's docs/errors.md; a copy of tests/ run elsewhere (the wheel checks) has none.
DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def t23(requires_grad=True):
    return tg.tensor(np.ones((2, 3)), requires_grad=requires_grad)


def freed_graph():
    x = tg.tensor([2.0], requires_grad=True)
    y = (x * x).exp()
    y.backward()
    return y


def stepped_graph():
    w = tg.tensor(np.ones((3, 1)), requires_grad=True)
    loss = (w * w).sum()
    w.grad = np.ones((3, 1))
    tg.optim.SGD([w], lr=0.1).step()
    return loss


def nan_backward():
    x = tg.tensor([-1.0], requires_grad=True)
    y = (x**0.5).sum()
    with tg.detect_anomaly():
        y.backward()


def saved_bytes():
    buf = io.BytesIO()
    tg.save({"w": tg.tensor(np.arange(100.0), requires_grad=True)}, buf)
    return buf.getvalue()


def corrupted(raw):
    # One flipped byte inside the first member's data: the archive opens, the CRC check fails.
    i = len(raw) // 4
    return raw[:i] + bytes([raw[i] ^ 0xFF]) + raw[i + 1 :]


def npy_bytes():
    buf = io.BytesIO()
    np.save(buf, np.ones(3))
    return buf.getvalue()


def readonly_array():
    arr = np.ones(3)
    arr.flags.writeable = False
    return arr


def setitem(obj, key, value):
    obj[key] = value


def setattr_(obj, name, value):
    setattr(obj, name, value)


def compiled_item_call():
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    step = tg.compile(lambda x: (w * x).sum().item())
    x = tg.tensor([1.0, 1.0])
    step(x)
    step(x)


def numeric_grad_mismatch():
    # A function whose backprop gradient is wrong (detach hides x from the tape).
    return tg.gradcheck(
        lambda x: (x * x).detach().sum() + x.sum() * 0.0, tg.tensor([1.0], requires_grad=True)
    )


P = tg.tensor([1.0, 2.0], requires_grad=True)  # a parameter for the optimizer rows


def step_with_bad_lr():
    opt = tg.optim.SGD([tg.tensor([1.0], requires_grad=True)], lr=0.1)
    opt.param_groups[0]["lr"] = "fast"
    opt.param_groups[0]["params"][0].grad = tg.tensor([1.0])
    opt.step()


# (entry point, bad input, exception, substrings the message must contain, the call)

# --- helpers of the factories, random sampling and DLPack rows


class OnCuda:
    """A DLPack producer whose memory is on a GPU (device type 2)."""

    def __dlpack__(self, **kwargs):
        raise AssertionError("from_dlpack must check the device first")

    def __dlpack_device__(self):
        return (2, 0)


def consumed_capsule():
    capsule = np.arange(2.0).__dlpack__()
    tg.from_dlpack(capsule)
    return tg.from_dlpack(capsule)


def custom_function(backward, n_inputs=1, outputs=None):
    """A tg.autograd.Function named F with the given backward (inputs multiplied by 2)."""

    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, *args):
            ctx.save_for_backward(*[a for a in args if isinstance(a, tg.Tensor)])
            return outputs(args) if outputs else sum(a * 2 for a in args)

    F.backward = staticmethod(backward)
    return F


def function_backward(backward, *args, create_graph=False):
    leaves = [a for a in args if isinstance(a, tg.Tensor)]
    out = custom_function(backward).apply(*args)
    tg.autograd.grad(out.sum(), leaves, create_graph=create_graph)


def function_twice_differentiated():
    def backward(ctx, g):
        return g * 2

    function_backward(
        tg.autograd.once_differentiable(backward), tg.tensor([1.0], requires_grad=True), create_graph=True
    )


def viewed_view_retains_grad():
    v = (tg.ones(4, requires_grad=True) * 1.0).view(2, 2)
    v[0].sum()
    v.retain_grad()


ROWS = [
    # --- creating tensors
    (
        "tg.tensor",
        "non-real data (str, complex, object, None)",
        TypeError,
        ["real numbers"],
        lambda: tg.tensor(["a", "b"]),
    ),
    (
        "tg.tensor",
        "ragged nested lists",
        ValueError,
        ["inhomogeneous"],
        lambda: tg.tensor([[1.0], [1.0, 2.0]]),
    ),
    (
        "tg.tensor",
        "dtype tapegrad lacks (float16, complex)",
        TypeError,
        ["unsupported dtype float16", "int64, float32 or float64"],
        lambda: tg.tensor([1.0], dtype="float16"),
    ),
    ("tg.tensor", "not a dtype", TypeError, ["not a dtype"], lambda: tg.tensor([1.0], dtype="no-such-type")),
    (
        "tg.tensor",
        "more than 8 dimensions",
        ValueError,
        ["at most 8 dimensions", "9"],
        lambda: tg.tensor(np.zeros((1,) * 9)),
    ),
    (
        "tg.tensor",
        "requires_grad not a bool",
        TypeError,
        ["requires_grad", "must be bool"],
        lambda: tg.tensor([1.0], requires_grad="yes"),
    ),
    (
        "tg.from_numpy",
        "not a numpy.ndarray",
        TypeError,
        ["expects a numpy.ndarray", "list"],
        lambda: tg.from_numpy([1.0]),
    ),
    (
        "tg.from_numpy",
        "array dtype tapegrad lacks (float16, int16, complex)",
        TypeError,
        ["float16", "cannot be shared"],
        lambda: tg.from_numpy(np.ones(3, np.float16)),
    ),
    (
        "tg.from_numpy",
        "non-contiguous array",
        ValueError,
        ["C-contiguous", "np.ascontiguousarray"],
        lambda: tg.from_numpy(np.ones((3, 4))[:, ::2]),
    ),
    ("tg.from_numpy", "read-only array", ValueError, ["writeable"], lambda: tg.from_numpy(readonly_array())),
    (
        "tg.from_numpy",
        "non-native byte order",
        ValueError,
        ["byte order"],
        lambda: tg.from_numpy(np.ones(3, dtype=">f8" if np.little_endian else "<f8")),
    ),
    # --- operators
    (
        "Tensor + - * /",
        "shapes that do not broadcast",
        ValueError,
        ["(2, 3)", "(4,)", "broadcast"],
        lambda: t23() + np.ones(4),
    ),
    (
        "Tensor + - * /",
        "operand that is not a number, array or Tensor",
        TypeError,
        ["unsupported operand"],
        lambda: t23() - None,
    ),
    (
        "Tensor + - * /",
        "integer too large for a float",
        OverflowError,
        ["too large"],
        lambda: t23() + 10**400,
    ),
    (
        "Tensor ** p",
        "exponent that is not a number",
        TypeError,
        ["unsupported operand"],
        lambda: t23() ** "2",
    ),
    (
        "Tensor ** p",
        "integer exponent too large for a float",
        OverflowError,
        ["too large"],
        lambda: t23() ** 10**400,
    ),
    (
        "Tensor @ / tg.matmul",
        "inner dimensions differ",
        ValueError,
        ["(2, 3)", "(2, 3)"],
        lambda: t23() @ t23(),
    ),
    (
        "Tensor @ / tg.matmul",
        "a 0-d operand",
        ValueError,
        ["at least 1D", "0D"],
        lambda: tg.tensor(2.0) @ t23(),
    ),
    (
        "Tensor @ / tg.matmul",
        "a Python number operand",
        TypeError,
        ["unsupported operand"],
        lambda: t23() @ 2.0,
    ),
    (
        "Tensor @ / tg.matmul",
        "non-numeric operand",
        TypeError,
        ["real numbers"],
        lambda: tg.matmul("a", t23()),
    ),
    # --- Tensor methods and properties
    (
        "Tensor.item / float()",
        "more than one element",
        ValueError,
        ["one-element", "(2, 3)"],
        lambda: t23().item(),
    ),
    ("bool(Tensor)", "more than one element", ValueError, ["ambiguous"], lambda: bool(t23())),
    ("len(Tensor)", "0-d tensor", TypeError, ["0-d"], lambda: len(tg.tensor(1.0))),
    ("Tensor[...]", "index out of bounds", IndexError, ["index 5", "size 2"], lambda: t23()[5]),
    (
        "Tensor[...]",
        "an index of another type (str, float)",
        IndexError,
        ["valid indices", "str"],
        lambda: t23()["a"],
    ),
    (
        "Tensor[...] =",
        "values that do not broadcast to the indexed shape",
        ValueError,
        ["(4,)", "(3,)"],
        lambda: setitem(t23(requires_grad=False), 0, np.ones(4)),
    ),
    (
        "Tensor.requires_grad =",
        "on a non-leaf tensor",
        ValueError,
        ["leaf"],
        lambda: setattr_(t23() * 2.0, "requires_grad", False),
    ),
    (
        "Tensor.requires_grad =",
        "not a bool",
        TypeError,
        ["requires_grad must be a bool, not str"],
        lambda: setattr_(t23(), "requires_grad", "yes"),
    ),
    (
        "Tensor.grad =",
        "shape differs from the tensor's",
        ValueError,
        ["(3,)", "(2, 3)"],
        lambda: setattr_(t23(), "grad", np.ones(3)),
    ),
    (
        "Tensor.grad =",
        "non-numeric value",
        TypeError,
        ["real numbers"],
        lambda: setattr_(t23(), "grad", "abc"),
    ),
    (
        "Tensor.retain_grad",
        "tensor that does not require a gradient",
        RuntimeError,
        ["does not require"],
        lambda: tg.tensor([1.0]).retain_grad(),
    ),
    (
        "Tensor.retain_grad",
        "view of which views were already taken",
        RuntimeError,
        ["(2, 2)", "of which views were already taken", "clone()"],
        viewed_view_retains_grad,
    ),
    (
        "Tensor.astype",
        "dtype tapegrad lacks (float16, complex)",
        TypeError,
        ["unsupported dtype"],
        lambda: t23().astype("float16"),
    ),
    (
        "Tensor.sum / mean / tg.sum / tg.mean",
        "axis out of range",
        IndexError,
        ["axis 2", "out of bounds"],
        lambda: t23().sum(axis=2),
    ),
    (
        "Tensor.sum / mean / tg.sum / tg.mean",
        "axis not an integer",
        TypeError,
        ["axis must be an integer"],
        lambda: tg.mean(t23(), 1.5),
    ),
    (
        "Tensor.reshape / tg.reshape",
        "element count differs",
        ValueError,
        ["(2, 3)", "[4, 2]"],
        lambda: t23().reshape(4, 2),
    ),
    (
        "Tensor.reshape / tg.reshape",
        "more than one -1 or a negative size",
        ValueError,
        ["-1"],
        lambda: t23().reshape(-1, -1),
    ),
    (
        "Tensor.reshape / tg.reshape",
        "size not an integer",
        TypeError,
        ["must be int", "float"],
        lambda: tg.reshape(t23(), (2.0, 3)),
    ),
    (
        "Tensor.reshape / tg.reshape",
        "more elements than fit in int64",
        OverflowError,
        ["int64"],
        lambda: t23().reshape(2**62, 4),
    ),
    # --- backward
    (
        "Tensor.backward",
        "non-scalar output without a gradient",
        RuntimeError,
        ["(2, 3)"],
        lambda: (t23() * 2.0).backward(),
    ),
    (
        "Tensor.backward",
        "gradient of the wrong shape",
        ValueError,
        ["(3,)", "(2, 3)"],
        lambda: (t23() * 2.0).backward(np.ones(3)),
    ),
    (
        "Tensor.backward",
        "tensor that does not require a gradient",
        RuntimeError,
        ["does not require"],
        lambda: tg.tensor([1.0]).backward(),
    ),
    (
        "Tensor.backward",
        "second backward after the graph was freed",
        RuntimeError,
        ["second time", "retain_graph=True"],
        lambda: freed_graph().backward(),
    ),
    (
        "Tensor.backward",
        "saved tensor changed in place (optimizer step, in-place op)",
        RuntimeError,
        ["(3, 1)", "Mul", "modified in place"],
        lambda: stepped_graph().backward(),
    ),
    (
        "tg.autograd.Function.apply",
        "more than 3 tensor arguments that require a gradient",
        RuntimeError,
        ["at most 3", "got 4"],
        lambda: custom_function(lambda ctx, g: (g,) * 4).apply(*[tg.tensor([1.0], requires_grad=True)] * 4),
    ),
    (
        "tg.autograd.Function.apply",
        "differentiable outputs of different dtypes",
        RuntimeError,
        ["different dtypes"],
        lambda: custom_function(
            lambda ctx, g1, g2: g1, outputs=lambda a: (a[0] * 2, (a[0] * 2).float())
        ).apply(tg.tensor([1.0], requires_grad=True)),
    ),
    (
        "tg.autograd.Function backward",
        "a backward returning the wrong number of gradients",
        RuntimeError,
        ["FBackward", "incorrect number of gradients (expected 2, got 1)"],
        lambda: function_backward(
            lambda ctx, g: g, tg.tensor([1.0], requires_grad=True), tg.tensor([1.0], requires_grad=True)
        ),
    ),
    (
        "tg.autograd.Function backward",
        "a backward returning a gradient of the wrong shape",
        RuntimeError,
        ["invalid gradient at index 0", "[5]", "[2]"],
        lambda: function_backward(lambda ctx, g: tg.ones(5), tg.tensor([1.0, 2.0], requires_grad=True)),
    ),
    (
        "tg.autograd.Function backward",
        "a backward returning a gradient for a non-tensor argument",
        RuntimeError,
        ["not a Tensor"],
        lambda: function_backward(lambda ctx, g: (g, g), tg.tensor([1.0], requires_grad=True), 3.0),
    ),
    (
        "tg.autograd.once_differentiable",
        "a recorded backward (create_graph=True) through it",
        RuntimeError,
        ["once_differentiable"],
        function_twice_differentiated,
    ),
    (
        "tg.detect_anomaly",
        "a backward that produces NaN inside the block",
        RuntimeError,
        ["anomaly detected", "Pow", "input 0", "(1,)"],
        nan_backward,
    ),
    (
        "tg.detect_anomaly",
        "arguments beyond mode",
        TypeError,
        ["argument"],
        lambda: tg.detect_anomaly(True, 1),
    ),
    # --- functions
    (
        "tg.exp / log / tanh / sigmoid / relu / pow",
        "argument that is not a Tensor",
        TypeError,
        ["exp()", "must be Tensor, not list"],
        lambda: tg.exp([1.0]),
    ),
    (
        "tg.pow",
        "exponent that is not a number",
        TypeError,
        ["exponent", "must be Tensor or Number, not str"],
        lambda: tg.pow(t23(), "2"),
    ),
    (
        "tg.mse_loss",
        "input and target shapes differ",
        ValueError,
        ["(2,)", "(1, 2)", "differ"],
        lambda: tg.mse_loss(np.ones(2), np.ones((1, 2))),
    ),
    ("tg.mse_loss", "empty tensors", ValueError, ["empty"], lambda: tg.mse_loss(np.zeros(0), np.zeros(0))),
    (
        "tg.binary_cross_entropy",
        "input outside [0, 1] (or NaN)",
        ValueError,
        ["[0, 1]", "with_logits"],
        lambda: tg.binary_cross_entropy([1.5], [1.0]),
    ),
    (
        "tg.binary_cross_entropy",
        "input and target shapes differ",
        ValueError,
        ["(3,)", "(3, 1)"],
        lambda: tg.binary_cross_entropy(np.full(3, 0.5), np.ones((3, 1))),
    ),
    (
        "tg.binary_cross_entropy_with_logits",
        "input and target shapes differ",
        ValueError,
        ["(2, 2)", "(4,)"],
        lambda: tg.binary_cross_entropy_with_logits(np.ones((2, 2)), np.ones(4)),
    ),
    (
        "tg.binary_cross_entropy_with_logits",
        "empty tensors",
        ValueError,
        ["empty"],
        lambda: tg.binary_cross_entropy_with_logits(np.zeros(0), np.zeros(0)),
    ),
    (
        "tg.dense",
        "input does not fit the weight",
        ValueError,
        ["(4, 4)", "(3, 2)"],
        lambda: tg.dense(np.ones((4, 4)), tg.tensor(np.ones((3, 2)))),
    ),
    (
        "tg.dense",
        "bias of the wrong shape",
        ValueError,
        ["(3,)", "(3, 2)"],
        lambda: tg.dense(np.ones((4, 3)), tg.tensor(np.ones((3, 2))), tg.tensor(np.ones(3))),
    ),
    (
        "tg.dense",
        "weight not 2-D",
        ValueError,
        ["2-D"],
        lambda: tg.dense(np.ones((4, 3)), tg.tensor(np.ones(3)), None, None),
    ),
    (
        "tg.dense",
        "weight or bias not a Tensor",
        TypeError,
        ["dense()", "'weight' must be Tensor, not ndarray"],
        lambda: tg.dense(np.ones((1, 3)), np.ones((3, 2))),
    ),
    (
        "tg.dense",
        "unknown activation",
        ValueError,
        ["unknown activation", "softmax"],
        lambda: tg.dense(np.ones((1, 2)), tg.tensor(np.ones((2, 2))), None, "softmax"),
    ),
    # --- layers
    (
        "tg.nn.Dense",
        "sizes not positive integers",
        ValueError,
        ["positive integer"],
        lambda: tg.nn.Dense(0, 2),
    ),
    (
        "tg.nn.Dense",
        "unknown activation",
        ValueError,
        ["unknown activation"],
        lambda: tg.nn.Dense(2, 2, activation="softmax"),
    ),
    (
        "tg.nn.Dense",
        "dtype other than float32/float64",
        TypeError,
        ["floating point"],
        lambda: tg.nn.Dense(2, 2, dtype="int32"),
    ),
    (
        "tg.nn.Dense (call)",
        "input of the wrong shape",
        ValueError,
        ["(5,)", "(3, 2)"],
        lambda: tg.nn.Dense(3, 2)(tg.tensor(np.ones(5))),
    ),
    (
        "tg.nn.Sequential (call)",
        "a layer that is not a Module",
        TypeError,
        ["int is not a Module subclass"],
        lambda: tg.nn.Sequential(1)(t23()),
    ),
    (
        "tg.nn.Module (call)",
        "subclass without forward()",
        NotImplementedError,
        ['missing the required "forward" function'],
        lambda: tg.nn.Module()(t23()),
    ),
    # --- optimizers (torch.optim's errors and messages)
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "empty parameter list",
        ValueError,
        ["optimizer got an empty parameter list", "nn.ModuleList"],
        lambda: tg.optim.SGD([], lr=0.1),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "non-leaf parameter",
        ValueError,
        ["can't optimize a non-leaf Tensor"],
        lambda: tg.optim.SGD([P * 2.0], lr=0.1),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "parameters that are not Tensors",
        TypeError,
        ["optimizer can only optimize Tensors", "float"],
        lambda: tg.optim.SGD([1.0], lr=0.1),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "params not iterable",
        TypeError,
        ["not iterable"],
        lambda: tg.optim.Adam(5),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "params a single Tensor",
        TypeError,
        ["iterable of Tensors or dicts"],
        lambda: tg.optim.Adam(P),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "params a set",
        TypeError,
        ["ordered collections", "list"],
        lambda: tg.optim.RMSprop([{"params": {P}}]),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "a parameter listed twice in a group",
        ValueError,
        ["duplicate parameters"],
        lambda: tg.optim.SGD([P, P]),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "a parameter in two groups",
        ValueError,
        ["more than one parameter group"],
        lambda: tg.optim.Adagrad([{"params": [P]}, {"params": [P]}]),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "learning rate negative, NaN or infinite",
        ValueError,
        ["Invalid learning rate: -1.0"],
        lambda: tg.optim.AdamW([P], lr=-1.0),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "hyperparameter that is not a number",
        TypeError,
        ["lr must be a number, not str"],
        lambda: tg.optim.SGD([P], lr="fast"),
    ),
    (
        "tg.optim.SGD / Adam / AdamW / RMSprop / Adagrad",
        "foreach, fused, differentiable or capturable set",
        ValueError,
        ["foreach=True is not supported", "foreach=None"],
        lambda: tg.optim.Adam([P], foreach=True),
    ),
    (
        "tg.optim.SGD",
        "negative momentum or weight_decay",
        ValueError,
        ["Invalid momentum value"],
        lambda: tg.optim.SGD([P], momentum=-0.5),
    ),
    (
        "tg.optim.SGD",
        "nesterov without momentum or with dampening",
        ValueError,
        ["Nesterov momentum requires a momentum and zero dampening"],
        lambda: tg.optim.SGD([P], nesterov=True),
    ),
    (
        "tg.optim.Adam / AdamW",
        "betas outside [0, 1)",
        ValueError,
        ["Invalid beta parameter at index 0"],
        lambda: tg.optim.Adam([P], betas=(1.0, 0.999)),
    ),
    (
        "tg.optim.Adam / AdamW",
        "betas not both floats",
        ValueError,
        ["betas must be either both floats or both Tensors"],
        lambda: tg.optim.Adam([P], betas=(0, 0.999)),
    ),
    (
        "tg.optim.Adam / AdamW / RMSprop / Adagrad",
        "negative eps",
        ValueError,
        ["Invalid epsilon value"],
        lambda: tg.optim.Adam([P], eps=-1.0),
    ),
    (
        "tg.optim.RMSprop",
        "negative alpha",
        ValueError,
        ["Invalid alpha value"],
        lambda: tg.optim.RMSprop([P], alpha=-0.1),
    ),
    (
        "tg.optim.Adagrad",
        "negative lr_decay or initial_accumulator_value",
        ValueError,
        ["Invalid lr_decay value"],
        lambda: tg.optim.Adagrad([P], lr_decay=-0.1),
    ),
    (
        "tg.optim.Optimizer.add_param_group",
        "not a dict",
        TypeError,
        ["param_group must be a dict"],
        lambda: tg.optim.SGD([P]).add_param_group([P]),
    ),
    (
        "tg.optim.Optimizer.add_param_group",
        "group without a required hyperparameter",
        ValueError,
        ["required optimization parameter lr"],
        lambda: tg.optim.Optimizer([P], {"lr": tg.optim.optimizer.required}),
    ),
    (
        "tg.optim.Optimizer.load_state_dict",
        "a different number of parameter groups",
        ValueError,
        ["different number of parameter groups"],
        lambda: tg.optim.SGD([P]).load_state_dict({"state": {}, "param_groups": []}),
    ),
    (
        "tg.optim.Optimizer.load_state_dict",
        "a group of a different size",
        ValueError,
        ["doesn't match the size of optimizer's group"],
        lambda: tg.optim.SGD([P]).load_state_dict({"state": {}, "param_groups": [{"params": [0, 1]}]}),
    ),
    (
        "tg.optim.Optimizer (attributes)",
        "a hyperparameter set as an attribute (opt.lr = ...)",
        AttributeError,
        ["param_groups", "group['lr']"],
        lambda: setattr(tg.optim.SGD([P]), "lr", 0.01),
    ),
    (
        "tg.optim.Optimizer.step",
        "a hyperparameter in param_groups that is not a number",
        TypeError,
        ["'lr' must be a number, not str"],
        step_with_bad_lr,
    ),
    # --- tg.compile
    (
        "tg.compile",
        "something that is not callable",
        TypeError,
        ["needs a callable", "int"],
        lambda: tg.compile(3),
    ),
    (
        "tg.compile",
        "a value read into Python while recording (.item(), float(t), bool(t))",
        RuntimeError,
        ["cannot replay", "item()"],
        compiled_item_call,
    ),
    # --- finite differences
    (
        "tg.numeric_grad",
        "step h not positive and finite",
        ValueError,
        ["step h"],
        lambda: tg.numeric_grad(lambda t: t, 1.0, h=float("nan")),
    ),
    (
        "tg.numeric_grad",
        "no inputs",
        ValueError,
        ["at least one input"],
        lambda: tg.numeric_grad(lambda: 1.0),
    ),
    (
        "tg.numeric_grad",
        "input that is not a Tensor or a number",
        TypeError,
        ["Tensors or numbers", "str"],
        lambda: tg.numeric_grad(lambda t: t, "a"),
    ),
    (
        "tg.numeric_grad / gradcheck",
        "function returning more than one value",
        ValueError,
        ["one value", "(2,)"],
        lambda: tg.numeric_grad(lambda t: t * 2.0, tg.tensor([1.0, 2.0])),
    ),
    (
        "tg.numeric_grad / gradcheck",
        "function returning a non-number",
        TypeError,
        ["one-element Tensor or a number", "str"],
        lambda: tg.numeric_grad(lambda t: "a", 1.0),
    ),
    (
        "tg.gradcheck",
        "no input requires a gradient",
        ValueError,
        ["requires_grad=True"],
        lambda: tg.gradcheck(lambda t: t.sum(), tg.tensor([1.0])),
    ),
    (
        "tg.gradcheck",
        "float32 input",
        TypeError,
        ["float64"],
        lambda: tg.gradcheck(lambda t: t.sum(), tg.tensor(np.ones(2, np.float32), requires_grad=True)),
    ),
    (
        "tg.gradcheck",
        "backprop and finite differences disagree",
        tg.GradcheckError,
        ["disagrees", "(0,)"],
        numeric_grad_mismatch,
    ),
    # --- graph export and files
    (
        "tg.to_dot / tg.draw",
        "not a Tensor",
        TypeError,
        ["expected a tapegrad Tensor", "float"],
        lambda: tg.to_dot(1.0),
    ),
    (
        "tg.to_dot / tg.draw",
        "unknown rankdir",
        ValueError,
        ["rankdir", "XX"],
        lambda: tg.to_dot(tg.tensor(1.0), rankdir="XX"),
    ),
    (
        "tg.draw",
        "path without .svg, .png or .pdf",
        ValueError,
        ["cannot tell the format", "out.txt"],
        lambda: tg.draw(tg.tensor(1.0), "out.txt"),
    ),
    (
        "tg.save",
        "object that is not a Tensor or a state dict",
        TypeError,
        ["expected a Tensor or a dict"],
        lambda: tg.save(object(), io.BytesIO()),
    ),
    (
        "tg.save",
        "a Module instead of its state_dict()",
        TypeError,
        ["state_dict()"],
        lambda: tg.save(tg.nn.Dense(2, 2), io.BytesIO()),
    ),
    (
        "tg.save",
        "nested value that cannot be saved without pickle",
        TypeError,
        ["is a object", "nothing is pickled"],
        lambda: tg.save({"state": {0: object()}}, io.BytesIO()),
    ),
    (
        "tg.save",
        "nested key that is not a string, number, bool, None or tuple",
        TypeError,
        ["keys are strings"],
        lambda: tg.save({"state": {object(): 1}}, io.BytesIO()),
    ),
    (
        "tg.load",
        "not an .npz archive (text, empty, pickle)",
        ValueError,
        ["not an .npz file", "damaged"],
        lambda: tg.load(io.BytesIO(b"hello world" * 10)),
    ),
    (
        "tg.load",
        "truncated file",
        ValueError,
        ["not an .npz file", "damaged"],
        lambda: tg.load(io.BytesIO(saved_bytes()[:300])),
    ),
    (
        "tg.load",
        "corrupted archive member",
        ValueError,
        ["damaged", "CRC"],
        lambda: tg.load(io.BytesIO(corrupted(saved_bytes()))),
    ),
    (
        "tg.load",
        "a single .npy array",
        ValueError,
        [".npy", "tg.tensor(numpy.load(path))"],
        lambda: tg.load(io.BytesIO(npy_bytes())),
    ),
    # --- modes and runtime
    ("tg.no_grad / enable_grad", "arguments", TypeError, ["takes no arguments"], lambda: tg.no_grad(1)),
    ("tg.set_num_threads", "n < 1", ValueError, ["must be >= 1", "0"], lambda: tg.set_num_threads(0)),
    (
        "tg.set_num_threads",
        "n not an int",
        TypeError,
        ["must be int, not str"],
        lambda: tg.set_num_threads("2"),
    ),
    (
        "tg.set_num_threads",
        "n beyond a C int",
        OverflowError,
        ["do not fit"],
        lambda: tg.set_num_threads(2**40),
    ),
    # --- dtypes, devices and the remaining reductions
    (
        "tg.set_default_dtype / tg.get_default_dtype",
        "a dtype that is not floating point",
        TypeError,
        ["floating point", "int64"],
        lambda: tg.set_default_dtype(tg.int64),
    ),
    ("tg.dtype", "making a new dtype", TypeError, ["cannot create"], lambda: tg.dtype("complex64")),
    (
        "tg.device / Tensor.to",
        "a device other than the CPU",
        RuntimeError,
        ["CPU only", "'cuda'"],
        lambda: tg.device("cuda"),
    ),
    (
        "tg.cumsum / cumprod / nansum / nanmean / count_nonzero / all / any",
        "dim out of range",
        IndexError,
        ["range of [-2, 1], but got 5"],
        lambda: tg.nansum(t23(), 5),
    ),
    (
        "tg.var_mean / std_mean",
        "both unbiased and correction",
        TypeError,
        ["not both"],
        lambda: tg.var_mean(t23(), 0, unbiased=True, correction=0),
    ),
    # --- reductions, softmax and losses
    (
        "tg.sum / mean / amax / ... (any dim argument)",
        "dim out of range",
        IndexError,
        ["range of [-2, 1], but got 2"],
        lambda: t23().sum(2),
    ),
    (
        "tg.sum / mean / amax / ... (any dim argument)",
        "a dim repeated",
        ValueError,
        ["dim 0 appears multiple times"],
        lambda: t23().sum((0, 0)),
    ),
    (
        "tg.sum / mean / amax / ... (any dim argument)",
        "dim not an integer",
        TypeError,
        ["axis must be an integer"],
        lambda: t23().sum(1.5),
    ),
    (
        "tg.mean / var / std / norm / logsumexp",
        "integer input without a floating dtype",
        TypeError,
        ["floating point"],
        lambda: tg.tensor([1, 2]).mean(),
    ),
    (
        "tg.max / min / amax / amin / argmax / median",
        "reducing an empty dimension",
        IndexError,
        ["non-zero size"],
        lambda: tg.tensor(np.zeros((0, 3))).amax(0),
    ),
    (
        "tg.max / min / median",
        "empty input without dim",
        RuntimeError,
        ["reduction dim to be specified"],
        lambda: tg.tensor(np.zeros(0)).max(),
    ),
    (
        "tg.max / min / argmax / prod",
        "a tuple of dims",
        TypeError,
        ["must be int, not tuple"],
        lambda: t23().max((0, 1)),
    ),
    ("tg.argmax / argmin", "bool input", TypeError, ["bool"], lambda: tg.tensor([True, False]).argmax()),
    (
        "tg.var / std",
        "both unbiased and correction",
        TypeError,
        ["not both"],
        lambda: t23().var(0, unbiased=True, correction=0),
    ),
    ("tg.norm", "p a matrix norm ('nuc')", ValueError, ["nuc"], lambda: tg.norm(t23(), p="nuc")),
    (
        "tg.softmax / log_softmax",
        "integer input without dtype",
        TypeError,
        ["int64"],
        lambda: tg.softmax(tg.tensor([1, 2]), 0),
    ),
    (
        "tg.nn.functional.softmax / log_softmax",
        "dim None",
        TypeError,
        ["pass dim"],
        lambda: tg.nn.functional.softmax(t23()),
    ),
    (
        "tg.nn.functional losses",
        "reduction not mean, sum or none",
        ValueError,
        ["not a valid value for reduction"],
        lambda: tg.nn.functional.mse_loss(t23(), t23(), reduction="avg"),
    ),
    (
        "tg.nn.functional.mse_loss / l1_loss / ...",
        "input and target shapes differ",
        ValueError,
        ["differ", "does not broadcast"],
        lambda: tg.nn.functional.l1_loss(t23(), tg.ones(3)),
    ),
    (
        "tg.nn.functional.smooth_l1_loss / huber_loss",
        "beta < 0 or delta <= 0",
        ValueError,
        ["delta"],
        lambda: tg.nn.functional.huber_loss(t23(), t23(), delta=0.0),
    ),
    (
        "tg.nn.functional.binary_cross_entropy(_with_logits)",
        "weight that does not broadcast",
        ValueError,
        ["weight of shape"],
        lambda: tg.nn.functional.binary_cross_entropy_with_logits(t23(), t23(), weight=tg.ones(4)),
    ),
    (
        "tg.nn.functional.cross_entropy / nll_loss",
        "class index outside [0, C)",
        IndexError,
        ["target 4 is out of bounds"],
        lambda: tg.nn.functional.cross_entropy(t23(), tg.tensor([0, 4])),
    ),
    (
        "tg.nn.functional.cross_entropy / nll_loss",
        "target shape does not fit",
        ValueError,
        ["expected target of shape"],
        lambda: tg.nn.functional.cross_entropy(t23(), tg.tensor([0, 1, 2])),
    ),
    (
        "tg.nn.functional.cross_entropy / nll_loss",
        "float target for nll_loss",
        TypeError,
        ["integer"],
        lambda: tg.nn.functional.nll_loss(t23(), tg.tensor([0.0, 1.0])),
    ),
    (
        "tg.nn.functional.cross_entropy / nll_loss",
        "weight not one per class",
        ValueError,
        ["all 3 classes"],
        lambda: tg.nn.functional.cross_entropy(t23(), tg.tensor([0, 1]), weight=tg.ones(4)),
    ),
    (
        "tg.nn.functional.cross_entropy / nll_loss",
        "weight that requires a gradient",
        RuntimeError,
        ["derivative for 'weight'"],
        lambda: tg.nn.functional.cross_entropy(
            t23(), tg.tensor([0, 1]), weight=tg.ones(3, requires_grad=True)
        ).backward(),
    ),
    (
        "tg.nn.functional.cross_entropy",
        "probability target of another shape",
        ValueError,
        ["input's shape"],
        lambda: tg.nn.functional.cross_entropy(t23(), tg.ones(2, 4)),
    ),
    (
        "tg.nn.functional.cross_entropy",
        "label_smoothing outside [0, 1]",
        ValueError,
        ["label_smoothing"],
        lambda: tg.nn.functional.cross_entropy(t23(), tg.tensor([0, 1]), label_smoothing=1.5),
    ),
    (
        "tg.nn.functional.one_hot",
        "negative index, index >= num_classes, empty with -1",
        ValueError,
        ["smaller than num_classes"],
        lambda: tg.nn.functional.one_hot(tg.tensor([0, 3]), 3),
    ),
    (
        "tg.nn.functional.one_hot",
        "non-integer input",
        TypeError,
        ["integer"],
        lambda: tg.nn.functional.one_hot(tg.tensor([0.0]), 3),
    ),
    # --- factories, random sampling and DLPack
    (
        "tg.zeros / tg.ones / tg.empty / tg.rand / tg.randn",
        "negative size",
        ValueError,
        ["negative dimension -1"],
        lambda: tg.zeros(2, -1),
    ),
    (
        "tg.zeros / tg.ones / tg.empty / tg.rand / tg.randn",
        "size not integers",
        TypeError,
        ["integer", "float"],
        lambda: tg.ones(2.0),
    ),
    (
        "tg.zeros / tg.ones / tg.empty / tg.rand / tg.randn",
        "out= given",
        TypeError,
        ["out= is not supported"],
        lambda: tg.empty(2, out=tg.empty(2)),
    ),
    (
        "tg.zeros / tg.ones / tg.empty / tg.rand / tg.randn",
        "device other than the CPU",
        RuntimeError,
        ["CPU only", "'cuda'"],
        lambda: tg.rand(2, device="cuda"),
    ),
    (
        "tg.full / tg.full_like",
        "value the dtype cannot hold",
        ValueError,
        ["cannot be converted", "uint8"],
        lambda: tg.full((2,), 300, dtype=tg.uint8),
    ),
    (
        "tg.full / tg.full_like",
        "value not a number",
        TypeError,
        ["real number", "str"],
        lambda: tg.full((2,), "a"),
    ),
    (
        "tg.zeros_like / tg.ones_like / tg.empty_like / tg.full_like / tg.rand_like / tg.randn_like"
        " / tg.randint_like",
        "input not a Tensor",
        TypeError,
        ["must be Tensor", "list"],
        lambda: tg.zeros_like([1.0]),
    ),
    (
        "tg.arange",
        "zero step",
        ValueError,
        ["step must be nonzero"],
        lambda: tg.arange(0, 1, 0),
    ),
    (
        "tg.arange",
        "step pointing away from end",
        ValueError,
        ["inconsistent with step sign"],
        lambda: tg.arange(0, -1, 1),
    ),
    (
        "tg.arange",
        "values the dtype cannot hold",
        ValueError,
        ["do not fit uint8"],
        lambda: tg.arange(300, dtype=tg.uint8),
    ),
    (
        "tg.arange / tg.linspace / tg.logspace",
        "bool dtype",
        TypeError,
        ["bool"],
        lambda: tg.linspace(0, 1, 3, dtype=tg.bool),
    ),
    (
        "tg.linspace / tg.logspace",
        "negative steps",
        ValueError,
        ["non-negative", "-1"],
        lambda: tg.logspace(0, 1, -1),
    ),
    (
        "tg.eye",
        "negative size",
        ValueError,
        ["greater or equal to 0", "-1"],
        lambda: tg.eye(-1),
    ),
    (
        "tg.empty_strided",
        "negative stride",
        ValueError,
        ["negative strides"],
        lambda: tg.empty_strided((2,), (-1,)),
    ),
    (
        "tg.tril_indices / tg.triu_indices",
        "negative row or col",
        ValueError,
        ["must be non-negative"],
        lambda: tg.tril_indices(-1, 2),
    ),
    (
        "tg.tril_indices / tg.triu_indices",
        "floating-point dtype",
        TypeError,
        ["float32"],
        lambda: tg.triu_indices(2, 2, dtype=tg.float32),
    ),
    (
        "tg.manual_seed / tg.default_generator / tg.Generator.manual_seed",
        "seed outside [-2**63, 2**64)",
        ValueError,
        ["outside"],
        lambda: tg.Generator().manual_seed(2**64),
    ),
    (
        "tg.Generator",
        "device other than the CPU",
        RuntimeError,
        ["CPU only", "'cuda'"],
        lambda: tg.Generator("cuda"),
    ),
    (
        "tg.set_rng_state / tg.Generator.set_state",
        "not a uint8 tensor",
        TypeError,
        ["uint8"],
        lambda: tg.set_rng_state(tg.zeros(24)),
    ),
    (
        "tg.set_rng_state / tg.Generator.set_state",
        "bytes that are not a state from get_state",
        ValueError,
        ["24 bytes"],
        lambda: tg.set_rng_state(tg.zeros(5, dtype=tg.uint8)),
    ),
    (
        "tg.seed / tg.initial_seed / tg.get_rng_state",
        "arguments",
        TypeError,
        ["takes 0 positional arguments"],
        lambda: tg.seed(1),
    ),
    (
        "tg.rand / tg.randn / tg.rand_like / tg.randn_like",
        "dtype other than float32/float64",
        TypeError,
        ["int64"],
        lambda: tg.rand(2, dtype=tg.int64),
    ),
    (
        "tg.rand / tg.randn / tg.randint / tg.randperm / tg.normal / tg.bernoulli / tg.multinomial",
        "generator not a tg.Generator",
        TypeError,
        ["tapegrad.Generator"],
        lambda: tg.randn(2, generator=0),
    ),
    (
        "tg.randint / tg.randint_like",
        "low >= high",
        ValueError,
        ["from=5 >= to=5"],
        lambda: tg.randint(5, 5, (2,)),
    ),
    (
        "tg.randint",
        "size missing or not a tuple",
        TypeError,
        ["size", "tuple of ints"],
        lambda: tg.randint(5, 3),
    ),
    (
        "tg.randint",
        "range beyond the dtype",
        ValueError,
        ["out of bounds for uint8"],
        lambda: tg.randint(0, 300, (2,), dtype=tg.uint8),
    ),
    (
        "tg.randperm",
        "negative n",
        ValueError,
        ["non-negative", "-1"],
        lambda: tg.randperm(-1),
    ),
    (
        "tg.randperm",
        "n beyond the dtype",
        ValueError,
        ["too large", "uint8"],
        lambda: tg.randperm(300, dtype=tg.uint8),
    ),
    (
        "tg.normal",
        "negative std",
        ValueError,
        ["std >= 0.0"],
        lambda: tg.normal(tg.zeros(2), -1.0),
    ),
    (
        "tg.normal",
        "two numbers without size",
        TypeError,
        ["needs a size"],
        lambda: tg.normal(0.0, 1.0),
    ),
    (
        "tg.normal",
        "integer mean or std tensor",
        TypeError,
        ["floating-point", "int64"],
        lambda: tg.normal(tg.zeros(2, dtype=tg.int64), 1.0),
    ),
    (
        "tg.bernoulli",
        "probabilities outside [0, 1]",
        ValueError,
        ["[0, 1]"],
        lambda: tg.bernoulli(tg.tensor([1.5])),
    ),
    (
        "tg.bernoulli",
        "integer probabilities",
        TypeError,
        ["int64"],
        lambda: tg.bernoulli(tg.zeros(2, dtype=tg.int64)),
    ),
    (
        "tg.multinomial",
        "input not 1-D or 2-D",
        ValueError,
        ["1 or 2 dim", "(2, 2, 2)"],
        lambda: tg.multinomial(tg.ones(2, 2, 2), 1),
    ),
    (
        "tg.multinomial",
        "more samples than categories without replacement",
        ValueError,
        ["n_sample"],
        lambda: tg.multinomial(tg.ones(2), 3),
    ),
    (
        "tg.multinomial",
        "negative, inf or nan weight",
        ValueError,
        ["probability tensor contains"],
        lambda: tg.multinomial(tg.tensor([1.0, -1.0]), 1),
    ),
    (
        "Tensor.uniform_ / normal_ / exponential_",
        "integer tensor",
        TypeError,
        ["int64"],
        lambda: tg.zeros(2, dtype=tg.int64).uniform_(),
    ),
    (
        "Tensor.uniform_ / normal_ / random_ / bernoulli_ / exponential_",
        "leaf that requires grad, outside no_grad()",
        RuntimeError,
        ["leaf", "no_grad"],
        lambda: tg.zeros(2, requires_grad=True).normal_(),
    ),
    (
        "Tensor.uniform_",
        "from > to",
        ValueError,
        ["[from, to) range"],
        lambda: tg.zeros(2).uniform_(1, 0),
    ),
    (
        "Tensor.random_",
        "from >= to",
        ValueError,
        ["from=5 >= to=2"],
        lambda: tg.zeros(2).random_(5, 2),
    ),
    (
        "Tensor.bernoulli_",
        "p outside [0, 1]",
        ValueError,
        ["[0, 1]"],
        lambda: tg.zeros(2).bernoulli_(1.5),
    ),
    (
        "Tensor.exponential_",
        "lambd <= 0",
        ValueError,
        ["lambda > 0.0"],
        lambda: tg.zeros(2).exponential_(0.0),
    ),
    (
        "tg.from_dlpack",
        "dtype tapegrad does not have",
        TypeError,
        ["float16", "cannot be shared"],
        lambda: tg.from_dlpack(np.zeros(2, np.float16)),
    ),
    (
        "tg.from_dlpack",
        "read-only memory",
        ValueError,
        ["read-only", "tg.tensor"],
        lambda: tg.from_dlpack(readonly_array()),
    ),
    (
        "tg.from_dlpack",
        "memory on another device",
        ValueError,
        ["CPU only", "device type 2"],
        lambda: tg.from_dlpack(OnCuda()),
    ),
    (
        "tg.from_dlpack",
        "object without __dlpack__",
        TypeError,
        ["__dlpack__", "list"],
        lambda: tg.from_dlpack([1.0]),
    ),
    (
        "tg.from_dlpack",
        "capsule imported twice",
        ValueError,
        ["already consumed"],
        lambda: consumed_capsule(),
    ),
    (
        "Tensor.__dlpack__",
        "tensor that requires grad",
        BufferError,
        ["require gradient", "detach()"],
        lambda: tg.zeros(2, requires_grad=True).__dlpack__(),
    ),
    (
        "Tensor.__dlpack__",
        "another device or a stream",
        BufferError,
        ["CPU"],
        lambda: tg.zeros(2).__dlpack__(dl_device=(2, 0)),
    ),
    (
        "tg.as_tensor",
        "device other than the CPU",
        RuntimeError,
        ["CPU only", "'cuda'"],
        lambda: tg.as_tensor([1.0], device="cuda"),
    ),
    (
        "Tensor.new_zeros / new_ones / new_empty / new_full",
        "negative size",
        ValueError,
        ["negative dimension"],
        lambda: tg.zeros(2).new_zeros(-1),
    ),
    # --- shape ops and matrix products (docs/errors.md: "Shape ops and matrix products")
    (
        "Tensor.view",
        "sizes that do not hold the elements",
        ValueError,
        ["[4, 2]", "size 6"],
        lambda: t23().view(4, 2),
    ),
    (
        "Tensor.view",
        "strides that do not allow a view (a transposed tensor)",
        ValueError,
        ["Use .reshape(...) instead"],
        lambda: t23().t().view(6),
    ),
    (
        "Tensor.view",
        "a dtype (reinterpreting bytes)",
        NotImplementedError,
        ["view(dtype)", ".to(dtype)"],
        lambda: t23().view(tg.float32),
    ),
    (
        "tg.flatten / tg.unflatten",
        "start_dim after end_dim",
        ValueError,
        ["cannot come after end_dim"],
        lambda: tg.flatten(t23(), 1, 0),
    ),
    (
        "tg.flatten / tg.unflatten",
        "sizes that do not multiply to the dimension",
        ValueError,
        ["don't multiply up to the size of dim 1 (3)"],
        lambda: tg.unflatten(t23(), 1, (2, 2)),
    ),
    (
        "tg.squeeze / tg.unsqueeze",
        "dimension out of range",
        IndexError,
        ["Dimension out of range", "[-2, 1]", "5"],
        lambda: tg.squeeze(t23(), 5),
    ),
    (
        "tg.squeeze / tg.unsqueeze",
        "dimension not an integer",
        TypeError,
        ["must be int, not float"],
        lambda: tg.unsqueeze(t23(), 1.0),
    ),
    (
        "tg.permute",
        "not a permutation of the dimensions",
        ValueError,
        ["duplicate dims"],
        lambda: tg.permute(t23(), (1, 1)),
    ),
    (
        "tg.permute",
        "as many dims as dimensions",
        ValueError,
        ["number of dims (3)"],
        lambda: tg.permute(t23(), (0, 1, 2)),
    ),
    (
        "Tensor.transpose / tg.transpose",
        "a permutation (NumPy's transpose(axes))",
        TypeError,
        ["permute"],
        lambda: t23().transpose(1, 0, 2),
    ),
    (
        "Tensor.transpose / tg.transpose / tg.swapaxes / tg.swapdims",
        "dimension out of range",
        IndexError,
        ["Dimension out of range"],
        lambda: tg.swapaxes(t23(), 0, 2),
    ),
    (
        "tg.t / Tensor.mT",
        "more than 2 dimensions (t), fewer than 2 (mT)",
        ValueError,
        ["t() expects a tensor with <= 2 dimensions"],
        lambda: tg.t(tg.tensor(np.ones((2, 2, 2)))),
    ),
    (
        "tg.movedim / tg.moveaxis",
        "source and destination of different lengths",
        ValueError,
        ["same number of dims"],
        lambda: tg.moveaxis(t23(), (0, 1), 0),
    ),
    (
        "Tensor.expand / tg.broadcast_to",
        "a size that clashes with a non-1 dimension",
        ValueError,
        ["existing size (3) at non-singleton dimension 1"],
        lambda: tg.broadcast_to(t23(), (2, 4)),
    ),
    (
        "Tensor.expand / tg.broadcast_to",
        "an expanded view written in place",
        RuntimeError,
        ["share one memory location", "clone()"],
        lambda: tg.tensor(np.ones((1, 3))).expand(4, 3).add_(1.0),
    ),
    (
        "tg.narrow",
        "start and length beyond the dimension",
        ValueError,
        ["start (2) + length (2) exceeds dimension size (3)"],
        lambda: tg.narrow(t23(), 1, 2, 2),
    ),
    (
        "tg.split / tg.chunk / tg.tensor_split / tg.unbind",
        "sizes that do not add up to the dimension",
        ValueError,
        ["split_sizes to sum exactly to 2"],
        lambda: tg.split(t23(), [1, 2]),
    ),
    (
        "tg.split / tg.chunk / tg.tensor_split / tg.unbind",
        "chunks or sections not positive",
        ValueError,
        ["greater than 0"],
        lambda: tg.chunk(t23(), 0),
    ),
    (
        "tg.split / tg.chunk / tg.tensor_split / tg.unbind",
        "a 0-d tensor",
        IndexError,
        ["no dimensions"],
        lambda: tg.unbind(tg.tensor(1.0)),
    ),
    (
        "tg.diagonal",
        "the same dimension twice",
        ValueError,
        ["diagonal dimensions cannot be identical"],
        lambda: tg.diagonal(t23(), 0, 1, 1),
    ),
    (
        "tg.as_strided",
        "a view reaching outside the memory",
        ValueError,
        ["out of bounds"],
        lambda: tg.as_strided(t23(), (3, 3), (1, 1), 10),
    ),
    (
        "tg.as_strided",
        "negative strides",
        ValueError,
        ["Negative strides"],
        lambda: tg.as_strided(t23(), (2,), (-1,)),
    ),
    (
        "tg.atleast_1d / tg.atleast_2d / tg.atleast_3d",
        "not a Tensor",
        TypeError,
        ["must be Tensor, not float"],
        lambda: tg.atleast_2d(1.0),
    ),
    (
        "tg.cat / tg.concat / tg.concatenate / tg.hstack / tg.vstack / tg.dstack",
        "sizes that differ outside dim",
        ValueError,
        ["Sizes of tensors must match except in dimension 0", "(2, 3) and (2, 1)"],
        lambda: tg.cat([t23(), t23()[:, :1]]),
    ),
    (
        "tg.cat / tg.concat / tg.concatenate / tg.hstack / tg.vstack / tg.dstack",
        "tensors of different numbers of dimensions",
        ValueError,
        ["same number of dimensions: got 2 and 1"],
        lambda: tg.concat([t23(), tg.tensor([1.0, 2.0])]),
    ),
    (
        "tg.cat / tg.concat / tg.concatenate / tg.hstack / tg.vstack / tg.dstack",
        "a 0-d tensor",
        ValueError,
        ["zero-dimensional tensor (at position 0)"],
        lambda: tg.concatenate([tg.tensor(1.0)]),
    ),
    (
        "tg.cat / tg.concat / tg.concatenate / tg.hstack / tg.vstack / tg.dstack",
        "an empty list",
        ValueError,
        ["non-empty list of Tensors"],
        lambda: tg.vstack([]),
    ),
    (
        "tg.cat / tg.concat / tg.concatenate / tg.hstack / tg.vstack / tg.dstack",
        "a Tensor instead of a sequence, or a non-Tensor in it",
        TypeError,
        ["expected Tensor as element 1", "ndarray"],
        lambda: tg.hstack([t23(), np.ones((2, 3))]),
    ),
    (
        "tg.stack",
        "tensors of different shapes",
        ValueError,
        ["stack expects each tensor to be equal size", "[2, 3] at entry 0"],
        lambda: tg.stack([t23(), t23().t()]),
    ),
    (
        "Tensor.repeat / tg.tile",
        "fewer repeats than dimensions (repeat), a negative count",
        ValueError,
        ["can not be smaller than number of dimensions"],
        lambda: t23().repeat(2),
    ),
    (
        "tg.flip / tg.fliplr / tg.flipud",
        "a dimension twice",
        ValueError,
        ["appears multiple times"],
        lambda: tg.flip(t23(), (0, -2)),
    ),
    (
        "tg.flip / tg.fliplr / tg.flipud",
        "too few dimensions",
        ValueError,
        ["at least 2-D"],
        lambda: tg.fliplr(tg.tensor([1.0])),
    ),
    (
        "tg.roll",
        "shifts and dims of different lengths",
        ValueError,
        ["shifts and dimensions must align"],
        lambda: tg.roll(t23(), (1, 1), 0),
    ),
    (
        "tg.tril / tg.triu",
        "fewer than 2 dimensions",
        ValueError,
        ["at least 2 dimensions"],
        lambda: tg.triu(tg.tensor([1.0])),
    ),
    (
        "Tensor @ / tg.matmul / tg.mm / tg.bmm / tg.mv",
        "batch dimensions that do not broadcast",
        ValueError,
        ["(2,) and (3,)", "cannot be broadcast"],
        lambda: tg.tensor(np.ones((2, 2, 3))) @ tg.tensor(np.ones((3, 3, 2))),
    ),
    (
        "Tensor @ / tg.matmul / tg.mm / tg.bmm / tg.mv",
        "bool operands",
        TypeError,
        ["bool"],
        lambda: tg.tensor([True]) @ tg.tensor([True]),
    ),
    (
        "Tensor @ / tg.matmul / tg.mm / tg.bmm / tg.mv",
        "mm of other than 2-D, bmm of other than 3-D, mv of other than a matrix and a vector",
        ValueError,
        ["self must be a matrix", "(3,)"],
        lambda: tg.mm(tg.tensor([1.0, 2.0, 3.0]), t23()),
    ),
    (
        "Tensor @ / tg.matmul / tg.mm / tg.bmm / tg.mv",
        "bmm of different batch sizes",
        ValueError,
        ["Expected size for first two dimensions of batch2 tensor to be: [1, 3]"],
        lambda: tg.bmm(tg.tensor(np.ones((1, 2, 3))), tg.tensor(np.ones((2, 3, 2)))),
    ),
    (
        "Tensor @ / tg.matmul / tg.mm / tg.bmm / tg.mv",
        "an operand that is not a Tensor (mm, bmm, mv)",
        TypeError,
        ["argument 'mat2' must be Tensor, not list"],
        lambda: tg.mm(t23(), [[1.0]]),
    ),
    (
        "tg.dot / tg.vdot / tg.outer / tg.ger / tg.inner",
        "other than two 1-D tensors (dot, vdot, outer, ger)",
        ValueError,
        ["1D tensors expected, but got 2D and 1D"],
        lambda: tg.vdot(t23(), tg.tensor([1.0, 2.0])),
    ),
    (
        "tg.dot / tg.vdot / tg.outer / tg.ger / tg.inner",
        "sizes that differ",
        ValueError,
        ["inconsistent tensor size"],
        lambda: tg.dot(tg.tensor([1.0, 2.0]), tg.tensor([1.0])),
    ),
    (
        "tg.dot / tg.vdot / tg.outer / tg.ger / tg.inner",
        "last dimensions that differ (inner), a non-1-D operand (outer, ger)",
        ValueError,
        ["two 1-D tensors"],
        lambda: tg.ger(t23(), tg.tensor([1.0])),
    ),
]


# --- indexing: x[...] with tensors, the gather/scatter functions, embedding
def _x23():
    return tg.tensor(np.arange(6.0).reshape(2, 3))


ROWS += [
    (
        "x[index]",
        "index out of bounds",
        IndexError,
        ["index 5 is out of bounds for dimension 0 with size 2"],
        lambda: _x23()[tg.tensor([5])],
    ),
    (
        "x[index]",
        "mask whose shape does not match the dimensions it covers",
        IndexError,
        ["shape of the mask", "(3,)", "(2, 3)"],
        lambda: _x23()[tg.tensor([True, False, True])],
    ),
    (
        "x[index]",
        "index tensors that do not broadcast together",
        IndexError,
        ["could not be broadcast", "(2,)", "(3,)"],
        lambda: _x23()[[0, 1], [0, 1, 2]],
    ),
    (
        "x[index]",
        "floating-point index tensor",
        IndexError,
        ["integer or bool tensors"],
        lambda: _x23()[tg.tensor([0.0])],
    ),
    (
        "x[index]",
        "uint8 index tensor (a mask in PyTorch, integers in NumPy)",
        IndexError,
        ["uint8", ".bool()", ".long()"],
        lambda: _x23()[tg.tensor(np.array([1, 0], dtype=np.uint8))],
    ),
    (
        "x[index]",
        "integer separated from index tensors (NumPy and PyTorch place the result differently)",
        IndexError,
        ["laid out differently", "(2, 3, 5)", "(3, 2, 5)"],
        lambda: tg.tensor(np.zeros((2, 3, 4, 5)))[0, :, [1, 2]],
    ),
    (
        "x[index]",
        "list holding lists or tensors (a tuple in PyTorch, an array in NumPy)",
        IndexError,
        ["ambiguous", "x[tuple(seq)]"],
        lambda: _x23()[[[0, 1], [1, 2]]],
    ),
    (
        "x[index] = v",
        "value that does not broadcast to the indexed shape",
        ValueError,
        ["shape mismatch", "(3,)", "(2,)"],
        lambda: tg.tensor(np.zeros(3)).__setitem__([0, 1], tg.tensor(np.ones(3))),
    ),
    (
        "x[index] = v",
        "leaf that requires grad, while recording",
        RuntimeError,
        ["leaf", "no_grad"],
        lambda: t23().__setitem__([0], 1.0),
    ),
    (
        "Tensor.index_put_ / tg.index_put",
        "indices not a tuple",
        TypeError,
        ["tuple of Tensors"],
        lambda: tg.index_put(_x23(), tg.tensor([0]), 1.0),
    ),
    (
        "tg.gather / tg.scatter / tg.scatter_add / tg.scatter_reduce",
        "index out of bounds (or negative)",
        IndexError,
        ["index -1 is out of bounds for dimension 1 with size 3"],
        lambda: tg.gather(_x23(), 1, tg.tensor([[-1]])),
    ),
    (
        "tg.gather / tg.scatter / tg.scatter_add / tg.scatter_reduce",
        "index with another number of dimensions",
        ValueError,
        ["as many dimensions"],
        lambda: tg.gather(_x23(), 1, tg.tensor([0])),
    ),
    (
        "tg.gather / tg.scatter / tg.scatter_add / tg.scatter_reduce",
        "index larger than input (or src) apart from dim",
        ValueError,
        ["larger than input", "(3, 1)"],
        lambda: tg.gather(_x23(), 1, tg.tensor([[0], [0], [0]])),
    ),
    (
        "tg.gather / tg.scatter / tg.index_select / tg.take / tg.take_along_dim / tg.index_add",
        "index not an int32 or int64 tensor",
        TypeError,
        ["int32 or int64", "float64"],
        lambda: tg.index_select(_x23(), 0, tg.tensor([0.0])),
    ),
    (
        "tg.gather / tg.scatter / tg.index_select / tg.take / tg.take_along_dim / tg.index_add",
        "index not a Tensor",
        TypeError,
        ["argument 'index' must be Tensor, not list"],
        lambda: tg.gather(_x23(), 1, [[0]]),
    ),
    (
        "tg.gather / tg.scatter / tg.index_select / tg.take / tg.take_along_dim / tg.index_add",
        "dim out of range",
        IndexError,
        ["dimension 2 is out of range"],
        lambda: tg.gather(_x23(), 2, tg.tensor([[0]])),
    ),
    (
        "tg.scatter / tg.scatter_add / tg.scatter_reduce",
        "src of another dtype",
        TypeError,
        ["src must have input's dtype float64", "float32"],
        lambda: tg.scatter_add(_x23(), 1, tg.tensor([[0]]), tg.tensor([[1.0]], dtype=tg.float32)),
    ),
    (
        "tg.scatter",
        "neither src nor value",
        TypeError,
        ["missing the src"],
        lambda: tg.scatter(_x23(), 1, tg.tensor([[0]])),
    ),
    (
        "tg.scatter_reduce",
        "unknown reduce",
        ValueError,
        ["'sum', 'prod', 'mean', 'amax' or 'amin'", "median"],
        lambda: tg.scatter_reduce(_x23(), 1, tg.tensor([[0]]), _x23(), "median"),
    ),
    (
        "tg.index_select / tg.index_add / tg.index_copy / tg.index_fill",
        "index not 0-d or 1-D",
        IndexError,
        ["must be a vector", "(1, 1)"],
        lambda: tg.index_select(_x23(), 1, tg.tensor([[0]])),
    ),
    (
        "tg.index_add / tg.index_copy",
        "source of the wrong shape",
        ValueError,
        ["does not match (1, 3)", "(1, 2)"],
        lambda: tg.index_add(_x23(), 0, tg.tensor([0]), tg.tensor(np.ones((1, 2)))),
    ),
    (
        "tg.index_fill / tg.masked_fill",
        "value not a number or a 0-d tensor",
        ValueError,
        ["0-d tensor", "(1,)"],
        lambda: tg.index_fill(_x23(), 0, tg.tensor([0]), tg.tensor([1.0])),
    ),
    (
        "tg.take",
        "index out of bounds",
        IndexError,
        ["index 6 is out of bounds", "as 1-D"],
        lambda: tg.take(_x23(), tg.tensor([6])),
    ),
    (
        "tg.take_along_dim",
        "indices with another number of dimensions",
        ValueError,
        ["same number of dimensions"],
        lambda: tg.take_along_dim(_x23(), tg.tensor([0]), 1),
    ),
    (
        "tg.masked_fill / tg.masked_select / tg.masked_scatter",
        "mask not a bool tensor",
        TypeError,
        ["expected a bool mask, got int64"],
        lambda: tg.masked_fill(_x23(), tg.tensor([1, 0, 1]), 0.0),
    ),
    (
        "tg.masked_fill / tg.masked_select / tg.masked_scatter",
        "mask that does not broadcast with input",
        ValueError,
        ["broadcast", "(2,)"],
        lambda: tg.masked_select(_x23(), tg.tensor([True, False])),
    ),
    (
        "Tensor.masked_fill_ / Tensor.masked_scatter_",
        "mask that broadcasts beyond the tensor's shape",
        ValueError,
        ["does not broadcast to the tensor's shape", "(2, 2, 3)"],
        lambda: _x23().masked_fill_(tg.tensor(np.ones((2, 2, 3), dtype=bool)), 0.0),
    ),
    (
        "tg.masked_scatter",
        "source with fewer elements than the mask selects",
        ValueError,
        ["selects 5 elements", "(1,)"],
        lambda: tg.masked_scatter(_x23(), _x23() > 0, tg.tensor([1.0])),
    ),
    (
        "tg.nonzero / tg.argwhere",
        "not a Tensor",
        TypeError,
        ["argument 'input' must be Tensor, not list"],
        lambda: tg.argwhere([1, 0]),
    ),
    (
        "tg.nn.functional.embedding",
        "index out of range (negative ones too)",
        IndexError,
        ["index 4 is out of bounds for dimension 0 with size 4"],
        lambda: tg.nn.functional.embedding(tg.tensor([4]), tg.tensor(np.ones((4, 2)))),
    ),
    (
        "tg.nn.functional.embedding",
        "input not an integer tensor",
        TypeError,
        ["int32 or int64"],
        lambda: tg.nn.functional.embedding(tg.tensor([1.0]), tg.tensor(np.ones((4, 2)))),
    ),
    (
        "tg.nn.functional.embedding",
        "weight not 2-D",
        ValueError,
        ["2-D", "(4,)"],
        lambda: tg.nn.functional.embedding(tg.tensor([1]), tg.tensor(np.ones(4))),
    ),
    (
        "tg.nn.functional.embedding",
        "padding_idx out of range",
        ValueError,
        ["padding_idx 4", "4 embeddings"],
        lambda: tg.nn.functional.embedding(tg.tensor([1]), tg.tensor(np.ones((4, 2))), padding_idx=4),
    ),
]


# --- learning-rate schedulers (tg.optim.lr_scheduler) and data loading (tg.utils.data)
class _Groups:
    """An optimizer with PyTorch's param_groups (the schedulers' protocol)."""

    def __init__(self, *lrs, **extra):
        self.param_groups = [{"params": [], "lr": lr, **extra} for lr in lrs]

    def step(self):
        pass


def _stepped_one_cycle():
    opt = _Groups(0.1, momentum=0.9)
    sched = tg.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    for _ in range(4):
        opt.step()
        sched.step()


def _tensor_ds():
    return tg.utils.data.TensorDataset(tg.zeros(4, 2), tg.zeros(4))


class _Stream(tg.utils.data.IterableDataset):
    def __iter__(self):
        return iter(range(3))


ROWS += [
    (
        "tg.optim.lr_scheduler.*",
        "optimizer without param_groups",
        TypeError,
        ["is not an Optimizer", "param_groups"],
        lambda: tg.optim.lr_scheduler.StepLR(object(), step_size=2),
    ),
    (
        "tg.optim.lr_scheduler.*",
        "last_epoch >= 0 with a param group that has no 'initial_lr'",
        KeyError,
        ["initial_lr", "param_groups[0]"],
        lambda: tg.optim.lr_scheduler.ExponentialLR(_Groups(0.1), gamma=0.9, last_epoch=3),
    ),
    (
        "tg.optim.lr_scheduler.StepLR",
        "step_size not a positive integer",
        ValueError,
        ["step_size must be a positive integer", "0"],
        lambda: tg.optim.lr_scheduler.StepLR(_Groups(0.1), step_size=0),
    ),
    (
        "tg.optim.lr_scheduler.LinearLR",
        "start_factor outside (0, 1] or end_factor outside [0, 1]",
        ValueError,
        ["Starting multiplicative factor"],
        lambda: tg.optim.lr_scheduler.LinearLR(_Groups(0.1), start_factor=0.0),
    ),
    (
        "tg.optim.lr_scheduler.LambdaLR",
        "a list of lr_lambdas whose length is not the number of param groups",
        ValueError,
        ["Expected 2 lr_lambdas, but got 1"],
        lambda: tg.optim.lr_scheduler.LambdaLR(_Groups(0.1, 0.2), [lambda e: 1.0]),
    ),
    (
        "tg.optim.lr_scheduler.OneCycleLR",
        "neither total_steps nor epochs and steps_per_epoch",
        ValueError,
        ["total_steps OR (epochs AND steps_per_epoch)"],
        lambda: tg.optim.lr_scheduler.OneCycleLR(_Groups(0.1, momentum=0.9), max_lr=1.0),
    ),
    (
        "tg.optim.lr_scheduler.OneCycleLR",
        "pct_start not a float in [0, 1]",
        ValueError,
        ["pct_start", "1.5"],
        lambda: tg.optim.lr_scheduler.OneCycleLR(
            _Groups(0.1, momentum=0.9), max_lr=1.0, total_steps=5, pct_start=1.5
        ),
    ),
    (
        "tg.optim.lr_scheduler.OneCycleLR",
        "unknown anneal_strategy",
        ValueError,
        ["anneal_strategy must be one of 'cos' or 'linear'", "exp"],
        lambda: tg.optim.lr_scheduler.OneCycleLR(
            _Groups(0.1, momentum=0.9), max_lr=1.0, total_steps=5, anneal_strategy="exp"
        ),
    ),
    (
        "tg.optim.lr_scheduler.OneCycleLR",
        "max_lr (or a momentum) list of another length than param_groups",
        ValueError,
        ["max_lr must have the same length as optimizer.param_groups"],
        lambda: tg.optim.lr_scheduler.OneCycleLR(
            _Groups(0.1, momentum=0.9), max_lr=[1.0, 2.0], total_steps=5
        ),
    ),
    (
        "tg.optim.lr_scheduler.OneCycleLR",
        "cycle_momentum with param groups that have neither 'momentum' nor 'betas'",
        ValueError,
        ["momentum or beta1", "cycle_momentum"],
        lambda: tg.optim.lr_scheduler.OneCycleLR(_Groups(0.1), max_lr=1.0, total_steps=5),
    ),
    (
        "tg.optim.lr_scheduler.OneCycleLR",
        "a step past total_steps",
        ValueError,
        ["Tried to step 4 times", "total steps is 3"],
        _stepped_one_cycle,
    ),
    (
        "tg.optim.lr_scheduler.ReduceLROnPlateau",
        "factor >= 1",
        ValueError,
        ["Factor should be < 1.0"],
        lambda: tg.optim.lr_scheduler.ReduceLROnPlateau(_Groups(0.1), factor=1.0),
    ),
    (
        "tg.optim.lr_scheduler.ReduceLROnPlateau",
        "unknown mode or threshold_mode",
        ValueError,
        ["mode maximum is unknown", "'min' or 'max'"],
        lambda: tg.optim.lr_scheduler.ReduceLROnPlateau(_Groups(0.1), mode="maximum"),
    ),
    (
        "tg.optim.lr_scheduler.ReduceLROnPlateau",
        "min_lr list of another length than param_groups",
        ValueError,
        ["expected 1 min_lrs, got 2"],
        lambda: tg.optim.lr_scheduler.ReduceLROnPlateau(_Groups(0.1), min_lr=[0.0, 0.0]),
    ),
    (
        "tg.utils.data.DataLoader",
        "num_workers > 0 (tapegrad loads in the main process)",
        ValueError,
        ["main process", "use num_workers=0"],
        lambda: tg.utils.data.DataLoader(_tensor_ds(), num_workers=2),
    ),
    (
        "tg.utils.data.DataLoader",
        "an option that needs workers (persistent_workers, prefetch_factor, multiprocessing_context)",
        ValueError,
        ["needs num_workers > 0"],
        lambda: tg.utils.data.DataLoader(_tensor_ds(), persistent_workers=True),
    ),
    (
        "tg.utils.data.DataLoader",
        "sampler with shuffle=True",
        ValueError,
        ["sampler option is mutually exclusive with shuffle"],
        lambda: tg.utils.data.DataLoader(_tensor_ds(), sampler=[0, 1], shuffle=True),
    ),
    (
        "tg.utils.data.DataLoader",
        "batch_sampler with batch_size, shuffle, sampler or drop_last",
        ValueError,
        ["batch_sampler option is mutually exclusive"],
        lambda: tg.utils.data.DataLoader(_tensor_ds(), batch_size=2, batch_sampler=[[0, 1]]),
    ),
    (
        "tg.utils.data.DataLoader",
        "batch_size=None with drop_last=True",
        ValueError,
        ["batch_size=None", "mutually exclusive with drop_last"],
        lambda: tg.utils.data.DataLoader(_tensor_ds(), batch_size=None, drop_last=True),
    ),
    (
        "tg.utils.data.DataLoader",
        "an IterableDataset with shuffle, sampler or batch_sampler",
        ValueError,
        ["IterableDataset", "expected unspecified shuffle option"],
        lambda: tg.utils.data.DataLoader(_Stream(), shuffle=True),
    ),
    (
        "tg.utils.data.DataLoader",
        "batch_size, sampler, batch_sampler, drop_last or dataset set after creation",
        ValueError,
        ["batch_size attribute should not be set after DataLoader is initialized"],
        lambda: setattr_(tg.utils.data.DataLoader(_tensor_ds()), "batch_size", 4),
    ),
    (
        "tg.utils.data.TensorDataset",
        "tensors whose first dimensions differ",
        AssertionError,
        ["Size mismatch between tensors", "[3, 4]"],
        lambda: tg.utils.data.TensorDataset(tg.zeros(3), tg.zeros(4)),
    ),
    (
        "tg.utils.data.TensorDataset",
        "an argument that is not a tensor",
        TypeError,
        ["argument 1 must be a Tensor, not list"],
        lambda: tg.utils.data.TensorDataset(tg.zeros(3), [1, 2, 3]),
    ),
    (
        "tg.utils.data.ConcatDataset",
        "no datasets",
        AssertionError,
        ["datasets should not be an empty iterable"],
        lambda: tg.utils.data.ConcatDataset([]),
    ),
    (
        "tg.utils.data.ConcatDataset",
        "a negative index beyond its length",
        ValueError,
        ["absolute value of index should not exceed dataset length"],
        lambda: tg.utils.data.ConcatDataset([_tensor_ds()])[-5],
    ),
    (
        "tg.utils.data.random_split",
        "lengths that do not sum to the dataset's length",
        ValueError,
        ["Sum of input lengths does not equal the length of the input dataset", "5 items"],
        lambda: tg.utils.data.random_split(range(5), [2, 2]),
    ),
    (
        "tg.utils.data.random_split",
        "a fraction outside [0, 1]",
        ValueError,
        ["Fraction at index 0 is not between 0 and 1"],
        lambda: tg.utils.data.random_split(range(5), [1.5, -0.5]),
    ),
    (
        "tg.utils.data.BatchSampler",
        "batch_size not a positive integer, or drop_last not a bool",
        ValueError,
        ["batch_size should be a positive integer value", "batch_size=0"],
        lambda: tg.utils.data.BatchSampler(range(4), 0, False),
    ),
    (
        "tg.utils.data.RandomSampler",
        "num_samples not a positive integer",
        ValueError,
        ["num_samples should be a positive integer value"],
        lambda: tg.utils.data.RandomSampler(range(4), num_samples=0),
    ),
    (
        "tg.utils.data.RandomSampler",
        "replacement not a bool",
        TypeError,
        ["replacement should be a boolean value"],
        lambda: tg.utils.data.RandomSampler(range(4), replacement=1),
    ),
    (
        "tg.utils.data.default_collate",
        "an element it cannot collate (an object, a NumPy array of strings)",
        TypeError,
        ["default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists"],
        lambda: tg.utils.data.default_collate([object(), object()]),
    ),
    (
        "tg.utils.data.default_collate",
        "sequence samples of different lengths",
        RuntimeError,
        ["each element in list of batch should be of equal size"],
        lambda: tg.utils.data.default_collate([[1, 2], [1]]),
    ),
]

# --- nn layers: Dropout, Embedding, LayerNorm, BatchNorm1d and their functions
ROWS += [
    (
        "tg.nn.Dropout / tg.nn.functional.dropout",
        "p outside [0, 1]",
        ValueError,
        ["dropout probability has to be between 0 and 1, but got 1.5"],
        lambda: tg.nn.Dropout(1.5),
    ),
    (
        "tg.nn.functional.dropout",
        "an integer tensor",
        TypeError,
        ["expected a floating-point tensor, got int64"],
        lambda: tg.nn.functional.dropout(tg.tensor([1, 2])),
    ),
    (
        "tg.nn.Embedding",
        "sparse=True (tapegrad has no sparse gradients)",
        NotImplementedError,
        ["sparse=True", "use sparse=False"],
        lambda: tg.nn.Embedding(3, 2, sparse=True),
    ),
    (
        "tg.nn.Embedding",
        "padding_idx outside [-num_embeddings, num_embeddings)",
        AssertionError,
        ["Padding_idx must be within num_embeddings"],
        lambda: tg.nn.Embedding(3, 2, padding_idx=3),
    ),
    (
        "tg.nn.Embedding.from_pretrained",
        "embeddings not 2-D",
        AssertionError,
        ["Embeddings parameter is expected to be 2-dimensional"],
        lambda: tg.nn.Embedding.from_pretrained(tg.ones(3)),
    ),
    (
        "tg.nn.LayerNorm / tg.nn.functional.layer_norm",
        "input whose trailing dimensions are not normalized_shape",
        ValueError,
        ["Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[2, 4]"],
        lambda: tg.nn.LayerNorm(3)(tg.ones((2, 4))),
    ),
    (
        "tg.nn.functional.layer_norm",
        "weight or bias of another shape than normalized_shape",
        ValueError,
        ["Expected weight to be of same shape as normalized_shape", "[4]"],
        lambda: tg.nn.functional.layer_norm(tg.ones((2, 3)), [3], tg.ones(4)),
    ),
    (
        "tg.nn.functional.layer_norm",
        "empty normalized_shape",
        ValueError,
        ["at least 1-dimensional"],
        lambda: tg.nn.functional.layer_norm(tg.ones((2, 3)), []),
    ),
    (
        "tg.nn.functional.layer_norm",
        "an integer tensor, or weight or bias of another dtype",
        TypeError,
        ["not implemented for int64"],
        lambda: tg.nn.functional.layer_norm(tg.tensor([[1, 2, 3]]), [3]),
    ),
    (
        "tg.nn.BatchNorm1d / tg.nn.functional.batch_norm",
        "training with one value per channel",
        ValueError,
        ["Expected more than 1 value per channel when training"],
        lambda: tg.nn.BatchNorm1d(3)(tg.ones((1, 3))),
    ),
    (
        "tg.nn.BatchNorm1d",
        "input not 2-D or 3-D",
        ValueError,
        ["expected 2D or 3D input (got 1D input)"],
        lambda: tg.nn.BatchNorm1d(3)(tg.ones(3)),
    ),
    (
        "tg.nn.functional.batch_norm",
        "no running statistics outside training",
        ValueError,
        ["running_mean and running_var must be defined in evaluation mode"],
        lambda: tg.nn.functional.batch_norm(tg.ones((2, 3)), None, None),
    ),
    (
        "tg.nn.functional.batch_norm",
        "running_mean, running_var, weight or bias without one value per channel",
        ValueError,
        ["running_mean should contain 4 elements"],
        lambda: tg.nn.functional.batch_norm(tg.ones((2, 4)), tg.zeros(3), tg.ones(3)),
    ),
    (
        "tg.nn.BatchNorm1d / tg.nn.functional.batch_norm",
        "running statistics, weight or bias of another dtype than the input",
        TypeError,
        ["expected weight of the input's dtype float32, got float64"],
        lambda: tg.nn.functional.batch_norm(
            tg.ones((2, 3), dtype=tg.float32), None, None, tg.ones(3), training=True
        ),
    ),
    (
        "tg.nn.functional.batch_norm",
        "momentum not a number (None)",
        TypeError,
        ["argument 'momentum' must be a number"],
        lambda: tg.nn.functional.batch_norm(
            tg.ones((2, 3)), tg.zeros(3), tg.ones(3), training=True, momentum=None
        ),
    ),
]


@pytest.mark.parametrize("entry, bad_input, exc, needles, call", ROWS, ids=[f"{r[0]}: {r[1]}" for r in ROWS])
def test_row(entry, bad_input, exc, needles, call):
    with pytest.raises(exc) as info:
        call()
    assert type(info.value) is exc or exc is not Exception, type(info.value)
    message = str(info.value)
    assert message, "an exception without a message"
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"


def test_failed_calls_leave_inputs_untouched():
    # Every row again on shared operands: whatever raised changed neither values nor gradients.
    a = tg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    a.grad = np.full((2, 3), 0.5)
    before = (a.numpy().copy(), a.grad.numpy().copy())
    for call in (
        lambda: a + np.ones(4),
        lambda: a @ a,
        lambda: a.reshape(4, 2),
        lambda: a.sum(axis=3),
        lambda: tg.mse_loss(a, np.ones(3)),
        lambda: (a * 2.0).backward(np.ones(3)),
        lambda: setattr_(a, "grad", np.ones(4)),
        lambda: tg.binary_cross_entropy(a, a),
    ):
        with pytest.raises((ValueError, IndexError, TypeError, RuntimeError)):
            call()
    np.testing.assert_array_equal(a.numpy(), before[0])
    np.testing.assert_array_equal(a.grad, before[1])


def section_rows():
    """The rows of the sections whose tables live in their own test files (tests/test_*_errors.py,
    each running its rows and checking its section), so that this file checks the whole page."""
    rows = []
    for path in sorted(pathlib.Path(__file__).parent.glob("test_*_errors.py")):
        spec = importlib.util.spec_from_file_location(f"_contract_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows += module.ROWS
    return rows


ALL_ROWS = ROWS + section_rows()


def doc_rows():
    rows = []
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            not line.startswith("|")
            or len(cells) != 4
            or cells[0] in ("Entry point", "")
            or set(cells[0]) <= {"-", ":"}
        ):
            continue
        entry = re.sub(r"^`(.*)`$", r"\1", cells[0])
        exc = re.sub(r"^`(.*)`$", r"\1", cells[2])
        rows.append((entry, cells[1], exc))
    return rows


@pytest.mark.skipif(not DOC.is_file(), reason="docs/errors.md is not beside this copy of the tests")
def test_doc_and_table_agree():
    table = [(entry, bad, exc.__name__) for entry, bad, exc, _, _ in ALL_ROWS]
    assert len(set(table)) == len(table), "a row is listed twice in ROWS"
    documented = doc_rows()
    assert documented, f"no table rows found in {DOC}"
    missing_from_doc = [r for r in table if r not in documented]
    missing_from_test = [r for r in documented if r not in table]
    assert not missing_from_doc and not missing_from_test, (missing_from_doc, missing_from_test)


def covered_names():
    """The names the table's entry points mention: "tg.sum / mean / amax" covers sum, mean and amax."""
    names = set()
    for entry, *_ in ALL_ROWS:
        for word in re.findall(r"[A-Za-z_][\w.]*", entry):
            names.add(word.rsplit(".", 1)[-1])
    return names


def test_every_public_name_has_a_row_or_takes_no_input():
    # Names without a row take no arguments that can be bad, or are types, constants and modules.
    no_bad_input = {
        "Node",
        "Tensor",
        "Size",
        "__version__",
        "ArgumentError",
        "DTypeError",
        "GradcheckError",
        "cpu_info",
        "get_num_threads",
        "get_cmake_dir",
        "get_include",
        "get_default_dtype",
        "is_grad_enabled",
        "is_anomaly_enabled",
        "enable_grad",
        "seed",
        "initial_seed",
        "get_rng_state",
        "default_generator",
    }
    # Subpackages (nn, optim, datasets, ...) are covered through their classes' rows; dtypes are
    # constants.
    no_bad_input |= {name for name in tg.__all__ if inspect.ismodule(getattr(tg, name))}
    no_bad_input |= {name for name in tg.__all__ if isinstance(getattr(tg, name), tg.dtype)}
    covered = covered_names()
    missing = [name for name in tg.__all__ if name not in no_bad_input and name not in covered]
    assert not missing, f"no row in the contract for: {', '.join('tg.' + n for n in sorted(missing))}"


@pytest.mark.skipif(not hasattr(tg.Tensor, "copy_"), reason="Tensor.copy_ is not in this build")
def test_in_place_copy_after_save_names_shape_and_op():
    # Tensor.copy_ is tapegrad's own in-place write: it bumps the version, so the backward of
    # every op that saved the old values raises, naming the tensor's shape and the op.
    w = tg.tensor(np.ones((2, 2)), requires_grad=True)
    x = tg.tensor(np.full((3, 2), 0.5), requires_grad=True)
    losses = {"Mul": (w * w).sum(), "MatMul": (x @ w).sum(), "Dense": tg.dense(x, w, None, "sigmoid").sum()}
    with tg.no_grad():
        w.copy_(np.zeros((2, 2)))
    for op, loss in losses.items():
        with pytest.raises(RuntimeError, match=rf"\(2, 2\).*{op}.*modified in place"):
            loss.backward()
    assert w.grad is None and x.grad is None


@pytest.mark.parametrize("shape_w", [(3,), (1,)])  # same shape, and broadcast
def test_mul_saves_only_the_values_a_gradient_needs(shape_w):
    # As PyTorch: x * w with w constant keeps w's values (x's gradient needs them) but not x's.
    # Changing x in place after the product leaves the backward exact; changing w raises.
    x = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = tg.tensor(np.full(shape_w, 0.5))
    loss = (x * w).sum()
    with tg.no_grad():
        x.copy_(np.zeros(3))
    loss.backward()
    np.testing.assert_array_equal(x.grad, [0.5, 0.5, 0.5])
    x.grad = None
    loss = (x * w).sum()
    with tg.no_grad():
        w.copy_(np.zeros(shape_w))
    with pytest.raises(RuntimeError, match=r"Mul.*modified in place"):
        loss.backward()
    assert x.grad is None


def test_writes_through_numpy_views_are_not_tracked():
    # The documented limit (docs/errors.md): a write through a view is invisible to the version
    # counter, so the backward uses the new values without raising.
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    w.numpy()[...] = [10.0, 20.0]
    loss.backward()
    np.testing.assert_array_equal(w.grad, [20.0, 40.0])  # 2 * the new values: not caught
