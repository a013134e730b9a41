"""`riwaya ingest --engine dask` (corpus/cluster.py): the same documents, copies, stories and
figure tables as the default engine, on the generated news of tests/news_corpus.py and on a
sample of SaudiNewsNet; copies found as shuffles (compare/batch_copies.py) equal to the
candidates and links of `CopyIndex`; a killed cluster ingest finished by the next ingest.

A Dask cluster of two worker processes is started once for the module (its address given as
--scheduler, as to a real cluster); one test starts its own local cluster, as `--workers 2` does.
"""

from __future__ import annotations

import json
import random
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from riwaya.compare import batch_copies as bc
from riwaya.compare.duplicates import ANCHOR_SAMPLE, COMMON_SENTENCE, CopyIndex, Fingerprint
from riwaya.compare.prepare import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM
from riwaya.corpus import copies, ingest, story
from riwaya.corpus.copies import COPIES_UNLINKED, link_unlinked
from riwaya.store import open_store
from tests.cli import run_riwaya
from tests.news_corpus import news_corpus, write_jsonl

distributed = pytest.importorskip("distributed")
SAUDINEWSNET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"


@pytest.fixture(scope="module")
def scheduler() -> Any:
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> tuple[Path, Path]:
    """Two halves of about seventy generated reports over three weeks (copies, other outlets'
    reports of one event, unrelated items)."""
    a, b = news_corpus(16, seed=7, singles=6)
    folder = tmp_path_factory.mktemp("news")
    return write_jsonl(folder / "a.jsonl", a), write_jsonl(folder / "b.jsonl", b)


def _on_cluster(paths: list[Path], db: str, scheduler: str | None, workers: int | None = None) -> dict[str, Any]:
    from riwaya.corpus.cluster import ingest_on_cluster

    with open_store(db) as store:
        return ingest_on_cluster([str(p) for p in paths], store, scheduler=scheduler, workers=workers,
                                 max_bytes=50 << 20).as_dict()


def _locally(paths: list[Path], db: str) -> dict[str, Any]:
    with open_store(db) as store:
        return ingest([str(p) for p in paths], store, workers=1).as_dict()


def everything(db: str) -> dict[str, Any]:
    """What a database holds, by the documents' hashes: documents (name, story), links with
    their data, stories (number, title, days, size) and each story as `compare` shows it
    (documents, copies, figure table)."""
    with open_store(db, create=False) as store:
        rows = store.db.execute("SELECT id, hash, name, story_id FROM documents ORDER BY id").fetchall()
        ident = {r[0]: r[1] for r in rows}
        links = sorted((ident[s], ident[t], kind, round(sim or 0, 9), json.dumps(json.loads(data or "{}"),
                                                                                sort_keys=True))
                       for s, t, kind, sim, data in store.db.execute(
                           "SELECT source_id, target_id, kind, similarity, data FROM links").fetchall())
        stories = [tuple(r) for r in store.db.execute(
            "SELECT id, title, first_day, last_day, size FROM stories ORDER BY id").fetchall()]
        accounts = {s[0]: json.dumps(story(store, s[0]), sort_keys=True, default=str) for s in stories}
        mentions = store.db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        return {"documents": sorted((r[1], r[2], r[3]) for r in rows), "links": links, "stories": stories,
                "accounts": accounts, "mentions": mentions}


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in a:
        assert a[key] == b[key], key


def _shuffle_directories(monkeypatch: Any, as_tasks: bool = False) -> list[str | None]:
    """The copy shuffle's directory of each ingest on the cluster (None: the pieces went as
    Dask tasks), recorded; ``as_tasks``: as if the workers could not see one."""
    import riwaya.corpus.cluster as cluster_engine

    used: list[str | None] = []
    made = cluster_engine._shuffle_directory

    @contextmanager
    def recorded(client: Any, address: str | None) -> Any:
        with made(client, None if as_tasks else address) as directory:
            used.append(directory)
            yield directory

    monkeypatch.setattr(cluster_engine, "_shuffle_directory", recorded)
    return used


@pytest.mark.slow_on_postgres
def test_the_cluster_gives_what_the_default_engine_gives(news, scheduler, new_db):
    local = new_db()
    expected = _locally(list(news), local)
    cluster = new_db()  # (a SQLite file's name is new until the file is made)
    got = _on_cluster(list(news), cluster, scheduler)
    for key in ("read", "added", "already_stored", "also_published", "copies", "new_stories", "not_arabic",
                "warnings"):
        assert got[key] == expected[key], key
    assert got["cluster"]["workers"] == 2 and got["cluster"]["shuffle_mb"] >= 0
    assert got["cluster"]["worker_peak_mb_copies"] is None  # another's cluster: its workers not restarted
    steps = got["cluster"]["step_seconds"]
    assert list(steps) == ["read_analyze_store", "copies", "settle"] and sum(steps.values()) <= got["seconds"] + 0.2
    assert expected["also_published"] >= 3  # originals again at other addresses, kept as appearances
    held = everything(local)
    assert sum(1 for link in held["links"] if link[2] == "copies") >= 10
    assert sum(1 for s in held["stories"] if s[4] >= 2) >= 10
    _same(held, everything(cluster))


def test_a_cluster_ingest_into_a_corpus_finds_copies_of_what_was_stored(news, scheduler, tmp_path):
    """The second half on the cluster, after the first stored by the default engine: the stored
    documents take part in the shuffles, and the stories are placed again as the default
    engine's second ingest places them."""
    a, b = news
    local, mixed = str(tmp_path / "local.db"), str(tmp_path / "mixed.db")
    _locally([a], local)
    _locally([b], local)
    _locally([a], mixed)
    _on_cluster([b], mixed, scheduler)
    _same(everything(local), everything(mixed))


def test_ingest_again_stores_nothing_twice_and_analyzes_nothing_stored(news, scheduler, tmp_path):
    db = str(tmp_path / "again.db")
    first = _on_cluster(list(news), db, scheduler)
    again = _on_cluster(list(news), db, scheduler)
    assert again["added"] == 0 and again["already_stored"] == first["read"]
    assert everything(db)["documents"] == sorted(everything(db)["documents"])


def test_a_killed_cluster_ingest_is_finished_by_the_next_ingest_of_either_engine(news, scheduler, tmp_path,
                                                                               monkeypatch):
    """Killed after its documents were stored, before their copies were found: the next
    ingest, even of nothing new, finds them and places the stories again."""
    import riwaya.corpus.cluster as cluster_engine

    reference = str(tmp_path / "reference.db")
    _locally(list(news), reference)
    empty = write_jsonl(tmp_path / "nothing-new.jsonl", [])
    monkeypatch.setattr(copies, "BLOCK_DOCS", 9)  # link_unlinked's blocks: prints read across them,
    monkeypatch.setattr(copies, "PRINTS_HELD", 2)  # a few at a time
    for engine in ("default", "dask"):
        db = str(tmp_path / f"killed-then-{engine}.db")

        def killed(*args: Any, **kwargs: Any) -> None:
            raise KeyboardInterrupt

        with monkeypatch.context() as m:
            m.setattr(cluster_engine, "_link", killed)
            with pytest.raises(KeyboardInterrupt):
                _on_cluster(list(news), db, scheduler)
        with open_store(db) as store:
            assert store.setting(COPIES_UNLINKED) is not None
            assert store.counts()["copies"] == 0
        if engine == "default":
            _locally([empty], db)
        else:
            _on_cluster([empty], db, scheduler)
        with open_store(db) as store:
            assert store.setting(COPIES_UNLINKED) is None
        _same(everything(reference), everything(db))


def test_link_unlinked_does_nothing_when_nothing_is_marked(news, tmp_path):
    db = str(tmp_path / "plain.db")
    _locally(list(news), db)
    before = everything(db)
    with open_store(db) as store:
        link_unlinked(store)
    assert everything(db) == before


@pytest.mark.slow
def test_a_local_cluster_of_its_own(news, tmp_path, monkeypatch):
    """Without --scheduler: a cluster of --workers processes on this machine, started and
    stopped by the ingest."""
    local, cluster = str(tmp_path / "local.db"), str(tmp_path / "cluster.db")
    _locally(list(news), local)
    import riwaya.corpus.cluster as cluster_engine

    restarts, settings = [], []
    restart = distributed.Client.restart

    def memory_settings() -> tuple[bool, float]:  # in a worker
        import dask

        return (dask.config.get("distributed.worker.profile.enabled"),
                dask.config.get("distributed.worker.memory.target"))

    def restarted(client: Any, *args: Any, **kwargs: Any) -> None:
        restart(client, *args, **kwargs)
        restarts.append(True)
        settings.extend(client.run(memory_settings).values())

    monkeypatch.setattr(distributed.Client, "restart", restarted)
    directories = _shuffle_directories(monkeypatch)
    got = _on_cluster(list(news), cluster, None, workers=2)["cluster"]
    # its workers see this machine's disk: the copy shuffle went through files, since removed
    assert len(directories) == 1 and directories[0] is not None and not Path(directories[0]).exists()
    assert got["workers"] == 2 and len(got["worker_peak_mb"]) == 2
    # the copy step ran in new worker processes (restarted once): their peak since they started
    # is the step's; the ingest's is the larger of the two steps'
    assert restarts == [True]
    # and those kept our settings: no profiler's samples, the shuffle past SHUFFLE_HELD_MB on disk
    held = (cluster_engine.SHUFFLE_HELD_MB << 20) / (distributed.system.MEMORY_LIMIT // 2)
    assert settings == [(False, pytest.approx(min(0.6, held)))] * 2
    analyzing, copying = got["worker_peak_mb_analyzing"], got["worker_peak_mb_copies"]
    assert len(copying) == 2 and got["worker_peak_mb"] == [max(a, c) for a, c in zip(analyzing, copying,
                                                                                     strict=True)]
    _same(everything(local), everything(cluster))


@pytest.mark.slow
def test_workers_that_do_not_come_back_in_time_still_find_the_copies(news, tmp_path, monkeypatch):
    def timed_out(client: Any, *args: Any, **kwargs: Any) -> None:
        raise TimeoutError("4 of 4 workers did not come back within 20 s")

    monkeypatch.setattr(distributed.Client, "restart", timed_out)
    local, cluster = str(tmp_path / "local.db"), str(tmp_path / "cluster.db")
    _locally(list(news), local)
    got = _on_cluster(list(news), cluster, None, workers=1)
    assert got["cluster"]["worker_peak_mb_copies"] is None
    _same(everything(local), everything(cluster))


@pytest.mark.slow
@pytest.mark.skipif(not SAUDINEWSNET.is_dir(), reason="../shared/data/saudinewsnet is not here")
def test_on_a_sample_of_saudinewsnet(scheduler, tmp_path):
    """400 real articles (one day's archives in, as shipped): the same documents, copies,
    stories and figure tables."""
    from riwaya.read import Document, iter_documents

    docs = []
    for d in iter_documents(sorted(str(p) for p in SAUDINEWSNET.glob("*.zip"))[:3]):
        if isinstance(d, Document):
            docs.append({"text": d.text, "title": d.title, "url": d.url, "outlet": d.outlet,
                         "published": d.published})
        if len(docs) == 400:
            break
    path = write_jsonl(tmp_path / "sample.jsonl", docs)
    local, cluster = str(tmp_path / "local.db"), str(tmp_path / "cluster.db")
    _locally([path], local)
    _on_cluster([path], cluster, scheduler)
    held = everything(local)
    assert sum(1 for link in held["links"] if link[2] == "copies") >= 5
    _same(held, everything(cluster))


def test_the_command_line(news, scheduler, tmp_path):
    db = str(tmp_path / "cli.db")
    done = run_riwaya("ingest", *map(str, news), "--db", db, "--engine", "dask", "--scheduler", scheduler,
                      "--format", "json", text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] > 60 and summary["cluster"]["workers"] == 2
    wrong = run_riwaya("ingest", str(news[0]), "--db", db, "--scheduler", scheduler, text=True)
    assert wrong.returncode != 0 and "--engine dask" in str(wrong.stderr) and "Traceback" not in str(wrong.stderr)
    stdin = run_riwaya("ingest", "-", "--db", db, "--engine", "dask", "--scheduler", scheduler, text=True)
    assert stdin.returncode != 0 and "standard input" in str(stdin.stderr)


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(news, tmp_path):
    done = run_riwaya("ingest", str(news[0]), "--db", str(tmp_path / "x.db"), "--engine", "dask",
                      "--scheduler", "tcp://127.0.0.1:9", text=True)
    assert done.returncode != 0
    err = str(done.stderr).strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1 and "127.0.0.1:9" in err


# The shuffles against CopyIndex, on prints made up to hit every rule: sentences held by more
# than COMMON_SENTENCE documents, anchors shared by few or many, bands equal by chance.


def _made_up_prints(n: int, seed: int) -> list[bc.CopyPrint]:
    from datasketch import MinHash

    rng = random.Random(seed)
    out = []
    for doc_id in range(1, n + 1):
        base = rng.randrange(8)  # documents of one base share many 3-grams
        shingles = np.unique(np.array([rng.randrange(base * 300, base * 300 + 600) for _ in range(rng.randrange(20, 200))]
                                      + [rng.randrange(10**6) for _ in range(30)], dtype=np.uint32))
        minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        minhash.update_batch([int(s).to_bytes(4, "little") for s in shingles])
        sentences = frozenset(rng.sample(range(8), rng.randrange(0, 5)))  # 8 keys: most held by 25+
        fp = Fingerprint(doc_id, None, shingles, sentences, frozenset())
        out.append(bc.CopyPrint(fp, minhash.hashvalues.astype(np.uint64), None, ("", str(doc_id))))
    return out


def _shuffled_candidates(prints: list[bc.CopyPrint], blocks: int, first_new: int) -> set[tuple[int, int]]:
    parts = [prints[i::blocks] for i in range(blocks)]  # any split of the keys: each bucket gets all of a key's
    routed = [bc.routed(bc.keys(part), blocks) for part in parts]
    found = [bc.pairs(np.concatenate([r[b] for r in routed])) for b in range(blocks)]
    got = bc.candidates(found, first_new)
    return set(zip(got["later"].tolist(), got["earlier"].tolist(), strict=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_shuffled_candidates_are_copy_indexs(seed):
    prints = _made_up_prints(120, seed)
    index = CopyIndex()
    expected = set()
    for p in prints:
        asked = SimpleNamespace(minhash=p.minhash, sentence_keys=list(p.fp.sentence_keys), shingles=p.fp.shingles)
        expected |= {(p.doc_id, other) for other in index.candidates(asked)}  # type: ignore[arg-type]
        index.add(p.fp, p.minhash)
    assert any(len([q for q in prints if k in q.fp.sentence_keys]) > COMMON_SENTENCE + 1 for k in range(8))
    assert len(expected) > 200
    for blocks in (1, 3):
        assert _shuffled_candidates(prints, blocks, 1) == expected
    # only the new documents' candidates: those from 61 on
    assert _shuffled_candidates(prints, 2, 61) == {(a, b) for a, b in expected if a >= 61}


def test_a_key_is_one_mix_of_its_kind_and_values():
    a = _made_up_prints(1, seed=4)[0]
    alike = bc.CopyPrint(Fingerprint(3, None, a.fp.shingles, a.fp.sentence_keys, frozenset()), a.minhash, None,
                         ("", "3"))
    ka, kc = bc.keys([a]), bc.keys([alike])
    assert bc.KEY.itemsize == 17
    assert ka["key"].tolist() == kc["key"].tolist() and set(kc["doc"].tolist()) == {3}  # same texts, same keys
    # a sentence and an anchor of one value are two keys
    value = ANCHOR_SAMPLE * 7
    both = bc.keys([bc.CopyPrint(Fingerprint(5, None, np.array([value], np.uint32), frozenset([value]), frozenset()),
                                 None, None, ("", "5"))])
    assert both["kind"].tolist() == [bc.SENTENCE, bc.ANCHOR] and both["key"][0] != both["key"][1]
    # one band: its values all equal, not one of them
    band = a.minhash.copy()
    band[1] ^= 1
    changed = bc.keys([bc.CopyPrint(a.fp, band, None, a.key)])
    assert (changed["key"] != ka["key"]).tolist() == (ka["kind"] == bc.BAND).tolist()
    with pytest.raises(ValueError, match="past what the copy shuffle carries"):
        bc.keys([bc.CopyPrint(Fingerprint(2**32, None, a.fp.shingles, frozenset(), frozenset()), None, None,
                              ("", ""))])


def test_blocks_are_runs_of_ids():
    from riwaya.corpus.copies import id_blocks

    assert id_blocks(2500, 1000) == [(1, 1000), (1001, 2000), (2001, 2500)]
    assert id_blocks(0, 1000) == []
    assert bc.block_of(np.array([1, 99, 100, 250]), [1, 100, 200]).tolist() == [0, 0, 1, 2]


def test_a_routed_step_is_written_once_and_read_a_piece_at_a_time(tmp_path):
    keys = np.zeros(6, bc.KEY)
    keys["key"], keys["doc"] = [5, 3, 7, 4, 9, 6], [1, 2, 3, 4, 5, 6]
    routed = bc.routed(keys, 3)
    # each bucket holds the keys that go to it, in their order
    assert [routed[b]["doc"].tolist() for b in range(3)] == [[2, 5, 6], [3, 4], [1]]
    path = copies.write_routed(routed, str(tmp_path / "keys-0"))
    assert [copies.read_piece(path, b, bc.KEY)["doc"].tolist() for b in range(3)] == [[2, 5, 6], [3, 4], [1]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys-0.bounds", "keys-0.rows"]
    empty = copies.write_routed({0: np.zeros(0, bc.PAIR), 1: np.zeros(0, bc.PAIR)}, str(tmp_path / "pairs-0"))
    assert len(copies.read_piece(empty, 1, bc.PAIR)) == 0


def test_the_shuffle_goes_through_files_only_where_every_worker_sees_them(tmp_path):
    """In Dask's temporary directory, removed at the end; None (the pieces go as Dask tasks)
    when a worker does not see it, when the workers cannot open the database (no address), or
    when the directory cannot be made."""
    import dask

    from riwaya.corpus.cluster import _shuffle_directory

    class Workers:
        def __init__(self, all_see: bool):
            self.all_see = all_see

        def run(self, func: Any, *args: Any) -> dict[str, bool]:
            return {"one": func(*args), "other": self.all_see and func(*args)}

    with dask.config.set({"temporary-directory": str(tmp_path)}):
        with _shuffle_directory(Workers(True), "news.db") as directory:
            assert directory is not None and Path(directory).parent == tmp_path
        assert not Path(directory).exists()
        for workers, address in ((Workers(False), "news.db"), (Workers(True), None)):
            with _shuffle_directory(workers, address) as directory:
                assert directory is None
        assert list(tmp_path.iterdir()) == []
    with dask.config.set({"temporary-directory": str(tmp_path / "not-there")}):
        with _shuffle_directory(Workers(True), "news.db") as directory:
            assert directory is None


def test_a_piece_holds_no_part_of_what_it_was_cut_from():
    """A spilled dict comes back from a worker's disk in one buffer: a piece that viewed it
    kept all of it alive."""
    whole = np.zeros(1000, bc.KEY)
    routed = {0: whole[:10], 1: (whole[10:20], b"answers")}
    piece = copies._piece(routed, 0)
    assert np.array_equal(piece, whole[:10]) and not np.shares_memory(piece, whole)
    rows, answers = copies._piece(routed, 1)
    assert not np.shares_memory(rows, whole) and answers == b"answers"


def test_a_blocks_candidates_are_verified_a_few_later_documents_at_a_time():
    pairs = np.array([(3, 9, False, 0, 0), (1, 7, False, 0, 0), (1, 8, False, 0, 0), (2, 4, False, 0, 0),
                      (3, 7, False, 0, 0), (4, 20, False, 0, 0), (4, 21, False, 0, 0), (4, 22, False, 0, 0),
                      (5, 9, False, 0, 0)], dtype=bc.PAIR)
    runs = [(run["later"].tolist(), run["earlier"].tolist()) for run in copies._a_few_later(pairs, held=5)]
    # whole later documents, in order; each run names at most 5 documents, later and earlier
    # (1, 7, 8, 2, 4; then 3, 9, 7), or one later document's own
    assert runs == [([1, 1, 2], [7, 8, 4]), ([3, 3], [9, 7]), ([4, 4, 4], [20, 21, 22]), ([5], [9])]
    runs = [run["later"].tolist() for run in copies._a_few_later(pairs, held=3)]
    assert runs == [[1, 1], [2], [3, 3], [4, 4, 4], [5]]  # 4 names four alone: a run of its own
    assert [run["later"].tolist() for run in copies._a_few_later(pairs[:0], held=3)] == []


def test_a_block_is_small_enough_for_every_worker_to_have_two():
    assert copies.block_size(3000, 2) == 750
    assert copies.block_size(30_000, 2) == copies.BLOCK_DOCS
    assert copies.block_size(5, 4) == 1
    assert copies.block_size(0, 2) == 1 and copies.id_blocks(0, 1) == []


def test_a_database_the_workers_cannot_open_is_read_here_and_sent(news, scheduler, tmp_path, monkeypatch):
    """A SQLite file on this machine and a cluster elsewhere: the blocks' prints are read by this
    process and sent to the workers; the same copies."""
    import riwaya.corpus.cluster as cluster_engine

    local = str(tmp_path / "local.db")
    _locally(list(news), local)
    seen = []
    monkeypatch.setattr(cluster_engine, "_address_for_workers", lambda client, store: seen.append(store) or None)
    sent = str(tmp_path / "sent.db")
    _on_cluster(list(news), sent, scheduler)
    assert seen, "the workers were asked"
    _same(everything(local), everything(sent))


@pytest.mark.slow_on_postgres
@pytest.mark.parametrize("route", ["files", "tasks", "sent"],
                         ids=["through-files", "pieces-as-tasks", "sent-by-this-process"])
def test_many_blocks_give_the_copies_one_block_gives(news, scheduler, new_db, monkeypatch, route):
    """Blocks of 9 documents (about 8 of them), runs of 4: the earlier prints a block verifies
    against are read by their ids from other blocks (or answered by those blocks, when the
    workers cannot open the database); the shuffle's pieces go through files in a directory the
    workers see, or between them as Dask tasks; the same copies and stories as the default
    engine."""
    import riwaya.corpus.cluster as cluster_engine

    local = new_db()
    _locally(list(news), local)
    monkeypatch.setattr(copies, "BLOCK_DOCS", 9)
    monkeypatch.setattr(copies, "PRINTS_HELD", 4)  # graph() reads it here, when it cuts the runs
    if route == "sent":
        monkeypatch.setattr(cluster_engine, "_address_for_workers", lambda client, store: None)
    used = _shuffle_directories(monkeypatch, as_tasks=route == "tasks")
    small = new_db()
    assert _on_cluster(list(news), small, scheduler)["added"] > 5 * 9
    assert len(used) == 1 and (used[0] is not None) == (route == "files")
    assert used[0] is None or not Path(used[0]).exists(), "the shuffle's files are removed"
    _same(everything(local), everything(small))


def test_a_database_made_again_under_the_same_name_is_read_afresh(news, scheduler, tmp_path):
    """The cluster outlives an ingest: its workers must not read the blocks of a deleted file
    whose name a new database took."""
    a, b = news
    db = tmp_path / "again.db"
    _on_cluster([a], str(db), scheduler)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    _on_cluster([b], str(db), scheduler)
    reference = str(tmp_path / "reference.db")
    _locally([b], reference)
    _same(everything(reference), everything(str(db)))
