"""The store shared by threads while another process writes (issue 16): the web app's threadpool
saves checks and reads stories while `riwaya ingest` runs. One connection shared by every thread
failed 162 of 1,307 saves («cannot start a transaction within a transaction», «another row
available», «database is locked»); each thread reads on its own connection now and one writes at
a time, waiting for the other process."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from riwaya.check import check
from riwaya.store import Store, open_store

CORPUS = Path(__file__).parent / "data" / "corpus"
REPORT = "قال المتحدث باسم الوزارة: «قتل 12 مدنياً في القصف على السوق»."
SOURCE = "قتل 12 مدنياً في القصف على السوق الشعبي صباح اليوم."


def _hammer(store: Store, seconds: float, threads: int = 8) -> tuple[list[str], list[str]]:
    """Threads that save checks and read stories and search for ``seconds``: saved ids, errors."""
    result = check(REPORT, [SOURCE])
    saved: list[str] = []
    errors: list[str] = []
    stop = time.time() + seconds

    def work() -> None:
        while time.time() < stop:
            try:
                saved.append(store.save_check(result, "t"))
                store.stories(limit=5)
                store.search("مدنيا", limit=5)
            except Exception as exc:  # every failure counted, none lost in a thread
                errors.append(repr(exc))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return saved, errors


def test_threads_share_a_store(new_db):
    store = open_store(new_db())
    version = store.version()
    saved, errors = _hammer(store, 1.5)
    assert not errors, sorted(set(errors))[:5]
    assert len(saved) > 8 and all(store.load_check(c) for c in saved)
    assert store.version() != version  # the other threads' writes move the version the pages cache on


def test_an_in_memory_store_is_one_database_for_every_thread():
    store = Store(":memory:")
    saved, errors = _hammer(store, 0.5, threads=4)
    assert not errors and all(store.load_check(c) for c in saved)


@pytest.mark.slow  # an ingest in a process of its own: ten seconds
def test_writes_while_another_process_ingests(new_db):
    db = new_db()
    open_store(db).close()
    store = open_store(db)
    ingest = subprocess.Popen([sys.executable, "-m", "riwaya", "ingest", str(CORPUS), "--db", db, "--workers", "1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    saved, errors = _hammer(store, 6)
    _out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err
    assert not errors, (len(errors), sorted(set(errors))[:5])
    assert all(store.load_check(c) for c in saved)
    assert store.counts()["documents"] > 0
