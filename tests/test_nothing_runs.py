"""Nothing in a data repository runs a command (issue #21): not its `.git/config`
(`core.fsmonitor`, a `filter.<name>.clean` that an in-tree `.gitattributes` selects, a
diff driver's `textconv` or `command`, the hooks of `core.hooksPath`), and `.git/index`
is never rewritten. Each vector is first shown to work (git itself runs it), then every
command that asks git something is run against it: the marker file must not appear.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Run, isolate_git

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

ARNHEM = "signature: {date: 2023-02-01, place: Arnhem}"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )


@pytest.fixture
def repo(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project folder (the working folder, with a copy of data/) as a repository,
    committed, with an uncommitted change (so that a command comparing the working tree
    would have something to compare)."""
    isolate_git(monkeypatch, project.parent)
    for name, value in (("NAME", "Jan Jansen"), ("EMAIL", "jan@example.org")):
        monkeypatch.setenv(f"GIT_AUTHOR_{name}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{name}", value)
    root = project
    (root / "evidence").mkdir()
    (root / "evidence" / "arnhem.pdf").write_bytes(b"%PDF-1.4 signed page\n")
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    assert git(root, "add", "-A").returncode == 0
    assert git(root, "commit", "-q", "-m", "The data").returncode == 0
    gemeenten = root / "data" / "gemeenten.yaml"
    text = gemeenten.read_text(encoding="utf-8")
    gemeenten.write_text(text.replace("signature: null", ARNHEM, 1), encoding="utf-8")
    return root


def script(path: Path, marker: Path) -> Path:
    """An executable that leaves ``marker`` and passes its input through (as a filter)."""
    path.write_text(f"#!/bin/sh\ntouch '{marker}'\ncat\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def fsmonitor(root: Path, marker: Path) -> None:
    git(root, "config", "core.fsmonitor", str(script(root / ".git" / "fsmonitor.sh", marker)))


def clean_filter(root: Path, marker: Path) -> None:
    program = script(root / ".git" / "filter.sh", marker)
    git(root, "config", "filter.evil.clean", str(program))
    git(root, "config", "filter.evil.smudge", str(program))
    (root / ".gitattributes").write_text("*.yaml filter=evil diff=evil\n", encoding="utf-8")


def diff_driver(root: Path, marker: Path) -> None:
    program = script(root / ".git" / "driver.sh", marker)
    git(root, "config", "diff.evil.textconv", str(program))
    git(root, "config", "diff.evil.command", str(program))
    (root / ".gitattributes").write_text("*.yaml diff=evil\n", encoding="utf-8")


def hooks(root: Path, marker: Path) -> None:
    folder = root / ".git" / "evil-hooks"
    folder.mkdir()
    for name in ("post-index-change", "pre-commit", "post-checkout", "reference-transaction"):
        script(folder / name, marker)
    git(root, "config", "core.hooksPath", str(folder))


VECTORS: dict[str, tuple[Callable[[Path, Path], None], list[str]]] = {
    # The vector, and a git command of the user's that shows it runs.
    "core.fsmonitor": (fsmonitor, ["status"]),
    "filter.clean": (clean_filter, ["diff", "HEAD"]),
    "diff textconv": (diff_driver, ["diff", "HEAD"]),
    "core.hooksPath": (hooks, ["add", "-A"]),
}
COMMANDS = [
    ["log"],
    ["log", "arnhem"],
    ["report"],
    ["report", "--format", "html", "-o", "report.html"],
    ["status"],
    ["check"],
    ["verify"],
    ["sign", "beuningen", "--date", "2023-02-02", "--evidence", "evidence/arnhem.pdf"],
]


def index_hash(root: Path) -> str:
    index = root / ".git" / "index"
    return hashlib.sha256(index.read_bytes()).hexdigest() if index.exists() else ""


@pytest.mark.slow
@pytest.mark.parametrize("vector", VECTORS)
def test_no_command_runs_what_the_repository_names(repo: Path, run: Run, vector: str) -> None:
    plant, control = VECTORS[vector]
    marker = repo / ".git" / "MARKER"
    plant(repo, marker)
    index = index_hash(repo)
    for args in COMMANDS:
        result = run(*args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert not marker.exists(), f"opgave {' '.join(args)} ran the {vector}"
    assert index_hash(repo) == index, ".git/index was rewritten"
    # The control: the same repository makes git itself run it.
    git(repo, *control)
    assert marker.exists(), f"the {vector} of the test does not run: the test proves nothing"


def test_the_log_still_sees_the_uncommitted_change(repo: Path, run: Run) -> None:
    hooks(repo, repo / ".git" / "MARKER")
    result = run("log", "arnhem")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "uncommitted  Arnhem  date: (none) → 2023-02-01\n"
        "uncommitted  Arnhem  place: (none) → Arnhem\n"
    )
    revision = run("report", "--lang", "en").stdout.splitlines()[2]
    assert revision.endswith("(with uncommitted changes).")


def test_the_report_names_a_clean_revision(repo: Path, run: Run) -> None:
    git(repo, "commit", "-q", "-am", "Arnhem signed")
    commit = git(repo, "rev-parse", "--short=7", "HEAD").stdout.strip()
    line = run("report").stdout.splitlines()[2]
    assert line.endswith(f"uit gegevensversie {commit}.")
    assert (repo / ".git" / "index").exists()


# --- history is read within the same limits as the working tree ---------------------

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        (
            "billion-laughs.gemeenten.yaml",
            "too many values (more than 100,000 after expanding aliases)",
        ),
        ("recursive-alias.gemeenten.yaml", "alias *loop refers to an anchor that is not "
         "defined before it"),
    ],
)  # fmt: skip
def test_a_hostile_version_in_history_is_one_line_of_the_trail(
    repo: Path, run: Run, case: str, reason: str
) -> None:
    """A committed alias bomb took more than 1 GB and never ended; a recursive alias was
    exit 3. Now each is one line (which commit, why), and the trail goes on."""
    gemeenten = repo / "data" / "gemeenten.yaml"
    good = gemeenten.read_bytes()
    git(repo, "commit", "-q", "-am", "Arnhem signed")
    gemeenten.write_bytes((HOSTILE / case).read_bytes())
    git(repo, "commit", "-q", "-am", "A hostile version")
    bad = git(repo, "rev-parse", "--short=7", "HEAD").stdout.strip()
    gemeenten.write_bytes(good)
    git(repo, "commit", "-q", "-am", "Mended")
    mended = git(repo, "rev-parse", "--short=7", "HEAD").stdout.strip()
    result = run("log")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{mended}  Jan Jansen  ")
    assert lines[0].endswith(f"gemeenten.yaml: {reason} (this version could not be read)")
    assert lines[1].startswith(f"{bad}  Jan Jansen  ")
    assert lines[1].endswith(f"gemeenten.yaml: {reason} (this version could not be read)")
    assert lines[2:] == [
        lines[2][: lines[2].index("Arnhem")] + "Arnhem  date: (none) → 2023-02-01",
        lines[3][: lines[3].index("Arnhem")] + "Arnhem  place: (none) → Arnhem",
    ]
