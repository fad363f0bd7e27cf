"""``AdamW``: Adam with decoupled weight decay, as ``torch.optim.AdamW``."""

from .adam import Adam

__all__ = ["AdamW"]


class AdamW(Adam):
    """AdamW (Loshchilov & Hutter), as ``torch.optim.AdamW``: Adam whose weight decay shrinks
    the parameters directly (``p *= 1 - lr * weight_decay``) instead of entering the moment
    estimates. The state and its keys are Adam's.

    Args:
        params: An iterable of parameters or of parameter groups (dicts).
        lr: The learning rate (>= 0).
        betas: ``(beta1, beta2)``, two floats in [0, 1).
        eps: Added to the denominator (>= 0).
        weight_decay: The decoupled weight decay (>= 0; default 1e-2).
        amsgrad: Use the running maximum of ``exp_avg_sq`` (AMSGrad).
        maximize: Maximize the objective instead of minimizing it.
        foreach: None or False (tapegrad has one implementation, fused per tensor).
        capturable: False (no CUDA graphs).
        differentiable: False (steps are not recorded for autograd).
        fused: None or False.

    Raises:
        ValueError: A hyperparameter out of range, an implementation option set, or a bad
            parameter list (see ``Optimizer``).
        TypeError: A hyperparameter that is not a number.
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=1e-2,
        amsgrad=False,
        *,
        maximize=False,
        foreach=None,
        capturable=False,
        differentiable=False,
        fused=None,
    ):
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
