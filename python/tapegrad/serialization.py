"""``tg.save`` / ``tg.load``: tensors and state dicts in NumPy's ``.npz`` format.

A file holds plain arrays (one per entry) and one small JSON record, ``__tapegrad__``, that says
what was saved (a tensor or a dict), the order of the entries and which were tensors with
``requires_grad``. Nothing is pickled: files load with ``allow_pickle=False``, so loading a file
from elsewhere cannot run code, and ``numpy.load`` reads them too.

Nested structures (an optimizer's ``state_dict()``: dicts with int keys, lists, tuples, Python
numbers, bools, None, strings, tensors) are written as a "tree" (format version 2): the JSON
record holds the structure, each tensor or array is an entry of its own (``t0``, ``t1``, ...).
A flat dict of string keys to tensors and arrays is still written as version 1, which older
tapegrad versions read.
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
_VERSION = 2  # the newest this module reads: 1, flat dicts and tensors; 2, trees


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
    """Saves a Tensor, a state dict or nested containers of them (``optimizer.state_dict()``) to ``f``.

    ``f`` is a path (written as given: no ``.npz`` is appended) or a binary file object.

    Args:
        obj: A Tensor; a mapping of string keys to Tensors and numeric NumPy arrays
            (``model.state_dict()``); or nested dicts (keys: str, int, float, bool, None or
            tuples of them), lists and tuples holding Tensors, arrays, Python numbers, bools,
            strings and None (``optimizer.state_dict()``). Tensors keep their dtype and
            ``requires_grad``; an ordered dict stays ordered; floats are stored exactly.
        f: A path (str, bytes or ``os.PathLike``) or a binary file object opened for writing.

    Raises:
        TypeError: ``obj`` is a Module (save its ``state_dict()``), or holds something other
            than the types above (an object array, a class instance), or a key that is not.
        ValueError: A key is the reserved ``"__tapegrad__"``.
    """
    from .nn import Module

    if isinstance(obj, Module):
        raise TypeError(
            "save: pass model.state_dict(), not the module itself (tapegrad does not pickle code); "
            "load it back with model.load_state_dict(tg.load(path))"
        )
    version = 1
    if isinstance(obj, Tensor):
        meta = {"kind": "tensor", "requires_grad": bool(obj.requires_grad)}
        arrays = {"tensor": obj.numpy()}
    elif _is_tree(obj):
        arrays = {}
        meta = {"kind": "tree", "tree": _encode(obj, arrays, "obj")}
        version = 2
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
            f"save: expected a Tensor or a dict of arrays (a state dict), or nested dicts, lists and tuples "
            f"of them and of Python numbers, strings and None (an optimizer's state_dict()), "
            f"got {type(obj).__name__}"
        )
    meta.update(format=_FORMAT, version=version)
    payload = {**arrays, _META: np.array(json.dumps(meta))}
    if isinstance(f, (str, bytes, os.PathLike)):
        with open(f, "wb") as fh:
            np.savez(fh, **payload)
    else:
        np.savez(f, **payload)


def load(f):
    """Loads what ``save`` wrote: a Tensor (with its dtype and ``requires_grad``), the dict, or
    the nested structure.

    A state dict comes back as an ordered dict of NumPy arrays (tensors that were saved as
    Tensors come back as Tensors); a nested structure as it was saved (dicts, lists, tuples,
    int keys, Python numbers). Any other ``.npz`` file loads as a dict of its arrays. A file
    that is not an ``.npz`` archive, or is truncated or corrupted, raises ``ValueError``.

    Args:
        f: A path or a binary file object, as ``numpy.load`` takes. Nothing is unpickled.

    Returns:
        A Tensor, an ordered dict of name -> array (or Tensor), or the saved structure.

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
    if meta is not None and meta["kind"] == "tree":
        return _decode(meta["tree"], data)
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


# ---- trees (version 2): nested dicts, lists and tuples, as an optimizer's state_dict()

_LEAVES = (Tensor, np.ndarray, np.generic)


def _is_tree(obj):
    """Whether ``obj`` needs the tree format: not a Tensor, not a flat dict of string keys to
    tensors and arrays (other mappings keep the flat format, as before)."""
    if isinstance(obj, (list, tuple)):
        return True
    if not isinstance(obj, dict):
        return False
    return any(not isinstance(k, str) or not isinstance(v, _LEAVES) for k, v in obj.items())


def _encode(value, arrays, where):
    if isinstance(value, Tensor):
        name = f"t{len(arrays)}"
        arrays[name] = value.detach().numpy()
        return {"tensor": name, "requires_grad": bool(value.requires_grad)}
    if isinstance(value, (np.ndarray, np.generic)):
        array = _array(where, value)
        name = f"t{len(arrays)}"
        arrays[name] = array
        return {"array": name, "scalar": isinstance(value, np.generic)}
    if value is None:
        return {"none": None}
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": value.hex()}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, list):
        return {"list": [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(value)]}
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            items.append([_encode_key(k, where), _encode(v, arrays, f"{where}[{k!r}]")])
        kind = "odict" if isinstance(value, collections.OrderedDict) else "dict"
        return {kind: items}
    raise TypeError(
        f"save: {where} is a {type(value).__name__}; nested structures hold Tensors, NumPy arrays, "
        "dicts, lists, tuples, Python numbers, bools, strings and None (nothing is pickled)"
    )


def _encode_key(key, where):
    if isinstance(key, tuple):
        return {"tuple": [_encode_key(k, where) for k in key]}
    if key is None or isinstance(key, (bool, int, float, str)):
        return _encode(key, None, where)
    raise TypeError(
        f"save: a key of {where} is a {type(key).__name__}; keys are strings, numbers, bools, None "
        "or tuples of them"
    )


def _decode(node, data):
    if "tensor" in node:
        array = data[node["tensor"]]
        return tensor(array, dtype=array.dtype, requires_grad=bool(node["requires_grad"]))
    if "array" in node:
        array = data[node["array"]]
        return array[()] if node.get("scalar") else array
    if "none" in node:
        return None
    if "bool" in node:
        return bool(node["bool"])
    if "int" in node:
        return int(node["int"])
    if "float" in node:
        return float.fromhex(node["float"])
    if "str" in node:
        return str(node["str"])
    if "tuple" in node:
        return tuple(_decode(v, data) for v in node["tuple"])
    if "list" in node:
        return [_decode(v, data) for v in node["list"]]
    if "dict" in node:
        return {_decode(k, data): _decode(v, data) for k, v in node["dict"]}
    if "odict" in node:
        return collections.OrderedDict((_decode(k, data), _decode(v, data)) for k, v in node["odict"])
    raise KeyError(f"unknown entry {sorted(node)}")
