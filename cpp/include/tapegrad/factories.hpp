#pragma once
// Factories and random sampling at the level of tensors, as torch.zeros, torch.arange,
// torch.rand, Tensor.uniform_, ...
//
// Every factory returns a new contiguous leaf tensor that does not require a gradient (call
// set_requires_grad on it). A negative size throws std::invalid_argument; a dtype an op has no
// meaning for throws tapegrad::type_error; a value that the dtype cannot hold throws
// std::invalid_argument (PyTorch raises there too, or wraps around silently: see each).
//
// The sampling functions draw from a tapegrad::Generator (random.hpp), the default one unless
// given: the same seed gives the same numbers on every platform and thread count, and not the
// numbers PyTorch gives for that seed (its engine is another). Elements are drawn in row-major
// order of the result, whatever the memory layout of a tensor filled in place.
#include <cstdint>
#include <optional>
#include <vector>

#include "tapegrad/dtype.hpp"
#include "tapegrad/random.hpp"
#include "tapegrad/tensor.hpp"

namespace tapegrad {

// ---- From sizes --------------------------------------------------------------------------------

// Uninitialised values (torch.empty).
Tensor empty(const Shape& shape, DType dtype = default_dtype());
Tensor zeros(const Shape& shape, DType dtype = default_dtype());
Tensor ones(const Shape& shape, DType dtype = default_dtype());
// Every element `value` converted to dtype: floats truncate toward zero into integers, anything
// non-zero is true. Throws std::invalid_argument, as torch.full, when the value does not fit the
// dtype (NaN or a value beyond the range of an integer type, a finite value beyond float32's
// range); negative values down to -255 wrap around into uint8, as in PyTorch.
Tensor full(const Shape& shape, double value, DType dtype = default_dtype());
// The same with an integer value, exact beyond 2^53.
Tensor full(const Shape& shape, std::int64_t value, DType dtype = DType::Int64);
inline Tensor full(const Shape& shape, int value, DType dtype = DType::Int64) {
  return full(shape, static_cast<std::int64_t>(value), dtype);
}
// Uninitialised values in a buffer laid out with the given strides (in elements, >= 0): the
// buffer holds the largest offset the strides reach (torch.empty_strided).
Tensor empty_strided(const Shape& shape, const std::vector<std::int64_t>& strides,
                     DType dtype = default_dtype());

// The like-functions: x's shape, and x's dtype unless another is given. The result is
// contiguous whatever x's layout (PyTorch keeps a dense x's strides).
Tensor empty_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor zeros_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor ones_like(const Tensor& x, std::optional<DType> dtype = std::nullopt);
Tensor full_like(const Tensor& x, double value, std::optional<DType> dtype = std::nullopt);
Tensor full_like(const Tensor& x, std::int64_t value, std::optional<DType> dtype = std::nullopt);

// ---- Ranges ------------------------------------------------------------------------------------

// start, start + step, ... while below end (above it for a negative step): ceil((end - start) /
// step) values, as torch.arange. In floating point element i is fma(step, i, start) in double,
// rounded once to dtype: PyTorch's formula (its CPU kernel, compiled with FMA contraction,
// computes the same bits, except that its vectorised loop builds some elements of long ranges
// from their neighbours, a difference in the last bit). Throws std::invalid_argument for a zero
// step, a non-finite bound, a step whose sign leads away from end, and, unlike PyTorch (which
// wraps around), values that dtype cannot hold; tapegrad::type_error for bool.
Tensor arange(double start, double end, double step = 1.0, DType dtype = default_dtype());
// Integer bounds, exact: int64 unless another dtype is given.
Tensor arange(std::int64_t start, std::int64_t end, std::int64_t step = 1, DType dtype = DType::Int64);

// `steps` values from start to end inclusive, as torch.linspace, bit for bit: step = (end -
// start) / (steps - 1) in dtype (double for integer dtypes, which truncate the values), element
// i = fma(step, i, start) for i < steps / 2 and fma(-step, steps - 1 - i, end) after, so both
// ends are exact. Throws std::invalid_argument for steps < 0, type_error for bool.
Tensor linspace(double start, double end, std::int64_t steps, DType dtype = default_dtype());
// base ** linspace(start, end, steps), computed in double (torch.logspace).
Tensor logspace(double start, double end, std::int64_t steps, double base = 10.0,
                DType dtype = default_dtype());
// Ones on the diagonal of an n x m matrix (m = n by default).
Tensor eye(std::int64_t n, std::optional<std::int64_t> m = std::nullopt, DType dtype = default_dtype());
// The 2 x N coordinates (row, column) of the elements of a row x col matrix on or below (tril)
// or on or above (triu) diagonal `offset`, row by row. dtype: an integer type that holds them.
Tensor tril_indices(std::int64_t row, std::int64_t col, std::int64_t offset = 0, DType dtype = DType::Int64);
Tensor triu_indices(std::int64_t row, std::int64_t col, std::int64_t offset = 0, DType dtype = DType::Int64);

// ---- Random sampling -----------------------------------------------------------------------------
// Floating-point samplers throw tapegrad::type_error for other dtypes.

// Uniform in [0, 1) (torch.rand): 24 random bits per float32 element, 53 per float64.
Tensor rand(const Shape& shape, DType dtype = default_dtype(), Generator& gen = default_generator());
// Standard normal (torch.randn).
Tensor randn(const Shape& shape, DType dtype = default_dtype(), Generator& gen = default_generator());
// Uniform integers in [low, high) (torch.randint); any dtype that holds low and high - 1.
Tensor randint(std::int64_t low, std::int64_t high, const Shape& shape, DType dtype = DType::Int64,
               Generator& gen = default_generator());
// A random permutation of 0 .. n-1 (torch.randperm); dtype must hold n - 1.
Tensor randperm(std::int64_t n, DType dtype = DType::Int64, Generator& gen = default_generator());
// mean + std * N(0, 1), mean and std broadcast together (torch.normal). Differentiable as in
// PyTorch: the gradient with respect to mean and std is zero (not the reparameterisation).
// Throws std::invalid_argument for a negative std.
Tensor normal(const Tensor& mean, const Tensor& std, Generator& gen = default_generator());
Tensor normal(const Tensor& mean, double std, Generator& gen = default_generator());
Tensor normal(double mean, const Tensor& std, Generator& gen = default_generator());
Tensor normal(double mean, double std, const Shape& shape, DType dtype = default_dtype(),
              Generator& gen = default_generator());
// 1 with probability probs[i], else 0, in probs' dtype (torch.bernoulli(probs)); the gradient
// with respect to probs is zero, as in PyTorch. Throws std::invalid_argument for a probability
// outside [0, 1].
Tensor bernoulli(const Tensor& probs, Generator& gen = default_generator());
// A tensor like x (shape and dtype) of draws with probability p (torch.bernoulli(x, p)).
Tensor bernoulli(const Tensor& x, double p, Generator& gen = default_generator());
// Category indices drawn by the weights of each row of probs (1-D or 2-D), int64 of shape
// (num_samples,) or (rows, num_samples) (torch.multinomial).
Tensor multinomial(const Tensor& probs, std::int64_t num_samples, bool replacement = false,
                   Generator& gen = default_generator());

// The like-samplers: x's shape, x's dtype unless another is given.
Tensor rand_like(const Tensor& x, std::optional<DType> dtype = std::nullopt,
                 Generator& gen = default_generator());
Tensor randn_like(const Tensor& x, std::optional<DType> dtype = std::nullopt,
                  Generator& gen = default_generator());
Tensor randint_like(const Tensor& x, std::int64_t low, std::int64_t high,
                    std::optional<DType> dtype = std::nullopt, Generator& gen = default_generator());

// In-place sampling, under the rules of in-place updates (ops.hpp: a leaf that requires a
// gradient must be filled under NoGradGuard, as nn.init does). Each returns x.
// Uniform in [from, to) (Tensor.uniform_); floating point only.
Tensor& uniform_(Tensor& x, double from = 0.0, double to = 1.0, Generator& gen = default_generator());
// Normal (Tensor.normal_); floating point only.
Tensor& normal_(Tensor& x, double mean = 0.0, double std = 1.0, Generator& gen = default_generator());
// Uniform integers in [from, to) (Tensor.random_(from, to)); any dtype that holds them. Without
// `to`: [from, the largest value of x's dtype], [from, 2^24] / [from, 2^53] in float32 / float64
// so that every value is exact, as PyTorch.
Tensor& random_(Tensor& x, std::int64_t from, std::optional<std::int64_t> to,
                Generator& gen = default_generator());
// [0, to) (Tensor.random_(to)).
Tensor& random_(Tensor& x, std::int64_t to, Generator& gen = default_generator());
// [0, the largest value] as above (Tensor.random_()).
Tensor& random_(Tensor& x, Generator& gen = default_generator());
// 0 or 1 with probability p (Tensor.bernoulli_(p)); any dtype.
Tensor& bernoulli_(Tensor& x, double p = 0.5, Generator& gen = default_generator());
// The same with probabilities broadcast to x's shape.
Tensor& bernoulli_(Tensor& x, const Tensor& p, Generator& gen = default_generator());
// Exponential with rate lambd > 0: -log1p(-u) / lambd (Tensor.exponential_); floating point only.
Tensor& exponential_(Tensor& x, double lambd = 1.0, Generator& gen = default_generator());

}  // namespace tapegrad
