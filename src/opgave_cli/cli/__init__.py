"""The command line: parse options, call the core, pick a reporter.

One module per command group; importing them registers their commands on the
app, in the order that `opgave --help` lists them. These modules do not use
`from __future__ import annotations`: Typer reads every command's annotations on
every run, and evaluating them from strings would cost some milliseconds each time.
"""

# isort: off
from . import read, overview, check, documents, write, ledger, audit, inhabitants  # noqa: F401  (registers them in this order)

# isort: on
from .app import app

__all__ = ["app", "main"]


def main() -> int:
    """The whole program, run by the console script inside the error boundary."""
    code: int = app(prog_name="opgave", standalone_mode=False)
    return code
