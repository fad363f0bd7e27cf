// Shape ops and matrix products as module functions; tapegrad/_shape.py gives them PyTorch's
// signatures.
#include <optional>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;
using py_interop::tensor_arg;

Tensor matmul_releasing_gil(const Tensor& a, const Tensor& b) {
  const std::int64_t work = a.numel() * (b.ndim() == 2 ? b.shape()[1] : 1);
  std::optional<py::gil_scoped_release> no_gil;
  if (worth_releasing_gil(work)) no_gil.emplace();
  return matmul(a, b);
}

void register_shape(py::module_& m) {
  m.def(
      "reshape",
      [](py::handle x, py::handle shape) {
        return reshape(tensor_arg(x, "reshape", "input"), py_interop::shape_from_object(shape));
      },
      py::arg("input"), py::arg("shape"));
  m.def(
      "transpose",
      [](py::handle x, py::handle axes) {
        return transpose(tensor_arg(x, "transpose", "input"),
                         axes.is_none() ? std::vector<int>{} : py_interop::axes_from_object(axes));
      },
      py::arg("input"), py::arg("axes") = py::none());
  m.def(
      "matmul", [](py::handle a, py::handle b) { return matmul_releasing_gil(as_tensor(a), as_tensor(b)); },
      py::arg("input"), py::arg("other"), "Matrix product; 1-D operands as NumPy treats them.");
}

}  // namespace tapegrad::py_bindings
