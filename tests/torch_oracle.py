"""PyTorch as the tests' oracle, where it is installed.

Many tests compare tapegrad with PyTorch itself. PyTorch is not a test dependency (its default
wheel is large); CI installs it, and so can anyone (``pip install torch``). Without it, a test
that touches ``torch`` is skipped with that reason, and the rest of its module still runs.

    from torch_oracle import torch, TF  # TF is torch.nn.functional
"""

import pytest

REASON = "PyTorch is not installed (pip install torch): this comparison with PyTorch is skipped"


class _Missing:
    """Stands in for a module that is not installed: any use skips the test that made it."""

    def __getattr__(self, name):
        if name.startswith("_") or name == "pytestmark":  # pytest and Python probing, not a test
            raise AttributeError(name)
        # At import time (a module-level constant, a parametrize list) the whole module is skipped.
        pytest.skip(REASON, allow_module_level=True)


try:
    import torch
    import torch.nn.functional as TF
except ImportError:
    torch = TF = _Missing()

__all__ = ["TF", "torch"]
