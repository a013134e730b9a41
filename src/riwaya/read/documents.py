"""One function for every input kind: files, folders and globs in, documents (or reasons) out."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import (
    ALL_SUFFIXES,
    ARCHIVE_SUFFIXES,
    HTML_SUFFIXES,
    IMAGE_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    PDF_SUFFIXES,
    RECORD_SUFFIXES,
    TEXT_SUFFIXES,
    WARC_SUFFIXES,
    Document,
    Unreadable,
    is_url,
    suffix_of,
)
from riwaya.read.text import not_a_regular_file

_MB = 1024 * 1024


def expand(paths: Iterable[str]) -> Iterator[str | Unreadable]:
    """Files named by ``paths``: files as given, folders walked (files riwaya reads, sorted),
    globs expanded. A path that names nothing is reported."""
    for path in paths:
        if path == "-" or is_url(path):  # standard input, a web address: read as given
            yield path
            continue
        p = Path(path)
        if p.is_dir():
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and suffix_of(f.name) in ALL_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            found = _without_export_media(found)
            if not found:
                yield Unreadable(path, _("folder holds no file riwaya reads"))
            yield from found
        elif p.exists():
            yield path
        elif any(ch in path for ch in "*?["):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Unreadable(path, _("no file matches this pattern"))
            yield from expand(matches) if matches else ()
        else:
            yield Unreadable(path, _("no such file"))


def _without_export_media(found: list[str]) -> list[str]:
    """The files of a folder less the photos and files of a Telegram export in it: its
    result.json reads them, each as an attachment of its message."""
    from riwaya.read.telegram import EXPORT_NAME

    exports = [os.path.dirname(f) + os.sep for f in found
               if os.path.basename(f) == EXPORT_NAME and _is_telegram_file(f)]
    if not exports:
        return found
    return [f for f in found if os.path.basename(f) == EXPORT_NAME or not f.startswith(tuple(exports))]


def _is_telegram_file(path: str) -> bool:
    from riwaya.read.telegram import looks_like_export

    try:
        with open(path, "rb") as f:
            return looks_like_export(f.read(4096))
    except OSError:
        return False


@dataclass(frozen=True)
class InputPart:
    """One file to read, or lines of one (a JSONL file cut in parts: first byte, end byte and
    first line number), for readers that share the inputs out (a cluster's workers)."""

    path: str
    lines: tuple[int, int, int] | None = None


# Only these are cut in parts: one record a line, not compressed.
_CUT_IN_LINES = (".jsonl", ".ndjson")


def input_parts(paths: Iterable[str], lines: int) -> Iterator[InputPart | Unreadable]:
    """The files named by ``paths`` (``expand``), a JSONL file of more than ``lines`` lines cut
    into parts of that many."""
    for item in expand(paths):
        if isinstance(item, Unreadable):
            yield item
        elif suffix_of(item) in _CUT_IN_LINES and os.path.isfile(item):
            for r in _ranges_or_none(item, lines):
                yield InputPart(item, r)
        else:
            yield InputPart(item)


def _ranges_or_none(path: str, lines: int) -> list[tuple[int, int, int] | None]:
    from riwaya.read.records import record_line_ranges

    try:
        ranges = record_line_ranges(path, lines)
    except OSError:
        return [None]  # read whole, where its reader says why it cannot be read
    return [None] if len(ranges) <= 1 else list(ranges)


def iter_documents(paths: Iterable[str], *, max_bytes: int = MAX_DOCUMENT_BYTES,
                   ocr_languages: str = "ara", language_check: bool = True, allow_private: bool = False
                   ) -> Iterator[Document | Unreadable]:
    """Every document in ``paths`` (files, folders, globs, http(s) addresses), in order, and an
    ``Unreadable`` for each input that gives none. Never raises for a bad input: a batch goes on
    past it. ``allow_private``: fetch addresses of private and local networks too."""
    parts = (item if isinstance(item, Unreadable) else InputPart(item) for item in expand(paths))
    return read_parts(parts, max_bytes=max_bytes, ocr_languages=ocr_languages, language_check=language_check,
                      allow_private=allow_private)


def read_parts(parts: Iterable[InputPart | Unreadable], *, max_bytes: int = MAX_DOCUMENT_BYTES,
               ocr_languages: str = "ara", language_check: bool = True, allow_private: bool = False
               ) -> Iterator[Document | Unreadable]:
    """``iter_documents`` of inputs already listed (``input_parts``)."""
    from riwaya.read.language import detect
    from riwaya.read.records import read_record_lines

    for item in parts:
        if isinstance(item, Unreadable):
            yield item
            continue
        path = item.path
        try:
            read = (read_record_lines(path, *item.lines, max_bytes) if item.lines is not None
                    else read_document(path, max_bytes=max_bytes, ocr_languages=ocr_languages,
                                       allow_private=allow_private))
            for doc in read:
                if isinstance(doc, Document) and not doc.text.strip():
                    # an empty file was stored as an empty document (issue 16)
                    yield Unreadable(doc.name, _("empty: no text in it"))
                    continue
                if isinstance(doc, Document) and language_check:
                    doc.language = detect(doc.text)
                    if doc.language != "ar":
                        doc.warnings.append(f"{doc.name}: not Arabic (detected {doc.language})")
                yield doc
        except RiwayaError as exc:
            yield Unreadable(path, _reason(str(exc), path))
        except MemoryError:
            yield Unreadable(path, _("too large to read in memory"))


def _reason(message: str, name: str) -> str:
    """The message without the name repeated: «x.pdf: encrypted» → «encrypted»."""
    return message[len(name) + 2:] if message.startswith(f"{name}: ") else message


def _check_size(path: str, max_bytes: int) -> None:
    size = os.path.getsize(path)
    if size > max_bytes:
        raise RiwayaError(
            _("%(path)s: %(size)s MB is larger than the %(limit)s MB riwaya reads as one document (--max-mb)")
            % {"path": path, "size": f"{size / _MB:.0f}", "limit": f"{max_bytes / _MB:.0f}"})


def read_document(path: str, *, max_bytes: int = MAX_DOCUMENT_BYTES, ocr_languages: str = "ara",
                  allow_private: bool = False) -> Iterator[Document | Unreadable]:
    """The documents in one file, by its kind (its suffix; text when it has none we know), or
    at one http(s) address, by the type the server gives."""
    from riwaya.read import html, image, pdf, records, warc
    from riwaya.read.text import read_text

    if is_url(path):
        from riwaya.read.fetch import read_url

        yield read_url(path, allow_private=allow_private, max_bytes=max_bytes, ocr_languages=ocr_languages)
        return

    if path != "-" and os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        raise RiwayaError(not_a_regular_file(path))
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
    elif suffix == ".json" and _is_telegram_file(path):
        yield from _telegram_export(path, max_bytes, ocr_languages)
    elif suffix in RECORD_SUFFIXES:
        yield from records.read_records(path, max_bytes)
    elif suffix in ARCHIVE_SUFFIXES:
        reader = attachment_reader(max_bytes, ocr_languages)
        yield from records.read_zip(path, max_bytes, read_attachment=reader)


def _telegram_export(path: str, max_bytes: int, ocr_languages: str) -> Iterator[Document | Unreadable]:
    from riwaya.read import telegram

    with open(path, "rb") as stream:
        data = telegram.load(stream, path, max_bytes * 4)
    media = telegram.Media(folder=os.path.dirname(os.path.abspath(path)))
    yield from telegram.read_export(data, path, media, attachment_reader(max_bytes, ocr_languages))


def attachment_reader(max_bytes: int, ocr_languages: str) -> Callable[[str, str], Document]:
    """How a Telegram export's photo or file is read: by OCR or as a PDF, at most ``max_bytes``."""
    from riwaya.read import image, pdf

    def read(path: str, kind: str) -> Document:
        _check_size(path, max_bytes)
        return image.read_image(path, ocr_languages) if kind == "image" else pdf.read_pdf(path)

    return read


def read_one(path: str, *, ocr_languages: str = "ara") -> Document:
    """The first document in one file (an HTML page, a PDF, an image of a statement…), for
    commands that take one document; a clear error when it gives none."""
    if path != "-" and not os.path.exists(path):
        raise RiwayaError(_("%(path)s: no such file") % {"path": path})
    for doc in read_document(path, ocr_languages=ocr_languages):
        if isinstance(doc, Document):
            return doc
    raise RiwayaError(_("%(path)s: no text found in it") % {"path": path})
