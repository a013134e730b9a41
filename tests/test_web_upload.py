"""Batch upload into the corpus from the web app (issue 15): several files or a ZIP through
POST /api/upload (JSON counts, or a line of JSON per document) and the /upload page (its form
works without the page's script), ingested as `riwaya ingest` ingests them, within the upload
limit and the token, never reading a path a request names."""

import asyncio
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from riwaya.store import open_store
from riwaya.web import create_app
from riwaya.web.upload import Received, Uploads, unique_name
from tests.web_client import BrowserClient

HTML = {"accept": "text/html"}

# Short invented news items, one event each (no real article).
MARKET = ("قال الدفاع المدني في بلدة الزيتونة إن 12 شخصا قتلوا وأصيب 30 آخرون في قصف استهدف السوق الشعبي "
          "صباح الثلاثاء، وإن فرقه ما زالت تبحث عن مفقودين تحت الأنقاض.")
HOSPITAL = ("أعلنت مديرية الصحة في مدينة النخيل وصول 40 جريحا إلى المستشفى الوطني بعد انفجار مخزن للوقود "
            "قرب المرفأ، وناشدت السكان التبرع بالدم.")
BRIDGE = ("افتتحت بلدية وادي الريحان جسرا جديدا فوق النهر بطول 300 متر، وقال رئيس البلدية إن الجسر "
          "يختصر الطريق إلى القرى الشرقية ساعة كاملة.")
FLOOD = ("غمرت السيول 200 منزل في قرية الشاطئ الأبيض بعد أمطار غزيرة استمرت يومين، وأجلت فرق الإنقاذ "
         "أكثر من 500 من السكان إلى مدرسة القرية.")
HARVEST = ("قدرت وزارة الزراعة محصول القمح هذا العام بنحو مليون طن، بزيادة 15 في المئة عن العام الماضي، "
           "بفضل أمطار الشتاء الوفيرة.")
SCHOOL = ("أعادت مديرية التربية فتح 25 مدرسة في ريف المحافظة الشمالي بعد ترميمها، وعاد إليها نحو 6 آلاف "
          "تلميذ صباح الأحد.")


def _zip(members: dict[str, bytes | str]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return data.getvalue()


def _records(*texts: str, outlet: str = "وكالة الأنباء") -> str:
    return "".join(json.dumps({"text": t, "outlet": outlet, "published": f"2024-05-{i + 1:02d}"},
                              ensure_ascii=False) + "\n" for i, t in enumerate(texts))


BATCH = [("files", ("market.txt", MARKET.encode())),
         ("files", ("hospital.txt", HOSPITAL.encode("utf-16"))),  # any encoding, as ingest reads it
         ("files", ("week.zip", _zip({"bridge.txt": BRIDGE, "more/records.jsonl": _records(FLOOD, HARVEST)})))]


@pytest.fixture
def site(new_db) -> tuple[TestClient, str]:
    db = new_db()
    open_store(db).close()
    return BrowserClient(create_app(db)), db


def test_two_text_files_and_a_zip_are_added_and_counted_per_file(site):
    client, db = site
    answer = client.post("/api/upload", files=BATCH)
    assert answer.status_code == 200
    summary = answer.json()
    assert summary["added"] == 5 and summary["already_stored"] == 0 and summary["unreadable"] == []
    assert [(f["name"], f["added"]) for f in summary["files"]] == [
        ("market.txt", 1), ("hospital.txt", 1), ("week.zip", 3)]
    assert summary["totals"]["documents"] == 5 and summary["new_stories"] >= 1
    with open_store(db) as store:
        documents = {d["name"]: d for d in store.documents()}
    assert sorted(documents) == ["hospital.txt", "market.txt", "week.zip!bridge.txt",
                                 "week.zip!more/records.jsonl:1", "week.zip!more/records.jsonl:2"]
    # stored as `riwaya ingest` stores them: each Arabic document placed in a story
    assert all(d["story_id"] is not None for d in documents.values())
    # and found by the site at once
    hits = client.get("/api/search", params={"q": "جسرا جديدا"}).json()["documents"]
    assert [h["document"] for h in hits] == [documents["week.zip!bridge.txt"]["id"]]


def test_the_same_upload_again_adds_nothing(site):
    client, _ = site
    client.post("/api/upload", files=BATCH)
    again = client.post("/api/upload", files=BATCH).json()
    assert again["added"] == 0 and again["already_stored"] == 5
    assert [f["already_stored"] for f in again["files"]] == [1, 1, 3]
    assert again["totals"]["documents"] == 5


def test_a_bad_file_inside_a_zip_is_named_and_the_rest_added(site):
    client, _ = site
    archive = _zip({"good.txt": SCHOOL, "photo.png": b"\x89PNG\r\n\x1a\n", "broken.json": "[{\"text\": ",
                    "lines.jsonl": _records(FLOOD) + "{not json\n"})
    summary = client.post("/api/upload", files=[("files", ("mixed.zip", archive)),
                                                ("files", ("notes.pdf", b"not a pdf"))]).json()
    assert summary["added"] == 2
    mixed, pdf = summary["files"]
    assert mixed["added"] == 2
    reasons = {u["name"]: u["reason"] for u in mixed["unreadable"]}
    assert set(reasons) == {"mixed.zip!photo.png", "mixed.zip!broken.json", "mixed.zip!lines.jsonl:2"}
    assert "not a kind riwaya reads inside a ZIP" in reasons["mixed.zip!photo.png"]
    assert reasons["mixed.zip!lines.jsonl:2"].startswith("not valid JSON")
    assert [u["name"] for u in pdf["unreadable"]] == ["notes.pdf"] and pdf["added"] == 0
    assert len(summary["unreadable"]) == 4


def test_a_document_not_in_arabic_is_added_with_a_warning_on_its_file(site):
    client, _ = site
    english = ("The civil defence said twelve people were killed when shelling hit the market of a small "
               "town on Tuesday morning, and that its teams were still searching the rubble.")
    files = [("files", ("english.txt", english.encode())), ("files", ("market.txt", MARKET.encode()))]
    events = [json.loads(line) for line in client.post(
        "/api/upload", files=files, headers={"accept": "application/x-ndjson"}).text.splitlines()]
    assert events[2] == {"event": "added", "file": 0, "name": "english.txt",
                         "warnings": ["english.txt: not Arabic (detected en)"]}
    done = events[-1]
    assert done["added"] == 2 and done["not_arabic"] == ["english.txt"]
    assert done["files"][0]["not_arabic"] == ["english.txt"] and done["files"][1]["warnings"] == []
    page = client.post("/upload", files=files, headers=HTML).text
    assert "<li><bdi>english.txt: not Arabic (detected en)</bdi></li>" in page
    assert "already stored: 2 · unreadable: 0 · not Arabic: 1" in page


def test_an_upload_over_the_limit_is_refused(tmp_path):
    db = str(tmp_path / "r.db")
    client = BrowserClient(create_app(db, max_upload_mb=0.01))  # 10 KB
    big = (MARKET + "\n").encode() * 40
    assert len(big) > 10 * 1024
    answer = client.post("/api/upload", files=[("files", ("big.txt", big))])
    assert answer.status_code == 413 and "0.01 MB" in answer.json()["error"]
    # sent in chunks, without a length for the guard to read: refused as it is saved
    boundary = "riwaya-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n").encode() + big + f"\r\n--{boundary}--\r\n".encode()
    chunked = client.post("/api/upload", content=iter([body[i:i + 4096] for i in range(0, len(body), 4096)]),
                          headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert "content-length" not in chunked.request.headers
    assert chunked.status_code == 413
    page = client.post("/upload", files=[("files", ("big.txt", big))], headers=HTML)
    assert page.status_code == 413 and "<!doctype html>" in page.text.lower()
    assert open_store(db).counts()["documents"] == 0


def test_a_request_cannot_make_the_server_read_a_path(site, tmp_path):
    client, db = site
    secret = tmp_path / "secret.txt"
    secret.write_text(HARVEST, encoding="utf-8")
    outside = tmp_path / "escaped.txt"
    traversal = "x/" + "../" * 12 + str(outside).lstrip("/")
    summary = client.post(
        "/api/upload",
        data={"path": str(secret), "paths": str(secret), "name": str(secret)},
        files=[("files", (str(secret), SCHOOL.encode())),  # a file name that is a server path
               ("files", ("../../etc/passwd", MARKET.encode())),
               ("files", ("trip.zip", _zip({traversal: FLOOD})))]).json()
    assert summary["added"] == 3
    with open_store(db) as store:
        documents = store.documents()
    # only what was sent is stored, under the file names without their folders
    assert sorted(d["text"] for d in documents) == sorted([SCHOOL, MARKET, FLOOD])
    assert sorted(d["name"] for d in documents) == sorted(["secret.txt", "passwd", f"trip.zip!{traversal}"])
    assert not outside.exists()  # a ZIP member is read inside the archive, never written out
    assert "riwaya-upload-" not in json.dumps(summary)  # nor the server's own temporary folder


def test_the_form_without_script_answers_a_page_of_results(site):
    client, _ = site
    form = client.get("/upload", headers=HTML)
    assert form.status_code == 200
    assert 'action="/upload"' in form.text and 'enctype="multipart/form-data"' in form.text
    assert 'type="file" name="files"' in form.text and "multiple" in form.text
    assert 'href="/upload"' in form.text  # in the site's navigation
    files = [*BATCH, ("files", ("photo.bmp", b"BM not really"))]
    page = client.post("/upload", files=files, headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.count('<tr class="done">') == 4
    for name in ("market.txt", "hospital.txt", "week.zip", "photo.bmp"):
        assert f"<bdi dir=\"ltr\">{name}</bdi>" in html
    assert "Added: 5 · already stored: 0 · unreadable: 1" in html
    assert "Documents in the database: 5" in html
    assert '<td class="count added">3</td>' in html  # the ZIP's three documents
    # and the site counts them (the pages' cache sees the new version of the database)
    assert "<bdi class=\"num\">5</bdi> documents" in client.get("/", headers=HTML).text
    empty = client.post("/upload", files=[("files", ("", b""))], headers=HTML)
    assert empty.status_code == 400 and "choose one or more files" in empty.text


def test_the_pages_see_the_upload_at_once(site):
    client, _ = site
    assert "<bdi class=\"num\">0</bdi> documents" in client.get("/", headers=HTML).text
    assert client.get("/api/stories").json()["stories"] == []
    client.post("/api/upload", files=BATCH)
    assert "<bdi class=\"num\">5</bdi> documents" in client.get("/", headers=HTML).text
    assert client.get("/api/stories").json()["stories"]


def test_a_line_of_json_per_document_as_it_is_stored(site):
    client, _ = site
    answer = client.post("/api/upload", files=BATCH, headers={"accept": "application/x-ndjson"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/x-ndjson")
    events = [json.loads(line) for line in answer.text.splitlines()]
    assert events[0] == {"event": "received", "files": [
        {"name": "market.txt", "bytes": len(MARKET.encode())},
        {"name": "hospital.txt", "bytes": len(HOSPITAL.encode("utf-16"))},
        {"name": "week.zip", "bytes": len(BATCH[2][1][1])}]}
    assert events[1] == {"event": "reading"}
    documents = [(e["event"], e["file"], e["name"]) for e in events[2:-1]]
    assert documents == [("added", 0, "market.txt"), ("added", 1, "hospital.txt"),
                         ("added", 2, "week.zip!bridge.txt"), ("added", 2, "week.zip!more/records.jsonl:1"),
                         ("added", 2, "week.zip!more/records.jsonl:2")]
    assert events[-1]["event"] == "done" and events[-1]["added"] == 5


def test_another_sites_page_cannot_make_a_browser_upload(site):
    client, db = site
    for address in ("/api/upload", "/upload"):
        refused = client.post(address, files=BATCH[:1], headers={"sec-fetch-site": "cross-site"})
        assert refused.status_code == 403
    assert open_store(db).counts()["documents"] == 0
    same = client.post("/api/upload", files=BATCH[:1], headers={"sec-fetch-site": "same-origin"})
    assert same.status_code == 200 and same.json()["added"] == 1


def test_the_token_guards_uploads(tmp_path):
    client = BrowserClient(create_app(str(tmp_path / "r.db"), token="team-secret"))
    assert client.post("/api/upload", files=BATCH[:1]).status_code == 401
    assert client.get("/upload", headers=HTML).status_code == 401
    allowed = client.post("/api/upload", files=BATCH[:1], headers={"authorization": "Bearer team-secret"})
    assert allowed.status_code == 200 and allowed.json()["added"] == 1
    # the page opened once with ?token=…: its cookie lets the page's own requests in
    assert client.get("/upload?token=team-secret", headers=HTML).status_code == 200
    assert client.post("/api/upload", files=BATCH[1:2]).json()["added"] == 1


def _received(texts: dict[str, str]) -> Received:
    received = Received(tempfile.mkdtemp(prefix="riwaya-upload-test-"))
    for i, (name, text) in enumerate(texts.items()):
        path = os.path.join(received.folder, f"{i}.txt")
        Path(path).write_text(text, encoding="utf-8")
        received.paths.append(path)
        received.names.append(name)
        received.sizes.append(len(text.encode()))
    return received


def test_one_ingest_at_a_time_and_the_folder_removed(new_db):
    db = new_db()
    store = open_store(db)
    uploads = Uploads(store)
    first = _received({"a.txt": MARKET})

    async def upload_behind_another() -> list[dict]:
        uploads.lock.acquire()  # another upload is being ingested
        events = uploads.events(first)
        seen = [await anext(events), await anext(events)]
        uploads.lock.release()
        return seen + [e async for e in events]

    events = asyncio.run(upload_behind_another())
    assert [e["event"] for e in events] == ["received", "waiting", "reading", "added", "done"]
    assert not os.path.exists(first.folder)
    assert open_store(db).counts()["documents"] == 1


def test_a_stopping_server_leaves_no_upload_behind(tmp_path):
    db = str(tmp_path / "r.db")
    app = create_app(db)
    with TestClient(app) as client:  # its lifespan: started, then stopped
        uploads = app.state.site.uploads
        assert client.get("/upload", headers=HTML).status_code == 200
        uploads.lock.acquire()  # an ingest is running: this upload waits in its folder
        received = _received({"a.txt": MARKET})

        async def start() -> None:
            events = uploads.events(received)
            assert (await anext(events))["event"] == "received"

        asyncio.run(start())
        assert os.path.exists(received.folder)
    assert not os.path.exists(received.folder)  # removed when the server stopped
    uploads.lock.release()


def test_file_names_are_kept_apart_and_without_folders():
    taken: list[str] = []
    for name in ("C:\\Users\\me\\بيان.pdf", "dir/بيان.pdf", "a.zip", "a.zip!b.txt", "notes", "notes",
                 "\x00\u202e.txt", ""):
        taken.append(unique_name(name, taken))
    assert taken == ["بيان.pdf", "بيان (2).pdf", "a.zip", "(2) a.zip!b.txt", "notes", "notes (2)",
                     ".txt", "upload"]
