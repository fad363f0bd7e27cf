#pragma once
// Random numbers: a seeded generator, and distributions that fill raw buffers from it.
//
// The engine is Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC11; the generator of Random123, cuRAND and JAX). The stream of seed s is the sequence of
// 32-bit words
//   word(s, w) = Philox4x32-10(counter = {lo32(w / 4), hi32(w / 4), 0, 0},
//                              key = {lo32(s), hi32(s)})[w % 4],        w = 0, 1, 2, ...
// A Generator holds a seed and an offset: the index w of its next unused word. Each fill
// reserves a contiguous block of words, the offset advancing by exactly the number of words the
// fill consumes (listed at each function), and element i of a fill is computed from its own
// words only. So:
//  - A fill's values depend on the seed, the offset where it starts and its arguments: never on
//    the number of threads (fills of more than 2^15 elements run on the thread pool), nor on how
//    the work is split.
//  - Consecutive fills continue the stream: 10 uniforms then 10 more equal 20 uniforms, for any
//    distribution whose elements consume a fixed number of words (normal: see there).
//  - A call that throws has consumed nothing and written nothing.
//
// What is identical across platforms (x86-64 and arm64; GCC, Clang and MSVC; any thread count):
//  - uniform, randint, bernoulli, randperm and multinomial: bit for bit. They use integer
//    arithmetic and IEEE-754 +, -, *, / and comparisons in double, which every such platform
//    rounds the same way (random.cpp is compiled without FMA contraction, and refuses to compile
//    under -ffast-math or with x87 excess precision).
//  - normal: every value is computed in double from the same bits with std::log, std::sqrt,
//    std::cos and std::sin. sqrt is correctly rounded everywhere; log, cos and sin are not
//    required to be, and their last bits vary between C libraries, and even with one C library
//    between CPUs (glibc runs different code on CPUs with and without FMA). So a double value
//    may differ in its last bits between machines: measured with glibc 2.36, FMA against no-FMA
//    code, 13008 of 2e7 values (1 in 1500) differed, by at most 2 units in the last place
//    (a relative 4e-16). A float value is that double rounded to float: it changes only when
//    such a difference straddles a float rounding boundary, under 1 value in 10^11 (none of the
//    2e7 did), i.e. identical in practice.
//
// The stream is not PyTorch's (which uses mt19937 and its own transforms): the same seed gives
// different numbers in tapegrad and PyTorch.
//
// Element types: the fills are templates instantiated (in random.cpp) for the types listed at
// each; another type is a link error.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace tapegrad {

// A seed and a position in its stream. One Generator may be shared by threads: reserving words
// takes a mutex for a few instructions, and the fill itself runs without it. Concurrent fills
// from one generator get disjoint blocks of the stream, in the order they took the mutex.
class Generator {
 public:
  // The seed of a fresh generator, PyTorch's default_rng_seed_val: a program that never seeds
  // draws the same numbers on every run.
  static constexpr std::uint64_t kDefaultSeed = 67280421310721u;
  // The size of get_state()'s bytes.
  static constexpr std::size_t kStateSize = 24;

  explicit Generator(std::uint64_t seed = kDefaultSeed) noexcept : seed_(seed) {}
  Generator(const Generator&) = delete;  // a copy would replay the stream: use get_state()
  Generator& operator=(const Generator&) = delete;

  // Restarts the stream of `seed` (offset 0).
  void manual_seed(std::uint64_t seed);
  // Seeds from std::random_device (not reproducible) and returns the seed.
  std::uint64_t seed();
  // The seed of the current stream.
  std::uint64_t initial_seed() const;

  // The index of the next unused word of the stream; set_offset jumps anywhere in it.
  std::uint64_t offset() const;
  void set_offset(std::uint64_t offset);

  // The seed and the offset as 24 portable bytes (the same on every platform): the magic "TGPX",
  // a format version (1), three zero bytes, then the seed and the offset as little-endian
  // uint64. set_state restores them and throws std::invalid_argument on any other bytes.
  std::vector<std::uint8_t> get_state() const;
  void set_state(const std::vector<std::uint8_t>& state);

  // The start of a block of `words` words, reserved for the caller: the words at offsets
  // [offset, offset + words) of the stream of `seed`. For code that writes its own
  // distributions; the fills below call it once each. Throws std::overflow_error when the
  // offset would pass 2^64.
  struct Block {
    std::uint64_t seed;
    std::uint64_t offset;
  };
  Block reserve(std::uint64_t words);

 private:
  mutable std::mutex mutex_;
  std::uint64_t seed_;
  std::uint64_t offset_ = 0;
};

// The process-wide generator that fills use by default (seeded with kDefaultSeed at first use).
// A forked child inherits its state, as in PyTorch.
Generator& default_generator();

// Seeds the default generator (torch.manual_seed).
void manual_seed(std::uint64_t seed);

// Every fill writes out[0, n) and throws std::invalid_argument for n < 0.

// Uniform in [low, high), as torch.rand / Tensor.uniform_. T: float (1 word per element, 24
// random bits) or double (2 words, 53 bits). The value is low + (high - low) * u computed in
// double, rounded to T and clamped to the largest T below high should rounding reach high; low
// and high are first rounded to T. low == high gives low. Throws std::invalid_argument unless
// low <= high, both are finite values of T and high - low is finite.
template <class T>
void uniform(T* out, std::int64_t n, double low, double high, Generator& gen = default_generator());

// Normal with the given mean and standard deviation, as torch.randn / torch.normal. T: float or
// double. Box-Muller on pairs: elements 2j and 2j + 1 of a fill share 4 words (two 53-bit
// uniforms u1 in (0, 1] and u2 in [0, 1)) and are r cos(t) and r sin(t), with
// r = sqrt(-2 log u1) and t = 2 pi u2, scaled and shifted in double. A fill consumes
// 4 * ceil(n / 2) words: an odd n consumes its last pair whole, so normal(3) then normal(3) equal
// elements 0-2 and 4-6 of normal(8). The float fill is the double fill rounded to float. Throws
// std::invalid_argument unless stddev >= 0.
template <class T>
void normal(T* out, std::int64_t n, double mean, double stddev, Generator& gen = default_generator());

// Uniform integers in [low, high), exactly unbiased, as torch.randint / Tensor.random_. T:
// int64_t, int32_t, uint8_t, bool, float or double. Each element consumes 1 word when
// high - low <= 2^32, else 2, and maps them to [0, high - low) by Lemire's multiply-and-reject
// method. A rejected element (probability below (high - low) / 2^32 or / 2^64) retries with words
// from a stream of its own (counter {lo32(g), hi32(g), attempt, 1}, g the index of its first
// word), which does not advance the offset: each element still depends only on the seed and its
// own index in the stream. Throws std::invalid_argument unless low < high and low and high - 1
// are values of T (within +-2^24 for float, +-2^53 for double).
template <class T>
void randint(T* out, std::int64_t n, std::int64_t low, std::int64_t high,
             Generator& gen = default_generator());

// 1 with probability p, else 0, as torch.bernoulli / Tensor.bernoulli_(p). T: float, double,
// int64_t, int32_t, uint8_t or bool. Each element consumes 2 words: a 53-bit uniform u, and the
// result is u < p. Throws std::invalid_argument unless 0 <= p <= 1.
template <class T>
void bernoulli(T* out, std::int64_t n, double p, Generator& gen = default_generator());

// As above with element i's own probability probs[i] (torch.bernoulli(probs)). P: float or
// double; out may be probs itself. Throws std::invalid_argument, before writing anything,
// unless every probability is in [0, 1].
template <class T, class P>
void bernoulli(T* out, const P* probs, std::int64_t n, Generator& gen = default_generator());

// A uniformly random permutation of 0 .. n-1 (torch.randperm): Fisher-Yates, step k swapping
// element n-1-k with a uniform one of elements 0 .. n-1-k, drawn as randint draws it. Consumes
// n words (2n when n > 2^32). Sequential: it never uses the thread pool.
void randperm(std::int64_t* out, std::int64_t n, Generator& gen = default_generator());

// torch.multinomial on `rows` rows of `categories` non-negative weights each (row-major probs;
// rows == 1 is the 1-D case): out[r * num_samples + s] is the category of sample s of row r.
// Weights need not sum to 1. With replacement the samples are independent; without, each sample
// is drawn from the categories not drawn yet, in proportion to their weights. Each sample
// consumes 2 words (a 53-bit uniform, mapped through a tree of partial sums of the row in double),
// rows after rows: 2 * rows * num_samples words (many samples of a row, with replacement, are
// drawn on the thread pool). P: float or double. Throws std::invalid_argument, with PyTorch's
// messages where it has one, for a weight that is negative, inf or nan; a row of zeros; a weight
// above DBL_MAX / (2 * categories) (the sum could overflow); rows < 0, categories < 1 or
// num_samples <= 0; and, without replacement, num_samples above the number of categories or
// above the number of non-zero weights of a row.
template <class P>
void multinomial(std::int64_t* out, const P* probs, std::int64_t rows, std::int64_t categories,
                 std::int64_t num_samples, bool replacement, Generator& gen = default_generator());

}  // namespace tapegrad
