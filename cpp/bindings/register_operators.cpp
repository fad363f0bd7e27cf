// Tensor's Python operators: + - * / ** // % & | ^ and their in-place and reflected forms, unary
// minus, ~, abs() and @. The binary ones are the CPython number slots themselves: pybind11's
// generic dispatcher costs more than the whole op on a one-element tensor.
#include <array>
#include <utility>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/comparison.hpp"
#include "tapegrad/ops.hpp"
#include "tapegrad/pointwise.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;
using py_interop::is_python_number;
using py_interop::wrapped_number;

namespace {

bool is_array_like(PyObject* o) {
  if (PyUnicode_Check(o) || PyBytes_Check(o)) return false;
  return py::isinstance<py::array>(o) || PySequence_Check(o) || PyObject_CheckBuffer(o);
}

// Each operator: the tensor-tensor op, and the tensor-number op of a floating-point tensor (the
// number cannot change its dtype, so one affine pass does it). Numbers with integer and bool
// tensors are wrapped as PyTorch wraps them, and promote.
struct AddOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return add(a, b); }
  static Tensor apply(const Tensor& a, double s) { return a + s; }
  static Tensor apply(double s, const Tensor& a) { return s + a; }
  static Tensor& apply_(Tensor& x, const Tensor& other) { return add_(x, other); }
};
struct SubOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return sub(a, b, 1.0); }  // refuses bool operands
  static Tensor apply(const Tensor& a, double s) { return a - s; }
  static Tensor apply(double s, const Tensor& a) { return s - a; }
  static Tensor& apply_(Tensor& x, const Tensor& other) { return sub_(x, other); }
};
struct MulOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return mul(a, b); }
  static Tensor apply(const Tensor& a, double s) { return a * s; }
  static Tensor apply(double s, const Tensor& a) { return s * a; }
  static Tensor& apply_(Tensor& x, const Tensor& other) { return mul_(x, other); }
};
struct DivOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return div(a, b); }
  static Tensor apply(const Tensor& a, double s) { return a / s; }
  static Tensor apply(double s, const Tensor& a) { return s / a; }
  static Tensor& apply_(Tensor& x, const Tensor& other) { return div_(x, other); }
};

// A Python float as PyTorch wraps it, for the number forms of ops without a one-pass scalar
// kernel: it never changes a floating-point tensor's dtype.
Tensor wrapped_double(double s) {
  Tensor t = Tensor::scalar(s, default_dtype());
  t.impl()->wrapped_number = true;
  return t;
}

// ** // % & | ^ : each number form wraps the number (an integer tensor with a Python int stays
// integer: 2 ** x, x // 2, x & 1; a negative integer power of an integer tensor raises).
struct PowOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return pow(a, b); }
  static Tensor apply(const Tensor& a, double s) { return pow(a, s); }
  static Tensor apply(double s, const Tensor& a) { return pow(wrapped_double(s), a); }
  static Tensor& apply_(Tensor& x, const Tensor& other) {
    return tapegrad::apply_(x, "pow_", {&other}, [&other](const Tensor& t) { return pow(t, other); });
  }
};
template <Tensor (*F)(const Tensor&, const Tensor&), const char* kInPlace>
struct WrappedOp {
  static Tensor apply(const Tensor& a, const Tensor& b) { return F(a, b); }
  static Tensor apply(const Tensor& a, double s) { return F(a, wrapped_double(s)); }
  static Tensor apply(double s, const Tensor& a) { return F(wrapped_double(s), a); }
  static Tensor& apply_(Tensor& x, const Tensor& other) {
    return tapegrad::apply_(x, kInPlace, {&other}, [&other](const Tensor& t) { return F(t, other); });
  }
};
constexpr char kFloorDivide[] = "floor_divide_";
constexpr char kRemainder[] = "remainder_";
constexpr char kAnd[] = "bitwise_and_";
constexpr char kOr[] = "bitwise_or_";
constexpr char kXor[] = "bitwise_xor_";
using FloorDivideOp = WrappedOp<&floor_divide, kFloorDivide>;
using RemainderOp = WrappedOp<&remainder, kRemainder>;
using AndOp = WrappedOp<&bitwise_and, kAnd>;
using OrOp = WrappedOp<&bitwise_or, kOr>;
using XorOp = WrappedOp<&bitwise_xor, kXor>;

// lhs op rhs where at least one side is a Tensor and the other a Tensor, a Python number or
// array-like data; NotImplemented for anything else, so Python tries the other operand or
// raises TypeError.
template <class Op>
PyObject* arithmetic(PyObject* lhs, PyObject* rhs) noexcept {
  try {
    const bool left = is_tensor(lhs);
    if (left && is_tensor(rhs)) return wrap(Op::apply(tensor_of(lhs), tensor_of(rhs)));
    const Tensor& self = tensor_of(left ? lhs : rhs);
    PyObject* other = left ? rhs : lhs;
    if (is_python_number(other)) {
      // A Python bool is wrapped, never treated as 1.0: float_tensor - True raises, as PyTorch.
      if (is_floating_point(self.dtype()) && !PyBool_Check(other)) {
        const double s = PyFloat_AsDouble(other);
        if (s == -1.0 && PyErr_Occurred()) return nullptr;  // an int too large for a double
        return wrap(left ? Op::apply(self, s) : Op::apply(s, self));
      }
      const Tensor number = wrapped_number(other);
      return wrap(left ? Op::apply(self, number) : Op::apply(number, self));
    }
    if (!is_array_like(other)) Py_RETURN_NOTIMPLEMENTED;
    const Tensor constant = as_tensor(other);
    return wrap(left ? Op::apply(self, constant) : Op::apply(constant, self));
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// x op= other: x's own memory changes and x (the same object) is the result, as in PyTorch.
template <class Op>
PyObject* inplace(PyObject* self, PyObject* other) noexcept {
  try {
    if (!is_tensor(self)) Py_RETURN_NOTIMPLEMENTED;
    Tensor operand;
    if (is_tensor(other)) {
      operand = tensor_of(other);
    } else if (is_python_number(other)) {
      operand = wrapped_number(other);
    } else if (is_array_like(other)) {
      operand = as_tensor(other);
    } else {
      Py_RETURN_NOTIMPLEMENTED;
    }
    Op::apply_(tensor_of(self), operand);
    Py_INCREF(self);
    return self;
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// a < b, a == b, ...: elementwise bool tensors. Anything that is not a tensor, number or
// array-like compares as Python objects do (== is identity, < raises TypeError).
PyObject* rich_compare(PyObject* lhs, PyObject* rhs, int op) noexcept {
  try {
    Tensor other;
    if (is_tensor(rhs)) {
      other = tensor_of(rhs);
    } else if (is_python_number(rhs)) {
      other = wrapped_number(rhs);
    } else if (is_array_like(rhs)) {
      other = as_tensor(rhs);
    } else {
      Py_RETURN_NOTIMPLEMENTED;
    }
    const Tensor& self = tensor_of(lhs);
    switch (op) {
      case Py_EQ: return wrap(eq(self, other));
      case Py_NE: return wrap(ne(self, other));
      case Py_LT: return wrap(lt(self, other));
      case Py_LE: return wrap(le(self, other));
      case Py_GT: return wrap(gt(self, other));
      case Py_GE: return wrap(ge(self, other));
      default: Py_RETURN_NOTIMPLEMENTED;
    }
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// hash(t) == id(t), as in PyTorch.
Py_hash_t identity_hash(PyObject* self) noexcept {
  const auto h = static_cast<Py_hash_t>(reinterpret_cast<std::uintptr_t>(self));
  return h == -1 ? -2 : h;
}

PyObject* negative(PyObject* self) noexcept {
  try {
    return wrap(neg(tensor_of(self)));
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// ~x: logical not of a bool tensor, bitwise not of an integer one (floating point raises).
PyObject* invert(PyObject* self) noexcept {
  try {
    return wrap(bitwise_not(tensor_of(self)));
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

PyObject* absolute(PyObject* self) noexcept {
  try {
    return wrap(abs(tensor_of(self)));
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// x ** y and x **= y: the number slots take a third argument, pow()'s modulus, which tensors do
// not support (NotImplemented, so Python raises TypeError).
PyObject* power(PyObject* lhs, PyObject* rhs, PyObject* modulus) noexcept {
  if (modulus != Py_None) Py_RETURN_NOTIMPLEMENTED;
  return arithmetic<PowOp>(lhs, rhs);
}
PyObject* inplace_power(PyObject* self, PyObject* other, PyObject* modulus) noexcept {
  if (modulus != Py_None) Py_RETURN_NOTIMPLEMENTED;
  return inplace<PowOp>(self, other);
}

// __op__, __rop__ and __iop__ as visible methods, sharing the slots' code.
py::object checked(PyObject* result) {
  if (!result) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(result);
}

template <class Op>
void def_arithmetic(TensorClass& cls, const char* name, const char* reflected, const char* in_place) {
  cls.def(
      name,
      [](py::handle self, py::handle other) { return checked(arithmetic<Op>(self.ptr(), other.ptr())); },
      py::is_operator());
  cls.def(
      reflected,
      [](py::handle self, py::handle other) { return checked(arithmetic<Op>(other.ptr(), self.ptr())); },
      py::is_operator());
  cls.def(in_place,
          [](py::handle self, py::handle other) { return checked(inplace<Op>(self.ptr(), other.ptr())); });
}

// Points the type's number slots straight at the operators (after the methods are defined:
// defining a method resets its slot).
void install_number_slots(TensorClass& cls) {
  PyTypeObject* type = cls.type();
  PyNumberMethods* number = type->tp_as_number;
  number->nb_add = &arithmetic<AddOp>;
  number->nb_subtract = &arithmetic<SubOp>;
  number->nb_multiply = &arithmetic<MulOp>;
  number->nb_true_divide = &arithmetic<DivOp>;
  number->nb_inplace_add = &inplace<AddOp>;
  number->nb_inplace_subtract = &inplace<SubOp>;
  number->nb_inplace_multiply = &inplace<MulOp>;
  number->nb_inplace_true_divide = &inplace<DivOp>;
  number->nb_negative = &negative;
  number->nb_power = &power;
  number->nb_inplace_power = &inplace_power;
  number->nb_floor_divide = &arithmetic<FloorDivideOp>;
  number->nb_inplace_floor_divide = &inplace<FloorDivideOp>;
  number->nb_remainder = &arithmetic<RemainderOp>;
  number->nb_inplace_remainder = &inplace<RemainderOp>;
  number->nb_and = &arithmetic<AndOp>;
  number->nb_inplace_and = &inplace<AndOp>;
  number->nb_or = &arithmetic<OrOp>;
  number->nb_inplace_or = &inplace<OrOp>;
  number->nb_xor = &arithmetic<XorOp>;
  number->nb_inplace_xor = &inplace<XorOp>;
  number->nb_invert = &invert;
  number->nb_absolute = &absolute;
  type->tp_richcompare = &rich_compare;
  // Comparisons are elementwise, so a tensor is hashed by identity, as in PyTorch (dicts and sets
  // of tensors keep working).
  type->tp_hash = &identity_hash;
  PyType_Modified(type);
}

}  // namespace

void register_operators(TensorClass& cls) {
  def_arithmetic<AddOp>(cls, "__add__", "__radd__", "__iadd__");
  def_arithmetic<SubOp>(cls, "__sub__", "__rsub__", "__isub__");
  def_arithmetic<MulOp>(cls, "__mul__", "__rmul__", "__imul__");
  def_arithmetic<DivOp>(cls, "__truediv__", "__rtruediv__", "__itruediv__");
  def_arithmetic<PowOp>(cls, "__pow__", "__rpow__", "__ipow__");
  def_arithmetic<FloorDivideOp>(cls, "__floordiv__", "__rfloordiv__", "__ifloordiv__");
  def_arithmetic<RemainderOp>(cls, "__mod__", "__rmod__", "__imod__");
  def_arithmetic<AndOp>(cls, "__and__", "__rand__", "__iand__");
  def_arithmetic<OrOp>(cls, "__or__", "__ror__", "__ior__");
  def_arithmetic<XorOp>(cls, "__xor__", "__rxor__", "__ixor__");
  cls.def("__neg__", [](const Tensor& t) { return neg(t); })
      .def("__pos__", [](const Tensor& t) { return t; })
      .def("__invert__", [](const Tensor& t) { return bitwise_not(t); })
      .def("__abs__", [](const Tensor& t) { return abs(t); })
      .def(
          "__matmul__",
          [](const Tensor& a, py::handle b) -> py::object {
            if (is_python_number(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::cast(matmul_releasing_gil(a, as_tensor(b)));
          },
          py::is_operator())
      .def(
          "__rmatmul__",
          [](const Tensor& b, py::handle a) -> py::object {
            if (is_python_number(a)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::cast(matmul_releasing_gil(as_tensor(a), b));
          },
          py::is_operator());
  // Comparisons and hashing as visible methods too (x.__eq__(y), Hashable checks), sharing the slots'
  // code; the slots are installed after them.
  const std::array<std::pair<const char*, int>, 6> comparisons{{{"__eq__", Py_EQ},
                                                                {"__ne__", Py_NE},
                                                                {"__lt__", Py_LT},
                                                                {"__le__", Py_LE},
                                                                {"__gt__", Py_GT},
                                                                {"__ge__", Py_GE}}};
  for (const auto& [name, op] : comparisons) {
    cls.def(
        name,
        [op = op](py::handle self, py::handle other) {
          return checked(rich_compare(self.ptr(), other.ptr(), op));
        },
        py::is_operator());
  }
  cls.def("__hash__", [](py::handle self) { return identity_hash(self.ptr()); });
  install_number_slots(cls);
}

}  // namespace tapegrad::py_bindings
