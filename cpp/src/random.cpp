// tapegrad::Generator and the distributions of tapegrad/random.hpp.
//
// Every fill has the same shape: check the arguments (so a call that throws consumes nothing),
// reserve the fill's words from the generator (one short mutex), then compute element i from
// the words at start + i * k, where k is fixed for the fill. Large fills are split over the
// thread pool; each piece fetches its words a tile at a time into a stack buffer (Philox makes
// four per call) and maps them. Nothing here depends on where a piece starts, so the split
// cannot change a value.
//
// Cross-platform identity rests on three things besides the integer engine: no FMA contraction
// (random.cmake compiles this file with -ffp-contract=off; the pragma below covers Clang builds
// made without it), no -ffast-math and no x87 excess precision (refused below).
#include "tapegrad/random.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/thread_pool.hpp"
#include "philox.hpp"

#if defined(__FAST_MATH__)
#error "random.cpp must not be built with -ffast-math: its values would change between platforms"
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "random.cpp needs FLT_EVAL_METHOD == 0 (SSE2 or NEON arithmetic, not x87 excess precision)"
#endif
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

namespace tapegrad {

// ---- Generator --------------------------------------------------------------------------------

namespace {
constexpr unsigned char kStateMagic[4] = {'T', 'G', 'P', 'X'};
constexpr unsigned char kStateVersion = 1;

void put_le64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::uint64_t get_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}
}  // namespace

void Generator::manual_seed(std::uint64_t seed) {
  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = seed;
  offset_ = 0;
}

std::uint64_t Generator::seed() {
  std::random_device device;
  const std::uint64_t hi = device(), lo = device();
  const std::uint64_t s = (hi << 32) ^ lo;
  manual_seed(s);
  return s;
}

std::uint64_t Generator::initial_seed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return seed_;
}

std::uint64_t Generator::offset() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return offset_;
}

void Generator::set_offset(std::uint64_t offset) {
  std::lock_guard<std::mutex> lock(mutex_);
  offset_ = offset;
}

std::vector<std::uint8_t> Generator::get_state() const {
  std::uint64_t seed = 0, offset = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    seed = seed_;
    offset = offset_;
  }
  std::vector<std::uint8_t> state(kStateSize, 0);
  std::memcpy(state.data(), kStateMagic, sizeof kStateMagic);
  state[4] = kStateVersion;
  put_le64(&state[8], seed);
  put_le64(&state[16], offset);
  return state;
}

void Generator::set_state(const std::vector<std::uint8_t>& state) {
  const std::string what = "Generator::set_state: ";
  if (state.size() != kStateSize) {
    throw std::invalid_argument(what + "expected a state of " + std::to_string(kStateSize) +
                                " bytes (from get_state), got " + std::to_string(state.size()));
  }
  if (std::memcmp(state.data(), kStateMagic, sizeof kStateMagic) != 0) {
    throw std::invalid_argument(what + "not a tapegrad generator state (bad magic bytes)");
  }
  if (state[4] != kStateVersion) {
    throw std::invalid_argument(what + "unsupported state version " + std::to_string(int{state[4]}) +
                                " (this build reads version " + std::to_string(int{kStateVersion}) + ")");
  }
  if (state[5] != 0 || state[6] != 0 || state[7] != 0) {
    throw std::invalid_argument(what + "corrupt state (reserved bytes 5-7 must be zero)");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  seed_ = get_le64(&state[8]);
  offset_ = get_le64(&state[16]);
}

Generator::Block Generator::reserve(std::uint64_t words) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (words > std::numeric_limits<std::uint64_t>::max() - offset_) {
    throw std::overflow_error("Generator: the stream of seed " + std::to_string(seed_) +
                              " is exhausted (offset " + std::to_string(offset_) + ", " +
                              std::to_string(words) + " words requested)");
  }
  const Block block{seed_, offset_};
  offset_ += words;
  return block;
}

Generator& default_generator() {
  // Never destroyed, like the thread pool: code that runs during static destruction (an
  // interpreter shutting down a dlopen'd module) may still draw from it.
  static Generator* const generator = new Generator();
  return *generator;
}

void manual_seed(std::uint64_t seed) { default_generator().manual_seed(seed); }

// ---- The fill machinery -----------------------------------------------------------------------

namespace {

using Words = const std::uint32_t*;
constexpr std::uint64_t kTwo32 = std::uint64_t{1} << 32;

// The words reserved for one fill: its key and the index of its first word.
struct Stream {
  philox::Key key;
  std::uint64_t start;
};

std::uint64_t checked_words(std::int64_t elements, std::uint64_t words_each, const char* fn) {
  const auto n = static_cast<std::uint64_t>(elements);
  if (n > std::numeric_limits<std::uint64_t>::max() / words_each) {
    throw std::overflow_error(std::string(fn) + ": too many elements for one stream");
  }
  return n * words_each;
}

Stream reserve(Generator& gen, std::uint64_t words) {
  const Generator::Block block = gen.reserve(words);
  return {philox::key_of(block.seed), block.offset};
}

void check_size(std::int64_t n, const char* fn) {
  if (n < 0) throw std::invalid_argument(std::string(fn) + ": n must be >= 0, got " + std::to_string(n));
}

std::string num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

template <class T>
const char* type_name() {
  if constexpr (std::is_same_v<T, float>) return "float32";
  if constexpr (std::is_same_v<T, double>) return "float64";
  if constexpr (std::is_same_v<T, std::int64_t>) return "int64";
  if constexpr (std::is_same_v<T, std::int32_t>) return "int32";
  if constexpr (std::is_same_v<T, std::uint8_t>) return "uint8";
  if constexpr (std::is_same_v<T, bool>) return "bool";
}

constexpr std::int64_t kPiece = std::int64_t{1} << 15;  // elements per pool task: worth a worker's time
constexpr std::int64_t kTile = 256;                     // elements whose words are fetched at once

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

std::uint64_t bits64(Words w) { return std::uint64_t{w[0]} | (std::uint64_t{w[1]} << 32); }

// [0, 1) in steps of 2^-53, from 2 words; exact in double.
double unit53(Words w) { return static_cast<double>(bits64(w) >> 11) * 0x1p-53; }

// [0, 1) in steps of 2^-24, from 1 word; exact in float and double.
double unit24(Words w) { return static_cast<double>(w[0] >> 8) * 0x1p-24; }

// ---- uniform ----------------------------------------------------------------------------------

template <class T>
constexpr int kUniformWords = std::is_same_v<T, float> ? 1 : 2;

template <class T>
double unit(Words w) {
  if constexpr (kUniformWords<T> == 1) return unit24(w);
  return unit53(w);
}

// low + (high - low) * u in double, rounded to T, kept below high: [low, high) as values of T.
template <class T>
class Interval {
 public:
  Interval(double low, double high) {
    if (!std::isfinite(low) || !std::isfinite(high)) {
      throw std::invalid_argument("uniform_ expects from and to to be finite, but got from=" + num(low) +
                                  ", to=" + num(high));
    }
    if (low > high) {
      throw std::invalid_argument(
          "uniform_ expects to return a [from, to) range, but found from=" + num(low) + " > to=" + num(high));
    }
    const double max = std::numeric_limits<T>::max();
    if (std::fabs(low) > max || std::fabs(high) > max) {
      throw std::invalid_argument("uniform_: from=" + num(low) + " or to=" + num(high) +
                                  " is out of range for " + type_name<T>());
    }
    low_ = static_cast<T>(low);
    high_ = static_cast<T>(high);
    span_ = static_cast<double>(high_) - static_cast<double>(low_);
    if (!std::isfinite(span_)) {
      throw std::invalid_argument("uniform_ expects to-from <= std::numeric_limits<" +
                                  std::string(type_name<T>()) + ">::max(), but found to=" + num(high) +
                                  ", from=" + num(low));
    }
    // The largest T below high; low itself when the interval is empty (low == high).
    below_high_ = low_ < high_ ? std::nextafter(high_, low_) : low_;
  }

  // u in [0, 1). x >= low always (rounding is monotonic); only x == high needs the clamp.
  T at(double u) const {
    const T x = static_cast<T>(static_cast<double>(low_) + span_ * u);
    return x < high_ ? x : below_high_;
  }

 private:
  T low_{}, high_{}, below_high_{};
  double span_ = 0.0;
};

// ---- normal -----------------------------------------------------------------------------------

struct Pair {
  double a, b;
};

// Box-Muller on 4 words: u1 in (0, 1] (so never log(0)), u2 in [0, 1).
Pair box_muller(Words w) {
  constexpr double kTwoPi = 6.283185307179586476925286766559;
  const double u1 = static_cast<double>((bits64(w) >> 11) + 1) * 0x1p-53;
  const double u2 = unit53(w + 2);
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double t = kTwoPi * u2;
  return {r * std::cos(t), r * std::sin(t)};
}

// ---- bounded integers (randint, randperm) -----------------------------------------------------

// 64 x 64 -> 128-bit product as {high, low}, portably (MSVC and 32-bit targets lack __int128).
struct U128 {
  std::uint64_t hi, lo;
};
U128 mul_wide(std::uint64_t a, std::uint64_t b) {
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

// The integers that T holds exactly: randint's bounds must lie within them.
template <class T>
std::int64_t lowest_int() {
  if constexpr (std::is_floating_point_v<T>) return -(std::int64_t{1} << std::numeric_limits<T>::digits);
  return static_cast<std::int64_t>(std::numeric_limits<T>::lowest());
}
template <class T>
std::int64_t highest_int() {
  if constexpr (std::is_floating_point_v<T>) return std::int64_t{1} << std::numeric_limits<T>::digits;
  return static_cast<std::int64_t>(std::numeric_limits<T>::max());
}

// ---- multinomial ------------------------------------------------------------------------------

// One row's weights as a complete binary tree of partial sums: leaves hold the weights (padded
// with zeros to a power of two), each inner node the sum of its two children. A draw descends
// from the root in O(log C); removing a category (sampling without replacement) recomputes its
// path from the children, never by subtraction, so a removed category has weight exactly 0 and
// the sums carry no drift. The order of additions is fixed by the tree: the same on every
// platform and thread count.
class SumTree {
 public:
  explicit SumTree(std::int64_t categories) {
    while (leaves_ < static_cast<std::size_t>(categories)) leaves_ *= 2;
    node_.assign(2 * leaves_, 0.0);
  }

  template <class P>
  void assign(const P* w, std::int64_t categories) {
    const auto c = static_cast<std::size_t>(categories);
    for (std::size_t i = 0; i < c; ++i) node_[leaves_ + i] = static_cast<double>(w[i]);
    std::fill(node_.begin() + static_cast<std::ptrdiff_t>(leaves_ + c), node_.end(), 0.0);
    for (std::size_t i = leaves_ - 1; i >= 1; --i) node_[i] = node_[2 * i] + node_[2 * i + 1];
  }

  // The category at u * total, u in [0, 1), the total being positive. The descent only enters
  // subtrees of positive sum (a right one of sum 0 is never entered, even where rounding puts
  // the target at or past the left sum), so a zero-weight category is never drawn.
  std::size_t draw(double u) const {
    double t = u * node_[1];
    std::size_t i = 1;
    while (i < leaves_) {
      const double left = node_[2 * i], right = node_[2 * i + 1];
      if (t < left || right == 0.0) {
        i = 2 * i;
      } else {
        t -= left;
        i = 2 * i + 1;
      }
    }
    return i - leaves_;
  }

  void remove(std::size_t category) {
    std::size_t i = leaves_ + category;
    node_[i] = 0.0;
    for (i /= 2; i >= 1; i /= 2) node_[i] = node_[2 * i] + node_[2 * i + 1];
  }

 private:
  std::size_t leaves_ = 1;
  std::vector<double> node_;
};

template <class P>
void check_multinomial(const P* probs, std::int64_t rows, std::int64_t categories, std::int64_t num_samples,
                       bool replacement) {
  if (rows < 0) throw std::invalid_argument("multinomial: rows must be >= 0, got " + std::to_string(rows));
  if (categories < 1) {
    throw std::invalid_argument("multinomial: a distribution needs at least one category, got " +
                                std::to_string(categories));
  }
  if (num_samples <= 0) throw std::invalid_argument("cannot sample n_sample <= 0 samples");
  if (!replacement && num_samples > categories) {
    throw std::invalid_argument("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  }
  if (rows > std::numeric_limits<std::int64_t>::max() / categories ||
      rows > std::numeric_limits<std::int64_t>::max() / num_samples) {
    throw std::overflow_error("multinomial: rows * categories or rows * num_samples overflows");
  }
  // Bounds each row's sum, whatever the order of additions: it cannot overflow to inf.
  const double max_weight = DBL_MAX / 2 / static_cast<double>(categories);
  for (std::int64_t r = 0; r < rows; ++r) {
    std::int64_t nonzero = 0;
    for (std::int64_t c = 0; c < categories; ++c) {
      const double w = static_cast<double>(probs[r * categories + c]);
      if (!(w >= 0.0 && w <= max_weight)) {
        if (w >= 0.0 && std::isfinite(w))
          throw std::invalid_argument("multinomial: a weight is too large to sum");
        throw std::invalid_argument("probability tensor contains either `inf`, `nan` or element < 0");
      }
      nonzero += w > 0.0 ? 1 : 0;
    }
    if (nonzero == 0)
      throw std::invalid_argument("invalid multinomial distribution (sum of probabilities <= 0)");
    if (!replacement && num_samples > nonzero) {
      throw std::invalid_argument(
          "invalid multinomial distribution (with replacement=False, not enough non-negative category to "
          "sample)");
    }
  }
}

}  // namespace

// ---- The distributions ------------------------------------------------------------------------

template <class T>
void uniform(T* out, std::int64_t n, double low, double high, Generator& gen) {
  check_size(n, "uniform");
  const Interval<T> interval(low, high);
  fill<kUniformWords<T>>(gen, n, "uniform",
                         [&](std::int64_t i, Words w) { out[i] = interval.at(unit<T>(w)); });
}

template <class T>
void normal(T* out, std::int64_t n, double mean, double stddev, Generator& gen) {
  check_size(n, "normal");
  if (!(stddev >= 0.0))
    throw std::invalid_argument("normal expects std >= 0.0, but found std " + num(stddev));
  fill<4>(gen, n / 2 + n % 2, "normal", [&](std::int64_t j, Words w) {
    const Pair z = box_muller(w);
    out[2 * j] = static_cast<T>(mean + stddev * z.a);
    if (2 * j + 1 < n) out[2 * j + 1] = static_cast<T>(mean + stddev * z.b);
  });
}

template <class T>
void randint(T* out, std::int64_t n, std::int64_t low, std::int64_t high, Generator& gen) {
  check_size(n, "randint");
  if (low >= high) {
    throw std::invalid_argument("random_ expects 'from' to be less than 'to', but got from=" +
                                std::to_string(low) + " >= to=" + std::to_string(high));
  }
  if (low < lowest_int<T>()) {
    throw std::invalid_argument("random_: from=" + std::to_string(low) + " is out of bounds for " +
                                type_name<T>());
  }
  if (high - 1 > highest_int<T>()) {
    throw std::invalid_argument("random_: to - 1=" + std::to_string(high - 1) + " is out of bounds for " +
                                type_name<T>());
  }
  const Bounded bounded(static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low));
  with_width(bounded.words(), [&](auto width) {
    constexpr int kWords = decltype(width)::value;
    if (n == 0) return;
    const Stream s = reserve(gen, checked_words(n, kWords, "randint"));
    auto emit = [&](std::int64_t i, Words w) {
      const std::uint64_t g = s.start + static_cast<std::uint64_t>(i) * kWords;
      const auto v = static_cast<std::int64_t>(static_cast<std::uint64_t>(low) +
                                               bounded.template draw<kWords>(w, s.key, g));
      if constexpr (std::is_same_v<T, bool>) {
        out[i] = v != 0;
      } else {
        out[i] = static_cast<T>(v);
      }
    };
    split(n, kPiece,
          [&](std::int64_t begin, std::int64_t end) { for_elements<kWords>(s, begin, end, emit); });
  });
}

template <class T>
void bernoulli(T* out, std::int64_t n, double p, Generator& gen) {
  check_size(n, "bernoulli");
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument("bernoulli_ expects p to be in [0, 1], but got p=" + num(p));
  fill<2>(gen, n, "bernoulli", [&](std::int64_t i, Words w) { out[i] = static_cast<T>(unit53(w) < p); });
}

template <class T, class P>
void bernoulli(T* out, const P* probs, std::int64_t n, Generator& gen) {
  check_size(n, "bernoulli");
  for (std::int64_t i = 0; i < n; ++i) {
    if (!(probs[i] >= 0 && probs[i] <= 1)) {
      throw std::invalid_argument("bernoulli expects all probabilities in [0, 1], but got probs[" +
                                  std::to_string(i) + "]=" + num(static_cast<double>(probs[i])));
    }
  }
  // Reads probs[i] before writing out[i]: out may be probs.
  fill<2>(gen, n, "bernoulli", [&](std::int64_t i, Words w) {
    out[i] = static_cast<T>(unit53(w) < static_cast<double>(probs[i]));
  });
}

void randperm(std::int64_t* out, std::int64_t n, Generator& gen) {
  check_size(n, "randperm");
  if (n == 0) return;
  with_width(Bounded(static_cast<std::uint64_t>(n)).words(), [&](auto width) {
    constexpr int kWords = decltype(width)::value;
    const Stream s = reserve(gen, checked_words(n, kWords, "randperm"));  // may throw: before writing
    for (std::int64_t i = 0; i < n; ++i) out[i] = i;
    // Step k puts a uniform one of out[0 .. n-1-k] at n-1-k (it may stay where it is).
    auto step = [&](std::int64_t k, Words w) {
      const std::int64_t last = n - 1 - k;
      const std::uint64_t g = s.start + static_cast<std::uint64_t>(k) * kWords;
      const auto j = static_cast<std::int64_t>(
          Bounded(static_cast<std::uint64_t>(last + 1)).template draw<kWords>(w, s.key, g));
      std::swap(out[last], out[j]);
    };
    for_elements<kWords>(s, 0, n, step);
  });
}

template <class P>
void multinomial(std::int64_t* out, const P* probs, std::int64_t rows, std::int64_t categories,
                 std::int64_t num_samples, bool replacement, Generator& gen) {
  check_multinomial(probs, rows, categories, num_samples, replacement);
  if (rows == 0) return;
  const Stream s = reserve(gen, checked_words(rows * num_samples, 2, "multinomial"));
  // Draws samples [begin, end) of row r from its tree; sample k has the 2 words at
  // s.start + 2 * (r * num_samples + k), whichever thread draws it.
  const auto draw_row = [&](SumTree& tree, std::int64_t r, std::int64_t begin, std::int64_t end) {
    std::int64_t* row_out = out + r * num_samples;
    const Stream row{s.key, s.start + 2 * static_cast<std::uint64_t>(r * num_samples)};
    auto sample = [&](std::int64_t k, Words w) {
      const std::size_t c = tree.draw(unit53(w));
      row_out[k] = static_cast<std::int64_t>(c);
      if (!replacement) tree.remove(c);
    };
    for_elements<2>(row, begin, end, sample);
  };
  if (replacement && num_samples > kPiece) {
    // Many independent samples per row: one tree per row, read by all the threads.
    SumTree tree(categories);
    for (std::int64_t r = 0; r < rows; ++r) {
      tree.assign(probs + r * categories, categories);
      split(num_samples, kPiece,
            [&](std::int64_t begin, std::int64_t end) { draw_row(tree, r, begin, end); });
    }
    return;
  }
  // Otherwise rows in parallel, each row's samples in order (without replacement they depend on
  // the ones before). A row costs about categories + num_samples steps: pieces of about kPiece.
  const std::int64_t row_cost = categories + std::min(num_samples, kPiece);
  split(rows, std::max<std::int64_t>(1, kPiece / row_cost), [&](std::int64_t begin, std::int64_t end) {
    SumTree tree(categories);
    for (std::int64_t r = begin; r < end; ++r) {
      tree.assign(probs + r * categories, categories);
      draw_row(tree, r, 0, num_samples);
    }
  });
}

// ---- Instantiations: the element types of random.hpp ------------------------------------------

template void uniform<float>(float*, std::int64_t, double, double, Generator&);
template void uniform<double>(double*, std::int64_t, double, double, Generator&);

template void normal<float>(float*, std::int64_t, double, double, Generator&);
template void normal<double>(double*, std::int64_t, double, double, Generator&);

template void randint<std::int64_t>(std::int64_t*, std::int64_t, std::int64_t, std::int64_t, Generator&);
template void randint<std::int32_t>(std::int32_t*, std::int64_t, std::int64_t, std::int64_t, Generator&);
template void randint<std::uint8_t>(std::uint8_t*, std::int64_t, std::int64_t, std::int64_t, Generator&);
template void randint<bool>(bool*, std::int64_t, std::int64_t, std::int64_t, Generator&);
template void randint<float>(float*, std::int64_t, std::int64_t, std::int64_t, Generator&);
template void randint<double>(double*, std::int64_t, std::int64_t, std::int64_t, Generator&);

#define TAPEGRAD_BERNOULLI(T)                                                    \
  template void bernoulli<T>(T*, std::int64_t, double, Generator&);              \
  template void bernoulli<T, float>(T*, const float*, std::int64_t, Generator&); \
  template void bernoulli<T, double>(T*, const double*, std::int64_t, Generator&);
TAPEGRAD_BERNOULLI(float)
TAPEGRAD_BERNOULLI(double)
TAPEGRAD_BERNOULLI(std::int64_t)
TAPEGRAD_BERNOULLI(std::int32_t)
TAPEGRAD_BERNOULLI(std::uint8_t)
TAPEGRAD_BERNOULLI(bool)
#undef TAPEGRAD_BERNOULLI

template void multinomial<float>(std::int64_t*, const float*, std::int64_t, std::int64_t, std::int64_t, bool,
                                 Generator&);
template void multinomial<double>(std::int64_t*, const double*, std::int64_t, std::int64_t, std::int64_t,
                                  bool, Generator&);

}  // namespace tapegrad
