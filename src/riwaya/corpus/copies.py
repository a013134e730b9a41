"""Copies of many documents found at once (compare/batch_copies.py), over blocks of stored
prints: on a Dask cluster (corpus/cluster.py) or here, in this process, for the documents a
killed cluster ingest stored without their copies (``link_unlinked``, which every ingest
calls first).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from riwaya.compare import batch_copies as bc
from riwaya.compare.duplicates import stored_fingerprint, stored_minhash, stored_word_offsets
from riwaya.corpus.placement import placing_key
from riwaya.store import Store

BLOCK_DOCS = 1000  # most documents per block of the copy shuffle (a block's keys: about 2 MB)
PRINTS_HELD = 150  # documents' prints a step holds at once (a few MB), whatever its block's size
# The setting that says from which document on copies are still to be found (a killed ingest).
COPIES_UNLINKED = "copies_unlinked_from"

Delay = Callable[[Callable[..., Any]], Callable[..., Any]]
Progress = Callable[[str, Any], None]


def unlinked(store: Store) -> int | None:
    raw = store.setting(COPIES_UNLINKED)
    return int(raw) if raw else None


def stored_prints(store: Store, first: int, last: int) -> list[bc.CopyPrint]:
    """The prints of the documents stored with ids ``first`` to ``last``."""
    return [_print(r) for r in store.signatures(first, last)]


def prints_of(store: Store, doc_ids: list[int]) -> dict[int, bc.CopyPrint]:
    """The prints of these stored documents, by id."""
    return {r["id"]: _print(r) for r in store.signatures_of(doc_ids)}


def _print(r: Any) -> bc.CopyPrint:
    return bc.CopyPrint(stored_fingerprint(r), stored_minhash(r), stored_word_offsets(r["words"]),
                        placing_key(r["published"], r["hash"]))


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

    def prints_of(self, doc_ids: list[int]) -> dict[int, bc.CopyPrint]:
        return prints_of(_opened(self.db, self.ingest), doc_ids)


@dataclass(frozen=True)
class HeldBlock:
    """A block read by this process (``link_unlinked``), from the store it has open."""

    store: Any
    first: int
    last: int

    def prints(self) -> list[bc.CopyPrint]:
        return stored_prints(self.store, self.first, self.last)

    def prints_of(self, doc_ids: list[int]) -> dict[int, bc.CopyPrint]:
        return prints_of(self.store, doc_ids)


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
    return _runs(1, last_id, size)


def _runs(first: int, last: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(a + size - 1, last)) for a in range(first, last + 1, size)]


def block_size(last_id: int, workers: int) -> int:
    """Documents per block for ``workers``: BLOCK_DOCS, or fewer, so that each worker has two
    blocks of a small corpus to work on. Not more: a step holds its block's keys and pairs
    (4000 documents a block took the copy step on all of SaudiNewsNet from 192-200 MB a worker
    to 213-230, measured). Not much fewer: each step reads a slice of every block's file (or,
    where the pieces go as Dask tasks, each block routes a piece to every block in each
    shuffle, and Dask keeps a few KB for each of those 2 x blocks² tasks: +9 MB a worker for
    31 blocks, measured with the same graph moving nothing)."""
    return max(1, min(BLOCK_DOCS, -(-last_id // (2 * workers))))


def graph(delay: Delay, blocks: Sequence[BlockInput], starts: list[int], first_new: int,
          directory: str | None = None) -> list[Any]:
    """The shuffles that find the copies of the documents from ``first_new`` on, over
    ``blocks`` (starting at ids ``starts``), built with ``delay`` (a task graph on a cluster;
    a plain call here): one result a block, its links.

    With a ``directory`` every worker sees (blocks read from the database), each step writes
    what it routes there, in one file, and the next step reads its slice of every file: 3
    tasks a block, and 2 that wait for a step's files. Else each block's routed pieces are Dask
    tasks of their own, blocks² of them a shuffle, and Dask keeps a few KB for each in the
    workers (+9 MB a worker at 31 blocks, measured with the same graph moving nothing), so that
    the step's memory grew with the corpus.

    Where the steps read the database, each block's verification reads the earlier prints its
    candidates name by their ids. Else (blocks sent as prints) the earlier documents' blocks
    answer with them, in one more shuffle: that one held every block's answers at once until
    the last was made (190 MB pickled for all of SaudiNewsNet, past what a worker keeps in
    memory, so spilled to disk and read back) and took 18 s of the workers' time there."""
    n = len(blocks)
    read = all(isinstance(block, Block | HeldBlock) for block in blocks)
    if directory is not None and read:
        return _graph_on_disk(delay, blocks, first_new, directory)  # type: ignore[arg-type]
    keys = [delay(_keys_routed)(block, n) for block in blocks]
    pairs = [delay(_pairs_routed)([delay(_piece)(k, bucket) for k in keys], starts) for bucket in range(n)]
    if read:
        return [delay(_links_read)(blocks[block], [delay(_piece)(p, block) for p in pairs], first_new)
                for block in range(n)]
    candidates = [delay(_candidates_routed)([delay(_piece)(p, block) for p in pairs], first_new, starts)
                  for block in range(n)]
    answers = [delay(_answered)(blocks[block], [delay(_piece)(c, block) for c in candidates], starts)
               for block in range(n)]
    return [delay(_links)(blocks[block], [delay(_piece)(a, block) for a in answers]) for block in range(n)]


def _graph_on_disk(delay: Delay, blocks: Sequence[Block | HeldBlock], first_new: int, directory: str
                   ) -> list[Any]:
    """``graph`` through files in ``directory``. Each next step waits for one task that waits
    for all the files: 2 x blocks dependencies, not blocks², each one more thing a worker keeps.
    The pairs go to runs of PRINTS_HELD later documents, not to whole blocks, and a block's
    verification reads and verifies one run at a time: a later document has more candidates as
    the corpus grows, and a whole block's of them held at once grew the step with it."""
    n = len(blocks)
    run_starts: list[int] = []
    runs_of: list[list[int]] = []
    for block in blocks:
        runs = _runs(block.first, block.last, PRINTS_HELD)
        runs_of.append(list(range(len(run_starts), len(run_starts) + len(runs))))
        run_starts.extend(first for first, _last in runs)
    written = delay(_all)([delay(_keys_written)(block, n, os.path.join(directory, f"keys-{i}"))
                           for i, block in enumerate(blocks)])
    bucketed = delay(_all)([delay(_pairs_written)(written, bucket, run_starts,
                                                  os.path.join(directory, f"pairs-{bucket}"))
                            for bucket in range(n)])
    return [delay(_links_written)(block, bucketed, runs_of[i], first_new) for i, block in enumerate(blocks)]


def _all(paths: list[str]) -> list[str]:
    return paths


def _keys_written(block: BlockInput, buckets: int, path: str) -> str:
    return write_routed(_keys_routed(block, buckets), path)


def _pairs_written(keys: list[str], bucket: int, starts: list[int], path: str) -> str:
    return write_routed(_pairs_routed([read_piece(k, bucket, bc.KEY) for k in keys], starts), path)


def _links_written(block: Block | HeldBlock, pairs: list[str], runs: list[int], first_new: int
                   ) -> tuple[list[bc.LinkRow], list[int]]:
    return _joined(_links_read(block, [read_piece(p, at, bc.PAIR) for p in pairs], first_new) for at in runs)


def write_routed(routed: dict[int, np.ndarray], path: str) -> str:
    """``routed`` (its pieces by number) written at ``path``: the rows of every piece in order
    in one file, where each piece starts in another. A file is written under another name and
    then renamed, so that a step Dask runs twice never leaves half a file to its readers."""
    pieces = [routed[at] for at in range(len(routed))]
    bounds = np.cumsum([0, *(len(piece) for piece in pieces)], dtype=np.int64)
    for suffix, data in ((".rows", pieces), (".bounds", [bounds])):
        part = f"{path}{suffix}.{os.getpid()}-{uuid.uuid4().hex}"
        with open(part, "wb") as out:
            for piece in data:
                piece.tofile(out)
        os.replace(part, path + suffix)
    return path


def read_piece(path: str, at: int, dtype: np.dtype) -> np.ndarray:
    """Piece ``at`` of what ``write_routed`` wrote at ``path``: only its rows are read."""
    start, end = np.fromfile(path + ".bounds", dtype=np.int64, count=2, offset=8 * at).tolist()
    return np.fromfile(path + ".rows", dtype=dtype, count=end - start, offset=dtype.itemsize * start)


def _piece(routed: dict[int, Any], key: int) -> Any:
    """One block's or bucket's piece, in memory of its own. A worker reads a spilled dict back
    from its disk into one buffer that all the dict's arrays view: a piece left as a view kept
    the whole dict alive, while Dask weighed only the piece, until the piece was taken. With
    every block's dict kept so, the copy step on all of SaudiNewsNet held 25 MB of them at
    its peak (memray), and more with a larger corpus."""
    return _own(routed[key])


def _own(piece: Any) -> Any:
    if isinstance(piece, np.ndarray):
        return piece.copy()
    if isinstance(piece, tuple):
        return tuple(_own(part) for part in piece)
    return piece


def _keys_routed(block: BlockInput, buckets: int) -> dict[int, np.ndarray]:
    if isinstance(block, list):
        return bc.routed(bc.keys(block), buckets)
    runs = [bc.keys(dataclasses.replace(block, first=a, last=b).prints())
            for a, b in _runs(block.first, block.last, PRINTS_HELD)]
    return bc.routed(np.concatenate([np.zeros(0, bc.KEY), *runs]), buckets)


def _pairs_routed(pieces: list[np.ndarray], starts: list[int]) -> dict[int, np.ndarray]:
    return bc.routed_by_block(bc.pairs(np.concatenate([np.zeros(0, bc.KEY), *pieces])), "later", starts)


def _candidates_routed(pieces: list[np.ndarray], first_new: int, starts: list[int]) -> dict[int, np.ndarray]:
    return bc.routed_by_block(bc.candidates(pieces, first_new), "earlier", starts)


def _answered(block: BlockInput, pieces: list[np.ndarray], starts: list[int]
              ) -> dict[int, tuple[np.ndarray, bytes]]:
    return bc.answered(_prints(block), pieces, starts)


def _links(block: BlockInput, pieces: list[tuple[np.ndarray, bytes]]
           ) -> tuple[list[bc.LinkRow], list[int]]:
    return bc.links(_prints(block), *bc.received(pieces))


def _links_read(block: Block | HeldBlock, pieces: list[np.ndarray], first_new: int
                ) -> tuple[list[bc.LinkRow], list[int]]:
    """A block's links, its candidates verified a few documents at a time, with the prints of
    those documents (later and earlier) read from the database: a block's candidates name more
    earlier documents as the corpus grows (a series of like items keeps coming), and held all
    at once they grew the step's memory with it."""
    found = bc.candidates(pieces, first_new)
    return _joined(_verified(block, part) for part in _a_few_later(found, PRINTS_HELD))


def _verified(block: Block | HeldBlock, part: np.ndarray) -> tuple[list[bc.LinkRow], list[int]]:
    later_ids = set(part["later"].tolist())
    named = block.prints_of(sorted(later_ids | set(part["earlier"].tolist())))
    return bc.links([named[d] for d in sorted(later_ids)], part, named)


def _joined(results: Iterable[tuple[list[bc.LinkRow], list[int]]]) -> tuple[list[bc.LinkRow], list[int]]:
    """The links and copied documents of ``results``, one after another (each made, and let go,
    in turn)."""
    rows: list[bc.LinkRow] = []
    copied: list[int] = []
    for more_rows, more_copied in results:
        rows.extend(more_rows)
        copied.extend(more_copied)
    return rows, copied


def _a_few_later(found: np.ndarray, held: int) -> Iterator[np.ndarray]:
    """The pairs ``found`` in runs of whole later documents (in their order), each run naming
    at most ``held`` documents (later and earlier), or one later document's, when it alone
    names more."""
    found = found[np.argsort(found["later"], kind="stable")]
    docs, starts = np.unique(found["later"], return_index=True)
    bounds = [*starts.tolist(), len(found)]
    begin, named = 0, set()
    for doc, (at, end) in zip(docs.tolist(), itertools.pairwise(bounds), strict=True):
        theirs = {doc, *found["earlier"][at:end].tolist()}
        if named and len(named | theirs) > held:
            yield found[begin:at]
            begin, named = at, set()
        named |= theirs
    if begin < len(found):
        yield found[begin:]


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
