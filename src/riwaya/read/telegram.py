"""Telegram Desktop's chat exports: «Export chat history» in machine-readable JSON, a
``result.json`` given alone, in its folder (beside ``photos/`` and ``files/``) or in a ZIP of
that folder; one chat's export or a whole account's («Export Telegram data»: every chat).

Armed groups, ministries and monitors post their statements on Telegram first. Each message
with text is a document:

* its text is built from its text entities (plain text, bold, links, hashtags, mentions…: each
  entity's visible text, in order), so that offsets are those of the message as read;
* the chat's name is the outlet; the message's date is its publication time with the export's
  time zone (Telegram writes the exporting computer's local time, and the UTC instant beside it);
* in a public channel whose address the export shows (its own posts linked as
  ``t.me/<name>/<id>``), ``https://t.me/<name>/<id>`` is its URL;
* what Telegram says of it goes in ``meta["telegram"]``: chat, message id, ``forwarded_from``,
  ``reply_to``, ``edited`` (when; the export holds the text as last edited), ``album`` (the
  messages of an album of photos or files, one document with the caption);
* a photo or a file that carries text (a statement posted as an image or a PDF) is read by the
  OCR or PDF reader into a document of its own, ``attached_to`` its message.

Service messages (a channel created, a message pinned…) and messages with no text and no
readable attachment are skipped and counted in a warning.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from riwaya.errors import RiwayaError
from riwaya.i18n import _
from riwaya.read.base import (
    IMAGE_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    PDF_SUFFIXES,
    Document,
    Unreadable,
    suffix_of,
    written_out,
)

EXPORT_NAME = "result.json"
CHAT_TYPES = frozenset({"personal_chat", "bot_chat", "saved_messages", "private_group", "private_supergroup",
                        "public_supergroup", "private_channel", "public_channel"})
PUBLIC_TYPES = frozenset({"public_channel", "public_supergroup"})
# What the head of an export holds: a chat's type before its messages, or an account's data.
_HEAD_SIGNS = (re.compile(rb'"type"\s*:\s*"(?:' + b"|".join(t.encode() for t in sorted(CHAT_TYPES)) + rb')"'
                          rb'[^\[]{0,400}"messages"\s*:\s*\['),
               re.compile(rb'^\s*\{\s*"about"\s*:\s*"[^"]*"\s*,\s*"personal_information"\s*:'))
_NOT_INCLUDED = "(File not included"  # media the export was told not to download
# A post of the channel linking another of its own: «t.me/<name>/<id>».
_SELF_LINK = re.compile(r"(?:https?://)?(?:t\.me|telegram\.me)/([A-Za-z][A-Za-z0-9_]{3,31})/(\d+)")


def looks_like_export(head: bytes) -> bool:
    """Whether the first bytes of a JSON file are those of a Telegram export."""
    return any(sign.search(head) for sign in _HEAD_SIGNS)


def is_export(data: Any) -> bool:
    """Whether parsed JSON is an export: one chat with its messages, or an account's chat list."""
    if not isinstance(data, dict):
        return False
    one_chat = data.get("type") in CHAT_TYPES and isinstance(data.get("messages"), list)
    account = isinstance(data.get("chats"), dict) and isinstance(data["chats"].get("list"), list)
    return one_chat or account


@dataclass
class Media:
    """Where an export's photos and files are: the folder of its result.json, or the folder of
    it inside a ZIP. A path that leads out of it is not followed."""

    folder: str | None = None
    archive: zipfile.ZipFile | None = None
    prefix: str = ""
    max_bytes: int = MAX_DOCUMENT_BYTES  # the largest member of an archive written out to be read

    @contextmanager
    def local(self, relative: str) -> Iterator[str | None]:
        """A path on disk for the export's file ``relative``, or None when it is not there."""
        parts = PurePosixPath(relative.replace("\\", "/")).parts
        if not parts or ".." in parts or relative.startswith(("/", "\\")):
            yield None
            return
        if self.folder is not None:
            path = os.path.join(self.folder, *parts)
            yield path if os.path.isfile(path) else None
            return
        if self.archive is None:
            yield None
            return
        try:
            member = self.archive.getinfo(self.prefix + "/".join(parts))
        except KeyError:
            yield None
            return
        if member.file_size > self.max_bytes:
            raise RiwayaError(
                _("%(name)s: larger than the %(limit)s MB riwaya reads as one document (--max-mb)")
                % {"name": relative, "limit": f"{self.max_bytes / 2**20:.0f}"})
        with self.archive.open(member) as data, written_out(data.read(), suffix_of(relative)) as path:
            yield path


Reader = Callable[[str, str], Document]  # (path, kind) → the attachment's document


def chats(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The chats of an export: itself, or an account's chats (and the chats it has left)."""
    if isinstance(data.get("messages"), list):
        return [data]
    found = []
    for key in ("chats", "left_chats"):
        block = data.get(key)
        if isinstance(block, dict) and isinstance(block.get("list"), list):
            found.extend(c for c in block["list"]
                         if isinstance(c, dict) and isinstance(c.get("messages"), list))
    return found


def message_text(message: dict[str, Any]) -> str:
    """A message's text, entity by entity (plain, bold, link, hashtag…: each one's visible text)."""
    entities = message.get("text_entities")
    parts = entities if isinstance(entities, list) else message.get("text")
    if isinstance(parts, str):
        return parts
    if not isinstance(parts, list):
        return ""
    return "".join(p if isinstance(p, str) else str(p.get("text", "")) if isinstance(p, dict) else ""
                   for p in parts)


def local_time(message: dict[str, Any], field: str = "date") -> str | None:
    """A message's date (or ``edited``) as ISO 8601 with the export's UTC offset: Telegram gives
    the local time of the computer that exported, and the instant as Unix time beside it."""
    written = message.get(field)
    if not isinstance(written, str):
        return None
    try:
        local = dt.datetime.fromisoformat(written)
    except ValueError:
        return written
    try:
        instant = dt.datetime.fromtimestamp(int(message[f"{field}_unixtime"]), dt.UTC).replace(tzinfo=None)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        return local.isoformat()
    minutes = round((local - instant).total_seconds() / 60)
    if abs(minutes) > 14 * 60:  # no time zone is that far: the two do not describe one instant
        return local.isoformat()
    return local.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).isoformat()


def channel_name(chat: dict[str, Any]) -> str | None:
    """A public chat's address (its t.me name), when its posts link its own posts; else None:
    the export itself does not give it."""
    if chat.get("type") not in PUBLIC_TYPES:
        return None
    ids = {m.get("id") for m in chat["messages"] if isinstance(m, dict)}
    found: Counter[str] = Counter()
    for message in chat["messages"]:
        if not isinstance(message, dict):
            continue
        entities = message.get("text_entities") if isinstance(message.get("text_entities"), list) else []
        for entity in entities:
            if isinstance(entity, dict):
                for link in (entity.get("href"), entity.get("text")):
                    for name, number in _SELF_LINK.findall(str(link or "")):
                        if int(number) in ids:
                            found[name.lower()] += 1
    if not found:
        return None
    (name, count), total = found.most_common(1)[0], sum(found.values())
    return name if count >= 2 and count >= 0.8 * total else None


def _attachments(message: dict[str, Any]) -> list[str]:
    return [str(message[key]) for key in ("photo", "file") if isinstance(message.get(key), str)]


def _albums(messages: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Messages grouped as sent: an album (photos or files sent at once) is consecutive messages
    of one sender, at one instant, each with an attachment; the caption is on one of them."""
    groups: list[list[dict[str, Any]]] = []
    for message in messages:
        last = groups[-1][-1] if groups else None
        if (last is not None and _attachments(message) and _attachments(last)
                and message.get("from_id") == last.get("from_id")
                and (message.get("date_unixtime") or message.get("date"))
                == (last.get("date_unixtime") or last.get("date"))):
            groups[-1].append(message)
        else:
            groups.append([message])
    return groups


@dataclass
class _Chat:
    name: str  # how its documents are named: the export's path, and the chat's id when there are several
    outlet: str | None
    channel: str | None  # its t.me name
    chat_id: Any


def read_export(data: dict[str, Any], name: str, media: Media, read_attachment: Reader
                ) -> Iterator[Document | Unreadable]:
    """The documents of an export already parsed (``data``), read from ``name``."""
    found = chats(data)
    if not found:
        yield Unreadable(name, _("a Telegram export with no chat in it"))
        return
    chats_read = []
    skipped: Counter[str] = Counter()
    for chat in found:
        outlet = chat.get("name") if isinstance(chat.get("name"), str) else None
        where = _Chat(name if len(found) == 1 else f"{name}#{chat.get('id')}", outlet, channel_name(chat),
                      chat.get("id"))
        if where.channel is None and chat.get("type") in PUBLIC_TYPES:
            skipped["no address"] += 1
        groups = _albums([m for m in chat["messages"] if isinstance(m, dict)])
        skipped.update(_skipped(groups))
        chats_read.append((where, groups))
    # counted before reading, so that the first document carries the warnings as it is read
    warnings = _skipped_warnings(name, skipped)
    any_document = False
    for where, groups in chats_read:
        for group in groups:
            for item in _group_documents(group, where, media, read_attachment):
                if isinstance(item, Document) and not any_document:
                    any_document = True
                    item.warnings.extend(warnings)
                yield item
    if not any_document:
        yield Unreadable(name, _("a Telegram export with no message that has text"))


def _readable_kind(relative: str) -> str | None:
    if relative.startswith(_NOT_INCLUDED):
        return None
    suffix = suffix_of(relative)
    return "image" if suffix in IMAGE_SUFFIXES else "pdf" if suffix in PDF_SUFFIXES else None


def _skipped(groups: list[list[dict[str, Any]]]) -> Counter[str]:
    """What of a chat gives no document: service messages, messages without text or an
    attachment riwaya reads (a video, a sticker), photos and files the export does not hold."""
    counts: Counter[str] = Counter()
    for group in groups:
        if group[0].get("type") != "message":
            counts["service"] += len(group)
            continue
        attached = [a for m in group for a in _attachments(m)]
        counts["not included"] += sum(a.startswith(_NOT_INCLUDED) for a in attached)
        if not any(message_text(m).strip() for m in group) and not any(map(_readable_kind, attached)):
            counts["empty"] += len(group)
    return counts


def _skipped_warnings(name: str, skipped: Counter[str]) -> list[str]:
    out = []
    if skipped["service"] or skipped["empty"]:
        out.append(f"{name}: {skipped['service']} service messages and {skipped['empty']} messages "
                   "without text skipped")
    if skipped["not included"]:
        out.append(f"{name}: {skipped['not included']} photos or files were not in the export "
                   "(exported without media)")
    if skipped["no address"]:
        out.append(f"{name}: a public chat whose t.me address the export does not give: no message URLs")
    return out


def _group_documents(group: list[dict[str, Any]], chat: _Chat, media: Media, read_attachment: Reader
                     ) -> Iterator[Document | Unreadable]:
    head = group[0]
    if head.get("type") != "message":
        return
    texts = [(m, message_text(m)) for m in group]
    captioned = next((m for m, text in texts if text.strip()), head)
    text = "\n\n".join(t for _m, t in texts if t.strip())
    number = captioned.get("id")
    telegram: dict[str, Any] = {"chat": chat.outlet, "chat_id": chat.chat_id, "message_id": number}
    for key, field in (("forwarded_from", "forwarded_from"), ("reply_to", "reply_to_message_id")):
        if captioned.get(field) is not None:
            telegram[key] = captioned[field]
    if isinstance(captioned.get("edited"), str):
        telegram["edited"] = local_time(captioned, "edited")
    if len(group) > 1:
        telegram["album"] = [m.get("id") for m in group]
    url = f"https://t.me/{chat.channel}/{number}" if chat.channel and number is not None else None
    doc_name = f"{chat.name}#{number}"
    published = local_time(captioned)
    if text.strip():
        yield Document(doc_name, text, "telegram", url=url, outlet=chat.outlet, published=published,
                       meta={"telegram": telegram})
    for message in group:
        for relative in _attachments(message):
            kind = _readable_kind(relative)
            if kind is not None:  # not a video, a voice message, a sticker, a file not exported
                yield _attachment(message, relative, kind, doc_name, chat, url, published, media,
                                  read_attachment)


def _attachment(message: dict[str, Any], relative: str, kind: str, attached_to: str, chat: _Chat,
                url: str | None, published: str | None, media: Media, read_attachment: Reader
                ) -> Document | Unreadable:
    name = f"{attached_to}/{relative}"
    try:
        with media.local(relative) as path:
            if path is None:
                return Unreadable(name, _("the export names this file and does not hold it"))
            try:
                doc = read_attachment(path, kind)
            except RiwayaError as exc:
                return Unreadable(name, str(exc).replace(f"{path}: ", "").replace(path, name))
    except (RiwayaError, OSError, zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as exc:
        # too large, or a damaged member of the archive
        return Unreadable(name, str(exc).replace(f"{relative}: ", ""))
    telegram = {"chat": chat.outlet, "chat_id": chat.chat_id, "message_id": message.get("id"),
                "attached_to": attached_to}
    return Document(name, doc.text, doc.kind, title=doc.title, url=url, outlet=chat.outlet,
                    published=published, ocr_confidence=doc.ocr_confidence,
                    warnings=[w.replace(path, name) for w in doc.warnings], meta={"telegram": telegram})


def load(stream: IO[bytes], name: str, limit: int) -> dict[str, Any]:
    """An export's JSON, at most ``limit`` bytes; one clear line when it is not one."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise RiwayaError(_("%(name)s: a Telegram export larger than %(limit)s MB")
                          % {"name": name, "limit": f"{limit / 2**20:.0f}"})
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RiwayaError(_("%(name)s: a broken Telegram export (%(exc)s)")
                          % {"name": name, "exc": exc}) from exc
    if not is_export(data):
        raise RiwayaError(_("%(name)s: a broken Telegram export (no chat with a list of messages)")
                          % {"name": name})
    return data
