"""Element types, shapes and devices, as PyTorch spells them: ``tg.float32``, ``tg.Size``, ``tg.device``."""

import numpy as np

from . import _core

__all__ = [
    "Size",
    "bool",
    "device",
    "double",
    "dtype",
    "float",
    "float32",
    "float64",
    "get_default_dtype",
    "int",
    "int32",
    "int64",
    "long",
    "set_default_dtype",
    "uint8",
]

_builtin_bool, _builtin_int = bool, int


class dtype:
    """A tensor's element type, as ``torch.dtype``: ``tg.float32``, ``tg.int64``, ...

    A dtype compares equal to the NumPy dtype of the same name (``tg.float32 == np.float32``),
    and NumPy accepts it wherever it takes a dtype (``np.zeros(3, dtype=tg.float32)``).

    There are six, ``tg.bool`` to ``tg.float64``; like ``torch.dtype``, the class makes no new
    instances.

    Attributes:
        is_floating_point: Whether tensors of this type hold floating-point numbers (and so can
            require gradients).
        is_signed: Whether the type holds negative numbers.
        itemsize: The size of one element, in bytes.
    """

    __slots__ = ("_name", "_numpy", "is_floating_point", "is_signed", "itemsize")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create tapegrad.dtype instances: use tg.float32, tg.int64, tg.bool, ...")

    @classmethod
    def _make(cls, name):
        self = object.__new__(cls)
        self._name = name
        self._numpy = np.dtype(name)
        self.is_floating_point = self._numpy.kind == "f"
        self.is_signed = self._numpy.kind in "fi"
        self.itemsize = self._numpy.itemsize
        return self

    @property
    def dtype(self):
        """The NumPy dtype of the same name (what ``np.dtype(tg.float32)`` reads)."""
        return self._numpy

    def __repr__(self):
        return f"tapegrad.{self._name}"

    def __eq__(self, other):
        if isinstance(other, dtype):
            return self is other
        if isinstance(other, str):
            return NotImplemented  # as torch.float32 == "float32": False
        try:
            return np.dtype(other) == self._numpy
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash(self._numpy)

    def __reduce__(self):
        return (_by_name, (self._name,))


def _by_name(name):
    return _DTYPES[name]


bool = dtype._make("bool")
uint8 = dtype._make("uint8")
int32 = dtype._make("int32")
int64 = dtype._make("int64")
float32 = dtype._make("float32")
float64 = dtype._make("float64")
float = float32
double = float64
int = int32
long = int64

_DTYPES = {d._name: d for d in (bool, uint8, int32, int64, float32, float64)}
# The order of tapegrad::DType in C++.
_IN_CORE_ORDER = (bool, uint8, int32, int64, float32, float64)


class Size(tuple):
    """A tensor's shape: a tuple of ints, as ``torch.Size`` (``x.shape``, ``x.size()``)."""

    __slots__ = ()

    def numel(self):
        """The number of elements of a tensor of this shape (the product of the sizes)."""
        n = 1
        for d in self:
            n *= d
        return n

    def __repr__(self):
        return f"tapegrad.Size({list(self)!r})"

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item


class device:
    """Where a tensor lives, as ``torch.device``: tapegrad runs on the CPU only.

    Args:
        type: ``"cpu"`` (or ``"cpu:0"``, or a device); anything else raises ``RuntimeError``.
        index: The device index; only 0 (or None) exists.
    """

    __slots__ = ()

    def __new__(cls, type="cpu", index=None):
        if isinstance(type, device):
            return _CPU
        name = str(type)
        if name not in ("cpu", "cpu:0") or index not in (None, 0):
            raise RuntimeError(
                f"tapegrad runs on the CPU only: device {name!r}"
                f"{'' if index is None else f', index {index}'} is not available (use 'cpu')"
            )
        return _CPU if "_CPU" in globals() else object.__new__(cls)

    def __init__(self, type="cpu", index=None):
        pass  # __new__ checked the arguments and returned the one CPU device

    @property
    def type(self):
        """The device type: ``"cpu"``."""
        return "cpu"

    @property
    def index(self):
        """The device index: None, as for ``torch.device("cpu")``."""
        return None

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"

    def __eq__(self, other):
        return isinstance(other, device)

    def __hash__(self):
        return hash("cpu")

    def __reduce__(self):
        return (device, ("cpu",))


_CPU = device("cpu")


def _check_device(value):
    """Accepts None, "cpu" or a device; raises RuntimeError naming any other device."""
    if value is not None:
        device(value)


def get_default_dtype():
    """The dtype of tensors made from Python floats, of factories given no dtype and of integer
    math that yields fractions: ``tg.float64`` unless changed (PyTorch's default is float32)."""
    return _core.get_default_dtype()


def set_default_dtype(d):
    """Sets the default floating-point dtype, as ``torch.set_default_dtype``.

    ``tg.set_default_dtype(tg.float32)`` gives PyTorch's defaults (and its float32 numbers).

    Args:
        d: ``tg.float32`` or ``tg.float64`` (``DTypeError`` for others).
    """
    _core.set_default_dtype(d)


_core._set_python_types(_IN_CORE_ORDER, Size)
