#pragma once
// Optimizers. step() updates each parameter that has a gradient in place (bumping its version)
// and leaves the others alone; zero_grad() clears the gradients.
#include <cstdint>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad::optim {

class Optimizer {
 public:
  // Parameters must be leaf tensors that require a gradient; the list must not be empty.
  explicit Optimizer(std::vector<Tensor> params);
  virtual ~Optimizer() = default;
  virtual void step() = 0;
  // With set_to_none (the default, as in PyTorch) gradients become undefined; otherwise zero.
  void zero_grad(bool set_to_none = true);
  const std::vector<Tensor>& parameters() const noexcept { return params_; }

 protected:
  std::vector<Tensor> params_;
};

// p -= lr * v, with v = momentum * v + grad (v = grad when momentum is 0), as torch.optim.SGD.
class SGD : public Optimizer {
 public:
  SGD(std::vector<Tensor> params, double lr, double momentum = 0.0);
  void step() override;
  double lr;
  double momentum;

 private:
  std::vector<Tensor> velocity_;
};

// Adam (Kingma & Ba), bias-corrected, as torch.optim.Adam without weight decay.
class Adam : public Optimizer {
 public:
  Adam(std::vector<Tensor> params, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
       double eps = 1e-8);
  void step() override;
  double lr, beta1, beta2, eps;

 private:
  std::vector<Tensor> m_, v_;        // first and second moment estimates, made on first use
  std::vector<std::int64_t> steps_;  // per parameter: a parameter without a gradient does not count a step
};

}  // namespace tapegrad::optim
