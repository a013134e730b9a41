"""Build src/riwaya/lexicon/common_phrases.tsv from a database that ingested SaudiNewsNet (run by
hand; the result ships):

    riwaya ingest ../shared/data/saudinewsnet/dataset/*.zip --db snn.db
    python scripts/build_common_phrases.py snn.db

The word 3-grams found in at least MIN_DF articles: the boilerplate of recurring items (a
weather bulletin's «ارتفاع الموج من متر», a market close's «وبلغت قيمة التداولات»), which passim
likewise drops as seeds of reuse. Two outlets' bulletins of two days share these and little
else; a reprint shares its own sentences. Each line: the three word keys riwaya matches on
(CRC32 of the normalized word, corpus/prepare.py), the words, and the number of articles. A wire
story reprinted by every outlet reaches about 15 articles, far below MIN_DF. Attribution:
src/riwaya/lexicon/TERMS-ATTRIBUTION.txt.
"""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "riwaya" / "lexicon" / "common_phrases.tsv"
MIN_DF = 40


def main(db: str) -> None:
    from riwaya.text.normalize import normalize_str

    con = sqlite3.connect(db)
    query = "SELECT document_id, words FROM signatures WHERE words IS NOT NULL"
    df: Counter = Counter()
    documents = 0
    for _, blob in con.execute(query):
        keys = np.frombuffer(blob, dtype=np.uint32).reshape(-1, 3)[:, 0].tolist()
        df.update({tuple(keys[i:i + 3]) for i in range(len(keys) - 2)})
        documents += 1
    common = sorted(((g, n) for g, n in df.items() if n >= MIN_DF), key=lambda x: (-x[1], x[0]))
    distinct = len(df)
    del df
    wanted = {g for g, _ in common}
    example: dict[tuple[int, ...], tuple[int, int, int]] = {}  # where each 3-gram is read
    for doc_id, blob in con.execute(query):
        words = np.frombuffer(blob, dtype=np.uint32).reshape(-1, 3)
        keys = words[:, 0].tolist()
        for i in range(len(keys) - 2):
            g = tuple(keys[i:i + 3])
            if g in wanted and g not in example:
                example[g] = (doc_id, int(words[i, 1]), int(words[i + 2, 2]))
    with OUT.open("w", encoding="utf-8") as out:
        out.write(f"# documents\t{documents}\n")
        for g, n in common:
            doc_id, start, end = example[g]
            (text,) = con.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            words = " ".join(normalize_str(text[start:end]).split())
            out.write(f"{g[0]} {g[1]} {g[2]}\t{words}\t{n}\n")
    print(f"{len(common)} 3-grams of {distinct} in {MIN_DF}+ of {documents} documents → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
