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
