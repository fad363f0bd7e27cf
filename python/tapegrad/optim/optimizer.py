"""``Optimizer``: parameter groups, per-parameter state and state dicts, as ``torch.optim.Optimizer``.

Subclasses keep their hyperparameters in ``param_groups`` (read again at every step, so a change
made between steps, by hand or by a scheduler, takes effect) and their per-parameter state in
``state``, under PyTorch's key names; the arithmetic of a step runs in C++ (``tapegrad._core``),
one call per parameter group.
"""

import copy
import math
import numbers
from collections import defaultdict
from itertools import chain

from .. import _core
from .._dtype import float32, float64, get_default_dtype
from ..grad_mode import enable_grad

__all__ = ["Optimizer", "required"]

Tensor = _core.Tensor
_zero_grad_groups = _core._optim_zero_grad_groups


# Bumped by every change to any optimizer's hyperparameters (a _ParamGroup written, groups added
# or loaded): a compiled step (tapegrad.compile) replays only while its optimizers' hyperparameters
# are the ones it recorded, and checks them again when this moves.
hyperparameter_epoch = [0]
# The optimizers whose step() ran while tapegrad.compile recorded (one set per recording).
stepped_while_recording = []


class _ParamGroup(dict):
    """A parameter group: a dict that counts its changes (see ``hyperparameter_epoch``)."""

    __slots__ = ()

    def __setitem__(self, key, value):
        hyperparameter_epoch[0] += 1
        super().__setitem__(key, value)

    def __delitem__(self, key):
        hyperparameter_epoch[0] += 1
        super().__delitem__(key)

    def update(self, *args, **kwargs):
        hyperparameter_epoch[0] += 1
        super().update(*args, **kwargs)

    def setdefault(self, key, default=None):
        hyperparameter_epoch[0] += 1
        return super().setdefault(key, default)

    def pop(self, *args):
        hyperparameter_epoch[0] += 1
        return super().pop(*args)

    def clear(self):
        hyperparameter_epoch[0] += 1
        super().clear()


class _RequiredParameter:
    """Singleton class representing a required parameter for an Optimizer."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()

_EMPTY = (
    "optimizer got an empty parameter list. A model's parameters() is empty when its layers are kept "
    "in a plain Python list or dict, which does not register them: use nn.ModuleList / nn.ModuleDict "
    "(or assign each layer to an attribute)"
)


def _typename(obj):
    if isinstance(obj, Tensor):
        return "tapegrad.Tensor"
    return type(obj).__name__


def _scalar_dtype():
    """The dtype of a ``state['step']`` tensor: torch's rule (float64 under a float64 default)."""
    return float64 if get_default_dtype() == float64 else float32


def _step_tensor(value=0.0):
    return _core.tensor(float(value), dtype=_scalar_dtype())


def _check_number(owner, name, value):
    """A hyperparameter is a real number (or a one-element Tensor, as torch allows for lr)."""
    if isinstance(value, Tensor):
        if value.numel() != 1:
            raise ValueError(f"Tensor {name} must be 1-element")
        return
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}(): {name} must be a number, not {type(value).__name__}")


def _check_lr(lr):
    """torch's check (lr >= 0), and a finite lr: torch takes NaN and inf, which can only turn the
    parameters into NaN or inf."""
    value = float(lr.item()) if isinstance(lr, Tensor) else float(lr)
    if not value >= 0.0 or math.isinf(value):
        raise ValueError(f"Invalid learning rate: {lr}")


def _check_implementation(owner, foreach=None, fused=None, differentiable=False, capturable=False):
    """tapegrad has one implementation: the fused single-tensor path on the CPU, not differentiable."""
    for name, value in (("foreach", foreach), ("fused", fused)):
        if value:
            raise ValueError(
                f"{owner}(): {name}=True is not supported: tapegrad has one CPU implementation "
                f"(each parameter updated in one fused pass); pass {name}=None"
            )
    for name, value in (("differentiable", differentiable), ("capturable", capturable)):
        if value:
            raise ValueError(
                f"{owner}(): {name}=True is not supported: tapegrad's optimizer steps are not "
                f"recorded for autograd and there are no CUDA graphs; pass {name}=False"
            )


def _clone_state_value(param, value, key=None):
    """A loaded state value: tensors copied (never shared with the dict they came from), in the
    parameter's dtype except ``step``; dicts, lists and tuples walked; anything else as is."""
    if isinstance(value, Tensor):
        if key != "step" and value.dtype != param.dtype and param.dtype in (float32, float64):
            return value.detach().to(param.dtype).clone()
        return value.detach().clone()
    if isinstance(value, dict):
        return {k: _clone_state_value(param, v, key=k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clone_state_value(param, v) for v in value)
    return value


class _Hyperparameter:
    """``opt.lr`` and the like on tapegrad's optimizers: an AttributeError that says where the
    value lives. torch.optim keeps hyperparameters in ``param_groups`` only, so in PyTorch
    ``opt.lr = 0.01`` silently changes nothing. (A class attribute rather than ``__getattr__``,
    which would slow every attribute lookup of the optimizer, in each step.)"""

    def __init__(self, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        raise AttributeError(
            f"'{type(obj).__name__}' object has no attribute '{self.name}': hyperparameters live in "
            f"param_groups, as in torch.optim (read opt.param_groups[0]['{self.name}'])"
        )

    def __set__(self, obj, value):
        raise AttributeError(
            f"{type(obj).__name__}.{self.name} is not an attribute: hyperparameters live in param_groups, "
            f"as in torch.optim: for group in opt.param_groups: group['{self.name}'] = {value!r}"
        )


def _guard_hyperparameters(cls, names):
    """Makes ``opt.<name>`` raise (see _Hyperparameter) for each hyperparameter of ``cls``."""
    for name in names:
        setattr(cls, name, _Hyperparameter(name))
    return cls


class Optimizer:
    """Base class for all optimizers, as ``torch.optim.Optimizer``.

    ``params`` is an iterable of tensors, of ``(name, tensor)`` pairs, or of dicts (parameter
    groups: ``{'params': [...], 'lr': ...}``, a group's values overriding ``defaults``). Each
    parameter belongs to one group, once; a parameter whose ``grad`` is None is skipped by
    ``step()``. Parameters must be leaf tensors (``model.parameters()``).

    Args:
        params: An iterable of Tensors, of ``(name, Tensor)`` pairs or of dicts, in a
            deterministic order (a list or ``model.parameters()``, not a set).
        defaults: The default value of each hyperparameter (``required`` for one that every
            group must give).

    Attributes:
        defaults: The default hyperparameters.
        param_groups: A list of dicts, each holding ``'params'`` (a list of tensors) and every
            hyperparameter.
        state: A dict from parameter tensor to its state (a dict with the optimizer's keys).

    Raises:
        TypeError: ``params`` is a single Tensor, or holds something other than Tensors.
        ValueError: An empty parameter list, a non-leaf tensor, a parameter listed twice (in
            one group or in two), or a group missing a required hyperparameter.
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, "
                f"but got {_typename(params)}"
            )
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError(_EMPTY)
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.param_groups = [_ParamGroup(g) for g in self.param_groups]
        hyperparameter_epoch[0] += 1
        self.defaults.setdefault("differentiable", False)

    def _note_step(self):
        """Called first by every step(): tapegrad.compile guards the hyperparameters it reads."""
        if stepped_while_recording:
            stepped_while_recording[-1].add(self)

    def __repr__(self):
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    def add_param_group(self, param_group):
        """Adds a parameter group (fine-tuning: new layers with their own hyperparameters).

        Args:
            param_group: A dict with ``'params'`` (a Tensor or an ordered iterable of Tensors or
                of ``(name, Tensor)`` pairs) and any hyperparameters; the others are taken from
                ``defaults``.

        Raises:
            TypeError: ``param_group`` is not a dict, its params are a set or hold a non-Tensor.
            ValueError: A non-leaf tensor, a parameter already in a group (or twice in this
                one), mixed named and unnamed parameters, or a missing required hyperparameter.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but "
                "the ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            param_group["params"] = list(params)

        tensors, names = [], []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                names.append(param[0])
                tensors.append(param[1])
            else:
                tensors.append(param)
        param_group["params"] = tensors
        if names:
            if len(names) == len(tensors):
                param_group["param_names"] = names
            else:
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are missing"
                )

        for param in tensors:
            if not isinstance(param, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is " + _typename(param)
                )
            if not (param.is_leaf or param.retains_grad):
                raise ValueError(
                    "can't optimize a non-leaf Tensor (one computed from others, such as w * 2); "
                    "optimize the leaf tensors it was computed from (model.parameters())"
                )

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    f"parameter group didn't specify a value of required optimization parameter {name}"
                )
            param_group.setdefault(name, default)

        if len(tensors) != len(set(tensors)):
            raise ValueError(
                "optimizer contains a parameter group with duplicate parameters; each would be "
                "stepped twice: list each parameter once"
            )

        param_set = set()
        for group in self.param_groups:
            param_set.update(group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                current = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. "
                    f"cannot add param group {current} to the optimizer"
                )
        if not param_set.isdisjoint(tensors):
            raise ValueError("some parameters appear in more than one parameter group")

        self.param_groups.append(_ParamGroup(param_group))
        hyperparameter_epoch[0] += 1

    def zero_grad(self, set_to_none=True):
        """Resets the gradients of all the parameters.

        Args:
            set_to_none: True (the default) sets each ``grad`` to None (the next backward
                creates it); False fills the existing gradients with zeros in place.
        """
        _zero_grad_groups(self.param_groups, set_to_none)

    def step(self, closure=None):
        """Performs a single optimization step (each subclass implements it).

        Args:
            closure: A callable that re-evaluates the model and returns the loss (optional
                for most optimizers).

        Raises:
            NotImplementedError: Always, on the base class.
        """
        raise NotImplementedError

    def _closure_loss(self, closure):
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def state_dict(self):
        """The optimizer's state as a dict, in PyTorch's format.

        ``{'state': {index: {key: value}}, 'param_groups': [{..., 'params': [index, ...]}]}``,
        parameters numbered in the order of the groups. The state's tensors are the optimizer's
        own (not copies), as in PyTorch; ``tg.save`` writes the dict.

        Returns:
            A dict with ``'state'`` and ``'param_groups'``.
        """
        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            param_mappings.update(
                {id(p): i for i, p in enumerate(group["params"], start_index) if id(p) not in param_mappings}
            )
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {
            (param_mappings[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()
        }
        return {"state": packed_state, "param_groups": param_groups}

    def load_state_dict(self, state_dict):
        """Loads a state dict made by ``state_dict()`` (of this kind of optimizer).

        The groups' hyperparameters are replaced by the saved ones; the state's tensors are
        copied (in the parameter's dtype, ``step`` in its own).

        Args:
            state_dict: A dict as ``state_dict()`` returns (or ``tg.load`` reads back).

        Raises:
            ValueError: The numbers of groups, or of parameters in a group, differ.
        """
        state_dict = dict(state_dict)
        groups = self.param_groups
        saved_groups = copy.deepcopy(list(state_dict["param_groups"]))
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        param_lens = (len(g["params"]) for g in groups)
        saved_lens = (len(g["params"]) for g in saved_groups)
        if any(p_len != s_len for p_len, s_len in zip(param_lens, saved_lens)):
            raise ValueError(
                "loaded state dict contains a parameter group "
                "that doesn't match the size of optimizer's group"
            )
        id_map = dict(
            zip(
                chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in groups),
            )
        )
        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = _clone_state_value(param, v)
            else:
                state[k] = v

        def update_group(group, new_group):
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})

    def _steps_as_tensors(self):
        """After loading: a ``step`` saved as a number becomes a tensor, as torch's __setstate__."""
        for group in self.param_groups:
            for p in group["params"]:
                p_state = self.state.get(p)
                if p_state and "step" in p_state and not isinstance(p_state["step"], Tensor):
                    p_state["step"] = _step_tensor(p_state["step"])
