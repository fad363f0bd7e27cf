#pragma once
// Element types and the exceptions of the C++ API.
#include <cstddef>
#include <stdexcept>

namespace tapegrad {

enum class DType : unsigned char { Float32, Float64 };

constexpr std::size_t itemsize(DType dtype) noexcept { return dtype == DType::Float32 ? 4 : 8; }

// "float32" or "float64".
const char* dtype_name(DType dtype) noexcept;

// The result type of an op on two tensors: float64 wins, as in NumPy.
constexpr DType promote(DType a, DType b) noexcept {
  return a == DType::Float64 || b == DType::Float64 ? DType::Float64 : DType::Float32;
}

template <class T>
constexpr DType dtype_of() noexcept;
template <>
constexpr DType dtype_of<float>() noexcept {
  return DType::Float32;
}
template <>
constexpr DType dtype_of<double>() noexcept {
  return DType::Float64;
}

// Errors the C++ API throws. The Python module maps them to the exception of the same kind:
//   std::invalid_argument -> ValueError (bad shapes and values)
//   tapegrad::type_error  -> TypeError  (unsupported dtypes and operand types)
//   std::overflow_error   -> OverflowError (shapes whose size does not fit)
//   std::runtime_error    -> RuntimeError (graph misuse: second backward, in-place changes)
struct type_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Calls f with a value of the C++ type of `dtype` (float or double): one switch for every
// dtype-generic function.
template <class F>
decltype(auto) dispatch(DType dtype, F&& f) {
  if (dtype == DType::Float32) return f(float{});
  return f(double{});
}

}  // namespace tapegrad
