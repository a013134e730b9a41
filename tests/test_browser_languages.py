"""Every page in both languages, in a real browser (issue 15): on an Arabic page no English word
of the interface (the catalogue's English strings) shows outside the documents themselves, and
on an English page no Arabic word of the interface; documents written to break bidi (mixed
directions, override controls, Latin names with Arabic around them) stay inside their isolates
on every page; the seed's check page shows every omission and its legend, at 360 px too.
Screenshots of each page in each language go to tests/artifacts/ (the README's come from there).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import SEED

CHROMIUM = Path("/usr/bin/chromium")
CORPUS = Path(__file__).parent / "data" / "corpus"
ARTIFACTS = Path(__file__).parent / "artifacts"
ROOT = Path(__file__).parents[1]

pytestmark = [pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium not installed (Debian package chromium)"),
              pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")
babel = pytest.importorskip("babel")

# Mixed-direction content as an attacker or a messy feed would write it: a Latin name inside
# Arabic, Arabic inside Latin, numbers and punctuation at the edges, and override controls.
HOSTILE_TITLE = "Reuters: «مقتل 12» (AFP) — 3 قتلى"
HOSTILE_OUTLET = "قناة-Al Hadath-24 (عاجل)"
HOSTILE_TEXT = ("قال مصدر لـ Reuters إن 12 مدنياً قتلوا (12 civilians) في قصف على Idlib-3، "
                "وأضاف: «كان القصف عنيفاً» \u202eمعكوس\u202c.\n\n"
                "وأكد المكتب الإعلامي في Aleppo مقتل 12 مدنياً في القصف.")

# Words our own pages show that are not interface text: the product and format names
NOT_UI = {"riwaya", "json", "jsonl", "warc", "ndjson", "api", "html", "csv", "openapi", "pdf", "ocr", "url",
          "sqlite", "english", "yyyy", "curl", "post", "get", "token"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import uvicorn

    from riwaya.check import check
    from riwaya.check.anatomy import find_embedded_source
    from riwaya.corpus import ingest
    from riwaya.store import Store
    from riwaya.web import create_app

    folder = tmp_path_factory.mktemp("languages")
    db = folder / "r.db"
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "outlet": HOSTILE_OUTLET,
                                   "published": "2024-03-18", "url": "https://example.org/a?x=1"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    with Store(str(db)) as store:
        ingest([str(CORPUS), str(hostile)], store, workers=1)
        hostile_id = next(d["id"] for d in store.documents() if d["title"] == HOSTILE_TITLE)
        checks = {"hostile": store.save_check(check(HOSTILE_TEXT, [HOSTILE_TEXT.split("\n\n")[1]]), HOSTILE_TITLE)}
        if SEED.exists():
            text = SEED.read_text(encoding="utf-8")
            split = find_embedded_source(text)
            checks["seed"] = store.save_check(check(text[slice(*split.report)], [text[slice(*split.source)]]),
                                              "seed")
        story_id = store.stories(limit=1, min_size=5)[0]["id"]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), language="ar"), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "hostile": hostile_id, "checks": checks, "story": story_id}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        yield b
        b.close()


def _pages(site) -> dict[str, str]:
    pages = {"home": "/", "check-form": "/check", "stories": "/stories", "story": f"/stories/{site['story']}",
             "document": f"/documents/{site['hostile']}", "search": "/search?q=مقتل", "api": "/docs",
             "error": "/stories/999999", "upload": "/upload",
             "check-hostile": f"/check/{site['checks']['hostile']}"}
    if "seed" in site["checks"]:
        pages["check-seed"] = f"/check/{site['checks']['seed']}"
    return pages


def _ui_words() -> set[str]:
    """The English words of the interface: every word of the catalogue's English strings."""
    from babel.messages.pofile import read_po

    from riwaya import i18n

    with open(i18n.LOCALES / "ar" / "LC_MESSAGES" / "riwaya.po", "rb") as f:
        catalog = read_po(f)
    words = set()
    for message in catalog:
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            text = re.sub(r"%\(\w+\)[sdr]|\{\w+\}|`[^`]*`|--[\w-]+", " ", text)
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
    return words - NOT_UI


# The page's own words: its text without what comes from documents (isolated in <bdi>, in
# dir=auto blocks, marked search hits, outlet choices), code samples and the language switch.
OWN_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('bdi, [dir=auto], mark, option, code, pre, #language, svg, script, style')
      .forEach(e => e.remove());
  return body.innerText;
}"""


def _open(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    response = page.goto(url)
    assert response is not None
    # measured once the fonts are in: a fallback font's wider glyphs would move the layout
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page, response.status


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_page_speaks_one_language(site, browser, language):
    ui_words = _ui_words()
    assert len(ui_words) > 150  # the catalogue was read
    for name, path in _pages(site).items():
        page, status = _open(browser, f"{site['url']}{path}{'&' if '?' in path else '?'}lang={language}")
        assert status == (404 if name == "error" else 200), name
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("getComputedStyle(document.body).direction") == ("rtl" if language == "ar" else "ltr")
        own = page.evaluate(OWN_TEXT)
        if language == "ar":
            # option names («--max-upload-mb») are the command line's, not words
            words = re.findall(r"[A-Za-z]{4,}", re.sub(r"--[\w-]+", " ", own))
            english = sorted({w.lower() for w in words} & ui_words)
            assert not english, f"{name}: English interface words on the Arabic page: {english}"
        else:
            arabic = re.findall(r"[\u0621-\u064a]{2,}", own.replace("رواية", ""))
            assert not arabic, f"{name}: Arabic interface words on the English page: {arabic[:10]}"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{language}.png"), full_page=False)
        page.close()


# Each piece of the hostile document that a page shows must sit inside an isolate: an element
# that is a <bdi>, or has dir set, or a unicode-bidi of isolate (or plaintext), between the text
# and the line it is set in. Returns the pieces that do not.
UNISOLATED = """(pieces) => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (!pieces.some(p => text.includes(p))) continue;
    let e = node.parentElement, isolated = false;
    while (e && e !== document.body) {
      const style = getComputedStyle(e);
      if (e.tagName === 'BDI' || e.hasAttribute('dir') || /isolate|plaintext/.test(style.unicodeBidi)
          || e.tagName === 'TITLE' || e.tagName === 'OPTION' || e.tagName === 'TEXTAREA') { isolated = true; break; }
      if (style.display === 'block' || style.display === 'table-cell' || style.display === 'list-item') {
        // a block of its own holding only document text is its own paragraph: isolated
        isolated = e.innerText.trim() === text.trim();
        break;
      }
      e = e.parentElement;
    }
    if (!isolated) bad.push(text.slice(0, 60));
  }
  return bad;
}"""


@pytest.mark.parametrize("language", ["ar", "en"])
def test_mixed_direction_content_stays_in_its_isolates(site, browser, language):
    pieces = ["Reuters", "Al Hadath", "Idlib-3", "(AFP)", "example.org"]
    for name, path in _pages(site).items():
        page, _status = _open(browser, f"{site['url']}{path}{'&' if '?' in path else '?'}lang={language}")
        bad = page.evaluate(UNISOLATED, pieces)
        assert not bad, f"{name} ({language}): outside an isolate: {bad}"
        # an override control in a document is shown, never obeyed
        assert "\u202e" not in page.evaluate("document.body.innerText"), name
        page.close()


@pytest.mark.skipif(not SEED.exists(), reason="../shared (the seed) is not available on this machine")
@pytest.mark.parametrize("width", [1280, 360])
def test_the_seed_check_page_shows_every_omission_and_its_legend(site, browser, width):
    from riwaya.check import check
    from riwaya.check.anatomy import find_embedded_source

    text = SEED.read_text(encoding="utf-8")
    split = find_embedded_source(text)
    result = check(text[slice(*split.report)], [text[slice(*split.source)]])
    page, status = _open(browser, f"{site['url']}/check/{site['checks']['seed']}?lang=ar", width)
    assert status == 200
    legend = page.locator("#legend")
    assert legend.is_visible()
    # each verdict of the legend in its own colour, partly supported apart from supported
    colours = {cls: legend.locator(f".{cls}").first.evaluate("e => getComputedStyle(e).backgroundColor")
               for cls in ("s.supported", "s.partial", "s.unsupported", "o", "dropped")}
    assert len(set(colours.values())) == len(colours), colours
    # every omission of the seed is marked in the source pane, visible, in the omission colour
    omitted = page.locator("section.doc .o")
    assert omitted.count() >= len(result["omissions"]) == 8
    shown = {omitted.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(omitted.count())}
    assert shown == {colours["o"]}
    texts = " ".join(omitted.nth(i).inner_text() for i in range(omitted.count()))
    assert all(o["text"].split()[0] in texts for o in result["omissions"])
    # what the report dropped from its first quotation is struck in the source
    dropped = page.locator("section.doc .dropped")
    assert dropped.count() >= 1 and "حيث قتل التنظيم" in " ".join(
        dropped.nth(i).inner_text() for i in range(dropped.count()))
    # the summary leads with what is wrong
    assert page.locator(".summary strong.wrong").is_visible()
    if width == 360:
        # what sticks out, named in the failure
        wide = page.evaluate("""() => [...document.querySelectorAll("*")].map(e => {
            const r = e.getBoundingClientRect(); return [e.tagName + "." + e.className, r.left, r.right];
        }).filter(x => x[1] < -1 || x[2] > 361).slice(0, 10)""")
        assert page.evaluate("document.documentElement.scrollWidth") <= 362, wide
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"check-seed-{width}.png"), full_page=False)
    page.close()
