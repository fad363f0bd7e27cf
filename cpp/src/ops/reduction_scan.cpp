// Cumulative sums and products along one dimension. Row by row: along a dimension other than
// the last, each output row is the previous output row combined with the input row (contiguous,
// vectorisable loops).
#include <cmath>
#include <string>

#include "ops/arith.hpp"
#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;
using detail::Split;

// y[o, r, i] = combine(y[o, r - 1, i], x[o, r, i]); `reverse` scans from the end of each slice.
template <class T, class Combine>
void scan(const T* x, T* y, const Split& s, bool reverse, Combine combine) {
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const T* xo = x + o * s.n * s.inner;
    T* yo = y + o * s.n * s.inner;
    for (std::int64_t step = 0; step < s.n; ++step) {
      const std::int64_t r = reverse ? s.n - 1 - step : step;
      const T* xr = xo + r * s.inner;
      T* yr = yo + r * s.inner;
      if (step == 0) {
        for (std::int64_t i = 0; i < s.inner; ++i) yr[i] = xr[i];
      } else {
        const T* prev = yo + (reverse ? r + 1 : r - 1) * s.inner;
        for (std::int64_t i = 0; i < s.inner; ++i) yr[i] = combine(prev[i], xr[i]);
      }
    }
  }
}

struct CumsumNode : Node {
  explicit CumsumNode(const Split& s_) : Node("CumsumBackward"), s(s_) {}
  // The gradient of a running sum is the running sum of the gradient from the end.
  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    return {dispatch_floating(g.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      Tensor out = Tensor::empty(g.shape(), g.dtype());
      scan(g.data<T>(), out.data<T>(), s, true, [](T a, T b) { return a + b; });
      return out;
    })};
  }
  Split s;
};

// The gradient of a running product, exact with zeros: before a slice's first zero k it is
// sum_{j >= r} g_j y_j / x_r (the terms from k on are 0); at k it is the sum over j >= k of g_j
// times the product of x_0..x_j without x_k; after k it is 0.
struct CumprodNode : Node {
  CumprodNode(const Tensor& x_, const Tensor& y_, const Split& s_)
      : Node("CumprodBackward"), x(x_), y(y_), s(s_) {}
  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    const Tensor xv = x.unpack(*this);
    const Tensor yv = y.unpack(*this);
    return {dispatch_floating(g.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      Tensor out = Tensor::empty(g.shape(), g.dtype());
      for (std::int64_t o = 0; o < s.outer; ++o) {
        for (std::int64_t i = 0; i < s.inner; ++i) {
          const std::int64_t base = o * s.n * s.inner + i;
          auto at = [&](const Tensor& t, std::int64_t r) { return t.data<T>()[base + r * s.inner]; };
          T* op = out.data<T>() + base;
          std::int64_t k = 0;
          while (k < s.n && at(xv, k) != T(0)) ++k;
          T suffix(0);
          for (std::int64_t r = k - 1; r >= 0; --r) {
            suffix += at(g, r) * at(yv, r);
            op[r * s.inner] = suffix / at(xv, r);
          }
          if (k < s.n) {
            T run = k > 0 ? at(yv, k - 1) : T(1);
            T acc = at(g, k) * run;
            for (std::int64_t j = k + 1; j < s.n; ++j) {
              run *= at(xv, j);
              acc += at(g, j) * run;
            }
            op[k * s.inner] = acc;
            for (std::int64_t r = k + 1; r < s.n; ++r) op[r * s.inner] = T(0);
          }
        }
      }
      return out;
    })};
  }
  void release_saved() noexcept override {
    x.reset();
    y.reset();
  }
  SavedTensor x, y;
  Split s;
};

Tensor cumulative(const Tensor& x_in, int dim_in, std::optional<DType> dtype, bool product) {
  const char* name = product ? "cumprod" : "cumsum";
  const Tensor& converted = dtype ? cast(x_in, *dtype) : x_in;
  const Tensor x =
      cast(converted, is_floating_point(converted.dtype()) ? converted.dtype() : DType::Int64).contiguous();
  const int dim = detail::normalize_dim(dim_in, x.ndim(), name);
  const Split s = detail::split_at(x.shape(), dim);
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    if (product) {
      scan(x.data<T>(), out.data<T>(), s, false, [](T a, T b) { return detail::wrapping_mul(a, b); });
    } else {
      scan(x.data<T>(), out.data<T>(), s, false, [](T a, T b) { return detail::wrapping_add(a, b); });
    }
  });
  if (should_record({&x})) {
    if (product) {
      record<CumprodNode>(out, {&x}, x, out, s);
    } else {
      record<CumsumNode>(out, {&x}, s);
    }
  }
  return out;
}
}  // namespace

Tensor cumsum(const Tensor& x, int dim, std::optional<DType> dtype) {
  return cumulative(x, dim, dtype, false);
}
Tensor cumprod(const Tensor& x, int dim, std::optional<DType> dtype) {
  return cumulative(x, dim, dtype, true);
}

}  // namespace tapegrad
