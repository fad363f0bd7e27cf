// softmax and log_softmax along one dimension, each one fused forward loop and one fused
// backward loop. The maximum of each slice is subtracted before exp, so no logit is too large;
// along a dimension other than the last, each pass runs over whole rows of `inner` elements.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;
using detail::Split;

template <class T>
void softmax_forward(const T* x, T* y, const Split& s, bool log) {
  const auto inner = static_cast<std::size_t>(s.inner);
  std::vector<T> mx(inner), sum(inner);
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const T* xo = x + o * s.n * s.inner;
    T* yo = y + o * s.n * s.inner;
    std::fill(mx.begin(), mx.end(), -std::numeric_limits<T>::infinity());
    std::fill(sum.begin(), sum.end(), T(0));
    for (std::int64_t r = 0; r < s.n; ++r) {
      const T* xr = xo + r * s.inner;
      for (std::size_t i = 0; i < inner; ++i) mx[i] = detail::nan_max(mx[i], xr[i]);
    }
    // An all -inf slice gives -inf - -inf = NaN, as in PyTorch.
    for (std::int64_t r = 0; r < s.n; ++r) {
      const T* xr = xo + r * s.inner;
      T* yr = yo + r * s.inner;
      for (std::size_t i = 0; i < inner; ++i) {
        const T shifted = xr[i] - mx[i];
        const T e = std::exp(shifted);
        sum[i] += e;
        yr[i] = log ? shifted : e;
      }
    }
    for (std::size_t i = 0; i < inner; ++i) sum[i] = log ? std::log(sum[i]) : T(1) / sum[i];
    for (std::int64_t r = 0; r < s.n; ++r) {
      T* yr = yo + r * s.inner;
      if (log) {
        for (std::size_t i = 0; i < inner; ++i) yr[i] -= sum[i];
      } else {
        for (std::size_t i = 0; i < inner; ++i) yr[i] *= sum[i];
      }
    }
  }
}

// softmax: dx = y * (g - sum(g * y)); log_softmax: dx = g - exp(y) * sum(g).
template <class T>
void softmax_backward(const T* g, const T* y, T* dx, const Split& s, bool log) {
  const auto inner = static_cast<std::size_t>(s.inner);
  std::vector<T> acc(inner);
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const std::int64_t base = o * s.n * s.inner;
    std::fill(acc.begin(), acc.end(), T(0));
    for (std::int64_t r = 0; r < s.n; ++r) {
      const T* gr = g + base + r * s.inner;
      const T* yr = y + base + r * s.inner;
      if (log) {
        for (std::size_t i = 0; i < inner; ++i) acc[i] += gr[i];
      } else {
        for (std::size_t i = 0; i < inner; ++i) acc[i] += gr[i] * yr[i];
      }
    }
    for (std::int64_t r = 0; r < s.n; ++r) {
      const T* gr = g + base + r * s.inner;
      const T* yr = y + base + r * s.inner;
      T* dr = dx + base + r * s.inner;
      if (log) {
        for (std::size_t i = 0; i < inner; ++i) dr[i] = gr[i] - std::exp(yr[i]) * acc[i];
      } else {
        for (std::size_t i = 0; i < inner; ++i) dr[i] = yr[i] * (gr[i] - acc[i]);
      }
    }
  }
}

struct SoftmaxNode : Node {
  SoftmaxNode(const Tensor& y_, const Split& s_, bool log_, int dim_)
      : Node(log_ ? "LogSoftmaxBackward" : "SoftmaxBackward"), y(y_), s(s_), log(log_), dim(dim_) {}
  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    const Tensor yv = y.unpack(*this);
    return {dispatch_floating(yv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      Tensor dx = Tensor::empty(yv.shape(), yv.dtype());
      softmax_backward(g.data<T>(), yv.data<T>(), dx.data<T>(), s, log);
      return dx;
    })};
  }
  // The same rule with ops on the output (saved as such, so it unpacks with its history).
  Grads backward_graph(Tensor g) override {
    const Tensor yv = y.unpack(*this);
    const Dims along = yv.ndim() == 0 ? Dims() : Dims(dim);
    if (log) return {sub(g, mul(exp(yv), sum(g, along, true)))};
    return {mul(yv, sub(g, sum(mul(g, yv), along, true)))};
  }
  void release_saved() noexcept override { y.reset(); }
  SavedTensor y;
  Split s;
  bool log;
  int dim;
};

Tensor softmax_impl(const Tensor& x_in, int dim_in, std::optional<DType> dtype, bool log) {
  const char* name = log ? "log_softmax" : "softmax";
  const Tensor& converted = dtype ? cast(x_in, *dtype) : x_in;
  if (!is_floating_point(converted.dtype())) {
    throw type_error(std::string(name) + "(): not implemented for " + dtype_name(converted.dtype()) +
                     " tensors (pass dtype=tg.float64 or convert with .double() first)");
  }
  const Tensor x = converted.contiguous();
  const int dim = detail::normalize_dim(dim_in, x.ndim(), name);
  const Split s = detail::split_at(x.shape(), dim);
  Tensor out = dispatch_floating(x.dtype(), name, [&](auto zero) {
    using T = decltype(zero);
    Tensor y = Tensor::empty(x.shape(), x.dtype());
    softmax_forward(x.data<T>(), y.data<T>(), s, log);
    return y;
  });
  if (should_record({&x})) record<SoftmaxNode>(out, {&x}, out, s, log, dim);
  return out;
}
}  // namespace

Tensor softmax(const Tensor& x, int dim, std::optional<DType> dtype) {
  return softmax_impl(x, dim, dtype, false);
}
Tensor log_softmax(const Tensor& x, int dim, std::optional<DType> dtype) {
  return softmax_impl(x, dim, dtype, true);
}

}  // namespace tapegrad
