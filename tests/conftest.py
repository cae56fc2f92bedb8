"""Shared fixtures: a copy of the shipped data in a temporary folder, and a runner
that invokes the CLI in-process with a fixed width, no colour and a fixed today.

The tests run in English whatever the machine's locale (OPGAVE_LANG=en, for the
subprocesses too); a test of another language says so with --lang or its environment,
and a test of the choice itself removes OPGAVE_LANG."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser import proxy  # noqa: F401 (the recording proxy, a fixture of the browser tests)
from opgave_cli import i18n
from opgave_cli.cli import app

os.environ[i18n.ENV] = "en"

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AGREEMENT_TEXT = ROOT / "docs" / "source" / "opgaveovereenkomst-productieve-regio-2023-2024.txt"
TODAY = "2023-06-01"  # inside the term, so that signing is allowed


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Each test starts in English, whichever language the one before it left."""
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a copy of data/, made the working folder."""
    # Not a lock file a local run left behind (it is ignored by git, so CI has none).
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns(".opgave.lock"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def data_dir(project: Path) -> Path:
    return project / "data"


@pytest.fixture
def run(project: Path) -> Run:
    def invoke(*args: str, today: str = TODAY, env: dict[str, str | None] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(
            app,
            list(args),
            env={
                "COLUMNS": "100",
                "NO_COLOR": "1",
                "TERM": "dumb",
                "OPGAVE_TODAY": today,
                "OPGAVE_DATA_DIR": "",
                **(env or {}),
            },
            catch_exceptions=False,
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def signature_line(data_dir: Path, slug: str) -> str:
    """The ``signature:`` line of a municipality in gemeenten.yaml, stripped."""
    lines = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - slug: {slug}")
    return next(line.strip() for line in lines[start:] if "signature:" in line)


def data_files(data_dir: Path) -> dict[str, bytes]:
    """The data files, byte for byte (not the lock file, which a write leaves behind)."""
    return {p.name: p.read_bytes() for p in sorted(data_dir.glob("*.yaml"))}


def isolate_git(monkeypatch: pytest.MonkeyPatch, ceiling: Path) -> None:
    """git as a fresh machine has it: no GIT_* from the environment, no user or system
    configuration, and no repository above ``ceiling``."""
    import os

    for name in [n for n in os.environ if n.startswith("GIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(ceiling))
