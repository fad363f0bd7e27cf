"""Random sampling and generators, as ``torch.rand``, ``torch.manual_seed``, ``Tensor.uniform_``, ...

tapegrad's numbers come from a Philox4x32-10 stream (the generator of JAX and cuRAND): a seed
gives the same numbers on every platform and thread count, but **not the numbers PyTorch gives
for that seed** (PyTorch uses mt19937 and other transforms). Code that needs PyTorch's exact
values must draw them with PyTorch.

Every sampler takes ``generator=``: a :class:`Generator` of its own, or None for the default
one that :func:`manual_seed` seeds.
"""

from . import _core
from ._core import Generator, Tensor
from ._factories import _MISSING, _check_options, _finish, _size_of

__all__ = [
    "Generator",
    "bernoulli",
    "default_generator",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "multinomial",
    "normal",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "seed",
    "set_rng_state",
]

#: The generator every sampler uses when given none (``torch.default_generator``).
default_generator = _core._default_generator()


def manual_seed(seed):
    """Seeds the default generator and returns it, as ``torch.manual_seed``.

    The same seed replays the same numbers on every platform; they differ from the numbers
    PyTorch draws for that seed.

    Args:
        seed: An integer in [-2**63, 2**64) (negative seeds wrap modulo 2**64); anything
            ``int()`` accepts, as PyTorch.

    Returns:
        Generator: the default generator.
    """
    return default_generator.manual_seed(int(seed))


def seed():
    """Seeds the default generator from the operating system's entropy, as ``torch.seed``.

    Returns:
        int: the seed used (a 64-bit number).
    """
    return default_generator.seed()


def initial_seed():
    """The seed of the default generator's current stream, as ``torch.initial_seed``.

    Returns:
        int: the seed (67280421310721, PyTorch's, until seeded).
    """
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state as a uint8 tensor, as ``torch.get_rng_state``.

    The 24 bytes (a format tag, the seed and the position in its stream) are the same on every
    platform; they are not PyTorch's 5056-byte mt19937 state.

    Returns:
        Tensor: a uint8 tensor for :func:`set_rng_state`.
    """
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restores the default generator's state from :func:`get_rng_state`, as ``torch.set_rng_state``.

    Args:
        new_state (Tensor): A uint8 tensor from :func:`get_rng_state` (or ``Generator.get_state``).
    """
    default_generator.set_state(new_state)


def rand(
    *size,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
    **kwargs,
):
    """Uniform samples in [0, 1), as ``torch.rand`` (24 random bits for float32, 53 for float64).

    tapegrad's stream: a seed gives the same numbers on every platform, not PyTorch's numbers.

    Args:
        *size: The shape: integers, or one tuple, list or ``Size`` (``size=`` works too).
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).
        dtype: float32 or float64; default: the default dtype.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient.
        pin_memory: Only False.
        **kwargs: ``size=`` only.

    Returns:
        Tensor: a new tensor.
    """
    size = _size_of(size, kwargs, "rand")
    _check_options("rand", out, layout, device, pin_memory)
    return _finish(_core._rand(size, dtype, generator), requires_grad)


def randn(
    *size,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
    **kwargs,
):
    """Standard normal samples, as ``torch.randn``.

    tapegrad's stream (Box-Muller on Philox words): a seed gives the same numbers on every
    platform (to the last bit or two of the C library's log, cos and sin), not PyTorch's numbers.

    Args:
        *size: The shape: integers, or one tuple, list or ``Size`` (``size=`` works too).
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).
        dtype: float32 or float64; default: the default dtype.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient.
        pin_memory: Only False.
        **kwargs: ``size=`` only.

    Returns:
        Tensor: a new tensor.
    """
    size = _size_of(size, kwargs, "randn")
    _check_options("randn", out, layout, device, pin_memory)
    return _finish(_core._randn(size, dtype, generator), requires_grad)


def randint(
    low=None,
    high=None,
    size=None,
    *,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
):
    """Uniform integers in [low, high), as ``torch.randint``.

    PyTorch's two forms: ``randint(high, size)`` and ``randint(low, high, size)``. Exactly
    unbiased for any range.

    Args:
        low: The lowest value (default 0); with two positional arguments, the bound ``high``.
        high: One above the highest value.
        size: The shape: a tuple, list or ``Size`` (required).
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).
        dtype: Any dtype that holds low and high - 1; default int64.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.

    Returns:
        Tensor: a new tensor.
    """
    if size is None and isinstance(high, (tuple, list)):
        low, high, size = 0, low, high  # randint(high, size)
    elif high is None:
        low, high = 0, low  # randint(high, size=...)
    if low is None:
        low = 0
    if high is None:
        raise TypeError(
            "randint() missing the argument 'high': randint(high, size) or randint(low, high, size)"
        )
    if size is None:
        raise TypeError("randint() missing the argument 'size' (a tuple of ints): randint(low, high, size)")
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"randint(): argument 'size' must be a tuple of ints, not {type(size).__name__}")
    _check_options("randint", out, layout, device, pin_memory)
    return _finish(_core._randint(low, high, size, dtype, generator), requires_grad)


def randperm(
    n,
    *,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    pin_memory=False,
):
    """A random permutation of ``0 .. n-1``, as ``torch.randperm``.

    Args:
        n: The number of elements (>= 0).
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).
        dtype: A dtype that holds n - 1; default int64.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        pin_memory: Only False.

    Returns:
        Tensor: a new 1-D tensor.
    """
    _check_options("randperm", out, layout, device, pin_memory)
    return _finish(_core._randperm(n, dtype, generator), requires_grad)


def normal(
    mean,
    std=1.0,
    size=None,
    *,
    generator=None,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    pin_memory=False,
    requires_grad=False,
):
    """Normal samples ``mean + std * N(0, 1)``, as ``torch.normal``.

    PyTorch's overloads: ``normal(mean, std)`` with a tensor mean and/or std (broadcast
    together; the result takes mean's dtype, or std's when mean is a number), or
    ``normal(mean, std, size)`` with two numbers. As in PyTorch, the gradient with respect to a
    mean or std that requires one is zero (use ``mean + std * tg.randn(...)`` to
    differentiate through the sample).

    Args:
        mean: A number or a floating-point tensor.
        std: A number or a floating-point tensor, >= 0 (default 1.0).
        size: The shape, with two numbers only.
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).
        dtype: float32 or float64, with two numbers only; default: the default dtype.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        pin_memory: Only False.
        requires_grad: Whether the new leaf records a gradient, with two numbers only.

    Returns:
        Tensor: a new tensor.
    """
    _check_options("normal", out, layout, device, pin_memory)
    tensors = isinstance(mean, Tensor) or isinstance(std, Tensor)
    if tensors and (size is not None or dtype is not None or requires_grad):
        raise TypeError(
            "normal(): size=, dtype= and requires_grad= go only with a number mean and std "
            "(with tensors, the result takes their shape and dtype)"
        )
    if not tensors and size is None:
        raise TypeError("normal(mean, std) with two numbers needs a size: normal(mean, std, size)")
    if isinstance(mean, Tensor) and isinstance(std, Tensor) and mean.dtype != std.dtype:
        std = std.to(mean.dtype)  # PyTorch: the result has mean's dtype
    return _finish(_core._normal(mean, std, size, dtype, generator), requires_grad)


def bernoulli(input, p=None, *, generator=None, out=None):
    """Samples 1 with probability ``input[i]`` (or ``p``), else 0, as ``torch.bernoulli``.

    Args:
        input (Tensor): The probabilities (floating point, in [0, 1]); with ``p``, only the
            shape and dtype of the result.
        p: One probability for every element, or None to use ``input``'s.
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).

    Returns:
        Tensor: a new tensor of ``input``'s shape and dtype. Its gradient with respect to
        ``input`` is zero, as in PyTorch.
    """
    _check_options("bernoulli", out)
    return _core._bernoulli(input, p, generator)


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Category indices drawn by the weights in each row of ``input``, as ``torch.multinomial``.

    Args:
        input (Tensor): Non-negative weights, 1-D or 2-D (one distribution per row), floating
            point; they need not sum to 1.
        num_samples: How many samples per row (without replacement at most the number of
            non-zero weights).
        replacement: Whether a category may be drawn more than once.
        generator: The generator to draw from; default: the default generator.
        out: Not supported (``TypeError``).

    Returns:
        Tensor: int64 indices, of shape ``(num_samples,)`` or ``(rows, num_samples)``.
    """
    _check_options("multinomial", out)
    return _core._multinomial(input, num_samples, replacement, generator)


def rand_like(
    input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None
):
    """Uniform samples in [0, 1) in ``input``'s shape and dtype, as ``torch.rand_like``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        generator: The generator to draw from; default: the default generator.
        dtype: Another element type (float32 or float64).
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient.
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous.

    Returns:
        Tensor: a new tensor.
    """
    _check_options("rand_like", None, layout, device, False, memory_format)
    return _finish(_core._rand_like(input, dtype, generator), requires_grad)


def randn_like(
    input, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None
):
    """Standard normal samples in ``input``'s shape and dtype, as ``torch.randn_like``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        generator: The generator to draw from; default: the default generator.
        dtype: Another element type (float32 or float64).
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient.
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous.

    Returns:
        Tensor: a new tensor.
    """
    _check_options("randn_like", None, layout, device, False, memory_format)
    return _finish(_core._randn_like(input, dtype, generator), requires_grad)


def randint_like(
    input,
    low=0,
    high=None,
    *,
    generator=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad=False,
    memory_format=None,
):
    """Uniform integers in [low, high) in ``input``'s shape and dtype, as ``torch.randint_like``.

    ``randint_like(x, high)`` or ``randint_like(x, low, high)``.

    Args:
        input (Tensor): The tensor whose shape (and dtype) the result takes.
        low: The lowest value (default 0); alone, the bound ``high``.
        high: One above the highest value.
        generator: The generator to draw from; default: the default generator.
        dtype: Another element type.
        layout: Only ``torch.strided`` (or None).
        device: None, ``"cpu"``, ``"cpu:0"`` or ``tg.device("cpu")``.
        requires_grad: Whether the new leaf records a gradient (floating point only).
        memory_format: None, ``torch.preserve_format`` or ``torch.contiguous_format``: the
            result is contiguous.

    Returns:
        Tensor: a new tensor.
    """
    if high is None:
        low, high = 0, low
    _check_options("randint_like", None, layout, device, False, memory_format)
    return _finish(_core._randint_like(input, low, high, dtype, generator), requires_grad)


# --- in-place samplers (Tensor methods) ----------------------------------------------------------


def _uniform_(self, from_=0.0, to=1.0, *, generator=None):
    """Fills the tensor in place with uniform samples in [from_, to) (``Tensor.uniform_``).

    Follows tapegrad's in-place rules: fill a parameter under ``tg.no_grad()``.

    Args:
        from_: The lower bound.
        to: The upper bound (excluded), >= from_.
        generator: The generator to draw from; default: the default generator.
    """
    return _core._uniform_(self, from_, to, generator)


def _normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fills the tensor in place with normal samples (``Tensor.normal_``).

    Args:
        mean: The mean.
        std: The standard deviation, >= 0.
        generator: The generator to draw from; default: the default generator.
    """
    return _core._normal_(self, mean, std, generator)


def _random_(self, from_=_MISSING, to=_MISSING, *, generator=None):
    """Fills the tensor in place with uniform integers (``Tensor.random_``).

    ``random_(to)`` draws from [0, to), ``random_(from_, to)`` from [from_, to),
    ``random_(from_, None)`` from [from_, the largest value of the dtype], and ``random_()`` from
    [0, that largest value] ([0, 2**24] for float32 and [0, 2**53] for float64, so that every
    value is exact), as PyTorch.

    Args:
        from_: The lowest value, or alone the bound ``to``.
        to: One above the highest value, or None for the dtype's largest.
        generator: The generator to draw from; default: the default generator.
    """
    if to is _MISSING:
        from_, to = (0, None) if from_ is _MISSING else (0, from_)
    elif from_ is _MISSING:
        from_ = 0
    return _core._random_(self, from_, to, generator)


def _bernoulli_(self, p=0.5, *, generator=None):
    """Fills the tensor in place with 1 with probability ``p``, else 0 (``Tensor.bernoulli_``).

    Args:
        p: A probability, or a floating-point tensor of them broadcast to this tensor's shape.
        generator: The generator to draw from; default: the default generator.
    """
    return _core._bernoulli_(self, p, generator)


def _exponential_(self, lambd=1.0, *, generator=None):
    """Fills the tensor in place with exponential samples of rate ``lambd`` (``Tensor.exponential_``).

    Args:
        lambd: The rate, > 0 (the mean is 1 / lambd).
        generator: The generator to draw from; default: the default generator.
    """
    return _core._exponential_(self, lambd, generator)


Tensor.uniform_ = _uniform_
Tensor.normal_ = _normal_
Tensor.random_ = _random_
Tensor.bernoulli_ = _bernoulli_
Tensor.exponential_ = _exponential_
Tensor.bernoulli = bernoulli
Tensor.multinomial = multinomial
