"""``SGD``: stochastic gradient descent with momentum, as ``torch.optim.SGD``."""

from .. import _core
from .optimizer import Optimizer, _check_implementation, _check_lr, _check_number, _guard_hyperparameters

__all__ = ["SGD"]

_sgd_step = _core._sgd_step
_sgd_step_group = _core._sgd_step_group


class SGD(Optimizer):
    """Stochastic gradient descent (optionally with momentum), as ``torch.optim.SGD``.

    Per parameter with a gradient ``g`` (``-g`` with ``maximize``): ``g += weight_decay * p``;
    with momentum, ``b = g`` on the first step and ``b = momentum * b + (1 - dampening) * g``
    after (``state[p]['momentum_buffer']``), then ``g = g + momentum * b`` (Nesterov) or
    ``g = b``; finally ``p -= lr * g``. Hyperparameters are read from ``param_groups`` at every
    step.

    Args:
        params: An iterable of parameters (``model.parameters()``) or of parameter groups
            (dicts).
        lr: The learning rate (>= 0; a float or a one-element Tensor).
        momentum: The momentum factor (>= 0).
        dampening: Dampening of the momentum.
        weight_decay: L2 penalty (>= 0).
        nesterov: Nesterov momentum (needs momentum > 0 and dampening 0).
        maximize: Maximize the objective instead of minimizing it.
        foreach: None or False (tapegrad has one implementation, fused per tensor).
        differentiable: False (steps are not recorded for autograd).
        fused: None or False.

    Raises:
        ValueError: A negative lr, momentum or weight_decay, Nesterov without momentum or
            with dampening, an implementation option set, or a bad parameter list (see
            ``Optimizer``).
        TypeError: A hyperparameter that is not a number.
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        momentum=0,
        dampening=0,
        weight_decay=0,
        nesterov=False,
        *,
        maximize=False,
        foreach=None,
        differentiable=False,
        fused=None,
    ):
        for name, value in (("lr", lr), ("momentum", momentum), ("dampening", dampening)):
            _check_number("SGD", name, value)
        _check_number("SGD", "weight_decay", weight_decay)
        _check_lr(lr)
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        _check_implementation("SGD", foreach=foreach, fused=fused, differentiable=differentiable)
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)

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
        for group in self.param_groups:
            if _sgd_step_group(group):  # no momentum, no state: updated in one call
                continue
            momentum = group["momentum"]
            state = self.state
            params, grads, buffers = [], [], []
            for p in group["params"]:
                g = p.grad
                if g is not None:
                    params.append(p)
                    grads.append(g)
                    buffers.append(state[p].get("momentum_buffer"))
            _sgd_step(
                params,
                grads,
                buffers,
                group["lr"],
                momentum,
                group["dampening"],
                group["weight_decay"],
                group["nesterov"],
                group["maximize"],
            )
            for p, buffer in zip(params, buffers):
                state[p]["momentum_buffer"] = buffer
        return loss


_guard_hyperparameters(SGD, ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"])
