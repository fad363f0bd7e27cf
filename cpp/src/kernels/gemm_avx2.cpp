// AVX2 + FMA GEMM kernels: gemm_f32_avx2 (6 x 16 tile) and gemm_f64_avx2 (6 x 8 tile).
//
// This file alone is compiled with -mavx2 -mfma (kernels.cmake) and only runs after the
// dispatcher has checked the CPU and the OS (cpu_features.cpp). To keep wide instructions out of
// code the linker could share with baseline callers (numpy#25274), everything except the two
// entry points has internal linkage (gemm_blocked.hpp and the anonymous namespace below) and
// nothing from the standard library is instantiated here; `nm -C` on the object shows no weak
// symbols.
#include <immintrin.h>

#include <cstdint>

#include "kernels/gemm_blocked.hpp"

namespace tapegrad::kernels {
namespace {

// The same micro-kernel for both dtypes: V is the vector type, W its lane count.
struct VecF32 {
  using T = float;
  using V = __m256;
  static constexpr int W = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const T* p) { return _mm256_loadu_ps(p); }
  static V load_aligned(const T* p) { return _mm256_load_ps(p); }
  static V broadcast(const T* p) { return _mm256_broadcast_ss(p); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void store(T* p, V v) { _mm256_storeu_ps(p, v); }
};

struct VecF64 {
  using T = double;
  using V = __m256d;
  static constexpr int W = 4;
  static V zero() { return _mm256_setzero_pd(); }
  static V load(const T* p) { return _mm256_loadu_pd(p); }
  static V load_aligned(const T* p) { return _mm256_load_pd(p); }
  static V broadcast(const T* p) { return _mm256_broadcast_sd(p); }
  static V fmadd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V add(V a, V b) { return _mm256_add_pd(a, b); }
  static void store(T* p, V v) { _mm256_storeu_pd(p, v); }
};

// MR rows x (2 vectors) of accumulators: 12 YMM registers, plus two for B and one for A.
template <class Vec, const Blocking& BL>
struct Avx2Kernel {
  using T = typename Vec::T;
  using V = typename Vec::V;
  static constexpr Blocking bl = BL;
  static constexpr int MR = 6;
  static_assert(BL.mr == MR && BL.nr == 2 * Vec::W, "the register tile is 6 x 2 vectors");

  static void micro(std::int64_t kc, const T* a, const T* b, T* c, std::int64_t ldc,
                    std::int64_t rows, std::int64_t cols, bool add) {
    V acc[MR][2];
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
      acc[r][0] = acc[r][1] = Vec::zero();
      // C is touched only after the k loop: start fetching its rows now (last byte too, as a
      // row of the tile may straddle two cache lines).
      _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(c + r * ldc + 2 * Vec::W - 1), _MM_HINT_T0);
    }
#pragma GCC unroll 4
    for (std::int64_t q = 0; q < kc; ++q, a += MR, b += 2 * Vec::W) {
      const V b0 = Vec::load_aligned(b);
      const V b1 = Vec::load_aligned(b + Vec::W);
#pragma GCC unroll 6
      for (int r = 0; r < MR; ++r) {
        const V ar = Vec::broadcast(a + r);
        acc[r][0] = Vec::fmadd(ar, b0, acc[r][0]);
        acc[r][1] = Vec::fmadd(ar, b1, acc[r][1]);
      }
    }
    if (rows == MR && cols == 2 * Vec::W) {
#pragma GCC unroll 6
      for (int r = 0; r < MR; ++r) {
        T* cr = c + r * ldc;
        if (add) {
          acc[r][0] = Vec::add(acc[r][0], Vec::load(cr));
          acc[r][1] = Vec::add(acc[r][1], Vec::load(cr + Vec::W));
        }
        Vec::store(cr, acc[r][0]);
        Vec::store(cr + Vec::W, acc[r][1]);
      }
      return;
    }
    alignas(32) T tile[MR * 2 * Vec::W];
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
      Vec::store(tile + r * 2 * Vec::W, acc[r][0]);
      Vec::store(tile + r * 2 * Vec::W + Vec::W, acc[r][1]);
    }
    store_partial(tile, 2 * Vec::W, c, ldc, rows, cols, add);
  }
};

}  // namespace

void gemm_f32_avx2(const GemmProblem<float>& p) {
  gemm_blocked<Avx2Kernel<VecF32, avx2::blocking_f32>>(p);
}

void gemm_f64_avx2(const GemmProblem<double>& p) {
  gemm_blocked<Avx2Kernel<VecF64, avx2::blocking_f64>>(p);
}

}  // namespace tapegrad::kernels
