"""LayerNorm, as ``torch.nn.LayerNorm``."""

import numbers

from ... import _dtype
from ..._factories import empty
from ...grad_mode import no_grad
from .. import _normalization
from ..parameter import Parameter
from .module import Module

__all__ = ["LayerNorm"]


class LayerNorm(Module):
    """Normalizes each sample over its trailing dimensions ``normalized_shape`` (mean and biased
    variance), then scales by ``weight`` and shifts by ``bias`` (elementwise, learned).

    Args:
        normalized_shape: The trailing dimensions' sizes, an int or a sequence of ints.
        eps: Added to the variance before the square root.
        elementwise_affine: Learn ``weight`` (ones at first) and ``bias`` (zeros).
        bias: Learn ``bias`` too (with ``elementwise_affine``).
        device: None or ``"cpu"``.
        dtype: The parameters' dtype (default: tapegrad's default float dtype, float64).

    Attributes:
        weight: The scale, of shape ``normalized_shape``, a Parameter (None without affine).
        bias: The shift, of shape ``normalized_shape``, a Parameter (None without it).
    """

    def __init__(
        self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None
    ):
        super().__init__()
        _dtype._check_device(device)
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(empty(self.normalized_shape, dtype=dtype))
            if bias:
                self.bias = Parameter(empty(self.normalized_shape, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """Sets ``weight`` to ones and ``bias`` to zeros."""
        with no_grad():
            if self.weight is not None:
                self.weight.fill_(1.0)
            if self.bias is not None:
                self.bias.zero_()

    def forward(self, input):
        """``tg.nn.functional.layer_norm(input, normalized_shape, weight, bias, eps)``.

        Args:
            input: A floating-point Tensor whose trailing dimensions are ``normalized_shape``.
        """
        return _normalization.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        """``(4,), eps=1e-05, elementwise_affine=True, bias=True``, as PyTorch 2.13.

        Returns:
            str: The layer's arguments.
        """
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )
