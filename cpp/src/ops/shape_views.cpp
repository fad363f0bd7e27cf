// The view ops: each a pure layout transform handed to detail::make_view, which shares the
// input's memory and records one node whose backward places the gradient at the view's
// positions in zeros of the input's shape. Strides follow PyTorch's for each op, so stride()
// and is_contiguous() agree with it.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "ops/recording.hpp"
#include "ops/shape_util.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/shape_ops.hpp"

namespace tapegrad {

namespace {
using detail::Layout;
using detail::make_view;
using detail::wrap_dim;

std::size_t u(int d) { return static_cast<std::size_t>(d); }

// The layout with its dimensions in the order `order` (a permutation of 0..ndim-1).
Layout permuted(const Layout& in, const std::vector<int>& order) {
  Layout out{Shape{}, {}, in.offset};
  for (std::size_t d = 0; d < order.size(); ++d) {
    out.shape.push_back(in.shape[order[d]]);
    out.strides[d] = in.strides[u(order[d])];
  }
  return out;
}

Tensor permute_view(const Tensor& x, const std::vector<int>& order, const char* name) {
  return make_view(x, name, [&order](const Layout& in) { return permuted(in, order); });
}

// dims wrapped and checked for repeats, for an op that names itself `op`.
std::vector<int> wrapped_dims(const std::vector<int>& dims, int ndim, const char* op, const char* what) {
  std::vector<int> out;
  std::vector<bool> seen(u(std::max(ndim, 1)), false);
  for (int d : dims) {
    const int w = wrap_dim(d, ndim);
    if (seen[u(w)]) {
      throw std::invalid_argument(std::string(op) + ": " + what + " " + std::to_string(w) +
                                  " appears multiple times in the list of dims");
    }
    seen[u(w)] = true;
    out.push_back(w);
  }
  return out;
}

Tensor narrow_view(const Tensor& x, int dim, std::int64_t start, std::int64_t length) {
  return make_view(x, "Narrow",
                   [=](const Layout& in) { return detail::narrow_layout(in, dim, start, length); });
}

void check_split_input(const Tensor& x, const char* op) {
  if (x.ndim() == 0) {
    throw std::invalid_argument(std::string(op) +
                                " expects at least a 1-dimensional tensor, got a 0-d tensor");
  }
}

// The views of consecutive runs of `sizes` elements along dim.
std::vector<Tensor> split_views(const Tensor& x, const std::vector<std::int64_t>& sizes, int dim) {
  std::vector<Tensor> out;
  out.reserve(sizes.size());
  std::int64_t start = 0;
  for (std::int64_t size : sizes) {
    out.push_back(narrow_view(x, dim, start, size));
    start += size;
  }
  return out;
}

// Python's slice bound: negative counts from the end, then clipped to 0..size.
std::int64_t slice_bound(std::int64_t i, std::int64_t size) {
  if (i < 0) i += size;
  return std::clamp<std::int64_t>(i, 0, size);
}
}  // namespace

Tensor squeeze(const Tensor& x) {
  std::vector<int> dims;
  for (int d = 0; d < x.ndim(); ++d) dims.push_back(d);
  return squeeze(x, dims);
}

Tensor squeeze(const Tensor& x, const std::vector<int>& dims_in) {
  const std::vector<int> dims = wrapped_dims(dims_in, x.ndim(), "squeeze", "dim");
  std::vector<bool> drop(u(std::max(x.ndim(), 1)), false);
  for (int d : dims) drop[u(d)] = x.ndim() > 0 && x.shape()[d] == 1;  // other sizes stay, as PyTorch
  return make_view(x, "Squeeze", [&drop](const Layout& in) {
    Layout out{Shape{}, {}, in.offset};
    int o = 0;
    for (int d = 0; d < in.shape.ndim(); ++d) {
      if (drop[u(d)]) continue;
      out.shape.push_back(in.shape[d]);
      out.strides[u(o++)] = in.strides[u(d)];
    }
    return out;
  });
}

Tensor unsqueeze(const Tensor& x, int dim) {
  const int d = wrap_dim(dim, x.ndim() + 1);
  if (x.ndim() == Shape::kMaxDims) {
    throw std::invalid_argument("unsqueeze: tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                " dimensions, and this tensor has " + std::to_string(x.ndim()));
  }
  return make_view(x, "Unsqueeze", [d](const Layout& in) {
    Layout out{Shape{}, {}, in.offset};
    const int n = in.shape.ndim();
    auto push = [&out](std::int64_t size, std::int64_t stride) {
      out.strides[u(out.shape.ndim())] = stride;
      out.shape.push_back(size);
    };
    for (int i = 0; i < d; ++i) push(in.shape[i], in.strides[u(i)]);
    // PyTorch's stride for the new dimension: the one that keeps a contiguous tensor contiguous.
    push(1, d >= n ? 1 : in.shape[d] * in.strides[u(d)]);
    for (int i = d; i < n; ++i) push(in.shape[i], in.strides[u(i)]);
    return out;
  });
}

Tensor permute(const Tensor& x, const std::vector<int>& dims) {
  if (static_cast<int>(dims.size()) != x.ndim()) {
    throw std::invalid_argument("permute(): the number of dims (" + std::to_string(dims.size()) +
                                ") must equal the number of dimensions of the tensor of shape " +
                                x.shape().str() + " (" + std::to_string(x.ndim()) + ")");
  }
  std::vector<int> order;
  std::vector<bool> seen(u(std::max(x.ndim(), 1)), false);
  for (int d : dims) {
    const int w = wrap_dim(d, x.ndim());
    if (seen[u(w)]) {
      throw std::invalid_argument("permute(): duplicate dims are not allowed, got dims " +
                                  detail::size_list(std::vector<std::int64_t>(dims.begin(), dims.end())));
    }
    seen[u(w)] = true;
    order.push_back(w);
  }
  return permute_view(x, order, "Permute");
}

Tensor transpose(const Tensor& x, int dim0, int dim1) {
  const int a = wrap_dim(dim0, x.ndim()), b = wrap_dim(dim1, x.ndim());
  std::vector<int> order;
  for (int d = 0; d < x.ndim(); ++d) order.push_back(d == a ? b : d == b ? a : d);
  return permute_view(x, order, "Transpose");
}

Tensor transpose(const Tensor& x, const std::vector<int>& axes_in) {
  std::vector<int> axes = axes_in;
  const int ndim = x.ndim();
  if (axes.empty()) {
    for (int d = ndim - 1; d >= 0; --d) axes.push_back(d);
  } else {
    if (static_cast<int>(axes.size()) != ndim) {
      throw std::invalid_argument("transpose: " + std::to_string(axes.size()) +
                                  " axes given for a tensor of " + std::to_string(ndim) + " dimensions");
    }
    std::vector<bool> seen(u(ndim), false);
    for (int& axis : axes) {
      axis = normalize_axis(axis, ndim);
      if (seen[u(axis)]) throw std::invalid_argument("transpose: repeated axis in the permutation");
      seen[u(axis)] = true;
    }
  }
  return permute_view(x, axes, "Transpose");
}

Tensor numpy_T(const Tensor& x) {
  std::vector<int> order;
  for (int d = x.ndim() - 1; d >= 0; --d) order.push_back(d);
  return permute_view(x, order, "Transpose");
}

Tensor t(const Tensor& x) {
  if (x.ndim() > 2) {
    throw std::invalid_argument("t() expects a tensor with <= 2 dimensions, but self is " +
                                std::to_string(x.ndim()) + "D (shape " + x.shape().str() +
                                "); use transpose(dim0, dim1) or mT");
  }
  return x.ndim() < 2 ? permute_view(x, x.ndim() == 1 ? std::vector<int>{0} : std::vector<int>{}, "Transpose")
                      : transpose(x, 0, 1);
}

Tensor mT(const Tensor& x) {
  if (x.ndim() < 2) {
    throw std::invalid_argument("tensor.mT is only supported on matrices or batches of matrices. Got " +
                                std::to_string(x.ndim()) + "-D tensor.");
  }
  return transpose(x, -2, -1);
}

Tensor movedim(const Tensor& x, const std::vector<int>& source, const std::vector<int>& destination) {
  if (source.size() != destination.size()) {
    throw std::invalid_argument("movedim: Invalid source or destination dims: source (" +
                                std::to_string(source.size()) +
                                " dims) should contain the same number of dims as "
                                "destination (" +
                                std::to_string(destination.size()) + " dims)");
  }
  const std::vector<int> src = wrapped_dims(source, x.ndim(), "movedim", "source dim");
  const std::vector<int> dst = wrapped_dims(destination, x.ndim(), "movedim", "destination dim");
  const int n = x.ndim();
  std::vector<int> order(u(std::max(n, 1)), -1);
  std::vector<bool> moved(u(std::max(n, 1)), false);
  for (std::size_t i = 0; i < src.size(); ++i) {
    order[u(dst[i])] = src[i];
    moved[u(src[i])] = true;
  }
  int next = 0;  // the dimensions not moved keep their order in the free positions
  for (int pos = 0; pos < n; ++pos) {
    if (order[u(pos)] >= 0) continue;
    while (moved[u(next)]) ++next;
    order[u(pos)] = next++;
  }
  order.resize(u(n));
  return permute_view(x, order, "Movedim");
}

Tensor expand(const Tensor& x, const std::vector<std::int64_t>& sizes) {
  const int n = static_cast<int>(sizes.size()), nx = x.ndim();
  if (n < nx) {
    throw std::invalid_argument("expand: the number of sizes provided (" + std::to_string(n) +
                                ") must be greater or equal to the number of dimensions in the tensor (" +
                                std::to_string(nx) + ", shape " + x.shape().str() + ")");
  }
  if (n > Shape::kMaxDims) {
    throw std::invalid_argument("expand: tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                " dimensions, got the sizes " + detail::size_list(sizes));
  }
  // Check the sizes once, here, with x's shape (the transform then cannot fail).
  for (int i = n - 1; i >= 0; --i) {
    const int d = i - (n - nx);
    std::int64_t target = sizes[u(i)];
    const std::int64_t size = d >= 0 ? x.shape()[d] : 1;
    if (target == -1) {
      if (d < 0) {
        throw std::invalid_argument(
            "expand: the expanded size of the tensor (-1) isn't allowed in a leading, "
            "non-existing dimension " +
            std::to_string(i));
      }
      target = size;
    }
    if (target < 0) {
      throw std::invalid_argument("expand: invalid size " + std::to_string(target) + " at dimension " +
                                  std::to_string(i) + " of " + detail::size_list(sizes));
    }
    if (size != target && size != 1) {
      throw std::invalid_argument("expand: the expanded size of the tensor (" + std::to_string(target) +
                                  ") must match the existing size (" + std::to_string(size) +
                                  ") at non-singleton dimension " + std::to_string(i) +
                                  ".  Target sizes: " + detail::size_list(sizes) +
                                  ".  Tensor sizes: " + detail::size_list(x.shape()));
    }
  }
  return make_view(x, "Expand", [&sizes, n](const Layout& in) {
    const int nin = in.shape.ndim();
    std::array<std::int64_t, Shape::kMaxDims> dims{};
    Layout out{Shape{}, {}, in.offset};
    for (int i = n - 1; i >= 0; --i) {
      const int d = i - (n - nin);
      std::int64_t size = d >= 0 ? in.shape[d] : 1;
      std::int64_t stride =
          d >= 0 ? in.strides[u(d)] : (i + 1 < n ? dims[u(i + 1)] * out.strides[u(i + 1)] : 0);
      const std::int64_t target = sizes[u(i)] == -1 ? size : sizes[u(i)];
      if (size != target) {
        size = target;
        stride = 0;
      }
      dims[u(i)] = size;
      out.strides[u(i)] = stride;
    }
    for (int i = 0; i < n; ++i) out.shape.push_back(dims[u(i)]);
    return out;
  });
}

Tensor broadcast_to(const Tensor& x, const std::vector<std::int64_t>& shape) { return expand(x, shape); }

Tensor narrow(const Tensor& x, int dim, std::int64_t start, std::int64_t length) {
  if (x.ndim() == 0) throw std::invalid_argument("narrow() cannot be applied to a 0-dim tensor.");
  const int d = wrap_dim(dim, x.ndim());
  const std::int64_t size = x.shape()[d];
  if (start < -size || start > size) {
    throw std::out_of_range("narrow(): start out of range (expected to be in range of [" +
                            std::to_string(-size) + ", " + std::to_string(size) + "], but got " +
                            std::to_string(start) + ")");
  }
  if (start < 0) start += size;
  if (length < 0)
    throw std::invalid_argument("narrow(): length must be non-negative, got " + std::to_string(length));
  if (start > size - length) {
    throw std::invalid_argument("narrow(): start (" + std::to_string(start) + ") + length (" +
                                std::to_string(length) + ") exceeds dimension size (" + std::to_string(size) +
                                ").");
  }
  return narrow_view(x, d, start, length);
}

std::vector<Tensor> unbind(const Tensor& x, int dim) {
  if (x.ndim() == 0) throw std::out_of_range("unbind: Dimension specified as 0 but tensor has no dimensions");
  const int d = wrap_dim(dim, x.ndim());
  std::vector<Tensor> out;
  out.reserve(static_cast<std::size_t>(x.shape()[d]));
  for (std::int64_t i = 0; i < x.shape()[d]; ++i) {
    out.push_back(
        make_view(x, "Select", [d, i](const Layout& in) { return detail::select_layout(in, d, i); }));
  }
  return out;
}

std::vector<Tensor> split(const Tensor& x, std::int64_t split_size, int dim) {
  check_split_input(x, "split");
  const int d = wrap_dim(dim, x.ndim());
  const std::int64_t size = x.shape()[d];
  if (split_size < 0) {
    throw std::invalid_argument("split expects split_size be non-negative, but got split_size=" +
                                std::to_string(split_size));
  }
  if (split_size == 0 && size != 0) {
    throw std::invalid_argument(
        "split_size can only be 0 if dimension size is 0, but got dimension size of " + std::to_string(size));
  }
  const std::int64_t pieces =
      split_size == 0 ? 1 : std::max<std::int64_t>((size + split_size - 1) / split_size, 1);
  std::vector<std::int64_t> sizes(static_cast<std::size_t>(pieces), split_size);
  sizes.back() = split_size == 0 ? 0 : size - split_size * (pieces - 1);
  return split_views(x, sizes, d);
}

std::vector<Tensor> split_with_sizes(const Tensor& x, const std::vector<std::int64_t>& sizes, int dim) {
  check_split_input(x, "split_with_sizes");
  const int d = wrap_dim(dim, x.ndim());
  std::int64_t total = 0;
  for (std::int64_t s : sizes) {
    if (s < 0) {
      throw std::invalid_argument(
          "split_with_sizes expects split_sizes have only non-negative entries, but got "
          "split_sizes=" +
          detail::size_list(sizes));
    }
    total += s;
  }
  if (total != x.shape()[d]) {
    throw std::invalid_argument("split_with_sizes expects split_sizes to sum exactly to " +
                                std::to_string(x.shape()[d]) + " (input tensor's size at dimension " +
                                std::to_string(dim) + "), but got split_sizes=" + detail::size_list(sizes));
  }
  return split_views(x, sizes, d);
}

std::vector<Tensor> chunk(const Tensor& x, std::int64_t chunks, int dim) {
  check_split_input(x, "chunk");
  if (chunks <= 0)
    throw std::invalid_argument("chunk expects `chunks` to be greater than 0, got: " +
                                std::to_string(chunks));
  const int d = wrap_dim(dim, x.ndim());
  const std::int64_t size = x.shape()[d];
  const std::int64_t split_size = (size + chunks - 1) / chunks;
  if (size == 0) return split_views(x, std::vector<std::int64_t>(static_cast<std::size_t>(chunks), 0), d);
  return split(x, split_size, d);
}

std::vector<Tensor> tensor_split(const Tensor& x, std::int64_t sections, int dim) {
  if (x.ndim() == 0) {
    throw std::invalid_argument(
        "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  }
  if (sections <= 0) {
    throw std::invalid_argument("number of sections must be larger than 0, got " + std::to_string(sections));
  }
  const int d = wrap_dim(dim, x.ndim());
  const std::int64_t size = x.shape()[d];
  std::vector<std::int64_t> sizes;
  for (std::int64_t i = 0; i < sections; ++i)
    sizes.push_back(size / sections + (i < size % sections ? 1 : 0));
  return split_views(x, sizes, d);
}

std::vector<Tensor> tensor_split_indices(const Tensor& x, const std::vector<std::int64_t>& indices, int dim) {
  if (x.ndim() == 0) {
    throw std::invalid_argument(
        "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
  }
  const int d = wrap_dim(dim, x.ndim());
  const std::int64_t size = x.shape()[d];
  std::vector<Tensor> out;
  std::int64_t start = 0;
  for (std::size_t i = 0; i <= indices.size(); ++i) {
    // As x[start:stop] along dim: clipped, and empty when stop comes first.
    const std::int64_t lo = slice_bound(start, size);
    const std::int64_t hi = i < indices.size() ? std::max(slice_bound(indices[i], size), lo) : size;
    out.push_back(narrow_view(x, d, lo, hi - lo));
    if (i < indices.size()) start = indices[i];
  }
  return out;
}

Tensor diagonal(const Tensor& x, std::int64_t offset, int dim1, int dim2) {
  const int d1 = wrap_dim(dim1, x.ndim()), d2 = wrap_dim(dim2, x.ndim());
  if (d1 == d2) {
    throw std::invalid_argument("diagonal dimensions cannot be identical " + std::to_string(dim1) + ", " +
                                std::to_string(dim2));
  }
  if (x.ndim() < 2) {
    throw std::invalid_argument("diagonal: a tensor of shape " + x.shape().str() + " has no 2-D planes");
  }
  return make_view(x, "Diagonal", [=](const Layout& in) {
    const std::int64_t s1 = in.shape[d1], s2 = in.shape[d2];
    const std::int64_t size = offset >= 0 ? std::max<std::int64_t>(std::min(s1, s2 - offset), 0)
                                          : std::max<std::int64_t>(std::min(s1 + offset, s2), 0);
    Layout out{Shape{}, {}, in.offset};
    if (size > 0) out.offset += offset >= 0 ? offset * in.strides[u(d2)] : -offset * in.strides[u(d1)];
    int o = 0;
    for (int d = 0; d < in.shape.ndim(); ++d) {
      if (d == d1 || d == d2) continue;
      out.shape.push_back(in.shape[d]);
      out.strides[u(o++)] = in.strides[u(d)];
    }
    out.shape.push_back(size);
    out.strides[u(o)] = in.strides[u(d1)] + in.strides[u(d2)];
    return out;
  });
}

Tensor as_strided(const Tensor& x, const std::vector<std::int64_t>& size,
                  const std::vector<std::int64_t>& stride, std::optional<std::int64_t> storage_offset) {
  if (size.size() != stride.size()) {
    throw std::invalid_argument("as_strided: mismatch in length of strides and shape: " +
                                detail::size_list(size) + " and " + detail::size_list(stride));
  }
  if (size.size() > static_cast<std::size_t>(Shape::kMaxDims)) {
    throw std::invalid_argument("as_strided: tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                " dimensions, got the sizes " + detail::size_list(size));
  }
  const std::int64_t base_offset = x.storage_offset();
  const std::int64_t offset = storage_offset.value_or(base_offset);
  if (offset < 0)
    throw std::invalid_argument("as_strided: negative storage offset " + std::to_string(offset));
  Layout view{Shape{}, {}, offset};
  std::int64_t last = offset;  // the furthest element the view reaches
  bool empty = false;
  for (std::size_t d = 0; d < size.size(); ++d) {
    if (size[d] < 0) throw std::invalid_argument("as_strided: negative size in " + detail::size_list(size));
    if (stride[d] < 0) {
      throw std::invalid_argument("as_strided: Negative strides are not supported, got strides: " +
                                  detail::size_list(stride));
    }
    view.shape.push_back(size[d]);
    view.strides[d] = stride[d];
    empty = empty || size[d] == 0;
    if (size[d] > 0) last += (size[d] - 1) * stride[d];
  }
  const auto available = static_cast<std::int64_t>(x.storage()->nbytes() / itemsize(x.dtype()));
  if (!empty && last >= available) {
    throw std::invalid_argument(
        "as_strided: sizes " + detail::size_list(size) + ", strides " + detail::size_list(stride) +
        " and storage offset " + std::to_string(offset) + " reach element " + std::to_string(last) +
        ", out of bounds for a storage of " + std::to_string(available) + " elements");
  }
  // The view is placed relative to x's storage; its gradient needs it relative to x's elements,
  // which is the same thing when x is contiguous and the view stays within x.
  if (detail::should_record({&x})) {
    const bool inside = empty || (offset >= base_offset && last < base_offset + x.numel());
    if (!x.is_contiguous() || !inside) {
      throw std::invalid_argument(
          "as_strided: the gradient of a view is supported only within a contiguous input's own elements; "
          "call contiguous() first, or take the view under no_grad()");
    }
  }
  const std::int64_t shift = offset - base_offset;
  return make_view(x, "AsStrided", [&view, shift](const Layout& in) {
    Layout out = view;
    out.offset = in.offset + shift;
    return out;
  });
}

Tensor atleast_1d(const Tensor& x) { return x.ndim() >= 1 ? x : reshape(x, {1}); }

Tensor atleast_2d(const Tensor& x) {
  if (x.ndim() >= 2) return x;
  return x.ndim() == 0 ? reshape(x, {1, 1}) : unsqueeze(x, 0);
}

Tensor atleast_3d(const Tensor& x) {
  switch (x.ndim()) {
    case 0: return reshape(x, {1, 1, 1});
    case 1: return unsqueeze(unsqueeze(x, 0), -1);
    case 2: return unsqueeze(x, -1);
    default: return x;
  }
}

}  // namespace tapegrad
