// GEMM and dense-layer kernels against a naive double-precision reference: awkward sizes around
// every tile and cache block, all transpose combinations, padded leading dimensions, accumulate,
// both dtypes, every kernel path this CPU runs, and 1 and 2 threads.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kernels/activation_math.hpp"
#include "kernels/dense_grad.hpp"
#include "kernels/dispatch.hpp"
#include "kernels/gemm.hpp"
#include "kernels/thread_pool.hpp"
#include "tapegrad/cpu_info.hpp"
#include "tapegrad/threading.hpp"
#include "testing.hpp"

namespace kn = tapegrad::kernels;
using tapegrad::Activation;
using i64 = std::int64_t;

namespace {

constexpr double kSentinel = 12345.0;  // fills the padding of C: must survive every call

std::vector<double> random_values(i64 count, std::uint64_t seed) {
  std::vector<double> v(static_cast<std::size_t>(count));
  for (auto& x : v) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    x = static_cast<double>(seed >> 11) / 9007199254740992.0 * 2.0 - 1.0;  // [-1, 1)
  }
  return v;
}

template <class T>
std::vector<T> cast(const std::vector<double>& v) {
  return std::vector<T>(v.begin(), v.end());
}

struct Case {
  i64 m, n, k;
  bool ta, tb, acc;
};

// Checks one gemm call on padded operands: lda/ldb/ldc exceed the minimal leading dimension.
template <class T>
bool check_gemm(const Case& cs) {
  const i64 a_rows = cs.ta ? cs.k : cs.m, a_cols = cs.ta ? cs.m : cs.k;
  const i64 b_rows = cs.tb ? cs.n : cs.k, b_cols = cs.tb ? cs.k : cs.n;
  const i64 lda = a_cols + 3, ldb = b_cols + 5, ldc = cs.n + 2;
  const auto a64 = random_values(a_rows * lda + 1, 1 + cs.m * 7 + cs.k);
  const auto b64 = random_values(b_rows * ldb + 1, 2 + cs.n * 11 + cs.k);
  auto c64 = random_values(cs.m * ldc + 1, 3 + cs.m + cs.n);
  for (i64 i = 0; i < cs.m; ++i)
    for (i64 j = cs.n; j < ldc; ++j) c64[i * ldc + j] = kSentinel;
  const auto a = cast<T>(a64), b = cast<T>(b64);
  auto c = cast<T>(c64);
  kn::gemm<T>(cs.ta, cs.tb, cs.m, cs.n, cs.k, a.data(), lda, b.data(), ldb, c.data(), ldc, cs.acc);

  const double eps = std::numeric_limits<T>::epsilon();
  bool ok = true;
  for (i64 i = 0; i < cs.m; ++i) {
    for (i64 j = 0; j < ldc; ++j) {
      const double got = c[i * ldc + j];
      if (j >= cs.n) {
        ok &= got == kSentinel;
        continue;
      }
      double want = cs.acc ? static_cast<double>(static_cast<T>(c64[i * ldc + j])) : 0.0;
      double magnitude = std::fabs(want);
      for (i64 p = 0; p < cs.k; ++p) {
        const double x = a[cs.ta ? p * lda + i : i * lda + p];
        const double y = b[cs.tb ? j * ldb + p : p * ldb + j];
        want += x * y;
        magnitude += std::fabs(x * y);
      }
      ok &= std::fabs(got - want) <= 2.0 * static_cast<double>(cs.k + 2) * eps * magnitude;
    }
  }
  if (!ok)
    std::fprintf(stderr, "  gemm<%s> m=%lld n=%lld k=%lld ta=%d tb=%d acc=%d isa=%s threads=%d\n",
                 sizeof(T) == 4 ? "float" : "double", static_cast<long long>(cs.m),
                 static_cast<long long>(cs.n), static_cast<long long>(cs.k), cs.ta, cs.tb, cs.acc,
                 kn::isa_name(kn::active_isa()), tapegrad::get_num_threads());
  return ok;
}

// Pins the best path, so tests other than the TAPEGRAD_ISA one run whatever the environment.
void use_best_isa() { kn::set_isa_for_testing(kn::resolve_isa(nullptr, kn::detect_cpu_features())); }

// Runs `body` once for every kernel path this CPU supports and for 1 and 2 threads.
template <class F>
void for_each_config(F body) {
  for (kn::Isa isa : {kn::Isa::Generic, kn::Isa::Avx2}) {
    if (!kn::set_isa_for_testing(isa)) continue;
    for (int threads : {1, 2}) {
      tapegrad::set_num_threads(threads);
      body();
    }
  }
  use_best_isa();
}

template <class T>
void check_cases(const std::vector<Case>& cases) {
  for_each_config([&] {
    for (const Case& cs : cases) TG_CHECK(check_gemm<T>(cs));
  });
}

// Every m, n, k from a list of small awkward sizes (0, 1, and tile edges), every flag.
std::vector<Case> small_grid() {
  const i64 sizes[] = {0, 1, 5, 7, 13, 17, 31};
  std::vector<Case> cases;
  for (i64 m : sizes)
    for (i64 n : sizes)
      for (i64 k : sizes)
        for (int flags = 0; flags < 8; ++flags)
          cases.push_back({m, n, k, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0});
  return cases;
}

// Sizes past the cache blocks (mc = 96/72/128/64, kc = 400/256, nc = 4080/4096), the thread split
// along m and along n, and their edges, each with every flag. An untransposed A is read in
// place unless its rows are a multiple of 2 KiB apart: k = 509 and 253 (lda = k + 3) take the
// packed path for float and double, and for double only.
std::vector<Case> block_edges() {
  const i64 shapes[][3] = {{257, 257, 257}, {145, 33, 259}, {73, 9, 515},  {289, 31, 7},
                           {300, 70, 259},  {70, 300, 129}, {7, 4097, 5},  {130, 4099, 3},
                           {6, 16, 256},    {12, 32, 1},    {37, 41, 509}, {13, 21, 253}};
  std::vector<Case> cases;
  for (const auto& s : shapes)
    for (int flags = 0; flags < 8; ++flags)
      cases.push_back({s[0], s[1], s[2], (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0});
  return cases;
}

template <class T>
void check_dense(i64 m, i64 n, i64 k, Activation act, bool with_bias) {
  const auto x = cast<T>(random_values(m * k, 5 + m)), w = cast<T>(random_values(k * n, 6 + n));
  const auto bias = cast<T>(random_values(n, 7));
  std::vector<T> y(static_cast<std::size_t>(m * n), T(kSentinel));
  kn::dense_forward<T>(m, n, k, x.data(), w.data(), with_bias ? bias.data() : nullptr, act, y.data());
  const double eps = std::numeric_limits<T>::epsilon();
  bool ok = true;
  for (i64 i = 0; i < m; ++i) {
    for (i64 j = 0; j < n; ++j) {
      double z = with_bias ? static_cast<double>(bias[j]) : 0.0, magnitude = std::fabs(z);
      for (i64 p = 0; p < k; ++p) {
        z += static_cast<double>(x[i * k + p]) * w[p * n + j];
        magnitude += std::fabs(static_cast<double>(x[i * k + p]) * w[p * n + j]);
      }
      // Every activation is 1-Lipschitz: the GEMM error passes through, plus rounding.
      const double tol = 2.0 * static_cast<double>(k + 2) * eps * magnitude + 4.0 * eps;
      ok &= std::fabs(y[i * n + j] - kn::activate(act, z)) <= tol;
    }
  }
  if (!ok)
    std::fprintf(stderr, "  dense<%s> m=%lld n=%lld k=%lld act=%d bias=%d isa=%s threads=%d\n",
                 sizeof(T) == 4 ? "float" : "double", static_cast<long long>(m), static_cast<long long>(n),
                 static_cast<long long>(k), static_cast<int>(act), with_bias, kn::isa_name(kn::active_isa()),
                 tapegrad::get_num_threads());
  TG_CHECK(ok);
}

template <class T>
void check_dense_all() {
  // {130, 70, 259} splits over m on two threads, {64, 300, 100} over n (bias offset).
  static constexpr i64 shapes[][3] = {{1, 1, 1},      {2, 2, 2},      {7, 17, 13},   {5, 3, 0},
                                      {130, 70, 259}, {128, 10, 256}, {31, 257, 31}, {64, 300, 100}};
  for_each_config([] {
    for (Activation act : {Activation::Identity, Activation::Sigmoid, Activation::Tanh, Activation::Relu})
      for (const auto& s : shapes)
        for (bool with_bias : {false, true}) check_dense<T>(s[0], s[1], s[2], act, with_bias);
  });
}

// dz = g * act'(y) and db += colsum(dz) against a float64 reference, on awkward sizes, with
// and without each output. y is drawn in (0, 1) so that every activation's derivative applies.
template <class T>
void check_dense_output_grad(i64 m, i64 n, Activation act, bool with_dz, bool with_db) {
  const auto g = cast<T>(random_values(m * n, 8 + m)), y0 = random_values(m * n, 9 + n);
  std::vector<T> y(y0.size());
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = static_cast<T>(0.5 + 0.49 * y0[i]);
  const auto db0 = cast<T>(random_values(n, 10));  // db accumulates: start from non-zeros
  std::vector<T> dz(static_cast<std::size_t>(m * n), T(kSentinel)), db = db0;
  kn::dense_output_grad<T>(m, n, g.data(), y.data(), act, with_dz ? dz.data() : nullptr,
                           with_db ? db.data() : nullptr);
  const double eps = std::numeric_limits<T>::epsilon();
  bool ok = true;
  for (i64 j = 0; j < n; ++j) {
    double sum = db0[j], magnitude = std::fabs(sum);
    for (i64 i = 0; i < m; ++i) {
      const double yv = y[i * n + j];
      const double d = act == Activation::Sigmoid ? yv * (1.0 - yv)
                       : act == Activation::Tanh  ? 1.0 - yv * yv
                                                  : 1.0;       // Relu with y > 0, and Identity
      const double want = g[i * n + j] * (with_dz ? d : 1.0);  // without dz, g is dz
      // 1 - y*y cancels near |y| = 1: the rounding of y*y bounds the error, not the result.
      const double scale = std::fabs(g[i * n + j]) * (std::fabs(d) + yv * yv);
      if (with_dz) ok &= std::fabs(dz[i * n + j] - want) <= 4.0 * eps * scale;
      sum += want;
      magnitude += std::fabs(want);
    }
    if (!with_dz) ok &= std::all_of(dz.begin(), dz.end(), [](T v) { return v == T(kSentinel); });
    if (with_db)
      ok &= std::fabs(db[j] - sum) <= 2.0 * static_cast<double>(m + 2) * eps * magnitude;
    else
      ok &= db[j] == db0[j];
  }
  if (!ok)
    std::fprintf(stderr, "  dense_output_grad<%s> m=%lld n=%lld act=%d dz=%d db=%d isa=%s\n",
                 sizeof(T) == 4 ? "float" : "double", static_cast<long long>(m), static_cast<long long>(n),
                 static_cast<int>(act), with_dz, with_db, kn::isa_name(kn::active_isa()));
  TG_CHECK(ok);
}

template <class T>
void check_dense_output_grad_all() {
  const i64 sizes[] = {0, 1, 7, 13, 31, 257};
  for_each_config([&] {
    for (Activation act : {Activation::Identity, Activation::Sigmoid, Activation::Tanh, Activation::Relu})
      for (i64 m : sizes)
        for (i64 n : sizes)
          for (int outputs = 1; outputs < 4; ++outputs)
            check_dense_output_grad<T>(m, n, act, (outputs & 1) != 0, (outputs & 2) != 0);
  });
}

}  // namespace

TG_TEST(gemm_f32_small_grid) { check_cases<float>(small_grid()); }
TG_TEST(gemm_f64_small_grid) { check_cases<double>(small_grid()); }
TG_TEST(gemm_f32_block_edges) { check_cases<float>(block_edges()); }
TG_TEST(gemm_f64_block_edges) { check_cases<double>(block_edges()); }
TG_TEST(dense_forward_f32) { check_dense_all<float>(); }
TG_TEST(dense_forward_f64) { check_dense_all<double>(); }
TG_TEST(dense_output_grad_f32) { check_dense_output_grad_all<float>(); }
TG_TEST(dense_output_grad_f64) { check_dense_output_grad_all<double>(); }

TG_TEST(dense_sigmoid_saturates_without_nan) {
  for_each_config([] {
    const double x[2] = {1000.0, -1000.0}, w[1] = {1.0};
    double y[2] = {0, 0};
    kn::dense_forward<double>(2, 1, 1, x, w, nullptr, Activation::Sigmoid, y);
    TG_CHECK(y[0] == 1.0 && y[1] == 0.0);
    const float xf[2] = {1000.0f, -1000.0f}, wf[1] = {1.0f};
    float yf[2] = {0, 0};
    kn::dense_forward<float>(2, 1, 1, xf, wf, nullptr, Activation::Sigmoid, yf);
    TG_CHECK(yf[0] == 1.0f && yf[1] == 0.0f);
  });
}

// The fused sigmoid of every path (the AVX2 one is vectorised) against double precision, in
// units in the last place of the float result, over a sweep that crosses every branch.
TG_TEST(dense_sigmoid_f32_within_3_ulp) {
  const i64 count = 200001;
  std::vector<float> x(count), y(count);
  for (i64 i = 0; i < count; ++i) x[i] = -100.0f + 200.0f * static_cast<float>(i) / (count - 1);
  const float one = 1.0f;
  for_each_config([&] {
    kn::dense_forward<float>(1, count, 1, &one, x.data(), nullptr, Activation::Sigmoid, y.data());
    double worst = 0;
    for (i64 i = 0; i < count; ++i) {
      const double want = 1.0 / (1.0 + std::exp(-static_cast<double>(x[i])));
      const float wf = static_cast<float>(want);
      if (wf < std::numeric_limits<float>::min()) {  // may flush to zero
        TG_CHECK(y[i] >= 0.0f && y[i] <= std::numeric_limits<float>::min());
        continue;
      }
      const double ulp = std::nextafter(wf, 2.0f) - wf;
      worst = std::max(worst, std::fabs(y[i] - want) / ulp);
    }
    TG_CHECK(worst <= 3.0);
    const float special[3] = {std::numeric_limits<float>::quiet_NaN(), -0.0f, 1e-30f};
    float out[3];
    kn::dense_forward<float>(1, 3, 1, &one, special, nullptr, Activation::Sigmoid, out);
    TG_CHECK(std::isnan(out[0]) && out[1] == 0.5f && out[2] == 0.5f);
  });
}

TG_TEST(gemm_from_concurrent_user_threads) {
  use_best_isa();
  tapegrad::set_num_threads(2);
  std::vector<std::thread> users;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    users.emplace_back([&ok, t] { ok[t] = check_gemm<float>({200, 190, 180, t % 2 == 1, false, false}); });
  for (auto& u : users) u.join();
  for (int v : ok) TG_CHECK(v == 1);
}

TG_TEST(gemm_inside_a_pool_task_runs_serially) {
  use_best_isa();
  tapegrad::set_num_threads(2);
  int ok[2] = {0, 0};
  auto task = [&ok](int t) { ok[t] = check_gemm<double>({150, 160, 170, false, t == 1, true}); };
  kn::parallel_for(2, task);
  TG_CHECK(ok[0] == 1 && ok[1] == 1);
}

TG_TEST(pool_rethrows_task_exceptions) {
  tapegrad::set_num_threads(2);
  auto task = [](int t) {
    if (t == 3) throw std::runtime_error("task 3 failed");
  };
  TG_CHECK_THROWS(std::runtime_error, kn::parallel_for(8, task), "task 3");
}

TG_TEST(num_threads_setting) {
  tapegrad::set_num_threads(3);
  TG_CHECK(tapegrad::get_num_threads() == 3);
  TG_CHECK(tapegrad::cpu_info().num_threads == 3);
  TG_CHECK_THROWS(std::invalid_argument, tapegrad::set_num_threads(0), ">= 1");
  TG_CHECK(tapegrad::get_num_threads() == 3);
  tapegrad::set_num_threads(1);
}

TG_TEST(tapegrad_isa_values) {
  kn::CpuFeatures with_avx2, without;
  with_avx2.avx2 = with_avx2.fma = true;
  TG_CHECK(kn::resolve_isa(nullptr, without) == kn::Isa::Generic);
  TG_CHECK(kn::resolve_isa("", without) == kn::Isa::Generic);
  TG_CHECK(kn::resolve_isa("generic", with_avx2) == kn::Isa::Generic);
#if defined(__x86_64__) || defined(_M_X64)
  TG_CHECK(kn::resolve_isa(nullptr, with_avx2) == kn::Isa::Avx2);
  TG_CHECK(kn::resolve_isa("avx2", with_avx2) == kn::Isa::Avx2);
#endif
  TG_CHECK_THROWS(std::runtime_error, kn::resolve_isa("avx2", without), "does not support AVX2");
  TG_CHECK_THROWS(std::runtime_error, kn::resolve_isa("avx9", with_avx2), "unknown kernel path");
}

// The process-wide choice follows TAPEGRAD_ISA when it is set (run this binary with
// TAPEGRAD_ISA=generic, avx2 or a bad value), the best path otherwise; cpu_info reports it.
TG_TEST(active_isa_follows_environment) {
  kn::clear_isa_for_testing();
  const kn::CpuFeatures cpu = kn::detect_cpu_features();
  const char* env = std::getenv("TAPEGRAD_ISA");
  std::string expected;
  try {
    expected = kn::isa_name(kn::resolve_isa(env, cpu));
  } catch (const std::runtime_error& e) {  // an invalid TAPEGRAD_ISA fails every kernel call
    TG_CHECK_THROWS(std::runtime_error, tapegrad::cpu_info(), e.what());
    float one = 1.0f, out = 0.0f;
    TG_CHECK_THROWS(std::runtime_error,
                    kn::gemm<float>(false, false, 1, 1, 1, &one, 1, &one, 1, &out, 1, false), "TAPEGRAD_ISA");
    use_best_isa();
    return;
  }
  const tapegrad::CpuInfo info = tapegrad::cpu_info();
#if !defined(__aarch64__) && !defined(_M_ARM64)
  TG_CHECK(info.isa == expected);
#endif
  TG_CHECK(info.has_avx2 == cpu.avx2 && info.has_fma == cpu.fma);
  std::printf("cpu_info: isa=%s avx2=%d fma=%d avx512f=%d threads=%d\n", info.isa.c_str(), info.has_avx2,
              info.has_fma, info.has_avx512f, info.num_threads);
  use_best_isa();
}

TG_TEST_MAIN()
