"""Layers and models, as ``torch.nn``: Module, Parameter, the containers and the layers.

``tapegrad.nn.functional`` holds the same computations as functions.
"""

from . import (
    functional,  # noqa: F401  (tapegrad.nn.functional)
    init,  # noqa: F401  (tapegrad.nn.init)
    utils,  # noqa: F401  (tapegrad.nn.utils)
)
from .modules import *  # noqa: F403
from .modules import __all__ as _modules_all
from .parameter import Parameter

__all__ = [*_modules_all, "Parameter"]
