#include "tapegrad/comparison.hpp"

#include <cmath>
#include <string>
#include <type_traits>

#include "ops/elementwise_kernels.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
// f(a, b) elementwise in the operands' promoted dtype, into a bool tensor.
template <class F>
Tensor compare(const Tensor& a_in, const Tensor& b_in, F f) {
  const DType dtype = result_type(a_in, b_in);
  NoGradGuard no_grad;  // the casts need no history: comparisons have no gradient
  const Tensor a = cast(a_in, dtype).contiguous(), b = cast(b_in, dtype).contiguous();
  return dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    return detail::binary_map<T, bool>(a, b, [&f](T x, T y) { return f(x, y); });
  });
}
}  // namespace

Tensor eq(const Tensor& a, const Tensor& b) {
  return compare(a, b, [](auto x, auto y) { return x == y; });
}
Tensor ne(const Tensor& a, const Tensor& b) {
  return compare(a, b, [](auto x, auto y) { return x != y; });
}
Tensor lt(const Tensor& a, const Tensor& b) {
  return compare(a, b, [](auto x, auto y) { return x < y; });
}
Tensor le(const Tensor& a, const Tensor& b) {
  return compare(a, b, [](auto x, auto y) { return x <= y; });
}
Tensor gt(const Tensor& a, const Tensor& b) {
  return compare(a, b, [](auto x, auto y) { return x > y; });
}
Tensor ge(const Tensor& a, const Tensor& b) {
  return compare(a, b, [](auto x, auto y) { return x >= y; });
}

}  // namespace tapegrad

// --- closeness -------------------------------------------------------------------------------
namespace tapegrad {

Tensor isclose(const Tensor& a_in, const Tensor& b_in, double rtol, double atol, bool equal_nan) {
  if (a_in.dtype() != b_in.dtype()) {
    throw type_error(std::string("isclose: input (") + dtype_name(a_in.dtype()) + ") and other (" +
                     dtype_name(b_in.dtype()) +
                     ") must have the same dtype; convert one with .to(other.dtype)");
  }
  if (!(rtol >= 0.0)) {
    throw std::invalid_argument("isclose: rtol must be greater than or equal to zero, but got " +
                                std::to_string(rtol));
  }
  if (!(atol >= 0.0)) {
    throw std::invalid_argument("isclose: atol must be greater than or equal to zero, but got " +
                                std::to_string(atol));
  }
  const Tensor a = a_in.contiguous(), b = b_in.contiguous();
  const bool exact = rtol == 0.0 && atol == 0.0;
  return dispatch(a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      // PyTorch's order: atol + |rtol * b| and |a - b|, in the tensors' own dtype.
      const T r = static_cast<T>(rtol), t = static_cast<T>(atol);
      return detail::binary_map<T, bool>(a, b, [=](T x, T y) {
        if (x == y || (equal_nan && x != x && y != y)) return true;
        if (exact) return false;
        const T actual = std::fabs(x - y);
        return std::isfinite(actual) && actual <= t + std::fabs(r * y);
      });
    } else {
      return detail::binary_map<T, bool>(a, b, [=](T x, T y) {
        if (x == y) return true;
        if (exact) return false;
        const double dx = static_cast<double>(x), dy = static_cast<double>(y);
        return std::fabs(dx - dy) <= atol + std::fabs(rtol * dy);
      });
    }
  });
}

bool allclose(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  const Tensor close = isclose(a, b, rtol, atol, equal_nan);
  const bool* p = close.data<bool>();
  for (std::int64_t i = 0, n = close.numel(); i < n; ++i) {
    if (!p[i]) return false;
  }
  return true;
}

bool equal(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return false;
  const Tensor same = eq(a, b);
  const bool* p = same.data<bool>();
  for (std::int64_t i = 0, n = same.numel(); i < n; ++i) {
    if (!p[i]) return false;
  }
  return true;
}

}  // namespace tapegrad
