"""tapegrad's benchmark suite: ``workloads`` (what is timed, per library) and ``run`` (the runner).

``python -m tapegrad bench --help``; from code, ``tapegrad.bench.run.main(["--quick"])``.
"""
