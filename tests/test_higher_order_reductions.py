"""Higher-order gradients (create_graph) of reductions, matmul, shape ops and softmax.

Each op is checked twice: gradgradcheck (second derivatives against finite differences of the
projected gradient, float64) at points where the op is smooth, and the first, second and third
derivatives of a weighted loss against PyTorch's own (torch.autograd.grad with create_graph=True)
on the same values, ties for max/min/amax/median included (PyTorch's conventions: ties share the
gradient of max()/amax/median(); max(dim)/median(dim) give it to the chosen index).
"""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.gradcheck import gradgradcheck

from torch_oracle import torch

RNG = np.random.default_rng(1234)


def cube(m, x):
    return x * x * x


def loss_of(m, f, xs, pre):
    """The op's result squared, so that every derivative order depends on the values."""
    y = f(m, *[cube(m, x) if pre else x for x in xs])
    return y * y


def derivatives(m, f, arrays, weights, pre, orders):
    """The first `orders` derivatives of sum(W * loss), each projected on the next weights."""
    xs = [m.tensor(a.tolist(), dtype=m.float64, requires_grad=True) for a in arrays]
    out = loss_of(m, f, xs, pre)
    total = (out * m.tensor(weights[0][0].tolist(), dtype=m.float64)).sum()
    found = []
    for order in range(orders):
        if not total.requires_grad:  # the previous derivative was a constant
            found.append([np.zeros(a.shape) for a in arrays])
            continue
        grads = m.autograd.grad(total, xs, create_graph=order + 1 < orders, allow_unused=True)
        grads = [g if g is not None else m.zeros_like(x) for g, x in zip(grads, xs)]
        found.append([np.array(g.detach().tolist(), dtype=np.float64) for g in grads])
        if order + 1 < orders:
            total = (out * 0).sum().detach()
            for g, w in zip(grads, weights[order + 1]):
                total = total + (g * m.tensor(w.tolist(), dtype=m.float64)).sum()
    return found


# Nodes of other files (pointwise ops) that a rule here records; their own backward_graph is
# another change. Until it lands, a third derivative through them raises (never a wrong value),
# and only the second order is compared.
NOT_YET_MINE = ("through Exp ", "through Pow ")


def check_against_torch(f, arrays, pre=True, orders=3, rtol=1e-10, atol=1e-12):
    with torch.no_grad():
        shape = tuple(loss_of(torch, f, [torch.tensor(a) for a in arrays], pre).shape)
    weights = [[RNG.standard_normal(shape)]]
    for _ in range(orders - 1):
        weights.append([RNG.standard_normal(a.shape) for a in arrays])
    try:
        mine = derivatives(tg, f, arrays, weights, pre, orders)
    except RuntimeError as error:
        if orders < 3 or not any(fragment in str(error) for fragment in NOT_YET_MINE):
            raise
        orders = 2
        mine = derivatives(tg, f, arrays, weights, pre, orders)
    theirs = derivatives(torch, f, arrays, weights, pre, orders)
    assert len(mine) == len(theirs) == orders
    for order, (gs, hs) in enumerate(zip(mine, theirs)):
        for g, h in zip(gs, hs):
            np.testing.assert_allclose(g, h, rtol=rtol, atol=atol, err_msg=f"derivative of order {order + 1}")


def check_gradgrad(f, arrays, pre=True):
    xs = [tg.tensor(a.tolist(), dtype=tg.float64, requires_grad=True) for a in arrays]
    assert gradgradcheck(lambda *t: loss_of(tg, f, t, pre), *xs)


def distinct(*shape):
    """Values without ties, away from 0 (smooth points of max, norm, prod, ...)."""
    n = int(np.prod(shape))
    values = RNG.permutation(n) + 1.0
    signs = np.where(RNG.random(n) < 0.5, -1.0, 1.0)
    return (values * signs / n).reshape(shape) + 0.01 * RNG.standard_normal(shape)


def smooth(*shape):
    return RNG.standard_normal(shape)


# --- cases: (id, f(m, *xs), input arrays, cube the inputs first) -----------------------------------

REDUCTIONS = [
    ("nansum_dim", lambda m, x: m.nansum(x, 1), [smooth(3, 4)], True),
    ("nanmean_keepdim", lambda m, x: m.nanmean(x, (0, 2), keepdim=True), [smooth(2, 3, 4)], True),
    ("prod_dim", lambda m, x: m.prod(x, 1), [distinct(3, 4)], False),
    ("prod_neg_keepdim", lambda m, x: m.prod(x, -1, keepdim=True), [distinct(2, 3, 4)], False),
    ("prod_all", lambda m, x: m.prod(x), [distinct(2, 3)], False),
    ("prod_dim0_3d", lambda m, x: m.prod(x, 0), [distinct(3, 2, 2)], False),
    ("prod_single", lambda m, x: m.prod(x, 1), [distinct(3, 1)], False),
    ("amax_dim", lambda m, x: m.amax(x, 1), [distinct(3, 4)], True),
    ("amin_dims_keepdim", lambda m, x: m.amin(x, (0, 2), keepdim=True), [distinct(2, 3, 4)], True),
    ("amax_neg", lambda m, x: m.amax(x, -1), [distinct(2, 3, 4)], True),
    ("max_all", lambda m, x: m.max(x), [distinct(3, 4)], True),
    ("min_all", lambda m, x: m.min(x), [distinct(3, 4)], True),
    ("max_dim", lambda m, x: m.max(x, -1)[0], [distinct(3, 4)], True),
    ("min_dim_keepdim", lambda m, x: m.min(x, 0, keepdim=True)[0], [distinct(3, 4)], True),
    ("median_all", lambda m, x: m.median(x), [distinct(3, 5)], True),
    ("median_dim", lambda m, x: m.median(x, 1)[0], [distinct(3, 5)], True),
    ("var_dim", lambda m, x: m.var(x, 1), [smooth(3, 4)], True),
    ("var_dims_correction0", lambda m, x: m.var(x, (0, 2), correction=0), [smooth(2, 3, 4)], True),
    ("var_all", lambda m, x: m.var(x), [smooth(3, 4)], True),
    ("std_neg_keepdim", lambda m, x: m.std(x, -1, keepdim=True), [smooth(2, 3, 4)], True),
    ("std_all", lambda m, x: m.std(x), [smooth(3, 4)], True),
    ("logsumexp_dim", lambda m, x: m.logsumexp(x, 1), [smooth(3, 4)], True),
    ("logsumexp_dims_keepdim", lambda m, x: m.logsumexp(x, (0, 2), keepdim=True), [smooth(2, 3, 4)], True),
    ("norm_fro", lambda m, x: m.norm(x), [distinct(3, 4)], True),
    ("norm_2_dim", lambda m, x: m.norm(x, 2, dim=1), [distinct(3, 4)], True),
    ("norm_3_keepdim", lambda m, x: m.norm(x, 3, dim=-1, keepdim=True), [distinct(2, 3, 4)], True),
    ("norm_2_5", lambda m, x: m.norm(x, 2.5, dim=0), [distinct(3, 4)], True),
    ("norm_1", lambda m, x: m.norm(x, 1, dim=1), [distinct(3, 4)], True),
    ("norm_inf", lambda m, x: m.norm(x, float("inf"), dim=1), [distinct(3, 4)], True),
    ("norm_neg_inf", lambda m, x: m.norm(x, float("-inf")), [distinct(3, 4)], True),
    ("cumsum_dim0", lambda m, x: m.cumsum(x, 0), [smooth(3, 4)], True),
    ("cumsum_neg", lambda m, x: m.cumsum(x, -1), [smooth(2, 3, 4)], True),
    ("cumprod_dim1", lambda m, x: m.cumprod(x, 1), [distinct(3, 4)], False),
    ("cumprod_neg_3d", lambda m, x: m.cumprod(x, -2), [distinct(2, 3, 2)], False),
    ("softmax_dim1", lambda m, x: m.softmax(x, 1), [smooth(3, 4)], True),
    ("softmax_dim0_3d", lambda m, x: m.softmax(x, 0), [smooth(2, 3, 4)], True),
    ("log_softmax_neg", lambda m, x: m.log_softmax(x, -1), [smooth(2, 3, 4)], True),
    ("log_softmax_mid", lambda m, x: m.log_softmax(x, 1), [smooth(2, 3, 4)], True),
]

LINALG = [
    ("mm", lambda m, a, b: m.matmul(a, b), [smooth(3, 4), smooth(4, 5)]),
    ("vec_mat", lambda m, a, b: m.matmul(a, b), [smooth(4), smooth(4, 5)]),
    ("mat_vec", lambda m, a, b: m.matmul(a, b), [smooth(3, 4), smooth(4)]),
    ("vec_vec", lambda m, a, b: m.matmul(a, b), [smooth(4), smooth(4)]),
    ("batched_shared_b", lambda m, a, b: m.matmul(a, b), [smooth(2, 3, 4), smooth(4, 5)]),
    ("batched_shared_a", lambda m, a, b: m.matmul(a, b), [smooth(3, 4), smooth(2, 4, 5)]),
    ("broadcast_batch", lambda m, a, b: m.matmul(a, b), [smooth(2, 1, 3, 4), smooth(3, 4, 2)]),
    ("batched_vec", lambda m, a, b: m.matmul(a, b), [smooth(2, 3, 4), smooth(4)]),
    ("vec_batched", lambda m, a, b: m.matmul(a, b), [smooth(4), smooth(2, 4, 3)]),
    ("transposed_operands", lambda m, a, b: m.matmul(a.mT, b.mT), [smooth(4, 3), smooth(5, 4)]),
    ("bmm", lambda m, a, b: m.bmm(a, b), [smooth(2, 3, 4), smooth(2, 4, 2)]),
    ("mm_fn", lambda m, a, b: m.mm(a, b), [smooth(3, 4), smooth(4, 2)]),
    ("mv", lambda m, a, b: m.mv(a, b), [smooth(3, 4), smooth(4)]),
    ("dot", lambda m, a, b: m.dot(a, b), [smooth(5), smooth(5)]),
    ("outer", lambda m, a, b: m.outer(a, b), [smooth(3), smooth(4)]),
    ("inner", lambda m, a, b: m.inner(a, b), [smooth(2, 4), smooth(3, 4)]),
    ("same_operand", lambda m, a, b: m.matmul(a, a) + b, [smooth(3, 3), smooth(3, 3)]),
]

SHAPES = [
    ("reshape", lambda m, x: m.reshape(x, (4, 3)) * m.reshape(x, (4, 3)).sum(0), [smooth(3, 4)]),
    ("reshape_strided", lambda m, x: m.reshape(x.mT, (-1,)).cumsum(0), [smooth(3, 4)]),
    ("flatten", lambda m, x: m.flatten(x, 1).cumsum(1), [smooth(2, 3, 2)]),
    ("cat", lambda m, a, b: m.cat([a, b, a], 1).cumsum(1), [smooth(2, 3), smooth(2, 2)]),
    ("cat_many", lambda m, a, b: m.cat([a, b, a, b, a], 0).cumsum(0), [smooth(2, 3), smooth(1, 3)]),
    ("stack", lambda m, a, b: m.stack([a, b], -1).cumsum(-1), [smooth(2, 3), smooth(2, 3)]),
    ("repeat", lambda m, x: x.repeat(2, 1, 3).cumsum(-1), [smooth(3, 2)]),
    ("repeat_3d", lambda m, x: x.repeat(2, 2, 1).cumsum(0), [smooth(2, 3, 2)]),
    ("flip", lambda m, x: m.flip(x, [0, 1]).cumsum(1), [smooth(3, 4)]),
    ("roll", lambda m, x: m.roll(x, (1, -2), (0, 1)).cumsum(1), [smooth(3, 4)]),
    ("roll_flat", lambda m, x: m.roll(x, 5).cumsum(0), [smooth(3, 4)]),
    ("tril", lambda m, x: m.tril(x, -1).cumsum(0), [smooth(2, 4, 4)]),
    ("triu", lambda m, x: m.triu(x, 1).cumsum(1), [smooth(4, 3)]),
]

ALL = [(c[0], c[1], c[2], c[3]) for c in REDUCTIONS]
ALL += [(c[0], c[1], c[2], True) for c in LINALG + SHAPES]


@pytest.mark.parametrize("name,f,arrays,pre", ALL, ids=[c[0] for c in ALL])
def test_gradgradcheck(name, f, arrays, pre):
    check_gradgrad(f, arrays, pre)


@pytest.mark.parametrize("name,f,arrays,pre", ALL, ids=[c[0] for c in ALL])
def test_third_order_matches_torch(name, f, arrays, pre):
    check_against_torch(f, arrays, pre)


# --- ties, zeros, NaN: PyTorch's conventions -------------------------------------------------------

TIES = np.array([[1.0, 3.0, 3.0, -2.0], [-4.0, 0.5, -4.0, -4.0], [2.0, 2.0, 2.0, 2.0]])


@pytest.mark.parametrize(
    "f",
    [
        lambda m, x: m.amax(x, 1),
        lambda m, x: m.amin(x, 1, keepdim=True),
        lambda m, x: m.amax(x, (0, 1)),
        lambda m, x: m.max(x),
        lambda m, x: m.min(x),
        lambda m, x: m.max(x, 1)[0],
        lambda m, x: m.min(x, -1)[0],
        lambda m, x: m.median(x),
        lambda m, x: m.median(x, 1)[0],
        lambda m, x: m.norm(x, float("inf"), dim=1),
    ],
    ids=[
        "amax",
        "amin_keepdim",
        "amax_all",
        "max",
        "min",
        "max_dim",
        "min_dim",
        "median",
        "median_dim",
        "norm_inf",
    ],
)
def test_ties_match_torch(f):
    check_against_torch(f, [TIES])


@pytest.mark.parametrize(
    "f,x",
    [
        (lambda m, x: m.prod(x, 1), np.array([[2.0, 0.0, 3.0], [0.0, 1.5, 0.0], [0.5, -2.0, 4.0]])),
        (lambda m, x: m.prod(x), np.array([[2.0, 0.0, 3.0], [1.5, -1.0, 0.7]])),
        (lambda m, x: m.prod(x, 0, keepdim=True), np.array([[0.0, 0.0], [2.0, 0.0], [3.0, 1.0]])),
        (
            lambda m, x: m.cumprod(x, 1),
            np.array([[2.0, 0.0, 3.0, 1.5], [0.0, 1.5, 0.0, 2.0], [0.5, -2.0, 4.0, 0.0]]),
        ),
        (lambda m, x: m.cumprod(x, 0), np.array([[2.0, 1.0], [0.0, 3.0], [1.5, 0.0], [0.7, -1.0]])),
    ],
    ids=["prod_dim", "prod_all", "prod_dim0", "cumprod_dim1", "cumprod_dim0"],
)
def test_zeros(f, x):
    check_against_torch(f, [x], pre=False)
    check_gradgrad(f, [x], pre=False)  # polynomials: smooth at 0


@pytest.mark.parametrize("p", [1.5, 0.5])
def test_norm_below_2_gradgradcheck(p):
    # Finite differences only: PyTorch's first norm backward with p < 2 costs seconds of set-up.
    check_gradgrad(lambda m, x: m.norm(x, p, dim=1), [distinct(3, 4)])


def test_nansum_nanmean_skip_nan():
    # Not cubed first: cube(NaN) * 0 is NaN, which PyTorch's rule (a product with the mask) then
    # spreads over the whole slice at second order, where tapegrad's (a where) keeps it in place.
    x = np.array([[1.0, np.nan, -2.0], [0.5, 3.0, np.nan]])
    check_against_torch(lambda m, t: m.nansum(t, 1), [x], pre=False)
    check_against_torch(lambda m, t: m.nanmean(t, 1), [x], pre=False)
    check_against_torch(lambda m, t: m.nanmean(t), [x], pre=False)


def test_std_and_norm_at_zero_have_zero_gradients():
    # Where std (norm) is 0 the first derivative is 0 as in PyTorch; the recorded rule divides by 1
    # in the branch it drops, so the second derivative is 0 too, not NaN.
    x = tg.tensor([[1.0, 1.0, 1.0], [0.0, 2.0, 1.0]], requires_grad=True)
    (g,) = tg.autograd.grad(tg.std(x, 1).sum(), [x], create_graph=True)
    np.testing.assert_allclose(np.array(g.detach().tolist())[0], [0.0, 0.0, 0.0])
    (h,) = tg.autograd.grad((g * g).sum(), [x])
    assert np.all(np.isfinite(np.array(h.tolist())))
    z = tg.zeros((2, 3), requires_grad=True)
    (g,) = tg.autograd.grad(tg.norm(z, 3, dim=1).sum(), [z], create_graph=True)
    np.testing.assert_allclose(np.array(g.detach().tolist()), 0.0)


def test_cast_between_float_dtypes_stays_differentiable():
    def f(m, x):
        return m.softmax(x.to(m.float32), 1).to(m.float64)

    check_against_torch(f, [smooth(3, 4)], rtol=1e-4, atol=1e-6)


def test_float32_softmax_and_matmul_second_order():
    a = smooth(3, 4)
    b = smooth(4, 2)
    results = []
    for m in (tg, torch):
        x = m.tensor(a.tolist(), dtype=m.float32, requires_grad=True)
        w = m.tensor(b.tolist(), dtype=m.float32, requires_grad=True)
        y = m.log_softmax(m.matmul(x, w), 1)
        (gx,) = m.autograd.grad((y * y).sum(), [x], create_graph=True)
        gx2 = m.autograd.grad((gx * gx).sum(), [x, w])
        results.append([np.array(t.tolist()) for t in (gx, *gx2)])
    for mine, theirs in zip(*results):
        np.testing.assert_allclose(mine, theirs, rtol=1e-4, atol=1e-5)


def test_matmul_operand_changed_in_place_raises():
    a = tg.tensor(smooth(3, 3).tolist(), requires_grad=True)
    b = tg.tensor(smooth(3, 4).tolist())
    y = tg.matmul(a * a, b)
    b.add_(1.0)
    with pytest.raises(RuntimeError, match="saved by MatMul for backward was modified in place"):
        tg.autograd.grad(y.sum(), [a], create_graph=True)
    # A strided operand is read from a copy: the recorded backward still sees the change.
    base = tg.tensor(smooth(3, 8).tolist())
    y = tg.matmul(a * a, base[:, ::2])
    base.add_(1.0)
    with pytest.raises(RuntimeError, match=r"an operand of MatMul .* was changed"):
        tg.autograd.grad(y.sum(), [a], create_graph=True)
