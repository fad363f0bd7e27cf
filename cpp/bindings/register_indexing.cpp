// x[key] and x[key] = value: Python's index objects turned into tapegrad::TensorIndex. The
// mapping slots themselves, as for the arithmetic operators: indexing is in every inner loop.
#include <string>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/indexing.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

namespace {

std::string type_name(py::handle obj) { return py::str(py::type::handle_of(obj).attr("__name__")); }

[[noreturn]] void throw_bad_index(py::handle item) {
  throw py::index_error(
      "only integers, slices (`:`), ellipsis (`...`), None and integer or bool tensors (or lists and "
      "arrays of them) are valid indices, got " +
      type_name(item));
}

std::optional<std::int64_t> slice_bound(PyObject* value) {
  if (value == Py_None) return std::nullopt;
  const Py_ssize_t v = PyNumber_AsSsize_t(value, nullptr);  // clips huge bounds, as Python does
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  return static_cast<std::int64_t>(v);
}

TensorIndex tensor_entry(const Tensor& t, py::handle item) {
  if (t.dtype() != DType::Bool && is_floating_point(t.dtype())) {
    throw py::index_error("tensors used as indices must be integer or bool tensors, got " +
                          std::string(dtype_name(t.dtype())) + " (from " + type_name(item) + ")");
  }
  // A 0-d integer tensor indexes as its integer does (a view), as in NumPy.
  if (t.ndim() == 0 && t.dtype() != DType::Bool)
    return TensorIndex(cast(t, DType::Int64).data<std::int64_t>()[0]);
  return TensorIndex(t);
}

TensorIndex entry(py::handle item) {
  PyObject* o = item.ptr();
  if (o == Py_None) return TensorIndex::new_axis();
  if (o == Py_Ellipsis) return TensorIndex::ellipsis();
  if (PyBool_Check(o)) return TensorIndex(Tensor::scalar(o == Py_True ? 1.0 : 0.0, DType::Bool));
  if (PyLong_Check(o)) {
    int overflow = 0;
    const long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow) throw py::index_error("index " + std::string(py::str(item)) + " does not fit in int64");
    return TensorIndex(static_cast<std::int64_t>(i));
  }
  if (PySlice_Check(o)) {
    auto* s = reinterpret_cast<PySliceObject*>(o);
    Slice slice{slice_bound(s->start), slice_bound(s->stop), 1};
    if (s->step != Py_None) slice.step = *slice_bound(s->step);
    return TensorIndex(slice);
  }
  if (py::isinstance<Tensor>(item)) return tensor_entry(item.cast<const Tensor&>(), item);
  const bool sequence =
      PyList_Check(o) || PyTuple_Check(o) || PyRange_Check(o) || py::isinstance<py::array>(item);
  if (sequence || PyIndex_Check(o)) {
    const py::object data = PyRange_Check(o) ? py::reinterpret_steal<py::object>(PySequence_List(o))
                                             : py::reinterpret_borrow<py::object>(item);
    if (!data) throw py::error_already_set();
    Tensor t = py_interop::tensor_from_data(data, std::nullopt);
    if (t.numel() == 0 && is_floating_point(t.dtype())) t = cast(t, DType::Int64);  // [] selects nothing
    return tensor_entry(t, item);
  }
  throw_bad_index(item);
}

std::vector<TensorIndex> index_from_key(py::handle key) {
  std::vector<TensorIndex> out;
  if (PyTuple_Check(key.ptr())) {
    for (py::handle item : py::reinterpret_borrow<py::tuple>(key)) out.push_back(entry(item));
  } else {
    out.push_back(entry(key));
  }
  return out;
}

PyObject* get_item(PyObject* self, PyObject* key) noexcept {
  try {
    const Tensor& x = py::handle(self).cast<const Tensor&>();
    return py::cast(index(x, index_from_key(key)), py::return_value_policy::move).release().ptr();
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

int set_item(PyObject* self, PyObject* key, PyObject* value) noexcept {
  try {
    if (!value) throw py::type_error("tensors do not support item deletion");
    Tensor& x = py::handle(self).cast<Tensor&>();
    index_put_(x, index_from_key(key), py_interop::as_tensor(value));
    return 0;
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return -1;
}

}  // namespace

void register_indexing(py::class_<Tensor>& cls) {
  cls.def("__getitem__", [](py::handle self, py::handle key) {
    PyObject* out = get_item(self.ptr(), key.ptr());
    if (!out) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(out);
  });
  cls.def("__setitem__", [](py::handle self, py::handle key, py::handle value) {
    if (set_item(self.ptr(), key.ptr(), value.ptr()) != 0) throw py::error_already_set();
  });
  cls.def(
      "index_put_",
      [](py::handle self, py::handle indices, py::handle values, bool accumulate) {
        std::vector<TensorIndex> entries;
        for (py::handle t : py::reinterpret_borrow<py::sequence>(indices)) entries.push_back(entry(t));
        index_put_(self.cast<Tensor&>(), entries, py_interop::as_tensor(values), accumulate);
        return py::reinterpret_borrow<py::object>(self);
      },
      py::arg("indices"), py::arg("values"), py::arg("accumulate") = false,
      "self[indices] = values in place (or += with accumulate, summing repeated indices).");
  // The slots themselves (after the methods: defining a method resets its slot).
  auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  type->tp_as_mapping->mp_subscript = &get_item;
  type->tp_as_mapping->mp_ass_subscript = &set_item;
  PyType_Modified(type);
}

}  // namespace tapegrad::py_bindings
