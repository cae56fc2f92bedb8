"""Files named on the command line that are not data files: an input (a CBS response, a
CSV of signatures, a bank statement) read whole within a bound, and the hash of a file
(the evidence of a signature)."""

from __future__ import annotations

from pathlib import Path

from ..errors import OpgaveError, UsageError
from ..i18n import _
from ..loader import display_name


def read_input(path: Path, max_bytes: int) -> bytes:
    """An input file named on the command line (a CBS response), read whole within
    ``max_bytes``; a missing file is a usage error, an unreadable one an error."""
    name = display_name(path)
    try:
        if not path.exists():
            raise UsageError(_("{name}: file not found").format(name=name))
        if not path.is_file():
            raise UsageError(_("{name}: is not a regular file").format(name=name))
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    if len(raw) > max_bytes:
        mib = max_bytes // (1024 * 1024)
        raise OpgaveError(_("{name}: file is larger than {mib} MiB").format(name=name, mib=mib))
    return raw


def _cannot_read(name: str, exc: OSError) -> OpgaveError:
    return OpgaveError(
        _("{name}: cannot read: {reason}").format(name=name, reason=exc.strerror or exc)
    )


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
        raise OpgaveError(_("{name}: is not a regular file").format(name=name)) from None
    except FileNotFoundError:
        raise OpgaveError(_("{name}: file not found").format(name=name)) from None
    except OSError as exc:
        raise _cannot_read(name, exc) from None
    if len(data) > max_bytes:
        mib = max_bytes // (1024 * 1024)
        raise OpgaveError(_("{name}: larger than {mib} MiB").format(name=name, mib=mib))
    digest.update(data)
    return digest.hexdigest()
