"""Where a document goes (issue 13): `report -o`, `render -o` and `schema --out` replace
only regular files. A device, a FIFO or a link to one of our own streams is written
into, as a shell's `>` would; a socket or a disk is refused; nothing blocks for good.

Device nodes are made with mknod in the test's folder where the test would otherwise
have to trust the code with the real /dev/null and /dev/full (we run as root); where
the real ones are used, a guard fails the test before anything in /dev is replaced.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import TODAY, Run

NULL, FULL = (1, 3), (1, 7)  # Linux: the device numbers of /dev/null and /dev/full
ENV = {"OPGAVE_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "100"}


def device(path: Path, numbers: tuple[int, int], kind: int = stat.S_IFCHR) -> Path:
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        pytest.skip("making a device node needs root on Linux")
    os.mknod(path, kind | 0o666, os.makedev(*numbers))
    return path


@pytest.fixture
def dev_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, instead of replacing or removing, anything in /dev."""
    for name in ("replace", "rename", "unlink"):
        real = getattr(os, name)

        def guarded(*args: object, _real: object = real, **kwargs: object) -> object:
            for arg in args:
                assert not os.fsdecode(arg).startswith("/dev/"), f"touched {arg}"  # type: ignore[arg-type]
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(os, name, guarded)


def opgave(*args: str, cwd: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """`opgave ARGS` in its own process, so that a hang is a timeout, not a stuck test."""
    return subprocess.run(
        [sys.executable, "-m", "opgave_cli", *args],
        cwd=cwd,
        env={**os.environ, **ENV, "OPGAVE_DATA_DIR": str(cwd / "data")},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# --- stdout ------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["report", "render"])
def test_dash_is_stdout(command: str, run: Run, project: Path) -> None:
    expected = run(command).stdout
    result = run(command, "-o", "-")
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    assert not (project / "-").exists()


@pytest.mark.parametrize("target", ["/dev/stdout", "/proc/self/fd/1", "link-to-stdout"])
def test_a_name_for_our_own_stdout_is_stdout(
    target: str, run: Run, project: Path, dev_guard: None
) -> None:
    if not Path("/proc/self/fd/1").exists():
        pytest.skip("no /proc/self/fd on this platform")
    (project / "link-to-stdout").symlink_to("/dev/stdout")
    expected = run("report").stdout
    result = run("report", "-o", target)
    assert (result.exit_code, result.stdout, result.stderr) == (0, expected, "")
    assert (project / "link-to-stdout").is_symlink()
    assert Path("/dev/stdout").is_symlink()


# --- devices -----------------------------------------------------------------------


def test_dev_null_is_written_into(run: Run, dev_guard: None) -> None:
    if not Path("/dev/null").is_char_device():
        pytest.skip("no /dev/null")
    result = run("report", "-o", "/dev/null")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Wrote /dev/null\n")
    assert Path("/dev/null").is_char_device()


def test_dev_full_is_one_line(run: Run, dev_guard: None) -> None:
    if not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full")
    for command in (["report"], ["render"]):
        result = run(*command, "-o", "/dev/full")
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            "opgave: error: /dev/full: cannot write (No space left on device)\n",
        )
    assert Path("/dev/full").is_char_device()


def test_a_device_node_is_written_into_not_replaced(run: Run, project: Path) -> None:
    null = device(project / "null", NULL)
    full = device(project / "full", FULL)
    result = run("render", "-o", "null")
    assert (result.exit_code, result.stderr) == (0, "Wrote null\n")
    result = run("report", "-o", "full")
    assert (result.exit_code, result.stderr) == (
        1,
        "opgave: error: full: cannot write (No space left on device)\n",
    )
    assert null.is_char_device() and full.is_char_device()
    assert sorted(p.name for p in project.iterdir()) == ["data", "full", "null"]


def test_a_block_device_is_refused(run: Run, project: Path) -> None:
    disk = device(project / "disk", (7, 0), stat.S_IFBLK)  # a loop device
    result = run("report", "-o", "disk")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: disk: is a block device, not a file; nothing was written\n",
    )
    assert disk.is_block_device()


def test_a_socket_is_refused(run: Run, project: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("sock")
        result = run("report", "-o", "sock")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: sock: is a socket, not a file; nothing was written\n",
    )
    assert (project / "sock").is_socket()


# --- FIFOs: never block for good ------------------------------------------------------


def test_a_fifo_without_a_reader_is_one_line_not_a_hang(project: Path) -> None:
    os.mkfifo(project / "pipe")
    for command in (["report"], ["render"]):
        start = time.monotonic()
        result = opgave(*command, "-o", "pipe", cwd=project)
        assert time.monotonic() - start < 10
        assert (result.returncode, result.stdout, result.stderr) == (
            1,
            "",
            "opgave: error: pipe: no program is reading from this FIFO; nothing was written\n",
        )
    assert stat.S_ISFIFO((project / "pipe").lstat().st_mode)


def test_a_fifo_with_a_reader_gets_the_document(project: Path) -> None:
    fifo = project / "pipe"
    os.mkfifo(fifo)
    expected = opgave("report", cwd=project).stdout
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, before the writer
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "opgave_cli", "report", "-o", "pipe"],
            cwd=project,
            env={**os.environ, **ENV, "OPGAVE_DATA_DIR": str(project / "data")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        received = read_until_closed(reader, process, deadline=time.monotonic() + 20)
        stdout, stderr = process.communicate(timeout=20)
    finally:
        os.close(reader)
    assert (process.returncode, stdout, stderr) == (0, "", "Wrote pipe\n")
    assert received.decode("utf-8") == expected
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def read_until_closed(fd: int, process: subprocess.Popen[str], deadline: float) -> bytes:
    """Everything written to the FIFO ``fd`` until the writer has ended."""
    chunks: list[bytes] = []
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:  # a writer, nothing written yet
            time.sleep(0.005)
            continue
        if chunk:
            chunks.append(chunk)
        elif process.poll() is not None:  # no writer, and it has ended: all read
            return b"".join(chunks)
        else:
            time.sleep(0.005)
    raise AssertionError("the writer never finished")


# --- links and regular files --------------------------------------------------------


def test_a_link_to_a_regular_file_is_kept_and_its_target_replaced(run: Run, project: Path) -> None:
    (project / "docs").mkdir()
    target = project / "docs" / "report.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    link = project / "report.md"
    link.symlink_to("docs/report.md")
    result = run("report", "-o", "report.md")
    assert (result.exit_code, result.stderr) == (0, "Wrote report.md\n")
    assert link.is_symlink() and link.readlink() == Path("docs/report.md")
    assert target.read_text(encoding="utf-8") == run("report").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["report.md"]


def test_a_dangling_link_gets_its_target_created(run: Run, project: Path) -> None:
    (project / "docs").mkdir()
    link = project / "agreement.txt"
    link.symlink_to("docs/agreement.txt")
    result = run("render", "-o", "agreement.txt")
    assert (result.exit_code, result.stderr) == (0, "Wrote agreement.txt\n")
    assert link.is_symlink()
    assert (project / "docs" / "agreement.txt").read_text(encoding="utf-8") == run("render").stdout


def test_a_link_loop_is_one_line(run: Run, project: Path) -> None:
    (project / "loop").symlink_to("loop")
    result = run("report", "-o", "loop")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: loop: cannot write (Too many levels of symbolic links)\n",
    )
    assert (project / "loop").is_symlink()


def test_a_regular_file_is_replaced_keeping_its_mode(run: Run, project: Path) -> None:
    out = project / "report.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert run("report", "-o", "report.md").exit_code == 0
    assert out.read_text(encoding="utf-8") == run("report").stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_mode(run: Run, project: Path) -> None:
    with umask(0o022):
        assert run("report", "-o", "new.md").exit_code == 0
    assert stat.S_IMODE((project / "new.md").stat().st_mode) == 0o644


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


# --- schema --out -------------------------------------------------------------------


def test_schema_out_writes_into_a_fifo_or_device_too(project: Path) -> None:
    out = project / "out"
    out.mkdir()
    os.mkfifo(out / "agreement.schema.json")
    result = opgave("schema", "--out", "out", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: out/agreement.schema.json: no program is reading from this FIFO; "
        "nothing was written\n",
    )
    assert stat.S_ISFIFO((out / "agreement.schema.json").lstat().st_mode)


def test_schema_out_a_device_node(run: Run, project: Path) -> None:
    out = project / "out"
    out.mkdir()
    device(out / "agreement.schema.json", NULL)
    device(out / "gemeenten.schema.json", FULL)
    result = run("schema", "--out", "out")
    # The files are written first and listed after: here the second one fails.
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "opgave: error: out/gemeenten.schema.json: cannot write (No space left on device)\n",
    )
    assert (out / "agreement.schema.json").is_char_device()
    assert (out / "gemeenten.schema.json").is_char_device()


def test_schema_out_must_be_a_folder(run: Run, project: Path, dev_guard: None) -> None:
    (project / "file").write_text("x", encoding="utf-8")
    for folder in ("file", "/dev/null"):
        result = run("schema", "--out", folder)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"opgave: error: {folder}: is not a folder; nothing was written\n",
        )
    assert (project / "file").read_text(encoding="utf-8") == "x"
    result = run("schema", "--out", "-")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "opgave: error: --out names a folder for two files; it cannot be - (stdout)\n",
    )
