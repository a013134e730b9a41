import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The compiled lexicons (riwaya.compiled) of a test run go to a folder of their own, shared by
# the tests and the CLI processes they start, and removed at the end: a run never reads a
# user's cache, nor leaves one behind.
if "RIWAYA_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="riwaya-test-cache-")
    os.environ["RIWAYA_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

# The interface speaks Arabic by default (riwaya.i18n). Tests read the English messages unless
# they ask for a language: the Arabic ones are tested where they are the point
# (tests/test_i18n.py), with RIWAYA_LANG taken away or set.
os.environ.setdefault("RIWAYA_LANG", "en")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_91ee6903be612cb3.txt"


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared (the seed) is not available on this machine")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def postgres():
    """The test run's own PostgreSQL server (tests/postgres.py); skips when it cannot be had."""
    from tests.postgres import start_server

    yield from start_server()


@pytest.fixture
def postgres_url(postgres) -> str:
    """A new, empty PostgreSQL database."""
    return postgres.new_database()


# The backends the corpus tests run on: the same tests, the same expectations.
BACKENDS = ["sqlite", "postgres"]


def new_database(request: pytest.FixtureRequest, backend: str, folder: Path | None = None) -> str:
    """A new, empty database of ``backend`` as ``--db`` names it: a SQLite file in ``folder``
    (``:memory:`` without one), or a database of the run's PostgreSQL server (started, or the
    test skipped, when first asked for)."""
    if backend == "postgres":
        return request.getfixturevalue("postgres").new_database()
    if folder is None:
        return ":memory:"
    path = folder / "riwaya.db"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"riwaya-{n}.db"
    return str(path)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Each backend in turn (a test taking it runs on both)."""
    return request.param


@pytest.fixture
def new_db(request, backend, tmp_path):
    """A factory of new, empty databases of the test's backend (their --db values)."""
    return lambda: new_database(request, backend, tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked slow_on_postgres is slow in its PostgreSQL runs (a server's round trips:
    seconds where SQLite takes a fraction), and runs on SQLite in the fast suite."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        if item.get_closest_marker("slow_on_postgres") and callspec is not None and "postgres" in str(
                callspec.params.get("backend", "")) + str(callspec.params.get("event_set", "")):
            item.add_marker(pytest.mark.slow)
