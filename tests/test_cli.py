"""python -m tapegrad: help, train, bench and argument errors (messages, never tracebacks)."""

import os
import re
import subprocess
import sys

import pytest


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tapegrad", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_help_lists_every_command():
    out = run("--help")
    assert out.returncode == 0
    for word in ("demo", "train", "bench", "--version", "--cmake-dir", "--include"):
        assert word in out.stdout


@pytest.mark.parametrize("command", ["demo", "train", "bench"])
def test_each_command_has_a_complete_help(command):
    out = run(command, "--help")
    assert out.returncode == 0 and out.stderr == ""
    assert len(out.stdout) > 300


def test_train_help_shows_every_option_and_its_default():
    text = run("train", "--help").stdout
    for option in (
        "--epochs",
        "--hidden",
        "--lr",
        "--batch-size",
        "--optimizer",
        "--dtype",
        "--seed",
        "--save",
        "--plot",
        "--compile",
    ):
        assert option in text
    assert "(default: 40)" in text and "(default: adam)" in text and "CC BY 4.0" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--epochs", "0"], "--epochs: expected an integer >= 1"),
        (["--epochs", "two"], "--epochs: expected an integer >= 1"),
        (["--lr", "0"], "--lr: expected a finite number > 0"),
        (["--lr", "inf"], "--lr: expected a finite number > 0"),
        (["--hidden", "-3"], "--hidden: expected an integer >= 1"),
        (["--batch-size", "0"], "--batch-size: expected an integer >= 1"),
        (["--optimizer", "rmsprop"], "invalid choice"),
        (["--dtype", "float16"], "invalid choice"),
        (["--save", "/no/such/dir/w.npz"], "does not exist"),
    ],
)
def test_train_argument_errors_are_messages(args, message):
    out = run("train", *args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr


def test_train_prints_the_accuracy_line_saves_and_plots(tmp_path):
    args = ["train", "--epochs", "3", "--save", str(tmp_path / "w.npz")]
    try:
        import matplotlib  # noqa: F401

        args += ["--plot", str(tmp_path / "curves.png")]
    except ImportError:
        pass
    out = run(*args)
    assert out.returncode == 0, out.stderr
    assert re.fullmatch(r"test accuracy: \d{1,3}\.\d%", out.stdout.strip().splitlines()[-1])
    assert (tmp_path / "w.npz").exists()
    if "--plot" in args:
        assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


def test_train_compile_prints_the_eager_numbers():
    def epochs(out):
        assert out.returncode == 0, out.stderr
        # "epoch 1/2  loss 0.0869  train accuracy 64.0%  test accuracy 61.1%  (0.05 s)", no time
        return [line.rsplit("(", 1)[0] for line in out.stdout.splitlines() if line.startswith("epoch ")]

    args = ["train", "--epochs", "2", "--hidden", "16", "--no-progress"]
    eager, compiled = run(*args), run(*args, "--compile")
    assert len(epochs(eager)) == 2 and epochs(compiled) == epochs(eager)
    assert compiled.stdout.splitlines()[-1] == eager.stdout.splitlines()[-1]
    assert ", compiled" in compiled.stdout.splitlines()[0]
    out = run("train", "--compile", "--distributed")
    assert out.returncode == 2 and "--compile does not work with --distributed" in out.stderr


def test_train_without_tqdm_prints_lines_and_a_hint(tmp_path):
    # A directory shadowing tqdm with a module that fails to import, first on the path.
    (tmp_path / "tqdm").mkdir()
    (tmp_path / "tqdm" / "__init__.py").write_text("raise ImportError('no tqdm here')\n")
    (tmp_path / "matplotlib").mkdir()
    (tmp_path / "matplotlib" / "__init__.py").write_text("raise ImportError('no matplotlib here')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    out = run("train", "--epochs", "2", env=env)
    assert out.returncode == 0, out.stderr
    assert 'pip install "tapegrad[cli]"' in out.stderr
    assert [line for line in out.stdout.splitlines() if line.startswith("epoch ")][-1].startswith("epoch 2/2")
    out = run("train", "--epochs", "2", "--plot", str(tmp_path / "c.png"), env=env)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "--plot needs matplotlib" in out.stderr and 'pip install "tapegrad[cli]"' in out.stderr


def test_bench_prints_its_table():
    out = run("bench", "--quick", "--libs", "tapegrad,numpy", "--workloads", "W1,W3")
    assert out.returncode == 0, out.stderr
    assert "| workload | tapegrad | numpy | numpy / tapegrad |" in out.stdout
    assert re.search(r"^\| W3 \| .*µs.* \| .*x", out.stdout, flags=re.M)
    assert "- W1: tapegrad ok" in out.stdout


def test_bench_argument_errors_are_messages():
    out = run("bench", "--rounds", "0")
    assert out.returncode == 2 and "--rounds" in out.stderr and "Traceback" not in out.stderr
    out = run("bench", "--libs", "tensorflow")
    assert out.returncode == 2 and "unknown libraries" in out.stderr
