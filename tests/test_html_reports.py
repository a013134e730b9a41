"""The standalone HTML reports (`riwaya check --format html`, `riwaya story --format html`),
rendered from the Jinja templates in render/templates: each carries its report's findings,
escapes everything taken from the documents, and links nothing outside itself."""

import html
import re
from pathlib import Path

import pytest

from riwaya.check import check
from riwaya.corpus import ingest, story
from riwaya.render.corpus import story_html
from riwaya.render.html import render_check
from riwaya.render.labels import label
from riwaya.store import Store

CORPUS = Path(__file__).parent / "data" / "corpus"
HOSTILE = '<script>alert("x")</script> \u202eمعكوس\u202c'
SOURCE = """المكتب الإعلامي لمديرية صحة حماة
بيان صحفي

تعلن مديرية صحة حماة أن القصف الذي استهدف بلدة كفرزيتا صباح اليوم أسفر عن مقتل 12 مدنياً بينهم ثلاثة أطفال.
وقد استقبلت مستشفيات المنطقة أكثر من 40 جريحاً نقل عدد منهم إلى مشافي الشمال.
وتدعو المديرية المنظمات الدولية إلى التحرك العاجل لحماية المرافق الطبية.
"""
REPORT = ("أعلنت مديرية صحة حماة مقتل 20 مدنياً بينهم ثلاثة أطفال في قصف على بلدة كفرزيتا صباح اليوم. "
          "وقال البيان: «إن الطيران الروسي استخدم القنابل العنقودية في قصف المشفى الوطني». "
          f"وتشهد المنطقة تصعيداً عسكرياً منذ مطلع الشهر {HOSTILE}.")


def _escaped(page: str) -> None:
    assert "<script>alert" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "⟦U+202E⟧معكوس⟦U+202C⟧" in page


def _self_contained(page: str) -> None:
    """No stylesheet, script, image, font or frame fetched from anywhere, no link out: the page
    works offline and from a file (the SVG namespace is a name, not a link)."""
    markup = re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", page)
    assert not re.search(r"https?://|\bsrc=\"|<link\b|@import|url\(|<iframe|<img\b", markup)
    assert not re.search(r'href="(?!#)', markup)


@pytest.fixture(scope="module")
def result() -> dict:
    return check(REPORT, [SOURCE + f"\n{HOSTILE}"])


def test_the_check_report_has_the_findings(result):
    page = render_check(result, title="riwaya check — report")
    # the tests speak English (tests/conftest.py): the page says so, left to right
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en" dir="ltr">' in page
    killed = next(f for f in result["figures"] if f["report"]["text"] == "20 مدنياً")
    assert killed["verdict"] == "conflict"
    assert re.search(r'<tr id="figures-\d+"><td><span class="tag conflict">conflicts</span></td>'
                     '<td><bdi>20 مدنياً</bdi></td><td><bdi>12 مدنياً</bdi></td></tr>', page)
    assert "<h2>Quotations</h2>" in page
    assert '<span class="tag not_found">not found in the source</span>' in page
    assert "<h2>Added by the report</h2>" in page and "وتشهد المنطقة تصعيداً عسكرياً" in page
    (omission, *_) = result["omissions"]
    assert omission["kind"] == "quantity"
    assert "<h2>Left out by the report</h2>" in page and "<td>quantity</td>" in page
    summary = result["summary"]
    assert f"<bdi>{summary['sentences']} report sentences: " in page
    assert f"<bdi>{summary['omissions']} omissions</bdi> · <bdi>{summary['additions']} additions</bdi>" in page
    # the source's header, once, beside the source's name
    assert page.count("<bdi>المكتب الإعلامي لمديرية صحة حماة</bdi>") == 1
    # every report sentence is a span the script links to its source sentences
    assert all(f'data-s="r{i}"' in page for i in range(len(result["report"]["sentences"])))


def test_the_check_report_escapes_the_input_and_links_nothing_outside(result):
    page = render_check(result, title=f"riwaya check — {HOSTILE}")
    _escaped(page)
    assert page.count("<script") == 2  # the page's own: the link data and the behaviour
    _self_contained(page)


@pytest.fixture(scope="module")
def largest_story() -> dict:
    store = Store(":memory:")
    ingest([str(CORPUS / "yemen_marib_kassara_clashes_2024" / "docs.jsonl")], store, workers=1)
    (top,) = store.stories(limit=1)
    found = story(store, top["id"])
    store.close()
    return found


def test_the_story_page_has_the_figure_table_and_the_documents(largest_story):
    page = story_html(largest_story)
    assert page.startswith("<!doctype html>") and '<html lang="en" dir="ltr">' in page
    assert largest_story["figures"] and "<h2>Figures" in page and "<h2>Documents</h2>" in page
    for g in largest_story["figures"]:
        shown = label(g["status"], "status")
        assert f'id="figure-{g["id"]}"' in page and f'<span class="tag {g["status"]}">{shown}</span>' in page
    if any(g["conflict"] for g in largest_story["figures"]):
        assert 'class="conflict"' in page
    for d in largest_story["documents"]:
        assert html.escape(d["title"] or f"#{d['id']}") in page
    if any(len({p["published"] for p in g.get("timeline") or []}) > 1 for g in largest_story["figures"]):
        assert '<svg class="timeline"' in page


def test_the_story_page_escapes_the_documents_and_links_nothing_outside(largest_story):
    hostile = {**largest_story, "title": HOSTILE,
               "documents": [{**d, "outlet": HOSTILE, "title": HOSTILE} for d in largest_story["documents"]]}
    page = story_html(hostile)
    _escaped(page)
    assert "<script" not in page
    _self_contained(page)


def test_the_check_page_leads_with_what_is_wrong(tmp_path):
    from riwaya.check import check
    from riwaya.render.html import render_check

    report = "قال المتحدث باسم الوزارة: «قتل 12 مدنياً في القصف على السوق»."
    source = "بيان صادر عن الوزارة\n\nقتل 15 مدنياً في القصف على السوق الشعبي صباح اليوم."
    page = render_check(check(report, [source]))
    summary = page.split('class="summary">', 1)[1].split("</div>", 1)[0]
    assert summary.startswith('<strong class="wrong">What is wrong: <bdi>')
    assert summary.index("What is wrong") < summary.index("report sentence")
