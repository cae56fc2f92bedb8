"""`opgave check` on the ledger (data/payments.yaml) and on the contribution amounts:
each problem with its exact ``file:line:column: severity: path: message [rule]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run

HEAD = "# ledger\npayments:\n"  # the first payment is on line 3
GOOD = '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "52414.93", reference: F-1}\n'


def set_participates(data_dir: Path, slug: str, value: bool) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - slug: {slug}\n")
    at = text.index("    participates: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"    participates: {str(value).lower()}" + text[end:], "utf-8")


# One wording per mistake (issue 20), in the file as on the command line.
UNQUOTED = 'write the amount as a quoted string, e.g. "{}": unquoted, YAML reads it as a number'
CASES = [
    (
        '  - {gemeente: utrecht, year: 2023, date: 2023-03-01, amount: "1.00"}\n',
        "data/payments.yaml:4:16: error: payments[#2].gemeente: no municipality with slug "
        "'utrecht' in gemeenten.yaml [payment-gemeente]",
    ),
    (
        '  - {gemeente: rozendaal, year: 2023, date: 2023-03-01, amount: "1.00"}\n',
        "data/payments.yaml:4:16: error: payments[#2].gemeente: Rozendaal does not take part in "
        "the opgave (participates: false) [payment]",
    ),
    (
        '  - {gemeente: arnhem, year: 2025, date: 2023-03-01, amount: "1.00"}\n',
        "data/payments.yaml:4:30: error: payments[#2].year: year 2025 is outside the term "
        "(2023-2024) [payment]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-06-02, amount: "1.00"}\n',
        "data/payments.yaml:4:42: error: payments[#2].date: 2023-06-02 is in the future (today is "
        "2023-06-01) [payment]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2022-08-30, amount: "1.00"}\n',
        "data/payments.yaml:4:42: error: payments[#2].date: 2022-08-30 is before 2022-08-31, the "
        "date of the dagelijks bestuur's decision that the agreement rests on [payment]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "-1.00"}\n',
        "data/payments.yaml:4:5: error: payments[#2].reference: a credit (a negative amount) "
        "needs a reference [payment]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-03-05, amount: "52414.93", '
        "reference: F-1}\n",
        "data/payments.yaml:4:5: warning: payments[#2]: the same payment as payments[#1] (arnhem, "
        "2023, 52414.93, reference F-1); if both are real, give them different references "
        "[payment-duplicate]",
    ),
    (
        "  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: 1.5}\n",
        f"data/payments.yaml:4:62: error: payments[#2].amount: {UNQUOTED.format('1.50')} [format]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "1.005"}\n',
        "data/payments.yaml:4:62: error: payments[#2].amount: at most two decimals (whole "
        "cents), got '1.005' [format]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "1,00"}\n',
        "data/payments.yaml:4:62: error: payments[#2].amount: use a decimal point, not a "
        "decimal comma: \"1.00\", got '1,00' [format]",
    ),
    (
        "  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: 100}\n",
        "data/payments.yaml:4:62: error: payments[#2].amount: "
        f"{UNQUOTED.format('100.00')} [format]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "0.00"}\n',
        "data/payments.yaml:4:62: error: payments[#2].amount: a payment of 0 is not a payment "
        "[format]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-02-30, amount: "1.00"}\n',
        "data/payments.yaml:4:42: error: payments[#2].date: 2023-02-30 is not a real calendar date "
        "[date]",
    ),
    (
        '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "1.00", paid: yes}\n',
        "data/payments.yaml:4:70: error: payments[#2].paid: unknown key 'paid' [unknown-key]",
    ),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_a_ledger_problem(run: Run, data_dir: Path, line: str, expected: str) -> None:
    set_participates(data_dir, "rozendaal", False)
    (data_dir / "payments.yaml").write_text(HEAD + GOOD + line, encoding="utf-8")
    result = run("check")
    warning = " warning: " in expected
    assert result.exit_code == (0 if warning else 1)
    counts = "0 errors, 1 warning" if warning else "1 error, 0 warnings"
    assert result.stdout == (
        f"{expected}\n"
        f"{'OK' if warning else 'Failed'}: data/agreement.yaml, data/gemeenten.yaml and "
        f"data/payments.yaml: {counts}\n"
    )
    if warning:
        assert run("check", "--strict").exit_code == 1


def test_every_problem_in_one_run(run: Run, data_dir: Path) -> None:
    set_participates(data_dir, "rozendaal", False)
    lines = "".join(line for line, _ in CASES)
    (data_dir / "payments.yaml").write_text(HEAD + GOOD + lines, encoding="utf-8")
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    found = [
        f"{p['file']}:{p['line']}:{p['column']}: {p['severity']}: {p['path']}: {p['message']}"
        f" [{p['rule']}]"
        for p in problems
    ]
    # The same problems, each on its own line now (payments[#2] is line 4, ...); a
    # duplicate is only seen when its record validates.
    expected = [
        e.replace(":4:", f":{4 + i}:", 1).replace("payments[#2]", f"payments[#{2 + i}]")
        for i, (_, e) in enumerate(CASES)
    ]
    assert len(found) == len(expected) + 1
    assert sorted(found) == sorted(
        [
            *expected,
            # payments[#6] is the same payment as payments[#5]: another date only.
            "data/payments.yaml:8:5: warning: payments[#6]: the same payment as payments[#5] "
            "(arnhem, 2023, 1.00, reference none); if both are real, give them different "
            "references [payment-duplicate]",
        ]
    )


def test_a_duplicate_with_a_different_date_is_still_a_duplicate(run: Run, data_dir: Path) -> None:
    (data_dir / "payments.yaml").write_text(
        HEAD
        + '  - {gemeente: duiven, year: 2023, date: 2023-03-01, amount: "100"}\n'
        + '  - {gemeente: duiven, year: 2023, date: 2023-04-01, amount: "100.00"}\n'
        + '  - {gemeente: duiven, year: 2024, date: 2023-04-01, amount: "100.00"}\n',
        encoding="utf-8",
    )
    result = run("check", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "::warning file=data/payments.yaml,line=4,col=5,title=opgave check%3A "
        "payment-duplicate::payments[#2]: the same payment as payments[#1] (duiven, 2023, 100.00, "
        "reference none); if both are real, give them different references"
    )


def test_an_amount_split_on_a_date_without_counts(run: Run, data_dir: Path) -> None:
    path = data_dir / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    amounts = (
        "  amounts:\n"
        '    2023: {total: "250000.00", inhabitants_at: 2021-01-01}\n'
        '    2025: {total: "1.00", inhabitants_at: 2022-01-01}\n'
    )
    path.write_text(text.replace("  amounts: {}\n", amounts), encoding="utf-8")
    line = text[: text.index("  amounts: {}\n")].count("\n") + 2  # the line of 2023
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"data/agreement.yaml:{line}:48: error: contribution.amounts[2023].inhabitants_at: the "
        "2023 amount is split on the inhabitants at 2021-01-01, but gemeenten.yaml has no count "
        "at that date for Arnhem, Berg en Dal, Beuningen and 15 more [inhabitants-at]\n"
        f"data/agreement.yaml:{line + 1}:5: error: contribution.amounts[2025]: year 2025 is "
        "outside the term (2023-2024) [contribution-year]\n"
        "Failed: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: 2 errors, "
        "0 warnings\n"
    )


def test_one_municipality_without_a_count_at_the_date(run: Run, data_dir: Path) -> None:
    path = data_dir / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "  amounts: {}\n",
            '  amounts:\n    2023: {total: "250000.00", inhabitants_at: 2022-01-01}\n',
        ),
        encoding="utf-8",
    )
    gemeenten = data_dir / "gemeenten.yaml"
    g = gemeenten.read_text(encoding="utf-8")
    gemeenten.write_text(g.replace("{2022-01-01: 1756, ", "{"), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].endswith(
        ": error: contribution.amounts[2023].inhabitants_at: the 2023 amount is split on the "
        "inhabitants at 2022-01-01, but gemeenten.yaml has no count at that date for Rozendaal "
        "[inhabitants-at]"
    )
    # Not taking part, it needs no count.
    set_participates(data_dir, "rozendaal", False)
    assert run("check").exit_code == 0


def test_an_unknown_municipality_in_the_ledger_gets_the_closest_slugs(
    run: Run, data_dir: Path
) -> None:
    ledger = data_dir / "payments.yaml"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + '  - {gemeente: arnhm, year: 2023, date: 2023-03-01, amount: "1.00"}\n',
        encoding="utf-8",
    )
    assert run("check").stdout.splitlines()[0] == (
        "data/payments.yaml:10:16: error: payments[#1].gemeente: no municipality with slug "
        "'arnhm' in gemeenten.yaml; did you mean: arnhem? [payment-gemeente]"
    )
