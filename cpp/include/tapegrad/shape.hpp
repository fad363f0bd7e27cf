#pragma once
// Shapes: at most kMaxDims dimensions held inline, so small tensors need no heap for them.
#include <array>
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
  std::int64_t& operator[](int i) noexcept { return dims_[static_cast<std::size_t>(i)]; }
  const std::int64_t* begin() const noexcept { return dims_.data(); }
  const std::int64_t* end() const noexcept { return dims_.data() + ndim_; }
  void push_back(std::int64_t dim);

  // Number of elements; throws std::overflow_error when it does not fit in int64.
  std::int64_t numel() const;

  // "(2, 3)", as NumPy prints shapes.
  std::string str() const;

  friend bool operator==(const Shape& a, const Shape& b) noexcept;
  friend bool operator!=(const Shape& a, const Shape& b) noexcept { return !(a == b); }

 private:
  std::array<std::int64_t, kMaxDims> dims_{};
  int ndim_ = 0;
};

// The NumPy broadcast of two shapes; throws std::invalid_argument naming both when they clash.
Shape broadcast_shapes(const Shape& a, const Shape& b);

// Turns a possibly negative axis into 0..ndim-1; throws std::out_of_range when out of bounds.
int normalize_axis(int axis, int ndim);

}  // namespace tapegrad
