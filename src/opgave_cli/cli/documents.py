"""Documents: opgave report and opgave render."""

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from .. import i18n
from ..i18n import N_, _
from .app import app, choose, state, today

OutOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar=N_("FILE"),
        help=N_(
            "Write to this file instead of stdout (- is stdout). A file is replaced; "
            "a device or a FIFO is written into."
        ),
        show_default=False,
    ),
]


def _emit(text: str | bytes, out: Path | None) -> None:
    """A document goes to stdout (also for ``-o -`` and ``-o /dev/stdout``), or to the
    file, device or FIFO that ``-o`` names (never over the data). A PDF is bytes: it goes
    to a file, or to a stdout that is not a terminal."""
    import sys

    if out is not None:
        from ..store import own_stream

        if own_stream(out) == 1:
            out = None
    if out is None:
        if isinstance(text, bytes):
            from ..errors import UsageError

            if sys.stdout.isatty():
                raise UsageError(_("a PDF is not for the terminal: give -o FILE"))
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            return
        sys.stdout.write(text)
        return
    from ..loader import display_name
    from ..store import write_document
    from ..text import escape

    write_document(out, text)
    sys.stderr.write(_("Wrote {file}").format(file=escape(display_name(out))) + "\n")


@app.command(
    help=N_(
        "The register as a document: Markdown, HTML or PDF.\n\n"
        "Signing status, budget shares, contributions and the speerpunten in one "
        "document; with --overview, who has signed which of several agreements.\n\n"
        "Example: opgave report --format html -o report.html"
    )
)
def report(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=N_("PATH"),
            help=N_("With --overview: data folders, or folders that hold them."),
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar=N_("FORMAT"),
            help=N_("markdown, html (one self-contained page) or pdf (A4, with -o FILE)."),
        ),
    ] = "markdown",
    several: Annotated[
        bool,
        typer.Option("--overview", help=N_("One matrix of the agreements in PATH... instead.")),
    ] = False,
    out: OutOption = None,
) -> None:
    from ..errors import UsageError

    if several:
        return _overview_report(ctx, paths or [], output_format, out)
    if paths:
        raise UsageError(_("PATH... goes with --overview; for one agreement use --data-dir"))
    from ..domain.budget import compute_budget
    from ..domain.ledger import contributions
    from ..domain.parties import status as compute_status
    from ..loader import load_all
    from ..output.report import REPORT_FORMATS, Overview, report_document
    from ..sources.git import git_revision

    writer = choose(REPORT_FORMATS, output_format)
    data_dir = state(ctx).resolve_data_dir()
    now = today()
    loaded = load_all(data_dir, now)
    agreement, gemeenten = loaded.models()
    with document_language(ctx, agreement.language) as lang:
        overview = Overview(
            agreement=agreement,
            status=compute_status(agreement, gemeenten, now),
            shares=compute_budget(agreement, gemeenten, year=None, total=None),
            contributions=contributions(agreement, gemeenten, loaded.ledger()),
            generated=now,
            revision=git_revision(data_dir),
        )
        text = writer(report_document(overview, lang))
    _emit(text, out)


@contextlib.contextmanager
def document_language(ctx: typer.Context, agreement_language: str) -> Iterator[str]:
    """Inside the block, the language of a document made from an agreement: its own
    language, unless --lang was given; the run's language again after it."""
    before = i18n.current()
    lang = i18n.document_language(agreement_language, state(ctx).lang)
    i18n.use(lang)
    try:
        yield lang
    finally:
        i18n.use(before)


@app.command(
    name="render",
    help=N_(
        "The agreement text, regenerated in Dutch from the data.\n\n"
        "The signature blocks are filled in where the data has a signature.\n\n"
        "Example: opgave render -o overeenkomst.txt"
    ),
)
def render(ctx: typer.Context, out: OutOption = None) -> None:
    from ..loader import load
    from ..output.agreement_text import render_agreement

    data_dir = state(ctx).resolve_data_dir()
    agreement, gemeenten = load(data_dir, today())
    _emit(render_agreement(agreement, gemeenten), out)


def _overview_report(
    ctx: typer.Context, paths: list[Path], output_format: str, out: Path | None
) -> None:
    from ..errors import UsageError
    from ..output.overview import OVERVIEW_DOCUMENTS, overview_document
    from .overview import load_matrix, report_invalid

    writer = choose(OVERVIEW_DOCUMENTS, output_format)
    if not paths:
        raise UsageError(_("--overview needs the PATH... of the agreements"))
    matrix = load_matrix(paths)
    languages = matrix.languages or [i18n.current()]
    with document_language(ctx, languages[0] if len(set(languages)) == 1 else i18n.current()):
        text = writer(overview_document(matrix, today()))
    _emit(text, out)
    report_invalid(matrix)
