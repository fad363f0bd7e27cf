#include "ops/broadcast.hpp"

#include "ops/arith.hpp"
#include "ops/recording.hpp"

#include <cstring>
#include <stdexcept>

namespace tapegrad::detail {

Strides broadcast_strides(const Shape& in, const Shape& out) {
  const Strides own = contiguous_strides(in);
  Strides strides{};
  const int shift = out.ndim() - in.ndim();
  for (int d = 0; d < in.ndim(); ++d) {
    const bool broadcast = in[d] == 1 && out[d + shift] != 1;
    strides[static_cast<std::size_t>(d + shift)] = broadcast ? 0 : own[static_cast<std::size_t>(d)];
  }
  return strides;
}

namespace {
// sum_to and broadcast_to undo each other, so each is the other's backward. They are recorded
// only in a recorded backward (create_graph), where gradients are summed and repeated with them.
struct SumToNode : Node {
  explicit SumToNode(const Shape& in) : Node("SumTo"), in_shape(in) {}
  Grads backward(Tensor g) override { return {broadcast_to(g.contiguous(), in_shape)}; }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }
  Shape in_shape;
};
struct BroadcastToNode : Node {
  explicit BroadcastToNode(const Shape& in) : Node("BroadcastTo"), in_shape(in) {}
  Grads backward(Tensor g) override { return {sum_to(g.contiguous(), in_shape)}; }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }
  Shape in_shape;
};
}  // namespace

Tensor sum_to(const Tensor& grad, const Shape& shape) {
  if (grad.shape() == shape) return grad;
  if (broadcast_shapes(shape, grad.shape()) != grad.shape()) {
    throw std::invalid_argument("cannot sum a gradient of shape " + grad.shape().str() + " to shape " +
                                shape.str());
  }
  Tensor out = Tensor::zeros(shape, grad.dtype());
  dispatch(grad.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* g = grad.data<T>();
    T* o = out.data<T>();
    const std::array<Strides, 2> strides{contiguous_strides(grad.shape()),
                                         broadcast_strides(shape, grad.shape())};
    for_each_row(grad.shape(), strides, [&](const auto& offsets, std::int64_t length, const auto& steps) {
      const T* gp = g + offsets[0];
      T* op = o + offsets[1];
      if (steps[1] == 0) {
        T acc = T(0);
        for (std::int64_t j = 0; j < length; ++j) acc = wrapping_add(acc, gp[j]);
        *op = wrapping_add(*op, acc);
      } else {
        for (std::int64_t j = 0; j < length; ++j) op[j] = wrapping_add(op[j], gp[j]);
      }
    });
  });
  if (should_record({&grad})) record<SumToNode>(out, {&grad}, grad.shape());
  return out;
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  Tensor out = Tensor::empty(shape, x.dtype());
  dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* in = x.data<T>();
    T* o = out.data<T>();
    const std::array<Strides, 2> strides{contiguous_strides(shape), broadcast_strides(x.shape(), shape)};
    for_each_row(shape, strides, [&](const auto& offsets, std::int64_t length, const auto& steps) {
      T* op = o + offsets[0];
      const T* ip = in + offsets[1];
      for (std::int64_t j = 0; j < length; ++j) op[j] = ip[j * steps[1]];
    });
  });
  if (should_record({&x})) record<BroadcastToNode>(out, {&x}, x.shape());
  return out;
}

}  // namespace tapegrad::detail
