"""Copies of many documents found at once (compare/batch_copies.py), over blocks of stored
prints: on a Dask cluster (corpus/cluster.py) or here, in this process, for the documents a
killed cluster ingest stored without their copies (``link_unlinked``, which every ingest
calls first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from riwaya.compare import batch_copies as bc
from riwaya.compare.duplicates import stored_fingerprint, stored_minhash, stored_word_offsets
from riwaya.corpus.placement import placing_key
from riwaya.store import Store

BLOCK_DOCS = 1000  # documents per block of the copy shuffle: a step holds a few blocks, whatever the corpus
# The setting that says from which document on copies are still to be found (a killed ingest).
COPIES_UNLINKED = "copies_unlinked_from"

Delay = Callable[[Callable[..., Any]], Callable[..., Any]]
Progress = Callable[[str, Any], None]


def unlinked(store: Store) -> int | None:
    raw = store.setting(COPIES_UNLINKED)
    return int(raw) if raw else None


def stored_prints(store: Store, first: int, last: int) -> list[bc.CopyPrint]:
    """The prints of the documents stored with ids ``first`` to ``last``."""
    out = []
    for r in store.signatures(first, last):
        out.append(bc.CopyPrint(stored_fingerprint(r), stored_minhash(r), stored_word_offsets(r["words"]),
                                placing_key(r["published"], r["hash"])))
    return out


@dataclass(frozen=True)
class Block:
    """A run of ids of stored documents, whose prints each step that needs them reads from the
    database (a worker opens it by ``db``, its --db): a step holds a block's prints only while
    it runs, never the corpus's."""

    db: str
    first: int
    last: int
    ingest: str = ""  # which ingest asks (a worker keeps the database open for that one only)

    def prints(self) -> list[bc.CopyPrint]:
        return stored_prints(_opened(self.db, self.ingest), self.first, self.last)


@dataclass(frozen=True)
class HeldBlock:
    """A block read by this process (``link_unlinked``), from the store it has open."""

    store: Any
    first: int
    last: int

    def prints(self) -> list[bc.CopyPrint]:
        return stored_prints(self.store, self.first, self.last)


# Blocks are read by the steps, or given to them as lists of prints (a SQLite file on another
# machine than the cluster's workers: read here and sent).
BlockInput = Block | HeldBlock | list[bc.CopyPrint]

_opened_for: dict[tuple[str, str], Store] = {}


def _opened(db: str, ingest: str) -> Store:
    """The database ``db``, opened once in this process (a worker's) for one ingest: a worker
    of a cluster that outlives it must not read a file of the same name made again since."""
    from riwaya.store import open_store

    if (db, ingest) not in _opened_for:
        for earlier in _opened_for.values():
            earlier.close()
        _opened_for.clear()
        _opened_for[(db, ingest)] = open_store(db, create=False)  # type: ignore[assignment]
    return _opened_for[(db, ingest)]


def _prints(block: BlockInput) -> list[bc.CopyPrint]:
    return block if isinstance(block, list) else block.prints()


def id_blocks(last_id: int, size: int) -> list[tuple[int, int]]:
    """Ids 1 to ``last_id`` in runs of ``size``."""
    return [(first, min(first + size - 1, last_id)) for first in range(1, last_id + 1, size)]


def graph(delay: Delay, blocks: Sequence[BlockInput], starts: list[int], first_new: int) -> list[Any]:
    """The shuffles that find the copies of the documents from ``first_new`` on, over
    ``blocks`` (starting at ids ``starts``), built with ``delay`` (dask.delayed on a cluster;
    a plain call here): one result a block, its links."""
    n = len(blocks)
    keys = [delay(_keys_routed)(block, n) for block in blocks]
    pairs = [delay(_pairs_routed)([delay(_piece)(k, bucket) for k in keys], starts) for bucket in range(n)]
    candidates = [delay(_candidates_routed)([delay(_piece)(p, block) for p in pairs], first_new, starts)
                  for block in range(n)]
    answers = [delay(_answered)(blocks[block], [delay(_piece)(c, block) for c in candidates], starts)
               for block in range(n)]
    return [delay(_links)(blocks[block], [delay(_piece)(a, block) for a in answers]) for block in range(n)]


def _piece(routed: dict[int, Any], key: int) -> Any:
    return routed[key]


def _keys_routed(block: BlockInput, buckets: int) -> dict[int, np.ndarray]:
    return bc.routed(bc.keys(_prints(block)), buckets)


def _pairs_routed(pieces: list[np.ndarray], starts: list[int]) -> dict[int, np.ndarray]:
    return bc.routed_by_block(bc.pairs(np.concatenate([np.zeros(0, bc.KEY), *pieces])), "later", starts)


def _candidates_routed(pieces: list[np.ndarray], first_new: int, starts: list[int]) -> dict[int, np.ndarray]:
    return bc.routed_by_block(bc.candidates(pieces, first_new), "earlier", starts)


def _answered(block: BlockInput, pieces: list[np.ndarray], starts: list[int]
              ) -> dict[int, tuple[np.ndarray, bytes]]:
    return bc.answered(_prints(block), pieces, starts)


def _links(block: BlockInput, pieces: list[tuple[np.ndarray, bytes]]
           ) -> tuple[list[bc.LinkRow], list[int]]:
    return bc.links(_prints(block), pieces)


def store_links(store: Store, results: Any, first_new: int, progress: Progress | None,
                 done: Callable[[Any], Iterable[tuple[list[bc.LinkRow], list[int]]]]) -> int:
    """Store the links of each block as it is verified; once all are, the documents are linked."""
    copied = 0
    with store.transaction():
        store.unlink_copies(first_new)  # those of a killed ingest, found again
    total = len(results)
    for i, (rows, linked) in enumerate(done(results)):
        with store.transaction():
            store.add_links((r.source, r.target, r.kind, r.similarity, r.data) for r in rows)
        copied += len(linked)  # new documents all (``candidates`` pairs only those)
        if progress:
            progress("linking", (i + 1, total))
    with store.transaction():
        store.set_setting(COPIES_UNLINKED, None)
    return copied


def link_unlinked(store: Store) -> None:
    """Find here, in this process, the copies of the documents a killed cluster ingest stored
    without them (the default engine calls this before it adds)."""
    first = unlinked(store)
    if first is None:
        return
    ranges = id_blocks(store.last_document_id(), BLOCK_DOCS)
    blocks = [HeldBlock(store, a, b) for a, b in ranges]
    store_links(store, graph(_now, blocks, [a for a, _b in ranges], first), first, None, done=iter)


def _now(func: Callable[..., Any]) -> Callable[..., Any]:
    return func
