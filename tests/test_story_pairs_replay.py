"""The judged story pairs replayed on a database (benchmarks/story_pairs_replay.py): each pair
counts once, with its newest verdict, and precision is over the judged pairs still together."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import story_pairs_replay


def test_newest_verdict_wins_and_precision_is_over_pairs_still_together(tmp_path):
    samples = {
        "note": "how the samples were drawn",
        "old": {"pairs": [{"a": "d.zip#1", "b": "d.zip#2", "verdict": "wrong"},
                          {"a": "d.zip#3", "b": "d.zip#4", "verdict": "right"}]},
        "new": {"pairs": [{"a": "d.zip#2", "b": "d.zip#1", "verdict": "right"},
                          {"a": "d.zip#5", "b": "d.zip#6", "verdict": "wrong"},
                          {"a": "d.zip#7", "b": "d.zip#8", "verdict": "wrong"}]},
    }
    path = tmp_path / "story-pairs.json"
    path.write_text(json.dumps(samples), encoding="utf-8")
    judged = story_pairs_replay.judged_pairs(path)
    assert len(judged) == 4
    assert judged[frozenset(("d.zip#1", "d.zip#2"))]["verdict"] == "right"
    stories = {"d.zip#1": 1, "d.zip#2": 1, "d.zip#3": 2, "d.zip#4": 3, "d.zip#5": 4, "d.zip#6": 4,
               "d.zip#7": None}
    got = story_pairs_replay.replay(stories, judged)
    assert got["judged"] == {"right": 2, "wrong": 1}
    assert got["still_together"] == {"right": 1, "wrong": 1}
    assert got["not_in_database"] == 1  # d.zip#8 was not ingested
    assert got["precision_on_judged"] == 0.5
