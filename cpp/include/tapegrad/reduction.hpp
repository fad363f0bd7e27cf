#pragma once
// Reductions, cumulative ops and softmax, with PyTorch's meaning: the dimensions reduced (`dims`)
// are all of them, one, or several; `keepdim` keeps them as size-1 dimensions; integer and bool
// inputs sum (and multiply, and accumulate) in int64; ops that need fractions (mean, var, std,
// logsumexp, norm, softmax) refuse integer inputs with tapegrad::type_error, as PyTorch does.
// Dimensions out of range throw std::out_of_range, a repeated one std::invalid_argument. A 0-d
// tensor has one dimension to reduce over, as in PyTorch (dim 0 or -1). Every result is a new
// contiguous tensor; gradients flow to floating-point inputs only.
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "tapegrad/tensor.hpp"

namespace tapegrad {

// The dimensions a reduction runs over: all of them (the default, std::nullopt, or an empty list,
// as PyTorch reads `dim=()`), one (an int; negative counts from the end) or several ({0, 2}).
class Dims {
 public:
  Dims() = default;
  Dims(std::nullopt_t) noexcept {}            // NOLINT: implicit on purpose (sum(x, std::nullopt, true))
  Dims(int dim) : dims_{dim}, all_(false) {}  // NOLINT
  Dims(std::optional<int> dim) {              // NOLINT
    if (dim) {
      dims_.push_back(*dim);
      all_ = false;
    }
  }
  Dims(std::initializer_list<int> dims) : dims_(dims), all_(dims.size() == 0) {}
  Dims(std::vector<int> dims) : dims_(std::move(dims)), all_(dims_.empty()) {}  // NOLINT

  bool all() const noexcept { return all_; }
  const std::vector<int>& list() const noexcept { return dims_; }

 private:
  std::vector<int> dims_;
  bool all_ = true;
};

// A value and where it was found (max, min and median over one dimension): torch.return_types.
struct ValuesIndices {
  Tensor values;
  Tensor indices;  // int64
};

// The sum; integer and bool tensors sum in int64 (wrapping on overflow). `dtype` converts the
// input first (as PyTorch's dtype= argument). The sum over an empty dimension is 0.
Tensor sum(const Tensor& x, const Dims& dims = {}, bool keepdim = false,
           std::optional<DType> dtype = std::nullopt);
// The mean, of floating-point tensors (or with a floating-point dtype); NaN over an empty dim.
Tensor mean(const Tensor& x, const Dims& dims = {}, bool keepdim = false,
            std::optional<DType> dtype = std::nullopt);
// The sum and the mean ignoring NaN (NaN counts as 0 and is left out of the mean's count).
Tensor nansum(const Tensor& x, const Dims& dims = {}, bool keepdim = false,
              std::optional<DType> dtype = std::nullopt);
Tensor nanmean(const Tensor& x, const Dims& dims = {}, bool keepdim = false,
               std::optional<DType> dtype = std::nullopt);
// The product over all elements or one dimension (1 over an empty one); integers in int64. The
// gradient is exact with zeros in the input (the product of the others at a single zero).
Tensor prod(const Tensor& x, std::optional<int> dim = std::nullopt, bool keepdim = false,
            std::optional<DType> dtype = std::nullopt);

// The largest (smallest) element, a 0-d tensor; NaN if any element is NaN. The gradient is split
// evenly among the elements equal to it. std::runtime_error for an empty tensor.
Tensor max(const Tensor& x);
Tensor min(const Tensor& x);
// The largest (smallest) element along `dim` and its index (the first one on ties, the first NaN
// if any); the gradient flows to that index. std::out_of_range when the dimension is empty.
ValuesIndices max(const Tensor& x, int dim, bool keepdim = false);
ValuesIndices min(const Tensor& x, int dim, bool keepdim = false);
// The largest (smallest) element over `dims`; the gradient is split evenly among ties.
Tensor amax(const Tensor& x, const Dims& dims = {}, bool keepdim = false);
Tensor amin(const Tensor& x, const Dims& dims = {}, bool keepdim = false);
// The index (int64) of the first largest (smallest) element along `dim`, or in the flattened
// tensor when `dim` is empty. Not for bool tensors, as in PyTorch.
Tensor argmax(const Tensor& x, std::optional<int> dim = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& x, std::optional<int> dim = std::nullopt, bool keepdim = false);
// The lower median (of an even count, the smaller of the two middle values); NaN if any element
// is NaN. Without a dim the gradient is split evenly among the elements equal to it.
Tensor median(const Tensor& x);
ValuesIndices median(const Tensor& x, int dim, bool keepdim = false);

// The variance sum((x - mean)^2) / (N - correction), and its square root; N - correction <= 0
// gives inf or NaN, as in PyTorch. Floating point only.
Tensor var(const Tensor& x, const Dims& dims = {}, double correction = 1.0, bool keepdim = false);
Tensor std(const Tensor& x, const Dims& dims = {}, double correction = 1.0, bool keepdim = false);
// (var, mean) and (std, mean) in one call.
std::pair<Tensor, Tensor> var_mean(const Tensor& x, const Dims& dims = {}, double correction = 1.0,
                                   bool keepdim = false);
std::pair<Tensor, Tensor> std_mean(const Tensor& x, const Dims& dims = {}, double correction = 1.0,
                                   bool keepdim = false);
// log(sum(exp(x))) computed stably (the maximum is taken out first); -inf over an empty dim or
// an all -inf slice. Integer inputs compute in the default dtype.
Tensor logsumexp(const Tensor& x, const Dims& dims, bool keepdim = false);
// The vector p-norm over `dims`: p = 2 (Frobenius), 1, +-infinity (max / min of |x|), 0 (the
// count of nonzeros) or any other number. The gradient at zero is 0. Floating point only.
Tensor norm(const Tensor& x, double p = 2.0, const Dims& dims = {}, bool keepdim = false,
            std::optional<DType> dtype = std::nullopt);

// Whether any (every) element is nonzero: bool tensors, not differentiable.
Tensor any(const Tensor& x, const Dims& dims = {}, bool keepdim = false);
Tensor all(const Tensor& x, const Dims& dims = {}, bool keepdim = false);
// The number of nonzero elements (int64), not differentiable.
Tensor count_nonzero(const Tensor& x, const Dims& dims = {});

// Running sum and product along `dim` (same shape as x); integers accumulate in int64.
Tensor cumsum(const Tensor& x, int dim, std::optional<DType> dtype = std::nullopt);
Tensor cumprod(const Tensor& x, int dim, std::optional<DType> dtype = std::nullopt);

// exp(x) / sum(exp(x)) along `dim`, and its logarithm, stable for logits of any size (the
// maximum is subtracted first). A -inf entry gets probability 0; an all -inf slice gives NaN, as
// in PyTorch. `dtype` converts the input first. Floating point only.
Tensor softmax(const Tensor& x, int dim, std::optional<DType> dtype = std::nullopt);
Tensor log_softmax(const Tensor& x, int dim, std::optional<DType> dtype = std::nullopt);

}  // namespace tapegrad
