// In-place updates. Each writes the tensor's own memory and bumps its storage's version, so that
// a backward which saved the old values throws instead of using the new ones.
//
// While gradients are recorded an update becomes a step of the tensor's history: the new
// values are computed out of place from a clone (so the op saves the clone, never the memory
// about to be overwritten), copied into the tensor, and the op's node becomes its grad_fn.
#include <cstring>
#include <stdexcept>
#include <string>

#include "ops/elementwise_kernels.hpp"
#include "ops/inplace.hpp"
#include "ops/recording.hpp"
#include "ops/views.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace {
using detail::layout_of;

// Whether updating x in place with `others` must be recorded; throws when the update is not
// allowed at all.
bool recorded_update(const Tensor& x, const char* op, std::initializer_list<const Tensor*> others) {
  if (detail::has_internal_overlap(layout_of(x))) {
    throw std::runtime_error(std::string(op) +
                             ": several elements of this tensor share one memory location (it is an "
                             "expanded view); clone() it before changing it in place");
  }
  if (!GradMode::enabled()) return false;
  bool needs_grad = x.requires_grad();
  for (const Tensor* t : others) needs_grad = needs_grad || (t && t->defined() && t->requires_grad());
  if (!needs_grad) return false;
  const TensorImpl* base = x.impl()->view ? x.impl()->view->base.get() : nullptr;
  if ((x.is_leaf() && x.requires_grad()) || (base && !base->grad_fn && base->requires_grad)) {
    throw std::runtime_error(std::string(op) + ": a leaf tensor that requires grad (a parameter)" +
                             (base ? std::string(", or a view of one,") : std::string()) +
                             " cannot be changed in place while gradients are recorded; wrap the update "
                             "in no_grad() (with tg.no_grad(): p -= lr * p.grad), or assign a new tensor");
  }
  return true;
}

void check_result(const Tensor& x, const Tensor& result, const char* op) {
  if (result.shape() != x.shape()) {
    throw std::invalid_argument(std::string(op) + ": the result of shape " + result.shape().str() +
                                " does not fit the tensor of shape " + x.shape().str() +
                                " (an in-place op cannot broadcast the tensor it writes)");
  }
  if (!can_cast(result.dtype(), x.dtype())) {
    throw type_error(std::string(op) + ": a " + dtype_name(result.dtype()) +
                     " result cannot be written into a " + dtype_name(x.dtype()) +
                     " tensor in place; use the out-of-place op, or convert the tensor first");
  }
}

// x's values and history become those of `result`. Through a view, its base's history becomes
// the base with the view's region replaced (and the view follows).
void adopt(Tensor& x, const Tensor& result) {
  const Tensor values = cast(result, x.dtype());  // on the tape when the dtypes differ
  detail::write_values(x, values);
  if (x.impl()->view) {
    detail::rebase_through_view(x, values);
    return;
  }
  TensorImpl& impl = *x.impl();
  impl.grad_fn = values.grad_fn();
  impl.requires_grad = values.requires_grad();
  if (impl.grad_fn && (OutputLinks::enabled() || impl.retains_grad)) {
    impl.grad_fn->output = x.impl_ptr();
    impl.grad_fn->output_retains_grad = impl.retains_grad;
  }
}

// `src` broadcast to `shape` with its gradient summed back: -0.0 + v keeps every v, -0 included.
Tensor broadcast_differentiable(const Tensor& src, const Shape& shape, DType dtype) {
  return add(Tensor::full(shape, -0.0, dtype), cast(src, dtype));
}

// The plain case of x (op)= other: not recorded, both contiguous, one shape and dtype, no
// shared memory. Then the loop writes x directly, with no temporary.
bool plain_update(const Tensor& x, const Tensor& other) {
  return !(GradMode::enabled() && (x.requires_grad() || other.requires_grad())) && x.is_contiguous() &&
         other.is_contiguous() && x.shape() == other.shape() && x.dtype() == other.dtype() &&
         x.storage() != other.storage() && is_floating_point(x.dtype());
}
}  // namespace

namespace detail {

void write_values(const Tensor& x, const Tensor& values, bool accumulate) {
  NoGradGuard no_grad;
  Tensor src = cast(values, x.dtype());
  // A source that shares x's memory (x[1:] = x[:-1]) is copied first, as NumPy does.
  if (src.storage() == x.storage()) src = clone(src);
  if (accumulate) {
    add_strided(x, src);
  } else {
    copy_strided(x, src);
  }
}

Tensor& update_in_place(Tensor& x, const char* name, std::initializer_list<const Tensor*> others,
                        const std::function<void(Tensor&)>& direct,
                        const std::function<Tensor(const Tensor&)>& out_of_place) {
  if (recorded_update(x, name, others)) {
    const Tensor result = out_of_place(clone(x));
    check_result(x, result, name);
    adopt(x, result);
  } else {
    NoGradGuard no_grad;
    direct(x);
  }
  x.storage()->bump_version();
  return x;
}

}  // namespace detail

Tensor& apply_(Tensor& x, const char* name, std::initializer_list<const Tensor*> others,
               const std::function<Tensor(const Tensor&)>& op) {
  auto direct = [&](Tensor& t) {
    const Tensor result = op(t);
    check_result(t, result, name);
    detail::write_values(t, result);
  };
  return detail::update_in_place(x, name, others, direct, op);
}

Tensor& apply_(Tensor& x, const char* name, const std::function<Tensor(const Tensor&)>& op) {
  return apply_(x, name, {}, op);
}

Tensor& add_(Tensor& x, const Tensor& other, double alpha) {
  if (plain_update(x, other)) {
    if (alpha == 1.0) {
      detail::add_into(x, other);
    } else {
      dispatch_floating(x.dtype(), "add_", [&](auto zero) {
        using T = decltype(zero);
        T* dst = x.data<T>();
        const T* s = other.data<T>();
        const T a = static_cast<T>(alpha);
        for (std::int64_t i = 0, n = x.numel(); i < n; ++i) dst[i] += a * s[i];
      });
    }
    x.storage()->bump_version();
    return x;
  }
  return apply_(x, "add_", {&other},
                [&](const Tensor& t) { return alpha == 1.0 ? add(t, other) : add(t, other * alpha); });
}

Tensor& sub_(Tensor& x, const Tensor& other, double alpha) {
  if (plain_update(x, other)) return add_(x, other, -alpha);
  return apply_(x, "sub_", {&other},
                [&](const Tensor& t) { return alpha == 1.0 ? sub(t, other) : sub(t, other * alpha); });
}

Tensor& mul_(Tensor& x, const Tensor& other) {
  return apply_(x, "mul_", {&other}, [&](const Tensor& t) { return mul(t, other); });
}

Tensor& mul_(Tensor& x, double s) {
  return apply_(x, "mul_", [s](const Tensor& t) { return t * s; });
}

Tensor& div_(Tensor& x, const Tensor& other) {
  return apply_(x, "div_", {&other}, [&](const Tensor& t) { return div(t, other); });
}

Tensor& neg_(Tensor& x) {
  return apply_(x, "neg_", [](const Tensor& t) { return neg(t); });
}

Tensor& fill_(Tensor& x, double value) {
  return apply_(x, "fill_", [&](const Tensor& t) { return Tensor::full(t.shape(), value, t.dtype()); });
}

Tensor& zero_(Tensor& x) { return fill_(x, 0.0); }

Tensor& copy_(Tensor& x, const Tensor& src) {
  if (!broadcasts_to(src.shape(), x.shape())) {
    throw std::invalid_argument("copy_: a tensor of shape " + src.shape().str() +
                                " cannot be broadcast to the target's shape " + x.shape().str());
  }
  if (plain_update(x, src)) {
    std::memcpy(x.raw_data(), src.raw_data(), static_cast<std::size_t>(x.numel()) * itemsize(x.dtype()));
    x.storage()->bump_version();
    return x;
  }
  // copy_ converts any dtype (unlike the arithmetic updates): cast first, then broadcast.
  return apply_(x, "copy_", {&src}, [&](const Tensor& t) {
    if (!GradMode::enabled() || !src.requires_grad()) {
      NoGradGuard no_grad;
      return detail::broadcast_to(cast(src, t.dtype()).contiguous(), t.shape());
    }
    return broadcast_differentiable(src, t.shape(), t.dtype());
  });
}

}  // namespace tapegrad
