"""The code of this checkout against the code of another revision, command by command, run
alternately after a warm-up: is any command slower than before? Usage:

    python benchmarks/ab.py REVISION [--rounds 25]

The other revision is checked out into a temporary git worktree and run as
``python -m opgave_cli`` with its own ``src/`` first on the path; this checkout runs the
same way, so that both start alike (the same interpreter, the same installed
libraries, bytecode cached after the warm-up). Each command reads a copy of the shipped
data with today fixed inside the term.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    ["--version"],
    ["--help"],
    ["status"],
    ["speerpunten"],
    ["budget", "--total", "250000"],
    ["contributions"],
    ["check"],
    ["sign", "arnhem", "--date", "2023-02-01", "--dry-run"],
    ["pay", "arnhem", "--year", "2023", "--amount", "10", "--date", "2023-03-01", "--dry-run"],
    ["report"],
]


def run(src: Path, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "opgave_cli", *args],
        env={**env, "PYTHONPATH": str(src)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision")
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opgave-ab-") as tmp:
        other = Path(tmp) / "other"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other),
             args.revision],
            check=True,
        )  # fmt: skip
        try:
            data = Path(tmp) / "data"
            shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".opgave.lock"))
            env = {**os.environ, "OPGAVE_DATA_DIR": str(data), "OPGAVE_TODAY": "2023-06-01",
                   "NO_COLOR": "1", "COLUMNS": "100"}  # fmt: skip
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            print(f"{'command':<24}{'this':>10}{args.revision[:10]:>12}{'ratio':>8}")
            slower = 0
            for command in COMMANDS:
                for src in (ROOT / "src", other / "src"):  # warm-up: bytecode written
                    run(src, command, env)
                this, before = [], []
                for _ in range(args.rounds):
                    this.append(run(ROOT / "src", command, env))
                    before.append(run(other / "src", command, env))
                a, b = statistics.median(this), statistics.median(before)
                mark = "  slower" if a > b * 1.03 else ""
                slower += bool(mark)
                name = " ".join(command)[:23]
                print(f"{name:<24}{a * 1000:>8.1f}ms{b * 1000:>10.1f}ms{a / b:>8.2f}{mark}")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False
            )
    return 1 if slower else 0


if __name__ == "__main__":
    raise SystemExit(main())
