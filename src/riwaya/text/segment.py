"""Paragraphs, sentences and tokens, as spans of the original text.

Sentence splitting follows Arabic news practice: a line break ends a sentence (outlets and
statements put headers, datelines and signatures on lines of their own), and so do . ! ? ؟ …
followed by space, except after an abbreviation (د. م. أ.د.), inside a number (1.5), or inside a
quotation that closes later on the same line. Commas never split: Arabic prose chains clauses
with «،» and «و» for a whole paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from riwaya.text.normalize import EXTRACT, Normalized
from riwaya.text.stem import light_stem


class Span(NamedTuple):
    start: int
    end: int


class Token(NamedTuple):
    start: int  # offsets into the original text
    end: int
    norm: str  # normalized form (for matching)
    kind: str  # "word" (Arabic), "number", "latin", "punct"


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE = re.compile(r"[^\n]+")
_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"
_TOKEN = re.compile(
    rf"(?P<number>\d+(?:[.,]\d+)*)(?![A-Za-z])"
    rf"|(?P<latin>[0-9]*[A-Za-z](?:[A-Za-z0-9]|[-'](?=[A-Za-z0-9]))*)"
    rf"|(?P<word>[{_ARABIC_LETTERS}]+)"
    rf"|(?P<punct>\S)"
)
# Sentence-final punctuation, then any closing quotes or brackets, then space or end of line.
_TERMINATOR = re.compile(r"(?:[.!?؟…]+|\.\.\.)[\"'»”’)\]]*(?=\s|$)")
_OPENERS = {"«": "»", "“": "”", "„": "”", "(": ")"}
# Abbreviations that end in a dot without ending the sentence. Single letters are handled by rule.
_ABBREVIATIONS = {"ص.ب", "ق.م", "ج.م.ع", "أ.د", "ا.د", "د.م", "إلخ", "الخ", "Dr", "Mr", "Mrs", "Prof",
                  "No", "St", "vs", "etc", "U.S", "U.N"}


def paragraphs(text: str) -> list[Span]:
    """Blocks of text separated by blank lines, trimmed of surrounding white space."""
    spans = []
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        _append_trimmed(spans, text, start, m.start())
        start = m.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))


def _quoted_regions(line: str) -> list[tuple[int, int]]:
    """Spans of quotations that open and close within ``line``."""
    regions = []
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch in _OPENERS and ch != "(":
            close = line.find(_OPENERS[ch], i + 1)
            if close != -1:
                regions.append((i, close + 1))
                i = close + 1
                continue
        elif ch == '"':
            close = line.find('"', i + 1)
            if close != -1:
                regions.append((i, close + 1))
                i = close + 1
                continue
        i += 1
    return regions


def _is_abbreviation(line: str, dot: int) -> bool:
    """Whether the dot at ``line[dot]`` closes an abbreviation rather than a sentence."""
    j = dot
    while j > 0 and not line[j - 1].isspace():
        j -= 1
    word = line[j:dot].strip("\"'«“(")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # د. م. أ. — an initial or a title
    return word in _ABBREVIATIONS or (len(word) <= 4 and "." in word and word.replace(".", "").isalpha())


def sentences_in_line(line: str, offset: int = 0) -> Iterator[Span]:
    regions = _quoted_regions(line)
    start = 0
    for m in _TERMINATOR.finditer(line):
        pos = m.start()
        if any(a < pos < b - 1 for a, b in regions):
            continue  # inside a quotation that closes later on this line
        if line[pos] == "." and m.end() - pos == 1 and _is_abbreviation(line, pos):
            continue
        end = m.end()
        s, e = _trim(line, start, end)
        if s < e:
            yield Span(offset + s, offset + e)
        start = end
    s, e = _trim(line, start, len(line))
    if s < e:
        yield Span(offset + s, offset + e)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of ``text[start:end]`` as spans of ``text``."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for m in _LINE.finditer(text, start, end):
        spans.extend(sentences_in_line(m.group(), m.start()))
    return spans


def tokenize(norm: Normalized, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of the normalized text between normalized offsets, with original offsets."""
    end = len(norm.text) if end is None else end
    starts = norm.starts
    ends = norm.ends
    tokens = []
    for m in _TOKEN.finditer(norm.text, start, end):
        s, e = m.span()
        tokens.append(Token(int(starts[s]), int(ends[e - 1]), m.group(), m.lastgroup or "punct"))
    return tokens


def tokens(text: str) -> list[Token]:
    """Tokens of ``text`` (normalized for extraction), with offsets into ``text``."""
    return tokenize(EXTRACT(text))


def stems(text: str) -> list[str]:
    """Light stems of the Arabic words of ``text``, for matching."""
    return [light_stem(t.norm) for t in tokens(text) if t.kind == "word"]
