"""tg.autograd.Function: custom ops in Python, against torch.autograd.Function on the same values."""

import gc
import threading
import weakref

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.gradcheck import gradgradcheck

from torch_oracle import torch

X = [0.3, -1.2, 2.0]
Y = [1.5, 0.5, -0.7]


def pair(values, requires_grad=True):
    return (
        tg.tensor(values, requires_grad=requires_grad),
        torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad),
    )


def make_cube(base):
    """x**3 with backward 3 g x**2 made of ops, for tapegrad (base=tg.autograd.Function) or torch."""

    class Cube(base):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x * x

    return Cube


def make_scaled_mul(base):
    """k * x * y (+ non-tensor k), saving both inputs and the output."""

    class ScaledMul(base):
        @staticmethod
        def forward(ctx, x, k, y):
            out = k * x * y
            ctx.k = k
            ctx.save_for_backward(x, y, out)
            return out

        @staticmethod
        def backward(ctx, g):
            _x, y, out = ctx.saved_tensors  # x saved too: a saved input not used
            gx = g * ctx.k * y if ctx.needs_input_grad[0] else None
            gy = g * out / y if ctx.needs_input_grad[2] else None  # the saved output, with history
            return gx, None, gy

    return ScaledMul


def make_sin_cos(base):
    """Two outputs: sin(x) and cos(x) * y; backward uses a saved output (s) and recomputes cos(x)
    (an intermediate saved in forward would have no history, in PyTorch as here)."""

    class SinCos(base):
        @staticmethod
        def forward(ctx, x, y):
            s = x.sin()
            ctx.save_for_backward(x, y, s)
            return s, x.cos() * y

        @staticmethod
        def backward(ctx, gs, gc_):
            x, y, s = ctx.saved_tensors
            c = x.cos()
            return gs * c - gc_ * s * y, gc_ * c

    return SinCos


def test_one_input_value_grad_and_grad_fn():
    Cube, TCube = make_cube(tg.autograd.Function), make_cube(torch.autograd.Function)
    x, tx = pair(X)
    y, ty = Cube.apply(x), TCube.apply(tx)
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-14)
    assert y.requires_grad and y.grad_fn is not None
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-14)


def test_forward_runs_with_recording_off_and_no_input_needing_grad_records_nothing():
    seen = []

    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            seen.append(tg.is_grad_enabled())
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    y = F.apply(tg.tensor([1.0], requires_grad=True))
    assert seen == [False] and y.requires_grad
    z = F.apply(tg.tensor([1.0]))
    assert not z.requires_grad and z.grad_fn is None


def test_several_inputs_non_tensor_args_and_needs_input_grad():
    F, TF_ = make_scaled_mul(tg.autograd.Function), make_scaled_mul(torch.autograd.Function)
    for y_requires in (True, False):
        x, tx = pair(X)
        y, ty = pair(Y, y_requires)
        out, tout = F.apply(x, 2.5, y), TF_.apply(tx, 2.5, ty)
        np.testing.assert_allclose(out.numpy(), tout.detach().numpy(), rtol=1e-14)
        out.sum().backward()
        tout.sum().backward()
        np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-14)
        if y_requires:
            np.testing.assert_allclose(y.grad.numpy(), ty.grad.numpy(), rtol=1e-14)
        else:
            assert y.grad is None


def test_needs_input_grad_tuple():
    got = {}

    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a, n, b):
            got["needs"] = ctx.needs_input_grad
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g, None, g

    F.apply(tg.tensor([1.0], requires_grad=True), 3, tg.tensor([1.0]))
    assert got["needs"] == (True, False, False)


def test_none_gradient_for_an_input_leaves_it_without_grad():
    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * 2 + b

        @staticmethod
        def backward(ctx, g):
            return g * 2, None

    a, b = tg.tensor([1.0], requires_grad=True), tg.tensor([1.0], requires_grad=True)
    (F.apply(a, b) + b).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [2.0])
    np.testing.assert_array_equal(b.grad.numpy(), [1.0])  # only the direct path


def test_several_outputs_against_torch_and_unused_output_gets_zeros():
    F, TF_ = make_sin_cos(tg.autograd.Function), make_sin_cos(torch.autograd.Function)
    x, tx = pair(X)
    y, ty = pair(Y)
    (s, c), (ts, tc) = F.apply(x, y), TF_.apply(tx, ty)
    np.testing.assert_allclose(s.numpy(), ts.detach().numpy(), rtol=1e-14)
    np.testing.assert_allclose(c.numpy(), tc.detach().numpy(), rtol=1e-14)
    (s * 2 + c * c).sum().backward()
    (ts * 2 + tc * tc).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-13)
    np.testing.assert_allclose(y.grad.numpy(), ty.grad.numpy(), rtol=1e-13)

    received = []

    class G(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            received.append((g1.numpy().copy(), g2.numpy().copy()))
            return g1 * 2 + g2 * 3

    x = tg.tensor([1.0, 2.0], requires_grad=True)
    a, _ = G.apply(x)
    a.sum().backward()  # the second output is not used: its gradient is zeros
    np.testing.assert_array_equal(received[0][1], [0.0, 0.0])
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])


def test_outputs_of_different_shapes():
    class Split2(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.sum(), x * x

        @staticmethod
        def backward(ctx, g_sum, g_sq):
            (x,) = ctx.saved_tensors
            return g_sum + 2 * x * g_sq

    x = tg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    s, sq = Split2.apply(x)
    assert tuple(s.shape) == () and tuple(sq.shape) == (2, 3)
    (s * 3 + sq.sum()).backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 + 2 * np.arange(6.0).reshape(2, 3))


def test_setup_context_style():
    class Cube(tg.autograd.Function):
        @staticmethod
        def forward(x):
            return x * x * x

        @staticmethod
        def setup_context(ctx, inputs, output):
            (x,) = inputs
            ctx.save_for_backward(x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * g * x * x

    x = tg.tensor(X, requires_grad=True)
    (gx,) = tg.autograd.grad(Cube.apply(x).sum(), x)
    np.testing.assert_allclose(gx.numpy(), 3 * np.array(X) ** 2, rtol=1e-14)


def test_vjp_instead_of_backward():
    class Double(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def vjp(ctx, g):
            return g * 2

    x = tg.tensor(X, requires_grad=True)
    (g,) = tg.autograd.grad(Double.apply(x).sum(), x)
    np.testing.assert_array_equal(g.numpy(), [2.0, 2.0, 2.0])


def test_mark_non_differentiable_and_integer_outputs():
    got = []

    class SortLike(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x * 2
            idx = tg.tensor([0, 1, 2])
            flag = x > 0
            ctx.mark_non_differentiable(flag)
            return y, idx, flag

        @staticmethod
        def backward(ctx, gy, gidx, gflag):
            got.append((gidx, gflag))
            return gy * 2

    x = tg.tensor(X, requires_grad=True)
    y, idx, flag = SortLike.apply(x)
    assert y.requires_grad and not idx.requires_grad and not flag.requires_grad
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(got[0][0].numpy(), [0, 0, 0])  # materialized as zeros

    class Marked(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x * 3
            ctx.mark_non_differentiable(y)
            return y

        @staticmethod
        def backward(ctx, g):
            return g

    assert not Marked.apply(x).requires_grad


def test_returning_an_input_gives_a_new_tensor():
    class Ident(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x, y):
            return y

        @staticmethod
        def backward(ctx, g):
            return None, g

    x = tg.tensor([1.0], requires_grad=True)
    y = tg.tensor([2.0])
    out = Ident.apply(x, y)
    assert out is not y and y.grad_fn is None and not y.requires_grad
    assert out.grad_fn is not None


def test_wrong_number_of_gradients():
    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a + b

        @staticmethod
        def backward(ctx, g):
            return g

    a, b = tg.tensor([1.0], requires_grad=True), tg.tensor([1.0], requires_grad=True)
    with pytest.raises(
        RuntimeError, match=r"FBackward returned an incorrect number of gradients \(expected 2, got 1\)"
    ):
        F.apply(a, b).sum().backward()
    assert a.grad is None


def test_extra_none_gradients_are_accepted_and_non_none_for_non_tensor_raises():
    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a, k):
            return a * k

        @staticmethod
        def backward(ctx, g):
            return g * 2, None, None

    class G(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a, k):
            return a * k

        @staticmethod
        def backward(ctx, g):
            return g * 2, g

    a = tg.tensor([1.0], requires_grad=True)
    F.apply(a, 2.0).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [2.0])
    with pytest.raises(RuntimeError, match="was not a Tensor"):
        G.apply(a, 2.0).sum().backward()


def test_wrong_gradient_shape_and_broadcastable_gradient():
    class Bad(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return tg.ones(5)

    class Wide(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return tg.ones((4, 3))  # summed to (1, 3), as PyTorch does

    a = tg.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    with pytest.raises(
        RuntimeError,
        match=r"invalid gradient at index 0 - got \[5\] but expected shape compatible with \[1, 3\]",
    ):
        Bad.apply(a).sum().backward()
    Wide.apply(a).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [[4.0, 4.0, 4.0]])


def test_exception_inside_backward_propagates_with_its_type():
    class MyError(Exception):
        pass

    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            raise MyError("boom from backward")

    a = tg.tensor([1.0], requires_grad=True)
    y = F.apply(a) * 3
    with pytest.raises(MyError, match="boom from backward"):
        y.sum().backward()
    with pytest.raises(MyError):
        tg.autograd.grad(F.apply(a).sum(), a)
    assert a.grad is None


def test_saved_tensor_changed_in_place_raises():
    Cube = make_cube(tg.autograd.Function)
    x = tg.tensor(X, requires_grad=True)
    h = x * 1.0
    y = Cube.apply(h)
    with tg.no_grad():
        h.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.sum().backward()


def test_saved_tensors_freed_after_backward_and_outside_backward():
    Cube = make_cube(tg.autograd.Function)
    x = tg.tensor(X, requires_grad=True)
    y = Cube.apply(x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_second_derivatives_against_torch_and_gradgradcheck():
    for make, n_in in ((make_cube, 1), (make_scaled_mul, 2), (make_sin_cos, 2)):
        F, TF_ = make(tg.autograd.Function), make(torch.autograd.Function)
        x, tx = pair(X)
        y, ty = pair(Y)
        args = (x, 1.7, y) if make is make_scaled_mul else (x, y)[:n_in]
        targs = (tx, 1.7, ty) if make is make_scaled_mul else (tx, ty)[:n_in]

        def loss(*a, f=F):
            out = f.apply(*a)
            outs = out if isinstance(out, tuple) else (out,)
            return sum(((o * o * o).sum() for o in outs), start=outs[0].sum() * 0)

        def tloss(*a, f=TF_):
            out = f.apply(*a)
            outs = out if isinstance(out, tuple) else (out,)
            return sum((o**3).sum() for o in outs)

        ins = [a for a in args if isinstance(a, tg.Tensor)]
        tins = [a for a in targs if isinstance(a, torch.Tensor)]
        g = tg.autograd.grad(loss(*args), ins, create_graph=True)
        tgr = torch.autograd.grad(tloss(*targs), tins, create_graph=True)
        v = [tg.tensor([0.7, -0.2, 1.1]) for _ in ins]
        tv = [torch.tensor([0.7, -0.2, 1.1], dtype=torch.float64) for _ in tins]
        hv = tg.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(g, v)), ins)
        thv = torch.autograd.grad(sum((gi * vi).sum() for gi, vi in zip(tgr, tv)), tins)
        for a, b in zip(hv, thv):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10)
        gradgradcheck(loss, *args)


def test_third_derivative_of_cube():
    Cube = make_cube(tg.autograd.Function)
    x = tg.tensor(X, requires_grad=True)
    (g1,) = tg.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    (g2,) = tg.autograd.grad(g1.sum(), x, create_graph=True)
    (g3,) = tg.autograd.grad(g2.sum(), x)
    np.testing.assert_allclose(g1.detach().numpy(), 3 * np.array(X) ** 2, rtol=1e-14)
    np.testing.assert_allclose(g2.detach().numpy(), 6 * np.array(X), rtol=1e-14)
    np.testing.assert_allclose(g3.numpy(), [6.0, 6.0, 6.0], rtol=1e-14)


def test_double_backward_through_a_saved_output():
    class Exp(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x.exp()
            ctx.save_for_backward(out)
            return out

        @staticmethod
        def backward(ctx, g):
            (out,) = ctx.saved_tensors
            return g * out

    class TExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            out = x.exp()
            ctx.save_for_backward(out)
            return out

        @staticmethod
        def backward(ctx, g):
            (out,) = ctx.saved_tensors
            return g * out

    x, tx = pair(X)
    (g,) = tg.autograd.grad((Exp.apply(x) * x).sum(), x, create_graph=True)
    (tgr,) = torch.autograd.grad((TExp.apply(tx) * tx).sum(), tx, create_graph=True)
    (h,) = tg.autograd.grad(g.sum(), x)
    (th,) = torch.autograd.grad(tgr.sum(), tx)
    np.testing.assert_allclose(h.numpy(), th.numpy(), rtol=1e-12)
    gradgradcheck(lambda a: Exp.apply(a) * a, tg.tensor(X, requires_grad=True))


def test_once_differentiable():
    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        @tg.autograd.once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            assert not tg.is_grad_enabled()
            return 2 * g * x

    x = tg.tensor(X, requires_grad=True)
    (g,) = tg.autograd.grad(F.apply(x).sum(), x)
    np.testing.assert_allclose(g.numpy(), 2 * np.array(X))
    with pytest.raises(RuntimeError, match="once_differentiable"):
        tg.autograd.grad(F.apply(x).sum(), x, create_graph=True)


def test_too_many_tensor_inputs_raise():
    class Four(tg.autograd.Function):
        @staticmethod
        def forward(ctx, a, b, c, d):
            return a + b + c + d

        @staticmethod
        def backward(ctx, g):
            return g, g, g, g

    ts = [tg.tensor([1.0], requires_grad=True) for _ in range(4)]
    with pytest.raises(RuntimeError, match="at most 3 tensor arguments that require a gradient"):
        Four.apply(*ts)
    # four tensors of which three require a gradient: fine
    out = Four.apply(ts[0], ts[1], ts[2], tg.tensor([1.0]))
    out.sum().backward()
    assert ts[0].grad.item() == 1.0


def test_non_contiguous_input_and_saved_intermediate():
    Cube = make_cube(tg.autograd.Function)
    base = tg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    xt = base.t()
    (g,) = tg.autograd.grad(Cube.apply(xt).sum(), base, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 3 * np.arange(6.0).reshape(2, 3) ** 2)
    (h,) = tg.autograd.grad(g.sum(), base)
    np.testing.assert_allclose(h.numpy(), 6 * np.arange(6.0).reshape(2, 3))


def test_float32():
    Cube = make_cube(tg.autograd.Function)
    x = tg.tensor(X, dtype=tg.float32, requires_grad=True)
    (g,) = tg.autograd.grad(Cube.apply(x).sum(), x)
    assert g.dtype == tg.float32
    np.testing.assert_allclose(g.numpy(), 3 * np.array(X, dtype=np.float32) ** 2, rtol=1e-6)


def test_graph_is_freed():
    # Output -> node -> ctx, and nothing back: the ctx (and what it holds) lives exactly as long as
    # the graph and goes with its last tensor, without the cycle collector.
    Cube = make_cube(tg.autograd.Function)
    refs = []

    class Marker:
        pass

    class Keep(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.marker = Marker()
            refs.append(weakref.ref(ctx))
            refs.append(weakref.ref(ctx.marker))
            ctx.save_for_backward(x)
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    gc.disable()
    try:
        x = tg.tensor(X, requires_grad=True)
        y = Keep.apply(Cube.apply(x))
        (g,) = tg.autograd.grad(y.sum(), x, create_graph=True)
        assert all(r() is not None for r in refs)
        del y  # g's recorded graph does not go through Keep's node (its backward uses no input)
        assert all(r() is None for r in refs)
        del g
    finally:
        gc.enable()


def test_threads():
    Cube = make_cube(tg.autograd.Function)
    errors = []

    def work(seed):
        try:
            rng = np.random.default_rng(seed)
            v = rng.standard_normal(4)
            for _ in range(20):
                x = tg.tensor(v, requires_grad=True)
                (g,) = tg.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
                (h,) = tg.autograd.grad(g.sum(), x)
                np.testing.assert_allclose(h.numpy(), 6 * v, rtol=1e-12)
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_instantiating_and_saving_non_tensors_raise():
    with pytest.raises(RuntimeError, match="apply"):
        tg.autograd.Function()

    class F(tg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 3)
            return x

        @staticmethod
        def backward(ctx, g):
            return g

    with pytest.raises(TypeError, match="save_for_backward can only save tensors"):
        F.apply(tg.tensor([1.0], requires_grad=True))
