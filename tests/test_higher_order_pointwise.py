"""Second derivatives of the elementwise ops whose derivative rules are written with ops (the
rule nodes of pointwise_unary.cpp and pointwise_binary.cpp, and + - * / with broadcasting):
gradgradcheck against finite differences in float64, and the Hessian-vector products against
torch.autograd.grad(create_graph=True) on the same values, to the third order."""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.gradcheck import gradgradcheck

from torch_oracle import torch

pytestmark = pytest.mark.usefixtures("torch_default_float64")

RNG = np.random.default_rng(7)
# Away from every op's kinks and edges: |x| in [0.2, 0.8], and positive for the logarithms.
SIGNED = RNG.uniform(0.2, 0.8, (2, 3)) * RNG.choice([-1.0, 1.0], (2, 3))
POSITIVE = RNG.uniform(0.2, 0.8, (2, 3))
ABOVE_ONE = RNG.uniform(1.2, 2.0, (2, 3))
OTHER = RNG.uniform(0.3, 0.9, (3,)) * RNG.choice([-1.0, 1.0], (3,))  # broadcasts against (2, 3)

UNARY = {
    "sqrt": (POSITIVE, None),
    "rsqrt": (POSITIVE, None),
    "sin": (SIGNED, None),
    "cos": (SIGNED, None),
    "tan": (SIGNED, None),
    "asin": (SIGNED, None),
    "acos": (SIGNED, None),
    "atan": (SIGNED, None),
    "sinh": (SIGNED, None),
    "cosh": (SIGNED, None),
    "asinh": (SIGNED, None),
    "acosh": (ABOVE_ONE, None),
    "atanh": (SIGNED, None),
    "log2": (POSITIVE, None),
    "log10": (POSITIVE, None),
    "log1p": (POSITIVE, None),
    "expm1": (SIGNED, None),
    "exp2": (SIGNED, None),
    "reciprocal": (SIGNED, None),
    "erf": (SIGNED, None),
    "erfc": (SIGNED, None),
    "abs": (SIGNED, None),
    "square": (SIGNED, None),
    "nan_to_num": (SIGNED, None),
}

BINARY = {
    "add": lambda lib, a, b: a + b,
    "sub": lambda lib, a, b: a - b * 2.0,
    "mul": lambda lib, a, b: a * b,
    "div": lambda lib, a, b: a / b,
    "affine": lambda lib, a, b: (3.0 * a - 1.5) * (b / 4.0 + 2.0),
    "maximum": lambda lib, a, b: lib.maximum(a, b),
    "minimum": lambda lib, a, b: lib.minimum(a, b),
    "fmax": lambda lib, a, b: lib.fmax(a, b),
    "fmin": lambda lib, a, b: lib.fmin(a, b),
    "atan2": lambda lib, a, b: lib.atan2(a, b),
    "hypot": lambda lib, a, b: lib.hypot(a, b),
    "lerp_scalar": lambda lib, a, b: lib.lerp(a, b, 0.3),
    "lerp_tensor": lambda lib, a, b: lib.lerp(a, b, a * b),
    "clamp": lambda lib, a, b: lib.clamp(a, -0.5, 0.5),
    "clamp_tensor": lambda lib, a, b: lib.clamp(a, min=b - 0.05),
    "where": lambda lib, a, b: lib.where(a > 0, a * b, b * b),
    "remainder": lambda lib, a, b: lib.remainder(a * 3.0, b),
    "fmod": lambda lib, a, b: lib.fmod(a * 3.0, b),
}


def cubed(f):
    """f followed by a cube, so that every first-order rule has a nonzero second derivative to
    carry: (f(x))^3 differentiated twice uses f's rule and its derivative."""
    return lambda *xs: f(*xs) * f(*xs) * f(*xs)


def hessian_products(lib, f, values, seed):
    """Up to three orders of derivatives of sum(f(*xs)) projected on random directions."""
    rng = np.random.default_rng(seed)
    xs = [lib.tensor(v, requires_grad=True) for v in values]
    dirs = [[lib.tensor(rng.standard_normal(np.shape(v))) for v in values] for _ in range(2)]
    out = []
    g = lib.autograd.grad(f(*xs).sum(), xs, create_graph=True, allow_unused=True)
    out.append(g)
    for d in dirs:
        s = sum((gi * di).sum() for gi, di in zip(g, d) if gi is not None and gi.requires_grad)
        if not isinstance(s, (tg.Tensor, torch.Tensor)):
            break
        g = lib.autograd.grad(s, xs, create_graph=True, allow_unused=True)
        out.append(g)
    return [[None if gi is None else gi.detach().numpy() for gi in level] for level in out]


def assert_same_derivatives(mine, theirs):
    assert len(mine) == len(theirs)
    for level_mine, level_theirs in zip(mine, theirs):
        for a, b in zip(level_mine, level_theirs):
            if b is None or not np.any(b):
                assert a is None or not np.any(a)
            else:
                np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_second_derivatives_by_finite_differences(name):
    values, _ = UNARY[name]
    f = cubed(getattr(tg, name))
    assert gradgradcheck(f, tg.tensor(values, requires_grad=True))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_derivatives_to_the_third_order_equal_torch(name):
    values, _ = UNARY[name]
    mine = hessian_products(tg, cubed(getattr(tg, name)), [values], seed=1)
    theirs = hessian_products(torch, cubed(getattr(torch, name)), [values], seed=1)
    assert_same_derivatives(mine, theirs)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_second_derivatives_by_finite_differences(name):
    f = BINARY[name]
    assert gradgradcheck(
        cubed(lambda a, b: f(tg, a, b)),
        tg.tensor(SIGNED, requires_grad=True),
        tg.tensor(OTHER, requires_grad=True),
    )


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_derivatives_to_the_third_order_equal_torch(name):
    f = BINARY[name]
    mine = hessian_products(tg, cubed(lambda a, b: f(tg, a, b)), [SIGNED, OTHER], seed=2)
    theirs = hessian_products(torch, cubed(lambda a, b: f(torch, a, b)), [SIGNED, OTHER], seed=2)
    assert_same_derivatives(mine, theirs)


def test_float32_keeps_its_dtype_through_a_recorded_backward():
    x = tg.tensor([0.3, -0.6], dtype=tg.float32, requires_grad=True)
    (g,) = tg.autograd.grad((tg.sin(x) * x).sum(), x, create_graph=True)
    (h,) = tg.autograd.grad(g.sum(), x)
    assert g.dtype == tg.float32 and h.dtype == tg.float32
    xt = torch.tensor([0.3, -0.6], dtype=torch.float32, requires_grad=True)
    (gt,) = torch.autograd.grad((torch.sin(xt) * xt).sum(), xt, create_graph=True)
    (ht,) = torch.autograd.grad(gt.sum(), xt)
    np.testing.assert_allclose(h.numpy(), ht.numpy(), rtol=1e-6)
