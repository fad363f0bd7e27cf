#pragma once
// The dense layer's backward epilogue (internal): the one elementwise pass between the incoming
// gradient and the two GEMMs of the weight and input gradients.

#include <cstdint>

#include "tapegrad/activation.hpp"

namespace tapegrad::kernels {

// dz[m x n] = g * act'(z), with act'(z) computed from the saved output y = act(z), and
// db[n] += the column sums of dz, in one pass over the rows (so db costs no second read of dz).
// g, y and dz are contiguous and do not overlap. Either output may be null: a null dz only
// sums (g is then already dz, as for Identity), a null db skips the sums.
template <class T>
void dense_output_grad(std::int64_t m, std::int64_t n, const T* g, const T* y, Activation act, T* dz, T* db);

}  // namespace tapegrad::kernels
