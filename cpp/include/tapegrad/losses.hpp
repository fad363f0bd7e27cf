#pragma once
// Losses, as torch.nn.functional's: each reduces its elementwise losses by `reduction` (their
// mean, by default; their sum; or none, giving the elementwise losses). Elementwise losses need
// input and target of the same shape (no silent broadcasting of a (n,) target against (n, 1)
// predictions: std::invalid_argument naming both shapes), and compute in their promoted
// floating-point dtype. The mean over empty tensors throws std::invalid_argument.
#include <cstdint>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

enum class Reduction { None, Mean, Sum };

// (input - target)^2, |input - target|.
Tensor mse_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);
Tensor l1_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean);
// 0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (beta = 0 gives l1_loss); huber_loss is
// delta times smooth_l1_loss with beta = delta. beta and delta must be >= 0 (> 0 for huber).
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
                      double beta = 1.0);
Tensor huber_loss(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
                  double delta = 1.0);
// input holds probabilities in [0, 1]; log terms are clamped at -100 as PyTorch does. weight
// (undefined for none) multiplies the elementwise losses and broadcasts to the input's shape.
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                            Reduction reduction = Reduction::Mean);
// input holds logits; stable for any value. pos_weight weighs the positive term (broadcast
// along the last dimension, one per class).
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const Tensor& weight = Tensor(), const Tensor& pos_weight = Tensor(),
                                        Reduction reduction = Reduction::Mean);

// The negative log-likelihood of class indices. input holds log-probabilities of shape (C,),
// (N, C) or (N, C, d1, ...) (classes along dimension 1); target the class indices (an integer
// tensor of shape (), (N,) or (N, d1, ...)). weight (C,) weighs each class; targets equal to
// ignore_index count for nothing. The mean is the weighted mean: the sum of the losses divided
// by the sum of the weights of the targets not ignored (NaN when all are ignored).
// std::out_of_range names a target outside [0, C).
Tensor nll_loss(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                std::int64_t ignore_index = -100, Reduction reduction = Reduction::Mean);
// Cross-entropy of logits: nll_loss(log_softmax(input, 1), target) in one fused, stable node,
// with label smoothing (target mixed with the uniform distribution by label_smoothing in
// [0, 1]). A floating-point target of the input's shape holds class probabilities instead
// (ignore_index does not apply; the mean is over the N x d1 x ... positions).
Tensor cross_entropy(const Tensor& input, const Tensor& target, const Tensor& weight = Tensor(),
                     std::int64_t ignore_index = -100, Reduction reduction = Reduction::Mean,
                     double label_smoothing = 0.0);
// The Kullback-Leibler divergence target * (log(target) - input) (input holds log-probabilities;
// log_target: target does too). Reduction::Mean averages over every element, as PyTorch's
// 'mean' (its 'batchmean' is the sum divided by the first dimension).
Tensor kl_div(const Tensor& input, const Tensor& target, Reduction reduction = Reduction::Mean,
              bool log_target = false);

// An int64 tensor of x's shape plus a last dimension of num_classes: 1 at each value of the
// integer tensor x, 0 elsewhere. num_classes -1 means max(x) + 1.
Tensor one_hot(const Tensor& x, std::int64_t num_classes = -1);

}  // namespace tapegrad
