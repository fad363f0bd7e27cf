// Gathers: gather, take_along_dim, index_select, take, masked_select, nonzero and embedding. Each
// reads a copy of some of its input's elements; the gradient scatter-adds back (gather's through
// scatter_add, the others through their index plan, as x[index] does).
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ops/gather_scatter.hpp"
#include "ops/recording.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/indexing.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace detail {

int wrap_dim(int dim, int ndim, const char* op) {
  const int n = std::max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw std::out_of_range(std::string(op) + "(): dimension " + std::to_string(dim) +
                            " is out of range for a tensor of " + std::to_string(ndim) + " dimension" +
                            (ndim == 1 ? "" : "s") + " (expected to be in range of [" + std::to_string(-n) +
                            ", " + std::to_string(n - 1) + "])");
  }
  return dim < 0 ? dim + n : dim;
}

Tensor index_arg(const Tensor& index, const char* op, const char* what) {
  if (index.dtype() != DType::Int64 && index.dtype() != DType::Int32) {
    throw type_error(std::string(op) + "(): expected an int32 or int64 tensor for " + what + ", got " +
                     dtype_name(index.dtype()));
  }
  NoGradGuard no_grad;
  return cast(index, DType::Int64).contiguous();
}

void throw_index_out_of_bounds(const char* op, std::int64_t index, int dim, std::int64_t size) {
  throw std::out_of_range(std::string(op) + "(): index " + std::to_string(index) +
                          " is out of bounds for dimension " + std::to_string(dim) + " with size " +
                          std::to_string(size));
}

ResolvedIndex dim_index(const Shape& shape, int dim_in, const Tensor& index_in, const char* op,
                        Negatives negatives) {
  const Tensor index = index_arg(index_in, op);
  if (index.ndim() > 1) {
    throw std::out_of_range(std::string(op) + "(): the index must be a vector (0-d or 1-D), got shape " +
                            index.shape().str());
  }
  if (shape.ndim() == 0) {
    throw std::invalid_argument(std::string(op) +
                                "(): the input is 0-d; reshape it to 1-D (x.reshape(1)) first");
  }
  const int dim = wrap_dim(dim_in, shape.ndim(), op);
  std::vector<TensorIndex> entries(static_cast<std::size_t>(dim), TensorIndex(Slice{}));
  entries.emplace_back(index.ndim() == 0 ? reshape(index, {1}) : index);
  try {
    return resolve_index(shape, entries, negatives);
  } catch (const std::out_of_range& e) {
    throw std::out_of_range(std::string(op) + "(): " + e.what());
  }
}

}  // namespace detail

namespace {
using detail::record;
using detail::should_record;

// out = input gathered along dim: the gradient scatter-adds into zeros of input's shape.
struct GatherNode : Node {
  GatherNode(const Shape& input_shape_, int dim_, const Tensor& index_)
      : Node("Gather"), input_shape(input_shape_), dim(dim_), index(index_) {}
  Grads backward(Tensor g) override {
    return {scatter_add(Tensor::zeros(input_shape, g.dtype()), dim, index.unpack(*this), g)};
  }
  // Made of ops: scatter_add's backward gathers again.
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }
  void release_saved() noexcept override { index.reset(); }
  Shape input_shape;
  int dim;
  SavedTensor index;
};

// index's number of dimensions and sizes against input's (and src's, for scatters).
void check_gather_shapes(const Tensor& input, int dim, const Tensor& index, const char* op) {
  if (index.ndim() != input.ndim()) {
    throw std::invalid_argument(std::string(op) + "(): index must have as many dimensions as input (" +
                                std::to_string(input.ndim()) + "), got index of shape " +
                                index.shape().str() + " for input of shape " + input.shape().str());
  }
  for (int d = 0; d < index.ndim(); ++d) {
    if (d != dim && index.shape()[d] > input.shape()[d]) {
      throw std::invalid_argument(std::string(op) + "(): index of shape " + index.shape().str() +
                                  " is larger than input of shape " + input.shape().str() + " in dimension " +
                                  std::to_string(d) + " (only dimension " + std::to_string(dim) +
                                  " may be larger)");
    }
  }
}
}  // namespace

Tensor gather(const Tensor& input, int dim_in, const Tensor& index_in) {
  const Tensor index = detail::index_arg(index_in, "gather");
  const int dim = detail::wrap_dim(dim_in, input.ndim(), "gather");
  check_gather_shapes(input, dim, index, "gather");
  Tensor out = Tensor::empty(index.shape(), input.dtype());
  if (out.numel() > 0) {
    dispatch(input.dtype(), [&](auto zero) {
      using T = decltype(zero);
      const T* src = input.strided_data<T>();
      T* o = out.data<T>();
      detail::visit_along_dim(index, input.shape(), input.strides(), dim, Strides{}, "gather",
                              [&](std::int64_t e, std::int64_t at, std::int64_t) { o[e] = src[at]; });
    });
  }
  if (should_record({&input})) record<GatherNode>(out, {&input}, input.shape(), dim, index);
  return out;
}

Tensor take_along_dim(const Tensor& input, const Tensor& indices_in, int dim_in) {
  const Tensor indices = detail::index_arg(indices_in, "take_along_dim", "indices");
  const int dim = detail::wrap_dim(dim_in, input.ndim(), "take_along_dim");
  if (indices.ndim() != input.ndim()) {
    throw std::invalid_argument(
        "take_along_dim(): input and indices should have the same number of dimensions, "
        "got input of shape " +
        input.shape().str() + " and indices of shape " + indices.shape().str());
  }
  // Broadcast against each other along every dimension but dim.
  Shape input_shape, index_shape;
  for (int d = 0; d < input.ndim(); ++d) {
    const std::int64_t a = input.shape()[d], b = indices.shape()[d];
    if (d == dim) {
      input_shape.push_back(a);
      index_shape.push_back(b);
      continue;
    }
    if (a != b && a != 1 && b != 1) {
      throw std::invalid_argument("take_along_dim(): input of shape " + input.shape().str() +
                                  " and indices of shape " + indices.shape().str() +
                                  " do not broadcast in dimension " + std::to_string(d));
    }
    input_shape.push_back(a == 1 ? b : a);
    index_shape.push_back(a == 1 ? b : a);
  }
  const Tensor x = detail::expand_view(input, input_shape);
  Tensor idx;
  {
    NoGradGuard no_grad;
    idx = detail::broadcast_to(indices, index_shape);  // a new tensor: made non-negative below
    if (idx.storage() == indices.storage()) idx = clone(idx);
  }
  const std::int64_t size = input.ndim() == 0 ? 1 : input.shape()[dim];
  std::int64_t* p = idx.data<std::int64_t>();
  for (std::int64_t i = 0, n = idx.numel(); i < n; ++i) {
    if (p[i] < -size || p[i] >= size) detail::throw_index_out_of_bounds("take_along_dim", p[i], dim, size);
    if (p[i] < 0) p[i] += size;
  }
  return gather(x, dim, idx);
}

Tensor take_along_dim(const Tensor& input, const Tensor& indices) {
  return take_along_dim(reshape(input, {-1}), reshape(indices, {-1}), 0);
}

Tensor index_select(const Tensor& input, int dim, const Tensor& index) {
  return detail::gather_index(
      input, detail::dim_index(input.shape(), dim, index, "index_select", detail::Negatives::Refuse),
      "IndexSelect");
}

Tensor take(const Tensor& input, const Tensor& index_in) {
  const Tensor index = detail::index_arg(index_in, "take");
  const Tensor flat = reshape(input, {-1});
  try {
    return detail::gather_index(flat, detail::resolve_index(flat.shape(), {TensorIndex(index)}), "Take");
  } catch (const std::out_of_range& e) {
    throw std::out_of_range(std::string("take(): ") + e.what() + " (take reads the input as 1-D)");
  }
}

namespace {
void check_mask(const Tensor& mask, const char* op) {
  if (mask.dtype() != DType::Bool) {
    throw type_error(std::string(op) + "(): expected a bool mask, got " + dtype_name(mask.dtype()) +
                     " (compare to make one: x > 0, or convert with .bool())");
  }
}
}  // namespace

Tensor masked_select(const Tensor& input, const Tensor& mask) {
  check_mask(mask, "masked_select");
  const Shape shape = broadcast_shapes(input.shape(), mask.shape());
  Tensor m = mask;
  if (m.shape() != shape) {
    NoGradGuard no_grad;
    m = detail::broadcast_to(mask.contiguous(), shape);
  }
  return detail::gather_index(input, detail::resolve_index(shape, {TensorIndex(m)}), "MaskedSelect");
}

namespace {
// How many elements of contiguous x are not zero (NaN counts: it is not zero).
std::int64_t nonzero_count(const Tensor& x) {
  return dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* p = x.data<T>();
    std::int64_t count = 0;
    for (std::int64_t i = 0, n = x.numel(); i < n; ++i) count += p[i] != T(0) ? 1 : 0;
    return count;
  });
}

// The coordinates of x's non-zero elements: columns[d][k] is the d-th coordinate of the k-th.
Tensor nonzero_matrix(const Tensor& x_in) {
  NoGradGuard no_grad;
  const Tensor x = x_in.contiguous();
  const int k = x.ndim();
  const std::int64_t count = nonzero_count(x);
  Tensor out = Tensor::empty(Shape{count, k}, DType::Int64);
  std::int64_t* o = out.data<std::int64_t>();
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* p = x.data<T>();
    std::vector<std::int64_t> coord(static_cast<std::size_t>(k), 0);
    for (std::int64_t i = 0, n = x.numel(); i < n; ++i) {
      if (p[i] != T(0)) {
        for (int d = 0; d < k; ++d) *o++ = coord[static_cast<std::size_t>(d)];
      }
      for (int d = k - 1; d >= 0; --d) {
        if (++coord[static_cast<std::size_t>(d)] < x.shape()[d]) break;
        coord[static_cast<std::size_t>(d)] = 0;
      }
    }
  });
  return out;
}
}  // namespace

Tensor nonzero(const Tensor& input) { return nonzero_matrix(input); }

std::vector<Tensor> nonzero_tuple(const Tensor& input) {
  const Tensor matrix = nonzero_matrix(input.ndim() == 0 ? reshape(input.detach(), {1}) : input.detach());
  const std::int64_t count = matrix.shape()[0], k = matrix.shape()[1];
  std::vector<Tensor> out;
  for (std::int64_t d = 0; d < k; ++d) {
    Tensor column = Tensor::empty(Shape{count}, DType::Int64);
    std::int64_t* c = column.data<std::int64_t>();
    const std::int64_t* m = matrix.data<std::int64_t>();
    for (std::int64_t i = 0; i < count; ++i) c[i] = m[i * k + d];
    out.push_back(std::move(column));
  }
  return out;
}

namespace {
// weight[indices]: the gradient adds each output row into its weight row (row loops), skipping
// padding_idx's rows and scaled by 1 / frequency when asked.
struct EmbeddingNode : Node {
  EmbeddingNode(const Shape& weight_shape_, Tensor rows_, std::int64_t padding_, bool scale_)
      : Node("Embedding"),
        weight_shape(weight_shape_),
        rows(std::move(rows_)),
        padding(padding_),
        scale(scale_) {}
  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    Tensor grad = Tensor::zeros(weight_shape, g.dtype());
    const std::int64_t n = rows.numel(), width = weight_shape[1];
    const std::int64_t* r = rows.data<std::int64_t>();
    std::vector<std::int64_t> counts;
    if (scale) {
      counts.assign(static_cast<std::size_t>(weight_shape[0]), 0);
      for (std::int64_t i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(r[i])];
    }
    dispatch_floating(g.dtype(), "embedding", [&](auto zero) {
      using T = decltype(zero);
      const T* src = g.data<T>();
      T* dst = grad.data<T>();
      for (std::int64_t i = 0; i < n; ++i, src += width) {
        if (r[i] == padding) continue;
        T* row = dst + r[i] * width;
        if (scale) {
          const T s = T(1) / static_cast<T>(counts[static_cast<std::size_t>(r[i])]);
          for (std::int64_t j = 0; j < width; ++j) row[j] += s * src[j];
        } else {
          for (std::int64_t j = 0; j < width; ++j) row[j] += src[j];
        }
      }
    });
    return {std::move(grad)};
  }
  // The same rule with ops: g scaled by a constant per lookup (0 at padding_idx, 1 / frequency
  // when asked), added into zeros by index_put(accumulate), whose backward gathers the rows.
  Grads backward_graph(Tensor g) override {
    Tensor values = g;
    if (padding >= 0 || scale) {
      const std::int64_t n = rows.numel();
      const std::int64_t* r = rows.data<std::int64_t>();
      std::vector<double> counts(static_cast<std::size_t>(weight_shape[0]), 0.0);
      for (std::int64_t i = 0; i < n; ++i) counts[static_cast<std::size_t>(r[i])] += 1.0;
      std::vector<double> coef(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) {
        const double c = scale ? 1.0 / counts[static_cast<std::size_t>(r[i])] : 1.0;
        coef[static_cast<std::size_t>(i)] = r[i] == padding ? 0.0 : c;
      }
      Shape coef_shape = rows.shape();
      coef_shape.push_back(1);
      values = mul(g, Tensor::from_vector(coef, coef_shape, g.dtype()));
    }
    return {index_put(Tensor::zeros(weight_shape, g.dtype()), {TensorIndex(rows)}, values, true)};
  }
  Shape weight_shape;
  Tensor rows;  // int64, in range: a private copy
  std::int64_t padding;
  bool scale;
};

std::int64_t padding_row(std::optional<std::int64_t> padding_idx, std::int64_t rows) {
  if (!padding_idx) return -1;
  const std::int64_t p = *padding_idx;
  if (p < -rows || p >= rows) {
    throw std::invalid_argument("embedding(): padding_idx " + std::to_string(p) + " is out of range for " +
                                std::to_string(rows) + " embeddings (it must be in [" +
                                std::to_string(-rows) + ", " + std::to_string(rows) + "))");
  }
  return p < 0 ? p + rows : p;
}

detail::ResolvedIndex embedding_rows(const Tensor& weight, const Tensor& indices) {
  if (weight.ndim() != 2) {
    throw std::invalid_argument(
        "embedding(): weight must be 2-D (num_embeddings, embedding_dim), got shape " + weight.shape().str());
  }
  const Tensor index = detail::index_arg(indices, "embedding", "indices");
  try {
    return detail::resolve_index(weight.shape(), {TensorIndex(index)}, detail::Negatives::Refuse);
  } catch (const std::out_of_range& e) {
    throw std::out_of_range(std::string("embedding(): ") + e.what() + " (the number of embeddings)");
  }
}
}  // namespace

Tensor embedding(const Tensor& weight, const Tensor& indices, std::optional<std::int64_t> padding_idx,
                 bool scale_grad_by_freq) {
  const detail::ResolvedIndex r = embedding_rows(weight, indices);
  const std::int64_t padding = padding_row(padding_idx, weight.shape()[0]);
  const bool contiguous = weight.is_contiguous();
  const void* base = contiguous ? weight.raw_data() : weight.storage()->data();
  const detail::Layout layout =
      contiguous ? detail::contiguous_layout(weight.shape()) : detail::layout_of(weight);
  Tensor out = detail::gather_plan(base, weight.dtype(), detail::make_plan(layout, r));
  if (should_record({&weight})) {
    record<EmbeddingNode>(out, {&weight}, weight.shape(), r.arrays[0], padding, scale_grad_by_freq);
  }
  return out;
}

Tensor& embedding_renorm_(Tensor& weight, const Tensor& indices, double max_norm, double norm_type) {
  const detail::ResolvedIndex r = embedding_rows(weight, indices);
  const Tensor& rows_t = r.arrays[0];
  std::vector<std::int64_t> rows(rows_t.data<std::int64_t>(), rows_t.data<std::int64_t>() + rows_t.numel());
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  const Strides strides = weight.strides();
  const std::int64_t width = weight.shape()[1];
  dispatch_floating(weight.dtype(), "embedding_renorm_", [&](auto zero) {
    using T = decltype(zero);
    T* w = weight.strided_data<T>();
    for (const std::int64_t row : rows) {
      T* p = w + row * strides[0];
      double norm = 0.0;
      for (std::int64_t j = 0; j < width; ++j) {
        const double v = std::fabs(static_cast<double>(p[j * strides[1]]));
        if (std::isinf(norm_type)) {
          norm = std::max(norm, v);
        } else {
          norm += std::pow(v, norm_type);
        }
      }
      if (!std::isinf(norm_type)) norm = std::pow(norm, 1.0 / norm_type);
      if (norm > max_norm) {
        const T s = static_cast<T>(max_norm / (norm + 1e-7));
        for (std::int64_t j = 0; j < width; ++j) p[j * strides[1]] *= s;
      }
    }
  });
  weight.storage()->bump_version();
  return weight;
}

}  // namespace tapegrad
