// Reductions, cumulative ops and softmax as module functions; tapegrad/_reduction.py gives them
// PyTorch's signatures (and the named tuples of max, min and median).
#include <pybind11/stl.h>

#include <string>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/reduction.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::tensor_arg;

namespace {
// None (every dimension), an integer, or a list or tuple of integers.
Dims dims_arg(py::handle dim) {
  if (dim.is_none()) return Dims();
  if (py::isinstance<py::list>(dim) || py::isinstance<py::tuple>(dim))
    return Dims(py_interop::axes_from_object(dim));
  return Dims(*py_interop::axis_from_object(dim));
}
std::optional<DType> dtype_arg(py::handle dtype) {
  if (dtype.is_none()) return std::nullopt;
  return py_interop::dtype_from_object(dtype);
}
int int_dim(py::handle dim) { return *py_interop::axis_from_object(dim); }
py::tuple pair(const ValuesIndices& r) { return py::make_tuple(r.values, r.indices); }

// f(input, dims, keepdim, dtype) for sum, mean, nansum, nanmean.
template <Tensor (*F)(const Tensor&, const Dims&, bool, std::optional<DType>)>
void def_sum_like(py::module_& m, const char* name) {
  m.def(
      name,
      [name](py::handle x, py::handle dim, bool keepdim, py::handle dtype) {
        return F(tensor_arg(x, name, "input"), dims_arg(dim), keepdim, dtype_arg(dtype));
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
      py::arg("dtype") = py::none());
}

template <Tensor (*F)(const Tensor&, const Dims&, bool)>
void def_dims_keepdim(py::module_& m, const char* name) {
  m.def(
      name,
      [name](py::handle x, py::handle dim, bool keepdim) {
        return F(tensor_arg(x, name, "input"), dims_arg(dim), keepdim);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false);
}
}  // namespace

void register_reduction(py::module_& m) {
  def_sum_like<&sum>(m, "sum");
  def_sum_like<&mean>(m, "mean");
  def_sum_like<&nansum>(m, "nansum");
  def_sum_like<&nanmean>(m, "nanmean");
  def_dims_keepdim<&amax>(m, "amax");
  def_dims_keepdim<&amin>(m, "amin");
  def_dims_keepdim<&any>(m, "any");
  def_dims_keepdim<&all>(m, "all");
  def_dims_keepdim<&logsumexp>(m, "logsumexp");
  m.def(
      "prod",
      [](py::handle x, py::handle dim, bool keepdim, py::handle dtype) {
        const std::optional<int> d = dim.is_none() ? std::nullopt : std::optional<int>(int_dim(dim));
        return prod(tensor_arg(x, "prod", "input"), d, keepdim, dtype_arg(dtype));
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false,
      py::arg("dtype") = py::none());
  // max and min: the value without a dim, (values, indices) with one.
  m.def(
      "max",
      [](py::handle x, py::handle dim, bool keepdim) -> py::object {
        const Tensor& t = tensor_arg(x, "max", "input");
        if (dim.is_none()) return py::cast(max(t));
        return pair(max(t, int_dim(dim), keepdim));
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def(
      "min",
      [](py::handle x, py::handle dim, bool keepdim) -> py::object {
        const Tensor& t = tensor_arg(x, "min", "input");
        if (dim.is_none()) return py::cast(min(t));
        return pair(min(t, int_dim(dim), keepdim));
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def(
      "median",
      [](py::handle x, py::handle dim, bool keepdim) -> py::object {
        const Tensor& t = tensor_arg(x, "median", "input");
        if (dim.is_none()) return py::cast(median(t));
        return pair(median(t, int_dim(dim), keepdim));
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def(
      "argmax",
      [](py::handle x, py::handle dim, bool keepdim) {
        return argmax(tensor_arg(x, "argmax", "input"), py_interop::axis_from_object(dim), keepdim);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def(
      "argmin",
      [](py::handle x, py::handle dim, bool keepdim) {
        return argmin(tensor_arg(x, "argmin", "input"), py_interop::axis_from_object(dim), keepdim);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("keepdim") = false);
  m.def(
      "var",
      [](py::handle x, py::handle dim, double correction, bool keepdim) {
        return var(tensor_arg(x, "var", "input"), dims_arg(dim), correction, keepdim);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("correction") = 1.0, py::arg("keepdim") = false);
  m.def(
      "std",
      [](py::handle x, py::handle dim, double correction, bool keepdim) {
        return tapegrad::std(tensor_arg(x, "std", "input"), dims_arg(dim), correction, keepdim);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("correction") = 1.0, py::arg("keepdim") = false);
  m.def(
      "var_mean",
      [](py::handle x, py::handle dim, double correction, bool keepdim) {
        const auto r = var_mean(tensor_arg(x, "var_mean", "input"), dims_arg(dim), correction, keepdim);
        return py::make_tuple(r.first, r.second);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("correction") = 1.0, py::arg("keepdim") = false);
  m.def(
      "std_mean",
      [](py::handle x, py::handle dim, double correction, bool keepdim) {
        const auto r = std_mean(tensor_arg(x, "std_mean", "input"), dims_arg(dim), correction, keepdim);
        return py::make_tuple(r.first, r.second);
      },
      py::arg("input"), py::arg("dim") = py::none(), py::arg("correction") = 1.0, py::arg("keepdim") = false);
  m.def(
      "norm",
      [](py::handle x, double p, py::handle dim, bool keepdim, py::handle dtype) {
        return norm(tensor_arg(x, "norm", "input"), p, dims_arg(dim), keepdim, dtype_arg(dtype));
      },
      py::arg("input"), py::arg("p") = 2.0, py::arg("dim") = py::none(), py::arg("keepdim") = false,
      py::arg("dtype") = py::none());
  m.def(
      "count_nonzero",
      [](py::handle x, py::handle dim) {
        return count_nonzero(tensor_arg(x, "count_nonzero", "input"), dims_arg(dim));
      },
      py::arg("input"), py::arg("dim") = py::none());
  m.def(
      "cumsum",
      [](py::handle x, py::handle dim, py::handle dtype) {
        return cumsum(tensor_arg(x, "cumsum", "input"), int_dim(dim), dtype_arg(dtype));
      },
      py::arg("input"), py::arg("dim"), py::arg("dtype") = py::none());
  m.def(
      "cumprod",
      [](py::handle x, py::handle dim, py::handle dtype) {
        return cumprod(tensor_arg(x, "cumprod", "input"), int_dim(dim), dtype_arg(dtype));
      },
      py::arg("input"), py::arg("dim"), py::arg("dtype") = py::none());
  m.def(
      "softmax",
      [](py::handle x, py::handle dim, py::handle dtype) {
        return softmax(tensor_arg(x, "softmax", "input"), int_dim(dim), dtype_arg(dtype));
      },
      py::arg("input"), py::arg("dim"), py::arg("dtype") = py::none());
  m.def(
      "log_softmax",
      [](py::handle x, py::handle dim, py::handle dtype) {
        return log_softmax(tensor_arg(x, "log_softmax", "input"), int_dim(dim), dtype_arg(dtype));
      },
      py::arg("input"), py::arg("dim"), py::arg("dtype") = py::none());
}

}  // namespace tapegrad::py_bindings
