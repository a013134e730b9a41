"""Hostile and careless inputs made on the spot (tests/test_bad_inputs.py): ZIP archives whose
members expand a thousandfold, PNGs of huge dimensions in a small file, WARC archives, PDFs and
a riwaya database damaged mid-file — every one generated, none shipped.

And the measure of one ``riwaya`` command run as a process of its own: its exit code, output,
wall time and peak memory (``run_measured``)."""

from __future__ import annotations

import io
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MB = 1 << 20
GB = 1 << 30

# Invented news items (no real article), one event each.
ARTICLES = (
    "قال المتحدث باسم الدفاع المدني في بلدة التلال إن 12 مدنياً قتلوا وأصيب 30 آخرون في قصف استهدف "
    "سوق الخضار صباح الأحد، وإن فرق الإنقاذ ما زالت تبحث عن مفقودين تحت الأنقاض.",
    "أعلنت مديرية الصحة في مدينة السواحل وصول 45 جريحاً إلى المستشفى العام بعد انفجار في مستودع قرب "
    "الميناء، بينهم ثمانية أطفال، وناشدت السكان التبرع بالدم.",
    "غمرت السيول 200 منزل في قرية العين الزرقاء بعد أمطار غزيرة استمرت ثلاثة أيام، وأجلت فرق الإنقاذ "
    "أكثر من 600 من السكان إلى مدارس القرية.",
)


# --- one command, measured -------------------------------------------------------------------

@dataclass
class Measured:
    """What one run of ``riwaya`` did."""

    args: list[str]
    code: int | None  # None: still running at its time bound, and killed
    stdout: str
    stderr: str
    seconds: float
    peak_bytes: int  # the most resident memory of the process (and of the children it waited for)

    def describe(self) -> str:
        """The run in a few lines, for a failed assertion and the matrix's summary."""
        err = [line for line in self.stderr.splitlines() if line.strip()]
        head = err[:2] + (["…", err[-1]] if len(err) > 3 else err[2:3])
        code = "killed at the time bound" if self.code is None else f"exit {self.code}"
        return (f"{code}, {self.seconds:.1f} s, {self.peak_bytes / MB:.0f} MB; stderr: "
                + (" | ".join(line[:200] for line in head) or "(none)")
                + f"; stdout: {self.stdout[:200]!r}")


def child_environment() -> dict[str, str]:
    """The environment of a ``riwaya`` child: this checkout's code, English messages."""
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "RIWAYA_LANG": "en", "COLUMNS": "160"}


# Started by run_measured: runs the command as its child, and writes down the child's pid, then
# its peak memory (KB) as os.wait4 gives it. Python, and not /usr/bin/time, which a machine may lack.
_LAUNCHER = """
import os, subprocess, sys
report = sys.argv[1]
child = subprocess.Popen(sys.argv[2:])
with open(report, "w") as f:
    f.write(f"{child.pid}\\n")
_pid, status, usage = os.wait4(child.pid, 0)
child.returncode = 0  # reaped here
with open(report, "a") as f:
    f.write(f"{usage.ru_maxrss}\\n")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_measured(args: list[str], cwd: Path, *, stdin: bytes | None = None,
                 seconds: float = 60.0) -> Measured:
    """``python -m riwaya ARGS`` in a process of its own, killed (with whatever it started) when
    it runs past ``seconds``.

    Its peak memory is the ``ru_maxrss`` that ``os.wait4`` gives for that one process: the
    kernel's high-water mark of its resident set, with those of the children it waited for (a
    worker pool, pdftotext, tesseract). Measured by a small launcher process between this one
    and the command: Linux carries the high-water mark of a process's memory across fork and
    exec, so a command started straight from this test process (hundreds of MB once it has
    loaded the lexicons) would be said to peak at least that high. Not
    ``getrusage(RUSAGE_CHILDREN)`` either: that is the largest of every child ever waited for. A
    command killed at its time bound is measured by its VmHWM just before. Several runs may go at
    once (threads): each has its own launcher."""
    env = child_environment()
    with tempfile.TemporaryDirectory(prefix="riwaya-measure-") as scratch, \
            open(Path(scratch) / "out", "w+b") as out, open(Path(scratch) / "err", "w+b") as err, \
            open(Path(scratch) / "in", "w+b") as given:
        report = Path(scratch) / "report"
        if stdin is not None:
            given.write(stdin)
            given.seek(0)
        started = time.monotonic()
        # a session of its own: at the time bound its whole group goes, and no other process
        launcher = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(report), sys.executable, "-m", "riwaya", *args], cwd=cwd,
            env=env, stdin=given if stdin is not None else subprocess.DEVNULL, stdout=out, stderr=err,
            start_new_session=True)
        code: int | None = None
        peak_kb = 0
        while launcher.poll() is None:
            if time.monotonic() - started > seconds:
                lines = report.read_text().split() if report.exists() else []
                if lines:
                    peak_kb = peak_of(int(lines[0])) // 1024
                _kill_group(launcher.pid)
                launcher.wait()
                break
            time.sleep(0.01)
        else:
            code = launcher.returncode
            lines = report.read_text().split()
            peak_kb = int(lines[1]) if len(lines) > 1 else 0
        elapsed = time.monotonic() - started
        _kill_group(launcher.pid)  # whatever it left running (none expected)
        out.seek(0)
        err.seek(0)
        return Measured(args, code, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), elapsed, peak_kb * 1024)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def peak_of(pid: int) -> int:
    """The high-water mark of ``pid``'s resident memory (VmHWM), in bytes; 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def reset_peak(pid: int) -> bool:
    """Set ``pid``'s VmHWM back to its present RSS (Linux ≥ 4.0); False where it cannot be."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


# --- ZIP archives, by hand: members whose compressed data is given ------------------------------

@dataclass
class Deflated:
    """A raw deflate stream and what it expands to."""

    data: bytes
    crc: int
    size: int


def repeated(unit: bytes, times: int) -> Deflated:
    """``unit`` ``times`` over, deflated without compressing it ``times`` over: after a full flush
    the compressor starts afresh, so each repetition compresses to the same bytes. A GB of
    blanks costs a second, and a MB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
    return Deflated(piece * times + end, crc, len(unit) * times)


def deflated(data: bytes) -> Deflated:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Deflated(packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def raw_zip(members: list[tuple[str, Deflated]], *, declared: dict[str, int] | None = None) -> bytes:
    """A ZIP archive of deflated members; ``declared`` gives a member a size its headers claim
    instead of its real one (an archive that lies)."""
    out = io.BytesIO()
    central = []
    for name, member in members:
        raw = name.encode("utf-8")
        size = (declared or {}).get(name, member.size)
        offset = out.tell()
        fields = (20, 0x800, 8, 0, 0x21, member.crc, len(member.data), size, len(raw))
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0) + raw + member.data)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0,
                                   0, offset) + raw)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))
    return out.getvalue()


# --- images, PDFs, WARCs -------------------------------------------------------------------------

def png(width: int, height: int) -> bytes:
    """A real black-and-white PNG of ``width``×``height``: 40,000² is 200 KB of file and 1.6 G
    pixels to whoever decodes it."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    body = repeated(row, height)
    stream = b"\x78\xda" + body.data + struct.pack(">I", _adler32(row, height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def _adler32(unit: bytes, times: int) -> int:
    value = 1
    for _ in range(times):
        value = zlib.adler32(unit, value)
    return value


def pdf(text: str) -> bytes:
    """A one-page PDF that says ``text`` (Latin letters, Helvetica)."""
    content = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def html_page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><nav>الرئيسية | أخبار | اتصل بنا</nav><article><h1>{title}</h1>{body}"
            "</article><footer>جميع الحقوق محفوظة</footer></body></html>")


def warc(records: list[tuple[str, str, bytes]], *, gzipped: bool) -> tuple[bytes, list[int]]:
    """A WARC of HTTP responses (url, content type, body); and where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    ends = []
    for url, content_type, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
        ends.append(out.tell())
    return out.getvalue(), ends


def warc_request(url: str) -> bytes:
    """A WARC request record (no response): what a crawler writes beside each response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=headers))
    writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                                                  warc_content_type="application/warc-fields"))
    return out.getvalue()


def damage(db: Path, *, start: int, length: int) -> None:
    """Overwrite ``length`` bytes of the database ``db`` from byte ``start`` with garbage."""
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(start)
        f.write(bytes((0xA5 + i) % 256 for i in range(max(0, min(length, size - start)))))
