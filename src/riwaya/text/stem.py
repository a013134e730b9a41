"""Clitic-aware light stemming for matching (not morphology).

Arabic glues conjunctions (و ف), prepositions (ب ل ك), the future particle (س), the article
(ال) and object/possessive pronouns to words: «وبالجيش», «لتنظيم», «حصتها». Matching a report
against its source needs «تنظيم» in both. This is a light stemmer in the Lucene ArabicStemmer
tradition, made clitic-aware: a prefix is stripped only when what remains is long enough to be
a word, which keeps «بيان», «وزارة»-like words whole more often than the Lucene rules do.

Input is text already normalized with ``riwaya.text.normalize`` (hamza folded, ة → ه, ى → ي).
"""

from __future__ import annotations

from functools import lru_cache

from riwaya.compiled import compiled
from riwaya.limits import WORD_CACHE_SIZE

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_ARTICLES = ("ال", "لل")  # لل = ل + ال
_L_AND_ARTICLE = "ل" + "ال"  # لل spelt out: the preposition and the article
_MIN_STEM = 3


@compiled
def _protected() -> frozenset[str]:
    from riwaya.text.data import load_yaml
    from riwaya.text.normalize import normalize_str

    return frozenset(normalize_str(w) for w in load_yaml("stem.yaml")["protected"])


@compiled
def suffixes() -> tuple[str, ...]:
    """The suffixes light_stem takes off (stem.yaml), in the order they are tried, normalized."""
    from riwaya.text.data import load_yaml
    from riwaya.text.normalize import normalize_str

    return tuple(normalize_str(str(s)) for s in load_yaml("stem.yaml")["suffixes"])


def strip_prefixes(word: str) -> tuple[str, str]:
    """Split proclitics off ``word``: returns (prefixes, rest)."""
    prefix = ""
    rest = word
    if len(rest) > _MIN_STEM and rest[0] in _CONJUNCTIONS and rest not in _protected():
        prefix, rest = rest[0], rest[1:]
    for article in _ARTICLES:
        if rest.startswith(article) and len(rest) - len(article) >= 2:
            return prefix + article, rest[len(article):]
    if len(rest) > _MIN_STEM + 1 and rest[0] in _PREPOSITIONS:
        p, r = rest[0], rest[1:]
        if r.startswith("ال") and len(r) - 2 >= 2:
            return prefix + p + "ال", r[2:]
        return prefix + p, r
    # The future particle س is not stripped: سيطرة, سيارة, سنوات and ستة start with it too.
    return prefix, rest


@lru_cache(maxsize=WORD_CACHE_SIZE)
def light_stem(word: str) -> str:
    """A matching key for a normalized Arabic word: proclitics and common suffixes removed."""
    _, rest = strip_prefixes(word)
    for suffix in suffixes():
        if rest.endswith(suffix) and len(rest) - len(suffix) >= _MIN_STEM:
            return rest[: -len(suffix)]
    return rest


_PROCLITIC_SPLITS = (
    ("و", 1), ("ف", 1),
    ("ب", 1), ("ل", 1), ("ك", 1),
    ("وب", 2), ("ول", 2), ("وك", 2), ("فب", 2), ("فل", 2),
)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def clitic_splits(word: str) -> tuple[tuple[str, str], ...]:
    """Ways to read ``word`` as proclitics + base, the whole word first.

    The prefix is returned with the article spelled out (لل → "لال"), so callers can test
    ``prefix.endswith("ال")`` for definiteness. Bases shorter than two letters are not offered.
    """
    out = [("", word)]
    for prefix, n in _PROCLITIC_SPLITS:
        if word.startswith(prefix) and len(word) - n >= 2:
            out.append((prefix, word[n:]))
    heads = [p for p, _ in out]
    for head in heads:
        rest = word[len(head):]
        if rest.startswith("ال") and len(rest) > 3:
            out.append((head + "ال", rest[2:]))
        elif head in ("", "و", "ف") and rest.startswith("لل") and len(rest) > 3:
            out.append((head + _L_AND_ARTICLE, rest[2:]))
    return tuple(out)
