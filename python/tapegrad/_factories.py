"""Factories and random sampling, as ``torch.zeros``, ``torch.rand``, ``torch.manual_seed``, ..."""

__all__ = []
