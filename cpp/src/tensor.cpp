#include "tapegrad/tensor.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "convert.hpp"
#include "grad_lock.hpp"
#include "ops/views.hpp"
#include "plan/recorder.hpp"
#include "small_alloc.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

namespace detail {
std::size_t checked_nbytes(const Shape& shape, DType dtype) {
  // As NumPy, the non-zero dimensions times the item size must fit in int64 even when a zero
  // empties the tensor: the byte strides of every view are products of them.
  const auto item = static_cast<std::int64_t>(itemsize(dtype));
  if (shape.ndim() == 0) return static_cast<std::size_t>(item);  // a scalar: nothing to check
  std::int64_t bytes = item;
  for (std::int64_t d : shape) {
    if (d > 1 && !checked_mul(bytes, d, &bytes)) {
      throw std::overflow_error("a tensor of shape " + shape.str() + " does not fit in memory");
    }
  }
  return static_cast<std::size_t>(shape.numel()) * static_cast<std::size_t>(item);
}
}  // namespace detail

namespace {
using detail::checked_nbytes;

// The values of `t` (any layout) in row-major order, each passed to f as a T.
template <class T, class F>
void for_each_value(const Tensor& t, F f) {
  const T* p = t.strided_data<T>();
  const std::int64_t n = t.numel();
  if (t.is_contiguous()) {
    for (std::int64_t i = 0; i < n; ++i) f(p[i]);
    return;
  }
  const Shape& shape = t.shape();
  const Strides strides = t.strides();
  std::array<std::int64_t, Shape::kMaxDims> index{};
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t offset = 0;
    for (int d = 0; d < shape.ndim(); ++d)
      offset += index[static_cast<std::size_t>(d)] * strides[static_cast<std::size_t>(d)];
    f(p[offset]);
    for (int d = shape.ndim() - 1; d >= 0; --d) {
      if (++index[static_cast<std::size_t>(d)] < shape[d]) break;
      index[static_cast<std::size_t>(d)] = 0;
    }
  }
}
}  // namespace

namespace detail {
std::mutex& grad_mutex(const TensorImpl& tensor) noexcept {
  static std::array<std::mutex, 64> mutexes;
  const auto address = reinterpret_cast<std::uintptr_t>(&tensor);
  return mutexes[(address / alignof(std::max_align_t)) % mutexes.size()];
}
}  // namespace detail

TensorImpl::TensorImpl(std::shared_ptr<Storage> storage_, const Shape& shape_, DType dtype_)
    : storage(std::move(storage_)), data(storage->data()), shape(shape_), dtype(dtype_) {}

TensorImpl::~TensorImpl() = default;

namespace {
// "4.00 TiB", as NumPy's MemoryError sizes its request.
std::string byte_size(std::size_t nbytes) {
  static const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double size = static_cast<double>(nbytes);
  int unit = 0;
  while (size >= 1024.0 && unit < 6) {
    size /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.2f %s", size, units[unit]);
  return text;
}

// A tensor's storage; a failed allocation names the tensor (NumPy's MemoryError does too).
std::shared_ptr<Storage> allocate_for(const Shape& shape, DType dtype) {
  const std::size_t nbytes = checked_nbytes(shape, dtype);
  try {
    return Storage::allocate(nbytes);
  } catch (const std::bad_alloc&) {
    throw out_of_memory("could not allocate " + byte_size(nbytes) + " for a tensor of shape " + shape.str() +
                        " and dtype " + dtype_name(dtype));
  }
}
}  // namespace

Tensor Tensor::empty(const Shape& shape, DType dtype) {
  return Tensor(detail::make_cached<TensorImpl>(allocate_for(shape, dtype), shape, dtype));
}

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw_data(), 0, t.storage()->nbytes());
  return t;
}

Tensor Tensor::full(const Shape& shape, double value, DType dtype) {
  Tensor t = empty(shape, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    std::fill_n(t.data<T>(), t.numel(), detail::convert<T>(value));
  });
  return t;
}

Tensor Tensor::scalar(double value, DType dtype) { return full(Shape{}, value, dtype); }

Tensor Tensor::from_vector(const std::vector<double>& values, const Shape& shape, DType dtype) {
  if (static_cast<std::int64_t>(values.size()) != shape.numel()) {
    throw std::invalid_argument(std::to_string(values.size()) + " values cannot fill a tensor of shape " +
                                shape.str());
  }
  Tensor t = empty(shape, dtype);
  dispatch(dtype, [&](auto zero) {
    using T = decltype(zero);
    std::transform(values.begin(), values.end(), t.data<T>(), [](double v) { return detail::convert<T>(v); });
  });
  return t;
}

Tensor Tensor::from_storage(std::shared_ptr<Storage> storage, const Shape& shape, DType dtype) {
  if (!storage) throw std::invalid_argument("from_storage: null storage");
  const std::size_t nbytes = checked_nbytes(shape, dtype);
  if (storage->nbytes() < nbytes) {
    throw std::invalid_argument("a storage of " + std::to_string(storage->nbytes()) +
                                " bytes is too small for a tensor of shape " + shape.str());
  }
  return Tensor(detail::make_cached<TensorImpl>(std::move(storage), shape, dtype));
}

void Tensor::throw_undefined() { throw std::invalid_argument("the tensor is undefined"); }

void Tensor::throw_bad_data_access(DType requested) const {
  throw type_error(std::string("tensor has dtype ") + dtype_name(checked().dtype) + ", not the requested " +
                   dtype_name(requested));
}

void Tensor::throw_strided_data_access() const {
  throw std::logic_error("data<T>() on a strided view of shape " + checked().shape.str() +
                         ": kernels read row-major memory (call contiguous() first, or strided_data())");
}

void Tensor::refresh_view_history() const { detail::refresh_view_history(*this); }

Strides Tensor::strides() const {
  const TensorImpl& impl = checked();
  return impl.strides ? *impl.strides : contiguous_strides(impl.shape);
}

std::int64_t Tensor::storage_offset() const {
  const TensorImpl& impl = checked();
  const auto bytes =
      static_cast<const unsigned char*>(impl.data) - static_cast<const unsigned char*>(impl.storage->data());
  return static_cast<std::int64_t>(bytes) / static_cast<std::int64_t>(itemsize(impl.dtype));
}

Tensor& Tensor::set_requires_grad(bool requires_grad) {
  if (!is_leaf()) {
    throw std::invalid_argument(
        "requires_grad can only be changed on leaf tensors; use detach() to make a new leaf");
  }
  if (requires_grad && !is_floating_point(impl_->dtype)) {
    throw type_error(std::string("only tensors of floating point dtype can require gradients, not ") +
                     dtype_name(impl_->dtype) + " (convert first, e.g. x.double())");
  }
  impl_->requires_grad = requires_grad;
  return *this;
}

Tensor Tensor::grad() const {
  TensorImpl& impl = checked();
  Tensor grad;
  {
    std::lock_guard<std::mutex> lock(detail::grad_mutex(impl));
    grad = impl.grad;
  }
  // In a plan, .grad is looked up again on every run: the caller's code may hold another one.
  if (detail::Recorder* rec = grad.defined() ? detail::Recorder::active() : nullptr) {
    const int owner = rec->grad_owner(*this, true), bound = rec->bound(grad);
    rec->step([owner, bound](detail::Slot* s) { s[bound].t = s[owner].t->grad.impl_ptr(); });
  }
  return grad;
}

void Tensor::set_grad(const Tensor& grad) {
  TensorImpl& impl = checked();
  if (grad.defined() && (grad.shape() != impl.shape || grad.dtype() != impl.dtype)) {
    throw std::invalid_argument("a gradient of shape " + grad.shape().str() + " and dtype " +
                                dtype_name(grad.dtype()) + " cannot be assigned to a tensor of shape " +
                                impl.shape.str() + " and dtype " + dtype_name(impl.dtype));
  }
  Tensor own = grad;
  if (own.defined() && !own.is_contiguous()) {
    NoGradGuard no_grad;
    own = grad.contiguous();
  }
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int owner = rec->grad_owner(*this, false), value = own.defined() ? rec->read(own) : -1;
    if (value >= 0) rec->given(value);
    rec->grad_assigned(owner);
    rec->step(
        [owner, value](detail::Slot* s) { s[owner].t->grad = value < 0 ? Tensor() : Tensor(s[value].t); });
  }
  std::lock_guard<std::mutex> lock(detail::grad_mutex(impl));
  impl.grad = std::move(own);
}

namespace {
void zero_gradient(TensorImpl& impl) {
  if (impl.grad.defined()) {
    std::memset(impl.grad.raw_data(), 0,
                static_cast<std::size_t>(impl.grad.numel()) * itemsize(impl.grad.dtype()));
    impl.grad.storage()->bump_version();
  }
}
}  // namespace

void Tensor::zero_grad() {
  TensorImpl& impl = checked();
  if (detail::Recorder* rec = detail::Recorder::active()) {
    const int owner = rec->grad_owner(*this, true);
    rec->step([owner](detail::Slot* s) { zero_gradient(*s[owner].t); });
    const detail::Recorder::Mute mute(*rec);
    std::lock_guard<std::mutex> lock(detail::grad_mutex(impl));
    zero_gradient(impl);
    return;
  }
  std::lock_guard<std::mutex> lock(detail::grad_mutex(impl));
  zero_gradient(impl);
}

void Tensor::retain_grad() {
  TensorImpl& impl = checked();
  if (!impl.requires_grad)
    throw std::runtime_error("retain_grad() on a tensor that does not require a gradient");
  if (impl.grad_fn) {  // a leaf keeps its gradient anyway
    if (impl.view && impl.has_views) {
      throw std::runtime_error(
          "retain_grad() on a view (shape " + impl.shape.str() +
          ") of which views were already taken: their gradients are recorded on its base and would be "
          "missing from its .grad. Call retain_grad() right after making it, before taking views of "
          "it, or on a clone() used in its place");
    }
    impl.retains_grad = true;
    impl.grad_fn->output = impl_;  // the sweep finds the tensor through this link
    impl.grad_fn->output_retains_grad = true;
  }
}

bool Tensor::retains_grad() const { return checked().retains_grad; }

void Tensor::backward(const Tensor& gradient, bool retain_graph) const {
  TensorImpl& impl = checked();
  if (!impl.requires_grad) {
    throw std::runtime_error("backward() on a tensor that does not require a gradient and has no grad_fn");
  }
  Tensor seed = gradient;
  if (!seed.defined()) {
    if (impl.shape.numel() != 1) {
      throw std::runtime_error(
          "backward() without a gradient needs a one-element output, but this one has shape " +
          impl.shape.str() + "; pass gradient= of that shape");
    }
    seed = Tensor::full(impl.shape, 1.0, impl.dtype);
    if (detail::Recorder* rec = detail::Recorder::active()) rec->constant(seed);
  } else if (seed.shape() != impl.shape) {
    throw std::invalid_argument("the gradient's shape " + seed.shape().str() +
                                " does not match the output's shape " + impl.shape.str());
  } else if (seed.dtype() != impl.dtype || !seed.is_contiguous()) {
    seed = cast(seed.detach(), impl.dtype).contiguous();
  }
  run_backward(*this, seed, retain_graph);
}

Tensor Tensor::detach() const {
  TensorImpl& impl = checked();
  auto out = detail::make_cached<TensorImpl>(impl.storage, impl.shape, impl.dtype);
  out->data = impl.data;
  if (impl.strides) out->strides = std::make_unique<Strides>(*impl.strides);
  return Tensor(std::move(out));
}

void Tensor::set_data(const Tensor& other) {
  TensorImpl& impl = checked();
  const TensorImpl& src = other.checked();
  if (impl.requires_grad && !is_floating_point(src.dtype)) {
    throw type_error(std::string("a tensor that requires grad cannot hold ") + dtype_name(src.dtype) +
                     " data: only floating-point tensors can require gradients");
  }
  if (&impl == &src) return;
  impl.storage = src.storage;
  impl.data = src.data;
  impl.shape = src.shape;
  impl.strides = src.strides ? std::make_unique<Strides>(*src.strides) : nullptr;
  impl.dtype = src.dtype;
  impl.view.reset();  // it holds other's memory, as a tensor of its own
}

double Tensor::item() const {
  TensorImpl& impl = checked();
  if (detail::Recorder* rec = detail::Recorder::active())
    rec->refuse("item(): it reads a value out of a tensor");
  if (impl.shape.numel() != 1) {
    throw std::invalid_argument("item() needs a one-element tensor, but this one has shape " +
                                impl.shape.str());
  }
  return to_vector()[0];
}

std::vector<double> Tensor::to_vector() const {
  if (detail::Recorder* rec = detail::Recorder::active())
    rec->refuse("to_vector(): it reads values out of a tensor");
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(numel()));
  dispatch(dtype(), [&](auto zero) {
    using T = decltype(zero);
    for_each_value<T>(*this, [&](T v) { out.push_back(detail::convert<double>(v)); });
  });
  return out;
}

}  // namespace tapegrad
