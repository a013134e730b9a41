"""Corpus mode on the multi-outlet event sets written for riwaya (tests/data/corpus/*): each
set's copies, stories, cites and figure table are what its expect.yaml says."""

import json
from pathlib import Path

import pytest
import yaml

from riwaya.corpus import ingest, story
from riwaya.lexicon import units
from riwaya.store import Store, open_store
from tests.conftest import BACKENDS, new_database

SETS = sorted(p for p in (Path(__file__).parent / "data" / "corpus").iterdir() if p.is_dir())


def _load(folder: Path, db: str) -> tuple[Store, dict[int, str], dict]:
    store = open_store(db)
    report = ingest([str(folder / "docs.jsonl")], store, workers=1)
    assert not report.unreadable and report.added == report.read
    lines = [json.loads(line) for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = {d["id"]: lines[int(d["name"].rsplit(":", 1)[1]) - 1]["id"] for d in store.documents()}
    return store, ids, yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[(p, b) for b in BACKENDS for p in SETS],
                ids=[f"{b}-{p.name}" for b in BACKENDS for p in SETS])
def event_set(request):
    folder, backend = request.param
    return _load(folder, new_database(request, backend))


def test_there_are_three_sets_of_six_or_more_documents():
    assert len(SETS) >= 3
    for folder in SETS:
        assert len((folder / "docs.jsonl").read_text(encoding="utf-8").splitlines()) >= 6


def test_copies(event_set):
    store, ids, expect = event_set
    got = sorted([ids[ln["source_id"]], ids[ln["target_id"]]] for ln in store.links("copies"))
    assert got == sorted(expect["copies"])


def test_stories(event_set):
    store, ids, expect = event_set
    groups: dict[int, set[str]] = {}
    for d in store.documents():
        groups.setdefault(d["story_id"], set()).add(ids[d["id"]])
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, expect["stories"]))


def test_cites(event_set):
    store, ids, expect = event_set
    got = sorted([ids[ln["source_id"]], ids[ln["target_id"]]] for ln in store.links("cites"))
    assert got == sorted(expect["cites"])


def _unit(unit: str) -> str:
    return units().units[unit].toll_as or unit


def test_figure_table(event_set):
    store, ids, expect = event_set
    statement = next(d for d in store.documents() if ids[d["id"]] == "s1")
    table = story(store, statement["story_id"])["figures"]
    for want in expect["figures"]:
        matching = [g for g in table if g["unit"] == _unit(want["unit"]) and g["event"] == want["event"]
                    and set(want["values"]) <= {ids[v["document"]] for v in g["values"]}]
        assert matching, f"no row for {want['unit']} {want['event']} with {sorted(want['values'])}"
        row = matching[0]
        assert row["conflict"] == want["conflict"], (want, row)
        assert row["status"] == want.get("status", "conflict" if want["conflict"] else row["status"]), (want, row)
        for doc, value in want["values"].items():
            given = [v for v in row["values"] if ids[v["document"]] == doc]
            if isinstance(value, list):  # a range or a vague plural: the ranges must overlap
                assert any(v["low"] <= value[1] and value[0] <= v["high"] for v in given), (doc, value, given)
            else:
                assert any(v["value"] == value for v in given), (doc, value, given)
        if row["status"] != "uncertain" and any(ids[v["document"]] == "s1" for v in row["values"]):
            assert row["best_from"] == "primary"
        if row["status"] != "uncertain":
            assert row["low"] <= row["best"] <= row["high"]
        else:
            assert row["best"] is None
        # Values from copies say what they copy.
        for v in row["values"]:
            if ids[v["document"]].startswith("c"):
                assert v["copy_of"] is not None
