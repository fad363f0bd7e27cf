// Elementwise math, activations, logical ops and tests as module functions; tapegrad/_pointwise.py
// and tapegrad/nn/_activations.py give them PyTorch's signatures. Conversion and validation
// only: every argument arrives as a py::handle and is checked here, so a wrong type gets
// tapegrad's message in PyTorch's words, never pybind11's overload dump.
#include <cmath>
#include <cstdint>
#include <string>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::is_python_number;
using py_interop::tensor_arg;
using py_interop::type_name;
using py_interop::wrapped_number;

namespace {

// A Tensor, or a Python number wrapped as PyTorch wraps it (it promotes as a scalar).
Tensor tensor_or_number(py::handle obj, const char* function, const char* arg) {
  if (is_tensor(obj)) return obj.cast<Tensor>();
  if (is_python_number(obj)) return wrapped_number(obj);
  throw type_error(std::string(function) + "(): argument '" + arg + "' must be Tensor or Number, not " +
                   type_name(obj));
}

// A float argument (a Python int or float; bool is an int, as in Python).
double number_arg(py::handle obj, const char* function, const char* arg) {
  if (!is_python_number(obj)) {
    throw type_error(std::string(function) + "(): argument '" + arg + "' must be a number, not " +
                     type_name(obj));
  }
  const double v = PyFloat_AsDouble(obj.ptr());
  if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

std::optional<double> optional_number(py::handle obj, const char* function, const char* arg) {
  if (obj.is_none()) return std::nullopt;
  return number_arg(obj, function, arg);
}

bool bool_arg(py::handle obj, const char* function, const char* arg) {
  if (!PyBool_Check(obj.ptr())) {
    throw type_error(std::string(function) + "(): argument '" + arg + "' must be bool, not " +
                     type_name(obj));
  }
  return obj.ptr() == Py_True;
}

using Unary = Tensor (*)(const Tensor&);
using Binary = Tensor (*)(const Tensor&, const Tensor&);

// f(input): one tensor argument.
void def_unary(py::module_& m, const char* name, Unary f) {
  m.def(name, [name, f](py::handle x) { return f(tensor_arg(x, name, "input")); }, py::arg("input"));
}

// f(input, other): which sides may be Python numbers is PyTorch's choice per function.
enum Sides { kTensors = 0, kOtherNumber = 1, kBothNumbers = 3 };
void def_binary(py::module_& m, const char* name, Binary f, Sides sides, const char* other_name = "other") {
  m.def(
      name,
      [name, f, sides, other_name](py::handle a, py::handle b) {
        const bool a_number = !is_tensor(a) && is_python_number(a);
        if (a_number && !is_tensor(b) && is_python_number(b)) {
          throw type_error(std::string(name) + "(): at least one of 'input' and '" + other_name +
                           "' must be a Tensor, got two numbers");
        }
        const Tensor ta = (sides & 2) ? tensor_or_number(a, name, "input") : tensor_arg(a, name, "input");
        const Tensor tb =
            (sides & 1) ? tensor_or_number(b, name, other_name) : tensor_arg(b, name, other_name);
        return f(ta, tb);
      },
      py::arg("input"), py::arg(other_name));
}

// The bounds of clamp: absent, a number or a tensor.
Tensor clamp_operands(py::handle x, py::handle min, py::handle max) {
  const Tensor& t = tensor_arg(x, "clamp", "input");
  if (min.is_none() && max.is_none()) {
    throw std::invalid_argument("clamp: at least one of 'min' or 'max' must not be None");
  }
  auto bound = [](py::handle b, const char* arg) {
    return b.is_none() ? Tensor() : tensor_or_number(b, "clamp", arg);
  };
  const bool numbers = (min.is_none() || is_python_number(min)) && (max.is_none() || is_python_number(max));
  if (numbers && is_floating_point(t.dtype())) {
    // A number bound never changes a floating-point tensor's dtype: the one-pass scalar kernel.
    return clamp(t, optional_number(min, "clamp", "min"), optional_number(max, "clamp", "max"));
  }
  return clamp(t, bound(min, "min"), bound(max, "max"));
}

RoundingMode rounding_mode(py::handle mode) {
  if (mode.is_none()) return RoundingMode::None;
  if (PyUnicode_Check(mode.ptr())) {
    const std::string s = mode.cast<std::string>();
    if (s == "trunc") return RoundingMode::Trunc;
    if (s == "floor") return RoundingMode::Floor;
  }
  throw std::invalid_argument("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found " +
                              std::string(py::repr(mode)));
}

// alpha for add and sub: a number; a float alpha with integer operands is refused, as PyTorch
// does (by the argument's type: alpha=2.0 is refused too).
double alpha_arg(py::handle alpha, const Tensor& a, const Tensor& b, const char* function) {
  const double v = number_arg(alpha, function, "alpha");
  if (PyFloat_Check(alpha.ptr()) && !is_floating_point(result_type(a, b))) {
    throw std::invalid_argument(
        std::string(function) +
        ": for integral input tensors, argument alpha must not be a floating point number");
  }
  return v;
}

void register_unary(py::module_& m) {
  const std::pair<const char*, Unary> unary[] = {
      {"sqrt", &sqrt},
      {"rsqrt", &rsqrt},
      {"sin", &sin},
      {"cos", &cos},
      {"tan", &tan},
      {"asin", &asin},
      {"acos", &acos},
      {"atan", &atan},
      {"sinh", &sinh},
      {"cosh", &cosh},
      {"asinh", &asinh},
      {"acosh", &acosh},
      {"atanh", &atanh},
      {"log2", &log2},
      {"log10", &log10},
      {"log1p", &log1p},
      {"expm1", &expm1},
      {"exp2", &exp2},
      {"reciprocal", &reciprocal},
      {"erf", &erf},
      {"erfc", &erfc},
      {"abs", &abs},
      {"sign", &sign},
      {"floor", &floor},
      {"ceil", &ceil},
      {"trunc", &trunc},
      {"frac", &frac},
      {"square", &square},
      {"neg", static_cast<Unary>(&neg)},
      {"exp", &exp},
      {"log", &log},
      {"tanh", &tanh},
      {"sigmoid", &sigmoid},
      {"relu", &relu},
      {"logical_not", &logical_not},
      {"bitwise_not", &bitwise_not},
      {"isnan", &isnan},
      {"isinf", &isinf},
      {"isposinf", &isposinf},
      {"isneginf", &isneginf},
      {"isfinite", &isfinite},
      {"relu6", &relu6},
      {"selu", &selu},
      {"silu", &silu},
      {"mish", &mish},
      {"softsign", &softsign},
      {"hardsigmoid", &hardsigmoid},
      {"hardswish", &hardswish},
      {"logsigmoid", &logsigmoid},
      {"tanhshrink", &tanhshrink},
  };
  for (const auto& [name, f] : unary) def_unary(m, name, f);

  m.def(
      "round",
      [](py::handle x, py::handle decimals) {
        if (!PyLong_Check(decimals.ptr()) || PyBool_Check(decimals.ptr())) {
          throw type_error("round(): argument 'decimals' must be int, not " + type_name(decimals));
        }
        int overflow = 0;
        const long value = PyLong_AsLongAndOverflow(decimals.ptr(), &overflow);
        if (overflow || value < INT32_MIN || value > INT32_MAX) {
          throw std::overflow_error("round(): decimals " + std::string(py::str(decimals)) + " is too large");
        }
        return round(tensor_arg(x, "round", "input"), static_cast<int>(value));
      },
      py::arg("input"), py::arg("decimals") = 0);
  m.def(
      "nan_to_num",
      [](py::handle x, py::handle nan, py::handle posinf, py::handle neginf) {
        const double n = nan.is_none() ? 0.0 : number_arg(nan, "nan_to_num", "nan");
        return nan_to_num(tensor_arg(x, "nan_to_num", "input"), n,
                          optional_number(posinf, "nan_to_num", "posinf"),
                          optional_number(neginf, "nan_to_num", "neginf"));
      },
      py::arg("input"), py::arg("nan") = 0.0, py::arg("posinf") = py::none(), py::arg("neginf") = py::none());
}

void register_binary(py::module_& m) {
  def_binary(m, "maximum", &maximum, kTensors);
  def_binary(m, "minimum", &minimum, kTensors);
  def_binary(m, "fmax", &fmax, kTensors);
  def_binary(m, "fmin", &fmin, kTensors);
  def_binary(m, "atan2", &atan2, kTensors);
  def_binary(m, "hypot", &hypot, kTensors);
  def_binary(m, "floor_divide", &floor_divide, kBothNumbers);
  def_binary(m, "remainder", &remainder, kBothNumbers);
  def_binary(m, "fmod", &fmod, kOtherNumber);
  def_binary(m, "logical_and", &logical_and, kTensors);
  def_binary(m, "logical_or", &logical_or, kTensors);
  def_binary(m, "logical_xor", &logical_xor, kTensors);
  def_binary(m, "bitwise_and", &bitwise_and, kBothNumbers);
  def_binary(m, "bitwise_or", &bitwise_or, kBothNumbers);
  def_binary(m, "bitwise_xor", &bitwise_xor, kBothNumbers);
  def_binary(m, "mul", static_cast<Binary>(&mul), kBothNumbers);
  def_binary(m, "eq", &eq, kOtherNumber);
  def_binary(m, "ne", &ne, kOtherNumber);
  def_binary(m, "lt", &lt, kOtherNumber);
  def_binary(m, "le", &le, kOtherNumber);
  def_binary(m, "gt", &gt, kOtherNumber);
  def_binary(m, "ge", &ge, kOtherNumber);

  m.def(
      "pow",
      [](py::handle base, py::handle exponent) {
        if (is_tensor(base) && is_python_number(exponent)) {
          const Tensor& x = base.cast<const Tensor&>();
          // A floating-point base keeps its dtype whatever the number: the one-pass kernel.
          if (is_floating_point(x.dtype())) return pow(x, number_arg(exponent, "pow", "exponent"));
        }
        if (!is_tensor(base) && !is_tensor(exponent)) {
          throw type_error("pow(): at least one of 'input' and 'exponent' must be a Tensor, got " +
                           type_name(base) + " and " + type_name(exponent));
        }
        return pow(tensor_or_number(base, "pow", "input"), tensor_or_number(exponent, "pow", "exponent"));
      },
      py::arg("input"), py::arg("exponent"));
  m.def(
      "add",
      [](py::handle a, py::handle b, py::handle alpha) {
        const Tensor ta = tensor_or_number(a, "add", "input"), tb = tensor_or_number(b, "add", "other");
        return add(ta, tb, alpha_arg(alpha, ta, tb, "add"));
      },
      py::arg("input"), py::arg("other"), py::arg("alpha") = 1);
  m.def(
      "sub",
      [](py::handle a, py::handle b, py::handle alpha) {
        const Tensor ta = tensor_or_number(a, "sub", "input"), tb = tensor_or_number(b, "sub", "other");
        return sub(ta, tb, alpha_arg(alpha, ta, tb, "sub"));
      },
      py::arg("input"), py::arg("other"), py::arg("alpha") = 1);
  m.def(
      "div",
      [](py::handle a, py::handle b, py::handle mode) {
        const Tensor ta = tensor_or_number(a, "div", "input"), tb = tensor_or_number(b, "div", "other");
        return div(ta, tb, rounding_mode(mode));
      },
      py::arg("input"), py::arg("other"), py::arg("rounding_mode") = py::none());
  m.def(
      "lerp",
      [](py::handle start, py::handle end, py::handle weight) {
        const Tensor& s = tensor_arg(start, "lerp", "input");
        const Tensor& e = tensor_arg(end, "lerp", "end");
        if (is_tensor(weight)) return lerp(s, e, weight.cast<const Tensor&>());
        return lerp(s, e, number_arg(weight, "lerp", "weight"));
      },
      py::arg("input"), py::arg("end"), py::arg("weight"));
  m.def("clamp", &clamp_operands, py::arg("input"), py::arg("min") = py::none(), py::arg("max") = py::none());
  m.def(
      "where",
      [](py::handle condition, py::handle a, py::handle b) {
        return where(tensor_arg(condition, "where", "condition"), tensor_or_number(a, "where", "input"),
                     tensor_or_number(b, "where", "other"));
      },
      py::arg("condition"), py::arg("input"), py::arg("other"));
  m.def(
      "isclose",
      [](py::handle a, py::handle b, py::handle rtol, py::handle atol, py::handle equal_nan) {
        return isclose(tensor_arg(a, "isclose", "input"), tensor_arg(b, "isclose", "other"),
                       number_arg(rtol, "isclose", "rtol"), number_arg(atol, "isclose", "atol"),
                       bool_arg(equal_nan, "isclose", "equal_nan"));
      },
      py::arg("input"), py::arg("other"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08,
      py::arg("equal_nan") = false);
  m.def(
      "allclose",
      [](py::handle a, py::handle b, py::handle rtol, py::handle atol, py::handle equal_nan) {
        return allclose(tensor_arg(a, "allclose", "input"), tensor_arg(b, "allclose", "other"),
                        number_arg(rtol, "allclose", "rtol"), number_arg(atol, "allclose", "atol"),
                        bool_arg(equal_nan, "allclose", "equal_nan"));
      },
      py::arg("input"), py::arg("other"), py::arg("rtol") = 1e-05, py::arg("atol") = 1e-08,
      py::arg("equal_nan") = false);
  m.def(
      "equal",
      [](py::handle a, py::handle b) {
        return equal(tensor_arg(a, "equal", "input"), tensor_arg(b, "equal", "other"));
      },
      py::arg("input"), py::arg("other"));
}

void register_activations(py::module_& m) {
  m.def(
      "leaky_relu",
      [](py::handle x, py::handle slope) {
        return leaky_relu(tensor_arg(x, "leaky_relu", "input"),
                          number_arg(slope, "leaky_relu", "negative_slope"));
      },
      py::arg("input"), py::arg("negative_slope") = 0.01);
  m.def(
      "elu",
      [](py::handle x, py::handle alpha) {
        return elu(tensor_arg(x, "elu", "input"), number_arg(alpha, "elu", "alpha"));
      },
      py::arg("input"), py::arg("alpha") = 1.0);
  m.def(
      "celu",
      [](py::handle x, py::handle alpha) {
        return celu(tensor_arg(x, "celu", "input"), number_arg(alpha, "celu", "alpha"));
      },
      py::arg("input"), py::arg("alpha") = 1.0);
  m.def(
      "gelu",
      [](py::handle x, py::handle approximate) {
        const Tensor& t = tensor_arg(x, "gelu", "input");
        if (PyUnicode_Check(approximate.ptr())) {
          const std::string s = approximate.cast<std::string>();
          if (s == "none") return gelu(t, GeluApproximate::None);
          if (s == "tanh") return gelu(t, GeluApproximate::Tanh);
        }
        throw std::invalid_argument("gelu: approximate argument must be either 'none' or 'tanh', got " +
                                    std::string(py::repr(approximate)));
      },
      py::arg("input"), py::arg("approximate") = "none");
  m.def(
      "softplus",
      [](py::handle x, py::handle beta, py::handle threshold) {
        return softplus(tensor_arg(x, "softplus", "input"), number_arg(beta, "softplus", "beta"),
                        number_arg(threshold, "softplus", "threshold"));
      },
      py::arg("input"), py::arg("beta") = 1.0, py::arg("threshold") = 20.0);
  m.def(
      "hardtanh",
      [](py::handle x, py::handle lo, py::handle hi) {
        return hardtanh(tensor_arg(x, "hardtanh", "input"), number_arg(lo, "hardtanh", "min_val"),
                        number_arg(hi, "hardtanh", "max_val"));
      },
      py::arg("input"), py::arg("min_val") = -1.0, py::arg("max_val") = 1.0);
}

}  // namespace

void register_pointwise(py::module_& m) {
  register_unary(m);
  register_binary(m);
  register_activations(m);
}

}  // namespace tapegrad::py_bindings
