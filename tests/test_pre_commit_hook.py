"""The published pre-commit hook (.pre-commit-hooks.yaml), run by real pre-commit in a
temporary repository of each layout: data files in data/ and at the repository's root.
It matched only data/... and ran `opgave check` with no files, so that at the root it
said "(no files to check) Skipped" and a broken payments.yaml was committed (issue #21).

The hook is run as the hooks file defines it (its entry, files and file passing), as a
`repo: local` hook of language `system`, so that pre-commit does not build an
environment from the package registry for it (tests reach no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT, isolate_git

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
OPGAVE = Path(sys.executable).parent / "opgave"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed"),
]


def hook_config() -> str:
    """The published hook as a local, system hook running this checkout's opgave."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = hook["entry"].replace("opgave", str(OPGAVE), 1)
    local = {**hook, "entry": entry, "language": "system"}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]})


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("OPGAVE_DATA_DIR", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    isolate_git(monkeypatch, tmp_path.parent)
    for name, value in (("NAME", "Regiobureau"), ("EMAIL", "regiobureau@example.org")):
        monkeypatch.setenv(f"GIT_AUTHOR_{name}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{name}", value)
    monkeypatch.setenv("OPGAVE_TODAY", "2023-06-01")
    root = tmp_path / "repo"
    layout = request.param
    data = root / "data" if layout == "data/" else root
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".opgave.lock"))
    (root / ".pre-commit-config.yaml").write_text(hook_config(), encoding="utf-8")
    assert run(root, "git", "init", "-q", "-b", "main").returncode == 0
    assert run(root, "git", "add", "-A").returncode == 0
    return data


@pytest.mark.parametrize("repository", ["data/", "root"], indirect=True)
def test_the_hook_checks_the_data_in_either_layout(repository: Path) -> None:
    root = repository if (repository / ".pre-commit-config.yaml").exists() else repository.parent
    ok = run(root, PRE_COMMIT, "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "opgave check" in ok.stdout and "Passed" in ok.stdout
    assert "Skipped" not in ok.stdout
    committed = run(root, "git", "commit", "-q", "-m", "The data")
    assert committed.returncode == 0

    # A broken ledger is refused at the commit, with its line.
    ledger = repository / "payments.yaml"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + '  - {gemeente: utrecht, year: 2023, date: 2023-03-01, amount: "1.00"}\n',
        encoding="utf-8",
    )
    run(root, PRE_COMMIT, "install")
    run(root, "git", "add", "-A")
    refused = run(root, "git", "commit", "-q", "-m", "A payment of Utrecht")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    shown = "data/payments.yaml" if repository != root else "payments.yaml"
    assert (
        f"{shown}:10:16: error: payments[#1].gemeente: no municipality with slug 'utrecht' "
        "in gemeenten.yaml"
    ) in refused.stdout + refused.stderr
    assert run(root, "git", "log", "--oneline").stdout.count("\n") == 1  # not committed
