#include "numpy_interop.hpp"

#include <climits>
#include <stdexcept>
#include <string>

namespace tapegrad::py_interop {

namespace {
std::string type_name(py::handle obj) { return py::str(py::type::handle_of(obj).attr("__name__")); }

// Holds a Python object from C++ storage. The storage may die on a thread without the GIL
// (kernels release it), so the release takes the GIL; at interpreter exit it is skipped.
std::shared_ptr<void> keep_alive(py::object obj) {
  return std::shared_ptr<void>(new py::object(std::move(obj)), [](void* p) {
    auto* held = static_cast<py::object*>(p);
    if (!Py_IsInitialized()) return;  // the interpreter is gone: leak rather than crash
    py::gil_scoped_acquire gil;
    delete held;
  });
}

DType dtype_of_array(const py::array& arr) {
  const py::dtype dt = arr.dtype();
  if (dt.kind() == 'f' && dt.itemsize() == 4) return DType::Float32;
  if (dt.kind() == 'f' && dt.itemsize() == 8) return DType::Float64;
  throw type_error("unsupported dtype " + std::string(py::str(dt)) +
                   ": tapegrad tensors are float32 or float64 (tg.tensor(data) converts)");
}
// An integer (anything with __index__, as NumPy accepts) as int64; sets `overflow` instead of
// throwing when it does not fit.
std::int64_t integer_from_object(py::handle obj, const char* what, bool& overflow) {
  if (PyBool_Check(obj.ptr()) || !PyIndex_Check(obj.ptr())) {
    throw type_error(std::string(what) + " must be an integer, got " + type_name(obj));
  }
  const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(obj.ptr()));
  if (!index) throw py::error_already_set();
  int over = 0;
  const long long value = PyLong_AsLongLongAndOverflow(index.ptr(), &over);
  if (value == -1 && PyErr_Occurred()) throw py::error_already_set();
  overflow = over != 0;
  return static_cast<std::int64_t>(value);
}

std::vector<py::object> items_of(py::handle seq, const char* what) {
  if (!py::isinstance<py::sequence>(seq) || py::isinstance<py::str>(seq)) {
    throw type_error(std::string(what) + " must be a sequence of integers, got " + type_name(seq));
  }
  std::vector<py::object> items;
  for (py::handle item : py::reinterpret_borrow<py::sequence>(seq))
    items.push_back(py::reinterpret_borrow<py::object>(item));
  return items;
}

int axis_value(py::handle obj) {
  bool overflow = false;
  const std::int64_t axis = integer_from_object(obj, "axis", overflow);
  if (overflow || axis < INT_MIN || axis > INT_MAX) {
    throw std::out_of_range("axis " + std::string(py::str(obj)) + " is out of bounds");
  }
  return static_cast<int>(axis);
}
}  // namespace

std::optional<int> axis_from_object(py::handle axis) {
  if (axis.is_none()) return std::nullopt;
  return axis_value(axis);
}

std::vector<int> axes_from_object(py::handle axes) {
  std::vector<int> out;
  for (const py::object& item : items_of(axes, "axes")) out.push_back(axis_value(item));
  return out;
}

std::vector<std::int64_t> shape_from_object(py::handle shape) {
  const bool single = PyIndex_Check(shape.ptr()) && !PyBool_Check(shape.ptr());
  const std::vector<py::object> items =
      single ? std::vector<py::object>{py::reinterpret_borrow<py::object>(shape)} : items_of(shape, "shape");
  std::vector<std::int64_t> out;
  for (const py::object& item : items) {
    bool overflow = false;
    const std::int64_t dim = integer_from_object(item, "a shape's dimension", overflow);
    if (overflow)
      throw std::overflow_error("the dimension " + std::string(py::str(item)) + " does not fit in int64");
    out.push_back(dim);
  }
  return out;
}

DType dtype_from_object(py::handle dtype_like) {
  py::dtype dt;
  try {
    dt = py::dtype::from_args(py::reinterpret_borrow<py::object>(dtype_like));
  } catch (const py::error_already_set&) {
    throw type_error("not a dtype: " + std::string(py::repr(dtype_like)));
  }
  if (dt.kind() == 'f' && dt.itemsize() == 4) return DType::Float32;
  if (dt.kind() == 'f' && dt.itemsize() == 8) return DType::Float64;
  throw type_error("unsupported dtype " + std::string(py::str(dt)) +
                   ": tapegrad tensors are float32 or float64");
}

py::dtype numpy_dtype(DType dtype) {
  return dtype == DType::Float32 ? py::dtype::of<float>() : py::dtype::of<double>();
}

py::array to_numpy(const Tensor& tensor) {
  const Shape& shape = tensor.shape();
  std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  std::vector<py::ssize_t> strides(dims.size());
  py::ssize_t stride = static_cast<py::ssize_t>(itemsize(tensor.dtype()));
  for (std::size_t d = dims.size(); d-- > 0;) {
    strides[d] = stride;
    stride *= dims[d];
  }
  auto* owner = new std::shared_ptr<Storage>(tensor.storage());
  py::capsule base(owner, [](void* p) { delete static_cast<std::shared_ptr<Storage>*>(p); });
  return py::array(numpy_dtype(tensor.dtype()), dims, strides, tensor.raw_data(), base);
}

Tensor from_numpy(py::handle obj) {
  if (!py::isinstance<py::array>(obj)) {
    throw type_error("from_numpy expects a numpy.ndarray, got " + type_name(obj) +
                     " (tg.tensor(data) copies any data)");
  }
  auto arr = py::reinterpret_borrow<py::array>(obj);
  const DType dtype = dtype_of_array(arr);
  if (!arr.dtype().attr("isnative").cast<bool>()) {
    throw std::invalid_argument(
        "from_numpy needs an array in native byte order; use arr.astype(arr.dtype.newbyteorder('='))");
  }
  if (!(arr.flags() & py::array::c_style)) {
    throw std::invalid_argument(
        "from_numpy needs a C-contiguous array to share its memory; "
        "np.ascontiguousarray(arr) makes a contiguous copy");
  }
  if (!arr.writeable()) {
    throw std::invalid_argument(
        "from_numpy needs a writeable array (tapegrad updates parameters in place); "
        "tg.tensor(arr) makes a copy");
  }
  if (arr.ndim() > Shape::kMaxDims) {
    throw std::invalid_argument("tapegrad supports at most " + std::to_string(Shape::kMaxDims) +
                                " dimensions, got " + std::to_string(arr.ndim()));
  }
  std::vector<std::int64_t> dims(arr.shape(), arr.shape() + arr.ndim());
  const Shape shape(dims.data(), static_cast<int>(dims.size()));
  auto storage = Storage::wrap(arr.mutable_data(), static_cast<std::size_t>(arr.nbytes()), keep_alive(arr));
  return Tensor::from_storage(std::move(storage), shape, dtype);
}

Tensor tensor_from_data(py::handle data, std::optional<DType> dtype) {
  // Looked up once and never released: module objects outlive every call, even at exit.
  static const auto* numpy = new py::object(py::module_::import("numpy"));
  py::object source = py::reinterpret_borrow<py::object>(data);
  if (py::isinstance<Tensor>(data)) source = to_numpy(data.cast<const Tensor&>());
  py::array arr = numpy->attr("asarray")(source);
  const char kind = arr.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b') {
    throw type_error("tensor() needs real numbers, got data of dtype " + std::string(py::str(arr.dtype())));
  }
  if (!dtype) dtype = kind == 'f' && arr.dtype().itemsize() <= 4 ? DType::Float32 : DType::Float64;
  // np.array copies: the new tensor never shares memory with the caller's data.
  const auto copy_of = [&] {
    return numpy->attr("array")(arr, py::arg("dtype") = numpy_dtype(*dtype), py::arg("order") = "C");
  };
  if (*dtype == DType::Float32 && kind == 'f' && arr.dtype().itemsize() > 4) {
    // Narrowing to float32 rounds values beyond its range to +-inf, as a C cast and PyTorch do,
    // without NumPy's overflow warning (an error where warnings are errors).
    py::object quiet = numpy->attr("errstate")(py::arg("over") = "ignore");
    quiet.attr("__enter__")();
    py::array copy;
    try {
      copy = copy_of();
    } catch (...) {
      quiet.attr("__exit__")(py::none(), py::none(), py::none());
      throw;
    }
    quiet.attr("__exit__")(py::none(), py::none(), py::none());
    return from_numpy(copy);
  }
  return from_numpy(copy_of());
}

Tensor as_tensor(py::handle operand) {
  if (py::isinstance<Tensor>(operand)) return operand.cast<Tensor>();
  return tensor_from_data(operand, std::nullopt);
}

}  // namespace tapegrad::py_interop
