#!/usr/bin/env bash
# CI: tapegrad.distributed under a real MPI. Run from .ci/run inside its virtual environment, with
# tapegrad already installed there: installs Open MPI (Debian's openmpi-bin and libopenmpi-dev,
# unless an mpirun is already on PATH) and mpi4py (the "mpi" extra), then runs
# tests/test_distributed.py and fails if any of it is skipped, so that the two-rank test
# (mpirun -n 2, data-parallel SGD equal to one process) really runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${VIRTUAL_ENV:-}" ]; then
  echo "mpi_check.sh: run it inside the CI virtual environment (it pip-installs mpi4py)" >&2
  exit 1
fi

if ! command -v mpirun >/dev/null || ! command -v mpicc >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "mpi_check.sh: needs root or sudo to apt-get install openmpi-bin libopenmpi-dev" >&2
    exit 1
  fi
  echo "== apt-get install openmpi-bin libopenmpi-dev"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    openmpi-bin libopenmpi-dev >/dev/null
fi
mpirun --version | head -n 1

# The same requirement as pip install "tapegrad[mpi]", without reinstalling tapegrad itself.
# mpi4py ships wheels that load the system's libmpi; elsewhere pip builds it with mpicc.
echo "== pip install mpi4py"
pip install -q mpi4py
python -c "from mpi4py import MPI; print('mpi4py', MPI.Get_library_version().splitlines()[0].strip())"

echo "== tests/test_distributed.py under mpirun -n 2"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Open MPI refuses to run as root (containers, CI) without these; the test sets them too.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
python -m pytest -q -rs -p no:cacheprovider tests/test_distributed.py 2>&1 | tee "$log"
if grep -Eq "[0-9]+ skipped" "$log"; then
  echo "mpi_check.sh: tests were skipped (see the reasons above); with MPI installed none may be" >&2
  exit 1
fi
