// Losses, each one tape node, averaged over all elements.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "kernels/activation_math.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::binary_map;
using detail::record;
using detail::should_record;

// Same shape (no silent broadcasting of a (n,) target against (n, 1) predictions), not empty,
// one dtype.
std::pair<Tensor, Tensor> checked_pair(const char* loss, const Tensor& input, const Tensor& target) {
  if (input.shape() != target.shape()) {
    throw std::invalid_argument(std::string(loss) + ": input shape " + input.shape().str() +
                                " and target shape " + target.shape().str() + " differ");
  }
  if (input.numel() == 0) throw std::invalid_argument(std::string(loss) + " of empty tensors is undefined");
  const DType dtype = floating_type(result_type(input, target));
  return {cast(input, dtype).contiguous(), cast(target, dtype).contiguous()};
}

// The mean of f(input_i, target_i), accumulated in double.
template <class F>
double mean_of(const Tensor& input, const Tensor& target, F f) {
  return dispatch_floating(input.dtype(), "loss", [&](auto zero) {
    using T = decltype(zero);
    const T* x = input.data<T>();
    const T* t = target.data<T>();
    const std::int64_t n = input.numel();
    double acc = 0;
    for (std::int64_t i = 0; i < n; ++i) acc += static_cast<double>(f(x[i], t[i]));
    return acc / static_cast<double>(n);
  });
}

// Gradients of a mean loss: d/dinput = g/n * f_x(x, t) and d/dtarget = g/n * f_t(x, t).
template <class FX, class FT>
Node::Grads loss_grads(const Node& node, const Tensor& g, const Tensor& input, const Tensor& target, FX fx,
                       FT ft) {
  const double scale = g.item() / static_cast<double>(input.numel());
  Node::Grads grads;
  dispatch_floating(input.dtype(), node.name(), [&](auto zero) {
    using T = decltype(zero);
    const T s = static_cast<T>(scale);
    if (detail::needs_grad(node, 0))
      grads[0] = binary_map<T>(input, target, [&](T x, T t) { return s * fx(x, t); });
    if (detail::needs_grad(node, 1))
      grads[1] = binary_map<T>(input, target, [&](T x, T t) { return s * ft(x, t); });
  });
  return grads;
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

struct MseNode : Node {
  MseNode(const Tensor& x, const Tensor& t) : Node("MseLoss"), input(x), target(t) {}
  Grads backward(Tensor g) override {
    return loss_grads(
        *this, g, input.unpack(*this), target.unpack(*this), [](auto x, auto t) { return 2 * (x - t); },
        [](auto x, auto t) { return 2 * (t - x); });
  }
  void release_saved() noexcept override {
    input.reset();
    target.reset();
  }
  SavedTensor input, target;
};

struct BceNode : Node {
  BceNode(const Tensor& p, const Tensor& t) : Node("BinaryCrossEntropy"), input(p), target(t) {}
  Grads backward(Tensor g) override {
    return loss_grads(
        *this, g, input.unpack(*this), target.unpack(*this),
        [](auto p, auto t) {
          using T = decltype(p);
          return (p - t) / std::max(p * (T(1) - p), T(1e-12));
        },
        [](auto p, auto) { return clamped_log1m(p) - clamped_log(p); });
  }
  void release_saved() noexcept override {
    input.reset();
    target.reset();
  }
  SavedTensor input, target;
};

struct BceLogitsNode : Node {
  BceLogitsNode(const Tensor& x, const Tensor& t)
      : Node("BinaryCrossEntropyWithLogits"), input(x), target(t) {}
  Grads backward(Tensor g) override {
    return loss_grads(
        *this, g, input.unpack(*this), target.unpack(*this),
        [](auto x, auto t) { return kernels::sigmoid(x) - t; }, [](auto x, auto) { return -x; });
  }
  void release_saved() noexcept override {
    input.reset();
    target.reset();
  }
  SavedTensor input, target;
};
}  // namespace

Tensor mse_loss(const Tensor& input_in, const Tensor& target_in) {
  const auto [input, target] = checked_pair("mse_loss", input_in, target_in);
  const double loss = mean_of(input, target, [](auto x, auto t) { return (x - t) * (x - t); });
  Tensor out = Tensor::scalar(loss, input.dtype());
  if (should_record({&input, &target})) record<MseNode>(out, {&input, &target}, input, target);
  return out;
}

Tensor binary_cross_entropy(const Tensor& input_in, const Tensor& target_in) {
  // Named references, not a structured binding: lambdas may not capture those before C++20 (clang).
  const auto checked = checked_pair("binary_cross_entropy", input_in, target_in);
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
  const double loss = mean_of(input, target, [](auto p, auto t) {
    using T = decltype(p);
    return -(t * clamped_log(p) + (T(1) - t) * clamped_log1m(p));
  });
  Tensor out = Tensor::scalar(loss, input.dtype());
  if (should_record({&input, &target})) record<BceNode>(out, {&input, &target}, input, target);
  return out;
}

Tensor binary_cross_entropy_with_logits(const Tensor& input_in, const Tensor& target_in) {
  const auto [input, target] = checked_pair("binary_cross_entropy_with_logits", input_in, target_in);
  // max(x, 0) - x t + log(1 + exp(-|x|)), never overflowing, written as c * x with c = 1 - t
  // or -t so that an infinite logit gives the limit (inf, or 0 when c = 0) rather than inf - inf.
  const double loss = mean_of(input, target, [](auto x, auto t) {
    using T = decltype(x);
    const T c = x >= T(0) ? T(1) - t : -t;
    return (c == T(0) ? T(0) : c * x) + std::log1p(std::exp(-std::fabs(x)));
  });
  Tensor out = Tensor::scalar(loss, input.dtype());
  if (should_record({&input, &target})) record<BceLogitsNode>(out, {&input, &target}, input, target);
  return out;
}

}  // namespace tapegrad
