"""Stories as a function of what is stored, not of the order it arrived in.

A document's story is decided by the documents placed before it (the likest one, within days)
and by the corpus's term counts so far. Placed as they arrived, one set of documents was grouped
two ways when ingested in two orders (issue 16: halves A then B 122 stories, B then A 108), and
an ingest killed and run again grouped otherwise than a clean one (27 stories against 30).

So stories are placed in one order that the documents themselves fix, the *placing order*: by
publication time, then by the hash of the text, undated documents last. `Corpus.add` places
each new document at once, for whoever reads the database meanwhile, and records the earliest
place in that order where a new document went (the setting UNSETTLED, committed with the
document, so that a killed ingest leaves it to the next); `settle` then places again every
document from there on, as one stream in the placing order would have, and clears it.

The work is the documents from that place on, and the days before it that they may join
(WINDOW_DAYS): an ingest of a day's news into years of it places that day again, not the years.
The term counts at that place are the corpus's minus those of the documents after it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from riwaya.compare.duplicates import HOLDS
from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS, WINDOW_DAYS, Features, Story, StoryIndex
from riwaya.store import Store
from riwaya.text.dates import published_at

# The setting that says where in the placing order the stories not yet placed again begin.
UNSETTLED = "stories_unsettled_from"
UNDATED = "\uffff"  # after every date: undated documents are placed last
# Documents placed again per transaction: a write of the web app waits for no more than these.
SETTLE_CHUNK = 500

PlacingKey = tuple[str, str]
EVERYTHING: PlacingKey = ("", "")  # before every document


def placing_key(published: str | None, content_hash: str) -> PlacingKey:
    """Where a document stands in the placing order."""
    return published_at(published) or UNDATED, content_hash


@dataclass(frozen=True)
class Unsettled:
    """Stories to be placed again: from ``since`` in the placing order on; the documents from
    ``first_added`` (an id) on were added since the last settle, placed as they came."""

    since: PlacingKey
    first_added: int | None = None


def unsettled(store: Store) -> Unsettled | None:
    """What is to be placed again; None when every story is settled."""
    raw = store.setting(UNSETTLED)
    if not raw:
        return None
    data = json.loads(raw)
    return Unsettled(tuple(data["since"]), data.get("first_added"))  # type: ignore[arg-type]


def mark_unsettled(store: Store, state: Unsettled | None) -> None:
    store.set_setting(UNSETTLED, json.dumps({"since": list(state.since), "first_added": state.first_added})
                      if state is not None else None)


def joins_copied(match: dict[str, Any]) -> bool:
    """Whether a copy belongs where what it copies belongs: a copy of the whole, a text held in
    another, or one that holds another as much of itself (a release reprinted with a lead and
    comments); not a digest of several items, which is scored as any document is."""
    return bool(match.get("whole", True) or match.get("held") or match.get("larger_coverage", 0) >= HOLDS)


def place(store: Store, index: StoryIndex, copied: Iterable[int | None], f: Features, templates: set[int],
          new_story: Callable[[], int], day: str | None) -> int:
    """A document's story: that of what it copies (``copied``: their stories, best copy first),
    within the story's span; else the likest story; else ``new_story()``."""
    story_id = next((s for s in copied if s is not None and index.spans(s, day)), None)
    if story_id is None:
        story_id = index.best(f, avoid=templates)[0]
    if story_id is None:
        story_id = new_story()
    store.grow_story(story_id, day)
    return story_id


def cite(store: Store, doc_id: int, attributed: Iterable[str], header: Iterable[str], story_id: int) -> None:
    """A document that names a statement («في بيان», «بحسب البيان») in words of a statement's
    header, in the same story, cites it («وقالت اللجنة في بيان» for «لجنة أمن الولاية»); and the
    other way round, when the document is the statement. ``attributed``: the words of the
    statements it names; ``header``: its own header's words, when it is a statement."""
    ours, header = set(attributed), set(header)
    for other in store.story_statements(story_id, doc_id):
        if other["issuer_terms"] and ours & set(json.loads(other["issuer_terms"])):
            store.add_link(doc_id, other["id"], "cites")
        if header and header & set(json.loads(other["attributed"])):
            store.add_link(other["id"], doc_id, "cites")


def features_from_json(raw: str, day: str | None, outlet: str | None) -> Features:
    data = json.loads(raw)
    specifics, days = data.get("specifics"), data.get("event_days")
    return Features(data["terms"], frozenset(data["actors"]), frozenset(data["places"]),
                    frozenset(data["figures"]), day, outlet,
                    frozenset(specifics) if specifics is not None else None,
                    frozenset(days) if days is not None else None)


def settle(store: Store, totals: StoryIndex | None, state: Unsettled) -> int:
    """Place again, in the placing order, every stored document from ``state.since`` on; the
    number placed. ``totals``: an index that has counted every stored document (the corpus's
    terms; None: counted here, from every document's features). Commits every SETTLE_CHUNK
    documents, moving UNSETTLED on: killed between two, the next settle begins where this one
    stopped."""
    ordered = sorted((placing_key(r["published"], r["hash"]), r) for r in store.placing_rows())
    keys, rows = [k for k, _r in ordered], [r for _k, r in ordered]
    if totals is None:
        totals = StoryIndex()
        for raw in store.features_of([r["id"] for r in rows]).values():
            totals.count(features_from_json(raw, None, None))
    start = bisect.bisect_left(keys, state.since)
    later = rows[start:]
    begin = _window_begins(rows, start)
    window = rows[begin:start]
    raw = store.features_of([r["id"] for r in window + later])
    features = {r["id"]: features_from_json(raw[r["id"]], r["published_day"], r["outlet"])
                for r in window + later}
    index = _index_at(rows[:begin], window, later, features, totals)
    position = {r["id"]: i for i, r in enumerate(rows)}
    copied, templates = _placing_links(store, [r["id"] for r in later], position)
    words = store.statement_words([r["id"] for r in later if r["storied"]])
    stored_story = {r["id"]: r["story_id"] for r in rows}
    placed: dict[int, int] = {}

    def story_of(doc_id: int) -> int | None:
        return placed.get(doc_id, stored_story[doc_id] if position[doc_id] < start else None)

    # A story founded by the document that was first in it before keeps its number (its address
    # in the web app), the documents added since the last settle aside (they were placed as
    # they came); another takes the lowest number no story holds or keeps.
    founders = _founders(rows[start:], state.first_added)
    free: set[int] = set()
    spare: list[int] = []
    numbers = itertools.count(store.last_story_id() + 1)

    def new_story(doc_id: int, day: str | None) -> int:
        old = stored_story[doc_id]
        if old in free and founders.get(old) == doc_id:
            number = old
        else:
            number = spare.pop() if spare else next(numbers)
        free.discard(number)
        return store.new_story(store.story_title(doc_id), day, number)

    for at in range(0, max(len(later), 1), SETTLE_CHUNK):
        chunk = later[at:at + SETTLE_CHUNK]
        with store.transaction():
            if at == 0:
                free = store.unplace([r["id"] for r in later])
                spare = sorted((n for n in free if n not in founders), reverse=True)
            for r in chunk:
                doc_id, f = r["id"], features[r["id"]]
                if r["storied"]:
                    story_id = place(store, index, (story_of(o) for o in copied.get(doc_id, ())), f,
                                     templates.get(doc_id, set()),
                                     lambda doc_id=doc_id, day=f.day: new_story(doc_id, day), f.day)
                    store.set_story(doc_id, story_id)
                    placed[doc_id] = story_id
                    issuer_terms, attributed = words[doc_id]
                    cite(store, doc_id, json.loads(attributed), json.loads(issuer_terms or "[]"), story_id)
                index.count(f)
                if r["storied"]:
                    index.add(doc_id, placed[doc_id], f)
            following = at + SETTLE_CHUNK
            mark_unsettled(store, Unsettled(keys[start + following], state.first_added)
                           if following < len(later) else None)
    return len(later)


def _founders(rows: list[Any], first_added: int | None) -> dict[int, int]:
    """The first document of each story in the placing order, among ``rows`` (in that order)
    stored before ``first_added``."""
    out: dict[int, int] = {}
    for r in rows:
        story_id = r["story_id"]
        if story_id is not None and story_id not in out and (first_added is None or r["id"] < first_added):
            out[story_id] = r["id"]
    return out


def _window_begins(rows: list[Any], start: int) -> int:
    """Where the documents begin that the documents from ``start`` on may join: those of the
    WINDOW_DAYS before the first of them (dated documents come in the order of their days), or
    all of them when an undated one is to be placed (it may join any)."""
    days = [r["published_day"] for r in rows[start:]]
    if not days:
        return start
    if None in days:
        return 0
    cutoff = (dt.date.fromisoformat(min(days)) - dt.timedelta(days=WINDOW_DAYS)).isoformat()
    begin = start
    while begin > 0 and (rows[begin - 1]["published_day"] or UNDATED) >= cutoff:
        begin -= 1
    return begin


def _index_at(before: list[Any], window: list[Any], later: list[Any], features: dict[int, Features],
              totals: StoryIndex) -> StoryIndex:
    """The story index as one stream in the placing order has it when it comes to ``later``:
    the stories of the documents ``before`` the window (their days and sizes), the window's
    documents indexed, the corpus's term counts at that point."""
    index = StoryIndex()
    index.corpus = totals.documents >= MIN_DOCS_FOR_EVENTS
    index.df = totals.df.copy()
    index.specific_df = totals.specific_df.copy()
    index.documents = totals.documents - len(window) - len(later)
    for r in [*window, *later]:
        f = features[r["id"]]
        index.df.subtract(f.counts().keys())
        index.specific_df.subtract(f.specifics or ())
    for r in before:
        story_id = r["story_id"]
        if story_id is None:
            continue
        index.doc_story[r["id"]] = story_id
        index.stories.setdefault(story_id, Story(story_id)).grow(r["published_day"])
    for r in window:
        f = features[r["id"]]
        index.count(f)
        if r["storied"] and r["story_id"] is not None:
            index.add(r["id"], r["story_id"], f)
    return index


def _placing_links(store: Store, doc_ids: list[int], position: dict[int, int]
                   ) -> tuple[dict[int, list[int]], dict[int, set[int]]]:
    """For each document: the earlier documents (in the placing order) whose story it joins as
    a copy, best copy first; and the items of its template."""
    found: dict[int, list[tuple[float, int, int]]] = {}
    templates: dict[int, set[int]] = {}
    for r in store.placing_links(doc_ids):
        a, b = r["source_id"], r["target_id"]
        if r["kind"] == "template":
            templates.setdefault(a, set()).add(b)
            templates.setdefault(b, set()).add(a)
            continue
        later, earlier = (a, b) if position[a] > position[b] else (b, a)
        data = json.loads(r["data"] or "{}")
        # ``held``: the earlier text holds the later one (``holder`` names which side of the
        # link, copy or original, holds the other)
        holder = data.get("holder")
        held = holder is not None and (holder == "original") == (later == a)
        if joins_copied({**data, "held": held}):
            found.setdefault(later, []).append((-(r["similarity"] or 0.0), position[earlier], earlier))
    return {doc: [o for *_, o in sorted(c)] for doc, c in found.items()}, templates
