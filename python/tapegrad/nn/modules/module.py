"""Module, with PyTorch's registration rules.

A Module finds its state the way ``torch.nn.Module`` does: an attribute that is a ``Parameter`` is
a parameter, one that is a ``Module`` is a submodule, and ``register_buffer`` names the tensors
that belong to the module's state without being trained. Everything else (plain tensors, lists,
dicts) is an ordinary attribute. The registered values also stay in the instance's ``__dict__``,
so reading ``self.weight`` in ``forward`` is a plain attribute read.
"""

import collections
import functools
import warnings

from ... import _core, _dtype
from ..._core import Tensor
from ..._factories import as_tensor
from ...grad_mode import no_grad
from ..parameter import Parameter

__all__ = ["Module"]


# The errors a Module raises for an attribute of the wrong kind, in PyTorch's words.
def _kind(value):
    return type(value).__name__


def _holds_modules_or_parameters(value):
    items = value.values() if isinstance(value, dict) else value
    return any(isinstance(v, (Module, Parameter)) for v in items)


class Module:
    """The base class of layers and models, as ``torch.nn.Module``.

    Subclass it, call ``super().__init__()`` first in ``__init__``, assign ``Parameter``\\ s and
    submodules as attributes, and define ``forward``; calling the module calls ``forward``.
    ``parameters()``, ``state_dict()``, ``to()``, ``train()`` and the rest walk the registered
    parameters, buffers and submodules, in the order they were assigned.

    Attributes:
        training: True in training mode (the default), False after ``eval()``.
    """

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() takes no arguments beyond the subclass's own")
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", {})

    def forward(self, *args, **kwargs):
        """The module's computation; subclasses define it.

        Args:
            *args: The inputs.
            **kwargs: Keyword inputs.

        Raises:
            NotImplementedError: The subclass does not define ``forward``.
        """
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # There are no hooks, so calling a module is calling its forward: a class that defines
        # forward is called straight into it, one Python frame instead of two (a few hundred
        # nanoseconds per layer, a sixth of a small network's training step). An instance whose
        # forward is replaced later is moved to a subclass with the generic __call__ (__setattr__).
        if "forward" in cls.__dict__ and "__call__" not in cls.__dict__:
            cls.__call__ = cls.forward

    # --- registration ----------------------------------------------------------------------

    def _registry(self, name):
        registry = self.__dict__.get(name)
        if registry is None:
            raise AttributeError(
                f"{type(self).__name__} has no {name}: its __init__ must call super().__init__() first"
            )
        return registry

    def _forget(self, name):
        """Removes ``name`` from every registry (it is about to be registered anew)."""
        for registry in ("_parameters", "_buffers", "_modules"):
            self.__dict__.get(registry, {}).pop(name, None)
        self.__dict__.get("_non_persistent_buffers_set", set()).discard(name)

    def _check_name(self, name, what, registry):
        if not isinstance(name, str):
            raise TypeError(f"{what} name should be a string, got {_kind(name)}")
        if name == "" or "." in name:
            raise KeyError(f'{what} name can\'t be empty or contain ".", got: {name!r}')
        # As PyTorch: a name already taken by anything but the same kind of entry is refused.
        if hasattr(self, name) and name not in self.__dict__[registry]:
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name, param):
        """Adds a parameter (or None, a placeholder) under ``name``.

        Args:
            name: The attribute name.
            param: A ``Parameter`` or None.

        Raises:
            TypeError: ``param`` is neither a Parameter nor None.
            KeyError: The name is empty, dotted or a class attribute.
        """
        self._registry("_parameters")
        self._check_name(name, "parameter", "_parameters")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{_kind(param)}' object to parameter '{name}' "
                f"(tg.nn.Parameter or None required): wrap it, tg.nn.Parameter(tensor)"
            )
        if param is not None and not param.is_leaf:
            raise ValueError(f"cannot assign a non-leaf Tensor to parameter '{name}'")
        self._forget(name)
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name, tensor, persistent=True):
        """Adds a buffer: state that is not trained (running statistics, say).

        Args:
            name: The attribute name.
            tensor: A Tensor, or None.
            persistent: Whether ``state_dict()`` includes it.

        Raises:
            TypeError: ``tensor`` is neither a Tensor nor None.
            KeyError: The name is empty, dotted or a class attribute.
        """
        self._registry("_buffers")
        self._check_name(name, "buffer", "_buffers")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{_kind(tensor)}' object to buffer '{name}' (Tensor or None required)"
            )
        self._forget(name)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers_set.add(name)
        object.__setattr__(self, name, tensor)

    def add_module(self, name, module):
        """Adds a submodule (or None, a placeholder) under ``name``.

        Args:
            name: The attribute name.
            module: A Module or None.

        Raises:
            TypeError: ``module`` is neither a Module nor None.
            KeyError: The name is empty, dotted or a class attribute.
        """
        self._registry("_modules")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string, got {_kind(name)}")
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{_kind(module)} is not a Module subclass")
        self._check_name(name, "module", "_modules")
        self._forget(name)
        self._modules[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    def __setattr__(self, name, value):
        d = self.__dict__
        if name == "forward" and type(self).__call__ is not Module.__call__:
            object.__setattr__(self, "__class__", _calling_forward_attribute(type(self)))
        if isinstance(value, Parameter):
            if "_parameters" not in d:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name)
            d.pop(name, None)  # a plain attribute or another kind of entry gives way, as in PyTorch
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            if "_modules" not in d:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name)
            d.pop(name, None)
            self.add_module(name, value)
        elif name in d.get("_parameters", ()):
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_kind(value)}' as parameter '{name}' (tg.nn.Parameter or None expected)"
                )
            self._parameters[name] = None
            object.__setattr__(self, name, None)
        elif name in d.get("_modules", ()):
            if value is not None:
                raise TypeError(
                    f"cannot assign '{_kind(value)}' as child module '{name}' (Module or None expected)"
                )
            self._modules[name] = None
            object.__setattr__(self, name, None)
        elif name in d.get("_buffers", ()):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{_kind(value)}' as buffer '{name}' (Tensor or None expected)"
                )
            self._buffers[name] = value
            object.__setattr__(self, name, value)
        else:
            if "_parameters" in d:
                self._warn_unregistered(name, value)
            object.__setattr__(self, name, value)

    def _warn_unregistered(self, name, value):
        # PyTorch registers neither of these, silently; both usually mean a model that trains
        # fewer weights than its author thinks.
        where = f"{type(self).__name__}.{name}"
        if isinstance(value, Tensor) and value.requires_grad and value.is_leaf:
            warnings.warn(
                f"{where} is a tensor that requires grad but not a tg.nn.Parameter: parameters(), "
                f"state_dict() and the optimizers do not see it (as in PyTorch); assign "
                f"tg.nn.Parameter(tensor) to train it",
                stacklevel=3,
            )
        elif isinstance(value, (list, tuple, dict)) and _holds_modules_or_parameters(value):
            container = "ModuleDict" if isinstance(value, dict) else "ModuleList"
            warnings.warn(
                f"{where} is a plain {type(value).__name__} of modules or parameters: they are not "
                f"registered, so parameters(), state_dict() and the optimizers do not see them (as "
                f"in PyTorch); use tg.nn.{container}",
                stacklevel=3,
            )

    def __delattr__(self, name):
        self._forget(name)
        object.__delattr__(self, name)

    # --- walking the tree --------------------------------------------------------------------

    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """``(name, module)`` for this module and every submodule below it, depth first.

        Args:
            memo: A set of modules already yielded (internal).
            prefix: Put before every name.
            remove_duplicate: Yield a module reached twice only once.

        Yields:
            ``(name, module)`` pairs; this module's name is ``prefix`` ("" by default).
        """
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._registry("_modules").items():
            if module is not None:
                yield from module.named_modules(
                    memo, prefix + ("." if prefix else "") + name, remove_duplicate
                )

    def modules(self):
        """This module and every submodule below it.

        Yields:
            Modules, depth first.
        """
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        """``(name, module)`` for each direct submodule.

        Yields:
            ``(name, module)`` pairs.
        """
        seen = set()
        for name, module in self._registry("_modules").items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        """Each direct submodule.

        Yields:
            Modules.
        """
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry, prefix, recurse, remove_duplicate):
        modules = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        seen = set()
        for module_prefix, module in modules:
            for name, value in module._registry(registry).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """``(name, parameter)`` for every parameter: ``weight``, ``0.bias``, ``fc1.weight``...

        Args:
            prefix: Put before every name.
            recurse: Include the submodules' parameters.
            remove_duplicate: Yield a parameter shared by two modules only once.

        Yields:
            ``(name, Parameter)`` pairs, in registration order.
        """
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """Every parameter, each once (what an optimizer takes).

        Args:
            recurse: Include the submodules' parameters.

        Yields:
            Parameters, in registration order.
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """``(name, buffer)`` for every buffer.

        Args:
            prefix: Put before every name.
            recurse: Include the submodules' buffers.
            remove_duplicate: Yield a buffer shared by two modules only once.

        Yields:
            ``(name, Tensor)`` pairs.
        """
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        """Every buffer.

        Args:
            recurse: Include the submodules' buffers.

        Yields:
            Tensors.
        """
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def get_submodule(self, target):
        """The submodule at a dotted path (``"encoder.0"``); ``""`` is this module.

        Args:
            target: The path.

        Returns:
            Module: the submodule.

        Raises:
            AttributeError: No submodule has that path.
        """
        module = self
        for part in target.split(".") if target else []:
            if part not in module._registry("_modules") and not hasattr(module, part):
                raise AttributeError(f"{type(module).__name__} has no attribute `{part}`")
            child = module._modules.get(part)
            if child is None:
                raise AttributeError(f"`{part}` is not an nn.Module")
            module = child
        return module

    # --- modes and bulk changes ------------------------------------------------------------------

    def train(self, mode=True):
        """Sets training mode (``mode=True``) or evaluation mode on this module and below.

        Args:
            mode: True for training, False for evaluation.

        Returns:
            Module: this module.

        Raises:
            ValueError: ``mode`` is not a bool.
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        """Sets evaluation mode (``train(False)``): dropout off, batch norm on running statistics.

        Returns:
            Module: this module.
        """
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Sets ``requires_grad`` on every parameter (to freeze or unfreeze them).

        Args:
            requires_grad: The new value.

        Returns:
            Module: this module.
        """
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Clears every parameter's gradient.

        Args:
            set_to_none: Set ``.grad`` to None (the default) rather than filling it with zeros.
        """
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                param._zero_grad()

    def apply(self, fn):
        """Calls ``fn`` on every submodule (children first), then on this module.

        Args:
            fn: A function of one Module.

        Returns:
            Module: this module.
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def _apply(self, convert):
        """Replaces every parameter's and buffer's values by ``convert(values)`` in place."""
        with no_grad():
            for module in self.modules():
                for param in module._parameters.values():
                    if param is None:
                        continue
                    param.data = convert(param.data)
                    if param.grad is not None:
                        param.grad = convert(param.grad)
                for name, buffer in module._buffers.items():
                    if buffer is not None:
                        module._buffers[name] = converted = convert(buffer)
                        object.__setattr__(module, name, converted)
        return self

    def to(self, *args, **kwargs):
        """Converts the floating-point parameters and buffers, as ``torch.nn.Module.to``.

        ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(tensor)`` (its dtype) or the
        keywords ``dtype=`` and ``device=``. Parameters stay the same objects (optimizers built on
        them keep working). The device can only be the CPU.

        Args:
            *args: A dtype, a device, a tensor, or a device then a dtype.
            **kwargs: ``dtype``, ``device``, ``non_blocking`` (ignored), ``memory_format``
                (only the default).

        Returns:
            Module: this module.

        Raises:
            TypeError: The dtype is not floating point, or an argument is of another kind.
        """
        dtype = kwargs.pop("dtype", None)
        device = kwargs.pop("device", None)
        kwargs.pop("non_blocking", None)
        kwargs.pop("copy", None)
        if kwargs:
            raise TypeError(f"to() got unexpected keyword arguments {sorted(kwargs)}")
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg.dtype
            elif isinstance(arg, _dtype.dtype):
                dtype = arg
            else:
                device = arg
        if device is not None:
            _dtype._check_device(device)
        if dtype is None:
            return self
        if not dtype.is_floating_point:
            raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got desired dtype={dtype}")
        return self._apply(lambda t: t.to(dtype) if t.is_floating_point() else t)

    def float(self):
        """Converts floating-point parameters and buffers to float32.

        Returns:
            Module: this module.
        """
        return self.to(_dtype.float32)

    def double(self):
        """Converts floating-point parameters and buffers to float64.

        Returns:
            Module: this module.
        """
        return self.to(_dtype.float64)

    def cpu(self):
        """This module: tapegrad runs on the CPU.

        Returns:
            Module: this module.
        """
        return self

    # --- state -----------------------------------------------------------------------------

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buffer if keep_vars else buffer.detach()

    def state_dict(self, *, destination=None, prefix="", keep_vars=False):
        """An ordered dict of every parameter and persistent buffer by name (``fc1.weight``).

        The values share the module's memory (detached), as in PyTorch: ``tg.save`` writes them,
        ``copy.deepcopy`` or ``{k: v.clone() ...}`` keeps a snapshot.

        Args:
            destination: A mapping to fill (default: a new OrderedDict).
            prefix: Put before every name.
            keep_vars: Give the parameters themselves rather than detached tensors.

        Returns:
            The ordered mapping of name -> tensor.
        """
        if destination is None:
            destination = collections.OrderedDict()
        self._registry("_parameters")
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        return destination

    def _load_from_state_dict(self, state_dict, prefix, missing_keys, unexpected_keys, error_msgs, copies):
        """Checks this module's own entries of ``state_dict`` (keys under ``prefix``) and adds
        ``(target, value)`` to ``copies`` for each; ``load_state_dict`` copies once all are checked."""
        local = {**self._parameters}
        local.update((k, v) for k, v in self._buffers.items() if k not in self._non_persistent_buffers_set)
        for name, target in local.items():
            key = prefix + name
            if target is None:
                continue
            if key not in state_dict:
                missing_keys.append(key)
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                try:
                    value = as_tensor(value)
                except (TypeError, ValueError) as e:
                    error_msgs.append(f'While copying the parameter named "{key}": {e}')
                    continue
            if tuple(value.shape) != tuple(target.shape):
                error_msgs.append(
                    f"size mismatch for {key}: copying a param with shape {value.shape} from checkpoint, "
                    f"the shape in current model is {target.shape}."
                )
                continue
            copies.append((target, value))
        for key in state_dict:
            if key.startswith(prefix):
                name = key[len(prefix) :].split(".", 1)[0]
                if name not in local and name not in self._modules:
                    unexpected_keys.append(key)

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copies ``state_dict`` (name -> tensor or array) into this module's parameters and
        buffers in place, converting dtypes, so optimizers built on them keep working.

        Args:
            state_dict: A mapping such as ``state_dict()`` or ``tg.load(path)`` gives.
            strict: Require exactly this module's names (missing or unexpected names raise).
            assign: Must be False (tapegrad always copies into the existing tensors).

        Returns:
            ``(missing_keys, unexpected_keys)``, a named tuple of two lists of names.

        Raises:
            RuntimeError: Names missing or unexpected (with ``strict``), or shapes that differ.
                Everything is checked before anything is copied: a failed call changes nothing
                (PyTorch may leave a module half-loaded).
            TypeError: ``state_dict`` is not a mapping.
        """
        if not hasattr(state_dict, "keys"):
            raise TypeError(f"Expected state_dict to be dict-like, got {_kind(state_dict)}.")
        if assign:
            raise ValueError(
                "load_state_dict(assign=True) is not supported: tapegrad copies into the parameters"
            )
        missing, unexpected, errors, copies = [], [], [], []
        state_dict = collections.OrderedDict(state_dict)
        for prefix, module in self.named_modules():
            module._load_from_state_dict(
                state_dict, prefix + "." if prefix else "", missing, unexpected, errors, copies
            )
        if strict:
            if unexpected:
                errors.insert(
                    0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". "
                )
            if missing:
                errors.insert(
                    0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". "
                )
        if errors:
            raise _core.ArgumentError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors)
            )
        with no_grad():
            for target, value in copies:
                target.copy_(value)  # converts the dtype, as PyTorch; saved-for-backward checks see it
        return _IncompatibleKeys(missing, unexpected)

    # --- printing ----------------------------------------------------------------------------

    def extra_repr(self):
        """The module's own arguments for its repr (``in_features=3, ...``); subclasses define it.

        Returns:
            str: "" unless a subclass says more.
        """
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        lines = self.extra_repr().split("\n") if self.extra_repr() else []
        children = [
            f"({name}): " + repr(module).replace("\n", "\n  ")
            for name, module in self.__dict__.get("_modules", {}).items()
        ]
        body = lines + children
        if not body:
            return f"{self._get_name()}()"
        if len(lines) == 1 and not children:
            return f"{self._get_name()}({lines[0]})"
        return f"{self._get_name()}(\n  " + "\n  ".join(body) + "\n)"


@functools.cache
def _calling_forward_attribute(cls):
    """``cls`` with the generic ``__call__``, which looks ``forward`` up on the instance."""
    return type(
        cls.__name__,
        (cls,),
        {"__call__": Module.__call__, "__module__": cls.__module__, "__qualname__": cls.__qualname__},
    )


class _IncompatibleKeys(collections.namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns, printed as PyTorch prints it."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys}, unexpected_keys={self.unexpected_keys})"

    __str__ = __repr__
