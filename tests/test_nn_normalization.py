"""nn.LayerNorm, nn.BatchNorm1d and their functionals against PyTorch (float64 and float32):
outputs, gradients of input, weight and bias, running statistics over several training steps then
evaluation, momentum=None, affine=False, track_running_stats=False, (N, C, L) inputs, repr,
state_dict keys, gradcheck and errors."""

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import TF, torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

F = tg.nn.functional


@pytest.fixture(autouse=True, scope="module")
def torch_one_thread():
    # PyTorch's threaded batch-norm backward takes ~20 ms per call on a busy machine (its threads
    # wait for cores); these tensors are tiny, one thread does them in microseconds.
    try:
        import torch as real_torch
    except ImportError:
        yield
        return
    saved = real_torch.get_num_threads()
    real_torch.set_num_threads(1)
    yield
    real_torch.set_num_threads(saved)


TOL = {np.float32: {"rtol": 2e-5, "atol": 2e-5}, np.float64: {"rtol": 1e-10, "atol": 1e-12}}
TG_DTYPE = {np.float32: tg.float32, np.float64: tg.float64}
TORCH_DTYPE = {np.float32: "float32", np.float64: "float64"}


def to_np(t):
    return t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t.detach().numpy())


def close(ours, theirs, dtype):
    a, b = to_np(ours), to_np(theirs)
    assert a.shape == b.shape, (a.shape, b.shape)
    assert a.dtype == b.dtype, (a.dtype, b.dtype)
    np.testing.assert_allclose(a, b, **TOL[dtype])


def copy_params(ours, theirs, seed=0):
    """Random parameters (not the trivial ones and zeros) put in both modules."""
    rng = np.random.default_rng(seed)
    for (name, p), (tname, tp) in zip(ours.named_parameters(), theirs.named_parameters()):
        assert name == tname
        values = rng.uniform(0.5, 1.5, tuple(p.shape)).astype(to_np(tp).dtype)
        with tg.no_grad():
            p.copy_(tg.tensor(values))
        with torch.no_grad():
            tp.copy_(torch.from_numpy(values))


def step(ours, theirs, x, dtype, seed):
    """One forward and backward of both; compares outputs and every gradient."""
    xo = tg.tensor(x, requires_grad=True)
    xt = torch.from_numpy(x.copy()).requires_grad_(True)
    y, yt = ours(xo), theirs(xt)
    close(y, yt, dtype)
    g = np.random.default_rng(seed).normal(size=x.shape).astype(x.dtype)
    y.backward(tg.tensor(g))
    yt.backward(torch.from_numpy(g))
    close(xo.grad, xt.grad, dtype)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        close(p.grad, tp.grad, dtype)
    ours.zero_grad()
    theirs.zero_grad()


# --- LayerNorm ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "shape, normalized",
    [((4, 5), 5), ((2, 3, 4), (3, 4)), ((2, 3, 4, 5), [3, 4, 5]), ((7,), (7,))],
)
@pytest.mark.parametrize("kwargs", [{}, {"bias": False}, {"elementwise_affine": False}])
def test_layer_norm_as_torch(dtype, shape, normalized, kwargs):
    ours = tg.nn.LayerNorm(normalized, dtype=TG_DTYPE[dtype], **kwargs)
    theirs = torch.nn.LayerNorm(normalized, dtype=getattr(torch, TORCH_DTYPE[dtype]), **kwargs)
    copy_params(ours, theirs)
    x = np.random.default_rng(1).normal(2.0, 3.0, shape).astype(dtype)
    step(ours, theirs, x, dtype, seed=2)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_layer_norm_defaults_and_functional_variants():
    m = tg.nn.LayerNorm(3)
    assert m.normalized_shape == (3,) and m.eps == 1e-5 and m.elementwise_affine
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones(3))
    np.testing.assert_array_equal(m.bias.detach().numpy(), np.zeros(3))
    rng = np.random.default_rng(3)
    x, w, b = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=3)
    for wa, ba in [(w, None), (None, b), (None, None)]:
        ours = F.layer_norm(
            tg.tensor(x),
            [3],
            None if wa is None else tg.tensor(wa),
            None if ba is None else tg.tensor(ba),
            1e-3,
        )
        theirs = TF.layer_norm(
            torch.from_numpy(x),
            [3],
            None if wa is None else torch.from_numpy(wa),
            None if ba is None else torch.from_numpy(ba),
            1e-3,
        )
        close(ours, theirs, np.float64)
    # a transposed (strided) input
    xt = tg.tensor(rng.normal(size=(3, 4))).t()
    close(F.layer_norm(xt, (3,)), TF.layer_norm(torch.from_numpy(xt.numpy().copy()), (3,)), np.float64)


def test_layer_norm_one_tape_node_and_gradcheck():
    rng = np.random.default_rng(4)
    x = tg.tensor(rng.normal(size=(3, 2, 4)), requires_grad=True)
    w = tg.tensor(rng.uniform(0.5, 1.5, (2, 4)), requires_grad=True)
    b = tg.tensor(rng.normal(size=(2, 4)), requires_grad=True)
    y = F.layer_norm(x, (2, 4), w, b)
    assert y.grad_fn.name == "NativeLayerNormBackward"
    assert tg.gradcheck(lambda x, w, b: F.layer_norm(x, (2, 4), w, b), x, w, b)
    assert tg.gradcheck(lambda x: F.layer_norm(x, 4), x)
    assert tg.gradcheck(lambda x, b: F.layer_norm(x, (4,), None, b[0]), x, b)


def test_layer_norm_errors_as_torch():
    def both(ours, theirs):
        with pytest.raises(RuntimeError) as t:
            theirs()
        with pytest.raises(RuntimeError) as o:
            ours()
        return str(o.value), str(t.value)

    o, t = both(lambda: F.layer_norm(tg.ones((2, 4)), [3]), lambda: TF.layer_norm(torch.ones(2, 4), [3]))
    assert t in o
    o, t = both(
        lambda: F.layer_norm(tg.ones((2, 3)), [3], tg.ones(4)),
        lambda: TF.layer_norm(torch.ones(2, 3), [3], torch.ones(4)),
    )
    assert t in o
    o, t = both(lambda: F.layer_norm(tg.ones((2, 3)), []), lambda: TF.layer_norm(torch.ones(2, 3), []))
    assert t in o
    with pytest.raises(TypeError, match="int64"):
        F.layer_norm(tg.tensor([[1, 2, 3]]), [3])
    with pytest.raises(TypeError, match="float32"):
        F.layer_norm(tg.ones((2, 3)), [3], tg.ones(3, dtype=tg.float32))
    with pytest.raises(ValueError, match="expected input with shape"):
        tg.nn.LayerNorm(4)(tg.ones((2, 3)))


# --- BatchNorm1d -------------------------------------------------------------------------------

CONFIGS = [
    {},
    {"momentum": None},
    {"momentum": 0.3, "eps": 1e-3},
    {"affine": False},
    {"bias": False},
    {"track_running_stats": False},
    {"affine": False, "track_running_stats": False},
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5)])
@pytest.mark.parametrize("kwargs", CONFIGS)
def test_batch_norm_train_steps_then_eval_as_torch(dtype, shape, kwargs):
    ours = tg.nn.BatchNorm1d(3, dtype=TG_DTYPE[dtype], **kwargs)
    theirs = torch.nn.BatchNorm1d(3, dtype=getattr(torch, TORCH_DTYPE[dtype]), **kwargs)
    copy_params(ours, theirs)
    rng = np.random.default_rng(5)
    for i in range(4):
        x = rng.normal(i, 1.0 + i, shape).astype(dtype)
        step(ours, theirs, x, dtype, seed=10 + i)
        for (name, b), (_, tb) in zip(ours.named_buffers(), theirs.named_buffers()):
            if name == "num_batches_tracked":
                assert b.dtype == tg.int64 and b.item() == tb.item() == i + 1
            else:
                close(b, tb, dtype)
    for mode in ("eval", "train", "eval"):
        getattr(ours, mode)()
        getattr(theirs, mode)()
        assert ours.training == theirs.training
        step(ours, theirs, rng.normal(0.5, 2.0, shape).astype(dtype), dtype, seed=20)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]


def test_batch_norm_defaults_resets_and_dtype():
    m = tg.nn.BatchNorm1d(3)
    assert (
        repr(m) == "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)"
    )
    assert repr(m) == repr(torch.nn.BatchNorm1d(3))
    m(tg.tensor(np.random.default_rng(6).normal(3.0, 2.0, (5, 3))))
    assert m.num_batches_tracked.item() == 1
    assert not np.allclose(m.running_mean.numpy(), 0)
    m.reset_running_stats()
    np.testing.assert_array_equal(m.running_mean.numpy(), np.zeros(3))
    np.testing.assert_array_equal(m.running_var.numpy(), np.ones(3))
    assert m.num_batches_tracked.item() == 0
    with tg.no_grad():
        m.weight.fill_(2.0)
    m.reset_parameters()
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones(3))
    m.float()
    assert m.running_mean.dtype == tg.float32 and m.num_batches_tracked.dtype == tg.int64
    assert m(tg.ones((2, 3), dtype=tg.float32)).dtype == tg.float32


def test_batch_norm_state_dict_round_trips_with_torch():
    theirs = torch.nn.BatchNorm1d(4)
    theirs(torch.randn(6, 4) * 3 + 1)
    ours = tg.nn.BatchNorm1d(4)
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    assert ours.num_batches_tracked.item() == 1
    ours.eval()
    theirs.eval()
    x = np.random.default_rng(7).normal(size=(3, 4))
    close(ours(tg.tensor(x)), theirs(torch.from_numpy(x)), np.float64)
    # A checkpoint from before num_batches_tracked loads, as in PyTorch.
    old = {k: v for k, v in ours.state_dict().items() if k != "num_batches_tracked"}
    fresh = tg.nn.BatchNorm1d(4)
    assert repr(fresh.load_state_dict(old)) == "<All keys matched successfully>"


def test_batch_norm_functional_as_torch_and_gradcheck():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(5, 3, 2))
    rm, rv = rng.normal(size=3), rng.uniform(0.5, 2, 3)
    w, b = rng.uniform(0.5, 1.5, 3), rng.normal(size=3)
    for training in (True, False):
        ours_rm, ours_rv = tg.tensor(rm), tg.tensor(rv)
        th_rm, th_rv = torch.from_numpy(rm.copy()), torch.from_numpy(rv.copy())
        y = F.batch_norm(tg.tensor(x), ours_rm, ours_rv, tg.tensor(w), tg.tensor(b), training, 0.2, 1e-4)
        yt = TF.batch_norm(
            torch.from_numpy(x), th_rm, th_rv, torch.from_numpy(w), torch.from_numpy(b), training, 0.2, 1e-4
        )
        close(y, yt, np.float64)
        close(ours_rm, th_rm, np.float64)
        close(ours_rv, th_rv, np.float64)
    y = F.batch_norm(tg.tensor(x, requires_grad=True), None, None, training=True)
    assert y.grad_fn.name == "NativeBatchNormBackward"  # one tape node
    y = F.batch_norm(tg.tensor(x, requires_grad=True), tg.tensor(rm), tg.tensor(rv))
    assert y.grad_fn.name == "NativeBatchNormBackward"
    xs = tg.tensor(x, requires_grad=True)
    ws, bs = tg.tensor(w, requires_grad=True), tg.tensor(b, requires_grad=True)
    assert tg.gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), xs, ws, bs)
    assert tg.gradcheck(lambda x: F.batch_norm(x[:, :, 0], None, None, training=True), xs)
    assert tg.gradcheck(lambda x: F.batch_norm(x, tg.tensor(rm), tg.tensor(rv), training=False), xs)
    assert tg.gradcheck(lambda x, w, b: F.batch_norm(x, tg.tensor(rm), tg.tensor(rv), w, b), xs, ws, bs)


def test_batch_norm_errors_as_torch():
    for shape in [(1, 3), (1, 3, 1)]:
        with pytest.raises(ValueError) as t:
            torch.nn.BatchNorm1d(3)(torch.ones(shape))
        with pytest.raises(ValueError) as o:
            tg.nn.BatchNorm1d(3)(tg.ones(shape))
        assert "Expected more than 1 value per channel when training" in str(o.value)
        assert str(t.value).split(", got")[0] == str(o.value).split(", got")[0]
    tg.nn.BatchNorm1d(3).eval()(tg.ones((1, 3)))  # fine in evaluation mode
    tg.nn.BatchNorm1d(3)(tg.ones((1, 3, 2)))  # two values per channel
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 1D input\)"):
        tg.nn.BatchNorm1d(3)(tg.ones(3))
    with pytest.raises(RuntimeError, match="running_mean"):
        tg.nn.BatchNorm1d(3)(tg.ones((2, 4)))
    with pytest.raises(RuntimeError, match="must be defined in evaluation mode"):
        F.batch_norm(tg.ones((2, 3)), None, None)
    with pytest.raises(TypeError, match="momentum"):
        F.batch_norm(tg.ones((2, 3)), tg.zeros(3), tg.ones(3), training=True, momentum=None)
    with pytest.raises(TypeError, match="floating-point"):
        F.batch_norm(tg.tensor([[1, 2, 3]]), tg.zeros(3), tg.ones(3))
    # float32 data into a float64 (tapegrad's default) module: an error, as PyTorch's, not a
    # silent promotion
    for m in (tg.nn.BatchNorm1d(3), tg.nn.LayerNorm(3)):
        with pytest.raises(RuntimeError, match="dtype float32"):
            m(tg.ones((2, 3), dtype=tg.float32))
