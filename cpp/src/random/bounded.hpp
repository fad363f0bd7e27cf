#pragma once
// Unbiased integers in [0, range) with a fixed number of words per element (internal to the
// random number generator): randint's and randperm's draws. Integer arithmetic only.
#include <cstddef>
#include <cstdint>

#include "random/fill.hpp"
#include "random/philox.hpp"

namespace tapegrad::random_detail {

// 64 x 64 -> 128-bit product as {high, low}, portably (MSVC and 32-bit targets lack __int128).
struct U128 {
  std::uint64_t hi, lo;
};
inline U128 mul_wide(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32, b_lo = b & 0xffffffffu, b_hi = b >> 32;
  const std::uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
  const std::uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  return {hh + (lh >> 32) + (hl >> 32) + (mid >> 32), (mid << 32) | (ll & 0xffffffffu)};
}

// The retry words of one element: the stream {lo32(g), hi32(g), attempt, 1} of the fill's key,
// g being the index of the element's first word in the main stream (whose counters have word 3
// zero, so the two never meet).
class RetryWords {
 public:
  RetryWords(philox::Key key, std::uint64_t g) : key_(key), g_(g) {}
  std::uint32_t next() {
    if (lane_ == 4) {
      const philox::Counter c{static_cast<std::uint32_t>(g_), static_cast<std::uint32_t>(g_ >> 32),
                              attempt_++, 1u};
      block_ = philox::philox4x32_10(c, key_);
      lane_ = 0;
    }
    return block_[lane_++];
  }

 private:
  philox::Key key_;
  std::uint64_t g_;
  std::uint32_t attempt_ = 0;
  std::size_t lane_ = 4;
  philox::Counter block_{};
};

// A uniform integer in [0, range) by Lemire's method ("Fast random integer generation in an
// interval", 2019): with x uniform on [0, 2^b), the high b bits of x * range are in [0, range),
// and exactly uniform once the products whose low b bits fall below 2^b mod range are rejected.
// That remainder (one division) is needed only when the low bits are below range, which is rare.
// b = 32 (1 word) for range <= 2^32, else 64 (2 words). Rejections retry from RetryWords.
class Bounded {
 public:
  explicit Bounded(std::uint64_t range) : range_(range) {}
  int words() const { return range_ <= kTwo32 ? 1 : 2; }

  // w: the element's kWords words (1 only when range <= 2^32); g: the index of its first word
  // in the stream. The width is the fill's, fixed for all its elements.
  template <int kWords>
  std::uint64_t draw(Words w, const philox::Key& key, std::uint64_t g) const {
    if constexpr (kWords == 1) {
      const std::uint64_t m = std::uint64_t{w[0]} * range_;
      if ((m & 0xffffffffu) < range_ && (m & 0xffffffffu) < kTwo32 % range_) return retry32(key, g);
      return m >> 32;
    } else {
      const U128 m = mul_wide(bits64(w), range_);
      if (m.lo < range_ && m.lo < (0 - range_) % range_) return retry64(key, g);
      return m.hi;
    }
  }

 private:
  std::uint64_t retry32(const philox::Key& key, std::uint64_t g) const {
    RetryWords more(key, g);
    for (;;) {
      const std::uint64_t m = std::uint64_t{more.next()} * range_;
      if ((m & 0xffffffffu) >= kTwo32 % range_) return m >> 32;
    }
  }
  std::uint64_t retry64(const philox::Key& key, std::uint64_t g) const {
    RetryWords more(key, g);
    for (;;) {
      const std::uint64_t lo = more.next();
      const U128 m = mul_wide(lo | (std::uint64_t{more.next()} << 32), range_);
      if (m.lo >= (0 - range_) % range_) return m.hi;
    }
  }

  std::uint64_t range_;
};

}  // namespace tapegrad::random_detail
