"""`opgave pay`: one line appended to data/payments.yaml, every earlier byte unchanged.

Each test works on a copy of data/ (today is 2023-06-01, inside the term); the
ledger is started from the shipped file, from none, and from the other ways a
person may have written an empty or ended ledger.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run

ARNHEM = ("arnhem", "--year", "2023", "--amount", "52414.93", "--date", "2023-03-01")
# The id is a hash of the payment's content (domain.ledger.with_id): fixed for fixed content.
LINE = (
    '  - {id: p-fc8c69541c15, gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "52414.93", '
    "reference: F-1}\n"
)
ECHO = (
    "Recorded: Arnhem paid € 52.414,93 for 2023 on 2023-03-01 (F-1).\n"
    "No amount for 2023 is recorded, so nothing is due yet; Arnhem has paid € 52.414,93 "
    "for 2023.\n"
)
# What `opgave pay` writes when there is no ledger yet (store.LEDGER_HEADER).
HEADER = """\
# Checked by `opgave check`; `opgave schema --out DIR` writes JSON Schemas for editors.
#
# The ledger of contributions paid: one line per payment (a credit is negative
# and has a reference), appended by `opgave pay`; earlier lines never change.
# Git merges it with its union driver (.gitattributes: payments.yaml merge=union),
# so that payments recorded in two clones both land. `opgave check` checks it.
payments:
"""
AMOUNTS = """\
  amounts:
    2023: {total: "250000.00", inhabitants_at: 2022-01-01}
    2024: {total: "260000.00", inhabitants_at: 2023-01-01}
"""


def ledger(data_dir: Path) -> bytes:
    return (data_dir / "payments.yaml").read_bytes()


def set_amounts(data_dir: Path) -> None:
    path = data_dir / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  amounts: {}\n") == 1
    path.write_text(text.replace("  amounts: {}\n", AMOUNTS), encoding="utf-8")


def test_pay_appends_one_line(run: Run, data_dir: Path) -> None:
    before = ledger(data_dir)
    result = run("pay", *ARNHEM, "--reference", "F-1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ECHO
    assert ledger(data_dir) == before + LINE.encode()
    assert before.endswith(b"\npayments:\n")
    assert run("check").exit_code == 0


def test_a_second_payment_goes_below_the_first(run: Run, data_dir: Path) -> None:
    before = ledger(data_dir)
    assert run("pay", *ARNHEM, "--reference", "F-1").exit_code == 0
    result = run("pay", "Berg en Dal", "--year", "2024", "--amount", "100", "--date", "2023-05-01")
    assert result.stdout == (
        "Recorded: Berg en Dal paid € 100,00 for 2024 on 2023-05-01.\n"
        "No amount for 2024 is recorded, so nothing is due yet; Berg en Dal has paid "
        "€ 100,00 for 2024.\n"
    )
    second = (
        "  - {id: p-ab2a6eaf3823, gemeente: berg-en-dal, year: 2024, date: 2023-05-01, amount: "
        '"100.00"}\n'
    )
    assert ledger(data_dir) == before + LINE.encode() + second.encode()


def test_pay_with_amounts_says_what_is_outstanding(run: Run, data_dir: Path) -> None:
    set_amounts(data_dir)
    result = run("pay", "duiven", "--year", "2023", "--amount", "100", "--date", "2023-03-02")
    assert result.stdout == (
        "Recorded: Duiven paid € 100,00 for 2023 on 2023-03-02.\n"
        "Duiven has paid € 100,00 of € 7.858,81 due for 2023; outstanding € 7.758,81.\n"
    )
    result = run("pay", *ARNHEM, "--reference", "F-1")
    assert result.stdout == (
        "Recorded: Arnhem paid € 52.414,93 for 2023 on 2023-03-01 (F-1).\n"
        "Arnhem has paid € 52.414,93 of € 51.630,11 due for 2023: € 784,82 overpaid.\n"
    )
    result = run(
        "pay", "arnhem", "--year", "2023", "--amount=-784.82", "--date", "2023-04-01",
        "--reference", "C-1",
    )  # fmt: skip
    assert result.stdout == (
        "Recorded: Arnhem credited € 784,82 for 2023 on 2023-04-01 (C-1).\n"
        "Arnhem has paid € 51.630,11 of € 51.630,11 due for 2023; outstanding € 0,00.\n"
    )
    assert ledger(data_dir).endswith(
        b"  - {id: p-51912bfb2ca7, gemeente: arnhem, year: 2023, date: 2023-04-01, amount: "
        b'"-784.82", reference: C-1}\n'
    )


def test_dry_run_prints_the_diff_and_writes_nothing(run: Run, data_dir: Path) -> None:
    before = ledger(data_dir)
    result = run("pay", *ARNHEM, "--reference", "F-1", "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    lines = before.decode().splitlines(keepends=True)
    assert len(lines) == 9
    assert result.stdout == (
        "--- a/data/payments.yaml\n"
        "+++ b/data/payments.yaml\n"
        "@@ -7,3 +7,4 @@\n"
        f" {lines[6]} {lines[7]} {lines[8]}+{LINE}" + ECHO.replace("Recorded:", "Would record:")
    )
    assert ledger(data_dir) == before


def test_a_ledger_is_started_when_there_is_none(run: Run, data_dir: Path) -> None:
    (data_dir / "payments.yaml").unlink()
    result = run("pay", *ARNHEM, "--reference", "F-1")
    assert (result.exit_code, result.stdout) == (0, ECHO)
    assert ledger(data_dir).decode() == HEADER + LINE
    check = run("check")
    assert check.exit_code == 0
    assert check.stdout.endswith(
        "OK: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: "
        "0 errors, 0 warnings\n"
    )


def test_dry_run_without_a_ledger_creates_none(run: Run, data_dir: Path) -> None:
    (data_dir / "payments.yaml").unlink()
    result = run("pay", *ARNHEM, "--reference", "F-1", "--dry-run")
    assert result.exit_code == 0
    added = "".join(f"+{line}" for line in (HEADER + LINE).splitlines(keepends=True))
    assert result.stdout.startswith(
        "--- a/data/payments.yaml\n+++ b/data/payments.yaml\n@@ -0,0 +1,8 @@\n" + added
    )
    assert not (data_dir / "payments.yaml").exists()


# Each start of a ledger, and the exact text after `pay`. Found while writing these
# tests: `payments: ~` and `payments: null` gave invalid YAML (refused), `payments: []`
# followed by a comment was refused as "not the last key", and in a CRLF file the
# new line had LF only.
STARTS = [
    ("payments: []\n", f"payments:\n{LINE}"),
    ("payments:\n", f"payments:\n{LINE}"),
    ("payments:", f"payments:\n{LINE}"),
    ("payments: ~\n", f"payments:\n{LINE}"),
    ("payments: null # none yet\n", f"payments: # none yet\n{LINE}"),
    ("payments: [] # none yet\n", f"payments: # none yet\n{LINE}"),
    ("payments: []\n# the end\n", f"payments:\n# the end\n{LINE}"),
    (
        'payments:\n  - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\n'
        "# Payments above this line.\n",
        'payments:\n  - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\n'
        f"# Payments above this line.\n{LINE}",
    ),
    (
        'payments:\n  - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}',
        'payments:\n  - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\n' + LINE,
    ),
    (
        'payments:\n    - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\n',
        'payments:\n    - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\n'
        f"  {LINE}",
    ),
    (
        "# ledger\r\npayments:\r\n"
        '  - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\r\n',
        "# ledger\r\npayments:\r\n"
        '  - {gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}\r\n'
        + LINE.replace("\n", "\r\n"),
    ),
    ("# ledger\r\npayments: []\r\n", "# ledger\r\npayments:\r\n" + LINE.replace("\n", "\r\n")),
    ("\ufeffpayments:\n", f"\ufeffpayments:\n{LINE}"),
]


@pytest.mark.parametrize(
    ("start", "expected"),
    STARTS,
    ids=[
        "empty-list",
        "null",
        "null-no-newline",
        "tilde",
        "null-comment",
        "empty-list-comment",
        "empty-list-then-comment",
        "comment-at-the-end",
        "no-final-newline",
        "indented-4",
        "crlf",
        "crlf-empty-list",
        "bom",
    ],
)
def test_each_start_of_a_ledger(run: Run, data_dir: Path, start: str, expected: str) -> None:
    (data_dir / "payments.yaml").write_bytes(start.encode())
    result = run("pay", *ARNHEM, "--reference", "F-1")
    assert (result.exit_code, result.stderr, result.stdout) == (0, "", ECHO)
    assert ledger(data_dir) == expected.encode()
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            'payments: [{gemeente: duiven, year: 2023, date: 2023-02-01, amount: "1.00"}]\n',
            "data/payments.yaml: `payments` must be a list with one item per line to append to it",
        ),
        ("", "data/payments.yaml:1:1: the file is empty"),
        (
            'payments:\n  - {gemeente: utrecht, year: 2023, date: 2023-02-01, amount: "1.00"}\n',
            "data/payments.yaml:2:16: payments[#1].gemeente: no municipality with slug 'utrecht' "
            "in gemeenten.yaml",
        ),
    ],
    ids=["flow-list", "empty-file", "invalid-ledger"],
)
def test_a_ledger_that_cannot_be_appended_to(
    run: Run, data_dir: Path, start: str, message: str
) -> None:
    (data_dir / "payments.yaml").write_text(start, encoding="utf-8")
    result = run("pay", *ARNHEM, "--reference", "F-1")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"opgave: error: {message}\n"
    assert ledger(data_dir) == start.encode()


def test_a_reference_that_needs_quoting_reads_back(run: Run, data_dir: Path) -> None:
    before = ledger(data_dir)
    result = run("pay", *ARNHEM, "--reference", "yes")
    assert result.exit_code == 0
    result = run("pay", *ARNHEM, "--reference", "F: 2 # x")
    assert result.exit_code == 0
    assert ledger(data_dir) == before + (
        b"  - {id: p-e02b82e56a0a, gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "
        b'"52414.93", reference: "yes"}\n'
        b"  - {id: p-a2ae0f2f1617, gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "
        b'"52414.93", reference: "F: 2 # x"}\n'
    )
    assert run("check").exit_code == 0


# --- refusals -----------------------------------------------------------------------


def set_participates(data_dir: Path, slug: str, value: bool) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - slug: {slug}\n")
    at = text.index("    participates: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"    participates: {str(value).lower()}" + text[end:], "utf-8")


REFUSALS = [
    (
        ["arnhm", "--year", "2023", "--amount", "1", "--date", "2023-03-01"],
        2,
        "unknown municipality 'arnhm'; did you mean: arnhem? (opgave status lists them all)",
    ),
    (
        ["gmr", "--year", "2023", "--amount", "1", "--date", "2023-03-01"],
        2,
        "unknown municipality 'gmr' (opgave status lists them all)",
    ),
    (
        ["rozendaal", "--year", "2023", "--amount", "1", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Rozendaal: Rozendaal does not take part in the opgave "
        "(participates: false)",
    ),
    (
        ["arnhem", "--year", "2025", "--amount", "1", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Arnhem: year 2025 is outside the term (2023-2024)",
    ),
    (
        ["arnhem", "--year", "2022", "--amount", "1", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Arnhem: year 2022 is outside the term (2023-2024)",
    ),
    (
        # Found while writing these tests: was "--year: Input should be less than or
        # equal to 2999" (exit 2), unlike every other year outside the term.
        ["arnhem", "--year", "3000", "--amount", "1", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Arnhem: year 3000 is outside the term (2023-2024)",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "0", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Arnhem: a payment of 0 is not a payment",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "0.00", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Arnhem: a payment of 0 is not a payment",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "1.234", "--date", "2023-03-01"],
        2,
        "--amount: '1.234' can be read two ways: write 1234 or 1.234,00 for € 1.234,00, or "
        "1.23 for € 1,23",
    ),
    (
        # 1,00 and 1.234,56 are understood on the command line; a comma of thousands is not.
        ["arnhem", "--year", "2023", "--amount", "1,234.56", "--date", "2023-03-01"],
        2,
        '--amount: write the amount without thousands separators, e.g. "250000.00", '
        "got '1,234.56'",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "1.000.000", "--date", "2023-03-01"],
        2,
        "--amount: '1.000.000': write 1000000 or 1.000.000,00 for € 1.000.000,00",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "1e3", "--date", "2023-03-01"],
        2,
        "--amount: expected an amount in euro, e.g. \"250000.00\", got '1e3'",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "NaN", "--date", "2023-03-01"],
        2,
        "--amount: expected an amount in euro, e.g. \"250000.00\", got 'NaN'",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "+5", "--date", "2023-03-01"],
        2,
        "--amount: expected an amount in euro, e.g. \"250000.00\", got '+5'",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "1000000000000.01", "--date", "2023-03-01"],
        2,
        "--amount: more than the largest amount allowed, € 1.000.000.000.000,00, "
        "got '1000000000000.01'",
    ),
    (
        ["arnhem", "--year", "2023", "--amount=-5", "--date", "2023-03-01"],
        1,
        "cannot record a payment by Arnhem: a credit (a negative amount) needs a reference",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "5", "--date", "2023-06-02"],
        1,
        "cannot record a payment by Arnhem: 2023-06-02 is in the future (today is 2023-06-01)",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "5", "--date", "2022-08-30"],
        1,
        "cannot record a payment by Arnhem: 2022-08-30 is before 2022-08-31, the date of the "
        "dagelijks bestuur's decision that the agreement rests on",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "5", "--date", "2023-02-30"],
        2,
        "--date 2023-02-30 is not a real calendar date",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "5", "--date", "2023.03.01"],
        2,
        "--date must be a date as YYYY-MM-DD, got '2023.03.01'",
    ),
    (
        [
            "arnhem",
            "--year",
            "2023",
            "--amount",
            "5",
            "--date",
            "2023-03-01",
            "--reference",
            "a\nb",
        ],
        2,
        "--reference: control character U+000A in the text; only printable text on one line "
        "is allowed",
    ),
    (
        [
            "arnhem",
            "--year",
            "2023",
            "--amount",
            "5",
            "--date",
            "2023-03-01",
            "--reference",
            "\u200b",
        ],
        2,
        "--reference: invisible character U+200B in the text; only printable text on one "
        "line is allowed",
    ),
    (
        ["arnhem", "--year", "2023", "--amount", "5"],
        2,
        "Missing option '--date'. (see `opgave pay --help`)",
    ),
]


@pytest.mark.parametrize(
    ("args", "code", "message"), REFUSALS, ids=[str(i) for i in range(len(REFUSALS))]
)
def test_refusals(run: Run, data_dir: Path, args: list[str], code: int, message: str) -> None:
    set_participates(data_dir, "rozendaal", False)
    before = ledger(data_dir)
    result = run("pay", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr == f"opgave: error: {message}\n"
    assert ledger(data_dir) == before


def test_the_decision_date_itself_is_allowed(run: Run, data_dir: Path) -> None:
    result = run("pay", "arnhem", "--year", "2023", "--amount", "5", "--date", "2022-08-31")
    assert result.exit_code == 0
    assert ledger(data_dir).endswith(
        b"  - {id: p-75b856524ee7, gemeente: arnhem, year: 2023, date: 2022-08-31, amount: "
        b'"5.00"}\n'
    )


def test_the_same_payment_twice_is_refused(run: Run, data_dir: Path) -> None:
    assert run("pay", *ARNHEM, "--reference", "F-1").exit_code == 0
    before = ledger(data_dir)
    # Another date, the same municipality, year, amount and reference: the same payment.
    again = ("arnhem", "--year", "2023", "--amount", "52414.930", "--date", "2023-03-05")
    assert run("pay", *again, "--reference", "F-1").exit_code == 2  # three decimals
    result = run("pay", *again[:4], "52414.93", *again[5:], "--reference", " F-1 ")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "opgave: error: the same payment is already recorded (payments[#1]: Arnhem, 2023, "
        "52414.93, reference F-1); if this is a second payment, give it its own --reference\n"
    )
    assert ledger(data_dir) == before
    # Its own reference makes it a second payment.
    result = run("pay", *again[:4], "52414.93", *again[5:], "--reference", "F-2")
    assert result.exit_code == 0


def test_the_same_payment_without_reference_is_refused(run: Run, data_dir: Path) -> None:
    args = ("duiven", "--year", "2023", "--amount", "100", "--date", "2023-03-01")
    assert run("pay", *args).exit_code == 0
    result = run("pay", *args[:4], "100.00", *args[5:])
    assert result.exit_code == 1
    assert result.stderr == (
        "opgave: error: the same payment is already recorded (payments[#1]: Duiven, 2023, "
        "100.00, reference none); if this is a second payment, give it its own --reference\n"
    )
