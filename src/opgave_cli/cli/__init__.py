"""The command line: parse options, call the core, pick a renderer, map errors to exit codes.

One module per command group; importing them registers their commands on the
app, in the order that `opgave --help` lists them. These modules do not use
`from __future__ import annotations`: Typer reads every command's annotations on
every run, and evaluating them from strings would cost some milliseconds each time.
"""

import sys

# isort: off
from . import read, check, documents, write  # noqa: F401  (registers them in this order)

# isort: on
from .app import app, error_line

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point. Typer's own usage errors (an unknown option, a value
    of the wrong type) become one line too, like every other expected error."""
    import typer

    if len(sys.argv) == 1:
        app(prog_name="opgave")  # no arguments: the help, as Typer shows it
    try:
        code = app(prog_name="opgave", standalone_mode=False)
    except typer.Abort:
        code = _fail("interrupted", 130)
    except KeyboardInterrupt:
        code = _fail("interrupted", 130)
    except typer.TyperException as exc:  # click's UsageError, BadParameter, ...
        context = getattr(exc, "ctx", None)
        where = f" (see `{context.command_path} --help`)" if context is not None else ""
        message = " ".join(exc.format_message().split())
        code = _fail(message + where, getattr(exc, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> int:
    error_line(message)
    return code
