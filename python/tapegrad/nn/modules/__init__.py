"""The layers and containers of ``tapegrad.nn``, one kind per module (as ``torch.nn.modules``)."""

from .container import ModuleDict, ModuleList, Sequential
from .dense import Dense
from .module import Module

__all__ = ["Dense", "Module", "ModuleDict", "ModuleList", "Sequential"]
