"""Documents: opgave report and opgave render."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .app import app, handle_errors, load, state, today

OutOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", help="Write to this file instead of stdout.", show_default=False
    ),
]


def _emit(text: str, out: Path | None, data_dir: Path) -> None:
    """A document goes to stdout, or atomically to a file (never over the data)."""
    if out is None:
        sys.stdout.write(text)
        return
    from ..loader import display_name
    from ..store import write_document

    write_document(out, text, data_dir)
    sys.stderr.write(f"Wrote {display_name(out)}\n")


@app.command()
@handle_errors
def report(
    ctx: typer.Context,
    output_format: Annotated[
        str, typer.Option("--format", help="markdown or html (one self-contained page).")
    ] = "markdown",
    out: OutOption = None,
) -> None:
    """An overview for people without a terminal: Markdown or HTML.

    Signing status, budget shares and the speerpunten in one document.

    Example: opgave report --format html -o report.html
    """
    from .. import render
    from ..budget import compute_budget
    from ..loader import git_revision
    from ..report import Overview, html_page, markdown
    from ..tracker import status as compute_status

    if output_format not in ("markdown", "html"):
        raise UsageError(f"--format must be markdown or html, got {output_format!r}")
    data_dir = state(ctx).resolve_data_dir()
    now = today()
    agreement, gemeenten = load(data_dir, now)
    shares = compute_budget(agreement, gemeenten, year=None, total=None)
    counts = gemeenten.inhabitants
    overview = Overview(
        agreement=agreement,
        status=compute_status(agreement, gemeenten, now),
        shares=shares,
        by_year={
            year: compute_budget(agreement, gemeenten, year=year, total=None)
            for year in sorted(agreement.contribution.amounts)
        },
        inhabitants_note=render.budget_notes(shares, counts.source, counts.status)[0],
        generated=now,
        revision=git_revision(data_dir),
    )
    _emit(html_page(overview) if output_format == "html" else markdown(overview), out, data_dir)


@app.command(name="render")
@handle_errors
def render_text(ctx: typer.Context, out: OutOption = None) -> None:
    """The agreement text, regenerated in Dutch from the data.

    The signature blocks are filled in where the data has a signature.

    Example: opgave render -o overeenkomst.txt
    """
    from ..document import render_agreement

    data_dir = state(ctx).resolve_data_dir()
    agreement, gemeenten = load(data_dir, today())
    _emit(render_agreement(agreement, gemeenten), out, data_dir)
