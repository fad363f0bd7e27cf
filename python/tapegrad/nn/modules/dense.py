"""Dense: the documents' fused layer, ``act(x @ W + b)`` with an ``(in, out)`` weight.

It is not ``torch.nn.Linear`` (whose weight is ``(out, in)`` and which has no activation): use
``Linear`` when porting PyTorch code, Dense for the documents' networks.
"""

import math

import numpy as np

from ... import _core
from ..._core import tensor
from ..._tensor import dense
from ..parameter import Parameter
from .module import Module

__all__ = ["ACTIVATIONS", "Dense"]

ACTIVATIONS = (*_core._dense_activations, None)  # ("sigmoid", "tanh", "relu", None), from the C++ list


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
        weight: The ``(in_features, out_features)`` weight, a Parameter.
        bias: The ``(out_features,)`` bias, a Parameter.
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
        super().__init__()
        rng = np.random.default_rng(rng)
        bound = 1.0 / math.sqrt(in_features)
        self.weight = Parameter(tensor(rng.uniform(-bound, bound, (in_features, out_features)), dtype=dtype))
        self.bias = Parameter(tensor(rng.uniform(-bound, bound, (out_features,)), dtype=dtype))
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

    def extra_repr(self):
        """``in, out, activation=..., dtype=...`` for the repr.

        Returns:
            str: The layer's arguments.
        """
        sizes = f"{self.in_features}, {self.out_features}"
        return f"{sizes}, activation={self.activation!r}, dtype={self.weight.dtype}"
