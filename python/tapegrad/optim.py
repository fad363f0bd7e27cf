"""Optimizers: the C++ SGD and Adam, taking any iterable of parameters (as PyTorch's do)."""

from . import _core

__all__ = ["SGD", "Adam", "Optimizer"]

Optimizer = _core.Optimizer


class SGD(_core.SGD):
    """``p -= lr * v`` with ``v = momentum * v + grad``, as ``torch.optim.SGD``."""

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(list(params), lr, momentum)


class Adam(_core.Adam):
    """Adam with bias correction, as ``torch.optim.Adam``."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(list(params), lr, tuple(betas), eps)
