"""``tapegrad.func``: composable function transforms, as ``torch.func``.

``grad(f)`` is a function computing the gradient of ``f``; ``grad(grad(f))`` the second
derivative, and so on: the transforms compose, and their inputs need not require a gradient. ::

    f = lambda x: 2 * x**2 - 3 * x + 4
    tg.func.grad(f)(tg.tensor(1.5))             # 4x - 3 = 3
    tg.func.grad(tg.func.grad(f))(tg.tensor(1.5))  # 4

How it works: each transform runs ``f`` on copies of the differentiated arguments that require a
gradient (a detached copy at the outermost level; a differentiable ``clone`` of an argument that
already requires a gradient, so that an enclosing transform, or ordinary autograd, stays
connected), then calls ``tapegrad.autograd.grad``, recording the backward pass
(``create_graph=True``) exactly when something outside can differentiate the result: an argument
or a tensor captured by ``f`` that requires a gradient. Results that nothing outside can
differentiate are returned detached, as in PyTorch.

tapegrad has no forward-mode AD and no ``vmap``: ``jvp`` and ``jacfwd`` compute forward products
with the double-vjp trick (reverse mode twice: ``g(u) = J^T u`` recorded for a dummy ``u``, then
``J v = d<g(u), v>/du``), so they cost two reverse passes and need every op of ``f`` to be
differentiable twice; ``jacrev`` and ``jacfwd`` loop over the rows or columns. ``vmap`` raises
NotImplementedError.
"""

import functools

from ._core import Tensor
from .autograd.functional import _assemble, _autograd_grad, _basis, _reaches_outside, _zeros_like
from .grad_mode import enable_grad, is_grad_enabled

__all__ = ["grad", "grad_and_value", "hessian", "jacfwd", "jacrev", "jvp", "vjp", "vmap"]


# --- pytrees: Tensors (and other leaves) in tuples, lists and dicts -----------------------------


def _flatten(tree):
    """The leaves of ``tree`` and a spec to rebuild it (tuples, lists, dicts, namedtuples)."""
    if isinstance(tree, (tuple, list)):
        leaves, specs = [], []
        for item in tree:
            sub_leaves, sub_spec = _flatten(item)
            leaves += sub_leaves
            specs.append(sub_spec)
        return leaves, (type(tree), None, specs)
    if isinstance(tree, dict):
        leaves, specs = [], []
        for item in tree.values():
            sub_leaves, sub_spec = _flatten(item)
            leaves += sub_leaves
            specs.append(sub_spec)
        return leaves, (type(tree), list(tree.keys()), specs)
    return [tree], None


def _count(spec):
    return 1 if spec is None else sum(_count(s) for s in spec[2])


def _unflatten(leaves, spec):
    leaves = list(leaves)
    return _build(iter(leaves), spec)


def _build(it, spec):
    if spec is None:
        return next(it)
    kind, keys, specs = spec
    children = [_build(it, s) for s in specs]
    if keys is not None:
        return kind(zip(keys, children))
    if kind is tuple or kind is list:
        return kind(children)
    if hasattr(kind, "_fields"):  # a namedtuple
        return kind(*children)
    return kind(children)


def _spec_str(spec):
    if spec is None:
        return "*"
    kind, keys, specs = spec
    inner = ", ".join(
        f"{k!r}: {_spec_str(s)}" if keys is not None else _spec_str(s)
        for k, s in zip(keys if keys is not None else specs, specs)
    )
    return f"{kind.__name__}({inner})"


# --- argnums ------------------------------------------------------------------------------------


def _wrap_argnum(argnum, num_args):
    if not isinstance(argnum, int) or isinstance(argnum, bool):
        raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    if 0 <= argnum < num_args:
        return argnum
    if -num_args <= argnum < 0:
        return argnum + num_args
    raise RuntimeError(f"Got argnum={argnum}, but only {num_args} positional inputs")


def _check_argnums(argnums):
    if isinstance(argnums, int) and not isinstance(argnums, bool):
        return
    if not isinstance(argnums, tuple):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    if not argnums:
        raise RuntimeError("argnums must be non-empty")
    for a in argnums:
        if not isinstance(a, int) or isinstance(a, bool):
            raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")


def _wrap_argnums(argnums, num_args):
    _check_argnums(argnums)
    if isinstance(argnums, int):
        return _wrap_argnum(argnums, num_args)
    wrapped = tuple(_wrap_argnum(a, num_args) for a in argnums)
    if len(set(wrapped)) != len(wrapped):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return wrapped


# --- one level of differentiation ---------------------------------------------------------------


class _Level:
    """One transform call: the differentiable copies of its arguments, and what leaves it."""

    def __init__(self):
        self.outer_grad = is_grad_enabled()
        self.own = {}  # _uid -> leaf made here (kept alive so that the ids stay unique)

    def lift(self, x):
        if not isinstance(x, Tensor):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
        if self.outer_grad and x.requires_grad:
            # Differentiable, so that an enclosing level sees through it. Not view_as (as PyTorch's
            # autograd.functional does): tapegrad records a view of a view as a view of the base,
            # which would cut the enclosing level's copy out of the graph.
            return x.clone()
        copy = x.detach().requires_grad_(True)
        self.own[copy._uid] = copy
        return copy

    def leaf(self, x):
        """A tensor made here that requires a gradient (a dummy cotangent)."""
        self.own[x._uid] = x
        return x

    def connected(self, *tensors):
        """Whether something outside this level can differentiate what depends on ``tensors``."""
        return self.outer_grad and _reaches_outside(tensors, self.own)

    def release(self, tree):
        """``tree`` with every Tensor that nothing outside can differentiate detached."""
        leaves, spec = _flatten(tree)
        out = []
        for t in leaves:
            if isinstance(t, Tensor) and t.requires_grad and not self.connected(t):
                t = t.detach()
            out.append(t)
        return _unflatten(out, spec)


def _lift_args(level, args, argnums):
    """``args`` with the differentiated ones replaced by copies; the flat copies and the spec of
    the differentiated part (one argument when argnums is an int, else a tuple of them)."""
    args = list(args)
    nums = (argnums,) if isinstance(argnums, int) else argnums
    flat = []
    for i in nums:
        leaves, spec = _flatten(args[i])
        copies = [level.lift(x) for x in leaves]
        flat += copies
        args[i] = _unflatten(copies, spec)
    diff = args[argnums] if isinstance(argnums, int) else tuple(args[i] for i in nums)
    return args, flat, _flatten(diff)[1]


def _split_aux(output, has_aux, api):
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return output


def _tensor_leaves(tree, api, what="output"):
    leaves, spec = _flatten(tree)
    if not leaves:
        raise RuntimeError(
            f"{api}: Expected f to be a function that has non-empty output (got {what} = {tree})"
        )
    for t in leaves:
        if not isinstance(t, Tensor):
            raise RuntimeError(
                f"{api}: expected f(*primals) to return only tensors, got unsupported type {type(t)}"
            )
    return leaves, spec


def _check_float(tensors, api):
    for t in tensors:
        if not t.dtype.is_floating_point:
            raise RuntimeError(
                f"{api}: All outputs of f must be floating-point or complex Tensors, got Tensor "
                f"with dtype {t.dtype}"
            )


# --- grad ---------------------------------------------------------------------------------------


def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning the gradient of ``func`` and its value, as ``torch.func.grad_and_value``.

    ``grad_and_value(func)(*args)`` runs ``func(*args)``, which must return a 0-dim Tensor, and
    differentiates it with respect to the arguments chosen by ``argnums``.

    Args:
        func: A function of Tensors (and other arguments) returning a 0-dim Tensor, or a pair
            ``(output, aux)`` when ``has_aux``.
        argnums: The position of the argument to differentiate with respect to, or a tuple of
            positions. An argument may be a Tensor or a tuple, list or dict of Tensors.
        has_aux: ``func`` returns ``(output, aux)``; ``aux`` is returned as it is, not
            differentiated.

    Returns:
        A function taking ``func``'s arguments and returning ``(grad, output)``, or
        ``(grad, (output, aux))`` with ``has_aux``. ``grad`` has the structure of the argument
        (``argnums`` an int) or is a tuple of such (``argnums`` a tuple); an argument ``func``
        does not depend on gets zeros.

    Raises:
        RuntimeError: (when the returned function is called) bad ``argnums``; ``func`` does not
            return a 0-dim Tensor (or a pair, with ``has_aux``).
        ValueError: (when called) a differentiated argument holds something else than Tensors.
    """
    _check_argnums(argnums)
    api = "grad_and_value(f)(*args)"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nums = _wrap_argnums(argnums, len(args))
        level = _Level()
        with enable_grad():
            args, flat, spec = _lift_args(level, args, nums)
            output = func(*args, **kwargs)
            output, aux = _split_aux(output, has_aux, api)
            if not isinstance(output, Tensor):
                raise RuntimeError(f"{api}: Expected f(*args) to return a Tensor, got {type(output)}")
            if output.ndim != 0:
                raise RuntimeError(
                    f"{api}: Expected f(*args) to return a scalar Tensor, got tensor with "
                    f"{output.ndim} dims. Maybe you wanted to use the vjp or jacrev APIs instead?"
                )
            grads = _autograd_grad([output], flat, create_graph=level.connected(output))
            grads = [_zeros_like(x) if g is None else g for g, x in zip(grads, flat)]
        result = level.release(_unflatten(grads, spec))
        value = level.release((output, aux) if has_aux else output)
        return result, value

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """A function returning the gradient of ``func``, as ``torch.func.grad``.

    ``grad(func)(*args)`` is the gradient of the 0-dim Tensor ``func(*args)`` with respect to
    ``args[argnums]``. The arguments need not require a gradient, and transforms compose:
    ``grad(grad(f))(x)`` is the second derivative of a scalar ``f``.

    Args:
        func: A function of Tensors (and other arguments) returning a 0-dim Tensor, or a pair
            ``(output, aux)`` when ``has_aux``.
        argnums: The position of the argument to differentiate with respect to, or a tuple of
            positions. An argument may be a Tensor or a tuple, list or dict of Tensors.
        has_aux: ``func`` returns ``(output, aux)``; the result is then ``(grad, aux)``.

    Returns:
        A function taking ``func``'s arguments and returning the gradient (with the structure
        of the argument, or a tuple of such for a tuple ``argnums``), or ``(gradient, aux)``.

    Raises:
        RuntimeError: (when the returned function is called) bad ``argnums``; ``func`` does not
            return a 0-dim Tensor (or a pair, with ``has_aux``).
        ValueError: (when called) a differentiated argument holds something else than Tensors.
    """
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result, value = inner(*args, **kwargs)
        return (result, value[1]) if has_aux else result

    return wrapper


# --- vjp and jvp --------------------------------------------------------------------------------


def vjp(func, *primals, has_aux=False):
    """``func``'s output and a function computing vector-Jacobian products, as ``torch.func.vjp``.

    Args:
        func: A function of the primals returning a Tensor or a tuple, list or dict of Tensors
            (or ``(output, aux)`` with ``has_aux``).
        *primals: The arguments of ``func``: Tensors, or tuples, lists or dicts of Tensors; all
            are differentiated.
        has_aux: ``func`` returns ``(output, aux)``; ``aux`` is returned as a third result.

    Returns:
        ``(output, vjp_fn)`` or ``(output, vjp_fn, aux)``. ``vjp_fn(cotangents, retain_graph=True,
        create_graph=None)`` takes cotangents with the structure of ``output`` and returns a
        tuple with one gradient per primal (zeros where ``func`` does not depend on it); it may
        be called several times.

    Raises:
        RuntimeError: ``func``'s output is not made of floating-point Tensors, or is not a pair
            with ``has_aux``; (from ``vjp_fn``) cotangents of another structure.
        ValueError: A primal holds something else than Tensors.
    """
    api = "vjp(f, *primals)"
    level = _Level()
    with enable_grad():
        args, flat, spec = _lift_args(level, primals, tuple(range(len(primals))))
        output = func(*args)
        output, aux = _split_aux(output, has_aux, api)
        outs, out_spec = _tensor_leaves(output, api)
        _check_float(outs, "vjp(f, ...)")

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        """The vector-Jacobian product of ``func`` with ``cotangents``.

        Args:
            cotangents: Tensors with the structure (and shapes) of ``func``'s output.
            retain_graph: Keep the graph for another call (the default).
            create_graph: Record the product so that it can be differentiated again; by default,
                when something outside can differentiate it.

        Returns:
            A tuple with one gradient per primal.

        Raises:
            RuntimeError: ``cotangents`` has another structure than the output.
        """
        cts, ct_spec = _flatten(cotangents)
        if ct_spec != out_spec:
            raise RuntimeError(
                "Expected pytree structure of cotangents to be the same as pytree structure of outputs to "
                f"the function. cotangents: {_spec_str(ct_spec)}, primal output: {_spec_str(out_spec)}"
            )
        if create_graph is None:
            create_graph = level.connected(*outs, *[c for c in cts if isinstance(c, Tensor)])
        with enable_grad():
            grads = _autograd_grad(outs, flat, cts, create_graph=create_graph, retain_graph=retain_graph)
            grads = [_zeros_like(x) if g is None else g for g, x in zip(grads, flat)]
        return level.release(_unflatten(grads, spec))

    output = level.release(output)
    if has_aux:
        return output, vjp_fn, level.release(aux)
    return output, vjp_fn


def _jvp_columns(level, outs, flat, tangents_flat_list, api):
    """For each list of tangents (one per flat input): J v per output, by the double-vjp trick."""
    dummies = [level.leaf(_zeros_like(o).requires_grad_(True)) if o.requires_grad else None for o in outs]
    live = [(o, u) for o, u in zip(outs, dummies) if u is not None]
    g = _autograd_grad([o for o, _ in live], flat, [u for _, u in live], create_graph=True) if live else []
    pairs = [(gi, x) for gi, x in zip(g, range(len(flat))) if gi is not None and gi.requires_grad]
    outs_connected = level.connected(*outs)
    results = []
    for tangents in tangents_flat_list:
        create_graph = outs_connected or level.connected(*[t for t in tangents if isinstance(t, Tensor)])
        if pairs and live:
            jv = _autograd_grad(
                [gi for gi, _ in pairs],
                [u for _, u in live],
                [tangents[j] for _, j in pairs],
                create_graph=create_graph,
                retain_graph=True,
            )
        else:
            jv = [None] * len(live)
        it = iter(jv)
        col = []
        for o, u in zip(outs, dummies):
            value = next(it) if u is not None else None
            col.append(_zeros_like(o) if value is None else value)
        results.append(col)
    return results


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """``func``'s output and its Jacobian-vector product with ``tangents``, as ``torch.func.jvp``.

    tapegrad has no forward mode: ``J v`` is computed by the double-vjp trick (two reverse
    passes), so every op of ``func`` must be differentiable twice.

    Args:
        func: A function of the primals returning a Tensor or a tuple, list or dict of Tensors
            (or ``(output, aux)`` with ``has_aux``).
        primals: A tuple (or list) of ``func``'s arguments: Tensors, or tuples, lists or dicts
            of Tensors.
        tangents: The vector ``v``, with the structure and shapes of ``primals``.
        strict: Not supported, as in PyTorch: must be False.
        has_aux: ``func`` returns ``(output, aux)``; ``aux`` is returned as a third result.

    Returns:
        ``(output, jvp_out)`` or ``(output, jvp_out, aux)``; ``jvp_out`` has the structure of
        ``output``.

    Raises:
        RuntimeError: ``primals`` is not a tuple; ``tangents`` has another structure or shapes;
            ``strict=True``; ``func``'s output is not made of Tensors; an op of ``func`` cannot
            be differentiated twice.
        ValueError: A primal holds something else than Tensors.
    """
    api = "jvp(f, primals, tangents)"
    if not isinstance(primals, (tuple, list)):
        raise RuntimeError(
            f"{api}: Expected primals to be a tuple. E.g. it should be valid to call f(*primals)."
        )
    if strict:
        raise RuntimeError(f"{api}: strict=True is not supported.")
    p_leaves, p_spec = _flatten(tuple(primals))
    t_leaves, t_spec = _flatten(tuple(tangents) if isinstance(tangents, (tuple, list)) else tangents)
    if p_spec != t_spec:
        raise RuntimeError(
            f"{api}: Expected primals and tangents to have the same python structure. For example, if "
            "primals is a tuple of 3 tensors, tangents also must be. Got primals with structure "
            f"{_spec_str(p_spec)} and tangents with structure {_spec_str(t_spec)}"
        )
    for p, t in zip(p_leaves, t_leaves):
        if not isinstance(t, Tensor):
            raise RuntimeError(f"{api}: Expected tangents to only contain Tensors, got {type(t)}")
        if isinstance(p, Tensor) and tuple(p.shape) != tuple(t.shape):
            raise RuntimeError(
                f"{api}: Expected each tangent to have the shape of its primal, got a primal of shape "
                f"{tuple(p.shape)} and a tangent of shape {tuple(t.shape)}"
            )
    level = _Level()
    with enable_grad():
        args, flat, _ = _lift_args(level, tuple(primals), tuple(range(len(primals))))
        output = func(*args)
        output, aux = _split_aux(output, has_aux, api)
        outs, out_spec = _tensor_leaves(output, api)
        (col,) = _jvp_columns(level, outs, flat, [t_leaves], api)
    result = (level.release(output), level.release(_unflatten(col, out_spec)))
    return (*result, level.release(aux)) if has_aux else result


# --- Jacobians ----------------------------------------------------------------------------------


def _jacobian_structure(blocks, out_spec, in_spec):
    """blocks[i][j] (output leaf i, input leaf j) as torch.func returns them: the output's
    structure, each leaf replaced by the differentiated arguments' structure."""
    return _unflatten([_unflatten(row, in_spec) for row in blocks], out_spec)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """A function computing the Jacobian of ``func`` in reverse mode, as ``torch.func.jacrev``.

    One reverse pass per output element (PyTorch batches them with ``vmap``; the values are the
    same). The block for an output of shape ``O`` and an input of shape ``I`` has shape ``O + I``.

    Args:
        func: A function returning a Tensor or a tuple, list or dict of Tensors (or
            ``(output, aux)`` with ``has_aux``).
        argnums: The position of the argument to differentiate with respect to, or a tuple of
            positions.
        has_aux: ``func`` returns ``(output, aux)``; the result is then ``(jacobian, aux)``.
        chunk_size: Accepted for compatibility (the rows are computed one at a time anyway);
            must be None or positive.

    Returns:
        A function taking ``func``'s arguments and returning the Jacobian: the structure of the
        output, each Tensor replaced by the structure of the argument (``argnums`` an int) or a
        tuple of such (``argnums`` a tuple) holding the blocks.

    Raises:
        ValueError: ``chunk_size`` is not positive; (when called) a differentiated argument holds
            something else than Tensors.
        RuntimeError: (when called) bad ``argnums``; ``func``'s output is not made of Tensors.
    """
    _check_argnums(argnums)
    if chunk_size is not None and not (isinstance(chunk_size, int) and chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")
    api = "jacrev(f, ...)(*args)"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nums = _wrap_argnums(argnums, len(args))
        level = _Level()
        with enable_grad():
            args, flat, in_spec = _lift_args(level, args, nums)
            output = func(*args, **kwargs)
            output, aux = _split_aux(output, has_aux, api)
            outs, out_spec = _tensor_leaves(output, api)
            blocks = []
            for out in outs:
                rows = [[] for _ in flat]
                create_graph = level.connected(out)
                for k in range(out.numel()):
                    seed = _basis(out.shape, out.dtype, k)
                    vj = _autograd_grad([out], flat, [seed], create_graph=create_graph, retain_graph=True)
                    for j, (g, x) in enumerate(zip(vj, flat)):
                        rows[j].append(_zeros_like(x) if g is None else g)
                blocks.append([_rows_to_block(r, out, x, 0) for r, x in zip(rows, flat)])
        jac = level.release(_jacobian_structure(blocks, out_spec, in_spec))
        return (jac, level.release(aux)) if has_aux else jac

    return wrapper


def _rows_to_block(pieces, out, x, dim):
    shape = tuple(out.shape) + tuple(x.shape)
    if not pieces:  # an empty output or input
        from . import zeros

        return zeros(shape, dtype=x.dtype)
    return _assemble(pieces, dim).reshape(shape)


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """A function computing the Jacobian of ``func`` column by column, as ``torch.func.jacfwd``.

    tapegrad has no forward mode: each column ``J e_k`` is a Jacobian-vector product by the
    double-vjp trick (one recorded reverse pass, then one reverse pass per input element), so
    every op of ``func`` must be differentiable twice. The values and the structure are those
    of ``jacrev``.

    Args:
        func: A function returning a Tensor or a tuple, list or dict of Tensors (or
            ``(output, aux)`` with ``has_aux``).
        argnums: The position of the argument to differentiate with respect to, or a tuple of
            positions.
        has_aux: ``func`` returns ``(output, aux)``; the result is then ``(jacobian, aux)``.
        randomness: ``"error"``, ``"different"`` or ``"same"``, as in PyTorch (whose ``vmap``
            uses it); ``func`` runs once here, so all three behave alike.

    Returns:
        A function taking ``func``'s arguments and returning the Jacobian, structured as by
        ``jacrev``.

    Raises:
        RuntimeError: ``randomness`` is not one of the three values; (when called) bad
            ``argnums``; ``func``'s output is not made of Tensors; an op of ``func`` cannot be
            differentiated twice.
        ValueError: (when called) a differentiated argument holds something else than Tensors.
    """
    _check_argnums(argnums)
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(
            f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}"
        )
    api = "jacfwd(f, ...)(*args)"

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nums = _wrap_argnums(argnums, len(args))
        level = _Level()
        with enable_grad():
            args, flat, in_spec = _lift_args(level, args, nums)
            output = func(*args, **kwargs)
            output, aux = _split_aux(output, has_aux, api)
            outs, out_spec = _tensor_leaves(output, api)
            zeros = [_zeros_like(x) for x in flat]
            blocks = [[None] * len(flat) for _ in outs]
            for j, x in enumerate(flat):
                tangent_lists = []
                for k in range(x.numel()):
                    tangents = list(zeros)
                    tangents[j] = _basis(x.shape, x.dtype, k)
                    tangent_lists.append(tangents)
                columns = _jvp_columns(level, outs, flat, tangent_lists, api) if tangent_lists else []
                for i, out in enumerate(outs):
                    pieces = [col[i] for col in columns]
                    blocks[i][j] = _rows_to_block(pieces, out, x, -1)
        jac = level.release(_jacobian_structure(blocks, out_spec, in_spec))
        return (jac, level.release(aux)) if has_aux else jac

    return wrapper


def hessian(func, argnums=0):
    """A function computing the Hessian of the scalar ``func``, as ``torch.func.hessian``.

    ``jacfwd(jacrev(func, argnums), argnums)``, as PyTorch defines it. For one argument of
    shape ``I`` the Hessian has shape ``I + I``; for a tuple ``argnums`` it is a tuple of tuples
    of blocks.

    Args:
        func: A function returning a Tensor (the Hessian of each element is computed; for a 0-dim
            Tensor, the usual Hessian).
        argnums: The position of the argument to differentiate with respect to, or a tuple of
            positions.

    Returns:
        A function taking ``func``'s arguments and returning the Hessian.

    Raises:
        RuntimeError: (when called) bad ``argnums``; an op of ``func`` cannot be differentiated
            twice (or three times: ``jacfwd`` differentiates ``jacrev``'s recorded backward twice).
    """
    return jacfwd(jacrev(func, argnums), argnums)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """Not supported: tapegrad has no batching transform.

    Args:
        func: The function to vectorize.
        in_dims: As in ``torch.func.vmap``.
        out_dims: As in ``torch.func.vmap``.
        randomness: As in ``torch.func.vmap``.
        chunk_size: As in ``torch.func.vmap``.

    Returns:
        Nothing: it always raises.

    Raises:
        NotImplementedError: Always.
    """
    raise NotImplementedError(
        "tapegrad.func.vmap is not supported: tapegrad has no batching transform. Loop over the batch "
        "(and stack the results), or use tapegrad.func.jacrev / jacfwd for Jacobians."
    )
