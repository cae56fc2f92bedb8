"""How long `opgave inhabitants import` takes on the full CBS file (issue #12: under 1 s).

Times the tool's own work, in-process after a warm-up run (so the imports of
Python, Typer and pydantic, which every command pays, are left out): reading
and checking the whole Observations response (13,568 rows, 3.5 MB), planning
the import, validating and writing gemeenten.yaml under its lock, in a fresh
temporary copy of data/ for every run. Two cases: the shipped data (every count
already there: nothing changes) and data with only the counts of 2026 (72 counts
added, the source block rewritten). Prints the median of several runs. A
benchmark, not a test: nothing here fails on time. Usage (from the repository,
with the project installed):

    python benchmarks/import_cbs.py [OBSERVATIONS.json] [--runs 9]

OBSERVATIONS.json defaults to /work/shared/cbs/03759ned/observations-page-1.json;
its properties.json and codes-Perioden.json are used when they are beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = Path("/work/shared/cbs/03759ned/observations-page-1.json")
TODAY = "2026-08-01"  # after the capture of 2026-07-02, so --retrieved is in the past
TARGET = 1.0  # seconds


def only_2026(data_dir: Path) -> None:
    """gemeenten.yaml with only the counts at 1 January 2026."""
    path = data_dir / "gemeenten.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"inhabitants: \{2022-01-01: .*(2026-01-01: [0-9]+)\}", r"inhabitants: {\1}", text
    )
    path.write_text(text, encoding="utf-8")


def import_args(observations: Path) -> list[str]:
    args = ["inhabitants", "import", str(observations), "--retrieved", "2026-07-02"]
    for option, name in (("--properties", "properties.json"), ("--periods", "codes-Perioden.json")):
        if (observations.parent / name).is_file():
            args += [option, str(observations.parent / name)]
    return args


def run_once(args: list[str], prepare: Callable[[Path], None]) -> tuple[float, str]:
    """One import into a fresh copy of data/; the copy is not timed."""
    import typer.main

    from opgave_cli.cli import app

    command = typer.main.get_command(app)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data_dir)
        prepare(data_dir)
        out = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out):
            command.main(
                ["--data-dir", str(data_dir), *args], prog_name="opgave", standalone_mode=False
            )
        return time.perf_counter() - start, out.getvalue().strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("observations", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args(argv)
    if not options.observations.is_file():
        print(f"no such file: {options.observations}", file=sys.stderr)
        return 2
    print("(the first warm-up includes importing opgave, Typer and pydantic)")
    os.environ["OPGAVE_TODAY"] = TODAY
    size = options.observations.stat().st_size
    print(f"{options.observations} ({size / 1e6:.1f} MB), median of {options.runs} runs")
    args = import_args(options.observations)

    def keep(_: Path) -> None:
        pass

    slowest = 0.0
    for label, prepare in (
        ("into the shipped data", keep),
        ("into counts of 2026 only", only_2026),
    ):
        first, summary = run_once(args, prepare)  # a warm-up: the first imports every module
        times = [run_once(args, prepare)[0] for _ in range(options.runs)]
        median = statistics.median(times)
        slowest = max(slowest, median)
        print(
            f"  {label:<26} {median * 1000:7.1f} ms  (min {min(times) * 1000:.1f}, "
            f"max {max(times) * 1000:.1f}; warm-up {first * 1000:.1f})"
        )
        for line in summary.splitlines():
            print(f"    {line}")
    verdict = "met" if slowest < TARGET else "NOT met"
    print(f"target: under {TARGET:g} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
