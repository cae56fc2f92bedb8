"""Scale and speed (issue #25): one row per goal, with its target, on generated data.

Usage (from the repository, with the project installed; the peers are optional):

    python benchmarks/peers.py --install       # once: beancount and hledger, for the peers
    python benchmarks/scale.py [--rounds 5] [--only ledger,pay,...] [--work DIR] [--json]

The data is made by `benchmarks/generate.py` (a ledger of 100,000 payments, 342 and
3,400 municipalities) and `benchmarks/log_history.py`'s builder (10,000 commits), in a
temporary folder (or in `--work DIR`, kept and reused: the history takes half a
minute to build). The commands of a group run in turn, round after round (the order
rotating), after one warm-up run each, so that a busy machine slows them alike; the
warm-up also writes Python's bytecode and beancount's cache, so `bean-check` and
`bean-query` run with their cache, as a user runs them twice (`--uncached` adds a row
against `bean-check --no-cache`). The start-up group runs three times as many rounds
(`--startup-rounds`): its runs are short and noisy. Each run is a fresh process, timed
by the wall clock (`--cpu`: by its CPU time, user and system, children included). Its
peak memory is the `ru_maxrss` that `os.wait4` returns for it, taken by a small
wrapper process that starts it (what `getrusage(RUSAGE_CHILDREN)` would give there):
the high-water mark of its resident memory, VmHWM at exit, or of its largest process
where it runs others (`opgave log` runs git). The wrapper's own 8 MiB or so is the
least any run can show. The table shows medians and the largest peak of the row's
command.

A row whose command fails (exit not 0; today, the ledger of 100,000 payments is
refused by the limits of 4 MiB and 100,000 values a file) shows FAILS with the exit
code and the first line of its error, not a time; a peer that is not installed is
skipped with a note. Exit 0 whatever the rows show: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
import peers  # noqa: E402

BIN = Path(sys.executable).parent
OPGAVE = (
    [str(BIN / "opgave")] if (BIN / "opgave").exists() else [sys.executable, "-m", "opgave_cli"]
)
FLOOR = [
    sys.executable,
    "-c",
    "import typer, rich.console, rich.table, yaml; from pydantic import BaseModel",
]
PAYMENTS = 100_000
COUNTRY = 342  # every Dutch municipality, each with 10 dated counts
MANY = 3_400  # municipalities with 5 dated counts (under today's limit of values)
COMMITS = 10_000
TODAY = "2026-07-01"  # after the last generated payment (2026-06-01)
GROUPS = ("ledger", "pay", "status", "contributions", "log", "startup")

# A command: argv and environment for the n-th run (0 is the warm-up).
Command = Callable[[int], tuple[list[str], dict[str, str]]]


@dataclass
class Measured:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    failed: tuple[int, str] | None = None  # exit code, first line of the error
    skipped: str | None = None  # why it did not run

    def median(self, cpu: bool) -> float:
        return statistics.median(self.cpu if cpu else self.wall)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024


# The small process that runs each command and reports on it: the wall time around the
# spawn, and what wait4 says of that one child. Measured from here instead, a child's
# ru_maxrss would start at this process's own high-water mark (Linux carries the
# spawning process's over exec); the wrapper's is about 8 MiB, below any command's.
WRAPPER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as out:
    out.write(f"{wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} "
              f"{os.waitstatus_to_exitcode(status)}")
"""


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """Wall time, CPU time, peak resident memory (KiB), exit code, first error line."""
    with tempfile.TemporaryDirectory(prefix="opgave-run-") as tmp:
        report = Path(tmp) / "report"
        out, err = Path(tmp) / "out", Path(tmp) / "err"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            subprocess.run(
                [sys.executable, "-I", "-S", "-c", WRAPPER, str(report), *argv],
                env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, check=True,
            )  # fmt: skip
        wall, cpu, peak, code = report.read_text(encoding="utf-8").split()
        line = ""
        if int(code) != 0:
            lines = err.read_text(errors="replace").splitlines()
            if not lines:  # `check` reports on stdout: its first error, else its last line
                shown = out.read_text(errors="replace").splitlines()
                lines = [x for x in shown if "error" in x] or shown[-1:]
            line = lines[0].strip() if lines else ""
    return float(wall), float(cpu), int(peak), int(code), line


def measure(commands: dict[str, Command | str], rounds: int) -> dict[str, Measured]:
    """Each command once to warm up, then ``rounds`` rounds of all of them in turn (the
    order rotating). A string instead of a command is why it is skipped."""
    results = {name: Measured() for name in commands}
    live: list[str] = []
    for name, command in commands.items():
        if isinstance(command, str):
            results[name].skipped = command
            continue
        _, _, peak, code, line = run_once(*command(0))
        if code != 0:
            results[name].failed = (code, line)
            results[name].peak_kib.append(peak)
        else:
            live.append(name)
    for r in range(rounds):
        order = live[r % len(live) :] + live[: r % len(live)] if live else []
        for name in order:
            command = commands[name]
            assert not isinstance(command, str)
            if results[name].failed:
                continue
            wall, cpu, peak, code, line = run_once(*command(r + 1))
            result = results[name]
            if code != 0:
                result.failed = (code, line)
            result.wall.append(wall)
            result.cpu.append(cpu)
            result.peak_kib.append(peak)
    return results


@dataclass
class Row:
    name: str
    command: str  # a name in the group's results
    base: str | None = None  # the baseline's name there
    base_name: str = ""
    ratio: float | None = None  # the target: at most this times the baseline
    strict: bool = False  # less than, not at most
    seconds: float | None = None  # the target: less than this many seconds
    mib: float | None = None  # the target: at most this peak memory
    results: dict[str, Measured] = field(default_factory=dict)

    def target(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"<{self.seconds:g} s")
        if self.ratio is not None:
            parts.append(f"{'<' if self.strict else '<='}{self.ratio:g}x {self.base_name}")
        elif self.base and self.seconds is None and self.mib is None:
            parts.append(f"(context: {self.base_name})")
        if self.mib is not None:
            parts.append(f"<={self.mib:g} MiB")
        return ", ".join(parts)

    def outcome(self, cpu: bool) -> dict[str, Any]:
        """The row's figures and verdict: met, MISSED, FAILS, skipped, or "" for context."""
        got, base = self.results[self.command], self.results.get(self.base or "")
        row: dict[str, Any] = {"name": self.name, "target": self.target(), "baseline": None}
        row["baseline_name"] = self.base_name
        if got.skipped:
            return {**row, "verdict": "skipped", "note": got.skipped}
        if base is not None and base.wall and not base.failed:
            row.update(
                baseline=base.median(cpu),
                baseline_wall=base.median(cpu=False),
                baseline_cpu=base.median(cpu=True),
                baseline_peak_mib=base.peak_mib,
            )
        if got.peak_kib:
            row["peak_mib"] = got.peak_mib
        if got.failed:
            code, line = got.failed
            row.update(verdict="FAILS", exit=code, note=f"exit {code}: {line}")
            if base is not None and base.skipped:
                row["note"] += f"; {self.base_name} skipped: {base.skipped}"
            return row
        t = got.median(cpu)
        row.update(median=t, median_wall=got.median(False), median_cpu=got.median(True))
        row["runs"] = len(got.wall)
        if base is not None and base.skipped:
            return {**row, "verdict": "skipped", "note": f"{self.base_name}: {base.skipped}"}
        if base is not None and base.failed:
            code, line = base.failed
            return {**row, "verdict": "FAILS", "note": f"baseline exit {code}: {line}"}
        ok = True
        if base is not None:
            row["ratio"] = t / row["baseline"]
            if self.ratio is not None:
                ok &= row["ratio"] < self.ratio if self.strict else row["ratio"] <= self.ratio
        if self.seconds is not None:
            ok &= t < self.seconds
        if self.mib is not None:
            ok &= got.peak_mib <= self.mib
        targets = (self.ratio, self.seconds, self.mib)
        row["verdict"] = "" if all(x is None for x in targets) else "met" if ok else "MISSED"
        return row


def with_results(results: dict[str, Measured], rows: list[Row]) -> list[Row]:
    for row in rows:
        row.results = results
    return rows


def opgave(*args: str, data: Path, env: dict[str, str]) -> Command:
    return lambda n: ([*OPGAVE, "--data-dir", str(data), *args], env)


def fixed(argv: list[str], env: dict[str, str]) -> Command:
    return lambda n: (argv, env)


def kept(work: Path, name: str, make: Callable[[Path], object]) -> Path:
    """``work/name``, made by ``make`` unless an earlier run left it complete."""
    folder = work / name
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        make(folder)
        (folder / ".complete").write_text("", encoding="utf-8")
    return folder


def ledger_rows(work: Path, env: dict[str, str], rounds: int, uncached: bool = False) -> list[Row]:
    folder = kept(work, "ledger", lambda out: generate.ledger(PAYMENTS, out / "data"))
    data = folder / "data"
    converted = kept(work, "peers", lambda out: peers.convert(data, out))
    cmds: dict[str, Command | str] = {
        "check": opgave("check", data=data, env=env),
        "contributions": opgave("contributions", data=data, env=env),
    }
    for name, cmd in peers.commands(
        converted / "ledger.beancount", converted / "ledger.journal"
    ).items():
        cmds[name] = cmd if isinstance(cmd, str) else fixed(cmd, env)
        if name == "bean-check" and uncached:  # else with its cache, as a user runs it
            # --no-cache deletes the cache file it would use: point it at another name,
            # so that the cache of the other runs stays.
            other = {**env, "BEANCOUNT_LOAD_CACHE_FILENAME": ".{filename}.not-the-cache"}
            no_cache = cmd if isinstance(cmd, str) else [cmd[0], "--no-cache", *cmd[1:]]
            cmds["bean-check --no-cache"] = (
                no_cache if isinstance(no_cache, str) else fixed(no_cache, other)
            )
    results = measure(cmds, rounds)
    n = f"{PAYMENTS:,}"
    return with_results(results, [
        Row(f"check ({n} payments)", "check", "bean-check", "bean-check", 0.6, mib=200),
        Row(f"check ({n} payments)", "check", "hledger balance", "hledger balance", 1.0,
            strict=True, mib=200),
        Row(f"contributions ({n} payments)", "contributions", "bean-check", "bean-check", 0.6,
            mib=200),
        Row(f"contributions ({n} payments)", "contributions", "hledger balance",
            "hledger balance", 1.0, strict=True, mib=200),
        Row(f"contributions ({n} payments)", "contributions", "bean-query", "bean-query"),
    ] + ([
        Row(f"check ({n} payments)", "check", "bean-check --no-cache", "bean-check --no-cache"),
    ] if uncached else []))  # fmt: skip


def pay_rows(work: Path, env: dict[str, str], rounds: int) -> list[Row]:
    source = kept(work, "ledger", lambda out: generate.ledger(PAYMENTS, out / "data")) / "data"
    data = work / "pay" / "data"  # a copy: the real `pay` appends a line each run
    shutil.rmtree(data.parent, ignore_errors=True)
    shutil.copytree(source, data)
    paid = ["arnhem", "--year", "2024", "--amount", "4321.09", "--date", "2026-06-01"]

    def real(n: int) -> tuple[list[str], dict[str, str]]:
        argv = [*OPGAVE, "--data-dir", str(data), "pay", *paid, "--reference", f"BENCH-{n}"]
        return argv, env

    cmds: dict[str, Command | str] = {
        "pay --dry-run": opgave("pay", *paid, "--reference", "BENCH-DRY", "--dry-run",
                                data=data, env=env),
        "pay": real,
        "check": opgave("check", data=data, env=env),
    }  # fmt: skip
    results = measure(cmds, rounds)
    n = f"{PAYMENTS:,}"
    return with_results(results, [
        Row(f"pay --dry-run ({n} payments)", "pay --dry-run", "check", "opgave check",
            3.0, strict=True, seconds=0.5),
        Row(f"pay, one appended ({n} payments)", "pay", "check", "opgave check",
            3.0, strict=True, seconds=0.5),
    ])  # fmt: skip


def status_rows(work: Path, env: dict[str, str], rounds: int) -> list[Row]:
    data = kept(work, "country", lambda out: generate.country(COUNTRY, out / "data")) / "data"
    results = measure({"status": opgave("status", data=data, env=env), "floor": fixed(FLOOR, env)},
                  rounds)  # fmt: skip
    return with_results(
        results, [Row(f"status ({COUNTRY} x 10 counts)", "status", "floor", "import floor", 1.3)]
    )


def contributions_rows(work: Path, env: dict[str, str], rounds: int) -> list[Row]:
    data = kept(
        work, "many", lambda out: generate.country(MANY, out / "data", 5, with_amounts=True)
    ) / "data"  # fmt: skip
    cmds: dict[str, Command | str] = {
        "contributions": opgave("contributions", data=data, env=env),
        "contributions --csv": opgave("contributions", "--csv", data=data, env=env),
        "floor": fixed(FLOOR, env),
    }
    results = measure(cmds, rounds)
    n = f"{MANY:,}"
    return with_results(results, [
        Row(f"contributions ({n} x 5 counts)", "contributions", "floor", "import floor",
            seconds=1.0),
        Row(f"contributions --csv ({n})", "contributions --csv", "floor", "import floor"),
    ])  # fmt: skip


def log_rows(work: Path, env: dict[str, str], rounds: int) -> list[Row]:
    import log_history  # its git environment

    def build(out: Path) -> None:  # in a process of its own: it takes about 2 GiB
        out.mkdir(parents=True)
        code = f"import log_history; log_history.build(__import__('pathlib').Path({str(out)!r}), "
        code += f"{COMMITS}, hand_edited=False)"
        subprocess.run([sys.executable, "-c", code], cwd=HERE, check=True)

    repo = kept(work, "history", build)
    data = repo / "data"
    git_env = {**env, **{k: v for k, v in log_history.ENV.items() if k.startswith("GIT_")}}
    cmds: dict[str, Command | str] = {
        "log": opgave("log", data=data, env=git_env),
        "log arnhem": opgave("log", "arnhem", data=data, env=git_env),
    }
    results = measure(cmds, rounds)
    n = f"{COMMITS:,}"
    return with_results(
        results,
        [
            Row(f"log ({n} commits)", "log", seconds=1.0),
            Row(f"log arnhem ({n} commits)", "log arnhem", "log", "opgave log", 1.0, strict=True),
        ],
    )


def startup_rows(work: Path, env: dict[str, str], rounds: int) -> list[Row]:
    data = ROOT / "data"
    shipped = {**env, "OPGAVE_DATA_DIR": str(data)}
    cmds: dict[str, Command | str] = {"floor": fixed(FLOOR, env)}
    for name in ("status", "speerpunten", "budget", "contributions", "check"):
        cmds[name] = fixed([*OPGAVE, name], shipped)
    for name, words, cword in (("opgave sta<TAB>", "opgave sta", "1"),
                               ("opgave sign ar<TAB>", "opgave sign ar", "2")):  # fmt: skip
        complete = {"_OPGAVE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
        cmds[name] = fixed(list(OPGAVE), {**shipped, **complete})
    results = measure(cmds, rounds)
    rows = [
        Row(f"start-up: {name}", name, "floor", "import floor", 1.0)
        for name in ("status", "speerpunten", "budget", "contributions", "check")
    ]
    rows += [
        Row(f"completion: {name}", name, "floor", "import floor", 0.4)
        for name in ("opgave sta<TAB>", "opgave sign ar<TAB>")
    ]
    return with_results(results, rows)


BUILDERS = {
    "ledger": ledger_rows,
    "pay": pay_rows,
    "status": status_rows,
    "contributions": contributions_rows,
    "log": log_rows,
    "startup": startup_rows,
}


def table(outcomes: list[dict[str, Any]]) -> str:
    lines = [
        f"{'row':36} {'median':>8} {'baseline':>9} {'ratio':>6}  {'target':<34} "
        f"{'memory':>9}  verdict"
    ]
    for o in outcomes:
        base = f"{o['baseline']:8.2f}s" if o.get("baseline") is not None else ""
        median = f"{o['median']:7.2f}s" if "median" in o else ""
        ratio = f"{o['ratio']:6.2f}" if "ratio" in o else ""
        peak = f"{o['peak_mib']:5.0f} MiB" if "peak_mib" in o else ""
        verdict = o["verdict"] + (f" ({o['note']})" if o.get("note") else "")
        lines.append(
            f"{o['name'][:36]:36} {median:>8} {base:>9} {ratio:>6}  {o['target']:<34} "
            f"{peak:>9}  {verdict}".rstrip()
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--startup-rounds", type=int, help="default: 3 times --rounds")
    parser.add_argument("--only", help=f"comma-separated groups of {', '.join(GROUPS)}")
    parser.add_argument("--work", type=Path, help="keep the generated data here, and reuse it")
    parser.add_argument("--cpu", action="store_true", help="compare CPU time, not wall time")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    parser.add_argument(
        "--uncached", action="store_true", help="also bean-check --no-cache (12 s a run here)"
    )
    args = parser.parse_args(argv)
    groups = args.only.split(",") if args.only else list(GROUPS)
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "OPGAVE_TODAY": TODAY}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
    env.pop("OPGAVE_DATA_DIR", None)
    started, load = time.perf_counter(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="opgave-scale-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        outcomes = []
        for group in groups:
            rounds = args.rounds
            if group == "startup":
                rounds = args.startup_rounds or 3 * args.rounds
            build = BUILDERS[group]
            if group == "ledger":
                build = functools.partial(ledger_rows, uncached=args.uncached)
            for row in build(work, env, rounds):
                outcomes.append({"group": group, **row.outcome(args.cpu)})
    took = time.perf_counter() - started
    if args.json:
        json.dump(
            {
                "rounds": args.rounds,
                "clock": "cpu" if args.cpu else "wall",
                "python": platform.python_version(),
                "cores": os.cpu_count(),
                "peers": peers.versions(),
                "seconds": round(took, 1),
                "load_average": [load[0], os.getloadavg()[0]],
                "rows": outcomes,
            },
            sys.stdout,
            indent=2,
        )
        print()
    else:
        print(table(outcomes))
        clock = "CPU" if args.cpu else "wall-clock"
        print(
            f"\n{clock} medians of {args.rounds} alternating rounds (start-up: "
            f"{args.startup_rounds or 3 * args.rounds}); memory: the largest peak RSS of a run; "
            f"{took:.0f} s in all."
        )
        baselines: dict[str, float] = {}
        for o in outcomes:
            if o.get("baseline_peak_mib") is not None:
                baselines.setdefault(o["baseline_name"], o["baseline_peak_mib"])
        if baselines:
            shown = ", ".join(f"{k} {v:.0f} MiB" for k, v in baselines.items())
            print(f"Peak memory of the baselines: {shown}.")
        print(f"Load average before and after: {load[0]:.1f}, {os.getloadavg()[0]:.1f}.")
        for name, version in peers.versions().items():
            print(f"{name}: {version.splitlines()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
