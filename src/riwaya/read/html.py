"""HTML pages: the article's main text, title, date, site name and URL, by trafilatura.

trafilatura drops navigation, footers and comments and keeps short first lines such as the
dateline («إدلب - عنب بلدي»), which say where a report was filed and by whom.
"""

from __future__ import annotations

from typing import Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import Document
from riwaya.read.text import decode


def _trafilatura() -> Any:
    import trafilatura
    import trafilatura.htmlprocessing

    return trafilatura


def read_html(data: bytes, name: str, *, url: str | None = None, published: str | None = None,
              kind: str = "html") -> Document:
    try:
        trafilatura = _trafilatura()
    except ImportError as exc:  # one unreadable file with the fix, never a batch ended by a traceback
        package = "lxml_html_clean" if "lxml_html_clean" in str(exc) else exc.name or "trafilatura"
        raise RiwayaError(_("%(name)s: reading HTML needs %(package)s (pip install %(package)s)")
                          % {"name": name, "package": package}) from exc

    html = decode(data, name).text
    # No extensive date search: it guesses «2023-01-01» from a year in the text.
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, deduplicate=False,
                                            date_extraction_params={"extensive_search": False,
                                                                    "original_date": True})
    if extracted is None:
        raise RiwayaError(_("%(name)s: no article text found in the page") % {"name": name})
    found = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = (found.get("text") or "").strip()
    if not text:
        raise RiwayaError(_("%(name)s: no article text found in the page") % {"name": name})
    return Document(name, text, kind, title=found.get("title") or None,
                    url=found.get("url") or url, outlet=found.get("sitename") or found.get("hostname"),
                    published=found.get("date") or published)
