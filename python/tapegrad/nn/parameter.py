"""Parameter: the tensor type that Modules register as their parameters."""

from .._core import Tensor, _make_subclass
from .._factories import empty

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A tensor that is a module's parameter: assigned as a Module attribute, it is registered.

    It shares ``data``'s memory (detached from its history), as ``torch.nn.Parameter``. Ops on a
    parameter give plain tensors.

    Args:
        data: The values, a Tensor (default: an empty float tensor).
        requires_grad: Whether the parameter requires a gradient (default True).

    Raises:
        TypeError: ``data`` is not a Tensor.
        DTypeError: ``requires_grad`` with an integer or bool tensor.
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = empty(0)
        return _make_subclass(cls, data, requires_grad)

    def __init__(self, data=None, requires_grad=True):
        # Everything happens in __new__; this states the signature (for help() and the API docs).
        pass

    def __repr__(self):
        return "Parameter containing:\n" + Tensor.__repr__(self)

    def __reduce_ex__(self, protocol):
        return (Parameter, (self.detach().clone(), self.requires_grad))

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = Parameter(self.detach().clone(), self.requires_grad)
        return memo[id(self)]
