"""tapegrad's benchmarks from a source checkout: the suite itself lives in ``tapegrad.bench``.

``python benchmarks/run.py --help`` (or ``python -m tapegrad bench --help``); the C++ benchmark of
the embedded API is ``benchmarks/cpp/``.
"""
