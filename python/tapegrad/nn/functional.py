"""``tapegrad.nn.functional``: the layers' computations as functions, as ``torch.nn.functional``."""

from ._activations import *  # noqa: F403
from ._activations import __all__ as _activations_all
from ._dropout import *  # noqa: F403
from ._dropout import __all__ as _dropout_all
from ._embedding import *  # noqa: F403
from ._embedding import __all__ as _embedding_all
from ._linear import *  # noqa: F403
from ._linear import __all__ as _linear_all
from ._losses import *  # noqa: F403
from ._losses import __all__ as _losses_all
from ._normalization import *  # noqa: F403
from ._normalization import __all__ as _normalization_all

__all__ = [
    *_activations_all,
    *_losses_all,
    *_embedding_all,
    *_linear_all,
    *_dropout_all,
    *_normalization_all,
]
