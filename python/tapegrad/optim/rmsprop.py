"""``RMSprop``, as ``torch.optim.RMSprop``."""

from .. import _core
from .optimizer import (
    Optimizer,
    _check_implementation,
    _check_lr,
    _check_number,
    _guard_hyperparameters,
    _step_tensor,
)

__all__ = ["RMSprop"]

_rmsprop_step = _core._rmsprop_step


class RMSprop(Optimizer):
    """RMSprop (Hinton), as ``torch.optim.RMSprop``.

    Per parameter with a gradient ``g`` (``-g`` with ``maximize``, plus ``weight_decay * p``):
    ``square_avg = alpha * square_avg + (1 - alpha) * g**2``; the denominator is
    ``sqrt(square_avg) + eps`` (with ``centered``, ``grad_avg`` a moving average of ``g`` and
    ``sqrt(square_avg - grad_avg**2) + eps``); then ``p -= lr * g / denom``, or with momentum
    ``buf = momentum * buf + g / denom`` and ``p -= lr * buf``. State keys: ``step``,
    ``square_avg``, ``momentum_buffer``, ``grad_avg`` (PyTorch's).

    Args:
        params: An iterable of parameters or of parameter groups (dicts).
        lr: The learning rate (>= 0).
        alpha: The smoothing constant (>= 0).
        eps: Added to the denominator (>= 0).
        weight_decay: L2 penalty (>= 0).
        momentum: The momentum factor (>= 0).
        centered: Normalize by an estimate of the gradient's variance.
        capturable: False (no CUDA graphs).
        foreach: None or False (tapegrad has one implementation, fused per tensor).
        maximize: Maximize the objective instead of minimizing it.
        differentiable: False (steps are not recorded for autograd).

    Raises:
        ValueError: A hyperparameter out of range, an implementation option set, or a bad
            parameter list (see ``Optimizer``).
        TypeError: A hyperparameter that is not a number.
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        alpha=0.99,
        eps=1e-8,
        weight_decay=0,
        momentum=0,
        centered=False,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        for name, value in (
            ("lr", lr),
            ("alpha", alpha),
            ("eps", eps),
            ("weight_decay", weight_decay),
            ("momentum", momentum),
        ):
            _check_number("RMSprop", name, value)
        _check_lr(lr)
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not momentum >= 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not alpha >= 0.0:
            raise ValueError(f"Invalid alpha value: {alpha}")
        _check_implementation(
            "RMSprop", foreach=foreach, differentiable=differentiable, capturable=capturable
        )
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("momentum", 0)
            group.setdefault("centered", False)
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
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
            momentum, centered = group["momentum"], group["centered"]
            params, grads, square_avgs, grad_avgs, buffers, steps = [], [], [], [], [], []
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                s = state[p]
                if len(s) == 0:
                    s["step"] = _step_tensor()
                    s["square_avg"] = zeros_like(p, p.dtype)
                    if momentum > 0:
                        s["momentum_buffer"] = zeros_like(p, p.dtype)
                    if centered:
                        s["grad_avg"] = zeros_like(p, p.dtype)
                params.append(p)
                grads.append(g)
                square_avgs.append(s["square_avg"])
                steps.append(s["step"])
                if momentum > 0:
                    buffers.append(s["momentum_buffer"])
                if centered:
                    grad_avgs.append(s["grad_avg"])
            if not params:
                continue
            _rmsprop_step(
                params,
                grads,
                square_avgs,
                grad_avgs if centered else None,
                buffers if momentum > 0 else None,
                steps,
                group["lr"],
                group["alpha"],
                group["eps"],
                group["weight_decay"],
                momentum,
                centered,
                group["maximize"],
            )
        return loss


_guard_hyperparameters(RMSprop, ["lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"])
