"""Dropout, as ``torch.nn.Dropout``."""

from .. import _dropout
from .module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """Zeroes each element with probability ``p`` in training mode and scales the rest by
    ``1 / (1 - p)``; the identity in evaluation mode (after ``eval()``).

    The masks come from tapegrad's default generator: ``tg.manual_seed`` makes them
    reproducible, but they are not PyTorch's.

    Args:
        p: The probability of zeroing an element, in ``[0, 1]``.
        inplace: Write the result into the input.

    Raises:
        ValueError: ``p`` is outside ``[0, 1]``.
    """

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        _dropout._check_p(p)
        self.p = p
        self.inplace = inplace

    def forward(self, input):
        """``tg.nn.functional.dropout(input, p, self.training, inplace)``.

        Args:
            input: A floating-point Tensor.
        """
        return _dropout.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        """``p=0.5, inplace=False``, as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"p={self.p}, inplace={self.inplace}"
