"""Files named on the command line that are not data files: an input (a CBS response, a
CSV of signatures, a bank statement) read whole within a bound, and the hash of a file
(the evidence of a signature)."""

from __future__ import annotations

from pathlib import Path

from ..errors import OpgaveError, UsageError
from ..loader import display_name


def read_input(path: Path, max_bytes: int) -> bytes:
    """An input file named on the command line (a CBS response), read whole within
    ``max_bytes``; a missing file is a usage error, an unreadable one an error."""
    name = display_name(path)
    try:
        if not path.exists():
            raise UsageError(f"{name}: file not found")
        if not path.is_file():
            raise UsageError(f"{name}: is not a regular file")
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise OpgaveError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise OpgaveError(f"{name}: file is larger than {max_bytes // (1024 * 1024)} MiB")
    return raw


def file_sha256(path: Path, max_bytes: int) -> str:
    """The SHA-256 of a regular file's bytes, read in blocks (a scan may be large) without
    blocking on a FIFO or a device, and at most ``max_bytes`` of them; one line otherwise."""
    import hashlib

    from ..loader.folder import NotRegular, read_bounded

    name = display_name(path)
    digest = hashlib.sha256()
    try:
        data = read_bounded(path, max_bytes + 1)
    except NotRegular:
        raise OpgaveError(f"{name}: is not a regular file") from None
    except FileNotFoundError:
        raise OpgaveError(f"{name}: file not found") from None
    except OSError as exc:
        raise OpgaveError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise OpgaveError(f"{name}: larger than {max_bytes // (1024 * 1024)} MiB")
    digest.update(data)
    return digest.hexdigest()
