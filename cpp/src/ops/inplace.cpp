// In-place updates. They bump the storage's version so that a backward which saved the old
// values throws instead of using the new ones.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "ops/broadcast.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
// While recording, a tensor that requires a gradient cannot be changed in place: the tape
// cannot express it (PyTorch refuses the same for leaves). Under no_grad it can.
void check_writable(const Tensor& x, const char* op) {
  if (GradMode::enabled() && x.requires_grad()) {
    throw std::runtime_error(std::string(op) +
                             ": a tensor that requires a gradient cannot be changed in place "
                             "while gradients are recorded; wrap the update in no_grad()");
  }
}

// `other` in x's shape and dtype (broadcast and cast as needed, never aliasing x).
Tensor operand_for(const Tensor& x, const Tensor& other, const char* op) {
  if (broadcast_shapes(x.shape(), other.shape()) != x.shape()) {
    throw std::invalid_argument(std::string(op) + ": a tensor of shape " + other.shape().str() +
                                " cannot be broadcast to the target's shape " + x.shape().str());
  }
  NoGradGuard no_grad;
  return detail::broadcast_to(cast(other, x.dtype()), x.shape());
}
}  // namespace

void add_(Tensor& x, const Tensor& other, double alpha) {
  check_writable(x, "add_");
  // The same shape and dtype (every gradient sum): nothing to broadcast or cast.
  const bool as_is = other.shape() == x.shape() && other.dtype() == x.dtype();
  const Tensor converted = as_is ? Tensor() : operand_for(x, other, "add_");
  const Tensor& src = as_is ? other : converted;
  if (alpha == 1.0) {
    detail::add_into(x, src);
  } else {
    dispatch(x.dtype(), [&](auto zero) {
      using T = decltype(zero);
      T* dst = x.data<T>();
      const T* s = src.data<T>();
      const T a = static_cast<T>(alpha);
      for (std::int64_t i = 0, n = x.numel(); i < n; ++i) dst[i] += a * s[i];
    });
  }
  x.storage()->bump_version();
}

void mul_(Tensor& x, double s) {
  check_writable(x, "mul_");
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    T* dst = x.data<T>();
    const T v = static_cast<T>(s);
    for (std::int64_t i = 0, n = x.numel(); i < n; ++i) dst[i] *= v;
  });
  x.storage()->bump_version();
}

void fill_(Tensor& x, double value) {
  check_writable(x, "fill_");
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    std::fill_n(x.data<T>(), x.numel(), static_cast<T>(value));
  });
  x.storage()->bump_version();
}

void copy_(Tensor& x, const Tensor& src) {
  check_writable(x, "copy_");
  const Tensor s = operand_for(x, src, "copy_");
  if (s.raw_data() != x.raw_data())
    std::memcpy(x.raw_data(), s.raw_data(), static_cast<std::size_t>(x.numel()) * itemsize(x.dtype()));
  x.storage()->bump_version();
}

}  // namespace tapegrad
