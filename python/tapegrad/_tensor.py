"""The parts of Tensor that are plain Python: printing, NumPy conversion and pickling."""

import numpy as np

from ._core import Tensor, tensor


def _repr(self):
    body = np.array2string(self.numpy(), separator=", ", prefix="tensor(")
    extras = [f"dtype={self.dtype}"]
    if self.grad_fn is not None:
        extras.append(f"grad_fn=<{self.grad_fn.name}>")
    elif self.requires_grad:
        extras.append("requires_grad=True")
    return f"tensor({body}, {', '.join(extras)})"


def _array(self, dtype=None, copy=None):
    # NumPy's __array__ protocol: a view of the tensor's memory unless a copy is asked for.
    view = self.numpy()
    if copy:
        return np.array(view, dtype=dtype, copy=True)
    if dtype is not None and np.dtype(dtype) != view.dtype:
        if copy is False:
            raise ValueError(f"cannot convert a {view.dtype} tensor to {np.dtype(dtype)} without a copy")
        return view.astype(dtype)
    return view


def _rebuild(data, requires_grad):
    return tensor(data, dtype=data.dtype, requires_grad=requires_grad)


def _reduce(self):
    # Pickles the values, dtype and requires_grad; the graph is not saved (as torch.save).
    return _rebuild, (self.numpy().copy(), self.requires_grad)


Tensor.__repr__ = _repr
Tensor.__array__ = _array
Tensor.__reduce__ = _reduce
# NumPy ufuncs and binary operators defer to Tensor's own, so `array * tensor` stays on the
# tape instead of silently becoming an untracked array.
Tensor.__array_ufunc__ = None
