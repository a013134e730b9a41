"""The hand-checked SaudiNewsNet conflict rows (benchmarks/results/figure-conflicts-*.json)
replayed on a database: is each still flagged ``conflict``? A quick measure of a change to the
figure table on real text before a fresh sample is drawn and checked by hand.

    python benchmarks/figure_rows_replay.py DB [--show]

A row is still flagged when some group of its story flagged conflict holds two or more of its
labelled values with different numbers. Rows are told apart by their values (record and offset);
a row checked in two samples counts once, with its first verdict (newest sample first).
"Precision on labelled" is the share of real rows among the labelled rows still flagged: it
says nothing of rows the change newly flags, which only a fresh hand check measures.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from figure_conflicts_sample import record_id

from riwaya.corpus import story
from riwaya.store import Store

RESULTS = Path(__file__).resolve().parent / "results"


def labelled_rows() -> dict[frozenset[tuple[str, int]], dict[str, Any]]:
    """Every hand-checked row by its values, newest sample first."""
    files = sorted(RESULTS.glob("figure-conflicts-*.json"),
                   key=lambda p: (p.stem != "figure-conflicts-latest", -p.stat().st_mtime))
    rows: dict[frozenset[tuple[str, int]], dict[str, Any]] = {}
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for row in data.get("sample", []):
            if "verdict" in row:
                rows.setdefault(frozenset((v["record"], v["start"]) for v in row["values"]), row)
    return rows


def replay(db: str, show: bool = False) -> dict[str, Any]:
    store = Store(db, create=False)
    located = {record_id(name): (doc_id, story_id)
               for doc_id, name, story_id in store.db.execute("SELECT id, name, story_id FROM documents")}
    tables: dict[int, list[dict[str, Any]]] = {}
    tally: Counter[tuple[str, bool]] = Counter()
    for key, row in labelled_rows().items():
        wanted = {(located[r][0], start) for r, start in key if r in located}
        flagged = False
        for sid in {located[r][1] for r, _ in key if r in located and located[r][1] is not None}:
            if sid not in tables:
                tables[sid] = story(store, sid)["figures"]
            for g in tables[sid]:
                hit = [v for v in g["values"] if (v["document"], v["start"]) in wanted]
                if g["status"] == "conflict" and len(hit) >= 2 and len({v["value"] for v in hit}) >= 2:
                    flagged = True
        kind = "real" if row["verdict"] == "real" else (row.get("class") or "not (no class)")
        tally[(kind, flagged)] += 1
        if show and flagged != (row["verdict"] == "real"):
            print("still flagged:" if flagged else "no longer flagged:", kind, "|", row.get("why", "")[:140])
    real = sum(n for (k, _), n in tally.items() if k == "real")
    real_kept = tally[("real", True)]
    false_kept = sum(n for (k, f), n in tally.items() if k != "real" and f)
    flagged = real_kept + false_kept
    return {"rows": sum(tally.values()), "real": real, "real_still_flagged": real_kept,
            "false_still_flagged": false_kept, "false": sum(tally.values()) - real,
            "precision_on_labelled": round(real_kept / flagged, 3) if flagged else None,
            "by_class": {f"{k} / {'flagged' if f else 'not flagged'}": n
                         for (k, f), n in sorted(tally.items())}}


if __name__ == "__main__":
    print(json.dumps(replay(sys.argv[1], "--show" in sys.argv), ensure_ascii=False, indent=1))
