"""Aligning report sentences with the source sentences they draw on.

Each sentence becomes a bag of content terms: light stems of its words (function words and the
frame of reported speech removed: «وأضاف البيان أن» says who speaks, not what was said) and its
figures («#1200»). Terms are weighted by rarity in the sources (idf), so a shared «القلمون» counts
more than a shared «المنطقة». A report sentence is aligned greedily to the source sentence that
covers most of its weight, then to further sentences while they cover what the first did not:
a report that merges three source sentences into one aligns to all three. Candidates come from
an inverted index over the sources, so the cost grows with shared terms, not with
report × source sentences.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from riwaya.text.terms import root_key

SUPPORTED = 0.5  # share of a sentence's term weight found in the source
RELATED = 0.5  # credit for a term whose root-like key is in an aligned sentence (فرار ~ فر)
PARTIAL = 0.2
_GAIN = 0.07  # what another source sentence must add (share of weight) to be aligned too
_MAX_SOURCES = 4
_FIGURE_WEIGHT = 2.0  # a shared figure is strong evidence


@dataclass
class SourceSentence:
    """A source sentence as the aligner sees it: where it is and its content terms."""

    source: int  # which source
    index: int  # sentence index within that source
    terms: frozenset[str]


@dataclass
class Alignment:
    """Which source sentences a report sentence comes from, how closely, and what differs."""

    sentence: int
    source: int | None
    source_sentences: list[int]
    score: float
    verdict: str
    shared: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # report terms no aligned source sentence has
    actor_mismatch: list[str] = field(default_factory=list)  # actors the aligned source does not name

    def as_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "source": self.source,
                "source_sentences": self.source_sentences, "score": round(self.score, 3),
                "verdict": self.verdict, "shared_terms": self.shared, "new_terms": self.missing,
                "actor_mismatch": self.actor_mismatch}


class SourceIndex:
    """An inverted index over the sentences of every source, with idf weights."""

    def __init__(self, sentences: list[SourceSentence]):
        self.sentences = sentences
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, sentence in enumerate(sentences):
            for term in sentence.terms:
                self.postings[term].append(i)
        n = len(sentences) + 1
        self.idf = {t: math.log((n + 1) / (len(p) + 0.5)) + 0.1 for t, p in self.postings.items()}
        self.unseen = math.log((n + 1) / 0.5) + 0.1  # a term the sources never use

    def weight(self, term: str) -> float:
        base = self.idf.get(term, self.unseen)
        return base * _FIGURE_WEIGHT if term.startswith("#") else base

    def align(self, index: int, terms: Iterable[str]) -> Alignment:
        # Sums are exact (math.fsum) and candidates go in sentence order, so the choice does not
        # hang on the order a set iterates in, which changes with each process's hash seed: the
        # same report gives the same alignment on every run, and a tie goes to the earlier sentence.
        wanted = set(terms)
        weights = {t: self.weight(t) for t in sorted(wanted)}
        total = math.fsum(weights.values())
        if not total:
            return Alignment(index, None, [], 0.0, "unsupported")
        candidates: dict[int, float] = defaultdict(float)
        for term in weights:
            for i in self.postings.get(term, ()):
                candidates[i] += weights[term]
        chosen: list[int] = []
        covered: set[str] = set()
        while candidates and len(chosen) < _MAX_SOURCES:
            best, gain = None, 0.0
            for i in sorted(candidates):
                if i in chosen:
                    continue
                extra = math.fsum(weights[t] for t in (self.sentences[i].terms & wanted) - covered)
                if extra > gain:
                    best, gain = i, extra
            if best is None or (chosen and gain / total < _GAIN):
                break
            # Further sentences must come from the same source as the first.
            if chosen and self.sentences[best].source != self.sentences[chosen[0]].source:
                candidates.pop(best)
                continue
            chosen.append(best)
            covered |= self.sentences[best].terms & wanted
        roots = {root_key(t) for i in chosen for t in self.sentences[i].terms}
        related = {t for t in wanted - covered if len(root_key(t)) >= 2 and root_key(t) in roots}
        score = (math.fsum(weights[t] for t in covered)
                 + RELATED * math.fsum(weights[t] for t in related)) / total
        verdict = "supported" if score >= SUPPORTED else "partial" if score >= PARTIAL else "unsupported"
        if verdict == "unsupported":
            chosen = chosen[:1]
        source = self.sentences[chosen[0]].source if chosen else None
        return Alignment(index, source, sorted(self.sentences[i].index for i in chosen), score, verdict,
                         sorted(covered), sorted(wanted - covered))
