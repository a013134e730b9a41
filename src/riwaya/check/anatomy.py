"""Document anatomy: a report and the primary source embedded after it, and the source's header.

Outlets often publish a report and then the statement itself (the seed does: five paragraphs of
report, then «القيادة العامة / دع / 852 / بسم الله الرحمن الرحيم / جيش الإسلام» and the text,
closing with «الواقع في 2018/04/23 / الموافق لـ 1439/08/07»). Statements announce themselves in
their first lines: an issuing office, a reference number, the basmala, the group's name as a
heading, a title such as «بيان رقم 47». The split is the first such header block that follows
report prose and is followed by statement prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from riwaya.compiled import compiled
from riwaya.lexicon import load_yaml
from riwaya.text.dates import DateMention, find_dates
from riwaya.text.normalize import normalize_str

_PROSE_WORDS = 9  # a line this long, ending like a sentence, is prose rather than a heading
_DASHED_HEADING_WORDS = 15  # a line of parts joined by dashes, unpunctuated, is a heading up to this long
_HEADING_WORDS = 7
_LINE = re.compile(r"[^\n]+")


@dataclass
class Line:
    """A line of a statement, by offsets, with its normalized text."""

    start: int
    end: int
    text: str
    norm: str

    @property
    def words(self) -> int:
        return len(self.norm.split())


@compiled
def _lexicon() -> dict[str, Any]:
    data = load_yaml("statements.yaml")
    return {key: [normalize_str(str(v)) for v in values] for key, values in data.items()}


def _lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    lines = []
    for m in _LINE.finditer(text, start, len(text) if end is None else end):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        s = m.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(s, s + len(stripped), stripped, normalize_str(stripped)))
    return lines


def _starts_with(norm: str, phrases: list[str]) -> bool:
    return any(norm == p or norm.startswith(p + " ") for p in phrases)


def is_opening(line: Line) -> bool:
    return any(line.norm.startswith(p) for p in _lexicon()["openings"]) and line.words <= 6


@cache
def _reference() -> re.Pattern[str]:
    """A reference line: دع / 852, ر.ق: 12/2018, رقم: 47, No. 12 (labels from statements.yaml)."""
    labels = _lexicon()["reference_labels"]
    before_slash = "|".join(re.escape(w) for w in labels + _lexicon()["reference_labels_before_slash"])
    alone = "|".join(re.escape(w) for w in labels)
    return re.compile(
        rf"^(?:(?:{before_slash})\s*[:/]?\s*)?[\w.]{{1,6}}\s*/\s*[\w/.-]*\d[\w/.-]*$"
        rf"|^(?:{alone})\s*[:/]?\s*[\w/.-]*\d[\w/.-]*$"
    )


def is_reference(line: Line) -> bool:
    return line.words <= 5 and bool(_reference().match(line.norm))


def is_title(line: Line) -> bool:
    return line.words <= 12 and _starts_with(line.norm, _lexicon()["title_words"]) \
        and not line.norm.endswith((".", ":"))


def is_office(line: Line) -> bool:
    return line.words <= _HEADING_WORDS and _starts_with(line.norm, _lexicon()["office_words"])


def _is_heading(line: Line) -> bool:
    """Short, unpunctuated: a heading, an issuer name, a signature."""
    return line.words <= _HEADING_WORDS and not line.norm.endswith((".", "?", "!", "،", ",", ":"))


def is_issuer(line: Line) -> bool:
    lex = _lexicon()
    return _is_heading(line) and any(
        line.norm == w or line.norm.startswith(w + " ") or f" {w} " in f" {line.norm} "
        for w in lex["issuer_words"])


def is_prose(line: Line) -> bool:
    ends = line.norm.endswith((".", "!", "?"))
    if not ends and line.words < _DASHED_HEADING_WORDS and re.search(r"\s[–—-]\s", line.norm):
        return False  # «القوة المشتركة لحركات الكفاح المسلح – مكتب الناطق الرسمي»: a body and its office
    return line.words >= _PROSE_WORDS or (line.words >= 4 and ends)


def _header_signal(line: Line) -> int:
    """2 for a line only a statement has, 1 for a heading that fits a header, 0 otherwise."""
    if is_opening(line) or is_reference(line) or is_office(line):
        return 2
    if is_title(line) or is_issuer(line):
        return 2 if is_title(line) else 1
    return 1 if _is_heading(line) else 0


@dataclass
class Split:
    """Where the report ends and the embedded source begins (offsets into the input)."""

    report: tuple[int, int]
    source: tuple[int, int]
    reason: str


def find_embedded_source(text: str) -> Split | None:
    """The report/source split of a page that carries its source, or None."""
    lines = _lines(text)
    lex = _lexicon()
    for i, line in enumerate(lines):
        # «وفيما يلي نص البيان:» — the report says where the source starts.
        if i + 1 < len(lines) and any(line.norm.startswith(m) or line.norm.endswith(m + ":")
                                      or f" {m}" in line.norm for m in lex["full_text_markers"]) \
                and line.norm.endswith(":"):
            return Split((lines[0].start, line.end), (lines[i + 1].start, lines[-1].end),
                         "full-text marker")
    for i in range(1, len(lines)):
        if not any(is_prose(line) for line in lines[:i]):
            continue
        if _header_signal(lines[i]) == 0:
            continue
        block = []
        j = i
        while j < len(lines) and not is_prose(lines[j]) and _header_signal(lines[j]):
            block.append(lines[j])
            j += 1
        strong = sum(1 for line in block if _header_signal(line) == 2)
        if block and strong and j < len(lines) and is_prose(lines[j]) and (strong >= 2 or len(block) >= 2):
            return Split((lines[0].start, lines[i - 1].end), (lines[i].start, lines[-1].end),
                         "statement header: " + " / ".join(line.text for line in block))
    return None


@dataclass
class Header:
    """A statement's header: who issued it, its reference, title and dates."""

    issuer: str | None = None
    issuer_span: tuple[int, int] | None = None
    office: str | None = None
    reference: str | None = None
    reference_span: tuple[int, int] | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    dates: list[dict[str, Any]] = field(default_factory=list)
    consistent: bool | None = None
    lines: list[tuple[int, int]] = field(default_factory=list)  # header and closing lines

    def as_dict(self, base: int = 0) -> dict[str, Any]:
        def span(s: tuple[int, int] | None) -> dict[str, int] | None:
            return None if s is None else {"start": s[0] - base, "end": s[1] - base}

        return {"issuer": self.issuer, "issuer_span": span(self.issuer_span), "office": self.office,
                "reference": self.reference, "reference_span": span(self.reference_span),
                "title": self.title, "title_span": span(self.title_span), "dates": self.dates,
                "consistent": self.consistent,
                "lines": [span(s) for s in self.lines]}


def read_header(text: str, dates: list[DateMention] | None = None) -> Header:
    """The header of a source text: leading heading lines and trailing date/signature lines."""
    lines = _lines(text)
    header = Header()
    if not lines:
        return header
    first_prose = next((i for i, line in enumerate(lines) if is_prose(line)), len(lines))
    last_prose = max((i for i, line in enumerate(lines) if is_prose(line)), default=-1)
    top = lines[:first_prose]
    bottom = [line for line in lines[last_prose + 1:] if not is_prose(line)] if last_prose >= 0 else []
    for line in top + bottom:
        header.lines.append((line.start, line.end))
        if is_opening(line):
            continue
        if header.reference is None and is_reference(line):
            header.reference, header.reference_span = line.text, (line.start, line.end)
        elif header.title is None and is_title(line) and line in top:
            header.title, header.title_span = line.text, (line.start, line.end)
        elif header.office is None and is_office(line):
            header.office = line.text
        elif header.issuer is None and _is_heading(line) and not _is_date_line(line) \
                and line in top:
            header.issuer, header.issuer_span = line.text, (line.start, line.end)
    if header.issuer is None and header.office is not None:
        office_line = next(line for line in top + bottom if line.text == header.office)
        header.issuer, header.issuer_span = header.office, (office_line.start, office_line.end)
    dates = find_dates(text) if dates is None else dates
    in_header = [d for d in dates if any(s <= d.start < e for s, e in header.lines)]
    header.dates = [d.as_dict() for d in in_header if not d.relative]
    flags = [d["consistent"] for d in header.dates if "consistent" in d]
    header.consistent = all(flags) if flags else None
    return header


def _is_date_line(line: Line) -> bool:
    return _starts_with(line.norm, _lexicon()["date_line_words"]) or bool(
        re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", line.norm))
