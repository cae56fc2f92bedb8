"""The console script: answers `--version` and bash completion of a party name
without importing Typer, Rich or pydantic, then hands everything else to the CLI.

These two run far more often than any command (completion on every Tab), so
they get a path that imports only what they need (issue #8). From its first line
the script also owns Ctrl-C (exit 130 and one line, at any moment) and makes sure
that a closed stdin, stdout or stderr cannot be taken over by a file it opens.

Ctrl-C is the one way a run ends that the error boundary does not decide: the handler,
installed by this module's first statement (through ``_signal``, the C module that the
interpreter has already loaded, so that no import comes before it), ends the process
itself (``os._exit(130)``), as SIGKILL would. docs/architecture.md says why. Its line is
in the run's language once the run has chosen one (``opgave: fout: onderbroken``): the
handler imports nothing, and finds the language in the i18n module if that is loaded.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # the interpreter's own, already loaded
import os  # loaded by the interpreter's start-up too

# The line of a Ctrl-C per language: the boundary's "interrupted" line in each (a test
# holds them to the catalogue).
INTERRUPTED = {"en": b"opgave: error: interrupted\n", "nl": b"opgave: fout: onderbroken\n"}


def _interrupted(signum: int | None = None, frame: object = None) -> None:
    """Ctrl-C: exactly one line and exit 130, now, from wherever the program was.

    Python's own handler raises KeyboardInterrupt wherever the program happens to be:
    inside an ``except`` or ``finally`` block, a destructor, an import, the error
    boundary itself, where it can be swallowed or end in a traceback (and Typer turns
    one inside a command into a silent exit 130). This handler raises nothing. Ending
    at once is as safe as SIGKILL, which the writes are built for (tests/test_crash.py):
    a data file is replaced by an atomic rename, the operating system releases the
    lock, and the next write removes a temporary file left behind. Output already
    written stays; what was still buffered is dropped.
    """
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # a second Ctrl-C cannot cut this short
    line = INTERRUPTED["en"]
    try:  # the run's language, if it has one yet: looked up, never imported
        loaded = globals().get("sys")  # bound once this module has imported sys
        i18n = loaded.modules.get("opgave_cli.i18n") if loaded is not None else None
        if i18n is not None:
            line = INTERRUPTED.get(i18n.current(), line)
    except Exception:  # a module half imported, say: the English line
        pass
    try:  # noqa: SIM105  (no contextlib: nothing is imported before the handler is in place)
        os.write(2, line)
    except OSError:
        pass
    os._exit(130)


# From here on, Ctrl-C ends the run at once (unless it was ignored, as for a job that a
# shell starts in the background; or this is not the main thread: not ours to decide).
if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
    try:  # noqa: SIM105  (as above)
        _signal.signal(_signal.SIGINT, _interrupted)
    except ValueError:
        pass

import contextlib  # noqa: E402  (after the handler: an import is where Ctrl-C lands)
import gc  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

from . import __version__  # noqa: E402

# typing costs milliseconds to import, and this module runs before the Ctrl-C handler
# is in place: the fewer imports here, the shorter that moment.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

COMPLETE_ENV = "_OPGAVE_COMPLETE"
PARTY_COMMANDS = ("sign", "unsign", "amend", "log", "pay")


def complete_party_bash(environ: Mapping[str, str]) -> list[str] | None:
    """The slugs that complete ``opgave [--data-dir D] sign|unsign|amend|log <partial>``
    in bash, or None when the request is anything else (Typer then answers it)."""
    if environ.get(COMPLETE_ENV) != "complete_bash":
        return None
    words = environ.get("COMP_WORDS", "").split()
    try:
        cword = int(environ.get("COMP_CWORD", ""))
    except ValueError:
        return []  # not a request bash makes: nothing to complete (Typer would crash on it)
    explicit = environ.get("OPGAVE_DATA_DIR")
    # A --data-dir before the command names the folder to complete from.
    while len(words) > 2 and cword > 2 and words[1].split("=", 1)[0] == "--data-dir":
        if "=" in words[1]:
            explicit = words[1].split("=", 1)[1]
            del words[1]
            cword -= 1
        else:
            explicit = words[2]
            del words[1:3]
            cword -= 2
    if cword != 2 or len(words) < 2 or words[1] not in PARTY_COMMANDS or len(words) > 3:
        return None
    incomplete = words[2].casefold() if len(words) == 3 else ""
    from pathlib import Path

    from .errors import OpgaveError
    from .loader import find_data_dir, party_slugs

    try:
        data_dir = find_data_dir(Path(explicit) if explicit else None)
        return [s for s in party_slugs(data_dir) if s.startswith(incomplete)]
    except (OpgaveError, OSError):
        return []


def main() -> None:
    """The console script. Ctrl-C ends it from this module's first statement on."""
    try:
        _reserve_standard_fds()
        from .boundary import main as boundary

        # Once the run is over and its output flushed, a Ctrl-C is too late to stop
        # anything. (Left to Python, the interpreter's shutdown would restore the
        # default action, and a Ctrl-C in that moment would kill a run that had
        # succeeded.)
        boundary(_program, then=_ignore_interrupts)
    except KeyboardInterrupt:
        # Ctrl-C while this module was imported by another thread's handler: Python's own.
        _interrupted()


def _ignore_interrupts() -> None:
    if signal.getsignal(signal.SIGINT) is _interrupted:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _reserve_standard_fds() -> None:
    """A closed stdin, stdout or stderr (``opgave status >&-``) gets /dev/null, so that no
    file the program opens (a data file, the lock) takes its number and receives what
    is meant for it. Python has already set ``sys.stdout`` (or ``sys.stderr``) to None
    for it, which the error boundary's guard reports as a closed stdout."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                opened = os.open(os.devnull, os.O_RDWR)
                if opened != fd:
                    os.dup2(opened, fd)
                    os.close(opened)


def _program() -> int:
    if hasattr(signal, "SIGPIPE"):
        # `opgave status | head -1`: end quietly when the reader has gone, as Unix tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _tolerant_streams()
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"opgave {__version__}\n")
        return 0
    slugs = complete_party_bash(os.environ)
    if slugs is not None:
        sys.stdout.write("".join(f"{s}\n" for s in slugs))
        return 0
    # A run lives a fraction of a second, and reference counting frees its garbage.
    # The cyclic collector would only walk, again and again, the tens of thousands of
    # objects that importing Typer and pydantic and building the models create and
    # that live until exit, and the interpreter's final collection would walk them
    # once more. Off, and frozen at exit so that the final pass skips them, a command
    # takes about a fifth less time (issue #8); the worst input of the hostile tests
    # peaks at the same memory either way. Files are closed and locks released
    # explicitly, never by a collection.
    gc.disable()
    try:
        from .cli import main as cli_main

        return cli_main()
    finally:
        gc.freeze()


def _tolerant_streams() -> None:
    """Text that the output's encoding cannot show (``€`` under PYTHONIOENCODING=ascii)
    is written escaped, never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")
