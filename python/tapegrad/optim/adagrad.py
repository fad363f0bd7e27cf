"""``Adagrad``, as ``torch.optim.Adagrad``."""

from .. import _core
from .optimizer import (
    Optimizer,
    _check_implementation,
    _check_lr,
    _check_number,
    _guard_hyperparameters,
    _step_tensor,
)

__all__ = ["Adagrad"]

_adagrad_step = _core._adagrad_step


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.), as ``torch.optim.Adagrad``.

    Per parameter with a gradient ``g`` (``-g`` with ``maximize``, plus ``weight_decay * p``):
    ``step += 1``, ``sum += g**2``, ``p -= lr / (1 + (step - 1) * lr_decay) * g / (sqrt(sum) +
    eps)``. The state (``step``, ``sum`` filled with ``initial_accumulator_value``) is made for
    every parameter when the optimizer is built, as PyTorch does (and on the first step for a
    group added later).

    Args:
        params: An iterable of parameters or of parameter groups (dicts).
        lr: The learning rate (>= 0).
        lr_decay: The learning rate decay (>= 0).
        weight_decay: L2 penalty (>= 0).
        initial_accumulator_value: The initial value of ``sum`` (>= 0).
        eps: Added to the denominator (>= 0).
        foreach: None or False (tapegrad has one implementation, fused per tensor).
        maximize: Maximize the objective instead of minimizing it.
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
        lr=1e-2,
        lr_decay=0,
        weight_decay=0,
        initial_accumulator_value=0,
        eps=1e-10,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        fused=None,
    ):
        for name, value in (
            ("lr", lr),
            ("lr_decay", lr_decay),
            ("weight_decay", weight_decay),
            ("initial_accumulator_value", initial_accumulator_value),
            ("eps", eps),
        ):
            _check_number("Adagrad", name, value)
        _check_lr(lr)
        if not lr_decay >= 0.0:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not initial_accumulator_value >= 0.0:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _check_implementation("Adagrad", foreach=foreach, fused=fused, differentiable=differentiable)
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p, group)

    def _init_state(self, p, group):
        state = self.state[p]
        state["step"] = _step_tensor()
        state["sum"] = _core._full_like(p, group["initial_accumulator_value"], p.dtype)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
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
        for group in self.param_groups:
            params, grads, sums, steps = [], [], [], []
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                s = state.get(p) or self._init_state(p, group)
                params.append(p)
                grads.append(g)
                sums.append(s["sum"])
                steps.append(s["step"])
            if not params:
                continue
            _adagrad_step(
                params,
                grads,
                sums,
                steps,
                group["lr"],
                group["lr_decay"],
                group["weight_decay"],
                group["eps"],
                group["maximize"],
            )
        return loss


_guard_hyperparameters(
    Adagrad, ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"]
)
