// x[tensor] and x[tensor] = v: gathers and scatters along the dimensions of index tensors.
#include <stdexcept>

#include "ops/indexing_plan.hpp"

namespace tapegrad::detail {

Tensor advanced_index(const Tensor&, const std::vector<TensorIndex>&) {
  throw std::invalid_argument("indexing with tensors, lists or masks is not supported yet");
}

Tensor& advanced_index_put_(Tensor&, const std::vector<TensorIndex>&, const Tensor&, bool) {
  throw std::invalid_argument("assigning through tensors, lists or masks is not supported yet");
}

}  // namespace tapegrad::detail
