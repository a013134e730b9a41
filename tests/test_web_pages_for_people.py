"""The web app answers a person in a browser with pages (issue 15): an error is a page with its
status, not FastAPI's JSON; a document page names the file it came from without the server's
folders; a crawled title's HTML entities are decoded."""

import json

import pytest
from fastapi.testclient import TestClient

from riwaya.corpus import ingest
from riwaya.store import Store
from riwaya.web import create_app

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
    return TestClient(create_app(str(db))), doc_id, folder


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
