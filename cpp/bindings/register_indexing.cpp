// x[key] and x[key] = value: Python's index objects turned into tapegrad::TensorIndex. The
// mapping slots themselves, as for the arithmetic operators: indexing is in every inner loop.
#include <string>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/indexing.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::type_name;

namespace {

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
  if (is_tensor(item)) return tensor_entry(item.cast<const Tensor&>(), item);
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

// x[[...]] with a list holding lists, tensors, slices, None or an ellipsis: PyTorch (up to 2.x)
// reads a short one as a tuple of indices, NumPy as one index array. Refused.
void check_list_key(py::handle key) {
  if (!PyList_Check(key.ptr()) || PyList_GET_SIZE(key.ptr()) >= 32) return;  // PyTorch's own cut-off
  for (py::handle item : py::reinterpret_borrow<py::list>(key)) {
    PyObject* o = item.ptr();
    const bool nested =
        is_tensor(item) || PySequence_Check(o) || PySlice_Check(o) || o == Py_None || o == Py_Ellipsis;
    if (nested) {
      throw py::index_error(
          "x[[...]] with a list that holds lists, tensors, slices, None or an ellipsis is ambiguous: PyTorch "
          "reads "
          "it as a tuple of indices, NumPy as one index array; write x[tuple(seq)] for the first or "
          "x[tg.tensor(seq)] for the second");
    }
  }
}

std::vector<TensorIndex> index_from_key(py::handle key) {
  std::vector<TensorIndex> out;
  check_list_key(key);
  if (PyTuple_Check(key.ptr())) {
    for (py::handle item : py::reinterpret_borrow<py::tuple>(key)) out.push_back(entry(item));
  } else {
    out.push_back(entry(key));
  }
  return out;
}

bool bool_arg(py::handle h, const char* fn, const char* arg) {
  if (!PyBool_Check(h.ptr())) {
    throw type_error(std::string(fn) + "(): argument '" + arg + "' must be bool, not " + type_name(h));
  }
  return h.ptr() == Py_True;
}

// The `indices` of index_put(_): a tuple (or list) of index entries, as torch's tuple of Tensors.
std::vector<TensorIndex> indices_arg(py::handle indices, const char* fn) {
  if (!PyTuple_Check(indices.ptr()) && !PyList_Check(indices.ptr())) {
    throw type_error(std::string(fn) + "(): argument 'indices' must be a tuple of Tensors, not " +
                     type_name(indices) + " (one index tensor is written (idx,))");
  }
  std::vector<TensorIndex> entries;
  for (py::handle t : py::reinterpret_borrow<py::sequence>(indices)) entries.push_back(entry(t));
  return entries;
}

PyObject* get_item(PyObject* self, PyObject* key) noexcept {
  try {
    return wrap(index(tensor_of(self), index_from_key(key)));
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
    index_put_(tensor_of(self), index_from_key(key), py_interop::as_tensor(value));
    return 0;
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return -1;
}

}  // namespace

void register_indexing(TensorClass& cls) {
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
      [](py::handle self, py::handle indices, py::handle values, py::handle accumulate) {
        index_put_(self.cast<Tensor&>(), indices_arg(indices, "index_put_"), py_interop::as_tensor(values),
                   bool_arg(accumulate, "index_put_", "accumulate"));
        return py::reinterpret_borrow<py::object>(self);
      },
      py::arg("indices"), py::arg("values"), py::arg("accumulate") = false,
      "self[indices] = values in place (or += with accumulate, summing repeated indices).");
  // The slots themselves (after the methods: defining a method resets its slot).
  PyTypeObject* type = cls.type();
  type->tp_as_mapping->mp_subscript = &get_item;
  type->tp_as_mapping->mp_ass_subscript = &set_item;
  PyType_Modified(type);
}

namespace {

int dim_arg(py::handle h, const char* fn, const char* arg = "dim") {
  PyObject* o = h.ptr();
  if (PyBool_Check(o) || PyFloat_Check(o) || !PyIndex_Check(o)) {
    throw type_error(std::string(fn) + "(): argument '" + arg + "' must be int, not " + type_name(h));
  }
  const Py_ssize_t v = PyNumber_AsSsize_t(o, nullptr);  // clips huge values: out of range either way
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (v > INT32_MAX || v < INT32_MIN) {
    throw py::index_error(std::string(fn) + "(): dimension " + std::string(py::str(h)) + " is out of range");
  }
  return static_cast<int>(v);
}

// A Python number (wrapped, promoting as a scalar) or a 0-d tensor.
Tensor value_arg(py::handle h, const char* fn, const char* arg = "value") {
  if (is_tensor(h)) return h.cast<Tensor>();
  if (py_interop::is_python_number(h)) return py_interop::wrapped_number(h);
  throw type_error(std::string(fn) + "(): argument '" + arg + "' must be a number or a 0-d Tensor, not " +
                   type_name(h));
}

double number_arg(py::handle h, const char* fn, const char* arg) {
  if (is_tensor(h)) {
    const Tensor& t = h.cast<const Tensor&>();
    if (t.ndim() != 0) {
      throw std::invalid_argument(std::string(fn) + "(): argument '" + arg +
                                  "' must be a number or a 0-d Tensor, got a tensor of shape " +
                                  t.shape().str());
    }
    return t.item();
  }
  if (!py_interop::is_python_number(h)) {
    throw type_error(std::string(fn) + "(): argument '" + arg + "' must be a number, not " + type_name(h));
  }
  return h.cast<double>();
}

ScatterReduce reduce_arg(py::handle h, const char* fn) {
  if (!PyUnicode_Check(h.ptr())) {
    throw type_error(std::string(fn) + "(): argument 'reduce' must be str, not " + type_name(h));
  }
  const std::string name = h.cast<std::string>();
  if (name == "sum") return ScatterReduce::Sum;
  if (name == "prod") return ScatterReduce::Prod;
  if (name == "mean") return ScatterReduce::Mean;
  if (name == "amax") return ScatterReduce::Amax;
  if (name == "amin") return ScatterReduce::Amin;
  throw std::invalid_argument(
      std::string(fn) + "(): reduce must be 'sum', 'prod', 'mean', 'amax' or 'amin', got '" + name + "'");
}

// The result of an in-place function: self, the same Python object.
py::object same(py::handle self) { return py::reinterpret_borrow<py::object>(self); }

Tensor& mutable_tensor(py::handle h, const char* fn) {
  py_interop::tensor_arg(h, fn, "input");
  return h.cast<Tensor&>();
}

}  // namespace

void register_indexing_functions(py::module_& m) {
  using py_interop::tensor_arg;
  m.def(
      "gather",
      [](py::handle input, py::handle dim, py::handle index) {
        return gather(tensor_arg(input, "gather", "input"), dim_arg(dim, "gather"),
                      tensor_arg(index, "gather", "index"));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"));
  m.def(
      "scatter",
      [](py::handle input, py::handle dim, py::handle index, py::handle src, py::handle reduce,
         py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "scatter", "inplace");
        const char* fn = in_place ? "scatter_" : "scatter";
        const Tensor& x = tensor_arg(input, fn, "input");
        const int d = dim_arg(dim, fn);
        const Tensor& idx = tensor_arg(index, fn, "index");
        if (!reduce.is_none()) {  // the deprecated reduce='add' | 'multiply' of torch.scatter
          const std::string name = PyUnicode_Check(reduce.ptr()) ? reduce.cast<std::string>() : std::string();
          if (name != "add" && name != "multiply") {
            throw std::invalid_argument(std::string(fn) + "(): reduce must be 'add' or 'multiply', got " +
                                        std::string(py::repr(reduce)) + " (scatter_reduce has more)");
          }
          const ScatterReduce how = name == "add" ? ScatterReduce::Sum : ScatterReduce::Prod;
          Tensor values = is_tensor(src) ? src.cast<Tensor>()
                                         : Tensor::full(idx.shape(), number_arg(src, fn, "value"), x.dtype());
          if (in_place) {
            scatter_reduce_(mutable_tensor(input, fn), d, idx, values, how, true);
            return same(input);
          }
          return py::cast(scatter_reduce(x, d, idx, values, how, true));
        }
        if (is_tensor(src)) {
          const Tensor& s = src.cast<const Tensor&>();
          if (in_place) {
            scatter_(mutable_tensor(input, fn), d, idx, s);
            return same(input);
          }
          return py::cast(scatter(x, d, idx, s));
        }
        const double value = number_arg(src, fn, "value");
        if (in_place) {
          scatter_(mutable_tensor(input, fn), d, idx, value);
          return same(input);
        }
        return py::cast(scatter(x, d, idx, value));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce") = py::none(),
      py::arg("inplace") = false);
  m.def(
      "scatter_add",
      [](py::handle input, py::handle dim, py::handle index, py::handle src,
         py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "scatter_add", "inplace");
        const char* fn = in_place ? "scatter_add_" : "scatter_add";
        const Tensor& x = tensor_arg(input, fn, "input");
        const int d = dim_arg(dim, fn);
        const Tensor& idx = tensor_arg(index, fn, "index");
        const Tensor& s = tensor_arg(src, fn, "src");
        if (in_place) {
          scatter_add_(mutable_tensor(input, fn), d, idx, s);
          return same(input);
        }
        return py::cast(scatter_add(x, d, idx, s));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("inplace") = false);
  m.def(
      "scatter_reduce",
      [](py::handle input, py::handle dim, py::handle index, py::handle src, py::handle reduce,
         py::handle include_self, py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "scatter_reduce", "inplace");
        const char* fn = in_place ? "scatter_reduce_" : "scatter_reduce";
        const Tensor& x = tensor_arg(input, fn, "input");
        const int d = dim_arg(dim, fn);
        const Tensor& idx = tensor_arg(index, fn, "index");
        const Tensor& s = tensor_arg(src, fn, "src");
        const ScatterReduce how = reduce_arg(reduce, fn);
        const bool self_too = bool_arg(include_self, fn, "include_self");
        if (in_place) {
          scatter_reduce_(mutable_tensor(input, fn), d, idx, s, how, self_too);
          return same(input);
        }
        return py::cast(scatter_reduce(x, d, idx, s, how, self_too));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("src"), py::arg("reduce"),
      py::arg("include_self") = true, py::arg("inplace") = false);
  m.def(
      "index_select",
      [](py::handle input, py::handle dim, py::handle index) {
        return index_select(tensor_arg(input, "index_select", "input"), dim_arg(dim, "index_select"),
                            tensor_arg(index, "index_select", "index"));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"));
  m.def(
      "index_add",
      [](py::handle input, py::handle dim, py::handle index, py::handle source, py::handle alpha,
         py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "index_add", "inplace");
        const char* fn = in_place ? "index_add_" : "index_add";
        const Tensor& x = tensor_arg(input, fn, "input");
        const int d = dim_arg(dim, fn);
        const Tensor& idx = tensor_arg(index, fn, "index");
        const Tensor& s = tensor_arg(source, fn, "source");
        const double a = number_arg(alpha, fn, "alpha");
        if (in_place) {
          index_add_(mutable_tensor(input, fn), d, idx, s, a);
          return same(input);
        }
        return py::cast(index_add(x, d, idx, s, a));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("source"), py::arg("alpha") = 1,
      py::arg("inplace") = false);
  m.def(
      "index_copy",
      [](py::handle input, py::handle dim, py::handle index, py::handle source,
         py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "index_copy", "inplace");
        const char* fn = in_place ? "index_copy_" : "index_copy";
        const Tensor& x = tensor_arg(input, fn, "input");
        const int d = dim_arg(dim, fn);
        const Tensor& idx = tensor_arg(index, fn, "index");
        const Tensor& s = tensor_arg(source, fn, "source");
        if (in_place) {
          index_copy_(mutable_tensor(input, fn), d, idx, s);
          return same(input);
        }
        return py::cast(index_copy(x, d, idx, s));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("source"), py::arg("inplace") = false);
  m.def(
      "index_fill",
      [](py::handle input, py::handle dim, py::handle index, py::handle value,
         py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "index_fill", "inplace");
        const char* fn = in_place ? "index_fill_" : "index_fill";
        const Tensor& x = tensor_arg(input, fn, "input");
        const int d = dim_arg(dim, fn);
        const Tensor& idx = tensor_arg(index, fn, "index");
        const Tensor v = value_arg(value, fn);
        if (in_place) {
          index_fill_(mutable_tensor(input, fn), d, idx, v);
          return same(input);
        }
        return py::cast(index_fill(x, d, idx, v));
      },
      py::arg("input"), py::arg("dim"), py::arg("index"), py::arg("value"), py::arg("inplace") = false);
  m.def(
      "index_put",
      [](py::handle input, py::handle indices, py::handle values, py::handle accumulate) {
        return index_put(tensor_arg(input, "index_put", "input"), indices_arg(indices, "index_put"),
                         py_interop::as_tensor(values), bool_arg(accumulate, "index_put", "accumulate"));
      },
      py::arg("input"), py::arg("indices"), py::arg("values"), py::arg("accumulate") = false);
  m.def(
      "take",
      [](py::handle input, py::handle index) {
        return take(tensor_arg(input, "take", "input"), tensor_arg(index, "take", "index"));
      },
      py::arg("input"), py::arg("index"));
  m.def(
      "take_along_dim",
      [](py::handle input, py::handle indices, py::handle dim) {
        const Tensor& x = tensor_arg(input, "take_along_dim", "input");
        const Tensor& idx = tensor_arg(indices, "take_along_dim", "indices");
        if (dim.is_none()) return take_along_dim(x, idx);
        return take_along_dim(x, idx, dim_arg(dim, "take_along_dim"));
      },
      py::arg("input"), py::arg("indices"), py::arg("dim") = py::none());
  m.def(
      "masked_fill",
      [](py::handle input, py::handle mask, py::handle value, py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "masked_fill", "inplace");
        const char* fn = in_place ? "masked_fill_" : "masked_fill";
        const Tensor& x = tensor_arg(input, fn, "input");
        const Tensor& msk = tensor_arg(mask, fn, "mask");
        const Tensor v = value_arg(value, fn);
        if (in_place) {
          masked_fill_(mutable_tensor(input, fn), msk, v);
          return same(input);
        }
        return py::cast(masked_fill(x, msk, v));
      },
      py::arg("input"), py::arg("mask"), py::arg("value"), py::arg("inplace") = false);
  m.def(
      "masked_select",
      [](py::handle input, py::handle mask) {
        return masked_select(tensor_arg(input, "masked_select", "input"),
                             tensor_arg(mask, "masked_select", "mask"));
      },
      py::arg("input"), py::arg("mask"));
  m.def(
      "masked_scatter",
      [](py::handle input, py::handle mask, py::handle source, py::handle inplace) -> py::object {
        const bool in_place = bool_arg(inplace, "masked_scatter", "inplace");
        const char* fn = in_place ? "masked_scatter_" : "masked_scatter";
        const Tensor& x = tensor_arg(input, fn, "input");
        const Tensor& msk = tensor_arg(mask, fn, "mask");
        const Tensor& s = tensor_arg(source, fn, "source");
        if (in_place) {
          masked_scatter_(mutable_tensor(input, fn), msk, s);
          return same(input);
        }
        return py::cast(masked_scatter(x, msk, s));
      },
      py::arg("input"), py::arg("mask"), py::arg("source"), py::arg("inplace") = false);
  m.def(
      "nonzero",
      [](py::handle input, py::handle as_tuple) -> py::object {
        const Tensor& x = tensor_arg(input, "nonzero", "input");
        if (bool_arg(as_tuple, "nonzero", "as_tuple")) {
          py::list items;
          for (Tensor& t : nonzero_tuple(x)) items.append(py::cast(std::move(t)));
          return py::tuple(items);
        }
        return py::cast(nonzero(x));
      },
      py::arg("input"), py::arg("as_tuple") = false);
  m.def(
      "embedding",
      [](py::handle input, py::handle weight, py::handle padding_idx, py::handle scale_grad_by_freq) {
        std::optional<std::int64_t> padding;
        if (!padding_idx.is_none()) padding = dim_arg(padding_idx, "embedding", "padding_idx");
        return embedding(tensor_arg(weight, "embedding", "weight"), tensor_arg(input, "embedding", "input"),
                         padding, bool_arg(scale_grad_by_freq, "embedding", "scale_grad_by_freq"));
      },
      py::arg("input"), py::arg("weight"), py::arg("padding_idx") = py::none(),
      py::arg("scale_grad_by_freq") = false);
  m.def(
      "embedding_renorm_",
      [](py::handle weight, py::handle input, py::handle max_norm, py::handle norm_type) {
        embedding_renorm_(mutable_tensor(weight, "embedding_renorm_"),
                          tensor_arg(input, "embedding_renorm_", "input"),
                          number_arg(max_norm, "embedding_renorm_", "max_norm"),
                          number_arg(norm_type, "embedding_renorm_", "norm_type"));
        return same(weight);
      },
      py::arg("weight"), py::arg("input"), py::arg("max_norm"), py::arg("norm_type") = 2.0);
}

}  // namespace tapegrad::py_bindings
