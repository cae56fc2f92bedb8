"""What git knows about the data: the revision a report was made from."""

from __future__ import annotations

from pathlib import Path


def git_revision(data_dir: Path) -> str | None:
    """The data folder's git revision (short), marked when its files have uncommitted
    changes; None outside a repository or without git."""
    import subprocess

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", "-C", str(data_dir), *args],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    revision = git("rev-parse", "--short", "HEAD")
    if not revision:
        return None
    if git("status", "--porcelain", "--", ".", ":!.opgave.lock"):
        revision += " (with uncommitted changes)"
    return revision
