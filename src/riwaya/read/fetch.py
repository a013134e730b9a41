"""Web addresses: an article or a statement fetched over http(s), then read as the file it is
(an HTML page, a PDF, an image of a statement, text).

A fact-checker holds a link more often than a file, and the web app fetches what a visitor
names, so a fetch is bounded on every side:

* http and https only; at most MAX_REDIRECTS redirects, each one checked as the first address;
* no address in a private, loopback, link-local or reserved range (the web app must not be a way
  into the network it runs in) unless ``allow_private``; the address checked is the one
  connected to, so a name that resolves to a public address when checked and a private one when
  fetched gets nowhere;
* TIMEOUT seconds in all (a page sent a byte at a time ends too), and at most ``max_bytes``;
* a user agent that says what riwaya is.

Written on the standard library's http.client, not httpx or trafilatura's fetcher: neither lets
a caller connect to the address it checked.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from riwaya import __version__
from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import Document, written_out

TIMEOUT = 20.0  # seconds for the whole fetch, redirects included
MAX_REDIRECTS = 5
MAX_PAGE_BYTES = 20 * 2**20
USER_AGENT = f"riwaya/{__version__} (fact-checking Arabic news against its sources)"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class Fetched:
    """A page as it was served: where it ended up, when, and its bytes."""

    url: str  # the address asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: str  # ISO 8601, UTC
    headers: list[tuple[str, str]] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    reason: str = "OK"

    def warc(self) -> bytes:
        """The page as served, a gzipped WARC response record (warcio), what a later reader of
        the database can replay: headers and bytes as they came, at the address it ended at."""
        import io

        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        out = io.BytesIO()
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders(f"{self.status} {self.reason}", self.headers, protocol="HTTP/1.1")
        date = self.fetched_at.replace("+00:00", "Z")
        record = writer.create_warc_record(self.final_url, "response", payload=io.BytesIO(self.body),
                                           http_headers=http, warc_headers_dict={"WARC-Date": date})
        writer.write_record(record)
        return out.getvalue()


def _fail(url: str, why: str) -> RiwayaError:
    return RiwayaError(_("%(url)s: %(why)s") % {"url": url, "why": why})


def _address(url: str, host: str, port: int, allow_private: bool, deadline: float, timeout: float) -> str:
    """The address to connect to for ``host``: its first, refused when it is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _fail(url, _("cannot find the server %(host)s") % {"host": host}) from exc
    if time.monotonic() > deadline:
        raise _late(url, timeout)
    address = infos[0][4][0]
    ip = ipaddress.ip_address(address.split("%")[0])
    if not allow_private and not ip.is_global:
        raise _fail(url, _("%(host)s is a private or local address (%(ip)s): riwaya does not fetch those "
                           "(--allow-private)") % {"host": host, "ip": ip})
    return address


class _Connection(http.client.HTTPSConnection):
    """An HTTPS connection to an address checked beforehand, verifying the certificate of the
    host name asked for."""

    def __init__(self, address: str, host: str, port: int, timeout: float):
        super().__init__(address, port, timeout=timeout, context=ssl.create_default_context())
        self._hostname = host

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._hostname)  # type: ignore[attr-defined]


def fetch(url: str, *, allow_private: bool = False, max_bytes: int = MAX_PAGE_BYTES,
          timeout: float = TIMEOUT) -> Fetched:
    """``url`` fetched within the bounds above; a RiwayaError that says why, in one line."""
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url
    while True:
        response, body = _one_request(url, current, allow_private, max_bytes, deadline, timeout)
        if response.status in _REDIRECTS and response.getheader("Location"):
            if len(redirects) >= MAX_REDIRECTS:
                raise _fail(url, _("more than %(count)s redirects") % {"count": MAX_REDIRECTS})
            redirects.append(current)
            current = urljoin(current, response.getheader("Location", ""))
            continue
        if response.status >= 400:
            raise _fail(url, _("the server answered %(status)s %(reason)s")
                        % {"status": response.status, "reason": response.reason})
        fetched_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return Fetched(url, current, response.status, response.getheader("Content-Type", "") or "", body,
                       fetched_at, response.getheaders(), redirects, response.reason or "")


def _one_request(url: str, current: str, allow_private: bool, max_bytes: int, deadline: float,
                 timeout: float) -> tuple[http.client.HTTPResponse, bytes]:
    parts = urlsplit(current)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _fail(url, _("only http and https addresses are fetched (%(address)s)") % {"address": current})
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    address = _address(url, parts.hostname, port, allow_private, deadline, timeout)
    left = max(0.1, deadline - time.monotonic())
    connection = (_Connection(address, parts.hostname, port, left) if parts.scheme.lower() == "https"
                  else http.client.HTTPConnection(address, port, timeout=left))
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    try:
        connection.request("GET", target, headers={"Host": host, "User-Agent": USER_AGENT,
                                                   "Accept-Encoding": "identity", "Accept": "*/*"})
        response = connection.getresponse()
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise _too_big(url, max_bytes)
        chunks, size = [], 0
        while chunk := response.read1(65536):
            size += len(chunk)
            if size > max_bytes:
                raise _too_big(url, max_bytes)
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        return response, b"".join(chunks)
    except TimeoutError as exc:
        raise _late(url, timeout) from exc
    except ssl.SSLError as exc:
        raise _fail(url, _("the secure connection failed (%(reason)s)")
                    % {"reason": exc.reason or exc}) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise _fail(url, _("the fetch failed (%(reason)s)") % {"reason": exc}) from exc
    finally:
        connection.close()


def _too_big(url: str, max_bytes: int) -> RiwayaError:
    return _fail(url, _("the page is larger than %(limit)s MB") % {"limit": f"{max_bytes / 2**20:.0f}"})


def _late(url: str, timeout: float) -> RiwayaError:
    return _fail(url, _("no answer within %(seconds)s s") % {"seconds": f"{timeout:g}"})


def read_url(url: str, *, allow_private: bool = False, max_bytes: int = MAX_PAGE_BYTES,
             ocr_languages: str = "ara", timeout: float = TIMEOUT) -> Document:
    """The document at ``url``, read as the file it is by its type: an HTML page (its article), a
    PDF, an image of a statement (OCR), text. Where and when it was fetched go in its meta."""
    from riwaya.read.html import read_html
    from riwaya.read.text import decode

    page = fetch(url, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    kind = page.content_type.split(";")[0].strip().lower()
    if kind in ("application/pdf", "image/png", "image/jpeg", "image/tiff", "image/webp", "image/bmp"):
        from riwaya.read import image, pdf

        with written_out(page.body, "." + kind.split("/")[1]) as path:
            try:
                read = (pdf.read_pdf(path) if kind == "application/pdf"
                        else image.read_image(path, ocr_languages))
            except RiwayaError as exc:
                raise RiwayaError(str(exc).replace(path, url)) from exc
        doc = Document(url, read.text, read.kind, title=read.title, url=page.final_url,
                       ocr_confidence=read.ocr_confidence,
                       warnings=[w.replace(path, url) for w in read.warnings])
    elif kind.startswith("text/plain"):
        source = decode(page.body, url)
        doc = Document(url, source.text, "txt", url=page.final_url, warnings=source.warnings)
    else:  # HTML, or a server that does not say
        doc = read_html(page.body, url, url=page.final_url)
    doc.meta["fetched"] = {"url": page.url, "final_url": page.final_url, "status": page.status,
                           "fetched_at": page.fetched_at, "redirects": page.redirects}
    doc.capture = page.warc()
    return doc
