"""opgave check and opgave schema: the data's validation, for CI and editors."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n import N_, _
from .app import app, choose, state, today
from .commands import listing

if TYPE_CHECKING:
    from ..errors import Problem
    from ..loader import Loaded


@app.command(
    help=N_(
        "Validate the data files: every problem, with its line.\n\n"
        "Exit 0 when there are no errors (warnings are shown), 1 when there are "
        "(or warnings under --strict).\n\n"
        "Example: opgave check --format github"
    )
)
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar=N_("PATH"),
            help=N_(
                "Data folders, folders that hold data folders one level down, or data "
                "files (their folder is checked) [default: the data folder]."
            ),
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            metavar=N_("FORMAT"),
            help=N_("text, json, or github (workflow annotations)."),
        ),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help=N_("Fail on warnings too."))] = False,
) -> None:
    from ..errors import Failed
    from ..loader import DATA_FILES, PAYMENTS_FILE, display_name, load_all
    from ..loader.folder import data_folders
    from ..output import Out
    from ..output.check import CHECK_FORMATS, CheckResult

    reporter = choose(CHECK_FORMATS, output)
    folders = data_folders(paths) if paths else [state(ctx).resolve_data_dir()]
    now = today()
    problems = []
    files = []
    ids: dict[str, str] = {}  # agreement id -> the folder that has it first
    for data_dir in folders:
        loaded = load_all(data_dir, now)
        problems += loaded.problems
        problems += _same_id(loaded, ids, display_name(data_dir))
        files += [
            display_name(data_dir / name)
            for name in DATA_FILES
            if name != PAYMENTS_FILE or os.path.lexists(data_dir / name)
        ]
    result = CheckResult(problems=sorted(problems), files=files, strict=strict)
    reporter(result, Out())
    if result.failed:
        raise Failed


def _same_id(loaded: "Loaded", ids: dict[str, str], folder: str) -> "list[Problem]":
    """An agreement id that an earlier folder already has: the folders cannot be shown
    side by side (`opgave overview`)."""
    from ..errors import Problem

    agreement, doc = loaded.agreement, loaded.agreement_doc
    if agreement is None or doc is None:
        return []
    if agreement.id not in ids:
        ids[agreement.id] = folder
        return []
    line, column = doc.locate(("id",))
    message = _("agreement id {id} is also the id in {folder}").format(
        id=repr(agreement.id), folder=ids[agreement.id]
    )
    return [Problem(doc.file, line, column, "id", "duplicate-id", message)]


@app.command(
    help=N_(
        "Write JSON Schemas of the data files.\n\n"
        "Generated from the models, for editors and other validators.\n\n"
        "Example: opgave schema --out schemas"
    )
)
def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar=N_("FOLDER"),
            help=N_("Folder to write to [default: schemas/ beside data/]."),
            show_default=False,
        ),
    ] = None,
) -> None:
    import sys

    from ..boundary import confirm
    from ..errors import UsageError
    from ..loader import display_name
    from ..output.schemas import json_schemas
    from ..store import make_folder, write_document
    from ..text import escape

    if out is not None and str(out) == "-":
        raise UsageError(_("--out names a folder for two files; it cannot be - (stdout)"))
    folder = out if out is not None else state(ctx).resolve_data_dir().parent / "schemas"
    make_folder(folder)
    written = []
    for name, text in json_schemas().items():
        write_document(folder / name, text, option="--out")
        written.append(display_name(folder / name))
    listed = listing(written, _("and"))

    def echo() -> None:
        sys.stdout.write("".join(_("Wrote {file}").format(file=escape(n)) + "\n" for n in written))

    confirm(_("the schemas were written to {files}").format(files=listed), echo)
