// Elementwise functions of one tensor. Each node saves what its derivative is cheapest from:
// the output for exp, tanh, sigmoid and relu, the input for pow and log.
#include <algorithm>
#include <cmath>

#include "kernels/activation_math.hpp"
#include "ops/derivatives.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "plan/steps.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::binary_map;
using detail::record;
using detail::should_record;
using detail::unary_map;

// A node whose backward is Derivative{}(grad, saved), a rule of the derivative table
// (ops/derivatives.hpp): one fused loop for backward(), the same rule built from ops (so it
// records) for backward_graph(). The saved output unpacks there with this node as its grad_fn,
// so the derivatives of exp, tanh, sigmoid and relu written through y are right to any order.
template <class Derivative>
struct UnaryNode : Node {
  UnaryNode(const char* name, const Tensor& saved_) : Node(name), saved(saved_) {}
  Grads backward(Tensor g) override {
    const Tensor s = saved.unpack(*this);
    return {dispatch_floating(g.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      return binary_map<T>(g, s, [](T gv, T v) { return Derivative{}(gv, v); });
    })};
  }
  Grads backward_graph(Tensor g) override { return {Derivative{}(g, saved.unpack(*this))}; }
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    detail::record_zip(rec, g, rec.read(saved.unpack(*this)), grads[0],
                       [](auto gv, auto v) { return Derivative{}(gv, v); });
  }
  void release_saved() noexcept override { saved.reset(); }
  SavedTensor saved;
};

using derivatives::ExpGrad;
using derivatives::LogGrad;
using derivatives::ReluGrad;
using derivatives::SigmoidGrad;
using derivatives::TanhGrad;

// y = f(x), recorded as UnaryNode<Derivative> saving the output (or the input).
// Integer and bool inputs compute in the default dtype (exp of an int tensor is a float tensor).
template <class Derivative, class F>
Tensor unary_op(const char* name, const Tensor& x_in, F f, bool save_output) {
  if (!is_floating_point(x_in.dtype()) || !x_in.is_contiguous()) {
    return unary_op<Derivative>(name, cast(x_in, floating_type(x_in.dtype())).contiguous(), f, save_output);
  }
  const Tensor& x = x_in;
  Tensor out = dispatch_floating(x.dtype(), name, [&](auto zero) {
    using T = decltype(zero);
    return unary_map<T>(x, [&f](T v) { return f(v); });
  });
  if (detail::Recorder* rec = detail::Recorder::active()) detail::record_map(*rec, rec->read(x), out, f);
  if (should_record({&x})) record<UnaryNode<Derivative>>(out, {&x}, name, save_output ? out : x);
  return out;
}

// Calls loop(f) with f(v) = v^p, using PyTorch's special cases of a number exponent, which
// differ from std::pow at the edges (v^0.5 is sqrt(v): NaN at -inf where std::pow gives +inf,
// and -0 at -0; v^-0.5 is 1/sqrt(v): -inf at -0) and in rounding. The backward uses the same
// cases for v^(p-1), as PyTorch's does.
template <class T, class Loop>
Tensor with_power(T p, Loop loop) {
  if (p == T(2)) return loop([](T v) { return v * v; });
  if (p == T(3)) return loop([](T v) { return v * v * v; });
  if (p == T(0.5)) return loop([](T v) { return std::sqrt(v); });
  if (p == T(-0.5)) return loop([](T v) { return T(1) / std::sqrt(v); });
  if (p == T(-1)) return loop([](T v) { return T(1) / v; });
  if (p == T(-2)) return loop([](T v) { return T(1) / (v * v); });
  return loop([p](T v) { return std::pow(v, p); });
}

// The derivative p x^(p-1) (derivatives::PowGrad), with x^(p-1) from the same special cases
// as the forward: a fused loop, or pow(x, p - 1) on the tape for backward_graph.
struct PowNode : Node {
  PowNode(const Tensor& x_, double p) : Node("Pow"), x(x_), exponent(p) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    return {dispatch_floating(xv.dtype(), "Pow backward", [&](auto zero) {
      using T = decltype(zero);
      const T p = static_cast<T>(exponent);
      // x^0 is constant: its gradient is 0 everywhere, also at x = 0 (not 0 * 0^-1 = nan).
      if (p == T(0)) return Tensor::zeros(xv.shape(), xv.dtype());
      const derivatives::PowGrad rule{exponent};
      return with_power<T>(p - T(1), [&](auto f) {
        return binary_map<T>(g, xv, [f, rule](T gv, T v) { return rule(gv, f(v)); });
      });
    })};
  }
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    // x^0 (with p rounded to the dtype, as backward() tests it) is constant: no history.
    const bool zero = xv.dtype() == DType::Float32 ? static_cast<float>(exponent) == 0.0f : exponent == 0.0;
    if (zero) return {Tensor::zeros(xv.shape(), xv.dtype())};
    return {derivatives::PowGrad{exponent}(g, pow(xv, exponent - 1.0))};
  }
  // backward()'s loop on the plan's buffers (x^0 has a zero gradient: a buffer of zeros).
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const int xs = rec.read(x.unpack(*this)), out = rec.write(grads[0]);
    const double exponent_ = exponent;
    rec.step([g, xs, out, exponent_](detail::Slot* s) {
      TensorImpl& o = detail::writable(s[out]);
      const TensorImpl &gt = *s[g].t, &xt = *s[xs].t;
      dispatch_floating(o.dtype, "Pow backward", [&](auto zero) {
        using T = decltype(zero);
        T* po = static_cast<T*>(o.data);
        const std::int64_t n = o.shape.numel();
        const T p = static_cast<T>(exponent_);
        if (p == T(0)) {
          std::fill(po, po + n, T(0));
          return;
        }
        const derivatives::PowGrad rule{exponent_};
        const T* pg = static_cast<const T*>(gt.data);
        const T* px = static_cast<const T*>(xt.data);
        with_power<T>(p - T(1), [&](auto f) {
          for (std::int64_t i = 0; i < n; ++i) po[i] = rule(pg[i], f(px[i]));
          return Tensor();
        });
      });
    });
  }
  void release_saved() noexcept override { x.reset(); }
  SavedTensor x;
  double exponent;
};
}  // namespace

Tensor exp(const Tensor& x) {
  return unary_op<ExpGrad>("Exp", x, [](auto v) { return std::exp(v); }, true);
}
Tensor log(const Tensor& x) {
  return unary_op<LogGrad>("Log", x, [](auto v) { return std::log(v); }, false);
}
Tensor tanh(const Tensor& x) {
  return unary_op<TanhGrad>("Tanh", x, [](auto v) { return std::tanh(v); }, true);
}
Tensor sigmoid(const Tensor& x) {
  return unary_op<SigmoidGrad>("Sigmoid", x, [](auto v) { return kernels::sigmoid(v); }, true);
}
// relu keeps an integer tensor's dtype (max(x, 0) needs no fractions), as PyTorch does.
Tensor relu(const Tensor& x) {
  if (!is_floating_point(x.dtype())) {
    if (x.dtype() == DType::Bool) throw_unsupported_dtype("relu", x.dtype());
    const Tensor xc = x.contiguous();
    return dispatch(xc.dtype(), [&](auto zero) {
      using T = decltype(zero);
      return unary_map<T>(xc, [](T v) { return v < T(0) ? T(0) : v; });
    });
  }
  return unary_op<ReluGrad>("Relu", x, [](auto v) { return kernels::relu(v); }, true);
}

Tensor pow(const Tensor& x_in, double exponent) {
  if (!is_floating_point(x_in.dtype()) || !x_in.is_contiguous()) {
    return pow(cast(x_in, floating_type(x_in.dtype())).contiguous(), exponent);
  }
  const Tensor& x = x_in;
  Tensor out = dispatch_floating(x.dtype(), "pow", [&](auto zero) {
    using T = decltype(zero);
    const T p = static_cast<T>(exponent);
    return with_power<T>(p, [&](auto f) { return unary_map<T>(x, f); });
  });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(x), o = rec->write(out);
    rec->step([xs, o, exponent](detail::Slot* s) {
      TensorImpl& ot = detail::writable(s[o]);
      const TensorImpl& xt = *s[xs].t;
      dispatch_floating(ot.dtype, "pow", [&](auto zero) {
        using T = decltype(zero);
        const T* px = static_cast<const T*>(xt.data);
        T* po = static_cast<T*>(ot.data);
        with_power<T>(static_cast<T>(exponent), [&](auto f) {
          for (std::int64_t i = 0, n = ot.shape.numel(); i < n; ++i) po[i] = f(px[i]);
          return Tensor();
        });
      });
    });
  }
  if (should_record({&x})) record<PowNode>(out, {&x}, x, exponent);
  return out;
}

}  // namespace tapegrad
