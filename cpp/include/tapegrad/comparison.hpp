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

// |a - b| <= atol + rtol * |b| elementwise, or a == b (infinities of one sign are close; NaN
// only to NaN, and only with equal_nan). a and b must have one dtype (type_error otherwise);
// rtol and atol must be >= 0 (std::invalid_argument).
Tensor isclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08,
               bool equal_nan = false);
// Whether isclose holds for every element (after broadcasting).
bool allclose(const Tensor& a, const Tensor& b, double rtol = 1e-05, double atol = 1e-08,
              bool equal_nan = false);
// Whether a and b have the same shape (no broadcasting) and equal elements (compared in the
// promoted dtype; NaN is never equal).
bool equal(const Tensor& a, const Tensor& b);

}  // namespace tapegrad
