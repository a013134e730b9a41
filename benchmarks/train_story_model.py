"""Fit the story model (src/riwaya/lexicon/story_model.yaml) on the hand-labelled SaudiNewsNet pairs
(tests/data/pairs): whether two documents tell one event, from the features of
compare/stories.py ``same_event_features``. Run by hand; the result ships.

    python benchmarks/train_story_model.py [--splits dev,blind,blind2,blind3] [--threshold 0.4]

A logistic regression (numpy, L2, standardized features), reported by 5-fold cross-validation
before it is fitted on all the pairs given. The cosine is taken with background rarity
(lexicon/term_frequencies.tsv), as an index of all of SaudiNewsNet would take it. Needs
../shared/data/saudinewsnet.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import numpy as np
import yaml

OUT = Path(__file__).resolve().parent.parent / "src" / "riwaya" / "lexicon" / "story_model.yaml"
L2 = 1.0
STEPS = 4000
RATE = 0.5
FOLDS = 5


def pair_values(pairs: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    from pairs_eval import records  # type: ignore[import-not-found]

    from riwaya.compare.stories import _rare_in_news, features, same_event_features
    from riwaya.corpus.prepare import prepare
    from riwaya.lexicon import term_frequencies
    from riwaya.read.documents import Document

    background = term_frequencies()
    found = records({p[s] for p in pairs for s in "ab"})
    feats = {}
    for rid, r in found.items():
        doc = Document(rid, r.get("content") or "", "jsonl", title=r.get("title"), outlet=r.get("source"),
                       published=r.get("date_extracted"))
        p = prepare(doc)
        feats[rid] = features(p.terms, p.mentions, p.published, doc.outlet)

    def weights(f):  # as StoryIndex._weights, with background rarity
        return {t: math.sqrt(c) * (math.log((background.documents + 1) / (background.df.get(t, 0) + 1)) + 1)
                for t, c in f.counts().items()}

    rows, labels = [], []
    for pair in pairs:
        a, b = feats[pair["a"]], feats[pair["b"]]
        wa, wb = weights(a), weights(b)
        shared = set(wa) & set(wb)
        norm = math.sqrt(sum(w * w for w in wa.values())) * math.sqrt(sum(w * w for w in wb.values()))
        score = sum(wa[t] * wb[t] for t in shared) / (norm or 1.0)
        rarity = [_rare_in_news(t, background) for t in shared]
        rare = sum(r for r, _ in rarity)
        names = sum(n for r, n in rarity if r)
        rows.append(same_event_features(score, rare, names, a, b.specifics, b.day, b.outlet, b.event_days))
        labels.append(pair["label"] != "different")
    return np.array(rows, float), np.array(labels, float)


def fit(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    zb = np.hstack([z, np.ones((len(z), 1))])
    w = np.zeros(zb.shape[1])
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-zb @ w))
        w -= RATE * (zb.T @ (p - y) / len(y) + L2 * np.r_[w[:-1], 0] / len(y))
    return w


def probability(w: np.ndarray, z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.hstack([z, np.ones((len(z), 1))]) @ w))


def main(argv: list[str]) -> None:
    from pairs_eval import DATASET, load_pairs  # type: ignore[import-not-found]

    if not DATASET.exists():
        print(f"train_story_model: {DATASET} is not here; nothing done")
        return
    from riwaya.compare.stories import SAME_EVENT_FEATURES

    splits = argv[argv.index("--splits") + 1] if "--splits" in argv else "dev,blind,blind2,blind3"
    threshold = float(argv[argv.index("--threshold") + 1]) if "--threshold" in argv else 0.4
    pairs = load_pairs(splits)
    x, y = pair_values(pairs)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / scale
    order = np.random.default_rng(0).permutation(len(y))
    folds = np.array_split(order, FOLDS)
    held = np.zeros(len(y))
    for k in range(FOLDS):
        train = np.hstack([folds[j] for j in range(FOLDS) if j != k])
        held[folds[k]] = probability(fit(z[train], y[train]), z[folds[k]])
    for t in (0.3, 0.4, 0.5, 0.6, 0.7):
        same, different = held[y == 1], held[y == 0]
        print(f"cross-validated, threshold {t}: same event ≥ it {np.mean(same >= t):.3f} "
              f"({len(same)} pairs), different below it {np.mean(different < t):.3f} ({len(different)})")
    w = fit(z, y)
    model = {
        "about": "Whether two documents tell one event: a logistic model over compare/stories.py "
                 "same_event_features (standardized by mean and scale), fitted by "
                 "benchmarks/train_story_model.py on hand-labelled SaudiNewsNet pairs (tests/data/pairs). "
                 "A story join the rules allow is refused below the threshold.",
        "fitted": f"{dt.date.today().isoformat()} on splits {splits} ({len(y)} pairs)",
        "threshold": threshold,
        "features": list(SAME_EVENT_FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w[:-1]],
        "bias": round(float(w[-1]), 6),
    }
    OUT.write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    print(f"→ {OUT}: " + ", ".join(f"{n} {v:+.2f}" for n, v in zip(SAME_EVENT_FEATURES, w[:-1], strict=True)))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(sys.argv[1:])
