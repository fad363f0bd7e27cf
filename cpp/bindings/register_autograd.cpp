// torch.autograd's entry points: grad() and backward() over lists of tensors. The Python layer
// (tapegrad/autograd/__init__.py) gives them PyTorch's signatures and normalises the arguments to
// lists; these convert, check and call the core with the GIL released.
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "tapegrad/autograd.hpp"

namespace py = pybind11;

namespace tapegrad::py_bindings {

// An iterable of tensors (None entries become undefined tensors when `allow_none`).
std::vector<Tensor> tensor_list_arg(py::handle value, const char* fn, const char* arg, bool allow_none) {
  std::vector<Tensor> out;
  std::size_t i = 0;
  for (py::handle item : value) {
    if (is_tensor(item)) {
      out.push_back(tensor_of(item.ptr()));
    } else if (allow_none && item.is_none()) {
      out.emplace_back();
    } else {
      throw py::type_error(std::string(fn) + "(): " + arg + "[" + std::to_string(i) + "] must be a Tensor" +
                           (allow_none ? " or None" : "") + ", not " +
                           py::str(py::type::handle_of(item).attr("__name__")).cast<std::string>());
    }
    ++i;
  }
  return out;
}

namespace {
std::optional<bool> optional_bool(py::handle value) {
  if (value.is_none()) return std::nullopt;
  return PyObject_IsTrue(value.ptr()) == 1;
}

py::tuple as_tuple(const std::vector<Tensor>& tensors) {
  py::tuple out(tensors.size());
  for (std::size_t i = 0; i < tensors.size(); ++i) {
    out[i] = tensors[i].defined() ? py::cast(tensors[i]) : py::none();
  }
  return out;
}
}  // namespace

void register_autograd(py::module_& m) {
  m.def(
      "_autograd_grad",
      [](py::list outputs, py::list inputs, py::list grad_outputs, py::handle retain_graph, bool create_graph,
         bool allow_unused) {
        const std::vector<Tensor> outs = tensor_list_arg(outputs, "grad", "outputs", false);
        const std::vector<Tensor> ins = tensor_list_arg(inputs, "grad", "inputs", false);
        const std::vector<Tensor> seeds = tensor_list_arg(grad_outputs, "grad", "grad_outputs", true);
        const std::optional<bool> retain = optional_bool(retain_graph);
        std::vector<Tensor> grads;
        {
          py::gil_scoped_release no_gil;  // custom Functions take it back for their backward
          grads = autograd::grad(outs, ins, seeds, retain, create_graph, allow_unused);
        }
        return as_tuple(grads);
      },
      py::arg("outputs"), py::arg("inputs"), py::arg("grad_outputs"), py::arg("retain_graph"),
      py::arg("create_graph"), py::arg("allow_unused"));
  m.def(
      "_autograd_backward",
      [](py::list tensors, py::list grad_tensors, py::handle retain_graph, bool create_graph,
         py::list inputs) {
        const std::vector<Tensor> outs = tensor_list_arg(tensors, "backward", "tensors", false);
        const std::vector<Tensor> seeds = tensor_list_arg(grad_tensors, "backward", "grad_tensors", true);
        const std::vector<Tensor> ins = tensor_list_arg(inputs, "backward", "inputs", false);
        const std::optional<bool> retain = optional_bool(retain_graph);
        py::gil_scoped_release no_gil;
        autograd::backward(outs, seeds, retain, create_graph, ins);
      },
      py::arg("tensors"), py::arg("grad_tensors"), py::arg("retain_graph"), py::arg("create_graph"),
      py::arg("inputs"));
}

}  // namespace tapegrad::py_bindings
