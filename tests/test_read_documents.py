"""Readers for every input kind (riwaya.read.iter_documents) and how they fail.

statement.pdf and statement.png were made for riwaya from one Arabic statement written for it
(rendered by Chromium); encrypted.pdf is that PDF under a password (qpdf), damaged.pdf its
first 3,000 bytes."""

import gzip
import io
import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.read import Document, Unreadable, iter_documents
from riwaya.read.pdf import clean_pdf_text
from tests.cli import run_riwaya

DATA = Path(__file__).parent / "data" / "readers"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

HTML = """<html><head><title>مقتل 5 مدنيين - عنب بلدي</title>
<meta property="og:site_name" content="عنب بلدي">
<meta property="article:published_time" content="2023-05-14T09:30:00+03:00">
<link rel="canonical" href="https://example.org/a/1"></head>
<body><nav>الرئيسية | أخبار | رياضة</nav><article><h1>مقتل 5 مدنيين بقصف على إدلب</h1>
<p>إدلب - عنب بلدي</p>
<p>قتل خمسة مدنيين بينهم طفلان في قصف مدفعي لقوات النظام على بلدة كفرنبل جنوبي إدلب، صباح اليوم الأحد، بحسب
ما أفاد به الدفاع المدني السوري في بيان.</p>
<p>وقال الدفاع المدني إن فرقه انتشلت جثث الضحايا وأسعفت ثمانية مصابين إلى المستشفيات القريبة.</p>
</article><footer>جميع الحقوق محفوظة 2023</footer></body></html>"""


def _one(path) -> Document | Unreadable:
    (item,) = list(iter_documents([str(path)]))
    return item


def test_text_in_any_encoding(tmp_path):
    text = "قتل خمسة مدنيين في قصف على بلدة كفرنبل."
    (tmp_path / "a.txt").write_bytes(text.encode("cp1256"))
    doc = _one(tmp_path / "a.txt")
    assert doc.text == text and doc.kind == "txt" and doc.language == "ar"
    assert any("cp1256" in w.lower() or "windows-1256" in w.lower() for w in doc.warnings)


def test_html_main_text_title_date_site_and_url_and_the_dateline(tmp_path):
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    doc = _one(tmp_path / "a.html")
    assert doc.kind == "html"
    assert doc.title == "مقتل 5 مدنيين بقصف على إدلب"
    assert doc.outlet == "عنب بلدي" and doc.url == "https://example.org/a/1"
    assert doc.published.startswith("2023-05-14")
    assert "إدلب - عنب بلدي" in doc.text  # the dateline is kept
    assert "الرئيسية" not in doc.text and "جميع الحقوق" not in doc.text


@needs_pdftotext
def test_pdf_text_in_logical_order_with_its_artifacts_repaired():
    doc = _one(DATA / "statement.pdf")
    assert doc.kind == "pdf"
    assert doc.text.startswith("بسم الله الرحمن الرحيم")  # not «اهلل»
    assert "سلمت 12 دبابة و" in doc.text  # the number keeps its spaces
    # A sentence wrapped by the page layout is one line again.
    assert any(line.startswith("تعلن القيادة العامة") and line.endswith("في مدينة حمص.")
               for line in doc.text.splitlines())
    assert not any("\u202a" <= ch <= "\u202e" for ch in doc.text)


def test_pdf_cleaning_joins_wrapped_lines_but_not_headings():
    raw = ("\u202bالقيادة العامة\u202c\n\u202bبيان رقم \u202a17\u202c\u202c\n"
           "\u202bتعلن القيادة العامة أن قواتها سلمت \u202a 12\u202cدبابة إلى اللجنة المشتركة في\u202c\n"
           "\u202bالمدينة صباح اليوم.\u202c\n")
    assert clean_pdf_text(raw).splitlines() == [
        "القيادة العامة", "بيان رقم 17",
        "تعلن القيادة العامة أن قواتها سلمت 12 دبابة إلى اللجنة المشتركة في المدينة صباح اليوم."]


@needs_pdftotext
def test_encrypted_and_damaged_pdfs_are_reported_by_name():
    encrypted = _one(DATA / "encrypted.pdf")
    damaged = _one(DATA / "damaged.pdf")
    assert isinstance(encrypted, Unreadable) and "encrypted" in encrypted.reason
    assert isinstance(damaged, Unreadable) and "not a readable PDF" in damaged.reason
    assert encrypted.name.endswith("encrypted.pdf")


@needs_tesseract
def test_image_of_a_statement_is_read_by_ocr_with_its_confidence():
    doc = _one(DATA / "statement.png")
    assert doc.kind == "image" and doc.language == "ar"
    assert doc.ocr_confidence is not None and doc.ocr_confidence > 70
    assert "القيادة العامة لجيش الشمال" in doc.text
    assert "1500 مقاتل" in doc.text and "40 حافلة" in doc.text


def test_tesseract_runs_on_one_thread_unless_the_user_sets_a_limit(monkeypatch):
    from riwaya.read import image

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    assert image._one_thread()["OMP_THREAD_LIMIT"] == "1"  # its own default is five times slower
    monkeypatch.setenv("OMP_THREAD_LIMIT", "4")
    assert image._one_thread()["OMP_THREAD_LIMIT"] == "4"
    seen: list[dict[str, str]] = []
    monkeypatch.setattr(image.subprocess, "run", lambda *a, **k: seen.append(k["env"]) or _Ran())
    monkeypatch.setattr(image.shutil, "which", lambda name: "/usr/bin/" + name)
    image.read_image(str(DATA / "statement.png"))
    assert seen[0]["OMP_THREAD_LIMIT"] == "4" and seen[0]["PATH"] == image.os.environ["PATH"]


class _Ran:
    """What subprocess.run gives back, with one word read."""
    returncode = 0
    stderr = b""
    stdout = (b"level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
              b"5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\t\xd8\xa8\xd9\x8a\xd8\xa7\xd9\x86\n")


def _png(width: int, height: int) -> bytes:
    """A white RGB image, written without an imaging library."""
    raw = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@needs_tesseract
def test_an_image_without_text_is_reported(tmp_path):
    (tmp_path / "blank.png").write_bytes(_png(300, 200))
    item = _one(tmp_path / "blank.png")
    assert isinstance(item, Unreadable) and "no text" in item.reason


def _warc(records: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return out.getvalue()


def test_warc_each_html_response_is_a_document(tmp_path):
    other = HTML.replace("كفرنبل", "معرة النعمان").replace("خمسة", "سبعة")
    (tmp_path / "crawl.warc.gz").write_bytes(_warc([("https://example.org/a/1", HTML),
                                                    ("https://example.org/a/2", other)]))
    docs = list(iter_documents([str(tmp_path / "crawl.warc.gz")]))
    assert [d.kind for d in docs] == ["warc", "warc"]
    assert "معرة النعمان" in docs[1].text and docs[0].url == "https://example.org/a/1"


def test_a_truncated_warc_gives_what_it_holds_then_says_where_it_stopped(tmp_path):
    records = [(f"https://example.org/a/{i}", HTML.replace("خمسة", str(i + 5))) for i in range(3)]
    data = _warc(records)
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    items = list(iter_documents([str(tmp_path / "cut.warc.gz")]))
    assert isinstance(items[-1], Unreadable) and "truncated" in items[-1].reason
    assert 1 <= sum(isinstance(i, Document) for i in items) <= 2


def test_jsonl_broken_lines_are_reported_and_the_rest_read(tmp_path):
    lines = [json.dumps({"text": "قتل خمسة مدنيين في قصف على كفرنبل.", "outlet": "enab", "url": "u1",
                         "published": "2023-05-14", "title": "قصف"}, ensure_ascii=False),
             '{"text": "سطر مكسور',
             json.dumps({"title": "بلا نص"}),
             json.dumps({"content": "أعلنت الوزارة خروج 40 حافلة.", "source": "sana"}, ensure_ascii=False)]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents([str(tmp_path / "c.jsonl")]))
    assert [type(i).__name__ for i in items] == ["Document", "Unreadable", "Unreadable", "Document"]
    assert items[1].name.endswith("c.jsonl:2") and "not valid JSON" in items[1].reason
    assert items[0].outlet == "enab" and items[0].published == "2023-05-14"
    assert items[3].outlet == "sana"  # «source» is the outlet, as SaudiNewsNet names it


def test_json_arrays_inside_zip_archives(tmp_path):
    import zipfile

    articles = [{"content": "أعلنت الوزارة خروج 40 حافلة من المدينة.", "source": "was",
                 "date_extracted": "2015-07-21 02:51:32", "title": "خروج"}]
    with zipfile.ZipFile(tmp_path / "day.zip", "w") as z:
        z.writestr("day.json", json.dumps(articles, ensure_ascii=False))
    (doc,) = list(iter_documents([str(tmp_path / "day.zip")]))
    assert doc.kind == "json" and doc.outlet == "was" and doc.published.startswith("2015-07-21")
    assert doc.name.endswith("day.zip!day.json[0]")


def test_gzipped_jsonl(tmp_path):
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": "خروج 40 حافلة."}, ensure_ascii=False) + "\n")
    (doc,) = list(iter_documents([str(tmp_path / "c.jsonl.gz")]))
    assert doc.text == "خروج 40 حافلة."


def test_non_arabic_documents_are_flagged(tmp_path):
    (tmp_path / "en.txt").write_text("Five civilians were killed in shelling on Kafranbel on Sunday.")
    doc = _one(tmp_path / "en.txt")
    assert doc.language == "en" and any("not Arabic" in w for w in doc.warnings)


def test_a_file_too_large_for_one_document_is_reported_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing to read
    item = _one(big)
    assert isinstance(item, Unreadable) and "200 MB" in item.reason


def test_folders_globs_and_missing_paths(tmp_path):
    (tmp_path / "a.txt").write_text("خروج 40 حافلة.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("دخول 12 شاحنة.", encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("ignored in a folder")
    names = [i.name for i in iter_documents([str(tmp_path)])]
    assert names == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "b.txt")]
    assert [i.name for i in iter_documents([str(tmp_path / "*.txt")])] == [str(tmp_path / "a.txt")]
    missing = list(iter_documents([str(tmp_path / "nope.txt"), str(tmp_path / "*.pdf")]))
    assert [type(m).__name__ for m in missing] == ["Unreadable", "Unreadable"]


@needs_pdftotext
def test_check_a_report_against_a_pdf_statement(tmp_path):

    report = tmp_path / "report.txt"
    report.write_text("أعلنت القيادة العامة لجيش الشمال في بيان أن قواتها سلمت 12 دبابة و30 عربة إلى اللجنة "
                      "المشتركة، وأن 1500 مقاتل خرجوا على متن 40 حافلة.\n", encoding="utf-8")
    run = run_riwaya("check", str(report), "--source", str(DATA / "statement.pdf"), "--format", "json",
                     text=True)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)["figures"]
    assert [f["verdict"] for f in figures] == ["consistent"] * 4
    bad = run_riwaya("check", str(report), "--source", str(DATA / "encrypted.pdf"), text=True)
    assert bad.returncode == 1 and "encrypted" in bad.stderr and "Traceback" not in bad.stderr


def test_an_image_too_large_for_ocr_is_refused_before_decoding(tmp_path):
    import struct
    import zlib

    from riwaya.errors import RiwayaError
    from riwaya.read.image import read_image

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    for side in (40_000, 9_000):  # 1.6 billion pixels, 81 million: both past the limit, 190 KB and less
        raw = zlib.compress(b"".join(b"\x00" * (1 + side // 8) for _ in range(side)), 9)
        png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
               + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
        path = tmp_path / f"giant{side}.png"
        path.write_bytes(png)
        with pytest.raises(RiwayaError, match="million pixels"):
            read_image(str(path))


def test_an_archive_that_expands_past_its_limit_stops_there(tmp_path):
    import zipfile

    from riwaya.read.base import Document, Unreadable
    from riwaya.read.records import read_zip

    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(5):  # 5 × 400 KB of text, a few KB compressed
            archive.writestr(f"{i}.txt", f"قتل {i} مدنيين في القصف. " + " " * 400_000)
    read = list(read_zip(str(path), max_bytes=2**20, max_archive_bytes=1_000_000))
    assert [type(r) for r in read] == [Document, Document, Unreadable]
    assert "expands past" in read[-1].reason and read[-1].name.endswith("!2.txt")
    assert len([r for r in read_zip(str(path), max_bytes=2**20) if isinstance(r, Document)]) == 5


def test_html_without_its_cleaner_is_one_unreadable_file(tmp_path, monkeypatch):
    from riwaya.read import html, iter_documents

    page = tmp_path / "a.html"
    page.write_text("<html><body><p>قتل 5 مدنيين في القصف على السوق صباح اليوم.</p></body></html>",
                    encoding="utf-8")
    text = tmp_path / "b.txt"
    text.write_text("قتل 5 مدنيين في القصف على السوق صباح اليوم.", encoding="utf-8")

    def old_pip():  # what lxml raises when an old pip left lxml_html_clean out
        raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.")

    monkeypatch.setattr(html, "_trafilatura", old_pip)
    read = list(iter_documents([str(page), str(text)]))
    assert [type(r).__name__ for r in read] == ["Unreadable", "Document"]
    assert "pip install lxml_html_clean" in read[0].reason


def test_a_plain_warc_cut_mid_record_names_the_record_not_stores_it_cut(tmp_path):
    import gzip

    records = [(f"https://example.org/a/{i}", HTML.replace("خمسة", str(i + 5))) for i in range(3)]
    plain = gzip.decompress(_warc(records))  # the members one after the other: a plain .warc
    (tmp_path / "cut.warc").write_bytes(plain[: len(plain) - 300])  # inside the last record's page
    items = list(iter_documents([str(tmp_path / "cut.warc")]))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Unreadable", "Unreadable"]
    assert items[2].name.endswith("cut.warc#3") and "cut short" in items[2].reason
    assert items[3].reason == "truncated or damaged WARC, stopped after 2 HTML records"
    (tmp_path / "whole.warc").write_bytes(plain)
    assert [type(i).__name__ for i in iter_documents([str(tmp_path / "whole.warc")])] == ["Document"] * 3


def test_what_warcio_says_of_a_damaged_warc_is_caught_and_said_once(tmp_path, capfd):
    import gzip

    plain = gzip.decompress(_warc([(f"https://example.org/a/{i}", HTML) for i in range(3)]))
    # a record's declared length 40 bytes longer than it is: warcio writes an «incorrect
    # record length» warning of several lines to stderr and goes on
    length = plain.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = plain.index(b"\r\n", length)
    damaged = plain[:length] + str(int(plain[length:end]) + 40).encode() + plain[end:]
    (tmp_path / "bad.warc").write_bytes(damaged)
    items = list(iter_documents([str(tmp_path / "bad.warc")]))
    said = [i for i in items if isinstance(i, Unreadable) and "warcio said" in i.reason]
    assert len(said) == 1 and said[0].name.endswith("bad.warc")
    assert capfd.readouterr().err == ""  # nothing leaked past riwaya to the terminal


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=12),
       st.sampled_from(["", " ", "\n", "\t\r\n "]))
def test_a_json_array_read_item_by_item_is_what_json_reads(value, space):
    from riwaya.read.records import _json_items

    text = json.dumps(value, indent=1 if space else None).replace("\n", "\n" + space) + space
    assert list(_json_items(space + text)) == (value if isinstance(value, list) else [value])


def test_a_zip_of_a_version_zipfile_cannot_read_is_named_unreadable(tmp_path):
    """A member whose central-directory record asks for ZIP version 6.4 (zipfile raises
    NotImplementedError while opening the archive; found by fuzzing): one unreadable entry."""
    import zipfile

    path = tmp_path / "new.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "قتل 12 مدنياً في القصف.")
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 6:central + 8] = struct.pack("<H", 64)  # version needed to extract: 6.4
    path.write_bytes(bytes(data))
    (item,) = iter_documents([str(path)])
    assert isinstance(item, Unreadable) and "zip file version 6.4" in item.reason
