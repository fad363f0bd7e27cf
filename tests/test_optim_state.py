"""Optimizer state dicts: saved with tg.save / tg.load (.npz, no pickle) and loaded back.

A run that saves and reloads its optimizer (into a new optimizer over new parameter tensors)
continues exactly as a run that did not; the loaded state is a copy; the nested format keeps
int keys, tuples, floats (exactly), None, bools and strings.
"""

import collections
import io

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

MAKERS = {
    "SGD": lambda ps: tg.optim.SGD(
        [{"params": ps[:1]}, {"params": ps[1:], "lr": 0.02}], lr=0.1, momentum=0.9, nesterov=True
    ),
    "Adam": lambda ps: tg.optim.Adam(ps, lr=0.01, amsgrad=True, weight_decay=0.1),
    "AdamW": lambda ps: tg.optim.AdamW(ps, lr=0.01),
    "RMSprop": lambda ps: tg.optim.RMSprop(ps, centered=True, momentum=0.5),
    "Adagrad": lambda ps: tg.optim.Adagrad(ps, lr_decay=0.01),
}


def _grads(seed, steps):
    rng = np.random.default_rng(seed)
    return [[rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, 2)] for _ in range(steps)]


def _steps(opt, params, grads):
    for gs in grads:
        for p, g in zip(params, gs):
            p.grad = tg.tensor(g)
        opt.step()


@pytest.mark.parametrize("name", list(MAKERS))
def test_save_load_and_continue_is_identical_to_not_saving(name, tmp_path):
    rng = np.random.default_rng(1)
    values = [rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, 2)]
    grads = _grads(2, 20)

    ref = [tg.tensor(v, requires_grad=True) for v in values]
    opt = MAKERS[name](ref)
    _steps(opt, ref, grads)

    first = [tg.tensor(v, requires_grad=True) for v in values]
    opt1 = MAKERS[name](first)
    _steps(opt1, first, grads[:10])
    tg.save(opt1.state_dict(), tmp_path / "opt.npz")
    tg.save({"0": first[0], "1": first[1]}, tmp_path / "params.npz")

    saved = tg.load(tmp_path / "params.npz")
    second = [
        tg.tensor(saved["0"].numpy(), requires_grad=True),
        tg.tensor(saved["1"].numpy(), requires_grad=True),
    ]
    opt2 = MAKERS[name](second)
    opt2.load_state_dict(tg.load(tmp_path / "opt.npz"))
    _steps(opt2, second, grads[10:])

    for a, b in zip(ref, second):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert opt2.state_dict()["param_groups"] == opt.state_dict()["param_groups"]


def test_state_dict_round_trip_keeps_types_and_values():
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    opt = tg.optim.Adam([w], lr=0.1 / 3, betas=(0.8, 0.95))
    w.grad = tg.tensor([0.5, -0.5])
    opt.step()
    buf = io.BytesIO()
    tg.save(opt.state_dict(), buf)
    buf.seek(0)
    loaded = tg.load(buf)
    assert list(loaded) == ["state", "param_groups"] and list(loaded["state"]) == [0]
    group = loaded["param_groups"][0]
    assert group["lr"] == 0.1 / 3 and group["betas"] == (0.8, 0.95) and group["foreach"] is None
    assert group["amsgrad"] is False and group["params"] == [0]
    state = loaded["state"][0]
    assert state["step"].dtype == tg.float64 and state["step"].item() == 1.0 and state["step"].ndim == 0
    np.testing.assert_array_equal(state["exp_avg"].numpy(), opt.state[w]["exp_avg"].numpy())


def test_nested_structures_round_trip():
    obj = {
        0: {"a": [1, 2.5, None, True, "x"], "t": (tg.tensor([1.0], requires_grad=True), np.arange(3))},
        (1, "k"): collections.OrderedDict([("z", 1), ("y", float("inf"))]),
        "big": 2**70,
        "np": np.float32(1.5),
    }
    buf = io.BytesIO()
    tg.save(obj, buf)
    buf.seek(0)
    out = tg.load(buf)
    assert list(out) == [0, (1, "k"), "big", "np"]
    assert out[0]["a"] == [1, 2.5, None, True, "x"] and type(out[0]["a"][3]) is bool
    t, arr = out[0]["t"]
    assert isinstance(t, tg.Tensor) and t.requires_grad and t.tolist() == [1.0]
    assert arr.tolist() == [0, 1, 2]
    assert isinstance(out[(1, "k")], collections.OrderedDict) and out[(1, "k")]["y"] == float("inf")
    assert out["big"] == 2**70 and out["np"] == np.float32(1.5) and out["np"].dtype == np.float32
    # Still never pickled: NumPy reads the file with allow_pickle=False.
    buf.seek(0)
    assert "__tapegrad__" in np.load(buf, allow_pickle=False).files


def test_flat_state_dicts_keep_the_version_1_format():
    buf = io.BytesIO()
    tg.save({"w": tg.tensor([1.0])}, buf)
    buf.seek(0)
    import json

    meta = json.loads(str(np.load(buf, allow_pickle=False)["__tapegrad__"]))
    assert meta["version"] == 1 and meta["kind"] == "dict"


def test_loaded_state_is_a_copy_in_the_parameters_dtype():
    w = tg.tensor([1.0, 2.0], requires_grad=True)
    opt = tg.optim.SGD([w], lr=0.1, momentum=0.9)
    w.grad = tg.tensor([1.0, 1.0])
    opt.step()
    sd = opt.state_dict()
    other = tg.tensor([1.0, 2.0], requires_grad=True)
    opt2 = tg.optim.SGD([other], lr=0.1, momentum=0.9)
    opt2.load_state_dict(sd)
    assert opt2.state[other]["momentum_buffer"] is not sd["state"][0]["momentum_buffer"]
    other.grad = tg.tensor([1.0, 1.0])
    opt2.step()
    np.testing.assert_array_equal(opt.state[w]["momentum_buffer"].numpy(), [1.0, 1.0])
    # float32 parameters: the state is cast to their dtype; 'step' keeps its own.
    w32 = tg.tensor([1.0, 2.0], dtype=tg.float32, requires_grad=True)
    adam = tg.optim.Adam([tg.tensor([1.0, 2.0], requires_grad=True)])
    adam.param_groups[0]["params"][0].grad = tg.tensor([1.0, 1.0])
    adam.step()
    adam32 = tg.optim.Adam([w32])
    adam32.load_state_dict(adam.state_dict())
    assert adam32.state[w32]["exp_avg"].dtype == tg.float32 and adam32.state[w32]["step"].dtype == tg.float64


def test_tapegrad_state_dict_loads_into_torch_and_back():
    # The format is torch's: a tapegrad state dict, converted tensor by tensor, loads into torch.
    values = [np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([0.1, 0.2])]
    tps = [tg.tensor(v, requires_grad=True) for v in values]
    ops = [torch.tensor(v, requires_grad=True) for v in values]
    opt, oopt = tg.optim.Adam(tps, lr=0.05), torch.optim.Adam(ops, lr=0.05)
    for p in tps:
        p.grad = tg.ones_like(p)
    opt.step()
    sd = opt.state_dict()
    converted = {
        "state": {i: {k: torch.tensor(v.numpy()) for k, v in s.items()} for i, s in sd["state"].items()},
        "param_groups": sd["param_groups"],
    }
    oopt.load_state_dict(converted)
    with torch.no_grad():
        for op, tp in zip(ops, tps):
            op.copy_(torch.tensor(tp.numpy()))
    for tp, op in zip(tps, ops):
        tp.grad, op.grad = tg.full_like(tp, 0.3), torch.full_like(op, 0.3)
    opt.step()
    oopt.step()
    for tp, op in zip(tps, ops):
        np.testing.assert_allclose(tp.numpy(), op.detach().numpy(), rtol=1e-12)


def test_a_scheduler_and_its_optimizer_save_load_and_continue(tmp_path):
    # A checkpoint of both (one tg.save, no pickle), loaded into fresh objects, continues the
    # uninterrupted run's learning rates and parameters exactly.
    def make():
        p = tg.nn.Parameter(tg.tensor([1.0, -2.0, 0.5]))
        opt = tg.optim.AdamW([p], lr=0.1, weight_decay=0.01)
        return p, opt, tg.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=20)

    def steps(p, opt, sched, n):
        lrs = []
        for _ in range(n):
            opt.zero_grad()
            (p**2).sum().backward()
            opt.step()
            sched.step()
            lrs.append(sched.get_last_lr()[0])
        return lrs

    p, opt, sched = make()
    steps(p, opt, sched, 8)
    tg.save({"optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, tmp_path / "ckpt.npz")
    expected_lrs = steps(p, opt, sched, 10)
    checkpoint = tg.load(tmp_path / "ckpt.npz")
    q2, opt3, sched3 = make()
    p_again, opt_again, sched_again = make()  # the parameters as they were at the checkpoint
    steps(p_again, opt_again, sched_again, 8)
    with tg.no_grad():
        q2.copy_(p_again)
    opt3.load_state_dict(checkpoint["optimizer"])
    sched3.load_state_dict(checkpoint["scheduler"])
    assert steps(q2, opt3, sched3, 10) == expected_lrs
    np.testing.assert_array_equal(q2.numpy(), p.numpy())
