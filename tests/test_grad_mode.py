"""no_grad / enable_grad: nothing recorded, nesting, decorator form, per thread."""

import threading

import numpy as np

import tapegrad as tg


def test_no_grad_records_nothing():
    x = tg.tensor([1.0, 2.0], requires_grad=True)
    w = tg.tensor(np.ones((2, 2)), requires_grad=True)
    with tg.no_grad():
        assert not tg.is_grad_enabled()
        outs = [
            x * 2.0,
            x + x,
            x.exp(),
            x @ w,
            tg.dense(x, w, None, "sigmoid"),
            x.sum(),
            x.reshape(2, 1),
            x.astype("float32"),
            tg.mse_loss(x, x),
            -x,
            x**2,
        ]
        for y in outs:
            assert y.grad_fn is None and not y.requires_grad and y.is_leaf
        np.testing.assert_array_equal(outs[0].numpy(), [2.0, 4.0])
    assert tg.is_grad_enabled()
    y = x * 2.0
    assert y.grad_fn is not None and y.requires_grad


def test_nesting_and_enable_grad():
    x = tg.tensor([1.0], requires_grad=True)
    with tg.no_grad():
        with tg.no_grad():
            assert not tg.is_grad_enabled()
        assert not tg.is_grad_enabled()  # the inner block restores the outer state
        with tg.enable_grad():
            assert tg.is_grad_enabled()
            y = x * 3.0
        assert not tg.is_grad_enabled()
    assert tg.is_grad_enabled()
    y.backward()
    np.testing.assert_array_equal(x.grad, [3.0])


def test_state_restored_after_exception():
    try:
        with tg.no_grad():
            raise KeyError("boom")
    except KeyError:
        pass
    assert tg.is_grad_enabled()


def test_decorator_form():
    @tg.no_grad()
    def f(t):
        """Docstring kept."""
        assert not tg.is_grad_enabled()
        return t * 2.0

    x = tg.tensor([1.0], requires_grad=True)
    y = f(x)
    assert y.grad_fn is None and f.__doc__ == "Docstring kept." and f.__name__ == "f"
    assert tg.is_grad_enabled()
    # Reusable: the same decorated function works again, and nested in itself.
    assert f(x).grad_fn is None


def test_no_grad_is_thread_local():
    x = tg.tensor([1.0], requires_grad=True)
    results = {}
    inside = threading.Event()
    done = threading.Event()

    def other_thread():
        if not inside.wait(10):  # the main thread failed before entering no_grad
            return
        results["enabled"] = tg.is_grad_enabled()
        results["recorded"] = (x * 2.0).grad_fn is not None
        done.set()

    th = threading.Thread(target=other_thread, daemon=True)
    th.start()
    with tg.no_grad():
        inside.set()
        done.wait(10)
        assert (x * 2.0).grad_fn is None
    th.join()
    assert results == {"enabled": True, "recorded": True}


def test_no_grad_in_another_thread_does_not_leak():
    x = tg.tensor([1.0], requires_grad=True)

    def worker():
        with tg.no_grad():
            assert (x * 2.0).grad_fn is None

    ths = [threading.Thread(target=worker) for _ in range(4)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    assert tg.is_grad_enabled() and (x * 2.0).grad_fn is not None


def test_independent_graphs_on_several_threads():
    errors, grads = [], {}

    def worker(k):
        try:
            x = tg.tensor([float(k)], requires_grad=True)
            y = x
            for _ in range(2000):
                y = y * 1.0 + 1.0
            (y * y).backward()
            grads[k] = float(x.grad[0])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    ths = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    assert not errors
    assert grads == {k: 2.0 * (k + 2000) for k in range(4)}
