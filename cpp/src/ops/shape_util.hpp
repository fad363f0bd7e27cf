#pragma once
// What the shape ops share (internal): PyTorch's dimension wrapping and its messages, shapes
// printed as PyTorch prints size lists, and the size-inference of view and reshape.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ops/views.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// dim in [-ndim, ndim) made non-negative; a 0-d tensor takes -1 and 0, as in PyTorch.
// std::out_of_range with PyTorch's message otherwise:
// "Dimension out of range (expected to be in range of [-2, 1], but got 5)".
int wrap_dim(std::int64_t dim, int ndim);

// "[2, 3]": a size list as PyTorch prints it in messages.
std::string size_list(const std::vector<std::int64_t>& sizes);
std::string size_list(const Shape& shape);

// The sizes of `requested` with its -1 (at most one) inferred so that they hold the elements of
// a tensor of shape `input`; std::invalid_argument in PyTorch's words otherwise (`op` names the
// caller).
Shape infer_size(const char* op, const std::vector<std::int64_t>& requested, const Shape& input);

// The strides that view `old_shape` with `old_strides` as `new_shape` (same element count),
// or nothing when the memory layout does not allow it: PyTorch's computeStride.
std::optional<Strides> view_strides(const Shape& old_shape, const Strides& old_strides,
                                    const Shape& new_shape);

// The layout of x[..., index, ...] (index along dim, which disappears): select's view.
Layout select_layout(const Layout& in, int dim, std::int64_t index);
// The layout of elements start..start+length-1 along dim: narrow's view.
Layout narrow_layout(const Layout& in, int dim, std::int64_t start, std::int64_t length);

}  // namespace tapegrad::detail
