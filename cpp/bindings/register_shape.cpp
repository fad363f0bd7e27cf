// Shape ops and matrix products as module functions; tapegrad/_shape.py gives them PyTorch's
// signatures and makes them Tensor methods. Conversion and validation only: every argument is
// taken as a py::handle and converted here, so a wrong type gets a message in PyTorch's words
// ("squeeze(): argument 'dim' must be int, not float") rather than pybind11's signature dump.
#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/linalg.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/shape_ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;
using py_interop::tensor_arg;
using py_interop::type_name;

namespace {

[[noreturn]] void throw_arg_type(const char* fn, const char* arg, const char* expected, py::handle obj) {
  throw type_error(std::string(fn) + "(): argument '" + arg + "' must be " + expected + ", not " +
                   type_name(obj));
}

bool is_integer(py::handle h) { return !PyBool_Check(h.ptr()) && PyIndex_Check(h.ptr()); }

bool is_sequence(py::handle h) { return PyList_Check(h.ptr()) || PyTuple_Check(h.ptr()); }

// An integer argument (anything with __index__ but bool, as PyTorch takes them).
std::int64_t int_arg(py::handle h, const char* fn, const char* arg) {
  if (!is_integer(h)) throw_arg_type(fn, arg, "int", h);
  const auto index = py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr()));
  if (!index) throw py::error_already_set();
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(index.ptr(), &overflow);
  if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
  if (overflow) {
    throw std::overflow_error(std::string(fn) + "(): argument '" + arg + "' (" + std::string(py::str(h)) +
                              ") does not fit in int64");
  }
  return static_cast<std::int64_t>(v);
}

// A dimension: an integer; one beyond any tensor's dimensions is out of range.
int dim_arg(py::handle h, const char* fn, const char* arg) {
  const std::int64_t v = int_arg(h, fn, arg);
  if (v < -Shape::kMaxDims - 1 || v > Shape::kMaxDims) {
    throw std::out_of_range(std::string(fn) + "(): Dimension out of range (got " + std::to_string(v) + ")");
  }
  return static_cast<int>(v);
}

// One integer or a sequence of them (a tuple, a list or a Size).
std::vector<std::int64_t> ints_arg(py::handle h, const char* fn, const char* arg) {
  if (is_integer(h)) return {int_arg(h, fn, arg)};
  if (!is_sequence(h)) throw_arg_type(fn, arg, "tuple of ints", h);
  std::vector<std::int64_t> out;
  for (py::handle item : py::reinterpret_borrow<py::sequence>(h)) out.push_back(int_arg(item, fn, arg));
  return out;
}

std::vector<int> dims_arg(py::handle h, const char* fn, const char* arg) {
  if (is_integer(h)) return {dim_arg(h, fn, arg)};
  if (!is_sequence(h)) throw_arg_type(fn, arg, "tuple of ints", h);
  std::vector<int> out;
  for (py::handle item : py::reinterpret_borrow<py::sequence>(h)) out.push_back(dim_arg(item, fn, arg));
  return out;
}

// A sequence of Tensors (a tuple or a list), as torch.cat takes them.
std::vector<Tensor> tensors_arg(py::handle h, const char* fn) {
  if (!is_sequence(h)) throw_arg_type(fn, "tensors", "tuple of Tensors", h);
  std::vector<Tensor> out;
  std::size_t i = 0;
  for (py::handle item : py::reinterpret_borrow<py::sequence>(h)) {
    if (!is_tensor(item)) {
      throw type_error(std::string(fn) + "(): expected Tensor as element " + std::to_string(i) +
                       " in argument 'tensors', but got " + type_name(item));
    }
    out.push_back(item.cast<Tensor>());
    ++i;
  }
  return out;
}

py::list tensor_list(std::vector<Tensor> tensors) {
  py::list out;
  for (Tensor& t : tensors) out.append(py::cast(std::move(t)));
  return out;
}

// The product with the GIL released when it is long enough for another thread to use the time.
template <class F>
Tensor product(const Tensor& a, const Tensor& b, F f) {
  const std::int64_t inner = a.ndim() ? a.shape()[a.ndim() - 1] : 1;
  const std::int64_t cols = b.ndim() >= 2 ? b.shape()[b.ndim() - 1] : 1;
  const std::int64_t rows = a.ndim() ? a.numel() / std::max<std::int64_t>(inner, 1) : 1;
  const std::int64_t batch =
      b.ndim() > 2 ? b.numel() / std::max<std::int64_t>(b.shape()[b.ndim() - 2] * cols, 1) : 1;
  const double work = static_cast<double>(rows) * static_cast<double>(inner) * static_cast<double>(cols) *
                      static_cast<double>(batch);
  std::optional<py::gil_scoped_release> no_gil;
  if (worth_releasing_gil(work > 1e18 ? std::int64_t{1} << 62 : static_cast<std::int64_t>(work)))
    no_gil.emplace();
  return f(a, b);
}

}  // namespace

Tensor matmul_releasing_gil(const Tensor& a, const Tensor& b) {
  return product(a, b, [](const Tensor& x, const Tensor& y) { return matmul(x, y); });
}

void register_shape(py::module_& m) {
  // ---- views
  m.def(
      "view",
      [](py::handle x, py::handle shape) {
        return view(tensor_arg(x, "view", "input"), ints_arg(shape, "view", "size"));
      },
      py::arg("input"), py::arg("size"));
  m.def(
      "reshape",
      [](py::handle x, py::handle shape) {
        return reshape(tensor_arg(x, "reshape", "input"), ints_arg(shape, "reshape", "shape"));
      },
      py::arg("input"), py::arg("shape"));
  m.def(
      "flatten",
      [](py::handle x, py::handle start, py::handle end) {
        return flatten(tensor_arg(x, "flatten", "input"), dim_arg(start, "flatten", "start_dim"),
                       dim_arg(end, "flatten", "end_dim"));
      },
      py::arg("input"), py::arg("start_dim") = 0, py::arg("end_dim") = -1);
  m.def(
      "unflatten",
      [](py::handle x, py::handle dim, py::handle sizes) {
        return unflatten(tensor_arg(x, "unflatten", "input"), dim_arg(dim, "unflatten", "dim"),
                         ints_arg(sizes, "unflatten", "sizes"));
      },
      py::arg("input"), py::arg("dim"), py::arg("sizes"));
  m.def(
      "squeeze",
      [](py::handle x, py::handle dim) {
        const Tensor& t = tensor_arg(x, "squeeze", "input");
        return dim.is_none() ? squeeze(t) : squeeze(t, dims_arg(dim, "squeeze", "dim"));
      },
      py::arg("input"), py::arg("dim") = py::none());
  m.def(
      "unsqueeze",
      [](py::handle x, py::handle dim) {
        return unsqueeze(tensor_arg(x, "unsqueeze", "input"), dim_arg(dim, "unsqueeze", "dim"));
      },
      py::arg("input"), py::arg("dim"));
  m.def(
      "permute",
      [](py::handle x, py::handle dims) {
        return permute(tensor_arg(x, "permute", "input"), dims_arg(dims, "permute", "dims"));
      },
      py::arg("input"), py::arg("dims"));
  m.def(
      "transpose",
      [](py::handle x, py::handle dim0, py::handle dim1) {
        return transpose(tensor_arg(x, "transpose", "input"), dim_arg(dim0, "transpose", "dim0"),
                         dim_arg(dim1, "transpose", "dim1"));
      },
      py::arg("input"), py::arg("dim0"), py::arg("dim1"));
  m.def("t", [](py::handle x) { return t(tensor_arg(x, "t", "input")); }, py::arg("input"));
  m.def("_numpy_T", [](py::handle x) { return numpy_T(tensor_arg(x, "T", "input")); }, py::arg("input"));
  m.def("_mT", [](py::handle x) { return mT(tensor_arg(x, "mT", "input")); }, py::arg("input"));
  m.def(
      "movedim",
      [](py::handle x, py::handle source, py::handle destination) {
        return movedim(tensor_arg(x, "movedim", "input"), dims_arg(source, "movedim", "source"),
                       dims_arg(destination, "movedim", "destination"));
      },
      py::arg("input"), py::arg("source"), py::arg("destination"));
  m.def(
      "expand",
      [](py::handle x, py::handle sizes) {
        return expand(tensor_arg(x, "expand", "input"), ints_arg(sizes, "expand", "size"));
      },
      py::arg("input"), py::arg("size"));
  m.def(
      "broadcast_to",
      [](py::handle x, py::handle shape) {
        return broadcast_to(tensor_arg(x, "broadcast_to", "input"), ints_arg(shape, "broadcast_to", "size"));
      },
      py::arg("input"), py::arg("size"));
  m.def(
      "narrow",
      [](py::handle x, py::handle dim, py::handle start, py::handle length) {
        return narrow(tensor_arg(x, "narrow", "input"), dim_arg(dim, "narrow", "dim"),
                      int_arg(start, "narrow", "start"), int_arg(length, "narrow", "length"));
      },
      py::arg("input"), py::arg("dim"), py::arg("start"), py::arg("length"));
  m.def(
      "unbind",
      [](py::handle x, py::handle dim) {
        return tensor_list(unbind(tensor_arg(x, "unbind", "input"), dim_arg(dim, "unbind", "dim")));
      },
      py::arg("input"), py::arg("dim") = 0);
  m.def(
      "split",
      [](py::handle x, py::handle split, py::handle dim) {
        const Tensor& t = tensor_arg(x, "split", "tensor");
        const int d = dim_arg(dim, "split", "dim");
        if (is_integer(split))
          return tensor_list(tapegrad::split(t, int_arg(split, "split", "split_size"), d));
        return tensor_list(split_with_sizes(t, ints_arg(split, "split", "split_size_or_sections"), d));
      },
      py::arg("tensor"), py::arg("split_size_or_sections"), py::arg("dim") = 0);
  m.def(
      "chunk",
      [](py::handle x, py::handle chunks, py::handle dim) {
        return tensor_list(chunk(tensor_arg(x, "chunk", "input"), int_arg(chunks, "chunk", "chunks"),
                                 dim_arg(dim, "chunk", "dim")));
      },
      py::arg("input"), py::arg("chunks"), py::arg("dim") = 0);
  m.def(
      "tensor_split",
      [](py::handle x, py::handle sections, py::handle dim) {
        const Tensor& t = tensor_arg(x, "tensor_split", "input");
        const int d = dim_arg(dim, "tensor_split", "dim");
        if (is_integer(sections)) {
          return tensor_list(tensor_split(t, int_arg(sections, "tensor_split", "sections"), d));
        }
        return tensor_list(tensor_split_indices(t, ints_arg(sections, "tensor_split", "indices"), d));
      },
      py::arg("input"), py::arg("indices_or_sections"), py::arg("dim") = 0);
  m.def(
      "diagonal",
      [](py::handle x, py::handle offset, py::handle dim1, py::handle dim2) {
        return diagonal(tensor_arg(x, "diagonal", "input"), int_arg(offset, "diagonal", "offset"),
                        dim_arg(dim1, "diagonal", "dim1"), dim_arg(dim2, "diagonal", "dim2"));
      },
      py::arg("input"), py::arg("offset") = 0, py::arg("dim1") = 0, py::arg("dim2") = 1);
  m.def(
      "as_strided",
      [](py::handle x, py::handle size, py::handle stride, py::handle offset) {
        std::optional<std::int64_t> start;
        if (!offset.is_none()) start = int_arg(offset, "as_strided", "storage_offset");
        return as_strided(tensor_arg(x, "as_strided", "input"), ints_arg(size, "as_strided", "size"),
                          ints_arg(stride, "as_strided", "stride"), start);
      },
      py::arg("input"), py::arg("size"), py::arg("stride"), py::arg("storage_offset") = py::none());
  m.def(
      "atleast_1d", [](py::handle x) { return atleast_1d(tensor_arg(x, "atleast_1d", "input")); },
      py::arg("input"));
  m.def(
      "atleast_2d", [](py::handle x) { return atleast_2d(tensor_arg(x, "atleast_2d", "input")); },
      py::arg("input"));
  m.def(
      "atleast_3d", [](py::handle x) { return atleast_3d(tensor_arg(x, "atleast_3d", "input")); },
      py::arg("input"));

  // ---- copies
  m.def(
      "cat",
      [](py::handle ts, py::handle dim) { return cat(tensors_arg(ts, "cat"), dim_arg(dim, "cat", "dim")); },
      py::arg("tensors"), py::arg("dim") = 0);
  m.def(
      "stack",
      [](py::handle ts, py::handle dim) {
        return stack(tensors_arg(ts, "stack"), dim_arg(dim, "stack", "dim"));
      },
      py::arg("tensors"), py::arg("dim") = 0);
  m.def("hstack", [](py::handle ts) { return hstack(tensors_arg(ts, "hstack")); }, py::arg("tensors"));
  m.def("vstack", [](py::handle ts) { return vstack(tensors_arg(ts, "vstack")); }, py::arg("tensors"));
  m.def("dstack", [](py::handle ts) { return dstack(tensors_arg(ts, "dstack")); }, py::arg("tensors"));
  m.def(
      "repeat",
      [](py::handle x, py::handle repeats) {
        return repeat(tensor_arg(x, "repeat", "input"), ints_arg(repeats, "repeat", "repeats"));
      },
      py::arg("input"), py::arg("repeats"));
  m.def(
      "tile",
      [](py::handle x, py::handle dims) {
        return tile(tensor_arg(x, "tile", "input"), ints_arg(dims, "tile", "dims"));
      },
      py::arg("input"), py::arg("dims"));
  m.def(
      "flip",
      [](py::handle x, py::handle dims) {
        return flip(tensor_arg(x, "flip", "input"), dims_arg(dims, "flip", "dims"));
      },
      py::arg("input"), py::arg("dims"));
  m.def(
      "roll",
      [](py::handle x, py::handle shifts, py::handle dims) {
        return roll(tensor_arg(x, "roll", "input"), ints_arg(shifts, "roll", "shifts"),
                    dims.is_none() ? std::vector<int>{} : dims_arg(dims, "roll", "dims"));
      },
      py::arg("input"), py::arg("shifts"), py::arg("dims") = py::none());
  m.def(
      "tril",
      [](py::handle x, py::handle diagonal) {
        return tril(tensor_arg(x, "tril", "input"), int_arg(diagonal, "tril", "diagonal"));
      },
      py::arg("input"), py::arg("diagonal") = 0);
  m.def(
      "triu",
      [](py::handle x, py::handle diagonal) {
        return triu(tensor_arg(x, "triu", "input"), int_arg(diagonal, "triu", "diagonal"));
      },
      py::arg("input"), py::arg("diagonal") = 0);

  // ---- products
  m.def(
      "matmul", [](py::handle a, py::handle b) { return matmul_releasing_gil(as_tensor(a), as_tensor(b)); },
      py::arg("input"), py::arg("other"));
  m.def(
      "mm",
      [](py::handle a, py::handle b) {
        return product(tensor_arg(a, "mm", "input"), tensor_arg(b, "mm", "mat2"),
                       [](const Tensor& x, const Tensor& y) { return mm(x, y); });
      },
      py::arg("input"), py::arg("mat2"));
  m.def(
      "bmm",
      [](py::handle a, py::handle b) {
        return product(tensor_arg(a, "bmm", "input"), tensor_arg(b, "bmm", "mat2"),
                       [](const Tensor& x, const Tensor& y) { return bmm(x, y); });
      },
      py::arg("input"), py::arg("mat2"));
  m.def(
      "mv",
      [](py::handle a, py::handle v) {
        return product(tensor_arg(a, "mv", "input"), tensor_arg(v, "mv", "vec"),
                       [](const Tensor& x, const Tensor& y) { return mv(x, y); });
      },
      py::arg("input"), py::arg("vec"));
  m.def(
      "dot",
      [](py::handle a, py::handle b) {
        return dot(tensor_arg(a, "dot", "input"), tensor_arg(b, "dot", "tensor"));
      },
      py::arg("input"), py::arg("tensor"));
  m.def(
      "vdot",
      [](py::handle a, py::handle b) {
        return vdot(tensor_arg(a, "vdot", "input"), tensor_arg(b, "vdot", "other"));
      },
      py::arg("input"), py::arg("other"));
  m.def(
      "outer",
      [](py::handle a, py::handle b) {
        return outer(tensor_arg(a, "outer", "input"), tensor_arg(b, "outer", "vec2"));
      },
      py::arg("input"), py::arg("vec2"));
  m.def(
      "inner",
      [](py::handle a, py::handle b) {
        return product(tensor_arg(a, "inner", "input"), tensor_arg(b, "inner", "other"),
                       [](const Tensor& x, const Tensor& y) { return inner(x, y); });
      },
      py::arg("input"), py::arg("other"));
}

}  // namespace tapegrad::py_bindings
