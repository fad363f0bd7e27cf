"""Loss functions, ``softmax``, ``log_softmax`` and ``one_hot`` of ``tapegrad.nn.functional``, as in
``torch.nn.functional``.

Every loss takes PyTorch's arguments, ``reduction='mean'|'sum'|'none'`` among them (the legacy
``size_average`` and ``reduce`` are read as PyTorch reads them). Elementwise losses need input and
target of the same shape: tapegrad refuses to broadcast them (PyTorch warns and broadcasts, which
silently turns a (N,) target against (N, 1) predictions into an (N, N) loss).
"""

import math
import warnings

from .. import _core
from .._core import Tensor, tensor

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "log_softmax",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "smooth_l1_loss",
    "softmax",
]


def _legacy(size_average, reduce, reduction):
    """PyTorch's reading of the deprecated size_average and reduce (either one replaces reduction)."""
    if size_average is None and reduce is None:
        return reduction
    warnings.warn(
        "size_average and reduce are deprecated, please use reduction='mean', 'sum' or 'none' instead",
        UserWarning,
        stacklevel=3,
    )
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if not reduce:
        return "none"
    return "mean" if size_average else "sum"


def _check_reduction(reduction):
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction!r} is not a valid value for reduction: use 'mean', 'sum' or 'none'")
    return reduction


def _weighted(losses, weight, reduction, by_weight_sum=False):
    """weight * losses, reduced; PyTorch's weighted mse_loss and l1_loss divide the sum by the
    weights' sum (a weighted mean), huber_loss by the element count."""
    if not isinstance(weight, Tensor):
        weight = tensor(weight)
    losses = losses * weight
    if reduction == "mean":
        if by_weight_sum:
            copies = math.prod(losses.shape) / math.prod(weight.shape)  # a broadcast weight repeats
            return losses.sum() / (weight.sum() * copies)
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """``(input - target) ** 2``, reduced; input and target must have the same shape.

    Args:
        input (Tensor): the predictions.
        target (Tensor or array-like): the targets, of the input's shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'`` (the default), ``'sum'`` or ``'none'`` (the elementwise losses).
        weight (Tensor, optional): multiplies the elementwise losses (broadcast to their shape);
            the mean is then the weighted mean ``sum(weight * loss) / sum(weight)``, as PyTorch.

    Returns:
        Tensor: a 0-d tensor, or the elementwise losses with ``reduction='none'``.

    Raises:
        ValueError: the shapes differ, ``reduction`` is unknown, or the mean of empty tensors.
    """
    if size_average is not None or reduce is not None:
        reduction = _legacy(size_average, reduce, reduction)
    if weight is not None:
        return _weighted(_core.mse_loss(input, target, "none"), weight, _check_reduction(reduction), True)
    return _core.mse_loss(input, target, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """``|input - target|``, reduced; input and target must have the same shape.

    Args:
        input (Tensor): the predictions.
        target (Tensor or array-like): the targets, of the input's shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.
        weight (Tensor, optional): multiplies the elementwise losses (broadcast to their shape).
    """
    reduction = _legacy(size_average, reduce, reduction)
    if weight is not None:
        return _weighted(_core.l1_loss(input, target, "none"), weight, _check_reduction(reduction), True)
    return _core.l1_loss(input, target, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta``, with ``d = input - target``.

    Args:
        input (Tensor): the predictions.
        target (Tensor or array-like): the targets, of the input's shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.
        beta (float): where the quadratic part ends, >= 0 (0 gives ``l1_loss``).
    """
    return _core.smooth_l1_loss(input, target, _legacy(size_average, reduce, reduction), beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``, with ``d = input - target``.

    Args:
        input (Tensor): the predictions.
        target (Tensor or array-like): the targets, of the input's shape.
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.
        delta (float): where the quadratic part ends, > 0.
        weight (Tensor, optional): multiplies the elementwise losses (broadcast to their shape).
    """
    if weight is not None:
        return _weighted(_core.huber_loss(input, target, "none", delta), weight, _check_reduction(reduction))
    return _core.huber_loss(input, target, reduction, delta)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """``-(target log(input) + (1 - target) log(1 - input))``, each log clamped at -100 as PyTorch.

    Args:
        input (Tensor): probabilities, every one in [0, 1].
        target (Tensor or array-like): the targets, of the input's shape.
        weight (Tensor, optional): multiplies the elementwise losses (broadcast to their shape).
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.

    Raises:
        ValueError: the shapes differ, or an input is outside [0, 1] (NaN included).
    """
    return _core.binary_cross_entropy(input, target, weight, _legacy(size_average, reduce, reduction))


def binary_cross_entropy_with_logits(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None
):
    """``binary_cross_entropy(sigmoid(input), target)`` computed stably for any logit.

    Args:
        input (Tensor): logits.
        target (Tensor or array-like): the targets, of the input's shape.
        weight (Tensor, optional): multiplies the elementwise losses (broadcast to their shape).
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.
        pos_weight (Tensor, optional): weighs the positive term, one per class (broadcast along
            the last dimension).
    """
    return _core.binary_cross_entropy_with_logits(
        input, target, weight, pos_weight, _legacy(size_average, reduce, reduction)
    )


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """The negative log-likelihood of class indices: ``-input[n, target[n]]``, weighted, reduced.

    ``input`` holds log-probabilities of shape (C,), (N, C) or (N, C, d1, ...) (classes along
    dimension 1); ``target`` the int64 class indices of shape (), (N,) or (N, d1, ...). The
    mean is weighted: the sum of the losses over the sum of the weights of the targets not
    ignored (NaN when every target is ignored), as in PyTorch.

    Args:
        input (Tensor): log-probabilities.
        target (Tensor): class indices, an integer tensor.
        weight (Tensor, optional): one weight per class, shape (C,).
        size_average (bool, optional): deprecated (see ``reduction``).
        ignore_index (int): targets equal to it count for nothing.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.

    Raises:
        IndexError: a target outside [0, C) that is not ``ignore_index``.
        ValueError: the target's or the weight's shape does not fit the input.
        TypeError: the target is not an integer tensor.
    """
    return _core.nll_loss(input, target, weight, ignore_index, _legacy(size_average, reduce, reduction))


def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index=-100,
    reduce=None,
    reduction="mean",
    label_smoothing=0.0,
):
    """Cross-entropy of logits: ``nll_loss(log_softmax(input, 1), target)`` fused and stable.

    ``target`` holds class indices (an int64 tensor, as for ``nll_loss``) or class probabilities
    (a floating-point tensor of the input's shape). ``label_smoothing`` mixes the target with
    the uniform distribution over the C classes. The log-softmax never exponentiates a large
    logit, and the backward is ``softmax - target`` in one loop.

    Args:
        input (Tensor): logits of shape (C,), (N, C) or (N, C, d1, ...).
        target (Tensor): class indices or class probabilities.
        weight (Tensor, optional): one weight per class, shape (C,).
        size_average (bool, optional): deprecated (see ``reduction``).
        ignore_index (int): class-index targets equal to it count for nothing.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'``, ``'sum'`` or ``'none'``.
        label_smoothing (float): in [0, 1].

    Raises:
        IndexError: a class index outside [0, C) that is not ``ignore_index``.
        ValueError: the target's or the weight's shape does not fit the input.
    """
    return _core.cross_entropy(
        input, target, weight, ignore_index, _legacy(size_average, reduce, reduction), label_smoothing
    )


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """The Kullback-Leibler divergence ``target * (log(target) - input)``, ``input`` in log space.

    Args:
        input (Tensor): log-probabilities.
        target (Tensor or array-like): probabilities (log-probabilities with ``log_target``), of
            the input's shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'mean'`` (over every element), ``'batchmean'`` (the sum divided by
            the first dimension: the true KL divergence per sample), ``'sum'`` or ``'none'``.
        log_target (bool): the target is given as log-probabilities.
    """
    reduction = _legacy(size_average, reduce, reduction)
    if reduction == "batchmean":
        total = _core.kl_div(input, target, "sum", log_target)
        return total / input.shape[0] if input.ndim > 0 else total
    return _core.kl_div(input, target, reduction, log_target)


def one_hot(tensor, num_classes=-1):
    """An int64 tensor with a last dimension of ``num_classes``: 1 at each index of ``tensor``.

    Args:
        tensor (Tensor): class indices, an integer tensor of any shape.
        num_classes (int): the number of classes; -1 means ``tensor.max() + 1``.

    Raises:
        ValueError: a negative index, an index >= ``num_classes``, or an empty tensor with -1.
    """
    return _core.one_hot(tensor, num_classes)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """``tg.softmax`` as ``torch.nn.functional.softmax``; ``dim`` is required.

    PyTorch warns and guesses a dimension when ``dim`` is None; tapegrad raises instead.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int): the dimension the probabilities sum to 1 along.
        _stacklevel (int): ignored (PyTorch's warning depth).
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.

    Raises:
        TypeError: ``dim`` is None.
    """
    if dim is None:
        raise TypeError(
            "softmax(): pass dim, the dimension to normalise (dim=-1 for the last, dim=1 for classes)"
        )
    return _core.softmax(input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """``tg.log_softmax`` as ``torch.nn.functional.log_softmax``; ``dim`` is required.

    Args:
        input (Tensor): a floating-point tensor.
        dim (int): the dimension to normalise along.
        _stacklevel (int): ignored (PyTorch's warning depth).
        dtype (tapegrad.dtype, optional): convert the input to this dtype first.

    Raises:
        TypeError: ``dim`` is None.
    """
    if dim is None:
        raise TypeError(
            "log_softmax(): pass dim, the dimension to normalise (dim=-1 for the last, dim=1 for classes)"
        )
    return _core.log_softmax(input, dim, dtype)
