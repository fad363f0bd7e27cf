#pragma once
// Differentiable ops. Each records one tape node when gradients are recorded and an input
// requires a gradient. Binary ops broadcast as NumPy does (gradients are summed back to each
// input's shape) and promote dtypes as PyTorch does (result_type below). Inputs may be views of
// any layout; results are new contiguous tensors unless an op says it returns a view. Errors
// throw the exceptions listed in dtype.hpp with messages that name the shapes or values at fault.
#include <functional>
#include <optional>

#include "tapegrad/activation.hpp"
#include "tapegrad/linalg.hpp"
#include "tapegrad/losses.hpp"
#include "tapegrad/reduction.hpp"
#include "tapegrad/shape_ops.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad {

// The dtype of an op on a and b, as torch.result_type: the later type in DType's order, except
// that a 0-d tensor takes part only when its kind (bool < integer < floating point) is higher
// than every dimensioned operand's, and a number from Python (a wrapped 0-d tensor) only when
// its kind is higher than every tensor's: float32 x + 2.5 stays float32, an int64 x * 2.5 gives
// the default dtype.
DType result_type(const Tensor& a, const Tensor& b);

// Elementwise arithmetic, for every dtype (integers wrap around on overflow; bool adds as `or`,
// multiplies as `and` and cannot be subtracted or negated). div is true division: integers give
// the default floating-point dtype.
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
// alpha * x + beta: every tensor-scalar +, -, * and / of a floating-point tensor is this one op.
// An integer or bool x is converted to the default dtype first (a Python float's promotion).
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

// Reductions (sum, mean, ...) are in reduction.hpp, included here so that the calls sum(x),
// sum(x, axis, keepdims) and mean(...) keep working for code that includes ops.hpp.

// matmul, mm, bmm, ... are in linalg.hpp; reshape, transpose, permute, cat, ... in shape_ops.hpp
// (both included here, so code written against this header keeps compiling).
// Converts to another dtype (a copy, or x itself when it has that dtype); the gradient converts
// back. Floats become integers truncated toward zero, saturating, NaN giving 0.
Tensor cast(const Tensor& x, DType dtype);
// A contiguous copy of x (differentiable: the gradient passes through).
Tensor clone(const Tensor& x);

// Losses (mse_loss, binary_cross_entropy, ...) are in losses.hpp, included here likewise.

// The fused dense layer Y = act(X @ W + b): one node. X is (batch, in) or (in,), W is (in, out),
// b is (out,) or undefined.
Tensor dense(const Tensor& x, const Tensor& weight, const Tensor& bias, Activation act);
// torch.nn.functional.linear: Y = X @ W^T + b as one node on the same fused GEMM (W read
// transposed through the packing, b in the epilogue). X is (*, in), W is (out, in), b is (out,)
// or undefined; Y is (*, out).
Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias);

// In-place updates, as PyTorch's methods with a trailing underscore. Each writes x's own memory
// (every view of it sees the change), bumps its storage's version (so a backward that saved the
// old values throws instead of using the new ones) and returns x. The result must have x's shape
// and a dtype that can_cast() to x's. While gradients are recorded and x or an operand requires
// a gradient, the update becomes one step of x's history (x += w makes x's grad_fn an add);
// it then throws std::runtime_error when x is a leaf that requires a gradient (update
// parameters under NoGradGuard), when x is a view, or when views of x are on the tape.
Tensor& add_(Tensor& x, const Tensor& other, double alpha = 1.0);  // x += alpha * other
Tensor& sub_(Tensor& x, const Tensor& other, double alpha = 1.0);  // x -= alpha * other
Tensor& mul_(Tensor& x, const Tensor& other);
Tensor& mul_(Tensor& x, double s);
Tensor& div_(Tensor& x, const Tensor& other);
Tensor& neg_(Tensor& x);
Tensor& fill_(Tensor& x, double value);
Tensor& zero_(Tensor& x);
Tensor& copy_(Tensor& x, const Tensor& src);  // src broadcast to x's shape and cast to its dtype
// Any op made in place: x's values become op(x), under the rules above; `name` names the
// update in errors ("exp_").
Tensor& apply_(Tensor& x, const char* name, const std::function<Tensor(const Tensor&)>& op);
// The same for an update that reads operands besides x: `others` are checked for gradients.
Tensor& apply_(Tensor& x, const char* name, std::initializer_list<const Tensor*> others,
               const std::function<Tensor(const Tensor&)>& op);

}  // namespace tapegrad
