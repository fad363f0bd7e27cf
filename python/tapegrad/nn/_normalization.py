"""Normalization of ``tapegrad.nn.functional``: ``layer_norm`` and ``batch_norm``, as in
``torch.nn.functional``.

``layer_norm`` and ``batch_norm`` are each one C++ op (one tape node, the statistics accumulated
in double, forward and backward each a pass or two over the input).
"""

import numbers

from .. import _core
from .._core import Tensor
from ..grad_mode import no_grad

__all__ = ["batch_norm", "layer_norm"]


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalizes over the trailing dimensions ``normalized_shape``, then scales and shifts.

    ``(input - mean) / sqrt(var + eps) * weight + bias``, with the mean and the biased variance
    of each slice over the last ``len(normalized_shape)`` dimensions. One tape node.

    Args:
        input (Tensor): a floating-point tensor whose trailing dimensions are ``normalized_shape``.
        normalized_shape (int or sequence of int): the normalized dimensions' sizes.
        weight (Tensor, optional): the scale, of shape ``normalized_shape`` and ``input``'s dtype.
        bias (Tensor, optional): the shift, of shape ``normalized_shape`` and ``input``'s dtype.
        eps (float): added to the variance before the square root.

    Returns:
        Tensor: of ``input``'s shape and dtype.

    Raises:
        ValueError: ``input``'s trailing dimensions are not ``normalized_shape``, or ``weight`` or
            ``bias`` have another shape (``tg.ArgumentError``, also a RuntimeError as PyTorch's).
        TypeError: An integer ``input``, or ``weight`` or ``bias`` of another dtype.
    """
    return _core.layer_norm(input, normalized_shape, weight, bias, eps)


def _verify_batch_size(size):
    values = size[0]
    for d in size[2:]:
        values *= d
    if values == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")


def batch_norm(
    input,
    running_mean,
    running_var,
    weight=None,
    bias=None,
    training=False,
    momentum=0.1,
    eps=1e-5,
):
    """Normalizes each channel (dimension 1) over the batch and any trailing dimensions.

    In training (``training=True``) each channel is normalized with the batch's mean and biased
    variance, and ``running_mean`` / ``running_var`` (when given) are updated in place:
    ``running = (1 - momentum) * running + momentum * batch_statistic``, with the batch's
    unbiased variance for ``running_var``. Otherwise the running statistics normalize.

    Args:
        input (Tensor): ``(N, C)``, ``(N, C, L)`` or more dimensions, floating point.
        running_mean (Tensor, optional): the ``(C,)`` running mean (updated in training).
        running_var (Tensor, optional): the ``(C,)`` running variance (updated in training).
        weight (Tensor, optional): the ``(C,)`` scale.
        bias (Tensor, optional): the ``(C,)`` shift.
        training (bool): use the batch's statistics (and update the running ones).
        momentum (float): the weight of the batch's statistics in the running update (a number).
        eps (float): added to the variance before the square root.

    Returns:
        Tensor: of ``input``'s shape.

    Raises:
        ValueError: Training on one value per channel, fewer than 2 dimensions, a ``(C,)``
            tensor of the wrong size, or no running statistics outside training
            (``tg.ArgumentError``, also a RuntimeError, for the last two as PyTorch's).
        TypeError: ``input`` is not a Tensor, or ``momentum`` is not a number.
        DTypeError: ``input`` is not floating point, or the other tensors' dtype is not
            ``input``'s (a TypeError and a RuntimeError).
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"batch_norm(): argument 'input' must be Tensor, not {type(input).__name__}")
    if not input.is_floating_point():
        raise _core.DTypeError(f"batch_norm(): expected a floating-point tensor, got {input.dtype._name}")
    if input.dim() < 2:
        raise _core.ArgumentError(
            "batch_norm: expected an input of at least 2 dimensions (N, C, ...), "
            f"got shape {tuple(input.shape)}"
        )
    size = tuple(input.shape)
    channels = size[1]
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and (not isinstance(t, Tensor) or t.numel() != channels):
            got = tuple(t.shape) if isinstance(t, Tensor) else type(t).__name__
            raise _core.ArgumentError(
                f"batch_norm: {name} should contain {channels} elements (one per channel of input {size}), "
                f"got {got}"
            )
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and t.dtype != input.dtype:
            raise _core.DTypeError(
                f"batch_norm: expected {name} of the input's dtype {input.dtype._name}, got {t.dtype._name} "
                "(convert the module with .to(dtype), or the input)"
            )
    if training:
        _verify_batch_size(size)
    elif running_mean is None or running_var is None:
        raise _core.ArgumentError(
            "batch_norm: running_mean and running_var must be defined in evaluation mode (training=False)"
        )
    if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real):
        raise TypeError(
            f"batch_norm(): argument 'momentum' must be a number, not {type(momentum).__name__} "
            "(for a cumulative average pass 1 / number of batches, as BatchNorm1d(momentum=None) does)"
        )
    if training:
        out, mean, var = _core.batch_norm_training(input, weight, bias, eps)
        m = float(momentum)
        with no_grad():
            if running_mean is not None:
                running_mean.mul_(1.0 - m).add_(mean.reshape(running_mean.shape) * m)
            if running_var is not None:
                running_var.mul_(1.0 - m).add_(var.reshape(running_var.shape) * m)
        return out
    return _core.batch_norm_inference(input, running_mean, running_var, weight, bias, eps)
