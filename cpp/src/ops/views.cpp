#include "ops/views.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "ops/arith.hpp"
#include "ops/broadcast.hpp"
#include "ops/recording.hpp"
#include "small_alloc.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/shape_ops.hpp"

namespace tapegrad {

namespace detail {

namespace {
// Strides that equal the row-major ones (dimensions of size 1 may have any stride) describe a
// contiguous tensor: such a view gets no strides of its own, so kernels read it directly.
std::unique_ptr<Strides> strides_unless_contiguous(const Shape& shape, const Strides& strides) {
  std::int64_t expected = 1;
  bool contiguous = true;
  for (int d = shape.ndim() - 1; d >= 0; --d) {
    if (shape[d] == 0) return nullptr;  // no elements: any layout is contiguous
    if (shape[d] != 1 && strides[static_cast<std::size_t>(d)] != expected) contiguous = false;
    expected *= shape[d];
  }
  return contiguous ? nullptr : std::make_unique<Strides>(strides);
}

// The strides that read `src` (any layout) as if broadcast to `shape`.
Strides broadcast_layout_strides(const Tensor& src, const Shape& shape) {
  const Strides own = src.strides();
  const Shape& in = src.shape();
  Strides out{};
  const int shift = shape.ndim() - in.ndim();
  for (int d = 0; d < in.ndim(); ++d) {
    const bool broadcast = in[d] == 1 && shape[d + shift] != 1;
    out[static_cast<std::size_t>(d + shift)] = broadcast ? 0 : own[static_cast<std::size_t>(d)];
  }
  return out;
}

void check_broadcastable(const Tensor& dst, const Tensor& src) {
  if (src.dtype() != dst.dtype()) throw std::logic_error("internal error: strided copy between dtypes");
  if (!broadcasts_to(src.shape(), dst.shape())) {
    throw std::invalid_argument("a tensor of shape " + src.shape().str() +
                                " cannot be broadcast to the target's shape " + dst.shape().str());
  }
}

// f(dst_element, src_element) for every element of dst, src broadcast to it.
template <class F>
void for_each_pair(const Tensor& dst, const Tensor& src, F f) {
  check_broadcastable(dst, src);
  dispatch(dst.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* d = dst.strided_data<T>();
    const T* s = src.strided_data<T>();
    const std::array<Strides, 2> strides{dst.strides(), broadcast_layout_strides(src, dst.shape())};
    for_each_row(dst.shape(), strides, [&](const auto& offsets, std::int64_t length, const auto& steps) {
      T* dp = d + offsets[0];
      const T* sp = s + offsets[1];
      for (std::int64_t j = 0; j < length; ++j) f(dp[j * steps[0]], sp[j * steps[1]]);
    });
  });
}

// d(view)/d(base): the gradient lands in zeros of base's shape at the view's positions, summed
// where the view repeats an element (expand). A view that only reshapes hands the gradient on
// in the base's shape, without a copy.
struct ViewNode : Node {
  ViewNode(const char* name, const Shape& base_shape_, const Layout& relative_)
      : Node(name), base_shape(base_shape_), relative(relative_) {}
  Grads backward(Tensor g) override {
    if (reshapes_only()) return {alias(g, base_shape)};
    Tensor grad = Tensor::zeros(base_shape, g.dtype());
    add_strided(alias_layout(grad, relative), g);
    return {std::move(grad)};
  }
  // The gradient placed with a differentiable op: the view's positions of zeros, summed where
  // the view repeats an element, as index_put with accumulation would.
  Grads backward_graph(Tensor g) override;
  // A reshape hands g on as a view of its buffer: a plan follows it (Recorder::alias). The
  // other views place g into zeros: not replayable yet.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    if (!reshapes_only()) Node::record_backward(rec, g, grads);
  }
  bool reshapes_only() const {
    return relative.offset == 0 && relative.shape.numel() == base_shape.numel() &&
           relative.strides == contiguous_strides(relative.shape);
  }
  Shape base_shape;
  Layout relative;
};

// out = base with the region `relative` replaced by values: PyTorch's CopySlices. Recorded in
// place of an in-place update made through a view.
struct CopySlicesNode : Node {
  CopySlicesNode(const Layout& relative_, const Shape& values_shape_)
      : Node("CopySlices"), relative(relative_), values_shape(values_shape_) {}
  Grads backward(Tensor g) override {
    Grads grads;
    if (needs_grad(*this, 1)) grads[1] = sum_to(alias_layout(g, relative).contiguous(), values_shape);
    if (needs_grad(*this, 0)) {  // the overwritten elements do not reach the base's new values
      Tensor kept = clone(g);
      copy_strided(alias_layout(kept, relative), Tensor::zeros(Shape{}, kept.dtype()));
      grads[0] = std::move(kept);
    }
    return grads;
  }
  // The same rule with ops (defined after `shifted`).
  Grads backward_graph(Tensor g) override;
  Layout relative;
  Shape values_shape;
};

// The layout `relative` (placed against a row-major base) moved to start where `in` starts: the
// view of a contiguous tensor that is not at its storage's start.
Layout shifted(const Layout& in, const void* relative) {
  const Layout& r = *static_cast<const Layout*>(relative);
  return {r.shape, r.strides, in.offset + r.offset};
}

// A view's backward as an op of its own: g placed at the view's positions in zeros of the base's
// shape, summed where the view repeats an element. Recorded by a recorded backward, so that it
// can be differentiated again: its own backward is the view.
struct PlaceNode : Node {
  explicit PlaceNode(const Layout& relative_) : Node("ViewBackward"), relative(relative_) {}
  Grads backward(Tensor g) override {
    const Tensor c = g.contiguous();
    return {alias_layout(c, shifted(layout_of(c), &relative)).contiguous()};
  }
  Grads backward_graph(Tensor g) override {
    return {make_view(g.contiguous(), "View", shifted, &relative).contiguous()};
  }
  Layout relative;
};

Node::Grads ViewNode::backward_graph(Tensor g) {
  if (reshapes_only())
    return {reshape(g.contiguous(), {base_shape.begin(), base_shape.begin() + base_shape.ndim()})};
  Tensor grad = Tensor::zeros(base_shape, g.dtype());
  add_strided(alias_layout(grad, relative), g);
  if (should_record({&g})) record<PlaceNode>(grad, {&g}, relative);
  return {std::move(grad)};
}

// The region read through a recorded view, the overwritten elements masked by a constant.
Node::Grads CopySlicesNode::backward_graph(Tensor g) {
  Grads grads;
  const Tensor gc = g.contiguous();
  if (needs_grad(*this, 1)) {
    grads[1] = sum_to(make_view(gc, "View", shifted, &relative).contiguous(), values_shape);
  }
  if (needs_grad(*this, 0)) {
    const Tensor keep = Tensor::full(gc.shape(), 1.0, gc.dtype());
    copy_strided(alias_layout(keep, relative), Tensor::zeros(Shape{}, keep.dtype()));
    grads[0] = mul(gc, keep);
  }
  return grads;
}

// Makes the view's history a ViewNode of its base's current history.
void link_to_base(const Tensor& view, const char* name) {
  TensorImpl& v = *view.impl();
  const Tensor base(v.view->base);
  auto node = make_cached<ViewNode>(name, base.shape(), v.view->relative);
  node->set_inputs({&base});
  if (OutputLinks::enabled() || v.retains_grad) node->output = view.impl_ptr();
  node->output_retains_grad = v.retains_grad;
  v.grad_fn = std::move(node);
  v.requires_grad = true;
}

// Whether the view's node is a view of the base's current history.
bool history_is_current(const TensorImpl& view) {
  const Edge& edge = view.grad_fn->input(0);
  const TensorImpl& base = *view.view->base;
  return base.grad_fn ? edge.node == base.grad_fn : edge.leaf.get() == &base;
}
}  // namespace

Layout layout_of(const Tensor& t) { return {t.shape(), t.strides(), t.storage_offset()}; }

Layout contiguous_layout(const Shape& shape) { return {shape, contiguous_strides(shape), 0}; }

Tensor alias_storage(std::shared_ptr<Storage> storage, std::int64_t offset_bytes, const Shape& shape,
                     DType dtype) {
  auto impl = make_cached<TensorImpl>(std::move(storage), shape, dtype);
  impl->data = static_cast<unsigned char*>(impl->data) + offset_bytes;
  return Tensor(std::move(impl));
}

Tensor alias(const Tensor& x, const Shape& shape) {
  if (!x.is_contiguous() || shape.numel() != x.numel()) {
    throw std::logic_error("internal error: alias of a strided tensor or to another size");
  }
  checked_nbytes(shape, x.dtype());
  auto impl = make_cached<TensorImpl>(x.storage(), shape, x.dtype());
  impl->data = x.raw_data();
  return Tensor(std::move(impl));
}

Tensor alias_layout(const Tensor& x, const Layout& layout) {
  auto impl = make_cached<TensorImpl>(x.storage(), layout.shape, x.dtype());
  impl->data = static_cast<unsigned char*>(x.storage()->data()) +
               layout.offset * static_cast<std::int64_t>(itemsize(x.dtype()));
  impl->strides = strides_unless_contiguous(layout.shape, layout.strides);
  return Tensor(std::move(impl));
}

Tensor make_view(const Tensor& base, const char* name, Layout (*transform)(const Layout&, const void*),
                 const void* args) {
  Tensor view = alias_layout(base, transform(layout_of(base), args));
  // Views of views are views of the root: the relative layout composes. A view that is itself a
  // leaf requiring a gradient (requires_grad_() on a view of a constant), or that retains its
  // gradient, is the root of its own views: their gradients must reach it.
  TensorImpl& b = *base.impl();
  b.has_views = true;
  const bool of_root = b.view && !(b.requires_grad && !b.grad_fn) && !b.retains_grad;
  auto info = std::make_unique<ViewInfo>();
  info->base = of_root ? b.view->base : base.impl_ptr();
  info->relative = transform(of_root ? b.view->relative : contiguous_layout(base.shape()), args);
  view.impl()->view = std::move(info);
  if (should_record({&base})) link_to_base(view, name);
  return view;
}

void refresh_view_history(const Tensor& view) {
  const TensorImpl& v = *view.impl();
  if (v.view && v.grad_fn && !history_is_current(v)) link_to_base(view, v.grad_fn->name());
}

void rebase_through_view(const Tensor& view, const Tensor& values) {
  TensorImpl& v = *view.impl();
  TensorImpl& base = *v.view->base;
  if (!base.grad_fn && base.requires_grad) {
    throw std::runtime_error(
        "a view of a leaf tensor that requires grad (a parameter) cannot be changed in place while "
        "gradients are recorded; wrap the update in no_grad()");
  }
  if (base.view) {  // a view that retains its gradient, the root of this view
    throw std::runtime_error(
        "an in-place change through a view of a view that retains its gradient is not supported while "
        "gradients are recorded: make the change on the view itself, or call retain_grad() on a clone()");
  }
  const Tensor base_tensor(v.view->base);
  auto node = make_cached<CopySlicesNode>(v.view->relative, values.shape());
  node->set_inputs({&base_tensor, &values});
  if (OutputLinks::enabled()) node->output = v.view->base;
  base.grad_fn = std::move(node);
  base.requires_grad = true;
  link_to_base(view, v.grad_fn ? v.grad_fn->name() : "View");
}

bool has_internal_overlap(const Layout& layout) noexcept {
  if (layout.shape.numel() == 0) return false;  // no elements, nothing shared
  for (int d = 0; d < layout.shape.ndim(); ++d) {
    if (layout.shape[d] > 1 && layout.strides[static_cast<std::size_t>(d)] == 0) return true;
  }
  return false;
}

void copy_strided(const Tensor& dst, const Tensor& src) {
  for_each_pair(dst, src, [](auto& d, auto s) { d = s; });
}

void add_strided(const Tensor& dst, const Tensor& src) {
  for_each_pair(dst, src, [](auto& d, auto s) { d = wrapping_add(d, s); });
}

}  // namespace detail

namespace {
// A differentiable copy: the gradient passes through unchanged.
struct CopyNode : Node {
  explicit CopyNode(const char* name) : Node(name) {}
  Grads backward(Tensor g) override { return {std::move(g)}; }
  Grads backward_graph(Tensor g) override { return {std::move(g)}; }
};

Tensor copy_of(const Tensor& x, const char* name) {
  Tensor out = Tensor::empty(x.shape(), x.dtype());
  detail::copy_strided(out, x);
  if (detail::should_record({&x})) detail::record<CopyNode>(out, {&x}, name);
  return out;
}
}  // namespace

Tensor Tensor::contiguous() const { return is_contiguous() ? *this : copy_of(*this, "Contiguous"); }

Tensor clone(const Tensor& x) { return copy_of(x, "Clone"); }

}  // namespace tapegrad
