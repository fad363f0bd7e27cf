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

// self (op) other, for other a Tensor, a Python number or array-like data; NotImplemented for
// anything else, so Python can try the other operand or raise TypeError.
template <class TensorOp, class ScalarOp>
py::object binary(const Tensor& self, py::handle other, TensorOp tensor_op, ScalarOp scalar_op) {
  if (py::isinstance<Tensor>(other)) return py::cast(tensor_op(self, other.cast<const Tensor&>()));
  if (is_python_number(other)) return py::cast(scalar_op(self, other.cast<double>()));
  if (py::isinstance<py::array>(other) || py::isinstance<py::sequence>(other) || PyObject_CheckBuffer(other.ptr())) {
    if (!py::isinstance<py::str>(other)) return py::cast(tensor_op(self, as_tensor(other)));
  }
  return py::reinterpret_borrow<py::object>(Py_NotImplemented);
}

template <class TensorOp, class ScalarOp>
void def_binary(py::class_<Tensor>& cls, const char* name, TensorOp tensor_op, ScalarOp scalar_op) {
  cls.def(name, [tensor_op, scalar_op](const Tensor& self, py::handle other) {
    return binary(self, other, tensor_op, scalar_op);
  }, py::is_operator());
}

// The operand is on the left: other (op) self.
template <class TensorOp>
auto flipped(TensorOp op) {
  return [op](const Tensor& self, const Tensor& other) { return op(other, self); };
}

std::optional<int> axis_arg(py::handle axis) {
  if (axis.is_none()) return std::nullopt;
  return axis.cast<int>();
}

// reshape(2, 3), reshape((2, 3)) and reshape([2, 3]) all mean the same shape.
std::vector<std::int64_t> shape_arg(const py::args& args) {
  if (args.size() == 1 && !is_python_number(args[0])) return args[0].cast<std::vector<std::int64_t>>();
  return args.cast<std::vector<std::int64_t>>();
}

std::vector<int> axes_arg(const py::args& args) {
  if (args.size() == 1 && !is_python_number(args[0])) return args[0].cast<std::vector<int>>();
  return args.cast<std::vector<int>>();
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
      .def_property_readonly("inputs", &node_inputs,
                             "For each input: the Node that produced it, the leaf Tensor, or None.")
      .def_property_readonly("output", [](const Node& node) -> py::object {
        if (auto impl = node.output.lock()) return py::cast(Tensor(impl));
        return py::none();
      }, "The tensor this node produced, or None once it is gone.")
      .def("__repr__", [](const Node& node) { return std::string("<Node ") + node.name() + ">"; });
}

void register_grad_mode(py::module_& m) {
  m.def("is_grad_enabled", &GradMode::enabled, "Whether ops record the tape on this thread.");
  m.def("set_grad_enabled", &GradMode::set_enabled, py::arg("enabled"),
        "Turns recording on or off for this thread.");
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
      .def_property_readonly("grad_fn", [](const Tensor& t) { return t.grad_fn(); },
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
      .def("__len__", [](const Tensor& t) {
        if (t.ndim() == 0) throw type_error("len() of a 0-d tensor");
        return t.shape()[0];
      })
      .def("__bool__", [](const Tensor& t) {
        if (t.numel() != 1) {
          throw std::invalid_argument("the truth value of a tensor with more than one element is ambiguous");
        }
        return t.item() != 0.0;
      })
      .def("backward",
           [](const Tensor& t, py::handle gradient, bool retain_graph) {
             const Tensor seed = gradient.is_none() ? Tensor() : py_interop::tensor_from_data(gradient, t.dtype());
             py::gil_scoped_release no_gil;  // the sweep may be long; it touches no Python objects
             t.backward(seed, retain_graph);
           },
           py::arg("gradient") = py::none(), py::arg("retain_graph") = false,
           "Accumulates d(self)/d(leaf) into every leaf's .grad.")
      .def("detach", &Tensor::detach, "The same memory, cut from the tape.")
      .def("zero_grad", &Tensor::zero_grad, "Fills .grad with zeros in place, if there is one.")
      .def("retain_grad", &Tensor::retain_grad, "Keep .grad for this non-leaf tensor during backward.")
      .def_property_readonly("retains_grad", &Tensor::retains_grad)
      .def("astype", [](const Tensor& t, py::handle dtype) { return cast(t, py_interop::dtype_from_object(dtype)); },
           py::arg("dtype"), "A copy in another dtype (differentiable).")
      .def("exp", [](const Tensor& t) { return exp(t); })
      .def("log", [](const Tensor& t) { return log(t); })
      .def("tanh", [](const Tensor& t) { return tanh(t); })
      .def("sigmoid", [](const Tensor& t) { return sigmoid(t); })
      .def("relu", [](const Tensor& t) { return relu(t); })
      .def("sum", [](const Tensor& t, py::handle axis, bool keepdims) { return sum(t, axis_arg(axis), keepdims); },
           py::arg("axis") = py::none(), py::arg("keepdims") = false)
      .def("mean", [](const Tensor& t, py::handle axis, bool keepdims) { return mean(t, axis_arg(axis), keepdims); },
           py::arg("axis") = py::none(), py::arg("keepdims") = false)
      .def("reshape", [](const Tensor& t, const py::args& shape) { return reshape(t, shape_arg(shape)); })
      .def("transpose", [](const Tensor& t, const py::args& axes) { return transpose(t, axes_arg(axes)); })
      .def_property_readonly("T", [](const Tensor& t) { return transpose(t); });

  def_binary(cls, "__add__", [](const Tensor& a, const Tensor& b) { return add(a, b); },
             [](const Tensor& a, double s) { return affine(a, 1.0, s); });
  def_binary(cls, "__radd__", flipped([](const Tensor& a, const Tensor& b) { return add(a, b); }),
             [](const Tensor& a, double s) { return affine(a, 1.0, s); });
  def_binary(cls, "__sub__", [](const Tensor& a, const Tensor& b) { return sub(a, b); },
             [](const Tensor& a, double s) { return affine(a, 1.0, -s); });
  def_binary(cls, "__rsub__", flipped([](const Tensor& a, const Tensor& b) { return sub(a, b); }),
             [](const Tensor& a, double s) { return affine(a, -1.0, s); });
  def_binary(cls, "__mul__", [](const Tensor& a, const Tensor& b) { return mul(a, b); },
             [](const Tensor& a, double s) { return affine(a, s, 0.0); });
  def_binary(cls, "__rmul__", flipped([](const Tensor& a, const Tensor& b) { return mul(a, b); }),
             [](const Tensor& a, double s) { return affine(a, s, 0.0); });
  def_binary(cls, "__truediv__", [](const Tensor& a, const Tensor& b) { return div(a, b); },
             [](const Tensor& a, double s) { return a / s; });
  def_binary(cls, "__rtruediv__", flipped([](const Tensor& a, const Tensor& b) { return div(a, b); }),
             [](const Tensor& a, double s) { return s / a; });
  cls.def("__neg__", [](const Tensor& t) { return neg(t); })
      .def("__pos__", [](const Tensor& t) { return t; })
      .def("__pow__", [](const Tensor& t, py::handle exponent) -> py::object {
        if (!is_python_number(exponent)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::cast(pow(t, exponent.cast<double>()));
      }, py::is_operator())
      .def("__matmul__", [](const Tensor& a, py::handle b) -> py::object {
        if (is_python_number(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::cast(matmul(a, as_tensor(b)));
      }, py::is_operator())
      .def("__rmatmul__", [](const Tensor& b, py::handle a) -> py::object {
        if (is_python_number(a)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
        return py::cast(matmul(as_tensor(a), b));
      }, py::is_operator());

  m.def("from_numpy", &py_interop::from_numpy, py::arg("array"),
        "A tensor sharing the array's memory (no copy); the tensor keeps the array alive.");
  m.def("tensor",
        [](py::handle data, py::handle dtype, bool requires_grad) {
          Tensor t = py_interop::tensor_from_data(
              data, dtype.is_none() ? std::nullopt : std::optional<DType>(py_interop::dtype_from_object(dtype)));
          t.set_requires_grad(requires_grad);
          return t;
        },
        py::arg("data"), py::arg("dtype") = py::none(), py::arg("requires_grad") = false,
        "A new tensor holding a copy of data: float32 arrays stay float32, other real data becomes float64.");
}

}  // namespace tapegrad::py_bindings
