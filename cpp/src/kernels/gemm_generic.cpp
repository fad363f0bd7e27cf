// Portable GEMM kernels: gemm_f32_generic and gemm_f64_generic.
//
// Compiled for the baseline ISA (SSE2 on x86-64, NEON on arm64). The micro-kernel is plain C++
// over fixed-size arrays, written so the compiler keeps the accumulators in vector registers:
// constant trip counts, unit stride over the packed panels, no aliasing with C inside the k loop.
#include <cstdint>

#include "kernels/gemm_blocked.hpp"

namespace tapegrad::kernels {
namespace {

template <class TT, const Blocking& BL>
struct GenericKernel {
  using T = TT;
  static constexpr Blocking bl = BL;
  static constexpr int MR = static_cast<int>(BL.mr), NR = static_cast<int>(BL.nr);

  template <bool Direct>
  static void micro(std::int64_t kc, const T* a, std::int64_t lda, const T* b, T* c, std::int64_t ldc,
                    std::int64_t rows, std::int64_t cols, bool add) {
    T acc[MR][NR] = {};
    if (Direct) {
      // Rows past the edge repeat the last real row: computed, never stored.
      const T* row[MR];
      for (int r = 0; r < MR; ++r) row[r] = a + min_i64(r, rows - 1) * lda;
      for (std::int64_t q = 0; q < kc; ++q, b += NR) {
#pragma GCC unroll 8
        for (int r = 0; r < MR; ++r) {
          const T ar = row[r][q];
#pragma GCC unroll 8
          for (int j = 0; j < NR; ++j) acc[r][j] += ar * b[j];
        }
      }
    } else {
      for (std::int64_t q = 0; q < kc; ++q, a += MR, b += NR) {
#pragma GCC unroll 8
        for (int r = 0; r < MR; ++r) {
#pragma GCC unroll 8
          for (int j = 0; j < NR; ++j) acc[r][j] += a[r] * b[j];
        }
      }
    }
    store_partial(&acc[0][0], NR, c, ldc, rows, cols, add);
  }

  static void epilogue(T* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const T* bias,
                       Activation act) {
    baseline_epilogue(c, ldc, rows, cols, bias, act);
  }

  // No vector transpose here: the driver's scalar loop packs the whole panel.
  static std::int64_t pack_b_transposed(const T*, std::int64_t, std::int64_t, T*) { return 0; }
  static std::int64_t pack_a_rows(const T*, std::int64_t, std::int64_t, T*) { return 0; }
};

}  // namespace

void gemm_f32_generic(const GemmProblem<float>& p) {
  gemm_blocked<GenericKernel<float, generic::blocking_f32>>(p);
}

void gemm_f64_generic(const GemmProblem<double>& p) {
  gemm_blocked<GenericKernel<double, generic::blocking_f64>>(p);
}

}  // namespace tapegrad::kernels
