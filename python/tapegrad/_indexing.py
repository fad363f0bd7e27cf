"""Indexing functions, as ``torch.gather``, ``torch.index_select``, ... (``x[...]`` itself is C++)."""

__all__ = []
