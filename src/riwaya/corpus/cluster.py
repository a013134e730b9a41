"""`riwaya ingest --engine dask`: the ingest on a Dask cluster, with the documents, copies,
stories and figures of the default engine.

1. **Reading and analysis** (most of the time: extraction, MinHash, stems) run on the workers,
   as a map over parts of about PART_DOCS documents (a JSONL file cut in line ranges, other
   files in groups). This process hears each document's name and hash, skips those stored, and
   has the rest analyzed where they were read; each analyzed part comes back as rows
   (store/rows.py), stored here in the order given, one transaction a part, so that ids keep
   the order added.
2. **Copies** are found as shuffles over blocks of at most BLOCK_DOCS documents (runs of ids;
   corpus/copies.py): keys by value, pairs by the later document's block, verification there,
   with the prints of the documents it names read by their ids. Each step reads the prints it
   needs from the database (workers open it: a PostgreSQL address, or a SQLite file they see),
   a few hundred at a time, so that no worker holds more than a block's keys, whatever the
   corpus. The links of each block are stored as soon as it is verified.
3. **Stories** are placed by `settle`, a scan of the documents in the placing order in this
   process, as the default engine's ingest ends (docs/scale.md says where that stops scaling).

A killed ingest leaves its documents stored and marked (the setting COPIES_UNLINKED, written
with the first of them): the next ingest, by either engine, finds their copies again before
anything else (``link_unlinked``), and their stories are placed again by its settle.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from riwaya.compare.stories import MIN_DOCS_FOR_EVENTS, features
from riwaya.corpus import (
    IngestReport,
    Progress,
    Reading,
    _one_ingest_at_a_time,
    _prepare_safely,
    _say_analyzed_in_part,
    named,
)
from riwaya.corpus.copies import (
    COPIES_UNLINKED,
    Block,
    block_size,
    graph,
    id_blocks,
    store_links,
    stored_prints,
    unlinked,
)
from riwaya.corpus.placement import EVERYTHING, Unsettled, mark_unsettled, placing_key, settle, unsettled
from riwaya.errors import RiwayaError
from riwaya.i18n import _, current, use
from riwaya.limits import MAX_ANALYZED_CHARS
from riwaya.read import Document, Unreadable
from riwaya.read.base import ARCHIVE_SUFFIXES, RECORD_SUFFIXES, WARC_SUFFIXES, suffix_of
from riwaya.read.documents import InputPart, input_parts, read_parts
from riwaya.store import Store
from riwaya.store.rows import DocumentRows, document_rows

PART_DOCS = 50  # documents analyzed per task: small enough to keep both workers busy to the end
IN_FLIGHT = 4  # parts analyzed or waiting per worker, ahead of the one being stored
SHUFFLE_HELD_MB = 8  # Dask-task shuffle pieces a worker of our own LocalCluster holds in memory (more: disk)


def ingest_on_cluster(paths: Iterable[str], store: Store, *, scheduler: str | None = None,
                      workers: int | None = None, max_bytes: int, ocr_languages: str = "ara",
                      progress: Progress | None = None, names: Mapping[str, str] | None = None,
                      max_analyzed_chars: int | None = MAX_ANALYZED_CHARS,
                      allow_private: bool = False) -> IngestReport:
    """`ingest` on a Dask cluster: the one at ``scheduler`` (an address, «tcp://host:8786»), or
    a local one of ``workers`` processes. Web addresses are fetched by the workers (private ones
    with ``allow_private``), from where they run."""
    store.writable()
    paths = list(paths)
    if "-" in paths:
        raise RiwayaError(_("--engine dask reads files, not standard input"))
    with _one_ingest_at_a_time(store, progress), _client(scheduler, workers) as client:
        return _ingest(client, paths, store, max_bytes=max_bytes, ocr_languages=ocr_languages,
                       progress=progress, names=names, max_analyzed_chars=max_analyzed_chars,
                       allow_private=allow_private, own_cluster=scheduler is None)


@contextmanager
def _client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise RiwayaError(_("--engine dask needs Dask: pip install 'riwaya[dask]'")) from exc
    # the cluster's own chatter (workers starting, a port taken) is not the user's business
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise RiwayaError(_("cannot reach the Dask scheduler at %(address)s: %(reason)s")
                              % {"address": scheduler, "reason": exc}) from exc
        with client:
            yield client
        return
    import dask
    from distributed.system import MEMORY_LIMIT

    n = workers if workers is not None else min(4, os.cpu_count() or 1)
    memory_limit = MEMORY_LIMIT // n  # Dask's own "auto"
    # Where the copy shuffle's pieces go as Dask tasks (a database the workers cannot open:
    # copies.graph), they wait in the workers until every block has taken its own: a worker
    # keeps SHUFFLE_HELD_MB of them in memory and spills the rest to its disk (Dask's memory
    # target), so that its memory does not grow with the corpus.
    held = {"distributed.worker.memory.target": min(0.6, (SHUFFLE_HELD_MB << 20) / memory_limit),
            # Dask's statistical profiler (for its dashboard, which riwaya does not show) keeps
            # up to 1,000 s of samples in each worker: memory that grew with the run's length,
            # so with the corpus (about 10 MB of a copy step on all of SaudiNewsNet, measured)
            "distributed.worker.profile.enabled": False}
    # ":0": the scheduler's HTTP server on a free port (with None it still took 8787, and a second
    # cluster on the machine printed a warning)
    with dask.config.set(held), LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
            memory_limit=memory_limit, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


@dataclass
class Heard:
    """What the writer hears of a document read on a worker (its text stays there)."""

    name: str
    hash: str
    language: str | None
    warnings: list[str]
    # what is kept when its text is stored under another name (store.rows.Appearance)
    outlet: str | None
    url: str | None
    published: str | None
    meta: dict[str, Any]


def read_part(inputs: list[InputPart | Unreadable], max_bytes: int, ocr_languages: str,
              names: Mapping[str, str] | None, language: str, allow_private: bool = False
              ) -> list[Document | Unreadable]:
    """A part's inputs read, on a worker."""
    use(language)
    return list(named(read_parts(inputs, max_bytes=max_bytes, ocr_languages=ocr_languages,
                                 allow_private=allow_private), names))


def heard_of(read: list[Document | Unreadable]) -> list[Heard | Unreadable]:
    return [item if isinstance(item, Unreadable) else
            Heard(item.name, item.hash, item.language, item.warnings, item.outlet, item.url, item.published,
                  item.meta) for item in read]


def analyze_part(read: list[Document | Unreadable], keep: list[bool], max_chars: int | None, language: str
                 ) -> list[tuple[DocumentRows, str | None] | Unreadable]:
    """The documents of a part read that are to be stored (``keep``), analyzed on a worker:
    each one's rows (and the warning that it was analyzed in part), or why it failed."""
    use(language)
    out: list[tuple[DocumentRows, str | None] | Unreadable] = []
    for doc, kept in zip(read, keep, strict=True):
        if not kept or not isinstance(doc, Document):
            continue
        p = _prepare_safely(doc, max_chars)
        if isinstance(p, Unreadable):
            out.append(p)
            continue
        warning = _say_analyzed_in_part(p) if p.analyzed is not None else None
        out.append((document_rows(p, features(p.terms, p.mentions, p.published, p.doc.outlet)), warning))
    return out


def _ingest(client: Any, paths: Iterable[str], store: Store, *, max_bytes: int, ocr_languages: str,
            progress: Progress | None, names: Mapping[str, str] | None,
            max_analyzed_chars: int | None, allow_private: bool = False, own_cluster: bool = False
            ) -> IngestReport:
    from distributed import wait

    started = time.perf_counter()
    report = IngestReport()
    stored_before = store.last_document_id()
    relink_from = unlinked(store)
    reading = Reading(paths, store, report, max_bytes=max_bytes, ocr_languages=ocr_languages,
                      progress=progress, names=names)
    writer = _Writer(store, reading, progress, relink_from, store.counts()["documents"])
    workers = max(1, len(client.nthreads()))
    language = current()
    reads: deque[tuple[Any, Any]] = deque()  # parts being read, in the order given
    analyses: deque[tuple[Any, list[Heard]]] = deque()  # parts being analyzed, in that order

    def hear() -> None:
        """Count the oldest part read; send its documents not yet stored to be analyzed."""
        read, heard = reads.popleft()
        items = heard.result()
        keep = [reading.take(item) for item in items]
        reading.log_unreadable()
        if any(keep):
            analyzed = client.submit(analyze_part, read, keep, max_analyzed_chars, language, pure=False)
            analyses.append((analyzed, [h for h, kept in zip(items, keep, strict=True) if kept]))

    def advance() -> None:
        """Wait for the oldest part read or the oldest analyzed, whichever comes first, then
        hear every part read and store every part analyzed that is ready, in order: waiting on
        one while the other was ready left a worker idle (a part read but not yet heard is no
        part to analyze)."""
        oldest = [queue[0][i] for queue, i in ((reads, 1), (analyses, 0)) if queue]
        wait(oldest, return_when="FIRST_COMPLETED")
        while reads and reads[0][1].done():
            hear()
        while analyses and analyses[0][0].done():
            writer.store_part(*analyses.popleft())

    for inputs in _parts(paths):
        read = client.submit(read_part, inputs, max_bytes, ocr_languages, names, language, allow_private,
                             pure=False)
        reads.append((read, client.submit(heard_of, read, pure=False, priority=1)))
        while len(reads) + len(analyses) > IN_FLIGHT * workers:
            advance()
    while reads or analyses:
        advance()
    reading.keep_appearances()
    # each step's time: what scales with the workers and what does not (docs/scale.md)
    steps = {"read_analyze_store": time.perf_counter() - started}
    sent, analyzing = _sent(client), _megabytes(client.run(_peak_memory))
    linking = writer.first_id is not None or relink_from is not None
    # The copy step in new worker processes: a worker that had analyzed keeps what it once held
    # (caches of words, the allocator's free memory), and the step's own memory came on top of it
    # (430-451 MB at the end of all of SaudiNewsNet, 347-353 MB while analyzing). Only a cluster
    # of our own: another's workers may be running other work.
    restarted = linking and own_cluster and _restarted(client)
    if restarted:
        sent = 0
    if linking:
        first_new = min(x for x in (writer.first_id, relink_from) if x is not None)
        report.copies = _link(client, store, first_new, workers, progress)
    steps["copies"] = time.perf_counter() - started - sum(steps.values())
    report.cluster = _measured(client, workers, sent, analyzing, restarted)
    if writer.unsettled is not None:
        if progress:
            progress("settling", None)
        settle(store, None, writer.unsettled)
    steps["settle"] = time.perf_counter() - started - sum(steps.values())
    report.cluster["step_seconds"] = {step: round(seconds, 1) for step, seconds in steps.items()}
    report.new_stories = store.stories_begun_after(stored_before)
    report.seconds = time.perf_counter() - started
    return report


def _restarted(client: Any) -> bool:
    """Whether the workers were restarted: if they do not come back in time, the copy step runs
    in those there are (it only needs more memory)."""
    try:
        client.restart()
    except (TimeoutError, OSError) as exc:
        logging.getLogger(__name__).warning("the workers were not restarted before finding copies: %s", exc)
        return False
    return True


def _measured(client: Any, workers: int, sent: int, analyzing: list[int], restarted: bool) -> dict[str, Any]:
    """What the cluster did: bytes sent in the copy shuffle; each worker's peak memory (since it
    started) while reading and analyzing, in the copy step when its workers were new, and in
    all; and what it holds at the end (Python keeps much of what it once used: the peak is the
    cost)."""
    since = _megabytes(client.run(_peak_memory))
    return {"workers": workers, "shuffle_mb": round((_sent(client) - sent) / 1e6, 1),
            "worker_peak_mb_analyzing": analyzing,
            "worker_peak_mb_copies": since if restarted else None,
            "worker_peak_mb": [max(a, b) for a, b in zip(analyzing, since, strict=False)]
            if restarted else since,
            "worker_memory_mb": _megabytes(client.run(_memory_now))}


def _parts(paths: Iterable[str]) -> Iterator[list[InputPart | Unreadable]]:
    """The inputs in parts of about PART_DOCS documents: JSONL files cut in lines, other files
    together (an archive or a WARC, which may hold many, alone)."""
    part: list[InputPart | Unreadable] = []
    held = 0
    for item in input_parts(paths, PART_DOCS):
        part.append(item)
        if isinstance(item, InputPart):
            many = item.lines is not None or suffix_of(item.path) in (*RECORD_SUFFIXES, *ARCHIVE_SUFFIXES,
                                                                        *WARC_SUFFIXES)
            held += PART_DOCS if many else 1
        if held >= PART_DOCS:
            yield part
            part, held = [], 0
    if part:
        yield part


class _Writer:
    """Stores each analyzed part as it comes back, in the order read, and marks what the end of
    the ingest (or the next one, after a kill) is to do: copies to find, stories to settle."""

    def __init__(self, store: Store, reading: Reading, progress: Progress | None,
                 relink_from: int | None, stored_count: int):
        self.store, self.reading, self.report, self.progress = store, reading, reading.report, progress
        self.relink_from = relink_from
        self.count = stored_count  # documents stored
        self.first_id: int | None = None
        self.unsettled = unsettled(store)

    def store_part(self, analyzed: Any, docs: list[Heard]) -> None:
        items = analyzed.result()
        store, report = self.store, self.report
        with store.transaction():
            kept = [(item[0], doc) for item, doc in zip(items, docs, strict=True)
                    if not isinstance(item, Unreadable)]
            # in bulk: PostgreSQL's COPY, a table at a time
            for doc_id, (rows, doc) in zip(store.add_many([rows for rows, _doc in kept]), kept, strict=True):
                self._mark(doc_id, rows)
                store.log(doc.name, "added")
        for item, doc in zip(items, docs, strict=True):
            if isinstance(item, Unreadable):
                self.reading.analysis_failed(item)
                continue
            report.added += 1
            if item[1] is not None:
                report.warnings.append(item[1])
            if self.progress:
                self.progress("added", doc)

    def _mark(self, doc_id: int, rows: DocumentRows) -> None:
        """As `Corpus.add`: where the stories to place again begin; and, with the first document,
        that copies are to be found from it on."""
        if self.first_id is None:
            self.first_id = doc_id
            if self.relink_from is None:
                self.store.set_setting(COPIES_UNLINKED, str(doc_id))
        self.count += 1
        content_hash, published = rows.document[0], rows.document[6]
        since = EVERYTHING if self.count == MIN_DOCS_FOR_EVENTS else placing_key(published, content_hash)
        now = (Unsettled(since, doc_id) if self.unsettled is None else
               Unsettled(since, self.unsettled.first_added) if since < self.unsettled.since else None)
        if now is not None:
            mark_unsettled(self.store, now)
            self.unsettled = now


def _sent(client: Any) -> int:
    """The bytes the workers have sent (to one another and to this process)."""
    return sum(client.run(_sent_by_worker).values())


def _sent_by_worker(dask_worker: Any) -> int:
    return int(dask_worker.transfer_outgoing_bytes_total)


def _peak_memory() -> int | None:
    """A worker's peak resident memory since it started, in bytes (Linux, macOS)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _memory_now(dask_worker: Any) -> int | None:
    return int(dask_worker.monitor.get_process_memory())


def _megabytes(by_worker: dict[str, int | None]) -> list[int]:
    return sorted(round(v / 1e6) for v in by_worker.values() if v is not None)


def _link(client: Any, store: Store, first_new: int, workers: int, progress: Progress | None) -> int:
    """Find the copies of the documents from ``first_new`` on, among all stored, on the cluster;
    store their links; the number of documents linked as copies."""
    last = store.last_document_id()
    ranges = id_blocks(last, block_size(last, workers))
    address = _address_for_workers(client, store)
    ingest = uuid.uuid4().hex
    if address is not None:
        blocks: list[Any] = [Block(address, first, end, ingest) for first, end in ranges]
    else:  # the workers cannot open this database: its blocks are read here and sent
        blocks = [client.scatter([stored_prints(store, first, end)], hash=False)[0] for first, end in ranges]
    with _shuffle_directory(client, address) as directory:
        tasks = TaskGraph(ingest)
        results = graph(tasks, blocks, [first for first, _end in ranges], first_new, directory)
        with warnings.catch_warnings():
            # Without a directory, the copy graph has blocks² routing pieces: a few MB at 31
            # blocks (all of SaudiNewsNet), and Dask warns past 10 MB. Known and measured
            # (docs/scale.md, "What breaks first"); the user can do nothing about it.
            warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
            verified = client.get(tasks.tasks, results, sync=False)
        return store_links(store, verified, first_new, progress, done=_as_completed)


@contextmanager
def _shuffle_directory(client: Any, address: str | None) -> Iterator[str | None]:
    """A directory of this machine for the copy shuffle's files, when every worker sees it (our
    own LocalCluster, or a cluster on a shared filesystem) and reads the database itself; else
    None (the shuffle's pieces go between the workers as Dask tasks). In Dask's temporary
    directory, where the workers spill; removed at the end."""
    if address is None:
        yield None
        return
    import dask

    try:
        directory = tempfile.mkdtemp(prefix="riwaya-shuffle-", dir=dask.config.get("temporary-directory"))
    except OSError:  # Dask's temporary directory set to one that is not there, or not writable
        yield None
        return
    try:
        yield directory if all(client.run(os.path.isdir, directory).values()) else None
    finally:
        shutil.rmtree(directory, ignore_errors=True)


class TaskGraph:
    """A Dask task graph written as a plain dict: ``tasks(f)(*args)`` adds the task «f(*args)»
    and gives its key, which later tasks take as an argument (alone or in a list). dask.delayed
    took 72 s to build and send the copy graph of all SaudiNewsNet (4 × 31² pieces), before
    its first task ran, each Delayed carrying the graph of everything it depends on; as a dict
    it is built in a fraction of a second."""

    def __init__(self, name: str):
        self.name = name
        self.tasks: dict[str, tuple[Any, ...]] = {}

    def __call__(self, func: Any) -> Any:
        def task(*args: Any) -> str:
            key = f"{func.__name__}-{self.name}-{len(self.tasks)}"
            self.tasks[key] = (func, *args)
            return key

        return task


def _address_for_workers(client: Any, store: Store) -> str | None:
    """The database as the workers can open it: a PostgreSQL address; a SQLite file that every
    worker sees (on this machine, or a shared filesystem); else None."""
    url = getattr(store, "url", None)
    if url is not None:
        return str(url)
    if store.path == ":memory:":
        return None
    path = os.path.abspath(store.path)
    return path if all(client.run(os.path.isfile, path).values()) else None


def _as_completed(futures: list[Any]) -> Iterator[Any]:
    """The futures' results as they come, each released once read: the links of every block
    waited in the workers until the last was stored (Dask weighs a block's links, Python
    objects, at a few bytes, and never spills them), and a worker grew with the corpus."""
    from distributed import as_completed

    for future in as_completed(futures):
        yield future.result()
        future.release()


