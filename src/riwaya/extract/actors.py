"""Actors: one identity per real actor, whatever the text calls it.

النظام, قوات الأسد, الجيش العربي السوري and الجيش السوري are one actor or its parts; داعش and
تنظيم الدولة are one. The lexicon (lexicon/actors.yaml) gives each actor an id, an English name,
a type, a parent, its Arabic names, abbreviations and — for states — adjectives («الطائرات
الروسية» points to Russia). Some aliases signal the outlet's side («قوات الأسد»: opposition
vocabulary); the mention says so in ``perspective``. Generic words (الحكومة, النظام, الجيش)
are ambiguous: they go to the candidate of a place named right after them («وزارة الخارجية في
البحرين»), else to a candidate the text names, else to the candidate of the country the text is
mostly about (ahead of every other and at least half of its country names: a tie is no answer),
and to none when an adjective of another country qualifies them, or did earlier in the text;
when the text gives no country at all, only the parties of the conflicts riwaya is for keep
their default (``default_stands``).
Generic nouns of bodies (الهيئة, الحركة, التنظيم) refer back to the body named in full before
them, or to none. The words around a name can say it is not the actor here (actors.yaml
``context``): «أفاد» the verb, «القاعدة العسكرية» a base, «منصور التركي» a surname.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from riwaya.compiled import compiled
from riwaya.extract.entities import AliasMatcher
from riwaya.lexicon import given_names, load_yaml
from riwaya.lexicon.clitics import clitics
from riwaya.text.normalize import Normalized, bare_word, normalize_str


@dataclass(frozen=True)
class Actor:
    """An actor of actors.yaml: an armed group, a state or its body, a monitor, a party…"""

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
    head: str | None = None  # a generic noun's own noun («هيئة» for «الهيئة»): it refers back


@dataclass(frozen=True)
class Context:
    """What the words around an alias say about it (actors.yaml ``context``), normalized."""

    # alias -> its only spellings
    spelled_only: dict[str, frozenset[str]] = field(default_factory=dict)
    # a name that is also a common noun -> the actor's own adjectives, and words of place before it
    own_adjectives: dict[str, frozenset[str]] = field(default_factory=dict)
    places_before: dict[str, frozenset[str]] = field(default_factory=dict)
    degree_after: dict[str, frozenset[str]] = field(default_factory=dict)  # «حماس شديد»: a verbal noun
    subject_before: dict[str, frozenset[str]] = field(default_factory=dict)  # «على حماس الالتزام»
    # an alias that is also an adjective -> the nouns after which it still names the actor
    adjective_homonyms: dict[str, frozenset[str]] = field(default_factory=dict)
    nisba_after: frozenset[str] = frozenset()
    language_before: frozenset[str] = frozenset()
    default_stands: frozenset[str] = frozenset()  # ambiguous aliases whose default needs no country
    name_after: frozenset[str] = frozenset()  # after a nationality adjective that is a first name
    # a name -> words whose presence in the text makes it something else (UEFA, FIFA)
    not_in_texts_with: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_a_body_after: dict[str, frozenset[str]] = field(default_factory=dict)  # generic alias -> words
    title_before: frozenset[str] = frozenset()
    quoted_names: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()
    # words after a generic noun that start a longer name («الهيئة العامة للسياحة»)
    longer_name_after: frozenset[str] = frozenset()
    institution_before: frozenset[str] = frozenset()
    aviation: tuple[str, ...] = ()  # «الطيران …»: after ``civil_aviation_before``, civil aviation
    civil_aviation_before: frozenset[str] = frozenset()
    agency_after: frozenset[str] = frozenset()
    right_side: str = ""  # «اليمنى» as spelled: the right side after ``right_side_nouns``
    right_side_nouns: frozenset[str] = frozenset()
    # definite words after a generic alias that do not describe it as another body («الخميس»)
    not_adjectives: frozenset[str] = frozenset()
    country_noun: str = ""  # «دوله»: before a country's name that is also a word («دولة مالي»)


@dataclass(frozen=True)
class ActorLexicon:
    """actors.yaml, typed: the actors, every normalized alias and its meaning."""

    actors: dict[str, Actor]
    aliases: dict[str, Alias]  # normalized alias -> meaning
    context: Context = field(default_factory=Context)


# compared by value (!=): the matcher comes back from the disk cache as a copy
_NOT_AN_ACTOR = Alias("none", (), "")


@compiled
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
        head = normalize_str(str(entry["refers_back"])) if entry.get("refers_back") else None
        aliases[normalize_str(str(alias))] = Alias("ambiguous", tuple(entry["candidates"]), entry["default"],
                                                   head)
    said = data.get("context") or {}
    for phrase in said.get("not_actors") or []:
        aliases[normalize_str(str(phrase))] = _NOT_AN_ACTOR

    def words(items: Any) -> frozenset[str]:
        return frozenset(normalize_str(str(w)) for w in items or [])

    nouns = said.get("common_nouns") or {}
    context = Context(
        spelled_only={normalize_str(str(w)): frozenset({str(w)}) for w in said.get("spelled_only") or []},
        own_adjectives={normalize_str(k): words(v.get("own_adjectives")) for k, v in nouns.items()},
        places_before={normalize_str(k): words(v.get("places_before")) for k, v in nouns.items()},
        degree_after={normalize_str(k): words(v["degree_after"]) for k, v in nouns.items()
                      if v.get("degree_after")},
        subject_before={normalize_str(k): words(v.get("subject_before")) for k, v in nouns.items()},
        adjective_homonyms={normalize_str(k): words(v) for k, v in
                            (said.get("adjective_homonyms") or {}).items()},
        nisba_after=words(said.get("nisba_after")),
        language_before=words(said.get("language_before")),
        default_stands=words(said.get("default_stands")),
        name_after=words(said.get("name_after")),
        not_in_texts_with={normalize_str(k): tuple(normalize_str(str(w)) for w in v)
                           for k, v in (said.get("not_in_texts_with") or {}).items()},
        not_a_body_after={normalize_str(k): words(v)
                          for k, v in (said.get("not_a_body_after") or {}).items()},
        title_before=words(said.get("title_before")),
        quoted_names=words(said.get("quoted_names")),
        demonstratives=words(said.get("demonstratives")),
        longer_name_after=words(said.get("longer_name_after")),
        institution_before=words(said.get("institution_before")),
        aviation=tuple(normalize_str(str(w)) for w in said.get("aviation") or []),
        civil_aviation_before=words(said.get("civil_aviation_before")),
        agency_after=words(said.get("agency_after")),
        right_side=str((said.get("right_side") or {}).get("spelling") or ""),
        right_side_nouns=words((said.get("right_side") or {}).get("nouns")),
        not_adjectives=words(said.get("not_adjectives")),
        country_noun=normalize_str(str(said.get("country_noun") or "")),
    )
    return ActorLexicon(actors, aliases, context)


@compiled
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


def find_actors(text: str, norm: Normalized, context_countries: Counter | None = None,
                place_countries: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Actor mentions of a text. An ambiguous alias goes to a candidate the text names
    elsewhere, else to one from the country the text is mostly about (``context_countries``,
    e.g. from places, plus the actors' own); with no country at all, to the lexicon's default
    only for the aliases of ``default_stands``; else it is no actor. A generic noun of a body
    refers back (``_referent``); the words around an alias can rule it out (``_said_otherwise``).
    ``place_countries``: the country of each place the text names, by its start offset."""
    lex = lexicon()
    hits = [h for h in matcher().find(text, norm) if h[2].payload != _NOT_AN_ACTOR
            and not _said_otherwise(text, norm.text, h, lex.context)]
    countries = Counter(context_countries or {})
    named = Counter()  # actors the text names unambiguously
    for _, _, m in hits:
        if m.payload.kind != "ambiguous":
            named[m.payload.ids[0]] += 1
            country = _country(lex.actors, m.payload.ids[0])
            if country:
                countries[country] += 1
    mentions = []
    resolved: list[str | None] = []  # the actor each hit was taken for, in text order
    elsewhere: set[str] = set()  # generic aliases the text has said are another's (none of ours)
    for n, (start, end, m) in enumerate(hits):
        alias: Alias = m.payload
        if alias.head:
            if _word_after(norm.text, m.end) in lex.context.longer_name_after:
                resolved.append(None)  # «الهيئة العامة للإحصاء»: the first word of another name
                continue
            chosen = _referent(alias, norm.text, hits, resolved, n)
        else:
            chosen = _chosen(text, norm.text, hits, n, named, countries, elsewhere, place_countries or {})
        resolved.append(chosen)
        if chosen is not None:
            mentions.append(_mention(text, start, end, m, chosen))
    return mentions


def _chosen(text: str, normalized: str, hits: list[Any], n: int, named: Counter, countries: Counter,
            elsewhere: set[str], place_countries: dict[int, str]) -> str | None:
    """The actor the ``n``-th hit names, or None: an adjective after an ambiguous alias says whose
    it is, a place after it, a candidate the text names, the country the text is mostly about.
    The aliases the text says are another's go into ``elsewhere``."""
    lex = lexicon()
    _, end, m = hits[n]
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
    elif alias.kind == "ambiguous" and (
            (another := bool(following) and following[2].payload.kind == "adjective"
             and 0 <= following[0] - end <= 1)
            or _described(normalized, m.end)):
        # «البرلمان التونسي», «القوات المسلحة السعودية»: none of ours; «الرئاسة العامة
        # للأرصاد», «النظام الغذائي»: another body, or no body
        if another or _names_a_country(_word_after(normalized, m.end)):
            elsewhere.add(m.alias)
        return None
    elif alias.kind == "ambiguous" and (where := _placed(text, end, hits, n, lex, place_countries)):
        # «وزارة الخارجية في البحرين»: the body of the state named after it, or none of ours
        chosen = next((i for i in alias.ids if _country(lex.actors, i) == where), "")
        if not chosen:
            elsewhere.add(m.alias)
            return None
    elif alias.kind == "ambiguous" and m.alias in elsewhere:
        # «وزارة الداخلية التونسية … وقالت وزارة الداخلية»: the body the text said was another's
        return None
    elif alias.kind == "ambiguous" and mentioned:
        # «التنظيم» after «داعش»: the one the text has named.
        chosen = max(mentioned, key=lambda i: (named[i], i == alias.default))
    elif alias.kind == "ambiguous" and _word_before(normalized, m.start) in lex.context.demonstratives:
        return None  # «هذا الاحتلال» refers back, and the text named no candidate
    elif alias.kind == "ambiguous" and countries:
        ranked = sorted(alias.ids, key=lambda i: (countries.get(_country(lex.actors, i) or "", 0),
                                                   i == alias.default), reverse=True)
        if _most_about(countries, _country(lex.actors, ranked[0])):
            chosen = ranked[0]  # a candidate of the country the text is mostly about
        elif sum(countries.values()) >= 1:
            # a Saudi article's «وزارة الداخلية» is no candidate's: not the default's either
            return None
    elif alias.kind == "ambiguous" and m.alias not in lex.context.default_stands:
        # no country to go on and no candidate named: a Los Angeles article's «الشرطة» is
        # no one's we know; only the parties of the conflicts riwaya is for keep their
        # default («الجيش», «وزارة الصحة» of a Syrian report that names no country)
        return None
    return chosen


def _most_about(countries: Counter, country: str | None) -> bool:
    """Whether a text is mostly about ``country``: ahead of every other country, and at least half
    of the country names and places it gives. A tie or a plurality is no answer: in SaudiNewsNet's
    hand-checked samples most wrong generic aliases had one (a Jordanian spokesman's «الحكومة» in
    a story naming Syria as often; «البرلمان» of Chechnya in a story naming Lebanon once), and no
    right one resolved by country had less than half."""
    count = countries.get(country or "", 0)
    others = [v for k, v in countries.items() if k != country]
    return count > 0 and count > max(others, default=0) and 2 * count >= sum(countries.values())


def _placed(text: str, end: int, hits: list[Any], n: int, lex: ActorLexicon,
            place_countries: dict[int, str]) -> str | None:
    """The country of a place or state named right after a generic alias and «في»/«ب» («وزارة
    الخارجية في البحرين», «وزارة الداخلية في الرياض»), or None. Offsets in the original text."""
    after = _PLACED.match(text, end)
    if after is None:
        return None
    if after.end() in place_countries:
        return place_countries[after.end()]
    following = hits[n + 1] if n + 1 < len(hits) else None
    if following is None or following[0] != after.end():
        return None
    payload = following[2].payload
    if payload.kind != "name" or lex.actors[payload.ids[0]].type != "state":
        return None
    return _country(lex.actors, payload.ids[0])


_PLACED = re.compile(r"\s+(?:في\s+|ب)")


def _said_otherwise(text: str, normalized: str, hit: tuple[int, int, Any], said: Context) -> bool:
    """Whether the words around an alias say it is not the actor here: a verb spelled like a
    name («أفاد»), a common noun («القاعدة العسكرية», «في القاعدة»), an adjective describing the
    noun before it («الملاحة البحرية»), or a nisba standing for a person («منصور التركي»)."""
    start, end, m = hit
    spellings = said.spelled_only.get(m.alias)
    if spellings is not None and text[start:end] not in spellings:
        return True
    before, after = _word_before(normalized, m.start), _word_after(normalized, m.end)
    if m.alias in said.own_adjectives:
        if before in said.places_before[m.alias]:
            return True
        own = said.own_adjectives[m.alias]
        adjective = after.startswith("ال") and after.endswith(("يه", "ي"))
        degree = said.degree_after.get(m.alias)
        if degree is not None:
            # «بحماس شديد», «حماس الجمهور»: enthusiasm, whoever's; an adjective after it describes
            # the movement («علاقات حماس الخارجية»)
            construct = after.startswith("ال") and len(after) > 3 and not adjective \
                and before not in said.subject_before[m.alias]
            if (after in degree or construct) and after not in own:
                return True
        elif adjective and after not in own:
            return True
    nouns = said.adjective_homonyms.get(m.alias)
    if nouns is not None and before.startswith("ال") and before not in nouns:
        return True
    # «عبد الله بن عبد المحسن التركي»: a divine name after «عبد» is a given name too
    theophoric = before.startswith("ال") and \
        _word_before(normalized, m.start - len(before) - 1) in given_names().servants
    if m.payload.kind == "adjective" and (before in said.nisba_after or _is_given_name(before) or theophoric
                                          or (before[:1] == "و" and _is_given_name(before[1:]))
                                          or before in said.language_before or after in said.name_after
                                          or (before in ("عن", "من") and _word_before(
                                              normalized, m.start - len(before) - 1) in said.language_before)
                                          or (before in said.agency_after and m.alias.endswith("يه"))
                                          or (before in _titles() and not m.alias.startswith("ال"))):
        return True
    if said.right_side and text[start:end].endswith(said.right_side) and before in said.right_side_nouns:
        return True
    if m.alias.startswith(said.aviation) and before in said.civil_aviation_before:
        return True
    if m.payload.kind == "name" and before in said.institution_before and \
            lexicon().actors[m.payload.ids[0]].type == "state":
        return True
    if before in said.not_a_body_after.get(m.alias, ()):
        return True
    if before in said.title_before and text[:start].rstrip().endswith(_QUOTES):
        return True  # «بعنوان "التحالف"»: a title
    if m.payload.kind == "name" and _in_quoted_name(text, start, end, said):
        return True
    words = said.not_in_texts_with.get(m.alias)
    return bool(words) and any(w in normalized for w in words)


_QUOTES = ("\"", "“", "«", "'", "”")


def _in_quoted_name(text: str, start: int, end: int, said: Context) -> bool:
    """Whether a state's name is inside a short quoted name of a movement or an alliance («تحالف
    صحوة مصر»): an opening quotation mark at most three words before it, followed by a word of
    ``quoted_names``, and a closing one at most three words after it."""
    before = text[max(0, start - 40):start]
    opening = max(before.rfind(q) for q in ("\"", "«", "“"))
    if opening < 0 or len(before[opening + 1:].split()) > 3 or not before[opening + 1:].split():
        return False
    first = normalize_str(before[opening + 1:].split()[0])
    after = text[end:end + 40]
    closing = min((i for i in (after.find(q) for q in ("\"", "»", "”")) if i >= 0), default=-1)
    return first in said.quoted_names and closing >= 0 and len(after[:closing].split()) <= 3


@cache
def _names_a_country(adjective: str) -> bool:
    """Whether a definite nisba is a country's («التونسيه»: تونس, «الكرواتيه»: كرواتيا), by the
    gazetteer's country names, whether or not riwaya knows the state as an actor."""
    from riwaya.extract.places import gazetteer

    g = gazetteer()
    word = adjective[2:] if adjective.startswith("ال") else adjective
    stems = [word[:-len(end)] for end in ("يه", "ي") if word.endswith(end) and len(word) > len(end) + 2]
    names = [word, "ال" + word] + [article + stem + tail for stem in stems for tail in ("", "ا", "يا", "ه")
                                   for article in ("", "ال")]
    # a country whose bare name is also a word is in the gazetteer as «دولة مالي» (مالي: financial)
    country_noun = lexicon().context.country_noun
    names += [f"{country_noun} {name}" for name in names if not name.startswith("ال")]
    return any(g.places[i].kind == "country" for name in names for i in g.aliases.get(name, ()))


def _described(normalized: str, end: int) -> bool:
    """Whether a generic alias is followed by a definite adjective of no actor that describes it
    («الرئاسة العامة», «البرلمان التونسي», «النظام الغذائي»): then it is another body or a
    common noun. Nisba and feminine forms only (ال…ي, ال…يه, ال…ه), not «الأربعاء»."""
    after = _word_after(normalized, end)
    if not after.startswith("ال") or len(after) < 5 or after in lexicon().aliases:
        return False
    return after.endswith(("ي", "يه", "ه")) and after not in lexicon().context.not_adjectives


def _word_before(normalized: str, at: int) -> str:
    """The word before the token that holds position ``at`` (its clitics are its own)."""
    token_start = normalized.rfind(" ", 0, at) + 1
    previous = normalized[:token_start].rstrip().rsplit(None, 1)
    # the last word of the token: «برنابيو.وفقا» (a sentence run on without a space) is «وفقا»
    return _PUNCTUATION.split(bare_word(previous[-1]))[-1] if previous else ""


_PUNCTUATION = re.compile(r"[«»\"'()،,.:؛!؟?]")


def _word_after(normalized: str, at: int) -> str:
    following = normalized[at:].split(None, 1)
    return bare_word(following[0]) if following and normalized[at:at + 1].isspace() else ""


@compiled
def _titles() -> frozenset[str]:
    """Honorifics and ranks before a name («الأمير», «الدكتور», «العميد»): a nationality adjective
    without the article right after one is a first name («الأمير تركي», «العميد تركي المالكي»),
    with it a description («العميد المصري»)."""
    data = load_yaml("titles.yaml")
    return frozenset(normalize_str(str(w)) for k in ("ranks", "honorifics") for w in data[k]
                     if " " not in str(w))


def _is_given_name(word: str) -> bool:
    return word in given_names().names


def _mention(text: str, start: int, end: int, m: Any, chosen: str) -> dict[str, Any]:
    lex = lexicon()
    alias: Alias = m.payload
    actor = lex.actors[chosen]
    mention = {"kind": "actor", "start": start, "end": end, "text": text[start:end], "id": actor.id,
               "name": actor.name, "type": actor.type, "parent": actor.parent,
               "country": _country(lex.actors, actor.id), "alias": alias.kind,
               "perspective": actor.perspective.get(m.alias)}
    if alias.kind == "ambiguous":
        mention["candidates"] = list(alias.ids)
    return mention


# How far back a generic noun looks for the body it refers to (normalized characters): an
# article's length; beyond it, a text of many items (a 50 MB file) would make the look quadratic.
_REFERS_BACK = 5000


def _referent(alias: Alias, normalized: str, hits: list[Any], resolved: list[str | None],
              n: int) -> str | None:
    """The body a generic noun («الهيئة») refers back to: the last one the text named in full
    before it with that noun («هيئة الدفاع المدني», «هيئة تحرير الشام»), which is no actor when
    riwaya does not know it («الهيئة العامة للإحصاء»); else a candidate named before it; else none.
    Positions are in the normalized text."""
    head = alias.head or ""
    here = hits[n][2].start
    since = max(0, here - _REFERS_BACK)
    named: tuple[int, str | None] | None = None  # the latest body named in full, with its actor
    earlier: Counter = Counter()
    for j in range(n - 1, -1, -1):
        m, actor = hits[j][2], resolved[j]
        if m.start < since:
            break
        if actor is None or m.payload.head or lexicon().actors[actor].type == "state":
            continue  # «تنظيم إيران»: Iran's organisation, not Iran
        if actor in alias.ids:
            earlier[actor] += 1
        if named is not None:
            continue
        if m.alias.startswith((head + " ", "ال" + head + " ")):
            named = (m.start, actor)  # «هيئة تحرير الشام», «الهيئة العليا للمفاوضات»
            continue
        before = _HEAD_BEFORE(head).search(normalized, max(0, m.start - len(head) - 4), m.start)
        if before:
            named = (before.start(1), actor)  # «هيئة الدفاع المدني»: the noun, then the name
    bare = None
    for found in _HEAD(head).finditer(normalized, since, here):
        bare = found.start(1)  # the last time the noun stands alone: a body riwaya may not know
    if bare is not None and (named is None or bare > named[0]):
        return None
    if named is not None:
        return named[1]
    return max(earlier, key=lambda a: (earlier[a], a == alias.default)) if earlier else None


@cache
def _HEAD(head: str) -> re.Pattern[str]:
    """The noun alone, indefinite, with a conjunction or preposition: «هيئة», «وهيئة», «لهيئة»
    (not «للواء»: ل + «اللواء», the article's ل written once)."""
    letters = clitics().joined
    if head.startswith("ل"):
        letters = letters.replace("ل", "")
    return re.compile(rf"(?:^|(?<=\s))[{letters}]?({re.escape(head)})(?=\s|$)")


@cache
def _HEAD_BEFORE(head: str) -> re.Pattern[str]:
    """The noun just before a name that follows it: «هيئة |الدفاع المدني», «تنظيم "|داعش"»."""
    return re.compile(rf"(?:^|(?<=\s))[{clitics().joined}]?({re.escape(head)})\s[«\"“']?$")


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
