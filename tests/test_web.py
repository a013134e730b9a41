"""The web app (riwaya serve) through its HTTP interface: pages, the JSON API, permalinks,
uploads, and safety — everything from documents escaped, upload limits, the optional token."""

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from riwaya.corpus import ingest
from riwaya.store import open_store
from riwaya.web import create_app
from tests.conftest import BACKENDS, new_database
from tests.web_client import BrowserClient

CORPUS = Path(__file__).parent / "data" / "corpus"
READERS = Path(__file__).parent / "data" / "readers"
EXAMPLE = Path(__file__).parents[1] / "examples" / "report_and_statement.txt"
HTML = {"accept": "text/html"}

# What an attacker would put in a document: markup, a script, a javascript: link, and bidi
# overrides that would reorder what a reader sees.
HOSTILE = ('<script>alert("x")</script> <img src=x onerror=alert(1)> '
           '<a href="javascript:alert(2)">رابط</a> \u202eمعكوس\u202c')


@pytest.fixture(scope="module", params=BACKENDS)
def db(request, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("web")
    path = new_database(request, request.param, folder)
    store = open_store(path)
    ingest([str(CORPUS)], store, workers=1)
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({
        "text": f"قتل 5 مدنيين في قصف على بلدة كفرنبل. {HOSTILE}\n\nوقال الدفاع المدني إن «{HOSTILE}».",
        "title": f"عنوان {HOSTILE}", "outlet": f"outlet {HOSTILE}", "url": "javascript:alert(3)",
        "published": "2023-05-14"}, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest([str(hostile)], store, workers=1)
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return BrowserClient(create_app(db))


def _assert_escaped(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "\u202e" not in html  # shown as ⟦U+202E⟧, not obeyed


def test_pages_answer_in_the_language_asked(client):
    # the test server starts in English (RIWAYA_LANG=en, tests/conftest.py); Arabic when asked
    for url in ("/", "/check", "/stories", "/search?q=شيكان"):
        response = client.get(url, headers=HTML)
        assert response.status_code == 200, url
        assert 'lang="en" dir="ltr"' in response.text
        arabic = client.get(url, headers=HTML, params={"lang": "ar"})
        assert arabic.status_code == 200 and '<html lang="ar" dir="rtl">' in arabic.text, url
        assert client.cookies.get("riwaya_lang") == "ar"  # remembered…
        assert '<html lang="ar"' in client.get(url, headers=HTML).text  # …for the next page
        client.cookies.clear()


def test_story_page_has_the_figure_table_with_conflicts_and_copies_collapsed(client):
    stories = client.get("/api/stories", params={"min_size": 5}).json()["stories"]
    assert len(stories) == 3
    page = client.get(f"/stories/{stories[0]['id']}", headers=HTML).text
    assert 'class="conflict"' in page and "tag conflict" in page
    assert "<details class=\"copies\">" in page and re.search(r"<summary>\d+ cop(y|ies)</summary>", page)
    assert "primary" in page


def test_check_form_result_permalink_and_downloads(client):
    report = EXAMPLE.read_text(encoding="utf-8")
    response = client.post("/check", data={"report": report}, follow_redirects=False)
    assert response.status_code == 303
    link = response.headers["location"]
    page = client.get(link, headers=HTML).text
    assert 'id="permalink"' in page and "data-s=" in page
    result = client.get(f"{link}.json").json()
    assert result["quotes"] and result["alignments"]
    standalone = client.get(f"{link}.html")
    assert standalone.headers["content-disposition"].startswith("attachment")
    assert standalone.text.startswith("<!DOCTYPE html>")
    assert client.get("/check/not-a-check", headers=HTML).status_code == 404


def test_check_with_an_uploaded_statement(client):
    report = "أعلنت القيادة العامة لجيش الشمال في بيان أن قواتها سلمت 12 دبابة و30 عربة إلى اللجنة المشتركة."
    files = {"source_file": ("statement.txt", "القيادة العامة لجيش الشمال\nبيان رقم 17\n"
                             "تعلن القيادة العامة أن قواتها سلمت 12 دبابة و30 عربة إلى اللجنة المشتركة صباح اليوم.\n"
                             .encode("cp1256"), "text/plain")}
    response = client.post("/check", data={"report": report}, files=files, follow_redirects=False)
    assert response.status_code == 303
    result = client.get(response.headers["location"] + ".json").json()
    assert {f["verdict"] for f in result["figures"]} == {"consistent"}


def test_api_check_and_extract(client):
    report = EXAMPLE.read_text(encoding="utf-8")
    result = client.post("/api/check", json={"report": report, "sources": []}).json()
    assert {"alignments", "quotes", "figures", "omissions", "summary"} <= set(result)
    extracted = client.post("/api/extract", json={"text": "قتل 5 مدنيين يوم 14 أيار 2023."}).json()
    assert {m["kind"] for m in extracted["mentions"]} >= {"quantity", "date"}
    bad = client.post("/api/check", json={"report": "no Arabic here", "sources": []})
    assert bad.status_code == 400 and "no Arabic" in bad.json()["error"]
    assert client.post("/api/check", json={"sources": []}).status_code == 422


def test_api_stories_story_search_document(client):
    stories = client.get("/api/stories").json()["stories"]
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert {"documents", "figures", "copies", "cites"} <= set(story)
    hits = client.get("/api/search", params={"q": "الكسارة"}).json()["documents"]
    doc = client.get(f"/api/documents/{hits[0]['document']}").json()
    assert doc["text"] and doc["sentences"] and doc["mentions"]
    assert client.get("/api/stories/99999").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "riwaya"
    docs = client.get("/docs", headers=HTML).text  # works offline: no CDN
    assert "POST /api/check" in docs and "GET /api/search" in docs and "cdn" not in docs.lower()


def test_everything_from_documents_is_escaped_on_every_page(client):
    hits = client.get("/api/search", params={"q": "كفرنبل"}).json()["documents"]
    hostile = next(h for h in hits if "عنوان" in (h["title"] or ""))
    pages = ["/", f"/documents/{hostile['document']}", f"/stories/{hostile['story_id']}", "/search?q=كفرنبل",
             "/stories?q=كفرنبل&min_size=1"]
    arabic = "قتل خمسة مدنيين بينهم طفلان في قصف مدفعي على بلدة كفرنبل جنوبي إدلب صباح اليوم. " * 3
    response = client.post("/check", data={"report": f"{arabic}وقال الدفاع المدني في بيان إن «{HOSTILE}». {HOSTILE}",
                                           "source": f"الدفاع المدني\nبيان\n{arabic}{HOSTILE}"},
                           follow_redirects=False)
    pages.append(response.headers["location"])
    for url in pages:
        html = client.get(url, headers=HTML).text
        _assert_escaped(html)
        if url != "/":
            assert "⟦U+202E⟧" in html, url
        assert "&lt;script&gt;" in html or "script" not in html.split("<body>")[1].replace("<script", ""), url


def test_upload_size_limit(db):
    small = BrowserClient(create_app(db, max_upload_mb=0.01))
    response = small.post("/check", data={"report": "قتل 5 مدنيين. " * 2000}, headers=HTML)
    assert response.status_code == 413 and "larger than" in response.text
    api = small.post("/api/check", json={"report": "قتل 5 مدنيين. " * 2000, "sources": []})
    assert api.status_code == 413


def test_only_known_fonts_are_served(client):
    assert client.get("/static/font/../../../etc/passwd").status_code == 404
    assert client.get("/static/font/passwd").status_code == 404


def test_token(db):
    guarded = BrowserClient(create_app(db, token="s3cret"))
    assert guarded.get("/api/stories").status_code == 401
    assert guarded.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = guarded.get("/stories?token=s3cret", headers=HTML, follow_redirects=False)
    assert first.status_code == 303 and "riwaya_token" in first.headers.get("set-cookie", "")
    assert guarded.get("/stories", headers=HTML).status_code == 200  # the cookie now
    other = BrowserClient(create_app(db, token="s3cret"))
    assert other.get("/stories", headers=HTML).status_code == 401


def test_ids_and_page_sizes_out_of_range_are_refused_not_crashes(client):
    huge = 2**63
    for url in (f"/stories/{huge}", f"/documents/{huge}", f"/api/stories/{huge}", f"/api/documents/{huge}",
                "/api/stories?limit=-1", "/api/search?q=قصف&limit=-1", "/api/search?q=قصف&limit=100000",
                "/stories/0", f"/documents/1?against={huge}", "/search?q=قصف&page=0"):
        answer = client.get(url, headers=HTML)
        assert answer.status_code == 422, (url, answer.status_code)
    assert client.get(f"/stories/{huge - 1}", headers=HTML).status_code == 404  # the largest id: looked for
    assert client.post("/reviews", data={"claim": huge, "story": 1, "rating": "False"},
                       headers=HTML).status_code == 422


def test_every_answer_carries_the_security_headers(client):
    for url in ("/", "/api/stories", "/nope", "/check"):
        headers = client.get(url, headers=HTML).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], url
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def _inline_code(html: str) -> list[str]:
    """The handler attributes (onclick=…) and javascript: addresses of a page's markup."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name.startswith("on") or (name in ("href", "src", "action", "formaction")
                                             and (value or "").strip().lower().startswith("javascript:")):
                    found.append(f"<{tag} {name}={value!r}>")

    Attributes().feed(html)
    return found


def test_only_the_pages_own_inline_scripts_may_run(client):
    import base64
    import hashlib
    import re

    report = EXAMPLE.read_text(encoding="utf-8")
    check = client.post("/check", data={"report": report}, follow_redirects=False).headers["location"]
    seen = 0
    for url in ("/", "/upload", check, "/stories", "/search?q=قصف", "/nope"):
        answer = client.get(url, headers=HTML)
        policy = answer.headers["content-security-policy"]
        scripts = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "unsafe-inline" not in scripts and "unsafe-eval" not in scripts, url
        assert not _inline_code(answer.text), url
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", answer.text, re.S):
            if 'type="application/json"' in attributes:  # data, never run
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in scripts, (url, body[:80])
            seen += 1
    assert seen >= 2  # the check page's and the upload page's


def test_a_form_that_changes_data_needs_the_token_of_the_visitors_cookie(db):
    from riwaya.web.forgery import FORM_COOKIE

    report = {"report": "قال الدفاع المدني إن 5 مدنيين قتلوا في القصف على السوق.",
              "source": "قتل 5 مدنيين في القصف على السوق صباح اليوم."}
    plain = TestClient(create_app(db))  # no page seen: no cookie, no token
    refused = plain.post("/check", data=report, headers=HTML)
    assert refused.status_code == 403 and "reload the page" in refused.text
    cookie = refused.headers["set-cookie"].lower()  # every answer hands a first visitor its token
    assert "samesite=strict" in cookie and "httponly" in cookie
    token = plain.cookies[FORM_COOKIE]
    assert f'name="form_token" value="{token}"' in plain.get("/check", headers=HTML).text
    assert plain.post("/check", data={**report, "form_token": token[::-1]}, headers=HTML).status_code == 403
    assert plain.post("/reviews", data={"claim": 1, "story": 1, "rating": "False"}, headers=HTML).status_code == 403
    sent = plain.post("/check", data={**report, "form_token": token}, follow_redirects=False)
    assert sent.status_code == 303
    # the cookie is kept, not changed at every answer
    assert FORM_COOKIE not in plain.get("/", headers=HTML).cookies


def test_a_request_from_another_origin_is_refused_and_scripts_are_let_in(db):
    client = BrowserClient(create_app(db))
    body = {"report": "قال المتحدث: «قتل 12 مدنياً».", "sources": ["قتل 12 مدنياً في القصف."]}
    for origin in ("https://attacker.example", "null", "http://testserver.attacker.example"):
        assert client.post("/api/check", json=body, headers={"origin": origin}).status_code == 403, origin
        assert client.post("/check", data={"report": body["report"]},
                           headers={**HTML, "origin": origin}).status_code == 403, origin
    assert client.post("/api/check", json=body, headers={"origin": "http://testserver"}).status_code == 200
    assert client.post("/api/check", json=body).status_code == 200  # curl sends no Origin


def test_checks_past_the_rate_limit_wait_their_turn(db):
    from riwaya.web.rate import RateLimit

    hurried = BrowserClient(create_app(db, rate_limit=3))
    body = {"report": "قال المتحدث: «قتل 12 مدنياً».", "sources": ["قتل 12 مدنياً في القصف."]}
    assert [hurried.post("/api/check", json=body).status_code for _ in range(3)] == [200] * 3
    for url, kwargs in (("/api/check", {"json": body}), ("/api/extract", {"json": {"text": "قتل 5"}}),
                        ("/check", {"data": {"report": body["report"]}, "headers": HTML})):
        refused = hurried.post(url, **kwargs)
        assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60, url
        assert "--rate-limit" in refused.text
    assert hurried.get("/api/stories").status_code == 200  # reading is not counted

    now = [0.0]
    rate = RateLimit(2, clock=lambda: now[0])
    assert (rate.wait("a"), rate.wait("a"), rate.wait("b")) == (0, 0, 0)
    now[0] = 45.0
    assert rate.wait("a") == 15.0  # the first of the two leaves the window at 60 s
    now[0] = 60.0
    assert rate.wait("a") == 0  # a sliding window: one place free again


def test_the_rate_limit_counts_an_ipv6_network_as_one_client_and_forgets_the_longest_silent():
    from riwaya.web.rate import RateLimit, client_key

    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.7") == client_key("192.0.2.7") == "192.0.2.7"
    now = [0.0]
    rate = RateLimit(2, clock=lambda: now[0], max_clients=3)
    assert (rate.wait("2001:db8:1:2::1"), rate.wait("2001:db8:1:2::2")) == (0, 0)
    assert rate.wait("2001:db8:1:2::3") > 0  # another address of the same /64: the same client
    for k, client in enumerate(["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"]):
        now[0] = 1.0 + k
        assert rate.wait(client) == 0
    assert len(rate) == 3  # the /64, heard from longest ago, was forgotten
    assert rate.wait("2001:db8:1:2::4") == 0
    # a flood of new addresses costs each request one step, not a scan of the table
    flood = RateLimit(2, clock=lambda: now[0], max_clients=1000)
    for k in range(20_000):
        flood.wait(f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}")
    assert len(flood) == 1000


def test_a_local_server_answers_only_to_its_own_names(db):
    local = BrowserClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost", "::1"]))
    assert local.get("/", headers={**HTML, "host": "127.0.0.1:8000"}).status_code == 200
    assert local.get("/", headers={**HTML, "host": "localhost"}).status_code == 200
    assert local.get("/", headers={**HTML, "host": "[::1]:8000"}).status_code == 200
    assert local.get("/", headers={**HTML, "host": "[::1]"}).status_code == 200
    refused = local.get("/api/stories", headers={"host": "attacker.example"})
    assert refused.status_code == 400 and "127.0.0.1" in refused.json()["error"]


def test_the_token_leaves_the_address_for_a_cookie(db):
    guarded = BrowserClient(create_app(db, token="s3cret"))
    assert guarded.get("/", headers=HTML).status_code == 401
    first = guarded.get("/search?q=قصف&token=s3cret", headers=HTML, follow_redirects=False)
    assert first.status_code == 303 and "token" not in first.headers["location"]
    assert first.headers["location"].startswith("/search?q=")
    assert "HttpOnly" in first.headers["set-cookie"] and "Secure" not in first.headers["set-cookie"]
    assert guarded.get(first.headers["location"], headers=HTML).status_code == 200  # the cookie carries it


def test_a_query_counts_each_word_once():
    from riwaya.store.search import MAX_TERMS, fts_query

    assert fts_query("في " * 400) == fts_query("في")
    many = " ".join("م" + a + b for a in "بتثجحخدذرز" for b in "سشصضطظعغفق")  # 100 words, each apart
    assert fts_query(many).count(" AND ") == MAX_TERMS - 1
    assert fts_query('"قصف السوق" قصف "قصف السوق"').count("AND") == 1


def test_a_search_past_its_time_limit_is_stopped_with_a_message(db):
    # a limit of 0 ms stops the query at SQLite's first progress call: the message, not a
    # 500, and not a search that holds the thread for minutes (issue 16: 131 s)
    hasty = BrowserClient(create_app(db, search_time_limit_ms=0))
    for url in ("/api/search", "/search"):
        answer = hasty.get(url, params={"q": "قصف مدنيين"}, headers=HTML)
        assert answer.status_code == 400 and "time limit" in answer.text, (url, answer.status_code)
    assert BrowserClient(create_app(db)).get("/api/search", params={"q": "قصف مدنيين"}).json()["documents"]


def test_a_chunked_body_past_the_limit_is_refused_on_every_route(db):
    small = BrowserClient(create_app(db, max_upload_mb=0.01))  # 10 KB

    def chunks():  # no Content-Length: sent chunked
        for _ in range(100):
            yield b'{"text": "' + "ق".encode() * 500 + b'"}'

    for url in ("/api/extract", "/api/check"):
        answer = small.post(url, content=chunks(), headers={"content-type": "application/json"})
        assert answer.status_code == 413, (url, answer.status_code)

    def form():
        yield b"report="
        for _ in range(100):
            yield "ق".encode() * 500

    answer = small.post("/check", content=form(), headers={**HTML, "content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413 and "0.01 MB" in answer.text
    big = "قتل 5 مدنيين. " * 2000  # 40 KB, with its length said
    assert small.post("/api/extract", json={"text": big}).status_code == 413


def test_a_check_past_its_length_is_a_413(db):
    short = BrowserClient(create_app(db, max_check_chars=2000))
    long_report = "قتل 5 مدنيين في القصف على السوق. " * 100  # 3,400 characters
    answer = short.post("/api/check", json={"report": long_report, "sources": []})
    assert answer.status_code == 413 and "2,000" in answer.json()["error"]
    page = short.post("/check", data={"report": long_report}, headers=HTML)
    assert page.status_code == 413 and "--max-check-chars" in page.text
    assert short.post("/api/check", json={"report": "قال المتحدث: «قتل 12 مدنياً في القصف».",
                                          "sources": ["قتل 12 مدنياً في القصف على السوق."]}).status_code == 200


def test_a_body_that_stops_arriving_ends_in_a_408():
    import asyncio

    from riwaya.web.guard import BodyTimeout

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def whole():
        return {"type": "http.request", "body": b"abc", "more_body": False}

    sent = []

    async def send(message):
        sent.append(message)

    async def run(receive):
        await BodyTimeout(app, seconds=0.2)({"type": "http"}, receive, send)

    asyncio.run(run(whole))
    assert sent[0]["status"] == 200
    calls = iter([{"type": "http.request", "body": b"a", "more_body": True}])

    async def stalls():  # one part, then nothing more
        for message in calls:
            return message
        await asyncio.sleep(10)

    with pytest.raises(Exception) as caught:
        asyncio.run(run(stalls))
    assert getattr(caught.value, "status_code", None) == 408
