// tapegrad's embedded C++ API, timed: nanoseconds per scalar op (forward + backward) on long
// chains of 0-d tensors, and GEMM GFLOP/s (matmul under NoGradGuard) for square and MLP-shaped
// sizes. Every figure is the median of repeated timed runs after a warm-up.
//
//   tapegrad_bench [--quick] [--threads N] [--chains | --gemm]
//   tapegrad_bench --count affine|muladd|muladd-wgrad REPS   (untimed, for callgrind.sh)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tapegrad/tapegrad.hpp"
#if __has_include("tapegrad/threading.hpp")
#include "tapegrad/threading.hpp"
#define TG_BENCH_HAS_THREADS 1
#endif
#if __has_include("tapegrad/cpu_info.hpp")
#include "tapegrad/cpu_info.hpp"
#define TG_BENCH_HAS_CPU_INFO 1
#endif

namespace tg = tapegrad;
using Clock = std::chrono::steady_clock;

namespace {

double ns_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

struct Config {
  int repeats = 21;        // timed samples per figure
  double warmup_ms = 200;  // run before timing
  double sample_ms = 20;   // minimum length of one timed sample (several runs if needed)
};

// ---------------------------------------------------------------------------------------------
// Scalar chains
// ---------------------------------------------------------------------------------------------

enum class Chain { Affine, MulAdd, MulAddWeightGrad };

const char* chain_name(Chain kind) {
  switch (kind) {
    case Chain::Affine: return "y = y*0.999 + 0.001 (affine, affine)";
    case Chain::MulAdd: return "y = mul(y, w) + c (mul, add; w, c constant 0-d tensors)";
    case Chain::MulAddWeightGrad: return "y = mul(y, w) + c, w requires grad (gradient summed into w)";
  }
  return "?";
}

struct ChainTimes {
  double forward = 0, backward = 0, release = 0;
  double total() const { return forward + backward + release; }
};

// One chain of `steps` steps (2 ops each): forward, backward, then dropping the graph.
ChainTimes run_chain(Chain kind, int steps, double* x_grad, double* w_grad) {
  tg::Tensor x = tg::Tensor::scalar(0.0);
  x.set_requires_grad(true);
  tg::Tensor w = tg::Tensor::scalar(0.999);
  tg::Tensor c = tg::Tensor::scalar(0.001);
  if (kind == Chain::MulAddWeightGrad) w.set_requires_grad(true);
  ChainTimes t;
  auto t0 = Clock::now();
  tg::Tensor y = x;
  if (kind == Chain::Affine) {
    for (int i = 0; i < steps; ++i) y = y * 0.999 + 0.001;
  } else {
    for (int i = 0; i < steps; ++i) y = tg::add(tg::mul(y, w), c);
  }
  t.forward = ns_since(t0);
  t0 = Clock::now();
  y.backward();
  t.backward = ns_since(t0);
  t0 = Clock::now();
  y = tg::Tensor();  // frees the whole tape behind y
  t.release = ns_since(t0);
  if (x_grad) *x_grad = x.grad().item();
  if (w_grad && w.grad().defined()) *w_grad = w.grad().item();
  return t;
}

void bench_chains(const Config& cfg, bool quick) {
  std::printf("## Scalar chains (0-d float64 tensors; forward + backward + freeing the tape)\n\n");
  // The performance floors' measure is forward + backward per op; freeing the tape is shown apart
  // and in the total.
  std::printf(
      "| chain | ops | forward ns/op | backward ns/op | forward + backward [IQR] | free ns/op | total ns/op "
      "|\n");
  std::printf("|---|--:|--:|--:|--:|--:|--:|\n");
  const std::vector<int> lengths = quick ? std::vector<int>{1000} : std::vector<int>{1000, 50000};
  for (Chain kind : {Chain::Affine, Chain::MulAdd, Chain::MulAddWeightGrad}) {
    for (int steps : lengths) {
      const double ops = 2.0 * steps;
      // Correctness: dy/dx = 0.999^steps.
      double gx = 0, gw = 0;
      run_chain(kind, steps, &gx, &gw);
      const double expected = std::pow(0.999, steps);
      if (std::abs(gx - expected) > 1e-9 * std::max(1.0, expected)) {
        std::printf("| %s | %.0f | WRONG GRADIENT: %.12g, expected %.12g | | | | |\n", chain_name(kind), ops,
                    gx, expected);
        continue;
      }
      auto warm = Clock::now();
      while (ns_since(warm) < cfg.warmup_ms * 1e6) run_chain(kind, steps, nullptr, nullptr);
      std::vector<double> fwd, bwd, both, rel, tot;
      for (int r = 0; r < cfg.repeats; ++r) {
        ChainTimes sum;
        int runs = 0;
        auto t0 = Clock::now();
        do {
          ChainTimes t = run_chain(kind, steps, nullptr, nullptr);
          sum.forward += t.forward;
          sum.backward += t.backward;
          sum.release += t.release;
          ++runs;
        } while (ns_since(t0) < cfg.sample_ms * 1e6);
        const double per = ops * runs;
        fwd.push_back(sum.forward / per);
        bwd.push_back(sum.backward / per);
        both.push_back((sum.forward + sum.backward) / per);
        rel.push_back(sum.release / per);
        tot.push_back(sum.total() / per);
      }
      std::printf("| %s | %.0f | %.1f | %.1f | **%.1f** [%.1f–%.1f] | %.1f | %.1f |\n", chain_name(kind), ops,
                  median(fwd), median(bwd), median(both), quantile(both, 0.25), quantile(both, 0.75),
                  median(rel), median(tot));
    }
  }
  std::printf("\n");
}

// ---------------------------------------------------------------------------------------------
// GEMM
// ---------------------------------------------------------------------------------------------

template <class T>
tg::Tensor random_matrix(std::int64_t rows, std::int64_t cols, tg::DType dtype, std::mt19937_64& rng) {
  tg::Tensor t = tg::Tensor::empty(tg::Shape({rows, cols}), dtype);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  T* p = t.data<T>();
  for (std::int64_t i = 0; i < rows * cols; ++i) p[i] = static_cast<T>(dist(rng));
  return t;
}

// Largest relative error of 64 sampled entries of C = A @ B against double-precision dot products.
template <class T>
double sampled_error(const tg::Tensor& A, const tg::Tensor& B, const tg::Tensor& C, std::mt19937_64& rng) {
  const std::int64_t M = A.shape()[0], K = A.shape()[1], N = B.shape()[1];
  const T* a = A.data<T>();
  const T* b = B.data<T>();
  const T* c = C.data<T>();
  double worst = 0;
  for (int s = 0; s < 64; ++s) {
    const std::int64_t i = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(M));
    const std::int64_t j = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(N));
    double ref = 0, mag = 0;
    for (std::int64_t k = 0; k < K; ++k) {
      ref += static_cast<double>(a[i * K + k]) * static_cast<double>(b[k * N + j]);
      mag += std::abs(static_cast<double>(a[i * K + k]) * static_cast<double>(b[k * N + j]));
    }
    worst = std::max(worst, std::abs(static_cast<double>(c[i * N + j]) - ref) / std::max(mag, 1e-30));
  }
  return worst;
}

template <class T>
void bench_gemm_one(const Config& cfg, std::int64_t M, std::int64_t K, std::int64_t N, tg::DType dtype,
                    const char* label) {
  std::mt19937_64 rng(42);
  tg::Tensor A = random_matrix<T>(M, K, dtype, rng);
  tg::Tensor B = random_matrix<T>(K, N, dtype, rng);
  tg::NoGradGuard no_grad;
  tg::Tensor C = tg::matmul(A, B);
  const double err = sampled_error<T>(A, B, C, rng);
  const double tol = std::is_same<T, float>::value ? 1e-5 : 1e-12;
  const double flops = 2.0 * static_cast<double>(M) * static_cast<double>(K) * static_cast<double>(N);
  auto warm = Clock::now();
  while (ns_since(warm) < cfg.warmup_ms * 1e6) C = tg::matmul(A, B);
  std::vector<double> per;
  for (int r = 0; r < cfg.repeats; ++r) {
    int runs = 0;
    auto t0 = Clock::now();
    do {
      C = tg::matmul(A, B);
      ++runs;
    } while (ns_since(t0) < cfg.sample_ms * 1e6);
    per.push_back(ns_since(t0) / runs);
  }
  const double med = median(per);
  const bool ms = med >= 1e6;
  std::printf("| %s | %s | %lldx%lld @ %lldx%lld | %.1f %s | **%.1f** [%.1f–%.1f] | %s |\n", label,
              dtype == tg::DType::Float32 ? "float32" : "float64", static_cast<long long>(M),
              static_cast<long long>(K), static_cast<long long>(K), static_cast<long long>(N),
              ms ? med / 1e6 : med / 1e3, ms ? "ms" : "µs", flops / med, flops / quantile(per, 0.75),
              flops / quantile(per, 0.25),
              err <= tol ? "ok" : ("WRONG (rel err " + std::to_string(err) + ")").c_str());
}

void bench_gemm(const Config& cfg, bool quick) {
  std::printf("## GEMM (tapegrad::matmul under NoGradGuard)\n\n");
  std::printf("| shape | dtype | M x K @ K x N | median time | GFLOP/s [IQR] | check |\n");
  std::printf("|---|---|---|--:|--:|---|\n");
  struct Size {
    std::int64_t M, K, N;
    const char* label;
  };
  const std::vector<Size> sizes = {
      {256, 256, 256, "square"},      {512, 512, 512, "square"},      {1024, 1024, 1024, "square"},
      {128, 784, 256, "MLP layer 1"}, {128, 256, 256, "MLP layer 2"}, {128, 256, 10, "MLP layer 3"},
  };
  for (const Size& s : sizes) bench_gemm_one<float>(cfg, s.M, s.K, s.N, tg::DType::Float32, s.label);
  if (!quick) {
    for (const Size& s : sizes) bench_gemm_one<double>(cfg, s.M, s.K, s.N, tg::DType::Float64, s.label);
  }
  std::printf("\n");
}

// --count: runs one chain kind REPS times and nothing else, so that a profiler's counts for two
// values of REPS differ by exactly the chains (callgrind.sh divides the difference by the ops).
int count_chains(const char* name, int reps) {
  const Chain kinds[] = {Chain::Affine, Chain::MulAdd, Chain::MulAddWeightGrad};
  const char* names[] = {"affine", "muladd", "muladd-wgrad"};
  for (int k = 0; k < 3; ++k) {
    if (std::strcmp(name, names[k]) != 0) continue;
    for (int r = 0; r < reps; ++r) run_chain(kinds[k], 1000, nullptr, nullptr);
    return 0;
  }
  std::fprintf(stderr, "--count: unknown chain %s (affine, muladd, muladd-wgrad)\n", name);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--count") == 0) return count_chains(argv[2], std::atoi(argv[3]));
  Config cfg;
  bool quick = false, chains = true, gemm = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
      cfg.repeats = 7;
      cfg.warmup_ms = 50;
      cfg.sample_ms = 10;
    } else if (std::strcmp(argv[i], "--chains") == 0) {
      gemm = false;  // only the scalar chains
    } else if (std::strcmp(argv[i], "--gemm") == 0) {
      chains = false;  // only the GEMM sizes
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
#ifdef TG_BENCH_HAS_THREADS
      tg::set_num_threads(std::atoi(argv[++i]));
#else
      ++i;
      std::fprintf(stderr, "this tapegrad has no set_num_threads: --threads ignored\n");
#endif
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--threads N] [--chains | --gemm] | --count CHAIN REPS\n",
                   argv[0]);
      return 2;
    }
  }
  std::printf("# tapegrad C++ benchmark (tapegrad %s)\n\n", tg::version());
  std::printf("- hardware threads: %u", std::thread::hardware_concurrency());
#ifdef TG_BENCH_HAS_THREADS
  std::printf("; tapegrad::get_num_threads() = %d", tg::get_num_threads());
#endif
#ifdef TG_BENCH_HAS_CPU_INFO
  {
    const tg::CpuInfo info = tg::cpu_info();
    std::printf("; GEMM path: %s (avx2 %d, fma %d, avx512f %d)", info.isa.c_str(), info.has_avx2,
                info.has_fma, info.has_avx512f);
  }
#endif
  std::printf("\n- medians of %d timed samples (each >= %.0f ms) after %.0f ms of warm-up\n\n", cfg.repeats,
              cfg.sample_ms, cfg.warmup_ms);
  if (chains) bench_chains(cfg, quick);
  if (gemm) bench_gemm(cfg, quick);
  return 0;
}
