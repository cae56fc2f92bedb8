"""git as a subprocess: one runner whose failures are one-line errors; the data's revision,
the data files as the last commit has them, and the top of the work tree.

Nothing in a data repository may run a program (a folder copied from a colleague, a
clone with a crafted .gitattributes). git runs programs named in a repository's
configuration when it reads the working tree or the index (``core.fsmonitor``, a
``filter.<name>.clean`` that an in-tree .gitattributes selects, the hooks of
``core.hooksPath``, which ``post-index-change`` also rewrites .git/index for). So
opgave never asks git about the working tree: it reads objects only (``rev-parse``,
``ls-tree``, ``cat-file``, ``log`` between commits, with external diffs and textconv
off) and compares a working file's bytes with its blob itself; and every call forces
the settings that could run something off on the command line, which beats the
repository's own configuration (``SAFE``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import OpgaveError
from ..i18n import _
from ..loader import DATA_FILES, display_name

GIT_TIMEOUT_S = 60.0
# What the repository's configuration could make git run or write, forced off.
SAFE = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.untrackedCache=false",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=",
    "core.alternateRefsCommand=",
    "credential.helper=",
    "diff.external=",
    "gpg.program=false",
    "log.showSignature=false",
    "protocol.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
)
# The environment's way to the same (the user's own settings, but they are not needed).
_UNSET = ("GIT_DIFF_OPTS", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_SSH", "GIT_SSH_COMMAND",
          "GIT_ASKPASS", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR")  # fmt: skip


class Git:
    """git in the data folder, with ``config`` (``name=value``) set for each call; ``why``
    says, in its errors, what needed git."""

    def __init__(
        self,
        data_dir: Path,
        config: Sequence[str] = (),
        *,
        why: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.data_dir, self.shown = data_dir, display_name(data_dir)
        self.why = why or _("git is needed here")
        self.timeout = timeout or GIT_TIMEOUT_S
        self.prefix = ["git", "--no-pager", "-C", str(data_dir)]
        self.prefix += [arg for c in (*SAFE, *config) for arg in ("-c", c)]
        self.env = {k: v for k, v in os.environ.items() if k not in _UNSET}
        self.env |= {"LC_ALL": "C", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0",
                     "GIT_TERMINAL_PROMPT": "0"}  # fmt: skip

    def run(self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        try:
            done = subprocess.run(
                [*self.prefix, *args], input=stdin, capture_output=True,
                timeout=self.timeout, env=self.env, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            raise OpgaveError(
                _("git is not installed (no git on PATH): {why}").format(why=self.why)
            ) from None
        except subprocess.TimeoutExpired:
            raise OpgaveError(
                _("git {command} took more than {seconds} s").format(
                    command=args[0], seconds=f"{self.timeout:g}"
                )
            ) from None
        except OSError as exc:
            raise OpgaveError(
                _("cannot run git: {reason}").format(reason=exc.strerror or exc)
            ) from None
        if done.returncode in ok:
            return done.stdout
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if reason and "not a git repository" in reason[0]:  # (git speaks English: LC_ALL=C)
            raise OpgaveError(
                _("{folder}/ is not in a git repository: {why}").format(
                    folder=self.shown, why=self.why
                )
            )
        text = " ".join(reason[0].split()).removeprefix("fatal: ") if reason else ""
        if not text:
            text = _("exit status {code}").format(code=done.returncode)
        raise OpgaveError(_("git {command} failed: {reason}").format(command=args[0], reason=text))


def head(git: Git) -> str | None:
    """The commit HEAD names, or None in a repository without commits."""
    found = git.run("rev-parse", "--verify", "-q", "HEAD^{commit}", ok=(0, 1)).decode().strip()
    return found or None


def blobs_at(git: Git, commit: str, names: Sequence[str]) -> dict[str, str]:
    """The blob of each of ``names`` (files of the data folder) in ``commit``, where it has
    one (read from the commit's tree, not from the index)."""
    out = git.run("ls-tree", "-z", commit, "--", *names)
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == b"blob":
            found[Path(path.decode("utf-8", "surrogateescape")).name] = parts[2].decode()
    return found


def read_blobs(git: Git, oids: Sequence[str]) -> dict[str, bytes]:
    """The bytes of each blob, as stored (no filter, no conversion); a missing one is
    absent."""
    if not oids:
        return {}
    out = git.run("cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    found: dict[str, bytes] = {}
    at = 0
    for oid in oids:
        end = out.index(b"\n", at)
        header, at = out[at:end].split(), end + 1
        if len(header) == 3:  # not "<oid> missing"
            found[oid] = out[at : at + int(header[2])]
            at += int(header[2]) + 1
    return found


def uncommitted(git: Git, commit: str | None, names: Sequence[str]) -> dict[str, str | None]:
    """Each of ``names`` whose working file is not byte for byte its blob in ``commit``
    (new, changed or deleted), with that blob (None: not in the commit). The files are
    read by the loader, within its bounds; git never looks at the working tree."""
    from ..loader.folder import read_raw

    blobs = blobs_at(git, commit, names) if commit else {}
    stored = read_blobs(git, list(blobs.values()))
    changed: dict[str, str | None] = {}
    for name in names:
        path = git.data_dir / name
        exists = os.path.lexists(path)
        raw = read_raw(path)[0] if exists else None
        blob = blobs.get(name)
        if (blob is None and exists) or (blob is not None and raw != stored.get(blob)):
            changed[name] = blob
    return changed


def git_revision(data_dir: Path) -> str | None:
    """The data folder's git revision (short), marked when its data files have uncommitted
    changes; None outside a repository or without git."""
    git = Git(data_dir, timeout=5)
    try:
        commit = head(git)
        if commit is None:
            return None
        revision = git.run("rev-parse", "--short", commit).decode().strip()
        changed = uncommitted(git, commit, DATA_FILES)
    except OpgaveError:
        return None
    if changed:
        return _("{revision} (with uncommitted changes)").format(revision=revision)
    return revision or None


def work_tree_top(data_dir: Path) -> Path | None:
    """The top of the git work tree that holds ``data_dir``; None outside one or without
    git."""
    try:
        top = Git(data_dir, timeout=10).run("rev-parse", "--show-toplevel")
    except OpgaveError:
        return None
    text = top.decode("utf-8", "surrogateescape").strip()
    return Path(text).resolve() if text else None
