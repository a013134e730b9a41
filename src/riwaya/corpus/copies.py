"""Copies of many documents found at once (compare/batch_copies.py), over blocks of stored
prints: on a Dask cluster (corpus/cluster.py) or here, in this process, for the documents a
killed cluster ingest stored without their copies (``link_unlinked``, which every ingest
calls first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from riwaya.compare import batch_copies as bc
from riwaya.compare.duplicates import stored_fingerprint, stored_minhash
from riwaya.corpus.placement import placing_key
from riwaya.store import Store

BLOCK_DOCS = 2000  # documents per block of the copy shuffle: a step's memory is a few blocks'
# The setting that says from which document on copies are still to be found (a killed ingest).
COPIES_UNLINKED = "copies_unlinked_from"

Delay = Callable[[Callable[..., Any]], Callable[..., Any]]
Progress = Callable[[str, Any], None]


def unlinked(store: Store) -> int | None:
    raw = store.setting(COPIES_UNLINKED)
    return int(raw) if raw else None


def stored_prints(store: Store, first: int, last: int) -> Iterator[list[bc.CopyPrint]]:
    """The prints of the documents stored with ids ``first`` to ``last``, BLOCK_DOCS at a time."""
    part: list[bc.CopyPrint] = []
    for r in store.signatures():
        if r["id"] < first:
            continue
        if r["id"] > last:
            break
        words = np.frombuffer(r["words"], dtype=np.uint32).reshape(-1, 3) if r["words"] else None
        part.append(bc.CopyPrint(stored_fingerprint(r), stored_minhash(r), words,
                                 placing_key(r["published"], r["hash"])))
        if len(part) == BLOCK_DOCS:
            yield part
            part = []
    if part:
        yield part


def graph(delay: Delay, blocks: Sequence[Sequence[Any]], starts: list[int], first_new: int) -> list[Any]:
    """The shuffles that find copies, over ``blocks`` (each a list of parts: lists of prints),
    built with ``delay`` (dask.delayed on a cluster; a plain call here): one result a block,
    its links."""
    n = len(blocks)
    keys = [delay(_keys_routed)(parts, n) for parts in blocks]
    pairs = [delay(_pairs_routed)([delay(_piece)(k, bucket) for k in keys], starts) for bucket in range(n)]
    candidates = [delay(_candidates_routed)([delay(_piece)(p, block) for p in pairs], first_new, starts)
                  for block in range(n)]
    answers = [delay(_answered)(blocks[block], [delay(_piece)(c, block) for c in candidates], starts)
               for block in range(n)]
    return [delay(_links)(blocks[block], [delay(_piece)(a, block) for a in answers]) for block in range(n)]


def _piece(routed: dict[int, Any], key: int) -> Any:
    return routed.get(key)


def _keys_routed(parts: Sequence[Sequence[bc.CopyPrint]], buckets: int) -> dict[int, np.ndarray]:
    return bc.routed(bc.keys(p for part in parts for p in part), buckets)


def _pairs_routed(pieces: list[np.ndarray | None], starts: list[int]) -> dict[int, np.ndarray]:
    held = [p for p in pieces if p is not None]
    return bc.routed_by_block(bc.pairs(np.concatenate([np.zeros(0, bc.KEY), *held])), "later", starts)


def _candidates_routed(pieces: list[np.ndarray | None], first_new: int, starts: list[int]
                       ) -> dict[int, np.ndarray]:
    found = bc.candidates([p for p in pieces if p is not None], first_new)
    return bc.routed_by_block(found, "earlier", starts)


def _answered(parts: Sequence[Sequence[bc.CopyPrint]], pieces: list[np.ndarray | None], starts: list[int]
              ) -> dict[int, tuple[np.ndarray, dict[int, bc.CopyPrint]]]:
    return bc.answered(parts, [p for p in pieces if p is not None], starts)


def _links(parts: Sequence[Sequence[bc.CopyPrint]], pieces: list[Any]) -> tuple[list[bc.LinkRow], list[int]]:
    return bc.links(parts, [p for p in pieces if p is not None])


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
        copied += sum(1 for d in linked if d >= first_new)
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
    parts = list(stored_prints(store, 1, store.last_document_id()))
    starts = [1] + [part[0].doc_id for part in parts[1:]]
    store_links(store, graph(_now, [[part] for part in parts], starts, first), first, None, done=iter)


def _now(func: Callable[..., Any]) -> Callable[..., Any]:
    return func
