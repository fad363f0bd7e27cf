"""Embedding lookups of ``tapegrad.nn.functional``, as in ``torch.nn.functional``."""

from .. import _core

__all__ = ["embedding"]


def embedding(
    input,
    weight,
    padding_idx=None,
    max_norm=None,
    norm_type=2.0,
    scale_grad_by_freq=False,
    sparse=False,
):
    """The rows of ``weight`` at the integer ``input``: a lookup table, as ``weight[input]``.

    The gradient adds each looked-up row's gradient into its row of ``weight`` (rows looked up
    several times accumulate), with a row copy per index forward and a row add backward.

    Args:
        input (Tensor): int64 (or int32) indices of any shape, in ``[0, num_embeddings)``.
        weight (Tensor): the ``(num_embeddings, embedding_dim)`` table.
        padding_idx (int, optional): a row whose gradient stays zero (negative counts from the
            end); its value is looked up as any other.
        max_norm (float, optional): rows looked up whose ``norm_type``-norm exceeds it are first
            rescaled to norm ``max_norm``, in place in ``weight`` (without recording).
        norm_type (float): the p of the p-norm for ``max_norm``.
        scale_grad_by_freq (bool): divide each row's gradient by the number of times ``input``
            names it.
        sparse (bool): accepted for PyTorch's signature; the gradient is always a dense tensor
            (tapegrad has no sparse tensors), with the same values.

    Returns:
        Tensor: shape ``input.shape + (embedding_dim,)``.

    Raises:
        IndexError: An index is out of range (negative indices are too, as in PyTorch).
        ValueError: ``weight`` is not 2-D, or ``padding_idx`` is out of range.
        TypeError: ``input`` is not an integer tensor.
    """
    del sparse
    if max_norm is not None:
        _core.embedding_renorm_(weight, input, max_norm, norm_type)
    return _core.embedding(input, weight, padding_idx, scale_grad_by_freq)
