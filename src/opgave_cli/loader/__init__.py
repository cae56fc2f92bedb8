"""The only reader of the data files: find the folder, read, parse, validate, check rules.

``load_all`` gives every problem (for `check`); ``load`` gives the models or a
DataError. The pieces: ``folder`` (where the files are, reading them as text),
``yamldoc`` (YAML -> values with positions, within limits) and ``messages``
(pydantic's errors -> problems with positions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, Problem, errors_only
from .folder import (
    AGREEMENT_FILE,
    DATA_DIR_ENV,
    DATA_FILES,
    GEMEENTEN_FILE,
    display_name,
    find_data_dir,
    read_text,
)
from .messages import validate
from .yamldoc import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    PathKey,
    Span,
    YamlDoc,
    format_path,
    parse_yaml,
)

if TYPE_CHECKING:
    from ..models import Agreement, GemeentenFile

__all__ = [
    "AGREEMENT_FILE",
    "DATA_DIR_ENV",
    "DATA_FILES",
    "GEMEENTEN_FILE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Loaded",
    "PathKey",
    "Span",
    "YamlDoc",
    "display_name",
    "find_data_dir",
    "load",
    "load_all",
    "party_slugs",
    "read_file",
]


@dataclass
class Loaded:
    """What a read of the data folder gives: the models where they are valid, the
    parsed documents (for positions), and every problem found."""

    data_dir: Path
    agreement_doc: YamlDoc | None
    gemeenten_doc: YamlDoc | None
    agreement: Agreement | None
    gemeenten: GemeentenFile | None
    problems: list[Problem]

    def models(self) -> tuple[Agreement, GemeentenFile]:
        """Both models, or a :class:`DataError` with every error found."""
        errors = errors_only(self.problems)
        if errors or self.agreement is None or self.gemeenten is None:
            raise DataError(errors)
        return self.agreement, self.gemeenten


def read_file(path: Path, text: str | None = None) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one data file; ``text`` stands in for its content (a planned edit)."""
    problems: list[Problem] = []
    if text is None:
        text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_yaml(text, display_name(path))


def load_all(
    data_dir: Path, today: date | None = None, texts: Mapping[str, str] | None = None
) -> Loaded:
    """Read, parse and validate both files, collecting every problem (for `check`).

    ``texts`` maps a file name to the content to validate instead of the file's
    (the store validates an edit before it writes it)."""
    from ..models import Agreement, GemeentenFile
    from ..rules import semantic_problems

    texts = texts or {}
    agreement_doc, problems = read_file(data_dir / AGREEMENT_FILE, texts.get(AGREEMENT_FILE))
    gemeenten_doc, more = read_file(data_dir / GEMEENTEN_FILE, texts.get(GEMEENTEN_FILE))
    problems += more
    agreement = gemeenten = None
    if agreement_doc is not None and agreement_doc.complete:
        agreement, more = validate(Agreement, agreement_doc)
        problems += _new(more, problems)
    if gemeenten_doc is not None and gemeenten_doc.complete:
        gemeenten, more = validate(GemeentenFile, gemeenten_doc)
        problems += _new(more, problems)
    if errors_only(problems):
        # A value the parser already reported (a duplicate key, an impossible
        # date) may have validated; the models must not be used all the same.
        agreement = gemeenten = None
    if agreement is not None and gemeenten is not None:
        assert agreement_doc is not None and gemeenten_doc is not None
        for finding in semantic_problems(agreement, gemeenten, today):
            doc = agreement_doc if finding.file == AGREEMENT_FILE else gemeenten_doc
            line, column = doc.locate(finding.path, key=finding.at_key)
            problems.append(
                Problem(
                    doc.file,
                    line,
                    column,
                    format_path(finding.path),
                    finding.rule,
                    finding.message,
                    finding.severity,
                )
            )
    return Loaded(data_dir, agreement_doc, gemeenten_doc, agreement, gemeenten, sorted(problems))


def _new(found: list[Problem], known: list[Problem]) -> list[Problem]:
    """Validation problems for fields that parsing has not already reported."""
    seen = {(p.file, p.path) for p in known}
    return [p for p in found if (p.file, p.path) not in seen]


def party_slugs(data_dir: Path) -> list[str]:
    """The slugs of all parties, for shell completion: parsed, not validated."""
    slugs: list[str] = []
    for name, key in ((GEMEENTEN_FILE, "gemeenten"), (AGREEMENT_FILE, "counterparty")):
        doc, _ = read_file(data_dir / name)
        value = doc.value if doc is not None and isinstance(doc.value, dict) else {}
        items = value.get(key)
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, dict) and isinstance(item.get("slug"), str):
                slugs.append(item["slug"])
    return slugs


def load(data_dir: Path, today: date | None = None) -> tuple[Agreement, GemeentenFile]:
    """Both models, or a :class:`DataError` with every error found."""
    return load_all(data_dir, today).models()
