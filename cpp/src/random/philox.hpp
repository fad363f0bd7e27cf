#pragma once
// Philox4x32 (internal): the counter-based engine behind tapegrad::Generator.
//
// Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC11), the
// generator of Random123, cuRAND and JAX. It maps a 128-bit counter and a 64-bit key to 128
// random bits by ten rounds of a keyed Feistel-like network of 32x32 -> 64-bit multiplications;
// it is a bijection of the counter for each key, so distinct counters never repeat an output
// block, and any block is computed directly, without stepping through the ones before it. That
// is what lets a fill split its work anywhere and still produce the same numbers.
//
// Only uint32 and uint64 integer arithmetic: the same bits on every platform and compiler.
#include <array>
#include <cstddef>
#include <cstdint>

namespace tapegrad::philox {

using Counter = std::array<std::uint32_t, 4>;
using Key = std::array<std::uint32_t, 2>;

// The multipliers and the Weyl key increments of Random123's philox4x32.
constexpr std::uint32_t kM0 = 0xD2511F53u;
constexpr std::uint32_t kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kW1 = 0xBB67AE85u;  // sqrt(3) - 1

// Philox4x32 with `Rounds` rounds (10 is the standard, Crush-resistant one; 7 exists only so the
// tests can check the round function against Random123's vectors for both).
template <int Rounds>
constexpr Counter philox4x32(Counter c, Key k) {
  for (int r = 0; r < Rounds; ++r) {
    if (r > 0) {  // the key is bumped between rounds, not before the first
      k[0] += kW0;
      k[1] += kW1;
    }
    const std::uint64_t p0 = std::uint64_t{kM0} * c[0];
    const std::uint64_t p1 = std::uint64_t{kM1} * c[2];
    c = Counter{static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
                static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
  }
  return c;
}

constexpr Counter philox4x32_10(Counter c, Key k) { return philox4x32<10>(c, k); }

constexpr Key key_of(std::uint64_t seed) {
  return Key{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
}

// The counter of block b of a generator's main stream. Counter words 2 and 3 are zero there;
// other streams of the same key (randint's retries) set word 3 and never meet this one.
constexpr Counter main_counter(std::uint64_t block) {
  return Counter{static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32), 0u, 0u};
}

// Word w of the main stream is lane w % 4 of block w / 4. Writes words [first, first + count)
// to out. Whole blocks go straight to out; only a partial first or last block is copied lane by
// lane, so a fill may start at any word.
inline void main_words(Key key, std::uint64_t first, std::uint32_t* out, std::size_t count) {
  std::uint64_t block = first >> 2;
  std::size_t lane = static_cast<std::size_t>(first & 3u);
  if (lane != 0 && count > 0) {
    const Counter x = philox4x32_10(main_counter(block++), key);
    for (; lane < 4 && count > 0; ++lane, --count) *out++ = x[lane];
  }
  for (; count >= 4; count -= 4, out += 4) {
    const Counter x = philox4x32_10(main_counter(block++), key);
    out[0] = x[0];
    out[1] = x[1];
    out[2] = x[2];
    out[3] = x[3];
  }
  if (count > 0) {
    const Counter x = philox4x32_10(main_counter(block), key);
    for (std::size_t i = 0; i < count; ++i) out[i] = x[i];
  }
}

}  // namespace tapegrad::philox
