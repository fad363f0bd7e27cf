// The fused dense layer and the optimizers.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

// The optimizers' entry points (register_optim.cpp).
void register_optim(py::module_& m);

namespace {
// The dense layer's activations, by the names activation_name gives them (the one list of them
// here; the C++ enum's names are in ops/dense.cpp).
constexpr Activation kNamedActivations[] = {Activation::Sigmoid, Activation::Tanh, Activation::Relu};

// "'sigmoid', 'tanh', 'relu'"
std::string activation_names() {
  std::string names;
  for (Activation act : kNamedActivations)
    names += std::string(names.empty() ? "'" : ", '") + activation_name(act) + "'";
  return names;
}

Activation activation_arg(py::handle name) {
  if (name.is_none()) return Activation::Identity;
  if (!PyUnicode_Check(name.ptr())) {
    throw py::type_error("the activation is a name (" + activation_names() + ") or None, not " +
                         Py_TYPE(name.ptr())->tp_name + " (pass activation='relu', not tg.relu)");
  }
  const std::string s = py::str(name);
  for (Activation act : kNamedActivations) {
    if (s == activation_name(act)) return act;
  }
  if (s == activation_name(Activation::Identity)) return Activation::Identity;
  throw std::invalid_argument("unknown activation '" + s + "': use " + activation_names() + " or None");
}
}  // namespace

void register_nn(py::module_& m) {
  // The names, for nn.Dense's check (Python lists them nowhere else).
  py::tuple names(std::size(kNamedActivations));
  for (std::size_t i = 0; i < std::size(kNamedActivations); ++i)
    names[i] = activation_name(kNamedActivations[i]);
  m.attr("_dense_activations") = names;
  m.def(
      "_dense",
      [](py::handle x_like, py::handle weight, py::handle bias, py::handle activation) {
        const Tensor x = py_interop::as_tensor(x_like);
        const Tensor& w = py_interop::tensor_arg(weight, "dense", "weight");
        const Tensor b = bias.is_none() ? Tensor() : py_interop::tensor_arg(bias, "dense", "bias");
        const Activation act = activation_arg(activation);
        const std::int64_t work = x.numel() * (w.ndim() == 2 ? w.shape()[1] : 0);
        std::optional<py::gil_scoped_release> no_gil;  // other Python threads run meanwhile
        if (worth_releasing_gil(work)) no_gil.emplace();
        return dense(x, w, b, act);
      },
      "act(x @ weight + bias) as one tape node (tapegrad.dense wraps it).");

  m.def(
      "_linear",
      [](py::handle x_like, py::handle weight, py::handle bias) {
        const Tensor& x = py_interop::tensor_arg(x_like, "linear", "input");
        const Tensor& w = py_interop::tensor_arg(weight, "linear", "weight");
        const Tensor b = bias.is_none() ? Tensor() : py_interop::tensor_arg(bias, "linear", "bias");
        const std::int64_t work = x.numel() * (w.ndim() == 2 ? w.shape()[0] : 0);
        std::optional<py::gil_scoped_release> no_gil;  // other Python threads run meanwhile
        if (worth_releasing_gil(work)) no_gil.emplace();
        return linear(x, w, b);
      },
      "x @ weight.T + bias as one tape node on the fused GEMM (nn.functional.linear wraps it).");

  register_optim(m);
}

}  // namespace tapegrad::py_bindings
