"""``tg.compile``: record a step once, replay it in C++.

``step = tg.compile(fn)`` wraps a function of tensors (typically a training step: zero_grad,
forward, loss, backward, optimizer step). Its first call with a given signature runs ``fn``
eagerly (it makes what is made lazily, such as the optimizer's state); the second records every
computation ``fn`` makes into a plan (``tapegrad._core._Plan``); later calls replay the plan in
C++, with no Python between ops and no allocation, bit for bit equal to eager execution.

The signature is the shapes and dtypes of the tensor arguments and the values of the others. A
call with a new signature records again (the last ``cache_size`` plans are kept). Python control
flow is frozen into the plan, as in ``jax.jit``: ``fn`` must do the same work on every call.
Reading a tensor's value into Python while recording (``.item()``, ``float(t)``, ``bool(t)``,
``.numpy()``, ``.tolist()``) and ops a plan cannot replay raise ``RuntimeError`` naming them.
"""

from collections import OrderedDict

from . import _core
from .optim import optimizer as _optimizer

__all__ = ["compile"]

_Tensor = _core.Tensor


def _flatten(value, tensors):
    """(template, tensors): tensors replaced by their index; tuples and lists kept as they are."""
    if isinstance(value, _Tensor):
        tensors.append(value)
        return _Slot(len(tensors) - 1)
    if isinstance(value, (tuple, list)):
        return type(value)(_flatten(v, tensors) for v in value)
    return value


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


def _rebuild(template, tensors):
    if isinstance(template, _Slot):
        return tensors[template.index]
    if isinstance(template, (tuple, list)):
        return type(template)(_rebuild(v, tensors) for v in template)
    return template


class _Entry:
    """What is known for one signature: a plan (after the warm-up call) and its outputs' shape."""

    __slots__ = ("epoch", "optimizers", "plan", "single", "template")

    def __init__(self):
        self.plan = None
        self.template = None
        self.single = False
        self.epoch = None  # the hyperparameter epoch its optimizers were last checked at
        self.optimizers = ()  # (optimizer, its param_groups list, their hyperparameters) recorded

    def hyperparameters_unchanged(self):
        """Whether every optimizer the plan steps has the hyperparameters it was recorded with."""
        epoch = _optimizer.hyperparameter_epoch[0]
        if epoch == self.epoch:
            return True
        for opt, groups, values in self.optimizers:
            if opt.param_groups is not groups or _hyperparameters(groups) != values:
                return False
        self.epoch = epoch
        return True


class CompiledFunction:
    """A function whose calls replay a recorded plan (see ``tapegrad.compile``)."""

    def __init__(self, fn, check=False, cache_size=8):
        if not callable(fn):
            raise TypeError(f"compile() needs a callable, got {type(fn).__name__}")
        if not isinstance(cache_size, int) or cache_size < 1:
            raise ValueError(f"cache_size must be a positive int, got {cache_size!r}")
        self.fn = fn
        self.check = bool(check)
        self.cache_size = cache_size
        self._entries = OrderedDict()
        self._last = None  # the entry of the last replay, tried first
        self.__wrapped__ = fn
        self.__doc__ = getattr(fn, "__doc__", None)
        self.__name__ = getattr(fn, "__name__", "compiled")

    def __call__(self, *args, **kwargs):
        last = self._last
        if last is not None and not kwargs and last.epoch == _optimizer.hyperparameter_epoch[0]:
            outputs = last.plan.try_run(args)  # None unless args are its tensors, fitting
            if outputs is not None:
                return outputs[0] if last.single else _rebuild(last.template, outputs)
        return self._call(args, kwargs)

    def _call(self, args, kwargs):
        if kwargs:
            raise TypeError("a compiled function takes positional arguments only")
        tensors = [a for a in args if type(a) is _Tensor or isinstance(a, _Tensor)]
        key = tuple(
            (a.shape, a.dtype, a.requires_grad) if isinstance(a, _Tensor) else (type(a), a) for a in args
        )
        entries = self._entries
        entry = entries.get(key)
        if entry is None:
            entry = _Entry()
            entries[key] = entry
            if len(entries) > self.cache_size and entries.popitem(last=False)[1] is self._last:
                self._last = None
            return self.fn(*args)  # the warm-up call: eager, nothing recorded
        plan = entry.plan
        if plan is None or not plan.matches(tensors) or not entry.hyperparameters_unchanged():
            return self._record(entry, args, tensors)
        if self.check:
            return self._checked(entry, args, tensors)
        self._last = entry if len(tensors) == len(args) else None
        outputs = plan.run(tensors)
        if entry.single:
            return outputs[0]
        return _rebuild(entry.template, outputs)

    def _record(self, entry, args, tensors):
        for t in tensors:
            if t.requires_grad:
                raise ValueError(
                    "compile(): tensor arguments must not require gradients (they are bound as data); "
                    "use tensors that do, such as parameters, from fn's closure instead"
                )
        template = []
        outputs = []

        def run():
            template.append(_flatten(self.fn(*args), outputs))
            return outputs

        entry.plan = None
        self._last = None
        _optimizer.stepped_while_recording.append(set())
        try:
            plan = _core._plan_record(run, tensors)
        finally:
            stepped = _optimizer.stepped_while_recording.pop()
        entry.optimizers = tuple(
            (opt, opt.param_groups, _hyperparameters(opt.param_groups)) for opt in stepped
        )
        entry.epoch = _optimizer.hyperparameter_epoch[0]
        entry.plan = plan
        entry.template = template[0]
        entry.single = isinstance(entry.template, _Slot)
        return _rebuild(entry.template, outputs)

    def _checked(self, entry, args, tensors):
        """Replays, keeps the results, restores the state, runs eagerly and compares."""
        state = entry.plan.state()
        before = _snapshot(state)
        replay_out = [t.detach().clone() for t in entry.plan.run(tensors)]
        replay_state = _snapshot(state)
        _restore(state, before)
        eager_tensors = []
        eager = _flatten(self.fn(*args), eager_tensors)
        _compare("output", replay_out, eager_tensors)
        for i, (t, (value, grad)) in enumerate(zip(state, replay_state)):
            _compare(f"tensor {i} of shape {tuple(t.shape)} (a parameter or state)", [value], [t])
            if (grad is None) != (t.grad is None):
                raise RuntimeError(f"compile(check=True): the .grad of tensor {i} is set in one run only")
            if grad is not None:
                _compare(f"the .grad of tensor {i} of shape {tuple(t.shape)}", [grad], [t.grad])
        return _rebuild(eager, eager_tensors)


def _hyperparameters(groups):
    """Every value of every group but its parameters (numbers, tuples, flags)."""
    return [[(k, v) for k, v in g.items() if k != "params"] for g in groups]


def _snapshot(tensors):
    return [(t.detach().clone(), None if t.grad is None else t.grad.detach().clone()) for t in tensors]


def _restore(tensors, saved):
    from .grad_mode import no_grad

    with no_grad():
        for t, (value, grad) in zip(tensors, saved):
            t.copy_(value)
            t.grad = grad


def _same_bits(a, b):
    import numpy as np

    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    x, y = np.ascontiguousarray(a.numpy()), np.ascontiguousarray(b.numpy())
    return x.tobytes() == y.tobytes()


def _compare(what, replayed, eager):
    if len(replayed) != len(eager):
        raise RuntimeError(f"compile(check=True): the {what}s differ in number")
    for i, (r, e) in enumerate(zip(replayed, eager)):
        if not _same_bits(r, e):
            raise RuntimeError(
                f"compile(check=True): {what} {i} differs between the replay and eager execution"
            )


def compile(fn=None, *, check=False, cache_size=8):
    """Records ``fn`` once and replays it in C++ on later calls.

    Args:
        fn: A function of tensors (and other, hashable, arguments). Tensor arguments are bound
            as data on every call and must not require gradients; tensors ``fn`` uses from its
            closure (a model's parameters, an optimizer's state) are updated as eagerly.
        check: Replay and run eagerly on every call, raising at the first difference.
        cache_size: How many signatures keep their plan.

    Returns:
        A callable with ``fn``'s results. Usable as a decorator, with or without arguments.
    """
    if fn is None:
        return lambda f: CompiledFunction(f, check=check, cache_size=cache_size)
    return CompiledFunction(fn, check=check, cache_size=cache_size)
