"""The store never loses or corrupts data: minimal diff, validation before writing,
atomic replace, a lock for concurrent writers."""

from __future__ import annotations

import difflib
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import opgave_cli.store.files as files
from conftest import Run

ODD_HEADER = """\
# A hand-edited copy: comments, blank lines and unusual quoting everywhere.


inhabitants:   # where the counts come from
  status: {'2026-01-01': voorlopig}
  source: >-
    folded
    text
gemeenten:

  # the first one
  - {slug: arnhem, name: 'Arnhem', cbs_code: "GM0202", province: Gelderland, inhabitants: {2026-01-01: 171822}, participates: yes, signature: ~}   # flow style

  -   slug: "nijmegen"       # quoted slug
      name:   Nijmegen
      "cbs_code": GM0268
      province: 'Gelderland'
      inhabitants:
        2026-01-01: 189_871
      participates: True
      signature: null   # still to sign

  - slug: heumen
    name: Heumen
    cbs_code: GM0252
    province: Gelderland
    inhabitants: {2026-01-01: 16978}
    participates: true
    # no signature key at all
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.fixture
def odd(data_dir: Path) -> Path:
    path = data_dir / "gemeenten.yaml"
    path.write_text(ODD_HEADER, encoding="utf-8")
    return path


def test_only_the_signature_changes_in_a_hand_edited_file(run: Run, odd: Path) -> None:
    before = odd.read_text(encoding="utf-8")
    result = run("sign", "nijmegen", "--date", "2023-02-01", "--place", "Nijmegen")
    assert result.exit_code == 0, result.stderr
    after = odd.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-      signature: null   # still to sign",
        "+      signature: {date: 2023-02-01, place: Nijmegen}   # still to sign",
    ]


def test_a_flow_style_party_keeps_its_style(run: Run, odd: Path) -> None:
    before = odd.read_text(encoding="utf-8")
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 0
    after = odd.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        "-  - {slug: arnhem, name: 'Arnhem', cbs_code: \"GM0202\", province: Gelderland, "
        "inhabitants: {2026-01-01: 171822}, participates: yes, signature: ~}   # flow style",
        "+  - {slug: arnhem, name: 'Arnhem', cbs_code: \"GM0202\", province: Gelderland, "
        "inhabitants: {2026-01-01: 171822}, participates: yes, signature: {date: 2023-02-01}}   # flow style",
    ]


def test_a_missing_signature_key_is_added_as_one_line(run: Run, odd: Path) -> None:
    before = odd.read_text(encoding="utf-8")
    assert run("sign", "heumen", "--date", "2023-02-01").exit_code == 0
    after = odd.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["+    signature: {date: 2023-02-01}"]
    assert after.endswith(
        "    participates: true\n    signature: {date: 2023-02-01}\n    # no signature key at all\n"
    )
    assert run("unsign", "heumen").exit_code == 0
    assert changed_lines(before, odd.read_text(encoding="utf-8")) == ["+    signature: null"]


def test_an_invalid_file_is_not_written(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    broken = path.read_text(encoding="utf-8").replace("cbs_code: GM0268", "cbs_code: 268")
    path.write_text(broken, encoding="utf-8")
    before = path.read_bytes()
    result = run("sign", "arnhem", "--date", "2023-02-01")
    assert result.exit_code == 1
    assert result.stderr == (
        "opgave: error: data/gemeenten.yaml:110:15: gemeenten[nijmegen].cbs_code: "
        "expected text, got 268, which YAML reads as a number; quote it\n"
    )
    assert path.read_bytes() == before


def test_an_invalid_other_file_blocks_the_write(run: Run, data_dir: Path) -> None:
    agreement = data_dir / "agreement.yaml"
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace("short_name: GMR", "short_name: 3"),
        encoding="utf-8",
    )
    before = (data_dir / "gemeenten.yaml").read_bytes()
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 1
    assert (data_dir / "gemeenten.yaml").read_bytes() == before


def _fail(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(
    ("target", "name"),
    [
        (tempfile, "mkstemp"),
        (os, "fsync"),
        (os, "chmod"),
        (files, "exchange"),  # the swap into place (Linux)
        (os, "replace"),  # the rename, where there is no swap
    ],
)
def test_a_failure_at_any_step_leaves_the_file_intact(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch, target: object, name: str
) -> None:
    path = data_dir / "gemeenten.yaml"
    before = path.read_bytes()
    if name == "replace":
        monkeypatch.setattr(files, "exchange", lambda *args: False)
    monkeypatch.setattr(target, name, _fail)
    result = run("sign", "arnhem", "--date", "2023-02-01")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == (
        "opgave: error: data/gemeenten.yaml: cannot write (No space left on device); "
        "the file is unchanged\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == [
        ".gitattributes",  # data/ as shipped
        ".gitignore",
        ".opgave.lock",
        "agreement.yaml",
        "gemeenten.yaml",
        "payments.yaml",
    ]


def test_a_failing_write_leaves_the_file_intact(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str) -> None:
            self.fh = real_fdopen(fd, mode)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    path = data_dir / "gemeenten.yaml"
    before = path.read_bytes()
    monkeypatch.setattr(os, "fdopen", Full)
    result = run("sign", "arnhem", "--date", "2023-02-01")
    monkeypatch.undo()
    assert result.exit_code == 1
    assert path.read_bytes() == before
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]


def test_permissions_and_byte_order_mark_are_kept(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    path.chmod(0o640)
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# Checked by `opgave check`")


@pytest.mark.slow
def test_parallel_signs_of_all_18_municipalities_all_land(data_dir: Path) -> None:
    slugs = [
        line.split(": ")[1]
        for line in (data_dir / "gemeenten.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("  - slug: ")
    ]
    assert len(slugs) == 18
    env = {**os.environ, "OPGAVE_TODAY": "2023-06-01", "OPGAVE_DATA_DIR": str(data_dir)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "opgave_cli", "sign", slug, "--date", "2023-02-01"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for slug in slugs
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 18, outputs
    text = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8")
    assert text.count("signature: {date: 2023-02-01}") == 18
    assert "signature: null" not in text
    counts = sorted(int(out.decode().split("(")[1].split(" of")[0]) for out, _ in outputs)
    assert counts == list(range(1, 19))


@pytest.mark.slow
def test_bash_completion_offers_the_slugs(data_dir: Path) -> None:
    env = {
        **os.environ,
        "OPGAVE_DATA_DIR": str(data_dir),
        "_OPGAVE_COMPLETE": "complete_bash",
        "COMP_WORDS": "opgave sign ar",
        "COMP_CWORD": "2",
    }
    out = subprocess.run(
        [sys.executable, "-m", "opgave_cli"], env=env, capture_output=True, text=True, check=False
    )
    assert out.stdout.split() == ["arnhem"]
    env["COMP_WORDS"] = "opgave unsign "
    env["COMP_CWORD"] = "2"
    out = subprocess.run(
        [sys.executable, "-m", "opgave_cli"], env=env, capture_output=True, text=True, check=False
    )
    assert len(out.stdout.split()) == 19
    assert out.stdout.split()[-1] == "gmr"


def test_a_signature_written_over_several_lines_becomes_one_line(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    multi = text.replace(
        "2026-01-01: 171822}\n    participates: true\n    signature: null\n",
        "2026-01-01: 171822}\n    participates: true\n    signature:\n"
        "      date: 2023-02-01   # by hand\n      place: Arnhem\n",
    )
    path.write_text(multi, encoding="utf-8")
    assert run("check").exit_code == 0
    result = run("sign", "arnhem", "--date", "2023-02-02", "--force")
    assert result.exit_code == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after == text.replace(
        "2026-01-01: 171822}\n    participates: true\n    signature: null\n",
        "2026-01-01: 171822}\n    participates: true\n    signature: {date: 2023-02-02}\n",
    )
    path.write_text(multi, encoding="utf-8")
    assert run("unsign", "arnhem").exit_code == 0
    assert path.read_text(encoding="utf-8") == text
