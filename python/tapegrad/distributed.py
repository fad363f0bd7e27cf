"""Data-parallel training over MPI processes, through mpi4py.

Every process (rank) holds a full copy of the model and works on its own part of each batch;
between ``backward()`` and the optimizer step the ranks sum their gradients, so that every rank
takes the same step from the same parameters:

    from tapegrad import distributed as dist

    model = build_model()
    dist.broadcast_parameters(model.parameters())             # rank 0's weights everywhere
    rank, size = dist.rank(), dist.world_size()
    for batch in batches:                                      # the same batches on every rank
        part = batch[dist.shard(len(batch), rank, size)]       # this rank's contiguous share
        opt.zero_grad()
        tg.mse_loss(model(x[part]), t[part]).backward()
        dist.allreduce_gradients(model.parameters(), weight=len(part) / len(batch))
        opt.step()

Run it with ``mpirun -n 4 python train.py``. MPI does the communication (shared memory on one
machine, the cluster's network across machines); tapegrad only packs the gradients.

Gradients and losses that average over samples. ``mse_loss`` and the cross-entropies average over
the elements they are given, so each rank's gradient is the mean over its share. The mean of the
ranks' gradients (``average=True``, the default) is the full batch's gradient exactly when the
shares are equal; ``weight=len(share) / len(batch)`` makes it exact for any split (the result is
then the sum over ranks of ``weight * grad``). For a loss that sums over samples, use
``average=False``.

Parameters without a gradient. A rank on which a parameter has no gradient (``.grad`` is None:
the parameter took no part in that rank's loss, or the rank's share was empty) contributes
zeros, which is the exact gradient of its share. After the call the parameter has the reduced
gradient on every rank; only a parameter that has no gradient on *every* rank keeps ``.grad`` as
None everywhere (so the optimizers skip it on every rank alike, as in a single process). This
costs no extra message: one presence flag per parameter travels in the fused buffer.

Every rank must pass the same parameters in the same order (same shapes and dtypes), as it
builds the same model; ``broadcast_parameters`` checks that once, and every collective call must
be made by every rank of ``comm``, as always with MPI.

mpi4py is an optional dependency: ``pip install "tapegrad[mpi]"``, with an MPI library installed
(Debian and Ubuntu: ``apt-get install openmpi-bin libopenmpi-dev``; conda: ``conda install -c
conda-forge mpi4py openmpi``). Importing tapegrad, or this module, never imports mpi4py; the first
call that needs it does, and raises ``ImportError`` with those instructions when it is missing.
"""

import math
import numbers

import numpy as np

from ._core import Tensor
from .grad_mode import no_grad

__all__ = ["allreduce_gradients", "broadcast_parameters", "is_available", "rank", "shard", "world_size"]

INSTALL_HINT = (
    'tapegrad.distributed needs mpi4py and an MPI library: pip install "tapegrad[mpi]" (or pip '
    "install mpi4py), with an MPI implementation installed first (Debian/Ubuntu: apt-get install "
    "openmpi-bin libopenmpi-dev; Fedora: dnf install openmpi-devel; macOS: brew install open-mpi; "
    "conda: conda install -c conda-forge mpi4py openmpi)"
)

# Gradients of at least this many bytes are reduced in place on their own gradient arrays (no
# copy); smaller ones are packed into one buffer per dtype, so that a model of many small
# parameters costs one message per step instead of one per parameter.
IN_PLACE_MIN_BYTES = 1 << 20


def _mpi():
    try:
        from mpi4py import MPI
    except (ImportError, RuntimeError) as exc:  # mpi4py absent, or present without a libmpi
        raise ImportError(f"{INSTALL_HINT}. ({type(exc).__name__}: {exc})") from exc
    return MPI


def _comm(comm):
    return _mpi().COMM_WORLD if comm is None else comm


def is_available():
    """Whether mpi4py and an MPI library can be loaded (importing mpi4py initialises MPI)."""
    try:
        _mpi()
    except ImportError:
        return False
    return True


def rank(comm=None):
    """This process's rank in ``comm`` (default ``MPI.COMM_WORLD``): 0 .. world_size() - 1.

    Args:
        comm: An mpi4py communicator, or None for ``MPI.COMM_WORLD``.

    Raises:
        ImportError: mpi4py or an MPI library is missing (with install instructions).
    """
    return _comm(comm).Get_rank()


def world_size(comm=None):
    """The number of processes in ``comm`` (default ``MPI.COMM_WORLD``): 1 without mpirun.

    Args:
        comm: An mpi4py communicator, or None for ``MPI.COMM_WORLD``.

    Raises:
        ImportError: mpi4py or an MPI library is missing (with install instructions).
    """
    return _comm(comm).Get_size()


def _check_int(name, value, minimum):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise ValueError(f"shard: {name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"shard: {name} must be >= {minimum}, got {value}")
    return int(value)


def shard(n_samples, rank, size):
    """This rank's part of ``n_samples`` items as a ``slice``: ``data[shard(len(data), r, n)]``.

    The parts are contiguous, in rank order, and balanced: sizes differ by at most one, the first
    ``n_samples % size`` ranks taking one more. Some are empty when ``n_samples < size``.
    Needs no MPI.

    Args:
        n_samples: The number of items to share out, an integer >= 0.
        rank: This rank, in ``[0, size)``.
        size: The number of ranks, an integer >= 1.

    Returns:
        A ``slice`` of ``range(n_samples)``.

    Raises:
        ValueError: An argument is not an integer or is out of range.
    """
    n_samples = _check_int("n_samples", n_samples, 0)
    size = _check_int("size", size, 1)
    rank = _check_int("rank", rank, 0)
    if rank >= size:
        raise ValueError(f"shard: rank must be in [0, size), got rank {rank} with size {size}")
    base, extra = divmod(n_samples, size)
    start = rank * base + min(rank, extra)
    return slice(start, start + base + (rank < extra))


def _parameters(params, caller):
    out, seen = [], set()
    for p in params:
        if not isinstance(p, Tensor):
            raise TypeError(f"{caller}: expected tapegrad Tensors, got {type(p).__name__}")
        if id(p) not in seen:  # a tensor given twice is still reduced once
            seen.add(id(p))
            out.append(p)
    return out


def _by_dtype(params):
    groups = {}
    for p in params:
        groups.setdefault(p.dtype, []).append(p)
    # The same order on every rank; NumPy dtypes for the buffers.
    return [(np.dtype(d), groups[d]) for d in sorted(groups, key=lambda d: np.dtype(d).char)]


def allreduce_gradients(params, comm=None, average=True, weight=None):
    """Replaces every parameter's ``.grad`` by its sum over the ranks of ``comm``, in place.

    ``average=True`` divides the sum by the number of ranks. ``weight`` (a number, this rank's
    share of the batch, e.g. ``len(part) / len(batch)``) instead scales this rank's gradients
    before the sum, which gives the full batch's gradient of a mean loss for unequal shares;
    ``average`` is then not applied. Call it on every rank, between ``backward()`` and the
    optimizer step. See the module's docstring for parameters without a gradient.

    Args:
        params: The parameters (Tensors), the same ones in the same order on every rank; a
            tensor given twice is reduced once.
        comm: An mpi4py communicator, or None for ``MPI.COMM_WORLD``.
        average: Divide the sum by the number of ranks (ignored when ``weight`` is given).
        weight: A finite number by which this rank's gradients are scaled before the sum, or
            None.

    Raises:
        TypeError: A parameter is not a Tensor.
        ValueError: ``weight`` is not a finite number.
        ImportError: mpi4py or an MPI library is missing.
    """
    MPI = _mpi()
    comm = _comm(comm)
    params = _parameters(params, "allreduce_gradients")
    if weight is not None:
        if not isinstance(weight, numbers.Real) or isinstance(weight, bool) or not math.isfinite(weight):
            raise ValueError(f"allreduce_gradients: weight must be a finite number, got {weight!r}")
        divisor = None
    else:
        divisor = comm.Get_size() if average and comm.Get_size() > 1 else None

    for dtype, group in _by_dtype(params):
        small, sizes, big = [], [], []
        for p in group:
            n = math.prod(p.shape)
            if n * dtype.itemsize >= IN_PLACE_MIN_BYTES:
                big.append(p)
            else:
                small.append(p)
                sizes.append(n)
        n_small = sum(sizes)
        # [small gradients..., one presence flag per parameter of the group (small, then big)]
        fused = np.empty(n_small + len(group), dtype)
        flags = fused[n_small:]
        offset = 0
        for i, (p, n) in enumerate(zip(small, sizes)):
            segment = fused[offset : offset + n]
            grad = None if p.grad is None else p.grad.numpy()
            if grad is None:
                segment.fill(0)
            elif weight is not None:
                np.multiply(grad.reshape(-1), weight, out=segment)
            else:
                segment[...] = grad.reshape(-1)
            flags[i] = grad is not None
            offset += n
        for i, p in enumerate(big, start=len(small)):
            flags[i] = p.grad is not None
            if p.grad is None:
                p.grad = np.zeros(p.shape, dtype)
            elif weight is not None:
                grad = p.grad.numpy()
                np.multiply(grad, weight, out=grad)

        comm.Allreduce(MPI.IN_PLACE, fused, op=MPI.SUM)
        for p in big:
            grad = p.grad.numpy()  # a writable view of the gradient buffer: reduced without a copy
            comm.Allreduce(MPI.IN_PLACE, grad, op=MPI.SUM)
            if divisor is not None:
                np.divide(grad, divisor, out=grad)

        if divisor is not None:
            np.divide(fused[:n_small], divisor, out=fused[:n_small])
        offset = 0
        for p, n in zip(small, sizes):
            segment = fused[offset : offset + n].reshape(p.shape)
            offset += n
            grad = None if p.grad is None else p.grad.numpy()
            if grad is None:
                p.grad = segment  # copied into a new gradient buffer
            else:
                grad[...] = segment
        for p, present in zip(small + big, flags):
            if present == 0:  # no rank had a gradient: leave it absent everywhere
                p.grad = None


def broadcast_parameters(params, root=0, comm=None):
    """Copies the values of ``params`` on rank ``root`` into the same parameters on every rank.

    Call it on every rank once the model is built and before the first forward pass: the values
    are written through the parameters' NumPy views, which tapegrad's version counter cannot see.
    First checks that every rank passes the same number of parameters with the same shapes and
    dtypes, and raises ``ValueError`` on every rank (no deadlock) when they do not.

    Args:
        params: The parameters (Tensors), the same ones in the same order on every rank.
        root: The rank whose values are copied, in ``[0, world_size)``.
        comm: An mpi4py communicator, or None for ``MPI.COMM_WORLD``.

    Raises:
        ValueError: ``root`` is not a rank, or the ranks' parameters differ.
        TypeError: A parameter is not a Tensor.
        ImportError: mpi4py or an MPI library is missing.
    """
    comm = _comm(comm)
    params = _parameters(params, "broadcast_parameters")
    size = comm.Get_size()
    if not isinstance(root, numbers.Integral) or isinstance(root, bool) or not 0 <= root < size:
        raise ValueError(f"broadcast_parameters: root must be a rank in [0, {size}), got {root!r}")
    signature = [(tuple(p.shape), np.dtype(p.dtype).str) for p in params]
    signatures = comm.allgather(signature)
    for other, theirs in enumerate(signatures):
        if theirs != signatures[root]:
            raise ValueError(
                f"broadcast_parameters: rank {other} has parameters {_describe(theirs)} but root "
                f"rank {root} has {_describe(signatures[root])}; every rank must build the same model"
            )
    with no_grad():
        for p in params:
            values = p.numpy()  # C-contiguous and writable: broadcast straight into the tensor
            comm.Bcast(values, root=root)


def _describe(signature):
    return "[" + ", ".join(f"{shape} {np.dtype(dtype)}" for shape, dtype in signature) + "]"
