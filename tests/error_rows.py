"""The error-contract rows that live in their own test files (tests/test_*_errors.py): running
a row, and checking a file's rows against its section of docs/errors.md."""

import pathlib
import re

import pytest

DOC = pathlib.Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def run_row(exc, needles, call):
    """call() raises exc with every needle in its message."""
    with pytest.raises(exc) as info:
        call()
    message = str(info.value)
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"


def section_rows(section):
    """(entry, bad input, exception name, needles) of each table row under ``section``."""
    text = DOC.read_text()
    rows = []
    for line in text[text.index(section) :].splitlines()[1:]:
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if cells[0] in ("Entry point", "") or set(cells[0]) <= {"-", ":"}:
            continue
        strip = lambda c: re.sub(r"^`(.*)`$", r"\1", c)  # noqa: E731
        needles = re.findall(r"`([^`]+)`", cells[3])
        rows.append((strip(cells[0]), cells[1], strip(cells[2]), needles))
    return rows


def check_section(section, rows):
    """The rows (entry, bad input, exception, needles, call) and the section list the same."""
    if not DOC.is_file():
        pytest.skip("docs/errors.md is not beside this copy of the tests")
    table = [(entry, bad, exc.__name__, needles) for entry, bad, exc, needles, _ in rows]
    documented = section_rows(section)
    assert documented, f"no rows under {section!r} in {DOC}"
    assert [r for r in table if r not in documented] == []
    assert [r for r in documented if r not in table] == []
