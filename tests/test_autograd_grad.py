"""torch.autograd.grad / backward(create_graph=True, inputs=...): the sweep's semantics against
PyTorch's, higher-order derivatives of random graphs against PyTorch's to the third order, and
memory: a MAML-style loop of recorded backwards keeps a flat footprint."""

import gc
import warnings

import numpy as np
import pytest
from test_soak import UNDER_ASAN, rss_bytes

import tapegrad as tg

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")


def pair(values, requires_grad=True):
    """The same float64 values as a tapegrad and a torch tensor."""
    a = np.asarray(values, dtype=np.float64)
    return tg.tensor(a, requires_grad=requires_grad), torch.tensor(a, requires_grad=requires_grad)


def close(t, ref):
    assert t is not None and ref is not None
    np.testing.assert_allclose(t.numpy(), ref.detach().numpy(), rtol=1e-12, atol=1e-13)


# --- first order: what grad() returns and leaves alone ---


def test_grad_returns_gradients_and_touches_no_grad():
    (x, xt), (w, wt) = pair([0.5, -1.5, 2.0]), pair([1.0, 2.0, -0.5])
    y = (x * w * x).sum()
    gx, gw = tg.autograd.grad(y, (x, w))
    rx, rw = torch.autograd.grad((xt * wt * xt).sum(), (xt, wt))
    close(gx, rx)
    close(gw, rw)
    assert x.grad is None and w.grad is None
    assert gx.grad_fn is None and not gx.requires_grad


def test_grad_outputs_weight_several_outputs():
    (x, xt) = pair([0.5, -1.5, 2.0])
    v1, v2 = np.array([1.0, -2.0, 0.5]), np.array([3.0, 0.25, -1.0])
    g = tg.autograd.grad([x * x, x * 3.0], [x], grad_outputs=[tg.tensor(v1), tg.tensor(v2)])
    r = torch.autograd.grad([xt * xt, xt * 3.0], [xt], grad_outputs=[torch.tensor(v1), torch.tensor(v2)])
    close(g[0], r[0])


def test_gradient_with_respect_to_an_intermediate_tensor():
    x, xt = pair([0.5, -1.5])
    h, ht = x * x, xt * xt
    y, yt = (h * h + h).sum(), (ht * ht + ht).sum()
    close(tg.autograd.grad(y, h)[0], torch.autograd.grad(yt, ht)[0])


def test_an_input_listed_twice_gets_its_gradient_twice():
    x, xt = pair([0.5, -1.5])
    g = tg.autograd.grad((x * x).sum(), [x, x])
    r = torch.autograd.grad((xt * xt).sum(), [xt, xt])
    close(g[0], r[0])
    close(g[1], r[1])


def test_unused_input_raises_unless_allowed():
    x, _ = pair([1.0, 2.0])
    z, _ = pair([3.0])
    y = (x * x).sum()
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        tg.autograd.grad(y, [x, z], retain_graph=True)
    gx, gz = tg.autograd.grad(y, [x, z], allow_unused=True, retain_graph=True)
    assert gz is None and gx is not None
    gx, gz = tg.autograd.grad(y, [x, z], materialize_grads=True)
    np.testing.assert_array_equal(gz.numpy(), [0.0])
    with pytest.raises(ValueError, match="allow_unused"):
        tg.autograd.grad(y, [x], materialize_grads=True, allow_unused=False)


def test_retain_graph_defaults_to_create_graph():
    x, _ = pair([1.0, 2.0])
    y = (x * x * x).sum()
    tg.autograd.grad(y, x)
    with pytest.raises(RuntimeError, match="a second time"):
        tg.autograd.grad(y, x)
    y = (x * x * x).sum()
    tg.autograd.grad(y, x, create_graph=True)
    tg.autograd.grad(y, x)  # still there: create_graph retained it


def test_only_the_nodes_leading_to_the_inputs_run():
    # The branch through b is never needed for d/dx: its saved tensor changed in place, and
    # grad() does not notice, as in PyTorch; backward() through it does.
    x, _ = pair([1.0, 2.0])
    b, _ = pair([3.0, 4.0])
    c = b * 1.0
    y = (x * x).sum() + (c * c).sum()
    with tg.no_grad():
        c.add_(1.0)
    np.testing.assert_allclose(tg.autograd.grad(y, x, retain_graph=True)[0].numpy(), [2.0, 4.0])
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_backward_inputs_accumulates_only_into_the_inputs():
    (x, xt), (w, wt) = pair([0.5, -1.5]), pair([2.0, 3.0])
    (x * w).sum().backward(inputs=[w])
    (xt * wt).sum().backward(inputs=[wt])
    assert x.grad is None and xt.grad is None
    close(w.grad, wt.grad)
    tg.autograd.backward([(x * w).sum()], inputs=x)
    close(x.grad, torch.tensor([2.0, 3.0]))
    with pytest.raises(ValueError, match="cannot be empty"):
        (x * w).sum().backward(inputs=[])


def test_errors_name_what_is_wrong():
    x, _ = pair([1.0, 2.0])
    c = tg.tensor([1.0, 2.0])
    with pytest.raises(RuntimeError, match="does not require grad"):
        tg.autograd.grad((c * c).sum(), c)
    with pytest.raises(RuntimeError, match="does not require grad"):
        tg.autograd.grad((x * x).sum(), c)
    with pytest.raises(RuntimeError, match="one-element outputs"):
        tg.autograd.grad(x * x, x)
    with pytest.raises(ValueError, match="grad_outputs has 2 entries"):
        tg.autograd.grad(x * x, x, grad_outputs=[tg.ones(2), tg.ones(2)])
    with pytest.raises(ValueError, match="does not match the shape"):
        tg.autograd.grad(x * x, x, grad_outputs=tg.ones(3))
    with pytest.raises(NotImplementedError, match="vmap"):
        tg.autograd.grad(x * x, x, grad_outputs=tg.ones(2), is_grads_batched=True)
    with pytest.raises(TypeError, match="inputs must be a Tensor"):
        tg.autograd.grad((x * x).sum(), 3.0)
    with pytest.raises(RuntimeError, match="at least one input"):
        tg.autograd.grad((x * x).sum(), [])


# --- higher order ---


def test_the_blogs_function_has_second_derivative_four_everywhere():
    for v in (-3.0, 0.0, 0.5, 7.25):
        x = tg.tensor(v, requires_grad=True)
        y = 2 * x**2 - 3 * x + 4
        (dy,) = tg.autograd.grad(y, x, create_graph=True)
        (d2y,) = tg.autograd.grad(dy, x, create_graph=True)
        assert dy.item() == pytest.approx(4 * v - 3)
        assert d2y.item() == 4.0
        (d3y,) = tg.autograd.grad(d2y, x, allow_unused=True)
        assert d3y is None or d3y.item() == 0.0


def test_backward_create_graph_accumulates_differentiable_grads_and_warns():
    x, xt = pair([0.5, -1.5])
    with pytest.warns(UserWarning, match="reference cycle"):
        (x * x * x).sum().backward(create_graph=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (xt * xt * xt).sum().backward(create_graph=True)
    close(x.grad, xt.grad)
    assert x.grad.grad_fn is not None
    gg = tg.autograd.grad(x.grad.sum(), x)[0]
    close(gg, torch.autograd.grad(xt.grad.sum(), xt)[0])
    x.grad = None  # breaks the cycle x -> x.grad -> graph -> x, as PyTorch's warning says


def test_hessian_vector_product_equals_torch():
    (x, xt), (w, wt) = pair([0.5, -1.5, 2.0]), pair([1.0, 2.0, -0.5])
    v = np.array([0.3, -0.7, 1.1])

    def f(x, w, lib):
        return (lib.maximum(x * w, x / (w * w + 1.0)) ** 3).sum() + (x * x * w).mean()

    (g,) = tg.autograd.grad(f(x, w, tg), x, create_graph=True)
    hv = tg.autograd.grad((g * tg.tensor(v)).sum(), (x, w))
    (gt,) = torch.autograd.grad(f(xt, wt, torch), xt, create_graph=True)
    hvt = torch.autograd.grad((gt * torch.tensor(v)).sum(), (xt, wt))
    close(hv[0], hvt[0])
    close(hv[1], hvt[1])


# Random graphs of the ops that are twice differentiable everywhere they are defined.
UNARY = [
    (lambda t: t * t, lambda t: t * t),
    (lambda t: tg.sin(t), lambda t: torch.sin(t)),
    (lambda t: tg.cos(t), lambda t: torch.cos(t)),
    (lambda t: t**3, lambda t: t**3),
    (lambda t: tg.sqrt(t * t + 1.0), lambda t: torch.sqrt(t * t + 1.0)),
    (lambda t: tg.log1p(t * t), lambda t: torch.log1p(t * t)),
    (lambda t: 1.0 / (t * t + 2.0), lambda t: 1.0 / (t * t + 2.0)),
    (lambda t: t.mean(dim=-1, keepdim=True) * t, lambda t: t.mean(dim=-1, keepdim=True) * t),
    (lambda t: tg.exp(t * 0.5), lambda t: torch.exp(t * 0.5)),
    (lambda t: tg.tanh(t), lambda t: torch.tanh(t)),
    (lambda t: tg.sigmoid(t), lambda t: torch.sigmoid(t)),
    (lambda t: t.softmax(dim=-1), lambda t: t.softmax(dim=-1)),
    (lambda t: t.log_softmax(dim=-1) * t, lambda t: t.log_softmax(dim=-1) * t),
    (
        lambda t: t.amax(dim=-1, keepdim=True) * t,
        lambda t: t.amax(dim=-1, keepdim=True) * t,
    ),
]
BINARY = [
    (lambda a, b: a + b, lambda a, b: a + b),
    (lambda a, b: a - b, lambda a, b: a - b),
    (lambda a, b: a * b, lambda a, b: a * b),
    (lambda a, b: a / (b * b + 1.0), lambda a, b: a / (b * b + 1.0)),
    (lambda a, b: tg.atan2(a, b * b + 1.0), lambda a, b: torch.atan2(a, b * b + 1.0)),
    (
        lambda a, b: (a * b) @ (b * a).transpose(-1, -2) if a.ndim == 2 and b.ndim == 2 else a * b,
        lambda a, b: (a * b) @ (b * a).transpose(-1, -2) if a.ndim == 2 and b.ndim == 2 else a * b,
    ),
]


def random_graph(seed):
    """A function of three inputs (shapes (2, 3), (3,), (2, 1): broadcasting) made of random ops,
    and the same function for torch."""
    rng = np.random.default_rng(seed)
    plan = []
    for _ in range(6):
        if rng.random() < 0.5:
            plan.append(("u", int(rng.integers(len(UNARY))), int(rng.integers(3 + len(plan)))))
        else:
            plan.append(
                (
                    "b",
                    int(rng.integers(len(BINARY))),
                    int(rng.integers(3 + len(plan))),
                    int(rng.integers(3 + len(plan))),
                )
            )

    def build(lib_index):
        def f(*inputs):
            values = list(inputs)
            for step in plan:
                if step[0] == "u":
                    values.append(UNARY[step[1]][lib_index](values[step[2]]))
                else:
                    values.append(BINARY[step[1]][lib_index](values[step[2]], values[step[3]]))
            total = values[-1].sum()
            for v in values[3:-1]:
                total = total + 0.1 * v.sum()
            return total

        return f

    return build(0), build(1)


@pytest.mark.parametrize("seed", range(20))
def test_random_graphs_second_and_third_derivatives_equal_torch(seed):
    rng = np.random.default_rng(100 + seed)
    values = [rng.uniform(0.3, 1.5, s) * rng.choice([-1, 1], s) for s in [(2, 3), (3,), (2, 1)]]
    ours = [tg.tensor(v, requires_grad=True) for v in values]
    theirs = [torch.tensor(v, requires_grad=True) for v in values]
    f, ft = random_graph(seed)
    u = [rng.standard_normal(v.shape) for v in values]
    w = [rng.standard_normal(v.shape) for v in values]

    def three_orders(lib, xs, f):
        g1 = lib.autograd.grad(f(*xs), xs, create_graph=True, allow_unused=True)
        s1 = sum((g * lib.tensor(d)).sum() for g, d in zip(g1, u) if g is not None)
        g2 = lib.autograd.grad(s1, xs, create_graph=True, allow_unused=True)
        s2 = sum((g * lib.tensor(d)).sum() for g, d in zip(g2, w) if g is not None and g.requires_grad)
        g3 = (
            lib.autograd.grad(s2, xs, allow_unused=True)
            if torch.is_tensor(s2) or isinstance(s2, tg.Tensor)
            else ()
        )
        return g1, g2, g3

    for mine, ref in zip(three_orders(tg, ours, f), three_orders(torch, theirs, ft)):
        for a, b in zip(mine, ref):
            if b is None or not torch.any(b != 0):
                assert a is None or not np.any(a.numpy())
            else:
                np.testing.assert_allclose(a.numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)


# --- memory ---


def maml_step(w, x, y, lr=0.1):
    """One meta-learning step: an inner SGD step taken with create_graph, the outer loss
    differentiated through it (second derivatives), as MAML does."""
    inner = ((x * w - y) ** 2).mean()
    (g,) = tg.autograd.grad(inner, w, create_graph=True)
    adapted = w - lr * g
    outer = ((x * adapted - y) ** 2).mean()
    (meta,) = tg.autograd.grad(outer, w)
    with tg.no_grad():
        w -= 0.01 * meta
    return outer.item()


def test_a_loop_of_recorded_backwards_keeps_a_flat_footprint():
    rng = np.random.default_rng(0)
    w = tg.tensor(rng.standard_normal(64), requires_grad=True)
    x, y = tg.tensor(rng.standard_normal(64)), tg.tensor(rng.standard_normal(64))
    for _ in range(300):
        maml_step(w, x, y)
    before = rss_bytes()
    for _ in range(3000):
        loss = maml_step(w, x, y)
    after = rss_bytes()
    assert np.isfinite(loss)
    if not UNDER_ASAN:
        assert after - before < 4 * 2**20, f"RSS grew by {(after - before) / 2**20:.1f} MiB"


def test_recorded_backward_leaves_no_reference_cycle_with_grad():
    gc.collect()
    gc.disable()
    try:
        w = tg.tensor([0.5, -1.0], requires_grad=True)
        maml_step(w, tg.tensor([1.0, 2.0]), tg.tensor([0.0, 1.0]))
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_backward_create_graph_cycle_is_broken_by_resetting_grad():
    w = tg.tensor(np.linspace(-1, 1, 4096), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(50):
            (w * w * w).sum().backward(create_graph=True)
            w.grad = None
        before = rss_bytes()
        for _ in range(500):
            (w * w * w).sum().backward(create_graph=True)
            w.grad = None
    if not UNDER_ASAN:
        assert rss_bytes() - before < 4 * 2**20


def test_gradients_with_respect_to_a_view_of_which_views_were_taken_are_refused_not_partial():
    # Views of a view are recorded as views of its base, so a gradient captured at the view
    # would miss what flows through them (PyTorch gives [[3, 3], [2, 2]] here): refused instead.
    x = tg.ones(4, requires_grad=True)
    v = x.view(2, 2)
    y = (v * v).sum() + v[0].sum()
    with pytest.raises(ValueError, match="is a view of another tensor of which views were taken"):
        tg.autograd.grad(y, v)
    c = x.clone().view(2, 2).clone()  # a clone is an ordinary tensor: its gradient is whole
    y = (c * c).sum() + c[0].sum()
    np.testing.assert_array_equal(tg.autograd.grad(y, c)[0].numpy(), [[3.0, 3.0], [2.0, 2.0]])
    w = x.view(2, 2)  # a view nobody took views of is fine
    y = (w * w * 3.0).sum()
    np.testing.assert_array_equal(tg.autograd.grad(y, w)[0].numpy(), [[6.0, 6.0], [6.0, 6.0]])


def test_a_view_that_retains_its_gradient_gets_all_of_it():
    # retain_grad() before views of it are taken: they are recorded as views of it, so its .grad
    # is PyTorch's; after: refused (their gradients would be missing).
    x, xt = pair([1.0, 1.0, 1.0, 1.0])
    v, vt = x.view(2, 2), xt.view(2, 2)
    v.retain_grad()
    vt.retain_grad()
    ((v * v).sum() + v[0].sum() + (v.t() * 2.0).sum()).backward()
    ((vt * vt).sum() + vt[0].sum() + (vt.t() * 2.0).sum()).backward()
    close(v.grad, vt.grad)
    close(x.grad, xt.grad)
    late = x.view(2, 2)
    late[0].sum()
    with pytest.raises(RuntimeError, match="of which views were already taken"):
        late.retain_grad()
    with pytest.raises(RuntimeError, match="view of a view that retains its gradient"):
        h = x * 1.0
        r = h.view(2, 2)
        r.retain_grad()
        r[0].add_(1.0)


def test_views_of_a_view_that_requires_grad_reach_it():
    a = tg.zeros(4)
    v = a[1:3]
    v.requires_grad_()
    (v[0] * 3.0).backward()
    np.testing.assert_array_equal(v.grad.numpy(), [3.0, 0.0])
