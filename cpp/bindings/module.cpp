// tapegrad._core: the Python face of the C++ core. Conversion and validation only; the math
// lives in the core library and the user-facing API in the tapegrad Python package.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/dtype.hpp"
#include "tapegrad/version.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "tapegrad's C++ core: tensors, the tape and its ops";
  m.attr("__version__") = tapegrad::version();
  // ValueError, OverflowError, IndexError and RuntimeError come from pybind11's standard
  // translations of the std exceptions the core throws; TypeError needs its own.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const tapegrad::type_error& e) {
      PyErr_SetString(PyExc_TypeError, e.what());
    }
  });
  // Python draws graphs with their intermediate values (tg.to_dot, Node.output).
  tapegrad::OutputLinks::set_enabled(true);
  tapegrad::py_bindings::register_tensor(m);
  tapegrad::py_bindings::register_ops(m);
  tapegrad::py_bindings::register_nn(m);
  tapegrad::py_bindings::register_runtime(m);
}
