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

// Batch normalization in training mode, as torch.nn.functional.batch_norm(training=True): each
// channel (dimension 1) of x, of shape (N, C, ...), is normalized with the mean and the biased
// variance of its N x ... values, then scaled by weight[c] and shifted by bias[c] (each (C,), x's
// dtype, or undefined). One tape node. `mean` and `var` are the batch's (C,) mean and UNBIASED
// variance (what a running average takes; not recorded). std::invalid_argument for fewer than 2
// dimensions, a single value per channel, or weight or bias not of C values;
// tapegrad::type_error for integer tensors and for weight or bias of another dtype than x.
struct BatchNormTraining {
  Tensor output;
  Tensor mean;
  Tensor var;
};
BatchNormTraining batch_norm_training(const Tensor& x, const Tensor& weight = Tensor(),
                                      const Tensor& bias = Tensor(), double eps = 1e-5);

// Batch normalization with fixed statistics, as batch_norm(training=False): each channel is
// normalized with running_mean[c] and running_var[c] (each (C,), x's dtype; required), then scaled
// and shifted. One tape node; gradients flow to x, weight and bias (not to the statistics).
Tensor batch_norm_inference(const Tensor& x, const Tensor& running_mean, const Tensor& running_var,
                            const Tensor& weight = Tensor(), const Tensor& bias = Tensor(),
                            double eps = 1e-5);

}  // namespace tapegrad
