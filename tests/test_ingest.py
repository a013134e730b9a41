"""`riwaya ingest` and the database: idempotence, one transaction per document, a batch that
goes on past bad inputs, a killed ingest that resumes, search over normalized Arabic, and the
corpus commands."""

import csv
import io
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from riwaya.corpus import ingest
from riwaya.store import Store, is_postgres_url, open_store
from tests.cli import Ran, run_riwaya
from tests.conftest import BACKENDS, new_database

CORPUS = Path(__file__).parent / "data" / "corpus"
READERS = Path(__file__).parent / "data" / "readers"
RIWAYA = [sys.executable, "-m", "riwaya"]


def _articles(n: int) -> list[str]:
    """``n`` distinct Arabic articles: the fixture documents, each with a line of its own."""
    docs = [json.loads(line) for folder in sorted(CORPUS.iterdir())
            for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    for i in range(n):
        d = dict(docs[i % len(docs)])
        d["text"] = f"{d['text']}\n\nتحديث رقم {i + 1}: تابعت الفرق الميدانية رصد الأوضاع في المنطقة."
        out.append(json.dumps(d, ensure_ascii=False))
    return out


def _run(*args: str, cwd=None) -> Ran:
    return run_riwaya(*args, text=True, cwd=cwd)


def _one(db: str | Path, query: str) -> tuple:
    """One row of ``query`` on a database another process writes (SQLite: a second's wait for
    its lock, then sqlite3.OperationalError)."""
    if is_postgres_url(str(db)):
        import psycopg

        with psycopg.connect(str(db)) as con:
            return con.execute(query).fetchone()
    con = sqlite3.connect(db, timeout=1)
    try:
        return con.execute(query).fetchone()
    finally:
        con.close()


def test_ingesting_twice_stores_each_document_once(new_db):
    store = open_store(new_db())
    first = ingest([str(CORPUS)], store, workers=1)
    again = ingest([str(CORPUS)], store, workers=1)
    assert first.added == first.read > 0
    assert again.added == 0 and again.already == first.read
    assert store.counts()["documents"] == first.added


def test_search_finds_any_spelling(tmp_path, new_db):
    store = open_store(new_db())
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "title": f"t{i}"}, ensure_ascii=False) for i, t in enumerate([
        "أعلن جيش الإسلام خروج مقاتليه من القلمون الشرقي.",
        "قال النبي صلى الله عليه وسلّم في الحديث الشريف.",
        "ارتفعت أسعار النفط في الأسواق العالمية."])) + "\n", encoding="utf-8")
    ingest([str(path)], store, workers=1)
    assert [h["title"] for h in store.search("جيش الاسلام")] == ["t0"]
    assert [h["title"] for h in store.search("وسلم")] == ["t1"]
    assert [h["title"] for h in store.search("القلمون")] == ["t0"]
    assert store.search('"الأسواق العالمية"')[0]["title"] == "t2"
    hit = store.search("الاسلام")[0]
    text = store.document(hit["document"])["text"]
    assert text[hit["match_start"]:hit["match_end"]].startswith("الإسلام")  # offsets into the original
    assert store.search("كلمة_غير_موجودة") == []


def test_a_batch_goes_on_past_bad_inputs_and_names_them(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(_articles(3)) + "\n{broken\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    from tests.test_read_documents import HTML, _png, _warc

    blank = tmp_path / "blank.png"
    blank.write_bytes(_png(300, 200))
    warc = _warc([(f"https://example.org/{i}", HTML.replace("خمسة", str(i + 5))) for i in range(3)])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc[: int(len(warc) * 0.8)])
    inputs = [str(good), str(big), str(READERS / "damaged.pdf"), str(READERS / "encrypted.pdf"),
              str(tmp_path / "missing.txt"), str(blank), str(cut)]
    result = _run("ingest", *inputs, "--db", str(tmp_path / "r.db"), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 5  # three JSONL articles and the two whole WARC records
    reasons = {u["name"]: u["reason"] for u in summary["unreadable"]}
    assert "truncated" in reasons[str(cut)]
    assert reasons[f"{good}:4"].startswith("not valid JSON")
    assert "200 MB" in reasons[str(big)]
    assert str(tmp_path / "missing.txt") in reasons
    if shutil.which("pdftotext"):
        assert "encrypted" in reasons[str(READERS / "encrypted.pdf")]
        assert "not a readable PDF" in reasons[str(READERS / "damaged.pdf")]
    if shutil.which("tesseract"):
        assert "no text" in reasons[str(blank)]
    log = sqlite3.connect(tmp_path / "r.db").execute(
        "SELECT COUNT(*) FROM ingest_log WHERE outcome = 'unreadable'").fetchone()[0]
    assert log == len(summary["unreadable"])


def test_documents_go_by_the_names_they_are_given_not_their_paths(tmp_path):
    """The web app ingests an upload's temporary copy under the user's file name: every name,
    warning and reason says that name, and a path without one keeps its own."""
    import zipfile

    from riwaya.corpus import named, read_from
    from riwaya.read import Document, Unreadable

    archive = tmp_path / "0" / "upload.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.jsonl", _articles(1)[0] + "\n{broken\n")
        z.writestr("photo.gif", b"GIF89a")
    other = tmp_path / "1.jsonl"
    other.write_text(_articles(2)[1] + "\n", encoding="utf-8")
    store = Store(str(tmp_path / "r.db"))
    report = ingest([str(archive), str(other)], store, workers=1, names={str(archive): "day 1.zip"})
    assert report.added == 2
    assert sorted(d["name"] for d in store.documents()) == sorted(["day 1.zip!a.jsonl:1", f"{other}:1"])
    assert {u.name for u in report.unreadable} == {"day 1.zip!a.jsonl:2", "day 1.zip!photo.gif"}
    assert str(tmp_path / "0") not in json.dumps(report.as_dict())
    # A path is only replaced where it begins a name and ends at its end or at «!», «:», «[», «#».
    items = [Document("up.txt", "x", "txt", warnings=["up.txt: not Arabic"]), Document("up.txt2", "x", "txt"),
             Unreadable("up.txt#2", "up.txt: damaged")]
    assert [(i.name, getattr(i, "reason", None) or i.warnings) for i in named(items, {"up.txt": "a.txt"})] == [
        ("a.txt", ["a.txt: not Arabic"]), ("up.txt2", []), ("a.txt#2", "a.txt: damaged")]
    assert read_from("a.zip!b.txt", ["a.zip!b", "a.zip"]) == "a.zip"
    assert read_from("a.zip2", ["a.zip"]) is None


def test_nothing_readable_is_an_error(tmp_path):
    result = _run("ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "r.db"))
    assert result.returncode == 1
    assert "nothing could be read" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_killing_an_ingest_and_running_it_again_loses_and_duplicates_nothing(tmp_path, backend, new_db):
    corpus = tmp_path / "c.jsonl"
    lines = _articles(240)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = new_db()
    proc = subprocess.Popen([*RIWAYA, "ingest", str(corpus), "--db", str(db), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 300
        stored = 0
        while time.time() < deadline and proc.poll() is None:
            time.sleep(0.2)
            if is_postgres_url(db) or Path(db).exists():
                try:
                    stored = _one(db, "SELECT COUNT(*) FROM documents")[0]
                except Exception:  # no table yet, or locked a moment
                    continue
                if stored >= 30:
                    break
        assert proc.poll() is None, "ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    killed_at = _one(db, "SELECT COUNT(*) FROM documents")[0]
    assert 30 <= killed_at < len(lines)
    # Whole documents or none: every stored document has its sentences, signature, story, index entry.
    assert _one(db, "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM signatures s "
                    "WHERE s.document_id = d.id) OR story_id IS NULL")[0] == 0
    assert _one(db, "SELECT COUNT(DISTINCT document_id) FROM sentences")[0] == killed_at
    result = _run("ingest", str(corpus), "--db", str(db), "--workers", "1", "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["already_stored"] == killed_at and summary["added"] == len(lines) - killed_at
    assert tuple(_one(db, "SELECT COUNT(*), COUNT(DISTINCT hash) FROM documents")) == (len(lines),) * 2
    assert _one(db, "SELECT COUNT(*) FROM documents WHERE story_id IS NULL")[0] == 0


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_db(request, tmp_path_factory) -> str:
    db = new_database(request, request.param, tmp_path_factory.mktemp("db"))
    result = _run("ingest", str(CORPUS), "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def test_stories_story_search_and_export_commands(corpus_db):
    db = str(corpus_db)
    listed = json.loads(_run("stories", "--db", db, "--format", "json", "--min-size", "5").stdout)["stories"]
    assert len(listed) == 3 and all(s["size"] >= 7 for s in listed)
    story = json.loads(_run("story", str(listed[0]["id"]), "--db", db, "--format", "json").stdout)
    assert story["figures"] and any(g["conflict"] for g in story["figures"])
    assert any(d["copy_of"] for d in story["documents"])
    csv_text = _run("story", str(listed[0]["id"]), "--db", db, "--format", "csv").stdout
    # UTF-8 with a byte-order mark, so that Excel reads the Arabic; each row names its document
    assert csv_text.startswith("\ufeffstory,unit,event,actor,conflict")
    rows = list(csv.DictReader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    titles = {d["id"]: d["title"] for d in story["documents"]}
    assert rows and all(r["title"] == (titles[int(r["document"])] or "") for r in rows)
    assert all(r["url"] for r in rows)
    html = _run("story", str(listed[0]["id"]), "--db", db, "--format", "html").stdout
    assert html.startswith("<!doctype html>") and '<html lang="en" dir="ltr">' in html
    text = _run("story", str(listed[0]["id"]), "--db", db).stdout
    assert "conflict" in text and "primary" in text
    hits = json.loads(_run("search", "شيكان", "--db", db, "--format", "json").stdout)["documents"]
    assert hits and all(h["story_id"] for h in hits)
    filtered = json.loads(_run("stories", "--db", db, "--format", "json", "--query", "الكسارة").stdout)
    assert len(filtered["stories"]) == 1
    exported = json.loads(_run("export", "--db", db, "--format", "json").stdout)
    assert len(exported["stories"]) == json.loads(_run("stories", "--db", db, "--format", "json").stdout)[
        "stories"].__len__()


def test_a_confirmed_finding_exports_as_claimreview(corpus_db, tmp_path, request):
    if is_postgres_url(corpus_db):
        db = request.getfixturevalue("postgres").copy_database(corpus_db)
    else:
        db = tmp_path / "copy.db"
        db.write_bytes(Path(corpus_db).read_bytes())
    stories = json.loads(_run("stories", "--db", str(db), "--format", "json", "--min-size", "5").stdout)["stories"]
    story = json.loads(_run("story", str(stories[0]["id"]), "--db", str(db), "--format", "json").stdout)
    row = next(g for g in story["figures"] if g["conflict"])
    claim = next(v for v in row["values"] if not v["primary"] and v["attributed_to"])
    result = _run("review", str(claim["claim"]), "--rating", "Misleading", "--note", "الرقم في البيان مختلف",
                  "--by", "Verify Desk", "--db", str(db))
    assert result.returncode == 0, result.stderr
    (review,) = json.loads(_run("export", "--db", str(db), "--format", "claimreview").stdout)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Misleading"
    assert review["author"]["name"] == "Verify Desk"
    assert claim["text"] in review["claimReviewed"]
    assert review["itemReviewed"]["@type"] == "Claim"
    missing = _run("review", "999999", "--rating", "False", "--db", str(db))
    assert missing.returncode == 1 and "no claim 999999" in missing.stderr


def test_compare_without_a_database(tmp_path):
    folder = sorted(CORPUS.iterdir())[0]
    result = _run("compare", str(folder / "docs.jsonl"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"documents", "duplicates", "stories"}
    assert len(out["duplicates"]) == 2 and all(len(d) == 3 for d in out["duplicates"])
    figures = [g for s in out["stories"] for g in s["figures"]]
    assert any(g["conflict"] for g in figures)
    assert {"unit", "event", "actor", "values", "conflict", "low", "best", "high"} <= set(figures[0])
    assert {"document", "low", "high", "value", "qualifier", "attributed_to", "start", "end"} <= set(
        figures[0]["values"][0])
    assert not list(tmp_path.iterdir()), "compare must not leave a database behind"


def test_corpus_commands_on_a_missing_database_say_so(tmp_path):
    for args in (["stories"], ["story", "1"], ["search", "x"], ["export"]):
        result = _run(*args, "--db", str(tmp_path / "none.db"))
        assert result.returncode == 1 and "no such database" in result.stderr, args
        assert not (tmp_path / "none.db").exists()
    nowhere = _run("ingest", str(CORPUS), "--db", str(tmp_path / "no" / "such" / "folder.db"))
    assert nowhere.returncode == 1 and "cannot open or create" in nowhere.stderr
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    result = _run("stories", "--db", str(bad))
    assert result.returncode == 1 and "not a riwaya database" in result.stderr


def test_json_nested_past_reading_is_one_unreadable_file_not_a_crashed_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (folder / "good.jsonl").write_text("\n".join(_articles(2)) + "\n", encoding="utf-8")
    with Store(str(tmp_path / "r.db")) as store:
        report = ingest([str(folder)], store, workers=1)
    assert report.added == 2
    reasons = {Path(u.name).name.split(":")[0]: u.reason for u in report.unreadable}
    assert set(reasons) == {"deep.json", "deep.jsonl"} and all("deep" in r for r in reasons.values())


def test_the_bad_records_of_a_big_archive_are_listed_to_a_point_then_counted(tmp_path):
    from riwaya.read.records import MAX_UNREADABLE_LISTED

    path = tmp_path / "mostly-empty.jsonl"
    good = _articles(3)
    path.write_text("{}\n" * 10_000 + good[0] + "\n" + "{}\n" * 10_000 + "\n".join(good[1:]) + "\n",
                    encoding="utf-8")
    with Store(str(tmp_path / "r.db")) as store:
        report = ingest([str(path)], store, workers=1)
        logged = store.db.execute("SELECT COUNT(*) FROM ingest_log WHERE outcome = 'unreadable'").fetchone()[0]
    assert report.added == 3  # every good record, wherever it is
    assert len(report.unreadable) == logged == MAX_UNREADABLE_LISTED + 1
    assert report.unreadable[-1].reason == "19,000 more records could not be read (the first 1,000 are listed)"


def test_the_reasons_of_a_batch_read_by_a_pool_speak_the_language_asked(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{}\n" + "\n".join(_articles(2)) + "\n", encoding="utf-8")
    ran = run_riwaya("ingest", str(path), "--db", str(tmp_path / "r.db"), "--workers", "2", "--lang", "ar",
                     text=True)
    assert ran.returncode == 0 and "لا نص" in ran.stdout, ran.stdout  # read in the pool's feeder thread


@pytest.mark.slow  # two ingests in processes of their own
def test_two_ingests_at_once_wait_for_each_other(tmp_path, new_db):
    articles = tmp_path / "articles.jsonl"  # enough for the two to overlap
    articles.write_text("\n".join(_articles(300)) + "\n", encoding="utf-8")
    alone = new_db()
    subprocess.run([*RIWAYA, "ingest", str(articles), "--db", alone, "--workers", "1"], check=True,
                   capture_output=True)
    db = new_db()
    open_store(db).close()
    both = [subprocess.Popen([*RIWAYA, "ingest", str(articles), "--db", str(db), "--workers", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in both]
    assert [p.returncode for p in both] == [0, 0], [err[-500:] for _out, err in results]
    assert not any("Traceback" in err for _out, err in results)
    with open_store(alone) as one, open_store(db) as two:
        assert two.counts() == one.counts()  # every document once, the same copies and stories
        # lost or doubled nothing: each article once, each with its search entry and story
        assert tuple(two.db.execute("SELECT COUNT(*), COUNT(DISTINCT hash) FROM documents").fetchone()) == (
            300, 300)
        assert two.db.execute("SELECT COUNT(*) FROM documents WHERE story_id IS NULL").fetchone()[0] == 0
        assert two.search_count("الميدانية") == one.search_count("الميدانية") == 300


def test_an_empty_file_is_unreadable_and_utf16_without_a_mark_is_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blank.txt").write_text(" \n\n \t\n", encoding="utf-8")
    text = "قالت مديرية الصحة في بيان إن 12 مدنياً قتلوا في القصف على السوق (بيان رقم 4).\n"
    (folder / "windows.txt").write_bytes(text.encode("utf-16-le"))  # no byte-order mark
    with Store(str(tmp_path / "r.db")) as store:
        report = ingest([str(folder)], store, workers=1)
        (stored,) = [store.document(i)["text"] for i in range(1, 3) if store.document(i)]
    assert report.added == 1 and stored == text
    assert {Path(u.name).name for u in report.unreadable} == {"empty.txt", "blank.txt"}


def test_mentions_are_looked_for_up_to_the_cap_and_the_rest_is_still_read():
    """`ingest --max-analyzed-chars`: whole chunks up to the cap are extracted; the rest is cut
    into sentences and words (the search index, copies and stories need them), nothing more."""
    from riwaya.extract import analyze

    text = "قتل 12 مدنياً في قصف على السوق. " * 40
    whole = analyze(text, chunk_size=300)
    part = analyze(text, max_chars=600, chunk_size=300)
    assert whole.extracted_to == len(text) and 600 <= part.extracted_to < len(text)
    assert part.sentences == whole.sentences and part.tokens == whole.tokens
    assert part.mentions == [m for m in whole.mentions if m["end"] <= part.extracted_to]
    assert part.mentions and len(part.mentions) < len(whole.mentions)
