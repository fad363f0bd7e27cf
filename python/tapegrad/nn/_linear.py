"""``linear`` of ``tapegrad.nn.functional``, as ``torch.nn.functional.linear``."""

from .. import _core

__all__ = ["linear"]


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``: one tape node on the fused GEMM (the weight read transposed).

    Args:
        input (Tensor): the input, of shape ``(*, in_features)`` (any number of leading dimensions).
        weight (Tensor): the weight, of shape ``(out_features, in_features)`` (PyTorch's layout).
        bias (Tensor, optional): the bias, of shape ``(out_features,)``.

    Returns:
        Tensor: of shape ``(*, out_features)``. Mixed dtypes promote (PyTorch raises).

    Raises:
        ValueError: the shapes do not fit (the weight is not 2-D, the input's last dimension is
            not ``in_features``, or the bias is not ``(out_features,)``).
        TypeError: an argument is not a Tensor.
    """
    return _core._linear(input, weight, bias)
