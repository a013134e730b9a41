"""Stories placed again from the store (benchmarks/story_replay.py) are the ingest's own stories:
the replay reads the features, copy links and template links an ingest stored and places every
document again as the ingest's settle did. Texts written for riwaya (tests/data/corpus), with two cables of one
template and English fillers that make the stream a corpus (more than MIN_DOCS_FOR_EVENTS)."""

import json
import sqlite3
import sys
from pathlib import Path

from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS
from riwaya.corpus import ingest
from riwaya.store import Store

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import story_replay

CORPUS = Path(__file__).parent / "data" / "corpus"
CABLE = (
    "بعث رئيس الدولة برقية تهنئة إلى رئيس {country} بمناسبة ذكرى استقلال بلاده، أعرب فيها عن أصدق "
    "التهاني وأطيب التمنيات بموفور الصحة والسعادة لفخامته، ولشعب {country} الصديق المزيد من التقدم "
    "والازدهار، مؤكدا حرص بلاده على تعزيز العلاقات الثنائية بين البلدين في جميع المجالات."
)


def _groups(story: dict[int, int | None]) -> set[frozenset[int]]:
    out: dict[int, set[int]] = {}
    for doc, s in story.items():
        if s is not None:
            out.setdefault(s, set()).add(doc)
    return {frozenset(g) for g in out.values()}


def test_replayed_stories_are_the_ingests_own(tmp_path):
    stream = tmp_path / "stream.jsonl"
    lines = [line for folder in sorted(CORPUS.iterdir()) if folder.is_dir()
             for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    lines += [json.dumps({"id": f"cable{k}", "text": CABLE.format(country=country), "outlet": f"agency{k}",
                          "published": "2024-06-10T09:00:00"}, ensure_ascii=False)
              for k, country in enumerate(["بوليفيا", "جامايكا"])]
    lines += [json.dumps({"id": f"f{k}", "text": f"Filler item number {k} about topic {k} of the day.",
                          "published": "2024-05-02T10:00:00"}) for k in range(MIN_DOCS_FOR_EVENTS)]
    stream.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store(str(tmp_path / "corpus.db"))
    ingest([str(stream)], store, workers=1)
    store.close()
    con = sqlite3.connect(str(tmp_path / "corpus.db"))
    stored = dict(con.execute("SELECT id, story_id FROM documents").fetchall())
    kinds = dict(con.execute("SELECT kind, COUNT(*) FROM links GROUP BY kind").fetchall())
    assert kinds.get("copies") and kinds.get("template") == 1  # the two cables: one template
    assert len(_groups(stored)) < sum(s is not None for s in stored.values())  # some stories join
    con.close()
    replayed, _seconds = story_replay.place(str(tmp_path / "corpus.db"), str(tmp_path / "replayed.db"))
    assert _groups(replayed) == _groups(stored)
