"""`opgave sign --from FILE.csv` (issue #14, part 4): every row checked first by the rules
of `sign`; one write of all of them, or nothing, with every failing row named by its
line in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, data_files, signature_line

HEADER = "party,date,place,signatory,capacity\n"


def csv_file(project: Path, text: str | bytes, name: str = "signatures.csv") -> str:
    path = project / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return name


GOOD = (
    HEADER
    + "arnhem,2023-02-01,Arnhem,A. Marcouch,burgemeester\n"
    + "Nijmegen,2023-02-02,,,\n"
    + "berg en dal,2023-02-03,Groesbeek,,Namens de Burgemeester\n"
)


def test_every_row_is_recorded_in_one_write(run: Run, project: Path, data_dir: Path) -> None:
    result = run("sign", "--from", csv_file(project, GOOD))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Recorded: Arnhem signed on 2023-02-01 in Arnhem, by A. Marcouch, burgemeester\n"
        "Recorded: Nijmegen signed on 2023-02-02, place not given\n"
        "Recorded: Berg en Dal signed on 2023-02-03 in Groesbeek, namens de burgemeester\n"
        "3 of 18 municipalities signed\n"
    )
    assert signature_line(data_dir, "arnhem") == (
        "signature: {date: 2023-02-01, place: Arnhem, signatory: A. Marcouch, "
        "capacity: burgemeester}"
    )
    assert signature_line(data_dir, "nijmegen") == "signature: {date: 2023-02-02}"
    assert signature_line(data_dir, "berg-en-dal") == (
        "signature: {date: 2023-02-03, place: Groesbeek, capacity: namens de burgemeester}"
    )
    assert run("check").exit_code == 0


def test_dry_run_shows_the_whole_diff_and_writes_nothing(
    run: Run, project: Path, data_dir: Path
) -> None:
    before = data_files(data_dir)
    result = run("sign", "--from", csv_file(project, GOOD), "--dry-run")
    assert (result.exit_code, result.stderr) == (0, "")
    diff = [line for line in result.stdout.splitlines() if line[:1] in "+-@"]
    assert diff == [
        "--- a/data/gemeenten.yaml",
        "+++ b/data/gemeenten.yaml",
        "@@ -31,7 +31,7 @@",
        "-    signature: null",
        "+    signature: {date: 2023-02-01, place: Arnhem, signatory: A. Marcouch, "
        "capacity: burgemeester}",
        "@@ -39,7 +39,7 @@",
        "-    signature: null",
        "+    signature: {date: 2023-02-03, place: Groesbeek, capacity: namens de burgemeester}",
        "@@ -111,7 +111,7 @@",
        "-    signature: null",
        "+    signature: {date: 2023-02-02}",
    ]
    assert result.stdout.splitlines()[-4:] == [
        "Would record: Arnhem signed on 2023-02-01 in Arnhem, by A. Marcouch, burgemeester",
        "Would record: Nijmegen signed on 2023-02-02, place not given",
        "Would record: Berg en Dal signed on 2023-02-03 in Groesbeek, namens de burgemeester",
        "3 of 18 municipalities signed",
    ]
    assert data_files(data_dir) == before


def test_semicolons_a_byte_order_mark_crlf_and_blank_lines(
    run: Run, project: Path, data_dir: Path
) -> None:
    text = (
        "\ufeffParty ; Date;place;signatory;capacity\r\n"
        'duiven;2023-02-01;Duiven;"Haverkamp; M.";\r\n'
        "\r\n"
        "gmr;2023-03-01;Nijmegen;;\r\n"
    )
    result = run("sign", "--from", csv_file(project, text))
    assert result.exit_code == 0, result.stderr
    assert signature_line(data_dir, "duiven") == (
        'signature: {date: 2023-02-01, place: Duiven, signatory: "Haverkamp; M."}'
    )
    assert (
        (data_dir / "agreement.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "  signature: {date: 2023-03-01, place: Nijmegen, signatory: H.M.F. Bruls, "
            "capacity: voorzitter}\n"
        )
    )


def test_only_party_and_date_are_required(run: Run, project: Path, data_dir: Path) -> None:
    result = run("sign", "--from", csv_file(project, "date,party\n2023-02-01,renkum\n"))
    assert result.exit_code == 0, result.stderr
    assert signature_line(data_dir, "renkum") == "signature: {date: 2023-02-01}"


def test_every_failing_row_is_reported_and_nothing_is_written(
    run: Run, project: Path, data_dir: Path
) -> None:
    text = (
        HEADER
        + "arnhem,2023-02-01,Arnhem,,\n"  # 2: fine
        + "arnhm,2023-02-01,,,\n"  # 3: unknown
        + "nijmegen,2023-07-01,,,\n"  # 4: in the future
        + "duiven,2023-02-30,,,\n"  # 5: no such date
        + "ARNHEM,2023-02-02,,,\n"  # 6: twice
        + "rheden,2023-02-01,,,wethouder\n"  # 7: capacity
        + "wijchen,,,,\n"  # 8: no date: never today
        + "zevenaar,2023-02-01,,,,,\n"  # 9: too many cells
        + ",2023-02-01,,,\n"  # 10: no party
        + "heumen,2022-08-30,,,\n"  # 11: before the decision
        + "druten,01-02-2023,,,\n"  # 12: not ISO
    )
    before = data_files(data_dir)
    result = run("sign", "--from", csv_file(project, text))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "opgave: error: signatures.csv:3: unknown municipality 'arnhm'; did you mean: arnhem? "
        "(opgave status lists them all)",
        "opgave: error: signatures.csv:4: cannot record a signature for Nijmegen: 2023-07-01 is "
        "in the future (today is 2023-06-01)",
        "opgave: error: signatures.csv:5: date 2023-02-30 is not a real calendar date",
        "opgave: error: signatures.csv:6: Arnhem is listed twice (also line 2)",
        "opgave: error: signatures.csv:7: capacity for Rheden must be 'burgemeester' or "
        "'namens de burgemeester', got 'wethouder'",
        "opgave: error: signatures.csv:8: no date: every row needs its date",
        "opgave: error: signatures.csv:9: 7 cells, but the header has 5",
        "opgave: error: signatures.csv:10: no party: every row needs its party",
        "opgave: error: signatures.csv:11: cannot record a signature for Heumen: 2022-08-30 is "
        "before 2022-08-31, the date of the dagelijks bestuur's decision that the agreement "
        "rests on",
        "opgave: error: signatures.csv:12: date must be a date as YYYY-MM-DD, got '01-02-2023'",
        "opgave: error: nothing was written: 10 rows are wrong",
    ]
    assert data_files(data_dir) == before


def test_a_row_without_a_date_never_takes_today(run: Run, project: Path, data_dir: Path) -> None:
    before = data_files(data_dir)
    for text in ("party,date\nduiven,\n", "party,date\nduiven\n", "party,date,place\nduiven,,X\n"):
        result = run("sign", "--from", csv_file(project, text))
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            "opgave: error: signatures.csv:2: no date: every row needs its date\n"
            "opgave: error: nothing was written: 1 row is wrong\n",
        ), text
    assert data_files(data_dir) == before


def test_a_party_already_signed_needs_force(run: Run, project: Path, data_dir: Path) -> None:
    assert run("sign", "arnhem", "--date", "2023-01-15").exit_code == 0
    name = csv_file(project, HEADER + "arnhem,2023-02-01,Arnhem,,\nheumen,2023-02-01,,,\n")
    before = data_files(data_dir)
    refused = run("sign", "--from", name)
    assert refused.exit_code == 1
    assert refused.stderr == (
        "opgave: error: signatures.csv:2: Arnhem already signed on 2023-01-15; `opgave amend` "
        "corrects some of its fields, --force replaces it, `opgave unsign` removes it\n"
        "opgave: error: nothing was written: 1 row is wrong\n"
    )
    assert data_files(data_dir) == before
    forced = run("sign", "--from", name, "--force")
    assert forced.exit_code == 0
    assert forced.stdout == (
        "Replaced: Arnhem's signature of 2023-01-15; changes date 2023-01-15 → 2023-02-01; "
        "adds place Arnhem\n"
        "Recorded: Arnhem signed on 2023-02-01 in Arnhem\n"
        "Recorded: Heumen signed on 2023-02-01, place not given\n"
        "2 of 18 municipalities signed\n"
    )


def test_a_municipality_that_does_not_take_part_is_refused(
    run: Run, project: Path, data_dir: Path
) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    cut = text.index("participates: true", text.index("  - slug: montferland"))
    path.write_text(text[:cut] + "participates: false" + text[cut + 18 :], encoding="utf-8")
    result = run("sign", "--from", csv_file(project, "party,date\nmontferland,2023-02-01\n"))
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: signatures.csv:2: Montferland does not take part in the opgave "
        "(participates: false in gemeenten.yaml), so it does not sign it\n"
        "opgave: error: nothing was written: 1 row is wrong\n",
    )


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (
            HEADER.replace("\n", ",notes\n") + "arnhem,2023-02-01,,,,x\n",
            [
                "signatures.csv:1: unknown column 'notes'; the columns are "
                "party,date,place,signatory,capacity,evidence",
                "nothing was written",
            ],
        ),
        (
            "place,signatory\nArnhem,X\n",
            [
                "signatures.csv:1: no 'party' column; the header needs party and date",
                "nothing was written",
            ],
        ),
        (
            "party,place\narnhem,Arnhem\n",
            [
                "signatures.csv:1: no 'date' column; the header needs party and date",
                "nothing was written",
            ],
        ),
        (
            "party,date,date\narnhem,2023-02-01,2023-02-02\n",
            ["signatures.csv:1: column 'date' appears twice", "nothing was written"],
        ),
        (
            "",
            [
                "signatures.csv:1: the file is empty; expected a header: party,date,...",
                "nothing was written",
            ],
        ),
        (HEADER, ["signatures.csv:1: no rows under the header", "nothing was written"]),
        (
            HEADER + 'arnhem,"2023-02-01\n',
            [
                "signatures.csv:2: not valid CSV (unexpected end of data)",
                "nothing was written: 1 row is wrong",
            ],
        ),
    ],
)
def test_a_malformed_file_is_refused(
    run: Run, project: Path, data_dir: Path, text: str, messages: list[str]
) -> None:
    before = data_files(data_dir)
    result = run("sign", "--from", csv_file(project, text))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"opgave: error: {m}" for m in messages]
    assert data_files(data_dir) == before


def test_a_file_that_is_not_utf8_is_refused_not_garbled(
    run: Run, project: Path, data_dir: Path
) -> None:
    text = HEADER + "arnhem,2023-02-01,Arnhem,,\nrenkum,2023-02-01,Renkum,A. Schmidt-Çelik,\n"
    before = data_files(data_dir)
    result = run("sign", "--from", csv_file(project, text.encode("cp1252")))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "opgave: error: signatures.csv:3: not UTF-8 (byte 0xc7); save the file as CSV UTF-8\n"
        "opgave: error: nothing was written: 1 row is wrong\n"
    )
    assert data_files(data_dir) == before
    assert run("sign", "--from", csv_file(project, text)).exit_code == 0
    assert signature_line(data_dir, "renkum") == (
        "signature: {date: 2023-02-01, place: Renkum, signatory: A. Schmidt-Çelik}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["arnhem"], "--from takes every value from the file; PARTY goes without it"),
        (
            ["--date", "2023-02-01"],
            "--from takes every value from the file; --date goes without it",
        ),
        (["--place", "X"], "--from takes every value from the file; --place goes without it"),
    ],
)
def test_from_takes_no_other_values(run: Run, project: Path, args: list[str], message: str) -> None:
    result = run("sign", "--from", csv_file(project, GOOD), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"opgave: error: {message}\n",
    )


def test_a_missing_file_is_a_usage_error(run: Run, data_dir: Path) -> None:
    before = data_files(data_dir)
    result = run("sign", "--from", "nowhere.csv")
    assert (result.exit_code, result.stderr) == (2, "opgave: error: nowhere.csv: file not found\n")
    assert data_files(data_dir) == before


def test_ten_thousand_rows_of_one_party_are_a_screenful_and_linear(
    run: Run, project: Path, data_dir: Path
) -> None:
    """The "listed twice" check was quadratic (10,000 rows had not finished after 120 s),
    and every row was a line of the error (issue #21)."""
    rows = "".join("arnhem,2023-02-01,Arnhem,,\n" for _ in range(10_000))
    before = data_files(data_dir)
    result = run("sign", "--from", csv_file(project, HEADER + rows))
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 22
    assert lines[0] == "opgave: error: signatures.csv:3: Arnhem is listed twice (also line 2)"
    assert lines[19] == "opgave: error: signatures.csv:22: Arnhem is listed twice (also line 2)"
    assert lines[20:] == [
        "opgave: error: ... and 9,979 more rows like these",
        "opgave: error: nothing was written: 9,999 rows are wrong",
    ]
    assert data_files(data_dir) == before


def test_ten_thousand_bad_rows_are_a_screenful(run: Run, project: Path) -> None:
    rows = "".join(f"arnhm{i},2023-02-01,,,\n" for i in range(10_000))
    result = run("sign", "--from", csv_file(project, HEADER + rows))
    lines = result.stderr.splitlines()
    assert (result.exit_code, len(lines)) == (1, 22)
    assert lines[-2:] == [
        "opgave: error: ... and 9,980 more rows like these",
        "opgave: error: nothing was written: 10,000 rows are wrong",
    ]
