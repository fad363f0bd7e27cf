"""Training a sigmoid MLP on the handwritten digits: what ``python -m tapegrad train`` runs.

``train(...)`` is the whole loop and returns the model and its per-epoch history; the command
line only parses options and prints. Everything per sample happens in the C++ ops: a batch is
one NumPy fancy-index, one ``from_numpy`` and one forward/backward through the fused layers.

Two hooks make the loop data-parallel without changing it (an MPI driver, say):

- ``shard_batch(indices) -> indices``: each global batch's sample indices, cut to this worker's
  part (e.g. ``lambda idx: idx[rank::world_size]``). Every worker draws the same permutation
  from the same seed, so all of them take the same number of steps.
- ``reduce_gradients(parameters, local_size, batch_size)``: called on every step between
  ``backward()`` and the optimizer step, with every parameter's ``.grad`` set (zeros when this
  worker's share of the batch was empty), this worker's number of samples and the whole
  batch's; it should combine the gradients in place across workers. The loss is a mean over
  this worker's samples, so weighting each worker's gradient by ``local_size / batch_size``
  and summing gives the whole batch's gradient for any split (e.g.
  ``tapegrad.distributed.allreduce_gradients(parameters, weight=local_size / batch_size)``).
"""

import math
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from . import nn, optim
from ._core import binary_cross_entropy_with_logits, mse_loss
from ._tensor import from_numpy
from .compile import compile as compile_step
from .datasets import load_digits, train_test_split
from .grad_mode import no_grad
from .nn.functional import cross_entropy

__all__ = ["EpochStats", "TrainResult", "accuracy", "build_model", "train"]

DEFAULTS = {
    "epochs": 40,
    "hidden": 128,
    "batch_size": 32,
    "optimizer": "adam",
    "dtype": "float32",
    "seed": 0,
    "loss": "mse",
}
# The learning rate that suits each optimizer on this data (SGD with momentum 0.9 diverges to a
# constant prediction from about 0.4 on; 0.3 reaches 91-96% in 40 epochs, Adam 97-98%).
DEFAULT_LR = {"adam": 0.01, "sgd": 0.3}
SGD_MOMENTUM = 0.9
OPTIMIZERS = ("adam", "sgd")
LOSSES = ("mse", "bce", "ce")
DTYPES = ("float32", "float64")
TEST_FRACTION = 0.2


@dataclass
class EpochStats:
    """What one epoch of ``train`` did.

    Attributes:
        epoch: The epoch's number, from 1.
        loss: The mean training loss over the epoch's batches.
        train_accuracy: The accuracy on the training part after the epoch, in [0, 1].
        test_accuracy: The accuracy on the test part after the epoch, in [0, 1].
        seconds: The epoch's wall-clock time, evaluation included.
    """

    epoch: int
    loss: float  # mean training loss over the epoch's batches
    train_accuracy: float  # fractions in [0, 1]
    test_accuracy: float
    seconds: float


@dataclass
class TrainResult:
    """What ``train`` returns.

    Attributes:
        model: The trained ``nn.Sequential``.
        history: One ``EpochStats`` per epoch, in order.
    """

    model: nn.Module
    history: list = field(default_factory=list)  # one EpochStats per epoch

    @property
    def test_accuracy(self):
        """The last epoch's test accuracy, in [0, 1] (NaN before any epoch)."""
        return self.history[-1].test_accuracy if self.history else float("nan")


def build_model(
    hidden=DEFAULTS["hidden"],
    dtype=DEFAULTS["dtype"],
    loss=DEFAULTS["loss"],
    rng=None,
    n_inputs=64,
    n_classes=10,
):
    """64 pixels -> ``hidden`` sigmoid units -> 10 outputs.

    With the ``mse`` loss the outputs are sigmoids compared with one-hot targets (the blog's
    squared error); with ``bce`` and ``ce`` they are logits, for
    ``binary_cross_entropy_with_logits`` or for the softmax inside ``cross_entropy``.

    Args:
        hidden: The number of sigmoid hidden units.
        dtype: ``"float32"`` or ``"float64"``.
        loss: ``"mse"`` (sigmoid outputs), ``"bce"`` or ``"ce"`` (logit outputs).
        rng: A ``numpy.random.Generator``, a seed, or None: the initial weights.
        n_inputs: The number of input features (64 pixels).
        n_classes: The number of outputs (10 digits).

    Returns:
        An ``nn.Sequential`` of two ``nn.Dense`` layers.
    """
    rng = np.random.default_rng(rng)
    return nn.Sequential(
        nn.Dense(n_inputs, hidden, activation="sigmoid", dtype=dtype, rng=rng),
        nn.Dense(hidden, n_classes, activation="sigmoid" if loss == "mse" else None, dtype=dtype, rng=rng),
    )


def accuracy(model, images, labels, batch_size=1024):
    """The fraction of ``images`` whose largest output is the right label.

    Args:
        model: A callable from a ``(n, features)`` Tensor to ``(n, classes)`` outputs.
        images: A NumPy array of shape ``(n, features)``.
        labels: The n integer labels.
        batch_size: The number of images per forward pass (run under ``no_grad``).

    Returns:
        A float in [0, 1] (0 for no images).
    """
    correct = 0
    with no_grad():
        for start in range(0, len(images), batch_size):
            out = model(from_numpy(np.ascontiguousarray(images[start : start + batch_size]))).numpy()
            correct += int(np.count_nonzero(out.argmax(axis=1) == labels[start : start + batch_size]))
    return correct / max(len(images), 1)


def _check(name, value, ok, requirement):
    if not ok:
        raise ValueError(f"{name} must be {requirement}, got {value!r}")


def train(
    epochs=DEFAULTS["epochs"],
    hidden=DEFAULTS["hidden"],
    lr=None,
    batch_size=DEFAULTS["batch_size"],
    optimizer=DEFAULTS["optimizer"],
    dtype=DEFAULTS["dtype"],
    seed=DEFAULTS["seed"],
    loss=DEFAULTS["loss"],
    *,
    data=None,
    test_fraction=TEST_FRACTION,
    progress="auto",
    log=None,
    shard_batch=None,
    reduce_gradients=None,
    on_epoch_end=None,
    compile=False,
):
    """Trains a sigmoid MLP on the digits (or ``data``) and returns a ``TrainResult``.

    ``data`` is ``(images, labels)`` to use instead of the digits: images of shape (n, features)
    in [0, 1], integer labels 0..k-1. The train/test split, the initial weights and the batch
    order all follow ``seed``. ``lr=None`` takes the optimizer's default (Adam 0.01, SGD 0.3 with
    momentum 0.9). ``progress``: ``"auto"`` shows a tqdm bar per epoch when tqdm is installed
    and otherwise logs one line per epoch; ``"bar"``, ``"lines"`` or ``None`` (silent) choose.
    ``log(text)`` receives the per-epoch lines (default: print to stdout). ``on_epoch_end(stats)``
    is called after each epoch. For ``shard_batch`` and ``reduce_gradients`` see the module's
    docstring. ``compile=True`` runs each batch's step (zero_grad, forward, loss, backward,
    optimizer step) through ``tapegrad.compile``: recorded once per batch shape, then replayed
    in C++, with the same results bit for bit.

    Args:
        epochs: Passes over the training part, an integer >= 1.
        hidden: Sigmoid units in the hidden layer, an integer >= 1.
        lr: The learning rate (> 0), or None for the optimizer's default.
        batch_size: Samples per step, an integer >= 1.
        optimizer: ``"adam"``, or ``"sgd"`` (with momentum 0.9).
        dtype: ``"float32"`` or ``"float64"``: the weights' and the data's dtype.
        seed: The seed of the split, the initial weights and the batch order.
        loss: ``"mse"`` (sigmoid outputs against one-hot targets), ``"bce"``
            (``binary_cross_entropy_with_logits`` against one-hot targets) or ``"ce"`` (a softmax
            output: ``cross_entropy`` of the logits against the class labels).
        data: ``(images, labels)`` to train on instead of the digits, or None.
        test_fraction: The share of samples held out for the test, in (0, 1).
        progress: ``"auto"``, ``"bar"``, ``"lines"`` or None.
        log: A function taking one line of text, or None for ``print``.
        shard_batch: A function from a batch's sample indices to this worker's, or None.
        reduce_gradients: A function ``(parameters, local_size, batch_size)`` that combines the
            gradients across workers in place, or None.
        on_epoch_end: A function called with each epoch's ``EpochStats``, or None.
        compile: Replay the training step with ``tapegrad.compile`` (not with
            ``reduce_gradients``).

    Returns:
        A ``TrainResult``: the model and its per-epoch history.

    Raises:
        ValueError: An argument is out of range or not one of the choices.
        ImportError: ``progress="bar"`` without tqdm installed.
    """
    _check("epochs", epochs, isinstance(epochs, int) and epochs >= 1, "an integer >= 1")
    _check("hidden", hidden, isinstance(hidden, int) and hidden >= 1, "an integer >= 1")
    _check("batch_size", batch_size, isinstance(batch_size, int) and batch_size >= 1, "an integer >= 1")
    _check("optimizer", optimizer, optimizer in OPTIMIZERS, f"one of {OPTIMIZERS}")
    _check("loss", loss, loss in LOSSES, f"one of {LOSSES}")
    _check("dtype", dtype, str(dtype) in DTYPES, f"one of {DTYPES}")
    lr = DEFAULT_LR[optimizer] if lr is None else lr
    _check("lr", lr, isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0, "a finite number > 0")
    _check("progress", progress, progress in ("auto", "bar", "lines", None), "'auto', 'bar', 'lines' or None")
    if compile and reduce_gradients is not None:
        raise ValueError(
            "compile=True does not support reduce_gradients: a compiled step cannot call it between "
            "backward() and the optimizer step"
        )
    dtype = str(dtype)
    log = log or print

    if data is None:
        images, labels = load_digits(dtype=dtype)
    else:
        images, labels = np.asarray(data[0], dtype=dtype), np.asarray(data[1]).astype(np.int64)
    n_classes = int(labels.max()) + 1
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_fraction=test_fraction, seed=seed
    )
    # One-hot rows for the squared error and the binary cross-entropy, the labels for cross_entropy.
    targets = y_train.astype(np.int64) if loss == "ce" else np.eye(n_classes, dtype=dtype)[y_train]

    rng = np.random.default_rng(seed)
    model = build_model(hidden, dtype, loss, rng, n_inputs=images.shape[1], n_classes=n_classes)
    params = list(model.parameters())
    opt = (
        optim.Adam(params, lr=lr) if optimizer == "adam" else optim.SGD(params, lr=lr, momentum=SGD_MOMENTUM)
    )
    loss_fn = {"mse": mse_loss, "bce": binary_cross_entropy_with_logits, "ce": cross_entropy}[loss]

    def step(x, t):
        """One step on a batch; returns the loss, a Tensor (read it outside: a plan cannot)."""
        opt.zero_grad()
        batch_loss = loss_fn(model(x), t)
        batch_loss.backward()
        opt.step()
        return batch_loss

    # Compiled, each batch shape (the short last batch has its own) runs once eagerly, is
    # recorded on its second call and replayed after.
    run_step = compile_step(step) if compile else step

    bar = _tqdm() if progress in ("auto", "bar") else None
    if progress == "bar" and bar is None:
        raise ImportError('progress="bar" needs tqdm: pip install "tapegrad[cli]"')
    n_batches = math.ceil(len(x_train) / batch_size)
    result = TrainResult(model)
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        order = rng.permutation(len(x_train))
        if bar is not None:
            shown = bar(
                total=n_batches,
                desc=f"epoch {epoch}/{epochs}",
                unit="batch",
                leave=True,
                file=sys.stderr,
                dynamic_ncols=True,
            )
        total = 0.0
        for b in range(n_batches):
            idx = whole = order[b * batch_size : (b + 1) * batch_size]
            if shard_batch is not None:
                idx = shard_batch(whole)
            if reduce_gradients is None and len(idx):
                total += run_step(from_numpy(x_train[idx]), from_numpy(targets[idx])).item()
            else:  # the hooks' way: reduce_gradients runs between backward() and the step
                opt.zero_grad()
                if len(idx):
                    batch_loss = loss_fn(model(from_numpy(x_train[idx])), from_numpy(targets[idx]))
                    batch_loss.backward()
                    total += batch_loss.item()
                else:  # this worker's share of the batch is empty: it contributes zero gradients
                    for p in params:
                        p.grad = np.zeros(p.shape, dtype=p.dtype)
                if reduce_gradients is not None:
                    reduce_gradients(params, len(idx), len(whole))
                opt.step()
            if bar is not None:
                shown.set_postfix(loss=f"{total / (b + 1):.4f}", refresh=False)
                shown.update()
        stats = EpochStats(
            epoch,
            total / n_batches,
            accuracy(model, x_train, y_train),
            accuracy(model, x_test, y_test),
            time.perf_counter() - started,
        )
        result.history.append(stats)
        if bar is not None:
            shown.set_postfix(
                loss=f"{stats.loss:.4f}", test_accuracy=f"{100 * stats.test_accuracy:.1f}%", refresh=False
            )
            shown.close()
        elif progress is not None:
            log(
                f"epoch {epoch}/{epochs}  loss {stats.loss:.4f}  "
                f"train accuracy {100 * stats.train_accuracy:.1f}%  "
                f"test accuracy {100 * stats.test_accuracy:.1f}%  ({stats.seconds:.2f} s)"
            )
        if on_epoch_end is not None:
            on_epoch_end(stats)
    return result


def _tqdm():
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm


def have_tqdm():
    """Whether tqdm can be imported (``progress="auto"`` then shows bars)."""
    return _tqdm() is not None


def plot_history(history, path, title="tapegrad: sigmoid MLP on the digits"):
    """Loss and accuracy per epoch, side by side, saved as an image (needs matplotlib).

    Args:
        history: A list of ``EpochStats`` (``TrainResult.history``).
        path: The image file to write (its extension chooses the format: ``.png``, ...).
        title: The figure's title.

    Returns:
        ``path``.
    """
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    epochs = [s.epoch for s in history]
    fig = Figure(figsize=(9, 3.4), layout="constrained")
    ax_loss, ax_acc = fig.subplots(1, 2)
    ax_loss.plot(epochs, [s.loss for s in history], color="tab:blue")
    ax_loss.set(xlabel="epoch", ylabel="training loss", title="loss")
    ax_loss.grid(alpha=0.3)
    ax_acc.plot(epochs, [100 * s.train_accuracy for s in history], label="train", color="tab:green")
    ax_acc.plot(epochs, [100 * s.test_accuracy for s in history], label="test", color="tab:orange")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    ax_acc.grid(alpha=0.3)
    ax_acc.legend(loc="lower right")
    fig.suptitle(title)
    fig.savefig(path, dpi=100)
    return path
