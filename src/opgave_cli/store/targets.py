"""Where a generated document goes (``-o``, ``--out``): only a regular file is replaced.

A regular file (or a new one) is replaced atomically, through a symlink if the name
is one (the link stays). A character device (``/dev/null``, a terminal) or a FIFO is
written into, as a shell's ``>`` would, and a FIFO that nobody reads is an error, not
a hang. ``-``, ``/dev/stdout`` and the other names of this process's own file
descriptors are those descriptors. A socket or a block device (a disk) is refused.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from ..errors import UsageError, WriteError
from ..i18n import _
from ..loader import DATA_FILES, display_name
from .files import replace_file


def _cannot_write(name: str, exc: OSError) -> WriteError:
    return WriteError(
        _("{name}: cannot write ({reason})").format(name=name, reason=exc.strerror or exc)
    )


_OWN_FD = re.compile(r"/dev/fd/(\d+)|/proc/(self|thread-self|\d+)/fd/(\d+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def own_stream(path: Path) -> int | None:
    """The file descriptor of this process that ``path`` names, if it names one: ``-``
    is stdout, and ``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N`` (or a symlink to
    one of them) name theirs. Opening such a name would start a second file offset, or
    with ``O_TRUNC`` empty a file that the shell is appending to."""
    text = os.fspath(path)
    if text == "-":
        return 1
    # Followed link by link, by hand: Path.resolve() would turn /proc/self/fd/1 into
    # whatever it points to ("pipe:[1234]", "/tmp/x (deleted)").
    for _link in range(40):  # the kernel's own limit on a chain of symlinks
        try:
            absolute = os.path.abspath(text)  # noqa: PTH100
        except OSError:  # the working folder was deleted: write_document says so
            return None
        if absolute in _STANDARD:
            return _STANDARD[absolute]
        found = _OWN_FD.fullmatch(absolute)
        if found:
            pid = found.group(2)
            if pid is None or pid in ("self", "thread-self") or int(pid) == os.getpid():
                return int(found.group(1) or found.group(3))
            return None
        try:
            link = os.readlink(absolute)  # noqa: PTH115
        except OSError:
            return None
        text = os.path.join(os.path.dirname(absolute), link)  # noqa: PTH118, PTH120
    return None


def write_document(path: Path, text: str | bytes, *, option: str = "-o") -> None:
    """Write a generated document (text, or the bytes of a PDF) to ``path``: never over a
    data file (of any data folder, one that holds an agreement.yaml) or a folder."""
    name = display_name(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd = own_stream(path)
    if fd is not None:
        try:
            _write_all(fd, data)
        except OSError as exc:
            raise _cannot_write(name, exc) from None
        return
    if not path.is_absolute():
        try:
            Path.cwd()
        except OSError:
            raise WriteError(
                _(
                    "{name}: the current folder no longer exists; give {option} an absolute path"
                ).format(name=name, option=option)
            ) from None
    real = Path(os.path.realpath(path))
    if real.name in DATA_FILES and (real.parent / DATA_FILES[0]).exists():
        raise UsageError(
            _("{option} {path} is a data file; write the document somewhere else").format(
                option=option, path=path
            )
        )
    try:
        info: os.stat_result | None = path.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a symlink loop, a folder we may not enter
        raise _cannot_write(name, exc) from None
    mode = info.st_mode if info is not None else stat.S_IFREG
    if stat.S_ISDIR(mode):
        raise UsageError(
            _("{option} {path} is a folder; give a file name").format(option=option, path=path)
        )
    if stat.S_ISSOCK(mode):
        raise WriteError(
            _("{name}: is a socket, not a file; nothing was written").format(name=name)
        )
    if stat.S_ISBLK(mode):
        raise WriteError(
            _("{name}: is a block device, not a file; nothing was written").format(name=name)
        )
    if stat.S_ISREG(mode):
        _replace(path, data, name)
    else:
        _write_into(path, data, name)


def _replace(path: Path, data: bytes, name: str) -> None:
    """A regular file, or a new one: replaced atomically, through a symlink."""
    try:
        if path.is_symlink():
            target = Path(os.path.realpath(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            target = path
        try:
            info: os.stat_result | None = target.stat()
        except FileNotFoundError:
            info = None
        replace_file(target, data, info)
    except OSError as exc:
        raise _cannot_write(name, exc) from None


def _write_into(path: Path, data: bytes, name: str) -> None:
    """A character device or a FIFO: opened without blocking (a FIFO nobody reads is an
    error, a terminal or a serial line does not wait), then written in full."""
    nonblock = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_WRONLY | nonblock | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and _is_fifo(path):
            raise WriteError(
                _("{name}: no program is reading from this FIFO; nothing was written").format(
                    name=name
                )
            ) from None
        raise _cannot_write(name, exc) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a file since we looked
            os.close(fd)
            fd = -1
            _replace(path, data, name)
            return
        if nonblock:
            os.set_blocking(fd, True)  # a slow reader makes us wait, as it would `cat`
        _write_all(fd, data)
    except OSError as exc:
        raise _cannot_write(name, exc) from None
    finally:
        if fd >= 0:
            os.close(fd)


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def make_folder(folder: Path) -> None:
    """The folder that ``--out`` names, made if it is not there; never a file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(
            _("{name}: is not a folder; nothing was written").format(name=display_name(folder))
        ) from None
    except OSError as exc:
        raise WriteError(
            _("{name}: cannot create the folder ({reason})").format(
                name=display_name(folder), reason=exc.strerror or exc
            )
        ) from None
