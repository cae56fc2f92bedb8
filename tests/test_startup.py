"""What each fast path imports (no timings here: those are in benchmarks/run.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
sys.argv = ["opgave", *sys.argv[1:]]
from opgave_cli.entry import main
try:
    main()
except SystemExit:
    pass
finally:
    names = sorted(sys.modules)  # before this probe imports json
    import json
    heavy = {"pydantic", "yaml", "rich", "typer"}
    loaded = sorted({m.split(".")[0] for m in names} & heavy)
    loaded += ["rich.table"] if "rich.table" in names else []
    sys.stderr.write("LOADED " + json.dumps(loaded) + "\\n")
    sys.stderr.write("MODULES " + json.dumps(names) + "\\n")
"""

# What only other commands or output formats need.
NOT_FOR_READING = {
    "filelock",
    "json",  # --json
    "rich._emoji_codes",  # emoji codes are never rendered
    "opgave_cli.domain.budget",
    "opgave_cli.sources.history",
    "opgave_cli.output.agreement_text",
    "opgave_cli.output.budget",
    "opgave_cli.output.check",
    "opgave_cli.output.report",
    "opgave_cli.output.schemas",
    "opgave_cli.store",
}


def probe(args: list[str], **env: str) -> tuple[str, dict[str, list[str]]]:
    """stdout of `opgave ARGS`, and the LOADED (heavy) and MODULES (all) lists."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    )  # fmt: skip
    lines = (x.partition(" ") for x in out.stderr.splitlines())
    return out.stdout, {k: json.loads(v) for k, _, v in lines if k in ("LOADED", "MODULES")}


def loaded(args: list[str], **env: str) -> tuple[str, list[str]]:
    stdout, lists = probe(args, **env)
    return stdout, lists["LOADED"]


def all_loaded(args: list[str], **env: str) -> set[str]:
    return set(probe(args, **env)[1]["MODULES"])


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
    "args", [["--help"], ["pay", "--help"], ["pay", "--year", "x", "arnhem"], ["sign", "--help"]]
)
def test_reading_the_options_imports_no_pydantic(args: list[str]) -> None:
    # Typer would build a pydantic TypeAdapter for each option it reads (cli/params.py
    # reads them itself), even the group's --data-dir before `pay --help`.
    modules = all_loaded(args)
    assert "typer" in modules
    assert {m for m in modules if m.split(".")[0] == "pydantic" or m == "typer._adapters"} == set()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["status", "speerpunten"])
def test_a_read_command_loads_only_what_it_needs(data_dir: Path, command: str) -> None:
    modules = all_loaded([command], OPGAVE_DATA_DIR=str(data_dir))
    assert {"opgave_cli.domain.models", "opgave_cli.loader", "rich.console"} <= modules
    assert modules & NOT_FOR_READING == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--foo"], "No such option: --foo (see `opgave status --help`)"),
        (
            ["budget", "--year", "abc"],
            "Invalid value for '--year': 'abc' is not a whole number. (see `opgave budget --help`)",
        ),
        (["unsign"], "Missing argument 'PARTY'. (see `opgave unsign --help`)"),
        (["sign"], "Missing argument 'PARTY' or --from FILE.csv (see `opgave sign --help`)"),
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
