"""Validation of parsed values against the models, with messages a person can act on."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import Problem, file_problem
from ..i18n import N_, _
from ..text import clip
from .yamldoc import YamlDoc, format_path, shown

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def validate(model: type[M], doc: YamlDoc) -> tuple[M | None, list[Problem]]:
    """Validate a parsed file against a model; every error with its position."""
    from pydantic import ValidationError

    if doc.value is None:
        return None, [file_problem(doc.file, "empty", _("the file is empty"), 1, 1)]
    if not isinstance(doc.value, dict):
        message = (
            _("expected a mapping of keys at the top, found a list")
            if isinstance(doc.value, list)
            else _("expected a mapping of keys at the top, found a single value")
        )
        return None, [Problem(doc.file, 1, 1, "", "type", message)]
    try:
        return model.model_validate(doc.value), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            path, at_key = _path(err["loc"])
            line, column = doc.locate(path, key=at_key or err["type"] == "extra_forbidden")
            message = _message(err)
            span = doc.spans.get(path)
            if err["type"] == "string_type" and err.get("input") is None:
                message = _("expected text, found nothing")
            elif err["type"] == "string_type" and span is not None:
                # Show the value as written: YAML reads `0202` as the number 130.
                written = clip(doc.text[span.start : span.end])
                kind = _yaml_kind(err.get("input"))
                message = _("expected text, got {written}, which YAML reads as {kind}; quote it")
                message = message.format(written=written, kind=kind)
            problems.append(
                Problem(
                    doc.file,
                    line,
                    column,
                    format_path(path, doc.value),
                    _rule(err["type"]),
                    message,
                )
            )
        return None, problems


_DATE_KEY = re.compile(r"datetime\.date\(([0-9]+), ([0-9]+), ([0-9]+)\)")


def _path(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], bool]:
    """The path of a pydantic error as the parsed file has it, and whether the error is
    about a key. (Pydantic names a date key by its repr, and a key's own error by a
    trailing "[key]".)"""
    path: list[Any] = []
    at_key = False
    for part in loc:
        if part == "[key]":
            at_key = True
        elif isinstance(part, str) and (found := _DATE_KEY.fullmatch(part)):
            path.append(date(*(int(g) for g in found.groups())))
        elif isinstance(part, (str, int)):
            path.append(part)
    return tuple(path), at_key


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, date):
        return _("a date")
    return _("a list or mapping") if isinstance(value, (list, dict)) else _("another type")


def _rule(error_type: str) -> str:
    if error_type == "missing":
        return "required"
    if error_type == "extra_forbidden":
        return "unknown-key"
    if error_type in ("string_too_short", "too_short"):
        return "empty"
    if error_type in ("string_pattern_mismatch", "value_error", "literal_error"):
        return "format"
    return "type"


# Translated where they are shown.
_EXPECTED = {
    "int_type": N_("expected a whole number"),
    "string_type": N_("expected text"),
    "bool_type": N_("expected true or false"),
    "list_type": N_("expected a list"),
    "dict_type": N_("expected a mapping of keys"),
    "model_type": N_("expected a mapping of keys"),
    "greater_than": N_("must be greater than 0"),
    "greater_than_equal": N_("must be at least 1"),
    "string_too_short": N_("must not be empty"),
    "too_short": N_("must not be empty"),
}
_PATTERNS = {
    r"^GM[0-9]{4}$": N_("a CBS gemeentecode: GM and four digits, e.g. GM0202"),
    r"^[0-9a-f]{64}$": N_("a SHA-256: 64 lowercase hexadecimal digits"),
}


def _message(err: Any) -> str:
    from ..domain.fields import EVIDENCE_PATH_PATTERN

    kind = err["type"]
    if kind == "missing":
        return _("required field is missing")
    if kind == "extra_forbidden":
        return _("unknown key '{key}'").format(key=clip(str(err["loc"][-1])))
    if kind == "string_pattern_mismatch":
        pattern = err["ctx"]["pattern"]
        if pattern == EVIDENCE_PATH_PATTERN:
            what = _(
                "a relative path with / between folders and no backslash or control "
                "character, e.g. evidence/arnhem.pdf"
            )
        elif pattern in _PATTERNS:
            what = _(_PATTERNS[pattern])
        else:
            what = _("a slug: lowercase letters, digits and hyphens, e.g. berg-en-dal")
        return _("{value} is not {what}").format(value=shown(err["input"]), what=what)
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "literal_error":
        return _("must be {expected}, got {value}").format(
            expected=_literals(err["ctx"]["expected"]), value=shown(err["input"])
        )
    message = _(_EXPECTED[kind]) if kind in _EXPECTED else str(err["msg"])
    if kind != "string_too_short" and not isinstance(err.get("input"), (dict, list)):
        message = _("{mistake}, got {value}").format(mistake=message, value=shown(err["input"]))
    return message


def _literals(expected: str) -> str:
    """Pydantic's list of the values allowed (``'nl' or 'en'``), joined in the run's
    language."""
    # TRANSLATORS: the word between the last two of a list: "a, b or c".
    word = _("or")
    return expected.replace(" or ", f" {word} ")
