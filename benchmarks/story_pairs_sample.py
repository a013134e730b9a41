"""A random sample of pairs of documents that riwaya put in one story, for checking by hand
(same event or its direct follow-up, or not), as SaudiNewsNet record ids (no text).

    python benchmarks/story_pairs_sample.py DB OUT.json [--n 50] [--seed 7]

A story is drawn at random among the stories of two documents or more, then two of its members
that are not copy and original of each other (a copy is the same story by construction). The
sample says how right stories are for a reader who opens one.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from collections import defaultdict

from figure_conflicts_sample import record_id


def main(argv: list[str]) -> None:
    db, out = argv[0], argv[1]
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 50
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    rng = random.Random(seed)
    con = sqlite3.connect(db)
    members = defaultdict(list)
    names = {}
    rows = con.execute("SELECT id, name, story_id FROM documents WHERE story_id IS NOT NULL")
    for doc_id, name, story in rows:
        members[story].append(doc_id)
        names[doc_id] = name
    links = con.execute("SELECT source_id, target_id FROM links WHERE kind = 'copies'")
    copies = {frozenset(r) for r in links}
    stories = sorted(s for s, m in members.items() if len(m) >= 2)
    sample = []
    while len(sample) < n:
        story = rng.choice(stories)
        pairs = [(a, b) for i, a in enumerate(members[story]) for b in members[story][i + 1:]
                 if frozenset((a, b)) not in copies]
        if not pairs:
            continue
        a, b = rng.choice(pairs)
        sample.append({"pair": len(sample), "story": story, "size": len(members[story]),
                       "a": record_id(names[a]), "b": record_id(names[b])})
    json.dump({"database": db, "seed": seed, "stories_with_2_or_more": len(stories), "sample": sample},
              open(out, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(stories), "stories of 2+;", n, "pairs →", out)


if __name__ == "__main__":
    main(sys.argv[1:])
