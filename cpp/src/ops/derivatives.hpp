#pragma once
// The derivative table of the elementwise activations and losses: each rule is written ONCE, as a functor
// generic in T, and serves two callers:
//   * T = float or double: the fused backward loops (UnaryNode, PowNode, ActivationNode in
//     ops/unary.cpp and ops/activations.cpp, and the dense layer's epilogue in
//     kernels/dense_grad.cpp). The helpers below are then plain inline scalar code, so a rule
//     compiles to the same loop as a hand-written one.
//   * T = Tensor: the same rule built from tapegrad ops, so it records (backward_graph, used by
//     create_graph=True): the second derivative is the derivative of this very expression.
//
// A rule is `Rule{params...}(g, v)`: g the incoming gradient, v what the node saved (the input x,
// or the output y where the derivative is cheapest from it). Derivatives written through the
// output (exp, tanh, sigmoid, relu) are right to any order only because the node's backward_graph
// unpacks its saved output WITH its history (the output's grad_fn is the node itself).
//
// Masks are selects, never multiplications by a 0/1 mask: a select keeps an inf or NaN gradient
// out of where it is blocked (0 * inf is NaN), as PyTorch's threshold_backward does.
#include <algorithm>
#include <cmath>
#include <optional>
#include <type_traits>

#include "kernels/activation_math.hpp"
#include "ops/pointwise_kernels.hpp"
#include "tapegrad/activation.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad::derivatives {

// ---- the vocabulary: each word has a scalar meaning and a Tensor (recording) meaning ----

template <class T>
using if_scalar = std::enable_if_t<std::is_floating_point_v<T>, int>;

// A number in T's arithmetic: T itself for scalars (float stays float), a double for a Tensor
// (tensor-number ops keep the tensor's dtype).
template <class T>
using Num = std::conditional_t<std::is_floating_point_v<T>, T, double>;
template <class T>
constexpr Num<T> num(double v) {
  return static_cast<Num<T>>(v);
}

template <class T, if_scalar<T> = 0>
inline T zero_like(T) {
  return T(0);
}
inline Tensor zero_like(const Tensor& like) { return Tensor::scalar(0.0, like.dtype()); }

// cond ? a : b. For tensors torch.where: its gradient is a select too, so blocked elements stay 0.
template <class T, if_scalar<T> = 0>
inline T select(bool cond, T a, T b) {
  return cond ? a : b;
}
inline Tensor select(const Tensor& cond, const Tensor& a, const Tensor& b) { return where(cond, a, b); }

// Comparisons with a number (the number rounded to T first, as the scalar loop compares). NaN
// compares false, so each rule's NaN case reads off its selects.
template <class T, if_scalar<T> = 0>
inline bool below(T x, double v) {
  return x < static_cast<T>(v);
}
template <class T, if_scalar<T> = 0>
inline bool at_most(T x, double v) {
  return x <= static_cast<T>(v);
}
template <class T, if_scalar<T> = 0>
inline bool above(T x, double v) {
  return x > static_cast<T>(v);
}
template <class T, if_scalar<T> = 0>
inline bool at_least(T x, double v) {
  return x >= static_cast<T>(v);
}
inline Tensor below(const Tensor& x, double v) { return lt(x, Tensor::scalar(v, x.dtype())); }
inline Tensor at_most(const Tensor& x, double v) { return le(x, Tensor::scalar(v, x.dtype())); }
inline Tensor above(const Tensor& x, double v) { return gt(x, Tensor::scalar(v, x.dtype())); }
inline Tensor at_least(const Tensor& x, double v) { return ge(x, Tensor::scalar(v, x.dtype())); }

// Functions: std:: for scalars; for a Tensor, argument-dependent lookup finds tapegrad's op of
// the same name (tapegrad::exp, tanh, erfc, abs, sigmoid, softplus), which records.
template <class T, if_scalar<T> = 0>
inline T exp(T x) {
  return std::exp(x);
}
template <class T, if_scalar<T> = 0>
inline T tanh(T x) {
  return std::tanh(x);
}
template <class T, if_scalar<T> = 0>
inline T erfc(T x) {
  return std::erfc(x);
}
template <class T, if_scalar<T> = 0>
inline T abs(T x) {
  return std::fabs(x);
}
template <class T, if_scalar<T> = 0>
inline T sigmoid(T x) {
  return kernels::sigmoid(x);
}
// 1 / (1 + exp(-x)) as silu's forward computes it: one exp, no branch (exp(-x) = inf gives 0,
// right). For a Tensor the stable sigmoid op instead: differentiating 1 / (1 + exp(-x)) on the
// tape would multiply a zero gradient by exp(-x) = inf (NaN) in the recorded rule.
template <class T, if_scalar<T> = 0>
inline T logistic(T x) {
  return T(1) / (T(1) + std::exp(-x));
}
inline Tensor logistic(const Tensor& x) { return tapegrad::sigmoid(x); }
// log(1 + exp(x)); the Tensor op (threshold 20: x itself above) is what PyTorch's mish
// derivative uses too.
template <class T, if_scalar<T> = 0>
inline T softplus(T x) {
  return detail::math::softplus(x);
}

template <class T, if_scalar<T> = 0>
inline T log(T x) {
  return std::log(x);
}
template <class T, if_scalar<T> = 0>
inline T log1p(T x) {
  return std::log1p(x);
}
// -1, 0 or 1, and 0 for NaN (tapegrad::sign's values).
template <class T, if_scalar<T> = 0>
inline T sign(T x) {
  return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
}
// max(x, v), NaN kept: clamp from below.
template <class T, if_scalar<T> = 0>
inline T max_with(T x, double v) {
  return std::max(x, static_cast<T>(v));
}
inline Tensor max_with(const Tensor& x, double v) { return clamp(x, v, std::nullopt); }

// ---- the table: d f / d x times g ----

// exp: through the output y = exp(x).
struct ExpGrad {
  template <class T>
  T operator()(const T& g, const T& y) const {
    return g * y;
  }
};
// log: through the input.
struct LogGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    return g / x;
  }
};
// tanh: 1 - y^2 through the output.
struct TanhGrad {
  template <class T>
  T operator()(const T& g, const T& y) const {
    return g * (num<T>(1) - y * y);
  }
};
// sigmoid: y (1 - y) through the output.
struct SigmoidGrad {
  template <class T>
  T operator()(const T& g, const T& y) const {
    return g * y * (num<T>(1) - y);
  }
};
// relu through the output: blocked where y <= 0, g elsewhere (NaN passes g, as in PyTorch).
struct ReluGrad {
  template <class T>
  T operator()(const T& g, const T& y) const {
    return select(at_most(y, 0.0), zero_like(g), g);
  }
};
// identity (the dense layer without an activation).
struct IdentityGrad {
  template <class T>
  T operator()(const T& g, const T&) const {
    return g;
  }
};
// x^p: p x^(p-1). The caller passes x^(p-1) (the scalar loop with PyTorch's special cases of
// the exponent, the Tensor path as pow(x, p - 1), which has the same cases and records).
struct PowGrad {
  double p;
  template <class T>
  T operator()(const T& g, const T& x_pow_p_minus_1) const {
    return g * (num<T>(p) * x_pow_p_minus_1);
  }
};

// hardtanh / relu6: 0 at and beyond the bounds, g inside and at NaN.
struct HardtanhGrad {
  double lo, hi;
  template <class T>
  T operator()(const T& g, const T& x) const {
    return select(at_most(x, lo), zero_like(g), select(at_least(x, hi), zero_like(g), g));
  }
};
struct LeakyReluGrad {
  double slope;
  template <class T>
  T operator()(const T& g, const T& x) const {
    return select(above(x, 0.0), g, g * num<T>(slope));
  }
};
// elu / selu / celu (PyTorch's one kernel): scale above 0, input_scale alpha scale
// exp(x input_scale) at and below. The exponent is taken at min(x, 0) so the branch not
// selected cannot overflow to inf (its zero gradient times inf would be NaN in the recorded rule).
struct EluGrad {
  double alpha, scale, input_scale;
  template <class T>
  T operator()(const T& g, const T& x) const {
    const T x_neg = select(at_most(x, 0.0), x, zero_like(x));
    return select(at_most(x, 0.0), g * num<T>(input_scale * alpha * scale) * exp(x_neg * num<T>(input_scale)),
                  g * num<T>(scale));
  }
};
// gelu, exact: Phi(x) + x phi(x).
struct GeluGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    const T cdf = num<T>(0.5) * erfc(x * num<T>(-detail::math::kSqrt1_2));
    const T pdf = exp(num<T>(-0.5) * x * x) * num<T>(detail::math::kInvSqrt2Pi);
    return g * (cdf + x * pdf);
  }
};
// gelu, tanh approximation: d/dx of 0.5 x (1 + tanh(beta (x + kappa x^3))).
struct GeluTanhGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    const double beta = detail::math::kSqrt2OverPi, kappa = detail::math::kGeluTanhCoefficient;
    const T x_sq = x * x;
    const T t = tanh((x + num<T>(kappa) * x_sq * x) * num<T>(beta));
    const T left = num<T>(0.5) * x;
    const T right = num<T>(1) + t;
    return g * (num<T>(0.5) * right +
                left * (num<T>(1) - t * t) * num<T>(beta) * (num<T>(1) + num<T>(3 * kappa) * x_sq));
  }
};
// silu: s (1 + x (1 - s)), s = sigmoid(x).
struct SiluGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    const T s = logistic(x);
    return g * s * (num<T>(1) + x * (num<T>(1) - s));
  }
};
// mish: t + x s (1 - t^2), t = tanh(softplus(x)), s = sigmoid(x).
struct MishGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    const T s = sigmoid(x);
    const T t = tanh(softplus(x));
    return g * (t + x * s * (num<T>(1) - t * t));
  }
};
// softplus(beta, threshold): sigmoid(beta x), 1 above the threshold.
struct SoftplusGrad {
  double beta, threshold;
  template <class T>
  T operator()(const T& g, const T& x) const {
    const T bx = x * num<T>(beta);
    return select(above(bx, threshold), g, g * sigmoid(bx));
  }
};
// hardsigmoid: 1/6 strictly inside (-3, 3), 0 elsewhere and at NaN.
struct HardsigmoidGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    return select(above(x, -3.0), select(below(x, 3.0), g / num<T>(6), zero_like(g)), zero_like(g));
  }
};
// hardswish: PyTorch's cases (0 at and below -3, x/3 + 1/2 inside, 1 from 3 on and at NaN).
struct HardswishGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    return select(at_most(x, -3.0), zero_like(g),
                  select(below(x, 3.0), g * (x / num<T>(3) + num<T>(0.5)), g));
  }
};
// logsigmoid: sigmoid(-x), from z = exp(-|x|) (no overflow).
struct LogsigmoidGrad {
  template <class T>
  T operator()(const T& g, const T& x) const {
    const T z = exp(-abs(x));
    const T r = z / (num<T>(1) + z);
    return select(below(x, 0.0), g * (num<T>(1) - r), g * r);
  }
};

// The dense layer's activation, through its output: the one switch on Activation for
// derivatives (inlined with a constant `act` in the fused epilogue).
template <class T>
inline T activation_grad(Activation act, const T& g, const T& y) {
  switch (act) {
    case Activation::Sigmoid: return SigmoidGrad{}(g, y);
    case Activation::Tanh: return TanhGrad{}(g, y);
    case Activation::Relu: return ReluGrad{}(g, y);
    case Activation::Identity: break;
  }
  return IdentityGrad{}(g, y);
}

// ---- the elementwise losses (loss.cpp): d f(x, t) / dx and d f(x, t) / dt, the incoming
// gradient applied by the node. x is the input (a probability p for bce, a logit for
// bce_with_logits, a log-probability for kl_div), t the target.

// (x - t)^2
struct MseLossGrad {
  template <class T>
  T dx(const T& x, const T& t) const {
    return num<T>(2) * (x - t);
  }
  template <class T>
  T dt(const T& x, const T& t) const {
    return num<T>(2) * (t - x);
  }
};
// |x - t|: the sign, 0 at x == t.
struct L1LossGrad {
  template <class T>
  T dx(const T& x, const T& t) const {
    return sign(x - t);
  }
  template <class T>
  T dt(const T& x, const T& t) const {
    return -sign(x - t);
  }
};
// smooth_l1 (scale 1) and huber (scale delta): d / beta inside |d| < beta, the sign outside.
struct SmoothL1LossGrad {
  double beta, scale;
  template <class T>
  T dx(const T& x, const T& t) const {
    const T d = x - t;
    return num<T>(scale) * select(below(abs(d), beta), d / num<T>(beta), sign(d));
  }
  template <class T>
  T dt(const T& x, const T& t) const {
    return -dx(x, t);
  }
};
// -(t log p + (1 - t) log(1 - p)), the logarithms clamped at -100 and p (1 - p) at 1e-12, as
// PyTorch's.
struct BceLossGrad {
  template <class T>
  T dx(const T& p, const T& t) const {
    return (p - t) / max_with(p * (num<T>(1) - p), 1e-12);
  }
  template <class T>
  T dt(const T& p, const T&) const {
    return max_with(log1p(-p), -100.0) - max_with(log(p), -100.0);
  }
};
// max(x, 0) - x t + log(1 + exp(-|x|)).
struct BceWithLogitsLossGrad {
  template <class T>
  T dx(const T& x, const T& t) const {
    return sigmoid(x) - t;
  }
  template <class T>
  T dt(const T& x, const T&) const {
    return -x;
  }
};
// t (log t - x), 0 where t is 0; with log_target, exp(t) (t - x).
struct KlDivLossGrad {
  bool log_target;
  template <class T>
  T dx(const T&, const T& t) const {
    return log_target ? -exp(t) : -t;
  }
  template <class T>
  T dt(const T& x, const T& t) const {
    return log_target ? exp(t) * (t - x + num<T>(1)) : log(t) + num<T>(1) - x;
  }
};

}  // namespace tapegrad::derivatives
