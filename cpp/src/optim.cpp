#include "tapegrad/optim.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include "kernels/thread_pool.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/threading.hpp"

namespace tapegrad::optim {

namespace {
void check_hyper(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("invalid " + what);
}

// Runs f(param, grad, state...) elementwise as double precision scalars on each parameter
// that has a gradient, then bumps the parameter's version.
// Runs body(begin, end) over [0, n) in blocks spread over the kernel threads. An update is one
// memory-bound pass over the parameter and its gradient; a large layer's (W4's first weight is
// 200k floats) takes tens of microseconds on one core, and two cores read twice as fast.
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

template <class F>
void update_each(std::vector<Tensor>& params, F f) {
  NoGradGuard no_grad;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Tensor grad = params[i].grad();
    if (!grad.defined()) continue;  // no gradient: leave the parameter alone
    f(i, params[i], grad);
    params[i].storage()->bump_version();
  }
}
}  // namespace

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

void Optimizer::zero_grad(bool set_to_none) {
  for (Tensor& p : params_) {
    if (set_to_none) {
      p.set_grad(Tensor());
    } else {
      p.zero_grad();
    }
  }
}

SGD::SGD(std::vector<Tensor> params, double lr_, double momentum_)
    : Optimizer(std::move(params)), lr(lr_), momentum(momentum_), velocity_(params_.size()) {
  check_hyper(std::isfinite(lr) && lr >= 0, "learning rate: " + std::to_string(lr));
  check_hyper(std::isfinite(momentum) && momentum >= 0 && momentum < 1,
              "momentum: " + std::to_string(momentum));
}

void SGD::step() {
  update_each(params_, [&](std::size_t i, Tensor& p, const Tensor& grad) {
    dispatch_floating(p.dtype(), "optimizer step", [&](auto zero) {
      using T = decltype(zero);
      T* w = p.data<T>();
      const T* g = grad.data<T>();
      const std::int64_t n = p.numel();
      const T rate = static_cast<T>(lr);
      if (momentum == 0.0) {
        for_blocks(n, [&](std::int64_t begin, std::int64_t end) {
          for (std::int64_t j = begin; j < end; ++j) w[j] -= rate * g[j];
        });
        return;
      }
      Tensor& v = velocity_[i];
      const bool first = !v.defined();
      if (first) v = Tensor::empty(p.shape(), p.dtype());
      T* vp = v.data<T>();
      const T mu = static_cast<T>(momentum);
      for_blocks(n, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t j = begin; j < end; ++j) {
          vp[j] = first ? g[j] : mu * vp[j] + g[j];
          w[j] -= rate * vp[j];
        }
      });
    });
  });
}

Adam::Adam(std::vector<Tensor> params, double lr_, double beta1_, double beta2_, double eps_)
    : Optimizer(std::move(params)),
      lr(lr_),
      beta1(beta1_),
      beta2(beta2_),
      eps(eps_),
      m_(params_.size()),
      v_(params_.size()),
      steps_(params_.size(), 0) {
  check_hyper(std::isfinite(lr) && lr >= 0, "learning rate: " + std::to_string(lr));
  check_hyper(beta1 >= 0 && beta1 < 1, "beta1: " + std::to_string(beta1));
  check_hyper(beta2 >= 0 && beta2 < 1, "beta2: " + std::to_string(beta2));
  check_hyper(std::isfinite(eps) && eps > 0, "eps: " + std::to_string(eps));
}

void Adam::step() {
  update_each(params_, [&](std::size_t i, Tensor& p, const Tensor& grad) {
    if (!m_[i].defined()) {
      m_[i] = Tensor::zeros(p.shape(), p.dtype());
      v_[i] = Tensor::zeros(p.shape(), p.dtype());
    }
    const std::int64_t t = ++steps_[i];
    const double bias1 = 1.0 - std::pow(beta1, static_cast<double>(t));
    const double bias2 = 1.0 - std::pow(beta2, static_cast<double>(t));
    dispatch_floating(p.dtype(), "optimizer step", [&](auto zero) {
      using T = decltype(zero);
      T* w = p.data<T>();
      const T* g = grad.data<T>();
      T* m = m_[i].data<T>();
      T* v = v_[i].data<T>();
      const T b1 = static_cast<T>(beta1), b2 = static_cast<T>(beta2);
      const T step_size = static_cast<T>(lr / bias1);
      const T sqrt_bias2 = static_cast<T>(std::sqrt(bias2));
      const T e = static_cast<T>(eps);
      for (std::int64_t j = 0, n = p.numel(); j < n; ++j) {
        m[j] = b1 * m[j] + (T(1) - b1) * g[j];
        v[j] = b2 * v[j] + (T(1) - b2) * g[j] * g[j];
        w[j] -= step_size * m[j] / (std::sqrt(v[j]) / sqrt_bias2 + e);
      }
    });
  });
}

}  // namespace tapegrad::optim
