#pragma once
// Strided iteration over broadcast operands, and the two non-differentiable helpers built on
// it that gradients of broadcasting ops need.
#include <array>
#include <cstdint>

#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// Strides that read a contiguous tensor of shape `in` as if broadcast to `out`: `in` is
// right-aligned against `out` and its size-1 (or missing) dimensions get stride 0.
Strides broadcast_strides(const Shape& in, const Shape& out);

// Calls row(offsets, length, steps) once per innermost row of `shape`: offsets[k] is where
// operand k's row starts and steps[k] its stride along the row.
template <std::size_t K, class Row>
void for_each_row(const Shape& shape, const std::array<Strides, K>& strides, Row&& row) {
  const int n = shape.ndim();
  std::array<std::int64_t, K> offsets{};
  if (n == 0) {
    std::array<std::int64_t, K> steps{};
    row(offsets, std::int64_t{1}, steps);
    return;
  }
  const std::int64_t length = shape[n - 1];
  const std::int64_t total = shape.numel();
  if (length == 0 || total == 0) return;
  std::array<std::int64_t, K> steps{};
  for (std::size_t k = 0; k < K; ++k) steps[k] = strides[k][static_cast<std::size_t>(n - 1)];
  Strides index{};
  for (std::int64_t r = 0, rows = total / length; r < rows; ++r) {
    row(offsets, length, steps);
    for (int d = n - 2; d >= 0; --d) {  // odometer over the outer dimensions
      const auto ud = static_cast<std::size_t>(d);
      if (++index[ud] < shape[d]) {
        for (std::size_t k = 0; k < K; ++k) offsets[k] += strides[k][ud];
        break;
      }
      for (std::size_t k = 0; k < K; ++k) offsets[k] -= strides[k][ud] * (shape[d] - 1);
      index[ud] = 0;
    }
  }
}

// The sum of `grad` over the dimensions that were broadcast to make it from `shape`.
Tensor sum_to(const Tensor& grad, const Shape& shape);

// `x` repeated along its size-1 dimensions to `shape` (a contiguous copy).
Tensor broadcast_to(const Tensor& x, const Shape& shape);

// The loops of sum_to and broadcast_to on raw contiguous buffers of `dtype`, also run by the
// steps of a Plan: out (of shape `to`) = the sum of g (of shape `from`) over its broadcast
// dimensions (out is zeroed first), or x (of shape `from`) repeated to `to`.
void sum_to_into(DType dtype, const Shape& from, const void* g, const Shape& to, void* out);
void broadcast_to_into(DType dtype, const Shape& from, const void* x, const Shape& to, void* out);

class Recorder;
// Records into a Plan the step out = sum_to(slot g, out's shape), g of shape `from`.
void record_sum_to(Recorder& rec, int g, const Shape& from, const Tensor& out);

}  // namespace tapegrad::detail
