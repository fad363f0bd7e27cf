"""tapegrad: backpropagation from the ground up.

A C++17 core records operations on a tape and sweeps it backwards; this package is the thin
Python face of it, shaped like PyTorch:

    import tapegrad as tg
    a = tg.tensor([3.0], requires_grad=True)
    L = (a * -2.0 + 8.0) * -2.0
    L.backward()
    a.grad   # tensor([4.])
"""

# _dtype hands the dtype objects to the C++ module; _tensor adds repr, conversions, NumPy and
# pickle support to Tensor; distributed imports mpi4py only when used.
from . import (  # noqa: F401
    _dtype,
    _factories,
    _indexing,
    _pointwise,
    _random,
    _reduction,
    _shape,
    _tensor,
    autograd,
    datasets,
    distributed,
    func,
    nn,
    optim,
    utils,
)
from ._core import (
    ArgumentError,
    DTypeError,
    Node,
    Tensor,
    __version__,
    tensor,
)
from ._dtype import (
    Size,
    bool,
    device,
    double,
    dtype,
    float,
    float32,
    float64,
    get_default_dtype,
    int,
    int32,
    int64,
    long,
    set_default_dtype,
    uint8,
)
from ._factories import *  # noqa: F403
from ._indexing import *  # noqa: F403
from ._pointwise import *  # noqa: F403
from ._random import *  # noqa: F403
from ._reduction import *  # noqa: F403
from ._runtime import cpu_info, get_num_threads, set_num_threads
from ._shape import *  # noqa: F403
from ._tensor import dense, from_numpy
from .compile import compile
from .grad_mode import detect_anomaly, enable_grad, is_anomaly_enabled, is_grad_enabled, no_grad
from .gradcheck import GradcheckError, gradcheck, numeric_grad
from .graph import draw, to_dot
from .nn._losses import binary_cross_entropy, binary_cross_entropy_with_logits, mse_loss
from .paths import get_cmake_dir, get_include
from .serialization import load, save

__all__ = [
    "ArgumentError",
    "DTypeError",
    "GradcheckError",
    "Node",
    "Size",
    "Tensor",
    "__version__",
    "autograd",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "bool",
    "compile",
    "cpu_info",
    "datasets",
    "dense",
    "detect_anomaly",
    "device",
    "distributed",
    "double",
    "draw",
    "dtype",
    "enable_grad",
    "float",
    "float32",
    "float64",
    "from_numpy",
    "func",
    "get_cmake_dir",
    "get_default_dtype",
    "get_include",
    "get_num_threads",
    "gradcheck",
    "int",
    "int32",
    "int64",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "load",
    "long",
    "mse_loss",
    "nn",
    "no_grad",
    "numeric_grad",
    "optim",
    "save",
    "set_default_dtype",
    "set_num_threads",
    "tensor",
    "to_dot",
    "uint8",
    "utils",
]
__all__ += [
    *_factories.__all__,
    *_indexing.__all__,
    *_pointwise.__all__,
    *_random.__all__,
    *_reduction.__all__,
    *_shape.__all__,
]
