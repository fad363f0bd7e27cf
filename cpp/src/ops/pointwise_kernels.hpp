#pragma once
// The scalar functions of the elementwise ops (one struct per op, generic in the element type)
// and the loops that run them: the caller dispatches on the dtype once, then one plain loop
// per op runs over contiguous memory (elementwise_kernels.hpp), which the compiler vectorises
// where the function allows. Everything here is value semantics only: no tape, no promotion.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "ops/arith.hpp"
#include "ops/broadcast.hpp"
#include "ops/elementwise_kernels.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// out = f(a, b, c) with NumPy broadcasting of three contiguous operands of types A, B and C.
template <class A, class B, class C, class Out, class F>
Tensor ternary_map(const Tensor& a, const Tensor& b, const Tensor& c, F f) {
  const Shape shape = broadcast_shapes(broadcast_shapes(a.shape(), b.shape()), c.shape());
  Tensor out = Tensor::empty(shape, dtype_of<Out>());
  const A* pa = a.data<A>();
  const B* pb = b.data<B>();
  const C* pc = c.data<C>();
  Out* o = out.data<Out>();
  if (a.shape() == shape && b.shape() == shape && c.shape() == shape) {
    for (std::int64_t i = 0, n = out.numel(); i < n; ++i) o[i] = f(pa[i], pb[i], pc[i]);
    return out;
  }
  const std::array<Strides, 4> strides{contiguous_strides(shape), broadcast_strides(a.shape(), shape),
                                       broadcast_strides(b.shape(), shape),
                                       broadcast_strides(c.shape(), shape)};
  for_each_row(shape, strides, [&](const auto& off, std::int64_t length, const auto& step) {
    Out* op = o + off[0];
    const A* ap = pa + off[1];
    const B* bp = pb + off[2];
    const C* cp = pc + off[3];
    for (std::int64_t j = 0; j < length; ++j) op[j] = f(ap[j * step[1]], bp[j * step[2]], cp[j * step[3]]);
  });
  return out;
}

namespace math {

template <class T>
constexpr bool is_float_v = std::is_floating_point_v<T>;

// NaN test that compiles (to false) for integers.
template <class T>
constexpr bool isnan(T v) noexcept {
  if constexpr (is_float_v<T>) {
    return v != v;
  } else {
    (void)v;
    return false;
  }
}

// --- floating-point functions of one value ---
struct Sqrt {
  template <class T>
  T operator()(T v) const {
    return std::sqrt(v);
  }
};
struct Rsqrt {
  template <class T>
  T operator()(T v) const {
    return T(1) / std::sqrt(v);
  }
};
struct Sin {
  template <class T>
  T operator()(T v) const {
    return std::sin(v);
  }
};
struct Cos {
  template <class T>
  T operator()(T v) const {
    return std::cos(v);
  }
};
struct Tan {
  template <class T>
  T operator()(T v) const {
    return std::tan(v);
  }
};
struct Asin {
  template <class T>
  T operator()(T v) const {
    return std::asin(v);
  }
};
struct Acos {
  template <class T>
  T operator()(T v) const {
    return std::acos(v);
  }
};
struct Atan {
  template <class T>
  T operator()(T v) const {
    return std::atan(v);
  }
};
struct Sinh {
  template <class T>
  T operator()(T v) const {
    return std::sinh(v);
  }
};
struct Cosh {
  template <class T>
  T operator()(T v) const {
    return std::cosh(v);
  }
};
struct Asinh {
  template <class T>
  T operator()(T v) const {
    return std::asinh(v);
  }
};
struct Acosh {
  template <class T>
  T operator()(T v) const {
    return std::acosh(v);
  }
};
struct Atanh {
  template <class T>
  T operator()(T v) const {
    return std::atanh(v);
  }
};
struct Log2 {
  template <class T>
  T operator()(T v) const {
    return std::log2(v);
  }
};
struct Log10 {
  template <class T>
  T operator()(T v) const {
    return std::log10(v);
  }
};
struct Log1p {
  template <class T>
  T operator()(T v) const {
    return std::log1p(v);
  }
};
struct Expm1 {
  template <class T>
  T operator()(T v) const {
    return std::expm1(v);
  }
};
struct Exp2 {
  template <class T>
  T operator()(T v) const {
    return std::exp2(v);
  }
};
struct Reciprocal {
  template <class T>
  T operator()(T v) const {
    return T(1) / v;
  }
};
struct Erf {
  template <class T>
  T operator()(T v) const {
    return std::erf(v);
  }
};
struct Erfc {
  template <class T>
  T operator()(T v) const {
    return std::erfc(v);
  }
};
// --- functions that keep the dtype (integers pass through the rounding ones) ---
struct Abs {
  template <class T>
  T operator()(T v) const {
    if constexpr (is_float_v<T>) {
      return std::fabs(v);
    } else if constexpr (std::is_signed_v<T>) {
      return v < T(0) ? wrapping_sub(T(0), v) : v;  // abs(INT_MIN) wraps to itself, as in PyTorch
    } else {
      return v;
    }
  }
};
// (0 < v) - (v < 0): 0 for NaN and for -0.0, as PyTorch.
struct Sign {
  template <class T>
  T operator()(T v) const {
    if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) {
      return static_cast<T>(v != T(0));
    } else {
      return static_cast<T>(static_cast<int>(T(0) < v) - static_cast<int>(v < T(0)));
    }
  }
};
// Half to even without a libm call (nearbyint is a call per element; this vectorises and is
// 3x faster): |v| + 2^52 - 2^52 rounds |v| to an integer in the current (nearest-even) mode
// when |v| < 2^52; larger values, infinities and NaN are already integers or pass through.
// Equal to std::nearbyint for every input, signed zeros included (copysign keeps -0.4 -> -0.0).
template <class T>
T round_half_even(T v) {
  if constexpr (is_float_v<T>) {
    const T big = std::is_same_v<T, float> ? T(8388608.0f) : T(4503599627370496.0);  // 2^23, 2^52
    const T a = std::fabs(v);
    const T r = std::copysign((a + big) - big, v);
    return a < big ? r : v;
  } else {
    return v;
  }
}
// floor, ceil and trunc stay libm's: glibc's pick SSE4.1 at run time and run at memory speed.
struct Floor {
  template <class T>
  T operator()(T v) const {
    if constexpr (is_float_v<T>) {
      return std::floor(v);
    } else {
      return v;
    }
  }
};
struct Ceil {
  template <class T>
  T operator()(T v) const {
    if constexpr (is_float_v<T>) {
      return std::ceil(v);
    } else {
      return v;
    }
  }
};
// Half to even: nearbyint in the default rounding mode.
struct Round {
  template <class T>
  T operator()(T v) const {
    return round_half_even(v);
  }
};
struct Trunc {
  template <class T>
  T operator()(T v) const {
    if constexpr (is_float_v<T>) {
      return std::trunc(v);
    } else {
      return v;
    }
  }
};
struct Frac {
  template <class T>
  T operator()(T v) const {
    return v - Trunc{}(v);
  }
};
struct Square {
  template <class T>
  T operator()(T v) const {
    return wrapping_mul(v, v);
  }
};

// --- two values ---
// NaN-propagating max and min. Of two equal values (+0 and -0) the second is taken, as
// PyTorch's vectorised loop does (its scalar loop takes the first: the sign of a zero tie
// depends on the position there).
struct Maximum {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) {
      return a || b;
    } else {
      if (isnan(a)) return a;
      return a > b ? a : b;
    }
  }
};
struct Minimum {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) {
      return a && b;
    } else {
      if (isnan(a)) return a;
      return a < b ? a : b;
    }
  }
};
// NaN-ignoring: a NaN loses to a number.
struct Fmax {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) {
      return a || b;
    } else {
      if (isnan(b)) return a;
      return (isnan(a) || b > a) ? b : a;
    }
  }
};
struct Fmin {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (std::is_same_v<T, bool>) {
      return a && b;
    } else {
      if (isnan(b)) return a;
      return (isnan(a) || b < a) ? b : a;
    }
  }
};

// Integer powers by squaring, wrapping on overflow. A negative exponent gives 1 / base rounded
// toward zero: 0 unless the base is 1 or -1 (PyTorch's powi).
template <class T>
T integer_pow(T base, T exponent) {
  if constexpr (std::is_signed_v<T>) {
    if (exponent < T(0)) {
      if (base == T(1)) return T(1);
      if (base == T(-1)) return (exponent % T(2) == T(0)) ? T(1) : T(-1);
      return T(0);
    }
  }
  T result = T(1);
  auto e = static_cast<std::make_unsigned_t<T>>(exponent);
  while (e) {
    if (e & 1U) result = wrapping_mul(result, base);
    base = wrapping_mul(base, base);
    e = static_cast<decltype(e)>(e >> 1U);
  }
  return result;
}
struct Pow {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_float_v<T>) {
      return std::pow(a, b);
    } else if constexpr (std::is_same_v<T, bool>) {
      return a || !b;  // ops refuse bool ** bool, as PyTorch; this only keeps the dispatch complete
    } else {
      return integer_pow(a, b);
    }
  }
};

// Python's // for floats (PyTorch's div_floor_floating): the quotient rounded toward -inf,
// computed from fmod so that it is exact where a / b is not; a zero divisor gives a / b.
template <class T>
T floor_divide_float(T a, T b) {
  if (b == T(0)) return a / b;
  const T mod = std::fmod(a, b);
  T div = (a - mod) / b;
  if (mod != T(0) && (b < T(0)) != (mod < T(0))) div -= T(1);
  if (div == T(0)) return std::copysign(T(0), a / b);
  T floordiv = std::floor(div);
  if (div - floordiv > T(0.5)) floordiv += T(1);
  return floordiv;
}

// Integer quotients with a non-zero divisor (callers check); INT_MIN / -1 wraps to INT_MIN.
template <class T>
T trunc_divide_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wrapping_sub(T(0), a);
  }
  return static_cast<T>(a / b);
}
template <class T>
T floor_divide_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wrapping_sub(T(0), a);
    const T q = static_cast<T>(a / b);
    return ((a % b != T(0)) && ((a < T(0)) != (b < T(0)))) ? static_cast<T>(q - T(1)) : q;
  } else {
    return static_cast<T>(a / b);
  }
}
template <class T>
T fmod_int(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return T(0);
  }
  return static_cast<T>(a % b);
}

struct FloorDivide {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_float_v<T>) {
      return floor_divide_float(a, b);
    } else {
      return floor_divide_int(a, b);
    }
  }
};
struct TruncDivide {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_float_v<T>) {
      return std::trunc(a / b);
    } else {
      return trunc_divide_int(a, b);
    }
  }
};
// The remainder with the divisor's sign.
struct Remainder {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_float_v<T>) {
      T mod = std::fmod(a, b);
      if (mod != T(0) && (b < T(0)) != (mod < T(0))) mod += b;
      return mod;
    } else {
      T mod = fmod_int(a, b);
      if constexpr (std::is_signed_v<T>) {
        if (mod != T(0) && (b < T(0)) != (mod < T(0))) mod = static_cast<T>(mod + b);
      }
      return mod;
    }
  }
};
struct Fmod {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_float_v<T>) {
      return std::fmod(a, b);
    } else {
      return fmod_int(a, b);
    }
  }
};
struct Atan2 {
  template <class T>
  T operator()(T a, T b) const {
    return std::atan2(a, b);
  }
};
struct Hypot {
  template <class T>
  T operator()(T a, T b) const {
    return std::hypot(a, b);
  }
};

// --- activations (floating point) ---
template <class T>
T sigmoid(T x) {
  if (x >= T(0)) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
}
// log(1 + exp(x)) for any x: x itself once exp(-x) is below rounding, log1p(exp(x)) otherwise.
template <class T>
T softplus(T x) {
  return x > T(0) ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSqrt1_2 = 0.70710678118654752440;      // 1 / sqrt(2)
constexpr double kInvSqrt2Pi = 0.39894228040143267794;   // 1 / sqrt(2 pi)
constexpr double kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr double kGeluTanhCoefficient = 0.044715;

}  // namespace math
}  // namespace tapegrad::detail
