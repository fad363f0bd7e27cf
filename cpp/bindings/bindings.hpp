#pragma once
// The registration functions of the tapegrad._core module, one per domain.
#include <pybind11/pybind11.h>

namespace tapegrad::py_bindings {

void register_tensor(pybind11::module_& m);
void register_ops(pybind11::module_& m);
void register_nn(pybind11::module_& m);

}  // namespace tapegrad::py_bindings
