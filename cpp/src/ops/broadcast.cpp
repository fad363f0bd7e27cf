#include "ops/broadcast.hpp"

#include "ops/arith.hpp"
#include "ops/recording.hpp"
#include "plan/recorder.hpp"

#include <algorithm>
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

void sum_to_into(DType dtype, const Shape& from, const void* g_in, const Shape& to, void* out) {
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    const T* g = static_cast<const T*>(g_in);
    T* o = static_cast<T*>(out);
    std::fill(o, o + to.numel(), T(0));
    const std::array<Strides, 2> strides{contiguous_strides(from), broadcast_strides(to, from)};
    for_each_row(from, strides, [&](const auto& offsets, std::int64_t length, const auto& steps) {
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
}

void broadcast_to_into(DType dtype, const Shape& from, const void* x, const Shape& to, void* out) {
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    const T* in = static_cast<const T*>(x);
    T* o = static_cast<T*>(out);
    const std::array<Strides, 2> strides{contiguous_strides(to), broadcast_strides(from, to)};
    for_each_row(to, strides, [&](const auto& offsets, std::int64_t length, const auto& steps) {
      T* op = o + offsets[0];
      const T* ip = in + offsets[1];
      for (std::int64_t j = 0; j < length; ++j) op[j] = ip[j * steps[1]];
    });
  });
}

void record_sum_to(Recorder& rec, int g, const Shape& from, const Tensor& out) {
  const int o = rec.write(out);
  rec.step([g, o, from](Slot* s) {
    TensorImpl& out_t = writable(s[o]);
    sum_to_into(out_t.dtype, from, s[g].t->data, out_t.shape, out_t.data);
  });
}

Tensor sum_to(const Tensor& grad, const Shape& shape) {
  if (grad.shape() == shape) return grad;
  if (broadcast_shapes(shape, grad.shape()) != grad.shape()) {
    throw std::invalid_argument("cannot sum a gradient of shape " + grad.shape().str() + " to shape " +
                                shape.str());
  }
  Tensor out = Tensor::empty(shape, grad.dtype());
  sum_to_into(grad.dtype(), grad.shape(), grad.raw_data(), shape, out.raw_data());
  if (should_record({&grad})) record<SumToNode>(out, {&grad}, grad.shape());
  return out;
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  if (x.shape() == shape) return x;
  Tensor out = Tensor::empty(shape, x.dtype());
  broadcast_to_into(x.dtype(), x.shape(), x.raw_data(), shape, out.raw_data());
  if (should_record({&x})) record<BroadcastToNode>(out, {&x}, x.shape());
  return out;
}

}  // namespace tapegrad::detail
