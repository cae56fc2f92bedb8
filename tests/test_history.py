"""The audit trail from git history, against real git in a temporary folder.

Every git run here ignores the user's and the system's git configuration and
has fixed names and dates, so that each list of entries is exact."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, isolate_git
from opgave_cli.domain.trail import Entry
from opgave_cli.errors import OpgaveError
from opgave_cli.sources import git, history
from opgave_cli.sources.git import git_revision
from opgave_cli.sources.history import log

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

ARNHEM = "{date: 2023-02-01, place: Arnhem, signatory: A. Marcouch, capacity: burgemeester}"
GMR = "{date: 2023-03-01, place: Nijmegen, signatory: H.M.F. Bruls, capacity: voorzitter}"
PAY_ARNHEM = '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "52414.93", reference: "F-2023-001"}\n'  # noqa: E501
PAY_HEUMEN = '  - {gemeente: heumen, year: 2023, date: 2023-03-04, amount: "-100.00", reference: "credit note 7"}\n'  # noqa: E501
PAY_DRUTEN = '  - {gemeente: druten, year: 2024, date: 2024-01-05, amount: "20019.00"}\n'


@pytest.fixture(autouse=True)
def git_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No git configuration but ours; fixed names; no repository above tmp_path."""
    isolate_git(monkeypatch, tmp_path.parent)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Jeroen Ünal")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "jeroen@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Griffie GMR")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "griffie@example.org")
    monkeypatch.chdir(tmp_path)


class Repo:
    """A git repository with a copy of data/ in it, at ``data`` (the root or below)."""

    def __init__(self, root: Path, data: Path) -> None:
        self.root, self.data = root, data
        self.day = 0

    def git(self, *args: str, author: str | None = None) -> str:
        """git in the repository, at noon on day ``self.day`` after 1 February 2023."""
        when = f"{date(2023, 2, 1) + timedelta(days=self.day)}T12:00:00+0100"
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        env |= {"GIT_AUTHOR_NAME": author} if author else {}
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, message: str, *, author: str | None = None) -> tuple[str, str, str]:
        """Everything committed: (short hash, author, committer date as log() shows it)."""
        self.git("add", "-A")
        self.day += 1
        self.git("commit", "-q", "-m", message, author=author)
        return self.head()

    def head(self) -> tuple[str, str, str]:
        short, name, date = self.git("log", "-1", "--format=%h%x00%an%x00%ci").split("\0")
        return short, name, date

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        path = self.data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def sign(self, slug: str, value: str) -> None:
        """The ``signature:`` line of block ``slug`` set to ``value``, as text."""
        path = self.data / "gemeenten.yaml"
        pattern = rf"(?m)(^ *- slug: {slug}\n(?: +.*\n)*? +signature: ).*$"
        text, count = re.subn(pattern, lambda m: m.group(1) + value, path.read_text())
        assert count == 1
        path.write_text(text, encoding="utf-8")

    def countersign(self, value: str) -> None:
        path = self.data / "agreement.yaml"
        text, count = re.subn(r"(?m)^  signature: .*$", f"  signature: {value}", path.read_text())
        assert count == 1
        path.write_text(text, encoding="utf-8")

    def pay(self, *lines: str) -> None:
        path = self.data / "payments.yaml"
        text = path.read_text(encoding="utf-8") if path.exists() else "payments:\n"
        path.write_text(text + "".join(lines), encoding="utf-8")


def new_repo(root: Path, data: Path, *, commit: bool = True) -> Repo:
    shutil.copytree(ROOT / "data", data, dirs_exist_ok=True)
    (data / "payments.yaml").unlink()  # no ledger yet: the tests start one
    repo = Repo(root, data)
    repo.git("init", "-q", "-b", "main")
    if commit:
        repo.commit("The agreement and the municipalities")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """data/ as a subfolder of the repository, committed once."""
    return new_repo(tmp_path / "repo", tmp_path / "repo" / "data")


def trail(data: Path) -> list[Entry]:
    return log(data, counterparty_slug="gmr")


def entries(who: tuple[str, str, str] | None, *changes: tuple[str, str, Any, Any]) -> list[Entry]:
    commit, author, date = who if who else (None, None, None)
    return [Entry(commit, author, date, *change) for change in changes]


def test_a_fresh_copy_of_the_data_has_no_entries(repo: Repo) -> None:
    assert trail(repo.data) == []


def test_sign_correct_unsign_countersign_and_pay(repo: Repo) -> None:
    repo.sign("arnhem", ARNHEM)
    signed = repo.commit("Arnhem signs")
    repo.sign("arnhem", ARNHEM.replace("place: Arnhem", "place: Velp"))
    corrected = repo.commit("Arnhem: place corrected")
    repo.sign("beuningen", "{date: 2023-02-03}")
    beuningen = repo.commit("Beuningen signs", author="Someone Else")
    repo.sign("beuningen", "null")
    unsigned = repo.commit("Beuningen: signed in error")
    repo.countersign(GMR)
    countersigned = repo.commit("GMR countersigns")
    repo.pay()  # the ledger, with no payments yet: `payments:` is null
    ledger = repo.commit("Payments ledger")
    repo.pay(PAY_ARNHEM, PAY_HEUMEN)
    paid = repo.commit("Two payments")
    repo.pay(PAY_DRUTEN)
    paid_again = repo.commit("One more")

    assert paid[2] == "2023-02-09 12:00:00 +0100"
    assert beuningen[1] == "Someone Else" and signed[1] == "Jeroen Ünal"
    assert ledger[0] not in {e.commit for e in trail(repo.data)}
    assert trail(repo.data) == [
        *entries(paid_again, ("druten", "payment", None, "2024: 20019.00 on 2024-01-05")),
        *entries(
            paid,
            ("arnhem", "payment", None, "2023: 52414.93 on 2023-03-01 (F-2023-001)"),
            ("heumen", "payment", None, "2023: -100.00 on 2023-03-04 (credit note 7)"),
        ),
        *entries(
            countersigned,
            ("gmr", "date", None, "2023-03-01"),
            ("gmr", "place", None, "Nijmegen"),
            ("gmr", "signatory", None, "H.M.F. Bruls"),
            ("gmr", "capacity", None, "voorzitter"),
        ),
        *entries(unsigned, ("beuningen", "date", "2023-02-03", None)),
        *entries(beuningen, ("beuningen", "date", None, "2023-02-03")),
        *entries(corrected, ("arnhem", "place", "Arnhem", "Velp")),
        *entries(
            signed,
            ("arnhem", "date", None, "2023-02-01"),
            ("arnhem", "place", None, "Arnhem"),
            ("arnhem", "signatory", None, "A. Marcouch"),
            ("arnhem", "capacity", None, "burgemeester"),
        ),
    ]


def test_uncommitted_changes_come_first(repo: Repo) -> None:
    repo.sign("arnhem", "{date: 2023-02-01}")
    signed = repo.commit("Arnhem signs")
    repo.countersign("{date: 2023-03-01}")
    repo.git("add", "data/agreement.yaml")  # staged
    repo.sign("arnhem", "{date: 2023-02-02}")  # not staged
    repo.pay(PAY_HEUMEN)  # a new file, not tracked
    assert trail(repo.data) == [
        *entries(
            None,
            ("gmr", "date", None, "2023-03-01"),
            ("arnhem", "date", "2023-02-01", "2023-02-02"),
            ("heumen", "payment", None, "2023: -100.00 on 2023-03-04 (credit note 7)"),
        ),
        *entries(signed, ("arnhem", "date", None, "2023-02-01")),
    ]
    repo.git("add", "data/payments.yaml")  # staged, and a file HEAD does not have
    (repo.data / "agreement.yaml").unlink()  # deleted: the countersignature goes
    assert trail(repo.data) == [
        *entries(
            None,
            ("arnhem", "date", "2023-02-01", "2023-02-02"),
            ("heumen", "payment", None, "2023: -100.00 on 2023-03-04 (credit note 7)"),
        ),
        *entries(signed, ("arnhem", "date", None, "2023-02-01")),
    ]


def test_a_repository_with_no_commits_yet(tmp_path: Path) -> None:
    repo = new_repo(tmp_path, tmp_path / "data", commit=False)
    assert trail(repo.data) == []
    repo.sign("arnhem", "{date: 2023-02-01, place: Arnhem}")
    repo.git("add", "data/gemeenten.yaml")
    repo.pay(PAY_ARNHEM)
    assert trail(repo.data) == entries(
        None,
        ("arnhem", "date", None, "2023-02-01"),
        ("arnhem", "place", None, "Arnhem"),
        ("arnhem", "payment", None, "2023: 52414.93 on 2023-03-01 (F-2023-001)"),
    )


def test_the_data_folder_as_the_root_of_the_repository(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "data", tmp_path / "data")
    repo.sign("arnhem", "{date: 2023-02-01}")
    signed = repo.commit("Arnhem signs")
    (repo.data / "notes.txt").write_text("not data\n")
    repo.commit("Notes")
    assert trail(repo.data) == entries(signed, ("arnhem", "date", None, "2023-02-01"))
    assert trail(tmp_path / "data" / ".") == trail(repo.data)


def test_data_added_in_the_middle_of_history_and_then_moved(tmp_path: Path) -> None:
    repo = Repo(tmp_path, tmp_path)
    repo.git("init", "-q", "-b", "main")
    (tmp_path / "README").write_text("opgave\n")
    repo.commit("README")
    shutil.copytree(ROOT / "data", tmp_path, dirs_exist_ok=True)  # at the root, first
    (tmp_path / "payments.yaml").unlink()
    repo.sign("arnhem", "{date: 2023-02-01}")  # signed before git saw the file
    added = repo.commit("The data")
    repo.sign("duiven", "{date: 2023-02-05}")
    duiven = repo.commit("Duiven signs")
    (tmp_path / "data").mkdir()
    repo.git("mv", "agreement.yaml", "data/agreement.yaml")
    repo.commit("The agreement into data/")
    repo.git("mv", "gemeenten.yaml", "data/gemeenten.yaml")
    repo.data = tmp_path / "data"
    repo.sign("arnhem", "{date: 2023-02-02}")  # moved and edited in one commit
    corrected = repo.commit("The municipalities into data/; Arnhem: date corrected")
    assert trail(repo.data) == [
        *entries(corrected, ("arnhem", "date", "2023-02-01", "2023-02-02")),
        *entries(duiven, ("duiven", "date", None, "2023-02-05")),
        *entries(added, ("arnhem", "date", None, "2023-02-01")),
    ]


def test_a_merge_of_two_clones_that_each_added_a_payment(repo: Repo, tmp_path: Path) -> None:
    (repo.root / ".gitattributes").write_text("payments.yaml merge=union\n")
    repo.pay(PAY_ARNHEM)
    first = repo.commit("Ledger")
    clone = Repo(tmp_path / "clone", tmp_path / "clone" / "data")
    clone.day = repo.day
    repo.git("clone", "-q", str(repo.root), str(clone.root))
    clone.pay(PAY_HEUMEN)
    clone.commit("Heumen pays", author="Clone Author")
    repo.pay(PAY_DRUTEN)
    mine = repo.commit("Druten pays")
    repo.day = clone.day + 1
    repo.git("pull", "-q", "--no-rebase", "--no-edit", str(clone.root), "main")
    merged = repo.head()
    assert (repo.data / "payments.yaml").read_text().count("gemeente") == 3
    assert trail(repo.data) == [
        *entries(
            merged, ("heumen", "payment", None, "2023: -100.00 on 2023-03-04 (credit note 7)")
        ),
        *entries(mine, ("druten", "payment", None, "2024: 20019.00 on 2024-01-05")),
        *entries(first, ("arnhem", "payment", None, "2023: 52414.93 on 2023-03-01 (F-2023-001)")),
    ]


def test_payments_removed_rewritten_and_moved(repo: Repo) -> None:
    repo.pay(PAY_ARNHEM, PAY_HEUMEN, PAY_DRUTEN)
    ledger = repo.commit("Ledger")
    repo.edit("payments.yaml", PAY_ARNHEM + PAY_HEUMEN, PAY_HEUMEN + PAY_ARNHEM)
    repo.commit("Reordered: no payment changes")
    repo.edit("payments.yaml", PAY_HEUMEN, "")
    removed = repo.commit("Credit note withdrawn")
    repo.edit("payments.yaml", '"20019.00"', '"20019.50"')
    rewritten = repo.commit("Druten: amount corrected")
    path = repo.data / "payments.yaml"
    path.write_text(path.read_text().rstrip("\n"))  # no newline at the end
    repo.commit("No newline at the end")
    repo.pay("\n" + PAY_HEUMEN.rstrip("\n"))
    appended = repo.commit("Appended to a last line without a newline")
    assert trail(repo.data) == [
        *entries(
            appended, ("heumen", "payment", None, "2023: -100.00 on 2023-03-04 (credit note 7)")
        ),
        *entries(
            rewritten,
            ("druten", "payment", "2024: 20019.00 on 2024-01-05", None),
            ("druten", "payment", None, "2024: 20019.50 on 2024-01-05"),
        ),
        *entries(
            removed, ("heumen", "payment", "2023: -100.00 on 2023-03-04 (credit note 7)", None)
        ),
        *entries(
            ledger,
            ("arnhem", "payment", None, "2023: 52414.93 on 2023-03-01 (F-2023-001)"),
            ("heumen", "payment", None, "2023: -100.00 on 2023-03-04 (credit note 7)"),
            ("druten", "payment", None, "2024: 20019.00 on 2024-01-05"),
        ),
    ]


def test_evidence_is_shown_as_one_compact_string(repo: Repo) -> None:
    repo.sign("arnhem", "{date: 2023-02-01, evidence: {file: scans/arnhem.pdf, sha256: 9f86d0}}")
    signed = repo.commit("Arnhem signs, with the scan")
    repo.sign("arnhem", "{date: 2023-02-01, evidence: {file: scans/arnhem-2.pdf, sha256: 2c26b4}}")
    rescanned = repo.commit("A better scan")
    assert trail(repo.data) == [
        *entries(
            rescanned,
            (
                "arnhem",
                "evidence",
                "{file: scans/arnhem.pdf, sha256: 9f86d0}",
                "{file: scans/arnhem-2.pdf, sha256: 2c26b4}",
            ),
        ),
        *entries(
            signed,
            ("arnhem", "date", None, "2023-02-01"),
            ("arnhem", "evidence", None, "{file: scans/arnhem.pdf, sha256: 9f86d0}"),
        ),
    ]


def whole_compares(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The calls of the slow path (both versions of a file read whole), recorded."""
    calls: list[Any] = []
    whole = history._whole

    def spy(old: Any, new: Any, payments: bool, counterparty: str) -> Any:
        calls.append((old is None, payments))
        return whole(old, new, payments, counterparty)

    monkeypatch.setattr(history, "_whole", spy)
    return calls


def test_hunk_headers_name_the_party_without_reading_any_file(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.sign("zevenaar", "{date: 2023-02-01}")
    repo.countersign("{date: 2023-03-01}")
    repo.pay(PAY_ARNHEM)
    repo.commit("Zevenaar, the GMR, a payment")
    repo.sign("berg-en-dal", "{date: 2023-02-02}")
    repo.commit("Berg en Dal")
    calls = whole_compares(monkeypatch)
    assert len(trail(repo.data)) == 4
    # Only the first commit, which adds agreement.yaml and gemeenten.yaml, reads them whole.
    assert calls == [(True, False), (True, False)]


HAND_EDITED = """\
  - slug: arnhem
    name: Arnhem
    cbs_code: GM0202
    province: Gelderland
    inhabitants: 171822
    participates: true
    signature: null

  - name: Berg en Dal
    cbs_code: GM1945
    province: Gelderland
    inhabitants: 35700
    participates: true
    signature: null
    slug: berg-en-dal
"""


def test_slug_after_signature_falls_back_to_reading_the_file(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.data / "gemeenten.yaml"
    head, _, rest = path.read_text().partition("  - slug: arnhem\n")
    _, _, rest = rest.partition("    signature: null\n\n  - slug: beuningen\n")
    path.write_text(head + HAND_EDITED + "\n  - slug: beuningen\n" + rest)
    repo.commit("Hand-edited: Berg en Dal's slug last")
    repo.edit(
        "gemeenten.yaml",
        "    signature: null\n    slug: berg-en-dal",
        "    signature: {date: 2023-02-02, place: Groesbeek}\n    slug: berg-en-dal",
    )
    signed = repo.commit("Berg en Dal signs")
    # A funcname of slug lines only would name the wrong party: Arnhem.
    (tmp_path / "attributes").write_text("*.yaml diff=slugs\n")
    shown = repo.git(
        "-c",
        f"core.attributesFile={tmp_path / 'attributes'}",
        "-c",
        "diff.slugs.xfuncname=^ *- slug: .*$",
        "show",
        "-U0",
        "HEAD",
    )
    assert re.search(r"@@ -\d+ \+\d+ @@   - slug: arnhem\n-    signature: null", shown)
    calls = whole_compares(monkeypatch)
    assert trail(repo.data) == entries(
        signed,
        ("berg-en-dal", "date", None, "2023-02-02"),
        ("berg-en-dal", "place", None, "Groesbeek"),
    )
    assert (False, False) in calls  # a commit's two versions, read whole


def test_odd_layouts_are_read_whole(repo: Repo) -> None:
    path = repo.data / "gemeenten.yaml"
    text = re.sub(r"(?m)^(  - |    )", r"  \1", path.read_text())  # items indented by 4
    path.write_text(text)
    repo.commit("Indented by four")
    repo.sign("arnhem", "{date: 2023-02-01}")
    indented = repo.commit("Arnhem signs")
    repo.edit(
        "gemeenten.yaml",
        "      signature: {date: 2023-02-01}",
        "      signature:\n        date: 2023-02-01\n        place: Arnhem",
    )
    block = repo.commit("A block mapping")
    repo.edit("gemeenten.yaml", "        place: Arnhem", "        place: Velp")
    inner = repo.commit("Only a line inside the block mapping")
    assert trail(repo.data) == [
        *entries(inner, ("arnhem", "place", "Arnhem", "Velp")),
        *entries(block, ("arnhem", "place", None, "Arnhem")),
        *entries(indented, ("arnhem", "date", None, "2023-02-01")),
    ]


def test_a_repository_that_marks_yaml_binary_is_read_whole(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo.root / ".gitattributes").write_text("*.yaml -diff\n")  # beats our attributes
    repo.commit("YAML diffs off")
    repo.sign("heumen", "{date: 2023-02-01, place: Heumen}")
    signed = repo.commit("Heumen signs")
    calls = whole_compares(monkeypatch)
    assert trail(repo.data) == entries(
        signed, ("heumen", "date", None, "2023-02-01"), ("heumen", "place", None, "Heumen")
    )
    assert len(calls) == 3  # the first commit's two files, and this one


def test_the_users_git_configuration_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = new_repo(tmp_path / "repo", tmp_path / "repo" / "data", commit=False)
    repo.sign("arnhem", ARNHEM)
    repo.pay(PAY_ARNHEM)
    repo.commit("The data, Arnhem signed")  # the root commit
    repo.sign("berg-en-dal", "{date: 2023-02-09}")  # eight lines apart: two hunks
    repo.sign("beuningen", "{date: 2023-02-10}")
    repo.countersign("{date: 2023-03-01}")
    repo.pay(PAY_HEUMEN)
    repo.commit("Berg en Dal, Beuningen, the GMR, Heumen")
    (repo.root / ".gitattributes").write_text("payments.yaml merge=union\n")
    repo.commit("Union merges for the ledger")
    repo.git("checkout", "-q", "-b", "side")
    repo.pay(PAY_DRUTEN)
    repo.commit("Druten pays, on a branch")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "side")
    repo.sign("arnhem", "null")
    calls = whole_compares(monkeypatch)
    expected = trail(repo.data)
    # Whole: the root commit's two files, and the uncommitted gemeenten.yaml (git never
    # diffs the working tree: opgave compares it with its blob itself).
    assert (len(expected), len(calls)) == (14, 3)
    hostile = tmp_path / "hostile.gitconfig"
    (tmp_path / "hostile.attributes").write_text("* -diff\n")
    hostile.write_text(
        "[diff]\n noprefix = true\n mnemonicPrefix = true\n context = 9\n"
        " interHunkContext = 40\n renames = false\n external = false\n"
        " suppressBlankEmpty = true\n algorithm = patience\n relative = true\n"
        "[color]\n ui = always\n diff = always\n"
        "[log]\n showSignature = true\n showRoot = false\n diffMerges = combined\n"
        " date = relative\n decorate = full\n follow = false\n"
        "[core]\n abbrev = 12\n pager = false\n quotePath = false\n"
        f" attributesFile = {tmp_path / 'hostile.attributes'}\n"
        "[i18n]\n logOutputEncoding = ISO-8859-1\n"
        "[format]\n pretty = fuller\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(hostile))
    monkeypatch.setenv("GIT_DIFF_OPTS", "--unified=5")
    calls.clear()
    assert trail(repo.data) == expected
    assert len(calls) == 3  # and as fast: no file read whole that was not before


def test_outside_a_git_repository(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    with pytest.raises(OpgaveError) as error:
        trail(Path("data"))
    assert str(error.value) == (
        "data/ is not in a git repository: the audit trail comes from git history"
    )


def test_no_such_data_folder() -> None:
    with pytest.raises(OpgaveError) as error:
        trail(Path("nowhere"))
    assert str(error.value) == "nowhere: no such data folder"


def test_git_missing(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(OpgaveError) as error:
        trail(repo.data)
    assert str(error.value) == (
        "git is not installed (no git on PATH): the audit trail comes from git history"
    )


def fake_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(f"#!/bin/sh\n{script}\n")
    (bin_dir / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


def test_git_failing(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_git(tmp_path, monkeypatch, "printf 'fatal: index file corrupt\\nmore\\n' >&2; exit 128")
    with pytest.raises(OpgaveError) as error:
        trail(repo.data)
    assert str(error.value) == "git rev-parse failed: index file corrupt"


def test_git_taking_too_long(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_git(tmp_path, monkeypatch, f"exec {shutil.which('sleep')} 5")
    monkeypatch.setattr(git, "GIT_TIMEOUT_S", 0.2)
    with pytest.raises(OpgaveError) as error:
        trail(repo.data)
    assert str(error.value) == "git rev-parse took more than 0.2 s"


def test_git_revision_names_the_data_and_whether_it_changed(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = repo.head()[0]
    (repo.data / ".opgave.lock").write_text("")  # the store's lock file is no change
    assert git_revision(repo.data) == short
    repo.sign("arnhem", "{date: 2023-02-01}")
    assert git_revision(repo.data) == f"{short} (with uncommitted changes)"
    (tmp_path / "elsewhere").mkdir()
    assert git_revision(tmp_path / "elsewhere") is None  # not in a repository
    monkeypatch.setenv("PATH", str(tmp_path / "elsewhere"))
    assert git_revision(repo.data) is None  # no git
