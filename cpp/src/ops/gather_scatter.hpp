#pragma once
// What the gathers (gather_ops.cpp) and scatters (scatter_ops.cpp) along one dimension share:
// argument checks and the walk over an index tensor.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "ops/broadcast.hpp"
#include "ops/indexing_plan.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// dim in [-n, n) made non-negative, a 0-d tensor counting as 1-D (as PyTorch); std::out_of_range
// naming `op` otherwise.
int wrap_dim(int dim, int ndim, const char* op);

// An index argument as a contiguous int64 tensor (the tensor itself when it already is one);
// tapegrad::type_error unless it is int32 or int64.
Tensor index_arg(const Tensor& index, const char* op, const char* what = "index");

[[noreturn]] void throw_index_out_of_bounds(const char* op, std::int64_t index, int dim, std::int64_t size);

// The index resolved for x's slices along `dim` at a 0-d or 1-D integer index (index_select,
// index_add, ...): x[:, ..., :, index]. Errors name `op`.
ResolvedIndex dim_index(const Shape& shape, int dim, const Tensor& index, const char* op,
                        Negatives negatives);

// For each element of `index` (int64, contiguous), in row-major order: f(e, at, from) with e the
// element's position in index, `at` the offset of the element it addresses in a tensor of
// `shape` and `strides` (index's coordinates, with the index's value along dim) and `from` the
// offset of index's coordinates under `other_strides`. Values outside [0, shape[dim]) throw.
template <class F>
void visit_along_dim(const Tensor& index, const Shape& shape, const Strides& strides, int dim,
                     const Strides& other_strides, const char* op, F&& f) {
  const bool scalar = shape.ndim() == 0;
  const std::int64_t size = scalar ? 1 : shape[dim];
  const std::int64_t step = scalar ? 0 : strides[static_cast<std::size_t>(dim)];
  Strides across = strides;
  if (!scalar) across[static_cast<std::size_t>(dim)] = 0;
  const std::int64_t* idx = index.data<std::int64_t>();
  const std::array<Strides, 3> all{contiguous_strides(index.shape()), across, other_strides};
  for_each_row(index.shape(), all, [&](const auto& off, std::int64_t length, const auto& steps) {
    for (std::int64_t j = 0; j < length; ++j) {
      const std::int64_t e = off[0] + j * steps[0];
      const std::int64_t v = idx[e];
      if (v < 0 || v >= size) throw_index_out_of_bounds(op, v, dim, size);
      f(e, off[1] + j * steps[1] + v * step, off[2] + j * steps[2]);
    }
  });
}

}  // namespace tapegrad::detail
