// Class losses: nll_loss and cross_entropy over class indices (one fused node each, the log-softmax
// inside cross_entropy never leaving the loop), cross_entropy over class probabilities (composed
// of ops), and one_hot.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "ops/recording.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/losses.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;

// input as (N, C, inner): classes along dimension 1, or along 0 for a (C,) input.
struct ClassLayout {
  std::int64_t n = 1, c = 1, inner = 1;
};

bool is_integer(DType dtype) { return dtype != DType::Bool && !is_floating_point(dtype); }

ClassLayout check_class_loss(const char* name, const Tensor& input, const Tensor& target,
                             const Tensor& weight) {
  if (!is_floating_point(input.dtype())) {
    throw type_error(std::string(name) +
                     "(): input must be floating point (log-probabilities or logits), got " +
                     dtype_name(input.dtype()));
  }
  if (input.ndim() == 0) {
    throw std::invalid_argument(std::string(name) +
                                "(): input of shape () has no class dimension: expected (C,), "
                                "(N, C) or (N, C, d1, ...)");
  }
  if (!is_integer(target.dtype())) {
    throw type_error(std::string(name) +
                     "(): target must hold class indices of an integer dtype (int64), got " +
                     dtype_name(target.dtype()) +
                     (std::string(name) == "cross_entropy"
                          ? " (class probabilities need a floating-point target of the input's shape " +
                                input.shape().str() + ")"
                          : std::string()));
  }
  ClassLayout l;
  Shape expected;
  if (input.ndim() == 1) {
    l.c = input.shape()[0];
  } else {
    l.n = input.shape()[0];
    l.c = input.shape()[1];
    expected.push_back(l.n);
    for (int d = 2; d < input.ndim(); ++d) {
      l.inner *= input.shape()[d];
      expected.push_back(input.shape()[d]);
    }
  }
  if (target.shape() != expected) {
    throw std::invalid_argument(std::string(name) + "(): expected target of shape " + expected.str() +
                                " for input of shape " + input.shape().str() + ", got " +
                                target.shape().str());
  }
  if (weight.defined()) {
    if (weight.shape() != Shape{l.c}) {
      throw std::invalid_argument(std::string(name) + "(): weight should be defined for all " +
                                  std::to_string(l.c) + " classes (shape (" + std::to_string(l.c) +
                                  ",)), got weight of shape " + weight.shape().str());
    }
    if (should_record({&weight})) {
      throw std::runtime_error(std::string(name) +
                               "(): the derivative for 'weight' is not implemented (pass weight.detach())");
    }
  }
  return l;
}

// The loss at each position (n, i): (1 - eps) w[t] (-logp[t]) + eps / C sum_c w[c] (-logp[c]),
// 0 where t is ignored; logp is input itself (nll_loss) or its log-softmax over c (logits).
struct ClassLoss {
  ClassLayout l;
  std::int64_t ignore_index;
  double smoothing;
  bool logits;
  Reduction reduction;
};

template <class T>
T log_sum_exp(const T* col, std::int64_t c, std::int64_t stride) {
  T mx = -std::numeric_limits<T>::infinity();
  for (std::int64_t k = 0; k < c; ++k) mx = std::max(mx, col[k * stride]);
  if (std::isinf(mx)) return mx;
  T s(0);
  for (std::int64_t k = 0; k < c; ++k) s += std::exp(col[k * stride] - mx);
  return mx + std::log(s);
}

// The loss at each position into lp (0 where the target is ignored); returns the sum of the
// losses and of the weights of the targets not ignored. The forward of the class losses, eager
// and in a Plan.
template <class T>
std::pair<double, double> class_losses(const char* name, const ClassLoss& params, const T* xp,
                                       const std::int64_t* t, const T* w, T* lp) {
  const ClassLayout& l = params.l;
  const T eps = static_cast<T>(params.smoothing), keep = T(1) - eps, share = eps / static_cast<T>(l.c);
  double total = 0, weight_sum = 0;
  for (std::int64_t n = 0; n < l.n; ++n) {
    for (std::int64_t i = 0; i < l.inner; ++i) {
      const std::int64_t pos = n * l.inner + i;
      const std::int64_t cls = t[pos];
      if (cls == params.ignore_index) {
        lp[pos] = T(0);
        continue;
      }
      if (cls < 0 || cls >= l.c) {
        throw std::out_of_range(std::string(name) + "(): target " + std::to_string(cls) +
                                " is out of bounds for " + std::to_string(l.c) + " classes (expected 0 to " +
                                std::to_string(l.c - 1) + ", or ignore_index " +
                                std::to_string(params.ignore_index) + ")");
      }
      const T* col = xp + n * l.c * l.inner + i;
      const T lse = params.logits ? log_sum_exp(col, l.c, l.inner) : T(0);
      const T wt = w ? w[cls] : T(1);
      T loss = keep * wt * (lse - col[cls * l.inner]);
      if (eps > T(0)) {
        T smooth(0);
        for (std::int64_t k = 0; k < l.c; ++k) smooth += (w ? w[k] : T(1)) * (lse - col[k * l.inner]);
        loss += share * smooth;
      }
      lp[pos] = loss;
      total += static_cast<double>(loss);
      weight_sum += static_cast<double>(wt);
    }
  }
  return {total, weight_sum};
}

// The gradient of the class loss into op (x's shape), gp the incoming gradient (one value, or
// one per position for reduction none).
template <class T>
void class_loss_grad(const ClassLoss& p, const T* xp, const std::int64_t* t, const T* w, const T* gp,
                     double weight_sum, T* op) {
  const ClassLayout& l = p.l;
  std::fill(op, op + l.n * l.c * l.inner, T(0));
  T wall(0);
  for (std::int64_t k = 0; k < l.c; ++k) wall += w ? w[k] : T(1);
  const T eps = static_cast<T>(p.smoothing), keep = T(1) - eps, share = eps / static_cast<T>(l.c);
  for (std::int64_t n = 0; n < l.n; ++n) {
    for (std::int64_t i = 0; i < l.inner; ++i) {
      const std::int64_t pos = n * l.inner + i;
      if (t[pos] == p.ignore_index) continue;
      T scale = p.reduction == Reduction::None ? gp[pos] : gp[0];
      if (p.reduction == Reduction::Mean) scale /= static_cast<T>(weight_sum);
      const std::int64_t off = n * l.c * l.inner + i;
      const T* col = xp + off;
      T* ocol = op + off;
      const T wt = w ? w[t[pos]] : T(1);
      const T lse = p.logits ? log_sum_exp(col, l.c, l.inner) : T(0);
      for (std::int64_t k = 0; k < l.c; ++k) {
        const T wk = w ? w[k] : T(1);
        const T hit = k == t[pos] ? T(1) : T(0);
        T d;
        if (p.logits) {
          const T prob = std::exp(col[k * l.inner] - lse);
          d = keep * wt * (prob - hit) + share * (prob * wall - wk);
        } else {
          d = -keep * wt * hit - share * wk;
        }
        ocol[k * l.inner] = scale * d;
      }
    }
  }
}

struct ClassLossNode : Node {
  ClassLossNode(const char* label, const Tensor& x_, const Tensor& t_, const Tensor& w_, const ClassLoss& p_,
                double wsum_)
      : Node(label),
        x(x_),
        target(t_),
        weight(w_.defined() ? SavedTensor(w_) : SavedTensor()),
        has_weight(w_.defined()),
        p(p_),
        weight_sum(wsum_) {}
  Grads backward(Tensor g_in) override {
    const Tensor xv = x.unpack(*this);
    const Tensor tv = target.unpack(*this);
    const Tensor g = g_in.contiguous();
    const Tensor wv = has_weight ? weight.unpack(*this) : Tensor();
    return {dispatch_floating(xv.dtype(), name(), [&](auto zero) {
      using T = decltype(zero);
      Tensor out = Tensor::empty(xv.shape(), xv.dtype());
      class_loss_grad<T>(p, xv.data<T>(), tv.data<std::int64_t>(), has_weight ? wv.data<T>() : nullptr,
                         g.data<T>(), weight_sum, out.data<T>());
      return out;
    })};
  }
  // backward()'s loop on the plan's buffers. The mean's weight sum is the one the forward step
  // computed from this run's targets (a constant when the forward was not recorded).
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    if (!grads[0].defined()) return;
    const Tensor xv = x.unpack(*this), tv = target.unpack(*this);
    const int xs = rec.read(xv), ts = rec.read(tv), ws = has_weight ? rec.read(weight.unpack(*this)) : -1;
    const int sums = weight_sum_slot.defined() ? rec.read(weight_sum_slot) : -1;
    const int o = rec.write(grads[0]);
    const ClassLoss params = p;
    const double constant_sum = weight_sum;
    rec.step([=](detail::Slot* s) {
      TensorImpl& out = detail::writable(s[o]);
      const double wsum = sums < 0 ? constant_sum : *static_cast<const double*>(s[sums].t->data);
      dispatch_floating(out.dtype, "class loss backward", [&](auto zero) {
        using T = decltype(zero);
        class_loss_grad<T>(params, static_cast<const T*>(s[xs].t->data),
                           static_cast<const std::int64_t*>(s[ts].t->data),
                           ws < 0 ? nullptr : static_cast<const T*>(s[ws].t->data),
                           static_cast<const T*>(s[g].t->data), wsum, static_cast<T*>(out.data));
      });
    });
  }
  // The same rule with ops: d = prob * A - B with constants A, B of x's shape that depend only on
  // the targets and the weights (prob the softmax over the classes, recomputed from x with its
  // history; for nll_loss d = -B, constant in x).
  Grads backward_graph(Tensor g) override {
    const Tensor xv = x.unpack(*this);
    const Tensor tv = target.unpack(*this);
    const ClassLayout& l = p.l;
    const auto size = static_cast<std::size_t>(xv.numel());
    std::vector<double> a(p.logits ? size : 0, 0.0), b(size, 0.0);
    std::vector<double> w;
    if (has_weight) {
      NoGradGuard no_grad;
      w = cast(weight.unpack(*this), DType::Float64).contiguous().to_vector();
    }
    const std::int64_t* t = tv.data<std::int64_t>();
    double wall = 0;
    for (std::int64_t k = 0; k < l.c; ++k) wall += has_weight ? w[static_cast<std::size_t>(k)] : 1.0;
    const double eps = p.smoothing, keep = 1.0 - eps, share = eps / static_cast<double>(l.c);
    const double s = p.reduction == Reduction::Mean ? 1.0 / weight_sum : 1.0;
    for (std::int64_t n = 0; n < l.n; ++n) {
      for (std::int64_t i = 0; i < l.inner; ++i) {
        const std::int64_t pos = n * l.inner + i;
        if (t[pos] == p.ignore_index) continue;
        const double wt = has_weight ? w[static_cast<std::size_t>(t[pos])] : 1.0;
        for (std::int64_t k = 0; k < l.c; ++k) {
          const auto at = static_cast<std::size_t>(n * l.c * l.inner + k * l.inner + i);
          const double wk = has_weight ? w[static_cast<std::size_t>(k)] : 1.0;
          const double hit = k == t[pos] ? 1.0 : 0.0;
          if (p.logits) a[at] = s * (keep * wt + share * wall);
          b[at] = s * (keep * wt * hit + share * wk);
        }
      }
    }
    const Tensor bt = Tensor::from_vector(b, xv.shape(), xv.dtype());
    const int class_dim = xv.ndim() == 1 ? 0 : 1;
    const Tensor d =
        p.logits ? sub(mul(softmax(xv, class_dim), Tensor::from_vector(a, xv.shape(), xv.dtype())), bt)
                 : neg(bt);
    const bool per_position = p.reduction == Reduction::None && xv.ndim() > 1;
    return {mul(per_position ? unsqueeze(g, 1) : g, d)};
  }
  void release_saved() noexcept override {
    x.reset();
    target.reset();
    weight.reset();
  }
  SavedTensor x, target, weight;
  bool has_weight;
  ClassLoss p;
  double weight_sum;
  Tensor weight_sum_slot;  // 0-d float64: where a recorded forward step leaves the weight sum
};

Tensor class_loss(const char* name, const char* node_name, const Tensor& input_in, const Tensor& target_in,
                  const Tensor& weight_in, const ClassLoss& params_in) {
  ClassLoss params = params_in;
  params.l = check_class_loss(name, input_in, target_in, weight_in);
  const Tensor input = input_in.contiguous();
  const Tensor target = cast(target_in, DType::Int64).contiguous().detach();
  const Tensor weight = weight_in.defined() ? cast(weight_in, input.dtype()).contiguous().detach() : Tensor();
  double weight_sum = 0;
  Tensor losses = Tensor::empty(target.shape(), input.dtype());
  double total = 0;
  dispatch_floating(input.dtype(), name, [&](auto zero) {
    using T = decltype(zero);
    std::tie(total, weight_sum) =
        class_losses<T>(name, params, input.data<T>(), target.data<std::int64_t>(),
                        weight.defined() ? weight.data<T>() : nullptr, losses.data<T>());
  });
  // The weighted mean: 0 / 0 = NaN when every target is ignored, as in PyTorch.
  const Reduction reduction = params.reduction;
  Tensor out = reduction == Reduction::None
                   ? losses
                   : Tensor::scalar(reduction == Reduction::Mean ? total / weight_sum : total, input.dtype());
  Tensor weight_sum_slot;
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int xs = rec->read(input), ts = rec->read(target), ws = weight.defined() ? rec->read(weight) : -1;
    const int ls = reduction == Reduction::None ? -1 : rec->write(losses);
    const int os = rec->write(out);
    weight_sum_slot = Tensor::scalar(weight_sum, DType::Float64);
    const int sums = rec->write(weight_sum_slot);
    rec->step([=](detail::Slot* s) {
      TensorImpl& o = detail::writable(s[os]);
      double* wsum = static_cast<double*>(detail::writable(s[sums]).data);
      dispatch_floating(o.dtype, name, [&](auto zero) {
        using T = decltype(zero);
        T* lp = static_cast<T*>(ls < 0 ? o.data : detail::writable(s[ls]).data);
        const auto [sum, wsum_now] =
            class_losses<T>(name, params, static_cast<const T*>(s[xs].t->data),
                            static_cast<const std::int64_t*>(s[ts].t->data),
                            ws < 0 ? nullptr : static_cast<const T*>(s[ws].t->data), lp);
        *wsum = wsum_now;
        if (reduction != Reduction::None)
          *static_cast<T*>(o.data) = detail::convert<T>(reduction == Reduction::Mean ? sum / wsum_now : sum);
      });
    });
  }
  if (should_record({&input})) {
    ClassLossNode& node =
        record<ClassLossNode>(out, {&input}, node_name, input, target, weight, params, weight_sum);
    node.weight_sum_slot = weight_sum_slot;
  }
  return out;
}

// Cross-entropy against class probabilities: -sum_c w_c target_c log_softmax(input)_c at each
// position, the target smoothed toward uniform first.
Tensor cross_entropy_probabilities(const Tensor& input, const Tensor& target, const Tensor& weight,
                                   std::int64_t ignore_index, Reduction reduction, double smoothing) {
  if (input.shape() != target.shape()) {
    throw std::invalid_argument(
        "cross_entropy(): a floating-point target holds class probabilities and must have "
        "the input's shape " +
        input.shape().str() + ", got " + target.shape().str() + " (class indices need an integer target)");
  }
  if (ignore_index != -100) {
    throw std::invalid_argument(
        "cross_entropy(): ignore_index is not supported for class-probability targets");
  }
  if (input.ndim() == 0)
    throw std::invalid_argument("cross_entropy(): input of shape () has no class dimension");
  if (!is_floating_point(input.dtype())) throw type_error("cross_entropy(): input must be floating point");
  const int class_dim = input.ndim() == 1 ? 0 : 1;
  const std::int64_t c = input.shape()[class_dim];
  Tensor t = cast(target, input.dtype());
  if (smoothing > 0) t = affine(t, 1.0 - smoothing, smoothing / static_cast<double>(c));
  Tensor terms = mul(log_softmax(input, class_dim), t);
  if (weight.defined()) {
    if (weight.shape() != Shape{c}) {
      throw std::invalid_argument("cross_entropy(): weight should be defined for all " + std::to_string(c) +
                                  " classes, got weight of shape " + weight.shape().str());
    }
    std::vector<std::int64_t> shape(static_cast<std::size_t>(input.ndim()), 1);
    shape[static_cast<std::size_t>(class_dim)] = c;
    terms = mul(terms, reshape(weight, shape));
  }
  const Tensor per = neg(sum(terms, class_dim));
  if (reduction == Reduction::Mean) return mean(per);
  if (reduction == Reduction::Sum) return sum(per);
  return per;
}
}  // namespace

Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight, std::int64_t ignore_index,
                Reduction reduction) {
  return class_loss("nll_loss", "NllLossBackward", input, target, weight,
                    ClassLoss{{}, ignore_index, 0.0, false, reduction});
}

Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight,
                     std::int64_t ignore_index, Reduction reduction, double label_smoothing) {
  if (!(label_smoothing >= 0 && label_smoothing <= 1)) {
    throw std::invalid_argument("cross_entropy(): label_smoothing must be between 0.0 and 1.0, got " +
                                std::to_string(label_smoothing));
  }
  if (is_floating_point(target.dtype())) {
    return cross_entropy_probabilities(input, target, weight, ignore_index, reduction, label_smoothing);
  }
  return class_loss("cross_entropy", "CrossEntropyLossBackward", input, target, weight,
                    ClassLoss{{}, ignore_index, label_smoothing, true, reduction});
}

Tensor one_hot(const Tensor& x_in, std::int64_t num_classes) {
  if (!is_integer(x_in.dtype())) {
    throw type_error(std::string("one_hot(): expected an integer (int64) tensor of class indices, got ") +
                     dtype_name(x_in.dtype()));
  }
  const Tensor x = cast(x_in, DType::Int64).contiguous();
  const std::int64_t* p = x.data<std::int64_t>();
  const std::int64_t n = x.numel();
  std::int64_t largest = -1;
  for (std::int64_t i = 0; i < n; ++i) {
    if (p[i] < 0)
      throw std::invalid_argument("one_hot(): class values must be non-negative, got " +
                                  std::to_string(p[i]));
    largest = std::max(largest, p[i]);
  }
  if (num_classes == -1) {
    if (n == 0)
      throw std::invalid_argument(
          "one_hot(): cannot infer the number of classes from an empty tensor (pass num_classes)");
    num_classes = largest + 1;
  } else if (num_classes < 0) {
    throw std::invalid_argument("one_hot(): num_classes must be -1 or >= 0, got " +
                                std::to_string(num_classes));
  } else if (largest >= num_classes) {
    throw std::invalid_argument("one_hot(): class values must be smaller than num_classes (" +
                                std::to_string(num_classes) + "), got " + std::to_string(largest));
  }
  Shape shape = x.shape();
  shape.push_back(num_classes);
  Tensor out = Tensor::zeros(shape, DType::Int64);
  std::int64_t* o = out.data<std::int64_t>();
  for (std::int64_t i = 0; i < n; ++i) o[i * num_classes + p[i]] = 1;
  return out;
}

}  // namespace tapegrad
