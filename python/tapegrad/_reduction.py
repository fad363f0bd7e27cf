"""Reductions, as ``torch.sum``, ``torch.max``, ``torch.var``, ... and the Tensor methods of the same
names; cumulative sums and products; ``softmax`` and ``log_softmax``.

Each function has PyTorch's name, arguments, defaults and result dtypes: ``dim`` is None (every
dimension), an int or a tuple of ints (where PyTorch takes one), negative dims count from the
end, ``keepdim`` keeps the reduced dimensions with size 1. NumPy's ``axis`` and ``keepdims`` are
accepted as keyword aliases. ``max``, ``min`` and ``median`` over one dim return a named tuple
``(values, indices)`` as ``torch.return_types.max`` does.
"""

import builtins
import collections
import math
import types

from . import _core
from ._core import Tensor

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "log_softmax",
    "logsumexp",
    "max",
    "mean",
    "median",
    "min",
    "nanmean",
    "nansum",
    "norm",
    "prod",
    "softmax",
    "std",
    "std_mean",
    "sum",
    "var",
    "var_mean",
]


def _return_type(name):
    cls = collections.namedtuple(name, ["values", "indices"])
    cls.__module__ = "tapegrad.return_types"
    cls.__doc__ = f"The result of ``{name}(input, dim)``: a named tuple ``(values, indices)``."
    return cls


# The named tuples of torch.return_types: max, min and median over a dim.
return_types = types.SimpleNamespace(
    max=_return_type("max"), min=_return_type("min"), median=_return_type("median")
)


def _dim_arg(dim, axis, keepdim, keepdims):
    if axis is not None:
        if dim is not None:
            raise TypeError("pass dim or axis (its NumPy name), not both")
        dim = axis
    if keepdims is not None:
        keepdim = keepdims
    return dim, keepdim


def _one_dim(name, dim):
    if isinstance(dim, (tuple, list)):
        raise TypeError(
            f"{name}(): argument 'dim' must be int, not {type(dim).__name__} "
            f"(for several dims use amax/amin, which take a tuple)"
            if name in ("max", "min")
            else f"{name}(): argument 'dim' must be int, not {type(dim).__name__}"
        )
    return dim


def sum(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """The sum of all elements, or over ``dim``. Integer and bool tensors sum in int64.

    The sum over an empty dimension is 0.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None
            (or an empty tuple).
        keepdim (bool): keep the reduced dimensions with size 1.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.

    Returns:
        Tensor: the sums.
    """
    if axis is not None or keepdims is not None:
        dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.sum(input, dim, keepdim, dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """The mean of all elements, or over ``dim``: floating-point tensors only (or with ``dtype``).

    The mean over an empty dimension is NaN, as in PyTorch.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.

    Returns:
        Tensor: the means.

    Raises:
        TypeError: an integer or bool input without a floating-point ``dtype``.
    """
    if axis is not None or keepdims is not None:
        dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.mean(input, dim, keepdim, dtype)


def nansum(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """The sum treating NaN as 0.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.nansum(input, dim, keepdim, dtype)


def nanmean(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """The mean of the elements that are not NaN.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.nanmean(input, dim, keepdim, dtype)


def prod(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
    """The product of all elements, or along one ``dim`` (1 over an empty one).

    Integer and bool tensors multiply in int64. The gradient is exact with zeros in the input.

    Args:
        input (Tensor): the tensor.
        dim (int, optional): the dimension to reduce; all of them when None.
        keepdim (bool): keep the reduced dimension with size 1.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.prod(input, _one_dim("prod", dim), keepdim, dtype)


def _elementwise_extreme(name, input, other, keepdim):
    import tapegrad  # the elementwise maximum/minimum live in the pointwise module

    func = getattr(tapegrad, "maximum" if name == "max" else "minimum", None)
    if keepdim is not False:
        raise TypeError(f"{name}(input, other) takes no keepdim: it is elementwise")
    if func is None:
        raise TypeError(
            f"{name}(input, other): the elementwise form needs tg.{'maximum' if name == 'max' else 'minimum'}"
        )
    return func(input, other)


def _extreme(name, input, dim, keepdim, axis, keepdims):
    if isinstance(dim, Tensor):  # torch.max(input, other) is the elementwise maximum
        return _elementwise_extreme(name, input, dim, keepdim)
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    result = getattr(_core, name)(input, _one_dim(name, dim), keepdim)
    return result if dim is None else getattr(return_types, name)(*result)


def max(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The largest element (a 0-d tensor), or ``(values, indices)`` along ``dim``.

    ``max(input)``: NaN if any element is NaN; the gradient is split evenly among ties.
    ``max(input, dim)``: a named tuple of the largest values and the index of the first one
    (of the first NaN, if any); the gradient flows to that index. ``max(input, other)`` with a
    tensor ``other`` is the elementwise ``maximum``.

    Args:
        input (Tensor): the tensor.
        dim (int or Tensor, optional): the dimension to reduce, or the other tensor.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.

    Returns:
        Tensor, or a ``(values, indices)`` named tuple when ``dim`` is given.

    Raises:
        RuntimeError: ``input`` is empty and no dim is given.
        IndexError: the dimension reduced is empty, or ``dim`` is out of range.
    """
    return _extreme("max", input, dim, keepdim, axis, keepdims)


def min(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The smallest element (a 0-d tensor), or ``(values, indices)`` along ``dim``.

    As ``max``, for the smallest; ``min(input, other)`` is the elementwise ``minimum``.

    Args:
        input (Tensor): the tensor.
        dim (int or Tensor, optional): the dimension to reduce, or the other tensor.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.

    Returns:
        Tensor, or a ``(values, indices)`` named tuple when ``dim`` is given.
    """
    return _extreme("min", input, dim, keepdim, axis, keepdims)


def amax(input, dim=(), keepdim=False, *, axis=None, keepdims=None):
    """The largest element over ``dim`` (every dimension by default); NaN propagates.

    The gradient is split evenly among the elements equal to the maximum.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints): the dimensions to reduce; all of them when empty or None.
        keepdim (bool): keep the reduced dimensions with size 1.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    if axis is not None:
        dim = None if dim == () else dim
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.amax(input, dim, keepdim)


def amin(input, dim=(), keepdim=False, *, axis=None, keepdims=None):
    """The smallest element over ``dim`` (every dimension by default); NaN propagates.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints): the dimensions to reduce; all of them when empty or None.
        keepdim (bool): keep the reduced dimensions with size 1.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    if axis is not None:
        dim = None if dim == () else dim
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.amin(input, dim, keepdim)


def argmax(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The index (int64) of the first largest element along ``dim``, or in the flattened tensor.

    Args:
        input (Tensor): the tensor (not bool).
        dim (int, optional): the dimension to reduce; None for the flat index.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.argmax(input, _one_dim("argmax", dim), keepdim)


def argmin(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The index (int64) of the first smallest element along ``dim``, or in the flattened tensor.

    Args:
        input (Tensor): the tensor (not bool).
        dim (int, optional): the dimension to reduce; None for the flat index.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.argmin(input, _one_dim("argmin", dim), keepdim)


def median(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """The lower median (of an even count, the smaller middle value); NaN if any element is NaN.

    Without ``dim``, a 0-d tensor whose gradient is split evenly among the elements equal to
    it; with ``dim``, a named tuple ``(values, indices)`` whose gradient flows to the index.

    Args:
        input (Tensor): the tensor.
        dim (int, optional): the dimension to reduce.
        keepdim (bool): keep the reduced dimension with size 1.
        axis (int, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    result = _core.median(input, _one_dim("median", dim), keepdim)
    return result if dim is None else return_types.median(*result)


def _correction(name, dim, unbiased, correction):
    if isinstance(dim, builtins.bool):  # the legacy var(input, unbiased)
        if unbiased is not None:
            raise TypeError(f"{name}(): unbiased given twice")
        dim, unbiased = None, dim
    if unbiased is not None:
        if correction is not None:
            raise TypeError(f"{name}(): pass correction or the legacy unbiased, not both")
        correction = 1 if unbiased else 0
    return dim, 1 if correction is None else correction


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None):
    """The variance ``sum((x - mean)^2) / (N - correction)`` over ``dim``.

    ``N - correction <= 0`` gives inf or NaN, as in PyTorch.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        unbiased (bool, optional): the legacy form of ``correction`` (True: 1, False: 0).
        keepdim (bool): keep the reduced dimensions with size 1.
        correction (int or float, optional): subtracted from N in the divisor; 1 by default.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    dim, correction = _correction("var", dim, unbiased, correction)
    return _core.var(input, dim, correction, keepdim)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None):
    """The standard deviation: the square root of ``var`` (same arguments).

    The gradient is 0 where the deviation is 0.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        unbiased (bool, optional): the legacy form of ``correction`` (True: 1, False: 0).
        keepdim (bool): keep the reduced dimensions with size 1.
        correction (int or float, optional): subtracted from N in the divisor; 1 by default.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    dim, correction = _correction("std", dim, unbiased, correction)
    return _core.std(input, dim, correction, keepdim)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None):
    """``(var(input, ...), mean(input, ...))`` over the same dimensions, as a tuple.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        unbiased (bool, optional): the legacy form of ``correction`` (True: 1, False: 0).
        keepdim (bool): keep the reduced dimensions with size 1.
        correction (int or float, optional): subtracted from N in the divisor; 1 by default.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    dim, correction = _correction("var_mean", dim, unbiased, correction)
    return _core.var_mean(input, dim, correction, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None):
    """``(std(input, ...), mean(input, ...))`` over the same dimensions, as a tuple.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        unbiased (bool, optional): the legacy form of ``correction`` (True: 1, False: 0).
        keepdim (bool): keep the reduced dimensions with size 1.
        correction (int or float, optional): subtracted from N in the divisor; 1 by default.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    dim, correction = _correction("std_mean", dim, unbiased, correction)
    return _core.std_mean(input, dim, correction, keepdim)


def logsumexp(input, dim, keepdim=False, *, axis=None, keepdims=None):
    """``log(sum(exp(input)))`` over ``dim``, stable for any values (the maximum is taken out first).

    An empty or all ``-inf`` slice gives ``-inf``; integer inputs compute in the default dtype.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints): the dimensions to reduce (an empty tuple: all of them).
        keepdim (bool): keep the reduced dimensions with size 1.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.logsumexp(input, dim, keepdim)


def _norm_order(p, dim):
    if p is None or (isinstance(p, str) and p == "fro"):
        if isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise ValueError("norm(): the Frobenius norm ('fro') takes at most 2 dims")
        return 2.0
    if isinstance(p, str):
        raise ValueError(
            f"norm(): p={p!r} is not supported: use a number, inf, -inf or 'fro' "
            "(matrix norms such as 'nuc' are not implemented)"
        )
    if isinstance(p, builtins.bool) or (not isinstance(p, (int, float)) and not hasattr(p, "__float__")):
        raise TypeError(f"norm(): p must be a number or 'fro', not {type(p).__name__}")
    p = float(p)
    if math.isnan(p):
        raise ValueError("norm(): p must not be NaN")
    return p


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """The vector p-norm over ``dim`` (every element by default).

    ``p`` = 2 or ``'fro'``: the square root of the sum of squares; 1: the sum of magnitudes; inf /
    -inf: the largest / smallest magnitude; 0: the number of nonzero elements; any other number:
    ``sum(|x|^p)^(1/p)``. The gradient at zero is 0.

    Args:
        input (Tensor): a floating-point tensor.
        p (float or str): the order.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        out (None): not supported (must be None).
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
    """
    if out is not None:
        raise TypeError("norm(): out= is not supported; assign the result instead")
    return _core.norm(input, _norm_order(p, dim), dim, keepdim, dtype)


def cumsum(input, dim, *, dtype=None, axis=None):
    """The running sum along ``dim`` (same shape); integers and bools accumulate in int64.

    Args:
        input (Tensor): the tensor.
        dim (int): the dimension to accumulate along.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int, optional): NumPy's name for ``dim``.
    """
    dim, _ = _dim_arg(dim, axis, False, None)
    return _core.cumsum(input, dim, dtype)


def cumprod(input, dim, *, dtype=None, axis=None):
    """The running product along ``dim`` (same shape); integers and bools accumulate in int64.

    The gradient is exact with zeros in the input.

    Args:
        input (Tensor): the tensor.
        dim (int): the dimension to accumulate along.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
        axis (int, optional): NumPy's name for ``dim``.
    """
    dim, _ = _dim_arg(dim, axis, False, None)
    return _core.cumprod(input, dim, dtype)


def any(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Whether any element is nonzero (True), over every dimension or ``dim``: a bool tensor.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.any(input, dim, keepdim)


def all(input, dim=None, keepdim=False, *, axis=None, keepdims=None):
    """Whether every element is nonzero (True), over every dimension or ``dim``: a bool tensor.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
        keepdims (bool, optional): NumPy's name for ``keepdim``.
    """
    dim, keepdim = _dim_arg(dim, axis, keepdim, keepdims)
    return _core.all(input, dim, keepdim)


def count_nonzero(input, dim=None, *, axis=None):
    """The number of nonzero elements (int64), over every dimension or ``dim``.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimensions to count over; all when None.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.
    """
    dim, _ = _dim_arg(dim, axis, False, None)
    return _core.count_nonzero(input, dim)


def softmax(input, dim, dtype=None):
    """``exp(input) / sum(exp(input))`` along ``dim``, stable for logits of any size.

    The maximum of each slice is subtracted first; a ``-inf`` entry gets probability 0 and an
    all ``-inf`` slice gives NaN, as in PyTorch. The backward is one fused loop.

    Args:
        input (Tensor): a floating-point tensor (or any, with a floating-point ``dtype``).
        dim (int): the dimension the probabilities sum to 1 along.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
    """
    return _core.softmax(input, dim, dtype)


def log_softmax(input, dim, dtype=None):
    """``input - logsumexp(input, dim, keepdim=True)``: the log of ``softmax``, computed stably.

    Args:
        input (Tensor): a floating-point tensor (or any, with a floating-point ``dtype``).
        dim (int): the dimension to normalise along.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
    """
    return _core.log_softmax(input, dim, dtype)


def _method_norm(self, p="fro", dim=None, keepdim=False, dtype=None):
    """The vector p-norm, as ``tg.norm`` (``t.norm(p, dim, keepdim, dtype)``).

    Args:
        p (float or str): the order: a number, inf, -inf or ``'fro'`` (2).
        dim (int or tuple of ints, optional): the dimensions to reduce; all of them when None.
        keepdim (bool): keep the reduced dimensions with size 1.
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.
    """
    return norm(self, p, dim, keepdim, dtype=dtype)


for _name in __all__:
    if _name not in ("norm", "var_mean", "std_mean"):
        setattr(Tensor, _name, globals()[_name])
Tensor.norm = _method_norm
Tensor.norm.__name__ = "norm"
del _name
