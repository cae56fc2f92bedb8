"""HTTP for the CBS reader: a GET with a timeout and a size cap, redirects and next pages
only on the same server, every failure one line. (Apart from ``cbs``, so that reading a
saved response never imports urllib.request, http.client and email.)"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException, HTTPMessage
from typing import IO
from urllib.request import Request

from . import __version__
from .cbs import CbsError, json_excerpt, load_payload, url_origin


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only on the same scheme and host: like a nextLink, it must
    not take our request, and our trust in the answer, to another server."""

    def redirect_request(
        self, req: Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> Request | None:
        if url_origin(newurl) != url_origin(req.full_url):
            fp.close()
            raise CbsError(f"{req.full_url}: HTTP {code} redirects to another server: {newurl}")
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
        raise CbsError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise CbsError(f"{url}: {_network(error.reason, timeout)}") from None
    except (OSError, HTTPException, ValueError) as error:
        raise CbsError(f"{url}: {_network(error, timeout)}") from None
    if len(body) > max_bytes:
        raise CbsError(f"{url}: the response is larger than {max_bytes} bytes")
    return load_payload(body, url)


def _network(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def next_url(url: str, link: object, origin: tuple[str, str]) -> str:
    if not isinstance(link, str):
        raise CbsError(f"{url}: @odata.nextLink is not a URL ({json_excerpt(link)})")
    target = urllib.parse.urljoin(url, link)
    if url_origin(target) != origin:
        raise CbsError(f"{url}: @odata.nextLink leads to another server: {target}")
    return target
