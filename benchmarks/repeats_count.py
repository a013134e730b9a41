"""How many SaudiNewsNet articles repeat, word for word, a text read before them, and how their
outlet, address and date differ from the first's: the appearances an ingest keeps (README,
«Keeps where a text was published again»). Reads only; nothing is stored.

    python benchmarks/repeats_count.py [DATASET_FOLDER]
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

from riwaya.read import Document, iter_documents

DATASET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATASET
    first: dict[str, Document] = {}
    read = 0
    differs: collections.Counter[str] = collections.Counter()
    for doc in iter_documents(sorted(str(p) for p in folder.glob("*.zip")), language_check=False):
        if not isinstance(doc, Document):
            continue
        read += 1
        earlier = first.setdefault(doc.hash, doc)
        if earlier is doc:
            continue
        if earlier.outlet != doc.outlet:
            differs["another outlet"] += 1
        elif (earlier.url, earlier.published) != (doc.url, doc.published):
            differs["the same outlet, another address or date"] += 1
        else:
            differs["the same publication (no appearance)"] += 1
    print(f"{read:,} articles read; {sum(differs.values()):,} repeat an earlier text:")
    for kind, count in differs.most_common():
        print(f"  {count:6,}  {kind}")


if __name__ == "__main__":
    main()
