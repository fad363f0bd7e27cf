"""nn.Embedding against torch.nn.Embedding: N(0, 1) init, padding_idx (zero row, no gradient,
negative indices normalised), from_pretrained, max_norm, scale_grad_by_freq, int32 indices, repr,
state_dict keys and errors."""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")


def pair(*args, **kwargs):
    """A tapegrad Embedding and a torch one with the same weights."""
    ours = tg.nn.Embedding(*args, **kwargs)
    theirs = torch.nn.Embedding(*args, **kwargs)
    with torch.no_grad():
        theirs.weight.copy_(torch.from_numpy(ours.weight.detach().numpy().copy()))
    return ours, theirs


def test_init_normal_with_the_padding_row_zero():
    tg.manual_seed(0)
    e = tg.nn.Embedding(1000, 20, padding_idx=3)
    w = e.weight.detach().numpy()
    assert e.weight.dtype == tg.float64 and e.weight.requires_grad
    assert isinstance(e.weight, tg.nn.Parameter)
    np.testing.assert_array_equal(w[3], np.zeros(20))
    assert abs(w.mean()) < 0.02 and abs(w.std() - 1) < 0.02
    assert tg.nn.Embedding(3, 2, dtype=tg.float32).weight.dtype == tg.float32


@pytest.mark.parametrize("padding_idx", [None, 2, -1])
def test_values_and_gradients_as_torch(padding_idx):
    ours, theirs = pair(6, 4, padding_idx=padding_idx)
    idx = np.array([[0, 2, 2, 5], [1, 5, 0, 2]])
    y = ours(tg.tensor(idx))
    yt = theirs(torch.from_numpy(idx))
    np.testing.assert_array_equal(y.detach().numpy(), yt.detach().numpy())
    g = np.random.default_rng(0).normal(size=(2, 4, 4))
    y.backward(tg.tensor(g))
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-14)
    assert ours.padding_idx == theirs.padding_idx
    if padding_idx is not None:
        np.testing.assert_array_equal(ours.weight.grad.numpy()[ours.padding_idx], np.zeros(4))


def test_int32_indices_and_scale_grad_by_freq():
    ours, theirs = pair(5, 3, scale_grad_by_freq=True)
    idx = np.array([1, 1, 1, 4, 0], dtype=np.int32)
    y, yt = ours(tg.tensor(idx)), theirs(torch.from_numpy(idx))
    np.testing.assert_array_equal(y.detach().numpy(), yt.detach().numpy())
    y.sum().backward()
    yt.sum().backward()
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-14)


def test_max_norm_renormalises_the_looked_up_rows_in_place():
    ours, theirs = pair(5, 3, max_norm=1.0, norm_type=1.0)
    idx = np.array([0, 3, 3])
    y, yt = ours(tg.tensor(idx)), theirs(torch.from_numpy(idx))
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-13)
    np.testing.assert_allclose(ours.weight.detach().numpy(), theirs.weight.detach().numpy(), rtol=1e-13)


def test_from_pretrained():
    table = np.arange(12.0).reshape(4, 3)
    emb = tg.tensor(table)
    ours = tg.nn.Embedding.from_pretrained(emb)
    theirs = torch.nn.Embedding.from_pretrained(torch.from_numpy(table.copy()))
    assert not ours.weight.requires_grad and not theirs.weight.requires_grad
    np.testing.assert_array_equal(ours(tg.tensor([3, 0])).numpy(), table[[3, 0]])
    with tg.no_grad():
        emb[0, 0] = 100.0  # shared, as PyTorch's Parameter(_weight)
    assert ours.weight.detach().numpy()[0, 0] == 100.0
    assert repr(ours) == repr(theirs)
    # padding_idx: kept as given, but no gradient
    ours = tg.nn.Embedding.from_pretrained(tg.tensor(table), freeze=False, padding_idx=1)
    theirs = torch.nn.Embedding.from_pretrained(torch.from_numpy(table.copy()), freeze=False, padding_idx=1)
    np.testing.assert_array_equal(ours.weight.detach().numpy(), table)
    ours(tg.tensor([1, 2, 1])).sum().backward()
    theirs(torch.tensor([1, 2, 1])).sum().backward()
    np.testing.assert_array_equal(ours.weight.grad.numpy(), theirs.weight.grad.numpy())
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"padding_idx": 0},
        {"padding_idx": -2},
        {"max_norm": 2.0},
        {"norm_type": 1.0},
        {"scale_grad_by_freq": True},
    ],
)
def test_repr_and_state_dict_as_torch(kwargs):
    ours, theirs = tg.nn.Embedding(7, 3, **kwargs), torch.nn.Embedding(7, 3, **kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_load_torch_state_dict():
    theirs = torch.nn.Embedding(4, 2)
    ours = tg.nn.Embedding(4, 2)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())


def test_sparse_is_refused_not_ignored():
    with pytest.raises(NotImplementedError, match="sparse"):
        tg.nn.Embedding(3, 2, sparse=True)
    with pytest.raises(NotImplementedError, match="sparse"):
        tg.nn.Embedding.from_pretrained(tg.ones((3, 2)), sparse=True)


@pytest.mark.parametrize("padding_idx", [3, -4])
def test_padding_idx_out_of_range_as_torch(padding_idx):
    with pytest.raises(AssertionError) as theirs:
        torch.nn.Embedding(3, 2, padding_idx=padding_idx)
    with pytest.raises(AssertionError) as ours:
        tg.nn.Embedding(3, 2, padding_idx=padding_idx)
    assert str(ours.value) == str(theirs.value)


def test_errors():
    e = tg.nn.Embedding(3, 2)
    with pytest.raises(IndexError, match="out of bounds"):
        e(tg.tensor([3]))
    with pytest.raises(IndexError):
        e(tg.tensor([-1]))
    with pytest.raises(TypeError, match="int32 or int64"):
        e(tg.tensor([1.0]))
    with pytest.raises(AssertionError, match="2-dimensional"):
        tg.nn.Embedding.from_pretrained(tg.ones(3))
    with pytest.raises(AssertionError, match="Shape of weight"):
        tg.nn.Embedding(3, 2, _weight=tg.ones((2, 3)))
