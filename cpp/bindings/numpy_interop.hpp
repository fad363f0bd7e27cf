#pragma once
// Conversions between Python objects and tapegrad tensors. Views share memory both ways: a NumPy
// view keeps the tensor's storage alive, and a tensor made from an array keeps the array alive.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "tensor_object.hpp"

#include "tapegrad/tensor.hpp"

namespace tapegrad::py_interop {

namespace py = pybind11;

// The Python objects that stand for dtypes (tapegrad.float32, ...) and shapes (tapegrad.Size),
// made by the Python package and handed over once at import.
void set_python_types(py::handle dtypes, py::handle size_type);
py::object dtype_object(DType dtype);
py::object shape_object(const Shape& shape);

// The dtype named by a dtype-like object: a tapegrad dtype, a NumPy dtype or scalar type
// (np.float32, "float64") or a Python type (float, int, bool); TypeError for other types.
DType dtype_from_object(py::handle dtype_like);
py::dtype numpy_dtype(DType dtype);

// A NumPy array viewing the tensor's memory (no copy), with the tensor's strides.
py::array to_numpy(const Tensor& tensor);

// A tensor sharing the array's memory (no copy). TypeError for dtypes tapegrad lacks,
// ValueError for arrays that are not C-contiguous, writeable and in native byte order.
Tensor from_numpy(py::handle array);

// A new tensor holding a copy of data: a number, (nested) lists of numbers, an array or a
// tensor. Without `dtype`: bools give bool, integers int64, floats the default dtype; arrays
// keep their dtype (the nearest one tapegrad has for other widths).
Tensor tensor_from_data(py::handle data, std::optional<DType> dtype);

// A Python number as the 0-d tensor PyTorch "wraps" it into for an op with a tensor: bool,
// int64 or the default dtype, promoting as a scalar (it never widens a tensor of its kind).
Tensor wrapped_number(py::handle number);
bool is_python_number(py::handle obj);

// The name of obj's type, as error messages show it ("float", "ndarray", "Tensor").
std::string type_name(py::handle obj);

// Integer arguments, validated as NumPy does: TypeError for non-integers (floats, strings),
// IndexError for an axis out of range, OverflowError for a dimension that does not fit int64.
std::optional<int> axis_from_object(py::handle axis);           // None or an integer
std::vector<int> axes_from_object(py::handle axes);             // a sequence of integers
std::vector<std::int64_t> shape_from_object(py::handle shape);  // an integer or a sequence of them

// The Tensor argument `arg` of `function`; TypeError in PyTorch's words for anything else
// ("exp(): argument 'input' must be Tensor, not float").
const Tensor& tensor_arg(py::handle obj, const char* function, const char* arg);

// The number argument `arg` of `function` as a double (a bool is refused, as PyTorch does);
// TypeError in PyTorch's words for anything else.
double number_arg(py::handle obj, const char* function, const char* arg);

// A Tensor as is, a Python number wrapped (see wrapped_number), or array-like data copied into
// a constant tensor (for operators and losses).
Tensor as_tensor(py::handle operand);

}  // namespace tapegrad::py_interop
