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
from typing import Any, SupportsIndex, TypedDict

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
    def T(self) -> Tensor: ...
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

def sum(x: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """The sum of the elements of x, over all of them or along one axis.

    Args:
        x: The input tensor.
        axis: The axis to sum along (negative counts from the end), or None for all.
        keepdims: Keep the reduced axes as size-1 dimensions.

    Raises:
        IndexError: ``axis`` is out of range.
        TypeError: ``axis`` is not an integer.
    """

def mean(x: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """The mean of the elements of x, over all of them or along one axis.

    Args:
        x: The input tensor.
        axis: The axis to average along (negative counts from the end), or None for all.
        keepdims: Keep the reduced axes as size-1 dimensions.

    Raises:
        IndexError: ``axis`` is out of range.
        TypeError: ``axis`` is not an integer.
        ValueError: The tensor (or the axis) is empty.
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

# Losses: input and target must have the same shape.
def mse_loss(input: Tensor | npt.ArrayLike, target: Tensor | npt.ArrayLike) -> Tensor:
    """mean((input - target)^2); input and target must have the same shape.

    Args:
        input: The predictions.
        target: The targets, of the same shape (no broadcasting); a gradient reaches it too
            when it requires one.

    Returns:
        A 0-d tensor.

    Raises:
        ValueError: The shapes differ, or the tensors are empty.
    """

def binary_cross_entropy(input: Tensor | npt.ArrayLike, target: Tensor | npt.ArrayLike) -> Tensor:
    """Mean binary cross-entropy of probabilities in [0, 1].

    ``mean(-(target * log(input) + (1 - target) * log(1 - input)))``, with each log clamped at
    -100 as PyTorch does.

    Args:
        input: Probabilities, every one in [0, 1].
        target: The targets, of the same shape.

    Returns:
        A 0-d tensor.

    Raises:
        ValueError: The shapes differ, the tensors are empty, or an input is outside [0, 1]
            (NaN included).
    """

def binary_cross_entropy_with_logits(input: Tensor | npt.ArrayLike, target: Tensor | npt.ArrayLike) -> Tensor:
    """Mean binary cross-entropy of logits, stable for any value.

    The same as ``binary_cross_entropy(sigmoid(input), target)`` without overflow.

    Args:
        input: Logits (any real values).
        target: The targets, of the same shape.

    Returns:
        A 0-d tensor.

    Raises:
        ValueError: The shapes differ, or the tensors are empty.
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
