#include "tapegrad/nn.hpp"

#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

namespace tapegrad::nn {

namespace {
Tensor uniform(const Shape& shape, double bound, DType dtype, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> dist(-bound, bound);
  std::vector<double> values(static_cast<std::size_t>(shape.numel()));
  for (double& v : values) v = dist(rng);
  Tensor t = Tensor::from_vector(values, shape, dtype);
  t.set_requires_grad(true);
  return t;
}
}  // namespace

Dense::Dense(std::int64_t in_features, std::int64_t out_features, Activation activation_, DType dtype,
             std::uint64_t seed)
    : activation(activation_) {
  if (in_features <= 0 || out_features <= 0) {
    throw std::invalid_argument("Dense needs positive sizes, got in_features=" + std::to_string(in_features) +
                                ", out_features=" + std::to_string(out_features));
  }
  std::mt19937_64 rng(seed);
  const double bound = 1.0 / std::sqrt(static_cast<double>(in_features));  // as torch.nn.Linear
  weight = uniform(Shape{in_features, out_features}, bound, dtype, rng);
  bias = uniform(Shape{out_features}, bound, dtype, rng);
}

}  // namespace tapegrad::nn
