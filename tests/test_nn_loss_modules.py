"""The loss layers of tapegrad.nn against torch.nn's, every reduction and option, in float64."""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad import nn

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

RNG = np.random.default_rng(0)
PRED = RNG.standard_normal((4, 3))
TARGET = RNG.standard_normal((4, 3)) * 2
PROBS = 1 / (1 + np.exp(-PRED))
BINARY = (RNG.random((4, 3)) > 0.5).astype(float)
LOGITS = RNG.standard_normal((5, 4)) * 2
CLASSES = np.array([0, 3, 1, -100, 2])
SOFT = np.exp(RNG.standard_normal((5, 4)))
SOFT /= SOFT.sum(1, keepdims=True)
W3, W4 = np.array([0.5, 2.0, 1.5]), np.array([1.0, 0.5, 2.0, 3.0])
REDUCTIONS = ["mean", "sum", "none"]


def _cases():
    cases = []
    for r in REDUCTIONS:
        cases += [
            ("MSELoss", {"reduction": r}, PRED, TARGET),
            ("L1Loss", {"reduction": r}, PRED, TARGET),
            ("HuberLoss", {"reduction": r}, PRED, TARGET),
            ("HuberLoss", {"reduction": r, "delta": 0.5}, PRED, TARGET),
            ("BCELoss", {"reduction": r}, PROBS, BINARY),
            ("BCELoss", {"reduction": r, "weight": W3}, PROBS, BINARY),
            ("BCEWithLogitsLoss", {"reduction": r}, PRED, BINARY),
            (
                "BCEWithLogitsLoss",
                {"reduction": r, "weight": W3, "pos_weight": W3[::-1].copy()},
                PRED,
                BINARY,
            ),
            ("BCEWithLogitsLoss", {"reduction": r, "pos_weight": np.array([3.0])}, PRED, BINARY),
            ("NLLLoss", {"reduction": r}, LOGITS, CLASSES),
            ("NLLLoss", {"reduction": r, "weight": W4, "ignore_index": 1}, LOGITS, np.array([0, 3, 1, 1, 2])),
            ("CrossEntropyLoss", {"reduction": r}, LOGITS, CLASSES),
            ("CrossEntropyLoss", {"reduction": r, "weight": W4}, LOGITS, CLASSES),
            ("CrossEntropyLoss", {"reduction": r, "label_smoothing": 0.2}, LOGITS, CLASSES),
            ("CrossEntropyLoss", {"reduction": r, "weight": W4, "label_smoothing": 0.1}, LOGITS, CLASSES),
            ("CrossEntropyLoss", {"reduction": r}, LOGITS, SOFT),
            ("CrossEntropyLoss", {"reduction": r, "weight": W4, "label_smoothing": 0.3}, LOGITS, SOFT),
        ]
    return cases


CASES = _cases()


def _convert(kwargs, make):
    return {k: make(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}


def _target(target, lib):
    if target.dtype.kind == "i":
        return lib.tensor(target, dtype=lib.int64)
    return lib.tensor(target)


@pytest.mark.parametrize(
    "name, kwargs, pred, target",
    CASES,
    ids=[f"{c[0]}-{sorted(c[1])}-{c[1]['reduction']}-{i}" for i, c in enumerate(CASES)],
)
def test_matches_torch(name, kwargs, pred, target):
    layer = getattr(nn, name)(**_convert(kwargs, tg.tensor))
    ref = getattr(torch.nn, name)(**_convert(kwargs, torch.tensor))
    if name == "NLLLoss":  # log-probabilities
        pred = pred - np.log(np.exp(pred).sum(1, keepdims=True))
    x = tg.tensor(pred, requires_grad=True)
    xt = torch.tensor(pred, requires_grad=True)
    out, expected = layer(x, _target(target, tg)), ref(xt, _target(target, torch))
    assert out.shape == tuple(expected.shape)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    g = np.linspace(0.5, 1.5, max(out.numel(), 1)).reshape(out.shape)
    out.backward(tg.tensor(g))
    expected.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    assert repr(layer) == repr(ref)
    assert list(layer.state_dict()) == list(ref.state_dict())


@pytest.mark.parametrize(
    "name, kwargs, pred, target",
    [
        ("HuberLoss", {"delta": 0.7}, PRED, TARGET),
        ("BCEWithLogitsLoss", {"weight": W3, "pos_weight": W3}, PRED, BINARY),
        ("BCELoss", {"weight": W3, "reduction": "sum"}, PROBS * 0.9 + 0.05, BINARY),
        ("CrossEntropyLoss", {"weight": W4, "label_smoothing": 0.2}, LOGITS, CLASSES),
        ("CrossEntropyLoss", {"weight": W4, "label_smoothing": 0.2}, LOGITS, SOFT),
        ("NLLLoss", {"weight": W4, "ignore_index": 2}, LOGITS, np.array([0, 3, 1, 2, 2])),
    ],
)
def test_gradcheck(name, kwargs, pred, target):
    layer = getattr(nn, name)(**_convert(kwargs, tg.tensor))
    x = tg.tensor(pred, requires_grad=True)
    t = _target(target, tg)
    assert tg.gradcheck(lambda x: layer(x, t), x)


def test_repr_and_buffers():
    assert repr(nn.MSELoss()) == "MSELoss()"
    assert repr(nn.CrossEntropyLoss(label_smoothing=0.1)) == repr(
        torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    )
    loss = nn.BCEWithLogitsLoss(weight=tg.ones(3), pos_weight=tg.ones(3))
    assert list(loss.state_dict()) == ["weight", "pos_weight"]
    assert [n for n, _ in loss.named_buffers()] == ["weight", "pos_weight"]
    assert list(nn.BCEWithLogitsLoss().state_dict()) == []
    ce = nn.CrossEntropyLoss()
    assert (
        ce.weight is None and ce.ignore_index == -100 and ce.reduction == "mean" and ce.label_smoothing == 0.0
    )
    assert nn.HuberLoss().delta == 1.0


def test_weight_follows_the_module_dtype():
    loss = nn.CrossEntropyLoss(weight=tg.ones(3)).float()
    assert loss.weight.dtype == tg.float32


@pytest.mark.parametrize(
    "name", ["MSELoss", "L1Loss", "NLLLoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss"]
)
def test_deprecated_arguments_only_as_none(name):
    with pytest.raises(ValueError, match="reduction="):
        getattr(nn, name)(size_average=False)
    with pytest.raises(ValueError, match="reduction="):
        getattr(nn, name)(reduce=False)
    getattr(nn, name)(size_average=None, reduce=None)


@pytest.mark.parametrize(
    "name", ["MSELoss", "L1Loss", "HuberLoss", "NLLLoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss"]
)
def test_unknown_reduction(name):
    with pytest.raises(ValueError, match="is not a valid value for reduction"):
        getattr(nn, name)(reduction="avg")


def test_weight_must_be_a_tensor():
    with pytest.raises(TypeError, match="buffer 'weight'"):
        nn.CrossEntropyLoss(weight=[1.0, 2.0])


def test_shape_mismatch_raises():
    with pytest.raises(ValueError):
        nn.MSELoss()(tg.ones(4, 1), tg.ones(4))
