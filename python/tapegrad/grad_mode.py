"""Switching the tape off and on: ``with tg.no_grad(): ...`` or ``@tg.no_grad()``."""

import functools

from ._core import is_grad_enabled, set_grad_enabled


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
    """Ops run inside record nothing (on this thread), as in ``torch.no_grad``."""

    _enabled = False


class enable_grad(_GradModeContext):
    """Turns recording back on inside a ``no_grad`` block."""

    _enabled = True
