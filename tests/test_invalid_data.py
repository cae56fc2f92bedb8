"""Each file in tests/data/invalid/ replaces one data file in a copy of the shipped data.

Its first line says what `opgave status` must print, exactly:
``# expect: data/FILE:LINE:COLUMN: field.path: message``; an optional
``# today: YYYY-MM-DD`` fixes the date. The name is ``<case>.<agreement|gemeenten>.yaml``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, Run

INVALID = Path(__file__).parent / "data" / "invalid"
CASES = sorted(INVALID.glob("*.yaml"))


def header(case: Path, key: str) -> str | None:
    text = case.read_text(encoding="utf-8", errors="replace")
    found = re.search(rf"^# {key}: (.*)$", text, re.MULTILINE)
    return found.group(1) if found else None


def install(case: Path, data_dir: Path) -> str:
    """Put the case in place of its data file; return the data file's name."""
    target = case.name.split(".")[-2] + ".yaml"
    shutil.copyfile(case, data_dir / target)
    return target


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_invalid_file_gives_its_one_line_error(case: Path, run: Run, data_dir: Path) -> None:
    expected = header(case, "expect")
    assert expected, f"{case.name} has no '# expect:' line"
    install(case, data_dir)
    result = run("status", today=header(case, "today") or TODAY)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"opgave: error: {expected}\n"
