"""The one error boundary: every way a run ends becomes an exit code and at most one line.

Modelled on pre-commit's ``error_handler``: an expected error (an OpgaveError)
is one line on stderr and its exit code (1 or 2); Ctrl-C is one line and 130;
output that cannot be written (a closed or full stdout) is one line and 1, or
0 when a write had already landed; anything else is a bug: one line that says
so and where the traceback was written, and exit 3, so that a script can tell
"refused" from "crashed". No Typer, Rich or pydantic here: the console script
runs under it from its first import on.

Its lines are in the run's language: ``opgave: error:`` and ``opgave: note:`` are
``opgave: fout:`` and ``opgave: let op:`` in Dutch.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TextIO

from .i18n import N_, _

EXIT_BUG = 3
EXIT_INTERRUPTED = 130
KINDS = {
    # TRANSLATORS: the word after "opgave: " that starts the line of an error.
    "error": N_("error"),
    # TRANSLATORS: the word after "opgave: " that starts the line of a note (a warning).
    "note": N_("note"),
}


def error_line(message: str, kind: str = "error") -> None:
    """Every error (or note), as one line on stderr, its kind in the run's language; never
    raises (a closed or full stderr loses it)."""
    from .text import escape

    line = f"opgave: {_(KINDS.get(kind, kind))}: {escape(message)}\n"
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except Exception:
        with contextlib.suppress(OSError):
            os.write(2, line.encode("ascii", "backslashreplace"))


class StdoutError(OSError):
    """Writing or flushing stdout failed (closed, full, an I/O error): the output is lost."""


class ConfirmationLost(Exception):
    """A write has landed (``landed``: "the change was written to data/gemeenten.yaml"), but
    its confirmation could not be printed: the run still succeeds."""

    def __init__(self, landed: str, cause: StdoutError) -> None:
        super().__init__(landed)
        self.landed = landed
        self.reason = cause.strerror or str(cause)


def confirm(landed: str | None, write: Callable[[], None]) -> None:
    """Print the confirmation of a write (``write``), flushed; if it cannot be printed and
    the write has ``landed``, the run succeeds all the same (one note says so)."""
    try:
        write()
        _flush_stdout()
    except StdoutError as exc:
        if landed is None:
            raise
        raise ConfirmationLost(landed, exc) from None


class GuardedOutput:
    """A text stream in front of ``sys.stdout`` or ``sys.stderr`` for the run.

    On stdout (``strict``) a failed write or flush raises StdoutError, whoever writes
    (Rich, click, a reporter), so that the boundary can tell lost output from a bug;
    a stdout that was closed when the program started is one too. On stderr a failure
    is dropped: there is nowhere left to report it. Everything else (encoding, isatty,
    fileno) is the stream's own.
    """

    def __init__(self, stream: TextIO | None, *, strict: bool) -> None:
        self._stream = stream
        self._strict = strict

    def write(self, text: str) -> int:
        if self._stream is None:
            if self._strict:
                raise StdoutError(errno.EBADF, _("stdout is closed"))
            return len(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            if self._strict:
                raise _stdout_error(exc) from exc
            return len(text)

    def flush(self) -> None:
        try:
            if self._stream is not None:
                self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            if self._strict:
                raise _stdout_error(exc) from exc

    @property
    def buffer(self) -> Any:
        """The binary stream, guarded alike (click writes help there when stdout is ASCII)."""
        return GuardedOutput(getattr(self._stream, "buffer", None), strict=self._strict)

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)


def _stdout_error(cause: BaseException) -> StdoutError:
    if isinstance(cause, StdoutError):
        return cause
    strerror = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    return StdoutError(getattr(cause, "errno", None), strerror)


def main(program: Callable[[], int | None], then: Callable[[], None] | None = None) -> NoReturn:
    """The whole program: ``program`` run under the boundary, ``then`` (once its output is
    flushed), and the process's exit code (the console script; ``CliRunner`` through the
    app's group)."""
    code = run(program)
    if then is not None:
        then()
    sys.exit(code)


def run(main: Callable[[], int | None]) -> int:
    """Run ``main``, with stdout and stderr guarded, and turn how it ended into an exit
    code. Whatever the code, stdout is flushed (or, when it cannot be, silenced) before
    this returns, so that the interpreter's own flush at exit can neither fail nor print
    a traceback."""
    saved = sys.stdout, sys.stderr
    sys.stdout = GuardedOutput(sys.stdout, strict=True)
    sys.stderr = GuardedOutput(sys.stderr, strict=False)
    try:
        return _outcome(main)
    finally:
        _settle_stdout()
        sys.stdout, sys.stderr = saved


def _outcome(main: Callable[[], int | None]) -> int:
    from .errors import DataError, OpgaveError, errors_only

    try:
        code = main()
        _flush_stdout()
        return code or 0
    except DataError as exc:
        errors = errors_only(exc.problems)
        line = str(errors[0]) if errors else str(exc)
        if len(errors) > 1:
            line = _("{problem} (and {count} more; run `opgave check` to see all)").format(
                problem=line, count=len(errors) - 1
            )
        _fail(line)
        return exc.exit_code
    except OpgaveError as exc:
        _settle_stdout()
        # An error of several lines (a CSV file's rows) has them; one that the command has
        # reported itself (Failed, Finished) has none.
        lines: list[str] = exc.lines if hasattr(exc, "lines") else [str(exc)]
        for line in lines:
            error_line(line)
        return exc.exit_code
    except ConfirmationLost as exc:
        _silence_stdout()
        error_line(
            _("{landed}, but the confirmation could not be printed: {reason}").format(
                landed=exc.landed, reason=exc.reason
            ),
            "note",
        )
        return 0
    except KeyboardInterrupt:
        # In-process runs (CliRunner); the console script ends at once on Ctrl-C (entry.py).
        _fail(_("interrupted"))
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        # Shell completion and Typer's --install-completion end this way.
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BrokenPipeError:
        # `opgave status | head`: the reader has gone; end quietly, as Unix tools do.
        _silence_stdout()
        return 0
    except StdoutError as exc:
        _silence_stdout()
        reason = exc.strerror or str(exc)
        error_line(_("cannot write the output: {reason}").format(reason=reason))
        return 1
    except Exception as exc:
        return _bug(exc)


def _fail(line: str) -> None:
    """The error line, after what the command already printed (in that order on a terminal)."""
    _settle_stdout()
    error_line(line)


def _flush_stdout() -> None:
    try:
        sys.stdout.flush()
    except (BrokenPipeError, StdoutError):
        raise
    except (OSError, ValueError) as exc:
        raise _stdout_error(exc) from exc
    except AttributeError:  # no stdout at all (None)
        pass


def _settle_stdout() -> None:
    """Flush stdout; if that fails, what is left of the output is dropped."""
    try:
        sys.stdout.flush()
    except Exception:
        _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's own flush at exit does not
    fail a second time (and print a traceback of its own)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except Exception:
        pass


def _bug(exc: BaseException) -> int:
    """Exit 3: one line naming the exception and the crash log with its traceback."""
    import tempfile
    import traceback

    from . import __version__

    _settle_stdout()
    try:
        what = str(exc)
    except Exception:
        what = _("(its message could not be shown)")
    what = what if len(what) <= 200 else what[:199] + "…"
    try:
        details = "".join(traceback.format_exception(exc))
        report = f"opgave {__version__}, Python {sys.version.split()[0]}, argv {sys.argv!r}\n"
        fd, path = tempfile.mkstemp(prefix="opgave-crash-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(report + details)
        where = _("the details are in {path}").format(path=path)
    except Exception as write_error:
        reason = getattr(write_error, "strerror", None) or type(write_error).__name__
        where = _("the details could not be written ({reason})").format(reason=reason)
    error_line(
        _("this is a bug in opgave ({error}: {message}); {where}; please report it").format(
            error=type(exc).__name__, message=what, where=where
        )
    )
    return EXIT_BUG
