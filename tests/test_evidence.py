"""Evidence of a signature (issue #14, part 3): `sign --evidence` and `amend --evidence`
record the scanned page's path and SHA-256 on the signature's one line; `opgave verify`
recomputes them; status, report and the HTML report show the hash."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import Run, data_files, signature_line

SCAN = b"%PDF-1.4 scan of the signed page of Arnhem\n"
SCAN_SHA = hashlib.sha256(SCAN).hexdigest()


@pytest.fixture(autouse=True)
def no_outer_repository(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git finds no repository above the project, and reads no configuration."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", os.devnull)


@pytest.fixture
def scan(data_dir: Path) -> Path:
    (data_dir / "evidence").mkdir()
    path = data_dir / "evidence" / "arnhem.pdf"
    path.write_bytes(SCAN)
    return path


@pytest.fixture
def signed(run: Run, data_dir: Path, scan: Path) -> Path:
    """Arnhem signed with its scan as evidence."""
    result = run(
        "sign", "arnhem", "--date", "2023-02-01", "--capacity", "burgemeester",
        "--evidence", "data/evidence/arnhem.pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return data_dir


def test_sign_records_the_path_and_hash_on_one_line(run: Run, data_dir: Path, scan: Path) -> None:
    before = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8").splitlines()
    result = run(
        "sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem",
        "--evidence", "data/evidence/arnhem.pdf",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Recorded: Arnhem signed on 2023-02-01 in Arnhem, evidence evidence/arnhem.pdf "
        "(1 of 18 municipalities signed)\n"
    )
    line = (
        'signature: {date: 2023-02-01, place: Arnhem, evidence: {file: "evidence/arnhem.pdf", '
        f'sha256: "{SCAN_SHA}"}}}}'
    )
    assert signature_line(data_dir, "arnhem") == line
    after = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8").splitlines()
    assert [a for a, b in zip(after, before, strict=True) if a != b] == [f"    {line}"]
    assert run("check").exit_code == 0


def test_the_path_is_relative_to_the_data_folder_whatever_the_working_folder(
    run: Run, data_dir: Path, scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_dir / "evidence")
    result = run("sign", "arnhem", "--date", "2023-02-01", "--evidence", "arnhem.pdf")
    assert result.exit_code == 0, result.stderr
    assert '{file: "evidence/arnhem.pdf", ' in signature_line(data_dir, "arnhem")


def test_status_json_and_the_reports_show_the_hash(run: Run, signed: Path) -> None:
    data = json.loads(run("status", "--json").stdout)
    assert data["gemeenten"][0]["evidence"] == {"file": "evidence/arnhem.pdf", "sha256": SCAN_SHA}
    assert data["gemeenten"][1]["evidence"] is None
    assert data["counterparty"]["evidence"] is None

    markdown = run("report", "--lang", "en").stdout
    assert (
        f"| Arnhem | signed | 2023-02-01 |  |  | burgemeester | arnhem.pdf "
        f"(SHA-256 {SCAN_SHA[:12]}) |"
    ) in markdown.splitlines()

    page = run("report", "--format", "html").stdout
    assert (
        '<tr><th scope="row">Arnhem</th><td class="ok">ondertekend</td><td>1\u00a0februari'
        "\u00a02023</td><td></td><td></td>"
        f"<td>burgemeester</td><td>arnhem.pdf (SHA-256 {SCAN_SHA[:12]})</td></tr>"
    ) in page
    # A document names the scan by its file and the first 12 hex digits: no folder, and
    # the whole hash is for `opgave verify`.
    assert SCAN_SHA not in page and SCAN_SHA not in markdown and "evidence/" not in page


def test_verify_all_match(run: Run, signed: Path) -> None:
    result = run("verify")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "OK: Arnhem: evidence/arnhem.pdf\n1 of 1 evidence file matches its recorded SHA-256\n"
    )


def test_verify_names_each_changed_and_missing_file(
    run: Run, signed: Path, scan: Path, data_dir: Path
) -> None:
    other = data_dir / "evidence" / "nijmegen.pdf"
    other.write_bytes(b"nijmegen")
    third = data_dir / "evidence" / "gmr.pdf"
    third.write_bytes(b"gmr")
    assert run("sign", "nijmegen", "--date", "2023-02-02", "--evidence", str(other)).exit_code == 0
    assert run("sign", "gmr", "--date", "2023-02-03", "--evidence", str(third)).exit_code == 0
    scan.write_bytes(SCAN + b"tampered")
    other.unlink()
    result = run("verify")
    assert result.exit_code == 1
    changed = hashlib.sha256(SCAN + b"tampered").hexdigest()
    assert result.stdout == (
        f"FAILED: Arnhem: evidence/arnhem.pdf: changed: its SHA-256 is {changed}, the record "
        f"says {SCAN_SHA}\n"
        "FAILED: Nijmegen: evidence/nijmegen.pdf: file not found\n"
        "OK: GMR: evidence/gmr.pdf\n"
        "1 of 3 evidence files match their recorded SHA-256\n"
    )


@pytest.mark.parametrize(
    ("replace", "problem"),
    [
        (lambda scan: os.mkfifo(scan), "is not a regular file"),
        (lambda scan: scan.symlink_to("/dev/zero"), "lies outside"),
        (lambda scan: scan.symlink_to("/etc/passwd"), "lies outside"),
        (lambda scan: scan.mkdir(), "is not a regular file"),
    ],
    ids=["fifo", "link-to-dev-zero", "link-outside", "a-folder"],
)
def test_verify_reads_no_fifo_device_or_file_outside(
    run: Run, signed: Path, scan: Path, project: Path, replace: Any, problem: str
) -> None:
    """verify hung on a FIFO or a link to /dev/zero, and through a link hashed a file
    outside the repository (issue #21): it applies the rules of --evidence."""
    scan.unlink()
    replace(scan)
    result = run("verify")
    assert (result.exit_code, result.stderr) == (1, "")
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"FAILED: Arnhem: evidence/arnhem.pdf: {problem}")
    if problem == "lies outside":
        assert first.endswith(f"the data folder (which is not in git) {project / 'data'}")
    assert "SHA-256 is" not in result.stdout  # nothing outside was hashed


def test_verify_without_evidence(run: Run) -> None:
    result = run("verify")
    assert (result.exit_code, result.stdout) == (0, "No evidence is recorded: nothing to verify.\n")


def test_amend_adds_replaces_keeps_and_clears_the_evidence(
    run: Run, signed: Path, data_dir: Path
) -> None:
    kept = run("amend", "arnhem", "--place", "Arnhem")
    assert kept.exit_code == 0
    assert f'evidence: {{file: "evidence/arnhem.pdf", sha256: "{SCAN_SHA}"}}' in signature_line(
        data_dir, "arnhem"
    )

    second = data_dir / "evidence" / "arnhem-2.pdf"
    second.write_bytes(b"a better scan")
    digest = hashlib.sha256(b"a better scan").hexdigest()
    replaced = run("amend", "arnhem", "--evidence", str(second))
    assert replaced.exit_code == 0
    assert replaced.stdout.splitlines()[0] == (
        "Amended: Arnhem's signature of 2023-02-01 in Arnhem, burgemeester, evidence "
        f"evidence/arnhem.pdf (sha256 {SCAN_SHA[:12]}…): changes evidence evidence/arnhem.pdf "
        f"(sha256 {SCAN_SHA[:12]}…) → evidence/arnhem-2.pdf (sha256 {digest[:12]}…)"
    )
    assert signature_line(data_dir, "arnhem") == (
        "signature: {date: 2023-02-01, place: Arnhem, capacity: burgemeester, evidence: "
        f'{{file: "evidence/arnhem-2.pdf", sha256: "{digest}"}}}}'
    )

    cleared = run("amend", "arnhem", "--clear", "evidence")
    assert cleared.exit_code == 0
    assert signature_line(data_dir, "arnhem") == (
        "signature: {date: 2023-02-01, place: Arnhem, capacity: burgemeester}"
    )


def test_sign_force_names_the_evidence_it_drops(run: Run, signed: Path) -> None:
    result = run("sign", "arnhem", "--force", "--date", "2023-02-01", "--capacity", "burgemeester")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Replaced: Arnhem's signature of 2023-02-01, burgemeester, evidence evidence/arnhem.pdf "
        f"(sha256 {SCAN_SHA[:12]}…); drops evidence (evidence/arnhem.pdf (sha256 {SCAN_SHA[:12]}…))"
    )


# --- refused: the file must exist and lie inside the data's repository ---------------


def test_refused_evidence(
    run: Run, data_dir: Path, project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "scan.pdf"
    outside.write_bytes(SCAN)
    (data_dir / "evidence").mkdir()
    (data_dir / "evidence" / "link.pdf").symlink_to(outside)
    (data_dir / "evidence" / "back\\slash.pdf").write_bytes(SCAN)
    (project / "beside.pdf").write_bytes(SCAN)
    folder = data_dir.resolve()
    cases = [
        (str(outside), f"--evidence {outside} lies outside the data folder (which is not in git) "
         f"{folder}: put the file there, so that a clone of the data can verify it"),
        ("beside.pdf", f"--evidence beside.pdf lies outside the data folder (which is not in git) "
         f"{folder}: put the file there, so that a clone of the data can verify it"),
        ("data/evidence/link.pdf", "--evidence data/evidence/link.pdf lies outside the "
         f"data folder (which is not in git) {folder}: put the file there, so that a clone of "
         "the data can verify it"),
        ("data/evidence/missing.pdf", "--evidence data/evidence/missing.pdf: file not found"),
        ("data/evidence", "--evidence data/evidence: is not a regular file"),
        ("data/gemeenten.yaml", "--evidence data/gemeenten.yaml is a data file, which changes "
         "as the signature is recorded: give the scanned signed page"),
        ("data/evidence/back\\slash.pdf", "--evidence data/evidence/back\\slash.pdf: its path "
         "'evidence/back\\\\slash.pdf' cannot be recorded (a backslash or a control character "
         "in it); rename the file"),
    ]  # fmt: skip
    before = data_files(data_dir)
    for given, message in cases:
        for command in (["sign", "arnhem", "--date", "2023-02-01"], ["sign", "gmr", "--dry-run"]):
            result = run(*command, "--evidence", given)
            assert (result.exit_code, result.stdout, result.stderr) == (
                2,
                "",
                f"opgave: error: {message}\n",
            ), given
    assert data_files(data_dir) == before


# --- in a git repository: anywhere inside it, relative to the data folder --------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_in_a_repository_the_file_may_lie_beside_the_data(
    run: Run, project: Path, data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / "scans").mkdir()
    (project / "scans" / "renkum.pdf").write_bytes(SCAN)
    result = run("sign", "renkum", "--date", "2023-02-01", "--evidence", "scans/renkum.pdf")
    assert result.exit_code == 0, result.stderr
    assert signature_line(data_dir, "renkum") == (
        f'signature: {{date: 2023-02-01, evidence: {{file: "../scans/renkum.pdf", '
        f'sha256: "{SCAN_SHA}"}}}}'
    )
    assert run("check").exit_code == 0
    assert run("verify").stdout == (
        "OK: Renkum: ../scans/renkum.pdf\n1 of 1 evidence file matches its recorded SHA-256\n"
    )
    outside = tmp_path_factory.mktemp("elsewhere") / "scan.pdf"
    outside.write_bytes(SCAN)
    refused = run("sign", "arnhem", "--date", "2023-02-01", "--evidence", str(outside))
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"opgave: error: --evidence {outside} lies outside the data's git repository "
        f"{project.resolve()}: put the file there, so that a clone of the data can verify it\n"
    )
