"""A stratified sample of SaudiNewsNet document pairs for labelling by hand (copy, same story,
different), as record ids (no text).

    python benchmarks/pairs_sample.py DB OUT.json [--seed 12] [--per 50] [--exclude LABELS.yaml]

``--exclude`` leaves out pairs already labelled there, so that a fresh sample is a new set.

The pairs come from strata, so that both kinds of error are present in numbers worth counting:
pairs riwaya links as copies; pairs it puts in one story; pairs that share many word 3-grams but
are not linked (missed copies, templates); the nearest document by content terms in another
story (same topic, perhaps another event); one outlet's near-identical titles on other days
(bulletins, cables); and random pairs within three days. Each pair records its stratum, so a
measure can be given per stratum as well as over all.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
from collections import Counter, defaultdict
from typing import Any

import numpy as np
from figure_conflicts_sample import record_id
from scipy import sparse

WINDOW = 3


def _load(db: str) -> list[dict[str, Any]]:
    import sqlite3

    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT d.id, d.name, d.outlet, d.published_day, d.title, d.story_id, s.shingles, s.features "
        "FROM documents d JOIN signatures s ON s.document_id = d.id ORDER BY d.id"
    ).fetchall()
    out = []
    for doc_id, name, outlet, day, title, story, shingles, features in rows:
        out.append(
            {
                "id": doc_id,
                "record": record_id(name),
                "outlet": outlet,
                "day": day,
                "title": title or "",
                "story": story,
                "shingles": np.frombuffer(shingles, dtype=np.uint32) if shingles else np.empty(0, np.uint32),
                "terms": json.loads(features)["terms"],
            }
        )
    links = con.execute("SELECT source_id, target_id FROM links WHERE kind = 'copies'")
    copies = {tuple(sorted(r)) for r in links}
    return out, copies


def _matrix(docs: list[dict[str, Any]], key: str, max_df: int) -> sparse.csr_matrix:
    vocab: dict[Any, int] = {}
    rows, cols, vals = [], [], []
    df: Counter = Counter()
    for d in docs:
        items = d[key].tolist() if key == "shingles" else list(d[key])
        df.update(set(items))
    n = len(docs)
    for i, d in enumerate(docs):
        if key == "shingles":
            items = {x: 1.0 for x in d["shingles"].tolist() if df[x] <= max_df}
        else:
            items = {
                t: math.sqrt(c) * (math.log((n + 1) / (df[t] + 1)) + 1)
                for t, c in d["terms"].items()
                if df[t] <= max_df
            }
        for t, w in items.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(w)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float32)
    if key != "shingles":
        norms = np.sqrt(m.multiply(m).sum(axis=1)).A1
        norms[norms == 0] = 1
        m = sparse.diags(1 / norms) @ m
    return m.tocsr()


def _near_pairs(docs: list[dict[str, Any]], m: sparse.csr_matrix, floor: float, shingles: bool) -> dict:
    """Pairs within WINDOW days scoring at least ``floor``: containment of the smaller's shingles,
    or the cosine of content terms."""
    days = sorted({d["day"] for d in docs if d["day"]})
    by_day = defaultdict(list)
    for i, d in enumerate(docs):
        by_day[d["day"]].append(i)
    sizes = np.array([len(d["shingles"]) for d in docs], dtype=np.float32)
    found: dict[tuple[int, int], float] = {}
    for day in days:
        mine = by_day[day]
        when = dt.date.fromisoformat(day)
        others = [
            i
            for other in days
            if abs((dt.date.fromisoformat(other) - when).days) <= WINDOW and other >= day
            for i in by_day[other]
        ]
        block = (m[mine] @ m[others].T).toarray()
        for a, row in zip(mine, block, strict=True):
            for k in np.nonzero(row >= (1 if shingles else floor))[0]:
                b = others[k]
                if b <= a:
                    continue
                score = row[k] / max(1, min(sizes[a], sizes[b])) if shingles else row[k]
                if score >= floor:
                    found[(a, b)] = float(score)
    return found


def main(argv: list[str]) -> None:
    db, out = argv[0], argv[1]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 12
    per = int(argv[argv.index("--per") + 1]) if "--per" in argv else 50
    rng = random.Random(seed)
    docs, copies = _load(db)
    index = {d["id"]: i for i, d in enumerate(docs)}
    copy_pairs = {tuple(sorted((index[a], index[b]))) for a, b in copies if a in index and b in index}
    shingled = _near_pairs(docs, _matrix(docs, "shingles", 30), 0.2, True)
    cosine = _near_pairs(docs, _matrix(docs, "terms", 300), 0.2, False)
    by_story = defaultdict(list)
    for i, d in enumerate(docs):
        by_story[d["story"]].append(i)

    strata: dict[str, list[tuple[int, int]]] = {}
    strata["linked_copy"] = sorted(copy_pairs)
    strata["same_story"] = sorted(
        {
            tuple(sorted(rng.sample(members, 2)))
            for members in by_story.values()
            if len(members) >= 2
            for _ in range(2)
        }
        - copy_pairs
    )
    strata["shared_3grams_unlinked"] = sorted(p for p in shingled if p not in copy_pairs)
    strata["near_terms_other_story"] = sorted(
        p for p, s in cosine.items() if docs[p[0]]["story"] != docs[p[1]]["story"] and s >= 0.25
    )
    titles = defaultdict(list)
    for i, d in enumerate(docs):
        titles[(d["outlet"], d["title"][:25])].append(i)
    strata["same_outlet_title_other_day"] = sorted(
        tuple(sorted((a, b)))
        for members in titles.values()
        if len(members) >= 2
        for a, b in [rng.sample(members, 2)]
        if docs[a]["day"] != docs[b]["day"] and len(docs[a]["title"]) >= 15
    )
    random_pairs = set()
    while len(random_pairs) < per * 4:
        a, b = rng.sample(range(len(docs)), 2)
        if docs[a]["day"] and docs[b]["day"] and abs(
            (dt.date.fromisoformat(docs[a]["day"]) - dt.date.fromisoformat(docs[b]["day"])).days
        ) <= WINDOW:
            random_pairs.add(tuple(sorted((a, b))))
    strata["random_within_3_days"] = sorted(random_pairs)

    quotas = {
        "linked_copy": per + 10,
        "same_story": per + 10,
        "shared_3grams_unlinked": per,
        "near_terms_other_story": per + 10,
        "same_outlet_title_other_day": per // 2,
        "random_within_3_days": per // 2,
    }
    seen: set[tuple[int, int]] = set()
    if "--exclude" in argv:
        import yaml

        by_record = {d["record"]: i for i, d in enumerate(docs)}
        labelled = yaml.safe_load(open(argv[argv.index("--exclude") + 1], encoding="utf-8"))["pairs"]
        seen |= {tuple(sorted((by_record[p["a"]], by_record[p["b"]]))) for p in labelled
                 if p["a"] in by_record and p["b"] in by_record}
    pairs = []
    for name, quota in quotas.items():
        pool = [p for p in strata[name] if p not in seen]
        for a, b in rng.sample(pool, min(quota, len(pool))):
            seen.add((a, b))
            pairs.append(
                {
                    "a": docs[a]["record"],
                    "b": docs[b]["record"],
                    "stratum": name,
                    "shared_3grams": round(shingled.get((a, b), 0.0), 3),
                    "cosine": round(cosine.get((a, b), 0.0), 3),
                }
            )
    rng.shuffle(pairs)
    for k, p in enumerate(pairs):
        p["pair"] = k
    json.dump(
        {
            "database": db,
            "seed": seed,
            "strata_sizes": {k: len(v) for k, v in strata.items()},
            "pairs": pairs,
        },
        open(out, "w", encoding="utf-8"),
        ensure_ascii=False,
        indent=1,
    )
    print({k: len(v) for k, v in strata.items()}, len(pairs))


if __name__ == "__main__":
    main(sys.argv[1:])
