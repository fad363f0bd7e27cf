#pragma once
// Layers for C++ programs that embed tapegrad (the Python package has its own nn module).
#include <cstdint>
#include <vector>

#include "tapegrad/activation.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::nn {

// Y = act(X @ W + b) with W of shape (in, out) and b of shape (out,), recorded as one node.
// Weights and bias start uniform in [-1/sqrt(in), 1/sqrt(in)], from `seed`.
class Dense {
 public:
  Dense(std::int64_t in_features, std::int64_t out_features, Activation activation = Activation::Sigmoid,
        DType dtype = DType::Float64, std::uint64_t seed = 0);

  Tensor forward(const Tensor& x) const { return dense(x, weight, bias, activation); }
  Tensor operator()(const Tensor& x) const { return forward(x); }
  std::vector<Tensor> parameters() const { return {weight, bias}; }

  Tensor weight;
  Tensor bias;
  Activation activation;
};

}  // namespace tapegrad::nn
