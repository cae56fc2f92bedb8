"""Start-up benchmark of `opgave` against its baselines, measured side by side.

Each command runs alternately with its baseline, after a warm-up, for several
rounds; the script prints medians and ratios and whether each target of issue
#8 is met. Usage (from the repository, with the project installed):

    python benchmarks/run.py [--rounds 21]

Baselines: the *import floor* (the imports a table-printing, model-validating
command needs), and check-jsonschema validating the same two files against
the exported schemas, one run per file as a CI step would. `opgave overview` of
10 agreements (#16) is measured against `opgave status` itself: its target is
status's time plus 50 ms for each agreement beyond the first.
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
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import agreements, scale  # noqa: E402

BIN = Path(sys.executable).parent
OPGAVE = (
    [str(BIN / "opgave")] if (BIN / "opgave").exists() else [sys.executable, "-m", "opgave_cli"]
)
FLOOR = [
    sys.executable,
    "-c",
    "import typer, rich.console, rich.table, yaml; from pydantic import BaseModel",
]
# Context, not targets: the floor run the way `opgave` runs (collector off, objects
# frozen at exit: see entry.py), and the floor plus the least a model-validating
# command must do (build and validate one one-field pydantic model).
FLOOR_AS_OPGAVE = [
    sys.executable,
    "-c",
    "import gc; gc.disable()\n" + FLOOR[2] + "\ngc.freeze()",
]
FLOOR_ONE_MODEL = [
    sys.executable,
    "-c",
    FLOOR[2] + "\nclass M(BaseModel):\n    x: int\nM(x=1)",
]
CHECK_JSONSCHEMA = shutil.which("check-jsonschema") or str(BIN / "check-jsonschema")
OVERVIEW_AGREEMENTS = 10  # of 18 municipalities each, generated
PER_AGREEMENT = 0.050  # seconds allowed for each agreement beyond the first

Cmd = list[list[str]]  # one or more processes run one after the other


def timed(cmds: Cmd, env: dict[str, str]) -> float:
    start = time.perf_counter()
    for cmd in cmds:
        subprocess.run(
            cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
    return time.perf_counter() - start


def compare(
    a: Cmd, b: Cmd, rounds: int, env: dict[str, str], env_b: dict[str, str] | None = None
) -> tuple[float, float]:
    """Medians of ``a`` and ``b``, run alternately after one warm-up each."""
    timed(a, env)
    timed(b, env_b or env)
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(timed(a, env))
        tb.append(timed(b, env_b or env))
    return statistics.median(ta), statistics.median(tb)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args(argv)
    if not Path(CHECK_JSONSCHEMA).exists():
        print(
            "benchmarks/run.py: check-jsonschema (a baseline) is not installed; "
            "install the test extras: pip install -e '.[test]'",
            file=sys.stderr,
        )
        return 2
    env = {**os.environ, "OPGAVE_DATA_DIR": str(ROOT / "data"), "NO_COLOR": "1"}
    # Measure as installed: with bytecode caching (the warm-up writes the .pyc files).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    completion = {
        **env,
        "_OPGAVE_COMPLETE": "complete_bash",
        "COMP_WORDS": "opgave sign ar",
        "COMP_CWORD": "2",
    }

    rows: list[tuple[str, float, float, str, float]] = []

    def row(
        name: str,
        cmd: Cmd,
        base: Cmd,
        base_name: str,
        target: float,
        cmd_env: dict[str, str] | None = None,
        plus: float | None = None,
    ) -> None:
        """``target`` is a ratio to the baseline; with ``plus`` (seconds) it is instead
        the baseline's median plus that much, given as the ratio it comes to."""
        t, tb = compare(cmd, base, args.rounds, cmd_env or env, env)
        if plus is not None:
            target = (tb + plus) / tb
        rows.append((name, t, tb, base_name, target))

    row("opgave --version", [[*OPGAVE, "--version"]], [FLOOR], "import floor", 0.4)
    row("opgave --help", [[*OPGAVE, "--help"]], [FLOOR], "import floor", 0.7)
    row("completion: opgave sign ar<TAB>", [[*OPGAVE]], [FLOOR], "import floor", 0.7, completion)
    row("opgave status", [[*OPGAVE, "status"]], [FLOOR], "import floor", 1.25)
    row("opgave speerpunten", [[*OPGAVE, "speerpunten"]], [FLOOR], "import floor", 1.25)
    row("opgave contributions", [[*OPGAVE, "contributions"]], [FLOOR], "import floor", 1.25)
    # An import of the committed CBS excerpt (18 municipalities and a few more, both
    # measures, 2019-2026), as a dry run: status's start-up plus the import's own work.
    excerpt = str(ROOT / "tests" / "data" / "cbs" / "observations-excerpt.json")
    with tempfile.TemporaryDirectory() as tmp:
        # A copy: even a dry run takes the data folder's lock, which makes its lock file.
        copy = shutil.copytree(ROOT / "data", Path(tmp) / "data")
        row(
            "opgave inhabitants import (excerpt)",
            [[*OPGAVE, "inhabitants", "import", excerpt, "--dry-run"]],
            [[*OPGAVE, "status"]],
            "opgave status",
            1.25,
            {**env, "OPGAVE_DATA_DIR": str(copy)},
        )
    with tempfile.TemporaryDirectory() as tmp:
        repository = agreements(OVERVIEW_AGREEMENTS, Path(tmp) / "agreements")
        extra = OVERVIEW_AGREEMENTS - 1
        row(
            f"opgave overview ({OVERVIEW_AGREEMENTS} x 18)",
            [[*OPGAVE, "overview", str(repository)]],
            [[*OPGAVE, "status"]],
            f"opgave status + {extra} x {PER_AGREEMENT * 1000:.0f} ms",
            0.0,
            plus=extra * PER_AGREEMENT,
        )
    schemas = ROOT / "schemas"
    cjs = [
        [
            CHECK_JSONSCHEMA,
            "--schemafile",
            str(schemas / f"{n}.schema.json"),
            str(ROOT / "data" / f"{n}.yaml"),
        ]
        for n in ("agreement", "gemeenten", "payments")
    ]
    row("opgave check", [[*OPGAVE, "check"]], cjs, "check-jsonschema x3", 0.5)

    print(f"{'command':34} {'median':>9} {'baseline':>9} {'ratio':>6} {'target':>7}  baseline")
    failed = False
    for name, t, tb, base_name, target in rows:
        ratio = t / tb
        ok = ratio <= target
        failed |= not ok
        print(
            f"{name:34} {t * 1000:7.1f}ms {tb * 1000:7.1f}ms {ratio:6.2f} "
            f"{'<=' + str(round(target, 2)):>7}  {base_name}{'' if ok else '  MISSED'}"
        )

    print("\nContext (no targets): opgave status against other floors")
    for base, base_name in (
        (FLOOR_AS_OPGAVE, "import floor, collector off as in opgave"),
        (FLOOR_ONE_MODEL, "import floor + one pydantic model"),
    ):
        t, tb = compare([[*OPGAVE, "status"]], [base], args.rounds, env)
        name = "opgave status"
        print(f"{name:34} {t * 1000:7.1f}ms {tb * 1000:7.1f}ms {t / tb:6.2f} {'':7}  {base_name}")

    print("\nScale (generated data; median of a few runs):")
    print(f"{'data':10} {'check':>9} {'status --json':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        base: tuple[float, float] | None = None
        for factor in (1, 20, 200):
            folder = scale(factor, Path(tmp) / f"x{factor}")
            scaled = {**env, "OPGAVE_DATA_DIR": str(folder)}
            runs = max(3, args.rounds // 4)
            tc = statistics.median(timed([[*OPGAVE, "check"]], scaled) for _ in range(runs))
            ts = statistics.median(
                timed([[*OPGAVE, "status", "--json"]], scaled) for _ in range(runs)
            )
            base = base or (tc, ts)
            print(
                f"{factor:>4}x      {tc * 1000:7.1f}ms {ts * 1000:12.1f}ms"
                f"   (x{tc / base[0]:.1f}, x{ts / base[1]:.1f})"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
