#pragma once
// Views: tensors that share their base's storage through a layout of their own (indexing,
// transpose, expand, reshape, ...), and the strided copies that read and write them.
//
// A view's history is always "a view of its base": while recording, its node is a ViewNode
// whose input is the base (the root of views of views). When the base's history changes (an
// in-place op on it, or on any view of it, rewrites the base's grad_fn), the view's node is
// replaced on its next use (refresh_view_history), as PyTorch regenerates a view's grad_fn: the
// view's values changed with the base's, so its history follows.
#include <cstdint>
#include <memory>

#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// Where a tensor's elements lie in its storage, in elements: element (i, j, ...) is at
// offset + i * strides[0] + j * strides[1] + ...
struct Layout {
  Shape shape;
  Strides strides{};
  std::int64_t offset = 0;
};

// What a view knows of its base: the tensor itself (kept alive, as a PyTorch view keeps its
// _base) and where the view lies in it, relative to a row-major layout of the base's shape.
struct ViewInfo {
  std::shared_ptr<TensorImpl> base;
  Layout relative;
};

// A tensor's layout; the offset counts from its storage's start.
Layout layout_of(const Tensor& t);
// Row-major `shape` from offset 0.
Layout contiguous_layout(const Shape& shape);

// The bytes a tensor of `shape` takes; throws std::overflow_error when the byte strides of its
// non-empty dimensions do not fit in int64 (as NumPy demands, even of empty tensors).
std::size_t checked_nbytes(const Shape& shape, DType dtype);

// A contiguous tensor of `shape` over `storage`, from `offset_bytes` on: no copy, no tape.
Tensor alias_storage(std::shared_ptr<Storage> storage, std::int64_t offset_bytes, const Shape& shape,
                     DType dtype);
// The values of contiguous `x` seen in another shape of the same size: no copy, no tape.
Tensor alias(const Tensor& x, const Shape& shape);
// The tensor that `layout` describes over x's storage: no tape.
Tensor alias_layout(const Tensor& x, const Layout& layout);

// A view of `base`: `transform` maps a layout to the view's (pure shape arithmetic, throwing
// for bad arguments). It runs on base's own layout to place the view, and on a row-major layout
// of base's shape to place the view's gradient: while recording the view is one node, named
// `name`, whose backward scatters the gradient into zeros of base's shape.
Tensor make_view(const Tensor& base, const char* name, Layout (*transform)(const Layout&, const void*),
                 const void* args);
template <class Transform>
Tensor make_view(const Tensor& base, const char* name, const Transform& transform) {
  auto call = [](const Layout& in, const void* f) { return (*static_cast<const Transform*>(f))(in); };
  return make_view(base, name, +call, &transform);
}

// Replaces the node of a view made while recording by a view of its base's current history,
// when an in-place op has rewritten the base's grad_fn since. Called wherever a view's history
// is read: before it becomes an op's input, and when Python asks for grad_fn.
void refresh_view_history(const Tensor& view);

// For an in-place update of `view` recorded on the tape: the base's history becomes "the old base
// with the view's region replaced by `values`" (PyTorch's CopySlices), and the view's follows.
// `values` already sit in the view's memory. Throws std::runtime_error when the base is a leaf
// that requires a gradient.
void rebase_through_view(const Tensor& view, const Tensor& values);

// Whether some element of `layout` shares its memory with another (a stride of 0 over a
// dimension longer than 1, as expand makes): such a tensor cannot be written in place.
bool has_internal_overlap(const Layout& layout) noexcept;

// dst = src and dst += src: src has dst's dtype and broadcasts to dst's shape; either may be any
// view. Elementwise in row-major order, so dst must not overlap src (callers copy src first).
void copy_strided(const Tensor& dst, const Tensor& src);
void add_strided(const Tensor& dst, const Tensor& src);

}  // namespace tapegrad::detail
