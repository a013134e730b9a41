"""The database as Parquet files, one per table, for analysts who load them in pandas, DuckDB,
Polars or Spark: documents (with their text, which every offset points into), sentences,
mentions, claims (the figures), links (copies, cites, templates), stories, and appearances
(where a stored text was published again under another name: a Telegram forward, a wire text on
another site).

Columns keep the database's names and meanings; what the database keeps as JSON (a mention as
`riwaya extract` gives it, a claim's frame, a link's measures, a document's meta such as a
Telegram message's forward and reply) stays a JSON string, which DuckDB
reads with its JSON functions and pandas with ``json.loads``. A document's warnings are a list of
strings; its day of publication a date. Each table is written a few thousand rows at a time
(one row group each), so the export's memory does not grow with the corpus.

Needs pyarrow (``pip install 'riwaya[parquet]'``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.store import Store

ROWS_PER_GROUP = 5000


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    text, integer, real = pa.string(), pa.int64(), pa.float64()
    return {
        "documents": pa.schema([
            ("id", integer), ("hash", text), ("name", text), ("kind", text), ("title", text), ("url", text),
            ("outlet", text), ("published", text), ("published_day", pa.date32()), ("language", text),
            ("ocr_confidence", real), ("warnings", pa.list_(text)), ("issuer", text), ("story_id", integer),
            ("ingested_at", text), ("meta", text), ("text", text)]),
        "sentences": pa.schema([("document_id", integer), ("idx", integer), ("start", integer),
                                ("end", integer)]),
        "mentions": pa.schema([("id", integer), ("document_id", integer), ("kind", text), ("start", integer),
                               ("end", integer), ("text", text), ("data", text)]),
        "claims": pa.schema([
            ("id", integer), ("document_id", integer), ("mention_id", integer), ("unit", text),
            ("event", text), ("actor", text), ("actor_text", text), ("place", text), ("value", real),
            ("low", real), ("high", real), ("qualifier", text), ("attributed_to", text), ("hedge", text),
            ("among", pa.bool_()), ("start", integer), ("end", integer), ("text", text), ("frame", text)]),
        "links": pa.schema([("source_id", integer), ("target_id", integer), ("kind", text),
                            ("similarity", real), ("data", text)]),
        "stories": pa.schema([("id", integer), ("title", text), ("first_day", pa.date32()),
                              ("last_day", pa.date32()), ("size", integer)]),
        "appearances": pa.schema([("document_id", integer), ("name", text), ("outlet", text), ("url", text),
                                  ("published", text), ("meta", text)]),
    }


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Columns read otherwise than as stored: JSON lists, ISO days, SQLite's 0/1.
_CONVERT = {"warnings": json.loads, "published_day": _day, "first_day": _day, "last_day": _day, "among": bool}


def write_parquet(store: Store, folder: str, story_ids: list[int] | None = None) -> dict[str, int]:
    """Write every table of ``store`` (or those of ``story_ids``' documents) to
    ``folder``/TABLE.parquet; the rows written, by table."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RiwayaError(_("Parquet export needs pyarrow: pip install 'riwaya[parquet]'")) from exc
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise RiwayaError(_("%(path)s: not a folder (Parquet export writes one file per table into a folder)")
                          % {"path": folder})
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RiwayaError(_("%(path)s: cannot write (%(reason)s)")
                          % {"path": folder, "reason": exc.strerror}) from exc
    written: dict[str, int] = {}
    for table, schema in _schemas().items():
        convert = [(i, _CONVERT.get(name)) for i, name in enumerate(schema.names)]
        rows = 0
        with pq.ParquetWriter(out / f"{table}.parquet", schema, compression="zstd") as writer:
            for batch in store.export_batches(table, story_ids, ROWS_PER_GROUP):
                columns: list[list[Any]] = [[] for _name in schema.names]
                for row in batch:
                    for i, change in convert:
                        value = row[i]
                        columns[i].append(change(value) if change and value is not None else value)
                writer.write_table(pa.Table.from_arrays(
                    [pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema))
                rows += len(batch)
            if rows == 0:
                writer.write_table(schema.empty_table())
        written[table] = rows
    return written
