"""Score a hand-checked sample of actor mentions (benchmarks/actor_mentions_sample.py) and keep
it, with its verdicts, as ids and offsets in benchmarks/results/.

    python benchmarks/actor_mentions_score.py SAMPLE.json LABELS.json [LABELS.json …] --out NAME

LABELS: JSON lists of {"n": index into the sample, "verdict": right|wrong|unsure, "class": …,
"why": …}. Precision is right / (right + wrong); unsure ones are left out and counted.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
_ARABIC = re.compile("[\u0600-\u06ff]")


def score(sample: dict, labels: list[dict]) -> dict:
    rows = sample["sample"]
    by_n = {int(x["n"]): x for x in labels}
    for n, row in enumerate(rows):
        label = by_n.get(n)
        if label is not None:
            row["verdict"] = label["verdict"]
            if label.get("class"):
                row["class"] = label["class"]
            if label.get("why") and not _ARABIC.search(label["why"]):
                row["why"] = label["why"]  # the checker's note, when it quotes none of the text
    verdicts = Counter(r.get("verdict", "unlabelled") for r in rows)
    judged = verdicts["right"] + verdicts["wrong"]
    return {**sample, "labelled": len(by_n), "verdicts": dict(verdicts),
            "precision": round(verdicts["right"] / judged, 3) if judged else None,
            "wrong_by_class": dict(Counter(r.get("class", "?") for r in rows if r.get("verdict") == "wrong"))}


def main(argv: list[str]) -> None:
    out = argv[argv.index("--out") + 1] if "--out" in argv else "latest"
    paths = [a for a in argv if not a.startswith("--") and a != out]
    # «--out sample12», or the file's own name («actor-mentions-sample12.json»)
    out = out.removeprefix("actor-mentions-").removesuffix(".json")
    sample = json.loads(Path(paths[0]).read_text(encoding="utf-8"))
    labels = [x for p in paths[1:] for x in json.loads(Path(p).read_text(encoding="utf-8"))]
    result = score(sample, labels)
    target = RESULTS / f"actor-mentions-{out}.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("sample_size", "labelled", "verdicts", "precision",
                                             "wrong_by_class")}, ensure_ascii=False, indent=1))
    print("→", target)


if __name__ == "__main__":
    main(sys.argv[1:])
