// Elementwise functions of two or three tensors: the min/max family, powers, the rounding
// divisions and remainders, atan2, hypot, lerp, clamp and where. Operands broadcast and promote
// as result_type(); the casts are on the tape, so each rule sees inputs of the output's dtype.
#include <cmath>
#include <limits>
#include <string>

#include "ops/pointwise_impl.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad {

namespace {
using detail::number;
using detail::prepared;
using detail::record_rule;
using detail::RuleArgs;
using detail::zip_same;
namespace math = detail::math;
using Grads = Node::Grads;

// a and b converted to one dtype and made contiguous.
struct Operands {
  Tensor a, b;
  DType dtype;
};
Operands promoted(const Tensor& a, const Tensor& b, DType dtype) {
  return {prepared(a, dtype), prepared(b, dtype), dtype};
}
Operands promoted(const Tensor& a, const Tensor& b) { return promoted(a, b, result_type(a, b)); }

Tensor zero(const Tensor& like) { return number(0.0, like); }

[[noreturn]] void throw_zero_division(const char* op) {
  // PyTorch raises RuntimeError("ZeroDivisionError") here: the same kind and word.
  throw std::runtime_error(std::string("ZeroDivisionError: ") + op +
                           " of integer tensors by zero (floating-point tensors give inf or nan)");
}

// Integer division by zero is an error (floating point gives inf or nan).
void check_divisor(const Tensor& b, const char* op) {
  if (is_floating_point(b.dtype())) return;
  dispatch(b.dtype(), [&](auto z) {
    using T = decltype(z);
    const T* p = b.data<T>();
    for (std::int64_t i = 0, n = b.numel(); i < n; ++i) {
      if (p[i] == T(0)) throw_zero_division(op);
    }
  });
}

// --- max and min: the gradient goes where the value came from, halved at ties ---
Grads maximum_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &a = r.saved[0], &b = r.saved[1];
  const Tensor split = where(eq(a, b), g * 0.5, g);
  return {where(lt(a, b), zero(g), split), where(gt(a, b), zero(g), split)};
}
Grads minimum_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &a = r.saved[0], &b = r.saved[1];
  const Tensor split = where(eq(a, b), g * 0.5, g);
  return {where(gt(a, b), zero(g), split), where(lt(a, b), zero(g), split)};
}
// fmax / fmin: all of it to a where a was taken (ties and a NaN b included).
Grads fmax_rule(const RuleArgs& r) {
  const Tensor took_a = logical_or(ge(r.saved[0], r.saved[1]), isnan(r.saved[1]));
  return {where(took_a, r.grad, zero(r.grad)), where(took_a, zero(r.grad), r.grad)};
}
Grads fmin_rule(const RuleArgs& r) {
  const Tensor took_a = logical_or(le(r.saved[0], r.saved[1]), isnan(r.saved[1]));
  return {where(took_a, r.grad, zero(r.grad)), where(took_a, zero(r.grad), r.grad)};
}

template <class F>
Tensor min_max(const Tensor& a_in, const Tensor& b_in, const char* node, detail::Rule rule) {
  const Operands o = promoted(a_in, b_in);
  Tensor out = zip_same(o.a, o.b, F{});
  record_rule(out, {&o.a, &o.b}, node, rule, {o.a, o.b});
  return out;
}

// --- powers ---
// d(b^e)/db = e * b^(e-1) (0 where e == 0), d(b^e)/de = b^e * log(b) (0 where b == 0 and e >= 0).
Grads pow_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &base = r.saved[0], &exponent = r.saved[1], &y = r.saved[2];
  Grads grads;
  if (r.needs[0]) {
    grads[0] = where(eq(exponent, zero(g)), zero(g), g * exponent * pow(base, exponent - 1.0));
  }
  if (r.needs[1]) {
    const Tensor flat = logical_and(eq(base, zero(g)), ge(exponent, zero(g)));
    grads[1] = g * where(flat, zero(g), y * log(base));
  }
  return grads;
}

// --- divisions and remainders ---
Grads zero_rule2(const RuleArgs& r) { return {detail::zeros_like(r.grad), detail::zeros_like(r.grad)}; }
Grads remainder_rule(const RuleArgs& r) {
  return {r.grad, neg(r.grad * floor_divide(r.saved[0], r.saved[1]))};
}
Grads fmod_rule(const RuleArgs& r) {
  return {r.grad, neg(r.grad * div(r.saved[0], r.saved[1], RoundingMode::Trunc))};
}

// A division-like op of every integer dtype and floating point (not bool, as PyTorch).
template <class F>
Tensor integer_division_op(const Tensor& a_in, const Tensor& b_in, const char* name, const char* node,
                           detail::Rule rule) {
  const Operands o = promoted(a_in, b_in);
  if (o.dtype == DType::Bool) throw_unsupported_dtype(name, o.dtype);
  check_divisor(o.b, name);
  Tensor out = zip_same(o.a, o.b, F{});
  record_rule(out, {&o.a, &o.b}, node, rule, {o.a, o.b});
  return out;
}

// --- atan2 and hypot ---
// d atan2(a, b) = (b da - a db) / (a^2 + b^2); 0 where a = b = 0 (PyTorch's).
Grads atan2_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &a = r.saved[0], &b = r.saved[1];
  const Tensor denominator = square(a) + square(b);
  const Tensor scale = where(eq(denominator, zero(g)), zero(g), g / denominator);
  return {scale * b, neg(scale * a)};
}
Grads hypot_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &y = r.saved[2];
  return {g * r.saved[0] / y, g * r.saved[1] / y};
}

// --- lerp ---
Grads lerp_scalar_rule(const RuleArgs& r) { return {r.grad * (1.0 - r.param[0]), r.grad * r.param[0]}; }
Grads lerp_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &start = r.saved[0], &end = r.saved[1], &weight = r.saved[2];
  return {g * (1.0 - weight), g * weight, g * (end - start)};
}
// PyTorch's formula: exact at both ends (weight 0 gives start, weight 1 gives end).
template <class T>
T lerp_value(T start, T end, T weight) {
  return std::fabs(weight) < T(0.5) ? start + weight * (end - start) : end - (end - start) * (T(1) - weight);
}

void check_lerp_dtype(const Tensor& start, const Tensor& other, const char* what) {
  if (other.dtype() != start.dtype()) {
    throw type_error(std::string("lerp: expected dtype ") + dtype_name(start.dtype()) + " for `" + what +
                     "` but got dtype " + dtype_name(other.dtype()) + " (convert it with .to(start.dtype))");
  }
}

// --- clamp ---
// The gradient of x is 1 inside [min, max] (bounds included); a tensor bound gets it where it
// was chosen: min where x < min < max, max where x > max or max < min (PyTorch's rules).
Grads clamp_scalar_rule(const RuleArgs& r) {
  const Tensor& x = r.saved[0];
  const Tensor inside = logical_and(ge(x, number(r.param[0], x)), le(x, number(r.param[1], x)));
  return {where(inside, r.grad, zero(r.grad))};
}
Grads clamp_min_rule(const RuleArgs& r) {
  const Tensor below = lt(r.saved[0], r.saved[1]);
  return {where(ge(r.saved[0], r.saved[1]), r.grad, zero(r.grad)), where(below, r.grad, zero(r.grad))};
}
Grads clamp_max_rule(const RuleArgs& r) {
  const Tensor above = gt(r.saved[0], r.saved[1]);
  return {where(le(r.saved[0], r.saved[1]), r.grad, zero(r.grad)), where(above, r.grad, zero(r.grad))};
}
Grads clamp_both_rule(const RuleArgs& r) {
  const Tensor &g = r.grad, &x = r.saved[0], &lo = r.saved[1], &hi = r.saved[2];
  const Tensor inside = logical_and(ge(x, lo), le(x, hi));
  const Tensor to_min = logical_and(lt(x, lo), lt(lo, hi));
  const Tensor to_max = logical_or(gt(x, hi), lt(hi, lo));
  return {where(inside, g, zero(g)), where(to_min, g, zero(g)), where(to_max, g, zero(g))};
}
// NaN anywhere gives NaN; ties keep v (so clamp(-0.0, min=0.0) is -0.0, as PyTorch).
template <class T>
T clamp_below(T v, T lo) {
  return (v < lo || math::isnan(lo)) ? lo : v;
}
template <class T>
T clamp_above(T v, T hi) {
  return (v > hi || math::isnan(hi)) ? hi : v;
}

// torch.result_type of up to three operands (promotion.cpp's rule: dimensioned tensors first,
// then 0-d tensors and then wrapped numbers, each only when of a higher kind).
int kind_of(DType d) { return d == DType::Bool ? 0 : (is_floating_point(d) ? 2 : 1); }
DType result_type3(const Tensor& a, const Tensor& b, const Tensor& c) {
  std::optional<DType> level[3];  // dimensioned, 0-d, wrapped
  for (const Tensor* t : {&a, &b, &c}) {
    if (!t->defined()) continue;
    const int i = t->impl()->wrapped_number ? 2 : (t->ndim() == 0 ? 1 : 0);
    level[i] = level[i] ? promote_types(*level[i], t->dtype()) : t->dtype();
  }
  std::optional<DType> result = level[2];
  for (int i = 1; i >= 0; --i) {
    if (!level[i]) continue;
    if (result && kind_of(*result) > kind_of(*level[i])) {
      result = promote_types(*level[i], *result);
    } else {
      result = level[i];
    }
  }
  return *result;
}

// --- where ---
Grads where_rule(const RuleArgs& r) {
  const Tensor& condition = r.saved[0];
  return {where(condition, r.grad, zero(r.grad)), where(condition, zero(r.grad), r.grad)};
}
}  // namespace

Tensor maximum(const Tensor& a, const Tensor& b) {
  return min_max<math::Maximum>(a, b, "Maximum", maximum_rule);
}
Tensor minimum(const Tensor& a, const Tensor& b) {
  return min_max<math::Minimum>(a, b, "Minimum", minimum_rule);
}
Tensor fmax(const Tensor& a, const Tensor& b) { return min_max<math::Fmax>(a, b, "Fmax", fmax_rule); }
Tensor fmin(const Tensor& a, const Tensor& b) { return min_max<math::Fmin>(a, b, "Fmin", fmin_rule); }

Tensor pow(const Tensor& base, const Tensor& exponent) {
  const Operands o = promoted(base, exponent);
  if (o.dtype == DType::Bool) throw_unsupported_dtype("pow", o.dtype);
  // A Python integer exponent (a wrapped number) below 0 cannot be an integer power; a tensor
  // exponent can (giving 0 unless the base is 1 or -1), as in PyTorch.
  if (!is_floating_point(o.dtype) && exponent.impl()->wrapped_number && exponent.item() < 0) {
    throw std::invalid_argument(
        "Integers to negative integer powers are not allowed (convert the base to floating point first: "
        "x.double() ** -1)");
  }
  Tensor out = zip_same(o.a, o.b, math::Pow{});
  record_rule(out, {&o.a, &o.b}, "Pow", pow_rule, {o.a, o.b, out});
  return out;
}

Tensor pow(double base, const Tensor& exponent) {
  Tensor b = Tensor::scalar(base, default_dtype());
  b.impl()->wrapped_number = true;
  return pow(b, exponent);
}

Tensor floor_divide(const Tensor& a, const Tensor& b) {
  return integer_division_op<math::FloorDivide>(a, b, "floor_divide", "FloorDivide", zero_rule2);
}
Tensor remainder(const Tensor& a, const Tensor& b) {
  return integer_division_op<math::Remainder>(a, b, "remainder", "Remainder", remainder_rule);
}
Tensor fmod(const Tensor& a, const Tensor& b) {
  return integer_division_op<math::Fmod>(a, b, "fmod", "Fmod", fmod_rule);
}

Tensor div(const Tensor& a, const Tensor& b, RoundingMode mode) {
  switch (mode) {
    case RoundingMode::Trunc:
      return integer_division_op<math::TruncDivide>(a, b, "div(rounding_mode='trunc')", "DivTrunc",
                                                    zero_rule2);
    case RoundingMode::Floor:
      return integer_division_op<math::FloorDivide>(a, b, "div(rounding_mode='floor')", "DivFloor",
                                                    zero_rule2);
    case RoundingMode::None: break;
  }
  return div(a, b);
}

Tensor atan2(const Tensor& a, const Tensor& b) {
  const Operands o = promoted(a, b, floating_type(result_type(a, b)));
  Tensor out = detail::zip_floating(o.a, o.b, "atan2", math::Atan2{});
  record_rule(out, {&o.a, &o.b}, "Atan2", atan2_rule, {o.a, o.b});
  return out;
}

Tensor hypot(const Tensor& a, const Tensor& b) {
  const Operands o = promoted(a, b);
  Tensor out = detail::zip_floating(o.a, o.b, "hypot", math::Hypot{});
  record_rule(out, {&o.a, &o.b}, "Hypot", hypot_rule, {o.a, o.b, out});
  return out;
}

namespace {
// alpha * b in the dtype of a + b, refusing a fractional alpha for integers (as PyTorch).
Tensor scaled(const Tensor& a, const Tensor& b, double alpha, const char* op) {
  const DType dtype = result_type(a, b);
  if (!is_floating_point(dtype) && alpha != std::trunc(alpha)) {
    throw std::invalid_argument(std::string(op) +
                                ": for integral input tensors, argument alpha must not be a floating point "
                                "number (got " +
                                std::to_string(alpha) + ")");
  }
  // A 0-d scale of the result dtype changes no dtype: a * alpha has the dtype of a + b.
  return mul(cast(b, dtype), Tensor::scalar(alpha, dtype));
}
}  // namespace

Tensor add(const Tensor& a, const Tensor& b, double alpha) {
  if (alpha == 1.0) return add(a, b);
  return add(a, scaled(a, b, alpha, "add"));
}

// PyTorch refuses a bool operand on either side (bool - int too), not only a bool result.
Tensor sub(const Tensor& a, const Tensor& b, double alpha) {
  if (a.dtype() == DType::Bool && b.dtype() == DType::Bool) {
    throw type_error(
        "subtracting bool tensors is not supported; use logical_xor() (or ^) to compare masks, or convert "
        "them to integers first");
  }
  if (a.dtype() == DType::Bool || b.dtype() == DType::Bool) {
    throw type_error(
        "subtracting a bool tensor is not supported; use logical_not() (or ~) to invert a mask, or convert "
        "it to an integer dtype first");
  }
  if (alpha == 1.0) return sub(a, b);
  return sub(a, scaled(a, b, alpha, "sub"));
}

Tensor lerp(const Tensor& start_in, const Tensor& end_in, double weight) {
  check_lerp_dtype(start_in, end_in, "end");
  if (!is_floating_point(start_in.dtype())) throw_unsupported_dtype("lerp", start_in.dtype());
  const Tensor start = start_in.contiguous(), end = end_in.contiguous();
  Tensor out = detail::zip_floating(start, end, "lerp", [weight](auto s, auto e) {
    using T = decltype(s);
    return lerp_value<T>(s, e, static_cast<T>(weight));
  });
  record_rule(out, {&start, &end}, "Lerp", lerp_scalar_rule, {}, {weight, 0.0});
  return out;
}

Tensor lerp(const Tensor& start_in, const Tensor& end_in, const Tensor& weight_in) {
  check_lerp_dtype(start_in, end_in, "end");
  check_lerp_dtype(start_in, weight_in, "weight");
  if (!is_floating_point(start_in.dtype())) throw_unsupported_dtype("lerp", start_in.dtype());
  const Tensor start = start_in.contiguous(), end = end_in.contiguous(), weight = weight_in.contiguous();
  Tensor out = dispatch_floating(start.dtype(), "lerp", [&](auto z) {
    using T = decltype(z);
    return detail::ternary_map<T, T, T, T>(start, end, weight,
                                           [](T s, T e, T w) { return lerp_value(s, e, w); });
  });
  record_rule(out, {&start, &end, &weight}, "Lerp", lerp_rule, {start, end, weight});
  return out;
}

Tensor clamp(const Tensor& x_in, std::optional<double> min, std::optional<double> max) {
  if (!min && !max) {
    throw std::invalid_argument("clamp: at least one of 'min' or 'max' must not be None");
  }
  // The bounds are floating-point numbers: an integer tensor is clamped in the default dtype
  // (pass integer bounds as tensors to keep it integer).
  const Tensor x = detail::floating(x_in);
  const double lo = min ? *min : -std::numeric_limits<double>::infinity();
  const double hi = max ? *max : std::numeric_limits<double>::infinity();
  Tensor out = dispatch_floating(x.dtype(), "clamp", [&](auto z) {
    using T = decltype(z);
    const T l = static_cast<T>(lo), h = static_cast<T>(hi);
    return detail::unary_map<T>(x, [l, h](T v) { return clamp_above(clamp_below(v, l), h); });
  });
  record_rule(out, {&x}, "Clamp", clamp_scalar_rule, {x}, {lo, hi});
  return out;
}

Tensor clamp(const Tensor& x_in, const Tensor& min_in, const Tensor& max_in) {
  if (!min_in.defined() && !max_in.defined()) {
    throw std::invalid_argument("clamp: at least one of 'min' or 'max' must not be None");
  }
  const DType dtype = result_type3(x_in, min_in, max_in);
  const Tensor x = prepared(x_in, dtype);
  if (!max_in.defined()) {
    const Tensor lo = prepared(min_in, dtype);
    Tensor out = zip_same(x, lo, [](auto v, auto l) { return clamp_below(v, l); });
    record_rule(out, {&x, &lo}, "ClampMin", clamp_min_rule, {x, lo});
    return out;
  }
  if (!min_in.defined()) {
    const Tensor hi = prepared(max_in, dtype);
    Tensor out = zip_same(x, hi, [](auto v, auto h) { return clamp_above(v, h); });
    record_rule(out, {&x, &hi}, "ClampMax", clamp_max_rule, {x, hi});
    return out;
  }
  const Tensor lo = prepared(min_in, dtype), hi = prepared(max_in, dtype);
  Tensor out = dispatch(dtype, [&](auto z) {
    using T = decltype(z);
    return detail::ternary_map<T, T, T, T>(x, lo, hi,
                                           [](T v, T l, T h) { return clamp_above(clamp_below(v, l), h); });
  });
  record_rule(out, {&x, &lo, &hi}, "Clamp", clamp_both_rule, {x, lo, hi});
  return out;
}

Tensor where(const Tensor& condition_in, const Tensor& a_in, const Tensor& b_in) {
  Tensor condition;
  if (condition_in.dtype() == DType::Bool) {
    condition = condition_in.contiguous();
  } else if (condition_in.dtype() == DType::UInt8) {  // PyTorch's legacy masks: non-zero is true
    condition = cast(condition_in, DType::Bool);
  } else {
    throw type_error(std::string("where expected condition to be a bool tensor, but got a tensor of dtype ") +
                     dtype_name(condition_in.dtype()) + " (compare it first: x != 0)");
  }
  const Operands o = promoted(a_in, b_in);
  Tensor out = dispatch(o.dtype, [&](auto z) {
    using T = decltype(z);
    return detail::ternary_map<bool, T, T, T>(condition, o.a, o.b,
                                              [](bool c, T x, T y) { return c ? x : y; });
  });
  record_rule(out, {&o.a, &o.b}, "Where", where_rule, {condition});
  return out;
}

}  // namespace tapegrad
