// Losses as module functions; tapegrad/nn/_losses.py gives them PyTorch's signatures.
#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;

void register_losses(py::module_& m) {
  m.def(
      "mse_loss", [](py::handle x, py::handle t) { return mse_loss(as_tensor(x), as_tensor(t)); },
      py::arg("input"), py::arg("target"), "mean((input - target)^2); input and target must have the same shape.");
  m.def(
      "binary_cross_entropy",
      [](py::handle p, py::handle t) { return binary_cross_entropy(as_tensor(p), as_tensor(t)); },
      py::arg("input"), py::arg("target"), "Mean binary cross-entropy of probabilities in [0, 1].");
  m.def(
      "binary_cross_entropy_with_logits",
      [](py::handle x, py::handle t) { return binary_cross_entropy_with_logits(as_tensor(x), as_tensor(t)); },
      py::arg("input"), py::arg("target"), "Mean binary cross-entropy of logits, stable for any value.");
}

}  // namespace tapegrad::py_bindings
