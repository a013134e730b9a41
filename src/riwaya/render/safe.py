"""HTML escaping for text from documents, bidi controls included.

Escaping markup is not enough in Arabic pages: a right-to-left override (U+202E) or an isolate
in a document reorders everything displayed after it, the classic way to disguise a link or a
figure. Every bidi control is shown as a visible mark (⟦U+202E⟧) instead of acting.
"""

from __future__ import annotations

import html
import re

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def show(text: str) -> str:
    """``text`` with its bidi controls made visible."""
    return _BIDI_CONTROLS.sub(lambda m: f"⟦U+{ord(m[0]):04X}⟧", text)


def escape(text: str, quote: bool = True) -> str:
    """HTML-escaped, bidi controls made visible."""
    return html.escape(show(text), quote=quote)
