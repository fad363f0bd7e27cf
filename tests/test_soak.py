"""Memory: 20,000 training steps keep a flat footprint, and nothing a step makes outlives it.

The resident set size (RSS, from /proc/self/statm or getrusage) is measured after a warm-up and
again after the soak; it must not grow by more than a small bound. The same loop also checks,
with the cycle collector off, that no step leaves Python objects or reference cycles behind.

Under AddressSanitizer (.ci/sanitize.sh) the steps still run, but the RSS bound is not checked:
ASan keeps freed memory in a quarantine of up to 256 MiB by design.
"""

import gc
import os
import sys
import weakref

import numpy as np
import pytest

import tapegrad as tg

STEPS = 20_000
WARMUP = 2_000
RSS_BOUND = 4 * 2**20  # bytes of growth allowed after the warm-up
UNDER_ASAN = "libasan" in os.environ.get("LD_PRELOAD", "")


def rss_bytes():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak is the best getrusage gives
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Trainer:
    """One step exercises most of the API: dense layers, matmul, broadcasting, three losses,
    a retained gradient, a from_numpy input, NumPy views, a graph dropped without backward,
    a backward that raises, and an optimizer step."""

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        self.model = tg.nn.Sequential(
            tg.nn.Dense(4, 16, rng=seed), tg.nn.Dense(16, 1, activation="sigmoid", rng=seed + 1)
        )
        self.extra = tg.tensor(rng.standard_normal((4, 3)) * 0.1, requires_grad=True)
        self.opt = tg.optim.Adam([*self.model.parameters(), self.extra], lr=1e-3)
        self.x = rng.standard_normal((8, 4))
        self.t = rng.uniform(size=(8, 1))

    def step(self, i):
        self.opt.zero_grad()
        x = tg.from_numpy(self.x)
        y = self.model(x)
        h = tg.tanh(x @ self.extra) * 0.5 + 1.0
        h.retain_grad()
        loss = tg.binary_cross_entropy(y, self.t) + tg.mse_loss(y, self.t) * 0.1 + (h**2).mean()
        loss = loss + tg.binary_cross_entropy_with_logits(h.sum(axis=1, keepdims=True), self.t) * 0.01
        # A graph that is never backwarded.
        unused = tg.exp(self.extra).sum() * loss
        del unused
        loss.backward()
        view = y.numpy()  # a view that outlives nothing but this step
        assert view.shape == (8, 1) and h.grad.shape == (8, 3)
        self.opt.step()
        if i % 100 == 0:
            # A backward that fails (the saved weight changed in place) frees its graph too.
            stale = (self.extra * self.extra).sum()
            self.extra.grad = np.zeros((4, 3))
            self.opt.step()
            with pytest.raises(RuntimeError, match="in place"):
                stale.backward()
        return loss.item()


def test_twenty_thousand_steps_keep_a_flat_footprint(capsys):
    trainer = Trainer()
    first = trainer.step(0)
    for i in range(1, WARMUP):
        trainer.step(i)
    gc.collect()
    before = rss_bytes()
    objects_before = len(gc.get_objects())
    for i in range(WARMUP, WARMUP + STEPS):
        last = trainer.step(i)
    gc.collect()
    after = rss_bytes()
    objects_after = len(gc.get_objects())
    with capsys.disabled():
        print(
            f"\n[soak] {STEPS} steps: RSS {before / 2**20:.1f} MiB -> {after / 2**20:.1f} MiB "
            f"({(after - before) / 2**10:+.0f} KiB), gc-tracked objects {objects_before} -> {objects_after}, "
            f"loss {first:.4f} -> {last:.4f}"
        )
    assert last < first  # it trained
    assert objects_after - objects_before < 50, "Python objects pile up step after step"
    if not UNDER_ASAN:
        assert after - before < RSS_BOUND, (
            f"RSS grew by {(after - before) / 2**20:.1f} MiB over {STEPS} steps"
        )


def test_graphs_never_backwarded_are_freed_at_scale():
    # 2,000 graphs of 3 MiB saved tensors each, dropped without backward: memory stays flat.
    x = tg.tensor(np.ones(2**17), requires_grad=True)  # 1 MiB of float64
    for _ in range(200):
        tg.exp(x * 2.0).sum()
    gc.collect()
    before = rss_bytes()
    for _ in range(300 if UNDER_ASAN else 2000):  # unchecked under ASan: fewer rounds
        y = tg.exp(x * 2.0) * tg.sigmoid(x)
        y.sum()
    del y
    gc.collect()
    if not UNDER_ASAN:
        assert rss_bytes() - before < 16 * 2**20


def test_no_reference_cycles_anywhere_in_a_training_step():
    # With the cycle collector off, reference counting alone must free every object of a step:
    # tensors, nodes, the model, the optimizer and the views.
    gc.collect()
    gc.disable()
    try:
        trainer = Trainer(seed=3)
        trainer.step(0)
        trainer.step(100)  # the failing-backward branch too
        refs = [weakref.ref(trainer), weakref.ref(trainer.model), weakref.ref(trainer.extra)]
        refs += [weakref.ref(p) for p in trainer.model.parameters()]
        x = tg.tensor([1.0, 2.0], requires_grad=True)
        y = tg.sigmoid(x * x).sum()
        node = y.grad_fn
        refs += [weakref.ref(x), weakref.ref(y)]
        y.backward()
        del trainer, x, y, node
        assert [r() for r in refs] == [None] * len(refs)
        assert gc.collect() == 0, "a reference cycle was left for the cycle collector"
    finally:
        gc.enable()


def test_views_and_sources_outlive_each_other_after_training():
    # Parameter views taken during training stay valid after the model and optimizer are gone,
    # and a from_numpy parameter keeps its array valid after the caller drops it.
    arr = np.full((3, 2), 0.5)
    w = tg.from_numpy(arr)
    w.requires_grad = True
    arr_ref = weakref.ref(arr)
    del arr
    opt = tg.optim.SGD([w], lr=0.1)
    x = tg.tensor(np.ones((4, 3)))
    for _ in range(10):
        opt.zero_grad()
        (x @ w).sum().backward()
        opt.step()
    view, grad_view = w.numpy(), w.grad
    expected = 0.5 - 10 * 0.1 * 4.0
    del w, opt
    gc.collect()
    assert arr_ref() is not None  # the view still holds the array's memory
    np.testing.assert_allclose(view, np.full((3, 2), expected))
    np.testing.assert_array_equal(grad_view, np.full((3, 2), 4.0))
    del view
    gc.collect()
    assert arr_ref() is None
