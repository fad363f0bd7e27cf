#include "numpy_interop.hpp"

#include "tapegrad/plan.hpp"

#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

#include <array>
#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tapegrad::py_interop {

namespace {

// Looked up once and never released: these objects outlive every call, even at exit.
std::array<py::object, 6>& dtype_objects() {
  static auto* objects = new std::array<py::object, 6>();
  return *objects;
}
py::object& size_type() {
  static auto* type = new py::object();
  return *type;
}
const py::object& numpy() {
  static const auto* module = new py::object(py::module_::import("numpy"));
  return *module;
}

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

// The tapegrad dtype of exactly this NumPy dtype, if there is one.
std::optional<DType> exact_dtype(const py::dtype& dt) {
  const char kind = dt.kind();
  const auto size = dt.itemsize();
  if (kind == 'b') return DType::Bool;
  if (kind == 'u' && size == 1) return DType::UInt8;
  if (kind == 'i' && size == 4) return DType::Int32;
  if (kind == 'i' && size == 8) return DType::Int64;
  if (kind == 'f' && size == 4) return DType::Float32;
  if (kind == 'f' && size == 8) return DType::Float64;
  return std::nullopt;
}

// The dtype a copy of an array of `dt` gets: its own, else the nearest wider one (int8 and
// int16 to int32, other unsigned to int64, float16 to float32, longdouble to float64).
DType copy_dtype(const py::dtype& dt) {
  if (auto exact = exact_dtype(dt)) return *exact;
  const char kind = dt.kind();
  if ((kind == 'i' || kind == 'u') && dt.itemsize() <= 2) return DType::Int32;
  if (kind == 'i' || kind == 'u') return DType::Int64;
  if (kind == 'f') return dt.itemsize() < 4 ? DType::Float32 : DType::Float64;
  throw type_error("tensor() needs numbers, got data of dtype " + std::string(py::str(dt)));
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

// Nested lists and tuples of Python numbers, read without NumPy: the common way to write small
// tensors by hand, and ten times faster than np.array for them.
class NestedList {
 public:
  // False (and nothing read) when the data holds anything but lists, tuples and numbers.
  bool read(py::handle data) { return walk(data.ptr(), 0); }

  DType inferred_dtype() const {
    if (any_float_) return default_dtype();
    if (any_int_) return DType::Int64;
    return leaves_.empty() ? default_dtype() : DType::Bool;
  }

  Tensor to_tensor(DType dtype) const {
    // Floats into an integer dtype go through tapegrad's cast, defined for every value.
    if (any_float_ && !is_floating_point(dtype)) return cast(to_tensor(DType::Float64), dtype);
    Tensor t = Tensor::empty(Shape(dims_.data(), static_cast<int>(dims_.size())), dtype);
    dispatch(dtype, [&](auto zero) {
      using T = decltype(zero);
      T* out = t.data<T>();
      for (std::size_t i = 0; i < leaves_.size(); ++i) out[i] = leaf_value<T>(leaves_[i]);
    });
    return t;
  }

 private:
  bool walk(PyObject* obj, std::size_t depth) {
    if (PyList_Check(obj) || PyTuple_Check(obj)) {
      const Py_ssize_t n = PySequence_Fast_GET_SIZE(obj);
      if (depth == dims_.size()) {
        if (depth == static_cast<std::size_t>(Shape::kMaxDims) || !leaves_.empty()) return fail_shape();
        dims_.push_back(n);
      } else if (dims_[depth] != n) {
        return fail_shape();
      }
      PyObject** items = PySequence_Fast_ITEMS(obj);
      for (Py_ssize_t i = 0; i < n; ++i) {
        if (!walk(items[i], depth + 1)) return false;
      }
      return true;
    }
    if (depth != dims_.size()) return fail_shape();  // a number where a list was expected
    if (PyBool_Check(obj)) {
    } else if (PyLong_CheckExact(obj)) {
      any_int_ = true;
    } else if (PyFloat_Check(obj)) {
      any_float_ = true;
    } else {
      return false;  // NumPy scalars, tensors, strings...: NumPy's conversion decides
    }
    leaves_.push_back(obj);
    return true;
  }

  // A ragged list: leave it to NumPy, whose error names the problem.
  bool fail_shape() { return false; }

  template <class T>
  static T leaf_value(PyObject* obj) {
    if constexpr (std::is_same_v<T, bool>) {
      return PyObject_IsTrue(obj) == 1;
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(PyFloat_AsDouble(obj));
    } else {
      int overflow = 0;
      const long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
      if (overflow) throw std::overflow_error("an integer in the data does not fit in int64");
      return static_cast<T>(v);
    }
  }

  std::vector<std::int64_t> dims_;
  std::vector<PyObject*> leaves_;  // borrowed: the caller's data holds them
  bool any_int_ = false;
  bool any_float_ = false;
};

Tensor scalar_from_number(py::handle number, std::optional<DType> dtype) {
  PyObject* obj = number.ptr();
  if (PyFloat_Check(obj)) return Tensor::scalar(PyFloat_AsDouble(obj), dtype.value_or(default_dtype()));
  if (PyBool_Check(obj)) return Tensor::scalar(obj == Py_True ? 1.0 : 0.0, dtype.value_or(DType::Bool));
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (overflow)
    throw std::overflow_error("the integer " + std::string(py::str(number)) + " does not fit in int64");
  const DType target = dtype.value_or(DType::Int64);
  if (target != DType::Int64) return Tensor::scalar(static_cast<double>(v), target);
  Tensor t = Tensor::empty(Shape{}, DType::Int64);
  *t.data<std::int64_t>() = v;  // exactly: a double holds only 53 bits
  return t;
}

Tensor from_array_copy(const py::array& arr, std::optional<DType> dtype) {
  const DType target = dtype.value_or(copy_dtype(arr.dtype()));
  // np.array copies: the new tensor never shares memory with the caller's data. Narrowing
  // float64 to float32 rounds values beyond its range to +-inf, as a C cast and PyTorch do,
  // without NumPy's overflow warning (an error where warnings are errors); other conversions go
  // through tapegrad's own cast, whose float-to-integer rule is defined for every value.
  const std::optional<DType> same = exact_dtype(arr.dtype());
  const DType read_as = same ? *same : (is_floating_point(target) ? target : copy_dtype(arr.dtype()));
  py::object quiet = numpy().attr("errstate")(py::arg("all") = "ignore");
  quiet.attr("__enter__")();
  py::object copy;
  try {
    copy = numpy().attr("array")(arr, py::arg("dtype") = numpy_dtype(read_as), py::arg("order") = "C");
  } catch (...) {
    quiet.attr("__exit__")(py::none(), py::none(), py::none());
    throw;
  }
  quiet.attr("__exit__")(py::none(), py::none(), py::none());
  const Tensor t = from_numpy(copy);
  return cast(t, target);
}
}  // namespace

void set_python_types(py::handle dtypes, py::handle size) {
  auto seq = py::reinterpret_borrow<py::sequence>(dtypes);
  if (seq.size() != dtype_objects().size()) throw std::logic_error("set_python_types: six dtypes expected");
  for (std::size_t i = 0; i < dtype_objects().size(); ++i) dtype_objects()[i] = seq[i];
  size_type() = py::reinterpret_borrow<py::object>(size);
}

py::object dtype_object(DType dtype) {
  const py::object& obj = dtype_objects()[static_cast<std::size_t>(dtype)];
  if (!obj) return py::str(dtype_name(dtype));  // before the package registered its objects
  return obj;
}

py::object shape_object(const Shape& shape) {
  py::tuple t(static_cast<std::size_t>(shape.ndim()));
  for (int i = 0; i < shape.ndim(); ++i) t[static_cast<std::size_t>(i)] = shape[i];
  if (!size_type()) return std::move(t);
  return size_type()(t);
}

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
  for (std::size_t i = 0; i < dtype_objects().size(); ++i) {
    if (dtype_objects()[i].is(dtype_like)) return static_cast<DType>(i);
  }
  py::dtype dt;
  try {
    dt = py::dtype::from_args(py::reinterpret_borrow<py::object>(dtype_like));
  } catch (const py::error_already_set&) {
    throw type_error("not a dtype: " + std::string(py::repr(dtype_like)));
  }
  if (auto exact = exact_dtype(dt)) return *exact;
  throw type_error("unsupported dtype " + std::string(py::str(dt)) +
                   ": tapegrad tensors are bool, uint8, int32, int64, float32 or float64");
}

py::dtype numpy_dtype(DType dtype) {
  return dispatch(dtype, [](auto zero) { return py::dtype::of<decltype(zero)>(); });
}

py::array to_numpy(const Tensor& tensor) {
  if (Plan::recording()) {
    throw std::runtime_error(
        "tg.compile cannot replay reading or writing a tensor's memory from Python (.numpy(), np.asarray(t), "
        "tolist(), memoryview): a replay would not see it. Do it outside the compiled function, on what it "
        "returns");
  }
  const Shape& shape = tensor.shape();
  const Strides strides = tensor.strides();
  const auto item = static_cast<py::ssize_t>(itemsize(tensor.dtype()));
  std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  std::vector<py::ssize_t> byte_strides(dims.size());
  for (std::size_t d = 0; d < dims.size(); ++d) byte_strides[d] = strides[d] * item;
  auto* owner = new std::shared_ptr<Storage>(tensor.storage());
  py::capsule base(owner, [](void* p) { delete static_cast<std::shared_ptr<Storage>*>(p); });
  return py::array(numpy_dtype(tensor.dtype()), dims, byte_strides, tensor.raw_data(), base);
}

Tensor from_numpy(py::handle obj) {
  if (!py::isinstance<py::array>(obj)) {
    throw type_error("from_numpy expects a numpy.ndarray, got " + type_name(obj) +
                     " (tg.tensor(data) copies any data)");
  }
  auto arr = py::reinterpret_borrow<py::array>(obj);
  const std::optional<DType> dtype = exact_dtype(arr.dtype());
  if (!dtype) {
    throw type_error("from_numpy: arrays of dtype " + std::string(py::str(arr.dtype())) +
                     " cannot be shared; tapegrad tensors are bool, uint8, int32, int64, float32 or float64 "
                     "(tg.tensor(arr) converts)");
  }
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
  return Tensor::from_storage(std::move(storage), shape, *dtype);
}

std::string type_name(py::handle obj) { return py::str(py::type::handle_of(obj).attr("__name__")); }

bool is_python_number(py::handle obj) {
  return PyFloat_Check(obj.ptr()) || PyLong_Check(obj.ptr());  // bool is an int subclass
}

Tensor tensor_from_data(py::handle data, std::optional<DType> dtype) {
  if (py_bindings::is_tensor(data)) {
    const Tensor& t = data.cast<const Tensor&>();
    NoGradGuard no_grad;
    return clone(cast(t, dtype.value_or(t.dtype())));
  }
  if (is_python_number(data)) return scalar_from_number(data, dtype);
  if (PyList_Check(data.ptr()) || PyTuple_Check(data.ptr())) {
    NestedList list;
    if (list.read(data)) return list.to_tensor(dtype.value_or(list.inferred_dtype()));
  }
  if (PyUnicode_Check(data.ptr()) || PyBytes_Check(data.ptr())) {
    throw type_error("tensor() needs real numbers, got " + type_name(data));
  }
  py::array arr = numpy().attr("asarray")(data);
  const char kind = arr.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u' && kind != 'b') {
    throw type_error("tensor() needs real numbers, got data of dtype " + std::string(py::str(arr.dtype())));
  }
  return from_array_copy(arr, dtype);
}

Tensor wrapped_number(py::handle number) {
  Tensor t = scalar_from_number(number, std::nullopt);
  t.impl()->wrapped_number = true;
  return t;
}

const Tensor& tensor_arg(py::handle obj, const char* function, const char* arg) {
  if (!py_bindings::is_tensor(obj)) {
    throw py::type_error(std::string(function) + "(): argument '" + arg + "' must be Tensor, not " +
                         type_name(obj));
  }
  return obj.cast<const Tensor&>();
}

double number_arg(py::handle obj, const char* function, const char* arg) {
  if (PyBool_Check(obj.ptr()) || !(PyFloat_Check(obj.ptr()) || PyLong_Check(obj.ptr()))) {
    throw py::type_error(std::string(function) + "(): argument '" + arg + "' must be a number, not " +
                         type_name(obj));
  }
  const double v = PyFloat_AsDouble(obj.ptr());
  if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

Tensor as_tensor(py::handle operand) {
  if (py_bindings::is_tensor(operand)) return operand.cast<Tensor>();
  if (is_python_number(operand)) return wrapped_number(operand);
  return tensor_from_data(operand, std::nullopt);
}

}  // namespace tapegrad::py_interop
