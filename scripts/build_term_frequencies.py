"""Build src/riwaya/lexicon/term_frequencies.tsv from a database that ingested SaudiNewsNet (run
by hand; the result ships):

    riwaya ingest ../shared/data/saudinewsnet/dataset/*.zip --db snn.db
    python scripts/build_term_frequencies.py snn.db

How many articles have each content term (light stem) among their top terms, for the terms of
at least MIN_DF articles. A batch of a few hundred documents cannot tell a word that names one
event («توشيبا») from a word of a kind of event («مقذوف»): in it both are rare. These background
frequencies can (compare/stories.py). Attribution: src/riwaya/lexicon/TERMS-ATTRIBUTION.txt.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "riwaya" / "lexicon" / "term_frequencies.tsv"
MIN_DF = 10


def main(db: str) -> None:
    con = sqlite3.connect(db)
    df: Counter = Counter()
    documents = 0
    for (features,) in con.execute("SELECT features FROM signatures"):
        df.update(json.loads(features)["terms"].keys())
        documents += 1
    rows = sorted(((t, n) for t, n in df.items() if n >= MIN_DF), key=lambda x: (-x[1], x[0]))
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# documents\t{documents}\n")
        out.write("\n".join(f"{t}\t{n}" for t, n in rows) + "\n")
    print(f"{len(rows)} terms of {len(df)} from {documents} documents → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
