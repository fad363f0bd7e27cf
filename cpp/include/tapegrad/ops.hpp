#pragma once
// Differentiable ops. Each records one tape node when gradients are recorded and an input
// requires a gradient. Binary ops broadcast as NumPy does (gradients are summed back to each
// input's shape) and promote float32 with float64 to float64. Errors throw the exceptions
// listed in dtype.hpp with messages that name the shapes or values at fault.
#include <optional>

#include "tapegrad/activation.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad {

// Elementwise arithmetic.
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
// alpha * x + beta: every tensor-scalar +, -, * and / is this one op.
Tensor affine(const Tensor& x, double alpha, double beta);
Tensor neg(const Tensor& x);
Tensor pow(const Tensor& x, double exponent);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);  // stable for any x
Tensor relu(const Tensor& x);

inline Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
inline Tensor operator-(const Tensor& x) { return neg(x); }
inline Tensor operator+(const Tensor& x, double s) { return affine(x, 1.0, s); }
inline Tensor operator+(double s, const Tensor& x) { return affine(x, 1.0, s); }
inline Tensor operator-(const Tensor& x, double s) { return affine(x, 1.0, -s); }
inline Tensor operator-(double s, const Tensor& x) { return affine(x, -1.0, s); }
inline Tensor operator*(const Tensor& x, double s) { return affine(x, s, -0.0); }  // -0.0 keeps -0
inline Tensor operator*(double s, const Tensor& x) { return affine(x, s, -0.0); }
Tensor operator/(const Tensor& x, double s);  // x * (1 / s), or a true division when 1 / s overflows
Tensor operator/(double s, const Tensor& x);

// Reductions over all elements (axis empty) or one axis.
Tensor sum(const Tensor& x, std::optional<int> axis = std::nullopt, bool keepdims = false);
Tensor mean(const Tensor& x, std::optional<int> axis = std::nullopt, bool keepdims = false);

// Matrix product of 2-D tensors; 1-D operands as NumPy treats them.
Tensor matmul(const Tensor& a, const Tensor& b);
// Permutes axes; no permutation reverses them (x.T).
Tensor transpose(const Tensor& x, const std::vector<int>& axes = {});
// Same values in a new shape (shares storage); one dimension may be -1.
Tensor reshape(const Tensor& x, const std::vector<std::int64_t>& shape);
// Converts to another dtype (a copy); the gradient converts back.
Tensor cast(const Tensor& x, DType dtype);

// Losses, averaged over all elements; input and target must have the same shape.
Tensor mse_loss(const Tensor& input, const Tensor& target);
// input holds probabilities in [0, 1]; log terms are clamped at -100 as PyTorch does.
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target);
// input holds logits; stable for any value.
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target);

// The fused dense layer Y = act(X @ W + b): one node. X is (batch, in) or (in,), W is (in, out),
// b is (out,) or undefined.
Tensor dense(const Tensor& x, const Tensor& weight, const Tensor& bias, Activation act);

// In-place updates through tapegrad: they bump the storage version, so a backward that saved
// the old values throws. A tensor that requires a gradient can only be updated this way under
// NoGradGuard (as optimizers do); otherwise std::runtime_error.
void add_(Tensor& x, const Tensor& other, double alpha = 1.0);  // x += alpha * other
void mul_(Tensor& x, double s);                                 // x *= s
void fill_(Tensor& x, double value);
void copy_(Tensor& x, const Tensor& src);

}  // namespace tapegrad
