"""Activation functions of ``tapegrad.nn.functional``, as in ``torch.nn.functional``.

Each has PyTorch's signature. ``inplace=True`` changes the input under tapegrad's in-place rules
(a leaf that requires a gradient cannot be changed while gradients are recorded) and returns it.
Integer tensors: ``relu``, ``relu6`` and ``hardtanh`` keep them, ``softsign`` and
``tanhshrink`` give the default float dtype, the others raise TypeError (as in PyTorch).
"""

from .. import _core

__all__ = [
    "celu",
    "celu_",
    "elu",
    "elu_",
    "gelu",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hardtanh_",
    "leaky_relu",
    "leaky_relu_",
    "logsigmoid",
    "mish",
    "relu",
    "relu6",
    "relu_",
    "selu",
    "selu_",
    "sigmoid",
    "silu",
    "softplus",
    "softsign",
    "tanh",
    "tanhshrink",
]


def _apply(input, inplace, name, func):
    """``func(input)``, or the same written into ``input`` (``name`` names the update in errors)."""
    if inplace:
        return _core._apply_inplace(input, name, func)
    return func(input)


def relu(input, inplace=False):
    """``max(input, 0)``, elementwise.

    Args:
        input (Tensor): the tensor (integer tensors stay integer; bool is refused).
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: ``relu(input)``; the gradient is 0 where ``input <= 0``.
    """
    return _apply(input, inplace, "relu_", _core.relu)


def relu_(input):
    """``relu(input, inplace=True)``.

    Args:
        input (Tensor): the tensor to change.

    Returns:
        Tensor: ``input`` itself.
    """
    return relu(input, inplace=True)


def relu6(input, inplace=False):
    """``min(max(input, 0), 6)``, elementwise (``hardtanh(input, 0, 6)``).

    Args:
        input (Tensor): the tensor (integer tensors stay integer).
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the clamped values; the gradient is 0 at 0 and 6 and outside.
    """
    return _apply(input, inplace, "relu6_", _core.relu6)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """``input`` clamped to ``[min_val, max_val]``; the gradient is 0 at the bounds and outside.

    Args:
        input (Tensor): the tensor (integer tensors stay integer).
        min_val (float): the lower bound.
        max_val (float): the upper bound, not below ``min_val``.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the clamped values.

    Raises:
        ValueError: ``min_val > max_val``.
    """
    return _apply(input, inplace, "hardtanh_", lambda t: _core.hardtanh(t, min_val, max_val))


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """``hardtanh(input, min_val, max_val, inplace=True)``.

    Args:
        input (Tensor): the tensor to change.
        min_val (float): the lower bound.
        max_val (float): the upper bound.

    Returns:
        Tensor: ``input`` itself.
    """
    return hardtanh(input, min_val, max_val, inplace=True)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """``input`` where positive, ``negative_slope * input`` elsewhere.

    Args:
        input (Tensor): a floating-point tensor.
        negative_slope (float): the slope below 0.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.
    """
    return _apply(input, inplace, "leaky_relu_", lambda t: _core.leaky_relu(t, negative_slope))


def leaky_relu_(input, negative_slope=0.01):
    """``leaky_relu(input, negative_slope, inplace=True)``.

    Args:
        input (Tensor): the tensor to change.
        negative_slope (float): the slope below 0.

    Returns:
        Tensor: ``input`` itself.
    """
    return leaky_relu(input, negative_slope, inplace=True)


def elu(input, alpha=1.0, inplace=False):
    """``input`` where positive, ``alpha * (exp(input) - 1)`` elsewhere.

    Args:
        input (Tensor): a floating-point tensor.
        alpha (float): the scale of the negative part.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.
    """
    return _apply(input, inplace, "elu_", lambda t: _core.elu(t, alpha))


def elu_(input, alpha=1.0):
    """``elu(input, alpha, inplace=True)``.

    Args:
        input (Tensor): the tensor to change.
        alpha (float): the scale of the negative part.

    Returns:
        Tensor: ``input`` itself.
    """
    return elu(input, alpha, inplace=True)


def selu(input, inplace=False):
    """``scale * elu(input, alpha)`` with SELU's constants (alpha 1.6733, scale 1.0507).

    Args:
        input (Tensor): a floating-point tensor.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.
    """
    return _apply(input, inplace, "selu_", _core.selu)


def selu_(input):
    """``selu(input, inplace=True)``.

    Args:
        input (Tensor): the tensor to change.

    Returns:
        Tensor: ``input`` itself.
    """
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """``max(0, input) + min(0, alpha * (exp(input / alpha) - 1))``.

    Args:
        input (Tensor): a floating-point tensor.
        alpha (float): the scale, not 0.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.

    Raises:
        RuntimeError: ``alpha`` is 0 (``ZeroDivisionError``, as PyTorch).
    """
    return _apply(input, inplace, "celu_", lambda t: _core.celu(t, alpha))


def celu_(input, alpha=1.0):
    """``celu(input, alpha, inplace=True)``.

    Args:
        input (Tensor): the tensor to change.
        alpha (float): the scale, not 0.

    Returns:
        Tensor: ``input`` itself.
    """
    return celu(input, alpha, inplace=True)


def gelu(input, approximate="none"):
    """``input * Phi(input)``, Phi the standard normal CDF (exact, through erf), or its tanh approximation.

    Args:
        input (Tensor): a floating-point tensor.
        approximate (str): ``'none'`` for the exact form, ``'tanh'`` for
            ``0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))``.

    Returns:
        Tensor: the activations.

    Raises:
        ValueError: ``approximate`` is neither ``'none'`` nor ``'tanh'``.
    """
    return _core.gelu(input, approximate)


def silu(input, inplace=False):
    """``input * sigmoid(input)`` (the swish), stable for any value.

    Args:
        input (Tensor): a floating-point tensor.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.
    """
    return _apply(input, inplace, "silu_", _core.silu)


def mish(input, inplace=False):
    """``input * tanh(softplus(input))``, stable for any value.

    Args:
        input (Tensor): a floating-point tensor.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.
    """
    return _apply(input, inplace, "mish_", _core.mish)


def softplus(input, beta=1.0, threshold=20.0):
    """``log(1 + exp(beta * input)) / beta``, and ``input`` itself where ``beta * input > threshold``.

    Computed without overflow for any value (PyTorch gives inf where ``exp(beta * input)``
    overflows below a large threshold; tapegrad gives the finite value).

    Args:
        input (Tensor): a floating-point tensor.
        beta (float): the sharpness.
        threshold (float): above ``beta * input > threshold`` the function is the identity.

    Returns:
        Tensor: the activations.
    """
    return _core.softplus(input, beta, threshold)


def softsign(input):
    """``input / (1 + |input|)``.

    Args:
        input (Tensor): the tensor (integers give the default float dtype).

    Returns:
        Tensor: values in (-1, 1).
    """
    return _core.softsign(input)


def hardsigmoid(input, inplace=False):
    """``relu6(input + 3) / 6``: 0 below -3, 1 above 3, linear between.

    Args:
        input (Tensor): a floating-point tensor.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: values in [0, 1]; the gradient is 1/6 strictly between -3 and 3, else 0.
    """
    return _apply(input, inplace, "hardsigmoid_", _core.hardsigmoid)


def hardswish(input, inplace=False):
    """``input * relu6(input + 3) / 6``.

    Args:
        input (Tensor): a floating-point tensor.
        inplace (bool): change ``input`` itself and return it.

    Returns:
        Tensor: the activations.
    """
    return _apply(input, inplace, "hardswish_", _core.hardswish)


def logsigmoid(input):
    """``log(sigmoid(input))``, stable for any value (``-softplus(-input)``).

    Args:
        input (Tensor): a floating-point tensor.

    Returns:
        Tensor: values in (-inf, 0].
    """
    return _core.logsigmoid(input)


def tanhshrink(input):
    """``input - tanh(input)``.

    Args:
        input (Tensor): the tensor (integers give the default float dtype).

    Returns:
        Tensor: the activations.
    """
    return _core.tanhshrink(input)


def sigmoid(input):
    """``1 / (1 + exp(-input))``, stable for any value (as ``tg.sigmoid``).

    Args:
        input (Tensor): the tensor (integers give the default float dtype).

    Returns:
        Tensor: values in [0, 1].
    """
    return _core.sigmoid(input)


def tanh(input):
    """The hyperbolic tangent (as ``tg.tanh``).

    Args:
        input (Tensor): the tensor (integers give the default float dtype).

    Returns:
        Tensor: values in [-1, 1].
    """
    return _core.tanh(input)
