"""A prepared document as the rows every store writes: built once, by a pure function, for
SQLite and PostgreSQL alike (they differ only in how they insert them), and built where the
document was analyzed (a cluster's worker), so that the one writer only inserts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riwaya.compare.prepare import Prepared
    from riwaya.compare.stories import Features


@dataclass
class DocumentRows:
    """One document's rows, every JSON column encoded."""

    document: tuple[Any, ...]  # hash, name, kind, title, url, outlet, published, published_day, language,
    # ocr_confidence, warnings, issuer, issuer_terms, text, meta
    sentences: list[tuple[int, int, int]]  # idx, start, end
    mentions: list[tuple[str, int, int, str, str]]  # kind, start, end, text, data
    claims: list[tuple[Any, ...]]  # the index of its mention in ``mentions``, then unit … frame
    signature: tuple[Any, ...]  # minhash, shingles, sentence_keys, numbers, features, attributed, words,
    # slots
    norm: str  # the search index's normalized words and stems
    stems: str
    capture: tuple[str, str, bytes] | None = None  # a fetched page: its URL, when, its WARC record

    @property
    def title(self) -> str:
        return self.document[3] or ""


def document_rows(p: Prepared, f: Features) -> DocumentRows:
    from riwaya.extract.actors import family

    d = p.doc
    issuer = p.issuer or {}
    document = (p.hash, d.name, d.kind, d.title, d.url, d.outlet, d.published, p.published, d.language,
                d.ocr_confidence, json.dumps(d.warnings, ensure_ascii=False), issuer.get("text"),
                json.dumps(issuer["terms"], ensure_ascii=False) if issuer else None, d.text,
                json.dumps(d.meta, ensure_ascii=False))
    mentions, claims = [], []
    for i, m in enumerate(p.mentions):
        mentions.append((m["kind"], m["start"], m["end"], m["text"], json.dumps(m, ensure_ascii=False)))
        claim = m.get("claim")
        if m["kind"] == "quantity" and claim is not None:
            actor = claim.get("actor") or {}
            claims.append((i, m["unit"], m["event"], family(actor["id"]) if actor.get("id") else None,
                           actor.get("text"), (claim.get("place") or {}).get("id"), m["value"], m["low"],
                           m["high"],
                           m["qualifier"], (claim.get("attributed_to") or {}).get("text"), claim.get("hedge"),
                           int(bool(m.get("among"))), m["start"], m["end"], m["text"],
                           json.dumps(claim.get("frame") or {}, ensure_ascii=False)))
    signature = (p.minhash.tobytes() if p.minhash is not None else None,
                 p.shingles.tobytes() if p.shingles is not None else None, json.dumps(p.sentence_keys),
                 json.dumps(p.numbers),
                 json.dumps({"terms": f.terms, "actors": sorted(f.actors), "places": sorted(f.places),
                             "figures": sorted(f.figures), "specifics": sorted(f.specifics or ()),
                             "event_days": sorted(f.event_days or ())}, ensure_ascii=False),
                 json.dumps(p.attributed, ensure_ascii=False),
                 p.words.tobytes() if p.words is not None else None,
                 json.dumps(p.slots, ensure_ascii=False))
    fetched = d.meta.get("fetched") or {}
    capture = (d.url or d.name, fetched.get("fetched_at", ""), d.capture) if d.capture else None
    return DocumentRows(document, [(i, s, e) for i, (s, e) in enumerate(p.sentences)], mentions, claims,
                        signature, p.norm, p.stems, capture)


@dataclass
class Appearance:
    """A stored text read again under another name (a Telegram forward, a wire text on another
    site): what its input said of it, to be kept with the document of that text."""

    hash: str
    name: str
    outlet: str | None
    url: str | None
    published: str | None
    meta: str  # JSON

    @classmethod
    def of(cls, doc: Any) -> Appearance:
        """The appearance of a document read (a Document, or what a cluster's worker says of one)."""
        return cls(doc.hash, doc.name, doc.outlet, doc.url, doc.published,
                   json.dumps(doc.meta, ensure_ascii=False))


def appearance(row: Any) -> dict[str, Any]:
    """An appearance row as the JSON shows it."""
    return {"name": row["name"], "outlet": row["outlet"], "url": row["url"], "published": row["published"],
            "meta": json.loads(row["meta"] or "{}")}
