"""Custom differentiable operations, as ``torch.autograd.Function``.

A subclass defines a static ``forward(ctx, *args, **kwargs)`` (or ``forward(*args)`` plus
``setup_context(ctx, inputs, output)``) and a static ``backward(ctx, *grad_outputs)``, and is
called through ``MyFn.apply(*args)``. The forward runs with recording off; its tensor outputs get
a node whose backward calls the subclass's ``backward`` (with the GIL: the sweep itself runs
without it). In a recorded backward (``create_graph=True``) ``backward`` runs with recording on and
``ctx.saved_tensors`` carry their history, so a ``backward`` made of tapegrad ops is differentiable
again.

Several differentiable outputs are kept as slices of one flat tensor that owns the node (the node
of the tape has a single output), so backward receives one gradient per output, zeros for the
outputs that did not contribute.
"""

import functools

from .. import _core
from .._core import Tensor
from ..grad_mode import enable_grad, is_grad_enabled, no_grad

__all__ = ["Function", "FunctionCtx", "once_differentiable"]

_MAX_INPUTS = 3  # tapegrad::Node::kMaxInputs


class FunctionCtx:
    """The ``ctx`` object a Function's ``forward``, ``setup_context`` and ``backward`` receive.

    Any attribute can be set on it (``ctx.k = 3``) to pass non-tensor values to ``backward``;
    tensors go through ``save_for_backward`` (an attribute holding the Function's own output
    would make a reference cycle through the graph that is never freed).
    """

    def __init__(self):
        """Makes an empty context (``apply`` makes one per call)."""
        self.needs_input_grad = ()
        self._to_save = None
        self._saved = None
        self._non_differentiable = ()
        self._materialize_grads = True

    def save_for_backward(self, *tensors):
        """Keeps tensors (or None) for ``backward``, where ``saved_tensors`` returns them.

        Saved tensors are version-checked: changing one in place after the forward makes the
        backward raise instead of returning a wrong gradient.

        Args:
            *tensors: Tensors or None.

        Returns:
            None.

        Raises:
            TypeError: An argument is neither a Tensor nor None.
        """
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(
                    f"save_for_backward can only save tensors, but argument {i} is of type {type(t).__name__}"
                )
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        """Not supported: tapegrad has no forward-mode differentiation.

        Args:
            *tensors: Ignored.

        Returns:
            Never returns.

        Raises:
            NotImplementedError: Always.
        """
        raise NotImplementedError("save_for_forward: tapegrad has no forward-mode automatic differentiation")

    @property
    def saved_tensors(self):
        """The tensors given to ``save_for_backward``, as a tuple (only inside ``backward``).

        Returns:
            A tuple of tensors (or None), with their history in a recorded backward.

        Raises:
            RuntimeError: Outside ``backward``.
        """
        if self._saved is None:
            raise RuntimeError(
                "saved_tensors can only be read in backward(); the tensors given to save_for_backward "
                "are kept by the graph, not by ctx"
            )
        return self._saved

    def mark_non_differentiable(self, *outputs):
        """Marks outputs as not differentiable: they do not require a gradient.

        Their gradient in ``backward`` is zeros (None with ``set_materialize_grads(False)``).

        Args:
            *outputs: Tensors returned by ``forward``.

        Returns:
            None.
        """
        self._non_differentiable = tuple(outputs)

    def mark_dirty(self, *tensors):
        """Not supported: a Function may not change its inputs in place.

        Args:
            *tensors: Ignored.

        Returns:
            Never returns.

        Raises:
            NotImplementedError: Always (return a new tensor instead).
        """
        raise NotImplementedError(
            "mark_dirty: tapegrad's custom Functions cannot change their inputs in place; return a new tensor"
        )

    def set_materialize_grads(self, value):
        """Whether gradients of non-differentiable outputs reach ``backward`` as zeros (default) or None.

        Args:
            value: True for zeros, False for None.

        Returns:
            None.
        """
        self._materialize_grads = bool(value)

    def _run_backward(self, saved, grad_output, create_graph):
        """Called by the node: the gradient of each wired input (see register_function.cpp)."""
        spec = self._spec
        saved_tensors = tuple(
            saved[i] if where is None else _slice_of(saved[i], *spec.pieces[where])
            for i, where in enumerate(spec.saved_where)
        )
        grads = []
        for shape, dtype, piece in spec.outputs:
            if shape is None:  # not a tensor
                grads.append(None)
            elif piece is None:  # not differentiable
                grads.append(_factories().zeros(shape, dtype=dtype) if self._materialize_grads else None)
            elif spec.packed:
                grads.append(_slice_of(grad_output, *spec.pieces[piece]))
            else:
                grads.append(grad_output)
        backward = spec.cls.backward
        if backward is _base_backward and spec.cls.vjp is not _base_vjp:
            backward = spec.cls.vjp  # a subclass may define vjp instead, as in PyTorch
        if create_graph and getattr(backward, "_once_differentiable", False):
            raise RuntimeError(
                f"trying to differentiate twice a function that was marked with @once_differentiable "
                f"({spec.cls.__name__}Backward): its backward cannot be recorded (create_graph=True)"
            )
        self._saved = saved_tensors
        try:
            result = backward(self, *grads)
        finally:
            self._saved = None
        return _check_grads(spec, result)


def _factories():
    from .. import _factories as f

    return f


def _slice_of(flat, start, shape):
    """flat[start:start + numel(shape)] viewed as shape (ops: differentiable)."""
    n = 1
    for d in shape:
        n *= d
    return flat[start : start + n].reshape(shape)


def _sum_to(grad, shape):
    """grad summed to shape (as PyTorch accepts a gradient the input broadcasts to); None if it cannot be."""
    g_shape = tuple(grad.shape)
    if len(g_shape) < len(shape):
        return None
    lead = len(g_shape) - len(shape)
    for gd, d in zip(g_shape[lead:], shape):
        if d not in (1, gd):
            return None
    if lead:
        grad = grad.sum(dim=tuple(range(lead)))
    dims = tuple(i for i, (gd, d) in enumerate(zip(grad.shape, shape)) if d == 1 and gd != 1)
    if dims:
        grad = grad.sum(dim=dims, keepdim=True)
    return grad


def _check_grads(spec, result):
    """The gradients returned by backward, checked, one per wired input."""
    name = spec.cls.__name__ + "Backward"
    if not isinstance(result, tuple):
        result = (result,)
    n_args = len(spec.args)
    if len(result) != n_args and not (len(result) > n_args and all(g is None for g in result[n_args:])):
        raise RuntimeError(
            f"function {name} returned an incorrect number of gradients "
            f"(expected {n_args}, got {len(result)})"
        )
    out = []
    for i, arg in enumerate(spec.args):
        g = result[i]
        if arg is None:  # not a tensor
            if g is not None:
                raise RuntimeError(
                    f"function {name} returned a gradient different than None at position {i + 1}, but the "
                    f"corresponding forward input was not a Tensor"
                )
            continue
        shape, dtype, wired = arg
        if not wired:
            continue
        if g is None:
            out.append(None)
            continue
        if not isinstance(g, Tensor):
            raise TypeError(
                f"function {name} returned a {type(g).__name__} as gradient {i}, expected a Tensor or None"
            )
        if tuple(g.shape) != shape:
            summed = _sum_to(g, shape)
            if summed is None:
                raise RuntimeError(
                    f"Function {name} returned an invalid gradient at index {i} - got {list(g.shape)} but "
                    f"expected shape compatible with {list(shape)}"
                )
            g = summed
        if g.dtype != dtype:
            g = g.to(dtype)
        out.append(g)
    return out


class _Spec:
    """What backward needs to know about one apply(), kept by ctx (no tensors)."""

    __slots__ = ("args", "cls", "outputs", "packed", "pieces", "saved_where")


class Function:
    """Base class of custom differentiable operations, as ``torch.autograd.Function``.

    Subclass it with static ``forward`` and ``backward`` methods and call ``MyFn.apply(*args)``::

        class Cube(tg.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x**3

            @staticmethod
            def backward(ctx, g):
                (x,) = ctx.saved_tensors
                return g * 3 * x**2  # tapegrad ops: differentiable again

    At most three of ``apply``'s tensor arguments may require a gradient (the tape's nodes have
    three inputs).
    """

    def __init__(self, *args, **kwargs):
        """Functions are not instantiated: call ``apply``.

        Args:
            *args: Ignored.
            **kwargs: Ignored.

        Raises:
            RuntimeError: Always.
        """
        raise RuntimeError(
            f"{type(self).__name__} is a tapegrad.autograd.Function: call {type(self).__name__}.apply(...), "
            "do not instantiate it"
        )

    @staticmethod
    def forward(ctx, *args, **kwargs):
        """The computation; override it.

        Args:
            ctx: The FunctionCtx (absent when ``setup_context`` is overridden).
            *args: The arguments given to ``apply``.
            **kwargs: The keyword arguments given to ``apply``.

        Returns:
            A tensor or a tuple of values.

        Raises:
            NotImplementedError: Not overridden.
        """
        raise NotImplementedError("A Function subclass must implement forward()")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Fills ctx from the inputs and the output when ``forward`` takes no ctx; override it.

        Args:
            ctx: The FunctionCtx.
            inputs: The tuple of arguments given to ``apply``.
            output: What ``forward`` returned.

        Returns:
            None.

        Raises:
            NotImplementedError: Not overridden (then ``forward`` takes ctx).
        """
        raise NotImplementedError("setup_context is not overridden")

    @staticmethod
    def backward(ctx, *grad_outputs):
        """The gradient of each ``forward`` argument given one per output; override it.

        Args:
            ctx: The FunctionCtx.
            *grad_outputs: One gradient per output of ``forward``.

        Returns:
            One gradient (or None) per argument of ``forward``.

        Raises:
            NotImplementedError: Not overridden.
        """
        raise NotImplementedError("A Function subclass must implement backward() to be differentiated")

    @staticmethod
    def vjp(ctx, *grad_outputs):
        """Another name for ``backward``, as in PyTorch.

        Args:
            ctx: The FunctionCtx.
            *grad_outputs: One gradient per output.

        Returns:
            What ``backward`` returns.

        Raises:
            NotImplementedError: Neither ``backward`` nor ``vjp`` is overridden.
        """
        raise NotImplementedError("A Function subclass must implement backward()")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Runs ``forward`` and puts the operation on the tape.

        Args:
            *args: The arguments of ``forward`` (tensors and anything else).
            **kwargs: Keyword arguments of ``forward`` (not differentiated).

        Returns:
            What ``forward`` returned, its differentiable tensors with the Function as grad_fn.

        Raises:
            RuntimeError: More than three tensor arguments require a gradient; several
                differentiable outputs have different dtypes.
        """
        return _apply(cls, args, kwargs)


def _uses_setup_context(cls):
    return cls.setup_context is not _base_setup_context


_base_setup_context = Function.__dict__["setup_context"].__func__
_base_backward = Function.__dict__["backward"].__func__
_base_vjp = Function.__dict__["vjp"].__func__


def _apply(cls, args, kwargs):
    recording = is_grad_enabled()
    wired = []  # the tensor arguments that require a gradient: the node's inputs
    spec_args = []
    call_args = list(args)
    for i, a in enumerate(args):
        if isinstance(a, Tensor):
            needs = recording and a.requires_grad
            if needs:
                if not a.is_contiguous():
                    # Saved tensors must be contiguous: the node takes the recorded copy as input
                    # so that a saved input keeps its history in a recorded backward.
                    a = a.contiguous()
                    call_args[i] = a
                wired.append(a)
            spec_args.append((tuple(a.shape), a.dtype, needs))
        else:
            spec_args.append(None)
    if len(wired) > _MAX_INPUTS:
        raise RuntimeError(
            f"{cls.__name__}.apply: a custom Function can take at most {_MAX_INPUTS} tensor arguments that "
            f"require a gradient (tapegrad's nodes have {_MAX_INPUTS} inputs), got {len(wired)}; "
            "stack some of them into one tensor"
        )
    ctx = FunctionCtx()
    ctx.needs_input_grad = tuple(bool(s and s[2]) for s in spec_args)
    with no_grad():
        if _uses_setup_context(cls):
            output = cls.forward(*call_args, **kwargs)
            cls.setup_context(ctx, tuple(call_args), output)
        else:
            output = cls.forward(ctx, *call_args, **kwargs)
    to_save = ctx._to_save or ()
    ctx._to_save = None
    if not wired:
        return output

    is_tuple = isinstance(output, tuple)
    outputs = list(output) if is_tuple else [output]
    non_diff = ctx._non_differentiable
    diff = [
        i
        for i, o in enumerate(outputs)
        if isinstance(o, Tensor) and o.is_floating_point() and not any(o is n for n in non_diff)
    ]
    spec = _Spec()
    spec.cls = cls
    spec.args = spec_args
    spec.pieces = []
    spec.outputs = []
    piece_of = {}
    for i in range(len(outputs)):
        if i in diff:
            piece_of[i] = len(spec.pieces)
            spec.pieces.append(None)
    spec.packed = len(diff) > 1
    if spec.packed:
        dtypes = {outputs[i].dtype for i in diff}
        if len(dtypes) > 1:
            raise RuntimeError(
                f"{cls.__name__}.apply: the differentiable outputs have different dtypes "
                f"({', '.join(sorted(str(d) for d in dtypes))}); tapegrad's custom Functions need one dtype "
                "(cast them, or mark some non-differentiable)"
            )
        start = 0
        for i in diff:
            shape = tuple(outputs[i].shape)
            spec.pieces[piece_of[i]] = (start, shape)
            start += outputs[i].numel()
    for i, o in enumerate(outputs):
        if isinstance(o, Tensor):
            spec.outputs.append((tuple(o.shape), o.dtype, piece_of.get(i)))
        else:
            spec.outputs.append((None, None, None))  # backward receives None for it
    spec.saved_where = []
    saved, saved_is_output = [], []
    for t in to_save:
        idx = next((i for i in diff if outputs[i] is t), None)
        if idx is None:
            if t is not None and not t.is_contiguous():
                t = t.contiguous()  # an intermediate (or an input not requiring a gradient): a constant
            spec.saved_where.append(None)
            saved.append(t)
            saved_is_output.append(False)
        else:
            spec.saved_where.append(piece_of[idx] if spec.packed else None)
            saved.append(None if spec.packed else t)
            saved_is_output.append(True)
    ctx._spec = spec
    if not diff:
        return output
    name = cls.__name__ + "Backward"
    if spec.packed:
        from .._shape import cat

        with no_grad():
            flat = cat([outputs[i].reshape(-1) for i in diff])
        flat = _core._function_record(name, ctx, wired, flat, saved, saved_is_output)
        with enable_grad():
            for i in diff:
                outputs[i] = _slice_of(flat, *spec.pieces[piece_of[i]])
    else:
        (i,) = diff
        if any(outputs[i] is a for a in call_args):
            with no_grad():
                outputs[i] = outputs[i].clone()  # an input returned as is: the node needs a tensor of its own
        outputs[i] = _core._function_record(name, ctx, wired, outputs[i], saved, saved_is_output)
    for i, o in enumerate(outputs):
        if isinstance(o, Tensor) and i not in diff and o.requires_grad:
            outputs[i] = o.detach()  # an input returned as a non-differentiable output
    return tuple(outputs) if is_tuple else outputs[0]


def once_differentiable(fn):
    """Marks a Function's ``backward`` as not differentiable itself, as PyTorch's decorator.

    Its backward then runs with recording off; a recorded backward (``create_graph=True``)
    through it raises RuntimeError instead of returning a gradient without its second-order terms.

    Args:
        fn: The ``backward`` static method's function.

    Returns:
        The wrapped function.
    """

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            return fn(ctx, *args)

    wrapper._once_differentiable = True
    return wrapper
