"""``tapegrad.autograd``: gradients on demand, as ``torch.autograd``.

``grad(outputs, inputs)`` returns d(outputs)/d(inputs) without touching any ``.grad``;
``backward(tensors)`` accumulates into the leaves' ``.grad`` like ``Tensor.backward``. With
``create_graph=True`` the backward pass is itself recorded on the tape, so its results can be
differentiated again: Hessian-vector products, gradient penalties, losses that contain derivatives.
"""

from collections.abc import Sequence

from .. import _core
from .._core import Tensor
from ..grad_mode import detect_anomaly, enable_grad, no_grad, set_grad_enabled
from .function import Function, FunctionCtx, once_differentiable

__all__ = [
    "Function",
    "FunctionCtx",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "no_grad",
    "once_differentiable",
    "set_grad_enabled",
]


def _tensor_list(value, what, allow_none=False):
    """A tensor, or a sequence of tensors (and None where allowed), as a list."""
    if isinstance(value, Tensor):
        return [value]
    if value is None and allow_none:
        return None
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return list(value)
    raise TypeError(f"{what} must be a Tensor or a sequence of Tensors, not {type(value).__name__}")


def _seed_list(grads, count, what):
    """grad_outputs / grad_tensors as a list of count entries (None for ones)."""
    if grads is None:
        return [None] * count
    seeds = _tensor_list(grads, what)
    if len(seeds) != count:
        raise ValueError(f"{what} has {len(seeds)} entries but there are {count} outputs")
    return seeds


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    only_inputs=True,
    allow_unused=None,
    is_grads_batched=False,
    materialize_grads=False,
):
    """The gradients of ``outputs`` with respect to ``inputs``, as ``torch.autograd.grad``.

    Nothing is accumulated into any ``.grad``: the gradients are returned, one per input. Only
    the part of the graph between the outputs and the inputs runs.

    Args:
        outputs: A tensor or a sequence of tensors to differentiate.
        inputs: A tensor or a sequence of tensors (leaves or not) to differentiate with respect to;
            each must require a gradient.
        grad_outputs: The vector in the vector-Jacobian product, one per output (None, or a None
            entry, for a one-element output: ones).
        retain_graph: Keep the graph's saved tensors for another backward; defaults to
            ``create_graph``.
        create_graph: Record the backward pass, so that the returned gradients have a
            ``grad_fn`` and can be differentiated again.
        only_inputs: Ignored, as in PyTorch (where it is deprecated).
        allow_unused: Return None for an input the outputs do not depend on instead of raising;
            defaults to ``materialize_grads``.
        is_grads_batched: Not supported (it needs ``vmap``); must be False.
        materialize_grads: Return zeros instead of None for unused inputs.

    Returns:
        A tuple with one gradient (or None) per input.

    Raises:
        RuntimeError: An output or input does not require a gradient; an input is unused and
            ``allow_unused`` is False; the graph was freed by an earlier backward; a saved tensor
            was changed in place; an op on the way cannot be differentiated twice.
        ValueError: ``grad_outputs`` has the wrong length or a wrong shape, or
            ``materialize_grads`` is set with ``allow_unused=False``.
        NotImplementedError: ``is_grads_batched=True``.
    """
    del only_inputs  # deprecated in PyTorch, without effect
    if is_grads_batched:
        raise NotImplementedError(
            "grad(is_grads_batched=True) needs vmap, which tapegrad does not have; loop over the "
            "grad_outputs (or use tapegrad.func.jacrev) instead"
        )
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    if allow_unused is None:
        allow_unused = materialize_grads
    outs = _tensor_list(outputs, "outputs")
    ins = _tensor_list(inputs, "inputs")
    seeds = _seed_list(grad_outputs, len(outs), "grad_outputs")
    grads = _core._autograd_grad(outs, ins, seeds, retain_graph, bool(create_graph), bool(allow_unused))
    if materialize_grads:
        from .._factories import zeros_like

        grads = tuple(g if g is not None else zeros_like(x) for g, x in zip(grads, ins))
    return grads


def backward(
    tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None
):
    """Accumulates the gradients of ``tensors`` into the leaves' ``.grad``, as ``torch.autograd.backward``.

    Args:
        tensors: A tensor or a sequence of tensors whose gradients are computed.
        grad_tensors: One gradient per tensor (None, or a None entry, for a one-element tensor:
            ones).
        retain_graph: Keep the graph's saved tensors for another backward; defaults to
            ``create_graph``.
        create_graph: Record the backward pass, so that the ``.grad`` values can be
            differentiated again (this makes a reference cycle between a leaf and its ``.grad``:
            set ``.grad = None`` after use, or use ``grad()``).
        grad_variables: Must be None (PyTorch removed it).
        inputs: A tensor or a sequence of tensors: only these receive gradients.

    Returns:
        None.

    Raises:
        RuntimeError: As for ``grad()``.
        ValueError: ``grad_tensors`` has the wrong length or a wrong shape, or ``inputs`` is empty.
        TypeError: ``grad_variables`` is passed.
    """
    if grad_variables is not None:
        raise TypeError("backward() got an unexpected keyword argument 'grad_variables'; use grad_tensors")
    outs = _tensor_list(tensors, "tensors")
    seeds = _seed_list(grad_tensors, len(outs), "grad_tensors")
    ins = [] if inputs is None else _tensor_list(inputs, "inputs")
    if inputs is not None and not ins:
        raise ValueError("'inputs' argument to backward() cannot be empty.")
    if create_graph:
        import warnings

        warnings.warn(
            "Using backward() with create_graph=True will create a reference cycle between the parameter "
            "and its gradient which can cause a memory leak. We recommend using autograd.grad when creating "
            "the graph to avoid this. If you have to use this function, make sure to reset the .grad fields "
            "of your parameters to None after use to break the cycle and avoid the leak.",
            UserWarning,
            stacklevel=2,
        )
    _core._autograd_backward(outs, seeds, retain_graph, bool(create_graph), ins)


def _as_input_tuple(inputs):
    return tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)


def _unsupported_checks(options):
    for name, value, default in options:
        if value != default:
            raise NotImplementedError(
                f"{name}={value!r} is not supported by tapegrad's gradcheck (it needs forward-mode AD, "
                "vmap or masked tensors); leave it at its default"
            )


def _per_output(check, func, inputs, raise_exception, **options):
    """``check`` (tapegrad.gradcheck's) on each output of ``func`` (one Tensor or a sequence)."""
    from ..gradcheck import GradcheckError

    try:
        out = func(*inputs)
        if isinstance(out, Tensor):
            return check(func, *inputs, **options)
        for k in range(len(out)):
            check(lambda *args, k=k: func(*args)[k], *inputs, **options)
        return True
    except GradcheckError:
        if raise_exception:
            raise
        return False


def gradcheck(
    func,
    inputs,
    *,
    eps=1e-06,
    atol=1e-05,
    rtol=0.001,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_batched_forward_grad=False,
    check_forward_ad=False,
    check_backward_ad=True,
    fast_mode=False,
    masked=None,
):
    """Checks backprop's gradients of ``func`` against finite differences, as ``torch.autograd.gradcheck``.

    A thin wrapper over ``tapegrad.gradcheck.gradcheck`` (which checks a weighted sum of the
    outputs' elements, with fixed random weights): each output of ``func`` is checked in turn.
    An element passes when ``|backprop - numeric| <= atol + rtol * |numeric|``.

    Args:
        func: A function of the inputs returning a Tensor or a tuple of Tensors.
        inputs: A Tensor or a tuple of Tensors (those with ``requires_grad`` are checked; they
            must be float64) and other arguments.
        eps: The finite-difference step.
        atol: The absolute tolerance.
        rtol: The relative tolerance.
        raise_exception: Raise GradcheckError on a mismatch (else return False).
        nondet_tol: Accepted; tapegrad's backward is deterministic, so it has no effect.
        check_undefined_grad: Accepted; tapegrad has no undefined gradients to check.
        check_grad_dtypes: Must be False (not supported).
        check_batched_grad: Must be False (needs vmap).
        check_batched_forward_grad: Must be False (needs vmap).
        check_forward_ad: Must be False (tapegrad has no forward mode).
        check_backward_ad: Must be True: backprop is what is checked.
        fast_mode: Accepted; the full (slow-mode) check always runs, which is stricter.
        masked: Must be None or False (no masked tensors).

    Returns:
        True, or False on a mismatch when ``raise_exception`` is False.

    Raises:
        GradcheckError: Backprop and finite differences disagree (``raise_exception``).
        ValueError: No input requires a gradient.
        TypeError: An input that requires a gradient is not float64.
        NotImplementedError: A check tapegrad cannot do is asked for.
    """
    del nondet_tol, check_undefined_grad, fast_mode
    _unsupported_checks(
        [
            ("check_grad_dtypes", check_grad_dtypes, False),
            ("check_batched_grad", check_batched_grad, False),
            ("check_batched_forward_grad", check_batched_forward_grad, False),
            ("check_forward_ad", check_forward_ad, False),
            ("check_backward_ad", check_backward_ad, True),
            ("masked", bool(masked), False),
        ]
    )
    from ..gradcheck import gradcheck as base

    return _per_output(base, func, _as_input_tuple(inputs), raise_exception, atol=atol, rtol=rtol, h=eps)


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps=1e-06,
    atol=1e-05,
    rtol=0.001,
    gen_non_contig_grad_outputs=False,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_fwd_over_rev=False,
    check_rev_over_rev=True,
    fast_mode=False,
    masked=False,
):
    """Checks second derivatives of ``func`` against finite differences, as ``torch.autograd.gradgradcheck``.

    A thin wrapper over ``tapegrad.gradcheck.gradgradcheck``: backprop through the recorded
    backward (``create_graph=True``) against finite differences of the gradient, projected on
    fixed random directions. With ``grad_outputs``, the gradient checked is that of
    ``sum(output * grad_output)`` (the ``grad_outputs`` are constants here: PyTorch also checks
    the derivatives with respect to them, which are linear); without, each output is checked
    in turn through fixed random weights.

    Args:
        func: A function of the inputs returning a Tensor or a tuple of Tensors.
        inputs: A Tensor or a tuple of Tensors (those with ``requires_grad`` are checked; they
            must be float64) and other arguments.
        grad_outputs: None, or one Tensor per output (shaped like it): the vector the gradient
            is taken with.
        eps: The finite-difference step.
        atol: The absolute tolerance.
        rtol: The relative tolerance.
        gen_non_contig_grad_outputs: Accepted; gradients are contiguous in tapegrad.
        raise_exception: Raise GradcheckError on a mismatch (else return False).
        nondet_tol: Accepted; tapegrad's backward is deterministic, so it has no effect.
        check_undefined_grad: Accepted; tapegrad has no undefined gradients to check.
        check_grad_dtypes: Must be False (not supported).
        check_batched_grad: Must be False (needs vmap).
        check_fwd_over_rev: Must be False (tapegrad has no forward mode).
        check_rev_over_rev: Must be True: reverse over reverse is what is checked.
        fast_mode: Accepted; the full check always runs.
        masked: Must be False (no masked tensors).

    Returns:
        True, or False on a mismatch when ``raise_exception`` is False.

    Raises:
        GradcheckError: The second derivatives disagree (``raise_exception``).
        ValueError: No input requires a gradient.
        TypeError: An input that requires a gradient is not float64.
        NotImplementedError: A check tapegrad cannot do is asked for.
    """
    del gen_non_contig_grad_outputs, nondet_tol, check_undefined_grad, fast_mode
    _unsupported_checks(
        [
            ("check_grad_dtypes", check_grad_dtypes, False),
            ("check_batched_grad", check_batched_grad, False),
            ("check_fwd_over_rev", check_fwd_over_rev, False),
            ("check_rev_over_rev", check_rev_over_rev, True),
            ("masked", bool(masked), False),
        ]
    )
    from ..gradcheck import gradgradcheck as base

    inputs = _as_input_tuple(inputs)
    if grad_outputs is not None:
        seeds = _as_input_tuple(grad_outputs)
        wrapped = func

        def projected(*args):
            outs = _as_input_tuple(wrapped(*args))
            if len(outs) != len(seeds):
                raise ValueError(f"grad_outputs has {len(seeds)} entries but func has {len(outs)} outputs")
            total = None
            for out, seed in zip(outs, seeds):
                term = (out * seed.detach()).sum()
                total = term if total is None else total + term
            return total

        func = projected
    return _per_output(base, func, inputs, raise_exception, atol=atol, rtol=rtol, h=eps)


from . import functional  # noqa: E402  (uses grad, defined above)
