"""`opgave sign` and `opgave unsign`: behaviour, messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, signature_line


def test_sign_records_one_line_and_echoes_it(run: Run, data_dir: Path) -> None:
    result = run(
        "sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem",
        "--signatory", "A. Marcouch", "--capacity", "burgemeester",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout == (
        "Recorded: Arnhem signed on 2023-02-01 in Arnhem, by A. Marcouch, burgemeester "
        "(1 of 18 municipalities signed)\n"
    )
    assert signature_line(data_dir, "arnhem") == (
        "signature: {date: 2023-02-01, place: Arnhem, signatory: A. Marcouch, "
        "capacity: burgemeester}"
    )
    data = json.loads(run("status", "--json").stdout)
    assert data["signed"] == 1
    assert data["gemeenten"][0]["date"] == "2023-02-01"


def test_date_defaults_to_today_and_is_echoed(run: Run, data_dir: Path) -> None:
    result = run("sign", "Mook en Middelaar", today="2023-05-04")
    assert result.exit_code == 0
    assert result.stdout == (
        "Recorded: Mook en Middelaar signed on 2023-05-04 (today), place not given "
        "(1 of 18 municipalities signed)\n"
    )
    assert signature_line(data_dir, "mook-en-middelaar") == "signature: {date: 2023-05-04}"


@pytest.mark.parametrize(
    "query", ["berg-en-dal", "Berg en Dal", "BERG EN DAL", "bergendal", "berg_en_dal", "berg"]
)
def test_names_match_without_regard_to_case_spaces_hyphens_or_a_unique_prefix(
    run: Run, data_dir: Path, query: str
) -> None:
    result = run("sign", query, "--date", "2023-02-01", "--dry-run")
    assert result.exit_code == 0
    assert "Would record: Berg en Dal signed on 2023-02-01" in result.stdout


def test_gmr_countersignature_defaults_to_its_chair(run: Run, data_dir: Path) -> None:
    result = run("sign", "gmr", "--date", "2023-03-01", "--place", "Nijmegen")
    assert result.exit_code == 0
    assert result.stdout == (
        "Recorded: GMR countersigned on 2023-03-01 in Nijmegen, by H.M.F. Bruls, voorzitter "
        "(0 of 18 municipalities signed)\n"
    )
    text = (data_dir / "agreement.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "  signature: {date: 2023-03-01, place: Nijmegen, signatory: H.M.F. Bruls, "
        "capacity: voorzitter}\n"
    )
    assert run("status").stdout.splitlines()[-2] == "GMR countersignature: signed on 2023-03-01"


def test_values_that_need_quotes_are_quoted(run: Run, data_dir: Path) -> None:
    result = run(
        "sign",
        "rheden",
        "--date",
        "2023-02-01",
        "--place",
        "De Steeg: raadhuis",
        "--signatory",
        "yes",
    )
    assert result.exit_code == 0
    assert signature_line(data_dir, "rheden") == (
        'signature: {date: 2023-02-01, place: "De Steeg: raadhuis", signatory: "yes"}'
    )
    data = json.loads(run("status", "--json").stdout)
    assert data["gemeenten"][13]["place"] == "De Steeg: raadhuis"
    assert data["gemeenten"][13]["signatory"] == "yes"


# --- refusals (exit 1) and usage errors (exit 2) -----------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--date", "2023-06-02"],
            1,
            "cannot record a signature for Arnhem: 2023-06-02 is in the future "
            "(today is 2023-06-01)",
        ),
        (
            ["--date", "2022-08-30"],
            1,
            "cannot record a signature for Arnhem: 2022-08-30 is before 2022-08-31, the date "
            "of the dagelijks bestuur's decision that the agreement rests on",
        ),
        (["--date", "2023-02-30"], 2, "--date 2023-02-30 is not a real calendar date"),
        # Day-month-year (01-02-2023) is understood on the command line; slashes are not.
        (["--date", "01/02/2023"], 2, "--date must be a date as YYYY-MM-DD, got '01/02/2023'"),
        (
            ["--capacity", "wethouder"],
            2,
            "--capacity for Arnhem must be 'burgemeester' or 'namens de burgemeester', "
            "got 'wethouder'",
        ),
        (["--place", " "], 2, "--place must not be empty"),
    ],
)
def test_refused_and_malformed(
    run: Run, data_dir: Path, args: list[str], code: int, message: str
) -> None:
    before = (data_dir / "gemeenten.yaml").read_bytes()
    result = run("sign", "arnhem", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        code,
        "",
        f"opgave: error: {message}\n",
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before


def test_a_date_after_the_term_is_refused(run: Run) -> None:
    result = run("sign", "arnhem", "--date", "2025-01-02", today="2026-11-27")
    assert result.exit_code == 1
    assert result.stderr == (
        "opgave: error: cannot record a signature for Arnhem: 2025-01-02 is after the end "
        "of the term (2024-12-31)\n"
    )


def test_default_date_after_the_term_is_refused(run: Run) -> None:
    result = run("sign", "arnhem", today="2026-11-27")
    assert result.exit_code == 1
    assert "2026-11-27 is after the end of the term (2024-12-31)" in result.stderr


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "arnhm",
            "unknown municipality 'arnhm'; did you mean: arnhem? (opgave status lists them all)",
        ),
        ("be", "'be' is ambiguous: it matches berg-en-dal, beuningen"),
        ("amsterdam", "unknown municipality 'amsterdam' (opgave status lists them all)"),
    ],
)
def test_unknown_or_ambiguous_party_is_a_usage_error(run: Run, query: str, message: str) -> None:
    result = run("sign", query, "--date", "2023-02-01")
    assert (result.exit_code, result.stderr) == (2, f"opgave: error: {message}\n")


def test_signing_twice_needs_force_which_says_what_it_replaces(run: Run, data_dir: Path) -> None:
    assert run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem").exit_code == 0
    again = run("sign", "arnhem", "--date", "2023-02-02")
    assert again.exit_code == 1
    assert again.stderr == (
        "opgave: error: Arnhem already signed on 2023-02-01; `opgave amend` corrects some of "
        "its fields, --force replaces it, `opgave unsign` removes it\n"
    )
    forced = run("sign", "arnhem", "--date", "2023-02-02", "--force")
    assert forced.exit_code == 0
    assert forced.stdout == (
        "Replaced: Arnhem's signature of 2023-02-01 in Arnhem; changes date 2023-02-01 → "
        "2023-02-02; drops place (Arnhem)\n"
        "Recorded: Arnhem signed on 2023-02-02, place not given (1 of 18 municipalities signed)\n"
    )
    assert signature_line(data_dir, "arnhem") == "signature: {date: 2023-02-02}"


def test_dry_run_prints_the_diff_and_writes_nothing(run: Run, data_dir: Path) -> None:
    before = (data_dir / "gemeenten.yaml").read_bytes()
    result = run("sign", "duiven", "--date", "2023-02-01", "--place", "Duiven", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/data/gemeenten.yaml\n"
        "+++ b/data/gemeenten.yaml\n"
        "@@ -71,7 +71,7 @@\n"
        "     province: Gelderland\n"
        "     inhabitants: {2022-01-01: 24946, 2023-01-01: 24937, 2024-01-01: 24872, "
        "2025-01-01: 24942, 2026-01-01: 24852}\n"
        "     participates: true\n"
        "-    signature: null\n"
        "+    signature: {date: 2023-02-01, place: Duiven}\n"
        " \n"
        "   - slug: heumen\n"
        "     name: Heumen\n"
        "Would record: Duiven signed on 2023-02-01 in Duiven (1 of 18 municipalities signed)\n"
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before


def test_unsign_removes_a_signature(run: Run, data_dir: Path) -> None:
    original = (data_dir / "gemeenten.yaml").read_bytes()
    run("sign", "wijchen", "--date", "2023-02-01", "--place", "Wijchen")
    result = run("unsign", "wijchen")
    assert result.exit_code == 0
    assert result.stdout == (
        "Removed: Wijchen's signature of 2023-02-01 in Wijchen (0 of 18 municipalities signed)\n"
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == original


def test_unsign_of_an_unsigned_party_is_refused(run: Run, data_dir: Path) -> None:
    result = run("unsign", "wijchen")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "opgave: error: Wijchen has no signature recorded; there is none to remove\n"
    )
    assert run("unsign", "nowhere").exit_code == 2


def test_unsign_dry_run(run: Run, data_dir: Path) -> None:
    run("sign", "gmr", "--date", "2023-03-01")
    before = (data_dir / "agreement.yaml").read_bytes()
    result = run("unsign", "gmr", "--dry-run")
    assert result.exit_code == 0
    assert (
        "-  signature: {date: 2023-03-01, signatory: H.M.F. Bruls, capacity: voorzitter}\n"
        "+  signature: null\n" in result.stdout
    )
    assert result.stdout.endswith(
        "Would remove: GMR's signature of 2023-03-01 by H.M.F. Bruls, voorzitter "
        "(0 of 18 municipalities signed)\n"
    )
    assert (data_dir / "agreement.yaml").read_bytes() == before


def test_a_refused_default_date_says_it_was_today(run: Run) -> None:
    result = run("sign", "arnhem", today="2026-11-27")
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: cannot record a signature for Arnhem: 2026-11-27 is after the end of "
        "the term (2024-12-31) (no --date was given, so today; give --date YYYY-MM-DD)\n",
    )
