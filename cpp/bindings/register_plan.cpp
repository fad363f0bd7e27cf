// tapegrad.compile's core: Plan records a Python function's work and replays it (tapegrad/plan.hpp).
// The Python layer (tapegrad/compile.py) keeps the plans per signature and the outputs' structure.
#include <optional>
#include <vector>

#include "bindings.hpp"
#include "tapegrad/plan.hpp"

namespace py = pybind11;

namespace tapegrad::py_bindings {

namespace {
py::list as_list(const std::vector<Tensor>& tensors) {
  py::list out(tensors.size());
  for (std::size_t i = 0; i < tensors.size(); ++i) out[i] = py::cast(tensors[i]);
  return out;
}

// Plan::try_run without Python's lock when the plan is large enough for another thread to use the
// time (releasing it costs about a microsecond).
std::optional<std::vector<Tensor>> try_run(const Plan& plan, const std::vector<Tensor>& in) {
  if (!plan.large()) return plan.try_run(in);
  py::gil_scoped_release no_gil;
  return plan.try_run(in);
}
}  // namespace

void register_plan(py::module_& m) {
  py::class_<Plan>(m, "_Plan", "A recorded step (tapegrad.compile).")
      .def(
          "run",
          [](const Plan& plan, py::list inputs) {
            const std::vector<Tensor> in = tensor_list_arg(inputs, "compile", "inputs", false);
            const std::optional<std::vector<Tensor>> out = try_run(plan, in);
            return as_list(out ? *out : plan.run(in));  // run() raises, saying why it cannot
          },
          py::arg("inputs"))
      .def(
          "try_run",
          [](const Plan& plan, py::tuple args) -> py::object {
            std::vector<Tensor> in;
            in.reserve(args.size());
            for (py::handle a : args) {
              if (!is_tensor(a)) return py::none();
              in.push_back(tensor_of(a.ptr()));
            }
            const std::optional<std::vector<Tensor>> out = try_run(plan, in);
            return out ? py::object(as_list(*out)) : py::none();
          },
          py::arg("args"), "run(args) when args are the plan's inputs and it can run now; else None.")
      .def(
          "matches",
          [](const Plan& plan, py::list inputs) {
            return plan.matches(tensor_list_arg(inputs, "compile", "inputs", false));
          },
          py::arg("inputs"))
      .def("state", [](const Plan& plan) { return as_list(plan.state()); })
      .def_property_readonly("steps", &Plan::steps)
      .def_property_readonly("buffers", &Plan::buffers);
  m.def(
      "_plan_record",
      [](py::function fn, py::list inputs) {
        const std::vector<Tensor> in = tensor_list_arg(inputs, "compile", "inputs", false);
        return Plan::record(
            [&fn](const std::vector<Tensor>&) {
              py::object outputs = fn();
              return tensor_list_arg(outputs, "compile", "outputs", false);
            },
            in);
      },
      py::arg("fn"), py::arg("inputs"),
      "Calls fn() (which uses `inputs`) once and records its work: a _Plan.");
}

}  // namespace tapegrad::py_bindings
