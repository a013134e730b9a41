"""Lexicons: data files (YAML) loaded once, normalized the way the text is normalized.

The data lives in this folder so that a linguist can correct a form without reading code; no
Arabic word list is left in Python (``tests/test_house.py`` counts them). Typed loaders sit here
for the lexicons several layers read, and beside their one user otherwise (``extract.quantities``,
``text.dates``…); each is ``@compiled`` (built once, kept on disk, see ``riwaya.compiled``).
``tests/test_lexicons.py`` and ``tests/test_lexicon_*.py`` validate every file (ids, categories,
Arabic words, normalized forms, no form claimed twice), each validator also tried on a broken file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any, NamedTuple

from riwaya.compiled import compiled
from riwaya.text import data as text_data
from riwaya.text.normalize import normalize_str


def load_yaml(name: str) -> Any:
    return text_data.load_yaml(name)


def norm_phrase(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as a tuple of normalized tokens (as the tokenizer will see them)."""
    from riwaya.text.segment import tokens

    return tuple(t.norm for t in tokens(str(phrase)))


@dataclass(frozen=True)
class Unit:
    """Something a figure counts (units.yaml): people killed, tanks, evacuees…"""

    id: str
    category: str
    # Events a noun implies when the sentence says nothing else (معتقل: detained) ...
    implied_events: dict[tuple[str, ...], str] = field(default_factory=dict)
    # ... and events a noun states whatever verb is near (قتيل is a person killed).
    noun_events: dict[tuple[str, ...], str] = field(default_factory=dict)
    kind_of: str | None = None  # the broader unit: a civilian is a person
    toll_as: str | None = None  # the unit a figure table counts it under
    # whose armed men it counts: a state's (soldiers) or its armed opponents' (fighters); the same
    # number told of the other side is a figure given to the wrong party
    side: str | None = None
    # its kinds are told one for another (outlets and translations give «صواريخ» for «قذائف»)
    interchangeable: bool = False
    dead_of: str | None = None  # what it is the dead body of: «3 جثامين» are three people killed
    # counters that count what the clause named before them («ارتفعت الوفيات إلى 30 حالة»)
    counters: frozenset[tuple[str, ...]] = frozenset()
    hours: float | None = None  # a span of time, in hours: a day is 24, so «3 أيام» is «72 ساعة»
    # the kinds of body (actors.yaml type) whose men it counts after a member noun («عناصر المخابرات»)
    member_of: frozenset[str] = frozenset()


def broader_units(unit_id: str) -> list[str]:
    """``unit_id`` and every unit it is a kind of, nearest first (civilian → person)."""
    table = units().units
    chain = [unit_id]
    while unit_id in table and table[unit_id].kind_of and table[unit_id].kind_of not in chain:
        unit_id = table[unit_id].kind_of
        chain.append(unit_id)
    return chain


def one_kind_of_unit(a: str | None, b: str | None) -> bool:
    """Whether two units count one kind: equal, or one a kind of the other (civilian, person)."""
    return a is not None and b is not None and (a in broader_units(b) or b in broader_units(a))


class UnitForm(NamedTuple):
    unit: str
    grammatical: str  # singular | plural | dual
    canonical: tuple[str, ...]  # the form as listed (مدنياً → مدني), for implied events


@dataclass(frozen=True)
class UnitLexicon:
    """units.yaml, typed: the units and every normalized form that names one."""

    units: dict[str, Unit]
    forms: dict[tuple[str, ...], UnitForm]  # normalized token tuple -> what it counts
    max_len: int
    firsts: frozenset[str]  # first words of the forms


def _dual_forms(singular: str) -> list[str]:
    if " " in singular:  # «عبوة ناسفة» → «عبوتان ناسفتان», «عبوتين ناسفتين»: each word
        words = [_dual_forms(w) for w in singular.split()]
        return [" ".join(forms[k] for forms in words) for k in (0, 1)]
    if singular.endswith("ة"):
        base = singular[:-1] + "ت"
    elif singular.endswith("ى"):
        base = singular[:-1] + "ي"
    else:
        base = singular
    return [base + "ان", base + "ين"]


def _tanween_form(noun: str, plural: bool = False) -> str | None:
    # The accusative indefinite is written with an extra alef: مدنياً, شخصاً, أياماً. Sound
    # plurals (مدنيين, عائدون, دبابات), nouns ending in ة or alef, and a hamza after alef
    # (أشلاءً) take none; a hamza on a seat or after a consonant does (لاجئاً, جزءاً).
    if noun[-1] in "ةاى" or noun.endswith(("اء", "آء")) or " " in noun or (
            plural and noun.endswith(("ين", "ون", "ات"))):
        return None
    return noun + "ا"


@compiled
def units() -> UnitLexicon:
    data = load_yaml("units.yaml")
    table: dict[str, Unit] = {}
    forms: dict[tuple[str, ...], UnitForm] = {}
    for entry in data:
        implied = {norm_phrase(k): v for k, v in (entry.get("implied_events") or {}).items()}
        stated = {norm_phrase(k): v for k, v in (entry.get("noun_events") or {}).items()}
        unit = Unit(entry["id"], entry["category"], implied, stated, entry.get("kind_of"),
                    entry.get("toll_as"), entry.get("side"), bool(entry.get("interchangeable")),
                    entry.get("dead_of"), frozenset(norm_phrase(w) for w in entry.get("counters") or []),
                    float(entry["hours"]) if entry.get("hours") is not None else None,
                    frozenset(entry.get("member_of") or ()))
        table[unit.id] = unit
        for singular in entry.get("singular") or []:
            key = norm_phrase(singular)
            forms.setdefault(key, UnitForm(unit.id, "singular", key))
            tanween = _tanween_form(str(singular))
            if tanween:
                forms.setdefault(norm_phrase(tanween), UnitForm(unit.id, "singular", key))
        for plural in entry.get("plural") or []:
            key = norm_phrase(plural)
            forms.setdefault(key, UnitForm(unit.id, "plural", key))
            tanween = _tanween_form(str(plural), plural=True)
            if tanween:
                forms.setdefault(norm_phrase(tanween), UnitForm(unit.id, "plural", key))
            if str(plural).endswith(("ين", "ون")) and " " not in str(plural):
                # The construct form drops the nun: «3 من مقاتلي العملية», «مقاتلو التنظيم».
                forms.setdefault(norm_phrase(str(plural)[:-1]), UnitForm(unit.id, "plural", key))
        for singular in entry.get("dual") or []:
            for dual in _dual_forms(str(singular)):
                forms.setdefault(norm_phrase(dual), UnitForm(unit.id, "dual", norm_phrase(singular)))
    return UnitLexicon(table, forms, max(len(k) for k in forms), frozenset(k[0] for k in forms))


@dataclass(frozen=True)
class EventLexicon:
    """events.yaml, typed: what befell what a figure counts (killed, wounded, displaced…)."""

    applies_to: dict[str, frozenset[str]]
    # normalized token tuple -> event ids that form can express (سقوط: killed or launched)
    forms: dict[tuple[str, ...], tuple[str, ...]]
    max_len: int
    firsts: frozenset[str]
    near: dict[str, frozenset[str]] = field(default_factory=dict)  # events a figure may be told as
    combined: dict[frozenset[str], str] = field(default_factory=dict)  # {killed, wounded} → casualties
    # the forms with those that tell the event only before the figure (``forms_before``)
    forms_before: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    firsts_before: frozenset[str] = frozenset()
    # phrases past which the event after a figure is not looked for (frames.yaml)
    stops: frozenset[tuple[str, ...]] = frozenset()
    stop_firsts: frozenset[str] = frozenset()
    # words in construct with the number that tell the event («جثامين 37 مهاجراً»: dead)
    right_before: dict[str, str] = field(default_factory=dict)
    # verbs of losing: before a figure of a party's own («من جنوده») they count its dead
    lost_own: frozenset[str] = frozenset()
    # relative pronouns of people («الذين»): the verb after one tells what befell the figure's
    relatives: frozenset[str] = frozenset()
    # a verb before the figure that tells another event when one of these words follows the
    # counted noun: verb -> (words, event) («غادر 5 منهم المستشفى»: discharged, not evacuated)
    with_object: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    # forms that, after a figure whose event came before it, tell what came next (events.yaml follow_up)
    follow_ups: dict[tuple[str, ...], bool] = field(default_factory=dict)
    follow_up_firsts: frozenset[str] = frozenset()

    def agree(self, a: str | None, b: str | None) -> bool:
        """Whether two figures' events can be the same happening: equal, near, or one unsaid."""
        return a is None or b is None or a == b or b in self.near.get(a, frozenset())


@compiled
def events() -> EventLexicon:
    data = load_yaml("events.yaml")
    applies = {}
    forms: dict[tuple[str, ...], tuple[str, ...]] = {}
    for event, entry in data.items():
        applies[event] = frozenset(entry["applies_to"])
        for form in entry["forms"]:
            key = norm_phrase(form)
            if event not in forms.get(key, ()):
                forms[key] = (*forms.get(key, ()), event)
    near = {event: frozenset(entry.get("near") or ()) for event, entry in data.items()}
    combined = {frozenset(entry["of"]): event for event, entry in data.items() if entry.get("of")}
    before = dict(forms)
    for event, entry in data.items():
        for form in entry.get("forms_before") or []:
            key = norm_phrase(form)
            before[key] = (*before.get(key, ()), event)
    frames = load_yaml("frames.yaml")
    stops = frozenset(norm_phrase(w) for w in [*frames["clause_breaks"], *frames["subordinate"]])
    with_object = {}
    for event, entry in data.items():
        said = entry.get("with_object")
        if said:
            objects = frozenset(normalize_str(w) for w in said["objects"])
            with_object.update({normalize_str(verb): (objects, event) for verb in said["verbs"]})
    follow_ups = {norm_phrase(w): True for entry in data.values() for w in entry.get("follow_up") or []}
    return EventLexicon(applies, forms, max(len(k) for k in before), frozenset(k[0] for k in forms), near,
                        combined, before, frozenset(k[0] for k in before), stops,
                        frozenset(k[0] for k in stops),
                        {normalize_str(str(w)): event for event, entry in data.items()
                         for w in entry.get("right_before") or []},
                        frozenset(normalize_str(str(w)) for entry in data.values()
                                  for w in entry.get("lost_own") or []),
                        frozenset(normalize_str(w) for w in frames["relatives"]),
                        with_object,
                        follow_ups, frozenset(k[0] for k in follow_ups))


@dataclass(frozen=True)
class Bounding:
    """Verbs that bound a figure across its count phrase (qualifiers.yaml ``bounding``), normalized."""

    exceeding: frozenset[str]
    reaching: frozenset[str]
    negations: frozenset[str]
    count_words: frozenset[str]
    bound_words: frozenset[str]
    rose_to: frozenset[str]  # «زاد عدد القتلى إلى 50»: the count it rose to, no bound
    window: int


@dataclass(frozen=True)
class QualifierLexicon:
    """qualifiers.yaml, typed: the words that bound or approximate a figure, and ranges."""

    before: dict[tuple[str, ...], str]
    after: dict[tuple[str, ...], str]
    range_open: frozenset[tuple[str, ...]]  # before a range's first number: «بين», «ما بين», «من»
    range_joiners: frozenset[str]  # between its two numbers, whatever opened it: «إلى», «-»
    # opener → the joiners only it takes: «بين 10 و15», «من 10 حتى 15»
    range_joiners_after: dict[str, frozenset[str]]
    bounding: Bounding


@compiled
def qualifiers() -> QualifierLexicon:
    data = load_yaml("qualifiers.yaml")
    before = {norm_phrase(f): q for q, fs in data["before"].items() for f in fs}
    after = {norm_phrase(f): q for q, fs in data["after"].items() for f in fs}
    return QualifierLexicon(
        before,
        after,
        frozenset(norm_phrase(f) for f in data["range_open"]),
        frozenset(normalize_str(str(f)) for f in data["range_joiners"]),
        {normalize_str(str(opener)): frozenset(normalize_str(str(f)) for f in joiners)
         for opener, joiners in data["range_joiners_after"].items()},
        Bounding(*(frozenset(normalize_str(str(f)) for f in data["bounding"][k])
                   for k in ("exceeding", "reaching", "negations", "count_words", "bound_words", "rose_to")),
                 int(data["bounding"]["window"])),
    )


numbers = text_data.numbers  # read by text (below the lexicon): text/data.py
calendar = text_data.calendar


@dataclass(frozen=True)
class FrameLexicon:
    """The cues of a figure's frame (frames.yaml): phrase → (slot, value), longest phrase wins.

    Slots: ``total_before``, ``total_around`` (value ``since`` for a running total),
    ``part_of_next``, ``average`` (a mean, not a count), ``period`` (a day's count),
    ``span`` (value: days, week, month, year: a longer period's count), ``earlier`` (told
    before), ``newer`` (the newest count),
    ``provisional``, ``at_scene`` (a count found at the scene: provisional, no total's cue),
    ``disputed`` (a sentence that says figures disagree),
    ``modality`` (value: planned, agreed, owned, present, needed), ``break`` (a clause ends),
    ``incident`` (value: the kind of incident, «traffic.collision»).
    The party markers are read only between a figure and a party's name, so they are apart.
    """

    phrases: dict[tuple[str, ...], tuple[str, str]]
    max_len: int
    firsts: frozenset[str]
    series: dict[str, str]  # sub-event noun, bare (دفعة) → the series it names (قافلة)
    ordinals: dict[str, int]
    day_words: frozenset[str]
    future_prefixes: tuple[str, ...]
    negations: frozenset[str]  # «لم» before an event verb: what did not happen
    vague_sources: frozenset[str]  # first words of sources that are no one party
    about_markers: frozenset[tuple[str, ...]]  # «من أسرى» before the party a figure is about
    agent_markers: frozenset[tuple[str, ...]]  # «من جانب» before the party that acted
    settlement_nouns: frozenset[str] = frozenset()  # «بلدة»: a named place no gazetteer holds follows
    name_prefixes: frozenset[str] = frozenset()  # «تل»: the name goes on one more word
    not_names: frozenset[str] = frozenset()  # «مجاورة»: what follows the noun but names nothing
    enemy_nouns: frozenset[str] = frozenset()  # what a party's statement calls its enemy's men
    own_forces: frozenset[str] = frozenset()  # what it calls its own («قواتنا», «مقاتلونا»)
    own_dead: frozenset[str] = frozenset()  # what it calls its own dead («شهداء»)
    consequences: frozenset[tuple[str, ...]] = frozenset()  # «ما أسفر عن»: what an attack caused
    attack_verbs: frozenset[str] = frozenset()  # «هاجم»: its subject did what the figures count
    others: frozenset[str] = frozenset()  # «8 آخرين»: the same party as the figure before
    of_them: frozenset[str] = frozenset()  # «7 منهم»: part of the group named last before it
    accused: frozenset[str] = frozenset()  # «3 متهمين باغتيال»: the event after is the charge
    local_units: frozenset[str] = frozenset()  # «كتيبة»: a local unit's name follows
    party_nouns: frozenset[str] = frozenset()  # «مهرب»: «المهربون» are a group
    attacker_nouns: frozenset[str] = frozenset()  # «المهاجمين»: those the text says attacked
    among_unsaid: frozenset[str] = frozenset()  # «بين الضحايا»: what happened to them unsaid
    both_sides: frozenset[tuple[str, ...]] = frozenset()  # «من الطرفين»: no one party's figure
    admin_nouns: frozenset[str] = frozenset()  # «مدينة» before a place's name a report may leave out
    earlier_openers: frozenset[str] = frozenset()  # «وكانت»: a sentence of what was told before…
    earlier_then: frozenset[str] = frozenset()  # …when «قد» or a verb of saying follows
    rise_words: frozenset[str] = frozenset()  # «ارتفعت»: a total's cue that says the count is new
    movements: frozenset[str] = frozenset()  # series names («قافلة») whose figures need no verb
    still: frozenset[tuple[str, ...]] = frozenset()  # «لا يزال 7 مصابين»: part of the toll
    told_on: frozenset[str] = frozenset()  # «في بيان اليوم»: a date of telling, not of the event
    count_words: frozenset[str] = frozenset()  # «عدد»: a count phrase opens
    quoted_nouns: frozenset[str] = frozenset()  # «منطقة»: before a quoted name, a place no list holds
    kin: tuple[str, ...] = ()  # «شقيق»: counted with a possessive («وشقيقيها»), a part of a family's toll
    versus: frozenset[str] = frozenset()  # «مقابل»: another source's figure for the same thing follows
    injury_kinds: dict[str, str] = field(default_factory=dict)  # «اختناق» → suffocation
    still_plural: frozenset[tuple[str, ...]] = frozenset()  # «ولا يزالون»: said of the counted, far on
    continuing: frozenset[str] = frozenset()  # «في» opening a clause that goes on with the last
    about_far: frozenset[tuple[str, ...]] = frozenset()  # «في صفوف» past a toll told beside the figure
    # «إضافة إلى» after a figure, adding someone by name: read from the tokens, not as a cue (its
    # phrases are clause breaks too)
    plus_after: frozenset[tuple[str, ...]] = frozenset()
    received: frozenset[tuple[str, ...]] = frozenset()  # «استقبل المستشفى»: of `still`, a hospital's
    received_by_all: frozenset[str] = frozenset()  # «مستشفيات»: all of them received the whole toll
    # kind of incident -> the family of kinds one event may be told as («strike» → «attack»)
    incident_family: dict[str, str] = field(default_factory=dict)
    other_side: frozenset[tuple[str, ...]] = frozenset()  # «الطرف الآخر»: not the speaker's own
    exchange: frozenset[str] = frozenset()  # «في المقابل»: the figure after is the other side's
    reported_after: frozenset[str] = frozenset()  # «إن»: what a source says follows
    located: frozenset[str] = frozenset()  # «في 12 مخيماً»: the places counted are where
    contrast: frozenset[tuple[str, ...]] = frozenset()  # «فيما»: another source's figure for it
    member_nouns: frozenset[str] = frozenset()  # «عناصر»: the body named next says whose men
    # speaker's party → enemy noun → the party it names in that speaker's words («المرتزقة»)
    enemies_named: dict[str, dict[str, str]] = field(default_factory=dict)
    # «الطيار وثلاثة ركاب»: one person named by role before «و» and a figure, who is not counted
    plus_before: frozenset[str] = frozenset()
    earlier_particles: frozenset[str] = frozenset()  # «قد»: after an opener, what was told before
    count_openers: frozenset[str] = frozenset()  # «وعدد»: a clause that goes on counting
    between: frozenset[str] = frozenset()  # «بين»: the two parties of a fight follow
    # «لدى»: no «ب» or «ل» is written onto it, so a word that seems to have one is another word
    no_preposition_before: tuple[str, ...] = ()


def _frame_phrases(data: dict[str, Any]) -> dict[tuple[str, ...], tuple[str, str]]:
    """The cue phrases of frames.yaml, normalized: phrase → (slot, value)."""
    lists: list[tuple[str, str, list[str]]] = [
        ("total_before", "total", data["scope"]["total_before"]),
        ("total_around", "total", data["scope"]["total_around"]),
        ("total_around", "since", data["scope"]["total_since"]),  # a running total: see frames.yaml
        ("part_of_next", "part", data["scope"]["part_of_next"]),
        ("average", "average", data["scope"]["average_before"]),
        ("name", "", data["scope"]["not_cues"]),  # matched to be passed over: no slot reads «name»
        ("period", "day", data["period_day"]),
        ("earlier", "earlier", data["told_earlier"]["phrases"]),
        ("earlier", "other", data["told_earlier"]["other_incident"]),
        ("newer", "newer", data["told_newer"]["phrases"]),
        ("provisional", "provisional", data["told_provisional"]),
        ("at_scene", "provisional", data["told_at_scene"]),
        ("disputed", "disputed", data["disputed"]),
        *(("span", span, words) for span, words in data["period_span"].items()),
        ("break", "", data["clause_breaks"]),
        *(("incident", kind, words) for kind, words in data["incidents"].items()),
    ]
    # «اتفق على» and «من المقرر» are one modality: what a deal or a plan says will happen.
    lists += [("modality", "planned" if kind == "agreed" else kind, words)
              for kind, words in data["modality"].items()]
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    for slot, value, words in lists:
        for word in words:
            phrases[norm_phrase(word)] = (slot, value)
    return phrases


def _words(items: list[Any]) -> frozenset[str]:
    return frozenset(normalize_str(str(w)) for w in items)


def _phrases(items: list[Any]) -> frozenset[tuple[str, ...]]:
    return frozenset(norm_phrase(w) for w in items)


@compiled
def figure_frames() -> FrameLexicon:
    data = load_yaml("frames.yaml")
    phrases = _frame_phrases(data)
    ordinals = {normalize_str(str(w)): int(n) for n, ws in data["ordinals"].items() for w in ws}
    places, earlier = data["settlements"], data["told_earlier"]
    return FrameLexicon(
        phrases, max(len(k) for k in phrases), frozenset(k[0] for k in phrases),
        {normalize_str(str(w)): normalize_str(str(names[0]))
         for names in ([n] if isinstance(n, str) else n for n in data["series"]) for w in names}, ordinals,
        _words(data["day_words"]),
        tuple(sorted((normalize_str(str(p)) for p in data["future_prefixes"]), key=len, reverse=True)),
        _words(data["negations"]),
        frozenset(norm_phrase(w)[0] for w in data["vague_sources"]),
        _phrases(data["about_markers"]), _phrases(data["agent_markers"]),
        *(_words(places[key]) for key in ("nouns", "name_prefixes", "not_names")),
        _words(data["enemy_nouns"]), _words(data["own_forces"]), _words(data["own_dead"]),
        _phrases(data["consequences"]), _words(data["attack_verbs"]), _words(data["others"]),
        _words(data["of_them"]), _words(data["accused"]), _words(data["local_units"]),
        _words(data["party_nouns"]), _words(data["attacker_nouns"]), _words(data["among_unsaid"]),
        _phrases(data["both_sides"]), _words(places["admin_nouns"]),
        _words(earlier["openers"]), _words(earlier["particles"] + earlier["then"]),
        _words(data["told_newer"]["rise_words"]), _words(data["movements"]),
        _phrases(data["still"] + data["received"]), _words(data["told_on"]), _words(data["count_words"]),
        _words(places["quoted_nouns"]),
        tuple(sorted({normalize_str(str(w)) for w in data["kin"]}, key=len, reverse=True)),
        _words(data["versus"]),
        {normalize_str(str(w)): kind for kind, words in data["injury_kinds"].items() for w in words},
        _phrases(data["still_plural"]), _words(data["continuing"]), _phrases(data["about_far"]),
        _phrases(data["scope"]["plus_after"]), _phrases(data["received"]), _words(data["received_by_all"]),
        {kind: family for family, kinds in data["one_event_kinds"].items() for kind in kinds},
        _phrases(data["other_side"]), _words(data["exchange"]), _words(data["reported_after"]),
        _words(data["located"]), _phrases(data["contrast"]), _words(data["member_nouns"]),
        {speaker: {normalize_str(str(w)): party for w, party in named.items()}
         for speaker, named in (data.get("enemies_named") or {}).items()},
        _words(data["scope"]["plus_before"]),
        _words(earlier["particles"]), _words(data["count_openers"]), _words(data["between"]),
        tuple(normalize_str(str(w)) for w in data["no_preposition_before"]))


@dataclass(frozen=True)
class SlotLexicon:
    """What a template varies (slots.yaml): two texts that share their wording and differ in
    these are two items of one template (cables to two presidents), not a copy."""

    subject: frozenset[str]  # mention kinds whose change makes another item: person, place…
    figures: frozenset[str]  # mention kinds that are figures
    not_figures: frozenset[str]  # units that are no template slot (years, percentages)
    spelling: float  # two names this alike (character ratio) are one name spelt two ways

    @property
    def kinds(self) -> frozenset[str]:
        return self.subject | self.figures


@compiled
def slots() -> SlotLexicon:
    data = load_yaml("slots.yaml")
    return SlotLexicon(frozenset(data["subject"]), frozenset(data["figures"]),
                       frozenset(data["not_figures"]), float(data["spelling"]))


@dataclass(frozen=True)
class TermFrequencies:
    """Background document frequencies of content terms (term_frequencies.tsv, SaudiNewsNet):
    how common a term is in news at large, where a batch is too small to say."""

    documents: int
    df: dict[str, int]

    def share(self, term: str) -> float:
        """The share of news articles with the term among their top terms (0 when rare)."""
        return self.df.get(term, 0) / self.documents


@compiled
def term_frequencies() -> TermFrequencies:
    path = resources.files("riwaya.lexicon") / "term_frequencies.tsv"
    documents, df = 0, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        term, count = line.split("\t")
        if term == "# documents":
            documents = int(count)
        else:
            df[term] = int(count)
    return TermFrequencies(documents, df)


@compiled
def common_phrases() -> frozenset[tuple[int, int, int]]:
    """Word 3-grams of news boilerplate, as the word keys copies are matched on
    (common_phrases.tsv, SaudiNewsNet; scripts/build_common_phrases.py): not evidence of reuse."""
    path = resources.files("riwaya.lexicon") / "common_phrases.tsv"
    if not path.is_file():
        return frozenset()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        k1, k2, k3 = (int(k) for k in line.split("\t", 1)[0].split())
        out.add((k1, k2, k3))
    return frozenset(out)


@dataclass(frozen=True)
class GivenNames:
    """Given names and the words a name is built with (given_names.yaml), normalized."""

    names: frozenset[str]  # male, female and foreign given names
    ambiguous: frozenset[str]  # also common words (أمل, جمال): a name only before another name
    foreign: frozenset[str]
    servant: str  # «عبد»: with a divine name after it, one given name in two words
    divine: str  # «الله»: after a name, part of it («عطا الله»)
    links: frozenset[str]  # «بن», «أبو», «آل»: they link a name's parts
    like_prepositions: frozenset[str]  # «علي»: a name only when written with ي, not ى

    @property
    def servants(self) -> tuple[str, str]:
        """«عبد» and «وعبد»."""
        return self.servant, "و" + self.servant


@compiled
def given_names() -> GivenNames:
    """Given names, the ambiguous and foreign ones, and the words of names (given_names.yaml)."""
    data = load_yaml("given_names.yaml")

    def norm(key: str) -> frozenset[str]:
        return frozenset(normalize_str(str(w)) for w in data.get(key) or [])

    theophoric = data["theophoric"]
    return GivenNames(norm("male") | norm("female") | norm("foreign"), norm("ambiguous"), norm("foreign"),
                      normalize_str(str(theophoric["servant"])), normalize_str(str(theophoric["divine"])),
                      norm("links"), norm("like_prepositions"))
