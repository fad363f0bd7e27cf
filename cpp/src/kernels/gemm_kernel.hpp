#pragma once
// The contract between the GEMM front end (gemm.cpp, baseline ISA) and the per-ISA blocked
// kernels (gemm_<isa>.cpp). Internal.
//
// Only plain data and function declarations live here: an ISA-specific translation unit that
// includes this header instantiates nothing from it, so no inline or template code compiled
// with wider instructions can be shared with baseline callers (numpy#25274).

#include <cstdint>

#include "tapegrad/activation.hpp"

namespace tapegrad::kernels {

// One serial GEMM (sub)problem: C = [C +] op(A) @ op(B), then optionally
// C = act(C + bias) once C is final. Packing buffers are supplied by the caller.
template <class T>
struct GemmProblem {
  bool trans_a, trans_b;
  std::int64_t m, n, k;
  const T* a;
  std::int64_t lda;
  const T* b;
  std::int64_t ldb;
  T* c;
  std::int64_t ldc;
  bool accumulate;
  const T* bias;   // length n, or null
  Activation act;  // applied after the bias
  T* pack_a;       // >= pack_a_elems(blocking, m, k) elements, 64-byte aligned
  T* pack_b;       // >= pack_b_elems(blocking, n, k) elements, 64-byte aligned
};

// Register tile (mr x nr) and cache blocks (mc x kc panel of A in L2, kc x nr micro-panel of B
// in L1, kc x nc panel of B in L3). The helpers below are static (internal linkage) so an ISA
// translation unit that calls one gets a private copy.
struct Blocking {
  std::int64_t mr, nr, mc, kc, nc;
};

static constexpr std::int64_t round_up(std::int64_t x, std::int64_t to) { return (x + to - 1) / to * to; }
static constexpr std::int64_t min_i64(std::int64_t x, std::int64_t y) { return x < y ? x : y; }
static constexpr std::int64_t pack_a_elems(const Blocking& bl, std::int64_t m, std::int64_t k) {
  return round_up(min_i64(m, bl.mc), bl.mr) * min_i64(k, bl.kc);
}
static constexpr std::int64_t pack_b_elems(const Blocking& bl, std::int64_t n, std::int64_t k) {
  return round_up(min_i64(n, bl.nc), bl.nr) * min_i64(k, bl.kc);
}

// Whether the blocked driver reads A in place rather than packing it. An untransposed A already
// has each row's k values contiguous, and the micro-kernel's mr row streams cost no more than
// the packed panel, while packing costs a pass over A per column block (per task, when n is
// split) that the short-and-wide products of a small MLP (m = 128, n <= 256) never earn back.
// Rows a multiple of 2 KiB apart are packed anyway: mr of them would share one L1 set. Static,
// like the helpers above: the front end and each ISA's driver get private copies.
template <class T>
static bool reads_a_in_place(const GemmProblem<T>& p) {
  return !p.trans_a && (p.lda * static_cast<std::int64_t>(sizeof(T))) % 2048 != 0;
}

// Zen3/Haswell-class tiles: 6 x 16 floats / 6 x 8 doubles use 12 of the 16 YMM registers as
// accumulators. For doubles kc x nr of B is 16 KiB (half of a 32 KiB L1d) and mc x kc of A
// 144 KiB (well inside a 512 KiB L2); kc x nc of B sits in L3. Floats take a deeper kc = 400
// (B micro-panel up to 25 KiB, A block 150 KiB with mc = 96): fewer passes over C and fewer
// micro-kernel calls, and k = 784 (an MNIST layer) splits into 2 blocks instead of 4.
// Measured on the 2-core Zen3 box against 144/256: 1024^3 +1.5-3%, 128x784x256 +4-6%.
namespace avx2 {
constexpr Blocking blocking_f32{6, 16, 96, 400, 4080};
constexpr Blocking blocking_f64{6, 8, 72, 256, 4080};
}  // namespace avx2

// Portable tiles sized for 16 x 128-bit registers (SSE2 baseline, NEON): 4 x 8 floats or
// 4 x 4 doubles are 8 vector accumulators.
namespace generic {
constexpr Blocking blocking_f32{4, 8, 128, 256, 4096};
constexpr Blocking blocking_f64{4, 4, 64, 256, 4096};
}  // namespace generic

// The kernels, <op>_<dtype>_<isa>. Each runs one GemmProblem serially on the calling thread.
void gemm_f32_generic(const GemmProblem<float>& p);
void gemm_f64_generic(const GemmProblem<double>& p);
#if defined(__x86_64__) || defined(_M_X64)
#define TAPEGRAD_HAVE_AVX2_KERNELS 1
void gemm_f32_avx2(const GemmProblem<float>& p);
void gemm_f64_avx2(const GemmProblem<double>& p);
#endif

// The epilogue on a finished rows x cols tile of C: c = act(c + bias). Compiled for the
// baseline ISA (gemm.cpp) and called by every kernel, so the activation math is shared.
void epilogue_f32(float* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const float* bias,
                  Activation act);
void epilogue_f64(double* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const double* bias,
                  Activation act);

}  // namespace tapegrad::kernels
