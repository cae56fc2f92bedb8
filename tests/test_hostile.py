"""Hostile and broken input (issue 7): whatever the data files contain, every command
answers quickly, with one line naming the file (and line), never a traceback, and a
write command leaves the files byte for byte as they were.

The small inputs are files in tests/data/hostile/, named ``<case>.<agreement|gemeenten>.yaml``
(each replaces that data file in a copy of the shipped data); the large ones, and the
mutations of the real data, are made here at test time.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, TODAY, Run
from opgave_cli.cli import app
from opgave_cli.loader import MAX_BYTES

HOSTILE = Path(__file__).parent / "data" / "hostile"
SECONDS = 5.0  # "within a few seconds"; every case here takes well under one

READ_COMMANDS: dict[str, list[str]] = {
    "status": ["status"],
    "speerpunten": ["speerpunten"],
    "budget": ["budget"],
    "check": ["check"],
    "report": ["report"],
    "render": ["render"],
}
WRITE_COMMANDS: dict[str, list[str]] = {
    "sign": ["sign", "arnhem", "--date", "2023-02-01"],
    "unsign": ["unsign", "arnhem"],
}
COMMANDS = {**READ_COMMANDS, **WRITE_COMMANDS}


def command(name: str) -> list[str]:
    """The arguments of a command (a renamed command fails here, never skips)."""
    return COMMANDS[name]


def test_every_command_the_corpus_runs_exists() -> None:
    for name in COMMANDS:
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, f"opgave {name}: {result.output}"


# --- the bad inputs ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One bad input. ``make`` puts it in place in the data folder and returns where the
    error must point: ``data/FILE:LINE:COLUMN: ``, or ``data/FILE: `` when there is no
    line, or just ``data/FILE:`` when the line depends on a limit. ``says`` is a part of
    the message that `opgave check` must print."""

    id: str
    make: Callable[[Path], str]
    says: str


def line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


def corpus(name: str, where: str, says: str) -> Case:
    path = next(HOSTILE.glob(f"{name}.*.yaml"))
    target = path.name.split(".")[-2] + ".yaml"

    def make(data_dir: Path) -> str:
        shutil.copyfile(path, data_dir / target)
        return where

    return Case(name, make, says)


def mutation(
    case_id: str, target: str, old: str, new: str, column: int, says: str, at: str = ""
) -> Case:
    """The real data file with ``old`` replaced by ``new``: the error points at ``at``
    (default: ``new``), at ``column``."""

    def make(data_dir: Path) -> str:
        path = data_dir / target
        data = path.read_bytes()
        assert data.count(old.encode()) >= 1, f"{old!r} is not in {target}"
        changed = data.replace(old.encode(), new.encode(), 1)
        path.write_bytes(changed)
        return f"data/{target}:{line_of(changed, (at or new).encode())}:{column}: "

    return Case(case_id, make, says)


def generated(
    case_id: str, target: str, content: Callable[[bytes], bytes], where: str, says: str
) -> Case:
    def make(data_dir: Path) -> str:
        path = data_dir / target
        path.write_bytes(content(path.read_bytes()))
        return where

    return Case(case_id, make, says)


def environment(case_id: str, setup: Callable[[Path], None], where: str, says: str) -> Case:
    def make(data_dir: Path) -> str:
        setup(data_dir)
        return where

    return Case(case_id, make, says)


CORPUS = [
    corpus("empty", "data/gemeenten.yaml:1:1: ", "the file is empty"),
    corpus("only-a-comment", "data/gemeenten.yaml:1:1: ", "the file is empty"),
    corpus("list-at-top", "data/agreement.yaml:1:1: ", "at the top, found a list"),
    corpus("scalar-at-top", "data/gemeenten.yaml:1:1: ", "at the top, found a single value"),
    corpus(
        "bad-indentation",
        "data/gemeenten.yaml:7:4: ",
        "YAML syntax: line 7 is indented less than the list it belongs to (its item on line 5)",
    ),
    corpus("tab-indentation", "data/agreement.yaml:3:1: ", "YAML syntax"),
    corpus("unclosed-quote", "data/gemeenten.yaml:6:11: ", "the quote on line 6 is not closed"),
    corpus("unclosed-bracket", "data/gemeenten.yaml:5:5: ", "the '[' on line 5 is not closed"),
    corpus("unclosed-brace", "data/gemeenten.yaml:11:16: ", "the '{' on line 11 is not closed"),
    corpus("not-utf8-latin1", "data/gemeenten.yaml:8:17: ", "not valid UTF-8 (byte 0xe9)"),
    corpus("not-utf8-utf16", "data/gemeenten.yaml:1:1: ", "not valid UTF-8 (byte 0xff)"),
    corpus("nul-byte", "data/gemeenten.yaml:6:14: ", "NUL byte in the file"),
    corpus("control-character", "data/gemeenten.yaml:6:14: ", "character U+001B is not allowed"),
    corpus(
        "terminal-escape-in-a-value",
        "data/gemeenten.yaml:6:11: ",
        "gemeenten[arnhem].name: control character U+001B in the text",
    ),
    corpus(
        "direction-override-in-a-value",
        "data/gemeenten.yaml:6:11: ",
        "gemeenten[arnhem].name: invisible character U+202E in the text",
    ),
    corpus(
        "nul-escape-in-a-value",
        "data/gemeenten.yaml:8:15: ",
        "gemeenten[arnhem].province: control character U+0000 in the text",
    ),
    corpus("two-byte-order-marks", "data/gemeenten.yaml:1:1: ", "more than one byte order mark"),
    corpus(
        "duplicate-key-top",
        "data/gemeenten.yaml:12:1: ",
        "duplicate key 'gemeenten' (first on line 4)",
    ),
    corpus(
        "duplicate-key-deep",
        "data/gemeenten.yaml:11:35: ",
        "gemeenten[arnhem].signature.date: duplicate key 'date' (first on line 11)",
    ),
    corpus(
        "duplicate-municipality",
        "data/gemeenten.yaml:13:11: ",
        "gemeenten[arnhem].slug: slug 'arnhem' is used twice (also gemeenten[#1])",
    ),
    corpus(
        "python-tag-at-top",
        "data/gemeenten.yaml:1:1: ",
        "tag !!python/object/apply:os.system is not allowed",
    ),
    corpus(
        "python-tag-in-a-value",
        "data/gemeenten.yaml:6:11: ",
        "gemeenten[arnhem].name: tag !!python/object/apply:os.system is not allowed",
    ),
    corpus(
        "python-object-new-tag",
        "data/gemeenten.yaml:11:16: ",
        "tag !!python/object/new:subprocess.Popen is not allowed",
    ),
    corpus(
        "python-name-tag", "data/agreement.yaml:1:", "tag !!python/name:os.system is not allowed"
    ),
    corpus("unknown-tag", "data/gemeenten.yaml:9:18: ", "tag !count is not allowed"),
    corpus("binary-tag", "data/gemeenten.yaml:6:11: ", "tag !!binary is not allowed"),
    corpus("billion-laughs", "data/gemeenten.yaml:", "too many values"),
    corpus("alias-bomb-in-the-data", "data/gemeenten.yaml:", "too many values"),
    corpus("recursive-alias", "data/gemeenten.yaml:1:19: ", "alias *loop refers to an anchor"),
    corpus("undefined-alias", "data/gemeenten.yaml:6:11: ", "alias *arnhem refers to an anchor"),
    corpus("deep-flow-nesting", "data/agreement.yaml:1:", "nested more than"),
    corpus("two-documents", "data/gemeenten.yaml:12:1: ", "more than one YAML document"),
    corpus("complex-key", "data/gemeenten.yaml:6:7: ", "a key must be a plain value"),
]

MUTATIONS = [
    mutation(
        "number-for-a-name",
        "gemeenten.yaml",
        "name: Arnhem",
        "name: 42",
        11,
        "gemeenten[arnhem].name: expected text, got 42",
    ),
    mutation(
        "text-for-inhabitants",
        "gemeenten.yaml",
        "inhabitants: {2022-01-01: 163888",
        "inhabitants: {2022-01-01: '163888'",
        31,
        "gemeenten[arnhem].inhabitants[2022-01-01]: expected a whole number, got '163888'",
    ),
    mutation(
        "text-for-participates",
        "gemeenten.yaml",
        "participates: true",
        'participates: "ja"',
        19,
        "gemeenten[arnhem].participates: expected true or false",
    ),
    mutation(
        "date-that-is-not-a-date",
        "gemeenten.yaml",
        "signature: null",
        "signature: {date: yesterday}",
        23,
        "gemeenten[arnhem].signature.date: expected a date as YYYY-MM-DD",
    ),
    mutation(
        "date-2023-02-30",
        "gemeenten.yaml",
        "signature: null",
        "signature: {date: 2023-02-30}",
        23,
        "gemeenten[arnhem].signature.date: 2023-02-30 is not a real calendar date",
    ),
    mutation(
        "retrieval-date-2023-02-30",
        "gemeenten.yaml",
        "retrieved: 2026-07-02",
        "retrieved: 2023-02-30",
        14,
        "inhabitants.retrieved: 2023-02-30 is not a real calendar date",
    ),
    mutation(
        "list-for-a-signature",
        "gemeenten.yaml",
        "signature: null",
        "signature: [2023-02-01]",
        16,
        "gemeenten[arnhem].signature: expected a mapping of keys",
    ),
    mutation(
        "duplicate-key-in-the-real-data",
        "gemeenten.yaml",
        "    name: Arnhem\n",
        "    name: Arnhem\n    name: Arnheim\n",
        5,
        "gemeenten[arnhem].name: duplicate key 'name'",
        at="name: Arnheim",
    ),
    mutation(
        "text-for-a-speerpunt-number",
        "agreement.yaml",
        "  - number: 1\n",
        "  - number: one\n",
        13,
        "speerpunten[stimuleren-ondernemerschap-mkb].number: expected a whole number, got 'one'",
    ),
    mutation(
        "number-for-the-counterparty-name",
        "agreement.yaml",
        "  name: Regio Arnhem-Nijmegen",
        "  name: 7",
        9,
        "counterparty.name: expected text, got 7",
    ),
    mutation(
        "term-end-2024-02-30",
        "agreement.yaml",
        "end: 2024-12-31",
        "end: 2024-02-30",
        10,
        "2024-02-30 is not a real calendar date",
    ),
    mutation(
        "amount-as-a-number",
        "agreement.yaml",
        "amounts: {}",
        "amounts: {2023: {total: 250000, inhabitants_at: 2022-01-01}}",
        27,
        "write the amount as a quoted string",
    ),
]


def duplicate_arnhem(data: bytes) -> bytes:
    start = data.index(b"  - slug: arnhem")
    return data + b"\n" + data[start : data.index(b"\n\n", start) + 1]


LONG = 3 * 1024 * 1024  # a 3 MB line


def many_values(_: bytes) -> bytes:
    """Just under the size limit, and as many values as fit: the parser's worst case."""
    return b"gemeenten:\n" + b"  - x\n" * ((MAX_BYTES - 1024) // 6)


GENERATED = [
    generated(
        "duplicate-municipality-in-the-real-data",
        "gemeenten.yaml",
        duplicate_arnhem,
        "data/gemeenten.yaml:",
        "slug 'arnhem' is used twice (also gemeenten[#1])",
    ),
    generated(
        "very-large-file",
        "gemeenten.yaml",
        lambda data: data + b"# " + b"x" * (30 * 1024 * 1024) + b"\n",
        "data/gemeenten.yaml: ",
        "file is larger than",
    ),
    generated(
        "many-values-just-under-the-size-limit",
        "gemeenten.yaml",
        many_values,
        "data/gemeenten.yaml:",
        "too many values",
    ),
    mutation(
        "very-long-line-of-the-wrong-type",
        "gemeenten.yaml",
        "inhabitants: {2022-01-01: 163888",
        "inhabitants: {2022-01-01: '" + "9" * LONG + "'",
        31,
        "gemeenten[arnhem].inhabitants[2022-01-01]: expected a whole number, got '9999",
    ),
    mutation(
        "very-long-line-with-an-unclosed-quote",
        "gemeenten.yaml",
        "name: Arnhem",
        'name: "' + "A" * LONG,
        11,
        "YAML syntax",
    ),
    generated(
        "100000-nested-brackets",
        "gemeenten.yaml",
        lambda _: b"[" * 100_000,
        "data/gemeenten.yaml:1:",
        "nest",
    ),
    generated(
        "100000-nested-flow-mappings",
        "agreement.yaml",
        lambda _: b"{a: " * 100_000,
        "data/agreement.yaml:1:",
        "nested more than",
    ),
    generated(
        "100000-nested-block-sequences",
        "gemeenten.yaml",
        lambda _: b"- " * 100_000 + b"x\n",
        "data/gemeenten.yaml:1:",
        "nested more than",
    ),
    generated(
        "1000-nested-block-mappings",
        "gemeenten.yaml",
        lambda _: b"".join(b" " * i + b"a:\n" for i in range(1000)),
        "data/gemeenten.yaml:",
        "nested more than",
    ),
]


def _replace_with_folder(data_dir: Path) -> None:
    (data_dir / "gemeenten.yaml").unlink()
    (data_dir / "gemeenten.yaml").mkdir()


def _replace_with_fifo(data_dir: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    (data_dir / "gemeenten.yaml").unlink()
    os.mkfifo(data_dir / "gemeenten.yaml")


def _replace_with_device(data_dir: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this platform")
    (data_dir / "gemeenten.yaml").unlink()
    (data_dir / "gemeenten.yaml").symlink_to("/dev/zero")


def _replace_with_symlink_loop(data_dir: Path) -> None:
    (data_dir / "gemeenten.yaml").unlink()
    (data_dir / "gemeenten.yaml").symlink_to("gemeenten.yaml")


ENVIRONMENT = [
    environment(
        "missing-file",
        lambda d: (d / "gemeenten.yaml").unlink(),
        "data/gemeenten.yaml: ",
        "file not found",
    ),
    environment(
        "folder-where-a-file-is-expected",
        _replace_with_folder,
        "data/gemeenten.yaml: ",
        "is a folder",
    ),
    environment(
        "named-pipe-where-a-file-is-expected",
        _replace_with_fifo,
        "data/gemeenten.yaml: ",
        "is not a regular file",
    ),
    environment(
        "symlink-to-a-device",
        _replace_with_device,
        "data/gemeenten.yaml: ",
        "is not a regular file",
    ),
    environment(
        "symlink-loop",
        _replace_with_symlink_loop,
        "data/gemeenten.yaml: ",
        "cannot read",
    ),
]

CASES = CORPUS + MUTATIONS + GENERATED + ENVIRONMENT


def test_every_corpus_file_is_a_case() -> None:
    on_disk = {p.name.split(".")[0] for p in HOSTILE.glob("*.yaml")}
    assert on_disk == {c.id for c in CORPUS}
    assert all(p.stat().st_size < 50_000 for p in HOSTILE.iterdir())


# --- the checks -------------------------------------------------------------------


def snapshot(data_dir: Path) -> dict[str, bytes | str]:
    """Every entry of the data folder (but the lock file) with its bytes where it is a
    regular file; reads nothing that could block (a pipe) or never end (a device)."""
    out: dict[str, bytes | str] = {}
    for entry in sorted(data_dir.iterdir()):
        if entry.name == ".opgave.lock":
            continue
        mode = entry.lstat().st_mode
        out[entry.name] = entry.read_bytes() if stat.S_ISREG(mode) else stat.filemode(mode)
    return out


def assert_fails_cleanly(
    name: str, result_code: int, stdout: str, stderr: str, where: str, says: str
) -> None:
    assert "Traceback" not in stdout + stderr
    assert result_code == 1, (stdout, stderr)
    if name == "check":
        # `check` reports problems as its result, on stdout.
        assert stderr == ""
        assert (where + "error: " if where.endswith(": ") else where) in stdout, stdout[:2000]
        assert says in stdout, stdout[:2000]
        assert max(len(line) for line in stdout.splitlines()) < 400
    else:
        assert stdout == ""
        assert stderr.endswith("\n")
        assert stderr.count("\n") == 1, stderr
        assert stderr.startswith(f"opgave: error: {where}"), stderr
        assert len(stderr) < 400, stderr[:400]


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_fails_cleanly(
    case: Case, name: str, run: Run, data_dir: Path, project: Path
) -> None:
    args = command(name)
    where = case.make(data_dir)
    before = snapshot(data_dir)
    start = time.perf_counter()
    result = run(*args)
    elapsed = time.perf_counter() - start
    assert_fails_cleanly(name, result.exit_code, result.stdout, result.stderr, where, case.says)
    assert elapsed < SECONDS
    assert snapshot(data_dir) == before  # read or write command: nothing changed
    assert not (project / "PWNED").exists(), "a YAML tag ran a command"


def test_the_python_tags_never_run_anything(run: Run, data_dir: Path, project: Path) -> None:
    """The same files through every reader, and PyYAML's safe loader as a control:
    the marker file the tags would create never appears."""
    import yaml

    for case in HOSTILE.glob("python-*.yaml"):
        target = case.name.split(".")[-2] + ".yaml"
        shutil.copyfile(case, data_dir / target)
        for name in COMMANDS:
            run(*COMMANDS[name])
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(case.read_bytes())
        shutil.copyfile(DATA / target, data_dir / target)
    assert not (project / "PWNED").exists()
    assert not Path("PWNED").exists()


def test_a_control_character_from_the_command_line_is_not_written(run: Run, data_dir: Path) -> None:
    before = snapshot(data_dir)
    result = run(*WRITE_COMMANDS["sign"], "--place", "Arn\x1b]0;owned\x07hem")
    assert result.exit_code == 2  # a malformed value on the command line
    assert result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr
    assert "control character U+001B" in result.stderr
    assert snapshot(data_dir) == before


# --- what is accepted -------------------------------------------------------------


def test_markup_and_emoji_codes_in_values_are_printed_as_written(run: Run) -> None:
    """Rich would read "[/x]" as a closing tag (a MarkupError traceback) and ":smile:"
    as an emoji; in the data they are text, and every command prints them as written."""
    place, signatory = "[/x] Arnhem :smile:", "[bold]A. Marcouch[/bold]"
    signed = run(
        "sign", "arnhem", "--date", "2023-02-01", "--place", place, "--signatory", signatory
    )
    assert signed.exit_code == 0, signed.stderr
    assert f"in {place}, by {signatory} " in signed.stdout
    status = run("status", env={"COLUMNS": "200"})
    assert status.exit_code == 0, status.stderr
    assert f"| {place} | {signatory} |" in status.stdout.replace("│", "|")
    for name in READ_COMMANDS:
        result = run(*READ_COMMANDS[name])
        assert (result.exit_code, result.stderr) == (0, ""), name
    unsigned = run("unsign", "arnhem")
    assert unsigned.exit_code == 0, unsigned.stderr
    assert place in unsigned.stdout


BOM = b"\xef\xbb\xbf"


def test_a_byte_order_mark_is_accepted_and_kept(run: Run, data_dir: Path) -> None:
    for name in ("agreement.yaml", "gemeenten.yaml"):
        path = data_dir / name
        path.write_bytes(BOM + path.read_bytes())
    original = (data_dir / "gemeenten.yaml").read_bytes()
    for name in READ_COMMANDS:
        result = run(*COMMANDS[name])
        assert result.exit_code == 0, (name, result.stderr)
    assert run(*WRITE_COMMANDS["sign"]).exit_code == 0
    signed = (data_dir / "gemeenten.yaml").read_bytes()
    assert signed.startswith(BOM)
    assert b"signature: {date: 2023-02-01}" in signed
    assert len(signed.splitlines()) == len(original.splitlines())
    assert run(*WRITE_COMMANDS["unsign"]).exit_code == 0
    assert (data_dir / "gemeenten.yaml").read_bytes() == original


def test_crlf_line_ends_are_accepted_and_kept(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    original = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    assert run("check").exit_code == 0
    assert run(*WRITE_COMMANDS["sign"]).exit_code == 0
    assert path.read_bytes() == original.replace(
        b"signature: null\r\n", b"signature: {date: 2023-02-01}\r\n", 1
    )


# --- the file system says no --------------------------------------------------------


def test_a_missing_data_folder(run: Run, project: Path) -> None:
    for folder in (project / "nowhere", project / "data" / "gemeenten.yaml"):
        for name in COMMANDS:
            result = run(*COMMANDS[name], env={"OPGAVE_DATA_DIR": str(folder)})
            assert result.exit_code == 1
            assert result.stderr == f"opgave: error: {folder}: no such data folder\n"


def test_a_missing_agreement_file(run: Run, data_dir: Path) -> None:
    """agreement.yaml is how the data folder is found: without it, the folder is not
    found; named explicitly, the missing file is named."""
    (data_dir / "agreement.yaml").unlink()
    result = run("status")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no data/agreement.yaml here or in any parent folder" in result.stderr
    for name in COMMANDS:
        result = run(*COMMANDS[name], env={"OPGAVE_DATA_DIR": "data"})
        assert_fails_cleanly(
            name,
            result.exit_code,
            result.stdout,
            result.stderr,
            "data/agreement.yaml: ",
            "file not found",
        )


def test_no_data_folder_here_or_above(run: Run, tmp_path_factory: pytest.TempPathFactory) -> None:
    with contextlib.chdir(tmp_path_factory.mktemp("elsewhere")):
        result = run("status")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no data/agreement.yaml here or in any parent folder" in result.stderr


@pytest.mark.parametrize("how", ["chmod", "simulated"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_file_without_read_permission(
    how: str, name: str, run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = command(name)
    path = data_dir / "gemeenten.yaml"
    before = snapshot(data_dir)
    if how == "chmod":
        if os.geteuid() == 0:
            pytest.skip("root reads a file without read permission (the simulated case runs)")
        path.chmod(0)
    else:
        # What opening the file to read says to a user without read permission.
        real_open = os.open

        def guarded(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            reading = not flags & (os.O_WRONLY | os.O_RDWR)
            if reading and os.fspath(file).endswith(path.name):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real_open(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", guarded)
    try:
        result = run(*args)
    finally:
        monkeypatch.undo()
        path.chmod(0o644)
    assert_fails_cleanly(
        name,
        result.exit_code,
        result.stdout,
        result.stderr,
        "data/gemeenten.yaml: ",
        "permission denied: cannot read this file",
    )
    assert snapshot(data_dir) == before


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """The data folder made read-only, for real where the operating system enforces it
    (not for root) and otherwise by failing, as the kernel would with EACCES, every call
    that creates, renames or removes an entry in it."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    folder = folder.resolve()
    real_open, real_replace, real_rename, real_unlink = os.open, os.replace, os.rename, os.unlink

    def inside(path: object) -> bool:
        return Path(os.fsdecode(path)).absolute().parent == folder  # type: ignore[arg-type]

    def denied(path: object) -> OSError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))  # type: ignore[arg-type]

    def open_(path: object, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if flags & os.O_CREAT and inside(path) and not Path(os.fsdecode(path)).exists():  # type: ignore[arg-type]
            raise denied(path)
        return real_open(path, flags, mode, **kwargs)  # type: ignore[arg-type]

    def replace(src: object, dst: object, **kwargs: object) -> None:
        if inside(src) or inside(dst):
            raise denied(dst)
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]

    def rename(src: object, dst: object, **kwargs: object) -> None:
        if inside(src) or inside(dst):
            raise denied(dst)
        real_rename(src, dst, **kwargs)  # type: ignore[arg-type]

    def unlink(path: object, **kwargs: object) -> None:
        if inside(path):
            raise denied(path)
        real_unlink(path, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", open_)
        patch.setattr(os, "replace", replace)
        patch.setattr(os, "rename", rename)
        patch.setattr(os, "unlink", unlink)
        yield


@pytest.mark.parametrize("lock_exists", [False, True], ids=["no-lock-file", "left-over-lock-file"])
@pytest.mark.parametrize("name", list(WRITE_COMMANDS))
def test_a_read_only_data_folder(name: str, lock_exists: bool, run: Run, data_dir: Path) -> None:
    if name == "unsign":
        assert run(*WRITE_COMMANDS["sign"]).exit_code == 0
    lock = data_dir / ".opgave.lock"
    if lock.exists() and not lock_exists:
        lock.unlink()
    elif lock_exists:
        lock.touch()
    before = snapshot(data_dir)
    with read_only_folder(data_dir):
        result = run(*WRITE_COMMANDS[name])
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("opgave: error: data/"), result.stderr
    assert "Permission denied" in result.stderr
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("name", list(WRITE_COMMANDS))
def test_a_full_disk_leaves_the_file_intact(
    name: str, run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file is written to /dev/full, so the kernel itself says ENOSPC."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this platform")
    if name == "unsign":
        assert run(*WRITE_COMMANDS["sign"]).exit_code == 0
    before = snapshot(data_dir)
    real_mkstemp = tempfile.mkstemp

    def mkstemp_on_a_full_disk(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, temporary = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        os.close(fd)
        return os.open("/dev/full", os.O_WRONLY), temporary

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_on_a_full_disk)
    result = run(*WRITE_COMMANDS[name])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == (
        "opgave: error: data/gemeenten.yaml: cannot write (No space left on device); "
        "the file is unchanged\n"
    )
    assert snapshot(data_dir) == before  # the temporary file is gone too


# --- mutations of the real data (hypothesis) ---------------------------------------

INTERESTING_SCALARS = [
    "",
    "null",
    "~",
    "0",
    "-1",
    "42",
    "1e3",
    ".inf",
    ".nan",
    "0x1F",
    "190:20:30",
    "9" * 40,
    "true",
    "no",
    "'171822'",
    "2023-02-01",
    "2023-02-30",
    "2023-02-01 10:00:00",
    "[]",
    "{}",
    "[2023-02-01]",
    "{date: 2023-02-01}",
    "{date: 2023-02-01, date: 2023-02-02}",
    "&a x",
    "*a",
    "*nowhere",
    "!!binary QXJuaGVt",
    "!!python/object/apply:os.system ['touch PWNED']",
    "!local x",
    "|",
    "'unclosed",
    '"unclosed',
    "[unclosed",
    "{unclosed",
    "a: b: c",
    "- x",
    "\t",
    "é",
    "\u2028",
    "# only a comment",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the real data files after a few random edits: delete, duplicate or swap
    lines, flip bytes, change a value."""
    target = draw(st.sampled_from(["gemeenten.yaml", "agreement.yaml"]))
    data = (DATA / target).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        lines = data.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "flip", "value", "insert"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "flip":
            at = draw(st.integers(0, len(data) - 1))
            bit = draw(st.integers(1, 255))
            lines = [data[:at] + bytes([data[at] ^ bit]) + data[at + 1 :]]
        elif kind == "value":
            match = re.match(rb"^(\s*(?:- )?[\w-]+:)\s*(.*?)(\r?\n)?$", lines[i])
            if match:
                value = draw(st.sampled_from(INTERESTING_SCALARS) | st.text(max_size=12))
                lines[i] = match.group(1) + b" " + value.encode() + b"\n"
        else:
            lines.insert(i, draw(st.binary(max_size=20)) + b"\n")
        data = b"".join(lines)
    return target, data


@settings(max_examples=120, deadline=None)
@given(case=mutated(), other=st.sampled_from(sorted(set(COMMANDS) - {"check"})))
def test_mutated_data_succeeds_or_fails_cleanly(
    case: tuple[str, bytes], other: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`check` and one other command on each mutation (all of them where the mutation
    is still valid data): exit 0, or 1 or 2 with one line and no traceback; a failed
    write changes nothing, and a write to valid data leaves valid data."""
    target, data = case
    project = tmp_path_factory.mktemp("mutated")
    data_dir = project / "data"
    shutil.copytree(DATA, data_dir)
    (data_dir / target).write_bytes(data)
    runner = CliRunner()
    env = {
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "OPGAVE_TODAY": TODAY,
        "OPGAVE_DATA_DIR": str(data_dir),
    }

    def invoke(args: list[str]) -> tuple[int, str, str]:
        with contextlib.chdir(project):
            result = runner.invoke(app, args, env=env, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    code, stdout, stderr = invoke(["check"])
    assert "Traceback" not in stdout + stderr
    assert code in (0, 1), (stdout, stderr)
    assert stderr == ""
    valid = code == 0
    names = [n for n in COMMANDS if n != "check"] if valid else [other]
    for name in names:
        before = snapshot(data_dir)
        code, stdout, stderr = invoke(COMMANDS[name])
        assert "Traceback" not in stdout + stderr
        assert code in (0, 1, 2), (name, stdout, stderr)
        if code != 0:
            assert stderr.startswith("opgave: error: ") and stderr.count("\n") == 1, stderr
            assert len(stderr) < 1000
            assert snapshot(data_dir) == before
        elif name in WRITE_COMMANDS:
            assert invoke(["check"])[0] == 0, "a write made the data invalid"
    assert not (project / "PWNED").exists()


# --- time and memory of the worst inputs -------------------------------------------


# Runs `opgave` and writes its peak memory to argv[1] at exit: VmHWM, the high-water
# mark of this process's own memory since exec (Linux); elsewhere ru_maxrss, which
# can include the memory of the process that started it.
PEAK_MEMORY = """
import atexit, resource, sys

def peak():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024

out, sys.argv = sys.argv[1], ["opgave", *sys.argv[2:]]
atexit.register(lambda: open(out, "w").write(str(peak())))
from opgave_cli.entry import main
main()
"""


def measure(data_dir: Path, *args: str) -> tuple[int, float, float]:
    """Exit code, seconds and peak memory (MB) of `opgave ARGS` in its own process."""
    peak = data_dir.parent / "peak.txt"
    env = {**os.environ, "OPGAVE_DATA_DIR": str(data_dir), "OPGAVE_TODAY": TODAY}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(peak), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, elapsed, int(peak.read_text()) / 1e6


def test_time_and_memory_of_the_worst_inputs(tmp_path: Path) -> None:
    inputs: dict[str, Callable[[bytes], bytes] | None] = {
        "the real data": None,
        "billion laughs": lambda _: (HOSTILE / "billion-laughs.gemeenten.yaml").read_bytes(),
        "alias bomb in the data": lambda _: (
            HOSTILE / "alias-bomb-in-the-data.gemeenten.yaml"
        ).read_bytes(),
        "30 MB file": lambda data: data + b"# " + b"x" * (30 * 1024 * 1024) + b"\n",
        "4 MB of values": many_values,
        "100000 nested brackets": lambda _: b"[" * 100_000,
    }
    figures = []
    for label, content in inputs.items():
        data_dir = tmp_path / label.replace(" ", "-") / "data"
        shutil.copytree(DATA, data_dir)
        if content is not None:
            path = data_dir / "gemeenten.yaml"
            path.write_bytes(content(path.read_bytes()))
        code, seconds, megabytes = measure(data_dir, "check")
        figures.append(f"{label}: exit {code}, {seconds:.2f} s, {megabytes:.0f} MB")
        assert code == (0 if content is None else 1), label
        assert seconds < SECONDS, label
        assert megabytes < 200, label
    print("\nopgave check, time and peak memory (RSS) of the process:")
    print("\n".join(figures))
