"""The data folder's lock: one writer at a time, whoever left the lock file behind.

On POSIX the lock is a ``flock`` on ``.opgave.lock``. The operating system releases
it when its holder dies, so a left-over file never blocks a run. The file is made
with mode 0666 minus the umask, and opened for reading where it cannot be opened
for writing (``flock`` needs neither), so a lock file that another user made does
not block us. One that we cannot even open (mode 0600, made by root, say) is
replaced, if we may write the folder, without ever letting two writers in:

- every locker, once it holds the lock, checks that the file it locked is still
  the one named ``.opgave.lock``, and otherwise starts again on the new one;
- the replacer locks its new file before renaming it into place, so from then on
  every newcomer waits for it, and then waits until nobody holds the old file
  (which it can see in ``/proc/locks`` on Linux; elsewhere it cannot, and the
  check of each data file against what was read still refuses a lost update).

Elsewhere (Windows) filelock's lock is used.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from typing import Any

from ..errors import WriteError
from ..i18n import _
from ..loader import LOCK_FILE, display_name

LOCK_NAME = LOCK_FILE
LOCK_TIMEOUT_S = 30.0
_PROC_LOCKS = Path("/proc/locks")
# "1: FLOCK  ADVISORY  WRITE 2114 fe:00:2146444 0 EOF"; waiters ("1: -> FLOCK ...") hold nothing.
_HELD = re.compile(rb"^\d+: (?!->)\S+\s+\S+\s+\S+\s+\S+\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s", re.M)


class lock:
    """Hold the data folder's lock for the duration of a ``with`` block."""

    def __init__(self, data_dir: Path, timeout: float = LOCK_TIMEOUT_S) -> None:
        self.path = data_dir / LOCK_NAME
        self.timeout = timeout
        self._fd: int | None = None
        self._portable: Any = None

    def __enter__(self) -> None:
        try:
            import fcntl  # noqa: F401 - POSIX only
        except ImportError:  # pragma: no cover - Windows
            self._enter_portable()
            return
        deadline = time.monotonic() + self.timeout
        while True:
            fd = self._open(deadline)
            try:
                self._flock(fd, deadline)
                if self._still_named(fd):
                    self._fd = fd
                    return
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # replaced while we waited: lock the file that is there now

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the flock
            self._fd = None
        if self._portable is not None:  # pragma: no cover - Windows
            self._portable.release()

    def _open(self, deadline: float) -> int:
        flags = os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | flags, 0o666)
        except PermissionError as exc:
            denied = exc
        except OSError as exc:
            raise self._error(_("cannot create the lock file"), exc) from None
        try:
            return os.open(self.path, os.O_RDONLY | flags)
        except PermissionError:
            return self._replace(denied, deadline)
        except OSError:
            # Not there, and we may not create it: the folder is not writable.
            raise self._error(_("cannot create the lock file"), denied, writable=True) from None

    def _replace(self, denied: OSError, deadline: float) -> int:
        """Put a lock file that we hold in place of one that we cannot open, and wait
        until nobody holds the old one."""
        import fcntl

        try:
            old = self.path.lstat()
        except OSError:
            return self._open(deadline)  # gone meanwhile
        fresh = self.path.with_name(f"{LOCK_NAME}.{os.urandom(6).hex()}.tmp")
        fd = -1
        try:
            fd = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else has it
            fresh.replace(self.path)
        except OSError:
            if fd >= 0:
                os.close(fd)
                with contextlib.suppress(OSError):
                    fresh.unlink()
            raise WriteError(
                _(
                    "{file}: cannot open the lock file ({reason}); it belongs to uid {uid}, "
                    "and this folder is not writable to replace it"
                ).format(
                    file=display_name(self.path),
                    reason=denied.strerror or denied,
                    uid=old.st_uid,
                )
            ) from None
        try:
            self._wait_until_free(old, deadline)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _wait_until_free(self, old: os.stat_result, deadline: float) -> None:
        key = (os.major(old.st_dev), os.minor(old.st_dev), old.st_ino)
        delay = 0.001
        while key in _held_locks():
            if time.monotonic() > deadline:
                raise self._timeout()
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _flock(self, fd: int, deadline: float) -> None:
        import fcntl

        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            except OSError as exc:
                raise self._error(_("cannot lock the lock file"), exc) from None
            if time.monotonic() > deadline:
                raise self._timeout()
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def _still_named(self, fd: int) -> bool:
        """Whether the file we locked is still the one named ``.opgave.lock``."""
        try:
            named = os.lstat(self.path)
        except FileNotFoundError:
            return False
        locked = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (locked.st_dev, locked.st_ino)

    def _timeout(self) -> WriteError:
        return WriteError(
            _(
                "{file}: another opgave has been writing the data for {seconds} s; try again "
                "when it has finished"
            ).format(file=display_name(self.path), seconds=f"{self.timeout:.0f}")
        )

    def _error(self, what: str, exc: OSError, *, writable: bool = False) -> WriteError:
        """``what`` (translated) went wrong with the lock file."""
        hint = _("; is the data folder writable?") if writable else ""
        return WriteError(f"{display_name(self.path)}: {what} ({exc.strerror or exc}){hint}")

    def _enter_portable(self) -> None:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        self._portable = FileLock(self.path, timeout=self.timeout)
        try:
            self._portable.acquire()
        except Timeout:
            self._portable = None
            raise self._timeout() from None
        except OSError as exc:
            self._portable = None
            raise self._error(_("cannot create the lock file"), exc, writable=True) from None


def _held_locks() -> set[tuple[int, int, int]]:
    """(major, minor, inode) of every file that some process holds a lock on (Linux);
    empty where the system does not say."""
    try:
        text = _PROC_LOCKS.read_bytes()
    except OSError:
        return set()
    return {(int(a, 16), int(b, 16), int(c)) for a, b, c in _HELD.findall(text)}
