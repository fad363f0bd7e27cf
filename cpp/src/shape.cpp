#include "tapegrad/shape.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace tapegrad {

Shape::Shape(std::initializer_list<std::int64_t> dims) : Shape(dims.begin(), static_cast<int>(dims.size())) {}

Shape::Shape(const std::int64_t* dims, int ndim) {
  if (ndim < 0 || ndim > kMaxDims) {
    throw std::invalid_argument("tapegrad supports at most " + std::to_string(kMaxDims) +
                                " dimensions, got " + std::to_string(ndim));
  }
  for (int i = 0; i < ndim; ++i) push_back(dims[i]);
}

void Shape::push_back(std::int64_t dim) {
  if (ndim_ == kMaxDims) {
    throw std::invalid_argument("tapegrad supports at most " + std::to_string(kMaxDims) + " dimensions");
  }
  if (dim < 0) throw std::invalid_argument("negative dimension " + std::to_string(dim) + " in a shape");
  dims_[static_cast<std::size_t>(ndim_++)] = dim;
  if (!checked_mul(numel_, dim, &numel_)) overflowed_ = true;
}

void Shape::throw_overflow() const {
  throw std::overflow_error("the shape " + str() + " has more elements than fit in int64");
}

std::string Shape::str() const {
  std::string s = "(";
  for (int i = 0; i < ndim_; ++i) {
    if (i) s += ", ";
    s += std::to_string((*this)[i]);
  }
  if (ndim_ == 1) s += ",";
  return s + ")";
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  if (a == b) return a;
  const int ndim = std::max(a.ndim(), b.ndim());
  Shape out;
  for (int i = 0; i < ndim; ++i) {
    const int ia = i - (ndim - a.ndim()), ib = i - (ndim - b.ndim());
    const std::int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      throw std::invalid_argument("shapes " + a.str() + " and " + b.str() + " cannot be broadcast together");
    }
    out.push_back(da == 1 ? db : da);
  }
  return out;
}

int normalize_axis(int axis, int ndim) {
  if (axis < -ndim || axis >= ndim || ndim == 0) {
    throw std::out_of_range("axis " + std::to_string(axis) + " is out of bounds for a tensor of " +
                            std::to_string(ndim) + " dimension" + (ndim == 1 ? "" : "s"));
  }
  return axis < 0 ? axis + ndim : axis;
}

Strides contiguous_strides(const Shape& shape) noexcept {
  Strides strides{};
  std::int64_t stride = 1;
  for (int d = shape.ndim() - 1; d >= 0; --d) {
    strides[static_cast<std::size_t>(d)] = stride;
    stride *= shape[d];
  }
  return strides;
}

bool broadcasts_to(const Shape& from, const Shape& to) noexcept {
  if (from.ndim() > to.ndim()) return false;
  const int shift = to.ndim() - from.ndim();
  for (int d = 0; d < from.ndim(); ++d) {
    if (from[d] != 1 && from[d] != to[d + shift]) return false;
  }
  return true;
}

}  // namespace tapegrad
