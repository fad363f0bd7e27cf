// + - * / between tensors (broadcasting), and alpha * x + beta for every tensor-scalar case.
#include <cmath>
#include <limits>
#include <utility>

#include "ops/broadcast.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "sole_owner.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;
using detail::sum_to;

// float32 with float64 computes in float64, as NumPy does; the cast is on the tape, so the
// float32 input still gets a float32 gradient.
std::pair<Tensor, Tensor> promoted(const Tensor& a, const Tensor& b) {
  const DType dtype = promote(a.dtype(), b.dtype());
  return {a.dtype() == dtype ? a : cast(a, dtype), b.dtype() == dtype ? b : cast(b, dtype)};
}

// The input shapes a broadcasting op's gradients are summed back to. Without broadcasting (both
// inputs have the output's shape) there is nothing to keep: the node is half the size.
template <bool kBroadcast>
struct InputShapes {
  InputShapes(const Tensor& a_, const Tensor& b_) : a(a_.shape()), b(b_.shape()) {}
  Tensor to_a(const Tensor& g) const { return sum_to(g, a); }
  Tensor to_b(const Tensor& g) const { return sum_to(g, b); }
  const Shape& a_shape(const Tensor&) const noexcept { return a; }  // the input shapes
  const Shape& b_shape(const Tensor&) const noexcept { return b; }
  Shape a, b;
};

template <>
struct InputShapes<false> {
  InputShapes(const Tensor&, const Tensor&) noexcept {}
  static Tensor to_a(Tensor&& g) noexcept { return std::move(g); }
  static Tensor to_b(Tensor&& g) noexcept { return std::move(g); }
  static const Tensor& to_a(const Tensor& g) noexcept { return g; }
  static const Tensor& to_b(const Tensor& g) noexcept { return g; }
  static const Shape& a_shape(const Tensor& g) noexcept { return g.shape(); }  // both are g's
  static const Shape& b_shape(const Tensor& g) noexcept { return g.shape(); }
};

// a + b and a - b. Gradients only for the inputs that need one: a constant operand (a bias that
// is not trained, a literal) costs no sum, negation or handle copy. g itself goes on to the last
// input that takes it unchanged.
template <bool kBroadcast, bool kSubtract>
struct AddNode : Node {
  AddNode(const Tensor& a, const Tensor& b) : Node(kSubtract ? "Sub" : "Add"), shapes(a, b) {}
  Grads backward(Tensor g) override {
    const bool need_a = detail::needs_grad(*this, 0), need_b = detail::needs_grad(*this, 1);
    Grads grads;
    if (need_b) {
      if constexpr (kSubtract) {
        grads[1] = shapes.to_b(neg(g));
      } else {
        grads[1] = shapes.to_b(need_a ? Tensor(g) : std::move(g));
      }
    }
    if (need_a) grads[0] = shapes.to_a(std::move(g));
    return grads;
  }
  InputShapes<kBroadcast> shapes;
};

// The values an input's gradient needs from the other input: saved only when it needs one.
SavedStorage saved_if(bool needed, const Tensor& t) { return needed ? SavedStorage(t) : SavedStorage(); }

// d(a*b)/da = g * b and d(a*b)/db = g * a. Each input's values are saved only when the other
// input needs a gradient (y * w with w constant keeps w, not y). Without broadcasting every
// shape is g's: the node keeps none, reads the saved values in place and, when nobody else holds
// g, writes the product into g's own buffer, so a chain of multiplications allocates nothing in
// backward.
template <bool kBroadcast>
struct MulNode : Node {
  MulNode(const Tensor& a_, const Tensor& b_)
      : Node("Mul"),
        shapes(a_, b_),
        dtype(a_.dtype()),
        a(saved_if(b_.requires_grad(), a_)),
        b(saved_if(a_.requires_grad(), b_)) {}
  Grads backward(Tensor g) override {
    const bool need_a = detail::needs_grad(*this, 0), need_b = detail::needs_grad(*this, 1);
    Grads grads;
    // b's gradient first, so that a's may take over g's buffer (or b's, when a needs none).
    if (need_b) grads[1] = shapes.to_b(times(g, a, shapes.a_shape(g), !need_a));
    if (need_a) grads[0] = shapes.to_a(times(g, b, shapes.b_shape(g), true));
    return grads;
  }
  void release_saved() noexcept override {
    a.reset();
    b.reset();
  }

  // g * the values saved in `other` (of shape `shape`), before summing back to the input's shape.
  // With `reuse`, g's buffer is taken over (g is left undefined) when nobody else holds it.
  Tensor times(Tensor& g, const SavedStorage& other, const Shape& shape, bool reuse) const {
    if (kBroadcast || g.dtype() != dtype) return g * other.unpack(*this, shape, dtype);
    const void* values = other.get(*this, shape).data();
    const bool in_place = reuse && detail::sole_owner(g);
    Tensor out = in_place ? std::move(g) : Tensor::empty(g.shape(), g.dtype());
    const Tensor& in = in_place ? out : g;
    dispatch(out.dtype(), [&](auto zero) {
      using T = decltype(zero);
      const T* pg = in.data<T>();
      const T* ps = static_cast<const T*>(values);
      T* o = out.data<T>();
      for (std::int64_t i = 0, n = out.numel(); i < n; ++i) o[i] = pg[i] * ps[i];
    });
    return out;
  }

  InputShapes<kBroadcast> shapes;
  DType dtype;
  SavedStorage a, b;
};

struct DivNode : Node {
  DivNode(const Tensor& a_, const Tensor& b_) : Node("Div"), a(a_), b(b_) {}
  Grads backward(Tensor g) override {
    const Tensor bv = b.unpack(*this);
    const Tensor g_over_b = g / bv;  // d(a/b)/da = 1/b
    Grads grads;
    if (detail::needs_grad(*this, 0)) grads[0] = sum_to(g_over_b, a.shape());
    if (detail::needs_grad(*this, 1))
      grads[1] = sum_to(neg(g_over_b * a.unpack(*this) / bv), b.shape());  // -a/b^2
    return grads;
  }
  void release_saved() noexcept override {
    a.reset();
    b.reset();
  }
  SavedTensor a, b;
};

struct AffineNode : Node {
  explicit AffineNode(double alpha_) : Node("Affine"), alpha(alpha_) {}
  Grads backward(Tensor g) override {
    // In a chain nobody else holds the incoming gradient: scale it in place, no allocation.
    if (detail::sole_owner(g)) {
      dispatch(g.dtype(), [&](auto zero) {
        using T = decltype(zero);
        T* p = g.data<T>();
        const T a = static_cast<T>(alpha);
        for (std::int64_t i = 0, n = g.numel(); i < n; ++i) p[i] *= a;
      });
      return {std::move(g)};
    }
    return {affine(g, alpha, 0.0)};
  }
  double alpha;
};

// Records `Same` when both inputs have one shape, `Broadcast` otherwise.
template <class Same, class Broadcast, class F>
Tensor same_dtype_op(const Tensor& a, const Tensor& b, F f) {
  Tensor out = detail::binary_map(a, b, f);
  if (should_record({&a, &b})) {
    if (a.shape() == b.shape()) {
      record<Same>(out, {&a, &b}, a, b);
    } else {
      record<Broadcast>(out, {&a, &b}, a, b);
    }
  }
  return out;
}

template <class Same, class Broadcast = Same, class F>
Tensor binary_op(const Tensor& a, const Tensor& b, F f) {
  if (a.dtype() == b.dtype())
    return same_dtype_op<Same, Broadcast>(a, b, f);  // the common case copies no handle
  const auto [pa, pb] = promoted(a, b);
  return same_dtype_op<Same, Broadcast>(pa, pb, f);
}
}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  return binary_op<AddNode<false, false>, AddNode<true, false>>(a, b, [](auto x, auto y) { return x + y; });
}
Tensor sub(const Tensor& a, const Tensor& b) {
  return binary_op<AddNode<false, true>, AddNode<true, true>>(a, b, [](auto x, auto y) { return x - y; });
}
Tensor mul(const Tensor& a, const Tensor& b) {
  return binary_op<MulNode<false>, MulNode<true>>(a, b, [](auto x, auto y) { return x * y; });
}
Tensor div(const Tensor& a, const Tensor& b) {
  return binary_op<DivNode>(a, b, [](auto x, auto y) { return x / y; });
}

Tensor affine(const Tensor& x, double alpha, double beta) {
  Tensor out = dispatch(x.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T a = static_cast<T>(alpha), b = static_cast<T>(beta);
    return detail::unary_map(x, [a, b](T v) { return a * v + b; });
  });
  if (should_record({&x})) record<AffineNode>(out, {&x}, alpha);
  return out;
}

// Scaling passes beta = -0.0, the one addend that changes no value: a * v + 0.0 would turn a -0
// result into +0, where NumPy and PyTorch keep -0 (and 1 / -0 is -inf).
Tensor neg(const Tensor& x) { return affine(x, -1.0, -0.0); }

// A true division (one rounding, as NumPy): s * (1 / x) would overflow for subnormal x.
Tensor operator/(double s, const Tensor& x) { return div(Tensor::scalar(s, x.dtype()), x); }

Tensor operator/(const Tensor& x, double s) {
  // One multiplication pass, unless 1 / s overflows the dtype (s subnormal): x * inf would give
  // inf or NaN where x / s is finite, so divide then.
  const double inv = 1.0 / s;
  const double limit = x.dtype() == DType::Float32 ? static_cast<double>(std::numeric_limits<float>::max())
                                                   : std::numeric_limits<double>::max();
  if (s == 0.0 || !(std::fabs(inv) > limit)) return affine(x, inv, -0.0);
  return div(x, Tensor::scalar(s, x.dtype()));
}

}  // namespace tapegrad
