"""RSS and Atom feeds (feedparser): the items an outlet's feed lists, each a link to an article
riwaya fetches and reads (`riwaya ingest --feed`, `riwaya watch`).

A feed is fetched as any web address is (read/fetch.py: bounded, no private address unless
allowed) or read from a file; feedparser reads its dialect, its dates and its relative links.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import is_url
from riwaya.read.fetch import fetch

MAX_FEED_BYTES = 10 * 2**20  # a feed of a few hundred items is a few hundred kilobytes


@dataclass
class FeedItem:
    """One item of a feed: the article it links, with what the feed says of it."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO 8601, UTC


@dataclass
class Feed:
    source: str  # its address or file, as given
    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).isoformat()


def read_feed(source: str, *, allow_private: bool = False, max_bytes: int = MAX_FEED_BYTES) -> Feed:
    """The feed at ``source`` (an http(s) address or a file); one clear line when it cannot be
    read or is not a feed."""
    import feedparser

    if is_url(source):
        page = fetch(source, allow_private=allow_private, max_bytes=max_bytes)
        data, base = page.body, page.final_url
    else:
        try:
            if os.path.getsize(source) > max_bytes:
                raise RiwayaError(_("%(feed)s: a feed larger than %(limit)s MB")
                                  % {"feed": source, "limit": f"{max_bytes / 2**20:.0f}"})
            with open(source, "rb") as f:
                data = f.read()
        except OSError as exc:
            raise RiwayaError(_("%(feed)s: cannot read (%(reason)s)")
                              % {"feed": source, "reason": exc.strerror or exc}) from exc
        base = ""
    parsed = feedparser.parse(data, response_headers={"content-location": base} if base else None)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or _("no items")
        raise RiwayaError(_("%(feed)s: not an RSS or Atom feed (%(reason)s)")
                          % {"feed": source, "reason": reason})
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if is_url(link):  # an item without an article to fetch says nothing riwaya can check
            items.append(FeedItem(link, entry.get("title") or None, _published(entry)))
    return Feed(source, parsed.feed.get("title") or None, items)
