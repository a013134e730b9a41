"""Copies: which document republishes which, and what it changed.

What the field has measured: reprinted articles often share under half of their word
3-grams — outlets add their own lead, cut paragraphs, reword, wrap the wire in boilerplate — so
MinHash LSH at a usual threshold misses most copies, and template items (weather bulletins,
cables to two presidents, two banks' results) look alike without being copies. So:

* candidates come from cheap indexes: MinHash LSH (datasketch) over normalized word 3-grams at a
  low threshold; long normalized sentences (a document that shares a whole sentence of six
  words or more with another is a candidate even when the rest differs); and a sample of 3-grams
  (one in ANCHOR_SAMPLE, by hash) that proposes a short reprint inside a long story;
* the decision rests on aligned passages (compare/alignment.py: seeds of shared 3-grams chained
  with edits allowed): a copy when they cover ``COVERAGE`` of the smaller document. On the
  labelled SaudiNewsNet pairs (tests/data/pairs) 3-gram containment at 0.5 missed a third of the
  copies, reworded ones, while aligned coverage kept them apart from stories told twice. The
  3-grams of news boilerplate (lexicon/common_phrases.tsv: in 40+ SaudiNewsNet articles) seed no
  passage, as passim drops common n-grams: two outlets' bulletins share them and little else;
* unless the two are items of one template: inside the aligned passages one names another
  place, party or date where the other names its own (lexicon/slots.yaml), or most of their
  figures differ (a market report of another day); and an outlet's own item of another day, or
  anyone's days apart, must be republished nearly as it was (weather bulletins).
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from riwaya.compare.alignment import Passage, covered, edits, passages
from riwaya.compiled import compiled
from riwaya.lexicon import common_phrases
from riwaya.text.dates import days_apart, published_at

if TYPE_CHECKING:  # the corpus imports this module: its prepare step is imported where used
    from riwaya.compare.prepare import Prepared

LSH_THRESHOLD = 0.3  # candidates only: verification decides
ANCHOR_SAMPLE = 4  # the containment index keeps one 3-gram in this many (one in 8 proposed too few
# short reprints with edits: a 59-word reprint kept 7 anchors and shared 1; SaudiNewsNet ingest at 4:
# 5 more labelled copies found, none false, 352 s against 346 s, peak RSS 1.52 GB against 1.37 GB)
ANCHORS_SHARED = 2  # and proposes documents sharing at least this many of them
PREFILTER = 0.15  # share of the smaller document's 3-grams in the other, before aligning
COVERAGE = 0.4  # share of the smaller document's words inside passages reused from the other
QUOTED = 0.5  # the share when one is a statement: a report quoting much of it cites it (the
# multi-outlet fixtures' reports cover 0.43–0.45 of the statement they quote)
REPUBLISHED = 0.85  # the share for an outlet's own item of another day (SaudiNewsNet: weather
# bulletins and market closes of two days cover 0.6–0.85, items republished the next day 0.85–1)
KEPT = 0.85  # and the share of the smaller text's words kept as they were (republished: 0.85–1;
# bulletins of two days 0.55–0.84). The smaller side only: a release cut or extended when reprinted
# days later is still that release (the labelled pairs' cut reprints kept 0.46 of the longer text)
EDITED_KEPT = 0.6  # or this share of its words, boilerplate aside, reused and kept as they were
# (the labelled pairs: an outlet's release reprinted days later with edits 0.6–0.68; two days'
# bulletins, market closes and police statements of one wording 0.05–0.51)
REPRINT_DAYS = 2  # a reprint comes within this many days; items further apart recur
OWN_KEPT = 0.5  # texts of one day may be copies of a formulaic text, boilerplate and all, when
# this share of the smaller one's own words, boilerplate aside, is reused and kept (the labelled
# pairs: same-day formulaic copies — a forecast, a release — 0.50–0.77; items of one template
# within a day — two calls, two cables — 0–0.26). Not a day apart: consecutive days' weather
# bulletins keep most of their words and chain into one copy group
TEMPLATE_FIGURES = 3  # this many figures changed inside the passages, ...
FIGURES_AGREE = 0.5  # ... and fewer than this share of them kept: a template's other figures
MAX_COPY_LINKS = 5  # verified matches linked per document (the best ones)
COMMON_SENTENCE = 25  # a sentence in more documents than this is boilerplate, not evidence
WHOLE = 0.5  # a copy of the whole when this share of the larger text is reused too; else one
# text holds the other (a short reprint of a long wire story, a digest of several items)
OUTLETS_LINKED = 2  # a text linked to this many other outlets' items of a copy group is one of them
HELD_ALIKE = 0.8  # two texts held in one reuse the same part of it: this share of the smaller reuse
# (0.5 let a royal-court release of several audiences hold two outlets' items of two different
# meetings, a false copy on the fresh blind8 pairs; at 0.8 one copy fewer on the spent pairs)
HOLDS = 0.25  # a text that holds another is about it when this share of it is the other's words (the
# labelled pairs: a release reprinted with a lead and comments 0.27–0.49; digests and roundups of
# several items 0.09–0.16)
LEGACY_CONTAINMENT = 0.5  # the rule for documents stored without their words (schema < 5)
CHANGE_WORDS = 5  # a lead added or a passage cut: at least this many words
SOURCE_WORDS = 3  # the words after a reporting verb that name whom it attributes to


@dataclass
class Fingerprint:
    """What verifying a copy needs of a stored document."""

    doc_id: int
    when: str | None  # published, as a sortable ISO timestamp (or day)
    shingles: np.ndarray
    sentence_keys: frozenset[int]
    numbers: frozenset[float]
    words: np.ndarray = field(default_factory=lambda: np.empty(0, np.uint32))  # word keys in order
    slots: tuple[tuple[int, int, str, str], ...] = ()  # template slots (prepare.template_slots)
    outlet: str | None = None
    statement: bool = False  # it opens with an issuer's header (a statement, a communiqué)


@dataclass
class CopyIndex:
    lsh: Any = None
    by_sentence: dict[int, list[int]] = field(default_factory=dict)
    by_anchor: dict[int, array] = field(default_factory=dict)  # sampled 3-gram → documents
    prints: dict[int, Fingerprint] = field(default_factory=dict)
    anchor_counts: dict[int, int] = field(default_factory=dict)  # document → its sampled 3-grams

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        if self.lsh is None:
            from riwaya.compare.prepare import NUM_PERM

            self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)

    def add(self, fingerprint: Fingerprint, minhash: np.ndarray | None) -> None:
        self.prints[fingerprint.doc_id] = fingerprint
        if minhash is not None:
            self.lsh.insert(fingerprint.doc_id, _lean(minhash), check_duplication=False)
        for key in fingerprint.sentence_keys:
            self.by_sentence.setdefault(key, []).append(fingerprint.doc_id)
        anchors = _anchors(fingerprint.shingles)
        self.anchor_counts[fingerprint.doc_id] = len(anchors)
        for key in anchors:
            self.by_anchor.setdefault(key, array("l")).append(fingerprint.doc_id)

    def candidates(self, prepared: Prepared) -> set[int]:
        found: set[int] = set()
        if prepared.minhash is not None:
            found.update(self.lsh.query(_lean(prepared.minhash)))
        for key in set(prepared.sentence_keys):
            holders = self.by_sentence.get(key, ())
            if len(holders) <= COMMON_SENTENCE:
                found.update(holders)
        if prepared.shingles is not None:
            found.update(self._contained(prepared.shingles))
        return found

    def _contained(self, shingles: np.ndarray) -> set[int]:
        """Documents that share enough sampled 3-grams to hold much of this one or be held in
        it, whatever their sizes: a short reprint inside a long wire story, which MinHash LSH
        (it estimates Jaccard, diluted by the longer text) does not propose."""
        mine = _anchors(shingles)
        shared: Counter = Counter()
        for key in mine:
            holders = self.by_anchor.get(key)
            if holders is not None and len(holders) <= COMMON_SENTENCE:
                shared.update(holders)
        def enough(n: int, anchors: int) -> bool:
            return n >= max(ANCHORS_SHARED, PREFILTER * anchors)

        return {doc_id for doc_id, n in shared.items()
                if enough(n, len(mine)) or enough(n, self.anchor_counts[doc_id])}

    def matches(self, prepared: Prepared, fingerprint: Fingerprint) -> tuple[list[dict[str, Any]], set[int]]:
        """Verified copies of ``prepared`` among the stored documents, best first; and the
        stored documents it shares a template with (another item: neither copy nor story)."""
        others = (self.prints[d] for d in self.candidates(prepared) if d in self.prints)
        return verified(fingerprint, others)


def verified(fingerprint: Fingerprint, candidates: Iterable[Fingerprint]
             ) -> tuple[list[dict[str, Any]], set[int]]:
    """Which of ``candidates`` (earlier documents) ``fingerprint``'s document copies, or is
    copied by, best first; and those it shares a template with."""
    out, templates = [], set()
    for other in candidates:
        verdict = verify(fingerprint, other)
        if verdict is not None and verdict.get("template"):
            templates.add(other.doc_id)
        elif verdict is not None:
            out.append({"document": other.doc_id, **verdict})
    # ties go to the earliest document, so that the order does not hang on a set's
    # (and a story can be placed again from the store: benchmarks/story_replay.py)
    return sorted(out, key=lambda v: (-v["coverage"], v["document"])), templates


# A link to store: source, target, kind («copies»: source copies target; «template»: items of
# one template), similarity, data.
LinkTuple = tuple[int, int, str, float | None, dict[str, Any] | None]


def copy_links(doc_id: int, key: Any, fp: Fingerprint, words: np.ndarray | None,
               matches: list[dict[str, Any]], templates: Iterable[int], key_of: Callable[[int], Any],
               print_of: Callable[[int], tuple[Fingerprint, np.ndarray | None]]) -> list[LinkTuple]:
    """The links a new document's verified ``matches`` and the items of its template make, each
    from the later of the two in the placing order (``key``: the new one's place; ``key_of``
    and ``print_of``: another's place, and its fingerprint and word offsets): a copy link
    with its passages and changes, a template link (what keeps the two out of one story)."""
    rows: list[LinkTuple] = []
    for m in matches:
        other = m["document"]
        new_is_copy = key > key_of(other)
        other_fp, other_words = print_of(other)
        data = copy_link_data(m, fp, other_fp, words, other_words, new_is_copy)
        rows.append((*((doc_id, other) if new_is_copy else (other, doc_id)), "copies", m["coverage"], data))
    for other in sorted(templates):
        rows.append((*((doc_id, other) if key > key_of(other) else (other, doc_id)), "template", None, None))
    return rows


def copy_link_data(match: dict[str, Any], new: Fingerprint, stored: Fingerprint, new_words: np.ndarray | None,
                   stored_words: np.ndarray | None, new_is_copy: bool) -> dict[str, Any]:
    """A copy link's data: the measures, the reused passages and what the copy changed, as
    character offsets into each document's text («copy», «original»)."""
    out = {k: v for k, v in match.items() if k not in ("document", "passages", "edits", "held")}
    if "passages" not in match:
        return out  # verified by containment alone (documents stored before words were kept)
    if stored_words is None or not len(stored_words):
        return out
    new_at = new_words if new_words is not None else np.empty((0, 3), np.uint32)
    found = [tuple(x) for x in match["passages"]]
    ops = [tuple(x) for x in match["edits"]]
    if new_is_copy:
        copy, original, copy_at, original_at = new, stored, new_at, stored_words
    else:  # the stored one is the copy: its side first, and what the new one lacks is cut
        copy, original, copy_at, original_at = stored, new, stored_words, new_at
        found = [(b1, b2, a1, a2) for a1, a2, b1, b2 in found]
        flip = {"insert": "delete", "delete": "insert", "replace": "replace"}
        ops = [(flip[op], b1, b2, a1, a2) for op, a1, a2, b1, b2 in ops]

    def chars(at: np.ndarray, span: list[int] | tuple[int, int] | None) -> list[int] | None:
        if span is None or span[1] <= span[0]:
            return None
        return [int(at[span[0]][1]), int(at[span[1] - 1][2])]

    out["passages"] = [{"copy": chars(copy_at, (c1, c2)), "original": chars(original_at, (o1, o2))}
                       for c1, c2, o1, o2 in found]
    if not match.get("whole", True):  # which text holds the other (``duplicates.group_link``)
        out["holder"] = "original" if bool(match.get("held")) == new_is_copy else "copy"
    out["changes"] = [{"kind": c["kind"], "copy": chars(copy_at, c["copy"]),
                       "original": chars(original_at, c["original"])}
                      for c in changes(copy, original, found, ops)]
    return out


def stored_fingerprint(row: Any) -> Fingerprint:
    """A stored document's fingerprint, from its row of ``Store.signatures()``."""
    shingles = np.frombuffer(row["shingles"], dtype=np.uint32) if row["shingles"] else np.empty(0, np.uint32)
    offsets = stored_word_offsets(row["words"])
    words = offsets[:, 0].copy() if offsets is not None else np.empty(0, np.uint32)
    slots = tuple(tuple(x) for x in json.loads(row["slots"] or "[]"))
    return Fingerprint(row["id"], published_at(row["published"]), shingles,
                       frozenset(json.loads(row["sentence_keys"])), frozenset(json.loads(row["numbers"])),
                       words, slots, row["outlet"], row["issuer"] is not None)


def stored_word_offsets(raw: bytes | None) -> np.ndarray | None:
    """A stored document's words as (key, start, end) rows (the signature's ``words``)."""
    return np.frombuffer(raw, dtype=np.uint32).reshape(-1, 3) if raw else None


def stored_minhash(row: Any) -> np.ndarray | None:
    return np.frombuffer(row["minhash"], dtype=np.uint64) if row["minhash"] else None


def _anchors(shingles: np.ndarray) -> np.ndarray:
    """A fixed sample of a document's 3-gram hashes (one in ANCHOR_SAMPLE, by value, so two
    documents sample the same 3-grams): what the containment index keeps."""
    return shingles[shingles % ANCHOR_SAMPLE == 0]


def _lean(hashvalues: np.ndarray) -> Any:
    from datasketch import LeanMinHash

    from riwaya.compare.prepare import MINHASH_SCHEME, MINHASH_SEED

    return LeanMinHash(seed=MINHASH_SEED, hashvalues=hashvalues, scheme=MINHASH_SCHEME)


def fingerprint(doc_id: int, prepared: Prepared) -> Fingerprint:
    shingles = prepared.shingles if prepared.shingles is not None else np.empty(0, dtype=np.uint32)
    words = prepared.words[:, 0].copy() if prepared.words is not None else np.empty(0, np.uint32)
    return Fingerprint(doc_id, published_at(prepared.doc.published), shingles,
                       frozenset(prepared.sentence_keys), frozenset(prepared.numbers), words,
                       tuple(prepared.slots), prepared.doc.outlet, prepared.issuer is not None)


def verify(a: Fingerprint, b: Fingerprint) -> dict[str, Any] | None:
    """Whether one of two documents copies the other: how much of the smaller is reused in the
    other (aligned passages, edits allowed), and the passages, in word indexes («a» is ``a``'s
    side); None when too little is reused; ``{"template": True}`` when the two are items of one
    template."""
    if not len(a.shingles) or not len(b.shingles):
        return None
    shared = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
    smaller = min(len(a.shingles), len(b.shingles))
    if shared / smaller < PREFILTER:
        return None
    if not len(a.words) or not len(b.words):  # stored before words were kept: containment alone
        return {"coverage": round(shared / smaller, 3), "containment": round(shared / smaller, 3)} \
            if shared / smaller >= LEGACY_CONTAINMENT else None
    small_side = "a" if len(a.words) <= len(b.words) else "b"
    fewer = min(len(a.words), len(b.words))
    recurring = _recurring(a, b)
    # Boilerplate («ارتفاع الموج من متر», a site's footer) is no evidence of reuse: two outlets'
    # bulletins of two days share it and little else. An item republished as it was is another
    # matter: all of it, boilerplate too, is the same.
    words_a, words_b = a.words.tolist(), b.words.tolist()
    found = passages(words_a, words_b, common_phrases())
    changed = None
    edited = False
    if recurring:
        # Republished as it was (boilerplate and all), or edited: most of its own words —
        # boilerplate aside — reused and kept (a release reprinted days later with a paragraph
        # rewritten; bulletins and market closes of two days keep at most half of theirs).
        changed = _edits(a, b, found)
        edited = _kept(found, changed, small_side, fewer) >= EDITED_KEPT
        if not edited:
            found, changed = passages(words_a, words_b, ()), None
    coverage = covered(found, small_side, fewer)
    needed = QUOTED if a.statement or b.statement else COVERAGE
    if coverage < needed and not recurring and _same_day(a, b):
        # A formulaic text (an execution statement, a forecast, a condolence cable) is mostly
        # boilerplate, which seeds nothing above: seeded on every 3-gram, it is a copy when its
        # own words are reused too; items of one template reuse the frame, not the names.
        seeded = passages(words_a, words_b, ())
        seeded_coverage = covered(seeded, small_side, fewer)
        if seeded_coverage >= needed:
            seeded_changed = _edits(a, b, seeded)
            if _own_kept(a if small_side == "a" else b, seeded, seeded_changed, small_side) >= OWN_KEPT:
                found, changed, coverage = seeded, seeded_changed, seeded_coverage
    if coverage < needed:
        return None
    if changed is None:
        changed = _edits(a, b, found)
    if recurring and not edited and (coverage < REPUBLISHED
                                     or _kept(found, changed, small_side, fewer) < KEPT):
        return None
    if template(a, b, changed):
        return {"template": True, "coverage": round(coverage, 3)}
    union = len(a.shingles) + len(b.shingles) - shared
    larger = covered(found, "b" if small_side == "a" else "a", max(len(a.words), len(b.words)))
    return {"coverage": round(coverage, 3), "larger_coverage": round(larger, 3), "whole": larger >= WHOLE,
            "held": small_side == "a",
            "containment": round(shared / smaller, 3),
            "jaccard": round(shared / union, 3),
            "shared_sentences": len(a.sentence_keys & b.sentence_keys),
            "passages": [[p.a_start, p.a_end, p.b_start, p.b_end] for p in found],
            "edits": changed}


def _kept(found: list[Passage], changed: list[tuple[str, int, int, int, int]], side: str,
          length: int) -> float:
    """The share of one side's words (``length`` of them) inside the passages and kept as they
    were: republished, the smaller text is nearly all reused and unedited."""
    edited = sum(e[2] - e[1] if side == "a" else e[4] - e[3] for e in changed)
    return covered(found, side, length) - edited / max(1, length)


def _same_day(a: Fingerprint, b: Fingerprint) -> bool:
    return bool(a.when and b.when and a.when[:10] == b.when[:10])


def _own_kept(f: Fingerprint, found: list[Passage], changed: list[tuple[str, int, int, int, int]],
              side: str) -> float:
    """The share of a text's own words — those in no boilerplate 3-gram — inside the passages
    and kept as they were: the names, places and figures of a formulaic text."""
    words = f.words.tolist()
    common = common_phrases()
    own = np.ones(len(words), bool)
    for i in range(len(words) - 2):
        if tuple(words[i : i + 3]) in common:
            own[i : i + 3] = False
    kept = np.zeros(len(words), bool)
    for p in found:
        s, e = (p.a_start, p.a_end) if side == "a" else (p.b_start, p.b_end)
        kept[s:e] = True
    for _, a1, a2, b1, b2 in changed:
        s, e = (a1, a2) if side == "a" else (b1, b2)
        kept[s:e] = False
    return float((kept & own).sum() / max(1, own.sum()))


def _recurring(a: Fingerprint, b: Fingerprint) -> bool:
    """Items that look like one recurring item's (the weather, a market close, a police
    statement's wording) unless the text is republished as it was: one outlet's on two days, or
    anyone's days apart (a reprint comes within a day or two: 138 of the 141 labelled copies)."""
    if not a.when or not b.when or _same_day(a, b):
        return False
    return (a.outlet is not None and a.outlet == b.outlet) or days_apart(a.when, b.when) > REPRINT_DAYS


def _edits(a: Fingerprint, b: Fingerprint, found: list[Passage]) -> list[tuple[str, int, int, int, int]]:
    words_a, words_b = a.words.tolist(), b.words.tolist()
    return [e for p in found for e in edits(words_a, words_b, p)]


def template(a: Fingerprint, b: Fingerprint, changed: list[tuple[str, int, int, int, int]]) -> bool:
    """Whether two aligned texts are items of one template: where one changed the other's words,
    it names another place, party or date (lexicon/slots.yaml), one that the other text does not
    name anywhere (names of a list reordered are no change), or most of the figures changed."""
    from riwaya.lexicon import slots

    lex = slots()
    said_a = _said(a)
    said_b = _said(b)
    figures_changed = 0
    for op, a1, a2, b1, b2 in changed:
        if op != "replace":
            continue
        mine, theirs = _unshared(a, a1, a2, said_b), _unshared(b, b1, b2, said_a)
        for kind, key in mine:
            other = [k2 for kind2, k2 in theirs if kind2 == kind]
            if kind in lex.figures:
                figures_changed += any(_digits(key) != _digits(k2) for k2 in other)
            elif other and not any(_one_name(key, k2, lex.spelling) for k2 in other):
                return True
    kept = len(a.numbers & b.numbers)
    return figures_changed >= TEMPLATE_FIGURES and kept < FIGURES_AGREE * (kept + figures_changed)


def _said(f: Fingerprint) -> tuple[set[int], set[str]]:
    """A document's words and the keys of its slots (built per verification, not kept: a set of
    every stored document's words would hold the corpus in memory twice)."""
    return set(f.words.tolist()), {key for _, _, _, key in f.slots}


def _unshared(f: Fingerprint, start: int, end: int,
              other: tuple[set[int], set[str]]) -> list[tuple[str, str]]:
    """The slots ``f`` says in its words [start, end) that the other document does not name
    anywhere: not the same key, nor all the same words."""
    words, keys = other
    return [(kind, key) for s, e, kind, key in f.slots
            if s < end and start < e and key not in keys and not set(f.words[s:e].tolist()) <= words]


def _one_name(x: str, y: str, alike: float) -> bool:
    """One name told two ways: the same id; or words («~…», a name the lexicons do not know)
    one inside the other («الملك عبدالعزيز بالمدينة») or spelt alike."""
    if x == y:
        return True
    if not (x.startswith("~") and y.startswith("~")):
        return False
    return x in y or y in x or _spelling(x, y) >= alike


def _digits(figure: str) -> str:
    """A figure's digits without order or zeros: «1.0808» and «0808.1» (a decimal read the wrong
    way round in right-to-left text) are one figure."""
    return "".join(sorted(figure.replace("0", "").replace(".", "").replace("-", "")))


def _spelling(x: str, y: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()


def earlier(a: tuple[str | None, int], b: tuple[str | None, int]) -> bool:
    """Whether document ``a`` (published, id) came first: the earlier publication (ISO
    timestamps, or days, compare as text), else the earlier stored."""
    day_a, id_a = a
    day_b, id_b = b
    if day_a and day_b and day_a != day_b:
        return day_a < day_b
    return id_a < id_b


Held = tuple[int, tuple[tuple[int, int], ...]]  # the holder of a held text, and its spans reused


def group_link(copy: int, original: int, data: dict[str, Any]) -> tuple[int, int, bool, Held | None]:
    """A stored copy link as ``copy_groups`` takes it: whether it is of whole texts and, when one
    text only holds the other, which one holds it and the spans of the holder it reuses."""
    whole = bool(data.get("whole", True))
    holder = data.get("holder")
    if whole or holder not in ("copy", "original"):
        return copy, original, whole, None
    spans = tuple((int(p[holder][0]), int(p[holder][1])) for p in data.get("passages", ()) if p.get(holder))
    return copy, original, False, (copy if holder == "copy" else original, spans)


def copy_groups(links: list[tuple[int, int]] | list[tuple[int, int, bool]]
                | list[tuple[int, int, bool, Held | None]],
                when: dict[int, str | None], outlets: dict[int, str | None] | None = None) -> dict[int, int]:
    """Each document in a copy link → the original of its group (the earliest published).

    Links between whole texts (``(copy, original, True)``, or a pair) join groups. A link where
    one text only holds the other (``False``: a short reprint inside a long wire story, an item
    inside a digest) makes the copy a copy of that original but joins no groups: a digest that
    reprints two items would otherwise make the two items copies of each other. Unless the holder
    is known to hold one text only (``Held``: every text held in it reuses the same part of it, as
    cut reprints of one wire story do): then the held text joins the holder's group (the 1,088
    labelled pairs in an ingest: 10 more copies, 1 same-story pair more called copy).

    With ``outlets``, a link does not join two groups that would hold one outlet's items of two
    days not linked to each other: one outlet's weather bulletins, job adverts or police statements
    of two days, each reprinted by others, chained into one group through the reprints
    (SaudiNewsNet's 632 labelled pairs in an ingest: without such chains 11 false copies → 5, true
    copies 238 → 234). Unless a single text is linked to two or more other outlets' items of the
    group: then it copies the group's text (a paper's reprint of a cabinet statement the day after
    it printed it; on the 974 labelled pairs, in ingest, 7 copies more, 1 lost, none false)."""
    parent: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    linked = {frozenset((lk[0], lk[1])) for lk in links}
    one_text = _holders_of_one_text(links)
    neighbours: dict[int, set[int]] = {}
    for link in links:
        neighbours.setdefault(link[0], set()).add(link[1])
        neighbours.setdefault(link[1], set()).add(link[0])
    partial = []
    for link in links:
        a, b = link[0], link[1]
        if not _joins_groups(link, one_text):
            partial.append((a, b))
            continue
        ra, rb = _root(parent, a), _root(parent, b)
        if ra != rb:
            group_a, group_b = members.get(ra, {ra}), members.get(rb, {rb})
            if _other_days_of_one_outlet(group_a, group_b, when, outlets, linked) \
                    and not _copies_of_many(group_a, group_b, outlets, neighbours):
                continue
            first, second = (ra, rb) if earlier((when.get(ra), ra), (when.get(rb), rb)) else (rb, ra)
            parent[second] = first
            members[first] = group_a | group_b
            members.pop(second, None)
    out = {x: _root(parent, x) for x in {d for a, b in [(lk[0], lk[1]) for lk in links] for d in (a, b)}}
    grouped = {x for x in parent} | set(parent.values())
    for copy, original in partial:
        if copy not in grouped and out.get(copy) == copy:
            out[copy] = _root(parent, original)
    return out


def _root(parent: dict[int, int], x: int) -> int:
    """The root of ``x``'s group in the union-find ``parent`` (its path halved on the way)."""
    while parent.get(x, x) != x:
        parent[x] = parent.get(parent[x], parent[x])
        x = parent[x]
    return x


def _other_days_of_one_outlet(group_a: set[int], group_b: set[int], when: dict[int, str | None],
                              outlets: dict[int, str | None] | None, linked: set[frozenset[int]]) -> bool:
    """Whether joining the groups would put one outlet's items of two days, not linked to each
    other, in one group."""
    if outlets is None:
        return False
    by_outlet: dict[str, list[int]] = {}
    for x in group_a:
        outlet = outlets.get(x)
        if outlet is not None:
            by_outlet.setdefault(outlet, []).append(x)
    return any((when.get(x) or "")[:10] != (when.get(y) or "")[:10] and frozenset((x, y)) not in linked
               for y in group_b for x in by_outlet.get(outlets.get(y) or "", ()))


def _copies_of_many(group_a: set[int], group_b: set[int], outlets: dict[int, str | None] | None,
                    neighbours: dict[int, set[int]]) -> bool:
    """One text linked to items of OUTLETS_LINKED other outlets in the group: it copies the
    group's text, even where its outlet printed that text on another day too (a cabinet
    statement in a paper on the day and the day after)."""
    one, group = (group_a, group_b) if len(group_a) == 1 else (group_b, group_a)
    if len(one) != 1 or outlets is None:
        return False
    (x,) = one
    others = {outlets.get(y) for y in neighbours.get(x, ()) if y in group} - {outlets.get(x)}
    return len(others) >= OUTLETS_LINKED


def _joins_groups(link: tuple[Any, ...], one_text: set[int]) -> bool:
    """A link of whole texts, or of a text held in a holder of one text only."""
    held = link[3] if len(link) > 3 else None
    return len(link) < 3 or bool(link[2]) or (held is not None and held[0] in one_text)


def _holders_of_one_text(links: list[Any]) -> set[int]:
    """The holders whose held texts all reuse one part of them (overlapping by HELD_ALIKE of the
    smaller reuse): a wire story cut by several papers, not a digest of several items."""
    held: dict[int, list[tuple[tuple[int, int], ...]]] = {}
    for link in links:
        if len(link) > 3 and link[3]:
            held.setdefault(link[3][0], []).append(link[3][1])

    def size(spans: tuple[tuple[int, int], ...]) -> int:
        return sum(e - s for s, e in spans)

    def alike(x: tuple[tuple[int, int], ...], y: tuple[tuple[int, int], ...]) -> bool:
        common = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in x for s2, e2 in y)
        return common >= HELD_ALIKE * min(size(x), size(y))

    return {holder for holder, reuses in held.items()
            if all(alike(x, y) for i, x in enumerate(reuses) for y in reuses[i + 1:])}


def changes(copy: Fingerprint, original: Fingerprint, found: list[tuple[int, int, int, int]],
            changed: list[tuple[str, int, int, int, int]]) -> list[dict[str, Any]]:
    """What a copy changed of its original, in word indexes: ``found`` holds the passages as
    (copy start, copy end, original start, original end) and ``changed`` the edits inside them
    (op, copy start, copy end, original start, original end). Kinds: «added_lead» (words before
    the first reused passage), «added», «cut» (spans of CHANGE_WORDS words or more),
    «words_changed», «figures_changed», «attribution_dropped» (what the original attributed to
    someone, cut or changed, and the copy names that someone nowhere)."""
    out: list[dict[str, Any]] = []
    for side, length, spans in (("copy", len(copy.words), [(p[0], p[1]) for p in found]),
                                ("original", len(original.words), [(p[2], p[3]) for p in found])):
        for s, e in _uncovered(spans, length):
            if e - s < CHANGE_WORDS:
                continue
            if side == "copy":
                kind = "added_lead" if s == 0 and spans else "added"
                out.append({"kind": kind, "copy": [s, e], "original": None})
            else:
                kind = "attribution_dropped" if _drops_attribution(original, copy, s, e) else "cut"
                out.append({"kind": kind, "copy": None, "original": [s, e]})
    figure_words = {(s, e) for s, e, kind, _ in copy.slots if kind == "quantity"}
    for op, c1, c2, o1, o2 in changed:
        if op == "insert":  # in the original only: a few words cut
            kind = "attribution_dropped" if _drops_attribution(original, copy, o1, o2) else "cut"
            if kind == "cut" and o2 - o1 < CHANGE_WORDS:
                kind = "words_changed"
        elif op == "delete":  # in the copy only: a few words added
            kind = "words_changed"
        elif any(s < c2 and c1 < e for s, e in figure_words) or _has_figure(original, o1, o2):
            kind = "figures_changed"
        elif _drops_attribution(original, copy, o1, o2):
            kind = "attribution_dropped"
        else:
            kind = "words_changed"
        out.append({"kind": kind, "copy": [c1, c2] if c2 > c1 else None,
                    "original": [o1, o2] if o2 > o1 else None})
    return sorted(out, key=lambda c: (c["copy"] or c["original"] or [0])[0])


def _uncovered(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, reach = [], 0
    for s, e in sorted(spans):
        if s > reach:
            out.append((reach, s))
        reach = max(reach, e)
    if reach < length:
        out.append((reach, length))
    return out


def _drops_attribution(original: Fingerprint, copy: Fingerprint, s: int, e: int) -> bool:
    """Whether the original's words [s, e) that the copy cut or changed attribute something to
    someone (a reporting verb, «according to») whom the copy does not name anywhere: an
    attribution moved («بحسب ما أعلنت اللجنة» at the end for «أعلنت اللجنة» at the start) is kept."""
    keys = _attribution_keys()
    words = original.words.tolist()
    kept = set(copy.words.tolist())
    for i in range(s, e):
        if words[i] in keys:
            source = [w for w in words[i + 1 : i + 1 + SOURCE_WORDS] if w not in keys]
            if source and not set(source) <= kept:
                return True
    return False


def _has_figure(f: Fingerprint, s: int, e: int) -> bool:
    return any(st < e and s < en and kind == "quantity" for st, en, kind, _ in f.slots)


@compiled
def _attribution_keys() -> frozenset[int]:
    """Word keys of the reporting verbs and «according to» words, alone or after و/ف."""
    import zlib

    from riwaya.lexicon import load_yaml
    from riwaya.text.normalize import normalize_str

    data = load_yaml("attribution.yaml")
    words = {normalize_str(str(w)).split()[0] for w in data["verbs"] + data["according_to"]}
    return frozenset(zlib.crc32(f"{pre}{w}".encode()) for w in words for pre in ("", "و", "ف"))
