"""Data-parallel training of a small sigmoid MLP: run by tests/test_distributed.py as

    mpirun -n 2 python -m mpi4py tests/mpi_worker_sgd.py OUT_DIR

(``-m mpi4py`` makes an uncaught exception on one rank abort all of them instead of leaving the
others waiting in a collective). Each rank writes its final parameters to ``OUT_DIR/rank{r}.npz``.
The test imports this file too and runs ``train(case, rank=0, size=1)``, the single-process
reference on the whole batches, with no MPI at all.
"""

import os
import sys

import numpy as np

import tapegrad as tg
from tapegrad import distributed as dist

STEPS = 12
N_IN, N_HIDDEN, N_OUT = 5, 7, 3
PENALTY = 0.01

# name -> (batch size, optimizer, weight shares by size?, reduce big gradients in place?)
# "sgd": equal halves of an even batch with the default average=True. "momentum": an odd batch
# (8 + 7) with weight=len(part)/len(batch). "adam_in_place": every gradient reduced in place on
# its own array instead of through the fused buffer.
CASES = {
    "sgd": (16, "sgd", False, False),
    "momentum": (15, "momentum", True, False),
    "adam_in_place": (16, "adam", False, True),
}


def data(batch):
    rng = np.random.default_rng(7)
    x = rng.uniform(-1.0, 1.0, (STEPS * batch, N_IN))
    t = rng.uniform(0.1, 0.9, (STEPS * batch, N_OUT))
    return x, t


def train(case, rank, size, comm=None):
    """``STEPS`` optimizer steps; batch k is rows ``k*B .. (k+1)*B`` and this rank takes its
    ``shard`` of it. Returns the final parameters, the initial ones (after the broadcast) and
    whether ``unused`` stayed gradient-free."""
    batch, optimizer, weighted, in_place = CASES[case]
    x, t = data(batch)
    # Ranks start from different weights on purpose: broadcast_parameters must make them equal.
    model = tg.nn.Sequential(
        tg.nn.Dense(N_IN, N_HIDDEN, activation="sigmoid", rng=100 + rank),
        tg.nn.Dense(N_HIDDEN, N_OUT, activation="sigmoid", rng=200 + rank),
    )
    # ``extra`` is in rank 0's loss only (rank 1 has no gradient for it: it contributes zeros),
    # ``extra32`` adds a float32 group, ``unused`` is in no loss (its .grad must stay None).
    extra = tg.tensor([0.5, -0.25, 1.0], requires_grad=True)
    extra32 = tg.tensor(np.array([0.75, -0.5], np.float32), requires_grad=True)
    unused = tg.tensor([3.0], requires_grad=True)
    params = [*model.parameters(), extra, extra32, unused]
    if comm is not None:
        dist.broadcast_parameters(params, comm=comm)
    initial = [p.numpy().copy() for p in params]
    if optimizer == "adam":
        opt = tg.optim.Adam(params, lr=0.05)
    else:
        opt = tg.optim.SGD(params, lr=0.5, momentum=0.9 if optimizer == "momentum" else 0.0)
    saved_limit = dist.IN_PLACE_MIN_BYTES
    dist.IN_PLACE_MIN_BYTES = 0 if in_place else saved_limit
    try:
        unused_stayed_none = _steps(model, params, opt, x, t, batch, weighted, rank, size, comm)
    finally:
        dist.IN_PLACE_MIN_BYTES = saved_limit
    return [p.numpy().copy() for p in params], initial, unused_stayed_none


def _steps(model, params, opt, x, t, batch, weighted, rank, size, comm):
    extra, extra32, unused = params[-3:]
    unused_stayed_none = True
    for k in range(STEPS):
        rows = np.arange(k * batch, (k + 1) * batch)[dist.shard(batch, rank, size)]
        # mse_loss averages over this rank's rows, so a rank's gradient is the mean over its
        # share. Averaging the ranks' gradients (the default) gives the full batch's mean exactly
        # when the shares are equal (16 = 8 + 8); for 15 = 8 + 7 each rank weights its gradient
        # by its share, len(rows) / batch, and the weighted sum is the full batch's gradient.
        weight = len(rows) / batch if weighted else None
        share = weight if weighted else 1.0 / size  # what the reduction multiplies rank 0's by
        opt.zero_grad()
        loss = tg.mse_loss(model(tg.from_numpy(x[rows])), t[rows])
        if rank == 0:  # the penalty lives on rank 0 only: scaled so that after the reduction it
            loss = loss + (PENALTY / share) * (extra * extra).sum()  # counts once, as in one process
            ((1.0 / share) * (extra32 * extra32).sum()).backward()
        loss.backward()
        if comm is not None:
            dist.allreduce_gradients(params, comm=comm, weight=weight)
        unused_stayed_none &= unused.grad is None
        opt.step()
    return unused_stayed_none


def mismatch_message(comm):
    """Rank 1 passes a different model: broadcast_parameters must raise on every rank."""
    shapes = [(2, 3), (3,)] if comm.Get_rank() == 0 else [(2, 3), (4,)]
    params = [tg.tensor(np.zeros(s), requires_grad=True) for s in shapes]
    try:
        dist.broadcast_parameters(params, comm=comm)
    except ValueError as exc:
        return str(exc)
    return ""


def main(out_dir):
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    assert (dist.rank(), dist.world_size()) == (rank, size)
    results = {"size": np.array(size), "mismatch": np.array(mismatch_message(comm))}
    for case in CASES:
        params, initial, unused_stayed_none = train(case, rank, size, comm)
        for i, (p, p0) in enumerate(zip(params, initial)):
            results[f"{case}/{i}"] = p
            results[f"{case}/initial/{i}"] = p0
        results[f"{case}/unused_stayed_none"] = np.array(unused_stayed_none)
    np.savez(os.path.join(out_dir, f"rank{rank}.npz"), **results)


if __name__ == "__main__":
    main(sys.argv[1])
