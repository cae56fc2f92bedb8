"""opgave overview: several agreements as one matrix of who has signed which."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import app, choose, format_flags, today
from .read import CsvOption, JsonOption

if TYPE_CHECKING:
    from ..overview import Matrix

PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH...",
        help="Data folders, or folders that hold data folders one level down.",
        show_default=False,
    ),
]


def load_matrix(paths: list[Path], *, unsigned_only: bool = False) -> "Matrix":
    """The matrix of the agreements in ``paths`` (see overview.matrix)."""
    from ..loader import display_name, load_all
    from ..loader.folder import data_folders
    from ..overview import matrix, usable

    now = today()
    folders = [
        (display_name(folder), load_all(folder, now, ledger=False))
        for folder in data_folders(paths)
    ]
    valid, invalid = usable(folders)
    return matrix(valid, now, unsigned_only=unsigned_only, invalid=invalid)


@app.command()
def overview(
    paths: PathsArgument,
    unsigned: Annotated[
        bool,
        typer.Option(
            "--unsigned",
            help="Only the municipalities with something still to sign in an agreement "
            "whose term has not ended.",
        ),
    ] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Several agreements at once: who has signed which.

    A row per municipality (matched by CBS code), a column per agreement.
    Exit 1 when a folder could not be read (it is named; the others are shown).

    Example: opgave overview agreements/
    """
    from ..output import Out
    from ..output.overview import OVERVIEW_FORMATS

    reporter = choose(OVERVIEW_FORMATS, format_flags(json=as_json, csv=as_csv))
    result = load_matrix(paths, unsigned_only=unsigned)
    reporter(result, Out())
    if result.invalid:
        raise typer.Exit(1)
