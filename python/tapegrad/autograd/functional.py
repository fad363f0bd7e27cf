"""``tapegrad.autograd.functional``: Jacobians, Hessians and their products, as ``torch.autograd.functional``.

Each function takes a Python function ``func`` and its ``inputs`` (a Tensor or a tuple of
Tensors) and returns derivatives of ``func`` at ``inputs``, with the structure PyTorch returns: a
Tensor input gives Tensor results, a tuple input gives tuple results, and a Jacobian block of
output ``i`` with respect to input ``j`` has shape ``outputs[i].shape + inputs[j].shape``.

Everything is reverse mode: ``jvp`` and ``hvp`` use the double-backward trick (a vector-Jacobian
product with a dummy vector ``u``, differentiated with respect to ``u``), as PyTorch's own
``jvp`` and ``hvp`` do, so they cost two reverse passes and need every op on the way to be
differentiable twice. ``jacobian`` runs one reverse pass per output element (``vectorize=True`` is
accepted and runs the same loop: tapegrad has no ``vmap``). Unless ``create_graph=True``, the
results are detached from the graph; with it they can be differentiated again.
"""

from .._core import Tensor
from ..grad_mode import enable_grad, is_grad_enabled, no_grad

__all__ = ["hessian", "hvp", "jacobian", "jvp", "vhp", "vjp"]


# --- helpers shared with tapegrad.func ----------------------------------------------------------


def _autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False, retain_graph=None):
    """``autograd.grad`` over the outputs that require a gradient (None for unused inputs)."""
    from . import grad

    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o is not None and o.requires_grad]
    if not pairs or not inputs:
        return (None,) * len(inputs)
    outs, seeds = zip(*pairs)
    return grad(
        list(outs),
        list(inputs),
        list(seeds),
        retain_graph=retain_graph,
        create_graph=create_graph,
        allow_unused=True,
    )


def _reaches_outside(tensors, own):
    """Whether the history of any of ``tensors`` reaches a tensor that requires a gradient other
    than the leaves in ``own`` (a dict ``_uid`` -> leaf): something outside could then differentiate
    what is computed from them, so their backward must be recorded (create_graph)."""
    seen = set()
    stack = []
    for t in tensors:
        if not isinstance(t, Tensor) or not t.requires_grad:
            continue
        if t.grad_fn is None:
            if t._uid not in own:
                return True
        else:
            stack.append(t.grad_fn)
    while stack:
        node = stack.pop()
        key = node._uid
        if key in seen:
            continue
        seen.add(key)
        for item in node.inputs:
            if item is None:
                continue
            if isinstance(item, Tensor):
                if item.requires_grad and item._uid not in own:
                    return True
            else:
                stack.append(item)
    return False


_STACK_TWICE = []


def _stack_is_twice_differentiable():
    """Whether ``stack``'s backward can be recorded (create_graph) in this build: probed once."""
    if not _STACK_TWICE:
        from .. import _shape, tensor
        from . import grad

        with enable_grad():
            x = tensor([1.0, 2.0], requires_grad=True)
            try:
                (g,) = grad(_shape.stack([x * x], 0).sum(), x, create_graph=True)
                grad(g.sum(), x)
                _STACK_TWICE.append(True)
            except RuntimeError as error:
                if "not supported" not in str(error):
                    raise
                _STACK_TWICE.append(False)
    return _STACK_TWICE[0]


def _assemble(pieces, dim):
    """``stack(pieces, dim)`` (dim 0 or -1). When the pieces carry a graph and ``stack`` cannot be
    differentiated twice in this build, the same tensor as a sum of one-hot products, made of
    ops that can (quadratic in the number of pieces: used only for Jacobians of Jacobians)."""
    from .. import _shape, zeros

    if not any(p.requires_grad for p in pieces) or _stack_is_twice_differentiable():
        return _shape.stack(pieces, dim)
    n = len(pieces)
    total = None
    for k, piece in enumerate(pieces):
        onehot = zeros(n, dtype=piece.dtype)
        onehot.numpy()[k] = 1.0
        if dim == 0:
            term = onehot.reshape((n,) + (1,) * piece.ndim) * piece.unsqueeze(0)
        else:
            term = piece.unsqueeze(-1) * onehot
        total = term if total is None else total + term
    return total


def _zeros_like(x):
    from .. import zeros_like

    return zeros_like(x)


def _basis(shape, dtype, k):
    """The ``k``-th element of the standard basis of tensors of ``shape``: one 1 (row-major)."""
    from .. import zeros

    e = zeros(tuple(shape), dtype=dtype)
    e.numpy().reshape(-1)[k] = 1.0
    return e


def _jacobian_rows(outputs, inputs, create_graph, on_missing=None):
    """J[i][j] of shape outputs[i].shape + inputs[j].shape by one reverse pass per output element.

    ``on_missing(i, j)`` is called for an output element independent of input j (before zeros
    are used); it may raise.
    """
    jac = []
    for i, out in enumerate(outputs):
        rows = [[] for _ in inputs]
        for k in range(out.numel()):
            seed = _basis(out.shape, out.dtype, k)
            vj = _autograd_grad([out], inputs, [seed], create_graph=create_graph, retain_graph=True)
            for j, (g, x) in enumerate(zip(vj, inputs)):
                if g is None:
                    if on_missing is not None:
                        on_missing(i, j, None)
                    g = _zeros_like(x)
                elif on_missing is not None:
                    on_missing(i, j, g)
                rows[j].append(g)
        jac.append(
            tuple(
                (_assemble(r, 0) if r else _zeros_like(x).reshape((0, *x.shape))).reshape(
                    tuple(out.shape) + tuple(x.shape)
                )
                for r, x in zip(rows, inputs)
            )
        )
    return tuple(jac)


# --- torch.autograd.functional ------------------------------------------------------------------


def _grad_mode(enabled):
    return enable_grad() if enabled else no_grad()


def _as_tuple(inp, arg_name, fn_name):
    is_tuple = isinstance(inp, tuple)
    items = inp if is_tuple else (inp,)
    for i, el in enumerate(items):
        if not isinstance(el, Tensor):
            where = f"the value at index {i}" if is_tuple else f"the given {arg_name}"
            raise TypeError(
                f"The {arg_name} given to {fn_name} must be either a Tensor or a tuple of Tensors but "
                f"{where} has type {type(el)}."
            )
    return is_tuple, items


def _grad_preprocess(inputs, create_graph, need_graph):
    # Always a new tensor object, so that inputs captured by func's closure are told apart.
    # PyTorch uses x.view_as(x); in tapegrad a view of a view is recorded as a view of the base,
    # so a view of an input that is itself a view could not be differentiated with respect to:
    # a clone (a copy, recorded) is always a node of its own.
    out = []
    for x in inputs:
        if create_graph and x.requires_grad:
            out.append(x.clone())
        else:
            out.append(x.detach().requires_grad_(need_graph))
    return tuple(out)


def _grad_postprocess(values, create_graph):
    if values and isinstance(values[0], tuple):
        return tuple(_grad_postprocess(v, create_graph) for v in values)
    return values if create_graph else tuple(v.detach() for v in values)


def _tuple_postprocess(res, to_unpack):
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        if not to_unpack[0]:
            res = res[0]
    elif not to_unpack:
        res = res[0]
    return res


def _validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for i, (a, b) in enumerate(zip(v, other)):
        if tuple(a.shape) != tuple(b.shape):
            prefix = f"Entry {i} in " if is_other_tuple else ""
            raise RuntimeError(
                f"{prefix}v has invalid size: should be {tuple(b.shape)} but got {tuple(a.shape)}."
            )


def _check_outputs_require_grad(outputs, strict):
    if strict:
        for i, out in enumerate(outputs):
            if not out.requires_grad:
                raise RuntimeError(
                    f"Output {i} of the user-provided function does not require gradients. The outputs "
                    "must be computed in a differentiable manner from the input when running in strict mode."
                )


def _fill_in_zeros(grads, refs, strict, create_graph, what):
    res = []
    for i, (g, ref) in enumerate(zip(grads, refs)):
        if g is None:
            if strict:
                raise RuntimeError(f"{what(i)} This is not allowed in strict mode.")
            g = _zeros_like(ref)
        elif strict and create_graph and not g.requires_grad:
            raise RuntimeError(
                f"The jacobian of the user-provided function is independent of input {i}. This is not "
                "allowed in strict mode when create_graph=True."
            )
        res.append(g)
    return tuple(res)


def _independent_of_input(i):
    return f"The output of the user-provided function is independent of input {i}."


def _outputs_of(func, inputs, fn_name, strict):
    outputs = func(*inputs)
    is_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function", fn_name)
    _check_outputs_require_grad(outputs, strict)
    return is_tuple, outputs


def _prepared_v(v, refs, is_refs_tuple, create_graph, fn_name, none_message):
    if v is None:
        if len(refs) != 1 or refs[0].numel() != 1:
            raise RuntimeError(none_message)
        return None
    _, v = _as_tuple(v, "v", fn_name)
    v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
    _validate_v(v, refs, is_refs_tuple)
    return v


_V_NONE_INPUT = (
    "The vector v can only be None if the input to the user-provided function is a single Tensor "
    "with a single element."
)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """The vector-Jacobian product ``v^T J`` of ``func`` at ``inputs``, as ``torch.autograd.functional.vjp``.

    Args:
        func: A function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: A Tensor or a tuple of Tensors, the point where the product is taken.
        v: The vector, one Tensor per output of ``func`` (shaped like it); may be None when
            ``func`` returns a single one-element Tensor.
        create_graph: Record the computation so that the results can be differentiated again
            (with respect to ``inputs`` that require a gradient and to ``v``).
        strict: Raise when an output does not depend on the inputs instead of returning zeros.

    Returns:
        ``(func_output, vjp)``: ``func``'s output (detached unless ``create_graph``) and the
        product, with the structure of ``inputs``.

    Raises:
        TypeError: ``inputs``, ``v`` or the outputs are not Tensors or tuples of Tensors.
        RuntimeError: ``v`` has the wrong length or shape, or is None for an output of several
            elements; in strict mode, an output is independent of an input.
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        is_outputs_tuple, outputs = _outputs_of(func, inputs, "vjp", strict)
        v = _prepared_v(
            v,
            outputs,
            is_outputs_tuple,
            create_graph,
            "vjp",
            "The vector v can only be None if the user-provided function returns a single Tensor "
            "with a single element.",
        )
    with _grad_mode(create_graph or is_grad_enabled()):
        grads = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grads, inputs, strict, create_graph, _independent_of_input)
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(result, is_inputs_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """The Jacobian-vector product ``J v`` of ``func`` at ``inputs``, as ``torch.autograd.functional.jvp``.

    Computed as PyTorch does, by the double-backward trick: ``g(u) = J^T u`` for a dummy ``u``
    (recorded), then ``J v`` as the gradient of ``<g(u), v>`` with respect to ``u``. That is two
    reverse passes, and every op of ``func`` must be differentiable twice.

    Args:
        func: A function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: A Tensor or a tuple of Tensors, the point where the product is taken.
        v: The vector, one Tensor per input (shaped like it); may be None when there is a single
            one-element input.
        create_graph: Record the computation so that the results can be differentiated again.
        strict: Raise when an output does not depend on the inputs instead of returning zeros.

    Returns:
        ``(func_output, jvp)``: ``func``'s output (detached unless ``create_graph``) and the
        product, with the structure of the output.

    Raises:
        TypeError: ``inputs``, ``v`` or the outputs are not Tensors or tuples of Tensors.
        RuntimeError: ``v`` has the wrong length or shape, or is None for an input of several
            elements; in strict mode, an output is independent of the inputs; an op of ``func``
            cannot be differentiated twice.
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepared_v(v, inputs, is_inputs_tuple, create_graph, "jvp", _V_NONE_INPUT)
        is_outputs_tuple, outputs = _outputs_of(func, inputs, "jvp", strict)
        # The backward is linear in u: its value does not matter (zeros: no inf or NaN).
        dummies = tuple(_zeros_like(out).requires_grad_(True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, dummies, create_graph=True)
        if strict:
            for i, g in enumerate(grad_inputs):
                if g is None:
                    raise RuntimeError(f"{_independent_of_input(i)} This is not allowed in strict mode.")
    with _grad_mode(create_graph or is_grad_enabled()):
        grads = _autograd_grad(grad_inputs, dummies, v, create_graph=create_graph)
        result = _fill_in_zeros(
            grads,
            outputs,
            strict,
            create_graph,
            lambda i: (
                f"The gradient with respect to the input is independent of entry {i} in the "
                "grad_outputs when using the double backward trick to compute forward mode gradients."
            ),
        )
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return _tuple_postprocess(outputs, is_outputs_tuple), _tuple_postprocess(result, is_outputs_tuple)


def _check_strategy(strategy, create_graph, vectorize, strict, what):
    if strategy not in ("forward-mode", "reverse-mode"):
        raise ValueError(f'Expected {what} to be either "forward-mode" or "reverse-mode", got {strategy!r}.')
    if strategy == "forward-mode":
        raise NotImplementedError(
            f'{what}="forward-mode" needs forward-mode AD, which tapegrad does not have: use '
            '"reverse-mode" (the default), or tapegrad.func.jacfwd (forward products by double backward).'
        )
    if vectorize and strict:
        raise RuntimeError(
            "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported "
            "together. Please either set `strict=False` or `vectorize=False`."
        )


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """The Jacobian of ``func`` at ``inputs``, as ``torch.autograd.functional.jacobian``.

    One reverse pass per output element. The block for output ``i`` and input ``j`` has shape
    ``outputs[i].shape + inputs[j].shape``; the result is that block when ``inputs`` is a Tensor
    and ``func`` returns a Tensor, a tuple over inputs (or over outputs) when one of them is a
    tuple, and a tuple (over outputs) of tuples (over inputs) when both are.

    Args:
        func: A function of Tensors returning a Tensor or a tuple of Tensors.
        inputs: A Tensor or a tuple of Tensors, the point where the Jacobian is taken.
        create_graph: Record the computation so that the Jacobian can be differentiated again.
        strict: Raise when an output does not depend on an input instead of returning zeros.
        vectorize: Accepted for compatibility; the Jacobian is computed by the same loop either
            way (tapegrad has no ``vmap``), with the same values.
        strategy: ``"reverse-mode"``; ``"forward-mode"`` raises NotImplementedError.

    Returns:
        The Jacobian: a Tensor, a tuple of Tensors or a tuple of tuples of Tensors, as above.

    Raises:
        TypeError: ``inputs`` or the outputs are not Tensors or tuples of Tensors.
        ValueError: ``strategy`` is neither ``"reverse-mode"`` nor ``"forward-mode"``.
        NotImplementedError: ``strategy="forward-mode"``.
        RuntimeError: ``strict`` with ``vectorize``; in strict mode, an output is independent of
            an input.
    """
    _check_strategy(strategy, create_graph, vectorize, strict, "strategy")
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        is_outputs_tuple, outputs = _outputs_of(func, inputs, "jacobian", strict)

        def on_missing(i, j, g):
            if not strict:
                return
            if g is None:
                raise RuntimeError(
                    f"Output {i} of the user-provided function is independent of input {j}. This is "
                    "not allowed in strict mode."
                )
            if create_graph and not g.requires_grad:
                raise RuntimeError(
                    f"The jacobian of the user-provided function is independent of input {i}. This is "
                    "not allowed in strict mode when create_graph=True."
                )

        with _grad_mode(create_graph or is_grad_enabled()):
            jac = _jacobian_rows(outputs, inputs, create_graph, on_missing)
    jac = _grad_postprocess(jac, create_graph)
    return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def _single_output(func, strict, fn_name):
    def wrapped(*inputs):
        out = func(*inputs)
        is_tuple, outs = _as_tuple(out, "outputs of the user-provided function", fn_name)
        _check_outputs_require_grad(outs, strict)
        if is_tuple:
            raise RuntimeError(f"The function given to {fn_name} should return a single Tensor")
        if out.numel() != 1:
            raise RuntimeError(
                f"The Tensor returned by the function given to {fn_name} should contain a single element"
            )
        return out

    return wrapped


def hessian(
    func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"
):
    """The Hessian of the scalar function ``func`` at ``inputs``, as ``torch.autograd.functional.hessian``.

    The Jacobian of the (recorded) gradient. For a Tensor input the result has shape
    ``inputs.shape + inputs.shape``; for a tuple input it is a tuple of tuples: block ``[i][j]``
    has shape ``inputs[i].shape + inputs[j].shape``.

    Args:
        func: A function of Tensors returning a Tensor with a single element.
        inputs: A Tensor or a tuple of Tensors, the point where the Hessian is taken.
        create_graph: Record the computation so that the Hessian can be differentiated again.
        strict: Raise when the output or its gradient does not depend on an input instead of
            returning zeros.
        vectorize: Accepted for compatibility; the same loop runs either way (no ``vmap``).
        outer_jacobian_strategy: ``"reverse-mode"``; ``"forward-mode"`` raises NotImplementedError.

    Returns:
        The Hessian: a Tensor, or a tuple of tuples of Tensors for a tuple input.

    Raises:
        TypeError: ``inputs`` or the output are not Tensors or tuples of Tensors.
        ValueError: ``outer_jacobian_strategy`` is not one of the two strategies.
        NotImplementedError: ``outer_jacobian_strategy="forward-mode"``.
        RuntimeError: ``func`` returns a tuple or more than one element; in strict mode, the
            output or the gradient is independent of an input; an op of ``func`` cannot be
            differentiated twice.
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    _check_strategy(outer_jacobian_strategy, create_graph, vectorize, strict, "outer_jacobian_strategy")
    scalar = _single_output(func, strict, "hessian")

    def jac_func(*inp):
        jac = jacobian(lambda *x: scalar(*x).reshape(()), inp, create_graph=True)
        if strict:
            for i, g in enumerate(jac):
                if not g.requires_grad:
                    raise RuntimeError(
                        "While computing the hessian, found that the jacobian of the user-provided "
                        f"function with respect to input {i} is independent of the input. This is not "
                        "allowed in strict mode. You should ensure that your function is twice "
                        "differentiable and that the jacobian depends on the inputs (this would be "
                        "violated by a linear function for example)."
                    )
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict, vectorize=vectorize)
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def _second_order_product(func, inputs, v, create_graph, strict, fn_name, trick):
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", fn_name)
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepared_v(v, inputs, is_inputs_tuple, create_graph, fn_name, _V_NONE_INPUT)
        out = _single_output(func, strict, fn_name)(*inputs)
        jac = _autograd_grad([out], inputs, create_graph=True)
        if strict:
            for i, g in enumerate(jac):
                if g is None or not g.requires_grad:
                    raise RuntimeError(
                        "While computing the hessian, found that the jacobian of the user-provided "
                        f"function with respect to input {i} is independent of the input. This is not "
                        "allowed in strict mode. You should ensure that your function is twice "
                        "differentiable and that the jacobian depends on the inputs (this would be "
                        "violated by a linear function for example)."
                    )
        if trick:  # hvp: H v = d/du <d/dx <J, u>, v>  (double backward trick), H symmetric or not
            dummies = tuple(_zeros_like(x).requires_grad_(True) for x in inputs)
            double_back = _autograd_grad(jac, inputs, dummies, create_graph=True)
    with _grad_mode(create_graph or is_grad_enabled()):
        if trick:
            grads = _autograd_grad(double_back, dummies, v, create_graph=create_graph)
        else:
            grads = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(
            grads,
            inputs,
            strict,
            create_graph,
            lambda i: (
                f"The hessian of the user-provided function is independent of entry {i} in the grad_jacobian."
            ),
        )
    outputs = _grad_postprocess((out,), create_graph)
    result = _grad_postprocess(result, create_graph)
    return outputs[0], _tuple_postprocess(result, is_inputs_tuple)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """The vector-Hessian product ``v^T H`` of a scalar ``func``, as ``torch.autograd.functional.vhp``.

    Two reverse passes: the recorded gradient, then its vector-Jacobian product with ``v``.

    Args:
        func: A function of Tensors returning a Tensor with a single element.
        inputs: A Tensor or a tuple of Tensors, the point where the product is taken.
        v: The vector, one Tensor per input (shaped like it); may be None for a single
            one-element input.
        create_graph: Record the computation so that the results can be differentiated again.
        strict: Raise when the output or its gradient does not depend on an input instead of
            returning zeros.

    Returns:
        ``(func_output, vhp)``: the output (detached unless ``create_graph``) and the product,
        with the structure of ``inputs``.

    Raises:
        TypeError: ``inputs``, ``v`` or the output are not Tensors or tuples of Tensors.
        RuntimeError: ``func`` returns a tuple or more than one element; ``v`` has the wrong length
            or shape; in strict mode, something is independent of an input; an op of ``func``
            cannot be differentiated twice.
    """
    return _second_order_product(func, inputs, v, create_graph, strict, "vhp", trick=False)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """The Hessian-vector product ``H v`` of a scalar ``func``, as ``torch.autograd.functional.hvp``.

    As in PyTorch, by the double-backward trick (three reverse passes); equal to ``vhp`` for a
    function differentiable twice (the Hessian is symmetric), which is cheaper.

    Args:
        func: A function of Tensors returning a Tensor with a single element.
        inputs: A Tensor or a tuple of Tensors, the point where the product is taken.
        v: The vector, one Tensor per input (shaped like it); may be None for a single
            one-element input.
        create_graph: Record the computation so that the results can be differentiated again.
        strict: Raise when the output or its gradient does not depend on an input instead of
            returning zeros.

    Returns:
        ``(func_output, hvp)``: the output (detached unless ``create_graph``) and the product,
        with the structure of ``inputs``.

    Raises:
        TypeError: ``inputs``, ``v`` or the output are not Tensors or tuples of Tensors.
        RuntimeError: ``func`` returns a tuple or more than one element; ``v`` has the wrong length
            or shape; in strict mode, something is independent of an input; an op of ``func``
            cannot be differentiated twice.
    """
    return _second_order_product(func, inputs, v, create_graph, strict, "hvp", trick=True)
