#pragma once
// Shapes: at most kMaxDims dimensions held inline, so small tensors need no heap for them.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace tapegrad {

class Shape {
 public:
  static constexpr int kMaxDims = 8;

  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims);
  // Throws std::invalid_argument for a negative dimension or more than kMaxDims of them.
  Shape(const std::int64_t* dims, int ndim);

  int ndim() const noexcept { return ndim_; }
  std::int64_t operator[](int i) const noexcept { return dims_[static_cast<std::size_t>(i)]; }
  const std::int64_t* begin() const noexcept { return dims_.data(); }
  const std::int64_t* end() const noexcept { return dims_.data() + ndim_; }
  void push_back(std::int64_t dim);

  // Number of elements (kept up to date, not recomputed); throws std::overflow_error when it
  // does not fit in int64.
  std::int64_t numel() const {
    if (overflowed_) throw_overflow();
    return numel_;
  }

  // "(2, 3)", as NumPy prints shapes.
  std::string str() const;

  friend bool operator==(const Shape& a, const Shape& b) noexcept;
  friend bool operator!=(const Shape& a, const Shape& b) noexcept { return !(a == b); }

 private:
  [[noreturn]] void throw_overflow() const;

  std::array<std::int64_t, kMaxDims> dims_{};
  std::int64_t numel_ = 1;
  int ndim_ = 0;
  bool overflowed_ = false;
};

// Inline: ops compare shapes several times each to pick their fast paths.
inline bool operator==(const Shape& a, const Shape& b) noexcept {
  if (a.ndim_ != b.ndim_ || a.numel_ != b.numel_) return false;
  for (std::size_t i = 0; i < static_cast<std::size_t>(a.ndim_); ++i) {
    if (a.dims_[i] != b.dims_[i]) return false;
  }
  return true;
}

// The NumPy broadcast of two shapes; throws std::invalid_argument naming both when they clash.
Shape broadcast_shapes(const Shape& a, const Shape& b);

// Whether a tensor of shape `from` broadcasts to `to` without changing `to` (as an in-place
// operand or a weight must).
bool broadcasts_to(const Shape& from, const Shape& to) noexcept;

// How far apart, in elements, consecutive entries of each dimension lie in memory. A view may
// have any strides (0 for a dimension broadcast by expand); other tensors are row-major.
using Strides = std::array<std::int64_t, Shape::kMaxDims>;

// The row-major strides of `shape`: the last dimension's stride is 1.
Strides contiguous_strides(const Shape& shape) noexcept;

// a * b, or false when the product overflows int64 (a, b >= 0).
inline bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t* out) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return !__builtin_mul_overflow(a, b, out);
#else
  if (b != 0 && a > INT64_MAX / b) return false;
  *out = a * b;
  return true;
#endif
}

// Turns a possibly negative axis into 0..ndim-1; throws std::out_of_range when out of bounds.
int normalize_axis(int axis, int ndim);

}  // namespace tapegrad
