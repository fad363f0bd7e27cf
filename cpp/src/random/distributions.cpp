// uniform, normal, randint, bernoulli and randperm of tapegrad/random.hpp. The layout every fill
// shares is in fill.hpp; the words each one consumes are documented in random.hpp.
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "random/bounded.hpp"
#include "random/fill.hpp"
#include "tapegrad/random.hpp"

namespace tapegrad {

using namespace random_detail;

namespace {

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
  if constexpr (std::is_same_v<T, float>) {
    return "float32";
  } else if constexpr (std::is_same_v<T, double>) {
    return "float64";
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    return "int64";
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    return "int32";
  } else if constexpr (std::is_same_v<T, std::uint8_t>) {
    return "uint8";
  } else {
    static_assert(std::is_same_v<T, bool>, "an element type that random.hpp does not list");
    return "bool";
  }
}

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

// ---- randint ----------------------------------------------------------------------------------

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

}  // namespace

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

}  // namespace tapegrad
