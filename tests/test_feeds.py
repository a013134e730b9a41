"""RSS and Atom feeds (riwaya ingest --feed, riwaya watch), against a local server the tests
start: two polls that add only the new item, a feed that is down, a feed from a file, a page
that is not a feed, and `watch` polling until told to stop. Articles written for these tests."""

from __future__ import annotations

import json
import threading
from http.server import ThreadingHTTPServer

import pytest

from tests.cli import run_riwaya
from tests.local_http import QuietHandler

ARTICLES = {
    "/news/1.html": ("قصف على ريف إدلب", "قتل ثلاثة مدنيين في قصف مدفعي على بلدة في ريف إدلب الجنوبي صباح اليوم."),
    "/news/2.html": ("نزوح من قرى الحدود", "نزحت نحو مئتي عائلة من قرى الشريط الحدودي خلال اليومين الماضيين."),
    "/news/3.html": ("اتفاق على وقف النار", "أعلنت لجنة التفاوض التوصل إلى اتفاق لوقف إطلاق النار يبدأ منتصف الليل."),
}


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{ARTICLES[p][0]}</title><link>{base}{p}</link>"
                    f"<pubDate>Sun, 01 Mar 2026 0{i}:00:00 +0300</pubDate></item>" for i, p in enumerate(paths))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار الميدان</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


def _atom(paths: list[str]) -> bytes:  # relative links, resolved against the feed's address
    entries = "".join(f'<entry><title>{ARTICLES[p][0]}</title><link href="{p}"/><id>{p}</id>'
                      f"<updated>2026-03-01T10:00:00Z</updated></entry>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>الوكالة</title>{entries}</feed>").encode()


class _Handler(QuietHandler):
    def answer(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            self.send(200, _rss(base, state["listed"]), "application/rss+xml")
        elif self.path == "/growing.xml":  # one more item from its second reading on
            state["growing"] += 1
            paths = ["/news/1.html", "/news/2.html"] + (["/news/3.html"] if state["growing"] > 1 else [])
            self.send(200, _rss(base, paths), "application/rss+xml")
        elif self.path == "/atom.xml":
            self.send(200, _atom(["/news/2.html", "/news/3.html"]), "application/atom+xml")
        elif self.path in ARTICLES:
            title, text = ARTICLES[self.path]
            page = (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
                    f"<h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>")
            self.send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        else:
            self.send(503, b"down for maintenance", "text/plain")


state: dict = {}


@pytest.fixture
def server():
    state.update(listed=["/news/1.html", "/news/2.html"], growing=0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _ingest(db, *args):
    ran = run_riwaya("ingest", *args, "--allow-private", "--db", str(db), "-f", "json", text=True)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def test_a_second_poll_adds_only_the_new_item(server, new_db):
    db = new_db()  # the feeds' items seen are kept in the store: on both backends
    first = _ingest(db, "--feed", f"{server}/feed.xml")
    assert first["added"] == 2 and first["feeds"] == {"feeds": 1, "items": 2, "new": 2, "down": []}
    state["listed"] = ["/news/3.html", "/news/1.html", "/news/2.html"]  # the outlet publishes one more
    second = _ingest(db, "--feed", f"{server}/feed.xml")
    assert second["added"] == 1 and second["feeds"]["new"] == 1 and second["already_stored"] == 0
    third = _ingest(db, "--feed", f"{server}/feed.xml")
    assert third["added"] == 0 and third["feeds"]["new"] == 0 and third["read"] == 0
    # an Atom feed's relative links are the same articles: nothing new
    atom = _ingest(db, "--feed", f"{server}/atom.xml")
    assert atom["feeds"]["items"] == 2 and atom["feeds"]["new"] == 0


def test_a_feed_that_is_down_is_named_and_the_others_are_read(server, tmp_path):
    summary = _ingest(tmp_path / "c.db", "--feed", f"{server}/gone.xml", "--feed", f"{server}/feed.xml")
    assert summary["added"] == 2
    assert summary["unreadable"] == [{"name": f"{server}/gone.xml",
                                      "reason": "the server answered 503 Service Unavailable"}]
    alone = run_riwaya("ingest", "--feed", f"{server}/gone.xml", "--allow-private", "--db",
                       str(tmp_path / "d.db"), text=True)
    assert alone.returncode == 1 and "nothing could be read" in alone.stderr


def test_a_feed_from_a_file_and_a_page_that_is_not_a_feed(server, tmp_path):
    (tmp_path / "feed.xml").write_bytes(_rss(server, ["/news/2.html"]))
    summary = _ingest(tmp_path / "c.db", "--feed", str(tmp_path / "feed.xml"))
    assert summary["added"] == 1
    page = _ingest(tmp_path / "c.db", "--feed", f"{server}/news/1.html", "--feed", f"{server}/feed.xml")
    assert page["unreadable"][0]["name"] == f"{server}/news/1.html"
    assert page["unreadable"][0]["reason"].startswith("not an RSS or Atom feed")


def test_watch_polls_until_told_and_survives_a_feed_that_is_down(server, new_db):
    db = new_db()
    ran = run_riwaya("watch", f"{server}/growing.xml", f"{server}/gone.xml", "--every", "0.2s", "--times", "2",
                     "--allow-private", "--db", str(db), text=True)
    assert ran.returncode == 0, ran.stderr
    polls = ran.stdout.strip().splitlines()
    assert len(polls) == 2
    assert polls[0].endswith("poll 1: feeds: 1 read, 2 items, 2 new, 1 down; 2 added, 0 already stored, "
                             "0 unreadable")
    assert polls[1].endswith("poll 2: feeds: 1 read, 3 items, 1 new, 1 down; 1 added, 0 already stored, "
                             "0 unreadable")
    assert ran.stderr.count(f"{server}/gone.xml is down: the server answered 503") == 2


def test_watch_refuses_a_bad_interval_in_one_line(tmp_path):
    ran = run_riwaya("watch", "feed.xml", "--every", "soon", "--db", str(tmp_path / "x.db"), text=True)
    assert ran.returncode == 1
    assert ran.stderr.strip() == "riwaya: error: --every takes a duration: 30s, 15m, 1h (got 'soon')"
    none = run_riwaya("ingest", "--db", str(tmp_path / "x.db"), text=True)
    assert none.returncode == 1 and "or --feed" in none.stderr
