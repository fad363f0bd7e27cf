// Reductions as module functions; tapegrad/_reduction.py gives them PyTorch's signatures.
#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::axis_from_object;
using py_interop::tensor_arg;

void register_reduction(py::module_& m) {
  m.def(
      "sum",
      [](py::handle x, py::handle axis, bool keepdims) {
        return sum(tensor_arg(x, "sum", "input"), axis_from_object(axis), keepdims);
      },
      py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdims") = false);
  m.def(
      "mean",
      [](py::handle x, py::handle axis, bool keepdims) {
        return mean(tensor_arg(x, "mean", "input"), axis_from_object(axis), keepdims);
      },
      py::arg("input"), py::arg("axis") = py::none(), py::arg("keepdims") = false);
}

}  // namespace tapegrad::py_bindings
