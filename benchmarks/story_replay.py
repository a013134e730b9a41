"""Stories placed again over a stored ingest, with the story rules of this checkout: a measure of a
change to `compare/stories.py` or `corpus/placement.py` on all of SaudiNewsNet in about a minute
and a half, instead of an ingest of forty. Reading, extraction and copies stay as the database has
them (features, copy links and template links); only the stories are placed anew, by
`corpus.placement.settle` from the first document of the placing order, as an ingest does.

    python benchmarks/story_replay.py DB [--write OUT.sqlite] [--splits S,S…]

Prints the largest stories, the hand-judged story pairs still together
(`story_pairs_replay.py`'s measure) and, on the labelled pairs (tests/data/pairs), same-event
pairs together and different-event pairs apart by split (without --splits: every split but the
newest, which stays held out). --write keeps the copy of DB with the replayed stories, for
`figure_conflicts_sample.py` or `story_pairs_sample.py`. Needs a database ingested at or after
the commit that stores template links; on an older one the replay is not the ingest's own.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from figure_conflicts_sample import record_id
from story_pairs_replay import judged_pairs, replay

from riwaya.corpus.placement import EVERYTHING, Unsettled, settle
from riwaya.store import Store

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "pairs" / "saudinewsnet_pairs.yaml"


def place(db: str, out: str) -> tuple[dict[int, int | None], float]:
    """Every document's story, placed again by `settle` in a copy ``out`` of ``db``; and the
    seconds it took."""
    shutil.copyfile(db, out)
    with Store(out) as store:
        started = time.perf_counter()
        settle(store, None, Unsettled(EVERYTHING))
        seconds = time.perf_counter() - started
    con = sqlite3.connect(out)
    try:
        return dict(con.execute("SELECT id, story_id FROM documents").fetchall()), seconds
    finally:
        con.close()


def labelled(stories: dict[str, int | None], splits: list[str] | None) -> dict[str, Any]:
    pairs = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["pairs"]
    names = sorted({p["split"] for p in pairs}, key=lambda s: (len(s), s))
    if splits is None:
        splits = [s for s in names if s != names[-1]]

    def together(p: dict[str, Any]) -> bool:
        return stories.get(p["a"]) is not None and stories.get(p["a"]) == stories.get(p["b"])

    out: dict[str, Any] = {}
    for name in [*splits, "all of these"]:
        chosen = [p for p in pairs if p["split"] in (splits if name == "all of these" else [name])]
        same = [p for p in chosen if p["label"] in ("copy", "same_story")]
        different = [p for p in chosen if p["label"] == "different"]
        out[name] = {"same_event_together": [sum(map(together, same)), len(same)],
                     "different_apart": [sum(not together(p) for p in different), len(different)]}
    return out


def main(argv: list[str]) -> None:
    out = argv[argv.index("--write") + 1] if "--write" in argv else None
    with tempfile.TemporaryDirectory() as folder:
        placed, seconds = place(argv[0], out or str(Path(folder) / "replay.sqlite"))
    con = sqlite3.connect(argv[0])
    rid = {i: record_id(n) for i, n in con.execute("SELECT id, name FROM documents")}
    stories = {rid[i]: s for i, s in placed.items()}
    sizes = Counter(s for s in placed.values() if s is not None)
    splits = argv[argv.index("--splits") + 1].split(",") if "--splits" in argv else None
    result = {"documents": len(placed), "seconds_to_place": round(seconds, 1),
              "stories_with_2_or_more": sum(n >= 2 for n in sizes.values()),
              "largest": [n for _, n in sizes.most_common(3)],
              "judged_story_pairs": replay(stories, judged_pairs()),
              "labelled_pairs": labelled(stories, splits)}
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(sys.argv[1:])
