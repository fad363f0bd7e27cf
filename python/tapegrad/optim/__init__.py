"""Optimizers with ``torch.optim``'s names, signatures, state and state dicts.

``Optimizer`` keeps the parameter groups and the per-parameter state in Python, as PyTorch does;
each step's arithmetic runs in C++, one call per parameter group, following PyTorch's
single-tensor formulas.
"""

from . import lr_scheduler  # noqa: F401  (tapegrad.optim.lr_scheduler, as torch.optim's)
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop"]
