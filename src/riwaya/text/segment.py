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

import numpy as np

from riwaya.compiled import compiled
from riwaya.text.data import load_yaml
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
# Sentence-final punctuation, then any closing quotes or brackets, then space or end of line.
_TERMINATOR = re.compile(r"(?:[.!?؟…]+|\.\.\.)[\"'»”’)\]]*(?=\s|$)")
_OPENERS = {"«": "»", "“": "”", "„": "”"}


@compiled
def abbreviations() -> frozenset[str]:
    """Abbreviations that end in a dot without ending the sentence (abbreviations.yaml), as
    written: single letters are told by rule."""
    return frozenset(str(w) for w in load_yaml("abbreviations.yaml")["abbreviations"])


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


_QUOTE_CHARS = re.compile(r'[«“„"]')


def _quoted_regions(line: str) -> list[tuple[int, int]]:
    """Spans of quotations that open and close within ``line``."""
    regions = []
    pos = 0
    while True:
        m = _QUOTE_CHARS.search(line, pos)
        if m is None:
            return regions
        opener = m.group()
        close = line.find(_OPENERS.get(opener, '"'), m.end())
        if close == -1:
            pos = m.end()
            continue
        regions.append((m.start(), close + 1))
        pos = close + 1


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
    return word in abbreviations() or (len(word) <= 4 and "." in word and word.replace(".", "").isalpha())


# The longest sentence: a longer run without a full stop is cut at a comma or a space before it.
# 22 of SaudiNewsNet's 268,006 sentences are longer (lists, tables run together); a text of one
# line without any stop (6.8 MB) was one sentence per 500,000-character chunk, and the analyses
# that pair its words ran for more than half an hour (issue 16).
MAX_SENTENCE_CHARS = 3000
_CLAUSE_END = re.compile(r"[،,؛;:]\s")


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
        yield from _bounded(line, start, end, offset)
        start = end
    yield from _bounded(line, start, len(line), offset)


def cut_before(text: str, start: int, size: int, breaks: tuple[str | re.Pattern[str], ...]) -> int:
    """Where a piece of ``text`` from ``start`` of at most ``size`` characters ends: after the
    last break of the first kind in ``breaks`` found in its second half, else at ``size``."""
    window = text[start + size // 2:start + size]
    for pattern in breaks:
        hits = [m.end() for m in re.finditer(pattern, window)]
        if hits:
            return start + size // 2 + hits[-1]
    return start + size


def _bounded(line: str, start: int, end: int, offset: int) -> Iterator[Span]:
    """The sentence ``line[start:end]`` trimmed, in pieces of at most MAX_SENTENCE_CHARS."""
    s, e = _trim(line, start, end)
    while e - s > MAX_SENTENCE_CHARS:
        cut = cut_before(line, s, MAX_SENTENCE_CHARS, (_CLAUSE_END, r"\s"))
        a, b = _trim(line, s, cut)
        if a < b:
            yield Span(offset + a, offset + b)
        s, e = _trim(line, cut, e)
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


# Commas as tokens read them (Arabic and Latin): a clause or an apposition ends.
COMMAS = frozenset(("،", ","))

_KINDS = ("space", "word", "number", "latin", "punct")


@compiled
def _char_classes() -> np.ndarray:
    """Code point → 0 space, 1 Arabic letter, 2 digit, 3 other letter (Latin…), 4 other."""
    classes = np.full(0x110000, 4, dtype=np.uint8)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isspace() or 0x200B <= cp <= 0x200F or 0x202A <= cp <= 0x202E or cp == 0xFEFF:
            classes[cp] = 0
        elif ch.isalpha():
            classes[cp] = 3
    for lo, hi in ((0x0621, 0x063A), (0x0641, 0x064A), (0x066E, 0x06D3), (0x06D5, 0x06D5),
                   (0x06FA, 0x06FF), (0x064B, 0x065F), (0x0670, 0x0670), (0x0640, 0x0640)):
        classes[lo:hi + 1] = 1  # letters, and marks and tatweel so raw words stay whole
    classes[ord("0"):ord("9") + 1] = 2
    return classes


class TokenTable(NamedTuple):
    """Tokens as columns: offsets into the normalized text, into the original, and kinds."""

    start: np.ndarray
    end: np.ndarray
    original_start: np.ndarray
    original_end: np.ndarray
    kind: np.ndarray  # 1 word, 2 number, 3 latin, 4 punct

    def __len__(self) -> int:
        return len(self.start)


def token_table(norm: Normalized, start: int = 0, end: int | None = None) -> TokenTable:
    """Tokenize normalized text with numpy: words, numbers (1,200 and 1.5 whole), Latin codes
    (F-16, M5 whole) and single punctuation marks. Vectorized because token boundaries are a
    property of adjacent character classes, and a Python loop over characters is 50× slower."""
    end = len(norm.text) if end is None else end
    piece = norm.text[start:end]
    points = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _char_classes()[points].copy()
    if len(cls) > 2:
        prev, nxt = cls[:-2], cls[2:]
        middle = points[1:-1]
        # 1,200 and 1.5: a separator between two digits belongs to the number.
        sep = ((middle == 44) | (middle == 46)) & (prev == 2) & (nxt == 2)
        # F-16: a hyphen between a Latin letter and a letter or digit joins them.
        hyphen = (middle == 45) & (prev == 3) & ((nxt == 2) | (nxt == 3))
        cls[1:-1][sep] = 2
        cls[1:-1][hyphen] = 3
    # A run of letters and digits with any Latin letter in it is one Latin token (M5, 4x4).
    alnum = (cls == 2) | (cls == 3)
    if alnum.any() and (cls == 3).any():
        run_id = np.cumsum(~alnum)
        has_latin = np.bincount(run_id, weights=(cls == 3), minlength=run_id[-1] + 1) > 0
        cls[alnum & has_latin[run_id]] = 3
    if not len(cls):
        empty = np.zeros(0, dtype=np.int64)
        return TokenTable(empty, empty, empty, empty, np.zeros(0, dtype=np.uint8))
    before = np.empty_like(cls)
    before[0] = 0
    before[1:] = cls[:-1]
    after = np.empty_like(cls)
    after[-1] = 0
    after[:-1] = cls[1:]
    solid = cls != 0
    single = cls == 4
    starts = np.nonzero(solid & ((cls != before) | single))[0]
    ends = np.nonzero(solid & ((cls != after) | single))[0] + 1
    kinds = cls[starts]
    starts += start
    ends += start
    return TokenTable(starts, ends, norm.starts[starts], norm.ends[ends - 1], kinds)


def tokens_from_table(table: TokenTable, text: str, lo: int = 0, hi: int | None = None) -> list[Token]:
    """Token objects for rows ``lo:hi`` of a table over normalized ``text``."""
    hi = len(table) if hi is None else hi
    return [Token(os, oe, text[s:e], _KINDS[k]) for s, e, os, oe, k in zip(
        table.start[lo:hi].tolist(), table.end[lo:hi].tolist(), table.original_start[lo:hi].tolist(),
        table.original_end[lo:hi].tolist(), table.kind[lo:hi].tolist(), strict=True)]


def tokenize(norm: Normalized, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of the normalized text between normalized offsets, with original offsets."""
    return tokens_from_table(token_table(norm, start, end), norm.text)


def tokens(text: str) -> list[Token]:
    """Tokens of ``text`` (normalized for extraction), with offsets into ``text``."""
    return tokenize(EXTRACT(text))


def stems(text: str) -> list[str]:
    """Light stems of the Arabic words of ``text``, for matching."""
    return [light_stem(t.norm) for t in tokens(text) if t.kind == "word"]
