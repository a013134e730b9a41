"""Extraction: sentences, quantities and dates of a text, as plain dictionaries with offsets.

Large inputs are processed in chunks cut at paragraph breaks, so memory stays bounded by the
chunk size whatever the size of the input; ``iter_extract`` yields chunk by chunk and
``extract`` gathers everything for ordinary documents.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from riwaya.extract.actors import find_actors
from riwaya.extract.claims import attach_claims
from riwaya.extract.figure_frames import attach_frames
from riwaya.extract.people import find_named_people, find_people
from riwaya.extract.places import find_places
from riwaya.extract.quantities import count_members_of_bodies, find_quantities
from riwaya.extract.quotes import find_quote_mentions
from riwaya.text.dates import find_dates
from riwaya.text.normalize import EXTRACT, normalize_str
from riwaya.text.segment import Token, cut_before, paragraphs, sentences, token_table, tokens_from_table

CHUNK_CHARS = 500_000


@dataclass
class Chunk:
    """A piece of a long document analyzed on its own: its sentences and mentions."""

    start: int
    sentences: list[dict[str, int]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[list[Token]] | None = None  # per sentence, when asked for


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Cut ``text`` into pieces of at most about ``size`` characters at natural breaks."""
    start = 0
    n = len(text)
    while start < n:
        if n - start <= size:
            yield start, n
            return
        # at a paragraph, line, sentence or word break; where there is none, mid-line
        cut = cut_before(text, start, size, (r"\n\s*\n", r"\n", r"[.!?؟]\s", r"\s"))
        yield start, cut
        start = cut


def extract_chunk(text: str, start: int, end: int, ref_date: dt.date | None,
                  first_sentence: int = 0, keep_tokens: bool = False) -> Chunk:
    piece = text[start:end]
    norm = EXTRACT(piece)
    chunk = Chunk(start, tokens=[] if keep_tokens else None)
    dates = find_dates(piece, ref_date, norm)
    date_spans = [(d.start, d.end) for d in dates]
    date_ends = [d.end for d in dates]
    mentions: list[tuple[int, dict[str, Any]]] = []
    places = find_places(piece, norm)
    # «مديرية الشيخ عثمان», «مدينة الشيخ زويد»: no title starts a name inside a place's name
    in_places = sorted((p["start"], p["end"]) for p in places)
    sentence_spans = sentences(piece)
    table = token_table(norm)
    # Token rows of each sentence: tokens whose original start falls inside it.
    bounds = np.searchsorted(table.original_start, [p for span in sentence_spans for p in span])
    sentence_tokens = []
    for idx, (s, e) in enumerate(sentence_spans):
        chunk.sentences.append({"start": s + start, "end": e + start})
        toks = tokens_from_table(table, norm.text, int(bounds[2 * idx]), int(bounds[2 * idx + 1]))
        sentence_tokens.append(toks)
        lo = bisect.bisect_left(date_ends, s + 1)
        masked = [span for span in date_spans[lo:lo + 8] if span[0] < e]
        if chunk.tokens is not None:
            chunk.tokens.append([t._replace(start=t.start + start, end=t.end + start) for t in toks])
        for q in find_quantities(toks, piece, masked):
            d = q.as_dict()
            d["sentence"] = first_sentence + idx
            mentions.append((q.start, d))
        titled = find_people(toks, piece, _titles_in_places(piece, in_places, toks))
        untitled = find_named_people(toks, piece, [(p.start, p.end) for p in titled])
        for person in titled + untitled:
            d = person.as_dict()
            d["sentence"] = first_sentence + idx
            mentions.append((person.start, d))
    sentence_starts = [s for s, _ in sentence_spans]
    for date in dates:
        d = date.as_dict()
        d["sentence"] = first_sentence + sentence_at(sentence_starts, date.start)
        mentions.append((date.start, d))
    actors = find_actors(piece, norm, Counter(p["country"] for p in places if p.get("country")),
                         {p["start"]: p["country"] for p in places if p.get("country")})
    mentions, actors, places = resolve_overlaps(mentions, actors, places)
    count_members_of_bodies(piece, [d for _, d in mentions if d["kind"] == "quantity"], actors)
    for d in places + actors + find_quote_mentions(piece, sentence_tokens):
        d["sentence"] = first_sentence + sentence_at(sentence_starts, d["start"])
        mentions.append((d["start"], d))
    mentions.sort(key=lambda m: (m[0], m[1]["end"]))
    paragraph_starts = [s for s, _ in paragraphs(piece)]
    paragraph_of = [sentence_at(paragraph_starts, s) for s, _ in sentence_spans]
    local = [d for _, d in mentions]
    for d in local:
        d["sentence"] -= first_sentence
    attach_claims(piece, sentence_tokens, local, paragraph_of)
    attach_frames(piece, sentence_tokens, local, ref_date)
    shifted: set[int] = set()  # figures of one sentence share a claim's parts: each moves once
    for d in local:
        d["sentence"] += first_sentence
        claim = d.get("claim") or {}
        for value in [d, *claim.values(), *(claim.get("frame") or {}).values()]:
            if isinstance(value, dict) and id(value) not in shifted:
                shifted.add(id(value))
                _shift(value, start)
        chunk.mentions.append(d)
    return chunk


def segment_chunk(text: str, start: int, end: int) -> Chunk:
    """A chunk's sentences and tokens, nothing extracted from them."""
    piece = text[start:end]
    norm = EXTRACT(piece)
    chunk = Chunk(start, tokens=[])
    table = token_table(norm)
    sentence_spans = sentences(piece)
    bounds = np.searchsorted(table.original_start, [p for span in sentence_spans for p in span])
    for idx, (s, e) in enumerate(sentence_spans):
        chunk.sentences.append({"start": s + start, "end": e + start})
        toks = tokens_from_table(table, norm.text, int(bounds[2 * idx]), int(bounds[2 * idx + 1]))
        chunk.tokens.append([t._replace(start=t.start + start, end=t.end + start) for t in toks])  # type: ignore[union-attr]
    return chunk


def resolve_overlaps(mentions: list[tuple[int, dict[str, Any]]], actors: list[dict[str, Any]],
                     places: list[dict[str, Any]]) -> tuple[list[tuple[int, dict[str, Any]]],
                                                            list[dict[str, Any]], list[dict[str, Any]]]:
    """Where an actor, a place and a person overlap, which one the text names (in the manner of
    spaCy's ``filter_spans``, with rules of Arabic news rather than "longest wins"):

    - a place inside an actor's name is part of the name: «قوات سوريا الديمقراطية»;
    - a name found by its given name alone yields to an actor or a place it overlaps: «محمد بن
      سلمان» the actor, «عيسى» in a place name;
    - «المتحدث باسم أنصار الله» is a role of an actor, not a person named «أنصار الله»: a person
      whose name starts with an actor's name (after a clitic, «لحزب الله») goes;
    - an actor inside a person's name after its start («الرائد أحمد المصري») is the person's
      surname, not Egypt.

    ``mentions`` are (start, mention) pairs of quantities, people and dates; the actors and places
    come apart, as found. Returns the three, filtered.
    """
    places = _outside(places, actors, strictly=True)
    named = [*actors, *places]
    mentions = [(k, d) for k, d in mentions if not (d["kind"] == "person" and d["title"] is None and any(
        a["start"] < d["end"] and d["start"] < a["end"] for a in named))]
    actor_starts = {a["start"] for a in actors}
    roles = {id(d) for _, d in mentions if d["kind"] == "person" and any(
        d["end"] - len(d["name"]) + k in actor_starts for k in range(3))}
    mentions = [(k, d) for k, d in mentions if id(d) not in roles]
    actors = _outside(actors, [d for _, d in mentions if d["kind"] == "person"])
    return mentions, actors, places


_LONGEST_PLACE = 200  # characters: no place's name is longer


def _titles_in_places(text: str, spans: list[tuple[int, int]], toks: list[Token]) -> set[int]:
    """Offsets of the sentence's words that start inside a place's name after its start, or that
    start a place's name after a noun of places («مدينة الشيخ زويد»): no title there."""
    if not spans or not toks:
        return set()
    lo, hi = toks[0].start, toks[-1].end
    # the places of this sentence only (``spans`` are in text order): a long text stays linear
    first = bisect.bisect_left(spans, (lo - _LONGEST_PLACE, 0))
    last = bisect.bisect_right(spans, (hi, hi))
    near = [(s, e) for s, e in spans[first:last] if s < hi and e > lo]
    return {t.start for t in toks for s, e in near
            if s < t.start < e or (s == t.start and _after_place_noun(text, s))}


def _after_place_noun(text: str, at: int) -> bool:
    """Whether the word before ``at`` is a noun of places («مدينة», «دائرة»: frames.yaml)."""
    from riwaya.lexicon import figure_frames

    before = text[max(0, at - 20):at].split()
    return bool(before) and normalize_str(before[-1]) in figure_frames().admin_nouns


def _outside(inner: list[dict[str, Any]], outer: list[dict[str, Any]],
             strictly: bool = False) -> list[dict[str, Any]]:
    """The mentions of ``inner`` not inside a mention of ``outer`` (sorted, not overlapping);
    ``strictly``: only inside a longer one."""
    starts = [o["start"] for o in outer]
    return [m for m in inner if not _inside_any(m, outer, starts, strictly)]


def _inside_any(m: dict[str, Any], spans: list[dict[str, Any]], starts: list[int],
                strictly: bool) -> bool:
    i = bisect.bisect_right(starts, m["start"]) - 1
    if i < 0:
        return False
    outer = spans[i]
    inside = outer["start"] <= m["start"] and m["end"] <= outer["end"]
    longer = (outer["end"] - outer["start"]) > (m["end"] - m["start"])
    return inside and (longer or not strictly)


def sentence_at(starts: list[int], offset: int) -> int:
    """The index of the sentence (by its start offsets) that holds ``offset``."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _shift(mention: dict[str, Any], base: int) -> None:
    if not base:
        return
    for key in ("start", "end", "number_start", "number_end", "speaker_start", "speaker_end", "of"):
        if mention.get(key) is None:
            continue
        mention[key] += base
    if "same_day_as" in mention:
        other = mention["same_day_as"]
        mention["same_day_as"] = {"start": other["start"] + base, "end": other["end"] + base}


def iter_extract(text: str, ref_date: dt.date | None = None,
                 chunk_size: int = CHUNK_CHARS) -> Iterator[Chunk]:
    count = 0
    for s, e in chunk_spans(text, chunk_size):
        chunk = extract_chunk(text, s, e, ref_date, count)
        count += len(chunk.sentences)
        yield chunk


@dataclass
class Analysis:
    """Everything the text core finds in one document, tokens included (for check)."""

    text: str
    sentences: list[tuple[int, int]]
    tokens: list[list[Token]]
    mentions: list[dict[str, Any]]
    extracted_to: int = 0  # the end of what mentions were looked for in (the whole text but past max_chars)


def analyze(text: str, ref_date: dt.date | None = None, max_chars: int | None = None,
            chunk_size: int = CHUNK_CHARS) -> Analysis:
    """Sentences, tokens and mentions of ``text``; past ``max_chars`` (the chunks that begin
    after it) sentences and tokens only, which are quick: extraction runs at some 30,000–90,000
    characters a second, so millions of characters took minutes (issue 16)."""
    result = Analysis(text, [], [], [])
    count = 0
    for s, e in chunk_spans(text, chunk_size):
        if max_chars is not None and s >= max_chars:
            chunk = segment_chunk(text, s, e)
        else:
            chunk = extract_chunk(text, s, e, ref_date, count, keep_tokens=True)
            result.extracted_to = e
        count += len(chunk.sentences)
        result.sentences.extend((d["start"], d["end"]) for d in chunk.sentences)
        result.tokens.extend(chunk.tokens or [])
        result.mentions.extend(chunk.mentions)
    return result


def extract(text: str, ref_date: dt.date | None = None) -> dict[str, Any]:
    """``{"text", "sentences", "mentions"}`` for ``text`` (the `riwaya extract` JSON contract)."""
    out: dict[str, Any] = {"text": text, "sentences": [], "mentions": []}
    for chunk in iter_extract(text, ref_date):
        out["sentences"].extend(chunk.sentences)
        out["mentions"].extend(chunk.mentions)
    return out
