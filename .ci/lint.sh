#!/usr/bin/env bash
# Lint and format: ruff (configured in pyproject.toml) over the Python files and clang-format
# (.clang-format) over the C++ files. Fails on any finding or any file the formatters would
# change. The versions are pinned here and in .pre-commit-config.yaml: a formatter's output may
# change between releases. Run from anywhere: bash .ci/lint.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
python -m pip install -q "ruff==0.17.6" "clang-format==23.1.5"

echo "== ruff check"
python -m ruff check .
echo "== ruff format --check"
python -m ruff format --check .
echo "== clang-format --dry-run --Werror"
git ls-files '*.cpp' '*.hpp' '*.h' '*.cc' | xargs clang-format --dry-run --Werror
echo "lint: OK"
