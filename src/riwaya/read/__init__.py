"""Reading input documents: every kind riwaya takes, behind one function.

``read_text`` and ``decode`` read one text document (any encoding); ``iter_documents`` walks
files, folders and globs and yields a ``Document`` per article found — one per text, HTML, PDF
or image file, one per HTML response in a WARC archive, one per line of a JSONL file or item of a
JSON array (also inside ZIP archives, as SaudiNewsNet ships) — or an ``Unreadable`` saying which
input could not be read and why, so a batch goes on past it.
"""

from riwaya.read.base import Document, Unreadable
from riwaya.read.documents import iter_documents, read_document, read_one
from riwaya.read.text import MAX_BYTES, Source, decode, read_bytes, read_text

__all__ = ["MAX_BYTES", "Document", "Source", "Unreadable", "decode", "iter_documents", "read_bytes",
           "read_document", "read_one", "read_text"]
