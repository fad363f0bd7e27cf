"""The tapegrad command line: ``python -m tapegrad demo``."""

import argparse
import sys


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m tapegrad",
        description="tapegrad: backpropagation from the ground up.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--cmake-dir", action="store_true",
                        help="print the directory of tapegradConfig.cmake (for cmake -Dtapegrad_DIR=...) and exit")
    parser.add_argument("--include", action="store_true", help="print the C++ include directory and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("demo", help="compute the documents' worked examples and check them by finite differences")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
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
    else:
        _parser().print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
