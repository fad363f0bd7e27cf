// Cumulative sums and products along one dimension. Row by row: along a dimension other than
// the last, each output row is the previous output row combined with the input row (contiguous,
// vectorisable loops).
#include <cmath>
#include <string>

#include "ops/arith.hpp"
#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/factories.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"
#include "tapegrad/reduction.hpp"
#include "tapegrad/shape_ops.hpp"

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

// The running sum of g from the end of each slice, with ops.
Tensor reverse_cumsum(const Tensor& g, int dim) { return flip(cumsum(flip(g, {dim}), dim), {dim}); }

struct CumsumNode : Node {
  CumsumNode(const Split& s_, int dim_) : Node("CumsumBackward"), s(s_), dim(dim_) {}
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
  Grads backward_graph(Tensor g) override { return {g.ndim() == 0 ? g : reverse_cumsum(g, dim)}; }
  Split s;
  int dim;
};

// The gradient of a running product, exact with zeros: before a slice's first zero k it is
// sum_{j >= r} g_j y_j / x_r (the terms from k on are 0); at k it is the sum over j >= k of g_j
// times the product of x_0..x_j without x_k; after k it is 0.
struct CumprodNode : Node {
  CumprodNode(const Tensor& x_, const Tensor& y_, const Split& s_, int dim_)
      : Node("CumprodBackward"), x(x_), y(y_), s(s_), dim(dim_) {}
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
  // The same rule with ops. Without a zero in x: the running sum from the end of g * y, over x.
  // With one: dx_r = prod_{i<r} x_i * sum_{j>=r} g_j prod_{r<i<=j} x_i, the inner products read
  // from the cumprod of an (n, n) matrix per slice (O(n^2) memory; only for a recorded backward).
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    if (s.n == 0) return {zeros_like(xv.detach())};
    if (xv.ndim() == 0) return {g};  // y = x
    const bool has_zero = dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      const T* p = xv.data<T>();
      for (std::int64_t i = 0, n = xv.numel(); i < n; ++i) {
        if (p[i] == T(0)) return true;
      }
      return false;
    });
    if (!has_zero) return {div(reverse_cumsum(mul(g, y.unpack(*this)), dim), xv)};
    const int last = xv.ndim() - 1;
    const std::int64_t n = s.n;
    const Tensor xm = movedim(xv, {dim}, {last});
    const Tensor gm = movedim(g, {dim}, {last});
    std::vector<std::int64_t> one_shape(xm.shape().begin(), xm.shape().end());
    one_shape.back() = 1;
    const Tensor one = ones(Shape(one_shape.data(), static_cast<int>(one_shape.size())), xv.dtype());
    const Tensor before = cumprod(cat({one, narrow(xm, last, 0, n - 1)}, last), last);
    // after[r, i] = i > r; through[r, j] = j >= r.
    const Tensor cols = arange(std::int64_t{0}, n);
    const Tensor rows = unsqueeze(cols, 1);
    const Tensor after = gt(cols, rows), through = ge(cols, rows);
    const Tensor runs = cumprod(where(after, unsqueeze(xm, last), ones(Shape{}, xv.dtype())), last + 1);
    const Tensor terms = where(through, mul(runs, unsqueeze(gm, last)), zeros(Shape{}, xv.dtype()));
    return {movedim(mul(before, sum(terms, Dims(last + 1))), {last}, {dim})};
  }
  void release_saved() noexcept override {
    x.reset();
    y.reset();
  }
  SavedTensor x, y;
  Split s;
  int dim;
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
      record<CumprodNode>(out, {&x}, x, out, s, dim);
    } else {
      record<CumsumNode>(out, {&x}, s, dim);
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
