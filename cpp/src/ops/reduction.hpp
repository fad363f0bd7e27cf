#pragma once
// The shared machinery of the reductions, cumulative ops, softmax and the class losses: which
// dimensions an op runs over, and the loops that reduce a contiguous tensor seen as
// (outer, n, inner) along its middle dimension. The loops walk memory in order: a reduction over
// the last dimension reduces each contiguous row; over another dimension it accumulates whole
// rows of `inner` elements into a buffer (the compiler vectorises those loops).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "tapegrad/reduction.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad::detail {

// `dim` made non-negative for a tensor of `ndim` dimensions (a 0-d tensor accepts 0 and -1,
// giving 0); std::out_of_range naming `op` otherwise.
int normalize_dim(int dim, int ndim, const char* op);

// The dimensions an op reduces over, and the shapes around it.
struct ReducePlan {
  std::array<bool, Shape::kMaxDims> reduced{};  // per input dimension
  Shape in;                                     // the input's shape
  Shape kept;                                   // reduced dimensions as 1
  Shape out;                                    // the result's shape (kept, or without them)
  std::int64_t count = 1;                       // elements reduced into each result element
  bool none = false;                            // nothing reduced: a 0-d input
};
// std::out_of_range for a dimension out of range, std::invalid_argument for a repeated one.
ReducePlan plan_reduction(const Shape& shape, const Dims& dims, bool keepdim, const char* op);

// A contiguous tensor seen as (outer, n, inner) around one dimension or a run of them.
struct Split {
  std::int64_t outer = 1, n = 1, inner = 1;
};
Split split_at(const Shape& shape, int dim);               // around dimension dim (0-d: 1, 1, 1)
Split split_run(const Shape& shape, int first, int last);  // around dimensions [first, last)

// Calls pass(split, first, last) for each maximal run [first, last) of reduced dimensions.
template <class Pass>
void for_each_run(const ReducePlan& plan, Pass&& pass) {
  const int nd = plan.in.ndim();
  for (int d = 0; d < nd;) {
    if (!plan.reduced[static_cast<std::size_t>(d)]) {
      ++d;
      continue;
    }
    int e = d;
    while (e < nd && plan.reduced[static_cast<std::size_t>(e)]) ++e;
    pass(d, e);
    d = e;
  }
}

// out[o, i] = finish(fold(... fold(init, x[o, 0, i]) ..., x[o, n - 1, i])), row by row.
template <class T, class Acc, class Out, class Fold, class Finish>
void reduce_pass(const T* x, Out* out, const Split& s, Acc init, Fold fold, Finish finish) {
  if (s.inner == 1) {
    for (std::int64_t o = 0; o < s.outer; ++o) {
      const T* row = x + o * s.n;
      Acc acc = init;
      for (std::int64_t r = 0; r < s.n; ++r) acc = fold(acc, row[r]);
      out[o] = finish(acc);
    }
    return;
  }
  // The accumulators cover a block of columns at a time: they stay in cache, and a reduction
  // needs memory for its result only (not again for a row of accumulators as long as it).
  constexpr std::int64_t kBlock = 2048;
  const std::int64_t block = std::min(s.inner, kBlock);
  const std::unique_ptr<Acc[]> acc(new Acc[static_cast<std::size_t>(block)]);  // not vector<bool>
  for (std::int64_t o = 0; o < s.outer; ++o) {
    for (std::int64_t i0 = 0; i0 < s.inner; i0 += block) {
      const std::int64_t width = std::min(block, s.inner - i0);
      Acc* a = acc.get();
      std::fill(a, a + width, init);
      for (std::int64_t r = 0; r < s.n; ++r) {
        const T* row = x + (o * s.n + r) * s.inner + i0;
        for (std::int64_t i = 0; i < width; ++i) a[i] = fold(a[i], row[i]);
      }
      Out* orow = out + o * s.inner + i0;
      for (std::int64_t i = 0; i < width; ++i) orow[i] = finish(a[i]);
    }
  }
}

// One pass of reduce_runs: the run it reduces (x seen as (outer, n, inner)) and the shape of
// what it leaves.
struct RunPass {
  Split split;
  Shape shape;
};
// reduce_runs' passes for `plan`, in order: one per reduced run, or one over a single element
// when nothing is reduced (a 0-d input). The last leaves plan.kept.
std::vector<RunPass> run_passes(const ReducePlan& plan);

// Reduces contiguous x over every reduced run of `plan`, one pass per run (each pass reads the
// previous pass's result): a tensor of plan.kept's shape and dtype `out_dtype`. `pass(in, out,
// split)` reduces one run; `in` has the dtype `in_dtype` on the first pass and `out_dtype` after.
template <class Pass>
Tensor reduce_runs(const Tensor& x, const ReducePlan& plan, DType out_dtype, Pass&& pass) {
  Tensor cur = x;
  bool first = true;
  for (const RunPass& p : run_passes(plan)) {
    Tensor next = Tensor::empty(p.shape, out_dtype);
    pass(cur, next, p.split, first);
    first = false;
    cur = next;
  }
  return cur;
}

// NaN-propagating maximum and minimum (the first NaN wins; integers have none).
template <class T>
inline bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(v);
  } else {
    (void)v;
    return false;
  }
}
template <class T>
inline T nan_max(T acc, T v) {
  return (v > acc || is_nan(v)) ? v : acc;
}
template <class T>
inline T nan_min(T acc, T v) {
  return (v < acc || is_nan(v)) ? v : acc;
}
template <class T>
constexpr T lowest_value() {
  if constexpr (std::numeric_limits<T>::has_infinity) return -std::numeric_limits<T>::infinity();
  return std::numeric_limits<T>::lowest();
}
template <class T>
constexpr T highest_value() {
  if constexpr (std::numeric_limits<T>::has_infinity) return std::numeric_limits<T>::infinity();
  return std::numeric_limits<T>::max();
}

// The reduced value of `kept` shape spread back over `in` (a contiguous copy).
Tensor expand_kept(const Tensor& reduced, const Shape& kept, const Shape& in);

}  // namespace tapegrad::detail
