// layer_norm: one tape node. The forward makes each slice's mean and 1/sqrt(var + eps) in one
// pass over the slice (accumulated in double) and writes the normalized, scaled and shifted
// slice; the backward is the closed form of the normalization's Jacobian:
//   xhat = (x - mean) * rstd,  gh = g * weight,
//   dx = rstd * (gh - mean(gh) - xhat * mean(gh * xhat)),
//   dweight = sum over slices of g * xhat,  dbias = sum over slices of g.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "ops/recording.hpp"
#include "tapegrad/normalization.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad {

namespace {
using detail::needs_grad;
using detail::record;
using detail::should_record;

std::string list_str(const std::int64_t* b, const std::int64_t* e) {
  std::string s = "[";
  for (const std::int64_t* p = b; p != e; ++p) s += (p == b ? "" : ", ") + std::to_string(*p);
  return s + "]";
}

template <class T>
void layer_norm_forward(const T* x, const T* w, const T* b, T* y, double* mean, double* rstd,
                        std::int64_t rows, std::int64_t n, double eps) {
  for (std::int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * n;
    T* yr = y + r * n;
    double sum = 0;
    for (std::int64_t i = 0; i < n; ++i) sum += static_cast<double>(xr[i]);
    const double mu = sum / static_cast<double>(n);
    double sq = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(xr[i]) - mu;
      sq += d * d;
    }
    const double rs = 1.0 / std::sqrt(sq / static_cast<double>(n) + eps);
    mean[r] = mu;
    rstd[r] = rs;
    for (std::int64_t i = 0; i < n; ++i) {
      double v = (static_cast<double>(xr[i]) - mu) * rs;
      if (w) v *= static_cast<double>(w[i]);
      if (b) v += static_cast<double>(b[i]);
      yr[i] = static_cast<T>(v);
    }
  }
}

template <class T>
void layer_norm_backward(const T* g, const T* x, const T* w, const double* mean, const double* rstd, T* dx,
                         double* dw, double* db, std::int64_t rows, std::int64_t n) {
  const double inv_n = 1.0 / static_cast<double>(n);
  for (std::int64_t r = 0; r < rows; ++r) {
    const T* gr = g + r * n;
    const T* xr = x + r * n;
    const double mu = mean[r];
    const double rs = rstd[r];
    double sum_gh = 0, sum_gh_xhat = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      const double gi = static_cast<double>(gr[i]);
      const double xhat = (static_cast<double>(xr[i]) - mu) * rs;
      const double gh = w ? gi * static_cast<double>(w[i]) : gi;
      sum_gh += gh;
      sum_gh_xhat += gh * xhat;
      if (dw) dw[i] += gi * xhat;
      if (db) db[i] += gi;
    }
    if (!dx) continue;
    const double m1 = sum_gh * inv_n, m2 = sum_gh_xhat * inv_n;
    T* dr = dx + r * n;
    for (std::int64_t i = 0; i < n; ++i) {
      const double gi = static_cast<double>(gr[i]);
      const double xhat = (static_cast<double>(xr[i]) - mu) * rs;
      const double gh = w ? gi * static_cast<double>(w[i]) : gi;
      dr[i] = static_cast<T>(rs * (gh - m1 - xhat * m2));
    }
  }
}

Tensor from_doubles(const std::vector<double>& v, const Shape& shape, DType dtype) {
  return Tensor::from_vector(v, shape, dtype);
}

std::vector<std::int64_t> dims_of(const Shape& shape) { return {shape.begin(), shape.end()}; }

// The normalization's backward with ops, for create_graph. x3 is x seen as (a, c, l) (c the
// normalized groups' count, the statistics taken over `dims`); mean_c, rstd_c are the
// statistics recomputed with ops from x (their history included) or constants (running
// statistics). Returns dx (x3's shape), dw and db (c elements each) as asked.
struct NormGrads {
  Tensor dx, dw, db;
};
NormGrads norm_backward_graph(const Tensor& g3, const Tensor& x3, const Tensor& w3, const Tensor& mean_c,
                              const Tensor& rstd_c, const Dims& dims, const Dims& other_dims,
                              bool batch_stats, bool want_x, bool want_w, bool want_b) {
  NormGrads out;
  const Tensor xhat = mul(sub(x3, mean_c), rstd_c);
  if (want_x) {
    const Tensor gh = w3.defined() ? mul(g3, w3) : g3;
    if (batch_stats) {
      const Tensor centered = sub(gh, mean(gh, dims, true));
      out.dx = mul(rstd_c, sub(centered, mul(xhat, mean(mul(gh, xhat), dims, true))));
    } else {
      out.dx = mul(rstd_c, gh);
    }
  }
  if (want_w) out.dw = sum(mul(g3, xhat), other_dims);
  if (want_b) out.db = sum(g3, other_dims);
  return out;
}

struct LayerNormNode : Node {
  LayerNormNode(const Tensor& x_, const Tensor& w_, bool has_w_, bool has_b_, std::vector<double> mean_,
                std::vector<double> rstd_, std::int64_t rows_, std::int64_t n_)
      : Node("NativeLayerNormBackward"),
        x(x_),
        w(has_w_ ? SavedTensor(w_) : SavedTensor()),
        has_w(has_w_),
        has_b(has_b_),
        mean(std::move(mean_)),
        rstd(std::move(rstd_)),
        rows(rows_),
        n(n_) {}

  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    const Tensor xv = x.unpack(*this);
    const Tensor wv = has_w ? w.unpack(*this) : Tensor();
    const bool want_x = needs_grad(*this, 0);
    const bool want_w = has_w && needs_grad(*this, 1);
    const bool want_b = has_b && needs_grad(*this, has_w ? 2 : 1);
    Grads grads;
    dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      Tensor dx = want_x ? Tensor::empty(xv.shape(), xv.dtype()) : Tensor();
      std::vector<double> dw(want_w ? static_cast<std::size_t>(n) : 0),
          db(want_b ? static_cast<std::size_t>(n) : 0);
      layer_norm_backward(g.data<T>(), xv.data<T>(), has_w ? wv.data<T>() : static_cast<const T*>(nullptr),
                          mean.data(), rstd.data(), want_x ? dx.data<T>() : static_cast<T*>(nullptr),
                          want_w ? dw.data() : nullptr, want_b ? db.data() : nullptr, rows, n);
      grads[0] = dx;
      if (want_w) grads[1] = from_doubles(dw, w.shape(), xv.dtype());
      if (want_b) grads[has_w ? 2 : 1] = from_doubles(db, b_shape, xv.dtype());
      return 0;
    });
    return grads;
  }
  // The same closed form with ops; mean and rstd recomputed from x with ops (the saved ones
  // have no history).
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor wv = has_w ? w.unpack(*this) : Tensor();
    const bool want_x = needs_grad(*this, 0);
    const bool want_w = has_w && needs_grad(*this, 1);
    const bool want_b = has_b && needs_grad(*this, has_w ? 2 : 1);
    const Tensor x2 = reshape(xv, {rows, n});
    const Tensor mu = tapegrad::mean(x2, 1, true);
    const Tensor centered = sub(x2, mu);
    const Tensor rs = reciprocal(sqrt(affine(tapegrad::mean(mul(centered, centered), 1, true), 1.0, eps)));
    const NormGrads r = norm_backward_graph(reshape(g, {rows, n}), x2, has_w ? reshape(wv, {1, n}) : Tensor(),
                                            mu, rs, 1, 0, true, want_x, want_w, want_b);
    Grads grads;
    if (want_x) grads[0] = reshape(r.dx, dims_of(xv.shape()));
    if (want_w) grads[1] = reshape(r.dw, dims_of(w.shape()));
    if (want_b) grads[has_w ? 2 : 1] = reshape(r.db, dims_of(b_shape));
    return grads;
  }
  void release_saved() noexcept override {
    x.reset();
    w.reset();
    mean = {};
    rstd = {};
  }
  SavedTensor x, w;
  bool has_w, has_b;
  std::vector<double> mean, rstd;
  std::int64_t rows, n;
  Shape b_shape;
  double eps = 0;
};
}  // namespace

Tensor layer_norm(const Tensor& x_in, const std::vector<std::int64_t>& normalized_shape, const Tensor& weight,
                  const Tensor& bias, double eps) {
  const auto nd = static_cast<int>(normalized_shape.size());
  const std::string norm =
      list_str(normalized_shape.data(), normalized_shape.data() + normalized_shape.size());
  if (nd == 0) {
    throw std::invalid_argument(
        "layer_norm: Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
        "element, but got normalized_shape = []");
  }
  if (!is_floating_point(x_in.dtype())) {
    throw type_error(std::string("layer_norm(): not implemented for ") + dtype_name(x_in.dtype()) +
                     " tensors (convert the input with .double() or .float() first)");
  }
  const Shape& xs = x_in.shape();
  bool fits = nd <= xs.ndim();
  for (int i = 0; fits && i < nd; ++i) {
    fits = xs[xs.ndim() - nd + i] == normalized_shape[static_cast<std::size_t>(i)];
  }
  if (!fits) {
    std::string star = "[*";
    for (auto d : normalized_shape) star += ", " + std::to_string(d);
    throw std::invalid_argument("layer_norm: Given normalized_shape=" + norm +
                                ", expected input with shape " + star + "], but got input of size" +
                                list_str(xs.begin(), xs.end()));
  }
  const Shape ns(normalized_shape.data(), nd);
  for (const auto& [t, what] : {std::pair<const Tensor*, const char*>{&weight, "weight"}, {&bias, "bias"}}) {
    if (!t->defined()) continue;
    if (t->shape() != ns) {
      throw std::invalid_argument(std::string("layer_norm: Expected ") + what +
                                  " to be of same shape as normalized_shape, but got " + what + " of shape " +
                                  list_str(t->shape().begin(), t->shape().end()) +
                                  " and normalized_shape = " + norm);
    }
    if (t->dtype() != x_in.dtype()) {
      throw type_error(std::string("layer_norm: expected ") + what + " of the input's dtype " +
                       dtype_name(x_in.dtype()) + ", got " + dtype_name(t->dtype()) +
                       " (convert it, or the module, with .to(dtype))");
    }
  }
  const Tensor x = x_in.contiguous();
  const Tensor w = weight.defined() ? weight.contiguous() : Tensor();
  const Tensor b = bias.defined() ? bias.contiguous() : Tensor();
  const std::int64_t n = ns.numel();
  const std::int64_t rows = n == 0 ? 0 : x.numel() / n;
  std::vector<double> mean(static_cast<std::size_t>(rows)), rstd(static_cast<std::size_t>(rows));
  Tensor out = dispatch_floating(x.dtype(), "layer_norm", [&](auto zero) {
    using T = decltype(zero);
    Tensor y = Tensor::empty(x.shape(), x.dtype());
    layer_norm_forward(x.data<T>(), w.defined() ? w.data<T>() : static_cast<const T*>(nullptr),
                       b.defined() ? b.data<T>() : static_cast<const T*>(nullptr), y.data<T>(), mean.data(),
                       rstd.data(), rows, n, eps);
    return y;
  });
  const Tensor* wp = w.defined() ? &w : nullptr;
  const Tensor* bp = b.defined() ? &b : nullptr;
  if (should_record({&x, wp, bp})) {
    std::initializer_list<const Tensor*> with_both = {&x, &w, &b}, with_w = {&x, &w}, with_b = {&x, &b},
                                         alone = {&x};
    auto inputs = wp && bp ? with_both : wp ? with_w : bp ? with_b : alone;
    auto& node = record<LayerNormNode>(out, inputs, x, w, wp != nullptr, bp != nullptr, std::move(mean),
                                       std::move(rstd), rows, n);
    node.b_shape = ns;
    node.eps = eps;
  }
  return out;
}

namespace {
// x is (n, c, l) (l: the product of the trailing dimensions); channel k's values are
// x[i * c * l + k * l + j].
struct ChannelLayout {
  std::int64_t n, c, l;
  double count() const { return static_cast<double>(n * l); }
};

// The batch's mean, 1 / sqrt(biased variance + eps) and unbiased variance of each channel.
template <class T>
void batch_statistics(const T* x, double* mean, double* rstd, double* var_unbiased, const ChannelLayout& s,
                      double eps) {
  const auto c = static_cast<std::size_t>(s.c);
  std::vector<double> sum(c, 0.0), sq(c, 0.0);
  for (std::int64_t i = 0; i < s.n; ++i) {
    for (std::int64_t k = 0; k < s.c; ++k) {
      const T* xr = x + (i * s.c + k) * s.l;
      double acc = 0;
      for (std::int64_t j = 0; j < s.l; ++j) acc += static_cast<double>(xr[j]);
      sum[static_cast<std::size_t>(k)] += acc;
    }
  }
  for (std::size_t k = 0; k < c; ++k) mean[k] = sum[k] / s.count();
  for (std::int64_t i = 0; i < s.n; ++i) {
    for (std::int64_t k = 0; k < s.c; ++k) {
      const T* xr = x + (i * s.c + k) * s.l;
      const double mu = mean[k];
      double acc = 0;
      for (std::int64_t j = 0; j < s.l; ++j) {
        const double d = static_cast<double>(xr[j]) - mu;
        acc += d * d;
      }
      sq[static_cast<std::size_t>(k)] += acc;
    }
  }
  for (std::size_t k = 0; k < c; ++k) {
    rstd[k] = 1.0 / std::sqrt(sq[k] / s.count() + eps);
    var_unbiased[k] = sq[k] / (s.count() - 1.0);
  }
}

// y = (x - mean) * rstd * w + b, per channel.
template <class T>
void batch_norm_apply(const T* x, const T* w, const T* b, T* y, const double* mean, const double* rstd,
                      const ChannelLayout& s) {
  for (std::int64_t i = 0; i < s.n; ++i) {
    for (std::int64_t k = 0; k < s.c; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      const double scale = rstd[kk] * (w ? static_cast<double>(w[k]) : 1.0);
      const double shift = b ? static_cast<double>(b[k]) : 0.0;
      const double mu = mean[kk];
      const T* xr = x + (i * s.c + k) * s.l;
      T* yr = y + (i * s.c + k) * s.l;
      for (std::int64_t j = 0; j < s.l; ++j) {
        yr[j] = static_cast<T>((static_cast<double>(xr[j]) - mu) * scale + shift);
      }
    }
  }
}

// dw = sum(g * xhat); db = sum(g); with the batch's statistics
// dx = rstd * w * (g - mean(g) - xhat * mean(g * xhat)) per channel, with fixed (running) ones
// dx = rstd * w * g.
template <class T>
void batch_norm_backward(const T* g, const T* x, const T* w, const double* mean, const double* rstd, T* dx,
                         double* dw, double* db, const ChannelLayout& s, bool batch_stats) {
  const auto c = static_cast<std::size_t>(s.c);
  std::vector<double> sum_g(c, 0.0), sum_gx(c, 0.0);
  if (dw || db || batch_stats) {
    for (std::int64_t i = 0; i < s.n; ++i) {
      for (std::int64_t k = 0; k < s.c; ++k) {
        const auto kk = static_cast<std::size_t>(k);
        const T* gr = g + (i * s.c + k) * s.l;
        const T* xr = x + (i * s.c + k) * s.l;
        double a = 0, bx = 0;
        for (std::int64_t j = 0; j < s.l; ++j) {
          const double gj = static_cast<double>(gr[j]);
          a += gj;
          bx += gj * (static_cast<double>(xr[j]) - mean[kk]);
        }
        sum_g[kk] += a;
        sum_gx[kk] += bx * rstd[kk];
      }
    }
  }
  for (std::size_t k = 0; k < c; ++k) {
    if (dw) dw[k] = sum_gx[k];
    if (db) db[k] = sum_g[k];
  }
  if (!dx) return;
  for (std::int64_t i = 0; i < s.n; ++i) {
    for (std::int64_t k = 0; k < s.c; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      const double scale = rstd[kk] * (w ? static_cast<double>(w[k]) : 1.0);
      const T* gr = g + (i * s.c + k) * s.l;
      T* dr = dx + (i * s.c + k) * s.l;
      if (!batch_stats) {
        for (std::int64_t j = 0; j < s.l; ++j) dr[j] = static_cast<T>(scale * static_cast<double>(gr[j]));
        continue;
      }
      const double m1 = sum_g[kk] / s.count(), m2 = sum_gx[kk] / s.count();
      const T* xr = x + (i * s.c + k) * s.l;
      for (std::int64_t j = 0; j < s.l; ++j) {
        const double xhat = (static_cast<double>(xr[j]) - mean[kk]) * rstd[kk];
        dr[j] = static_cast<T>(scale * (static_cast<double>(gr[j]) - m1 - xhat * m2));
      }
    }
  }
}

struct BatchNormNode : Node {
  BatchNormNode(const Tensor& x_, const Tensor& w_, bool has_w_, bool has_b_, std::vector<double> mean_,
                std::vector<double> rstd_, const ChannelLayout& s_, bool batch_stats_)
      : Node("NativeBatchNormBackward"),
        x(x_),
        w(has_w_ ? SavedTensor(w_) : SavedTensor()),
        has_w(has_w_),
        has_b(has_b_),
        batch_stats(batch_stats_),
        mean(std::move(mean_)),
        rstd(std::move(rstd_)),
        s(s_) {}

  Grads backward(Tensor g_in) override {
    const Tensor g = g_in.contiguous();
    const Tensor xv = x.unpack(*this);
    const Tensor wv = has_w ? w.unpack(*this) : Tensor();
    const bool want_x = needs_grad(*this, 0);
    const bool want_w = has_w && needs_grad(*this, 1);
    const bool want_b = has_b && needs_grad(*this, has_w ? 2 : 1);
    Grads grads;
    dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      Tensor dx = want_x ? Tensor::empty(xv.shape(), xv.dtype()) : Tensor();
      const auto c = static_cast<std::size_t>(s.c);
      std::vector<double> dw(want_w ? c : 0), db(want_b ? c : 0);
      batch_norm_backward(g.data<T>(), xv.data<T>(), has_w ? wv.data<T>() : static_cast<const T*>(nullptr),
                          mean.data(), rstd.data(), want_x ? dx.data<T>() : static_cast<T*>(nullptr),
                          want_w ? dw.data() : nullptr, want_b ? db.data() : nullptr, s, batch_stats);
      grads[0] = dx;
      if (want_w) grads[1] = Tensor::from_vector(dw, Shape{s.c}, xv.dtype());
      if (want_b) grads[has_w ? 2 : 1] = Tensor::from_vector(db, Shape{s.c}, xv.dtype());
      return 0;
    });
    return grads;
  }
  // The same rule with ops; with the batch's statistics, mean and rstd recomputed from x with
  // ops (the saved ones have no history); running statistics are constants.
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor wv = has_w ? w.unpack(*this) : Tensor();
    const bool want_x = needs_grad(*this, 0);
    const bool want_w = has_w && needs_grad(*this, 1);
    const bool want_b = has_b && needs_grad(*this, has_w ? 2 : 1);
    const Tensor x3 = reshape(xv, {s.n, s.c, s.l});
    Tensor mu, rs;
    if (batch_stats) {
      mu = tapegrad::mean(x3, {0, 2}, true);
      const Tensor centered = sub(x3, mu);
      rs = reciprocal(sqrt(affine(tapegrad::mean(mul(centered, centered), {0, 2}, true), 1.0, eps)));
    } else {
      mu = Tensor::from_vector(mean, Shape{1, s.c, 1}, xv.dtype());
      rs = Tensor::from_vector(rstd, Shape{1, s.c, 1}, xv.dtype());
    }
    const NormGrads r =
        norm_backward_graph(reshape(g, {s.n, s.c, s.l}), x3, has_w ? reshape(wv, {1, s.c, 1}) : Tensor(), mu,
                            rs, {0, 2}, {0, 2}, batch_stats, want_x, want_w, want_b);
    Grads grads;
    if (want_x) grads[0] = reshape(r.dx, dims_of(xv.shape()));
    if (want_w) grads[1] = reshape(r.dw, dims_of(w.shape()));
    if (want_b) grads[has_w ? 2 : 1] = r.db;
    return grads;
  }
  void release_saved() noexcept override {
    x.reset();
    w.reset();
    mean = {};
    rstd = {};
  }
  SavedTensor x, w;
  bool has_w, has_b, batch_stats;
  std::vector<double> mean, rstd;
  ChannelLayout s;
  double eps = 0;
};

// Checks x and the (C,) tensors; returns x's layout.
ChannelLayout check_batch_norm(const Tensor& x,
                               std::initializer_list<std::pair<const Tensor*, const char*>> per_channel) {
  if (!is_floating_point(x.dtype())) {
    throw type_error(std::string("batch_norm(): not implemented for ") + dtype_name(x.dtype()) +
                     " tensors (convert the input with .double() or .float() first)");
  }
  const Shape& xs = x.shape();
  if (xs.ndim() < 2) {
    throw std::invalid_argument(
        "batch_norm: expected an input of at least 2 dimensions (N, C, ...), got shape " + xs.str());
  }
  ChannelLayout s{xs[0], xs[1], 1};
  for (int d = 2; d < xs.ndim(); ++d) s.l *= xs[d];
  for (const auto& [t, what] : per_channel) {
    if (!t->defined()) continue;
    if (t->numel() != s.c) {
      throw std::invalid_argument(std::string("batch_norm: ") + what + " should contain " +
                                  std::to_string(s.c) + " elements (one per channel of input " + xs.str() +
                                  "), got " + t->shape().str());
    }
    if (t->dtype() != x.dtype()) {
      throw type_error(std::string("batch_norm: expected ") + what + " of the input's dtype " +
                       dtype_name(x.dtype()) + ", got " + dtype_name(t->dtype()) +
                       " (convert it, or the module, with .to(dtype))");
    }
  }
  return s;
}

// Runs the normalization with `mean` and `rstd` (filled first by batch_statistics when
// batch_stats) and records its node.
Tensor batch_norm_run(const Tensor& x_in, const Tensor& weight, const Tensor& bias, std::vector<double> mean,
                      std::vector<double> rstd, const ChannelLayout& s, bool batch_stats, double eps) {
  const Tensor x = x_in.contiguous();
  const Tensor w = weight.defined() ? weight.contiguous() : Tensor();
  const Tensor b = bias.defined() ? bias.contiguous() : Tensor();
  Tensor out = dispatch_floating(x.dtype(), "batch_norm", [&](auto zero) {
    using T = decltype(zero);
    Tensor y = Tensor::empty(x.shape(), x.dtype());
    batch_norm_apply(x.data<T>(), w.defined() ? w.data<T>() : static_cast<const T*>(nullptr),
                     b.defined() ? b.data<T>() : static_cast<const T*>(nullptr), y.data<T>(), mean.data(),
                     rstd.data(), s);
    return y;
  });
  const Tensor* wp = w.defined() ? &w : nullptr;
  const Tensor* bp = b.defined() ? &b : nullptr;
  if (should_record({&x, wp, bp})) {
    std::initializer_list<const Tensor*> with_both = {&x, &w, &b}, with_w = {&x, &w}, with_b = {&x, &b},
                                         alone = {&x};
    auto inputs = wp && bp ? with_both : wp ? with_w : bp ? with_b : alone;
    auto& node = record<BatchNormNode>(out, inputs, x, w, wp != nullptr, bp != nullptr, std::move(mean),
                                       std::move(rstd), s, batch_stats);
    node.eps = eps;
  }
  return out;
}
}  // namespace

BatchNormTraining batch_norm_training(const Tensor& x, const Tensor& weight, const Tensor& bias, double eps) {
  const ChannelLayout s = check_batch_norm(x, {{&weight, "weight"}, {&bias, "bias"}});
  if (s.n * s.l == 1) {
    throw std::invalid_argument("Expected more than 1 value per channel when training, got input size " +
                                x.shape().str());
  }
  const auto c = static_cast<std::size_t>(s.c);
  std::vector<double> mean(c), rstd(c), var(c);
  const Tensor xc = x.contiguous();
  dispatch_floating(x.dtype(), "batch_norm", [&](auto zero) {
    using T = decltype(zero);
    if (s.n * s.l > 0) batch_statistics(xc.data<T>(), mean.data(), rstd.data(), var.data(), s, eps);
    return 0;
  });
  Tensor mean_t = Tensor::from_vector(mean, Shape{s.c}, x.dtype());
  Tensor var_t = Tensor::from_vector(var, Shape{s.c}, x.dtype());
  Tensor out = batch_norm_run(xc, weight, bias, std::move(mean), std::move(rstd), s, true, eps);
  return {out, mean_t, var_t};
}

Tensor batch_norm_inference(const Tensor& x, const Tensor& running_mean, const Tensor& running_var,
                            const Tensor& weight, const Tensor& bias, double eps) {
  const ChannelLayout s = check_batch_norm(
      x,
      {{&running_mean, "running_mean"}, {&running_var, "running_var"}, {&weight, "weight"}, {&bias, "bias"}});
  if (!running_mean.defined() || !running_var.defined()) {
    throw std::invalid_argument(
        "batch_norm: running_mean and running_var must be defined in evaluation mode");
  }
  std::vector<double> mean = cast(running_mean, DType::Float64).contiguous().to_vector();
  std::vector<double> rstd = cast(running_var, DType::Float64).contiguous().to_vector();
  for (double& v : rstd) v = 1.0 / std::sqrt(v + eps);
  return batch_norm_run(x, weight, bias, std::move(mean), std::move(rstd), s, false, eps);
}

}  // namespace tapegrad
