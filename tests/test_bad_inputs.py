"""The bad-input matrix (issue 16, «Reliability and security»): hostile and careless inputs, each
made here, through every command and the web API.

Every command case runs ``python -m riwaya`` as a process of its own (tests/hostile.py,
``run_measured``) and asserts its exit — 0 with the right output, or non-zero with ONE line
«riwaya: error: …» on standard error and never a traceback — its wall time (a bound to catch a
hang, not a speed test) and its peak memory, under 1 GB. Commands that go through many inputs
(``ingest``, ``compare``) name each bad one: ``ingest`` on standard output (its JSON), ``compare``
on standard error as «riwaya: warning: …» lines before its one error line.

Every web case is a request to a real ``riwaya serve`` started here (chunked bodies and streams
as a browser or a script sends them; the Host check as `serve` sets it) and asserts its status —
a 4xx with a message, never a 500 — that the server still answers after it, its time and the
server's peak memory during it (VmHWM, reset before each request).

A case that fails today is kept, marked ``xfail(strict=True)`` with what it does now: it turns
into a failure, to be unmarked, the day it is fixed.

The matrix is minutes of processes, most of it Python's start and the lexicons' load (an ingest
imports scipy through datasketch: two seconds). So every case starts when the module does, the
commands two at a time (the machine's two cores), each test waiting for its own (``jobs``); set
RIWAYA_MATRIX_SUMMARY to a file to have each case's exit, time and memory written there.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from riwaya.web.forgery import FORM_COOKIE, FORM_FIELD
from tests import hostile
from tests.hostile import ARTICLES, GB, MB, Measured, run_measured

pytestmark = pytest.mark.slow  # minutes: some hundred processes and a few GB decompressed

PEAK_LIMIT = 1 * GB
HANG_GUARD_S = 60.0  # a hang guard: a case that works takes seconds
FIFO_GUARD_S = 10.0  # reading a FIFO fails at once or never: no need to wait a minute to know
MAX_ROW_ID = 2**63 - 1
ARABIC_NAME = "تقرير يوم الأحد.txt"  # spaces and Arabic in a file name


# --- what a case expects -----------------------------------------------------------------------

Expect = Callable[[Measured, Path], None]


def _error_line(m: Measured) -> str:
    """The one error line of a failed run; warnings that name inputs may come before it."""
    lines = [line for line in m.stderr.splitlines() if line.strip()]
    assert lines, f"exit {m.code} without a word on standard error"
    *before, last = lines
    assert last.startswith("riwaya: error: "), f"not one clear error line: {lines[:5]}"
    assert all(line.startswith("riwaya: warning: ") for line in before), f"more than one line: {lines[:5]}"
    return last


def _warnings(m: Measured, pattern: str | None) -> None:
    lines = [line for line in m.stderr.splitlines() if line.strip()]
    if pattern is None:
        assert not lines, f"unexpected standard error: {lines[:5]}"
        return
    assert all(line.startswith("riwaya: warning: ") for line in lines), lines[:5]
    assert any(re.search(pattern, line) for line in lines), (pattern, lines[:5])


def refused(pattern: str, code: int = 1) -> Expect:
    """Exits ``code`` with one error line matching ``pattern``."""

    def expect(m: Measured, folder: Path) -> None:
        assert m.code == code, m.describe()
        line = _error_line(m)
        assert re.search(pattern, line), (pattern, line)

    return expect


def prints(*patterns: str, warns: str | None = None) -> Expect:
    """Exits 0, its output matching every pattern; standard error empty, or warnings of which
    one matches ``warns``."""

    def expect(m: Measured, folder: Path) -> None:
        assert m.code == 0, m.describe()
        for pattern in patterns:
            assert re.search(pattern, m.stdout), (pattern, m.stdout[:500])
        _warnings(m, warns)

    return expect


def extracted(text: str, warns: str | None = None) -> Expect:
    """`extract --format json` read ``text``, exactly."""

    def expect(m: Measured, folder: Path) -> None:
        assert m.code == 0, m.describe()
        data = json.loads(m.stdout)
        assert data["text"].strip() == text.strip(), data["text"][:200]
        assert data["sentences"], "no sentence found"
        _warnings(m, warns)

    return expect


def found(matches: int | None = None) -> Expect:
    """`search --format json` answered (``matches`` documents, when said)."""

    def expect(m: Measured, folder: Path) -> None:
        assert m.code == 0, m.describe()
        documents = json.loads(m.stdout)["documents"]
        assert matches is None or len(documents) == matches, len(documents)
        _warnings(m, None)

    return expect


def ingested(added: int, unreadable: dict[str, str] | None = None, *, code: int | None = None,
             not_arabic: tuple[str, ...] = ()) -> Expect:
    """`ingest --format json` added ``added`` documents and named each unreadable input (name →
    pattern of its reason); exits 1 only when nothing could be read."""
    unreadable = unreadable or {}

    def expect(m: Measured, folder: Path) -> None:
        assert m.code == (code if code is not None else (1 if added == 0 and unreadable else 0)), m.describe()
        if m.code:
            assert re.search("nothing could be read", _error_line(m)), m.stderr
        else:
            _warnings(m, None)
        report = json.loads(m.stdout)
        assert report["added"] == added, report
        reasons = {u["name"]: u["reason"] for u in report["unreadable"]}
        assert set(reasons) == set(unreadable), reasons
        for name, pattern in unreadable.items():
            assert re.search(pattern, reasons[name]), (name, reasons[name])
        assert sorted(report["not_arabic"]) == sorted(not_arabic), report["not_arabic"]

    return expect


def either(*expectations: Expect) -> Expect:
    """One of ``expectations`` holds (a clear refusal, or the input read right)."""

    def expect(m: Measured, folder: Path) -> None:
        failures = []
        for one in expectations:
            try:
                one(m, folder)
                return
            except AssertionError as exc:
                failures.append(str(exc)[:300])
        raise AssertionError(" / ".join(failures))

    return expect


def also(first: Expect, then: Callable[[Measured, Path], None]) -> Expect:
    """``first``, and then ``then``."""

    def expect(m: Measured, folder: Path) -> None:
        first(m, folder)
        then(m, folder)

    return expect


def says(pattern: str) -> Callable[[Measured, Path], None]:
    """Its standard output matches ``pattern``."""

    def expect(m: Measured, folder: Path) -> None:
        assert re.search(pattern, m.stdout), (pattern, m.stdout[:500])

    return expect


def obeys_no_bidi_control(m: Measured, folder: Path) -> None:
    """Bidi controls from the input are shown (⟦U+202E⟧) or dropped, never sent to the terminal
    to reorder what it shows."""
    for control in "\u202a\u202b\u202c\u202d\u202e":  # the renderer isolates with U+2066–U+2069
        assert control not in m.stdout, f"U+{ord(control):04X} sent to the terminal"


# --- the inputs ----------------------------------------------------------------------------------

def put(folder: Path, name: str, data: bytes | str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return name


def ingest(*names: str) -> list[str]:
    return ["ingest", *names, "--db", "r.db", "--workers", "1", "--format", "json"]


def corpus_copy(folder: Path, db: Path) -> str:
    shutil.copy(db, folder / "r.db")
    return "r.db"


def damaged_copy(folder: Path, db: Path) -> str:
    """A copy of ``db`` whose middle half is garbage (its schema among it)."""
    corpus_copy(folder, db)
    size = (folder / "r.db").stat().st_size
    hostile.damage(folder / "r.db", start=size // 4, length=size // 2)
    return "r.db"


def damaged_text_copy(folder: Path, db: Path) -> str:
    """A copy of ``db`` whose page that holds the text of the documents is garbage."""
    corpus_copy(folder, db)
    put(folder, "a.txt", UPLOADED)  # for ingest
    data = (folder / "r.db").read_bytes()
    at = data.index(ARTICLES[1][:30].encode())
    page = 4096  # riwaya's databases keep SQLite's page size
    hostile.damage(folder / "r.db", start=at - at % page, length=page)
    return "r.db"


def jsonl(*records: Any) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def record(i: int) -> dict[str, str]:
    return {"text": ARTICLES[i % len(ARTICLES)], "outlet": "وكالة الأنباء", "published": f"2024-05-0{i + 1}"}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def zipped(members: dict[str, bytes | str]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return data.getvalue()


def page(i: int = 0) -> bytes:
    return hostile.html_page("قصف على السوق", ARTICLES[i], ARTICLES[(i + 1) % 3]).encode()


def fifo(folder: Path, name: str) -> str:
    os.mkfifo(folder / name)
    return name


def symlink_loop(folder: Path) -> str:
    (folder / "loop.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop.txt")
    return "loop.txt"


def folder_linking_itself(folder: Path) -> str:
    put(folder, "news/a.txt", ARTICLES[0])
    (folder / "news" / "again").symlink_to(".", target_is_directory=True)
    return "news"


def a_folder(folder: Path, name: str = "d") -> str:
    (folder / name).mkdir()
    return name


def unreadable_file(folder: Path) -> str:
    name = put(folder, "secret.txt", ARTICLES[0])
    (folder / name).chmod(0)
    return name


def no_file_escaped(m: Measured, folder: Path) -> None:
    """A member named «../../escaped.txt» was read, never written where its name points."""
    for up in (folder, *folder.parents[:3]):
        assert not (up / "escaped.txt").exists(), up


# the archives that expand a thousandfold; each made once, shared by the command and web cases
_MADE: dict[str, bytes] = {}


def made(name: str, make: Callable[[], bytes]) -> bytes:
    if name not in _MADE:
        _MADE[name] = make()
    return _MADE[name]


def bomb_past_the_cap() -> bytes:
    """JSONL members of blank lines, 0.5 GB then 2 GB (3.5 MB of archive): the second takes the
    archive past its 2 GB cap. Read one by one, the second alone (2 GB) would be within it."""
    line = b" " * 65535 + b"\n"
    return made("cap", lambda: hostile.raw_zip([("a.jsonl", hostile.repeated(line, 8192)),
                                                ("b.jsonl", hostile.repeated(line, 32768))]))


def bomb_of_one_line() -> bytes:
    """One JSONL member of one line of 1 GB, no newline: 1 MB of archive."""
    return made("line", lambda: hostile.raw_zip([("a.jsonl", hostile.repeated(b"0" * MB, 1024))]))


def bomb_of_one_json() -> bytes:
    """One JSON member: «[» and 1 GB of spaces, never closed."""
    return made("json", lambda: hostile.raw_zip([("a.json", hostile.repeated(b"[" + b" " * (MB - 1), 1024))]))


def bomb_of_one_text() -> bytes:
    return made("text", lambda: hostile.raw_zip([("news.txt", hostile.repeated(b"\0" * MB, 1024))]))


def bomb_that_lies() -> bytes:
    """A member whose headers say 100 bytes and whose data expands to 1 GB."""
    return made("liar", lambda: hostile.raw_zip([("a.txt", hostile.repeated(b" " * MB, 1024))],
                                                declared={"a.txt": 100}))


def empty_records() -> bytes:
    """6.6 million «{}» records in a 19 KB ZIP: each one a record without text."""
    return made("records", lambda: zipped({"records.jsonl": b"{}\n" * 6_600_000}))


def giant_png() -> bytes:
    return made("png", lambda: hostile.png(40_000, 40_000))


def truncated_warc(gzipped: bool) -> bytes:
    """Two HTML responses, cut in the middle of the second."""
    data, ends = hostile.warc([("http://example.org/a", "text/html; charset=utf-8", page(0)),
                               ("http://example.org/b", "text/html; charset=utf-8", page(1))],
                              gzipped=gzipped)
    return data[: (ends[0] + ends[1]) // 2]


def mixed_warc(with_html: bool) -> bytes:
    records = [("http://example.org/data.json", "application/json", b'{"killed": 12}'),
               ("http://example.org/logo.png", "image/png", hostile.png(1, 1))]
    if with_html:
        records.append(("http://example.org/a", "text/html; charset=utf-8", page(0)))
    data, _ends = hostile.warc(records, gzipped=False)
    return hostile.warc_request("http://example.org/a") + data


def truncated_records() -> bytes:
    data = jsonl(*map(record, range(4))).encode()
    stored = gzip.compress(data, compresslevel=0)  # stored, not compressed: a cut keeps what is before it
    return stored[:len(stored) - len(jsonl(record(3)).encode()) // 2 - 8]


def tar_gz() -> bytes:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:gz") as archive:
        body = ARTICLES[0].encode()
        info = tarfile.TarInfo("news.txt")
        info.size = len(body)
        archive.addfile(info, io.BytesIO(body))
    return data.getvalue()


def garbage(n: int = 64 * 1024) -> bytes:
    import random

    return random.Random(16).randbytes(n)


def with_nuls() -> str:
    return ARTICLES[0][:40] + "\0\0" + ARTICLES[0][40:] + "\0"


def over_the_check_cap() -> str:
    sentence = "قال شاهد إن 7 مدنيين قتلوا في قصف على الحي الشرقي. "
    return sentence * (600_000 // len(sentence))  # 600,000 characters: past serve's 500,000


FTS_QUERIES = ['"', '"قصف مدنيين', "* ( )", "NEAR(قصف مدنيين, 2)", "قصف AND OR NOT -مدنيين",
               "body:قصف ^قصف", "'; DROP TABLE documents; --", '" * ( ) NEAR AND OR -']


# --- the command cases ---------------------------------------------------------------------------

Make = Callable[[Path, Path], list[str]]  # (its folder, the corpus database) → the command line


@dataclass(frozen=True)
class Case:
    name: str
    make: Make
    expect: Expect
    stdin: bytes | None = None
    seconds: float = HANG_GUARD_S
    now: str | None = None  # what it does today, when that is wrong: xfail(strict)
    skip: str | None = None
    heavy: bool = False  # started first, so that the slow ones overlap the many quick ones

    def param(self) -> Any:
        marks = [pytest.mark.xfail(strict=True, reason=self.now)] if self.now else []
        if self.skip:
            marks.append(pytest.mark.skip(reason=self.skip))
        return pytest.param(self, id=self.name, marks=marks)


ROOT_SKIP = "root reads any file" if os.geteuid() == 0 else None
A0 = ARTICLES[0]

CASES = [
    # files: empty, blank, binary, wrong kinds
    Case("empty file: extract", lambda f, db: ["extract", put(f, "empty.txt", b"")],
         prints("empty.txt: empty document, nothing to extract")),
    Case("empty file: ingest", lambda f, db: ingest(put(f, "empty.txt", b"")),
         ingested(0, {"empty.txt": "empty"})),
    Case("empty report: check", lambda f, db: ["check", put(f, "empty.txt", b""), "-s", put(f, "s.txt", A0)],
         refused("empty.txt: empty document, nothing to check")),
    Case("empty standard input: check -", lambda f, db: ["check", "-"], refused("<stdin>: empty document"),
         stdin=b""),
    Case("whitespace only: extract", lambda f, db: ["extract", put(f, "blank.txt", " \n\t\r\n \u00a0\n")],
         prints("blank.txt: empty document")),
    Case("whitespace only: ingest", lambda f, db: ingest(put(f, "blank.txt", " \n\t\n   \n")),
         ingested(0, {"blank.txt": "empty"})),
    Case("binary garbage: extract", lambda f, db: ["extract", put(f, "garbage.bin", garbage())],
         refused("garbage.bin: not a text document")),
    Case("binary garbage: ingest", lambda f, db: ingest(put(f, "garbage.bin", garbage())),
         ingested(0, {"garbage.bin": "not a text document"})),
    Case("binary garbage on standard input: extract -", lambda f, db: ["extract", "-"],
         refused("<stdin>: not a text document"), stdin=garbage()),
    Case("PNG header and garbage: ingest",
         lambda f, db: ingest(put(f, "fake.png", b"\x89PNG\r\n\x1a\n" + garbage(4096))),
         ingested(0, {"fake.png": "not a readable image"})),
    Case("JPEG header and garbage: check",
         lambda f, db: ["check", put(f, "fake.jpg", b"\xff\xd8\xff\xe0" + garbage(4096)), "-s", put(f, "s.txt", A0)],
         refused("fake.jpg: not a readable image")),
    Case("a PDF that is not a PDF: ingest", lambda f, db: ingest(put(f, "not-a.pdf", A0)),
         ingested(0, {"not-a.pdf": "not a readable PDF"})),
    Case("a truncated PDF: check --source",
         lambda f, db: ["check", put(f, "r.txt", A0), "-s",
                        put(f, "cut.pdf", hostile.pdf("Ministry says 12 killed")[:300])],
         refused("cut.pdf: not a readable PDF")),
    # files: encodings
    Case("UTF-16 LE with BOM: extract", lambda f, db: ["extract", put(f, "a.txt", A0.encode("utf-16")), "-f", "json"],
         extracted(A0)),
    Case("UTF-16 BE with BOM: extract",
         lambda f, db: ["extract", put(f, "a.txt", b"\xfe\xff" + A0.encode("utf-16-be")), "-f", "json"],
         extracted(A0)),
    Case("UTF-16 LE without BOM: extract",
         lambda f, db: ["extract", put(f, "a.txt", A0.encode("utf-16-le")), "-f", "json"], extracted(A0)),
    Case("UTF-16 BE without BOM: extract",
         lambda f, db: ["extract", put(f, "a.txt", A0.encode("utf-16-be")), "-f", "json"], extracted(A0)),
    Case("UTF-8 with BOM: extract", lambda f, db: ["extract", put(f, "a.txt", A0.encode("utf-8-sig")), "-f", "json"],
         extracted(A0)),
    Case("CP1256 Arabic: extract", lambda f, db: ["extract", put(f, "a.txt", A0.encode("cp1256")), "-f", "json"],
         extracted(A0, warns="not UTF-8; decoded as")),
    Case("ISO-8859-6 Arabic: extract",
         lambda f, db: ["extract", put(f, "a.txt", A0.replace("،", ",").encode("iso-8859-6")), "-f", "json"],
         extracted(A0.replace("،", ","), warns="not UTF-8; decoded as")),
    Case("Latin-1 French: ingest",
         lambda f, db: ingest(put(f, "fr.txt", ("Le ministère a annoncé que douze civils ont été tués "
                                                "lors d'un bombardement du marché, à l'aube.").encode("latin-1"))),
         ingested(1, not_arabic=("fr.txt",))),
    # files: sizes and shapes
    Case("a 40 MB text of one line: extract",
         lambda f, db: ["extract", put(f, "line.txt", (A0 + " ") * (40 * MB // len((A0 + " ").encode())))],
         refused("line.txt: .* characters, more than extract takes"), heavy=True),
    # a tenth of the largest document ingest takes (--max-mb 50): half a minute is ample
    Case("5 MB of one word repeated: ingest", lambda f, db: ingest(put(f, "word.txt", "قصف " * (5 * MB // 7))),
         ingested(1), heavy=True, seconds=30),  # figures looked for in its first 1,000,000 characters
    Case("NUL bytes inside Arabic text: extract", lambda f, db: ["extract", put(f, "a.txt", with_nuls()), "-f", "json"],
         either(refused("a.txt: not a text document"), extracted(A0))),
    Case("mixed CR, LF and CRLF: extract",
         lambda f, db: ["extract", put(f, "a.txt", ARTICLES[0] + "\r" + ARTICLES[1] + "\r\n" + ARTICLES[2] + "\n"),
                        "-f", "json"],
         prints('"sentences": \\[\\{.*\\}, \\{.*\\}, \\{')),
    Case("bidi override controls: extract shows them, never obeys",
         lambda f, db: ["extract", put(f, "a.txt", "قتل \u202e12 مدنياً\u202c في \u2067قصف\u2069 على السوق.\n")],
         also(prints("1 quantity"), obeys_no_bidi_control)),
    # files: not files
    Case("a folder given as the file: extract", lambda f, db: ["extract", a_folder(f)],
         refused("d: is a folder")),
    Case("a folder given as the report: check",
         lambda f, db: ["check", a_folder(f), "-s", put(f, "s.txt", A0)], refused("d: .*folder")),
    Case("an empty folder: ingest", lambda f, db: ingest(a_folder(f)),
         ingested(0, {"d": "folder holds no file"})),
    Case("a missing path: extract", lambda f, db: ["extract", "nowhere.txt"], refused("nowhere.txt: no such file")),
    Case("a missing path: ingest", lambda f, db: ingest("nowhere.txt"), ingested(0, {"nowhere.txt": "no such file"})),
    Case("a missing source: check", lambda f, db: ["check", put(f, "r.txt", A0), "-s", "nowhere.txt"],
         refused("nowhere.txt: no such file")),
    Case("only missing and broken inputs: compare",
         lambda f, db: ["compare", "nowhere.txt", put(f, "garbage.bin", garbage())],
         also(refused("no document could be read"), says("^$"))),
    Case("a path with spaces and Arabic: extract", lambda f, db: ["extract", put(f, ARABIC_NAME, A0), "-f", "json"],
         extracted(A0)),
    Case("a path with spaces and Arabic: ingest", lambda f, db: ingest(put(f, ARABIC_NAME, A0)), ingested(1)),
    Case("a symlink loop: extract", lambda f, db: ["extract", symlink_loop(f)], refused("loop.txt: ")),
    Case("a symlink loop: ingest", lambda f, db: ingest(symlink_loop(f)), ingested(0, {"loop.txt": "."})),
    Case("a folder holding a link to itself: ingest", lambda f, db: ingest(folder_linking_itself(f)),
         ingested(1)),
    Case("a FIFO: extract", lambda f, db: ["extract", fifo(f, "pipe.txt")], refused("pipe.txt: "),
         seconds=FIFO_GUARD_S, heavy=True),
    Case("a FIFO: ingest", lambda f, db: ingest(fifo(f, "pipe.txt"), put(f, "a.txt", A0)),
         ingested(1, {"pipe.txt": "."}), seconds=FIFO_GUARD_S, heavy=True),
    Case("a file without read permission: extract", lambda f, db: ["extract", unreadable_file(f)],
         refused("secret.txt: permission denied"), skip=ROOT_SKIP),
    # JSON and JSONL
    Case("invalid JSON: ingest", lambda f, db: ingest(put(f, "bad.json", '{"text": "قصف", ')),
         ingested(0, {"bad.json": "not valid JSON"})),
    Case("JSON nested 100,000 deep: ingest", lambda f, db: ingest(put(f, "deep.json", nested(100_000))),
         ingested(0, {"deep.json": "nested too deep"})),
    Case("a JSONL line nested 100,000 deep among good ones: ingest",
         lambda f, db: ingest(put(f, "deep.jsonl", jsonl(record(0)) + nested(100_000) + "\n" + jsonl(record(1)))),
         ingested(2, {"deep.jsonl:2": "nested too deep"})),
    Case("JSONL with bad lines among good ones: ingest goes on and names them",
         lambda f, db: ingest(put(f, "mixed.jsonl", (jsonl(record(0)) + '{"text": "قصف\n' + jsonl(record(1))
                                                     + "[1, 2\n").encode() + b'{"text": "\xff\xfe"}\n'
                                                     + jsonl(record(2)).encode())),
         ingested(3, {"mixed.jsonl:2": "not valid JSON", "mixed.jsonl:4": "not valid JSON",
                      "mixed.jsonl:5": "not UTF-8"})),
    Case("records whose text is a number, null, a list, an object: ingest",
         lambda f, db: ingest(put(f, "odd.jsonl", jsonl({"text": 12}, {"text": None}, {"text": ["قصف"]},
                                                        {"text": {"ar": "قصف"}}, record(0), [record(1)], "نص"))),
         ingested(1, {"odd.jsonl:1": "no text", "odd.jsonl:2": "no text", "odd.jsonl:3": "no text",
                      "odd.jsonl:4": "no text", "odd.jsonl:6": "not a JSON object",
                      "odd.jsonl:7": "not a JSON object"})),
    Case("records without the text field: ingest",
         lambda f, db: ingest(put(f, "notext.json", json.dumps([{"title": "قصف"}, {"url": "http://x"}, {}]))),
         ingested(0, {"notext.json[0]": "no text", "notext.json[1]": "no text", "notext.json[2]": "no text"})),
    Case("a JSON file that holds a number: ingest", lambda f, db: ingest(put(f, "number.json", "42\n")),
         ingested(0, {"number.json:1": "not a JSON object"})),
    Case("6.6 million «{}» records in a 19 KB ZIP: ingest",
         lambda f, db: ["ingest", put(f, "records.zip", empty_records()), "--db", "r.db", "--workers", "1"],
         also(refused("nothing could be read"), says("1,?001 inputs could not be read")), heavy=True),
    # cut in its fourth record: the three before it may be read or not, the file must be named
    Case("a truncated JSONL.gz: ingest", lambda f, db: ingest(put(f, "cut.jsonl.gz", truncated_records())),
         either(ingested(3, {"cut.jsonl.gz": "."}), ingested(0, {"cut.jsonl.gz": "."}))),
    # archives
    Case("a ZIP bomb past the 2 GB cap: ingest", lambda f, db: ingest(put(f, "bomb.zip", bomb_past_the_cap())),
         ingested(0, {"bomb.zip!b.jsonl": "expands past 2048 MB"}), heavy=True),
    Case("a ZIP bomb of one text member: ingest", lambda f, db: ingest(put(f, "bomb.zip", bomb_of_one_text())),
         ingested(0, {"bomb.zip!news.txt": "larger than one document"})),
    Case("a ZIP bomb of one 1 GB JSONL line: ingest", lambda f, db: ingest(put(f, "bomb.zip", bomb_of_one_line())),
         ingested(0, {"bomb.zip!a.jsonl:1": "larger than"}), heavy=True),
    Case("a ZIP bomb of one JSON array never closed: ingest",
         lambda f, db: ingest(put(f, "bomb.zip", bomb_of_one_json())),
         ingested(0, {"bomb.zip!a.json": "."}), heavy=True),
    Case("a ZIP whose headers lie about the size: ingest", lambda f, db: ingest(put(f, "liar.zip", bomb_that_lies())),
         ingested(0, {"liar.zip!a.txt": "damaged ZIP member"})),
    Case("a ZIP member named ../../escaped.txt: ingest",
         lambda f, db: ingest(put(f, "up.zip", zipped({"../../escaped.txt": A0}))),
         also(either(ingested(1), ingested(0, {"up.zip!../../escaped.txt": "."})), no_file_escaped)),
    Case("a ZIP inside a ZIP: ingest",
         lambda f, db: ingest(put(f, "outer.zip", zipped({"inner.zip": zipped({"a.txt": A0}), "b.txt": ARTICLES[1]}))),
         ingested(1, {"outer.zip!inner.zip": "not a kind riwaya reads inside a ZIP"})),
    Case("a corrupt ZIP: ingest", lambda f, db: ingest(put(f, "corrupt.zip", b"PK\x03\x04" + garbage(8192))),
         ingested(0, {"corrupt.zip": "not a readable ZIP archive"})),
    Case("a truncated ZIP: ingest",
         lambda f, db: ingest(put(f, "cut.zip", zipped({"a.txt": A0, "b.txt": ARTICLES[1]})[:200])),
         ingested(0, {"cut.zip": "not a readable ZIP archive"})),
    Case("a corrupt ZIP beside an article: compare",
         lambda f, db: ["compare", put(f, "corrupt.zip", b"PK\x03\x04" + garbage(8192)), put(f, "a.txt", A0)],
         prints("1 document", warns="corrupt.zip: not a readable ZIP archive")),
    Case("a tar.gz (not a kind riwaya reads): ingest", lambda f, db: ingest(put(f, "news.tar.gz", tar_gz())),
         ingested(0, {"news.tar.gz": "not a text document|not a kind"})),
    # WARC
    Case("a plain WARC cut mid-record: ingest", lambda f, db: ingest(put(f, "cut.warc", truncated_warc(False))),
         ingested(1, {"cut.warc#2": "cut short", "cut.warc": "truncated"})),
    Case("a gzip WARC cut mid-record: ingest", lambda f, db: ingest(put(f, "cut.warc.gz", truncated_warc(True))),
         ingested(1, {"cut.warc.gz": "truncated"})),
    Case("a WARC of requests, JSON and an image beside one page: ingest",
         lambda f, db: ingest(put(f, "mixed.warc", mixed_warc(True))), ingested(1)),
    Case("a WARC with no HTML record: ingest", lambda f, db: ingest(put(f, "nohtml.warc", mixed_warc(False))),
         ingested(0, {"nohtml.warc": "."})),
    Case("a file named .warc that is not one: ingest", lambda f, db: ingest(put(f, "junk.warc", garbage())),
         ingested(0, {"junk.warc": "."})),
    # images
    Case("a PNG of 40,000×40,000 pixels: check --source",
         lambda f, db: ["check", put(f, "r.txt", A0), "-s", put(f, "big.png", giant_png())],
         refused("big.png: the image has more than the 60 million pixels")),
    Case("a PNG of 40,000×40,000 pixels: ingest", lambda f, db: ingest(put(f, "big.png", giant_png())),
         ingested(0, {"big.png": "more than the 60 million pixels"})),
    Case("a PNG of 1×1 pixel: ingest", lambda f, db: ingest(put(f, "dot.png", hostile.png(1, 1))),
         ingested(0, {"dot.png": "no text found in the image|needs Tesseract"})),
    Case("a PNG of 1×1 pixel as the report: check",
         lambda f, db: ["check", put(f, "dot.png", hostile.png(1, 1)), "-s", put(f, "s.txt", A0)],
         refused("dot.png: (no text found|.*Tesseract)")),
    # options
    Case("story 2^63", lambda f, db: ["story", str(2**63), "--db", corpus_copy(f, db)], refused("not in the range", 2)),
    Case("story -1", lambda f, db: ["story", "-1", "--db", corpus_copy(f, db)],
         refused("not in the range|No such option", 2)),
    Case("story 0", lambda f, db: ["story", "0", "--db", corpus_copy(f, db)], refused("not in the range", 2)),
    Case("story abc", lambda f, db: ["story", "abc", "--db", corpus_copy(f, db)], refused("not a valid int", 2)),
    Case("story 2^63-1 (none such)", lambda f, db: ["story", str(MAX_ROW_ID), "--db", corpus_copy(f, db)],
         refused(f"no story {MAX_ROW_ID}")),
    Case("export --story 2^63", lambda f, db: ["export", "--story", str(2**63), "--db", corpus_copy(f, db)],
         either(refused("not in the range", 2), refused(f"{2**63}"))),
    Case("review 2^63", lambda f, db: ["review", str(2**63), "--rating", "False", "--db", corpus_copy(f, db)],
         refused("not in the range", 2)),
    *[Case(f"{command} --limit {limit}", lambda f, db, c=command, n=limit: [*c.split(), "--limit", n, "--db",
                                                                         corpus_copy(f, db)],
           refused("not in the range", 2))
      for command in ("search قصف", "stories") for limit in ("-1", "0", str(10**30))],
    Case("an unknown option", lambda f, db: ["search", "قصف", "--frobnicate", "--db", corpus_copy(f, db)],
         refused("No such option: --frobnicate", 2)),
    Case("an unknown command", lambda f, db: ["frobnicate"], refused("No such command", 2)),
    Case("--lang fr", lambda f, db: ["--lang", "fr", "stories", "--db", corpus_copy(f, db)],
         refused("--lang takes one of ar, en")),
    Case("a bad --ref-date: extract", lambda f, db: ["extract", put(f, "a.txt", A0), "--ref-date", "2024-02-30"],
         refused("--ref-date takes a date as YYYY-MM-DD")),
    Case("a --ref-date in Arabic words: check",
         lambda f, db: ["check", put(f, "a.txt", A0), "-s", put(f, "s.txt", A0), "--ref-date", "أمس"],
         refused("--ref-date takes a date")),
    Case("a bad --since: stories", lambda f, db: ["stories", "--since", "31/12/2024", "--db", corpus_copy(f, db)],
         refused("--since takes a date")),
    Case("ingest --max-mb 0", lambda f, db: ["ingest", put(f, "a.txt", A0), "--max-mb", "0", "--db", "r.db"],
         refused("--max-mb", 2)),
    Case("ingest --workers 0", lambda f, db: ["ingest", put(f, "a.txt", A0), "--workers", "0", "--db", "r.db"],
         refused("--workers", 2)),
    # --db
    Case("--db a text file: stories", lambda f, db: ["stories", "--db", put(f, "notes.txt", "ملاحظات\n")],
         refused("notes.txt: not a riwaya database")),
    Case("--db a folder: search", lambda f, db: ["search", "قصف", "--db", a_folder(f)],
         refused("d: ")),
    Case("--db missing: stories", lambda f, db: ["stories", "--db", "missing.db"], refused("missing.db: no such database")),
    Case("--db a text file: serve", lambda f, db: ["serve", "--db", put(f, "notes.txt", "ملاحظات\n"), "--port", "1"],
         refused("notes.txt: not a riwaya database")),
    Case("--db missing: serve", lambda f, db: ["serve", "--db", "missing.db", "--port", "1"],
         refused("missing.db: no such database")),
    Case("--db a folder: serve", lambda f, db: ["serve", "--db", a_folder(f), "--port", "1"],
         refused("d: ")),
    *[Case(f"--db damaged across half its pages: {command}",
           lambda f, db, c=command: [*c.split(), "--db", damaged_copy(f, db)],
           refused("r.db: .*(malformed|damaged)"))
      for command in ("stories", "search قصف", "story 1", "export", "review 1 --rating False")],
    # the schema whole, the page of the documents' text garbage: found by the first query that reads it
    *[Case(f"--db with the page of the documents' text damaged: {command}",
           lambda f, db, c=command: [*c.split(), "--db", damaged_text_copy(f, db)],
           refused("the database cannot be read .*it may be damaged"))
      for command in ("stories", "search السيول", "story 1", "export", "ingest a.txt --workers 1")],
    Case("--db damaged: ingest", lambda f, db: ["ingest", put(f, "a.txt", ARTICLES[2]), "--workers", "1",
                                                "--db", damaged_copy(f, db)],
         refused("r.db: .*(malformed|damaged)")),
    # serve's own options (each refused before anything listens)
    Case("serve --port 70000", lambda f, db: ["serve", "--port", "70000", "--db", corpus_copy(f, db)],
         refused("not in the range", 2)),
    Case("serve --host 999.1.1.1", lambda f, db: ["serve", "--host", "999.1.1.1", "--db", corpus_copy(f, db)],
         refused("--host 999.1.1.1: not an address")),
    Case("serve --max-check-chars 5", lambda f, db: ["serve", "--max-check-chars", "5", "--db", corpus_copy(f, db)],
         refused("--max-check-chars", 2)),
    # search
    Case("search a word the corpus holds (the control)", lambda f, db: ["search", "السيول", "-f", "json", "--db",
                                                                     corpus_copy(f, db)], found(1)),
    Case("search «في» 400 times", lambda f, db: ["search", " ".join(["في"] * 400), "-f", "json", "--db",
                                                  corpus_copy(f, db)], found()),
    Case("search 2,000 different words", lambda f, db: ["search", " ".join(f"كلمة{i}" for i in range(2000)),
                                                        "-f", "json", "--db", corpus_copy(f, db)], found(0)),
    *[Case(f"search {query!r}", lambda f, db, q=query: ["search", q, "-f", "json", "--db", corpus_copy(f, db)],
           found())
      for query in FTS_QUERIES],
    # check
    Case("check a report past the check cap",
         lambda f, db: ["check", put(f, "long.txt", over_the_check_cap()), "-s", put(f, "s.txt", A0)],
         refused("--max-check-chars|characters"), heavy=True),
]


# --- the web cases: a real `riwaya serve` ----------------------------------------------------------

UPLOAD_MB = 6  # the servers' --max-upload-mb: past the 4 MB ZIP bomb, short of the bodies sent past it
HTML = {"accept": "text/html"}
CROSS_SITE = {"origin": "https://attacker.example", "sec-fetch-site": "cross-site"}


@dataclass
class Server:
    url: str
    pid: int
    folder: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(folder: Path, db: Path) -> Iterator[Server]:
    """`riwaya serve` over a copy of ``db``, on a free port of 127.0.0.1, until the block ends."""
    shutil.copy(db, folder / "r.db")
    port = _free_port()
    log = open(folder / "serve.log", "w+b")
    proc = subprocess.Popen([sys.executable, "-m", "riwaya", "serve", "--db", "r.db", "--port", str(port),
                             "--max-upload-mb", str(UPLOAD_MB)], cwd=folder, env=hostile.child_environment(),
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HANG_GUARD_S
        while True:
            assert proc.poll() is None, f"riwaya serve ended: {(folder / 'serve.log').read_text()}"
            try:
                if httpx.get(url + "/api/stories", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "riwaya serve did not answer within a minute"
            time.sleep(0.1)
        yield Server(url, proc.pid, folder)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def multipart(files: list[tuple[str, bytes]], boundary: str = "riwaya-matrix",
              field: str = "files") -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body of ``files`` (in the form's ``field``), and its content type."""
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
                    for name, data in files) + f"--{boundary}--\r\n".encode()
    return body, {"content-type": f"multipart/form-data; boundary={boundary}"}


def chunked(body: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    """``body`` as a stream without a length: sent with Transfer-Encoding: chunked."""
    for start in range(0, len(body), size):
        yield body[start:start + size]


def chunked_upload(size: int) -> dict[str, Any]:
    body, headers = multipart([("big.txt", ("قصف " * (size // 7)).encode())])
    return {"content": chunked(body), "headers": headers}


def upload(*files: tuple[str, bytes]) -> dict[str, Any]:
    return {"files": [("files", f) for f in files]}


Answer = Callable[[httpx.Response, Server], None]


def unreadable_in_upload(expected: dict[str, str], added: int = 0) -> Answer:
    """The upload's JSON names each unreadable document (name → pattern of its reason)."""

    def check(response: httpx.Response, server: Server) -> None:
        report = response.json()
        reasons = {u["name"]: u["reason"] for u in report["unreadable"]}
        assert set(reasons) == set(expected), reasons
        for name, pattern in expected.items():
            assert re.search(pattern, reasons[name]), (name, reasons[name])
        assert report["added"] == added, report

    return check


def escaped_or_named(response: httpx.Response, server: Server) -> None:
    """The member named «../../escaped.txt» is read by that name, or named as unreadable."""
    report = response.json()
    assert report["added"] == 1 or [u["name"] for u in report["unreadable"]] == ["up.zip!../../escaped.txt"], report
    for up in (server.folder, *server.folder.parents[:3]):
        assert not (up / "escaped.txt").exists(), up


def nothing_left_outside(response: httpx.Response, server: Server) -> None:
    """An upload named «../../…/evil.txt» is stored by its name, and written nowhere else."""
    assert [f["name"] for f in response.json()["files"]] == ["evil.txt"], response.json()
    for up in (server.folder, *server.folder.parents[:3]):
        assert not (up / "evil.txt").exists(), up


@dataclass(frozen=True)
class Web:
    name: str
    method: str
    path: str
    request: Callable[[], dict[str, Any]] = dict  # httpx's keyword arguments: content, json, files, headers
    status: int | tuple[int, ...] = 200  # the status, or the statuses that are each a right answer
    says: str = ""  # a pattern the answer's body matches
    check: Answer | None = None
    own_server: bool = False  # a server of its own: what it leaves running harms no other case
    now: str | None = None

    def param(self) -> Any:
        marks = [pytest.mark.xfail(strict=True, reason=self.now)] if self.now else []
        return pytest.param(self, id=self.name, marks=marks)


# an invented item not in the servers' corpus, so that an upload of it adds it
UPLOADED = ("أعلنت بلدية الوادي الأخضر افتتاح جسر جديد بطول 300 متر فوق النهر، وقال رئيس البلدية إن الجسر "
            "يختصر الطريق إلى القرى الشرقية ساعة كاملة.")
DEEP = "[" * 100_000 + "]" * 100_000
BIG_BODY = 7 * MB  # past the servers' 6 MB

WEB_CASES = [
    # bodies: too large, wrong type, not JSON, too deep, missing fields
    Web("/api/check, a 7 MB body", "POST", "/api/check",
        lambda: {"json": {"report": "ق" * (BIG_BODY // 2), "sources": []}}, 413, "larger than 6 MB"),
    Web("/api/extract, a 7 MB body", "POST", "/api/extract", lambda: {"json": {"text": "ق" * (BIG_BODY // 2)}},
        413, "larger than 6 MB"),
    Web("/api/check, JSON sent as text/plain", "POST", "/api/check",
        lambda: {"content": json.dumps({"report": A0}).encode(), "headers": {"content-type": "text/plain"}},
        422, "detail"),
    Web("/api/extract, a form instead of JSON", "POST", "/api/extract", lambda: {"data": {"text": A0}}, 422,
        "detail"),
    Web("/api/check, invalid JSON", "POST", "/api/check",
        lambda: {"content": b'{"report": "\xd9\x82\xd8\xb5\xd9\x81", ', "headers": {"content-type": "application/json"}},
        422, "json_invalid|JSON"),
    Web("/api/check, not UTF-8", "POST", "/api/check",
        lambda: {"content": b'{"report": "\xff\xfe\xfd"}', "headers": {"content-type": "application/json"}},
        400, "error parsing the body|detail"),
    Web("/api/extract, JSON nested 100,000 deep", "POST", "/api/extract",
        lambda: {"content": ('{"text": "قصف", "more": ' + DEEP + "}").encode(),
                 "headers": {"content-type": "application/json"}}, 400, "error parsing the body|detail"),
    Web("/api/check, the report a list nested 1,000 deep", "POST", "/api/check",
        lambda: {"content": ('{"report": ' + "[" * 1000 + "]" * 1000 + "}").encode(),
                 "headers": {"content-type": "application/json"}}, (400, 422), "report|error parsing the body"),
    Web("/api/check, a JSON array", "POST", "/api/check", lambda: {"json": [A0]}, 422, "detail"),
    Web("/api/check, no report", "POST", "/api/check", lambda: {"json": {"sources": [A0]}}, 422, "report"),
    Web("/api/extract, text null", "POST", "/api/extract", lambda: {"json": {"text": None}}, 422, "text"),
    Web("/api/extract, text a number", "POST", "/api/extract", lambda: {"json": {"text": 12}}, 422, "text"),
    Web("/api/extract, a bad ref_date", "POST", "/api/extract", lambda: {"json": {"text": A0, "ref_date": "2024-02-30"}},
        422, "ref_date"),
    Web("/api/check, past --max-check-chars", "POST", "/api/check",
        lambda: {"json": {"report": over_the_check_cap(), "sources": [A0]}}, 413, "max-check-chars"),
    # bodies sent chunked, without a length
    Web("/api/extract, 7 MB chunked", "POST", "/api/extract",
        lambda: {"content": chunked(json.dumps({"text": "ق" * (BIG_BODY // 2)}).encode()),
                 "headers": {"content-type": "application/json"}}, 413, "larger than 6 MB"),
    Web("/api/upload, 7 MB chunked", "POST", "/api/upload", lambda: chunked_upload(BIG_BODY), 413,
        "larger than 6 MB"),
    # Starlette refuses a form field past 1 MB on its own (400 «Field exceeded maximum size of
    # 1024KB.») before the body reaches the upload limit
    Web("/check, a 7 MB form chunked", "POST", "/check",
        lambda: {"content": chunked(b"report=" + "ق".encode() * (BIG_BODY // 2)),
                 "headers": {**HTML, "content-type": "application/x-www-form-urlencoded"}}, (400, 413),
        "6 MB|maximum size"),
    Web("/check, a 7 MB report file chunked", "POST", "/check",
        lambda: {"content": chunked(multipart([("r.txt", ("قصف " * (BIG_BODY // 7)).encode())], field="report_file")[0]),
                 "headers": {**HTML, **multipart([], field="report_file")[1]}}, 413, "6 MB"),
    # addresses: ids past SQLite's integers, negative, limits
    *[Web(f"GET {path}", "GET", path, status=422, says="detail")
      for path in (f"/api/stories/{2**63}", "/api/stories/-1", "/api/stories/0", f"/api/documents/{2**64}",
                   "/api/documents/-5", "/api/stories?limit=-1", "/api/search?q=قصف&limit=-1",
                   f"/api/search?q=قصف&limit={10**30}")],
    *[Web(f"GET {path} (a page)", "GET", path, lambda: {"headers": HTML}, 422, "not a valid")
      for path in (f"/stories/{2**63}", "/documents/-1", "/search?q=قصف&page=-1")],
    Web(f"GET /api/stories/{MAX_ROW_ID} (none such)", "GET", f"/api/stories/{MAX_ROW_ID}", status=404,
        says="no story"),
    Web("GET /check/../../etc/passwd", "GET", "/check/..%2F..%2Fetc%2Fpasswd", status=404, says="error"),
    Web("GET a font by a path", "GET", "/static/font/..%2F..%2F..%2Fetc%2Fpasswd", status=404, says="error"),
    # who asks
    Web("Host: attacker.example", "GET", "/api/stories", lambda: {"headers": {"host": "attacker.example"}}, 400,
        "answers only to"),
    Web("a cross-site form POST to /check", "POST", "/check",
        lambda: {"data": {"report": A0}, "headers": {**HTML, **CROSS_SITE}}, 403, "another site"),
    Web("a cross-site POST to /api/upload", "POST", "/api/upload",
        lambda: {**upload(("a.txt", A0.encode())), "headers": CROSS_SITE}, 403, "another site"),
    Web("a cross-site form POST to /reviews", "POST", "/reviews",
        lambda: {"data": {"claim": "1", "story": "1", "rating": "False"}, "headers": {**HTML, **CROSS_SITE}}, 403,
        "another site"),
    Web("a form POST with another site's Origin alone (an older browser)", "POST", "/check",
        lambda: {"data": {"report": A0, "source": ARTICLES[1]},
                 "headers": {**HTML, "origin": "https://attacker.example"}}, 403, "another site"),
    # search
    Web("search «في» 400 times", "GET", "/api/search?q=" + "+".join(["في"] * 400), says='"documents"'),
    Web("the search page, «في» 400 times", "GET", "/search?q=" + "+".join(["في"] * 400), lambda: {"headers": HTML},
        says="</html>"),
    *[Web(f"search {query!r}", "GET", "/api/search", lambda q=query: {"params": {"q": q}}, says='"documents"')
      for query in FTS_QUERIES[:4] + FTS_QUERIES[-1:]],
    # uploads of hostile files
    Web("/api/upload, no file", "POST", "/api/upload", lambda: {"data": {"x": "1"}}, 422, "files"),
    Web("/api/upload, an empty file", "POST", "/api/upload", lambda: upload(("empty.txt", b"")),
        check=unreadable_in_upload({"empty.txt": "empty"})),
    Web("/api/upload, a file named ../../../evil.txt", "POST", "/api/upload",
        lambda: upload(("../../../evil.txt", A0.encode())), check=nothing_left_outside),
    Web("/api/upload, a ZIP member named ../../escaped.txt", "POST", "/api/upload",
        lambda: upload(("up.zip", zipped({"../../escaped.txt": UPLOADED}))), check=escaped_or_named),
    Web("/api/upload, a PNG of 40,000×40,000 pixels", "POST", "/api/upload", lambda: upload(("big.png", giant_png())),
        check=unreadable_in_upload({"big.png": "60 million pixels"})),
    Web("/api/upload, a plain WARC cut mid-record", "POST", "/api/upload",
        lambda: upload(("cut.warc", truncated_warc(False))), check=unreadable_in_upload({"cut.warc#2": "cut short", "cut.warc": "truncated"}, 1)),
    Web("/api/upload, a ZIP bomb past the 2 GB cap", "POST", "/api/upload",
        lambda: upload(("bomb.zip", bomb_past_the_cap())),
        check=unreadable_in_upload({"bomb.zip!b.jsonl": "expands past 2048 MB"})),
    Web("/api/upload, a ZIP bomb of one 1 GB JSONL line", "POST", "/api/upload",
        lambda: upload(("bomb.zip", bomb_of_one_line())), own_server=True,
        check=unreadable_in_upload({"bomb.zip!a.jsonl:1": "larger than"})),
    Web("/api/upload, 6.6 million «{}» records in a 19 KB ZIP", "POST", "/api/upload",
        lambda: upload(("records.zip", empty_records())), own_server=True, says='"unreadable"'),
    Web("/check, the report a PNG of 40,000×40,000 pixels", "POST", "/check",
        lambda: {"files": {"report_file": ("big.png", giant_png())}, "headers": HTML}, 400, "60 million pixels"),
    Web("/check, the report binary garbage", "POST", "/check",
        lambda: {"files": {"report_file": ("garbage.txt", garbage())}, "headers": HTML}, 400, "binary data"),
]


# --- running them ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small riwaya database: three invented articles, and a copy of one with a line added."""
    from riwaya.corpus import ingest as run_ingest
    from riwaya.store import Store

    folder = tmp_path_factory.mktemp("corpus")
    put(folder, "a.jsonl", jsonl(record(0), record(1), record(2),
                                 {**record(0), "text": A0 + " وأكد أن الحصيلة قد ترتفع."}))
    db = folder / "r.db"
    with Store(str(db)) as store:
        run_ingest([str(folder / "a.jsonl")], store, workers=1)
    return db


@dataclass
class Answered:
    """What one web case got."""

    server: Server
    response: httpx.Response | None  # None: no answer within the time bound
    seconds: float
    peak_bytes: int  # the server's, during the request (since it started, where it cannot be reset)
    alive: int | None  # the status of a request made after it

    def describe(self) -> str:
        said = (f"{self.response.status_code}: {self.response.text[:200]!r}" if self.response is not None
                else "no answer")
        return f"{said}, {self.seconds:.1f} s, server peak {self.peak_bytes / MB:.0f} MB"


def ask(case: Web, server: Server) -> Answered:
    hostile.reset_peak(server.pid)
    started = time.monotonic()
    with httpx.Client(base_url=server.url, timeout=HANG_GUARD_S) as client:
        response: httpx.Response | None
        request = case.request()
        if case.method == "POST" and not case.path.startswith("/api/") and "content" not in request:
            # a form as the site's pages send it: with the form token of the visitor's cookie, so
            # that a refusal is for the case's own reason
            client.get("/", headers=HTML)
            request["data"] = {**request.get("data", {}), FORM_FIELD: client.cookies[FORM_COOKIE]}
        try:
            response = client.request(case.method, case.path, **request)
        except httpx.TimeoutException:
            response = None
        seconds = time.monotonic() - started
        peak = hostile.peak_of(server.pid)
        try:
            alive: int | None = client.get("/api/stories", timeout=10).status_code
        except httpx.TransportError:
            alive = None
    return Answered(server, response, seconds, peak, alive)


Job = tuple[Path, "Future[Any]"]


@pytest.fixture(scope="module")
def jobs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
         corpus: Path) -> Iterator[dict[str, Job]]:
    """Every case this session selected, started at once; each test waits for its own.

    The command cases run two at a time (the machine's two cores), the quick ones first. The
    cases expected to run until their time bound today (heavy, and marked with what they do now)
    and the web cases that need a server of their own each have a thread of their own: a case
    killed at 60 s takes 60 s however many run beside it, so they overlap rather than queue. The
    web cases on the shared server go one after another on a thread of their own."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "callspec", None) and isinstance(item.callspec.params.get("case"), Case | Web)]
    commands = [c for c in selected if isinstance(c, Case) and not c.skip]
    webs = [c for c in selected if isinstance(c, Web)]
    hogs: list[Case | Web] = [c for c in commands if c.heavy and c.now] + [w for w in webs if w.own_server]
    queued = sorted((c for c in commands if c not in hogs), key=lambda c: c.heavy)
    shared = [w for w in webs if not w.own_server]

    def folder_for(case: Case | Web) -> Path:
        return tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name, flags=re.ASCII).strip("-")[:40] or "case")

    def command(case: Case, folder: Path) -> Measured:
        return run_measured(case.make(folder, corpus), folder, stdin=case.stdin, seconds=case.seconds)

    def alone(case: Web, folder: Path) -> Answered:
        with serving(folder, corpus) as server:
            return ask(case, server)

    def one_after_another(folder: Path) -> dict[str, Answered]:
        with serving(folder, corpus) as server:
            return {key(case): ask(case, server) for case in shared}

    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="matrix")
    side = ThreadPoolExecutor(max_workers=len(hogs) + 1, thread_name_prefix="matrix-side")
    started: dict[str, Job] = {}
    for case in hogs:
        folder = folder_for(case)
        started[key(case)] = (folder, side.submit(command if isinstance(case, Case) else alone, case, folder))
    if shared:
        folder = tmp_path_factory.mktemp("serve")
        batch = side.submit(one_after_another, folder)
        started.update({key(case): (folder, batch) for case in shared})
    for case in queued:
        folder = folder_for(case)
        started[key(case)] = (folder, pool.submit(command, case, folder))
    yield started
    for executor in (pool, side):
        executor.shutdown(wait=True, cancel_futures=True)
    _write_summary(started)


def key(case: Case | Web) -> str:
    """A case's key among the jobs: a command case and a web case may share a name."""
    return f"{type(case).__name__.lower()}: {case.name}"


def _result(jobs: dict[str, Job], name: str) -> Any:
    result = jobs[name][1].result()
    return result[name] if isinstance(result, dict) else result


def _write_summary(jobs: dict[str, Job]) -> None:
    """With RIWAYA_MATRIX_SUMMARY=path: each case's outcome, a line each (for the issue)."""
    where = os.environ.get("RIWAYA_MATRIX_SUMMARY")
    if not where:
        return
    with open(where, "a", encoding="utf-8") as out:
        for name, (_folder, future) in jobs.items():
            if future.done() and future.exception() is None:
                out.write(f"{name}\t{_result(jobs, name).describe()}\n")


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_command(case: Case, jobs: dict[str, Job]) -> None:
    m: Measured = _result(jobs, key(case))
    for stream in (m.stdout, m.stderr):
        assert "Traceback (most recent call last)" not in stream, m.describe()
    assert m.code is not None and m.seconds < case.seconds, f"past the {case.seconds:.0f} s bound: {m.describe()}"
    assert m.peak_bytes < PEAK_LIMIT, f"past 1 GB of memory: {m.describe()}"
    case.expect(m, jobs[key(case)][0])


def _message(response: httpx.Response) -> str:
    """What a refusal says: its JSON's «error» or «detail», or the page's text."""
    if response.headers.get("content-type", "").startswith("application/json"):
        data = response.json()
        assert isinstance(data, dict) and (data.get("error") or data.get("detail")), data
        return json.dumps(data, ensure_ascii=False)
    assert "<html" in response.text, response.text[:300]
    return response.text


@pytest.mark.parametrize("case", [c.param() for c in WEB_CASES])
def test_web(case: Web, jobs: dict[str, Job]) -> None:
    answered: Answered = _result(jobs, key(case))
    response = answered.response
    assert response is not None, f"no answer within {HANG_GUARD_S:.0f} s: {answered.describe()}"
    statuses = case.status if isinstance(case.status, tuple) else (case.status,)
    assert response.status_code != 500, response.text[:500]
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    text = _message(response) if response.status_code >= 400 else response.text
    assert re.search(case.says, text), (case.says, text[:500])
    if case.check:
        case.check(response, answered.server)
    assert answered.alive == 200, "the server does not answer after it"
    assert answered.seconds < HANG_GUARD_S, answered.describe()
    assert answered.peak_bytes < PEAK_LIMIT, f"the server peaked past 1 GB: {answered.describe()}"
