"""Never write what we cannot read back (issue 13): a write stays within the limits the
reader applies, every value written reads back as exactly what was meant, and every
hand-written form of a signature that `check` accepts can be signed and unsigned with
one line changed and every other byte kept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import TODAY, Run
from opgave_cli.domain.models import Signature
from opgave_cli.errors import WriteError
from opgave_cli.loader import MAX_BYTES, load
from opgave_cli.loader.yamldoc import parse_yaml
from opgave_cli.store.edit import flow_mapping

SIGNED_ON = date(2023, 2, 1)

# Text a person might type, and everything YAML gives a meaning to.
TRICKY = [
    "yes", "no", "No", "null", "Null", "~", "true", "off", "y", "0123", "1e5", "1_000", "0x1F",
    ".inf", "2023-02-01", "12:30", "- x", "? x", "! x", "& x", "* x", "%x", "@x", "`x`", "#x",
    "x #y", "x: y", "x:y", "'x'", '"x"', "[x]", "{x}", "x,y", "|", ">", " x ", "x\\y",
    "\u2028", "\u2029", "\x85", "\ufeff", "\ufffe", "\u00a0", "\u3000", "\t",
]  # fmt: skip
texts = st.lists(
    st.one_of(
        st.sampled_from(TRICKY),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
    ),
    max_size=5,
).map("".join)


# --- the scalar writer --------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(place=texts, signatory=texts)
@example(place="Arn\u2028hem", signatory="A.\x85Marcouch")
@example(place="\u2029", signatory="x\ufeffy")
def test_every_value_written_reads_back_exactly(place: str, signatory: str) -> None:
    """The scalar writer, on any text (the models refuse line breaks and control
    characters in a name, but the writer must not depend on that)."""
    signature = Signature.model_construct(
        date=SIGNED_ON, place=place or None, signatory=signatory or None
    )
    doc, problems = parse_yaml(f"signature: {flow_mapping(signature)}\n", "f")
    assert [p for p in problems if p.rule != "control-character"] == []
    assert doc.value["signature"] == signature.model_dump(exclude_none=True)


def test_text_that_is_not_text_is_not_written(run: Run, data_dir: Path) -> None:
    """A lone surrogate (bytes of the command line that were not UTF-8) has no UTF-8: a
    usage error on the command line, and the store would not write it either."""
    before = (data_dir / "gemeenten.yaml").read_bytes()
    result = run("sign", "arnhem", "--date", "2023-02-01", "--signatory", "Arn\udcffhem")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "opgave: error: --signatory is not text: it holds bytes that are not UTF-8\n",
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before
    unchecked = Signature.model_construct(date=SIGNED_ON, place="Arn\udcffhem")
    with pytest.raises(WriteError, match=r"^the place is not text: it holds bytes that are not"):
        flow_mapping(unchecked)


def test_separators_are_written_as_escapes(run: Run, data_dir: Path) -> None:
    before = (data_dir / "gemeenten.yaml").read_bytes()
    result = run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arn\u0085hem")
    # U+0085 is a C1 control character: refused as such, never folded into a space.
    assert (result.exit_code, result.stdout, result.stderr.count("\n")) == (2, "", 1)
    assert (data_dir / "gemeenten.yaml").read_bytes() == before
    # A line or paragraph separator too: a place is one line.
    result = run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arn \u2028 hem")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "opgave: error: --place: control character U+2028 in the text; only printable text "
        "on one line is allowed\n",
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before
    # What the writer must escape and the models allow: a format character (a soft
    # hyphen; the zero-width and direction characters are refused, as invisible).
    place = "Arn\u00adhem"
    result = run("sign", "arnhem", "--date", "2023-02-01", "--place", place)
    assert (result.exit_code, result.stderr) == (0, "")
    text = (data_dir / "gemeenten.yaml").read_text(encoding="utf-8")
    assert '    signature: {date: 2023-02-01, place: "Arn\\xADhem"}\n' in text
    assert signature_of(data_dir, "arnhem") == Signature(date=SIGNED_ON, place=place)


def signature_of(data_dir: Path, slug: str) -> Signature | None:
    agreement, gemeenten = load(data_dir, date.fromisoformat(TODAY))
    if slug == "gmr":
        return agreement.counterparty.signature
    return next(g for g in gemeenten.gemeenten if g.slug == slug).signature


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(place=texts)
@example(place="Arn\u2028hem")
@example(place="Arn \u2028 hem")
@example(place="Arn\u0085hem")
@example(place=" yes ")
@example(place="2023-02-01")
@example(place="- Arnhem: #1")
def test_sign_stores_exactly_the_place_given_or_refuses(
    place: str, run: Run, data_dir: Path
) -> None:
    path = data_dir / "gemeenten.yaml"
    before = path.read_bytes()
    try:
        result = run("sign", "arnhem", "--date", "2023-02-01", f"--place={place}")
        assert "Traceback" not in result.stdout + result.stderr
        if result.exit_code == 0:
            assert result.stderr == ""
            assert signature_of(data_dir, "arnhem") == Signature(
                date=SIGNED_ON, place=place.strip()
            )
            changed = [
                (a, b)
                for a, b in zip(before.splitlines(), path.read_bytes().splitlines(), strict=True)
                if a != b
            ]
            assert len(changed) == 1
        else:
            assert result.exit_code in (1, 2), result.stderr
            assert result.stdout == ""
            assert result.stderr.startswith("opgave: error: ")
            assert result.stderr.count("\n") == 1
            assert path.read_bytes() == before
    finally:
        path.write_bytes(before)


def test_the_session_refuses_an_edit_that_reads_back_differently(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the edit got wrong, what is written is read back and compared first."""
    import opgave_cli.store as store

    real = store.signature_splice

    def wrong(*args: object, **kwargs: object) -> object:
        splice = real(*args, **kwargs)  # type: ignore[arg-type]
        return splice._replace(text=splice.text.replace("place: Arnhem", "place: Arnhem2"))

    monkeypatch.setattr(store, "signature_splice", wrong)
    before = (data_dir / "gemeenten.yaml").read_bytes()
    result = run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: data/gemeenten.yaml: the edit of gemeenten[arnhem].signature would not "
        "read back as intended; nothing was written\n",
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before


def test_the_session_refuses_an_edit_that_changes_anything_else(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import opgave_cli.store as store

    real = store.apply_splices

    def also_elsewhere(*args: object, **kwargs: object) -> str:
        return real(*args, **kwargs).replace("2026-01-01: 42106}", "2026-01-01: 42107}")  # type: ignore[arg-type]

    monkeypatch.setattr(store, "apply_splices", also_elsewhere)
    result = run("sign", "arnhem", "--date", "2023-02-01")
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: data/gemeenten.yaml: the edit of gemeenten[arnhem].signature would not "
        "read back as intended; nothing was written\n",
    )


# --- limits -------------------------------------------------------------------------


def test_an_over_long_option_is_a_clear_usage_error(run: Run, data_dir: Path) -> None:
    before = (data_dir / "gemeenten.yaml").read_bytes()
    for option in ("--place", "--signatory"):
        result = run("sign", "arnhem", "--date", "2023-02-01", option, "x" * 5_000_000)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            f"opgave: error: {option} is too long (5,000,000 characters; at most 200)\n",
        )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before
    assert run("sign", "arnhem", "--date", "2023-02-01", "--place", "x" * 200).exit_code == 0


def pad_to(path: Path, size: int) -> None:
    """Make the file ``size`` bytes of UTF-8 (after any BOM), with a comment at its end."""
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text + "#" + "x" * (size - len(text.encode()) - 2) + "\n", encoding="utf-8")
    assert len(path.read_bytes()) == size


def test_a_write_that_would_pass_the_size_limit_is_refused(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    pad_to(path, MAX_BYTES - 100)
    assert run("check").exit_code == 0
    before = path.read_bytes()
    # 60 characters, 120 bytes: in characters the file stays under the limit, in bytes not.
    result = run("sign", "arnhem", "--date", "2023-02-01", "--place", "é" * 60)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: the edit would make the data invalid, nothing was written: "
        "data/gemeenten.yaml: the file would be larger than 4 MiB, the most opgave reads\n",
    )
    assert path.read_bytes() == before
    assert run("sign", "arnhem", "--date", "2023-02-01", "--place", "e" * 60).exit_code == 0
    assert run("check").exit_code == 0
    assert run("unsign", "arnhem").exit_code == 0


def test_the_size_limit_is_on_the_text_not_the_byte_order_mark(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    pad_to(path, MAX_BYTES)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("check").exit_code == 0
    path.write_bytes(path.read_bytes().replace(b"#x", b"#xx", 1))
    result = run("status")
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: data/gemeenten.yaml: file is larger than 4 MiB\n",
    )


# --- hand-written signatures --------------------------------------------------------

SIGNED = "{date: 2023-02-01, place: Arnhem}"
A = "  - slug: arnhem\n    name: Arnhem\n    cbs_code: GM0202\n    province: Gelderland\n"
B = (
    "    inhabitants: {2022-01-01: 163888, 2023-01-01: 165770, 2024-01-01: 167632, "
    "2025-01-01: 169364, 2026-01-01: 171822}\n"
)
ARNHEM = A + B + "    participates: true\n    signature: null\n"

# (before, after `sign arnhem --date 2023-02-01 --place Arnhem`) for Arnhem's block;
# `unsign` then writes `null` where the signature went.
SHAPES = {
    "empty": (
        A + B + "    participates: true\n    signature:\n",
        A + B + f"    participates: true\n    signature: {SIGNED}\n",
    ),
    "empty-with-comment": (
        A + B + "    participates: true\n    signature:   # to do\n",
        A + B + f"    participates: true\n    signature: {SIGNED}   # to do\n",
    ),
    "tilde": (
        A + B + "    participates: true\n    signature: ~\n",
        A + B + f"    participates: true\n    signature: {SIGNED}\n",
    ),
    "tagged-null": (
        A + B + "    participates: true\n    signature: !!null ''\n",
        A + B + f"    participates: true\n    signature: {SIGNED}\n",
    ),
    "flow-over-two-lines": (
        A + B + "    participates: true\n    signature: {date: 2023-01-15,\n"
        "      place: Elst}  # by hand\n",
        A + B + f"    participates: true\n    signature: {SIGNED}  # by hand\n",
    ),
    "block-mapping": (
        A + B + "    participates: true\n    signature:\n      date: 2023-01-15\n"
        "      place: Elst\n",
        A + B + f"    participates: true\n    signature: {SIGNED}\n",
    ),
    "block-mapping-with-a-literal": (
        A + B + "    participates: true\n    signature:\n      date: 2023-01-15\n"
        "      place: |-\n        Elst\n",
        A + B + f"    participates: true\n    signature: {SIGNED}\n",
    ),
    "block-mapping-first": (
        A
        + "    signature:\n      date: 2023-01-15\n      place: Elst\n"
        + B
        + "    participates: true\n",
        A + f"    signature: {SIGNED}\n" + B + "    participates: true\n",
    ),
    "no-key": (
        A + B + "    participates: true\n",
        A + B + f"    participates: true\n    signature: {SIGNED}\n",
    ),
    "no-key-comment-after": (
        A + B + "    participates: true  # yes\n    # not signed yet\n",
        A + B + f"    participates: true  # yes\n    signature: {SIGNED}\n    # not signed yet\n",
    ),
    "no-key-flow-party": (
        "  - {slug: arnhem, name: Arnhem, cbs_code: GM0202, province: Gelderland,\n"
        "     inhabitants: {2026-01-01: 171822}, participates: true}  # flow\n",
        "  - {slug: arnhem, name: Arnhem, cbs_code: GM0202, province: Gelderland,\n"
        "     inhabitants: {2026-01-01: 171822}, participates: true, "
        f"signature: {SIGNED}}}  # flow\n",
    ),
}


def variant(text: str, how: str) -> bytes:
    data = text.encode()
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    return data


@pytest.mark.parametrize("how", ["lf", "crlf", "bom"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_hand_written_signature_can_be_signed_and_unsigned(
    shape: str, how: str, run: Run, data_dir: Path
) -> None:
    path = data_dir / "gemeenten.yaml"
    shipped = path.read_text(encoding="utf-8")
    before, signed = SHAPES[shape]
    path.write_bytes(variant(shipped.replace(ARNHEM, before), how))
    assert run("check").exit_code == 0
    force = ["--force"] if "date:" in before else []
    result = run("sign", "arnhem", "--date", "2023-02-01", "--place", "Arnhem", *force)
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == variant(shipped.replace(ARNHEM, signed), how)
    assert signature_of(data_dir, "arnhem") == Signature(date=SIGNED_ON, place="Arnhem")
    assert run("check").exit_code == 0
    result = run("unsign", "arnhem")
    assert result.exit_code == 0, result.stderr
    unsigned = signed.replace(SIGNED, "null")
    assert path.read_bytes() == variant(shipped.replace(ARNHEM, unsigned), how)
    assert signature_of(data_dir, "arnhem") is None
    assert run("check").exit_code == 0


@pytest.mark.parametrize("trailing_newline", [True, False])
@pytest.mark.parametrize("slug", ["zevenaar", "gmr"])
def test_a_missing_signature_at_the_end_of_a_file(
    slug: str, trailing_newline: bool, run: Run, data_dir: Path
) -> None:
    path = data_dir / ("agreement.yaml" if slug == "gmr" else "gemeenten.yaml")
    shipped = path.read_text(encoding="utf-8")
    indent = "  " if slug == "gmr" else "    "
    last = f"{indent}signature: null\n"
    assert shipped.endswith(last)
    before = shipped[: -len(last)]
    if not trailing_newline:
        before = before[:-1]
    path.write_text(before, encoding="utf-8")
    assert run("check").exit_code == 0
    assert run("sign", slug, "--date", "2023-02-01", "--place", "Arnhem").exit_code == 0
    sig = signature_of(data_dir, slug)
    assert sig is not None and (sig.date, sig.place) == (SIGNED_ON, "Arnhem")
    newline = "\n" if trailing_newline else ""
    value = "{date: 2023-02-01, place: Arnhem" + (
        ", signatory: H.M.F. Bruls, capacity: voorzitter}" if slug == "gmr" else "}"
    )
    signed = before.rstrip("\n") + f"\n{indent}signature: {value}" + newline
    assert path.read_text(encoding="utf-8") == signed
    assert run("check").exit_code == 0
    assert run("unsign", slug).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after == signed.replace(value, "null")
    assert signature_of(data_dir, slug) is None
