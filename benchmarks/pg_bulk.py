"""make bench (with PostgreSQL's server programs): storing a cluster's parts in PostgreSQL by COPY
(PostgresStore.add_many, a table at a time) side by side with the same rows inserted a document at
a time (add_rows: executemany per table), into new databases of one server started here.

SaudiNewsNet's first DOCS articles (the generated news of tests/news_corpus.py without ../shared)
are analyzed once; each round stores them both ways, in parts of PART_DOCS documents, one
transaction a part as the cluster's writer does, interleaved; the median is kept.

    python benchmarks/pg_bulk.py [--docs N] [--rounds N]
"""

from __future__ import annotations

import argparse
import glob
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.postgres starts the server

from results_io import save

from riwaya.compare.prepare import prepare
from riwaya.compare.stories import features
from riwaya.corpus.cluster import PART_DOCS
from riwaya.read import Document, iter_documents
from riwaya.store.postgres import PostgresStore
from riwaya.store.rows import DocumentRows, document_rows
from tests.postgres import start_server

ROOT = Path(__file__).resolve().parents[1]
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "dataset"


def _documents(n: int) -> tuple[str, list[Document]]:
    zips = sorted(glob.glob(str(SAUDINEWSNET / "*.zip")))
    if zips:
        docs: list[Document] = []
        for doc in iter_documents(zips, language_check=False):
            if isinstance(doc, Document):
                docs.append(doc)
            if len(docs) == n:
                break
        return "saudinewsnet", docs
    import json

    from tests.news_corpus import news_corpus

    a, b = news_corpus(max(4, n // 4), singles=n // 10)
    records = [json.dumps(r, ensure_ascii=False) for r in a + b][:n]
    return "generated", [Document(f"news:{i}", json.loads(r)["text"], "jsonl") for i, r in enumerate(records)]


def _rows(docs: list[Document]) -> list[DocumentRows]:
    out, seen = [], set()
    for doc in docs:
        if doc.hash in seen:
            continue
        seen.add(doc.hash)
        p = prepare(doc)
        out.append(document_rows(p, features(p.terms, p.mentions, p.published, p.doc.outlet)))
    return out


def _store(url: str, rows: list[DocumentRows], bulk: bool) -> float:
    with PostgresStore(url) as store:
        start = time.perf_counter()
        for at in range(0, len(rows), PART_DOCS):
            part = rows[at:at + PART_DOCS]
            with store.transaction():
                if bulk:
                    store.add_many(part)
                else:
                    for r in part:
                        store.add_rows(r)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    source, docs = _documents(args.docs)
    rows = _rows(docs)
    server = start_server()
    pg = next(server)
    try:
        times: dict[str, list[float]] = {"copy": [], "one_by_one": []}
        for _ in range(args.rounds):
            times["one_by_one"].append(_store(pg.new_database(), rows, bulk=False))
            times["copy"].append(_store(pg.new_database(), rows, bulk=True))
    finally:
        next(server, None)
    median = {k: statistics.median(v) for k, v in times.items()}
    results = {
        "source": source, "documents": len(rows), "part_docs": PART_DOCS, "rounds": args.rounds,
        "python": platform.python_version(), "load_average": os.getloadavg()[0],
        "median_seconds": {k: round(v, 3) for k, v in median.items()},
        "documents_per_second": {k: round(len(rows) / v, 1) for k, v in median.items()},
        "one_by_one_over_copy": round(median["one_by_one"] / median["copy"], 2),
    }
    print(f"{len(rows)} documents ({source}), parts of {PART_DOCS}: COPY {median['copy']:.2f} s, "
          f"one by one {median['one_by_one']:.2f} s ({results['one_by_one_over_copy']}×)")
    save("pg-bulk", results)


if __name__ == "__main__":
    main()
