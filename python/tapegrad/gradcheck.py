"""Gradients by finite differences, and a check of backprop against them."""

import math
from numbers import Real

import numpy as np

from ._core import Tensor, tensor
from .grad_mode import no_grad


class GradcheckError(AssertionError):
    """Backprop and finite differences disagree."""


def _as_scalar(value):
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise ValueError(
                f"the function must return one value, got a tensor of shape {tuple(value.shape)}"
            )
        return value.item()
    if isinstance(value, Real):
        return float(value)
    raise TypeError(f"the function must return a one-element Tensor or a number, got {type(value).__name__}")


def _check_step(h):
    if not (isinstance(h, Real) and math.isfinite(h) and h > 0):
        raise ValueError(f"the step h must be a positive finite number, got {h!r}")


def _slope(f, inputs, set_value, value, h):
    """(f(.. value + h ..) - f(.. value - h ..)) / 2h, restoring the input afterwards."""
    try:
        set_value(value + h)
        above = _as_scalar(f(*inputs))
        set_value(value - h)
        below = _as_scalar(f(*inputs))
    finally:
        set_value(value)
    return (above - below) / (2 * h)


def _numeric_grad_of(f, inputs, i, h):
    x = inputs[i]
    if isinstance(x, Tensor):
        # Each element is nudged in place through a NumPy view and put back exactly as it was.
        flat = x.numpy().reshape(-1)
        grad = np.empty(flat.size, dtype=np.float64)
        for j, value in enumerate(flat.tolist()):

            def set_value(v, j=j):
                flat[j] = v

            grad[j] = _slope(f, inputs, set_value, value, h)
        return grad.reshape(x.shape)
    if isinstance(x, Real):
        args = list(inputs)

        def set_value(v):
            args[i] = v

        return _slope(f, args, set_value, float(x), h)
    raise TypeError(f"inputs must be Tensors or numbers, got {type(x).__name__} for input {i}")


def numeric_grad(f, *inputs, h=1e-6):
    """The slope of the scalar function ``f(*inputs)`` by central finite differences.

    ``(f(x + h) - f(x - h)) / 2h`` for each element of each input, as the blog computes slopes
    by hand. Returns one gradient per input (a float for a number, a float64 array of the
    input's shape for a Tensor); with one input, that gradient alone. Inputs are restored
    exactly. Use float64 tensors: in float32 a step of 1e-6 is lost in rounding.

    Args:
        f: A function of the inputs returning a number or a one-element Tensor. It runs under
            ``no_grad``.
        *inputs: Tensors (nudged in place, element by element) and Python numbers.
        h: The step, a positive finite number.

    Returns:
        The gradient of each input, or the one gradient when there is one input.

    Raises:
        ValueError: No inputs, a bad step, or ``f`` returns more than one value.
        TypeError: An input is neither a Tensor nor a number, or ``f`` returns something else
            than a number or a Tensor.
    """
    _check_step(h)
    if not inputs:
        raise ValueError("numeric_grad needs at least one input")
    with no_grad():
        grads = [_numeric_grad_of(f, inputs, i, h) for i in range(len(inputs))]
    return grads[0] if len(grads) == 1 else tuple(grads)


def _weighted_sum(f, inputs):
    """f itself when it returns one value, else ``(f(*x) * w).sum()`` for fixed random weights
    ``w``: every output element then counts, each differently, and the check stays one backward."""
    out = f(*inputs)
    if not isinstance(out, Tensor) or out.numel() == 1:
        return f
    rng = np.random.default_rng(0)
    weights = tensor(rng.uniform(0.5, 1.5, tuple(out.shape)), dtype=out.dtype)
    return lambda *args: (f(*args) * weights).sum()


def gradcheck(f, *inputs, atol=1e-5, rtol=1e-3, h=1e-6):
    """Checks backprop's gradients of ``f(*inputs)`` against finite differences.

    Every input that requires a gradient must be a float64 Tensor. A function with several
    outputs is checked through a weighted sum of them (fixed random weights in [0.5, 1.5]).
    Returns True, or raises GradcheckError naming the worst element. The inputs' ``.grad`` are
    left as they were.

    An element passes when ``|backprop - numeric| <= atol + rtol * |numeric|``.

    Args:
        f: A function of the inputs returning a Tensor.
        *inputs: Tensors (those with ``requires_grad`` are checked) and other arguments of ``f``.
        atol: The absolute tolerance.
        rtol: The relative tolerance.
        h: The finite-difference step, as in ``numeric_grad``.

    Returns:
        True.

    Raises:
        GradcheckError: Backprop and finite differences disagree (or give NaN) somewhere.
        ValueError: No input requires a gradient.
        TypeError: An input that requires a gradient is not float64.
    """
    tensors = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    if not tensors:
        raise ValueError("gradcheck needs at least one input Tensor with requires_grad=True")
    for x in tensors:
        if x.dtype != np.float64:
            raise TypeError(
                f"gradcheck needs float64 inputs (finite differences in {x.dtype} are too coarse)"
            )
    saved = [None if x.grad is None else x.grad.numpy().copy() for x in tensors]
    with no_grad():
        f = _weighted_sum(f, inputs)
    try:
        for x in tensors:
            x.grad = None
        out = f(*inputs)
        _as_scalar(out)
        out.backward()
        analytic = [np.zeros(x.shape) if x.grad is None else x.grad.numpy().copy() for x in tensors]
    finally:
        for x, g in zip(tensors, saved):
            x.grad = g
    with no_grad():
        numeric = [_numeric_grad_of(f, inputs, _position(inputs, x), h) for x in tensors]
    for x, a, num in zip(tensors, analytic, numeric):
        excess = np.abs(a - num) - (atol + rtol * np.abs(num))
        if excess.size and (not np.all(excess <= 0) or np.isnan(excess).any()):
            worst = np.unravel_index(np.nanargmax(np.where(np.isnan(excess), np.inf, excess)), x.shape)
            raise GradcheckError(
                f"gradient of input {_position(inputs, x)} (shape {tuple(x.shape)}) disagrees at index "
                f"{tuple(int(k) for k in worst)}: "
                f"backprop {a[worst]!r}, finite differences {num[worst]!r} (atol={atol}, rtol={rtol})"
            )
    return True


def _position(inputs, x):
    return next(i for i, item in enumerate(inputs) if item is x)


def gradgradcheck(f, *inputs, atol=1e-5, rtol=1e-3, h=1e-6):
    """Checks second derivatives of ``f(*inputs)``: backprop through a recorded backward against
    finite differences of the gradient.

    The gradient of ``f`` (through a weighted sum, as in ``gradcheck``, when it has several
    outputs) is taken with ``create_graph=True`` and projected on fixed random directions ``u``:
    ``s(x) = sum_i <grad_i f(x), u_i>``. ``gradcheck`` then compares the gradient of ``s``, which
    runs every node's backward twice, with finite differences of ``s``. So each op's
    differentiable backward (its ``create_graph`` rule) is checked against its own first
    derivative, element by element.

    Args:
        f: A function of the inputs returning a Tensor.
        *inputs: Tensors (those with ``requires_grad`` are checked; float64) and other arguments.
        atol: The absolute tolerance.
        rtol: The relative tolerance.
        h: The finite-difference step.

    Returns:
        True.

    Raises:
        GradcheckError: The second derivatives disagree with finite differences somewhere.
        ValueError: No input requires a gradient.
        TypeError: An input that requires a gradient is not float64.
    """
    from .autograd import grad
    from .grad_mode import enable_grad

    tensors = [x for x in inputs if isinstance(x, Tensor) and x.requires_grad]
    if not tensors:
        raise ValueError("gradgradcheck needs at least one input Tensor with requires_grad=True")
    with no_grad():
        f = _weighted_sum(f, inputs)
    rng = np.random.default_rng(1)
    directions = [tensor(rng.uniform(-1.0, 1.0, tuple(x.shape)), dtype=x.dtype) for x in tensors]

    def projected_gradient(*args):
        with enable_grad():
            wrt = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
            grads = grad(f(*args), wrt, create_graph=True, allow_unused=True)
            terms = [(g * u).sum() for g, u in zip(grads, directions) if g is not None]
            if not terms:
                raise GradcheckError("f does not depend on any input that requires a gradient")
            total = terms[0]
            for term in terms[1:]:
                total = total + term
            return total

    return gradcheck(projected_gradient, *inputs, atol=atol, rtol=rtol, h=h)
