"""Reductions, as ``torch.sum``, ``torch.mean``, ... and the Tensor methods of the same names.

Dimensions are named ``dim`` and ``keepdim`` as in PyTorch; NumPy's ``axis`` and ``keepdims`` are
accepted too.
"""

from . import _core
from ._core import Tensor

__all__ = ["mean", "sum"]


def _dim_arg(dim, axis, keepdim, keepdims):
    if axis is not None:
        if dim is not None:
            raise TypeError("pass dim or axis (its NumPy name), not both")
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    return dim, keepdim


def sum(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The sum of all elements, or over dimension ``dim``.

    Args:
        input (Tensor): the tensor.
        dim (int, optional): the dimension to reduce; all of them when None.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.sum(input, dim, keepdim)


def mean(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The mean of all elements, or over dimension ``dim`` (floating-point tensors only).

    Args:
        input (Tensor): the tensor.
        dim (int, optional): the dimension to reduce; all of them when None.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.mean(input, dim, keepdim)


Tensor.sum = sum
Tensor.mean = mean
