// Which dimensions a reduction runs over, and how a contiguous tensor splits around them.
#include <stdexcept>
#include <string>

#include "ops/broadcast.hpp"
#include "ops/reduction.hpp"
#include "ops/views.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/shape_ops.hpp"

namespace tapegrad::detail {

int normalize_dim(int dim, int ndim, const char* op) {
  const int n = ndim == 0 ? 1 : ndim;  // a 0-d tensor has one dimension to name, as in PyTorch
  if (dim < -n || dim >= n) {
    throw std::out_of_range(std::string(op) + "(): dimension out of range (expected to be in range of [" +
                            std::to_string(-n) + ", " + std::to_string(n - 1) + "], but got " +
                            std::to_string(dim) + "): axis " + std::to_string(dim) +
                            " is out of bounds for a tensor of " + std::to_string(ndim) + " dimension" +
                            (ndim == 1 ? "" : "s"));
  }
  return dim < 0 ? dim + n : dim;
}

ReducePlan plan_reduction(const Shape& shape, const Dims& dims, bool keepdim, const char* op) {
  ReducePlan plan;
  plan.in = shape;
  const int nd = shape.ndim();
  if (dims.all()) {
    for (int d = 0; d < nd; ++d) plan.reduced[static_cast<std::size_t>(d)] = true;
  } else {
    bool scalar_seen = false;
    for (int dim : dims.list()) {
      const int d = normalize_dim(dim, nd, op);
      bool& slot = nd == 0 ? scalar_seen : plan.reduced[static_cast<std::size_t>(d)];
      if (slot) {
        throw std::invalid_argument(std::string(op) + "(): dim " + std::to_string(d) +
                                    " appears multiple times in the list of dims");
      }
      slot = true;
    }
  }
  plan.none = nd == 0;
  for (int d = 0; d < nd; ++d) {
    const bool r = plan.reduced[static_cast<std::size_t>(d)];
    plan.kept.push_back(r ? 1 : shape[d]);
    if (r) {
      plan.count *= shape[d];
      if (keepdim) plan.out.push_back(1);
    } else {
      plan.out.push_back(shape[d]);
    }
  }
  return plan;
}

Split split_run(const Shape& shape, int first, int last) {
  Split s;
  for (int d = 0; d < shape.ndim(); ++d) {
    if (d < first) {
      s.outer *= shape[d];
    } else if (d < last) {
      s.n *= shape[d];
    } else {
      s.inner *= shape[d];
    }
  }
  return s;
}

std::vector<RunPass> run_passes(const ReducePlan& plan) {
  std::vector<RunPass> passes;
  Shape shape = plan.in;
  for_each_run(plan, [&](int a, int b) {
    const Split s = split_run(shape, a, b);
    std::array<std::int64_t, Shape::kMaxDims> dims{};
    for (int d = 0; d < shape.ndim(); ++d)
      dims[static_cast<std::size_t>(d)] = (d >= a && d < b) ? 1 : shape[d];
    shape = Shape(dims.data(), shape.ndim());
    passes.push_back({s, shape});
  });
  if (passes.empty()) passes.push_back({Split{}, plan.kept});  // nothing reduced: a 0-d input
  return passes;
}

Split split_at(const Shape& shape, int dim) {
  if (shape.ndim() == 0) return Split{};
  return split_run(shape, dim, dim + 1);
}

Tensor expand_kept(const Tensor& reduced, const Shape& kept, const Shape& in) {
  const Tensor c = reduced.contiguous();
  // In a recorded backward the reshape must be on the tape; alias() is the free version.
  const Tensor in_kept =
      GradMode::enabled() ? reshape(c, {kept.begin(), kept.begin() + kept.ndim()}) : alias(c, kept);
  return broadcast_to(in_kept, in);
}

}  // namespace tapegrad::detail
