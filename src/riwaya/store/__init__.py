"""The corpus database: SQLite by default, one file, WAL, schema versioned by migrations.

Documents are keyed by the SHA-256 of their text, so ingesting the same file twice (or the same
article from two paths) stores it once. Every write of a document — its row, sentences,
mentions, claims, full-text entry, copy links and story — is one transaction: a process killed
mid-ingest leaves whole documents or none.

Full-text search indexes the *normalized* text (and light stems) in an FTS5 table: SQLite's own
diacritic folding knows nothing of Arabic (hamza seats, shadda, alef maqsura, teh marbuta), so
«الاسلام» finds «الإسلام» only because both sides are normalized by riwaya first.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.store.exported import EXPORTED_TABLES, SIGNED_DOCUMENTS
from riwaya.store.rows import Appearance, appearance

if TYPE_CHECKING:
    from riwaya.compare.prepare import Prepared
    from riwaya.compare.stories import Features
    from riwaya.store.postgres import PostgresStore
    from riwaya.store.rows import DocumentRows

DEFAULT_DB = "riwaya.db"
# PRAGMA application_id of a riwaya database ("riwy"): how riwaya knows its own files, so that it
# never writes its tables into somebody else's SQLite database given by mistake to --db.
APPLICATION_ID = 0x72697779
# the tables by which a database made before application_id was set is known as riwaya's
_OWN_TABLES = {"documents", "sentences", "signatures", "stories"}

MIGRATIONS = [
    # 1: documents, their analysis, copies, stories, full text.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT, url TEXT, outlet TEXT,
        published TEXT,             -- as the input gave it
        published_day TEXT,         -- ISO day, when it is a date
        language TEXT,
        ocr_confidence REAL,
        warnings TEXT NOT NULL DEFAULT '[]',
        issuer TEXT,                -- a statement's issuer line
        issuer_terms TEXT,          -- JSON: terms and actors of its header lines
        text TEXT NOT NULL,
        story_id INTEGER,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX documents_story ON documents(story_id);
    CREATE INDEX documents_day ON documents(published_day);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE TABLE sentences (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        data TEXT NOT NULL          -- the whole mention as JSON (the extract contract)
    );
    CREATE INDEX mentions_document ON mentions(document_id, kind);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        mention_id INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
        unit TEXT, event TEXT, actor TEXT, actor_text TEXT, place TEXT,
        value REAL, low REAL, high REAL, qualifier TEXT,
        attributed_to TEXT, hedge TEXT, among INTEGER NOT NULL DEFAULT 0,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
    );
    CREATE INDEX claims_document ON claims(document_id);
    CREATE TABLE signatures (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        minhash BLOB, shingles BLOB,
        sentence_keys TEXT NOT NULL,  -- JSON: CRC32 of each long normalized sentence
        numbers TEXT NOT NULL,        -- JSON: the figures' values
        features TEXT NOT NULL,       -- JSON: terms, actors, places, figures (for stories)
        attributed TEXT NOT NULL      -- JSON: terms and actors of the sentences naming a statement
    );
    CREATE TABLE links (
        source_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,         -- copies (source republishes target) | cites (source reports target)
                                    -- | template (source is another item of target's template)
        similarity REAL,
        data TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (source_id, target_id, kind)
    );
    CREATE INDEX links_target ON links(target_id, kind);
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        first_day TEXT, last_day TEXT,
        size INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE ingest_log (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL, outcome TEXT NOT NULL, reason TEXT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, stems, content='',
                                                  tokenize='unicode61 remove_diacritics 0');
    """,
    # 2: findings a checker confirms (exported as ClaimReview).
    """
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        rating TEXT NOT NULL,       -- the checker's verdict, e.g. «False», «Misleading», «Accurate»
        note TEXT, reviewer TEXT, url TEXT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 3: check results kept for a permalink (the web app).
    """
    CREATE TABLE checks (
        id TEXT PRIMARY KEY,        -- random, unguessable: the permalink
        title TEXT,
        result TEXT NOT NULL,       -- the `check` JSON
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 4: what a figure counts beyond unit and event (extract/figure_frames.py), as JSON; claims
    # stored before it have '{}', every slot unstated.
    """
    ALTER TABLE claims ADD COLUMN frame TEXT NOT NULL DEFAULT '{}';
    """,
    # 5: what aligning reused passages needs (compare/alignment.py): each word's key and offsets
    # (uint32 triples), and the template slots said (JSON). Documents stored before it have
    # NULL and are compared by 3-gram containment alone.
    """
    ALTER TABLE signatures ADD COLUMN words BLOB;
    ALTER TABLE signatures ADD COLUMN slots TEXT;
    """,
    # 6: a checker's verdict on one finding of a saved check (the web's check page), as `reviews`
    # keeps one on a claim: `finding` names it in the check's JSON, «quotes/0», «figures/2».
    """
    CREATE TABLE check_reviews (
        id INTEGER PRIMARY KEY,
        check_id TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
        finding TEXT NOT NULL,
        rating TEXT NOT NULL, note TEXT, reviewer TEXT, url TEXT,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE INDEX check_reviews_check ON check_reviews(check_id);
    """,
    # 7: the database's own state, by name: where the stories placed by an ingest that has not
    # ended yet begin (corpus/placement.py). A database made before it had its stories placed in
    # the order documents came in: the next ingest places them all again.
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO settings (key, value)
        SELECT 'stories_unsettled_from', '{"since": ["", ""], "first_added": null}'
        WHERE EXISTS (SELECT 1 FROM documents);
    """,
    # 8: what the input says of a document beyond its columns, as JSON by input kind: a Telegram
    # message's chat, id, forward, reply, edit, album, or the message a photo is attached to.
    """
    ALTER TABLE documents ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
    """,
    # 9: documents by the name and the address they were read from: a feed's poll asks which of
    # its items' links are stored (riwaya ingest --feed, riwaya watch).
    """
    CREATE INDEX documents_name ON documents(name);
    CREATE INDEX documents_url ON documents(url);
    """,
    # 10: a fetched page as it was served (a gzipped WARC response record), beside the document
    # read from it: what the page said then, for whoever checks it later.
    """
    CREATE TABLE captures (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        warc BLOB NOT NULL
    );
    """,
    # 11: where a stored text was published again under another name: a Telegram forward, the
    # same wire text on another outlet's site. The document is one (its hash); each of these is
    # an appearance of it, with what its input said (outlet, address, date, meta).
    """
    CREATE TABLE appearances (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        outlet TEXT,
        url TEXT,
        published TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        UNIQUE (document_id, name)
    );
    CREATE INDEX appearances_name ON appearances(name);
    CREATE INDEX appearances_url ON appearances(url);
    """,
]


def refuse_a_foreign_file(path: str) -> None:
    """Refuse, before writing a byte, a file that exists and is not a riwaya database: another
    program's SQLite database (riwaya would add its tables to it) or not a database at all. An
    empty file or an empty SQLite database becomes a riwaya database."""
    file = Path(path)
    if not file.is_file() or file.stat().st_size == 0:
        return
    try:
        with file.open("rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise RiwayaError(
            _("%(path)s: cannot read the database file (%(strerror)s)")
            % {"path": path, "strerror": exc.strerror}) from exc
    if magic != b"SQLite format 3\x00":
        raise RiwayaError(
            _("%(path)s: not a riwaya database, nor any SQLite database (riwaya leaves it as it is; give --db"
              " another file)")
            % {"path": path})
    try:
        # read-only: not even a journal is created in another program's folder
        probe = _connect_read_only(path)
        try:
            application_id = probe.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in probe.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise RiwayaError(
            _("%(path)s: not a riwaya database (%(exc)s)")
            % {"path": path, "exc": exc}) from exc
    if application_id == APPLICATION_ID or not tables or _OWN_TABLES <= tables:
        return
    raise RiwayaError(
        _("%(path)s: not a riwaya database but another program's (tables: %(tables)s%(more)s); riwaya leaves "
          "it as it is — give --db a riwaya database or a new file")
        % {"path": path, "tables": ', '.join(sorted(tables)[:5]), "more": '…' if len(tables) > 5 else ''})


# How long a write waits for another process's (an ingest's) transaction before it gives up.
BUSY_TIMEOUT_S = 60.0


class Store:
    """A riwaya database. ``Store(":memory:")`` for one-shot work (``riwaya compare``).

    Safe to share between threads, as the web app's threadpool shares it (Datasette's way): each
    thread reads on a connection of its own, and one thread at a time writes (a lock around
    `transaction`), waiting up to BUSY_TIMEOUT_S for another process's write. One connection
    shared by all threads gave «cannot start a transaction within a transaction», «another row
    available» and «database is locked» when checks were saved during an ingest (issue 16)."""

    def __init__(self, path: str = DEFAULT_DB, *, create: bool = True):
        if path != ":memory:" and not create and not Path(path).exists():
            raise RiwayaError(
                _("%(path)s: no such database (create one with `riwaya ingest`)")
                % {"path": path})
        if path != ":memory:":
            refuse_a_foreign_file(path)
        self.path = path
        # True when the file (or its folder, or the whole filesystem) cannot be written: every
        # read works, every write is refused with one line (issue 16: reads were refused too)
        self.read_only = False
        # seconds a search may run (None: no limit, for the command line); the web app sets it
        self.search_time_limit: float | None = None
        self._local = threading.local()
        self._watch: sqlite3.Connection | None = None
        self._connections: list[sqlite3.Connection] = []
        self._opening = threading.Lock()
        self._writing = threading.RLock()
        try:
            try:
                self._open()
            except sqlite3.OperationalError as exc:
                if path == ":memory:" or not Path(path).is_file() or not _cannot_write(exc):
                    raise
                self.close()
                self.read_only = True
                self._open()
        except sqlite3.DatabaseError as exc:  # OperationalError among them
            if "unable to open" in str(exc):
                raise RiwayaError(
                    _("%(path)s: cannot open or create the database file (does its folder exist, may riwaya "
                      "write there?)")
                    % {"path": path}) from exc
            raise RiwayaError(
                _("%(path)s: not a riwaya database (%(exc)s)")
                % {"path": path, "exc": exc}) from exc

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (the one connection of an in-memory database)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            with self._opening:
                if self.path == ":memory:" and self._connections:
                    connection = self._connections[0]
                else:
                    connection = self._connect()
                    self._connections.append(connection)
            self._local.connection = connection
        return connection

    def _open(self) -> None:
        if self.read_only:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version < len(MIGRATIONS):
                raise RiwayaError(
                    _("%(path)s: cannot be written, and this riwaya must add to its tables (schema version "
                      "%(version)s, riwaya's is %(supported)s): open it once where it can be written")
                    % {"path": self.path, "version": version, "supported": len(MIGRATIONS)})
            return
        if self.path != ":memory:":
            self._use_wal()
        self.migrate()

    def _use_wal(self) -> None:
        """WAL mode, kept in the file: readers never wait. SQLite answers the switch with «database
        is locked» at once, without its busy timeout, while another connection opens the same new
        file (2 of 40 two-thread openings): waited for here as any other write is."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            connection = _connect_read_only(self.path)
        else:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                         timeout=BUSY_TIMEOUT_S)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version > len(MIGRATIONS):
            raise RiwayaError(
                _("database schema version %(version)s is newer than this riwaya (%(supported)s); upgrade "
                  "riwaya")
                % {"version": version, "supported": len(MIGRATIONS)})
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                # read again under the write lock: another process opening the same new file may
                # have migrated it since («table documents already exists», 4 of 15 times)
                if self.db.execute("PRAGMA user_version").fetchone()[0] > number:
                    continue
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write: one thread of this process at a time, the others (and other processes'
        writers) waited for."""
        self.writable()
        with self._writing:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @contextmanager
    def one_ingest_at_a_time(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """An exclusive flock on the database file while an ingest runs (``waiting`` is told when
        another holds it). Two at once raced: with the same input one ended in an IntegrityError
        traceback; with different inputs 1,023 copy links were found where one after the other
        found 1,357, each knowing only what it had read itself (issue 16). flock, not SQLite's
        own locks (fcntl's, which flock leaves alone on Linux): it is held across many
        transactions, and waits without a timeout."""
        if self.path == ":memory:":
            yield
            return
        import fcntl

        with open(self.path, "rb") as held:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting:
                    waiting()
                fcntl.flock(held, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(held, fcntl.LOCK_UN)

    def check_damage(self) -> None:
        """Refuse, in one line, a damaged database, before a long-running command (`riwaya
        ingest`, a server) starts on it. PRAGMA quick_check reads every page: 4–5 s on the 817 MB database
        of SaudiNewsNet, too slow for each `search`; there, SQLite's own error on a damaged page
        is said in one line as it is met (errors.damaged_database)."""
        if self.path == ":memory:":
            return
        from riwaya.errors import damaged_database

        try:
            found = [row[0] for row in self.db.execute("PRAGMA quick_check(5)")]
        except sqlite3.DatabaseError as exc:
            raise RiwayaError(f"{self.path}: {damaged_database(exc)}") from exc
        if found != ["ok"]:
            said = " ".join(" ".join(found).replace("*** in database main ***", "").split())  # one line
            raise RiwayaError(f"{self.path}: " + damaged_database(sqlite3.DatabaseError(said[:300])))

    def writable(self) -> None:
        """Refuse, in one line, a write to a database that cannot be written."""
        if self.read_only:
            raise RiwayaError(
                _("%(path)s: the database cannot be written (a read-only file, folder or disk); riwaya can "
                  "only read it") % {"path": self.path})

    def close(self) -> None:
        with self._opening:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
            self._watch = None
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        # closing checkpoints the write-ahead log into the database file
        self.close()

    # Reading.
    def document_id(self, content_hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def document_name(self, content_hash: str) -> str | None:
        """The name the document of this text is stored under, if it is."""
        row = self.db.execute("SELECT name FROM documents WHERE hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def capture(self, doc_id: int) -> dict[str, Any] | None:
        """A fetched document's page as it was served: its URL, when, and its WARC record."""
        row = self.db.execute("SELECT url, fetched_at, warc FROM captures WHERE document_id = ?",
                              (doc_id,)).fetchone()
        return dict(row) if row else None

    def known_addresses(self, addresses: list[str]) -> set[str]:
        """Those of ``addresses`` a stored document was read from (its name) or ended up at (its
        URL, after redirects), or appeared at again (``appearances``)."""
        rows = [*self._by_chunks("SELECT name, url FROM documents WHERE name IN ({0}) OR url IN ({0})",
                                 addresses, twice=True),
                *self._by_chunks("SELECT name, url FROM appearances WHERE name IN ({0}) OR url IN ({0})",
                                 addresses, twice=True)]
        return {value for r in rows for value in r} & set(addresses)

    def appearances(self, doc_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """Where each of these documents was published again under another name, in the order
        read: name, outlet, url, published and meta."""
        out: dict[int, list[dict[str, Any]]] = {}
        rows = self._by_chunks("SELECT * FROM appearances WHERE document_id IN ({}) ORDER BY id",
                               sorted(set(doc_ids)))
        for r in rows:
            out.setdefault(r["document_id"], []).append(appearance(r))
        return out

    def document(self, doc_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return _row(row) if row else None

    def documents(self, ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        if ids is None:
            rows = self.db.execute("SELECT * FROM documents ORDER BY id")
        else:
            wanted = sorted(set(ids))
            rows = self.db.execute(f"SELECT * FROM documents WHERE id IN ({_marks(wanted)}) ORDER BY id",
                                   wanted)
        return [_row(r) for r in rows]

    def mentions(self, doc_id: int, kind: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT data FROM mentions WHERE document_id = ?" + (" AND kind = ?" if kind else "")
        args = (doc_id, kind) if kind else (doc_id,)
        return [json.loads(r[0]) for r in self.db.execute(sql + " ORDER BY start", args)]

    def sentences(self, doc_id: int) -> list[tuple[int, int]]:
        return [(r[0], r[1]) for r in self.db.execute(
            'SELECT start, "end" FROM sentences WHERE document_id = ? ORDER BY idx', (doc_id,))]

    def claims(self, doc_ids: Iterable[int]) -> list[dict[str, Any]]:
        wanted = sorted(set(doc_ids))
        return [{**dict(r), "frame": json.loads(r["frame"])} for r in self.db.execute(
            f"SELECT * FROM claims WHERE document_id IN ({_marks(wanted)}) ORDER BY document_id, start",
            wanted)]

    def links(self, kind: str, doc_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        if doc_ids is None:
            rows = self.db.execute("SELECT * FROM links WHERE kind = ? ORDER BY source_id, target_id",
                                   (kind,))
        else:
            wanted = sorted(set(doc_ids))
            # in one order whatever order the links were stored in (a cluster stores them by block)
            rows = self.db.execute(f"SELECT * FROM links WHERE kind = ? AND (source_id IN ({_marks(wanted)}) "
                                   f"OR target_id IN ({_marks(wanted)})) ORDER BY source_id, target_id",
                                   [kind, *wanted, *wanted])
        return [{**dict(r), "data": json.loads(r["data"])} for r in rows]

    def story(self, story_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        return dict(row) if row else None

    def story_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY id")]

    def story_documents(self, story_id: int) -> list[dict[str, Any]]:
        return [_row(r) for r in self.db.execute(
            "SELECT * FROM documents WHERE story_id = ? ORDER BY published_day, id", (story_id,))]

    def stories(self, *, limit: int | None = None, since: str | None = None, until: str | None = None,
                outlet: str | None = None, query: str | None = None, min_size: int = 1
                ) -> list[dict[str, Any]]:
        where, args = ["s.size >= ?"], [min_size]
        if since:
            where.append("s.last_day >= ?")
            args.append(since)
        if until:
            where.append("s.first_day <= ?")
            args.append(until)
        if outlet:
            where.append("EXISTS (SELECT 1 FROM documents d WHERE d.story_id = s.id AND d.outlet = ?)")
            args.append(outlet)
        if query:
            ids = {hit["story_id"] for hit in self.search(query, limit=1000) if hit["story_id"]}
            where.append(f"s.id IN ({_marks(sorted(ids))})" if ids else "0")
            args.extend(sorted(ids))
        sql = (f"SELECT s.*, (SELECT COUNT(DISTINCT outlet) FROM documents d WHERE d.story_id = s.id) "
               f"AS outlets FROM stories s WHERE {' AND '.join(where)} "
               f"ORDER BY s.size DESC, s.last_day DESC, s.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [dict(r) for r in self.db.execute(sql, args)]

    def search(self, query: str, *, limit: int = 20, offset: int = 0, outlet: str | None = None,
               since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """Documents matching ``query`` (words, or «"a phrase"»), best first, each with a snippet
        from its original text; ``outlet``, ``since`` and ``until`` (ISO days) narrow them."""
        from riwaya.store.search import snippet

        found = self._search_where(query, outlet, since, until)
        if found is None:
            return []
        where, args = found
        with self._time_limited():
            rows = self.db.execute(
                "SELECT d.id, d.title, d.outlet, d.published, d.story_id, d.text, bm25(documents_fts) "
                "AS rank FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                f"WHERE {where} ORDER BY rank LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
        return [{"document": r["id"], "title": r["title"], "outlet": r["outlet"],
                 "published": r["published"], "story_id": r["story_id"], "score": round(-r["rank"], 3),
                 **snippet(r["text"], query)} for r in rows]

    def search_count(self, query: str, *, outlet: str | None = None, since: str | None = None,
                     until: str | None = None) -> int:
        """How many documents ``search`` finds in all."""
        found = self._search_where(query, outlet, since, until)
        if found is None:
            return 0
        where, args = found
        with self._time_limited():
            return self.db.execute("SELECT COUNT(*) FROM documents_fts JOIN documents d ON d.id = "
                                   f"documents_fts.rowid WHERE {where}", args).fetchone()[0]

    @contextmanager
    def _time_limited(self) -> Iterator[None]:
        """A search stopped once it has run ``search_time_limit`` seconds, as Datasette stops a
        query past sql_time_limit_ms: FTS5 ranks every match, and a query of many common words
        over a big corpus held a server thread for minutes (issue 16)."""
        if self.search_time_limit is None:
            yield
            return
        limit = self.search_time_limit
        deadline = time.monotonic() + limit
        db = self.db
        # called every 1,000 SQLite instructions, a few microseconds' work: a clock read
        db.set_progress_handler(lambda: time.monotonic() > deadline, 1_000)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" not in str(exc):
                raise
            raise RiwayaError(
                _("the search ran past its time limit (%(seconds)s s): rarer words, a phrase or a date "
                  "range narrow it") % {"seconds": f"{limit:g}"}) from exc
        finally:
            db.set_progress_handler(None, 0)

    @staticmethod
    def _search_where(query: str, outlet: str | None, since: str | None,
                      until: str | None) -> tuple[str, list[Any]] | None:
        from riwaya.store.search import fts_query

        match = fts_query(query)
        if match is None:
            return None
        where, args = ["documents_fts MATCH ?"], [match]
        for clause, value in (("d.outlet = ?", outlet), ("d.published_day >= ?", since),
                              ("d.published_day <= ?", until)):
            if value:
                where.append(clause)
                args.append(value)
        return " AND ".join(where), args

    def save_check(self, result: dict[str, Any], title: str | None = None) -> str:
        import secrets

        check_id = secrets.token_urlsafe(9)
        with self.transaction() as db:
            db.execute("INSERT INTO checks (id, title, result) VALUES (?, ?, ?)",
                       (check_id, title, json.dumps(result, ensure_ascii=False)))
        return check_id

    def load_check(self, check_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT title, result, at FROM checks WHERE id = ?", (check_id,)).fetchone()
        if row is None:
            return None
        return {"title": row["title"], "at": row["at"], "result": json.loads(row["result"])}

    def add_check_review(self, check_id: str, finding: str, rating: str, note: str | None,
                         reviewer: str | None, url: str | None) -> int:
        self.writable()
        return self.db.execute("INSERT INTO check_reviews (check_id, finding, rating, note, reviewer, url) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               (check_id, finding, rating, note, reviewer, url)).lastrowid

    def check_reviews(self, check_id: str | None = None) -> list[dict[str, Any]]:
        """The reviews of one saved check's findings (of every check without ``check_id``), oldest
        first, each with its check's title and JSON when every check is asked for."""
        if check_id is not None:
            rows = self.db.execute("SELECT * FROM check_reviews WHERE check_id = ? ORDER BY id", (check_id,))
            return [dict(r) for r in rows]
        rows = self.db.execute("SELECT r.*, c.title, c.result FROM check_reviews r "
                               "JOIN checks c ON c.id = r.check_id ORDER BY r.id")
        return [{**dict(r), "result": json.loads(r["result"])} for r in rows]

    def add_document(self, p: Prepared, f: Features) -> int:
        """Store one prepared document: its row, sentences, mentions, claims, signature and search
        entry (inside a transaction)."""
        from riwaya.store.rows import document_rows

        return self.add_rows(document_rows(p, f))

    def add_many(self, documents: list[DocumentRows]) -> list[int]:
        """Store many documents' rows (a cluster's part), inside a transaction; their ids."""
        return [self.add_rows(rows) for rows in documents]

    def add_rows(self, rows: DocumentRows) -> int:
        """Store one document's rows (``store.rows.document_rows``), inside a transaction."""
        db = self.db
        doc_id = db.execute(
            "INSERT INTO documents (hash, name, kind, title, url, outlet, published, published_day, "
            "language, ocr_confidence, warnings, issuer, issuer_terms, text, meta) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows.document).lastrowid
        if rows.capture is not None:
            db.execute("INSERT INTO captures (document_id, url, fetched_at, warc) VALUES (?, ?, ?, ?)",
                       (doc_id, *rows.capture))
        db.executemany('INSERT INTO sentences (document_id, idx, start, "end") VALUES (?, ?, ?, ?)',
                       [(doc_id, *s) for s in rows.sentences])
        if rows.mentions:
            # in one statement, then their ids in the order inserted (this writer's, inside its
            # transaction): a statement per mention was a third of the writer's time
            db.executemany('INSERT INTO mentions (document_id, kind, start, "end", text, data) '
                           "VALUES (?, ?, ?, ?, ?, ?)", [(doc_id, *m) for m in rows.mentions])
            ids = [r[0] for r in db.execute("SELECT id FROM mentions WHERE document_id = ? ORDER BY id",
                                            (doc_id,))]
            db.executemany(
                "INSERT INTO claims (document_id, mention_id, unit, event, actor, actor_text, place, "
                'value, low, high, qualifier, attributed_to, hedge, among, start, "end", text, frame) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(doc_id, ids[c[0]], *c[1:]) for c in rows.claims])
        db.execute("INSERT INTO signatures (document_id, minhash, shingles, sentence_keys, numbers, "
                   "features, attributed, words, slots) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (doc_id, *rows.signature))
        db.execute("INSERT INTO documents_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                   (doc_id, rows.title, rows.norm, rows.stems))
        return doc_id

    # Writing, for ingest (each inside a transaction).
    def signatures(self, first: int = 0, last: int | None = None) -> Iterator[sqlite3.Row]:
        """The documents with their signatures, ids ``first`` to ``last`` (all of them by
        default), in the order added: what the corpus indexes load."""
        return self.db.execute(f"{SIGNED_DOCUMENTS} WHERE d.id BETWEEN ? AND ? ORDER BY d.id",
                               (first, last if last is not None else 2**62))

    def signatures_of(self, doc_ids: list[int]) -> list[sqlite3.Row]:
        """These documents with their signatures (as `signatures`), in no order."""
        return self._by_chunks(f"{SIGNED_DOCUMENTS} WHERE d.id IN ({{}})", doc_ids)

    def add_link(self, source: int, target: int, kind: str, similarity: float | None = None,
                 data: dict[str, Any] | None = None) -> None:
        self.db.execute("INSERT OR IGNORE INTO links (source_id, target_id, kind, similarity, data) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (source, target, kind, similarity, json.dumps(data or {})))

    def add_links(self, rows: Iterable[tuple[int, int, str, float | None, dict[str, Any] | None]]) -> None:
        """Many links at once: (source, target, kind, similarity, data) each."""
        self.db.executemany("INSERT OR IGNORE INTO links (source_id, target_id, kind, similarity, data) "
                            "VALUES (?, ?, ?, ?, ?)",
                            [(s, t, k, sim, json.dumps(data or {})) for s, t, k, sim, data in rows])

    def unlink_copies(self, first: int) -> None:
        """Take away the copy and template links of the documents from id ``first`` on (each
        link belongs to the later of its two documents): to be found again."""
        self.db.execute("DELETE FROM links WHERE kind IN ('copies', 'template') AND "
                        "MAX(source_id, target_id) >= ?", (first,))

    def add_appearances(self, seen: list[Appearance]) -> int:
        """Record where stored texts were read again under another name. Left out: a text not
        stored; one stored under the same name; one with the stored document's outlet, address
        and date (the same publication, read from another file). How many were new."""
        with self.transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO appearances (document_id, name, outlet, url, published, meta) "
                "SELECT id, ?, ?, ?, ?, ? FROM documents WHERE hash = ? AND name != ? "
                "AND NOT (outlet IS ? AND url IS ? AND published IS ?)",
                [(a.name, a.outlet, a.url, a.published, a.meta, a.hash, a.name, a.outlet, a.url, a.published)
                 for a in seen])
            return db.total_changes - before

    def log(self, name: str, outcome: str, reason: str | None = None) -> None:
        self.writable()
        self.db.execute("INSERT INTO ingest_log (name, outcome, reason) VALUES (?, ?, ?)",
                        (name, outcome, reason))

    def set_story(self, doc_id: int, story_id: int | None) -> None:
        self.db.execute("UPDATE documents SET story_id = ? WHERE id = ?", (story_id, doc_id))

    def story_of(self, doc_id: int) -> int | None:
        row = self.db.execute("SELECT story_id FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def delete_stories_of(self, doc_ids: list[int]) -> None:
        """The stories these documents are in (to be placed again)."""
        self.db.execute(f"DELETE FROM stories WHERE id IN (SELECT story_id FROM documents WHERE id IN "
                        f"({_marks(doc_ids)}))", doc_ids)

    def new_story(self, title: str | None, day: str | None, story_id: int | None = None) -> int:
        """A story of no document yet; numbered ``story_id`` when given (a story placed again keeps
        its number), else the next free number."""
        return self.db.execute("INSERT INTO stories (id, title, first_day, last_day, size) "
                               "VALUES (?, ?, ?, ?, 0)", (story_id, title, day, day)).lastrowid

    def grow_story(self, story_id: int, day: str | None) -> None:
        """A story holds one more document, of ``day``."""
        self.db.execute(
            "UPDATE stories SET size = size + 1, first_day = CASE WHEN ? IS NOT NULL AND "
            "(first_day IS NULL OR ? < first_day) THEN ? ELSE first_day END, last_day = CASE WHEN ? "
            "IS NOT NULL AND (last_day IS NULL OR ? > last_day) THEN ? ELSE last_day END WHERE id = ?",
            (day, day, day, day, day, day, story_id))

    def story_statements(self, story_id: int, besides: int) -> list[sqlite3.Row]:
        """The other documents of a story with the statement words they carry: a header's terms
        (``issuer_terms``) and the statements they name (``attributed``)."""
        return self.db.execute("SELECT d.id, d.issuer_terms, s.attributed FROM documents d JOIN signatures s "
                               "ON s.document_id = d.id WHERE d.story_id = ? AND d.id != ?",
                               (story_id, besides)).fetchall()

    # Stories placed again (corpus/placement.py).
    def placing_rows(self) -> list[sqlite3.Row]:
        """Every document with what orders and places it: published, published_day, hash, outlet,
        story_id, and ``storied`` (Arabic: it has a story)."""
        return self.db.execute("SELECT id, published, published_day, hash, outlet, story_id, "
                               "(language IS NULL OR language = 'ar') AS storied FROM documents").fetchall()

    def placing_key(self, doc_id: int) -> tuple[str | None, str]:
        """A document's published value and hash (what orders it among the others)."""
        row = self.db.execute("SELECT published, hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0], row[1]

    def features_of(self, doc_ids: list[int]) -> dict[int, str]:
        """The story features (JSON) of these documents."""
        return dict(self._by_chunks(
            "SELECT document_id, features FROM signatures WHERE document_id IN ({})", doc_ids))

    def placing_links(self, doc_ids: list[int]) -> list[sqlite3.Row]:
        """The copy and template links of these documents, each once."""
        rows = self._by_chunks(
            "SELECT source_id, target_id, kind, similarity, data FROM links WHERE kind IN ('copies', "
            "'template') AND (source_id IN ({0}) OR target_id IN ({0}))", doc_ids, twice=True)
        return list({(r["source_id"], r["target_id"], r["kind"]): r for r in rows}.values())

    def statement_words(self, doc_ids: list[int]) -> dict[int, tuple[str | None, str]]:
        """The statement words of these documents: a header's terms (JSON, or None) and the
        statements they name (JSON)."""
        return {r[0]: (r[1], r[2]) for r in self._by_chunks(
            "SELECT d.id, d.issuer_terms, s.attributed FROM documents d JOIN signatures s "
            "ON s.document_id = d.id WHERE d.id IN ({})", doc_ids)}

    def unplace(self, doc_ids: list[int]) -> set[int]:
        """Take these documents out of their stories, and their cite links away (to be placed
        again); the stories left with no document are deleted, the others' sizes and days
        counted again. The numbers of the deleted stories."""
        touched = {r[0] for r in self._by_chunks(
            "SELECT DISTINCT story_id FROM documents WHERE story_id IS NOT NULL AND id IN ({})", doc_ids)}
        self._by_chunks("UPDATE documents SET story_id = NULL WHERE id IN ({})", doc_ids)
        self._by_chunks("DELETE FROM links WHERE kind = 'cites' AND (source_id IN ({0}) OR target_id "
                        "IN ({0}))", doc_ids, twice=True)
        stories = sorted(touched)
        members = "FROM documents d WHERE d.story_id = stories.id"
        self._by_chunks(f"UPDATE stories SET size = (SELECT COUNT(*) {members}), first_day = (SELECT "
                        f"MIN(published_day) {members}), last_day = (SELECT MAX(published_day) {members}) "
                        "WHERE id IN ({})", stories)
        emptied = {r[0] for r in self._by_chunks(
            "SELECT id FROM stories WHERE size = 0 AND id IN ({})", stories)}
        self._by_chunks("DELETE FROM stories WHERE size = 0 AND id IN ({})", stories)
        return emptied

    def story_title(self, doc_id: int) -> str | None:
        """The title a story founded by this document takes: the document's, else its first
        sentence (200 characters at most)."""
        from riwaya.compare.stories import founding_title

        row = self.db.execute('SELECT d.title, d.text, s.start, s."end" FROM documents d LEFT JOIN sentences '
                              "s ON s.document_id = d.id AND s.idx = 0 WHERE d.id = ?", (doc_id,)).fetchone()
        return founding_title(row["title"], row["text"], row["start"], row["end"]) if row else None

    def stories_begun_after(self, doc_id: int) -> int:
        """The stories all of whose documents were stored after document ``doc_id``."""
        return self.db.execute("SELECT COUNT(*) FROM (SELECT story_id FROM documents WHERE story_id IS NOT "
                               "NULL GROUP BY story_id HAVING MIN(id) > ?)", (doc_id,)).fetchone()[0]

    def last_story_id(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]

    def last_document_id(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str | None) -> None:
        """Set (None: remove) one of the database's own settings (inside a transaction)."""
        if value is None:
            self.db.execute("DELETE FROM settings WHERE key = ?", (key,))
        else:
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                            "value = excluded.value", (key, value))

    def _by_chunks(self, sql: str, values: list[Any], *, twice: bool = False) -> list[sqlite3.Row]:
        """``sql`` with its ``{}`` (``{0}`` twice with ``twice``) the marks of ``values``, run a
        chunk of them at a time: SQLite bounds the parameters of one statement."""
        out: list[sqlite3.Row] = []
        for at in range(0, len(values), _CHUNK):
            chunk = list(values[at:at + _CHUNK])
            out.extend(self.db.execute(sql.format(_marks(chunk)), chunk * 2 if twice else chunk))
        return out

    def words(self, doc_id: int) -> bytes | None:
        """A document's word offsets as stored (the signature's ``words``)."""
        row = self.db.execute("SELECT words FROM signatures WHERE document_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    # Export (render/parquet.py).
    def export_batches(self, table: str, story_ids: list[int] | None = None,
                       size: int = 5000) -> Iterator[list[sqlite3.Row]]:
        """The rows of one of EXPORTED_TABLES as stored, ``size`` at a time (a reader never holds
        a table); with ``story_ids``, those of these stories' documents (a link: both ends)."""
        select, within = EXPORTED_TABLES[table]
        args: list[Any] = []
        if story_ids is not None:
            # ``within`` says where the stories' numbers go
            marks = _marks(story_ids)
            select += " WHERE " + within.format(marks=marks, documents=f"SELECT id FROM documents WHERE "
                                                                        f"story_id IN ({marks})")
            args = list(story_ids) * within.count("{")
        cursor = self.db.execute(select, args)
        while batch := cursor.fetchmany(size):
            yield batch

    # Reviews.
    def has_claim(self, claim_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() is not None

    def add_review(self, claim_id: int, rating: str, note: str | None, reviewer: str | None,
                   url: str | None) -> int:
        self.writable()
        return self.db.execute("INSERT INTO reviews (claim_id, rating, note, reviewer, url) "
                               "VALUES (?, ?, ?, ?, ?)",
                               (claim_id, rating, note, reviewer, url)).lastrowid

    def reviews(self) -> list[sqlite3.Row]:
        """Every review with the claim it rates and that claim's document."""
        return self.db.execute(
            "SELECT r.*, c.text AS figure, c.start, c.\"end\", c.document_id, d.text AS doc_text, "
            "d.url AS doc_url, d.title, d.outlet, d.published FROM reviews r "
            "JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.document_id "
            "ORDER BY r.id").fetchall()

    def reviews_of(self, claim_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """The reviews of these claims (a story page's figures), oldest first, by claim."""
        wanted = sorted(set(claim_ids))
        out: dict[int, list[dict[str, Any]]] = {}
        for r in self.db.execute("SELECT claim_id, rating, note, reviewer, at FROM reviews WHERE claim_id "
                                 f"IN ({_marks(wanted)}) ORDER BY id", wanted):
            out.setdefault(r["claim_id"], []).append(
                {"rating": r["rating"], "note": r["note"], "reviewer": r["reviewer"], "at": r["at"]})
        return out

    # For the web app.
    def version(self) -> int:
        """Changes when anyone writes. Read on a connection that never writes, so that every
        write, by another process or by any thread of this one, is another connection's and moves
        its data_version; an in-memory database has one connection, and counts its changes."""
        if self.path == ":memory:":
            return self.db.total_changes
        with self._opening:
            if self._watch is None:
                self._watch = self._connect()
                self._connections.append(self._watch)
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def outlets(self, limit: int = 100) -> list[str]:
        """The outlets with the most documents, most first."""
        return [r[0] for r in self.db.execute(
            "SELECT outlet FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY COUNT(*) DESC, "
            "outlet LIMIT ?", (limit,))]  # ties by name: the same list from either backend

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {"documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
                "stories": one("SELECT COUNT(*) FROM stories").fetchone()[0],
                "copies": one("SELECT COUNT(*) FROM links WHERE kind = 'copies'").fetchone()[0],
                "cites": one("SELECT COUNT(*) FROM links WHERE kind = 'cites'").fetchone()[0]}


def is_postgres_url(db: str) -> bool:
    """Whether ``--db`` names a PostgreSQL database rather than a SQLite file."""
    return db.startswith(("postgresql://", "postgres://"))


def open_store(db: str, create: bool = True) -> Store | PostgresStore:
    """The database ``--db`` names: PostgreSQL for a ``postgresql://`` (or ``postgres://``)
    address, else the SQLite file at that path. psycopg is imported only for the former."""
    if is_postgres_url(db):
        try:
            from riwaya.store.postgres import PostgresStore
        except ImportError as exc:
            raise RiwayaError(
                _("a PostgreSQL database needs psycopg: pip install 'riwaya[postgres]'")) from exc
        return PostgresStore(db, create=create)
    return Store(db, create=create)


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    """SQLite's words for a file it may read and not write: a read-only file or folder («attempt
    to write a readonly database»), or a read-only filesystem, where a database in WAL mode cannot
    even be opened for want of its -shm file («unable to open database file»)."""
    return any(words in str(exc) for words in ("readonly", "read-only", "unable to open"))


def _connect_read_only(path: str) -> sqlite3.Connection:
    """A connection that never writes. mode=ro needs the -shm file of a WAL database, which a
    read-only filesystem or folder cannot hold; immutable=1 then reads the file as it is, which
    is safe there because nothing can write it."""
    uri = Path(path).resolve().as_uri()

    def connect(options: str) -> sqlite3.Connection:
        return sqlite3.connect(uri + options, uri=True, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_S)

    connection = connect("?mode=ro")
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError as exc:
        connection.close()
        if not _cannot_write(exc):
            raise
        connection = connect("?mode=ro&immutable=1")
    return connection


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


_CHUNK = 500  # values per statement in Store._by_chunks (SQLite allows 32,766 parameters, old builds 999)


def _marks(values: list[Any]) -> str:
    return ",".join("?" * len(values)) or "NULL"


def _row(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for column in ("warnings", "meta"):
        if column in out:
            out[column] = json.loads(out[column])
    return out
