"""Validation of parsed values against the models, with messages a person can act on."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import Problem, file_problem
from ..text import clip
from .yamldoc import YamlDoc, format_path, shown

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def validate(model: type[M], doc: YamlDoc) -> tuple[M | None, list[Problem]]:
    """Validate a parsed file against a model; every error with its position."""
    from pydantic import ValidationError

    if doc.value is None:
        return None, [file_problem(doc.file, "empty", "the file is empty", 1, 1)]
    if not isinstance(doc.value, dict):
        kind = "a list" if isinstance(doc.value, list) else "a single value"
        return None, [
            Problem(
                doc.file, 1, 1, "", "type", f"expected a mapping of keys at the top, found {kind}"
            )
        ]
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
                message = "expected text, found nothing"
            elif err["type"] == "string_type" and span is not None:
                # Show the value as written: YAML reads `0202` as the number 130.
                written = clip(doc.text[span.start : span.end])
                kind = _yaml_kind(err.get("input"))
                message = f"expected text, got {written}, which YAML reads as {kind}; quote it"
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
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, date):
        return "a date"
    return "a list or mapping" if isinstance(value, (list, dict)) else "another type"


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


_EXPECTED = {
    "int_type": "expected a whole number",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "greater_than": "must be greater than 0",
    "greater_than_equal": "must be at least 1",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
}


def _message(err: Any) -> str:
    from ..domain.models import EVIDENCE_PATH_PATTERN

    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown key '{clip(str(err['loc'][-1]))}'"
    if kind == "string_pattern_mismatch":
        what = {
            r"^GM[0-9]{4}$": "a CBS gemeentecode: GM and four digits, e.g. GM0202",
            r"^[0-9a-f]{64}$": "a SHA-256: 64 lowercase hexadecimal digits",
            EVIDENCE_PATH_PATTERN: "a relative path with / between folders and no "
            "backslash or control character, e.g. evidence/arnhem.pdf",
        }.get(
            err["ctx"]["pattern"], "a slug: lowercase letters, digits and hyphens, e.g. berg-en-dal"
        )
        return f"{shown(err['input'])} is not {what}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "literal_error":
        return f"must be {err['ctx']['expected']}, got {shown(err['input'])}"
    message = _EXPECTED.get(kind) or str(err["msg"])
    if kind != "string_too_short" and not isinstance(err.get("input"), (dict, list)):
        message += f", got {shown(err['input'])}"
    return message
