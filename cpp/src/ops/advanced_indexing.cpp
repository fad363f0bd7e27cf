// x[tensor] and x[tensor] = v: gathers and scatters along the dimensions of index tensors.
//
// An index is resolved once against x's shape (resolve_index: masks become their nonzero()
// columns, integer tensors are checked and made non-negative, the arrays broadcast, the result's
// layout is decided), then turned into a plan for one memory layout (make_plan: the storage
// offset of each index position's block). The result is pre x B x post: for each element of
// pre, for each position of B, a block of post's shape, which is a row copy (memcpy) when post
// is contiguous: an embedding lookup C[X] is one row copy per index, its backward one row add.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "ops/arith.hpp"
#include "ops/broadcast.hpp"
#include "ops/indexing_plan.hpp"
#include "ops/inplace.hpp"
#include "ops/recording.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::detail {

namespace {

std::string shapes_list(const std::vector<Shape>& shapes) {
  std::string out;
  for (const Shape& s : shapes) out += (out.empty() ? "" : ", ") + s.str();
  return out;
}

// An integer index tensor as int64 values in [0, size): a new contiguous tensor.
Tensor normalized_index(const Tensor& t, std::int64_t size, int dim, Negatives negatives) {
  if (t.dtype() == DType::UInt8) {
    throw std::out_of_range(
        "indexing with a uint8 tensor is ambiguous (PyTorch reads it as a mask, NumPy as integer "
        "indices): convert it with .bool() for a mask or .long() for indices");
  }
  if (t.dtype() == DType::Bool || is_floating_point(t.dtype())) {
    throw type_error(std::string("tensors used as indices must be integer or bool tensors, got ") +
                     dtype_name(t.dtype()));
  }
  NoGradGuard no_grad;
  const Tensor src = cast(t, DType::Int64).contiguous();
  Tensor out = src.storage() == t.storage() ? Tensor::empty(t.shape(), DType::Int64) : src;
  const std::int64_t* in = src.data<std::int64_t>();
  std::int64_t* o = out.data<std::int64_t>();
  for (std::int64_t i = 0, n = t.numel(); i < n; ++i) {
    const std::int64_t v = in[i];
    const bool negative_ok = negatives == Negatives::Wrap && v >= -size;
    if (v >= size || (v < 0 && !negative_ok)) {
      throw std::out_of_range("index " + std::to_string(v) + " is out of bounds for dimension " +
                              std::to_string(dim) + " with size " + std::to_string(size));
    }
    o[i] = v < 0 ? v + size : v;
  }
  return out;
}

// The nonzero() columns of a mask: one int64 (count,) tensor per dimension, row-major order.
std::vector<Tensor> mask_columns(const Tensor& mask_in) {
  NoGradGuard no_grad;
  const Tensor mask = mask_in.contiguous();
  const bool* m = mask.data<bool>();
  const std::int64_t n = mask.numel();
  std::int64_t count = 0;
  for (std::int64_t i = 0; i < n; ++i) count += m[i] ? 1 : 0;
  const int k = mask.ndim();
  std::vector<Tensor> columns;
  std::vector<std::int64_t*> out;
  for (int d = 0; d < k; ++d) {
    columns.push_back(Tensor::empty(Shape{count}, DType::Int64));
    out.push_back(columns.back().data<std::int64_t>());
  }
  std::vector<std::int64_t> coord(static_cast<std::size_t>(k), 0);
  std::int64_t j = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (m[i]) {
      for (int d = 0; d < k; ++d) out[static_cast<std::size_t>(d)][j] = coord[static_cast<std::size_t>(d)];
      ++j;
    }
    for (int d = k - 1; d >= 0; --d) {  // odometer
      if (++coord[static_cast<std::size_t>(d)] < mask.shape()[d]) break;
      coord[static_cast<std::size_t>(d)] = 0;
    }
  }
  return columns;
}

// Calls f(offset) for each element of `part` (shape and strides), in row-major order.
template <class F>
void for_each_offset(const Layout& part, F&& f) {
  const std::array<Strides, 1> strides{part.strides};
  for_each_row(part.shape, strides, [&](const auto& off, std::int64_t length, const auto& steps) {
    for (std::int64_t j = 0; j < length; ++j) f(off[0] + j * steps[0]);
  });
}

bool row_major(const Layout& part) {
  std::int64_t expected = 1;
  for (int d = part.shape.ndim() - 1; d >= 0; --d) {
    if (part.shape[d] != 1 && part.strides[static_cast<std::size_t>(d)] != expected) return false;
    expected *= part.shape[d];
  }
  return true;
}

// The plan's blocks in order: block(start) for each (pre element, B position), start being the
// block's first element from the base.
template <class Block>
void for_each_block(const GatherPlan& plan, Block&& block) {
  for_each_offset(plan.pre, [&](std::int64_t pre_off) {
    for (const std::int64_t off : plan.offsets) block(off + pre_off);
  });
}

template <class T>
void gather_loops(const T* src, const GatherPlan& plan, T* out) {
  const std::int64_t post_n = plan.post.shape.numel();
  if (post_n == 1) {
    for_each_block(plan, [&](std::int64_t start) { *out++ = src[start]; });
  } else if (plan.post_contiguous) {
    const auto bytes = static_cast<std::size_t>(post_n) * sizeof(T);
    for_each_block(plan, [&](std::int64_t start) {
      std::memcpy(out, src + start, bytes);
      out += post_n;
    });
  } else {
    for_each_block(plan, [&](std::int64_t start) {
      for_each_offset(plan.post, [&](std::int64_t o) { *out++ = src[start + o]; });
    });
  }
}

template <bool Accumulate, class T>
void put_loops(T* dst, const GatherPlan& plan, const T* values, bool scalar) {
  const std::int64_t post_n = plan.post.shape.numel();
  auto write = [](T& d, T s) {
    if constexpr (Accumulate) {
      d = wrapping_add(d, s);
    } else {
      d = s;
    }
  };
  const std::int64_t step = scalar ? 0 : 1;
  if (post_n == 1) {
    for_each_block(plan, [&](std::int64_t start) {
      write(dst[start], *values);
      values += step;
    });
  } else if (plan.post_contiguous) {
    for_each_block(plan, [&](std::int64_t start) {
      T* d = dst + start;
      if (scalar) {
        for (std::int64_t j = 0; j < post_n; ++j) write(d[j], *values);
      } else {
        for (std::int64_t j = 0; j < post_n; ++j) write(d[j], values[j]);
        values += post_n;
      }
    });
  } else {
    for_each_block(plan, [&](std::int64_t start) {
      for_each_offset(plan.post, [&](std::int64_t o) {
        write(dst[start + o], *values);
        values += step;
      });
    });
  }
}

// values ready for put_plan: contiguous, and either one element or out_shape itself.
Tensor prepared_values(const Tensor& values, const Shape& out_shape) {
  NoGradGuard no_grad;
  const Tensor v = values.contiguous();
  if (v.numel() == 1 || v.shape() == out_shape) return v;
  return broadcast_to(v, out_shape);
}

void check_values_shape(const Tensor& values, const Shape& out_shape) {
  bool fits = values.ndim() <= out_shape.ndim();
  if (fits) {
    try {
      fits = broadcast_shapes(out_shape, values.shape()) == out_shape;
    } catch (const std::invalid_argument&) {
      fits = false;
    }
  }
  if (!fits) {
    throw std::invalid_argument("shape mismatch: value tensor of shape " + values.shape().str() +
                                " cannot be broadcast to indexing result of shape " + out_shape.str());
  }
}

// The B positions whose write a later position overwrites (same offset, larger position).
std::vector<std::int64_t> overwritten_positions(const std::vector<std::int64_t>& offsets) {
  std::vector<std::pair<std::int64_t, std::int64_t>> order(offsets.size());
  for (std::size_t b = 0; b < offsets.size(); ++b) order[b] = {offsets[b], static_cast<std::int64_t>(b)};
  std::sort(order.begin(), order.end());
  std::vector<std::int64_t> losers;
  for (std::size_t i = 0; i + 1 < order.size(); ++i) {
    if (order[i].first == order[i + 1].first) losers.push_back(order[i].second);
  }
  return losers;
}

// The gradient of x[index] as an op of its own: g scatter-added into zeros of x's shape. Recorded
// by a recorded backward, so that it can be differentiated again: its own backward is the gather.
struct IndexBackwardNode : Node {
  IndexBackwardNode(const Shape& base_shape_, GatherPlan plan_)
      : Node("IndexBackward"), base_shape(base_shape_), plan(std::move(plan_)) {}
  Grads backward(Tensor g) override {
    const Tensor gc = g.contiguous();
    return {gather_plan(gc.raw_data(), gc.dtype(), plan)};
  }
  Grads backward_graph(Tensor g) override;
  Shape base_shape;
  GatherPlan plan;
};

// g (contiguous, of plan.out_shape) added into zeros of base_shape at the plan's positions,
// recorded as IndexBackwardNode when g requires grad.
Tensor recorded_scatter_add(const Tensor& g, const Shape& base_shape, const GatherPlan& plan) {
  const Tensor gc = g.contiguous();
  Tensor grad = Tensor::zeros(base_shape, g.dtype());
  put_plan(grad.raw_data(), grad.dtype(), plan, gc, true);
  if (should_record({&gc})) record<IndexBackwardNode>(grad, {&gc}, base_shape, plan);
  return grad;
}

// out = x[index]: the gradient scatter-adds into zeros of x's shape (through a plan made for
// x's row-major layout, broadcast when the index was resolved against a larger shape).
struct IndexNode : Node {
  IndexNode(const char* name, const Shape& base_shape_, GatherPlan plan_)
      : Node(name), base_shape(base_shape_), plan(std::move(plan_)) {}
  Grads backward(Tensor g) override {
    const Tensor gc = g.contiguous();
    Tensor grad = Tensor::zeros(base_shape, g.dtype());
    put_plan(grad.raw_data(), grad.dtype(), plan, gc, true);
    return {std::move(grad)};
  }
  // The same scatter-add, recorded: its backward gathers again (index_put(accumulate)'s rule).
  Grads backward_graph(Tensor g) override { return {recorded_scatter_add(g, base_shape, plan)}; }
  Shape base_shape;
  GatherPlan plan;
};

// x (of base_shape, any layout) gathered through a plan made for base_shape's row-major layout,
// recorded as IndexNode when x requires grad.
Tensor recorded_gather(const Tensor& x, const Shape& base_shape, const GatherPlan& plan) {
  const Tensor xc = x.contiguous();
  Tensor out = gather_plan(xc.raw_data(), xc.dtype(), plan);
  if (should_record({&xc})) record<IndexNode>(out, {&xc}, "Index", base_shape, plan);
  return out;
}

Node::Grads IndexBackwardNode::backward_graph(Tensor g) { return {recorded_gather(g, base_shape, plan)}; }

// out = x with the indexed elements set to (or increased by) values.
struct PutNode : Node {
  PutNode(const char* name, GatherPlan plan_, const Shape& values_shape_, bool accumulate_,
          std::vector<std::int64_t> losers_)
      : Node(name),
        plan(std::move(plan_)),
        values_shape(values_shape_),
        accumulate(accumulate_),
        losers(std::move(losers_)) {}
  Grads backward(Tensor g) override {
    const Tensor gc = g.contiguous();
    Grads grads;
    if (needs_grad(*this, 1)) {
      Tensor gv = gather_plan(gc.raw_data(), gc.dtype(), plan);
      if (!losers.empty()) zero_losers(gv);
      grads[1] = sum_to(gv, values_shape);
    }
    if (needs_grad(*this, 0)) {
      if (accumulate) {
        grads[0] = gc;
      } else {  // the overwritten elements do not reach the output
        Tensor kept = clone(gc);
        put_plan(kept.raw_data(), kept.dtype(), plan, Tensor::zeros(Shape{}, kept.dtype()), false);
        grads[0] = std::move(kept);
      }
    }
    return grads;
  }
  // The same rule with ops: the gather recorded, the overwritten positions masked by constants.
  Grads backward_graph(Tensor g) override {
    Grads grads;
    if (needs_grad(*this, 1)) {
      Tensor gv = recorded_gather(g, g.shape(), plan);
      if (!losers.empty()) {
        Tensor keep = Tensor::full(plan.out_shape, 1.0, g.dtype());
        zero_losers(keep);
        gv = mul(gv, keep);
      }
      grads[1] = sum_to(gv, values_shape);
    }
    if (needs_grad(*this, 0)) {
      if (accumulate) {
        grads[0] = std::move(g);
      } else {  // a constant mask: 0 at the written positions
        Tensor keep = Tensor::full(g.shape(), 1.0, g.dtype());
        put_plan(keep.raw_data(), keep.dtype(), plan, Tensor::zeros(Shape{}, keep.dtype()), false);
        grads[0] = mul(g, keep);
      }
    }
    return grads;
  }
  // The gradient of the values whose write a repeat of their position overwrote is zero.
  void zero_losers(Tensor& gv) const {
    const std::int64_t post_n = plan.post.shape.numel();
    const auto b_n = static_cast<std::int64_t>(plan.offsets.size());
    const std::int64_t pre_n = plan.pre.shape.numel();
    const auto row = static_cast<std::size_t>(post_n) * itemsize(gv.dtype());
    auto* base = static_cast<unsigned char*>(gv.raw_data());
    for (std::int64_t i = 0; i < pre_n; ++i) {
      for (const std::int64_t b : losers)
        std::memset(base + static_cast<std::size_t>(i * b_n + b) * row, 0, row);
    }
  }
  GatherPlan plan;
  Shape values_shape;
  bool accumulate;
  std::vector<std::int64_t> losers;
};

Tensor layout_broadcast_view(const Tensor& x, const Shape& shape) {
  return make_view(x, "Expand", [&shape](const Layout& in) { return broadcast_layout(in, shape); });
}

}  // namespace

ResolvedIndex resolve_index(const Shape& shape, const std::vector<TensorIndex>& indices,
                            Negatives negatives) {
  ResolvedIndex r;
  r.shape = shape;
  r.basic = expand_index(indices, shape.ndim());
  const Layout view = apply_basic(contiguous_layout(shape), r.basic);  // checks the integers

  // Walk the expanded index: xd counts x's dimensions, vd the basic view's.
  int xd = 0, vd = 0, rest_before = 0, first_rest = -1;
  bool seen_tensor = false, gap = false, torch_adjacent = true;
  std::vector<Shape> shapes;
  for (const TensorIndex& e : r.basic) {
    switch (e.kind()) {
      case TensorIndex::Kind::Integer: ++xd; break;
      case TensorIndex::Kind::Slice: ++xd; [[fallthrough]];
      case TensorIndex::Kind::NewAxis:
        ++vd;
        ++rest_before;
        gap = gap || seen_tensor;
        break;
      case TensorIndex::Kind::Ellipsis: break;  // expanded away
      case TensorIndex::Kind::Tensor: {
        if (gap) torch_adjacent = false;
        if (!seen_tensor) first_rest = rest_before;
        seen_tensor = true;
        const Tensor& t = e.tensor();
        if (t.dtype() == DType::Bool) {
          for (int i = 0; i < t.ndim(); ++i) {
            if (t.shape()[i] != shape[xd + i]) {
              throw std::out_of_range("the shape of the mask " + t.shape().str() + " at index " +
                                      std::to_string(i) + " does not match the shape of the indexed tensor " +
                                      shape.str() + " at index " + std::to_string(xd + i));
            }
          }
          if (t.ndim() == 0) {
            shapes.push_back(Shape{t.item() != 0.0 ? 1 : 0});
          } else {
            for (Tensor& column : mask_columns(t)) {
              shapes.push_back(column.shape());
              r.arrays.push_back(std::move(column));
              r.indexed_dims.push_back(vd++);
            }
          }
          xd += t.ndim();
        } else {
          r.arrays.push_back(normalized_index(t, shape[xd], xd, negatives));
          r.indexed_dims.push_back(vd++);
          shapes.push_back(t.shape());
          ++xd;
        }
        break;
      }
    }
  }
  if (!seen_tensor) throw std::logic_error("internal error: resolve_index without a tensor index");

  r.bshape = shapes.front();
  for (const Shape& s : shapes) {
    try {
      r.bshape = broadcast_shapes(r.bshape, s);
    } catch (const std::invalid_argument&) {
      throw std::out_of_range(
          "shape mismatch: indexing tensors could not be broadcast together with shapes " +
          shapes_list(shapes));
    }
  }

  // NumPy counts integers among the index arrays and lets an ellipsis separate them; PyTorch
  // does neither. Both put B in place when the arrays are next to each other, first otherwise.
  int first = -1, last = -1, count = 0;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const auto kind = indices[i].kind();
    if (kind == TensorIndex::Kind::Tensor || kind == TensorIndex::Kind::Integer) {
      if (first < 0) first = static_cast<int>(i);
      last = static_cast<int>(i);
      ++count;
    }
  }
  const bool numpy_adjacent = last - first + 1 == count;
  const int torch_at = torch_adjacent ? first_rest : 0;
  const int numpy_at = numpy_adjacent ? first_rest : 0;

  std::vector<bool> indexed(static_cast<std::size_t>(view.shape.ndim()), false);
  for (const int d : r.indexed_dims) indexed[static_cast<std::size_t>(d)] = true;
  auto out_shape = [&](int at) {
    Shape out;
    int rest = 0;
    auto put_b = [&] {
      for (const std::int64_t s : r.bshape) out.push_back(s);
    };
    for (int d = 0; d < view.shape.ndim(); ++d) {
      if (indexed[static_cast<std::size_t>(d)]) continue;
      if (rest++ == at) put_b();
      out.push_back(view.shape[d]);
    }
    if (rest <= at) put_b();
    return out;
  };
  if (torch_at != numpy_at) {
    throw std::out_of_range(
        "this index is laid out differently by NumPy, which puts the index tensors' dimensions first (result "
        "shape " +
        out_shape(numpy_at).str() +
        ": it counts integers as index arrays and an ellipsis as a separator), and " +
        "PyTorch, which keeps them in place (result shape " + out_shape(torch_at).str() +
        "); tapegrad does not guess: apply the integers in a separate step (x[0][:, idx] is PyTorch's "
        "x[0, :, idx]), or write out the slices an ellipsis stands for");
  }
  r.insert_at = torch_at;
  r.out_shape = out_shape(torch_at);
  return r;
}

Layout broadcast_layout(const Layout& in, const Shape& shape) {
  Layout out{shape, {}, in.offset};
  const int shift = shape.ndim() - in.shape.ndim();
  for (int d = 0; d < in.shape.ndim(); ++d) {
    const bool repeated = in.shape[d] == 1 && shape[d + shift] != 1;
    out.strides[static_cast<std::size_t>(d + shift)] = repeated ? 0 : in.strides[static_cast<std::size_t>(d)];
  }
  return out;
}

GatherPlan make_plan(const Layout& layout, const ResolvedIndex& r) {
  const Layout view = apply_basic(layout, r.basic);
  GatherPlan plan;
  plan.out_shape = r.out_shape;
  std::vector<bool> indexed(static_cast<std::size_t>(view.shape.ndim()), false);
  for (const int d : r.indexed_dims) indexed[static_cast<std::size_t>(d)] = true;
  int rest = 0;
  for (int d = 0; d < view.shape.ndim(); ++d) {
    if (indexed[static_cast<std::size_t>(d)]) continue;
    Layout& part = rest++ < r.insert_at ? plan.pre : plan.post;
    part.strides[static_cast<std::size_t>(part.shape.ndim())] = view.strides[static_cast<std::size_t>(d)];
    part.shape.push_back(view.shape[d]);
  }
  plan.post_contiguous = row_major(plan.post);
  plan.offsets.assign(static_cast<std::size_t>(r.bshape.numel()), view.offset);
  std::int64_t* offsets = plan.offsets.data();
  for (std::size_t k = 0; k < r.arrays.size(); ++k) {
    const Tensor& array = r.arrays[k];
    const std::int64_t* a = array.data<std::int64_t>();
    const std::int64_t stride = view.strides[static_cast<std::size_t>(r.indexed_dims[k])];
    if (array.shape() == r.bshape) {
      for (std::size_t b = 0; b < plan.offsets.size(); ++b) offsets[b] += a[b] * stride;
    } else {
      const std::array<Strides, 2> strides{contiguous_strides(r.bshape),
                                           broadcast_strides(array.shape(), r.bshape)};
      for_each_row(r.bshape, strides, [&](const auto& off, std::int64_t length, const auto& steps) {
        for (std::int64_t j = 0; j < length; ++j)
          offsets[off[0] + j * steps[0]] += a[off[1] + j * steps[1]] * stride;
      });
    }
  }
  return plan;
}

Tensor gather_plan(const void* base, DType dtype, const GatherPlan& plan) {
  Tensor out = Tensor::empty(plan.out_shape, dtype);
  if (out.numel() == 0) return out;
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    gather_loops(static_cast<const T*>(base), plan, out.data<T>());
  });
  return out;
}

void put_plan(void* base, DType dtype, const GatherPlan& plan, const Tensor& values, bool accumulate) {
  if (plan.out_shape.numel() == 0) return;
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    const bool scalar = values.numel() == 1;
    if (accumulate) {
      put_loops<true>(static_cast<T*>(base), plan, values.data<T>(), scalar);
    } else {
      put_loops<false>(static_cast<T*>(base), plan, values.data<T>(), scalar);
    }
  });
}

Tensor gather_index(const Tensor& x, const ResolvedIndex& r, const char* name) {
  const bool broadcast = r.shape != x.shape();
  Layout relative = contiguous_layout(x.shape());
  if (broadcast) relative = broadcast_layout(relative, r.shape);
  const bool record_it = should_record({&x});
  Tensor out;
  if (x.is_contiguous()) {  // one plan serves both passes
    GatherPlan plan = make_plan(relative, r);
    out = gather_plan(x.raw_data(), x.dtype(), plan);
    if (record_it) record<IndexNode>(out, {&x}, name, x.shape(), std::move(plan));
    return out;
  }
  Layout own = layout_of(x);
  if (broadcast) own = broadcast_layout(own, r.shape);
  out = gather_plan(x.storage()->data(), x.dtype(), make_plan(own, r));
  if (record_it) record<IndexNode>(out, {&x}, name, x.shape(), make_plan(relative, r));
  return out;
}

Tensor put_index(const Tensor& x, const ResolvedIndex& r, const Tensor& values_in, bool accumulate,
                 const char* name) {
  if (r.shape != x.shape()) throw std::logic_error("internal error: put_index through a broadcast index");
  const Tensor values = cast(values_in, x.dtype());  // on the tape when the dtypes differ
  check_values_shape(values, r.out_shape);
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  copy_strided(out, x);
  GatherPlan plan = make_plan(contiguous_layout(x.shape()), r);
  put_plan(out.raw_data(), out.dtype(), plan, prepared_values(values, r.out_shape), accumulate);
  if (should_record({&x, &values})) {
    std::vector<std::int64_t> losers;
    if (!accumulate && values.requires_grad()) losers = overwritten_positions(plan.offsets);
    record<PutNode>(out, {&x, &values}, name, std::move(plan), values.shape(), accumulate, std::move(losers));
  }
  return out;
}

void put_index_direct(const Tensor& x, const ResolvedIndex& r, const Tensor& values_in, bool accumulate) {
  NoGradGuard no_grad;
  Tensor values = cast(values_in, x.dtype());
  check_values_shape(values, r.out_shape);
  if (values.storage() == x.storage()) values = clone(values);  // x[idx] = x[0] reads before writing
  put_plan(x.storage()->data(), x.dtype(), make_plan(layout_of(x), r), prepared_values(values, r.out_shape),
           accumulate);
}

Tensor& put_index_(Tensor& x, const ResolvedIndex& r, const Tensor& values, bool accumulate, const char* name,
                   const char* node_name) {
  check_values_shape(values, r.out_shape);
  auto direct = [&](Tensor& t) { put_index_direct(t, r, values, accumulate); };
  auto out_of_place = [&](const Tensor& t) { return put_index(t, r, values, accumulate, node_name); };
  return update_in_place(x, name, {&values}, direct, out_of_place);
}

Tensor expand_view(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  if (x.ndim() > shape.ndim() || broadcast_shapes(x.shape(), shape) != shape) {
    throw std::invalid_argument("a tensor of shape " + x.shape().str() + " cannot be broadcast to shape " +
                                shape.str());
  }
  return layout_broadcast_view(x, shape);
}

Tensor advanced_index(const Tensor& x, const std::vector<TensorIndex>& indices) {
  return gather_index(x, resolve_index(x.shape(), indices), "Index");
}

Tensor& advanced_index_put_(Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                            bool accumulate) {
  // x[mask] = number with a mask of x's shape: masked_fill_, one pass without index arrays.
  if (!accumulate && indices.size() == 1 && indices[0].kind() == TensorIndex::Kind::Tensor &&
      indices[0].tensor().dtype() == DType::Bool && indices[0].tensor().shape() == x.shape() &&
      values.numel() == 1 && values.ndim() <= 1) {
    return masked_fill_(x, indices[0].tensor(), values.ndim() == 0 ? values : reshape(values, {}));
  }
  return put_index_(x, resolve_index(x.shape(), indices), values, accumulate, "index_put_",
                    accumulate ? "IndexPutAccumulate" : "IndexPut");
}

}  // namespace tapegrad::detail
