// DLPack capsules: Tensor.__dlpack__ exports one, tg.from_dlpack imports one (the Python
// protocol around them is in tapegrad/_factories.py). A capsule holds a managed tensor until a
// consumer renames it "used_..." and takes it over; a capsule nobody consumed frees it when
// collected.
#include <string>
#include <type_traits>

#include "bindings.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/dlpack.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

namespace {

constexpr const char* kVersioned = "dltensor_versioned";
constexpr const char* kLegacy = "dltensor";

// Frees the managed tensor of a capsule that was never consumed (a consumed one is renamed).
template <class Managed>
void capsule_destructor(PyObject* capsule) {
  const char* name = std::is_same_v<Managed, DLManagedTensorVersioned> ? kVersioned : kLegacy;
  if (!PyCapsule_IsValid(capsule, name)) return;
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);  // a destructor may run while an exception is set
  release_dlpack(static_cast<Managed*>(PyCapsule_GetPointer(capsule, name)));
  PyErr_Restore(type, value, traceback);
}

template <class Managed>
py::object make_capsule(Managed* managed, const char* name) {
  PyObject* capsule = PyCapsule_New(managed, name, &capsule_destructor<Managed>);
  if (!capsule) {
    release_dlpack(managed);
    throw py::error_already_set();
  }
  return py::reinterpret_steal<py::object>(capsule);
}

// Takes the managed tensor out of a capsule named `name`, renaming it `used_name` (a static
// string: the capsule keeps the pointer) so that its destructor leaves the tensor alone.
template <class Managed>
Managed* take(PyObject* capsule, const char* name, const char* used_name) {
  auto* managed = static_cast<Managed*>(PyCapsule_GetPointer(capsule, name));
  if (!managed) throw py::error_already_set();
  if (PyCapsule_SetName(capsule, used_name) != 0) throw py::error_already_set();
  return managed;
}

}  // namespace

void register_dlpack(py::module_& m) {
  m.def(
      "_to_dlpack",
      [](py::handle tensor, bool versioned, bool copy) -> py::object {
        const Tensor& t = py_interop::tensor_arg(tensor, "__dlpack__", "self");
        if (versioned) return make_capsule(to_dlpack_versioned(t, copy), kVersioned);
        return make_capsule(to_dlpack(copy ? clone(t.detach()) : t), kLegacy);
      },
      py::arg("tensor"), py::arg("versioned"), py::arg("copy"),
      "A DLPack capsule sharing the tensor's memory (a copy's with copy=True).");
  m.def(
      "_from_dlpack",
      [](py::handle capsule) {
        PyObject* c = capsule.ptr();
        if (!PyCapsule_CheckExact(c)) {
          throw type_error(
              "from_dlpack expects an object with __dlpack__ (a NumPy array, a torch tensor, ...) or a "
              "DLPack capsule, got " +
              std::string(py::str(py::type::handle_of(capsule).attr("__name__"))));
        }
        if (PyCapsule_IsValid(c, kVersioned))
          return from_dlpack(take<DLManagedTensorVersioned>(c, kVersioned, "used_dltensor_versioned"));
        if (PyCapsule_IsValid(c, kLegacy))
          return from_dlpack(take<DLManagedTensor>(c, kLegacy, "used_dltensor"));
        const char* name = PyCapsule_GetName(c);
        PyErr_Clear();
        const std::string n = name ? name : "";
        if (n.rfind("used_", 0) == 0) {
          throw std::invalid_argument(
              "from_dlpack: this DLPack capsule was already consumed (a capsule can be "
              "imported once: call __dlpack__() again)");
        }
        throw type_error("from_dlpack: a capsule named '" + n + "' is not a DLPack capsule");
      },
      py::arg("capsule"), "A tensor sharing the memory of a DLPack capsule, which it consumes.");
}

}  // namespace tapegrad::py_bindings
