"""default_collate and default_convert, as ``torch.utils.data``'s."""

import collections.abc
import copy
import re

import numpy as np

from ... import _core
from ..._dtype import float64
from ..._shape import stack

__all__ = ["default_collate", "default_convert"]

_STR_OBJ = re.compile(r"[SaUO]")
_ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _from_numpy(value):
    return _core.tensor(np.ascontiguousarray(value))


def default_convert(data):
    """Turns NumPy arrays (and NumPy scalars) into tensors, through lists, tuples and dicts, as
    ``torch.utils.data.default_convert`` (the DataLoader's collate_fn when batch_size is None).

    Args:
        data: A sample: a tensor, a NumPy array or scalar, or a dict, namedtuple, tuple or list
            of them; anything else is returned as it is.

    Returns:
        The sample with its NumPy values as tensors (tuples become lists, as in PyTorch).
    """
    if isinstance(data, _core.Tensor):
        return data
    elem_type = type(data)
    if elem_type.__module__ == "numpy" and elem_type.__name__ not in ("str_", "string_", "bytes_"):
        if isinstance(data, np.ndarray) and _STR_OBJ.search(data.dtype.str) is not None:
            return data
        return _from_numpy(data)
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return elem_type({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for i, d in enumerate(data):
                    clone[i] = default_convert(d)
                return clone
            return elem_type([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data


def default_collate(batch):
    """Stacks a list of samples into a batch, as ``torch.utils.data.default_collate``.

    Tensors are stacked along a new first dimension (``tg.stack``); NumPy arrays become tensors
    and are stacked; NumPy scalars become a 1-D tensor; Python floats a float64 tensor, ints an
    int64 tensor (bools a bool tensor); strings and bytes stay a list; dicts, namedtuples,
    tuples and lists are collated field by field (a tuple gives a list, as in PyTorch).

    Args:
        batch: A list (or sequence) of samples of the same structure.

    Returns:
        The batch, with the samples' structure.

    Raises:
        TypeError: An element of a type it cannot collate.
        RuntimeError: Sequence samples of different lengths.
    """
    elem = batch[0]
    elem_type = type(elem)
    if isinstance(elem, _core.Tensor):
        return stack(list(batch), 0)
    if isinstance(elem, np.ndarray):
        if _STR_OBJ.search(elem.dtype.str) is not None:
            raise TypeError(_ERROR.format(elem.dtype))
        return default_collate([_from_numpy(b) for b in batch])
    if isinstance(elem, (np.bool_, np.number, np.object_)):
        return _from_numpy(np.array(batch))
    if isinstance(elem, float):
        return _core.tensor(list(batch), dtype=float64)
    if isinstance(elem, int):  # bool too: a bool tensor, as PyTorch's
        return _core.tensor(list(batch))
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update({key: default_collate([d[key] for d in batch]) for key in elem})
                return clone
            return elem_type({key: default_collate([d[key] for d in batch]) for key in elem})
        except TypeError:
            return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return elem_type(*(default_collate(samples) for samples in zip(*batch, strict=False)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch, strict=False))
        if isinstance(elem, tuple):
            return [default_collate(samples) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, samples in enumerate(transposed):
                    clone[i] = default_collate(samples)
                return clone
            return elem_type([default_collate(samples) for samples in transposed])
        except TypeError:
            return [default_collate(samples) for samples in transposed]
    raise TypeError(_ERROR.format(elem_type))
