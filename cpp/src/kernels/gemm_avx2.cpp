// AVX2 + FMA GEMM kernels: gemm_f32_avx2 (6 x 16 tile, vectorised sigmoid epilogue) and
// gemm_f64_avx2 (6 x 8 tile).
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

  // exp(x) for x <= 0 (Cephes expf: Cody-Waite reduction by ln 2, degree-7 polynomial),
  // within ~2 ulp (sigmoid within 2.5 ulp, checked in test_gemm); results below FLT_MIN (x < ln FLT_MIN)
  // flush to 0, as for x = -1000.
  static V exp_nonpositive(V x) {
    const V tiny = _mm256_cmp_ps(x, _mm256_set1_ps(-87.336544f), _CMP_LT_OQ);
    x = _mm256_max_ps(x, _mm256_set1_ps(-87.336544f));
    const V n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    x = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    x = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), x);
    V y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_fmadd_ps(y, _mm256_mul_ps(x, x), _mm256_add_ps(x, _mm256_set1_ps(1.0f)));
    const __m256i biased = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    y = _mm256_mul_ps(y, _mm256_castsi256_ps(_mm256_slli_epi32(biased, 23)));
    return _mm256_andnot_ps(tiny, y);
  }

  // The stable form of activation_math.hpp's sigmoid: with e = exp(-|x|) <= 1, 1 / (1 + e)
  // for x >= 0 and e / (1 + e) otherwise; exact 1 and 0 at +-1000; NaN stays NaN. One division
  // (the slowest instruction here): e / d is e * (1 / d) plus one Newton correction,
  // q + (e - q d) / d with the residual by FMA, which restores the rounding of a true quotient.
  static V sigmoid(V x) {
    const V sign = _mm256_set1_ps(-0.0f);
    const V e = exp_nonpositive(_mm256_or_ps(x, sign));  // -|x|
    const V d = _mm256_add_ps(_mm256_set1_ps(1.0f), e);
    const V r = _mm256_div_ps(_mm256_set1_ps(1.0f), d);
    const V q0 = _mm256_mul_ps(e, r);
    const V q = _mm256_fmadd_ps(_mm256_fnmadd_ps(q0, d, e), r, q0);
    const V s = _mm256_blendv_ps(r, q, x);
    return _mm256_blendv_ps(s, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
  }

  // Sigmoid with the bias, 8 lanes at a time, the row tail masked; other activations take the
  // shared baseline epilogue.
  static void epilogue(T* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const T* bias,
                       Activation act) {
    if (act != Activation::Sigmoid) return epilogue_f32(c, ldc, rows, cols, bias, act);
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (std::int64_t r = 0; r < rows; ++r) {
      T* row = c + r * ldc;
      for (std::int64_t j = 0; j < cols; j += W) {
        const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(cols - j)), lane);
        V z = _mm256_maskload_ps(row + j, mask);
        if (bias) z = _mm256_add_ps(z, _mm256_maskload_ps(bias + j, mask));
        _mm256_maskstore_ps(row + j, mask, sigmoid(z));
      }
    }
  }
};

// Packs a full 16-column micro-panel of a transposed float B, 8 k values at a time: two 8 x 8
// transposes (columns 0-7 and 8-15) per step instead of 128 scalar copies to stride-16 slots.
// Returns the number of k values packed (kc rounded down to 8).
std::int64_t pack_b_transposed_f32(const float* b, std::int64_t ldb, std::int64_t kc, float* dst) {
  const std::int64_t full = kc / 8 * 8;
  for (std::int64_t q = 0; q < full; q += 8) {
    for (std::int64_t half = 0; half < 2; ++half) {
      const float* src = b + half * 8 * ldb + q;
      __m256 r[8];
#pragma GCC unroll 8
      for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * ldb);
      __m256 t[8], u[8];
#pragma GCC unroll 4
      for (int i = 0; i < 4; ++i) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
      }
#pragma GCC unroll 2
      for (int i = 0; i < 2; ++i) {  // i = 0: rows 0-3, i = 1: rows 4-7
        u[4 * i + 0] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
      }
      float* out = dst + q * 16 + half * 8;
#pragma GCC unroll 4
      for (int i = 0; i < 4; ++i) {  // k value q + i from the low lanes, q + 4 + i from the high
        _mm256_store_ps(out + i * 16, _mm256_permute2f128_ps(u[i], u[4 + i], 0x20));
        _mm256_store_ps(out + (4 + i) * 16, _mm256_permute2f128_ps(u[i], u[4 + i], 0x31));
      }
    }
  }
  return full;
}

// Packs a full 6-row micro-panel of an untransposed float A, 8 k values at a time: the 6 x 8
// block is transposed in registers (rows 0-3 by the 4 x 4 transposes of pack_b_transposed_f32,
// rows 4-5 as pairs) and written as 6 contiguous values per k, instead of 48 scalar copies to
// stride-6 slots. Returns the number of k values packed (kc rounded down to 8).
std::int64_t pack_a_rows_f32(const float* a, std::int64_t lda, std::int64_t kc, float* dst) {
  const std::int64_t full = kc / 8 * 8;
  for (std::int64_t q = 0; q < full; q += 8) {
    __m256 r[6];
#pragma GCC unroll 6
    for (int i = 0; i < 6; ++i) r[i] = _mm256_loadu_ps(a + i * lda + q);
    // Rows 0-3: u[i] holds k = q + i (low half) and q + 4 + i (high half).
    const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    const __m256 u[4] = {_mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2)),
                         _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2))};
    // Rows 4-5: the 64-bit pairs of k = q + {0, 1, 4, 5} (lo) and q + {2, 3, 6, 7} (hi).
    const __m256d lo = _mm256_castps_pd(_mm256_unpacklo_ps(r[4], r[5]));
    const __m256d hi = _mm256_castps_pd(_mm256_unpackhi_ps(r[4], r[5]));
    const __m128d pairs[2][2] = {{_mm256_castpd256_pd128(lo), _mm256_extractf128_pd(lo, 1)},
                                 {_mm256_castpd256_pd128(hi), _mm256_extractf128_pd(hi, 1)}};
    float* out = dst + q * 6;
#pragma GCC unroll 4
    for (int i = 0; i < 4; ++i) {
      _mm_storeu_ps(out + i * 6, _mm256_castps256_ps128(u[i]));
      _mm_storeu_ps(out + (4 + i) * 6, _mm256_extractf128_ps(u[i], 1));
      // k = q + i: pair i % 2 of pairs[i / 2][0]; k = q + 4 + i: same of pairs[i / 2][1].
      const __m128d p0 = pairs[i / 2][0], p1 = pairs[i / 2][1];
      double* d0 = reinterpret_cast<double*>(out + i * 6 + 4);
      double* d1 = reinterpret_cast<double*>(out + (4 + i) * 6 + 4);
      if (i % 2 == 0) {
        _mm_storel_pd(d0, p0);
        _mm_storel_pd(d1, p1);
      } else {
        _mm_storeh_pd(d0, p0);
        _mm_storeh_pd(d1, p1);
      }
    }
  }
  return full;
}

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

  static void epilogue(T* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const T* bias,
                       Activation act) {
    epilogue_f64(c, ldc, rows, cols, bias, act);
  }
};

// MR rows x (2 vectors) of accumulators: 12 YMM registers, plus two for B and one for A.
template <class Vec, const Blocking& BL>
struct Avx2Kernel {
  using T = typename Vec::T;
  using V = typename Vec::V;
  static constexpr Blocking bl = BL;
  static constexpr int MR = 6;
  static_assert(BL.mr == MR && BL.nr == 2 * Vec::W, "the register tile is 6 x 2 vectors");

  // A(r, q) is a[r + MR * q] when packed, a[r * lda + q] in place (Direct); in place, rows past
  // the edge repeat the last real row, computed but never stored.
  template <bool Direct>
  static void micro(std::int64_t kc, const T* a, std::int64_t lda, const T* b, T* c, std::int64_t ldc,
                    std::int64_t rows, std::int64_t cols, bool add) {
    if (Direct) {
      InPlaceA in_place;
#pragma GCC unroll 6
      for (int r = 0; r < MR; ++r) in_place.row[r] = a + min_i64(r, rows - 1) * lda;
      return tile(kc, in_place, b, c, ldc, rows, cols, add);
    }
    tile(kc, PackedA{a}, b, c, ldc, rows, cols, add);
  }

  // How the k loop walks A. Packed A is one pointer with constant offsets: six row pointers
  // would spill general registers in the hottest loop (measured: two stack loads per k).
  struct PackedA {
    const T* a;
    const T* at(int r) const { return a + r; }
    void next() { a += MR; }
  };
  struct InPlaceA {
    const T* row[MR];
    std::int64_t q = 0;
    const T* at(int r) const { return row[r] + q; }
    void next() { ++q; }
  };

  // The register tile: C[0:rows, 0:cols] (+)= A(0:MR, 0:kc) B(0:kc, 0:2W).
  template <class A>
  static void tile(std::int64_t kc, A a, const T* b, T* c, std::int64_t ldc, std::int64_t rows,
                   std::int64_t cols, bool add) {
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
    for (std::int64_t q = 0; q < kc; ++q, a.next(), b += 2 * Vec::W) {
      const V b0 = Vec::load_aligned(b);
      const V b1 = Vec::load_aligned(b + Vec::W);
#pragma GCC unroll 6
      for (int r = 0; r < MR; ++r) {
        const V ar = Vec::broadcast(a.at(r));
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

  static void epilogue(T* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols, const T* bias,
                       Activation act) {
    Vec::epilogue(c, ldc, rows, cols, bias, act);
  }

  // float has the vector transpose; double packs with the driver's scalar loop.
  static std::int64_t pack_b_transposed(const T* b, std::int64_t ldb, std::int64_t kc, T* dst) {
    if constexpr (sizeof(T) == sizeof(float))
      return pack_b_transposed_f32(b, ldb, kc, dst);
    else
      return 0;
  }

  static std::int64_t pack_a_rows(const T* a, std::int64_t lda, std::int64_t kc, T* dst) {
    if constexpr (sizeof(T) == sizeof(float))
      return pack_a_rows_f32(a, lda, kc, dst);
    else
      return 0;
  }
};

}  // namespace

void gemm_f32_avx2(const GemmProblem<float>& p) { gemm_blocked<Avx2Kernel<VecF32, avx2::blocking_f32>>(p); }

void gemm_f64_avx2(const GemmProblem<double>& p) { gemm_blocked<Avx2Kernel<VecF64, avx2::blocking_f64>>(p); }

}  // namespace tapegrad::kernels
