"""`opgave amend` and `opgave sign --force` (issue #14, part 1): a correction changes only
the fields given, and a replacement never takes today for its date and names what it
drops or changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, data_files, signature_line

RENKUM_FIRST = "signature: {date: 2023-02-01, place: Renkum, capacity: namens de burgemeester}"
RENKUM_AMENDED = (
    "signature: {date: 2023-02-01, place: Renkum, signatory: A. Schmidt-Çelik, "
    "capacity: namens de burgemeester}"
)


@pytest.fixture
def renkum(run: Run, data_dir: Path) -> Path:
    """Renkum recorded with date, place and capacity, but no signatory."""
    result = run(
        "sign", "renkum", "--date", "2023-02-01", "--place", "Renkum",
        "--capacity", "namens de burgemeester",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert signature_line(data_dir, "renkum") == RENKUM_FIRST
    return data_dir


# --- the Renkum story of the issue ------------------------------------------------


def test_amend_adds_the_signatory_and_keeps_date_place_and_capacity(run: Run, renkum: Path) -> None:
    before = (renkum / "gemeenten.yaml").read_text(encoding="utf-8")
    result = run("amend", "renkum", "--signatory", "A. Schmidt-Çelik")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Amended: Renkum's signature of 2023-02-01 in Renkum, namens de burgemeester: adds "
        "signatory A. Schmidt-Çelik\n"
        "Now: 2023-02-01 in Renkum by A. Schmidt-Çelik, namens de burgemeester "
        "(1 of 18 municipalities signed)\n"
    )
    assert signature_line(renkum, "renkum") == RENKUM_AMENDED
    # Exactly that one line changed.
    after = (renkum / "gemeenten.yaml").read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [(f"    {RENKUM_FIRST}", f"    {RENKUM_AMENDED}")]


def test_sign_force_without_date_is_refused_and_writes_nothing(run: Run, renkum: Path) -> None:
    run("amend", "renkum", "--signatory", "A. Schmidt-Çelik")
    before = data_files(renkum)
    result = run("sign", "renkum", "--force", "--signatory", "X")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "opgave: error: --force replaces Renkum's signature of 2023-02-01 and needs its --date "
        "(today is never taken for a replacement); `opgave amend` corrects only the fields "
        "you give\n"
    )
    assert data_files(renkum) == before


def test_sign_force_with_a_date_names_every_field_it_drops_or_changes(
    run: Run, renkum: Path
) -> None:
    run("amend", "renkum", "--signatory", "A. Schmidt-Çelik")
    result = run("sign", "renkum", "--force", "--signatory", "X", "--date", "2023-02-02")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Replaced: Renkum's signature of 2023-02-01 in Renkum by A. Schmidt-Çelik, namens de "
        "burgemeester; changes date 2023-02-01 → 2023-02-02; drops place (Renkum); changes "
        "signatory A. Schmidt-Çelik → X; drops capacity (namens de burgemeester)\n"
        "Recorded: Renkum signed on 2023-02-02, place not given, by X "
        "(1 of 18 municipalities signed)\n"
    )
    assert signature_line(renkum, "renkum") == "signature: {date: 2023-02-02, signatory: X}"


def test_sign_force_dry_run_says_what_it_would_replace(run: Run, renkum: Path) -> None:
    before = data_files(renkum)
    result = run(
        "sign", "renkum", "--force", "--date", "2023-02-01", "--place", "Renkum",
        "--capacity", "Burgemeester", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        "Would replace: Renkum's signature of 2023-02-01 in Renkum, namens de burgemeester; "
        "changes capacity namens de burgemeester → burgemeester",
        "Would record: Renkum signed on 2023-02-01 in Renkum, burgemeester "
        "(1 of 18 municipalities signed)",
    ]
    assert f"-    {RENKUM_FIRST}\n" in result.stdout
    assert data_files(renkum) == before


def test_sign_force_with_the_same_values_says_nothing_changes(run: Run, renkum: Path) -> None:
    result = run(
        "sign", "renkum", "--force", "--date", "2023-02-01", "--place", "Renkum",
        "--capacity", "namens de burgemeester",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "Replaced: Renkum's signature of 2023-02-01 in Renkum, namens de burgemeester; "
        "nothing changes"
    )


def test_sign_force_on_an_unsigned_party_is_a_plain_sign(run: Run, data_dir: Path) -> None:
    result = run("sign", "arnhem", "--force")
    assert result.exit_code == 0
    assert result.stdout == (
        "Recorded: Arnhem signed on 2023-06-01 (today), place not given "
        "(1 of 18 municipalities signed)\n"
    )


# --- amend: each field, clearing, and the dry run --------------------------------


@pytest.mark.parametrize(
    ("args", "line", "what"),
    [
        (
            ["--date", "2023-03-15"],
            "signature: {date: 2023-03-15, place: Renkum, capacity: namens de burgemeester}",
            "changes date 2023-02-01 → 2023-03-15",
        ),
        (
            ["--place", "Oosterbeek"],
            "signature: {date: 2023-02-01, place: Oosterbeek, capacity: namens de burgemeester}",
            "changes place Renkum → Oosterbeek",
        ),
        (
            ["--capacity", "BURGEMEESTER"],
            "signature: {date: 2023-02-01, place: Renkum, capacity: burgemeester}",
            "changes capacity namens de burgemeester → burgemeester",
        ),
        (
            ["--place", ""],
            "signature: {date: 2023-02-01, capacity: namens de burgemeester}",
            "drops place (Renkum)",
        ),
        (
            ["--clear", "place"],
            "signature: {date: 2023-02-01, capacity: namens de burgemeester}",
            "drops place (Renkum)",
        ),
        (
            ["--clear", "place", "--clear", "capacity"],
            "signature: {date: 2023-02-01}",
            "drops place (Renkum); drops capacity (namens de burgemeester)",
        ),
        (
            ["--capacity", " ", "--signatory", "J. de Vries"],
            "signature: {date: 2023-02-01, place: Renkum, signatory: J. de Vries}",
            "adds signatory J. de Vries; drops capacity (namens de burgemeester)",
        ),
    ],
)
def test_amend_changes_only_the_fields_given(
    run: Run, renkum: Path, args: list[str], line: str, what: str
) -> None:
    result = run("amend", "Renkum", *args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == (
        f"Amended: Renkum's signature of 2023-02-01 in Renkum, namens de burgemeester: {what}"
    )
    assert signature_line(renkum, "renkum") == line


def test_amend_dry_run_prints_the_diff_and_writes_nothing(run: Run, renkum: Path) -> None:
    before = data_files(renkum)
    result = run("amend", "renkum", "--place", "Oosterbeek", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/data/gemeenten.yaml\n"
        "+++ b/data/gemeenten.yaml\n"
        "@@ -127,7 +127,7 @@\n"
        "     province: Gelderland\n"
        "     inhabitants: {2022-01-01: 31358, 2023-01-01: 31461, 2024-01-01: 31419, "
        "2025-01-01: 31490, 2026-01-01: 31356}\n"
        "     participates: true\n"
        f"-    {RENKUM_FIRST}\n"
        "+    signature: {date: 2023-02-01, place: Oosterbeek, capacity: namens de burgemeester}\n"
        " \n"
        "   - slug: rheden\n"
        "     name: Rheden\n"
        "Would amend: Renkum's signature of 2023-02-01 in Renkum, namens de burgemeester: "
        "changes place Renkum → Oosterbeek\n"
        "Now: 2023-02-01 in Oosterbeek, namens de burgemeester (1 of 18 municipalities signed)\n"
    )
    assert data_files(renkum) == before


def test_amend_the_countersignature(run: Run, data_dir: Path) -> None:
    assert run("sign", "gmr", "--date", "2023-03-01", "--place", "Nijmegen").exit_code == 0
    result = run("amend", "gmr", "--capacity", "Namens de Voorzitter", "--signatory", "J. Jansen")
    assert result.exit_code == 0
    assert result.stdout == (
        "Amended: GMR's signature of 2023-03-01 in Nijmegen by H.M.F. Bruls, voorzitter: "
        "changes signatory H.M.F. Bruls → J. Jansen; changes capacity voorzitter → namens de "
        "voorzitter\n"
        "Now: 2023-03-01 in Nijmegen by J. Jansen, namens de voorzitter "
        "(0 of 18 municipalities signed)\n"
    )
    assert (
        (data_dir / "agreement.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "  signature: {date: 2023-03-01, place: Nijmegen, signatory: J. Jansen, "
            "capacity: namens de voorzitter}\n"
        )
    )


# --- refusals (exit 1) and usage errors (exit 2): nothing is written ----------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["renkum"],
            2,
            "nothing to amend: give --date, --place, --signatory, --capacity, --evidence "
            "or --clear FIELD",
        ),
        (
            ["arnhem", "--place", "Arnhem"],
            1,
            "Arnhem has no signature recorded; `opgave sign` records one",
        ),
        (
            ["renkum", "--clear", "date"],
            2,
            "--clear date: a signature always has a date; give --date to change it",
        ),
        (
            ["renkum", "--clear", "naam"],
            2,
            "--clear naam: choose place, signatory, capacity or evidence",
        ),
        (
            ["renkum", "--place", "Oosterbeek", "--clear", "place"],
            2,
            "--place and --clear place contradict each other",
        ),
        (
            ["renkum", "--date", "2023-06-02"],
            1,
            "cannot record a signature for Renkum: 2023-06-02 is in the future "
            "(today is 2023-06-01)",
        ),
        (
            ["renkum", "--date", "2025-01-01"],
            1,
            "cannot record a signature for Renkum: 2025-01-01 is in the future "
            "(today is 2023-06-01)",
        ),
        (["renkum", "--date", "2023-02-30"], 2, "--date 2023-02-30 is not a real calendar date"),
        (
            ["renkum", "--date", "1-2-23"],  # 1-2-2023 is understood; a year of two digits not
            2,
            "--date must be a date as YYYY-MM-DD, got '1-2-23'",
        ),
        (
            ["renkum", "--capacity", "wethouder"],
            2,
            "--capacity for Renkum must be 'burgemeester' or 'namens de burgemeester', "
            "got 'wethouder'",
        ),
        (
            ["renkum", "--signatory", "A.\x07B."],
            2,
            "--signatory: control character U+0007 in the text; only printable text on one "
            "line is allowed",
        ),
        (
            ["renkum", "--place", "\u202eArnhem"],
            2,
            "--place: invisible character U+202E in the text; only printable text on one "
            "line is allowed",
        ),
        (
            ["renkum", "--evidence", "nowhere.pdf"],
            2,
            "--evidence nowhere.pdf: file not found",
        ),
        (
            ["renkm", "--place", "X"],
            2,
            "unknown municipality 'renkm'; did you mean: renkum? (opgave status lists them all)",
        ),
    ],
)
def test_amend_refused_or_malformed(
    run: Run, renkum: Path, args: list[str], code: int, message: str
) -> None:
    before = data_files(renkum)
    result = run("amend", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        code,
        "",
        f"opgave: error: {message}\n",
    )
    assert data_files(renkum) == before


def test_amend_of_a_municipality_that_does_not_take_part_is_refused(
    run: Run, data_dir: Path
) -> None:
    run("sign", "montferland", "--date", "2023-02-01")
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - slug: montferland")
    cut = text.index("participates: true", start)
    path.write_text(text[:cut] + "participates: false" + text[cut + 18 :], encoding="utf-8")
    before = data_files(data_dir)
    result = run("amend", "montferland", "--place", "Didam")
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: Montferland does not take part in the opgave (participates: false in "
        "gemeenten.yaml), so it does not sign it\n",
    )
    assert data_files(data_dir) == before
    # The contradiction is a warning of check (every command still works), and unsign is
    # the way out it names.
    check = run("check")
    assert check.exit_code == 0
    assert (
        "data/gemeenten.yaml:98:16: warning: gemeenten[montferland].signature: Montferland "
        "does not take part (participates: false) but has a signature, which is not counted; "
        "remove it (opgave unsign montferland) or set participates: true "
        "[signature-not-taking-part]"
    ) in check.stdout.splitlines()
    assert run("status").stdout.splitlines()[-4] == "0 of 17 municipalities signed"
    assert run("unsign", "montferland").exit_code == 0
    assert "signature-not-taking-part" not in run("check").stdout


def test_amend_does_not_write_to_data_that_is_already_invalid(run: Run, renkum: Path) -> None:
    path = renkum / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("inhabitants: {2022-01-01: 163888", "inhabitants: {2022-01-01: -1")
    )
    before = data_files(renkum)
    result = run("amend", "renkum", "--signatory", "A. Schmidt-Çelik")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("opgave: error: data/gemeenten.yaml:")
    assert data_files(renkum) == before


def test_amend_help_names_every_option(run: Run) -> None:
    result = run("amend", "--help")
    assert result.exit_code == 0
    for option in ("--date", "--place", "--signatory", "--capacity", "--evidence", "--clear"):
        assert option in result.stdout
    assert "--dry-run" in result.stdout
