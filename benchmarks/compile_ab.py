"""Eager against tg.compile on the benchmark's own steps (W1-W4), interleaved, one run.

    python benchmarks/compile_ab.py [--repeats 15] [--workloads W1,W2,W3,W4]

The full benchmark (``python -m tapegrad bench``) times each library in its own process, so a
change in the machine's load between two processes shows up as a difference between them. Here
the eager and the compiled step (``tapegrad.bench.workloads``' own, called past the recording)
run in one process in alternating blocks, and the median time per call of each is printed with
their ratio: the direct comparison when the two are close (W4, where the GEMMs take the time).
"""

import argparse

from linear_vs_dense import _medians_us

from tapegrad.bench.workloads import build


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=15, help="timed blocks per step (the median is shown)")
    parser.add_argument("--workloads", default="W1,W2,W3,W4", help="comma-separated, from W1-W4")
    args = parser.parse_args()
    print(f"{'workload':<10}{'eager us':>12}{'compiled us':>14}{'eager/compiled':>16}")
    for workload in args.workloads.split(","):
        eager, compiled = build("tapegrad", workload).step, build("tapegrad-compiled", workload).step
        for _ in range(3):  # the compiled step's first call runs eagerly, its second records
            compiled()
        e, c = _medians_us([eager, compiled], args.repeats)
        print(f"{workload:<10}{e:>12.2f}{c:>14.2f}{e / c:>16.2f}")


if __name__ == "__main__":
    main()
