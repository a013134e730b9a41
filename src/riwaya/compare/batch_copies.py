"""The copies of a whole batch of documents found at once, as shuffles a cluster runs
(corpus/cluster.py), with exactly the links `Corpus.add` finds one document at a time against
its ``CopyIndex`` of every earlier document.

A document's candidates are the documents stored before it (the order added, which is the
order of their ids) that

* share one of its MinHash LSH bands (datasketch's MinHashLSH at LSH_THRESHOLD: any band equal);
* share one of its long sentences, held by at most COMMON_SENTENCE documents before it;
* share enough sampled 3-grams («anchors»), each held by at most COMMON_SENTENCE before it.

So every document says one key per band, sentence and anchor (`keys`); keys are routed by their
value (`routed`), so that each bucket holds every holder of its keys, sorts them in the order
added and pairs each holder with the holders before it (`pairs`); the pairs go to the block of
the later document (blocks are runs of ids), where anchors shared are counted (`candidates`);
the later document's block then verifies them (`links`), with the print of each earlier
document read from the database by its id, or, where the steps cannot open the database, asked
of the earlier document's block in one more shuffle (`answered`). No step holds more than a
block's documents and what its documents are paired with: the corpus is never gathered in one
process.

Keys and pairs are numpy arrays, not Python tuples: millions of keys are routed and sorted in
a fraction of a second, where a bag of tuples took minutes.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from riwaya.compare.duplicates import (
    ANCHORS_SHARED,
    COMMON_SENTENCE,
    LSH_THRESHOLD,
    MAX_COPY_LINKS,
    PREFILTER,
    Fingerprint,
    _anchors,
    copy_links,
    verified,
)

# A key: one 64-bit mix of what it is (its kind: 0 a sentence, 1 an anchor, 2 + i the LSH band i)
# and its values (a sentence's or an anchor's hash; a band's MinHash values, as datasketch
# compares them: all equal); its kind; who holds it and that one's number of anchors. 17 bytes:
# the key shuffle is the largest the copy step sends and holds (38 bytes a key, three values and
# a wide id, were 131 MB for all of SaudiNewsNet). Keys are told apart by mix and kind. A
# sentence's or an anchor's mix is one-to-one (xor, an odd multiplier and a right xorshift are
# each invertible); only a band's three values, mixed into 64 bits, can meet another band's, about
# once in 2**64 pairs: for all of SaudiNewsNet (1.1 million band keys) a chance of 3 in 100
# million that one pair of documents is verified needlessly, and verification is exact.
KEY = np.dtype([("key", "u8"), ("kind", "u1"), ("doc", "u4"), ("anchors", "u4")])
# A candidate pair: the later document, the earlier one, whether by an anchor (counted before it
# counts), and each one's number of anchors.
PAIR = np.dtype([("later", "u4"), ("earlier", "u4"), ("anchor", "?"), ("nl", "u4"), ("ne", "u4")])
LAST_DOC = np.iinfo(np.uint32).max  # the largest document id the shuffles carry
SENTENCE, ANCHOR, BAND = 0, 1, 2

PlacingKey = tuple[str, str]


@dataclass
class CopyPrint:
    """What finding one document's copies needs of it: its fingerprint, MinHash values, words
    with their offsets ((n, 3): key, start, end) and where it stands in the placing order (the
    later one there is the copy)."""

    fp: Fingerprint
    minhash: np.ndarray | None
    words: np.ndarray | None
    key: PlacingKey

    @property
    def doc_id(self) -> int:
        return self.fp.doc_id


@cache
def band_ranges() -> tuple[tuple[int, int], ...]:
    """The MinHash bands `CopyIndex`'s MinHashLSH compares (datasketch picks them from the
    threshold and the number of permutations)."""
    from datasketch import MinHashLSH

    from riwaya.compare.prepare import NUM_PERM

    ranges = tuple(MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges)
    if len(ranges) > 250:  # a band's kind is BAND + its number, in a byte
        raise ValueError("more LSH bands than a key's kind holds")
    return ranges


def keys(prints: Iterable[CopyPrint]) -> np.ndarray:
    """Every key the documents hold: one per LSH band, per long sentence, per anchor."""
    bands = band_ranges()
    firsts = np.array([start for start, _end in bands])
    widths = np.array([end - start for start, end in bands])
    chunks = []
    for p in prints:
        if not 0 < p.doc_id <= LAST_DOC:
            raise ValueError(f"document id {p.doc_id} is past what the copy shuffle carries ({LAST_DOC})")
        sentences = np.fromiter(p.fp.sentence_keys, dtype=np.uint64, count=len(p.fp.sentence_keys))
        anchors = _anchors(p.fp.shingles).astype(np.uint64)
        kinds = [np.full(len(sentences), SENTENCE, np.uint8), np.full(len(anchors), ANCHOR, np.uint8)]
        mixes = [_mixed(kinds[0], sentences), _mixed(kinds[1], anchors)]
        if p.minhash is not None:
            kinds.append((BAND + np.arange(len(bands))).astype(np.uint8))
            at = [np.minimum(firsts + j, len(p.minhash) - 1) for j in range(int(widths.max()))]
            values = [np.where(widths > j, p.minhash[a], 0).astype(np.uint64) for j, a in enumerate(at)]
            mixes.append(_mixed(kinds[2], *values))
        rows = np.zeros(sum(len(k) for k in kinds), KEY)
        rows["key"] = np.concatenate(mixes)
        rows["kind"] = np.concatenate(kinds)
        rows["doc"] = p.doc_id
        rows["anchors"][len(sentences):len(sentences) + len(anchors)] = len(anchors)
        chunks.append(rows)
    return np.concatenate(chunks) if chunks else np.zeros(0, KEY)


def _mixed(kinds: np.ndarray, *values: np.ndarray) -> np.ndarray:
    """A 64-bit mix of each key's kind and values (splitmix64's steps): equal keys, equal mixes."""
    with np.errstate(over="ignore"):
        h = kinds.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        odds = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93)
        for j, value in enumerate(values):
            odd = odds[j % len(odds)]
            h = (h ^ value) * np.uint64(odd)
            h ^= h >> np.uint64(31)
    return h


def routed(rows: np.ndarray, buckets: int) -> dict[int, np.ndarray]:
    """Keys by the bucket that holds every holder of them."""
    return by_destination(rows, (rows["key"] % np.uint64(buckets)).astype(np.int64), buckets)


def by_destination(rows: np.ndarray, to: np.ndarray, n: int) -> dict[int, np.ndarray]:
    """``rows`` by where each goes (``to``, 0 to n - 1), in their order: one stable sort, where a
    pass over all rows for each destination cost n times the rows (a thousand passes over each
    block's rows at a thousand blocks)."""
    order = np.argsort(to, kind="stable")
    bounds = np.searchsorted(to[order], np.arange(n + 1)).tolist()
    ordered = rows[order]
    return {b: ordered[bounds[b]:bounds[b + 1]] for b in range(n)}


def pairs(rows: np.ndarray) -> np.ndarray:
    """Each holder of a key paired with the holders before it: all of them for a band (as
    MinHashLSH's query), those before it for a sentence or an anchor held by at most
    COMMON_SENTENCE before it (as CopyIndex's indexes). ``rows``: every holder of its keys."""
    if not len(rows):
        return np.zeros(0, PAIR)
    rows = rows[np.lexsort((rows["doc"], rows["kind"], rows["key"]))]
    n = len(rows)
    index = np.arange(n)
    new = np.ones(n, bool)
    new[1:] = (rows["key"][1:] != rows["key"][:-1]) | (rows["kind"][1:] != rows["kind"][:-1])
    start = np.maximum.accumulate(np.where(new, index, 0))
    rank = index - start  # holders of the key before this one
    pairing = (rank > 0) & ((rows["kind"] >= BAND) | (rank <= COMMON_SENTENCE))
    later = np.flatnonzero(pairing)
    counts = rank[later]
    total = int(counts.sum())
    out = np.zeros(total, PAIR)
    if not total:
        return out
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    earlier = np.repeat(start[later], counts) + (np.arange(total) - offsets)
    at_later = np.repeat(later, counts)
    out["later"] = rows["doc"][at_later]
    out["earlier"] = rows["doc"][earlier]
    out["anchor"] = rows["kind"][at_later] == ANCHOR
    out["nl"] = rows["anchors"][at_later]
    out["ne"] = rows["anchors"][earlier]
    # the bands of two near-identical texts pair them up to once a band: once is enough
    bands = out[~out["anchor"]]
    return np.concatenate([_unique_pairs(bands), out[out["anchor"]]])


def _codes(found: np.ndarray) -> np.ndarray:
    return found["later"].astype(np.uint64) << np.uint64(32) | found["earlier"].astype(np.uint64)


def _unique_pairs(found: np.ndarray) -> np.ndarray:
    _codes_found, first = np.unique(_codes(found), return_index=True)
    return found[first]


def block_of(doc_ids: np.ndarray, starts: Sequence[int]) -> np.ndarray:
    """The block (a run of ids, from ``starts[i]``) each document is in."""
    return np.searchsorted(np.asarray(starts, dtype=np.int64), doc_ids, side="right") - 1


def routed_by_block(found: np.ndarray, side: str, starts: Sequence[int]) -> dict[int, np.ndarray]:
    """Pairs by the block of their ``side`` document (later or earlier)."""
    return by_destination(found, block_of(found[side], starts), len(starts))


def candidates(found: Iterable[np.ndarray], first_new: int) -> np.ndarray:
    """The candidate pairs of the new documents (ids from ``first_new`` on), once each: paired
    by a band or a sentence, or by enough anchors shared (CopyIndex._contained)."""
    every = np.concatenate([np.zeros(0, PAIR), *found])
    every = every[every["later"] >= first_new]
    direct = every[~every["anchor"]]
    by_anchor = every[every["anchor"]]
    _codes_found, first, shared = np.unique(_codes(by_anchor), return_index=True, return_counts=True)
    by_anchor = by_anchor[first]

    def enough(anchors: np.ndarray) -> np.ndarray:
        return shared >= np.maximum(ANCHORS_SHARED, PREFILTER * anchors)

    by_anchor = by_anchor[enough(by_anchor["nl"]) | enough(by_anchor["ne"])]
    return _unique_pairs(np.concatenate([direct, by_anchor]))


def answered(prints: Sequence[CopyPrint], asked: Iterable[np.ndarray], starts: Sequence[int]
             ) -> dict[int, tuple[np.ndarray, bytes]]:
    """What a block (its ``prints``) sends each block of later documents: the pairs asked of
    it, and the print of each earlier document of its own they name (once per block asking).

    The prints go pickled: an answer waits in a worker until every block has answered, and Dask
    weighs what it holds to spill it to disk; a CopyPrint it weighed at a few bytes (its shallow
    size), so no answer was ever spilled, and a worker grew by 200 MB at 30,000 documents."""
    mine = {p.doc_id: p for p in prints}
    every = np.concatenate([np.zeros(0, PAIR), *asked])
    return {block: (found, pickle.dumps({int(d): mine[int(d)] for d in np.unique(found["earlier"])},
                                        protocol=pickle.HIGHEST_PROTOCOL))
            for block, found in routed_by_block(every, "later", starts).items()}


@dataclass(frozen=True)
class LinkRow:
    """A link to store: «copies» (source copies target) or «template» (items of one template)."""

    source: int
    target: int
    kind: str
    similarity: float | None = None
    data: dict[str, Any] | None = None


def received(answers: Iterable[tuple[np.ndarray, bytes]]) -> tuple[np.ndarray, dict[int, CopyPrint]]:
    """A block's answers (`answered`) put together: the pairs, and the earlier prints sent."""
    found, earlier = [], {}
    for pairs, sent in answers:
        found.append(pairs)
        earlier.update(pickle.loads(sent))
    return np.concatenate([np.zeros(0, PAIR), *found]), earlier


def links(prints: Sequence[CopyPrint], found: np.ndarray, earlier: Mapping[int, CopyPrint]
          ) -> tuple[list[LinkRow], list[int]]:
    """The copy and template links of a block's new documents, as `Corpus.add` makes them: the
    MAX_COPY_LINKS best verified matches, from the later one in the placing order; and the
    documents that have a copy link. ``prints``: the block's; ``found``: its candidate pairs;
    ``earlier``: the print of each earlier document they name."""
    mine = {p.doc_id: p for p in prints}
    asked: dict[int, set[int]] = {}
    for later_id, earlier_id in zip(found["later"].tolist(), found["earlier"].tolist(), strict=True):
        asked.setdefault(later_id, set()).add(earlier_id)
    rows: list[LinkRow] = []
    copied = []
    for doc_id in sorted(asked):
        new = mine[doc_id]
        matches, templates = verified(new.fp, (earlier[e].fp for e in sorted(asked[doc_id])))
        matches = matches[:MAX_COPY_LINKS]
        if matches:
            copied.append(doc_id)
        rows.extend(LinkRow(*link) for link in copy_links(
            doc_id, new.key, new.fp, new.words, matches, templates, key_of=lambda other: earlier[other].key,
            print_of=lambda other: (earlier[other].fp, earlier[other].words)))
    return rows, copied
