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
Tensor index(const Tensor& x, const std::vector<TensorIndex>& indices);

// x[indices] = values, in place (values broadcast to the indexed shape and converted to x's
// dtype), under the rules of in-place updates in ops.hpp. With accumulate, values are added
// instead, and repeated indices add each of their values (as index_put_ in PyTorch).
Tensor& index_put_(Tensor& x, const std::vector<TensorIndex>& indices, const Tensor& values,
                   bool accumulate = false);

}  // namespace tapegrad
