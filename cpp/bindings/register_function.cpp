// tg.autograd.Function's node: a tape node whose backward calls Python.
//
// python/tapegrad/autograd/function.py runs the user's forward and then calls
// _function_record(name, ctx, inputs, output, saved, saved_is_output), which wires a
// PyFunctionNode to the inputs that require a gradient (at most Node::kMaxInputs), makes it the
// producer of `output` and keeps the saved tensors as SavedTensors: version-checked, and carrying
// their history in a recorded backward (create_graph), as a built-in op's. The node's backward
// takes the GIL (the engine runs without it) and calls ctx._run_backward(saved, grad_output,
// create_graph), which returns one gradient (or None) per wired input. A Python exception raised
// there travels through the C++ sweep as pybind11::error_already_set and reaches the caller of
// backward() with its own type and message.
//
// References: the output owns the node, the node owns ctx; ctx keeps no reference to the node
// nor to the saved tensors (they are handed to it for the duration of a backward), so a graph
// is freed as soon as its last tensor is.
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace py = pybind11;

namespace tapegrad::py_bindings {

namespace {

// Node names live as long as the process (Node keeps a const char*): one per Function class.
// Only touched with the GIL held.
const char* interned_name(const std::string& name) {
  static auto* names = new std::unordered_set<std::string>();
  return names->insert(name).first->c_str();
}

class PyFunctionNode final : public Node {
 public:
  PyFunctionNode(const char* name, py::object ctx) : Node(name), ctx_(std::move(ctx)) {}

  ~PyFunctionNode() override {
    // The last tensor of a graph may die anywhere, the GIL held or not.
    if (Py_IsInitialized() != 0) {
      py::gil_scoped_acquire gil;
      ctx_ = py::object();
    } else {
      ctx_.release();  // the interpreter is gone: nothing left to free it into
    }
  }
  PyFunctionNode(const PyFunctionNode&) = delete;
  PyFunctionNode& operator=(const PyFunctionNode&) = delete;

  Grads backward(Tensor grad_output) override { return call(std::move(grad_output), false); }
  Grads backward_graph(Tensor grad_output) override { return call(std::move(grad_output), true); }

  std::vector<SavedTensor> saved;
  std::vector<bool> saved_defined;

 protected:
  void release_saved() noexcept override {
    for (SavedTensor& s : saved) s.reset();
  }

 private:
  Grads call(Tensor grad_output, bool create_graph) {
    py::gil_scoped_acquire gil;
    py::list unpacked;
    for (std::size_t i = 0; i < saved.size(); ++i) {
      // unpack checks the version (and that retain_graph kept the values) and, in a recorded
      // backward, gives the tensor its history.
      unpacked.append(saved_defined[i] ? py::cast(saved[i].unpack(*this)) : py::none());
    }
    py::object result = ctx_.attr("_run_backward")(unpacked, py::cast(std::move(grad_output)), create_graph);
    Grads grads;
    std::size_t i = 0;
    for (py::handle g : result) {
      if (i >= static_cast<std::size_t>(num_inputs())) {
        throw std::logic_error(std::string("internal error: ") + name() + " returned too many gradients");
      }
      if (is_tensor(g)) grads[i] = tensor_of(g.ptr());
      ++i;
    }
    return grads;
  }

  py::object ctx_;
};

}  // namespace

void register_function(py::module_& m) {
  m.def(
      "_function_record",
      [](const std::string& name, py::object ctx, py::list inputs, Tensor output, py::list saved,
         py::list saved_is_output) {
        const std::vector<Tensor> ins = tensor_list_arg(inputs, "_function_record", "inputs", false);
        if (ins.empty() || ins.size() > static_cast<std::size_t>(Node::kMaxInputs)) {
          throw std::invalid_argument(
              name + ": a custom Function can take at most " + std::to_string(Node::kMaxInputs) +
              " tensor inputs that require a gradient, got " + std::to_string(ins.size()));
        }
        const std::vector<Tensor> to_save = tensor_list_arg(saved, "_function_record", "saved", true);
        if (py::len(saved_is_output) != to_save.size()) {
          throw std::invalid_argument("_function_record: saved and saved_is_output differ in length");
        }
        // The node's output must be a tensor of its own: a view follows its base's history, and
        // a tensor that already requires a gradient (an input returned as is) has one.
        TensorImpl* impl = output.impl();
        if (impl->view || !output.is_contiguous() || impl->requires_grad) {
          const NoGradGuard no_grad;
          output = clone(output);
        }
        auto node = std::make_shared<PyFunctionNode>(interned_name(name), std::move(ctx));
        if (ins.size() == 1) {
          node->set_inputs({&ins[0]});
        } else if (ins.size() == 2) {
          node->set_inputs({&ins[0], &ins[1]});
        } else {
          node->set_inputs({&ins[0], &ins[1], &ins[2]});
        }
        set_history(output, node);
        // Saved after set_history: the output is then known as the node's own.
        for (std::size_t i = 0; i < to_save.size(); ++i) {
          const bool is_output = saved_is_output[i].cast<bool>();
          const Tensor& t = is_output ? output : to_save[i];
          if (t.defined() && !t.is_contiguous()) {
            throw std::invalid_argument("_function_record: saved tensor " + std::to_string(i) +
                                        " is not contiguous");
          }
          node->saved.push_back(t.defined() ? SavedTensor(t) : SavedTensor());
          node->saved_defined.push_back(t.defined());
        }
        return output;
      },
      py::arg("name"), py::arg("ctx"), py::arg("inputs"), py::arg("output"), py::arg("saved"),
      py::arg("saved_is_output"));
}

}  // namespace tapegrad::py_bindings
