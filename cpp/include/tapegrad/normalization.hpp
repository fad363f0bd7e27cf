#pragma once
// Normalization layers' ops, as torch.nn.functional's.
#include <cstdint>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

// Layer normalization over the trailing dimensions `normalized_shape` of x:
// (x - mean) / sqrt(var + eps) * weight + bias, with the mean and the biased variance of each
// slice of x's last normalized_shape.size() dimensions. weight and bias (each undefined for
// none) have the shape normalized_shape and x's dtype. One tape node, forward and backward each
// one fused pass per slice (the statistics accumulate in double). std::invalid_argument when x's
// trailing dimensions are not normalized_shape, or weight or bias have another shape;
// tapegrad::type_error for integer tensors and for weight or bias of another dtype than x.
// The backward is not itself differentiable (no gradients of gradients).
Tensor layer_norm(const Tensor& x, const std::vector<std::int64_t>& normalized_shape,
                  const Tensor& weight = Tensor(), const Tensor& bias = Tensor(), double eps = 1e-5);

}  // namespace tapegrad
