"""make bench, scale-out part: `riwaya ingest --engine dask` on SaudiNewsNet (docs/scale.md).

For 3k, 10k and all the articles (the first N of the ZIP files as shipped, in order):
* the dask engine with 1 worker and with 2 (a LocalCluster on this machine): seconds,
  documents per second and the ratio of the two; each worker's peak memory and the bytes the
  workers sent one another (the copy shuffle); this process's peak memory (reading, writing,
  settling);
* the default engine on the same input, and whether the two databases hold the same documents,
  copies and template links (with their data), stories and mentions.

Each run is its own process (a fresh cluster; peaks are that run's). The 1- and 2-worker runs of
one size run one after the other, so that the ratio is measured side by side on a shared machine.

    python benchmarks/cluster_bench.py [--sizes 3000,10000,all] [--no-default]

Skips when ../shared/data/saudinewsnet is not there. Results: benchmarks/results/cluster-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from results_io import save

SAUDINEWSNET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"
ONE_RUN = """
import json, resource, sys, time
from riwaya.store import open_store
from riwaya.corpus import ingest
from riwaya.corpus.cluster import ingest_on_cluster
def main():
    engine, workers, db, *paths = sys.argv[1:]
    with open_store(db) as store:
        started = time.perf_counter()
        if engine == "dask":
            report = ingest_on_cluster(paths, store, workers=int(workers), max_bytes=50 << 20)
        else:
            report = ingest(paths, store, workers=int(workers))
        seconds = time.perf_counter() - started
        out = {"seconds": round(seconds, 1), "added": report.added,
               "documents_per_second": round(report.added / seconds, 2), "totals": store.counts(),
               "client_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
        if report.cluster:
            out.update(report.cluster)
    print(json.dumps(out))
if __name__ == "__main__":
    main()
"""


def _subset(n: int | None, folder: Path) -> Path:
    from riwaya.read import Document, iter_documents

    path = folder / f"first-{n or 'all'}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        written = 0
        for d in iter_documents(sorted(str(p) for p in SAUDINEWSNET.glob("*.zip"))):
            if not isinstance(d, Document):
                continue
            f.write(json.dumps({"text": d.text, "title": d.title, "url": d.url, "outlet": d.outlet,
                                "published": d.published}, ensure_ascii=False) + "\n")
            written += 1
            if n is not None and written == n:
                break
    return path


def _run(engine: str, workers: int, db: Path, paths: list[Path], folder: Path) -> dict:
    script = folder / "one_run.py"
    script.write_text(ONE_RUN, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), engine, str(workers), str(db), *map(str, paths)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _held(db: Path) -> dict:
    """The database's documents, copy and template links (with their data), stories and
    mentions, by the documents' hashes."""
    import sqlite3

    con = sqlite3.connect(db)
    ident = dict(con.execute("SELECT id, hash FROM documents"))
    return {"documents": sorted(con.execute("SELECT hash, name, story_id FROM documents")),
            "links": sorted((ident[s], ident[t], k, round(sim or 0, 9), d) for s, t, k, sim, d in
                            con.execute("SELECT source_id, target_id, kind, similarity, data FROM links")),
            "stories": sorted(con.execute("SELECT id, title, first_day, last_day, size FROM stories")),
            "mentions": con.execute("SELECT COUNT(*), SUM(start), SUM(LENGTH(data)) FROM mentions")
            .fetchone(),
            "claims": con.execute("SELECT COUNT(*), SUM(value) FROM claims").fetchone()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="3000,10000,all")
    parser.add_argument("--no-default", action="store_true", help="skip the default engine's runs")
    args = parser.parse_args()
    if not SAUDINEWSNET.exists():
        print("cluster benchmark: ../shared/data/saudinewsnet not found, skipped")
        return 0
    results: dict = {"machine": {"python": platform.python_version(), "cores": os.cpu_count()}, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.sizes.split(","):
            n = None if size == "all" else int(size)
            path = _subset(n, folder)
            row: dict = {}
            for workers in (2, 1):
                db = folder / f"{size}-dask-{workers}.db"
                row[f"dask_{workers}"] = _run("dask", workers, db, [path], folder)
                print(f"  {size}: dask, {workers} worker(s): {row[f'dask_{workers}']}", flush=True)
            row["two_over_one"] = round(row["dask_2"]["documents_per_second"]
                                        / row["dask_1"]["documents_per_second"], 2)
            if not args.no_default:
                db = folder / f"{size}-default.db"
                row["default_2"] = _run("default", 2, db, [path], folder)
                theirs = _held(folder / f"{size}-dask-2.db")
                same = {k: v == theirs[k] for k, v in _held(db).items()}
                row["same_as_default"] = same
                print(f"  {size}: default engine, 2 workers: {row['default_2']}; the same: {same}",
                      flush=True)
            results["sizes"][size] = row
            print(f"  {size}: 2 workers / 1 worker = {row['two_over_one']}", flush=True)
    save("cluster", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
