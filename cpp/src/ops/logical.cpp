// Logical and bitwise ops and the floating-point tests: no gradients, never on the tape.
#include <cmath>

#include "ops/pointwise_impl.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad {

namespace {
// x as a contiguous bool tensor: non-zero (NaN included) is true.
Tensor truth(const Tensor& x) {
  if (x.dtype() == DType::Bool) return x.contiguous();
  return detail::map_bool(x.contiguous(), [](auto v) { return v != decltype(v)(0); });
}

template <class F>
Tensor logical(const Tensor& a, const Tensor& b, F f) {
  NoGradGuard no_grad;
  return detail::binary_map<bool>(truth(a), truth(b), f);
}

// The promoted operands of a bitwise op: bool or integer (type_error for floating point).
template <class F>
Tensor bitwise(const Tensor& a_in, const Tensor& b_in, const char* name, F f) {
  NoGradGuard no_grad;
  const DType dtype = result_type(a_in, b_in);
  if (is_floating_point(dtype)) throw_unsupported_dtype(name, dtype);
  const Tensor a = detail::prepared(a_in, dtype), b = detail::prepared(b_in, dtype);
  return dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      return Tensor();  // refused above
    } else {
      return detail::binary_map<T>(a, b, [&f](T x, T y) { return static_cast<T>(f(x, y)); });
    }
  });
}

// pred(x) for floating-point tensors; `integers` for every element of the others.
template <class F>
Tensor test(const Tensor& x, F pred, bool integers) {
  if (!is_floating_point(x.dtype())) return Tensor::full(x.shape(), integers ? 1.0 : 0.0, DType::Bool);
  return detail::map_bool(x.contiguous(), [&pred](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) {
      return pred(v);
    } else {
      return false;
    }
  });
}
}  // namespace

Tensor logical_and(const Tensor& a, const Tensor& b) {
  return logical(a, b, [](bool x, bool y) { return x && y; });
}
Tensor logical_or(const Tensor& a, const Tensor& b) {
  return logical(a, b, [](bool x, bool y) { return x || y; });
}
Tensor logical_xor(const Tensor& a, const Tensor& b) {
  return logical(a, b, [](bool x, bool y) { return x != y; });
}
Tensor logical_not(const Tensor& x) {
  NoGradGuard no_grad;
  return detail::unary_map<bool>(truth(x), [](bool v) { return !v; });
}

Tensor bitwise_and(const Tensor& a, const Tensor& b) {
  return bitwise(a, b, "bitwise_and", [](auto x, auto y) { return x & y; });
}
Tensor bitwise_or(const Tensor& a, const Tensor& b) {
  return bitwise(a, b, "bitwise_or", [](auto x, auto y) { return x | y; });
}
Tensor bitwise_xor(const Tensor& a, const Tensor& b) {
  return bitwise(a, b, "bitwise_xor", [](auto x, auto y) { return x ^ y; });
}
// Logical not for bool, the ones' complement for integers.
Tensor bitwise_not(const Tensor& x) {
  if (is_floating_point(x.dtype())) throw_unsupported_dtype("bitwise_not", x.dtype());
  if (x.dtype() == DType::Bool) return logical_not(x);
  return detail::map_same(x.contiguous(), [](auto v) {
    using T = decltype(v);
    if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, bool>) {
      return v;  // handled above
    } else {
      return static_cast<T>(~v);
    }
  });
}

Tensor isnan(const Tensor& x) {
  return test(x, [](auto v) { return v != v; }, false);
}
Tensor isinf(const Tensor& x) {
  return test(x, [](auto v) { return std::isinf(v); }, false);
}
Tensor isposinf(const Tensor& x) {
  return test(x, [](auto v) { return std::isinf(v) && v > 0; }, false);
}
Tensor isneginf(const Tensor& x) {
  return test(x, [](auto v) { return std::isinf(v) && v < 0; }, false);
}
Tensor isfinite(const Tensor& x) {
  return test(x, [](auto v) { return std::isfinite(v); }, true);
}

}  // namespace tapegrad
