#pragma once
// How pybind11 moves Tensor handles in and out of Python, without its generic lookups.
//
// A tensor crosses the boundary several times per op. pybind11's generic caster looks up the
// C++ type's registration (a hash of its type name) and the pointer's existing Python wrapper
// (a hash lookup of a temporary's address) on every crossing: more than the arithmetic on a
// one-element tensor. The registration is looked up once here, and a tensor coming from C++ is
// always new to Python (ops return new handles), so no lookup is needed. Included by every
// binding file (through bindings.hpp and numpy_interop.hpp) before Tensor is cast.
#include <pybind11/pybind11.h>

#include <utility>

#include "tapegrad/tensor.hpp"

namespace tapegrad::py_bindings {
// The Tensor class's Python type and pybind11 registration, set once the class exists.
inline PyTypeObject* tensor_py_type = nullptr;
inline const pybind11::detail::type_info* tensor_type_info = nullptr;
}  // namespace tapegrad::py_bindings

namespace pybind11::detail {

template <>
class type_caster<tapegrad::Tensor> : public type_caster_base<tapegrad::Tensor> {
  using Base = type_caster_base<tapegrad::Tensor>;

 public:
  bool load(handle src, bool convert) {
    using tapegrad::py_bindings::tensor_py_type;
    if (tensor_py_type && src && PyObject_TypeCheck(src.ptr(), tensor_py_type)) {
      // Tensor and Python subclasses of it: one base, so pybind11's simple layout, whose first
      // slot is the C++ object.
      auto* inst = reinterpret_cast<instance*>(src.ptr());
      if (inst->simple_layout) {
        value = inst->simple_value_holder[0];
        return value != nullptr;
      }
    }
    return Base::load(src, convert);
  }

  using Base::cast;
  static handle cast(tapegrad::Tensor&& src, return_value_policy, handle) {
    return wrap(new tapegrad::Tensor(std::move(src)));
  }
  static handle cast(const tapegrad::Tensor& src, return_value_policy policy, handle parent) {
    if (policy == return_value_policy::reference || policy == return_value_policy::reference_internal ||
        policy == return_value_policy::automatic_reference) {
      return Base::cast(src, policy, parent);
    }
    return wrap(new tapegrad::Tensor(src));  // a copy of the handle: the same tensor
  }

 private:
  // A new Python object owning `owned`.
  static handle wrap(tapegrad::Tensor* owned) {
    const type_info* tinfo = tapegrad::py_bindings::tensor_type_info;
    if (!tinfo)
      return Base::cast(std::unique_ptr<tapegrad::Tensor>(owned).release(),
                        return_value_policy::take_ownership, {});
    auto* inst = reinterpret_cast<instance*>(make_new_instance(tinfo->type));
    inst->owned = true;
    inst->simple_value_holder[0] = owned;
    tinfo->init_instance(inst, nullptr);  // the holder, and the registration pybind11's deallocation expects
    return handle(reinterpret_cast<PyObject*>(inst));
  }
};

}  // namespace pybind11::detail
