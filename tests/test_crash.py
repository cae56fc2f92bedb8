"""Crash safety (issue 7): `opgave sign` killed with SIGKILL at a random moment never
leaves a broken data file, only the old or the new signature, and the lock it held
never blocks the next run (the operating system releases a flock when its holder dies).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA, TODAY
from opgave_cli.loader import load_all

RUNS = 40
MAX_DELAY_S = 0.3
DATES = ["2023-02-01", "2023-02-02", "2023-03-15", "2023-05-31"]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def signatures(data_dir: Path) -> dict[str, date | None]:
    """Every party's signature date, from data that must be valid."""
    loaded = load_all(data_dir, date.fromisoformat(TODAY))
    errors = [p for p in loaded.problems if p.severity == "error"]
    assert not errors, f"the data no longer validates: {errors[0]}"
    assert loaded.agreement is not None and loaded.gemeenten is not None
    out = {g.slug: (g.signature.date if g.signature else None) for g in loaded.gemeenten.gemeenten}
    counter = loaded.agreement.counterparty
    out[counter.slug] = counter.signature.date if counter.signature else None
    return out


def sign(slug: str, on: str, data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "opgave_cli", "sign", slug, "--date", on, "--force"],
        env={**os.environ, "OPGAVE_TODAY": TODAY, "OPGAVE_DATA_DIR": str(data_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(slug: str, on: str, data_dir: Path) -> float:
    """Run a sign to the end; it must not wait for a lock that a dead process held."""
    start = time.perf_counter()
    process = sign(slug, on, data_dir)
    _, stderr = process.communicate(timeout=20)
    elapsed = time.perf_counter() - start
    assert process.returncode == 0, stderr.decode()
    return elapsed


@pytest.mark.slow
def test_sign_killed_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    rng = random.Random(20230201)
    parties = list(signatures(data_dir))
    outcomes = {"killed, unchanged": 0, "killed, written": 0, "finished": 0}

    for run in range(RUNS):
        slug = parties[run % len(parties)]
        target = data_dir / ("agreement.yaml" if slug == "gmr" else "gemeenten.yaml")
        before_bytes = target.read_bytes()
        before = signatures(data_dir)
        new = rng.choice([d for d in DATES if date.fromisoformat(d) != before[slug]])

        process = sign(slug, new, data_dir)
        time.sleep(rng.uniform(0, MAX_DELAY_S))
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        _, stderr = process.communicate(timeout=20)
        assert b"Traceback" not in stderr

        after = signatures(data_dir)  # the file parses and validates
        assert after[slug] in (before[slug], date.fromisoformat(new)), (run, slug)
        assert {k: v for k, v in after.items() if k != slug} == {
            k: v for k, v in before.items() if k != slug
        }
        after_bytes = target.read_bytes()
        if after_bytes != before_bytes:
            # Exactly the party's signature line changed: the whole new file, not a part.
            changed = [
                (old, new_line)
                for old, new_line in zip(
                    before_bytes.splitlines(), after_bytes.splitlines(), strict=True
                )
                if old != new_line
            ]
            assert len(changed) == 1 and b"signature:" in changed[0][1], changed
        if finished:
            assert process.returncode == 0, stderr.decode()
            outcomes["finished"] += 1
        else:
            outcomes["killed, written" if after_bytes != before_bytes else "killed, unchanged"] += 1

        if run % 8 == 7:
            # A left-over lock file (and any temporary file) does not block the next run.
            assert finish(slug, DATES[0] if new != DATES[0] else DATES[1], data_dir) < 10

    # A last run of each file finishes promptly and clears what killed runs left behind.
    assert finish("arnhem", "2023-04-04", data_dir) < 10
    assert finish("gmr", "2023-04-04", data_dir) < 10
    assert not [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    after = signatures(data_dir)
    assert after["arnhem"] == after["gmr"] == date(2023, 4, 4)
    print(f"\n{RUNS} runs of opgave sign, killed after 0-{MAX_DELAY_S * 1000:.0f} ms: {outcomes}")


# Runs `opgave ARGS...` with os.NAME stopped (before or after it does its work): it
# touches a marker file and sleeps, so that the test can kill it right there.
STOP_AT = """
import os, sys, time

name, when, marker = sys.argv[1:4]
import opgave_cli.store.files as files
module = files if name == "exchange" else os  # the rename that swaps (Linux), or os's
real = getattr(module, name)

def stop(*args, **kwargs):
    if when == "after":
        real(*args, **kwargs)
    open(marker, "w").close()
    time.sleep(60)

setattr(module, name, stop)
sys.argv = ["opgave", *sys.argv[4:]]
from opgave_cli.cli import main
main()
"""


SIGN_ARNHEM = ["sign", "arnhem", "--date", "2023-02-01"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "when", "written"),
    [
        ("fsync", "before", False),  # the temporary file written, not yet on disk
        ("exchange", "before", False),  # the temporary file complete, not yet swapped in
        ("exchange", "after", True),  # swapped, the displaced file not yet removed
    ],
)
def test_sign_killed_at_each_step_of_the_write(
    name: str, when: str, written: bool, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    path = data_dir / "gemeenten.yaml"
    before = path.read_bytes()
    marker = tmp_path / "stopped"
    process = subprocess.Popen(
        [sys.executable, "-c", STOP_AT, name, when, str(marker), *SIGN_ARNHEM],
        env={**os.environ, "OPGAVE_TODAY": TODAY, "OPGAVE_DATA_DIR": str(data_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not marker.exists():
        assert process.poll() is None, "opgave sign ended before the step"
        assert time.monotonic() < deadline, "opgave sign never reached the step"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=20)

    assert signatures(data_dir)["arnhem"] == (date(2023, 2, 1) if written else None)
    if not written:
        assert path.read_bytes() == before
        assert [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")]  # left behind
    # The lock the killed process held is free, and its temporary file is cleared.
    assert finish("arnhem", "2023-02-02", data_dir) < 10
    assert signatures(data_dir)["arnhem"] == date(2023, 2, 2)
    assert not [p.name for p in data_dir.iterdir() if p.name.endswith(".tmp")]
