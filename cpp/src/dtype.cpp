#include "tapegrad/dtype.hpp"

#include <atomic>
#include <string>

namespace tapegrad {

namespace {
std::atomic<DType> default_float{DType::Float64};
}

const char* dtype_name(DType dtype) noexcept {
  switch (dtype) {
    case DType::Bool: return "bool";
    case DType::UInt8: return "uint8";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Float32: return "float32";
    case DType::Float64: break;
  }
  return "float64";
}

DType default_dtype() noexcept { return default_float.load(std::memory_order_relaxed); }

void set_default_dtype(DType dtype) {
  if (!is_floating_point(dtype)) {
    throw type_error(std::string("the default dtype must be floating point (float32 or float64), not ") +
                     dtype_name(dtype));
  }
  default_float.store(dtype, std::memory_order_relaxed);
}

void throw_unsupported_dtype(const char* op, DType dtype) {
  throw type_error(std::string(op) + " does not support " + dtype_name(dtype) + " tensors" +
                   (is_floating_point(dtype) ? "" : " (convert with .float() or .double() first)"));
}

}  // namespace tapegrad
