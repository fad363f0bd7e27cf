"""The autograd section of docs/errors.md, row by row: each bad input to ``tg.autograd.grad`` and
``backward`` raises the exception the doc names, with a message that contains what the doc says.
ROWS mirrors the section's table and a test checks that both list the same rows."""

import numpy as np
import pytest

import tapegrad as tg

from error_rows import check_section, run_row

SECTION = "## Autograd: grad, backward and higher-order gradients"


def leaf(*values):
    return tg.tensor(list(values), requires_grad=True)


def grad_twice_without_retain():
    x = leaf(1.0, 2.0)
    y = (x * x).sum()
    tg.autograd.grad(y, x)
    tg.autograd.grad(y, x)


def view_with_views():
    v = leaf(1.0, 2.0, 3.0, 4.0).view(2, 2)
    tg.autograd.grad(v[0].sum(), v)


ROWS = [
    (
        "tg.autograd.grad",
        "output that does not require a gradient",
        RuntimeError,
        ["element 0 of tensors does not require grad"],
        lambda: tg.autograd.grad(tg.ones(2).sum(), leaf(1.0)),
    ),
    (
        "tg.autograd.grad",
        "input that does not require a gradient",
        RuntimeError,
        ["input 0 does not require grad", "requires_grad=True"],
        lambda: tg.autograd.grad((leaf(1.0) * 2.0).sum(), tg.ones(1)),
    ),
    (
        "tg.autograd.grad",
        "input the outputs do not depend on",
        RuntimeError,
        ["appears to not have been used in the graph", "allow_unused=True"],
        lambda: tg.autograd.grad((leaf(1.0) * 2.0).sum(), leaf(3.0)),
    ),
    (
        "tg.autograd.grad",
        "output of several elements without grad_outputs",
        RuntimeError,
        ["one-element outputs", "(2,)"],
        lambda: tg.autograd.grad(leaf(1.0, 2.0) * 2.0, leaf(1.0)),
    ),
    (
        "tg.autograd.grad",
        "grad_outputs of another length than outputs",
        ValueError,
        ["grad_outputs has 2 entries", "1 outputs"],
        lambda: tg.autograd.grad(leaf(1.0) * 2.0, leaf(1.0), grad_outputs=[tg.ones(1), tg.ones(1)]),
    ),
    (
        "tg.autograd.grad",
        "grad_outputs of the wrong shape",
        ValueError,
        ["(3,)", "(2,)"],
        lambda: tg.autograd.grad(leaf(1.0, 2.0) * 2.0, leaf(1.0), grad_outputs=tg.ones(3)),
    ),
    (
        "tg.autograd.grad",
        "inputs that are not tensors",
        TypeError,
        ["inputs must be a Tensor or a sequence of Tensors", "float"],
        lambda: tg.autograd.grad((leaf(1.0) * 2.0).sum(), 3.0),
    ),
    (
        "tg.autograd.grad",
        "no inputs",
        ValueError,
        ["at least one input"],
        lambda: tg.autograd.grad((leaf(1.0) * 2.0).sum(), []),
    ),
    (
        "tg.autograd.grad",
        "is_grads_batched=True",
        NotImplementedError,
        ["vmap"],
        lambda: tg.autograd.grad(leaf(1.0) * 2.0, leaf(1.0), tg.ones(1), is_grads_batched=True),
    ),
    (
        "tg.autograd.grad",
        "a second call after the graph was freed",
        RuntimeError,
        ["second time", "retain_graph=True"],
        grad_twice_without_retain,
    ),
    (
        "tg.autograd.grad / tg.autograd.backward",
        "input that is a view made by an op, of which views were taken",
        ValueError,
        ["input 0 (shape (2, 2)) is a view of another tensor of which views were taken", "clone()"],
        view_with_views,
    ),
    (
        "Tensor.backward / tg.autograd.backward",
        "empty inputs",
        ValueError,
        ["'inputs' argument to backward() cannot be empty"],
        lambda: (leaf(1.0) * 2.0).sum().backward(inputs=[]),
    ),
    (
        "tg.autograd.backward",
        "grad_variables (removed from PyTorch)",
        TypeError,
        ["grad_variables", "grad_tensors"],
        lambda: tg.autograd.backward((leaf(1.0) * 2.0).sum(), grad_variables=[tg.ones(1)]),
    ),
]


@pytest.mark.parametrize("entry, bad_input, exc, needles, call", ROWS, ids=[f"{r[0]}: {r[1]}" for r in ROWS])
def test_row(entry, bad_input, exc, needles, call):
    run_row(exc, needles, call)


def test_doc_section_and_rows_agree():
    check_section(SECTION, ROWS)


def test_failed_calls_change_no_grad():
    x = leaf(1.0, 2.0)
    x.grad = tg.tensor([0.5, 0.5])
    y = (x * x).sum()
    for call in (
        lambda: tg.autograd.grad(y, [x, leaf(0.0)], retain_graph=True),
        lambda: y.backward(gradient=tg.ones(3), retain_graph=True),
        lambda: tg.autograd.backward([y, x * 2.0], retain_graph=True),
    ):
        with pytest.raises((ValueError, RuntimeError)):
            call()
    np.testing.assert_array_equal(x.grad.numpy(), [0.5, 0.5])
