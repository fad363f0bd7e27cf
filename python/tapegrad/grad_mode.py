"""Switching the tape off and on (``with tg.no_grad(): ...`` or ``@tg.no_grad()``), and the
NaN check of backward (``with tg.detect_anomaly(): ...``)."""

import functools

from . import _core
from ._core import set_anomaly_enabled, set_grad_enabled


def is_grad_enabled():
    """Whether ops record the tape on this thread (``no_grad()`` turns it off)."""
    return _core.is_grad_enabled()


def is_anomaly_enabled():
    """Whether backward checks every node's gradients for NaN on this thread (``detect_anomaly()``)."""
    return _core.is_anomaly_enabled()


class _GradModeContext:
    _enabled = True

    def __enter__(self):
        self._previous = is_grad_enabled()
        set_grad_enabled(self._enabled)
        return self

    def __exit__(self, *exc_info):
        set_grad_enabled(self._previous)
        return False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with type(self)():
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradModeContext):
    """Ops run inside record nothing (on this thread), as in ``torch.no_grad``.

    A context manager (``with tg.no_grad(): ...``) or a decorator (``@tg.no_grad()``); the
    previous state comes back on exit. Use it for inference and for updates written through
    NumPy views.
    """

    _enabled = False


class enable_grad(_GradModeContext):
    """Turns recording back on inside a ``no_grad`` block.

    A context manager or a decorator, as ``no_grad``, for this thread.
    """

    _enabled = True


class detect_anomaly:
    """Backward raises at the first op whose backward produces NaN, as ``torch.autograd.detect_anomaly``.

    ``with tg.detect_anomaly(): loss.backward()`` (or as a decorator) makes ``backward()`` check
    every gradient each tape node returns; the first one holding a NaN raises ``RuntimeError``
    naming the op (its node name), the input index and the input's shape, and no ``.grad`` is
    changed. The check is per thread and costs nothing when off; ``detect_anomaly(False)`` turns
    it off inside an enabled block.

    Args:
        mode: True to check, False to turn the check off for the block.
    """

    def __init__(self, mode=True):
        self._mode = bool(mode)

    def __enter__(self):
        self._previous = is_anomaly_enabled()
        set_anomaly_enabled(self._mode)
        return self

    def __exit__(self, *exc_info):
        set_anomaly_enabled(self._previous)
        return False

    def __call__(self, func):
        mode = self._mode

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with detect_anomaly(mode):
                return func(*args, **kwargs)

        return wrapper
