"""The benchmark runner from a source checkout: ``python benchmarks/run.py [--quick] ...``.

The suite ships inside the package (``tapegrad/bench/``) so that ``python -m tapegrad bench``
works from an installed wheel; this wrapper runs the same code with the same options.
"""

import sys

from tapegrad.bench.run import main

if __name__ == "__main__":
    sys.exit(main(prog="benchmarks/run.py"))
