"""Corpora as records: JSONL (one document per line), JSON (an array of documents or one), and
ZIP archives of those (SaudiNewsNet ships one JSON array per day in a ZIP).

A record's fields: ``text`` (or ``content``, ``body``, ``article``), ``url``, ``outlet`` (or
``source``, ``site``), ``published`` (or ``date``, ``date_published``, ``date_extracted``),
``title``. A broken line is reported by its line number and the rest is read.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read import telegram
from riwaya.read.base import (
    HTML_SUFFIXES,
    RECORD_SUFFIXES,
    TEXT_SUFFIXES,
    Document,
    Unreadable,
    suffix_of,
)

FIELDS = {
    "text": ("text", "content", "body", "article", "maintext"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher"),
    "published": ("published", "date", "date_published", "published_at", "datetime", "date_extracted"),
    "title": ("title", "headline"),
}


# A lone surrogate a JSON escape («\ud800») makes: no UTF-8 holds it, and hashing or storing the
# text raised (found by fuzzing). Replaced by U+FFFD, one character for one: offsets stay true.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _field(record: dict[str, Any], name: str) -> str | None:
    for key in FIELDS[name]:
        value = record.get(key)
        if isinstance(value, dict) and name == "outlet":
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return _LONE_SURROGATE.sub("\ufffd", value.strip())
    return None


def from_record(record: Any, name: str, kind: str, max_bytes: int) -> Document | Unreadable:
    if not isinstance(record, dict):
        return Unreadable(name, _("not a JSON object"))
    text = _field(record, "text") if record else None
    if text is None:
        return Unreadable(name,
            _("no text (expected one of the fields %(fields)s)")
            % {"fields": ', '.join(FIELDS['text'])})
    if len(text) > max_bytes:
        return Unreadable(name, _("text larger than %(limit)s MB") % {"limit": f"{max_bytes / 2**20:.0f}"})
    title = _field(record, "title")
    # a crawled headline may keep its HTML entities («&#8220;», «&amp;»): a title is shown, not parsed
    title = html.unescape(title) if title and "&" in title else title
    return Document(name, text, kind, title=title, url=_field(record, "url"),
                    outlet=_field(record, "outlet"), published=_field(record, "published"))


def _open(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


# The most unreadable records of one file or archive reported one by one; the rest are counted
# in one entry. A 19 KB ZIP of 6.6 million «{}» records made as many entries to keep, log and
# print (issue 16). The good records among them are all read.
MAX_UNREADABLE_LISTED = 1000


@dataclass
class _Listing:
    """How many unreadable records of one file or archive have been met; past ``limit``, records
    that cannot hold a text («{}», «null», a line shorter than «{"text":"x"}») are counted
    without being parsed: 6.6 million of them took minutes one by one."""

    limit: int = MAX_UNREADABLE_LISTED
    unreadable: int = 0
    uncounted: int = 0  # counted cheaply, never parsed into an Unreadable

    @property
    def full(self) -> bool:
        return self.unreadable >= self.limit


def _count_past_listed(items: Iterator[Document | Unreadable], name: str,
                       listing: _Listing) -> Iterator[Document | Unreadable]:
    for item in items:
        if isinstance(item, Unreadable):
            listing.unreadable += 1
            if listing.unreadable > listing.limit:
                continue
        yield item
    more = listing.unreadable - min(listing.unreadable, listing.limit) + listing.uncounted
    if more:
        yield Unreadable(name, _("%(count)s more records could not be read (the first %(listed)s are listed)")
                         % {"count": f"{more:,}", "listed": f"{listing.limit:,}"})


def read_records(path: str, max_bytes: int) -> Iterator[Document | Unreadable]:
    try:
        with _open(path) as stream:
            listing = _Listing()
            yield from _count_past_listed(_records(stream, path, max_bytes, listing), path, listing)
    except (OSError, EOFError, zlib.error) as exc:  # a damaged .gz: zlib's own error (found by fuzzing)
        yield Unreadable(path,
            _("cannot read (%(reason)s)")
            % {"reason": getattr(exc, 'strerror', None) or exc})


# The shortest record that can hold a text: a shorter one is unreadable without parsing it.
_SHORTEST_RECORD = len('{"text":"x"}')


def _records(stream: IO[bytes], name: str, max_bytes: int,
             listing: _Listing) -> Iterator[Document | Unreadable]:
    head = stream.read(4096)
    first = head.lstrip()[:1]
    rest = io.BufferedReader(_Prefixed(head, stream))  # type: ignore[arg-type]
    if name.lower().endswith(".json") and first in (b"[", b"{"):
        # A JSON file: an array of documents, or one; its text read whole, its items one by one.
        data = rest.read(max_bytes * 4 + 1)
        try:
            for i, item in enumerate(_json_items(data.decode("utf-8-sig"))):
                if not item and listing.full:
                    listing.uncounted += 1
                    continue
                yield from_record(item, f"{name}[{i}]", "json", max_bytes)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Unreadable(name, _("not valid JSON (%(exc)s)") % {"exc": exc})
        except RecursionError:  # «[[[[…» 100,000 deep: this file, not the whole batch
            yield Unreadable(name, _("JSON nested too deep to read"))
        return
    yield from _jsonl(rest, name, max_bytes, listing)


def _jsonl(rest: IO[bytes], name: str, max_bytes: int, listing: _Listing, first_line: int = 1
           ) -> Iterator[Document | Unreadable]:
    for lineno, raw in enumerate(_lines(rest, max_bytes), first_line):
        if raw is None:
            yield Unreadable(f"{name}:{lineno}",
                _("line larger than %(limit)s MB")
                % {"limit": f"{max_bytes / 2**20:.0f}"})
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        if len(stripped) < _SHORTEST_RECORD and listing.full:
            listing.uncounted += 1
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
        except UnicodeDecodeError:
            yield Unreadable(where, _("not UTF-8"))
            continue
        except RecursionError:
            yield Unreadable(where, _("JSON nested too deep to read"))
            continue
        except json.JSONDecodeError as exc:
            yield Unreadable(where,
                _("not valid JSON (%(msg)s at column %(colno)s)")
                % {"msg": exc.msg, "colno": exc.colno})
            continue
        yield from_record(record, where, "jsonl", max_bytes)


def read_record_lines(path: str, start: int, end: int, first_line: int, max_bytes: int
                      ) -> Iterator[Document | Unreadable]:
    """The records of a JSONL file's bytes ``start`` to ``end`` (whole lines, the first of them
    line ``first_line``): one part of a file read on a cluster's worker (``record_line_ranges``).
    Its unreadable records are listed up to MAX_UNREADABLE_LISTED a part, not a file."""
    try:
        with open(path, "rb") as f:
            f.seek(start)
            listing = _Listing()
            part = io.BufferedReader(_Slice(f, end - start))
            yield from _count_past_listed(_jsonl(part, path, max_bytes, listing, first_line), path, listing)
    except OSError as exc:
        yield Unreadable(path, _("cannot read (%(reason)s)") % {"reason": exc.strerror or exc})


def record_line_ranges(path: str, lines: int) -> list[tuple[int, int, int]]:
    """A JSONL file cut every ``lines`` lines: (first byte, end byte, first line number) each."""
    ranges = []
    start = at = 0
    first = line = 1
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            found = block.find(b"\n")
            while found != -1:
                line += 1
                if line - first == lines:
                    ranges.append((start, at + found + 1, first))
                    start, first = at + found + 1, line
                found = block.find(b"\n", found + 1)
            at += len(block)
    if at > start:
        ranges.append((start, at, first))
    return ranges


class _Slice(io.RawIOBase):
    """``length`` bytes of a file from where it stands."""

    def __init__(self, f: IO[bytes], length: int):
        self.f, self.left = f, length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.f.read(min(len(buffer), self.left))
        buffer[:len(data)] = data
        self.left -= len(data)
        return len(data)


def _lines(stream: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``stream``; None for a line longer than ``max_bytes``, which is skipped
    without being held: iterating a stream reads each line whole, and one line of 1 GB took
    2.2 GB."""
    while line := stream.readline(max_bytes + 1):
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        while (more := stream.readline(1 << 20)) and not more.endswith(b"\n"):
            pass
        yield None


_SPACE = re.compile(r"[ \t\n\r]*")


def _json_items(text: str) -> Iterator[Any]:
    """The items of a JSON array one at a time (a JSON object: itself), never the whole list: an
    array of 6.6 million «{}» was 6.6 million dicts at once."""
    decoder = json.JSONDecoder()
    at = _SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("[", at):
        item, end = decoder.raw_decode(text, at)
        if _SPACE.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise json.JSONDecodeError("Extra data", text, end)
        yield item
        return
    at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", at):
        at += 1
    else:
        while True:
            item, at = decoder.raw_decode(text, at)
            yield item
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            if text.startswith("]", at):
                at += 1
                break
            if not text.startswith(",", at):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    if _SPACE.match(text, at).end() != len(text):  # type: ignore[union-attr]
        raise json.JSONDecodeError("Extra data", text, at)


class _Prefixed(io.RawIOBase):
    """A stream with bytes already read put back in front."""

    def __init__(self, head: bytes, stream: IO[bytes]):
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


# The most an archive may expand to, all its members together: a 1.2 MB ZIP expanded to 2.7 GB
# in the web server (issue 16). Past it, the rest of the archive is one unreadable entry.
MAX_ARCHIVE_BYTES = 2 * 2**30


def read_zip(path: str, max_bytes: int, max_archive_bytes: int = MAX_ARCHIVE_BYTES,
             read_attachment: telegram.Reader | None = None) -> Iterator[Document | Unreadable]:
    """The documents of a ZIP's members; a Telegram export in it (its result.json) with its photos
    and files, read by ``read_attachment`` (none: not read)."""
    listing = _Listing()
    return _count_past_listed(_zip_members(path, max_bytes, max_archive_bytes, listing, read_attachment),
                              path, listing)


def _telegram_folders(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The folders of the Telegram exports in an archive (their result.json, by folder)."""
    found = {}
    for info in archive.infolist():
        if PurePosixPath(info.filename).name == telegram.EXPORT_NAME:
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError, RuntimeError,
                    NotImplementedError):
                continue  # read, and reported, as any other member
            if telegram.looks_like_export(head):
                folder = info.filename[:-len(telegram.EXPORT_NAME)]
                found[folder] = info
    return found


def _member_bytes(member: IO[bytes], name: str, max_bytes: int) -> bytes:
    """A member's bytes, at most ``max_bytes``: its header may say 100 bytes and hold a GB, which
    one read() expanded whole (2.1 GB) before its CRC said it was damaged."""
    data = member.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RiwayaError(_("%(name)s: larger than the %(limit)s MB riwaya reads as one document (--max-mb)")
                          % {"name": name, "limit": f"{max_bytes / 2**20:.0f}"})
    return data


def _zip_members(path: str, max_bytes: int, max_archive_bytes: int, listing: _Listing,
                 read_attachment: telegram.Reader | None = None) -> Iterator[Document | Unreadable]:
    from riwaya.read.html import read_html
    from riwaya.read.text import decode

    try:
        archive = zipfile.ZipFile(path)
    # UnicodeDecodeError: a member's name flagged UTF-8 that is not; NotImplementedError: a
    # member of a ZIP version zipfile does not read («zip file version 6.4»; both found by fuzzing)
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, NotImplementedError) as exc:
        yield Unreadable(path, _("not a readable ZIP archive (%(exc)s)") % {"exc": exc})
        return
    expanded = 0
    with archive:
        exports = _telegram_folders(archive)
        for info in archive.infolist():
            # a Mac's resource forks and hidden files («.DS_Store», «a/._b.txt»); a member named
            # «../../x» is read like any other (nothing is written where a name points)
            if not info.filename:  # ZipInfo.is_dir() raises IndexError on it (found by fuzzing)
                yield Unreadable(f"{path}!", _("a member without a name"))
                continue
            if info.filename.endswith("/") or info.filename.startswith("__MACOSX/") or \
                    info.filename.rsplit("/", 1)[-1].startswith("."):
                continue
            expanded += info.file_size  # zipfile reads no more than a member says it holds
            if expanded > max_archive_bytes:
                yield Unreadable(f"{path}!{info.filename}",
                                 _("the archive expands past %(limit)s MB: this member and the rest are "
                                   "not read") % {"limit": f"{max_archive_bytes / 2**20:.0f}"})
                return
            name = f"{path}!{info.filename}"
            suffix = suffix_of(info.filename)
            export = next((folder for folder in exports if info.filename.startswith(folder)), None)
            if export is not None:  # a Telegram export: its result.json, with its photos and files
                if exports[export] is not info:
                    continue
                held = sum(i.file_size for i in archive.infolist() if i.filename.startswith(export))
                if expanded - info.file_size + held > max_archive_bytes:
                    limit = f"{max_archive_bytes / 2**20:.0f}"
                    yield Unreadable(name, _("the archive expands past %(limit)s MB: this member and the "
                                             "rest are not read") % {"limit": limit})
                    return
                yield from _telegram_member(archive, info, name, export, max_bytes, read_attachment)
                continue
            if suffix not in RECORD_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES:
                yield Unreadable(name, _("not a kind riwaya reads inside a ZIP (JSON, JSONL, text, HTML)"))
                continue
            if info.file_size > max_bytes and suffix not in RECORD_SUFFIXES:
                yield Unreadable(name,
                    _("%(size)s MB is larger than one document")
                    % {"size": f"{info.file_size / 2**20:.0f}"})
                continue
            try:
                with archive.open(info) as member:
                    if suffix in RECORD_SUFFIXES:
                        yield from _records(member, name, max_bytes, listing)
                    elif suffix in HTML_SUFFIXES:
                        yield read_html(_member_bytes(member, name, max_bytes), name)
                    else:
                        source = decode(_member_bytes(member, name, max_bytes), name)
                        yield Document(name, source.text, "txt", warnings=source.warnings)
            # a damaged or unsupported member: zlib's and lzma's errors, an encrypted one
            # (RuntimeError), a compression zipfile lacks (NotImplementedError) — found by fuzzing
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError, RuntimeError,
                    NotImplementedError, UnicodeDecodeError) as exc:
                yield Unreadable(name, _("damaged ZIP member (%(exc)s)") % {"exc": exc})
            except RiwayaError as exc:
                yield Unreadable(name, str(exc).removeprefix(f"{name}: "))


def _telegram_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, folder: str, max_bytes: int,
                     read_attachment: telegram.Reader | None) -> Iterator[Document | Unreadable]:
    def unread(path: str, kind: str) -> Document:
        raise RiwayaError(_("%(path)s: photos and files are not read here") % {"path": path})

    try:
        with archive.open(info) as member:
            data = telegram.load(member, name, max_bytes * 4)
    except RiwayaError as exc:
        yield Unreadable(name, str(exc).removeprefix(f"{name}: "))
        return
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError, RuntimeError,
            NotImplementedError) as exc:
        yield Unreadable(name, _("damaged ZIP member (%(exc)s)") % {"exc": exc})
        return
    media = telegram.Media(archive=archive, prefix=folder, max_bytes=max_bytes)
    yield from telegram.read_export(data, name, media, read_attachment or unread)
