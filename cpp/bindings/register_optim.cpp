// The optimizers' private entry points: one call updates a whole parameter group.
//
// tapegrad.optim's classes keep the hyperparameters and the state (in Python dicts, as PyTorch
// does) and call these once per group and step, so they are plain CPython functions
// (METH_FASTCALL, positional arguments): pybind11's dispatcher would cost more than a small
// model's update. They convert and validate the arguments; the arithmetic is optim::*_update.
#include <pybind11/pybind11.h>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "fast_call.hpp"
#include "numpy_interop.hpp"
#include "tapegrad/optim.hpp"

namespace tapegrad::py_bindings {

namespace py = pybind11;

namespace {

// A list or tuple argument: its items, borrowed.
class Items {
 public:
  Items(PyObject* o, const char* function, const char* arg) {
    if (PyList_Check(o) || PyTuple_Check(o)) {
      items_ = PySequence_Fast_ITEMS(o);
      size_ = PySequence_Fast_GET_SIZE(o);
    } else {
      throw py::type_error(std::string(function) + "(): argument '" + arg +
                           "' must be a list of Tensors, not " + py_interop::type_name(o));
    }
  }
  Py_ssize_t size() const noexcept { return size_; }
  PyObject* operator[](Py_ssize_t i) const noexcept { return items_[i]; }

 private:
  PyObject** items_ = nullptr;
  Py_ssize_t size_ = 0;
};

Tensor& tensor_item(const Items& items, Py_ssize_t i, const char* function, const char* arg) {
  PyObject* o = items[i];
  if (!is_tensor(o)) {
    throw py::type_error(std::string(function) + "(): " + arg + "[" + std::to_string(i) +
                         "] must be a Tensor, not " + py_interop::type_name(o));
  }
  return tensor_of(o);
}

// A hyperparameter: a real number or a one-element tensor (torch accepts a Tensor lr).
double number(PyObject* o, const char* function, const char* arg) {
  if (PyFloat_CheckExact(o)) return PyFloat_AS_DOUBLE(o);
  if (PyLong_CheckExact(o)) {  // torch's defaults are ints (momentum=0): no float made on the way
    const double v = PyLong_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    return v;
  }
  if (is_tensor(o)) {
    const Tensor& t = tensor_of(o);
    if (t.numel() != 1) {
      throw std::invalid_argument(std::string(function) + "(): Tensor " + arg +
                                  " must be 1-element, got shape " + t.shape().str());
    }
    return t.item();
  }
  return py_interop::number_arg(o, function, arg);
}

bool flag(PyObject* o) {
  const int truth = PyObject_IsTrue(o);
  if (truth < 0) throw py::error_already_set();
  return truth == 1;
}

// The parameters to update and their gradients: `grads` None takes each parameter's own .grad
// and skips those without one; a list gives the gradient of each parameter.
struct Group {
  std::vector<Tensor*> params;
  std::vector<Tensor> grads;
  std::vector<Py_ssize_t> index;  // of each updated parameter in the list

  Group(PyObject* params_obj, PyObject* grads_obj, const char* function) {
    const Items ps(params_obj, function, "params");
    params.reserve(static_cast<std::size_t>(ps.size()));
    grads.reserve(static_cast<std::size_t>(ps.size()));
    index.reserve(static_cast<std::size_t>(ps.size()));
    if (grads_obj == Py_None) {
      for (Py_ssize_t i = 0; i < ps.size(); ++i) {
        Tensor& p = tensor_item(ps, i, function, "params");
        Tensor g = p.grad();
        if (!g.defined()) continue;
        params.push_back(&p);
        grads.push_back(std::move(g));
        index.push_back(i);
      }
      return;
    }
    const Items gs(grads_obj, function, "grads");
    if (gs.size() != ps.size()) {
      throw std::invalid_argument(std::string(function) + "(): " + std::to_string(ps.size()) +
                                  " params but " + std::to_string(gs.size()) + " grads");
    }
    for (Py_ssize_t i = 0; i < ps.size(); ++i) {
      params.push_back(&tensor_item(ps, i, function, "params"));
      grads.push_back(tensor_item(gs, i, function, "grads"));
      index.push_back(i);
    }
  }
};

// A state list aligned with params: its tensors (or, where `may_be_none`, None: an undefined
// tensor written back as a new Tensor after the update).
class StateList {
 public:
  StateList(PyObject* o, Py_ssize_t n, const char* function, const char* arg, bool may_be_none = false)
      : list_(o), may_be_none_(may_be_none) {
    const Items items(o, function, arg);
    if (items.size() != n) {
      throw std::invalid_argument(std::string(function) + "(): " + std::to_string(n) + " params but " +
                                  std::to_string(items.size()) + " " + arg);
    }
    tensors_.resize(static_cast<std::size_t>(n));
    for (Py_ssize_t i = 0; i < n; ++i) {
      PyObject* item = items[i];
      if (item == Py_None && may_be_none) continue;
      tensors_[static_cast<std::size_t>(i)] = tensor_item(items, i, function, arg);
    }
  }
  Tensor& operator[](Py_ssize_t i) { return tensors_[static_cast<std::size_t>(i)]; }

  // Puts the tensors created for None entries into the list.
  void write_back() {
    if (!may_be_none_ || !PyList_Check(list_)) return;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list_); ++i) {
      if (PyList_GET_ITEM(list_, i) != Py_None) continue;
      const Tensor& t = tensors_[static_cast<std::size_t>(i)];
      if (!t.defined()) continue;
      PyObject* o = wrap(t);
      if (!o) throw py::error_already_set();
      if (PyList_SetItem(list_, i, o) < 0) throw py::error_already_set();  // steals o
    }
  }

 private:
  PyObject* list_;
  bool may_be_none_;
  std::vector<Tensor> tensors_;
};

template <class Body>
PyObject* guarded(Body body) noexcept {
  try {
    body();
    Py_RETURN_NONE;
  } catch (py::error_already_set& e) {
    e.restore();
  } catch (...) {
    py::detail::try_translate_exceptions();
  }
  return nullptr;
}

// A group's entry `key` (a dict of param_groups), or KeyError as Python's group[key] raises.
PyObject* group_item(PyObject* group, PyObject* key) {
  if (!PyDict_Check(group)) {
    throw py::type_error(std::string("param_groups must hold dicts, not ") + py_interop::type_name(group));
  }
  PyObject* value = PyDict_GetItemWithError(group, key);  // borrowed
  if (!value) {
    if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
    throw py::error_already_set();
  }
  return value;
}

// The interned keys of a group.
struct Keys {
  PyObject* params = PyUnicode_InternFromString("params");
  PyObject* lr = PyUnicode_InternFromString("lr");
  PyObject* momentum = PyUnicode_InternFromString("momentum");
  PyObject* dampening = PyUnicode_InternFromString("dampening");
  PyObject* weight_decay = PyUnicode_InternFromString("weight_decay");
  PyObject* nesterov = PyUnicode_InternFromString("nesterov");
  PyObject* maximize = PyUnicode_InternFromString("maximize");
};

const Keys& keys() {
  static const Keys* k = new Keys();  // lives as long as the interpreter
  return *k;
}

// _optim_zero_grad_groups(param_groups, set_to_none): zero_grad over every group's params.
PyObject* zero_grad_groups_function(PyObject*, PyObject* const* args, Py_ssize_t nargs,
                                    PyObject* kwnames) noexcept {
  return guarded([&] {
    const FastArgs<2> a("_optim_zero_grad_groups", {"param_groups", "set_to_none"}, 2, args, nargs, kwnames);
    const Items groups(a[0], "zero_grad", "param_groups");
    const bool set_to_none = flag(a[1]);
    for (Py_ssize_t k = 0; k < groups.size(); ++k) {
      const Items ps(group_item(groups[k], keys().params), "zero_grad", "params");
      for (Py_ssize_t i = 0; i < ps.size(); ++i) {
        Tensor& p = tensor_item(ps, i, "zero_grad", "params");
        if (set_to_none) {
          p.set_grad(Tensor());
        } else {
          p.zero_grad();
        }
      }
    }
  });
}

// _sgd_step_group(group) -> bool: a group without momentum (no state) updated in one call, its
// hyperparameters read from the dict (W3's whole step is a few microseconds: Python's seven
// group[...] lookups and a nine-argument call would be a tenth of it). False, and nothing done,
// when the group has momentum: its buffers live in the optimizer's state (_sgd_step).
PyObject* sgd_group_function(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  bool done = false;
  PyObject* result = guarded([&] {
    constexpr const char* fn = "SGD.step";
    const FastArgs<1> a("_sgd_step_group", {"group"}, 1, args, nargs, kwnames);
    const Keys& k = keys();
    PyObject* group = a[0];
    optim::SgdOptions o;
    o.momentum = number(group_item(group, k.momentum), fn, "momentum");
    if (o.momentum != 0.0) return;
    o.lr = number(group_item(group, k.lr), fn, "lr");
    o.dampening = number(group_item(group, k.dampening), fn, "dampening");
    o.weight_decay = number(group_item(group, k.weight_decay), fn, "weight_decay");
    o.nesterov = flag(group_item(group, k.nesterov));
    o.maximize = flag(group_item(group, k.maximize));
    const Items ps(group_item(group, k.params), fn, "params");
    Tensor none;
    for (Py_ssize_t i = 0; i < ps.size(); ++i) {
      Tensor& p = tensor_item(ps, i, fn, "params");
      const Tensor g = p.grad();
      if (g.defined()) optim::sgd_update(p, g, none, o);
    }
    done = true;
  });
  if (!result) return nullptr;
  Py_DECREF(result);
  return PyBool_FromLong(done ? 1 : 0);
}

// _sgd_step(params, grads, momentum_buffers, lr, momentum, dampening, weight_decay, nesterov, maximize)
// momentum_buffers: None when momentum is 0; else a list aligned with params, None entries
// replaced by the buffers made on the first step.
PyObject* sgd_function(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  return guarded([&] {
    constexpr const char* fn = "SGD.step";
    const FastArgs<9> a("_sgd_step",
                        {"params", "grads", "momentum_buffers", "lr", "momentum", "dampening", "weight_decay",
                         "nesterov", "maximize"},
                        9, args, nargs, kwnames);
    optim::SgdOptions o;
    o.lr = number(a[3], fn, "lr");
    o.momentum = number(a[4], fn, "momentum");
    o.dampening = number(a[5], fn, "dampening");
    o.weight_decay = number(a[6], fn, "weight_decay");
    o.nesterov = flag(a[7]);
    o.maximize = flag(a[8]);
    if (a[1] == Py_None) {
      // Without momentum (no state): each parameter's own .grad, those without one skipped.
      if (o.momentum != 0.0)
        throw std::invalid_argument("SGD.step: momentum needs the gradients and buffers listed");
      const Items ps(a[0], fn, "params");
      Tensor none;
      for (Py_ssize_t i = 0; i < ps.size(); ++i) {
        Tensor& p = tensor_item(ps, i, fn, "params");
        const Tensor g = p.grad();
        if (g.defined()) optim::sgd_update(p, g, none, o);
      }
      return;
    }
    Group group(a[0], a[1], fn);
    const auto n = static_cast<Py_ssize_t>(group.params.size());
    if (o.momentum == 0.0) {
      Tensor none;
      for (Py_ssize_t i = 0; i < n; ++i) optim::sgd_update(*group.params[i], group.grads[i], none, o);
      return;
    }
    StateList buffers(a[2], n, fn, "momentum_buffers", true);
    for (Py_ssize_t i = 0; i < n; ++i) optim::sgd_update(*group.params[i], group.grads[i], buffers[i], o);
    buffers.write_back();
  });
}

// _adam_step(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr, beta1, beta2, eps,
//            weight_decay, amsgrad, maximize, decoupled_weight_decay)
PyObject* adam_function(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  return guarded([&] {
    constexpr const char* fn = "Adam.step";
    const FastArgs<14> a(
        "_adam_step",
        {"params", "grads", "exp_avgs", "exp_avg_sqs", "max_exp_avg_sqs", "steps", "lr", "beta1", "beta2",
         "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"},
        14, args, nargs, kwnames);
    optim::AdamOptions o;
    o.lr = number(a[6], fn, "lr");
    o.beta1 = number(a[7], fn, "beta1");
    o.beta2 = number(a[8], fn, "beta2");
    o.eps = number(a[9], fn, "eps");
    o.weight_decay = number(a[10], fn, "weight_decay");
    o.amsgrad = flag(a[11]);
    o.maximize = flag(a[12]);
    o.decoupled_weight_decay = flag(a[13]);
    if (a[1] == Py_None) throw std::invalid_argument("Adam.step: list the gradients with the state");
    Group group(a[0], a[1], fn);
    const auto n = static_cast<Py_ssize_t>(group.params.size());
    StateList exp_avgs(a[2], n, fn, "exp_avgs");
    StateList exp_avg_sqs(a[3], n, fn, "exp_avg_sqs");
    std::vector<Tensor> no_max(o.amsgrad ? 0 : static_cast<std::size_t>(n));
    StateList* maxes = nullptr;
    std::optional<StateList> max_list;
    if (o.amsgrad) {
      max_list.emplace(a[4], n, fn, "max_exp_avg_sqs");
      maxes = &*max_list;
    }
    StateList steps(a[5], n, fn, "steps");
    for (Py_ssize_t i = 0; i < n; ++i) {
      Tensor& vmax = maxes ? (*maxes)[i] : no_max[static_cast<std::size_t>(i)];
      optim::adam_update(*group.params[i], group.grads[i], exp_avgs[i], exp_avg_sqs[i], vmax, steps[i], o);
    }
  });
}

// _rmsprop_step(params, grads, square_avgs, grad_avgs, momentum_buffers, steps, lr, alpha, eps,
//               weight_decay, momentum, centered, maximize)
PyObject* rmsprop_function(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  return guarded([&] {
    constexpr const char* fn = "RMSprop.step";
    const FastArgs<13> a("_rmsprop_step",
                         {"params", "grads", "square_avgs", "grad_avgs", "momentum_buffers", "steps", "lr",
                          "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"},
                         13, args, nargs, kwnames);
    optim::RmspropOptions o;
    o.lr = number(a[6], fn, "lr");
    o.alpha = number(a[7], fn, "alpha");
    o.eps = number(a[8], fn, "eps");
    o.weight_decay = number(a[9], fn, "weight_decay");
    o.momentum = number(a[10], fn, "momentum");
    o.centered = flag(a[11]);
    o.maximize = flag(a[12]);
    if (a[1] == Py_None) throw std::invalid_argument("RMSprop.step: list the gradients with the state");
    Group group(a[0], a[1], fn);
    const auto n = static_cast<Py_ssize_t>(group.params.size());
    StateList square_avgs(a[2], n, fn, "square_avgs");
    std::optional<StateList> grad_avgs, buffers;
    if (o.centered) grad_avgs.emplace(a[3], n, fn, "grad_avgs");
    if (o.momentum > 0.0) buffers.emplace(a[4], n, fn, "momentum_buffers");
    StateList steps(a[5], n, fn, "steps");
    for (Py_ssize_t i = 0; i < n; ++i) {
      Tensor none_avg, none_buf;
      optim::rmsprop_update(*group.params[i], group.grads[i], square_avgs[i],
                            grad_avgs ? (*grad_avgs)[i] : none_avg, buffers ? (*buffers)[i] : none_buf,
                            steps[i], o);
    }
  });
}

// _adagrad_step(params, grads, state_sums, steps, lr, lr_decay, weight_decay, eps, maximize)
PyObject* adagrad_function(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  return guarded([&] {
    constexpr const char* fn = "Adagrad.step";
    const FastArgs<9> a(
        "_adagrad_step",
        {"params", "grads", "state_sums", "steps", "lr", "lr_decay", "weight_decay", "eps", "maximize"}, 9,
        args, nargs, kwnames);
    optim::AdagradOptions o;
    o.lr = number(a[4], fn, "lr");
    o.lr_decay = number(a[5], fn, "lr_decay");
    o.weight_decay = number(a[6], fn, "weight_decay");
    o.eps = number(a[7], fn, "eps");
    o.maximize = flag(a[8]);
    if (a[1] == Py_None) throw std::invalid_argument("Adagrad.step: list the gradients with the state");
    Group group(a[0], a[1], fn);
    const auto n = static_cast<Py_ssize_t>(group.params.size());
    StateList sums(a[2], n, fn, "state_sums");
    StateList steps(a[3], n, fn, "steps");
    for (Py_ssize_t i = 0; i < n; ++i)
      optim::adagrad_update(*group.params[i], group.grads[i], sums[i], steps[i], o);
  });
}

void add_function(py::module_& m, PyMethodDef* def) {
  PyObject* function = PyCFunction_NewEx(def, nullptr, m.attr("__name__").ptr());
  if (!function) throw py::error_already_set();
  m.add_object(def->ml_name, py::reinterpret_steal<py::object>(function));
}

template <class F>
PyCFunction fast(F* f) {
  return reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(f));
}

}  // namespace

void register_optim(py::module_& m) {
  constexpr int kFlags = METH_FASTCALL | METH_KEYWORDS;
  static PyMethodDef defs[] = {
      {"_optim_zero_grad_groups", fast(&zero_grad_groups_function), kFlags,
       "_optim_zero_grad_groups(param_groups, set_to_none)\n--\n\nzero_grad over every group's 'params'."},
      {"_sgd_step_group", fast(&sgd_group_function), kFlags,
       "_sgd_step_group(group)\n--\n\nSGD's update of a group without momentum (read from the dict); "
       "False, doing nothing, when the group has momentum."},
      {"_sgd_step", fast(&sgd_function), kFlags,
       "_sgd_step(params, grads, momentum_buffers, lr, momentum, dampening, weight_decay, nesterov, "
       "maximize)\n--\n\n"
       "torch.optim.SGD's update of a parameter group (grads None: each parameter's own .grad)."},
      {"_adam_step", fast(&adam_function), kFlags,
       "_adam_step(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr, beta1, beta2, eps, "
       "weight_decay, amsgrad, maximize, decoupled_weight_decay)\n--\n\n"
       "torch.optim.Adam's (and AdamW's) update of the parameters of a group that have a gradient."},
      {"_rmsprop_step", fast(&rmsprop_function), kFlags,
       "_rmsprop_step(params, grads, square_avgs, grad_avgs, momentum_buffers, steps, lr, alpha, eps, "
       "weight_decay, momentum, centered, maximize)\n--\n\n"
       "torch.optim.RMSprop's update of the parameters of a group that have a gradient."},
      {"_adagrad_step", fast(&adagrad_function), kFlags,
       "_adagrad_step(params, grads, state_sums, steps, lr, lr_decay, weight_decay, eps, maximize)\n--\n\n"
       "torch.optim.Adagrad's update of the parameters of a group that have a gradient."},
  };
  for (PyMethodDef& def : defs) add_function(m, &def);
}

}  // namespace tapegrad::py_bindings
