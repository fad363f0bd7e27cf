"""The layers and containers of ``tapegrad.nn``, one kind per module (as ``torch.nn.modules``)."""

from .container import ModuleDict, ModuleList, Sequential
from .dense import Dense
from .module import Module

__all__ = ["Dense", "Module", "ModuleDict", "ModuleList", "Sequential"]

# Dropout, Embedding and the normalization layers.
from .batchnorm import BatchNorm1d
from .dropout import Dropout
from .normalization import LayerNorm
from .sparse import Embedding

__all__ += ["BatchNorm1d", "Dropout", "Embedding", "LayerNorm"]
