"""Writing files safely: atomic replace, the lock file, generated documents."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

from ..errors import UsageError, WriteError
from ..loader import DATA_FILES, display_name

LOCK_NAME = ".opgave.lock"
LOCK_TIMEOUT_S = 30.0
BOM = b"\xef\xbb\xbf"


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash at any point leaves either the
    old or the new file: temporary file in the same folder, flush, fsync, rename.
    The file's permissions and a UTF-8 byte order mark are kept."""
    try:
        old_mode = path.stat().st_mode & 0o7777
        with path.open("rb") as fh:
            had_bom = fh.read(3) == BOM
    except OSError as exc:
        raise WriteError(f"{display_name(path)}: cannot read: {exc.strerror or exc}") from None
    data = (BOM if had_bom else b"") + text.encode("utf-8")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, old_mode)  # noqa: PTH101 - the tests fail os.* at each step
        os.replace(tmp, path)  # noqa: PTH105
        tmp = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise WriteError(
            f"{display_name(path)}: cannot write ({exc.strerror or exc}); the file is unchanged"
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # noqa: PTH108


def remove_stale_temporary_files(path: Path) -> None:
    """Remove the temporary files that a writer killed mid-write left beside ``path``.
    Called under the lock, which every writer of the data files holds while its
    temporary file exists, so any such file found now is stale."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def write_document(path: Path, text: str) -> None:
    """Write a generated document (``-o FILE``), never over a data file (of any data
    folder: one that holds an agreement.yaml) or a folder."""
    target = path.resolve()
    if target.name in DATA_FILES and (target.parent / DATA_FILES[0]).exists():
        raise UsageError(f"-o {path} is a data file; write the document somewhere else")
    if path.is_dir():
        raise UsageError(f"-o {path} is a folder; give a file name")
    write_new(path, text)


def write_new(path: Path, text: str) -> None:
    """Write a generated file (a schema, a report) atomically, creating its folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o644)
    except OSError as exc:
        raise WriteError(f"{path}: cannot create ({exc.strerror or exc})") from None
    write_atomic(path, text)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible everywhere, so best effort."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class lock:
    """The data folder's lock file. The operating system releases the lock when the
    holder dies (even by SIGKILL), so a left-over lock file never blocks a run."""

    def __init__(self, data_dir: Path) -> None:
        from filelock import FileLock

        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(self.path, timeout=LOCK_TIMEOUT_S)

    def __enter__(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise WriteError(
                f"{display_name(self.path)}: another opgave has been writing the data for "
                f"{LOCK_TIMEOUT_S:.0f} s; try again when it has finished"
            ) from None
        except OSError as exc:
            raise WriteError(
                f"{display_name(self.path)}: cannot create the lock file "
                f"({exc.strerror or exc}); is the data folder writable?"
            ) from None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
