"""`riwaya check` on the seed: a report on a Jaysh al-Islam statement, then the statement."""

import json

import pytest

from riwaya.check import check
from tests.cli import run_riwaya
from tests.conftest import SEED


@pytest.fixture(scope="module")
def result():
    if not SEED.exists():
        pytest.skip("../shared (the seed) is not available on this machine")
    return check(SEED.read_text(encoding="utf-8"))


def sentence(doc, i):
    s = doc["sentences"][i]
    return doc["text"][s["start"]:s["end"]]


def source_index(result, opening):
    """Index of the statement sentence that starts with ``opening``."""
    src = result["sources"][0]
    (i,) = [i for i in range(len(src["sentences"])) if sentence(src, i).startswith(opening)]
    return i


def test_report_and_statement_are_split_where_the_header_starts(result):
    text = SEED.read_text(encoding="utf-8")
    report, source = result["report"], result["sources"][0]
    assert report["text"].startswith("كشف جيش الإسلام في بيان له اليوم")
    assert report["text"].endswith('محسوبة على الثورة".')
    assert source["text"].startswith("القيادة العامة")
    assert source["text"].endswith("الموفق لـ 1439/08/07")
    assert text[source["start"]:source["end"]] == source["text"]
    assert text[report["start"]:report["end"]] == report["text"]
    assert result["summary"]["source_found"] == "embedded"


def test_statement_header(result):
    header = result["sources"][0]["header"]
    source = result["sources"][0]["text"]
    assert header["issuer"] == "جيش الإسلام"
    assert header["office"] == "القيادة العامة"
    assert header["reference"] == "دع / 852"
    span = header["reference_span"]
    assert source[span["start"]:span["end"]] == "دع / 852"
    assert [(d["calendar"], d["value"], d["gregorian"]) for d in header["dates"]] == [
        ("gregorian", "2018-04-23", "2018-04-23"), ("hijri", "1439-08-07", "2018-04-23")]
    assert header["consistent"] is True


def test_every_report_sentence_aligns_to_the_statement_sentences_it_draws_on(result):
    alignments = result["alignments"]
    assert len(alignments) == 4
    ids = {name: source_index(result, opening) for name, opening in [
        ("after five years", "بعد خمس سنوات"), ("we must show", "وهنا لابد"),
        ("the liberated area", "إن المنطقة المحررة"), ("the bleeding", "إن النزيف المستمر"),
        ("the popular base", "وللأسف كان للحاضنة"), ("given this reality", "ووفق هذا الواقع"),
        ("the Russians insisted", "لقد أصّر الجانب الروسي"), ("it succeeded", "وقد نجح للأسف")]}
    # The opening sentence summarizes the whole statement: it must align, and only to body text.
    assert alignments[0]["verdict"] in ("supported", "partial") and alignments[0]["source_sentences"]
    assert set(alignments[0]["source_sentences"]) <= set(ids.values())
    assert alignments[1]["source_sentences"] == [ids["the liberated area"]]
    assert alignments[2]["source_sentences"] == [ids["the bleeding"], ids["the popular base"]]
    assert alignments[3]["source_sentences"] == [ids["given this reality"], ids["the Russians insisted"],
                                                 ids["it succeeded"]]
    assert [a["verdict"] for a in alignments[1:]] == ["supported"] * 3
    assert result["additions"] == []


def test_both_quotations_are_edited_with_the_changes_listed(result):
    quotes = result["quotes"]
    assert [q["verdict"] for q in quotes] == ["edited", "edited"]
    first, second = quotes
    report, source = result["report"]["text"], result["sources"][0]["text"]
    assert first["text"].startswith("كان لتنظيم الدولة") and second["text"].startswith("قام النظام بمضاعفة")
    subs = {(s["report"], s["source"]) for s in first["edits"]["substitutions"]}
    assert ("الدولة", "داعش") in subs  # the outlet's vocabulary for the statement's
    assert ("ثلاثة", "ثلاث") not in subs  # the same number in another form: a spelling change
    assert [d["text"] for d in first["edits"]["deletions"]] == [
        "حيث قتل التنظيم خلال هجومه على المنطقة مئات من خيرة الثوار"]
    assert [(s["report"], s["source"]) for s in first["edits"]["spelling"]] == [
        ("ثلاثة", "ثلاث"), ("بتواطؤ", "بتواطئ")]
    for change in first["edits"]["substitutions"] + first["edits"]["deletions"]:
        start = change.get("source_start", change.get("start"))
        end = change.get("source_end", change.get("end"))
        assert source[start:end] == change.get("source", change.get("text"))
    assert source[first["source_start"]:first["source_end"]].startswith("كان لتنظيم")
    assert first["speaker"]["text"] == "البيان" and second["speaker"]["text"] == "جيش الإسلام"
    assert report[first["start"]:first["end"]] == first["text"]
    # The second quotation reorders the statement's clauses and drops «وقنوات».
    assert "وقنوات" in [d["text"] for d in second["edits"]["deletions"]]
    assert second["edits"]["moved"]
    assert {(s["report"], s["source"]) for s in second["edits"]["substitutions"]} >= {
        ("والترويج", "بترويج"), ("أقلام", "بأقلام")}


def test_figures_are_consistent(result):
    verdicts = {(f["report"]["text"], f["source"]["text"] if f["source"] else None, f["verdict"])
                for f in result["figures"]}
    assert verdicts == {("ثلاثة سنوات", "ثلاث سنوات", "consistent"), ("1200 مقاتل", "1200 مقاتل", "consistent"),
                        ("8 دبابات", "8 دبابات", "consistent")}


def test_omissions(result):
    omitted = {o["text"] for o in result["omissions"]}
    assert {"ما لا يزيد على 2500 مقاتل", "الفصائل العشرة", "خمس سنوات", "الرائد أحمد المصري"} <= omitted
    assert not {"1200 مقاتل", "8 دبابات", "ثلاث سنوات"} & omitted
    person = next(o for o in result["omissions"] if o["kind"] == "person")
    assert (person["title"], person["name"]) == ("الرائد", "أحمد المصري")


def test_check_command_line_formats(tmp_path):
    if not SEED.exists():
        pytest.skip("../shared (the seed) is not available on this machine")
    run = ["check", str(SEED)]
    proc = run_riwaya(*run, "--format", "json", check=True)
    out = json.loads(proc.stdout)
    assert set(out) >= {"report", "sources", "alignments", "quotes", "figures", "omissions", "summary"}
    assert {"issuer", "reference", "dates"} <= set(out["sources"][0]["header"])
    text = run_riwaya(*run, check=True).stdout.decode()
    # what is wrong leads, before the counts that reassure («4 supported»)
    assert "What is wrong: 2 quotations edited; 8 things the report left out" in text and "دع / 852" in text
    assert text.index("What is wrong") < text.index("Counts: 4 report sentences: 4 supported")
    page = tmp_path / "check.html"
    run_riwaya(*run, "--format", "html", "--output", str(page), check=True)
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'dir="ltr"' in html and "http" not in html.split("<body>")[1]
