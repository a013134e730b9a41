"""make bench, corpus part: `riwaya ingest` on SaudiNewsNet (31,030 real articles, 2015).

* throughput in documents per second, reading the ZIP files as shipped, with 2 workers;
* scaling: 1k, 10k and all documents; time(all) / time(1k) must stay near linear (≤ 40 for 30×);
* the MinHash stage (datasketch update_batch, LeanMinHash, one LSH) against a plain datasketch
  loop (MinHash.update per shingle, MinHash objects in the LSH) on the same shingles in the
  same run.

Skips when ../shared/data/saudinewsnet is not there. Results: benchmarks/results/ingest-*.json.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from results_io import save

from riwaya.read import Document, iter_documents

SAUDINEWSNET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"
WORKERS = 2


def _subset(docs: list[Document], n: int, folder: Path) -> Path:
    path = folder / f"first-{n}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for d in docs[:n]:
            f.write(json.dumps({"text": d.text, "title": d.title, "url": d.url, "outlet": d.outlet,
                                "published": d.published}, ensure_ascii=False) + "\n")
    return path


def _ingest(paths: list[str], folder: Path, name: str) -> dict:
    from riwaya.corpus import ingest
    from riwaya.store import Store

    db = folder / f"{name}.db"
    store = Store(str(db))
    started = time.perf_counter()
    report = ingest(paths, store, workers=WORKERS)
    seconds = time.perf_counter() - started
    counts = store.counts()
    store.close()
    return {"documents": report.added, "seconds": round(seconds, 1),
            "documents_per_second": round(report.added / seconds, 1), **counts}


def minhash_stage(shingle_sets: list[list[bytes]]) -> dict:
    """riwaya's MinHash stage against a plain datasketch loop, on the same shingles."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from riwaya.compare.duplicates import LSH_THRESHOLD, _lean
    from riwaya.compare.prepare import MINHASH_SCHEME, MINHASH_SEED, NUM_PERM

    started = time.perf_counter()
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    found_ours = 0
    for i, shingles in enumerate(shingle_sets):
        m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        m.update_batch(shingles)
        lean = _lean(m.hashvalues.astype(np.uint64))
        found_ours += len(lsh.query(lean))
        lsh.insert(i, lean, check_duplication=False)
    ours = time.perf_counter() - started

    started = time.perf_counter()
    plain = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    found_plain = 0
    for i, shingles in enumerate(shingle_sets):
        m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        for s in shingles:
            m.update(s)
        found_plain += len(plain.query(m))
        plain.insert(i, m)
    theirs = time.perf_counter() - started
    return {"documents": len(shingle_sets), "riwaya_seconds": round(ours, 2),
            "plain_datasketch_seconds": round(theirs, 2), "speedup": round(theirs / ours, 2),
            "candidates_same": found_ours == found_plain}


def main() -> None:
    if not SAUDINEWSNET.exists():
        print("ingest benchmark: ../shared/data/saudinewsnet not found, skipped")
        return
    print("ingest benchmark on SaudiNewsNet")
    docs = [d for d in iter_documents([str(SAUDINEWSNET)]) if isinstance(d, Document)]
    results: dict = {"machine": {"python": platform.python_version(), "cores": os.cpu_count(),
                                 "workers": WORKERS}, "articles_read": len(docs)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scaling = {}
        for n in (1_000, 10_000):
            scaling[str(n)] = _ingest([str(_subset(docs, n, folder))], folder, f"n{n}")
            print(f"  {n:>6} documents: {scaling[str(n)]}")
        full = _ingest([str(SAUDINEWSNET)], folder, "all")
        scaling["all"] = full
        print(f"  all documents, from the ZIP files: {full}")
        results["ingest"] = scaling
        results["scaling_ratio_all_over_1k"] = round(full["seconds"] / scaling["1000"]["seconds"], 1)
        results["size_ratio_all_over_1k"] = round(full["documents"] / scaling["1000"]["documents"], 1)
        print(f"  time(all) / time(1k) = {results['scaling_ratio_all_over_1k']} for "
              f"{results['size_ratio_all_over_1k']}× the documents")
    from riwaya.compare.prepare import SHINGLE
    from riwaya.text.segment import tokens

    sample = docs[:5_000]
    shingle_sets = []
    for d in sample:
        words = [t.norm for t in tokens(d.text) if t.kind in ("word", "number", "latin")]
        shingles = {" ".join(words[i:i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}
        shingle_sets.append(list(shingles))
    results["minhash_stage"] = minhash_stage(shingle_sets)
    print(f"  MinHash stage: {results['minhash_stage']}")
    save("ingest", results)


if __name__ == "__main__":
    sys.exit(main())
