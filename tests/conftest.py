"""Shared fixtures: a copy of the shipped data in a temporary folder, and a runner
that invokes the CLI in-process with a fixed width, no colour and a fixed today."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from opgave_cli.cli import app

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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a copy of data/, made the working folder."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def data_dir(project: Path) -> Path:
    return project / "data"


@pytest.fixture
def run(project: Path) -> Run:
    def invoke(*args: str, today: str = TODAY, env: dict[str, str] | None = None) -> Result:
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
