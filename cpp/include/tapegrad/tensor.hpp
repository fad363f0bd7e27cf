#pragma once
// Tensor: a handle to shared tensor state. Copying a Tensor copies the handle, not the data.
//
// A tensor is float32 or float64, contiguous and row-major. Tensors made by ops while gradients
// are recorded carry `grad_fn`, the tape node that produced them; leaves that require a gradient
// receive it in `grad()` when `backward()` runs.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tapegrad/dtype.hpp"
#include "tapegrad/shape.hpp"
#include "tapegrad/storage.hpp"

namespace tapegrad {

class Node;
struct TensorImpl;

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor: defined() is false
  explicit Tensor(std::shared_ptr<TensorImpl> impl) noexcept : impl_(std::move(impl)) {}

  // Factories. empty() leaves the values uninitialised; from_vector() copies.
  static Tensor empty(const Shape& shape, DType dtype = DType::Float64);
  static Tensor zeros(const Shape& shape, DType dtype = DType::Float64);
  static Tensor full(const Shape& shape, double value, DType dtype = DType::Float64);
  static Tensor scalar(double value, DType dtype = DType::Float64);  // 0-d
  static Tensor from_vector(const std::vector<double>& values, const Shape& shape,
                            DType dtype = DType::Float64);
  // Shares storage (no copy); throws std::invalid_argument when the storage is too small.
  static Tensor from_storage(std::shared_ptr<Storage> storage, const Shape& shape, DType dtype);

  bool defined() const noexcept { return impl_ != nullptr; }
  DType dtype() const;
  const Shape& shape() const;
  int ndim() const { return shape().ndim(); }
  std::int64_t numel() const;
  const std::shared_ptr<Storage>& storage() const;
  void* raw_data() const;
  // Typed access; throws tapegrad::type_error when T is not the tensor's dtype.
  template <class T>
  T* data() const;

  // Autograd state.
  bool requires_grad() const;
  // Only on leaves (tensors no op produced); throws std::invalid_argument otherwise.
  Tensor& set_requires_grad(bool requires_grad);
  bool is_leaf() const;
  const std::shared_ptr<Node>& grad_fn() const;
  // The accumulated gradient (undefined before the first backward). Shares its buffer.
  Tensor grad() const;
  // Replaces the gradient (undefined clears it); shape and dtype must match this tensor.
  void set_grad(const Tensor& grad);
  // Fills the gradient with zeros in place, if there is one.
  void zero_grad();
  // Keep the gradient of this non-leaf tensor in grad() during backward (as PyTorch's).
  void retain_grad();
  bool retains_grad() const;

  // Reverse sweep from this tensor. `gradient` may be omitted when the tensor has one element.
  // Throws std::runtime_error (changing no gradient) when the graph was freed by an earlier
  // backward, a saved tensor was changed in place, or another thread's backward is running
  // through one of the same nodes.
  void backward(const Tensor& gradient = Tensor(), bool retain_graph = false) const;

  // Same storage, no history, requires_grad false.
  Tensor detach() const;
  // The single value of a one-element tensor, as a double.
  double item() const;
  // All values as doubles, row-major.
  std::vector<double> to_vector() const;

  TensorImpl* impl() const noexcept { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const noexcept { return impl_; }

 private:
  TensorImpl& checked() const;
  [[noreturn]] static void throw_undefined();
  [[noreturn]] void throw_bad_data_access(DType requested) const;
  std::shared_ptr<TensorImpl> impl_;
};

// The state behind a Tensor handle.
struct TensorImpl {
  TensorImpl(std::shared_ptr<Storage> storage_, const Shape& shape_, DType dtype_)
      : storage(std::move(storage_)), shape(shape_), dtype(dtype_) {}

  std::shared_ptr<Storage> storage;
  Shape shape;
  DType dtype;
  bool requires_grad = false;
  bool retains_grad = false;
  std::shared_ptr<Node> grad_fn;  // null for leaves
  Tensor grad;
  std::mutex grad_mutex;  // gradients from several threads into one leaf are summed, not lost
};

// The accessors every op calls several times are inline: a call each cost more than the
// arithmetic on a one-element tensor.
inline TensorImpl& Tensor::checked() const {
  if (!impl_) throw_undefined();
  return *impl_;
}
inline DType Tensor::dtype() const { return checked().dtype; }
inline const Shape& Tensor::shape() const { return checked().shape; }
inline std::int64_t Tensor::numel() const { return checked().shape.numel(); }
inline const std::shared_ptr<Storage>& Tensor::storage() const { return checked().storage; }
inline void* Tensor::raw_data() const { return checked().storage->data(); }
inline bool Tensor::requires_grad() const { return checked().requires_grad; }
inline bool Tensor::is_leaf() const { return checked().grad_fn == nullptr; }
inline const std::shared_ptr<Node>& Tensor::grad_fn() const { return checked().grad_fn; }

template <class T>
T* Tensor::data() const {
  if (!impl_ || impl_->dtype != dtype_of<T>()) throw_bad_data_access(dtype_of<T>());
  return static_cast<T*>(impl_->storage->data());
}

}  // namespace tapegrad
