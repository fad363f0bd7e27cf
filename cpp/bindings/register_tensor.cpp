// Tensor, its operators and the graph nodes behind it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;
using py_interop::to_numpy;

namespace {

bool is_python_number(py::handle h) { return PyFloat_Check(h.ptr()) || PyLong_Check(h.ptr()); }

PyTypeObject* tensor_type = nullptr;  // set once the class exists

bool is_tensor(PyObject* o) { return PyObject_TypeCheck(o, tensor_type); }
const Tensor& tensor_ref(PyObject* o) { return py::handle(o).cast<const Tensor&>(); }

bool is_array_like(PyObject* o) {
  if (PyUnicode_Check(o) || PyBytes_Check(o)) return false;
  return py::isinstance<py::array>(o) || PySequence_Check(o) || PyObject_CheckBuffer(o);
}

// The arithmetic operators, each one place for both `tensor op x` and `x op tensor`.
struct AddOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return add(a, b); }
  static Tensor apply(const Tensor& a, double s) { return affine(a, 1.0, s); }
  static Tensor apply(double s, const Tensor& a) { return affine(a, 1.0, s); }
};
struct SubOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return sub(a, b); }
  static Tensor apply(const Tensor& a, double s) { return affine(a, 1.0, -s); }
  static Tensor apply(double s, const Tensor& a) { return affine(a, -1.0, s); }
};
struct MulOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return mul(a, b); }
  static Tensor apply(const Tensor& a, double s) { return affine(a, s, -0.0); }  // -0.0: keeps -0 results
  static Tensor apply(double s, const Tensor& a) { return affine(a, s, -0.0); }
};
struct DivOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return div(a, b); }
  static Tensor apply(const Tensor& a, double s) { return a / s; }
  static Tensor apply(double s, const Tensor& a) { return s / a; }
};

PyObject* to_python(Tensor&& t) {
  return py::cast(std::move(t), py::return_value_policy::move).release().ptr();
}

// lhs op rhs where at least one side is a Tensor and the other a Tensor, a Python number or
// array-like data; NotImplemented for anything else, so Python tries the other operand or
// raises TypeError. This is the CPython number slot itself: pybind11's generic dispatcher
// costs more than the whole op on a one-element tensor.
template <class Op>
PyObject* arithmetic(PyObject* lhs, PyObject* rhs) noexcept {
  try {
    const bool left = is_tensor(lhs);
    if (left && is_tensor(rhs)) return to_python(Op::apply(tensor_ref(lhs), tensor_ref(rhs)));
    PyObject* self = left ? lhs : rhs;
    PyObject* other = left ? rhs : lhs;
    if (PyFloat_Check(other) || PyLong_Check(other)) {
      const double s = PyFloat_AsDouble(other);
      if (s == -1.0 && PyErr_Occurred()) return nullptr;  // an int too large for a double
      return to_python(left ? Op::apply(tensor_ref(self), s) : Op::apply(s, tensor_ref(self)));
    }
    if (!is_array_like(other)) Py_RETURN_NOTIMPLEMENTED;
    const Tensor constant = as_tensor(other);
    return to_python(left ? Op::apply(tensor_ref(self), constant) : Op::apply(constant, tensor_ref(self)));
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

PyObject* negative(PyObject* self) noexcept {
  try {
    return to_python(neg(tensor_ref(self)));
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// __op__ and __rop__ as visible methods, sharing the slot's code.
template <class Op>
void def_arithmetic(py::class_<Tensor>& cls, const char* name, const char* reflected_name) {
  auto call = [](PyObject* lhs, PyObject* rhs) {
    PyObject* result = arithmetic<Op>(lhs, rhs);
    if (!result) throw py::error_already_set();
    return py::reinterpret_steal<py::object>(result);
  };
  cls.def(
      name, [call](py::handle self, py::handle other) { return call(self.ptr(), other.ptr()); },
      py::is_operator());
  cls.def(
      reflected_name, [call](py::handle self, py::handle other) { return call(other.ptr(), self.ptr()); },
      py::is_operator());
}

// Points the type's number slots straight at the operators (after the methods are defined:
// defining a method resets its slot).
void install_number_slots(py::class_<Tensor>& cls) {
  tensor_type = reinterpret_cast<PyTypeObject*>(cls.ptr());
  PyNumberMethods* number = tensor_type->tp_as_number;
  number->nb_add = &arithmetic<AddOp>;
  number->nb_subtract = &arithmetic<SubOp>;
  number->nb_multiply = &arithmetic<MulOp>;
  number->nb_true_divide = &arithmetic<DivOp>;
  number->nb_negative = &negative;
  PyType_Modified(tensor_type);
}

// reshape(2, 3), reshape((2, 3)) and reshape([2, 3]) all mean the same shape.
std::vector<std::int64_t> shape_arg(const py::args& args) {
  if (args.size() == 1) return py_interop::shape_from_object(args[0]);
  return py_interop::shape_from_object(args);
}

std::vector<int> axes_arg(const py::args& args) {
  if (args.size() == 1 && !PyIndex_Check(args[0].ptr())) return py_interop::axes_from_object(args[0]);
  return py_interop::axes_from_object(args);
}

py::tuple shape_tuple(const Shape& shape) {
  py::tuple t(static_cast<std::size_t>(shape.ndim()));
  for (int i = 0; i < shape.ndim(); ++i) t[static_cast<std::size_t>(i)] = shape[i];
  return t;
}

// A node's inputs as Python sees them: the producing Node, the leaf Tensor, or None.
py::list node_inputs(const Node& node) {
  py::list inputs;
  for (int i = 0; i < node.num_inputs(); ++i) {
    const Edge& edge = node.input(i);
    if (edge.node) {
      inputs.append(py::cast(edge.node));
    } else if (edge.leaf) {
      inputs.append(py::cast(Tensor(edge.leaf)));
    } else {
      inputs.append(py::none());
    }
  }
  return inputs;
}

void register_node(py::module_& m) {
  py::class_<Node, std::shared_ptr<Node>>(m, "Node", "One op recorded on the tape.")
      .def_property_readonly("name", &Node::name)
      .def_property_readonly("sequence_nr", &Node::sequence_nr)
      .def_property_readonly(
          "_uid", [](const Node& node) { return reinterpret_cast<std::uintptr_t>(&node); },
          "Identifies the node while it lives (new Python objects may wrap the same node).")
      .def_property_readonly("inputs", &node_inputs,
                             "For each input: the Node that produced it, the leaf Tensor, or None.")
      .def_property_readonly(
          "output",
          [](const Node& node) -> py::object {
            if (auto impl = node.output.lock()) return py::cast(Tensor(impl));
            return py::none();
          },
          "The tensor this node produced, or None once it is gone.")
      .def("__repr__", [](const Node& node) { return std::string("<Node ") + node.name() + ">"; });
}

void register_grad_mode(py::module_& m) {
  m.def("is_grad_enabled", &GradMode::enabled, "Whether ops record the tape on this thread.");
  m.def("set_grad_enabled", &GradMode::set_enabled, py::arg("enabled"),
        "Turns recording on or off for this thread.");
  m.def("is_anomaly_enabled", &AnomalyMode::enabled,
        "Whether backward checks every node's gradients for NaN on this thread.");
  m.def("set_anomaly_enabled", &AnomalyMode::set_enabled, py::arg("enabled"),
        "Turns the NaN check of backward on or off for this thread.");
}

}  // namespace

void register_tensor(py::module_& m) {
  register_node(m);
  register_grad_mode(m);

  py::class_<Tensor> cls(m, "Tensor", py::buffer_protocol(),
                         "A float32 or float64 tensor that can record the ops applied to it.");
  cls.def_buffer([](const Tensor& t) -> py::buffer_info {
    std::vector<py::ssize_t> dims(t.shape().begin(), t.shape().end());
    std::vector<py::ssize_t> strides(dims.size());
    py::ssize_t stride = static_cast<py::ssize_t>(itemsize(t.dtype()));
    for (std::size_t d = dims.size(); d-- > 0;) {
      strides[d] = stride;
      stride *= dims[d];
    }
    if (t.dtype() == DType::Float32) return py::buffer_info(t.data<float>(), dims, strides);
    return py::buffer_info(t.data<double>(), dims, strides);
  });

  cls.def_property_readonly("shape", [](const Tensor& t) { return shape_tuple(t.shape()); })
      .def_property_readonly("dtype", [](const Tensor& t) { return py_interop::numpy_dtype(t.dtype()); })
      .def_property_readonly("ndim", &Tensor::ndim)
      .def_property_readonly("size", &Tensor::numel, "The number of elements.")
      .def_property("requires_grad", &Tensor::requires_grad,
                    [](Tensor& t, bool value) { t.set_requires_grad(value); })
      .def_property_readonly("is_leaf", &Tensor::is_leaf)
      .def_property_readonly(
          "_uid", [](const Tensor& t) { return reinterpret_cast<std::uintptr_t>(t.impl()); },
          "Identifies the tensor while it lives (new Python objects may wrap the same tensor).")
      .def(
          "copy_",
          [](py::handle self, py::handle src) {
            Tensor t = self.cast<Tensor>();
            copy_(t, as_tensor(src));
            return py::reinterpret_borrow<py::object>(self);
          },
          py::arg("src"),
          "Copies src (broadcast and cast to this tensor) into this tensor in place, as tapegrad's own "
          "in-place update: a backward that saved the old values then raises. Under no_grad for "
          "tensors that require a gradient.")
      .def_property_readonly(
          "grad_fn", [](const Tensor& t) { return t.grad_fn(); },
          "The Node that produced this tensor, or None for a leaf.")
      .def_property(
          "grad",
          [](const Tensor& t) -> py::object {
            const Tensor g = t.grad();
            if (!g.defined()) return py::none();
            return to_numpy(g);
          },
          [](Tensor& t, py::handle value) {
            t.set_grad(value.is_none() ? Tensor() : py_interop::tensor_from_data(value, t.dtype()));
          },
          "The accumulated gradient as a NumPy array viewing the gradient buffer, or None.")
      .def("numpy", &to_numpy, "The values as a NumPy array sharing this tensor's memory.")
      .def("item", &Tensor::item)
      .def("__float__", &Tensor::item)
      .def("__len__",
           [](const Tensor& t) {
             if (t.ndim() == 0) throw type_error("len() of a 0-d tensor");
             return t.shape()[0];
           })
      .def("__bool__",
           [](const Tensor& t) {
             if (t.numel() != 1) {
               throw std::invalid_argument(
                   "the truth value of a tensor with more than one element is ambiguous");
             }
             return t.item() != 0.0;
           })
      .def(
          "backward",
          [](const Tensor& t, py::handle gradient, bool retain_graph) {
            const Tensor seed =
                gradient.is_none() ? Tensor() : py_interop::tensor_from_data(gradient, t.dtype());
            py::gil_scoped_release no_gil;  // the sweep may be long; it touches no Python objects
            t.backward(seed, retain_graph);
          },
          py::arg("gradient") = py::none(), py::arg("retain_graph") = false,
          "Accumulates d(self)/d(leaf) into every leaf's .grad.")
      .def("detach", &Tensor::detach, "The same memory, cut from the tape.")
      .def("zero_grad", &Tensor::zero_grad, "Fills .grad with zeros in place, if there is one.")
      .def("retain_grad", &Tensor::retain_grad, "Keep .grad for this non-leaf tensor during backward.")
      .def_property_readonly("retains_grad", &Tensor::retains_grad)
      .def(
          "astype",
          [](const Tensor& t, py::handle dtype) { return cast(t, py_interop::dtype_from_object(dtype)); },
          py::arg("dtype"), "A copy in another dtype (differentiable).")
      .def("exp", [](const Tensor& t) { return exp(t); })
      .def("log", [](const Tensor& t) { return log(t); })
      .def("tanh", [](const Tensor& t) { return tanh(t); })
      .def("sigmoid", [](const Tensor& t) { return sigmoid(t); })
      .def("relu", [](const Tensor& t) { return relu(t); })
      .def(
          "sum",
          [](const Tensor& t, py::handle axis, bool keepdims) {
            return sum(t, py_interop::axis_from_object(axis), keepdims);
          },
          py::arg("axis") = py::none(), py::arg("keepdims") = false)
      .def(
          "mean",
          [](const Tensor& t, py::handle axis, bool keepdims) {
            return mean(t, py_interop::axis_from_object(axis), keepdims);
          },
          py::arg("axis") = py::none(), py::arg("keepdims") = false)
      .def("reshape", [](const Tensor& t, const py::args& shape) { return reshape(t, shape_arg(shape)); })
      .def("transpose", [](const Tensor& t, const py::args& axes) { return transpose(t, axes_arg(axes)); })
      .def_property_readonly("T", [](const Tensor& t) { return transpose(t); });

  def_arithmetic<AddOp>(cls, "__add__", "__radd__");
  def_arithmetic<SubOp>(cls, "__sub__", "__rsub__");
  def_arithmetic<MulOp>(cls, "__mul__", "__rmul__");
  def_arithmetic<DivOp>(cls, "__truediv__", "__rtruediv__");
  cls.def("__neg__", [](const Tensor& t) { return neg(t); })
      .def("__pos__", [](const Tensor& t) { return t; })
      .def(
          "__pow__",
          [](const Tensor& t, py::handle exponent) -> py::object {
            if (!is_python_number(exponent)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            const double p = PyFloat_AsDouble(exponent.ptr());
            if (p == -1.0 && PyErr_Occurred()) throw py::error_already_set();  // OverflowError for huge ints
            return py::cast(pow(t, p));
          },
          py::is_operator())
      .def(
          "__matmul__",
          [](const Tensor& a, py::handle b) -> py::object {
            if (is_python_number(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::cast(matmul_releasing_gil(a, as_tensor(b)));
          },
          py::is_operator())
      .def(
          "__rmatmul__",
          [](const Tensor& b, py::handle a) -> py::object {
            if (is_python_number(a)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::cast(matmul_releasing_gil(as_tensor(a), b));
          },
          py::is_operator());
  install_number_slots(cls);

  m.def("from_numpy", &py_interop::from_numpy, py::arg("array"),
        "A tensor sharing the array's memory (no copy); the tensor keeps the array alive.");
  m.def(
      "tensor",
      [](py::handle data, py::handle dtype, bool requires_grad) {
        Tensor t = py_interop::tensor_from_data(
            data,
            dtype.is_none() ? std::nullopt : std::optional<DType>(py_interop::dtype_from_object(dtype)));
        t.set_requires_grad(requires_grad);
        return t;
      },
      py::arg("data"), py::arg("dtype") = py::none(), py::arg("requires_grad") = false,
      "A new tensor holding a copy of data: float32 arrays stay float32, other real data becomes float64.");
}

}  // namespace tapegrad::py_bindings
