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
  }
  return out;
}

}  // namespace tapegrad
