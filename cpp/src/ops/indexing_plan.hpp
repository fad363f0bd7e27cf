#pragma once
// The steps of indexing shared by basic (indexing.cpp) and advanced (advanced_indexing.cpp)
// indices, and the gathers and scatters through tensor indices that the functions of
// gather_ops.cpp and scatter_ops.cpp (index_select, index_add_, masked_select, ...) are made of.
#include <cstdint>
#include <vector>

#include "ops/views.hpp"
#include "tapegrad/indexing.hpp"

namespace tapegrad::detail {

// The index with its ellipsis replaced by full slices, and full slices appended for the
// dimensions it does not mention: one entry per dimension consumed, plus the new axes. Throws
// for a second ellipsis or more indices than dimensions.
std::vector<TensorIndex> expand_index(const std::vector<TensorIndex>& indices, int ndim);
bool has_tensor_index(const std::vector<TensorIndex>& entries);

// The layout of x[entries] given x's layout, for an expanded index: integers drop their
// dimension, slices narrow and stride theirs, None adds one of size 1; the dimensions of tensor
// entries are kept whole (the gather that follows selects along them).
Layout apply_basic(const Layout& in, const std::vector<TensorIndex>& entries);

// x[indices] and x[indices] = values for an index holding at least one tensor (`indices` as
// the caller wrote it, before expand_index: the ellipsis matters to where the result's
// dimensions go).
Tensor advanced_index(const Tensor& x, const std::vector<TensorIndex>& indices);
Tensor& advanced_index_put_(Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                            bool accumulate);
// An index with tensors resolved against a shape, independent of any memory layout. The result
// of x[index] is pre x B x post in row-major order: B is the broadcast shape of the index
// arrays, pre and post are the dimensions of the basic view (apply_basic) that no array
// selects along, split where B goes.
struct ResolvedIndex {
  Shape shape;                     // the shape it was resolved against
  std::vector<TensorIndex> basic;  // the expanded index (tensor entries keep their dimensions)
  std::vector<int> indexed_dims;   // the basic view's dimensions the arrays select along
  std::vector<Tensor> arrays;      // one per indexed dimension: int64, contiguous, in range
  Shape bshape;                    // the arrays' broadcast shape
  int insert_at = 0;               // how many of the view's other dimensions come before B
  Shape out_shape;
};

// How an index treats negative integers in its tensors: counting from the end (x[...], take,
// index_fill) or as out of bounds (index_select, index_add, embedding, as in PyTorch).
enum class Negatives { Wrap, Refuse };

// Throws std::out_of_range (IndexError) for an index out of bounds, a mask whose shape does not
// match the dimensions it covers, index arrays that do not broadcast, a uint8 index (PyTorch
// reads it as a mask, NumPy as integers: refused) and an index whose result NumPy and PyTorch
// would lay out differently; tapegrad::type_error for floating-point index tensors.
ResolvedIndex resolve_index(const Shape& shape, const std::vector<TensorIndex>& indices,
                            Negatives negatives = Negatives::Wrap);

// Where the elements of x[index] lie for one layout of x: for each position of B, the offset
// (in elements, from the layout's base) where its block starts; pre and post give the shapes
// and strides of the rest.
struct GatherPlan {
  Shape out_shape;
  Layout pre, post;                   // offsets unused
  std::vector<std::int64_t> offsets;  // one per element of B
  bool post_contiguous = false;       // post's elements are consecutive in memory
};
GatherPlan make_plan(const Layout& layout, const ResolvedIndex& index);

// The layout `in` broadcast to `shape` (stride 0 along new or size-1 dimensions); `in`'s shape
// must broadcast to it.
Layout broadcast_layout(const Layout& in, const Shape& shape);

// A new contiguous tensor of plan.out_shape holding the elements the plan reads from `base`
// (element 0 of the layout the plan was made for).
Tensor gather_plan(const void* base, DType dtype, const GatherPlan& plan);
// Writes `values` (the plan's out_shape, contiguous, of the destination's dtype, or a single
// element written everywhere) to the elements the plan addresses from `base`: copied (for
// repeated positions the last write wins) or added (repeated positions add each value).
void put_plan(void* base, DType dtype, const GatherPlan& plan, const Tensor& values, bool accumulate);

// A differentiable gather through a resolved index: x[index], with x broadcast (no copy) to the
// shape the index was resolved against when that is larger (masked_select); the gradient
// scatter-adds into zeros of x's shape, repeated positions accumulating. `name` names the node.
Tensor gather_index(const Tensor& x, const ResolvedIndex& index, const char* name);

// Out of place: a copy of x with the indexed elements set to (or increased by) `values`,
// which must broadcast to index.out_shape and are converted to x's dtype. One node, whose
// gradient reaches x's untouched elements (all of them with accumulate) and values (only the
// writes that were not overwritten by a later repeat of their position).
Tensor put_index(const Tensor& x, const ResolvedIndex& index, const Tensor& values, bool accumulate,
                 const char* name);
// In place, no tape: x's own memory (any layout) written through the index.
void put_index_direct(const Tensor& x, const ResolvedIndex& index, const Tensor& values, bool accumulate);
// x updated in place through the index under the rules of in-place updates (ops.hpp).
// `name` names the update in errors ("index_add_"), `node_name` its node.
Tensor& put_index_(Tensor& x, const ResolvedIndex& index, const Tensor& values, bool accumulate,
                   const char* name, const char* node_name);

// A differentiable view of x broadcast to `shape` (stride 0 where it repeats; no copy).
Tensor expand_view(const Tensor& x, const Shape& shape);

}  // namespace tapegrad::detail
