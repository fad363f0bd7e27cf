// Factories and random sampling as module functions; tapegrad/_factories.py gives them
// PyTorch's signatures.
#include "bindings.hpp"
#include "numpy_interop.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

void register_factories(py::module_&) {}

}  // namespace tapegrad::py_bindings
