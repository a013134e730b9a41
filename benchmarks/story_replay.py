"""Stories placed again over a stored ingest, with the story rules of this checkout: a measure of a
change to `compare/stories.py` on all of SaudiNewsNet in about a minute and a half, instead of an
ingest of six. Reading, extraction and copies stay as the database has them (features, copy links
and template links, in the order the documents were added); only the stories are placed anew.

    python benchmarks/story_replay.py DB [--write OUT.sqlite] [--splits S,S…]

Prints the largest stories, the hand-judged story pairs still together
(`story_pairs_replay.py`'s measure) and, on the labelled pairs (tests/data/pairs), same-event
pairs together and different-event pairs apart by split (without --splits: every split but the
newest, which stays held out). --write copies DB with the replayed stories, for
`figure_conflicts_sample.py` or `story_pairs_sample.py`. Needs a database ingested at or after
the commit that stores template links; on an older one the replay is not the ingest's own.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from figure_conflicts_sample import record_id
from story_pairs_replay import judged_pairs, replay

from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS, StoryIndex
from riwaya.corpus import _features_from_json, _joins_copied, _place

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "pairs" / "saudinewsnet_pairs.yaml"


def _copied(con: sqlite3.Connection) -> dict[int, list[int]]:
    """For each document, the earlier documents whose story it joins as a copy, best copy first
    (as `Corpus.add` had them: the matches found when it was added, by coverage)."""
    out: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for copy, original, similarity, raw in con.execute(
            "SELECT source_id, target_id, similarity, data FROM links WHERE kind = 'copies'"):
        data = json.loads(raw or "{}")
        new, other = max(copy, original), min(copy, original)
        # the match as it was found when ``new`` was added: ``held`` when the other holds it
        holder = data.get("holder")
        held = holder is not None and (holder == "original") == (new == copy)
        if _joins_copied({**data, "held": held}):
            out[new].append((-(similarity or 0.0), other))
    return {doc: [o for _, o in sorted(found)] for doc, found in out.items()}


class _StoryNumbers:
    """What `corpus._place` asks of a store, kept in memory: a new story's number (the replay's
    stories are compared as groups, so their sizes and days need not be kept)."""

    def __init__(self) -> None:
        self.last = 0

    def new_story(self, title: str, day: str | None) -> int:
        self.last += 1
        return self.last

    def grow_story(self, story_id: int, day: str | None) -> None:
        pass


def place(con: sqlite3.Connection) -> dict[int, int | None]:
    """Every document's story, placed by `Corpus.add`'s own `_place`, in the order of the ids."""
    rows = con.execute("SELECT d.id, d.published_day, d.outlet, d.story_id, s.features FROM documents d "
                       "JOIN signatures s ON s.document_id = d.id ORDER BY d.id").fetchall()
    copied = _copied(con)
    templates: dict[int, set[int]] = defaultdict(set)
    for a, b in con.execute("SELECT source_id, target_id FROM links WHERE kind = 'template'"):
        templates[a].add(b)
    index = StoryIndex()
    # a stream that reached MIN_DOCS_FOR_EVENTS was placed again with a corpus's rules (_settle)
    index.corpus = len(rows) >= MIN_DOCS_FOR_EVENTS
    story: dict[int, int | None] = {}
    numbered = _StoryNumbers()
    for doc_id, day, outlet, stored, raw in rows:
        f = _features_from_json(raw, day, outlet)
        sid = None
        if stored is not None:  # not Arabic: never in a story
            sid = _place(numbered, index, (story.get(o) for o in copied.get(doc_id, ())), f,  # type: ignore[arg-type]
                         templates[doc_id], lambda: "", day)
        story[doc_id] = sid
        index.count(f)
        if sid is not None:
            index.add(doc_id, sid, f)
    return story


def labelled(stories: dict[str, int | None], splits: list[str] | None) -> dict[str, Any]:
    pairs = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["pairs"]
    names = sorted({p["split"] for p in pairs}, key=lambda s: (len(s), s))
    if splits is None:
        splits = [s for s in names if s != names[-1]]

    def together(p: dict[str, Any]) -> bool:
        return stories.get(p["a"]) is not None and stories.get(p["a"]) == stories.get(p["b"])

    out: dict[str, Any] = {}
    for name in [*splits, "all of these"]:
        chosen = [p for p in pairs if p["split"] in (splits if name == "all of these" else [name])]
        same = [p for p in chosen if p["label"] in ("copy", "same_story")]
        different = [p for p in chosen if p["label"] == "different"]
        out[name] = {"same_event_together": [sum(map(together, same)), len(same)],
                     "different_apart": [sum(not together(p) for p in different), len(different)]}
    return out


def main(argv: list[str]) -> None:
    con = sqlite3.connect(argv[0])
    placed = place(con)
    rid = {i: record_id(n) for i, n in con.execute("SELECT id, name FROM documents")}
    stories = {rid[i]: s for i, s in placed.items()}
    sizes = Counter(s for s in placed.values() if s is not None)
    splits = argv[argv.index("--splits") + 1].split(",") if "--splits" in argv else None
    result = {"stories_with_2_or_more": sum(n >= 2 for n in sizes.values()),
              "largest": [n for _, n in sizes.most_common(3)],
              "judged_story_pairs": replay(stories, judged_pairs()),
              "labelled_pairs": labelled(stories, splits)}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if "--write" in argv:
        out = argv[argv.index("--write") + 1]
        con.close()
        shutil.copyfile(argv[0], out)
        with sqlite3.connect(out) as db:
            db.executemany("UPDATE documents SET story_id = ? WHERE id = ?",
                           [(s, i) for i, s in placed.items()])
            db.execute("DELETE FROM stories")
            db.execute("INSERT INTO stories (id, title, first_day, last_day, size) SELECT story_id, "
                       "MIN(COALESCE(title, '')), MIN(published_day), MAX(published_day), COUNT(*) "
                       "FROM documents WHERE story_id IS NOT NULL GROUP BY story_id")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(sys.argv[1:])
