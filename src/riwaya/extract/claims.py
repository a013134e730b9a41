"""Claims: who says which figure about what — the unit that comparing accounts works on.

Each quantity becomes a claim: the figure, its event, the actor it concerns (the nearest actor
named before it in its sentence, or after it when none is before), the place and date of its
sentence (or of the document), who the text attributes it to, and how it is hedged:
«زعم … مقتل 40» is claimed, «نفى …» denied, «أكد …» confirmed, «بحسب ناشطين» reported.
The attribution is the subject of the sentence's reporting verb («قال المرصد إن»), an
«according to» phrase («بحسب», «وفق», «نقلاً عن»), or the last one named earlier in the paragraph
— reports attribute once and then go on.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from riwaya.extract.quotes import speaker
from riwaya.lexicon import load_yaml
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token


@cache
def _hedges() -> dict[str, str]:
    data = load_yaml("attribution.yaml").get("hedges", {})
    return {normalize_str(word): hedge for hedge, words in data.items() for word in words}


@cache
def _according_to() -> dict[str, list[tuple[str, ...]]]:
    """«According to» phrases by their first word, longest first."""
    data = load_yaml("attribution.yaml").get("according_to", [])
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((tuple(normalize_str(w).split()) for w in data), key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def _according(tokens: list[Token], text: str) -> dict[str, Any] | None:
    """«بحسب ناشطين», «وفق مصادر محلية», «نقلاً عن مصدر عسكري»: the source named after it."""
    table = _according_to()
    words = [t.norm for t in tokens]
    for i, word in enumerate(words):
        first = word if word in table else word[1:] if word[:1] == "و" and word[1:] in table else None
        if first is None:
            continue
        for phrase in table[first]:
            if (first, *words[i + 1:i + len(phrase)]) == phrase:
                named = []
                for tok in tokens[i + len(phrase):]:
                    if tok.kind != "word" or len(named) == 4 or tok.norm in ("ان", "فان", "في", "الي"):
                        break
                    named.append(tok)
                if named:
                    return {"text": text[named[0].start:named[-1].end], "start": named[0].start,
                            "end": named[-1].end}
    return None


def _hedge(tokens: list[Token]) -> str:
    table = _hedges()
    for tok in tokens:
        word = tok.norm[1:] if tok.norm[:1] in ("و", "ف") and tok.norm[1:] in table else tok.norm
        if word in table:
            return table[word]
    return "reported"


def _by_sentence(mentions: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for m in mentions:
        grouped.setdefault(m["sentence"], []).append(m)
    return grouped


def _nearest(same: list[dict[str, Any]], position: int) -> dict[str, Any] | None:
    """The mention of a sentence nearest before ``position``, else the first after it."""
    before = [m for m in same if m["end"] <= position]
    if before:
        return before[-1]
    after = [m for m in same if m["start"] >= position]
    return after[0] if after else None


def _ref(m: dict[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    if m is None:
        return None
    return {k: m.get(k) for k in ("start", "end", "text", *keys)}


def attach_claims(text: str, tokens: list[list[Token]], mentions: list[dict[str, Any]],
                  paragraph_of: list[int]) -> None:
    """Give every quantity among ``mentions`` its ``claim`` (offsets into ``text``). The claim
    lives on the quantity so that a long document's claims stream out with its mentions."""
    actors = _by_sentence([m for m in mentions if m["kind"] == "actor"])
    all_places = [m for m in mentions if m["kind"] == "place"]
    places = _by_sentence(all_places)
    all_dates = [m for m in mentions if m["kind"] == "date" and m.get("value")]
    dates = _by_sentence(all_dates)
    last_source: dict[int, dict[str, Any]] = {}  # paragraph -> last attribution named
    attribution: list[dict[str, Any] | None] = []
    for i, toks in enumerate(tokens):
        said = _according(toks, text) or (
            speaker(tokens, toks[-1].end, text, look_back=0, sentence=i) if toks else None)
        if said is not None:
            last_source[paragraph_of[i]] = said
        attribution.append(said or last_source.get(paragraph_of[i]))
    place_counts = Counter(p["id"] for p in all_places)
    document_place = max(all_places, key=lambda p: place_counts[p["id"]], default=None)
    document_date = all_dates[0] if all_dates else None
    for q in (m for m in mentions if m["kind"] == "quantity"):
        s = q["sentence"]
        here = actors.get(s, [])
        inside = [a for a in here if _inside(a, q)]  # «تسليم الفصائل العشرة»: the factions
        actor = inside[0] if inside else _nearest(
            [a for a in here if not _inside(a, attribution[s])], q["start"])
        place = _nearest(places.get(s, []), q["start"]) or document_place
        date = _nearest(dates.get(s, []), q["start"]) or document_date
        q["claim"] = {
            "event": q["event"], "unit": q["unit"],
            "actor": _ref(actor, "id", "name"), "place": _ref(place, "id", "name"),
            "date": _ref(date, "value", "gregorian", "calendar"),
            "attributed_to": attribution[s], "hedge": _hedge(tokens[s]),
        }


def _inside(m: dict[str, Any], span: dict[str, Any] | None) -> bool:
    return span is not None and span["start"] <= m["start"] and m["end"] <= span["end"]
