"""Finding the data folder and reading its files as text: names, size limit, encoding."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from ..errors import DataError, OpgaveError, Problem, file_problem
from ..i18n import _
from .yamldoc import MAX_BYTES, position

AGREEMENT_FILE = "agreement.yaml"
GEMEENTEN_FILE = "gemeenten.yaml"
PAYMENTS_FILE = "payments.yaml"  # the ledger; optional
DATA_FILES = (AGREEMENT_FILE, GEMEENTEN_FILE, PAYMENTS_FILE)
LOCK_FILE = ".opgave.lock"  # the store's lock, in the data folder; no data
DATA_DIR_ENV = "OPGAVE_DATA_DIR"
BOM = b"\xef\xbb\xbf"


def display_name(path: Path) -> str:
    """The path as the user will recognise it: relative to the working folder if below it."""
    try:
        # The folder is resolved, not the file: a data file that is a symlink (even a
        # loop, where resolve() raises RuntimeError before Python 3.13) keeps its name.
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def find_data_dir(explicit: Path | None = None, start: Path | None = None) -> Path:
    """``explicit`` (``--data-dir`` or ``$OPGAVE_DATA_DIR``), else the nearest ``data/``
    that holds ``agreement.yaml``, at or above ``start`` (as git finds ``.git``)."""
    if explicit is not None:
        if not explicit.is_dir():
            raise DataError([file_problem(str(explicit), "data-dir", _("no such data folder"))])
        nested = explicit / "data"
        if not (explicit / AGREEMENT_FILE).exists() and (nested / AGREEMENT_FILE).is_file():
            raise DataError([file_problem(
                str(explicit), "data-dir",
                _("no {file} in this folder; did you mean --data-dir {folder}?").format(
                    file=AGREEMENT_FILE, folder=nested
                ),
            )])  # fmt: skip
        return explicit
    try:
        here = (start or Path.cwd()).resolve()
    except FileNotFoundError:  # the working folder was deleted
        raise OpgaveError(
            _("the current folder no longer exists; pass --data-dir DIR or set {env}").format(
                env=DATA_DIR_ENV
            )
        ) from None
    for folder in (here, *here.parents):
        if (folder / "data" / AGREEMENT_FILE).is_file():
            return folder / "data"
    raise DataError(
        [
            file_problem(
                str(here),
                "data-dir",
                _(
                    "no data/{file} here or in any parent folder; pass --data-dir DIR or set {env}"
                ).format(file=AGREEMENT_FILE, env=DATA_DIR_ENV),
            )
        ]
    )


def too_large(name: str, text: str) -> list[Problem]:
    """The size limit, applied to text about to be written: what ``read_text`` would
    refuse to read back (the UTF-8 bytes after any byte order mark)."""
    if len(text) * 4 <= MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) <= MAX_BYTES:
        return []
    mib = MAX_BYTES // (1024 * 1024)
    return [
        file_problem(
            name,
            "size",
            _("the file would be larger than {mib} MiB, the most opgave reads").format(mib=mib),
        )
    ]


class NotRegular(OSError):
    """A FIFO, a device or a socket where a file was expected."""


def read_bounded(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``. A FIFO or a device (a symlink
    to /dev/zero or /dev/stdin, say) is never read: it is opened without blocking and
    refused (NotRegular), so that nothing waits for a writer or reads without end."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(mode):
            raise NotRegular(path)
        chunks: list[bytes] = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_raw(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, up to one more than a data file may hold; or the reason it cannot
    be read (not a regular file, access)."""
    name = display_name(path)
    try:
        raw = read_bounded(path, MAX_BYTES + 1 + len(BOM))
    except NotRegular:
        return None, [file_problem(name, "file", _("is not a regular file"))]
    except FileNotFoundError:
        if path.is_symlink():
            return None, [
                file_problem(name, "file", _("a symbolic link to a file that is not there"))
            ]
        return None, [file_problem(name, "file", _("file not found"))]
    except IsADirectoryError:
        return None, [file_problem(name, "file", _("is a folder, expected a YAML file"))]
    except PermissionError:
        return None, [file_problem(name, "file", _("permission denied: cannot read this file"))]
    except OSError as exc:
        reason = exc.strerror or exc
        return None, [file_problem(name, "file", _("cannot read: {reason}").format(reason=reason))]
    return raw, []


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file as text, or the reason it cannot be read (size, encoding, access).
    The size limit is on the UTF-8 text, after any byte order mark."""
    name = display_name(path)
    raw, problems = read_raw(path)
    if raw is None:
        return None, problems
    if raw.startswith(BOM):
        raw = raw[3:]
        if raw.startswith(BOM):
            # The YAML parser would skip it without counting it, so that every
            # offset (which the store edits at) would be one off.
            return None, [
                file_problem(
                    name, "encoding", _("more than one byte order mark at the start"), 1, 1
                )
            ]
    if len(raw) > MAX_BYTES:
        return None, [
            file_problem(
                name,
                "size",
                _("file is larger than {mib} MiB").format(mib=MAX_BYTES // (1024 * 1024)),
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(raw, exc.start)
        byte = raw[exc.start]
        return None, [
            file_problem(
                name,
                "encoding",
                _("not valid UTF-8 (byte {byte})").format(byte=f"0x{byte:02x}"),
                line,
                column,
            )
        ]
    if "\x00" in text:
        offset = text.index("\x00")
        line, column = position(text, offset)
        return None, [file_problem(name, "encoding", _("NUL byte in the file"), line, column)]
    return text, []


def data_folders(paths: list[Path]) -> list[Path]:
    """The data folders that ``paths`` name: each path that holds an agreement.yaml, or
    each folder one level down that does (``agreements/*/``), in name order; a data file
    (``data/payments.yaml``, as pre-commit passes the files it checks) names its folder."""
    from ..errors import UsageError

    found: list[Path] = []
    for path in paths:
        if path.name in DATA_FILES and not path.is_dir():
            path = path.parent  # the folder of a data file
        if not path.is_dir():
            why = _("not a folder") if path.exists() else _("no such folder")
            raise UsageError(f"{path}: {why}")
        if _holds_agreement(path):
            found.append(path)
            continue
        try:
            below = sorted(p for p in path.iterdir() if p.is_dir() and _holds_agreement(p))
        except OSError as exc:
            raise _unreadable_folder(path, exc) from None
        if not below:
            raise UsageError(
                _("{path}: no {file} in it or in a folder directly below it").format(
                    path=path, file=AGREEMENT_FILE
                )
            )
        found += below
    unique: dict[Path, Path] = {}
    for folder in found:
        unique.setdefault(folder.resolve(), folder)
    return list(unique.values())


def _holds_agreement(folder: Path) -> bool:
    """Whether ``folder`` holds an agreement.yaml (a broken link too: it is reported when
    it is read). A folder that cannot be looked into is an error naming it, never a
    folder silently left out (os.path.lexists says False on EACCES)."""

    try:
        os.lstat(folder / AGREEMENT_FILE)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False
    except OSError as exc:
        raise _unreadable_folder(folder, exc) from None
    return True


def _unreadable_folder(folder: Path, exc: OSError) -> OpgaveError:
    return OpgaveError(
        _("{path}: cannot read the folder: {reason}").format(
            path=folder, reason=exc.strerror or exc
        )
    )


# The lines git leaves in a file whose merge conflicted (7 characters, then a space
# and a name, or the end of the line).
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: .*)?\r?$", re.MULTILINE)


def conflict_markers(text: str, file: str) -> list[Problem]:
    """A problem for each line of an unresolved git merge conflict."""
    return [
        Problem(
            file,
            position(text, found.start())[0],
            1,
            "",
            "merge-conflict",
            _(
                "merge-conflict marker {marker} left by git: keep the lines you want "
                "from both sides, delete the marker lines, then run `opgave check` again"
            ).format(marker=found.group(1)),
        )
        for found in _CONFLICT.finditer(text)
    ]
