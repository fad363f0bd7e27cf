"""state_dict / load_state_dict, tg.save / tg.load (.npz, no pickle) and pickled tensors."""

import collections
import pickle

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch


def net(seed=0, dtype="float64"):
    return tg.nn.Sequential(
        tg.nn.Dense(3, 4, dtype=dtype, rng=seed), tg.nn.Dense(4, 2, dtype=dtype, rng=seed + 1)
    )


def test_state_dict_names_order_and_shared_memory():
    # As PyTorch: Sequential names its layers "0", "1", ...; the values are detached tensors that
    # share the parameters' memory (a snapshot needs clone()).
    model = net()
    state = model.state_dict()
    assert isinstance(state, collections.OrderedDict)
    assert list(state) == ["0.weight", "0.bias", "1.weight", "1.bias"]
    assert list(tg.nn.Dense(2, 3).state_dict()) == ["weight", "bias"]
    assert state["0.weight"].shape == (3, 4)
    assert not state["0.weight"].requires_grad and state["0.weight"].is_leaf
    assert state["0.weight"] is not model[0].weight
    assert model.state_dict(keep_vars=True)["0.weight"] is model[0].weight
    np.testing.assert_array_equal(state["1.bias"].numpy(), model[1].bias.numpy())
    state["1.bias"][...] = 99.0
    np.testing.assert_array_equal(model[1].bias.numpy(), [99.0, 99.0])


def test_load_state_dict_copies_in_place_and_the_optimizer_keeps_working():
    src, dst = net(0), net(10)
    opt = tg.optim.SGD(dst.parameters(), lr=0.1)
    weight = dst[0].weight
    result = dst.load_state_dict(src.state_dict())
    assert result == ([], [])
    assert dst[0].weight is weight  # same tensor object, new values
    for a, b in zip(src.parameters(), dst.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    x = np.ones((5, 3))
    before = dst[0].weight.numpy().copy()
    tg.mse_loss(dst(x), np.zeros((5, 2))).backward()
    opt.step()
    assert not np.array_equal(before, dst[0].weight.numpy())  # the optimizer updated the loaded weights


def test_load_state_dict_checks_names_and_shapes_before_copying():
    # PyTorch's RuntimeError messages; unlike PyTorch, a failed call copies nothing.
    model = net()
    state = {k: v.clone() for k, v in model.state_dict().items()}
    before = {k: v.clone() for k, v in state.items()}
    zeros = {k: tg.zeros_like(v) for k, v in state.items()}
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "1.bias"\. '):
        model.load_state_dict({k: v for k, v in zeros.items() if k != "1.bias"})
    with pytest.raises(RuntimeError, match=r'Unexpected key\(s\) in state_dict: "extra"\. '):
        model.load_state_dict({**zeros, "extra": np.zeros(1)})
    with pytest.raises(
        RuntimeError,
        match=r"size mismatch for 0.weight: copying a param with shape tapegrad.Size\(\[4, 3\]\) from "
        r"checkpoint, the shape in current model is tapegrad.Size\(\[3, 4\]\)",
    ):
        model.load_state_dict(dict(zeros, **{"0.weight": np.zeros((4, 3))}))
    for k, v in model.state_dict().items():  # nothing was copied by the failed calls
        np.testing.assert_array_equal(v.numpy(), before[k].numpy())
    # dtypes are converted, as PyTorch's copy_ does
    model.load_state_dict(dict(state, **{"0.bias": state["0.bias"].float() + 1}))
    assert model[0].bias.dtype == tg.float64
    np.testing.assert_allclose(model[0].bias.numpy(), before["0.bias"].numpy() + 1, rtol=1e-6)
    partial = {"0.weight": np.zeros((3, 4)), "other": np.zeros(2)}
    result = model.load_state_dict(partial, strict=False)
    assert result.unexpected_keys == ["other"] and result.missing_keys == ["0.bias", "1.weight", "1.bias"]
    assert not model[0].weight.numpy().any()
    assert repr(model.load_state_dict(state)) == "<All keys matched successfully>"


def test_load_state_dict_reads_the_layers_names_of_earlier_files():
    # Files written before Sequential named its layers "0", "1", ... say "layers.0.weight".
    src, dst = net(0), net(3)
    legacy = {f"layers.{k}": v for k, v in src.state_dict().items()}
    dst.load_state_dict(legacy)
    for a, b in zip(src.parameters(), dst.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_load_state_dict_messages_match_torch():
    model = net()
    reference = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
    for bad in ({}, {"extra": np.zeros(1)}):
        with pytest.raises(RuntimeError) as ours:
            model.load_state_dict({**{k: v.numpy() for k, v in model.state_dict().items() if bad}, **bad})
        with pytest.raises(RuntimeError) as theirs:
            reference.load_state_dict(
                {
                    **{k: v for k, v in reference.state_dict().items() if bad},
                    **{k: torch.zeros(1) for k in bad},
                }
            )
        assert str(ours.value) == str(theirs.value)


def test_save_and_load_a_state_dict(tmp_path):
    model = net(dtype="float32")
    path = tmp_path / "model.weights"  # written as named: no .npz appended
    tg.save(model.state_dict(), path)
    assert path.exists()
    loaded = tg.load(path)
    assert list(loaded) == list(model.state_dict())
    for (_k, v), w in zip(loaded.items(), model.state_dict().values()):
        assert v.dtype == np.float32
        np.testing.assert_array_equal(v, w)
    fresh = net(5, dtype="float32")
    fresh.load_state_dict(loaded)
    np.testing.assert_array_equal(
        fresh(np.ones((1, 3), np.float32)).numpy(), model(np.ones((1, 3), np.float32)).numpy()
    )
    with np.load(path, allow_pickle=False) as data:  # plain NumPy reads it too, without pickle
        np.testing.assert_array_equal(data["0.weight"], model[0].weight.numpy())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("requires_grad", [False, True])
def test_save_and_load_a_tensor(tmp_path, dtype, requires_grad):
    t = tg.tensor(np.arange(6.0).reshape(2, 3), dtype=dtype, requires_grad=requires_grad)
    tg.save(t, tmp_path / "t.npz")
    u = tg.load(tmp_path / "t.npz")
    assert isinstance(u, tg.Tensor)
    assert u.dtype == np.dtype(dtype) and u.shape == (2, 3) and u.requires_grad == requires_grad
    np.testing.assert_array_equal(u.numpy(), t.numpy())


def test_dicts_of_tensors_keep_requires_grad_and_file_objects_work(tmp_path):
    import io

    buf = io.BytesIO()
    tg.save({"w": tg.tensor([1.0, 2.0], requires_grad=True), "stats": np.array([3, 4])}, buf)
    buf.seek(0)
    out = tg.load(buf)
    assert isinstance(out["w"], tg.Tensor) and out["w"].requires_grad
    assert isinstance(out["stats"], np.ndarray) and out["stats"].tolist() == [3, 4]


def test_save_refuses_what_it_cannot_store_without_pickle(tmp_path):
    with pytest.raises(TypeError, match="state_dict"):
        tg.save(net(), tmp_path / "m.npz")
    with pytest.raises(TypeError, match="Python objects"):
        tg.save({"x": np.array([object()])}, tmp_path / "x.npz")
    with pytest.raises(TypeError, match="Tensor or a dict"):
        tg.save(object(), tmp_path / "x.npz")
    # Lists and int keys are saved (as nested structures: an optimizer's state_dict); objects are not.
    with pytest.raises(TypeError, match="keys are strings"):
        tg.save({object(): np.zeros(1)}, tmp_path / "x.npz")
    with pytest.raises(TypeError, match=r"\[1\] is a object"):
        tg.save([1, object()], tmp_path / "x.npz")


def test_load_reads_plain_npz_files(tmp_path):
    np.savez(tmp_path / "plain.npz", a=np.arange(3), b=np.ones(2))
    out = tg.load(tmp_path / "plain.npz")
    assert list(out) == ["a", "b"] and out["a"].tolist() == [0, 1, 2]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("requires_grad", [False, True])
def test_tensors_pickle_with_data_dtype_and_requires_grad(dtype, requires_grad):
    for data in (2.5, [1.0, -2.0], np.arange(6.0).reshape(2, 3)):
        t = tg.tensor(data, dtype=dtype, requires_grad=requires_grad)
        u = pickle.loads(pickle.dumps(t))
        assert (u.dtype, u.shape, u.requires_grad) == (t.dtype, t.shape, t.requires_grad)
        np.testing.assert_array_equal(u.numpy(), t.numpy())
        assert not np.shares_memory(u.numpy(), t.numpy())
    y = tg.tensor([1.0], requires_grad=True) * 2.0  # a non-leaf pickles as a leaf holding its values
    z = pickle.loads(pickle.dumps(y))
    assert z.is_leaf and z.requires_grad and z.numpy().tolist() == [2.0]


def test_load_state_dict_between_forward_and_backward_is_detected():
    # load_state_dict copies through tapegrad (Tensor.copy_), so a backward that saved the old
    # weights raises instead of mixing old activations with new weights.
    layer = tg.nn.Dense(2, 1, rng=0)
    loss = tg.mse_loss(layer(tg.tensor([[1.0, 2.0]])), [[0.5]])
    layer.load_state_dict({"weight": np.array([[0.1], [0.2]]), "bias": np.array([0.3])})
    np.testing.assert_array_equal(layer.weight.numpy(), [[0.1], [0.2]])
    with pytest.raises(RuntimeError, match=r"shape \(2, 1\) saved by Dense"):
        loss.backward()


def test_copy_broadcasts_casts_and_refuses_recorded_leaves():
    t = tg.tensor(np.zeros((2, 3), dtype=np.float32), requires_grad=True)
    with pytest.raises(RuntimeError, match="no_grad"):
        t.copy_([1.0, 2.0, 3.0])
    with tg.no_grad():
        assert t.copy_([1.0, 2.0, 3.0]) is t
    np.testing.assert_array_equal(t.numpy(), [[1, 2, 3], [1, 2, 3]])
    assert t.dtype == np.float32
    with tg.no_grad(), pytest.raises(ValueError, match=r"\(4,\).*\(2, 3\)"):
        t.copy_(np.ones(4))
