// + - * / between tensors (broadcasting), and alpha * x + beta for every tensor-scalar case.
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "ops/broadcast.hpp"
#include "ops/elementwise_kernels.hpp"
#include "ops/recording.hpp"
#include "plan/steps.hpp"
#include "sole_owner.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::record;
using detail::should_record;
using detail::sum_to;

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
  static constexpr const char* kName = kSubtract ? "Sub" : "Add";
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
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  // g passes through (it is already in its slot); a subtraction's b gets -g, as neg() makes it.
  // With broadcasting each gradient is then summed back to its input's shape (sum_to), unless
  // the input has g's shape; b's -g is a buffer of the plan's then.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    if constexpr (kBroadcast) {
      const Shape g_shape = broadcast_shapes(shapes.a, shapes.b);
      if (grads[1].defined()) {
        int from = g;
        if constexpr (kSubtract) {
          const bool summed = grads[1].shape() != g_shape;
          const Tensor negated = summed ? Tensor::empty(g_shape, grads[1].dtype()) : grads[1];
          detail::record_map(rec, g, negated, [](auto v) {
            return static_cast<decltype(v)>(-1.0) * v + static_cast<decltype(v)>(-0.0);
          });
          from = summed ? rec.find(negated) : -1;
        }
        if (from >= 0 && rec.find(grads[1]) != g) detail::record_sum_to(rec, from, g_shape, grads[1]);
      }
      if (grads[0].defined() && rec.find(grads[0]) != g) detail::record_sum_to(rec, g, g_shape, grads[0]);
    } else if constexpr (kSubtract) {
      if (grads[1].defined()) {
        detail::record_map(rec, g, grads[1], [](auto v) {
          return static_cast<decltype(v)>(-1.0) * v + static_cast<decltype(v)>(-0.0);
        });
      }
    }
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
  static constexpr const char* kName = "Mul";
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
  // The same products as ops, the saved inputs joined to their history.
  Grads backward_graph(Tensor g) override {
    Grads grads;
    if (detail::needs_grad(*this, 1))
      grads[1] = shapes.to_b(g * input_history(*this, 0, a.unpack(*this, shapes.a_shape(g), dtype)));
    if (detail::needs_grad(*this, 0))
      grads[0] = shapes.to_a(g * input_history(*this, 1, b.unpack(*this, shapes.b_shape(g), dtype)));
    return grads;
  }
  void release_saved() noexcept override {
    a.reset();
    b.reset();
  }
  // Each gradient is g times the other input's saved values, as times() computes it.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const bool mixed = (grads[0].defined() && grads[0].dtype() != dtype) ||
                       (grads[1].defined() && grads[1].dtype() != dtype);
    if (mixed) return Node::record_backward(rec, g, grads);
    if constexpr (kBroadcast) {
      // g * other (the mul op, broadcasting), then summed back to the input's shape when that
      // differs from g's (the product is a buffer of the plan's then).
      const Shape g_shape = broadcast_shapes(shapes.a, shapes.b);
      const auto times_saved = [&](int k, const SavedStorage& other, const Shape& other_shape) {
        const Tensor& grad = grads[static_cast<std::size_t>(k)];
        if (!grad.defined()) return;
        const int saved = rec.read(other.unpack(*this, other_shape, dtype));
        const bool summed = grad.shape() != g_shape;
        const Tensor product = summed ? Tensor::empty(g_shape, dtype) : grad;
        detail::record_zip<false>(rec, g, saved, product,
                                  [](auto x, auto y) { return detail::wrapping_mul(x, y); });
        if (summed) detail::record_sum_to(rec, rec.find(product), g_shape, grad);
      };
      times_saved(1, a, shapes.a);
      times_saved(0, b, shapes.b);
      return;
    }
    const Shape& shape = grads[0].defined() ? grads[0].shape() : grads[1].shape();
    const auto times_saved = [&](int k, const SavedStorage& other) {
      if (!grads[static_cast<std::size_t>(k)].defined()) return;
      const int saved = rec.read(other.unpack(*this, shape, dtype));
      detail::record_zip(rec, g, saved, grads[static_cast<std::size_t>(k)],
                         [](auto x, auto y) { return x * y; });
    };
    times_saved(1, a);
    times_saved(0, b);
  }

  // g * the values saved in `other` (of shape `shape`), before summing back to the input's shape.
  // With `reuse`, g's buffer is taken over (g is left undefined) when nobody else holds it.
  Tensor times(Tensor& g, const SavedStorage& other, const Shape& shape, bool reuse) const {
    if (kBroadcast || g.dtype() != dtype) return g * other.unpack(*this, shape, dtype);
    const void* values = other.get(*this, shape);
    const bool in_place = reuse && detail::sole_owner(g);
    Tensor out = in_place ? std::move(g) : Tensor::empty(g.shape(), g.dtype());
    const Tensor& in = in_place ? out : g;
    dispatch_floating(out.dtype(), "Mul backward", [&](auto zero) {
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
  static constexpr const char* kName = "Div";
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
  Grads backward_graph(Tensor g) override { return backward(std::move(g)); }  // made of ops
  bool backward_is_ops() const noexcept override { return true; }
  void release_saved() noexcept override {
    a.reset();
    b.reset();
  }
  SavedTensor a, b;
};

// affine's step: alpha * v + beta, with the operations that change no value left out (1 * v is
// v, and v + -0.0 is v, for every v: -0, infinities and NaN included), so the values are eager's
// bit for bit and a scalar chain's step waits on one operation per op where eager did two.
void record_affine(detail::Recorder& rec, int x, const Tensor& out, double alpha, double beta) {
  const bool scales = alpha != 1.0, shifts = !(beta == 0.0 && std::signbit(beta));
  if (scales && shifts) {
    detail::record_map(rec, x, out, [alpha, beta](auto v) {
      using T = decltype(v);
      return static_cast<T>(alpha) * v + static_cast<T>(beta);
    });
  } else if (scales) {
    detail::record_map(rec, x, out, [alpha](auto v) { return static_cast<decltype(v)>(alpha) * v; });
  } else if (shifts) {
    detail::record_map(rec, x, out, [beta](auto v) { return v + static_cast<decltype(v)>(beta); });
  } else {
    detail::record_map(rec, x, out, [](auto v) { return v; });
  }
}

struct AffineNode : Node {
  explicit AffineNode(double alpha_) : Node("Affine"), alpha(alpha_) {}
  Grads backward(Tensor g) override {
    // In a chain nobody else holds the incoming gradient: scale it in place, no allocation.
    if (detail::sole_owner(g)) {
      dispatch_floating(g.dtype(), "Affine backward", [&](auto zero) {
        using T = decltype(zero);
        T* p = g.data<T>();
        const T a = static_cast<T>(alpha);
        for (std::int64_t i = 0, n = g.numel(); i < n; ++i) p[i] *= a;
      });
      return {std::move(g)};
    }
    return {affine(g, alpha, 0.0)};
  }
  Grads backward_graph(Tensor g) override { return {affine(g, alpha, 0.0)}; }
  // Either of backward()'s two forms, the one it took: g * alpha in g's buffer (as affine with
  // beta -0.0, which adds nothing), or affine(g, alpha, 0), which turns a -0 product into +0.
  // The in-place form keeps eager's operand order (v * alpha) where it multiplies.
  void record_backward(detail::Recorder& rec, int g, const Grads& grads) override {
    const bool in_place = rec.find(grads[0]) == g;
    const double a = alpha;
    if (in_place && a != 1.0) {
      detail::record_map(rec, g, grads[0], [a](auto v) { return v * static_cast<decltype(v)>(a); });
    } else {
      record_affine(rec, g, grads[0], a, in_place ? -0.0 : 0.0);
    }
  }
  double alpha;
};

// Which dtypes an op computes in: every dtype, or floating point only (an integer result type
// becomes the default dtype, as true division does).
enum class Domain { AnyDType, Floating };

// Records `Same` when both inputs have one shape, `Broadcast` otherwise. a and b are contiguous
// and of one dtype.
template <class Same, class Broadcast, Domain kDomain, class F>
Tensor same_dtype_op(const Tensor& a, const Tensor& b, F f) {
  auto kernel = [&](auto zero) {
    using T = decltype(zero);
    return detail::binary_map<T>(a, b, [&f](T x, T y) { return f(x, y); });
  };
  Tensor out;
  if constexpr (kDomain == Domain::Floating) {
    out = dispatch_floating(a.dtype(), Same::kName, kernel);
  } else {
    out = dispatch(a.dtype(), kernel);
  }
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int sa = rec->read(a), sb = rec->read(b);
    detail::record_zip<kDomain == Domain::Floating>(*rec, sa, sb, out, f);
  }
  if (should_record({&a, &b})) {
    if (a.shape() == b.shape()) {
      record<Same>(out, {&a, &b}, a, b);
    } else {
      record<Broadcast>(out, {&a, &b}, a, b);
    }
  }
  return out;
}

template <class Same, class Broadcast = Same, Domain kDomain = Domain::AnyDType, class F>
Tensor binary_op(const Tensor& a, const Tensor& b, F f) {
  const bool floating = kDomain == Domain::AnyDType || is_floating_point(a.dtype());
  if (a.dtype() == b.dtype() && floating && a.is_contiguous() && b.is_contiguous()) {
    return same_dtype_op<Same, Broadcast, kDomain>(a, b, f);  // the common case copies no handle
  }
  DType dtype = result_type(a, b);
  if (kDomain == Domain::Floating) dtype = floating_type(dtype);
  // The casts are on the tape, so a float32 input still gets a float32 gradient.
  const Tensor pa = cast(a, dtype).contiguous(), pb = cast(b, dtype).contiguous();
  return same_dtype_op<Same, Broadcast, kDomain>(pa, pb, f);
}

[[noreturn]] void throw_bool_subtraction() {
  throw type_error(
      "subtracting bool tensors is not supported; use logical_xor() (or ^) to compare masks, "
      "or convert them to integers first");
}

// The dtype affine computes in: x's own, or the default for integer and bool tensors.
Tensor floating(const Tensor& x) {
  if (is_floating_point(x.dtype())) return x.contiguous();
  return cast(x, default_dtype()).contiguous();
}
}  // namespace

Tensor add(const Tensor& a, const Tensor& b) {
  return binary_op<AddNode<false, false>, AddNode<true, false>>(
      a, b, [](auto x, auto y) { return detail::wrapping_add(x, y); });
}
Tensor sub(const Tensor& a, const Tensor& b) {
  if (a.dtype() == DType::Bool && b.dtype() == DType::Bool) throw_bool_subtraction();
  return binary_op<AddNode<false, true>, AddNode<true, true>>(
      a, b, [](auto x, auto y) { return detail::wrapping_sub(x, y); });
}
Tensor mul(const Tensor& a, const Tensor& b) {
  return binary_op<MulNode<false>, MulNode<true>>(a, b,
                                                  [](auto x, auto y) { return detail::wrapping_mul(x, y); });
}
Tensor div(const Tensor& a, const Tensor& b) {
  return binary_op<DivNode, DivNode, Domain::Floating>(a, b, [](auto x, auto y) { return x / y; });
}

Tensor affine(const Tensor& x_in, double alpha, double beta) {
  if (!is_floating_point(x_in.dtype()) || !x_in.is_contiguous()) return affine(floating(x_in), alpha, beta);
  const Tensor& x = x_in;
  Tensor out = dispatch_floating(x.dtype(), "affine", [&](auto zero) {
    using T = decltype(zero);
    const T a = static_cast<T>(alpha), b = static_cast<T>(beta);
    return detail::unary_map<T>(x, [a, b](T v) { return a * v + b; });
  });
  if (detail::Recorder* rec = detail::Recorder::active()) record_affine(*rec, rec->read(x), out, alpha, beta);
  if (should_record({&x})) record<AffineNode>(out, {&x}, alpha);
  return out;
}

// Scaling passes beta = -0.0, the one addend that changes no value: a * v + 0.0 would turn a -0
// result into +0, where NumPy and PyTorch keep -0 (and 1 / -0 is -inf). Integers negate in
// their own dtype (wrapping: -INT64_MIN is INT64_MIN, as in PyTorch).
Tensor neg(const Tensor& x) {
  if (is_floating_point(x.dtype())) return affine(x, -1.0, -0.0);
  if (x.dtype() == DType::Bool) {
    throw type_error("negating a bool tensor is not supported; use logical_not() (or ~) to invert a mask");
  }
  const Tensor xc = x.contiguous();
  return dispatch(xc.dtype(), [&](auto zero) {
    using T = decltype(zero);
    return detail::unary_map<T>(xc, [](T v) { return detail::wrapping_sub(T(0), v); });
  });
}

// A true division (one rounding, as NumPy): s * (1 / x) would overflow for subnormal x.
namespace {
// The number becomes a constant of a plan being recorded.
Tensor number_tensor(double s, DType dtype) {
  Tensor n = Tensor::scalar(s, dtype);
  if (detail::Recorder* rec = detail::Recorder::active()) rec->constant(n);
  return n;
}
}  // namespace

Tensor operator/(double s, const Tensor& x) { return div(number_tensor(s, floating_type(x.dtype())), x); }

Tensor operator/(const Tensor& x, double s) {
  // One multiplication pass, unless 1 / s overflows the dtype (s subnormal): x * inf would give
  // inf or NaN where x / s is finite, so divide then.
  const double inv = 1.0 / s;
  const double limit = floating_type(x.dtype()) == DType::Float32
                           ? static_cast<double>(std::numeric_limits<float>::max())
                           : std::numeric_limits<double>::max();
  if (s == 0.0 || !(std::fabs(inv) > limit)) return affine(x, inv, -0.0);
  return div(x, number_tensor(s, floating_type(x.dtype())));
}

}  // namespace tapegrad
