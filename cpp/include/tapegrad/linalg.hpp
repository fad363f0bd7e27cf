#pragma once
// Matrix products, with PyTorch's names and meanings. Floating-point products run on the GEMM
// kernel (transposed views are read through its transpose flags, not copied); integer products
// are plain loops that wrap around on overflow; bool has no product (tapegrad::type_error).
// Operands of different dtypes promote as the arithmetic ops do (PyTorch raises instead).
#include "tapegrad/tensor.hpp"

namespace tapegrad {

// torch.matmul: 1-D @ 1-D is the dot product (0-d); 2-D @ 2-D the matrix product; a 1-D
// operand is a row (on the left) or a column (on the right) whose dimension the result loses;
// operands of more than 2 dimensions are stacks of matrices whose leading (batch) dimensions
// broadcast as NumPy's. std::invalid_argument for a 0-d operand or sizes that do not fit.
Tensor matmul(const Tensor& a, const Tensor& b);
// a (n, m) @ b (m, p), both 2-D, no broadcasting.
Tensor mm(const Tensor& a, const Tensor& b);
// a (b, n, m) @ b (b, m, p), both 3-D with the same batch size, no broadcasting.
Tensor bmm(const Tensor& a, const Tensor& b);
// a (n, m) @ v (m,).
Tensor mv(const Tensor& a, const Tensor& v);
// The dot product of two 1-D tensors of one size; vdot is the same for real tensors.
Tensor dot(const Tensor& a, const Tensor& b);
Tensor vdot(const Tensor& a, const Tensor& b);
// The outer product of two 1-D tensors: (n,) and (m,) give (n, m).
Tensor outer(const Tensor& a, const Tensor& b);
// Sums of products over the last dimension of each: shape a.shape[:-1] + b.shape[:-1] (a 0-d
// operand multiplies the other).
Tensor inner(const Tensor& a, const Tensor& b);

}  // namespace tapegrad
