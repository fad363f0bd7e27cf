#pragma once
// Elementwise math, activations and logical ops, with PyTorch's meanings (torch.sqrt,
// torch.maximum, torch.nn.functional.gelu, ...). The basic arithmetic (add, sub, mul, div, neg,
// pow with a number exponent, exp, log, tanh, sigmoid, relu) is in ops.hpp; the comparisons in
// comparison.hpp.
//
// Dtypes follow PyTorch: functions whose values are fractions (sqrt, sin, erf, the activations
// but relu, relu6 and hardtanh) compute an integer or bool input in the default dtype; abs, sign,
// floor, ceil, round, trunc, square, the min/max family, floor_divide, remainder, fmod and
// integer powers keep integer dtypes; logical ops and tests give bool. Binary and ternary ops
// broadcast as NumPy does and promote as result_type() (ops.hpp); their gradients are summed
// back to each input's shape. Gradients flow to floating-point inputs only; where PyTorch
// defines a zero gradient (floor, round, sign, rounding divisions) it is zero here too.
//
// In-place forms: apply_(x, "sqrt_", [](const Tensor& t) { return sqrt(t); }) (ops.hpp).
#include <optional>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

// --- unary math: integer and bool inputs give the default dtype --------------------------------
Tensor sqrt(const Tensor& x);
Tensor rsqrt(const Tensor& x);  // 1 / sqrt(x)
Tensor sin(const Tensor& x);
Tensor cos(const Tensor& x);
Tensor tan(const Tensor& x);
Tensor asin(const Tensor& x);
Tensor acos(const Tensor& x);
Tensor atan(const Tensor& x);
Tensor sinh(const Tensor& x);
Tensor cosh(const Tensor& x);
Tensor asinh(const Tensor& x);
Tensor acosh(const Tensor& x);
Tensor atanh(const Tensor& x);
Tensor log2(const Tensor& x);
Tensor log10(const Tensor& x);
Tensor log1p(const Tensor& x);  // log(1 + x), accurate near 0
Tensor expm1(const Tensor& x);  // exp(x) - 1, accurate near 0
Tensor exp2(const Tensor& x);
Tensor reciprocal(const Tensor& x);
Tensor erf(const Tensor& x);
Tensor erfc(const Tensor& x);

// --- unary, keeping the dtype ------------------------------------------------------------------
// abs, sign, floor, ceil, round and trunc of an integer tensor are integer tensors; bool tensors
// are refused (type_error) as in PyTorch, except by sign (bool) and square (int64).
Tensor abs(const Tensor& x);
Tensor sign(const Tensor& x);  // -1, 0 or 1 (0 for NaN and for -0.0); zero gradient
Tensor floor(const Tensor& x);
Tensor ceil(const Tensor& x);
// Half to even (2.5 -> 2), as torch.round. decimals != 0 rounds to that many decimal places
// (negative: to tens, hundreds, ...) and needs a floating-point tensor.
Tensor round(const Tensor& x, int decimals = 0);
Tensor trunc(const Tensor& x);
Tensor frac(const Tensor& x);    // x - trunc(x); floating point only
Tensor square(const Tensor& x);  // x * x (bool gives int64)
// NaN -> nan, +inf -> posinf (default: the dtype's largest value), -inf -> neginf (default: its
// lowest); integer and bool tensors are returned unchanged (a copy).
Tensor nan_to_num(const Tensor& x, double nan = 0.0, std::optional<double> posinf = std::nullopt,
                  std::optional<double> neginf = std::nullopt);

// --- binary ------------------------------------------------------------------------------------
// The larger / smaller element; NaN in either gives NaN. The gradient goes to the input that
// was chosen, halved between both at ties (as PyTorch).
Tensor maximum(const Tensor& a, const Tensor& b);
Tensor minimum(const Tensor& a, const Tensor& b);
// As maximum / minimum, but a NaN is ignored when the other element is a number.
Tensor fmax(const Tensor& a, const Tensor& b);
Tensor fmin(const Tensor& a, const Tensor& b);
// base ** exponent, both tensors (or a number base). Integer dtypes stay integer (wrapping on
// overflow; a negative exponent gives 0 unless the base is 1 or -1); bool ** bool is refused.
// Gradients for both, 0 for the exponent where base == 0 and exponent >= 0 (as PyTorch).
Tensor pow(const Tensor& base, const Tensor& exponent);
Tensor pow(double base, const Tensor& exponent);
// Division rounded toward -inf (Python's //); integers stay integer and throw
// std::runtime_error("ZeroDivisionError...") for a zero divisor; floats give inf/nan.
Tensor floor_divide(const Tensor& a, const Tensor& b);
// The remainder with the divisor's sign (Python's %): a - floor_divide(a, b) * b.
Tensor remainder(const Tensor& a, const Tensor& b);
// The remainder with the dividend's sign (C's fmod).
Tensor fmod(const Tensor& a, const Tensor& b);
// atan(a / b) in the right quadrant. Floating-point result.
Tensor atan2(const Tensor& a, const Tensor& b);
// sqrt(a^2 + b^2) without overflow; floating-point tensors only.
Tensor hypot(const Tensor& a, const Tensor& b);

enum class RoundingMode : unsigned char { None, Trunc, Floor };
// True division (RoundingMode::None, as div in ops.hpp), or rounded toward zero / -inf, which
// keeps integer dtypes (and throws for an integer zero divisor, as floor_divide).
Tensor div(const Tensor& a, const Tensor& b, RoundingMode mode);
// a + alpha * b and a - alpha * b. For an integer or bool result alpha must be a whole number
// (std::invalid_argument otherwise).
Tensor add(const Tensor& a, const Tensor& b, double alpha);
Tensor sub(const Tensor& a, const Tensor& b, double alpha);
// start + weight * (end - start), as torch.lerp: floating point, all of one dtype.
Tensor lerp(const Tensor& start, const Tensor& end, const Tensor& weight);
Tensor lerp(const Tensor& start, const Tensor& end, double weight);

// Every element limited to [min, max]; either bound may be absent (not both:
// std::invalid_argument). NaN in x or in a bound gives NaN; min > max gives max everywhere.
// The gradient of x is 1 where min <= x <= max (bounds included), 0 elsewhere; a tensor bound
// gets the gradient where it was chosen (PyTorch's rules).
Tensor clamp(const Tensor& x, std::optional<double> min, std::optional<double> max);
// Tensor bounds (undefined = absent), broadcast with x; the result dtype is the promotion of
// all three.
Tensor clamp(const Tensor& x, const Tensor& min, const Tensor& max);

// condition ? a : b elementwise (condition is a bool tensor), all three broadcast. Gradients
// for a and b.
Tensor where(const Tensor& condition, const Tensor& a, const Tensor& b);

// --- activations (torch.nn.functional) ---------------------------------------------------------
// relu is in ops.hpp. relu6, hardtanh keep integer dtypes; the others need floating point.
Tensor relu6(const Tensor& x);  // hardtanh(x, 0, 6)
Tensor leaky_relu(const Tensor& x, double negative_slope = 0.01);
Tensor elu(const Tensor& x, double alpha = 1.0);
Tensor selu(const Tensor& x);
Tensor celu(const Tensor& x, double alpha = 1.0);  // alpha != 0
enum class GeluApproximate : unsigned char { None, Tanh };
Tensor gelu(const Tensor& x, GeluApproximate approximate = GeluApproximate::None);
Tensor silu(const Tensor& x);  // x * sigmoid(x)
Tensor mish(const Tensor& x);  // x * tanh(softplus(x))
// log(1 + exp(beta * x)) / beta, and x itself where beta * x > threshold.
Tensor softplus(const Tensor& x, double beta = 1.0, double threshold = 20.0);
Tensor softsign(const Tensor& x);  // x / (1 + |x|)
// clamp(x, min_val, max_val) with the gradient 0 at the bounds themselves (PyTorch's);
// min_val > max_val throws std::invalid_argument.
Tensor hardtanh(const Tensor& x, double min_val = -1.0, double max_val = 1.0);
Tensor hardsigmoid(const Tensor& x);  // relu6(x + 3) / 6
Tensor hardswish(const Tensor& x);    // x * relu6(x + 3) / 6
Tensor logsigmoid(const Tensor& x);   // log(sigmoid(x)), stable for any x
Tensor tanhshrink(const Tensor& x);   // x - tanh(x)

// --- logical and bitwise: no gradients ---------------------------------------------------------
// Any dtype in (non-zero is true, NaN included), bool out.
Tensor logical_and(const Tensor& a, const Tensor& b);
Tensor logical_or(const Tensor& a, const Tensor& b);
Tensor logical_xor(const Tensor& a, const Tensor& b);
Tensor logical_not(const Tensor& x);
// Bool and integer tensors (type_error for floating point); bool results for bool operands.
Tensor bitwise_and(const Tensor& a, const Tensor& b);
Tensor bitwise_or(const Tensor& a, const Tensor& b);
Tensor bitwise_xor(const Tensor& a, const Tensor& b);
Tensor bitwise_not(const Tensor& x);

// --- tests: bool results -----------------------------------------------------------------------
Tensor isnan(const Tensor& x);
Tensor isinf(const Tensor& x);
Tensor isposinf(const Tensor& x);
Tensor isneginf(const Tensor& x);
Tensor isfinite(const Tensor& x);

}  // namespace tapegrad
