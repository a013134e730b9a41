"""Actors: one identity per real actor, whatever the text calls it.

النظام, قوات الأسد, الجيش العربي السوري and الجيش السوري are one actor or its parts; داعش and
تنظيم الدولة are one. The lexicon (lexicon/actors.yaml) gives each actor an id, an English name,
a type, a parent, its Arabic names, abbreviations and — for states — adjectives («الطائرات
الروسية» points to Russia). Some aliases signal the outlet's side («قوات الأسد»: opposition
vocabulary); the mention says so in ``perspective``. Generic words (الحكومة, النظام, التنظيم)
are ambiguous: they go to the candidate from the country the rest of the text is about, else to
the lexicon's default.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from riwaya.extract.entities import AliasMatcher
from riwaya.lexicon import load_yaml
from riwaya.text.normalize import Normalized, normalize_str


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    parent: str | None
    country: str | None
    perspective: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Alias:
    """What an alias may mean: one actor, or candidates with a default."""

    kind: str  # name | abbreviation | adjective | ambiguous
    ids: tuple[str, ...]
    default: str


@dataclass(frozen=True)
class ActorLexicon:
    actors: dict[str, Actor]
    aliases: dict[str, Alias]  # normalized alias -> meaning


@cache
def lexicon() -> ActorLexicon:
    data = load_yaml("actors.yaml")
    actors: dict[str, Actor] = {}
    aliases: dict[str, Alias] = {}
    for entry in data["actors"]:
        perspective = {normalize_str(k): v for k, v in (entry.get("perspective") or {}).items()}
        actors[entry["id"]] = Actor(entry["id"], entry["name"], entry["type"], entry.get("parent"),
                                    entry.get("country"), perspective)
        for kind, key in (("name", "names"), ("abbreviation", "abbreviations"), ("adjective", "adjectives")):
            for alias in entry.get(key) or []:
                aliases.setdefault(normalize_str(str(alias)), Alias(kind, (entry["id"],), entry["id"]))
    for alias, entry in (data.get("ambiguous") or {}).items():
        aliases[normalize_str(str(alias))] = Alias("ambiguous", tuple(entry["candidates"]), entry["default"])
    return ActorLexicon(actors, aliases)


@cache
def matcher() -> AliasMatcher:
    return AliasMatcher(lexicon().aliases.items())


def _country(actors: dict[str, Actor], actor_id: str) -> str | None:
    seen = set()
    while actor_id and actor_id not in seen:
        seen.add(actor_id)
        actor = actors.get(actor_id)
        if actor is None:
            return None
        if actor.country:
            return actor.country
        actor_id = actor.parent or ""
    return None


def find_actors(text: str, norm: Normalized,
                context_countries: Counter | None = None) -> list[dict[str, Any]]:
    """Actor mentions of a text. An ambiguous alias goes to a candidate the text names
    elsewhere, else to one from the country the text is about (``context_countries``, e.g.
    from places, plus the actors' own), else to the lexicon's default — unless the text is
    about countries none of the candidates belongs to: then it is no actor."""
    lex = lexicon()
    hits = matcher().find(text, norm)
    countries = Counter(context_countries or {})
    named = Counter()  # actors the text names unambiguously
    for _, _, m in hits:
        if m.payload.kind != "ambiguous":
            named[m.payload.ids[0]] += 1
            country = _country(lex.actors, m.payload.ids[0])
            if country:
                countries[country] += 1
    mentions = []
    for n, (start, end, m) in enumerate(hits):
        alias: Alias = m.payload
        chosen = alias.default
        mentioned = [i for i in alias.ids if named[i]]
        following = hits[n + 1] if n + 1 < len(hits) else None
        qualified = None
        if alias.kind == "ambiguous" and following and following[2].payload.kind == "adjective" \
                and 0 <= following[0] - end <= 1:
            # «الحكومة الليبية», «الفصائل العراقية»: the adjective says whose.
            country = _country(lex.actors, following[2].payload.ids[0])
            qualified = next((i for i in alias.ids if _country(lex.actors, i) == country), None)
        if qualified:
            chosen = qualified
        elif alias.kind == "ambiguous" and mentioned:
            # «التنظيم» after «داعش»: the one the text has named.
            chosen = max(mentioned, key=lambda i: (named[i], i == alias.default))
        elif alias.kind == "ambiguous" and countries:
            ranked = sorted(alias.ids, key=lambda i: (countries.get(_country(lex.actors, i) or "", 0),
                                                       i == alias.default), reverse=True)
            if countries.get(_country(lex.actors, ranked[0]) or "", 0):
                chosen = ranked[0]
            elif sum(countries.values()) >= 1:
                # a Saudi article's «وزارة الداخلية» is no candidate's: not the default's either
                continue
        actor = lex.actors[chosen]
        mention = {"kind": "actor", "start": start, "end": end, "text": text[start:end], "id": actor.id,
                   "name": actor.name, "type": actor.type, "parent": actor.parent,
                   "country": _country(lex.actors, actor.id), "alias": alias.kind,
                   "perspective": actor.perspective.get(m.alias)}
        if alias.kind == "ambiguous":
            mention["candidates"] = list(alias.ids)
        mentions.append(mention)
    return mentions


def family(actor_id: str) -> str:
    """The organisation an actor belongs to, below its state: the Syrian air force and the
    Syrian army are both the Syrian government's; a state is its own family."""
    actors = lexicon().actors
    current = actors.get(actor_id)
    while current is not None and current.parent:
        parent = actors.get(current.parent)
        if parent is None or parent.type == "state":
            break
        current = parent
    return current.id if current is not None else actor_id


def same_side(a: str, b: str) -> bool:
    """Whether two actor ids can name the same party: one family, or a state and one of its
    own bodies («الطائرات الروسية» and «وزارة الدفاع الروسية»)."""
    actors = lexicon().actors
    if family(a) == family(b):
        return True
    types = {actors[a].type if a in actors else "", actors[b].type if b in actors else ""}
    return "state" in types and _country(actors, a) == _country(actors, b) is not None


_STATE_TYPES = frozenset({"state", "government", "ministry", "state_force", "security_service"})


def of_state(actor_id: str) -> bool:
    """Whether an actor is a state or one of its bodies (its soldiers are a state's soldiers)."""
    actor = lexicon().actors.get(actor_id)
    return actor is not None and actor.type in _STATE_TYPES
