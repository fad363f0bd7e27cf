#pragma once
// Converting one element between dtypes: the one rule for cast(), factories and item().
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace tapegrad::detail {

// `v` as a `To`, defined for every input. Floats go to integers truncated toward zero and
// saturated at the type's limits, NaN going to 0 (what arm64 does in hardware and PyTorch
// there; x86 PyTorch gives the minimum instead: the result is out of range either way).
// Integers narrow modulo 2^bits, as PyTorch does. Anything non-zero is true.
template <class To, class From>
To convert(From v) noexcept {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else if constexpr (std::is_floating_point_v<To>) {
    return static_cast<To>(v);
  } else if constexpr (std::is_floating_point_v<From>) {
    if (std::isnan(v)) return To(0);
    if (v <= static_cast<From>(std::numeric_limits<To>::min())) return std::numeric_limits<To>::min();
    // max() of int64 rounds up to 2^63 as a double: compare with >=, so 2^63 saturates too.
    if (v >= static_cast<From>(std::numeric_limits<To>::max())) return std::numeric_limits<To>::max();
    return static_cast<To>(v);
  } else {
    // Integer to integer: through the unsigned type, which wraps without undefined behaviour.
    using U = std::make_unsigned_t<To>;
    return static_cast<To>(static_cast<U>(static_cast<std::uint64_t>(v)));
  }
}

}  // namespace tapegrad::detail
