// view, reshape, flatten and unflatten (views when the strides allow), cast (a copy to another
// dtype), and the helpers every shape op shares (shape_util.hpp).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "convert.hpp"
#include "ops/recording.hpp"
#include "ops/shape_util.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/shape_ops.hpp"

namespace tapegrad {

namespace detail {

int wrap_dim(std::int64_t dim, int ndim) {
  const std::int64_t n = std::max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw std::out_of_range("Dimension out of range (expected to be in range of [" + std::to_string(-n) +
                            ", " + std::to_string(n - 1) + "], but got " + std::to_string(dim) + ")");
  }
  return static_cast<int>(dim < 0 ? dim + n : dim);
}

std::string size_list(const std::vector<std::int64_t>& sizes) {
  std::string s = "[";
  for (std::size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
  return s + "]";
}

std::string size_list(const Shape& shape) {
  return size_list(std::vector<std::int64_t>(shape.begin(), shape.end()));
}

Shape infer_size(const char* op, const std::vector<std::int64_t>& requested, const Shape& input) {
  if (requested.size() > static_cast<std::size_t>(Shape::kMaxDims)) {
    throw std::invalid_argument(std::string(op) + ": tapegrad supports at most " +
                                std::to_string(Shape::kMaxDims) + " dimensions, got the shape " +
                                size_list(requested));
  }
  const std::int64_t numel = input.numel();
  std::vector<std::int64_t> dims = requested;
  std::int64_t known = 1;
  int inferred = -1;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      if (inferred >= 0)
        throw std::invalid_argument(std::string(op) + ": only one dimension can be inferred (-1)");
      inferred = static_cast<int>(i);
    } else if (dims[i] < 0) {
      throw std::invalid_argument(std::string(op) + ": invalid shape dimension " + std::to_string(dims[i]) +
                                  " at index " + std::to_string(i) + " of shape " + size_list(requested));
    } else if (!checked_mul(known, dims[i], &known)) {
      throw std::overflow_error(std::string(op) + ": the shape " + size_list(requested) +
                                " has more elements than fit in int64");
    }
  }
  const auto invalid = [&] {
    return std::invalid_argument(std::string(op) + ": shape '" + size_list(requested) +
                                 "' is invalid for input of size " + std::to_string(numel) +
                                 " (a tensor of shape " + input.str() + ")");
  };
  if (inferred >= 0) {
    // As PyTorch: with a zero among the known sizes the -1 cannot be told (0 * anything = 0).
    if (known == 0 || numel % known != 0) throw invalid();
    dims[static_cast<std::size_t>(inferred)] = numel / known;
  } else if (known != numel) {
    throw invalid();
  }
  return Shape(dims.data(), static_cast<int>(dims.size()));
}

std::optional<Strides> view_strides(const Shape& old_shape, const Strides& old_strides,
                                    const Shape& new_shape) {
  Strides out{};
  const int new_nd = new_shape.ndim();
  if (old_shape.ndim() == 0) {
    for (int d = 0; d < new_nd; ++d) out[static_cast<std::size_t>(d)] = 1;
    return out;
  }
  const std::int64_t numel = old_shape.numel();
  if (numel == 0 && old_shape == new_shape) return old_strides;
  if (numel == 0) {
    for (int d = new_nd - 1; d >= 0; --d) {
      const auto ud = static_cast<std::size_t>(d);
      out[ud] = d == new_nd - 1 ? 1 : std::max<std::int64_t>(new_shape[d + 1], 1) * out[ud + 1];
    }
    return out;
  }
  // Walk the old dimensions from the last, in chunks laid out one after the other in memory;
  // the new dimensions must cover each chunk exactly.
  int view_d = new_nd - 1;
  std::int64_t chunk_base_stride = old_strides[static_cast<std::size_t>(old_shape.ndim() - 1)];
  std::int64_t tensor_numel = 1, view_numel = 1;
  for (int tensor_d = old_shape.ndim() - 1; tensor_d >= 0; --tensor_d) {
    tensor_numel *= old_shape[tensor_d];
    const bool chunk_ends = tensor_d == 0 || (old_shape[tensor_d - 1] != 1 &&
                                              old_strides[static_cast<std::size_t>(tensor_d - 1)] !=
                                                  tensor_numel * chunk_base_stride);
    if (!chunk_ends) continue;
    while (view_d >= 0 && (view_numel < tensor_numel || new_shape[view_d] == 1)) {
      out[static_cast<std::size_t>(view_d)] = view_numel * chunk_base_stride;
      view_numel *= new_shape[view_d];
      --view_d;
    }
    if (view_numel != tensor_numel) return std::nullopt;
    if (tensor_d > 0) {
      chunk_base_stride = old_strides[static_cast<std::size_t>(tensor_d - 1)];
      tensor_numel = 1;
      view_numel = 1;
    }
  }
  if (view_d != -1) return std::nullopt;
  return out;
}

Layout select_layout(const Layout& in, int dim, std::int64_t index) {
  Layout out{Shape{}, {}, in.offset + index * in.strides[static_cast<std::size_t>(dim)]};
  int o = 0;
  for (int d = 0; d < in.shape.ndim(); ++d) {
    if (d == dim) continue;
    out.shape.push_back(in.shape[d]);
    out.strides[static_cast<std::size_t>(o++)] = in.strides[static_cast<std::size_t>(d)];
  }
  return out;
}

Layout narrow_layout(const Layout& in, int dim, std::int64_t start, std::int64_t length) {
  Layout out = in;
  out.offset += start * in.strides[static_cast<std::size_t>(dim)];
  Shape shape;
  for (int d = 0; d < in.shape.ndim(); ++d) shape.push_back(d == dim ? length : in.shape[d]);
  out.shape = shape;
  return out;
}

}  // namespace detail

namespace {
using detail::record;
using detail::should_record;

// The gradient of a view of a contiguous tensor in another shape: the same values in the
// input's shape (a gradient is contiguous).
struct ReshapeNode : Node {
  ReshapeNode(const char* name, const Shape& in) : Node(name), in_shape(in) {}
  Grads backward(Tensor g) override { return {detail::alias(g, in_shape)}; }
  // alias() is not on the tape: the recorded version reshapes.
  Grads backward_graph(Tensor g) override {
    return {reshape(g, {in_shape.begin(), in_shape.begin() + in_shape.ndim()})};
  }
  Shape in_shape;
};

struct CastNode : Node {
  explicit CastNode(DType in) : Node("Cast"), in_dtype(in) {}
  Grads backward(Tensor g) override { return {cast(g, in_dtype)}; }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  DType in_dtype;
};

// x (contiguous) in `shape`: a view, whose gradient is handed on without a copy.
Tensor contiguous_view(const Tensor& x, const Shape& shape, const char* name) {
  detail::checked_nbytes(shape, x.dtype());
  return detail::make_view(x, name, [&shape](const detail::Layout& in) {
    return detail::Layout{shape, contiguous_strides(shape), in.offset};
  });
}

// x in `shape` when its strides allow a view (nothing otherwise).
std::optional<Tensor> try_view(const Tensor& x, const Shape& shape, const char* name) {
  if (x.is_contiguous()) return contiguous_view(x, shape, name);
  if (!detail::view_strides(x.shape(), x.strides(), shape)) return std::nullopt;
  return detail::make_view(x, name, [&](const detail::Layout& in) {
    // Also run on a row-major layout (to place the gradient), which always has view strides.
    return detail::Layout{shape, *detail::view_strides(in.shape, in.strides, shape), in.offset};
  });
}

Tensor reshape_to(const Tensor& x, const Shape& shape, const char* name) {
  if (std::optional<Tensor> v = try_view(x, shape, name)) return *v;
  // The strides do not allow a view: a copy (which is contiguous, so viewing it always works).
  const Tensor copy = x.contiguous();
  Tensor out = detail::alias(copy, shape);
  if (should_record({&copy})) record<ReshapeNode>(out, {&copy}, name, copy.shape());
  return out;
}
}  // namespace

Tensor view(const Tensor& x, const std::vector<std::int64_t>& shape) {
  const Shape out_shape = detail::infer_size("view", shape, x.shape());
  if (std::optional<Tensor> v = try_view(x, out_shape, "View")) return *v;
  const Strides strides = x.strides();
  throw std::invalid_argument(
      "view size is not compatible with input tensor's size and stride (at least one "
      "dimension spans across two contiguous subspaces): a tensor of shape " +
      x.shape().str() + " and strides " +
      detail::size_list(std::vector<std::int64_t>(strides.begin(), strides.begin() + x.ndim())) +
      " cannot be viewed as " + out_shape.str() + ". Use .reshape(...) instead.");
}

Tensor reshape(const Tensor& x, const std::vector<std::int64_t>& shape) {
  return reshape_to(x, detail::infer_size("reshape", shape, x.shape()), "Reshape");
}

Tensor flatten(const Tensor& x, int start_dim, int end_dim) {
  if (x.ndim() == 0) return reshape_to(x, Shape{1}, "Flatten");
  const int start = detail::wrap_dim(start_dim, x.ndim()), end = detail::wrap_dim(end_dim, x.ndim());
  if (start > end) {
    throw std::invalid_argument("flatten() has invalid args: start_dim (" + std::to_string(start_dim) +
                                ") cannot come after end_dim (" + std::to_string(end_dim) + ")");
  }
  Shape shape;
  std::int64_t merged = 1;
  for (int d = 0; d < x.ndim(); ++d) {
    if (d < start || d > end) {
      shape.push_back(x.shape()[d]);
      continue;
    }
    merged *= x.shape()[d];
    if (d == end) shape.push_back(merged);
  }
  if (start == end) return x;  // nothing to merge: x itself, as PyTorch
  return reshape_to(x, shape, "Flatten");
}

Tensor unflatten(const Tensor& x, int dim, const std::vector<std::int64_t>& sizes) {
  const int d = detail::wrap_dim(dim, x.ndim());
  if (x.ndim() == 0) throw std::invalid_argument("unflatten: a 0-d tensor has no dimension to unflatten");
  if (sizes.empty()) throw std::invalid_argument("unflatten: sizes must be non-empty");
  const std::int64_t size = x.shape()[d];
  Shape inner;
  try {
    inner = detail::infer_size("unflatten", sizes, Shape{size});
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("unflatten: Provided sizes " + detail::size_list(sizes) +
                                " don't multiply up to the size of dim " + std::to_string(dim) + " (" +
                                std::to_string(size) + ") in the input tensor of shape " + x.shape().str());
  }
  std::vector<std::int64_t> shape;
  for (int i = 0; i < x.ndim(); ++i) {
    if (i == d) {
      shape.insert(shape.end(), inner.begin(), inner.end());
    } else {
      shape.push_back(x.shape()[i]);
    }
  }
  const Shape out_shape = detail::infer_size("unflatten", shape, x.shape());
  // Splitting one dimension never needs a copy.
  return *try_view(x, out_shape, "Unflatten");
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
