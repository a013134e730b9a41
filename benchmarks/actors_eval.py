"""Precision and recall of actor mentions on tests/data/actors_annotated.yaml (sentences written
for riwaya, each actor mention annotated with its lexicon id), overall and per actor type.

A found mention is right when it overlaps an annotated one and has its id; an ambiguous alias
also counts when the annotation is one of its candidates and the text gives nothing to choose by
(no: only the exact id counts — the annotation already follows the lexicon's default rule).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import yaml

from riwaya.extract import extract
from riwaya.extract.actors import lexicon

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "actors_annotated.yaml"


def _locate(text: str, surface: str, after: int) -> tuple[int, int] | None:
    """Where an annotated surface is, from ``after`` on; «الجيش» also matches «للجيش»."""
    at = text.find(surface, after)
    if at != -1:
        return at, at + len(surface)
    if surface.startswith("ال"):
        m = re.compile(re.escape("لل" + surface[2:])).search(text, after)
        if m:
            return m.start(), m.end()
    return None


def evaluate(path: Path = DATA) -> dict:
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    types = {a.id: a.type for a in lexicon().actors.values()}
    counts: Counter = Counter()
    errors = []
    for case in cases:
        text = case["text"]
        gold, cursor = [], 0
        for a in case.get("actors") or []:
            span = _locate(text, a["surface"], cursor)
            if span is None:
                raise ValueError(f"{a['surface']!r} not in {text!r}")
            gold.append((span, a["id"]))
            cursor = span[0] + 1
        found = [((m["start"], m["end"]), m["id"]) for m in extract(text)["mentions"] if m["kind"] == "actor"]
        unmatched = list(found)
        for (gs, ge), gid in gold:
            hit = next((f for f in unmatched if f[0][0] < ge and f[0][1] > gs and f[1] == gid), None)
            kind = types.get(gid, "?")
            if hit:
                unmatched.remove(hit)
                counts[(kind, "tp")] += 1
            else:
                counts[(kind, "fn")] += 1
                errors.append(f"missed {text[gs:ge]!r} ({gid}) in {text[:60]!r}")
        for (s, e), fid in unmatched:
            counts[(types.get(fid, "?"), "fp")] += 1
            errors.append(f"wrong {text[s:e]!r} ({fid}) in {text[:60]!r}")
    def score(tp: int, fp: int, fn: int) -> dict:
        return {"precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
                "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0, "mentions": tp + fn}
    kinds = sorted({k for k, _ in counts})
    result = {"overall": score(*(sum(counts[(k, x)] for k in kinds) for x in ("tp", "fp", "fn"))),
              "by_type": {k: score(counts[(k, "tp")], counts[(k, "fp")], counts[(k, "fn")]) for k in kinds},
              "errors": errors}
    return result


if __name__ == "__main__":
    result = evaluate()
    print(json.dumps({k: v for k, v in result.items() if k != "errors"}, indent=2))
    print("\n".join(result["errors"][:60]))
