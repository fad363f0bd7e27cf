// tapegrad/random.hpp: Philox4x32 against Random123's known answers, the layout of the stream,
// determinism (seeds, state, continuation, thread counts, concurrent callers), the statistics
// of every distribution with fixed seeds (so no test can flake), errors, and golden values.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "random/philox.hpp"
#include "tapegrad/random.hpp"
#include "tapegrad/threading.hpp"
#include "testing.hpp"

namespace tg = tapegrad;
namespace px = tapegrad::philox;
using i64 = std::int64_t;
using u64 = std::uint64_t;

namespace {

// Word w of the stream of `seed`, straight from the engine: the layout random.hpp documents.
std::uint32_t word(u64 seed, u64 w) {
  return px::philox4x32_10(px::main_counter(w / 4), px::key_of(seed))[static_cast<std::size_t>(w % 4)];
}

// Restores the thread count a test changed, however it exits.
struct ThreadsGuard {
  int saved = tg::get_num_threads();
  ~ThreadsGuard() { tg::set_num_threads(saved); }
};

// The value a chi-square statistic with `df` degrees of freedom exceeds with probability about
// 1e-6 (Wilson-Hilferty): far beyond chance, while a real bias of the size tested is far beyond it.
double chi2_limit(int df) {
  const double k = df, z = 4.75;
  const double c = 1.0 - 2.0 / (9.0 * k) + z * std::sqrt(2.0 / (9.0 * k));
  return k * c * c * c;
}

double chi2(const std::vector<double>& observed, const std::vector<double>& expected) {
  double s = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double d = observed[i] - expected[i];
    s += d * d / expected[i];
  }
  return s;
}

// Chi-square of counts against equal probabilities.
double chi2_flat(const std::vector<double>& counts) {
  const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  return chi2(counts, std::vector<double>(counts.size(), total / static_cast<double>(counts.size())));
}

template <class T>
double mean_of(const std::vector<T>& v) {
  double s = 0;
  for (T x : v) s += static_cast<double>(x);
  return s / static_cast<double>(v.size());
}

template <class T>
double variance_of(const std::vector<T>& v) {
  const double m = mean_of(v);
  double s = 0;
  for (T x : v) s += (static_cast<double>(x) - m) * (static_cast<double>(x) - m);
  return s / static_cast<double>(v.size());
}

// The n values f writes to a buffer (through a plain array: std::vector<bool> has no data()).
template <class T, class F>
std::vector<T> draw(i64 n, F f) {
  const auto buffer = std::make_unique<T[]>(static_cast<std::size_t>(n));
  f(buffer.get(), n);
  return std::vector<T>(buffer.get(), buffer.get() + n);
}

}  // namespace

// ---- The engine -------------------------------------------------------------------------------

// Random123's kat_vectors for philox4x32 (counter, key, output).
TG_TEST(philox4x32_matches_random123_known_answers) {
  struct Kat {
    px::Counter ctr;
    px::Key key;
    px::Counter out7, out10;
  };
  const Kat kats[] = {
      {{0, 0, 0, 0},
       {0, 0},
       {0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48},
       {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Kat& k : kats) {
    TG_CHECK(px::philox4x32<7>(k.ctr, k.key) == k.out7);
    TG_CHECK(px::philox4x32_10(k.ctr, k.key) == k.out10);
  }
  // constexpr: the engine can be checked by the compiler too.
  static_assert(px::philox4x32_10({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5u);
}

TG_TEST(main_words_match_block_by_block_for_any_start_and_length) {
  const px::Key key = px::key_of(0x0123456789abcdefu);
  for (u64 first : {u64{0}, u64{1}, u64{2}, u64{3}, u64{4}, u64{5}, (u64{1} << 34) + 3}) {
    for (std::size_t count : {0u, 1u, 2u, 3u, 4u, 5u, 7u, 8u, 9u, 13u}) {
      std::vector<std::uint32_t> out(count + 1, 0xdeadbeef);
      px::main_words(key, first, out.data(), count);
      for (std::size_t i = 0; i < count; ++i) TG_CHECK(out[i] == word(0x0123456789abcdefu, first + i));
      TG_CHECK(out[count] == 0xdeadbeef);  // nothing past the end
    }
  }
}

// ---- The stream and the generator -------------------------------------------------------------

TG_TEST(uniform_reads_the_documented_words) {
  tg::Generator gen(42);
  std::vector<float> f(5);
  tg::uniform(f.data(), 5, 0.0, 1.0, gen);
  for (u64 i = 0; i < 5; ++i) TG_CHECK(f[i] == static_cast<float>(word(42, i) >> 8) * 0x1p-24f);
  // The next fill starts at word 5, mid-block: double element i takes words 5 + 2i (low) and 6 + 2i.
  std::vector<double> d(3);
  tg::uniform(d.data(), 3, 0.0, 1.0, gen);
  for (u64 i = 0; i < 3; ++i) {
    const u64 bits = word(42, 5 + 2 * i) | (u64{word(42, 6 + 2 * i)} << 32);
    TG_CHECK(d[i] == static_cast<double>(bits >> 11) * 0x1p-53);
  }
  TG_CHECK(gen.offset() == 11);
}

TG_TEST(each_fill_advances_the_offset_by_the_words_it_consumes) {
  tg::Generator gen(7);
  std::vector<double> d(100);
  std::vector<float> f(100);
  std::vector<i64> ints(100);
  std::vector<std::uint8_t> bytes(100);
  const auto advance = [&](auto&& fill) {
    const u64 before = gen.offset();
    fill();
    return gen.offset() - before;
  };
  TG_CHECK(advance([&] { tg::uniform(f.data(), 7, 0.0, 1.0, gen); }) == 7);
  TG_CHECK(advance([&] { tg::uniform(d.data(), 7, 0.0, 1.0, gen); }) == 14);
  TG_CHECK(advance([&] { tg::normal(d.data(), 7, 0.0, 1.0, gen); }) ==
           16);  // 4 per pair, the last pair whole
  TG_CHECK(advance([&] { tg::normal(f.data(), 8, 0.0, 1.0, gen); }) == 16);
  TG_CHECK(advance([&] { tg::randint(ints.data(), 7, 0, 10, gen); }) == 7);
  TG_CHECK(advance([&] { tg::randint(ints.data(), 7, 0, i64{1} << 32, gen); }) == 7);
  TG_CHECK(advance([&] { tg::randint(ints.data(), 7, -1, i64{1} << 32, gen); }) == 14);
  TG_CHECK(advance([&] { tg::bernoulli(bytes.data(), 7, 0.5, gen); }) == 14);
  std::fill(f.begin(), f.end(), 0.5f);
  TG_CHECK(advance([&] { tg::bernoulli(f.data(), f.data(), 7, gen); }) == 14);
  TG_CHECK(advance([&] { tg::randperm(ints.data(), 7, gen); }) == 7);
  const std::vector<double> w{1, 2, 3, 4, 5, 6};
  TG_CHECK(advance([&] { tg::multinomial(ints.data(), w.data(), 2, 3, 4, true, gen); }) == 16);
  TG_CHECK(advance([&] { tg::multinomial(ints.data(), w.data(), 2, 3, 2, false, gen); }) == 8);
  TG_CHECK(advance([&] { tg::uniform(d.data(), 0, 0.0, 1.0, gen); }) == 0);
  TG_CHECK(advance([&] { tg::randperm(ints.data(), 0, gen); }) == 0);
}

TG_TEST(same_seed_same_values_and_different_seeds_differ) {
  const auto run = [](u64 seed) {
    tg::Generator gen(seed);
    std::vector<double> v(64);
    tg::uniform(v.data(), 32, 0.0, 1.0, gen);
    tg::normal(v.data() + 32, 32, 0.0, 1.0, gen);
    return v;
  };
  TG_CHECK(run(0) == run(0));
  TG_CHECK(run(123456789) == run(123456789));
  const std::vector<u64> seeds{0, 1, 2, u64{1} << 32, ~u64{0}, tg::Generator::kDefaultSeed};
  for (std::size_t a = 0; a < seeds.size(); ++a) {
    for (std::size_t b = a + 1; b < seeds.size(); ++b) {
      const auto va = run(seeds[a]), vb = run(seeds[b]);
      int same = 0;
      for (std::size_t i = 0; i < va.size(); ++i) same += va[i] == vb[i] ? 1 : 0;
      TG_CHECK(same == 0);
    }
  }
}

TG_TEST(manual_seed_restarts_the_stream_and_seeds_the_default_generator) {
  tg::Generator gen;
  TG_CHECK(gen.initial_seed() == 67280421310721u);
  std::vector<double> a(10), b(10), c(10);
  tg::uniform(a.data(), 10, 0.0, 1.0, gen);
  tg::uniform(b.data(), 10, 0.0, 1.0, gen);
  TG_CHECK(a != b);
  gen.manual_seed(tg::Generator::kDefaultSeed);
  tg::uniform(c.data(), 10, 0.0, 1.0, gen);
  TG_CHECK(a == c);

  tg::manual_seed(5);
  TG_CHECK(tg::default_generator().initial_seed() == 5);
  TG_CHECK(tg::default_generator().offset() == 0);
  tg::uniform(a.data(), 10, 0.0, 1.0);  // the default generator
  tg::Generator five(5);
  tg::uniform(b.data(), 10, 0.0, 1.0, five);
  TG_CHECK(a == b);
  TG_CHECK(tg::default_generator().offset() == 20);
}

TG_TEST(seed_draws_a_fresh_seed_and_returns_it) {
  tg::Generator gen(3);
  std::vector<double> skip(4);
  tg::uniform(skip.data(), 4, 0.0, 1.0, gen);
  const u64 s = gen.seed();
  TG_CHECK(gen.initial_seed() == s);
  TG_CHECK(gen.offset() == 0);
  tg::Generator other;
  TG_CHECK(other.seed() != s);  // 64 bits from std::random_device: equal with odds 2^-64
}

TG_TEST(get_state_and_set_state_round_trip) {
  tg::Generator gen(99);
  std::vector<double> v(10), w(10);
  tg::uniform(v.data(), 3, 0.0, 1.0, gen);
  const std::vector<std::uint8_t> state = gen.get_state();
  TG_CHECK(state.size() == tg::Generator::kStateSize);
  // The documented bytes: magic, version, zeros, seed and offset little-endian.
  const std::vector<std::uint8_t> expected{'T', 'G', 'P', 'X', 1, 0, 0, 0, 99, 0, 0, 0,
                                           0,   0,   0,   0,   6, 0, 0, 0, 0,  0, 0, 0};
  TG_CHECK(state == expected);
  tg::normal(v.data(), 10, 0.0, 1.0, gen);
  tg::Generator other(1);
  other.set_state(state);
  TG_CHECK(other.initial_seed() == 99 && other.offset() == 6);
  tg::normal(w.data(), 10, 0.0, 1.0, other);
  TG_CHECK(v == w);
  gen.set_state(state);
  tg::normal(w.data(), 10, 0.0, 1.0, gen);
  TG_CHECK(v == w);
  // set_offset jumps in the stream: element 4 of a float fill from offset 0 is the word at 4.
  gen.set_offset(4);
  float f = 0;
  tg::uniform(&f, 1, 0.0, 1.0, gen);
  TG_CHECK(f == static_cast<float>(word(99, 4) >> 8) * 0x1p-24f);
  // Large seeds and offsets survive the bytes.
  gen.manual_seed(~u64{0} - 5);
  gen.set_offset(u64{0x0102030405060708});
  other.set_state(gen.get_state());
  TG_CHECK(other.initial_seed() == ~u64{0} - 5 && other.offset() == u64{0x0102030405060708});
}

TG_TEST(set_state_rejects_bad_bytes_and_leaves_the_generator_alone) {
  tg::Generator gen(11);
  const std::vector<std::uint8_t> good = gen.get_state();
  std::vector<std::uint8_t> bad = good;
  bad.pop_back();
  TG_CHECK_THROWS(std::invalid_argument, gen.set_state(bad),
                  "expected a state of 24 bytes (from get_state), got 23");
  TG_CHECK_THROWS(std::invalid_argument, gen.set_state({}), "got 0");
  bad = good;
  bad[0] = 'X';
  TG_CHECK_THROWS(std::invalid_argument, gen.set_state(bad), "not a tapegrad generator state");
  bad = good;
  bad[4] = 2;
  TG_CHECK_THROWS(std::invalid_argument, gen.set_state(bad), "unsupported state version 2");
  bad = good;
  bad[6] = 1;
  TG_CHECK_THROWS(std::invalid_argument, gen.set_state(bad), "reserved bytes");
  TG_CHECK(gen.initial_seed() == 11 && gen.offset() == 0);
}

TG_TEST(reserve_refuses_to_wrap_the_stream) {
  tg::Generator gen(1);
  gen.set_offset(~u64{0} - 3);
  const tg::Generator::Block b = gen.reserve(3);
  TG_CHECK(b.seed == 1 && b.offset == ~u64{0} - 3);
  TG_CHECK_THROWS(std::overflow_error, gen.reserve(1), "exhausted");
  std::vector<double> v(2, -1.0);
  std::vector<i64> p(3, -1);
  TG_CHECK_THROWS(std::overflow_error, tg::uniform(v.data(), 1, 0.0, 1.0, gen), "exhausted");
  TG_CHECK_THROWS(std::overflow_error, tg::randperm(p.data(), 3, gen), "exhausted");
  TG_CHECK(gen.offset() == ~u64{0});
  TG_CHECK(v[0] == -1.0 && p[0] == -1 && p[2] == -1);  // nothing written
}

// ---- Continuation, threads and concurrent callers ---------------------------------------------

TG_TEST(consecutive_fills_continue_the_stream) {
  const auto split_equals_whole = [](auto fill, i64 first, i64 total) {
    tg::Generator a(2024), b(2024);
    std::vector<double> parts(static_cast<std::size_t>(total)), whole(parts.size());
    fill(parts.data(), first, a);
    fill(parts.data() + first, total - first, a);
    fill(whole.data(), total, b);
    return parts == whole && a.offset() == b.offset();
  };
  using G = tg::Generator;
  TG_CHECK(split_equals_whole([](double* p, i64 n, G& g) { tg::uniform(p, n, -1.0, 3.0, g); }, 10, 20));
  TG_CHECK(split_equals_whole([](double* p, i64 n, G& g) { tg::randint(p, n, -5, 17, g); }, 3, 20));
  TG_CHECK(split_equals_whole([](double* p, i64 n, G& g) { tg::bernoulli(p, n, 0.25, g); }, 7, 20));
  TG_CHECK(split_equals_whole([](double* p, i64 n, G& g) { tg::normal(p, n, 1.0, 2.0, g); }, 4, 10));
  {
    // float uniform: 1 word each, so any split.
    tg::Generator a(5), b(5);
    std::vector<float> parts(9), whole(9);
    tg::uniform(parts.data(), 1, 0.0, 1.0, a);
    tg::uniform(parts.data() + 1, 8, 0.0, 1.0, a);
    tg::uniform(whole.data(), 9, 0.0, 1.0, b);
    TG_CHECK(parts == whole);
  }
  {
    // normal of an odd count consumes its last pair whole: 3 then 3 are elements 0-2 and 4-6 of 8.
    tg::Generator a(8), b(8);
    std::vector<double> x(3), y(3), whole(8);
    tg::normal(x.data(), 3, 0.0, 1.0, a);
    tg::normal(y.data(), 3, 0.0, 1.0, a);
    tg::normal(whole.data(), 8, 0.0, 1.0, b);
    TG_CHECK(std::equal(x.begin(), x.end(), whole.begin()));
    TG_CHECK(std::equal(y.begin(), y.end(), whole.begin() + 4));
  }
  {
    // multinomial: row after row, sample after sample.
    const std::vector<double> w{1, 2, 3, 4, 4, 3, 2, 1};
    tg::Generator a(9), b(9);
    std::vector<i64> parts(8), whole(8);
    tg::multinomial(parts.data(), w.data(), 1, 4, 4, true, a);
    tg::multinomial(parts.data() + 4, w.data() + 4, 1, 4, 4, true, a);
    tg::multinomial(whole.data(), w.data(), 2, 4, 4, true, b);
    TG_CHECK(parts == whole);
    // Many samples of one row are drawn in parallel, row by row otherwise: the same values.
    std::vector<i64> halves(40000), one(40000);
    tg::multinomial(halves.data(), w.data(), 1, 4, 20000, true, a);
    tg::multinomial(halves.data() + 20000, w.data(), 1, 4, 20000, true, a);
    tg::multinomial(one.data(), w.data(), 1, 4, 40000, true, b);
    TG_CHECK(halves == one);
  }
}

TG_TEST(normal_float_is_normal_double_rounded) {
  tg::Generator a(31), b(31);
  std::vector<float> f(1001);
  std::vector<double> d(1001);
  tg::normal(f.data(), 1001, 0.5, 3.0, a);
  tg::normal(d.data(), 1001, 0.5, 3.0, b);
  for (std::size_t i = 0; i < f.size(); ++i) TG_CHECK(f[i] == static_cast<float>(d[i]));
}

// Every distribution, large enough for the thread pool, from a mid-block offset: the same values
// with 1, 2 and 3 threads.
TG_TEST(values_do_not_depend_on_the_thread_count) {
  ThreadsGuard guard;
  const i64 n = (i64{1} << 18) + 3;
  const std::vector<double> probs = [&] {
    std::vector<double> p(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<double>(i % 7) / 6.0;
    return p;
  }();
  const std::vector<float> weights = [] {
    std::vector<float> w(3000 * 50);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>((i * 37) % 11);
    return w;
  }();
  const auto run = [&](int threads) {
    tg::set_num_threads(threads);
    tg::Generator gen(77);
    gen.set_offset(3);
    std::vector<float> uf(static_cast<std::size_t>(n)), nf(uf.size());
    std::vector<double> ud(uf.size()), nd(uf.size()), bd(uf.size());
    std::vector<i64> ri(uf.size()), rw(uf.size()), mr(3000 * 20), mw(3000 * 20), ml(uf.size());
    std::vector<std::uint8_t> bp(uf.size());
    tg::uniform(uf.data(), n, -2.0, 2.0, gen);
    tg::uniform(ud.data(), n, -2.0, 2.0, gen);
    tg::normal(nf.data(), n, 0.0, 1.0, gen);
    tg::normal(nd.data(), n, 0.0, 1.0, gen);
    tg::randint(ri.data(), n, -3, 3 * (i64{1} << 30), gen);                         // frequent retries
    tg::randint(rw.data(), n, std::numeric_limits<i64>::min(), i64{1} << 62, gen);  // 2 words, retries
    tg::bernoulli(bd.data(), n, 0.3, gen);
    tg::bernoulli(bp.data(), probs.data(), n, gen);
    tg::multinomial(mr.data(), weights.data(), 3000, 50, 20, true, gen);
    tg::multinomial(mw.data(), weights.data(), 3000, 50, 20, false, gen);
    tg::multinomial(ml.data(), weights.data() + 50, 2, 50, n / 2, true, gen);  // samples in parallel
    std::vector<double> all;
    for (float x : uf) all.push_back(x);
    for (float x : nf) all.push_back(x);
    all.insert(all.end(), ud.begin(), ud.end());
    all.insert(all.end(), nd.begin(), nd.end());
    all.insert(all.end(), bd.begin(), bd.end());
    for (i64 x : ri) all.push_back(static_cast<double>(x));
    for (i64 x : rw) all.push_back(static_cast<double>(x));
    for (std::uint8_t x : bp) all.push_back(x);
    for (i64 x : mr) all.push_back(static_cast<double>(x));
    for (i64 x : mw) all.push_back(static_cast<double>(x));
    for (i64 x : ml) all.push_back(static_cast<double>(x));
    all.push_back(static_cast<double>(gen.offset()));
    return all;
  };
  const std::vector<double> one = run(1);
  TG_CHECK(run(2) == one);
  TG_CHECK(run(3) == one);
}

// The pool splits a fill into pieces of 2^15 elements, whatever the thread count: the test
// above compares the same pieces run on different threads. Here a large fill is checked against
// the same values made with other boundaries: element by element from the engine, and as two
// fills split at an odd point (one of them too small for the pool).
TG_TEST(large_fills_do_not_depend_on_where_the_work_is_split) {
  ThreadsGuard guard;
  tg::set_num_threads(2);
  const i64 n = (i64{1} << 17) + 5, first = 12345;
  tg::Generator gen(13);
  gen.set_offset(1);
  std::vector<float> f(static_cast<std::size_t>(n));
  tg::uniform(f.data(), n, 0.0, 1.0, gen);
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != static_cast<float>(word(13, 1 + i) >> 8) * 0x1p-24f) {
      TG_CHECK(f[i] == static_cast<float>(word(13, 1 + i) >> 8) * 0x1p-24f);
      break;
    }
  }
  const auto whole_equals_parts = [&](auto fill) {
    tg::Generator a(21), b(21);
    a.set_offset(3);
    b.set_offset(3);
    std::vector<double> whole(static_cast<std::size_t>(n)), parts(whole.size());
    fill(whole.data(), n, a);
    fill(parts.data(), first, b);
    fill(parts.data() + first, n - first, b);
    return whole == parts;
  };
  using G = tg::Generator;
  TG_CHECK(whole_equals_parts([](double* p, i64 m, G& g) { tg::uniform(p, m, -1.0, 1.0, g); }));
  TG_CHECK(whole_equals_parts([](double* p, i64 m, G& g) { tg::randint(p, m, 0, 3 * (i64{1} << 30), g); }));
  TG_CHECK(whole_equals_parts([](double* p, i64 m, G& g) { tg::bernoulli(p, m, 0.7, g); }));
  {
    // normal: split at an even point (an odd one would consume its last pair whole).
    tg::Generator a(22), b(22);
    std::vector<double> whole(static_cast<std::size_t>(n)), parts(whole.size());
    tg::normal(whole.data(), n, 0.0, 1.0, a);
    tg::normal(parts.data(), first + 1, 0.0, 1.0, b);
    tg::normal(parts.data() + first + 1, n - first - 1, 0.0, 1.0, b);
    TG_CHECK(whole == parts);
  }
}

// Threads sharing a generator get disjoint blocks of its stream: together, exactly the values of
// one fill of the total, in some order.
TG_TEST(threads_sharing_a_generator_get_disjoint_blocks) {
  constexpr int kThreads = 4, kFills = 50, kEach = 1000;
  tg::Generator shared(55);
  std::vector<std::vector<double>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<double> v(kEach);
      for (int f = 0; f < kFills; ++f) {
        tg::uniform(v.data(), kEach, 0.0, 1.0, shared);
        got[static_cast<std::size_t>(t)].insert(got[static_cast<std::size_t>(t)].end(), v.begin(), v.end());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (const auto& g : got) all.insert(all.end(), g.begin(), g.end());
  tg::Generator alone(55);
  std::vector<double> whole(all.size());
  tg::uniform(whole.data(), static_cast<i64>(whole.size()), 0.0, 1.0, alone);
  std::sort(all.begin(), all.end());
  std::sort(whole.begin(), whole.end());
  TG_CHECK(all == whole);
  TG_CHECK(shared.offset() == alone.offset());
}

// ---- Statistics (fixed seeds: deterministic) --------------------------------------------------

TG_TEST(uniform_moments_range_and_bins) {
  constexpr i64 n = 1000000;
  tg::Generator gen(1);
  const auto d = draw<double>(n, [&](double* p, i64 m) { tg::uniform(p, m, 0.0, 1.0, gen); });
  const auto f = draw<float>(n, [&](float* p, i64 m) { tg::uniform(p, m, 0.0, 1.0, gen); });
  const double sd_mean = std::sqrt(1.0 / 12.0 / n);
  const double sd_var = std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n);
  TG_CHECK_NEAR(mean_of(d), 0.5, 5 * sd_mean);
  TG_CHECK_NEAR(mean_of(f), 0.5, 5 * sd_mean);
  TG_CHECK_NEAR(variance_of(d), 1.0 / 12.0, 5 * sd_var);
  TG_CHECK_NEAR(variance_of(f), 1.0 / 12.0, 5 * sd_var);
  std::vector<double> bins_d(64), bins_f(64), low_bits(2);
  for (double x : d) {
    TG_CHECK(x >= 0.0 && x < 1.0);
    bins_d[static_cast<std::size_t>(x * 64)] += 1;
    low_bits[static_cast<std::size_t>(std::fmod(x * 0x1p53, 2.0))] += 1;  // the 53rd bit is random too
  }
  for (float x : f) {
    TG_CHECK(x >= 0.0f && x < 1.0f);
    bins_f[static_cast<std::size_t>(x * 64)] += 1;
  }
  TG_CHECK(chi2_flat(bins_d) < chi2_limit(63));
  TG_CHECK(chi2_flat(bins_f) < chi2_limit(63));
  TG_CHECK(chi2_flat(low_bits) < chi2_limit(1));
  // Scaled and shifted.
  const auto s = draw<double>(100000, [&](double* p, i64 m) { tg::uniform(p, m, -3.0, 5.0, gen); });
  TG_CHECK(*std::min_element(s.begin(), s.end()) >= -3.0 && *std::max_element(s.begin(), s.end()) < 5.0);
  TG_CHECK_NEAR(mean_of(s), 1.0, 5 * 8.0 * std::sqrt(1.0 / 12.0 / 100000));
}

// When low + (high - low) * u rounds to high, the value is the largest one below high.
TG_TEST(uniform_never_returns_high) {
  tg::Generator gen(2);
  const float next_f = std::nextafter(1.0f, 2.0f);
  const auto f = draw<float>(1000, [&](float* p, i64 m) { tg::uniform(p, m, 1.0, next_f, gen); });
  TG_CHECK(std::all_of(f.begin(), f.end(), [](float x) { return x == 1.0f; }));
  const double next_d = std::nextafter(1.0, 2.0);
  const auto d = draw<double>(1000, [&](double* p, i64 m) { tg::uniform(p, m, 1.0, next_d, gen); });
  TG_CHECK(std::all_of(d.begin(), d.end(), [](double x) { return x == 1.0; }));
  const float tiny = std::numeric_limits<float>::denorm_min();
  const auto t = draw<float>(1000, [&](float* p, i64 m) { tg::uniform(p, m, 0.0, tiny, gen); });
  TG_CHECK(std::all_of(t.begin(), t.end(), [](float x) { return x == 0.0f; }));
  // An empty interval gives low, and a wide one stays finite and inside.
  const auto e = draw<double>(10, [&](double* p, i64 m) { tg::uniform(p, m, 2.5, 2.5, gen); });
  TG_CHECK(std::all_of(e.begin(), e.end(), [](double x) { return x == 2.5; }));
  const double big = std::numeric_limits<double>::max() / 2;
  const auto w = draw<double>(1000, [&](double* p, i64 m) { tg::uniform(p, m, -big, big, gen); });
  TG_CHECK(std::all_of(w.begin(), w.end(), [&](double x) { return x >= -big && x < big; }));
}

TG_TEST(normal_moments_tails_and_bins) {
  constexpr i64 n = 1000000;
  tg::Generator gen(3);
  const auto d = draw<double>(n, [&](double* p, i64 m) { tg::normal(p, m, 0.0, 1.0, gen); });
  TG_CHECK_NEAR(mean_of(d), 0.0, 5 / std::sqrt(n));
  TG_CHECK_NEAR(variance_of(d), 1.0, 5 * std::sqrt(2.0 / n));
  // 40 equally likely bins through the normal CDF, and the tails beyond 4 sigma.
  std::vector<double> bins(40);
  double tails = 0;
  for (double x : d) {
    const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
    bins[std::min<std::size_t>(39, static_cast<std::size_t>(cdf * 40))] += 1;
    tails += std::fabs(x) > 4.0 ? 1 : 0;
  }
  TG_CHECK(chi2_flat(bins) < chi2_limit(39));
  const double p4 = std::erfc(4.0 / std::sqrt(2.0));  // 6.3e-5
  TG_CHECK_NEAR(tails, n * p4, 5 * std::sqrt(n * p4));
  // The two halves of each pair are uncorrelated.
  double cross = 0;
  for (std::size_t i = 0; i + 1 < d.size(); i += 2) cross += d[i] * d[i + 1];
  TG_CHECK_NEAR(cross / (n / 2), 0.0, 5 / std::sqrt(n / 2));
  // Mean and standard deviation, in float.
  const auto f = draw<float>(n, [&](float* p, i64 m) { tg::normal(p, m, 3.0, 0.5, gen); });
  TG_CHECK_NEAR(mean_of(f), 3.0, 5 * 0.5 / std::sqrt(n));
  TG_CHECK_NEAR(variance_of(f), 0.25, 5 * 0.25 * std::sqrt(2.0 / n));
  const auto z = draw<double>(10, [&](double* p, i64 m) { tg::normal(p, m, 7.0, 0.0, gen); });
  TG_CHECK(std::all_of(z.begin(), z.end(), [](double x) { return x == 7.0; }));
}

TG_TEST(randint_is_uniform_over_small_ranges) {
  tg::Generator gen(4);
  const auto v = draw<i64>(1000000, [&](i64* p, i64 m) { tg::randint(p, m, -3, 7, gen); });
  std::vector<double> counts(10);
  for (i64 x : v) {
    TG_CHECK(x >= -3 && x < 7);
    counts[static_cast<std::size_t>(x + 3)] += 1;
  }
  TG_CHECK(chi2_flat(counts) < chi2_limit(9));
  // Every element type.
  const auto b = draw<std::uint8_t>(256000, [&](std::uint8_t* p, i64 m) { tg::randint(p, m, 0, 256, gen); });
  std::vector<double> byte_counts(256);
  for (std::uint8_t x : b) byte_counts[x] += 1;
  TG_CHECK(chi2_flat(byte_counts) < chi2_limit(255));
  const auto bits = draw<bool>(100000, [&](bool* p, i64 m) { tg::randint(p, m, 0, 2, gen); });
  TG_CHECK_NEAR(mean_of(bits), 0.5, 5 * 0.5 / std::sqrt(100000));
  const auto i32 = draw<std::int32_t>(1000, [&](std::int32_t* p, i64 m) {
    tg::randint(p, m, std::numeric_limits<std::int32_t>::min(), i64{1} << 31, gen);
  });
  TG_CHECK(std::any_of(i32.begin(), i32.end(), [](std::int32_t x) { return x < -(1 << 30); }));
  TG_CHECK(std::any_of(i32.begin(), i32.end(), [](std::int32_t x) { return x > (1 << 30); }));
  const auto fl = draw<float>(1000, [&](float* p, i64 m) { tg::randint(p, m, -(1 << 24), 1 << 24, gen); });
  TG_CHECK(std::all_of(fl.begin(), fl.end(),
                       [](float x) { return x == std::floor(x) && std::fabs(x) <= 0x1p24f; }));
  const auto one = draw<double>(10, [&](double* p, i64 m) { tg::randint(p, m, 41, 42, gen); });
  TG_CHECK(std::all_of(one.begin(), one.end(), [](double x) { return x == 41.0; }));
}

// Ranges of 3 * 2^30 (1 word) and 3 * 2^62 (2 words) reject a quarter of the draws. Without the
// rejection, the offsets divisible by 3 would come twice as often as the others: the residues
// mod 3 would be 1/2, 1/4, 1/4 instead of thirds.
TG_TEST(randint_rejection_removes_the_bias_in_both_widths) {
  tg::Generator gen(5);
  const std::pair<i64, i64> ranges[] = {{0, 3 * (i64{1} << 30)},
                                        {std::numeric_limits<i64>::min(), i64{1} << 62}};
  for (const auto& bounds : ranges) {
    const i64 low = bounds.first, high = bounds.second;  // C++17 lambdas cannot capture bindings
    const auto v = draw<i64>(300000, [&](i64* p, i64 m) { tg::randint(p, m, low, high, gen); });
    const u64 range = static_cast<u64>(high) - static_cast<u64>(low);
    std::vector<double> residues(3), halves(2);
    for (i64 x : v) {
      TG_CHECK(x >= low && x < high);
      const u64 k = static_cast<u64>(x) - static_cast<u64>(low);
      residues[static_cast<std::size_t>(k % 3)] += 1;
      halves[k < range / 2 ? 0 : 1] += 1;
    }
    TG_CHECK(chi2_flat(residues) < chi2_limit(2));
    TG_CHECK(chi2_flat(halves) < chi2_limit(1));
  }
  // The whole int64 range (2^64 - 1 values).
  const auto all = draw<i64>(100000, [&](i64* p, i64 m) {
    tg::randint(p, m, std::numeric_limits<i64>::min(), std::numeric_limits<i64>::max(), gen);
  });
  std::vector<double> quarters(4);
  for (i64 x : all) quarters[static_cast<std::size_t>((static_cast<u64>(x) >> 62))] += 1;
  TG_CHECK(chi2_flat(quarters) < chi2_limit(3));
}

TG_TEST(randperm_is_a_uniform_permutation) {
  tg::Generator gen(6);
  for (i64 n : {0, 1, 2, 10, 1000, 100003}) {
    std::vector<i64> p(static_cast<std::size_t>(n));
    tg::randperm(p.data(), n, gen);
    std::vector<i64> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    std::vector<i64> iota(p.size());
    std::iota(iota.begin(), iota.end(), i64{0});
    TG_CHECK(sorted == iota);
  }
  // All 120 permutations of 5 equally often.
  std::map<std::vector<i64>, double> seen;
  constexpr int kDraws = 120000;
  std::vector<i64> p(5);
  for (int i = 0; i < kDraws; ++i) {
    tg::randperm(p.data(), 5, gen);
    seen[p] += 1;
  }
  TG_CHECK(seen.size() == 120);
  std::vector<double> counts;
  for (const auto& kv : seen) counts.push_back(kv.second);
  TG_CHECK(chi2_flat(counts) < chi2_limit(119));
  // Each position of a larger permutation is near-uniform.
  std::vector<std::vector<double>> at(8, std::vector<double>(8));
  std::vector<i64> q(8);
  for (int i = 0; i < 40000; ++i) {
    tg::randperm(q.data(), 8, gen);
    for (std::size_t k = 0; k < 8; ++k) at[k][static_cast<std::size_t>(q[k])] += 1;
  }
  for (const auto& counts_at : at) TG_CHECK(chi2_flat(counts_at) < chi2_limit(7));
}

TG_TEST(bernoulli_frequencies) {
  constexpr i64 n = 1000000;
  tg::Generator gen(7);
  for (const double p : {0.3, 0.999}) {
    const auto b = draw<std::uint8_t>(n, [&](std::uint8_t* out, i64 m) { tg::bernoulli(out, m, p, gen); });
    TG_CHECK(std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x <= 1; }));
    TG_CHECK_NEAR(mean_of(b), p, 5 * std::sqrt(p * (1 - p) / n));
  }
  const auto zeros = draw<float>(1000, [&](float* out, i64 m) { tg::bernoulli(out, m, 0.0, gen); });
  TG_CHECK(std::all_of(zeros.begin(), zeros.end(), [](float x) { return x == 0.0f; }));
  const auto ones = draw<bool>(1000, [&](bool* out, i64 m) { tg::bernoulli(out, m, 1.0, gen); });
  TG_CHECK(std::all_of(ones.begin(), ones.end(), [](bool x) { return x; }));
  // Per-element probabilities: 0, 0.25, 0.5, 0.75, 1 in turn, written over the probabilities.
  std::vector<float> probs(n);
  for (std::size_t i = 0; i < probs.size(); ++i) probs[i] = static_cast<float>(i % 5) * 0.25f;
  std::vector<float> x = probs;
  tg::bernoulli(x.data(), x.data(), n, gen);
  std::vector<double> hits(5);
  for (std::size_t i = 0; i < x.size(); ++i) {
    TG_CHECK(x[i] == 0.0f || x[i] == 1.0f);
    hits[i % 5] += static_cast<double>(x[i]);
  }
  TG_CHECK(hits[0] == 0 && hits[4] == n / 5);
  for (std::size_t k = 1; k < 4; ++k) {
    const double p = 0.25 * static_cast<double>(k);
    TG_CHECK_NEAR(hits[k] / (n / 5), p, 5 * std::sqrt(p * (1 - p) / (n / 5)));
  }
}

TG_TEST(multinomial_with_replacement_follows_the_weights) {
  tg::Generator gen(8);
  const std::vector<double> w{1, 2, 0, 3, 4};  // need not sum to 1; category 2 never drawn
  constexpr i64 kSamples = 200000;
  std::vector<i64> out(kSamples);
  tg::multinomial(out.data(), w.data(), 1, 5, kSamples, true, gen);
  std::vector<double> counts(5);
  for (i64 c : out) counts[static_cast<std::size_t>(c)] += 1;
  TG_CHECK(counts[2] == 0);
  const std::vector<double> seen{counts[0], counts[1], counts[3], counts[4]};
  const std::vector<double> expected{kSamples * 0.1, kSamples * 0.2, kSamples * 0.3, kSamples * 0.4};
  TG_CHECK(chi2(seen, expected) < chi2_limit(3));
  // Rows are independent distributions: a one-hot row always draws its category.
  const std::vector<float> rows{0, 0, 5, 1, 0, 0};
  std::vector<i64> r(20);
  tg::multinomial(r.data(), rows.data(), 2, 3, 10, true, gen);
  TG_CHECK(std::all_of(r.begin(), r.begin() + 10, [](i64 c) { return c == 2; }));
  TG_CHECK(std::all_of(r.begin() + 10, r.end(), [](i64 c) { return c == 0; }));
  // Many categories, tiny weights among huge ones: the tree never picks a zero.
  std::vector<double> wide(1000, 0.0);
  for (std::size_t i = 0; i < wide.size(); i += 3) wide[i] = i % 2 ? 1e-300 : 1e300;
  std::vector<i64> many(10000);
  tg::multinomial(many.data(), wide.data(), 1, 1000, 10000, true, gen);
  TG_CHECK(
      std::all_of(many.begin(), many.end(), [&](i64 c) { return wide[static_cast<std::size_t>(c)] > 0; }));
}

// Without replacement: distinct categories; the first draw follows the weights, the second the
// weights of the others: P(i then j) = p_i p_j / (1 - p_i).
TG_TEST(multinomial_without_replacement_draws_in_order_of_weights) {
  tg::Generator gen(9);
  const std::vector<double> w{1, 2, 3, 4};
  constexpr i64 kRows = 100000;
  std::vector<double> rows;
  for (i64 r = 0; r < kRows; ++r) rows.insert(rows.end(), w.begin(), w.end());
  std::vector<i64> out(2 * kRows);
  tg::multinomial(out.data(), rows.data(), kRows, 4, 2, false, gen);
  std::vector<double> seen(16), expected(16);
  for (i64 r = 0; r < kRows; ++r) {
    const i64 a = out[static_cast<std::size_t>(2 * r)], b = out[static_cast<std::size_t>(2 * r + 1)];
    TG_CHECK(a != b);
    seen[static_cast<std::size_t>(4 * a + b)] += 1;
  }
  std::vector<double> s, e;
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      if (i == j) continue;
      s.push_back(seen[4 * i + j]);
      e.push_back(kRows * (w[i] / 10) * (w[j] / (10 - w[i])));
    }
  }
  TG_CHECK(chi2(s, e) < chi2_limit(11));
  // All the non-zero categories: a permutation of them.
  const std::vector<float> sparse{0, 3, 0, 1, 2, 0, 5};
  std::vector<i64> all(4);
  tg::multinomial(all.data(), sparse.data(), 1, 7, 4, false, gen);
  std::sort(all.begin(), all.end());
  TG_CHECK((all == std::vector<i64>{1, 3, 4, 6}));
}

// ---- Errors: nothing written, nothing consumed ------------------------------------------------

TG_TEST(invalid_arguments_throw_with_pytorch_like_messages) {
  tg::Generator gen(10);
  std::vector<double> d(4, -1.0);
  std::vector<float> f(4);
  std::vector<i64> i(4, -1);
  std::vector<std::uint8_t> b(4);
  using IA = std::invalid_argument;
  TG_CHECK_THROWS(IA, tg::uniform(d.data(), -1, 0.0, 1.0, gen), "uniform: n must be >= 0, got -1");
  TG_CHECK_THROWS(IA, tg::uniform(d.data(), 4, 1.0, 0.0, gen),
                  "uniform_ expects to return a [from, to) range, but found from=1 > to=0");
  TG_CHECK_THROWS(IA, tg::uniform(d.data(), 4, 0.0, INFINITY, gen),
                  "uniform_ expects from and to to be finite");
  TG_CHECK_THROWS(IA, tg::uniform(d.data(), 4, NAN, 1.0, gen), "finite");
  TG_CHECK_THROWS(IA, tg::uniform(f.data(), 4, 0.0, 1e300, gen), "out of range for float32");
  TG_CHECK_THROWS(IA, tg::uniform(d.data(), 4, -1e308, 1e308, gen),
                  "uniform_ expects to-from <= std::numeric_limits");
  TG_CHECK_THROWS(IA, tg::normal(d.data(), 4, 0.0, -1.0, gen), "normal expects std >= 0.0, but found std -1");
  TG_CHECK_THROWS(IA, tg::normal(d.data(), 4, 0.0, NAN, gen), "normal expects std >= 0.0");
  TG_CHECK_THROWS(IA, tg::randint(i.data(), 4, 5, 5, gen),
                  "random_ expects 'from' to be less than 'to', but got from=5 >= to=5");
  TG_CHECK_THROWS(IA, tg::randint(i.data(), 4, 7, 2, gen), "but got from=7 >= to=2");
  TG_CHECK_THROWS(IA, tg::randint(b.data(), 4, -1, 10, gen), "random_: from=-1 is out of bounds for uint8");
  TG_CHECK_THROWS(IA, tg::randint(b.data(), 4, 0, 257, gen),
                  "random_: to - 1=256 is out of bounds for uint8");
  TG_CHECK_THROWS(IA, tg::randint(f.data(), 4, 0, (1 << 24) + 2, gen), "out of bounds for float32");
  TG_CHECK_THROWS(IA, tg::bernoulli(d.data(), 4, 1.5, gen),
                  "bernoulli_ expects p to be in [0, 1], but got p=1.5");
  TG_CHECK_THROWS(IA, tg::bernoulli(d.data(), 4, NAN, gen), "bernoulli_ expects p to be in [0, 1]");
  const std::vector<double> bad_p{0.5, 0.5, -0.1, 0.5};
  TG_CHECK_THROWS(IA, tg::bernoulli(d.data(), bad_p.data(), 4, gen),
                  "bernoulli expects all probabilities in [0, 1], but got probs[2]=-0.1");
  TG_CHECK_THROWS(IA, tg::randperm(i.data(), -3, gen), "randperm: n must be >= 0, got -3");
  const std::vector<double> neg{1, -1, 2}, nan{1, NAN, 2}, inf{1, INFINITY, 2}, zero{0, 0, 0},
      one_hot{0, 1, 0};
  const char* bad_weights = "probability tensor contains either `inf`, `nan` or element < 0";
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), neg.data(), 1, 3, 1, true, gen), bad_weights);
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), nan.data(), 1, 3, 1, true, gen), bad_weights);
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), inf.data(), 1, 3, 1, true, gen), bad_weights);
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), zero.data(), 1, 3, 1, true, gen),
                  "invalid multinomial distribution (sum of probabilities <= 0)");
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), one_hot.data(), 1, 3, 4, false, gen),
                  "cannot sample n_sample > prob_dist.size(-1) samples without replacement");
  TG_CHECK_THROWS(
      IA, tg::multinomial(i.data(), one_hot.data(), 1, 3, 2, false, gen),
      "invalid multinomial distribution (with replacement=False, not enough non-negative category");
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), one_hot.data(), 1, 3, 0, true, gen),
                  "cannot sample n_sample <= 0 samples");
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), one_hot.data(), 1, 0, 1, true, gen), "at least one category");
  const double huge = std::numeric_limits<double>::max() / 2;
  const std::vector<double> overflow{huge, huge, huge};
  TG_CHECK_THROWS(IA, tg::multinomial(i.data(), overflow.data(), 1, 3, 1, true, gen), "too large");
  // None of them wrote or consumed anything.
  TG_CHECK(gen.offset() == 0);
  TG_CHECK(std::all_of(d.begin(), d.end(), [](double x) { return x == -1.0; }));
  TG_CHECK(std::all_of(i.begin(), i.end(), [](i64 x) { return x == -1; }));
}

// ---- Golden values: a change of the stream must be a deliberate, visible decision -------------
//
// The first values of each distribution for seed 0, in this order from one generator. They were
// checked against an independent re-implementation of the layout random.hpp documents (Philox,
// word order, the maps of each distribution) before being frozen here. Normal doubles are
// compared to 1e-15 relative: random.hpp allows last-bit differences of a C library's log, cos
// and sin between machines (up to 2 ulps measured). Everything else is exact.
TG_TEST(golden_values_for_seed_0) {
  tg::Generator gen(0);
  std::vector<double> u(4), z(4);
  std::vector<float> uf(4), zf(4);
  std::vector<i64> r(8), big(3), perm(8), m(6);
  tg::uniform(u.data(), 4, 0.0, 1.0, gen);
  tg::uniform(uf.data(), 4, 0.0, 1.0, gen);
  tg::normal(z.data(), 4, 0.0, 1.0, gen);
  tg::normal(zf.data(), 4, 0.0, 1.0, gen);
  tg::randint(r.data(), 8, 0, 100, gen);
  tg::randint(big.data(), 3, std::numeric_limits<i64>::min(), std::numeric_limits<i64>::max(), gen);
  tg::randperm(perm.data(), 8, gen);
  const std::vector<double> w{1, 2, 3, 4};
  tg::multinomial(m.data(), w.data(), 1, 4, 6, true, gen);

  TG_CHECK((u == std::vector<double>{0.88052019788861424, 0.60548185387992126, 0.36209111566940344,
                                     0.037094080749417335}));
  TG_CHECK((uf == std::vector<float>{0.0194494128f, 0.319445729f, 0.140946567f, 0.271746933f}));
  const double z_golden[] = {-1.1881760013797495, 0.58879153113338289, 0.74154235765945609,
                             -0.42620537097534056};
  for (std::size_t i = 0; i < 4; ++i) TG_CHECK_NEAR(z[i], z_golden[i], 1e-15 * std::fabs(z_golden[i]));
  TG_CHECK((zf == std::vector<float>{-1.6472609f, 2.11083198f, 0.63881427f, 0.140835136f}));
  TG_CHECK((r == std::vector<i64>{65, 4, 72, 45, 24, 62, 94, 84}));
  TG_CHECK((big == std::vector<i64>{-6135534665850093125, -7276989259075380420, 5824102830972587625}));
  TG_CHECK((perm == std::vector<i64>{4, 7, 2, 6, 0, 3, 5, 1}));
  TG_CHECK((m == std::vector<i64>{3, 2, 3, 0, 0, 3}));
  TG_CHECK(gen.offset() == 62);
}

// Scaled and shifted: these multiply-adds are where a compiler allowed to contract them into
// FMAs (a build without -ffp-contract=off, on a CPU with FMA) would change the last bits.
TG_TEST(golden_values_scaled_for_seed_0) {
  tg::Generator gen(0);
  std::vector<double> u(4), z(4);
  std::vector<float> uf(4), zf(4);
  tg::uniform(u.data(), 4, -3.0, 5.5, gen);
  tg::uniform(uf.data(), 4, -1.0, 2.0, gen);
  tg::normal(z.data(), 4, 0.3, 2.5, gen);
  tg::normal(zf.data(), 4, 0.3, 2.5, gen);
  TG_CHECK((u == std::vector<double>{4.4844216820532212, 2.1465957579793304, 0.077774483189929189,
                                     -2.6847003136299525}));
  TG_CHECK((uf == std::vector<float>{-0.941651762f, -0.0416628122f, -0.577160299f, -0.1847592f}));
  const double z_golden[] = {-2.6704400034493743, 1.7719788278334574, 2.1538558941486401,
                             -0.76551342743835127};
  for (std::size_t i = 0; i < 4; ++i) TG_CHECK_NEAR(z[i], z_golden[i], 1e-15 * std::fabs(z_golden[i]));
  TG_CHECK((zf == std::vector<float>{-3.81815243f, 5.57707977f, 1.89703572f, 0.652087867f}));
  TG_CHECK(gen.offset() == 28);
}

// randint's retry streams (3 of the first 8 draws of the 1-word range and 2 of the 2-word one
// are rejected and retried), checked against the same re-implementation.
TG_TEST(golden_values_of_randint_retries_for_seed_0) {
  tg::Generator gen(0);
  std::vector<i64> a(8), b(8);
  tg::randint(a.data(), 8, 0, 3 * (i64{1} << 30), gen);
  tg::randint(b.data(), 8, std::numeric_limits<i64>::min(), i64{1} << 62, gen);
  TG_CHECK((a == std::vector<i64>{1285418655, 2836354089, 306179219, 1995853194, 321046666, 1166377124,
                                  2235307952, 119488397}));
  TG_CHECK((b == std::vector<i64>{-4803821292304467362, -5463736701194088767, -3480341892255927458,
                                  -3318890677016277381, 2212571727852600310, -4129226667108979058,
                                  -8839457048539795716, -4305472658219106637}));
  TG_CHECK(gen.offset() == 24);
}

TG_TEST_MAIN()
