// Losses as module functions; tapegrad/nn/_losses.py gives them PyTorch's signatures.
#include <string>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/losses.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;

namespace {
// 'mean', 'sum' or 'none', as PyTorch spells them.
Reduction reduction_arg(py::handle reduction) {
  if (py::isinstance<py::str>(reduction)) {
    const std::string r = reduction.cast<std::string>();
    if (r == "mean") return Reduction::Mean;
    if (r == "sum") return Reduction::Sum;
    if (r == "none") return Reduction::None;
  }
  throw std::invalid_argument(std::string(py::repr(reduction)) +
                              " is not a valid value for reduction: use 'mean', 'sum' or 'none'");
}
Tensor optional_tensor(py::handle t) { return t.is_none() ? Tensor() : as_tensor(t); }

using PairLoss = Tensor (*)(const Tensor&, const Tensor&, Reduction);
template <PairLoss F>
void def_pair_loss(py::module_& m, const char* name) {
  m.def(
      name,
      [](py::handle x, py::handle t, py::handle r) {
        return F(as_tensor(x), as_tensor(t), reduction_arg(r));
      },
      py::arg("input"), py::arg("target"), py::arg("reduction") = "mean");
}
}  // namespace

void register_losses(py::module_& m) {
  def_pair_loss<&mse_loss>(m, "mse_loss");
  def_pair_loss<&l1_loss>(m, "l1_loss");
  m.def(
      "smooth_l1_loss",
      [](py::handle x, py::handle t, py::handle r, double beta) {
        return smooth_l1_loss(as_tensor(x), as_tensor(t), reduction_arg(r), beta);
      },
      py::arg("input"), py::arg("target"), py::arg("reduction") = "mean", py::arg("beta") = 1.0);
  m.def(
      "huber_loss",
      [](py::handle x, py::handle t, py::handle r, double delta) {
        return huber_loss(as_tensor(x), as_tensor(t), reduction_arg(r), delta);
      },
      py::arg("input"), py::arg("target"), py::arg("reduction") = "mean", py::arg("delta") = 1.0);
  m.def(
      "binary_cross_entropy",
      [](py::handle p, py::handle t, py::handle w, py::handle r) {
        return binary_cross_entropy(as_tensor(p), as_tensor(t), optional_tensor(w), reduction_arg(r));
      },
      py::arg("input"), py::arg("target"), py::arg("weight") = py::none(), py::arg("reduction") = "mean");
  m.def(
      "binary_cross_entropy_with_logits",
      [](py::handle x, py::handle t, py::handle w, py::handle pw, py::handle r) {
        return binary_cross_entropy_with_logits(as_tensor(x), as_tensor(t), optional_tensor(w),
                                                optional_tensor(pw), reduction_arg(r));
      },
      py::arg("input"), py::arg("target"), py::arg("weight") = py::none(), py::arg("pos_weight") = py::none(),
      py::arg("reduction") = "mean");
  m.def(
      "nll_loss",
      [](py::handle x, py::handle t, py::handle w, std::int64_t ignore_index, py::handle r) {
        return nll_loss(as_tensor(x), as_tensor(t), optional_tensor(w), ignore_index, reduction_arg(r));
      },
      py::arg("input"), py::arg("target"), py::arg("weight") = py::none(), py::arg("ignore_index") = -100,
      py::arg("reduction") = "mean");
  m.def(
      "cross_entropy",
      [](py::handle x, py::handle t, py::handle w, std::int64_t ignore_index, py::handle r,
         double smoothing) {
        return cross_entropy(as_tensor(x), as_tensor(t), optional_tensor(w), ignore_index, reduction_arg(r),
                             smoothing);
      },
      py::arg("input"), py::arg("target"), py::arg("weight") = py::none(), py::arg("ignore_index") = -100,
      py::arg("reduction") = "mean", py::arg("label_smoothing") = 0.0);
  m.def(
      "kl_div",
      [](py::handle x, py::handle t, py::handle r, bool log_target) {
        return kl_div(as_tensor(x), as_tensor(t), reduction_arg(r), log_target);
      },
      py::arg("input"), py::arg("target"), py::arg("reduction") = "mean", py::arg("log_target") = false);
  m.def(
      "one_hot", [](py::handle x, std::int64_t num_classes) { return one_hot(as_tensor(x), num_classes); },
      py::arg("tensor"), py::arg("num_classes") = -1);
}

}  // namespace tapegrad::py_bindings
