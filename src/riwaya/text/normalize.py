"""Arabic normalization that remembers where every character came from.

Every normalizer here is a per-character rewrite (a character becomes zero, one or several
characters), which is what Arabic orthographic normalization is: diacritics and tatweel go,
hamza and alef forms fold, presentation forms decompose. Keeping the rewrite per character has
two payoffs:

* the whole pipeline fuses into one ``str.translate`` table, so normalizing runs at C speed;
* the offset map is computed with numpy from the per-character output lengths, so a span found
  in the normalized text maps back to the exact span of the input, whatever was deleted or
  expanded in between.

A deleted character (a diacritic, tatweel, an invisible control) belongs to the kept character
before it, so a span ending on a word also covers that word's trailing diacritics.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from riwaya.compiled import compiled

_MAX_CODEPOINT = 0x110000


@dataclass(frozen=True, eq=False)
class Normalized:
    """A normalized text with its map back to the original.

    ``starts[i]`` is the original offset where normalized character ``i`` comes from;
    ``ends[i]`` is the original offset where a span whose last character is ``i`` ends.
    """

    text: str
    original: str
    starts: np.ndarray
    ends: np.ndarray

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span ``[start, end)`` to a span of the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside normalized text of {len(self.text)}")
        if start == end:
            pos = int(self.starts[start]) if start < len(self.text) else len(self.original)
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def position(self, original_offset: int) -> int:
        """The first normalized position whose source is at or after ``original_offset``."""
        return int(np.searchsorted(self.starts, original_offset, side="left"))

    def then(self, normalizer: CharNormalizer) -> Normalized:
        """Apply ``normalizer`` to this text, composing the offset maps."""
        step = normalizer(self.text)
        if len(step.text) == 0:
            empty = np.zeros(0, dtype=self.starts.dtype)
            return Normalized(step.text, self.original, empty, empty)
        starts = self.starts[step.starts]
        ends = self.ends[step.ends - 1]
        # Where the step expanded one character into several, only the group's last owns the
        # marks that followed it in the original, as in one fused table («ﷲً» → «الله»).
        inner = np.zeros(len(step.starts), dtype=bool)
        inner[:-1] = step.starts[1:] == step.starts[:-1]
        if inner.any():
            ends = np.where(inner, starts + 1, ends)
        return Normalized(step.text, self.original, starts, ends)


class CharNormalizer:
    """A per-character rewrite: ``table`` maps a character to its replacement ('' deletes)."""

    def __init__(self, name: str, table: Mapping[str, str]):
        for char in table:
            if len(char) != 1:
                raise ValueError(f"{name}: table keys must be single characters, got {char!r}")
        self.name = name
        self.table: dict[str, str] = dict(table)

    def __repr__(self) -> str:
        return f"CharNormalizer({self.name!r}, {len(self.table)} characters)"

    def rewrite(self, char: str) -> str:
        return self.table.get(char, char)

    def then(self, other: CharNormalizer) -> CharNormalizer:
        """One normalizer doing ``self`` and then ``other`` (tables fused)."""
        fused: dict[str, str] = {}
        for char in set(self.table) | set(other.table):
            fused[char] = "".join(other.rewrite(c) for c in self.rewrite(char))
        return CharNormalizer(f"{self.name}+{other.name}", fused)

    @cached_property
    def _translate_table(self) -> dict[int, str | None]:
        return {ord(k): (v if v else None) for k, v in self.table.items() if v != k}

    @cached_property
    def _lengths(self) -> np.ndarray:
        lengths = np.ones(_MAX_CODEPOINT, dtype=np.int8)
        for char, replacement in self.table.items():
            lengths[ord(char)] = len(replacement)
        return lengths

    @cached_property
    def _single(self) -> np.ndarray:
        """Code point → code point, for the characters that map to exactly one character."""
        single = np.arange(_MAX_CODEPOINT, dtype=np.uint32)
        for char, replacement in self.table.items():
            if len(replacement) == 1:
                single[ord(char)] = ord(replacement)
        return single

    @cached_property
    def _expands(self) -> bool:
        return any(len(v) > 1 for v in self.table.values())

    def normalize(self, text: str) -> str:
        """The normalized string alone, when no offsets are needed."""
        return text.translate(self._translate_table)

    def __call__(self, text: str) -> Normalized:
        # Vectorized over code points: str.translate with a dict is several times slower on
        # Arabic, and the offset map falls out of the same arrays.
        n = len(text)
        codepoints = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        lengths = self._lengths[codepoints]
        if n == 0 or (lengths.min() == 1 and not (self._expands and lengths.max() > 1)):
            points = self._single[codepoints]
            starts = np.arange(n, dtype=np.int64)
            ends = starts + 1
        else:
            starts = np.nonzero(lengths)[0]
            points = self._single[codepoints[starts]]
            ends = np.empty_like(starts)
            ends[:-1] = starts[1:]
            if len(starts):
                ends[-1] = n
            if self._expands:
                points, starts, ends = self._expand(codepoints, lengths, points, starts, ends)
        out = points.tobytes().decode("utf-32-le", "surrogatepass")
        return Normalized(out, text, starts, ends)

    def _expand(self, codepoints: np.ndarray, lengths: np.ndarray, points: np.ndarray,
                starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Splice in the one-to-many rewrites (ﻻ → لا, … → ...): few, so a loop over them."""
        expanded = np.nonzero(lengths[starts] > 1)[0]
        if not len(expanded):
            return points, starts, ends
        at, new_points, new_starts, new_ends = [], [], [], []
        for j in expanded.tolist():
            replacement = self.table[chr(int(codepoints[starts[j]]))]
            points[j] = ord(replacement[0])
            # Only the group's last character owns the deleted marks that follow the original.
            group_end, ends[j] = ends[j], starts[j] + 1
            for k, char in enumerate(replacement[1:], start=2):
                at.append(j + 1)
                new_points.append(ord(char))
                new_starts.append(starts[j])
                new_ends.append(group_end if k == len(replacement) else starts[j] + 1)
        return (np.insert(points, at, np.array(new_points, dtype=points.dtype)),
                np.insert(starts, at, new_starts), np.insert(ends, at, new_ends))


def compose(*normalizers: CharNormalizer) -> CharNormalizer:
    if not normalizers:
        raise ValueError("compose needs at least one normalizer")
    result = normalizers[0]
    for nxt in normalizers[1:]:
        result = result.then(nxt)
    return result


def _chars(ranges: Iterable[tuple[int, int]]) -> list[str]:
    return [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]


# Harakat, tanween, shadda, sukun, madda/hamza above and below, subscript alef (064B-065F),
# superscript alef (0670), Quranic marks (0610-061A, 06D6-06ED) and extended marks (08D3-08FF).
DIACRITICS = _chars([(0x064B, 0x065F), (0x0670, 0x0670), (0x0610, 0x061A),
                     (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED),
                     (0x08D3, 0x08E1), (0x08E3, 0x08FF)])
TATWEEL = "\u0640"
# Zero-width and bidirectional controls: invisible, but they break matching.
INVISIBLE = _chars([(0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
                    (0xFEFF, 0xFEFF), (0x061C, 0x061C), (0x00AD, 0x00AD)])

strip_diacritics = CharNormalizer("diacritics", dict.fromkeys(DIACRITICS, ""))
strip_tatweel = CharNormalizer("tatweel", {TATWEEL: ""})
strip_invisible = CharNormalizer("invisible", dict.fromkeys(INVISIBLE, ""))
# Hamza and wasla forms of alef fold to bare alef (Lucene's ArabicNormalizer does the same).
fold_alef = CharNormalizer("alef", {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"})
fold_alef_maqsura = CharNormalizer("alef_maqsura", {"ى": "ي", "ی": "ي", "ې": "ي"})
fold_teh_marbuta = CharNormalizer("teh_marbuta", {"ة": "ه", "ۀ": "ه", "ە": "ه"})
# Persian and Urdu letter shapes that Arabic text picks up from keyboards.
fold_letter_variants = CharNormalizer("letter_variants", {"ک": "ك", "ڪ": "ك", "ھ": "ه"})
ascii_digits = CharNormalizer(
    "digits",
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}},
)
arabic_separators = CharNormalizer("separators", {"٫": ".", "٬": ",", "٪": "%"})
arabic_punctuation = CharNormalizer(
    "punctuation",
    {"،": ",", "؛": ";", "؟": "?", "۔": ".", "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
     "‟": '"', "‹": "'", "›": "'", "‘": "'", "’": "'"},
)


def _nfkc_table() -> dict[str, str]:
    # Presentation forms (FB50-FDFF, FE70-FEFF), ligatures such as ﷲ and ﻻ, full-width forms
    # and non-breaking spaces; each character on its own so the rewrite stays per character.
    table = {}
    for cp in range(0x00A0, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        folded = unicodedata.normalize("NFKC", char)
        if folded != char and not unicodedata.combining(char):
            table[char] = folded
    return table


@compiled
def _fused_tables() -> tuple[dict[str, str], dict[str, str]]:
    """MATCH's and EXTRACT's tables, fused once (a tenth of a second) and kept on disk."""
    nfkc = CharNormalizer("nfkc", _nfkc_table())
    steps = (nfkc, strip_invisible, strip_tatweel, strip_diacritics, fold_alef, fold_alef_maqsura,
             fold_teh_marbuta, fold_letter_variants, ascii_digits, arabic_separators)
    return compose(*steps, arabic_punctuation).table, compose(*steps).table


_MATCH_TABLE, _EXTRACT_TABLE = _fused_tables()
#: Everything, in order: NFKC, invisible marks, tatweel, diacritics, the alef, alef maqsura and
#: teh marbuta folds, letter variants, digits, separators and punctuation. For matching and search.
MATCH = CharNormalizer("match", _MATCH_TABLE)
#: Like MATCH but keeps Arabic punctuation and quotation marks as written: for extraction,
#: where the Arabic comma must not be mistaken for a thousands separator.
EXTRACT = CharNormalizer("extract", _EXTRACT_TABLE)


def __getattr__(name: str) -> CharNormalizer:
    # NFKC on its own is built only when asked for (by tests): MATCH and EXTRACT hold it fused.
    if name == "nfkc":
        return CharNormalizer("nfkc", _nfkc_table())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def normalize(text: str) -> Normalized:
    """Normalize ``text`` for matching, with the map back to ``text``."""
    return MATCH(text)


def normalize_str(text: str) -> str:
    """Normalize ``text`` for matching (lexicon entries, queries), without offsets."""
    return MATCH.normalize(text)


# Quotation marks, brackets and punctuation that cling to a word in running text.
WORD_EDGE_MARKS = "«»\"'()،,.:؛"


def bare_word(word: str) -> str:
    """A whitespace-split word without the marks that cling to its edges («الغربية،» → الغربية)."""
    return word.strip(WORD_EDGE_MARKS)
