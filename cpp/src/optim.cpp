#include "tapegrad/optim.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include "kernels/thread_pool.hpp"
#include "plan/recorder.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/threading.hpp"

namespace tapegrad::optim {

namespace {
void check_hyper(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("invalid " + what);
}

// Runs body(begin, end) over [0, n) in blocks spread over the kernel threads. An update is one
// memory-bound pass over the parameter, its gradient and its state; a large layer's (W4's first
// weight is 200k floats) takes tens of microseconds on one core, and two cores read twice as fast.
// Every element is updated on its own, so the result does not depend on the split.
template <class F>
void for_blocks(std::int64_t n, F body) {
  constexpr std::int64_t kBlock = std::int64_t{1} << 15;  // elements: worth a worker's time
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
  if (blocks <= 1 || get_num_threads() == 1) return body(std::int64_t{0}, n);
  auto task = [&](int t) {
    const std::int64_t begin = t * kBlock;
    body(begin, std::min(n, begin + kBlock));
  };
  kernels::parallel_for(static_cast<int>(blocks), task);
}

// The parameter is updated in place: it must be a dense floating-point tensor. The gradient may
// be any layout of the same shape and dtype: a strided one is read through a row-major copy,
// kept in `copy` (the returned reference is the gradient itself or that copy).
const Tensor& checked_grad(const Tensor& param, const Tensor& grad, Tensor& copy, const char* op) {
  if (!param.defined()) throw std::invalid_argument(std::string(op) + ": the parameter is undefined");
  if (!grad.defined()) throw std::invalid_argument(std::string(op) + ": the gradient is undefined");
  if (!param.is_contiguous()) {
    throw std::invalid_argument(std::string(op) + ": the parameter of shape " + param.shape().str() +
                                " is a strided view; optimizers update contiguous tensors in place");
  }
  if (param.dtype() != DType::Float32 && param.dtype() != DType::Float64) {
    throw std::invalid_argument(std::string(op) + ": parameters must be float32 or float64, got " +
                                dtype_name(param.dtype()));
  }
  if (grad.dtype() != param.dtype() || grad.shape() != param.shape()) {
    throw std::invalid_argument(std::string(op) + ": the gradient (" + grad.shape().str() + ", " +
                                dtype_name(grad.dtype()) + ") does not match its parameter (" +
                                param.shape().str() + ", " + dtype_name(param.dtype()) + ")");
  }
  if (grad.is_contiguous()) return grad;
  NoGradGuard no_grad;
  copy = grad.contiguous();
  return copy;
}

void check_state(const Tensor& state, const Tensor& param, const char* op, const char* what) {
  if (!state.defined() || !state.is_contiguous() || state.shape() != param.shape() ||
      state.dtype() != param.dtype()) {
    throw std::invalid_argument(std::string(op) + ": the state '" + what +
                                "' must be a contiguous tensor of its parameter's shape " +
                                param.shape().str() + " and dtype " + dtype_name(param.dtype()));
  }
}

// step += 1 in the step tensor's own dtype (torch keeps a float tensor); returns the new count.
double increment_step(Tensor& step, const char* op) {
  if (!step.defined() || step.numel() != 1 || !step.is_contiguous() ||
      (step.dtype() != DType::Float32 && step.dtype() != DType::Float64)) {
    throw std::invalid_argument(std::string(op) + ": the state 'step' must be a one-element float tensor");
  }
  double value = 0.0;
  dispatch_floating(step.dtype(), op, [&](auto zero) {
    using T = decltype(zero);
    T* s = step.data<T>();
    s[0] = s[0] + T(1);
    value = static_cast<double>(s[0]);
  });
  step.storage()->bump_version();
  return value;
}

void bump(const Tensor& t) {
  if (t.defined()) t.storage()->bump_version();
}

// torch.lerp's formula, in the same order.
template <class T>
inline T lerp(T self, T end, T weight) {
  return std::abs(weight) < T(0.5) ? self + weight * (end - self) : end - (end - self) * (T(1) - weight);
}

// torch.maximum: NaN propagates.
template <class T>
inline T maximum(T a, T b) {
  return (a != a || a > b) ? a : b;
}
}  // namespace

// ---- functional updates: each line mirrors one torch operation of the single-tensor path.

static void sgd_update_now(Tensor& param, const Tensor& grad_, Tensor& momentum_buffer, const SgdOptions& o) {
  Tensor copy;
  const Tensor& grad = checked_grad(param, grad_, copy, "sgd_update");
  const bool use_momentum = o.momentum != 0.0;
  const bool first = use_momentum && !momentum_buffer.defined();
  if (first) {
    momentum_buffer = Tensor::empty(param.shape(), param.dtype());
  } else if (use_momentum) {
    check_state(momentum_buffer, param, "sgd_update", "momentum_buffer");
  }
  dispatch_floating(param.dtype(), "sgd_update", [&](auto zero) {
    using T = decltype(zero);
    T* p = param.data<T>();
    const T* gp = grad.data<T>();
    T* b = use_momentum ? momentum_buffer.data<T>() : nullptr;
    const T wd = static_cast<T>(o.weight_decay), mu = static_cast<T>(o.momentum);
    const T keep = static_cast<T>(1.0 - o.dampening), neg_lr = static_cast<T>(-o.lr);
    const bool decay = o.weight_decay != 0.0, nesterov = o.nesterov, maximize = o.maximize;
    for_blocks(param.numel(), [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t j = begin; j < end; ++j) {
        T g = maximize ? -gp[j] : gp[j];  // grad = -grad
        if (decay) g = g + wd * p[j];     // grad = grad.add(param, alpha=weight_decay)
        if (b) {
          if (first) {
            b[j] = g;  // buf = grad.clone()
          } else {
            b[j] = b[j] * mu + keep * g;  // buf.mul_(momentum).add_(grad, alpha=1 - dampening)
          }
          g = nesterov ? g + mu * b[j] : b[j];  // grad.add(buf, alpha=momentum) or buf
        }
        p[j] = p[j] + neg_lr * g;  // param.add_(grad, alpha=-lr)
      }
    });
  });
  bump(param);
  if (use_momentum) bump(momentum_buffer);
}

static void adam_update_now(Tensor& param, const Tensor& grad_, Tensor& exp_avg, Tensor& exp_avg_sq,
                            Tensor& max_exp_avg_sq, Tensor& step_t, const AdamOptions& o) {
  Tensor copy;
  const Tensor& grad = checked_grad(param, grad_, copy, "adam_update");
  check_state(exp_avg, param, "adam_update", "exp_avg");
  check_state(exp_avg_sq, param, "adam_update", "exp_avg_sq");
  if (o.amsgrad) check_state(max_exp_avg_sq, param, "adam_update", "max_exp_avg_sq");
  const double step = increment_step(step_t, "adam_update");
  // Scalars as torch computes them in Python (double precision).
  const double bias_correction1 = 1.0 - std::pow(o.beta1, step);
  const double bias_correction2 = 1.0 - std::pow(o.beta2, step);
  const double step_size = o.lr / bias_correction1;
  const double bias_correction2_sqrt = std::pow(bias_correction2, 0.5);
  dispatch_floating(param.dtype(), "adam_update", [&](auto zero) {
    using T = decltype(zero);
    T* p = param.data<T>();
    const T* gp = grad.data<T>();
    T* m = exp_avg.data<T>();
    T* v = exp_avg_sq.data<T>();
    T* vmax = o.amsgrad ? max_exp_avg_sq.data<T>() : nullptr;
    const T wd = static_cast<T>(o.weight_decay), shrink = static_cast<T>(1.0 - o.lr * o.weight_decay);
    const T w1 = static_cast<T>(1.0 - o.beta1), b2 = static_cast<T>(o.beta2),
            w2 = static_cast<T>(1.0 - o.beta2);
    const T bc2_sqrt = static_cast<T>(bias_correction2_sqrt), eps = static_cast<T>(o.eps);
    const T neg_step_size = static_cast<T>(-step_size);
    const bool decay = o.weight_decay != 0.0, decoupled = o.decoupled_weight_decay, maximize = o.maximize;
    for_blocks(param.numel(), [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t j = begin; j < end; ++j) {
        T g = maximize ? -gp[j] : gp[j];
        if (decay) {
          if (decoupled) {
            p[j] = p[j] * shrink;  // param.mul_(1 - lr * weight_decay)
          } else {
            g = g + wd * p[j];  // grad = grad.add(param, alpha=weight_decay)
          }
        }
        m[j] = lerp(m[j], g, w1);  // exp_avg.lerp_(grad, 1 - beta1)
        v[j] = v[j] * b2;          // exp_avg_sq.mul_(beta2)
        v[j] = v[j] + w2 * g * g;  //   .addcmul_(grad, grad, value=1 - beta2)
        T second = v[j];
        if (vmax) {
          vmax[j] = maximum(vmax[j], v[j]);  // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=...)
          second = vmax[j];
        }
        const T denom = std::sqrt(second) / bc2_sqrt + eps;  // (sq.sqrt() / bc2_sqrt).add_(eps)
        p[j] = p[j] + neg_step_size * m[j] / denom;  // param.addcdiv_(exp_avg, denom, value=-step_size)
      }
    });
  });
  bump(param);
  bump(exp_avg);
  bump(exp_avg_sq);
  if (o.amsgrad) bump(max_exp_avg_sq);
}

static void rmsprop_update_now(Tensor& param, const Tensor& grad_, Tensor& square_avg, Tensor& grad_avg,
                               Tensor& momentum_buffer, Tensor& step_t, const RmspropOptions& o) {
  Tensor copy;
  const Tensor& grad = checked_grad(param, grad_, copy, "rmsprop_update");
  check_state(square_avg, param, "rmsprop_update", "square_avg");
  if (o.centered) check_state(grad_avg, param, "rmsprop_update", "grad_avg");
  const bool use_momentum = o.momentum > 0.0;
  if (use_momentum) check_state(momentum_buffer, param, "rmsprop_update", "momentum_buffer");
  increment_step(step_t, "rmsprop_update");
  dispatch_floating(param.dtype(), "rmsprop_update", [&](auto zero) {
    using T = decltype(zero);
    T* p = param.data<T>();
    const T* gp = grad.data<T>();
    T* sq = square_avg.data<T>();
    T* ga = o.centered ? grad_avg.data<T>() : nullptr;
    T* b = use_momentum ? momentum_buffer.data<T>() : nullptr;
    const T wd = static_cast<T>(o.weight_decay), alpha = static_cast<T>(o.alpha);
    const T w = static_cast<T>(1.0 - o.alpha), eps = static_cast<T>(o.eps);
    const T mu = static_cast<T>(o.momentum), neg_lr = static_cast<T>(-o.lr);
    const bool decay = o.weight_decay != 0.0, maximize = o.maximize;
    for_blocks(param.numel(), [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t j = begin; j < end; ++j) {
        T g = maximize ? -gp[j] : gp[j];
        if (decay) g = g + wd * p[j];  // grad.add(param, alpha=weight_decay)
        sq[j] = sq[j] * alpha;         // square_avg.mul_(alpha)
        sq[j] = sq[j] + w * g * g;     //   .addcmul_(grad, grad, value=1 - alpha)
        T avg;
        if (ga) {
          ga[j] = lerp(ga[j], g, w);                       // grad_avg.lerp_(grad, 1 - alpha)
          avg = std::sqrt(sq[j] + T(-1) * ga[j] * ga[j]);  // square_avg.addcmul(ga, ga, value=-1).sqrt_()
        } else {
          avg = std::sqrt(sq[j]);  // square_avg.sqrt()
        }
        avg = avg + eps;  // .add_(eps)
        if (b) {
          b[j] = b[j] * mu;             // buf.mul_(momentum)
          b[j] = b[j] + g / avg;        //   .addcdiv_(grad, avg)
          p[j] = p[j] + neg_lr * b[j];  // param.add_(buf, alpha=-lr)
        } else {
          p[j] = p[j] + neg_lr * g / avg;  // param.addcdiv_(grad, avg, value=-lr)
        }
      }
    });
  });
  bump(param);
  bump(square_avg);
  if (o.centered) bump(grad_avg);
  if (use_momentum) bump(momentum_buffer);
}

static void adagrad_update_now(Tensor& param, const Tensor& grad_, Tensor& sum, Tensor& step_t,
                               const AdagradOptions& o) {
  Tensor copy;
  const Tensor& grad = checked_grad(param, grad_, copy, "adagrad_update");
  check_state(sum, param, "adagrad_update", "sum");
  const double step = increment_step(step_t, "adagrad_update");
  const double clr = o.lr / (1.0 + (step - 1.0) * o.lr_decay);
  dispatch_floating(param.dtype(), "adagrad_update", [&](auto zero) {
    using T = decltype(zero);
    T* p = param.data<T>();
    const T* gp = grad.data<T>();
    T* s = sum.data<T>();
    const T wd = static_cast<T>(o.weight_decay), eps = static_cast<T>(o.eps), neg_clr = static_cast<T>(-clr);
    const bool decay = o.weight_decay != 0.0, maximize = o.maximize;
    for_blocks(param.numel(), [&](std::int64_t begin, std::int64_t end) {
      for (std::int64_t j = begin; j < end; ++j) {
        T g = maximize ? -gp[j] : gp[j];
        if (decay) g = g + wd * p[j];           // grad.add(param, alpha=weight_decay)
        s[j] = s[j] + T(1) * g * g;             // state_sum.addcmul_(grad, grad, value=1)
        const T stdev = std::sqrt(s[j]) + eps;  // state_sum.sqrt().add_(eps)
        p[j] = p[j] + neg_clr * g / stdev;      // param.addcdiv_(grad, std, value=-clr)
      }
    });
  });
  bump(param);
  bump(sum);
}

// ---- classes

Optimizer::Optimizer(std::vector<Tensor> params) : params_(std::move(params)) {
  if (params_.empty()) throw std::invalid_argument("the optimizer got an empty parameter list");
  std::set<const TensorImpl*> seen;
  for (const Tensor& p : params_) {
    if (p.defined() && !seen.insert(p.impl()).second) {
      throw std::invalid_argument("a parameter of shape " + p.shape().str() +
                                  " appears twice in the optimizer's list; it would be stepped twice");
    }
    if (!p.defined() || !p.is_leaf() || !p.requires_grad()) {
      throw std::invalid_argument(
          "optimizers update leaf tensors that require a gradient; got " +
          std::string(p.defined() && !p.is_leaf() ? "a non-leaf tensor" : "a tensor without requires_grad"));
    }
  }
}

namespace {
// Runs update(tensors) now and, in a Plan being recorded, also as a step on the same tensors
// (the parameter, its gradient and its state: all updated in place, as here).
template <std::size_t N, class F>
void replayable(const char* what, const std::array<Tensor*, N>& tensors, F update) {
  detail::Recorder* rec = detail::Recorder::active();
  if (!rec) {
    update(tensors);
    return;
  }
  std::array<int, N> slots{};
  for (std::size_t i = 0; i < N; ++i) slots[i] = tensors[i]->defined() ? rec->read(*tensors[i]) : -1;
  {
    const detail::Recorder::Mute mute(*rec);
    update(tensors);
  }
  for (std::size_t i = 0; i < N; ++i) {
    if (slots[i] < 0 && tensors[i]->defined()) {
      rec->refuse(std::string(what) +
                  "'s first step (it makes the optimizer's state): call the compiled "
                  "function once more, its first call runs eagerly");
    }
  }
  // The parameter and its state are the same tensors on every run: the step keeps them (no
  // reference counting per run); the gradient is looked up.
  std::array<Tensor, N> kept;
  for (std::size_t i = 0; i < N; ++i) {
    if (slots[i] >= 0 && rec->fixed(slots[i])) {
      kept[i] = *tensors[i];
      slots[i] = -1;
    }
  }
  rec->step([slots, kept, update](detail::Slot* s) mutable {
    std::array<Tensor, N> looked_up;
    std::array<Tensor*, N> args{};
    for (std::size_t i = 0; i < N; ++i) {
      if (slots[i] >= 0) looked_up[i] = Tensor(s[slots[i]].t);
      args[i] = slots[i] >= 0 ? &looked_up[i] : &kept[i];
    }
    update(args);
  });
}
}  // namespace

void sgd_update(Tensor& param, const Tensor& grad, Tensor& momentum_buffer, const SgdOptions& o) {
  Tensor g = grad;
  replayable<3>("SGD", {&param, &g, &momentum_buffer},
                [o](const std::array<Tensor*, 3>& t) { sgd_update_now(*t[0], *t[1], *t[2], o); });
}

void adam_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                 Tensor& max_exp_avg_sq, Tensor& step, const AdamOptions& o) {
  Tensor g = grad;
  replayable<6>(
      "Adam", {&param, &g, &exp_avg, &exp_avg_sq, &max_exp_avg_sq, &step},
      [o](const std::array<Tensor*, 6>& t) { adam_update_now(*t[0], *t[1], *t[2], *t[3], *t[4], *t[5], o); });
}

void rmsprop_update(Tensor& param, const Tensor& grad, Tensor& square_avg, Tensor& grad_avg,
                    Tensor& momentum_buffer, Tensor& step, const RmspropOptions& o) {
  Tensor g = grad;
  replayable<6>("RMSprop", {&param, &g, &square_avg, &grad_avg, &momentum_buffer, &step},
                [o](const std::array<Tensor*, 6>& t) {
                  rmsprop_update_now(*t[0], *t[1], *t[2], *t[3], *t[4], *t[5], o);
                });
}

void adagrad_update(Tensor& param, const Tensor& grad, Tensor& sum, Tensor& step, const AdagradOptions& o) {
  Tensor g = grad;
  replayable<4>("Adagrad", {&param, &g, &sum, &step},
                [o](const std::array<Tensor*, 4>& t) { adagrad_update_now(*t[0], *t[1], *t[2], *t[3], o); });
}

void Optimizer::zero_grad(bool set_to_none) {
  for (Tensor& p : params_) {
    if (set_to_none) {
      p.set_grad(Tensor());
    } else {
      p.zero_grad();
    }
  }
}

namespace {
void check_lr(double lr) {
  check_hyper(std::isfinite(lr) && lr >= 0, "learning rate: " + std::to_string(lr));
}
}  // namespace

SGD::SGD(std::vector<Tensor> params, double lr_, double momentum_)
    : SGD(std::move(params), SgdOptions{lr_, momentum_, 0.0, 0.0, false, false}) {}

SGD::SGD(std::vector<Tensor> params, const SgdOptions& o)
    : Optimizer(std::move(params)),
      lr(o.lr),
      momentum(o.momentum),
      dampening(o.dampening),
      weight_decay(o.weight_decay),
      nesterov(o.nesterov),
      maximize(o.maximize),
      velocity_(params_.size()) {
  check_lr(lr);
  check_hyper(std::isfinite(momentum) && momentum >= 0 && momentum < 1,
              "momentum: " + std::to_string(momentum));
  check_hyper(std::isfinite(weight_decay) && weight_decay >= 0,
              "weight_decay: " + std::to_string(weight_decay));
  check_hyper(!nesterov || (momentum > 0 && dampening == 0),
              "nesterov: Nesterov momentum requires a momentum and zero dampening");
}

void SGD::step() {
  const SgdOptions o{lr, momentum, dampening, weight_decay, nesterov, maximize};
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Tensor grad = params_[i].grad();
    if (!grad.defined()) continue;  // no gradient: leave the parameter alone
    sgd_update(params_[i], grad, velocity_[i], o);
  }
}

Adam::Adam(std::vector<Tensor> params, double lr_, double beta1_, double beta2_, double eps_)
    : Adam(std::move(params), AdamOptions{lr_, beta1_, beta2_, eps_, 0.0, false, false, false}) {}

Adam::Adam(std::vector<Tensor> params, const AdamOptions& o)
    : Optimizer(std::move(params)),
      lr(o.lr),
      beta1(o.beta1),
      beta2(o.beta2),
      eps(o.eps),
      weight_decay(o.weight_decay),
      amsgrad(o.amsgrad),
      maximize(o.maximize),
      decoupled_weight_decay(o.decoupled_weight_decay),
      m_(params_.size()),
      v_(params_.size()),
      vmax_(params_.size()),
      steps_(params_.size()) {
  check_lr(lr);
  check_hyper(beta1 >= 0 && beta1 < 1, "beta1: " + std::to_string(beta1));
  check_hyper(beta2 >= 0 && beta2 < 1, "beta2: " + std::to_string(beta2));
  check_hyper(std::isfinite(eps) && eps > 0, "eps: " + std::to_string(eps));
  check_hyper(std::isfinite(weight_decay) && weight_decay >= 0,
              "weight_decay: " + std::to_string(weight_decay));
}

void Adam::step() {
  const AdamOptions o{lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay};
  for (std::size_t i = 0; i < params_.size(); ++i) {
    Tensor& p = params_[i];
    const Tensor grad = p.grad();
    if (!grad.defined()) continue;
    if (!m_[i].defined()) {
      m_[i] = Tensor::zeros(p.shape(), p.dtype());
      v_[i] = Tensor::zeros(p.shape(), p.dtype());
      steps_[i] = Tensor::scalar(0.0, DType::Float64);
    }
    if (amsgrad && !vmax_[i].defined()) vmax_[i] = Tensor::zeros(p.shape(), p.dtype());
    adam_update(p, grad, m_[i], v_[i], vmax_[i], steps_[i], o);
  }
}

}  // namespace tapegrad::optim
