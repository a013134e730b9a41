"""Copies: which document republishes which, and how much it changed.

What the field measured (DESIGN.md): reprinted articles often share under half of their word
3-grams — outlets add their own lead, cut paragraphs, wrap the wire in boilerplate — so MinHash
LSH at a usual threshold misses most copies, and template items (weather bulletins, market
closes) look alike without being copies. So candidates come from two cheap indexes:

* MinHash LSH (datasketch, ``update_batch``) over normalized word 3-grams at a low threshold;
* an index of long normalized sentences: a document that shares a whole sentence of six words
  or more with another is a candidate even when the rest differs;

and a verification decides: the share of the *smaller* document's 3-grams found in the other
(containment, exact, not estimated) must reach ``CONTAINMENT``, and when both carry several
figures their figures must mostly agree (a template with other numbers is not a copy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from riwaya.corpus.prepare import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM, Prepared

LSH_THRESHOLD = 0.3  # candidates only: verification decides
CONTAINMENT = 0.5  # share of the smaller document's 3-grams in the other
TEMPLATE_FIGURES = 3  # with this many figures each, ...
FIGURES_AGREE = 0.5  # ... this share of the smaller one's figures must be in the other
COMMON_SENTENCE = 25  # a sentence in more documents than this is boilerplate, not evidence


@dataclass
class Fingerprint:
    """What verifying a copy needs of a stored document."""

    doc_id: int
    when: str | None  # published, as a sortable ISO timestamp (or day)
    shingles: np.ndarray
    sentence_keys: frozenset[int]
    numbers: frozenset[float]


@dataclass
class CopyIndex:
    lsh: Any = None
    by_sentence: dict[int, list[int]] = field(default_factory=dict)
    prints: dict[int, Fingerprint] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        if self.lsh is None:
            self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)

    def add(self, fingerprint: Fingerprint, minhash: np.ndarray | None) -> None:
        self.prints[fingerprint.doc_id] = fingerprint
        if minhash is not None:
            self.lsh.insert(fingerprint.doc_id, _lean(minhash), check_duplication=False)
        for key in fingerprint.sentence_keys:
            self.by_sentence.setdefault(key, []).append(fingerprint.doc_id)

    def candidates(self, prepared: Prepared) -> set[int]:
        found: set[int] = set()
        if prepared.minhash is not None:
            found.update(self.lsh.query(_lean(prepared.minhash)))
        for key in set(prepared.sentence_keys):
            holders = self.by_sentence.get(key, ())
            if len(holders) <= COMMON_SENTENCE:
                found.update(holders)
        return found

    def matches(self, prepared: Prepared, fingerprint: Fingerprint) -> list[dict[str, Any]]:
        """Verified copies of ``prepared`` among the stored documents, best first."""
        out = []
        for doc_id in self.candidates(prepared):
            other = self.prints.get(doc_id)
            if other is None:
                continue
            verdict = verify(fingerprint, other)
            if verdict is not None:
                out.append({"document": doc_id, **verdict})
        return sorted(out, key=lambda v: -v["containment"])


def _lean(hashvalues: np.ndarray) -> Any:
    from datasketch import LeanMinHash

    return LeanMinHash(seed=MINHASH_SEED, hashvalues=hashvalues, scheme=MINHASH_SCHEME)


def fingerprint(doc_id: int, prepared: Prepared) -> Fingerprint:
    shingles = prepared.shingles if prepared.shingles is not None else np.empty(0, dtype=np.uint32)
    from riwaya.corpus.prepare import published_at

    return Fingerprint(doc_id, published_at(prepared.doc.published), shingles,
                       frozenset(prepared.sentence_keys), frozenset(prepared.numbers))


def verify(a: Fingerprint, b: Fingerprint) -> dict[str, Any] | None:
    """How much of the smaller of two documents is in the other, if enough for a copy."""
    if not len(a.shingles) or not len(b.shingles):
        return None
    shared = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
    smaller = min(len(a.shingles), len(b.shingles))
    containment = shared / smaller
    if containment < CONTAINMENT:
        return None
    if len(a.numbers) >= TEMPLATE_FIGURES and len(b.numbers) >= TEMPLATE_FIGURES:
        agree = len(a.numbers & b.numbers) / min(len(a.numbers), len(b.numbers))
        if agree < FIGURES_AGREE:
            return None  # the same template with other figures: a bulletin, not a copy
    union = len(a.shingles) + len(b.shingles) - shared
    return {"containment": round(containment, 3), "jaccard": round(shared / union, 3),
            "shared_sentences": len(a.sentence_keys & b.sentence_keys),
            "sentences_only_here": len(a.sentence_keys - b.sentence_keys),
            "sentences_only_there": len(b.sentence_keys - a.sentence_keys)}


def earlier(a: tuple[str | None, int], b: tuple[str | None, int]) -> bool:
    """Whether document ``a`` (published, id) came first: the earlier publication (ISO
    timestamps, or days, compare as text), else the earlier stored."""
    day_a, id_a = a
    day_b, id_b = b
    if day_a and day_b and day_a != day_b:
        return day_a < day_b
    return id_a < id_b


def copy_groups(links: list[tuple[int, int]], when: dict[int, str | None]) -> dict[int, int]:
    """Each document in a copy link → the original of its group (the earliest published)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            first, second = (ra, rb) if earlier((when.get(ra), ra), (when.get(rb), rb)) else (rb, ra)
            parent[second] = first
    return {x: find(x) for x in {d for link in links for d in link}}
