"""The containers: Sequential, ModuleList and ModuleDict, as in ``torch.nn``."""

import collections
import itertools

from .module import Module, _kind

__all__ = ["ModuleDict", "ModuleList", "Sequential"]


class Sequential(Module):
    """Modules applied one after the other, as ``torch.nn.Sequential``.

    ``Sequential(m0, m1, ...)`` names them ``"0"``, ``"1"``, ...; ``Sequential(OrderedDict)``
    uses the dict's names. Indexable (an int gives the module, a slice a Sequential), iterable
    and sized.

    Args:
        *args: Modules, or one OrderedDict of name -> Module.

    Raises:
        TypeError: An argument is not a Module (a list of modules is passed unpacked:
            ``Sequential(*layers)``).
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], collections.OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, _module_arg(module))
        else:
            for index, module in enumerate(args):
                self.add_module(str(index), _module_arg(module))

    def forward(self, input):
        """Each module applied to the previous one's output.

        Args:
            input: The first module's input.

        Returns:
            The last module's output.
        """
        for module in self._modules.values():
            input = module(input)
        return input

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Sequential(collections.OrderedDict(list(self._modules.items())[index]))
        return list(self._modules.values())[_checked_index(index, len(self))]

    def __setitem__(self, index, module):
        key = list(self._modules)[_checked_index(index, len(self))]
        self.add_module(key, _module_arg(module))

    def __delitem__(self, index):
        keys = list(self._modules)
        for key in keys[index] if isinstance(index, slice) else [keys[_checked_index(index, len(self))]]:
            delattr(self, key)
        # Renumber, keeping the order, as PyTorch does.
        items = list(self._modules.items())
        for key, _ in items:
            delattr(self, key)
        for i, (_, module) in enumerate(items):
            self.add_module(str(i), module)

    def append(self, module):
        """Adds a module at the end.

        Args:
            module: A Module.

        Returns:
            Sequential: this Sequential.
        """
        self.add_module(str(len(self)), _module_arg(module))
        return self

    def extend(self, sequential):
        """Adds each module of an iterable at the end.

        Args:
            sequential: An iterable of Modules.

        Returns:
            Sequential: this Sequential.
        """
        for module in sequential:
            self.append(module)
        return self

    def insert(self, index, module):
        """Inserts a module before position ``index``.

        Args:
            index: The position (negative counts from the end).
            module: A Module.

        Returns:
            Sequential: this Sequential.
        """
        modules = list(self._modules.values())
        n = len(modules)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index}")
        modules.insert(index % (n + 1) if index < 0 else index, _module_arg(module))
        for key in list(self._modules):
            delattr(self, key)
        for i, m in enumerate(modules):
            self.add_module(str(i), m)
        return self

    def pop(self, key):
        """Removes and returns the module at ``key``.

        Args:
            key: The position.

        Returns:
            Module: the removed module.
        """
        module = self[key]
        del self[key]
        return module

    def _load_from_state_dict(self, state_dict, prefix, missing_keys, unexpected_keys, error_msgs, copies):
        # Files saved by tapegrad before Sequential registered its layers as "0", "1", ... name
        # them "layers.0.weight": read those too.
        legacy = prefix + "layers."
        for key in [k for k in state_dict if k.startswith(legacy)]:
            state_dict.setdefault(prefix + key[len(legacy) :], state_dict.pop(key))
        super()._load_from_state_dict(state_dict, prefix, missing_keys, unexpected_keys, error_msgs, copies)


def _module_arg(module):
    if isinstance(module, Module):
        return module
    hint = ""
    if isinstance(module, (list, tuple)):
        hint = " (pass the modules themselves: Sequential(*layers))"
    elif callable(module):
        hint = " (wrap functions in a Module: tg.nn.ReLU() for tg.relu, say)"
    raise TypeError(f"{_kind(module)} is not a Module subclass{hint}")


def _checked_index(index, length):
    if isinstance(index, bool) or not hasattr(index, "__index__"):
        raise TypeError(f"indices must be integers or slices, not {_kind(index)}")
    index = index.__index__()
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range")
    return index % length


class ModuleList(Module):
    """A list of modules, registered (``parameters()`` and ``state_dict()`` see them), as
    ``torch.nn.ModuleList``. Named ``"0"``, ``"1"``, ...; no ``forward`` of its own.

    Args:
        modules: An iterable of Modules (default: empty).
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __repr__(self):
        # As PyTorch: consecutive layers that print alike are shown once, "(0-11): 12 x Block()".
        if not len(self):
            return f"{self._get_name()}()"
        runs = []  # [first index, last index, repr]
        for i, module in enumerate(self):
            text = repr(module)
            if runs and runs[-1][2] == text:
                runs[-1][1] = i
            else:
                runs.append([i, i, text])
        lines = [
            f"({first}): {text}" if first == last else f"({first}-{last}): {last - first + 1} x {text}"
            for first, last, text in runs
        ]
        return f"{self._get_name()}(\n  " + "\n  ".join(line.replace("\n", "\n  ") for line in lines) + "\n)"

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ModuleList(list(self._modules.values())[index])
        return list(self._modules.values())[_checked_index(index, len(self))]

    def __setitem__(self, index, module):
        self.add_module(str(_checked_index(index, len(self))), module)

    def __delitem__(self, index):
        modules = list(self._modules.values())
        del modules[index if isinstance(index, slice) else _checked_index(index, len(self))]
        self._reset(modules)

    def __iadd__(self, modules):
        return self.extend(modules)

    def __add__(self, other):
        return ModuleList(itertools.chain(self, other))

    def _reset(self, modules):
        for key in list(self._modules):
            delattr(self, key)
        for i, module in enumerate(modules):
            self.add_module(str(i), module)

    def append(self, module):
        """Adds a module at the end.

        Args:
            module: A Module.

        Returns:
            ModuleList: this list.
        """
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules):
        """Adds each module of an iterable at the end.

        Args:
            modules: An iterable of Modules.

        Returns:
            ModuleList: this list.

        Raises:
            TypeError: ``modules`` is not iterable.
        """
        if not hasattr(modules, "__iter__") or (
            isinstance(modules, Module) and not isinstance(modules, ModuleList)
        ):
            raise TypeError(f"ModuleList.extend should be called with an iterable, but got {_kind(modules)}")
        for module in modules:
            self.append(module)
        return self

    def insert(self, index, module):
        """Inserts a module before position ``index``.

        Args:
            index: The position.
            module: A Module.
        """
        modules = list(self._modules.values())
        modules.insert(index, module)
        self._reset(modules)

    def pop(self, key):
        """Removes and returns the module at ``key``.

        Args:
            key: The position.

        Returns:
            Module: the removed module.
        """
        module = self[key]
        del self[key]
        return module


class ModuleDict(Module):
    """A dict of modules, registered (``parameters()`` and ``state_dict()`` see them), as
    ``torch.nn.ModuleDict``. Keeps insertion order; no ``forward`` of its own.

    Args:
        modules: A mapping or an iterable of ``(name, module)`` pairs (default: empty).
    """

    def __init__(self, modules=None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key):
        return self._modules[key]

    def __setitem__(self, key, module):
        self.add_module(key, module)

    def __delitem__(self, key):
        delattr(self, key)

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules)

    def __contains__(self, key):
        return key in self._modules

    def keys(self):
        """The names.

        Returns:
            The keys view.
        """
        return self._modules.keys()

    def items(self):
        """``(name, module)`` pairs.

        Returns:
            The items view.
        """
        return self._modules.items()

    def values(self):
        """The modules.

        Returns:
            The values view.
        """
        return self._modules.values()

    def update(self, modules):
        """Adds (or replaces) modules from a mapping or an iterable of pairs.

        Args:
            modules: A mapping or an iterable of ``(name, module)`` pairs.

        Raises:
            TypeError: ``modules`` is neither.
        """
        if hasattr(modules, "items"):
            pairs = modules.items()
        elif hasattr(modules, "__iter__"):
            pairs = modules
        else:
            raise TypeError(
                "ModuleDict.update should be called with an iterable of key/value pairs, "
                f"got {_kind(modules)}"
            )
        for pair in pairs:
            name, module = pair
            self[name] = module

    def pop(self, key):
        """Removes and returns the module named ``key``.

        Args:
            key: The name.

        Returns:
            Module: the removed module.
        """
        module = self[key]
        del self[key]
        return module

    def clear(self):
        """Removes every module."""
        for key in list(self._modules):
            del self[key]
