#pragma once
// The registration functions of the tapegrad._core module, one per domain.
#include <cstdint>
#include <vector>

#include <pybind11/pybind11.h>

#include "tensor_object.hpp"

#include "tapegrad/tensor.hpp"

namespace tapegrad::py_bindings {

void register_tensor(pybind11::module_& m);
void register_operators(TensorClass& cls);
void register_indexing(TensorClass& cls);
void register_indexing_functions(pybind11::module_& m);
void register_pointwise(pybind11::module_& m);
void register_reduction(pybind11::module_& m);
void register_shape(pybind11::module_& m);
void register_losses(pybind11::module_& m);
void register_factories(pybind11::module_& m);
void register_dlpack(pybind11::module_& m);
void register_nn(pybind11::module_& m);
void register_runtime(pybind11::module_& m);
void register_normalization(pybind11::module_& m);
void register_autograd(pybind11::module_& m);
void register_function(pybind11::module_& m);
void register_plan(pybind11::module_& m);

// A Python list of tensors as a vector (None entries as undefined tensors when `allow_none`);
// TypeError naming `fn` and `arg` for anything else.
std::vector<tapegrad::Tensor> tensor_list_arg(pybind11::handle value, const char* fn, const char* arg,
                                              bool allow_none);

// Releasing the GIL costs about a microsecond round trip: worth it only around kernels long
// enough for another Python thread to use the time.
inline bool worth_releasing_gil(std::int64_t multiply_adds) {
  return multiply_adds >= (std::int64_t{1} << 15);
}

// matmul, with the GIL released when the product is large (tg.matmul and the @ operator).
tapegrad::Tensor matmul_releasing_gil(const tapegrad::Tensor& a, const tapegrad::Tensor& b);

}  // namespace tapegrad::py_bindings
