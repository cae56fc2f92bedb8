"""What each fast path imports (no timings here: those are in benchmarks/run.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
sys.argv = ["opgave", *json.loads(sys.argv[1])]
from opgave_cli.entry import main
try:
    main()
except SystemExit:
    pass
finally:
    heavy = {"pydantic", "yaml", "rich", "typer"}
    loaded = sorted({m.split(".")[0] for m in sys.modules} & heavy)
    loaded += ["rich.table"] if "rich.table" in sys.modules else []
    sys.stderr.write("LOADED " + json.dumps(loaded) + "\\n")
"""


def loaded(args: list[str], **env: str) -> tuple[str, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    )  # fmt: skip
    line = next(x for x in out.stderr.splitlines() if x.startswith("LOADED "))
    return out.stdout, json.loads(line.removeprefix("LOADED "))


@pytest.mark.slow
def test_version_loads_no_heavy_module() -> None:
    stdout, modules = loaded(["--version"])
    assert stdout == "opgave 0.1.0\n"
    assert modules == []


@pytest.mark.slow
def test_bash_completion_of_a_party_reads_the_slugs_without_models(data_dir: Path) -> None:
    stdout, modules = loaded(
        [], _OPGAVE_COMPLETE="complete_bash", COMP_WORDS="opgave sign ar", COMP_CWORD="2",
        OPGAVE_DATA_DIR=str(data_dir),
    )  # fmt: skip
    assert stdout == "arnhem\n"
    assert modules == ["yaml"]


@pytest.mark.slow
def test_help_loads_neither_pydantic_nor_rich() -> None:
    stdout, modules = loaded(["--help"])
    assert stdout.startswith("Usage: opgave [OPTIONS] COMMAND [ARGS]...")
    assert modules == ["typer"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--foo"], "No such option: --foo (see `opgave status --help`)"),
        (
            ["budget", "--year", "abc"],
            "Invalid value for '--year': Input should be a valid integer, unable to parse "
            "string as an integer (see `opgave budget --help`)",
        ),
        (["sign"], "Missing argument 'GEMEENTE'. (see `opgave sign --help`)"),
        (["nosuch"], "No such command 'nosuch'. (see `opgave --help`)"),
    ],
)
def test_typer_usage_errors_are_one_line_too(data_dir: Path, args: list[str], message: str) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "opgave_cli", *args],
        capture_output=True, text=True, check=False,
        env={**os.environ, "OPGAVE_DATA_DIR": str(data_dir)},
    )  # fmt: skip
    assert (out.returncode, out.stdout, out.stderr) == (2, "", f"opgave: error: {message}\n")


@pytest.mark.slow
def test_exit_codes_pass_through_the_entry_point(data_dir: Path) -> None:
    env = {**os.environ, "OPGAVE_DATA_DIR": str(data_dir), "OPGAVE_TODAY": "2023-06-01"}

    def code(*args: str) -> int:
        return subprocess.run(
            [sys.executable, "-m", "opgave_cli", *args], capture_output=True, env=env, check=False
        ).returncode

    assert code("status") == 0
    assert code("sign", "arnhem", "--date", "2023-02-01") == 0
    assert code("sign", "arnhem", "--date", "2023-02-01") == 1  # already signed
    assert code("sign", "arnhem", "--date", "2023-02-30") == 2
    (data_dir / "gemeenten.yaml").write_text("gemeenten: [\n", encoding="utf-8")
    assert code("check") == 1
