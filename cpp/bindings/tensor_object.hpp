#pragma once
// tapegrad._core.Tensor: the Python object of a Tensor, a CPython type written by hand.
//
// Small graphs built inside a training step create and free a Python tensor for every leaf and
// every op. A pybind11 class registers each instance in a global table and looks its type up by
// name on the way in and out, which costs more than the op itself on a one-element tensor. Here
// the object is a Tensor handle after the object header, created and freed with no lookup.
// pybind11 still converts Tensor arguments and results of the functions it binds, through the
// type caster at the end of this file, and defines the type's methods through TensorClass.
#include <pybind11/pybind11.h>

#include <utility>

#include "tapegrad/tensor.hpp"

namespace tapegrad::py_bindings {

struct TensorObject {
  PyObject_HEAD Tensor value;
  PyObject* weakrefs;  // weakref.ref(tensor) works, as in PyTorch
};

// The type, once create_tensor_type has run (at module import).
inline PyTypeObject* tensor_type = nullptr;

// Whether `o` is a Tensor (or an instance of a Python subclass of it).
inline bool is_tensor(PyObject* o) noexcept { return PyObject_TypeCheck(o, tensor_type); }
inline bool is_tensor(pybind11::handle o) noexcept { return is_tensor(o.ptr()); }

// The tensor inside a Tensor object (is_tensor(o) must hold).
inline Tensor& tensor_of(PyObject* o) noexcept { return reinterpret_cast<TensorObject*>(o)->value; }

// A new Python Tensor (or an instance of `type`, a subclass of Tensor) holding the handle;
// nullptr with a Python error set when out of memory.
inline PyObject* wrap(Tensor t, PyTypeObject* type = tensor_type) noexcept {
  PyObject* o = type->tp_alloc(type, 0);
  if (o) new (&tensor_of(o)) Tensor(std::move(t));
  return o;
}

// Creates the type and adds it to the module as "Tensor". `legacy_new` constructs Tensor(...).
pybind11::handle create_tensor_type(pybind11::module_& m, const char* doc,
                                    Tensor (*legacy_new)(pybind11::args));

// The Tensor type as pybind11 sees a class: methods and properties defined with pybind11's
// argument conversion, on a type pybind11 does not own.
class TensorClass {
 public:
  explicit TensorClass(pybind11::handle type) : type_(type) {}
  PyTypeObject* type() const { return reinterpret_cast<PyTypeObject*>(type_.ptr()); }

  template <typename Func, typename... Extra>
  TensorClass& def(const char* name, Func&& f, const Extra&... extra) {
    pybind11::cpp_function method(pybind11::method_adaptor<Tensor>(std::forward<Func>(f)),
                                  pybind11::name(name), pybind11::is_method(type_),
                                  pybind11::sibling(pybind11::getattr(type_, name, pybind11::none())),
                                  extra...);
    pybind11::setattr(type_, name, method);
    return *this;
  }

  template <typename Getter>
  TensorClass& def_property_readonly(const char* name, Getter&& get, const char* doc = nullptr) {
    return add_property(name, method(std::forward<Getter>(get)), pybind11::none(), doc);
  }

  template <typename Getter, typename Setter>
  TensorClass& def_property(const char* name, Getter&& get, Setter&& set, const char* doc = nullptr) {
    return add_property(name, method(std::forward<Getter>(get)), method(std::forward<Setter>(set)), doc);
  }

 private:
  template <typename Func>
  pybind11::cpp_function method(Func&& f) {
    return pybind11::cpp_function(pybind11::method_adaptor<Tensor>(std::forward<Func>(f)),
                                  pybind11::is_method(type_));
  }
  TensorClass& add_property(const char* name, const pybind11::object& get, const pybind11::object& set,
                            const char* doc);

  pybind11::handle type_;
};

}  // namespace tapegrad::py_bindings

namespace pybind11::detail {

// Tensor arguments and results of pybind11-bound functions: a borrowed reference to the handle
// inside the Python object on the way in, a new Python object on the way out (a copy of the
// handle: the same tensor). Functions that must return the very object they were given (in-place
// methods return self) take and return the Python object instead.
//
// It derives from pybind11's generic caster, with no registration behind it, only so that pybind11
// lets handle.cast<Tensor&>() return a reference into the Python object.
template <>
class type_caster<tapegrad::Tensor> : public type_caster_generic {
 public:
  static constexpr auto name = const_name("Tensor");
  type_caster() : type_caster_generic(static_cast<const type_info*>(nullptr)) {}
  template <typename T>
  using cast_op_type = pybind11::detail::cast_op_type<T>;

  bool load(handle src, bool) {
    if (!src || !tapegrad::py_bindings::is_tensor(src)) return false;
    value_ = &tapegrad::py_bindings::tensor_of(src.ptr());
    return true;
  }
  operator tapegrad::Tensor*() { return value_; }
  operator tapegrad::Tensor&() { return *value_; }

  static handle cast(const tapegrad::Tensor& src, return_value_policy, handle) {
    return checked(tapegrad::py_bindings::wrap(src));
  }
  static handle cast(const tapegrad::Tensor* src, return_value_policy policy, handle parent) {
    if (!src) return none().release();
    return cast(*src, policy, parent);
  }
  static handle cast(tapegrad::Tensor&& src, return_value_policy, handle) {
    return checked(tapegrad::py_bindings::wrap(std::move(src)));
  }

 private:
  static handle checked(PyObject* o) {
    if (!o) throw error_already_set();
    return o;
  }
  tapegrad::Tensor* value_ = nullptr;
};

}  // namespace pybind11::detail
