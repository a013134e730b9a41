"""The web app's batch upload (POST /api/upload) on real news: one SaudiNewsNet day (a ZIP as
shipped) uploaded into a database that already holds two days, against `riwaya ingest` of the
same ZIP into a copy of the same database.

* throughput (documents per second) of each, and how long the first progress line takes;
* the fixed cost of an upload: loading the stored documents' indexes (``Corpus(store)``);
* whether the upload leaves the database as the CLI does: the same documents in the same
  stories, the same copy links (documents compared by their text's hash, names aside);
* a page's latency (GET /api/stories, every 50 ms) while the same upload runs again into another
  copy, against the same page idle.

Skips when ../shared/data/saudinewsnet is not there. Results: benchmarks/results/upload-*.json.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from results_io import save

DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"
BASE_DAYS = ("2015-07-21.zip", "2015-07-22.zip")
UPLOADED_DAY = "2015-07-23.zip"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _state(db: Path) -> dict:
    """Documents by hash: their story's members (by hash) and what they copy (by hash)."""
    import sqlite3

    con = sqlite3.connect(db)
    hashes = dict(con.execute("SELECT id, hash FROM documents"))
    stories = list(con.execute("SELECT id, story_id FROM documents"))
    members: dict[int, set[str]] = {}
    for doc_id, story in stories:
        members.setdefault(story, set()).add(hashes[doc_id])
    story_of = {hashes[d]: frozenset(members[s]) for d, s in stories}
    copies = {(hashes[a], hashes[b]) for a, b in con.execute(
        "SELECT source_id, target_id FROM links WHERE kind = 'copies'")}
    return {"story_of": story_of, "copies": copies}


def _page_latencies(base: str, stop: threading.Event, out: list[float]) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get("/api/stories", params={"limit": 20})
            out.append(time.perf_counter() - started)
            time.sleep(0.05)


def _upload(db: Path, day: Path, *, pages: bool) -> dict:
    """``day`` uploaded to a server over ``db``, streamed; with ``pages``, a page asked for every
    50 ms meanwhile (and for 5 s before, idle)."""
    import httpx
    import uvicorn

    from riwaya.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    idle: list[float] = []
    busy: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(target=_page_latencies, args=(base, stop, busy))
    if pages:
        _page_latencies_for(base, idle, seconds=5)
        watcher.start()
    started = time.perf_counter()
    first = None
    with httpx.Client(base_url=base, timeout=None) as client, day.open("rb") as f, client.stream(
            "POST", "/api/upload", files={"files": (day.name, f)},
            headers={"accept": "application/x-ndjson"}) as answer:
        for line in answer.iter_lines():
            event = json.loads(line)
            if first is None and event["event"] in ("added", "already", "unreadable"):
                first = time.perf_counter() - started
            last = event
    seconds = time.perf_counter() - started
    stop.set()
    if pages:
        watcher.join()
    server.should_exit = True
    thread.join(timeout=10)
    out = {"documents": last["added"], "seconds": round(seconds, 1),
           "documents_per_second": round(last["added"] / seconds, 1),
           "first_document_line_after_seconds": round(first or 0, 2)}
    if pages:
        out.update({"page_p50_ms_idle": round(statistics.median(idle) * 1000, 1),
                    "page_p50_ms_during_upload": round(statistics.median(busy) * 1000, 1),
                    "page_max_ms_during_upload": round(max(busy) * 1000, 1),
                    "page_requests_during_upload": len(busy)})
    return out


def _page_latencies_for(base: str, out: list[float], seconds: float) -> None:
    stop = threading.Event()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    _page_latencies(base, stop, out)


def main() -> None:
    if not DATASET.exists():
        print(f"skipped: {DATASET} not found")
        return
    from riwaya.corpus import Corpus, ingest
    from riwaya.store import Store

    folder = Path(tempfile.mkdtemp(prefix="riwaya-upload-bench-"))
    try:
        base = folder / "base.db"
        with Store(str(base)) as store:
            ingest([str(DATASET / d) for d in BASE_DAYS], store, workers=2)
            stored = store.counts()["documents"]
        with Store(str(base)) as store:
            started = time.perf_counter()
            Corpus(store)
            load = time.perf_counter() - started
        cli_db, web_db, busy_db = folder / "cli.db", folder / "web.db", folder / "busy.db"
        for copy in (cli_db, web_db, busy_db):
            shutil.copy(base, copy)
        with Store(str(cli_db)) as store:
            started = time.perf_counter()
            report = ingest([str(DATASET / UPLOADED_DAY)], store, workers=1)
            cli_seconds = time.perf_counter() - started
        web = _upload(web_db, DATASET / UPLOADED_DAY, pages=False)
        busy = _upload(busy_db, DATASET / UPLOADED_DAY, pages=True)
        cli_state, web_state = _state(cli_db), _state(web_db)
        results = {
            "machine": {"python": platform.python_version(), "cores": os.cpu_count()},
            "stored_before": stored,
            "corpus_index_load_seconds": round(load, 2),
            "cli_ingest_one_worker": {"documents": report.added, "seconds": round(cli_seconds, 1),
                                      "documents_per_second": round(report.added / cli_seconds, 1)},
            "web_upload": web,
            "web_upload_while_pages_are_read": busy,
            "same_as_cli": {
                "stories": cli_state["story_of"] == web_state["story_of"],
                "copies": cli_state["copies"] == web_state["copies"],
                "documents": len(web_state["story_of"]),
            },
        }
        print(json.dumps(results, indent=2))
        save("upload", results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
