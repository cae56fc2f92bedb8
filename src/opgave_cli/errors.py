"""Exceptions and the Problem record, a leaf module; the error boundary maps each exception
to an exit code."""

from __future__ import annotations

from typing import Literal, NamedTuple

from .i18n import _

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One finding in a data file, with where it is and which rule it breaks.
    Problems sort by file, line and column. (A named tuple, not a dataclass: it is
    as immutable and orderable, and cheaper to define at every start-up.)"""

    file: str
    line: int
    column: int
    path: str
    rule: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


def file_problem(file: str, rule: str, message: str, line: int = 0, column: int = 0) -> Problem:
    """A problem with a whole file (or at a position, but not with one field)."""
    return Problem(file=file, line=line, column=column, path="", rule=rule, message=message)


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that are errors, not warnings."""
    return [p for p in problems if p.severity == "error"]


class OpgaveError(Exception):
    """An expected error: one line for the user, and an exit code."""

    exit_code = 1


class DataError(OpgaveError):
    """The data files are missing, unreadable or invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(str(self.problems[0]) if self.problems else _("invalid data"))


class RefusedError(OpgaveError):
    """A valid request that the rules of the agreement refuse."""


class UsageError(OpgaveError):
    """A request the tool cannot understand: unknown party, malformed value."""

    exit_code = 2


class WriteError(OpgaveError):
    """Writing the data failed; the file on disk is unchanged."""


class FieldError(UsageError):
    """A value for one field (``place``, ``amount``) that the rules refuse. ``text`` holds
    ``{field}`` where the field is named: the command line names it as its option
    (``--place``), a CSV file as its column, so that the domain never speaks of options.
    A translated text keeps ``{field}``: its other placeholders are filled before, with
    ``field="{field}"`` (``_("{field} must not be empty")``)."""

    def __init__(self, field: str, text: str, *, exit_code: int = 2) -> None:
        self.field = field
        self.text = text
        self.exit_code = exit_code  # 1 where the value is understood but refused
        super().__init__(self.worded(field))

    def worded(self, label: str) -> str:
        """The message with the field called ``label``."""
        return self.text.replace("{field}", label)


class Failed(OpgaveError):
    """The command has reported its own failure (a check that failed, a file that did
    not match): exit 1, and nothing more to say."""

    def __init__(self) -> None:
        super().__init__("")
        self.lines: list[str] = []


class Finished(OpgaveError):
    """The command has said all there is to say before its end (``--version``): exit 0."""

    exit_code = 0

    def __init__(self) -> None:
        super().__init__("")
        self.lines: list[str] = []
