// Reductions that need fractions: var, std (and with the mean), logsumexp, norm.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"
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
      scale =
          map2(scale, std_dev.unpack(*this), [](double gv, double s) { return s == 0 ? 0.0 : gv / (2 * s); });
    }
    const double d = divisor;
    const Tensor centered = map2(xv, mean.unpack(*this), [d](double v, double m) { return 2 * (v - m) / d; });
    return {map2(centered, scale, [](double c, double s) { return c * s; })};
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
    record<VarNode>(out, {&x}, take_root ? "StdBackward" : "VarBackward", x, m.mean,
                    take_root ? result : Tensor(), plan, m.divisor);
  }
  return out;
}

// --- logsumexp --------------------------------------------------------------------------------

struct LogSumExpNode : Node {
  LogSumExpNode(const Tensor& x_, const Tensor& out_, const ReducePlan& plan_)
      : Node("LogsumexpBackward"), x(x_), result(out_), plan(plan_) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor w = map2(xv, result.unpack(*this), [](double v, double r) { return std::exp(v - r); });
    return {map2(w, detail::alias(g.contiguous(), plan.kept), [](double a, double b) { return a * b; })};
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
    const Tensor n = result.unpack(*this);
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
  if (should_record({&x})) record<LogSumExpNode>(out, {&x}, x, result, plan);
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
  if (should_record({&x})) record<NormNode>(out, {&x}, x, result, plan, p);
  return out;
}

}  // namespace tapegrad
