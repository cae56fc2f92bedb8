"""`opgave check`: every problem in one run, as text, JSON or GitHub annotations;
and the JSON Schemas that editors and other validators use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Run
from test_invalid_data import CASES, header, install

SCHEMAS = ROOT / "schemas"


def test_the_shipped_data_passes(run: Run) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert (
        result.stdout == "OK: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: "
        "0 errors, 0 warnings\n"
    )


def test_warnings_pass_but_fail_under_strict(run: Run) -> None:
    warning = (
        "data/agreement.yaml:120:10: warning: other.term.end: the term ended on 2024-12-31 "
        "and 19 of 19 parties have not signed [term-ended]\n"
    )
    result = run("check", today="2026-11-27")
    assert result.exit_code == 0
    assert result.stdout == (
        warning + "OK: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: "
        "0 errors, 1 warning\n"
    )
    strict = run("check", "--strict", today="2026-11-27")
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout.replace(
        "1 warning\n", "1 warning (--strict: warnings fail)\n"
    ).replace("OK: ", "Failed: ")


def test_a_signature_without_place_or_signatory_is_a_warning(run: Run) -> None:
    assert run("sign", "arnhem", "--date", "2023-02-01").exit_code == 0
    result = run("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "ok": True,
        "problems": [
            {
                "file": "data/gemeenten.yaml",
                "line": 34,
                "column": 16,
                "path": "gemeenten[arnhem].signature",
                "rule": "signature-incomplete",
                "severity": "warning",
                "message": "signature has no place and no signatory",
            }
        ],
    }
    assert run("check", "--format", "json", "--strict").exit_code == 1


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_check_reports_each_invalid_file_at_its_position(
    case: Path, run: Run, data_dir: Path
) -> None:
    expected = header(case, "expect")
    assert expected is not None
    install(case, data_dir)
    result = run("check", today=header(case, "today") or "2023-06-01")
    assert result.exit_code == 1
    first = expected.split(" (and ")[0]
    file_pos, _, rest = first.partition(": ")
    path_and_message = rest
    lines = result.stdout.splitlines()
    assert lines[-1].startswith(
        "Failed: data/agreement.yaml, data/gemeenten.yaml and data/payments.yaml: "
    )
    assert any(
        line.startswith(f"{file_pos}: error: ") and path_and_message in line for line in lines
    ), result.stdout


def test_all_problems_of_a_file_come_out_in_one_run(run: Run, data_dir: Path) -> None:
    install(next(c for c in CASES if c.name.startswith("several-mistakes")), data_dir)
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert [(p["line"], p["column"], p["path"], p["rule"]) for p in data["problems"]] == [
        (46, 12, "speerpunten[human-capital].title", "empty"),
        (80, 19, "contribution.amounts[2023]", "format"),
        (91, 3, "counterparty.short_name", "required"),
    ]


def test_problems_in_both_files_are_sorted_by_file_and_line(run: Run, data_dir: Path) -> None:
    gemeenten = data_dir / "gemeenten.yaml"
    text = gemeenten.read_text(encoding="utf-8")
    text = text.replace("cbs_code: GM0299", "cbs_code: GM299").replace(
        "cbs_code: GM0202", "cbs_code: gm0202"
    )
    gemeenten.write_text(text, encoding="utf-8")
    agreement = data_dir / "agreement.yaml"
    agreement.write_text(
        agreement.read_text(encoding="utf-8").replace("opgave: Productieve regio", "opgave: 1"),
        encoding="utf-8",
    )
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=data/agreement.yaml,line=15,col=9,title=opgave check%3A type::"
        "opgave: expected text, got 1, which YAML reads as a number; quote it\n"
        "::error file=data/gemeenten.yaml,line=30,col=15,title=opgave check%3A format::"
        "gemeenten[arnhem].cbs_code: 'gm0202' is not a CBS gemeentecode: GM and four digits, "
        "e.g. GM0202\n"
        "::error file=data/gemeenten.yaml,line=166,col=15,title=opgave check%3A format::"
        "gemeenten[zevenaar].cbs_code: 'GM299' is not a CBS gemeentecode: GM and four digits, "
        "e.g. GM0202\n"
    )


def test_a_syntax_error_is_a_result_not_a_crash(run: Run, data_dir: Path) -> None:
    (data_dir / "gemeenten.yaml").write_text("gemeenten: [\n", encoding="utf-8")
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["file"], p["rule"]) for p in problems] == [("data/gemeenten.yaml", "yaml-syntax")]


def test_a_missing_file_is_reported(run: Run, data_dir: Path) -> None:
    (data_dir / "gemeenten.yaml").unlink()
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "data/gemeenten.yaml: error: file not found [file]"


def test_unknown_format_is_a_usage_error(run: Run) -> None:
    result = run("check", "--format", "xml")
    assert (result.exit_code, result.stderr) == (
        2,
        "opgave: error: --format must be text, json or github, got 'xml'\n",
    )


# --- schemas -----------------------------------------------------------------------


def test_committed_schemas_are_up_to_date() -> None:
    from opgave_cli.output.schemas import json_schemas

    for name, text in json_schemas().items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run `opgave schema` and commit the result"
        )


def test_schema_command_writes_every_file(run: Run, project: Path) -> None:
    result = run("schema", "--out", "out")
    assert result.exit_code == 0
    assert result.stdout == (
        "Wrote out/agreement.schema.json\nWrote out/gemeenten.schema.json\n"
        "Wrote out/payments.schema.json\n"
    )
    for name in ("agreement.schema.json", "gemeenten.schema.json", "payments.schema.json"):
        assert (project / "out" / name).read_text() == (SCHEMAS / name).read_text()


def test_no_data_file_points_at_a_path_only_this_repository_has() -> None:
    """A `$schema` comment of ../schemas/ pointed at nothing in a data repository of its
    own (issue #21); the schemas are written where a user wants them (`opgave schema
    --out`) and named in the editor's settings (docs/commands/data.md)."""
    from opgave_cli.store import LEDGER_HEADER

    for text in [*((ROOT / "data").glob("*.yaml")), LEDGER_HEADER]:
        content = text if isinstance(text, str) else text.read_text(encoding="utf-8")
        assert "$schema" not in content


def _check_jsonschema(schema: Path, instance: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run(
        [exe, "--schemafile", str(schema), str(instance)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.slow
def test_an_independent_validator_accepts_the_shipped_and_signed_data(
    run: Run, data_dir: Path
) -> None:
    assert run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem").exit_code == 0
    assert run("sign", "gmr", "--date", "2023-02-02").exit_code == 0
    for name in ("agreement", "gemeenten"):
        for folder in (ROOT / "data", data_dir):
            out = _check_jsonschema(SCHEMAS / f"{name}.schema.json", folder / f"{name}.yaml")
            assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_an_independent_validator_rejects_an_unknown_key(data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("province: Limburg", "provinse: Limburg"),
        encoding="utf-8",
    )
    out = _check_jsonschema(SCHEMAS / "gemeenten.schema.json", path)
    assert out.returncode == 1
    assert "provinse" in out.stdout


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    name: Arnhem\n",
            "    name: Arnhem\n   oops: x\n",
            "data/gemeenten.yaml:30:4: error: YAML syntax: line 30 is indented less than the list "
            "it belongs to (its item on line 28): indent it like the lines above it [yaml-syntax]",
        ),
        (
            "    name: Arnhem\n",
            "    name: Arnhem\n    province Gelderland\n",
            "data/gemeenten.yaml:30:5: error: YAML syntax: line 30 has a key without a ':' after "
            "it: write key: value [yaml-syntax]",
        ),
        (
            "    name: Arnhem\n",
            "    name: Arnhem\n      cbs_code: GM0202\n",
            "data/gemeenten.yaml:30:15: error: YAML syntax: line 30 has a ':' where none can be: "
            "it is indented further than the key above it, or its value holds ': ' and needs "
            "quotes [yaml-syntax]",
        ),
    ],
    ids=["dedented", "no-colon", "over-indented"],
)
def test_a_syntax_error_says_what_to_fix_on_which_line(
    run: Run, data_dir: Path, old: str, new: str, message: str
) -> None:
    """The parser's own words ("while parsing a block collection did not find expected '-'
    indicator") said nothing a person could act on (issue #21)."""
    path = data_dir / "gemeenten.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run("check")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (1, message)
