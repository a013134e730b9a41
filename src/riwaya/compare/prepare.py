"""Everything the corpus needs of one document, computed without the database: a pure function
of the document, so that it runs in worker processes and the single writer only stores.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from riwaya.compiled import compiled
from riwaya.read import Document
from riwaya.text.dates import published_day

NUM_PERM = 128  # MinHash permutations: Jaccard estimates within ±0.09 (one standard error ~0.04)
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch 2 hashing: stored signatures must be read the same way
SHINGLE = 3  # words per shingle
MIN_SENTENCE_WORDS = 6  # shorter sentences are too common («وأضاف المصدر») to mark a copy
TOP_TERMS = 40  # terms kept per document for grouping stories


@dataclass
class Prepared:
    doc: Document
    hash: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    norm: str = ""  # normalized words, for the full-text index
    stems: str = ""  # light stems, for the full-text index
    minhash: np.ndarray | None = None  # NUM_PERM uint64 hash values
    shingles: np.ndarray | None = None  # sorted unique uint32 shingle hashes, for verifying copies
    sentence_keys: list[int] = field(default_factory=list)  # CRC32 of each long normalized sentence
    numbers: list[float] = field(default_factory=list)  # the figures' values, for telling templates
    words: np.ndarray | None = None  # (n, 3) uint32: each word's key (CRC32 of its normalized form),
    # start and end in the text, for aligning reused passages (compare/alignment.py)
    slots: list[tuple[int, int, str, str]] = field(default_factory=list)  # the template slots said:
    # (first word, end word, kind, key) of each place, party, date and figure
    terms: dict[str, int] = field(default_factory=dict)  # content stem → count (top TOP_TERMS)
    issuer: dict[str, Any] | None = None  # a statement's issuer: {"text", "terms"}
    attributed: list[str] = field(default_factory=list)  # what it attributes to (see _attributed)
    published: str | None = None  # ISO date (day) when the document says when it was published
    arabic: bool = True
    analyzed: int | None = None  # characters analyzed, when fewer than the text's (max_chars)


def prepare(doc: Document, max_chars: int | None = None) -> Prepared:
    """Analyze one document for the corpus: its first ``max_chars`` characters (about: whole
    chunks) for mentions, all of it for the search index, copies and stories."""
    from datasketch import MinHash

    from riwaya.extract import analyze
    from riwaya.text.terms import content_terms

    out = Prepared(doc, doc.hash, published=published_day(doc.published))
    out.arabic = doc.language in ("ar", None)
    if not out.arabic:
        return out
    day = dt.date.fromisoformat(out.published) if out.published else None
    analysis = analyze(doc.text, day, max_chars)
    if analysis.extracted_to < len(doc.text):
        out.analyzed = analysis.extracted_to
    out.sentences = analysis.sentences
    out.mentions = analysis.mentions
    kept = [t for toks in analysis.tokens for t in toks if t.kind in ("word", "number", "latin")]
    out.norm = " ".join(t.norm for t in kept)
    matched, index_of = matching_words([(t.norm, t.start, t.end) for t in kept])
    words = [w for w, _, _ in matched]
    out.words = np.array([(zlib.crc32(w.encode("utf-8")), s, e) for w, s, e in matched],
                         dtype=np.uint32).reshape(-1, 3)
    # slots are found on the words as read, then told in the matched words' indexes
    out.slots = [(index_of[first], index_of[end - 1] + 1, kind, key)
                 for first, end, kind, key in template_slots(analysis.mentions, [t.start for t in kept])]
    from riwaya.text.stem import light_stem

    out.stems = " ".join(light_stem(t.norm) for t in kept)
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    if shingles:
        minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        minhash.update_batch(list(shingles))
        out.minhash = minhash.hashvalues.astype(np.uint64)
        out.shingles = np.unique(np.fromiter((zlib.crc32(s) for s in shingles), dtype=np.uint32,
                                             count=len(shingles)))
    for toks in analysis.tokens:
        sentence_words = [t.norm for t in toks if t.kind in ("word", "number")]
        if len(sentence_words) >= MIN_SENTENCE_WORDS:
            out.sentence_keys.append(zlib.crc32(" ".join(sentence_words).encode("utf-8")))
    out.numbers = sorted({float(m["value"]) for m in out.mentions
                          if m["kind"] == "quantity" and m.get("value") is not None})
    counts = Counter(t for toks in analysis.tokens for t in content_terms(toks))
    out.terms = dict(counts.most_common(TOP_TERMS))
    out.issuer = _issuer(doc.text, analysis)
    out.attributed = _attributed(analysis)
    return out


def matching_words(words: list[tuple[str, int, int]]) -> tuple[list[tuple[str, int, int]], list[int]]:
    """The words copies are matched on: a conjunction «و» typed apart from its word joins it
    («و عسير» is «وعسير»), as one outlet's reprint of another's text often retypes it
    (SaudiNewsNet: a weather bulletin reprinted the next day differed only so). Also, for each
    word given, the index of the matched word that holds it."""
    out: list[tuple[str, int, int]] = []
    index_of: list[int] = []
    pending: tuple[str, int, int] | None = None
    for w in words:
        index_of.append(len(out))
        if pending is not None:
            w = (pending[0] + w[0], pending[1], w[2])
            pending = None
        elif w[0] == "و":
            pending = w
            continue
        out.append(w)
    if pending is not None:
        out.append(pending)
    return out, index_of


def template_slots(mentions: list[dict[str, Any]], word_starts: list[int]) -> list[tuple[int, int, str, str]]:
    """Where a document names the things a template varies: each mention of a kind that
    lexicon/slots.yaml names (places, parties, dates, figures) as (first word, end word, kind,
    key), in word indexes."""
    from bisect import bisect_left

    from riwaya.extract.actors import family
    from riwaya.lexicon import slots
    from riwaya.text.normalize import normalize_str

    kinds = slots().kinds
    out = []
    for m in mentions:
        if m["kind"] not in kinds:
            continue
        if m["kind"] == "quantity":
            if m.get("value") is None or m.get("unit") in slots().not_figures:
                continue
            key = f"{float(m['value']):g}"
        elif m["kind"] == "actor":
            key = family(m["id"])
        elif m["kind"] == "place" and m.get("id"):
            key = str(m["id"]).removeprefix("country.")  # a country named as a place or a party
        elif m["kind"] == "date":
            if m.get("relative"):
                continue  # «اليوم» reprinted the next day as «أمس»: what reprinting does
            value = m.get("gregorian") or m.get("value")
            key = str(value) if value else "~" + normalize_str(m["text"]).replace(" ", "")
        else:
            key = "~" + normalize_str(m["text"]).replace(" ", "")  # «~»: words, not an id
        first, end = bisect_left(word_starts, m["start"]), bisect_left(word_starts, m["end"])
        if end > first:
            out.append((first, end, m["kind"], key))
    return out


@compiled
def _statement_words() -> frozenset[str]:
    """The nouns of a statement (check/frames.py ``statement_nouns``), and their content terms."""
    from riwaya.check.frames import statement_nouns
    from riwaya.text.segment import tokens
    from riwaya.text.terms import content_terms

    nouns = " ".join(sorted(statement_nouns()))
    return frozenset(content_terms(tokens(nouns))) | frozenset(t.norm for t in tokens(nouns))


def _attributed(analysis: Any) -> list[str]:
    """What a document says its statements come from: the content terms (and actors, as
    «@family») of its sentences that name a statement («وقالت اللجنة في بيان», «بحسب بيان
    التجمّع»), the statement words themselves left out."""
    from riwaya.extract.actors import family
    from riwaya.text.terms import content_terms

    words = _statement_words()
    out: set[str] = set()
    for i, toks in enumerate(analysis.tokens):
        if any(t.norm in words or t.norm[1:] in words for t in toks):
            out.update(t for t in content_terms(toks) if t not in words)
            out.update(f"@{family(m['id'])}" for m in analysis.mentions
                       if m["kind"] == "actor" and m["sentence"] == i)
    return sorted(out)


def _issuer(text: str, analysis: Any) -> dict[str, Any] | None:
    """A primary source (a statement whose header names who issued it): the issuer line and
    the terms (and actors, as «@family») of its header lines."""
    from riwaya.check.anatomy import read_header
    from riwaya.extract.actors import family
    from riwaya.text.segment import tokens
    from riwaya.text.terms import content_terms

    header = read_header(text[:4000])
    if header.issuer is None or not (header.title or header.reference or header.dates):
        return None  # a heading alone is a headline, not a statement's header
    words = _statement_words()
    terms: set[str] = set()
    for s, e in header.lines:
        terms.update(t for t in content_terms(tokens(text[s:e])) if t not in words)
        terms.update(f"@{family(m['id'])}" for m in analysis.mentions
                     if m["kind"] == "actor" and s <= m["start"] < e)
    return {"text": header.issuer, "terms": sorted(terms)}
