"""tapegrad.autograd.functional, gradcheck and gradgradcheck against torch.autograd's, float64.

The functions are made of ops already differentiable to any order in tapegrad, written once for
both libraries (``m`` is ``tapegrad`` or ``torch``); powers are products (``Pow``'s backward cannot
be recorded yet).
"""

import numpy as np
import pytest

import tapegrad as tg
from tapegrad.gradcheck import GradcheckError

from torch_oracle import torch

F = tg.autograd.functional
RTOL = 1e-10
# torch.func.jvp / jacfwd warn about torch.jit.script inside PyTorch itself.
pytestmark = pytest.mark.filterwarnings("ignore:.*torch.jit.script.*:DeprecationWarning")
X = [0.3, -1.2, 2.0]
Y = [[1.1, 0.5], [-0.7, 0.2]]


def tg_t(values, requires_grad=False):
    return tg.tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


def th_t(values, requires_grad=False):
    return torch.tensor(np.asarray(values, dtype=np.float64), requires_grad=requires_grad)


def assert_same(ours, theirs):
    if isinstance(theirs, tuple):
        assert isinstance(ours, tuple) and len(ours) == len(theirs)
        for a, b in zip(ours, theirs):
            assert_same(a, b)
    else:
        assert isinstance(ours, tg.Tensor)
        assert tuple(ours.shape) == tuple(theirs.shape)
        np.testing.assert_allclose(ours.detach().numpy(), theirs.detach().numpy(), rtol=RTOL, atol=1e-12)


def one_in_one_out(x, m):
    return m.sin(x) * x * x / (1 + x * x)


def two_in_two_out(x, y, m):
    return (m.cos(x) * y.sum(), (y * y).sum(0) / 3 + x[:2] * x[:2] * x[:2])


def scalar(x, y, m):
    return (x * x * x).sum() * (y * y).mean() + m.sqrt(m.abs(x) + 1).sum()


def both(name, fn, args, **kw):
    ours = getattr(F, name)(
        lambda *a: fn(*a, tg), tuple(tg_t(a) for a in args) if isinstance(args, tuple) else tg_t(args), **kw
    )
    theirs = getattr(torch.autograd.functional, name)(
        lambda *a: fn(*a, torch),
        tuple(th_t(a) for a in args) if isinstance(args, tuple) else th_t(args),
        **kw,
    )
    return ours, theirs


def test_vjp_tensor_and_tuple():
    ours = F.vjp(lambda x: one_in_one_out(x, tg), tg_t(X), tg_t([1.0, 2.0, -1.0]))
    theirs = torch.autograd.functional.vjp(
        lambda x: one_in_one_out(x, torch), th_t(X), th_t([1.0, 2.0, -1.0])
    )
    assert_same(ours, theirs)
    v = ([1.0, 0.5, -2.0], [0.3, -0.4])
    ours = F.vjp(lambda x, y: two_in_two_out(x, y, tg), (tg_t(X), tg_t(Y)), tuple(map(tg_t, v)))
    theirs = torch.autograd.functional.vjp(
        lambda x, y: two_in_two_out(x, y, torch), (th_t(X), th_t(Y)), tuple(map(th_t, v))
    )
    assert_same(ours, theirs)
    assert not ours[0][0].requires_grad and not ours[1][0].requires_grad


def test_jvp_tensor_and_tuple():
    assert_same(
        F.jvp(lambda x: one_in_one_out(x, tg), tg_t(X), tg_t([1.0, 2.0, -1.0])),
        torch.autograd.functional.jvp(lambda x: one_in_one_out(x, torch), th_t(X), th_t([1.0, 2.0, -1.0])),
    )
    v = (X[::-1], [[0.5, 0.5], [1.0, -2.0]])
    ours = F.jvp(lambda x, y: two_in_two_out(x, y, tg), (tg_t(X), tg_t(Y)), tuple(map(tg_t, v)))
    theirs = torch.autograd.functional.jvp(
        lambda x, y: two_in_two_out(x, y, torch), (th_t(X), th_t(Y)), tuple(map(th_t, v))
    )
    assert_same(ours, theirs)


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (one_in_one_out, X),
        (lambda x, m: (m.sin(x), x.sum()), X),
        (lambda x, y, m: x * y.sum(), (X, Y)),
        (two_in_two_out, (X, Y)),
    ],
)
def test_jacobian_structures(fn, args):
    assert_same(*both("jacobian", fn, args))
    assert_same(*both("jacobian", fn, args, vectorize=True))


def test_hessian_hvp_vhp():
    assert_same(*both("hessian", lambda x, m: (m.sin(x) * x * x * x).sum(), X))
    assert_same(*both("hessian", scalar, (X, Y)))
    v = (X[::-1], [[0.5, 0.5], [1.0, -2.0]])
    for name in ("hvp", "vhp"):
        ours = getattr(F, name)(lambda x, y: scalar(x, y, tg), (tg_t(X), tg_t(Y)), tuple(map(tg_t, v)))
        theirs = getattr(torch.autograd.functional, name)(
            lambda x, y: scalar(x, y, torch), (th_t(X), th_t(Y)), tuple(map(th_t, v))
        )
        assert_same(ours, theirs)


def test_create_graph_results_can_be_differentiated():
    x_ours, x_theirs = tg_t(X, requires_grad=True), th_t(X, requires_grad=True)
    h_ours = F.hessian(lambda x: (x * x * x * x).sum() * x.sum(), x_ours, create_graph=True)
    h_theirs = torch.autograd.functional.hessian(
        lambda x: (x * x * x * x).sum() * x.sum(), x_theirs, create_graph=True
    )
    assert h_ours.requires_grad
    assert_same(
        tg.autograd.grad((h_ours * h_ours).sum(), x_ours),
        torch.autograd.grad((h_theirs * h_theirs).sum(), x_theirs),
    )
    _, vjp_ours = F.vjp(lambda x: x * x * x, x_ours, tg_t([1.0, 1.0, 1.0]), create_graph=True)
    _, vjp_theirs = torch.autograd.functional.vjp(
        lambda x: x * x * x, x_theirs, th_t([1.0, 1.0, 1.0]), create_graph=True
    )
    assert_same(tg.autograd.grad(vjp_ours.sum(), x_ours), torch.autograd.grad(vjp_theirs.sum(), x_theirs))


def test_unused_inputs_zeros_and_strict_errors():
    assert_same(
        F.vjp(lambda x, y: x * 2, (tg_t(X), tg_t(X)), tg_t([1.0, 1.0, 1.0])),
        torch.autograd.functional.vjp(lambda x, y: x * 2, (th_t(X), th_t(X)), th_t([1.0, 1.0, 1.0])),
    )
    assert_same(*both("jacobian", lambda x, y, m: x * 2, (X, Y)))
    for lib in (F, torch.autograd.functional):
        t = tg_t if lib is F else th_t
        with pytest.raises(
            RuntimeError, match=r"independent of input 1\. This is not allowed in strict mode"
        ):
            lib.vjp(lambda x, y: x * 2, (t(X), t(X)), t([1.0, 1.0, 1.0]), strict=True)
        with pytest.raises(
            RuntimeError, match="Output 0 of the user-provided function is independent of input 1"
        ):
            lib.jacobian(lambda x, y: x * 2, (t(X), t(X)), strict=True)
        with pytest.raises(RuntimeError, match="does not require gradients"):
            lib.jacobian(lambda x, t=t: t([1.0]), t(X), strict=True)


def test_v_errors():
    for lib in (F, torch.autograd.functional):
        t = tg_t if lib is F else th_t
        with pytest.raises(RuntimeError, match="v can only be None"):
            lib.vjp(lambda x: x * 2, t(X))
        with pytest.raises(RuntimeError, match="v can only be None"):
            lib.jvp(lambda x: x * 2, t(X))
        with pytest.raises(RuntimeError, match="v has invalid size"):
            lib.vjp(lambda x: x * 2, t(X), t([1.0]))
        with pytest.raises(RuntimeError, match="v is a tuple of invalid length"):
            lib.jvp(lambda x, y: x * y, (t(X), t(X)), (t(X),))
        with pytest.raises(RuntimeError, match="should return a single Tensor"):
            lib.hessian(lambda x: (x.sum(), x.sum()), t(X))
        with pytest.raises(RuntimeError, match="should contain a single element"):
            lib.hvp(lambda x: x, t(X), t(X))
        with pytest.raises(TypeError, match="must be either a Tensor or a tuple of Tensors"):
            lib.jacobian(lambda x: x, [t(X)])
    # a scalar output needs no v
    assert_same(
        F.vjp(lambda x: (x * x).sum(), tg_t(X)),
        torch.autograd.functional.vjp(lambda x: (x * x).sum(), th_t(X)),
    )


def test_forward_mode_strategy_is_refused():
    with pytest.raises(NotImplementedError, match="forward-mode"):
        F.jacobian(lambda x: x, tg_t(X), strategy="forward-mode", vectorize=True)
    with pytest.raises(NotImplementedError, match="forward-mode"):
        F.hessian(lambda x: x.sum(), tg_t(X), outer_jacobian_strategy="forward-mode", vectorize=True)
    with pytest.raises(ValueError, match="reverse-mode"):
        F.jacobian(lambda x: x, tg_t(X), strategy="sideways")


# --- gradcheck and gradgradcheck ----------------------------------------------------------------


def test_gradcheck_and_gradgradcheck_wrappers():
    x, y = tg_t(X, requires_grad=True), tg_t(Y, requires_grad=True)
    assert tg.autograd.gradcheck(lambda x: tg.sin(x) * x, x)
    assert tg.autograd.gradcheck(lambda x, y: (x * y.sum(), (y * y).sum(0)), (x, y), eps=1e-6, atol=1e-5)
    assert tg.autograd.gradgradcheck(lambda x: tg.sin(x) * x * x, (x,))
    assert tg.autograd.gradgradcheck(lambda x, y: (x * y.sum(), y * y * y), (x, y))
    assert tg.autograd.gradgradcheck(lambda x: x * x * x, x, grad_outputs=tg_t([1.0, -2.0, 0.5]))

    def wrong(x):  # a backward that disagrees with the forward
        return x.detach() * 2 + x

    assert tg.autograd.gradcheck(wrong, x, raise_exception=False) is False
    with pytest.raises(GradcheckError):
        tg.autograd.gradcheck(wrong, x)
    assert (
        tg.autograd.gradgradcheck(lambda x: (x * x).detach() * x + x * x * x, x, raise_exception=False)
        is False
    )
    with pytest.raises(NotImplementedError, match="check_forward_ad"):
        tg.autograd.gradcheck(lambda x: x, x, check_forward_ad=True)
    with pytest.raises(NotImplementedError, match="check_batched_grad"):
        tg.autograd.gradgradcheck(lambda x: x, x, check_batched_grad=True)
    # torch agrees on these functions
    assert torch.autograd.gradgradcheck(lambda x: torch.sin(x) * x * x, (th_t(X, requires_grad=True),))
