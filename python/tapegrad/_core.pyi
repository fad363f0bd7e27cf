"""Type stubs for tapegrad._core, the compiled module (cpp/bindings/*.cpp).

The C++ core seen from Python: the Tensor type and its operators, the tape's nodes, the ops as
functions, the optimizers and the runtime settings. ``import tapegrad as tg`` re-exports what
users call (``tg.tensor``, ``tg.exp``, ``tg.optim.SGD``, ...); this module is not imported
directly. Its docstrings are the API reference of the compiled code.

Array-like arguments (lists, NumPy arrays, numbers) are copied into constant tensors; ``dtype``
arguments take anything ``numpy.dtype()`` accepts that means float32 or float64. Errors follow
docs/errors.md: ``ValueError`` for shapes and values, ``TypeError`` for dtypes and operand
types, ``IndexError`` for axes, ``OverflowError`` for sizes, ``RuntimeError`` for misuse of
the graph.
"""

from collections.abc import Sequence
from typing import Any, SupportsIndex, TypedDict, overload

import numpy as np
import numpy.typing as npt

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

class Tensor:
    """A float32 or float64 tensor that can record the ops applied to it.

    Made by ``tensor()`` (a copy) or ``from_numpy()`` (shares the array's memory), and by every
    op. Its values are contiguous and row-major; ``numpy()`` and ``grad`` are NumPy views of
    them, without a copy. The operators ``+ - * / ** @`` and unary ``-`` broadcast as NumPy
    does and accept Python numbers and array-like data as the other operand.
    """

    @property
    def shape(self) -> tuple[int, ...]:
        """The size of each dimension, as a tuple of ints (``()`` for a 0-d tensor)."""
    @property
    def dtype(self) -> np.dtype[np.float32 | np.float64]:
        """The element type, as a NumPy dtype: ``float32`` or ``float64``."""
    @property
    def ndim(self) -> int:
        """The number of dimensions."""
    @property
    def size(self) -> int:
        """The number of elements."""
    @property
    def requires_grad(self) -> bool:
        """Whether ops record this tensor on the tape and ``backward()`` computes its gradient.

        Settable on leaves only (``ValueError`` on a tensor an op produced: ``detach()`` makes
        a new leaf).
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
    def grad(self) -> npt.NDArray[np.float32 | np.float64] | None:
        """The accumulated gradient as a NumPy array viewing the gradient buffer, or None.

        None until a ``backward()`` reaches this tensor (a leaf that requires a gradient, or a
        tensor that called ``retain_grad()``). Assigning copies array-like data into a new
        buffer in this tensor's dtype (its shape must be this tensor's: ``ValueError``
        otherwise); assigning None clears it.
        """
    @grad.setter
    def grad(self, value: npt.ArrayLike | None, /) -> None: ...
    @property
    def retains_grad(self) -> bool:
        """Whether ``retain_grad()`` asked this non-leaf tensor to keep its gradient."""
    @property
    def T(self) -> Tensor:
        """The transpose: the axes reversed, as ``transpose()`` with no arguments (a copy)."""
    def numpy(self) -> npt.NDArray[np.float32 | np.float64]:
        """The values as a NumPy array sharing this tensor's memory.

        Returns:
            A writeable view (no copy) that keeps the tensor's memory alive. Writes through it
            are not seen by the tape's in-place checks: make them under ``no_grad()`` before
            the forward pass.
        """
    def item(self) -> float:
        """The single value of a one-element tensor, as a Python float.

        Raises:
            ValueError: The tensor has more than one element.
        """
    def backward(self, gradient: npt.ArrayLike | None = None, retain_graph: bool = False) -> None:
        """Accumulates d(self)/d(leaf) into every leaf's .grad.

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
    def copy_(self, src: npt.ArrayLike | Tensor) -> Tensor:
        """Copies src into this tensor in place, as tapegrad's own in-place update.

        The update bumps the storage's version, so a backward that saved the old values raises
        instead of returning a wrong gradient.

        Args:
            src: A tensor or array-like data, broadcast to this tensor's shape and cast to its
                dtype.

        Returns:
            This tensor.

        Raises:
            RuntimeError: This tensor requires a gradient and gradients are being recorded
                (make the update under ``no_grad()``).
            ValueError: ``src`` does not broadcast to this tensor's shape.
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
    def astype(self, dtype: npt.DTypeLike) -> Tensor:
        """A copy in another dtype (differentiable).

        Args:
            dtype: float32 or float64, as anything ``numpy.dtype()`` accepts.

        Returns:
            A new tensor converted to ``dtype`` (its gradient converts back), or this tensor
            itself when it already has that dtype.

        Raises:
            TypeError: ``dtype`` is not a dtype, or not float32 or float64.
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
    def __float__(self) -> float:
        """``float(t)``: the single value of a one-element tensor (``ValueError`` otherwise)."""
    def __len__(self) -> int:
        """``len(t)``: the size of the first dimension (``TypeError`` for a 0-d tensor)."""
    def __bool__(self) -> bool:
        """Whether a one-element tensor is non-zero (``ValueError`` for more elements)."""
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
    __array_ufunc__: None

# Operands the operators and losses accept besides a Tensor: Python numbers and array-like data.
_Operand = Tensor | float | npt.ArrayLike
_Shape = SupportsIndex | Sequence[SupportsIndex]
_Dims = SupportsIndex | Sequence[SupportsIndex] | None

def tensor(
    data: Tensor | npt.ArrayLike, dtype: npt.DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """A new tensor holding a copy of data: float32 arrays stay float32, other real data becomes float64.

    Args:
        data: A number, nested lists, a NumPy array or a Tensor (booleans and integers are
            converted); never shared with the new tensor.
        dtype: float32 or float64 (anything ``numpy.dtype()`` accepts), or None to choose from
            ``data`` as above. Values beyond float32's range become +-inf, as in a C cast.
        requires_grad: Whether the new leaf records the ops applied to it and receives a
            gradient in ``.grad``.

    Returns:
        A new leaf tensor.

    Raises:
        TypeError: ``data`` holds something other than real numbers, or ``dtype`` is not
            float32 or float64.
        ValueError: Ragged nested lists, or more than 8 dimensions.
    """

def from_numpy(array: npt.NDArray[np.float32 | np.float64]) -> Tensor:
    """A tensor sharing the array's memory (no copy); the tensor keeps the array alive.

    Args:
        array: A float32 or float64 ``numpy.ndarray`` that is C-contiguous, writeable and in
            native byte order. Writes to either side are seen by the other.

    Returns:
        A new leaf tensor that does not require a gradient.

    Raises:
        TypeError: ``array`` is not a ``numpy.ndarray``, or not float32 or float64.
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

def reshape(x: Tensor, shape: _Shape) -> Tensor:
    """The values of x in another shape, sharing x's memory.

    Args:
        x: The input tensor.
        shape: An integer or a sequence of them; one may be -1, inferred from the others.

    Raises:
        ValueError: The element counts differ, or more than one size is -1 or negative.
        TypeError: A size is not an integer.
        OverflowError: The shape has more elements than fit in int64.
    """

def transpose(x: Tensor, axes: Sequence[SupportsIndex] | None = None) -> Tensor:
    """The axes of x permuted (a copy).

    Args:
        x: The input tensor.
        axes: A permutation of ``range(x.ndim)``, or None to reverse the axes (``x.T``).

    Raises:
        ValueError: An axis is repeated, or the number of axes is not ``x.ndim``.
        IndexError: An axis is out of range.
    """

def matmul(a: Tensor | npt.ArrayLike, b: Tensor | npt.ArrayLike) -> Tensor:
    """Matrix product; 1-D operands as NumPy treats them.

    A 1-D ``a`` is a row and a 1-D ``b`` a column, and the added dimension is removed from the
    result. float32 with float64 computes in float64. Large products run on the kernel threads
    with the GIL released.

    Args:
        a: The left operand: a 1-D or 2-D Tensor or array-like data.
        b: The right operand: a 1-D or 2-D Tensor or array-like data.

    Raises:
        ValueError: An operand is 0-D or has more than 2 dimensions, or the inner dimensions
            differ.
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
