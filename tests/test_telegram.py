"""Telegram Desktop exports (riwaya.read.telegram): a channel's «Export chat history» in
machine-readable JSON, built here in the export's own format (result.json beside photos/ and
files/) from Arabic messages written for these tests; the statement photo and PDF are the
readers' fixtures (tests/data/readers)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from riwaya.read import Document, Unreadable, iter_documents
from riwaya.read.telegram import local_time, message_text

READERS = Path(__file__).parent / "data" / "readers"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

# 2026-03-01 10:00 in Damascus (UTC+3), as Telegram Desktop writes it: local time and Unix time.
T0 = 1772348400
CHANNEL = "المرصد الميداني"


def _when(seconds: int) -> dict[str, str]:
    import datetime as dt

    local = dt.datetime.fromtimestamp(T0 + seconds, dt.UTC) + dt.timedelta(hours=3)
    return {"date": local.strftime("%Y-%m-%dT%H:%M:%S"), "date_unixtime": str(T0 + seconds)}


def _message(number: int, seconds: int, entities: list[dict[str, str]], **extra) -> dict:
    text = [e["text"] if e["type"] == "plain" else dict(e) for e in entities]
    return {"id": number, "type": "message", **_when(seconds), "from": CHANNEL,
            "from_id": "channel1700000001", "text": text if len(text) != 1 or entities[0]["type"] != "plain"
            else entities[0]["text"], "text_entities": entities, **extra}


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain", "text": text}


def channel_export(folder: Path) -> Path:
    """A public channel's export: a service message, entities, a forward, a reply, an edit, an
    album of two photos with its caption, a PDF statement, a photo not exported, self-links."""
    (folder / "photos").mkdir(parents=True)
    (folder / "files").mkdir()
    shutil.copy(READERS / "statement.png", folder / "photos" / "photo_1@01-03-2026_10-10-00.jpg")
    shutil.copy(READERS / "statement.png", folder / "photos" / "photo_2@01-03-2026_10-10-00.jpg")
    shutil.copy(READERS / "statement.pdf", folder / "files" / "bayan.pdf")
    messages = [
        {"id": 1, "type": "service", **_when(0), "actor": CHANNEL, "actor_id": "channel1700000001",
         "action": "create_channel", "title": CHANNEL, "text": "", "text_entities": []},
        _message(2, 60, [_plain("قصف مدفعي على "), {"type": "bold", "text": "ريف حماة الشمالي"},
                         _plain(" أسفر عن مقتل 4 مدنيين. "), {"type": "hashtag", "text": "#حماة"},
                         _plain(" "), {"type": "link", "text": "https://t.me/field_monitor/2"}]),
        _message(3, 120, [_plain("وزارة الصحة: ارتفاع حصيلة القصف إلى 6 قتلى و11 جريحا.")],
                 forwarded_from="وكالة الأنباء المحلية"),
        _message(4, 180, [_plain("تحديث: ارتفاع عدد الجرحى إلى 14 جريحا بحسب الدفاع المدني.")],
                 reply_to_message_id=3, edited=_when(900)["date"], edited_unixtime=_when(900)["date_unixtime"]),
        _message(5, 600, [_plain("بيان القيادة العامة حول خروج المقاتلين، "),
                          {"type": "text_link", "text": "التفاصيل", "href": "https://t.me/field_monitor/4"}],
                 photo="photos/photo_1@01-03-2026_10-10-00.jpg", width=800, height=1100),
        _message(6, 600, [], photo="photos/photo_2@01-03-2026_10-10-00.jpg", width=800, height=1100),
        _message(7, 900, [_plain("نص البيان كاملا في الملف المرفق.")], file="files/bayan.pdf",
                 mime_type="application/pdf"),
        _message(8, 1200, [], photo="(File not included. Change data exporting settings to download.)",
                 width=800, height=600),
        {"id": 9, "type": "service", **_when(1300), "actor": CHANNEL, "actor_id": "channel1700000001",
         "action": "pin_message", "message_id": 7, "text": "", "text_entities": []},
    ]
    export = folder / "result.json"
    export.write_text(json.dumps({"name": CHANNEL, "type": "public_channel", "id": 1700000001,
                                  "messages": messages}, ensure_ascii=False, indent=1), encoding="utf-8")
    return export


def _by_name(items) -> dict[str, Document | Unreadable]:
    return {item.name: item for item in items}


def _read(path: Path) -> list[Document | Unreadable]:
    return list(iter_documents([str(path)], language_check=False))


def test_each_message_with_text_is_a_document_with_the_channel_as_outlet(tmp_path):
    export = channel_export(tmp_path / "export")
    docs = _by_name(_read(export))
    messages = {n: d for n, d in docs.items() if isinstance(d, Document) and d.kind == "telegram"}
    assert sorted(messages) == [f"{export}#{n}" for n in (2, 3, 4, 5, 7)]
    first = messages[f"{export}#2"]
    # the text built from its entities: plain, bold, hashtag and link, in order
    assert first.text == ("قصف مدفعي على ريف حماة الشمالي أسفر عن مقتل 4 مدنيين. #حماة "
                          "https://t.me/field_monitor/2")
    assert first.outlet == CHANNEL
    assert first.published == "2026-03-01T10:01:00+03:00"  # the export's time zone, kept
    # the channel's posts link its own posts: its address is known, each message has its URL
    assert first.url == "https://t.me/field_monitor/2"
    assert first.meta["telegram"] == {"chat": CHANNEL, "chat_id": 1700000001, "message_id": 2}


def test_forwards_replies_edits_and_albums_are_kept(tmp_path):
    export = channel_export(tmp_path / "export")
    docs = _by_name(_read(export))
    assert docs[f"{export}#3"].meta["telegram"]["forwarded_from"] == "وكالة الأنباء المحلية"
    reply = docs[f"{export}#4"].meta["telegram"]
    assert reply["reply_to"] == 3 and reply["edited"] == "2026-03-01T10:15:00+03:00"
    # an album of two photos is one message document, with the caption, named by its first
    album = docs[f"{export}#5"]
    assert album.meta["telegram"]["album"] == [5, 6]
    assert album.text == "بيان القيادة العامة حول خروج المقاتلين، التفاصيل"
    assert f"{export}#6" not in docs


def test_service_empty_and_unexported_messages_are_skipped_and_counted(tmp_path):
    export = channel_export(tmp_path / "export")
    items = _read(export)
    warnings = [w for item in items if isinstance(item, Document) for w in item.warnings]
    assert f"{export}: 2 service messages and 1 messages without text skipped" in warnings
    assert any("1 photos or files were not in the export" in w for w in warnings)
    assert not [i for i in items if isinstance(i, Unreadable)]


@needs_tesseract
@needs_pdftotext
def test_statement_photos_and_pdfs_are_read_and_attached_to_their_message(tmp_path):
    export = channel_export(tmp_path / "export")
    docs = _by_name(_read(export))
    photo = docs[f"{export}#5/photos/photo_1@01-03-2026_10-10-00.jpg"]
    assert photo.kind == "image" and "القيادة العامة لجيش الشمال" in photo.text
    assert photo.meta["telegram"]["attached_to"] == f"{export}#5"
    assert photo.outlet == CHANNEL and photo.url == "https://t.me/field_monitor/5"
    assert f"{export}#5/photos/photo_2@01-03-2026_10-10-00.jpg" in docs  # the album's second photo
    pdf = docs[f"{export}#7/files/bayan.pdf"]
    assert pdf.kind == "pdf" and "1500 مقاتل" in pdf.text
    assert pdf.meta["telegram"] == {"chat": CHANNEL, "chat_id": 1700000001, "message_id": 7,
                                    "attached_to": f"{export}#7"}


def test_a_folder_or_a_zip_of_the_export_gives_the_same_documents(tmp_path):
    folder = tmp_path / "export"
    export = channel_export(folder)
    (tmp_path / "notes.txt").write_text("ملاحظات المحرر حول التغطية اليومية للأحداث.", encoding="utf-8")
    alone = _read(export)
    # the folder: result.json reads its photos and files, which are not read again on their own
    in_folder = _read(tmp_path)
    assert [i.name for i in in_folder] == [i.name for i in alone] + [str(tmp_path / "notes.txt")]
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, "ChatExport_2026-03-01/" + path.relative_to(folder).as_posix())
    zipped = _read(archive)
    prefix = f"{archive}!ChatExport_2026-03-01/result.json"
    assert [i.name.replace(prefix, str(export)) for i in zipped] == [i.name for i in alone]
    assert [(i.text, i.kind, i.url, i.published) for i in zipped if isinstance(i, Document)] == \
        [(i.text, i.kind, i.url, i.published) for i in alone if isinstance(i, Document)]


def test_a_broken_export_is_named_in_one_clear_line(tmp_path):
    broken = tmp_path / "result.json"
    broken.write_text('{\n "name": "قناة",\n "type": "public_channel",\n "id": 5,\n "messages": [\n'
                      '  {"id": 1, "type": "message", "text": "خبر"', encoding="utf-8")
    (item,) = _read(broken)
    assert isinstance(item, Unreadable) and item.name == str(broken)
    assert item.reason.startswith("a broken Telegram export (")
    not_a_list = tmp_path / "other" / "result.json"
    not_a_list.parent.mkdir()
    not_a_list.write_text('{"name": "قناة", "type": "private_channel", "id": 5, "messages": [], "x": 1}',
                          encoding="utf-8")
    (item,) = _read(not_a_list)
    assert isinstance(item, Unreadable) and "no message that has text" in item.reason


def test_an_account_export_names_each_chat_and_a_file_outside_it_is_not_read(tmp_path):
    secret = tmp_path / "secret.png"
    shutil.copy(READERS / "statement.png", secret)
    chat = {"name": "قناة البيانات", "type": "private_channel", "id": 77, "messages": [
        _message(1, 0, [_plain("بيان صادر عن المكتب الإعلامي حول الاشتباكات.")]),
        _message(2, 60, [_plain("صورة البيان")], photo="../../secret.png")]}
    group = {"name": "مجموعة المحررين", "type": "private_supergroup", "id": 88, "messages": [
        _message(5, 0, [_plain("هل تأكد أحد من عدد النازحين؟")])]}
    account = {"about": "Here is the data you requested.", "personal_information": {"user_id": 1},
               "chats": {"about": "", "list": [chat, group]}}
    export = tmp_path / "export" / "result.json"
    export.parent.mkdir()
    export.write_text(json.dumps(account, ensure_ascii=False), encoding="utf-8")
    items = _by_name(_read(export))
    assert items[f"{export}#77#1"].outlet == "قناة البيانات"
    assert items[f"{export}#77#1"].url is None  # a private channel has no public address
    assert items[f"{export}#88#5"].outlet == "مجموعة المحررين"
    outside = items[f"{export}#77#2/../../secret.png"]
    assert isinstance(outside, Unreadable) and "does not hold it" in outside.reason


def test_a_public_channel_without_its_address_gets_no_urls_and_says_so(tmp_path):
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"name": "قناة عامة", "type": "public_channel", "id": 9, "messages": [
        _message(1, 0, [_plain("خبر عاجل عن اشتباكات في المدينة.")])]}, ensure_ascii=False), encoding="utf-8")
    (doc,) = _read(export)
    assert doc.url is None
    assert any("t.me address the export does not give" in w for w in doc.warnings)


def test_local_time_keeps_the_exports_offset():
    assert local_time({"date": "2026-03-01T10:00:00", "date_unixtime": str(T0)}) == "2026-03-01T10:00:00+03:00"
    west = {"date": "2026-03-01T02:00:00", "date_unixtime": str(T0)}  # 07:00 UTC in New York
    assert local_time(west) == "2026-03-01T02:00:00-05:00"
    assert local_time({"date": "2026-03-01T10:00:00"}) == "2026-03-01T10:00:00"
    assert local_time({"date": "2026-03-01T10:00:00", "date_unixtime": "0"}) == "2026-03-01T10:00:00"
    assert local_time({}) is None


def test_message_text_from_entities_or_text():
    assert message_text({"text": "نص"}) == "نص"
    assert message_text({"text": ["أ ", {"type": "bold", "text": "ب"}]}) == "أ ب"
    assert message_text({"text": "قديم", "text_entities": [{"type": "plain", "text": "جديد"}]}) == "جديد"
    assert message_text({}) == ""


def test_an_ingested_export_keeps_what_telegram_says_of_each_message(tmp_path, new_db):
    from riwaya.corpus import ingest
    from riwaya.store import open_store

    export = channel_export(tmp_path / "export")
    with open_store(new_db()) as store:
        report = ingest([str(export)], store, workers=0)
        assert not report.unreadable
        # counted before the first document is read, so that the ingest's report has them
        assert f"{export}: 2 service messages and 1 messages without text skipped" in report.warnings
        stored = {d["name"]: d for d in store.documents()}
        forward = stored[f"{export}#3"]
        assert forward["kind"] == "telegram" and forward["outlet"] == CHANNEL
        assert forward["meta"]["telegram"]["forwarded_from"] == "وكالة الأنباء المحلية"
        assert forward["url"] == "https://t.me/field_monitor/3"
        assert forward["published"] == "2026-03-01T10:02:00+03:00"
        assert stored[f"{export}#5"]["meta"]["telegram"]["album"] == [5, 6]
        photos = [d for d in stored.values() if d["kind"] == "image"]
        assert all(d["meta"]["telegram"]["attached_to"] == f"{export}#5" for d in photos)


def test_a_zipped_export_is_read_within_the_archives_limits(tmp_path):
    from riwaya.read.records import read_zip

    export = tmp_path / "result.json"
    export.write_text(json.dumps({"name": "قناة", "type": "private_channel", "id": 3, "messages": [
        _message(1, 0, [_plain("بيان مصور عن الاشتباكات في المدينة.")], photo="photos/big.jpg")]},
        ensure_ascii=False), encoding="utf-8")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(export, "result.json")
        z.writestr("photos/big.jpg", b"\0" * 200_000)  # compresses to almost nothing
    read = lambda path, kind: pytest.fail("an attachment past the limit was written out")  # noqa: E731
    items = _by_name(read_zip(str(archive), max_bytes=100_000, read_attachment=read))
    big = items[f"{archive}!result.json#1/photos/big.jpg"]
    assert isinstance(big, Unreadable) and "larger than the 0 MB" in big.reason
    assert isinstance(items[f"{archive}!result.json#1"], Document)
    # the export's photos and files count toward what the archive may expand to, before any is read
    (item,) = read_zip(str(archive), max_bytes=100_000, max_archive_bytes=150_000, read_attachment=read)
    assert isinstance(item, Unreadable) and "expands past" in item.reason


AGENCY = "وكالة الأنباء المحلية"


def agency_export(folder: Path) -> Path:
    """The channel message 3 of the monitor's export was forwarded from: the same text, posted
    there first, with its own address."""
    folder.mkdir(parents=True)
    export = folder / "result.json"
    message = _message(41, 100, [_plain("وزارة الصحة: ارتفاع حصيلة القصف إلى 6 قتلى و11 جريحا.")])
    message.update(**{"from": AGENCY, "from_id": "channel1700000002"})
    own = [_message(42, 130, [_plain("مراسلنا: هدوء حذر في ريف حماة بعد القصف. "),
                              {"type": "link", "text": "https://t.me/local_agency/41"}]),
           _message(43, 160, [_plain("تابعوا تغطيتنا: "), {"type": "link", "text": "https://t.me/local_agency/42"}])]
    export.write_text(json.dumps({"name": AGENCY, "type": "public_channel", "id": 1700000002,
                                  "messages": [message, *own]}, ensure_ascii=False), encoding="utf-8")
    return export


@pytest.mark.parametrize("agency_first", [True, False], ids=["original-first", "forward-first"])
def test_a_forward_of_a_stored_message_is_kept_with_it_and_shown(tmp_path, new_db, agency_first):
    """A forward is the original's text: one document, and the forward (or the original, when
    the forward was read first) kept with it as where it appeared again, on its page too."""
    from riwaya.corpus import ingest
    from riwaya.store import open_store
    from riwaya.web import create_app
    from tests.web_client import BrowserClient

    monitor, agency = channel_export(tmp_path / "monitor"), agency_export(tmp_path / "agency")
    first, then = (agency, monitor) if agency_first else (monitor, agency)
    db = new_db()
    with open_store(db) as store:
        ingest([str(first)], store, workers=0)
        report = ingest([str(then)], store, workers=0)
        assert report.also_published == 1  # (the album's second photo, the same image, is no appearance)
        (doc,) = [d for d in store.documents() if "6 قتلى" in d["text"]]
        (again,) = store.appearances([doc["id"]])[doc["id"]]
        forward_name, original_name = f"{monitor}#3", f"{agency}#41"
        if agency_first:
            assert (doc["name"], doc["outlet"], doc["url"]) == (original_name, AGENCY, "https://t.me/local_agency/41")
            assert (again["name"], again["outlet"], again["url"]) == (forward_name, CHANNEL,
                                                                      "https://t.me/field_monitor/3")
            assert again["meta"]["telegram"]["forwarded_from"] == AGENCY
            assert again["published"] == "2026-03-01T10:02:00+03:00"
        else:
            assert doc["name"] == forward_name and doc["meta"]["telegram"]["forwarded_from"] == AGENCY
            assert (again["name"], again["outlet"]) == (original_name, AGENCY)
            assert "forwarded_from" not in again["meta"]["telegram"]
        # read again: nothing new
        assert ingest([str(monitor), str(agency)], store, workers=0).also_published == 0
        assert len(store.appearances([doc["id"]])[doc["id"]]) == 1
    page = BrowserClient(create_app(db, create=False)).get(f"/documents/{doc['id']}").text
    assert 'id="appearances"' in page and "t.me/field_monitor/3" in page and "t.me/local_agency/41" in page
    assert page.count('class="forwarded"') == 1  # the forward, where it is shown


def test_a_forward_of_a_message_edited_since_is_linked_as_its_copy(tmp_path, new_db):
    """The channel corrected its toll after the forward: two texts, and the forward, later, is a
    copy of the original, the changed figure said."""
    from riwaya.corpus import ingest
    from riwaya.store import open_store

    original = ("أعلنت مديرية الصحة في ريف حماة الشمالي ارتفاع حصيلة القصف المدفعي على بلدة كفرنبودة إلى 7 قتلى "
                "و11 جريحا، بينهم أربعة أطفال. وقالت المديرية في بيانها إن فرق الدفاع المدني ما زالت تعمل على "
                "انتشال العالقين تحت الأنقاض، وإن المشافي الميدانية في المنطقة تعاني نقصا حادا في الأدوية. "
                "ودعت المديرية المنظمات الإنسانية إلى التدخل العاجل لإرسال المساعدات الطبية.")
    edited = {"edited": _when(600)["date"], "edited_unixtime": _when(600)["date_unixtime"]}
    exports = []
    for folder, name, number, text, extra in (
            ("agency", AGENCY, 41, original, {"from": AGENCY, **edited}),
            ("monitor", CHANNEL, 3, original.replace("7 قتلى", "6 قتلى"), {"forwarded_from": AGENCY})):
        (tmp_path / folder).mkdir()
        export = tmp_path / folder / "result.json"
        message = {**_message(number, 100 if folder == "agency" else 120, [_plain(text)]), **extra}
        export.write_text(json.dumps({"name": name, "type": "public_channel", "id": number, "messages": [message]},
                                     ensure_ascii=False), encoding="utf-8")
        exports.append(str(export))
    with open_store(new_db()) as store:
        assert ingest(exports, store, workers=0).added == 2
        ids = {d["outlet"]: d["id"] for d in store.documents()}
        (link,) = store.links("copies")
        assert (link["source_id"], link["target_id"]) == (ids[CHANNEL], ids[AGENCY])
        assert "figures_changed" in {c["kind"] for c in link["data"]["changes"]}
