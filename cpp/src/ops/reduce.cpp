// sum and mean, over all elements or one axis.
#include <stdexcept>
#include <string>

#include "ops/broadcast.hpp"
#include "ops/arith.hpp"
#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;

// The shape of the result with keepdims: the reduced axes become 1.
Shape kept_shape(const Shape& in, std::optional<int> axis) {
  Shape kept;
  for (int d = 0; d < in.ndim(); ++d) kept.push_back(!axis || *axis == d ? 1 : in[d]);
  return kept;
}

Shape dropped_shape(const Shape& in, std::optional<int> axis) {
  Shape out;
  if (axis) {
    for (int d = 0; d < in.ndim(); ++d) {
      if (d != *axis) out.push_back(in[d]);
    }
  }
  return out;
}

// The sum of all elements, accumulated in double over 4 lanes (vectorisable, and more
// accurate than one running float sum).
Tensor sum_all(const Tensor& x, const Shape& out_shape) {
  if (!is_floating_point(x.dtype())) {
    const std::int64_t* p = x.data<std::int64_t>();  // integers were widened to int64
    std::int64_t acc = 0;
    for (std::int64_t i = 0, n = x.numel(); i < n; ++i) acc = detail::wrapping_add(acc, p[i]);
    Tensor out = Tensor::empty(out_shape, DType::Int64);
    *out.data<std::int64_t>() = acc;
    return out;
  }
  return dispatch_floating(x.dtype(), "sum", [&](auto zero) {
    using T = decltype(zero);
    const T* p = x.data<T>();
    const std::int64_t n = x.numel();
    double acc[4] = {0, 0, 0, 0};
    std::int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
      for (int l = 0; l < 4; ++l) acc[l] += static_cast<double>(p[i + l]);
    }
    for (; i < n; ++i) acc[0] += static_cast<double>(p[i]);
    return Tensor::full(out_shape, (acc[0] + acc[1]) + (acc[2] + acc[3]), x.dtype());
  });
}

struct SumNode : Node {
  SumNode(const Shape& in, const Shape& kept, double scale_)
      : Node(scale_ == 1.0 ? "Sum" : "Mean"), in_shape(in), kept_shape(kept), scale(scale_) {}
  Grads backward(Tensor g) override {
    const Tensor g_kept = detail::alias(g, kept_shape);
    const Tensor spread = detail::broadcast_to(g_kept, in_shape);
    return {scale == 1.0 ? spread : affine(spread, scale, 0.0)};
  }
  Shape in_shape, kept_shape;
  double scale;
};

Tensor reduce(const Tensor& x_in, std::optional<int> axis_in, bool keepdims, bool average) {
  if (average && !is_floating_point(x_in.dtype())) {
    throw type_error(std::string("mean() needs a floating-point tensor, not ") + dtype_name(x_in.dtype()) +
                     " (convert with .float() or .double() first)");
  }
  // Integers and bools sum in int64, as in PyTorch (a sum of bools counts them).
  const Tensor x = cast(x_in, is_floating_point(x_in.dtype()) ? x_in.dtype() : DType::Int64).contiguous();
  std::optional<int> axis;
  if (axis_in) axis = normalize_axis(*axis_in, x.ndim());
  const Shape kept = kept_shape(x.shape(), axis);
  const std::int64_t count = axis ? x.shape()[*axis] : x.numel();
  if (average && count == 0) {
    throw std::invalid_argument("mean of an empty tensor (shape " + x.shape().str() + ") is undefined");
  }
  const Shape out_shape = keepdims ? kept : dropped_shape(x.shape(), axis);
  Tensor summed = axis ? detail::sum_to(x, kept) : sum_all(x, kept);
  const double scale = average ? 1.0 / static_cast<double>(count) : 1.0;
  // Scale for the mean; copy when sum_to returned x itself (a size-1 axis): never alias x.
  if (average) {
    summed = affine(summed.detach(), scale, 0.0);
  } else if (summed.storage() == x.storage()) {
    summed = clone(summed.detach());
  }
  Tensor out = detail::alias(summed, out_shape);
  if (should_record({&x})) record<SumNode>(out, {&x}, x.shape(), kept, scale);
  return out;
}
}  // namespace

Tensor sum(const Tensor& x, std::optional<int> axis, bool keepdims) {
  return reduce(x, axis, keepdims, false);
}
Tensor mean(const Tensor& x, std::optional<int> axis, bool keepdims) {
  return reduce(x, axis, keepdims, true);
}

}  // namespace tapegrad
