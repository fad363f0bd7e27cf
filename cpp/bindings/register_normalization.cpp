// The normalization layers' ops; tapegrad/nn/_normalization.py gives them PyTorch's signatures.
#include <optional>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/normalization.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

void register_normalization(py::module_& m) {
  m.def(
      "layer_norm",
      [](py::handle x, py::handle normalized_shape, py::handle weight, py::handle bias, py::handle eps) {
        const Tensor& input = py_interop::tensor_arg(x, "layer_norm", "input");
        const auto shape = py_interop::shape_from_object(normalized_shape);
        const Tensor w = weight.is_none() ? Tensor() : py_interop::tensor_arg(weight, "layer_norm", "weight");
        const Tensor b = bias.is_none() ? Tensor() : py_interop::tensor_arg(bias, "layer_norm", "bias");
        const double e = py_interop::number_arg(eps, "layer_norm", "eps");
        std::optional<py::gil_scoped_release> no_gil;
        if (worth_releasing_gil(input.numel() * 8)) no_gil.emplace();
        return layer_norm(input, shape, w, b, e);
      },
      py::arg("input"), py::arg("normalized_shape"), py::arg("weight") = py::none(),
      py::arg("bias") = py::none(), py::arg("eps") = 1e-5);
}

}  // namespace tapegrad::py_bindings
