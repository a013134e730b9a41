"""Web addresses (riwaya.read.fetch), against a local HTTP server the tests start: an article,
a redirect, a 404, a page too big, a slow page, a scheme that is not http, a private address
refused, and a check of one address against another equal to the check of the same pages read
from files. The pages are the bundled example's report and statement, written as HTML."""

from __future__ import annotations

import io
import json
import shutil
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from riwaya.errors import RiwayaError
from riwaya.read.base import is_url
from riwaya.read.fetch import fetch, read_url
from tests.cli import run_riwaya
from tests.local_http import QuietHandler

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "report_and_statement.txt").read_text(encoding="utf-8").split("\n\n")
READERS = Path(__file__).parent / "data" / "readers"


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><nav>الرئيسية</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
            ).encode()


REPORT = _page("خروج الدفعة الأولى من مهجري كفر نبودة", EXAMPLE[:3])
STATEMENT = _page("بيان الهيئة رقم 47", [p.replace("\n", "<br>") for p in EXAMPLE[3:]])


class _Handler(QuietHandler):
    def answer(self) -> None:
        seen.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/report.html":
            self.send(200, REPORT)
        elif path == "/statement.html":
            self.send(200, STATEMENT)
        elif path == "/statement.pdf":
            self.send(200, (READERS / "statement.pdf").read_bytes(), "application/pdf")
        elif path == "/moved":
            self.send(302, b"", Location="/report.html")
        elif path == "/loop":
            self.send(302, b"", Location="/loop")
        elif path == "/to-a-file":
            self.send(302, b"", Location="file:///etc/passwd")
        elif path == "/big":
            self.send(200, b"x" * 50_000)
        elif path == "/big-unsaid":  # no Content-Length: counted as it comes
            self.send(200, b"x" * 50_000, length=False)
        elif path == "/slow":
            time.sleep(3)
            self.send(200, REPORT)
        elif path == "/trickle":  # a byte at a time, each soon enough, the whole too late
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self.send(404, b"not here")


seen: list[str] = []


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_an_article_is_fetched_and_read_with_where_and_when(server):
    doc = read_url(f"{server}/report.html", allow_private=True)
    assert doc.kind == "html" and "1,350 شخصاً" in doc.text and "الرئيسية" not in doc.text
    assert doc.name == doc.url == f"{server}/report.html"
    fetched = doc.meta["fetched"]
    assert fetched["status"] == 200 and fetched["redirects"] == [] and fetched["fetched_at"].endswith("+00:00")
    assert seen[-1].startswith("riwaya/")  # a user agent that says who fetches


def test_a_redirect_is_followed_and_kept(server):
    doc = read_url(f"{server}/moved", allow_private=True)
    assert doc.url == f"{server}/report.html" and doc.name == f"{server}/moved"
    assert doc.meta["fetched"]["redirects"] == [f"{server}/moved"]


@pytest.mark.parametrize(("path", "options", "message"), [
    ("/missing", {}, "the server answered 404 Not Found"),
    ("/loop", {}, "more than 5 redirects"),
    ("/to-a-file", {}, "only http and https addresses are fetched (file:///etc/passwd)"),
    ("/big", {"max_bytes": 10_000}, "the page is larger than 0 MB"),
    ("/big-unsaid", {"max_bytes": 10_000}, "the page is larger than 0 MB"),
    ("/slow", {"timeout": 1}, "no answer within 1 s"),
    ("/trickle", {"timeout": 1}, "no answer within 1 s"),
])
def test_what_cannot_be_fetched_is_said_in_one_line(server, path, options, message):
    started = time.monotonic()
    with pytest.raises(RiwayaError) as caught:
        fetch(f"{server}{path}", allow_private=True, **options)
    assert str(caught.value) == f"{server}{path}: {message}"
    assert time.monotonic() - started < 2.5  # the slow ones end at their timeout, not the page's


def test_private_and_local_addresses_are_refused_unless_allowed(server):
    for address in (f"{server}/report.html", "http://localhost:9/x", "http://10.1.2.3/x", "http://[::1]/x"):
        with pytest.raises(RiwayaError, match="is a private or local address"):
            fetch(address)
    with pytest.raises(RiwayaError, match="only http and https"):
        fetch("ftp://example.org/x")
    assert is_url("HTTPS://example.org") and not is_url("report.html") and not is_url("http.txt")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_pdf_at_an_address_is_read_as_a_pdf(server):
    doc = read_url(f"{server}/statement.pdf", allow_private=True)
    assert doc.kind == "pdf" and "1500 مقاتل" in doc.text and doc.name == f"{server}/statement.pdf"


def test_a_check_of_two_addresses_equals_the_check_of_the_same_pages_as_files(server, tmp_path):
    (tmp_path / "report.html").write_bytes(REPORT)
    (tmp_path / "statement.html").write_bytes(STATEMENT)
    by_url = run_riwaya("check", f"{server}/report.html", "--source", f"{server}/statement.html",
                        "--allow-private", "-f", "json", text=True)
    by_file = run_riwaya("check", str(tmp_path / "report.html"), "--source", str(tmp_path / "statement.html"),
                         "-f", "json", text=True)
    assert by_url.returncode == by_file.returncode == 0, by_url.stderr + by_file.stderr
    as_files = by_url.stdout.replace(f"{server}/", f"{tmp_path}/")
    assert json.loads(as_files) == json.loads(by_file.stdout)
    assert json.loads(by_url.stdout)["figures"]  # a real check, with figures compared


def test_the_command_line_refuses_a_local_address_in_one_line(server, tmp_path):
    ran = run_riwaya("check", f"{server}/report.html", "--source", f"{server}/statement.html", text=True)
    assert ran.returncode == 1
    assert ran.stderr.strip().splitlines() == [
        f"riwaya: error: {server}/report.html: 127.0.0.1 is a private or local address (127.0.0.1): riwaya "
        "does not fetch those (--allow-private)"]


def test_an_address_is_ingested_with_its_fetch_kept(server, tmp_path):
    from riwaya.store import Store

    db = tmp_path / "c.db"
    ran = run_riwaya("ingest", f"{server}/moved", f"{server}/missing", "--allow-private", "--db", str(db),
                     "-f", "json", text=True)
    assert ran.returncode == 0, ran.stderr
    summary = json.loads(ran.stdout)
    assert summary["added"] == 1 and [u["name"] for u in summary["unreadable"]] == [f"{server}/missing"]
    with Store(str(db)) as store:
        (doc,) = store.documents()
        assert doc["url"] == f"{server}/report.html"
        assert doc["meta"]["fetched"]["redirects"] == [f"{server}/moved"]
        capture = store.capture(doc["id"])
    # the page as it was served, kept: a WARC response record with its headers and bytes
    from warcio.archiveiterator import ArchiveIterator

    records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode(),
                r.content_stream().read()) for r in ArchiveIterator(io.BytesIO(capture["warc"]))]
    assert records == [("response", doc["url"], "200", REPORT)]
    assert capture["fetched_at"] == doc["meta"]["fetched"]["fetched_at"]
    # and the web app gives it from the document's page
    from riwaya.web import create_app
    from tests.web_client import BrowserClient

    web = BrowserClient(create_app(str(db), create=False))
    page = web.get(f"/documents/{doc['id']}", headers={"accept": "text/html"}).text
    assert f'href="/documents/{doc["id"]}/page.warc.gz"' in page
    assert web.get(f"/documents/{doc['id']}/page.warc.gz").content == capture["warc"]


def test_the_web_apps_check_form_takes_addresses(server, tmp_path):
    from riwaya.web import create_app
    from tests.web_client import BrowserClient

    allowed = BrowserClient(create_app(str(tmp_path / "a.db"), create=True, allow_private=True))
    sent = allowed.post("/check", data={"report_url": f"{server}/report.html",
                                        "source_url": f"{server}/statement.html"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    by_url = allowed.get(sent.headers["location"] + ".json").json()
    (tmp_path / "report.html").write_bytes(REPORT)
    (tmp_path / "statement.html").write_bytes(STATEMENT)
    from riwaya.check import check
    from riwaya.read import read_one

    expected = check(read_one(str(tmp_path / "report.html")).text, [read_one(str(tmp_path / "statement.html")).text],
                     report_name="the report", source_names=["the source"])
    assert by_url["figures"] == json.loads(json.dumps(expected["figures"], ensure_ascii=False))
    # by default the app does not fetch from the network it runs in
    refused = BrowserClient(create_app(str(tmp_path / "b.db"), create=True))
    page = refused.post("/check", data={"report_url": f"{server}/report.html"}, headers={"accept": "text/html"})
    assert page.status_code == 400 and "is a private or local address" in page.text
    assert "ftp://x: give an http or https address" in refused.post(
        "/check", data={"report_url": "ftp://x"}, headers={"accept": "text/html"}).text


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_https_checks_the_certificate_of_the_host_asked_for(tmp_path):
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        # a certificate no authority signed: the secure connection is refused, not read
        with pytest.raises(RiwayaError, match=r"the secure connection failed .*CERTIFICATE_VERIFY_FAILED"):
            fetch(f"https://127.0.0.1:{httpd.server_address[1]}/report.html", allow_private=True, timeout=5)
    finally:
        httpd.shutdown()


def test_the_cluster_engine_fetches_on_its_workers_and_refuses_private_addresses_unless_allowed(server, tmp_path):
    pytest.importorskip("distributed")
    from riwaya.corpus.cluster import ingest_on_cluster
    from riwaya.store import Store

    with Store(str(tmp_path / "c.db")) as store:
        refused = ingest_on_cluster([f"{server}/report.html"], store, workers=1, max_bytes=1 << 20)
        assert refused.added == 0 and "private or local address" in refused.unreadable[0].reason
        allowed = ingest_on_cluster([f"{server}/moved"], store, workers=1, max_bytes=1 << 20, allow_private=True)
        assert allowed.added == 1 and not allowed.unreadable
        (doc,) = store.documents()
        assert doc["url"] == f"{server}/report.html" and store.capture(doc["id"]) is not None
