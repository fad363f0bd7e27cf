#pragma once
// The steps of indexing shared by basic (indexing.cpp) and advanced (advanced_indexing.cpp)
// indices.
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

// x[entries] and x[entries] = values for an expanded index holding at least one tensor.
Tensor advanced_index(const Tensor& x, const std::vector<TensorIndex>& entries);
Tensor& advanced_index_put_(Tensor& x, const std::vector<TensorIndex>& entries, const Tensor& values,
                            bool accumulate);

}  // namespace tapegrad::detail
