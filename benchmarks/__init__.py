"""tapegrad's benchmark suite: ``workloads`` (what is timed, per library) and ``run`` (the runner).

``python benchmarks/run.py --help``; from code, ``benchmarks.run.main(["--quick"])``.
"""
