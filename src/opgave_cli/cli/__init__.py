"""The command line: parse options, call the core, pick a renderer, map errors to exit codes.

One module per command group; importing them registers their commands on the
app, in the order that `opgave --help` lists them.
"""

from __future__ import annotations

import sys

# isort: off
from . import read, check, documents, write  # noqa: F401  (registers them in this order)

# isort: on
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="opgave")
    except KeyboardInterrupt:
        sys.stderr.write("opgave: interrupted\n")
        sys.exit(130)
