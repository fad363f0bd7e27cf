#pragma once
// Arguments of a function called through CPython's vectorcall protocol (METH_FASTCALL |
// METH_KEYWORDS), matched to parameter names as Python matches them, with Python's own error
// messages. For the few entry points called in every inner loop (tg.tensor), where pybind11's
// generic dispatcher costs more than the work.
#include <pybind11/pybind11.h>

#include <array>
#include <cstddef>
#include <string>

namespace tapegrad::py_bindings {

template <std::size_t N>
class FastArgs {
 public:
  // Throws pybind11::type_error as Python would for too many positional arguments, unknown or
  // repeated keywords; the first `required` parameters must be given.
  FastArgs(const char* function, const std::array<const char*, N>& names, std::size_t required,
           PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames)
      : function_(function) {
    if (static_cast<std::size_t>(nargs) > N) {
      fail("takes at most " + std::to_string(N) + " arguments (" + std::to_string(nargs) + " given)");
    }
    for (Py_ssize_t i = 0; i < nargs; ++i) values_[static_cast<std::size_t>(i)] = args[i];
    const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; ++k) {
      PyObject* key = PyTuple_GET_ITEM(kwnames, k);
      const std::size_t i = index_of(names, key);
      if (values_[i]) fail("got multiple values for argument '" + std::string(names[i]) + "'");
      values_[i] = args[nargs + k];
    }
    for (std::size_t i = 0; i < required; ++i) {
      if (!values_[i]) fail("missing required argument '" + std::string(names[i]) + "'");
    }
  }

  // The argument, or nullptr when it was not given.
  PyObject* operator[](std::size_t i) const noexcept { return values_[i]; }

 private:
  std::size_t index_of(const std::array<const char*, N>& names, PyObject* key) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (PyUnicode_CompareWithASCIIString(key, names[i]) == 0) return i;
    }
    fail("got an unexpected keyword argument '" + std::string(PyUnicode_AsUTF8(key)) + "'");
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw pybind11::type_error(std::string(function_) + "() " + what);
  }

  const char* function_;
  std::array<PyObject*, N> values_{};
};

}  // namespace tapegrad::py_bindings
