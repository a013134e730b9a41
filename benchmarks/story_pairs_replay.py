"""The hand-checked story pairs (benchmarks/results/story-pairs-latest.json) replayed on a
database: is each pair still in one story? A quick measure of a change to the story rules on real
text before a fresh sample is drawn and checked by hand.

    python benchmarks/story_pairs_replay.py DB [--show]

Each pair of SaudiNewsNet records was judged right (one event or its direct follow-up) or wrong
by readers blind to the code, in one of the samples of `story_pairs_sample.py`; a pair judged in
two samples counts once, with its newest verdict. "Precision on judged" is the share of right
pairs among the judged pairs still in one story: it says nothing of pairs a change newly puts
together, which only a fresh sample measures.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from figure_conflicts_sample import record_id

RESULTS = Path(__file__).resolve().parent / "results"


def judged_pairs(path: Path = RESULTS / "story-pairs-latest.json") -> dict[frozenset[str], dict[str, Any]]:
    """Every judged pair by its two record ids, the newest sample's verdict winning (samples are
    kept in the file in the order they were added)."""
    samples = json.loads(path.read_text(encoding="utf-8"))
    out: dict[frozenset[str], dict[str, Any]] = {}
    for key, sample in samples.items():
        if not isinstance(sample, dict) or "pairs" not in sample:
            continue
        for p in sample["pairs"]:
            out[frozenset((p["a"], p["b"]))] = {**p, "sample": key}
    return out


def replay(stories: dict[str, int | None], judged: dict[frozenset[str], dict[str, Any]]) -> dict[str, Any]:
    """How many judged pairs are still in one story, by verdict. ``stories``: record id → story."""
    kept = {"right": 0, "wrong": 0}
    total = {"right": 0, "wrong": 0}
    missing = 0
    for ids, p in judged.items():
        a, b = sorted(ids)
        if a not in stories or b not in stories:
            missing += 1
            continue
        verdict = p["verdict"]
        total[verdict] += 1
        if stories[a] is not None and stories[a] == stories[b]:
            kept[verdict] += 1
    still = kept["right"] + kept["wrong"]
    return {"judged": total, "still_together": kept, "not_in_database": missing,
            "precision_on_judged": round(kept["right"] / still, 3) if still else None}


def main(argv: list[str]) -> None:
    con = sqlite3.connect(argv[0])
    stories = {record_id(name): story for name, story in con.execute("SELECT name, story_id FROM documents")}
    judged = judged_pairs()
    result = replay(stories, judged)
    if "--show" in argv:
        for ids, p in judged.items():
            a, b = sorted(ids)
            together = stories.get(a) is not None and stories.get(a) == stories.get(b)
            state = "together" if together else "apart"
            print(f"{p['verdict']:<6} {state:<9} {a} {b}  {p.get('why', '')[:90]}")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
