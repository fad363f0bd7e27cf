// Elementwise losses (mse, l1, smooth_l1, huber, binary cross-entropy, kl_div), each one tape
// node whatever the reduction: the mean and the sum are accumulated in double in the forward
// loop, and the backward scales each elementwise derivative by the incoming gradient.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "kernels/activation_math.hpp"
#include "ops/derivatives.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "plan/steps.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/losses.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::binary_map;
using detail::record;
using detail::should_record;

// Same shape (no silent broadcasting of a (n,) target against (n, 1) predictions), one
// floating-point dtype; not empty when averaged.
std::pair<Tensor, Tensor> checked_pair(const char* loss, const Tensor& input, const Tensor& target,
                                       Reduction reduction) {
  if (input.shape() != target.shape()) {
    throw std::invalid_argument(
        std::string(loss) + ": input shape " + input.shape().str() + " and target shape " +
        target.shape().str() +
        " differ (tapegrad does not broadcast a loss's target: reshape one of them so "
        "that both have the same shape)");
  }
  if (input.numel() == 0 && reduction == Reduction::Mean) {
    throw std::invalid_argument(std::string(loss) +
                                " of empty tensors is undefined (the mean of no elements)");
  }
  const DType dtype = floating_type(result_type(input, target));
  return {cast(input, dtype).contiguous(), cast(target, dtype).contiguous()};
}

template <class T>
T clamped_log(T v) {
  return std::max(std::log(v), T(-100));
}  // as PyTorch: log(0) counts as -100
// log(1 - p), clamped the same way; log1p keeps the tiny values of p that 1 - p would lose.
template <class T>
T clamped_log1m(T p) {
  return std::max(std::log1p(-p), T(-100));
}

// Each loss: its elementwise value f(x, t) here, its derivatives (dx, dt) in the derivative
// table (derivatives.hpp), where the same rule serves the fused loops and, on tensors, the
// recorded backward.
struct Mse : derivatives::MseLossGrad {
  template <class T>
  T f(T x, T t) const {
    return (x - t) * (x - t);
  }
};
struct L1 : derivatives::L1LossGrad {
  template <class T>
  T f(T x, T t) const {
    return std::fabs(x - t);
  }
};
// smooth_l1 (scale 1, quadratic 0.5 d^2 / beta below beta) and huber (delta * smooth_l1).
struct SmoothL1 : derivatives::SmoothL1LossGrad {
  template <class T>
  T f(T x, T t) const {
    const T d = std::fabs(x - t), b = static_cast<T>(beta);
    return static_cast<T>(scale) * (d < b ? T(0.5) * d * d / b : d - T(0.5) * b);
  }
};
struct Bce : derivatives::BceLossGrad {
  template <class T>
  T f(T p, T t) const {
    return -(t * clamped_log(p) + (T(1) - t) * clamped_log1m(p));
  }
};
struct BceLogits : derivatives::BceWithLogitsLossGrad {
  // max(x, 0) - x t + log(1 + exp(-|x|)), never overflowing, written as c * x with c = 1 - t or
  // -t so that an infinite logit gives the limit (inf, or 0 when c = 0) rather than inf - inf.
  template <class T>
  T f(T x, T t) const {
    const T c = x >= T(0) ? T(1) - t : -t;
    return (c == T(0) ? T(0) : c * x) + std::log1p(std::exp(-std::fabs(x)));
  }
};
// target * (log(target) - input), 0 where target is 0; with log_target, exp(t) * (t - input).
struct KlDiv : derivatives::KlDivLossGrad {
  template <class T>
  T f(T x, T t) const {
    if (log_target) return std::exp(t) * (t - x);
    return t > T(0) ? t * (std::log(t) - x) : T(0);
  }
};

template <class Kind>
struct PointwiseLossNode : Node {
  PointwiseLossNode(const char* label, const Tensor& x, const Tensor& t, Reduction r, Kind k)
      : Node(label), input(x), target(t), reduction(r), kind(k) {}
  Grads backward(Tensor g_in) override {
    const Tensor x = input.unpack(*this);
    const Tensor t = target.unpack(*this);
    Grads grads;
    dispatch_floating(x.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      const Kind k = kind;
      if (reduction == Reduction::None) {
        const Tensor g = g_in.contiguous();
        const T* gp = g.data<T>();
        const T* xp = x.data<T>();
        const T* tp = t.data<T>();
        for (int which = 0; which < 2; ++which) {
          if (!detail::needs_grad(*this, which)) continue;
          Tensor out = Tensor::empty(x.shape(), x.dtype());
          T* o = out.data<T>();
          for (std::int64_t i = 0, n = x.numel(); i < n; ++i)
            o[i] = gp[i] * (which == 0 ? k.dx(xp[i], tp[i]) : k.dt(xp[i], tp[i]));
          grads[static_cast<std::size_t>(which)] = out;
        }
        return;
      }
      double scale = g_in.item();
      if (reduction == Reduction::Mean) scale /= static_cast<double>(x.numel());
      const T s = static_cast<T>(scale);
      if (detail::needs_grad(*this, 0))
        grads[0] = binary_map<T>(x, t, [&](T a, T b) { return s * k.dx(a, b); });
      if (detail::needs_grad(*this, 1))
        grads[1] = binary_map<T>(x, t, [&](T a, T b) { return s * k.dt(a, b); });
    });
    return grads;
  }
  // The same rule on tensors (input and target unpack with their history).
  Grads backward_graph(Tensor g) override {
    const Tensor x = input.unpack(*this);
    const Tensor t = target.unpack(*this);
    const Tensor scale =
        reduction == Reduction::Mean ? affine(g, 1.0 / static_cast<double>(x.numel()), 0.0) : g;
    Grads grads;
    if (detail::needs_grad(*this, 0)) grads[0] = mul(scale, kind.dx(x, t));
    if (detail::needs_grad(*this, 1)) grads[1] = mul(scale, kind.dt(x, t));
    return grads;
  }
  void release_saved() noexcept override {
    input.reset();
    target.reset();
  }
  // backward()'s loops on the plan's buffers; the scale is read from g when the step runs.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const int xs = rec.read(input.unpack(*this)), ts = rec.read(target.unpack(*this));
    std::array<int, 2> out{-1, -1};
    for (std::size_t i = 0; i < 2; ++i) {
      if (grads[i].defined()) out[i] = rec.write(grads[i]);
    }
    const Reduction r = reduction;
    const Kind k = kind;
    rec.step([=](detail::Slot* s) {
      const TensorImpl &x = *s[xs].t, &t = *s[ts].t, &gt = *s[g].t;
      dispatch_floating(x.dtype, "loss backward", [&](auto zero) {
        using T = decltype(zero);
        const T* xp = static_cast<const T*>(x.data);
        const T* tp = static_cast<const T*>(t.data);
        const T* gp = static_cast<const T*>(gt.data);
        const std::int64_t n = x.shape.numel();
        double scale = static_cast<double>(gp[0]);
        if (r == Reduction::Mean) scale /= static_cast<double>(n);
        const T sc = static_cast<T>(scale);
        for (int which = 0; which < 2; ++which) {
          if (out[static_cast<std::size_t>(which)] < 0) continue;
          T* o = static_cast<T*>(detail::writable(s[out[static_cast<std::size_t>(which)]]).data);
          for (std::int64_t i = 0; i < n; ++i) {
            const T d = which == 0 ? k.dx(xp[i], tp[i]) : k.dt(xp[i], tp[i]);
            o[i] = r == Reduction::None ? gp[i] * d : sc * d;
          }
        }
      });
    });
  }
  SavedTensor input, target;
  Reduction reduction;
  Kind kind;
};

// The elementwise losses f(input, target) reduced by `reduction`, as one node.
template <class Kind>
Tensor pointwise_loss(const char* name, const char* node, const Tensor& input, const Tensor& target,
                      Reduction reduction, Kind kind) {
  Tensor out = dispatch_floating(input.dtype(), name, [&](auto zero) {
    using T = decltype(zero);
    if (reduction == Reduction::None)
      return binary_map<T>(input, target, [&](T x, T t) { return kind.f(x, t); });
    const T* x = input.data<T>();
    const T* t = target.data<T>();
    const std::int64_t n = input.numel();
    double acc = 0;
    for (std::int64_t i = 0; i < n; ++i) acc += static_cast<double>(kind.f(x[i], t[i]));
    if (reduction == Reduction::Mean) acc /= static_cast<double>(n);
    return Tensor::scalar(acc, input.dtype());
  });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(input), ts = rec->read(target), o = rec->write(out);
    rec->step([=](detail::Slot* s) {
      const TensorImpl &x = *s[xs].t, &t = *s[ts].t;
      TensorImpl& result = detail::writable(s[o]);
      dispatch_floating(x.dtype, name, [&](auto zero) {
        using T = decltype(zero);
        const T* xp = static_cast<const T*>(x.data);
        const T* tp = static_cast<const T*>(t.data);
        T* op = static_cast<T*>(result.data);
        const std::int64_t n = x.shape.numel();
        if (reduction == Reduction::None) {
          for (std::int64_t i = 0; i < n; ++i) op[i] = kind.f(xp[i], tp[i]);
          return;
        }
        double acc = 0;
        for (std::int64_t i = 0; i < n; ++i) acc += static_cast<double>(kind.f(xp[i], tp[i]));
        if (reduction == Reduction::Mean) acc /= static_cast<double>(n);
        op[0] = static_cast<T>(acc);
      });
    });
  }
  if (should_record({&input, &target})) {
    record<PointwiseLossNode<Kind>>(out, {&input, &target}, node, input, target, reduction, kind);
  }
  return out;
}

Tensor reduce(const Tensor& losses, Reduction reduction) {
  if (reduction == Reduction::Mean) return mean(losses);
  if (reduction == Reduction::Sum) return sum(losses);
  return losses;
}

// weight (a tensor that broadcasts to the loss's shape) times the elementwise losses, reduced.
Tensor weighted(const char* loss, const Tensor& losses, const Tensor& weight, Reduction reduction) {
  if (!broadcasts_to(weight.shape(), losses.shape())) {
    throw std::invalid_argument(std::string(loss) + ": weight of shape " + weight.shape().str() +
                                " does not broadcast to the input's shape " + losses.shape().str());
  }
  return reduce(mul(losses, weight), reduction);
}
}  // namespace

Tensor mse_loss(const Tensor& input_in, const Tensor& target_in, Reduction reduction) {
  const auto [input, target] = checked_pair("mse_loss", input_in, target_in, reduction);
  return pointwise_loss("mse_loss", "MseLoss", input, target, reduction, Mse{});
}

Tensor l1_loss(const Tensor& input_in, const Tensor& target_in, Reduction reduction) {
  const auto [input, target] = checked_pair("l1_loss", input_in, target_in, reduction);
  return pointwise_loss("l1_loss", "L1Loss", input, target, reduction, L1{});
}

Tensor smooth_l1_loss(const Tensor& input_in, const Tensor& target_in, Reduction reduction, double beta) {
  if (!(beta >= 0))
    throw std::invalid_argument("smooth_l1_loss: beta must be >= 0, got " + std::to_string(beta));
  if (beta == 0) return l1_loss(input_in, target_in, reduction);
  const auto [input, target] = checked_pair("smooth_l1_loss", input_in, target_in, reduction);
  return pointwise_loss("smooth_l1_loss", "SmoothL1Loss", input, target, reduction, SmoothL1{{beta, 1.0}});
}

Tensor huber_loss(const Tensor& input_in, const Tensor& target_in, Reduction reduction, double delta) {
  if (!(delta > 0))
    throw std::invalid_argument("huber_loss: delta must be > 0, got " + std::to_string(delta));
  const auto [input, target] = checked_pair("huber_loss", input_in, target_in, reduction);
  return pointwise_loss("huber_loss", "HuberLoss", input, target, reduction, SmoothL1{{delta, delta}});
}

Tensor binary_cross_entropy(const Tensor& input_in, const Tensor& target_in, const Tensor& weight,
                            Reduction reduction) {
  // Named references, not a structured binding: lambdas may not capture those before C++20 (clang).
  const Reduction inner = weight.defined() ? Reduction::None : reduction;
  const auto checked = checked_pair("binary_cross_entropy", input_in, target_in, reduction);
  const Tensor& input = checked.first;
  const Tensor& target = checked.second;
  const bool in_range = dispatch_floating(input.dtype(), "binary_cross_entropy", [&](auto zero) {
    using T = decltype(zero);
    const T* p = input.data<T>();
    return std::all_of(p, p + input.numel(), [](T v) { return v >= T(0) && v <= T(1); });
  });
  if (!in_range) {
    throw std::invalid_argument(
        "binary_cross_entropy: every input must be a probability in [0, 1] "
        "(for logits use binary_cross_entropy_with_logits)");
  }
  const Tensor losses =
      pointwise_loss("binary_cross_entropy", "BinaryCrossEntropy", input, target, inner, Bce{});
  return weight.defined() ? weighted("binary_cross_entropy", losses, weight, reduction) : losses;
}

Tensor binary_cross_entropy_with_logits(const Tensor& input_in, const Tensor& target_in, const Tensor& weight,
                                        const Tensor& pos_weight, Reduction reduction) {
  const char* name = "binary_cross_entropy_with_logits";
  const bool plain = !weight.defined() && !pos_weight.defined();
  const auto [input, target] = checked_pair(name, input_in, target_in, reduction);
  if (plain)
    return pointwise_loss(name, "BinaryCrossEntropyWithLogits", input, target, reduction, BceLogits{});
  Tensor losses;
  if (pos_weight.defined()) {
    if (!broadcasts_to(pos_weight.shape(), input.shape())) {
      throw std::invalid_argument(std::string(name) + ": pos_weight of shape " + pos_weight.shape().str() +
                                  " does not broadcast to the input's shape " + input.shape().str());
    }
    // (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x), with softplus(-x) the loss of -x
    // against a zero target.
    const Tensor softplus_neg =
        pointwise_loss(name, "BinaryCrossEntropyWithLogits", neg(input),
                       Tensor::zeros(input.shape(), input.dtype()), Reduction::None, BceLogits{});
    const Tensor log_weight =
        add(mul(affine(pos_weight, 1.0, -1.0), target), Tensor::scalar(1.0, input.dtype()));
    losses = add(mul(affine(target, -1.0, 1.0), input), mul(log_weight, softplus_neg));
  } else {
    losses =
        pointwise_loss(name, "BinaryCrossEntropyWithLogits", input, target, Reduction::None, BceLogits{});
  }
  return weight.defined() ? weighted(name, losses, weight, reduction) : reduce(losses, reduction);
}

Tensor kl_div(const Tensor& input_in, const Tensor& target_in, Reduction reduction, bool log_target) {
  const auto [input, target] = checked_pair("kl_div", input_in, target_in, reduction);
  return pointwise_loss("kl_div", "KlDiv", input, target, reduction, KlDiv{{log_target}});
}

}  // namespace tapegrad
