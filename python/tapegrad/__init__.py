"""tapegrad: backpropagation from the ground up.

A C++17 core records operations on a tape and sweeps it backwards; this package is the thin
Python face of it, shaped like PyTorch:

    import tapegrad as tg
    a = tg.tensor([3.0], requires_grad=True)
    L = (a * -2.0 + 8.0) * -2.0
    L.backward()
    a.grad   # array([4.])
"""

from . import (  # distributed imports mpi4py only when used
    _tensor,  # noqa: F401  (adds repr, NumPy and pickle support to Tensor)
    datasets,
    distributed,
    nn,
    optim,
)
from ._core import (
    Node,
    Tensor,
    __version__,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cpu_info,
    dense,
    exp,
    from_numpy,
    get_num_threads,
    is_grad_enabled,
    log,
    matmul,
    mean,
    mse_loss,
    pow,
    relu,
    reshape,
    set_num_threads,
    sigmoid,
    sum,
    tanh,
    tensor,
    transpose,
)
from .grad_mode import detect_anomaly, enable_grad, is_anomaly_enabled, no_grad
from .gradcheck import GradcheckError, gradcheck, numeric_grad
from .graph import draw, to_dot
from .paths import get_cmake_dir, get_include
from .serialization import load, save

__all__ = [
    "GradcheckError",
    "Node",
    "Tensor",
    "__version__",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cpu_info",
    "datasets",
    "dense",
    "detect_anomaly",
    "distributed",
    "draw",
    "enable_grad",
    "exp",
    "from_numpy",
    "get_cmake_dir",
    "get_include",
    "get_num_threads",
    "gradcheck",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "load",
    "log",
    "matmul",
    "mean",
    "mse_loss",
    "nn",
    "no_grad",
    "numeric_grad",
    "optim",
    "pow",
    "relu",
    "reshape",
    "save",
    "set_num_threads",
    "sigmoid",
    "sum",
    "tanh",
    "tensor",
    "to_dot",
    "transpose",
]
