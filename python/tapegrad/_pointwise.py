"""Elementwise math, logical ops and tests, as ``torch.sqrt``, ``torch.maximum``, ``torch.where``,
... and the Tensor methods of the same names (with their in-place ``_`` forms).

Each function has PyTorch's name, arguments, defaults and result dtype: functions with fractional
values (``sqrt``, ``sin``, ``atan2``, ...) turn integer and bool tensors into the default float
dtype; ``abs``, ``sign``, ``floor``, ``square``, ``maximum``, ``floor_divide``, ``remainder``,
integer ``pow``, ... keep integer dtypes; logical ops and tests give bool. Binary ops broadcast
and promote as PyTorch does. The arithmetic is C++ (``_core``).
"""

from . import _core
from ._core import Tensor
from .grad_mode import no_grad

__all__ = [
    "abs",
    "absolute",
    "acos",
    "acosh",
    "add",
    "allclose",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "ceil",
    "celu",
    "clamp",
    "clip",
    "cos",
    "cosh",
    "div",
    "divide",
    "eq",
    "equal",
    "erf",
    "erfc",
    "exp",
    "exp2",
    "expm1",
    "fix",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "frac",
    "ge",
    "greater",
    "greater_equal",
    "gt",
    "hypot",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "le",
    "lerp",
    "less",
    "less_equal",
    "log",
    "log1p",
    "log2",
    "log10",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "lt",
    "maximum",
    "minimum",
    "mul",
    "multiply",
    "nan_to_num",
    "ne",
    "neg",
    "negative",
    "not_equal",
    "pow",
    "reciprocal",
    "relu",
    "relu_",
    "remainder",
    "round",
    "rsqrt",
    "selu",
    "sigmoid",
    "sign",
    "sin",
    "sinh",
    "sqrt",
    "square",
    "sub",
    "subtract",
    "tan",
    "tanh",
    "true_divide",
    "trunc",
    "where",
]


def _out(result, out, name):
    """``result``, or ``result`` written into ``out`` (PyTorch's ``out=`` argument)."""
    if out is None:
        return result
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if _core.is_grad_enabled() and (result.requires_grad or out.requires_grad):
        raise RuntimeError(
            f"{name}(): functions with out=... arguments don't support automatic differentiation, "
            "but one of the arguments requires grad (call it under tg.no_grad(), or drop out=)"
        )
    if tuple(out.shape) != tuple(result.shape):
        raise _core.ArgumentError(
            f"{name}(): out has shape {tuple(out.shape)} but the result has shape "
            f"{tuple(result.shape)}; tapegrad does not resize out= tensors"
        )
    if not _core._can_cast(result.dtype, out.dtype):
        raise _core.DTypeError(
            f"{name}(): result type {result.dtype} can't be cast to the desired output type {out.dtype}"
        )
    with no_grad():
        out.copy_(result)
    return out


# --- unary math ---------------------------------------------------------------------------------


def sqrt(input, *, out=None):
    """The square root, elementwise (integer inputs give the default float dtype).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``sqrt(input)``; NaN below 0.
    """
    return _out(_core.sqrt(input), out, "sqrt")


def rsqrt(input, *, out=None):
    """The reciprocal of the square root, ``1 / sqrt(input)``, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``1 / sqrt(input)``; inf at 0, NaN below 0.
    """
    return _out(_core.rsqrt(input), out, "rsqrt")


def sin(input, *, out=None):
    """The sine (radians), elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``sin(input)``.
    """
    return _out(_core.sin(input), out, "sin")


def cos(input, *, out=None):
    """The cosine (radians), elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``cos(input)``.
    """
    return _out(_core.cos(input), out, "cos")


def tan(input, *, out=None):
    """The tangent (radians), elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``tan(input)``.
    """
    return _out(_core.tan(input), out, "tan")


def asin(input, *, out=None):
    """The inverse sine, elementwise (NaN outside [-1, 1]).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``asin(input)`` in [-pi/2, pi/2].
    """
    return _out(_core.asin(input), out, "asin")


def acos(input, *, out=None):
    """The inverse cosine, elementwise (NaN outside [-1, 1]).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``acos(input)`` in [0, pi].
    """
    return _out(_core.acos(input), out, "acos")


def atan(input, *, out=None):
    """The inverse tangent, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``atan(input)`` in (-pi/2, pi/2).
    """
    return _out(_core.atan(input), out, "atan")


def sinh(input, *, out=None):
    """The hyperbolic sine, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``sinh(input)``.
    """
    return _out(_core.sinh(input), out, "sinh")


def cosh(input, *, out=None):
    """The hyperbolic cosine, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``cosh(input)``.
    """
    return _out(_core.cosh(input), out, "cosh")


def asinh(input, *, out=None):
    """The inverse hyperbolic sine, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``asinh(input)``.
    """
    return _out(_core.asinh(input), out, "asinh")


def acosh(input, *, out=None):
    """The inverse hyperbolic cosine, elementwise (NaN below 1).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``acosh(input)``.
    """
    return _out(_core.acosh(input), out, "acosh")


def atanh(input, *, out=None):
    """The inverse hyperbolic tangent, elementwise (+-inf at +-1, NaN beyond).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``atanh(input)``.
    """
    return _out(_core.atanh(input), out, "atanh")


def log2(input, *, out=None):
    """The base-2 logarithm, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``log2(input)``; -inf at 0, NaN below 0.
    """
    return _out(_core.log2(input), out, "log2")


def log10(input, *, out=None):
    """The base-10 logarithm, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``log10(input)``; -inf at 0, NaN below 0.
    """
    return _out(_core.log10(input), out, "log10")


def log1p(input, *, out=None):
    """``log(1 + input)``, elementwise, accurate for small values.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``log1p(input)``; -inf at -1, NaN below.
    """
    return _out(_core.log1p(input), out, "log1p")


def expm1(input, *, out=None):
    """``exp(input) - 1``, elementwise, accurate for small values.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``expm1(input)``.
    """
    return _out(_core.expm1(input), out, "expm1")


def exp2(input, *, out=None):
    """``2 ** input``, elementwise (integer inputs give the default float dtype).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``2 ** input``.
    """
    return _out(_core.exp2(input), out, "exp2")


def exp(input, *, out=None):
    """``e ** input``, elementwise (integer inputs give the default float dtype).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``exp(input)``.
    """
    return _out(_core.exp(input), out, "exp")


def log(input, *, out=None):
    """The natural logarithm, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``log(input)``; -inf at 0, NaN below 0.
    """
    return _out(_core.log(input), out, "log")


def reciprocal(input, *, out=None):
    """``1 / input``, elementwise (integer inputs give the default float dtype).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``1 / input``; +-inf at +-0.
    """
    return _out(_core.reciprocal(input), out, "reciprocal")


def erf(input, *, out=None):
    """The error function, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``erf(input)`` in [-1, 1].
    """
    return _out(_core.erf(input), out, "erf")


def erfc(input, *, out=None):
    """The complementary error function ``1 - erf(input)``, elementwise, accurate in the tails.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``erfc(input)`` in [0, 2].
    """
    return _out(_core.erfc(input), out, "erfc")


def sigmoid(input, *, out=None):
    """``1 / (1 + exp(-input))``, elementwise, stable for any value.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``sigmoid(input)`` in [0, 1].
    """
    return _out(_core.sigmoid(input), out, "sigmoid")


def tanh(input, *, out=None):
    """The hyperbolic tangent, elementwise.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``tanh(input)`` in [-1, 1].
    """
    return _out(_core.tanh(input), out, "tanh")


def relu(input):
    """``max(input, 0)``, elementwise (integer tensors stay integer; NaN stays NaN).

    Args:
        input (Tensor): the tensor (not bool).

    Returns:
        Tensor: ``relu(input)``; the gradient is 0 where ``input <= 0``.
    """
    return _core.relu(input)


def relu_(input):
    """``relu`` in place: ``input`` becomes ``max(input, 0)``.

    Args:
        input (Tensor): the tensor to change.

    Returns:
        Tensor: ``input`` itself.
    """
    return _core._apply_inplace(input, "relu_", _core.relu)


def selu(input):
    """The scaled exponential linear unit, as ``torch.selu`` (``tg.nn.functional.selu``).

    Args:
        input (Tensor): a floating-point tensor.

    Returns:
        Tensor: ``scale * (max(0, x) + min(0, alpha * (exp(x) - 1)))``.
    """
    return _core.selu(input)


def celu(input, alpha=1.0):
    """The continuously differentiable ELU, as ``torch.celu`` (``tg.nn.functional.celu``).

    Args:
        input (Tensor): a floating-point tensor.
        alpha (float): the scale of the negative part (not 0).

    Returns:
        Tensor: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.
    """
    return _core.celu(input, alpha)


# --- unary, keeping the dtype -------------------------------------------------------------------


def abs(input, *, out=None):
    """The absolute value, elementwise (integer tensors stay integer; bool is refused).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``|input|``; the gradient at 0 is 0.
    """
    return _out(_core.abs(input), out, "abs")


def sign(input, *, out=None):
    """-1, 0 or 1 by the sign of each element (0 for NaN and -0.0), in the input's dtype.

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``sign(input)``; its gradient is 0.
    """
    return _out(_core.sign(input), out, "sign")


def floor(input, *, out=None):
    """The largest integer not above each element (integer tensors are returned as they are).

    Args:
        input (Tensor): the tensor (not bool).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``floor(input)`` in the input's dtype; its gradient is 0.
    """
    return _out(_core.floor(input), out, "floor")


def ceil(input, *, out=None):
    """The smallest integer not below each element (integer tensors are returned as they are).

    Args:
        input (Tensor): the tensor (not bool).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``ceil(input)`` in the input's dtype; its gradient is 0.
    """
    return _out(_core.ceil(input), out, "ceil")


def round(input, *, decimals=0, out=None):
    """Rounds half to even (``round(2.5)`` is 2, as ``torch.round`` and NumPy).

    Args:
        input (Tensor): the tensor (not bool).
        decimals (int): the number of decimal places (negative: round to tens, hundreds, ...);
            non-zero needs a floating-point tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the rounded values in the input's dtype; the gradient is 0.
    """
    return _out(_core.round(input, decimals), out, "round")


def trunc(input, *, out=None):
    """Rounds toward zero, elementwise (integer tensors are returned as they are).

    Args:
        input (Tensor): the tensor (not bool).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``trunc(input)`` in the input's dtype; its gradient is 0.
    """
    return _out(_core.trunc(input), out, "trunc")


def frac(input, *, out=None):
    """The fractional part ``input - trunc(input)``, with the input's sign.

    Args:
        input (Tensor): a floating-point tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``frac(input)``; its gradient is 1.
    """
    return _out(_core.frac(input), out, "frac")


def square(input, *, out=None):
    """``input * input``, elementwise (integers stay integer; bool gives int64).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``input ** 2``.
    """
    return _out(_core.square(input), out, "square")


def neg(input, *, out=None):
    """``-input``, elementwise (bool is refused: use ``logical_not``).

    Args:
        input (Tensor): the tensor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``-input``.
    """
    return _out(_core.neg(input), out, "neg")


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    """NaN, +inf and -inf replaced by finite numbers (integer tensors are copied unchanged).

    Args:
        input (Tensor): the tensor.
        nan (float): what NaN becomes.
        posinf (float, optional): what +inf becomes; the dtype's largest value when None.
        neginf (float, optional): what -inf becomes; the dtype's lowest value when None.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the cleaned values; the gradient is 0 where the input was not finite.
    """
    return _out(_core.nan_to_num(input, nan, posinf, neginf), out, "nan_to_num")


# --- binary -------------------------------------------------------------------------------------


def add(input, other, *, alpha=1, out=None):
    """``input + alpha * other``, broadcasting.

    Args:
        input (Tensor or Number): the first operand.
        other (Tensor or Number): the second operand.
        alpha (Number): the multiplier of ``other`` (an int or bool for integer operands).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the sum, in the operands' promoted dtype.
    """
    return _out(_core.add(input, other, alpha), out, "add")


def sub(input, other, *, alpha=1, out=None):
    """``input - alpha * other``, broadcasting (bool tensors cannot be subtracted).

    Args:
        input (Tensor or Number): the first operand.
        other (Tensor or Number): the second operand.
        alpha (Number): the multiplier of ``other`` (an int for integer operands).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the difference, in the operands' promoted dtype.
    """
    return _out(_core.sub(input, other, alpha), out, "sub")


def mul(input, other, *, out=None):
    """``input * other``, broadcasting.

    Args:
        input (Tensor or Number): the first operand.
        other (Tensor or Number): the second operand.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the product, in the operands' promoted dtype.
    """
    return _out(_core.mul(input, other), out, "mul")


def div(input, other, *, rounding_mode=None, out=None):
    """``input / other``, broadcasting: true division, or rounded.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.
        rounding_mode (str, optional): None for true division (integers give the default float
            dtype), ``'trunc'`` to round toward zero or ``'floor'`` toward -inf (both keep
            integer dtypes; an integer division by zero raises ``ZeroDivisionError`` as a
            RuntimeError, as PyTorch).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the quotient; rounded quotients have a zero gradient.
    """
    return _out(_core.div(input, other, rounding_mode), out, "div")


def true_divide(dividend, divisor, *, out=None):
    """``dividend / divisor`` as true division, as ``div`` with ``rounding_mode=None``.

    Args:
        dividend (Tensor or Number): the dividend.
        divisor (Tensor or Number): the divisor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the quotient (integer operands give the default float dtype).
    """
    return _out(_core.div(dividend, divisor, None), out, "true_divide")


def floor_divide(input, other, *, out=None):
    """``input // other``: the quotient rounded toward -inf, as Python's ``//``.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the quotient in the promoted dtype (integers stay integer; an integer division
        by zero raises RuntimeError ``ZeroDivisionError``); its gradient is 0.
    """
    return _out(_core.floor_divide(input, other), out, "floor_divide")


def remainder(input, other, *, out=None):
    """``input % other``: the remainder with the divisor's sign, as Python's ``%``.

    Args:
        input (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``input - floor_divide(input, other) * other``.
    """
    return _out(_core.remainder(input, other), out, "remainder")


def fmod(input, other, *, out=None):
    """The remainder with the dividend's sign, as C's ``fmod``.

    Args:
        input (Tensor): the dividend.
        other (Tensor or Number): the divisor.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: ``input - trunc(input / other) * other``.
    """
    return _out(_core.fmod(input, other), out, "fmod")


def pow(input, exponent, *, out=None):
    """``input ** exponent``, broadcasting; either side may be a number.

    Integer tensors to integer powers stay integer (a negative Python int exponent raises, as in
    PyTorch); anything with a float gives a float. Gradients flow to both base and exponent.

    Args:
        input (Tensor or Number): the base.
        exponent (Tensor or Number): the exponent.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the powers.
    """
    return _out(_core.pow(input, exponent), out, "pow")


def maximum(input, other, *, out=None):
    """The larger of each pair of elements; NaN if either is NaN.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the maxima; at ties the gradient is split evenly between the inputs.
    """
    return _out(_core.maximum(input, other), out, "maximum")


def minimum(input, other, *, out=None):
    """The smaller of each pair of elements; NaN if either is NaN.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the minima; at ties the gradient is split evenly between the inputs.
    """
    return _out(_core.minimum(input, other), out, "minimum")


def fmax(input, other, *, out=None):
    """The larger of each pair of elements, ignoring NaN unless both are NaN.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the maxima.
    """
    return _out(_core.fmax(input, other), out, "fmax")


def fmin(input, other, *, out=None):
    """The smaller of each pair of elements, ignoring NaN unless both are NaN.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the minima.
    """
    return _out(_core.fmin(input, other), out, "fmin")


def atan2(input, other, *, out=None):
    """The angle of the point ``(other, input)``: ``atan(input / other)`` in the right quadrant.

    Args:
        input (Tensor): the y coordinates.
        other (Tensor): the x coordinates.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: angles in [-pi, pi] (integer inputs give the default float dtype).
    """
    return _out(_core.atan2(input, other), out, "atan2")


def hypot(input, other, *, out=None):
    """``sqrt(input**2 + other**2)`` without overflow.

    Args:
        input (Tensor): a floating-point tensor.
        other (Tensor): a floating-point tensor (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the hypotenuses.
    """
    return _out(_core.hypot(input, other), out, "hypot")


def lerp(input, end, weight, *, out=None):
    """Linear interpolation ``input + weight * (end - input)``, exact at both ends.

    Args:
        input (Tensor): the start points (floating point).
        end (Tensor): the end points, of the same dtype.
        weight (float or Tensor): the weights (a tensor of the same dtype broadcasts).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the interpolated values.
    """
    return _out(_core.lerp(input, end, weight), out, "lerp")


def clamp(input, min=None, max=None, *, out=None):
    """Every element limited to ``[min, max]``.

    NaN in the input or in a bound gives NaN; ``min > max`` gives ``max`` everywhere. The
    gradient is 1 where ``min <= input <= max`` (bounds included) and 0 elsewhere; tensor
    bounds get the gradient where they were chosen.

    Args:
        input (Tensor): the tensor.
        min (Number or Tensor, optional): the lower bound (broadcast), or None for none.
        max (Number or Tensor, optional): the upper bound (broadcast), or None for none.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the clamped values, in the promoted dtype of the input and the bounds.

    Raises:
        ValueError: both bounds are None.
    """
    return _out(_core.clamp(input, min, max), out, "clamp")


_NOT_GIVEN = object()


def where(condition, input=_NOT_GIVEN, other=_NOT_GIVEN, *, out=None):
    """``input`` where ``condition`` holds, ``other`` elsewhere; all three broadcast.

    With ``condition`` alone, as ``torch.where(condition)``: the indices of its non-zero
    elements, one tensor per dimension (``nonzero(condition, as_tuple=True)``).

    Args:
        condition (Tensor): a bool tensor.
        input (Tensor or Number): the values where the condition is true.
        other (Tensor or Number): the values where it is false.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: the chosen values, in the promoted dtype of ``input`` and ``other``; gradients
        flow to each where it was chosen (or a tuple of index tensors for ``where(condition)``).
    """
    if input is _NOT_GIVEN and other is _NOT_GIVEN:
        from ._indexing import _where_condition

        return _where_condition(condition)
    if input is _NOT_GIVEN or other is _NOT_GIVEN:
        raise TypeError("where() takes a condition alone, or a condition, input and other")
    return _out(_core.where(condition, input, other), out, "where")


# --- logical and bitwise ------------------------------------------------------------------------


def logical_and(input, other, *, out=None):
    """Elementwise ``and`` of truth values (non-zero is true), as a bool tensor.

    Args:
        input (Tensor): a tensor of any dtype.
        other (Tensor): a tensor of any dtype (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.logical_and(input, other), out, "logical_and")


def logical_or(input, other, *, out=None):
    """Elementwise ``or`` of truth values (non-zero is true), as a bool tensor.

    Args:
        input (Tensor): a tensor of any dtype.
        other (Tensor): a tensor of any dtype (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.logical_or(input, other), out, "logical_or")


def logical_xor(input, other, *, out=None):
    """Elementwise exclusive ``or`` of truth values (non-zero is true), as a bool tensor.

    Args:
        input (Tensor): a tensor of any dtype.
        other (Tensor): a tensor of any dtype (broadcast with the first).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.logical_xor(input, other), out, "logical_xor")


def logical_not(input, *, out=None):
    """Elementwise ``not`` (zero is false, anything else true), as a bool tensor.

    Args:
        input (Tensor): a tensor of any dtype.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.logical_not(input), out, "logical_not")


def bitwise_and(input, other, *, out=None):
    """Elementwise ``&`` of bool or integer tensors (``and`` for bool).

    Args:
        input (Tensor or Number): a bool or integer operand.
        other (Tensor or Number): a bool or integer operand.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: in the promoted dtype (floating point raises TypeError).
    """
    return _out(_core.bitwise_and(input, other), out, "bitwise_and")


def bitwise_or(input, other, *, out=None):
    """Elementwise ``|`` of bool or integer tensors (``or`` for bool).

    Args:
        input (Tensor or Number): a bool or integer operand.
        other (Tensor or Number): a bool or integer operand.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: in the promoted dtype (floating point raises TypeError).
    """
    return _out(_core.bitwise_or(input, other), out, "bitwise_or")


def bitwise_xor(input, other, *, out=None):
    """Elementwise ``^`` of bool or integer tensors (exclusive ``or`` for bool).

    Args:
        input (Tensor or Number): a bool or integer operand.
        other (Tensor or Number): a bool or integer operand.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: in the promoted dtype (floating point raises TypeError).
    """
    return _out(_core.bitwise_xor(input, other), out, "bitwise_xor")


def bitwise_not(input, *, out=None):
    """Elementwise ``~``: ``not`` for bool, the bitwise complement for integers.

    Args:
        input (Tensor): a bool or integer tensor (floating point raises TypeError).
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: in the input's dtype.
    """
    return _out(_core.bitwise_not(input), out, "bitwise_not")


# --- tests --------------------------------------------------------------------------------------


def isnan(input):
    """Where the elements are NaN.

    Args:
        input (Tensor): a tensor of any dtype (integers are never NaN).

    Returns:
        Tensor: a bool tensor.
    """
    return _core.isnan(input)


def isinf(input):
    """Where the elements are +inf or -inf.

    Args:
        input (Tensor): a tensor of any dtype.

    Returns:
        Tensor: a bool tensor.
    """
    return _core.isinf(input)


def isposinf(input, *, out=None):
    """Where the elements are +inf.

    Args:
        input (Tensor): a tensor of any dtype.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.isposinf(input), out, "isposinf")


def isneginf(input, *, out=None):
    """Where the elements are -inf.

    Args:
        input (Tensor): a tensor of any dtype.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.isneginf(input), out, "isneginf")


def isfinite(input):
    """Where the elements are finite (neither inf nor NaN).

    Args:
        input (Tensor): a tensor of any dtype (integers are always finite).

    Returns:
        Tensor: a bool tensor.
    """
    return _core.isfinite(input)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Where ``|input - other| <= atol + rtol * |other|``, or the elements are equal.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor, of the same dtype (broadcast with the first).
        rtol (float): the relative tolerance, >= 0.
        atol (float): the absolute tolerance, >= 0.
        equal_nan (bool): whether NaN is close to NaN.

    Returns:
        Tensor: a bool tensor.
    """
    return _core.isclose(input, other, rtol, atol, equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether ``isclose`` holds for every element.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor, of the same dtype (broadcast with the first).
        rtol (float): the relative tolerance, >= 0.
        atol (float): the absolute tolerance, >= 0.
        equal_nan (bool): whether NaN is close to NaN.

    Returns:
        bool: a Python bool.
    """
    return _core.allclose(input, other, rtol, atol, equal_nan)


def equal(input, other):
    """Whether two tensors have the same shape and the same elements (NaN is never equal).

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor (any dtype; no broadcasting).

    Returns:
        bool: a Python bool.
    """
    return _core.equal(input, other)


# --- comparisons --------------------------------------------------------------------------------


def eq(input, other, *, out=None):
    """``input == other`` elementwise, broadcasting.

    Args:
        input (Tensor): the tensor.
        other (Tensor or Number): what to compare with.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.eq(input, other), out, "eq")


def ne(input, other, *, out=None):
    """``input != other`` elementwise, broadcasting.

    Args:
        input (Tensor): the tensor.
        other (Tensor or Number): what to compare with.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.ne(input, other), out, "ne")


def lt(input, other, *, out=None):
    """``input < other`` elementwise, broadcasting.

    Args:
        input (Tensor): the tensor.
        other (Tensor or Number): what to compare with.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.lt(input, other), out, "lt")


def le(input, other, *, out=None):
    """``input <= other`` elementwise, broadcasting.

    Args:
        input (Tensor): the tensor.
        other (Tensor or Number): what to compare with.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.le(input, other), out, "le")


def gt(input, other, *, out=None):
    """``input > other`` elementwise, broadcasting.

    Args:
        input (Tensor): the tensor.
        other (Tensor or Number): what to compare with.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.gt(input, other), out, "gt")


def ge(input, other, *, out=None):
    """``input >= other`` elementwise, broadcasting.

    Args:
        input (Tensor): the tensor.
        other (Tensor or Number): what to compare with.
        out (Tensor, optional): a tensor of the result's shape to write the result into.

    Returns:
        Tensor: a bool tensor.
    """
    return _out(_core.ge(input, other), out, "ge")


# PyTorch's (and NumPy's) other names for the same functions.
absolute = abs
arccos = acos
arccosh = acosh
arcsin = asin
arcsinh = asinh
arctan = atan
arctan2 = atan2
arctanh = atanh
clip = clamp
divide = div
fix = trunc
greater = gt
greater_equal = ge
less = lt
less_equal = le
multiply = mul
negative = neg
not_equal = ne
subtract = sub


# --- Tensor methods -----------------------------------------------------------------------------


def _where_method(self, condition, other):
    """``tg.where(condition, self, other)``: self where the condition holds, other elsewhere.

    Args:
        condition (Tensor): a bool tensor.
        other (Tensor or Number): the values where the condition is false.

    Returns:
        Tensor: the chosen values.
    """
    return _core.where(condition, self, other)


def _in_place(name, func, summary):
    """A Tensor method ``name`` that makes ``func(self)`` in place (one that takes no arguments)."""

    def method(self):
        return _core._apply_inplace(self, name, func)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"""{summary} in place, as ``{name[:-1]}`` (tapegrad's in-place rules).

        Returns:
            Tensor: this tensor, changed.
        """
    return method


def _in_place_binary(name, func, summary):
    """A Tensor method ``name(other)`` that makes ``func(self, other)`` in place."""

    def method(self, other):
        operands = [other] if isinstance(other, Tensor) else []
        return _core._apply_inplace(self, name, lambda t: func(t, other), *operands)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"""{summary} in place, as ``{name[:-1]}`` (tapegrad's in-place rules).

        Args:
            other (Tensor or Number): the other operand (broadcast to this tensor's shape).

        Returns:
            Tensor: this tensor, changed.
        """
    return method


def _pow_(self, exponent):
    """``pow`` in place: this tensor becomes ``self ** exponent``.

    Args:
        exponent (Tensor or Number): the exponent (broadcast to this tensor's shape).

    Returns:
        Tensor: this tensor, changed.
    """
    operands = [exponent] if isinstance(exponent, Tensor) else []
    return _core._apply_inplace(self, "pow_", lambda t: _core.pow(t, exponent), *operands)


def _clamp_(self, min=None, max=None):
    """``clamp`` in place: every element limited to ``[min, max]``.

    Args:
        min (Number or Tensor, optional): the lower bound.
        max (Number or Tensor, optional): the upper bound.

    Returns:
        Tensor: this tensor, changed.
    """
    others = [b for b in (min, max) if isinstance(b, Tensor)]
    return _core._apply_inplace(self, "clamp_", lambda t: _core.clamp(t, min, max), *others)


def _lerp_(self, end, weight):
    """``lerp`` in place: this tensor becomes ``self + weight * (end - self)``.

    Args:
        end (Tensor): the end points.
        weight (float or Tensor): the weights.

    Returns:
        Tensor: this tensor, changed.
    """
    others = [t for t in (end, weight) if isinstance(t, Tensor)]
    return _core._apply_inplace(self, "lerp_", lambda t: _core.lerp(t, end, weight), *others)


def _round_(self, *, decimals=0):
    """``round`` in place (half to even).

    Args:
        decimals (int): the number of decimal places.

    Returns:
        Tensor: this tensor, changed.
    """
    return _core._apply_inplace(self, "round_", lambda t: _core.round(t, decimals))


def _nan_to_num_(self, nan=0.0, posinf=None, neginf=None):
    """``nan_to_num`` in place.

    Args:
        nan (float): what NaN becomes.
        posinf (float, optional): what +inf becomes (the dtype's largest value when None).
        neginf (float, optional): what -inf becomes (the dtype's lowest value when None).

    Returns:
        Tensor: this tensor, changed.
    """
    return _core._apply_inplace(self, "nan_to_num_", lambda t: _core.nan_to_num(t, nan, posinf, neginf))


def _div_rounding_(self, other, *, rounding_mode=None):
    """``div`` in place.

    Args:
        other (Tensor or Number): the divisor.
        rounding_mode (str, optional): None, ``'trunc'`` or ``'floor'``.

    Returns:
        Tensor: this tensor, changed.
    """
    return _core._apply_inplace(
        self,
        "div_",
        lambda t: _core.div(t, other, rounding_mode),
        *([other] if isinstance(other, Tensor) else []),
    )


def _sub_(self, other, *, alpha=1):
    """``sub`` in place: this tensor becomes ``self - alpha * other``.

    Args:
        other (Tensor or Number): the operand.
        alpha (Number): the multiplier of ``other``.

    Returns:
        Tensor: this tensor, changed.
    """
    operands = [other] if isinstance(other, Tensor) else []
    return _core._apply_inplace(self, "sub_", lambda t: _core.sub(t, other, alpha), *operands)


# The functions whose first parameter is the tensor are its methods too (aliases included).
for _name in (
    "abs",
    "absolute",
    "acos",
    "acosh",
    "add",
    "allclose",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "ceil",
    "clamp",
    "clip",
    "cos",
    "cosh",
    "div",
    "divide",
    "eq",
    "equal",
    "erf",
    "erfc",
    "exp",
    "exp2",
    "expm1",
    "fix",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "frac",
    "ge",
    "greater",
    "greater_equal",
    "gt",
    "hypot",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "le",
    "lerp",
    "less",
    "less_equal",
    "log",
    "log10",
    "log1p",
    "log2",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "lt",
    "maximum",
    "minimum",
    "mul",
    "multiply",
    "nan_to_num",
    "ne",
    "neg",
    "negative",
    "not_equal",
    "pow",
    "reciprocal",
    "relu",
    "remainder",
    "round",
    "rsqrt",
    "sigmoid",
    "sign",
    "sin",
    "sinh",
    "sqrt",
    "square",
    "sub",
    "subtract",
    "tan",
    "tanh",
    "true_divide",
    "trunc",
):
    setattr(Tensor, _name, globals()[_name])
Tensor.where = _where_method

# In-place forms of the functions of one tensor: x.sqrt_() and so on.
for _name, _f, _summary in (
    ("abs_", _core.abs, "``abs``"),
    ("absolute_", _core.abs, "``abs``"),
    ("acos_", _core.acos, "``acos``"),
    ("acosh_", _core.acosh, "``acosh``"),
    ("arccos_", _core.acos, "``acos``"),
    ("arccosh_", _core.acosh, "``acosh``"),
    ("arcsin_", _core.asin, "``asin``"),
    ("arcsinh_", _core.asinh, "``asinh``"),
    ("arctan_", _core.atan, "``atan``"),
    ("arctanh_", _core.atanh, "``atanh``"),
    ("asin_", _core.asin, "``asin``"),
    ("asinh_", _core.asinh, "``asinh``"),
    ("atan_", _core.atan, "``atan``"),
    ("atanh_", _core.atanh, "``atanh``"),
    ("bitwise_not_", _core.bitwise_not, "``bitwise_not``"),
    ("ceil_", _core.ceil, "``ceil``"),
    ("cos_", _core.cos, "``cos``"),
    ("cosh_", _core.cosh, "``cosh``"),
    ("erf_", _core.erf, "``erf``"),
    ("erfc_", _core.erfc, "``erfc``"),
    ("exp_", _core.exp, "``exp``"),
    ("exp2_", _core.exp2, "``exp2``"),
    ("expm1_", _core.expm1, "``expm1``"),
    ("fix_", _core.trunc, "``trunc``"),
    ("floor_", _core.floor, "``floor``"),
    ("frac_", _core.frac, "``frac``"),
    ("log_", _core.log, "``log``"),
    ("log10_", _core.log10, "``log10``"),
    ("log1p_", _core.log1p, "``log1p``"),
    ("log2_", _core.log2, "``log2``"),
    ("logical_not_", _core.logical_not, "``logical_not``"),
    ("negative_", _core.neg, "``neg``"),
    ("reciprocal_", _core.reciprocal, "``reciprocal``"),
    ("relu_", _core.relu, "``relu``"),
    ("rsqrt_", _core.rsqrt, "``rsqrt``"),
    ("sigmoid_", _core.sigmoid, "``sigmoid``"),
    ("sign_", _core.sign, "``sign``"),
    ("sin_", _core.sin, "``sin``"),
    ("sinh_", _core.sinh, "``sinh``"),
    ("sqrt_", _core.sqrt, "``sqrt``"),
    ("square_", _core.square, "``square``"),
    ("tan_", _core.tan, "``tan``"),
    ("tanh_", _core.tanh, "``tanh``"),
    ("trunc_", _core.trunc, "``trunc``"),
):
    setattr(Tensor, _name, _in_place(_name, _f, _summary))

# In-place forms of the functions of two: x.pow_(2), x.logical_and_(mask), ...
for _name, _f in (
    ("arctan2_", _core.atan2),
    ("atan2_", _core.atan2),
    ("bitwise_and_", _core.bitwise_and),
    ("bitwise_or_", _core.bitwise_or),
    ("bitwise_xor_", _core.bitwise_xor),
    ("eq_", _core.eq),
    ("floor_divide_", _core.floor_divide),
    ("fmod_", _core.fmod),
    ("ge_", _core.ge),
    ("greater_", _core.gt),
    ("greater_equal_", _core.ge),
    ("gt_", _core.gt),
    ("hypot_", _core.hypot),
    ("le_", _core.le),
    ("less_", _core.lt),
    ("less_equal_", _core.le),
    ("logical_and_", _core.logical_and),
    ("logical_or_", _core.logical_or),
    ("logical_xor_", _core.logical_xor),
    ("lt_", _core.lt),
    ("multiply_", _core.mul),
    ("ne_", _core.ne),
    ("not_equal_", _core.ne),
    ("remainder_", _core.remainder),
    ("true_divide_", lambda a, b: _core.div(a, b, None)),
):
    setattr(Tensor, _name, _in_place_binary(_name, _f, f"``{_name[:-1]}``"))

Tensor.pow_ = _pow_
Tensor.clamp_ = _clamp_
Tensor.clip_ = _clamp_
Tensor.lerp_ = _lerp_
Tensor.round_ = _round_
Tensor.nan_to_num_ = _nan_to_num_
Tensor.divide_ = _div_rounding_
Tensor.subtract_ = _sub_
