// Type promotion, as torch.result_type.
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
enum class Kind { Bool, Integer, Floating };

Kind kind_of(DType dtype) {
  if (dtype == DType::Bool) return Kind::Bool;
  return is_floating_point(dtype) ? Kind::Floating : Kind::Integer;
}

// The running result of one priority level; `set` is false until an operand arrives.
struct Level {
  DType dtype = DType::Bool;
  bool set = false;
  void add(DType d) {
    dtype = set ? promote_types(dtype, d) : d;
    set = true;
  }
};

// A lower level joins a higher one only when its kind is higher (PyTorch's combine_categories).
Level combine(const Level& higher, const Level& lower) {
  if (!higher.set) return lower;
  if (!lower.set || kind_of(higher.dtype) >= kind_of(lower.dtype)) return higher;
  return Level{promote_types(higher.dtype, lower.dtype), true};
}
}  // namespace

DType result_type(const Tensor& a, const Tensor& b) {
  Level dimensioned, zero_dim, wrapped;
  for (const Tensor* t : {&a, &b}) {
    if (t->impl()->wrapped_number) {
      wrapped.add(t->dtype());
    } else if (t->ndim() == 0) {
      zero_dim.add(t->dtype());
    } else {
      dimensioned.add(t->dtype());
    }
  }
  return combine(dimensioned, combine(zero_dim, wrapped)).dtype;
}

}  // namespace tapegrad
