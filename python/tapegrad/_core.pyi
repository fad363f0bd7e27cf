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

# Reductions and shape ops.
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
