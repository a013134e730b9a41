"""JSON output, streamed so that a large document never needs its whole result in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from riwaya.extract import Chunk

_TEXT_PIECE = 1 << 20


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_extraction(out: IO[str], text: str, chunks: Iterable[Chunk],
                     extra: dict[str, Any] | None = None) -> None:
    """Write ``{"text", "mentions", "sentences", ...}`` chunk by chunk."""
    out.write('{"text": "')
    for i in range(0, len(text), _TEXT_PIECE):
        out.write(dumps(text[i:i + _TEXT_PIECE])[1:-1])
    out.write('", "mentions": [')
    sentences: list[tuple[int, int]] = []
    first = True
    for chunk in chunks:
        for mention in chunk.mentions:
            out.write(("" if first else ", ") + dumps(mention))
            first = False
        sentences.extend((s["start"], s["end"]) for s in chunk.sentences)
    out.write('], "sentences": [')
    out.write(", ".join(f'{{"start": {s}, "end": {e}}}' for s, e in sentences))
    out.write("]")
    for key, value in (extra or {}).items():
        out.write(f", {dumps(key)}: {dumps(value)}")
    out.write("}\n")
