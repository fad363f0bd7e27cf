"""Activation functions of ``tapegrad.nn.functional``, as in ``torch.nn.functional``."""

__all__ = []
