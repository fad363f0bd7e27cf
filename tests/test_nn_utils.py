"""tapegrad.nn.utils against torch.nn.utils: clip_grad_norm_, clip_grad_value_, parameter vectors."""

import math

import numpy as np
import pytest

import tapegrad as tg
from tapegrad import nn
from tapegrad.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

RNG = np.random.default_rng(0)
SHAPES = [(3, 4), (4,), (2, 2, 2)]
VALUES = [RNG.standard_normal(s) for s in SHAPES]
GRADS = [RNG.standard_normal(s) * 3 for s in SHAPES]


def _params(lib, grads=GRADS, none_at=None):
    params = []
    for i, (v, g) in enumerate(zip(VALUES, grads)):
        p = lib.tensor(v, requires_grad=True)
        if i != none_at:
            p.grad = lib.tensor(g)
        params.append(p)
    return params


@pytest.mark.parametrize("norm_type", [2, 2.0, 1, math.inf, "inf", 3, 0.5])
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
@pytest.mark.parametrize("none_at", [None, 1])
def test_clip_grad_norm_equals_torch(norm_type, max_norm, none_at):
    ours, theirs = _params(tg, none_at=none_at), _params(torch, none_at=none_at)
    total = clip_grad_norm_(ours, max_norm, norm_type)
    expected = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert total.shape == () and total.dtype == tg.float64
    assert abs(total.item() - expected.item()) <= 1e-12 * max(1.0, expected.item())
    for p, q in zip(ours, theirs):
        if q.grad is None:
            assert p.grad is None
        else:
            np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_clip_grad_norm_single_tensor_and_generator():
    p, q = _params(tg)[0], _params(torch)[0]
    np.testing.assert_allclose(
        clip_grad_norm_(p, 1.0).item(), torch.nn.utils.clip_grad_norm_(q, 1.0).item(), rtol=1e-12
    )
    np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12, atol=1e-12)
    model = nn.Linear(3, 2)
    model(tg.ones(4, 3)).sum().backward()
    total = clip_grad_norm_(model.parameters(), 0.1)
    assert total.item() > 0.1
    np.testing.assert_allclose(
        math.sqrt(sum((p.grad.numpy() ** 2).sum() for p in model.parameters())), 0.1, rtol=1e-5
    )


def test_clip_grad_norm_no_grads():
    total = clip_grad_norm_([tg.zeros(2, requires_grad=True)], 1.0)
    expected = torch.nn.utils.clip_grad_norm_([torch.zeros(2, requires_grad=True)], 1.0)
    assert total.item() == expected.item() == 0.0
    assert str(total.dtype).split(".")[1] == str(expected.dtype).split(".")[1]
    with pytest.warns(UserWarning, match="empty generator"):
        clip_grad_norm_((p for p in []), 1.0)


def test_clip_grad_norm_nonfinite():
    grads = [g.copy() for g in GRADS]
    grads[0][0, 0] = np.nan
    with pytest.raises(RuntimeError, match="non-finite") as ours:
        clip_grad_norm_(_params(tg, grads), 1.0, error_if_nonfinite=True)
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.utils.clip_grad_norm_(_params(torch, grads), 1.0, error_if_nonfinite=True)
    assert str(ours.value) == str(theirs.value)
    grads[0][0, 0] = np.inf
    ours_p, theirs_p = _params(tg, grads), _params(torch, grads)
    total = clip_grad_norm_(ours_p, 1.0, norm_type="inf")
    expected = torch.nn.utils.clip_grad_norm_(theirs_p, 1.0, norm_type="inf")
    assert total.item() == expected.item() == math.inf
    np.testing.assert_array_equal(ours_p[1].grad.numpy(), theirs_p[1].grad.numpy())


def test_foreach():
    clip_grad_norm_(_params(tg), 1.0, foreach=False)
    with pytest.raises(RuntimeError, match="foreach=True"):
        clip_grad_norm_(_params(tg), 1.0, foreach=True)
    with pytest.raises(RuntimeError, match="foreach=True"):
        clip_grad_value_(_params(tg), 1.0, foreach=True)


def test_clip_grad_value_equals_torch():
    ours, theirs = _params(tg, none_at=2), _params(torch, none_at=2)
    assert clip_grad_value_(ours, 1.5) is None
    torch.nn.utils.clip_grad_value_(theirs, 1.5)
    for p, q in zip(ours, theirs):
        if q.grad is None:
            assert p.grad is None
        else:
            np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy())
    single = _params(tg)[0]
    clip_grad_value_(single, 0.1)
    assert np.abs(single.grad.numpy()).max() <= 0.1


def test_parameters_to_vector_round_trip():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    vec = parameters_to_vector(model.parameters())
    expected = np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])
    np.testing.assert_array_equal(vec.detach().numpy(), expected)
    assert vec.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    new = tg.arange(vec.numel(), dtype=tg.float64)
    vector_to_parameters(new, model.parameters())
    np.testing.assert_array_equal(parameters_to_vector(model.parameters()).detach().numpy(), new.numpy())
    assert all(p.requires_grad and p.is_leaf for p in model.parameters())
    ref = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    torch.nn.utils.vector_to_parameters(torch.arange(vec.numel(), dtype=torch.float64), ref.parameters())
    for p, q in zip(model.parameters(), ref.parameters()):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_parameters_to_vector_is_differentiable():
    a, b = tg.ones(2, requires_grad=True), tg.ones(3, requires_grad=True)
    (parameters_to_vector([a, b]) * tg.arange(5.0)).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [0.0, 1.0])
    np.testing.assert_array_equal(b.grad.numpy(), [2.0, 3.0, 4.0])


def test_vector_to_parameters_errors():
    with pytest.raises(TypeError, match="expected Tensor"):
        vector_to_parameters([1.0, 2.0], [tg.zeros(2)])
    with pytest.raises(RuntimeError, match="too few"):
        vector_to_parameters(tg.zeros(3), [tg.zeros(2), tg.zeros(2)])


def test_vector_to_parameters_short_vec_changes_nothing():
    a, b = tg.zeros(2), tg.zeros(3)
    with pytest.raises(ValueError, match="at least 5"):
        vector_to_parameters(tg.ones(4), [a, b])
    np.testing.assert_array_equal(a.numpy(), [0.0, 0.0])
