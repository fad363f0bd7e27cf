#pragma once
// Elementwise comparisons, with broadcasting and type promotion as for arithmetic: bool
// tensors, never on the tape. NaN compares unequal to everything, itself included.
#include "tapegrad/tensor.hpp"

namespace tapegrad {

Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);

}  // namespace tapegrad
