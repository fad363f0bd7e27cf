#pragma once
// Scalar arithmetic on every dtype with PyTorch's results: integers wrap around on overflow (as
// two's complement hardware does; in C++ signed overflow is undefined, so the sum is taken in
// the unsigned type), bool adds as `or` and multiplies as `and`.
#include <cstdint>
#include <type_traits>

namespace tapegrad::detail {

template <class T>
constexpr T wrapping_add(T a, T b) noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}

// bool tensors cannot be subtracted (ops refuse them before the loop): for bool this is xor.
template <class T>
constexpr T wrapping_sub(T a, T b) noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return a != b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  } else {
    return a - b;
  }
}

template <class T>
constexpr T wrapping_mul(T a, T b) noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return a && b;
  } else if constexpr (std::is_integral_v<T>) {
    // uint8 and int32 promote to int before multiplying, where 2^31 overflows: go through
    // uint64, whose product wraps as the narrower type's would after truncation.
    return static_cast<T>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
  } else {
    return a * b;
  }
}

}  // namespace tapegrad::detail
