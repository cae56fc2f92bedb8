"""The Dutch catalogue in step with the code (issue #22): the committed .mo is the .po
compiled; the .po holds exactly the messages of the code, each translated (not fuzzy)
with the same placeholders; and no text that the command line prints goes around the
catalogue. tools/i18n.sh update and compile fix the first two."""

from __future__ import annotations

import ast
import fnmatch
import io
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from opgave_cli import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "opgave_cli"
PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "opgave.po"
MO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "opgave.mo"
# As tools/i18n.sh extracts them.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as po:
        return read_po(po)


def test_the_po_is_dutch_utf8_with_dutch_plurals() -> None:
    messages = catalogue()
    assert (str(messages.locale), messages.charset) == ("nl", "utf-8")
    assert messages.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not messages.fuzzy
    PO.read_bytes().decode("utf-8")
    assert i18n.mo_path("nl") == str(MO)


def test_the_committed_mo_is_the_po_compiled() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    assert compiled.getvalue() == MO.read_bytes(), "run tools/i18n.sh compile"


def extracted() -> set[str | tuple[str, ...]]:
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    }


def test_the_po_has_exactly_the_messages_of_the_code() -> None:
    in_code = extracted()
    in_po = {m.id for m in catalogue() if m.id}
    assert sorted(map(str, in_code - in_po)) == [], "missing: run tools/i18n.sh update"
    assert sorted(map(str, in_po - in_code)) == [], "obsolete: run tools/i18n.sh update"
    assert not catalogue().obsolete


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    for message in catalogue():
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(forms), f"not translated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]")


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def test_each_translation_has_the_placeholders_of_its_message() -> None:
    for message in catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = placeholders(ids[-1])
        assert all(placeholders(i) == expected for i in ids), message.id
        for form in forms:
            assert placeholders(form) == expected, f"{message.id!r} -> {form!r}"
            # "Usage: " keeps its space: the text goes on after it.
            assert _ends(form) == _ends(ids[0]), f"{message.id!r} -> {form!r}"


def _ends(text: str) -> tuple[str, str]:
    """The white space a text starts and ends with."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def test_the_placeholder_pattern_sees_both_styles() -> None:
    assert placeholders("{name}: %s and %(x)s, 100 %") == Counter(["{name}", "%s", "%(x)s"])


def test_the_catalogue_is_packaged() -> None:
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = setup["tool"]["setuptools"]["package-data"]["opgave_cli"]
    assert any(fnmatch.fnmatch(str(MO.relative_to(PACKAGE)), p) for p in patterns)


# --- texts that go around the catalogue ----------------------------------------------

# Where every text that reaches a person must go through the catalogue: the command
# line's own texts, and the core's (the domain's messages, check's findings, the readers'
# refusals, the store's write errors, the boundary's lines). output/ joins this list as
# issue #22 wraps its texts.
SCAN_SCOPE = [
    PACKAGE / "cli",
    *(PACKAGE / p for p in ("domain", "checks", "loader", "sources", "workflows", "store")),
    *(PACKAGE / f"{m}.py" for m in ("boundary", "errors", "text", "entry")),
]
# Keywords whose value Typer shows in --help.
SHOWN_KEYWORDS = {"help", "short_help", "epilog", "metavar", "show_default"}
TRANSLATING = {"_", "N_", "ngettext"}
PRINTING = {"write", "print", "echo", "secho", "error_line"}
# Exceptions that only a bug raises: their words are for the crash log, not a person.
BUGS = {"ValueError", "TypeError", "AssertionError", "RuntimeError", "KeyError"}
NOT_PROSE = re.compile(r"--[\w-]+|\{[^{}]*\}|\bopgave\b")


def _prose(text: str) -> bool:
    """A text with words in it (not an option, a placeholder or the program's name)."""
    return re.search(r"[A-Za-z]{2,}", NOT_PROSE.sub("", text)) is not None


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def untranslated(node: ast.expr) -> list[str]:
    """The literal texts in ``node`` that do not go through the catalogue."""
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) and _prose(node.value) else []
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return [ast.unparse(node)] if _prose(text) else []
    if isinstance(node, ast.Call):
        if _name(node.func) in TRANSLATING:
            return []
        if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            return untranslated(node.func.value)  # the template; its values are data
        # Beside other arguments, one word that is an identifier names something (a field,
        # a key, a JSON entity: FieldError("total", ...)); it is not a message.
        return [
            t
            for arg in node.args
            if not (len(node.args) > 1 and _name_of_something(arg))
            for t in untranslated(arg)
        ]
    if isinstance(node, ast.BinOp):
        return untranslated(node.left) + untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return untranslated(node.body) + untranslated(node.orelse)
    return []


def _name_of_something(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier()
    )


def _is_command(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and _name(d.func) in ("command", "callback")
        for d in function.decorator_list
    )


def findings(source: str) -> list[str]:
    """Every text in ``source`` that is shown, printed or raised around the catalogue."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        where = f"line {getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.FunctionDef) and _is_command(node) and ast.get_docstring(node):
            found.append(f"{where}: the docstring of {node.name} (give help=N_(...))")
        if isinstance(node, ast.keyword) and node.arg in SHOWN_KEYWORDS:
            value = node.value
            if isinstance(value, ast.JoinedStr) or (
                isinstance(value, ast.Constant) and isinstance(value.value, str)
            ):
                found.append(f"line {value.lineno}: {node.arg}={ast.unparse(value)}")
        exc = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(exc, ast.Call) and _name(exc.func) not in BUGS:
            found += [f"{where}: raised: {t!r}" for t in untranslated(exc)]
        if isinstance(node, ast.Call) and _name(node.func) in PRINTING and node.args:
            found += [f"{where}: printed: {t!r}" for t in untranslated(node.args[0])]
    return sorted(found, key=lambda f: int(f.split(":")[0].removeprefix("line ")))


@pytest.mark.parametrize(
    "module",
    [
        p
        for where in SCAN_SCOPE
        for p in (sorted(where.rglob("*.py")) if where.is_dir() else [where])
    ],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_text_goes_around_the_catalogue(module: Path) -> None:
    assert findings(module.read_text(encoding="utf-8")) == []


def test_the_scan_finds_what_goes_around() -> None:
    source = '''
@app.command()
def status() -> None:
    """Who has signed."""
    raise UsageError(f"choose one of {options}")

x = typer.Option("--year", help="The year.", metavar=N_("YEAR"), show_default=False)
raise UsageError(_("fine {x}").format(x="data") + " (see `opgave sign --help`)")
sys.stdout.write(f"opgave {__version__}\\n")
error_line("not shown: " + folder)
raise ValueError("a bug's words are for the crash log")
raise FieldError("total", _("{field} must not be negative"))
raise FieldError("total", "{field} must not be negative")
raise OpgaveError("interrupted")
'''
    assert findings(source) == [
        "line 3: the docstring of status (give help=N_(...))",
        "line 5: raised: \"f'choose one of {options}'\"",
        "line 7: help='The year.'",
        "line 8: raised: ' (see `opgave sign --help`)'",
        "line 10: printed: 'not shown: '",
        "line 13: raised: '{field} must not be negative'",
        "line 14: raised: 'interrupted'",
    ]
