"""Flatten and Unflatten, as ``torch.nn.Flatten`` and ``torch.nn.Unflatten``."""

from ..._shape import flatten, unflatten
from .module import Module

__all__ = ["Flatten", "Unflatten"]


class Flatten(Module):
    """Merges dimensions ``start_dim`` to ``end_dim`` into one, as ``torch.nn.Flatten``.

    The default keeps the batch dimension: ``(N, *) -> (N, prod(*))``.

    Args:
        start_dim: The first dimension to merge (default 1).
        end_dim: The last dimension to merge (default -1).
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        """``input.flatten(start_dim, end_dim)``.

        Args:
            input: A Tensor.
        """
        return flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self):
        """``start_dim=..., end_dim=...`` as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dimension ``dim`` into ``unflattened_size``, as ``torch.nn.Unflatten``.

    Args:
        dim: The dimension to split.
        unflattened_size: Its new sizes, a tuple or list of ints (one may be -1).

    Raises:
        TypeError: ``unflattened_size`` is not a tuple or list of ints, or ``dim`` is not an int
            (named dimensions are not supported).
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        if not isinstance(dim, int) or isinstance(dim, bool):
            raise TypeError(
                f"invalid argument type for dim parameter: expected int, got {type(dim).__name__} "
                "(tapegrad has no named dimensions)"
            )
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(
                f"unflattened_size must be a tuple of ints, but found type {type(unflattened_size).__name__}"
            )
        for idx, elem in enumerate(unflattened_size):
            if not isinstance(elem, int) or isinstance(elem, bool):
                raise TypeError(
                    f"unflattened_size must be tuple of ints, but found element of type "
                    f"{type(elem).__name__} at pos {idx}"
                )
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        """``input.unflatten(dim, unflattened_size)``.

        Args:
            input: A Tensor.
        """
        return unflatten(input, self.dim, self.unflattened_size)

    def extra_repr(self):
        """``dim=..., unflattened_size=...`` as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
