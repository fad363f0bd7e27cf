#pragma once
// The BLIS-style blocked GEMM driver, shared by every ISA's kernel file. Include it ONLY from a
// gemm_<isa>.cpp: everything here is in an anonymous namespace, so each ISA gets a private copy
// compiled with its own flags and the linker can never hand an AVX2 copy to a baseline caller.
//
// A kernel file supplies a policy K with
//   using T;  static constexpr Blocking bl;
//   template <bool Direct>
//   static void micro(std::int64_t kc, const T* a, std::int64_t lda, const T* b, T* c,
//                     std::int64_t ldc, std::int64_t rows, std::int64_t cols, bool add);
//   static void epilogue(T* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols,
//                        const T* bias, Activation act);   // c = act(c + bias) on a tile
//   static std::int64_t pack_b_transposed(const T* b, std::int64_t ldb, std::int64_t kc, T* dst);
//     // packs the leading k values of a full nr-column micro-panel of a transposed B (column j
//     // is b[j * ldb + q]) and returns how many it did; the driver packs the rest
//   static std::int64_t pack_a_rows(const T* a, std::int64_t lda, std::int64_t kc, T* dst);
//     // idem for a full mr-row micro-panel of an untransposed A (row r is a[r * lda + q])
// micro multiplies an mr x kc micro-panel of A by a kc x nr micro-panel of packed B and
// writes (add == false) or adds (add == true) the top-left rows x cols of the result to C.
// A is packed (Direct == false: mr values per k, lda unused) or read in place (Direct == true:
// `rows` rows of a row-major A, lda apart; the kernel must not read rows past `rows`).

#include <cstdint>

#include "kernels/gemm_kernel.hpp"

namespace tapegrad::kernels {
namespace {

// The baseline epilogue, for policies without a faster one.
inline void baseline_epilogue(float* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols,
                              const float* bias, Activation act) {
  epilogue_f32(c, ldc, rows, cols, bias, act);
}
inline void baseline_epilogue(double* c, std::int64_t ldc, std::int64_t rows, std::int64_t cols,
                              const double* bias, Activation act) {
  epilogue_f64(c, ldc, rows, cols, bias, act);
}

// Splits `total` into equal blocks of at most `block` (a multiple of `align`), so that a size
// just above a block boundary (KC + 3) does not leave a tiny, inefficient last block.
inline std::int64_t balanced_block(std::int64_t total, std::int64_t block, std::int64_t align) {
  const std::int64_t blocks = (total + block - 1) / block;
  return round_up((total + blocks - 1) / blocks, align);
}

// Packs rows [i0, i0 + mc) x columns [p0, p0 + kc) of op(A) into mr-row micro-panels, each
// stored column by column (mr values per k), rows past the edge zero-filled.
template <class K>
void pack_a(const GemmProblem<typename K::T>& p, std::int64_t i0, std::int64_t mc, std::int64_t p0,
            std::int64_t kc, typename K::T* dst) {
  using T = typename K::T;
  constexpr std::int64_t mr = K::bl.mr;
  for (std::int64_t ir = 0; ir < mc; ir += mr, dst += mr * kc) {
    const std::int64_t rows = min_i64(mr, mc - ir);
    if (p.trans_a && rows == mr) {  // A(i, q) = a[q * lda + i]: mr contiguous values per k
      for (std::int64_t q = 0; q < kc; ++q) {
        const T* src = p.a + (p0 + q) * p.lda + i0 + ir;
        for (std::int64_t r = 0; r < mr; ++r) dst[q * mr + r] = src[r];
      }
    } else if (p.trans_a) {
      for (std::int64_t q = 0; q < kc; ++q) {
        const T* src = p.a + (p0 + q) * p.lda + i0 + ir;
        for (std::int64_t r = 0; r < mr; ++r) dst[q * mr + r] = r < rows ? src[r] : T(0);
      }
    } else {  // A(i, q) = a[i * lda + q]: one contiguous row per r
      const T* rows_src = p.a + (i0 + ir) * p.lda + p0;
      const std::int64_t done = rows == mr ? K::pack_a_rows(rows_src, p.lda, kc, dst) : 0;
      for (std::int64_t r = 0; r < mr; ++r) {
        if (r < rows) {
          const T* src = rows_src + r * p.lda;
          for (std::int64_t q = done; q < kc; ++q) dst[q * mr + r] = src[q];
        } else {
          for (std::int64_t q = 0; q < kc; ++q) dst[q * mr + r] = T(0);
        }
      }
    }
  }
}

// Packs rows [p0, p0 + kc) x columns [j0, j0 + nc) of op(B) into nr-column micro-panels, each
// stored row by row (nr values per k), columns past the edge zero-filled.
template <class K>
void pack_b(const GemmProblem<typename K::T>& p, std::int64_t p0, std::int64_t kc, std::int64_t j0,
            std::int64_t nc, typename K::T* dst) {
  using T = typename K::T;
  constexpr std::int64_t nr = K::bl.nr;
  for (std::int64_t jr = 0; jr < nc; jr += nr, dst += nr * kc) {
    const std::int64_t cols = min_i64(nr, nc - jr);
    if (p.trans_b) {  // B(q, j) = b[j * ldb + q]: one contiguous row of b per column
      const std::int64_t done =
          cols == nr ? K::pack_b_transposed(p.b + (j0 + jr) * p.ldb + p0, p.ldb, kc, dst) : 0;
      for (std::int64_t j = 0; j < nr; ++j) {
        if (j < cols) {
          const T* src = p.b + (j0 + jr + j) * p.ldb + p0;
          for (std::int64_t q = done; q < kc; ++q) dst[q * nr + j] = src[q];
        } else {
          for (std::int64_t q = 0; q < kc; ++q) dst[q * nr + j] = T(0);
        }
      }
    } else if (cols == nr) {  // B(q, j) = b[q * ldb + j]: full-width rows copy as vectors
      for (std::int64_t q = 0; q < kc; ++q) {
        const T* src = p.b + (p0 + q) * p.ldb + j0 + jr;
        for (std::int64_t j = 0; j < nr; ++j) dst[q * nr + j] = src[j];
      }
    } else {
      for (std::int64_t q = 0; q < kc; ++q) {
        const T* src = p.b + (p0 + q) * p.ldb + j0 + jr;
        for (std::int64_t j = 0; j < nr; ++j) dst[q * nr + j] = j < cols ? src[j] : T(0);
      }
    }
  }
}

// The macro-kernel: every micro-tile of an mc x nc block of C from A (packed, or in place when
// Direct) and packed B. When the block is final (last kc block), the epilogue runs on each tile
// while it is still in L1.
template <class K, bool Direct>
void macro_kernel(const GemmProblem<typename K::T>& p, std::int64_t ic, std::int64_t mc, std::int64_t jc,
                  std::int64_t nc, std::int64_t pc, std::int64_t kc, bool add, bool last) {
  constexpr std::int64_t mr = K::bl.mr, nr = K::bl.nr;
  const bool has_epilogue = last && (p.bias != nullptr || p.act != Activation::Identity);
  for (std::int64_t jr = 0; jr < nc; jr += nr) {
    const std::int64_t cols = min_i64(nr, nc - jr);
    const auto* b_panel = p.pack_b + jr * kc;
    for (std::int64_t ir = 0; ir < mc; ir += mr) {
      const std::int64_t rows = min_i64(mr, mc - ir);
      auto* c_tile = p.c + (ic + ir) * p.ldc + jc + jr;
      const auto* a_panel = Direct ? p.a + (ic + ir) * p.lda + pc : p.pack_a + ir * kc;
      K::template micro<Direct>(kc, a_panel, p.lda, b_panel, c_tile, p.ldc, rows, cols, add);
      if (has_epilogue) K::epilogue(c_tile, p.ldc, rows, cols, p.bias ? p.bias + jc + jr : nullptr, p.act);
    }
  }
}

// The five loops around the micro-kernel (jc, pc, ic here; jr, ir in macro_kernel). k > 0.
template <class K>
void gemm_blocked(const GemmProblem<typename K::T>& p) {
  const std::int64_t nc_step = balanced_block(p.n, K::bl.nc, K::bl.nr);
  const std::int64_t kc_step = balanced_block(p.k, K::bl.kc, 1);
  const std::int64_t mc_step = balanced_block(p.m, K::bl.mc, K::bl.mr);
  const bool direct = reads_a_in_place(p);
  for (std::int64_t jc = 0; jc < p.n; jc += nc_step) {
    const std::int64_t nc = min_i64(nc_step, p.n - jc);
    for (std::int64_t pc = 0; pc < p.k; pc += kc_step) {
      const std::int64_t kc = min_i64(kc_step, p.k - pc);
      const bool add = p.accumulate || pc > 0;
      const bool last = pc + kc == p.k;
      pack_b<K>(p, pc, kc, jc, nc, p.pack_b);
      for (std::int64_t ic = 0; ic < p.m; ic += mc_step) {
        const std::int64_t mc = min_i64(mc_step, p.m - ic);
        if (direct) {
          macro_kernel<K, true>(p, ic, mc, jc, nc, pc, kc, add, last);
        } else {
          pack_a<K>(p, ic, mc, pc, kc, p.pack_a);
          macro_kernel<K, false>(p, ic, mc, jc, nc, pc, kc, add, last);
        }
      }
    }
  }
}

// Writes or adds the rows x cols corner of an mr x nr tile computed in `acc` (row-major, nr
// per row) to C: the path for edge tiles, which the vector store cannot cover.
template <class T>
void store_partial(const T* acc, std::int64_t nr, T* c, std::int64_t ldc, std::int64_t rows,
                   std::int64_t cols, bool add) {
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t j = 0; j < cols; ++j)
      c[r * ldc + j] = add ? c[r * ldc + j] + acc[r * nr + j] : acc[r * nr + j];
}

}  // namespace
}  // namespace tapegrad::kernels
