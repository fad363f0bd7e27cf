"""Shapes, views and matrix products, as ``torch.reshape``, ``torch.cat``, ``torch.matmul``, ...

Each function has PyTorch's name, arguments, defaults and meaning, and the Tensor methods of the
same names are the same functions (``x.permute(2, 0, 1)``, ``x.view(-1, 4)``, ``x.T``). Sizes
and dimensions may be given as separate arguments or as one tuple, list or ``Size`` wherever
PyTorch accepts both.

Views (``view``, ``reshape`` when the strides allow, ``flatten``, ``unflatten``, ``squeeze``,
``unsqueeze``, ``permute``, ``transpose``, ``t``, ``.T``, ``.mT``, ``movedim``, ``expand``,
``broadcast_to``, ``narrow``, ``unbind``, ``split``, ``chunk``, ``tensor_split``, ``diagonal``,
``as_strided``) share their input's memory: a write to one shows in the other. The others
(``cat``, ``stack``, ``repeat``, ``tile``, ``flip``, ``roll``, ``tril``, ...) return new
tensors. ``transpose`` swaps two dimensions, as in PyTorch; NumPy's ``transpose(axes)`` is
``permute``.
"""

import warnings

import numpy as np

from . import _core, _dtype
from ._core import Tensor

__all__ = [
    "as_strided",
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "bmm",
    "broadcast_to",
    "cat",
    "chunk",
    "concat",
    "concatenate",
    "diagonal",
    "dot",
    "dstack",
    "flatten",
    "flip",
    "fliplr",
    "flipud",
    "ger",
    "hstack",
    "inner",
    "matmul",
    "mm",
    "moveaxis",
    "movedim",
    "mv",
    "narrow",
    "outer",
    "permute",
    "reshape",
    "roll",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "swapdims",
    "t",
    "tensor_split",
    "tile",
    "transpose",
    "tril",
    "triu",
    "unbind",
    "unflatten",
    "unsqueeze",
    "vdot",
    "vstack",
]


def _sizes(args, name, what="size"):
    # f(2, 3), f((2, 3)), f([2, 3]) and f(tg.Size([2, 3])) mean the same sizes.
    if len(args) == 1 and not isinstance(args[0], (int, np.integer, Tensor)):
        return args[0]
    if not args:
        raise TypeError(f"{name}() missing 1 required positional argument: {what!r}")
    return args


def _dim(dim, axis, name="dim"):
    # NumPy's keyword `axis` for PyTorch's `dim`.
    if axis is not None:
        if dim is not None:
            raise TypeError(f"pass {name} or axis (its NumPy name), not both")
        return axis
    return dim


# --- views ---------------------------------------------------------------------------------


def _view(self, *shape):
    """A view of the tensor's elements in another shape, as ``torch.Tensor.view``.

    The shape may be given as separate sizes or as one tuple; one size may be -1 (inferred). The
    strides must allow it: a view can merge or split dimensions only where they lie one after the
    other in memory (``x.t().view(-1)`` cannot); :meth:`reshape` copies in that case.

    Args:
        *shape (int or tuple of ints): the new shape.

    Returns:
        Tensor: a view sharing this tensor's memory.

    Raises:
        RuntimeError: the strides do not allow the view ("Use .reshape(...) instead"), or the
            sizes do not hold this tensor's elements.
        NotImplementedError: ``view(dtype)`` (reinterpreting bytes) is not supported.
    """
    if len(shape) == 1 and isinstance(shape[0], (_dtype.dtype, np.dtype, type)):
        raise NotImplementedError(
            "view(dtype) reinterprets the bytes as another dtype, which tapegrad does not support; "
            "use .to(dtype) to convert the values"
        )
    return _core.view(self, _sizes(shape, "view"))


def _view_as(self, other):
    """A view of this tensor in ``other``'s shape: ``self.view(other.size())``.

    Args:
        other (Tensor): the tensor whose shape to take.

    Returns:
        Tensor: a view sharing this tensor's memory.
    """
    return _core.view(self, other.shape)


def reshape(input, shape):
    """The same elements in a new shape, as ``torch.reshape``.

    A view when the strides allow it (see :meth:`Tensor.view`), else a copy. One size may be -1.

    Args:
        input (Tensor): the tensor.
        shape (tuple of ints): the new shape.

    Returns:
        Tensor: a view of ``input`` or a contiguous copy.
    """
    return _core.reshape(input, shape)


def _reshape_method(self, *shape):
    """The same elements in a new shape: a view when the strides allow, else a copy.

    Args:
        *shape (int or tuple of ints): the new shape (one size may be -1).

    Returns:
        Tensor: a view of this tensor or a contiguous copy.
    """
    return _core.reshape(self, _sizes(shape, "reshape", "shape"))


def _reshape_as(self, other):
    """This tensor in ``other``'s shape: ``self.reshape(other.shape)``.

    Args:
        other (Tensor): the tensor whose shape to take.

    Returns:
        Tensor: a view of this tensor or a contiguous copy.
    """
    return _core.reshape(self, other.shape)


def flatten(input, start_dim=0, end_dim=-1):
    """Dimensions ``start_dim`` to ``end_dim`` merged into one, as ``torch.flatten``.

    A view when the strides allow (else a copy); ``input`` itself when the two are one
    dimension. A 0-d tensor becomes 1-D.

    Args:
        input (Tensor): the tensor.
        start_dim (int): the first dimension to merge.
        end_dim (int): the last dimension to merge.

    Returns:
        Tensor: the flattened tensor.
    """
    out = _core.flatten(input, start_dim, end_dim)
    return input if out._uid == input._uid else out  # the same tensor: the same object, as torch


def unflatten(input, dim, sizes):
    """Dimension ``dim`` split into ``sizes``, as ``torch.unflatten``: a view.

    Args:
        input (Tensor): the tensor.
        dim (int): the dimension to split.
        sizes (tuple of ints): its new sizes (their product is its size; one may be -1).

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.unflatten(input, dim, sizes)


def squeeze(input, dim=None, *, axis=None):
    """The size-1 dimensions removed, as ``torch.squeeze``: a view.

    With ``dim`` only that dimension (or those dimensions) is removed, and only if its size is 1:
    squeezing a dimension of another size leaves it, as in PyTorch.

    Args:
        input (Tensor): the tensor.
        dim (int or tuple of ints, optional): the dimension(s) to remove; all size-1 ones when
            None.
        axis (int or tuple of ints, optional): NumPy's name for ``dim``.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.squeeze(input, _dim(dim, axis))


def unsqueeze(input, dim):
    """A size-1 dimension inserted at position ``dim``, as ``torch.unsqueeze``: a view.

    Args:
        input (Tensor): the tensor.
        dim (int): where the new dimension goes, in ``-input.dim() - 1 .. input.dim()``.

    Returns:
        Tensor: a view of ``input`` with one more dimension.
    """
    return _core.unsqueeze(input, dim)


def permute(input, dims):
    """The dimensions reordered, as ``torch.permute``: result dimension i is ``dims[i]``. A view.

    This is NumPy's ``transpose(axes)``.

    Args:
        input (Tensor): the tensor.
        dims (tuple of ints): a permutation of the dimensions.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.permute(input, dims)


def _permute_method(self, *dims):
    """The dimensions reordered (``x.permute(2, 0, 1)`` or ``x.permute((2, 0, 1))``): a view.

    Args:
        *dims (int or tuple of ints): a permutation of the dimensions.

    Returns:
        Tensor: a view of this tensor.
    """
    if len(dims) == 1 and not isinstance(dims[0], (int, np.integer, Tensor)):
        dims = dims[0]
    return _core.permute(self, dims)


def _check_transpose_args(name, dim0, dim1, extra):
    if extra or isinstance(dim0, (tuple, list)) or dim0 is None or dim1 is None:
        raise TypeError(
            f"{name}() swaps two dimensions, as in PyTorch: call {name}(dim0, dim1). To reorder all "
            "the dimensions (NumPy's transpose(axes)) call permute(*dims); to reverse them use .T"
        )


def transpose(input, dim0=None, dim1=None, *args):
    """Dimensions ``dim0`` and ``dim1`` swapped, as ``torch.transpose``: a view.

    PyTorch's meaning, not NumPy's: a permutation of all the axes is :func:`permute`.

    Args:
        input (Tensor): the tensor.
        dim0 (int): the first dimension.
        dim1 (int): the second dimension.
        *args: not accepted (a ``TypeError`` pointing to ``permute``).

    Returns:
        Tensor: a view of ``input``.

    Raises:
        TypeError: a permutation (more than two dimensions, or a tuple) was given.
    """
    _check_transpose_args("transpose", dim0, dim1, args)
    return _core.transpose(input, dim0, dim1)


def _transpose_method(self, dim0=None, dim1=None, *args):
    """Dimensions ``dim0`` and ``dim1`` swapped (PyTorch's meaning; NumPy's is ``permute``).

    Args:
        dim0 (int): the first dimension.
        dim1 (int): the second dimension.
        *args: not accepted (a ``TypeError`` pointing to ``permute``).

    Returns:
        Tensor: a view of this tensor.
    """
    _check_transpose_args("transpose", dim0, dim1, args)
    return _core.transpose(self, dim0, dim1)


def swapaxes(input, axis0, axis1):
    """Dimensions ``axis0`` and ``axis1`` swapped, as ``torch.swapaxes``: :func:`transpose`.

    Args:
        input (Tensor): the tensor.
        axis0 (int): the first dimension.
        axis1 (int): the second dimension.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.transpose(input, axis0, axis1)


def swapdims(input, dim0, dim1):
    """Dimensions ``dim0`` and ``dim1`` swapped, as ``torch.swapdims``: :func:`transpose`.

    Args:
        input (Tensor): the tensor.
        dim0 (int): the first dimension.
        dim1 (int): the second dimension.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.transpose(input, dim0, dim1)


def t(input):
    """The transpose of a tensor of at most 2 dimensions, as ``torch.t``: a view.

    Args:
        input (Tensor): a 0-d, 1-D (returned as is) or 2-D tensor.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.t(input)


def _numpy_T(self):
    """The tensor with its dimensions reversed (as ``torch.Tensor.T``): a view.

    As in PyTorch, using it on a tensor of other than 2 dimensions warns: ``x.mT`` transposes
    batches of matrices, ``x.permute(...)`` reorders dimensions.
    """
    if self.ndim != 2:
        warnings.warn(
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated in PyTorch. Consider `x.mT` to transpose batches of matrices or "
            "`x.permute(*reversed(range(x.ndim)))` to reverse the dimensions of a tensor.",
            UserWarning,
            stacklevel=2,
        )
    return _core._numpy_T(self)


def _mT(self):
    """The last two dimensions swapped (as ``torch.Tensor.mT``): a view of a batch of matrices."""
    return _core._mT(self)


def movedim(input, source, destination):
    """Dimensions ``source`` moved to positions ``destination``, as ``torch.movedim``: a view.

    The other dimensions keep their order.

    Args:
        input (Tensor): the tensor.
        source (int or tuple of ints): the dimensions to move.
        destination (int or tuple of ints): where they go (as many as ``source``).

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.movedim(input, source, destination)


def moveaxis(input, source, destination):
    """NumPy's name for :func:`movedim`, as ``torch.moveaxis``.

    Args:
        input (Tensor): the tensor.
        source (int or tuple of ints): the dimensions to move.
        destination (int or tuple of ints): where they go.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.movedim(input, source, destination)


def _expand(self, *sizes):
    """The tensor repeated along size-1 dimensions without copying, as ``torch.Tensor.expand``.

    New dimensions may be added in front; a size of -1 keeps the tensor's size. The result is
    a view with stride 0 along the expanded dimensions: it cannot be written in place (its
    elements share memory), ``clone()`` it first.

    Args:
        *sizes (int or tuple of ints): the target sizes.

    Returns:
        Tensor: a view of this tensor.
    """
    return _core.expand(self, _sizes(sizes, "expand"))


def _expand_as(self, other):
    """This tensor expanded to ``other``'s shape: ``self.expand(other.size())``.

    Args:
        other (Tensor): the tensor whose shape to take.

    Returns:
        Tensor: a view of this tensor.
    """
    return _core.expand(self, other.shape)


def broadcast_to(input, size):
    """``input`` broadcast to ``size``, as ``torch.broadcast_to``: a view (see :meth:`Tensor.expand`).

    Args:
        input (Tensor): the tensor.
        size (tuple of ints): the target shape.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.broadcast_to(input, size)


def narrow(input, dim, start, length):
    """Elements ``start .. start + length - 1`` along ``dim``, as ``torch.narrow``: a view.

    Args:
        input (Tensor): the tensor.
        dim (int): the dimension.
        start (int or 0-d integer Tensor): the first element (negative counts from the end).
        length (int): how many elements.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.narrow(input, dim, start, length)


def unbind(input, dim=0):
    """Each index along ``dim``, as ``torch.unbind``: a tuple of views without that dimension.

    Args:
        input (Tensor): the tensor.
        dim (int): the dimension to take apart.

    Returns:
        tuple of Tensors: ``input.shape[dim]`` views of ``input``.
    """
    return tuple(_core.unbind(input, dim))


def split(tensor, split_size_or_sections, dim=0):
    """``tensor`` cut into pieces along ``dim``, as ``torch.split``: a tuple of views.

    Args:
        tensor (Tensor): the tensor.
        split_size_or_sections (int or list of ints): the size of each piece (the last one is
            smaller when it does not divide), or the list of the pieces' sizes (which must add
            up to the size of ``dim``).
        dim (int): the dimension to cut.

    Returns:
        tuple of Tensors: views of ``tensor``.
    """
    return tuple(_core.split(tensor, split_size_or_sections, dim))


def _split_method(self, split_size, dim=0):
    """This tensor cut into pieces along ``dim`` (see :func:`split`): a tuple of views.

    Args:
        split_size (int or list of ints): the size of each piece, or the list of their sizes.
        dim (int): the dimension to cut.

    Returns:
        tuple of Tensors: views of this tensor.
    """
    return tuple(_core.split(self, split_size, dim))


def chunk(input, chunks, dim=0):
    """``input`` cut into at most ``chunks`` pieces along ``dim``, as ``torch.chunk``.

    Each piece has ``ceil(size / chunks)`` elements but the last; as in PyTorch, fewer pieces
    come back when the size does not call for them all (6 elements in 4 chunks give 3 of 2).

    Args:
        input (Tensor): the tensor.
        chunks (int): the number of pieces wanted (positive).
        dim (int): the dimension to cut.

    Returns:
        tuple of Tensors: views of ``input``.
    """
    return tuple(_core.chunk(input, chunks, dim))


def tensor_split(input, indices_or_sections, dim=0):
    """``input`` cut along ``dim``, as ``torch.tensor_split`` (NumPy's ``array_split``).

    Args:
        input (Tensor): the tensor.
        indices_or_sections (int, list of ints or Tensor): a number of sections (sizes
            differing by at most one, the first ones larger), or the indices to cut before (as
            slices ``[:i0], [i0:i1], ..., [ik:]``); a 0-d integer tensor is a number, a 1-D one
            a list of indices.
        dim (int): the dimension to cut.

    Returns:
        tuple of Tensors: views of ``input``.
    """
    if isinstance(indices_or_sections, Tensor):
        if indices_or_sections.dtype.is_floating_point or indices_or_sections.ndim > 1:
            raise TypeError(
                "tensor_split expected tensor_indices_or_sections to have an integer dtype and 0 or 1 "
                f"dimensions, got {indices_or_sections.dtype} of shape {tuple(indices_or_sections.shape)}"
            )
        indices_or_sections = indices_or_sections.tolist()
    return tuple(_core.tensor_split(input, indices_or_sections, dim))


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The diagonal of the ``(dim1, dim2)`` planes, as ``torch.diagonal``: a view.

    The diagonal becomes the last dimension.

    Args:
        input (Tensor): a tensor of at least 2 dimensions.
        offset (int): the diagonal: 0 the main one, > 0 above it, < 0 below it.
        dim1 (int): the first dimension of the planes.
        dim2 (int): the second dimension of the planes.

    Returns:
        Tensor: a view of ``input``.
    """
    return _core.diagonal(input, offset, dim1, dim2)


def as_strided(input, size, stride, storage_offset=None):
    """A view of ``input``'s memory with any sizes and strides, as ``torch.as_strided``.

    Strides and the offset count elements from the start of the memory ``input`` shares
    (``input.storage_offset()`` is ``input``'s own start). While gradients are recorded the view
    must lie within a contiguous ``input``'s own elements.

    Args:
        input (Tensor): the tensor.
        size (tuple of ints): the view's shape.
        stride (tuple of ints): its strides, in elements (non-negative).
        storage_offset (int, optional): where its first element lies; ``input``'s own offset
            when None.

    Returns:
        Tensor: a view of ``input``'s memory.
    """
    return _core.as_strided(input, size, stride, storage_offset)


def _atleast(name, core, tensors):
    if len(tensors) == 1:
        if isinstance(tensors[0], (tuple, list)):
            return tuple(core(t) for t in tensors[0])
        return core(tensors[0])
    if not tensors:
        raise TypeError(f"{name}() missing 1 required positional argument: 'tensors'")
    return tuple(core(t) for t in tensors)


def atleast_1d(*tensors):
    """Each tensor with at least 1 dimension, as ``torch.atleast_1d`` (0-d becomes ``(1,)``).

    Args:
        *tensors (Tensor or sequence of Tensors): the tensors.

    Returns:
        Tensor or tuple of Tensors: one result per tensor (a tuple for several); tensors that
        already have enough dimensions come back as they are.
    """
    return _atleast("atleast_1d", _core.atleast_1d, tensors)


def atleast_2d(*tensors):
    """Each tensor with at least 2 dimensions, as ``torch.atleast_2d`` (1-D ``(n,)`` becomes ``(1, n)``).

    Args:
        *tensors (Tensor or sequence of Tensors): the tensors.

    Returns:
        Tensor or tuple of Tensors: one result per tensor (a tuple for several).
    """
    return _atleast("atleast_2d", _core.atleast_2d, tensors)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dimensions, as ``torch.atleast_3d``.

    1-D ``(n,)`` becomes ``(1, n, 1)`` and 2-D ``(m, n)`` becomes ``(m, n, 1)``.

    Args:
        *tensors (Tensor or sequence of Tensors): the tensors.

    Returns:
        Tensor or tuple of Tensors: one result per tensor (a tuple for several).
    """
    return _atleast("atleast_3d", _core.atleast_3d, tensors)


# --- copies --------------------------------------------------------------------------------


def cat(tensors, dim=0, *, axis=None):
    """The tensors joined along dimension ``dim``, as ``torch.cat``: a new tensor.

    All sizes but ``dim``'s must agree; dtypes promote as in arithmetic (int64 with float32
    gives float32). As PyTorch's legacy rule, 1-D tensors with no elements are skipped whatever
    their shape. Any number of tensors.

    Args:
        tensors (sequence of Tensors): the tensors (at least one).
        dim (int): the dimension to join along.
        axis (int, optional): NumPy's name for ``dim``.

    Returns:
        Tensor: the joined tensor.
    """
    dim = _dim(None if axis is not None and dim == 0 else dim, axis)
    return _core.cat(tensors, dim)


def concat(tensors, dim=0, *, axis=None):
    """An alias of :func:`cat`, as ``torch.concat``.

    Args:
        tensors (sequence of Tensors): the tensors (at least one).
        dim (int): the dimension to join along.
        axis (int, optional): NumPy's name for ``dim``.

    Returns:
        Tensor: the joined tensor.
    """
    return cat(tensors, dim, axis=axis)


def concatenate(tensors, axis=0):
    """An alias of :func:`cat` with NumPy's argument name, as ``torch.concatenate``.

    Args:
        tensors (sequence of Tensors): the tensors (at least one).
        axis (int): the dimension to join along.

    Returns:
        Tensor: the joined tensor.
    """
    return _core.cat(tensors, axis)


def stack(tensors, dim=0, *, axis=None):
    """The tensors (all of one shape) joined along a new dimension ``dim``, as ``torch.stack``.

    Args:
        tensors (sequence of Tensors): the tensors (at least one).
        dim (int): where the new dimension goes, in ``-ndim - 1 .. ndim``.
        axis (int, optional): NumPy's name for ``dim``.

    Returns:
        Tensor: a new tensor with one more dimension.
    """
    dim = _dim(None if axis is not None and dim == 0 else dim, axis)
    return _core.stack(tensors, dim)


def hstack(tensors):
    """The tensors joined column-wise, as ``torch.hstack``: along dimension 1, or 0 for 1-D ones.

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the joined tensor.
    """
    return _core.hstack(tensors)


def vstack(tensors):
    """The tensors joined row-wise, as ``torch.vstack``: 1-D ones become rows, then ``cat`` along 0.

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the joined tensor.
    """
    return _core.vstack(tensors)


def dstack(tensors):
    """The tensors joined depth-wise, as ``torch.dstack``: :func:`atleast_3d`, then ``cat`` along 2.

    Args:
        tensors (sequence of Tensors): the tensors.

    Returns:
        Tensor: the joined tensor.
    """
    return _core.dstack(tensors)


def _repeat(self, *repeats):
    """The tensor tiled ``repeats[i]`` times along each dimension, as ``torch.Tensor.repeat``.

    ``repeats`` may have more entries than the tensor has dimensions (new leading ones), never
    fewer. This is NumPy's ``tile``; NumPy's ``repeat`` (each element repeated) is not it.

    Args:
        *repeats (int or tuple of ints): the number of copies along each dimension.

    Returns:
        Tensor: a new tensor.
    """
    return _core.repeat(self, _sizes(repeats, "repeat", "repeats"))


def tile(input, dims):
    """``input`` tiled ``dims[i]`` times along each dimension, as ``torch.tile`` (NumPy's ``tile``).

    With fewer entries than dimensions, leading 1s are assumed.

    Args:
        input (Tensor): the tensor.
        dims (tuple of ints): the number of copies along each dimension.

    Returns:
        Tensor: a new tensor.
    """
    return _core.tile(input, dims)


def _tile_method(self, *dims):
    """This tensor tiled along each dimension (see :func:`tile`).

    Args:
        *dims (int or tuple of ints): the number of copies along each dimension.

    Returns:
        Tensor: a new tensor.
    """
    return _core.tile(self, _sizes(dims, "tile", "dims"))


def flip(input, dims):
    """The order of the elements reversed along ``dims``, as ``torch.flip``: a copy.

    Args:
        input (Tensor): the tensor.
        dims (int or tuple of ints): the dimensions to reverse.

    Returns:
        Tensor: a new tensor.
    """
    return _core.flip(input, dims)


def _flip_method(self, *dims):
    """The order of the elements reversed along ``dims`` (``x.flip(0, 1)`` or ``x.flip((0, 1))``).

    Args:
        *dims (int or tuple of ints): the dimensions to reverse.

    Returns:
        Tensor: a new tensor.
    """
    return _core.flip(self, _sizes(dims, "flip", "dims"))


def fliplr(input):
    """Left and right swapped (dimension 1 reversed), as ``torch.fliplr``: a copy.

    Args:
        input (Tensor): a tensor of at least 2 dimensions.

    Returns:
        Tensor: a new tensor.
    """
    if input.ndim < 2:
        raise _core.ArgumentError(
            f"fliplr: input tensor must be at least 2-D, got shape {tuple(input.shape)}"
        )
    return _core.flip(input, (1,))


def flipud(input):
    """Up and down swapped (dimension 0 reversed), as ``torch.flipud``: a copy.

    Args:
        input (Tensor): a tensor of at least 1 dimension.

    Returns:
        Tensor: a new tensor.
    """
    if input.ndim < 1:
        raise _core.ArgumentError("flipud: input tensor must be at least 1-D, got a 0-d tensor")
    return _core.flip(input, (0,))


def roll(input, shifts, dims=None):
    """The elements shifted along ``dims``, wrapping around, as ``torch.roll``: a copy.

    Args:
        input (Tensor): the tensor.
        shifts (int or tuple of ints): the shift along each dimension of ``dims``.
        dims (int or tuple of ints, optional): the dimensions; when None, ``input`` is flattened,
            shifted by the one shift and given its shape back.

    Returns:
        Tensor: a new tensor.
    """
    return _core.roll(input, shifts, dims)


def tril(input, diagonal=0):
    """The lower triangle of the last two dimensions, the rest zeroed, as ``torch.tril``.

    Args:
        input (Tensor): a tensor of at least 2 dimensions (a batch of matrices).
        diagonal (int): the last diagonal kept: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        Tensor: a new tensor.
    """
    return _core.tril(input, diagonal)


def triu(input, diagonal=0):
    """The upper triangle of the last two dimensions, the rest zeroed, as ``torch.triu``.

    Args:
        input (Tensor): a tensor of at least 2 dimensions (a batch of matrices).
        diagonal (int): the first diagonal kept: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        Tensor: a new tensor.
    """
    return _core.triu(input, diagonal)


# --- matrix products -----------------------------------------------------------------------


def matmul(input, other):
    """The matrix product, as ``torch.matmul`` (and the ``@`` operator).

    1-D @ 1-D is the dot product (a 0-d tensor); 2-D @ 2-D the matrix product; a 1-D operand is
    a row on the left or a column on the right, and the result loses that dimension; operands of
    more than 2 dimensions are stacks of matrices whose leading (batch) dimensions broadcast.
    Operands of different dtypes promote as in arithmetic (PyTorch raises instead).

    Args:
        input (Tensor): the left operand (array-like data is copied into a tensor).
        other (Tensor): the right operand.

    Returns:
        Tensor: the product.
    """
    return _core.matmul(input, other)


def mm(input, mat2):
    """The product of two matrices, as ``torch.mm``: both 2-D, no broadcasting.

    Args:
        input (Tensor): an ``(n, m)`` matrix.
        mat2 (Tensor): an ``(m, p)`` matrix.

    Returns:
        Tensor: the ``(n, p)`` product.
    """
    return _core.mm(input, mat2)


def bmm(input, mat2):
    """Batched matrix products, as ``torch.bmm``: both 3-D with the same batch size.

    Args:
        input (Tensor): a ``(b, n, m)`` tensor.
        mat2 (Tensor): a ``(b, m, p)`` tensor.

    Returns:
        Tensor: the ``(b, n, p)`` products.
    """
    return _core.bmm(input, mat2)


def mv(input, vec):
    """A matrix times a vector, as ``torch.mv``.

    Args:
        input (Tensor): an ``(n, m)`` matrix.
        vec (Tensor): an ``(m,)`` vector.

    Returns:
        Tensor: the ``(n,)`` product.
    """
    return _core.mv(input, vec)


def dot(input, tensor):
    """The dot product of two 1-D tensors of one size, as ``torch.dot``.

    Args:
        input (Tensor): a 1-D tensor.
        tensor (Tensor): a 1-D tensor of the same size.

    Returns:
        Tensor: a 0-d tensor.
    """
    return _core.dot(input, tensor)


def vdot(input, other):
    """The dot product of two 1-D tensors, as ``torch.vdot`` (the same as :func:`dot` for real tensors).

    Args:
        input (Tensor): a 1-D tensor.
        other (Tensor): a 1-D tensor of the same size.

    Returns:
        Tensor: a 0-d tensor.
    """
    return _core.vdot(input, other)


def outer(input, vec2):
    """The outer product of two 1-D tensors, as ``torch.outer``: ``(n,)`` and ``(m,)`` give ``(n, m)``.

    Args:
        input (Tensor): a 1-D tensor.
        vec2 (Tensor): a 1-D tensor.

    Returns:
        Tensor: the ``(n, m)`` products.
    """
    return _core.outer(input, vec2)


def ger(input, vec2):
    """An alias of :func:`outer`, as ``torch.ger``.

    Args:
        input (Tensor): a 1-D tensor.
        vec2 (Tensor): a 1-D tensor.

    Returns:
        Tensor: the ``(n, m)`` products.
    """
    return _core.outer(input, vec2)


def inner(input, other):
    """Sums of products over the last dimension of both, as ``torch.inner``.

    The result's shape is ``input.shape[:-1] + other.shape[:-1]``; a 0-d operand multiplies the
    other.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor (its last size must be ``input``'s).

    Returns:
        Tensor: the products.
    """
    return _core.inner(input, other)


Tensor.view = _view
Tensor.view_as = _view_as
Tensor.reshape = _reshape_method
Tensor.reshape_as = _reshape_as
Tensor.flatten = flatten
Tensor.unflatten = unflatten
Tensor.squeeze = squeeze
Tensor.unsqueeze = unsqueeze
Tensor.permute = _permute_method
Tensor.transpose = _transpose_method
Tensor.swapaxes = swapaxes
Tensor.swapdims = swapdims
Tensor.t = t
Tensor.T = property(_numpy_T)
Tensor.mT = property(_mT)
Tensor.movedim = movedim
Tensor.moveaxis = moveaxis
Tensor.expand = _expand
Tensor.expand_as = _expand_as
Tensor.broadcast_to = broadcast_to
Tensor.narrow = narrow
Tensor.unbind = unbind
Tensor.split = _split_method
Tensor.chunk = chunk
Tensor.tensor_split = tensor_split
Tensor.diagonal = diagonal
Tensor.as_strided = as_strided
Tensor.repeat = _repeat
Tensor.tile = _tile_method
Tensor.flip = _flip_method
Tensor.fliplr = fliplr
Tensor.flipud = flipud
Tensor.roll = roll
Tensor.tril = tril
Tensor.triu = triu
Tensor.matmul = matmul
Tensor.mm = mm
Tensor.bmm = bmm
Tensor.mv = mv
Tensor.dot = dot
Tensor.vdot = vdot
Tensor.outer = outer
Tensor.ger = ger
Tensor.inner = inner
