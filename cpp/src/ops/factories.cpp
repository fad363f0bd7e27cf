// Factories of tapegrad/factories.hpp: tensors from sizes, values and ranges.
//
// linspace and arange compute PyTorch's formulas with an explicit std::fma: PyTorch's CPU
// kernels write start + step * i, which its builds contract into one fused multiply-add, so
// the fma is what gives its bits; written out, it gives them on every platform, whatever the
// compiler would contract. (random.cmake's reason for -ffp-contract=off does not apply: the
// fused steps are explicit and the rest has nothing to contract.)
#include "tapegrad/factories.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "convert.hpp"
#include "ops/views.hpp"

namespace tapegrad {

namespace {

std::string num(double v) {
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

// PyTorch's rule for a fill value (c10::overflows): integers take any value in their range
// (unsigned ones also negative values down to -max, which wrap around); a float must be a
// number in the range (no truncation check: 3.7 gives 3); float32 takes any value but finite
// ones beyond its range. bool takes anything.
template <class T>
bool fits(double v) {
  if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, double>) {
    return true;
  } else if constexpr (std::is_same_v<T, float>) {
    return !std::isfinite(v) || std::fabs(v) <= static_cast<double>(std::numeric_limits<float>::max());
  } else {
    if (std::isnan(v)) return false;
    // max() + 1 is a power of two, exact in double.
    const double above = static_cast<double>(std::numeric_limits<T>::max()) + 1.0;
    return v >= static_cast<double>(std::numeric_limits<T>::lowest()) && v < above;
  }
}

template <class T>
bool fits(std::int64_t v) {
  if constexpr (std::is_same_v<T, bool> || std::is_floating_point_v<T> || std::is_same_v<T, std::int64_t>) {
    return true;
  } else {
    constexpr auto max = static_cast<std::int64_t>(std::numeric_limits<T>::max());
    if constexpr (std::is_unsigned_v<T>) return v <= max && v >= -max;
    return v <= max && v >= static_cast<std::int64_t>(std::numeric_limits<T>::lowest());
  }
}

template <class V>
std::string value_str(V v) {
  if constexpr (std::is_floating_point_v<V>) {
    return num(v);
  } else {
    return std::to_string(v);
  }
}

template <class V>
Tensor full_impl(const Shape& shape, V value, DType dtype) {
  Tensor t = Tensor::empty(shape, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    if (!fits<T>(value)) {
      throw std::invalid_argument("full: the value " + value_str(value) + " cannot be converted to " +
                                  dtype_name(dtype) + " without overflow");
    }
    std::fill_n(t.data<T>(), t.numel(), detail::convert<T>(value));
  });
  return t;
}

void check_not_bool(DType dtype, const char* op) {
  if (dtype == DType::Bool) throw_unsupported_dtype(op, dtype);
}

void check_integral(DType dtype, const char* op) {
  if (is_floating_point(dtype) || dtype == DType::Bool) throw_unsupported_dtype(op, dtype);
}

// The number of values of an integer range, exactly (no overflow whatever the bounds).
std::int64_t integer_range_size(std::int64_t start, std::int64_t end, std::int64_t step) {
  const auto ustart = static_cast<std::uint64_t>(start), uend = static_cast<std::uint64_t>(end);
  std::uint64_t span = 0, stride = 0;
  if (step > 0) {
    if (end <= start) return 0;
    span = uend - ustart;
    stride = static_cast<std::uint64_t>(step);
  } else {
    if (end >= start) return 0;
    span = ustart - uend;
    stride = std::uint64_t{0} - static_cast<std::uint64_t>(step);
  }
  return static_cast<std::int64_t>((span - 1) / stride + 1);
}

void check_range(bool nonzero, bool consistent) {
  if (!nonzero) throw std::invalid_argument("arange: step must be nonzero");
  if (!consistent) {
    throw std::invalid_argument("arange: upper bound and lower bound inconsistent with step sign");
  }
}

// start + step * i for i < n, in int64 (wrapping: the values were checked to fit), into dtype.
Tensor integer_range(std::int64_t start, std::int64_t step, std::int64_t n, DType dtype) {
  if (n > 0) {
    const auto last =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(start) +
                                  static_cast<std::uint64_t>(n - 1) * static_cast<std::uint64_t>(step));
    dispatch(dtype, [&](auto zero) {
      using T = decltype(zero);
      const auto ok = [](std::int64_t v) {
        if constexpr (std::is_floating_point_v<T> || std::is_same_v<T, bool>) {
          return true;
        } else {
          return v >= static_cast<std::int64_t>(std::numeric_limits<T>::lowest()) &&
                 v <= static_cast<std::int64_t>(std::numeric_limits<T>::max());
        }
      };
      if (!ok(start) || !ok(last)) {
        throw std::invalid_argument("arange: the values from " + std::to_string(start) + " to " +
                                    std::to_string(last) + " do not fit " + dtype_name(dtype) +
                                    " (PyTorch would wrap them around); choose a wider dtype");
      }
    });
  }
  Tensor out = Tensor::empty(Shape{n}, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    T* p = out.data<T>();
    std::uint64_t v = static_cast<std::uint64_t>(start);
    for (std::int64_t i = 0; i < n; ++i, v += static_cast<std::uint64_t>(step)) {
      p[i] = detail::convert<T>(static_cast<std::int64_t>(v));
    }
  });
  return out;
}

// The int64 value of an arange bound given as a double for an integer dtype: truncated, as
// PyTorch's Scalar::to<int64_t>, which refuses NaN and values beyond int64.
std::int64_t truncated_bound(double v) {
  if (!fits<std::int64_t>(v)) {
    throw std::invalid_argument("arange: the bound " + num(v) +
                                " cannot be converted to int64 without overflow");
  }
  return static_cast<std::int64_t>(v);
}

std::int64_t checked_steps(std::int64_t steps, const char* op) {
  if (steps < 0) {
    throw std::invalid_argument(std::string(op) + ": number of steps must be non-negative, got " +
                                std::to_string(steps));
  }
  return steps;
}

// PyTorch's linspace (and the exponents of its logspace): step = (end - start) / (steps - 1) in
// S, element i = start + step * i for i < steps / 2, else end - step * (steps - 1 - i), each
// one multiply-add rounded once. emit(i, value in S).
template <class S, class Emit>
void two_ended(S start, S end, std::int64_t steps, Emit emit) {
  const S step = (end - start) / static_cast<S>(steps - 1);
  const std::int64_t halfway = steps / 2;
  for (std::int64_t i = 0; i < steps; ++i) {
    const S v = i < halfway ? std::fma(step, static_cast<S>(i), start)
                            : std::fma(-step, static_cast<S>(steps - 1 - i), end);
    emit(i, v);
  }
}

// A linspace bound in T, as PyTorch's Scalar::to<T>: checked (NaN or out of range throws for
// integer types), truncated toward zero.
template <class T>
T bound_as(double v, const char* op) {
  if (!fits<T>(v)) {
    throw std::invalid_argument(std::string(op) + ": the bound " + num(v) + " cannot be converted to " +
                                dtype_name(dtype_of<T>()) + " without overflow");
  }
  return detail::convert<T>(v);
}

Tensor tri_indices(std::int64_t row, std::int64_t col, std::int64_t offset, DType dtype, bool lower) {
  const char* op = lower ? "tril_indices" : "triu_indices";
  check_integral(dtype, op);
  if (row < 0)
    throw std::invalid_argument(std::string(op) + ": row must be non-negative, got " + std::to_string(row));
  if (col < 0)
    throw std::invalid_argument(std::string(op) + ": col must be non-negative, got " + std::to_string(col));
  // Columns [first(r), last(r)) of each row r, clamped to [0, col].
  const auto clamp = [col](std::int64_t c) { return std::max<std::int64_t>(0, std::min(col, c)); };
  const auto first = [&](std::int64_t r) { return lower ? 0 : clamp(r + offset); };
  const auto last = [&](std::int64_t r) { return lower ? clamp(r + offset + 1) : col; };
  // Offsets beyond +-(row + col) change nothing: clamped, r + offset cannot overflow.
  offset = std::max(-(row + col) - 1, std::min(offset, row + col + 1));
  std::int64_t n = 0;
  for (std::int64_t r = 0; r < row; ++r) n += last(r) - first(r);
  Tensor out = Tensor::empty(Shape{2, n}, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    if (n > 0 && !fits<T>(std::max(row, col) - 1)) {
      throw std::invalid_argument(std::string(op) + ": the indices of a " + std::to_string(row) + " x " +
                                  std::to_string(col) + " matrix do not fit " + dtype_name(dtype));
    }
    T* rows = out.data<T>();
    T* cols = rows + n;
    std::int64_t k = 0;
    for (std::int64_t r = 0; r < row; ++r) {
      for (std::int64_t c = first(r); c < last(r); ++c, ++k) {
        rows[k] = static_cast<T>(r);
        cols[k] = static_cast<T>(c);
      }
    }
  });
  return out;
}

}  // namespace

Tensor empty(const Shape& shape, DType dtype) { return Tensor::empty(shape, dtype); }

Tensor zeros(const Shape& shape, DType dtype) { return Tensor::zeros(shape, dtype); }

Tensor ones(const Shape& shape, DType dtype) { return Tensor::full(shape, 1.0, dtype); }

Tensor full(const Shape& shape, double value, DType dtype) { return full_impl(shape, value, dtype); }

Tensor full(const Shape& shape, std::int64_t value, DType dtype) { return full_impl(shape, value, dtype); }

Tensor empty_strided(const Shape& shape, const std::vector<std::int64_t>& strides, DType dtype) {
  if (static_cast<int>(strides.size()) != shape.ndim()) {
    throw std::invalid_argument("empty_strided: the shape " + shape.str() + " has " +
                                std::to_string(shape.ndim()) + " dimensions but " +
                                std::to_string(strides.size()) + " strides were given");
  }
  detail::Layout layout{shape, {}, 0};
  std::int64_t extent = 1;  // elements the buffer holds: 1 + the largest offset
  bool empty_tensor = false;
  for (int d = 0; d < shape.ndim(); ++d) {
    const std::int64_t s = strides[static_cast<std::size_t>(d)];
    if (s < 0)
      throw std::invalid_argument("empty_strided: negative strides are not supported, got " +
                                  std::to_string(s));
    layout.strides[static_cast<std::size_t>(d)] = s;
    empty_tensor = empty_tensor || shape[d] == 0;
    std::int64_t reach = 0;
    if (shape[d] > 0 && (!checked_mul(shape[d] - 1, s, &reach) ||
                         extent > std::numeric_limits<std::int64_t>::max() - reach)) {
      throw std::overflow_error("empty_strided: the shape " + shape.str() +
                                " with these strides does not fit in memory");
    }
    extent += reach;
  }
  if (empty_tensor) extent = 0;
  const Tensor buffer = Tensor::empty(Shape{extent}, dtype);
  return detail::alias_layout(buffer, layout);
}

Tensor empty_like(const Tensor& x, std::optional<DType> dtype) {
  return Tensor::empty(x.shape(), dtype.value_or(x.dtype()));
}

Tensor zeros_like(const Tensor& x, std::optional<DType> dtype) {
  return Tensor::zeros(x.shape(), dtype.value_or(x.dtype()));
}

Tensor ones_like(const Tensor& x, std::optional<DType> dtype) {
  return ones(x.shape(), dtype.value_or(x.dtype()));
}

Tensor full_like(const Tensor& x, double value, std::optional<DType> dtype) {
  return full(x.shape(), value, dtype.value_or(x.dtype()));
}

Tensor full_like(const Tensor& x, std::int64_t value, std::optional<DType> dtype) {
  return full(x.shape(), value, dtype.value_or(x.dtype()));
}

Tensor arange(double start, double end, double step, DType dtype) {
  check_not_bool(dtype, "arange");
  if (!is_floating_point(dtype)) {
    // PyTorch: the bounds are truncated to int64 first; the length of an int64 range is then
    // exact, while other integer types take it from the bounds as given.
    const std::int64_t istart = truncated_bound(start), iend = truncated_bound(end),
                       istep = truncated_bound(step);
    check_range(istep != 0, (istep > 0 && iend >= istart) || (istep < 0 && iend <= istart));
    std::int64_t n = 0;
    if (dtype == DType::Int64) {
      n = integer_range_size(istart, iend, istep);
    } else {
      const double size = std::ceil((end - start) / step);
      n = size > 0 ? static_cast<std::int64_t>(size) : 0;
    }
    return integer_range(istart, istep, n, dtype);
  }
  check_range(step > 0 || step < 0, true);
  if (!std::isfinite(start) || !std::isfinite(end)) {
    throw std::invalid_argument("arange: unsupported range: " + num(start) + " -> " + num(end));
  }
  check_range(true, (step > 0 && end >= start) || (step < 0 && end <= start));
  const double size = std::ceil((end - start) / step);
  if (!(size >= 0 && size < 0x1p63)) {
    throw std::invalid_argument("arange: invalid size " + num(size) + " (from " + num(start) + " to " +
                                num(end) + " in steps of " + num(step) + "), possible overflow?");
  }
  const auto n = static_cast<std::int64_t>(size);
  Tensor out = Tensor::empty(Shape{n}, dtype);
  dispatch_floating(dtype, "arange", [&](auto zero) {
    using T = decltype(zero);
    T* p = out.data<T>();
    for (std::int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(std::fma(step, static_cast<double>(i), start));
  });
  return out;
}

Tensor arange(std::int64_t start, std::int64_t end, std::int64_t step, DType dtype) {
  check_not_bool(dtype, "arange");
  if (is_floating_point(dtype)) {
    return arange(static_cast<double>(start), static_cast<double>(end), static_cast<double>(step), dtype);
  }
  check_range(step != 0, (step > 0 && end >= start) || (step < 0 && end <= start));
  return integer_range(start, step, integer_range_size(start, end, step), dtype);
}

Tensor linspace(double start, double end, std::int64_t steps, DType dtype) {
  check_not_bool(dtype, "linspace");
  checked_steps(steps, "linspace");
  Tensor out = Tensor::empty(Shape{steps}, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    if constexpr (!std::is_same_v<T, bool>) {
      T* p = out.data<T>();
      const T first = bound_as<T>(start, "linspace"), last = bound_as<T>(end, "linspace");
      if (steps == 1) {
        p[0] = first;
      } else if constexpr (std::is_floating_point_v<T>) {
        two_ended<T>(first, last, steps, [p](std::int64_t i, T v) { p[i] = v; });
      } else {
        // Integers step in double and truncate (the values lie between the bounds).
        two_ended<double>(static_cast<double>(first), static_cast<double>(last), steps,
                          [p](std::int64_t i, double v) { p[i] = static_cast<T>(v); });
      }
    }
  });
  return out;
}

Tensor logspace(double start, double end, std::int64_t steps, double base, DType dtype) {
  check_not_bool(dtype, "logspace");
  checked_steps(steps, "logspace");
  Tensor out = Tensor::empty(Shape{steps}, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    if constexpr (!std::is_same_v<T, bool>) {
      T* p = out.data<T>();
      // The exponents as PyTorch's logspace makes them: in T for floats, in double from bounds
      // truncated to T for integers; the power in double.
      using S = std::conditional_t<std::is_floating_point_v<T>, T, double>;
      const T first = bound_as<T>(start, "logspace"), last = bound_as<T>(end, "logspace");
      auto emit = [p, base](std::int64_t i, S e) {
        p[i] = detail::convert<T>(std::pow(base, static_cast<double>(e)));
      };
      if (steps == 1) {
        p[0] = detail::convert<T>(std::pow(base, start));
      } else {
        two_ended<S>(static_cast<S>(first), static_cast<S>(last), steps, emit);
      }
    }
  });
  return out;
}

Tensor eye(std::int64_t n, std::optional<std::int64_t> m, DType dtype) {
  if (n < 0) throw std::invalid_argument("eye: n must be greater or equal to 0, got " + std::to_string(n));
  const std::int64_t cols = m.value_or(n);
  if (cols < 0)
    throw std::invalid_argument("eye: m must be greater or equal to 0, got " + std::to_string(cols));
  Tensor out = Tensor::zeros(Shape{n, cols}, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    T* p = out.data<T>();
    for (std::int64_t i = 0, k = std::min(n, cols); i < k; ++i) p[i * cols + i] = T(1);
  });
  return out;
}

Tensor tril_indices(std::int64_t row, std::int64_t col, std::int64_t offset, DType dtype) {
  return tri_indices(row, col, offset, dtype, true);
}

Tensor triu_indices(std::int64_t row, std::int64_t col, std::int64_t offset, DType dtype) {
  return tri_indices(row, col, offset, dtype, false);
}

}  // namespace tapegrad
