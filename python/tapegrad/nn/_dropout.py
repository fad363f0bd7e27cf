"""Dropout of ``tapegrad.nn.functional``, as in ``torch.nn.functional``."""

import numbers

from .. import _core
from .._core import Tensor
from .._factories import empty_like, zeros_like
from ..grad_mode import no_grad

__all__ = ["dropout"]


def _check_p(p):
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"dropout probability must be a number, not {type(p).__name__}")
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input, p=0.5, training=True, inplace=False):
    """Zeroes each element with probability ``p`` and scales the others by ``1 / (1 - p)``.

    The mask is drawn from tapegrad's default generator (``tg.manual_seed`` makes it
    reproducible; the stream is not PyTorch's). The gradient is the incoming gradient times the
    same mask and scale. Identity when ``training`` is False or ``p`` is 0; zeros when ``p`` is 1.

    Args:
        input (Tensor): a floating-point tensor.
        p (float): the probability of zeroing an element, in ``[0, 1]``.
        training (bool): apply dropout (True) or return ``input`` unchanged (False).
        inplace (bool): write the result into ``input`` and return it.

    Returns:
        Tensor: the result, of ``input``'s shape and dtype (``input`` itself when not training,
        when ``p`` is 0, or with ``inplace``).

    Raises:
        ValueError: ``p`` is outside ``[0, 1]``.
        TypeError: ``input`` is not a Tensor, or ``p`` is not a number.
        DTypeError: ``input`` is not floating point (a TypeError and a RuntimeError).
    """
    _check_p(p)
    if not isinstance(input, Tensor):
        raise TypeError(f"dropout(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not input.is_floating_point():
        raise _core.DTypeError(
            f"dropout(): expected a floating-point tensor, got {input.dtype._name} "
            "(convert it with .double() first)"
        )
    if not training or p == 0.0:
        return input
    with no_grad():
        if p == 1.0:
            noise = zeros_like(input)
        else:
            noise = empty_like(input).bernoulli_(1.0 - p)
            noise.div_(1.0 - p)
    if inplace:
        return input.mul_(noise)
    return input * noise
