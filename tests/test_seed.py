"""The seed (../shared/seeds): a report on a Jaysh al-Islam statement, then the statement."""

import json

from riwaya.extract import extract
from tests.cli import run_riwaya
from tests.conftest import SEED


def _quantities(result):
    return [m for m in result["mentions"] if m["kind"] == "quantity"]


def test_seed_quantities(seed_text):
    result = extract(seed_text)
    found = {(m["text"], m["value"], m["low"], m["high"], m["qualifier"], m["unit"], m["event"])
             for m in _quantities(result)}
    expected = {
        ("1200 مقاتل", 1200, 1200, 1200, "exact", "fighter", "remaining"),
        ("ما لا يزيد على 2500 مقاتل", 2500, None, 2500, "at_most", "fighter", "remaining"),
        ("8 دبابات", 8, 8, 8, "exact", "tank", "handed_over"),
        ("الفصائل العشرة", 10, 10, 10, "exact", "faction", None),
        ("خمس سنوات", 5, 5, 5, "exact", "year", None),
        ("ثلاث سنوات", 3, 3, 3, "exact", "year", None),
        ("ثلاثة سنوات", 3, 3, 3, "exact", "year", None),  # the report's misspelling
        ("مئات من خيرة الثوار", None, 200, 999, "vague", "fighter", "killed"),
        ("عشرات الكيلو مترات", None, 20, 99, "vague", "kilometre", None),
    }
    assert expected <= found
    # Both the report and the statement give 1200 fighters and 8 tanks.
    texts = [m["text"] for m in _quantities(result)]
    assert texts.count("1200 مقاتل") == 2 and texts.count("8 دبابات") == 2
    # Nothing else is counted: no reference number (دع / 852), no dates, no years.
    assert len(texts) == 11
    for m in result["mentions"]:
        assert seed_text[m["start"]:m["end"]] == m["text"]


def test_seed_dates_are_one_day_in_two_calendars(seed_text):
    dates = [m for m in extract(seed_text)["mentions"] if m["kind"] == "date" and not m.get("relative")]
    assert [(d["text"], d["calendar"], d["value"], d["gregorian"]) for d in dates] == [
        ("2018/04/23", "gregorian", "2018-04-23", "2018-04-23"),
        ("1439/08/07", "hijri", "1439-08-07", "2018-04-23"),
    ]
    assert all(d["consistent"] is True and d["precision"] == "day" for d in dates)
    assert dates[0]["same_day_as"] == {"start": dates[1]["start"], "end": dates[1]["end"]}


def test_seed_through_the_command_line(seed_text):
    proc = run_riwaya("extract", str(SEED), "--format", "json", check=True)
    out = json.loads(proc.stdout)
    assert out["text"] == seed_text
    assert {m["text"] for m in out["mentions"]} >= {"1200 مقاتل", "ما لا يزيد على 2500 مقاتل",
                                                    "الفصائل العشرة", "2018/04/23", "1439/08/07"}
    relative = [m for m in out["mentions"] if m.get("relative")]
    assert [m["text"] for m in relative] == ["اليوم", "اليوم"]
    assert all(m["value"] is None for m in relative)  # no --ref-date: left unresolved
