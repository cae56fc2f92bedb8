"""Benchmark of the audit trail (`opgave_cli.sources.history.log`) on a long history.

Builds a temporary repository with `git fast-import`: the shipped data/ and then
N commits (default 2,000), each recording, correcting or removing one
signature or appending one payment to data/payments.yaml, with a few merges of
a branch that adds a payment. Times `log()` (median of several runs) and prints
the figure. Usage (from the repository, with the project installed):

    python benchmarks/log_history.py [--commits 2000] [--runs 5] [--hand-edited]

`--hand-edited` moves each municipality's `slug:` below its `signature:`, so
that no hunk header names the party and every commit takes the slow path
(both versions of the file read whole): the worst case, for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from opgave_cli.sources.history import log

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
PLACES = ["Arnhem", "Nijmegen", "Elst", "Zevenaar"]


def blocks(text: str) -> tuple[str, dict[str, str]]:
    """The text before the first municipality, and each municipality's block by slug."""
    head, *rest = re.split(r"(?m)^(?=  - slug: )", text)
    return head, {re.match(r"  - slug: (\S+)", b).group(1): b for b in rest}  # type: ignore[union-attr]


def render(head: str, parts: dict[str, str], signed: dict[str, str], hand_edited: bool) -> str:
    out = [head]
    for slug, block in parts.items():
        block = block.replace("    signature: null", f"    signature: {signed.get(slug, 'null')}")
        if hand_edited:  # the slug line below the signature line
            lines = block.split("\n")
            lines[0] = "  - " + lines[1].strip()
            lines[1:] = [*lines[2:7], f"    slug: {slug}", *lines[7:]]
            block = "\n".join(lines)
        out.append(block)
    return "".join(out)


class Stream:
    """A `git fast-import` stream."""

    def __init__(self) -> None:
        self.out: list[bytes] = []

    def data(self, text: str) -> None:
        raw = text.encode()
        self.out.append(f"data {len(raw)}\n".encode() + raw + b"\n")

    def commit(
        self,
        mark: int,
        message: str,
        files: dict[str, str],
        *,
        branch: str = "main",
        parent: int | None = None,
        merge: int | None = None,
    ) -> None:
        when = 1_672_531_200 + mark * 600  # from 2023-01-01
        self.out.append(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        for who in ("author", "committer"):
            self.out.append(f"{who} Bench <b@example.org> {when} +0100\n".encode())
        self.data(message)
        self.out += [f"from :{parent}\n".encode()] if parent else []
        self.out += [f"merge :{merge}\n".encode()] if merge else []
        for path, text in files.items():
            self.out.append(f"M 100644 inline {path}\n".encode())
            self.data(text)


def build(repo: Path, commits: int, hand_edited: bool) -> int:
    """The repository: the data, then ``commits`` changes; returns the payments made."""
    rng = random.Random(8)
    head, parts = blocks((DATA / "gemeenten.yaml").read_text(encoding="utf-8"))
    agreement = (DATA / "agreement.yaml").read_text(encoding="utf-8")
    signed: dict[str, str] = {}
    ledger = ["payments:"]
    stream = Stream()
    stream.commit(
        1,
        "data",
        {
            "data/agreement.yaml": agreement,
            "data/gemeenten.yaml": render(head, parts, signed, hand_edited),
            "data/payments.yaml": "payments:\n",
        },
    )
    for n in range(2, commits + 2):
        slug = rng.choice(list(parts))
        if n % 3 == 0:  # a payment; every 30th on a branch, merged into main
            ledger.append(
                f"  - {{gemeente: {slug}, year: 2023, date: 2023-03-{n % 28 + 1:02d}, "
                f'amount: "{rng.randint(100, 99_999)}.{rng.randint(0, 99):02d}", '
                f'reference: "F-2023-{n:04d}"}}'
            )
            files = {"data/payments.yaml": "\n".join(ledger) + "\n"}
            if n % 30 == 0:
                stream.commit(1_000_000 + n, "payment", files, branch="side", parent=n - 1)
                stream.commit(n, "merge", files, merge=1_000_000 + n)
            else:
                stream.commit(n, "payment", files)
        elif n % 50 == 1:  # the GMR's countersignature, set or corrected
            agreement = re.sub(
                r"(?m)^  signature: .*$",
                f"  signature: {{date: 2023-04-{n % 28 + 1:02d}}}",
                agreement,
            )
            stream.commit(n, "countersign", {"data/agreement.yaml": agreement})
        else:  # sign, correct or unsign one municipality
            if slug in signed and rng.random() < 0.3:
                del signed[slug]
            else:
                signed[slug] = (
                    f"{{date: 2023-02-{n % 28 + 1:02d}, place: {rng.choice(PLACES)}, "
                    f"signatory: A. B{n}, capacity: burgemeester}}"
                )
            stream.commit(
                n, f"sign {slug}", {"data/gemeenten.yaml": render(head, parts, signed, hand_edited)}
            )
    for argv in (["init", "-q", "-b", "main"], ["fast-import", "--quiet"], ["checkout", "-q"]):
        subprocess.run(
            ["git", "-C", str(repo), *argv],
            check=True,
            env=ENV,
            input=b"".join(stream.out) if argv[0] == "fast-import" else None,
        )
    return len(ledger) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hand-edited", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        started = time.perf_counter()
        repo.mkdir()
        payments = build(repo, args.commits, args.hand_edited)
        built = time.perf_counter() - started
        count = subprocess.run(
            ["git", "-C", str(repo), "rev-list", "--count", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            env=ENV,
        ).stdout
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            entries = log(repo / "data", counterparty_slug="gmr")
            times.append(time.perf_counter() - started)
        listed = sum(e.field == "payment" for e in entries)
        print(f"repository: {int(count)} commits ({args.commits} changes), built in {built:.1f} s")
        print(f"entries: {len(entries)} ({listed} payments, {payments} in the ledger)")
        print(
            f"log(): median {statistics.median(times) * 1000:.0f} ms of {args.runs} runs "
            f"(min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)"
            + (", hand-edited data (every commit compared whole)" if args.hand_edited else "")
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
