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

import bisect
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


class _Sorted:
    """One sentence's mentions of a kind, sorted, for nearest-mention look-ups by bisection
    (a sentence may be a whole unpunctuated page)."""

    def __init__(self, mentions: list[dict[str, Any]]):
        self.mentions = sorted(mentions, key=lambda m: m["start"])
        self.ends = [m["end"] for m in self.mentions]
        self.starts = [m["start"] for m in self.mentions]

    def nearest(self, position: int, skip: Any = None) -> dict[str, Any] | None:
        """The mention ending nearest before ``position`` (not ``skip``-ped), else the first
        starting after it."""
        i = bisect.bisect_right(self.ends, position) - 1
        while i >= 0 and skip is not None and skip(self.mentions[i]):
            i -= 1
        if i >= 0:
            return self.mentions[i]
        j = bisect.bisect_left(self.starts, position)
        while j < len(self.mentions) and skip is not None and skip(self.mentions[j]):
            j += 1
        return self.mentions[j] if j < len(self.mentions) else None

    def inside(self, span: dict[str, Any]) -> dict[str, Any] | None:
        j = bisect.bisect_left(self.starts, span["start"])
        if j < len(self.mentions) and self.mentions[j]["end"] <= span["end"]:
            return self.mentions[j]
        return None


def _by_sentence(mentions: list[dict[str, Any]]) -> dict[int, _Sorted]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for m in mentions:
        grouped.setdefault(m["sentence"], []).append(m)
    return {k: _Sorted(v) for k, v in grouped.items()}


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
    empty = _Sorted([])
    hedges: dict[int, str] = {}  # per sentence: a sentence may be a whole unpunctuated page
    for q in (m for m in mentions if m["kind"] == "quantity"):
        s = q["sentence"]
        here = actors.get(s, empty)
        said = attribution[s]
        # «تسليم الفصائل العشرة»: the factions; else the nearest actor that is not the speaker.
        actor = here.inside(q) or here.nearest(q["start"], skip=lambda a, said=said: _inside(a, said))
        place = places.get(s, empty).nearest(q["start"]) or document_place
        date = dates.get(s, empty).nearest(q["start"]) or document_date
        q["claim"] = {
            "event": q["event"], "unit": q["unit"],
            "actor": _ref(actor, "id", "name"), "place": _ref(place, "id", "name"),
            "date": _ref(date, "value", "gregorian", "calendar"),
            "attributed_to": attribution[s],
            "hedge": hedges[s] if s in hedges else hedges.setdefault(s, _hedge(tokens[s])),
        }


def _inside(m: dict[str, Any], span: dict[str, Any] | None) -> bool:
    return span is not None and span["start"] <= m["start"] and m["end"] <= span["end"]
