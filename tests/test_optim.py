"""tg.optim against torch.optim (2.13): the same float64 parameters and gradients, 100 steps.

Every optimizer over a grid of its options, parameter groups, hyperparameters changed between
steps, a parameter that has no gradient on some steps, the closure, and the validation errors
(exception type and PyTorch's own message).
"""

import importlib
import inspect

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

SHAPES = [(3, 4), (4,), (2, 1)]
STEPS = 100


def _data(seed, steps=STEPS, shapes=SHAPES):
    rng = np.random.default_rng(seed)
    params = [rng.uniform(-1, 1, s) for s in shapes]
    # The last parameter has a gradient on even steps only (odd steps: grad None, skipped).
    grads = [
        [rng.uniform(-1, 1, s) if (i < len(shapes) - 1 or t % 2 == 0) else None for i, s in enumerate(shapes)]
        for t in range(steps)
    ]
    return params, grads


def _run(make_tg, make_torch, seed=0, steps=STEPS, between=None):
    """Runs both optimizers on the same gradients; returns (tg params, torch params, tg opt, torch opt)."""
    values, grads = _data(seed, steps)
    tps = [tg.tensor(v, requires_grad=True) for v in values]
    ops = [torch.tensor(v, requires_grad=True) for v in values]
    topt, oopt = make_tg(tps), make_torch(ops)
    for t in range(steps):
        for tp, op, g in zip(tps, ops, grads[t]):
            tp.grad = None if g is None else tg.tensor(g)
            op.grad = None if g is None else torch.tensor(g)
        topt.step()
        oopt.step()
        if between is not None:
            between(t, topt, oopt)
    return tps, ops, topt, oopt


def _assert_close(tps, ops, rtol=1e-12):
    for tp, op in zip(tps, ops):
        np.testing.assert_allclose(tp.numpy(), op.detach().numpy(), rtol=rtol, atol=1e-14)


def _assert_state_dicts_match(tsd, osd):
    assert list(tsd) == ["state", "param_groups"]
    assert sorted(tsd["state"]) == sorted(osd["state"])
    for index, ostate in osd["state"].items():
        tstate = tsd["state"][index]
        assert list(tstate) == list(ostate), index
        for key, ovalue in ostate.items():
            tvalue = tstate[key]
            if isinstance(ovalue, torch.Tensor):
                assert isinstance(tvalue, tg.Tensor), key
                assert tuple(tvalue.shape) == tuple(ovalue.shape), key
                assert str(tvalue.dtype).split(".")[-1] == str(ovalue.dtype).split(".")[-1], key
                np.testing.assert_allclose(tvalue.numpy(), ovalue.numpy(), rtol=1e-12, atol=1e-14)
            else:
                assert tvalue == ovalue, key
    assert len(tsd["param_groups"]) == len(osd["param_groups"])
    for tg_group, o_group in zip(tsd["param_groups"], osd["param_groups"]):
        assert tg_group == o_group


OPTIONS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.1, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.05, "maximize": True}),
    ("SGD", {"lr": 0.02, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01, "maximize": True}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "maximize": True, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True, "amsgrad": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}),
    ("AdamW", {"lr": 0.01, "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("RMSprop", {"lr": 0.001, "alpha": 0.9, "centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "maximize": True, "eps": 1e-4}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1, "initial_accumulator_value": 0.5}),
    ("Adagrad", {"lr": 0.1, "maximize": True, "eps": 1e-6}),
]


@pytest.mark.parametrize("name, options", OPTIONS, ids=[f"{n}-{o}" for n, o in OPTIONS])
def test_100_steps_match_torch(name, options):
    tps, ops, topt, oopt = _run(
        lambda ps: getattr(tg.optim, name)(ps, **options),
        lambda ps: getattr(torch.optim, name)(ps, **options),
    )
    _assert_close(tps, ops)
    _assert_state_dicts_match(topt.state_dict(), oopt.state_dict())


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"])
def test_signature_defaults_and_repr_match_torch(name):
    ours = inspect.signature(getattr(tg.optim, name))
    theirs = inspect.signature(getattr(torch.optim, name))
    assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()
    ]
    w = tg.tensor([1.0], requires_grad=True)
    tw = torch.tensor([1.0], requires_grad=True)
    topt, oopt = getattr(tg.optim, name)([w]), getattr(torch.optim, name)([tw])
    assert repr(topt) == repr(oopt)
    assert topt.defaults == oopt.defaults


def test_parameter_groups_and_lr_changes_between_steps():
    def groups(ps, lib):
        return lib.optim.SGD(
            [{"params": ps[:1]}, {"params": ps[1:], "lr": 0.01, "momentum": 0.5, "nesterov": True}],
            lr=0.1,
            momentum=0.9,
        )

    def schedule(t, topt, oopt):
        for opt in (topt, oopt):  # a step decay, as lr_scheduler.StepLR writes it
            for group in opt.param_groups:
                group["lr"] *= 0.97
            if t == 50:
                opt.param_groups[0]["momentum"] = 0.0

    tps, ops, topt, oopt = _run(lambda ps: groups(ps, tg), lambda ps: groups(ps, torch), between=schedule)
    _assert_close(tps, ops)
    assert topt.param_groups[1]["dampening"] == 0 and topt.param_groups[1]["nesterov"] is True
    _assert_state_dicts_match(topt.state_dict(), oopt.state_dict())


def test_adam_groups_with_their_own_betas_and_weight_decay():
    def make(ps, lib):
        return lib.optim.Adam(
            [
                {"params": ps[:2], "betas": (0.5, 0.9)},
                {"params": ps[2:], "weight_decay": 0.1, "amsgrad": True},
            ],
            lr=0.02,
        )

    tps, ops, topt, oopt = _run(lambda ps: make(ps, tg), lambda ps: make(ps, torch))
    _assert_close(tps, ops)
    _assert_state_dicts_match(topt.state_dict(), oopt.state_dict())


def test_state_is_made_only_for_parameters_with_a_gradient():
    a = tg.tensor([1.0, 2.0], requires_grad=True)
    b = tg.tensor([3.0], requires_grad=True)
    frozen = tg.tensor([5.0])  # requires_grad False: accepted, skipped while its grad is None
    opt = tg.optim.Adam([a, b, frozen], lr=0.1)
    (a * a).sum().backward()
    opt.step()
    assert list(opt.state) == [a]
    assert sorted(opt.state[a]) == ["exp_avg", "exp_avg_sq", "step"]
    assert opt.state[a]["step"].item() == 1.0 and opt.state[a]["step"].dtype == tg.float64
    np.testing.assert_array_equal(b.numpy(), [3.0])
    np.testing.assert_array_equal(frozen.numpy(), [5.0])
    sgd = tg.optim.SGD([a, b], lr=0.1)  # momentum 0: no state at all, as torch
    sgd.step()
    assert len(sgd.state) == 0


def test_step_dtype_follows_the_default_dtype_as_torch():
    a = tg.tensor([1.0], dtype=tg.float32, requires_grad=True)
    a.grad = tg.tensor([0.5], dtype=tg.float32)
    previous = tg.get_default_dtype()
    tg.set_default_dtype(tg.float32)
    try:
        opt = tg.optim.RMSprop([a])
        opt.step()
    finally:
        tg.set_default_dtype(previous)
    assert opt.state[a]["step"].dtype == tg.float32 and opt.state[a]["square_avg"].dtype == tg.float32


def test_adagrad_state_exists_from_construction_as_torch():
    a = tg.tensor([1.0, 2.0], requires_grad=True)
    opt = tg.optim.Adagrad([a], initial_accumulator_value=0.25)
    oa = torch.tensor([1.0, 2.0], requires_grad=True)
    oopt = torch.optim.Adagrad([oa], initial_accumulator_value=0.25)
    _assert_state_dicts_match(opt.state_dict(), oopt.state_dict())


def test_float32_parameters_match_torch_float32():
    values, grads = _data(3, steps=20)
    tps = [tg.tensor(v, dtype=tg.float32, requires_grad=True) for v in values]
    ops = [torch.tensor(v, dtype=torch.float32, requires_grad=True) for v in values]
    topt, oopt = tg.optim.Adam(tps, lr=0.01, amsgrad=True), torch.optim.Adam(ops, lr=0.01, amsgrad=True)
    for t in range(20):
        for tp, op, g in zip(tps, ops, grads[t]):
            tp.grad = None if g is None else tg.tensor(g, dtype=tg.float32)
            op.grad = None if g is None else torch.tensor(g, dtype=torch.float32)
        topt.step()
        oopt.step()
    _assert_close(tps, ops, rtol=1e-5)


@pytest.mark.parametrize("threads", [1, 2])
def test_large_parameter_updated_in_blocks_matches_torch(threads):
    # Above 2**15 elements the update is split over the kernel threads; 100_003 leaves a short block.
    rng = np.random.default_rng(5)
    w0 = rng.uniform(-1, 1, 100_003)
    w, ow = tg.tensor(w0, requires_grad=True), torch.tensor(w0, requires_grad=True)
    opt, oopt = (
        tg.optim.RMSprop([w], momentum=0.9, centered=True),
        torch.optim.RMSprop([ow], momentum=0.9, centered=True),
    )
    previous = tg.get_num_threads()
    tg.set_num_threads(threads)
    try:
        for _ in range(3):
            g = rng.uniform(-1, 1, w0.size)
            w.grad, ow.grad = tg.tensor(g), torch.tensor(g)
            opt.step()
            oopt.step()
    finally:
        tg.set_num_threads(previous)
    _assert_close([w], [ow])


def test_closure_runs_with_grad_enabled_and_its_loss_is_returned():
    w = tg.tensor([1.0, -2.0], requires_grad=True)
    opt = tg.optim.SGD([w], lr=0.1)
    calls = []

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        calls.append(tg.is_grad_enabled())
        return loss

    with tg.no_grad():
        loss = opt.step(closure)
    assert calls == [True] and loss.item() == 5.0
    np.testing.assert_allclose(w.numpy(), [0.8, -1.6])
    assert opt.step() is None


def test_zero_grad():
    a = tg.tensor([1.0, 2.0], requires_grad=True)
    opt = tg.optim.SGD([a], lr=0.1)
    (a * 3.0).sum().backward()
    grad = a.grad
    opt.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(grad.numpy(), [0.0, 0.0])
    opt.zero_grad()
    assert a.grad is None


def test_named_parameters_and_add_param_group():
    a = tg.tensor([1.0], requires_grad=True)
    b = tg.tensor([2.0], requires_grad=True)
    opt = tg.optim.SGD([("a", a)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["a"]
    opt.add_param_group({"params": [("b", b)], "lr": 0.5})
    assert opt.param_groups[1]["lr"] == 0.5 and opt.param_groups[1]["momentum"] == 0
    assert opt.state_dict()["param_groups"][1]["params"] == [1]


def test_hyperparameters_are_not_optimizer_attributes():
    # torch.optim keeps them in param_groups only; setting opt.lr would silently do nothing there.
    opt = tg.optim.SGD([tg.tensor([1.0], requires_grad=True)], lr=0.1)
    with pytest.raises(AttributeError, match=r"param_groups"):
        opt.lr = 0.01
    with pytest.raises(AttributeError, match=r"param_groups"):
        opt.lr  # noqa: B018


# --- errors, against torch's own


def _both_raise(make_tg, make_torch):
    with pytest.raises(Exception) as theirs:
        make_torch()
    with pytest.raises(type(theirs.value)) as ours:
        make_tg()
    return str(ours.value), str(theirs.value)


def _p(lib):
    return lib.tensor([1.0, 2.0], requires_grad=True)


ERRORS = [
    ("SGD", {"lr": -1.0}),
    ("SGD", {"momentum": -0.5}),
    ("SGD", {"weight_decay": -0.1}),
    ("SGD", {"nesterov": True}),
    ("SGD", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}),
    ("Adam", {"lr": -1.0}),
    ("Adam", {"eps": -1.0}),
    ("Adam", {"betas": (1.0, 0.999)}),
    ("Adam", {"betas": (0.9, 1.0)}),
    ("Adam", {"betas": (0, 0.999)}),
    ("Adam", {"weight_decay": -1.0}),
    ("AdamW", {"lr": -1.0}),
    ("AdamW", {"betas": (0.9, -0.1)}),
    ("RMSprop", {"lr": -1.0}),
    ("RMSprop", {"eps": -1.0}),
    ("RMSprop", {"momentum": -1.0}),
    ("RMSprop", {"weight_decay": -1.0}),
    ("RMSprop", {"alpha": -1.0}),
    ("Adagrad", {"lr": -1.0}),
    ("Adagrad", {"lr_decay": -1.0}),
    ("Adagrad", {"weight_decay": -1.0}),
    ("Adagrad", {"initial_accumulator_value": -1.0}),
    ("Adagrad", {"eps": -1.0}),
]


@pytest.mark.parametrize("name, options", ERRORS, ids=[f"{n}-{o}" for n, o in ERRORS])
def test_hyperparameter_errors_match_torch(name, options):
    ours, theirs = _both_raise(
        lambda: getattr(tg.optim, name)([_p(tg)], **options),
        lambda: getattr(torch.optim, name)([_p(torch)], **options),
    )
    assert ours == theirs


def test_parameter_list_errors_match_torch():
    # An empty list: torch's message, and the usual cause.
    ours, theirs = _both_raise(lambda: tg.optim.SGD([]), lambda: torch.optim.SGD([]))
    assert theirs in ours and "nn.ModuleList" in ours
    # A single tensor, a set, a non-tensor, a non-leaf.
    ours, _ = _both_raise(lambda: tg.optim.SGD(_p(tg)), lambda: torch.optim.SGD(_p(torch)))
    assert "should be an iterable of Tensors or dicts" in ours
    ours, theirs = _both_raise(
        lambda: tg.optim.SGD([{"params": {_p(tg)}}]), lambda: torch.optim.SGD([{"params": {_p(torch)}}])
    )
    assert ours == theirs
    ours, theirs = _both_raise(lambda: tg.optim.Adam([1.0]), lambda: torch.optim.Adam([1.0]))
    assert ours == theirs
    ours, theirs = _both_raise(lambda: tg.optim.Adam([_p(tg) * 2]), lambda: torch.optim.Adam([_p(torch) * 2]))
    assert theirs in ours
    ours, theirs = _both_raise(lambda: tg.optim.Adam(5), lambda: torch.optim.Adam(5))
    assert ours == theirs
    # A parameter in two groups.
    a, oa = _p(tg), _p(torch)
    ours, theirs = _both_raise(
        lambda: tg.optim.SGD([{"params": [a]}, {"params": [a]}]),
        lambda: torch.optim.SGD([{"params": [oa]}, {"params": [oa]}]),
    )
    assert ours == theirs == "some parameters appear in more than one parameter group"
    # A required hyperparameter missing from a group.
    for lib, module in ((tg, "tapegrad.optim.optimizer"), (torch, "torch.optim.optimizer")):
        with pytest.raises(ValueError, match="required optimization parameter lr"):
            lib.optim.Optimizer([_p(lib)], {"lr": importlib.import_module(module).required})


def test_a_parameter_listed_twice_is_refused():
    # torch only warns ("in future, this will cause an error") and steps it twice.
    a = _p(tg)
    with pytest.raises(ValueError, match="duplicate parameters"):
        tg.optim.SGD([a, a])


@pytest.mark.parametrize(
    "options",
    [{"foreach": True}, {"fused": True}, {"differentiable": True}],
)
def test_other_implementations_are_refused(options):
    with pytest.raises(ValueError, match=next(iter(options))):
        tg.optim.SGD([_p(tg)], **options)
    with pytest.raises(ValueError, match="capturable"):
        tg.optim.Adam([_p(tg)], capturable=True)
    tg.optim.SGD([_p(tg)], foreach=False, fused=False)  # the single-tensor path, as given


def test_hyperparameter_type_error():
    with pytest.raises(TypeError, match="lr must be a number, not str"):
        tg.optim.SGD([_p(tg)], lr="fast")
    opt = tg.optim.SGD([_p(tg)], lr=0.1)
    opt.param_groups[0]["lr"] = "fast"
    opt.param_groups[0]["params"][0].grad = tg.tensor([1.0, 1.0])
    with pytest.raises(TypeError, match="'lr' must be a number, not str"):
        opt.step()


def test_load_state_dict_errors_match_torch():
    a, b = _p(tg), _p(tg)
    oa, ob = _p(torch), _p(torch)
    saved_t = torch.optim.SGD([{"params": [oa]}, {"params": [ob]}]).state_dict()
    saved = tg.optim.SGD([{"params": [a]}, {"params": [b]}]).state_dict()
    ours, theirs = _both_raise(
        lambda: tg.optim.SGD([a, b]).load_state_dict(saved),
        lambda: torch.optim.SGD([oa, ob]).load_state_dict(saved_t),
    )
    assert ours == theirs
    saved_t = torch.optim.SGD([oa]).state_dict()
    saved = tg.optim.SGD([a]).state_dict()
    ours, theirs = _both_raise(
        lambda: tg.optim.SGD([a, b]).load_state_dict(saved),
        lambda: torch.optim.SGD([oa, ob]).load_state_dict(saved_t),
    )
    assert ours == theirs


@pytest.mark.parametrize("name", ["StepLR", "OneCycleLR"])
def test_with_lr_schedulers_as_torch(name):
    # The schedulers write lr (and OneCycleLR betas) into param_groups; each step reads them.
    def make(ps, lib):
        opt = lib.optim.AdamW(ps, lr=0.01, amsgrad=True)
        if name == "StepLR":
            sched = lib.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
        else:
            sched = lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=STEPS)
        opt.sched = sched
        return opt

    tps, ops, topt, oopt = _run(
        lambda ps: make(ps, tg),
        lambda ps: make(ps, torch),
        between=lambda t, a, b: (a.sched.step(), b.sched.step()),
    )
    _assert_close(tps, ops)
    assert topt.param_groups[0]["lr"] == oopt.param_groups[0]["lr"]
