"""A random sample of the figure rows flagged ``conflict`` in a SaudiNewsNet database, as ids
and offsets (no text), for checking by hand; and every row whose best lies outside its range.

    python benchmarks/figure_conflicts_sample.py DB OUT.json [--n 50] [--seed 11]

Each sampled row lists its values as SaudiNewsNet ids ("2015-08-06.zip#123", the record's index
in that day's array) with the value's offsets into the record's ``content`` as riwaya reads it
(stripped of the whitespace around it: add the length of the content's leading whitespace to
index the raw record), the outlet, the publication time and the attribution's offsets; a
checker opens them and says whether the row is a real conflict about one thing.
"""

from __future__ import annotations

import json
import random
import re
import sys
from typing import Any

from riwaya.corpus import story
from riwaya.store import Store

_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})\.json\[(\d+)\]$")


def record_id(name: str) -> str:
    m = _NAME.search(name)
    return f"{m.group(1)}.zip#{m.group(2)}" if m else name


def main(argv: list[str]) -> None:
    db, out = argv[0], argv[1]
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 50
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 11
    store = Store(db, create=False)
    rows: list[dict[str, Any]] = []
    out_of_range = []
    groups = 0
    for s in store.stories(min_size=2):
        found = story(store, s["id"])
        names = {d["id"]: d["name"] for d in found["documents"]}
        for g in found["figures"]:
            groups += 1
            best, low, high = g["best"], g["low"], g["high"]
            if best is not None and ((low is not None and best < low) or (high is not None and best > high)):
                out_of_range.append(
                    {
                        "story": s["id"],
                        "group": g["id"],
                        "low": g["low"],
                        "best": g["best"],
                        "high": g["high"],
                    }
                )
            if g["conflict"]:
                rows.append(
                    {
                        "story": s["id"],
                        "group": g["id"],
                        "unit": g["unit"],
                        "event": g["event"],
                        "frame": {
                            k: (v.get("value") if isinstance(v, dict) else v)
                            for k, v in (g.get("frame") or {}).items()
                        },
                        "values": [
                            {
                                "record": record_id(names[v["document"]]),
                                "start": v["start"],
                                "end": v["end"],
                                "value": v["value"],
                                "low": v["low"],
                                "high": v["high"],
                                "outlet": v["outlet"],
                                "published": v["published"],
                                "source": v.get("source", v.get("attributed_to")),
                            }
                            for v in g["values"]
                        ],
                    }
                )
    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    result = {
        "database": db,
        "stories_with_2_or_more": len(store.stories(min_size=2)),
        "groups": groups,
        "conflict_groups": len(rows),
        "best_outside_range": out_of_range,
        "seed": seed,
        "sample": sample,
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=1)
    print(
        f"{groups} figure rows, {len(rows)} flagged conflict, "
        f"{len(out_of_range)} with best outside low–high; "
        f"{len(sample)} sampled to {out}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
