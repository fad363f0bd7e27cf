// tapegrad._core: the Python face of the C++ core. Conversion and validation only; the math
// lives in the core library and the user-facing API in the tapegrad Python package.
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>

#include "bindings.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/dtype.hpp"
#include "tapegrad/version.hpp"

namespace py = pybind11;

namespace {
// An exception class deriving from `base` and from RuntimeError, added to the module.
PyObject* exception_type(py::module_& m, const char* name, PyObject* base, const char* doc) {
  const std::string qualified = std::string("tapegrad.") + name;
  py::tuple bases = py::make_tuple(py::handle(base), py::handle(PyExc_RuntimeError));
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module holds the reference
  return type;
}
}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "tapegrad's C++ core: tensors, the tape and its ops";
  m.attr("__version__") = tapegrad::version();
  // PyTorch raises RuntimeError where tapegrad's contract names ValueError (bad shapes and values)
  // or TypeError (dtypes): these two exceptions are both, so code written for either catches
  // them. IndexError, OverflowError and RuntimeError come from pybind11's standard translations.
  static PyObject* dtype_error =
      exception_type(m, "DTypeError", PyExc_TypeError,
                     "A dtype an op cannot take (a TypeError, and a RuntimeError as PyTorch raises).");
  static PyObject* value_error =
      exception_type(m, "ArgumentError", PyExc_ValueError,
                     "Shapes that do not fit or a bad value (a ValueError, and a RuntimeError as PyTorch "
                     "raises).");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const tapegrad::type_error& e) {
      PyErr_SetString(dtype_error, e.what());
    } catch (const std::out_of_range& e) {
      PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const std::overflow_error& e) {
      PyErr_SetString(PyExc_OverflowError, e.what());
    } catch (const std::invalid_argument& e) {
      PyErr_SetString(value_error, e.what());
    }
  });
  // Python draws graphs with their intermediate values (tg.to_dot, Node.output).
  tapegrad::OutputLinks::set_enabled(true);
  tapegrad::py_bindings::register_tensor(m);
  tapegrad::py_bindings::register_pointwise(m);
  tapegrad::py_bindings::register_reduction(m);
  tapegrad::py_bindings::register_indexing_functions(m);
  tapegrad::py_bindings::register_shape(m);
  tapegrad::py_bindings::register_losses(m);
  tapegrad::py_bindings::register_factories(m);
  tapegrad::py_bindings::register_dlpack(m);
  tapegrad::py_bindings::register_nn(m);
  tapegrad::py_bindings::register_runtime(m);
  tapegrad::py_bindings::register_normalization(m);
  tapegrad::py_bindings::register_autograd(m);
  tapegrad::py_bindings::register_function(m);
  tapegrad::py_bindings::register_plan(m);
}
