"""The only reader of the data files: YAML text -> models, with positions for errors.

The YAML is read as a stream of parser events (libyaml's C parser where it is
installed) and built into plain Python values by an iterative builder, not by
PyYAML's constructors. That gives us, in one pass and in bounded memory:

- the position (line, column, offsets) of every value, so that every error
  names ``file:line:column`` and the store can edit a single value in place;
- duplicate keys as errors (PyYAML silently keeps the last one);
- only the standard tags (no ``!!python/...``: nothing is ever executed);
- limits on file size, nesting depth and alias expansion (billion laughs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import yaml

from .errors import DataError, Problem

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .models import Agreement, GemeentenFile

AGREEMENT_FILE = "agreement.yaml"
GEMEENTEN_FILE = "gemeenten.yaml"
DATA_DIR_ENV = "OPGAVE_DATA_DIR"

MAX_BYTES = 4 * 1024 * 1024  # the real files are ~10 kB; 200x scaled data ~1 MB
MAX_DEPTH = 32  # the real files nest 5 deep
MAX_NODES = 100_000  # values and keys, aliases expanded; the real files have ~300 each

PathKey = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# C0 and C1 control characters but tab and newline, and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Span(NamedTuple):
    """Where a value is: 1-based line and column, and 0-based character offsets."""

    line: int
    column: int
    start: int
    end: int


@dataclass
class YamlDoc:
    """A parsed YAML file: its text, its value, and where each value is."""

    file: str
    text: str
    value: Any = None
    complete: bool = False  # False when parsing stopped early (syntax error, limit)
    spans: dict[PathKey, Span] = field(default_factory=dict)
    key_spans: dict[PathKey, Span] = field(default_factory=dict)

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest existing parent."""
        p = tuple(path)
        if key and p in self.key_spans:
            span = self.key_spans[p]
            return span.line, span.column
        while p not in self.spans and p:
            p = p[:-1]
        found = self.spans.get(p)
        return (found.line, found.column) if found else (1, 1)


def format_path(path: Sequence[str | int]) -> str:
    """``("gemeenten", 3, "signature")`` -> ``gemeenten[3].signature``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def display_name(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder if below it."""
    try:
        # The folder is resolved, not the file: a data file that is a symlink (even a
        # loop, where resolve() raises RuntimeError before Python 3.13) keeps its name.
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


# --- finding and reading files -------------------------------------------------


def find_data_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """``explicit`` (``--data-dir`` or ``$OPGAVE_DATA_DIR``), else the nearest ``data/``
    that holds ``agreement.yaml``, at or above ``start`` (as git finds ``.git``)."""
    if explicit is not None:
        if not explicit.is_dir():
            raise DataError([_whole_file(str(explicit), "data-dir", "no such data folder")])
        nested = explicit / "data"
        if not (explicit / AGREEMENT_FILE).exists() and (nested / AGREEMENT_FILE).is_file():
            raise DataError([_whole_file(
                str(explicit), "data-dir",
                f"no {AGREEMENT_FILE} in this folder; did you mean --data-dir {nested}?",
            )])  # fmt: skip
        return explicit
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / AGREEMENT_FILE).is_file():
            return folder / "data"
    raise DataError(
        [
            _whole_file(
                str(here),
                "data-dir",
                f"no data/{AGREEMENT_FILE} here or in any parent folder; "
                f"pass --data-dir DIR or set {DATA_DIR_ENV}",
            )
        ]
    )


def _whole_file(file: str, rule: str, message: str, line: int = 0, column: int = 0) -> Problem:
    return Problem(file=file, line=line, column=column, path="", rule=rule, message=message)


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file as text, or the reason it cannot be read (size, encoding, access)."""
    name = display_name(path)
    try:
        # A FIFO or a device (a symlink to /dev/stdin, say) would block the open or
        # the read: only a regular file is read.
        if path.exists() and not path.is_dir() and not path.is_file():
            return None, [_whole_file(name, "file", "is not a regular file")]
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, [_whole_file(name, "file", "file not found")]
    except IsADirectoryError:
        return None, [_whole_file(name, "file", "is a folder, expected a YAML file")]
    except PermissionError:
        return None, [_whole_file(name, "file", "permission denied: cannot read this file")]
    except OSError as exc:
        return None, [_whole_file(name, "file", f"cannot read: {exc.strerror or exc}")]
    if len(raw) > MAX_BYTES:
        return None, [
            _whole_file(name, "size", f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        if raw.startswith(b"\xef\xbb\xbf"):
            # The YAML parser would skip it without counting it, so that every
            # offset (which the store edits at) would be one off.
            return None, [
                _whole_file(name, "encoding", "more than one byte order mark at the start", 1, 1)
            ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        return None, [
            _whole_file(name, "encoding", f"not valid UTF-8 (byte 0x{byte:02x})", line, column)
        ]
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return None, [_whole_file(name, "encoding", "NUL byte in the file", line, column)]
    return text, []


# --- YAML events -> values with positions --------------------------------------


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_span", "path", "size", "start")

    def __init__(
        self, container: dict[Any, Any] | list[Any], path: PathKey, start: Any, anchor: str | None
    ) -> None:
        self.container = container
        self.path = path
        self.start = start
        self.anchor = anchor
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_span: Span | None = None


_NO_KEY = object()


def _span(start: Any, end: Any) -> Span:
    return Span(start.line + 1, start.column + 1, start.index, end.index)


def parse_yaml(text: str, file: str) -> tuple[YamlDoc, list[Problem]]:
    """Parse one YAML document into a :class:`YamlDoc`; problems instead of exceptions."""
    doc = YamlDoc(file=file, text=text)
    problems: list[Problem] = []

    def problem(start: Any, rule: str, message: str, path: PathKey = ()) -> None:
        problems.append(
            Problem(file, start.line + 1, start.column + 1, format_path(path), rule, message)
        )

    try:
        _build(_Loader(text), doc, problem)
        doc.complete = True
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # where the unclosed quote or bracket starts
        message = " ".join(s for s in (exc.context, exc.problem) if s) or "invalid YAML"
        if "tab" in message or "\\t" in message:
            message += " (indent with spaces, not tabs)"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(file, line, column, "", "yaml-syntax", f"YAML syntax: {message}"))
    except yaml.reader.ReaderError:
        line, column, char = _unprintable(text)
        problems.append(
            Problem(
                file, line, column, "", "yaml-syntax", f"character {char} is not allowed in YAML"
            )
        )
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())  # one line, whatever the parser said
        problems.append(Problem(file, 1, 1, "", "yaml-syntax", f"YAML syntax: {message}"))
    except _Abort:
        pass
    return doc, problems


def _unprintable(text: str) -> tuple[int, int, str]:
    """Line, column and code point (``U+0007``) of the first character YAML forbids."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return 1, 1, "(unknown)"
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column, f"U+{ord(found.group()):04X}"


def _clip(text: str, limit: int = 60) -> str:
    """``text``, shortened: an error message stays one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> str:
    return _clip(repr(value))


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Abort(Exception):
    """A limit was hit; the problem is already recorded."""


def _events(loader: Any) -> Iterator[Any]:
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _build(loader: Any, doc: YamlDoc, problem: Any) -> None:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    documents = 0

    def emit(
        value: Any, size: int, span: Span, start: Any, anchor: str | None, new: int | None = None
    ) -> None:
        # ``size``: the values in ``value``, itself included (what an alias to it
        # expands to); ``new``: how many of them are not counted yet (a collection's
        # items were counted as they came).
        nonlocal nodes
        nodes += size if new is None else new
        if nodes > MAX_NODES:
            problem(
                start,
                "yaml-limits",
                f"too many values (more than {MAX_NODES:,} after expanding aliases)",
            )
            raise _Abort
        if anchor:
            anchors[anchor] = (value, size)
        if not stack:
            doc.value = value
            doc.spans[()] = span
            return
        top = stack[-1]
        top.size += size
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
            doc.spans[path] = span
        elif top.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                problem(
                    start,
                    "yaml-key",
                    "a key must be a plain value, not a list or mapping",
                    top.path,
                )
                raise _Abort
            top.key = value
            top.key_span = span
        else:
            key, top.key = top.key, _NO_KEY
            path = (*top.path, key)
            if key in top.container:
                assert top.key_span is not None
                first = doc.key_spans[path]
                problems_start = _Mark(top.key_span)
                problem(
                    problems_start,
                    "duplicate-key",
                    f"duplicate key '{_clip(str(key))}' (first on line {first.line})",
                    path,
                )
                return
            top.container[key] = value
            doc.spans[path] = span
            assert top.key_span is not None
            doc.key_spans[path] = top.key_span

    def child_path() -> PathKey:
        top = stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key)

    for event in _events(loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                problem(
                    event.start_mark,
                    "yaml-documents",
                    "more than one YAML document ('---') in the file",
                )
                raise _Abort
        elif isinstance(event, yaml.ScalarEvent):
            value = _scalar(event, problem, stack, child_path if stack else None)
            emit(value, 1, _span(event.start_mark, event.end_mark), event.start_mark, event.anchor)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                problem(
                    event.start_mark,
                    "yaml-alias",
                    f"alias *{event.anchor} refers to an anchor that is not defined before it",
                )
                raise _Abort
            value, size = anchors[event.anchor]
            emit(value, size, _span(event.start_mark, event.end_mark), event.start_mark, None)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            tag = event.tag
            if tag not in (None, "!") and tag not in _COLLECTION_TAGS:
                problem(
                    event.start_mark,
                    "yaml-tag",
                    f"tag {_short(tag)} is not allowed in the data files",
                    child_path() if stack else (),
                )
            if len(stack) >= MAX_DEPTH:
                problem(
                    event.start_mark, "yaml-limits", f"nested more than {MAX_DEPTH} levels deep"
                )
                raise _Abort
            if stack and isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY:
                problem(
                    event.start_mark,
                    "yaml-key",
                    "a key must be a plain value, not a list or mapping",
                    stack[-1].path,
                )
                raise _Abort
            path: PathKey = child_path() if stack else ()
            container: dict[Any, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            stack.append(_Frame(container, path, event.start_mark, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            emit(
                frame.container,
                frame.size,
                _span(frame.start, event.end_mark),
                frame.start,
                frame.anchor,
                new=1,
            )


class _Mark:
    """A yaml-like mark made from a span, for reporting at a recorded position."""

    def __init__(self, span: Span) -> None:
        self.line = span.line - 1
        self.column = span.column - 1


def _scalar(event: Any, problem: Any, stack: list[_Frame], child_path: Any) -> Any:
    tag = event.tag
    if tag in (None, "!"):
        tag = (
            _STR
            if tag == "!"
            else _resolver.resolve(  # type: ignore[no-untyped-call]
                yaml.ScalarNode, event.value, event.implicit
            )
        )
    control = _CONTROL.search(event.value) if tag == _STR else None
    if tag == _STR and control is None:
        return event.value
    path = (
        child_path()
        if child_path and not (isinstance(stack[-1].container, dict) and stack[-1].key is _NO_KEY)
        else ()
    )
    if control is not None:
        # Written as an escape ("\e", "\x07", "\0"): the file itself is clean, but the
        # value would reach the terminal as a control sequence.
        problem(
            event.start_mark,
            "control-character",
            f"control character U+{ord(control.group()):04X} in the text; "
            "only printable text is allowed",
            path,
        )
        return event.value
    if tag not in _SCALAR_TAGS:
        problem(
            event.start_mark,
            "yaml-tag",
            f"tag {_short(tag)} is not allowed in the data files",
            path,
        )
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    try:
        return _constructor.construct_object(node)
    except (ValueError, yaml.YAMLError):
        if tag.endswith(":timestamp"):
            problem(event.start_mark, "date", f"{event.value} is not a real calendar date", path)
        else:
            problem(event.start_mark, "yaml-value", f"cannot read {_shown(event.value)}", path)
        return event.value


# --- values -> models -------------------------------------------------------------

M = TypeVar("M", bound="BaseModel")


def validate(model: type[M], doc: YamlDoc) -> tuple[M | None, list[Problem]]:
    """Validate a parsed file against a model; every error with its position."""
    from pydantic import ValidationError

    if doc.value is None:
        return None, [_whole_file(doc.file, "empty", "the file is empty", 1, 1)]
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
            path = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            line, column = doc.locate(path, key=err["type"] == "extra_forbidden")
            message = _message(err)
            span = doc.spans.get(path)
            if err["type"] == "string_type" and err.get("input") is None:
                message = "expected text, found nothing"
            elif err["type"] == "string_type" and span is not None:
                # Show the value as written: YAML reads `0202` as the number 130.
                written = _clip(doc.text[span.start : span.end])
                kind = _yaml_kind(err.get("input"))
                message = f"expected text, got {written}, which YAML reads as {kind}; quote it"
            problems.append(
                Problem(doc.file, line, column, format_path(path), _rule(err["type"]), message)
            )
        return None, problems


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
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown key '{_clip(str(err['loc'][-1]))}'"
    if kind == "string_pattern_mismatch":
        what = {
            r"^GM[0-9]{4}$": "a CBS gemeentecode: GM and four digits, e.g. GM0202",
        }.get(
            err["ctx"]["pattern"], "a slug: lowercase letters, digits and hyphens, e.g. berg-en-dal"
        )
        return f"{_shown(err['input'])} is not {what}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "literal_error":
        return f"must be {err['ctx']['expected']}, got {_shown(err['input'])}"
    message = _EXPECTED.get(kind) or str(err["msg"])
    if kind != "string_too_short" and not isinstance(err.get("input"), (dict, list)):
        message += f", got {_shown(err['input'])}"
    return message


# --- both files -------------------------------------------------------------------


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
    from .models import Agreement, GemeentenFile
    from .rules import semantic_problems

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
    if _has_errors(problems):
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


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


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


def git_revision(data_dir: Path) -> str | None:
    """The data folder's git revision (short), marked when its files have uncommitted
    changes; None outside a repository or without git."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", "-C", str(data_dir), *args],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    revision = git("rev-parse", "--short", "HEAD")
    if not revision:
        return None
    if git("status", "--porcelain", "--", ".", ":!.opgave.lock"):
        revision += " (with uncommitted changes)"
    return revision


def load(data_dir: Path, today: date | None = None) -> tuple[Agreement, GemeentenFile]:
    """Both models, or a :class:`DataError` with every error found."""
    loaded = load_all(data_dir, today)
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors or loaded.agreement is None or loaded.gemeenten is None:
        raise DataError(errors)
    return loaded.agreement, loaded.gemeenten
