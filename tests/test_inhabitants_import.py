"""`opgave inhabitants import`: counts at 1 January from CBS into gemeenten.yaml.

From a file (the committed excerpt of table 03759ned, tests/data/cbs/) and from a
local HTTP server that serves the same rows in pages (`--from-cbs`); never the
internet. Every test works on a copy of data/ in a temporary folder. The expected
counts are the table in tests/data/cbs/README.md; the expected file after an import
is the shipped data/gemeenten.yaml, which holds exactly those counts.
"""

from __future__ import annotations

import difflib
import json
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from conftest import DATA, Run

CBS = Path(__file__).resolve().parent / "data" / "cbs"
EXCERPT = CBS / "observations-excerpt.json"
PROPERTIES = CBS / "properties.json"
PERIODS = CBS / "codes-Perioden.json"
SHIPPED = (DATA / "gemeenten.yaml").read_bytes()
# After the capture (2026-07-02), so that --retrieved 2026-07-02 is not in the future.
AFTER = "2026-08-01"
FULL = ["--properties", str(PROPERTIES), "--periods", str(PERIODS), "--retrieved", "2026-07-02"]

ARNHEM = (
    "    inhabitants: {2022-01-01: 163888, 2023-01-01: 165770, 2024-01-01: 167632, "
    "2025-01-01: 169364, 2026-01-01: 171822}\n"
)
SOURCE_BLOCK = """\
inhabitants:
  source: "CBS StatLine, tabel 03759ned \\"Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio\\" (CC BY 4.0)"
  table: "03759ned"
  measure: M000352
  measure_title: Bevolking op 1 januari
  table_version: "202606230000"
  retrieved: 2026-07-02
  status: {2022-01-01: definitief, 2023-01-01: definitief, 2024-01-01: definitief, 2025-01-01: definitief, 2026-01-01: definitief}

"""  # noqa: E501
THIRD_PARTY_BLOCK = """\
inhabitants:
  source: "Municipal registers (BRP), provisional counts at 1 January 2026, via allecijfers.nl"
  status: {2026-01-01: voorlopig}

"""
IMPORTED_ALL = (
    "Imported inhabitants at 5 dates (2022-01-01 to 2026-01-01) for 18 municipalities from "
    "CBS 03759ned version 202606230000: {added} added, {changed} changed, "
    "{unchanged} unchanged.\n"
)
NOTHING_CHANGED = "Nothing changed in gemeenten.yaml.\n"
BARE_BLOCK = """\
inhabitants:
  source: "CBS StatLine, tabel 03759ned (CC BY 4.0)"
  table: "03759ned"
  measure: M000352
  measure_title: Bevolking op 1 januari
{rest}
"""


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib would send even the requests to localhost through a proxy in the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def gemeenten(data_dir: Path) -> bytes:
    return (data_dir / "gemeenten.yaml").read_bytes()


def source_block(data_dir: Path) -> str:
    """The top-level ``inhabitants`` block of gemeenten.yaml, with its blank line."""
    text = gemeenten(data_dir).decode()
    return text[text.index("inhabitants:\n  source:") : text.index("gemeenten:\n")]


def reduce_to_2026(data_dir: Path) -> bytes:
    """gemeenten.yaml with only the counts at 2026-01-01, from a third-party source."""
    text = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8")
    text, lines = re.subn(
        r"inhabitants: \{2022-01-01: .*(2026-01-01: [0-9]+)\}", r"inhabitants: {\1}", text
    )
    assert lines == 18
    start = text.index("inhabitants:\n  source:")
    end = text.index("gemeenten:\n")
    text = text[:start] + THIRD_PARTY_BLOCK + text[end:]
    (data_dir / "gemeenten.yaml").write_text(text, encoding="utf-8", newline="")
    assert "    inhabitants: {2026-01-01: 171822}\n" in text
    return text.encode()


def set_participates(data_dir: Path, slug: str, value: bool) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - slug: {slug}\n")
    at = text.index("    participates: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"    participates: {str(value).lower()}" + text[end:], "utf-8")


def rows() -> list[dict[str, Any]]:
    value: list[dict[str, Any]] = json.loads(EXCERPT.read_bytes())["value"]
    return value


def write_observations(path: Path, value: list[Any], **extra: Any) -> None:
    context = json.loads(EXCERPT.read_bytes())["@odata.context"]
    path.write_text(json.dumps({"@odata.context": context, "value": value, **extra}), "utf-8")


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The lines removed and the lines added, by difflib."""
    removed, added = [], []
    for line in difflib.unified_diff(
        before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True), n=0
    ):
        if line.startswith("-") and not line.startswith("---"):
            removed.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            added.append(line[1:])
    return removed, added


# --- from a file ----------------------------------------------------------------------


def test_import_into_counts_of_2026_from_another_source(run: Run, data_dir: Path) -> None:
    before = reduce_to_2026(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), *FULL, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == IMPORTED_ALL.format(added=72, changed=0, unchanged=18)
    after = gemeenten(data_dir)
    text = after.decode()
    assert ARNHEM in text
    assert SOURCE_BLOCK in text
    # Only the source block and the 18 lines of counts changed, nothing else.
    removed, added = changed_lines(before, after)
    assert removed == [
        *THIRD_PARTY_BLOCK.splitlines(keepends=True)[1:3],
        *(line for line in before.decode().splitlines(keepends=True) if "inhabitants: {" in line),
    ]
    assert added == [
        *SOURCE_BLOCK.splitlines(keepends=True)[1:8],
        *(line for line in text.splitlines(keepends=True) if "inhabitants: {" in line),
    ]
    assert len(removed) == 2 + 18 and len(added) == 7 + 18
    # Which is the shipped file: the same counts, the same source, byte for byte.
    assert after == SHIPPED
    assert run("check", today=AFTER).exit_code == 0


def test_a_second_import_changes_nothing(run: Run, data_dir: Path) -> None:
    reduce_to_2026(data_dir)
    assert run("inhabitants", "import", str(EXCERPT), *FULL, today=AFTER).exit_code == 0
    once = gemeenten(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), *FULL, today=AFTER)
    assert result.exit_code == 0
    assert result.stdout == IMPORTED_ALL.format(added=0, changed=0, unchanged=90) + NOTHING_CHANGED
    assert gemeenten(data_dir) == once


def test_importing_the_shipped_data_again_leaves_data_unchanged(run: Run, data_dir: Path) -> None:
    files = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    result = run("inhabitants", "import", str(EXCERPT), *FULL, today=AFTER)
    assert result.stdout == IMPORTED_ALL.format(added=0, changed=0, unchanged=90) + NOTHING_CHANGED
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.name in files} == files


def test_dry_run_prints_the_diff_and_writes_nothing(run: Run, data_dir: Path) -> None:
    before = reduce_to_2026(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), *FULL, "--dry-run", today=AFTER)
    assert result.exit_code == 0
    diff = "".join(
        difflib.unified_diff(
            before.decode().splitlines(keepends=True),
            SHIPPED.decode().splitlines(keepends=True),
            fromfile="a/data/gemeenten.yaml",
            tofile="b/data/gemeenten.yaml",
        )
    )
    summary = IMPORTED_ALL.format(added=72, changed=0, unchanged=18).replace(
        "Imported", "Would import"
    )
    assert result.stdout == diff + summary
    assert gemeenten(data_dir) == before


def test_dates_limits_the_import(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    wrong = SHIPPED.decode().replace("2023-01-01: 165770", "2023-01-01: 165000")
    wrong = wrong.replace("2024-01-01: 167632", "2024-01-01: 167000")
    path.write_text(wrong, encoding="utf-8")
    result = run("inhabitants", "import", str(EXCERPT), "--dates", "2023-01-01", *FULL, today=AFTER)
    assert result.exit_code == 0
    assert result.stdout == (
        "Imported inhabitants at 1 date (2023-01-01) for 18 municipalities from CBS 03759ned "
        "version 202606230000: 0 added, 1 changed, 17 unchanged.\n"
    )
    # The 2023 count is right again; the wrong 2024 count was not asked for and stays.
    removed, added = changed_lines(wrong.encode(), gemeenten(data_dir))
    assert removed == [ARNHEM.replace("165770", "165000").replace("167632", "167000")]
    assert added == [ARNHEM.replace("167632", "167000")]


def test_dates_adds_a_date_that_was_not_there(run: Run, data_dir: Path) -> None:
    before = reduce_to_2026(data_dir)
    result = run(
        "inhabitants", "import", str(EXCERPT), "--dates", "2022-01-01, 2026-01-01", today=AFTER
    )
    assert result.stdout == (
        "Imported inhabitants at 2 dates (2022-01-01 to 2026-01-01) for 18 municipalities "
        "from CBS 03759ned: 18 added, 0 changed, 18 unchanged.\n"
        "Not stated in gemeenten.yaml, as the file does not tell: the table's title and "
        "version (--properties), the status of 2022-01-01, 2026-01-01 (--periods), the "
        "retrieval date (--retrieved).\n"
    )
    text = gemeenten(data_dir).decode()
    assert "    inhabitants: {2022-01-01: 163888, 2026-01-01: 171822}\n" in text
    # Without --properties, --periods and --retrieved, the source says only what is known:
    # the third party's status of 2026 went with its count (another source's, even though
    # CBS has the same counts).
    assert source_block(data_dir) == BARE_BLOCK.format(rest="")
    assert before != gemeenten(data_dir)


def test_the_average_is_never_taken_whatever_the_order(run: Run, data_dir: Path) -> None:
    """Every M000365 row (the year's average) before its M000352 row."""
    before = reduce_to_2026(data_dir)
    shuffled = sorted(rows(), key=lambda r: (r["RegioS"], r["Perioden"], r["Measure"] != "M000365"))
    assert shuffled[0]["Measure"] == "M000365" and shuffled[1]["Measure"] == "M000352"
    write_observations(Path("shuffled.json"), shuffled)
    result = run("inhabitants", "import", "shuffled.json", *FULL, today=AFTER)
    assert result.stdout == IMPORTED_ALL.format(added=72, changed=0, unchanged=18)
    assert gemeenten(data_dir) == SHIPPED
    assert before != SHIPPED


def _with_arnhem_2024(value: object, attribute: str = "None") -> list[dict[str, Any]]:
    changed = rows()
    for r in changed:
        if (r["RegioS"], r["Perioden"], r["Measure"]) == ("GM0202", "2024JJ00", "M000352"):
            r["Value"], r["ValueAttribute"] = value, attribute
    return changed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            [r for r in rows() if r["RegioS"] != "GM0202"],
            "observations.json: Arnhem (GM0202), 1 January 2022: no count of M000352 in the data",
        ),
        (
            [r for r in rows() if (r["RegioS"], r["Measure"]) != ("GM0202", "M000352")],
            "observations.json: Arnhem (GM0202), 1 January 2022: no count of M000352 in the data",
        ),
        (
            _with_arnhem_2024(None, "Impossible"),
            "observations.json: Arnhem (GM0202), 1 January 2024: the count is null "
            "(ValueAttribute 'Impossible')",
        ),
        (
            _with_arnhem_2024(167632.5),
            "observations.json: Arnhem (GM0202), 1 January 2024: the count is not a whole "
            "number (167632.5)",
        ),
        (
            _with_arnhem_2024(167632.0),
            "observations.json: Arnhem (GM0202), 1 January 2024: the count is a decimal "
            "number, not an integer (167632.0)",
        ),
        (
            _with_arnhem_2024("167632"),
            "observations.json: Arnhem (GM0202), 1 January 2024: the count is not a number "
            '("167632")',
        ),
        (
            [r for r in rows() if r["Measure"] != "M000352"],
            "observations.json: no rows of measure M000352 (Bevolking op 1 januari)",
        ),
    ],
    ids=["no-rows", "only-the-average", "null", "float", "float-whole", "text", "no-M000352"],
)
def test_a_file_without_a_count_for_a_participant_is_refused(
    run: Run, data_dir: Path, content: list[Any], message: str
) -> None:
    write_observations(Path("observations.json"), content)
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", "observations.json", today=AFTER)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"opgave: error: {message}\n"
    assert gemeenten(data_dir) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json {", "the response is not JSON (Expecting value: line 1 column 1 (char 0))"),
        (
            json.dumps(rows()),
            "not an OData Observations response (the JSON is not an object: "
            '[{"Id": 55, "Measure": "M000352", "ValueAttribute": "None", )',
        ),
        ("{}", "not an OData Observations response (no 'value' list)"),
        (
            json.dumps({"@odata.context": "x/$metadata#Properties", "value": []}),
            "not an OData Observations response (@odata.context names 'Properties')",
        ),
    ],
    ids=["not-json", "a-list", "no-value", "another-entity"],
)
def test_a_file_that_is_not_an_observations_response(
    run: Run, data_dir: Path, text: str, message: str
) -> None:
    Path("observations.json").write_text(text, encoding="utf-8")
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", "observations.json", today=AFTER)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"opgave: error: observations.json: {message}\n"
    assert gemeenten(data_dir) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [str(EXCERPT), "--dates", "2023-06-01"],
            "--dates 2023-06-01: CBS counts inhabitants at 1 January only",
        ),
        ([str(EXCERPT), "--dates", "2023-02-30"], "--dates 2023-02-30 is not a real calendar date"),
        (["missing.json"], "missing.json: file not found"),
        ([str(EXCERPT), "--from-cbs"], "give a FILE or --from-cbs (one of them)"),
        ([], "give a FILE or --from-cbs (one of them)"),
        (
            [str(EXCERPT), "--retrieved", "2026-08-02"],
            "--retrieved 2026-08-02 is in the future (today is 2026-08-01)",
        ),
        (
            ["--from-cbs", "--properties", str(PROPERTIES)],
            "--properties and --periods go with a FILE; --from-cbs fetches them",
        ),
    ],
    ids=[
        "dates-not-1-january",
        "dates-impossible",
        "missing",
        "both",
        "neither",
        "future",
        "props",
    ],
)
def test_usage_errors(run: Run, data_dir: Path, args: list[str], message: str) -> None:
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", *args, today=AFTER)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"opgave: error: {message}\n"
    assert gemeenten(data_dir) == before


def test_a_date_the_file_does_not_have_is_refused(run: Run, data_dir: Path) -> None:
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), "--dates", "2027-01-01", today=AFTER)
    assert result.exit_code == 1
    assert result.stderr == (
        f"opgave: error: {EXCERPT}: Arnhem (GM0202), 1 January 2027: no count of M000352 "
        "in the data\n"
    )
    assert gemeenten(data_dir) == before


def test_properties_of_another_table_are_refused(run: Run, data_dir: Path) -> None:
    properties = json.loads(PROPERTIES.read_bytes())
    Path("properties.json").write_text(json.dumps({**properties, "Identifier": "37230ned"}))
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), "--properties", "properties.json")
    assert result.exit_code == 1
    assert result.stderr == (
        "opgave: error: the properties are those of CBS table 37230ned, not 03759ned "
        "(Bevolking op 1 januari)\n"
    )
    assert gemeenten(data_dir) == before


def test_a_municipality_that_does_not_take_part_and_has_no_counts_is_skipped(
    run: Run, data_dir: Path
) -> None:
    set_participates(data_dir, "rozendaal", False)
    write_observations(Path("observations.json"), [r for r in rows() if r["RegioS"] != "GM0277"])
    reduce_to_2026(data_dir)
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", "observations.json", *FULL, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Imported inhabitants at 5 dates (2022-01-01 to 2026-01-01) for 17 municipalities "
        "from CBS 03759ned version 202606230000: 68 added, 0 changed, 17 unchanged.\n"
        "No counts in the data for (not taking part): Rozendaal.\n"
    )
    text = gemeenten(data_dir).decode()
    assert "    inhabitants: {2026-01-01: 1837}\n    participates: false\n" in text
    removed, _ = changed_lines(before, gemeenten(data_dir))
    assert "    inhabitants: {2026-01-01: 1837}\n" not in removed


def test_a_municipality_that_does_not_take_part_gets_the_counts_the_file_has(
    run: Run, data_dir: Path
) -> None:
    set_participates(data_dir, "rozendaal", False)
    reduce_to_2026(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), *FULL, today=AFTER)
    assert result.stdout == IMPORTED_ALL.format(added=72, changed=0, unchanged=18)
    assert (
        "    inhabitants: {2022-01-01: 1756, 2023-01-01: 1754, 2024-01-01: 1831, "
        "2025-01-01: 1836, 2026-01-01: 1837}\n    participates: false\n"
    ) in gemeenten(data_dir).decode()


def test_no_municipality_taking_part_is_no_crash(run: Run, data_dir: Path) -> None:
    """Found while writing these tests: the summary indexed an empty list of dates
    (IndexError, exit 3) when no municipality took part."""
    path = data_dir / "gemeenten.yaml"
    path.write_text(path.read_text("utf-8").replace("participates: true", "participates: false"))
    reduce_to_2026(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), *FULL, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == IMPORTED_ALL.format(added=72, changed=0, unchanged=18)
    regions_only = [r for r in rows() if not r["RegioS"].startswith("GM")]
    write_observations(Path("observations.json"), regions_only)
    before = gemeenten(data_dir)
    result = run("inhabitants", "import", "observations.json", today=AFTER)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "opgave: error: observations.json: no counts from 1 January 2022 on for any "
        "municipality in gemeenten.yaml\n"
    )
    assert gemeenten(data_dir) == before


def test_a_crlf_file_keeps_its_line_endings(run: Run, data_dir: Path) -> None:
    """Found while writing these tests: the rewritten source block had LF line ends in
    a CRLF file."""
    path = data_dir / "gemeenten.yaml"
    # Arnhem without an inhabitants line: the import adds one (after its last key).
    path.write_bytes(SHIPPED.replace(ARNHEM.encode(), b"").replace(b"\n", b"\r\n"))
    result = run("inhabitants", "import", str(EXCERPT), "--dates", "2023-01-01", today=AFTER)
    assert result.exit_code == 0
    after = path.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert b'  source: "CBS StatLine, tabel 03759ned (CC BY 4.0)"\r\n  table:' in after
    assert b"    signature: null\r\n    inhabitants: {2023-01-01: 165770}\r\n\r\n" in after
    assert run("check", today=AFTER).exit_code == 0


# --- what the source block keeps, and what it says is not stated ---------------------
#
# The shipped block states the title, version, retrieval date and status of every date.
# An import that changes no count confirms them: they stay unless the import states
# something newer. Where counts change, what the import cannot state goes, and the
# summary names it. A value stated once for all counts (title and version, retrieval
# date) must hold for the counts kept at dates a partial import leaves alone too.

NEWER_VERSION = "202608010000"
NEWER_TITLE = "Bevolking op 1 januari; geslacht, leeftijd en regio"
STATUS_ALL = (
    "  status: {2022-01-01: definitief, 2023-01-01: definitief, 2024-01-01: definitief, "
    "2025-01-01: definitief, 2026-01-01: definitief}\n"
)
STATUS_BUT_2024 = (
    "  status: {2022-01-01: definitief, 2023-01-01: definitief, 2025-01-01: definitief, "
    "2026-01-01: definitief}\n"
)
SUMMARY_BARE = (
    "Imported inhabitants at 5 dates (2022-01-01 to 2026-01-01) for 18 municipalities from "
    "CBS 03759ned: {added} added, {changed} changed, {unchanged} unchanged.\n"
)
SUMMARY_2024 = (
    "Imported inhabitants at 1 date (2024-01-01) for 18 municipalities from CBS 03759ned"
    "{version}: 0 added, 1 changed, 17 unchanged.\n"
)


def newer_properties() -> str:
    """A /Properties response of a later version, with another title."""
    properties = json.loads(PROPERTIES.read_bytes())
    properties.update(Version=NEWER_VERSION, Title=NEWER_TITLE)
    Path("newer-properties.json").write_text(json.dumps(properties), encoding="utf-8")
    return "newer-properties.json"


def provisional_2026() -> str:
    """A /PeriodenCodes response in which 2026 is provisional."""
    periods = json.loads(PERIODS.read_bytes())
    for row in periods["value"]:
        if row["Identifier"] == "2026JJ00":
            row["Status"] = "Voorlopig"
    Path("provisional.json").write_text(json.dumps(periods), encoding="utf-8")
    return "provisional.json"


def wrong_arnhem_2024(data_dir: Path) -> None:
    """The shipped data, with a count that CBS does not have: Arnhem at 2024-01-01."""
    assert SHIPPED.count(b"2024-01-01: 167632") == 1
    (data_dir / "gemeenten.yaml").write_bytes(
        SHIPPED.replace(b"2024-01-01: 167632", b"2024-01-01: 167000")
    )


@pytest.mark.parametrize(
    ("args", "summary"),
    [
        ([], SUMMARY_BARE.format(added=0, changed=0, unchanged=90) + NOTHING_CHANGED),
        (
            ["--dry-run"],
            SUMMARY_BARE.format(added=0, changed=0, unchanged=90).replace(
                "Imported", "Would import"
            )
            + "Nothing would change in gemeenten.yaml.\n",
        ),
        (
            ["--dates", "2023-01-01"],
            "Imported inhabitants at 1 date (2023-01-01) for 18 municipalities from CBS "
            "03759ned: 0 added, 0 changed, 18 unchanged.\n" + NOTHING_CHANGED,
        ),
        # The counts at the other dates were retrieved on 2026-07-02, and those at
        # 2023-01-01 are the same as then: 2026-07-02 holds for all, 2026-08-01 does not.
        (
            ["--dates", "2023-01-01", "--retrieved", "2026-08-01"],
            "Imported inhabitants at 1 date (2023-01-01) for 18 municipalities from CBS "
            "03759ned: 0 added, 0 changed, 18 unchanged.\n" + NOTHING_CHANGED,
        ),
    ],
    ids=["all-dates", "dry-run", "one-date", "one-date-retrieved"],
)
def test_an_import_that_changes_no_count_keeps_what_the_source_says(
    run: Run, data_dir: Path, args: list[str], summary: str
) -> None:
    """Found in use: the import of the same counts without --properties, --periods and
    --retrieved dropped the title, version, retrieval date and status of each date."""
    result = run("inhabitants", "import", str(EXCERPT), *args, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert source_block(data_dir) == SOURCE_BLOCK
    assert gemeenten(data_dir) == SHIPPED
    assert result.stdout == summary


@pytest.mark.parametrize(
    ("args", "version", "block"),
    [
        (
            ["--retrieved", "2026-08-01"],
            "",
            SOURCE_BLOCK.replace("retrieved: 2026-07-02", "retrieved: 2026-08-01"),
        ),
        (
            ["--properties", "newer-properties.json"],
            f" version {NEWER_VERSION}",
            SOURCE_BLOCK.replace("202606230000", NEWER_VERSION).replace(
                "Bevolking op 1 januari en gemiddeld; geslacht", "Bevolking op 1 januari; geslacht"
            ),
        ),
        (
            ["--periods", "provisional.json"],
            "",
            SOURCE_BLOCK.replace("2026-01-01: definitief", "2026-01-01: voorlopig"),
        ),
    ],
    ids=["retrieved", "properties", "periods"],
)
def test_newer_knowledge_replaces_what_the_source_says(
    run: Run, data_dir: Path, args: list[str], version: str, block: str
) -> None:
    newer_properties()
    provisional_2026()
    result = run("inhabitants", "import", str(EXCERPT), *args, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == SUMMARY_BARE.format(added=0, changed=0, unchanged=90).replace(
        "03759ned:", f"03759ned{version}:"
    )
    assert source_block(data_dir) == block
    removed, added = changed_lines(SHIPPED, gemeenten(data_dir))
    assert len(removed) == len(added) == (2 if args[0] == "--properties" else 1)


@pytest.mark.parametrize(
    ("args", "block", "unstated"),
    [
        (
            [],
            BARE_BLOCK.format(rest=STATUS_BUT_2024),
            "the table's title and version (--properties), the status of 2024-01-01 "
            "(--periods), the retrieval date (--retrieved)",
        ),
        (
            ["--periods", str(PERIODS)],
            BARE_BLOCK.format(rest=STATUS_ALL),
            "the table's title and version (--properties), the retrieval date (--retrieved)",
        ),
        (
            ["--properties", str(PROPERTIES), "--retrieved", "2026-07-02"],
            SOURCE_BLOCK.replace(STATUS_ALL, STATUS_BUT_2024),
            "the status of 2024-01-01 (--periods)",
        ),
    ],
    ids=["bare", "periods", "properties-retrieved"],
)
def test_a_changed_count_drops_what_the_import_cannot_state_and_says_so(
    run: Run, data_dir: Path, args: list[str], block: str, unstated: str
) -> None:
    """The version, retrieval date and status of 2024 described a count that is no
    longer there; the status of the other dates still holds, as their counts do."""
    wrong_arnhem_2024(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), *args, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    version = " version 202606230000" if "--properties" in args else ""
    assert result.stdout == (
        SUMMARY_BARE.format(added=0, changed=1, unchanged=89).replace(
            "03759ned:", f"03759ned{version}:"
        )
        + f"Not stated in gemeenten.yaml, as the file does not tell: {unstated}.\n"
    )
    assert source_block(data_dir) == block
    assert ARNHEM in gemeenten(data_dir).decode()


@pytest.mark.parametrize(
    ("args", "version", "block", "unstated"),
    [
        (
            [],
            "",
            BARE_BLOCK.format(rest=STATUS_BUT_2024),
            "the table's title and version (--properties, importing every date), the status "
            "of 2024-01-01 (--periods), the retrieval date (--retrieved, importing every date)",
        ),
        # The same version and retrieval date as the counts kept at the other dates.
        (FULL, " version 202606230000", SOURCE_BLOCK, None),
        # A later version, retrieved later: true of the count at 2024-01-01 only.
        (
            [
                *("--properties", "newer-properties.json", "--periods", str(PERIODS)),
                *("--retrieved", "2026-08-01"),
            ],
            f" version {NEWER_VERSION}",
            BARE_BLOCK.format(rest=STATUS_ALL),
            "the table's title and version (--properties, importing every date), "
            "the retrieval date (--retrieved, importing every date)",
        ),
    ],
    ids=["bare", "same-version", "newer-version"],
)
def test_a_partial_import_states_once_only_what_holds_for_every_count(
    run: Run, data_dir: Path, args: list[str], version: str, block: str, unstated: str | None
) -> None:
    wrong_arnhem_2024(data_dir)
    newer_properties()
    result = run("inhabitants", "import", str(EXCERPT), "--dates", "2024-01-01", *args, today=AFTER)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == SUMMARY_2024.format(version=version) + (
        f"Not stated in gemeenten.yaml, as it is not known of every count: {unstated}.\n"
        if unstated
        else ""
    )
    assert source_block(data_dir) == block
    assert ARNHEM in gemeenten(data_dir).decode()


# --- from the CBS API (a local server) ------------------------------------------------

TABLE_PATH = "/CBS/03759ned"
GMR_CODES = [
    "GM0202", "GM1945", "GM0209", "GM0221", "GM0225", "GM0226", "GM0252", "GM1705", "GM1955",
    "GM0944", "GM0268", "GM1734", "GM0274", "GM0275", "GM0277", "GM0293", "GM0296", "GM0299",
]  # fmt: skip
FILTER = (
    "Measure eq 'M000352' and Geslacht eq 'T001038' and Leeftijd eq '10000'"
    " and BurgerlijkeStaat eq 'T001019' and ("
    + " or ".join(f"RegioS eq '{code}'" for code in GMR_CODES)
    + ") and Perioden ge '2022JJ00'"
)


def serve(server: HTTPServer, pages: int = 3) -> None:
    """Properties, period codes, and the whole excerpt in ``pages`` pages chained by
    @odata.nextLink (the average and other regions included, as if the server ignored
    the filter)."""
    server.expect_ordered_request(f"{TABLE_PATH}/Properties").respond_with_data(
        PROPERTIES.read_bytes()
    )
    server.expect_ordered_request(f"{TABLE_PATH}/PeriodenCodes").respond_with_data(
        PERIODS.read_bytes()
    )
    everything = rows()
    size = -(-len(everything) // pages)
    context = json.loads(EXCERPT.read_bytes())["@odata.context"]
    for number in range(pages):
        query = {"$filter": FILTER} if number == 0 else {"$skip": str(number * size)}
        body: dict[str, Any] = {
            "@odata.context": context,
            "value": everything[number * size : (number + 1) * size],
        }
        if number < pages - 1:
            body["@odata.nextLink"] = server.url_for(
                f"{TABLE_PATH}/Observations?$skip={(number + 1) * size}"
            )
        server.expect_ordered_request(
            f"{TABLE_PATH}/Observations", query_string=query
        ).respond_with_json(body)


def test_from_cbs_follows_the_pages(run: Run, data_dir: Path, httpserver: HTTPServer) -> None:
    reduce_to_2026(data_dir)
    serve(httpserver)
    result = run(
        "inhabitants", "import", "--from-cbs", "--base-url", httpserver.url_for("/CBS"), today=AFTER
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == IMPORTED_ALL.format(added=72, changed=0, unchanged=18)
    # As the shipped file, retrieved today.
    expected = SHIPPED.replace(b"retrieved: 2026-07-02", b"retrieved: 2026-08-01")
    assert gemeenten(data_dir) == expected
    assert [r.path for r, _ in httpserver.log] == [
        f"{TABLE_PATH}/{name}"
        for name in ("Properties", "PeriodenCodes", "Observations", "Observations", "Observations")
    ]
    httpserver.check_assertions()


def test_from_cbs_with_dates_asks_from_that_year(
    run: Run, data_dir: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(PROPERTIES.read_bytes())
    httpserver.expect_request(f"{TABLE_PATH}/PeriodenCodes").respond_with_data(PERIODS.read_bytes())
    httpserver.expect_request(
        f"{TABLE_PATH}/Observations",
        query_string={"$filter": FILTER.replace("2022JJ00", "2025JJ00")},
    ).respond_with_data(EXCERPT.read_bytes())
    before = gemeenten(data_dir)
    result = run(
        "inhabitants",
        "import",
        "--from-cbs",
        "--base-url",
        httpserver.url_for("/CBS"),
        "--dates",
        "2025-01-01",
        "--retrieved",
        "2026-07-02",
        today=AFTER,
    )
    assert result.stdout == (
        "Imported inhabitants at 1 date (2025-01-01) for 18 municipalities from CBS 03759ned "
        "version 202606230000: 0 added, 0 changed, 18 unchanged.\n" + NOTHING_CHANGED
    )
    assert gemeenten(data_dir) == before


def test_from_cbs_http_500_writes_nothing(run: Run, data_dir: Path, httpserver: HTTPServer) -> None:
    reduce_to_2026(data_dir)
    before = gemeenten(data_dir)
    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(PROPERTIES.read_bytes())
    httpserver.expect_request(f"{TABLE_PATH}/PeriodenCodes").respond_with_data(PERIODS.read_bytes())
    context = json.loads(EXCERPT.read_bytes())["@odata.context"]
    httpserver.expect_request(
        f"{TABLE_PATH}/Observations", query_string={"$filter": FILTER}
    ).respond_with_json(
        {"@odata.context": context, "value": rows()[:100], "@odata.nextLink": "Observations?p=2"}
    )
    httpserver.expect_request(
        f"{TABLE_PATH}/Observations", query_string={"p": "2"}
    ).respond_with_data("boom", status=500)
    result = run(
        "inhabitants", "import", "--from-cbs", "--base-url", httpserver.url_for("/CBS"), today=AFTER
    )
    assert (result.exit_code, result.stdout) == (1, "")
    url = httpserver.url_for(f"{TABLE_PATH}/Observations?p=2")
    assert result.stderr == f"opgave: error: {url}: HTTP 500 INTERNAL SERVER ERROR\n"
    assert gemeenten(data_dir) == before


def test_from_cbs_connection_refused_writes_nothing(run: Run, data_dir: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = gemeenten(data_dir)
    result = run(
        "inhabitants", "import", "--from-cbs", "--base-url", f"http://127.0.0.1:{port}/CBS"
    )
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"opgave: error: http://127.0.0.1:{port}/CBS/03759ned/Properties: connection refused\n"
    )
    assert gemeenten(data_dir) == before


def test_a_partial_import_over_counts_from_another_source_is_refused(
    run: Run, data_dir: Path
) -> None:
    """One source is stated for all counts: importing 2023 alone over the 2026 counts of
    a third party would label those CBS. Refused; nothing written."""
    before = reduce_to_2026(data_dir)
    result = run("inhabitants", "import", str(EXCERPT), "--dates", "2023-01-01", today=AFTER)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        "opgave: error: gemeenten.yaml also has counts at 2026-01-01 from another source ("
    )
    assert result.stderr.endswith(
        "); import those dates too (--dates), or remove them first, so that one source holds "
        "for all counts\n"
    )
    assert gemeenten(data_dir) == before


@pytest.mark.parametrize("changed", [False, True], ids=["same-count", "changed-count"])
def test_from_cbs_a_partial_import_keeps_the_retrieval_date_that_holds_for_all(
    run: Run, data_dir: Path, httpserver: HTTPServer, changed: bool
) -> None:
    """Fetched today (2026-08-01), the counts at 2025-01-01 only: the counts at the other
    dates were retrieved on 2026-07-02. Equal counts at 2025 were so too; a changed one
    was not, and then no one retrieval date holds for all."""
    if changed:
        (data_dir / "gemeenten.yaml").write_bytes(
            SHIPPED.replace(b"2025-01-01: 169364", b"2025-01-01: 169000")
        )
    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(PROPERTIES.read_bytes())
    httpserver.expect_request(f"{TABLE_PATH}/PeriodenCodes").respond_with_data(PERIODS.read_bytes())
    httpserver.expect_request(
        f"{TABLE_PATH}/Observations",
        query_string={"$filter": FILTER.replace("2022JJ00", "2025JJ00")},
    ).respond_with_data(EXCERPT.read_bytes())
    url = httpserver.url_for("/CBS")
    result = run(
        "inhabitants", "import", "--from-cbs", "--base-url", url, "--dates", "2025-01-01",
        today=AFTER,
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    counts = "0 added, 1 changed, 17 unchanged" if changed else "0 added, 0 changed, 18 unchanged"
    assert result.stdout == (
        "Imported inhabitants at 1 date (2025-01-01) for 18 municipalities from CBS 03759ned "
        f"version 202606230000: {counts}.\n"
        + (
            "Not stated in gemeenten.yaml, as it is not known of every count: the retrieval "
            "date (importing every date).\n"
            if changed
            else NOTHING_CHANGED
        )
    )
    expected = SOURCE_BLOCK.replace("  retrieved: 2026-07-02\n", "") if changed else SOURCE_BLOCK
    assert source_block(data_dir) == expected
    if not changed:
        assert gemeenten(data_dir) == SHIPPED
