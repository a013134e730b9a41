"""Images of statements, by Tesseract OCR with its Arabic model (Debian ``tesseract-ocr-ara``).

The ``tesseract`` binary is run once with TSV output: the words with their line and paragraph
numbers give the text, their confidences the document's OCR confidence (the mean over words).
Arabic only by default: adding English to the languages lowers accuracy on Arabic statements.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import Document

_TIMEOUT = 300
MIN_CONFIDENCE = 40.0  # below this mean word confidence, the text is more guess than reading


# The most pixels an image may have for OCR: a statement scanned at 300 dpi on A3 is 3508×4961
# (17 Mpx). A 1.6 MB PNG of 40,000×40,000 took 3.1 GB in tesseract (issue 16); Pillow reads the
# size from the header without decoding the image.
MAX_IMAGE_PIXELS = 60_000_000


def _refuse_a_giant(path: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow warns past its own limit: ours is the one that holds
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # past twice Pillow's own limit
        width = height = MAX_IMAGE_PIXELS
    except (UnidentifiedImageError, OSError, ValueError) as exc:  # Pillow's ValueError: a damaged header
        raise RiwayaError(_("%(path)s: not a readable image") % {"path": path}) from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise RiwayaError(_("%(path)s: the image has more than the %(limit)s million pixels riwaya reads "
                            "by OCR")
                          % {"path": path, "limit": MAX_IMAGE_PIXELS // 1_000_000})


def _one_thread() -> dict[str, str]:
    """The environment for tesseract: one OpenMP thread unless the user chose a limit. Left to
    itself, tesseract 5 opens a thread per core in each of its nested parallel regions, and on
    2 cores the threads spin against each other: 0.98 s for the 1000×640 statement and 9.6 s for
    a 6.4 Mpx page, against 0.19 s and 1.75 s on one thread, the same words and confidences
    (benchmarks/ocr_threads.py). One thread also lets parallel ingest workers OCR side by side."""
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


def read_image(path: str, languages: str = "ara") -> Document:
    _refuse_a_giant(path)
    if shutil.which("tesseract") is None:
        raise RiwayaError(
            _("%(path)s: reading images needs Tesseract OCR (Debian: apt-get install tesseract-ocr tesseract-"
              "ocr-ara)")
            % {"path": path})
    try:
        run = subprocess.run(["tesseract", path, "stdout", "-l", languages, "tsv"], capture_output=True,
                             timeout=_TIMEOUT, env=_one_thread())
    except subprocess.TimeoutExpired as exc:
        raise RiwayaError(
            _("%(path)s: OCR took more than %(seconds)s s")
            % {"path": path, "seconds": _TIMEOUT}) from exc
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", errors="replace")
        if "Failed loading language" in message or "Error opening data file" in message:
            raise RiwayaError(
                _("%(path)s: Tesseract has no model for %(languages)r (Debian: tesseract-ocr-%(package)s)")
                % {"path": path, "languages": languages, "package": languages.split('+')[0]})
        raise RiwayaError(_("%(path)s: not a readable image") % {"path": path})
    text, confidence = text_from_tsv(run.stdout.decode("utf-8", errors="replace"))
    if not text.strip():
        raise RiwayaError(_("%(path)s: no text found in the image") % {"path": path})
    doc = Document(path, text, "image", ocr_confidence=confidence)
    if confidence is not None and confidence < MIN_CONFIDENCE:
        doc.warnings.append(f"{path}: low OCR confidence ({confidence:.0f}/100); check the text by eye")
    return doc


def text_from_tsv(tsv: str) -> tuple[str, float | None]:
    """Text (lines joined by spaces, paragraphs by a blank line) and mean word confidence."""
    lines: dict[tuple[int, int, int, int], list[str]] = {}
    confidences = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11].strip()
        if not word:
            continue
        key = (int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))
        lines.setdefault(key, []).append(word)
        conf = float(cols[10])
        if conf >= 0:
            confidences.append(conf)
    out = []
    last_paragraph = None
    for key in sorted(lines):
        paragraph = key[:3]
        if last_paragraph is not None and paragraph != last_paragraph:
            out.append("")
        out.append(" ".join(lines[key]))
        last_paragraph = paragraph
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return "\n".join(out), confidence
