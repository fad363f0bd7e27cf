#pragma once
// Optimizers.
//
// The arithmetic is a set of functional, per-tensor updates (sgd_update, adam_update,
// rmsprop_update, adagrad_update) that follow torch.optim's single-tensor formulas operation by
// operation, in the same order, fused into one pass over each tensor (spread over the kernel
// threads for large tensors). Each updates the parameter and its state tensors in place (bumping
// their versions). The Python optimizers (tapegrad.optim) keep the state and call these; the
// classes SGD and Adam below are the same optimizers for C++ code.
#include <cstdint>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad::optim {

// ---- functional updates
//
// param: a contiguous floating-point tensor; grad: a tensor of its shape and dtype (any layout).
// State tensors have the parameter's shape and dtype; `step` is a 0-d floating-point tensor (the
// count of steps taken so far: it is incremented first, in its own dtype, as torch does).
// Hyperparameters are taken as given (the optimizers check them).

struct SgdOptions {
  double lr = 1e-3;
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
  bool maximize = false;
};

// torch.optim.SGD: g = ±grad (+ weight_decay * param); with momentum, b = g on the first step
// (momentum_buffer undefined: it is created) and b = momentum * b + (1 - dampening) * g after,
// then g = g + momentum * b (nesterov) or g = b; param -= lr * g. Without momentum the buffer is
// neither read nor written.
void sgd_update(Tensor& param, const Tensor& grad, Tensor& momentum_buffer, const SgdOptions& options);

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
  bool maximize = false;
  bool decoupled_weight_decay = false;  // AdamW
};

// torch.optim.Adam / AdamW. max_exp_avg_sq is used (and must be defined) only with amsgrad.
void adam_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                 Tensor& max_exp_avg_sq, Tensor& step, const AdamOptions& options);

struct RmspropOptions {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0.0;
  double momentum = 0.0;
  bool centered = false;
  bool maximize = false;
};

// torch.optim.RMSprop. grad_avg is used only when centered, momentum_buffer only when momentum > 0.
void rmsprop_update(Tensor& param, const Tensor& grad, Tensor& square_avg, Tensor& grad_avg,
                    Tensor& momentum_buffer, Tensor& step, const RmspropOptions& options);

struct AdagradOptions {
  double lr = 1e-2;
  double lr_decay = 0.0;
  double weight_decay = 0.0;
  double eps = 1e-10;
  bool maximize = false;
};

// torch.optim.Adagrad (dense gradients).
void adagrad_update(Tensor& param, const Tensor& grad, Tensor& sum, Tensor& step,
                    const AdagradOptions& options);

// ---- optimizer classes for C++ code

class Optimizer {
 public:
  // Parameters must be leaf tensors that require a gradient; the list must not be empty.
  explicit Optimizer(std::vector<Tensor> params);
  virtual ~Optimizer() = default;
  // Updates each parameter that has a gradient; the others are left alone.
  virtual void step() = 0;
  // With set_to_none (the default, as in PyTorch) gradients become undefined; otherwise zero.
  void zero_grad(bool set_to_none = true);
  const std::vector<Tensor>& parameters() const noexcept { return params_; }

 protected:
  std::vector<Tensor> params_;
};

// torch.optim.SGD (see sgd_update). The first constructor is the historical one.
class SGD : public Optimizer {
 public:
  SGD(std::vector<Tensor> params, double lr, double momentum = 0.0);
  SGD(std::vector<Tensor> params, const SgdOptions& options);
  void step() override;
  double lr;
  double momentum;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
  bool maximize = false;

 private:
  std::vector<Tensor> velocity_;
};

// torch.optim.Adam (see adam_update); AdamW with decoupled_weight_decay.
class Adam : public Optimizer {
 public:
  Adam(std::vector<Tensor> params, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
       double eps = 1e-8);
  Adam(std::vector<Tensor> params, const AdamOptions& options);
  void step() override;
  double lr, beta1, beta2, eps;
  double weight_decay = 0.0;
  bool amsgrad = false;
  bool maximize = false;
  bool decoupled_weight_decay = false;

 private:
  // Per parameter, made on its first step: a parameter without a gradient does not count a step.
  std::vector<Tensor> m_, v_, vmax_, steps_;
};

}  // namespace tapegrad::optim
