"""PDF files, by poppler's ``pdftotext`` (Debian ``poppler-utils``).

poppler puts Arabic lines in logical order far better than the pure-Python readers, which give
reversed or letter-scrambled lines. What is left to repair:

* bidi embedding marks (U+202A–U+202E) poppler wraps around numbers and Latin runs, with the
  space that separated them moved inside («سلمت ‪ 12‬دبابة»);
* the lam-lam-heh ligature of «الله» comes out as «اهلل»;
* lines wrapped by the page layout: a long line that does not end a sentence is joined to the
  next, so that a sentence is one line (riwaya takes a line break as a sentence boundary).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from riwaya.compiled import compiled
from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import Document
from riwaya.text.data import load_yaml

# possessive spaces: with backtracking, «\u202a» and 2,000 spaces took 24 s (found by fuzzing)
_EMBEDDED_RUN = re.compile("[\u202a\u202d]([ \t]*+)([^\u202a-\u202e]*?)([ \t]*+)\u202c")
_EMBEDDING = re.compile("[\u202a-\u202e]")
_SENTENCE_END = tuple(".!?؟:»\"”)")
_WRAPPED = 0.7  # a line at least this share of the longest line was wrapped by the layout
_TIMEOUT = 120


def read_pdf(path: str) -> Document:
    if shutil.which("pdftotext") is None:
        raise RiwayaError(
            _("%(path)s: reading PDF needs poppler's pdftotext (Debian: apt-get install poppler-utils)")
            % {"path": path})
    try:
        run = subprocess.run(["pdftotext", "-enc", "UTF-8", "-q", path, "-"], capture_output=True,
                             timeout=_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise RiwayaError(
            _("%(path)s: pdftotext took more than %(seconds)s s")
            % {"path": path, "seconds": _TIMEOUT}) from exc
    if run.returncode != 0:
        raise RiwayaError(_("%(path)s: %(why)s") % {"path": path, "why": _why(path, run.returncode)})
    text = clean_pdf_text(run.stdout.decode("utf-8", errors="replace"))
    if not text.strip():
        raise RiwayaError(
            _("%(path)s: no text in the PDF (a scan? convert its pages to images to OCR them)")
            % {"path": path})
    return Document(path, text, "pdf", title=_title(path))


def _why(path: str, code: int) -> str:
    # pdftotext's exit codes: 1 opening the file, 3 permissions; -q hides its messages, so ask
    # pdfinfo, whose first line says what is wrong («Incorrect password», «May not be a PDF»).
    info = subprocess.run(["pdfinfo", path], capture_output=True, timeout=_TIMEOUT)
    message = info.stderr.decode("utf-8", errors="replace")
    if "password" in message.lower() or "encrypt" in message.lower():
        return "encrypted PDF (a password is needed to read it)"
    if code == 3:
        return "the PDF does not permit copying its text"
    return "not a readable PDF (damaged or not a PDF)"


def _title(path: str) -> str | None:
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", path], capture_output=True, timeout=_TIMEOUT)
    for line in info.stdout.decode("utf-8", errors="replace").splitlines():
        if line.startswith("Title:"):
            return line.partition(":")[2].strip() or None
    return None


def _unembed(m: re.Match[str]) -> str:
    lead, body, trail = m[1], m[2], m[3]
    if body and not any(ch.isalnum() for ch in body):
        # «اليوم‪ ،‬التزاماً»: punctuation follows its word; the space goes after it.
        return body + (" " if lead or trail else "")
    # «سلمت ‪ 12‬دبابة»: the space before the number went inside the run; put one after it.
    return lead + body + (trail or (" " if lead else ""))


@compiled
def _ligatures() -> tuple[str, dict[str, str]]:
    """(the conjunction letters, broken form → word) of pdf_repairs.yaml."""
    data = load_yaml("pdf_repairs.yaml")
    return "".join(data["conjunctions"]), {str(k): str(v) for k, v in data["ligatures"].items()}


@cache
def _broken_word() -> re.Pattern[str]:
    """A broken form standing alone, after a conjunction or none (group 1), itself group 2."""
    letters, fixes = _ligatures()
    forms = "|".join(re.escape(form) for form in fixes)
    return re.compile(rf"(?<![\w])([{letters}]?)({forms})(?![\w])")


def _repair_ligatures(text: str) -> str:
    """«اهلل» → «الله»: the words a PDF's ligatures broke, put back."""
    fixes = _ligatures()[1]
    return _broken_word().sub(lambda m: m[1] + fixes[m[2]], text)


def clean_pdf_text(raw: str) -> str:
    text = _EMBEDDED_RUN.sub(_unembed, raw)
    text = _EMBEDDING.sub("", text).replace("\f", "\n\n")
    text = _repair_ligatures(text)
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.split("\n")]
    longest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and not line:
            continue  # poppler sometimes puts an empty line inside a wrapped paragraph
        if joining:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joining = bool(line) and len(line) >= _WRAPPED * longest and not line.endswith(_SENTENCE_END)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
