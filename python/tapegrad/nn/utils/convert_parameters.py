"""Parameters as one vector and back, as ``torch.nn.utils.parameters_to_vector``."""

from ..._core import ArgumentError, Tensor
from ..._shape import cat
from ...grad_mode import no_grad

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated into one 1-D tensor (differentiable).

    Args:
        parameters: An iterable of Tensors (``model.parameters()``).

    Returns:
        Tensor: A new 1-D tensor of every parameter's values, in order.
    """
    return cat([param.reshape(-1) for param in parameters])


def vector_to_parameters(vec, parameters):
    """Copies consecutive slices of ``vec`` into the parameters, in place.

    PyTorch rebinds each parameter's ``.data`` to a view of ``vec`` (so they share memory);
    tapegrad copies the values in (under ``no_grad``), so later changes to ``vec`` do not show.

    Args:
        vec: A 1-D Tensor with at least as many elements as the parameters together.
        parameters: An iterable of Tensors.

    Raises:
        TypeError: ``vec`` is not a Tensor.
        ArgumentError: ``vec`` has too few elements (a ValueError and RuntimeError, as PyTorch's
            RuntimeError).
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected Tensor, but got: {type(vec).__name__} (pass tg.tensor(...))")
    parameters = list(parameters)
    needed = sum(param.numel() for param in parameters)
    if vec.numel() < needed:  # checked first, so that a failed call changes no parameter
        raise ArgumentError(
            f"vector_to_parameters: vec has {vec.numel()} elements, too few for the parameters "
            f"(at least {needed} needed)"
        )
    pointer = 0
    with no_grad():
        for param in parameters:
            num_param = param.numel()
            param.copy_(vec[pointer : pointer + num_param].view_as(param))
            pointer += num_param
