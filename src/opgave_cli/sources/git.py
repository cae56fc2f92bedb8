"""git as a subprocess: one runner whose failures are one-line errors; the data's revision
and the top of its work tree."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import OpgaveError
from ..loader import LOCK_FILE, display_name

GIT_TIMEOUT_S = 60.0


class Git:
    """git in the data folder, with ``config`` (``name=value``) set for each call; ``why``
    says, in its errors, what needed git."""

    def __init__(
        self,
        data_dir: Path,
        config: Sequence[str] = (),
        *,
        why: str = "git is needed here",
        timeout: float | None = None,
    ) -> None:
        self.data_dir, self.shown, self.why = data_dir, display_name(data_dir), why
        self.timeout = timeout or GIT_TIMEOUT_S
        self.prefix = ["git", "--no-pager", "-C", str(data_dir)]
        self.prefix += [arg for c in config for arg in ("-c", c)]
        self.env = {k: v for k, v in os.environ.items() if k != "GIT_DIFF_OPTS"}
        self.env |= {"LC_ALL": "C", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"}

    def run(self, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        try:
            done = subprocess.run(
                [*self.prefix, *args], input=stdin, capture_output=True,
                timeout=self.timeout, env=self.env, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            raise OpgaveError(f"git is not installed (no git on PATH): {self.why}") from None
        except subprocess.TimeoutExpired:
            raise OpgaveError(f"git {args[0]} took more than {self.timeout:g} s") from None
        except OSError as exc:
            raise OpgaveError(f"cannot run git: {exc.strerror or exc}") from None
        if done.returncode in ok:
            return done.stdout
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if reason and "not a git repository" in reason[0]:
            raise OpgaveError(f"{self.shown}/ is not in a git repository: {self.why}")
        text = " ".join(reason[0].split()).removeprefix("fatal: ") if reason else ""
        raise OpgaveError(f"git {args[0]} failed: {text or f'exit status {done.returncode}'}")


def git_revision(data_dir: Path) -> str | None:
    """The data folder's git revision (short), marked when its files have uncommitted
    changes; None outside a repository or without git."""
    git = Git(data_dir, timeout=5)
    try:
        revision = git.run("rev-parse", "--short", "HEAD").decode().strip()
        changed = git.run("status", "--porcelain", "--", ".", f":!{LOCK_FILE}").strip()
    except OpgaveError:
        return None
    return f"{revision} (with uncommitted changes)" if changed else revision or None


def work_tree_top(data_dir: Path) -> Path | None:
    """The top of the git work tree that holds ``data_dir``; None outside one or without
    git."""
    try:
        top = Git(data_dir, timeout=10).run("rev-parse", "--show-toplevel")
    except OpgaveError:
        return None
    text = top.decode("utf-8", "surrogateescape").strip()
    return Path(text).resolve() if text else None
