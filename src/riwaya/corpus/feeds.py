"""A poll of feeds: which of their items' articles are not yet in the database, to fetch and
ingest (`riwaya ingest --feed`, `riwaya watch`). Running it again adds only what is new: an item
is known by the address it links (a stored document's name) or where that address led (its URL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.read.base import Unreadable
from riwaya.read.feeds import Feed, read_feed
from riwaya.store import Store


@dataclass
class Poll:
    feeds: list[Feed] = field(default_factory=list)
    down: list[Unreadable] = field(default_factory=list)  # feeds that could not be read, and why
    new: list[str] = field(default_factory=list)  # the links of items not yet stored, in feed order

    @property
    def listed(self) -> int:
        return sum(len(f.items) for f in self.feeds)

    def as_dict(self) -> dict[str, Any]:
        return {"feeds": len(self.feeds), "items": self.listed, "new": len(self.new),
                "down": [{"name": u.name, "reason": u.reason} for u in self.down]}


def poll(store: Store, sources: list[str], *, allow_private: bool = False) -> Poll:
    """Read each feed of ``sources`` (a feed that is down is said, and the others are read) and
    find the links of its items that no stored document was read from."""
    out = Poll()
    for source in sources:
        try:
            out.feeds.append(read_feed(source, allow_private=allow_private))
        except RiwayaError as exc:
            out.down.append(Unreadable(source, str(exc).removeprefix(f"{source}: ")))
    links = list(dict.fromkeys(item.link for feed in out.feeds for item in feed.items))
    known = store.known_addresses(links) if links else set()
    out.new = [link for link in links if link not in known]
    return out
