#pragma once
// Indexing, as x[...] in NumPy and PyTorch: integers, slices, None (a new axis), an ellipsis,
// and integer or bool tensors. Integers, slices, None and the ellipsis ("basic" indices) make a
// view that shares x's memory; tensors ("advanced" indices) gather a copy. Gradients flow back
// through both, and repeated indices accumulate.
#include <cstdint>
#include <optional>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

// start:stop:step as Python writes it: missing bounds mean the ends (which end depends on the
// step's sign), negative bounds count from the end, and out-of-range bounds are clipped.
struct Slice {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> stop;
  std::int64_t step = 1;  // non-zero; negative walks backwards (as NumPy; PyTorch refuses it)
};

// One entry of an index.
class TensorIndex {
 public:
  enum class Kind { Integer, Slice, NewAxis, Ellipsis, Tensor };

  TensorIndex(std::int64_t i) : kind_(Kind::Integer), integer_(i) {}  // NOLINT: x[{1, Slice{}}] reads well
  TensorIndex(int i) : TensorIndex(static_cast<std::int64_t>(i)) {}   // NOLINT
  TensorIndex(const Slice& s) : kind_(Kind::Slice), slice_(s) {}      // NOLINT
  TensorIndex(const Tensor& t) : kind_(Kind::Tensor), tensor_(t) {}   // NOLINT
  static TensorIndex new_axis() { return TensorIndex(Kind::NewAxis); }
  static TensorIndex ellipsis() { return TensorIndex(Kind::Ellipsis); }

  Kind kind() const noexcept { return kind_; }
  std::int64_t integer() const noexcept { return integer_; }
  const Slice& slice() const noexcept { return slice_; }
  const Tensor& tensor() const noexcept { return tensor_; }

 private:
  explicit TensorIndex(Kind kind) : kind_(kind) {}
  Kind kind_;
  std::int64_t integer_ = 0;
  Slice slice_;
  Tensor tensor_;
};

// x[indices]. Throws std::out_of_range for an index out of bounds and std::invalid_argument for
// too many indices, a second ellipsis, a zero step, or index tensors that do not broadcast; a
// tensor index must be an integer or bool tensor (tapegrad::type_error otherwise).
//
// With tensor ("advanced") indices, as NumPy and PyTorch: integer tensors select along their
// dimension (negative values count from the end), bool tensors are masks over as many
// dimensions as they have (selecting as their nonzero() would; a 0-d bool adds a dimension of
// size 1 or 0), and all index tensors broadcast together to one shape B. The result is a copy:
// B's dimensions replace the indexed ones where the index tensors stand when they are next to
// each other, and come first when a slice, None or an ellipsis separates them. NumPy counts
// integers as index arrays and an ellipsis as a separator even when it covers no dimension;
// PyTorch does neither: where that changes the result's layout (x[0, :, idx], whose result is
// (len(idx), n) in NumPy and (n, len(idx)) in PyTorch), std::out_of_range explains both. A
// uint8 tensor index is refused (PyTorch reads it as a mask, NumPy as integers). The gradient
// scatter-adds into zeros of x's shape: repeated indices accumulate.
Tensor index(const Tensor& x, const std::vector<TensorIndex>& indices);

// x[indices] = values, in place (values broadcast to the indexed shape and converted to x's
// dtype), under the rules of in-place updates in ops.hpp. With accumulate, values are added
// instead, and repeated indices add each of their values (as index_put_ in PyTorch). Without
// it, where tensor indices repeat a position the last write wins (NumPy's rule; PyTorch leaves
// the order undefined), and only that write receives a gradient.
Tensor& index_put_(Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                   bool accumulate = false);
// The same out of place: a copy of x with the update applied (torch.index_put).
Tensor index_put(const Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                 bool accumulate = false);

// ---- Gathers and scatters along one dimension, as the PyTorch functions of the same names.
// Index tensors must be int32 or int64 (tapegrad::type_error otherwise); an index out of bounds
// throws std::out_of_range naming the index, the dimension and its size; `dim` may be negative
// (std::out_of_range when out of range). Gradients flow to every floating-point tensor operand
// but the indices, as in PyTorch.

// out[i][j][k] = input[index[i][j][k]][j][k] (dim 0), and so on: index has input's number of
// dimensions and is no larger than input along the others; out has index's shape. Negative
// indices are out of bounds. The gradient scatter-adds into zeros of input's shape.
Tensor gather(const Tensor& input, int dim, const Tensor& index);
// input's values along dim at `indices` (broadcast against input along the other dimensions,
// negative indices counting from the end).
Tensor take_along_dim(const Tensor& input, const Tensor& indices, int dim);
// The same on input and indices flattened.
Tensor take_along_dim(const Tensor& input, const Tensor& indices);

// How scatter_reduce combines the values that land on one position.
enum class ScatterReduce { Sum, Prod, Mean, Amax, Amin };

// A copy of input with out[index[i][j]][j] = src[i][j] (dim 0), ...: index has input's number of
// dimensions, no larger than src anywhere nor than input apart from dim; src has input's dtype.
// Where index repeats a position the last write (in index's row-major order) wins, and only it
// receives src's gradient (PyTorch: an undefined order). The `value` forms write one number
// (a 0-d tensor converted to input's dtype).
Tensor scatter(const Tensor& input, int dim, const Tensor& index, const Tensor& src);
Tensor scatter(const Tensor& input, int dim, const Tensor& index, double value);
Tensor& scatter_(Tensor& input, int dim, const Tensor& index, const Tensor& src);
Tensor& scatter_(Tensor& input, int dim, const Tensor& index, double value);
// The same with the values added: repeated positions accumulate.
Tensor scatter_add(const Tensor& input, int dim, const Tensor& index, const Tensor& src);
Tensor& scatter_add_(Tensor& input, int dim, const Tensor& index, const Tensor& src);
// The values landing on each position combined by `reduce`, with input's own value included
// (include_self) or replaced. mean of integers rounds toward minus infinity, as PyTorch. The
// gradient of amax/amin is shared evenly among the values equal to the result; prod's handles
// zeros exactly.
Tensor scatter_reduce(const Tensor& input, int dim, const Tensor& index, const Tensor& src,
                      ScatterReduce reduce, bool include_self = true);
Tensor& scatter_reduce_(Tensor& input, int dim, const Tensor& index, const Tensor& src, ScatterReduce reduce,
                        bool include_self = true);

// input's slices along dim at the entries of a 1-D (or 0-d) index: out.shape[dim] = numel(index).
// Negative indices are out of bounds. The gradient is index_add's.
Tensor index_select(const Tensor& input, int dim, const Tensor& index);
// A copy of input with source's slices added at (index_add), copied to (index_copy) or `value`
// written at (index_fill) the positions of a 1-D index along dim; source has input's shape but
// numel(index) along dim. index_fill accepts negative indices (as PyTorch), the others do not.
// value is a 0-d tensor (a number wrapped): it receives the gradient of every filled element.
Tensor index_add(const Tensor& input, int dim, const Tensor& index, const Tensor& source, double alpha = 1.0);
Tensor& index_add_(Tensor& input, int dim, const Tensor& index, const Tensor& source, double alpha = 1.0);
Tensor index_copy(const Tensor& input, int dim, const Tensor& index, const Tensor& source);
Tensor& index_copy_(Tensor& input, int dim, const Tensor& index, const Tensor& source);
Tensor index_fill(const Tensor& input, int dim, const Tensor& index, const Tensor& value);
Tensor& index_fill_(Tensor& input, int dim, const Tensor& index, const Tensor& value);

// input's elements as if it were 1-D, at `index` (any shape, negative counting from the end).
Tensor take(const Tensor& input, const Tensor& index);

// ---- Masks: bool tensors (tapegrad::type_error for other dtypes) broadcast against input.
// input with `value` (a 0-d tensor) where mask is true; out of place input and mask broadcast
// together, in place mask broadcasts to input's shape.
Tensor masked_fill(const Tensor& input, const Tensor& mask, const Tensor& value);
Tensor& masked_fill_(Tensor& input, const Tensor& mask, const Tensor& value);
// The elements where mask is true, in row-major order, as a 1-D tensor.
Tensor masked_select(const Tensor& input, const Tensor& mask);
// input with source's first elements (in row-major order) written where mask is true;
// source needs at least as many elements as mask has true ones.
Tensor masked_scatter(const Tensor& input, const Tensor& mask, const Tensor& source);
Tensor& masked_scatter_(Tensor& input, const Tensor& mask, const Tensor& source);

// The indices of the non-zero elements: an int64 tensor of shape (count, ndim), in row-major
// order (torch.nonzero, torch.argwhere); no gradient.
Tensor nonzero(const Tensor& input);
// The same as one 1-D tensor per dimension (nonzero(as_tuple=True); a 0-d input counts as 1-D).
std::vector<Tensor> nonzero_tuple(const Tensor& input);

// weight's rows at `indices` (int32 or int64, any shape): out.shape = indices.shape + (dim,).
// The gradient scatter-adds into weight's rows, skipping padding_idx's (negative counts from the
// end) and, with scale_grad_by_freq, dividing each row's by how often the indices name it.
Tensor embedding(const Tensor& weight, const Tensor& indices,
                 std::optional<std::int64_t> padding_idx = std::nullopt, bool scale_grad_by_freq = false);
// Rescales, in place and without recording, each row of weight that indices name whose
// norm_type-norm exceeds max_norm to norm max_norm (torch.embedding_renorm_).
Tensor& embedding_renorm_(Tensor& weight, const Tensor& indices, double max_norm, double norm_type);

}  // namespace tapegrad
