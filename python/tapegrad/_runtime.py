"""The runtime: the kernels' thread count and the CPU path in use."""

from . import _core

__all__ = ["cpu_info", "get_num_threads", "set_num_threads"]


def set_num_threads(n):
    """Sets the number of threads large kernels may use (the calling thread included).

    The default is the ``TAPEGRAD_NUM_THREADS`` environment variable, else the number of CPUs.
    Small problems stay on the calling thread whatever the setting.

    Args:
        n: A positive int.

    Raises:
        ValueError: ``n`` is below 1.
        TypeError: ``n`` is not an int.
        OverflowError: ``n`` does not fit in a C int.
    """
    _core.set_num_threads(n)


def get_num_threads():
    """The number of threads large kernels may use."""
    return _core.get_num_threads()


def cpu_info():
    """The GEMM path in use and what the CPU offers, for logs and bug reports.

    Returns:
        dict: ``isa`` ("avx2", "generic" or "neon"; ``TAPEGRAD_ISA`` forces one), ``has_avx2``,
        ``has_fma``, ``has_avx512f`` and ``num_threads``.
    """
    return _core.cpu_info()
