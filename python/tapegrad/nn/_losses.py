"""Loss functions of ``tapegrad.nn.functional``, as in ``torch.nn.functional``."""

from .. import _core

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "mse_loss"]


def mse_loss(input, target):
    """The mean of ``(input - target) ** 2``; input and target must have the same shape.

    Args:
        input (Tensor): the predictions.
        target (Tensor or array-like): the targets.
    """
    return _core.mse_loss(input, target)


def binary_cross_entropy(input, target):
    """The mean binary cross-entropy of probabilities in [0, 1] (log terms clamped at -100).

    Args:
        input (Tensor): predicted probabilities.
        target (Tensor or array-like): targets in [0, 1].
    """
    return _core.binary_cross_entropy(input, target)


def binary_cross_entropy_with_logits(input, target):
    """The mean binary cross-entropy of logits, stable for any value.

    Args:
        input (Tensor): logits.
        target (Tensor or array-like): targets in [0, 1].
    """
    return _core.binary_cross_entropy_with_logits(input, target)
