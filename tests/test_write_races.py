"""What a write must not destroy (issue 13): a data file that is a symlink stays one, its
owner is kept, a change that another program made while `opgave` was writing is never
thrown away, and a lock file left by another user never blocks a writer.

The cases that need a user other than root run `opgave` in a forked child that has
dropped to `nobody` (uid 65534) with os.setuid: the interpreter may live where `nobody`
cannot run it (under /root), so the child is forked from this process, with every
module it needs already imported, rather than started with subprocess's ``user=``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DATA, TODAY, Result, Run
from opgave_cli.cli import app
from opgave_cli.loader import load

NOBODY = 65534
DAEMON = 1
SIGN = ("sign", "arnhem", "--date", "2023-02-01")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (to act as other users)")


def arnhem(data_dir: Path) -> date | None:
    _, gemeenten = load(data_dir, date.fromisoformat(TODAY))
    signature = gemeenten.gemeenten[0].signature
    return signature.date if signature else None


# --- a data file that is a symlink --------------------------------------------------


def test_a_data_file_that_is_a_symlink_stays_one(run: Run, project: Path) -> None:
    real = project / "elsewhere"
    real.mkdir()
    data = project / "data"
    (data / "gemeenten.yaml").rename(real / "gemeenten.yaml")
    (data / "gemeenten.yaml").symlink_to("../elsewhere/gemeenten.yaml")
    before = (real / "gemeenten.yaml").read_text(encoding="utf-8")
    (real / "gemeenten.yaml").chmod(0o640)

    result = run(*SIGN)
    assert result.exit_code == 0, result.stderr
    assert (data / "gemeenten.yaml").is_symlink()
    assert (data / "gemeenten.yaml").readlink() == Path("../elsewhere/gemeenten.yaml")
    assert (real / "gemeenten.yaml").read_text(encoding="utf-8") == before.replace(
        "signature: null", "signature: {date: 2023-02-01}", 1
    )
    assert stat.S_IMODE((real / "gemeenten.yaml").stat().st_mode) == 0o640
    assert sorted(p.name for p in real.iterdir()) == ["gemeenten.yaml"]  # no temporary file
    assert sorted(p.name for p in data.iterdir()) == [
        ".gitattributes",  # data/ as shipped
        ".gitignore",
        ".opgave.lock",
        "agreement.yaml",
        "gemeenten.yaml",
        "payments.yaml",
    ]
    assert run("unsign", "arnhem").exit_code == 0
    assert (data / "gemeenten.yaml").is_symlink()
    assert (real / "gemeenten.yaml").read_text(encoding="utf-8") == before


@needs_root
def test_the_owner_and_group_of_a_data_file_are_kept(run: Run, data_dir: Path) -> None:
    path = data_dir / "gemeenten.yaml"
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o600)
    assert run(*SIGN).exit_code == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o600)
    assert arnhem(data_dir) == date(2023, 2, 1)


# --- a change made by another program while opgave writes ---------------------------

CHANGED = (
    "opgave: error: data/gemeenten.yaml changed on disk while opgave was writing it; "
    "nothing was written, run the command again\n"
)
EDITOR = "# added by an editor\n"


def editor_saves(path: Path) -> None:
    """What an editor does on save: a new file renamed over the old one."""
    fresh = path.with_name(".editor-save")
    fresh.write_bytes(path.read_bytes() + EDITOR.encode())
    fresh.replace(path)


def edited_in_place(path: Path) -> None:
    """What another kind of program does: the same file opened and written into."""
    with path.open("ab") as fh:
        fh.write(EDITOR.encode())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RENAME_EXCHANGE is Linux's")
@pytest.mark.parametrize("how", [edited_in_place, editor_saves], ids=["in-place", "saved-as-new"])
def test_an_edit_in_the_moment_before_the_rename_survives(
    how: Callable[[Path], None], run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit made after the last check and before the rename was overwritten every time
    (issue #21): the rename now swaps the two files in one step and reads what it
    displaced; the other program's edit is swapped back, and nothing of either is lost."""
    import opgave_cli.store.files as files

    path = data_dir / "gemeenten.yaml"
    before = path.read_text(encoding="utf-8")
    real = files.exchange
    calls = []

    def meddling(first: Any, second: Any) -> bool:
        calls.append(second)
        if len(calls) == 1:  # just before the swap into place (not the swap back)
            how(path)
        return real(first, second)

    with monkeypatch.context() as patch:
        patch.setattr(files, "exchange", meddling)
        result = run(*SIGN)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", CHANGED)
    assert path.read_text(encoding="utf-8") == before + EDITOR  # their edit, whole
    assert not [p.name for p in data_dir.iterdir() if p.name.endswith((".tmp", ".kept"))]
    assert run(*SIGN).exit_code == 0  # run again: both changes kept
    assert path.read_text(encoding="utf-8") == (
        before.replace("signature: null", "signature: {date: 2023-02-01}", 1) + EDITOR
    )


@pytest.mark.parametrize(
    ("module", "name", "call"),
    [
        ("opgave_cli.store", "load_all", 2),  # while the edit is validated
        ("tempfile", "mkstemp", 1),  # as the temporary file is created
        ("os", "fsync", 1),  # just before the replace
    ],
)
def test_a_change_on_disk_during_the_write_is_not_thrown_away(
    module: str, name: str, call: int, run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    path = data_dir / "gemeenten.yaml"
    before = path.read_text(encoding="utf-8")
    target = importlib.import_module(module)
    real = getattr(target, name)
    calls = 0

    def meddling(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == call:
            editor_saves(path)
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:  # (undo() would also undo the fixture's chdir)
        patch.setattr(target, name, meddling)
        result = run(*SIGN)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", CHANGED)
    assert path.read_text(encoding="utf-8") == before + EDITOR
    assert sorted(p.name for p in data_dir.iterdir()) == [
        ".gitattributes",  # data/ as shipped
        ".gitignore",
        ".opgave.lock",
        "agreement.yaml",
        "gemeenten.yaml",
        "payments.yaml",
    ]
    assert run(*SIGN).exit_code == 0  # run again: both changes kept
    assert path.read_text(encoding="utf-8") == (
        before.replace("signature: null", "signature: {date: 2023-02-01}", 1) + EDITOR
    )


def test_a_byte_order_mark_added_meanwhile_is_a_change_too(
    run: Run, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "gemeenten.yaml"
    before = path.read_bytes()
    real = os.fsync

    def add_bom(fd: int) -> None:
        if not path.read_bytes().startswith(b"\xef\xbb\xbf"):
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        real(fd)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", add_bom)
        result = run(*SIGN)
    assert (result.exit_code, result.stderr) == (1, CHANGED)
    assert path.read_bytes() == b"\xef\xbb\xbf" + before


# --- the lock file ------------------------------------------------------------------


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_the_lock_file_is_made_as_the_umask_says(
    mask: int, mode: int, run: Run, data_dir: Path
) -> None:
    with umask(mask):
        assert run(*SIGN).exit_code == 0
    assert stat.S_IMODE((data_dir / ".opgave.lock").stat().st_mode) == mode


@pytest.fixture
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the data in a folder that `nobody` can reach and owns."""
    if os.geteuid() != 0:
        pytest.skip("needs root (to act as other users)")
    top = Path(tempfile.mkdtemp(prefix="opgave-shared-"))
    top.chmod(0o755)
    data = top / "data"
    shutil.copytree(DATA, data)
    for path in (data, *data.iterdir()):
        os.chown(path, NOBODY, NOBODY)
    yield data
    shutil.rmtree(top)


def warm_up(args: tuple[str, ...], data_dir: Path) -> None:
    """Import everything the command needs while we may still read the interpreter's
    files (a dry run, as root)."""
    env = {"OPGAVE_TODAY": TODAY, "OPGAVE_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    result = CliRunner().invoke(app, [*args, "--dry-run"], env=env)
    assert result.exit_code == 0, result.stderr


def as_user(
    uid: int, args: tuple[str, ...], data_dir: Path, close: tuple[int, ...] = ()
) -> Callable[[], Result]:
    """Start `opgave ARGS` in a forked child running as ``uid``; the returned function
    waits for it and gives its result. The child closes the file descriptors ``close``
    (a lock the test holds, which the fork would otherwise share with it); a test that
    holds the lock warms up before it takes it."""
    env = {"OPGAVE_TODAY": TODAY, "OPGAVE_DATA_DIR": str(data_dir), "NO_COLOR": "1"}
    if not close:
        warm_up(args, data_dir)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            for fd in (read_end, *close):
                os.close(fd)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            result = CliRunner().invoke(app, list(args), env=env)
            out = json.dumps([result.exit_code, result.stdout, result.stderr]).encode()
            with os.fdopen(write_end, "wb") as fh:
                fh.write(out)
        finally:
            os._exit(0)
    os.close(write_end)

    def wait() -> Result:
        with os.fdopen(read_end, "rb") as fh:
            payload = fh.read()
        os.waitpid(pid, 0)
        code, stdout, stderr = json.loads(payload)
        return Result(code, stdout, stderr)

    return wait


def test_a_lock_file_only_root_can_open_does_not_block_another_user(shared: Path) -> None:
    lock = shared / ".opgave.lock"
    lock.touch(mode=0o600)  # left over by a root run with umask 077
    assert (lock.stat().st_uid, stat.S_IMODE(lock.stat().st_mode)) == (0, 0o600)
    result = as_user(NOBODY, SIGN, shared)()
    assert (result.exit_code, result.stderr) == (0, "")
    assert arnhem(shared) == date(2023, 2, 1)
    assert lock.stat().st_uid == NOBODY  # replaced by one that both can open
    assert not [p.name for p in shared.iterdir() if p.name.endswith(".tmp")]


def test_a_lock_file_of_another_user_that_we_may_read_is_used_as_it_is(shared: Path) -> None:
    lock = shared / ".opgave.lock"
    lock.touch(mode=0o644)
    os.chown(lock, DAEMON, DAEMON)
    inode = lock.stat().st_ino
    result = as_user(NOBODY, SIGN, shared)()
    assert (result.exit_code, result.stderr) == (0, "")
    assert arnhem(shared) == date(2023, 2, 1)
    assert (lock.stat().st_ino, lock.stat().st_uid) == (inode, DAEMON)


def test_replacing_a_lock_file_waits_for_whoever_holds_it(shared: Path) -> None:
    """Root holds the lock on a file that `nobody` cannot open: `nobody` puts a new lock
    file in its place, but writes only once root has let go of the old one."""
    lock = shared / ".opgave.lock"
    lock.touch(mode=0o600)
    path = shared / "gemeenten.yaml"
    before = path.read_bytes()
    warm_up(SIGN, shared)
    held = os.open(lock, os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        wait = as_user(NOBODY, SIGN, shared, close=(held,))
        deadline = time.monotonic() + 10
        while lock.stat().st_uid != NOBODY:  # the new lock file is in place
            assert time.monotonic() < deadline, "the lock file was never replaced"
            time.sleep(0.01)
        time.sleep(0.5)
        assert path.read_bytes() == before  # still waiting for root
    finally:
        os.close(held)
    result = wait()
    assert (result.exit_code, result.stderr) == (0, "")
    assert arnhem(shared) == date(2023, 2, 1)


def test_a_lock_file_we_cannot_open_in_a_folder_we_cannot_write(shared: Path) -> None:
    lock = shared / ".opgave.lock"
    lock.touch(mode=0o600)
    os.chown(shared, 0, 0)
    os.chown(shared / "gemeenten.yaml", 0, 0)
    before = (shared / "gemeenten.yaml").read_bytes()
    result = as_user(NOBODY, SIGN, shared)()
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"opgave: error: {lock}: cannot open the lock file (Permission denied); "
        "it belongs to uid 0, and this folder is not writable to replace it\n"
    )
    assert (shared / "gemeenten.yaml").read_bytes() == before


@pytest.mark.parametrize("lock_file", [False, True], ids=["no-lock-file", "a-lock-file"])
def test_a_read_only_data_folder_is_one_clear_line_and_nothing_changes(lock_file: bool) -> None:
    """As a user who cannot write the folder: `nobody` when the tests run as root (who may
    write anywhere), else the user running them. Without a lock file the lock cannot be
    made; with one (left by an earlier run) the data file cannot be replaced."""
    top = Path(tempfile.mkdtemp(prefix="opgave-read-only-"))
    top.chmod(0o755)
    data = top / "data"
    shutil.copytree(DATA, data)
    root = os.geteuid() == 0
    if root:
        warm_up(SIGN, data)  # as root, before the folder is read-only
    (data / ".opgave.lock").unlink(missing_ok=True)
    if lock_file:
        (data / ".opgave.lock").touch(mode=0o666)
        (data / ".opgave.lock").chmod(0o666)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    data.chmod(0o555)
    try:
        if root:
            with open(os.devnull) as devnull:  # noqa: PTH123 - a descriptor to close: no warm-up
                result = as_user(NOBODY, SIGN, data, close=(devnull.fileno(),))()
        else:
            env = {"OPGAVE_TODAY": TODAY, "OPGAVE_DATA_DIR": str(data), "NO_COLOR": "1"}
            done = CliRunner().invoke(app, list(SIGN), env=env)
            result = Result(done.exit_code, done.stdout, done.stderr)
        after = {p.name: p.read_bytes() for p in data.iterdir()}
    finally:
        data.chmod(0o755)
        shutil.rmtree(top)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"opgave: error: {data}/gemeenten.yaml: cannot write (Permission denied); the file "
        "is unchanged\n"
        if lock_file
        else f"opgave: error: {data}/.opgave.lock: cannot create the lock file (Permission "
        "denied); is the data folder writable?\n"
    )
    assert after == before


# --- a write of two files (sign --from with the counterparty) ---------------------------


def test_a_change_to_the_second_file_leaves_the_first_unwritten_too(
    run: Run, project: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both files are checked before either is replaced: "every row in one write, or nothing"."""
    from opgave_cli.loader import load_all as real

    rows = project / "rows.csv"
    rows.write_text("party,date\ngmr,2023-02-01\narnhem,2023-02-01\n", encoding="utf-8")
    agreement = (data_dir / "agreement.yaml").read_bytes()
    gemeenten = data_dir / "gemeenten.yaml"
    calls = 0

    def meddling(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:  # while the edits are validated, before any file is replaced
            editor_saves(gemeenten)
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr("opgave_cli.store.load_all", meddling)
        result = run("sign", "--from", str(rows))
    assert (result.exit_code, result.stderr) == (1, CHANGED)
    assert (data_dir / "agreement.yaml").read_bytes() == agreement
    assert gemeenten.read_text(encoding="utf-8").endswith(EDITOR)


def test_a_failure_after_the_first_file_landed_says_what_was_written(
    run: Run, project: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import opgave_cli.store as store

    rows = project / "rows.csv"
    rows.write_text("party,date\ngmr,2023-02-01\narnhem,2023-02-01\n", encoding="utf-8")
    real = store.write_atomic

    def second_fails(path: Path, text: str, *, expected: str | None = None) -> None:
        if path.name == "gemeenten.yaml":
            editor_saves(path)
        real(path, text, expected=expected)

    with monkeypatch.context() as patch:
        patch.setattr(store, "write_atomic", second_fails)
        result = run("sign", "--from", str(rows))
    assert result.exit_code == 1
    # Not "nothing was written, run the command again": agreement.yaml was, and the
    # same rows again would find the countersignature recorded.
    assert result.stderr == (
        "opgave: error: data/agreement.yaml was written, but not the rest: "
        "data/gemeenten.yaml changed on disk while opgave was writing it\n"
    ), result.stderr
