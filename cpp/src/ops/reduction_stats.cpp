// Reductions that need fractions: var, std (and with the mean), logsumexp, norm.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "ops/broadcast.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "ops/views.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/factories.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::binary_map;
using detail::expand_kept;
using detail::plan_reduction;
using detail::record;
using detail::reduce_pass;
using detail::reduce_runs;
using detail::ReducePlan;
using detail::should_record;
using detail::Split;
using detail::unary_map;

// The fold over `plan`'s dimensions of contiguous floating-point x: acc = fold(acc, value), in
// double, started at init; no tape.
template <class Fold>
Tensor fold_kept(const Tensor& x, const ReducePlan& plan, double init, Fold fold) {
  return reduce_runs(x, plan, x.dtype(), [&](const Tensor& in, Tensor& out, const Split& s, bool first) {
    dispatch_floating(x.dtype(), "reduction", [&](auto zero) {
      using T = decltype(zero);
      reduce_pass(
          in.data<T>(), out.data<T>(), s, init,
          [&](double a, T v) { return fold(a, static_cast<double>(v), first); },
          [](double a) { return static_cast<T>(a); });
    });
  });
}

Tensor sum_of(const Tensor& x, const ReducePlan& plan) {
  return fold_kept(x, plan, 0.0, [](double a, double v, bool) { return a + v; });
}

// An elementwise map of floating-point tensors.
template <class F>
Tensor map1(const Tensor& x, F f) {
  return dispatch_floating(x.dtype(), "reduction", [&](auto zero) {
    using T = decltype(zero);
    return unary_map<T>(x, [&](T v) { return static_cast<T>(f(v)); });
  });
}
template <class F>
Tensor map2(const Tensor& a, const Tensor& b, F f) {
  return dispatch_floating(a.dtype(), "reduction", [&](auto zero) {
    using T = decltype(zero);
    return binary_map<T>(a, b, [&](T u, T v) { return static_cast<T>(f(u, v)); });
  });
}

// a / b where b != 0, else 0, with ops whose derivatives stay finite where b = 0 (the unused
// branch divides by 1, so no 0 * inf reaches a gradient).
Tensor div_or_zero(const Tensor& a, const Tensor& b) {
  const Tensor zero = eq(b.detach(), zeros_like(b, b.dtype()));
  return where(zero, zeros_like(a), div(a, where(zero, ones_like(b), b)));
}

void require_floating(const Tensor& x, const char* op) {
  if (!is_floating_point(x.dtype())) {
    throw type_error(std::string(op) + "(): input dtype should be floating point, got " +
                     dtype_name(x.dtype()) + " (convert with .double() or .float() first)");
  }
}

// --- var and std ------------------------------------------------------------------------------

struct Moments {
  Tensor mean;  // kept shape
  Tensor var;   // kept shape
  double divisor;
};

Moments moments(const Tensor& x, const ReducePlan& plan, double correction) {
  const double count = static_cast<double>(plan.count);
  const Tensor mean = map1(sum_of(x, plan), [count](double s) { return s / count; });
  const Tensor squares = map2(x, mean, [](double v, double m) { return (v - m) * (v - m); });
  // The forward divides by max(0, N - correction) (inf or NaN when it is 0); the backward, as
  // PyTorch's, by N - correction itself.
  const double divisor = std::max(0.0, count - correction);
  const Tensor var = map1(sum_of(squares, plan), [divisor](double s) { return s / divisor; });
  return {mean, var, count - correction};
}

// d var / dx = 2 (x - mean) / divisor; std's gradient is var's times 1 / (2 std), 0 where std = 0.
struct VarNode : Node {
  VarNode(const char* label, const Tensor& x_, const Tensor& mean_, const Tensor& std_,
          const ReducePlan& plan_, double divisor_)
      : Node(label),
        x(x_),
        mean(mean_),
        std_dev(std_.defined() ? SavedTensor(std_) : SavedTensor()),
        plan(plan_),
        divisor(divisor_),
        is_std(std_.defined()) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    Tensor scale = detail::alias(g.contiguous(), plan.kept);
    if (is_std) {
      scale = map2(scale, detail::alias(std_dev.unpack(*this), plan.kept),
                   [](double gv, double s) { return s == 0 ? 0.0 : gv / (2 * s); });
    }
    const double d = divisor;
    const Tensor centered = map2(xv, mean.unpack(*this), [d](double v, double m) { return 2 * (v - m) / d; });
    return {map2(centered, scale, [](double c, double s) { return c * s; })};
  }
  // The same rule with ops: the mean is recomputed from x (the saved one has no history) and
  // std is the node's output (saved as such).
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    Tensor scale = expand_kept(g, plan.kept, plan.in);
    if (is_std) {
      const Tensor s = expand_kept(std_dev.unpack(*this), plan.kept, plan.in);
      scale = div_or_zero(scale, affine(s, 2.0, 0.0));
    }
    const Tensor m = affine(detail::sum_to(xv, plan.kept), 1.0 / static_cast<double>(plan.count), 0.0);
    return {mul(affine(sub(xv, m), 2.0 / divisor, 0.0), scale)};
  }
  void release_saved() noexcept override {
    x.reset();
    mean.reset();
    std_dev.reset();
  }
  SavedTensor x, mean, std_dev;
  ReducePlan plan;
  double divisor;
  bool is_std;
};

Tensor var_std(const Tensor& x_in, const Dims& dims, double correction, bool keepdim, bool take_root) {
  const char* name = take_root ? "std" : "var";
  if (!is_floating_point(x_in.dtype())) {
    throw type_error(std::string(name) + "(): std and var only support floating point dtypes, got " +
                     dtype_name(x_in.dtype()) + " (convert with .double() or .float() first)");
  }
  const Tensor x = x_in.contiguous();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, name);
  const Moments m = moments(x.detach(), plan, correction);
  const Tensor result = take_root ? map1(m.var, [](double v) { return std::sqrt(v); }) : m.var;
  Tensor out = detail::alias(result, plan.out);
  if (should_record({&x})) {
    // std saves the output itself: a recorded backward unpacks it with its history.
    record<VarNode>(out, {&x}, take_root ? "StdBackward" : "VarBackward", x, m.mean,
                    take_root ? out : Tensor(), plan, m.divisor);
  }
  return out;
}

// --- logsumexp --------------------------------------------------------------------------------

struct LogSumExpNode : Node {
  LogSumExpNode(const Tensor& x_, const Tensor& out_, const ReducePlan& plan_)
      : Node("LogsumexpBackward"), x(x_), result(out_), plan(plan_) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor w = map2(xv, detail::alias(result.unpack(*this), plan.kept),
                          [](double v, double r) { return std::exp(v - r); });
    return {map2(w, detail::alias(g.contiguous(), plan.kept), [](double a, double b) { return a * b; })};
  }
  // The same rule with ops on x and the node's output (saved as such).
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor r = expand_kept(result.unpack(*this), plan.kept, plan.in);
    return {mul(exp(sub(xv, r)), expand_kept(g, plan.kept, plan.in))};
  }
  void release_saved() noexcept override {
    x.reset();
    result.reset();
  }
  SavedTensor x, result;
  ReducePlan plan;
};

// --- norm ---------------------------------------------------------------------------------------

double sign(double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); }

struct NormNode : Node {
  NormNode(const Tensor& x_, const Tensor& norm_, const ReducePlan& plan_, double p_)
      : Node("NormBackward"), x(x_), result(norm_), plan(plan_), p(p_) {}
  Grads backward(Tensor g_in) override {
    const Tensor xv = x.unpack(*this);
    const Tensor g = detail::alias(g_in.contiguous(), plan.kept);
    if (p == 0) return {Tensor::zeros(xv.shape(), xv.dtype())};
    if (p == 1) return {map2(xv, g, [](double v, double gv) { return sign(v) * gv; })};
    const Tensor n = detail::alias(result.unpack(*this), plan.kept);
    if (std::isinf(p)) {  // the gradient is split evenly among the elements of largest (smallest) |x|
      const Tensor mask = map2(xv, n, [](double v, double m) { return std::fabs(v) == m ? 1.0 : 0.0; });
      const Tensor share = map2(g, sum_of(mask, plan), [](double gv, double c) { return gv / c; });
      const Tensor signed_mask = map2(xv, mask, [](double v, double m) { return sign(v) * m; });
      return {map2(signed_mask, share, [](double a, double b) { return a * b; })};
    }
    const double q = p;
    const Tensor scale =
        map2(g, n, [q](double gv, double m) { return m == 0 ? 0.0 : gv / std::pow(m, q - 1); });
    const Tensor dx = map1(xv, [q](double v) {
      if (v == 0) return 0.0;
      return q == 2 ? v : sign(v) * std::pow(std::fabs(v), q - 1);
    });
    return {map2(dx, scale, [](double a, double b) { return a * b; })};
  }
  // The same rule with ops on x and the node's output (saved as such). Masks (where |x| is the
  // largest, where x or the norm is 0) are constants; the branch a mask drops divides by 1 or
  // raises 1 to a power, so that its derivatives stay finite.
  Grads backward_graph(Tensor g_in) override {
    const Tensor xv = x.unpack(*this);
    const Tensor xd = xv.detach();
    const Tensor g = expand_kept(g_in, plan.kept, plan.in);
    if (p == 0) return {zeros_like(xd)};
    if (p == 1) return {mul(sign(xd), g)};
    const Tensor n = expand_kept(result.unpack(*this), plan.kept, plan.in);
    if (std::isinf(p)) {
      const Tensor mask =
          map2(xd, n.detach(), [](double v, double m) { return std::fabs(v) == m ? 1.0 : 0.0; });
      const Tensor count = expand_kept(sum_of(mask, plan), plan.kept, plan.in);
      return {div(mul(g, mul(sign(xd), mask)), count)};
    }
    const Tensor n_zero = eq(n.detach(), zeros_like(n, n.dtype()));
    const Tensor n_safe = where(n_zero, ones_like(n), n);
    const Tensor scale = where(n_zero, zeros_like(g), div(g, p == 2 ? n_safe : pow(n_safe, p - 1)));
    if (p == 2) return {mul(xv, scale)};
    const Tensor at_zero = eq(xd, zeros_like(xd));
    const Tensor magnitude = pow(where(at_zero, ones_like(xd), abs(xv)), p - 1);
    return {mul(where(at_zero, zeros_like(xd), mul(sign(xd), magnitude)), scale)};
  }
  void release_saved() noexcept override {
    x.reset();
    result.reset();
  }
  SavedTensor x, result;
  ReducePlan plan;
  double p;
};

}  // namespace

Tensor var(const Tensor& x, const Dims& dims, double correction, bool keepdim) {
  return var_std(x, dims, correction, keepdim, false);
}
Tensor std(const Tensor& x, const Dims& dims, double correction, bool keepdim) {
  return var_std(x, dims, correction, keepdim, true);
}
std::pair<Tensor, Tensor> var_mean(const Tensor& x, const Dims& dims, double correction, bool keepdim) {
  Tensor v = var_std(x, dims, correction, keepdim, false);
  return {v, mean(x, dims, keepdim)};
}
std::pair<Tensor, Tensor> std_mean(const Tensor& x, const Dims& dims, double correction, bool keepdim) {
  Tensor s = var_std(x, dims, correction, keepdim, true);
  return {s, mean(x, dims, keepdim)};
}

Tensor logsumexp(const Tensor& x_in, const Dims& dims, bool keepdim) {
  const Tensor x = cast(x_in, floating_type(x_in.dtype())).contiguous();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, "logsumexp");
  const Tensor xd = x.detach();
  // The maximum taken out (0 where it is infinite, so that an all -inf slice gives log(0) = -inf
  // and a +inf entry gives +inf, not inf - inf).
  const Tensor shift =
      map1(fold_kept(xd, plan, -std::numeric_limits<double>::infinity(),
                     [](double a, double v, bool) { return (v > a || std::isnan(v)) ? v : a; }),
           [](double m) { return std::isinf(m) ? 0.0 : m; });
  const Tensor sums = sum_of(map2(xd, shift, [](double v, double m) { return std::exp(v - m); }), plan);
  const Tensor result = map2(sums, shift, [](double s, double m) { return std::log(s) + m; });
  Tensor out = detail::alias(result, plan.out);
  if (should_record({&x})) record<LogSumExpNode>(out, {&x}, x, out, plan);
  return out;
}

Tensor norm(const Tensor& x_in, double p, const Dims& dims, bool keepdim, std::optional<DType> dtype) {
  const Tensor& converted = dtype ? cast(x_in, *dtype) : x_in;
  require_floating(converted, "norm");
  if (std::isnan(p)) throw std::invalid_argument("norm(): the order p must not be NaN");
  const Tensor x = converted.contiguous();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, "norm");
  const Tensor xd = x.detach();
  Tensor result;
  if (p == std::numeric_limits<double>::infinity()) {
    result = fold_kept(xd, plan, 0.0, [](double a, double v, bool first) {
      const double m = first ? std::fabs(v) : v;
      return (m > a || std::isnan(m)) ? m : a;
    });
  } else if (p == -std::numeric_limits<double>::infinity()) {
    result = fold_kept(xd, plan, std::numeric_limits<double>::infinity(), [](double a, double v, bool first) {
      const double m = first ? std::fabs(v) : v;
      return (m < a || std::isnan(m)) ? m : a;
    });
  } else if (p == 0) {
    result = sum_of(map1(xd, [](double v) { return v != 0 ? 1.0 : 0.0; }), plan);
  } else if (p == 1) {
    result = sum_of(map1(xd, [](double v) { return std::fabs(v); }), plan);
  } else if (p == 2) {
    result =
        map1(sum_of(map1(xd, [](double v) { return v * v; }), plan), [](double s) { return std::sqrt(s); });
  } else {
    result = map1(sum_of(map1(xd, [p](double v) { return std::pow(std::fabs(v), p); }), plan),
                  [p](double s) { return std::pow(s, 1.0 / p); });
  }
  Tensor out = detail::alias(result, plan.out);
  if (should_record({&x})) record<NormNode>(out, {&x}, x, out, plan, p);
  return out;
}

}  // namespace tapegrad
