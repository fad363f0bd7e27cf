// The fused dense layer Y = act(X @ W + b): one node, bias and activation in the GEMM epilogue;
// and linear, Y = X @ W^T + b with torch's (out, in) weight, on the same GEMM and node.
#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "kernels/dense_grad.hpp"
#include "kernels/gemm.hpp"
#include "ops/derivatives.hpp"
#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

const char* activation_name(Activation act) noexcept {
  switch (act) {
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Tanh: return "tanh";
    case Activation::Relu: return "relu";
    case Activation::Identity: break;
  }
  return "identity";
}

namespace {
using detail::record;
using detail::should_record;

// Saves the input, the weight and the output in their own shapes (not 2-D aliases): a recorded
// backward finds them again by where they came from (an input of this node, its output), and
// the fused backward reads them as (m, k) and (m, n) through their contiguous data.
struct DenseNode : Node {
  DenseNode(const Tensor& x_, const Tensor& w, const Tensor& y_, std::int64_t rows_, Activation act,
            bool out_in = false)
      : Node(out_in ? "Linear" : "Dense"),
        x(x_),
        weight(w),
        y(y_),
        rows(rows_),
        activation(act),
        weight_out_in(out_in) {}

  // dZ = dY * act'(Y) from the saved output (derivatives::activation_grad), with db = sum(dZ)
  // in the same pass; then dX = dZ W^T and dW = X^T dZ, the transposes read through the GEMM's
  // packing. With an (out, in) weight (linear): dX = dZ W and dW = dZ^T X.
  Grads backward(Tensor g) override {
    const Tensor xv = x.unpack(*this), wv = weight.unpack(*this), yv = y.unpack(*this);
    const std::int64_t k = weight_out_in ? wv.shape()[1] : wv.shape()[0],
                       n = weight_out_in ? wv.shape()[0] : wv.shape()[1], m = rows;
    Grads grads;
    dispatch_floating(xv.dtype(), "Dense backward", [&](auto zero) {
      using T = decltype(zero);
      const bool identity = activation == Activation::Identity;
      const Tensor dz = identity ? g : Tensor::empty(g.shape(), g.dtype());
      Tensor db = detail::needs_grad(*this, 2) ? Tensor::zeros(Shape{n}, xv.dtype()) : Tensor();
      if (!identity || db.defined())
        kernels::dense_output_grad<T>(m, n, g.data<T>(), yv.data<T>(), activation,
                                      identity ? nullptr : dz.data<T>(),
                                      db.defined() ? db.data<T>() : nullptr);
      const T* dzp = dz.data<T>();
      if (detail::needs_grad(*this, 0)) {
        Tensor dx = Tensor::empty(xv.shape(), xv.dtype());
        if (weight_out_in)
          kernels::gemm<T>(false, false, m, k, n, dzp, n, wv.data<T>(), k, dx.data<T>(), k, false);
        else
          kernels::gemm<T>(false, true, m, k, n, dzp, n, wv.data<T>(), n, dx.data<T>(), k, false);
        grads[0] = dx;
      }
      if (detail::needs_grad(*this, 1)) {
        Tensor dw = Tensor::empty(wv.shape(), wv.dtype());
        if (weight_out_in)
          kernels::gemm<T>(true, false, n, k, m, dzp, n, xv.data<T>(), k, dw.data<T>(), k, false);
        else
          kernels::gemm<T>(true, false, k, n, m, xv.data<T>(), k, dzp, n, dw.data<T>(), n, false);
        grads[1] = dw;
      }
      if (db.defined()) grads[2] = db;
    });
    return grads;
  }

  // The same rule with ops, for create_graph: dZ from the derivative table with T = Tensor (the
  // saved output comes back with this node as its grad_fn), and the two products as dense layers
  // without bias or activation (so they are differentiable to any order themselves): for a
  // (in, out) weight dX = dense(dZ, W^T), dW = dense(X^T, dZ); for an (out, in) one
  // dX = dense(dZ, W), dW = dense(dZ^T, X); db = the column sums of dZ.
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this), wv = weight.unpack(*this), yv = y.unpack(*this);
    const std::int64_t k = weight_out_in ? wv.shape()[1] : wv.shape()[0],
                       n = weight_out_in ? wv.shape()[0] : wv.shape()[1], m = rows;
    const Tensor dz = reshape(derivatives::activation_grad(activation, g, yv), {m, n});
    const Tensor x2d = reshape(xv, {m, k});
    Grads grads;
    if (detail::needs_grad(*this, 0)) {
      const Tensor dx = weight_out_in ? dense(dz, wv, Tensor(), Activation::Identity)
                                      : dense(dz, transpose(wv, 0, 1), Tensor(), Activation::Identity);
      grads[0] = reshape(dx, std::vector<std::int64_t>(xv.shape().begin(), xv.shape().end()));
    }
    if (detail::needs_grad(*this, 1)) {
      grads[1] = weight_out_in ? dense(transpose(dz, 0, 1), x2d, Tensor(), Activation::Identity)
                               : dense(transpose(x2d, 0, 1), dz, Tensor(), Activation::Identity);
    }
    if (detail::needs_grad(*this, 2)) grads[2] = sum(dz, 0);
    return grads;
  }
  void release_saved() noexcept override {
    x.reset();
    weight.reset();
    y.reset();
  }

  // backward()'s kernels on the plan's buffers: dZ (a buffer of the plan's), then dX, dW, db.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const Tensor xv = x.unpack(*this), wv = weight.unpack(*this), yv = y.unpack(*this);
    const int xs = rec.read(xv), ws = rec.read(wv), ys = rec.read(yv);
    const bool identity = activation == Activation::Identity;
    const int dzs = identity ? g : rec.write(Tensor::empty(yv.shape(), yv.dtype()));
    std::array<int, kMaxInputs> out{-1, -1, -1};
    for (std::size_t i = 0; i < grads.size(); ++i) {
      if (grads[i].defined()) out[i] = rec.write(grads[i]);
    }
    const std::int64_t k = weight_out_in ? wv.shape()[1] : wv.shape()[0],
                       n = weight_out_in ? wv.shape()[0] : wv.shape()[1], m = rows;
    const Activation act = activation;
    const bool out_in = weight_out_in;
    const DType dtype = xv.dtype();
    rec.step([=](detail::Slot* s) {
      dispatch_floating(dtype, "Dense backward", [&](auto zero) {
        using T = decltype(zero);
        const T* gp = static_cast<const T*>(s[g].t->data);
        const T* dzp = identity ? gp : static_cast<T*>(detail::writable(s[dzs]).data);
        T* db = nullptr;
        if (out[2] >= 0) {
          db = static_cast<T*>(detail::writable(s[out[2]]).data);
          std::fill(db, db + n, T(0));
        }
        if (!identity || db)
          kernels::dense_output_grad<T>(m, n, gp, static_cast<const T*>(s[ys].t->data), act,
                                        identity ? nullptr : const_cast<T*>(dzp), db);
        const T* xp = static_cast<const T*>(s[xs].t->data);
        const T* wp = static_cast<const T*>(s[ws].t->data);
        if (out[0] >= 0) {
          T* dx = static_cast<T*>(detail::writable(s[out[0]]).data);
          if (out_in)
            kernels::gemm<T>(false, false, m, k, n, dzp, n, wp, k, dx, k, false);
          else
            kernels::gemm<T>(false, true, m, k, n, dzp, n, wp, n, dx, k, false);
        }
        if (out[1] >= 0) {
          T* dw = static_cast<T*>(detail::writable(s[out[1]]).data);
          if (out_in)
            kernels::gemm<T>(true, false, n, k, m, dzp, n, xp, k, dw, k, false);
          else
            kernels::gemm<T>(true, false, k, n, m, xp, k, dzp, n, dw, n, false);
        }
      });
    });
  }

  SavedTensor x, weight, y;
  std::int64_t rows;  // m: the input's rows as a 2-D matrix (its leading dimensions, merged)
  Activation activation;
  bool weight_out_in;
};

void check_dense_shapes(const Tensor& x, const Tensor& w, const Tensor& b) {
  if (w.ndim() != 2)
    throw std::invalid_argument("dense: the weight must be 2-D (in, out), got shape " + w.shape().str());
  const bool x_ok = (x.ndim() == 1 || x.ndim() == 2) && x.shape()[x.ndim() - 1] == w.shape()[0];
  if (!x_ok) {
    throw std::invalid_argument("dense: input of shape " + x.shape().str() +
                                " does not fit a weight of shape " + w.shape().str() + " (expected (batch, " +
                                std::to_string(w.shape()[0]) + ") or (" + std::to_string(w.shape()[0]) +
                                ",))");
  }
  if (b.defined() && (b.ndim() != 1 || b.shape()[0] != w.shape()[1])) {
    throw std::invalid_argument("dense: bias of shape " + b.shape().str() +
                                " does not fit a weight of shape " + w.shape().str() + " (expected (" +
                                std::to_string(w.shape()[1]) + ",))");
  }
}

void check_linear_shapes(const Tensor& x, const Tensor& w, const Tensor& b) {
  if (w.ndim() != 2)
    throw std::invalid_argument("linear: the weight must be 2-D (out_features, in_features), got shape " +
                                w.shape().str());
  if (x.ndim() == 0 || x.shape()[x.ndim() - 1] != w.shape()[1]) {
    throw std::invalid_argument(
        "linear: input of shape " + x.shape().str() + " does not fit a weight of shape " + w.shape().str() +
        " (expected (*, " + std::to_string(w.shape()[1]) + "): the weight is (out_features, in_features))");
  }
  if (b.defined() && (b.ndim() != 1 || b.shape()[0] != w.shape()[0])) {
    throw std::invalid_argument("linear: bias of shape " + b.shape().str() +
                                " does not fit a weight of shape " + w.shape().str() + " (expected (" +
                                std::to_string(w.shape()[0]) + ",))");
  }
}
}  // namespace

Tensor dense(const Tensor& x_in, const Tensor& w_in, const Tensor& b_in, Activation act) {
  check_dense_shapes(x_in, w_in, b_in);
  DType dtype = floating_type(result_type(x_in, w_in));
  if (b_in.defined()) dtype = promote_types(dtype, b_in.dtype());
  const Tensor x = cast(x_in, dtype).contiguous(), w = cast(w_in, dtype).contiguous();
  const Tensor b = b_in.defined() ? cast(b_in, dtype).contiguous() : b_in;
  const std::int64_t k = w.shape()[0], n = w.shape()[1];
  const std::int64_t m = x.ndim() == 2 ? x.shape()[0] : 1;
  Shape out_shape = x.ndim() == 2 ? Shape{m, n} : Shape{n};
  Tensor y = Tensor::empty(out_shape, dtype);
  dispatch_floating(dtype, "dense", [&](auto zero) {
    using T = decltype(zero);
    kernels::dense_forward<T>(m, n, k, x.data<T>(), w.data<T>(), b.defined() ? b.data<T>() : nullptr, act,
                              y.data<T>());
  });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(x), ws = rec->read(w), bs = b.defined() ? rec->read(b) : -1, ys = rec->write(y);
    rec->step([=](detail::Slot* s) {
      dispatch_floating(dtype, "dense", [&](auto zero) {
        using T = decltype(zero);
        kernels::dense_forward<T>(m, n, k, static_cast<const T*>(s[xs].t->data),
                                  static_cast<const T*>(s[ws].t->data),
                                  bs < 0 ? nullptr : static_cast<const T*>(s[bs].t->data), act,
                                  static_cast<T*>(detail::writable(s[ys]).data));
      });
    });
  }
  if (should_record({&x, &w, &b})) record<DenseNode>(y, {&x, &w, &b}, x, w, y, m, act);
  return y;
}

Tensor linear(const Tensor& x_in, const Tensor& w_in, const Tensor& b_in) {
  check_linear_shapes(x_in, w_in, b_in);
  DType dtype = floating_type(result_type(x_in, w_in));
  if (b_in.defined()) dtype = promote_types(dtype, b_in.dtype());
  const Tensor x = cast(x_in, dtype).contiguous(), w = cast(w_in, dtype).contiguous();
  const Tensor b = b_in.defined() ? cast(b_in, dtype).contiguous() : b_in;
  const std::int64_t n = w.shape()[0], k = w.shape()[1];
  std::int64_t m = 1;
  Shape out_shape;
  for (int d = 0; d + 1 < x.ndim(); ++d) {
    m *= x.shape()[d];
    out_shape.push_back(x.shape()[d]);
  }
  out_shape.push_back(n);
  Tensor y = Tensor::empty(out_shape, dtype);
  dispatch_floating(dtype, "linear", [&](auto zero) {
    using T = decltype(zero);
    kernels::linear_forward<T>(m, n, k, x.data<T>(), w.data<T>(), b.defined() ? b.data<T>() : nullptr,
                               y.data<T>());
  });
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(x), ws = rec->read(w), bs = b.defined() ? rec->read(b) : -1, ys = rec->write(y);
    rec->step([=](detail::Slot* s) {
      dispatch_floating(dtype, "linear", [&](auto zero) {
        using T = decltype(zero);
        kernels::linear_forward<T>(m, n, k, static_cast<const T*>(s[xs].t->data),
                                   static_cast<const T*>(s[ws].t->data),
                                   bs < 0 ? nullptr : static_cast<const T*>(s[bs].t->data),
                                   static_cast<T*>(detail::writable(s[ys]).data));
      });
    });
  }
  if (should_record({&x, &w, &b})) record<DenseNode>(y, {&x, &w, &b}, x, w, y, m, Activation::Identity, true);
  return y;
}

}  // namespace tapegrad
