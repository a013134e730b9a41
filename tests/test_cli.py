"""The command line, run as a user runs it: real files, exit codes, stdout and stderr — in this
process (tests/cli.py), and as a real process where the entry point, memory or signals matter."""

import contextlib
import datetime as dt
import io
import itertools
import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run_riwaya

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "report_and_statement.txt"


def run(*args, stdin=None):
    return run_riwaya(*args, stdin=stdin)


def test_the_entry_point_as_a_real_process(tmp_path):
    """``python -m riwaya`` itself: output, exit code, and a user error as one line."""
    proc = subprocess.run([sys.executable, "-m", "riwaya", "extract", "-", "--format", "json"],
                          input="قتل 17 مدنياً".encode(), capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert [m["value"] for m in json.loads(proc.stdout)["mentions"]] == [17]
    missing = subprocess.run([sys.executable, "-m", "riwaya", "extract", str(tmp_path / "none.txt")],
                             capture_output=True, timeout=600)
    assert "no such file" in one_line_error(missing)


def one_line_error(proc):
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("riwaya: error: "), err
    return lines[0]


def test_extract_json_contract_on_the_bundled_example():
    proc = run("extract", str(EXAMPLE), "--ref-date", "2019-03-12", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert out["text"] == text
    assert out["sentences"] and all(set(s) >= {"start", "end"} for s in out["sentences"])
    for m in out["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["kind"] in ("quantity", "date", "place", "person", "quote", "actor")
    quantities = {m["text"]: m for m in out["mentions"] if m["kind"] == "quantity"}
    assert quantities["نحو 1,350 شخصاً"]["qualifier"] == "about"
    assert quantities["ألفاً وثلاثمئة وخمسين شخصاً"]["value"] == 1350
    assert quantities["١٧ مدنياً"]["event"] == "killed"
    dates = [m for m in out["mentions"] if m["kind"] == "date"]
    places = {m["text"]: m["id"] for m in out["mentions"] if m["kind"] == "place"}
    assert places["ريف حماة الشمالي"] == "region.hama_countryside"
    assert places["إدلب"].startswith(("geonames:", "pcode:"))
    assert [d["gregorian"] for d in dates] == ["2019-03-11", "2019-03-11", "2019-03-11"]
    assert dates[0]["relative"] is True  # أمس, resolved against --ref-date
    assert dates[1]["consistent"] is dates[2]["consistent"] is True
    assert dates[1]["weekday_consistent"] is True


def test_check_of_the_bundled_example_lists_no_false_omission():
    # the statement's «الهيئة» is its issuer, «هيئة الدفاع المدني», which the report names:
    # it had been taken for Hay'at Tahrir al-Sham and listed as left out
    proc = run("check", str(EXAMPLE), "--ref-date", "2019-03-12", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["omissions"] == []
    issuer = [m for m in result["sources"][0]["mentions"] if m["kind"] == "actor" and m["text"] == "الهيئة"]
    assert [m["id"] for m in issuer] in ([], ["syria.civil_defence"])  # its issuer, or no one known


def test_extract_text_output_is_a_readable_table():
    proc = run("extract", str(EXAMPLE), "--ref-date", "2019-03-12")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "Quantities" in out and "Dates" in out and "at least" in out


def test_extract_refuses_a_text_past_its_cap_in_one_line(tmp_path):
    """`extract --max-chars` (2,000,000 by default): a 40 MB text of one line ran for minutes."""
    text = tmp_path / "long.txt"
    text.write_text("قتل 17 مدنياً في القصف. " * 100, encoding="utf-8")
    assert "long.txt: 2,400 characters, more than extract takes (--max-chars 1,000)" in one_line_error(
        run("extract", str(text), "--max-chars", "1000"))
    assert run("extract", str(text), "--max-chars", "2400").returncode == 0


def test_a_text_of_several_chunks_is_printed_chunk_by_chunk_with_the_totals():
    """The text format prints each chunk's tables as it is read (memory stays one chunk's), then
    the counts of the whole text; a text of one chunk as before."""
    from rich.console import Console

    from riwaya import cli
    from riwaya.extract import iter_extract

    text = EXAMPLE.read_text(encoding="utf-8")

    def printed(chunk_size: int) -> str:
        console = Console(record=True, width=160, file=io.StringIO())
        chunks = iter_extract(text, dt.date(2019, 3, 12), chunk_size=chunk_size)
        with contextlib.redirect_stdout(io.StringIO()):
            cli._print_extraction("example", list(itertools.islice(chunks, 1)), chunks, console)
        return re.sub("[\u200e\u2066-\u2069]", "", console.export_text())  # the bidi isolates

    whole, pieces = printed(10**6), printed(400)
    headings = [line for line in pieces.splitlines() if line.startswith("example")]
    assert len(headings) > 3 and headings[0].startswith("example [0–"), pieces[:500]

    def counts(heading: str) -> list[int]:
        return [int(n) for n in re.findall(r"\d+", heading.split(":", 1)[1])]

    per_chunk = [counts(h) for h in headings[:-1]]
    assert headings[-1].startswith("example:")
    assert counts(headings[-1]) == [sum(c) for c in zip(*per_chunk, strict=True)], "the totals of the chunks"
    assert "example [" not in whole and whole.startswith("example:")


def test_extract_reads_standard_input():
    proc = run("extract", "-", "--format", "json", stdin="قتل 17 مدنياً".encode())
    assert proc.returncode == 0
    (m,) = json.loads(proc.stdout)["mentions"]
    assert (m["value"], m["unit"], m["event"]) == (17, "civilian", "killed")


@pytest.mark.parametrize("args, message", [
    (["extract", "/no/such/file.txt"], "no such file"),
    (["extract", "."], "is a folder"),
    (["extract", str(EXAMPLE), "--ref-date", "23/04/2018"], "--ref-date takes a date as YYYY-MM-DD"),
    (["extract", str(EXAMPLE), "--format", "xml"], "--format"),
    (["extract"], "Missing argument"),
    (["nonsense"], "No such command"),
])
def test_user_errors_get_one_clear_line(args, message):
    assert message in one_line_error(run(*args))


def test_empty_input_is_a_correct_empty_result(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run("extract", str(empty), "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"text": "", "mentions": [], "sentences": []}
    assert "empty document" in run("extract", str(empty)).stdout.decode()


def test_binary_input_is_refused(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "not a text document" in one_line_error(run("extract", str(binary)))


def test_invalid_utf8_bytes_are_replaced_with_a_warning(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes("قتل 17 مدنياً في القصف".encode() + b"\xff\xfe\xfa" + " ونزح 300 شخص".encode())
    proc = run("extract", str(broken), "--format", "json")
    assert proc.returncode == 0
    assert "invalid UTF-8" in proc.stderr.decode()
    values = [m["value"] for m in json.loads(proc.stdout)["mentions"]]
    assert values == [17, 300]


def test_windows_1256_is_detected(tmp_path):
    legacy = tmp_path / "legacy.txt"
    text = "أعلنت الوزارة مقتل 17 مدنياً وإصابة ثلاثين آخرين في قصف استهدف السوق الشعبي وسط المدينة."
    legacy.write_bytes(text.encode("cp1256"))
    proc = run("extract", str(legacy), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["text"] == text
    assert [m["value"] for m in out["mentions"]] == [17, 30]


@pytest.mark.slow
def test_a_single_line_of_a_million_characters(tmp_path):
    unit = "قال المرصد إن 17 مدنياً قتلوا وأصيب ثلاثون آخرون في القصف على البلدة، "
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    path = tmp_path / "line.txt"
    path.write_text(line, encoding="utf-8")
    proc = run("extract", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr[-500:]
    out = json.loads(proc.stdout)
    quantities = [m for m in out["mentions"] if m["kind"] == "quantity"]
    assert len(quantities) >= 2 * (1_000_000 // len(unit)) - 2
    for m in quantities[:50] + quantities[-50:]:
        assert line[m["start"]:m["end"]] == m["text"]


@pytest.mark.slow
def test_a_50_megabyte_file_in_bounded_memory(tmp_path):
    paragraph = EXAMPLE.read_text(encoding="utf-8") + "\n\n"
    copies = 50_000_000 // len(paragraph.encode()) + 1
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(copies):
            handle.write(paragraph)
    size = path.stat().st_size
    assert size >= 50_000_000
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # past extract's cap (--max-chars): a user who raises it to read a large file
    proc = subprocess.run([sys.executable, "-m", "riwaya", "extract", str(path), "--format", "json",
                           "--max-chars", "100000000"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert proc.returncode == 0, proc.stderr[-500:]
    # The text itself must be held (it is part of the output); everything else is per chunk.
    assert max(peak_kb, before) < 1_500_000, f"peak RSS {peak_kb / 1024:.0f} MB for a {size / 1e6:.0f} MB file"


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("riwaya ")


def test_an_id_past_what_sqlite_holds_is_one_line(tmp_path):
    for args in (["story", str(2**63)], ["review", str(2**64), "--rating", "False"], ["story", "0"]):
        ran = run_riwaya(*args, "--db", str(tmp_path / "r.db"), text=True)
        assert ran.returncode == 2 and ran.stderr.count("\n") == 1 and "Traceback" not in ran.stderr, args


def test_extract_reads_an_html_page_as_check_does(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><nav>الرئيسية | اتصل بنا</nav><article><h1>قصف على السوق</h1>"
                    "<p>قال الدفاع المدني في بيان يوم الأحد إن 12 مدنياً قتلوا وأصيب 30 آخرون في قصف استهدف "
                    "سوق المدينة صباح اليوم، وإن فرقه ما زالت تبحث عن مفقودين تحت الأنقاض.</p></article>"
                    "</body></html>", encoding="utf-8")
    out = json.loads(run_riwaya("extract", str(page), "--format", "json", check=True).stdout)
    assert "<" not in out["text"] and "اتصل بنا" not in out["text"]  # the article, not the markup
    twelve = next(m for m in out["mentions"] if m["kind"] == "quantity" and m.get("value") == 12)
    assert out["text"][twelve["start"]:twelve["end"]].startswith("12")  # offsets into that text
