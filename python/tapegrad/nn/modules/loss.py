"""Loss layers, as ``torch.nn``'s: each calls its ``tapegrad.nn.functional`` form.

Every one takes ``reduction='mean'|'sum'|'none'`` (checked when the layer is made; PyTorch
checks when it is called). The deprecated ``size_average`` and ``reduce`` are accepted only as
None: pass ``reduction`` instead. Class weights and ``pos_weight`` are buffers (in
``state_dict()`` under PyTorch's keys when given).
"""

from .. import _losses as F
from .module import Module

__all__ = ["BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "HuberLoss", "L1Loss", "MSELoss", "NLLLoss"]


class _Loss(Module):
    """The base of the loss layers: holds and checks ``reduction``."""

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            raise ValueError(
                f"{type(self).__name__}: size_average and reduce are deprecated and not supported: "
                "pass reduction='mean', 'sum' or 'none' instead"
            )
        self.reduction = F._check_reduction(reduction)


class _WeightedLoss(_Loss):
    """A loss with per-class weights, registered as the buffer ``weight``."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


class MSELoss(_Loss):
    """The mean squared error ``(input - target) ** 2``, reduced, as ``torch.nn.MSELoss``.

    Args:
        size_average: Deprecated: only None.
        reduce: Deprecated: only None.
        reduction: ``'mean'``, ``'sum'`` or ``'none'``.

    Raises:
        ValueError: An unknown reduction, or ``size_average``/``reduce`` given.
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        """``mse_loss(input, target, reduction=...)``.

        Args:
            input: The predictions.
            target: The targets, of the input's shape.
        """
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """The mean absolute error ``|input - target|``, reduced, as ``torch.nn.L1Loss``.

    Args:
        size_average: Deprecated: only None.
        reduce: Deprecated: only None.
        reduction: ``'mean'``, ``'sum'`` or ``'none'``.

    Raises:
        ValueError: An unknown reduction, or ``size_average``/``reduce`` given.
    """

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)

    def forward(self, input, target):
        """``l1_loss(input, target, reduction=...)``.

        Args:
            input: The predictions.
            target: The targets, of the input's shape.
        """
        return F.l1_loss(input, target, reduction=self.reduction)


class HuberLoss(_Loss):
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)``, as ``torch.nn.HuberLoss``.

    Args:
        reduction: ``'mean'``, ``'sum'`` or ``'none'``.
        delta: Where the quadratic part ends, > 0.

    Raises:
        ValueError: An unknown reduction.
    """

    def __init__(self, reduction="mean", delta=1.0):
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input, target):
        """``huber_loss(input, target, reduction=..., delta=...)``.

        Args:
            input: The predictions.
            target: The targets, of the input's shape.
        """
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class NLLLoss(_WeightedLoss):
    """The negative log-likelihood of class indices, as ``torch.nn.NLLLoss``.

    Args:
        weight: One weight per class, a Tensor of shape ``(C,)`` (the buffer ``weight``), or None.
        size_average: Deprecated: only None.
        ignore_index: Targets equal to it count for nothing.
        reduce: Deprecated: only None.
        reduction: ``'mean'`` (weighted), ``'sum'`` or ``'none'``.

    Raises:
        ValueError: An unknown reduction, or ``size_average``/``reduce`` given.
        TypeError: ``weight`` is neither a Tensor nor None.
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        """``nll_loss(input, target, weight, ignore_index=..., reduction=...)``.

        Args:
            input: Log-probabilities of shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ...)``.
            target: Class indices (int64).
        """
        return F.nll_loss(
            input, target, weight=self.weight, ignore_index=self.ignore_index, reduction=self.reduction
        )


class CrossEntropyLoss(_WeightedLoss):
    """Cross-entropy of logits against class indices or probabilities, as ``torch.nn.CrossEntropyLoss``.

    Args:
        weight: One weight per class, a Tensor of shape ``(C,)`` (the buffer ``weight``), or None.
        size_average: Deprecated: only None.
        ignore_index: Class-index targets equal to it count for nothing.
        reduce: Deprecated: only None.
        reduction: ``'mean'`` (weighted), ``'sum'`` or ``'none'``.
        label_smoothing: In [0, 1]: mixes the target with the uniform distribution.

    Raises:
        ValueError: An unknown reduction, or ``size_average``/``reduce`` given.
        TypeError: ``weight`` is neither a Tensor nor None.
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        ignore_index=-100,
        reduce=None,
        reduction="mean",
        label_smoothing=0.0,
    ):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        """``cross_entropy(input, target, weight, ignore_index=..., reduction=..., label_smoothing=...)``.

        Args:
            input: Logits of shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ...)``.
            target: Class indices (int64) or class probabilities (the input's shape).
        """
        return F.cross_entropy(
            input,
            target,
            weight=self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class BCELoss(_WeightedLoss):
    """Binary cross-entropy of probabilities, as ``torch.nn.BCELoss`` (each log clamped at -100).

    Args:
        weight: Multiplies the elementwise losses (broadcast; the buffer ``weight``), or None.
        size_average: Deprecated: only None.
        reduce: Deprecated: only None.
        reduction: ``'mean'``, ``'sum'`` or ``'none'``.

    Raises:
        ValueError: An unknown reduction, or ``size_average``/``reduce`` given.
        TypeError: ``weight`` is neither a Tensor nor None.
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input, target):
        """``binary_cross_entropy(input, target, weight, reduction=...)``.

        Args:
            input: Probabilities in [0, 1].
            target: The targets, of the input's shape.
        """
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits, stable for any logit, as ``torch.nn.BCEWithLogitsLoss``.

    Args:
        weight: Multiplies the elementwise losses (broadcast; the buffer ``weight``), or None.
        size_average: Deprecated: only None.
        reduce: Deprecated: only None.
        reduction: ``'mean'``, ``'sum'`` or ``'none'``.
        pos_weight: Weighs the positive term, one per class along the last dimension (the
            buffer ``pos_weight``), or None.

    Raises:
        ValueError: An unknown reduction, or ``size_average``/``reduce`` given.
        TypeError: ``weight`` or ``pos_weight`` is neither a Tensor nor None.
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        """``binary_cross_entropy_with_logits(input, target, weight, reduction=..., pos_weight=...)``.

        Args:
            input: Logits.
            target: The targets, of the input's shape.
        """
        return F.binary_cross_entropy_with_logits(
            input, target, weight=self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )
