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
  m.def(
      "batch_norm_training",
      [](py::handle x, py::handle weight, py::handle bias, py::handle eps) {
        const Tensor& input = py_interop::tensor_arg(x, "batch_norm", "input");
        const Tensor w = weight.is_none() ? Tensor() : py_interop::tensor_arg(weight, "batch_norm", "weight");
        const Tensor b = bias.is_none() ? Tensor() : py_interop::tensor_arg(bias, "batch_norm", "bias");
        const double e = py_interop::number_arg(eps, "batch_norm", "eps");
        BatchNormTraining r;
        {
          std::optional<py::gil_scoped_release> no_gil;
          if (worth_releasing_gil(input.numel() * 8)) no_gil.emplace();
          r = batch_norm_training(input, w, b, e);
        }
        return py::make_tuple(r.output, r.mean, r.var);
      },
      py::arg("input"), py::arg("weight") = py::none(), py::arg("bias") = py::none(), py::arg("eps") = 1e-5);
  m.def(
      "batch_norm_inference",
      [](py::handle x, py::handle running_mean, py::handle running_var, py::handle weight, py::handle bias,
         py::handle eps) {
        const auto optional = [](py::handle t, const char* name) {
          return t.is_none() ? Tensor() : py_interop::tensor_arg(t, "batch_norm", name);
        };
        const Tensor& input = py_interop::tensor_arg(x, "batch_norm", "input");
        const Tensor rm = optional(running_mean, "running_mean"), rv = optional(running_var, "running_var");
        const Tensor w = optional(weight, "weight"), b = optional(bias, "bias");
        const double e = py_interop::number_arg(eps, "batch_norm", "eps");
        std::optional<py::gil_scoped_release> no_gil;
        if (worth_releasing_gil(input.numel() * 4)) no_gil.emplace();
        return batch_norm_inference(input, rm, rv, w, b, e);
      },
      py::arg("input"), py::arg("running_mean"), py::arg("running_var"), py::arg("weight") = py::none(),
      py::arg("bias") = py::none(), py::arg("eps") = 1e-5);
}

}  // namespace tapegrad::py_bindings
