#pragma once
// Conversions between tapegrad tensors and NumPy arrays. Views share memory both ways: a NumPy
// view keeps the tensor's storage alive, and a tensor made from an array keeps the array alive.
#include <cstdint>
#include <optional>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "tapegrad/tensor.hpp"

namespace tapegrad::py_interop {

namespace py = pybind11;

// The dtype named by a dtype-like object (np.float32, "float64", np.dtype(...)); TypeError for
// anything but float32 and float64.
DType dtype_from_object(py::handle dtype_like);
py::dtype numpy_dtype(DType dtype);

// A NumPy array viewing the tensor's memory (no copy).
py::array to_numpy(const Tensor& tensor);

// A tensor sharing the array's memory (no copy). TypeError for other dtypes, ValueError for
// arrays that are not C-contiguous, writeable and in native byte order.
Tensor from_numpy(py::handle array);

// A new tensor holding a copy of array-like data: float32 arrays stay float32, other real
// data becomes float64, unless `dtype` says otherwise.
Tensor tensor_from_data(py::handle data, std::optional<DType> dtype);

// Integer arguments, validated as NumPy does: TypeError for non-integers (floats, strings),
// IndexError for an axis out of range, OverflowError for a dimension that does not fit int64.
std::optional<int> axis_from_object(py::handle axis);           // None or an integer
std::vector<int> axes_from_object(py::handle axes);             // a sequence of integers
std::vector<std::int64_t> shape_from_object(py::handle shape);  // an integer or a sequence of them

// A Tensor as is, or array-like data copied into a constant tensor (for operators and losses).
Tensor as_tensor(py::handle operand);

}  // namespace tapegrad::py_interop
