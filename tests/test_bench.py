"""The benchmark suite's compiled rows (tapegrad-compiled) and its JAX peer (skipped without jax)."""

import os
import subprocess
import sys

import numpy as np
import pytest

from tapegrad.bench import run as bench_run
from tapegrad.bench import workloads as wl

COMPILED_WORKLOADS = ("W1", "W2", "W3", "W4")


def _bytes(result):
    return {k: np.ascontiguousarray(np.asarray(v)).tobytes() for k, v in result.items()}


@pytest.mark.parametrize("workload", COMPILED_WORKLOADS)
def test_compiled_result_is_a_replay_bit_for_bit_equal_to_eager(workload):
    eager = wl.build("tapegrad", workload).result()
    compiled = wl.build("tapegrad-compiled", workload)
    got = compiled.result()  # calls 1 (eager) and 2 (record), state reset, call 3 (replay)
    assert _bytes(got) == _bytes(eager)
    ok, err, where = bench_run.check(workload, got, bench_run.references([workload])[workload])
    assert ok, (err, where)
    for _ in range(3):  # later calls replay too
        compiled.step()


@pytest.mark.parametrize("workload", ["W1L", "W5"])
def test_compiled_has_no_w1l_or_w5_and_says_why(workload):
    with pytest.raises(wl.Unsupported, match="n/a: "):
        wl.build("tapegrad-compiled", workload)


def test_compiled_targets_rows():
    stats = {
        "W1": {"tapegrad-compiled": {"median": 100.0}, "micrograd": {"median": 2000.0}},
        "W2": {"tapegrad-compiled": {"median": 40000.0}, "tapegrad": {"median": 300000.0}},
        "W3": {"tapegrad-compiled": {"median": 1000.0}, "numpy": {"median": 30000.0}},
    }
    checks = {w: {lib: {"ok": True} for lib in libs} for w, libs in stats.items()}
    checks["W3"]["numpy"]["ok"] = False
    per_round = {w: {lib: [s["median"]] for lib, s in libs.items()} for w, libs in stats.items()}
    libs = ["tapegrad", "tapegrad-compiled", "numpy", "micrograd"]
    targets, rows = bench_run.compiled_targets(libs, ["W1", "W2", "W3"], stats, checks, per_round)
    by = {(t["workload"], t.get("peer", "ns")): t for t in targets}
    assert by[("W1", "micrograd")]["met"] and by[("W1", "micrograd")]["ratio"] == 20.0
    assert not by[("W2", "tapegrad")]["met"]  # 7.5x < 10
    assert by[("W2", "ns")]["ns_per_op"] == 20.0 and not by[("W2", "ns")]["met"]
    assert by[("W3", "numpy")]["status"] == "numpy: check failed"
    assert by[("W3", "jax")]["status"] == "jax: not in --libs"
    assert len(rows) == len(targets)
    assert bench_run.compiled_targets(["tapegrad"], ["W1"], stats, checks, per_round) == ([], [])


def test_bench_prints_the_compiled_targets_table():
    args = ["bench", "--quick", "--libs", "tapegrad,tapegrad-compiled", "--workloads", "W1,W2,W5"]
    out = subprocess.run(
        [sys.executable, "-m", "tapegrad", *args],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "| workload | tapegrad | tapegrad-compiled |" in text
    assert "tapegrad-compiled ok" in text.split("- W1: ")[1].splitlines()[0]
    assert "tapegrad-compiled ok" in text.split("- W2: ")[1].splitlines()[0]
    assert "| W2 | tapegrad / compiled ≥ 10 |" in text
    assert "| W2 | ns per op ≤ 15 (2,000 ops) |" in text
    assert "| W1 | micrograd / compiled ≥ 10 | " in text and "micrograd: not in --libs" in text
    assert "- tapegrad-compiled W5: n/a: " in text


def test_jax_without_jax_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "jax.py").write_text("raise ModuleNotFoundError('no jax here (test)')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-m", "tapegrad", "bench", "--quick", "--libs", "tapegrad,jax", "--workloads", "W1"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert "- jax: not installed (no jax here (test)): skipped" in out.stdout


@pytest.mark.parametrize("workload", COMPILED_WORKLOADS)
def test_jax_workloads_match_the_references(workload):
    pytest.importorskip("jax")
    result = wl.build("jax", workload).result()
    ok, err, where = bench_run.check(workload, result, bench_run.references([workload])[workload])
    assert ok, (err, where)
