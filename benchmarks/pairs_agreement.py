"""How far two readings of the labelled SaudiNewsNet pairs agree: the ceiling a rule can be held to.

    python benchmarks/pairs_agreement.py [--out OUT.json]

The second reading (tests/data/pairs/saudinewsnet_pairs_second_reading.yaml) is scored against
the first as `pairs_eval.py` scores riwaya: copies found (precision, recall), same-event pairs
together, different-event pairs apart; and the share of pairs given the same label.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
PAIRS = HERE.parent / "tests" / "data" / "pairs"


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """The second reading scored against the first (pairs matched by id)."""
    by_id = {p["id"]: p["label"] for p in first}
    both = [(by_id[q["id"]], q["label"]) for q in second if q["id"] in by_id]

    def ratio(hit: int, n: int) -> dict[str, Any]:
        return {"value": round(hit / n, 3) if n else None, "right": hit, "of": n}

    said_copy = [a for a, b in both if b == "copy"]
    same = [b for a, b in both if a != "different"]
    apart = [b for a, b in both if a == "different"]
    return {
        "pairs": len(both),
        "same_label": ratio(sum(a == b for a, b in both), len(both)),
        "labels": {f"{a} -> {b}": n for (a, b), n in sorted(Counter(both).items())},
        "copy_precision": ratio(said_copy.count("copy"), len(said_copy)),
        "copy_recall": ratio(sum(a == b == "copy" for a, b in both), sum(a == "copy" for a, _ in both)),
        "same_event_together": ratio(sum(b != "different" for b in same), len(same)),
        "different_apart": ratio(apart.count("different"), len(apart)),
    }


def main(argv: list[str]) -> None:
    def read(name: str) -> list[dict[str, Any]]:
        return yaml.safe_load((PAIRS / name).read_text(encoding="utf-8"))["pairs"]

    first, second = read("saudinewsnet_pairs.yaml"), read("saudinewsnet_pairs_second_reading.yaml")
    text = json.dumps(agreement(first, second), ensure_ascii=False, indent=1)
    print(text)
    if "--out" in argv:
        Path(argv[argv.index("--out") + 1]).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
