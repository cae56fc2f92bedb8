"""`opgave log [PARTY] [--json]` (issue #14, part 2): the audit trail from the git history
of the data, newest first, uncommitted changes first; run against a real repository in
a temporary folder, with no git configuration but ours and fixed names and dates."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Run, isolate_git

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)


@pytest.fixture(autouse=True)
def git_env(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch, project.parent)


def git(project: Path, *args: str, author: str = "Jan Jansen", when: str = "") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "jan@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "jan@example.org",
        "GIT_AUTHOR_DATE": when or "2023-01-01T09:00:00+01:00",
        "GIT_COMMITTER_DATE": when or "2023-01-01T09:00:00+01:00",
    }
    done = subprocess.run(
        ["git", "-C", str(project), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(project: Path, message: str, author: str, when: str) -> str:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message, author=author, when=when)
    return git(project, "rev-parse", "--short=7", "HEAD")


@pytest.fixture
def history(run: Run, project: Path) -> dict[str, str]:
    """The story of the issue, one commit per step: Renkum signs without a signatory,
    it is amended, Arnhem pays, the GMR countersigns; then Renkum's evidence, uncommitted."""
    git(project, "init", "-q", "-b", "main")
    commit(project, "the data", "Jan Jansen", "2023-01-01T09:00:00+01:00")
    steps = [
        (
            ["sign", "renkum", "--date", "2023-02-01", "--place", "Renkum",
             "--capacity", "namens de burgemeester"],
            "Jan Jansen", "2023-02-01T10:00:00+01:00",
        ),
        (["amend", "renkum", "--signatory", "A. Schmidt-Çelik"], "Piet Pietersen",
         "2023-02-03T11:30:00+01:00"),
        (
            ["pay", "arnhem", "--year", "2023", "--amount", "100.50", "--date", "2023-03-01",
             "--reference", "F-1"],
            "Jan Jansen", "2023-03-02T08:00:00+01:00",
        ),
        (["sign", "gmr", "--date", "2023-03-05", "--place", "Nijmegen"], "Griffie GMR",
         "2023-03-06T16:00:00+01:00"),
    ]  # fmt: skip
    hashes = {}
    for args, author, when in steps:
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        hashes[args[0] + " " + args[1]] = commit(project, " ".join(args), author, when)
    (project / "scans").mkdir()
    (project / "scans" / "renkum.pdf").write_bytes(b"scan")
    assert run("amend", "renkum", "--evidence", "scans/renkum.pdf").exit_code == 0
    return hashes


SCAN_SHA = hashlib.sha256(b"scan").hexdigest()


def test_log_lists_every_change_newest_first_uncommitted_first(
    run: Run, history: dict[str, str]
) -> None:
    gmr, paid = history["sign gmr"], history["pay arnhem"]
    amended, signed = history["amend renkum"], history["sign renkum"]
    result = run("log")
    assert (result.exit_code, result.stderr) == (0, "")
    evidence = f"{{file: ../scans/renkum.pdf, sha256: {SCAN_SHA}}}"
    assert result.stdout.splitlines() == [
        f"uncommitted  Renkum  evidence: (none) → {evidence}",
        f"{gmr}  Griffie GMR  2023-03-06  GMR  date: (none) → 2023-03-05",
        f"{gmr}  Griffie GMR  2023-03-06  GMR  place: (none) → Nijmegen",
        f"{gmr}  Griffie GMR  2023-03-06  GMR  signatory: (none) → H.M.F. Bruls",
        f"{gmr}  Griffie GMR  2023-03-06  GMR  capacity: (none) → voorzitter",
        f"{paid}  Jan Jansen  2023-03-02  Arnhem  payment 2023: 100.50 on 2023-03-01 (F-1) "
        "[p-eca3205186fe]",
        f"{amended}  Piet Pietersen  2023-02-03  Renkum  signatory: (none) → A. Schmidt-Çelik",
        f"{signed}  Jan Jansen  2023-02-01  Renkum  date: (none) → 2023-02-01",
        f"{signed}  Jan Jansen  2023-02-01  Renkum  place: (none) → Renkum",
        f"{signed}  Jan Jansen  2023-02-01  Renkum  capacity: (none) → namens de burgemeester",
    ]
    assert result.stdout.endswith("burgemeester\n")


def test_log_of_one_party_as_json(run: Run, history: dict[str, str]) -> None:
    result = run("log", "Renkum", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    amended, signed = history["amend renkum"], history["sign renkum"]
    first = {"commit": signed, "author": "Jan Jansen", "date": "2023-02-01 10:00:00 +0100"}
    assert json.loads(result.stdout) == [
        {
            "commit": None, "author": None, "date": None, "party": "renkum",
            "field": "evidence", "before": None,
            "after": f"{{file: ../scans/renkum.pdf, sha256: {SCAN_SHA}}}",
        },
        {
            "commit": amended, "author": "Piet Pietersen", "date": "2023-02-03 11:30:00 +0100",
            "party": "renkum", "field": "signatory", "before": None, "after": "A. Schmidt-Çelik",
        },
        {**first, "party": "renkum", "field": "date", "before": None, "after": "2023-02-01"},
        {**first, "party": "renkum", "field": "place", "before": None, "after": "Renkum"},
        {
            **first, "party": "renkum", "field": "capacity", "before": None,
            "after": "namens de burgemeester",
        },
    ]  # fmt: skip
    # The keys in the order of the issue.
    assert list(json.loads(result.stdout)[0]) == [
        "commit", "author", "date", "party", "field", "before", "after",
    ]  # fmt: skip


def test_log_of_a_payment_and_of_the_counterparty(run: Run, history: dict[str, str]) -> None:
    paid = history["pay arnhem"]
    assert run("log", "arnhem").stdout == (
        f"{paid}  Jan Jansen  2023-03-02  Arnhem  payment 2023: 100.50 on 2023-03-01 (F-1) "
        "[p-eca3205186fe]\n"
    )
    assert json.loads(run("log", "gmr", "--json").stdout)[0]["field"] == "date"


def test_log_shows_a_replacement_and_a_removal(
    run: Run, history: dict[str, str], project: Path
) -> None:
    commit(project, "evidence", "Jan Jansen", "2023-03-07T09:00:00+01:00")
    assert (
        run("sign", "renkum", "--force", "--date", "2023-02-02", "--signatory", "X").exit_code == 0
    )
    forced = commit(project, "force", "Jan Jansen", "2023-03-08T09:00:00+01:00")
    assert run("unsign", "gmr").exit_code == 0
    assert run("log", "renkum").stdout.splitlines()[:5] == [
        f"{forced}  Jan Jansen  2023-03-08  Renkum  date: 2023-02-01 → 2023-02-02",
        f"{forced}  Jan Jansen  2023-03-08  Renkum  place: Renkum → (none)",
        f"{forced}  Jan Jansen  2023-03-08  Renkum  signatory: A. Schmidt-Çelik → X",
        f"{forced}  Jan Jansen  2023-03-08  Renkum  capacity: namens de burgemeester → (none)",
        f"{forced}  Jan Jansen  2023-03-08  Renkum  evidence: {{file: ../scans/renkum.pdf, "
        f"sha256: {SCAN_SHA}}} → (none)",
    ]
    assert run("log", "gmr").stdout.splitlines()[:4] == [
        "uncommitted  GMR  date: 2023-03-05 → (none)",
        "uncommitted  GMR  place: Nijmegen → (none)",
        "uncommitted  GMR  signatory: H.M.F. Bruls → (none)",
        "uncommitted  GMR  capacity: voorzitter → (none)",
    ]


def test_a_party_with_no_change(run: Run, history: dict[str, str]) -> None:
    result = run("log", "heumen")
    assert (result.exit_code, result.stdout) == (
        0,
        "No recorded change of Heumen in the history of the data.\n",
    )
    assert json.loads(run("log", "heumen", "--json").stdout) == []


def test_a_fresh_repository(run: Run, project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    commit(project, "the data", "Jan Jansen", "2023-01-01T09:00:00+01:00")
    assert run("log").stdout == "No recorded change in the history of the data.\n"
    assert run("log", "--json").stdout == "[]\n"


def test_an_unknown_party_is_a_usage_error(run: Run, history: dict[str, str]) -> None:
    result = run("log", "renkm")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "opgave: error: unknown municipality 'renkm'; did you mean: renkum? "
        "(opgave status lists them all)\n",
    )


def test_outside_a_git_repository(run: Run) -> None:
    for args in (["log"], ["log", "--json"], ["log", "arnhem"]):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            "opgave: error: data/ is not in a git repository: the audit trail comes from git "
            "history\n",
        )


def test_without_git(run: Run, project: Path, history: dict[str, str]) -> None:
    (project / "bin").mkdir()
    result = run("log", env={"PATH": str(project / "bin")})
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: git is not installed (no git on PATH): the audit trail comes from git "
        "history\n",
    )


def test_log_as_a_subprocess_with_data_dir_after_the_command(
    history: dict[str, str], project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    done = subprocess.run(
        [sys.executable, "-m", "opgave_cli", "log", "renkum", "--data-dir", str(project / "data")],
        capture_output=True, text=True, check=False, cwd=elsewhere,
        env={**os.environ, "OPGAVE_TODAY": "2023-06-01", "OPGAVE_DATA_DIR": ""},
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[1] == (
        f"{history['amend renkum']}  Piet Pietersen  2023-02-03  Renkum  signatory: (none) → "
        "A. Schmidt-Çelik"
    )


def test_log_when_the_data_has_errors(run: Run, project: Path, history: dict[str, str]) -> None:
    # Found in an audit: a merge gone wrong left no audit trail, when it is needed most.
    path = project / "data" / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("first_year: 2023", "first_year: twenty"), encoding="utf-8")
    result = run("log", "gmr")
    assert result.exit_code == 0
    assert result.stderr == (
        "opgave: note: the data has errors (data/agreement.yaml:119:17: other.term.first_year: "
        "expected a whole number, got 'twenty'); the parties are named as written\n"
    )
    gmr = history["sign gmr"]
    assert result.stdout.splitlines()[:2] == [
        f"{gmr}  Griffie GMR  2023-03-06  GMR  date: (none) → 2023-03-05",
        f"{gmr}  Griffie GMR  2023-03-06  GMR  place: (none) → Nijmegen",
    ]
    # Unreadable YAML (merge-conflict markers): the slugs stand in for the names.
    gemeenten = project / "data" / "gemeenten.yaml"
    gemeenten.write_text("<<<<<<< HEAD\n" + gemeenten.read_text(encoding="utf-8"), "utf-8")
    whole = run("log")
    assert whole.exit_code == 0
    assert f"{history['amend renkum']}  Piet Pietersen  2023-02-03  renkum  signatory: " in (
        whole.stdout
    )
    # A party the data cannot name is asked for by the slug the history has.
    renkum = run("log", "renkum")
    assert renkum.exit_code == 0
    assert {line.split("  ")[3] for line in renkum.stdout.splitlines()} == {"renkum"}
