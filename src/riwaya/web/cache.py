"""Stories and counts are read far more often than the database changes: keep them until it
does (another process's ingest changes data_version, this one's own writes total_changes)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

MAX_ENTRIES = 512


class VersionCache:
    """Values made from the database, dropped whenever its version changes."""

    def __init__(self, version: Callable[[], Any]) -> None:
        self._version = version
        self._entries: dict[Hashable, Any] = {}
        self._seen: Any = None

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        version = self._version()
        if self._seen != version:
            self._entries.clear()
            self._seen = version
        if key not in self._entries:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = make()
        return self._entries[key]
