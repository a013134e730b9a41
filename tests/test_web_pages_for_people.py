"""The web app answers a person in a browser with pages (issue 15): an error is a page with its
status, not FastAPI's JSON; a document page names the file it came from without the server's
folders; a crawled title's HTML entities are decoded."""

import json
from pathlib import Path

import pytest

from riwaya.corpus import ingest
from riwaya.store import Store, open_store
from riwaya.web import create_app
from tests.conftest import BACKENDS, new_database
from tests.web_client import BrowserClient

BROWSER = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("private-server-folder")
    records = folder / "crawl.jsonl"
    records.write_text(json.dumps({
        "text": "أعلنت الوزارة مقتل 12 مدنياً في قصف على السوق. وأضافت أن المستشفيات امتلأت بالجرحى.",
        "title": "الوزارة: &#8220;12 قتيلاً&#8221; &amp; عشرات الجرحى", "outlet": "وكالة", "url": "https://example.org/a",
        "published": "2024-03-18"}, ensure_ascii=False) + "\n", encoding="utf-8")
    db = folder / "r.db"
    with Store(str(db)) as store:
        ingest([str(records)], store, workers=1)
        (doc_id,) = [d["id"] for d in store.documents(range(1, 10))]
    return BrowserClient(create_app(str(db))), doc_id, folder


@pytest.mark.parametrize("address, status", [
    ("/stories/abc", 422), ("/documents/abc", 422), ("/no/such/page", 404), ("/stories/999999", 404),
    ("/documents/999999", 404),
])
def test_a_browser_gets_an_error_page_with_its_status(site, address, status):
    client, _, _ = site
    answer = client.get(address, headers=BROWSER)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.text.lstrip().lower().startswith("<!doctype html>") and '"detail"' not in answer.text


def test_the_api_keeps_json_errors(site):
    client, _, _ = site
    answer = client.get("/api/stories/abc")
    assert answer.status_code == 422 and "detail" in answer.json()
    assert client.get("/api/stories/999999").status_code == 404


def test_a_document_page_shows_no_server_folder_and_a_decoded_title(site):
    client, doc_id, folder = site
    page = client.get(f"/documents/{doc_id}", headers=BROWSER).text
    assert "crawl.jsonl:1" in page
    assert str(folder) not in page and "private-server-folder" not in page
    assert "الوزارة: “12 قتيلاً” &amp; عشرات الجرحى" in page  # decoded, then escaped once for HTML
    assert "&amp;#8220;" not in page and "&#8220;" not in page


@pytest.fixture(scope="module", params=BACKENDS)
def searchable(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    records = folder / "many.jsonl"
    lines = []
    for i in range(25):
        lines.append(json.dumps({
            "text": f"أعلن الدفاع المدني انتشال {i + 3} جثث من تحت الأنقاض في الحي رقم {i + 1}، وقالت "
                    f"فرق الإنقاذ إن العمل مستمر في الموقع {i + 100}.",
            "title": f"انتشال جثث في الحي {i + 1}", "outlet": "وكالة أ" if i % 2 else "صحيفة ب",
            "url": f"https://example.org/{i}", "published": f"2024-03-{i + 1:02d}"}, ensure_ascii=False))
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = new_database(request, request.param, folder)
    with open_store(db) as store:
        ingest([str(records)], store, workers=1)
    return BrowserClient(create_app(db))


def test_search_counts_pages_marks_and_narrows(searchable):
    first = searchable.get("/search", params={"q": "الأنقاض"}, headers=BROWSER).text
    assert "25 results — page <bdi class=\"num\">1</bdi> of <bdi class=\"num\">2</bdi>" in first
    assert first.count("<mark>") == 20 and "<mark>الأنقاض</mark>" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = searchable.get("/search", params={"q": "الأنقاض", "page": 2}, headers=BROWSER).text
    assert second.count("<mark>") == 5 and 'rel="prev"' in second and 'rel="next"' not in second
    narrowed = searchable.get("/search", params={"q": "الأنقاض", "outlet": "وكالة أ", "since": "2024-03-10"},
                              headers=BROWSER).text
    # odd i from 9 (published 2024-03-10) to 23: 8 documents of that outlet on or after the day
    assert "8 results</p>" in narrowed and 'rel="next"' not in narrowed
    assert searchable.get("/search", params={"q": "الأنقاض", "since": "10/3/2024"},
                          headers=BROWSER).status_code == 400


def test_a_figure_is_reviewed_from_its_story_page(tmp_path, new_db):
    db = new_db()
    with open_store(db) as store:
        ingest([str(Path(__file__).parent / "data" / "corpus")], store, workers=1)
        story_id = store.stories(limit=1, min_size=5)[0]["id"]
    client = BrowserClient(create_app(db))
    page = client.get(f"/stories/{story_id}", headers=BROWSER).text
    claim = int(page.split('name="claim" value="', 1)[1].split('"', 1)[0])
    answer = client.post("/reviews", data={"claim": claim, "story": story_id, "rating": "Misleading",
                                           "note": "البيان يذكر 8 دبابات", "reviewer": "مكتب التحقق"},
                         headers=BROWSER, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/stories/{story_id}#claim-{claim}"
    after = client.get(f"/stories/{story_id}", headers=BROWSER).text
    assert 'class="tag reviewed" title="البيان يذكر 8 دبابات">Misleading · <bdi>مكتب التحقق</bdi>' in after
    with open_store(db) as store:
        assert [(r["claim_id"], r["rating"]) for r in store.reviews()] == [(claim, "Misleading")]
    refused = client.post("/reviews", data={"claim": 999999, "story": story_id, "rating": "False"},
                          headers=BROWSER)
    assert refused.status_code == 400 and "no claim 999999" in refused.text and str(tmp_path) not in refused.text


def test_a_finding_is_reviewed_from_its_check_page_and_exported(new_db):
    from riwaya.corpus import claim_reviews

    db = new_db()
    client = BrowserClient(create_app(db))
    report = "قال المتحدث باسم الوزارة: «قتل 12 مدنياً في القصف على السوق»."
    source = "بيان صادر عن الوزارة\n\nقتل 15 مدنياً في القصف على السوق الشعبي صباح اليوم."
    link = client.post("/check", data={"report": report, "source": source}, headers=BROWSER,
                       follow_redirects=False).headers["location"]
    page = client.get(link, headers=BROWSER).text
    # a form on each finding, none on the standalone download
    assert page.count('<form method="post" action="' + link + '/reviews">') >= 2
    assert 'name="finding" value="quotes/0"' in page and 'name="finding" value="figures/0"' in page
    assert "<form" not in client.get(f"{link}.html").text
    answer = client.post(f"{link}/reviews", data={"finding": "figures/0", "rating": "False",
                                                  "note": "البيان يقول 15", "reviewer": "مكتب التحقق"},
                         headers=BROWSER, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"{link}#figures-0"
    after = client.get(link, headers=BROWSER).text
    row = after.split('id="figures-0"', 1)[1].split("</tr>", 1)[0]
    assert 'class="tag reviewed" title="البيان يقول 15"><bdi>False</bdi> · <bdi>مكتب التحقق</bdi>' in row
    # exported as the reviews of stored claims are: the report's sentence reviewed, the verdict
    with open_store(db) as store:
        (exported,) = claim_reviews(store)
    assert exported["claimReviewed"] == report and exported["reviewRating"]["alternateName"] == "False"
    assert exported["reviewRating"]["ratingExplanation"] == "البيان يقول 15"
    # a finding the check does not have, an empty verdict, a check that is not there, another site
    for data in ({"finding": "figures/9", "rating": "False"}, {"finding": "quotes/0", "rating": " "},
                 {"finding": "secrets/0", "rating": "False"}):
        assert client.post(f"{link}/reviews", data=data, headers=BROWSER).status_code == 400, data
    assert client.post("/check/nope/reviews", data={"finding": "quotes/0", "rating": "False"},
                       headers=BROWSER).status_code == 404
    assert client.post(f"{link}/reviews", data={"finding": "quotes/0", "rating": "False"},
                       headers={**BROWSER, "sec-fetch-site": "cross-site"}).status_code == 403
