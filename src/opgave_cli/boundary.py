"""The one error boundary: every way a run ends becomes an exit code and at most one line.

Modelled on pre-commit's ``error_handler``: an expected error (an OpgaveError)
is one line on stderr and its exit code (1 or 2); Ctrl-C is one line and 130;
output that cannot be written (a closed or full stdout) is one line and 1;
anything else is a bug: one line that says so and where the traceback was
written, and exit 3, so that a script can tell "refused" from "crashed".
No Typer, Rich or pydantic here: the console script runs under it from its
first import on.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

EXIT_BUG = 3
EXIT_INTERRUPTED = 130


@cache
def _control() -> Any:
    """C0 and C1 control characters (newline and tab included), DEL and the line and
    paragraph separators: an error line is one line, and an argument echoed in it never
    sends escape sequences to the terminal. (Compiled on first use: `--version` needs
    no regular expressions.)"""
    import re

    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\n``)."""
    escaped: str = _control().sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), text
    )
    return escaped


def error_line(message: str) -> None:
    """Every error, as one line on stderr; never raises."""
    line = f"opgave: error: {escape(message)}\n"
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (OSError, ValueError, UnicodeError):
        with contextlib.suppress(OSError):
            os.write(2, line.encode("ascii", "backslashreplace"))


_landed: str | None = None


def landed(what: str) -> None:
    """Note that a write has landed (``"the signature was written to data/gemeenten.yaml"``):
    if its confirmation then cannot be printed, the run still succeeds."""
    global _landed
    _landed = what


def run(main: Callable[[], int | None]) -> int:
    """Run ``main`` and turn how it ended into an exit code."""
    from .errors import DataError, OpgaveError

    global _landed
    _landed = None
    try:
        code = main()
        _flush_stdout()
        return code or 0
    except DataError as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        line = str(errors[0]) if errors else str(exc)
        if len(errors) > 1:
            line += f" (and {len(errors) - 1} more; run `opgave check` to see all)"
        error_line(line)
        return exc.exit_code
    except OpgaveError as exc:
        for line in getattr(exc, "lines", None) or [str(exc)]:
            error_line(line)
        return exc.exit_code
    except KeyboardInterrupt:
        error_line("interrupted")
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        # Shell completion and Typer's --install-completion end this way.
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BrokenPipeError:
        # `opgave status | head`: the reader has gone; end quietly, as Unix tools do.
        _silence_stdout()
        return 0
    except OSError as exc:
        if _is_stdout_error(exc):
            reason = exc.strerror or str(exc)
            _silence_stdout()
            if _landed:
                # The data was written; only its confirmation was lost.
                error_line(f"{_landed}, but its confirmation could not be printed: {reason}")
                return 0
            error_line(f"cannot write the output: {reason}")
            return 1
        return _bug(exc)
    except Exception as exc:
        return _bug(exc)


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        raise _StdoutError(exc) from exc


class _StdoutError(OSError):
    """Writing or flushing stdout failed."""

    def __init__(self, cause: BaseException) -> None:
        strerror = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
        super().__init__(getattr(cause, "errno", None), strerror)


def _is_stdout_error(exc: OSError) -> bool:
    if isinstance(exc, _StdoutError):
        return True
    try:
        # A write to stdout that failed leaves the error at the stream's last write;
        # a stdout that is closed or full fails again on flush.
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    return False


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's own flush at exit does not
    fail a second time (and print a traceback of its own)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _bug(exc: BaseException) -> int:
    import tempfile
    import traceback

    from . import __version__

    details = "".join(traceback.format_exception(exc))
    report = f"opgave {__version__}, Python {sys.version.split()[0]}, argv {sys.argv!r}\n{details}"
    try:
        fd, path = tempfile.mkstemp(prefix="opgave-crash-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(report)
        where = f"the details are in {path}"
    except OSError as write_error:
        where = f"the details could not be written ({write_error.strerror or write_error})"
    what = str(exc) if len(str(exc)) <= 200 else str(exc)[:199] + "…"
    error_line(f"this is a bug in opgave ({type(exc).__name__}: {what}); {where}; please report it")
    return EXIT_BUG
