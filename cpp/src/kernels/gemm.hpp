#pragma once
// Dense linear-algebra kernels used by the ops. Internal: not part of the embedding API.
//
// All matrices are row-major with a leading dimension (the distance, in elements, between the
// starts of two consecutive rows). op(X) is X or X^T as the trans flag says; a transposed
// operand is read through its packing, never materialised.

#include <cstdint>

#include "tapegrad/activation.hpp"

namespace tapegrad::kernels {

// C[m x n] = op(A)[m x k] @ op(B)[k x n]           (accumulate == false)
// C[m x n] += op(A)[m x k] @ op(B)[k x n]          (accumulate == true)
// A is m x k (or k x m when trans_a), B is k x n (or n x k when trans_b).
// m, n or k may be 0; with k == 0 the product is zero.
template <class T>
void gemm(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T* c, std::int64_t ldc, bool accumulate);

// The dense layer forward: Y[m x n] = act(X[m x k] @ W[k x n] + bias[n]), bias and activation
// applied in the GEMM epilogue (one pass over Y). bias may be null. X, W and Y are contiguous.
template <class T>
void dense_forward(std::int64_t m, std::int64_t n, std::int64_t k, const T* x, const T* w, const T* bias,
                   Activation act, T* y);

// The linear layer forward (torch.nn.Linear's layout): Y[m x n] = X[m x k] @ W^T + bias[n] with W
// stored (n x k), read transposed through the packing; bias in the epilogue. bias may be null.
template <class T>
void linear_forward(std::int64_t m, std::int64_t n, std::int64_t k, const T* x, const T* w, const T* bias,
                    T* y);

}  // namespace tapegrad::kernels
