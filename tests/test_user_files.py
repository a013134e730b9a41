"""Users' own files are safe (issue 15): riwaya never writes its tables into another program's
SQLite file given to --db, never serves a new empty database because of a typo, and says in
one line when the port is taken — without claiming to serve."""

import json
import os
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from riwaya.errors import RiwayaError
from riwaya.store import APPLICATION_ID, Store
from tests.cli import run_riwaya

CORPUS = Path(__file__).parent / "data" / "corpus"


def _one_line_error(ran) -> str:
    err = ran.stderr.decode()
    lines = [line for line in err.splitlines() if line.strip()]
    assert ran.returncode == 1 and len(lines) == 1 and lines[0].startswith("riwaya: error: "), err
    return lines[0]


def _foreign_database(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    con.execute("INSERT INTO contacts VALUES ('مكتب التحرير', '0100')")
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", [
    ["stories"], ["search", "الجيش"], ["export"], ["ingest", str(CORPUS / "yemen_marib_kassara_clashes_2024")],
    ["serve", "--port", "1"],
])
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path, command):
    foreign = tmp_path / "contacts.sqlite"
    before = _foreign_database(foreign)
    line = _one_line_error(run_riwaya(*command, "--db", str(foreign)))
    assert "not a riwaya database but another program's (tables: contacts)" in line
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.sqlite"]  # no -wal, no -journal


def test_a_file_that_is_no_database_is_refused_and_left_as_it_was(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("ملاحظات المحرر\n", encoding="utf-8")
    assert "not a riwaya database, nor any SQLite database" in _one_line_error(
        run_riwaya("ingest", str(CORPUS / "yemen_marib_kassara_clashes_2024"), "--db", str(notes)))
    assert notes.read_text(encoding="utf-8") == "ملاحظات المحرر\n"


def test_an_empty_file_and_a_database_made_before_the_mark_are_riwayas(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    Store(str(empty)).close()
    assert sqlite3.connect(empty).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    # a riwaya database from before the application id: known by its tables, then marked
    older = tmp_path / "older.db"
    Store(str(older)).close()
    con = sqlite3.connect(older)
    con.execute("PRAGMA application_id = 0")
    con.commit()
    con.close()
    Store(str(older)).close()
    assert sqlite3.connect(older).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_serve_refuses_a_missing_database_unless_asked_to_create_it(tmp_path):
    typo = tmp_path / "corpus-typo.db"
    line = _one_line_error(run_riwaya("serve", "--db", str(typo), "--port", "1"))
    assert "no such database" in line and "--create" in line
    assert not typo.exists()


@pytest.fixture
def taken_port():
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    yield holder.getsockname()[1]
    holder.close()


def test_a_port_in_use_is_one_line_and_nothing_claims_to_serve(tmp_path, taken_port):
    db = tmp_path / "r.db"
    Store(str(db)).close()
    ran = run_riwaya("serve", "--db", str(db), "--port", str(taken_port))
    assert f"port {taken_port} on 127.0.0.1 is in use" in _one_line_error(ran)
    assert "serving" not in ran.stderr.decode()
    # with --create and the port taken, no database is left behind either
    fresh = tmp_path / "new.db"
    _one_line_error(run_riwaya("serve", "--db", str(fresh), "--create", "--port", str(taken_port)))
    assert not fresh.exists()


def _corpus(tmp_path) -> Path:
    from riwaya.corpus import ingest
    from riwaya.store import Store

    db = tmp_path / "damaged.db"
    with Store(str(db)) as store:
        ingest([str(Path(__file__).parent / "data" / "corpus")], store, workers=1)
    with sqlite3.connect(db) as done:  # everything in the file itself, none left in the WAL
        done.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def _damage(db: Path) -> Path:
    size = db.stat().st_size
    with db.open("r+b") as f:  # garbage over a part of every third page past the first
        for at in range(4096, size, 3 * 4096):
            f.seek(at + 100)
            f.write(b"\xff" * 2000)
    return db


def test_a_damaged_database_is_one_line_and_a_page_not_a_traceback(tmp_path):
    from fastapi.testclient import TestClient

    from riwaya.web import create_app

    db = _corpus(tmp_path)
    client = TestClient(create_app(str(db)), raise_server_exceptions=False)  # damaged while it serves
    _damage(db)
    for args in (["search", "قصف"], ["stories"], ["export", "--format", "csv"]):
        ran = run_riwaya(*args, "--db", str(db), text=True)
        assert ran.returncode == 1 and ran.stderr.count("\n") == 1 and "damaged" in ran.stderr, (args, ran.stderr)
        assert "Traceback" not in ran.stderr
    page = client.get("/search", params={"q": "قصف"}, headers={"accept": "text/html"})
    assert page.status_code == 500 and "damaged" in page.text and 'id="error"' in page.text


def test_ingest_and_serve_refuse_a_damaged_database_before_they_start(tmp_path):
    from riwaya.web import create_app

    db = _damage(_corpus(tmp_path))
    before = db.read_bytes()
    line = _one_line_error(run_riwaya("ingest", str(CORPUS / "yemen_marib_kassara_clashes_2024"), "--db", str(db)))
    assert "damaged" in line and str(db) in line
    with pytest.raises(RiwayaError, match="damaged"):
        create_app(str(db))
    assert db.read_bytes() == before


# Read-only media (issue 16): a database on a read-only disk, or a file its user may not write,
# refused even reads («not a riwaya database (unable to open database file)»). Root writes any
# file, so the tests read as another user (setpriv) or inside a read-only bind mount (unshare).
SRC = Path(__file__).resolve().parents[1] / "src"


def _riwaya_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "riwaya", "--lang", "en", *args]


def _run_as(prefix: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([*prefix, *_riwaya_argv(*args)], capture_output=True, text=True, env=env,
                          timeout=120)


def _readable_corpus_db(folder: Path) -> Path:
    db = folder / "r.db"
    with Store(str(db)) as store:
        from riwaya.corpus import ingest

        ingest([str(CORPUS / "yemen_marib_kassara_clashes_2024")], store, workers=1)
    return db


def _reads_and_refuses_writes(prefix: list[str], db: Path) -> None:
    before = db.read_bytes()
    stories = _run_as(prefix, "stories", "--db", str(db), "--format", "json")
    assert stories.returncode == 0, stories.stderr
    assert json.loads(stories.stdout), "a read-only database reads as any other"
    found = _run_as(prefix, "search", "مأرب", "--db", str(db), "--format", "json")
    assert found.returncode == 0 and json.loads(found.stdout), found.stderr
    for write in (["ingest", str(CORPUS / "yemen_marib_kassara_clashes_2024"), "--db", str(db)],
                  ["review", "1", "--rating", "False", "--db", str(db)]):
        ran = _run_as(prefix, *write)
        lines = [line for line in ran.stderr.splitlines() if line.strip()]
        assert ran.returncode == 1 and len(lines) == 1 and "cannot be written" in lines[0], ran.stderr
    assert db.read_bytes() == before


def test_a_database_on_a_read_only_filesystem_is_read_not_written(tmp_path):
    db = _readable_corpus_db(tmp_path)
    # a read-only bind mount in a mount namespace of the test's own: a read-only disk, for
    # SQLite (its WAL database cannot have the -shm file it needs, hence immutable=1)
    mount = ["unshare", "-rm", "sh", "-c", f'mount --bind -o ro "{tmp_path}" "{tmp_path}" && exec "$@"', "sh"]
    probe = subprocess.run([*mount, "true"], capture_output=True)
    if shutil.which("unshare") is None or probe.returncode != 0:
        pytest.skip("no unprivileged mount namespaces here (unshare -rm)")
    _reads_and_refuses_writes(mount, db)


def test_a_database_its_user_may_not_write_is_read_not_written():
    folder = Path(tempfile.mkdtemp(prefix="riwaya-ro-"))
    try:
        db = _readable_corpus_db(folder)
        if os.geteuid() == 0:  # root writes everything: read as nobody
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            folder.chmod(0o755)
            db.chmod(0o644)
            if shutil.which("setpriv") is None or subprocess.run(
                    [*prefix, sys.executable, "-c", "import riwaya"], env={**os.environ, "PYTHONPATH": str(SRC)},
                    capture_output=True).returncode != 0:
                pytest.skip("cannot run riwaya as another user here (setpriv, or the checkout unreadable)")
        else:
            prefix = []
            db.chmod(0o444)
            folder.chmod(0o555)
        _reads_and_refuses_writes(prefix, db)
        assert sorted(p.name for p in folder.iterdir()) == ["r.db"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_a_full_disk_is_one_line_and_keeps_what_was_stored(tmp_path):
    # a 400 KB tmpfs in a mount namespace of the test's own: the disk fills mid-ingest
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o size=400k tmpfs "{disk}" && exec "$@"', "sh"]
    if shutil.which("unshare") is None or subprocess.run([*mount, "true"], capture_output=True).returncode:
        pytest.skip("no unprivileged mount namespaces here (unshare -rm)")
    db = disk / "r.db"
    script = (f'{" ".join(map(shlex.quote, _riwaya_argv("ingest", str(CORPUS), "--db", str(db), "--workers", "1")))}; '
              f'echo "exit=$?" >&2; {" ".join(map(shlex.quote, _riwaya_argv("stories", "--db", str(db), "--format", "json")))}'
              f'; python3 -c "import sqlite3; print(sqlite3.connect({str(db)!r}).execute(\'PRAGMA integrity_check\')'
              f'.fetchone()[0])"')
    ran = subprocess.run([*mount, "sh", "-c", script], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(SRC)})
    errors = [line for line in ran.stderr.splitlines() if line.startswith("riwaya: error:")]
    assert "exit=1" in ran.stderr and len(errors) == 1 and "the disk is full" in errors[0], ran.stderr
    assert "Traceback" not in ran.stderr
    assert ran.stdout.splitlines()[-1] == "ok"  # what was stored before the disk filled is whole
    assert json.loads("\n".join(ran.stdout.splitlines()[:-1]))["stories"]


def test_an_immutable_database_is_read_and_its_writes_refused_in_one_line(tmp_path):
    db = _readable_corpus_db(tmp_path)
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode:
        pytest.skip("cannot make a file immutable here (chattr +i needs CAP_LINUX_IMMUTABLE and ext4 or xfs)")
    try:
        assert json.loads(run_riwaya("stories", "--db", str(db), "--format", "json", check=True).stdout)["stories"]
        line = _one_line_error(run_riwaya("ingest", str(CORPUS), "--db", str(db)))
        assert "cannot be written" in line and "damaged" not in line
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
