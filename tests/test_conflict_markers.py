"""Merge-conflict markers left in a data file are reported as such, each on its line."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

MESSAGE = (
    "left by git: keep the lines you want from both sides, delete the marker lines, then "
    "run `opgave check` again"
)


def test_conflict_markers_are_named_with_what_to_do(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    conflicted = text.replace(
        "    signature: null\n\n  - slug: berg-en-dal",
        "<<<<<<< HEAD\n    signature: {date: 2023-02-01}\n=======\n"
        "    signature: {date: 2023-02-02}\n>>>>>>> theirs\n\n  - slug: berg-en-dal",
        1,
    )
    assert conflicted != text
    path.write_text(conflicted, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"data/gemeenten.yaml:34:1: error: merge-conflict marker <<<<<<< {MESSAGE} "
        "[merge-conflict]",
        f"data/gemeenten.yaml:36:1: error: merge-conflict marker ======= {MESSAGE} "
        "[merge-conflict]",
        f"data/gemeenten.yaml:38:1: error: merge-conflict marker >>>>>>> {MESSAGE} "
        "[merge-conflict]",
        "Failed: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: 3 errors, "
        "0 warnings",
    ]
    signed = run("sign", "arnhem", "--date", "2023-02-01")
    assert (signed.exit_code, signed.stdout) == (1, "")
    assert signed.stderr == (
        f"opgave: error: data/gemeenten.yaml:34:1: merge-conflict marker <<<<<<< {MESSAGE} "
        "(and 2 more; run `opgave check` to see all)\n"
    )
    assert path.read_text(encoding="utf-8") == conflicted


def test_a_conflict_in_the_ledger_too(run: Run, data_dir: Path) -> None:
    path = data_dir / "payments.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '<<<<<<< HEAD\n  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "1.00"}\n'
        '=======\n  - {gemeente: heumen, year: 2023, date: 2023-03-01, amount: "2.00"}\n'
        ">>>>>>> theirs\n",
        encoding="utf-8",
    )
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.count("title=opgave check%3A merge-conflict::") == 3
