#pragma once
// Tensor: a handle to shared tensor state. Copying a Tensor copies the handle, not the data.
//
// A tensor has one of the dtypes of dtype.hpp, a shape, and its values in a Storage it may share
// with other tensors. Tensors made by ops are contiguous and row-major; views (indexing,
// transpose, expand, reshape, detach) share their base's storage, may start past its beginning
// and may have any strides. Tensors made by ops while gradients are recorded carry `grad_fn`,
// the tape node that produced them; leaves that require a gradient receive it in `grad()` when
// `backward()` runs.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tapegrad/dtype.hpp"
#include "tapegrad/shape.hpp"
#include "tapegrad/storage.hpp"

namespace tapegrad {

class Node;
struct TensorImpl;
namespace detail {
struct ViewInfo;  // a view's base and place in it (cpp/src/ops/views.hpp)
}

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor: defined() is false
  explicit Tensor(std::shared_ptr<TensorImpl> impl) noexcept : impl_(std::move(impl)) {}

  // Factories. empty() leaves the values uninitialised; from_vector() copies (and converts).
  static Tensor empty(const Shape& shape, DType dtype = DType::Float64);
  static Tensor zeros(const Shape& shape, DType dtype = DType::Float64);
  static Tensor full(const Shape& shape, double value, DType dtype = DType::Float64);
  static Tensor scalar(double value, DType dtype = DType::Float64);  // 0-d
  static Tensor from_vector(const std::vector<double>& values, const Shape& shape,
                            DType dtype = DType::Float64);
  // Shares storage (no copy), contiguous from its first byte; throws std::invalid_argument when
  // the storage is too small.
  static Tensor from_storage(std::shared_ptr<Storage> storage, const Shape& shape, DType dtype);

  bool defined() const noexcept { return impl_ != nullptr; }
  DType dtype() const;
  const Shape& shape() const;
  int ndim() const { return shape().ndim(); }
  std::int64_t numel() const;
  const std::shared_ptr<Storage>& storage() const;

  // Memory layout. Contiguous means row-major with no gaps: what every kernel reads.
  bool is_contiguous() const;
  Strides strides() const;              // in elements
  std::int64_t storage_offset() const;  // where element 0 lies in the storage, in elements
  Tensor contiguous() const;            // this tensor, or a row-major copy of it (differentiable)

  // Element 0. raw_data() is untyped; data<T>() throws tapegrad::type_error when T is not the
  // dtype and std::logic_error for a strided view (kernels read row-major memory: call
  // contiguous() first); strided_data<T>() allows views, for code that walks strides().
  void* raw_data() const;
  template <class T>
  T* data() const;
  template <class T>
  T* strided_data() const;

  // Autograd state.
  bool requires_grad() const;
  // Only on leaves (tensors no op produced) of a floating-point dtype; throws
  // std::invalid_argument otherwise (tapegrad::type_error for the dtype).
  Tensor& set_requires_grad(bool requires_grad);
  bool is_leaf() const;
  // The node that produced this tensor (null for a leaf). A view's node follows its base's
  // history: after an in-place change of the base it is a view of the base's new history.
  const std::shared_ptr<Node>& grad_fn() const;
  // The accumulated gradient (undefined before the first backward). Shares its buffer.
  Tensor grad() const;
  // Replaces the gradient (undefined clears it); shape and dtype must match this tensor. A strided
  // gradient is copied into a buffer of its own (zero_grad and the optimizers write into it).
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
  // Makes this tensor hold other's values: its storage, layout and dtype (PyTorch's
  // `x.data = y`). The history, gradient and requires_grad stay; a tensor that requires a
  // gradient must keep a floating-point dtype (tapegrad::type_error otherwise).
  void set_data(const Tensor& other);
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
  [[noreturn]] void throw_strided_data_access() const;
  void refresh_view_history() const;
  std::shared_ptr<TensorImpl> impl_;
};

// The state behind a Tensor handle.
struct TensorImpl {
  // Contiguous, from the first byte of `storage_`.
  TensorImpl(std::shared_ptr<Storage> storage_, const Shape& shape_, DType dtype_);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  std::shared_ptr<Storage> storage;
  void* data;  // element 0, inside storage
  Shape shape;
  std::unique_ptr<Strides> strides;        // null when row-major: every tensor but some views
  std::unique_ptr<detail::ViewInfo> view;  // for views (indexing, transpose, reshape...): the base
  std::shared_ptr<Node> grad_fn;           // null for leaves
  Tensor grad;
  DType dtype;
  bool requires_grad = false;
  bool retains_grad = false;
  bool wrapped_number = false;  // a Python number made a tensor: promotes as a scalar
  // Set while an op records the node that produces this tensor, so that saving it marks it as
  // the node's own output (SavedStorage): a flag in the padding, no thread-local lookup.
  bool being_recorded = false;
  // Some view of this tensor has been made (make_view sets it). A view's retained or requested
  // gradient would miss what flows through views of it (they are recorded as views of the
  // root), so retain_grad() and autograd::grad refuse such a view.
  bool has_views = false;
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
inline bool Tensor::is_contiguous() const { return checked().strides == nullptr; }
inline void* Tensor::raw_data() const { return checked().data; }
inline bool Tensor::requires_grad() const { return checked().requires_grad; }
inline bool Tensor::is_leaf() const { return checked().grad_fn == nullptr; }
inline const std::shared_ptr<Node>& Tensor::grad_fn() const {
  TensorImpl& impl = checked();
  if (impl.view) refresh_view_history();
  return impl.grad_fn;
}

template <class T>
T* Tensor::strided_data() const {
  if (!impl_ || impl_->dtype != dtype_of<T>()) throw_bad_data_access(dtype_of<T>());
  return static_cast<T*>(impl_->data);
}

template <class T>
T* Tensor::data() const {
  T* p = strided_data<T>();
  if (impl_->strides) throw_strided_data_access();
  return p;
}

}  // namespace tapegrad
