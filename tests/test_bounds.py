"""Numbers beyond sane bounds are data errors with a position: never a traceback, never
a usage error (exit 2 is for the command line only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "gemeenten.yaml",
            "2026-01-01: 171822}",
            "2026-01-01: " + "9" * 5000 + "}",
            "data/gemeenten.yaml:32:111: gemeenten[arnhem].inhabitants[2026-01-01]: "
            "a number of 5,000 digits",
        ),
        (
            "gemeenten.yaml",
            "2026-01-01: 171822}",
            "2026-01-01: 1000000000}",
            "data/gemeenten.yaml:32:111: gemeenten[arnhem].inhabitants[2026-01-01]: "
            "Input should be less than or equal to 100000000, got 1000000000",
        ),
        (
            "agreement.yaml",
            "amounts: {}",
            'amounts: {2023: {total: "5000000000000.00", inhabitants_at: 2022-01-01}}',
            "data/agreement.yaml:111:27: contribution.amounts[2023].total: more than the "
            "largest amount allowed, € 1.000.000.000.000,00, got '5000000000000.00'",
        ),
        (
            "agreement.yaml",
            "first_year: 2023",
            "first_year: " + "2" * 4400,
            "data/agreement.yaml:119:17: other.term.first_year: a number of 4,400 digits",
        ),
        (  # a quoted amount is echoed shortened, not as a line of 5,000 digits
            "agreement.yaml",
            "amounts: {}",
            'amounts: {2023: {total: "' + "9" * 5000 + '.00", inhabitants_at: 2022-01-01}}',
            "data/agreement.yaml:111:27: contribution.amounts[2023].total: more than the "
            "largest amount allowed, € 1.000.000.000.000,00, got '"
            + "9" * 58
            + "… (5,005 characters)",
        ),
    ],
    ids=[
        "5000-digit-count",
        "a-billion-inhabitants",
        "five-trillion-euro",
        "4400-digit-year",
        "5000-digit-amount",
    ],
)
def test_a_number_beyond_bounds_is_a_data_error(
    run: Run, data_dir: Path, file: str, old: str, new: str, expected: str
) -> None:
    _replace(data_dir / file, old, new)
    for command in (["status"], ["budget", "--total", "1"], ["contributions"]):
        result = run(*command)
        assert (result.exit_code, result.stdout) == (1, ""), command
        assert result.stderr == f"opgave: error: {expected}\n", command
    check = run("check")
    assert check.exit_code == 1
    assert "Traceback" not in check.stdout + check.stderr


@pytest.mark.parametrize("digits", [28, 29, 5000])
def test_an_amount_argument_of_many_digits_is_refused_shortened(
    run: Run, data_dir: Path, digits: int
) -> None:
    # Found in an audit: `pay --amount` of 28 digits or more was a bug (exit 3): the
    # quantize to cents failed beyond Decimal's precision before the bound was checked.
    nines = "9" * digits
    shown = repr(nines) if digits < 59 else repr(nines)[:59] + f"… ({digits + 2:,} characters)"
    paid = run("pay", "arnhem", "--year", "2023", "--amount", nines, "--date", "2023-03-01")
    assert (paid.exit_code, paid.stderr) == (
        2,
        "opgave: error: --amount: more than the largest amount allowed, "
        f"€ 1.000.000.000.000,00, got {shown}\n",
    )
    budget = run("budget", "--total", nines)
    assert (budget.exit_code, budget.stderr) == (
        2,
        "opgave: error: --total: more than the largest amount allowed, "
        f"€ 1.000.000.000.000,00, got {shown}\n",
    )
