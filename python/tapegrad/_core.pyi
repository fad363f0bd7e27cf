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

from collections.abc import Sequence
from typing import Any, SupportsIndex, TypedDict

import numpy.typing as npt

from ._dtype import Size, dtype

__version__: str

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
    def nelement(self) -> int: ...
    def element_size(self) -> int: ...
    def tolist(self) -> Any: ...
    def to(self, *args: Any, **kwargs: Any) -> Tensor: ...
    def type_as(self, other: Tensor) -> Tensor: ...
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
    def exp(self) -> Tensor:
        """``exp(self)`` elementwise, as ``tg.exp``."""
    def log(self) -> Tensor:
        """The natural logarithm elementwise, as ``tg.log``."""
    def tanh(self) -> Tensor:
        """``tanh(self)`` elementwise, as ``tg.tanh``."""
    def sigmoid(self) -> Tensor:
        """``1 / (1 + exp(-self))`` elementwise, stable for any value, as ``tg.sigmoid``."""
    def relu(self) -> Tensor:
        """``max(self, 0)`` elementwise, as ``tg.relu``."""
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
    @overload
    def reshape(self, shape: Sequence[SupportsIndex], /) -> Tensor:
        """The same values in another shape, sharing this tensor's memory, as ``tg.reshape``.

        ``t.reshape(2, 3)``, ``t.reshape((2, 3))`` and ``t.reshape([2, 3])`` are the same.

        Args:
            shape: The new sizes, as one sequence or as separate integers; one of them may be
                -1, inferred from the others.

        Raises:
            ValueError: The element counts differ, or more than one size is -1 or negative.
            TypeError: A size is not an integer.
        """
    @overload
    def reshape(self, *shape: SupportsIndex) -> Tensor:
        """The same values in another shape, sharing this tensor's memory, as ``tg.reshape``.

        Args:
            shape: The new sizes, as separate integers or one sequence.
        """
    @overload
    def transpose(self, axes: Sequence[SupportsIndex], /) -> Tensor:
        """The axes permuted (a copy), as ``tg.transpose``.

        Args:
            axes: The permutation, as one sequence or as separate integers; none reverses the
                axes (``t.T``).

        Raises:
            ValueError: An axis is repeated, or the number of axes is not ``ndim``.
            IndexError: An axis is out of range.
        """
    @overload
    def transpose(self, *axes: SupportsIndex) -> Tensor:
        """The axes permuted (a copy), as ``tg.transpose``.

        Args:
            axes: The permutation, as separate integers or one sequence; none reverses them.
        """
    def sum(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """The sum of the elements, over all of them or along one axis, as ``tg.sum``.

        Args:
            axis: The axis to sum along (negative counts from the end), or None for all.
            keepdims: Keep the reduced axes as size-1 dimensions.

        Raises:
            IndexError: ``axis`` is out of range.
            TypeError: ``axis`` is not an integer.
        """
    def mean(self, axis: int | None = None, keepdims: bool = False) -> Tensor:
        """The mean of the elements, over all of them or along one axis, as ``tg.mean``.

        Args:
            axis: The axis to average along (negative counts from the end), or None for all.
            keepdims: Keep the reduced axes as size-1 dimensions.

        Raises:
            IndexError: ``axis`` is out of range.
            TypeError: ``axis`` is not an integer.
            ValueError: The tensor (or the axis) is empty.
        """
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
    def __pow__(self, exponent: float, /) -> Tensor:
        """``self ** exponent`` elementwise, as ``tg.pow``.

        Args:
            exponent: A Python number (a tensor exponent is not supported: ``TypeError``).
        """
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

# Elementwise functions, reductions and shape ops.
def exp(x: Tensor) -> Tensor:
    """``exp(x)`` elementwise.

    Args:
        x: The input tensor.
    """

def log(x: Tensor) -> Tensor:
    """The natural logarithm elementwise (NaN below 0, -inf at 0, as NumPy).

    Args:
        x: The input tensor.
    """

def tanh(x: Tensor) -> Tensor:
    """``tanh(x)`` elementwise.

    Args:
        x: The input tensor.
    """

def sigmoid(x: Tensor) -> Tensor:
    """1 / (1 + exp(-x)), stable for any x.

    Args:
        x: The input tensor.
    """

def relu(x: Tensor) -> Tensor:
    """``max(x, 0)`` elementwise; the gradient is 0 where ``x <= 0``.

    Args:
        x: The input tensor.
    """

def pow(x: Tensor, exponent: float) -> Tensor:
    """``x ** exponent`` elementwise (``x ** 0.5`` is ``sqrt(x)``, as in NumPy).

    Args:
        x: The input tensor.
        exponent: A number (not a tensor).
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

# Optimizers.
class Optimizer:
    """Updates parameters from their gradients.

    The base of ``SGD`` and ``Adam``; not made directly.
    """

    @property
    def params(self) -> list[Tensor]:
        """The parameters this optimizer updates, in the order given."""
    def step(self) -> None:
        """Updates every parameter that has a gradient.

        In place, under ``no_grad``, bumping each updated parameter's version (a backward that
        saved its old values then raises); parameters whose ``.grad`` is None are left alone.
        """
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears the gradients (to None by default, or to zeros).

        Args:
            set_to_none: True to set every ``.grad`` to None (as PyTorch), False to fill the
                existing gradient buffers with zeros.
        """

class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum.

    ``p -= lr * v`` with ``v = momentum * v + grad`` (``v = grad`` on a parameter's first step
    and when momentum is 0), as ``torch.optim.SGD``. ``lr`` and ``momentum`` can be changed
    between steps.

    Args:
        params: Leaf tensors that require a gradient, each once (a list or tuple; ``tg.optim.SGD``
            takes any iterable).
        lr: The learning rate, finite and >= 0.
        momentum: In [0, 1); 0 for plain gradient descent.

    Raises:
        ValueError: An empty or repeated parameter, a parameter that is not a leaf or does not
            require a gradient, or a hyperparameter out of range.
    """

    lr: float
    momentum: float
    def __init__(self, params: Sequence[Tensor], lr: float, momentum: float = 0.0) -> None: ...

class Adam(Optimizer):
    """Adam with bias correction.

    As ``torch.optim.Adam`` without weight decay: per parameter, first and second moment
    estimates ``m`` and ``v`` and a step count of its own (a step without a gradient does not
    count). ``lr`` and ``eps`` can be changed between steps.

    Args:
        params: Leaf tensors that require a gradient, each once (a list or tuple;
            ``tg.optim.Adam`` takes any iterable).
        lr: The learning rate, finite and >= 0.
        betas: The decay rates ``(beta1, beta2)`` of the two moment estimates, each in [0, 1).
        eps: Added to the denominator, finite and > 0.

    Raises:
        ValueError: An empty or repeated parameter, a parameter that is not a leaf or does not
            require a gradient, or a hyperparameter out of range.
    """

    lr: float
    eps: float
    @property
    def betas(self) -> tuple[float, float]:
        """``(beta1, beta2)``, read-only."""
    def __init__(
        self,
        params: Sequence[Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
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
