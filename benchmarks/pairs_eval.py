"""How right copies and stories are, on hand-labelled SaudiNewsNet pairs
(tests/data/pairs/saudinewsnet_pairs.yaml: record ids, a label copy / same_story / different, no
text), side by side with plain MinHash-LSH and word 5-gram containment on the same pairs.

    python benchmarks/pairs_eval.py [--split dev|blind|…|blind4|all|SPLIT,SPLIT…] [--db DB] [--show]
        [--out OUT.json]

Without --db the labelled articles (a few hundred) go through `compare`, in the order they were
published; with --db the decisions are read from a database that ingested all of SaudiNewsNet.
A pair is a copy when riwaya links the two as copy and original, or puts them in one copy group
(what `copy_of` shows); in one story when they share a story. Measures: copy precision and
recall; same-event pairs (copies and same_story) together; different-event pairs apart.
Needs ../shared/data/saudinewsnet.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "pairs" / "saudinewsnet_pairs.yaml"
DATASET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "dataset"
SAME_EVENT = ("copy", "same_story")


def records(ids: set[str], dataset: Path = DATASET) -> dict[str, dict[str, Any]]:
    """SaudiNewsNet records by id («2015-07-21.zip#12»: the day's archive and the index)."""
    by_day: dict[str, set[int]] = defaultdict(set)
    for rid in ids:
        day, index = rid.split("#")
        by_day[day].add(int(index))
    out = {}
    for day, wanted in by_day.items():
        with zipfile.ZipFile(dataset / day) as archive:
            items = json.loads(archive.read(archive.namelist()[0]).decode("utf-8"))
        for i in wanted:
            out[f"{day}#{i}"] = items[i]
    return out


def load_pairs(split: str, path: Path = LABELS) -> list[dict[str, Any]]:
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    return [p for p in pairs if split == "all" or p["split"] in split.split(",")]


def _from_compare(ids: set[str]) -> tuple[dict[str, int | None], dict[str, int]]:
    from riwaya.corpus import compare

    found = records(ids)
    order = sorted(found, key=lambda r: (found[r].get("date_extracted") or "", r))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pairs.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for rid in order:
                out.write(json.dumps({"id": rid, **found[rid]}, ensure_ascii=False) + "\n")
        result = compare([str(path)])
    line_of = {rid: k + 1 for k, rid in enumerate(order)}
    by_line = {int(d["name"].rsplit(":", 1)[1]): d for d in result["documents"]}
    story = {rid: by_line[line_of[rid]]["story"] for rid in order if line_of[rid] in by_line}
    ids_of = {rid: by_line[line_of[rid]]["id"] for rid in order if line_of[rid] in by_line}
    original = {d["id"]: d["copy_of"] or d["id"] for d in result["documents"]}
    group = {rid: original[i] for rid, i in ids_of.items()}
    rid_of = {i: rid for rid, i in ids_of.items()}
    direct = {frozenset((rid_of.get(a), rid_of.get(b))) for a, b, _ in result["duplicates"]}
    return story, group, direct


def _from_db(db: str, ids: set[str]) -> tuple[dict[str, int | None], dict[str, int]]:
    from figure_conflicts_sample import record_id  # type: ignore[import-not-found]

    from riwaya.compare.duplicates import copy_groups, group_link

    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, name, story_id, published, outlet FROM documents").fetchall()
    rid_of = {doc_id: record_id(name) for doc_id, name, _, _, _ in rows}
    story = {rid_of[i]: s for i, _, s, _, _ in rows if rid_of[i] in ids}
    when = {i: p for i, _, _, p, _ in rows}
    links = con.execute("SELECT source_id, target_id, similarity, data FROM links WHERE kind = 'copies' "
                        "ORDER BY similarity DESC").fetchall()
    original = copy_groups([group_link(a, b, json.loads(d)) for a, b, _, d in links], when,
                           {i: o for i, _, _, _, o in rows})
    group = {rid_of[i]: original.get(i, i) for i, _, _, _, _ in rows if rid_of[i] in ids}
    direct = {frozenset((rid_of[a], rid_of[b])) for a, b, _, _ in links}
    return story, group, direct


def _baselines(pairs: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, set[int]]:
    """Which pairs plain MinHash-LSH (word 3-grams, thresholds 0.3/0.5/0.8) and exact word 5-gram
    containment of the smaller document (≥ 0.5) call copies."""
    from datasketch import MinHash, MinHashLSH

    from riwaya.text.normalize import normalize_str

    def grams(text: str, n: int) -> set[str]:
        words = normalize_str(text).split()
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    ids = sorted({p[s] for p in pairs for s in "ab"})
    three = {i: grams(texts[i], 3) for i in ids}
    hashes = {}
    for i in ids:
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([g.encode("utf-8") for g in three[i]])
        hashes[i] = m
    out: dict[str, set[int]] = {}
    for threshold in (0.3, 0.5, 0.8):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        for i in ids:
            lsh.insert(i, hashes[i])
        out[f"minhash_lsh_{threshold}"] = {
            k for k, p in enumerate(pairs) if p["b"] in lsh.query(hashes[p["a"]])
        }
    five = {i: grams(texts[i], 5) for i in ids}
    out["containment_5gram_0.5"] = {
        k
        for k, p in enumerate(pairs)
        if five[p["a"]] and five[p["b"]]
        and len(five[p["a"]] & five[p["b"]]) / min(len(five[p["a"]]), len(five[p["b"]])) >= 0.5
    }
    return out


def _ratio(hit: int, n: int) -> dict[str, Any]:
    return {"value": round(hit / n, 3) if n else None, "of": n, "right": hit}


def measure(pairs: list[dict[str, Any]], copies: set[int], together: set[int] | None) -> dict[str, Any]:
    real_copies = {k for k, p in enumerate(pairs) if p["label"] == "copy"}
    same = {k for k, p in enumerate(pairs) if p["label"] in SAME_EVENT}
    different = {k for k, p in enumerate(pairs) if p["label"] == "different"}
    out = {
        "copy_precision": _ratio(len(copies & real_copies), len(copies)),
        "copy_recall": _ratio(len(copies & real_copies), len(real_copies)),
    }
    if together is not None:
        out["same_event_together"] = _ratio(len(same & together), len(same))
        out["different_apart"] = _ratio(len(different - together), len(different))
    return out


def decisions(pairs: list[dict[str, Any]], story: dict[str, int | None], group: dict[str, int],
              direct: set[frozenset[str | None]]) -> tuple[set[int], set[int]]:
    """The pairs riwaya calls copies (a direct link, or one copy group) and puts in one story."""
    copies = {k for k, p in enumerate(pairs) if frozenset((p["a"], p["b"])) in direct
              or (p["a"] in group and group[p["a"]] == group.get(p["b"]))}
    together = {
        k for k, p in enumerate(pairs)
        if story.get(p["a"]) is not None and story.get(p["a"]) == story.get(p["b"])
    }
    return copies, together


def main(argv: list[str]) -> None:
    if not DATASET.exists():
        print(f"pairs_eval: {DATASET} is not here (the labelled pairs are ids into SaudiNewsNet); skipped")
        return
    split = argv[argv.index("--split") + 1] if "--split" in argv else "dev"
    db = argv[argv.index("--db") + 1] if "--db" in argv else None
    pairs = load_pairs(split)
    ids = {p[s] for p in pairs for s in "ab"}
    story, group, direct = _from_db(db, ids) if db else _from_compare(ids)
    copies, together = decisions(pairs, story, group, direct)
    result: dict[str, Any] = {
        "split": split,
        "pairs": len(pairs),
        "labels": {lab: sum(p["label"] == lab for p in pairs) for lab in ("copy", "same_story", "different")},
        "mode": f"ingest ({db})" if db else "compare over the labelled articles",
        "riwaya": measure(pairs, copies, together),
    }
    texts = {rid: r.get("content") or "" for rid, r in records(ids).items()}
    result["baselines"] = {name: measure(pairs, found, None)
                           for name, found in _baselines(pairs, texts).items()}
    if "--show" in argv:
        for k, p in enumerate(pairs):
            said = "copy" if k in copies else "same_story" if k in together else "different"
            if (said == "copy") != (p["label"] == "copy") or (k in together) != (p["label"] in SAME_EVENT):
                print(f"{p['id']:>4} {p['stratum']:<28} label={p['label']:<10} riwaya={said:<10} "
                      f"{p['a']} {p['b']}  {p.get('why', '')}")
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if "--out" in argv:
        Path(argv[argv.index("--out") + 1]).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(sys.argv[1:])
