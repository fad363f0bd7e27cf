"""Data-parallel scaling of tapegrad.distributed: steps per second for 1, 2, ... MPI ranks.

    TAPEGRAD_NUM_THREADS=1 mpirun -n 1 python benchmarks/mpi_scaling.py
    TAPEGRAD_NUM_THREADS=1 mpirun -n 2 python benchmarks/mpi_scaling.py

(as root add --allow-run-as-root). Every rank trains the same sigmoid MLP (64-HIDDEN-10, MSE, SGD)
on its shard of each global batch of the handwritten digits that ship with tapegrad, with
``allreduce_gradients`` between backward and step: the global batch, and so the work per step,
is the same for every number of ranks (strong scaling). Prints the median over ``--repeats`` of
the slowest rank's steps/s, the share of a step spent in the allreduce, and checks that the
ranks ended with identical parameters. Give each rank one GEMM thread when ranks x threads would
exceed the cores (TAPEGRAD_NUM_THREADS=1 above, on a 2-core machine).
"""

import argparse
import platform
import statistics
import time

import numpy as np

import tapegrad as tg
from tapegrad import distributed as dist
from tapegrad.datasets import load_digits


def main():
    parser = argparse.ArgumentParser(
        prog="mpirun -n N python benchmarks/mpi_scaling.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--steps", type=int, default=200, help="timed steps per repeat (default: %(default)s)"
    )
    parser.add_argument("--warmup", type=int, default=20, help="untimed steps first (default: %(default)s)")
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed repeats, median reported (default: %(default)s)"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=512,
        help="global batch, split over the ranks (default: %(default)s)",
    )
    parser.add_argument("--hidden", type=int, default=256, help="hidden sigmoid units (default: %(default)s)")
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    args = parser.parse_args()

    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    images, labels = load_digits(dtype=args.dtype)
    targets = np.eye(10, dtype=args.dtype)[labels]
    rng = np.random.default_rng(0)  # the same seed everywhere: the same batches on every rank
    model = tg.nn.Sequential(
        tg.nn.Dense(64, args.hidden, activation="sigmoid", dtype=args.dtype, rng=rng),
        tg.nn.Dense(args.hidden, 10, activation="sigmoid", dtype=args.dtype, rng=rng),
    )
    params = list(model.parameters())
    dist.broadcast_parameters(params, comm=comm)
    opt = tg.optim.SGD(params, lr=0.5)
    part = dist.shard(args.batch_size, rank, size)

    def step(k, timings):
        batch = rng.integers(0, len(images), args.batch_size)  # drawn by every rank alike
        rows = batch[part]
        opt.zero_grad()
        tg.mse_loss(model(tg.from_numpy(images[rows])), targets[rows]).backward()
        started = time.perf_counter()
        dist.allreduce_gradients(params, comm=comm)  # equal shares (or weight=len(rows)/len(batch))
        timings.append(time.perf_counter() - started)
        opt.step()

    for k in range(args.warmup):
        step(k, [])
    rates, comm_shares = [], []
    for _ in range(args.repeats):
        comm.Barrier()
        reduce_times = []
        started = time.perf_counter()
        for k in range(args.steps):
            step(k, reduce_times)
        elapsed = comm.allreduce(time.perf_counter() - started, op=MPI.MAX)
        rates.append(args.steps / elapsed)
        comm_shares.append(comm.allreduce(sum(reduce_times), op=MPI.MAX) / elapsed)

    checksum = np.concatenate([p.numpy().ravel() for p in params]).astype(np.float64)
    same = all(np.array_equal(c, checksum) for c in comm.allgather(checksum))
    if rank == 0:
        shard_sizes = [len(range(args.batch_size)[dist.shard(args.batch_size, r, size)]) for r in range(size)]
        rate = statistics.median(rates)
        print(
            f"ranks {size}: {rate:.1f} steps/s ({rate * args.batch_size:.0f} samples/s), "
            f"allreduce {100 * statistics.median(comm_shares):.0f}% of a step; "
            f"64-{args.hidden}-10 sigmoid MLP, {args.dtype}, global batch {args.batch_size} "
            f"(shards {shard_sizes}), {args.steps} steps x {args.repeats} repeats "
            f"[{', '.join(f'{r:.1f}' for r in rates)}], {tg.get_num_threads()} GEMM thread(s) per rank, "
            f"{platform.node()}; ranks' parameters identical: {same}"
        )
    if not same:
        raise SystemExit("the ranks' parameters differ")


if __name__ == "__main__":
    main()
