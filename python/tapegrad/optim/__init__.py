"""Optimizers: the C++ SGD and Adam, taking any iterable of parameters (as PyTorch's do)."""

import numbers as numbers_

from .. import _core
from . import lr_scheduler  # noqa: F401  (tapegrad.optim.lr_scheduler, as torch.optim's)

__all__ = ["SGD", "Adam", "Optimizer"]

Optimizer = _core.Optimizer


def _checked(cls, params, **numbers):
    """params as a list of tensors and each hyperparameter a real number, with errors in
    tapegrad's words (the C++ constructor takes them typed)."""
    name = cls.__name__
    params = list(params)
    for i, p in enumerate(params):
        if not isinstance(p, _core.Tensor):
            raise TypeError(f"{name}(): params must be tensors, got {type(p).__name__} at position {i}")
    for arg, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, numbers_.Real):
            raise TypeError(f"{name}(): {arg} must be a number, not {type(value).__name__}")
    return params


class SGD(_core.SGD):
    """``p -= lr * v`` with ``v = momentum * v + grad``, as ``torch.optim.SGD``.

    ``v`` is the gradient itself on a parameter's first step (and always when momentum is 0).
    ``step()`` updates the parameters that have a gradient, in place; ``zero_grad()`` clears
    the gradients. ``lr`` and ``momentum`` can be changed between steps.

    Args:
        params: An iterable of leaf tensors that require a gradient, each once
            (``model.parameters()``).
        lr: The learning rate, finite and >= 0.
        momentum: In [0, 1); 0 for plain gradient descent.

    Raises:
        ValueError: An empty or repeated parameter, a parameter that is not a leaf or does not
            require a gradient, or a hyperparameter out of range.
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(_checked(SGD, params, lr=lr, momentum=momentum), lr, momentum)


class Adam(_core.Adam):
    """Adam with bias correction, as ``torch.optim.Adam``.

    Without weight decay. Each parameter keeps its own moment estimates and step count (a step
    on which it has no gradient does not count). ``lr`` and ``eps`` can be changed between
    steps.

    Args:
        params: An iterable of leaf tensors that require a gradient, each once.
        lr: The learning rate, finite and >= 0.
        betas: The decay rates ``(beta1, beta2)`` of the first and second moment estimates,
            each in [0, 1).
        eps: Added to the denominator for stability, finite and > 0.

    Raises:
        ValueError: An empty or repeated parameter, a parameter that is not a leaf or does not
            require a gradient, or a hyperparameter out of range.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        betas = tuple(betas)
        if len(betas) != 2:
            raise ValueError(f"Adam(): betas must be two numbers, got {len(betas)}")
        params = _checked(Adam, params, lr=lr, beta1=betas[0], beta2=betas[1], eps=eps)
        super().__init__(params, lr, betas, eps)
