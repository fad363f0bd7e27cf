"""Elementwise math, as ``torch.exp``, ``torch.sqrt``, ... and the Tensor methods of the same names.

Each function has PyTorch's name, arguments and defaults; the arithmetic is C++ (``_core``).
"""

from . import _core
from ._core import Tensor

__all__ = ["exp", "log", "pow", "relu", "sigmoid", "tanh"]


def exp(input):
    """``e ** input``, elementwise (integer tensors give the default float dtype).

    Args:
        input (Tensor): the tensor.
    """
    return _core.exp(input)


def log(input):
    """The natural logarithm, elementwise.

    Args:
        input (Tensor): the tensor.
    """
    return _core.log(input)


def tanh(input):
    """The hyperbolic tangent, elementwise.

    Args:
        input (Tensor): the tensor.
    """
    return _core.tanh(input)


def sigmoid(input):
    """``1 / (1 + exp(-input))``, elementwise, stable for any value.

    Args:
        input (Tensor): the tensor.
    """
    return _core.sigmoid(input)


def relu(input):
    """``max(input, 0)``, elementwise (NaN stays NaN).

    Args:
        input (Tensor): the tensor.
    """
    return _core.relu(input)


def pow(input, exponent):
    """``input ** exponent``, elementwise.

    Args:
        input (Tensor): the base.
        exponent (float): the exponent.
    """
    return _core.pow(input, exponent)


for _f in (exp, log, tanh, sigmoid, relu, pow):
    setattr(Tensor, _f.__name__, _f)
