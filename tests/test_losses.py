"""Losses of tg.nn.functional against torch.nn.functional: every reduction, weights, ignore_index,
label smoothing, class-probability targets, gradients (float32 and float64), gradcheck, errors."""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import TF, torch

F = tg.nn.functional
DTYPES = [np.float32, np.float64]
TOL = {np.float32: {"rtol": 1e-5, "atol": 1e-6}, np.float64: {"rtol": 1e-10, "atol": 1e-12}}
REDUCTIONS = ["mean", "sum", "none"]


def as_np(t):
    return t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t.numpy())


def close(ours, theirs, dtype):
    a, b = as_np(ours), as_np(theirs)
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, b.shape, a.dtype, b.dtype)
    np.testing.assert_allclose(a, b, equal_nan=True, **TOL[dtype])


def run(ours_fn, torch_fn, arrays, dtype, grads=(0,)):
    """Values and the gradients of the inputs listed in grads, against torch."""
    ours = [tg.tensor(a.copy(), requires_grad=i in grads) for i, a in enumerate(arrays)]
    theirs = [torch.tensor(a.copy(), requires_grad=i in grads) for i, a in enumerate(arrays)]
    y, yt = ours_fn(*ours), torch_fn(*theirs)
    close(y, yt, dtype)
    w = np.random.default_rng(1).uniform(0.5, 1.5, as_np(yt).shape).astype(as_np(yt).dtype)
    (y * tg.tensor(w)).sum().backward()
    (yt * torch.tensor(w)).sum().backward()
    for i in grads:
        close(ours[i].grad, theirs[i].grad, dtype)


def rand(shape, dtype, seed=0, low=-2.0, high=2.0):
    return np.random.default_rng(seed).uniform(low, high, shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_elementwise_losses_match_torch(dtype, reduction):
    x, t = rand((3, 4), dtype), rand((3, 4), dtype, seed=2)
    w = rand((3, 4), dtype, seed=3, low=0.1)  # torch needs the weight at the input's shape
    for name, kwargs in [
        ("mse_loss", {}),
        ("l1_loss", {}),
        ("smooth_l1_loss", {}),
        ("smooth_l1_loss", {"beta": 0.5}),
        ("smooth_l1_loss", {"beta": 0.0}),
        ("huber_loss", {}),
        ("huber_loss", {"delta": 0.3}),
    ]:
        run(
            lambda a, b, n=name, k=kwargs: getattr(F, n)(a, b, reduction=reduction, **k),
            lambda a, b, n=name, k=kwargs: getattr(TF, n)(a, b, reduction=reduction, **k),
            [x, t],
            dtype,
            grads=(0, 1),
        )
    for name in ("mse_loss", "l1_loss", "huber_loss"):
        run(
            lambda a, b, c, n=name: getattr(F, n)(a, b, reduction=reduction, weight=c),
            lambda a, b, c, n=name: getattr(TF, n)(a, b, reduction=reduction, weight=c),
            [x, t, w],
            dtype,
            grads=(0, 1),
        )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_losses_match_torch(dtype, reduction):
    p, t = rand((3, 4), dtype, low=0.01, high=0.99), rand((3, 4), dtype, seed=2, low=0.0, high=1.0)
    logits = rand((3, 4), dtype, seed=4, low=-30, high=30)
    w, pw = rand((3, 1), dtype, seed=5, low=0.1), rand((4,), dtype, seed=6, low=0.2)
    run(
        lambda a, b: F.binary_cross_entropy(a, b, reduction=reduction),
        lambda a, b: TF.binary_cross_entropy(a, b, reduction=reduction),
        [p, t],
        dtype,
        grads=(0, 1),
    )
    run(
        lambda a, b, c: F.binary_cross_entropy(a, b, c, reduction=reduction),
        lambda a, b, c: TF.binary_cross_entropy(a, b, c, reduction=reduction),
        [p, t, w],
        dtype,
        grads=(0,),
    )
    for weight, pos_weight in [(None, None), (w, None), (None, pw), (w, pw)]:
        arrays = [logits, t] + [a for a in (weight, pos_weight) if a is not None]

        def call(fn, *args, weight=weight, pos_weight=pos_weight):
            rest = list(args[2:])
            return fn(
                args[0],
                args[1],
                weight=rest.pop(0) if weight is not None else None,
                pos_weight=rest.pop(0) if pos_weight is not None else None,
                reduction=reduction,
            )

        run(
            lambda *a: call(F.binary_cross_entropy_with_logits, *a),
            lambda *a: call(TF.binary_cross_entropy_with_logits, *a),
            arrays,
            dtype,
            grads=(0, 1),
        )  # torch has no gradient for pos_weight (tapegrad's is checked by gradcheck)


@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides the total loss:UserWarning")
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", [*REDUCTIONS, "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_matches_torch(dtype, reduction, log_target):
    x = np.log(rand((3, 4), dtype, low=0.05, high=1.0))
    t = rand((3, 4), dtype, seed=2, low=0.0, high=1.0)
    t[0, 0] = 0.0
    if log_target:
        t = np.log(t + 0.1).astype(dtype)
    run(
        lambda a, b: F.kl_div(a, b, reduction=reduction, log_target=log_target),
        lambda a, b: TF.kl_div(a, b, reduction=reduction, log_target=log_target),
        [x, t],
        dtype,
        grads=(0,),
    )


CLASS_SHAPES = [((5,), ()), ((4, 5), (4,)), ((2, 5, 3), (2, 3)), ((2, 5, 2, 3), (2, 2, 3))]


def targets(shape, c, seed=0, ignore=None):
    t = np.random.default_rng(seed).integers(0, c, shape).astype(np.int64)
    if ignore is not None and t.size > 1:
        t.reshape(-1)[1] = ignore
    return t


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shapes", CLASS_SHAPES)
def test_cross_entropy_and_nll_loss_with_class_indices(dtype, reduction, shapes):
    in_shape, t_shape = shapes
    c = in_shape[0] if len(in_shape) == 1 else in_shape[1]
    x = rand(in_shape, dtype) * 5
    w = rand((c,), dtype, seed=7, low=0.1, high=2.0)
    for ignore in (-100, 2):
        t = targets(t_shape, c, ignore=None if ignore == -100 else ignore)
        for smoothing in (0.0, 0.2):
            for weight in (None, w):

                def ours(a, weight=weight, smoothing=smoothing, t=t, ignore=ignore):
                    return F.cross_entropy(
                        a,
                        tg.tensor(t),
                        None if weight is None else tg.tensor(weight),
                        ignore_index=ignore,
                        reduction=reduction,
                        label_smoothing=smoothing,
                    )

                def theirs(a, weight=weight, smoothing=smoothing, t=t, ignore=ignore):
                    return TF.cross_entropy(
                        a,
                        torch.tensor(t),
                        None if weight is None else torch.tensor(weight),
                        ignore_index=ignore,
                        reduction=reduction,
                        label_smoothing=smoothing,
                    )

                run(ours, theirs, [x], dtype)
            for weight in (None, w):
                run(
                    lambda a, weight=weight, t=t, ignore=ignore: F.nll_loss(
                        a,
                        tg.tensor(t),
                        None if weight is None else tg.tensor(weight),
                        ignore_index=ignore,
                        reduction=reduction,
                    ),
                    lambda a, weight=weight, t=t, ignore=ignore: TF.nll_loss(
                        a,
                        torch.tensor(t),
                        None if weight is None else torch.tensor(weight),
                        ignore_index=ignore,
                        reduction=reduction,
                    ),
                    [x],
                    dtype,
                )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_cross_entropy_with_class_probabilities(dtype, reduction):
    for in_shape in [(5,), (4, 5), (2, 5, 3)]:
        x = rand(in_shape, dtype) * 3
        p = rand(in_shape, dtype, seed=3, low=0.0, high=1.0)
        class_dim = 0 if len(in_shape) == 1 else 1
        p = (p / p.sum(axis=class_dim, keepdims=True)).astype(dtype)
        w = rand((5,), dtype, seed=4, low=0.1)
        for smoothing in (0.0, 0.3):
            for weight in (None, w):
                run(
                    lambda a, b, s=smoothing, weight=weight: F.cross_entropy(
                        a,
                        b,
                        None if weight is None else tg.tensor(weight),
                        reduction=reduction,
                        label_smoothing=s,
                    ),
                    lambda a, b, s=smoothing, weight=weight: TF.cross_entropy(
                        a,
                        b,
                        None if weight is None else torch.tensor(weight),
                        reduction=reduction,
                        label_smoothing=s,
                    ),
                    [x, p],
                    dtype,
                    grads=(0, 1),
                )


def test_cross_entropy_is_stable_for_huge_logits_and_all_ignored_is_nan():
    x = np.array([[1e4, -1e4, 0.0], [-1e30, 1e30, 5.0]])
    t = np.array([1, 1])
    run(
        lambda a: F.cross_entropy(a, tg.tensor(t)),
        lambda a: TF.cross_entropy(a, torch.tensor(t)),
        [x],
        np.float64,
    )
    all_ignored = F.cross_entropy(tg.tensor(x), tg.tensor([-100, -100]))
    assert np.isnan(all_ignored.item())
    assert np.isnan(TF.cross_entropy(torch.tensor(x), torch.tensor([-100, -100])).item())


def test_losses_gradcheck():
    x = tg.tensor(rand((3, 4), np.float64, seed=9), requires_grad=True)
    t = tg.tensor(rand((3, 4), np.float64, seed=10, low=0.05, high=0.95), requires_grad=True)
    idx = tg.tensor([1, 3, 0])
    w = tg.tensor([0.5, 1.0, 2.0, 1.5])
    for f in [
        lambda a, b: F.mse_loss(a, b, reduction="none"),
        lambda a, b: F.l1_loss(a, b, reduction="sum"),
        lambda a, b: F.smooth_l1_loss(a, b, beta=0.3),
        lambda a, b: F.huber_loss(a, b, delta=0.4),
        lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=w, reduction="none"),
        lambda a, b: F.binary_cross_entropy(b, a.sigmoid()),
        lambda a, b: F.kl_div(a, b, reduction="batchmean"),
        lambda a, b: F.cross_entropy(a, idx, w, label_smoothing=0.1),
        lambda a, b: F.cross_entropy(a, b, reduction="none", label_smoothing=0.2),
        lambda a, b: F.nll_loss(a.log_softmax(1), idx, w, reduction="sum"),
    ]:
        assert tg.gradcheck(f, x, t)


def test_legacy_size_average_and_reduce():
    x, t = rand((3,), np.float64), rand((3,), np.float64, seed=1)
    with pytest.warns(UserWarning, match="deprecated"):
        ours = F.mse_loss(tg.tensor(x), tg.tensor(t), reduce=False)
    with pytest.warns(UserWarning):
        theirs = TF.mse_loss(torch.tensor(x), torch.tensor(t), reduce=False)
    close(ours, theirs, np.float64)


def test_one_hot_matches_torch():
    t = np.array([[0, 2], [1, 3]])
    np.testing.assert_array_equal(F.one_hot(tg.tensor(t)).numpy(), TF.one_hot(torch.tensor(t)).numpy())
    np.testing.assert_array_equal(F.one_hot(tg.tensor(t), 6).numpy(), TF.one_hot(torch.tensor(t), 6).numpy())
    assert F.one_hot(tg.tensor(t)).dtype == tg.int64
    with pytest.raises(ValueError, match="non-negative"):
        F.one_hot(tg.tensor([-1, 0]))
    with pytest.raises(ValueError, match="smaller than num_classes"):
        F.one_hot(tg.tensor([3]), 3)
    with pytest.raises(ValueError, match="empty"):
        F.one_hot(tg.tensor(np.zeros(0, np.int64)))
    with pytest.raises(TypeError, match="integer"):
        F.one_hot(tg.tensor([1.0]))


def test_loss_errors_name_the_problem():
    a = tg.tensor(np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"\(2, 1\) and target shape \(2,\) differ.*does not broadcast"):
        F.mse_loss(a, np.ones(2))
    with pytest.raises(ValueError, match="not a valid value for reduction"):
        F.l1_loss(a, a, reduction="avg")
    x = tg.tensor(np.zeros((3, 4)))
    with pytest.raises(IndexError, match="target 4 is out of bounds"):
        F.cross_entropy(x, tg.tensor([0, 4, 1]))
    with pytest.raises(IndexError, match="target -2 is out of bounds"):
        F.nll_loss(x, tg.tensor([0, -2, 1]))
    with pytest.raises(ValueError, match=r"expected target of shape \(3,\).*got \(2,\)"):
        F.cross_entropy(x, tg.tensor([0, 1]))
    with pytest.raises(ValueError, match="input's shape"):
        F.cross_entropy(x, tg.tensor(np.zeros(3)))
    with pytest.raises(ValueError, match="all 4 classes"):
        F.cross_entropy(x, tg.tensor([0, 1, 2]), tg.tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match="label_smoothing"):
        F.cross_entropy(x, tg.tensor([0, 1, 2]), label_smoothing=1.5)
    with pytest.raises(ValueError, match="ignore_index"):
        F.cross_entropy(x, tg.tensor(np.zeros((3, 4))), ignore_index=1)
    with pytest.raises(TypeError, match="integer"):
        F.nll_loss(x, tg.tensor([0.0, 1.0, 2.0]))
    with pytest.raises(RuntimeError, match="derivative for 'weight'"):
        F.cross_entropy(x, tg.tensor([0, 1, 2]), tg.tensor(np.ones(4), requires_grad=True))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        F.binary_cross_entropy(tg.tensor([1.5]), tg.tensor([1.0]))
    with pytest.raises(ValueError, match="beta"):
        F.smooth_l1_loss(a, a, beta=-1.0)
    with pytest.raises(ValueError, match="delta"):
        F.huber_loss(a, a, delta=0.0)
    with pytest.raises(ValueError, match="weight of shape"):
        F.binary_cross_entropy_with_logits(a, a, weight=tg.tensor(np.ones(3)))
