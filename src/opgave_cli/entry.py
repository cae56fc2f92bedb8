"""The console script: answers `--version` and bash completion of a party name
without importing Typer, Rich or pydantic, then hands everything else to the CLI.

These two run far more often than any command (completion on every Tab), so
they get a path that imports only what they need (issue #8).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Mapping

from . import __version__

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
        return None
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
    try:
        sys.exit(_main())
    except KeyboardInterrupt:
        # Ctrl-C before the error boundary was imported (it is the first import).
        os.write(2, b"opgave: error: interrupted\n")
        sys.exit(130)


def _main() -> int:
    from .boundary import run

    return run(_program)


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
