"""Activation layers, as ``torch.nn``'s: each calls its ``tapegrad.nn.functional`` form.

``inplace=True`` writes the result into the input and returns it, as PyTorch, under tapegrad's
in-place rules (a leaf that requires a gradient cannot be changed while gradients are recorded).
"""

from .. import _activations as F
from .. import _losses
from .module import Module

__all__ = ["ELU", "GELU", "LeakyReLU", "LogSoftmax", "ReLU", "SiLU", "Sigmoid", "Softmax", "Softplus", "Tanh"]


def _inplace_str(inplace, first):
    if not inplace:
        return ""
    return "inplace=True" if first else ", inplace=True"


class ReLU(Module):
    """``max(input, 0)`` elementwise, as ``torch.nn.ReLU``.

    Args:
        inplace: Change the input itself and return it.
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        """``relu(input)``.

        Args:
            input: A Tensor.
        """
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        """``inplace=True`` when in place, else empty, as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return _inplace_str(self.inplace, True)


class Sigmoid(Module):
    """``1 / (1 + exp(-input))`` elementwise, as ``torch.nn.Sigmoid``."""

    def forward(self, input):
        """``sigmoid(input)``.

        Args:
            input: A Tensor.
        """
        return F.sigmoid(input)


class Tanh(Module):
    """``tanh(input)`` elementwise, as ``torch.nn.Tanh``."""

    def forward(self, input):
        """``tanh(input)``.

        Args:
            input: A Tensor.
        """
        return F.tanh(input)


class LeakyReLU(Module):
    """``input`` where positive, ``negative_slope * input`` elsewhere, as ``torch.nn.LeakyReLU``.

    Args:
        negative_slope: The slope for negative inputs.
        inplace: Change the input itself and return it.
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        """``leaky_relu(input, negative_slope)``.

        Args:
            input: A Tensor.
        """
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        """``negative_slope=...`` (and ``, inplace=True``), as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"negative_slope={self.negative_slope}{_inplace_str(self.inplace, False)}"


class ELU(Module):
    """``input`` where positive, ``alpha * (exp(input) - 1)`` elsewhere, as ``torch.nn.ELU``.

    Args:
        alpha: The value the negative side tends to is ``-alpha``.
        inplace: Change the input itself and return it.
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        """``elu(input, alpha)``.

        Args:
            input: A Tensor.
        """
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        """``alpha=...`` (and ``, inplace=True``), as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"alpha={self.alpha}{_inplace_str(self.inplace, False)}"


class GELU(Module):
    """``input * Phi(input)`` (or its tanh approximation), as ``torch.nn.GELU``.

    Args:
        approximate: ``'none'`` (exact, through erf) or ``'tanh'``.

    Raises:
        ValueError: ``approximate`` is neither (when the layer is called, as PyTorch).
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        """``gelu(input, approximate)``.

        Args:
            input: A Tensor.
        """
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        """``approximate='none'`` or ``'tanh'``, as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """``input * sigmoid(input)``, as ``torch.nn.SiLU``.

    Args:
        inplace: Change the input itself and return it.
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        """``silu(input)``.

        Args:
            input: A Tensor.
        """
        return F.silu(input, inplace=self.inplace)

    def extra_repr(self):
        """``inplace=True`` when in place, else empty, as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return _inplace_str(self.inplace, True)


class Softplus(Module):
    """``log(1 + exp(beta * input)) / beta``, the identity above ``threshold``, as ``torch.nn.Softplus``.

    Args:
        beta: The sharpness.
        threshold: Where ``beta * input > threshold`` the layer is the identity.
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        """``softplus(input, beta, threshold)``.

        Args:
            input: A Tensor.
        """
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        """``beta=..., threshold=...`` as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """Probabilities along ``dim``, as ``torch.nn.Softmax``.

    PyTorch guesses a dimension (with a deprecation warning) when ``dim`` is None; tapegrad
    raises TypeError when such a layer is called: pass ``dim``.

    Args:
        dim: The dimension the probabilities sum to 1 along.
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """``softmax(input, dim)``.

        Args:
            input: A Tensor.
        """
        return _losses.softmax(input, self.dim)

    def extra_repr(self):
        """``dim=...`` as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """Log-probabilities along ``dim``, as ``torch.nn.LogSoftmax``.

    As ``Softmax``, a layer without ``dim`` raises TypeError when called (PyTorch guesses).

    Args:
        dim: The dimension to normalise along.
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        """``log_softmax(input, dim)``.

        Args:
            input: A Tensor.
        """
        return _losses.log_softmax(input, self.dim)

    def extra_repr(self):
        """``dim=...`` as PyTorch.

        Returns:
            str: The layer's arguments.
        """
        return f"dim={self.dim}"
