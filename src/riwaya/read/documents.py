"""One function for every input kind: files, folders and globs in, documents (or reasons) out."""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riwaya.errors import RiwayaError

# A news article is kilobytes; a single document of more than this is not one (a dump, a
# database file renamed .txt) and would hold a worker's memory for minutes.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

_MB = 1024 * 1024
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

    @property
    def hash(self) -> str:
        """The content key: the same text read twice (or from two paths) is one document."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "title": self.title, "url": self.url,
                "outlet": self.outlet, "published": self.published, "language": self.language,
                "ocr_confidence": self.ocr_confidence, "warnings": self.warnings, "text": self.text}


@dataclass
class Unreadable:
    """An input that gave no document, and why."""

    name: str
    reason: str


def suffix_of(name: str) -> str:
    lower = name.lower()
    for suffix in (".warc.gz", ".jsonl.gz"):
        if lower.endswith(suffix):
            return suffix
    return os.path.splitext(lower)[1]


def expand(paths: Iterable[str]) -> Iterator[str | Unreadable]:
    """Files named by ``paths``: files as given, folders walked (files riwaya reads, sorted),
    globs expanded. A path that names nothing is reported."""
    for path in paths:
        if path == "-":
            yield path
            continue
        p = Path(path)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and suffix_of(f.name) in ALL_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                yield Unreadable(path, "folder holds no file riwaya reads")
            yield from found
        elif p.exists():
            yield path
        elif any(ch in path for ch in "*?["):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Unreadable(path, "no file matches this pattern")
            yield from expand(matches) if matches else ()
        else:
            yield Unreadable(path, "no such file")


def iter_documents(paths: Iterable[str], *, max_bytes: int = MAX_DOCUMENT_BYTES,
                   ocr_languages: str = "ara", language_check: bool = True
                   ) -> Iterator[Document | Unreadable]:
    """Every document in ``paths``, in order, and an ``Unreadable`` for each input that gives
    none. Never raises for a bad input: a batch goes on past it."""
    from riwaya.read.language import detect

    for item in expand(paths):
        if isinstance(item, Unreadable):
            yield item
            continue
        try:
            for doc in read_document(item, max_bytes=max_bytes, ocr_languages=ocr_languages):
                if isinstance(doc, Document) and language_check:
                    doc.language = detect(doc.text)
                    if doc.language != "ar":
                        doc.warnings.append(f"{doc.name}: not Arabic (detected {doc.language})")
                yield doc
        except RiwayaError as exc:
            yield Unreadable(item, _reason(str(exc), item))
        except MemoryError:
            yield Unreadable(item, "too large to read in memory")


def _reason(message: str, name: str) -> str:
    """The message without the name repeated: «x.pdf: encrypted» → «encrypted»."""
    return message[len(name) + 2:] if message.startswith(f"{name}: ") else message


def _check_size(path: str, max_bytes: int) -> None:
    size = os.path.getsize(path)
    if size > max_bytes:
        raise RiwayaError(f"{path}: {size / _MB:.0f} MB is larger than the {max_bytes / _MB:.0f} MB "
                          "riwaya reads as one document (--max-mb)")


def read_document(path: str, *, max_bytes: int = MAX_DOCUMENT_BYTES, ocr_languages: str = "ara"
                  ) -> Iterator[Document | Unreadable]:
    """The documents in one file, by its kind (its suffix; text when it has none we know)."""
    from riwaya.read import html, image, pdf, records, warc
    from riwaya.read.text import read_text

    suffix = suffix_of(path)
    if path == "-" or suffix in TEXT_SUFFIXES or suffix not in ALL_SUFFIXES:
        if path != "-":
            _check_size(path, max_bytes)
        source = read_text(path, max_bytes)
        yield Document(source.name, source.text, "txt", warnings=source.warnings)
    elif suffix in HTML_SUFFIXES:
        _check_size(path, max_bytes)
        yield html.read_html(Path(path).read_bytes(), path)
    elif suffix in PDF_SUFFIXES:
        _check_size(path, max_bytes)
        yield pdf.read_pdf(path)
    elif suffix in IMAGE_SUFFIXES:
        _check_size(path, max_bytes)
        yield image.read_image(path, ocr_languages)
    elif suffix in WARC_SUFFIXES:
        yield from warc.read_warc(path, max_bytes)
    elif suffix in RECORD_SUFFIXES:
        yield from records.read_records(path, max_bytes)
    elif suffix in ARCHIVE_SUFFIXES:
        yield from records.read_zip(path, max_bytes)


def read_one(path: str, *, ocr_languages: str = "ara") -> Document:
    """The first document in one file (an HTML page, a PDF, an image of a statement…), for
    commands that take one document; a clear error when it gives none."""
    if path != "-" and not os.path.exists(path):
        raise RiwayaError(f"{path}: no such file")
    for doc in read_document(path, ocr_languages=ocr_languages):
        if isinstance(doc, Document):
            return doc
    raise RiwayaError(f"{path}: no text found in it")
