"""Parameter initialisation, as ``torch.nn.init``: each function fills a tensor in place.

Every function writes under ``tg.no_grad()`` (so it can fill a Parameter), returns the tensor,
and draws from tapegrad's generator (the default one, or ``generator=``): a seeded tapegrad run is
reproducible, but its numbers are not PyTorch's. Fans, gains, bounds and errors are PyTorch's.
"""

import math
import warnings

import numpy as np

from .._factories import empty_like, eye
from .._factories import tensor as _as_tensor
from .._pointwise import where
from .._reduction import any as _any
from ..grad_mode import no_grad

__all__ = [
    "calculate_gain",
    "constant_",
    "eye_",
    "kaiming_normal_",
    "kaiming_uniform_",
    "normal_",
    "ones_",
    "orthogonal_",
    "trunc_normal_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]

_LINEAR_FNS = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity, as ``torch.nn.init.calculate_gain``.

    1 for the linear functions and sigmoid, 5/3 for tanh, sqrt(2) for relu,
    ``sqrt(2 / (1 + negative_slope**2))`` for leaky_relu (``param``, default 0.01), 3/4 for selu.

    Args:
        nonlinearity: The function's name in ``nn.functional`` (``'relu'``, ``'tanh'``, ...).
        param: leaky_relu's negative slope (an int or float), or None.

    Returns:
        float: The gain.

    Raises:
        ValueError: An unknown nonlinearity, or a ``param`` that is not a number.
    """
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif (not isinstance(param, bool) and isinstance(param, int)) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    """PyTorch's fans: ``size(1) * receptive field`` and ``size(0) * receptive field``.

    Args:
        tensor: A tensor of at least 2 dimensions.

    Returns:
        tuple: ``(fan_in, fan_out)``.

    Raises:
        ValueError: Fewer than 2 dimensions.
    """
    if tensor.dim() < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive_field_size = 1
    for s in tensor.shape[2:]:
        receptive_field_size *= s
    return tensor.size(1) * receptive_field_size, tensor.size(0) * receptive_field_size


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fills ``tensor`` with samples of U(a, b).

    Args:
        tensor: The tensor to fill.
        a: The lower bound.
        b: The upper bound.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor``.
    """
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fills ``tensor`` with samples of N(mean, std**2).

    Args:
        tensor: The tensor to fill.
        mean: The mean.
        std: The standard deviation.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor``.
    """
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor, val):
    """Fills ``tensor`` with ``val``.

    Args:
        tensor: The tensor to fill.
        val: The value.

    Returns:
        Tensor: ``tensor``.
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fills ``tensor`` with 1.

    Args:
        tensor: The tensor to fill.

    Returns:
        Tensor: ``tensor``.
    """
    return constant_(tensor, 1.0)


def zeros_(tensor):
    """Fills ``tensor`` with 0.

    Args:
        tensor: The tensor to fill.

    Returns:
        Tensor: ``tensor``.
    """
    with no_grad():
        return tensor.zero_()


def eye_(tensor):
    """Fills a 2-D ``tensor`` with the identity (ones on the diagonal, as ``tg.eye``).

    Args:
        tensor: The 2-D tensor to fill.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: ``tensor`` is not 2-D.
    """
    if tensor.ndimension() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        return tensor.copy_(eye(*tensor.shape, dtype=tensor.dtype))


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot uniform: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Args:
        tensor: The tensor to fill, at least 2-D.
        gain: The scaling factor.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: Fewer than 2 dimensions.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot normal: N(0, std**2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Args:
        tensor: The tensor to fill, at least 2-D.
        gain: The scaling factor.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: Fewer than 2 dimensions.
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    fan = _calculate_correct_fan(tensor, mode)
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He uniform: U(-bound, bound) with ``bound = gain * sqrt(3 / fan)``.

    Args:
        tensor: The tensor to fill, at least 2-D.
        a: leaky_relu's negative slope (the gain's ``param``).
        mode: ``'fan_in'`` (keeps the forward's variance) or ``'fan_out'`` (the backward's).
        nonlinearity: The nonlinearity's name, as ``calculate_gain``.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor`` (unchanged, with a warning, when it has no elements).

    Raises:
        ValueError: Fewer than 2 dimensions, an unknown mode or nonlinearity.
    """
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    bound = math.sqrt(3.0) * _kaiming_std(tensor, a, mode, nonlinearity)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He normal: N(0, std**2) with ``std = gain / sqrt(fan)``.

    Args:
        tensor: The tensor to fill, at least 2-D.
        a: leaky_relu's negative slope (the gain's ``param``).
        mode: ``'fan_in'`` or ``'fan_out'``.
        nonlinearity: The nonlinearity's name, as ``calculate_gain``.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor`` (unchanged, with a warning, when it has no elements).

    Raises:
        ValueError: Fewer than 2 dimensions, an unknown mode or nonlinearity.
    """
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=2)
        return tensor
    return normal_(tensor, 0.0, _kaiming_std(tensor, a, mode, nonlinearity), generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """N(mean, std**2) truncated to [a, b], by rejection (redrawing the samples outside).

    When [a, b] holds little of the normal's mass the candidates are uniform on [a, b],
    accepted with the normal's density, as PyTorch; either way every value lies in [a, b].

    Args:
        tensor: The tensor to fill.
        mean: The mean of the normal.
        std: Its standard deviation.
        a: The lower bound.
        b: The upper bound.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor``.
    """

    def norm_cdf(x):
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    with no_grad():
        if tensor.numel() == 0:
            return tensor
        lo, hi = tensor.new_tensor(a).item(), tensor.new_tensor(b).item()
        p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std)
        if p > 0.3:
            result = empty_like(tensor).normal_(mean, std, generator=generator)
            while True:
                pending = (result < lo) | (result > hi)
                if not bool(_any(pending)):
                    break
                result = where(pending, empty_like(result).normal_(mean, std, generator=generator), result)
        else:
            mode = max(a, min(mean, b))
            log_peak = -0.5 * ((mode - mean) / std) ** 2
            result = empty_like(tensor).uniform_(a, b, generator=generator)
            pending = _accept_fails(result, mean, std, log_peak, generator)
            while bool(_any(pending)):
                candidates = empty_like(tensor).uniform_(a, b, generator=generator)
                result = where(pending, candidates, result)
                pending = pending & _accept_fails(candidates, mean, std, log_peak, generator)
        return tensor.copy_(result)


def _accept_fails(candidates, mean, std, log_peak, generator):
    """Where a uniform candidate is rejected: log(u) > its normal log-density minus the peak's."""
    log_pdf = -0.5 * ((candidates - mean) / std) ** 2 - log_peak
    return empty_like(candidates).uniform_(generator=generator).log() > log_pdf


def orthogonal_(tensor, gain=1, generator=None):
    """A (semi-)orthogonal matrix times ``gain``, as ``torch.nn.init.orthogonal_``.

    The normal samples come from tapegrad's generator; the QR factorisation is NumPy's (the
    signs of R's diagonal make Q uniform, as PyTorch). Dimensions past the first are flattened.

    Args:
        tensor: The tensor to fill, at least 2-D.
        gain: The scaling factor.
        generator: A ``tg.Generator``, or None for the default one.

    Returns:
        Tensor: ``tensor``.

    Raises:
        ValueError: Fewer than 2 dimensions.
    """
    if tensor.ndimension() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.size(0)
    cols = tensor.numel() // rows
    flattened = tensor.new_empty((rows, cols)).normal_(0, 1, generator=generator).numpy().astype(np.float64)
    if rows < cols:
        flattened = flattened.T
    q, r = np.linalg.qr(flattened)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    with no_grad():
        tensor.copy_(_as_tensor(q.reshape(tuple(tensor.shape)) * gain, dtype=tensor.dtype))
    return tensor
