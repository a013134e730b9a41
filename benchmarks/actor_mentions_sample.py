"""A random sample of actor mentions from an ingested SaudiNewsNet database, as record ids and
offsets (no text), for checking by hand: is each span the actor riwaya says it is?

    python benchmarks/actor_mentions_sample.py DB OUT.json [--n 300] [--seed 13]

Offsets index the record's ``content`` as riwaya reads it (stripped of the whitespace around
it), like benchmarks/figure_conflicts_sample.py. The hand verdicts go back into OUT.json
(``verdict``: right | wrong, ``class`` for a wrong one) and are scored by
benchmarks/actor_mentions_score.py.
"""

from __future__ import annotations

import json
import random
import sys
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


def main(argv: list[str]) -> None:
    db, out = argv[0], argv[1]
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 300
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 13
    rows = sample(db, n, seed)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"database": db, "seed": seed, "sample_size": len(rows), "sample": rows}, f,
                  ensure_ascii=False, indent=1)
    print(f"{len(rows)} actor mentions → {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
