// Elementwise functions of one tensor (sqrt, sin, floor, ...). The forward is one loop of a
// pointwise_kernels.hpp function; the backward is the rule beside it, written with ops.
#include <cmath>
#include <limits>
#include <string>

#include "ops/pointwise_impl.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad {

namespace {
using detail::floating;
using detail::map_floating;
using detail::map_same;
using detail::record_rule;
using detail::Rule;
using detail::RuleArgs;
namespace math = detail::math;

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kLn10 = 2.30258509299404568402;
constexpr double kTwoOverSqrtPi = 1.12837916709551257390;

// y = F(x) in floating point (integer and bool x in the default dtype), recorded with `rule`
// and the input or the output saved for it.
enum class Save { Input, Output };
template <class F>
Tensor floating_op(const Tensor& x_in, const char* name, const char* node, Rule rule, Save save) {
  const Tensor x = floating(x_in);
  Tensor out = map_floating(x, name, F{});
  if (detail::Recorder* rec = detail::Recorder::active()) detail::record_map(*rec, rec->read(x), out, F{});
  record_rule(out, {&x}, node, rule, {save == Save::Input ? x : out});
  return out;
}

// The derivative rules: the gradient of the input from the output's gradient g and the saved
// tensor s (the input x or the output y, as the op chose).
Node::Grads sqrt_rule(const RuleArgs& r) { return {r.grad / (r.saved[0] * 2.0)}; }            // y
Node::Grads rsqrt_rule(const RuleArgs& r) { return {r.grad * pow(r.saved[0], 3.0) * -0.5}; }  // y
Node::Grads sin_rule(const RuleArgs& r) { return {r.grad * cos(r.saved[0])}; }
Node::Grads cos_rule(const RuleArgs& r) { return {neg(r.grad * sin(r.saved[0]))}; }
Node::Grads tan_rule(const RuleArgs& r) { return {r.grad * (square(r.saved[0]) + 1.0)}; }  // y
Node::Grads asin_rule(const RuleArgs& r) { return {r.grad * rsqrt(1.0 - square(r.saved[0]))}; }
Node::Grads acos_rule(const RuleArgs& r) { return {neg(r.grad * rsqrt(1.0 - square(r.saved[0])))}; }
Node::Grads atan_rule(const RuleArgs& r) { return {r.grad / (square(r.saved[0]) + 1.0)}; }
Node::Grads sinh_rule(const RuleArgs& r) { return {r.grad * cosh(r.saved[0])}; }
Node::Grads cosh_rule(const RuleArgs& r) { return {r.grad * sinh(r.saved[0])}; }
Node::Grads asinh_rule(const RuleArgs& r) { return {r.grad * rsqrt(square(r.saved[0]) + 1.0)}; }
Node::Grads acosh_rule(const RuleArgs& r) { return {r.grad * rsqrt(square(r.saved[0]) - 1.0)}; }
Node::Grads atanh_rule(const RuleArgs& r) { return {r.grad / (1.0 - square(r.saved[0]))}; }
Node::Grads log2_rule(const RuleArgs& r) { return {r.grad / (r.saved[0] * kLn2)}; }
Node::Grads log10_rule(const RuleArgs& r) { return {r.grad / (r.saved[0] * kLn10)}; }
Node::Grads log1p_rule(const RuleArgs& r) { return {r.grad / (r.saved[0] + 1.0)}; }
Node::Grads expm1_rule(const RuleArgs& r) { return {r.grad * (r.saved[0] + 1.0)}; }            // y
Node::Grads exp2_rule(const RuleArgs& r) { return {r.grad * r.saved[0] * kLn2}; }              // y
Node::Grads reciprocal_rule(const RuleArgs& r) { return {neg(r.grad * square(r.saved[0]))}; }  // y
Node::Grads erf_rule(const RuleArgs& r) { return {r.grad * exp(neg(square(r.saved[0]))) * kTwoOverSqrtPi}; }
Node::Grads erfc_rule(const RuleArgs& r) { return {r.grad * exp(neg(square(r.saved[0]))) * -kTwoOverSqrtPi}; }
Node::Grads abs_rule(const RuleArgs& r) { return {r.grad * sign(r.saved[0])}; }  // 0 at 0 and NaN
Node::Grads zero_rule(const RuleArgs& r) { return {detail::zeros_like(r.grad)}; }
Node::Grads identity_rule(const RuleArgs& r) { return {r.grad}; }
Node::Grads square_rule(const RuleArgs& r) { return {r.grad * r.saved[0] * 2.0}; }
Node::Grads nan_to_num_rule(const RuleArgs& r) { return {r.grad * isfinite(r.saved[0])}; }

// An op that keeps the dtype and has a zero gradient (floor, ceil, round, trunc, sign).
template <class F>
Tensor rounding_op(const Tensor& x_in, const char* name, const char* node, bool allow_bool) {
  if (x_in.dtype() == DType::Bool && !allow_bool) throw_unsupported_dtype(name, x_in.dtype());
  const Tensor x = x_in.contiguous();
  Tensor out = map_same(x, F{});
  if (detail::Recorder* rec = detail::Recorder::active())
    detail::record_map<false>(*rec, rec->read(x), out, F{});
  record_rule(out, {&x}, node, zero_rule, {});
  return out;
}
}  // namespace

Tensor sqrt(const Tensor& x) { return floating_op<math::Sqrt>(x, "sqrt", "Sqrt", sqrt_rule, Save::Output); }
Tensor rsqrt(const Tensor& x) {
  return floating_op<math::Rsqrt>(x, "rsqrt", "Rsqrt", rsqrt_rule, Save::Output);
}
Tensor sin(const Tensor& x) { return floating_op<math::Sin>(x, "sin", "Sin", sin_rule, Save::Input); }
Tensor cos(const Tensor& x) { return floating_op<math::Cos>(x, "cos", "Cos", cos_rule, Save::Input); }
Tensor tan(const Tensor& x) { return floating_op<math::Tan>(x, "tan", "Tan", tan_rule, Save::Output); }
Tensor asin(const Tensor& x) { return floating_op<math::Asin>(x, "asin", "Asin", asin_rule, Save::Input); }
Tensor acos(const Tensor& x) { return floating_op<math::Acos>(x, "acos", "Acos", acos_rule, Save::Input); }
Tensor atan(const Tensor& x) { return floating_op<math::Atan>(x, "atan", "Atan", atan_rule, Save::Input); }
Tensor sinh(const Tensor& x) { return floating_op<math::Sinh>(x, "sinh", "Sinh", sinh_rule, Save::Input); }
Tensor cosh(const Tensor& x) { return floating_op<math::Cosh>(x, "cosh", "Cosh", cosh_rule, Save::Input); }
Tensor asinh(const Tensor& x) {
  return floating_op<math::Asinh>(x, "asinh", "Asinh", asinh_rule, Save::Input);
}
Tensor acosh(const Tensor& x) {
  return floating_op<math::Acosh>(x, "acosh", "Acosh", acosh_rule, Save::Input);
}
Tensor atanh(const Tensor& x) {
  return floating_op<math::Atanh>(x, "atanh", "Atanh", atanh_rule, Save::Input);
}
Tensor log2(const Tensor& x) { return floating_op<math::Log2>(x, "log2", "Log2", log2_rule, Save::Input); }
Tensor log10(const Tensor& x) {
  return floating_op<math::Log10>(x, "log10", "Log10", log10_rule, Save::Input);
}
Tensor log1p(const Tensor& x) {
  return floating_op<math::Log1p>(x, "log1p", "Log1p", log1p_rule, Save::Input);
}
Tensor expm1(const Tensor& x) {
  return floating_op<math::Expm1>(x, "expm1", "Expm1", expm1_rule, Save::Output);
}
Tensor exp2(const Tensor& x) { return floating_op<math::Exp2>(x, "exp2", "Exp2", exp2_rule, Save::Output); }
Tensor reciprocal(const Tensor& x) {
  return floating_op<math::Reciprocal>(x, "reciprocal", "Reciprocal", reciprocal_rule, Save::Output);
}
Tensor erf(const Tensor& x) { return floating_op<math::Erf>(x, "erf", "Erf", erf_rule, Save::Input); }
Tensor erfc(const Tensor& x) { return floating_op<math::Erfc>(x, "erfc", "Erfc", erfc_rule, Save::Input); }

Tensor abs(const Tensor& x_in) {
  if (x_in.dtype() == DType::Bool) throw_unsupported_dtype("abs", x_in.dtype());
  const Tensor x = x_in.contiguous();
  Tensor out = map_same(x, math::Abs{});
  if (detail::Recorder* rec = detail::Recorder::active())
    detail::record_map<false>(*rec, rec->read(x), out, math::Abs{});
  record_rule(out, {&x}, "Abs", abs_rule, {x});
  return out;
}

Tensor sign(const Tensor& x) { return rounding_op<math::Sign>(x, "sign", "Sign", true); }
Tensor floor(const Tensor& x) { return rounding_op<math::Floor>(x, "floor", "Floor", false); }
Tensor ceil(const Tensor& x) { return rounding_op<math::Ceil>(x, "ceil", "Ceil", false); }
Tensor trunc(const Tensor& x) { return rounding_op<math::Trunc>(x, "trunc", "Trunc", false); }

Tensor round(const Tensor& x_in, int decimals) {
  if (decimals == 0) return rounding_op<math::Round>(x_in, "round", "Round", false);
  if (!is_floating_point(x_in.dtype())) {
    throw type_error(std::string("round with decimals=") + std::to_string(decimals) + " does not support " +
                     dtype_name(x_in.dtype()) + " tensors (integers are already whole; use decimals=0)");
  }
  const Tensor x = x_in.contiguous();
  // As PyTorch: scale by 10^|decimals| in x's dtype, round half to even, scale back.
  const bool negative = decimals < 0;
  const double scale = std::pow(10.0, std::fabs(static_cast<double>(decimals)));
  Tensor out = dispatch_floating(x.dtype(), "round", [&](auto zero) {
    using T = decltype(zero);
    const T s = static_cast<T>(scale);
    return detail::unary_map<T>(
        x, [s, negative](T v) { return negative ? std::nearbyint(v / s) * s : std::nearbyint(v * s) / s; });
  });
  record_rule(out, {&x}, "Round", zero_rule, {});
  return out;
}

Tensor frac(const Tensor& x_in) {
  if (!is_floating_point(x_in.dtype())) throw_unsupported_dtype("frac", x_in.dtype());
  const Tensor x = x_in.contiguous();
  Tensor out = map_floating(x, "frac", math::Frac{});
  record_rule(out, {&x}, "Frac", identity_rule, {});
  return out;
}

// bool squares as int64, as PyTorch (x * x of bools would stay bool).
Tensor square(const Tensor& x_in) {
  const Tensor x = detail::prepared(x_in, x_in.dtype() == DType::Bool ? DType::Int64 : x_in.dtype());
  Tensor out = map_same(x, math::Square{});
  if (detail::Recorder* rec = detail::Recorder::active()) {
    detail::record_map<false>(*rec, rec->read(x), out, math::Square{});
  }
  record_rule(out, {&x}, "Square", square_rule, {x});
  return out;
}

Tensor nan_to_num(const Tensor& x_in, double nan_value, std::optional<double> posinf,
                  std::optional<double> neginf) {
  const Tensor x = x_in.contiguous();
  if (!is_floating_point(x.dtype())) return clone(x);
  Tensor out = dispatch_floating(x.dtype(), "nan_to_num", [&](auto zero) {
    using T = decltype(zero);
    const T n = static_cast<T>(nan_value);
    const T p = posinf ? static_cast<T>(*posinf) : std::numeric_limits<T>::max();
    const T m = neginf ? static_cast<T>(*neginf) : std::numeric_limits<T>::lowest();
    return detail::unary_map<T>(x, [n, p, m](T v) {
      if (v != v) return n;
      if (v == std::numeric_limits<T>::infinity()) return p;
      if (v == -std::numeric_limits<T>::infinity()) return m;
      return v;
    });
  });
  record_rule(out, {&x}, "NanToNum", nan_to_num_rule, {x});
  return out;
}

}  // namespace tapegrad
