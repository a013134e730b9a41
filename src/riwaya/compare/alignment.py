"""Reused passages between two documents, found as passim and BLAST find them: seed on the word
n-grams the two share, chain seeds that follow one another on nearly the same diagonal (a few
words inserted, cut or changed between them), and keep the chains long enough to be a passage.

Works on sequences of word keys (hashes of normalized words), so that it is a pure function and
cheap: a dictionary of one side's n-grams and one pass over the other's. Paragraphs moved
elsewhere come out as passages of their own; words changed inside a passage come from difflib.
Why not difflib alone: it finds one longest match and recurses around it, so a paragraph moved
from the end to the start is lost, and on two long texts it is quadratic.
"""

from __future__ import annotations

import difflib
from collections.abc import Container, Sequence
from dataclasses import dataclass

SEED = 3  # words per seed n-gram
GAP = 10  # at most this many words between two seeds of one passage, on either side
SHIFT = 6  # and their diagonals differ by at most this many words (words inserted or cut)
MIN_WORDS = 8  # a passage shorter than this is a phrase both use, not reuse
REPEATS = 3  # an n-gram that many times in one document is its boilerplate, not a seed


@dataclass(frozen=True)
class Passage:
    """Word ranges [start, end) in the two documents that hold one reused passage."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    seeds: int


def passages(a: Sequence[int], b: Sequence[int],
             common: Container[tuple[int, ...]] = frozenset()) -> list[Passage]:
    """The passages of ``a`` reused in ``b`` (and so of ``b`` in ``a``), in ``a``'s order.
    ``common``: n-grams of boilerplate, never seeds (they may still lie inside a passage)."""
    where: dict[tuple[int, ...], list[int]] = {}
    for j in range(len(b) - SEED + 1):
        where.setdefault(tuple(b[j : j + SEED]), []).append(j)
    chains: list[list[int]] = []  # [a_first, b_first, a_last, b_last, seeds]
    live: list[list[int]] = []
    for i in range(len(a) - SEED + 1):
        gram = tuple(a[i : i + SEED])
        found = where.get(gram)
        if not found or len(found) > REPEATS or gram in common:
            continue
        for j in found:
            best, drift = None, SHIFT + 1
            for c in live:
                di, dj = i - c[2], j - c[3]
                if 0 < di <= GAP and 0 < dj <= GAP and abs(di - dj) < drift:
                    best, drift = c, abs(di - dj)
            if best is None:
                best = [i, j, i, j, 0]
                chains.append(best)
                live.append(best)
            best[2], best[3] = i, j
            best[4] += 1
        live = [c for c in live if i - c[2] <= GAP]
    out = [
        Passage(c[0], c[2] + SEED, c[1], c[3] + SEED, c[4])
        for c in chains
        if c[2] + SEED - c[0] >= MIN_WORDS and c[3] + SEED - c[1] >= MIN_WORDS
    ]
    return _without_overlaps(out)


def _without_overlaps(found: list[Passage]) -> list[Passage]:
    """Where two passages claim the same words of one side (a sentence both documents repeat),
    keep the longer."""
    kept: list[Passage] = []
    for p in sorted(found, key=lambda p: -(p.a_end - p.a_start)):
        if all(
            (p.a_end <= q.a_start or q.a_end <= p.a_start) and (p.b_end <= q.b_start or q.b_end <= p.b_start)
            for q in kept
        ):
            kept.append(p)
    return sorted(kept, key=lambda p: p.a_start)


def covered(found: list[Passage], side: str, length: int) -> float:
    """The share of one side's words inside its reused passages."""
    if not length:
        return 0.0
    spans = sorted((p.a_start, p.a_end) if side == "a" else (p.b_start, p.b_end) for p in found)
    total, reach = 0, 0
    for s, e in spans:
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return total / length


def edits(a: Sequence[int], b: Sequence[int], p: Passage) -> list[tuple[str, int, int, int, int]]:
    """The words changed inside a passage: (op, a_start, a_end, b_start, b_end), op one of
    «replace», «delete» (in ``a`` only), «insert» (in ``b`` only), in word indexes."""
    matcher = difflib.SequenceMatcher(None, a[p.a_start : p.a_end], b[p.b_start : p.b_end], autojunk=False)
    return [
        (op, p.a_start + i1, p.a_start + i2, p.b_start + j1, p.b_start + j2)
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
