"""Where `opgave status` spends its time beyond the import floor, phase by phase.

Each run is a fresh process that imports the floor, then each further piece in
the order a real run loads it, and times every step with perf_counter (the
collector off, as `opgave` runs). The last phase runs the command once more
through Typer and subtracts the loading and rendering it repeats. Prints the
median of each phase over several runs. Usage (from the repository, with the project installed):

    python benchmarks/phases.py [--runs 9]

For the module-by-module view: python -X importtime -m opgave_cli status; for
the call tree: pyinstrument -m opgave_cli status.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PHASES = """
import gc, json, sys, time
gc.disable()
times = {}
mark = time.perf_counter()
def phase(name):
    global mark
    now = time.perf_counter()
    times[name] = (now - mark) * 1000
    mark = now

import typer, rich.console, rich.table, yaml
from pydantic import BaseModel
phase("import floor (in-process)")
import pydantic.fields
phase("pydantic.fields, .types, annotated_types: what any model with fields needs")
import importlib.metadata
phase("importlib.metadata: pydantic's plugin loader, at the first validator")
import opgave_cli.domain.models
phase("building our 17 models")
import opgave_cli.loader, opgave_cli.output.status, opgave_cli.domain.parties
phase("our modules: loader, output, tracker, errors")
import typer.main, opgave_cli.cli
command = typer.main.get_command(opgave_cli.cli.app)
phase("the Typer app: our cli package, building the commands")
from datetime import date
from opgave_cli import loader
from opgave_cli.domain import parties as tracker
from opgave_cli.output import Out
from opgave_cli.output.status import status_text
today = date.fromisoformat("2023-06-01")
agreement, gemeenten = loader.load(loader.find_data_dir(None), today)
phase("reading, parsing and validating the two files (and our rules)")
report = tracker.status(agreement, gemeenten, today)
status_text(report, Out())
phase("computing and rendering the table")
try:
    command.main(["status"], prog_name="opgave", standalone_mode=False)
except SystemExit:
    pass
phase("again")
read = times["reading, parsing and validating the two files (and our rules)"]
shown = times["computing and rendering the table"]
times["Typer parsing the arguments and dispatching"] = times.pop("again") - read - shown
gc.freeze()
sys.stderr.write("PHASES " + json.dumps(times) + "\\n")
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    env = {**os.environ, "OPGAVE_DATA_DIR": str(ROOT / "data"), "NO_COLOR": "1"}
    env["PYDANTIC_DISABLE_PLUGINS"] = "1"  # as the CLI sets it
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    runs: list[dict[str, float]] = []
    for _ in range(args.runs + 1):  # the first run warms the bytecode cache
        out = subprocess.run(
            [sys.executable, "-c", PHASES],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        line = next(x for x in out.stderr.splitlines() if x.startswith("PHASES "))
        runs.append(json.loads(line.removeprefix("PHASES ")))
    runs = runs[1:]
    for name in runs[0]:
        print(f"{statistics.median(r[name] for r in runs):6.1f} ms  {name}")
    beyond = [sum(v for k, v in r.items() if not k.startswith("import floor")) for r in runs]
    print(f"{statistics.median(beyond):6.1f} ms  in all beyond the import floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
