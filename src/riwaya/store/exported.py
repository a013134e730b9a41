"""Queries both backends run alike: what the export writes of each table; the documents with
their signatures."""

from __future__ import annotations

# What `riwaya export --format parquet` writes, table by table: the query, and the condition that
# keeps the rows of some stories ({marks}: their numbers; {documents}: a query of their documents).
EXPORTED_TABLES: dict[str, tuple[str, str]] = {
    "documents": ("SELECT id, hash, name, kind, title, url, outlet, published, published_day, language, "
                  "ocr_confidence, warnings, issuer, story_id, ingested_at, meta, text FROM documents",
                  "story_id IN ({marks})"),
    "sentences": ('SELECT document_id, idx, start, "end" FROM sentences', "document_id IN ({documents})"),
    "mentions": ('SELECT id, document_id, kind, start, "end", text, data FROM mentions',
                 "document_id IN ({documents})"),
    "claims": ('SELECT id, document_id, mention_id, unit, event, actor, actor_text, place, value, low, high, '
               'qualifier, attributed_to, hedge, among, start, "end", text, frame FROM claims',
               "document_id IN ({documents})"),
    "links": ("SELECT source_id, target_id, kind, similarity, data FROM links",
              "source_id IN ({documents}) AND target_id IN ({documents})"),
    "stories": ("SELECT id, title, first_day, last_day, size FROM stories", "id IN ({marks})"),
    "appearances": ("SELECT document_id, name, outlet, url, published, meta FROM appearances",
                    "document_id IN ({documents})"),
}

# The documents with their signatures: what the corpus indexes and the copy shuffle read.
SIGNED_DOCUMENTS = (
    "SELECT d.id, d.hash, d.published, d.published_day, d.outlet, d.story_id, s.minhash, s.shingles, "
    "s.sentence_keys, s.numbers, s.features, s.words, s.slots, d.issuer FROM documents d "
    "JOIN signatures s ON s.document_id = d.id")
