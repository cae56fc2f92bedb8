"""Fetching the counts from CBS's API: a GET with a timeout and a size cap, redirects and
next pages only on the same server, every failure one line. (Apart from ``cbs``, which
reads the responses, so that reading a saved response never imports urllib.request,
http.client and email.)"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from http.client import HTTPException, HTTPMessage
from typing import IO
from urllib.request import Request

from .. import __version__
from ..domain.counts import (
    SINCE,
    TABLE,
    CbsError,
    Cell,
    Observations,
    TableInfo,
    first_of_january,
)
from ..errors import UsageError
from ..i18n import _
from .cbs import (
    MAX_BYTES,
    MAX_PAGES,
    TIMEOUT,
    json_excerpt,
    load_payload,
    observations_filter,
    parse_periods,
    parse_properties,
    read_page,
    require_population,
)

BASE_URL = "https://datasets.cbs.nl/odata/v1/CBS"
DEADLINE = 180.0  # seconds for the whole fetch: every request, every page, every byte
_NAME = re.compile(r"[A-Za-z0-9]{1,32}")  # table ids and region codes: nothing to quote


@dataclass(frozen=True)
class Fetched:
    """Everything :func:`fetch` read, with the URLs in the order they were requested."""

    observations: Observations
    table: TableInfo
    periods: dict[date, str]  # 1 January of the year -> "Definitief" / "Voorlopig"
    urls: tuple[str, ...]


def fetch(
    *,
    base_url: str = BASE_URL,
    table: str = TABLE,
    codes: Iterable[str],
    since: date = SINCE,
    timeout: float = TIMEOUT,
    max_pages: int = MAX_PAGES,
    max_bytes: int = MAX_BYTES,
    deadline: float = DEADLINE,
) -> Fetched:
    """Fetch the counts of ``codes`` from 1 January of ``since``'s year on, with the
    table's properties and period statuses. The rows are checked as in
    :func:`parse_observations`, whatever the server did with the filter. ``timeout``
    bounds each wait for the server; ``deadline`` the whole fetch, however the server
    drips its answer (a byte a second, headers without end, endless 100 Continue)."""
    with _Deadline(deadline) as clock:
        return _fetch(base_url, table, codes, since, clock, timeout, max_pages, max_bytes)


def _fetch(
    base_url: str,
    table: str,
    codes: Iterable[str],
    since: date,
    clock: _Deadline,
    timeout: float,
    max_pages: int,
    max_bytes: int,
) -> Fetched:
    if isinstance(codes, str):
        raise UsageError(
            _("codes must be a list of CBS codes, not the text {text}").format(text=repr(codes))
        )
    wanted = list(dict.fromkeys(code.strip() for code in codes))
    for name in (table, *wanted):
        if not _NAME.fullmatch(name):
            raise UsageError(
                _("{name} is not a CBS table id or region code").format(name=repr(name))
            )
    if not wanted:
        raise UsageError(_("no CBS region codes to fetch"))
    first_of_january(since)
    base = base_url.rstrip("/")
    origin = url_origin(base)
    if origin[0] not in ("http", "https") or not origin[1]:
        raise UsageError(_("{url} is not an http(s) URL").format(url=repr(base_url)))
    root = f"{base}/{table}"
    urls = [f"{root}/Properties", f"{root}/PeriodenCodes"]
    info = parse_properties(get_json(urls[0], clock.wait(timeout), max_bytes), source=urls[0])
    periods = parse_periods(get_json(urls[1], clock.wait(timeout), max_bytes), source=urls[1])
    query = urllib.parse.quote(observations_filter(wanted, since), safe="")
    first = f"{root}/Observations?$filter={query}"
    url: str | None = first
    counts: dict[str, dict[date, Cell]] = {}
    found = 0
    while url is not None:
        if len(urls) - 2 >= max_pages:
            raise CbsError(
                _("{url}: more than {count} pages of observations").format(
                    url=first, count=max_pages
                )
            )
        if url in urls:
            raise CbsError(
                _("{url}: @odata.nextLink goes back to {target}").format(url=urls[-1], target=url)
            )
        urls.append(url)
        rows, link = read_page(get_json(url, clock.wait(timeout), max_bytes), counts, url)
        found += rows
        url = None if link is None else next_url(url, link, origin)
    source = f"CBS {table}"
    require_population(found, counts, source)
    return Fetched(Observations(source, counts), info, periods, tuple(urls))


class DeadlinePassed(Exception):
    """The whole fetch took longer than its deadline (raised by the alarm)."""


class _Deadline:
    """A deadline for everything inside the ``with`` block. Where the system has an alarm
    (POSIX, the main thread) it interrupts whatever waits when the time is up, a socket
    read that a server feeds a byte at a time included; elsewhere each wait is at most
    the time that is left, which bounds every wait but not a server that keeps
    answering just in time. Either way the block ends with a one-line CbsError."""

    def __init__(self, seconds: float) -> None:
        import time

        self.seconds = seconds
        self._time = time.monotonic
        self.end = self._time() + seconds
        self._previous: object = None

    def wait(self, timeout: float) -> float:
        """The longest a single wait may take now."""
        left = self.end - self._time()
        if left <= 0:
            raise DeadlinePassed
        return min(timeout, left)

    def __enter__(self) -> _Deadline:
        import signal
        import threading

        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGALRM, self._alarm)
            signal.setitimer(signal.ITIMER_REAL, max(self.seconds, 0.001))
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        import signal

        if self._previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)  # type: ignore[arg-type]
        if isinstance(error, DeadlinePassed) or (
            isinstance(error, CbsError) and self._time() >= self.end
        ):
            raise CbsError(
                _("CBS did not answer in full within {seconds} s; nothing was written").format(
                    seconds=f"{self.seconds:g}"
                )
            ) from None

    def _alarm(self, signum: int, frame: object) -> None:
        raise DeadlinePassed


def url_origin(url: str) -> tuple[str, str]:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return ("", "")
    return (parts.scheme.lower(), parts.netloc.lower())


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only on the same scheme and host: like a nextLink, it must
    not take our request, and our trust in the answer, to another server."""

    def redirect_request(
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> Request | None:
        if url_origin(newurl) != url_origin(req.full_url):
            fp.close()
            raise CbsError(
                _("{url}: HTTP {code} redirects to another server: {target}").format(
                    url=req.full_url, code=code, target=newurl
                )
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def get_json(url: str, timeout: float, max_bytes: int) -> object:
    """GET ``url`` and parse it as JSON; every failure becomes one line naming the URL."""
    request = Request(
        url, headers={"User-Agent": f"opgave/{__version__}", "Accept": "application/json"}
    )
    try:
        opener = urllib.request.build_opener(_SameOrigin())  # proxies as set now
        with opener.open(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise CbsError(
            _("{url}: HTTP {code} {reason}").format(url=url, code=error.code, reason=error.reason)
        ) from None
    except urllib.error.URLError as error:
        raise CbsError(f"{url}: {_network(error.reason, timeout)}") from None
    except (OSError, HTTPException, ValueError) as error:
        raise CbsError(f"{url}: {_network(error, timeout)}") from None
    if len(body) > max_bytes:
        raise CbsError(
            _("{url}: the response is larger than {count} bytes").format(url=url, count=max_bytes)
        )
    return load_payload(body, url)


def _network(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return _("no answer within {seconds} s").format(seconds=f"{timeout:g}")
    if isinstance(reason, ConnectionRefusedError):
        return _("connection refused")
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def next_url(url: str, link: object, origin: tuple[str, str]) -> str:
    if not isinstance(link, str):
        raise CbsError(
            _("{url}: @odata.nextLink is not a URL ({value})").format(
                url=url, value=json_excerpt(link)
            )
        )
    target = urllib.parse.urljoin(url, link)
    if url_origin(target) != origin:
        raise CbsError(
            _("{url}: @odata.nextLink leads to another server: {target}").format(
                url=url, target=target
            )
        )
    return target
