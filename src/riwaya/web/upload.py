"""Batch upload into the corpus: files (text, HTML, PDF, images, JSON/JSONL, WARC, ZIP archives)
sent by a browser or a script, ingested together as `riwaya ingest` ingests the files it is given
(one stream: copies found and stories grouped as it goes), with an event per document.

An upload is saved to a temporary folder of riwaya's own, under names riwaya makes (only the
suffix of the user's file name is kept, to know its kind); its documents are stored under the
user's file name («statement.pdf», «day1.zip!a.json[3]»), never the server's folder. One ingest
runs at a time (a second waits for the first): each keeps its own indexes of what is stored, so
two at once would not see each other's documents as copies. It writes over a connection of its
own, so the pages' connection sees a new version of the database and their cache is dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, UploadFile

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read import Document, Unreadable
from riwaya.read.base import file_name
from riwaya.store import Store

CHUNK = 1024 * 1024
MAX_NAME = 200  # characters of a user's file name kept
# What follows a file's name in its documents' names (riwaya.corpus.named): two files of a batch
# must not look like one inside the other.
_WITHIN = ("!", ":", "[", "#")


@dataclass
class Received:
    """The files of one upload, saved: ``paths[i]`` is ours, ``names[i]`` the user's."""

    folder: str
    paths: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


async def receive(uploads: list[UploadFile], limit: int, max_mb: float) -> Received:
    """Save ``uploads`` to a new temporary folder; 413 when together they are over ``limit``
    bytes (a request sent in chunks has no length for the guard to refuse it by)."""
    files = [u for u in uploads if u.filename]
    if not files:
        raise RiwayaError(_("choose one or more files to upload"))
    received = Received(tempfile.mkdtemp(prefix="riwaya-upload-"))
    total = 0
    try:
        for i, upload in enumerate(files):
            name = unique_name(upload.filename or "", received.names)
            os.mkdir(os.path.join(received.folder, str(i)))
            path = os.path.join(received.folder, str(i), "upload" + _suffix(name))
            size = 0
            with open(path, "wb") as out:
                while chunk := await upload.read(CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if total > limit:
                        raise HTTPException(413, _("the upload is larger than %(mb)s MB "
                                                   "(riwaya serve --max-upload-mb)") % {"mb": f"{max_mb:g}"})
                    out.write(chunk)
            received.paths.append(path)
            received.names.append(name)
            received.sizes.append(size)
    except BaseException:
        received.remove()
        raise
    return received


def unique_name(filename: str, taken: list[str]) -> str:
    """The user's file name as shown and stored: without its folders (a browser may send them),
    control characters or more than MAX_NAME characters, and not the name of another file of the
    batch nor what one of its documents is called («a.zip» and «a.zip!b.txt»)."""
    base = file_name(filename)
    base = "".join(ch for ch in base if ch.isprintable()).strip()[-MAX_NAME:] or "upload"
    stem, dot, suffix = base.rpartition(".")
    n = 1
    while True:
        # «name (2).pdf»; «(2) a.zip!b.txt» when the clash is with the front of the name
        for name in (base,) if n == 1 else (f"{stem} ({n}).{suffix}" if dot and stem else f"{base} ({n})",
                                             f"({n}) {base}"):
            if not any(_clash(name, other) for other in taken):
                return name
        n += 1


def _clash(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return long == short or (long.startswith(short) and long[len(short)] in _WITHIN)


def _suffix(name: str) -> str:
    """The suffix the readers know the file's kind by; a name without one is read as text, as
    `riwaya ingest` reads it."""
    from riwaya.read.base import suffix_of

    suffix = suffix_of(name)
    return suffix if suffix[1:].replace(".", "").isalnum() else ""


@dataclass
class _Tally:
    """One uploaded file's documents, as they are stored."""

    name: str
    bytes: int
    added: int = 0
    already: int = 0
    unreadable: list[dict[str, str]] = field(default_factory=list)
    not_arabic: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str, item: Document | Unreadable) -> None:
        if isinstance(item, Unreadable):
            self.unreadable.append({"name": item.name, "reason": item.reason})
            return
        if kind == "added":
            self.added += 1
        elif kind == "already":
            self.already += 1
        self.warnings.extend(item.warnings)
        if item.language not in ("ar", None):
            self.not_arabic.append(item.name)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "bytes": self.bytes, "added": self.added, "already_stored": self.already,
                "unreadable": self.unreadable, "not_arabic": self.not_arabic, "warnings": self.warnings}


class Uploads:
    """Ingests uploads into the database of ``store``, one at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.folders: set[str] = set()  # of the uploads not yet ingested

    def close(self) -> None:
        """Remove the folders of the uploads not ingested yet (the server is stopping: their
        threads end with it, before they could)."""
        for folder in list(self.folders):
            shutil.rmtree(folder, ignore_errors=True)

    def events(self, received: Received) -> AsyncIterator[dict[str, Any]]:
        """What happens to an upload, as it happens: ``received`` (the files), ``waiting`` (for
        another upload's ingest), ``reading``, then ``added``, ``already`` or ``unreadable`` per
        document (``file``: the index of the file it came from; ``name``; ``reason`` or
        ``warnings``) and last ``done`` with the counts, or ``error``.

        The ingest starts now, in a thread of its own: a client that goes away does not stop it
        halfway, and the folder is removed when it ends. Its events reach the event loop without
        a worker thread waiting for them: uploads queued behind one another never hold the
        threads the pages are answered in."""
        loop = asyncio.get_running_loop()
        events: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()

        def tell(event: dict[str, Any] | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed: the server is stopping
                loop.call_soon_threadsafe(events.put_nowait, event)

        self.folders.add(received.folder)
        files = zip(received.names, received.sizes, strict=True)
        events.put_nowait({"event": "received", "files": [{"name": n, "bytes": b} for n, b in files]})
        threading.Thread(target=self._run, args=(received, tell), daemon=True, name="riwaya-upload").start()
        return _until_the_end(events)

    async def ingest(self, received: Received) -> dict[str, Any]:
        """The upload ingested, and its counts; a RiwayaError if it failed."""
        last: dict[str, Any] = {}
        async for event in self.events(received):
            last = event
        if last.get("event") != "done":
            raise RiwayaError(str(last.get("error", "the upload failed")))
        return {k: v for k, v in last.items() if k != "event"}

    def _run(self, received: Received, tell: Callable[[dict[str, Any] | None], None]) -> None:
        try:
            if not self.lock.acquire(blocking=False):
                tell({"event": "waiting"})
                self.lock.acquire()
            try:
                tell({"event": "reading"})
                tell({"event": "done", **self._ingest(received, tell)})
            finally:
                self.lock.release()
        except Exception as exc:  # the stream says why, instead of ending without a word
            message = str(exc) if isinstance(exc, RiwayaError) else f"{type(exc).__name__}: {exc}"
            tell({"event": "error", "error": message.replace(received.folder, "…")})
        finally:
            received.remove()
            self.folders.discard(received.folder)
            tell(None)

    def _ingest(self, received: Received, tell: Callable[[dict[str, Any] | None], None]) -> dict[str, Any]:
        from riwaya.corpus import ingest, read_from

        tallies = [_Tally(n, b) for n, b in zip(received.names, received.sizes, strict=True)]
        index = {name: i for i, name in enumerate(received.names)}
        longest_first = sorted(index, key=len, reverse=True)

        def progress(kind: str, item: Document | Unreadable | None) -> None:
            if item is None:
                return
            found = read_from(item.name, longest_first)
            i = None if found is None else index[found]
            event: dict[str, Any] = {"event": kind, "file": i, "name": item.name}
            if isinstance(item, Unreadable):
                event["reason"] = item.reason
            elif item.warnings:  # not Arabic, a low OCR confidence
                event["warnings"] = item.warnings
            if i is not None:
                tallies[i].count(kind, item)
            tell(event)

        # the site's store: this thread reads and writes on a connection of its own (Store), so
        # the pages never find their statements inside the ingest's transaction
        report = ingest(received.paths, self.store, workers=1, progress=progress,
                        names=dict(zip(received.paths, received.names, strict=True)))
        totals = self.store.counts()
        return {**report.as_dict(), "files": [t.as_dict() for t in tallies], "totals": totals}


async def _until_the_end(events: asyncio.Queue[dict[str, Any] | None]) -> AsyncIterator[dict[str, Any]]:
    while (event := await events.get()) is not None:
        yield event
