"""A random sample of actor mentions from an ingested SaudiNewsNet database, as record ids and
offsets (no text), for checking by hand: is each span the actor riwaya says it is?

    python benchmarks/actor_mentions_sample.py DB OUT.json [--n 300] [--seed 13]
    python benchmarks/actor_mentions_sample.py --records 2000 OUT.json [--n 300] [--seed 13]

The second form extracts afresh from that many random SaudiNewsNet records (../shared/data), so
that a change to the actor rules is measured without a new ingest: the mentions are pooled and
sampled uniformly, as from a database.

Offsets index the record's ``content`` as riwaya reads it (stripped of the whitespace around
it), like benchmarks/figure_conflicts_sample.py. The hand verdicts go back into OUT.json
(``verdict``: right | wrong, ``class`` for a wrong one) and are scored by
benchmarks/actor_mentions_score.py.
"""

from __future__ import annotations

import json
import random
import sys
import zipfile
from pathlib import Path
from typing import Any

from figure_conflicts_sample import record_id

from riwaya.store import Store


def sample(db: str, n: int, seed: int) -> list[dict[str, Any]]:
    store = Store(db, create=False)
    ids = [r[0] for r in store.db.execute("SELECT id FROM mentions WHERE kind = 'actor'")]
    chosen = sorted(random.Random(seed).sample(ids, min(n, len(ids))))
    names = dict(store.db.execute("SELECT id, name FROM documents"))
    out = []
    for mention_id in chosen:
        doc_id, data = store.db.execute("SELECT document_id, data FROM mentions WHERE id = ?",
                                        (mention_id,)).fetchone()
        m = json.loads(data)
        out.append({"record": record_id(names[doc_id]), "start": m["start"], "end": m["end"],
                    "actor": m["id"], "alias": m.get("alias"), "type": m.get("type")})
    return out


SAUDINEWSNET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"


def sample_records(records: int, n: int, seed: int) -> list[dict[str, Any]]:
    """Actor mentions of ``records`` random SaudiNewsNet records, extracted now, sampled."""
    from riwaya.extract import analyze

    rng = random.Random(seed)
    names = sorted(p.name for p in SAUDINEWSNET.glob("*.zip"))
    days = {}
    for name in names:
        with zipfile.ZipFile(SAUDINEWSNET / name) as z:
            days[name] = json.loads(z.read(z.namelist()[0]).decode("utf-8"))
    everyone = [(name, i) for name in names for i in range(len(days[name]))]
    pool = []
    for name, i in sorted(rng.sample(everyone, records)):
        text = (days[name][i].get("content") or "").strip()
        pool += [{"record": f"{name}#{i}", "start": m["start"], "end": m["end"], "actor": m["id"],
                  "alias": m.get("alias"), "type": m.get("type")}
                 for m in analyze(text).mentions if m["kind"] == "actor"] if text else []
    return sorted(rng.sample(pool, min(n, len(pool))), key=lambda r: (r["record"], r["start"]))


def main(argv: list[str]) -> None:
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 300
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 13
    if "--records" in argv:
        records = int(argv[argv.index("--records") + 1])
        rest = argv[argv.index("--records") + 2:]
        out = next(a for a in rest if not a.startswith("--") and not a.isdigit())
        rows, db = sample_records(records, n, seed), f"{records} SaudiNewsNet records extracted afresh"
    else:
        db, out = argv[0], argv[1]
        rows = sample(db, n, seed)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"database": db, "seed": seed, "sample_size": len(rows), "sample": rows}, f,
                  ensure_ascii=False, indent=1)
    print(f"{len(rows)} actor mentions → {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
