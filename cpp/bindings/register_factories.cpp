// Factories and random sampling as private module functions, and the Generator class;
// tapegrad/_factories.py and tapegrad/_random.py give them PyTorch's signatures. Conversion and
// validation only: the work is in cpp/src/ops/factories.cpp and random_ops.cpp.
#include <pybind11/stl.h>

#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/factories.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::type_name;

namespace {

// The size of a new tensor: a sequence of non-negative integers (Python unpacked the varargs).
Shape size_arg(py::handle size, const char* fn) {
  const std::vector<std::int64_t> dims = py_interop::shape_from_object(size);
  for (std::int64_t d : dims) {
    if (d < 0) {
      throw std::invalid_argument(std::string(fn) + ": negative dimension " + std::to_string(d) +
                                  " in the size " + std::string(py::str(py::tuple(py::cast(dims)))));
    }
  }
  if (dims.size() > static_cast<std::size_t>(Shape::kMaxDims)) {
    throw std::invalid_argument(std::string(fn) + ": tapegrad supports at most " +
                                std::to_string(Shape::kMaxDims) + " dimensions, got " +
                                std::to_string(dims.size()));
  }
  return Shape(dims.data(), static_cast<int>(dims.size()));
}

std::optional<DType> dtype_arg(py::handle dtype) {
  if (dtype.is_none()) return std::nullopt;
  return py_interop::dtype_from_object(dtype);
}

Generator& generator_arg(py::handle gen) {
  if (gen.is_none()) return default_generator();
  if (!py::isinstance<Generator>(gen)) {
    throw type_error("generator must be a tapegrad.Generator, not " + type_name(gen));
  }
  return gen.cast<Generator&>();
}

// A Python number (or a one-element tensor, or a NumPy scalar), kept exact when integral.
struct Number {
  enum Kind { Bool, Int, Float } kind = Int;
  std::int64_t i = 0;
  double d = 0.0;
};

Number number_arg(py::handle obj, const char* fn, const char* arg) {
  Number n;
  if (is_tensor(obj)) {
    const Tensor& t = obj.cast<const Tensor&>();
    if (t.numel() != 1) {
      throw std::invalid_argument(std::string(fn) + ": argument '" + arg +
                                  "' must be a number or a one-element tensor, got a tensor of shape " +
                                  t.shape().str());
    }
    return dispatch(t.dtype(), [&](auto zero) {
      using T = decltype(zero);
      const T v = *t.strided_data<T>();
      if constexpr (std::is_same_v<T, bool>) {
        n = {Number::Bool, v ? 1 : 0, v ? 1.0 : 0.0};
      } else if constexpr (std::is_integral_v<T>) {
        n = {Number::Int, static_cast<std::int64_t>(v), static_cast<double>(v)};
      } else {
        n = {Number::Float, 0, static_cast<double>(v)};
      }
      return n;
    });
  }
  if (PyBool_Check(obj.ptr()))
    return {Number::Bool, obj.ptr() == Py_True ? 1 : 0, obj.ptr() == Py_True ? 1.0 : 0.0};
  if (PyIndex_Check(obj.ptr())) {
    const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(obj.ptr()));
    if (!index) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (overflow) {
      throw std::overflow_error(std::string(fn) + ": argument '" + arg + "' " + std::string(py::str(obj)) +
                                " does not fit in int64");
    }
    return {Number::Int, static_cast<std::int64_t>(v), static_cast<double>(v)};
  }
  if (PyFloat_Check(obj.ptr()) || (PyNumber_Check(obj.ptr()) && !PyComplex_Check(obj.ptr()) &&
                                   py::hasattr(obj, "__float__") && !py::isinstance<py::str>(obj))) {
    return {Number::Float, 0, py::float_(py::reinterpret_borrow<py::object>(obj)).cast<double>()};
  }
  throw type_error(std::string(fn) + "(): argument '" + arg + "' must be a real number, not " +
                   type_name(obj));
}

std::int64_t int_arg(py::handle obj, const char* fn, const char* arg) {
  if (is_tensor(obj) && is_floating_point(obj.cast<const Tensor&>().dtype())) {
    throw type_error(std::string(fn) + "(): argument '" + arg +
                     "' must be an integer, not a floating-point tensor");
  }
  const Number n = number_arg(obj, fn, arg);
  if (n.kind == Number::Float) {
    throw type_error(std::string(fn) + "(): argument '" + arg + "' must be an integer, not float");
  }
  return n.i;
}

// The dtype PyTorch infers from a fill value: bool, int64 or the default floating type.
DType inferred_dtype(const Number& n) {
  if (n.kind == Number::Bool) return DType::Bool;
  return n.kind == Number::Int ? DType::Int64 : default_dtype();
}

Tensor full_value(const Shape& shape, const Number& value, DType dtype) {
  return value.kind == Number::Float ? full(shape, value.d, dtype) : full(shape, value.i, dtype);
}

py::object self_of(py::handle self) { return py::reinterpret_borrow<py::object>(self); }

std::uint64_t seed_arg(py::handle seed) {
  if (PyFloat_Check(seed.ptr()) || PyBool_Check(seed.ptr()) || !PyIndex_Check(seed.ptr())) {
    throw type_error("manual_seed expected an integer, but got " + type_name(seed));
  }
  const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(seed.ptr()));
  if (!index) throw py::error_already_set();
  // PyTorch's range: [-2^63, 2^64); a negative seed is taken modulo 2^64.
  int overflow = 0;
  const long long value = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (value == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow == 0) return static_cast<std::uint64_t>(value);
  if (overflow > 0) {
    const unsigned long long big = PyLong_AsUnsignedLongLong(index.ptr());
    if (!PyErr_Occurred()) return big;
    PyErr_Clear();
  }
  throw std::invalid_argument("manual_seed: the seed " + std::string(py::str(seed)) +
                              " is outside [-2**63, 2**64) (Overflow when unpacking long long)");
}

Tensor state_tensor(const std::vector<std::uint8_t>& state) {
  Tensor t = Tensor::empty(Shape{static_cast<std::int64_t>(state.size())}, DType::UInt8);
  std::memcpy(t.raw_data(), state.data(), state.size());
  return t;
}

std::vector<std::uint8_t> state_arg(py::handle state) {
  if (!is_tensor(state)) {
    throw type_error("set_state expected a tapegrad uint8 tensor (from get_state()), but got " +
                     type_name(state));
  }
  const Tensor t = state.cast<const Tensor&>().contiguous();
  if (t.dtype() != DType::UInt8) {
    throw type_error(std::string("RNG state must be a uint8 tensor (from get_state()), got ") +
                     dtype_name(t.dtype()));
  }
  const auto* p = static_cast<const std::uint8_t*>(t.raw_data());
  return std::vector<std::uint8_t>(p, p + t.numel());
}

void register_generator(py::module_& m) {
  py::class_<Generator, std::shared_ptr<Generator>>(m, "Generator",
                                                    "A seeded stream of random numbers (Philox4x32-10).")
      .def(py::init([](py::handle device) {
             py::module_::import("tapegrad._dtype").attr("_check_device")(device);
             return std::make_shared<Generator>();
           }),
           py::arg("device") = "cpu")
      .def(
          "manual_seed",
          [](py::handle self, py::handle seed) {
            self.cast<Generator&>().manual_seed(seed_arg(seed));
            return self_of(self);
          },
          py::arg("seed"))
      .def("seed", [](Generator& g) { return g.seed(); })
      .def("initial_seed", [](const Generator& g) { return g.initial_seed(); })
      .def("get_state", [](const Generator& g) { return state_tensor(g.get_state()); })
      .def(
          "set_state",
          [](py::handle self, py::handle state) {
            self.cast<Generator&>().set_state(state_arg(state));
            return self_of(self);
          },
          py::arg("new_state"))
      .def_property_readonly(
          "device", [](const Generator&) { return py::module_::import("tapegrad._dtype").attr("_CPU"); });
  // The default generator, never destroyed (as in C++): one Python object for it.
  m.def("_default_generator", [] {
    // Leaked: it must outlive the interpreter's teardown of the module.
    static py::object* gen =
        new py::object(py::cast(std::shared_ptr<Generator>(&default_generator(), [](Generator*) {})));
    return *gen;
  });
}

void register_sizes(py::module_& m) {
  m.def("_empty", [](py::handle size, py::handle dtype) {
    return empty(size_arg(size, "empty"), dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_zeros", [](py::handle size, py::handle dtype) {
    return zeros(size_arg(size, "zeros"), dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_ones", [](py::handle size, py::handle dtype) {
    return ones(size_arg(size, "ones"), dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_full", [](py::handle size, py::handle value, py::handle dtype) {
    const Number v = number_arg(value, "full", "fill_value");
    return full_value(size_arg(size, "full"), v, dtype_arg(dtype).value_or(inferred_dtype(v)));
  });
  m.def("_empty_strided", [](py::handle size, py::handle stride, py::handle dtype) {
    return empty_strided(size_arg(size, "empty_strided"), py_interop::shape_from_object(stride),
                         dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_empty_like", [](py::handle x, py::handle dtype) {
    return empty_like(py_interop::tensor_arg(x, "empty_like", "input"), dtype_arg(dtype));
  });
  m.def("_zeros_like", [](py::handle x, py::handle dtype) {
    return zeros_like(py_interop::tensor_arg(x, "zeros_like", "input"), dtype_arg(dtype));
  });
  m.def("_ones_like", [](py::handle x, py::handle dtype) {
    return ones_like(py_interop::tensor_arg(x, "ones_like", "input"), dtype_arg(dtype));
  });
  m.def("_full_like", [](py::handle x, py::handle value, py::handle dtype) {
    const Tensor& t = py_interop::tensor_arg(x, "full_like", "input");
    return full_value(t.shape(), number_arg(value, "full_like", "fill_value"),
                      dtype_arg(dtype).value_or(t.dtype()));
  });
}

void register_ranges(py::module_& m) {
  m.def("_arange", [](py::handle start, py::handle end, py::handle step, py::handle dtype) {
    const Number a = number_arg(start, "arange", "start"), b = number_arg(end, "arange", "end"),
                 s = number_arg(step, "arange", "step");
    const bool integral = a.kind != Number::Float && b.kind != Number::Float && s.kind != Number::Float;
    if (integral) return arange(a.i, b.i, s.i, dtype_arg(dtype).value_or(DType::Int64));
    return arange(a.d, b.d, s.d, dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_linspace", [](py::handle start, py::handle end, py::handle steps, py::handle dtype) {
    return linspace(number_arg(start, "linspace", "start").d, number_arg(end, "linspace", "end").d,
                    int_arg(steps, "linspace", "steps"), dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_logspace",
        [](py::handle start, py::handle end, py::handle steps, py::handle base, py::handle dtype) {
          return logspace(number_arg(start, "logspace", "start").d, number_arg(end, "logspace", "end").d,
                          int_arg(steps, "logspace", "steps"), number_arg(base, "logspace", "base").d,
                          dtype_arg(dtype).value_or(default_dtype()));
        });
  m.def("_eye", [](py::handle n, py::handle cols, py::handle dtype) {
    std::optional<std::int64_t> m_;
    if (!cols.is_none()) m_ = int_arg(cols, "eye", "m");
    return eye(int_arg(n, "eye", "n"), m_, dtype_arg(dtype).value_or(default_dtype()));
  });
  m.def("_tri_indices", [](bool lower, py::handle row, py::handle col, py::handle offset, py::handle dtype) {
    const char* fn = lower ? "tril_indices" : "triu_indices";
    const std::int64_t r = int_arg(row, fn, "row"), c = int_arg(col, fn, "col"),
                       o = int_arg(offset, fn, "offset");
    const DType dt = dtype_arg(dtype).value_or(DType::Int64);
    return lower ? tril_indices(r, c, o, dt) : triu_indices(r, c, o, dt);
  });
}

void register_sampling(py::module_& m) {
  m.def("_rand", [](py::handle size, py::handle dtype, py::handle gen) {
    return rand(size_arg(size, "rand"), dtype_arg(dtype).value_or(default_dtype()), generator_arg(gen));
  });
  m.def("_randn", [](py::handle size, py::handle dtype, py::handle gen) {
    return randn(size_arg(size, "randn"), dtype_arg(dtype).value_or(default_dtype()), generator_arg(gen));
  });
  m.def("_randint", [](py::handle low, py::handle high, py::handle size, py::handle dtype, py::handle gen) {
    return randint(int_arg(low, "randint", "low"), int_arg(high, "randint", "high"),
                   size_arg(size, "randint"), dtype_arg(dtype).value_or(DType::Int64), generator_arg(gen));
  });
  m.def("_randperm", [](py::handle n, py::handle dtype, py::handle gen) {
    return randperm(int_arg(n, "randperm", "n"), dtype_arg(dtype).value_or(DType::Int64), generator_arg(gen));
  });
  m.def("_normal", [](py::handle mean, py::handle std_, py::handle size, py::handle dtype, py::handle gen) {
    Generator& g = generator_arg(gen);
    const bool tmean = is_tensor(mean), tstd = is_tensor(std_);
    if (tmean && tstd) return normal(mean.cast<const Tensor&>(), std_.cast<const Tensor&>(), g);
    if (tmean) return normal(mean.cast<const Tensor&>(), number_arg(std_, "normal", "std").d, g);
    if (tstd) return normal(number_arg(mean, "normal", "mean").d, std_.cast<const Tensor&>(), g);
    return normal(number_arg(mean, "normal", "mean").d, number_arg(std_, "normal", "std").d,
                  size_arg(size, "normal"), dtype_arg(dtype).value_or(default_dtype()), g);
  });
  m.def("_bernoulli", [](py::handle input, py::handle p, py::handle gen) {
    const Tensor& x = py_interop::tensor_arg(input, "bernoulli", "input");
    if (p.is_none()) return bernoulli(x, generator_arg(gen));
    return bernoulli(x, number_arg(p, "bernoulli", "p").d, generator_arg(gen));
  });
  m.def("_multinomial", [](py::handle input, py::handle n, bool replacement, py::handle gen) {
    const Tensor& x = py_interop::tensor_arg(input, "multinomial", "input");
    return multinomial(x, int_arg(n, "multinomial", "num_samples"), replacement, generator_arg(gen));
  });
  m.def("_rand_like", [](py::handle x, py::handle dtype, py::handle gen) {
    return rand_like(py_interop::tensor_arg(x, "rand_like", "input"), dtype_arg(dtype), generator_arg(gen));
  });
  m.def("_randn_like", [](py::handle x, py::handle dtype, py::handle gen) {
    return randn_like(py_interop::tensor_arg(x, "randn_like", "input"), dtype_arg(dtype), generator_arg(gen));
  });
  m.def("_randint_like", [](py::handle x, py::handle low, py::handle high, py::handle dtype, py::handle gen) {
    return randint_like(py_interop::tensor_arg(x, "randint_like", "input"),
                        int_arg(low, "randint_like", "low"), int_arg(high, "randint_like", "high"),
                        dtype_arg(dtype), generator_arg(gen));
  });

  // In place: each returns the tensor itself (the same Python object).
  m.def("_uniform_", [](py::handle self, py::handle from, py::handle to, py::handle gen) {
    uniform_(self.cast<Tensor&>(), number_arg(from, "uniform_", "from").d, number_arg(to, "uniform_", "to").d,
             generator_arg(gen));
    return self_of(self);
  });
  m.def("_normal_", [](py::handle self, py::handle mean, py::handle std_, py::handle gen) {
    normal_(self.cast<Tensor&>(), number_arg(mean, "normal_", "mean").d, number_arg(std_, "normal_", "std").d,
            generator_arg(gen));
    return self_of(self);
  });
  m.def("_random_", [](py::handle self, py::handle from, py::handle to, py::handle gen) {
    std::optional<std::int64_t> upper;
    if (!to.is_none()) upper = int_arg(to, "random_", "to");
    random_(self.cast<Tensor&>(), int_arg(from, "random_", "from"), upper, generator_arg(gen));
    return self_of(self);
  });
  m.def("_bernoulli_", [](py::handle self, py::handle p, py::handle gen) {
    if (is_tensor(p)) {
      bernoulli_(self.cast<Tensor&>(), p.cast<const Tensor&>(), generator_arg(gen));
    } else {
      bernoulli_(self.cast<Tensor&>(), number_arg(p, "bernoulli_", "p").d, generator_arg(gen));
    }
    return self_of(self);
  });
  m.def("_exponential_", [](py::handle self, py::handle lambd, py::handle gen) {
    exponential_(self.cast<Tensor&>(), number_arg(lambd, "exponential_", "lambd").d, generator_arg(gen));
    return self_of(self);
  });
}

}  // namespace

void register_factories(py::module_& m) {
  register_generator(m);
  register_sizes(m);
  register_ranges(m);
  register_sampling(m);
}

}  // namespace tapegrad::py_bindings
