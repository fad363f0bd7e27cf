// The activations of torch.nn.functional. Each is one struct: the value, one loop over the
// tensor, and the gradient g * f'(x), a rule of the derivative table (ops/derivatives.hpp) run
// as one fused loop by backward() (activations run on every layer of every step) and built from
// ops by backward_graph() (create_graph). softsign and tanhshrink are compositions of ops, as in
// PyTorch.
#include <cmath>
#include <string>

#include "convert.hpp"
#include "ops/derivatives.hpp"
#include "ops/pointwise_impl.hpp"
#include "plan/steps.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad {

namespace {
namespace math = detail::math;

// The node of an activation A: saves x; its backward is A::grad(g, x), one fused loop, and its
// recorded backward the same rule with T = Tensor.
template <class A>
struct ActivationNode : Node {
  ActivationNode(const char* node_name, const Tensor& x_, const A& a) : Node(node_name), x(x_), act(a) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor gc = g.contiguous();
    return {dispatch_floating(gc.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      const A a = act;
      return detail::binary_map<T>(gc, xv, [a](T gv, T v) { return a.grad(gv, v); });
    })};
  }
  Grads backward_graph(Tensor g) override { return {act.grad(g, x.unpack(*this))}; }
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const A a = act;
    detail::record_zip(rec, g, rec.read(x.unpack(*this)), grads[0],
                       [a](auto gv, auto v) { return a.grad(gv, v); });
  }
  void release_saved() noexcept override { x.reset(); }
  SavedTensor x;
  A act;
};

// y = A(x) for a floating-point x (type_error naming `name` otherwise, as PyTorch).
template <class A>
Tensor activation(const Tensor& x_in, const char* name, const char* node, const A& a) {
  if (!is_floating_point(x_in.dtype())) throw_unsupported_dtype(name, x_in.dtype());
  const Tensor x = x_in.contiguous();
  Tensor out = detail::map_floating(x, name, [a](auto v) { return a(v); });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    detail::record_map(*rec, rec->read(x), out, [a](auto v) { return a(v); });
  }
  if (detail::should_record({&x})) detail::record<ActivationNode<A>>(out, {&x}, node, x, a);
  return out;
}

// clamp(x, lo, hi), NaN kept; the gradient is 0 at and beyond the bounds, g inside and at NaN
// (PyTorch's loops disagree at NaN: its float64 vectorised loop gives 0, the others g).
struct Hardtanh {
  double lo, hi;
  template <class T>
  T operator()(T x) const {
    const T l = static_cast<T>(lo), h = static_cast<T>(hi);
    return x < l ? l : (x > h ? h : x);
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::HardtanhGrad{lo, hi}(g, x);
  }
};

struct LeakyRelu {
  double slope;
  template <class T>
  T operator()(T x) const {
    return x > T(0) ? x : x * static_cast<T>(slope);
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::LeakyReluGrad{slope}(g, x);
  }
};

// PyTorch's one kernel for elu, selu and celu: scale * x above 0, else
// alpha * scale * (exp(x * input_scale) - 1).
struct Elu {
  double alpha, scale, input_scale;
  template <class T>
  T operator()(T x) const {
    if (x <= T(0)) return std::expm1(x * static_cast<T>(input_scale)) * static_cast<T>(alpha * scale);
    return x * static_cast<T>(scale);
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::EluGrad{alpha, scale, input_scale}(g, x);
  }
};

// x * Phi(x), Phi the normal distribution's CDF, exact: 0.5 * erfc(-x / sqrt(2)), which keeps
// its relative accuracy in the left tail where PyTorch's 0.5 * (1 + erf(x / sqrt(2))) cancels.
struct Gelu {
  template <class T>
  T operator()(T x) const {
    return x * T(0.5) * std::erfc(-x * static_cast<T>(math::kSqrt1_2));
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::GeluGrad{}(g, x);
  }
};
// The tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
struct GeluTanh {
  template <class T>
  T operator()(T x) const {
    const T inner =
        static_cast<T>(math::kSqrt2OverPi) * (x + static_cast<T>(math::kGeluTanhCoefficient) * x * x * x);
    return T(0.5) * x * (T(1) + std::tanh(inner));
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::GeluTanhGrad{}(g, x);
  }
};

struct Silu {
  template <class T>
  T operator()(T x) const {
    return x / (T(1) + std::exp(-x));
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::SiluGrad{}(g, x);
  }
};

struct Mish {
  template <class T>
  T operator()(T x) const {
    return x * std::tanh(math::softplus(x));
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::MishGrad{}(g, x);
  }
};

// log(1 + exp(beta x)) / beta, x itself above the threshold. Written so that exp never
// overflows: finite for any x and threshold, where PyTorch's log1p(exp(beta x)) gives inf.
struct Softplus {
  double beta, threshold;
  template <class T>
  T operator()(T x) const {
    const T bx = x * static_cast<T>(beta);
    return bx > static_cast<T>(threshold) ? x : math::softplus(bx) / static_cast<T>(beta);
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::SoftplusGrad{beta, threshold}(g, x);
  }
};

// clamp(x + 3, 0, 6) / 6 with NaN kept; gradient 1/6 strictly inside (-3, 3).
struct Hardsigmoid {
  template <class T>
  T operator()(T x) const {
    const T v = x + T(3);
    return (v < T(0) ? T(0) : (v > T(6) ? T(6) : v)) / T(6);
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::HardsigmoidGrad{}(g, x);
  }
};

// x * clamp(x + 3, 0, 6) / 6; the gradient's cases are PyTorch's (0 at -3, 1 at 3, g at NaN).
struct Hardswish {
  template <class T>
  T operator()(T x) const {
    const T v = x + T(3);
    return x * (v < T(0) ? T(0) : (v > T(6) ? T(6) : v)) / T(6);
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::HardswishGrad{}(g, x);
  }
};

// min(x, 0) - log1p(exp(-|x|)): no overflow for any x.
struct Logsigmoid {
  template <class T>
  T operator()(T x) const {
    return (x < T(0) ? x : T(0)) - std::log1p(std::exp(-std::fabs(x)));
  }
  template <class T>
  T grad(const T& g, const T& x) const {
    return derivatives::LogsigmoidGrad{}(g, x);
  }
};

// hardtanh of integer tensors (relu6 and hardtanh keep them, as PyTorch): no gradient.
Tensor hardtanh_integer(const Tensor& x_in, double lo, double hi) {
  if (x_in.dtype() == DType::Bool) throw_unsupported_dtype("hardtanh", x_in.dtype());
  if (x_in.dtype() == DType::UInt8 && (lo < 0 || hi < 0)) {
    throw std::invalid_argument(
        "hardtanh: cannot do hardtanh on an unsigned type (uint8) with negative limits");
  }
  const Tensor x = x_in.contiguous();
  return detail::map_same(x, [lo, hi](auto v) {
    using T = decltype(v);
    // Bounds beyond the dtype saturate (hardtanh of uint8 with min_val=-1 clamps at 0).
    const T l = detail::convert<T>(lo), h = detail::convert<T>(hi);
    return v < l ? l : (v > h ? h : v);
  });
}
}  // namespace

Tensor hardtanh(const Tensor& x, double min_val, double max_val) {
  if (min_val > max_val) {
    throw std::invalid_argument("hardtanh: min_val cannot be greater than max_val (got " +
                                std::to_string(min_val) + " > " + std::to_string(max_val) + ")");
  }
  if (!is_floating_point(x.dtype())) return hardtanh_integer(x, min_val, max_val);
  return activation(x, "hardtanh", "Hardtanh", Hardtanh{min_val, max_val});
}

Tensor relu6(const Tensor& x) {
  if (!is_floating_point(x.dtype())) return hardtanh_integer(x, 0.0, 6.0);
  return activation(x, "relu6", "Relu6", Hardtanh{0.0, 6.0});
}

Tensor leaky_relu(const Tensor& x, double negative_slope) {
  return activation(x, "leaky_relu", "LeakyRelu", LeakyRelu{negative_slope});
}

Tensor elu(const Tensor& x, double alpha) { return activation(x, "elu", "Elu", Elu{alpha, 1.0, 1.0}); }

Tensor selu(const Tensor& x) {
  return activation(x, "selu", "Selu", Elu{math::kSeluAlpha, math::kSeluScale, 1.0});
}

Tensor celu(const Tensor& x, double alpha) {
  if (alpha == 0.0) throw std::runtime_error("ZeroDivisionError: alpha cannot be 0 for CELU");
  return activation(x, "celu", "Celu", Elu{alpha, 1.0, 1.0 / alpha});
}

Tensor gelu(const Tensor& x, GeluApproximate approximate) {
  if (approximate == GeluApproximate::Tanh) return activation(x, "gelu", "GeluTanh", GeluTanh{});
  return activation(x, "gelu", "Gelu", Gelu{});
}

Tensor silu(const Tensor& x) { return activation(x, "silu", "Silu", Silu{}); }
Tensor mish(const Tensor& x) { return activation(x, "mish", "Mish", Mish{}); }

Tensor softplus(const Tensor& x, double beta, double threshold) {
  return activation(x, "softplus", "Softplus", Softplus{beta, threshold});
}

Tensor hardsigmoid(const Tensor& x) { return activation(x, "hardsigmoid", "Hardsigmoid", Hardsigmoid{}); }
Tensor hardswish(const Tensor& x) { return activation(x, "hardswish", "Hardswish", Hardswish{}); }
Tensor logsigmoid(const Tensor& x) { return activation(x, "logsigmoid", "Logsigmoid", Logsigmoid{}); }

// As torch.nn.functional: input / (input.abs() + 1) and input - input.tanh().
Tensor softsign(const Tensor& x) { return div(x, abs(x) + 1.0); }
Tensor tanhshrink(const Tensor& x) { return sub(x, tanh(x)); }

}  // namespace tapegrad
