"""A stored text read again under another name (issue 18): a Telegram forward, a wire text that
another outlet publishes word for word. The document is one (its text's hash); where it was
published again is kept with it as an appearance, shown by `story`, `compare`, the JSON, the
document page and the Parquet export, and known to a feed's poll. The same publication read
from another file (the same outlet, address and date) is no appearance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riwaya.corpus import compare, ingest, story
from riwaya.store import open_store
from tests.cli import run_riwaya

WIRE = ("أعلنت وزارة الصحة في بيان مساء الثلاثاء مقتل 12 مدنيا وإصابة 30 آخرين في قصف استهدف سوقا شعبيا "
        "في مدينة إدلب، مشيرة إلى أن فرق الدفاع المدني ما زالت تبحث عن مفقودين تحت الأنقاض.")
OWN = ("قال مراسلنا في إدلب إن الأسواق أغلقت أبوابها صباح الأربعاء بعد القصف، وإن حركة السير في المدينة "
       "بقيت خفيفة حتى الظهر.")


def _record(outlet: str, number: int, text: str = WIRE, hour: int = 18) -> dict[str, str]:
    return {"id": f"{outlet}-{number}", "outlet": outlet, "published": f"2025-11-04T{hour:02d}:00:00",
            "url": f"https://{outlet}.example/news/{number}", "title": text.split("،")[0][:50], "text": text}


def _jsonl(path: Path, *records: dict[str, str]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_a_text_another_outlet_published_word_for_word_is_kept_with_its_document(new_db, tmp_path):
    first = _jsonl(tmp_path / "agency.jsonl", _record("wire-agency", 1), _record("wire-agency", 2, OWN))
    again = _jsonl(tmp_path / "site.jsonl", _record("city-site", 7, hour=19), _record("city-site", 8, OWN, 20))
    db = new_db()
    with open_store(db) as store:
        ingest([first], store, workers=1)
        report = ingest([again], store, workers=1)
        assert (report.already, report.also_published, report.added) == (2, 2, 0)
        assert report.as_dict()["also_published"] == 2
        docs = {d["url"]: d for d in store.documents()}
        wire = docs["https://wire-agency.example/news/1"]
        (seen,) = store.appearances([wire["id"]])[wire["id"]]
        assert seen == {"name": f"{again}:1", "outlet": "city-site", "url": "https://city-site.example/news/7",
                        "published": "2025-11-04T19:00:00", "meta": {}}
        # the story's JSON (story, compare, the web app) shows it with the document
        shown = story(store, wire["story_id"])
        (doc,) = [d for d in shown["documents"] if d["id"] == wire["id"]]
        assert doc["also_published"] == [seen]
        # a feed's poll knows the address: it is not fetched again
        assert store.known_addresses(["https://city-site.example/news/7", "https://city-site.example/news/9"]) \
            == {"https://city-site.example/news/7"}
        # read again, or read from a copy of the first file: nothing new
        assert ingest([again], store, workers=1).also_published == 0
        moved = tmp_path / "moved"
        moved.mkdir()
        copied = _jsonl(moved / "agency.jsonl", _record("wire-agency", 1))
        assert ingest([copied], store, workers=1).also_published == 0
        assert len(store.appearances([wire["id"]])[wire["id"]]) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_repeats_within_one_ingest_are_kept_whichever_is_read_first(tmp_path, workers):
    path = _jsonl(tmp_path / "mixed.jsonl", _record("city-site", 7, hour=19), _record("wire-agency", 1),
                  _record("third-outlet", 3, hour=21), _record("wire-agency", 2, OWN))
    with open_store(str(tmp_path / "one.db")) as store:
        report = ingest([path], store, workers=workers)
        assert (report.added, report.already, report.also_published) == (2, 2, 2)
        (doc,) = [d for d in store.documents() if d["text"] == WIRE]
        assert doc["outlet"] == "city-site"  # the first read is the document
        assert [a["outlet"] for a in store.appearances([doc["id"]])[doc["id"]]] == ["wire-agency", "third-outlet"]


def test_compare_and_story_show_where_a_text_was_published_again(tmp_path):
    first = _jsonl(tmp_path / "a.jsonl", _record("wire-agency", 1))
    again = _jsonl(tmp_path / "b.jsonl", _record("city-site", 7, hour=19))
    result = compare([first, again])
    (doc,) = result["documents"]
    assert [a["outlet"] for a in doc["also_published"]] == ["city-site"]
    assert [a["outlet"] for a in result["stories"][0]["documents"][0]["also_published"]] == ["city-site"]
    db = str(tmp_path / "c.db")
    run_riwaya("ingest", first, again, "--db", db, check=True)
    shown = run_riwaya("story", "1", "--db", db, text=True, check=True).stdout
    assert "also published: " in shown and "city-site" in shown
    page = run_riwaya("story", "1", "--db", db, "--format", "html", text=True, check=True).stdout
    assert 'class="muted also-published"' in page and "<bdi>city-site</bdi>" in page
    said = run_riwaya("ingest", again, "--db", db, "--format", "json", text=True, check=True).stdout
    assert json.loads(said)["also_published"] == 0
