"""`riwaya export --format parquet`: every table of a database as a Parquet file (issue 17),
read back with pyarrow as an analyst would; the three multi-outlet fixtures (tests/data/corpus)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from riwaya.corpus import ingest
from riwaya.store import EXPORTED_TABLES, open_store
from tests.cli import run_riwaya
from tests.conftest import BACKENDS, new_database

pq = pytest.importorskip("pyarrow.parquet")

CORPUS = Path(__file__).parent / "data" / "corpus"


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("parquet")
    path = new_database(request, request.param, folder)
    inputs = [d / "docs.jsonl" for d in sorted(CORPUS.iterdir()) if d.is_dir()]
    # one of them published again by another outlet: an appearance
    record = json.loads(inputs[0].read_text(encoding="utf-8").splitlines()[0])
    again = folder / "again.jsonl"
    again.write_text(json.dumps({**record, "outlet": "another-site", "url": "https://another.example/1"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    with open_store(path) as store:
        ingest([str(p) for p in [*inputs, again]], store, workers=1)
    return path


def _count(db: str, table: str) -> int:
    with open_store(db, create=False) as store:
        return store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_every_table_is_written_and_reads_back_as_stored(db, tmp_path):
    out = tmp_path / "tables"
    proc = run_riwaya("export", "--db", str(db), "--format", "parquet", "-o", str(out), text=True)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.stem for p in out.iterdir()) == sorted(EXPORTED_TABLES)
    for table in EXPORTED_TABLES:
        assert pq.read_metadata(out / f"{table}.parquet").num_rows == _count(db, table) > 0, table
        assert f"{table}.parquet: " in proc.stdout
    documents = {d["id"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    mentions = pq.read_table(out / "mentions.parquet").to_pylist()
    # every offset points into the document's text as exported
    assert all(documents[m["document_id"]]["text"][m["start"]:m["end"]] == m["text"] for m in mentions)
    assert all(json.loads(m["data"])["kind"] == m["kind"] for m in mentions)
    claims = pq.read_table(out / "claims.parquet").to_pylist()
    assert {type(c["among"]) for c in claims} == {bool} and all(isinstance(json.loads(c["frame"]), dict)
                                                                for c in claims)
    assert any(c["value"] is not None and c["unit"] for c in claims)
    first = next(iter(documents.values()))
    assert isinstance(first["warnings"], list) and first["published_day"].isoformat() == first["published"][:10]
    kinds = {row["kind"] for row in pq.read_table(out / "links.parquet").to_pylist()}
    assert "copies" in kinds and "cites" in kinds
    stories = pq.read_table(out / "stories.parquet").to_pylist()
    assert all(s["first_day"] <= s["last_day"] for s in stories)


def test_the_documents_of_some_stories_and_only_theirs(db, tmp_path):
    with open_store(db, create=False) as store:
        story, members = store.db.execute("SELECT story_id, COUNT(*) FROM documents GROUP BY story_id "
                                          "ORDER BY COUNT(*) DESC, story_id LIMIT 1").fetchone()
    out = tmp_path / "one"
    assert run_riwaya("export", "--db", str(db), "-f", "parquet", "-o", str(out), "--story", str(story)).returncode == 0
    ids = {d["id"] for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert len(ids) == members and len(ids) < _count(db, "documents")
    for table in ("mentions", "claims", "sentences"):
        assert {r["document_id"] for r in pq.read_table(out / f"{table}.parquet").to_pylist()} <= ids
    links = pq.read_table(out / "links.parquet").to_pylist()
    assert links and all(ln["source_id"] in ids and ln["target_id"] in ids for ln in links)
    assert [s["id"] for s in pq.read_table(out / "stories.parquet").to_pylist()] == [story]


def test_a_table_is_written_a_row_group_at_a_time(db, tmp_path, monkeypatch):
    """Memory holds one row group, not a table: a corpus of millions of mentions exports."""
    from riwaya.render import parquet

    monkeypatch.setattr(parquet, "ROWS_PER_GROUP", 7)
    with open_store(db, create=False) as store:
        written = parquet.write_parquet(store, str(tmp_path / "small"))
    meta = pq.read_metadata(tmp_path / "small" / "mentions.parquet")
    assert meta.num_row_groups == -(-written["mentions"] // 7) > 1


def test_an_empty_database_gives_empty_tables_with_their_columns(tmp_path, new_db):
    empty = new_db()
    open_store(empty).close()
    assert run_riwaya("export", "--db", str(empty), "-f", "parquet", "-o", str(tmp_path / "t")).returncode == 0
    table = pq.read_table(tmp_path / "t" / "claims.parquet")
    assert table.num_rows == 0 and "value" in table.column_names


@pytest.mark.parametrize("args, message", [
    ([], "give the folder with --output"),
    (["-o", "FILE"], "not a folder"),
])
def test_user_errors_in_one_line(db, tmp_path, args, message):
    (tmp_path / "FILE").write_text("x")
    args = [str(tmp_path / a) if a == "FILE" else a for a in args]
    proc = run_riwaya("export", "--db", str(db), "-f", "parquet", *args, text=True)
    assert proc.returncode == 1 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_without_pyarrow_the_export_says_what_to_install(db, tmp_path, monkeypatch):
    from riwaya.errors import RiwayaError
    from riwaya.render import parquet

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with open_store(db, create=False) as store, pytest.raises(RiwayaError, match=r"riwaya\[parquet\]"):
        parquet.write_parquet(store, str(tmp_path / "none"))
