"""Dutch habits in what a person types (issue #22): on the command line a date may be
written day-month-year (``1-2-2023``, ``01-02-2023``) beside ISO, and an amount with a
decimal comma (``1234,56``, ``1.234,56``); ``250.000`` (thousands, or three decimals?) and
``1,234.56`` stay refused. In the data files, and in a CSV of signatures, the one form
stays: a date or an amount written the Dutch way there is refused with the words it had.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Run, signature_line
from opgave_cli.domain.dates import read_date
from opgave_cli.domain.money import parse_amount
from opgave_cli.errors import FieldError

# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-02-01", date(2023, 2, 1)),
        ("1-2-2023", date(2023, 2, 1)),
        ("01-02-2023", date(2023, 2, 1)),
        ("1-02-2023", date(2023, 2, 1)),
        ("01-2-2023", date(2023, 2, 1)),
        ("31-12-2024", date(2024, 12, 31)),
        ("29-2-2024", date(2024, 2, 29)),  # a leap day
    ],
)
def test_a_date_typed_the_dutch_way_is_read(text: str, expected: date) -> None:
    assert read_date(text, "date") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("29-2-2023", "--date 29-2-2023 is not a real calendar date"),
        ("1-13-2023", "--date 1-13-2023 is not a real calendar date"),  # month 13: not M-D-Y
        ("0-2-2023", "--date 0-2-2023 is not a real calendar date"),
        ("32-1-2023", "--date 32-1-2023 is not a real calendar date"),
        ("1-2-23", "--date must be a date as YYYY-MM-DD, got '1-2-23'"),  # the century?
        ("1/2/2023", "--date must be a date as YYYY-MM-DD, got '1/2/2023'"),
        ("1.2.2023", "--date must be a date as YYYY-MM-DD, got '1.2.2023'"),
        ("001-02-2023", "--date must be a date as YYYY-MM-DD, got '001-02-2023'"),
        ("1-2-02023", "--date must be a date as YYYY-MM-DD, got '1-2-02023'"),
        ("1 februari 2023", "--date must be a date as YYYY-MM-DD, got '1 februari 2023'"),
        ("2023-2-1", "--date must be a date as YYYY-MM-DD, got '2023-2-1'"),
    ],
)
def test_other_ways_of_writing_a_date_stay_refused(text: str, message: str) -> None:
    with pytest.raises(FieldError) as refused:
        read_date(text, "date")
    assert refused.value.worded("--date") == message


def test_a_cell_of_a_file_is_read_as_iso_only() -> None:
    assert read_date("2023-02-01", "date", dutch=False) == date(2023, 2, 1)
    with pytest.raises(FieldError) as refused:
        read_date("1-2-2023", "date", dutch=False)
    assert str(refused.value) == "date must be a date as YYYY-MM-DD, got '1-2-2023'"


def test_sign_and_amend_take_a_dutch_date(run: Run, data_dir: Path) -> None:
    result = run("sign", "arnhem", "--date", "1-2-2023", "--place", "Arnhem")
    assert (result.exit_code, result.stderr) == (0, "")
    assert signature_line(data_dir, "arnhem") == "signature: {date: 2023-02-01, place: Arnhem}"
    assert run("amend", "arnhem", "--date", "03-02-2023").exit_code == 0
    assert signature_line(data_dir, "arnhem") == "signature: {date: 2023-02-03, place: Arnhem}"


def test_a_dutch_date_in_a_data_file_stays_refused(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - slug: arnhem\n")
    at = text.index("    signature: null", start)
    path.write_text(
        text[:at] + "    signature: {date: 1-2-2023}" + text[at + len("    signature: null") :],
        encoding="utf-8",
    )
    result = run("check")
    assert result.exit_code == 1
    assert (
        "data/gemeenten.yaml:34:23: error: gemeenten[arnhem].signature.date: expected a date "
        "as YYYY-MM-DD [format]\n"
    ) in result.stdout


# --- amounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1.234.567,89", "1234567.89"),
        ("250.000,00", "250000.00"),
        ("250000,5", "250000.50"),
        ("0,01", "0.01"),
        (" 12,30 ", "12.30"),
        ("1234.56", "1234.56"),  # the decimal point, as before
        ("250000", "250000.00"),
    ],
)
def test_an_amount_typed_with_a_decimal_comma_is_read(text: str, expected: str) -> None:
    assert str(parse_amount(text, "total")) == expected


def test_a_credit_typed_with_a_decimal_comma_is_read() -> None:
    assert str(parse_amount("-1.234,56", "amount", signed=True)) == "-1234.56"


GENERIC = '--total: expected an amount in euro, e.g. "250000.00", got '
SEPARATORS = '--total: write the amount without thousands separators, e.g. "250000.00", got '


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Thousands to a Dutch reader, decimals to an English one: asked, not guessed.
        (
            "250.000",
            "--total: '250.000' can be read two ways: write 250000 or 250.000,00 for "
            "€ 250.000,00, or 250.00 for € 250,00",
        ),
        ("1,234.56", SEPARATORS + "'1,234.56'"),
        ("12,345", SEPARATORS + "'12,345'"),
        ("1.000.000", "--total: '1.000.000': write 1000000 or 1.000.000,00 for € 1.000.000,00"),
        ("1.23,45", GENERIC + "'1.23,45'"),
        ("1234,567", GENERIC + "'1234,567'"),
        (",50", GENERIC + "',50'"),
        ("1,", GENERIC + "'1,'"),
        ("-1,00", "--total: must not be negative, got '-1,00'"),  # shown as typed
        (
            "1.000.000.000.000,01",
            "--total: more than the largest amount allowed, € 1.000.000.000.000,00, "
            "got '1.000.000.000.000,01'",
        ),
    ],
)
def test_other_ways_of_writing_an_amount_stay_refused(text: str, message: str) -> None:
    with pytest.raises(FieldError) as refused:
        parse_amount(text, "total")
    assert refused.value.worded("--total") == message


def test_pay_takes_a_decimal_comma_and_a_dutch_date(run: Run, data_dir: Path) -> None:
    typed = ("arnhem", "--year", "2023", "--amount", "52.414,93", "--date", "1-3-2023")
    result = run("pay", *typed, "--reference", "F-1")
    assert (result.exit_code, result.stderr) == (0, "")
    # The same line as for --amount 52414.93 --date 2023-03-01 (test_pay.py): the same id.
    assert (
        (data_dir / "payments.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "  - {id: p-fc8c69541c15, gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "
            '"52414.93", reference: F-1}\n'
        )
    )


def test_budget_total_with_a_decimal_comma_is_the_same_split(run: Run) -> None:
    assert (
        run("budget", "--total", "250.000,00").stdout == run("budget", "--total", "250000").stdout
    )


def test_a_decimal_comma_in_the_ledger_stays_refused(run: Run, data_dir: Path) -> None:
    with (data_dir / "payments.yaml").open("a", encoding="utf-8") as ledger:
        ledger.write('  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "1.234,56"}\n')
    result = run("check")
    assert result.exit_code == 1
    assert (
        'payments[#1].amount: use a decimal point, not a decimal comma: "1234.56", got '
        "'1.234,56' [format]\n"
    ) in result.stdout


def test_a_dutch_date_in_a_csv_of_signatures_stays_refused(run: Run, project: Path) -> None:
    (project / "rows.csv").write_text("party,date\narnhem,1-2-2023\n", encoding="utf-8")
    result = run("sign", "--from", "rows.csv")
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: rows.csv:2: date must be a date as YYYY-MM-DD, got '1-2-2023'\n"
        "opgave: error: nothing was written: 1 row is wrong\n",
    )
