// The ops as module functions (tg.exp, tg.matmul, tg.mse_loss, ...).
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;
using py_interop::axis_from_object;

namespace {
// Losses and matmul accept array-like operands (made constant tensors), as NumPy would.
template <class Op>
void def_pair(py::module_& m, const char* name, Op op, const char* doc, const char* a = "input",
              const char* b = "target") {
  m.def(
      name, [op](py::handle x, py::handle y) { return op(as_tensor(x), as_tensor(y)); }, py::arg(a),
      py::arg(b), doc);
}
}  // namespace

Tensor matmul_releasing_gil(const Tensor& a, const Tensor& b) {
  const std::int64_t work = a.numel() * (b.ndim() == 2 ? b.shape()[1] : 1);
  std::optional<py::gil_scoped_release> no_gil;
  if (worth_releasing_gil(work)) no_gil.emplace();
  return matmul(a, b);
}

void register_ops(py::module_& m) {
  using py_interop::tensor_arg;
  m.def("exp", [](py::handle x) { return exp(tensor_arg(x, "exp", "input")); }, py::arg("input"));
  m.def("log", [](py::handle x) { return log(tensor_arg(x, "log", "input")); }, py::arg("input"));
  m.def("tanh", [](py::handle x) { return tanh(tensor_arg(x, "tanh", "input")); }, py::arg("input"));
  m.def(
      "sigmoid", [](py::handle x) { return sigmoid(tensor_arg(x, "sigmoid", "input")); }, py::arg("input"),
      "1 / (1 + exp(-x)), stable for any x.");
  m.def("relu", [](py::handle x) { return relu(tensor_arg(x, "relu", "input")); }, py::arg("input"));
  m.def(
      "pow", [](py::handle x, double p) { return pow(tensor_arg(x, "pow", "input"), p); }, py::arg("input"),
      py::arg("exponent"));
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
  def_pair(m, "matmul", &matmul_releasing_gil, "Matrix product; 1-D operands as NumPy treats them.", "a",
           "b");
  def_pair(
      m, "mse_loss", [](const Tensor& x, const Tensor& t) { return mse_loss(x, t); },
      "mean((input - target)^2); input and target must have the same shape.");
  def_pair(
      m, "binary_cross_entropy", [](const Tensor& p, const Tensor& t) { return binary_cross_entropy(p, t); },
      "Mean binary cross-entropy of probabilities in [0, 1].");
  def_pair(
      m, "binary_cross_entropy_with_logits",
      [](const Tensor& x, const Tensor& t) { return binary_cross_entropy_with_logits(x, t); },
      "Mean binary cross-entropy of logits, stable for any value.");
}

}  // namespace tapegrad::py_bindings
