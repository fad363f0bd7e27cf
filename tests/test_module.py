"""nn.Module, nn.Parameter and the containers against torch.nn: the same model written for both
libraries (their APIs are the same) must give the same names, orders, reprs, states and errors."""

import copy
import pickle
import warnings
from collections import OrderedDict

import numpy as np
import pytest

import tapegrad as tg

from torch_oracle import torch


def build(lib):
    """One model, written once, for tapegrad (lib=tg) or PyTorch (lib=torch)."""

    class Block(lib.nn.Module):
        def __init__(self, n=3):
            super().__init__()
            self.w = lib.nn.Parameter(lib.ones(2, n))
            self.register_buffer("running", lib.zeros(n))
            self.register_buffer("scratch", lib.zeros(1), persistent=False)
            self.register_parameter("unused", None)

        def forward(self, x):
            return x @ self.w

    class Net(lib.nn.Module):
        def __init__(self):
            super().__init__()
            self.first = Block()
            self.blocks = lib.nn.ModuleList([Block(), Block(4)])
            self.heads = lib.nn.ModuleDict({"b": Block(), "a": Block()})
            self.seq = lib.nn.Sequential(Block(), OrderedDictBlock(lib, Block))
            self.shared = self.first  # the same module twice: listed once
            self.scale = lib.nn.Parameter(lib.tensor(2.0))
            self.plain = lib.zeros(1)  # a plain tensor attribute: neither parameter nor buffer

        def forward(self, x):
            return self.first(x) * self.scale

    return Net()


def OrderedDictBlock(lib, block):
    return lib.nn.Sequential(OrderedDict([("inner", block()), ("other", block(5))]))


def names(pairs):
    return [name for name, _ in pairs]


def test_names_and_orders_match_torch():
    ours, theirs = build(tg), build(torch)
    assert names(ours.named_parameters()) == names(theirs.named_parameters())
    assert names(ours.named_buffers()) == names(theirs.named_buffers())
    assert names(ours.named_modules()) == names(theirs.named_modules())
    assert names(ours.named_children()) == names(theirs.named_children())
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert (
        names(ours.named_parameters(recurse=False))
        == names(theirs.named_parameters(recurse=False))
        == ["scale"]
    )
    assert names(ours.named_parameters(prefix="net")) == names(theirs.named_parameters(prefix="net"))
    assert names(ours.named_parameters(remove_duplicate=False)) == names(
        theirs.named_parameters(remove_duplicate=False)
    )
    assert names(ours.named_modules(remove_duplicate=False)) == names(
        theirs.named_modules(remove_duplicate=False)
    )
    assert len(list(ours.parameters())) == len(list(theirs.parameters()))
    assert len(list(ours.modules())) == len(list(theirs.modules()))
    assert ours.get_submodule("seq.1.other") is ours.seq[1].other
    with pytest.raises(AttributeError, match="Sequential has no attribute `nope`"):
        ours.get_submodule("seq.nope")
    with pytest.raises(AttributeError, match=r"`w` is not an nn\.Module"):
        ours.get_submodule("first.w")


def test_repr_matches_torch():
    assert repr(build(tg)) == repr(build(torch))
    for lib_module in (
        lambda lib: lib.nn.Sequential(),
        lambda lib: lib.nn.ModuleList(),
        lambda lib: lib.nn.ModuleDict(),
    ):
        assert repr(lib_module(tg)) == repr(lib_module(torch))


def test_parameter():
    data = tg.tensor([1.0, 2.0])
    p = tg.nn.Parameter(data)
    assert isinstance(p, tg.Tensor) and isinstance(p, tg.nn.Parameter)
    assert p.requires_grad and p.is_leaf and p.grad is None
    assert not tg.nn.Parameter(data, requires_grad=False).requires_grad
    with tg.no_grad():
        p.add_(1.0)  # shares data's memory, as torch.nn.Parameter(data) does
    np.testing.assert_array_equal(data.numpy(), [2.0, 3.0])
    assert repr(p) == "Parameter containing:\ntensor([2., 3.], requires_grad=True)"
    assert repr(torch.nn.Parameter(torch.tensor([2.0, 3.0], dtype=torch.float64))).replace(
        ", dtype=torch.float64", ""
    ) == repr(p)
    empty = tg.nn.Parameter()
    assert empty.shape == (0,) and empty.requires_grad
    clone = copy.deepcopy(p)
    assert isinstance(clone, tg.nn.Parameter) and clone is not p and clone.requires_grad
    np.testing.assert_array_equal(clone.numpy(), p.numpy())
    again = pickle.loads(pickle.dumps(p))
    assert isinstance(again, tg.nn.Parameter) and again.requires_grad
    np.testing.assert_array_equal(again.numpy(), p.numpy())
    (p * p).sum().backward()
    np.testing.assert_array_equal(p.grad.numpy(), [4.0, 6.0])


def test_assignments_register_replace_and_delete():
    net = build(tg)
    w = net.first.w
    with tg.no_grad():
        net.first.w -= 1.0  # in place: the same Parameter stays registered
    assert net.first.w is w and net.first._parameters["w"] is w
    with pytest.raises(
        TypeError, match=r"cannot assign 'Tensor' as parameter 'w' \(tg.nn.Parameter or None expected\)"
    ):
        net.first.w = tg.ones(2, 3)
    net.first.w = tg.nn.Parameter(tg.zeros(2, 3))
    assert net.first.w is not w and next(net.first.parameters()) is net.first.w
    net.first.w = None
    assert "w" not in dict(net.first.named_parameters()) and net.first.w is None
    net.first.running = tg.ones(3)  # a buffer stays a buffer
    assert dict(net.first.named_buffers())["running"] is net.first.running
    with pytest.raises(TypeError, match="cannot assign 'int' as child module 'first'"):
        net.first = 3
    del net.seq
    assert not hasattr(net, "seq") and "seq" not in dict(net.named_children())
    del net.scale
    assert "scale" not in dict(net.named_parameters())
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'missing'"):
        net.missing  # noqa: B018


@pytest.mark.parametrize("lib", ["tg", "torch"])
def test_registration_errors_match_torch(lib):
    lib = tg if lib == "tg" else torch

    class Early(lib.nn.Module):
        def __init__(self):
            self.w = lib.nn.Parameter(lib.ones(1))

    with pytest.raises(AttributeError, match=r"cannot assign parameters before Module.__init__\(\) call"):
        Early()

    m = lib.nn.Module()
    m.x = 1
    with pytest.raises(KeyError, match="attribute 'x' already exists"):
        m.register_buffer("x", lib.zeros(1))
    with pytest.raises(KeyError, match=r'contain "\."'):
        m.register_parameter("a.b", None)
    with pytest.raises(TypeError, match="is not a Module subclass"):
        m.add_module("child", 3)
    with pytest.raises(TypeError):
        m.register_buffer("buf", 3)
    with pytest.raises(NotImplementedError, match='missing the required "forward" function'):
        m(lib.ones(1))


def test_unregistered_weights_warn():
    class Net(tg.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = tg.ones(2, requires_grad=True)  # not a Parameter
            self.layers = [tg.nn.Dense(2, 2), tg.nn.Dense(2, 1)]  # not a ModuleList

    with pytest.warns(UserWarning) as caught:
        net = Net()
    messages = [str(w.message) for w in caught]
    assert any("Net.w is a tensor that requires grad but not a tg.nn.Parameter" in m for m in messages)
    assert any("Net.layers is a plain list of modules" in m and "tg.nn.ModuleList" in m for m in messages)
    assert list(net.parameters()) == []  # as in PyTorch: neither is registered
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.frozen = tg.ones(2)  # a constant: no warning


def test_train_eval_requires_grad_zero_grad_and_apply():
    net = build(tg)
    assert net.training and all(m.training for m in net.modules())
    assert net.eval() is net and not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        net.train("no")
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    net.requires_grad_()
    net(tg.ones(1, 2)).sum().backward()
    assert net.first.w.grad is not None
    net.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(net.first.w.grad.numpy(), np.zeros((2, 3)))
    net.zero_grad()
    assert net.first.w.grad is None
    order = []
    assert net.apply(lambda m: order.append(type(m).__name__)) is net
    reference = []
    build(torch).apply(lambda m: reference.append(type(m).__name__))
    assert order == reference  # children before their parent, as in PyTorch


def test_to_float_double_convert_in_place():
    net = build(tg)
    w, running = net.first.w, net.first.running
    net(tg.ones(1, 2)).sum().backward()
    assert net.float() is net
    assert net.first.w is w and w.dtype == tg.float32 and w.grad.dtype == tg.float32
    assert (
        net.first.running.dtype == tg.float32
        and dict(net.named_buffers())["first.running"] is net.first.running
    )
    assert running.dtype == tg.float64  # the old buffer tensor is not changed; the module holds a new one
    net.to(tg.float64)
    assert w.dtype == tg.float64 and isinstance(w, tg.nn.Parameter) and w.requires_grad
    assert net.to("cpu") is net and net.cpu() is net
    with pytest.raises(TypeError, match="only accepts floating point"):
        net.to(tg.int64)


def test_state_dict_keep_vars_prefix_and_non_persistent_buffers():
    net = build(tg)
    state = net.state_dict()
    assert "first.scratch" not in state and "first.running" in state
    assert net.state_dict(keep_vars=True)["scale"] is net.scale
    assert list(net.first.state_dict(prefix="x.")) == ["x.w", "x.running"]
    fresh = build(tg)
    with tg.no_grad():
        for p in net.parameters():
            p.mul_(3.0)
    assert repr(fresh.load_state_dict(net.state_dict())) == "<All keys matched successfully>"
    for a, b in zip(net.parameters(), fresh.parameters()):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_deepcopy_keeps_sharing_inside_the_copy():
    net = build(tg)
    twin = copy.deepcopy(net)
    assert twin.shared is twin.first and twin.first is not net.first
    assert isinstance(twin.first.w, tg.nn.Parameter) and twin.first.w is not net.first.w
    assert names(twin.named_parameters()) == names(net.named_parameters())
    with tg.no_grad():
        twin.first.w.add_(1.0)
    assert not np.array_equal(twin.first.w.numpy(), net.first.w.numpy())


@pytest.mark.parametrize("lib", ["tg", "torch"])
def test_sequential(lib):
    lib = tg if lib == "tg" else torch
    a, b, c = lib.nn.Module(), lib.nn.Module(), lib.nn.Module()
    seq = lib.nn.Sequential(a, b)
    assert len(seq) == 2 and seq[0] is a and seq[-1] is b and list(seq) == [a, b]
    assert isinstance(seq[0:1], lib.nn.Sequential) and list(seq[0:1]) == [a]
    seq.append(c)
    assert list(seq) == [a, b, c] and names(seq.named_children()) == ["0", "1", "2"]
    del seq[1]
    assert list(seq) == [a, c] and names(seq.named_children()) == ["0", "1"]
    seq.insert(1, b)
    assert list(seq) == [a, b, c]
    seq[2] = a
    assert list(seq) == [a, b, a]
    with pytest.raises(IndexError, match="index 3 is out of range"):
        seq[3]
    named = lib.nn.Sequential(OrderedDict([("x", a), ("y", b)]))
    assert names(named.named_children()) == ["x", "y"] and named.x is a


def test_sequential_given_a_list_says_what_to_do():
    layers = [tg.nn.Dense(2, 2), tg.nn.Dense(2, 1)]
    with pytest.raises(TypeError, match=r"list is not a Module subclass.*Sequential\(\*layers\)"):
        tg.nn.Sequential(layers)
    model = tg.nn.Sequential(*layers)
    x = tg.ones(3, 2)
    np.testing.assert_array_equal(model(x).numpy(), layers[1](layers[0](x)).numpy())


@pytest.mark.parametrize("lib", ["tg", "torch"])
def test_module_list_and_dict(lib):
    lib = tg if lib == "tg" else torch
    a, b, c = lib.nn.Module(), lib.nn.Module(), lib.nn.Module()
    ml = lib.nn.ModuleList([a])
    ml.append(b)
    ml.extend([c])
    ml.insert(0, c)
    assert list(ml) == [c, a, b, c] and len(ml) == 4 and ml[-1] is c
    assert isinstance(ml[1:], lib.nn.ModuleList) and list(ml[1:]) == [a, b, c]
    del ml[0]
    assert list(ml) == [a, b, c] and names(ml.named_children()) == ["0", "1", "2"]
    ml += [a]
    assert len(ml) == 4 and list(ml + lib.nn.ModuleList([b]))[-1] is b
    md = lib.nn.ModuleDict({"x": a})
    md["y"] = b
    md.update({"z": c})
    assert list(md) == ["x", "y", "z"] and list(md.keys()) == ["x", "y", "z"]
    assert list(md.values()) == [a, b, c] and dict(md.items())["y"] is b and "z" in md
    assert md.pop("y") is b and list(md) == ["x", "z"] and len(md) == 2
    del md["x"]
    assert list(md) == ["z"]
    md.clear()
    assert len(md) == 0


def test_calls_go_to_forward_even_when_it_is_replaced():
    # A module is called straight into its class's forward (one frame); a subclass's forward, and
    # a forward assigned to an instance (as PyTorch code sometimes patches it), still win.
    x = tg.ones(1, 2)

    class Doubled(tg.nn.Dense):
        def forward(self, x):
            return super().forward(x) * 2

    layer = Doubled(2, 1, activation=None, rng=0)
    np.testing.assert_array_equal(layer(x).numpy(), 2 * tg.nn.Dense.forward(layer, x).numpy())
    patched = tg.nn.Dense(2, 1, rng=0)
    patched.forward = lambda inp: inp.sum(dim=1)
    np.testing.assert_array_equal(patched(x).numpy(), [2.0])
    assert isinstance(patched, tg.nn.Dense) and type(patched).__name__ == "Dense"
    assert repr(patched) == repr(tg.nn.Dense(2, 1, rng=0))
