"""Ctrl-C (issue 13): SIGINT at a random moment of a run, start-up imports included,
ends the real console script with exit 130 and exactly ``opgave: error: interrupted``,
or, when it came after the run was done, leaves its normal result; never a traceback,
never a swallowed interrupt, and `sign` leaves the old or the new data file.

One moment is not covered, and cannot be from inside the program: Python's own
start-up (about 10 to 20 ms), before the first line of opgave runs. A Ctrl-C there
ends Python its own way (killed by SIGINT, or a KeyboardInterrupt traceback from
the interpreter's start-up, `site` or `runpy`); the random runs recognise that case
by its traceback, which then holds no frame of opgave beyond the package's import.
"""

from __future__ import annotations

import random
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from processes import OPGAVE, environment, project, run

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals"),
]

INTERRUPTED = "opgave: error: interrupted\n"
RUNS = 12  # per command
MAX_DELAY_S = 0.3
COMMANDS = {
    "status": ["status"],
    "check": ["check"],
    "sign": ["sign", "arnhem", "--date", "2023-02-01"],
}


def start(args: list[str], root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*OPGAVE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(root),
        cwd=root,
    )


FRAME = re.compile(r'File "([^"]*)", line \d+, in (\S+)')


def before_opgave(code: int, stdout: str, stderr: str) -> bool:
    """Whether a run ended as Python ends when Ctrl-C comes during its own start-up:
    killed by SIGINT (or exit 1 for a failed start-up) with nothing on stdout, and
    at most a traceback in which opgave has not got further than being imported."""
    if code not in (-signal.SIGINT, 1) or stdout:
        return False
    if stderr and not stderr.rstrip().endswith("KeyboardInterrupt"):
        return False
    ours = [(path, name) for path, name in FRAME.findall(stderr) if "opgave_cli" in path]
    return all(
        name == "<module>" and Path(path).name in ("__init__.py", "__main__.py")
        for path, name in ours
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_at_a_random_moment(tmp_path: Path, command: str) -> None:
    args = COMMANDS[command]
    reference_root = project(tmp_path / "reference")
    began = time.perf_counter()
    reference = run(args, reference_root)
    duration = time.perf_counter() - began
    assert (reference.code, reference.stderr) == (0, ""), str(reference)
    target = "gemeenten.yaml"
    signed_bytes = (reference_root / "data" / target).read_bytes()

    rng = random.Random(f"ctrl-c {command}")
    seen: Counter[str] = Counter()
    for i in range(RUNS):
        root = project(tmp_path / f"run{i}")
        before = (root / "data" / target).read_bytes()
        process = start(args, root)
        # Up to a little past the run's own length: most land inside it.
        time.sleep(rng.uniform(0, min(MAX_DELAY_S, 1.2 * duration)))
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        code, stdout, stderr = process.returncode, out.decode(), err.decode()
        after = (root / "data" / target).read_bytes()
        assert after in (before, signed_bytes), f"run {i}: the data file is neither old nor new"
        if code == 0:
            assert (stdout, stderr) == (reference.stdout, ""), f"run {i}: exit 0, cut short"
            assert command != "sign" or after == signed_bytes
            seen["finished"] += 1
        elif code == 130:
            assert stderr == INTERRUPTED, f"run {i}"
            assert reference.stdout.startswith(stdout), f"run {i}: not the start of the output"
            seen["interrupted"] += 1
        else:
            assert before_opgave(code, stdout, stderr), f"run {i}: exit {code}\n{stderr}"
            assert after == before
            seen["before opgave started"] += 1
    assert seen["interrupted"] > 0, seen


def test_ctrl_c_while_waiting_for_the_lock_leaves_the_data_alone(tmp_path: Path) -> None:
    from filelock import FileLock

    root = project(tmp_path)
    data = root / "data" / "gemeenten.yaml"
    before = data.read_bytes()
    files = {p.name for p in data.parent.iterdir()} | {".opgave.lock"}
    with FileLock(root / "data" / ".opgave.lock"):
        process = start(COMMANDS["sign"], root)
        time.sleep(1.0)  # imported, loaded and waiting for the lock by now
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert (process.returncode, out, err.decode()) == (130, b"", INTERRUPTED)
    assert data.read_bytes() == before
    assert {p.name for p in data.parent.iterdir()} == files  # no temporary file


def test_a_second_ctrl_c_still_gives_one_line(tmp_path: Path) -> None:
    from filelock import FileLock

    root = project(tmp_path)
    with FileLock(root / "data" / ".opgave.lock"):
        process = start(COMMANDS["sign"], root)
        time.sleep(1.0)
        process.send_signal(signal.SIGINT)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert (process.returncode, err.decode()) == (130, INTERRUPTED)


def test_ctrl_c_ignored_by_the_parent_stays_ignored(tmp_path: Path) -> None:
    """A job that a shell starts in the background ignores Ctrl-C; so does opgave then."""
    root = project(tmp_path)
    reference = run(["status"], root)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited through exec
    try:
        process = start(["status"], root)
    finally:
        signal.signal(signal.SIGINT, previous)
    time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out.decode(), err.decode()) == (0, reference.stdout, "")


def test_the_handler_is_in_place_before_anything_is_imported() -> None:
    """A Ctrl-C in the first ~15 ms printed a KeyboardInterrupt traceback about once in 60
    runs: it landed in entry.py's own `import signal` (issue #21). The handler is now the
    module's first statement, through the C module `_signal` that the interpreter has
    loaded before any code of ours runs: no import of ours can come before it."""
    import ast

    from conftest import ROOT

    tree = ast.parse((ROOT / "src" / "opgave_cli" / "entry.py").read_text(encoding="utf-8"))
    body = [
        n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
    ]
    kinds = [type(n).__name__ for n in body[:6]]
    assert kinds == ["ImportFrom", "Import", "Import", "Assign", "FunctionDef", "If"], kinds
    assert ast.unparse(body[0]) == "from __future__ import annotations"  # not an import
    assert [ast.unparse(n) for n in body[1:3]] == ["import _signal", "import os"]
    assert "_signal.signal(_signal.SIGINT, _interrupted)" in ast.unparse(body[5])
