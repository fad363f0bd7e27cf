"""Shapes and matrix products, as ``torch.reshape``, ``torch.matmul``, ... and the Tensor methods."""

from . import _core
from ._core import Tensor

__all__ = ["matmul", "reshape", "transpose"]


def _shape_args(shape):
    # reshape(2, 3), reshape((2, 3)) and reshape([2, 3]) mean the same shape.
    return shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape


def reshape(input, shape):
    """The same values in a new shape: a view when the memory allows, else a copy.

    Args:
        input (Tensor): the tensor.
        shape (tuple of ints): the new shape; one dimension may be -1.
    """
    return _core.reshape(input, shape)


def transpose(input, axes=None):
    """The axes permuted (reversed when ``axes`` is None): a view.

    Args:
        input (Tensor): the tensor.
        axes (sequence of ints, optional): the permutation.
    """
    return _core.transpose(input, axes)


def matmul(input, other):
    """The matrix product; 1-D operands as NumPy and PyTorch treat them.

    Args:
        input (Tensor): the left operand.
        other (Tensor): the right operand.
    """
    return _core.matmul(input, other)


def _reshape_method(self, *shape):
    return _core.reshape(self, _shape_args(shape))


def _transpose_method(self, *axes):
    return _core.transpose(self, _shape_args(axes) if axes else None)


Tensor.reshape = _reshape_method
Tensor.transpose = _transpose_method
Tensor.matmul = matmul
