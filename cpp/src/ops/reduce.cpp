// Reductions: sum, mean, nansum, nanmean, prod, max/min/amax/amin, argmax/argmin, median, any,
// all, count_nonzero. The loops are in ops/reduction.hpp; each op here says what it folds and
// how its gradient flows back.
#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>

#include "ops/arith.hpp"
#include "ops/broadcast.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "ops/reduction.hpp"
#include "ops/views.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/factories.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::expand_kept;
using detail::plan_reduction;
using detail::record;
using detail::reduce_pass;
using detail::reduce_runs;
using detail::ReducePlan;
using detail::should_record;
using detail::Split;

// --- sum and mean ---------------------------------------------------------------------------

// The sum of one contiguous run: floating point accumulates in double (over 4 lanes along a
// contiguous row: vectorisable, and more accurate than one running float sum), integers in
// int64 with wraparound. `skip_nan` counts NaN as 0 (nansum).
template <class T>
void sum_pass(const T* x, T* out, const Split& s, bool skip_nan) {
  if constexpr (std::is_floating_point_v<T>) {
    if (s.inner == 1 && !skip_nan) {
      for (std::int64_t o = 0; o < s.outer; ++o) {
        const T* p = x + o * s.n;
        double acc[4] = {0, 0, 0, 0};
        std::int64_t i = 0;
        for (; i + 4 <= s.n; i += 4) {
          for (int l = 0; l < 4; ++l) acc[l] += static_cast<double>(p[i + l]);
        }
        for (; i < s.n; ++i) acc[0] += static_cast<double>(p[i]);
        out[o] = static_cast<T>((acc[0] + acc[1]) + (acc[2] + acc[3]));
      }
      return;
    }
    if (skip_nan) {
      reduce_pass(
          x, out, s, 0.0, [](double a, T v) { return std::isnan(v) ? a : a + static_cast<double>(v); },
          [](double a) { return static_cast<T>(a); });
    } else {
      reduce_pass(
          x, out, s, 0.0, [](double a, T v) { return a + static_cast<double>(v); },
          [](double a) { return static_cast<T>(a); });
    }
  } else {
    reduce_pass(x, out, s, T(0), [](T a, T v) { return detail::wrapping_add(a, v); }, [](T a) { return a; });
  }
}

// The sum over `plan`'s dimensions of contiguous x (of dtype int64 or floating point), no tape.
Tensor sum_kept(const Tensor& x, const ReducePlan& plan, bool skip_nan = false) {
  return reduce_runs(x, plan, x.dtype(), [&](const Tensor& in, Tensor& out, const Split& s, bool) {
    dispatch(x.dtype(), [&](auto zero) {
      using T = decltype(zero);
      if constexpr (std::is_same_v<T, std::int64_t> || std::is_floating_point_v<T>) {
        sum_pass(in.data<T>(), out.data<T>(), s, skip_nan);
      } else {
        throw std::logic_error("sum_kept: int64 or floating point only");
      }
    });
  });
}

// The number of non-NaN elements reduced into each result element (nanmean), as x's dtype.
Tensor non_nan_count(const Tensor& x, const ReducePlan& plan) {
  const Tensor ones = dispatch_floating(x.dtype(), "nanmean", [&](auto zero) {
    using T = decltype(zero);
    return detail::unary_map<T>(x, [](T v) { return std::isnan(v) ? T(0) : T(1); });
  });
  return sum_kept(ones, plan);
}

// out[i] = in[i] / count, rounded as mean() rounds it (out may be in).
template <class T>
void divide_by_count(const T* in, T* out, std::int64_t n, double count) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = static_cast<T>(static_cast<double>(in[i]) / count);
}

// sum() and mean() in a Plan: sum_kept's passes (into buffers of the plan's, the last into the
// result unless mean's division follows), then the division.
void record_sum(detail::Recorder& rec, const Tensor& x, const ReducePlan& plan, bool average,
                const Tensor& out) {
  const std::vector<detail::RunPass> passes = detail::run_passes(plan);
  const int xs = rec.read(x);
  std::vector<int> buffers;
  for (std::size_t i = 0; i + 1 < passes.size(); ++i)
    buffers.push_back(rec.write(Tensor::empty(passes[i].shape, x.dtype())));
  if (average) buffers.push_back(rec.write(Tensor::empty(plan.kept, x.dtype())));
  const int o = rec.write(out);
  const double count = static_cast<double>(plan.count);
  const DType dtype = x.dtype();
  rec.step([=](detail::Slot* s) {
    dispatch(dtype, [&](auto zero) {
      using T = decltype(zero);
      if constexpr (std::is_same_v<T, std::int64_t> || std::is_floating_point_v<T>) {
        T* result = static_cast<T*>(detail::writable(s[o]).data);
        const T* in = static_cast<const T*>(s[xs].t->data);
        for (std::size_t i = 0; i < passes.size(); ++i) {
          T* dst = i < buffers.size() ? static_cast<T*>(detail::writable(s[buffers[i]]).data) : result;
          sum_pass(in, dst, passes[i].split, false);
          in = dst;
        }
        if constexpr (std::is_floating_point_v<T>) {
          if (average) {
            divide_by_count(in, result, s[o].t->shape.numel(), count);
          }
        }
      }
    });
  });
}

struct SumNode : Node {
  SumNode(const Shape& in, const Shape& kept, double scale_)
      : Node(scale_ == 1.0 ? "Sum" : "Mean"), in_shape(in), kept_shape(kept), scale(scale_) {}
  Grads backward(Tensor g) override {
    const Tensor spread = expand_kept(g, kept_shape, in_shape);
    return {scale == 1.0 ? spread : affine(spread, scale, 0.0)};
  }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  // g spread over the input's shape (broadcast_to's loop), then scaled as affine() scales.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    // When nothing was spread (a 0-d input, dims of size 1) backward() passed g on, maybe as an
    // alias of another shape: the step copies it into a slot of that shape.
    if (!grads[0].defined()) return;
    const int o = rec.write(grads[0]);
    const Shape kept = kept_shape, in = in_shape;
    const double alpha = scale;
    rec.step([=](detail::Slot* s) {
      TensorImpl& out = detail::writable(s[o]);
      detail::broadcast_to_into(out.dtype, kept, s[g].t->data, in, out.data);
      if (alpha == 1.0) return;
      dispatch_floating(out.dtype, "Mean backward", [&](auto zero) {
        using T = decltype(zero);
        T* p = static_cast<T*>(out.data);
        const T a = static_cast<T>(alpha), b = static_cast<T>(0.0);
        for (std::int64_t i = 0, n = out.shape.numel(); i < n; ++i) p[i] = a * p[i] + b;
      });
    });
  }
  Shape in_shape, kept_shape;
  double scale;
};

// nansum and nanmean: the gradient skips the NaN elements (and divides by the count of the
// others for the mean).
struct NanSumNode : Node {
  NanSumNode(const Tensor& x_, const ReducePlan& plan_, bool average_)
      : Node(average_ ? "NanMean" : "NanSum"), x(x_), plan(plan_), average(average_) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    Tensor scale = detail::alias(g.contiguous(), plan.kept);
    if (average) scale = div(scale, non_nan_count(xv, plan));
    return {dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      return detail::binary_map<T>(xv, scale.contiguous(), [](T v, T s) { return std::isnan(v) ? T(0) : s; });
    })};
  }
  // The same rule with ops: where NaN is, and the count of the others, are constants.
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this).detach();
    Tensor spread = expand_kept(g, plan.kept, plan.in);
    if (average) spread = div(spread, expand_kept(non_nan_count(xv, plan), plan.kept, plan.in));
    return {where(isnan(xv), zeros_like(spread), spread)};
  }
  void release_saved() noexcept override { x.reset(); }
  SavedTensor x;
  ReducePlan plan;
  bool average;
};

enum class SumKind { Sum, Mean, NanSum, NanMean };

Tensor reduce_sum(const Tensor& x_in, const Dims& dims, bool keepdim, std::optional<DType> dtype,
                  SumKind kind) {
  static const char* const names[] = {"sum", "mean", "nansum", "nanmean"};
  const char* name = names[static_cast<int>(kind)];
  const bool average = kind == SumKind::Mean || kind == SumKind::NanMean;
  const bool skip_nan = kind == SumKind::NanSum || kind == SumKind::NanMean;
  const Tensor& converted = dtype ? cast(x_in, *dtype) : x_in;
  if (average && !is_floating_point(converted.dtype())) {
    throw type_error(
        std::string(name) + "(): could not infer output dtype. Input dtype must be floating point, got " +
        dtype_name(converted.dtype()) + " (pass dtype=tg.float64 or convert with .double() first)");
  }
  // Integers and bools sum in int64, as in PyTorch (a sum of bools counts them).
  const Tensor x =
      cast(converted, is_floating_point(converted.dtype()) ? converted.dtype() : DType::Int64).contiguous();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, name);
  Tensor summed = sum_kept(x, plan, skip_nan);
  double scale = 1.0;
  if (kind == SumKind::Mean) {
    // Divides (0 / 0 is NaN over an empty dimension, as in PyTorch) rather than scaling by 1 / 0.
    // In place, so that a mean needs memory for its result once (a mean over an empty axis of
    // a (0, 2^30) tensor is 8 GiB of NaN); a copy only when nothing was reduced and the sum is x.
    const double count = static_cast<double>(plan.count);
    const Tensor quotient =
        summed.storage() == x.storage() ? Tensor::empty(summed.shape(), summed.dtype()) : summed;
    dispatch_floating(summed.dtype(), name, [&](auto zero) {
      using T = decltype(zero);
      divide_by_count(summed.data<T>(), quotient.data<T>(), summed.numel(), count);
    });
    summed = quotient;
    scale = 1.0 / count;
  } else if (kind == SumKind::NanMean) {
    summed = div(summed, non_nan_count(x, plan));
  }
  Tensor out = detail::alias(summed, plan.out);
  if (detail::Recorder* rec = detail::Recorder::active(); rec && !skip_nan)
    record_sum(*rec, x, plan, average, out);
  if (should_record({&x})) {
    if (skip_nan) {
      record<NanSumNode>(out, {&x}, x, plan, average);
    } else {
      record<SumNode>(out, {&x}, x.shape(), plan.kept, scale);
    }
  }
  return out;
}

// --- prod -----------------------------------------------------------------------------------

// The gradient of a product is exact with zeros: the product of the others at a single zero of
// its slice, 0 elsewhere in a slice with zeros.
struct ProdNode : Node {
  ProdNode(const Tensor& x_, const Split& s_, const Shape& kept_) : Node("Prod"), x(x_), s(s_), kept(kept_) {}
  Grads backward(Tensor g_in) override {
    const Tensor xv = x.unpack(*this);
    const Tensor g = g_in.contiguous();
    return {dispatch_floating(xv.dtype(), "Prod backward", [&](auto zero) {
      using T = decltype(zero);
      Tensor out = Tensor::empty(xv.shape(), xv.dtype());
      const T* xp = xv.data<T>();
      const T* gp = g.data<T>();
      T* op = out.data<T>();
      for (std::int64_t o = 0; o < s.outer; ++o) {
        for (std::int64_t i = 0; i < s.inner; ++i) {
          const T* col = xp + o * s.n * s.inner + i;
          T* ocol = op + o * s.n * s.inner + i;
          T nonzero_product(1);
          std::int64_t zeros = 0;
          for (std::int64_t r = 0; r < s.n; ++r) {
            const T v = col[r * s.inner];
            if (v == T(0)) {
              ++zeros;
            } else {
              nonzero_product *= v;
            }
          }
          const T gv = gp[o * s.inner + i];
          for (std::int64_t r = 0; r < s.n; ++r) {
            const T v = col[r * s.inner];
            T d(0);
            if (zeros == 0) {
              d = nonzero_product / v;
            } else if (zeros == 1 && v == T(0)) {
              d = nonzero_product;
            }
            ocol[r * s.inner] = gv * d;
          }
        }
      }
      return out;
    })};
  }
  // The same rule with ops, exact with zeros: the product of the others is the product of the
  // elements before (an exclusive cumprod) times that of the elements after (one from the end).
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const std::vector<std::int64_t> in(xv.shape().begin(), xv.shape().end());
    if (s.n == 0) return {zeros_like(xv)};
    const Tensor g3 = reshape(g, {s.outer, 1, s.inner});
    if (s.n == 1) return {reshape(expand(g3, {s.outer, 1, s.inner}), in)};
    const Tensor x3 = reshape(xv, {s.outer, s.n, s.inner});
    const Tensor one = ones(Shape{s.outer, 1, s.inner}, xv.dtype());
    const Tensor before = cumprod(cat({one, narrow(x3, 1, 0, s.n - 1)}, 1), 1);
    const Tensor after = flip(cumprod(flip(cat({narrow(x3, 1, 1, s.n - 1), one}, 1), {1}), 1), {1});
    return {reshape(mul(g3, mul(before, after)), in)};
  }
  void release_saved() noexcept override { x.reset(); }
  SavedTensor x;
  Split s;
  Shape kept;
};

// --- evenly distributed gradients (max(), min(), amax, amin, median()) ------------------------

// grad = g * mask / count, with mask = (x == result) (NaN matching NaN when nan_matches) and count
// the mask's sum over the reduced dimensions: ties share the gradient. amax's mask ignores NaN,
// so a NaN result gives 0 / 0 = NaN, as in PyTorch.
struct EvenNode : Node {
  EvenNode(const char* label, const Tensor& x_, const Tensor& result_, const ReducePlan& plan_,
           bool nan_matches_)
      : Node(label), x(x_), result(result_), plan(plan_), nan_matches(nan_matches_) {}
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor r = expand_kept(result.unpack(*this), plan.kept, plan.in);
    const bool nm = nan_matches;
    return {dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      const Tensor mask = detail::binary_map<T>(
          xv, r, [nm](T v, T m) { return (v == m || (nm && std::isnan(v) && std::isnan(m))) ? T(1) : T(0); });
      const Tensor count = sum_kept(mask, plan);
      const Tensor share = detail::binary_map<T>(detail::alias(g.contiguous(), plan.kept), count,
                                                 [](T gv, T c) { return gv / c; });
      return detail::binary_map<T>(mask, share, [](T m, T s) { return m * s; });
    })};
  }
  // The same rule with ops: the mask of ties and their count are constants (their derivative is
  // 0), so only g carries history; g * mask / count rounds as g / count does.
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this).detach();
    const Tensor r = expand_kept(result.unpack(*this).detach(), plan.kept, plan.in);
    const bool nm = nan_matches;
    const Tensor mask = dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      return detail::binary_map<T>(
          xv, r, [nm](T v, T m) { return (v == m || (nm && std::isnan(v) && std::isnan(m))) ? T(1) : T(0); });
    });
    const Tensor count = expand_kept(sum_kept(mask, plan), plan.kept, plan.in);
    return {div(mul(expand_kept(g, plan.kept, plan.in), mask), count)};
  }
  void release_saved() noexcept override {
    x.reset();
    result.reset();
  }
  // backward()'s loops on buffers of the plan's: the result spread over x's shape, the mask,
  // its count (sum_kept's passes), the share of g, then mask * share into the gradient.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    if (!grads[0].defined()) return;
    const Tensor xv = x.unpack(*this), rv = result.unpack(*this);
    const int xs = rec.read(xv);
    const int found = rec.find(rv);  // the op's output: the same buffer in plan.out's shape
    const int rs = found >= 0 ? found : rec.read(rv);
    const DType dtype = xv.dtype();
    const auto scratch = [&](const Shape& shape) { return rec.write(Tensor::empty(shape, dtype)); };
    const int spread = scratch(plan.in), mask = scratch(plan.in);
    const std::vector<detail::RunPass> passes = detail::run_passes(plan);
    std::vector<int> counts;
    for (const detail::RunPass& p : passes) counts.push_back(scratch(p.shape));
    const int share = scratch(plan.kept);
    const int o = rec.write(grads[0]);
    const ReducePlan rp = plan;
    const bool nm = nan_matches;
    rec.step([=](detail::Slot* s) {
      dispatch_floating(dtype, "max/min backward", [&](auto zero) {
        using T = decltype(zero);
        const auto buffer = [&](int k) { return static_cast<T*>(detail::writable(s[k]).data); };
        T* r = buffer(spread);
        detail::broadcast_to_into(dtype, rp.kept, s[rs].t->data, rp.in, r);
        T* m = buffer(mask);
        detail::binary_map_into<T, T>(
            rp.in, static_cast<const T*>(s[xs].t->data), rp.in, r, rp.in, m,
            [nm](T v, T mv) { return (v == mv || (nm && std::isnan(v) && std::isnan(mv))) ? T(1) : T(0); });
        const T* in = m;
        for (std::size_t i = 0; i < passes.size(); ++i) {
          T* dst = buffer(counts[i]);
          sum_pass(in, dst, passes[i].split, false);
          in = dst;
        }
        T* sh = buffer(share);
        detail::binary_map_into<T, T>(rp.kept, static_cast<const T*>(s[g].t->data), rp.kept, in, rp.kept, sh,
                                      [](T gv, T c) { return gv / c; });
        detail::binary_map_into<T, T>(rp.in, m, rp.kept, sh, rp.in, buffer(o),
                                      [](T mv, T sv) { return mv * sv; });
      });
    });
  }
  SavedTensor x, result;
  ReducePlan plan;
  bool nan_matches;
};

// --- values and indices (max(dim), min(dim), median(dim)) ----------------------------------------

// out = 0, then g added at the chosen index ip of each slice.
template <class T>
void index_grad(const T* gp, const std::int64_t* ip, const Split& s, T* op) {
  std::fill(op, op + s.outer * s.n * s.inner, T(0));
  for (std::int64_t o = 0; o < s.outer; ++o) {
    for (std::int64_t i = 0; i < s.inner; ++i) {
      const std::int64_t k = o * s.inner + i;
      op[(o * s.n + ip[k]) * s.inner + i] += gp[k];
    }
  }
}

// The gradient goes to the chosen index of each slice.
struct IndexNode : Node {
  IndexNode(const char* label, const Tensor& indices_, const Shape& in_, const Split& s_)
      : Node(label), indices(indices_), in(in_), s(s_) {}
  Grads backward(Tensor g_in) override {
    const Tensor idx = indices.unpack(*this);
    const Tensor g = g_in.contiguous();
    Tensor out = Tensor::empty(in, g.dtype());
    dispatch_floating(g.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      index_grad(g.data<T>(), idx.data<std::int64_t>(), s, out.data<T>());
    });
    return {out};
  }
  // The same rule with ops: g spread along the dimension, kept where the (constant) mask of the
  // chosen indices is true; its backward gathers.
  Grads backward_graph(Tensor g) override {
    const Tensor idx = indices.unpack(*this);
    Tensor chosen = Tensor::zeros(Shape{s.outer, s.n, s.inner}, DType::Bool);
    bool* cp = chosen.data<bool>();
    const std::int64_t* ip = idx.data<std::int64_t>();
    for (std::int64_t o = 0; o < s.outer; ++o) {
      for (std::int64_t i = 0; i < s.inner; ++i) cp[(o * s.n + ip[o * s.inner + i]) * s.inner + i] = true;
    }
    const Tensor spread = expand(reshape(g, {s.outer, 1, s.inner}), {s.outer, s.n, s.inner});
    return {reshape(where(chosen, spread, zeros_like(spread)), {in.begin(), in.begin() + in.ndim()})};
  }
  void release_saved() noexcept override { indices.reset(); }
  // backward()'s loop: g added at the chosen index of each slice of a zeroed gradient.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    if (!grads[0].defined()) return;
    const Tensor idx = indices.unpack(*this);
    const int found = rec.find(idx);  // the op's indices: the same buffer, maybe in another shape
    const int is = found >= 0 ? found : rec.read(idx);
    const int o = rec.write(grads[0]);
    const Split split = s;
    rec.step([=](detail::Slot* slots) {
      TensorImpl& out = detail::writable(slots[o]);
      dispatch_floating(out.dtype, "max/min backward", [&](auto zero) {
        using T = decltype(zero);
        index_grad(static_cast<const T*>(slots[g].t->data),
                   static_cast<const std::int64_t*>(slots[is].t->data), split, static_cast<T*>(out.data));
      });
    });
  }
  SavedTensor indices;
  Shape in;
  Split s;
};

template <class T>
bool better(T v, T best, bool largest) {
  if (detail::is_nan(v)) return !detail::is_nan(best);
  return largest ? v > best : v < best;
}

// Values and first indices of the largest (smallest) element of each slice along `dim`.
// best: scratch of s.inner elements; vp may be null.
template <class T>
void arg_reduce_into(const T* xp, const Split& s, bool largest, T* vp, std::int64_t* ip, T* best) {
  for (std::int64_t o = 0; o < s.outer; ++o) {
    const T* base = xp + o * s.n * s.inner;
    std::int64_t* irow = ip + o * s.inner;
    std::copy(base, base + s.inner, best);
    std::fill(irow, irow + s.inner, 0);
    for (std::int64_t r = 1; r < s.n; ++r) {
      const T* row = base + r * s.inner;
      for (std::int64_t i = 0; i < s.inner; ++i) {
        if (better(row[i], best[i], largest)) {
          best[i] = row[i];
          irow[i] = r;
        }
      }
    }
    if (vp) std::copy(best, best + s.inner, vp + o * s.inner);
  }
}

void arg_reduce(const Tensor& x, const Split& s, bool largest, Tensor* values, Tensor& indices) {
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const std::unique_ptr<T[]> best(new T[static_cast<std::size_t>(s.inner)]);  // not vector<bool>
    arg_reduce_into(x.data<T>(), s, largest, values ? values->data<T>() : nullptr,
                    indices.data<std::int64_t>(), best.get());
  });
}

Shape without_dim(const Shape& kept, int dim, bool keepdim) {
  if (keepdim || kept.ndim() == 0) return kept;
  Shape out;
  for (int d = 0; d < kept.ndim(); ++d) {
    if (d != dim) out.push_back(kept[d]);
  }
  return out;
}

void check_nonempty_dim(const Tensor& x, int dim, const char* op) {
  if (x.ndim() > 0 && x.shape()[dim] == 0) {
    throw std::out_of_range(std::string(op) + "(): Expected reduction dim " + std::to_string(dim) +
                            " to have non-zero size (input of shape " + x.shape().str() + ")");
  }
}

ValuesIndices max_min_dim(const Tensor& x_in, int dim_in, bool keepdim, bool largest) {
  const char* name = largest ? "max" : "min";
  const Tensor x = x_in.contiguous();
  const int dim = detail::normalize_dim(dim_in, x.ndim(), name);
  check_nonempty_dim(x, dim, name);
  const ReducePlan plan = plan_reduction(x.shape(), Dims(dim), true, name);
  const Split s = detail::split_at(x.shape(), dim);
  Tensor values = Tensor::empty(plan.kept, x.dtype());
  Tensor indices = Tensor::empty(plan.kept, DType::Int64);
  arg_reduce(x, s, largest, &values, indices);
  const Shape out_shape = without_dim(plan.kept, dim, keepdim);
  Tensor v = detail::alias(values, out_shape);
  Tensor i = detail::alias(indices, out_shape);
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(x), best = rec->write(Tensor::empty(Shape{s.inner}, x.dtype()));
    const int vs = rec->write(v), is = rec->write(i);
    rec->step([=](detail::Slot* slots) {
      TensorImpl& vt = detail::writable(slots[vs]);
      dispatch(vt.dtype, [&](auto zero) {
        using T = decltype(zero);
        arg_reduce_into(static_cast<const T*>(slots[xs].t->data), s, largest, static_cast<T*>(vt.data),
                        static_cast<std::int64_t*>(detail::writable(slots[is]).data),
                        static_cast<T*>(detail::writable(slots[best]).data));
      });
    });
  }
  if (should_record({&x}))
    record<IndexNode>(v, {&x}, largest ? "MaxBackward" : "MinBackward", indices, x.shape(), s);
  return {v, i};
}

Tensor extreme(const Tensor& x_in, const Dims& dims, bool keepdim, bool largest, bool whole) {
  const char* name = whole ? (largest ? "max" : "min") : (largest ? "amax" : "amin");
  const Tensor x = x_in.contiguous();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, name);
  if (whole && x.numel() == 0) {
    throw std::runtime_error(std::string(name) +
                             "(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                             "reduction dim with the 'dim' argument.");
  }
  for (int d = 0; d < x.ndim(); ++d) {
    if (plan.reduced[static_cast<std::size_t>(d)]) check_nonempty_dim(x, d, name);
  }
  Tensor result = reduce_runs(x, plan, x.dtype(), [&](const Tensor& in, Tensor& out, const Split& s, bool) {
    dispatch(x.dtype(), [&](auto zero) {
      using T = decltype(zero);
      if (largest) {
        reduce_pass(in.data<T>(), out.data<T>(), s, detail::lowest_value<T>(), detail::nan_max<T>,
                    [](T v) { return v; });
      } else {
        reduce_pass(in.data<T>(), out.data<T>(), s, detail::highest_value<T>(), detail::nan_min<T>,
                    [](T v) { return v; });
      }
    });
  });
  Tensor out = detail::alias(result, plan.out);
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const std::vector<detail::RunPass> passes = detail::run_passes(plan);
    const int xs = rec->read(x);
    std::vector<int> buffers;
    for (std::size_t i = 0; i + 1 < passes.size(); ++i)
      buffers.push_back(rec->write(Tensor::empty(passes[i].shape, x.dtype())));
    const int o = rec->write(out);
    rec->step([=](detail::Slot* s) {
      dispatch(s[xs].t->dtype, [&](auto zero) {
        using T = decltype(zero);
        T* result_p = static_cast<T*>(detail::writable(s[o]).data);
        const T* in = static_cast<const T*>(s[xs].t->data);
        for (std::size_t i = 0; i < passes.size(); ++i) {
          T* dst = i < buffers.size() ? static_cast<T*>(detail::writable(s[buffers[i]]).data) : result_p;
          if (largest) {
            reduce_pass(in, dst, passes[i].split, detail::lowest_value<T>(), detail::nan_max<T>,
                        [](T v) { return v; });
          } else {
            reduce_pass(in, dst, passes[i].split, detail::highest_value<T>(), detail::nan_min<T>,
                        [](T v) { return v; });
          }
          in = dst;
        }
      });
    });
  }
  if (should_record({&x})) {
    const char* node =
        whole ? (largest ? "MaxBackward" : "MinBackward") : (largest ? "AmaxBackward" : "AminBackward");
    record<EvenNode>(out, {&x}, node, x, result, plan, whole);
  }
  return out;
}

Tensor arg_extreme(const Tensor& x_in, std::optional<int> dim_in, bool keepdim, bool largest) {
  const char* name = largest ? "argmax" : "argmin";
  if (x_in.dtype() == DType::Bool) {
    throw type_error(std::string(name) +
                     "(): does not support bool input (convert with .int() or .long() first)");
  }
  Tensor x = x_in.contiguous().detach();
  if (!dim_in) {
    if (x.numel() == 0) {
      throw std::out_of_range(std::string(name) +
                              "(): Expected reduction dim to be specified for input.numel() == 0.");
    }
    Tensor flat = detail::alias(x, Shape{x.numel()});
    Tensor indices = Tensor::empty(Shape{}, DType::Int64);
    arg_reduce(flat, Split{1, x.numel(), 1}, largest, nullptr, indices);
    if (!keepdim) return indices;
    std::vector<std::int64_t> ones(static_cast<std::size_t>(x.ndim()), 1);
    return detail::alias(indices, Shape(ones.data(), x.ndim()));
  }
  const int dim = detail::normalize_dim(*dim_in, x.ndim(), name);
  check_nonempty_dim(x, dim, name);
  const ReducePlan plan = plan_reduction(x.shape(), Dims(dim), true, name);
  Tensor indices = Tensor::empty(plan.kept, DType::Int64);
  arg_reduce(x, detail::split_at(x.shape(), dim), largest, nullptr, indices);
  return detail::alias(indices, without_dim(plan.kept, dim, keepdim));
}

// --- median ---------------------------------------------------------------------------------

// The lower median of each slice and its index: NaN (and the first NaN's index) when the slice
// holds one, else the element of rank (n - 1) / 2 in a stable sort (the first on ties).
void median_reduce(const Tensor& x, const Split& s, Tensor& values, Tensor& indices) {
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* xp = x.data<T>();
    T* vp = values.data<T>();
    std::int64_t* ip = indices.data<std::int64_t>();
    std::vector<std::int64_t> order(static_cast<std::size_t>(s.n));
    for (std::int64_t o = 0; o < s.outer; ++o) {
      for (std::int64_t i = 0; i < s.inner; ++i) {
        const T* col = xp + o * s.n * s.inner + i;
        auto at = [&](std::int64_t r) { return col[r * s.inner]; };
        std::int64_t chosen = -1;
        for (std::int64_t r = 0; r < s.n && chosen < 0; ++r) {
          if (detail::is_nan(at(r))) chosen = r;
        }
        if (chosen < 0) {
          std::iota(order.begin(), order.end(), std::int64_t{0});
          const auto k = static_cast<std::ptrdiff_t>((s.n - 1) / 2);
          std::nth_element(
              order.begin(), order.begin() + k, order.end(),
              [&](std::int64_t a, std::int64_t b) { return at(a) < at(b) || (at(a) == at(b) && a < b); });
          chosen = order[static_cast<std::size_t>(k)];
        }
        vp[o * s.inner + i] = at(chosen);
        ip[o * s.inner + i] = chosen;
      }
    }
  });
}

}  // namespace

Tensor sum(const Tensor& x, const Dims& dims, bool keepdim, std::optional<DType> dtype) {
  return reduce_sum(x, dims, keepdim, dtype, SumKind::Sum);
}
Tensor mean(const Tensor& x, const Dims& dims, bool keepdim, std::optional<DType> dtype) {
  return reduce_sum(x, dims, keepdim, dtype, SumKind::Mean);
}
Tensor nansum(const Tensor& x, const Dims& dims, bool keepdim, std::optional<DType> dtype) {
  return reduce_sum(x, dims, keepdim, dtype, SumKind::NanSum);
}
Tensor nanmean(const Tensor& x, const Dims& dims, bool keepdim, std::optional<DType> dtype) {
  return reduce_sum(x, dims, keepdim, dtype, SumKind::NanMean);
}

Tensor prod(const Tensor& x_in, std::optional<int> dim_in, bool keepdim, std::optional<DType> dtype) {
  const Tensor& converted = dtype ? cast(x_in, *dtype) : x_in;
  const Tensor x =
      cast(converted, is_floating_point(converted.dtype()) ? converted.dtype() : DType::Int64).contiguous();
  const Dims dims = dim_in ? Dims(*dim_in) : Dims();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, "prod");
  Split s{1, x.numel(), 1};
  if (dim_in && x.ndim() > 0)
    s = detail::split_at(x.shape(), detail::normalize_dim(*dim_in, x.ndim(), "prod"));
  Tensor result = Tensor::empty(plan.kept, x.dtype());
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (std::is_floating_point_v<T>) {
      reduce_pass(
          x.data<T>(), result.data<T>(), s, 1.0, [](double a, T v) { return a * static_cast<double>(v); },
          [](double a) { return static_cast<T>(a); });
    } else {
      reduce_pass(
          x.data<T>(), result.data<T>(), s, T(1), [](T a, T v) { return detail::wrapping_mul(a, v); },
          [](T a) { return a; });
    }
  });
  Tensor out = detail::alias(result, plan.out);
  if (should_record({&x})) record<ProdNode>(out, {&x}, x, s, plan.kept);
  return out;
}

Tensor max(const Tensor& x) { return extreme(x, Dims(), false, true, true); }
Tensor min(const Tensor& x) { return extreme(x, Dims(), false, false, true); }
ValuesIndices max(const Tensor& x, int dim, bool keepdim) { return max_min_dim(x, dim, keepdim, true); }
ValuesIndices min(const Tensor& x, int dim, bool keepdim) { return max_min_dim(x, dim, keepdim, false); }
Tensor amax(const Tensor& x, const Dims& dims, bool keepdim) {
  return extreme(x, dims, keepdim, true, false);
}
Tensor amin(const Tensor& x, const Dims& dims, bool keepdim) {
  return extreme(x, dims, keepdim, false, false);
}
Tensor argmax(const Tensor& x, std::optional<int> dim, bool keepdim) {
  return arg_extreme(x, dim, keepdim, true);
}
Tensor argmin(const Tensor& x, std::optional<int> dim, bool keepdim) {
  return arg_extreme(x, dim, keepdim, false);
}

Tensor median(const Tensor& x_in) {
  const Tensor x = x_in.contiguous();
  if (x.numel() == 0) {
    throw std::runtime_error(
        "median(): Expected reduction dim to be specified for input.numel() == 0 (pass dim to reduce over a "
        "non-empty dimension)");
  }
  const ReducePlan plan = plan_reduction(x.shape(), Dims(), false, "median");
  Tensor values = Tensor::empty(Shape{}, x.dtype());
  Tensor indices = Tensor::empty(Shape{}, DType::Int64);
  median_reduce(x, Split{1, x.numel(), 1}, values, indices);
  if (should_record({&x})) record<EvenNode>(values, {&x}, "MedianBackward", x, values, plan, true);
  return values;
}

ValuesIndices median(const Tensor& x_in, int dim_in, bool keepdim) {
  const Tensor x = x_in.contiguous();
  const int dim = detail::normalize_dim(dim_in, x.ndim(), "median");
  check_nonempty_dim(x, dim, "median");
  const ReducePlan plan = plan_reduction(x.shape(), Dims(dim), true, "median");
  const Split s = detail::split_at(x.shape(), dim);
  Tensor values = Tensor::empty(plan.kept, x.dtype());
  Tensor indices = Tensor::empty(plan.kept, DType::Int64);
  median_reduce(x, s, values, indices);
  const Shape out_shape = without_dim(plan.kept, dim, keepdim);
  Tensor v = detail::alias(values, out_shape);
  if (should_record({&x})) record<IndexNode>(v, {&x}, "MedianBackward", indices, x.shape(), s);
  return {v, detail::alias(indices, out_shape)};
}

namespace {
Tensor truth(const Tensor& x_in, const Dims& dims, bool keepdim, bool every) {
  const char* name = every ? "all" : "any";
  const Tensor x = x_in.contiguous().detach();
  const ReducePlan plan = plan_reduction(x.shape(), dims, keepdim, name);
  // The first pass folds x's elements into bools; later passes fold bools.
  // uint8 in, uint8 out: PyTorch's legacy rule for any and all.
  const DType out_dtype = x.dtype() == DType::UInt8 ? DType::UInt8 : DType::Bool;
  Tensor result = reduce_runs(x, plan, out_dtype, [&](const Tensor& in, Tensor& out, const Split& s, bool) {
    dispatch(in.dtype(), [&](auto zero) {
      using T = decltype(zero);
      auto write = [&](auto* o) {
        using O = std::remove_pointer_t<decltype(o)>;
        if (every) {
          reduce_pass(
              in.data<T>(), o, s, true, [](bool a, T v) { return a && v != T(0); },
              [](bool a) { return static_cast<O>(a); });
        } else {
          reduce_pass(
              in.data<T>(), o, s, false, [](bool a, T v) { return a || v != T(0); },
              [](bool a) { return static_cast<O>(a); });
        }
      };
      if (out_dtype == DType::UInt8) {
        write(out.data<std::uint8_t>());
      } else {
        write(out.data<bool>());
      }
    });
  });
  return detail::alias(result, plan.out);
}
}  // namespace

Tensor any(const Tensor& x, const Dims& dims, bool keepdim) { return truth(x, dims, keepdim, false); }
Tensor all(const Tensor& x, const Dims& dims, bool keepdim) { return truth(x, dims, keepdim, true); }

Tensor count_nonzero(const Tensor& x_in, const Dims& dims) {
  const Tensor x = x_in.contiguous().detach();
  const ReducePlan plan = plan_reduction(x.shape(), dims, false, "count_nonzero");
  Tensor result =
      reduce_runs(x, plan, DType::Int64, [&](const Tensor& in, Tensor& out, const Split& s, bool first) {
        if (!first) {  // later passes add up counts
          sum_pass(in.data<std::int64_t>(), out.data<std::int64_t>(), s, false);
          return;
        }
        dispatch(in.dtype(), [&](auto zero) {
          using T = decltype(zero);
          reduce_pass(
              in.data<T>(), out.data<std::int64_t>(), s, std::int64_t{0},
              [](std::int64_t a, T v) { return a + (v != T(0) ? 1 : 0); }, [](std::int64_t a) { return a; });
        });
      });
  return detail::alias(result, plan.out);
}

}  // namespace tapegrad
