// Elementwise math as module functions; tapegrad/_pointwise.py gives them PyTorch's signatures.
#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::tensor_arg;

void register_pointwise(py::module_& m) {
  m.def("exp", [](py::handle x) { return exp(tensor_arg(x, "exp", "input")); }, py::arg("input"));
  m.def("log", [](py::handle x) { return log(tensor_arg(x, "log", "input")); }, py::arg("input"));
  m.def("tanh", [](py::handle x) { return tanh(tensor_arg(x, "tanh", "input")); }, py::arg("input"));
  m.def("sigmoid", [](py::handle x) { return sigmoid(tensor_arg(x, "sigmoid", "input")); }, py::arg("input"));
  m.def("relu", [](py::handle x) { return relu(tensor_arg(x, "relu", "input")); }, py::arg("input"));
  m.def(
      "pow", [](py::handle x, double p) { return pow(tensor_arg(x, "pow", "input"), p); }, py::arg("input"),
      py::arg("exponent"));
}

}  // namespace tapegrad::py_bindings
