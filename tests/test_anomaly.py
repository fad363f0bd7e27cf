"""tg.detect_anomaly(): backward raises at the first op whose backward produces NaN, naming it."""

import threading

import numpy as np
import pytest

import tapegrad as tg


def nan_graph():
    """sum(log(x * 1.0) * 0.0) at x = 0: Mul's backward gives 0, Log's gives 0 / 0 = NaN."""
    x = tg.tensor(np.zeros((2, 3)), requires_grad=True)
    return x, (tg.log(x * 1.0) * 0.0).sum()


def test_off_by_default_nan_flows_into_grad():
    assert not tg.is_anomaly_enabled()
    x, y = nan_graph()
    y.backward()
    assert np.isnan(x.grad).all()


def test_raises_naming_op_input_and_shape():
    x, y = nan_graph()
    with tg.detect_anomaly():
        assert tg.is_anomaly_enabled()
        with pytest.raises(RuntimeError) as info:
            y.backward()
    message = str(info.value)
    assert "anomaly" in message and "Log" in message and "input 0" in message
    assert "(2, 3)" in message and "Affine" in message
    assert x.grad is None  # a failed backward changes no gradient
    assert not tg.is_anomaly_enabled()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "build, op",
    [
        (lambda x: (x**0.5).sum(), "Pow"),  # 0.5 * x^-0.5 at x < 0
        (lambda x: (x / x).sum(), "Div"),  # d/dx of x/x at 0: 1/0 - 0/0
        (lambda x: tg.mse_loss(x, [np.nan, 0.0, 0.0]), "MseLoss"),  # 2 (x - NaN)
    ],
)
def test_first_nan_producing_op_is_named(dtype, build, op):
    x = tg.tensor(np.array([-1.0, 0.0, 4.0]), dtype=dtype, requires_grad=True)
    y = build(x)
    with tg.detect_anomaly(), pytest.raises(RuntimeError, match=f"backward of {op} "):
        y.backward(retain_graph=True)
    assert x.grad is None
    y.backward()  # without the check the same graph runs, and NaN reaches .grad
    assert np.isnan(x.grad).any()


def test_dense_layer_backward_nan_names_dense():
    w = tg.tensor(np.ones((2, 2)), requires_grad=True)
    x = tg.tensor([[np.inf, 1.0]])
    y = tg.dense(x, w, None, None)  # identity: inf outputs, fine
    loss = (y * 0.0).sum()  # Mul's backward: g * 0 = 0; Dense's: x^T @ dz = inf * 0 = NaN
    with tg.detect_anomaly(), pytest.raises(RuntimeError, match=r"Dense.*input 1.*\(2, 2\).*leaf"):
        loss.backward()


def test_infinite_gradients_are_not_anomalies():
    x = tg.tensor([0.0, 1.0], requires_grad=True)
    with tg.detect_anomaly():
        tg.log(x).sum().backward()
    assert np.isinf(x.grad[0])


def test_clean_graph_same_gradients_with_the_check(rng):
    model = tg.nn.Sequential(tg.nn.Dense(4, 8, rng=1), tg.nn.Dense(8, 1, rng=2))
    x = tg.tensor(rng.standard_normal((16, 4)))
    t = tg.tensor(rng.uniform(size=(16, 1)))
    tg.binary_cross_entropy(model(x), t).backward()
    plain = [p.grad.numpy().copy() for p in model.parameters()]
    model.zero_grad()
    with tg.detect_anomaly():
        tg.binary_cross_entropy(model(x), t).backward()
    for p, g in zip(model.parameters(), plain):
        np.testing.assert_array_equal(p.grad, g)


def test_nesting_decorator_and_restore_after_exception():
    with tg.detect_anomaly():
        with tg.detect_anomaly(False):
            assert not tg.is_anomaly_enabled()
        assert tg.is_anomaly_enabled()
    assert not tg.is_anomaly_enabled()

    @tg.detect_anomaly()
    def run():
        return tg.is_anomaly_enabled()

    assert run() and not tg.is_anomaly_enabled()
    with pytest.raises(KeyError), tg.detect_anomaly():
        raise KeyError("boom")
    assert not tg.is_anomaly_enabled()


def test_flag_is_per_thread():
    seen = {}
    x, y = nan_graph()

    def other():
        seen["enabled"] = tg.is_anomaly_enabled()
        y.backward()  # the check is off here: no exception
        seen["grad_nan"] = bool(np.isnan(x.grad).all())

    with tg.detect_anomaly():
        th = threading.Thread(target=other)
        th.start()
        th.join()
    assert seen == {"enabled": False, "grad_nan": True}
