"""Layers: a Module base class, the fused Dense layer and Sequential."""

import math

import numpy as np

from ._core import Tensor, dense, tensor

ACTIVATIONS = ("sigmoid", "tanh", "relu", None)


class Module:
    """A callable with parameters: Tensors (and Modules) stored as attributes are found."""

    def forward(self, *args):
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
        for p in self.parameters():
            p.grad = None

    def _children(self):
        for value in vars(self).values():
            if isinstance(value, (list, tuple)):
                yield from value
            else:
                yield value


class Dense(Module):
    """``Y = act(X @ W + b)`` with ``W`` of shape ``(in, out)``, recorded as one tape node.

    Weights and bias start uniform in ``[-1/sqrt(in), 1/sqrt(in)]`` (as ``torch.nn.Linear``),
    drawn from ``rng``: a ``numpy.random.Generator``, a seed, or None for a fresh one.
    """

    def __init__(self, in_features, out_features, activation="sigmoid", dtype="float64", rng=None):
        for name, size in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size <= 0:
                raise ValueError(f"{name} must be a positive integer, got {size!r}")
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}: use one of {ACTIVATIONS}")
        rng = np.random.default_rng(rng)
        bound = 1.0 / math.sqrt(in_features)
        self.weight = tensor(rng.uniform(-bound, bound, (in_features, out_features)), dtype=dtype, requires_grad=True)
        self.bias = tensor(rng.uniform(-bound, bound, (out_features,)), dtype=dtype, requires_grad=True)
        self.activation = activation

    @property
    def in_features(self):
        return self.weight.shape[0]

    @property
    def out_features(self):
        return self.weight.shape[1]

    def forward(self, x):
        return dense(x, self.weight, self.bias, self.activation)

    __call__ = forward  # the hot path of small networks: one Python frame per layer

    def __repr__(self):
        return f"Dense({self.in_features}, {self.out_features}, activation={self.activation!r}, dtype={self.weight.dtype})"


class Sequential(Module):
    """Layers applied one after the other."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
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
