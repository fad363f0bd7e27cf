// The GEMM front end: picks the kernel path for this CPU (dispatch.hpp), splits large problems
// across the thread pool, hands each piece a packing workspace, and holds the baseline-ISA
// epilogue that every kernel calls.
#include "kernels/gemm.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "kernels/activation_math.hpp"
#include "kernels/dispatch.hpp"
#include "kernels/gemm_kernel.hpp"
#include "kernels/thread_pool.hpp"
#include "tapegrad/threading.hpp"

namespace tapegrad::kernels {
namespace {

// Below this many multiply-adds (2^20, ~15 us on one AVX2 core) a problem stays on the calling
// thread: waking a worker and splitting the packing costs more than it saves. Measured on the
// 2-core Zen3 box: 128x10x256 (2^18.3) was slower on two threads, 128x256x784 twice as fast.
constexpr std::int64_t kParallelMinWork = std::int64_t{1} << 20;

// When splitting n costs no repeated packing (A read in place), C is cut into up to this many
// blocks per thread, each of at least kTaskMinWork multiply-adds: a thread that is late (a busy
// machine, a worker still waking) then holds back a small block, not half of the product,
// while the others take the rest.
constexpr int kTasksPerThread = 4;
constexpr std::int64_t kTaskMinWork = std::int64_t{1} << 18;

// The dispatch table: one row per Isa, in enum order.
struct KernelRow {
  void (*f32)(const GemmProblem<float>&);
  Blocking f32_blocking;
  void (*f64)(const GemmProblem<double>&);
  Blocking f64_blocking;
};

constexpr KernelRow kKernels[] = {
    {gemm_f32_generic, generic::blocking_f32, gemm_f64_generic, generic::blocking_f64},
#ifdef TAPEGRAD_HAVE_AVX2_KERNELS
    {gemm_f32_avx2, avx2::blocking_f32, gemm_f64_avx2, avx2::blocking_f64},
#else
    {gemm_f32_generic, generic::blocking_f32, gemm_f64_generic, generic::blocking_f64},
#endif
};

template <class T>
struct Kernel {
  void (*run)(const GemmProblem<T>&);
  Blocking blocking;
};

template <class T>
Kernel<T> active_kernel() {
  const KernelRow& row = kKernels[static_cast<int>(active_isa())];
  if constexpr (sizeof(T) == sizeof(float))
    return {row.f32, row.f32_blocking};
  else
    return {row.f64, row.f64_blocking};
}

// The calling thread's packing buffers, kept between calls (at most ~8 MiB: kc x nc of B).
template <class T>
void run_with_workspace(GemmProblem<T> p, const Kernel<T>& kernel) {
  constexpr std::int64_t kAlign = 64 / sizeof(T);  // elements per 64-byte cache line
  const std::int64_t a_elems = round_up(pack_a_elems(kernel.blocking, p.m, p.k), kAlign);
  const std::int64_t b_elems = pack_b_elems(kernel.blocking, p.n, p.k);
  thread_local std::vector<T> buffer;
  const auto needed = static_cast<std::size_t>(a_elems + b_elems + kAlign);
  if (buffer.size() < needed) buffer.resize(needed);
  const auto misalignment = reinterpret_cast<std::uintptr_t>(buffer.data()) % 64;
  T* base = buffer.data() + (misalignment ? (64 - misalignment) / sizeof(T) : 0);
  p.pack_a = base;
  p.pack_b = base + a_elems;
  kernel.run(p);
}

template <class T>
void epilogue_impl(T* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const T* bias,
                   Activation act) {
  for (std::int64_t r = 0; r < rows; ++r) {
    T* row = c + r * ldc;
    if (bias)
      for (std::int64_t j = 0; j < cols; ++j) row[j] += bias[j];
    apply_activation(act, row, cols);
  }
}

// C = act(bias) or act(C + bias): what remains of the product when k == 0.
template <class T>
void empty_product(const GemmProblem<T>& p) {
  for (std::int64_t i = 0; i < p.m; ++i) {
    T* row = p.c + i * p.ldc;
    if (!p.accumulate) std::fill(row, row + p.n, T(0));
  }
  if (p.bias || p.act != Activation::Identity) epilogue_impl(p.c, p.ldc, p.m, p.n, p.bias, p.act);
}

// Products this small (the tutorial's 2x2 layers) cost less than packing one panel, so they
// run as plain loops, i-p-j so the inner loop is unit stride in C (and in B when untransposed).
constexpr std::int64_t kDirectMaxWork = 4096;

template <class T>
void direct_product(const GemmProblem<T>& p) {
  for (std::int64_t i = 0; i < p.m; ++i) {
    T* row = p.c + i * p.ldc;
    if (!p.accumulate) std::fill(row, row + p.n, T(0));
    for (std::int64_t q = 0; q < p.k; ++q) {
      const T a = p.trans_a ? p.a[q * p.lda + i] : p.a[i * p.lda + q];
      if (p.trans_b) {
        for (std::int64_t j = 0; j < p.n; ++j) row[j] += a * p.b[j * p.ldb + q];
      } else {
        const T* b_row = p.b + q * p.ldb;
        for (std::int64_t j = 0; j < p.n; ++j) row[j] += a * b_row[j];
      }
    }
  }
  if (p.bias || p.act != Activation::Identity) epilogue_impl(p.c, p.ldc, p.m, p.n, p.bias, p.act);
}

// Splits C into blocks of `chunk` whole tiles along n or m, one per task.
template <class T>
struct SplitGemm {
  GemmProblem<T> whole;
  Kernel<T> kernel;
  bool split_n;
  std::int64_t chunk;

  void operator()(int task) const {
    GemmProblem<T> p = whole;
    const std::int64_t start = task * chunk;
    if (split_n) {
      p.n = std::min(chunk, whole.n - start);
      p.b += whole.trans_b ? start * whole.ldb : start;
      p.c += start;
      if (p.bias) p.bias += start;
    } else {
      p.m = std::min(chunk, whole.m - start);
      p.a += whole.trans_a ? start : start * whole.lda;
      p.c += start * whole.ldc;
    }
    run_with_workspace(p, kernel);
  }
};

template <class T>
void run(const GemmProblem<T>& p) {
  if (p.m == 0 || p.n == 0) return;
  const Kernel<T> kernel = active_kernel<T>();  // first: an invalid TAPEGRAD_ISA throws here
  if (p.k == 0) return empty_product(p);
  if (p.m * p.n * p.k <= kDirectMaxWork) return direct_product(p);
  const int threads = get_num_threads();
  if (threads == 1 || p.m * p.n * p.k < kParallelMinWork) return run_with_workspace(p, kernel);
  // Each task packs its B columns, and its A rows unless A is read in place. A transposed A
  // always packs, and that packing is the costly one (B's rows copy as vectors), so it is
  // never repeated per task: such products split m.
  const bool in_place = reads_a_in_place(p);
  const bool split_n = !p.trans_a && p.n >= p.m;
  const std::int64_t extent = split_n ? p.n : p.m;
  const std::int64_t tile = split_n ? kernel.blocking.nr : kernel.blocking.mr;
  std::int64_t blocks = threads;
  if (split_n && in_place)
    blocks = std::max<std::int64_t>(threads, std::min<std::int64_t>(std::int64_t{threads} * kTasksPerThread,
                                                                    p.m * p.n * p.k / kTaskMinWork));
  const std::int64_t chunk = round_up((extent + blocks - 1) / blocks, tile);
  const int tasks = static_cast<int>((extent + chunk - 1) / chunk);
  if (tasks == 1) return run_with_workspace(p, kernel);
  SplitGemm<T> split{p, kernel, split_n, chunk};
  parallel_for(tasks, split);
}

}  // namespace

void epilogue_f32(float* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const float* bias,
                  Activation act) {
  epilogue_impl(c, ldc, rows, cols, bias, act);
}

void epilogue_f64(double* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const double* bias,
                  Activation act) {
  epilogue_impl(c, ldc, rows, cols, bias, act);
}

template <class T>
void gemm(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n, std::int64_t k, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T* c, std::int64_t ldc, bool accumulate) {
  run(GemmProblem<T>{trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate, nullptr,
                     Activation::Identity, nullptr, nullptr});
}

template <class T>
void dense_forward(std::int64_t m, std::int64_t n, std::int64_t k, const T* x, const T* w, const T* bias,
                   Activation act, T* y) {
  run(GemmProblem<T>{false, false, m, n, k, x, k, w, n, y, n, false, bias, act, nullptr, nullptr});
}

template <class T>
void linear_forward(std::int64_t m, std::int64_t n, std::int64_t k, const T* x, const T* w, const T* bias,
                    T* y) {
  run(GemmProblem<T>{false, true, m, n, k, x, k, w, k, y, n, false, bias, Activation::Identity, nullptr,
                     nullptr});
}

#define TAPEGRAD_INSTANTIATE(T)                                                                          \
  template void gemm<T>(bool, bool, std::int64_t, std::int64_t, std::int64_t, const T*, std::int64_t,    \
                        const T*, std::int64_t, T*, std::int64_t, bool);                                 \
  template void dense_forward<T>(std::int64_t, std::int64_t, std::int64_t, const T*, const T*, const T*, \
                                 Activation, T*);                                                        \
  template void linear_forward<T>(std::int64_t, std::int64_t, std::int64_t, const T*, const T*, const T*, T*);
TAPEGRAD_INSTANTIATE(float)
TAPEGRAD_INSTANTIATE(double)
#undef TAPEGRAD_INSTANTIATE

}  // namespace tapegrad::kernels
