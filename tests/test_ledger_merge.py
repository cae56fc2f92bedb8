"""Two clones that each record a payment merge without a conflict: real git, with the
data folder's .gitattributes (payments.yaml merge=union), no user or system git
configuration, and a fixed author and date."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ARNHEM = (
    '  - {id: p-fc8c69541c15, gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "52414.93", '
    "reference: F-1}\n"
)
NIJMEGEN = (
    '  - {id: p-0902eca37c48, gemeente: nijmegen, year: 2023, date: 2023-03-02, amount: "100.00", '
    "reference: N-1}\n"
)


@pytest.fixture
def git_env(tmp_path: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path / "home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Regiobureau",
        "GIT_AUTHOR_EMAIL": "regiobureau@example.org",
        "GIT_COMMITTER_NAME": "Regiobureau",
        "GIT_COMMITTER_EMAIL": "regiobureau@example.org",
        "GIT_AUTHOR_DATE": "2023-06-01T12:00:00+02:00",
        "GIT_COMMITTER_DATE": "2023-06-01T12:00:00+02:00",
        "LC_ALL": "C",
    }
    return env


def git(cwd: Path, env: dict[str, str], *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def origin(tmp_path: Path, env: dict[str, str], *, attributes: bool = True) -> Path:
    repo = tmp_path / "origin"
    # data/ as shipped, with its .gitattributes and .gitignore (the lock file).
    shutil.copytree(DATA, repo / "data", ignore=shutil.ignore_patterns(".opgave.lock"))
    if not attributes:
        (repo / "data" / ".gitattributes").unlink()
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    git(repo, env, "add", "-A")
    git(repo, env, "commit", "-q", "-m", "The agreement")
    return repo


def clone(tmp_path: Path, env: dict[str, str], name: str) -> Path:
    git(tmp_path, env, "clone", "-q", str(tmp_path / "origin"), name)
    return tmp_path / name


def record(run: Run, repo: Path, env: dict[str, str], *args: str) -> None:
    result = run("--data-dir", str(repo / "data"), "pay", *args)
    assert (result.exit_code, result.stderr) == (0, "")
    git(repo, env, "commit", "-q", "-a", "-m", f"pay {args[0]}")


def test_the_attribute_and_the_ignored_lock_go_with_the_data_folder() -> None:
    lines = (DATA / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "payments.yaml merge=union" in lines
    assert ".opgave.lock" in (DATA / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_two_clones_each_record_a_payment_and_merge(
    run: Run, tmp_path: Path, git_env: dict[str, str]
) -> None:
    origin(tmp_path, git_env)
    shipped = (DATA / "payments.yaml").read_text(encoding="utf-8")
    a, b = clone(tmp_path, git_env, "a"), clone(tmp_path, git_env, "b")
    pay = ("--year", "2023", "--date")
    record(
        run, a, git_env, "arnhem", *pay, "2023-03-01", "--amount", "52414.93", "--reference", "F-1"
    )
    record(run, b, git_env, "nijmegen", *pay, "2023-03-02", "--amount", "100", "--reference", "N-1")
    out = git(a, git_env, "pull", "--no-rebase", "--no-edit", str(b), "main")
    assert "CONFLICT" not in out
    assert git(a, git_env, "status", "--porcelain") == ""
    assert (a / "data" / "payments.yaml").read_text(encoding="utf-8") == shipped + ARNHEM + NIJMEGEN
    check = run("--data-dir", str(a / "data"), "check")
    assert check.exit_code == 0, check.stdout
    assert check.stdout == (  # named from the working folder, tmp_path
        "OK: a/data/agreement.yaml, a/data/gemeenten.yaml and a/data/payments.yaml: "
        "0 errors, 0 warnings\n"
    )
    # And the other way round: b gets both too, in the same two lines.
    git(b, git_env, "pull", "--no-rebase", "--no-edit", str(a), "main")
    assert (b / "data" / "payments.yaml").read_text(encoding="utf-8").endswith(ARNHEM + NIJMEGEN)


def test_two_clones_that_each_start_the_ledger_merge(
    run: Run, tmp_path: Path, git_env: dict[str, str]
) -> None:
    repo = origin(tmp_path, git_env)
    git(repo, git_env, "rm", "-q", "data/payments.yaml")
    git(repo, git_env, "commit", "-q", "-m", "No ledger yet")
    a, b = clone(tmp_path, git_env, "a"), clone(tmp_path, git_env, "b")
    pay = ("--year", "2023", "--date")
    for repo_, args in (
        (a, ("arnhem", *pay, "2023-03-01", "--amount", "52414.93", "--reference", "F-1")),
        (b, ("nijmegen", *pay, "2023-03-02", "--amount", "100", "--reference", "N-1")),
    ):
        result = run("--data-dir", str(repo_ / "data"), "pay", *args)
        assert result.exit_code == 0
        git(repo_, git_env, "add", "data/payments.yaml")
        git(repo_, git_env, "commit", "-q", "-m", "pay")
    out = git(a, git_env, "pull", "--no-rebase", "--no-edit", str(b), "main")
    assert "CONFLICT" not in out
    text = (a / "data" / "payments.yaml").read_text(encoding="utf-8")
    assert text.endswith("payments:\n" + ARNHEM + NIJMEGEN)
    assert text.count("payments:\n") == 1
    assert run("--data-dir", str(a / "data"), "check").exit_code == 0


def test_without_the_union_driver_the_same_merge_conflicts(
    run: Run, tmp_path: Path, git_env: dict[str, str]
) -> None:
    """The control: it is the attribute that makes the merge clean."""
    origin(tmp_path, git_env, attributes=False)
    a, b = clone(tmp_path, git_env, "a"), clone(tmp_path, git_env, "b")
    pay = ("--year", "2023", "--date")
    record(
        run, a, git_env, "arnhem", *pay, "2023-03-01", "--amount", "52414.93", "--reference", "F-1"
    )
    record(run, b, git_env, "nijmegen", *pay, "2023-03-02", "--amount", "100", "--reference", "N-1")
    out = git(a, git_env, "pull", "--no-rebase", "--no-edit", str(b), "main", check=False)
    assert "CONFLICT (content): Merge conflict in data/payments.yaml" in out


def test_the_same_payment_in_both_clones(run: Run, tmp_path: Path, git_env: dict[str, str]) -> None:
    """The very same line is one change to git, kept once; the same payment with two
    dates is two lines, both kept, and `check` warns about the duplicate."""
    origin(tmp_path, git_env)
    a, b = clone(tmp_path, git_env, "a"), clone(tmp_path, git_env, "b")
    same = ("duiven", "--year", "2023", "--amount", "100")
    record(run, a, git_env, *same, "--date", "2023-03-01")
    record(run, b, git_env, *same, "--date", "2023-03-01")
    git(a, git_env, "pull", "--no-rebase", "--no-edit", str(b), "main")
    line = (
        "  - {id: p-55a7d42a4d28, gemeente: duiven, year: 2023, date: 2023-03-01, amount: "
        '"100.00"}\n'
    )
    text = (a / "data" / "payments.yaml").read_text(encoding="utf-8")
    assert text.endswith("payments:\n" + line)
    record(run, a, git_env, "arnhem", "--year", "2023", "--amount", "5", "--date", "2023-04-01")
    record(run, b, git_env, "arnhem", "--year", "2023", "--amount", "5", "--date", "2023-04-02")
    out = git(a, git_env, "pull", "--no-rebase", "--no-edit", str(b), "main")
    assert "CONFLICT" not in out
    text = (a / "data" / "payments.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "payments:\n"
        + line
        + "  - {id: p-c932dc7b7d41, gemeente: arnhem, year: 2023, date: 2023-04-01, amount: "
        '"5.00"}\n'
        + "  - {id: p-6dcda0f52f02, gemeente: arnhem, year: 2023, date: 2023-04-02, amount: "
        '"5.00"}\n'
    )
    check = run("--data-dir", str(a / "data"), "check")
    assert check.exit_code == 0
    assert check.stdout.splitlines()[0] == (
        "a/data/payments.yaml:12:5: warning: payments[#3]: the same payment as payments[#2] "
        "(arnhem, 2023, 5.00, reference none); if both are real, give them different references "
        "[payment-duplicate]"
    )


def test_a_line_edited_in_two_clones_is_an_error_not_a_second_payment(
    run: Run, tmp_path: Path, git_env: dict[str, str]
) -> None:
    """Two colleagues correct the same ledger line, one to 11.00, the other to 12.00: the
    union merge keeps both lines. It counted 23.00 paid, and check passed (issue #21);
    the id that `pay` writes shows it is one payment edited twice."""
    repo = origin(tmp_path, git_env)
    record(run, repo, git_env, "arnhem", "--year", "2023", "--amount", "10", "--date", "2023-03-01")
    a, b = clone(tmp_path, git_env, "a"), clone(tmp_path, git_env, "b")
    for folder, amount in ((a, "11.00"), (b, "12.00")):
        ledger = folder / "data" / "payments.yaml"
        text = ledger.read_text(encoding="utf-8")
        ledger.write_text(text.replace('amount: "10.00"', f'amount: "{amount}"'), "utf-8")
        git(folder, git_env, "commit", "-q", "-am", f"Arnhem paid {amount}")
    out = git(a, git_env, "pull", "--no-rebase", "--no-edit", str(b), "main")
    assert "CONFLICT" not in out
    check = run("--data-dir", str(a / "data"), "check")
    assert check.exit_code == 1
    assert check.stdout.splitlines()[0] == (
        "a/data/payments.yaml:11:10: error: payments[#2].id: id p-e479d2676047 is also "
        "payments[#1], with other content (amount 11.00 there, 12.00 here): the same payment "
        "edited in two clones; keep one of the two lines [payment-id]"
    )
    contributions = run("--data-dir", str(a / "data"), "contributions")
    assert contributions.exit_code == 1  # not a sum of 23.00


def test_an_alias_in_the_ledger_is_refused(run: Run, data_dir: Path) -> None:
    """A payment repeated by a YAML alias was accepted as a second payment (issue #21)."""
    ledger = data_dir / "payments.yaml"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + '  - &one {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "10.00"}\n'
        + "  - *one\n",
        encoding="utf-8",
    )
    check = run("check")
    assert (check.exit_code, check.stdout.splitlines()[0]) == (
        1,
        "data/payments.yaml:10:5: error: an anchor (&one) in the ledger: each payment is "
        "written out on its own line, so that a copy cannot pass for a second payment "
        "[yaml-alias]",
    )
