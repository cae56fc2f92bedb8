"""Exceptions and the Problem record; the error boundary maps each exception to an exit code.
Also the one list of the characters that no value may hold, as they would reach a
terminal or a CSV file."""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]

# A regular-expression character class (without its brackets): C0 and C1 control
# characters (tab and newline too), DEL, the line and paragraph separators, and the
# invisible characters that change how the text around them is shown: zero-width
# characters, direction marks and overrides (U+061C too), the byte order mark.
CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"


def clip(value: object, limit: int = 60) -> str:
    """A value echoed in a message, shortened so that the message stays one readable line
    (an amount may have thousands of digits, a key any length)."""
    text = str(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


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
        super().__init__(str(self.problems[0]) if self.problems else "invalid data")


class RefusedError(OpgaveError):
    """A valid request that the rules of the agreement refuse."""


class UsageError(OpgaveError):
    """A request the tool cannot understand: unknown party, malformed value."""

    exit_code = 2


class WriteError(OpgaveError):
    """Writing the data failed; the file on disk is unchanged."""
