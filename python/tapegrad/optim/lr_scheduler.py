"""Learning-rate schedulers, as ``torch.optim.lr_scheduler``.

A scheduler works on any optimizer with PyTorch's ``param_groups`` (a list of dicts, each with
``'params'`` and ``'lr'``, and ``'momentum'`` or ``'betas'`` for :class:`OneCycleLR`'s momentum
cycling) and a ``step()`` method. It writes ``group['lr']`` (and ``group['initial_lr']``) as
PyTorch's does, with the same float64 formulas (the recursive forms where PyTorch uses them), so
a schedule's learning rates equal PyTorch's to the last bit:

    opt = tg.optim.SGD(model.parameters(), lr=0.1)
    sched = tg.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1)
    for epoch in range(100):
        train(...)          # opt.step() inside
        sched.step()
"""

import contextlib
import math
import types
import warnings
from bisect import bisect_right
from collections import Counter
from functools import wraps
from weakref import ref

__all__ = [
    "CosineAnnealingLR",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "OneCycleLR",
    "ReduceLROnPlateau",
    "StepLR",
]

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where "
    "possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if "
    "epoch is different from None, the closed form is used instead of the new chainable form, "
    "where available."
)


def _is_tensor(value):
    from .. import _core

    return isinstance(value, _core.Tensor)


def _check_optimizer(optimizer):
    """The optimizer protocol the schedulers use: ``param_groups``, a list of dicts with 'lr'."""
    groups = getattr(optimizer, "param_groups", None)
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups):
        raise TypeError(
            f"{type(optimizer).__name__} is not an Optimizer: a scheduler needs an optimizer with "
            "param_groups, a list of dicts (tapegrad.optim's, or any with PyTorch's design)"
        )


def _copy(value):
    return value.clone() if _is_tensor(value) else value


def _format_param(name, optimizer, param):
    """One value per param group: a list or tuple of that length, or one value for all."""
    if isinstance(param, (list, tuple)):
        if len(param) != len(optimizer.param_groups):
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. "
                f"{name} has {len(param)} values, param_groups has {len(optimizer.param_groups)}."
            )
    else:
        param = [param] * len(optimizer.param_groups)
    return [_copy(p) for p in param]


def _param_groups_val_list(optimizer, key):
    return [_copy(group[key]) for group in optimizer.param_groups]


def _update_param_group_val(param_group, key, val):
    if _is_tensor(param_group[key]):
        param_group[key].fill_(float(val))
    else:
        param_group[key] = val


class _GetLrCall:
    """Marks get_lr() as called from step() (it warns when called from elsewhere)."""

    def __init__(self, sched):
        self.sched = sched

    def __enter__(self):
        self.sched._get_lr_called_within_step = True

    def __exit__(self, *exc):
        self.sched._get_lr_called_within_step = False


class _InitialMode:
    """Marks the step the constructor takes (some schedules leave the lr alone on it)."""

    def __init__(self, sched):
        self.sched = sched

    def __enter__(self):
        self.sched._is_initial = True

    def __exit__(self, *exc):
        self.sched._is_initial = False


def _warn_get_lr_called_within_step(sched):
    if not sched._get_lr_called_within_step:
        warnings.warn(
            "To get the last learning rate computed by the scheduler, please use `get_last_lr()`.",
            UserWarning,
            stacklevel=3,
        )


def _wrap_optimizer_step(sched):
    """Wraps optimizer.step to note that it was called, as PyTorch's schedulers do (for the
    warning about ``scheduler.step()`` before ``optimizer.step()``). An optimizer whose ``step``
    cannot be replaced is left as it is (and the warning is not given)."""
    opt = sched.optimizer
    step = getattr(opt, "step", None)
    if step is None or hasattr(step, "_wrapped_by_lr_sched"):
        return
    func = getattr(step, "__func__", None)
    if func is None:
        return
    opt_ref = ref(opt)

    @wraps(func)
    def wrapper(*args, **kwargs):
        o = opt_ref()
        o._opt_called = True
        return func.__get__(o, o.__class__)(*args, **kwargs)

    wrapper._wrapped_by_lr_sched = True
    with contextlib.suppress(AttributeError, TypeError):
        opt.step = wrapper


class LRScheduler:
    """The base of the learning-rate schedulers, as ``torch.optim.lr_scheduler.LRScheduler``.

    Subclasses implement :meth:`get_lr` (the next learning rate of each param group). The
    constructor writes ``group['initial_lr']`` (when ``last_epoch`` is -1) and takes the first
    step (epoch 0), which sets each group's ``'lr'`` to the schedule's first value.

    Args:
        optimizer: The optimizer whose ``param_groups`` learning rates are scheduled.
        last_epoch: The index of the last epoch; -1 (the default) starts the schedule. Other
            values resume it, and need ``'initial_lr'`` in every param group (restored with
            the optimizer's state).

    Raises:
        TypeError: The optimizer has no ``param_groups``.
        KeyError: ``last_epoch`` is not -1 and a param group has no ``'initial_lr'``.
    """

    _get_lr_called_within_step = False
    _is_initial = False

    def __init__(self, optimizer, last_epoch=-1):
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", _copy(group["lr"]))
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when resuming "
                        "scheduler with last_epoch >= 0: load the optimizer's state (which holds "
                        "it) before creating the scheduler, or start a new schedule with "
                        "last_epoch=-1"
                    )
        self.base_lrs = _param_groups_val_list(optimizer, "initial_lr")
        self.last_epoch = last_epoch
        _wrap_optimizer_step(self)
        self._initial_step()

    def _initial_step(self):
        self._step_count = 0
        with _InitialMode(self):
            self.step()

    def state_dict(self):
        """The scheduler's state: every attribute but the optimizer, as PyTorch's.

        Returns:
            dict: the state, for :meth:`load_state_dict`.
        """
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict):
        """Restores the scheduler's state.

        Args:
            state_dict (dict): A state from :meth:`state_dict`.
        """
        self.__dict__.update(state_dict)

    def get_last_lr(self):
        """The learning rates the last step set, one per param group.

        Returns:
            list: the learning rates (copies: changing them changes nothing).
        """
        return self._last_lr

    def get_lr(self):
        """The next learning rate of each param group (called by :meth:`step`).

        Returns:
            list: the learning rates, one per param group.
        """
        raise NotImplementedError

    def step(self, epoch=None):
        """Moves the schedule one epoch on and writes the new learning rates into the groups.

        Call it after the optimizer's ``step()``.

        Args:
            epoch (int, optional): Deprecated (as in PyTorch): sets ``last_epoch`` to it and
                uses the closed form where the scheduler has one. Call ``step()`` instead.
        """
        if self._step_count == 1:
            if not hasattr(getattr(self.optimizer, "step", None), "_wrapped_by_lr_sched"):
                pass  # an optimizer whose step could not be wrapped: no warning either way
            elif not getattr(self.optimizer, "_opt_called", False):
                warnings.warn(
                    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. You should "
                    "call them in the opposite order: `optimizer.step()` before "
                    "`lr_scheduler.step()`. Failure to do this will result in skipping the first "
                    "value of the learning rate schedule.",
                    UserWarning,
                    stacklevel=2,
                )
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self._update_lr(epoch)

    def _update_lr(self, epoch=None):
        with _GetLrCall(self):
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                values = self._get_closed_form_lr() if hasattr(self, "_get_closed_form_lr") else self.get_lr()
        for param_group, lr in zip(self.optimizer.param_groups, values, strict=True):
            _update_param_group_val(param_group, "lr", lr)
        self._last_lr = _param_groups_val_list(self.optimizer, "lr")


class _LRScheduler(LRScheduler):
    """The old name of :class:`LRScheduler`, kept as PyTorch keeps it.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        last_epoch: The index of the last epoch; -1 starts the schedule.
    """


class LambdaLR(LRScheduler):
    """Sets each group's lr to its initial lr times ``lr_lambda(epoch)``, as PyTorch's ``LambdaLR``.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        lr_lambda: A function of the epoch (an int) giving the factor, or a list (or tuple) of
            such functions, one per param group.
        last_epoch: The index of the last epoch; -1 starts the schedule.

    Raises:
        ValueError: A list of lr_lambdas whose length is not the number of param groups.
    """

    def __init__(self, optimizer, lr_lambda, last_epoch=-1):
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if not isinstance(lr_lambda, (list, tuple)):
            self.lr_lambdas = [lr_lambda] * len(optimizer.param_groups)
        else:
            if len(lr_lambda) != len(optimizer.param_groups):
                raise ValueError(
                    f"Expected {len(optimizer.param_groups)} lr_lambdas, but got {len(lr_lambda)}"
                )
            self.lr_lambdas = list(lr_lambda)
        super().__init__(optimizer, last_epoch)

    def state_dict(self):
        """The scheduler's state, as PyTorch's.

        The lr_lambdas are saved only when they are callable objects (their ``__dict__``), not
        when they are functions or lambdas (None in their place).

        Returns:
            dict: the state, for :meth:`load_state_dict`.
        """
        state = {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = [None] * len(self.lr_lambdas)
        for i, fn in enumerate(self.lr_lambdas):
            if not isinstance(fn, types.FunctionType):
                state["lr_lambdas"][i] = fn.__dict__.copy()
        return state

    def load_state_dict(self, state_dict):
        """Restores the scheduler's state (and the attributes of callable-object lr_lambdas).

        Args:
            state_dict (dict): A state from :meth:`state_dict`.
        """
        state = dict(state_dict)
        lr_lambdas = state.pop("lr_lambdas")
        self.__dict__.update(state)
        for i, fn in enumerate(lr_lambdas):
            if fn is not None:
                self.lr_lambdas[i].__dict__.update(fn)

    def get_lr(self):
        """The initial lrs times the lambdas at ``last_epoch``.

        Returns:
            list: the learning rates, one per param group.
        """
        _warn_get_lr_called_within_step(self)
        return [
            base_lr * lmbda(self.last_epoch)
            for lmbda, base_lr in zip(self.lr_lambdas, self.base_lrs, strict=True)
        ]


class StepLR(LRScheduler):
    """Multiplies each group's lr by ``gamma`` every ``step_size`` epochs, as PyTorch's ``StepLR``.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        step_size: The period of the decay, in epochs (a positive integer).
        gamma: The factor of the decay.
        last_epoch: The index of the last epoch; -1 starts the schedule.

    Raises:
        ValueError: step_size not a positive integer (PyTorch fails later, or decays on the
            wrong epochs).
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size <= 0:
            raise ValueError(f"StepLR: step_size must be a positive integer, got {step_size!r}")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The current lrs, times gamma on the epochs that end a period.

        Returns:
            list: the learning rates, one per param group.
        """
        _warn_get_lr_called_within_step(self)
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return _param_groups_val_list(self.optimizer, "lr")
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [base_lr * self.gamma ** (self.last_epoch // self.step_size) for base_lr in self.base_lrs]


class MultiStepLR(LRScheduler):
    """Multiplies each group's lr by ``gamma`` at each milestone, as ``torch.optim.lr_scheduler.MultiStepLR``.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        milestones: The epochs at which the lr decays (a milestone listed twice decays twice).
        gamma: The factor of the decay.
        last_epoch: The index of the last epoch; -1 starts the schedule.
    """

    def __init__(self, optimizer, milestones, gamma=0.1, last_epoch=-1):
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The current lrs, times gamma (per time listed) at a milestone.

        Returns:
            list: the learning rates, one per param group.
        """
        _warn_get_lr_called_within_step(self)
        if self.last_epoch not in self.milestones:
            return _param_groups_val_list(self.optimizer, "lr")
        return [
            group["lr"] * self.gamma ** self.milestones[self.last_epoch]
            for group in self.optimizer.param_groups
        ]

    def _get_closed_form_lr(self):
        milestones = sorted(self.milestones.elements())
        return [
            base_lr * self.gamma ** bisect_right(milestones, self.last_epoch) for base_lr in self.base_lrs
        ]


class LinearLR(LRScheduler):
    """Scales each group's lr by a factor going linearly from start_factor to end_factor, as PyTorch's.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        start_factor: The factor at epoch 0, in (0, 1].
        end_factor: The factor from epoch ``total_iters`` on, in [0, 1].
        total_iters: The number of epochs the factor takes to reach end_factor.
        last_epoch: The index of the last epoch; -1 starts the schedule.

    Raises:
        ValueError: A factor out of range.
    """

    def __init__(self, optimizer, start_factor=1.0 / 3, end_factor=1.0, total_iters=5, last_epoch=-1):
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The current lrs times the ratio of this epoch's factor to the last one's.

        Returns:
            list: the learning rates, one per param group.
        """
        _warn_get_lr_called_within_step(self)
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in self.optimizer.param_groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return _param_groups_val_list(self.optimizer, "lr")
        delta = self.end_factor - self.start_factor
        return [
            group["lr"]
            * (1.0 + delta / (self.total_iters * self.start_factor + (self.last_epoch - 1) * delta))
            for group in self.optimizer.param_groups
        ]

    def _get_closed_form_lr(self):
        return [
            base_lr
            * (
                self.start_factor
                + (self.end_factor - self.start_factor)
                * min(self.total_iters, self.last_epoch)
                / self.total_iters
            )
            for base_lr in self.base_lrs
        ]


class ExponentialLR(LRScheduler):
    """Multiplies each group's lr by ``gamma`` every epoch, as ``torch.optim.lr_scheduler.ExponentialLR``.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        gamma: The factor of the decay.
        last_epoch: The index of the last epoch; -1 starts the schedule.
    """

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The current lrs times gamma (unchanged on the constructor's step).

        Returns:
            list: the learning rates, one per param group.
        """
        _warn_get_lr_called_within_step(self)
        if self._is_initial:
            return _param_groups_val_list(self.optimizer, "lr")
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [base_lr * self.gamma**self.last_epoch for base_lr in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """Anneals each group's lr along a cosine to ``eta_min`` over ``T_max`` epochs, as PyTorch's.

    The recursive form PyTorch uses (so the values are PyTorch's to the last bit); past
    ``T_max`` the lr climbs back up and the cosine repeats with period ``2 * T_max``.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        T_max: The number of epochs of half a period.
        eta_min: The lowest learning rate.
        last_epoch: The index of the last epoch; -1 starts the schedule.
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The next point of the cosine, from the current lrs.

        Returns:
            list: the learning rates, one per param group.
        """
        _warn_get_lr_called_within_step(self)
        groups = self.optimizer.param_groups
        if self._is_initial:
            return _param_groups_val_list(self.optimizer, "lr")
        if self._step_count == 1 and self.last_epoch > 0:
            return [
                self.eta_min
                + (base_lr - self.eta_min) * (1 + math.cos(self.last_epoch * math.pi / self.T_max)) / 2
                for base_lr in self.base_lrs
            ]
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            return [
                group["lr"] + (base_lr - self.eta_min) * (1 - math.cos(math.pi / self.T_max)) / 2
                for base_lr, group in zip(self.base_lrs, groups, strict=True)
            ]
        return [
            (1 + math.cos(math.pi * self.last_epoch / self.T_max))
            / (1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max))
            * (group["lr"] - self.eta_min)
            + self.eta_min
            for group in groups
        ]

    def _get_closed_form_lr(self):
        return [
            self.eta_min
            + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
            for base_lr in self.base_lrs
        ]


class OneCycleLR(LRScheduler):
    """The 1cycle policy, as ``torch.optim.lr_scheduler.OneCycleLR``: the lr rises from
    ``max_lr / div_factor`` to ``max_lr``, then falls to ``initial_lr / final_div_factor``
    (with ``three_phase``: back to the initial lr first), while the momentum (or Adam's beta1)
    moves the other way. Step it after every batch, ``total_steps`` times in all.

    It writes ``'initial_lr'``, ``'max_lr'``, ``'min_lr'`` (and, cycling momentum,
    ``'max_momentum'`` and ``'base_momentum'``) into each param group, as PyTorch's.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        max_lr: The peak learning rate: a number, or a list with one per param group.
        total_steps: The number of steps of the cycle; or give epochs and steps_per_epoch.
        epochs: With steps_per_epoch, gives ``total_steps = epochs * steps_per_epoch``.
        steps_per_epoch: See epochs.
        pct_start: The fraction of the cycle spent raising the lr (a float in [0, 1]).
        anneal_strategy: ``'cos'`` or ``'linear'`` annealing.
        cycle_momentum: Whether to cycle the momentum inversely to the lr; needs param groups
            with ``'momentum'`` (SGD) or ``'betas'`` (Adam: beta1 is cycled).
        base_momentum: The lowest momentum (at the peak lr): a number or one per group.
        max_momentum: The highest momentum (at the start and end): a number or one per group.
        div_factor: The initial lr is ``max_lr / div_factor``.
        final_div_factor: The final lr is ``initial_lr / final_div_factor``.
        three_phase: Whether the lr comes back to the initial lr before annealing to the
            final lr (phases of pct_start, pct_start and the rest of the cycle).
        last_epoch: The index of the last step; -1 starts the schedule.

    Raises:
        ValueError: Neither total_steps nor epochs and steps_per_epoch, a count that is not a
            positive integer, pct_start not a float in [0, 1], an unknown anneal_strategy, a
            per-group list of the wrong length, cycle_momentum with groups that have neither
            'momentum' nor 'betas', or a step past total_steps.
    """

    def __init__(
        self,
        optimizer,
        max_lr,
        total_steps=None,
        epochs=None,
        steps_per_epoch=None,
        pct_start=0.3,
        anneal_strategy="cos",
        cycle_momentum=True,
        base_momentum=0.85,
        max_momentum=0.95,
        div_factor=25.0,
        final_div_factor=1e4,
        three_phase=False,
        last_epoch=-1,
    ):
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if total_steps is not None:
            if isinstance(total_steps, bool) or not isinstance(total_steps, int) or total_steps <= 0:
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}")
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")

        first = {
            "end_step": float(pct_start * self.total_steps) - 1,
            "start_lr": "initial_lr",
            "end_lr": "max_lr",
            "start_momentum": "max_momentum",
            "end_momentum": "base_momentum",
        }
        if three_phase:
            self._schedule_phases = [
                first,
                {
                    "end_step": float(2 * pct_start * self.total_steps) - 2,
                    "start_lr": "max_lr",
                    "end_lr": "initial_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
                {
                    "end_step": self.total_steps - 1,
                    "start_lr": "initial_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "max_momentum",
                    "end_momentum": "max_momentum",
                },
            ]
        else:
            self._schedule_phases = [
                first,
                {
                    "end_step": self.total_steps - 1,
                    "start_lr": "max_lr",
                    "end_lr": "min_lr",
                    "start_momentum": "base_momentum",
                    "end_momentum": "max_momentum",
                },
            ]

        if not isinstance(pct_start, float) or pct_start < 0 or pct_start > 1:
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(
                f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}"
            )
        self._anneal_func_type = anneal_strategy

        max_lrs = _format_param("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for i, group in enumerate(optimizer.param_groups):
                group["initial_lr"] = max_lrs[i] / div_factor
                group["max_lr"] = max_lrs[i]
                group["min_lr"] = group["initial_lr"] / final_div_factor

        self.cycle_momentum = cycle_momentum
        if self.cycle_momentum:
            # PyTorch reads optimizer.defaults; the param groups say the same and are the
            # protocol tapegrad's schedulers use.
            groups = optimizer.param_groups
            if groups and all("betas" in g for g in groups):
                self.use_beta1 = True
            elif groups and all("momentum" in g for g in groups):
                self.use_beta1 = False
            else:
                raise ValueError(
                    "optimizer must support momentum or beta1 with `cycle_momentum` option enabled"
                )
            max_momentums = _format_param("max_momentum", optimizer, max_momentum)
            base_momentums = _format_param("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                for m_momentum, b_momentum, group in zip(max_momentums, base_momentums, groups, strict=True):
                    if self.use_beta1:
                        group["betas"] = (m_momentum, *group["betas"][1:])
                    else:
                        group["momentum"] = m_momentum
                    group["max_momentum"] = m_momentum
                    group["base_momentum"] = b_momentum
        super().__init__(optimizer, last_epoch)

    def _anneal_func(self, start, end, pct):
        if self._anneal_func_type == "cos":
            return self._annealing_cos(start, end, pct)
        return self._annealing_linear(start, end, pct)

    @staticmethod
    def _annealing_cos(start, end, pct):
        cos_out = math.cos(math.pi * pct) + 1
        return end + (start - end) / 2.0 * cos_out

    @staticmethod
    def _annealing_linear(start, end, pct):
        return (end - start) * pct + start

    def get_lr(self):
        """The lr of the current step of the cycle (and the momentum, written into the groups).

        Returns:
            list: the learning rates, one per param group.

        Raises:
            ValueError: The step is past total_steps.
        """
        _warn_get_lr_called_within_step(self)
        lrs = []
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(
                f"Tried to step {step_num} times. The specified number of total steps is {self.total_steps}"
            )
        last = len(self._schedule_phases) - 1
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == last:
                    pct = (step_num - start_step) / (end_step - start_step)
                    computed_lr = self._anneal_func(group[phase["start_lr"]], group[phase["end_lr"]], pct)
                    if self.cycle_momentum:
                        computed_momentum = self._anneal_func(
                            group[phase["start_momentum"]], group[phase["end_momentum"]], pct
                        )
                    break
                start_step = phase["end_step"]
            lrs.append(computed_lr)
            if self.cycle_momentum:
                if self.use_beta1:
                    group["betas"] = (computed_momentum, *group["betas"][1:])
                else:
                    group["momentum"] = computed_momentum
        return lrs


class ReduceLROnPlateau(LRScheduler):
    """Multiplies each group's lr by ``factor`` when a metric stops improving, as PyTorch's.

    ``step(metric)`` after each validation: after more than ``patience`` epochs without an
    improvement (by ``threshold``, relative or absolute), the lrs are reduced (not below
    ``min_lr``; a change smaller than ``eps`` is skipped), then ``cooldown`` epochs pass before
    counting bad epochs again.

    Args:
        optimizer: The optimizer whose learning rates are scheduled.
        mode: ``'min'`` (the metric should fall, as a loss) or ``'max'`` (rise, as an accuracy).
        factor: The factor of a reduction (< 1).
        patience: The number of epochs without improvement tolerated before reducing.
        threshold: The least change that counts as an improvement.
        threshold_mode: ``'rel'`` (best * (1 -/+ threshold)) or ``'abs'`` (best -/+ threshold).
        cooldown: The number of epochs to wait after a reduction before counting again.
        min_lr: The lowest lr: a number, or a list with one per param group.
        eps: A reduction smaller than eps is not made.

    Raises:
        ValueError: factor >= 1, an unknown mode or threshold_mode, or a min_lr list of the
            wrong length.
        TypeError: The optimizer has no ``param_groups``.
    """

    def __init__(
        self,
        optimizer,
        mode="min",
        factor=0.1,
        patience=10,
        threshold=1e-4,
        threshold_mode="rel",
        cooldown=0,
        min_lr=0,
        eps=1e-8,
    ):
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        self.factor = factor
        _check_optimizer(optimizer)
        self.optimizer = optimizer
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(f"expected {len(optimizer.param_groups)} min_lrs, got {len(min_lr)}")
            self.default_min_lr = None
            self.min_lrs = list(min_lr)
        else:
            self.default_min_lr = min_lr
            self.min_lrs = [min_lr] * len(optimizer.param_groups)
        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = _param_groups_val_list(optimizer, "lr")
        self._init_is_better(mode=mode, threshold=threshold, threshold_mode=threshold_mode)
        self._reset()

    def _reset(self):
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def step(self, metrics, epoch=None):
        """Takes the epoch's metric and reduces the lrs if it has stopped improving.

        Args:
            metrics: The metric (anything ``float()`` takes: a number, a one-element tensor).
            epoch (int, optional): Deprecated (as in PyTorch): sets ``last_epoch``.
        """
        current = float(metrics)
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self.last_epoch = epoch
        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr(epoch)
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = _param_groups_val_list(self.optimizer, "lr")

    def _reduce_lr(self, epoch):
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    f"The number of param groups in the `optimizer` ({len(groups)}) differs from when "
                    f"`ReduceLROnPlateau` was initialized ({len(self.min_lrs)}), usually due to a new "
                    "param group being added to the optimizer. Please modify the `min_lrs` field to "
                    "match the length of the `optimizer` param groups."
                )
            self.min_lrs = [self.default_min_lr] * len(groups)
        for i, param_group in enumerate(groups):
            old_lr = float(param_group["lr"])
            new_lr = max(old_lr * self.factor, self.min_lrs[i])
            if old_lr - new_lr > self.eps:
                _update_param_group_val(param_group, "lr", new_lr)

    @property
    def in_cooldown(self):
        """Whether the scheduler is in its cooldown after a reduction."""
        return self.cooldown_counter > 0

    def _is_better(self, a, best):
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min" and self.threshold_mode == "abs":
            return a < best - self.threshold
        if self.mode == "max" and self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _init_is_better(self, mode, threshold, threshold_mode):
        if mode not in {"min", "max"}:
            raise ValueError("mode " + str(mode) + " is unknown! Use 'min' or 'max'.")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError("threshold mode " + str(threshold_mode) + " is unknown! Use 'rel' or 'abs'.")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode

    def load_state_dict(self, state_dict):
        """Restores the scheduler's state.

        Args:
            state_dict (dict): A state from :meth:`state_dict`.
        """
        self.__dict__.update(state_dict)
        self._init_is_better(mode=self.mode, threshold=self.threshold, threshold_mode=self.threshold_mode)
