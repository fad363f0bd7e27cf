// softmax and log_softmax along one dimension, each one fused forward loop and one fused
// backward loop. The maximum of each slice is subtracted before exp, so no logit is too large;
// along a dimension other than the last, each pass runs over whole rows of `inner` elements.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;
using detail::Split;

// mx and sum: scratch of s.inner elements each.
template <class T>
void softmax_forward(const T* x, T* y, const Split& s, bool log, T* mx, T* sum) {
  const auto inner = static_cast<std::size_t>(s.inner);
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const T* xo = x + o * s.n * s.inner;
    T* yo = y + o * s.n * s.inner;
    std::fill(mx, mx + inner, -std::numeric_limits<T>::infinity());
    std::fill(sum, sum + inner, T(0));
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
// acc: scratch of s.inner elements.
template <class T>
void softmax_backward(const T* g, const T* y, T* dx, const Split& s, bool log, T* acc) {
  const auto inner = static_cast<std::size_t>(s.inner);
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const std::int64_t base = o * s.n * s.inner;
    std::fill(acc, acc + inner, T(0));
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
      std::vector<T> acc(static_cast<std::size_t>(s.inner));
      softmax_backward(g.data<T>(), yv.data<T>(), dx.data<T>(), s, log, acc.data());
      return dx;
    })};
  }
  // backward()'s loop on the plan's buffers, its scratch one of them.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    if (!grads[0].defined()) return;
    const Tensor yv = y.unpack(*this);
    const int ys = rec.read(yv);
    const int acc = rec.write(Tensor::empty(Shape{s.inner}, yv.dtype()));
    const int o = rec.write(grads[0]);
    const Split split = s;
    const bool is_log = log;
    rec.step([=](detail::Slot* slots) {
      TensorImpl& dx = detail::writable(slots[o]);
      dispatch_floating(dx.dtype, "softmax backward", [&](auto zero) {
        using T = decltype(zero);
        softmax_backward(static_cast<const T*>(slots[g].t->data), static_cast<const T*>(slots[ys].t->data),
                         static_cast<T*>(dx.data), split, is_log,
                         static_cast<T*>(detail::writable(slots[acc]).data));
      });
    });
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
    std::vector<T> scratch(2 * static_cast<std::size_t>(s.inner));
    softmax_forward(x.data<T>(), y.data<T>(), s, log, scratch.data(), scratch.data() + s.inner);
    return y;
  });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(x);
    const int scratch = rec->write(Tensor::empty(Shape{2 * s.inner}, x.dtype()));
    const int ys = rec->write(out);
    rec->step([=](detail::Slot* slots) {
      TensorImpl& y = detail::writable(slots[ys]);
      dispatch_floating(y.dtype, "softmax", [&](auto zero) {
        using T = decltype(zero);
        T* buffer = static_cast<T*>(detail::writable(slots[scratch]).data);
        softmax_forward(static_cast<const T*>(slots[xs].t->data), static_cast<T*>(y.data), s, log, buffer,
                        buffer + s.inner);
      });
    });
  }
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
