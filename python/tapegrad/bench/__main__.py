"""``python -m tapegrad.bench``: the same as ``python -m tapegrad bench``."""

import sys

from .run import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m tapegrad.bench"))
