// reshape (a view) and cast (a copy to another dtype).
#include <stdexcept>
#include <string>

#include "ops/elementwise_kernels.hpp"
#include "convert.hpp"
#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;

struct ReshapeNode : Node {
  explicit ReshapeNode(const Shape& in) : Node("Reshape"), in_shape(in) {}
  Grads backward(Tensor g) override { return {detail::alias(g, in_shape)}; }
  Shape in_shape;
};

struct CastNode : Node {
  explicit CastNode(DType in) : Node("Cast"), in_dtype(in) {}
  Grads backward(Tensor g) override { return {cast(g, in_dtype)}; }
  DType in_dtype;
};

// The requested shape with its -1 (if any) inferred; throws when the sizes disagree.
Shape resolved_shape(const Shape& in, const std::vector<std::int64_t>& requested) {
  std::int64_t known = 1;
  int inferred = -1;
  std::vector<std::int64_t> dims = requested;
  auto describe = [&] {
    std::string s = "(";
    for (std::size_t i = 0; i < requested.size(); ++i) s += (i ? ", " : "") + std::to_string(requested[i]);
    return s + (requested.size() == 1 ? ",)" : ")");
  };
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      if (inferred >= 0)
        throw std::invalid_argument("reshape: only one dimension can be -1, got " + describe());
      inferred = static_cast<int>(i);
    } else if (dims[i] < 0) {
      throw std::invalid_argument("reshape: negative dimension in " + describe());
    } else {
      known = Shape{known, dims[i]}.numel();
    }
  }
  const std::int64_t n = in.numel();
  if (inferred >= 0) {
    if (known == 0 || n % known != 0) {
      throw std::invalid_argument("cannot reshape a tensor of shape " + in.str() + " into shape " +
                                  describe());
    }
    dims[static_cast<std::size_t>(inferred)] = n / known;
  } else if (known != n) {
    throw std::invalid_argument("cannot reshape a tensor of shape " + in.str() + " (" + std::to_string(n) +
                                " elements) into shape " + describe());
  }
  return Shape(dims.data(), static_cast<int>(dims.size()));
}
}  // namespace

// A view when x is contiguous, else a reshaped copy (as torch.reshape).
Tensor reshape(const Tensor& x, const std::vector<std::int64_t>& shape) {
  if (static_cast<int>(shape.size()) > Shape::kMaxDims) {
    throw std::invalid_argument("tapegrad supports at most " + std::to_string(Shape::kMaxDims) + " dimensions");
  }
  const Shape out_shape = resolved_shape(x.shape(), shape);
  if (!x.is_contiguous()) {
    const Tensor copy = x.contiguous();
    Tensor out = detail::alias(copy, out_shape);
    if (should_record({&copy})) record<ReshapeNode>(out, {&copy}, copy.shape());
    return out;
  }
  detail::checked_nbytes(out_shape, x.dtype());
  return detail::make_view(x, "Reshape", [&out_shape](const detail::Layout& in) {
    return detail::Layout{out_shape, contiguous_strides(out_shape), in.offset};
  });
}

Tensor cast(const Tensor& x_in, DType dtype) {
  if (x_in.dtype() == dtype) return x_in;
  const Tensor x = x_in.contiguous();
  Tensor out = Tensor::empty(x.shape(), dtype);
  dispatch(x.dtype(), [&](auto from) {
    dispatch(dtype, [&](auto to) {
      using From = decltype(from);
      using To = decltype(to);
      const From* in = x.data<From>();
      To* o = out.data<To>();
      for (std::int64_t i = 0, n = x.numel(); i < n; ++i) o[i] = detail::convert<To>(in[i]);
    });
  });
  // Only floating-point tensors carry gradients: a cast to an integer type ends the history.
  if (is_floating_point(dtype) && should_record({&x})) record<CastNode>(out, {&x}, x.dtype());
  return out;
}

}  // namespace tapegrad
