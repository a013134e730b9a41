"""Quantities: a number, what it counts, how exact it is, and what happened to the counted.

«قال المرصد إن ما لا يقل عن 40 مدنياً قتلوا» → at_least 40 civilian, killed. The number comes
from ``riwaya.text.numbers``; the counted noun (unit), the qualifier and the event come from the
lexicons in ``riwaya/lexicon``. Things that look like numbers but are not amounts are left out:
ordinals, unit names (اللواء 105), years, dates, clock times and reference numbers (دع / 852).
Nouns count without a numeral: a dual («جنديان», «طفلاها») and a singular in a list of counts
(«قُتل رجل وامرأتان»). A verb of exceeding bounds a figure across its count phrase («لم يتجاوز
عدد القتلى 10»: at most 10). Times and multiples («خمس مرات», «ثلاثة أضعاف») count nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from riwaya.compiled import compiled
from riwaya.lexicon import UnitForm, broader_units, load_yaml
from riwaya.lexicon import calendar as calendar_lexicon
from riwaya.lexicon import events as event_lexicon
from riwaya.lexicon import figure_frames as frame_lexicon
from riwaya.lexicon import numbers as number_lexicon
from riwaya.lexicon import qualifiers as qualifier_lexicon
from riwaya.lexicon import units as unit_lexicon
from riwaya.limits import WORD_CACHE_SIZE
from riwaya.text.normalize import normalize_str
from riwaya.text.numbers import Number, Word, parse_number, read_token
from riwaya.text.segment import Token
from riwaya.text.stem import clitic_splits

_COUNT_WORDS = {normalize_str(str(w)) for w in number_lexicon()["count_words"]["words"]}
_COUNT_WINDOW = 10
_CLAUSE_ENDS = frozenset("،,؛;.")
_TOLD_COUNT_WINDOW = 16  # a count phrase's noun names what happened farther back: a place between


@dataclass(frozen=True)
class QuantityWords:
    """The words read around a number (quantity_words.yaml; the year words with calendar.yaml's),
    normalized. Suffixes are tuples: they are tried in order."""

    naming: frozenset[str]  # «اللواء 105»: a digit after one names a thing, it does not count
    clock: frozenset[str]  # «الساعة 10»: a time of day
    digit_articles: frozenset[str]  # «الـ27»: the article split off the digits
    definite_prefixes: tuple[str, ...]  # the article, alone or after a clitic, on a noun
    # «عام 2018», «منذ 2011»: a four-digit number after one is a year even when a noun follows
    year_words: frozenset[str]
    among: frozenset[str]  # «بينهم 3»: a part of the figure before
    among_the: frozenset[str]  # «بين الجرحى 10»: a part of the group named
    others: frozenset[str]  # «10 آخرون»: more of what was counted before
    partitive: frozenset[str]  # «17 من المدنيين»: the counted noun follows
    ellipsis_joiners: frozenset[str]  # «229 شاحنة و930»: the bare number counts the same
    one: frozenset[str]  # «من عائلة واحدة»: an adjective after a noun, not a count
    ordinals: frozenset[str]  # «الثانية عشرة»: an ordinal, not twelve
    event_endings: tuple[str, ...]  # on an event word: «قتلوا»
    pronouns: tuple[str, ...]  # on a counted noun: «عناصرهم»
    dual_endings: tuple[str, ...]
    dual_pronouns: tuple[str, ...]  # «طفلاها»
    nisba_plurals: tuple[str, ...]  # «مصريين»


@compiled
def _words() -> QuantityWords:
    data = load_yaml("quantity_words.yaml")
    dates = calendar_lexicon()

    def norm(words: list[str]) -> list[str]:
        return [normalize_str(str(w)) for w in words]

    suffixes = {key: tuple(norm(words)) for key, words in data["suffixes"].items()}
    sets = {key: frozenset(norm(data[key])) for key in (
        "naming_words", "clock_words", "digit_articles", "among", "among_the", "others", "partitive",
        "ellipsis_joiners", "one", "ordinals")}
    return QuantityWords(
        sets["naming_words"], sets["clock_words"], sets["digit_articles"],
        tuple(norm(data["definite_prefixes"])),
        frozenset(norm([*dates["year_intros"], *dates["year_parts"], *data["year_words"]])),
        sets["among"], sets["among_the"], sets["others"], sets["partitive"], sets["ellipsis_joiners"],
        sets["one"], sets["ordinals"], suffixes["event_endings"], suffixes["pronouns"],
        suffixes["dual_endings"], suffixes["dual_pronouns"], suffixes["nisba_plurals"])


_EVENT_WINDOW_BEFORE = 10
_EVENT_WINDOW_AFTER = 6


@dataclass
class Quantity:
    """A figure in the text: its number, what it counts, and its qualifier."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str | None
    event: str | None
    number_start: int
    number_end: int
    unit_text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out = {"kind": "quantity", "start": self.start, "end": self.end, "text": self.text,
               "value": _num(self.value), "low": _num(self.low), "high": _num(self.high),
               "qualifier": self.qualifier, "unit": self.unit, "event": self.event,
               "number_start": self.number_start, "number_end": self.number_end}
        if self.unit_text is not None:
            out["unit_text"] = self.unit_text
        out.update(self.extra)
        return out


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _bases(word: str, endings: tuple[str, ...]) -> tuple[str, ...]:
    """What a word may be once its clitics and, optionally, its ``endings`` are off."""
    candidates = [b for _, b in clitic_splits(word)]
    stems = [c[: -len(s)] for c in list(candidates) for s in endings
             if c.endswith(s) and len(c) - len(s) >= 3]
    # «قتلاه», «أسرانا»: a final ى is written ا before a pronoun (قتلى, أسرى)
    stems = [st[:-1] + "ي" for st in stems if st.endswith("ا")] + stems
    return tuple(candidates + stems)


def _lookup(table: dict[tuple[str, ...], Any], toks: list[Token], i: int, max_len: int,
            firsts: frozenset[str], endings: tuple[str, ...] = ()) -> tuple[Any, int] | None:
    """The longest lexicon phrase starting at token ``i`` (first word's clitics stripped).

    ``firsts``: the first words of the table's phrases, to skip most tokens at once.
    """
    if i >= len(toks):
        return None
    candidates = [b for b in _bases(toks[i].norm, endings) if b in firsts]
    if not candidates:
        return None
    for length in range(min(max_len, len(toks) - i), 0, -1):
        rest = tuple(t.norm for t in toks[i + 1:i + length])
        # «العمليات الجراحية»: a phrase made definite takes the article on each of its words
        bare = tuple(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in rest) \
            if length > 1 and toks[i].norm.startswith("ال") else rest
        for base in candidates:
            hit = table.get((base, *rest)) or (table.get((base, *bare)) if bare != rest else None)
            if hit is not None:
                return hit, i + length
    return None


class Noun(NamedTuple):
    """A counted noun found in the tokens."""

    form: UnitForm
    start: int  # token index
    end: int


_PERCENT = UnitForm("percent", "singular", ("%",))


def _unit_at(toks: list[Token], i: int) -> Noun | None:
    lex = unit_lexicon()
    if i < len(toks) and toks[i].norm == "%":
        return Noun(_PERCENT, i, i + 1)
    hit = _lookup(lex.forms, toks, i, lex.max_len, lex.firsts, _words().pronouns)
    if hit is None:
        return None
    return Noun(hit[0], i, hit[1])


_NATIONALS = UnitForm("person", "plural", ("*nationality",))


def _nationals_at(toks: list[Token], k: int) -> Noun | None:
    """«17 فلسطينياً», «40 سورياً», «3 مصريين»: people of a state, counted by its nisba (an
    adjective of actors.yaml, indefinite)."""
    from riwaya.extract.actors import lexicon as actor_lexicon

    if k >= len(toks) or toks[k].kind != "word" or toks[k].norm.startswith("ال"):
        return None
    norm = toks[k].norm
    aliases = actor_lexicon().aliases
    plural = norm[:-2] + "ي" if norm.endswith(_words().nisba_plurals) else ""
    for base in (norm, norm[:-1] if norm.endswith("يا") else "", plural[:-1] if plural else ""):
        if not base.endswith("ي"):
            continue
        alias = aliases.get(base) or aliases.get("ال" + base)
        if alias is not None and alias.kind == "adjective":
            return Noun(_NATIONALS, k, k + 1)
    return None


def _find_unit(toks: list[Token], k: int, words: list[Word | None]) -> Noun | None:
    """The counted noun after a number ending at token ``k``."""
    if k < len(toks) and toks[k].norm[:1] == _LIST_JOINER and k + 1 < len(toks) and words[k + 1] is not None \
            and (toks[k].norm,) not in unit_lexicon().forms:
        # «استشهاد 15 وإصابة 33»: the noun after «و» is the next number's (not «4 وفيات و7 إصابات»,
        # whose «و» is the noun's own first letter)
        return None
    hit = _unit_at(toks, k) or _nationals_at(toks, k)
    if hit:
        return hit
    if k < len(toks) and toks[k].norm in _words().partitive:
        # 17 من المدنيين, مئات من خيرة الثوار (one word between «من» and the noun)
        for j in (k + 1, k + 2):
            if j < len(toks) and words[j] is None:
                hit = _unit_at(toks, j)
                if hit:
                    return hit
    return None


# A bare number after a word of quantity_words.yaml's ellipsis_joiners counts what the figure
# just before it counted.
_ELLIPSIS_GAP = 60  # characters from the figure before


def _elided_from(toks: list[Token], first: int, found: list[Quantity]) -> Quantity | None:
    """The figure whose noun a bare number leaves out, if it follows one closely after a joiner,
    or after a verb of what happened joined by «و» («قتل أبطالنا خمسة من عناصر التنظيم وأسروا
    اثنين»: two of the group's men)."""
    if first == 0 or not found or found[-1].unit is None:
        return None
    joiner = toks[first - 1].norm
    if joiner not in _words().ellipsis_joiners \
            and not (joiner[:1] == _LIST_JOINER and _event_word(toks, first - 1)):
        return None
    prev = found[-1]
    gap = toks[first].start - prev.end
    return prev if 0 <= gap <= _ELLIPSIS_GAP else None


def _counted_before(toks: list[Token], i: int, window: int = _COUNT_WINDOW) -> Noun | None:
    """«ارتفع عدد القتلى إلى 50», «بلغ عدد المقاتلين ثلاثين ألفاً»: the noun after عدد, within
    ``window`` words and no other number between."""
    definite, adjectives = _definite_count_words()
    for j in range(i - 1, max(-1, i - window), -1):
        if toks[j].norm in _COUNT_WORDS:
            hit = _unit_at(toks, j + 1)
            return _narrowed(toks, hit) if hit is not None and hit.end < i else hit
        if toks[j].norm in definite:
            # «العدد الإجمالي للموقوفين بلغ 18 شخصاً»: the noun after «ل», past an adjective
            k = j + 2 if j + 1 < i and toks[j + 1].norm in adjectives else j + 1
            if k < i and toks[k].norm.startswith("لل"):
                return _unit_at(toks, k)
        if toks[j].kind == "number":
            return None
    return None


def _a_kind_of(narrow: str, broad: str) -> bool:
    """Whether one unit is a kind of another, not the same unit (a civilian is a person)."""
    return narrow != broad and broad in broader_units(narrow)


def _narrowed(toks: list[Token], noun: Noun) -> Noun:
    """The noun with the adjective after it that names a kind of what it counts: «عدد القتلى
    المدنيين» counts civilians (a monitor's 103 beside another's 127 «مدنياً» is one figure)."""
    after = _unit_at(toks, noun.end)
    if after is None or not _a_kind_of(after.form.unit, noun.form.unit) \
            or toks[noun.end].norm.startswith("ال") != toks[noun.start].norm.startswith("ال"):
        return noun
    return Noun(after.form, noun.start, after.end)


_RANKS_GAP = 2  # words between a counted noun and «في صفوف» («6 إصابات محققة في صفوف»)


def _ranks_after(toks: list[Token], end: int) -> str | None:
    """The armed men named right after «في صفوف» (frames.yaml about_far) that follows the counted
    noun ending at token ``end``: in whose ranks the counted were («6 إصابات في صفوف جنود العدو»:
    soldiers, not the wounded of the raid they struck). Only armed men (units.yaml side): «في صفوف
    المدنيين» says whose they were as a party does, and the toll stays a toll of people."""
    far = frame_lexicon().about_far
    for k in range(end, min(end + _RANKS_GAP + 1, len(toks))):
        for n in (2, 3):
            if tuple(t.norm for t in toks[k:k + n]) in far:
                hit = _unit_at(toks, k + n)
                if hit is None or unit_lexicon().units[hit.form.unit].side is None:
                    return None
                return hit.form.unit
    return None


@compiled
def _definite_count_words() -> tuple[frozenset[str], frozenset[str]]:
    data = number_lexicon()["count_words"]
    return (frozenset(normalize_str(str(w)) for w in data["definite"]),
            frozenset(normalize_str(str(w)) for w in data["adjectives"]))


@compiled
def _times() -> tuple[frozenset[str], frozenset[str], frozenset[tuple[str, ...]]]:
    """Nouns of times and multiples (numbers.yaml ``times``): (singular and plural, dual, phrases
    whose first word alone is two times)."""
    data = number_lexicon()["times"]
    words = frozenset(normalize_str(str(w)) for k in ("singular", "plural") for w in data[k])
    return (words, frozenset(normalize_str(str(w)) for w in data["dual"]),
            frozenset(tuple(normalize_str(str(w)).split()) for w in data["twice"]))


@compiled
def _twice_firsts() -> frozenset[str]:
    return frozenset(p[0] for p in _times()[2])


def _times_at(toks: list[Token], i: int) -> bool:
    """Whether token ``i`` is a noun of times or multiples, with a preposition («بعشرة أضعاف»)."""
    if not 0 <= i < len(toks):
        return False
    splits = clitic_splits(toks[i].norm)
    return any(base in _times()[0] for prefix, base in splits if prefix in ("", "و", "ب"))


def _their_count_before(toks: list[Token], i: int) -> bool:
    """«عددهم», «عددها»: the count of what the sentence counted before, within a few words."""
    for j in range(i - 1, max(-1, i - _COUNT_WINDOW), -1):
        if any(base in _THEIR_COUNT for _, base in clitic_splits(toks[j].norm)):
            return True
    return False


_THEIR_COUNT = frozenset(w + p for w in _COUNT_WORDS for p in ("هم", "ها", "هن"))


_BY_PREFIXES = ("وب", "ب")  # «يقدر عددهم بنحو 3000», «تتحصن بأكثر من 5000»: the phrase after «ب»


def _qualifier_before(toks: list[Token], i: int) -> tuple[str, int, int] | None:
    """The qualifier right before a number, the token it starts at and how many letters of
    that token are a preposition before it (left out of the figure's span)."""
    lex = qualifier_lexicon()
    for length in range(5, 0, -1):
        s = i - length
        if s < 0:
            continue
        phrase = tuple(t.norm for t in toks[s:i])
        for variant in (phrase, (phrase[0][1:], *phrase[1:]) if phrase[0].startswith("و") else None):
            if variant and variant in lex.before:
                return lex.before[variant], s, 0
        for prefix in _BY_PREFIXES:
            if phrase[0].startswith(prefix) and len(phrase[0]) > len(prefix) + 1:
                variant = (phrase[0][len(prefix):], *phrase[1:])
                if variant in lex.before:
                    return lex.before[variant], s, len(prefix)
    return None


def _bounding_verb(toks: list[Token], first: int, words: list[Word | None]) -> tuple[str, int] | None:
    """A verb of exceeding before the figure, across its count phrase: «تجاوز عدد القتلى 300»
    (more_than), «لم يتجاوز عدد القتلى 10», «لم يزد عن 200» (at_most), «لم يصل إلى ألف»
    (at_most). (qualifier, the token the span starts at: the verb or its negation when only
    «على»/«عن» stand between, else the figure itself.)"""
    said = qualifier_lexicon().bounding
    for j in range(first - 1, max(-1, first - 1 - said.window), -1):
        tok = toks[j]
        if tok.kind == "punct" or words[j] is not None:
            return None
        verb = tok.norm
        if verb not in said.exceeding and verb not in said.reaching:
            verb = verb[1:] if verb[:1] in "وف" else ""  # «وتجاوز», «فلم يزد»
            if verb not in said.exceeding and verb not in said.reaching:
                continue
        between = [t.norm for t in toks[j + 1:first]]
        if between and not (between[0] in said.count_words or all(w in said.bound_words for w in between)):
            return None
        negated = j > 0 and toks[j - 1].norm in said.negations
        if verb in said.reaching and not negated:
            return None  # «وصل عدد القتلى إلى 50» is the count
        if verb in said.exceeding and between and between[-1] in said.rose_to:
            return None  # «زاد عدد القتلى إلى 50»: rose to, the count itself
        start = (j - 1 if negated else j) if all(w in said.bound_words for w in between) else first
        return ("at_most" if negated else "more_than"), start
    return None


def _qualifier_after(toks: list[Token], k: int) -> tuple[str, int] | None:
    """A qualifier after the counted noun, or after the party it is «من» («8 عناصر من التنظيم
    على الأقل»)."""
    found = _qualifier_right_after(toks, k)
    if found is None and k < len(toks) and toks[k].norm == "من":
        for skip in (2, 3):
            found = _qualifier_right_after(toks, k + skip)
            if found is not None:
                break
    return found


def _qualifier_right_after(toks: list[Token], k: int) -> tuple[str, int] | None:
    lex = qualifier_lexicon()
    for length in range(4, 0, -1):
        phrase = tuple(t.norm for t in toks[k:k + length])
        if len(phrase) == length and phrase in lex.after:
            return lex.after[phrase], k + length
    return None


_STATES = ("missing", "besieged", "detained", "wounded")  # what one can still be


_JOINED_WINDOW = 4  # words before a joined event word where a figure of its own would stand


def _fitting(hit: tuple[str, ...], category: str | None) -> str | None:
    """The first of a form's events that applies to the counted noun's category."""
    applies_to = event_lexicon().applies_to
    for event in hit:
        if category is None or category in applies_to[event]:
            return event
    return None


def _joined_event(toks: list[Token], j: int, event: str, category: str | None,
                  words: list[Word | None]) -> str:
    """«مقتل وإصابة أكثر من 40», «مقتل أو إصابة 94»: an event word at token ``j`` joined by «و»
    or «أو» to another's tells both, unless that one has a figure of its own just before it
    («31 لقوا حتفهم وأصيب 57»)."""
    lex = event_lexicon()
    if j > 1 and toks[j - 1].norm == "او":
        j -= 1  # the word before «أو» is the other event
    if j > 0 and (toks[j].norm[:1] == "و" or toks[j].norm == "او"):
        other = _lookup(lex.forms, toks, j - 1, 1, lex.firsts, _words().event_endings)
        partner = _fitting(other[0], category) if other else None
        own = any(words[k] is not None for k in range(max(0, j - 1 - _JOINED_WINDOW), j - 1))
        if partner is not None and partner != event and not own:
            return lex.combined.get(frozenset((partner, event)), event)
    return event


def _starts_stop(toks: list[Token], j: int) -> bool:
    """Whether a phrase past which no event is looked for (frames.yaml) starts at token ``j``."""
    lex = event_lexicon()
    return toks[j].norm in lex.stop_firsts and any(
        tuple(t.norm for t in toks[j:j + len(stop)]) == stop for stop in lex.stops)


def _event_before(toks: list[Token], q_start: int, category: str | None,
                  words: list[Word | None]) -> tuple[int, str] | None:
    """The nearest event word before a figure that fits its noun: (distance in tokens, event)."""
    lex = event_lexicon()
    for distance in range(1, _EVENT_WINDOW_BEFORE + 1):
        j = q_start - distance
        if j < 0:
            break
        if _starts_stop(toks, j):
            break  # «… تسجيل العائدين، فيما يقيم نحو 150 ألف نازح»: another clause's event
        if j > 0 and words[j - 1] is not None and not (j > 1 and _naming(toks[j - 2].norm)) \
                and toks[j].norm[:1] != _LIST_JOINER and _unit_at(toks, j) is not None:
            # «3,450 أسرة (نحو 17,250 شخصاً)»: a figure's counted noun, not «أسر» (captured); but
            # «اللواء 93 أسر 14 عنصراً»: a unit's number, then the verb
            continue
        hit = _lookup(lex.forms_before, toks, j, min(lex.max_len, q_start - j), lex.firsts_before,
                      _words().event_endings)
        if hit:
            event = _fitting(hit[0], category)
            if event:
                return distance, _joined_event(toks, j, event, category, words)
    return None


def _event(toks: list[Token], q_start: int, q_end: int, category: str | None,
           words: list[Word | None]) -> str | None:
    """What happened to a figure's counted (tokens ``q_start:q_end``): told right before it, by
    the verb before it with its object, by a relative clause after it, or by the nearest event
    word around it that fits the noun's ``category``."""
    lex = event_lexicon()
    if q_start > 0 and (told := lex.right_before.get(toks[q_start - 1].norm)) \
            and _fitting((told,), category):
        return told  # «جثامين 37 مهاجراً»
    best = _event_before(toks, q_start, category, words)
    object_event = _with_object(toks, q_start - best[0], q_end) if best is not None else None
    if object_event is not None and _fitting((object_event,), category):
        return object_event  # «وقد غادر 5 منهم المستشفى»: discharged
    told_after = _relative_clause(toks, q_end, words)
    if told_after is not None and _fitting(told_after, category):
        return _fitting(told_after, category)  # «أصابات أكثر من الرجلين والمرأة الذين لقوا حتفهم»: killed
    right_after = q_end < len(toks) and _lookup(lex.forms, toks, q_end, lex.max_len, lex.firsts,
                                                _words().event_endings)
    if right_after and _fitting(right_after[0], category) == "casualties":
        return "casualties"  # «سقوط أكثر من 90 طفلاً بين قتيل وجريح»: both, whatever came before
    return _event_after(toks, q_end, best, category, words)


def _event_after(toks: list[Token], q_end: int, best: tuple[int, str] | None, category: str | None,
                 words: list[Word | None]) -> str | None:
    """The event told by a word after the figure ending at token ``q_end``, nearer than ``best``
    (the event before it, which is the answer when none is); after «لا يزال» the state the
    counted are in."""
    lex = event_lexicon()
    endings = _words().event_endings
    resume = 0  # past the words of a «لا يزالون» already read
    for distance in range(1, _EVENT_WINDOW_AFTER + 1):
        j = q_end + distance - 1
        if j < resume:
            continue
        # «لا يزال 45 شخصاً في عداد المفقودين»: "still" yields to the state the people are in
        still = best is not None and best[1] == "remaining"
        if j >= len(toks) or (best and not still and distance >= best[0]):
            break
        if words[j] is not None and words[j].kind in ("digits", "card", "tens", "hundred") \
                and not _one_of(toks, j):
            break  # the next number has its own event
        if best is not None and not still and toks[j].kind == "punct" and toks[j].norm in _CLAUSE_ENDS:
            break  # «أفرجت … عن 80 محتجزاً، نقلتهم طائرات»: the next clause tells what came after
        if _starts_stop(toks, j):
            break  # «… بعد أن هجرها أهلها»: another happening
        if toks[j].norm[:1] == "ب" and q_end > 0 and toks[q_end - 1].norm in frame_lexicon().accused:
            break  # «3 متهمين باغتيال الناشط»: the charge, not what happened to them
        if best is not None and not still and toks[j].norm.startswith("ال"):
            continue  # «اختطفوا … أربعة من الجنود العائدين»: an attribute of the noun, not what happened
        if best is not None and j > 0 and (toks[j - 1].norm, toks[j].norm) in frame_lexicon().about_markers:
            continue  # «وأفرجنا عن 85 من أسرى المرتزقة»: whose the counted are, not what befell them
        hit = _lookup(lex.forms, toks, j, lex.max_len, lex.firsts, endings)
        if hit and best is not None and not still and _lookup(
                lex.follow_ups, toks, j, lex.max_len, lex.follow_up_firsts, endings):
            break  # «أنقذوا … 37 شخصاً نقلوا إلى مستشفى»: rescued, then taken away
        if hit:
            if not still and _next_numbers_verb(toks, words, hit[1]):
                break  # «اعتقلت 9 متظاهرين أفرج عن 5»: that verb is the next number's (not the
                # state after «لا يزالون»: «لا يزالون مفقودين تحت ركام 12 منزلاً»)
            event = _fitting(hit[0], category)
            if event and best is not None and best[0] <= 3 and not still and toks[j].norm[:1] == "و" \
                    and event != best[1]:
                break  # «أودى بحياة 9 أشخاص وإصابة آخرين»: the joined event is the others'
            if event == "remaining" and best is None:
                # «20 شخصاً ما زالوا في عداد المفقودين»: still, then the state they are in
                best, resume = (distance, event), hit[1]
                continue
            if event and (not still or event in _STATES):
                return event
            if still:
                break
    return best[1] if best else None


_OBJECT_WINDOW = 4  # words after the number where the object of the verb before it may stand


def _with_object(toks: list[Token], verb: int, q_end: int) -> str | None:
    """The event a verb before a figure tells with the object after the figure's noun («غادر 5
    منهم المستشفى»: discharged), or None."""
    lex = event_lexicon()
    word = toks[verb].norm
    found = lex.with_object.get(word) or (lex.with_object.get(word[1:]) if word[:1] in "وف" else None)
    if found is None:
        return None
    objects, event = found
    return event if any(t.norm in objects for t in toks[q_end:q_end + _OBJECT_WINDOW]) else None


_RELATIVE_WINDOW = 3  # words after the counted noun where its relative clause may open


def _relative_clause(toks: list[Token], q_end: int, words: list[Word | None]) -> tuple[str, ...] | None:
    """The events a relative clause right after a figure tells of its people («… الذين لقوا
    حتفهم»), past at most a joined noun («والمرأة»); None when there is none."""
    lex = event_lexicon()
    for k in range(q_end, min(len(toks), q_end + _RELATIVE_WINDOW)):
        if toks[k].kind == "punct" or words[k] is not None:
            return None
        if toks[k].norm in lex.relatives:
            if k + 1 >= len(toks):
                return None
            hit = _lookup(lex.forms, toks, k + 1, lex.max_len, lex.firsts, _words().event_endings)
            return hit[0] if hit else None
    return None


def _next_numbers_verb(toks: list[Token], words: list[Word | None], after: int) -> bool:
    """Whether a number («أفرج عن 5»), or «others» («وإصابة آخرين»), follows an event phrase
    ending at token ``after`` (a number within three tokens, with no event phrase of its own
    between): «لقوا حتفهم وأصيب 57» keeps «لقوا حتفهم» for the number before it, since «وأصيب»
    is the next number's."""
    lex = event_lexicon()
    if after < len(toks) and toks[after].norm in _words().others:
        return True  # «إضافة إلى ثلاثة من العاملين وإصابة آخرين»: the others were wounded
    for k in range(after, min(len(toks), after + 3)):
        if toks[k].kind == "punct" and toks[k].norm in _CLAUSE_ENDS:
            return False  # «إن 19 شخصاً على الأقل لقوا حتفهم، وإن 25 ما زالوا مفقودين»: the clause is over
        # «وأصيب قرابة عشرين»: a number in words too
        if words[k] is not None and words[k].kind in ("digits", "card", "tens", "hundred"):
            return True
        if _lookup(lex.forms_before, toks, k, lex.max_len, lex.firsts_before, _words().event_endings):
            return False  # «دمرت ولحقت تلفيات بعشر»: the next number has an event of its own
    return False


def _naming(word: str) -> bool:
    """Whether a word names what the number after it numbers, with a conjunction or a
    preposition before it («بالكتيبة», «للواء», «والقرار»)."""
    naming = _words().naming
    if word in naming:
        return True
    for prefix in ("و", "ب", "ف", "وب", "ول", "ك"):
        if word.startswith(prefix) and word[len(prefix):] in naming:
            return True
    bare = word[1:] if word[:1] in "وف" else word
    # «للفرقة» = ل + «الفرقة»; «للواء» = ل + «اللواء», a word's own ل and the article's written once
    return bare.startswith("لل") and ("ا" + bare[1:] in naming or "ا" + bare in naming)


def _excluded(toks: list[Token], i: int, number: Number, words: list[Word | None]) -> bool:
    vocabulary = _words()
    tok = toks[i]
    prev = toks[i - 1].norm if i > 0 else ""
    nxt = toks[number.end].norm if number.end < len(toks) else ""
    if prev in vocabulary.ordinals and words[i] is not None and words[i].kind == "card" \
            and words[i].value == 10:
        return True  # الثانية عشرة: an ordinal
    if prev in vocabulary.clock:
        return True  # الساعة 10, الساعة الثالثة
    if _naming(prev) and number.definite:
        return True  # «الفرقة العشرين», «اللواء الخامس عشر»: a unit's number in words, no count
    if words[i] is not None and words[i].kind == "digits":
        if _naming(prev):
            return True  # «اللواء 444», «بالكتيبة 116 مشاة»: a unit's number, no count
        if prev in vocabulary.digit_articles and _unit_at(toks, number.end) is None:
            return True  # «الدورة الـ27», «بوابة الـ27», «الذكرى الـ50»: an ordinal or a name, no count
        if prev == "/" or nxt in ("/", ":") or (prev == ":" and i > 1 and toks[i - 2].kind == "number"):
            return True  # دع / 852, 852/2018, 10:30
        value = number.value or 0
        digits = tok.norm.replace(",", "").replace(".", "")
        # a year after a year word; elsewhere only when it counts nothing (في 2015 / 1500 غارة)
        if len(tok.norm) == 4 and tok.norm.isdigit() and (1900 <= value <= 2100 or 1300 <= value <= 1500):
            if prev in vocabulary.year_words or _unit_at(toks, number.end) is None:
                return True
        if len(digits) >= 9 and "," not in tok.norm and _unit_at(toks, number.end) is None:
            return True  # a phone or an identifier
    return False


def find_quantities(toks: list[Token], original: str, masked: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Quantities in one sentence's tokens (offsets into ``original``).

    ``masked``: original spans already taken by other mentions (dates), whose numbers are not
    amounts.
    """
    words = [read_token(t, original) for t in toks]
    if masked:
        for idx, tok in enumerate(toks):
            if words[idx] is not None and any(s <= tok.start < e for s, e in masked):
                words[idx] = None
    found: list[Quantity] = []
    i = 0
    n = len(toks)
    while i < n:
        number = parse_number(words, i) if words[i] is not None else None
        if number is None:
            q = _counted_by_noun(toks, i, words, original, found)
            if q is not None:
                found.append(q)
                i = q.extra.pop("_end")
                continue
            i += 1
            continue
        if _excluded(toks, i, number, words):
            i = number.end
            continue
        q = _assemble(toks, number, words, original, found)
        if _names_whole_before(toks, number.start):
            q.extra["_whole_of_last"] = True
        found.append(q)
        i = q.extra.pop("_end")
    for q in found:
        q.extra.pop("_start", None)
        q.extra.pop("_whole_of_last", None)
    return found


def _names_whole_before(toks: list[Token], i: int) -> bool:
    """Whether the number at ``i`` follows «من أصل», «من بين»: it is the whole of the figure
    before it, which stays what the sentence goes on to tell of («تحرير 4 سائقين من أصل 12 سائقاً
    جرى اختطافهم، وهم 3 مصريين وسائق سوداني»: three of the four freed)."""
    return any(len(p) <= i and tuple(t.norm for t in toks[i - len(p) : i]) == p for p in _part_of_next())


@compiled
def _part_of_next() -> frozenset[tuple[str, ...]]:
    return frozenset(k for k, (slot, _) in frame_lexicon().phrases.items() if slot == "part_of_next")


def _part_of(toks: list[Token], first: int, noun: Noun | None, whole: Quantity | None,
             event: str | None, found: list[Quantity] | None = None) -> tuple[str | None, bool]:
    """(event, whether the figure is a part of the one before): «مقتل 5 مواطنين بينهم طفلان»
    counts two of the five killed, so it has their event unless its noun says its own; so do
    the parts listed after it («بينهم 21 من عناصر الجيش و38 من المسلحين و12 مدنياً»)."""
    listed = first > 0 and _listed_after_part(toks, first, found or [])
    among = whole is not None and first > 0 and (toks[first - 1].norm in _words().among or listed)
    own = noun is not None and noun.form.canonical in unit_lexicon().units[noun.form.unit].noun_events
    if among and whole is not None and whole.event and not own:
        event = whole.event
    elif whole is None and listed and found and found[-1].event and not own and event is None:
        # «بين الجرحى نحو عشرة أطفال وبضع نساء»: a part listed after a part of a group the
        # text named in words, not in a figure, is a part of that group too
        event, among = found[-1].event, True
    return event, among


# How far (in characters) a listed part may stand from the one before it: «21 من عناصر الجيش و38».
_LIST_GAP = 40


def _listed_after_part(toks: list[Token], first: int, found: list[Quantity]) -> bool:
    """Whether the figure at token ``first`` goes on a list of parts: the figure before it is a
    part, and only its noun's words and «و» (a comma at most) stand between them."""
    if not found or not found[-1].extra.get("among"):
        return False
    prev = found[-1]
    start = toks[first].start
    if not 0 <= start - prev.end <= _LIST_GAP:
        return False
    between = []
    k = first - 1
    while k >= 0 and toks[k].start >= prev.end:
        between.append(toks[k])
        k -= 1
    joined = toks[first].norm.startswith("و") or any(t.norm == "و" for t in between)
    return joined and all(t.kind != "punct" or t.norm in ("،", ",") for t in between)


def _whole(found: list[Quantity]) -> Quantity | None:
    """The last figure that is not a part of another, nor the whole «من أصل» names."""
    return next((q for q in reversed(found)
                 if not q.extra.get("among") and not q.extra.get("_whole_of_last")), None)


def _one_of(toks: list[Token], j: int) -> bool:
    """Whether the number at ``j`` is «واحد» after a noun, an adjective («لقي أربعة أشخاص من
    عائلة واحدة مصرعهم»: the four met their death), not a count with an event of its own."""
    return toks[j].norm in _words().one and j > 0 and toks[j - 1].kind == "word"


def _counted_whole(found: list[Quantity]) -> Quantity | None:
    """The figure «آخرون» counts more of: the last whole, not «one family» said of it («لقي
    أربعة أشخاص من عائلة واحدة مصرعهم وأصيب ثلاثة آخرون»: three persons, not three families)."""
    return next((q for q in reversed(found) if not q.extra.get("among")
                 and not (q.value == 1 and q.number_start > q.start)), None)


def _dual_at(toks: list[Token], i: int) -> Noun | None:
    """A dual noun at token ``i``: دبابتين, شخصان, or in construct with a pronoun («طفلاها»: her
    two children; «طفلا» alone is a child, with its tanween unwritten)."""
    if not 0 <= i < len(toks) or toks[i].kind != "word":
        return None
    norm = toks[i].norm
    if norm.endswith(_words().dual_endings):
        noun = _unit_at(toks, i)
        if noun is not None and noun.form.grammatical == "dual":
            return noun
    # not «ه»: after normalization it is also a ة («صاروخيه» is صاروخية, not صاروخي + ه)
    if not norm.endswith(_words().dual_pronouns):
        return None
    for pronoun in _words().dual_pronouns:
        stem = norm[:-len(pronoun)] if norm.endswith(pronoun) else ""
        for prefix, base in clitic_splits(stem):
            if prefix in ("", "و", "ف") and len(base) > 2 and base[-1] in "اي":
                form = unit_lexicon().forms.get((base + "ن",))
                if form is not None and form.grammatical == "dual":
                    return Noun(form, i, i + 1)
    return None


def _dual_noun(toks: list[Token], i: int, words: list[Word | None], original: str,
               found: list[Quantity]) -> Quantity | None:
    """A dual noun counts two on its own: دبابتين, شخصان, طفلاها."""
    noun = _dual_at(toks, i)
    if noun is None:
        return None
    end = noun.end
    # شخصين اثنين: the number word only repeats the dual.
    if end < len(toks) and words[end] is not None and words[end].kind == "card" and words[end].value == 2:
        end += 1
    start, stop = toks[i].start, toks[end - 1].end
    event, among = _part_of(toks, i, noun, _whole(found), _what_happened(toks, i, end, noun, words),
                            found)
    return Quantity(start, stop, original[start:stop], 2, 2, 2, "exact", noun.form.unit, event, start,
                    stop, original[toks[noun.start].start:toks[noun.end - 1].end],
                    extra={"_end": end, **({"among": True} if among else {})})


def _counted_by_noun(toks: list[Token], i: int, words: list[Word | None], original: str,
                     found: list[Quantity]) -> Quantity | None:
    """A figure without a numeral: a dual, «مرتين», a singular in a list of counts. Most words
    are none of these, and are told so by a set lookup (this runs on every word of the corpus)."""
    tok = toks[i]
    if tok.kind != "word":
        return None
    norm = tok.norm
    if norm.endswith(_words().dual_endings) or norm.endswith(_words().dual_pronouns):
        q = _dual_noun(toks, i, words, original, found)
        if q is not None:
            return q
    if norm in _times()[1] or norm in _twice_firsts():
        return _twice(toks, i, original)
    if norm in _a_number_of():
        return _some(toks, i, words, original, found)
    bare = norm[1:] if norm[:1] == _LIST_JOINER else norm
    if bare in unit_lexicon().firsts or norm in unit_lexicon().firsts:
        return _one_of_a_list(toks, i, words, original, found)
    return None


@compiled
def _a_number_of() -> frozenset[str]:
    return frozenset(normalize_str(str(w)) for w in number_lexicon()["a_number_of"])


def _some(toks: list[Token], i: int, words: list[Word | None], original: str,
          found: list[Quantity]) -> Quantity | None:
    """«قتلت عدداً من الإرهابيين»: a vague amount, two or more, of the plural after «من»."""
    if i + 2 >= len(toks) or toks[i + 1].norm != "من":
        return None
    noun = _unit_at(toks, i + 2)
    if noun is None or noun.form.grammatical != "plural":
        return None
    start = toks[i].start + (1 if toks[i].norm[:1] == "و" else 0)
    stop = toks[noun.end - 1].end
    event, among = _part_of(toks, i, noun, _whole(found), _what_happened(toks, i, noun.end, noun, words),
                            found)
    return Quantity(start, stop, original[start:stop], None, 2, None, "vague", noun.form.unit, event,
                    start, toks[i].end, original[toks[noun.start].start:stop],
                    extra={"_end": noun.end, **({"among": True} if among else {})})


def _twice(toks: list[Token], i: int, original: str) -> Quantity | None:
    """«مرتين», «ضعفين», «ضعف ما سُجّل»: two times, counting nothing."""
    if toks[i].kind != "word":
        return None
    _, duals, phrases = _times()
    norm = toks[i].norm
    if norm not in duals and not (norm in _twice_firsts() and any(
            tuple(t.norm for t in toks[i:i + len(p)]) == p for p in phrases)):
        return None
    start, stop = toks[i].start, toks[i].end
    return Quantity(start, stop, original[start:stop], 2, 2, 2, "exact", None, None, start, stop,
                    original[start:stop], extra={"_end": i + 1})


# Words that join a figure to the one before it in a list of counts: «رجلان وامرأة».
_LIST_JOINER = "و"


def _one_of_a_list(toks: list[Token], i: int, words: list[Word | None], original: str,
                   found: list[Quantity]) -> Quantity | None:
    """A singular noun of people that counts one in a list of counts of what happened: «قُتل رجل
    وامرأتان», «اعتُقل رجلان وامرأة», «مقتل مدني وإصابة ثلاثة». Alone («أصيب طفل بجروح») it
    is not taken for a figure: the text does not count it."""
    tok = toks[i]
    if tok.kind != "word":
        return None
    joined = tok.norm.startswith(_LIST_JOINER)
    prev = found[-1] if found else None
    after_count = joined and prev is not None and i > 0 and prev.end == toks[i - 1].end \
        and not prev.extra.get("among")  # «بينهم 3 أطفال وامرأة» is left to the list's figures
    # cheap tests first: most words are neither after a count nor before «و»
    n = len(toks)
    near_joiner = (i + 1 < n and toks[i + 1].norm[:1] == _LIST_JOINER) or (
        i + 2 < n and toks[i + 2].norm[:1] == _LIST_JOINER)
    if not (after_count or near_joiner):
        return None
    bare = tok.norm[1:] if joined else tok.norm
    if bare.startswith("ال"):
        return None
    noun = _unit_at(toks, i)
    if noun is None or noun.form.grammatical != "singular" or noun.end != i + 1:
        return None
    unit = unit_lexicon().units[noun.form.unit]
    if unit.category != "people":
        return None
    if noun.form.canonical in unit.noun_events or _event_word(toks, i):
        return None  # «40 قتيلاً وجريحاً», «مقتل مدني وإصابة ثلاثة»: what happened, not one more
    # «رجل وامرأتان»; «لقي شخص حتفه وفُقد اثنان»: the event's own word may stand between
    before_count = (i + 1 < len(toks) and _joined_count(toks, i + 1, words)) or (
        i + 2 < len(toks) and toks[i + 1].kind == "word" and words[i + 1] is None
        and _joined_count(toks, i + 2, words))
    if not (after_count or before_count):
        return None
    event = _what_happened(toks, i, i + 1, noun, words)
    if event is None:
        return None
    start, stop = tok.start, tok.end
    if tok.norm.startswith(_LIST_JOINER):
        start = _skip_letters(original, start, 1)
    return Quantity(start, stop, original[start:stop], 1, 1, 1, "exact", noun.form.unit, event, start, stop,
                    original[start:stop], extra={"_end": i + 1})


def _event_word(toks: list[Token], i: int) -> bool:
    lex = event_lexicon()
    return _lookup(lex.forms, toks, i, 1, lex.firsts, _words().event_endings) is not None


def _joined_count(toks: list[Token], k: int, words: list[Word | None]) -> bool:
    """Whether a count joined by «و» starts at token ``k``: «وامرأتان», «و3 جرحى», «وإصابة ثلاثة»."""
    if not toks[k].norm.startswith(_LIST_JOINER) or toks[k].norm == _LIST_JOINER:
        return False
    if words[k] is not None:
        return words[k].wa  # «واحد» is one, not «و» + a number
    if _is_dual(toks, k):
        return True
    nxt = k + 1
    return _event_word(toks, k) and nxt < len(toks) and (words[nxt] is not None or _is_dual(toks, nxt))


def _is_dual(toks: list[Token], i: int) -> bool:
    return _dual_at(toks, i) is not None


def _what_happened(toks: list[Token], first: int, last: int, noun: Noun | None,
                   words: list[Word | None]) -> str | None:
    """The event: what the noun itself says (قتلى), else the nearest event word that fits the
    unit, else what the noun implies (معتقلين: detained)."""
    unit = unit_lexicon().units[noun.form.unit] if noun else None
    if unit is not None and noun.form.canonical in unit.noun_events:
        told = unit.noun_events[noun.form.canonical]
        # «40 قتيلاً وجريحاً»: the dead and the wounded together, neither alone
        joined = noun.end < len(toks) and toks[noun.end].norm[:1] == "و"
        nxt = _unit_at(toks, noun.end) if joined else None
        after = nxt.end if nxt is not None else 0
        # «4 قتلى وإصابة 5» / «وإصابة آخرين»: the verbal noun is the next count's event
        counts_next = after < len(toks) and (words[after] is not None or toks[after].norm in _words().others)
        # «خمسة قتلى وجريحين»: and two wounded
        if nxt is not None and nxt.form.unit == noun.form.unit and nxt.form.canonical in unit.noun_events \
                and nxt.form.grammatical != "dual" and not counts_next:
            return event_lexicon().combined.get(frozenset((told, unit.noun_events[nxt.form.canonical])), told)
        return told
    event = _event(toks, first, last, unit.category if unit else None, words)
    implied = unit.implied_events.get(noun.form.canonical) if unit is not None else None
    if event is None or (event == "remaining" and implied in _STATES):
        event = implied or event  # «لا يزال 23 مختطفاً»: still held
    return event


def _places_where(toks: list[Token], first: int, noun: Noun | None) -> bool:
    """Whether a figure after «في» counts places: where something happened, not what it happened
    to («تضرر 340 أسرة في 12 مخيماً», «اشتباكات في 5 قرى»)."""
    return noun is not None and first > 0 and toks[first - 1].norm in frame_lexicon().located \
        and unit_lexicon().units[noun.form.unit].category == "place"


def _lost_own(toks: list[Token], first: int, noun_span: tuple[int, int]) -> bool:
    """Whether a verb of losing right before a figure («فقد أربعة من جنوده») has a party's own
    men for its object: the counted noun carries a possessive pronoun."""
    lost = event_lexicon().lost_own
    noun = toks[noun_span[1] - 1].norm
    own = any(noun.endswith(p) and len(noun) - len(p) >= 3 for p in _words().pronouns if p != "كم")
    return own and any(toks[j].norm in lost for j in range(max(0, first - 2), first))


def _among_the(toks: list[Token], first: int) -> str | None:
    """What happened to the group a figure is a part of, named right before it: «بين الجرحى
    نحو عشرة أطفال» (wounded), «ومن بين القتلى 11 من المقاتلين» (killed)."""
    if first < 2:
        return None
    noun = _unit_at(toks, first - 1)
    if noun is None or noun.end != first or not toks[noun.start].norm.startswith("ال"):
        return None
    before = toks[noun.start - 1].norm if noun.start > 0 else ""
    pair = f"{toks[noun.start - 2].norm} {before}" if noun.start > 1 else ""
    if (before not in _words().among_the and pair not in _words().among_the) or \
            " ".join(noun.form.canonical) in frame_lexicon().among_unsaid:
        return None
    return unit_lexicon().units[noun.form.unit].noun_events.get(noun.form.canonical)


def _cases_of(toks: list[Token], first: int, noun: Noun) -> Noun | None:
    """What a counter of cases counts (units.yaml ``counters``): the noun of what happened to
    people named before it in its clause («ارتفعت الوفيات … إلى نحو 30 حالة»: 30 dead)."""
    lex = unit_lexicon()
    if noun.form.canonical not in lex.units[noun.form.unit].counters:
        return None
    for j in range(first - 1, max(-1, first - _COUNT_WINDOW), -1):
        if toks[j].kind == "punct":
            return None
        named = _unit_at(toks, j)
        if named is not None and named.form.canonical in lex.units[named.form.unit].noun_events:
            return named
    return None


def _dead_of_whom(toks: list[Token], noun: Noun) -> Noun | None:
    """Whose deaths or wounds a figure counts: «19 حالة وفاة لأطفال» counts children."""
    lex = unit_lexicon()
    if noun.form.canonical not in lex.units[noun.form.unit].noun_events or noun.end >= len(toks) \
            or not toks[noun.end].norm.startswith("ل"):
        return None
    whom = _unit_at(toks, noun.end)
    if whom is None or whom.form.unit == noun.form.unit:
        return None
    return _kind_of_people(whom)


def _told_by_predicate(toks: list[Token], last: int, noun: Noun | None) -> Noun | None:
    """The noun that says what a part of the dead or wounded were: «15 من القتلى مقاتلون سابقون»
    counts fighters (the predicate), not people, among the killed."""
    if noun is None or last >= len(toks) or toks[last].norm != "من" or noun.end >= len(toks):
        return None
    unit = unit_lexicon().units[noun.form.unit]
    if noun.form.canonical not in unit.noun_events or not toks[noun.start].norm.startswith("ال"):
        return None
    told = _unit_at(toks, noun.end)
    if told is None or told.form.unit == noun.form.unit or toks[told.start].norm.startswith(("ال", "و")):
        return None
    return _kind_of_people(told)


def _kind_of_people(noun: Noun) -> Noun | None:
    """The noun when it says what kind of people they are («مقاتلون», «أطفال»), not what
    happened to them («قتلى»)."""
    kind = unit_lexicon().units[noun.form.unit]
    return noun if kind.category == "people" and noun.form.canonical not in kind.noun_events else None


@dataclass
class _Draft:
    """A figure as _assemble reads it, step by step: its span in tokens, its value, what it
    counts and what happened to it."""

    first: int  # the token its span starts at (the number, a noun or a qualifier before it)
    last: int  # the token after the number (or after the range's second number)
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    noun: Noun | None = None  # the counted noun, wherever it stands (a count phrase before the span)
    predicated: Noun | None = None  # the noun a predicate tells the kind of («15 من القتلى مقاتلون»)
    unit_id: str | None = None
    noun_span: tuple[int, int] | None = None  # the counted noun's tokens within the span
    times: bool = False  # a count of times or multiples: it counts nothing
    elided: Quantity | None = None  # the figure whose noun the number leaves out
    end_tok: int = 0
    preposition: int = 0  # letters of a «ب» before the qualifier, left out of the span
    event: str | None = None
    among: bool = False


def _assemble(toks: list[Token], number: Number, words: list[Word | None], original: str,
              found: list[Quantity]) -> Quantity:
    """The figure of a number read at ``number``: its range, what it counts, how exact it is and
    what happened to the counted, from the tokens around it and the figures ``found`` before."""
    draft = _draft(toks, number, words)
    # The counted noun: after the number, or before it when the number is its adjective
    # (الفصائل العشرة, شخص واحد, أياماً عدة), or named earlier (عدد القتلى ... 50).
    draft.noun = _noun_before_number(toks, number, words, draft)
    _read_counted(toks, number, words, found, draft)
    _unit_from_context(toks, found, draft)
    _qualify(toks, words, draft)
    _what_befell(toks, words, found, _whole(found), draft)
    return _quantity(toks, number, words, original, draft)


def _draft(toks: list[Token], number: Number, words: list[Word | None]) -> _Draft:
    """The number's own reading, or the range it opens («بين 10 و15»)."""
    draft = _Draft(number.start, number.end, number.value, number.low, number.high,
                   "vague" if number.vague else "exact")
    if not number.vague:
        spread = _range(toks, words, number)
        if spread is not None:
            draft.first, draft.last, draft.low, draft.high = spread
            draft.value, draft.qualifier = None, "range"
    return draft


def _noun_before_number(toks: list[Token], number: Number, words: list[Word | None],
                        draft: _Draft) -> Noun | None:
    """The counted noun before a number that is its adjective: «الفصائل العشرة», «شخص واحد»,
    «أياماً عدة», «أفراد الخلية الأربعة»."""
    noun = None
    # «القيادي واثنين من مرافقيه»: a number with «و» is the next item, no adjective of the noun before
    conjoined = words[number.start] is not None and words[number.start].wa
    # «بضعة من عناصر الدفاع المدني»: a partitive after the number says what it counts
    last = draft.last
    partitive = not number.definite and last + 1 < len(toks) and toks[last].norm == "من" \
        and _unit_at(toks, last + 1) is not None
    if number.start > 0 and not conjoined and not partitive and (
            number.definite or (draft.value in (1, 2) and draft.qualifier == "exact")
            or (number.vague and words[number.start] is not None and words[number.start].value == 3)):
        before = _unit_at(toks, number.start - 1)
        longer = _unit_at(toks, number.start - 2) if number.start > 1 else None
        if longer is not None and longer.end == number.start:
            before = longer  # «طقم عسكري واحد»: one vehicle, not «عسكري واحد»
        if before is None and number.definite and number.start > 1 \
                and toks[number.start - 1].norm.startswith("ال"):
            # «أفراد الخلية الأربعة»: the number goes with the construct's head, two words back
            head = _unit_at(toks, number.start - 2)
            if head is not None and head.end == number.start - 1 \
                    and not toks[head.start].norm.startswith("ال"):
                noun = head
        if before is not None and before.end == number.start and (
                not number.definite or toks[before.start].norm.startswith(_words().definite_prefixes)):
            noun = before
    return noun


def _read_counted(toks: list[Token], number: Number, words: list[Word | None], found: list[Quantity],
                  draft: _Draft) -> None:
    """What the number counts, from the words next to it: times, the noun before it, or the noun,
    «others» or «منهم» after it."""
    last = draft.last
    draft.times = bool(_times_at(toks, last) or (draft.value in (1, 2) and _times_at(toks, number.start - 1)))
    if draft.times:
        draft.noun = None
        draft.unit_id, draft.noun_span = None, (last, last + 1) if _times_at(toks, last) else None
        if draft.noun_span is None:
            draft.first = number.start - 1  # «مرة واحدة»
    elif draft.noun is not None:
        draft.unit_id, draft.noun_span = draft.noun.form.unit, (draft.noun.start, draft.noun.end)
        draft.first = min(draft.first, draft.noun.start)
    else:
        _counted_after_number(toks, number, words, found, draft)


def _counted_after_number(toks: list[Token], number: Number, words: list[Word | None],
                          found: list[Quantity], draft: _Draft) -> None:
    """The noun after the number, what a predicate or a counter of cases says it is, or what
    «others» and «منهم» after it stand for."""
    last = draft.last
    # «7 منهم إلى المدينة»: what «منهم» stands for is counted, no noun after it; nor after a
    # number with the article, an adjective of what came before («الأربعة عبوتين»: no)
    of_them = last < len(toks) and toks[last].norm in frame_lexicon().of_them
    noun = None if of_them or (number.definite and not number.vague) else _find_unit(toks, last, words)
    told = _told_by_predicate(toks, last, noun)
    draft.noun = noun
    draft.unit_id = noun.form.unit if noun else None
    draft.noun_span = (noun.start, noun.end) if noun else None
    if told is not None:
        # «15 من القتلى مقاتلون سابقون»: fighters, among the killed
        draft.noun_span, draft.noun, draft.unit_id, draft.predicated = \
            (noun.start, told.end), told, told.form.unit, noun
    elif noun is not None and (case := _cases_of(toks, draft.first, noun)) is not None:
        draft.noun, draft.unit_id = case, case.form.unit  # «ارتفعت الوفيات إلى نحو 30 حالة»: 30 dead
    elif noun is not None and (whom := _dead_of_whom(toks, noun)) is not None:
        draft.noun_span, draft.unit_id, draft.predicated = (noun.start, whom.end), whom.form.unit, noun
    if draft.noun is None and last < len(toks) and toks[last].norm in _words().others:
        # قتل 5 مدنيين وأصيب 10 آخرون: «others» count what the sentence counted before
        # (the whole, not a part of it: «5 مواطنين بينهم طفلان وإصابة 9 آخرين»).
        counted = _counted_whole(found)
        draft.unit_id = counted.unit if counted else "person"
        draft.noun_span = (last, last + 1)
    elif of_them and found and found[-1].unit and found[-1].start >= toks[0].start:
        # «هاجم 30 مستوطناً مزارعين …، وأصابوا 7 منهم»: a part of what the sentence counted
        draft.unit_id = found[-1].unit
        draft.noun_span = (last, last + 1)


def _unit_from_context(toks: list[Token], found: list[Quantity], draft: _Draft) -> None:
    """What the figure counts as the words around it say: a count phrase before it («عدد
    القتلى … 41 شخصاً»), a narrower kind it names, the ranks after it, or the figure before
    whose noun it leaves out."""
    first = draft.first
    if draft.unit_id is None and not draft.times:
        # «إن عدد القتلى جراء تفجير سوق الخضار في مدينة عين الغزال ارتفع إلى 41 شخصاً»
        counted = _counted_before(toks, first, _TOLD_COUNT_WINDOW)
        if counted is not None:
            draft.noun, draft.unit_id = counted, counted.form.unit  # named earlier: not part of the span
        elif found and _their_count_before(toks, first):
            draft.unit_id = found[-1].unit  # «200 مسلح …، فيما قالت أخرى إن عددهم لم يزد عن 60»
    elif draft.unit_id is not None and not draft.times:
        counted = _counted_before(toks, first, _TOLD_COUNT_WINDOW)
        if counted is not None and counted.end - counted.start > 1 \
                and _a_kind_of(counted.form.unit, draft.unit_id):
            draft.unit_id = counted.form.unit  # «بلغ عدد القتلى المدنيين 67 قتيلاً»: civilians
        ranks = _ranks_after(toks, draft.noun_span[1]) if draft.noun_span else None
        if ranks is not None and _a_kind_of(ranks, draft.unit_id):
            draft.unit_id = ranks  # «إيقاع 6 إصابات في صفوف جنود العدو»: soldiers wounded
    draft.elided = _elided_from(toks, first, found) if draft.unit_id is None and not draft.times else None
    if draft.elided is not None:
        draft.unit_id = draft.elided.unit


def _qualify(toks: list[Token], words: list[Word | None], draft: _Draft) -> None:
    """The qualifier of an exact number, before the number or after the noun (the span grows to
    take it in), and the bounds it sets."""
    draft.end_tok = max(draft.last, draft.noun_span[1] if draft.noun_span else 0)
    if draft.qualifier != "exact":
        return
    first = draft.first
    found_before = _qualifier_before(toks, first)
    before_q = found_before[:2] if found_before is not None else None
    draft.preposition = found_before[2] if found_before is not None else 0
    negations = qualifier_lexicon().bounding.negations
    if before_q is not None and before_q[0] == "more_than" and before_q[1] > 0 \
            and toks[before_q[1] - 1].norm in negations:
        before_q, draft.preposition = ("at_most", before_q[1] - 1), 0  # «لم يتجاوز 10»
    elif before_q is None and not draft.times:
        # across the count phrase; a multiple is not bounded by the verb it multiplies
        # («زاد عددهم بعشرة أضعاف»)
        before_q = _bounding_verb(toks, first, words)
    if before_q is not None:
        draft.qualifier, draft.first = before_q
    else:
        after_q = _qualifier_after(toks, draft.end_tok)
        if after_q is not None:
            draft.qualifier, draft.end_tok = after_q
    draft.value, draft.low, draft.high = _apply_qualifier(draft.qualifier, draft.value, draft.low, draft.high)


def _what_befell(toks: list[Token], words: list[Word | None], found: list[Quantity],
                 whole: Quantity | None, draft: _Draft) -> None:
    """What happened to the counted, and whether the figure is a part of the one before."""
    first, noun, noun_span = draft.first, draft.noun, draft.noun_span
    units = unit_lexicon().units
    where = _places_where(toks, first, noun)
    event, among = _part_of(
        toks, first, noun, whole,
        None if draft.times or where else _what_happened(toks, first, draft.end_tok, noun, words), found)
    told_among = _among_the(toks, first)
    if told_among is not None and not (noun is not None and noun.form.canonical in
                                       units[noun.form.unit].noun_events):
        # «بين الجرحى نحو عشرة أطفال»: wounded, among them — what the group right before says,
        # not an event word further on («بين القتلى خمس نساء، وأن الحصار»: not besieged)
        event, among = told_among, True
    if draft.predicated is not None:
        event = units[draft.predicated.form.unit].noun_events[draft.predicated.form.canonical]
        among = among or toks[noun_span[0] - 1].norm == "من"  # «15 من القتلى مقاتلون»
    if noun is None and noun_span is not None and toks[noun_span[0]].norm in frame_lexicon().of_them:
        among = True  # «7 منهم»: a part of what was counted before, like «بينهم 7»
    if draft.elided is not None and event is None:
        event = draft.elided.event
    if among and whole is not None and draft.unit_id is not None and whole.unit is not None \
            and units[draft.unit_id].category == "group" and units[whole.unit].category == "people":
        # «37 عنصراً، هم 22 من الفصائل و15 من قسد»: the factions' men, not 22 factions
        draft.unit_id = whole.unit
    if event == "missing" and noun_span is not None and _lost_own(toks, first, noun_span):
        event = "killed"  # «بينما فقد أربعة من جنوده»: its dead
    if event is None and draft.unit_id is not None and not draft.times:
        # «عدد المعتقلين … 35 شخصاً»: the count phrase says what happened to them
        # «إن عدد القتلى جراء تفجير سوق الخضار في مدينة عين الغزال ارتفع إلى 41 شخصاً»
        counted = _counted_before(toks, first, _TOLD_COUNT_WINDOW)
        if counted is not None:
            told = units[counted.form.unit]
            canonical = counted.form.canonical
            event = told.noun_events.get(canonical) or told.implied_events.get(canonical)
    draft.event, draft.among = event, among


def _quantity(toks: list[Token], number: Number, words: list[Word | None], original: str,
              draft: _Draft) -> Quantity:
    """The figure read, with its offsets in ``original``."""
    n_start, n_end = toks[number.start].start, toks[number.end - 1].end
    lead = words[number.start]
    if lead is not None and lead.prefix:
        n_start = _skip_letters(original, n_start, lead.prefix)  # وخمسة → خمسة
    start = n_start if draft.first == number.start else _skip_letters(original, toks[draft.first].start,
                                                                       draft.preposition)
    stop = toks[draft.end_tok - 1].end
    noun_span = draft.noun_span
    unit_text = original[toks[noun_span[0]].start:toks[noun_span[1] - 1].end] if noun_span else None
    return Quantity(start, stop, original[start:stop], draft.value, draft.low, draft.high, draft.qualifier,
                    draft.unit_id, draft.event, n_start, n_end, unit_text,
                    extra={"_end": draft.end_tok, **({"among": True} if draft.among else {})})


def _number_at(words: list[Word | None], k: int) -> Number | None:
    """The number at token ``k``; a clitic و on its first word is read as a joiner (و15)."""
    w = words[k] if 0 <= k < len(words) else None
    if w is None or w.kind == "and":
        return None
    if not w.wa:
        return parse_number(words, k)
    window = [w._replace(wa=False), *words[k + 1:k + 16]]
    number = parse_number(window, 0)
    if number is not None:
        number.start += k
        number.end += k
    return number


def _range(toks: list[Token], words: list[Word | None],
           number: Number) -> tuple[int, int, float, float] | None:
    """بين 10 و15, ما بين 10 و15, من 10 إلى 15, 10 إلى 15, 10-15: (first, last, low, high)."""
    first, last = number.start, number.end
    if last >= len(toks) or number.value is None:
        return None
    lex = qualifier_lexicon()
    before = toks[first - 1].norm if first > 0 else ""
    opener = 1 if (before,) in lex.range_open else 0
    if first > 1 and (toks[first - 2].norm, before) in lex.range_open:
        opener = 2  # «ما بين»
    joiner = toks[last].norm
    own_joiners = lex.range_joiners_after.get(before, frozenset())
    if joiner in lex.range_joiners or joiner in own_joiners:
        second = _number_at(words, last + 1)
    elif _LIST_JOINER in own_joiners and words[last] is not None and words[last].wa:
        second = _number_at(words, last)  # «بين 10 و15»: the joiner on the second number
    else:
        return None
    if second is None or second.value is None:
        return None
    low = number.value
    scale, own_scale = words[second.end - 1], words[last - 1]
    if scale is not None and scale.kind == "scale" and (own_scale is None or own_scale.kind != "scale"):
        low *= scale.value  # بين عشرة وعشرين ألفاً: the scale covers both ends
    if second.value <= low:
        return None
    return first - opener, second.end, low, second.value


def _skip_letters(original: str, start: int, count: int) -> int:
    """The offset after ``count`` letters from ``start``, passing over marks and tatweel."""
    pos = start
    while count and pos < len(original):
        pos += 1
        if original[pos - 1].isalpha():
            count -= 1
    while pos < len(original) and not original[pos].isalpha() and not original[pos].isdigit():
        pos += 1  # diacritics on the clitic
    return pos


def _apply_qualifier(qualifier: str, value: float | None, low: float | None,
                     high: float | None) -> tuple[float | None, float | None, float | None]:
    if qualifier in ("at_least", "more_than"):
        return value, value, None
    if qualifier in ("at_most", "less_than"):
        return value, None, value
    return value, low, high


def count_members_of_bodies(
    text: str, quantities: list[dict[str, Any]], actors: list[dict[str, Any]]
) -> None:
    """Give the men a generic member noun counts the unit of the body named right after it,
    by the actor's type (units.yaml ``member_of``): «4 من عناصر قوى الأمن الداخلي» are security
    men, not a group's fighters.
    Needs the actors, so it runs once they are found; changes the mentions in place."""
    nouns = frame_lexicon().member_nouns
    by_type = {kind: unit.id for unit in unit_lexicon().units.values() for kind in unit.member_of}
    starts = {a["start"]: a for a in actors}
    forms = unit_lexicon().forms
    for q in quantities:
        word = normalize_str(q.get("unit_text") or "")
        form = forms.get((word[2:] if word.startswith("ال") else word,))  # «العناصر», «عنصراً»
        if form is None or form.canonical[0] not in nouns:
            continue
        # the body next, or after a one-word marker of whose they are («3 عناصر من الجيش»)
        gap = _GAP.match(text, q["end"])
        body = starts.get(gap.end()) if gap else None
        if body is None and gap is not None and (word := _WORD_AND_GAP.match(text, gap.end())):
            if (normalize_str(word.group(1)),) in frame_lexicon().about_markers:
                body = starts.get(word.end())
        unit = by_type.get(body.get("type") or "") if body else None
        if unit is not None:
            q["unit"] = unit


_GAP = re.compile(r"\s+")
_WORD_AND_GAP = re.compile(r"(\S+)\s+")
