"""Stories are a function of the stored documents, not of the order they came in
(corpus/placement.py): the same documents added in other orders, in one stream or in several,
killed and resumed, or settled a piece at a time, give the same stories, cite and template links.

The documents are the generated news of tests/news_corpus.py (events told by an original, its
copies and other outlets' reports), analyzed once for the module and added to in-memory stores."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from typing import Any

import pytest

from riwaya.compare.prepare import Prepared, prepare
from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS
from riwaya.corpus import Corpus, ingest, placement
from riwaya.corpus.placement import EVERYTHING, UNSETTLED, Unsettled, placing_key, settle
from riwaya.read import Document, iter_documents
from riwaya.store import Store, open_store
from tests.news_corpus import news_corpus, write_jsonl


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> list[Prepared]:
    """About seventy analyzed documents over three weeks: more than MIN_DOCS_FOR_EVENTS, so that
    a stream crosses from a batch's rules to a corpus's."""
    a, b = news_corpus(16, seed=7, singles=6)
    path = write_jsonl(tmp_path_factory.mktemp("news") / "news.jsonl", a + b)
    docs = [d for d in iter_documents([str(path)]) if isinstance(d, Document)]
    unique = list({d.hash: d for d in docs}.values())
    assert len(unique) > MIN_DOCS_FOR_EVENTS + 10
    return [prepare(d) for d in unique]


def _stream(store: Store, docs: list[Prepared], batches: int = 1, *, settle: bool = True) -> Store:
    """Add ``docs`` in ``batches`` streams, each a Corpus of its own settled at its end (as each
    `riwaya ingest` is)."""
    size = -(-len(docs) // batches)
    for at in range(0, len(docs), size):
        corpus = Corpus(store)
        for p in docs[at:at + size]:
            corpus.add(p)
        if settle:
            corpus.settle()
    return store


def held(store: Store) -> dict[str, Any]:
    """What a store holds, by the documents' hashes: stories as sets of documents, and links."""
    con = store.db
    ident = dict(con.execute("SELECT id, hash FROM documents").fetchall())
    members: dict[int, set[str]] = defaultdict(set)
    for i, story_id in con.execute("SELECT id, story_id FROM documents"):
        members[story_id].add(ident[i])
    links = sorted((kind, ident[s], ident[t]) for s, t, kind in
                   con.execute("SELECT source_id, target_id, kind FROM links"))
    sizes = con.execute("SELECT COUNT(*) FROM stories s WHERE size != (SELECT COUNT(*) FROM documents d "
                        "WHERE d.story_id = s.id)").fetchone()[0]
    empty = con.execute("SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM documents d "
                        "WHERE d.story_id = s.id)").fetchone()[0]
    return {"stories": sorted(sorted(m) for s, m in members.items() if s is not None),
            "unstoried": len(members.get(None, ())), "links": links,
            "story_rows_wrong": sizes + empty,
            "unsettled": con.execute("SELECT value FROM settings WHERE key = ?", (UNSETTLED,)).fetchall()}


def _shuffled(docs: list[Prepared], seed: int) -> list[Prepared]:
    out = list(docs)
    random.Random(seed).shuffle(out)
    return out


@pytest.fixture(scope="module")
def in_placing_order(prepared) -> dict[str, Any]:
    """The stories of one stream in the placing order: what every other order must give."""
    ordered = sorted(prepared, key=lambda p: placing_key(p.doc.published, p.hash))
    return held(_stream(Store(":memory:"), ordered))


def test_the_placing_order_gives_stories_with_copies_cites_and_templates(in_placing_order):
    got = in_placing_order
    assert got["unstoried"] == 0 and got["story_rows_wrong"] == 0 and got["unsettled"] == []
    assert sum(len(s) >= 2 for s in got["stories"]) >= 10, "events of several documents"
    assert {kind for kind, *_ in got["links"]} >= {"copies"}


@pytest.mark.slow_on_postgres
@pytest.mark.parametrize("order", ["reversed", "shuffled", "shuffled again"])
@pytest.mark.parametrize("batches", [1, 2, 5])
def test_any_order_in_any_number_of_ingests_gives_the_same_stories(prepared, in_placing_order, order, batches,
                                                                   new_db):
    docs = {"reversed": sorted(prepared, key=lambda p: placing_key(p.doc.published, p.hash), reverse=True),
            "shuffled": _shuffled(prepared, 1), "shuffled again": _shuffled(prepared, 2)}[order]
    assert held(_stream(open_store(new_db()), docs, batches)) == in_placing_order


def test_a_stream_killed_before_it_settles_is_settled_by_the_next(prepared, in_placing_order, tmp_path,
                                                                  new_db):
    """A kill leaves the documents placed as they came and the setting that says so, committed
    with them; the next ingest, even one with nothing new, places them again."""
    docs = _shuffled(prepared, 3)
    db = new_db()
    with open_store(db) as store:
        _stream(store, docs[:30], settle=False)  # the first, killed: never settled
        assert held(store)["unsettled"] != []
    with open_store(db) as store:
        _stream(store, docs[30:], settle=False)  # the second, killed too (crossing 50)
    with open_store(db) as store:
        empty = write_jsonl(tmp_path / "nothing-new.jsonl", [])
        ingest([str(empty)], store, workers=1)
        assert held(store) == in_placing_order


def test_a_settle_killed_between_two_commits_goes_on_where_it_stopped(prepared, in_placing_order, new_db,
                                                                   monkeypatch):
    store = _stream(open_store(new_db()), _shuffled(prepared, 4), settle=False)
    monkeypatch.setattr(placement, "SETTLE_CHUNK", 7)
    calls = {"n": 0}
    real = store.set_story

    def killed_at_the_twentieth(doc_id: int, story_id: int | None) -> None:
        calls["n"] += 1
        if calls["n"] == 20:  # inside the third transaction: the first two are committed
            raise KeyboardInterrupt
        real(doc_id, story_id)

    monkeypatch.setattr(store, "set_story", killed_at_the_twentieth)
    with pytest.raises(KeyboardInterrupt):
        settle(store, None, Unsettled(EVERYTHING))
    monkeypatch.setattr(store, "set_story", real)
    left = placement.unsettled(store)
    order = sorted(placing_key(*store.placing_key(i)) for (i,) in store.db.execute("SELECT id FROM documents"))
    assert left is not None and left.since == order[14], "moved on past the two committed transactions"
    settle(store, None, left)
    assert held(store) == in_placing_order


def test_settling_a_window_places_what_settling_everything_places(prepared, new_db):
    """An ingest of later news settles from its first document, over the days it may join: the
    same stories as placing every document again."""
    docs = sorted(prepared, key=lambda p: placing_key(p.doc.published, p.hash))
    store = _stream(open_store(new_db()), docs[:-12])
    corpus = Corpus(store)
    for p in reversed(docs[-12:]):
        corpus.add(p)
    assert len(store.placing_rows()) - corpus.settle() > 30, "settled from late in the order"
    windowed = held(store)
    settle(store, None, Unsettled(EVERYTHING))
    assert held(store) == windowed


def test_a_story_keeps_its_number_when_placed_again_with_the_same_first_document(prepared, new_db):
    """Documents earlier than all stored ones place every story again; a story whose first
    document is still first keeps its number (its address in the web app)."""
    docs = sorted(prepared, key=lambda p: placing_key(p.doc.published, p.hash))
    store = _stream(open_store(new_db()), docs[4:])

    def firsts() -> dict[int, str]:
        """Each story's number by the hash of its first document in the placing order."""
        rows = store.db.execute("SELECT story_id, published, hash FROM documents WHERE story_id IS NOT NULL")
        first: dict[int, tuple] = {}
        for story_id, published, digest in rows:
            first[story_id] = min(first.get(story_id, (placing_key(published, digest),)),
                                  (placing_key(published, digest),))
        return {key[0][1]: story_id for story_id, key in first.items()}

    before = firsts()
    _stream(store, docs[:4])
    after = firsts()
    still_first = before.keys() & after.keys()
    assert len(still_first) > 10
    assert {h: after[h] for h in still_first} == {h: before[h] for h in still_first}


def test_a_batch_below_a_corpus_is_grouped_alike_in_any_order(prepared, new_db):
    few = sorted(prepared, key=lambda p: p.hash)[:20]
    first = held(_stream(Store(":memory:"), few))
    assert held(_stream(open_store(new_db()), list(reversed(few)), 3)) == first
    assert first["unstoried"] == 0


def test_an_ingest_counts_the_stories_it_began(tmp_path, new_db):
    a, b = news_corpus(6, seed=5)
    store = open_store(new_db())
    first = ingest([str(write_jsonl(tmp_path / "a.jsonl", a))], store, workers=1)
    second = ingest([str(write_jsonl(tmp_path / "b.jsonl", b))], store, workers=1)
    stories = store.counts()["stories"]
    assert first.new_stories > 0 and second.new_stories > 0
    assert first.new_stories + second.new_stories >= stories - 1  # B's documents may join A's stories
    assert second.new_stories < stories


def _made_before_settings(db: str) -> None:
    con = sqlite3.connect(db)
    con.execute("DROP TABLE settings")
    con.execute("ALTER TABLE documents DROP COLUMN meta")  # migrations 8's and 9's, which came after
    con.execute("DROP INDEX documents_name")
    con.execute("DROP INDEX documents_url")
    con.execute("DROP TABLE captures")  # migration 10's
    con.execute("DROP TABLE appearances")  # migration 11's
    con.execute("PRAGMA user_version = 6")
    con.commit()
    con.close()


def test_the_settings_table_is_created_for_an_old_database(tmp_path):
    """A database made before the settings table gets it when riwaya opens it."""
    db = str(tmp_path / "old.db")
    Store(db).close()
    _made_before_settings(db)
    with Store(db) as store:
        assert placement.unsettled(store) is None  # nothing stored: nothing to place again
        with store.transaction():
            placement.mark_unsettled(store, Unsettled(("2024-03-01", "ab"), 3))
        assert placement.unsettled(store) == Unsettled(("2024-03-01", "ab"), 3)


def test_an_old_databases_stories_are_placed_again_by_its_next_ingest(prepared, in_placing_order, tmp_path):
    """Its stories were placed in the order its documents came in: the next ingest, even of
    nothing new, places them all in the placing order."""
    db = str(tmp_path / "old.db")
    with Store(db) as store:
        _stream(store, _shuffled(prepared, 5), settle=False)  # as an ingest before placement.py
    _made_before_settings(db)
    with Store(db) as store:
        assert placement.unsettled(store) == Unsettled(EVERYTHING, None)
        ingest([str(write_jsonl(tmp_path / "nothing.jsonl", []))], store, workers=1)
        assert held(store) == in_placing_order
