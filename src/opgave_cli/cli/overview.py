"""opgave overview: several agreements as one matrix of who has signed which."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, _
from .app import app, choose, format_flags, today
from .read import CsvOption, JsonOption

if TYPE_CHECKING:
    from ..domain.overview import Matrix

PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar=N_("PATH"),
        help=N_("Data folders, or folders that hold data folders one level down."),
        show_default=False,
    ),
]


def load_matrix(paths: list[Path], *, unsigned_only: bool = False) -> "Matrix":
    """The matrix of the agreements in ``paths`` (see overview.matrix)."""
    from ..domain.overview import matrix, usable
    from ..loader import display_name, load_all
    from ..loader.folder import data_folders

    now = today()
    # Read as `opgave check` reads them, ledger included: a folder that check fails
    # is not shown.
    folders = []
    for folder in data_folders(paths):
        loaded = load_all(folder, now)
        folders.append((display_name(folder), loaded.agreement, loaded.gemeenten, loaded.problems))
    valid, invalid = usable(folders)
    return matrix(valid, now, unsigned_only=unsigned_only, invalid=invalid)


def report_invalid(result: "Matrix") -> None:
    """Each folder that could not be shown, as one error line on stderr (whatever the
    format of stdout), and exit 1 if there was one."""
    from ..boundary import error_line
    from ..errors import Failed

    for folder, why in result.invalid:
        error_line(_("not shown: {folder}: {why}").format(folder=folder, why=why))
    if result.invalid:
        raise Failed


@app.command(
    help=N_(
        "Several agreements at once: who has signed which.\n\n"
        "A row per municipality (matched by CBS code), a column per agreement. "
        "Exit 1 when a folder could not be read (it is named; the others are shown).\n\n"
        "Example: opgave overview agreements/"
    )
)
def overview(
    paths: PathsArgument,
    unsigned: Annotated[
        bool,
        typer.Option(
            "--unsigned",
            help=N_(
                "Only the municipalities with something still to sign in an agreement "
                "whose term has not ended."
            ),
        ),
    ] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    from ..output import Out
    from ..output.overview import OVERVIEW_FORMATS

    reporter = choose(OVERVIEW_FORMATS, format_flags(json=as_json, csv=as_csv))
    result = load_matrix(paths, unsigned_only=unsigned)
    reporter(result, Out())
    report_invalid(result)
