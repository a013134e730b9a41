"""Span F1 of riwaya's lexicon-based entities on CLEANANERCorp's test split (a secondary
benchmark: the corpus is general news, riwaya's lexicons are built for conflict reporting).

Mapping: place → LOC, actor of type state → LOC (ANERcorp tags countries as places),
other actors → ORG, person → PERS; state adjectives («الأمريكية») are skipped (ANERcorp tags
none). MISC is not predicted. A predicted span counts when it covers
exactly the tokens of a gold span of the same type (CoNLL exact match).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from riwaya.extract import extract

TEST = Path(__file__).resolve().parents[2] / "shared" / "data" / "cleananercorp" / "cleananercorp_TEST.txt"


def sentences(path: Path) -> list[list[tuple[str, str]]]:
    out, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                out.append(current)
            current = []
            continue
        token, _, tag = line.rpartition(" ")
        current.append((token, tag))
    if current:
        out.append(current)
    return out


def gold_spans(tagged: list[tuple[str, str]]) -> set[tuple[str, int, int]]:
    spans, start, kind = set(), None, None
    for i, (_, tag) in enumerate([*tagged, ("", "O")]):
        if start is not None and not tag.startswith("I-"):
            spans.add((kind, start, i))
            start = None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return spans


def predicted_spans(tagged: list[tuple[str, str]]) -> set[tuple[str, int, int]]:
    text, offsets = "", []
    for token, _ in tagged:
        offsets.append((len(text), len(text) + len(token)))
        text += token + " "
    spans = set()
    for m in extract(text)["mentions"]:
        if m["kind"] == "actor" and m.get("alias") == "adjective":
            continue  # «الأمريكية»: ANERcorp does not tag adjectives
        if m["kind"] == "place" or (m["kind"] == "actor" and m.get("type") == "state"):
            kind = "LOC"
        elif m["kind"] == "actor":
            kind = "ORG"
        elif m["kind"] == "person":
            kind = "PERS"
            m = {**m, "start": m["end"] - len(m["name"])}  # the name, without its title
        else:
            continue
        covered = [i for i, (s, e) in enumerate(offsets) if s < m["end"] and e > m["start"]]
        if covered:
            spans.add((kind, covered[0], covered[-1] + 1))
    return spans


def evaluate(path: Path = TEST) -> dict:
    counts: Counter = Counter()
    for tagged in sentences(path):
        gold, pred = gold_spans(tagged), predicted_spans(tagged)
        for kind in ("LOC", "ORG", "PERS"):
            g = {s for s in gold if s[0] == kind}
            p = {s for s in pred if s[0] == kind}
            counts[(kind, "tp")] += len(g & p)
            counts[(kind, "fp")] += len(p - g)
            counts[(kind, "fn")] += len(g - p)
    result = {}
    for kind in ("LOC", "ORG", "PERS"):
        tp, fp, fn = counts[(kind, "tp")], counts[(kind, "fp")], counts[(kind, "fn")]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[kind] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                        "gold": tp + fn}
    return result


if __name__ == "__main__":
    if not TEST.exists():
        sys.exit("../shared/data/cleananercorp is not available")
    print(json.dumps(evaluate(), indent=2))
