"""The web app in a real browser: headless Chromium (Debian's, driven by Playwright).

Pastes the seed's report and statement, sees both quotations marked edited with their changes,
clicks a report sentence and sees its source sentence highlighted, opens a story built from the
multi-outlet fixtures and sees its conflict row. Screenshots go to tests/artifacts/ (ignored
by git; CI keeps them)."""

import contextlib
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("RIWAYA_CHROMIUM", "/usr/bin/chromium")
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_91ee6903be612cb3.txt"
CORPUS = Path(__file__).parent / "data" / "corpus"
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="Chromium not installed (Debian package chromium)"),
              pytest.mark.slow]  # a real browser and server: seconds a test
playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


server_db: dict[str, str] = {}


@contextlib.contextmanager
def _serving(app) -> Iterator[str]:
    """``app`` served by uvicorn in a thread; its address."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from riwaya.corpus import ingest
    from riwaya.store import Store
    from riwaya.web import create_app

    db = tmp_path_factory.mktemp("browser") / "r.db"
    ingest([str(CORPUS)], Store(str(db)), workers=1)
    server_db["path"] = str(db)
    # Arabic, the default a user gets (the test run itself speaks English: tests/conftest.py)
    with _serving(create_app(str(db), language="ar")) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        yield b
        b.close()


def _arabic(code: str, context: str) -> str:
    """What the Arabic page shows for ``code``."""
    from riwaya import i18n
    from riwaya.render.labels import label

    with i18n.speaking("ar"):
        return label(code, context)


def _arabic_message(message: str) -> str:
    from riwaya import i18n

    with i18n.speaking("ar"):
        return i18n._(message)


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds not present")
def test_check_the_seed_in_the_browser(server, browser):
    from riwaya.check.anatomy import find_embedded_source

    text = SEED.read_text(encoding="utf-8")
    split = find_embedded_source(text)
    report, statement = text[slice(*split.report)], text[slice(*split.source)]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/check")
    page.fill("#report", report)
    page.fill("#source", statement)
    page.click("#run-check")
    page.wait_for_selector("#permalink")
    quotes = page.locator("section.findings table").first.locator("tr:has(.tag.edited)")
    assert quotes.count() == 2
    changes = quotes.first.inner_text() + quotes.nth(1).inner_text()
    assert "داعش" in changes and "تنظيم الدولة" in changes
    assert page.locator("del").count() >= 2 and page.locator("ins").count() >= 2
    # Every omission shows in the source pane, whatever the verdict colour of its sentence.
    assert page.locator("#legend").is_visible()
    omitted = page.locator("section.doc .o")
    assert omitted.count() >= 8
    colours = {omitted.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(omitted.count())}
    assert colours == {"rgb(255, 224, 102)"}
    # Click a report sentence: its source sentence lights up.
    sentence = page.locator('#report [data-s^="r"].supported').first
    sentence.click()
    lit = page.locator('[data-s^="s0-"].lit')
    assert lit.count() >= 1
    assert lit.first.is_visible()
    _shot(page, "check")
    # The permalink opens the same result.
    link = page.locator("#permalink").get_attribute("href")
    again = browser.new_page()
    again.goto(f"{server}{link}")
    assert again.locator("tr:has(.tag.edited)").count() == 2
    again.close()
    page.close()


def test_check_two_web_addresses_in_the_browser(browser, tmp_path):
    """The check form takes the report's and the source's addresses (issue 18): the pages are
    fetched by the server (here a local one, so the app is served with allow_private)."""
    from http.server import ThreadingHTTPServer

    from riwaya.web import create_app
    from tests.test_fetch import _Handler

    pages = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    at = f"http://127.0.0.1:{pages.server_address[1]}"
    try:
        with _serving(create_app(str(tmp_path / "u.db"), create=True, language="ar",
                                 allow_private=True)) as address:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(f"{address}/check")
            page.fill("#report-url", f"{at}/report.html")
            page.fill("#source-url", f"{at}/statement.html")
            page.click("#run-check")
            page.wait_for_selector("#permalink")
            assert "كفر نبودة" in page.locator("#report").inner_text()
            assert "بيان رقم 47" in page.locator("section.doc").last.inner_text()
            _shot(page, "check-by-address")
            page.close()
    finally:
        pages.shutdown()


def test_a_story_shows_its_conflict_row(server, browser):
    _the_first_storys_conflict_row(server, browser, "story")


@pytest.fixture(scope="module")
def postgres_server(postgres):
    """The same corpus in a PostgreSQL database of the test run's own server, served."""
    from riwaya.corpus import ingest
    from riwaya.store import open_store
    from riwaya.web import create_app

    url = postgres.new_database()
    with open_store(url) as store:
        ingest([str(CORPUS)], store, workers=1)
    with _serving(create_app(url, language="ar")) as address:
        yield address


def test_serve_a_postgresql_database(postgres_server, browser):
    """`riwaya serve --db postgresql://…` (issue 17): stories, a story's figures and copies,
    search, a document's page, as from SQLite."""
    _the_first_storys_conflict_row(postgres_server, browser, "story-postgres")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{postgres_server}/search?q=شيكان")
    hits = page.locator("table a[href^='/documents/']")
    assert hits.count() >= 2
    hits.first.click()
    page.wait_for_load_state()
    assert "شيكان" in page.locator("body").inner_text()
    page.close()


def _the_first_storys_conflict_row(server: str, browser, shot: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/stories")
    page.click("#stories a >> nth=0")
    page.wait_for_selector("#figures")
    conflict = page.locator("#figures tr.conflict")
    assert conflict.count() >= 1
    assert _arabic("conflict", "status") in conflict.first.inner_text()
    assert page.locator("details.copies").count() >= 1
    # Each figure row says its status, and a figure told at several times draws its timeline:
    # a dot per value, the first outlet to carry a value filled.
    assert page.locator("#figures .tag.conflict, #figures .tag.agree, #figures .tag.updated, "
                        "#figures .tag.uncertain").count() == page.locator("#figures tr[id^=figure-]").count()
    timeline = page.locator("#figures svg.timeline").first
    assert timeline.is_visible()
    assert timeline.locator("circle").count() >= 2 and timeline.locator("circle.first").count() >= 1
    _shot(page, shot)
    page.close()


def test_a_copy_shows_what_it_changed_side_by_side(server, browser):
    from riwaya.store import Store

    # The Daraa fixture's c1 reprints r1 without the group's name that r1 gave the news to.
    link = next(ln for ln in Store(server_db["path"]).links("copies")
                if any(c["kind"] == "attribution_dropped" for c in ln["data"]["changes"]))
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/documents/{link['source_id']}")
    assert page.locator("#copies li").first.inner_text().startswith(_arabic_message("Copies %(document)s (%(outlet)s, %(date)s): %(share)s of the shorter text reused").split("%")[0].strip())
    diff = page.locator("#copy-diff")
    assert diff.is_visible()
    original = page.locator("#original-side")
    dropped = original.locator(".change.attribution_dropped").first
    assert dropped.is_visible() and dropped.get_attribute("title") == _arabic("attribution_dropped", "change")
    assert page.locator("#copy-side .reused").count() >= 1 and original.locator(".reused").count() >= 1
    # Side by side: the two texts start at one height, the copy's to the right (Arabic reads
    # from the right).
    copy_box, original_box = page.locator("#copy-side").bounding_box(), original.bounding_box()
    assert abs(copy_box["y"] - original_box["y"]) < 5 and copy_box["x"] > original_box["x"]
    # The original's page says who copied it and offers the same comparison.
    page.goto(f"{server}/documents/{link['target_id']}")
    assert _arabic_message("Copied by %(document)s (%(outlet)s, %(date)s)").split("%")[0].strip() in page.locator("#copies").inner_text()
    page.click(f"#copies a[href$='against={link['source_id']}']")
    page.wait_for_selector("#copy-diff")
    assert page.locator("#original-side .change.attribution_dropped").count() >= 1
    _shot(page, "copy")
    page.close()


def test_the_check_page_is_readable_on_a_phone(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/check")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.close()


def test_upload_several_files_with_progress_then_find_them(server, browser, tmp_path):
    import zipfile

    from tests.test_web_upload import BRIDGE, FLOOD, HARVEST, HOSPITAL, MARKET, SCHOOL

    (tmp_path / "السوق.txt").write_text(MARKET, encoding="utf-8")
    (tmp_path / "hospital.html").write_text(f"<html><body><h1>الجرحى</h1><p>{HOSPITAL}</p></body></html>",
                                            encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "week.zip", "w") as archive:
        archive.writestr("bridge.txt", BRIDGE)
        archive.writestr("flood.txt", FLOOD)
        archive.writestr("harvest.txt", HARVEST)
        archive.writestr("photo.png", b"\x89PNG\r\n\x1a\n")
    (tmp_path / "school.txt").write_text(SCHOOL, encoding="utf-8")
    files = [tmp_path / n for n in ("السوق.txt", "hospital.html", "week.zip", "school.txt")]
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server}/?lang=en")  # English from here on (a cookie): the test reads its words
    before = int(page.locator("#counts .num").first.inner_text())
    page.click("nav.site a[href='/upload']")
    page.set_input_files("#files", [str(f) for f in files])
    assert page.locator("#results tbody tr").count() == 4  # listed as soon as chosen
    # Every status the page shows, kept: the progress as it goes, not only its end.
    page.evaluate("""() => { window.said = []; new MutationObserver(() =>
        window.said.push(document.getElementById('status').textContent))
        .observe(document.getElementById('status'), {childList: true, characterData: true, subtree: true}); }""")
    page.click("#upload-button")
    # a locator's wait, not a script evaluated in the page: the pages' CSP allows no eval
    page.locator("#status").filter(has_text=re.compile(r"^Done")).wait_for(timeout=60_000)
    said = page.evaluate("window.said")
    assert any(s.startswith("Reading file") for s in said) and said[-1] == "Done. Files: 4"
    assert page.locator("#read-bar").evaluate("e => e.value") == 1
    assert page.locator("#sent-bar").evaluate("e => e.value") == 1
    rows = page.locator("#results tbody tr")
    assert [rows.nth(i).locator("bdi").first.inner_text() for i in range(4)] == [f.name for f in files]
    assert [rows.nth(i).locator("td.added").inner_text() for i in range(4)] == ["1", "1", "3", "1"]
    zipped = rows.nth(2).locator("td.unreadable")
    assert zipped.locator("span.count").inner_text() == "1" and "week.zip!photo.png" in zipped.inner_text()
    assert page.locator("#summary").inner_text().startswith("Added: 6 · already stored: 0 · unreadable: 1")
    assert page.locator("#in-database").inner_text() == f"Documents in the database: {before + 6}"
    # The site has them: the home page's count, and search.
    _shot(page, "upload")
    page.click("#totals a[href='/']")
    assert int(page.locator("#counts .num").first.inner_text()) == before + 6
    page.goto(f"{server}/search?q=" + "جسرا جديدا")
    assert page.locator("#count").inner_text().startswith("1")
    page.close()


def test_upload_past_the_limit_goes_in_several_requests_and_refuses_what_is_too_large(browser, tmp_path):
    from riwaya.web import create_app
    from tests.test_web_upload import BRIDGE, FLOOD, HARVEST, MARKET

    texts = {"a.txt": MARKET, "b.txt": BRIDGE, "c.txt": FLOOD, "d.txt": HARVEST,
             "big.txt": "\n".join([MARKET, BRIDGE, FLOOD, HARVEST] * 4)}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    limit_mb = 0.003  # 3,145 bytes a request: two of the small files (~300 bytes each, framed ~1 KB)
    assert len(texts["big.txt"].encode()) > limit_mb * 2**20
    with _serving(create_app(str(tmp_path / "r.db"), max_upload_mb=limit_mb)) as address:
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/api/upload") else None)
        page.goto(f"{address}/upload")
        page.set_input_files("#files", [str(tmp_path / name) for name in texts])
        page.click("#upload-button")
        page.locator("#status").filter(has_text=re.compile(r"^Done")).wait_for()
        rows = page.locator("#results tbody tr")
        assert [rows.nth(i).get_attribute("class") for i in range(5)] == ["done"] * 4 + ["refused"]
        assert "0.003 MB" in rows.nth(4).locator("td.state").inner_text()
        assert len(requests) == 2  # «a, b» and «c, d»: each within the limit, none refused by the server
        assert page.locator("#summary").inner_text().startswith("Added: 4 · already stored: 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        # the same page in Arabic: right to left, and no wider than the phone
        page.goto(f"{address}/upload?lang=ar")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        page.close()
