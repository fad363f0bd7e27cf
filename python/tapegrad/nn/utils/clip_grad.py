"""Gradient clipping, as ``torch.nn.utils.clip_grad_norm_`` and ``clip_grad_value_``."""

import math
import types
import warnings

from ..._core import Tensor
from ..._factories import tensor
from ..._reduction import norm
from ..._shape import stack
from ...grad_mode import no_grad

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _check_foreach(foreach):
    if foreach:
        raise RuntimeError("foreach=True was passed, but can't use the foreach API on cpu tensors")


def _as_list(parameters):
    if isinstance(parameters, Tensor):
        return [parameters]
    is_generator = isinstance(parameters, types.GeneratorType)
    parameters = list(parameters)
    if is_generator and len(parameters) == 0:
        warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=3)
    return parameters


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scales the gradients so that their joint norm is at most ``max_norm``, in place.

    The total norm is the ``norm_type``-norm of the gradients' norms (as if they were one
    vector); each gradient is multiplied by ``min(1, max_norm / (total_norm + 1e-6))``.
    Parameters whose ``grad`` is None are skipped.

    Args:
        parameters: A Tensor, or an iterable of Tensors (``model.parameters()``).
        max_norm: The largest total norm the gradients keep.
        norm_type: The p of the p-norm: a float, or ``inf`` / ``'inf'`` for the largest magnitude.
        error_if_nonfinite: Raise when the total norm is NaN or infinite (otherwise the
            gradients are scaled by it anyway, as PyTorch).
        foreach: None or False (tapegrad has no foreach kernels; True raises as PyTorch on
            the CPU).

    Returns:
        Tensor: The total norm of the gradients before clipping, a 0-d tensor (a 0-d zero of the
        default dtype when no parameter has a gradient, as PyTorch).

    Raises:
        RuntimeError: The total norm is not finite and ``error_if_nonfinite``, or ``foreach=True``.
    """
    _check_foreach(foreach)
    parameters = _as_list(parameters)
    grads = [p.grad for p in parameters if p.grad is not None]
    norm_type = float(norm_type)
    max_norm = float(max_norm)
    if len(grads) == 0:
        return tensor(0.0)
    with no_grad():
        norms = [norm(g, norm_type) for g in grads]
        total_norm = norm(stack(norms), norm_type)
        value = total_norm.item()
        if error_if_nonfinite and (math.isnan(value) or math.isinf(value)):
            raise RuntimeError(
                f"The total norm of order {norm_type} for gradients from "
                "`parameters` is non-finite, so it cannot be clipped. To disable "
                "this error and scale the gradients by the non-finite norm anyway, "
                "set `error_if_nonfinite=False`"
            )
        clip_coef = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
        for g in grads:
            g.mul_(clip_coef)
    return total_norm


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamps every gradient to ``[-clip_value, clip_value]``, in place.

    Args:
        parameters: A Tensor, or an iterable of Tensors.
        clip_value: The largest magnitude a gradient element keeps.
        foreach: None or False (True raises as PyTorch on the CPU).

    Raises:
        RuntimeError: ``foreach=True``.
    """
    _check_foreach(foreach)
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    with no_grad():
        for p in parameters:
            if p.grad is not None:
                p.grad.clamp_(min=-clip_value, max=clip_value)
