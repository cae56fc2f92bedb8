"""The one error boundary (issue 13): a bug is exit 3 with one line and a crash log,
expected errors are exit 1 or 2 with one line, an argument echoed in an error is
escaped, no arguments is the help and exit 2; and "today" is the date in Amsterdam
whatever the machine's time zone. In-process through CliRunner, and through the real
console script."""

from __future__ import annotations

import errno
import io
import re
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import opgave_cli.domain.parties
from conftest import Run
from opgave_cli import boundary
from opgave_cli.cli.app import amsterdam_date, today
from processes import assert_one_line, environment, project, run, run_all

BUG = re.compile(
    r"opgave: error: this is a bug in opgave \((?P<what>[^\n]*)\); "
    r"the details (are in (?P<log>\S+\.log)|could not be written \((?P<why>[^\n]*)\)); "
    r"please report it\n"
)


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


# --- a bug: exit 3, one line, a crash log ------------------------------------------


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Crash logs of in-process runs go here, not to the machine's /tmp."""
    folder = tmp_path / "logs"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_bug_is_exit_3_with_one_line_and_a_crash_log(
    run: Run, logs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opgave_cli.domain.parties, "status", boom)
    result = run("status")
    assert (result.exit_code, result.stdout) == (3, "")
    match = BUG.fullmatch(result.stderr)
    assert match, result.stderr
    assert match["what"] == "RuntimeError: boom"
    log = Path(match["log"])
    assert log.parent == logs
    text = log.read_text(encoding="utf-8")
    assert text.startswith("opgave 0.1.0, Python ")
    assert "Traceback (most recent call last):" in text
    assert 'in boom\n    raise RuntimeError("boom")' in text
    assert text.endswith("RuntimeError: boom\n")


def test_a_crash_log_that_cannot_be_written_still_gives_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    monkeypatch.setattr(opgave_cli.domain.parties, "status", boom)
    result = run("status")
    assert (result.exit_code, result.stderr) == (
        3,
        "opgave: error: this is a bug in opgave (RuntimeError: boom); "
        "the details could not be written (No such file or directory); please report it\n",
    )


class Unprintable(Exception):
    def __str__(self) -> str:
        raise ValueError("no")


@pytest.mark.parametrize(
    ("error", "what"),
    [
        (Unprintable(), "Unprintable: (its message could not be shown)"),
        (RuntimeError("x" * 300), "RuntimeError: " + "x" * 199 + "…"),
        (RuntimeError("two\nlines \x1b[31m"), "RuntimeError: two\\nlines \\x1b[31m"),
        (KeyError("slug"), "KeyError: 'slug'"),
    ],
    ids=["unprintable", "long", "control characters", "KeyError"],
)
def test_any_bug_is_one_line(
    run: Run, logs: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, what: str
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(opgave_cli.domain.parties, "status", fail)
    result = run("status")
    match = BUG.fullmatch(result.stderr)
    assert (result.exit_code, match and match["what"]) == (3, what), result.stderr


def test_ctrl_c_in_process_is_exit_130_with_its_line(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(opgave_cli.domain.parties, "status", interrupt)
    result = run("status")
    assert (result.exit_code, result.stderr) == (130, "opgave: error: interrupted\n")


class FullStream(io.StringIO):
    """A stdout on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_the_boundary_turns_a_failing_stdout_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    full = FullStream()
    monkeypatch.setattr(sys, "stdout", full)
    assert boundary.run(lambda: print("the output") or 0) == 1
    assert sys.stdout is full  # put back after the run
    assert capsys.readouterr().err == (
        "opgave: error: cannot write the output: No space left on device\n"
    )


def test_the_boundary_succeeds_when_only_the_confirmation_is_lost(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def write() -> int:
        boundary.confirm(
            "the change was written to data/gemeenten.yaml", lambda: print("Recorded: ...")
        )
        return 0

    monkeypatch.setattr(sys, "stdout", FullStream())
    assert boundary.run(write) == 0
    assert capsys.readouterr().err == (
        "opgave: note: the change was written to data/gemeenten.yaml, "
        "but the confirmation could not be printed: No space left on device\n"
    )
    # Without a write that landed, a lost confirmation is a failure.
    monkeypatch.setattr(sys, "stdout", FullStream())
    assert boundary.run(lambda: boundary.confirm(None, lambda: print("x")) or 0) == 1


WRAPPER = """
import sys, tempfile
import opgave_cli.domain.parties
from opgave_cli import boundary

def boom(*args, **kwargs):
    raise RuntimeError("boom")

opgave_cli.domain.parties.status = boom
if len(sys.argv) > 2 and sys.argv[1] == "--tempdir":
    tempfile.tempdir = sys.argv.pop(2)
    sys.argv.pop(1)

from opgave_cli.entry import main

main()
"""


@pytest.fixture
def wrapper(tmp_path: Path) -> list[str]:
    """The console script, with tracker.status replaced by one that raises."""
    script = tmp_path / "crashing_opgave.py"
    script.write_text(WRAPPER, encoding="utf-8")
    return [sys.executable, str(script)]


@pytest.mark.slow
def test_a_bug_in_the_console_script_is_exit_3_with_a_crash_log(
    tmp_path: Path, wrapper: list[str]
) -> None:
    root = project(tmp_path / "project")
    result = run(["status"], root, argv=wrapper)
    assert (result.code, result.stdout) == (3, "")
    match = BUG.fullmatch(result.stderr)
    assert match and match["log"], result.stderr
    log = Path(match["log"])
    assert log.parent == root / "tmp"  # TMPDIR
    text = log.read_text(encoding="utf-8")
    assert "argv ['" in text
    assert 'raise RuntimeError("boom")' in text
    assert text.endswith("RuntimeError: boom\n")


@pytest.mark.slow
def test_a_bug_with_nowhere_to_log_is_still_one_line_and_exit_3(
    tmp_path: Path, wrapper: list[str]
) -> None:
    root = project(tmp_path / "project")
    missing = str(tmp_path / "missing")
    result = run(["--tempdir", missing, "status"], root, argv=wrapper)
    assert (result.code, result.stderr) == (
        3,
        "opgave: error: this is a bug in opgave (RuntimeError: boom); "
        "the details could not be written (No such file or directory); please report it\n",
    )
    # TMPDIR pointing nowhere: Python's tempfile falls back to another folder.
    result = run(["status"], root, argv=wrapper, env=environment(root, TMPDIR=missing))
    match = BUG.fullmatch(result.stderr)
    assert result.code == 3
    assert match, result.stderr
    if match["log"]:
        log = Path(match["log"])
        assert log.read_text(encoding="utf-8").endswith("RuntimeError: boom\n")
        log.unlink()


# --- expected errors: 1 and 2, one line, arguments escaped -------------------------


@pytest.mark.slow
def test_expected_errors_are_one_line_with_exit_1_or_2(tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    cases: dict[str, tuple[list[str], dict[str, str], int, str]] = {
        "refused": (
            ["sign", "arnhem", "--date", "2023-08-01"], {}, 1,
            "cannot record a signature for Arnhem: 2023-08-01 is in the future "
            "(today is 2023-06-01)",
        ),
        "unknown party": (
            ["sign", "arnhm"], {}, 2,
            "unknown municipality 'arnhm'; did you mean: arnhem? (opgave status lists them all)",
        ),
        "not a date": (
            ["sign", "arnhem", "--date", "2023-02-30"], {}, 2,
            "--date 2023-02-30 is not a real calendar date",
        ),
        "OPGAVE_TODAY malformed": (
            ["status"], {"OPGAVE_TODAY": "tomorrow"}, 2,
            "OPGAVE_TODAY must be a date as YYYY-MM-DD, got 'tomorrow'",
        ),
        "OPGAVE_TODAY not a date": (
            ["status"], {"OPGAVE_TODAY": "2023-02-30"}, 2,
            "OPGAVE_TODAY 2023-02-30 is not a real calendar date",
        ),
        "unknown option": (
            ["status", "--foo"], {}, 2, "No such option: --foo (see `opgave status --help`)",
        ),
        "no data folder": (
            ["--data-dir", "nowhere", "status"], {}, 1, "nowhere: no such data folder",
        ),
    }  # fmt: skip
    results = run_all(cases, lambda case: run(case[0], root, env=environment(root, **case[1])))
    assert {n: (r.code, r.stdout, r.stderr) for n, r in results.items()} == {
        n: (code, "", f"opgave: error: {line}\n") for n, (_, _, code, line) in cases.items()
    }


@pytest.mark.slow
def test_invalid_data_is_one_line_and_exit_1(tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    (root / "data" / "gemeenten.yaml").write_text("gemeenten: [\n", encoding="utf-8")
    for args in (["status"], ["budget", "--json"], ["sign", "arnhem", "--date", "2023-02-01"]):
        result = run(args, root)
        assert result.code == 1, str(result)
        assert_one_line(result)
        assert result.stderr.startswith("opgave: error: data/gemeenten.yaml:"), str(result)


@pytest.mark.slow
def test_arguments_echoed_in_errors_are_escaped(tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    cases = {
        "party": (
            ["sign", "ar\x1b[31mnhem"], 2,
            "unknown municipality 'ar\\x1b[31mnhem'; did you mean: arnhem? "
            "(opgave status lists them all)",
        ),
        "speerpunt": (
            ["speerpunten", "x\ny\u2028\x9b"], 2,
            "unknown speerpunt 'x\\ny\\u2028\\x9b'; choose one of 1 (i, "
            "stimuleren-ondernemerschap-mkb), 2 (ii, human-capital), 3 (iii, "
            "health-hightech-energy), 4 (iv, toekomstbestendige-werklocaties)",
        ),
        "command (click's message)": (
            ["ar\x1b]0;title\x07"], 2,
            "No such command 'ar\\x1b]0;title\\x07'. (see `opgave --help`)",
        ),
        "option value": (
            ["sign", "arnhem", "--capacity", "boss\x1b[2J"], 2,
            "--capacity for Arnhem must be 'burgemeester' or 'namens de burgemeester', "
            "got 'boss\\x1b[2J'",
        ),
        "data folder (no quotes)": (
            ["--data-dir", "no\x1bwhere\r", "status"], 1, "no\\x1bwhere\\r: no such data folder",
        ),
    }  # fmt: skip
    results = run_all(cases, lambda case: run(case[0], root))
    assert {n: (r.code, r.stderr) for n, r in results.items()} == {
        n: (code, f"opgave: error: {line}\n") for n, (_, code, line) in cases.items()
    }
    assert not any("\x1b" in r.stderr or "\x9b" in r.stderr for r in results.values())


# --- no arguments -----------------------------------------------------------------


def test_no_arguments_is_the_help_on_stderr_and_exit_2(run: Run) -> None:
    help_text = run("--help")
    assert help_text.exit_code == 0
    assert help_text.stdout.startswith("Usage: opgave [OPTIONS] COMMAND [ARGS]...")
    result = run()
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", help_text.stdout)


@pytest.mark.slow
def test_no_arguments_through_the_console_script(tmp_path: Path) -> None:
    root = project(tmp_path / "project")
    results = run_all({"none": [], "help": ["--help"]}, lambda args: run(args, root))
    assert (results["none"].code, results["none"].stdout) == (2, "")
    assert results["help"].code == 0
    assert results["none"].stderr == results["help"].stdout
    assert results["help"].stdout.startswith("Usage: opgave [OPTIONS] COMMAND [ARGS]...")


# --- today: the date in Amsterdam -------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2023, 6, 1, 21, 59, tzinfo=UTC), date(2023, 6, 1)),
        (datetime(2023, 6, 1, 22, 30, tzinfo=UTC), date(2023, 6, 2)),  # summer time, +2
        (datetime(2023, 12, 31, 22, 59, tzinfo=UTC), date(2023, 12, 31)),
        (datetime(2023, 12, 31, 23, 30, tzinfo=UTC), date(2024, 1, 1)),  # winter time, +1
        (datetime(2023, 3, 25, 23, 30, tzinfo=UTC), date(2023, 3, 26)),  # the night to summer
        (datetime(2023, 10, 28, 22, 30, tzinfo=UTC), date(2023, 10, 29)),  # the night back
        # Given in another zone: 2023-06-01 15:30 at UTC-9 is 2023-06-02 02:30 in Amsterdam.
        (datetime(2023, 6, 1, 15, 30, tzinfo=timezone(timedelta(hours=-9))), date(2023, 6, 2)),
    ],
)
def test_amsterdam_date(instant: datetime, expected: date) -> None:
    assert amsterdam_date(instant) == expected


def test_amsterdam_date_refuses_a_time_without_a_zone() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        amsterdam_date(datetime(2023, 6, 1, 22, 30))


def test_today_is_the_clock_in_amsterdam_unless_opgave_today_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def clock() -> datetime:
        return datetime(2023, 6, 1, 22, 30, tzinfo=UTC)

    monkeypatch.delenv("OPGAVE_TODAY", raising=False)
    assert today(clock) == date(2023, 6, 2)
    monkeypatch.setenv("OPGAVE_TODAY", "")
    assert today(clock) == date(2023, 6, 2)
    monkeypatch.setenv("OPGAVE_TODAY", "2023-02-01")
    assert today(clock) == date(2023, 2, 1)


TODAY_IN = """
import sys
from datetime import UTC, datetime
from opgave_cli.cli.app import today

fixed = datetime.fromisoformat(sys.argv[1]).astimezone(UTC)
print(today(lambda: fixed), today())
"""


@pytest.mark.slow
def test_the_machines_time_zone_plays_no_part() -> None:
    from os import environ

    zones = ["Europe/Amsterdam", "Pacific/Kiritimati", "America/Los_Angeles", "UTC", "Nowhere/X"]

    def today_in(zone: str) -> list[str]:
        env = {k: v for k, v in environ.items() if k != "OPGAVE_TODAY"} | {"TZ": zone}
        out = subprocess.run(
            [sys.executable, "-c", TODAY_IN, "2023-06-01T22:30:00+00:00"],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        return out.stdout.split()

    before = amsterdam_date(datetime.now(UTC)).isoformat()
    answers = run_all({zone: zone for zone in zones}, today_in)
    after = amsterdam_date(datetime.now(UTC)).isoformat()
    for zone, (fixed, clock) in answers.items():
        assert fixed == "2023-06-02", zone
        assert clock in (before, after), zone
    assert len({clock for _, clock in answers.values()}) == 1
