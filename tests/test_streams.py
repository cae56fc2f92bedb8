"""Streams and environment (issue 13): the real console script with a closed, full or
non-UTF-8 stdout, a closed stderr, a deleted working folder and odd terminal settings.
Every command gives its normal output or exactly one line on stderr, never a traceback
and never exit 3; a write that landed is exit 0 even when its confirmation is lost."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from processes import (
    OPGAVE,
    READ_COMMANDS,
    Ran,
    assert_one_line,
    environment,
    project,
    run,
    run_all,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell"),
]

CLOSED_STDOUT = 'exec "$@" >&-'
CLOSED_STDERR = 'exec "$@" 2>&-'
CLOSED_BOTH = 'exec "$@" >&- 2>&-'
LOST = "opgave: error: cannot write the output: "
EVERY_COMMAND = {**READ_COMMANDS, "--version": ["--version"], "--help": ["--help"]}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ran]:
    """Each read command's output to a pipe, in UTF-8: what the others are held to."""
    root = project(tmp_path_factory.mktemp("reference"))
    results = run_all(READ_COMMANDS, lambda args: run(args, root))
    for result in results.values():
        assert (result.code, result.stderr) == (0, ""), str(result)
    return results


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return project(tmp_path / "project")


@pytest.fixture
def dev_full() -> Iterator[IO[Any]]:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with Path("/dev/full").open("wb") as full:
        yield full


def outcomes(results: dict[str, Ran]) -> dict[str, tuple[int, str]]:
    return {name: (r.code, r.stderr) for name, r in results.items()}


# --- stdout that cannot be written ------------------------------------------------


def test_a_closed_stdout_is_one_line_and_exit_1(root: Path) -> None:
    results = run_all(EVERY_COMMAND, lambda args: run(args, root, shell=CLOSED_STDOUT))
    expected = (1, LOST + "stdout is closed\n")
    assert outcomes(results) == dict.fromkeys(EVERY_COMMAND, expected)


def test_a_full_stdout_is_one_line_and_exit_1(root: Path, dev_full: IO[Any]) -> None:
    results = run_all(EVERY_COMMAND, lambda args: run(args, root, stdout=dev_full))
    expected = (1, LOST + "No space left on device\n")
    assert outcomes(results) == dict.fromkeys(EVERY_COMMAND, expected)


def test_help_to_a_full_ascii_stdout_is_one_line_too(root: Path, dev_full: IO[Any]) -> None:
    # click writes the help to the binary buffer when stdout is ASCII.
    env = environment(root, PYTHONIOENCODING="ascii")
    result = run(["--help"], root, env=env, stdout=dev_full)
    assert (result.code, result.stderr) == (1, LOST + "No space left on device\n")


# One command for each way output is written: through Rich, Out.write (JSON, CSV) and
# sys.stdout.write (documents); the matrices above cover every command.
EACH_WAY = {k: READ_COMMANDS[k] for k in ("status", "status --json", "report")}


def test_a_closed_stderr_changes_nothing_else(root: Path, reference: dict[str, Ran]) -> None:
    results = run_all(EACH_WAY, lambda args: run(args, root, shell=CLOSED_STDERR))
    assert {n: (r.code, r.stdout) for n, r in results.items()} == {
        n: (0, reference[n].stdout) for n in EACH_WAY
    }
    # `report -o` confirms on stderr.
    result = run(["report", "-o", "report.md"], root, shell=CLOSED_STDERR)
    assert (result.code, result.stdout) == (0, "")
    assert (root / "report.md").read_text(encoding="utf-8") == reference["report"].stdout


def test_closed_or_full_stdout_and_stderr_is_exit_1_not_a_crash(
    root: Path, dev_full: IO[Any]
) -> None:
    closed = run_all(EACH_WAY, lambda args: run(args, root, shell=CLOSED_BOTH))
    full = run_all(EACH_WAY, lambda args: run(args, root, stdout=dev_full, shell='exec "$@" 2>&1'))
    assert outcomes(closed) == dict.fromkeys(EACH_WAY, (1, ""))
    assert {n: r.code for n, r in full.items()} == dict.fromkeys(EACH_WAY, 1)


def test_a_failed_command_with_a_full_stdout_keeps_its_own_error(
    root: Path, dev_full: IO[Any]
) -> None:
    (root / "data" / "gemeenten.yaml").write_text("gemeenten: [\n", encoding="utf-8")
    result = run(["status"], root, stdout=dev_full)
    assert result.code == 1
    assert_one_line(result)
    assert result.stderr.startswith("opgave: error: data/gemeenten.yaml:2:1: ")


# --- encodings that cannot show every character -----------------------------------

PLAIN = ("status --csv", "speerpunten", "check", "report", "render")  # written as is


def assert_escaped(name: str, raw: bytes, encoding: str, utf8: str) -> None:
    """``raw``, the output in ``encoding``, is the UTF-8 output with what the encoding
    cannot show escaped, or JSON with the same values."""
    text = raw.decode(encoding)  # nothing it cannot encode got through
    if name.endswith("json"):
        # JSON's own escapes (\u00eb), so that it stays JSON with the same values.
        assert text.isascii(), name
        assert json.loads(text) == json.loads(utf8), name
    elif name in PLAIN:
        assert text == utf8.encode(encoding, "backslashreplace").decode(encoding), name


def test_ascii_output_escapes_what_it_cannot_show(root: Path, reference: dict[str, Ran]) -> None:
    env = environment(root, PYTHONIOENCODING="ascii")
    results = run_all(READ_COMMANDS, lambda args: run(args, root, env=env))
    assert outcomes(results) == dict.fromkeys(READ_COMMANDS, (0, ""))
    for name, result in results.items():
        assert_escaped(name, result.raw_stdout, "ascii", reference[name].stdout)
    # Rich draws its tables in ASCII, the budget's bars in #, and the euro sign escaped.
    budget = results["budget --total"].stdout
    assert "| Nijmegen          |     189.871 |  23,17 % |  \\u20ac 57.920,84 | ######" in budget
    assert "| Arnhem            | unsigned |" in results["status"].stdout


ENCODINGS = {
    "PYTHONIOENCODING=latin-1": ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
    # The C locale, with Python's coercion to UTF-8 switched off: ASCII.
    "C locale, not coerced": (
        {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
        "ascii",
    ),
}


@pytest.mark.parametrize("case", ENCODINGS)
def test_other_encodings_escape_too(root: Path, reference: dict[str, Ran], case: str) -> None:
    overrides, encoding = ENCODINGS[case]
    env = environment(root, **overrides)
    names = ("speerpunten --json", "budget --total", "render")
    commands = {"speerpunten --json": ["speerpunten", "--json"]} | {
        k: READ_COMMANDS[k] for k in names[1:]
    }
    results = run_all(commands, lambda args: run(args, root, env=env))
    assert outcomes(results) == dict.fromkeys(names, (0, ""))
    utf8 = run(["speerpunten", "--json"], root).stdout
    assert_escaped("speerpunten --json", results["speerpunten --json"].raw_stdout, encoding, utf8)
    assert_escaped("render", results["render"].raw_stdout, encoding, reference["render"].stdout)
    assert "\\u20ac 57.920,84" in results["budget --total"].raw_stdout.decode(encoding)


def test_the_c_locale_is_utf8_as_python_coerces_it(root: Path, reference: dict[str, Ran]) -> None:
    env = environment(root, LANG="C", LC_ALL="C")
    commands = {k: READ_COMMANDS[k] for k in ("budget --total", "status --json", "render")}
    results = run_all(commands, lambda args: run(args, root, env=env))
    assert {n: (r.code, r.stderr, r.stdout) for n, r in results.items()} == {
        n: (0, "", reference[n].stdout) for n in commands
    }


def test_an_error_line_in_ascii_is_escaped_not_a_crash(root: Path) -> None:
    env = environment(root, PYTHONIOENCODING="ascii")
    result = run(["sign", "Zevenaar\u20ac"], root, env=env)
    assert (result.code, result.stderr) == (
        2,
        "opgave: error: unknown municipality 'Zevenaar\\u20ac'; did you mean: zevenaar? "
        "(opgave status lists them all)\n",
    )


# --- a write that landed, whose confirmation cannot be printed --------------------


def signed(root: Path, slug: str) -> str | None:
    """The date the data holds for ``slug``'s signature (read by `opgave status --json`)."""
    result = run(["status", "--json"], root)
    assert result.code == 0, str(result)
    data = json.loads(result.stdout)
    parties = {g["slug"]: g for g in [*data["gemeenten"], data["counterparty"]]}
    date: str | None = parties[slug]["date"]
    return date


def landed(file: str, reason: str) -> str:
    return (
        f"opgave: note: the change was written to data/{file}, "
        f"but the confirmation could not be printed: {reason}\n"
    )


def test_a_signature_written_to_a_full_stdout_is_exit_0_with_a_note(
    root: Path, dev_full: IO[Any]
) -> None:
    result = run(["sign", "arnhem", "--date", "2023-02-01"], root, stdout=dev_full)
    assert (result.code, result.stderr) == (0, landed("gemeenten.yaml", "No space left on device"))
    assert signed(root, "arnhem") == "2023-02-01"


def test_a_signature_written_to_a_closed_stdout_is_exit_0_with_a_note(root: Path) -> None:
    result = run(["sign", "gmr", "--date", "2023-02-01"], root, shell=CLOSED_STDOUT)
    assert (result.code, result.stderr) == (0, landed("agreement.yaml", "stdout is closed"))
    assert signed(root, "gmr") == "2023-02-01"

    result = run(["unsign", "gmr"], root, shell=CLOSED_STDOUT)
    assert (result.code, result.stderr) == (0, landed("agreement.yaml", "stdout is closed"))
    assert signed(root, "gmr") is None


def test_a_signature_with_stdout_and_stderr_closed_is_exit_0(root: Path) -> None:
    result = run(["sign", "duiven", "--date", "2023-02-01"], root, shell=CLOSED_BOTH)
    assert (result.code, result.stderr) == (0, "")
    assert signed(root, "duiven") == "2023-02-01"


def test_schemas_written_to_a_full_stdout_are_exit_0_with_a_note(
    root: Path, dev_full: IO[Any]
) -> None:
    result = run(["schema", "--out", "out"], root, stdout=dev_full)
    written = sorted(f"out/{p.name}" for p in (root / "out").iterdir())
    assert "out/gemeenten.schema.json" in written
    assert result.code == 0
    note = re.fullmatch(
        r"opgave: note: the schemas were written to (.*), but the confirmation could not "
        r"be printed: No space left on device\n",
        result.stderr,
    )
    assert note, result.stderr
    assert sorted(re.split(r", | and ", note[1])) == written


def test_a_dry_run_to_a_full_stdout_writes_nothing_and_says_so(
    root: Path, dev_full: IO[Any]
) -> None:
    before = (root / "data" / "gemeenten.yaml").read_bytes()
    result = run(["sign", "arnhem", "--date", "2023-02-01", "--dry-run"], root, stdout=dev_full)
    assert (result.code, result.stderr) == (1, LOST + "No space left on device\n")
    assert (root / "data" / "gemeenten.yaml").read_bytes() == before


# --- the working folder, HOME, TERM and COLUMNS -----------------------------------

GONE = 'cd "$(mktemp -d)" && rmdir "$PWD" && exec "$@"'


def test_a_deleted_working_folder_with_a_data_folder_given(
    root: Path, reference: dict[str, Ran]
) -> None:
    result = run(["status"], root, shell=GONE)
    assert (result.code, result.stderr, result.stdout) == (0, "", reference["status"].stdout)
    result = run(["sign", "arnhem", "--date", "2023-02-01"], root, shell=GONE)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.startswith("Recorded: Arnhem signed on 2023-02-01")


def test_a_deleted_working_folder_without_a_data_folder_is_one_line(root: Path) -> None:
    env = environment(root, unset=["OPGAVE_DATA_DIR"])
    results = run_all(EACH_WAY, lambda args: run(args, root, env=env, shell=GONE))
    expected = (
        1,
        "opgave: error: the current folder no longer exists; "
        "pass --data-dir DIR or set OPGAVE_DATA_DIR\n",
    )
    assert outcomes(results) == dict.fromkeys(EACH_WAY, expected)
    result = run(["--data-dir", "data", "status"], root, env=env, shell=GONE)
    assert (result.code, result.stderr) == (1, "opgave: error: data: no such data folder\n")


def test_a_deleted_working_folder_and_a_relative_output_is_one_line(root: Path) -> None:
    for args in (["report", "-o", "x.md"], ["render", "-o", "../x.txt"]):
        result = run(args, root, shell=GONE)
        name = args[-1]
        assert (result.code, result.stderr) == (
            1,
            f"opgave: error: {name}: the current folder no longer exists; "
            "give -o an absolute path\n",
        ), str(result)
    result = run(["report", "-o", "-"], root, shell=GONE)
    assert (result.code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("unset", "overrides"),
    [(["HOME", "TERM"], {}), ([], {"TERM": "dumb"})],
    ids=["HOME and TERM unset", "TERM=dumb"],
)
def test_home_and_term_change_nothing(
    root: Path, reference: dict[str, Ran], unset: list[str], overrides: dict[str, str]
) -> None:
    commands = {k: READ_COMMANDS[k] for k in ("budget --total", "report")}
    env = environment(root, unset=unset, **overrides)
    results = run_all(commands, lambda args: run(args, root, env=env))
    assert {n: (r.code, r.stderr, r.stdout) for n, r in results.items()} == {
        n: (0, "", reference[n].stdout) for n in commands
    }


@pytest.mark.parametrize("columns", ["0", "5", "abc", "-1"])
def test_any_columns_gives_the_normal_output(
    root: Path, reference: dict[str, Ran], columns: str
) -> None:
    commands = {k: READ_COMMANDS[k] for k in ("status", "budget --total")}
    env = environment(root, COLUMNS=columns)
    results = run_all(commands, lambda args: run(args, root, env=env))
    assert outcomes(results) == dict.fromkeys(commands, (0, ""))
    assert "│ Arnhem " in results["status"].stdout
    assert "│ Nijmegen " in results["budget --total"].stdout
    if columns in ("0", "5"):
        # Not a width anyone reads at: the width assumed when none is known.
        at_80 = run(commands["status"], root, env=environment(root, COLUMNS="80"))
        assert results["status"].stdout == at_80.stdout


def test_any_columns_gives_the_normal_help(root: Path) -> None:
    widths = {c: c for c in ("0", "5", "abc")}
    results = run_all(widths, lambda c: run(["--help"], root, env=environment(root, COLUMNS=c)))
    for result in results.values():
        assert (result.code, result.stderr) == (0, "")
        assert result.stdout.startswith("Usage: opgave [OPTIONS] COMMAND [ARGS]...")


def test_a_pipe_closed_early_ends_quietly(root: Path) -> None:
    result = run(["render"], root, shell='"$@" | head -c 10')
    assert (result.code, result.stderr, result.stdout) == (0, "", "Opgaveover")


def in_a_terminal(args: list[str], root: Path, env: dict[str, str]) -> tuple[int, str]:
    """Exit code and output of ``opgave ARGS`` with a pseudo-terminal as stdout and stderr."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*OPGAVE, *args], stdout=follower, stderr=follower, env=env, cwd=root
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other end has closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=30), b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(
    ("unset", "overrides", "bar"),
    [
        (["TERM"], {}, "░" * 36),
        ([], {"TERM": "dumb", "PYTHONIOENCODING": "ascii"}, "." * 36),
    ],
    ids=["TERM unset", "TERM=dumb, ASCII"],
)
def test_in_a_terminal_the_count_bar_fits_the_encoding(
    root: Path, unset: list[str], overrides: dict[str, str], bar: str
) -> None:
    code, output = in_a_terminal(["status"], root, environment(root, unset, **overrides))
    assert code == 0, output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)  # colour, where the terminal has it
    assert f"{bar} 0 of 18 municipalities signed\n" in plain
    assert "Traceback" not in output
