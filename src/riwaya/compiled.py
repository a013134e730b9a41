"""Compiled lexicons kept on disk between runs, so that a short command starts in a blink.

Building riwaya's matchers — the lexicons parsed and normalized, the Aho-Corasick automata of
actors and places, the fused normalization tables — takes about a second, while checking a
report takes a few milliseconds. A builder decorated with :func:`compiled` runs once per
process as with ``functools.cache``; its result is also pickled in the user's cache directory
(``platformdirs.user_cache_dir("riwaya")``, or ``$RIWAYA_CACHE_DIR``) under a key made of the
hash of every file of the installed package — lexicon data and code — so that an edited lexicon
or a new version of riwaya never meets a stale build. ``RIWAYA_CACHE_DIR=off`` keeps nothing on
disk. An unreadable, unwritable or damaged cache is never an error: the builder just runs.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).parent
# Other keys' folders kept beside the current one: a user switching between two installs
# (a checkout and a release) should not rebuild at every switch.
_KEEP = 3


@functools.cache
def fingerprint() -> str:
    """The hash of everything a build depends on: the package's files, Python and pickle."""
    digest = hashlib.sha256(f"{sys.version_info[:2]}:{pickle.HIGHEST_PROTOCOL}".encode())
    files = []
    # os.walk, pruned of bytecode folders: Path.rglob with is_file took five times as long
    for root, folders, names in os.walk(_PACKAGE):
        folders[:] = [name for name in folders if name != "__pycache__"]
        files.extend(Path(root, name) for name in names if name.endswith((".py", ".yaml", ".tsv", ".txt")))
    for path in sorted(files):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@functools.cache
def directory() -> Path | None:
    """This build's folder in the cache, or None when nothing is kept on disk."""
    root = os.environ.get("RIWAYA_CACHE_DIR")
    if root is not None and root.strip().lower() in {"off", "0", "none", ""}:
        return None
    if root is None:
        import platformdirs

        root = platformdirs.user_cache_dir("riwaya")
    return Path(root) / "compiled" / fingerprint()


def _load(path: Path) -> object:
    # Unpickling a lexicon makes tens of thousands of objects and no reference cycles: the
    # cyclic collector, set off by so many allocations, would only walk them in vain (a third of
    # the load time, measured on the actor and place matchers).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    finally:
        if collecting:
            gc.enable()


def _save(path: Path, value: object) -> None:
    import tempfile

    tmp = None
    try:
        fresh = not path.parent.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        # written aside and renamed, so a parallel worker never reads half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        if fresh:
            _prune(path.parent.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if tmp is not None:  # a value that would not pickle leaves no half-written file behind
            Path(tmp).unlink(missing_ok=True)


def _prune(root: Path) -> None:
    """Drop the folders of old builds but the most recent few."""
    try:
        builds = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    for old in builds[:-_KEEP - 1]:
        for file in old.glob("*"):
            file.unlink(missing_ok=True)
        try:
            old.rmdir()
        except OSError:
            pass


def compiled(build: Callable[[], T]) -> Callable[[], T]:
    """Cache a builder without arguments in memory for the process and on disk across runs."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.cache
    def wrapper() -> T:
        folder = directory()
        if folder is None:
            return build()
        path = folder / f"{name}.pickle"
        try:
            return _load(path)  # type: ignore[return-value]
        except OSError:
            pass  # not built yet, or a cache we cannot read: build
        except Exception:  # a damaged or foreign file is rebuilt, never fatal
            pass
        value = build()
        _save(path, value)
        return value

    functools.update_wrapper(wrapper, build)
    return wrapper
