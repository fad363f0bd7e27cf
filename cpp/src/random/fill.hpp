#pragma once
// How a fill walks its words (internal to the random number generator).
//
// Every fill has the same shape: check the arguments (so a call that throws consumes nothing),
// reserve the fill's words from the generator (one short mutex), then compute element i from
// the words at start + i * k, where k is fixed for the fill. Large fills are split over the
// thread pool; each piece fetches its words a tile at a time into a stack buffer (Philox makes
// four per call) and maps them. Nothing depends on where a piece starts, so the split cannot
// change a value.
//
// Included only by the sources of cpp/src/random/, which random.cmake compiles without FMA
// contraction. Cross-platform identity also needs IEEE arithmetic as written: no -ffast-math and
// no x87 excess precision, refused here for every file that includes this one.
#include <algorithm>
#include <cfloat>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "kernels/thread_pool.hpp"
#include "random/philox.hpp"
#include "tapegrad/random.hpp"

#if defined(__FAST_MATH__)
#error "tapegrad's random number generator must not be built with -ffast-math: its values would vary"
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "tapegrad's random number generator needs FLT_EVAL_METHOD == 0 (SSE2 or NEON, not x87)"
#endif
#if defined(__clang__)
#pragma clang fp contract(off)  // as -ffp-contract=off, for Clang builds made without random.cmake
#endif

namespace tapegrad::random_detail {

using Words = const std::uint32_t*;
inline constexpr std::uint64_t kTwo32 = std::uint64_t{1} << 32;
inline constexpr std::int64_t kPiece = std::int64_t{1}
                                       << 15;  // elements per pool task: worth a worker's time
inline constexpr std::int64_t kTile = 256;     // elements whose words are fetched at once

// The words reserved for one fill: its key and the index of its first word.
struct Stream {
  philox::Key key;
  std::uint64_t start;
};

inline std::uint64_t checked_words(std::int64_t elements, std::uint64_t words_each, const char* fn) {
  const auto n = static_cast<std::uint64_t>(elements);
  if (n > std::numeric_limits<std::uint64_t>::max() / words_each) {
    throw std::overflow_error(std::string(fn) + ": too many elements for one stream");
  }
  return n * words_each;
}

inline Stream reserve(Generator& gen, std::uint64_t words) {
  const Generator::Block block = gen.reserve(words);
  return {philox::key_of(block.seed), block.offset};
}

// Runs body(begin, end) over [0, n) in pieces of `piece`, on the thread pool when there are
// several. The pieces are the same whatever the thread count; the values do not depend on them
// anyway.
template <class Body>
void split(std::int64_t n, std::int64_t piece, Body body) {
  // Few enough tasks for an int, however large n is.
  piece = std::max(piece, n / (std::int64_t{1} << 24) + 1);
  const std::int64_t pieces = (n + piece - 1) / piece;
  if (pieces <= 1) return body(std::int64_t{0}, n);
  auto task = [&](int t) {
    const std::int64_t begin = t * piece;
    body(begin, std::min(n, begin + piece));
  };
  kernels::parallel_for(static_cast<int>(pieces), task);
}

// Calls emit(i, words of element i) for i in [begin, end) in order, element i having the kWords
// words at s.start + i * kWords.
template <int kWords, class Emit>
void for_elements(const Stream& s, std::int64_t begin, std::int64_t end, Emit& emit) {
  std::uint32_t words[static_cast<std::size_t>(kTile * kWords)];
  for (std::int64_t i = begin; i < end; i += kTile) {
    const std::int64_t m = std::min(kTile, end - i);
    philox::main_words(s.key, s.start + static_cast<std::uint64_t>(i) * kWords, words,
                       static_cast<std::size_t>(m * kWords));
    for (std::int64_t k = 0; k < m; ++k) emit(i + k, words + k * kWords);
  }
}

// Reserves kWords words for each of n elements and calls emit(i, its words) for every i.
template <int kWords, class Emit>
void fill(Generator& gen, std::int64_t n, const char* fn, Emit emit) {
  if (n == 0) return;
  const Stream s = reserve(gen, checked_words(n, kWords, fn));
  split(n, kPiece, [&](std::int64_t begin, std::int64_t end) { for_elements<kWords>(s, begin, end, emit); });
}

// Calls f(std::integral_constant<int, 1 or 2>) for a width known only at run time.
template <class F>
void with_width(int words, F f) {
  if (words == 1) return f(std::integral_constant<int, 1>{});
  f(std::integral_constant<int, 2>{});
}

inline std::uint64_t bits64(Words w) { return std::uint64_t{w[0]} | (std::uint64_t{w[1]} << 32); }

// [0, 1) in steps of 2^-53, from 2 words; exact in double.
inline double unit53(Words w) { return static_cast<double>(bits64(w) >> 11) * 0x1p-53; }

// [0, 1) in steps of 2^-24, from 1 word; exact in float and double.
inline double unit24(Words w) { return static_cast<double>(w[0] >> 8) * 0x1p-24; }

}  // namespace tapegrad::random_detail
