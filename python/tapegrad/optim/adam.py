"""``Adam``: adaptive moment estimation, as ``torch.optim.Adam``."""

from .. import _core
from .optimizer import (
    Optimizer,
    Tensor,
    _check_implementation,
    _check_lr,
    _check_number,
    _guard_hyperparameters,
    _step_tensor,
)

__all__ = ["Adam"]

_adam_step = _core._adam_step


class Adam(Optimizer):
    """Adam (Kingma & Ba), bias-corrected, as ``torch.optim.Adam``.

    Per parameter with a gradient: ``step += 1``; the gradient (negated with ``maximize``) gets
    ``weight_decay * p`` added (or, with ``decoupled_weight_decay``, ``p *= 1 - lr *
    weight_decay`` first: AdamW); ``exp_avg`` and ``exp_avg_sq`` are moving averages of it and
    of its square (``max_exp_avg_sq`` their running maximum with ``amsgrad``); ``p -= lr /
    (1 - beta1**step) * exp_avg / (sqrt(exp_avg_sq) / sqrt(1 - beta2**step) + eps)``. The state
    keys and ``step`` (a 0-d float tensor) are PyTorch's.

    Args:
        params: An iterable of parameters or of parameter groups (dicts).
        lr: The learning rate (>= 0; a float or a one-element Tensor).
        betas: ``(beta1, beta2)``, two floats in [0, 1).
        eps: Added to the denominator (>= 0).
        weight_decay: L2 penalty (>= 0).
        amsgrad: Use the running maximum of ``exp_avg_sq`` (AMSGrad).
        foreach: None or False (tapegrad has one implementation, fused per tensor).
        maximize: Maximize the objective instead of minimizing it.
        capturable: False (no CUDA graphs).
        differentiable: False (steps are not recorded for autograd).
        fused: None or False.
        decoupled_weight_decay: Decay the weights directly (AdamW) instead of through the
            gradient.

    Raises:
        ValueError: A hyperparameter out of range, betas that are not both floats, an
            implementation option set, or a bad parameter list (see ``Optimizer``).
        TypeError: A hyperparameter that is not a number.
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        amsgrad=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
        fused=None,
        decoupled_weight_decay=False,
    ):
        name = type(self).__name__
        for arg, value in (("lr", lr), ("eps", eps), ("weight_decay", weight_decay)):
            _check_number(name, arg, value)
        betas = tuple(betas)
        if len(betas) != 2:
            raise ValueError(f"{name}(): betas must be a pair (beta1, beta2), got {len(betas)} values")
        for i, beta in enumerate(betas):
            _check_number(name, f"betas[{i}]", beta)
        _check_lr(lr)
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not (
            (isinstance(betas[0], float) and isinstance(betas[1], float))
            or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))
        ):
            raise ValueError("betas must be either both floats or both Tensors")
        _check_implementation(
            name, foreach=foreach, fused=fused, differentiable=differentiable, capturable=capturable
        )
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            group.setdefault("fused", None)
        self._steps_as_tensors()

    def step(self, closure=None):
        """Performs a single optimization step.

        Args:
            closure: A callable that re-evaluates the model and returns the loss (run with
                gradients enabled), or None.

        Returns:
            The closure's loss, or None.
        """
        self._note_step()
        loss = None
        if closure is not None:
            loss = self._closure_loss(closure)
        state = self.state
        zeros_like = _core._zeros_like
        for group in self.param_groups:
            amsgrad = group["amsgrad"]
            params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps = [], [], [], [], [], []
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                s = state[p]
                if len(s) == 0:  # lazy initialization, as torch
                    s["step"] = _step_tensor()
                    s["exp_avg"] = zeros_like(p, p.dtype)
                    s["exp_avg_sq"] = zeros_like(p, p.dtype)
                    if amsgrad:
                        s["max_exp_avg_sq"] = zeros_like(p, p.dtype)
                params.append(p)
                grads.append(g)
                exp_avgs.append(s["exp_avg"])
                exp_avg_sqs.append(s["exp_avg_sq"])
                if amsgrad:
                    max_exp_avg_sqs.append(s["max_exp_avg_sq"])
                steps.append(s["step"])
            if not params:
                continue
            beta1, beta2 = group["betas"]
            _adam_step(
                params,
                grads,
                exp_avgs,
                exp_avg_sqs,
                max_exp_avg_sqs if amsgrad else None,
                steps,
                group["lr"],
                beta1,
                beta2,
                group["eps"],
                group["weight_decay"],
                amsgrad,
                group["maximize"],
                group["decoupled_weight_decay"],
            )
        return loss


_guard_hyperparameters(
    Adam, ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay"]
)
