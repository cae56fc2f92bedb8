"""opgave check and opgave schema: the data's validation, for CI and editors."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .app import app, handle_errors, state, today


@app.command()
@handle_errors
def check(
    ctx: typer.Context,
    output: Annotated[
        str,
        typer.Option("--format", help="text, json, or github (workflow annotations)."),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Validate the data files: every problem, with its line.

    Exit 0 when there are no errors (warnings are shown), 1 when there are
    (or warnings under --strict).

    Example: opgave check --format github
    """
    from .. import render
    from ..loader import AGREEMENT_FILE, GEMEENTEN_FILE, display_name, load_all

    if output not in ("text", "json", "github"):
        raise UsageError(f"--format must be text, json or github, got {output!r}")
    data_dir = state(ctx).resolve_data_dir()
    problems = load_all(data_dir, today()).problems
    failed = any(p.severity == "error" or strict for p in problems)
    if output == "json":
        render.print_json(render.problems_json(problems, ok=not failed))
    elif output == "github":
        sys.stdout.write(render.problems_github(problems))
    else:
        files = [display_name(data_dir / name) for name in (AGREEMENT_FILE, GEMEENTEN_FILE)]
        sys.stdout.write(render.problems_text(problems, files, strict=strict))
    if failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write to [default: schemas/ beside data/].", show_default=False
        ),
    ] = None,
) -> None:
    """Write JSON Schemas of the data files.

    Generated from the models, for editors and other validators.

    Example: opgave schema --out schemas
    """
    from ..loader import display_name
    from ..schemas import json_schemas
    from ..store import write_new

    folder = out if out is not None else state(ctx).resolve_data_dir().parent / "schemas"
    for name, text in json_schemas().items():
        write_new(folder / name, text)
        sys.stdout.write(f"Wrote {display_name(folder / name)}\n")
