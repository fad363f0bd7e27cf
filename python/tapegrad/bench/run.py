"""Side-by-side benchmarks of tapegrad (eager and ``tg.compile``d), NumPy, PyTorch, micrograd and
JAX, printed as a Markdown table.

    python -m tapegrad bench [--quick] [--libs tapegrad,numpy,jax,...] [--json out.json]

Each library runs in its own subprocess (two thread pools in one process distort both). A full
run repeats the set of processes for several rounds, rotating their order, and pools the samples,
so that a burst of load on this shared machine does not land on one library only. Ratios are
peer time / tapegrad time from the same run: above 1 means tapegrad is faster. A second table
holds tapegrad-compiled's targets (``COMPILED_TARGETS``): its time against named peers.

``main(argv)`` is the entry point for other callers (``python -m tapegrad bench`` and
``benchmarks/run.py`` in the source tree call it).
"""

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

if __package__:
    from . import workloads as wl
else:  # a worker process: this file run as a script, see _run_lib
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import workloads as wl

# Workers run this file as a script, not as ``-m tapegrad.bench``: importing the tapegrad package
# would load tapegrad (and NumPy) into the NumPy, PyTorch and micrograd processes too.
RUN_PY = os.path.abspath(__file__)

# These make older OpenBLAS builds safe on some CPUs but slow a current NumPy: unset both, in the
# NumPy and PyTorch processes only (never in tests or CI).
OPENBLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
UNSET_OPENBLAS_FOR = ("numpy", "torch")

# The project's performance floors: the ratio (peer time / tapegrad time) each workload must reach.
FLOORS = {
    "W1": {"torch": 10.0, "micrograd": 1.5},
    "W1L": {"torch": 20.0, "micrograd": 2.0},
    "W2": {"torch": 8.0, "micrograd": 8.0},
    "W3": {"torch": 15.0, "numpy": 2.0},
    "W4": {"torch": 1.2, "numpy": 0.9},
    "W5": {"numpy": 0.8},
}

# tg.compile's targets: (workload, peer, floor, strict) = the ratio peer time / tapegrad-compiled
# time must reach floor (strict: exceed it; "faster than"). "tapegrad" is eager tapegrad.
COMPILED = "tapegrad-compiled"
COMPILED_TARGETS = (
    ("W1", "micrograd", 10.0, False),
    ("W2", "tapegrad", 10.0, False),
    ("W3", "numpy", 20.0, False),
    ("W3", "jax", 1.0, True),
    ("W4", "tapegrad", 1.0, False),
)
# ... and ceilings on its time per scalar op (ns): W2 is 2 * W2_STEPS ops.
COMPILED_NS_PER_OP = {"W2": 15.0}
OPS = {"W2": 2 * wl.W2_STEPS}

# Libraries whose time is not divided by eager tapegrad's in the main table's ratio columns.
NOT_PEERS = ("tapegrad", COMPILED)

# Correctness tolerances: ||x - ref|| / ||ref|| for the arrays each workload returns.
TOLERANCE = {"W1": 1e-12, "W1L": 1e-12, "W2": 1e-10, "W3": 1e-9, "W4": 2e-3, "W5": 1e-4}


# ---------------------------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------------------------


def _cpuinfo():
    fields = {}
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                key = key.strip()
                if key and key not in fields:
                    fields[key] = value.strip()
    except OSError:
        pass
    return fields


def machine_info():
    cpu = _cpuinfo()
    flags = set(cpu.get("flags", "").split())
    cores = os.cpu_count() or 1
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = cores
    mhz = float(cpu["cpu MHz"]) if "cpu MHz" in cpu else None
    # float32 FLOPs per cycle per core: two 256-bit FMA units = 2 x 8 lanes x 2 (mul + add).
    per_cycle = 32 if {"avx2", "fma"} <= flags else (8 if "sse2" in flags else None)
    peak = usable * mhz / 1000.0 * per_cycle if mhz and per_cycle else None
    info = {
        "cpu": cpu.get("model name") or platform.processor() or platform.machine(),
        "cores": cores,
        "usable_cores": usable,
        "mhz_nominal": mhz,
        "isa_flags": sorted(flags & {"avx", "avx2", "fma", "avx512f", "sse4_2", "neon", "asimd"}),
        "flops_per_cycle_f32": per_cycle,
        "peak_gflops_f32": peak,
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "loadavg_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "openblas_env_in_parent": {k: os.environ[k] for k in OPENBLAS_VARS if k in os.environ},
    }
    return info


# ---------------------------------------------------------------------------------------------
# Subprocesses
# ---------------------------------------------------------------------------------------------


def _installed(lib):
    import importlib.util

    try:
        return importlib.util.find_spec(wl.module_of(lib)) is not None
    except (ImportError, ValueError):
        return False


THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TAPEGRAD_NUM_THREADS")


def _run_lib(lib, workloads, quick, tmpdir, tag, threads=None):
    """Runs one library's worker process; returns (report, results_path)."""
    env = dict(os.environ)
    if threads:
        env.update({var: str(threads) for var in THREAD_VARS})
    if lib in UNSET_OPENBLAS_FOR:
        for var in OPENBLAS_VARS:
            env.pop(var, None)
    report_path = os.path.join(tmpdir, f"{lib}-{tag}.json")
    results_path = os.path.join(tmpdir, f"{lib}-{tag}.npz")
    cmd = [
        sys.executable,
        RUN_PY,
        "--worker",
        lib,
        "--workloads",
        ",".join(workloads),
        "--report",
        report_path,
        "--results",
        results_path,
    ]
    if quick:
        cmd.append("--quick")
    if threads:
        cmd += ["--threads", str(threads)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0 or not os.path.exists(report_path):
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-3:]
        return {
            "lib": lib,
            "status": f"crashed (exit code {proc.returncode}): {' | '.join(tail)}",
            "workloads": {},
        }, None
    with open(report_path) as fh:
        return json.load(fh), results_path


def _load_results(path):
    import numpy as np

    out = {}
    if path and os.path.exists(path):
        with np.load(path) as data:
            for key in data.files:
                workload, _, name = key.partition("/")
                out.setdefault(workload, {})[name] = data[key]
    return out


# ---------------------------------------------------------------------------------------------
# Correctness guard: every library's result against one reference per workload.
# ---------------------------------------------------------------------------------------------


def references(workloads):
    """What each workload must return, computed here in float64 (after all timing is done).

    W1 and W2 are known in closed form; W3 is the hand-written step in float64, itself checked
    against the documents' numbers (docs/backprop-from-the-ground-up.md, "The documents'
    numbers"); W4 is the same step in float64 from the same float32 data;
    W5 is A @ B in float64.
    """
    import numpy as np

    refs = {}
    if "W1" in workloads:
        v = wl.W1_VALUES
        refs["W1"] = {
            "L": np.array([(v["a"] * v["b"] + v["c"]) * v["f"]]),
            "a": np.array([v["b"] * v["f"]]),
            "b": np.array([v["a"] * v["f"]]),
            "c": np.array([v["f"]]),
            "f": np.array([v["a"] * v["b"] + v["c"]]),
        }
    if "W1L" in workloads:
        v = wl.W1_VALUES
        refs["W1L"] = {
            "L": np.array([(v["a"] * v["b"] + v["c"]) * v["f"]]),
            "a": np.array([v["b"] * v["f"]]),
            "b": np.array([v["a"] * v["f"]]),
            "c": np.array([v["f"]]),
            "f": np.array([v["a"] * v["b"] + v["c"]]),
        }
    if "W2" in workloads:
        y, g = 0.0, 1.0
        for _ in range(wl.W2_STEPS):
            y = y * 0.999 + 0.001
            g *= 0.999
        refs["W2"] = {"y": np.array(y), "grad": np.array(g)}
    if "W3" in workloads:
        params, X, T = wl.w3_data()
        E = wl.numpy_mlp_step(params, X, T, wl.LR)
        # The documents' numbers: one correct SGD step gives W2=[[0.50050187],[0.60055848]], b2=[0.10090062].
        assert abs(E - 0.00042731) < 5e-9, E
        assert np.allclose(params[2], [[0.50050187], [0.60055848]], atol=5e-9), params[2]
        assert np.allclose(params[3], [0.10090062], atol=5e-9), params[3]
        refs["W3"] = {"loss": np.array(E), **{f"p{i}": p for i, p in enumerate(params)}}
    if "W4" in workloads:
        params32, X, T = wl.w4_data("float32")
        params = [p.astype(np.float64) for p in params32]
        E = wl.numpy_mlp_step(params, X.astype(np.float64), T.astype(np.float64), wl.LR)
        refs["W4"] = {"loss": np.array(E), **{f"p{i}": p for i, p in enumerate(params)}}
    if "W5" in workloads:
        A, B = wl.w5_data()
        refs["W5"] = {"C": A.astype(np.float64) @ B.astype(np.float64)}
    return refs


def _initial_params(workload):
    import numpy as np

    if workload == "W3":
        return [p.astype(np.float64) for p in wl.w3_data()[0]]
    if workload == "W4":
        return [p.astype(np.float64) for p in wl.w4_data("float32")[0]]
    return None


def check(workload, got, ref):
    """(ok, worst relative error, detail). For W3/W4 the weight updates (after - before) are
    compared, not the weights, so that a wrong gradient cannot hide behind the weights."""
    import numpy as np

    initial = _initial_params(workload)
    worst, detail = 0.0, ""
    for key, expected in ref.items():
        if key not in got:
            return False, float("inf"), f"{key} missing"
        value = np.asarray(got[key], dtype=np.float64).reshape(np.shape(expected))
        expected = np.asarray(expected, dtype=np.float64)
        if initial is not None and key.startswith("p"):
            start = initial[int(key[1:])]
            value, expected = value - start, expected - start
        scale = np.linalg.norm(expected)
        err = np.linalg.norm(value - expected) / (scale if scale > 0 else 1.0)
        if not np.isfinite(err):
            err = float("inf")
        if err > worst:
            worst, detail = err, key
    return worst <= TOLERANCE[workload], float(worst), detail


# ---------------------------------------------------------------------------------------------
# Statistics and the table
# ---------------------------------------------------------------------------------------------


def summarize(samples):
    s = sorted(samples)
    q = statistics.quantiles(s, n=4, method="inclusive") if len(s) >= 2 else [s[0]] * 3
    return {"median": statistics.median(s), "q1": q[0], "q3": q[2], "min": s[0], "n": len(s)}


def _unit(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return unit, scale
    return "ns", 1.0


def fmt_time(ns):
    if ns is None:
        return "-"
    unit, scale = _unit(ns)
    return f"{ns / scale:.3g} {unit}"


def fmt_cell(stat, flops):
    unit, scale = _unit(stat["median"])
    text = f"{stat['median'] / scale:.3g} {unit} [{stat['q1'] / scale:.3g}–{stat['q3'] / scale:.3g}]"
    if flops:
        text += f"<br>{flops / stat['median']:.1f} GFLOP/s"
    return text


def build_table(data, libs, workloads):
    peers = [lib for lib in libs if lib not in NOT_PEERS]
    header = ["workload"] + libs + [f"{p} / tapegrad" for p in peers]
    rows = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["--:"] * (len(header) - 1)) + "|"]
    for w in workloads:
        cells = [f"{w}"]
        for lib in libs:
            cells.append(data["cells"][w][lib])
        for p in peers:
            cells.append(data["ratio_cells"][w][p])
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def add_arguments(parser):
    """The runner's options, on ``parser`` (``python -m tapegrad bench`` shares them)."""
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one round of short repeats, well under a minute (default: 3 rounds, ~1.5-2 minutes)",
    )
    parser.add_argument(
        "--libs",
        default=",".join(wl.LIBS),
        metavar="LIST",
        help="comma-separated libraries to run; any that is not installed is skipped (default: %(default)s)",
    )
    parser.add_argument(
        "--workloads",
        default=",".join(wl.WORKLOADS),
        metavar="LIST",
        help="comma-separated workloads (default: %(default)s): "
        + "; ".join(f"{k} {v}" for k, v in wl.WORKLOADS.items()),
    )
    parser.add_argument(
        "--rounds",
        type=_positive_int,
        default=None,
        metavar="N",
        help="processes per library, interleaved (default: 3, with --quick 1)",
    )
    parser.add_argument(
        "--threads",
        type=_positive_int,
        default=None,
        metavar="N",
        help="threads for every library (sets OMP/OpenBLAS/MKL/TAPEGRAD_NUM_THREADS and "
        "torch/tapegrad set_num_threads); default: each library's own default",
    )
    parser.add_argument("--json", metavar="PATH", help="also write every sample, statistic and check to PATH")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--report", help=argparse.SUPPRESS)
    parser.add_argument("--results", help=argparse.SUPPRESS)
    return parser


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {value}")
    return value


DESCRIPTION = (
    "Times the same workloads (W1-W5, W1L) in tapegrad, tapegrad-compiled (the same steps in "
    "tg.compile), NumPy, PyTorch, micrograd and JAX (jax.jit), each library in its own process, "
    "checks every result against a float64 reference, and prints a Markdown table of medians and "
    "ratios (peer time / tapegrad time: above 1, tapegrad is faster), then tapegrad-compiled's "
    "targets. Libraries that are not installed are skipped "
    "(pip install torch micrograd==0.1.0 threadpoolctl jax)."
)


def _parse(argv, prog="python -m tapegrad bench"):
    parser = argparse.ArgumentParser(prog=prog, description=DESCRIPTION)
    return add_arguments(parser).parse_args(argv)


def _worker_main(args):
    report = wl.run_worker(args.worker, args.workloads.split(","), args.quick, args.results, args.threads)
    with open(args.report, "w") as fh:
        json.dump(report, fh)
    return 0


def _command():
    argv = getattr(sys, "orig_argv", None) or [os.path.basename(sys.executable), *sys.argv]
    argv = list(argv)
    if argv and os.path.isabs(argv[0]) and os.path.basename(argv[0]).startswith("python"):
        argv[0] = os.path.basename(argv[0])
    return shlex.join(argv)


def main(argv=None, out=None, prog="python -m tapegrad bench"):
    """Parses ``argv`` (default: ``sys.argv[1:]``), runs, prints the report; returns the exit code."""
    return run(_parse(argv, prog), out)


def run(args, out=None):
    """Runs the benchmarks for parsed ``args`` (see ``add_arguments``); returns the exit code."""
    if args.worker:
        return _worker_main(args)
    out = out or sys.stdout
    libs = [s.strip() for s in args.libs.split(",") if s.strip()]
    unknown = [lib for lib in libs if lib not in wl.LIBS]
    workloads = [s.strip().upper() for s in args.workloads.split(",") if s.strip()]
    bad = [w for w in workloads if w not in wl.WORKLOADS]
    if unknown or bad:
        print(
            f"unknown libraries {unknown} or workloads {bad}; "
            f"choose from {wl.LIBS} and {tuple(wl.WORKLOADS)}",
            file=sys.stderr,
        )
        return 2
    rounds = args.rounds or (1 if args.quick else 3)
    started = time.time()
    command = _command()
    machine = machine_info()
    print(
        f"Running {', '.join(libs)} on {', '.join(workloads)}: {rounds} round(s), "
        f"{'quick' if args.quick else 'full'} mode ...",
        file=sys.stderr,
    )

    present = [lib for lib in libs if _installed(lib)]
    status = {lib: ("ok" if lib in present else "not installed") for lib in libs}
    samples = {w: {lib: [] for lib in libs} for w in workloads}
    per_round = {w: {lib: [] for lib in libs} for w in workloads}
    entries = {w: {lib: {} for lib in libs} for w in workloads}
    infos, results = {}, {lib: [] for lib in libs}

    with tempfile.TemporaryDirectory(prefix="tapegrad-bench-") as tmpdir:
        for r in range(rounds):
            order = present[r % len(present) :] + present[: r % len(present)] if present else []
            for lib in order:
                if status[lib] != "ok":
                    continue
                print(f"  round {r + 1}/{rounds}: {lib}", file=sys.stderr)
                report, results_path = _run_lib(lib, workloads, args.quick, tmpdir, f"r{r}", args.threads)
                if report.get("status") != "ok":
                    status[lib] = report.get("status", "failed")
                    continue
                infos.setdefault(lib, report.get("info", {}))
                results[lib].append(_load_results(results_path))
                for w, entry in report["workloads"].items():
                    prev = entries[w][lib]
                    if entry.get("status") == "ok":
                        samples[w][lib].extend(entry["samples_ns"])
                        per_round[w][lib].append(statistics.median(entry["samples_ns"]))
                    if prev.get("status") not in (None, "ok") and entry.get("status") == "ok":
                        entry = {**entry, "status": prev["status"]}  # keep an earlier failure
                    entries[w][lib] = {k: v for k, v in entry.items() if k != "samples_ns"}

    elapsed_timing = time.time() - started
    machine["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None

    # Correctness guard (after timing, so the reference computations disturb no measurement).
    refs = references(workloads)
    checks = {w: {} for w in workloads}
    for lib in libs:
        for w in workloads:
            runs = [res[w] for res in results[lib] if w in res]
            if not runs:
                continue
            verdicts = [check(w, got, refs[w]) for got in runs]
            worst = max(verdicts, key=lambda v: v[1])
            checks[w][lib] = {"ok": all(v[0] for v in verdicts), "rel_err": worst[1], "worst": worst[2]}

    stats, cells, ratio_cells, ratios = {}, {}, {}, {}
    for w in workloads:
        stats[w], cells[w], ratio_cells[w], ratios[w] = {}, {}, {}, {}
        for lib in libs:
            entry = entries[w][lib]
            if status[lib] != "ok" and not samples[w][lib]:
                cells[w][lib] = (
                    status[lib].split(" (")[0] if status[lib].startswith("not installed") else "failed"
                )
                continue
            if entry.get("status") != "ok":
                st = entry.get("status", "not run")
                cells[w][lib] = "n/a" if st == "n/a" else st[:60]
                continue
            stats[w][lib] = summarize(samples[w][lib])
            cells[w][lib] = fmt_cell(stats[w][lib], entry.get("flops"))
            if not checks[w].get(lib, {}).get("ok", False):
                cells[w][lib] += " **WRONG RESULT**"
        tg = stats[w].get("tapegrad")
        tg_ok = checks[w].get("tapegrad", {}).get("ok", False)
        for lib in libs:
            if lib in NOT_PEERS:
                continue
            peer = stats[w].get(lib)
            if tg is None or peer is None:
                ratio_cells[w][lib] = "-"
                continue
            if not tg_ok or not checks[w].get(lib, {}).get("ok", False):
                ratio_cells[w][lib] = "- (check failed)"
                continue
            ratio = peer["median"] / tg["median"]
            rr = [p / t for p, t in zip(per_round[w][lib], per_round[w]["tapegrad"])]
            ratios[w][lib] = {"ratio": ratio, "per_round": rr}
            text = f"{ratio:.2f}x"
            if len(rr) > 1:
                text += f" ({min(rr):.2f}–{max(rr):.2f})"
            floor = FLOORS.get(w, {}).get(lib)
            if floor is not None:
                text += f" {'≥' if ratio >= floor else '<'} {floor:g} {'✓' if ratio >= floor else '✗'}"
            ratio_cells[w][lib] = text

    targets, target_rows = compiled_targets(libs, workloads, stats, checks, per_round)
    total = time.time() - started
    data = {"cells": cells, "ratio_cells": ratio_cells}
    lines = []
    p = lines.append
    p(f"## tapegrad benchmarks ({'quick' if args.quick else 'full'} run)")
    p("")
    p(f"Command: `{command}`  ")
    p(f"Runtime: {total:.1f} s ({rounds} round(s); timing {elapsed_timing:.1f} s)")
    p("")
    p(
        "Median time per iteration [interquartile range] over all timed blocks; ratio = peer median / "
        "tapegrad median from this run (>1: tapegrad is faster), with the range of the per-round "
        "ratios in parentheses and the project's performance floor."
    )
    p("")
    busy = [la for la in (machine["loadavg_start"], machine["loadavg_end"]) if la and la[0] >= 0.75]
    if busy:
        p(
            f"**Warning: the machine was busy (1-min load average {max(la[0] for la in busy):.2f} on "
            f"{machine['usable_cores']} cores): other processes competed for the cores, and "
            f"multi-threaded libraries suffer most from that. Re-run on an idle machine before quoting.**"
        )
        p("")
    p(build_table(data, libs, workloads))
    p("")
    if target_rows:
        p(
            f"{COMPILED} (the tapegrad step wrapped in `tg.compile`) against its targets: ratio = peer "
            f"median / {COMPILED} median (>1: compiled is faster), per-round range in parentheses; "
            "tapegrad is eager tapegrad:"
        )
        p("")
        p("| workload | target | tapegrad-compiled | peer | measured | |")
        p("|---|---|--:|--:|--:|:-:|")
        for row in target_rows:
            p("| " + " | ".join(row) + " |")
        p("")
    for w in workloads:
        p(f"- **{w}**: {wl.WORKLOADS[w]}")
    peak = machine["peak_gflops_f32"]
    if "W5" in workloads and peak:
        line = (
            f"- W5 theoretical float32 peak: {machine['usable_cores']} cores x "
            f"{machine['mhz_nominal'] / 1000:.3f} GHz (nominal /proc/cpuinfo 'cpu MHz') x "
            f"{machine['flops_per_cycle_f32']} FLOPs/cycle (AVX2+FMA) = {peak:.1f} GFLOP/s"
        )
        got = {lib: wl.W5_FLOPS / stats["W5"][lib]["median"] for lib in libs if lib in stats.get("W5", {})}
        if got:
            line += "; reached: " + ", ".join(
                f"{lib} {g:.1f} ({100 * g / peak:.0f}%)" for lib, g in got.items()
            )
        p(line)
    p("")
    p(
        "Correctness guard (one step from the initial state, every round, before timing; "
        "relative error against a float64 reference, weight updates for W3/W4):"
    )
    p("")
    for w in workloads:
        parts = []
        for lib in libs:
            c = checks[w].get(lib)
            if c:
                parts.append(
                    f"{lib} {'ok' if c['ok'] else 'MISMATCH'} ({c['rel_err']:.1e}"
                    f"{'' if c['ok'] else ' in ' + c['worst']})"
                )
        p(f"- {w}: " + (", ".join(parts) if parts else "nothing ran"))
    p("")
    p("Notes:")
    p("")
    for lib in libs:
        if status[lib] != "ok":
            p(f"- {lib}: {status[lib]}: skipped")
    for w in workloads:
        for lib in libs:
            note = entries[w][lib].get("note")
            if note:
                p(f"- {lib} {w}: {note}")
            st = entries[w][lib].get("status")
            if st and st not in ("ok", "n/a"):
                p(f"- {lib} {w}: {st}")
    p("")
    p("Machine:")
    p("")
    p(
        f"- CPU: {machine['cpu']}, {machine['cores']} cores ({machine['usable_cores']} usable), "
        f"{machine['mhz_nominal']} MHz nominal, {' '.join(machine['isa_flags'])}"
    )
    p(f"- {machine['platform']}, {machine['python']}")
    la0, la1 = machine["loadavg_start"], machine["loadavg_end"]
    if la0 and la1:
        p(
            f"- load average (1 min) at start {la0[0]:.2f}, at end {la1[0]:.2f} (a shared machine: "
            f"see the interquartile ranges)"
        )
    env_note = machine["openblas_env_in_parent"]
    p(
        f"- {', '.join(OPENBLAS_VARS)}: "
        + (f"set here ({env_note}); " if env_note else "not set here; ")
        + "both are unset in the NumPy and PyTorch processes"
    )
    if args.threads:
        p(f"- threads: {args.threads} for every library (--threads)")
    else:
        p(
            "- threads: every library runs with its default thread count (this machine: "
            f"{machine['usable_cores']} cores)"
        )
    for lib in libs:
        info = infos.get(lib)
        if not info:
            continue
        p(f"- {lib} {info.get('version', '?')}: " + _describe(lib, info))
    text = "\n".join(lines)
    print(text, file=out)

    if args.json:
        payload = {
            "command": command,
            "runtime_s": total,
            "rounds": rounds,
            "quick": args.quick,
            "machine": machine,
            "libraries": {lib: {"status": status[lib], "info": infos.get(lib)} for lib in libs},
            "workloads": {
                w: {
                    "description": wl.WORKLOADS[w],
                    "results": {
                        lib: {
                            **entries[w][lib],
                            "stats_ns": stats[w].get(lib),
                            "samples_ns": samples[w][lib],
                            "per_round_median_ns": per_round[w][lib],
                            "check": checks[w].get(lib),
                        }
                        for lib in libs
                    },
                    "ratios_vs_tapegrad": ratios[w],
                    "floors": FLOORS.get(w, {}),
                    "compiled_targets": [t for t in targets if t["workload"] == w],
                }
                for w in workloads
            },
            "markdown": text,
        }
        with open(args.json, "w") as fh:
            json.dump(payload, fh, indent=1, default=str)
    return 0


def compiled_targets(libs, workloads, stats, checks, per_round):
    """(targets, rows): tapegrad-compiled against COMPILED_TARGETS and COMPILED_NS_PER_OP.

    targets are JSON-able dicts; rows are the Markdown table's cells. A target whose two sides
    did not both run and pass the correctness guard is listed with the reason instead of a ratio.
    """
    if COMPILED not in libs:
        return [], []
    targets, rows = [], []

    def timed(w, lib):
        if lib not in libs:
            return None, "not in --libs"
        if lib not in stats[w]:
            return None, "did not run"
        if not checks[w].get(lib, {}).get("ok", False):
            return None, "check failed"
        return stats[w][lib]["median"], None

    for w, peer, floor, strict in COMPILED_TARGETS:
        if w not in workloads:
            continue
        mine, why = timed(w, COMPILED)
        theirs, why_peer = timed(w, peer)
        sign = ">" if strict else "≥"
        target = {"workload": w, "peer": peer, "floor": floor, "strict": strict}
        goal = f"{peer} / compiled {sign} {floor:g}" + (" (faster than)" if strict and floor == 1 else "")
        if mine is None or theirs is None:
            reason = f"{COMPILED}: {why}" if mine is None else f"{peer}: {why_peer}"
            target["status"] = reason
            rows.append([w, goal, fmt_time(mine), fmt_time(theirs), f"- ({reason})", ""])
            targets.append(target)
            continue
        ratio = theirs / mine
        met = ratio > floor if strict else ratio >= floor
        rr = [t / m for t, m in zip(per_round[w][peer], per_round[w][COMPILED])]
        text = f"{ratio:.2f}x" + (f" ({min(rr):.2f}–{max(rr):.2f})" if len(rr) > 1 else "")
        target.update(status="ok", ratio=ratio, per_round=rr, met=met)
        rows.append([w, goal, fmt_time(mine), fmt_time(theirs), text, "✓" if met else "✗"])
        targets.append(target)
    for w, ceiling in COMPILED_NS_PER_OP.items():
        if w not in workloads:
            continue
        mine, why = timed(w, COMPILED)
        goal = f"ns per op ≤ {ceiling:g} ({OPS[w]:,} ops)"
        target = {"workload": w, "ns_per_op_ceiling": ceiling, "ops": OPS[w]}
        if mine is None:
            target["status"] = f"{COMPILED}: {why}"
            rows.append([w, goal, "-", "", f"- ({COMPILED}: {why})", ""])
        else:
            per_op = mine / OPS[w]
            target.update(status="ok", ns_per_op=per_op, met=per_op <= ceiling)
            rows.append(
                [w, goal, fmt_time(mine), "", f"{per_op:.2f} ns per op", "✓" if per_op <= ceiling else "✗"]
            )
        targets.append(target)
    return targets, rows


def _describe(lib, info):
    parts = []
    if "threads" in info:
        parts.append(f"threads {info['threads']}")
    if "interop_threads" in info:
        parts.append(f"interop threads {info['interop_threads']}")
    if "compiled" in info:
        parts.append(info["compiled"])
    if "jaxlib" in info:
        parts.append(f"jaxlib {info['jaxlib']}")
    if "devices" in info:
        parts.append(f"devices {info['devices']}")
    if "x64" in info:
        parts.append(f"jax_enable_x64 {info['x64']} (W4 float32)")
    if info.get("xla_flags"):
        parts.append(f"XLA_FLAGS {info['xla_flags']}")
    if "cpu_info" in info:
        parts.append(f"cpu_info {info['cpu_info']}")
    if "cpu_capability" in info:
        parts.append(f"CPU capability {info['cpu_capability']}")
    if "mkl" in info:
        parts.append(f"MKL {'yes' if info['mkl'] else 'no'}")
    if "blas" in info:
        parts.append(f"BLAS {info['blas']}")
    pools = info.get("threadpools")
    if isinstance(pools, list):
        for pool in pools:
            desc = f"{pool.get('internal_api')} {pool.get('version', '')}".strip()
            if pool.get("architecture"):
                desc += f" kernel {pool['architecture']}"
            if pool.get("threading_layer"):
                desc += f" ({pool['threading_layer']})"
            parts.append(f"{desc}, {pool.get('num_threads')} threads")
    elif pools:
        parts.append(str(pools))
    if "recursion_limit" in info:
        parts.append(f"sys.setrecursionlimit({info['recursion_limit']}) for W2")
    if info.get("env"):
        parts.append(f"env {info['env']}")
    return "; ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
