"""What every reader makes: a Document (or an Unreadable with its reason), and the file kinds by
suffix. The readers (text, html, pdf, image, warc, records) import these; `documents` dispatches
to the readers."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# A news article is kilobytes; a single document of more than this is not one (a dump, a
# database file renamed .txt) and would hold a worker's memory for minutes.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
WARC_SUFFIXES = (".warc", ".warc.gz")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz")
ARCHIVE_SUFFIXES = (".zip",)
ALL_SUFFIXES = (TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES + IMAGE_SUFFIXES + WARC_SUFFIXES
                + RECORD_SUFFIXES + ARCHIVE_SUFFIXES)


@dataclass
class Document:
    """An article as read: its text and what the input said about it."""

    name: str  # where it came from: a path, «path:12» (a JSONL line), «path#3» (a WARC record)
    text: str
    kind: str  # txt | html | pdf | image | warc | jsonl | json
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date or date and time, as the input gave it
    language: str | None = None  # ISO 639-1, by py3langid
    ocr_confidence: float | None = None  # mean word confidence 0–100, for images
    warnings: list[str] = field(default_factory=list)
    # what the input says of it beyond the fields above, by input kind: {"telegram": {...}}
    meta: dict[str, Any] = field(default_factory=dict)
    # a fetched page as it was served: a gzipped WARC response record (read/fetch.py), stored
    capture: bytes | None = field(default=None, repr=False)

    @property
    def hash(self) -> str:
        """The content key: the same text read twice (or from two paths) is one document."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "title": self.title, "url": self.url,
                "outlet": self.outlet, "published": self.published, "language": self.language,
                "ocr_confidence": self.ocr_confidence, "warnings": self.warnings, "meta": self.meta,
                "text": self.text}


def file_name(name: str | None) -> str:
    """The last part of a document's name, without its folders: what a page shows of the file it
    was read from (never the server's folders)."""
    return str(name or "").replace("\\", "/").rsplit("/", 1)[-1]


@dataclass
class Unreadable:
    """An input that gave no document, and why."""

    name: str
    reason: str


@contextmanager
def written_out(data: bytes, suffix: str) -> Iterator[str]:
    """``data`` in a temporary file named with ``suffix``, removed after: the PDF and image readers
    take a path (a fetched page, a photo inside a zipped Telegram export)."""
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="riwaya-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        yield path
    finally:
        os.unlink(path)


def is_url(text: str) -> bool:
    """Whether an input is an http(s) address, to fetch (read/fetch.py), not a path."""
    return text[:8].lower().startswith(("http://", "https://"))


def suffix_of(name: str) -> str:
    lower = name.lower()
    for suffix in (".warc.gz", ".jsonl.gz"):
        if lower.endswith(suffix):
            return suffix
    return os.path.splitext(lower)[1]
