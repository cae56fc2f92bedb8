"""The only reader of the data files: find the folder, read, parse, validate, check rules.

``load_all`` gives every problem (for `check`); ``load`` gives the models or a
DataError. The pieces: ``folder`` (where the files are, reading them as text),
``yamldoc`` (YAML -> values with positions, within limits) and ``messages``
(pydantic's errors -> problems with positions).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import DataError, Problem, errors_only
from .folder import (
    AGREEMENT_FILE,
    DATA_DIR_ENV,
    DATA_FILES,
    GEMEENTEN_FILE,
    LOCK_FILE,
    PAYMENTS_FILE,
    conflict_markers,
    display_name,
    find_data_dir,
    read_text,
    too_large,
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
    from pydantic import BaseModel

    from ..checks import Which
    from ..domain.models import Agreement, GemeentenFile, Payment

M = TypeVar("M", bound="BaseModel")
FILE_NAMES: dict[Which, str] = {
    "agreement": AGREEMENT_FILE,
    "gemeenten": GEMEENTEN_FILE,
    "payments": PAYMENTS_FILE,
}

__all__ = [
    "AGREEMENT_FILE",
    "DATA_DIR_ENV",
    "DATA_FILES",
    "GEMEENTEN_FILE",
    "LOCK_FILE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "PAYMENTS_FILE",
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
    docs: dict[str, YamlDoc]  # by file name, each file that could be parsed
    agreement: Agreement | None
    gemeenten: GemeentenFile | None
    payments: list[Payment] | None  # None when the ledger is invalid or was not read
    problems: list[Problem]

    @property
    def agreement_doc(self) -> YamlDoc | None:
        return self.docs.get(AGREEMENT_FILE)

    @property
    def gemeenten_doc(self) -> YamlDoc | None:
        return self.docs.get(GEMEENTEN_FILE)

    def models(self) -> tuple[Agreement, GemeentenFile]:
        """Both models, or a :class:`DataError` with every error found."""
        errors = errors_only(self.problems)
        if errors or self.agreement is None or self.gemeenten is None:
            raise DataError(errors)
        return self.agreement, self.gemeenten

    def ledger(self) -> list[Payment]:
        """The payments (none when there is no ledger yet), or a :class:`DataError`."""
        self.models()
        if self.payments is None:
            raise DataError([])
        return self.payments


def read_file(
    path: Path, text: str | None = None, *, as_written: bool = False
) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse one data file; ``text`` stands in for its content (a planned edit,
    or a version from git history), held to the same limits as a file that is read. The
    ledger allows no anchors or aliases. ``as_written``: plain values stay text."""
    problems: list[Problem] = []
    if text is None:
        text, problems = read_text(path)
    else:
        problems = too_large(display_name(path), text)
        if problems:
            return None, problems
    if text is None:
        return None, problems
    markers = conflict_markers(text, display_name(path))
    if markers:
        return None, markers  # the markers are the problem, not the YAML they break
    anchors = path.name != PAYMENTS_FILE
    return parse_yaml(text, display_name(path), as_written=as_written, anchors=anchors)


def load_all(
    data_dir: Path,
    today: date | None = None,
    texts: Mapping[str, str] | None = None,
    *,
    ledger: bool = True,
) -> Loaded:
    """Read, parse and validate the data files, collecting every problem (for `check`).

    ``texts`` maps a file name to the content to validate instead of the file's
    (the store validates an edit before it writes it). The ledger
    (``payments.yaml``) is optional: an agreement may have none yet; ``ledger=False``
    does not read it (commands about signatures only)."""
    from ..checks import Records, run_checks
    from ..domain.models import Agreement, Gemeente, GemeentenFile, Payment, PaymentsFile

    texts = texts or {}
    docs: dict[str, YamlDoc] = {}
    problems: list[Problem] = []
    no_ledger = not ledger
    for name in (*DATA_FILES[:2], *((PAYMENTS_FILE,) if ledger else ())):
        path = data_dir / name
        if name == PAYMENTS_FILE and name not in texts and not os.path.lexists(path):
            no_ledger = True  # none yet: no payments
            continue
        doc, more = read_file(path, texts.get(name))
        problems += more
        if doc is not None:
            docs[name] = doc
    valid: dict[str, Any] = {}
    for name, model in (
        (AGREEMENT_FILE, Agreement),
        (GEMEENTEN_FILE, GemeentenFile),
        (PAYMENTS_FILE, PaymentsFile),
    ):
        if name in docs and docs[name].complete:
            valid[name], more = validate(model, docs[name])
            problems += _new(more, problems)

    agreement: Agreement | None = valid.get(AGREEMENT_FILE)
    gemeenten: GemeentenFile | None = valid.get(GEMEENTEN_FILE)
    ledger_file: PaymentsFile | None = valid.get(PAYMENTS_FILE)
    records = Records(
        agreement=agreement,
        gemeenten=list(enumerate(gemeenten.gemeenten))
        if gemeenten
        else _each_valid(Gemeente, docs.get(GEMEENTEN_FILE), "gemeenten"),
        raw_gemeenten=_items(docs.get(GEMEENTEN_FILE), "gemeenten"),
        payments=list(enumerate(ledger_file.payments or []))
        if ledger_file
        else _each_valid(Payment, docs.get(PAYMENTS_FILE), "payments"),
        gemeenten_complete=gemeenten is not None,
        raw_counterparty=_mapping(docs.get(AGREEMENT_FILE)).get("counterparty"),
    )
    for finding in run_checks(records, today):
        doc = docs[FILE_NAMES[finding.file]]
        line, column = doc.locate(finding.path, key=finding.at_key)
        problems.append(
            Problem(
                doc.file,
                line,
                column,
                format_path(finding.path, doc.value),
                finding.rule,
                finding.message,
                finding.severity,
            )
        )
    payments: list[Payment] | None = None
    if ledger_file is not None:
        payments = list(ledger_file.payments or [])
    elif ledger and no_ledger:
        payments = []
    if errors_only(problems):
        # A value the parser already reported (a duplicate key, an impossible
        # date) may have validated; the models must not be used all the same.
        agreement = gemeenten = payments = None
    return Loaded(data_dir, docs, agreement, gemeenten, payments, sorted(problems))


def _mapping(doc: YamlDoc | None) -> dict[Any, Any]:
    return doc.value if doc is not None and isinstance(doc.value, dict) else {}


def _items(doc: YamlDoc | None, key: str) -> list[Any]:
    value = doc.value if doc is not None and isinstance(doc.value, dict) else {}
    items = value.get(key)
    return items if isinstance(items, list) else []


def _each_valid(model: type[M], doc: YamlDoc | None, key: str) -> list[tuple[int, M]]:
    """The records of a file that did not validate as a whole, each that does on its
    own, so that the rules across records still see them."""
    from pydantic import ValidationError

    out = []
    for i, item in enumerate(_items(doc, key)):
        with contextlib.suppress(ValidationError):
            out.append((i, model.model_validate(item)))
    return out


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
    """The agreement and its signatories (not the ledger), or a :class:`DataError` with
    every error found in them."""
    return load_all(data_dir, today, ledger=False).models()
