"""The PostgreSQL store (store/postgres.py) against the SQLite one: the same corpus stored in both
holds the same documents, mentions, claims, links and stories, and every search finds the same
documents; and what PostgreSQL alone needs — its rows, its search vectors at their limits, its
addresses in messages, another database's tables left alone, a server that is not there."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from riwaya.corpus import ingest, story
from riwaya.errors import RiwayaError
from riwaya.store import Store, open_store
from riwaya.text.stem import light_stem
from tests.cli import run_riwaya

psycopg = pytest.importorskip("psycopg")

from riwaya.store.postgres import PostgresStore, Row, search_query, search_vector, shown_url  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "corpus"
QUERIES = ["شيكان", "الكسارة", "قتل", "مدنيين", "في", "الاسلام", "جيش الاسلام", '"مجلس الأمن"',
           '"لجنة أمن الولاية"', "«قوات الدعم السريع»", "قصف مدنيين", "12", "كلمة_غير_موجودة", "المدنيين",
           "للمدنيين", "درعا", "مأرب الحوثي", "ولاية شمال كردفان"]


@pytest.fixture(scope="module")
def both(postgres) -> tuple[Store, PostgresStore]:
    """The fixture corpus in SQLite (in memory) and in PostgreSQL, ingested alike."""
    sqlite, pg = Store(":memory:"), PostgresStore(postgres.new_database())
    for store in (sqlite, pg):
        ingest([str(CORPUS)], store, workers=1)
    return sqlite, pg


def _rows(store: Store | PostgresStore, sql: str) -> list[tuple]:
    return [tuple(r) for r in store.db.execute(sql).fetchall()]


@pytest.mark.parametrize("table, order", [
    ("documents", "id"), ("sentences", "document_id, idx"), ("mentions", "id"), ("claims", "id"),
    ("signatures", "document_id"), ("links", "source_id, target_id, kind"), ("stories", "id"),
    ("settings", "key"), ("ingest_log", "id")])
def test_the_same_corpus_is_stored_alike(both, table, order):
    sqlite, pg = both
    columns = [r[1] for r in sqlite.db.execute(f"PRAGMA table_info({table})") if r[1] not in ("ingested_at", "at")]
    select = f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in columns)} FROM {table} ORDER BY {order}"
    mine, theirs = _rows(sqlite, select), _rows(pg, select)
    assert len(mine) == len(theirs) > (0 if table != "settings" else -1)
    assert mine == theirs


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_finds_the_same_documents(both, query):
    sqlite, pg = both
    mine, theirs = sqlite.search(query, limit=1000), pg.search(query, limit=1000)
    assert {h["document"] for h in theirs} == {h["document"] for h in mine}
    assert pg.search_count(query) == sqlite.search_count(query) == len(mine)
    # the same snippets (they come from the text, not the index)
    assert {h["document"]: h["snippet_match"] for h in theirs} == {h["document"]: h["snippet_match"] for h in mine}


def test_the_ranking_is_near_bm25s(both):
    """ts_rank_cd is not bm25: the same best hit for most queries, and most pairs of hits in the
    same order (8 of 10 and 94% when it was chosen)."""
    sqlite, pg = both
    best = in_order = pairs = queries = 0
    for query in QUERIES:
        mine = [h["document"] for h in sqlite.search(query, limit=100)]
        if not mine:
            continue
        theirs = [h["document"] for h in pg.search(query, limit=100)]
        queries += 1
        best += mine[0] == theirs[0]
        at = {doc: i for i, doc in enumerate(theirs)}
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                pairs += 1
                in_order += at[a] < at[b]
    assert best >= 0.7 * queries and in_order >= 0.9 * pairs, (best, queries, in_order, pairs)


def test_stories_and_their_accounts_are_the_same(both):
    sqlite, pg = both
    assert pg.stories() == sqlite.stories()
    assert pg.stories(query="شيكان") == sqlite.stories(query="شيكان")
    assert pg.stories(since="2024-03-19", min_size=2) == sqlite.stories(since="2024-03-19", min_size=2)
    assert pg.counts() == sqlite.counts() and pg.outlets() == sqlite.outlets()
    for story_id in sqlite.story_ids():
        assert story(pg, story_id) == story(sqlite, story_id)


def test_a_search_narrowed_by_outlet_and_days(both):
    sqlite, pg = both
    outlet = sqlite.outlets()[0]
    for args in ({"outlet": outlet}, {"since": "2024-03-19"}, {"until": "2023-12-31"}):
        assert [h["document"] for h in pg.search("قتل", limit=100, **args)] == sorted(
            [h["document"] for h in pg.search("قتل", limit=100, **args)],
            key=[h["document"] for h in pg.search("قتل", limit=100, **args)].index)
        assert ({h["document"] for h in pg.search("قتل", limit=100, **args)}
                == {h["document"] for h in sqlite.search("قتل", limit=100, **args)}), args


def test_rows_read_as_sqlite3_rows_do():
    row = Row((1, "a", None), {"id": 0, "hash": 1, "story_id": 2})
    assert row[0] == row["id"] == 1 and row["hash"] == "a" and row[-1] is None
    doc_id, digest, _story = row
    assert (doc_id, digest) == (1, "a")
    assert dict(row) == {"id": 1, "hash": "a", "story_id": None} and row.keys() == ["id", "hash", "story_id"]


def test_the_search_vector_holds_the_words_and_their_stems_with_positions():
    vector = search_vector("قتل 12 مدنيا", "قتل 12 مدني")
    assert vector == "'قتل':1A,1B '12':2A,2B 'مدنيا':3A 'مدني':3B"
    assert search_query('"قتل 12"') == "(('قتل':A <-> '12':A))"
    assert search_query("للمدنيين") == f"(('للمدنيين':A) | ('{light_stem('للمدنيين')}':B))"
    assert search_query("«»") is None and search_query("") is None


def test_a_long_document_is_searchable_past_the_positions_postgresql_keeps(postgres, tmp_path):
    """PostgreSQL keeps word positions up to 16,383: a word after them is found all the same."""
    path = tmp_path / "long.txt"
    path.write_text("بدأ التقرير. " + "نص " * 17_000 + " وفي آخره ذكر الزلزال المدمر.", encoding="utf-8")
    with PostgresStore(postgres.new_database()) as store:
        report = ingest([str(path)], store, workers=1)
        assert report.added == 1
        assert store.search_count("الزلزال") == store.search_count("المدمر") == 1
        assert store.search_count('"بدأ التقرير"') == 1


def test_a_text_with_a_nul_character_is_stored(postgres, tmp_path):
    path = tmp_path / "nul.jsonl"
    path.write_text('{"text": "قتل 12 مدنيا في القصف.\\u0000 وقال المتحدث إن القصف استمر.", "title": "t"}\n',
                    encoding="utf-8")
    with PostgresStore(postgres.new_database()) as store:
        assert ingest([str(path)], store, workers=1).added == 1
        (doc,) = store.documents()
        assert len(doc["text"]) == len("قتل 12 مدنيا في القصف.\x00 وقال المتحدث إن القصف استمر.")
        assert store.search_count("المتحدث") == 1


def test_another_programs_database_is_left_alone(postgres):
    url = postgres.new_database()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(RiwayaError, match=r"not a riwaya database but another program's .*invoices"):
        PostgresStore(url)
    with psycopg.connect(url) as con:
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["invoices"]


def test_a_database_without_riwaya_tables_is_no_riwaya_database_to_read(postgres):
    url = postgres.new_database()
    with pytest.raises(RiwayaError, match="no such database"):
        open_store(url, create=False)
    open_store(url).close()  # ingest and serve --create make it
    assert open_store(url, create=False).counts()["documents"] == 0


def test_a_server_that_is_not_there_is_one_line_and_no_password_is_said(tmp_path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://newsroom:hunter2@127.0.0.1:{port}/corpus"
    ran = run_riwaya("search", "قصف", "--db", url, text=True)
    assert ran.returncode == 1 and "cannot connect to the database" in ran.stderr
    assert "hunter2" not in ran.stderr and "newsroom:***@" in ran.stderr
    assert len(ran.stderr.strip().splitlines()) == 1 and "Traceback" not in ran.stderr
    assert shown_url("postgres://u@h/db") == "postgres://u@h/db"


def test_the_version_moves_when_another_connection_writes(postgres):
    url = postgres.new_database()
    reader, writer = PostgresStore(url), PostgresStore(url)
    before = reader.version()
    writer.save_check({"quotes": []}, "t")
    assert reader.version() != before
    assert reader.version() == reader.version()  # reading moves nothing


def test_stores_opening_one_new_database_at_once_make_its_tables_once(postgres):
    url = postgres.new_database()
    errors: list[str] = []

    def opening() -> None:
        try:
            PostgresStore(url).close()
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=opening) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert PostgresStore(url).counts()["documents"] == 0


def test_a_write_that_fails_leaves_nothing_behind(postgres):
    store = PostgresStore(postgres.new_database())
    with pytest.raises(ZeroDivisionError), store.transaction():
        store.set_setting("k", "v")
        store.log("x", "added")
        1 / 0  # noqa: B018
    assert store.setting("k") is None
    assert store.db.execute("SELECT COUNT(*) FROM ingest_log").fetchone()[0] == 0


def test_the_cli_ingests_searches_and_lists_stories_in_postgresql(postgres, tmp_path):
    url = postgres.new_database()
    ran = run_riwaya("ingest", str(CORPUS), "--db", url, "--format", "json", text=True)
    assert ran.returncode == 0, ran.stderr
    assert '"database": "postgresql://' in ran.stdout
    found = run_riwaya("search", "شيكان", "--db", url, text=True)
    assert found.returncode == 0 and "شيكان" in found.stdout
    listed = run_riwaya("stories", "--db", url, text=True)
    assert listed.returncode == 0 and listed.stdout.strip()


def test_the_web_app_serves_a_postgresql_corpus_and_refuses_a_database_it_was_not_told_to_create(postgres):
    from riwaya.web import create_app
    from tests.web_client import BrowserClient

    empty = postgres.new_database()
    with pytest.raises(RiwayaError, match="no such database"):
        create_app(empty, create=False)  # `riwaya serve` without --create
    client = BrowserClient(create_app(empty))  # with --create
    assert client.get("/api/stories").json()["stories"] == []
    link = client.post("/check", data={"report": "قال الوزير: «قتل 12 مدنياً في القصف».",
                                       "source": "قتل 15 مدنياً في القصف."},
                       headers={"accept": "text/html"}, follow_redirects=False).headers["location"]
    assert client.get(link, headers={"accept": "text/html"}).status_code == 200


def test_a_server_failing_mid_request_is_a_page_that_says_so(postgres, monkeypatch):
    from riwaya.web import create_app
    from tests.web_client import BrowserClient

    app = create_app(postgres.new_database())

    def gone(*args, **kwargs):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(app.state.site.store, "stories", gone)
    answer = BrowserClient(app, raise_server_exceptions=False).get("/", headers={"accept": "text/html"})
    assert answer.status_code == 500
    assert "the database server answered with an error (server closed the connection unexpectedly)" in answer.text


def test_rows_stored_in_bulk_by_copy_are_the_rows_stored_one_by_one(postgres):
    """add_many (COPY, a table at a time: a cluster's part) stores what add_rows stores, ids
    and all, a NUL character and a document without mentions among them."""
    from riwaya.compare.prepare import prepare
    from riwaya.compare.stories import features
    from riwaya.read import Document, iter_documents
    from riwaya.store.rows import document_rows

    docs = [d for d in iter_documents([str(CORPUS)]) if isinstance(d, Document)][:12]
    docs += [Document("nul.txt", "قتل 12 مدنيا في القصف.\x00 وقال المتحدث إن القصف استمر.", "txt"),
             Document("plain.txt", "نص قصير بلا أرقام ولا أسماء.", "txt")]
    rows = []
    for doc in docs:
        p = prepare(doc)
        rows.append(document_rows(p, features(p.terms, p.mentions, p.published, p.doc.outlet)))
    one_by_one, in_bulk = PostgresStore(postgres.new_database()), PostgresStore(postgres.new_database())
    with one_by_one.transaction():
        first = [one_by_one.add_rows(r) for r in rows[:5]] + [one_by_one.add_rows(r) for r in rows[5:]]
    with in_bulk.transaction():
        assert in_bulk.add_many(rows[:5]) + in_bulk.add_many(rows[5:]) == first
    for table, order in [("documents", "id"), ("sentences", "document_id, idx"), ("mentions", "id"),
                         ("claims", "id"), ("signatures", "document_id"), ("documents_fts", "document_id")]:
        select = f"SELECT * FROM {table} ORDER BY {order}"
        dropped = {"ingested_at"}
        mine, theirs = ([{k: v for k, v in dict(r).items() if k not in dropped} for r in store._all(select)]
                        for store in (one_by_one, in_bulk))
        assert len(mine) > 0 and mine == theirs, table
    assert in_bulk.search_count("المتحدث") == 1
