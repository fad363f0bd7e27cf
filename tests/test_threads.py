"""Threads: independent graphs in parallel give one thread's gradients, a shared leaf loses no
contribution, and big kernels let other Python threads run (they release the GIL).

The guarantees tested here are written down in docs/threads.md.
"""

import sys
import threading
import time

import numpy as np
import pytest

import tapegrad as tg

N_THREADS = 4


def run_in_threads(target, n=N_THREADS):
    """Runs target(k) for k < n in n threads started together; re-raises the first error."""
    errors, barrier = [], threading.Barrier(n)

    def wrapper(k):
        try:
            barrier.wait()
            target(k)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=wrapper, args=(k,)) for k in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]


def mlp_gradients(dtype, seed, steps=3):
    """Gradients of a 256-256-10 MLP (dense kernels big enough to release the GIL), a matmul
    branch and the losses, after `steps` SGD steps: one independent graph per call."""
    rng = np.random.default_rng(seed)
    model = tg.nn.Sequential(
        tg.nn.Dense(256, 256, activation="sigmoid", dtype=dtype, rng=seed),
        tg.nn.Dense(256, 10, activation="tanh", dtype=dtype, rng=seed + 1),
    )
    extra = tg.tensor(rng.standard_normal((256, 64)) * 0.05, dtype=dtype, requires_grad=True)
    x = tg.tensor(rng.standard_normal((128, 256)), dtype=dtype)
    t = tg.tensor(rng.uniform(size=(128, 10)), dtype=dtype)
    params = [*model.parameters(), extra]
    opt = tg.optim.SGD(params, lr=0.05, momentum=0.9)
    for _ in range(steps):
        opt.zero_grad()
        y = model(x)
        loss = tg.mse_loss(y, t) + tg.sigmoid(x @ extra).mean() + tg.binary_cross_entropy_with_logits(y, t)
        loss.backward()
        opt.step()
    return [p.numpy().copy() for p in params] + [p.grad.numpy().copy() for p in params]


@pytest.mark.parametrize("dtype, rtol", [("float64", 1e-12), ("float32", 1e-5)])
def test_independent_graphs_in_threads_match_one_thread(dtype, rtol):
    reference = {k: mlp_gradients(dtype, seed=k) for k in range(N_THREADS)}
    results = {}

    def work(k):
        results[k] = mlp_gradients(dtype, seed=k)

    for _ in range(2):
        results.clear()
        run_in_threads(work)
        for k in range(N_THREADS):
            for got, want in zip(results[k], reference[k]):
                np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * 1e-3)


def test_same_graph_shape_in_threads_with_one_kernel_thread_is_bitwise_equal():
    # With one kernel thread every sum runs in the same order: the results are identical.
    previous = tg.get_num_threads()
    tg.set_num_threads(1)
    try:
        reference = mlp_gradients("float64", seed=7, steps=2)
        results = {}
        run_in_threads(lambda k: results.__setitem__(k, mlp_gradients("float64", seed=7, steps=2)))
    finally:
        tg.set_num_threads(previous)
    for k in range(N_THREADS):
        for got, want in zip(results[k], reference):
            np.testing.assert_array_equal(got, want)


def test_shared_leaf_accumulates_every_contribution_small_graphs():
    # Many small backward passes into one leaf at once: integers, so the sum is exact.
    x = tg.tensor(np.zeros(8), requires_grad=True)
    per_thread = 300

    def work(k):
        for i in range(per_thread):
            (x * float(k + 1) + float(i)).sum().backward()

    run_in_threads(work, n=8)
    expected = per_thread * sum(range(1, 9))
    np.testing.assert_array_equal(x.grad, np.full(8, float(expected)))


def test_concurrent_backward_through_shared_nodes_raises_instead_of_racing():
    # h is an intermediate result shared by every thread's graph: sweeps that overlap on it must
    # not race. The one that finds a node busy raises RuntimeError and changes no .grad; the
    # others add their whole contribution. x.grad is then exactly the successes' sum.
    x = tg.tensor(np.full(4, 0.5), requires_grad=True)
    h = x
    for _ in range(3000):  # long enough that the sweeps (GIL released) overlap
        h = h * 1.0 + 0.0
    scales = [1.0, 2.0, 4.0, 8.0]
    outputs = [(h * s).sum() for s in scales]
    successes, refusals = [0] * len(scales), [0] * len(scales)

    def work(k):
        for _ in range(20):
            try:
                outputs[k].backward(retain_graph=True)
                successes[k] += 1
            except RuntimeError as e:
                assert "another thread's backward() was running" in str(e), e
                refusals[k] += 1

    run_in_threads(work, n=len(scales))
    expected = sum(s * n for s, n in zip(scales, successes))
    np.testing.assert_array_equal(x.grad, np.full(4, expected))
    assert sum(successes) >= 1
    # Sequential backward passes after the threads are done all succeed again.
    before = x.grad.numpy().copy()
    outputs[0].backward(retain_graph=True)
    np.testing.assert_array_equal(x.grad, before + 1.0)


def test_shared_parameter_accumulates_every_contribution_big_graphs(rng):
    # Big dense layers: backward runs without the GIL, so threads really overlap in the engine.
    w = tg.tensor(rng.standard_normal((256, 128)) * 0.05, requires_grad=True)
    b = tg.tensor(np.zeros(128), requires_grad=True)
    inputs = [rng.standard_normal((64, 256)) for _ in range(N_THREADS)]
    rounds = 5

    def grads_of(k):
        w_k = tg.tensor(w.numpy(), requires_grad=True)
        b_k = tg.tensor(b.numpy(), requires_grad=True)
        tg.dense(inputs[k], w_k, b_k, "sigmoid").sum().backward()
        return w_k.grad.numpy().copy(), b_k.grad.numpy().copy()

    expected_w = sum(grads_of(k)[0] for k in range(N_THREADS)) * rounds
    expected_b = sum(grads_of(k)[1] for k in range(N_THREADS)) * rounds

    def work(k):
        for _ in range(rounds):
            tg.dense(inputs[k], w, b, "sigmoid").sum().backward()

    run_in_threads(work)
    np.testing.assert_allclose(w.grad, expected_w, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b.grad, expected_b, rtol=1e-10, atol=1e-12)


def test_shared_leaf_in_one_graph_per_thread_with_retained_grads():
    # Every thread reads the shared leaf and keeps an intermediate's gradient of its own.
    x = tg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    seen = {}

    def work(k):
        for _ in range(100):
            h = x * float(k + 1)
            h.retain_grad()
            (h * h).sum().backward()
        seen[k] = h.grad.numpy().copy()

    run_in_threads(work)
    for k in range(N_THREADS):
        np.testing.assert_array_equal(seen[k], 2 * (k + 1) * np.array([1.0, 2.0, 3.0]))
    # d/dx sum((c x)^2) = 2 c^2 x, 100 times per thread
    total = sum(2 * (k + 1) ** 2 for k in range(N_THREADS)) * 100
    np.testing.assert_array_equal(x.grad, total * np.array([1.0, 2.0, 3.0]))


def test_optimizers_in_threads_on_separate_models():
    def train(seed):
        model = tg.nn.Sequential(tg.nn.Dense(8, 16, rng=seed), tg.nn.Dense(16, 1, rng=seed + 1))
        opt = tg.optim.Adam(model.parameters(), lr=1e-2)
        rng = np.random.default_rng(seed)
        x, t = rng.standard_normal((32, 8)), rng.uniform(size=(32, 1))
        for _ in range(50):
            opt.zero_grad()
            tg.mse_loss(model(x), t).backward()
            opt.step()
        return [p.numpy().copy() for p in model.parameters()]

    reference = [train(k) for k in range(N_THREADS)]
    results = {}
    run_in_threads(lambda k: results.__setitem__(k, train(k)))
    for k in range(N_THREADS):
        for got, want in zip(results[k], reference[k]):
            np.testing.assert_array_equal(got, want)


def test_big_kernels_release_the_gil():
    # A Python thread keeps counting while the main thread is inside a big matmul and its
    # backward. Were the GIL held, the counter could only move at the switch interval between
    # calls, never for most of a call.
    a = tg.tensor(np.random.default_rng(0).standard_normal((500, 500)), requires_grad=True)
    stop = threading.Event()
    samples = []

    def counter():
        while not stop.is_set():
            samples.append(time.perf_counter())

    previous_threads, previous_interval = tg.get_num_threads(), sys.getswitchinterval()
    tg.set_num_threads(1)  # leave a core to the counter on a two-core machine
    sys.setswitchinterval(0.5)  # a GIL-holding call could not be interrupted for 0.5 s
    th = threading.Thread(target=counter)
    try:
        th.start()
        while not samples:
            time.sleep(0.001)
        covered = []
        for _ in range(3):
            samples.clear()
            start = time.perf_counter()
            y = a @ a
            (y * 1.0).sum().backward()  # backward: two more 500^3 products, outside the GIL too
            end = time.perf_counter()
            inside = [s for s in list(samples) if start < s < end]
            covered.append((max(inside) - min(inside)) / (end - start) if len(inside) > 1 else 0.0)
    finally:
        stop.set()
        th.join()
        sys.setswitchinterval(previous_interval)
        tg.set_num_threads(previous_threads)
    assert max(covered) > 0.5, f"the counter ran for only {covered} of each call"


def test_grad_mode_and_anomaly_flags_do_not_leak_between_threads():
    states = {}

    def work(k):
        if k % 2:
            with tg.no_grad(), tg.detect_anomaly():
                time.sleep(0.01)
                states[k] = (tg.is_grad_enabled(), tg.is_anomaly_enabled())
        else:
            time.sleep(0.01)
            states[k] = (tg.is_grad_enabled(), tg.is_anomaly_enabled())

    run_in_threads(work)
    for k in range(N_THREADS):
        assert states[k] == ((False, True) if k % 2 else (True, False))
