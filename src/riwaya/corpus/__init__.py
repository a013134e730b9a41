"""Corpus mode: read documents, analyze them (in worker processes), and store each one with its
copies and story, one transaction per document.

``ingest(paths, store)`` is what `riwaya ingest` runs; ``Corpus(store).add(prepared)`` stores
one prepared document. The in-memory indexes (MinHash LSH, sentence keys, story profiles) are
rebuilt from the database when a ``Corpus`` opens, so an ingest that was killed resumes exactly
where its last committed document left it.
"""

from __future__ import annotations

import contextvars
import functools
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from riwaya.compare.duplicates import (
    MAX_COPY_LINKS,
    CopyIndex,
    Fingerprint,
    copy_links,
    fingerprint,
    stored_fingerprint,
    stored_minhash,
    stored_word_offsets,
)
from riwaya.compare.prepare import Prepared, prepare
from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS, StoryIndex, features, founding_title
from riwaya.corpus.copies import link_unlinked
from riwaya.corpus.placement import (
    EVERYTHING,
    PlacingKey,
    Unsettled,
    cite,
    features_from_json,
    joins_copied,
    mark_unsettled,
    place,
    placing_key,
    settle,
    unsettled,
)
from riwaya.i18n import _
from riwaya.limits import MAX_ANALYZED_CHARS
from riwaya.read import Document, Unreadable, iter_documents
from riwaya.read.base import MAX_DOCUMENT_BYTES
from riwaya.store import Store
from riwaya.store.rows import Appearance
from riwaya.text.dates import published_at


@dataclass
class IngestReport:
    read: int = 0  # documents read from the inputs
    added: int = 0
    already: int = 0  # already in the database (the same text)
    also_published: int = 0  # of those, read under another name: kept as appearances of the document
    not_arabic: list[str] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    copies: int = 0  # documents found to copy another
    new_stories: int = 0
    seconds: float = 0.0
    cluster: dict[str, Any] | None = None  # --engine dask: its workers, shuffle volume and memory

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "added": self.added, "already_stored": self.already,
                "also_published": self.also_published,
                "not_arabic": self.not_arabic, "copies": self.copies, "new_stories": self.new_stories,
                "unreadable": [{"name": u.name, "reason": u.reason} for u in self.unreadable],
                "warnings": self.warnings, "seconds": round(self.seconds, 2),
                **({"cluster": self.cluster} if self.cluster is not None else {})}


class Corpus:
    """A store with the indexes that place a new document among the ones stored. Each document
    is placed in its story as it comes; `settle` places again, in the order the documents
    themselves fix, what came out of that order (corpus/placement.py): call it when a stream of
    additions ends."""

    def __init__(self, store: Store):
        self.store = store
        self.copies = CopyIndex()
        self.copied = False  # whether the last document added was linked to a copy
        self.stories = StoryIndex()
        self._stale = False  # the story index, after a settle, until read again
        self._load()
        # where in the placing order the stories placed since the last settle begin
        self.unsettled = unsettled(store)

    def _load(self, copies: bool = True) -> None:
        for r in self.store.signatures():
            f = features_from_json(r["features"], r["published_day"], r["outlet"])
            self.stories.count(f)
            if r["story_id"] is not None:
                self.stories.add(r["id"], r["story_id"], f)
            if not copies:
                continue
            self.copies.add(stored_fingerprint(r), stored_minhash(r))
        self._stale = False

    def add(self, p: Prepared) -> int | None:
        """Store one prepared document with its copies and story; its id, or None when the
        same text is already stored."""
        if self.store.document_id(p.hash) is not None:
            return None
        f = features(p.terms, p.mentions, p.published, p.doc.outlet)
        store = self.store
        if self._stale:
            self.stories = StoryIndex()
            self._load(copies=False)
        key = placing_key(p.doc.published, p.hash)
        # from where the stories are to be placed again: from the start when the stored documents
        # become a corpus (below MIN_DOCS_FOR_EVENTS a batch is grouped by other rules)
        since = EVERYTHING if self.stories.documents + 1 == MIN_DOCS_FOR_EVENTS else key
        with store.transaction():
            doc_id = store.add_document(p, f)
            fp = fingerprint(doc_id, p)
            matches, templates = self.copies.matches(p, fp) if p.arabic else ([], set())
            matches = matches[:MAX_COPY_LINKS]
            self.copied = bool(matches)
            # The copy is the later one in the placing order (source copies target); another item
            # of its template (the same frame, other slots) is linked from the later one too.
            for link in copy_links(doc_id, key, fp, p.words, matches, templates, key_of=self._placing_key,
                                   print_of=self._print):
                store.add_link(*link)
            story_id = None
            if p.arabic:
                copied = (self.store.story_of(m["document"]) for m in matches if joins_copied(m))
                first = p.sentences[0] if p.sentences else (None, None)
                story_id = place(store, self.stories, copied, f, templates,
                                 lambda: store.new_story(founding_title(p.doc.title, p.doc.text, *first),
                                                         p.published),
                                 p.published)
                cite(store, doc_id, p.attributed, (p.issuer or {}).get("terms", ()), story_id)
            store.set_story(doc_id, story_id)
            now = (Unsettled(since, doc_id) if self.unsettled is None else
                   Unsettled(since, self.unsettled.first_added) if since < self.unsettled.since else None)
            if now is not None:
                mark_unsettled(store, now)
            store.log(p.doc.name, "added")
        # Committed: now the indexes may know it.
        if now is not None:
            self.unsettled = now
        self.copies.add(fp, p.minhash)
        self.stories.count(f)
        if story_id is not None:
            self.stories.add(doc_id, story_id, f)
        return doc_id

    def _print(self, doc_id: int) -> tuple[Fingerprint, np.ndarray | None]:
        """A stored document's fingerprint and word offsets."""
        return self.copies.prints[doc_id], stored_word_offsets(self.store.words(doc_id))

    def _placing_key(self, doc_id: int) -> PlacingKey:
        """Where a stored document stands in the placing order."""
        return placing_key(*self.store.placing_key(doc_id))

    def settle(self) -> int:
        """Place again the stories placed since the last settle (by this corpus, or by an ingest
        that was killed); the number of documents placed again. The indexes are read again from
        the store for what is added after."""
        if self.unsettled is None:
            return 0
        placed = settle(self.store, self.stories, self.unsettled)
        self.unsettled = None
        self._stale = True
        return placed


Progress = Callable[[str, Document | Unreadable | None], None]


# What follows a path in the name of a document read from it: «a.zip!b.txt», «a.jsonl:12»,
# «a.json[3]», «a.warc#2».
_WITHIN = ("!", ":", "[", "#")


def named(items: Iterable[Document | Unreadable], names: Mapping[str, str] | None
          ) -> Iterator[Document | Unreadable]:
    """``items`` with the path each was read from replaced by its name in ``names`` (when it has
    one) wherever it is said: the item's name, its warnings, an unreadable input's reason."""
    longest_first = sorted(names or {}, key=len, reverse=True)
    for item in items:
        path = read_from(item.name, longest_first)
        if path is not None:
            name = (names or {})[path]
            item.name = name + item.name[len(path):]
            if isinstance(item, Unreadable):
                item.reason = item.reason.replace(path, name)
            else:
                item.warnings = [w.replace(path, name) for w in item.warnings]
                telegram = item.meta.get("telegram") or {}
                if str(telegram.get("attached_to", "")).startswith(path):  # the message a photo is of
                    telegram["attached_to"] = name + telegram["attached_to"][len(path):]
        yield item


def read_from(name: str, paths: Iterable[str]) -> str | None:
    """Which of ``paths`` (longest first) the document or input called ``name`` was read from."""
    return next((p for p in paths if name == p or (name.startswith(p) and name[len(p)] in _WITHIN)), None)


def _prepare_safely(doc: Document, max_chars: int | None = MAX_ANALYZED_CHARS) -> Prepared | Unreadable:
    try:
        return prepare(doc, max_chars)
    except Exception as exc:  # one document's failure must not end a batch; report it by name
        return Unreadable(doc.name,
            _("analysis failed (%(name)s: %(exc)s)")
            % {"name": type(exc).__name__, "exc": exc})


def ingest(paths: Iterable[str], store: Store, *, workers: int | None = None,
           max_bytes: int = MAX_DOCUMENT_BYTES, ocr_languages: str = "ara",
           progress: Progress | None = None, names: Mapping[str, str] | None = None,
           max_analyzed_chars: int | None = MAX_ANALYZED_CHARS, allow_private: bool = False) -> IngestReport:
    """Read, analyze and store every document in ``paths``; what happened, counted. One ingest
    of a database at a time: another (a second `riwaya ingest`, an upload in the web app) waits
    for it, then finds its documents and copies them against it (`_ingest` says the rest)."""
    store.writable()
    with _one_ingest_at_a_time(store, progress):
        return _ingest(paths, store, workers=workers, max_bytes=max_bytes, ocr_languages=ocr_languages,
                       progress=progress, names=names, max_analyzed_chars=max_analyzed_chars,
                       allow_private=allow_private)


@contextmanager
def _one_ingest_at_a_time(store: Store, progress: Progress | None) -> Iterator[None]:
    """The database's ingest lock while an ingest runs (a flock on a SQLite file, an advisory
    lock in PostgreSQL): two at once raced, each knowing only what it had read itself (issue
    16). Another ingest waits for it, said to ``progress``."""
    with store.one_ingest_at_a_time((lambda: progress("waiting", None)) if progress else None):
        yield


def _say_analyzed_in_part(p: Prepared) -> str:
    """The warning, kept with the document, that mentions were looked for in a part of it."""
    warning = (_("%(name)s: figures, names and dates were looked for in its first %(analyzed)s of %(length)s "
                 "characters (--max-analyzed-chars); all of it is searchable")
               % {"name": p.doc.name, "analyzed": f"{p.analyzed:,}", "length": f"{len(p.doc.text):,}"})
    p.doc.warnings.append(warning)
    return warning


def _prepared(documents: Iterator[Document], workers: int, in_memory: bool, max_chars: int | None
              ) -> tuple[Any, Iterator[Prepared | Unreadable]]:
    """The documents analyzed, in worker processes when ``workers`` > 1 (the pool, to end)."""
    analyzed = functools.partial(_prepare_safely, max_chars=max_chars)
    if workers <= 1:
        return None, map(analyzed, documents)
    pool = multiprocessing.get_context("fork").Pool(workers)
    # An in-memory store has one connection: read everything first, in this thread.
    inputs: Iterable[Document] = list(documents) if in_memory else _in_this_context(documents)
    return pool, pool.imap(analyzed, inputs, chunksize=4)


def _in_this_context(items: Iterator[Document]) -> Iterator[Document]:
    """``items`` read in the caller's context wherever they are pulled from: the pool's feeder
    thread starts with a context of its own, where the reasons a file is unreadable came out in
    the default language whatever --lang said. The context is taken now, not by a generator's
    first step, which runs in the thread that pulls it."""
    context = contextvars.copy_context()

    def pulled() -> Iterator[Document]:
        while True:
            try:
                yield context.run(next, items)
            except StopIteration:
                return

    return pulled()


class Reading:
    """The documents of an ingest's inputs not yet stored, counted into its report as they are
    read: unreadable inputs (logged by ``log_unreadable``, in the writer's thread), documents
    already stored or read twice."""

    def __init__(self, paths: Iterable[str], store: Store, report: IngestReport, *, max_bytes: int,
                 ocr_languages: str, progress: Progress | None, names: Mapping[str, str] | None,
                 allow_private: bool = False):
        self.paths, self.store, self.report, self.progress, self.names = paths, store, report, progress, names
        self.max_bytes, self.ocr_languages, self.allow_private = max_bytes, ocr_languages, allow_private
        self.seen: dict[str, str] = {}  # the hash of each document to store → its name
        # a deque: list.pop(0) made millions of bad records quadratic
        self.unlogged: deque[Unreadable] = deque()
        # documents whose text is stored (or to be) under another name: its appearances
        self.again: list[Appearance] = []

    def __iter__(self) -> Iterator[Document]:
        read = iter_documents(self.paths, max_bytes=self.max_bytes, ocr_languages=self.ocr_languages,
                              allow_private=self.allow_private)
        for item in named(read, self.names):
            if self.take(item):
                yield item  # type: ignore[misc]

    def take(self, item: Document | Unreadable | Any) -> bool:
        """Count one item read (a document, or what a cluster's worker says of one: its name,
        hash, language and warnings); whether it is a document to store."""
        report, progress = self.report, self.progress
        if isinstance(item, Unreadable):
            report.unreadable.append(item)
            self.unlogged.append(item)
            if progress:
                progress("unreadable", item)
            return False
        report.read += 1
        report.warnings.extend(item.warnings)
        if item.language not in ("ar", None):
            report.not_arabic.append(item.name)
        key = item.hash
        stored_as = self.seen.get(key) or self.store.document_name(key)
        if stored_as is not None:
            report.already += 1
            if stored_as != item.name:  # the same text published again elsewhere: kept with it
                self.again.append(Appearance.of(item))
            if progress:
                progress("already", item)
            return False
        self.seen[key] = item.name
        return True

    def keep_appearances(self) -> None:
        """Store, with their documents, the texts read again under another name (in the
        writer's thread, once the documents they repeat are stored)."""
        if self.again:
            self.report.also_published += self.store.add_appearances(self.again)
            self.again = []

    def log_unreadable(self) -> None:
        while self.unlogged:
            item = self.unlogged.popleft()
            self.store.log(item.name, "unreadable", item.reason)

    def analysis_failed(self, item: Unreadable) -> None:
        self.report.unreadable.append(item)
        if self.progress:
            self.progress("unreadable", item)


def _ingest(paths: Iterable[str], store: Store, *, workers: int | None,
            max_bytes: int, ocr_languages: str, progress: Progress | None,
            names: Mapping[str, str] | None, max_analyzed_chars: int | None,
            allow_private: bool = False) -> IngestReport:
    """The ingest itself.

    ``names`` gives a path the name its documents are stored and reported under instead of the
    path (the web app's temporary copy of an upload goes by the user's file name: «a.zip!b.txt»,
    never the server's folder)."""
    started = time.perf_counter()
    report = IngestReport()
    link_unlinked(store)  # a killed cluster ingest's documents (corpus/copies.py)
    corpus = Corpus(store)
    stored_before = store.last_document_id()
    # Reading runs in the pool's feeder thread when there are workers: its hash look-ups go
    # through the store's connection for that thread (never the writer's, inside its open
    # transaction), and it leaves the log to the writer.
    reading = Reading(paths, store, report, max_bytes=max_bytes, ocr_languages=ocr_languages,
                      progress=progress, names=names, allow_private=allow_private)
    in_memory = store.path == ":memory:"
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    pool, prepared_stream = _prepared(iter(reading), workers, in_memory, max_analyzed_chars)
    try:
        for prepared in prepared_stream:
            reading.log_unreadable()
            if isinstance(prepared, Unreadable):
                reading.analysis_failed(prepared)
                continue
            if prepared.analyzed is not None:
                report.warnings.append(_say_analyzed_in_part(prepared))
            doc_id = corpus.add(prepared)
            if doc_id is None:
                report.already += 1
                continue
            report.added += 1
            if corpus.copied:  # linked as a copy (of, or by) a stored document
                report.copies += 1
            if progress:
                progress("added", prepared.doc)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    reading.log_unreadable()
    reading.keep_appearances()
    if corpus.unsettled is not None:
        if progress:
            progress("settling", None)
        corpus.settle()
    report.new_stories = store.stories_begun_after(stored_before)
    report.seconds = time.perf_counter() - started
    return report


def story(store: Store, story_id: int) -> dict[str, Any]:
    """One story: its documents (copies under their originals), the copy and cite links, and
    the figure table (the `compare` JSON contract's story, with provenance)."""
    from riwaya.errors import RiwayaError

    row = store.story(story_id)
    if row is None:
        raise RiwayaError(_("no story %(story_id)s in %(path)s") % {"story_id": story_id, "path": store.path})
    return {"id": story_id, "title": row["title"], "first_day": row["first_day"], "last_day": row["last_day"],
            **documents_account(store, store.story_documents(story_id))}


def documents_account(store: Store, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What a set of documents tells together: the documents (copies under their originals),
    the copy and cite links among them, and their figure table."""
    from riwaya.compare.duplicates import copy_groups, group_link
    from riwaya.compare.figures import figure_table

    docs = {d["id"]: d for d in rows}
    copy_links = [ln for ln in store.links("copies", docs)
                  if ln["source_id"] in docs and ln["target_id"] in docs]
    cite_links = [ln for ln in store.links("cites", docs)
                  if ln["source_id"] in docs and ln["target_id"] in docs]
    links = [group_link(ln["source_id"], ln["target_id"], ln["data"])
             for ln in sorted(copy_links, key=lambda ln: -(ln["similarity"] or 0))]
    when = {i: published_at(d["published"]) for i, d in docs.items()}
    outlets = {i: d["outlet"] for i, d in docs.items()}
    originals = copy_groups(links, when, outlets)
    # Whose account a figure is: a text that holds a wire story's lead beside its own reporting is
    # a copy of it, but the figures it adds are its own (a SaudiNewsNet conflict row, 7 against 10
    # and 14 soldiers killed, was lost when holders counted as their group's account).
    accounts = copy_groups([link[:3] for link in links], when, outlets)
    primary = {ln["target_id"] for ln in cite_links}
    figures = figure_table(store.claims(docs), docs, accounts, primary)
    documents = []
    appearances = store.appearances(docs)
    for i, d in docs.items():
        original = originals.get(i, i)
        documents.append({"id": i, "name": d["name"], "title": d["title"], "outlet": d["outlet"],
                          "url": d["url"], "published": d["published"], "kind": d["kind"],
                          "language": d["language"], "statement": d["issuer"] is not None,
                          "primary": i in primary, "copy_of": original if original != i else None,
                          "also_published": appearances.get(i, [])})
    return {"documents": documents,
            "copies": [{"copy": ln["source_id"], "original": ln["target_id"], "similarity": ln["similarity"],
                        **ln["data"]} for ln in copy_links],
            "cites": [{"report": ln["source_id"], "statement": ln["target_id"]} for ln in cite_links],
            "figures": figures}


def compare(paths: Iterable[str], *, workers: int = 1) -> dict[str, Any]:
    """`riwaya compare`: the corpus pipeline on a few documents in memory (no database file),
    as the JSON contract: documents, duplicates [copy, original, similarity], stories."""
    store = Store(":memory:")
    report = ingest(paths, store, workers=workers)
    docs = store.documents()
    story_ids = sorted({d["story_id"] for d in docs if d["story_id"] is not None})
    stories = [story(store, sid) for sid in story_ids]
    copy_of = {d["id"]: d["copy_of"] for s in stories for d in s["documents"]}
    also = store.appearances(d["id"] for d in docs)
    return {
        "documents": [{"id": d["id"], "name": d["name"], "title": d["title"], "outlet": d["outlet"],
                       "published": d["published"], "language": d["language"], "story": d["story_id"],
                       "copy_of": copy_of.get(d["id"]), "also_published": also.get(d["id"], [])}
                      for d in docs],
        "duplicates": [[ln["source_id"], ln["target_id"], ln["similarity"]] for ln in store.links("copies")],
        "stories": stories,
        "unreadable": [{"name": u.name, "reason": u.reason} for u in report.unreadable],
    }


def review(store: Store, claim_id: int, rating: str, *, note: str | None = None, reviewer: str | None = None,
           url: str | None = None) -> int:
    """Record a checker's verdict on one claim (a figure as one document gives it)."""
    from riwaya.errors import RiwayaError

    if not store.has_claim(claim_id):
        raise RiwayaError(
            _("no claim %(claim_id)s in %(path)s (claim ids are in `riwaya story ID --format json`)")
            % {"claim_id": claim_id, "path": store.path})
    if not rating.strip():
        raise RiwayaError(_("--rating must say the verdict (e.g. False, Misleading, Accurate)"))
    with store.transaction():
        return store.add_review(claim_id, rating.strip(), note, reviewer, url)


# The findings of a check a checker can review: lists of the `check` JSON, by their key.
REVIEWABLE = ("quotes", "figures", "dates", "omissions", "additions")


def finding_of(result: dict[str, Any], finding: str) -> dict[str, Any] | None:
    """The finding «quotes/0» of a check's JSON, or None when it has none such."""
    kind, _sep, index = finding.partition("/")
    items = result.get(kind) if kind in REVIEWABLE else None
    if not items or not index.isdigit() or int(index) >= len(items):
        return None
    return items[int(index)]


def review_finding(store: Store, check_id: str, finding: str, rating: str, *, note: str | None = None,
                   reviewer: str | None = None, url: str | None = None) -> int:
    """Record a checker's verdict on one finding of a saved check (a quotation, a figure…), with
    the fields `review` keeps on a claim; exported with them as ClaimReview."""
    from riwaya.errors import RiwayaError

    saved = store.load_check(check_id)
    if saved is None:
        raise RiwayaError(_("no check %(id)s in this database") % {"id": check_id})
    if finding_of(saved["result"], finding) is None:
        raise RiwayaError(_("the check has no finding %(finding)s") % {"finding": finding})
    if not rating.strip():
        raise RiwayaError(_("--rating must say the verdict (e.g. False, Misleading, Accurate)"))
    with store.transaction():
        return store.add_check_review(check_id, finding, rating.strip(), note, reviewer, url)


def _reviewed_in_a_check(r: dict[str, Any]) -> dict[str, Any]:
    """A review of a check's finding as ClaimReview: the claim is the report's sentence that holds
    the finding (what the source said, for an omission)."""
    result = r["result"]
    found = finding_of(result, r["finding"]) or {}
    kind = r["finding"].partition("/")[0]
    if kind == "omissions":
        claim = found.get("text", "")
    else:
        report = result["report"]
        mention = found.get("report", found)
        start = mention.get("start", 0)
        claim = next((report["text"][s["start"]:s["end"]] for s in report["sentences"]
                      if s["start"] <= start < s["end"]), mention.get("text", ""))
    item: dict[str, Any] = {"@type": "Claim", "appearance": {"@type": "CreativeWork"}}
    if r["title"]:
        item["appearance"]["headline"] = r["title"]
    return {"@context": "https://schema.org", "@type": "ClaimReview", "datePublished": r["at"][:10],
            "claimReviewed": claim.strip(), "itemReviewed": item,
            "reviewRating": {"@type": "Rating", "alternateName": r["rating"]}}


def claim_reviews(store: Store) -> list[dict[str, Any]]:
    """Every review as a schema.org ClaimReview (JSON-LD): of the claims of stored documents, then
    of the findings of saved checks."""
    rows = store.reviews()
    out = []
    for r in rows:
        sentence = next(((s, e) for s, e in store.sentences(r["document_id"]) if s <= r["start"] < e),
                        (r["start"], r["end"]))
        item: dict[str, Any] = {"@type": "Claim", "appearance": {"@type": "CreativeWork"}}
        if r["outlet"]:
            item["author"] = {"@type": "Organization", "name": r["outlet"]}
        if r["published"]:
            item["datePublished"] = r["published"]
        if r["doc_url"]:
            item["appearance"]["url"] = r["doc_url"]
        if r["title"]:
            item["appearance"]["headline"] = r["title"]
        entry: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "ClaimReview", "datePublished": r["at"][:10],
            "claimReviewed": r["doc_text"][sentence[0]:sentence[1]].strip(),
            "itemReviewed": item,
            "reviewRating": {"@type": "Rating", "alternateName": r["rating"]},
        }
        _review_fields(entry, r)
        out.append(entry)
    for r in store.check_reviews():
        entry = _reviewed_in_a_check(r)
        _review_fields(entry, r)
        out.append(entry)
    return out


def _review_fields(entry: dict[str, Any], r: Any) -> None:
    """The checker's own fields of a review: explanation, author, the review's address."""
    if r["note"]:
        entry["reviewRating"]["ratingExplanation"] = r["note"]
    if r["reviewer"]:
        entry["author"] = {"@type": "Organization", "name": r["reviewer"]}
    if r["url"]:
        entry["url"] = r["url"]
