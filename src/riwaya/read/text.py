"""Reading input documents: bytes from a file or standard input, decoded to text.

Arabic text still arrives in CP1256 and ISO-8859-6 from older sites and in UTF-16 from Windows
tools; UTF-8 is tried first (strictly), then the byte-order marks, then charset-normalizer.
Binary files are refused with a clear message rather than decoded into noise.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from riwaya.errors import RiwayaError
from riwaya.i18n import _

MAX_BYTES = 256 * 1024 * 1024
_SNIFF = 64 * 1024


@dataclass
class Source:
    """A document as read: its text, where it came from, and what the reader noticed."""

    text: str
    name: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def not_a_regular_file(path: str) -> str:
    """Why a named pipe, a device or a socket is not read: reading one waited for a writer
    without end (issue 16)."""
    return (_("%(path)s: not a regular file (a pipe, a device or a socket); give a file, or - to read "
              "standard input") % {"path": path})


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise RiwayaError(_("%(path)s: no such file") % {"path": path})
        if p.is_dir():
            raise RiwayaError(_("%(path)s: is a folder, not a file") % {"path": path})
        if not p.is_file():
            raise RiwayaError(not_a_regular_file(path))
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise RiwayaError(
                    _("%(path)s: %(size)s MB is larger than the %(limit)s MB riwaya reads in one document")
                    % {"path": path, "size": f"{size / 2**20:.0f}", "limit": f"{max_bytes / 2**20:.0f}"})
            data = p.read_bytes()
        except PermissionError as exc:
            raise RiwayaError(_("%(path)s: permission denied") % {"path": path}) from exc
        except OSError as exc:
            raise RiwayaError(
                _("%(path)s: cannot read (%(reason)s)")
                % {"path": path, "reason": exc.strerror or exc}) from exc
    if len(data) > max_bytes:
        raise RiwayaError(
            _("%(path)s: input is larger than the %(limit)s MB riwaya reads in one document")
            % {"path": path, "limit": f"{max_bytes / 2**20:.0f}"})
    return data


def _utf16_without_mark(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (Windows tools do): its NUL bytes, the high
    halves of ASCII spaces, digits and punctuation, sit on one parity only (odd in little-endian),
    and the text it decodes to is letters and spaces, not control characters. It was called
    binary (issue 16)."""
    head = data[:_SNIFF] if len(data) % 2 == 0 else data[:_SNIFF - 1]
    nuls = [i for i, b in enumerate(head) if b == 0]
    odd = sum(i % 2 for i in nuls)
    for encoding, on_its_side in (("utf-16-le", odd), ("utf-16-be", len(nuls) - odd)):
        if on_its_side < 0.95 * len(nuls):
            continue
        try:
            text = data[: len(data) - len(data) % 2].decode(encoding)
        except UnicodeDecodeError:
            return None
        sample = text[:_SNIFF]
        controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls <= len(sample) * 0.01 and any(ch.isalpha() for ch in sample):
            return text, encoding
    return None


def decode(data: bytes, name: str = "<input>") -> Source:
    """Decode document bytes to text, refusing binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return Source(data[3:].decode("utf-8", errors="replace"), name, "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Source(data.decode("utf-16", errors="replace"), name, "utf-16")
    head = data[:_SNIFF]
    if b"\x00" in head:
        utf16 = _utf16_without_mark(data)
        if utf16 is not None:
            return Source(utf16[0], name, utf16[1])
        raise RiwayaError(_("%(name)s: not a text document (binary data)") % {"name": name})
    try:
        return Source(data.decode("utf-8"), name, "utf-8")
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    # Mostly UTF-8 with a few broken bytes (a truncated download): keep it, say so.
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if broken and broken <= max(3, len(data) // 1000):
        return Source(text, name, "utf-8",
                      [f"{name}: {broken} invalid UTF-8 byte sequence(s) replaced "
                       f"(first at byte {bad_at})"])
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise RiwayaError(
            _("%(name)s: cannot tell the text encoding (invalid UTF-8 from byte %(bad_at)s)")
            % {"name": name, "bad_at": bad_at})
    text = data.decode(best.encoding, errors="replace")
    controls = sum(1 for ch in text[:_SNIFF] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:_SNIFF]) * 0.05:
        raise RiwayaError(_("%(name)s: not a text document (binary data)") % {"name": name})
    return Source(text, name, best.encoding,
                  [f"{name}: not UTF-8; decoded as {best.encoding}"])


def read_text(path: str, max_bytes: int = MAX_BYTES) -> Source:
    """Read a text document from ``path`` (or standard input for ``-``)."""
    name = "<stdin>" if path == "-" else path
    return decode(read_bytes(path, max_bytes), name)
