"""Running the real console script (`python -m opgave_cli`) in a subprocess, with the
environment under the test's control: the tests of streams, signals and the error
boundary (test_streams.py, test_signals.py, test_boundary.py) share it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from conftest import DATA, TODAY

OPGAVE = [sys.executable, "-m", "opgave_cli"]
J = TypeVar("J")
R = TypeVar("R")

# What a test sets itself, or what would change the output if the developer's shell had it.
SCRUBBED = (
    "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE", "PYTHONWARNINGS",
    "OPGAVE_DATA_DIR", "OPGAVE_TODAY", "_OPGAVE_COMPLETE", "COLUMNS", "LINES",
    "NO_COLOR", "FORCE_COLOR", "TERM", "TZ", "TMPDIR",
)  # fmt: skip

# Every read command, in the forms whose output differs (schema --out writes files).
READ_COMMANDS: dict[str, list[str]] = {
    "status": ["status"],
    "status --json": ["status", "--json"],
    "status --csv": ["status", "--csv"],
    "speerpunten": ["speerpunten"],
    "budget --total": ["budget", "--total", "250000"],
    "budget --json": ["budget", "--json"],
    "check": ["check"],
    "check --format json": ["check", "--format", "json"],
    "report": ["report"],
    "render": ["render"],
}


@dataclass
class Ran:
    args: list[str]
    code: int
    stdout: str
    stderr: str
    raw_stdout: bytes

    def __str__(self) -> str:
        return f"opgave {' '.join(self.args)}: exit {self.code}, stderr {self.stderr!r}"


def project(root: Path) -> Path:
    """A project folder under ``root`` with a fresh copy of data/ and a folder for
    temporary files (crash logs land there, not in the machine's /tmp)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA, root / "data")
    (root / "tmp").mkdir()
    return root


def environment(root: Path, unset: Iterable[str] = (), **overrides: str) -> dict[str, str]:
    """os.environ without what would change the output, plus the project's data folder,
    today's date, a fixed width and ``overrides``; ``unset`` names variables to remove."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(
        OPGAVE_DATA_DIR=str(root / "data"),
        OPGAVE_TODAY=TODAY,
        COLUMNS="100",
        TMPDIR=str(root / "tmp"),
    )
    env.update(overrides)
    for name in unset:
        env.pop(name, None)
    return env


def run(
    args: Sequence[str],
    root: Path,
    *,
    env: Mapping[str, str] | None = None,
    stdout: int | IO[Any] = subprocess.PIPE,
    shell: str | None = None,
    cwd: Path | None = None,
    argv: Sequence[str] = OPGAVE,
) -> Ran:
    """``opgave ARGS`` in ``root`` (the working folder unless ``cwd``). ``shell`` is a
    sh command that ends by running the program as ``"$@"`` (``'exec "$@" >&-'``)."""
    command = [*argv, *args]
    if shell is not None:
        command = ["sh", "-c", shell, "sh", *command]
    done = subprocess.run(
        command,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else environment(root),
        cwd=cwd or root,
        timeout=60,
        check=False,
    )
    out = done.stdout or b""
    return Ran(
        list(args),
        done.returncode,
        out.decode("utf-8", "backslashreplace"),
        done.stderr.decode("utf-8", "backslashreplace"),
        out,
    )


def run_all(jobs: Mapping[str, J], worker: Callable[[J], R]) -> dict[str, R]:
    """``worker(job)`` for every job at once (each is a process of its own), by name."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(worker, job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


ONE_LINE = re.compile(r"opgave: (error|note): [^\n]*\n")


def assert_one_line(result: Ran) -> None:
    """stderr is exactly one line from opgave: no traceback, nothing else."""
    assert ONE_LINE.fullmatch(result.stderr), str(result)
    assert "Traceback" not in result.stderr
