"""A PostgreSQL server of the test run's own: initdb in a temporary folder, started on a free
loopback port with its socket in that folder, stopped and removed at the end. Tests ask it for a
new, empty database each (``PostgresServer.new_database``) and get its URL.

Skips, with the reason, when PostgreSQL's server programs (Debian's postgresql package, in
/usr/lib/postgresql/VERSION/bin) or psycopg (``pip install 'riwaya[postgres]'``) are absent.
As root, the server runs as the ``postgres`` user: initdb refuses root."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SUPERUSER = "riwaya"


def server_programs() -> Path | None:
    """The folder of initdb and pg_ctl: RIWAYA_PG_BIN, else the PATH, else Debian's newest."""
    if os.environ.get("RIWAYA_PG_BIN"):
        return Path(os.environ["RIWAYA_PG_BIN"])
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    def __init__(self, programs: Path):
        self.programs = programs
        self.folder = Path(tempfile.mkdtemp(prefix="riwaya-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as: list[str] = []
        self._names = itertools.count(1)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups", "--"]

    def _run(self, program: str, *args: str) -> None:
        ran = subprocess.run([*self._as, str(self.programs / program), *args], capture_output=True, text=True,
                             timeout=120, cwd=self.folder)
        if ran.returncode != 0:
            raise RuntimeError(f"{program} failed: {ran.stderr[-2000:]}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"riwaya_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def copy_database(self, url: str) -> str:
        """The URL of a new database that holds what the one at ``url`` holds (none may be
        connected to that one)."""
        import psycopg

        name = f"riwaya_test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name} TEMPLATE {url.rsplit('/', 1)[1]}")
        return self.url(name)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_server() -> Iterator[PostgresServer]:
    """The session's server (a fixture's body: conftest.py's ``postgres``)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'riwaya[postgres]')")
    programs = server_programs()
    if programs is None or not (programs / "initdb").exists():
        pytest.skip("PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and there is no postgres user to run the server as")
    server = PostgresServer(programs)
    try:
        server.start()
        yield server
    finally:
        server.stop()
