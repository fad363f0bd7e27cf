"""The tapegrad command line: ``python -m tapegrad {demo,train,bench}`` (or the ``tapegrad`` script)."""

import argparse
import math
import os
import sys

PROG = "python -m tapegrad"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    pass


def _integer(minimum):
    """An argparse type: an integer of at least ``minimum``."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer >= {minimum}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected an integer >= {minimum}, got {value}")
        return value

    return parse


_positive_int = _integer(1)
_seed = _integer(0)


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a finite number > 0, got {text!r}")
    return value


TRAIN_DESCRIPTION = """\
Trains a sigmoid MLP (64 pixels -> HIDDEN sigmoid units -> 10 sigmoid outputs, one per digit,
squared error against one-hot targets) on the 1,797 8x8 handwritten digits that ship inside the
package, with mini-batch Adam or SGD. 20% of the digits, chosen by --seed, are held out for the
test; the same seed gives the same split, weights and batches. Shows a progress bar per epoch
with the running loss when tqdm is installed (pip install "tapegrad[cli]"), one line per epoch
otherwise, and ends with the line "test accuracy: NN.N%". The defaults reach about 97-98%.

Data: UCI "Optical Recognition of Handwritten Digits" (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0),
the copy that scikit-learn ships."""

BENCH_EPILOG = """\
Results depend on the machine and its load: run on an idle machine before quoting numbers.
benchmarks/README.md in the source tree says how each workload is measured."""


def _parser():
    from .train import DEFAULT_LR, DEFAULTS, DTYPES, LOSSES, OPTIMIZERS

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="tapegrad: backpropagation from the ground up. A C++17 tape-based autograd core "
        "with a PyTorch-shaped Python API.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--cmake-dir",
        action="store_true",
        help="print the directory of tapegradConfig.cmake (for cmake -Dtapegrad_DIR=...) and exit",
    )
    parser.add_argument("--include", action="store_true", help="print the C++ include directory and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "demo",
        help="compute the documents' worked examples and check them by finite differences",
        description="Computes the worked examples of the documents (the slope of f(x) = 2x^2 - 3x + 4, "
        "the graph L = (a*b + c) * f, the 2-2-1 sigmoid network and one SGD step) by "
        "backprop and prints them beside finite differences.",
    )

    train = commands.add_parser(
        "train",
        help="train a sigmoid MLP on the handwritten digits and print its test accuracy",
        description=TRAIN_DESCRIPTION,
        formatter_class=_HelpFormatter,
    )
    train.add_argument(
        "--epochs",
        type=_positive_int,
        default=DEFAULTS["epochs"],
        metavar="N",
        help="passes over the training set (default: %(default)s)",
    )
    train.add_argument(
        "--hidden",
        type=_positive_int,
        default=DEFAULTS["hidden"],
        metavar="N",
        help="sigmoid units in the hidden layer (default: %(default)s)",
    )
    train.add_argument(
        "--lr",
        type=_positive_float,
        default=None,
        metavar="RATE",
        help="learning rate (default: " + ", ".join(f"{k} {v:g}" for k, v in DEFAULT_LR.items()) + ")",
    )
    train.add_argument(
        "--batch-size",
        type=_positive_int,
        default=DEFAULTS["batch_size"],
        metavar="N",
        help="samples per step (default: %(default)s)",
    )
    train.add_argument(
        "--optimizer",
        choices=OPTIMIZERS,
        default=DEFAULTS["optimizer"],
        help="adam, or sgd with momentum 0.9 (default: %(default)s)",
    )
    train.add_argument(
        "--loss",
        choices=LOSSES,
        default=DEFAULTS["loss"],
        help="mse: sigmoid outputs, squared error against one-hot targets, as in the blog; "
        "bce: binary cross-entropy on the outputs' logits; ce: a softmax output, cross-entropy "
        "against the labels (default: %(default)s)",
    )
    train.add_argument(
        "--dtype",
        choices=DTYPES,
        default=DEFAULTS["dtype"],
        help="precision of weights and data (default: %(default)s)",
    )
    train.add_argument(
        "--seed",
        type=_seed,
        default=DEFAULTS["seed"],
        metavar="N",
        help="seed of the train/test split, the initial weights and the batch order (default: %(default)s)",
    )
    train.add_argument(
        "--save",
        metavar="PATH",
        help="write the trained weights (a state dict, .npz format) to PATH; load them with "
        "model.load_state_dict(tapegrad.load(PATH))",
    )
    train.add_argument(
        "--plot",
        metavar="PATH",
        help="save the loss and accuracy curves as an image (PNG) to PATH; needs matplotlib: "
        'pip install "tapegrad[cli]"',
    )
    train.add_argument(
        "--distributed",
        action="store_true",
        help="data-parallel over MPI: run under mpirun -n N (needs mpi4py: pip install "
        '"tapegrad[mpi]"); each rank trains on its share of every batch, the ranks '
        "combine their gradients before each step, and rank 0 prints and saves",
    )
    train.add_argument(
        "--compile",
        action="store_true",
        help="record the training step (zero_grad, forward, loss, backward, optimizer step) once per "
        "batch shape with tapegrad.compile and replay it in C++: the same numbers, bit for bit, "
        "with less overhead per batch (not with --distributed)",
    )
    train.add_argument(
        "--no-progress", action="store_true", help="print one line per epoch instead of a progress bar"
    )

    from .bench import run as bench_run

    bench = commands.add_parser(
        "bench",
        help="time tapegrad against NumPy, PyTorch and micrograd and print a table",
        description=bench_run.DESCRIPTION,
        epilog=BENCH_EPILOG,
        formatter_class=_HelpFormatter,
    )
    bench_run.add_arguments(bench)
    return parser


def _error(message, code=2):
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _train(args):
    from .train import DEFAULT_LR, have_tqdm, plot_history, train

    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            return _error(
                '--plot needs matplotlib, which is not installed: pip install "tapegrad[cli]" '
                "(or pip install matplotlib), or leave out --plot"
            )
    for option, path in (("--save", args.save), ("--plot", args.plot)):
        folder = os.path.dirname(os.path.abspath(path)) if path else None
        if folder and not os.path.isdir(folder):
            return _error(f"{option} {path}: the directory {folder} does not exist")
    if args.compile and args.distributed:
        return _error("--compile does not work with --distributed yet: leave out one of them")
    hooks, ranks, is_root = {}, "", True
    if args.distributed:
        from . import distributed as dist

        try:
            rank, size = dist.rank(), dist.world_size()
        except ImportError as exc:
            return _error(f"--distributed: {exc}")
        is_root, ranks = rank == 0, f", {size} MPI ranks"
        # Every rank draws the same batches (same seed, same initial model) and takes its
        # contiguous share of each; weighting by the share makes the reduced gradient the whole
        # batch's, as in one process.
        hooks = {
            "shard_batch": lambda idx: idx[dist.shard(len(idx), rank, size)],
            "reduce_gradients": lambda params, n, total: dist.allreduce_gradients(params, weight=n / total),
        }

    def say(*text, **kwargs):  # only rank 0 talks
        if is_root:
            print(*text, **kwargs)

    progress = "lines" if args.no_progress or not have_tqdm() else "bar"
    if progress == "lines" and not args.no_progress:
        say('(pip install "tapegrad[cli]" for progress bars)', file=sys.stderr)
    lr = DEFAULT_LR[args.optimizer] if args.lr is None else args.lr
    say(
        f"training a 64-{args.hidden}-10 sigmoid MLP on 80% of the 1,797 digits: {args.epochs} epochs, "
        f"{args.optimizer} (lr {lr:g}), batch size {args.batch_size}, {args.loss} loss, {args.dtype}, "
        f"seed {args.seed}{ranks}{', compiled' if args.compile else ''}",
        flush=True,
    )
    result = train(
        epochs=args.epochs,
        hidden=args.hidden,
        lr=args.lr,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        dtype=args.dtype,
        seed=args.seed,
        loss=args.loss,
        compile=args.compile,
        progress=progress if is_root else None,
        log=lambda line: say(line, flush=True),
        **hooks,
    )
    if args.save and is_root:
        from .serialization import save

        save(result.model.state_dict(), args.save)
        say(f"saved the weights to {args.save}")
    if args.plot and is_root:
        plot_history(result.history, args.plot)
        say(f"saved the curves to {args.plot}")
    say(f"test accuracy: {100 * result.test_accuracy:.1f}%")
    return 0


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__

        print(__version__)
    elif args.cmake_dir:
        from .paths import get_cmake_dir

        print(get_cmake_dir())
    elif args.include:
        from .paths import get_include

        print(get_include())
    elif args.command == "demo":
        from . import demo

        demo.main()
    elif args.command == "train":
        return _train(args)
    elif args.command == "bench":
        from .bench import run as bench_run

        return bench_run.run(args)
    else:
        parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
