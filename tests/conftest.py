import numpy as np
import pytest


@pytest.fixture
def rng():
    """A fresh, seeded generator per test: failures reproduce."""
    return np.random.default_rng(20240607)


@pytest.fixture
def torch_default_float64():
    """PyTorch's default dtype set to tapegrad's (float64) for one test, where PyTorch is installed.

    Modules that compare default-dtype results with PyTorch's use it for every test:
    ``pytestmark = pytest.mark.usefixtures("torch_default_float64")``.
    """
    try:
        import torch
    except ImportError:  # the comparisons skip themselves (torch_oracle); nothing to set
        yield
        return
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)
