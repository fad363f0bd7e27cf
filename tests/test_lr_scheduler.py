"""tapegrad.optim.lr_scheduler against torch.optim.lr_scheduler: the learning rates (and
OneCycleLR's momentum and betas) each scheduler writes into the param groups equal PyTorch's
exactly (``==`` on floats), step after step, for several argument sets and param groups with
different learning rates; state dicts, resuming, and the errors. The optimizers are tapegrad's
own (the schedulers use only their ``param_groups`` and ``step``).
"""

import math
import warnings

import pytest

import tapegrad as tg
from tapegrad.optim import lr_scheduler as S

from torch_oracle import torch

STEPS = 100


def pair(kind="sgd", lrs=(0.1, 0.03)):
    """A torch optimizer and a tapegrad one with the same groups."""
    if kind == "sgd":
        defaults = {"lr": 0.5, "momentum": 0.9}
        make, ours = torch.optim.SGD, tg.optim.SGD
    else:
        defaults = {"lr": 0.5, "betas": (0.9, 0.999)}
        make, ours = torch.optim.Adam, tg.optim.Adam
    groups = [{"lr": lr} for lr in lrs]
    t_opt = make([{"params": [torch.zeros(2, requires_grad=True)], **g} for g in groups], **defaults)
    s_opt = ours([{"params": [tg.zeros(2, requires_grad=True)], **g} for g in groups], **defaults)
    return t_opt, s_opt


def keys_of(opt):
    return [
        k for k in ("lr", "momentum", "betas", "initial_lr", "max_lr", "min_lr") if k in opt.param_groups[0]
    ]


def snapshot(opt, keys):
    return [tuple(group[k] for k in keys) for group in opt.param_groups]


def run(t_opt, s_opt, t_sched, s_sched, steps=STEPS, metrics=None):
    keys = keys_of(t_opt)
    assert snapshot(s_opt, keys) == snapshot(t_opt, keys)
    assert s_sched.get_last_lr() == t_sched.get_last_lr()
    for i in range(steps):
        t_opt.step()
        s_opt.step()
        if metrics is None:
            t_sched.step()
            s_sched.step()
        else:
            t_sched.step(metrics[i])
            s_sched.step(metrics[i])
        assert snapshot(s_opt, keys) == snapshot(t_opt, keys), f"step {i + 1}"
        assert s_sched.get_last_lr() == t_sched.get_last_lr(), f"step {i + 1}"
        assert s_sched.last_epoch == t_sched.last_epoch


CASES = [
    ("StepLR", {"step_size": 3}),
    ("StepLR", {"step_size": 7, "gamma": 0.5}),
    ("StepLR", {"step_size": 1, "gamma": 0.97}),
    ("MultiStepLR", {"milestones": [10, 30, 30, 75]}),
    ("MultiStepLR", {"milestones": (50, 2), "gamma": 0.3}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("ExponentialLR", {"gamma": 0.987}),
    ("CosineAnnealingLR", {"T_max": 10}),
    ("CosineAnnealingLR", {"T_max": 100, "eta_min": 1e-3}),
    ("CosineAnnealingLR", {"T_max": 17, "eta_min": 0.01}),
    ("LinearLR", {}),
    ("LinearLR", {"start_factor": 0.1, "end_factor": 0.9, "total_iters": 40}),
    ("LinearLR", {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 99}),
    ("OneCycleLR", {"max_lr": 1.0, "total_steps": STEPS}),
    ("OneCycleLR", {"max_lr": [0.4, 0.2], "epochs": 10, "steps_per_epoch": 10, "anneal_strategy": "linear"}),
    ("OneCycleLR", {"max_lr": 0.3, "total_steps": 120, "pct_start": 0.25, "three_phase": True}),
    ("OneCycleLR", {"max_lr": 0.3, "total_steps": STEPS, "three_phase": True, "anneal_strategy": "linear"}),
    (
        "OneCycleLR",
        {
            "max_lr": 2.0,
            "total_steps": STEPS,
            "base_momentum": [0.8, 0.7],
            "max_momentum": 0.99,
            "div_factor": 10.0,
        },
    ),
    ("OneCycleLR", {"max_lr": 0.1, "total_steps": STEPS, "cycle_momentum": False, "final_div_factor": 100.0}),
]


@pytest.mark.parametrize("kind", ["sgd", "adam"])
@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_learning_rates_equal_pytorchs(name, kwargs, kind):
    t_opt, s_opt = pair(kind)
    t_sched = getattr(torch.optim.lr_scheduler, name)(t_opt, **kwargs)
    s_sched = getattr(S, name)(s_opt, **kwargs)
    run(t_opt, s_opt, t_sched, s_sched)


def test_lambda_lr_equals_pytorchs():
    for lam in (lambda e: 0.95**e, [lambda e: 1 / (e + 1), lambda e: e // 30 + 0.5]):
        t_opt, s_opt = pair()
        run(t_opt, s_opt, torch.optim.lr_scheduler.LambdaLR(t_opt, lam), S.LambdaLR(s_opt, lam))


METRICS = [1.0 / (1 + (i % 23)) + (0.001 * i if i > 40 else 0.0) for i in range(STEPS)]


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"patience": 2},
        {"mode": "max", "factor": 0.5, "patience": 1, "threshold": 0.01},
        {"threshold_mode": "abs", "threshold": 0.05, "patience": 3, "cooldown": 4},
        {"mode": "max", "threshold_mode": "abs", "patience": 0, "min_lr": [0.02, 0.001]},
        {"patience": 0, "factor": 0.5, "min_lr": 0.01, "eps": 1e-3},
    ],
)
def test_reduce_lr_on_plateau_equals_pytorchs(kwargs):
    t_opt, s_opt = pair()
    t_sched = torch.optim.lr_scheduler.ReduceLROnPlateau(t_opt, **kwargs)
    s_sched = S.ReduceLROnPlateau(s_opt, **kwargs)
    run(t_opt, s_opt, t_sched, s_sched, metrics=METRICS)
    assert s_sched.state_dict() == t_sched.state_dict()
    # A tensor metric works as a number.
    s_sched.step(tg.tensor(0.5))
    t_sched.step(torch.tensor(0.5))
    assert s_sched.get_last_lr() == t_sched.get_last_lr()


def test_initial_lr_and_first_step_written_into_groups():
    _, s_opt = pair()
    S.ExponentialLR(s_opt, gamma=0.5)
    assert [g["initial_lr"] for g in s_opt.param_groups] == [0.1, 0.03]
    _, s_opt = pair()
    sched = S.LinearLR(s_opt, start_factor=0.5)
    assert [g["lr"] for g in s_opt.param_groups] == [0.05, 0.015]
    assert sched.get_last_lr() == [0.05, 0.015] and sched.last_epoch == 0
    assert sched.base_lrs == [0.1, 0.03]


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("StepLR", {"step_size": 4, "gamma": 0.5}),
        ("MultiStepLR", {"milestones": [3, 8, 8]}),
        ("ExponentialLR", {"gamma": 0.9}),
        ("CosineAnnealingLR", {"T_max": 6, "eta_min": 0.001}),
        ("LinearLR", {"start_factor": 0.2, "total_iters": 7}),
    ],
)
def test_step_with_epoch_uses_the_closed_form(name, kwargs):
    t_opt, s_opt = pair()
    t_sched = getattr(torch.optim.lr_scheduler, name)(t_opt, **kwargs)
    s_sched = getattr(S, name)(s_opt, **kwargs)
    for epoch in (3, 9, 4, 12, 0, 5):
        t_opt.step()
        s_opt.step()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t_sched.step(epoch)
        with pytest.warns(UserWarning, match="epoch parameter"):
            s_sched.step(epoch)
        assert s_sched.get_last_lr() == t_sched.get_last_lr()


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("StepLR", {"step_size": 3}),
        ("MultiStepLR", {"milestones": [2, 5]}),
        ("CosineAnnealingLR", {"T_max": 8}),
        ("LinearLR", {}),
        ("OneCycleLR", {"max_lr": 1.0, "total_steps": 30}),
    ],
)
def test_state_dict_equals_pytorchs_and_resumes(name, kwargs):
    t_opt, s_opt = pair()
    t_sched = getattr(torch.optim.lr_scheduler, name)(t_opt, **kwargs)
    s_sched = getattr(S, name)(s_opt, **kwargs)
    run(t_opt, s_opt, t_sched, s_sched, steps=11)
    state = s_sched.state_dict()
    assert state == t_sched.state_dict()
    assert "optimizer" not in state
    # A new scheduler on a fresh optimizer, the optimizer's groups restored, resumes the schedule.
    _, s_opt2 = pair()
    for group, saved in zip(s_opt2.param_groups, s_opt.param_groups, strict=True):
        group.update({k: v for k, v in saved.items() if k != "params"})
    s_sched2 = getattr(S, name)(s_opt2, **kwargs, last_epoch=s_sched.last_epoch)
    s_sched2.load_state_dict(state)
    for group, saved in zip(s_opt2.param_groups, s_opt.param_groups, strict=True):
        group.update({k: v for k, v in saved.items() if k != "params"})
    for i in range(12):
        for opt, sched in ((t_opt, t_sched), (s_opt2, s_sched2)):
            opt.step()
            sched.step()
        assert s_sched2.get_last_lr() == t_sched.get_last_lr(), i
        assert snapshot(s_opt2, keys_of(t_opt)) == snapshot(t_opt, keys_of(t_opt))


class Factor:
    """A callable object: LambdaLR saves its attributes."""

    def __init__(self, base):
        self.base = base

    def __call__(self, epoch):
        return self.base**epoch


def test_lambda_lr_state_dict_saves_callable_objects_not_functions():
    t_opt, s_opt = pair()
    t_sched = torch.optim.lr_scheduler.LambdaLR(t_opt, [Factor(0.9), lambda e: 1.0])
    s_sched = S.LambdaLR(s_opt, [Factor(0.9), lambda e: 1.0])
    state = s_sched.state_dict()
    assert state["lr_lambdas"] == [{"base": 0.9}, None]
    assert state.keys() == t_sched.state_dict().keys()
    other = S.LambdaLR(pair()[1], [Factor(0.5), lambda e: 2.0])
    other.load_state_dict(state)
    assert other.lr_lambdas[0].base == 0.9
    assert "lr_lambdas" in state  # load_state_dict leaves the dict as it was


def test_scheduler_before_optimizer_step_warns():
    _, s_opt = pair()
    sched = S.StepLR(s_opt, step_size=2)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()
    _, s_opt = pair()
    sched = S.StepLR(s_opt, step_size=2)
    s_opt.step()  # the scheduler counts the optimizer's steps through its wrapped step()
    assert s_opt._opt_called
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sched.step()


def test_get_lr_outside_step_warns():
    _, s_opt = pair()
    sched = S.ExponentialLR(s_opt, gamma=0.5)
    with pytest.warns(UserWarning, match="get_last_lr"):
        sched.get_lr()


def test_old_name_and_base_class():
    assert issubclass(S._LRScheduler, S.LRScheduler)
    assert S._LRScheduler.__name__ == "_LRScheduler"
    for name in S.__all__:
        cls = getattr(S, name)
        assert issubclass(cls, S.LRScheduler)
    assert tg.optim.lr_scheduler is S


def test_signatures_match_pytorchs():
    import inspect

    for name in S.__all__:
        ours = inspect.signature(getattr(S, name))
        theirs = inspect.signature(getattr(torch.optim.lr_scheduler, name))
        assert [(p.name, p.default) for p in ours.parameters.values()] == [
            (p.name, p.default) for p in theirs.parameters.values()
        ], name


def test_resuming_without_initial_lr_raises():
    _, s_opt = pair()
    with pytest.raises(KeyError, match="initial_lr"):
        S.StepLR(s_opt, step_size=3, last_epoch=4)


def test_one_cycle_steps_past_total_raise():
    _, s_opt = pair()
    sched = S.OneCycleLR(s_opt, max_lr=1.0, total_steps=3)
    for _ in range(3):
        s_opt.step()
        sched.step()
    with pytest.raises(ValueError, match="Tried to step 4 times"):
        sched.step()


def test_one_cycle_needs_momentum_or_betas():
    opt = tg.optim.Adagrad([tg.zeros(1, requires_grad=True)], lr=0.1)  # neither momentum nor betas
    with pytest.raises(ValueError, match="momentum or beta1"):
        S.OneCycleLR(opt, max_lr=1.0, total_steps=10)
    S.OneCycleLR(opt, max_lr=1.0, total_steps=10, cycle_momentum=False)
    assert math.isclose(opt.param_groups[0]["lr"], 0.04)


def test_every_public_name_is_documented():
    # test_docstrings checks the top-level modules; the same rules for this module's names.
    from test_docstrings import check_python_class

    problems = []
    for name in [*S.__all__, "_LRScheduler"]:
        check_python_class(f"tapegrad.optim.lr_scheduler.{name}", getattr(S, name), problems)
    assert not problems, problems
