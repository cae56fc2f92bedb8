"""Replacing a file atomically: the data files (checked against what was read) and documents.

A data file that is a symlink stays one: what is replaced is the file it points to,
through a temporary file in that file's folder. The replacement gets the original's
mode and, where the operating system allows it, its owner and group.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import WriteError
from ..i18n import N_, _
from ..loader import MAX_BYTES, display_name

BOM = b"\xef\xbb\xbf"
# How a refused write ends: true of one file, not of a write of several once one landed
# (translated where it is added: ``nothing_written``).
NOTHING_WRITTEN = N_("; nothing was written, run the command again")


def nothing_written(message: str) -> WriteError:
    """A write of one file refused, with what to do: ``message``, nothing was written."""
    return WriteError(message + _(NOTHING_WRITTEN))


def _changed(name: str) -> WriteError:
    return nothing_written(
        _("{name} changed on disk while opgave was writing it").format(name=name)
    )


def _cannot(what: str, name: str, exc: OSError) -> WriteError:
    """``{name}: cannot write (reason)`` and kin: ``what`` holds ``{name}`` and
    ``{reason}``."""
    return WriteError(what.format(name=name, reason=exc.strerror or exc))


class ChangedOnDisk(Exception):
    """The file is no longer what the session read: another program has written it."""


def final_target(path: Path) -> Path:
    """The file that ``path`` names: itself, or the end of its chain of symlinks."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write_atomic(path: Path, text: str, *, expected: str | None = None) -> None:
    """Replace the data file ``path`` with ``text`` so that a crash at any point leaves
    either the old or the new file. Its permissions, owner and UTF-8 byte order mark
    are kept. With ``expected`` (the text the session read), the file must still hold
    exactly that, and the same bytes just before the rename; otherwise another program
    has changed it, and nothing is written."""
    name = display_name(path)
    changed = _changed(name)
    try:
        target = final_target(path)
        info = target.stat()
        current = _read(target)
    except ChangedOnDisk:
        raise changed from None
    except OSError as exc:
        raise _cannot(_("{name}: cannot read: {reason}"), name, exc) from None
    had_bom = current.startswith(BOM)
    if expected is not None and current.removeprefix(BOM) != expected.encode("utf-8"):
        raise changed

    def unchanged() -> None:
        if expected is not None and _read(target) != current:
            raise ChangedOnDisk

    try:
        replace_file(
            target, (BOM if had_bom else b"") + text.encode("utf-8"), info, unchanged,
            displaces=current if expected is not None else None,
        )  # fmt: skip
    except ChangedOnDisk:
        raise changed from None
    except OSError as exc:
        raise _cannot(
            _("{name}: cannot write ({reason}); the file is unchanged"), name, exc
        ) from None


def ensure_unchanged(path: Path, expected: str) -> None:
    """Refuse (nothing written) if the data file ``path`` no longer holds ``expected``."""
    name = display_name(path)
    try:
        current: bytes | None = _read(final_target(path))
    except ChangedOnDisk:
        current = None
    except OSError:
        return  # not readable: the write itself says so
    if current is None or current.removeprefix(BOM) != expected.encode("utf-8"):
        raise _changed(name)


def create_new(path: Path, text: str) -> None:
    """Create the data file ``path`` (the ledger's first line), atomically; refused if
    another program has created it meanwhile."""
    name = display_name(path)

    def still_missing() -> None:
        if os.path.lexists(path):
            raise ChangedOnDisk

    try:
        replace_file(path, text.encode("utf-8"), None, still_missing)
    except ChangedOnDisk:
        raise nothing_written(
            _("{name} was created by another program while opgave was writing it").format(name=name)
        ) from None
    except OSError as exc:
        raise _cannot(_("{name}: cannot create ({reason})"), name, exc) from None


def _read(path: Path) -> bytes:
    """The file's bytes, up to one more than a data file may hold; a FIFO or a device
    put in its place is not read (it could block, or never end)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ChangedOnDisk
        chunks: list[bytes] = []
        left = MAX_BYTES + len(BOM) + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def replace_file(
    target: Path,
    data: bytes,
    like: os.stat_result | None,
    before_rename: Callable[[], None] | None = None,
    *,
    displaces: bytes | None = None,
) -> None:
    """Write ``data`` to a temporary file beside ``target``, flush and fsync it, give it
    the mode (and owner and group) of ``like`` (else the mode a new file gets), call
    ``before_rename``, then rename it over ``target``. Raises OSError; the temporary
    file never outlives a failure.

    With ``displaces`` (the bytes ``target`` must still hold), the rename is an exchange
    where the system has one (Linux's ``renameat2`` with ``RENAME_EXCHANGE``): the new
    file and the old swap places in one step, and opgave then reads exactly what it
    displaced. If another program changed the file after the check before the rename, the
    two are swapped back, so that its edit stays, and ChangedOnDisk is raised. Where it
    cannot hold: a program that has the old file open across the exchange and writes into
    it afterwards writes into the displaced file, which opgave removes; where the system
    has no exchange, the check just before the rename leaves that moment open."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if like is not None:
            _chown(tmp, like)
        mode = stat.S_IMODE(like.st_mode) if like is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)  # noqa: PTH101 - the tests fail os.* at each step
        if before_rename is not None:
            before_rename()
        if displaces is not None and exchange(tmp, target):
            _settle_exchange(Path(tmp), target, data, displaces)
        else:
            os.replace(tmp, target)  # noqa: PTH105
        tmp = None
        _fsync_dir(target.parent)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # noqa: PTH108


def _settle_exchange(displaced: Path, target: Path, data: bytes, expected: bytes) -> None:
    """After an exchange: remove what was displaced if it is what opgave read; else swap
    back (the other program's edit is ``target`` again) and raise ChangedOnDisk."""
    try:
        found: bytes | None = _read(displaced)
    except (ChangedOnDisk, OSError):
        found = None
    if found == expected:
        displaced.unlink()
        return
    exchange(str(displaced), target)
    try:
        ours = _read(displaced) == data
    except (ChangedOnDisk, OSError):
        ours = False
    if ours:
        displaced.unlink()
    else:  # written into after the exchange too: keep that, beside the file
        displaced.rename(target.with_name(f"{target.name}.{os.getpid()}.kept"))
    raise ChangedOnDisk


_RENAMEAT2: object = None  # the C function, once looked up; False where there is none
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: str | Path, second: str | Path) -> bool:
    """Swap two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system has no such call (nothing is then changed)."""
    global _RENAMEAT2
    if _RENAMEAT2 is None:
        _RENAMEAT2 = _find_renameat2()
    if _RENAMEAT2 is False:
        return False
    import ctypes

    done = _RENAMEAT2(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False  # this file system cannot exchange: rename as before
    raise OSError(error, os.strerror(error), os.fspath(second))


def _find_renameat2() -> object:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2  # glibc 2.28 and later, musl 1.2.2
    except (OSError, AttributeError, ImportError):
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]  # fmt: skip
    function.restype = ctypes.c_int
    return function


def _chown(path: str, like: os.stat_result) -> None:
    """Give ``path`` the owner and group of ``like``: all of it as root, the group alone
    where we are a member of it, else nothing (the file is then ours, as any new file)."""
    if not hasattr(os, "chown"):
        return
    try:
        os.chown(path, like.st_uid, like.st_gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.chown(path, -1, like.st_gid)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporary_files(path: Path) -> None:
    """Remove the temporary files that a writer killed mid-write left beside ``path``
    (beside the file it points to, for a symlink). Called under the lock, which every
    writer of the data files holds while its temporary file exists, so any such file
    found now is stale."""
    target = final_target(path)
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


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
