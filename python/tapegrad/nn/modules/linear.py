"""Linear and Identity, as ``torch.nn.Linear`` and ``torch.nn.Identity``.

Linear keeps PyTorch's ``(out_features, in_features)`` weight and runs on the same fused GEMM as
``Dense`` (``tg.nn.functional.linear``: one tape node, the weight read transposed by the packing,
the bias added in the epilogue). Its parameters default to ``tg.get_default_dtype()`` (float64).
"""

import math

import numpy as np

from ..._factories import empty
from .. import init
from .._linear import linear
from ..parameter import Parameter
from .module import Module

__all__ = ["Identity", "Linear"]


def _check_device(device):
    if device is not None and str(device) not in ("cpu", "cpu:0"):
        raise ValueError(f"tapegrad runs on the CPU only: pass device=None or 'cpu', not {device!r}")


def _check_features(name, size):
    if not isinstance(size, (int, np.integer)) or isinstance(size, bool):
        raise TypeError(f"{name} must be an int, got {type(size).__name__}")
    if size < 0:
        raise ValueError(f"{name} must be >= 0, got {size}")


class Identity(Module):
    """Returns its input unchanged, as ``torch.nn.Identity`` (any arguments are ignored).

    Args:
        *args: Ignored (so that it can stand in for any layer).
        **kwargs: Ignored.
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        """Returns ``input`` itself.

        Args:
            input: Anything.
        """
        return input


class Linear(Module):
    """``y = x @ weight.T + bias``, as ``torch.nn.Linear``: one tape node on the fused GEMM.

    The weight and bias start uniform in ``[-1/sqrt(in_features), 1/sqrt(in_features)]``
    (PyTorch's ``kaiming_uniform_(a=sqrt(5))`` and bias rule), drawn from tapegrad's default
    generator (``tg.manual_seed`` makes them reproducible).

    Args:
        in_features: The size of each input sample.
        out_features: The size of each output sample.
        bias: Whether the layer has a bias (``bias`` is None otherwise).
        device: None or ``"cpu"``.
        dtype: The parameters' dtype; default ``tg.get_default_dtype()`` (float64, PyTorch's is
            float32).

    Attributes:
        weight: The ``(out_features, in_features)`` weight, a Parameter.
        bias: The ``(out_features,)`` bias, a Parameter, or None.

    Raises:
        TypeError: A size is not an int.
        ValueError: A size is negative, or the device is not the CPU.
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        _check_features("in_features", in_features)
        _check_features("out_features", out_features)
        _check_device(device)
        super().__init__()
        self.in_features = int(in_features)
        self.out_features = int(out_features)
        self.weight = Parameter(empty((self.out_features, self.in_features), dtype=dtype))
        if bias:
            self.bias = Parameter(empty(self.out_features, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Draws the weight and bias anew, as PyTorch: ``kaiming_uniform_(weight, a=sqrt(5))``
        and the bias uniform in ``[-1/sqrt(fan_in), 1/sqrt(fan_in)]`` (0 when fan_in is 0)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        """``input @ weight.T + bias`` (``tg.nn.functional.linear``).

        Args:
            input: A Tensor of shape ``(*, in_features)``.
        """
        return linear(input, self.weight, self.bias)

    def extra_repr(self):
        """``in_features=..., out_features=..., bias=...`` as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"
        )
