#include "tapegrad/tensor.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "small_alloc.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad {

const char* dtype_name(DType dtype) noexcept { return dtype == DType::Float32 ? "float32" : "float64"; }

namespace {
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
}  // namespace

Tensor Tensor::empty(const Shape& shape, DType dtype) {
  return Tensor(
      detail::make_cached<TensorImpl>(Storage::allocate(checked_nbytes(shape, dtype)), shape, dtype));
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
    std::fill_n(t.data<T>(), t.numel(), static_cast<T>(value));
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
    std::transform(values.begin(), values.end(), t.data<T>(), [](double v) { return static_cast<T>(v); });
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

Tensor& Tensor::set_requires_grad(bool requires_grad) {
  if (!is_leaf()) {
    throw std::invalid_argument(
        "requires_grad can only be changed on leaf tensors; use detach() to make a new leaf");
  }
  impl_->requires_grad = requires_grad;
  return *this;
}

Tensor Tensor::grad() const {
  TensorImpl& impl = checked();
  std::lock_guard<std::mutex> lock(impl.grad_mutex);
  return impl.grad;
}

void Tensor::set_grad(const Tensor& grad) {
  TensorImpl& impl = checked();
  if (grad.defined() && (grad.shape() != impl.shape || grad.dtype() != impl.dtype)) {
    throw std::invalid_argument("a gradient of shape " + grad.shape().str() + " and dtype " +
                                dtype_name(grad.dtype()) + " cannot be assigned to a tensor of shape " +
                                impl.shape.str() + " and dtype " + dtype_name(impl.dtype));
  }
  std::lock_guard<std::mutex> lock(impl.grad_mutex);
  impl.grad = grad;
}

void Tensor::zero_grad() {
  TensorImpl& impl = checked();
  std::lock_guard<std::mutex> lock(impl.grad_mutex);
  if (impl.grad.defined()) std::memset(impl.grad.raw_data(), 0, impl.grad.storage()->nbytes());
}

void Tensor::retain_grad() {
  TensorImpl& impl = checked();
  if (!impl.requires_grad)
    throw std::runtime_error("retain_grad() on a tensor that does not require a gradient");
  if (impl.grad_fn) {  // a leaf keeps its gradient anyway
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
  } else if (seed.shape() != impl.shape) {
    throw std::invalid_argument("the gradient's shape " + seed.shape().str() +
                                " does not match the output's shape " + impl.shape.str());
  } else if (seed.dtype() != impl.dtype) {
    seed = cast(seed.detach(), impl.dtype);
  }
  run_backward(*this, seed, retain_graph);
}

Tensor Tensor::detach() const {
  TensorImpl& impl = checked();
  return Tensor(detail::make_cached<TensorImpl>(impl.storage, impl.shape, impl.dtype));
}

double Tensor::item() const {
  TensorImpl& impl = checked();
  if (impl.shape.numel() != 1) {
    throw std::invalid_argument("item() needs a one-element tensor, but this one has shape " +
                                impl.shape.str());
  }
  return to_vector()[0];
}

std::vector<double> Tensor::to_vector() const {
  return dispatch(dtype(), [&](auto zero) {
    using T = decltype(zero);
    const T* p = data<T>();
    return std::vector<double>(p, p + numel());
  });
}

}  // namespace tapegrad
