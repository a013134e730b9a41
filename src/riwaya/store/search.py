"""Full-text queries over normalized Arabic, and snippets from the original text.

A query word matches the normalized word or its light stem, so «الاسلام» finds «الإسلام»,
«وسلم» finds «وسلّم» and «المدنيين» finds «للمدنيين». Quoted text is a phrase.
"""

from __future__ import annotations

import re
from typing import Any

from riwaya.text.normalize import EXTRACT
from riwaya.text.segment import tokenize
from riwaya.text.stem import light_stem

_PHRASE = re.compile(r'"([^"]+)"|«([^»]+)»|“([^”]+)”')
SNIPPET_CHARS = 80


def _words(text: str) -> list[str]:
    return [t.norm for t in tokenize(EXTRACT(text)) if t.kind in ("word", "number", "latin")]


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


# The most terms (words and phrases) a query is searched by. Each repeated term made FTS5's bm25
# rank every match again: «في» ×400 in a 6 KB address took 131 s (issue 16). A term said twice
# finds nothing the first did not; the rest past MAX_TERMS narrow no real search.
MAX_TERMS = 32


def query_terms(query: str) -> list[tuple[list[str], str | None]]:
    """A user's query as its terms, each once, at most MAX_TERMS: a phrase's words (stem None),
    or one word with its light stem. What either backend's search is built from."""
    terms: dict[tuple[tuple[str, ...], str | None], None] = {}
    for m in _PHRASE.finditer(query):
        words = _words(next(g for g in m.groups() if g))
        if words:
            terms[(tuple(words), None)] = None
    rest = _PHRASE.sub(" ", query)
    for word in _words(rest):
        terms[((word,), light_stem(word))] = None
    return [(list(words), stem) for words, stem in list(terms)[:MAX_TERMS]]


def fts_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a user's query (None when it has no words): each term once,
    at most MAX_TERMS of them."""
    parts = [f"body : {_quoted(' '.join(words))}" if stem is None else
             f"(body : {_quoted(words[0])} OR stems : {_quoted(stem)})" for words, stem in query_terms(query)]
    return " AND ".join(parts) if parts else None


# SQLite's unicode61 tokenizer (as documents_fts uses it): letters, numbers and private-use
# characters make a token, everything else separates (combining marks too, with
# remove_diacritics 0); case folded. PostgreSQL's index is built from the same tokens, so that
# both find the same documents.
_FTS_TOKEN = re.compile(r"(?:[^\W_]|[\ue000-\uf8ff])+")


def fts_tokens(text: str) -> list[str]:
    """The tokens FTS5's unicode61 makes of ``text``."""
    return [m.group().lower() for m in _FTS_TOKEN.finditer(text)]


def snippet(text: str, query: str) -> dict[str, Any]:
    """Where the first query word occurs in ``text`` (offsets into the original) and the text
    around it."""
    norm = EXTRACT(text)
    spans = []
    for word in _words(_PHRASE.sub(lambda m: " ".join(g for g in m.groups() if g), query)):
        stem = light_stem(word)
        for m in re.finditer(re.escape(stem if len(stem) >= 2 else word), norm.text):
            a, b = m.start(), m.end()
            while a > 0 and norm.text[a - 1].isalnum():  # the whole word the stem is in
                a -= 1
            while b < len(norm.text) and norm.text[b].isalnum():
                b += 1
            spans.append(norm.span(a, b))
            break
    if not spans:
        return {"snippet": text[: 2 * SNIPPET_CHARS], "match_start": None, "match_end": None,
                "snippet_match": None}
    start, end = min(spans)
    a = max(0, start - SNIPPET_CHARS)
    b = min(len(text), end + SNIPPET_CHARS)
    lead = "…" if a else ""
    # where the match sits in the snippet itself, for a page to mark it
    at = len(lead) + start - a
    return {"snippet": lead + text[a:b] + ("…" if b < len(text) else ""),
            "match_start": start, "match_end": end, "snippet_match": [at, at + end - start]}
