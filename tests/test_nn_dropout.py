"""nn.Dropout and tg.nn.functional.dropout: statistics of the mask (tapegrad's random stream is
not PyTorch's), exact scaling of kept elements and of the gradient, reproducibility, train/eval,
p = 0 and p = 1, in-place, repr and errors against PyTorch."""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch

F = tg.nn.functional


def test_fraction_kept_and_exact_scaling():
    tg.manual_seed(0)
    x = tg.tensor(np.random.default_rng(0).uniform(-2, 2, 20000))
    for p in (0.1, 0.5, 0.8):
        y = F.dropout(x, p).numpy()
        kept = y != 0
        assert abs(kept.mean() - (1 - p)) < 0.02, (p, kept.mean())
        scale = np.float64(1.0) / (1.0 - p)
        np.testing.assert_array_equal(y[kept], x.numpy()[kept] * scale)


def test_gradient_is_mask_times_scale_exactly():
    tg.manual_seed(1)
    x = tg.tensor(np.random.default_rng(1).uniform(0.5, 2, (50, 40)), requires_grad=True)
    y = F.dropout(x, 0.3)
    g = np.random.default_rng(2).uniform(-1, 1, (50, 40))
    y.backward(tg.tensor(g))
    mask = (y.detach().numpy() != 0) * (np.float64(1.0) / 0.7)
    np.testing.assert_array_equal(x.grad.numpy(), g * mask)


@pytest.mark.parametrize("dtype", [tg.float32, tg.float64])
def test_dtype_kept_and_values_on_the_mask(dtype):
    tg.manual_seed(3)
    x = tg.ones(1000, dtype=dtype)
    y = F.dropout(x, 0.25)
    assert y.dtype == dtype
    values = set(np.unique(y.numpy()).tolist())
    assert values <= {
        0.0,
        float(np.array(1.0, dtype=y.numpy().dtype) / np.array(0.75, dtype=y.numpy().dtype)),
    }


def test_seeded_runs_are_reproducible():
    x = tg.ones((30, 30))
    tg.manual_seed(42)
    a = F.dropout(x, 0.5).numpy()
    b = tg.nn.Dropout(0.5)(x).numpy()
    tg.manual_seed(42)
    np.testing.assert_array_equal(F.dropout(x, 0.5).numpy(), a)
    np.testing.assert_array_equal(tg.nn.Dropout(0.5)(x).numpy(), b)
    assert not np.array_equal(a, b)  # the stream moves on


def test_train_eval_switching():
    m = tg.nn.Dropout(0.5)
    x = tg.ones(2000)
    assert m.training
    assert (m(x).numpy() == 0).any()
    assert m.eval() is m and not m.training
    y = m(x)
    np.testing.assert_array_equal(y.numpy(), x.numpy())
    m.train()
    assert (m(x).numpy() == 0).any()
    seq = tg.nn.Sequential(tg.nn.Dropout(0.9)).eval()
    np.testing.assert_array_equal(seq(x).numpy(), x.numpy())


def test_identity_cases_return_the_input():
    x = tg.ones(5, requires_grad=True)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x


def test_p_one_gives_zeros_and_zero_gradient():
    x = tg.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = F.dropout(x, 1.0)
    np.testing.assert_array_equal(y.detach().numpy(), np.zeros(3))
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(3))


def test_inplace():
    tg.manual_seed(5)
    x = tg.ones(100)
    y = F.dropout(x, 0.5, inplace=True)
    assert y is x and (x.numpy() == 0).any()
    m = tg.nn.Dropout(0.5, inplace=True)
    z = tg.ones(100)
    assert m(z) is z
    leaf = tg.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        F.dropout(leaf, 0.5, inplace=True)
    # through a non-leaf the gradient is the mask, as out of place
    w = tg.ones(200, requires_grad=True)
    h = w * 1.0
    out = F.dropout(h, 0.5, inplace=True)
    out.sum().backward()
    np.testing.assert_array_equal(w.grad.numpy(), out.detach().numpy())


def test_repr_and_state_dict_as_torch():
    for args in [(), (0.2,), (0.3, True)]:
        assert repr(tg.nn.Dropout(*args)) == repr(torch.nn.Dropout(*args))
    assert list(tg.nn.Dropout().state_dict()) == []
    assert list(tg.nn.Dropout().parameters()) == []


@pytest.mark.parametrize("p", [-0.1, 1.5])
def test_p_out_of_range_as_torch(p):
    with pytest.raises(ValueError) as theirs:
        torch.nn.Dropout(p)
    with pytest.raises(ValueError) as ours:
        tg.nn.Dropout(p)
    assert str(ours.value) == str(theirs.value)
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(tg.ones(3), p)


def test_bad_inputs():
    with pytest.raises(TypeError, match="floating-point"):
        F.dropout(tg.tensor([1, 2]), 0.5)
    with pytest.raises(TypeError, match="must be Tensor"):
        F.dropout([1.0, 2.0], 0.5)
    with pytest.raises(TypeError, match="number"):
        tg.nn.Dropout("0.5")
