"""Type stubs for tapegrad._core, the compiled module (cpp/bindings/*.cpp).

Array-like arguments (lists, NumPy arrays, numbers) are copied into constant tensors; ``dtype``
arguments take anything ``numpy.dtype()`` accepts that means float32 or float64.
"""

from collections.abc import Sequence
from typing import Any, SupportsIndex, TypedDict, overload

import numpy as np
import numpy.typing as npt

__version__: str

class Node:
    """One op recorded on the tape."""

    @property
    def name(self) -> str: ...
    @property
    def sequence_nr(self) -> int: ...
    @property
    def _uid(self) -> int:
        """Identifies the node while it lives (new Python objects may wrap the same node)."""
    @property
    def inputs(self) -> list[Node | Tensor | None]:
        """For each input: the Node that produced it, the leaf Tensor, or None."""
    @property
    def output(self) -> Tensor | None:
        """The tensor this node produced, or None once it is gone."""

class Tensor:
    """A float32 or float64 tensor that can record the ops applied to it."""

    @property
    def shape(self) -> tuple[int, ...]: ...
    @property
    def dtype(self) -> np.dtype[np.float32 | np.float64]: ...
    @property
    def ndim(self) -> int: ...
    @property
    def size(self) -> int:
        """The number of elements."""
    @property
    def requires_grad(self) -> bool: ...
    @requires_grad.setter
    def requires_grad(self, value: bool, /) -> None: ...
    @property
    def is_leaf(self) -> bool: ...
    @property
    def grad_fn(self) -> Node | None:
        """The Node that produced this tensor, or None for a leaf."""
    @property
    def grad(self) -> npt.NDArray[np.float32 | np.float64] | None:
        """The accumulated gradient as a NumPy array viewing the gradient buffer, or None."""
    @grad.setter
    def grad(self, value: npt.ArrayLike | None, /) -> None: ...
    @property
    def retains_grad(self) -> bool: ...
    @property
    def T(self) -> Tensor: ...
    def numpy(self) -> npt.NDArray[np.float32 | np.float64]:
        """The values as a NumPy array sharing this tensor's memory."""
    def item(self) -> float: ...
    def backward(self, gradient: npt.ArrayLike | None = None, retain_graph: bool = False) -> None:
        """Accumulates d(self)/d(leaf) into every leaf's .grad."""
    def detach(self) -> Tensor:
        """The same memory, cut from the tape."""
    def copy_(self, src: npt.ArrayLike | Tensor) -> Tensor:
        """Copies src into this tensor in place, as tapegrad's own in-place update."""
    @property
    def _uid(self) -> int:
        """Identifies the tensor while it lives (new Python objects may wrap the same tensor)."""
    def zero_grad(self) -> None:
        """Fills .grad with zeros in place, if there is one."""
    def retain_grad(self) -> None:
        """Keep .grad for this non-leaf tensor during backward."""
    def astype(self, dtype: npt.DTypeLike) -> Tensor:
        """A copy in another dtype (differentiable)."""
    def exp(self) -> Tensor: ...
    def log(self) -> Tensor: ...
    def tanh(self) -> Tensor: ...
    def sigmoid(self) -> Tensor: ...
    def relu(self) -> Tensor: ...
    def sum(self, axis: int | None = None, keepdims: bool = False) -> Tensor: ...
    def mean(self, axis: int | None = None, keepdims: bool = False) -> Tensor: ...
    @overload
    def reshape(self, shape: Sequence[SupportsIndex], /) -> Tensor: ...
    @overload
    def reshape(self, *shape: SupportsIndex) -> Tensor: ...
    @overload
    def transpose(self, axes: Sequence[SupportsIndex], /) -> Tensor: ...
    @overload
    def transpose(self, *axes: SupportsIndex) -> Tensor: ...
    def __float__(self) -> float: ...
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...
    def __add__(self, other: _Operand, /) -> Tensor: ...
    def __radd__(self, other: _Operand, /) -> Tensor: ...
    def __sub__(self, other: _Operand, /) -> Tensor: ...
    def __rsub__(self, other: _Operand, /) -> Tensor: ...
    def __mul__(self, other: _Operand, /) -> Tensor: ...
    def __rmul__(self, other: _Operand, /) -> Tensor: ...
    def __truediv__(self, other: _Operand, /) -> Tensor: ...
    def __rtruediv__(self, other: _Operand, /) -> Tensor: ...
    def __neg__(self) -> Tensor: ...
    def __pos__(self) -> Tensor: ...
    def __pow__(self, exponent: float, /) -> Tensor: ...
    def __matmul__(self, other: Tensor | npt.ArrayLike, /) -> Tensor: ...
    def __rmatmul__(self, other: Tensor | npt.ArrayLike, /) -> Tensor: ...
    # Added by tapegrad._tensor when the package is imported: NumPy conversion (a view unless a
    # copy is asked for) and deferral of NumPy's binary operators to Tensor's own.
    def __array__(self, dtype: npt.DTypeLike | None = None, copy: bool | None = None) -> npt.NDArray[Any]: ...
    __array_ufunc__: None

# Operands the operators and losses accept besides a Tensor: Python numbers and array-like data.
_Operand = Tensor | float | npt.ArrayLike
_Shape = SupportsIndex | Sequence[SupportsIndex]

def tensor(
    data: Tensor | npt.ArrayLike, dtype: npt.DTypeLike | None = None, requires_grad: bool = False
) -> Tensor:
    """A new tensor holding a copy of data: float32 arrays stay float32, other real data becomes float64."""

def from_numpy(array: npt.NDArray[np.float32 | np.float64]) -> Tensor:
    """A tensor sharing the array's memory (no copy); the tensor keeps the array alive."""

def is_grad_enabled() -> bool:
    """Whether ops record the tape on this thread."""

def set_grad_enabled(enabled: bool) -> None:
    """Turns recording on or off for this thread."""

def is_anomaly_enabled() -> bool:
    """Whether backward checks every node's gradients for NaN on this thread."""

def set_anomaly_enabled(enabled: bool) -> None:
    """Turns the NaN check of backward on or off for this thread."""

# Elementwise functions, reductions and shape ops.
def exp(x: Tensor) -> Tensor: ...
def log(x: Tensor) -> Tensor: ...
def tanh(x: Tensor) -> Tensor: ...
def sigmoid(x: Tensor) -> Tensor:
    """1 / (1 + exp(-x)), stable for any x."""

def relu(x: Tensor) -> Tensor: ...
def pow(x: Tensor, exponent: float) -> Tensor: ...
def sum(x: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor: ...
def mean(x: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor: ...
def reshape(x: Tensor, shape: _Shape) -> Tensor: ...
def transpose(x: Tensor, axes: Sequence[SupportsIndex] | None = None) -> Tensor: ...
def matmul(a: Tensor | npt.ArrayLike, b: Tensor | npt.ArrayLike) -> Tensor:
    """Matrix product; 1-D operands as NumPy treats them."""

# Losses: input and target must have the same shape.
def mse_loss(input: Tensor | npt.ArrayLike, target: Tensor | npt.ArrayLike) -> Tensor:
    """mean((input - target)^2); input and target must have the same shape."""

def binary_cross_entropy(input: Tensor | npt.ArrayLike, target: Tensor | npt.ArrayLike) -> Tensor:
    """Mean binary cross-entropy of probabilities in [0, 1]."""

def binary_cross_entropy_with_logits(input: Tensor | npt.ArrayLike, target: Tensor | npt.ArrayLike) -> Tensor:
    """Mean binary cross-entropy of logits, stable for any value."""

def dense(
    x: Tensor | npt.ArrayLike, weight: Tensor, bias: Tensor | None = None, activation: str | None = "sigmoid"
) -> Tensor:
    """act(x @ weight + bias) as one tape node; activation is 'sigmoid', 'tanh', 'relu' or None."""

# Optimizers.
class Optimizer:
    """Updates parameters from their gradients."""

    @property
    def params(self) -> list[Tensor]: ...
    def step(self) -> None:
        """Updates every parameter that has a gradient."""
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clears the gradients (to None by default, or to zeros)."""

class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum."""

    lr: float
    momentum: float
    def __init__(self, params: Sequence[Tensor], lr: float, momentum: float = 0.0) -> None: ...

class Adam(Optimizer):
    """Adam with bias correction."""

    lr: float
    eps: float
    @property
    def betas(self) -> tuple[float, float]: ...
    def __init__(
        self,
        params: Sequence[Tensor],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None: ...

# The runtime: kernel path and thread count.
class _CpuInfo(TypedDict):
    isa: str
    has_avx2: bool
    has_fma: bool
    has_avx512f: bool
    num_threads: int

def set_num_threads(n: int) -> None:
    """Threads for large kernels (default: TAPEGRAD_NUM_THREADS, else the number of CPUs)."""

def get_num_threads() -> int: ...
def cpu_info() -> _CpuInfo:
    """The GEMM path in use ('avx2', 'generic' or 'neon'; TAPEGRAD_ISA forces one), the CPU's
    features and the thread count."""
