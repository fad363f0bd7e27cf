"""Layers: a Module base class, the fused Dense layer and Sequential."""

import collections
import math

import numpy as np

from .._core import Tensor, tensor
from .._tensor import dense
from ..grad_mode import no_grad
from . import functional  # noqa: F401  (tapegrad.nn.functional)

ACTIVATIONS = ("sigmoid", "tanh", "relu", None)


class Module:
    """A callable with parameters: Tensors (and Modules) stored as attributes are found.

    Subclass it, store tensors and submodules as attributes (lists and tuples of them too),
    and define ``forward``; calling the module calls ``forward``.
    """

    def forward(self, *args):
        """The module's computation; subclasses define it.

        Args:
            *args: The inputs.

        Raises:
            NotImplementedError: The subclass does not define ``forward``.
        """
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, *args):
        return self.forward(*args)

    def parameters(self):
        """Every tensor that requires a gradient, in attribute order, each once."""
        found, seen = [], set()
        for value in self._children():
            candidates = value.parameters() if isinstance(value, Module) else [value]
            for p in candidates:
                if isinstance(p, Tensor) and p.requires_grad and id(p) not in seen:
                    seen.add(id(p))
                    found.append(p)
        return found

    def zero_grad(self):
        """Sets every parameter's ``.grad`` to None."""
        for p in self.parameters():
            p.grad = None

    def _children(self):
        for value in vars(self).values():
            if isinstance(value, (list, tuple)):
                yield from value
            else:
                yield value

    def named_tensors(self, prefix=""):
        """``(name, tensor)`` for every Tensor attribute, submodules' too, in attribute order:
        ``weight``, ``bias`` for Dense; ``layers.0.weight``, ... for Sequential.

        Args:
            prefix: Put before every name (submodules pass their own path, ending in ``.``).

        Yields:
            ``(name, tensor)`` pairs.
        """
        for attr, value in vars(self).items():
            entries = enumerate(value) if isinstance(value, (list, tuple)) else [(None, value)]
            for index, item in entries:
                name = prefix + attr + ("" if index is None else f".{index}")
                if isinstance(item, Tensor):
                    yield name, item
                elif isinstance(item, Module):
                    yield from item.named_tensors(name + ".")

    def state_dict(self):
        """An ordered dict of name -> a NumPy copy of each tensor (see ``named_tensors``)."""
        return collections.OrderedDict((name, t.numpy().copy()) for name, t in self.named_tensors())

    def load_state_dict(self, state, strict=True):
        """Copies ``state`` (name -> array or Tensor, as ``state_dict()`` gives) into this module's
        tensors in place, so optimizers built on them keep working.

        Shapes and dtypes must match exactly (``ValueError`` / ``TypeError`` naming the entry);
        nothing is copied unless every entry fits. With ``strict=True`` (the default) missing and
        unexpected names raise ``KeyError``; with ``strict=False`` they are skipped. Returns
        ``(missing_keys, unexpected_keys)``.

        Args:
            state: A mapping of name -> NumPy array or Tensor.
            strict: Require exactly this module's names.

        Returns:
            ``LoadResult(missing_keys, unexpected_keys)``, two lists of names.

        Raises:
            KeyError: With ``strict``, names are missing or unexpected.
            ValueError: An entry's shape differs from its tensor's.
            TypeError: An entry's dtype differs, or ``state`` is not a mapping.
        """
        if not hasattr(state, "keys"):
            raise TypeError(
                f"load_state_dict: expected a mapping of name -> array, got {type(state).__name__}"
            )
        own = collections.OrderedDict(self.named_tensors())
        missing = [name for name in own if name not in state]
        unexpected = [name for name in state if name not in own]
        if strict and (missing or unexpected):
            parts = []
            if missing:
                parts.append(f"missing {missing}")
            if unexpected:
                parts.append(f"unexpected {unexpected}")
            raise KeyError(
                f"load_state_dict: the state does not match {type(self).__name__}: {'; '.join(parts)}"
            )
        updates = []
        for name, target in own.items():
            if name not in state:
                continue
            value = state[name]
            value = value.numpy() if isinstance(value, Tensor) else np.asarray(value)
            if value.shape != target.shape:
                raise ValueError(
                    f"load_state_dict: {name} has shape {value.shape} in the state but "
                    f"{tuple(target.shape)} in the module"
                )
            if value.dtype != target.dtype:
                raise TypeError(
                    f"load_state_dict: {name} is {value.dtype} in the state but {np.dtype(target.dtype)} "
                    f"in the module (convert one of them first)"
                )
            updates.append((target, value))
        with no_grad():
            for target, value in updates:
                target.copy_(value)  # tapegrad's own in-place copy: saved-for-backward checks see it
        return LoadResult(missing, unexpected)


LoadResult = collections.namedtuple("LoadResult", ["missing_keys", "unexpected_keys"])


class Dense(Module):
    """``Y = act(X @ W + b)`` with ``W`` of shape ``(in, out)``, recorded as one tape node.

    Weights and bias start uniform in ``[-1/sqrt(in), 1/sqrt(in)]`` (as ``torch.nn.Linear``),
    drawn from ``rng``: a ``numpy.random.Generator``, a seed, or None for a fresh one.

    Args:
        in_features: The size of each input sample, a positive integer.
        out_features: The size of each output sample, a positive integer.
        activation: ``"sigmoid"``, ``"tanh"``, ``"relu"``, or None for none.
        dtype: ``"float64"`` or ``"float32"``: the parameters' dtype.
        rng: A ``numpy.random.Generator``, a seed, or None.

    Attributes:
        weight: The ``(in_features, out_features)`` weight, a leaf that requires a gradient.
        bias: The ``(out_features,)`` bias, a leaf that requires a gradient.
        activation: The activation's name, or None.

    Raises:
        ValueError: A size is not a positive integer, or the activation is unknown.
    """

    def __init__(self, in_features, out_features, activation="sigmoid", dtype="float64", rng=None):
        for name, size in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size <= 0:
                raise ValueError(f"{name} must be a positive integer, got {size!r}")
        if activation is not None and not isinstance(activation, str):
            kind = type(activation).__name__
            raise TypeError(
                f"the activation is a name ('sigmoid', 'tanh', 'relu') or None, not {kind} "
                "(pass activation='relu', not tg.relu)"
            )
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}: use one of {ACTIVATIONS}")
        rng = np.random.default_rng(rng)
        bound = 1.0 / math.sqrt(in_features)
        self.weight = tensor(
            rng.uniform(-bound, bound, (in_features, out_features)), dtype=dtype, requires_grad=True
        )
        self.bias = tensor(rng.uniform(-bound, bound, (out_features,)), dtype=dtype, requires_grad=True)
        self.activation = activation

    @property
    def in_features(self):
        """The size of each input sample (the weight's first dimension)."""
        return self.weight.shape[0]

    @property
    def out_features(self):
        """The size of each output sample (the weight's second dimension)."""
        return self.weight.shape[1]

    def forward(self, x):
        """``act(x @ weight + bias)``, one tape node (``tg.dense``).

        Args:
            x: A Tensor or array-like of shape ``(batch, in_features)`` or ``(in_features,)``.
        """
        return dense(x, self.weight, self.bias, self.activation)

    __call__ = forward  # the hot path of small networks: one Python frame per layer

    def __repr__(self):
        return (
            f"Dense({self.in_features}, {self.out_features}, activation={self.activation!r}, "
            f"dtype={self.weight.dtype})"
        )


class Sequential(Module):
    """Layers applied one after the other.

    Indexable, iterable and sized like a list of its layers.

    Args:
        *layers: Callables (usually Modules), applied in the order given.
    """

    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        """Each layer applied to the previous one's output.

        Args:
            x: The first layer's input.
        """
        for layer in self.layers:
            x = layer(x)
        return x

    __call__ = forward

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, index):
        return self.layers[index]

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        inner = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({inner}\n)"
