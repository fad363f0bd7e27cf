// matmul and transpose.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "kernels/gemm.hpp"
#include "ops/broadcast.hpp"
#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;

// C = op(A) @ op(B) for 2-D contiguous tensors, through the GEMM kernel.
Tensor gemm_tensors(const Tensor& a, bool trans_a, const Tensor& b, bool trans_b) {
  const std::int64_t m = trans_a ? a.shape()[1] : a.shape()[0];
  const std::int64_t k = trans_a ? a.shape()[0] : a.shape()[1];
  const std::int64_t n = trans_b ? b.shape()[0] : b.shape()[1];
  Tensor c = Tensor::empty(Shape{m, n}, a.dtype());
  dispatch_floating(a.dtype(), "matmul", [&](auto zero) {
    using T = decltype(zero);
    kernels::gemm<T>(trans_a, trans_b, m, n, k, a.data<T>(), a.shape()[1], b.data<T>(), b.shape()[1],
                     c.data<T>(), n, false);
  });
  return c;
}

struct MatMulNode : Node {
  MatMulNode(const Tensor& a_, const Tensor& b_) : Node("MatMul"), a(a_), b(b_) {}
  Grads backward(Tensor g) override {
    Grads grads;
    if (detail::needs_grad(*this, 0)) grads[0] = gemm_tensors(g, false, b.unpack(*this), true);  // g @ b^T
    if (detail::needs_grad(*this, 1)) grads[1] = gemm_tensors(a.unpack(*this), true, g, false);  // a^T @ g
    return grads;
  }
  void release_saved() noexcept override {
    a.reset();
    b.reset();
  }
  SavedTensor a, b;
};

Tensor matmul_2d(const Tensor& a, const Tensor& b) {
  if (a.shape()[1] != b.shape()[0]) {
    throw std::invalid_argument("matmul: shapes " + a.shape().str() + " and " + b.shape().str() +
                                " are not aligned: " + std::to_string(a.shape()[1]) +
                                " (dim 1) != " + std::to_string(b.shape()[0]) + " (dim 0)");
  }
  Tensor out = gemm_tensors(a, false, b, false);
  if (should_record({&a, &b})) record<MatMulNode>(out, {&a, &b}, a, b);
  return out;
}

std::vector<int> checked_permutation(std::vector<int> axes, int ndim) {
  if (axes.empty()) {
    for (int d = ndim - 1; d >= 0; --d) axes.push_back(d);
    return axes;
  }
  if (static_cast<int>(axes.size()) != ndim) {
    throw std::invalid_argument("transpose: " + std::to_string(axes.size()) + " axes given for a tensor of " +
                                std::to_string(ndim) + " dimensions");
  }
  std::vector<bool> seen(static_cast<std::size_t>(ndim), false);
  for (int& axis : axes) {
    axis = normalize_axis(axis, ndim);
    if (seen[static_cast<std::size_t>(axis)])
      throw std::invalid_argument("transpose: repeated axis in the permutation");
    seen[static_cast<std::size_t>(axis)] = true;
  }
  return axes;
}
}  // namespace

Tensor matmul(const Tensor& a_in, const Tensor& b_in) {
  if (a_in.ndim() == 0 || b_in.ndim() == 0 || a_in.ndim() > 2 || b_in.ndim() > 2) {
    throw std::invalid_argument("matmul needs 1-D or 2-D operands, got shapes " + a_in.shape().str() +
                                " and " + b_in.shape().str());
  }
  const DType dtype = result_type(a_in, b_in);
  if (!is_floating_point(dtype)) throw_unsupported_dtype("matmul", dtype);
  const Tensor a = cast(a_in, dtype).contiguous(), b = cast(b_in, dtype).contiguous();
  // 1-D operands as NumPy: a vector on the left is a row, on the right a column, and the
  // added dimension is removed from the result.
  if (a.ndim() == 1 && b.ndim() == 1 && a.shape()[0] != b.shape()[0]) {
    throw std::invalid_argument("matmul: shapes " + a.shape().str() + " and " + b.shape().str() +
                                " are not aligned");
  }
  const Tensor a2 = a.ndim() == 1 ? reshape(a, {1, a.shape()[0]}) : a;
  const Tensor b2 = b.ndim() == 1 ? reshape(b, {b.shape()[0], 1}) : b;
  if (a2.shape()[1] != b2.shape()[0]) {
    throw std::invalid_argument("matmul: shapes " + a.shape().str() + " and " + b.shape().str() +
                                " are not aligned: " + std::to_string(a2.shape()[1]) +
                                " != " + std::to_string(b2.shape()[0]));
  }
  Tensor out = matmul_2d(a2, b2);
  if (a.ndim() == 2 && b.ndim() == 2) return out;
  std::vector<std::int64_t> shape;
  if (a.ndim() == 2) shape.push_back(a.shape()[0]);
  if (b.ndim() == 2) shape.push_back(b.shape()[1]);
  return reshape(out, shape);
}

// A view: the same memory with the strides permuted.
Tensor transpose(const Tensor& x, const std::vector<int>& axes_in) {
  const std::vector<int> axes = checked_permutation(axes_in, x.ndim());
  return detail::make_view(x, "Transpose", [&axes](const detail::Layout& in) {
    detail::Layout out{Shape{}, {}, in.offset};
    for (std::size_t d = 0; d < axes.size(); ++d) {
      out.shape.push_back(in.shape[axes[d]]);
      out.strides[d] = in.strides[static_cast<std::size_t>(axes[d])];
    }
    return out;
  });
}

}  // namespace tapegrad
