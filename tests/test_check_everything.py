"""`check` reports every problem in one run: the rules across records run on every
record that can be read, whatever is wrong elsewhere, and names are unique the way
they are resolved (case, spaces and hyphens aside)."""

from __future__ import annotations

from pathlib import Path

from conftest import Run


def test_a_bad_code_a_missing_name_and_a_duplicate_slug_are_three_problems(
    run: Run, data_dir: Path
) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("cbs_code: GM0202", "cbs_code: GM202", 1)  # Arnhem: a bad code
    text = text.replace("    name: Beuningen\n", "", 1)  # Beuningen: no name
    text = text.replace("slug: doesburg", "slug: druten", 1)  # Doesburg: Druten's slug
    path.write_text(text, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "data/gemeenten.yaml:30:15: error: gemeenten[arnhem].cbs_code: 'GM202' is not a CBS "
        "gemeentecode: GM and four digits, e.g. GM0202 [format]",
        "data/gemeenten.yaml:44:5: error: gemeenten[beuningen].name: required field is missing "
        "[required]",
        "data/gemeenten.yaml:59:11: error: gemeenten[druten].slug: slug 'druten' is used twice "
        "(also gemeenten[#4]) [unique]",
        "Failed: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: 3 errors, "
        "0 warnings",
    ]


def test_names_that_differ_only_in_case_spaces_or_hyphens_are_not_unique(
    run: Run, data_dir: Path
) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Heumen", "name: bergendal", 1), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/gemeenten.yaml:77:11: error: gemeenten[heumen].name: name 'bergendal' is the same "
        "as name 'Berg en Dal' of gemeenten[#2] (case, spaces and hyphens aside) [unique]"
    )
    # Before, `sign bergendal` silently took the first: now the data is refused.
    signed = run("sign", "bergendal", "--date", "2023-02-01")
    assert signed.exit_code == 1
    assert signed.stderr.startswith("opgave: error: data/gemeenten.yaml:77:11: ")


def test_a_slug_like_the_counterparty_is_not_unique(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("slug: heumen", "slug: gmr", 1), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/gemeenten.yaml:76:11: error: gemeenten[gmr].slug: slug 'gmr' is used twice "
        "(also the counterparty) [unique]"
    )


def test_a_slug_like_the_counterparty_is_reported_when_the_agreement_has_a_problem(
    run: Run, data_dir: Path
) -> None:
    path = data_dir / "gemeenten.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("slug: heumen", "slug: gmr", 1), encoding="utf-8"
    )
    agreement = data_dir / "agreement.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(text.replace("first_year: 2023", "first_year: x", 1), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert (
        "data/gemeenten.yaml:76:11: error: gemeenten[gmr].slug: slug 'gmr' is used twice "
        "(also the counterparty) [unique]"
    ) in result.stdout.splitlines()


def test_the_rules_of_the_ledger_run_whatever_is_wrong_in_the_other_files(
    run: Run, data_dir: Path
) -> None:
    ledger = data_dir / "payments.yaml"
    ledger.write_text(
        ledger.read_text(encoding="utf-8")
        + '  - {gemeente: nosuch, year: 2023, date: 2023-03-01, amount: "5.00"}\n'
        + '  - {gemeente: arnhem, year: 2023, date: 2023-03-01, amount: "5.00"}\n' * 2,
        encoding="utf-8",
    )
    gemeenten = data_dir / "gemeenten.yaml"
    text = gemeenten.read_text(encoding="utf-8")
    gemeenten.write_text(text.replace("cbs_code: GM0202", "cbs_code: XX", 1), encoding="utf-8")
    agreement = data_dir / "agreement.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(text.replace("first_year: 2023", "first_year: x", 1), encoding="utf-8")
    rules = [line.rsplit(" [", 1)[-1] for line in run("check").stdout.splitlines()[:-1]]
    assert rules == ["type]", "format]", "payment-gemeente]", "payment-duplicate]"]


def test_a_key_with_an_escape_sequence_is_shown_escaped(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("slug: beuningen", '"sl\\e[31mug": x\n    slug: beuningen', 1),
        encoding="utf-8",
    )
    for output in ("text", "github"):
        result = run("check", "--format", output)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout
        assert "sl\\x1b[31mug" in result.stdout


def test_prose_and_names_refuse_what_would_reorder_or_hide_text(run: Run, data_dir: Path) -> None:
    # Found in an audit: a title took U+202E (right-to-left override) and `status` printed
    # it raw; U+061C (a direction mark) passed in names. One list of such characters now
    # serves the names, the prose, the schemas and the escaping of what is echoed.
    path = data_dir / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "title: Opgaveovereenkomst Productieve regio 2023 - 2024",
            'title: "Opgave\\u202Eovereenkomst"',
        ),
        encoding="utf-8",
    )
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "data/agreement.yaml:14:8: error: title: invisible character U+202E in the text; only "
        "printable text on one line is allowed [format]"
    )
    # A clause may run over several lines (a YAML block scalar), a title may not.
    clause = '  general_conditions: "De Algemene voorwaarden Opgavenovereenkomsten zijn van'
    assert clause in text
    several = text.replace(clause, clause.replace("De Algemene", "De\\nAlgemene"))
    path.write_text(several, encoding="utf-8")
    assert run("check").exit_code == 0
    path.write_text(
        several.replace(
            "title: Opgaveovereenkomst Productieve regio 2023 - 2024",
            'title: "Opgave\\novereenkomst"',
        ),
        encoding="utf-8",
    )
    assert "title: control character U+000A in the text" in run("check").stdout
    path.write_text(text, encoding="utf-8")
    signed = run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arn\u061chem")
    assert (signed.exit_code, signed.stderr) == (
        2,
        "opgave: error: --place: invisible character U+061C in the text; only printable text "
        "on one line is allowed\n",
    )
    # Prose may run over several lines; a name may not.
    assert run("check").exit_code == 0


def test_prose_may_run_over_several_lines_and_the_schema_agrees(run: Run, data_dir: Path) -> None:
    # Found in an audit: the prose list was made by replacing the text "\\x00-\\x1f" in a
    # string that holds the characters themselves, so a newline was refused in a title,
    # a clause, any YAML block scalar, by `opgave check` and the schemas alike. (The
    # title, which heads every output, is one line.)
    import re

    from opgave_cli.domain.fields import NAME_PATTERN, TEXT_PATTERN

    # The schemas hold \u escapes, not the characters (U+202E, U+2028 ...) themselves.
    assert all(c.isascii() and c.isprintable() for c in TEXT_PATTERN + NAME_PATTERN)
    assert re.fullmatch(TEXT_PATTERN, "Opgave\novereenkomst")
    assert not re.fullmatch(TEXT_PATTERN, "Opgave\tovereenkomst")
    assert not re.fullmatch(NAME_PATTERN, "Opgave\novereenkomst")
    path = data_dir / "agreement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            '  general_conditions: "De Algemene voorwaarden Opgavenovereenkomsten zijn van '
            'toepassing."',
            "  general_conditions: |\n    De Algemene voorwaarden\n    Opgavenovereenkomsten "
            "zijn van toepassing.",
        ),
        encoding="utf-8",
    )
    assert run("check").exit_code == 0
    gemeenten = data_dir / "gemeenten.yaml"
    gemeenten.write_text(
        gemeenten.read_text(encoding="utf-8").replace("name: Arnhem", 'name: "Arn\\nhem"', 1),
        encoding="utf-8",
    )
    result = run("check")
    assert result.exit_code == 1
    assert "name: control character U+000A in the text; only printable text on one line" in (
        result.stdout
    )
