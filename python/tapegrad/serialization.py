"""``tg.save`` / ``tg.load``: tensors and state dicts in NumPy's ``.npz`` format.

A file holds plain arrays (one per entry) and one small JSON record, ``__tapegrad__``, that says
what was saved (a tensor or a dict), the order of the entries and which were tensors with
``requires_grad``. Nothing is pickled: files load with ``allow_pickle=False``, so loading a file
from elsewhere cannot run code, and ``numpy.load`` reads them too.
"""

import collections
import json
import os
import zipfile
import zlib

import numpy as np

from ._core import Tensor, tensor

__all__ = ["load", "save"]

_META = "__tapegrad__"
_FORMAT = "tapegrad.npz"
_VERSION = 1


def _array(name, value):
    if isinstance(value, Tensor):
        return value.numpy()
    if isinstance(value, np.ndarray) or np.isscalar(value):
        array = np.asarray(value)
    else:
        raise TypeError(f"save: {name} is a {type(value).__name__}; entries must be Tensors or NumPy arrays")
    if array.dtype.hasobject:
        raise TypeError(
            f"save: {name} holds Python objects ({array.dtype}); only numeric arrays can be saved"
        )
    return array


def save(obj, f):
    """Saves a Tensor, or a mapping of str -> Tensor / NumPy array (``model.state_dict()``), to ``f``.

    ``f`` is a path (written as given: no ``.npz`` is appended) or a binary file object.

    Args:
        obj: A Tensor, or a mapping of string keys to Tensors and numeric NumPy arrays. Tensors
            keep their dtype and ``requires_grad``; an ordered dict stays ordered.
        f: A path (str, bytes or ``os.PathLike``) or a binary file object opened for writing.

    Raises:
        TypeError: ``obj`` is a Module (save its ``state_dict()``), or holds something other
            than Tensors and numeric arrays, or has non-string keys.
        ValueError: A key is the reserved ``"__tapegrad__"``.
    """
    from .nn import Module

    if isinstance(obj, Module):
        raise TypeError(
            "save: pass model.state_dict(), not the module itself (tapegrad does not pickle code); "
            "load it back with model.load_state_dict(tg.load(path))"
        )
    if isinstance(obj, Tensor):
        meta = {"kind": "tensor", "requires_grad": bool(obj.requires_grad)}
        arrays = {"tensor": obj.numpy()}
    elif hasattr(obj, "items"):
        arrays, tensors = {}, {}
        for name, value in obj.items():
            if not isinstance(name, str):
                raise TypeError(f"save: keys must be strings, got {name!r}")
            if name == _META:
                raise ValueError(f"save: {_META!r} is reserved")
            arrays[name] = _array(repr(name), value)
            if isinstance(value, Tensor):
                tensors[name] = bool(value.requires_grad)
        meta = {
            "kind": "dict",
            "keys": list(arrays),
            "tensors": tensors,
            "ordered": isinstance(obj, collections.OrderedDict),
        }
    else:
        raise TypeError(
            f"save: expected a Tensor or a dict of arrays (a state dict), got {type(obj).__name__}"
        )
    meta.update(format=_FORMAT, version=_VERSION)
    payload = {**arrays, _META: np.array(json.dumps(meta))}
    if isinstance(f, (str, bytes, os.PathLike)):
        with open(f, "wb") as fh:
            np.savez(fh, **payload)
    else:
        np.savez(f, **payload)


def load(f):
    """Loads what ``save`` wrote: a Tensor (with its dtype and ``requires_grad``) or the dict.

    A state dict comes back as an ordered dict of NumPy arrays (tensors that were saved as
    Tensors come back as Tensors). Any other ``.npz`` file loads as a dict of its arrays. A file
    that is not an ``.npz`` archive, or is truncated or corrupted, raises ``ValueError``.

    Args:
        f: A path or a binary file object, as ``numpy.load`` takes. Nothing is unpickled.

    Returns:
        A Tensor, or an ordered dict of name -> array (or Tensor).

    Raises:
        ValueError: The file is not an ``.npz`` archive, is damaged, or its ``__tapegrad__``
            record names another format or a newer version of this one.
    """
    try:
        data = np.load(f, allow_pickle=False)
    except (ValueError, EOFError, zipfile.BadZipFile) as e:
        # NumPy reads a non-archive as a pickle it refuses ("load it unsafely"): not advice to pass on.
        raise ValueError(
            f"load: {f!r} is not an .npz file written by tg.save or numpy.savez, or it is damaged"
        ) from e
    if not isinstance(data, np.lib.npyio.NpzFile):
        raise ValueError(
            f"load: {f!r} holds a single .npy array, not an .npz file; "
            "read it with tg.tensor(numpy.load(path))"
        )
    with data:
        try:
            return _read(f, data)
        except (EOFError, KeyError, TypeError, zipfile.BadZipFile, zlib.error, json.JSONDecodeError) as e:
            raise ValueError(f"load: {f!r} is damaged ({type(e).__name__}: {e})") from e


def _read(f, data):
    files = list(data.files)
    meta = json.loads(str(data[_META])) if _META in files else None
    if meta is not None and meta.get("format") != _FORMAT:
        raise ValueError(f"load: {f!r} is not a tapegrad file (format {meta.get('format')!r})")
    if meta is not None and meta.get("version", 0) > _VERSION:
        raise ValueError(f"load: {f!r} was written by a newer tapegrad (format version {meta['version']})")
    if meta is not None and meta["kind"] == "tensor":
        return tensor(data["tensor"], dtype=data["tensor"].dtype, requires_grad=meta["requires_grad"])
    keys = meta["keys"] if meta is not None else files
    out = collections.OrderedDict()
    for name in keys:
        array = data[name]
        if meta is not None and name in meta["tensors"]:
            out[name] = tensor(array, dtype=array.dtype, requires_grad=meta["tensors"][name])
        else:
            out[name] = array
    return out if meta is None or meta.get("ordered", True) else dict(out)
