#pragma once
// Element types, PyTorch's type promotion, and the exceptions of the C++ API.
#include <cstddef>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

namespace tapegrad {

// Ordered by promotion: of two types the later one holds the result (uint8 with int32 gives
// int32, int64 with float32 gives float32, float32 with float64 gives float64), as in PyTorch.
enum class DType : unsigned char { Bool, UInt8, Int32, Int64, Float32, Float64 };

constexpr std::size_t itemsize(DType dtype) noexcept {
  switch (dtype) {
    case DType::Bool:
    case DType::UInt8: return 1;
    case DType::Int32:
    case DType::Float32: return 4;
    case DType::Int64:
    case DType::Float64: break;
  }
  return 8;
}

constexpr bool is_floating_point(DType dtype) noexcept {
  return dtype == DType::Float32 || dtype == DType::Float64;
}

// "bool", "uint8", "int32", "int64", "float32" or "float64".
const char* dtype_name(DType dtype) noexcept;

// The type that holds values of both: the later in DType's order.
constexpr DType promote_types(DType a, DType b) noexcept { return a < b ? b : a; }

// Whether a value of type `from` may be written into a tensor of type `to` by an in-place op or
// an `out` argument, as torch.can_cast: never floats into integers, nor numbers into bool.
constexpr bool can_cast(DType from, DType to) noexcept {
  if (is_floating_point(from) && !is_floating_point(to)) return false;
  return !(from != DType::Bool && to == DType::Bool);
}

// The dtype of floating-point tensors made from Python floats, of factories given no dtype, and
// of integer math that yields fractions (true division, sqrt of an int tensor). float64 unless
// changed (PyTorch's default is float32). Process-wide; only float32 or float64.
DType default_dtype() noexcept;
// Throws tapegrad::type_error for a dtype that is not floating point.
void set_default_dtype(DType dtype);

// The floating-point type an op computes in when its input is `dtype`: dtype itself when it is
// floating point, else the default dtype (sqrt of an int tensor is a float tensor).
inline DType floating_type(DType dtype) noexcept {
  return is_floating_point(dtype) ? dtype : default_dtype();
}

template <class T>
constexpr DType dtype_of() noexcept;
template <>
constexpr DType dtype_of<bool>() noexcept {
  return DType::Bool;
}
template <>
constexpr DType dtype_of<std::uint8_t>() noexcept {
  return DType::UInt8;
}
template <>
constexpr DType dtype_of<std::int32_t>() noexcept {
  return DType::Int32;
}
template <>
constexpr DType dtype_of<std::int64_t>() noexcept {
  return DType::Int64;
}
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
//   std::out_of_range     -> IndexError (indices and dimensions out of bounds)
//   std::overflow_error   -> OverflowError (shapes whose size does not fit)
//   std::runtime_error    -> RuntimeError (graph misuse: second backward, in-place changes)
//   std::bad_alloc        -> MemoryError (a tensor too large to allocate: tapegrad::out_of_memory)
struct type_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// A tensor that could not be allocated, with a message that gives its size, shape and dtype
// (a plain std::bad_alloc says only "std::bad_alloc").
class out_of_memory : public std::bad_alloc {
 public:
  explicit out_of_memory(const std::string& what) : what_(what) {}
  const char* what() const noexcept override { return what_.what(); }

 private:
  std::runtime_error what_;  // holds the message; copying it cannot throw
};

// Throws type_error: "`op` does not support `dtype` tensors" (the one message for every op
// that meets a dtype it has no kernel for).
[[noreturn]] void throw_unsupported_dtype(const char* op, DType dtype);

// Calls f with a value of the C++ type of `dtype`: the one switch for dtype-generic code. The
// kernel is instantiated for each of the six types.
template <class F>
decltype(auto) dispatch(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Bool: return f(bool{});
    case DType::UInt8: return f(std::uint8_t{});
    case DType::Int32: return f(std::int32_t{});
    case DType::Int64: return f(std::int64_t{});
    case DType::Float32: return f(float{});
    case DType::Float64: break;
  }
  return f(double{});
}

// As dispatch, for kernels that exist only in floating point (exp, the GEMM, the losses):
// float or double, and type_error naming `op` for any other dtype.
template <class F>
decltype(auto) dispatch_floating(DType dtype, const char* op, F&& f) {
  if (dtype == DType::Float32) return f(float{});
  if (dtype != DType::Float64) throw_unsupported_dtype(op, dtype);
  return f(double{});
}

}  // namespace tapegrad
