#include "tapegrad/comparison.hpp"

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
