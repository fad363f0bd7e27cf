// Tensor's state, conversions and in-place methods, and the graph nodes behind it.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "fast_call.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/autograd.hpp"
#include "tapegrad/ops.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;
using py_interop::as_tensor;
using py_interop::to_numpy;

namespace {

// A node's inputs as Python sees them: the producing Node, the leaf Tensor, or None.
py::list node_inputs(const Node& node) {
  py::list inputs;
  for (int i = 0; i < node.num_inputs(); ++i) {
    const Edge& edge = node.input(i);
    if (edge.node) {
      inputs.append(py::cast(edge.node));
    } else if (edge.leaf) {
      inputs.append(py::cast(Tensor(edge.leaf)));
    } else {
      inputs.append(py::none());
    }
  }
  return inputs;
}

void register_node(py::module_& m) {
  py::class_<Node, std::shared_ptr<Node>>(m, "Node", "One op recorded on the tape.")
      .def_property_readonly("name", &Node::name)
      .def_property_readonly("sequence_nr", &Node::sequence_nr)
      .def_property_readonly(
          "_uid", [](const Node& node) { return reinterpret_cast<std::uintptr_t>(&node); },
          "Identifies the node while it lives (new Python objects may wrap the same node).")
      .def_property_readonly("inputs", &node_inputs,
                             "For each input: the Node that produced it, the leaf Tensor, or None.")
      .def_property_readonly(
          "output",
          [](const Node& node) -> py::object {
            if (auto impl = node.output.lock()) return py::cast(Tensor(impl));
            return py::none();
          },
          "The tensor this node produced, or None once it is gone.")
      .def("__repr__", [](const Node& node) { return std::string("<Node ") + node.name() + ">"; });
}

void register_grad_mode(py::module_& m) {
  m.def("is_grad_enabled", &GradMode::enabled, "Whether ops record the tape on this thread.");
  m.def("set_grad_enabled", &GradMode::set_enabled, py::arg("enabled"),
        "Turns recording on or off for this thread.");
  m.def("is_anomaly_enabled", &AnomalyMode::enabled,
        "Whether backward checks every node's gradients for NaN on this thread.");
  m.def("set_anomaly_enabled", &AnomalyMode::set_enabled, py::arg("enabled"),
        "Turns the NaN check of backward on or off for this thread.");
}

void register_dtypes(py::module_& m) {
  m.def("_set_python_types", &py_interop::set_python_types, py::arg("dtypes"), py::arg("size_type"),
        "Hands the package's dtype objects (in DType order) and its Size class to the module.");
  m.def(
      "get_default_dtype", [] { return py_interop::dtype_object(default_dtype()); },
      "The dtype of tensors made from Python floats and of factories given no dtype.");
  m.def(
      "set_default_dtype", [](py::handle d) { set_default_dtype(py_interop::dtype_from_object(d)); },
      py::arg("d"), "Sets the default floating-point dtype (float32 or float64).");
  m.def(
      "_result_type",
      [](py::handle a, py::handle b) {
        return py_interop::dtype_object(result_type(as_tensor(a), as_tensor(b)));
      },
      py::arg("tensor1"), py::arg("tensor2"), "The dtype an op on the two operands gives.");
  m.def(
      "_promote_types",
      [](py::handle a, py::handle b) {
        return py_interop::dtype_object(
            promote_types(py_interop::dtype_from_object(a), py_interop::dtype_from_object(b)));
      },
      py::arg("type1"), py::arg("type2"), "The smallest dtype both promote to.");
  m.def(
      "_can_cast",
      [](py::handle from, py::handle to) {
        return can_cast(py_interop::dtype_from_object(from), py_interop::dtype_from_object(to));
      },
      py::arg("from_"), py::arg("to"), "Whether an in-place op may write `from_` values into a `to` tensor.");
}

// A gradient given as a tensor, an array or a list, in the tensor's dtype.
Tensor gradient_arg(const Tensor& t, py::handle value) {
  if (is_tensor(value)) return value.cast<Tensor>();
  return py_interop::tensor_from_data(value, t.dtype());
}

// The in-place updates, as private methods: tapegrad/_tensor.py gives them PyTorch's signatures
// (and Python's own errors for bad arity and keywords). Each returns the tensor itself.
void register_in_place(TensorClass& cls) {
  auto self_ = [](py::handle self) { return py::reinterpret_borrow<py::object>(self); };
  cls.def("_add_",
          [self_](py::handle self, py::handle other, py::handle alpha) {
            add_(self.cast<Tensor&>(), as_tensor(other), py_interop::number_arg(alpha, "add_", "alpha"));
            return self_(self);
          })
      .def("_sub_",
           [self_](py::handle self, py::handle other, py::handle alpha) {
             sub_(self.cast<Tensor&>(), as_tensor(other), py_interop::number_arg(alpha, "sub_", "alpha"));
             return self_(self);
           })
      .def("_mul_",
           [self_](py::handle self, py::handle other) {
             mul_(self.cast<Tensor&>(), as_tensor(other));
             return self_(self);
           })
      .def("_div_",
           [self_](py::handle self, py::handle other) {
             div_(self.cast<Tensor&>(), as_tensor(other));
             return self_(self);
           })
      .def("_neg_",
           [self_](py::handle self) {
             neg_(self.cast<Tensor&>());
             return self_(self);
           })
      .def("_zero_",
           [self_](py::handle self) {
             zero_(self.cast<Tensor&>());
             return self_(self);
           })
      .def("_fill_",
           [self_](py::handle self, py::handle value) {
             fill_(self.cast<Tensor&>(), as_tensor(value).item());
             return self_(self);
           })
      .def("_copy_", [self_](py::handle self, py::handle src) {
        Tensor& t = self.cast<Tensor&>();
        copy_(t, is_tensor(src) ? src.cast<Tensor>() : py_interop::tensor_from_data(src, t.dtype()));
        return self_(self);
      });
}

// PyTorch's warning, word for word: a leaf's .grad made with create_graph holds the graph that
// holds the leaf.
constexpr const char* kCreateGraphCycle =
    "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
    "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to "
    "avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters "
    "to None after use to break the cycle and avoid the leak.";

// Tensor.backward(gradient=None, retain_graph=None, create_graph=False, inputs=None), through
// vectorcall: it ends every training step.
PyObject* backward_method(PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                          PyObject* kwnames) noexcept {
  try {
    const FastArgs<4> a("backward", {"gradient", "retain_graph", "create_graph", "inputs"}, 0, args, nargs,
                        kwnames);
    const bool create_graph = a[2] && PyObject_IsTrue(a[2]) == 1;
    const bool has_inputs = a[3] && a[3] != Py_None;
    const Tensor& t = tensor_of(self);
    const Tensor seed = a[0] && a[0] != Py_None ? gradient_arg(t, a[0]) : Tensor();
    if (create_graph || has_inputs) {  // the general sweep: recorded, or restricted to `inputs`
      std::vector<Tensor> inputs;
      if (has_inputs) {
        inputs = is_tensor(a[3]) ? std::vector<Tensor>{tensor_of(a[3])}
                                 : tensor_list_arg(py::handle(a[3]), "backward", "inputs", false);
        if (inputs.empty()) throw py::value_error("'inputs' argument to backward() cannot be empty.");
      }
      std::optional<bool> retain;
      if (a[1] && a[1] != Py_None) retain = PyObject_IsTrue(a[1]) == 1;
      if (create_graph && PyErr_WarnEx(PyExc_UserWarning, kCreateGraphCycle, 1) != 0) return nullptr;
      {
        py::gil_scoped_release no_gil;
        autograd::backward({t}, {seed}, retain, create_graph, inputs);
      }
      Py_RETURN_NONE;
    }
    const bool retain = a[1] && a[1] != Py_None && PyObject_IsTrue(a[1]) == 1;
    {
      py::gil_scoped_release no_gil;  // the sweep may be long; it touches no Python objects
      t.backward(seed, retain);
    }
    Py_RETURN_NONE;
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// Adds a vectorcall method to the Tensor type (after pybind11's methods, which may not reset it).
void add_fast_method(TensorClass& cls, PyMethodDef* def) {
  PyObject* descr = PyDescr_NewMethod(cls.type(), def);
  if (!descr || PyObject_SetAttrString(reinterpret_cast<PyObject*>(cls.type()), def->ml_name, descr) != 0) {
    Py_XDECREF(descr);
    throw py::error_already_set();
  }
  Py_DECREF(descr);
}

void check_device(PyObject* device);

// tg.tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False), called
// through vectorcall: making a leaf from a Python number is most of the cost of small graphs
// built inside a training step (the blog's four leaves), so it skips pybind11's dispatcher.
PyObject* tensor_function(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  try {
    const FastArgs<5> a("tensor", {"data", "dtype", "device", "requires_grad", "pin_memory"}, 1, args, nargs,
                        kwnames);
    if (a[2] && a[2] != Py_None) check_device(a[2]);
    if (a[4] && PyObject_IsTrue(a[4]) == 1) {
      throw std::runtime_error("tensor(): pin_memory=True needs a GPU; tapegrad runs on the CPU only");
    }
    bool requires_grad = false;
    if (a[3]) {
      if (!PyBool_Check(a[3])) {
        throw py::type_error(std::string("tensor(): argument 'requires_grad' must be bool, not ") +
                             Py_TYPE(a[3])->tp_name);
      }
      requires_grad = a[3] == Py_True;
    }
    std::optional<DType> dtype;
    if (a[1] && a[1] != Py_None) dtype = py_interop::dtype_from_object(a[1]);
    Tensor t = py_interop::tensor_from_data(a[0], dtype);
    t.set_requires_grad(requires_grad);
    return wrap(std::move(t));
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// Accepts "cpu", "cpu:0" and tapegrad.device("cpu"); anything else raises the package's error.
void check_device(PyObject* device) {
  if (PyUnicode_Check(device) && (PyUnicode_CompareWithASCIIString(device, "cpu") == 0 ||
                                  PyUnicode_CompareWithASCIIString(device, "cpu:0") == 0)) {
    return;
  }
  py::module_::import("tapegrad._dtype").attr("_check_device")(py::handle(device));
}

// The legacy constructor of torch.Tensor: Tensor(2, 3) is a (2, 3) tensor (zeros: PyTorch leaves
// them uninitialised), Tensor(data) copies data into the default float dtype, Tensor() is empty.
Tensor legacy_constructor(py::args args) {
  bool sizes = true;
  for (py::handle a : args) sizes = sizes && PyIndex_Check(a.ptr()) && !PyBool_Check(a.ptr());
  if (args.size() == 0) return Tensor::zeros(Shape{0}, default_dtype());
  if (sizes) {
    const std::vector<std::int64_t> dims = py_interop::shape_from_object(args);
    return Tensor::zeros(Shape(dims.data(), static_cast<int>(dims.size())), default_dtype());
  }
  if (args.size() != 1) throw py::type_error("Tensor(): pass sizes as integers, or one sequence of data");
  return py_interop::tensor_from_data(args[0], default_dtype());
}

void register_tensor_function(py::module_& m) {
  static PyMethodDef def = {
      "tensor", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&tensor_function)),
      METH_FASTCALL | METH_KEYWORDS,
      "tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False)\n--\n\n"
      "A new tensor holding a copy of data (see tapegrad.tensor)."};
  PyObject* function = PyCFunction_NewEx(&def, nullptr, m.attr("__name__").ptr());
  if (!function) throw py::error_already_set();
  m.add_object("tensor", py::reinterpret_steal<py::object>(function));
}

}  // namespace

void register_tensor(py::module_& m) {
  register_tensor_function(m);
  register_node(m);
  register_grad_mode(m);
  register_dtypes(m);

  TensorClass cls(create_tensor_type(m, "A tensor of one dtype that can record the ops applied to it.",
                                     &legacy_constructor));
  cls.def_property_readonly("shape", [](const Tensor& t) { return py_interop::shape_object(t.shape()); })
      .def_property_readonly("dtype", [](const Tensor& t) { return py_interop::dtype_object(t.dtype()); })
      .def_property_readonly("ndim", &Tensor::ndim)
      .def_property("requires_grad", &Tensor::requires_grad,
                    [](Tensor& t, py::handle value) {
                      if (!PyBool_Check(value.ptr())) {
                        throw py::type_error(std::string("requires_grad must be a bool, not ") +
                                             Py_TYPE(value.ptr())->tp_name);
                      }
                      t.set_requires_grad(value.ptr() == Py_True);
                    })
      .def_property_readonly("is_leaf", &Tensor::is_leaf)
      .def_property_readonly(
          "_uid", [](const Tensor& t) { return reinterpret_cast<std::uintptr_t>(t.impl()); },
          "Identifies the tensor while it lives (new Python objects may wrap the same tensor).")
      .def_property_readonly("_version", [](const Tensor& t) { return t.storage()->version(); })
      .def_property_readonly("_is_view", [](const Tensor& t) { return t.impl()->view != nullptr; })
      .def_property_readonly(
          "grad_fn", [](const Tensor& t) { return t.grad_fn(); },
          "The Node that produced this tensor, or None for a leaf.")
      .def_property(
          "grad",
          [](const Tensor& t) -> py::object {
            Tensor g = t.grad();
            if (!g.defined()) return py::none();
            return py::cast(std::move(g));
          },
          [](Tensor& t, py::handle value) {
            t.set_grad(value.is_none() ? Tensor() : gradient_arg(t, value));
          },
          "The accumulated gradient, a tensor sharing the gradient buffer, or None.")
      .def_property(
          "data", [](const Tensor& t) { return t.detach(); },
          [](Tensor& t, py::handle value) { t.set_data(as_tensor(value)); },
          "The same memory without history (setting it replaces this tensor's values and shape).")
      .def("_numpy", &to_numpy)
      .def("_item",
           [](const Tensor& t) -> py::object {
             t.item();  // throws unless there is exactly one element
             return dispatch(t.dtype(), [&](auto zero) -> py::object {
               using T = decltype(zero);
               const T v = *t.strided_data<T>();
               if constexpr (std::is_same_v<T, bool>) {
                 return py::bool_(v);
               } else if constexpr (std::is_integral_v<T>) {
                 return py::int_(static_cast<long long>(v));
               } else {
                 return py::float_(static_cast<double>(v));
               }
             });
           })
      .def("_is_contiguous", &Tensor::is_contiguous)
      .def("_contiguous", &Tensor::contiguous)
      .def("_storage_offset", &Tensor::storage_offset)
      .def("_strides",
           [](const Tensor& t) {
             const Strides s = t.strides();
             return std::vector<std::int64_t>(s.begin(), s.begin() + t.ndim());
           })
      .def("_clone", [](const Tensor& t) { return clone(t); })
      .def("_detach", &Tensor::detach)
      .def("_zero_grad", &Tensor::zero_grad)
      .def("_retain_grad", &Tensor::retain_grad)
      .def_property_readonly("retains_grad", &Tensor::retains_grad,
                             "Whether retain_grad() asked this non-leaf tensor to keep its gradient.")
      .def("_to_dtype",
           [](const Tensor& t, py::handle dtype) { return cast(t, py_interop::dtype_from_object(dtype)); });

  register_in_place(cls);
  register_operators(cls);
  register_indexing(cls);
  static PyMethodDef backward_def = {
      "backward", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&backward_method)),
      METH_FASTCALL | METH_KEYWORDS,
      "backward(gradient=None, retain_graph=None, create_graph=False, inputs=None)\n--\n\n"
      "Accumulates d(self)/d(leaf) into every leaf's .grad."};
  add_fast_method(cls, &backward_def);

  m.def(
      "_apply_inplace",
      [](py::handle self, const std::string& name, const py::function& op, const py::args& others) {
        std::vector<Tensor> operands;
        for (py::handle o : others) {
          if (is_tensor(o)) operands.push_back(o.cast<Tensor>());
        }
        std::vector<const Tensor*> pointers;
        for (const Tensor& o : operands) pointers.push_back(&o);
        const Tensor* p = pointers.empty() ? nullptr : pointers[0];
        const Tensor* q = pointers.size() > 1 ? pointers[1] : nullptr;
        apply_(self.cast<Tensor&>(), name.c_str(), {p, q},
               [&op](const Tensor& x) { return op(x).cast<Tensor>(); });
        return py::reinterpret_borrow<py::object>(self);
      },
      py::arg("self"), py::arg("name"), py::arg("op"),
      "Runs op(self) in place under the rules of in-place updates; the extra tensors are op's operands "
      "(checked for gradients).");
  m.def(
      "_make_subclass",
      [](py::handle subclass, py::handle data, py::handle requires_grad) {
        if (!PyType_Check(subclass.ptr()) ||
            !PyType_IsSubtype(reinterpret_cast<PyTypeObject*>(subclass.ptr()), tensor_type)) {
          throw py::type_error("_make_subclass(): cls must be a subclass of Tensor");
        }
        if (!PyBool_Check(requires_grad.ptr())) {
          throw py::type_error("_make_subclass(): requires_grad must be a bool, not " +
                               py_interop::type_name(requires_grad));
        }
        Tensor t = py_interop::tensor_arg(data, "_make_subclass", "data").detach();
        t.set_requires_grad(requires_grad.ptr() == Py_True);
        PyObject* o = wrap(std::move(t), reinterpret_cast<PyTypeObject*>(subclass.ptr()));
        if (!o) throw py::error_already_set();
        return py::reinterpret_steal<py::object>(o);
      },
      py::arg("cls"), py::arg("data"), py::arg("requires_grad"),
      "An instance of cls (a Tensor subclass) sharing data's memory, detached, as "
      "torch.Tensor._make_subclass (nn.Parameter is made this way).");
  m.def("from_numpy", &py_interop::from_numpy, py::arg("array"),
        "A tensor sharing the array's memory (no copy); the tensor keeps the array alive.");
}

}  // namespace tapegrad::py_bindings
