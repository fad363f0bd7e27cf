#pragma once
// What the elementwise ops of pointwise*.cpp, activations.cpp and logical.cpp share: one node
// type whose backward is a derivative rule written with tapegrad's own ops (one line each,
// derivatives.yaml style, so the same rules can later serve higher-order gradients), and the
// forward maps that dispatch on the dtype once and run one loop of pointwise_kernels.hpp.
#include <array>
#include <initializer_list>

#include "ops/broadcast.hpp"
#include "ops/pointwise_kernels.hpp"
#include "ops/recording.hpp"
#include "plan/steps.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::detail {

// What a derivative rule sees: the output's gradient, the tensors the op saved (in the order it
// saved them), the op's number arguments and which inputs need a gradient.
struct RuleArgs {
  const Tensor& grad;
  std::array<Tensor, 4> saved;
  std::array<double, 2> param;
  std::array<bool, Node::kMaxInputs> needs;
};
// The gradients of the inputs, each of the output's shape (or of any shape that broadcasts to
// it): the node sums them back to the inputs' shapes. Undefined for an input that needs none.
using Rule = Node::Grads (*)(const RuleArgs&);

class RuleNode final : public Node {
 public:
  RuleNode(const char* name, Rule rule, std::initializer_list<const Tensor*> inputs,
           std::initializer_list<Tensor> saved, std::array<double, 2> param)
      : Node(name), rule_(rule), param_(param) {
    std::size_t i = 0;
    for (const Tensor* t : inputs) shapes_[i++] = t->shape();
    i = 0;
    for (const Tensor& t : saved) saved_[i++] = SavedTensor(t);
    num_saved_ = i;
  }

  Grads backward(Tensor g) override {
    RuleArgs args{g, {}, param_, {}};
    for (std::size_t i = 0; i < num_saved_; ++i) args.saved[i] = saved_[i].unpack(*this);
    for (int i = 0; i < num_inputs(); ++i) args.needs[static_cast<std::size_t>(i)] = needs_grad(*this, i);
    Grads grads = rule_(args);
    for (int i = 0; i < num_inputs(); ++i) {
      Tensor& gi = grads[static_cast<std::size_t>(i)];
      const Shape& shape = shapes_[static_cast<std::size_t>(i)];
      if (!args.needs[static_cast<std::size_t>(i)]) {
        gi = Tensor();
      } else if (gi.defined() && gi.shape() != shape) {
        gi = broadcast_shapes(gi.shape(), shape) == shape ? broadcast_to(gi.contiguous(), shape)
                                                          : sum_to(gi.contiguous(), shape);
      }
    }
    return grads;
  }
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // rules are ops
  bool backward_is_ops() const noexcept override { return true; }
  void release_saved() noexcept override {
    for (SavedTensor& s : saved_) s.reset();
  }

 private:
  Rule rule_;
  std::array<double, 2> param_;
  std::array<Shape, Node::kMaxInputs> shapes_{};
  std::array<SavedTensor, 4> saved_{};
  std::size_t num_saved_ = 0;
};

// Puts the op that made `out` from `inputs` on the tape when gradients are recorded and an
// input requires one, saving `saved` for its rule.
inline void record_rule(Tensor& out, std::initializer_list<const Tensor*> inputs, const char* name, Rule rule,
                        std::initializer_list<Tensor> saved, std::array<double, 2> param = {}) {
  if (should_record(inputs)) record<RuleNode>(out, inputs, name, rule, inputs, saved, param);
}

// x, converted to `dtype` (on the tape) and contiguous.
inline Tensor prepared(const Tensor& x, DType dtype) { return cast(x, dtype).contiguous(); }
// x in the dtype a function with fractional values computes in: its own when floating point,
// the default dtype for integers and bool.
inline Tensor floating(const Tensor& x) { return prepared(x, floating_type(x.dtype())); }

// y = f(x) for a contiguous floating-point x, in x's dtype.
template <class F>
Tensor map_floating(const Tensor& x, const char* name, F f) {
  return dispatch_floating(x.dtype(), name, [&](auto zero) {
    using T = decltype(zero);
    return unary_map<T>(x, [&f](T v) { return static_cast<T>(f(v)); });
  });
}
// y = f(x) for a contiguous x of any dtype, in x's dtype.
template <class F>
Tensor map_same(const Tensor& x, F f) {
  return dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    return unary_map<T>(x, [&f](T v) { return static_cast<T>(f(v)); });
  });
}
// A bool tensor of pred(x) for a contiguous x of any dtype.
template <class F>
Tensor map_bool(const Tensor& x, F pred) {
  return dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    return unary_map<T, bool>(x, [&pred](T v) { return static_cast<bool>(pred(v)); });
  });
}
// f(a, b) for contiguous a and b of one floating-point dtype.
template <class F>
Tensor zip_floating(const Tensor& a, const Tensor& b, const char* name, F f) {
  return dispatch_floating(a.dtype(), name, [&](auto zero) {
    using T = decltype(zero);
    return binary_map<T>(a, b, [&f](T x, T y) { return static_cast<T>(f(x, y)); });
  });
}
// f(a, b) for contiguous a and b of one dtype, any.
template <class F>
Tensor zip_same(const Tensor& a, const Tensor& b, F f) {
  return dispatch(a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    return binary_map<T>(a, b, [&f](T x, T y) { return static_cast<T>(f(x, y)); });
  });
}
// A bool tensor of pred(a, b) for contiguous a and b of one dtype.
template <class F>
Tensor zip_bool(const Tensor& a, const Tensor& b, F pred) {
  return dispatch(a.dtype(), [&](auto zero) {
    using T = decltype(zero);
    return binary_map<T, bool>(a, b, [&pred](T x, T y) { return static_cast<bool>(pred(x, y)); });
  });
}

// Zeros of g's shape and dtype: the gradient of floor, round, sign, ... (PyTorch's is zero too).
inline Tensor zeros_like(const Tensor& g) { return Tensor::zeros(g.shape(), g.dtype()); }
// A number as a 0-d tensor of g's dtype, for derivative rules (keeps float32 float32).
inline Tensor number(double v, const Tensor& like) {
  Tensor n = Tensor::scalar(v, like.dtype());
  if (Recorder* rec = Recorder::active()) rec->constant(n);
  return n;
}

}  // namespace tapegrad::detail
