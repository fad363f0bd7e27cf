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
    "grad",
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
