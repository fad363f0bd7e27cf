"""tapegrad.datasets and tapegrad.train: the digits, the split, the loop and its hooks."""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.datasets import load_digits, train_test_split
from tapegrad.train import build_model, train


def test_the_digits_ship_with_the_package():
    images, labels = load_digits()
    assert images.shape == (1797, 64) and images.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() == 0.0 and images.max() == 1.0
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    raw, _ = load_digits(raw=True)
    assert raw.dtype == np.uint8 and raw.max() == 16 and int(raw.sum(dtype=np.int64)) == 561718
    assert load_digits(dtype="float32")[0].dtype == np.float32
    with pytest.raises(TypeError, match="float32 or float64"):
        load_digits(dtype="int32")


def test_the_split_is_deterministic_and_disjoint():
    x = np.arange(100)
    a = train_test_split(x, test_fraction=0.2, seed=3)
    b = train_test_split(x, test_fraction=0.2, seed=3)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    assert len(a[1]) == 20 and sorted(np.concatenate(a).tolist()) == x.tolist()
    assert not np.array_equal(a[1], train_test_split(x, seed=4)[1])
    with pytest.raises(ValueError, match="differ in length"):
        train_test_split(np.zeros(3), np.zeros(4))


def test_defaults_reach_95_percent():
    result = train(progress=None)
    assert result.test_accuracy >= 0.95
    assert len(result.history) == 40
    assert result.history[-1].loss < result.history[0].loss


def test_same_seed_same_run_and_other_settings_train():
    a = train(epochs=3, seed=7, progress=None)
    b = train(epochs=3, seed=7, progress=None)
    assert [s.loss for s in a.history] == [s.loss for s in b.history]
    for kwargs in (
        {"optimizer": "sgd"},
        {"loss": "bce", "dtype": "float64"},
        {"loss": "ce", "optimizer": "sgd"},
        {"batch_size": 2000},
    ):
        r = train(epochs=3, progress=None, **kwargs)
        assert r.history[-1].loss < r.history[0].loss, kwargs
    assert r.model[0].weight.dtype == np.float32


def test_progress_lines_and_bar(capsys):
    lines = []
    train(epochs=2, progress="lines", log=lines.append)
    assert len(lines) == 2 and lines[0].startswith("epoch 1/2  loss ")
    pytest.importorskip("tqdm")
    train(epochs=1, progress="bar")
    err = capsys.readouterr().err
    assert "epoch 1/1" in err and "loss=" in err and "test_accuracy=" in err


def test_hooks_shard_batches_and_reduce_gradients():
    """Two simulated workers: each takes half of every batch; the hook combines their gradients
    weighted by local_size / batch_size, which must equal one worker's gradient on the batch."""
    images, labels = load_digits(dtype="float64")
    data = (images[:64], labels[:64])
    calls = []

    def check_against_the_other_half(params, local_size, batch_size):
        calls.append((local_size, batch_size))
        assert all(p.grad is not None for p in params)

    train(
        epochs=1,
        batch_size=16,
        dtype="float64",
        data=data,
        progress=None,
        shard_batch=lambda idx: idx[0::2],
        reduce_gradients=check_against_the_other_half,
    )
    # 51 training samples in batches of 16: 16, 16, 16, 3; this worker takes every other one.
    assert calls == [(8, 16), (8, 16), (8, 16), (2, 3)]

    # The weighting is exact: half-batch mean gradients, weighted and summed, give the batch's.
    model = build_model(hidden=5, dtype="float64", rng=0)
    x, t = images[:6], np.eye(10)[labels[:6]]
    grads = []
    for part in (slice(0, 6), slice(0, 2), slice(2, 6)):
        model.zero_grad()
        tg.mse_loss(model(x[part]), t[part]).backward()
        grads.append([p.grad.numpy().copy() for p in model.parameters()])
    for whole, first, second in zip(*grads):
        np.testing.assert_allclose(whole, first * 2 / 6 + second * 4 / 6, rtol=1e-12)

    zeros = []
    train(
        epochs=1,
        batch_size=4,
        data=data,
        progress=None,
        shard_batch=lambda idx: idx[:0],
        reduce_gradients=lambda params, n, total: zeros.append((n, [p.grad.numpy().copy() for p in params])),
    )
    assert all(n == 0 and all(not g.any() for g in grads) for n, grads in zeros)


def test_arguments_are_checked():
    for kwargs, match in (
        ({"epochs": 0}, "epochs"),
        ({"lr": float("nan")}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"hidden": 0}, "hidden"),
        ({"batch_size": 0}, "batch_size"),
        ({"optimizer": "rmsprop"}, "optimizer"),
        ({"dtype": "float16"}, "dtype"),
    ):
        with pytest.raises(ValueError, match=match):
            train(progress=None, **kwargs)


def test_saved_weights_reload_into_a_fresh_model(tmp_path):
    result = train(epochs=2, progress=None)
    tg.save(result.model.state_dict(), tmp_path / "digits.npz")
    model = build_model()
    model.load_state_dict(tg.load(tmp_path / "digits.npz"))
    x = load_digits(dtype="float32")[0][:10]
    np.testing.assert_array_equal(model(x).numpy(), result.model(x).numpy())


def test_cross_entropy_loss_trains_a_softmax_classifier():
    # --loss ce: logits out of the last layer, cross_entropy against the labels: the mean of
    # -log softmax at the true class, computed here in NumPy from the trained model's logits.
    images, labels = load_digits(dtype="float64")
    result = train(epochs=5, loss="ce", dtype="float64", progress=None)
    assert result.model[1].activation is None
    assert result.history[-1].test_accuracy > 0.9
    assert result.history[-1].loss < result.history[0].loss
    with tg.no_grad():
        logits = result.model(tg.tensor(images[:50])).numpy()
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    expected = -log_softmax[np.arange(50), labels[:50]].mean()
    got = tg.nn.functional.cross_entropy(tg.tensor(logits), tg.tensor(labels[:50].astype(np.int64))).item()
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"optimizer": "adam"},
        {"optimizer": "sgd"},  # with momentum 0.9: its state is made on the warm-up call
        {"optimizer": "adam", "loss": "bce", "dtype": "float64"},
        {"optimizer": "sgd", "loss": "ce", "dtype": "float32"},
    ],
)
def test_compiled_training_equals_eager_exactly(monkeypatch, kwargs):
    """compile=True: the same losses, accuracies and weights, bit for bit. 1437 training samples
    in batches of 32 leave a short last batch (29), its own signature: run eagerly in epoch 1,
    recorded in epoch 2, replayed in epochs 3 and 4; full batches replay from the third on."""
    import tapegrad.train as train_module

    compiled = []

    def spy(fn):
        compiled.append(tg.compile(fn))
        return compiled[-1]

    monkeypatch.setattr(train_module, "compile_step", spy)
    settings = {"epochs": 4, "hidden": 16, "progress": None, **kwargs}
    eager = train(**settings)
    replayed = train(compile=True, **settings)
    assert len(compiled) == 1
    entries = compiled[0]._entries
    assert len(entries) == 2 and all(e.plan is not None for e in entries.values())

    def history(result):
        return [(s.epoch, s.loss, s.train_accuracy, s.test_accuracy) for s in result.history]

    assert history(replayed) == history(eager)
    for (name, a), (_, b) in zip(replayed.model.state_dict().items(), eager.model.state_dict().items()):
        assert a.numpy().tobytes() == b.numpy().tobytes(), name


def test_compile_refuses_what_it_cannot_replay():
    with pytest.raises(ValueError, match="does not support reduce_gradients"):
        train(epochs=1, compile=True, progress=None, reduce_gradients=lambda params, n, total: None)
