"""Indexing functions, as ``torch.gather``, ``torch.index_select``, ... and their Tensor methods.

``x[...]`` itself is C++ (the mapping slots of Tensor): integers, slices, None and ``...`` make
views; integer and bool tensors, lists, ranges and arrays gather copies with NumPy's and
PyTorch's rules (see ``Tensor.__getitem__``). The functions here have PyTorch's names, signatures
and meaning; index tensors are int64 or int32 (``tg.DTypeError`` otherwise), and an index out of
bounds raises ``IndexError`` naming the index, the dimension and its size. Gradients flow to
every floating-point tensor argument but the indices.

Where an index repeats a position, the scatters that write (``scatter``, ``index_copy``,
``index_put_`` without ``accumulate``, ``x[idx] = v``) keep the last write in the index's
row-major order, as NumPy does (PyTorch leaves it undefined), and only that write receives a
gradient; the adding ones (``scatter_add``, ``index_add``, ``index_put_(..., accumulate=True)``)
add every value.
"""

from . import _core
from ._core import Tensor

__all__ = [
    "argwhere",
    "gather",
    "index_add",
    "index_copy",
    "index_fill",
    "index_put",
    "index_select",
    "masked_fill",
    "masked_scatter",
    "masked_select",
    "nonzero",
    "scatter",
    "scatter_add",
    "scatter_reduce",
    "take",
    "take_along_dim",
]


def _src_or_value(fn, src, value):
    if value is not None:
        if src is not None:
            raise TypeError(f"{fn}(): pass src or value, not both")
        return value
    if src is None:
        raise TypeError(f"{fn}(): missing the src tensor (or a number as value=)")
    return src


def gather(input, dim, index, *, sparse_grad=False):
    """Values of ``input`` along ``dim`` at ``index``: ``out[i][j] = input[index[i][j]][j]`` (dim 0).

    ``index`` has ``input``'s number of dimensions and is no larger than ``input`` along the
    others; the result has ``index``'s shape. The gradient scatter-adds into zeros of
    ``input``'s shape (repeated indices accumulate).

    Args:
        input (Tensor): the source.
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices in ``[0, input.shape[dim])``.
        sparse_grad (bool): accepted for PyTorch's signature; the gradient is always dense.

    Returns:
        Tensor: a new tensor of ``index``'s shape.

    Raises:
        IndexError: An index, or ``dim``, is out of range.
        ValueError: ``index`` does not fit ``input`` (dimensions or sizes).
        TypeError: ``index`` is not an integer tensor.
    """
    del sparse_grad
    return _core.gather(input, dim, index)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of ``input`` with ``src``'s values written along ``dim`` at ``index``.

    ``out[index[i][j]][j] = src[i][j]`` (dim 0). ``src`` may be a tensor of ``input``'s dtype
    or a number (also accepted as ``value=``). Where ``index`` repeats a position the last
    write (row-major) wins and alone receives ``src``'s gradient; ``input``'s gradient is zero
    at written positions.

    Args:
        input (Tensor): the tensor to copy.
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices, shaped as for ``gather``.
        src (Tensor or number, optional): the values to write.
        value (number, optional): one value to write instead of ``src``.
        reduce (str, optional): ``"add"`` or ``"multiply"`` to combine instead of writing
            (PyTorch's older spelling of ``scatter_reduce``).

    Returns:
        Tensor: the new tensor.
    """
    return _core.scatter(input, dim, index, _src_or_value("scatter", src, value), reduce)


def scatter_add(input, dim, index, src):
    """A copy of ``input`` with ``src``'s values added along ``dim`` at ``index`` (repeats add up).

    Args:
        input (Tensor): the tensor to copy.
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices, no larger than ``src``.
        src (Tensor): the values to add, of ``input``'s dtype.

    Returns:
        Tensor: the new tensor.
    """
    return _core.scatter_add(input, dim, index, src)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of ``input`` with ``src``'s values combined by ``reduce`` along ``dim`` at ``index``.

    Args:
        input (Tensor): the tensor to copy.
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices, no larger than ``src``.
        src (Tensor): the values, of ``input``'s dtype.
        reduce (str): ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``. The mean of
            integers rounds toward minus infinity; the gradient of amax/amin is shared evenly
            among the values equal to the result.
        include_self (bool): whether ``input``'s own values take part where values land.

    Returns:
        Tensor: the new tensor.
    """
    return _core.scatter_reduce(input, dim, index, src, reduce, include_self)


def index_select(input, dim, index):
    """The slices of ``input`` along ``dim`` at the entries of a 1-D ``index`` (a copy).

    Args:
        input (Tensor): the source.
        dim (int): the dimension to select along.
        index (Tensor): a 0-d or 1-D int64 (or int32) tensor of indices in ``[0, size)``.

    Returns:
        Tensor: ``input``'s shape with ``len(index)`` along ``dim``.
    """
    return _core.index_select(input, dim, index)


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of ``input`` with ``alpha * source``'s slices added at ``index`` along ``dim``.

    Args:
        input (Tensor): the tensor to copy.
        dim (int): the dimension to index along.
        index (Tensor): a 0-d or 1-D int64 (or int32) index; repeats add up.
        source (Tensor): ``input``'s shape with ``len(index)`` along ``dim``, and its dtype.
        alpha (number): the factor applied to ``source``.

    Returns:
        Tensor: the new tensor.
    """
    return _core.index_add(input, dim, index, source, alpha)


def index_copy(input, dim, index, source):
    """A copy of ``input`` with ``source``'s slices written at ``index`` along ``dim``.

    Args:
        input (Tensor): the tensor to copy.
        dim (int): the dimension to index along.
        index (Tensor): a 0-d or 1-D int64 (or int32) index; for repeats the last write wins.
        source (Tensor): ``input``'s shape with ``len(index)`` along ``dim``, and its dtype.

    Returns:
        Tensor: the new tensor.
    """
    return _core.index_copy(input, dim, index, source)


def index_fill(input, dim, index, value):
    """A copy of ``input`` with ``value`` written in the slices at ``index`` along ``dim``.

    Args:
        input (Tensor): the tensor to copy.
        dim (int): the dimension to index along.
        index (Tensor): a 0-d or 1-D int64 (or int32) index (negative counts from the end).
        value (number or Tensor): a number or a 0-d tensor (which receives the gradient of
            every filled element).

    Returns:
        Tensor: the new tensor.
    """
    return _core.index_fill(input, dim, index, value)


def index_put(input, indices, values, accumulate=False):
    """A copy of ``input`` with ``input[indices] = values`` (or ``+=`` with ``accumulate``).

    Args:
        input (Tensor): the tensor to copy.
        indices (tuple): the index, one entry per dimension (tensors, as ``x[...]`` takes).
        values (Tensor or number): broadcast to the indexed shape, converted to ``input``'s
            dtype.
        accumulate (bool): add instead of writing; repeated indices then add every value.

    Returns:
        Tensor: the new tensor.
    """
    return _core.index_put(input, indices, values, accumulate)


def take(input, index):
    """``input``'s elements, read as if it were 1-D, at ``index`` (any shape; negative counts back).

    Args:
        input (Tensor): the source.
        index (Tensor): int64 (or int32) indices into ``input.reshape(-1)``.

    Returns:
        Tensor: a tensor of ``index``'s shape.
    """
    return _core.take(input, index)


def take_along_dim(input, indices, dim=None):
    """``input``'s values along ``dim`` at ``indices`` (as ``numpy.take_along_axis``).

    ``input`` and ``indices`` broadcast against each other along every other dimension;
    negative indices count from the end. Without ``dim``, both are flattened first.

    Args:
        input (Tensor): the source.
        indices (Tensor): int64 (or int32) indices, with ``input``'s number of dimensions.
        dim (int, optional): the dimension to index along.

    Returns:
        Tensor: the values.
    """
    return _core.take_along_dim(input, indices, dim)


def masked_fill(input, mask, value):
    """A copy of ``input`` with ``value`` where the bool ``mask`` (broadcast) is true.

    Args:
        input (Tensor): the tensor to copy.
        mask (Tensor): a bool tensor broadcasting with ``input``.
        value (number or Tensor): a number or a 0-d tensor.

    Returns:
        Tensor: ``input`` and ``mask`` broadcast together.
    """
    return _core.masked_fill(input, mask, value)


def masked_select(input, mask):
    """The elements of ``input`` where the bool ``mask`` is true, as a 1-D tensor (a copy).

    Args:
        input (Tensor): the source.
        mask (Tensor): a bool tensor broadcasting with ``input``.

    Returns:
        Tensor: the selected elements in row-major order.
    """
    return _core.masked_select(input, mask)


def masked_scatter(input, mask, source):
    """A copy of ``input`` with ``source``'s first elements written where ``mask`` is true.

    Args:
        input (Tensor): the tensor to copy.
        mask (Tensor): a bool tensor broadcasting with ``input``.
        source (Tensor): at least as many elements as ``mask`` has true ones, of ``input``'s
            dtype; read in row-major order.

    Returns:
        Tensor: the new tensor.
    """
    return _core.masked_scatter(input, mask, source)


def nonzero(input, *, as_tuple=False):
    """The indices of the non-zero elements of ``input`` (no gradient).

    Args:
        input (Tensor): the tensor.
        as_tuple (bool): return one 1-D tensor per dimension (usable as an index:
            ``x[x.nonzero(as_tuple=True)]``) instead of one ``(count, ndim)`` tensor.

    Returns:
        Tensor or tuple of Tensors: int64 indices in row-major order.
    """
    return _core.nonzero(input, as_tuple)


def argwhere(input):
    """The indices of the non-zero elements of ``input`` as a ``(count, ndim)`` int64 tensor.

    Args:
        input (Tensor): the tensor.

    Returns:
        Tensor: one row per non-zero element, in row-major order.
    """
    return _core.nonzero(input, False)


def _where_condition(condition):
    # torch.where(condition), the one-argument form: nonzero(condition, as_tuple=True). The
    # public tg.where (three arguments) lives with the pointwise ops and calls this.
    return _core.nonzero(condition, True)


# --- Tensor methods: the functions above, and the in-place forms.


def _scatter_(self, dim, index, src=None, *, value=None, reduce=None):
    """``scatter`` in place: writes ``src`` (or ``value``) into this tensor; returns it.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices.
        src (Tensor or number, optional): the values to write.
        value (number, optional): one value to write instead of ``src``.
        reduce (str, optional): ``"add"`` or ``"multiply"``.
    """
    return _core.scatter(self, dim, index, _src_or_value("scatter_", src, value), reduce, True)


def _scatter_add_(self, dim, index, src):
    """``scatter_add`` in place; returns this tensor.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices.
        src (Tensor): the values to add.
    """
    return _core.scatter_add(self, dim, index, src, True)


def _scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
    """``scatter_reduce`` in place; returns this tensor.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): int64 (or int32) indices.
        src (Tensor): the values.
        reduce (str): ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``.
        include_self (bool): whether this tensor's values take part where values land.
    """
    return _core.scatter_reduce(self, dim, index, src, reduce, include_self, True)


def _index_add_(self, dim, index, source, *, alpha=1):
    """``index_add`` in place; returns this tensor.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): a 0-d or 1-D integer index.
        source (Tensor): the slices to add.
        alpha (number): the factor applied to ``source``.
    """
    return _core.index_add(self, dim, index, source, alpha, True)


def _index_copy_(self, dim, index, source):
    """``index_copy`` in place; returns this tensor.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): a 0-d or 1-D integer index.
        source (Tensor): the slices to write.
    """
    return _core.index_copy(self, dim, index, source, True)


def _index_fill_(self, dim, index, value):
    """``index_fill`` in place; returns this tensor.

    Args:
        dim (int): the dimension to index along.
        index (Tensor): a 0-d or 1-D integer index.
        value (number or Tensor): a number or a 0-d tensor.
    """
    return _core.index_fill(self, dim, index, value, True)


def _masked_fill_(self, mask, value):
    """``masked_fill`` in place (``mask`` must broadcast to this tensor's shape); returns it.

    Args:
        mask (Tensor): a bool tensor.
        value (number or Tensor): a number or a 0-d tensor.
    """
    return _core.masked_fill(self, mask, value, True)


def _masked_scatter_(self, mask, source):
    """``masked_scatter`` in place (``mask`` must broadcast to this tensor's shape); returns it.

    Args:
        mask (Tensor): a bool tensor.
        source (Tensor): the values, read in row-major order.
    """
    return _core.masked_scatter(self, mask, source, True)


for _name in (
    "gather",
    "index_add",
    "index_copy",
    "index_fill",
    "index_put",
    "index_select",
    "masked_fill",
    "masked_scatter",
    "masked_select",
    "nonzero",
    "argwhere",
    "scatter",
    "scatter_add",
    "scatter_reduce",
    "take",
    "take_along_dim",
):
    setattr(Tensor, _name, globals()[_name])
Tensor.scatter_ = _scatter_
Tensor.scatter_add_ = _scatter_add_
Tensor.scatter_reduce_ = _scatter_reduce_
Tensor.index_add_ = _index_add_
Tensor.index_copy_ = _index_copy_
Tensor.index_fill_ = _index_fill_
Tensor.masked_fill_ = _masked_fill_
Tensor.masked_scatter_ = _masked_scatter_
del _name
