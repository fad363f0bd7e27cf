"""nn.Linear against nn.Dense and torch.nn.Linear: forward + backward, side by side, one run.

    python benchmarks/linear_vs_dense.py [--repeats 15] [--threads N]

Each case times ``layer(x).sum().backward()`` (the parameters' gradients cleared first) in
blocks long enough to measure (the three interleaved), and prints the median time per call and
the ratios.
Dense runs with ``activation=None`` so all three compute the same thing. The 2-2-1 rows are
the exercise's network (Linear(2, 2), sigmoid, Linear(2, 1)) on the four XOR inputs.
"""

import argparse
import statistics
import time

import numpy as np

import tapegrad as tg

try:
    import torch
except ImportError:  # the torch column is left out
    torch = None


def _block_size(step, min_block=0.02):
    step()
    number = 1
    while True:  # a block long enough for the clock
        start = time.perf_counter()
        for _ in range(number):
            step()
        if time.perf_counter() - start >= min_block:
            return number
        number *= 2


def _medians_us(steps, repeats):
    """The median time per call of each step, in microseconds; the steps' blocks interleave, so
    a change in the machine's load (other processes) touches them all alike."""
    numbers = [_block_size(step) for step in steps]
    times = [[] for _ in steps]
    for _ in range(repeats):
        for step, number, out in zip(steps, numbers, times):
            start = time.perf_counter()
            for _ in range(number):
                step()
            out.append((time.perf_counter() - start) / number)
    return [statistics.median(t) * 1e6 for t in times]


def _tg_step(model, x):
    params = list(model.parameters())

    def step():
        for p in params:
            p.grad = None
        model(x).sum().backward()

    return step


def _torch_step(model, x):
    params = list(model.parameters())

    def step():
        for p in params:
            p.grad = None
        model(x).sum().backward()

    return step


def _cases():
    yield "128x784->256", (128, 784), [(784, 256)]
    yield "2-2-1 (XOR, batch 4)", (4, 2), [(2, 2), (2, 1)]


def _tg_model(kind, layers, dtype):
    mods = []
    for i, (n_in, n_out) in enumerate(layers):
        if kind == "Linear":
            mods.append(tg.nn.Linear(n_in, n_out, dtype=dtype))
        else:
            mods.append(tg.nn.Dense(n_in, n_out, activation=None, dtype=dtype))
        if i + 1 < len(layers):
            mods.append(tg.nn.Sigmoid())
    return tg.nn.Sequential(*mods)


def _torch_model(layers, dtype):
    mods = []
    for i, (n_in, n_out) in enumerate(layers):
        mods.append(torch.nn.Linear(n_in, n_out, dtype=dtype))
        if i + 1 < len(layers):
            mods.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*mods)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=15, help="timed blocks per case (the median is shown)")
    parser.add_argument(
        "--threads", type=int, default=None, help="threads for both libraries (default: theirs)"
    )
    args = parser.parse_args()
    if args.threads:
        tg.set_num_threads(args.threads)
        if torch is not None:
            torch.set_num_threads(args.threads)
    print(
        f"threads: tapegrad {tg.get_num_threads()}" + (f", torch {torch.get_num_threads()}" if torch else "")
    )
    columns = ("Dense us", 10), ("Linear us", 11), ("torch us", 10), ("Lin/Dense", 11), ("Lin/torch", 11)
    print(f"{'case':<24}{'dtype':<9}" + "".join(f"{title:>{width}}" for title, width in columns))
    rng = np.random.default_rng(0)
    for name, x_shape, layers in _cases():
        for dtype in ("float32", "float64"):
            x_np = rng.standard_normal(x_shape).astype(dtype)
            tg_x = tg.tensor(x_np)
            steps = [
                _tg_step(_tg_model("Dense", layers, dtype), tg_x),
                _tg_step(_tg_model("Linear", layers, dtype), tg_x),
            ]
            if torch is not None:
                steps.append(_torch_step(_torch_model(layers, getattr(torch, dtype)), torch.from_numpy(x_np)))
            dense, linear, ref = [*_medians_us(steps, args.repeats), float("nan")][:3]
            print(
                f"{name:<24}{dtype:<9}{dense:>10.1f}{linear:>11.1f}{ref:>10.1f}"
                f"{linear / dense:>11.2f}{linear / ref:>11.2f}"
            )


if __name__ == "__main__":
    main()
