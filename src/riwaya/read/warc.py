"""WARC archives (warcio): each HTML response record is a document.

A truncated or damaged archive gives the documents before the damage, then one ``Unreadable``
saying where it stopped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import Document, Unreadable


def read_warc(path: str, max_bytes: int) -> Iterator[Document | Unreadable]:
    from warcio.archiveiterator import ArchiveIterator

    from riwaya.read.html import read_html

    count = 0
    # warcio reads a gzip cut mid-record as a short record, without an error: check the
    # compression first, and stop where it breaks.
    intact = _gzip_intact_members(path) if path.lower().endswith(".gz") else None
    try:
        with open(path, "rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream)):
                if intact is not None and number >= intact:
                    break
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if "html" not in content_type:
                    continue
                count += 1
                name = f"{path}#{count}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Unreadable(name,
                        _("response larger than %(limit)s MB")
                        % {"limit": f"{max_bytes / 2**20:.0f}"})
                    continue
                try:
                    yield read_html(body, name, url=url, published=date, kind="warc")
                except RiwayaError as exc:
                    yield Unreadable(name, str(exc).removeprefix(f"{name}: "))
        if intact is not None:
            where = f"after {count} HTML record(s)" if count else "before any HTML record"
            yield Unreadable(path, _("truncated or damaged WARC, stopped %(where)s") % {"where": where})
    except OSError as exc:
        yield Unreadable(path, _("cannot read (%(reason)s)") % {"reason": exc.strerror or exc})
    except Exception as exc:  # warcio raises its own and zlib's errors on damaged archives
        where = f"after {count} HTML record(s)" if count else "before any HTML record"
        yield Unreadable(path,
            _("truncated or damaged WARC, stopped %(where)s (%(name)s)")
            % {"where": where, "name": type(exc).__name__})


def _gzip_intact_members(path: str) -> int | None:
    """None when every gzip member of the file is whole; else how many whole members come
    before the one that breaks (a WARC.gz holds one member per record). Streams the file."""
    import zlib

    def fresh() -> Any:
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    members, inflater, started = 0, fresh(), False
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            while chunk:
                started = True
                try:
                    inflater.decompress(chunk, 1 << 16)
                    while inflater.unconsumed_tail and not inflater.eof:
                        inflater.decompress(inflater.unconsumed_tail, 1 << 16)
                except zlib.error:
                    return members
                if not inflater.eof:
                    break
                members += 1
                chunk = inflater.unused_data
                inflater, started = fresh(), False
    return members if started else None
