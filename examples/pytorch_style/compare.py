"""Runs the programs of this directory under tapegrad and under PyTorch, and compares them.

Every program is written for PyTorch and starts with ``import tapegrad as torch``; under PyTorch
that line (and ``import tapegrad.nn.functional as F``) becomes PyTorch's own. Each program
leaves its final ``loss`` (a one-element tensor) and the number of training ``steps`` it took.

    python examples/pytorch_style/compare.py [--rounds N] [NAME ...]

prints each program's final loss under both libraries, their relative difference, and the median
time per step of each library over N interleaved rounds (default 3), with the ratio.
"""

import argparse
import contextlib
import io
import pathlib
import statistics
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
PROGRAMS = sorted(p for p in HERE.glob("*.py") if p.name != "compare.py")
_IMPORTS = {
    "import tapegrad as torch\n": "import torch\n",
    "import tapegrad.nn.functional as F": "import torch.nn.functional as F",
}


def source(path, lib):
    """The program's text, for ``lib`` "tapegrad" (as written) or "torch"."""
    text = pathlib.Path(path).read_text()
    if lib == "torch":
        for ours, theirs in _IMPORTS.items():
            text = text.replace(ours, theirs, 1)
    return text


def run(path, lib):
    """Runs the program under ``lib`` with its output captured.

    Returns:
        (final loss as a float, seconds, steps, printed text)
    """
    code = compile(source(path, lib), str(path), "exec")
    namespace = {"__name__": "__main__", "__file__": str(path)}
    printed = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(printed):
        exec(code, namespace)
    seconds = time.perf_counter() - start
    return namespace["loss"].item(), seconds, namespace["steps"], printed.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("names", nargs="*", help="programs to run (default: all)")
    args = parser.parse_args(argv)
    chosen = [p for p in PROGRAMS if not args.names or p.stem in args.names]
    print(
        "| program | steps | final loss (tapegrad) | relative difference "
        "| tapegrad µs/step | PyTorch µs/step | PyTorch / tapegrad |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for path in chosen:
        times = {"tapegrad": [], "torch": []}
        for _ in range(args.rounds):
            for lib in times:
                loss, seconds, steps, _ = run(path, lib)
                times[lib].append((loss, seconds))
        ours, theirs = times["tapegrad"][-1][0], times["torch"][-1][0]
        t_ours = statistics.median(s for _, s in times["tapegrad"]) / steps * 1e6
        t_theirs = statistics.median(s for _, s in times["torch"]) / steps * 1e6
        diff = abs(ours - theirs) / abs(theirs)
        cells = [path.stem, steps, f"{ours:.10g}", f"{diff:.1e}", f"{t_ours:.1f}", f"{t_theirs:.1f}"]
        print("| " + " | ".join(map(str, cells)) + f" | {t_theirs / t_ours:.1f}x |")
    import torch

    import tapegrad

    print(
        f"\ntapegrad {tapegrad.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
        f"Python {sys.version.split()[0]}; {args.rounds} interleaved rounds, medians of whole runs / steps"
    )


if __name__ == "__main__":
    main()
