"""Headless Chromium for the tests of the HTML pages: a recording proxy that answers
nothing (so any request the page makes is seen), and a run of the browser on a file."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Recorder(BaseHTTPRequestHandler):
    """A proxy that answers nothing and remembers every request the browser makes."""

    seen: ClassVar[list[str]] = []

    def _record(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.end_headers()

    do_GET = do_POST = do_CONNECT = do_HEAD = _record

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    seen: ClassVar[list[str]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def browser_own(request: str) -> bool:
    """Chromium's own background calls (clock, component updates), which even
    --disable-background-networking does not silence; not the page's."""
    host = re.sub(r"^\w+ (https?://)?([^/:]+).*$", r"\2", request)
    return host.endswith((".google.com", ".googleapis.com", ".gstatic.com"))


def chromium(page: Path, proxy_url: str, *extra: str) -> str:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                f"--proxy-server={proxy_url}", "--proxy-bypass-list=<-loopback>",
                *extra, page.as_uri(),
            ],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out.stdout
