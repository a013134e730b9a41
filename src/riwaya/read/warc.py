"""WARC archives (warcio): each HTML response record is a document.

A truncated or damaged archive gives the documents before the damage, then one ``Unreadable``
saying where it stopped. What warcio says of a damaged archive (on stderr, in lines of its own)
is caught and said once, as one ``Unreadable`` of the archive.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import Document, Unreadable


def read_warc(path: str, max_bytes: int) -> Iterator[Document | Unreadable]:
    _catch_warcio_messages()
    heard = io.StringIO()
    _WARCIO_SAID.buffer = heard
    try:
        yield from _records(path, max_bytes)
    finally:
        _WARCIO_SAID.buffer = None
    said = [line.strip() for line in heard.getvalue().splitlines() if line.strip()]
    if said:
        yield Unreadable(path, _("damaged WARC: warcio said «%(first)s» (%(count)s lines in all); the "
                                 "records read around it may be wrong")
                         % {"first": said[0][:200], "count": len(said)})


def _records(path: str, max_bytes: int) -> Iterator[Document | Unreadable]:
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
                content_type = ((record.http_headers.get_header("Content-Type") or "").lower()
                                if record.rec_type == "response" and record.http_headers is not None else "")
                if "html" not in content_type:
                    if _cut_short(record):
                        yield Unreadable(path, _stopped(count))
                        return
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
                if _cut_short(record):
                    # a plain .warc cut mid-record: warcio gives the part there is, without a word
                    yield Unreadable(name, _("the record is cut short: the archive ends inside it"))
                    yield Unreadable(path, _stopped(count - 1))
                    return
                try:
                    yield read_html(body, name, url=url, published=date, kind="warc")
                except RiwayaError as exc:
                    yield Unreadable(name, str(exc).removeprefix(f"{name}: "))
        if intact is not None:
            yield Unreadable(path, _stopped(count))
        elif not count:
            yield Unreadable(path, _("no HTML response in this WARC (riwaya reads its HTML pages)"))
    except OSError as exc:
        yield Unreadable(path, _("cannot read (%(reason)s)") % {"reason": exc.strerror or exc})
    except Exception as exc:  # warcio raises its own and zlib's errors on damaged archives
        yield Unreadable(path, f"{_stopped(count)} ({type(exc).__name__})")


def _stopped(count: int) -> str:
    if count:
        return _("truncated or damaged WARC, stopped after %(count)s HTML records") % {"count": count}
    return _("truncated or damaged WARC, stopped before any HTML record")


def _cut_short(record: Any) -> bool:
    """Whether the archive ends before this record's declared length: what is left of it read
    (as warcio would read it to reach the next record), and bytes still owed."""
    rest = record.raw_stream
    while rest.read(1 << 20):
        pass
    return getattr(rest, "limit", 0) > 0


class _Said(threading.local):
    """What warcio writes to stderr while this thread reads a WARC (None: not reading one)."""

    buffer: io.StringIO | None = None


_WARCIO_SAID = _Said()


class _WarcioSys:
    """The `sys` warcio's modules see: its stderr is the reading thread's buffer. warcio writes
    its warnings («incorrect record length», zlib errors) with sys.stderr.write, several lines
    each, with no logger or hook to catch them; swapping sys.stderr itself would swallow the
    other threads' output (a progress bar, a server's log) while a WARC is read."""

    def __getattr__(self, name: str) -> Any:
        if name == "stderr" and _WARCIO_SAID.buffer is not None:
            return _WARCIO_SAID.buffer
        return getattr(sys, name)


def _catch_warcio_messages() -> None:
    from warcio import archiveiterator, bufferedreaders

    for module in (archiveiterator, bufferedreaders):
        if not isinstance(module.sys, _WarcioSys):
            module.sys = _WarcioSys()  # type: ignore[assignment]


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
