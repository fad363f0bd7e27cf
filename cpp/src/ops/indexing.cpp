// x[...] and x[...] = v. Basic indices (integers, slices, None, the ellipsis) are arithmetic on
// the layout: a view. Tensor indices gather and scatter copies (advanced_indexing.cpp).
#include "tapegrad/indexing.hpp"

#include <stdexcept>
#include <string>

#include "ops/broadcast.hpp"
#include "ops/indexing_plan.hpp"
#include "ops/inplace.hpp"
#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace detail {

namespace {
// The dimensions an entry consumes: none for None and the ellipsis, a bool tensor's rank (a
// mask covers that many dimensions), one otherwise.
int consumed_dims(const TensorIndex& e) {
  switch (e.kind()) {
    case TensorIndex::Kind::NewAxis:
    case TensorIndex::Kind::Ellipsis: return 0;
    case TensorIndex::Kind::Tensor: return e.tensor().dtype() == DType::Bool ? e.tensor().ndim() : 1;
    case TensorIndex::Kind::Integer:
    case TensorIndex::Kind::Slice: break;
  }
  return 1;
}

struct Range {
  std::int64_t start, length, step;
};

// Python's slice.indices(n), then the number of elements it selects.
Range resolve(const Slice& s, std::int64_t n) {
  if (s.step == 0) throw std::invalid_argument("slice step cannot be zero");
  const std::int64_t step = s.step;
  const std::int64_t lower = step > 0 ? 0 : -1, upper = step > 0 ? n : n - 1;
  auto bound = [&](const std::optional<std::int64_t>& v, std::int64_t fallback) {
    if (!v) return fallback;
    std::int64_t b = *v < 0 ? *v + n : *v;
    return b < lower ? lower : (b > upper ? upper : b);
  };
  const std::int64_t start = bound(s.start, step > 0 ? lower : upper);
  const std::int64_t stop = bound(s.stop, step > 0 ? upper : lower);
  std::int64_t length = 0;
  if (step > 0 && stop > start) length = (stop - start + step - 1) / step;
  if (step < 0 && start > stop) length = (start - stop - step - 1) / -step;
  return {start, length, step};
}
}  // namespace

std::vector<TensorIndex> expand_index(const std::vector<TensorIndex>& indices, int ndim) {
  int consumed = 0, ellipses = 0;
  for (const TensorIndex& e : indices) {
    consumed += consumed_dims(e);
    if (e.kind() == TensorIndex::Kind::Ellipsis) ++ellipses;
  }
  if (ellipses > 1) throw std::invalid_argument("an index can only have a single ellipsis ('...')");
  if (consumed > ndim) {
    throw std::out_of_range("too many indices for a tensor of dimension " + std::to_string(ndim) + " (" +
                            std::to_string(consumed) + " given)");
  }
  std::vector<TensorIndex> out;
  auto fill = [&] {
    for (int i = consumed; i < ndim; ++i) out.emplace_back(Slice{});
  };
  for (const TensorIndex& e : indices) {
    if (e.kind() == TensorIndex::Kind::Ellipsis) {
      fill();
    } else {
      out.push_back(e);
    }
  }
  if (ellipses == 0) fill();
  return out;
}

bool has_tensor_index(const std::vector<TensorIndex>& entries) {
  for (const TensorIndex& e : entries) {
    if (e.kind() == TensorIndex::Kind::Tensor) return true;
  }
  return false;
}

Layout apply_basic(const Layout& in, const std::vector<TensorIndex>& entries) {
  Layout out{Shape{}, {}, in.offset};
  std::size_t d = 0, k = 0;
  for (const TensorIndex& e : entries) {
    switch (e.kind()) {
      case TensorIndex::Kind::Integer: {
        const std::int64_t n = in.shape[static_cast<int>(d)];
        std::int64_t i = e.integer();
        if (i < -n || i >= n) {
          throw std::out_of_range("index " + std::to_string(i) + " is out of bounds for dimension " +
                                  std::to_string(d) + " with size " + std::to_string(n));
        }
        if (i < 0) i += n;
        out.offset += i * in.strides[d++];
        break;
      }
      case TensorIndex::Kind::Slice: {
        const Range r = resolve(e.slice(), in.shape[static_cast<int>(d)]);
        out.shape.push_back(r.length);
        out.strides[k++] = in.strides[d] * r.step;
        if (r.length > 0) out.offset += r.start * in.strides[d];
        ++d;
        break;
      }
      case TensorIndex::Kind::NewAxis:
        out.shape.push_back(1);
        out.strides[k++] = 0;
        break;
      case TensorIndex::Kind::Tensor:  // kept whole: the gather that follows selects along them
        for (int i = 0; i < consumed_dims(e); ++i) {
          out.shape.push_back(in.shape[static_cast<int>(d)]);
          out.strides[k++] = in.strides[d++];
        }
        break;
      case TensorIndex::Kind::Ellipsis: break;  // expanded away before
    }
  }
  return out;
}

}  // namespace detail

namespace {
using detail::Layout;

// out = t with a region (a basic index's view of it) set to v, or increased by it.
struct SetRegionNode : Node {
  SetRegionNode(const Layout& region_, const Shape& value_shape_, bool accumulate_)
      : Node(accumulate_ ? "IndexPutAccumulate" : "IndexPut"),
        region(region_),
        value_shape(value_shape_),
        accumulate(accumulate_) {}
  Grads backward(Tensor g) override {
    Grads grads;
    if (detail::needs_grad(*this, 1)) {
      grads[1] = detail::sum_to(detail::alias_layout(g, region).contiguous(), value_shape);
    }
    if (detail::needs_grad(*this, 0)) {
      if (accumulate) {
        grads[0] = std::move(g);
      } else {  // the overwritten elements do not reach the output
        Tensor kept = clone(g);
        detail::copy_strided(detail::alias_layout(kept, region), Tensor::zeros(Shape{}, kept.dtype()));
        grads[0] = std::move(kept);
      }
    }
    return grads;
  }
  // The same rule with ops: the region read through a recorded view, the overwritten elements
  // masked by a constant.
  Grads backward_graph(Tensor g) override {
    Grads grads;
    const Tensor gc = g.contiguous();
    if (detail::needs_grad(*this, 1)) {
      const Layout& r = region;
      const Tensor part = detail::make_view(
          gc, "Index", [&r](const Layout& in) { return Layout{r.shape, r.strides, in.offset + r.offset}; });
      grads[1] = detail::sum_to(part.contiguous(), value_shape);
    }
    if (detail::needs_grad(*this, 0)) {
      if (accumulate) {
        grads[0] = gc;
      } else {
        const Tensor keep = Tensor::full(gc.shape(), 1.0, gc.dtype());
        detail::copy_strided(detail::alias_layout(keep, region), Tensor::zeros(Shape{}, keep.dtype()));
        grads[0] = mul(gc, keep);
      }
    }
    return grads;
  }
  Layout region;
  Shape value_shape;
  bool accumulate;
};

// t (contiguous) with its basic-index region set to (or increased by) values: one node.
Tensor set_region(const Tensor& t, const std::vector<TensorIndex>& entries, const Tensor& values_in,
                  bool accumulate) {
  const Layout region = detail::apply_basic(detail::contiguous_layout(t.shape()), entries);
  const Tensor values = cast(values_in, t.dtype());
  if (broadcast_shapes(region.shape, values.shape()) != region.shape) {
    throw std::invalid_argument("cannot assign a tensor of shape " + values.shape().str() +
                                " to an indexed region of shape " + region.shape.str());
  }
  Tensor out = Tensor::empty(t.shape(), t.dtype());
  detail::copy_strided(out, t);
  detail::write_values(detail::alias_layout(out, region), values, accumulate);
  if (detail::should_record({&t, &values})) {
    detail::record<SetRegionNode>(out, {&t, &values}, region, values.shape(), accumulate);
  }
  return out;
}
}  // namespace

Tensor index(const Tensor& x, const std::vector<TensorIndex>& indices) {
  const std::vector<TensorIndex> entries = detail::expand_index(indices, x.ndim());
  if (detail::has_tensor_index(entries)) return detail::advanced_index(x, indices);
  return detail::make_view(x, "Index",
                           [&entries](const Layout& in) { return detail::apply_basic(in, entries); });
}

Tensor& index_put_(Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                   bool accumulate) {
  const std::vector<TensorIndex> entries = detail::expand_index(indices, x.ndim());
  if (detail::has_tensor_index(entries)) return detail::advanced_index_put_(x, indices, values, accumulate);
  const Layout region = detail::apply_basic(detail::layout_of(x), entries);
  if (broadcast_shapes(region.shape, values.shape()) != region.shape) {
    throw std::invalid_argument("cannot assign a tensor of shape " + values.shape().str() +
                                " to an indexed region of shape " + region.shape.str());
  }
  auto direct = [&](Tensor& t) { detail::write_values(detail::alias_layout(t, region), values, accumulate); };
  auto out_of_place = [&](const Tensor& t) { return set_region(t, entries, values, accumulate); };
  return detail::update_in_place(x, "index_put_", {&values}, direct, out_of_place);
}

Tensor index_put(const Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                 bool accumulate) {
  const std::vector<TensorIndex> entries = detail::expand_index(indices, x.ndim());
  if (detail::has_tensor_index(entries)) {
    return detail::put_index(x, detail::resolve_index(x.shape(), indices), values, accumulate,
                             accumulate ? "IndexPutAccumulate" : "IndexPut");
  }
  return set_region(x, entries, values, accumulate);
}

}  // namespace tapegrad
