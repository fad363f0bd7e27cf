"""The parts of Tensor that are plain Python: printing, conversions, NumPy interop and pickling.

The operators, indexing and the ops themselves are C++ (``_core``); what is here only turns
PyTorch's spellings into those calls.
"""

import builtins

import numpy as np

from . import _core, _dtype
from ._core import Tensor, tensor  # noqa: F401  (tensor: importable from here too)

__all__ = ["dense", "from_numpy", "is_floating_point", "is_tensor", "numel"]


def _repr(self):
    array = self.numpy()
    if array.dtype.kind == "f" and array.size:
        finite = array[np.isfinite(array)]
        integral = finite.size == 0 or bool(np.all(finite == np.round(finite)))
        mode = "unique" if integral else "fixed"
        body = np.array2string(array, separator=", ", prefix="tensor(", precision=4, floatmode=mode)
    else:
        body = np.array2string(array, separator=", ", prefix="tensor(")
    extras = []
    default = _core.get_default_dtype()
    if self.dtype not in (default, _dtype.int64, _dtype.bool) or (array.size == 0 and self.dtype != default):
        extras.append(f"dtype={self.dtype!r}")
    if self.grad_fn is not None:
        extras.append(f"grad_fn=<{self.grad_fn.name}>")
    elif self.requires_grad:
        extras.append("requires_grad=True")
    return f"tensor({', '.join([body, *extras])})"


def _array(self, dtype=None, copy=None):
    # NumPy's __array__ protocol: a view of the tensor's memory unless a copy is asked for.
    view = self.numpy()
    if copy:
        return np.array(view, dtype=dtype, copy=True)
    if dtype is not None and np.dtype(dtype) != view.dtype:
        if copy is False:
            raise ValueError(f"cannot convert a {view.dtype} tensor to {np.dtype(dtype)} without a copy")
        return view.astype(dtype)
    return view


def _rebuild(data, requires_grad):
    return _core.tensor(data, requires_grad=requires_grad)


def _reduce(self):
    # Pickles the values, dtype and requires_grad; the graph is not saved (as torch.save).
    return _rebuild, (self.numpy().copy(), self.requires_grad)


def _one_value(self, what):
    if self.numel() != 1:
        raise _core.ArgumentError(
            f"only one-element tensors can be converted to Python {what}s; "
            f"this one has shape {tuple(self.shape)}"
        )
    return self.item()


def _bool(self):
    if self.numel() != 1:
        raise _core.ArgumentError(
            "the truth value of a tensor with more than one element is ambiguous "
            f"(shape {tuple(self.shape)}); use .any() or .all()"
        )
    return builtins.bool(self.item())


def _index(self):
    if self.dtype.is_floating_point or self.dtype == _dtype.bool or self.numel() != 1:
        raise TypeError("only integer tensors of a single element can be converted to an index")
    return self.item()


def _len(self):
    if self.ndim == 0:
        raise TypeError("len() of a 0-d tensor")
    return self.shape[0]


def _iter(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return (self[i] for i in range(self.shape[0]))


def _format(self, spec):
    if self.ndim == 0 or (spec and self.numel() == 1):
        return format(self.item(), spec)
    return format(str(self), spec)


def _size(self, dim=None):
    """The shape as a :class:`Size`, or the size of dimension ``dim``, as ``torch.Tensor.size``.

    Args:
        dim: A dimension (negative counts from the end), or None for the whole shape.
    """
    if dim is None:
        return self.shape
    return self.shape[_dim(self, dim)]


def _stride(self, dim=None):
    """The strides in elements: a tuple, or the stride of dimension ``dim``, as ``torch.Tensor.stride``.

    Args:
        dim: A dimension (negative counts from the end), or None for all of them.
    """
    strides = tuple(self._strides())
    return strides if dim is None else strides[_dim(self, dim)]


def _dim(self, dim):
    n = builtins.max(self.ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim % n if self.ndim else 0


def _to(self, *args, **kwargs):
    """The tensor in another dtype (a copy), or itself when nothing changes, as ``torch.Tensor.to``.

    Accepts ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(other)`` (other's dtype),
    with ``dtype=``, ``device=``, ``copy=`` (always copy) and ``non_blocking=`` (ignored)
    keywords. The device must be the CPU.

    Args:
        *args: A dtype, a device, a device and a dtype, or a tensor whose dtype to take.
        **kwargs: ``dtype``, ``device``, ``copy``, ``non_blocking`` and ``memory_format``.
    """
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument {next(iter(kwargs))!r}")
    for arg in args:
        if isinstance(arg, Tensor):
            dtype = arg.dtype
        elif isinstance(arg, (_dtype.dtype, np.dtype, type)):
            dtype = arg
        else:
            device = arg
    _dtype._check_device(device)
    out = self if dtype is None or self.dtype == dtype else self._to_dtype(dtype)
    return out.clone() if copy and out is self else out


def _requires_grad_(self, requires_grad=True):
    """Sets ``requires_grad`` in place and returns the tensor, as ``torch.Tensor.requires_grad_``.

    Args:
        requires_grad: Whether backward computes this leaf's gradient (floating point only).
    """
    self.requires_grad = requires_grad
    return self


def _converter(dtype):
    def convert(self, memory_format=None):
        return self if self.dtype == dtype else self._to_dtype(dtype)

    convert.__doc__ = f"""The tensor as {dtype!r}: a copy (differentiable), or itself when it already is.

    Args:
        memory_format: Accepted for PyTorch's signature; tapegrad's copies are always row-major.
    """
    convert.__name__ = dtype._name if dtype is not _dtype.float32 else "float"
    return convert


def _float(self):
    """The value of a one-element tensor as a Python float."""
    return builtins.float(_one_value(self, "float"))


def _int(self):
    """The value of a one-element tensor as a Python int (floats truncate toward zero)."""
    return builtins.int(_one_value(self, "int"))


def _ndim_method(self):
    """The number of dimensions, as ``torch.Tensor.dim``."""
    return self.ndim


def _numel(self):
    """The number of elements, as ``torch.Tensor.numel``."""
    return self.shape.numel()


def _element_size(self):
    """The size of one element in bytes, as ``torch.Tensor.element_size``."""
    return self.dtype.itemsize


def _tolist(self):
    """The values as (nested) Python lists of Python numbers; a 0-d tensor gives its number."""
    return self.numpy().tolist()


def _type_as(self, other):
    """The tensor in ``other``'s dtype (a copy, or itself), as ``torch.Tensor.type_as``.

    Args:
        other: The tensor whose dtype to take.
    """
    return self._to_dtype(other.dtype)


_TYPE_NAMES = {
    "bool": "BoolTensor",
    "uint8": "ByteTensor",
    "int32": "IntTensor",
    "int64": "LongTensor",
    "float32": "FloatTensor",
    "float64": "DoubleTensor",
}


def _type(self, dtype=None, non_blocking=False):
    """The type's name (``"tapegrad.DoubleTensor"``), or the tensor in another dtype, as
    ``torch.Tensor.type``.

    Args:
        dtype: None for the name; a dtype, or a name such as ``"torch.FloatTensor"``, to convert.
        non_blocking: Accepted for PyTorch's signature.
    """
    if dtype is None:
        return f"tapegrad.{_TYPE_NAMES[np.dtype(self.dtype).name]}"
    if isinstance(dtype, str) and dtype.endswith("Tensor"):
        by_name = {v: k for k, v in _TYPE_NAMES.items()}
        name = dtype.rsplit(".", 1)[-1]
        if name not in by_name:
            raise TypeError(f"type(): unknown tensor type {dtype!r}")
        dtype = getattr(_dtype, by_name[name])
    return self.to(dtype)


def _cpu(self, memory_format=None):
    """The tensor itself: it already lives on the CPU, tapegrad's only device.

    Args:
        memory_format: Accepted for PyTorch's signature.
    """
    return self


def _device(self):
    """The device the tensor lives on: always ``device(type='cpu')``."""
    return _dtype._CPU


def _is_cpu(self):
    """True: tapegrad tensors live on the CPU."""
    return True


def _is_cuda(self):
    """False: tapegrad has no GPU tensors."""
    return False


# --- the Tensor methods bound privately in C++ (cpp/bindings/register_tensor.cpp) ------------


def _numpy(self, *, force=False):
    """The values as a NumPy array sharing this tensor's memory (and strides), as
    ``torch.Tensor.numpy``.

    Unlike PyTorch, a tensor that requires a gradient converts too: the array is a view, and
    writes through it are not seen by the tape's in-place checks (make them under ``no_grad()``
    before the forward pass).

    Args:
        force: Accepted for PyTorch's signature (the array is always a view of the same memory).
    """
    return self._numpy()


def _item(self):
    """The value of a one-element tensor as a Python float, int or bool (by dtype)."""
    return self._item()


def _is_contiguous(self, memory_format=None):
    """Whether the elements lie in memory in row-major order with no gaps.

    Args:
        memory_format: Accepted for PyTorch's signature: only the row-major format exists.
    """
    return self._is_contiguous()


def _contiguous(self, memory_format=None):
    """This tensor if it is contiguous, else a row-major copy (differentiable).

    Args:
        memory_format: Accepted for PyTorch's signature: only the row-major format exists.
    """
    return self._contiguous()


def _storage_offset(self):
    """Where element 0 lies in the memory this tensor shares, in elements."""
    return self._storage_offset()


def _clone(self, *, memory_format=None):
    """A contiguous copy with its own memory (differentiable: the gradient passes through).

    Args:
        memory_format: Accepted for PyTorch's signature.
    """
    return self._clone()


def _detach(self):
    """The same memory, cut from the tape: a new leaf that does not require a gradient."""
    return self._detach()


def _zero_grad(self):
    """Fills ``.grad`` with zeros in place, if there is one."""
    self._zero_grad()


def _retain_grad(self):
    """Keep ``.grad`` for this non-leaf tensor during backward, as ``torch.Tensor.retain_grad``."""
    self._retain_grad()


def _astype(self, dtype):
    """A copy in another dtype (differentiable), or the tensor itself: NumPy's ``to(dtype)``.

    Args:
        dtype: A tapegrad or NumPy dtype.
    """
    return self if self.dtype == dtype else self._to_dtype(dtype)


# In-place updates: each changes this tensor's own memory (its views see it), bumps its version
# and returns it; while recording, on a leaf that requires a gradient they raise (use no_grad()).


def _add_(self, other, *, alpha=1):
    """``self += alpha * other`` in place, as ``torch.Tensor.add_``.

    Args:
        other: A tensor, number or array-like data broadcast to this tensor's shape.
        alpha: The multiplier of ``other``.
    """
    return self._add_(other, alpha)


def _sub_(self, other, *, alpha=1):
    """``self -= alpha * other`` in place, as ``torch.Tensor.sub_``.

    Args:
        other: A tensor, number or array-like data broadcast to this tensor's shape.
        alpha: The multiplier of ``other``.
    """
    return self._sub_(other, alpha)


def _mul_(self, other):
    """``self *= other`` in place, as ``torch.Tensor.mul_``.

    Args:
        other: A tensor, number or array-like data broadcast to this tensor's shape.
    """
    return self._mul_(other)


def _div_(self, other, *, rounding_mode=None):
    """``self /= other`` in place, as ``torch.Tensor.div_`` (true division unless rounding_mode).

    Args:
        other: A tensor, number or array-like data broadcast to this tensor's shape.
        rounding_mode: None, ``"trunc"`` or ``"floor"``, as ``tg.div``.
    """
    if rounding_mode is None:
        return self._div_(other)
    return self.divide_(other, rounding_mode=rounding_mode)


def _neg_(self):
    """``self = -self`` in place."""
    return self._neg_()


def _zero_(self):
    """Fills this tensor with zeros in place."""
    return self._zero_()


def _fill_(self, value):
    """Fills this tensor with ``value`` in place (converted to its dtype).

    Args:
        value: A number or a one-element tensor.
    """
    return self._fill_(value)


def _copy_(self, src, non_blocking=False):
    """Copies ``src`` into this tensor in place (broadcast to its shape, converted to its dtype).

    Args:
        src: A tensor or array-like data.
        non_blocking: Accepted for PyTorch's signature.
    """
    return self._copy_(src)


def from_numpy(ndarray):
    """A tensor sharing the array's memory (no copy), as ``torch.from_numpy``; it keeps the array
    alive, and writes on either side are seen by the other.

    Args:
        ndarray: A C-contiguous, writeable ``numpy.ndarray`` in native byte order, of dtype bool,
            uint8, int32, int64, float32 or float64.

    Raises:
        TypeError: Not an array, or of a dtype tapegrad lacks.
        ValueError: Not C-contiguous, not writeable or not in native byte order.
    """
    return _core.from_numpy(ndarray)


def is_tensor(obj):
    """Whether ``obj`` is a tapegrad Tensor (a Parameter too), as ``torch.is_tensor``.

    Args:
        obj: Any object.

    Returns:
        bool: ``isinstance(obj, tg.Tensor)``.
    """
    return isinstance(obj, Tensor)


def is_floating_point(input):
    """Whether ``input`` holds floating-point numbers (float32 or float64), as
    ``torch.is_floating_point``.

    Args:
        input (Tensor): The tensor.

    Returns:
        bool: True for float32 and float64 tensors.
    """
    return input.dtype.is_floating_point


def numel(input):
    """The number of elements of ``input``, as ``torch.numel``.

    Args:
        input (Tensor): The tensor.

    Returns:
        int: The product of its sizes (1 for a 0-d tensor).
    """
    return input.numel()


def dense(x, weight, bias=None, activation="sigmoid"):
    """``act(x @ weight + bias)`` as one tape node: the fused dense layer of the blog's exercise.

    Args:
        x: The input, (batch, in) or (in,): a tensor or array-like data.
        weight: The (in, out) weight tensor.
        bias: The (out,) bias tensor, or None.
        activation: ``"sigmoid"``, ``"tanh"``, ``"relu"`` or None (the identity).
    """
    return _core._dense(x, weight, bias, activation)


Tensor.numpy = _numpy
Tensor.is_floating_point = is_floating_point
Tensor.item = _item
Tensor.is_contiguous = _is_contiguous
Tensor.contiguous = _contiguous
Tensor.storage_offset = _storage_offset
Tensor.clone = _clone
Tensor.detach = _detach
Tensor.zero_grad = _zero_grad
Tensor.retain_grad = _retain_grad
Tensor.add_ = _add_
Tensor.sub_ = _sub_
Tensor.mul_ = _mul_
Tensor.div_ = _div_
Tensor.neg_ = _neg_
Tensor.zero_ = _zero_
Tensor.fill_ = _fill_
Tensor.copy_ = _copy_
Tensor.__repr__ = _repr
Tensor.__array__ = _array
Tensor.__reduce__ = _reduce
# NumPy's binary operators defer to Tensor's own, so `array * tensor` stays on the tape instead
# of silently becoming an untracked array; NumPy functions (np.isnan(t)) read it as an array, as
# they read torch tensors.
Tensor.__array_priority__ = 1000
Tensor.__bool__ = _bool
Tensor.__float__ = _float
Tensor.__int__ = _int
Tensor.__index__ = _index
Tensor.__len__ = _len
Tensor.__iter__ = _iter
Tensor.__format__ = _format
Tensor.size = _size
Tensor.stride = _stride
Tensor.dim = _ndim_method
Tensor.ndimension = _ndim_method
Tensor.numel = _numel
Tensor.nelement = _numel
Tensor.element_size = _element_size
Tensor.tolist = _tolist
Tensor.to = _to
Tensor.astype = _astype
Tensor.type_as = _type_as
Tensor.type = _type
Tensor.float = _converter(_dtype.float32)
Tensor.double = _converter(_dtype.float64)
Tensor.long = _converter(_dtype.int64)
Tensor.int = _converter(_dtype.int32)
Tensor.byte = _converter(_dtype.uint8)
Tensor.bool = _converter(_dtype.bool)
Tensor.cpu = _cpu
Tensor.requires_grad_ = _requires_grad_
Tensor.device = property(_device)
Tensor.is_cpu = property(_is_cpu)
Tensor.is_cuda = property(_is_cuda)
