// The Tensor type's life cycle and buffer protocol (see tensor_object.hpp).
#include "tensor_object.hpp"

#include "tapegrad/plan.hpp"

#include <structmember.h>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "bindings.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

namespace {

// Tensor(...): the legacy constructor, given as a plain function of its arguments.
Tensor (*construct)(py::args) = nullptr;

PyObject* tensor_new(PyTypeObject* type, PyObject* args, PyObject* kwargs) noexcept {
  try {
    if (kwargs && PyDict_GET_SIZE(kwargs) != 0) {
      throw py::type_error("Tensor() takes no keyword arguments (tg.tensor(data, dtype=...) does)");
    }
    return wrap(construct(py::reinterpret_borrow<py::args>(args)), type);  // a subclass's own layout
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

void tensor_dealloc(PyObject* o) noexcept {
  PyTypeObject* type = Py_TYPE(o);
  auto* self = reinterpret_cast<TensorObject*>(o);
  if (self->weakrefs) PyObject_ClearWeakRefs(o);
  self->value.~Tensor();  // may free a whole graph: the engine frees it without recursion
  type->tp_free(o);
  Py_DECREF(type);  // instances of heap types own a reference to their type
}

// What a buffer export holds while NumPy (or memoryview) uses it: the storage, which outlives
// the tensor if need be (t.data = ... may give the tensor another one), and the shape and byte
// strides the Py_buffer points into.
struct Export {
  std::shared_ptr<Storage> storage;
  std::vector<Py_ssize_t> shape;
  std::vector<Py_ssize_t> strides;
  std::string format;  // the struct module's code of the dtype
};

int tensor_getbuffer(PyObject* o, Py_buffer* view, int flags) noexcept {
  try {
    if (Plan::recording()) {
      PyErr_SetString(PyExc_RuntimeError,
                      "tg.compile cannot replay reading or writing a tensor's memory from Python (.numpy(), "
                      "np.asarray(t), tolist(), memoryview): a replay would not see it. Do it outside the "
                      "compiled function, on what it returns");
      return -1;
    }
    const Tensor& t = tensor_of(o);
    auto exported = std::make_unique<Export>();
    exported->storage = t.storage();
    exported->format =
        dispatch(t.dtype(), [](auto zero) { return py::format_descriptor<decltype(zero)>::format(); });
    const auto item = static_cast<Py_ssize_t>(itemsize(t.dtype()));
    const Strides strides = t.strides();
    for (int d = 0; d < t.ndim(); ++d) {
      exported->shape.push_back(static_cast<Py_ssize_t>(t.shape()[d]));
      exported->strides.push_back(static_cast<Py_ssize_t>(strides[d]) * item);
    }
    if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES && !t.is_contiguous()) {
      PyErr_SetString(PyExc_BufferError, "this tensor is not contiguous: call .contiguous() first");
      return -1;
    }
    view->buf = t.raw_data();
    view->obj = py::handle(o).inc_ref().ptr();
    view->len = static_cast<Py_ssize_t>(t.numel()) * item;
    view->itemsize = item;
    view->readonly = 0;
    view->ndim = t.ndim();
    view->format = (flags & PyBUF_FORMAT) ? exported->format.data() : nullptr;
    view->shape = (flags & PyBUF_ND) ? exported->shape.data() : nullptr;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? exported->strides.data() : nullptr;
    view->suboffsets = nullptr;
    view->internal = exported.release();
    return 0;
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return -1;
}

void tensor_releasebuffer(PyObject*, Py_buffer* view) noexcept {
  delete static_cast<Export*>(view->internal);
}

}  // namespace

py::handle create_tensor_type(py::module_& m, const char* doc, Tensor (*legacy_new)(py::args)) {
  construct = legacy_new;
  static PyMemberDef members[] = {
      {"__weaklistoffset__", T_PYSSIZET, offsetof(TensorObject, weakrefs), READONLY, nullptr},
      {nullptr, 0, 0, 0, nullptr}};
  static PyType_Slot slots[] = {{Py_tp_new, reinterpret_cast<void*>(&tensor_new)},
                                {Py_tp_dealloc, reinterpret_cast<void*>(&tensor_dealloc)},
                                {Py_tp_doc, const_cast<char*>(doc)},
                                {Py_tp_members, members},
                                {Py_bf_getbuffer, reinterpret_cast<void*>(&tensor_getbuffer)},
                                {Py_bf_releasebuffer, reinterpret_cast<void*>(&tensor_releasebuffer)},
                                {0, nullptr}};
  static PyType_Spec spec = {"tapegrad._core.Tensor", static_cast<int>(sizeof(TensorObject)), 0,
                             Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
  PyObject* type = PyType_FromSpec(&spec);
  if (!type) throw py::error_already_set();
  tensor_type = reinterpret_cast<PyTypeObject*>(type);
  m.add_object("Tensor", type);  // the module holds the reference
  return type;
}

TensorClass& TensorClass::add_property(const char* name, const py::object& get, const py::object& set,
                                       const char* doc) {
  py::handle property_type(reinterpret_cast<PyObject*>(&PyProperty_Type));
  py::setattr(type_, name,
              property_type(get, set, py::none(), doc ? py::object(py::str(doc)) : py::object(py::none())));
  return *this;
}

}  // namespace tapegrad::py_bindings
