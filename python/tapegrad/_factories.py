"""Factories and DLPack, as ``torch.zeros``, ``torch.arange``, ``torch.from_dlpack``, ...

Sizes are given as PyTorch takes them: ``zeros(2, 3)``, ``zeros((2, 3))``, ``zeros([2, 3])``,
``zeros(x.shape)`` or ``zeros(size=(2, 3))``. Every factory takes ``dtype``, ``device`` (the CPU
only), ``requires_grad`` and PyTorch's ``layout``/``pin_memory`` (their defaults only); ``out=``
is not supported. Without ``dtype``, floating-point results get the default dtype, float64 unless
:func:`set_default_dtype` changed it (PyTorch's default is float32).
"""

import numpy as np

from . import _core, _dtype
from ._core import Tensor
from ._tensor import tensor

__all__ = [
    "arange",
    "as_tensor",
    "empty",
    "empty_like",
    "empty_strided",
    "eye",
    "from_dlpack",
    "full",
    "full_like",
    "linspace",
    "logspace",
    "ones",
    "ones_like",
    "tril_indices",
    "triu_indices",
    "zeros",
    "zeros_like",
]

_MISSING = object()


# --- argument checks shared by the factories and the samplers ------------------------------------


def _is_sequence(obj):
    if isinstance(obj, (tuple, list)):
        return True
    if isinstance(obj, (str, bytes)) or not hasattr(obj, "__len__"):
        return False  # an integer, or a float to be reported as a bad size
    return getattr(obj, "ndim", 1) != 0  # a 0-d array or tensor is one integer


def _size_of(size, kwargs, fn):
    """The size given as varargs, one sequence, or size=; TypeError for other keywords."""
    given = kwargs.pop("size", _MISSING)
    if kwargs:
        raise TypeError(f"{fn}() got an unexpected keyword argument {next(iter(kwargs))!r}")
    if given is not _MISSING:
        if size:
            raise TypeError(f"{fn}() got the size both as positional arguments and as size=")
        size = (given,)
    elif not size:
        raise TypeError(
            f"{fn}() missing 1 required positional argument: 'size' (use {fn}(()) for a 0-d tensor)"
        )
    if len(size) == 1 and _is_sequence(size[0]):
        size = size[0]  # zeros((2, 3)), zeros([2, 3]), zeros(x.shape), zeros(np.array([2, 3]))
        if not isinstance(size, (tuple, list)):
            size = tuple(size)
    if isinstance(size, bool) or any(
        isinstance(d, bool) for d in (size if isinstance(size, (tuple, list)) else ())
    ):
        raise TypeError(f"{fn}(): the size must be a tuple of ints, not bool")
    return size


def _check_options(fn, out=None, layout=None, device=None, pin_memory=False, memory_format=None):
    """PyTorch's keyword arguments tapegrad accepts only at their defaults."""
    if out is not None:
        raise TypeError(
            f"{fn}(): out= is not supported; use the returned tensor (tapegrad has no out= arguments)"
        )
    if layout is not None and str(layout) not in ("torch.strided", "strided"):
        raise RuntimeError(
            f"{fn}(): layout={layout} is not supported: tapegrad tensors are dense (torch.strided)"
        )
    _dtype._check_device(device)
    if pin_memory:
        raise RuntimeError(f"{fn}(): pin_memory=True needs a GPU; tapegrad runs on the CPU only")
    if memory_format is not None and str(memory_format) not in (
        "torch.preserve_format",
        "torch.contiguous_format",
    ):
        raise RuntimeError(
            f"{fn}(): memory_format={memory_format} is not supported: tapegrad's results are contiguous "
            "(row-major)"
        )


def _finish(t, requires_grad):
    if requires_grad:
        t.requires_grad_(True)
    return t


# --- from sizes ----------------------------------------------------------------------------------


def zeros(
    *size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, **kwargs
):
    """A tensor of zeros, as ``torch.zeros``.

    Args:
        *size: The shape: integers, or one tuple, list or ``Size`` (``size=`` works too).
        out: Not supported (``TypeError``).
        dtype: The element type; default: the default dtype (float64 unless changed).
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.
        **kwargs: ``size=`` only.

    Returns:
        Tensor: a new tensor.
    """
    size = _size_of(size, kwargs, "zeros")
    _check_options("zeros", out, layout, device, pin_memory)
    return _finish(_core._zeros(size, dtype), requires_grad)


def ones(
    *size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False, **kwargs
):
    """A tensor of ones, as ``torch.ones``.

    Args:
        *size: The shape: integers, or one tuple, list or ``Size`` (``size=`` works too).
        out: Not supported (``TypeError``).
        dtype: The element type; default: the default dtype (float64 unless changed).
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.
        **kwargs: ``size=`` only.

    Returns:
        Tensor: a new tensor.
    """
    size = _size_of(size, kwargs, "ones")
    _check_options("ones", out, layout, device, pin_memory)
    return _finish(_core._ones(size, dtype), requires_grad)


def empty(
    *size,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
    memory_format=None,
    **kwargs,
):
    """A tensor whose values are not initialised, as ``torch.empty``.

    Args:
        *size: The shape: integers, or one tuple, list or ``Size`` (``size=`` works too).
        out: Not supported (``TypeError``).
        dtype: The element type; default: the default dtype (float64 unless changed).
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.
        memory_format: None or ``torch.contiguous_format``: the result is row-major.
        **kwargs: ``size=`` only.

    Returns:
        Tensor: a new tensor holding whatever the memory held.
    """
    size = _size_of(size, kwargs, "empty")
    _check_options("empty", out, layout, device, pin_memory, memory_format)
    return _finish(_core._empty(size, dtype), requires_grad)


def full(
    size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False
):
    """A tensor with every element ``fill_value``, as ``torch.full``.

    Args:
        size: The shape: a tuple, list or ``Size`` of integers.
        fill_value: A number (or a one-element tensor). Without ``dtype`` it chooses the dtype:
            bool gives bool, an int int64, a float the default dtype.
        out: Not supported (``TypeError``).
        dtype: The element type. A value it cannot hold raises ``RuntimeError`` (an
            ``ArgumentError``), as in PyTorch: NaN or 300 into uint8, 1e300 into float32; floats
            are truncated into integer types.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.

    Returns:
        Tensor: a new tensor.
    """
    _check_options("full", out, layout, device, pin_memory)
    return _finish(_core._full(size, fill_value, dtype), requires_grad)


def empty_strided(
    size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False
):
    """A tensor of uninitialised values laid out with the given strides, as ``torch.empty_strided``.

    Args:
        size: The shape.
        stride: The stride of each dimension, in elements (non-negative).
        dtype: The element type; default: the default dtype.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.

    Returns:
        Tensor: a new tensor over a buffer just large enough for those strides.
    """
    _check_options("empty_strided", None, layout, device, pin_memory)
    return _finish(_core._empty_strided(size, stride, dtype), requires_grad)


def _like(fn, make, input, dtype, layout, device, requires_grad, memory_format):
    _check_options(fn, None, layout, device, False, memory_format)
    return _finish(make(input, dtype), requires_grad)


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Zeros of ``input``'s shape and dtype, as ``torch.zeros_like``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        dtype: Another element type.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous (row-major) whatever ``input``'s strides.

    Returns:
        Tensor: a new tensor.
    """
    return _like("zeros_like", _core._zeros_like, input, dtype, layout, device, requires_grad, memory_format)


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Ones of ``input``'s shape and dtype, as ``torch.ones_like``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        dtype: Another element type.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous (row-major) whatever ``input``'s strides.

    Returns:
        Tensor: a new tensor.
    """
    return _like("ones_like", _core._ones_like, input, dtype, layout, device, requires_grad, memory_format)


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    """Uninitialised values of ``input``'s shape and dtype, as ``torch.empty_like``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        dtype: Another element type.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous (row-major) whatever ``input``'s strides.

    Returns:
        Tensor: a new tensor.
    """
    return _like("empty_like", _core._empty_like, input, dtype, layout, device, requires_grad, memory_format)


def full_like(
    input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None
):
    """``fill_value`` in ``input``'s shape and dtype, as ``torch.full_like``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        fill_value: A number, converted to the dtype (see :func:`full`).
        dtype: Another element type.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous (row-major) whatever ``input``'s strides.

    Returns:
        Tensor: a new tensor.
    """
    _check_options("full_like", None, layout, device, False, memory_format)
    return _finish(_core._full_like(input, fill_value, dtype), requires_grad)


# --- ranges --------------------------------------------------------------------------------------


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """Values from ``start`` up to (not including) ``end`` in steps of ``step``, as ``torch.arange``.

    ``arange(5)`` is ``arange(0, 5)``. The length is ``ceil((end - start) / step)``, computed in
    double. Without ``dtype`` the result is int64 when start, end and step are all integers, else
    the default dtype. Floating-point element ``i`` is ``start + step * i`` rounded once (the bits
    PyTorch's scalar loop computes).

    Args:
        start: The first value (or the end, when ``end`` is omitted).
        end: The bound, excluded.
        step: The difference between neighbours: non-zero, and pointing from start to end.
        out: Not supported (``TypeError``).
        dtype: The element type. Integer types truncate float bounds first, as PyTorch; unlike
            PyTorch, values that the type cannot hold raise instead of wrapping around.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).

    Returns:
        Tensor: a new 1-D tensor.
    """
    if end is None:
        start, end = 0, start
    _check_options("arange", out, layout, device)
    return _finish(_core._arange(start, end, step, dtype), requires_grad)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive, as ``torch.linspace``.

    Bit for bit PyTorch's algorithm: ``step = (end - start) / (steps - 1)``, the first half of
    the values counted from ``start`` and the second half from ``end`` (each one fused
    multiply-add), so both ends are exact and the values are symmetric.

    Args:
        start: The first value (a number or a one-element tensor).
        end: The last value.
        steps: How many values (>= 0).
        out: Not supported (``TypeError``).
        dtype: The element type; default: the default dtype. Integer types truncate.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).

    Returns:
        Tensor: a new 1-D tensor.
    """
    _check_options("linspace", out, layout, device)
    return _finish(_core._linspace(start, end, steps, dtype), requires_grad)


def logspace(
    start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False
):
    """``base`` to the powers ``linspace(start, end, steps)``, as ``torch.logspace``.

    Args:
        start: The first exponent.
        end: The last exponent.
        steps: How many values (>= 0).
        base: The base of the powers.
        out: Not supported (``TypeError``).
        dtype: The element type; default: the default dtype.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).

    Returns:
        Tensor: a new 1-D tensor.
    """
    _check_options("logspace", out, layout, device)
    return _finish(_core._logspace(start, end, steps, base, dtype), requires_grad)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """An ``n`` x ``m`` matrix with ones on the diagonal, as ``torch.eye``.

    Args:
        n: The number of rows.
        m: The number of columns; default ``n``.
        out: Not supported (``TypeError``).
        dtype: The element type; default: the default dtype.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.

    Returns:
        Tensor: a new 2-D tensor.
    """
    _check_options("eye", out, layout, device, pin_memory)
    return _finish(_core._eye(n, m, dtype), requires_grad)


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The coordinates of the lower triangle of a ``row`` x ``col`` matrix, as ``torch.tril_indices``.

    Args:
        row: The number of rows.
        col: The number of columns.
        offset: The diagonal that bounds the triangle: 0 the main one, > 0 above, < 0 below.
        dtype: An integer type; default int64.
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        layout: Only ``torch.strided`` (or None).

    Returns:
        Tensor: a 2 x N tensor, its rows the row and the column indices, in row-major order.
    """
    _check_options("tril_indices", None, layout, device)
    return _core._tri_indices(True, row, col, offset, dtype)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    """The coordinates of the upper triangle of a ``row`` x ``col`` matrix, as ``torch.triu_indices``.

    Args:
        row: The number of rows.
        col: The number of columns.
        offset: The diagonal that bounds the triangle: 0 the main one, > 0 above, < 0 below.
        dtype: An integer type; default int64.
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        layout: Only ``torch.strided`` (or None).

    Returns:
        Tensor: a 2 x N tensor, its rows the row and the column indices, in row-major order.
    """
    _check_options("triu_indices", None, layout, device)
    return _core._tri_indices(False, row, col, offset, dtype)


# --- Tensor.new_* --------------------------------------------------------------------------------


def _new_zeros(
    self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False, **kwargs
):
    """Zeros of the given size, with this tensor's dtype unless ``dtype`` is given (``Tensor.new_zeros``).

    Args:
        *size: The shape: integers, or one tuple, list or ``Size``.
        dtype: Another element type.
        device: None or the CPU.
        requires_grad: Whether the new leaf records a gradient.
        layout: Only ``torch.strided`` (or None).
        pin_memory: Only False.
        **kwargs: ``size=`` only.
    """
    return zeros(
        _size_of(size, kwargs, "new_zeros"),
        dtype=dtype or self.dtype,
        device=device,
        requires_grad=requires_grad,
        layout=layout,
        pin_memory=pin_memory,
    )


def _new_ones(
    self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False, **kwargs
):
    """Ones of the given size, with this tensor's dtype unless ``dtype`` is given (``Tensor.new_ones``).

    Args:
        *size: The shape: integers, or one tuple, list or ``Size``.
        dtype: Another element type.
        device: None or the CPU.
        requires_grad: Whether the new leaf records a gradient.
        layout: Only ``torch.strided`` (or None).
        pin_memory: Only False.
        **kwargs: ``size=`` only.
    """
    return ones(
        _size_of(size, kwargs, "new_ones"),
        dtype=dtype or self.dtype,
        device=device,
        requires_grad=requires_grad,
        layout=layout,
        pin_memory=pin_memory,
    )


def _new_empty(
    self, *size, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False, **kwargs
):
    """Uninitialised values of the given size, with this tensor's dtype unless ``dtype`` is given.

    Args:
        *size: The shape: integers, or one tuple, list or ``Size``.
        dtype: Another element type.
        device: None or the CPU.
        requires_grad: Whether the new leaf records a gradient.
        layout: Only ``torch.strided`` (or None).
        pin_memory: Only False.
        **kwargs: ``size=`` only.
    """
    return empty(
        _size_of(size, kwargs, "new_empty"),
        dtype=dtype or self.dtype,
        device=device,
        requires_grad=requires_grad,
        layout=layout,
        pin_memory=pin_memory,
    )


def _new_full(
    self, size, fill_value, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False
):
    """``fill_value`` in the given size, with this tensor's dtype unless ``dtype`` is given.

    Args:
        size: The shape.
        fill_value: A number, converted to the dtype.
        dtype: Another element type.
        device: None or the CPU.
        requires_grad: Whether the new leaf records a gradient.
        layout: Only ``torch.strided`` (or None).
        pin_memory: Only False.
    """
    return full(
        size,
        fill_value,
        dtype=dtype or self.dtype,
        device=device,
        requires_grad=requires_grad,
        layout=layout,
        pin_memory=pin_memory,
    )


def _new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None, pin_memory=False):
    """A copy of ``data`` with this tensor's dtype unless ``dtype`` is given (``Tensor.new_tensor``).

    Args:
        data: A number, nested lists, an array or a tensor (always copied).
        dtype: Another element type.
        device: None or the CPU.
        requires_grad: Whether the new leaf records a gradient.
        layout: Only ``torch.strided`` (or None).
        pin_memory: Only False.
    """
    _check_options("new_tensor", None, layout, device, pin_memory)
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)


Tensor.new_zeros = _new_zeros
Tensor.new_ones = _new_ones
Tensor.new_empty = _new_empty
Tensor.new_full = _new_full
Tensor.new_tensor = _new_tensor


# --- DLPack and as_tensor ------------------------------------------------------------------------

_KDLCPU = 1
_SHAREABLE = {np.dtype(n) for n in ("bool", "uint8", "int32", "int64", "float32", "float64")}


def _dlpack(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    """A DLPack capsule sharing this tensor's memory (the ``__dlpack__`` protocol).

    NumPy's and PyTorch's ``from_dlpack`` call it: ``np.from_dlpack(t)`` and
    ``torch.from_dlpack(t)`` share ``t``'s memory, views included (they keep their strides).

    Args:
        stream: None (or -1): tapegrad tensors live on the CPU, where there are no streams.
        max_version: The newest DLPack version the consumer reads, as ``(major, minor)``;
            ``(1, x)`` and above get a versioned capsule (``"dltensor_versioned"``), None or
            older the legacy one (``"dltensor"``).
        dl_device: None or ``(1, 0)`` (kDLCPU).
        copy: True exports a copy; False or None share the memory.

    Raises:
        BufferError: The tensor requires a gradient (as PyTorch: export ``t.detach()``), or
            another device or a stream was asked for.
    """
    if self.requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None:
        if not isinstance(stream, int):
            raise TypeError(f"__dlpack__: stream must be None or an int, not {type(stream).__name__}")
        if stream != -1:
            raise BufferError(
                f"__dlpack__: tapegrad tensors live on the CPU, where stream must be None, got {stream}"
            )
    if dl_device is not None and tuple(int(v) for v in dl_device) != (_KDLCPU, 0):
        raise BufferError(
            f"__dlpack__: tapegrad tensors live on the CPU (1, 0), cannot export to device {dl_device}"
        )
    versioned = max_version is not None and int(next(iter(max_version))) >= 1
    return _core._to_dlpack(self, versioned, bool(copy))


def _dlpack_device(self):
    """The tensor's device in DLPack terms: ``(1, 0)``, kDLCPU and device 0."""
    return (_KDLCPU, 0)


Tensor.__dlpack__ = _dlpack
Tensor.__dlpack_device__ = _dlpack_device


def from_dlpack(ext_tensor, *, device=None, copy=None):
    """A tensor sharing the memory of another library's array, as ``torch.from_dlpack``.

    Works with anything that has ``__dlpack__`` (NumPy arrays, PyTorch tensors, JAX and CuPy
    arrays on the CPU, tapegrad tensors) or with a DLPack capsule. Writes show on both sides,
    and the producer's memory lives as long as the tensor does. Strided inputs keep their strides.

    Args:
        ext_tensor: The object to share, or a DLPack capsule (consumed: a capsule imports once).
        device: None or the CPU.
        copy: None or False share the memory; True copies it.

    Returns:
        Tensor: a leaf tensor that does not require a gradient.

    Raises:
        TypeError: An element type other than bool, uint8, int32, int64, float32 and float64,
            or an object without ``__dlpack__``.
        ValueError: Memory on another device than the CPU, read-only memory, or more than 8
            dimensions.
    """
    _dtype._check_device(device)
    if not hasattr(ext_tensor, "__dlpack__"):
        t = _core._from_dlpack(ext_tensor)
        return t.clone() if copy else t
    kind, _ = ext_tensor.__dlpack_device__()
    if int(kind) != _KDLCPU:
        raise _core.ArgumentError(
            f"from_dlpack: tapegrad runs on the CPU only, and this tensor lives on DLPack device type "
            f"{int(kind)} (kDLCPU is 1); move it to the CPU first (.cpu())"
        )
    legacy = False
    kwargs = {"max_version": (1, 1)}
    if copy is not None:
        kwargs["copy"] = copy
    try:
        try:
            capsule = ext_tensor.__dlpack__(**kwargs)
        except TypeError:  # a producer older than DLPack 1.0's keywords
            capsule, legacy = ext_tensor.__dlpack__(), True
    except BufferError as e:  # NumPy < 2.1 refuses to export read-only arrays
        raise _core.ArgumentError(
            f"from_dlpack: the {type(ext_tensor).__name__} would not share its memory ({e}); "
            f"read-only memory cannot be shared: tg.as_tensor(data) or tg.tensor(data) copies it"
        ) from e
    t = _core._from_dlpack(capsule)
    return t.clone() if copy and legacy else t


def as_tensor(data, dtype=None, device=None):
    """``data`` as a tensor, sharing its memory when it can, as ``torch.as_tensor``.

    A tensor of the wanted dtype is returned as is (another dtype converts it, differentiably).
    A NumPy array (or anything with ``__dlpack__`` on the CPU) of a dtype tapegrad has, writeable
    and matching ``dtype``, is shared as :func:`from_dlpack` shares it, whatever its strides. Any
    other data (lists, numbers, read-only arrays, other dtypes) is copied as :func:`tensor` copies
    it. (PyTorch shares read-only arrays too, with a warning; tapegrad copies them.)

    Args:
        data: A tensor, an array, or a number or nested lists.
        dtype: The element type; default: the data's own (see :func:`tensor`).
        device: None or the CPU.

    Returns:
        Tensor: ``data`` itself, a tensor sharing its memory, or a copy.
    """
    _dtype._check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or data.dtype == dtype else data.to(dtype)
    if isinstance(data, np.ndarray):
        if (
            data.dtype in _SHAREABLE
            and data.dtype.isnative
            and data.flags.writeable
            and data.flags.aligned
            and data.ndim <= 8
            and (dtype is None or np.dtype(dtype) == data.dtype)
        ):
            return from_dlpack(data)
    elif hasattr(data, "__dlpack__") and hasattr(data, "__dlpack_device__"):
        try:
            shared = from_dlpack(data)
        except (TypeError, ValueError, RuntimeError, BufferError):
            shared = None  # not shareable: copied below
        if shared is not None and (dtype is None or shared.dtype == dtype):
            return shared
    return tensor(data, dtype=dtype)
