"""tapegrad.distributed: shard(), the missing-mpi4py message, single-process reductions, and
data-parallel SGD over two MPI ranks equal to one process on the whole batches.

The two-rank test needs ``mpirun`` and mpi4py and is skipped without them (with the reason);
``.ci/mpi_check.sh`` installs both and fails if anything here is skipped.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import tapegrad as tg
from tapegrad import distributed as dist

HERE = Path(__file__).resolve().parent
WORKER = HERE / "mpi_worker_sgd.py"


# --- shard -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, size", [(0, 1), (0, 3), (1, 1), (1, 4), (7, 2), (8, 2), (10, 3), (11, 4), (100, 7)]
)
def test_shard_partitions_in_balanced_contiguous_parts(n, size):
    parts = [dist.shard(n, r, size) for r in range(size)]
    assert all(isinstance(p, slice) for p in parts)
    assert [i for p in parts for i in range(n)[p]] == list(range(n))  # in order, each item once
    lengths = [len(range(n)[p]) for p in parts]
    assert max(lengths) - min(lengths) <= 1
    assert lengths == sorted(lengths, reverse=True)  # the remainder goes to the first ranks


def test_shard_examples():
    assert dist.shard(10, 0, 3) == slice(0, 4)
    assert dist.shard(10, 1, 3) == slice(4, 7)
    assert dist.shard(10, 2, 3) == slice(7, 10)
    assert dist.shard(2, 3, 4) == slice(2, 2)  # fewer samples than ranks: empty parts at the end
    assert dist.shard(np.int64(6), np.int32(1), np.int64(2)) == slice(3, 6)
    assert list(np.arange(5)[dist.shard(5, 1, 2)]) == [3, 4]


@pytest.mark.parametrize(
    "args, message",
    [
        ((-1, 0, 1), "n_samples must be >= 0, got -1"),
        ((10, 0, 0), "size must be >= 1, got 0"),
        ((10, -1, 2), "rank must be >= 0, got -1"),
        ((10, 2, 2), "rank must be in [0, size), got rank 2 with size 2"),
        ((10.0, 0, 2), "n_samples must be an integer, got 10.0"),
        ((10, True, 2), "rank must be an integer, got True"),
        ((10, 0, "2"), "size must be an integer, got '2'"),
    ],
)
def test_shard_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError) as info:
        dist.shard(*args)
    assert message in str(info.value)


# --- without mpi4py ----------------------------------------------------------------------------


def test_importing_tapegrad_never_imports_mpi4py():
    code = "import sys, tapegrad, tapegrad.distributed; assert 'mpi4py' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "call",
    [
        lambda: dist.allreduce_gradients([]),
        lambda: dist.broadcast_parameters([]),
        lambda: dist.rank(),
        lambda: dist.world_size(),
    ],
)
def test_missing_mpi4py_says_how_to_install_it(monkeypatch, call):
    monkeypatch.setitem(sys.modules, "mpi4py", None)  # "import mpi4py" now raises ImportError
    with pytest.raises(ImportError) as info:
        call()
    assert 'pip install "tapegrad[mpi]"' in str(info.value)
    assert "apt-get install openmpi-bin libopenmpi-dev" in str(info.value)
    assert dist.is_available() is False


# --- one process (COMM_SELF) -----------------------------------------------------------------


@pytest.fixture
def comm_self():
    pytest.importorskip("mpi4py", reason='mpi4py is not installed: pip install "tapegrad[mpi]"')
    try:
        from mpi4py import MPI
    except (ImportError, RuntimeError) as exc:  # pragma: no cover - mpi4py without a libmpi
        pytest.skip(f"mpi4py cannot load an MPI library: {exc}")
    return MPI.COMM_SELF


@pytest.fixture(params=["fused", "in_place"])
def path(request, monkeypatch):
    """Both reduction paths: through the fused buffer, and in place on each gradient array."""
    if request.param == "in_place":
        monkeypatch.setattr(dist, "IN_PLACE_MIN_BYTES", 0)
    return request.param


def _params_with_grads():
    w = tg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    b = tg.tensor(np.array([1.0, -2.0], np.float32), requires_grad=True)
    none = tg.tensor([5.0], requires_grad=True)
    w.grad = np.full((2, 3), 3.0)
    b.grad = np.array([0.5, 4.0], np.float32)
    return w, b, none


def test_allreduce_on_one_rank_keeps_gradients_in_place(comm_self, path):
    w, b, none = _params_with_grads()
    w_view, b_view = w.grad, b.grad
    dist.allreduce_gradients([w, b, none], comm=comm_self)  # the mean over one rank: unchanged
    np.testing.assert_array_equal(w.grad, np.full((2, 3), 3.0))
    np.testing.assert_array_equal(b.grad, [0.5, 4.0])
    assert b.grad.dtype == np.float32
    assert none.grad is None  # no rank has a gradient: it stays absent
    assert np.shares_memory(w.grad, w_view) and np.shares_memory(b.grad, b_view)  # same buffers


def test_allreduce_weight_scales_each_parameter_once(comm_self, path):
    w, b, none = _params_with_grads()
    dist.allreduce_gradients([w, b, w, none, b], comm=comm_self, weight=0.25)  # duplicates: once
    np.testing.assert_array_equal(w.grad, np.full((2, 3), 0.75))
    np.testing.assert_array_equal(b.grad, np.array([0.125, 1.0], np.float32))
    assert none.grad is None


def test_allreduce_sum_without_average(comm_self):
    w, _, _ = _params_with_grads()
    dist.allreduce_gradients(iter([w]))  # any iterable; COMM_WORLD is one rank under pytest
    dist.allreduce_gradients([w], comm=comm_self, average=False)
    np.testing.assert_array_equal(w.grad, np.full((2, 3), 3.0))


def test_allreduce_and_broadcast_reject_bad_arguments(comm_self):
    w, _, _ = _params_with_grads()
    with pytest.raises(TypeError, match="expected tapegrad Tensors, got ndarray"):
        dist.allreduce_gradients([np.zeros(3)], comm=comm_self)
    for weight in (float("nan"), "0.5", True):
        with pytest.raises(ValueError, match="weight must be a finite number"):
            dist.allreduce_gradients([w], comm=comm_self, weight=weight)
    with pytest.raises(ValueError, match=r"root must be a rank in \[0, 1\), got 1"):
        dist.broadcast_parameters([w], root=1, comm=comm_self)


def test_broadcast_on_one_rank_leaves_values(comm_self):
    w, b, _ = _params_with_grads()
    dist.broadcast_parameters([w, b], comm=comm_self)
    np.testing.assert_array_equal(w.numpy(), np.arange(6.0).reshape(2, 3))
    assert (dist.rank(comm_self), dist.world_size(comm_self)) == (0, 1)
    assert dist.is_available()


# --- two ranks under mpirun ------------------------------------------------------------------


def _mpirun_env():
    env = dict(os.environ)
    env.update(
        {
            # One GEMM thread per rank: two ranks with two threads each would oversubscribe two cores.
            "TAPEGRAD_NUM_THREADS": "1",
            # Open MPI: allow root (containers, CI), allow more ranks than cores, and do not rely on
            # the cross-memory-attach single copy that containers often forbid. Other MPIs ignore these.
            "OMPI_ALLOW_RUN_AS_ROOT": "1",
            "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
            "OMPI_MCA_rmaps_base_oversubscribe": "1",
            "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
            "PRTE_MCA_rmaps_default_mapping_policy": ":oversubscribe",  # Open MPI 5
        }
    )
    return env


def _mpirun():
    """mpirun's path, or a skip naming what to install (.ci/mpi_check.sh installs both)."""
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        pytest.skip(
            "mpirun not found: install an MPI library (Debian: apt-get install openmpi-bin "
            "libopenmpi-dev); .ci/mpi_check.sh does"
        )
    pytest.importorskip("mpi4py", reason='mpi4py is not installed: pip install "tapegrad[mpi]"')
    return mpirun


def test_two_ranks_equal_one_process_on_the_whole_batch(tmp_path):
    mpirun = _mpirun()
    command = [mpirun, "-n", "2", sys.executable, "-m", "mpi4py", str(WORKER), str(tmp_path)]
    done = subprocess.run(command, env=_mpirun_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    ranks = [np.load(tmp_path / f"rank{r}.npz") for r in range(2)]

    spec = importlib.util.spec_from_file_location("mpi_worker_sgd", WORKER)
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    for got in ranks:
        assert int(got["size"]) == 2
        # A mismatched model raised ValueError on both ranks instead of hanging.
        assert "rank 1 has parameters [(2, 3) float64, (4,) float64] but root rank 0 has" in str(
            got["mismatch"]
        )
    worst = 0.0
    for case in worker.CASES:
        reference, _, unused_stayed_none = worker.train(case, rank=0, size=1)  # one process, no MPI
        for i, want in enumerate(reference):
            r0, r1 = ranks[0][f"{case}/{i}"], ranks[1][f"{case}/{i}"]
            np.testing.assert_array_equal(r0, r1, err_msg=f"{case}: the ranks' parameter {i} differ")
            assert r0.dtype == want.dtype
            if want.dtype == np.float64:
                np.testing.assert_allclose(r0, want, rtol=0, atol=1e-12, err_msg=f"{case}: parameter {i}")
                worst = max(worst, float(np.abs(r0 - want).max()))
            else:  # the float32 penalty parameter: float32 rounding of the rescaled gradient
                np.testing.assert_allclose(r0, want, rtol=1e-6, err_msg=f"{case}: parameter {i}")
        for i in range(len(reference)):  # every rank started from rank 0's weights...
            np.testing.assert_array_equal(ranks[1][f"{case}/initial/{i}"], ranks[0][f"{case}/initial/{i}"])
        moved = [np.abs(want - ranks[0][f"{case}/initial/{i}"]).max() for i, want in enumerate(reference)]
        assert min(moved[:-1]) > 1e-3 and moved[-1] == 0  # ...and training moved all but ``unused``
        assert unused_stayed_none
        assert all(bool(r[f"{case}/unused_stayed_none"]) for r in ranks)
    print(f"largest float64 difference, two ranks vs one process: {worst:.3g}")


def test_train_distributed_prints_the_single_process_result(tmp_path):
    # python -m tapegrad train --distributed under mpirun -n 2: rank 0 alone prints, and the
    # final line is the one a single process prints for the same arguments.
    mpirun = _mpirun()
    args = ["-m", "tapegrad", "train", "--epochs", "3", "--dtype", "float64", "--no-progress"]
    saved = tmp_path / "weights.npz"
    command = [mpirun, "-n", "2", sys.executable, *args, "--distributed", "--save", str(saved)]
    done = subprocess.run(command, env=_mpirun_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    single = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, check=True)
    distributed_lines = done.stdout.strip().splitlines()
    assert distributed_lines[-1].startswith("test accuracy: ")
    assert distributed_lines[-1] == single.stdout.strip().splitlines()[-1]
    assert "2 MPI ranks" in distributed_lines[0]
    assert sum(line.startswith("test accuracy") for line in distributed_lines) == 1  # rank 1 is silent
    assert set(tg.load(saved)) == {"0.weight", "0.bias", "1.weight", "1.bias"}
