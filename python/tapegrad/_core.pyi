"""Type stubs for tapegrad._core, the compiled module (cpp/bindings/*.cpp).

The C++ core seen from Python: the Tensor type and its operators, the tape's nodes, the ops as
functions, the optimizers and the runtime settings. ``import tapegrad as tg`` re-exports what
users call (``tg.tensor``, ``tg.exp``, ``tg.optim.SGD``, ...); this module is not imported
directly. Its docstrings are the API reference of the compiled code.

Array-like arguments (lists, NumPy arrays, numbers) are copied into constant tensors; ``dtype``
arguments take a tapegrad dtype (``tg.float32``), or anything ``numpy.dtype()`` accepts that names
one of tapegrad's six dtypes. Errors follow docs/errors.md: ``ArgumentError`` (a ``ValueError``)
for shapes and values, ``DTypeError`` (a ``TypeError``) for dtypes, ``TypeError`` for argument
types, ``IndexError`` for indices and dimensions, ``OverflowError`` for sizes, ``RuntimeError``
for misuse of the graph. ``ArgumentError`` and ``DTypeError`` are ``RuntimeError`` too, as
PyTorch raises ``RuntimeError`` for them.
"""

from collections.abc import Callable, Sequence
from typing import Any, SupportsIndex, TypedDict

import numpy.typing as npt

from ._dtype import Size, dtype

__version__: str
_dense_activations: tuple[str, ...]  # the names nn.Dense and tg.dense take (None aside)

class Node:
    """One op recorded on the tape (a ``Tensor``'s ``grad_fn``).

    Nodes are made by the ops, never by users: each differentiable op run while gradients are
    recorded, with an input that requires a gradient, makes exactly one. A node lives as long as
    some tensor that depends on it, and is what ``backward()`` walks.
    """

    @property
    def name(self) -> str:
        """The op's name: ``"Add"``, ``"Mul"``, ``"Affine"``, ``"MatMul"``, ``"Dense"``, ..."""
    @property
    def sequence_nr(self) -> int:
        """The node's place on the tape: larger than the numbers of all the nodes it reaches."""
    @property
    def _uid(self) -> int:
        """Identifies the node while it lives (new Python objects may wrap the same node)."""
    @property
    def inputs(self) -> list[Node | Tensor | None]:
        """For each input: the Node that produced it, the leaf Tensor, or None."""
    @property
    def output(self) -> Tensor | None:
        """The tensor this node produced, or None once it is gone."""

class ArgumentError(ValueError, RuntimeError):
    """Shapes that do not fit or a bad value (a ValueError, and a RuntimeError as PyTorch raises)."""

class DTypeError(TypeError, RuntimeError):
    """A dtype an op cannot take (a TypeError, and a RuntimeError as PyTorch raises)."""

class Tensor:
    """A tensor of one dtype that can record the ops applied to it.

    Made by ``tensor()`` (a copy), ``from_numpy()`` (shares the array's memory), the factories
    and every op. The dtype is bool, uint8, int32, int64, float32 or float64; only floating-point
    tensors can require gradients. Views (indexing, ``transpose``, ``reshape``, ``detach``,
    ``data``) share their base's memory and may be strided; ``numpy()`` and ``np.asarray()`` are
    NumPy views of the memory, without a copy. The operators ``+ - * / // % ** @``, comparisons,
    ``& | ^ ~`` and unary ``-`` broadcast as NumPy does, promote dtypes as PyTorch does, and
    accept Python numbers and array-like data as the other operand; ``+=`` and the other
    in-place operators change the tensor itself. A tensor hashes by identity.

    ``Tensor(*sizes)`` and ``Tensor(data)`` are PyTorch's legacy constructor: zeros of that
    shape, or a copy of ``data``, in the default dtype.

    Args:
        *args: Sizes as integers, or one sequence of data.
    """

    def __init__(self, *args: Any) -> None: ...
    @property
    def shape(self) -> Size:
        """The size of each dimension, as a ``tg.Size`` (a tuple of ints; ``()`` for a 0-d tensor)."""
    @property
    def dtype(self) -> dtype:
        """The element type: ``tg.bool``, ``tg.uint8``, ``tg.int32``, ``tg.int64``, ``tg.float32`` or
        ``tg.float64`` (equal to the NumPy dtype of the same name)."""
    @property
    def ndim(self) -> int:
        """The number of dimensions."""
    @property
    def requires_grad(self) -> bool:
        """Whether ops record this tensor on the tape and ``backward()`` computes its gradient.

        Settable on leaves only (``ValueError`` on a tensor an op produced: ``detach()`` makes
        a new leaf), and only True for floating-point tensors (``DTypeError`` otherwise).
        """
    @requires_grad.setter
    def requires_grad(self, value: bool, /) -> None: ...
    @property
    def is_leaf(self) -> bool:
        """True for a tensor no recorded op produced (``grad_fn`` is None)."""
    @property
    def grad_fn(self) -> Node | None:
        """The Node that produced this tensor, or None for a leaf."""
    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient: a tensor sharing the gradient buffer, or None.

        None until a ``backward()`` reaches this tensor (a leaf that requires a gradient, or a
        tensor that called ``retain_grad()``). ``np.asarray(t.grad)`` is a view of the buffer
        and ``t.grad.zero_()`` clears it in place. Assigning a tensor shares it; assigning
        array-like data copies it into this tensor's dtype (its shape must be this tensor's:
        ``ValueError`` otherwise); assigning None clears it.
        """
    @grad.setter
    def grad(self, value: Tensor | npt.ArrayLike | None, /) -> None: ...
    @property
    def data(self) -> Tensor:
        """The same memory without history (a detached view), as PyTorch's ``.data``.

        ``p.data -= lr * p.grad`` updates ``p`` in place outside the tape. Assigning a tensor
        makes this tensor hold its memory, shape and dtype (the history and gradient stay).
        In-place changes through ``.data`` bump the version counter: a backward through values
        saved before raises instead of using the new ones.
        """
    @data.setter
    def data(self, value: Tensor | npt.ArrayLike, /) -> None: ...
    @property
    def retains_grad(self) -> bool:
        """Whether ``retain_grad()`` asked this non-leaf tensor to keep its gradient."""
    @property
    def T(self) -> Tensor: ...
    def numpy(self) -> npt.NDArray[Any]:
        """The values as a NumPy array sharing this tensor's memory (and strides).

        Returns:
            A writeable view (no copy) that keeps the tensor's memory alive. Writes through it
            are not seen by the tape's in-place checks: make them under ``no_grad()`` before
            the forward pass. Unlike PyTorch, a tensor that requires a gradient converts too.
        """
    def item(self) -> float | int | bool:
        """The single value of a one-element tensor, as a Python float, int or bool (by dtype).

        Raises:
            ValueError: The tensor has more than one element.
        """
    def is_contiguous(self) -> bool:
        """Whether the elements lie in memory in row-major order with no gaps."""
    def contiguous(self) -> Tensor:
        """This tensor if it is contiguous, else a row-major copy (differentiable)."""
    def storage_offset(self) -> int:
        """Where element 0 lies in the shared memory, in elements."""
    def clone(self) -> Tensor:
        """A contiguous copy with its own memory (differentiable: the gradient passes through)."""
    def backward(
        self,
        gradient: Tensor | npt.ArrayLike | None = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        """Accumulates d(self)/d(leaf) into every leaf's .grad, as ``torch.Tensor.backward``.

        Sweeps the tape from this tensor back to the leaves, adding (``+=``) each leaf's
        gradient to its ``.grad`` (and to the ``.grad`` of tensors that called
        ``retain_grad()``). Nothing is recorded during the sweep. If it raises, no ``.grad``
        has changed.

        Args:
            gradient: The gradient of some scalar with respect to this tensor, of this tensor's
                shape (converted to its dtype). May be omitted for a one-element tensor, where
                it is 1.
            retain_graph: Keep the values the nodes saved for backward, so that another
                ``backward()`` can run through the same graph. By default they are freed.
            create_graph: Record the backward pass for higher-order gradients: not supported
                yet (``TypeError``).
            inputs: The tensors to accumulate into: not supported yet (``TypeError``); every
                leaf receives its gradient.

        Raises:
            RuntimeError: This tensor does not require a gradient; ``gradient`` is omitted for
                a tensor of more than one element; the graph was freed by an earlier backward;
                a saved tensor was changed in place; another thread's backward is running
                through the same nodes; or, under ``detect_anomaly()``, a node's backward
                produced NaN.
            ValueError: ``gradient`` has another shape.
        """
    def detach(self) -> Tensor:
        """The same memory, cut from the tape.

        Returns:
            A new leaf tensor sharing this tensor's storage, with ``requires_grad`` False.
        """
    # In-place updates, as PyTorch's methods with a trailing underscore. Each changes this
    # tensor's own memory (its views see it), bumps its version (a backward that saved the old
    # values raises instead of using the new ones) and returns this tensor. The result must
    # have this tensor's shape and a dtype it can hold (``DTypeError`` for a float result in an
    # integer tensor). While gradients are recorded they become a step of the tensor's history;
    # on a leaf that requires a gradient they raise ``RuntimeError`` (wrap the update in
    # ``tg.no_grad()``), and on a view, or a tensor with views on the tape, too.
    def copy_(self, src: Tensor | npt.ArrayLike) -> Tensor:
        """Copies src into this tensor in place (broadcast to its shape, converted to its dtype).

        Args:
            src: A tensor or array-like data.
        """
    def add_(self, other: _Operand, *, alpha: float = 1.0) -> Tensor:
        """``self += alpha * other`` in place.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
            alpha: The multiplier of ``other``.
        """
    def sub_(self, other: _Operand, *, alpha: float = 1.0) -> Tensor:
        """``self -= alpha * other`` in place.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
            alpha: The multiplier of ``other``.
        """
    def mul_(self, other: _Operand) -> Tensor:
        """``self *= other`` in place.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
        """
    def div_(self, other: _Operand) -> Tensor:
        """``self /= other`` in place (true division: floating-point tensors only).

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
        """
    def neg_(self) -> Tensor:
        """``self = -self`` in place."""
    def zero_(self) -> Tensor:
        """Fills this tensor with zeros in place."""
    def fill_(self, value: float | Tensor) -> Tensor:
        """Fills this tensor with ``value`` in place (converted to its dtype).

        Args:
            value: A number or a one-element tensor.
        """
    @property
    def _uid(self) -> int:
        """Identifies the tensor while it lives (new Python objects may wrap the same tensor)."""
    def zero_grad(self) -> None:
        """Fills .grad with zeros in place, if there is one."""
    def retain_grad(self) -> None:
        """Keep .grad for this non-leaf tensor during backward.

        A leaf keeps its gradient anyway; for a leaf this does nothing.

        Raises:
            RuntimeError: The tensor does not require a gradient.
        """
    def astype(self, dtype: Any) -> Tensor:
        """A copy in another dtype (differentiable), as NumPy spells ``to(dtype)``.

        Args:
            dtype: A tapegrad or NumPy dtype.

        Returns:
            A new tensor converted to ``dtype`` (its gradient converts back), or this tensor
            itself when it already has that dtype.

        Raises:
            TypeError: ``dtype`` is not a dtype tapegrad has.
        """
    # Defined in tapegrad/_tensor.py (documented there): sizes, conversions and devices.
    def size(self, dim: int | None = None) -> Any: ...
    def stride(self, dim: int | None = None) -> Any: ...
    def dim(self) -> int: ...
    def ndimension(self) -> int: ...
    def numel(self) -> int: ...
    def is_floating_point(self) -> bool: ...
    def nelement(self) -> int: ...
    def element_size(self) -> int: ...
    def tolist(self) -> Any: ...
    def to(self, *args: Any, **kwargs: Any) -> Tensor: ...
    def type_as(self, other: Tensor) -> Tensor: ...
    def type(self, dtype: Any = None, non_blocking: bool = False) -> Any: ...
    def float(self, memory_format: Any = None) -> Tensor: ...
    def double(self, memory_format: Any = None) -> Tensor: ...
    def long(self, memory_format: Any = None) -> Tensor: ...
    def int(self, memory_format: Any = None) -> Tensor: ...
    def byte(self, memory_format: Any = None) -> Tensor: ...
    def bool(self, memory_format: Any = None) -> Tensor: ...
    def cpu(self, memory_format: Any = None) -> Tensor: ...
    def requires_grad_(self, requires_grad: bool = True) -> Tensor: ...
    @property
    def device(self) -> Any: ...
    @property
    def is_cpu(self) -> bool: ...
    @property
    def is_cuda(self) -> bool: ...
    def __int__(self) -> int: ...
    def __index__(self) -> int: ...
    def __iter__(self) -> Any: ...
    def __format__(self, format_spec: str) -> str: ...
    def __hash__(self) -> int:
        """``id(self)``: tensors hash by identity, as in PyTorch (``==`` is elementwise)."""
    def __eq__(self, other: object) -> Tensor:  # type: ignore[override]
        """``self == other`` elementwise: a bool tensor (PyTorch's meaning, not identity).

        Args:
            other: A tensor, a number or array-like data (broadcast, promoted as for arithmetic).
        """
    def __ne__(self, other: object) -> Tensor:  # type: ignore[override]
        """``self != other`` elementwise: a bool tensor.

        Args:
            other: A tensor, a number or array-like data (broadcast, promoted as for arithmetic).
        """
    def __lt__(self, other: _Operand) -> Tensor:
        """``self < other`` elementwise: a bool tensor.

        Args:
            other: A tensor, a number or array-like data (broadcast, promoted as for arithmetic).
        """
    def __le__(self, other: _Operand) -> Tensor:
        """``self <= other`` elementwise: a bool tensor.

        Args:
            other: A tensor, a number or array-like data (broadcast, promoted as for arithmetic).
        """
    def __gt__(self, other: _Operand) -> Tensor:
        """``self > other`` elementwise: a bool tensor.

        Args:
            other: A tensor, a number or array-like data (broadcast, promoted as for arithmetic).
        """
    def __ge__(self, other: _Operand) -> Tensor:
        """``self >= other`` elementwise: a bool tensor.

        Args:
            other: A tensor, a number or array-like data (broadcast, promoted as for arithmetic).
        """
    def __iadd__(self, other: _Operand) -> Tensor:
        """``self += other`` in place: this tensor (the same object) changes, under the rules of
        the in-place updates above.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
        """
    def __isub__(self, other: _Operand) -> Tensor:
        """``self -= other`` in place: this tensor (the same object) changes, under the rules of
        the in-place updates above.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
        """
    def __imul__(self, other: _Operand) -> Tensor:
        """``self *= other`` in place: this tensor (the same object) changes, under the rules of
        the in-place updates above.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
        """
    def __itruediv__(self, other: _Operand) -> Tensor:
        """``self /= other`` in place: this tensor (the same object) changes, under the rules of
        the in-place updates above.

        Args:
            other: A tensor, a number or array-like data that broadcasts to this tensor's shape.
        """
    # Reductions (defined in tapegrad/_reduction.py, documented there).
    def sum(
        self,
        dim: _Dims = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: _Dims = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def mean(
        self,
        dim: _Dims = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: _Dims = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def nansum(
        self,
        dim: _Dims = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: _Dims = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def nanmean(
        self,
        dim: _Dims = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: _Dims = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def prod(
        self,
        dim: int | None = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: int | None = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def max(
        self,
        dim: int | Tensor | None = None,
        keepdim: bool = False,
        *,
        axis: int | None = None,
        keepdims: bool | None = None,
    ) -> Any: ...
    def min(
        self,
        dim: int | Tensor | None = None,
        keepdim: bool = False,
        *,
        axis: int | None = None,
        keepdims: bool | None = None,
    ) -> Any: ...
    def median(
        self,
        dim: int | None = None,
        keepdim: bool = False,
        *,
        axis: int | None = None,
        keepdims: bool | None = None,
    ) -> Any: ...
    def amax(
        self, dim: _Dims = (), keepdim: bool = False, *, axis: _Dims = None, keepdims: bool | None = None
    ) -> Tensor: ...
    def amin(
        self, dim: _Dims = (), keepdim: bool = False, *, axis: _Dims = None, keepdims: bool | None = None
    ) -> Tensor: ...
    def argmax(
        self,
        dim: int | None = None,
        keepdim: bool = False,
        *,
        axis: int | None = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def argmin(
        self,
        dim: int | None = None,
        keepdim: bool = False,
        *,
        axis: int | None = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def var(
        self,
        dim: _Dims | bool = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: float | None = None,
        axis: _Dims = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def std(
        self,
        dim: _Dims | bool = None,
        unbiased: bool | None = None,
        keepdim: bool = False,
        *,
        correction: float | None = None,
        axis: _Dims = None,
        keepdims: bool | None = None,
    ) -> Tensor: ...
    def logsumexp(
        self, dim: _Dims, keepdim: bool = False, *, axis: _Dims = None, keepdims: bool | None = None
    ) -> Tensor: ...
    def norm(
        self, p: float | str = "fro", dim: _Dims = None, keepdim: bool = False, dtype: Any = None
    ) -> Tensor: ...
    def cumsum(self, dim: int, *, dtype: Any = None, axis: int | None = None) -> Tensor: ...
    def cumprod(self, dim: int, *, dtype: Any = None, axis: int | None = None) -> Tensor: ...
    def any(
        self, dim: _Dims = None, keepdim: bool = False, *, axis: _Dims = None, keepdims: bool | None = None
    ) -> Tensor: ...
    def all(
        self, dim: _Dims = None, keepdim: bool = False, *, axis: _Dims = None, keepdims: bool | None = None
    ) -> Tensor: ...
    def count_nonzero(self, dim: _Dims = None, *, axis: _Dims = None) -> Tensor: ...
    def softmax(self, dim: int, dtype: Any = None) -> Tensor: ...
    def log_softmax(self, dim: int, dtype: Any = None) -> Tensor: ...
    # Elementwise math, logical ops, tests and their in-place forms: tapegrad._pointwise defines
    # them (and documents each, as tg.<name>).
    def abs(self, *, out: Tensor | None = None) -> Tensor: ...
    def abs_(self) -> Tensor: ...
    def absolute(self, *, out: Tensor | None = None) -> Tensor: ...
    def absolute_(self) -> Tensor: ...
    def acos(self, *, out: Tensor | None = None) -> Tensor: ...
    def acos_(self) -> Tensor: ...
    def acosh(self, *, out: Tensor | None = None) -> Tensor: ...
    def acosh_(self) -> Tensor: ...
    def add(self, other: Tensor | float, *, alpha: float = 1, out: Tensor | None = None) -> Tensor: ...
    def allclose(
        self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> bool: ...
    def arccos(self, *, out: Tensor | None = None) -> Tensor: ...
    def arccos_(self) -> Tensor: ...
    def arccosh(self, *, out: Tensor | None = None) -> Tensor: ...
    def arccosh_(self) -> Tensor: ...
    def arcsin(self, *, out: Tensor | None = None) -> Tensor: ...
    def arcsin_(self) -> Tensor: ...
    def arcsinh(self, *, out: Tensor | None = None) -> Tensor: ...
    def arcsinh_(self) -> Tensor: ...
    def arctan(self, *, out: Tensor | None = None) -> Tensor: ...
    def arctan2(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def arctan2_(self, other: Tensor) -> Tensor: ...
    def arctan_(self) -> Tensor: ...
    def arctanh(self, *, out: Tensor | None = None) -> Tensor: ...
    def arctanh_(self) -> Tensor: ...
    def asin(self, *, out: Tensor | None = None) -> Tensor: ...
    def asin_(self) -> Tensor: ...
    def asinh(self, *, out: Tensor | None = None) -> Tensor: ...
    def asinh_(self) -> Tensor: ...
    def atan(self, *, out: Tensor | None = None) -> Tensor: ...
    def atan2(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def atan2_(self, other: Tensor) -> Tensor: ...
    def atan_(self) -> Tensor: ...
    def atanh(self, *, out: Tensor | None = None) -> Tensor: ...
    def atanh_(self) -> Tensor: ...
    def bitwise_and(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def bitwise_and_(self, other: Tensor | float) -> Tensor: ...
    def bitwise_not(self, *, out: Tensor | None = None) -> Tensor: ...
    def bitwise_not_(self) -> Tensor: ...
    def bitwise_or(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def bitwise_or_(self, other: Tensor | float) -> Tensor: ...
    def bitwise_xor(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def bitwise_xor_(self, other: Tensor | float) -> Tensor: ...
    def ceil(self, *, out: Tensor | None = None) -> Tensor: ...
    def ceil_(self) -> Tensor: ...
    def clamp(
        self,
        min: Tensor | float | None = None,
        max: Tensor | float | None = None,
        *,
        out: Tensor | None = None,
    ) -> Tensor: ...
    def clamp_(self, min: Tensor | float | None = None, max: Tensor | float | None = None) -> Tensor: ...
    def clip(
        self,
        min: Tensor | float | None = None,
        max: Tensor | float | None = None,
        *,
        out: Tensor | None = None,
    ) -> Tensor: ...
    def clip_(self, min: Tensor | float | None = None, max: Tensor | float | None = None) -> Tensor: ...
    def cos(self, *, out: Tensor | None = None) -> Tensor: ...
    def cos_(self) -> Tensor: ...
    def cosh(self, *, out: Tensor | None = None) -> Tensor: ...
    def cosh_(self) -> Tensor: ...
    def div(
        self, other: Tensor | float, *, rounding_mode: str | None = None, out: Tensor | None = None
    ) -> Tensor: ...
    def divide(
        self, other: Tensor | float, *, rounding_mode: str | None = None, out: Tensor | None = None
    ) -> Tensor: ...
    def divide_(self, other: Tensor | float, *, rounding_mode: str | None = None) -> Tensor: ...
    def eq(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def eq_(self, other: Tensor | float) -> Tensor: ...
    def equal(self, other: Tensor) -> bool: ...
    def erf(self, *, out: Tensor | None = None) -> Tensor: ...
    def erf_(self) -> Tensor: ...
    def erfc(self, *, out: Tensor | None = None) -> Tensor: ...
    def erfc_(self) -> Tensor: ...
    def exp(self, *, out: Tensor | None = None) -> Tensor: ...
    def exp2(self, *, out: Tensor | None = None) -> Tensor: ...
    def exp2_(self) -> Tensor: ...
    def exp_(self) -> Tensor: ...
    def expm1(self, *, out: Tensor | None = None) -> Tensor: ...
    def expm1_(self) -> Tensor: ...
    def fix(self, *, out: Tensor | None = None) -> Tensor: ...
    def fix_(self) -> Tensor: ...
    def floor(self, *, out: Tensor | None = None) -> Tensor: ...
    def floor_(self) -> Tensor: ...
    def floor_divide(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def floor_divide_(self, other: Tensor | float) -> Tensor: ...
    def fmax(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def fmin(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def fmod(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def fmod_(self, other: Tensor | float) -> Tensor: ...
    def frac(self, *, out: Tensor | None = None) -> Tensor: ...
    def frac_(self) -> Tensor: ...
    def ge(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def ge_(self, other: Tensor | float) -> Tensor: ...
    def greater(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def greater_(self, other: Tensor | float) -> Tensor: ...
    def greater_equal(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def greater_equal_(self, other: Tensor | float) -> Tensor: ...
    def gt(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def gt_(self, other: Tensor | float) -> Tensor: ...
    def hypot(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def hypot_(self, other: Tensor) -> Tensor: ...
    def isclose(
        self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> Tensor: ...
    def isfinite(self) -> Tensor: ...
    def isinf(self) -> Tensor: ...
    def isnan(self) -> Tensor: ...
    def isneginf(self, *, out: Tensor | None = None) -> Tensor: ...
    def isposinf(self, *, out: Tensor | None = None) -> Tensor: ...
    def le(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def le_(self, other: Tensor | float) -> Tensor: ...
    def lerp(self, end: Tensor, weight: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def lerp_(self, end: Tensor, weight: Tensor | float) -> Tensor: ...
    def less(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def less_(self, other: Tensor | float) -> Tensor: ...
    def less_equal(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def less_equal_(self, other: Tensor | float) -> Tensor: ...
    def log(self, *, out: Tensor | None = None) -> Tensor: ...
    def log10(self, *, out: Tensor | None = None) -> Tensor: ...
    def log10_(self) -> Tensor: ...
    def log1p(self, *, out: Tensor | None = None) -> Tensor: ...
    def log1p_(self) -> Tensor: ...
    def log2(self, *, out: Tensor | None = None) -> Tensor: ...
    def log2_(self) -> Tensor: ...
    def log_(self) -> Tensor: ...
    def logical_and(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def logical_and_(self, other: Tensor) -> Tensor: ...
    def logical_not(self, *, out: Tensor | None = None) -> Tensor: ...
    def logical_not_(self) -> Tensor: ...
    def logical_or(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def logical_or_(self, other: Tensor) -> Tensor: ...
    def logical_xor(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def logical_xor_(self, other: Tensor) -> Tensor: ...
    def lt(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def lt_(self, other: Tensor | float) -> Tensor: ...
    def maximum(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def minimum(self, other: Tensor, *, out: Tensor | None = None) -> Tensor: ...
    def mul(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def multiply(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def multiply_(self, other: Tensor | float) -> Tensor: ...
    def nan_to_num(
        self,
        nan: float | None = 0.0,
        posinf: float | None = None,
        neginf: float | None = None,
        *,
        out: Tensor | None = None,
    ) -> Tensor: ...
    def nan_to_num_(
        self, nan: float | None = 0.0, posinf: float | None = None, neginf: float | None = None
    ) -> Tensor: ...
    def ne(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def ne_(self, other: Tensor | float) -> Tensor: ...
    def neg(self, *, out: Tensor | None = None) -> Tensor: ...
    def negative(self, *, out: Tensor | None = None) -> Tensor: ...
    def negative_(self) -> Tensor: ...
    def not_equal(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def not_equal_(self, other: Tensor | float) -> Tensor: ...
    def pow(self, exponent: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def pow_(self, exponent: Tensor | float) -> Tensor: ...
    def reciprocal(self, *, out: Tensor | None = None) -> Tensor: ...
    def reciprocal_(self) -> Tensor: ...
    def relu(self) -> Tensor: ...
    def relu_(self) -> Tensor: ...
    def remainder(self, other: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def remainder_(self, other: Tensor | float) -> Tensor: ...
    def round(self, *, decimals: int = 0, out: Tensor | None = None) -> Tensor: ...
    def round_(self, *, decimals: int = 0) -> Tensor: ...
    def rsqrt(self, *, out: Tensor | None = None) -> Tensor: ...
    def rsqrt_(self) -> Tensor: ...
    def sigmoid(self, *, out: Tensor | None = None) -> Tensor: ...
    def sigmoid_(self) -> Tensor: ...
    def sign(self, *, out: Tensor | None = None) -> Tensor: ...
    def sign_(self) -> Tensor: ...
    def sin(self, *, out: Tensor | None = None) -> Tensor: ...
    def sin_(self) -> Tensor: ...
    def sinh(self, *, out: Tensor | None = None) -> Tensor: ...
    def sinh_(self) -> Tensor: ...
    def sqrt(self, *, out: Tensor | None = None) -> Tensor: ...
    def sqrt_(self) -> Tensor: ...
    def square(self, *, out: Tensor | None = None) -> Tensor: ...
    def square_(self) -> Tensor: ...
    def sub(self, other: Tensor | float, *, alpha: float = 1, out: Tensor | None = None) -> Tensor: ...
    def subtract(self, other: Tensor | float, *, alpha: float = 1, out: Tensor | None = None) -> Tensor: ...
    def subtract_(self, other: Tensor | float, *, alpha: float = 1) -> Tensor: ...
    def tan(self, *, out: Tensor | None = None) -> Tensor: ...
    def tan_(self) -> Tensor: ...
    def tanh(self, *, out: Tensor | None = None) -> Tensor: ...
    def tanh_(self) -> Tensor: ...
    def true_divide(self, divisor: Tensor | float, *, out: Tensor | None = None) -> Tensor: ...
    def true_divide_(self, other: Tensor | float) -> Tensor: ...
    def trunc(self, *, out: Tensor | None = None) -> Tensor: ...
    def trunc_(self) -> Tensor: ...
    def where(self, condition: Tensor, other: Tensor | float) -> Tensor: ...
    # Shape ops and matrix products (tapegrad/_shape.py documents them; signatures only).
    def view(self, *shape: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def view_as(self, other: Tensor) -> Tensor: ...
    def reshape(self, *shape: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def reshape_as(self, other: Tensor) -> Tensor: ...
    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor: ...
    def unflatten(self, dim: int, sizes: Sequence[SupportsIndex]) -> Tensor: ...
    def squeeze(
        self, dim: int | Sequence[int] | None = None, *, axis: int | Sequence[int] | None = None
    ) -> Tensor: ...
    def unsqueeze(self, dim: int) -> Tensor: ...
    def permute(self, *dims: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def transpose(self, dim0: int, dim1: int) -> Tensor: ...
    def swapaxes(self, axis0: int, axis1: int) -> Tensor: ...
    def swapdims(self, dim0: int, dim1: int) -> Tensor: ...
    def t(self) -> Tensor: ...
    @property
    def mT(self) -> Tensor: ...
    def movedim(self, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor: ...
    def moveaxis(self, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor: ...
    def expand(self, *sizes: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def expand_as(self, other: Tensor) -> Tensor: ...
    def broadcast_to(self, size: Sequence[SupportsIndex]) -> Tensor: ...
    def narrow(self, dim: int, start: SupportsIndex, length: SupportsIndex) -> Tensor: ...
    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]: ...
    def split(self, split_size: int | Sequence[int], dim: int = 0) -> tuple[Tensor, ...]: ...
    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]: ...
    def tensor_split(
        self, indices_or_sections: int | Sequence[int] | Tensor, dim: int = 0
    ) -> tuple[Tensor, ...]: ...
    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor: ...
    def as_strided(
        self,
        size: Sequence[SupportsIndex],
        stride: Sequence[SupportsIndex],
        storage_offset: int | None = None,
    ) -> Tensor: ...
    def repeat(self, *repeats: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def tile(self, *dims: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def flip(self, *dims: SupportsIndex | Sequence[SupportsIndex]) -> Tensor: ...
    def fliplr(self) -> Tensor: ...
    def flipud(self) -> Tensor: ...
    def roll(self, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor: ...
    def tril(self, diagonal: int = 0) -> Tensor: ...
    def triu(self, diagonal: int = 0) -> Tensor: ...
    def matmul(self, other: Tensor) -> Tensor: ...
    def mm(self, mat2: Tensor) -> Tensor: ...
    def bmm(self, mat2: Tensor) -> Tensor: ...
    def mv(self, vec: Tensor) -> Tensor: ...
    def dot(self, tensor: Tensor) -> Tensor: ...
    def vdot(self, other: Tensor) -> Tensor: ...
    def outer(self, vec2: Tensor) -> Tensor: ...
    def ger(self, vec2: Tensor) -> Tensor: ...
    def inner(self, other: Tensor) -> Tensor: ...
    def __float__(self) -> float:
        """``float(t)``: the single value of a one-element tensor (``ValueError`` otherwise)."""
    def __len__(self) -> int:
        """``len(t)``: the size of the first dimension (``TypeError`` for a 0-d tensor)."""
    def __bool__(self) -> bool:
        """Whether a one-element tensor is non-zero (``ValueError`` for more elements: use
        ``any()`` or ``all()``)."""
    def __add__(self, other: _Operand, /) -> Tensor:
        """``self + other``, broadcasting as NumPy does.

        Args:
            other: A Tensor, a Python number or array-like data (a constant).
        """
    def __radd__(self, other: _Operand, /) -> Tensor:
        """``other + self``.

        Args:
            other: A Python number or array-like data (a constant).
        """
    def __sub__(self, other: _Operand, /) -> Tensor:
        """``self - other``, broadcasting as NumPy does.

        Args:
            other: A Tensor, a Python number or array-like data (a constant).
        """
    def __rsub__(self, other: _Operand, /) -> Tensor:
        """``other - self``.

        Args:
            other: A Python number or array-like data (a constant).
        """
    def __mul__(self, other: _Operand, /) -> Tensor:
        """``self * other``, broadcasting as NumPy does.

        Args:
            other: A Tensor, a Python number or array-like data (a constant).
        """
    def __rmul__(self, other: _Operand, /) -> Tensor:
        """``other * self``.

        Args:
            other: A Python number or array-like data (a constant).
        """
    def __truediv__(self, other: _Operand, /) -> Tensor:
        """``self / other``, broadcasting as NumPy does.

        Args:
            other: A Tensor, a Python number or array-like data (a constant).
        """
    def __rtruediv__(self, other: _Operand, /) -> Tensor:
        """``other / self``.

        Args:
            other: A Python number or array-like data (a constant).
        """
    def __neg__(self) -> Tensor:
        """``-self``."""
    def __pos__(self) -> Tensor:
        """``+self``: the same tensor (same values and graph; no op is recorded)."""
    def __pow__(self, exponent: _Operand, /) -> Tensor:
        """``self ** exponent`` elementwise, as ``tg.pow``: integer tensors to integer powers stay integer.

        Args:
            exponent: A Tensor, a Python number or array-like data (a negative Python int with
                an integer tensor raises ``ValueError``, as PyTorch).
        """
    def __rpow__(self, base: _Operand, /) -> Tensor:
        """``base ** self``, as ``tg.pow(base, self)``.

        Args:
            base: A Python number or array-like data.
        """
    def __ipow__(self, exponent: _Operand, /) -> Tensor:
        """``self **= exponent``: in place, returning this tensor.

        Args:
            exponent: A Tensor, a Python number or array-like data.
        """
    def __floordiv__(self, other: _Operand, /) -> Tensor:
        """``self // other``: floor division, as ``tg.floor_divide``.

        Args:
            other: A Tensor, a Python number or array-like data.
        """
    def __rfloordiv__(self, other: _Operand, /) -> Tensor:
        """``other // self``.

        Args:
            other: A Python number or array-like data.
        """
    def __ifloordiv__(self, other: _Operand, /) -> Tensor:
        """``self //= other``: in place, returning this tensor.

        Args:
            other: A Tensor, a Python number or array-like data.
        """
    def __mod__(self, other: _Operand, /) -> Tensor:
        """``self % other``: the remainder with the divisor's sign, as ``tg.remainder``.

        Args:
            other: A Tensor, a Python number or array-like data.
        """
    def __rmod__(self, other: _Operand, /) -> Tensor:
        """``other % self``.

        Args:
            other: A Python number or array-like data.
        """
    def __imod__(self, other: _Operand, /) -> Tensor:
        """``self %= other``: in place, returning this tensor.

        Args:
            other: A Tensor, a Python number or array-like data.
        """
    def __and__(self, other: _Operand, /) -> Tensor:
        """``self & other``: logical for bool tensors, bitwise for integers (floats raise).

        Args:
            other: A Tensor, a Python bool or int, or array-like data.
        """
    def __rand__(self, other: _Operand, /) -> Tensor:
        """``other & self``.

        Args:
            other: A Python bool or int, or array-like data.
        """
    def __iand__(self, other: _Operand, /) -> Tensor:
        """``self &= other``: in place, returning this tensor.

        Args:
            other: A Tensor, a Python bool or int, or array-like data.
        """
    def __or__(self, other: _Operand, /) -> Tensor:
        """``self | other``: logical for bool tensors, bitwise for integers (floats raise).

        Args:
            other: A Tensor, a Python bool or int, or array-like data.
        """
    def __ror__(self, other: _Operand, /) -> Tensor:
        """``other | self``.

        Args:
            other: A Python bool or int, or array-like data.
        """
    def __ior__(self, other: _Operand, /) -> Tensor:
        """``self |= other``: in place, returning this tensor.

        Args:
            other: A Tensor, a Python bool or int, or array-like data.
        """
    def __xor__(self, other: _Operand, /) -> Tensor:
        """``self ^ other``: logical for bool tensors, bitwise for integers (floats raise).

        Args:
            other: A Tensor, a Python bool or int, or array-like data.
        """
    def __rxor__(self, other: _Operand, /) -> Tensor:
        """``other ^ self``.

        Args:
            other: A Python bool or int, or array-like data.
        """
    def __ixor__(self, other: _Operand, /) -> Tensor:
        """``self ^= other``: in place, returning this tensor.

        Args:
            other: A Tensor, a Python bool or int, or array-like data.
        """
    def __invert__(self) -> Tensor:
        """``~self``: logical not of a bool tensor, bitwise not of an integer one (floats raise)."""
    def __abs__(self) -> Tensor:
        """``abs(self)``, as ``tg.abs``."""
    def __matmul__(self, other: Tensor | npt.ArrayLike, /) -> Tensor:
        """``self @ other``, as ``tg.matmul``.

        Args:
            other: A 1-D or 2-D Tensor or array-like data (a Python number: ``TypeError``).
        """
    def __rmatmul__(self, other: Tensor | npt.ArrayLike, /) -> Tensor:
        """``other @ self``, as ``tg.matmul``.

        Args:
            other: 1-D or 2-D array-like data.
        """
    # Indexing (cpp/bindings/register_indexing.cpp). The methods below index_put_ are the
    # functions of tapegrad._indexing (documented there), assigned onto Tensor.
    def __getitem__(self, key: Any, /) -> Tensor:
        """``self[key]``, as NumPy and PyTorch index.

        Integers, slices (any step), None and ``...`` make a view sharing this tensor's memory.
        Integer or bool tensors, lists, ranges and arrays ("advanced" indices) gather a copy:
        integer indices select along their dimension (negative ones count from the end), a bool
        mask over k dimensions selects as its ``nonzero()`` would, index tensors broadcast
        together, and their dimensions replace the indexed ones where the index tensors stand
        next to each other, or come first when a slice, None or ``...`` separates them. The
        gradient scatter-adds back; repeated indices accumulate.

        Args:
            key: An index, or a tuple of them.

        Raises:
            IndexError: An index out of bounds, a mask whose shape does not match the dimensions
                it covers, index tensors that do not broadcast, a uint8 index (ambiguous:
                ``.bool()`` or ``.long()`` it), a list holding lists or tensors (ambiguous: use a
                tuple or a tensor), or an index NumPy and PyTorch lay out differently (an integer
                or an ellipsis between index tensors: the message shows both layouts).
            TypeError: A floating-point index tensor, or an object that is no index.
        """
    def __setitem__(self, key: Any, value: Any, /) -> None:
        """``self[key] = value``, in place under the rules of in-place updates.

        ``value`` broadcasts to the shape ``self[key]`` has and is converted to this tensor's
        dtype. Where tensor indices repeat a position, the last write (in the index's row-major
        order) wins and alone receives a gradient. Recorded on the tape when gradients are.

        Args:
            key: An index, as for ``self[key]``.
            value: A tensor, a number or array-like data.

        Raises:
            ValueError: ``value`` does not broadcast to the indexed shape.
            RuntimeError: This tensor is a leaf that requires a gradient while gradients are
                recorded (update it under ``no_grad()``).
        """
    def index_put_(self, indices: Sequence[Any], values: Any, accumulate: bool = False) -> Tensor:
        """``self[indices] = values`` in place, or ``+=`` with ``accumulate``.

        Args:
            indices: A tuple of index entries, one per dimension, as ``self[...]`` takes.
            values: A tensor, a number or array-like data, broadcast to the indexed shape.
            accumulate: Add instead of writing: repeated indices then add every value.

        Returns:
            This tensor.

        Raises:
            TypeError: ``indices`` is not a tuple (one index tensor is written ``(idx,)``).
        """
    def gather(self, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor: ...
    def scatter(
        self,
        dim: int,
        index: Tensor,
        src: Tensor | float | None = None,
        *,
        value: float | None = None,
        reduce: str | None = None,
    ) -> Tensor: ...
    def scatter_(
        self,
        dim: int,
        index: Tensor,
        src: Tensor | float | None = None,
        *,
        value: float | None = None,
        reduce: str | None = None,
    ) -> Tensor: ...
    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor: ...
    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor: ...
    def scatter_reduce(
        self, dim: int, index: Tensor, src: Tensor, reduce: str, *, include_self: bool = True
    ) -> Tensor: ...
    def scatter_reduce_(
        self, dim: int, index: Tensor, src: Tensor, reduce: str, *, include_self: bool = True
    ) -> Tensor: ...
    def index_select(self, dim: int, index: Tensor) -> Tensor: ...
    def index_add(self, dim: int, index: Tensor, source: Tensor, *, alpha: float = 1) -> Tensor: ...
    def index_add_(self, dim: int, index: Tensor, source: Tensor, *, alpha: float = 1) -> Tensor: ...
    def index_copy(self, dim: int, index: Tensor, source: Tensor) -> Tensor: ...
    def index_copy_(self, dim: int, index: Tensor, source: Tensor) -> Tensor: ...
    def index_fill(self, dim: int, index: Tensor, value: Tensor | float) -> Tensor: ...
    def index_fill_(self, dim: int, index: Tensor, value: Tensor | float) -> Tensor: ...
    def index_put(self, indices: Sequence[Any], values: Any, accumulate: bool = False) -> Tensor: ...
    def take(self, index: Tensor) -> Tensor: ...
    def take_along_dim(self, indices: Tensor, dim: int | None = None) -> Tensor: ...
    def masked_fill(self, mask: Tensor, value: Tensor | float) -> Tensor: ...
    def masked_fill_(self, mask: Tensor, value: Tensor | float) -> Tensor: ...
    def masked_select(self, mask: Tensor) -> Tensor: ...
    def masked_scatter(self, mask: Tensor, source: Tensor) -> Tensor: ...
    def masked_scatter_(self, mask: Tensor, source: Tensor) -> Tensor: ...
    def nonzero(self, *, as_tuple: bool = False) -> Tensor | tuple[Tensor, ...]: ...
    def argwhere(self) -> Tensor: ...
    # Added by tapegrad._tensor when the package is imported: NumPy conversion (a view unless a
    # copy is asked for) and deferral of NumPy's binary operators to Tensor's own.
    def __array__(self, dtype: npt.DTypeLike | None = None, copy: bool | None = None) -> npt.NDArray[Any]:
        """NumPy's conversion protocol: ``np.asarray(t)`` is a view of the tensor's memory.

        Args:
            dtype: The dtype wanted; another dtype than the tensor's makes a converted copy.
            copy: True for a copy; False raises ``ValueError`` when a copy is needed; None
                (the default) copies only when it must.
        """
    # Factories, sampling and DLPack (defined in tapegrad/_factories.py and tapegrad/_random.py,
    # documented there).
    def new_zeros(
        self,
        *size: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: bool = False,
        layout: Any = None,
        pin_memory: bool = False,
        **kwargs: Any,
    ) -> Tensor: ...
    def new_ones(
        self,
        *size: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: bool = False,
        layout: Any = None,
        pin_memory: bool = False,
        **kwargs: Any,
    ) -> Tensor: ...
    def new_empty(
        self,
        *size: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: bool = False,
        layout: Any = None,
        pin_memory: bool = False,
        **kwargs: Any,
    ) -> Tensor: ...
    def new_full(
        self,
        size: _Shape,
        fill_value: float | Tensor,
        *,
        dtype: Any = None,
        device: Any = None,
        requires_grad: bool = False,
        layout: Any = None,
        pin_memory: bool = False,
    ) -> Tensor: ...
    def new_tensor(
        self,
        data: Any,
        *,
        dtype: Any = None,
        device: Any = None,
        requires_grad: bool = False,
        layout: Any = None,
        pin_memory: bool = False,
    ) -> Tensor: ...
    def uniform_(
        self, from_: float = 0.0, to: float = 1.0, *, generator: Generator | None = None
    ) -> Tensor: ...
    def normal_(
        self, mean: float = 0.0, std: float = 1.0, *, generator: Generator | None = None
    ) -> Tensor: ...
    def random_(
        self, from_: int = ..., to: int | None = ..., *, generator: Generator | None = None
    ) -> Tensor: ...
    def bernoulli_(self, p: float | Tensor = 0.5, *, generator: Generator | None = None) -> Tensor: ...
    def exponential_(self, lambd: float = 1.0, *, generator: Generator | None = None) -> Tensor: ...
    def bernoulli(
        self, p: float | None = None, *, generator: Generator | None = None, out: None = None
    ) -> Tensor: ...
    def multinomial(
        self,
        num_samples: int,
        replacement: bool = False,
        *,
        generator: Generator | None = None,
        out: None = None,
    ) -> Tensor: ...
    def __dlpack__(
        self,
        *,
        stream: int | None = None,
        max_version: tuple[int, int] | None = None,
        dl_device: tuple[int, int] | None = None,
        copy: bool | None = None,
    ) -> Any: ...
    def __dlpack_device__(self) -> tuple[int, int]: ...
    __array_priority__: int

# Operands the operators and losses accept besides a Tensor: Python numbers and array-like data.
_Operand = Tensor | float | npt.ArrayLike
_Shape = SupportsIndex | Sequence[SupportsIndex]
_Dims = SupportsIndex | Sequence[SupportsIndex] | None

def tensor(
    data: Tensor | npt.ArrayLike,
    dtype: Any = None,
    device: Any = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """A new tensor holding a copy of ``data``, as ``torch.tensor``.

    Args:
        data: A number, (nested) lists or tuples of numbers, a NumPy array or a tensor; never
            shared with the new tensor.
        dtype: The element type. Without it bools give ``bool``, integers ``int64`` and floats
            the default dtype (``float64`` unless ``set_default_dtype`` changed it); arrays keep
            theirs (int8 and int16 widen to int32, float16 to float32).
        device: ``"cpu"``, ``tg.device("cpu")`` or None: tapegrad runs on the CPU only.
        requires_grad: Whether the new leaf records the ops applied to it and receives a
            gradient in ``.grad`` (floating point only).
        pin_memory: Accepted for PyTorch's signature; must be False.

    Returns:
        A new leaf tensor.

    Raises:
        TypeError: ``data`` holds something other than real numbers, ``dtype`` is not one of
            tapegrad's, or ``requires_grad`` is not a bool.
        ValueError: Ragged nested lists, or more than 8 dimensions.
        RuntimeError: A device other than the CPU.
    """

def get_default_dtype() -> dtype:
    """The dtype of tensors made from Python floats and of factories given no dtype (float64
    unless changed)."""

def set_default_dtype(d: Any) -> None:
    """Sets the default floating-point dtype, as ``torch.set_default_dtype``.

    Args:
        d: ``tg.float32`` or ``tg.float64`` (``DTypeError`` for others).
    """

def from_numpy(array: npt.NDArray[Any]) -> Tensor:
    """A tensor sharing the array's memory (no copy); the tensor keeps the array alive.

    Args:
        array: A ``numpy.ndarray`` of dtype bool, uint8, int32, int64, float32 or float64
            that is C-contiguous, writeable and in native byte order. Writes to either side are
            seen by the other.

    Returns:
        A new leaf tensor that does not require a gradient.

    Raises:
        TypeError: ``array`` is not a ``numpy.ndarray``, or of a dtype tapegrad lacks.
        ValueError: The array is not C-contiguous, not writeable, not in native byte order, or
            has more than 8 dimensions (``tg.tensor(array)`` copies any array).
    """

def is_grad_enabled() -> bool:
    """Whether ops record the tape on this thread."""

def set_grad_enabled(enabled: bool) -> None:
    """Turns recording on or off for this thread.

    ``tg.no_grad()`` and ``tg.enable_grad()`` are the context managers over this.

    Args:
        enabled: True to record ops on the tape, False to record nothing.
    """

def is_anomaly_enabled() -> bool:
    """Whether backward checks every node's gradients for NaN on this thread."""

def set_anomaly_enabled(enabled: bool) -> None:
    """Turns the NaN check of backward on or off for this thread.

    ``tg.detect_anomaly()`` is the context manager over this.

    Args:
        enabled: True to make ``backward()`` raise at the first node whose backward returns
            NaN, False (the default state) to check nothing.
    """

# Elementwise math, activations, logical ops and tests (cpp/bindings/register_pointwise.cpp).
def abs(input: Tensor) -> Tensor:
    """The absolute value, elementwise (integer tensors stay integer; bool is refused).

    The op behind ``tg.abs``.

    Args:
        input: The input tensor.
    """

def acos(input: Tensor) -> Tensor:
    """The inverse cosine, elementwise (NaN outside [-1, 1]).

    The op behind ``tg.acos``.

    Args:
        input: The input tensor.
    """

def acosh(input: Tensor) -> Tensor:
    """The inverse hyperbolic cosine, elementwise (NaN below 1).

    The op behind ``tg.acosh``.

    Args:
        input: The input tensor.
    """

def add(input: Tensor | float, other: Tensor | float, alpha: float = 1) -> Tensor:
    """``input + alpha * other``, broadcasting.

    The op behind ``tg.add``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
        alpha: The multiplier.
    """

def allclose(
    input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """Whether ``isclose`` holds for every element.

    The op behind ``tg.allclose``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
        rtol: The relative tolerance.
        atol: The absolute tolerance.
        equal_nan: Whether NaN is close to NaN.
    """

def asin(input: Tensor) -> Tensor:
    """The inverse sine, elementwise (NaN outside [-1, 1]).

    The op behind ``tg.asin``.

    Args:
        input: The input tensor.
    """

def asinh(input: Tensor) -> Tensor:
    """The inverse hyperbolic sine, elementwise.

    The op behind ``tg.asinh``.

    Args:
        input: The input tensor.
    """

def atan(input: Tensor) -> Tensor:
    """The inverse tangent, elementwise.

    The op behind ``tg.atan``.

    Args:
        input: The input tensor.
    """

def atan2(input: Tensor, other: Tensor) -> Tensor:
    """The angle of the point ``(other, input)``: ``atan(input / other)`` in the right quadrant.

    The op behind ``tg.atan2``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def atanh(input: Tensor) -> Tensor:
    """The inverse hyperbolic tangent, elementwise (+-inf at +-1, NaN beyond).

    The op behind ``tg.atanh``.

    Args:
        input: The input tensor.
    """

def bitwise_and(input: Tensor | float, other: Tensor | float) -> Tensor:
    """Elementwise ``&`` of bool or integer tensors (``and`` for bool).

    The op behind ``tg.bitwise_and``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def bitwise_not(input: Tensor) -> Tensor:
    """Elementwise ``~``: ``not`` for bool, the bitwise complement for integers.

    The op behind ``tg.bitwise_not``.

    Args:
        input: The input tensor.
    """

def bitwise_or(input: Tensor | float, other: Tensor | float) -> Tensor:
    """Elementwise ``|`` of bool or integer tensors (``or`` for bool).

    The op behind ``tg.bitwise_or``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def bitwise_xor(input: Tensor | float, other: Tensor | float) -> Tensor:
    """Elementwise ``^`` of bool or integer tensors (exclusive ``or`` for bool).

    The op behind ``tg.bitwise_xor``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def ceil(input: Tensor) -> Tensor:
    """The smallest integer not below each element (integer tensors are returned as they are).

    The op behind ``tg.ceil``.

    Args:
        input: The input tensor.
    """

def celu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """The continuously differentiable ELU, as ``torch.celu`` (``tg.nn.functional.celu``).

    The op behind ``tg.celu``.

    Args:
        input: The input tensor.
        alpha: The multiplier.
    """

def clamp(input: Tensor, min: Tensor | float | None = None, max: Tensor | float | None = None) -> Tensor:
    """Every element limited to ``[min, max]``.

    The op behind ``tg.clamp``.

    Args:
        input: The input tensor.
        min: The lower bound, or None.
        max: The upper bound, or None.
    """

def cos(input: Tensor) -> Tensor:
    """The cosine (radians), elementwise.

    The op behind ``tg.cos``.

    Args:
        input: The input tensor.
    """

def cosh(input: Tensor) -> Tensor:
    """The hyperbolic cosine, elementwise.

    The op behind ``tg.cosh``.

    Args:
        input: The input tensor.
    """

def div(input: Tensor | float, other: Tensor | float, rounding_mode: str | None = None) -> Tensor:
    """``input / other``, broadcasting: true division, or rounded.

    The op behind ``tg.div``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
        rounding_mode: None, 'trunc' or 'floor'.
    """

def elu(input: Tensor, alpha: float = 1.0) -> Tensor:
    """``input`` where positive, ``alpha * (exp(input) - 1)`` elsewhere.

    The op behind ``tg.nn.functional.elu``.

    Args:
        input: The input tensor.
        alpha: The multiplier.
    """

def eq(input: Tensor, other: Tensor | float) -> Tensor:
    """``input == other`` elementwise, broadcasting.

    The op behind ``tg.eq``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def equal(input: Tensor, other: Tensor) -> bool:
    """Whether two tensors have the same shape and the same elements (NaN is never equal).

    The op behind ``tg.equal``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def erf(input: Tensor) -> Tensor:
    """The error function, elementwise.

    The op behind ``tg.erf``.

    Args:
        input: The input tensor.
    """

def erfc(input: Tensor) -> Tensor:
    """The complementary error function ``1 - erf(input)``, elementwise, accurate in the tails.

    The op behind ``tg.erfc``.

    Args:
        input: The input tensor.
    """

def exp(input: Tensor) -> Tensor:
    """``e ** input``, elementwise (integer inputs give the default float dtype).

    The op behind ``tg.exp``.

    Args:
        input: The input tensor.
    """

def exp2(input: Tensor) -> Tensor:
    """``2 ** input``, elementwise (integer inputs give the default float dtype).

    The op behind ``tg.exp2``.

    Args:
        input: The input tensor.
    """

def expm1(input: Tensor) -> Tensor:
    """``exp(input) - 1``, elementwise, accurate for small values.

    The op behind ``tg.expm1``.

    Args:
        input: The input tensor.
    """

def floor(input: Tensor) -> Tensor:
    """The largest integer not above each element (integer tensors are returned as they are).

    The op behind ``tg.floor``.

    Args:
        input: The input tensor.
    """

def floor_divide(input: Tensor | float, other: Tensor | float) -> Tensor:
    """``input // other``: the quotient rounded toward -inf, as Python's ``//``.

    The op behind ``tg.floor_divide``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def fmax(input: Tensor, other: Tensor) -> Tensor:
    """The larger of each pair of elements, ignoring NaN unless both are NaN.

    The op behind ``tg.fmax``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def fmin(input: Tensor, other: Tensor) -> Tensor:
    """The smaller of each pair of elements, ignoring NaN unless both are NaN.

    The op behind ``tg.fmin``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def fmod(input: Tensor, other: Tensor | float) -> Tensor:
    """The remainder with the dividend's sign, as C's ``fmod``.

    The op behind ``tg.fmod``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def frac(input: Tensor) -> Tensor:
    """The fractional part ``input - trunc(input)``, with the input's sign.

    The op behind ``tg.frac``.

    Args:
        input: The input tensor.
    """

def ge(input: Tensor, other: Tensor | float) -> Tensor:
    """``input >= other`` elementwise, broadcasting.

    The op behind ``tg.ge``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """``input * Phi(input)``, Phi the standard normal CDF (exact, through erf), or its tanh approximation.

    The op behind ``tg.nn.functional.gelu``.

    Args:
        input: The input tensor.
        approximate: 'none' or 'tanh'.
    """

def gt(input: Tensor, other: Tensor | float) -> Tensor:
    """``input > other`` elementwise, broadcasting.

    The op behind ``tg.gt``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def hardsigmoid(input: Tensor) -> Tensor:
    """``relu6(input + 3) / 6``: 0 below -3, 1 above 3, linear between.

    The op behind ``tg.nn.functional.hardsigmoid``.

    Args:
        input: The input tensor.
    """

def hardswish(input: Tensor) -> Tensor:
    """``input * relu6(input + 3) / 6``.

    The op behind ``tg.nn.functional.hardswish``.

    Args:
        input: The input tensor.
    """

def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """``input`` clamped to ``[min_val, max_val]``; the gradient is 0 at the bounds and outside.

    The op behind ``tg.nn.functional.hardtanh``.

    Args:
        input: The input tensor.
        min_val: The lower bound.
        max_val: The upper bound.
    """

def hypot(input: Tensor, other: Tensor) -> Tensor:
    """``sqrt(input**2 + other**2)`` without overflow.

    The op behind ``tg.hypot``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def isclose(
    input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """Where ``|input - other| <= atol + rtol * |other|``, or the elements are equal.

    The op behind ``tg.isclose``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
        rtol: The relative tolerance.
        atol: The absolute tolerance.
        equal_nan: Whether NaN is close to NaN.
    """

def isfinite(input: Tensor) -> Tensor:
    """Where the elements are finite (neither inf nor NaN).

    The op behind ``tg.isfinite``.

    Args:
        input: The input tensor.
    """

def isinf(input: Tensor) -> Tensor:
    """Where the elements are +inf or -inf.

    The op behind ``tg.isinf``.

    Args:
        input: The input tensor.
    """

def isnan(input: Tensor) -> Tensor:
    """Where the elements are NaN.

    The op behind ``tg.isnan``.

    Args:
        input: The input tensor.
    """

def isneginf(input: Tensor) -> Tensor:
    """Where the elements are -inf.

    The op behind ``tg.isneginf``.

    Args:
        input: The input tensor.
    """

def isposinf(input: Tensor) -> Tensor:
    """Where the elements are +inf.

    The op behind ``tg.isposinf``.

    Args:
        input: The input tensor.
    """

def le(input: Tensor, other: Tensor | float) -> Tensor:
    """``input <= other`` elementwise, broadcasting.

    The op behind ``tg.le``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    """``input`` where positive, ``negative_slope * input`` elsewhere.

    The op behind ``tg.nn.functional.leaky_relu``.

    Args:
        input: The input tensor.
        negative_slope: The slope below 0.
    """

def lerp(input: Tensor, end: Tensor, weight: Tensor | float) -> Tensor:
    """Linear interpolation ``input + weight * (end - input)``, exact at both ends.

    The op behind ``tg.lerp``.

    Args:
        input: The input tensor.
        end: The end points.
        weight: The interpolation weights.
    """

def log(input: Tensor) -> Tensor:
    """The natural logarithm, elementwise.

    The op behind ``tg.log``.

    Args:
        input: The input tensor.
    """

def log10(input: Tensor) -> Tensor:
    """The base-10 logarithm, elementwise.

    The op behind ``tg.log10``.

    Args:
        input: The input tensor.
    """

def log1p(input: Tensor) -> Tensor:
    """``log(1 + input)``, elementwise, accurate for small values.

    The op behind ``tg.log1p``.

    Args:
        input: The input tensor.
    """

def log2(input: Tensor) -> Tensor:
    """The base-2 logarithm, elementwise.

    The op behind ``tg.log2``.

    Args:
        input: The input tensor.
    """

def logical_and(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise ``and`` of truth values (non-zero is true), as a bool tensor.

    The op behind ``tg.logical_and``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def logical_not(input: Tensor) -> Tensor:
    """Elementwise ``not`` (zero is false, anything else true), as a bool tensor.

    The op behind ``tg.logical_not``.

    Args:
        input: The input tensor.
    """

def logical_or(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise ``or`` of truth values (non-zero is true), as a bool tensor.

    The op behind ``tg.logical_or``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def logical_xor(input: Tensor, other: Tensor) -> Tensor:
    """Elementwise exclusive ``or`` of truth values (non-zero is true), as a bool tensor.

    The op behind ``tg.logical_xor``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def logsigmoid(input: Tensor) -> Tensor:
    """``log(sigmoid(input))``, stable for any value (``-softplus(-input)``).

    The op behind ``tg.nn.functional.logsigmoid``.

    Args:
        input: The input tensor.
    """

def lt(input: Tensor, other: Tensor | float) -> Tensor:
    """``input < other`` elementwise, broadcasting.

    The op behind ``tg.lt``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def maximum(input: Tensor, other: Tensor) -> Tensor:
    """The larger of each pair of elements; NaN if either is NaN.

    The op behind ``tg.maximum``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def minimum(input: Tensor, other: Tensor) -> Tensor:
    """The smaller of each pair of elements; NaN if either is NaN.

    The op behind ``tg.minimum``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def mish(input: Tensor) -> Tensor:
    """``input * tanh(softplus(input))``, stable for any value.

    The op behind ``tg.nn.functional.mish``.

    Args:
        input: The input tensor.
    """

def mul(input: Tensor | float, other: Tensor | float) -> Tensor:
    """``input * other``, broadcasting.

    The op behind ``tg.mul``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def nan_to_num(
    input: Tensor, nan: float | None = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """NaN, +inf and -inf replaced by finite numbers (integer tensors are copied unchanged).

    The op behind ``tg.nan_to_num``.

    Args:
        input: The input tensor.
        nan: What NaN becomes.
        posinf: What +inf becomes (None: the dtype's largest value).
        neginf: What -inf becomes (None: the dtype's lowest value).
    """

def ne(input: Tensor, other: Tensor | float) -> Tensor:
    """``input != other`` elementwise, broadcasting.

    The op behind ``tg.ne``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def neg(input: Tensor) -> Tensor:
    """``-input``, elementwise (bool is refused: use ``logical_not``).

    The op behind ``tg.neg``.

    Args:
        input: The input tensor.
    """

def pow(input: Tensor | float, exponent: Tensor | float) -> Tensor:
    """``input ** exponent``, broadcasting; either side may be a number.

    The op behind ``tg.pow``.

    Args:
        input: The input tensor.
        exponent: The exponent.
    """

def reciprocal(input: Tensor) -> Tensor:
    """``1 / input``, elementwise (integer inputs give the default float dtype).

    The op behind ``tg.reciprocal``.

    Args:
        input: The input tensor.
    """

def relu(input: Tensor) -> Tensor:
    """``max(input, 0)``, elementwise (integer tensors stay integer; NaN stays NaN).

    The op behind ``tg.relu``.

    Args:
        input: The input tensor.
    """

def relu6(input: Tensor) -> Tensor:
    """``min(max(input, 0), 6)``, elementwise (``hardtanh(input, 0, 6)``).

    The op behind ``tg.nn.functional.relu6``.

    Args:
        input: The input tensor.
    """

def remainder(input: Tensor | float, other: Tensor | float) -> Tensor:
    """``input % other``: the remainder with the divisor's sign, as Python's ``%``.

    The op behind ``tg.remainder``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

def round(input: Tensor, decimals: int = 0) -> Tensor:
    """Rounds half to even (``round(2.5)`` is 2, as ``torch.round`` and NumPy).

    The op behind ``tg.round``.

    Args:
        input: The input tensor.
        decimals: The number of decimal places.
    """

def rsqrt(input: Tensor) -> Tensor:
    """The reciprocal of the square root, ``1 / sqrt(input)``, elementwise.

    The op behind ``tg.rsqrt``.

    Args:
        input: The input tensor.
    """

def selu(input: Tensor) -> Tensor:
    """The scaled exponential linear unit, as ``torch.selu`` (``tg.nn.functional.selu``).

    The op behind ``tg.selu``.

    Args:
        input: The input tensor.
    """

def sigmoid(input: Tensor) -> Tensor:
    """``1 / (1 + exp(-input))``, elementwise, stable for any value.

    The op behind ``tg.sigmoid``.

    Args:
        input: The input tensor.
    """

def sign(input: Tensor) -> Tensor:
    """-1, 0 or 1 by the sign of each element (0 for NaN and -0.0), in the input's dtype.

    The op behind ``tg.sign``.

    Args:
        input: The input tensor.
    """

def silu(input: Tensor) -> Tensor:
    """``input * sigmoid(input)`` (the swish), stable for any value.

    The op behind ``tg.nn.functional.silu``.

    Args:
        input: The input tensor.
    """

def sin(input: Tensor) -> Tensor:
    """The sine (radians), elementwise.

    The op behind ``tg.sin``.

    Args:
        input: The input tensor.
    """

def sinh(input: Tensor) -> Tensor:
    """The hyperbolic sine, elementwise.

    The op behind ``tg.sinh``.

    Args:
        input: The input tensor.
    """

def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * input)) / beta``, and ``input`` itself where ``beta * input > threshold``.

    The op behind ``tg.nn.functional.softplus``.

    Args:
        input: The input tensor.
        beta: The sharpness.
        threshold: Where the function becomes the identity.
    """

def softsign(input: Tensor) -> Tensor:
    """``input / (1 + |input|)``.

    The op behind ``tg.nn.functional.softsign``.

    Args:
        input: The input tensor.
    """

def sqrt(input: Tensor) -> Tensor:
    """The square root, elementwise (integer inputs give the default float dtype).

    The op behind ``tg.sqrt``.

    Args:
        input: The input tensor.
    """

def square(input: Tensor) -> Tensor:
    """``input * input``, elementwise (integers stay integer; bool gives int64).

    The op behind ``tg.square``.

    Args:
        input: The input tensor.
    """

def sub(input: Tensor | float, other: Tensor | float, alpha: float = 1) -> Tensor:
    """``input - alpha * other``, broadcasting (bool tensors cannot be subtracted).

    The op behind ``tg.sub``.

    Args:
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
        alpha: The multiplier.
    """

def tan(input: Tensor) -> Tensor:
    """The tangent (radians), elementwise.

    The op behind ``tg.tan``.

    Args:
        input: The input tensor.
    """

def tanh(input: Tensor) -> Tensor:
    """The hyperbolic tangent, elementwise.

    The op behind ``tg.tanh``.

    Args:
        input: The input tensor.
    """

def tanhshrink(input: Tensor) -> Tensor:
    """``input - tanh(input)``.

    The op behind ``tg.nn.functional.tanhshrink``.

    Args:
        input: The input tensor.
    """

def trunc(input: Tensor) -> Tensor:
    """Rounds toward zero, elementwise (integer tensors are returned as they are).

    The op behind ``tg.trunc``.

    Args:
        input: The input tensor.
    """

def where(condition: Tensor, input: Tensor | float, other: Tensor | float) -> Tensor:
    """``input`` where ``condition`` holds, ``other`` elsewhere; all three broadcast.

    The op behind ``tg.where``.

    Args:
        condition: A bool tensor.
        input: The input tensor.
        other: The other operand (a Tensor, or a number where PyTorch takes one).
    """

# Reductions, cumulative ops and softmax (tapegrad/_reduction.py gives them PyTorch's signatures).
def sum(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The sum (integers and bools in int64); 0 over an empty dim.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        dtype: A dtype to convert the input to first, or None.
    """

def mean(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The mean (floating point); NaN over an empty dim.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        dtype: A dtype to convert the input to first, or None.
    """

def nansum(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The sum with NaN counted as 0.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        dtype: A dtype to convert the input to first, or None.
    """

def nanmean(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The mean of the elements that are not NaN.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        dtype: A dtype to convert the input to first, or None.
    """

def amax(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The largest element over dim; ties share the gradient.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
    """

def amin(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The smallest element over dim; ties share the gradient.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
    """

def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Whether any element is nonzero (bool; uint8 for uint8 input).

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
    """

def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """Whether every element is nonzero (bool; uint8 for uint8 input).

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
    """

def logsumexp(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """log(sum(exp(input))) over dim, stable.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
    """

def prod(input: Tensor, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The product over all elements or one dim; exact gradient with zeros.

    Args:
        input: The tensor.
        dim: An int, or None.
        keepdim: Keep the reduced dimension with size 1.
        dtype: A dtype to convert the input to first, or None.
    """

def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The largest element, or (values, indices) along dim.

    Args:
        input: The tensor.
        dim: An int, or None.
        keepdim: Keep the reduced dimension with size 1.
    """

def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The smallest element, or (values, indices) along dim.

    Args:
        input: The tensor.
        dim: An int, or None.
        keepdim: Keep the reduced dimension with size 1.
    """

def median(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """The lower median, or (values, indices) along dim.

    Args:
        input: The tensor.
        dim: An int, or None.
        keepdim: Keep the reduced dimension with size 1.
    """

def argmax(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The int64 index of the first largest element (flat when dim is None).

    Args:
        input: The tensor.
        dim: An int, or None.
        keepdim: Keep the reduced dimension with size 1.
    """

def argmin(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The int64 index of the first smallest element (flat when dim is None).

    Args:
        input: The tensor.
        dim: An int, or None.
        keepdim: Keep the reduced dimension with size 1.
    """

def var(input: Tensor, dim: Any = None, correction: float = 1.0, keepdim: bool = False) -> Tensor:
    """The variance sum((x - mean)^2) / (N - correction).

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        correction: Subtracted from N in the divisor.
    """

def std(input: Tensor, dim: Any = None, correction: float = 1.0, keepdim: bool = False) -> Tensor:
    """The standard deviation (square root of var).

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        correction: Subtracted from N in the divisor.
    """

def var_mean(
    input: Tensor, dim: Any = None, correction: float = 1.0, keepdim: bool = False
) -> tuple[Tensor, Tensor]:
    """(var, mean) over the same dims.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        correction: Subtracted from N in the divisor.
    """

def std_mean(
    input: Tensor, dim: Any = None, correction: float = 1.0, keepdim: bool = False
) -> tuple[Tensor, Tensor]:
    """(std, mean) over the same dims.

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        correction: Subtracted from N in the divisor.
    """

def norm(input: Tensor, p: float = 2.0, dim: Any = None, keepdim: bool = False, dtype: Any = None) -> Tensor:
    """The vector p-norm over dim (p = 2, 1, inf, -inf, 0 or any number).

    Args:
        input: The tensor.
        p: The order.
        dim: None (every dimension), an int, or a list or tuple of ints.
        keepdim: Keep the reduced dimensions with size 1.
        dtype: A dtype to convert the input to first, or None.
    """

def count_nonzero(input: Tensor, dim: Any = None) -> Tensor:
    """The number of nonzero elements (int64).

    Args:
        input: The tensor.
        dim: None (every dimension), an int, or a list or tuple of ints.
    """

def cumsum(input: Tensor, dim: Any, dtype: Any = None) -> Tensor:
    """The running sum along dim (integers in int64).

    Args:
        input: The tensor.
        dim: The dimension.
        dtype: A dtype to convert the input to first, or None.
    """

def cumprod(input: Tensor, dim: Any, dtype: Any = None) -> Tensor:
    """The running product along dim (integers in int64).

    Args:
        input: The tensor.
        dim: The dimension.
        dtype: A dtype to convert the input to first, or None.
    """

def softmax(input: Tensor, dim: Any, dtype: Any = None) -> Tensor:
    """exp(x) / sum(exp(x)) along dim, stable (floating point).

    Args:
        input: The tensor.
        dim: The dimension.
        dtype: A dtype to convert the input to first, or None.
    """

def log_softmax(input: Tensor, dim: Any, dtype: Any = None) -> Tensor:
    """The log of softmax along dim, stable (floating point).

    Args:
        input: The tensor.
        dim: The dimension.
        dtype: A dtype to convert the input to first, or None.
    """

# Shape ops and matrix products (tapegrad/_shape.py wraps them with PyTorch's signatures). Views
# share their input's memory; errors follow docs/errors.md, "Shape ops and matrix products".
def view(input: Tensor, size: _Shape) -> Tensor:
    """``input`` in another shape without a copy (one size may be -1), as ``Tensor.view``.

    Args:
        input: The tensor.
        size: The new shape; the strides must allow it (PyTorch's rule).

    Raises:
        ValueError: The sizes do not hold the elements, or the strides do not allow a view
            ("Use .reshape(...) instead").
    """

def reshape(input: Tensor, shape: _Shape) -> Tensor:
    """``input`` in another shape: a view when the strides allow, else a contiguous copy.

    Args:
        input: The tensor.
        shape: The new shape; one size may be -1.

    Raises:
        ValueError: The sizes do not hold the elements, or more than one is -1.
        TypeError: A size is not an integer.
        OverflowError: The shape has more elements than fit in int64.
    """

def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Dimensions ``start_dim`` .. ``end_dim`` merged into one (a view when the strides allow).

    Args:
        input: The tensor.
        start_dim: The first dimension merged.
        end_dim: The last dimension merged.
    """

def unflatten(input: Tensor, dim: int, sizes: _Shape) -> Tensor:
    """Dimension ``dim`` split into ``sizes``: a view.

    Args:
        input: The tensor.
        dim: The dimension split.
        sizes: Its new sizes (one may be -1).
    """

def squeeze(input: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """The size-1 dimensions removed (those of ``dim`` only, when given): a view.

    Args:
        input: The tensor.
        dim: A dimension or several; a dimension of another size than 1 stays.
    """

def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """A size-1 dimension inserted at ``dim``: a view.

    Args:
        input: The tensor.
        dim: Where the new dimension goes.
    """

def permute(input: Tensor, dims: Sequence[int]) -> Tensor:
    """The dimensions reordered (NumPy's ``transpose(axes)``): a view.

    Args:
        input: The tensor.
        dims: A permutation of its dimensions.
    """

def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """Dimensions ``dim0`` and ``dim1`` swapped (PyTorch's meaning): a view.

    Args:
        input: The tensor.
        dim0: The first dimension.
        dim1: The second dimension.
    """

def t(input: Tensor) -> Tensor:
    """The transpose of a tensor of at most 2 dimensions: a view.

    Args:
        input: A 0-d, 1-D or 2-D tensor.
    """

def movedim(input: Tensor, source: int | Sequence[int], destination: int | Sequence[int]) -> Tensor:
    """Dimensions ``source`` moved to ``destination``, the others keeping their order: a view.

    Args:
        input: The tensor.
        source: The dimensions moved.
        destination: Their new positions.
    """

def expand(input: Tensor, size: _Shape) -> Tensor:
    """``input`` repeated along size-1 (and new leading) dimensions with stride 0: a view.

    Args:
        input: The tensor.
        size: The target sizes; -1 keeps a size.
    """

def broadcast_to(input: Tensor, size: _Shape) -> Tensor:
    """``input`` broadcast to ``size``: ``expand``.

    Args:
        input: The tensor.
        size: The target shape.
    """

def narrow(input: Tensor, dim: int, start: SupportsIndex, length: SupportsIndex) -> Tensor:
    """Elements ``start`` .. ``start + length - 1`` along ``dim``: a view.

    Args:
        input: The tensor.
        dim: The dimension.
        start: The first element (negative counts from the end).
        length: The number of elements.
    """

def unbind(input: Tensor, dim: int = 0) -> list[Tensor]:
    """Each index along ``dim`` as a view without that dimension.

    Args:
        input: The tensor.
        dim: The dimension taken apart.
    """

def split(tensor: Tensor, split_size_or_sections: int | Sequence[int], dim: int = 0) -> list[Tensor]:
    """Views of ``split_size`` elements along ``dim`` (the last one shorter), or of given sizes.

    Args:
        tensor: The tensor.
        split_size_or_sections: The size of each piece, or the list of the pieces' sizes.
        dim: The dimension cut.
    """

def chunk(input: Tensor, chunks: int, dim: int = 0) -> list[Tensor]:
    """At most ``chunks`` views of ``ceil(size / chunks)`` elements along ``dim``.

    Args:
        input: The tensor.
        chunks: The number of pieces wanted.
        dim: The dimension cut.
    """

def tensor_split(input: Tensor, indices_or_sections: int | Sequence[int], dim: int = 0) -> list[Tensor]:
    """Views cut into a number of sections (sizes differing by at most one) or before indices.

    Args:
        input: The tensor.
        indices_or_sections: A number of sections, or the indices to cut before.
        dim: The dimension cut.
    """

def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal of the ``(dim1, dim2)`` planes as the last dimension: a view.

    Args:
        input: The tensor.
        offset: Above (> 0) or below (< 0) the main diagonal.
        dim1: The first dimension of the planes.
        dim2: The second dimension of the planes.
    """

def as_strided(
    input: Tensor, size: _Shape, stride: _Shape, storage_offset: SupportsIndex | None = None
) -> Tensor:
    """A view of ``input``'s memory with the given sizes, strides and offset (in elements).

    Args:
        input: The tensor.
        size: The view's shape.
        stride: Its strides (non-negative).
        storage_offset: Its first element's place in the memory; ``input``'s own when None.
    """

def atleast_1d(input: Tensor) -> Tensor:
    """``input`` with at least 1 dimension (itself when it has them).

    Args:
        input: The tensor.
    """

def atleast_2d(input: Tensor) -> Tensor:
    """``input`` with at least 2 dimensions: 1-D ``(n,)`` becomes ``(1, n)``.

    Args:
        input: The tensor.
    """

def atleast_3d(input: Tensor) -> Tensor:
    """``input`` with at least 3 dimensions: ``(n,)`` becomes ``(1, n, 1)``, ``(m, n)`` ``(m, n, 1)``.

    Args:
        input: The tensor.
    """

def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """The tensors joined along ``dim`` (dtypes promote; empty 1-D tensors are skipped).

    Args:
        tensors: A list or tuple of at least one Tensor.
        dim: The dimension joined along.
    """

def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """The tensors (of one shape) joined along a new dimension ``dim``.

    Args:
        tensors: A list or tuple of at least one Tensor.
        dim: Where the new dimension goes.
    """

def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """``cat`` along dimension 1 (0 for 1-D tensors).

    Args:
        tensors: A list or tuple of Tensors.
    """

def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """``cat`` along dimension 0 after ``atleast_2d``.

    Args:
        tensors: A list or tuple of Tensors.
    """

def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """``cat`` along dimension 2 after ``atleast_3d``.

    Args:
        tensors: A list or tuple of Tensors.
    """

def repeat(input: Tensor, repeats: _Shape) -> Tensor:
    """``input`` tiled ``repeats[i]`` times along each dimension (``Tensor.repeat``): a copy.

    Args:
        input: The tensor.
        repeats: At least as many counts as ``input`` has dimensions.
    """

def tile(input: Tensor, dims: _Shape) -> Tensor:
    """As ``repeat``, with leading 1s added when ``dims`` is shorter than the shape.

    Args:
        input: The tensor.
        dims: The counts.
    """

def flip(input: Tensor, dims: int | Sequence[int]) -> Tensor:
    """The elements' order reversed along ``dims``: a copy.

    Args:
        input: The tensor.
        dims: The dimensions reversed.
    """

def roll(input: Tensor, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
    """The elements shifted along ``dims``, wrapping around (the flattened tensor without dims).

    Args:
        input: The tensor.
        shifts: One shift per dimension.
        dims: The dimensions, or None.
    """

def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The elements above ``diagonal`` of the last two dimensions zeroed: a copy.

    Args:
        input: A tensor of at least 2 dimensions.
        diagonal: The last diagonal kept.
    """

def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The elements below ``diagonal`` of the last two dimensions zeroed: a copy.

    Args:
        input: A tensor of at least 2 dimensions.
        diagonal: The first diagonal kept.
    """

def matmul(input: Tensor | npt.ArrayLike, other: Tensor | npt.ArrayLike) -> Tensor:
    """The matrix product, as ``torch.matmul``: 1-D operands and broadcast batches.

    Transposed views are read through the GEMM's flags; large products run on the kernel
    threads with the GIL released. Operands of different dtypes promote.

    Args:
        input: The left operand (array-like data is copied into a tensor).
        other: The right operand.

    Raises:
        ValueError: A 0-d operand, sizes that do not fit, or batches that do not broadcast.
        TypeError: bool operands.
    """

def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """The product of two 2-D matrices.

    Args:
        input: An ``(n, m)`` matrix.
        mat2: An ``(m, p)`` matrix.
    """

def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """The products of two stacks of matrices of one batch size (both 3-D).

    Args:
        input: A ``(b, n, m)`` tensor.
        mat2: A ``(b, m, p)`` tensor.
    """

def mv(input: Tensor, vec: Tensor) -> Tensor:
    """A matrix times a vector.

    Args:
        input: An ``(n, m)`` matrix.
        vec: An ``(m,)`` vector.
    """

def dot(input: Tensor, tensor: Tensor) -> Tensor:
    """The dot product of two 1-D tensors of one size (0-d).

    Args:
        input: A 1-D tensor.
        tensor: A 1-D tensor.
    """

def vdot(input: Tensor, other: Tensor) -> Tensor:
    """The dot product of two 1-D tensors (``dot`` for real tensors).

    Args:
        input: A 1-D tensor.
        other: A 1-D tensor.
    """

def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """The outer product of two 1-D tensors.

    Args:
        input: An ``(n,)`` tensor.
        vec2: An ``(m,)`` tensor.
    """

def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sums of products over the last dimension of each (a 0-d operand multiplies).

    Args:
        input: The first tensor.
        other: The second tensor.
    """

# Losses (tapegrad/nn/_losses.py gives them PyTorch's signatures): input and target of one shape.
def mse_loss(input: _Operand, target: _Operand, reduction: str = "mean") -> Tensor:
    """(input - target)^2, reduced.

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
    """

def l1_loss(input: _Operand, target: _Operand, reduction: str = "mean") -> Tensor:
    """|input - target|, reduced.

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
    """

def smooth_l1_loss(input: _Operand, target: _Operand, reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """The smooth L1 loss, reduced.

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
        beta: Where the quadratic part ends.
    """

def huber_loss(input: _Operand, target: _Operand, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    """The Huber loss, reduced.

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
        delta: Where the quadratic part ends.
    """

def binary_cross_entropy(
    input: _Operand, target: _Operand, weight: _Operand | None = None, reduction: str = "mean"
) -> Tensor:
    """Binary cross-entropy of probabilities in [0, 1].

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
        weight: Multiplies the elementwise losses, or None.
    """

def binary_cross_entropy_with_logits(
    input: _Operand,
    target: _Operand,
    weight: _Operand | None = None,
    pos_weight: _Operand | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Binary cross-entropy of logits, stable.

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
        weight: Multiplies the elementwise losses, or None.
        pos_weight: Weighs the positive term, or None.
    """

def nll_loss(
    input: _Operand,
    target: _Operand,
    weight: _Operand | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """The negative log-likelihood of class indices (weighted mean).

    Args:
        input: Log-probabilities (nll_loss) or logits.
        target: Class indices (or class probabilities for cross_entropy).
        weight: One weight per class, or None.
        ignore_index: Targets equal to it count for nothing.
        reduction: 'mean', 'sum' or 'none'.
    """

def cross_entropy(
    input: _Operand,
    target: _Operand,
    weight: _Operand | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy of logits, fused with the log-softmax.

    Args:
        input: Log-probabilities (nll_loss) or logits.
        target: Class indices (or class probabilities for cross_entropy).
        weight: One weight per class, or None.
        ignore_index: Targets equal to it count for nothing.
        reduction: 'mean', 'sum' or 'none'.
        label_smoothing: In [0, 1].
    """

def kl_div(input: _Operand, target: _Operand, reduction: str = "mean", log_target: bool = False) -> Tensor:
    """The Kullback-Leibler divergence, input in log space.

    Args:
        input: The predictions.
        target: The targets, of the input's shape.
        reduction: 'mean', 'sum' or 'none'.
        log_target: The target is in log space too.
    """

def one_hot(tensor: _Operand, num_classes: int = -1) -> Tensor:
    """An int64 one-hot encoding with a last dimension of num_classes.

    Args:
        tensor: Class indices (an integer tensor).
        num_classes: The number of classes, or -1 for max + 1.
    """

def dense(
    x: Tensor | npt.ArrayLike, weight: Tensor, bias: Tensor | None = None, activation: str | None = "sigmoid"
) -> Tensor:
    """act(x @ weight + bias) as one tape node; activation is 'sigmoid', 'tanh', 'relu' or None.

    The fused layer of ``tg.nn.Dense``: the forward writes the activation as the matrix
    product finishes; the backward takes ``act'`` from the saved output.

    Args:
        x: The input, of shape ``(batch, in)`` or ``(in,)``.
        weight: The weight, of shape ``(in, out)``.
        bias: The bias, of shape ``(out,)``, or None for none.
        activation: ``"sigmoid"``, ``"tanh"``, ``"relu"``, or None for the identity.

    Returns:
        A tensor of shape ``(batch, out)`` or ``(out,)``.

    Raises:
        ValueError: The shapes do not fit, or the activation is unknown.
    """

# Optimizers: the private per-group updates behind tapegrad.optim (one call per group and step).
def _optim_zero_grad_groups(param_groups: Sequence[dict[str, Any]], set_to_none: bool) -> None: ...
def _sgd_step_group(group: dict[str, Any]) -> bool: ...
def _sgd_step(
    params: Sequence[Tensor],
    grads: Sequence[Tensor] | None,
    momentum_buffers: list[Tensor | None] | None,
    lr: float,
    momentum: float,
    dampening: float,
    weight_decay: float,
    nesterov: bool,
    maximize: bool,
) -> None: ...
def _adam_step(
    params: Sequence[Tensor],
    grads: Sequence[Tensor],
    exp_avgs: Sequence[Tensor],
    exp_avg_sqs: Sequence[Tensor],
    max_exp_avg_sqs: Sequence[Tensor] | None,
    steps: Sequence[Tensor],
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float,
    amsgrad: bool,
    maximize: bool,
    decoupled_weight_decay: bool,
) -> None: ...
def _rmsprop_step(
    params: Sequence[Tensor],
    grads: Sequence[Tensor],
    square_avgs: Sequence[Tensor],
    grad_avgs: Sequence[Tensor] | None,
    momentum_buffers: Sequence[Tensor] | None,
    steps: Sequence[Tensor],
    lr: float,
    alpha: float,
    eps: float,
    weight_decay: float,
    momentum: float,
    centered: bool,
    maximize: bool,
) -> None: ...
def _adagrad_step(
    params: Sequence[Tensor],
    grads: Sequence[Tensor],
    state_sums: Sequence[Tensor],
    steps: Sequence[Tensor],
    lr: float,
    lr_decay: float,
    weight_decay: float,
    eps: float,
    maximize: bool,
) -> None: ...

# The runtime: kernel path and thread count.
class _CpuInfo(TypedDict):
    isa: str
    has_avx2: bool
    has_fma: bool
    has_avx512f: bool
    num_threads: int

def set_num_threads(n: int) -> None:
    """Threads for large kernels (default: TAPEGRAD_NUM_THREADS, else the number of CPUs).

    Process-wide; takes effect at the next parallel kernel. Small problems stay on the calling
    thread whatever the setting.

    Args:
        n: The number of threads kernels may use, the calling thread included.

    Raises:
        ValueError: ``n`` is less than 1.
    """

def get_num_threads() -> int:
    """The number of threads kernels may use (see ``set_num_threads``)."""

def cpu_info() -> _CpuInfo:
    """The GEMM path in use ('avx2', 'generic' or 'neon'; TAPEGRAD_ISA forces one), the CPU's
    features and the thread count.

    Returns:
        A dict: ``isa`` (the path), ``has_avx2``, ``has_fma`` and ``has_avx512f`` (usable on
        this CPU and OS; AVX-512 is reported only), and ``num_threads``.

    Raises:
        RuntimeError: ``TAPEGRAD_ISA`` names an unknown path or one this CPU cannot run.
    """

# Factories, random sampling and DLPack (cpp/bindings/register_factories.cpp, register_dlpack.cpp):
# the private functions behind tapegrad/_factories.py and tapegrad/_random.py, and the Generator.
class Generator:
    """A seeded stream of random numbers, as ``torch.Generator``: ``tg.Generator().manual_seed(0)``.

    The engine is Philox4x32-10 (a counter-based generator, as in JAX and cuRAND): a seed gives
    the same numbers on every platform and thread count, and not the numbers PyTorch's mt19937
    gives for it. Pass one as ``generator=`` to any sampler for a stream independent of the
    default generator's (``tg.default_generator``, which ``tg.manual_seed`` seeds).

    Args:
        device: ``"cpu"`` (or None, ``"cpu:0"``, ``tg.device("cpu")``); anything else raises
            ``RuntimeError``.
    """

    def __init__(self, device: Any = "cpu") -> None: ...
    def manual_seed(self, seed: int) -> Generator:
        """Restarts the stream of ``seed`` and returns the generator itself.

        Args:
            seed: An integer in [-2**63, 2**64); a negative one wraps modulo 2**64 (as PyTorch).

        Raises:
            TypeError: ``seed`` is not an integer.
            ValueError: ``seed`` is outside that range (also a ``RuntimeError``).
        """
    def seed(self) -> int:
        """Seeds from the operating system's entropy and returns the seed."""
    def initial_seed(self) -> int:
        """The seed of the current stream (67280421310721, PyTorch's default, until seeded)."""
    def get_state(self) -> Tensor:
        """The state as a uint8 tensor of 24 bytes (a tag, the seed and the stream position),
        the same on every platform (not PyTorch's 5056-byte mt19937 state)."""
    def set_state(self, new_state: Tensor) -> Generator:
        """Restores a state from ``get_state`` and returns the generator itself.

        Args:
            new_state: A uint8 tensor from ``get_state`` (or ``tg.get_rng_state``).

        Raises:
            TypeError: ``new_state`` is not a uint8 tensor.
            ValueError: The bytes are not a tapegrad generator state.
        """
    @property
    def device(self) -> Any:
        """The CPU: ``tg.device("cpu")``."""

def _default_generator() -> Generator: ...
def _empty(size: Any, dtype: Any) -> Tensor: ...
def _zeros(size: Any, dtype: Any) -> Tensor: ...
def _ones(size: Any, dtype: Any) -> Tensor: ...
def _full(size: Any, value: Any, dtype: Any) -> Tensor: ...
def _empty_strided(size: Any, stride: Any, dtype: Any) -> Tensor: ...
def _empty_like(input: Tensor, dtype: Any) -> Tensor: ...
def _zeros_like(input: Tensor, dtype: Any) -> Tensor: ...
def _ones_like(input: Tensor, dtype: Any) -> Tensor: ...
def _full_like(input: Tensor, value: Any, dtype: Any) -> Tensor: ...
def _arange(start: Any, end: Any, step: Any, dtype: Any) -> Tensor: ...
def _linspace(start: Any, end: Any, steps: Any, dtype: Any) -> Tensor: ...
def _logspace(start: Any, end: Any, steps: Any, base: Any, dtype: Any) -> Tensor: ...
def _eye(n: Any, m: Any, dtype: Any) -> Tensor: ...
def _tri_indices(lower: bool, row: Any, col: Any, offset: Any, dtype: Any) -> Tensor: ...
def _rand(size: Any, dtype: Any, generator: Generator | None) -> Tensor: ...
def _randn(size: Any, dtype: Any, generator: Generator | None) -> Tensor: ...
def _randint(low: Any, high: Any, size: Any, dtype: Any, generator: Generator | None) -> Tensor: ...
def _randperm(n: Any, dtype: Any, generator: Generator | None) -> Tensor: ...
def _normal(mean: Any, std: Any, size: Any, dtype: Any, generator: Generator | None) -> Tensor: ...
def _bernoulli(input: Tensor, p: Any, generator: Generator | None) -> Tensor: ...
def _multinomial(
    input: Tensor, num_samples: Any, replacement: bool, generator: Generator | None
) -> Tensor: ...
def _rand_like(input: Tensor, dtype: Any, generator: Generator | None) -> Tensor: ...
def _randn_like(input: Tensor, dtype: Any, generator: Generator | None) -> Tensor: ...
def _randint_like(input: Tensor, low: Any, high: Any, dtype: Any, generator: Generator | None) -> Tensor: ...
def _uniform_(self: Tensor, from_: Any, to: Any, generator: Generator | None) -> Tensor: ...
def _normal_(self: Tensor, mean: Any, std: Any, generator: Generator | None) -> Tensor: ...
def _random_(self: Tensor, from_: Any, to: Any, generator: Generator | None) -> Tensor: ...
def _bernoulli_(self: Tensor, p: Any, generator: Generator | None) -> Tensor: ...
def _exponential_(self: Tensor, lambd: Any, generator: Generator | None) -> Tensor: ...
def _to_dlpack(tensor: Tensor, versioned: bool, copy: bool) -> Any: ...
def _from_dlpack(capsule: Any) -> Tensor: ...

# Indexing: gathers and scatters along tensor indices (tapegrad._indexing gives them PyTorch's
# signatures, and tapegrad.nn.functional.embedding calls embedding). Index tensors are int64
# or int32; dimensions may be negative. In-place forms (``inplace=True``) return ``input``.
def gather(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """``out[i][j] = input[index[i][j]][j]`` (dim 0), as ``torch.gather``.

    Args:
        input: The source.
        dim: The dimension to index along.
        index: Indices in ``[0, input.shape[dim])``, with ``input``'s number of dimensions and no
            larger than it along the others.

    Raises:
        IndexError: An index or ``dim`` is out of range.
        ValueError: ``index`` does not fit ``input``.
        TypeError: ``index`` is not an int32 or int64 tensor.
    """

def scatter(
    input: Tensor,
    dim: int,
    index: Tensor,
    src: Tensor | float,
    reduce: str | None = None,
    inplace: bool = False,
) -> Tensor:
    """``input`` with ``src`` (a tensor of its dtype, or a number) written at ``index`` along ``dim``.

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        dim: The dimension to index along.
        index: Indices no larger than ``src``, nor than ``input`` apart from ``dim``.
        src: The values, or one number.
        reduce: None to write (the last of repeated positions wins), ``"add"`` or
            ``"multiply"`` to combine.
        inplace: Write ``input`` itself and return it.
    """

def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor, inplace: bool = False) -> Tensor:
    """``input`` with ``src`` added at ``index`` along ``dim`` (repeated positions add up).

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        dim: The dimension to index along.
        index: Indices no larger than ``src``, nor than ``input`` apart from ``dim``.
        src: The values, of ``input``'s dtype.
        inplace: Write ``input`` itself and return it.
    """

def scatter_reduce(
    input: Tensor,
    dim: int,
    index: Tensor,
    src: Tensor,
    reduce: str,
    include_self: bool = True,
    inplace: bool = False,
) -> Tensor:
    """``input`` with ``src`` combined by ``reduce`` at ``index`` along ``dim``.

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        dim: The dimension to index along.
        index: Indices no larger than ``src``, nor than ``input`` apart from ``dim``.
        src: The values, of ``input``'s dtype.
        reduce: ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``.
        include_self: Whether ``input``'s own values take part where values land.
        inplace: Write ``input`` itself and return it.
    """

def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """``input``'s slices along ``dim`` at a 0-d or 1-D ``index`` (negative indices refused).

    Args:
        input: The source.
        dim: The dimension to select along.
        index: The indices.
    """

def index_add(
    input: Tensor, dim: int, index: Tensor, source: Tensor, alpha: float = 1, inplace: bool = False
) -> Tensor:
    """``input`` with ``alpha * source``'s slices added at ``index`` along ``dim``.

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        dim: The dimension to index along.
        index: A 0-d or 1-D index.
        source: ``input``'s shape with ``len(index)`` along ``dim``, and its dtype.
        alpha: The factor (an integer for integer tensors).
        inplace: Write ``input`` itself and return it.
    """

def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor, inplace: bool = False) -> Tensor:
    """``input`` with ``source``'s slices written at ``index`` along ``dim`` (the last repeat wins).

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        dim: The dimension to index along.
        index: A 0-d or 1-D index.
        source: ``input``'s shape with ``len(index)`` along ``dim``, and its dtype.
        inplace: Write ``input`` itself and return it.
    """

def index_fill(
    input: Tensor, dim: int, index: Tensor, value: Tensor | float, inplace: bool = False
) -> Tensor:
    """``input`` with ``value`` in its slices at ``index`` along ``dim`` (negative indices count back).

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        dim: The dimension to index along.
        index: A 0-d or 1-D index.
        value: A number or a 0-d tensor.
        inplace: Write ``input`` itself and return it.
    """

def index_put(input: Tensor, indices: Sequence[Any], values: Any, accumulate: bool = False) -> Tensor:
    """A copy of ``input`` with ``input[indices] = values`` (``+=`` with ``accumulate``).

    Args:
        input: The tensor to copy.
        indices: A tuple of index entries, as ``x[...]`` takes.
        values: A tensor, a number or array-like data, broadcast to the indexed shape.
        accumulate: Add instead of writing; repeated indices add every value.
    """

def take(input: Tensor, index: Tensor) -> Tensor:
    """``input``'s elements read as 1-D at ``index`` (any shape; negative counts from the end).

    Args:
        input: The source.
        index: The indices.
    """

def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """``input``'s values along ``dim`` at ``indices``, the two broadcast along the other dimensions.

    Args:
        input: The source.
        indices: Indices with ``input``'s number of dimensions (negative counts from the end).
        dim: The dimension, or None to flatten both first.
    """

def masked_fill(input: Tensor, mask: Tensor, value: Tensor | float, inplace: bool = False) -> Tensor:
    """``input`` with ``value`` where the bool ``mask`` is true (broadcast together).

    Args:
        input: The tensor to copy (or to write, with ``inplace``: then ``mask`` must broadcast to
            its shape).
        mask: A bool tensor.
        value: A number or a 0-d tensor.
        inplace: Write ``input`` itself and return it.
    """

def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """The elements of ``input`` where the bool ``mask`` is true, 1-D (the two broadcast).

    Args:
        input: The source.
        mask: A bool tensor.
    """

def masked_scatter(input: Tensor, mask: Tensor, source: Tensor, inplace: bool = False) -> Tensor:
    """``input`` with ``source``'s first elements (row-major) written where ``mask`` is true.

    Args:
        input: The tensor to copy (or to write, with ``inplace``).
        mask: A bool tensor.
        source: At least as many elements as ``mask`` has true ones, of ``input``'s dtype.
        inplace: Write ``input`` itself and return it.
    """

def nonzero(input: Tensor, as_tuple: bool = False) -> Tensor | tuple[Tensor, ...]:
    """The indices of ``input``'s non-zero elements, int64, row-major.

    Args:
        input: The tensor.
        as_tuple: One 1-D tensor per dimension instead of one ``(count, ndim)`` tensor.
    """

def embedding(
    input: Tensor, weight: Tensor, padding_idx: int | None = None, scale_grad_by_freq: bool = False
) -> Tensor:
    """``weight``'s rows at ``input``: shape ``input.shape + (embedding_dim,)``.

    Args:
        input: Indices of any shape in ``[0, num_embeddings)``.
        weight: The 2-D table.
        padding_idx: A row whose gradient stays zero (negative counts from the end).
        scale_grad_by_freq: Divide each row's gradient by how often ``input`` names it.
    """

def embedding_renorm_(weight: Tensor, input: Tensor, max_norm: float, norm_type: float = 2.0) -> Tensor:
    """Rescales in place (not recorded) each row ``input`` names whose norm exceeds ``max_norm``.

    Args:
        weight: The 2-D table, written in place.
        input: The indices of the rows.
        max_norm: The largest norm a row keeps.
        norm_type: The p of the p-norm.
    """

# torch.nn.functional.linear's op (cpp/bindings/register_nn.cpp), wrapped by tapegrad.nn.functional.linear.
def _linear(input: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor: ...

# Normalization (cpp/bindings/register_normalization.cpp; tapegrad.nn.functional.layer_norm gives
# it PyTorch's signature).

def layer_norm(
    input: Tensor,
    normalized_shape: Any,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """``(input - mean) / sqrt(var + eps) * weight + bias`` over the trailing ``normalized_shape``.

    Args:
        input: A floating-point tensor whose trailing dimensions are ``normalized_shape``.
        normalized_shape: An int or a sequence of ints.
        weight: The scale, of shape ``normalized_shape`` and ``input``'s dtype, or None.
        bias: The shift, of shape ``normalized_shape`` and ``input``'s dtype, or None.
        eps: Added to the (biased) variance before the square root.
    """

def batch_norm_training(
    input: Tensor, weight: Tensor | None = None, bias: Tensor | None = None, eps: float = 1e-5
) -> tuple[Tensor, Tensor, Tensor]:
    """Batch normalization with the batch's statistics, per channel (dimension 1), one tape node.

    Args:
        input: A floating-point ``(N, C, ...)`` tensor with more than one value per channel.
        weight: The ``(C,)`` scale, of ``input``'s dtype, or None.
        bias: The ``(C,)`` shift, of ``input``'s dtype, or None.
        eps: Added to the (biased) variance before the square root.

    Returns:
        ``(output, mean, var)``: the result, and the batch's ``(C,)`` mean and unbiased variance
        (not recorded; for the running statistics).
    """

def batch_norm_inference(
    input: Tensor,
    running_mean: Tensor,
    running_var: Tensor,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Batch normalization with fixed (running) statistics, per channel (dimension 1), one tape node.

    Args:
        input: A floating-point ``(N, C, ...)`` tensor.
        running_mean: The ``(C,)`` mean, of ``input``'s dtype.
        running_var: The ``(C,)`` variance, of ``input``'s dtype.
        weight: The ``(C,)`` scale, of ``input``'s dtype, or None.
        bias: The ``(C,)`` shift, of ``input``'s dtype, or None.
        eps: Added to the variance before the square root.
    """

def _function_record(
    name: str,
    ctx: Any,
    inputs: Sequence[Tensor],
    output: Tensor,
    saved: Sequence[Tensor | None],
    saved_is_output: Sequence[bool],
) -> Tensor: ...

class _Plan:
    """A recorded step (tapegrad.compile)."""

    @property
    def steps(self) -> int: ...
    @property
    def buffers(self) -> int: ...
    def run(self, inputs: Sequence[Tensor]) -> list[Tensor]: ...
    def try_run(self, args: tuple[Any, ...]) -> list[Tensor] | None: ...
    def matches(self, inputs: Sequence[Tensor]) -> bool: ...
    def state(self) -> list[Tensor]: ...

def _plan_record(fn: Callable[[], Sequence[Tensor]], inputs: Sequence[Tensor]) -> _Plan: ...
