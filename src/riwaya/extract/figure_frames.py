"""A figure's frame: what a figure is about beyond its number, each slot with its span.

Outlets put figures side by side that look alike and count different things: a day's release
and the running total, convoy 1 and convoy 4, the prisoners one side freed and the other
side's, fighters before a deal and fighters who left, tanks owned and tanks handed over, people
in need and people killed. A figure table can only tell agreement from conflict once it knows
what each figure counts, so every claim gets a frame:

- ``about``: the party the counted belong to («80 من أسرى الحوثيين», «40 من عناصر الجيش»);
- ``agent``: the party that acted («أفرجت الحكومة عن 80», «من جانب الحكومة», «بغارات للتحالف»);
- ``place``: a place named in the figure's own clause or sentence (never the document's);
- ``when``: the day it refers to — a date in its clause, «في اليوم الثاني», a day's count
  («خلال الساعات الـ24 الماضية»);
- ``ordinal``: the sub-event of a numbered series («القافلة الرابعة», «الرحلة الأولى»; a later
  bare «القافلة» is the last numbered one);
- ``scope``: ``total`` («ارتفع عدد القتلى إلى», «منذ بداية», «حتى الآن») or ``part`` («بينهم»,
  «من أصل»);
- ``modality``: planned, agreed, owned, present (before a deal) or needed; unstated is done;
- ``source``: who the text attributes it to, as a party when one is named, ``vague`` for
  «ناشطون», «مصادر».

Cues apply to the figures of their clause (commas, semicolons and connectives such as «فيما»
end one). Time, sub-event and modality cues of an opening clause that has no figure of its own
frame the rest of the sentence: «وفي اليوم الثاني، أفرج عن 50».
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

from riwaya.extract.actors import family
from riwaya.extract.claims import names_according_to
from riwaya.extract.places import gazetteer
from riwaya.extract.quotes import is_reporting_verb
from riwaya.lexicon import events as event_lexicon
from riwaya.lexicon import figure_frames as frame_lexicon
from riwaya.lexicon import one_kind_of_unit
from riwaya.lexicon import units as unit_lexicon
from riwaya.lexicon.clitics import clitics
from riwaya.limits import WORD_CACHE_SIZE
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token
from riwaya.text.stem import clitic_splits

_WINDOW = 60  # tokens either side of a figure that may frame it
_TOLLS = frozenset(("killed", "wounded", "missing", "detained"))
_SOFT_BREAKS = {"،", ",", "؛", ";", ":", "(", ")", "-", "–", "—", "[", "]"}
_VERB_ENDINGS = ("وا", "ت", "ن", "ا", "ون")


class Cue(NamedTuple):
    first: int  # token index
    last: int  # token index after the cue
    slot: str
    value: Any
    start: int  # offsets into the text
    end: int


def _span(text: str, start: int, end: int, value: Any, **extra: Any) -> dict[str, Any]:
    return {"value": value, "start": start, "end": end, "text": text[start:end], **extra}


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _heads(word: str) -> tuple[str, ...]:
    """The word, and the word without a leading و/ف/ب/ل (or two of them); cached, words repeat.
    No «ب» or «ل» comes before the preposition «لدى»: «بلدية» (a municipality) is no «ب» + «لديه»
    (frames.yaml no_preposition_before)."""
    unjoined = frame_lexicon().no_preposition_before
    return (word, *(word[len(p) :] for p in clitics().prefixes
                    if word.startswith(p) and len(word) - len(p) >= 2
                    and not (p[-1] in "بل" and word[len(p) :].startswith(unjoined))))


def _cues(toks: list[Token]) -> list[Cue]:
    """The frame cues of one sentence, left to right, longest phrase first."""
    lex = frame_lexicon()
    found: list[Cue] = []
    n = len(toks)
    i = 0
    while i < n:
        hit: tuple[int, tuple[str, str]] | None = None
        if toks[i].kind == "punct" and toks[i].norm in _SOFT_BREAKS:
            found.append(Cue(i, i + 1, "break", "soft", toks[i].start, toks[i].end))
            i += 1
            continue
        for head in _heads(toks[i].norm):
            if head not in lex.firsts:
                continue
            for length in range(min(lex.max_len, n - i), 0, -1):
                key = (head, *(t.norm for t in toks[i + 1 : i + length]))
                if key in lex.phrases:
                    hit = (length, lex.phrases[key])
                    break
            if hit:
                break
        if hit is None:
            series = _series_at(toks, i)
            if series is not None:
                found.append(series)
                i = series.last
                continue
            day = _day_ordinal_at(toks, i)
            if day is not None:
                found.append(day)
                i = day.last
                continue
            future = _future_verb_at(toks, i) or _negated_at(toks, i)
            if future is not None:
                found.append(future)
            i += 1
            continue
        length, (slot, value) = hit
        found.append(Cue(i, i + length, slot, value, toks[i].start, toks[i + length - 1].end))
        i += length
    return found


@cache
def _definite_longest_first() -> tuple[str, ...]:
    return tuple(sorted(clitics().definite, key=len, reverse=True))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _bare(word: str) -> tuple[str, bool]:
    """A word without its clitics and article, and whether it had the article."""
    for prefix in _definite_longest_first():
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :], True
    for prefix in clitics().prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :], False
    return word, False


def _series_at(toks: list[Token], i: int) -> Cue | None:
    """«القافلة الرابعة» (value ("قافله", 4)), or a bare definite «القافلة» (value (noun, None))."""
    lex = frame_lexicon()
    noun, definite = _bare(toks[i].norm)
    if noun not in lex.series and toks[i].norm not in lex.series:
        return None
    noun = lex.series[noun] if noun in lex.series else lex.series[toks[i].norm]
    for j in (i + 1, i + 2):
        if j < len(toks) and toks[j].norm in lex.ordinals:
            if j == i + 2 and lex.ordinals[toks[j].norm] == -1:
                break  # «جولة المفاوضات الأخيرة»: the latest of something else, not a numbered one
            return Cue(i, j + 1, "ordinal", (noun, lex.ordinals[toks[j].norm]), toks[i].start, toks[j].end)
        if j < len(toks) and toks[j].kind == "number" and j == i + 1:
            break
    if definite:
        return Cue(i, i + 1, "ordinal", (noun, None), toks[i].start, toks[i].end)
    return None


def _day_ordinal_at(toks: list[Token], i: int) -> Cue | None:
    """«في اليوم الثاني», «يومها الأول»: the n-th day of an operation."""
    lex = frame_lexicon()
    noun, _ = _bare(toks[i].norm)
    if (
        (toks[i].norm in lex.day_words or noun in lex.day_words or "ال" + noun in lex.day_words)
        and i + 1 < len(toks)
        and toks[i + 1].norm in lex.ordinals
    ):
        return Cue(i, i + 2, "when", f"day {lex.ordinals[toks[i + 1].norm]}", toks[i].start, toks[i + 1].end)
    return None


def _future_verb_at(toks: list[Token], i: int) -> Cue | None:
    """«سيغادر», «ستفرج»: a future event verb makes its figures planned."""
    word = toks[i].norm
    if word.startswith("و") or word.startswith("ف"):
        word = word[1:]
    if not word.startswith("س") or len(word) < 4:
        return None
    forms = event_lexicon().forms
    # a future form is a present one behind «س» («سيغادر»: «يغادر», «ستفرج»: «تفرج» or «يفرج»); a
    # listed form that merely begins with س («سقوط», «سيطرت») is not, nor a name whose rest is a
    # verb's stem («سعود»: «يعود» is no «عود»)
    stem = word[2:]
    future = frame_lexicon().future_prefixes  # «سي», «ست», «سن»: «س» and a present verb's person
    if word[:2] in future and len(stem) >= 3 and any((p + stem,) in forms for p in ("ي", "ت", word[1])):
        return Cue(i, i + 1, "modality", "planned", toks[i].start, toks[i].end)
    return None


def _negated_at(toks: list[Token], i: int) -> Cue | None:
    """«لم يُفرج عن 20», «20 … لم يُنقلوا»: a negated event verb; its figures did not happen."""
    if toks[i].norm not in frame_lexicon().negations:
        return None
    for j in (i + 1, i + 2):  # «لم يُفرج بعد عن», «لم يتم الإفراج»
        if j < len(toks) and _event_verb(toks[j].norm):
            return Cue(i, j + 1, "negated", "negated", toks[i].start, toks[j].end)
    return None


_PLUS_WINDOW = 2  # words between a figure and the «إضافة إلى» that adds someone to it


def _plus_after(toks: list[Token], last: int, next_figure: int | None) -> tuple[int, int] | None:
    """The tokens of an «إضافة إلى» right after a figure that adds someone with no count of their
    own («3 مسافرين على متنها إضافة إلى قائدها»: the 3 are a part of those aboard), else None; not
    «5 قتلى إضافة إلى إصابة 10»: another event with its own figure."""
    phrases = frame_lexicon().plus_after
    for i in range(last, min(len(toks), last + _PLUS_WINDOW + 2)):
        if toks[i].kind == "punct":
            if toks[i].norm in ("،", ","):
                continue  # «بوجود ثلاثة مسافرين على متنها، إضافة إلى قائدها»
            return None
        for phrase in phrases:
            n = len(phrase)
            words = tuple(t.norm for t in toks[i : i + n])
            bare = (words[0][1:], *words[1:]) if words and words[0][:1] in "وب" else None
            if phrase not in (words, bare):
                continue
            if next_figure is not None and next_figure < i + n + 3:
                return None  # «5 جنود بالإضافة إلى 3 مدنيين»: two counts side by side
            if any(_event_verb(t.norm) for t in toks[i + n : i + n + 2]):
                return None  # «5 قتلى إضافة إلى إصابة 10»: another event
            return i, i + n
    return None


def _plus_before(toks: list[Token], first: int, start: int) -> tuple[int, int] | None:
    """The tokens of one person named by role right before «و» and a figure (which begins at
    ``start``), who is not counted in it («كانوا الطيار وثلاثة ركاب», «قائدها و3 مسافرين»: the
    figure is a part of those aboard), else None."""
    if start > toks[first].start:
        role = first - 1  # «وثلاثة»: the figure begins after the «و» its word carries
    elif first >= 2 and toks[first - 1].norm == "و":
        role = first - 2  # «و 3»
    else:
        return None
    if role < 0 or toks[role].kind != "word":
        return None
    return (role, role + 1) if _one_person(toks[role].norm) else None


def _one_person(word: str) -> bool:
    """A person named by role, one of them: «الطيار», «قائدها», «السائق» (frames.yaml)."""
    word = word[2:] if word.startswith("ال") else next(
        (word[: -len(e)] for e in clitics().possessives if word.endswith(e) and len(word) > len(e) + 2), word)
    return word in frame_lexicon().plus_before


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _event_verb(word: str) -> bool:
    forms = event_lexicon().forms
    for _, base in clitic_splits(word):
        if (base,) in forms:
            return True
        if any(base.endswith(e) and (base[: -len(e)],) in forms for e in _VERB_ENDINGS):
            return True
    return False


def _conjoined_event(word: str) -> bool:
    """«وإصابة»: an event with «و» opens the next item of a list («مقتل 3 من عناصر الحركة
    وإصابة 8»), it is no verb whose subject stands before it."""
    return word.startswith("و") and len(word) > 3 and _event_verb(word[1:])


def _token_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATELINE_AFTER = re.compile(r"\s*[(\-–—/]")  # not «:»: «جدة: حريق يصيب 12» names where


def _dateline(text: str, toks: list[Token], place: dict[str, Any]) -> bool:
    """Whether a place opens its sentence as a dateline («بورتسودان (سونا) – أعلن …», «الرياض - واس:»):
    where the news was filed, not where what it counts happened (a blind set's five villages taken
    in al-Gezira were set in Port Sudan)."""
    return place["start"] == toks[0].start and bool(_DATELINE_AFTER.match(text, place["end"]))


def attach_frames(
    text: str, tokens: list[list[Token]], mentions: list[dict[str, Any]], ref_date: dt.date | None = None
) -> None:
    """Give every quantity's claim among ``mentions`` its ``frame`` (offsets into ``text``).

    ``tokens``: per sentence; ``ref_date``: the day the text speaks from (for «خلال الساعات الـ24
    الماضية»).
    """
    per_sentence: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for m in mentions:
        if m["kind"] in ("quantity", "actor", "place", "date", "person"):
            per_sentence.setdefault(m["sentence"], {}).setdefault(m["kind"], []).append(m)
    last_series: dict[str, tuple[int, Cue]] = {}  # noun → (number, its cue), in document order
    all_actors = sorted((m for m in mentions if m["kind"] == "actor"), key=lambda m: m["start"])
    named = _Attributions(sorted(
        {
            (a["start"], a["end"]): a
            for m in mentions
            if m["kind"] == "quantity" and m.get("claim") and (a := m["claim"].get("attributed_to"))
        }.values(),
        key=lambda a: a["start"],
    ))
    # (an attribution may be sentences back)
    dispute_before: dict[str, Any] | None = None  # «تضاربت الأرقام حول عدد المقاتلين.» frames the next
    before: tuple[int, list[dict[str, Any]], list[Token]] | None = None  # the last sentence's places, tokens
    settled: dict[str, Any] | None = None  # the last district or village no gazetteer holds («بحي الحمراء»)
    for s, toks in enumerate(tokens):
        here = per_sentence.get(s, {})
        if toks and here.get("place"):
            here = {**here, "place": [p for p in here["place"] if not _dateline(text, toks, p)]}
        unlisted = named_settlements(toks, here.get("place", []))
        if unlisted:
            here = {**here, "place": here.get("place", []) + unlisted}
        # (not a listed town named after its noun, «غربي مدينة مأرب»: the article's places hold it)
        districts = [m for m in unlisted if str(m["id"]).startswith("~")]
        setting, settled = settled, (max(districts, key=lambda m: m["start"]) if districts else settled)
        quantities = [q for q in here.get("quantity", []) if q.get("claim") is not None]
        if quantities and before is not None and before[0] == s - 1 and _continues(toks):
            _continue_frame(text, before[1], before[2], quantities)
        before = (s, here.get("place", []), toks)
        if not quantities:
            _remember_series(toks, last_series)
            dispute_before = _dispute_in(text, toks)
            continue
        cues = _cues(toks)
        for c in cues:  # a bare «القافلة» is the last numbered one
            if c.slot == "ordinal":
                noun, number = c.value
                if number is None:
                    if noun in last_series:
                        cues[cues.index(c)] = c._replace(value=(noun, last_series[noun][0]))
                else:
                    last_series[noun] = (number, c)
        cues = [c for c in cues if not (c.slot == "ordinal" and c.value[1] is None)]
        _frame_sentence(text, toks, cues, quantities, here, ref_date, all_actors, named, dispute_before)
        dispute_before = None
        if setting is not None:
            for q in quantities:
                if "place" not in q["claim"]["frame"]:
                    # «حريق داخل عمارة سكنية بحي الحمراء. … وإخراج قاطني الشقة البالغ عددهم 4
                    # أشخاص»: where the report set it, not a place of the figure's own (as
                    # its own, it split the dev set's one-town tolls); the table reads it as
                    # the article's place
                    q["claim"]["frame"]["setting"] = _span(
                        text, setting["start"], setting["end"], setting["id"])
    framed = [m for m in mentions if m["kind"] == "quantity" and m.get("claim")]
    _parts_take_their_whole(framed)
    _contrast_with_totals(text, framed)
    _rivals_take_their_frame(text, tokens, framed)
    _contrasts_set_rivals(text, tokens, framed)
    _kinds_split_the_toll(text, tokens, framed)
    _pairs_share_their_party(text, framed)
    _totals_take_the_event(framed)


# What a rival figure («… مقابل 862 بحسب الأمم المتحدة») takes from the one it is set against:
# all that says what is counted, not who says so.
_RIVAL_SLOTS = ("scope", "when", "ordinal", "modality", "place", "about", "agent", "incident")


def _by_sentence(
    tokens: list[list[Token]], quantities: list[dict[str, Any]]
) -> Iterator[tuple[list[dict[str, Any]], list[Token], list[int]]]:
    """Each sentence's figures, with its tokens and their start offsets."""
    by_sentence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for q in quantities:
        by_sentence[q["sentence"]].append(q)
    for s, told in by_sentence.items():
        toks = tokens[s] if s < len(tokens) else []
        yield told, toks, [t.start for t in toks]


def _rivals_take_their_frame(
    text: str, tokens: list[list[Token]], quantities: list[dict[str, Any]]
) -> None:
    """«ارتفع عدد الشاحنات منذ بدء الهدنة إلى 930 بحسب المكتب، مقابل 862 بحسب الأمم المتحدة»:
    a figure after «مقابل» that names its own source counts what the figure before it counts —
    another source's value for it, not a part of it."""
    versus = frame_lexicon().versus
    for told, toks, starts in _by_sentence(tokens, quantities):
        for k, q in enumerate(told):
            frame = q["claim"].get("frame")
            at = bisect.bisect_left(starts, q["start"])
            if frame is None or at == 0 or not set(_heads(toks[at - 1].norm)) & versus:
                continue
            rival = next(
                (told[j] for j in range(k - 1, -1, -1)
                 if told[j].get("unit") == q.get("unit") and not told[j].get("among")), None
            )
            if rival is None or not _own_source(frame, rival["claim"].get("frame") or {}):
                continue
            mine = rival["claim"].get("frame") or {}
            for slot in _RIVAL_SLOTS:
                frame.pop(slot, None)
                if slot in mine:
                    frame[slot] = {**mine[slot]}
            frame["versus"] = _span(text, toks[at - 1].start, toks[at - 1].end, rival["start"])
            if q.get("event") is None and rival.get("event") is not None:
                q["event"] = q["claim"]["event"] = rival["event"]


def _contrasts_set_rivals(
    text: str, tokens: list[list[Token]], quantities: list[dict[str, Any]]
) -> None:
    """«وبحسب المرصد، قُتل 10 مدنيين خلال الأسبوع، فيما تحدث المركز التنفيذي عن 13 قتيلاً»: a
    figure in a clause that opens with «فيما», «بينما», «في حين» and names its own source, of what a
    figure before it in the sentence counts (the same unit and what happened), is that source's
    value for it, set against it as after «مقابل»."""
    contrast = frame_lexicon().contrast
    longest = max((len(c) for c in contrast), default=0)
    for told, toks, starts in _by_sentence(tokens, quantities):
        norms = [t.norm for t in toks]
        opens = [i for i in range(len(toks)) for n in range(1, longest + 1)
                 if tuple(norms[i : i + n]) in contrast]
        if not opens:
            continue
        figures_at = [bisect.bisect_left(starts, o["start"]) for o in told]
        opened_by: dict[int, int] = {}  # figure → the contrast word that set it against another
        for k, q in enumerate(told):
            frame = q["claim"].get("frame")
            if frame is None or "versus" in frame or q.get("among") or q.get("event") is None:
                continue
            at = figures_at[k]
            # the nearest contrast word before the figure, with no other figure between but those
            # the same clause sets against theirs («في حين قالت التنسيقية إن عدد القتلى تجاوز 85،
            # مشيرة إلى أن نحو 200 شخص أصيبوا»: the 200 wounded are hers too)
            before = [i for i in opens if i < at and not any(
                i <= o < at and opened_by.get(j) != i for j, o in enumerate(figures_at[:k]))]
            if not before:
                continue
            word = before[-1]
            if not any(is_reporting_verb(t.norm) for t in toks[word:at]) \
                    and not names_according_to(toks[word:at], text):
                continue  # «فيما أطلقت الكتيبة سراح 20»: another deed, not another's count of this one
            rival = next(
                (told[j] for j in range(k - 1, -1, -1)
                 if told[j]["start"] < toks[word].start
                 and one_kind_of_unit(told[j].get("unit"), q.get("unit"))
                 and told[j].get("event") == q.get("event") and not told[j].get("among")), None
            )
            if rival is None or not _own_source(frame, rival["claim"].get("frame") or {}):
                continue
            mine = rival["claim"].get("frame") or {}
            for slot in _RIVAL_SLOTS:
                if slot not in frame and slot in mine:
                    frame[slot] = {**mine[slot]}
            frame["versus"] = _span(text, toks[word].start, toks[word].end, rival["start"])
            opened_by[k] = word


_KIND_BEFORE = 5  # «سجلت إصابات اختناق مختلفة لعدد ١٥ حالة»: the kind opens the count phrase
_KIND_AFTER = 3  # «أصيب 15 شخصاً بحالات اختناق»


def _kinds_split_the_toll(text: str, tokens: list[list[Token]], quantities: list[dict[str, Any]]) -> None:
    """«أصيب 15 شخصاً بحالات اختناق، واثنان بحروق بسيطة»: wounded of one kind of injury, in a
    sentence that names another kind, are a part of the toll — the 15 are not all the wounded that
    another outlet's 22 counts. One kind alone («أصيب خمسة باختناق») may be all of them: the toll."""
    kinds = frame_lexicon().injury_kinds
    for told, toks, starts in _by_sentence(tokens, quantities):
        found: list[tuple[dict[str, Any], str, int]] = []
        for q in told:
            frame = q["claim"].get("frame")
            if frame is None or q.get("event") != "wounded" or "scope" in frame or q.get("among"):
                continue
            first = bisect.bisect_left(starts, q["start"])
            last = bisect.bisect_left(starts, q["end"])
            for near in (range(last, min(len(toks), last + _KIND_AFTER)),
                         range(first - 1, max(-1, first - 1 - _KIND_BEFORE), -1)):
                # (after it, not past a «و» that opens the next count: «١٥ حالة وكذلك بإصابتين حروق»)
                at = next((i for i in near if toks[i].kind == "number" or _kind_at(toks[i], kinds)
                           or (i >= last and toks[i].norm.startswith("و"))), None)
                kind = _kind_at(toks[at], kinds) if at is not None else None
                if kind is not None:
                    found.append((q, kind, at))
                    break
        named = {i: k for i, t in enumerate(toks) if (k := _kind_at(t, kinds))} if found else {}
        for q, kind, at in found:
            own = {at}
            while at + 1 in named and toks[at + 1].norm.startswith("و"):
                at += 1  # «20 شخصاً بحروق وكسور»: the 20 had both, no other count
                own.add(at)
            if {k for i, k in named.items() if i not in own} - {kind}:  # «وكذلك بإصابتين حروق»
                tok = toks[min(own)]
                q["claim"]["frame"]["scope"] = _span(text, tok.start, tok.end, "part", of=None)


def _kind_at(tok: Token, kinds: dict[str, str]) -> str | None:
    return next((kinds[h] for h in _heads(tok.norm) if h in kinds), None)


def _totals_take_the_event(quantities: list[dict[str, Any]]) -> None:
    """«إن 183 شاحنة دخلت القطاع اليوم، ليصل إجمالي الشاحنات منذ بدء الهدنة إلى 862 شاحنة»: a
    total of the same unit the sentence rises to after a figure counts what that figure counts."""
    for before, q in pairwise(quantities):
        frame = q["claim"].get("frame") or {}
        if q.get("event") is not None or (frame.get("scope") or {}).get("value") != "total":
            continue
        if before.get("sentence") != q.get("sentence") or before.get("unit") != q.get("unit"):
            continue
        if before.get("event") is not None and not before.get("among") and not _says_its_event(before):
            q["event"] = q["claim"]["event"] = before["event"]


def _says_its_event(q: dict[str, Any]) -> bool:
    """Whether a figure's noun itself says what befell it («6 مفقودين»): a total after it («مجموع
    الركاب يبلغ 60 شخصاً») counts something else."""
    unit = unit_lexicon().units.get(q.get("unit") or "")
    return unit is not None and tuple(normalize_str(q.get("unit_text") or "").split()) in unit.noun_events


def _pairs_share_their_party(text: str, quantities: list[dict[str, Any]]) -> None:
    """«ثلاثة قتلى وأربعة جرحى في صفوف القوات المسلحة»: two figures joined by «و» whose party is
    named after the second are both that party's."""
    for q, after in pairwise(quantities):
        frame, theirs = q["claim"].get("frame"), (after["claim"].get("frame") or {}).get("about")
        if frame is None or "about" in frame or not theirs or theirs.get("start", -1) < after["end"]:
            continue
        if text[q["end"] : after["start"]].strip() != "و" or q.get("sentence") != after.get("sentence"):
            continue
        if "من" in normalize_str(q.get("text") or "").split():
            continue  # «22 من الفصائل و15 من قسد»: each names its own
        units = unit_lexicon().units
        mine, other = units.get(q.get("unit") or ""), units.get(after.get("unit") or "")
        if mine is not None and other is not None and mine.category == other.category == "people":
            frame["about"] = dict(theirs)


def _own_source(frame: dict[str, Any], rival: dict[str, Any]) -> bool:
    """Whether a figure names a source and it is not its rival's."""
    mine, theirs = frame.get("source") or {}, rival.get("source") or {}
    if not mine.get("text"):
        return False
    if mine.get("value") and mine.get("value") == theirs.get("value"):
        return False
    return normalize_str(mine["text"]) != normalize_str(theirs.get("text") or "")


def _parts_take_their_whole(quantities: list[dict[str, Any]]) -> None:
    """«ارتفعت الحصيلة منذ السبت إلى 71، بينهم 21 من عناصر الجيش»: a part listed under a whole
    counts within the whole's time — a part of a running total is itself a running count (21
    soldiers since Saturday), a part of a day's toll is that day's."""
    by_start = {q["start"]: q for q in quantities}
    for q in quantities:
        frame = q["claim"].get("frame") or {}
        scope = frame.get("scope") or {}
        if not q.get("among") or scope.get("value") != "part" or scope.get("of") not in by_start:
            continue
        of = by_start[scope["of"]]
        whole = of["claim"].get("frame") or {}
        if (whole.get("scope") or {}).get("value") == "total" and \
                (q.get("unit"), q.get("event")) != (of.get("unit"), of.get("event")):
            # (not «45 جريحاً، بينهم 6 في حالة حرجة»: 6 of the wounded counted as all of them
            # would be the 45's rival)
            scope["within"] = "total"
        for slot in ("when", "modality"):
            if slot in whole and slot not in frame:
                frame[slot] = whole[slot]


def _contrast_with_totals(text: str, quantities: list[dict[str, Any]]) -> None:
    """A figure the text sets beside a larger total of the same thing is not that total: «دخول
    160 شاحنة اليوم، ليرتفع العدد منذ بدء الهدنة إلى 297» — the 160 is a part of the 297 (a
    day's count, one crossing), whichever outlet repeats it without the total."""
    totals = [
        q
        for q in quantities
        if q.get("unit") and (q["claim"].get("frame") or {}).get("scope", {}).get("value") == "total"
    ]
    if not totals:
        return
    agree = event_lexicon().agree
    for q in quantities:
        frame = q["claim"].get("frame")
        if frame is None or "scope" in frame or "versus" in frame:
            continue
        if not q.get("unit") or q.get("value") is None:
            continue
        whole = next(
            (
                t
                for t in totals
                if t["unit"] == q["unit"]
                and (t["event"] is None or q["event"] is None or agree(t["event"], q["event"]))
                and t.get("low") is not None
                and q["value"] < t["low"]
                and (frame.get("modality") or {}).get("value")
                == (t["claim"]["frame"].get("modality") or {}).get("value")
            ),
            None,
        )
        if whole is not None:
            frame["scope"] = _span(text, q["start"], q["end"], "part", of=whole["start"], beside=True)


def named_settlements(toks: list[Token], places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Places a sentence names after «بلدة/قرية/مخيم…» that the place reader did not take: an
    unlisted village («في بلدة تل ريحان»: id «~تل ريحان», its normalized words), or a listed
    place whose name alone is ambiguous («مدينة الأبيض»: El Obeid). Place mentions for frames."""
    lex = frame_lexicon()
    if not lex.settlement_nouns:
        return []
    known = {m["start"] for m in places}
    out = []
    for i, tok in enumerate(toks[:-1]):
        noun, definite = _bare(tok.norm)
        if tok.norm[:1] in clitics().conjunctions and tok.norm[1:] in lex.settlement_nouns:
            noun = tok.norm[1:]  # «بحي الحمراء»: a short noun keeps its clitic in _bare
        quoted = _quoted_name(toks, i + 1)
        if quoted and not definite and (noun in lex.quoted_nouns or noun in lex.settlement_nouns):
            first, end = quoted
            if toks[first].start not in known and toks[first].norm not in lex.not_names:
                words = " ".join(t.norm for t in toks[first:end])
                out.append({"kind": "place", "start": toks[first].start, "end": toks[end - 1].end,
                            "id": _listed(words, noun)})
            continue
        if definite or (noun not in lex.settlement_nouns and tok.norm not in lex.settlement_nouns):
            continue
        if i > 0 and toks[i - 1].kind == "number":
            continue  # «١٤ قرية بشكل كامل»: villages counted, none named
        name = toks[i + 1]
        if name.kind != "word" or name.start in known or name.norm in lex.not_names \
                or _bare(name.norm)[0] in lex.settlement_nouns \
                or (name.norm[:1] == "و" and name.norm[1:] in lex.admin_nouns):
            continue  # (not «مدينة ومحافظة»: two nouns, no name)
        end = i + 2  # the name's words: toks[i + 1 : end]
        if name.norm in lex.name_prefixes and end < len(toks) and toks[end].kind == "word" \
                and toks[end].norm not in lex.not_names:
            end += 1
        words = " ".join(t.norm for t in toks[i + 1 : end])
        out.append({"kind": "place", "start": name.start, "end": toks[end - 1].end,
                    "id": _listed(words, noun)})
    return out


_OPENING_QUOTES = ('"', "“", "«", "'")
_QUOTED_NAME_WORDS = 3  # a place's name in quotes is short; longer quoted words are a quotation


def _quoted_name(toks: list[Token], i: int) -> tuple[int, int] | None:
    """The words of a short name in quotes opening at token ``i`` («"جبل العليقة"»): (first, end)."""
    if i >= len(toks) or toks[i].kind != "punct" or toks[i].norm not in _OPENING_QUOTES:
        return None
    for end in range(i + 1, min(len(toks), i + 2 + _QUOTED_NAME_WORDS)):
        if toks[end].kind == "punct":
            ok = end > i + 1 and toks[end].norm in ('"', "”", "»", "'")
            return (i + 1, end) if ok else None
        if toks[end].kind != "word":
            return None
    return None


def _listed(words: str, noun: str) -> str:
    """The gazetteer's place of a name the place reader let pass (its alias «مدينة الأبيض» is
    El Obeid, whose «الأبيض» alone is a colour), else «~» and the words."""
    aliases = gazetteer().aliases
    for form in (f"{noun} {words}", words, words.removeprefix("ال"), "ال" + words):
        if form in aliases:
            return aliases[form][0]
    return "~" + words


def _remember_series(toks: list[Token], last_series: dict[str, tuple[int, Cue]]) -> None:
    lex = frame_lexicon()
    for i, tok in enumerate(toks):
        if _bare(tok.norm)[0] in lex.series or tok.norm in lex.series:
            cue = _series_at(toks, i)
            if cue is not None and cue.value[1] is not None:
                last_series[cue.value[0]] = (cue.value[1], cue)


class _Layout(NamedTuple):
    """A sentence as the framing steps read it: its clauses, where its figures stand, its cues
    and its mentions in text order."""

    toks: list[Token]
    starts: list[int]  # each token's start offset
    clause: list[int]  # each token's clause index
    hard: list[int]  # each token's clause index that only «فيما», «بينما»… change
    q_tokens: list[tuple[int, int]]  # each figure's tokens: (first, end)
    q_starts: set[int]
    figure_clauses: set[int]  # the clauses that hold a counted figure
    cues: list[Cue]
    cue_firsts: list[int]
    owners: list[tuple[int, int]]
    actors: list[dict[str, Any]]
    places: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    people: list[dict[str, Any]]


def _layout(toks: list[Token], cues: list[Cue], quantities: list[dict[str, Any]],
            here: dict[str, list[dict[str, Any]]]) -> _Layout:
    """The clauses of a sentence (a ``break`` cue ends one), where its figures stand, and its cues
    but the modality words that are the number of a counted figure."""
    starts = [t.start for t in toks]
    clause = [0] * len(toks)
    hard = [0] * len(toks)
    c = h = 0
    breaks = {cue.first: cue for cue in cues if cue.slot == "break"}
    for i in range(len(toks)):
        if i in breaks:
            c += 1
            if breaks[i].value != "soft":
                h += 1
        clause[i] = c
        hard[i] = h
    q_tokens = [
        (_token_at(starts, q["start"]), _token_at(starts, q["end"] - 1) + 1) for q in quantities
    ]
    figure_clauses = {
        clause[first] for (first, _), q in zip(q_tokens, quantities, strict=True) if q.get("unit")
    }
    # a cue word that is itself the number of a counted figure is no cue: «قتل تسع نساء وخمسة أطفال»
    # (nine, not «تسع» = can carry, a capacity; «الطائرة تسع 8 ركاب», a «تسع» that counts nothing, is)
    counted_spans = [span for span, q in zip(q_tokens, quantities, strict=True) if q.get("unit")]
    cues = [cue for cue in cues
            if cue.slot != "modality" or not any(a <= cue.first < b for a, b in counted_spans)]
    actors, places, people = (sorted(here.get(kind, []), key=lambda m: m["start"])
                              for kind in ("actor", "place", "person"))
    dates = sorted((d for d in here.get("date", []) if d.get("value")), key=lambda m: m["start"])
    return _Layout(toks, starts, clause, hard, q_tokens, {first for first, _ in q_tokens}, figure_clauses,
                   cues, [cue.first for cue in cues], _owners(q_tokens, quantities),
                   actors, places, dates, people)


class _Figure(NamedTuple):
    """One figure of a sentence, with what stands near enough to frame it."""

    at: _Layout
    k: int  # its index among the sentence's figures
    q: dict[str, Any]
    first: int  # its tokens: [first, last)
    last: int
    lo: int  # the window of tokens that may frame it: [lo, hi)
    cq: int  # its clause
    prev_end: int | None  # the end of the figure before it in its clause
    next_start: int | None  # the start of the figure after it in its clause
    cues: list[Cue]  # the cues in its window
    actors: list[dict[str, Any]]  # the mentions in its window
    places: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    people: list[dict[str, Any]]

    def in_clause(self, cue: Cue) -> bool:
        return self.at.clause[cue.first] == self.cq

    def opening(self, cue: Cue) -> bool:
        """A cue of an earlier clause of the sentence that frames what follows it."""
        return (
            cue.last <= self.first
            and self.at.clause[cue.first] not in self.at.figure_clauses
            and self.at.hard[cue.first] == self.at.hard[self.first]
        )

    def pick(self, slot: str, after: int = 0) -> Cue | None:
        """The nearest cue of ``slot`` before the figure in its clause, else within
        ``after`` tokens after it, else an opening clause's."""
        own = [cue for cue in self.cues if cue.slot == slot and self.in_clause(cue)]
        before = [cue for cue in own if cue.last <= self.first]
        if before:
            return before[-1]
        later = [
            cue
            for cue in own
            if cue.first >= self.last
            and cue.first - self.last < after
            and (self.next_start is None or cue.first < self.next_start)
        ]
        if later:
            return later[0]
        framing = [cue for cue in self.cues if cue.slot == slot and self.opening(cue)]
        return framing[-1] if framing else None


def _figure(at: _Layout, quantities: list[dict[str, Any]], k: int) -> _Figure:
    toks, clause, q_tokens = at.toks, at.clause, at.q_tokens
    first, last = q_tokens[k]
    # Only what stands near a figure can frame it: a window keeps a page-long sentence linear.
    lo, hi = max(0, first - _WINDOW), min(len(toks), last + _WINDOW)
    cues = at.cues[bisect.bisect_left(at.cue_firsts, lo) : bisect.bisect_left(at.cue_firsts, hi)]
    actors, places, dates, people = (
        _within(m, toks[lo].start, toks[hi - 1].end) for m in (at.actors, at.places, at.dates, at.people)
    )
    cq = clause[first]
    prev_end = q_tokens[k - 1][1] if k > 0 and clause[q_tokens[k - 1][0]] == cq else None
    next_start = (
        q_tokens[k + 1][0] if k + 1 < len(quantities) and clause[q_tokens[k + 1][0]] == cq else None
    )
    return _Figure(at, k, quantities[k], first, last, lo, cq, prev_end, next_start, cues,
                   actors, places, dates, people)


def _frame_sentence(
    text: str,
    toks: list[Token],
    cues: list[Cue],
    quantities: list[dict[str, Any]],
    here: dict[str, list[dict[str, Any]]],
    ref_date: dt.date | None,
    all_actors: list[dict[str, Any]],
    named: list[dict[str, Any]],
    dispute_before: dict[str, Any] | None = None,
) -> None:
    """Frame each figure of a sentence (its claim's ``frame``), step by step: scope, when,
    modality, how it was told, what it is counted with and the incident, its parties and place,
    its source and what its pronouns point to, the speaker's own side or enemy."""
    at = _layout(toks, cues, quantities, here)
    counted: set[int] = set()  # starts of the parties this sentence's figures so far count
    for k, q in enumerate(quantities):
        fig = _figure(at, quantities, k)
        frame: dict[str, Any] = {}
        scope = _scope(text, fig, quantities)
        if scope is not None:
            frame["scope"] = scope
        _frame_when(text, fig, ref_date, frame)
        _frame_modality(text, fig, frame)
        _frame_told(text, fig, dispute_before, frame)
        _frame_with_incident(text, fig, quantities, frame)
        _frame_parties(text, fig, quantities, counted, frame)
        _frame_source(text, fig, all_actors, named, counted, frame)
        _frame_own_side(text, fig, quantities, frame)
        for slot, span in (q.pop("_carried", None) or {}).items():
            frame.setdefault(slot, span)  # a continuation sentence's: see _continue_frame
        q["claim"]["frame"] = frame


def _scope(text: str, fig: _Figure, quantities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A figure's scope as a span: a part («بينهم», «من أصل»), a total («ارتفع عدد القتلى إلى»)
    or an average; None when the sentence says none."""
    toks, k, q, first, last = fig.at.toks, fig.k, fig.q, fig.first, fig.last
    scope = None
    if q.get("among"):
        whole_q = next((w for w in reversed(quantities[:k]) if not w.get("among")), None)
        scope = {"value": "part", "start": q["start"], "end": q["end"], "text": q["text"],
                 "of": whole_q["start"] if whole_q else None}
    else:
        whole = next((cue for cue in fig.cues if cue.slot == "part_of_next" and fig.in_clause(cue)
                      and last <= cue.first <= last + 2), None)
        after_part = next((cue for cue in fig.cues if cue.slot == "part_of_next" and cue.last == first), None)
        plus = _plus_after(toks, last, fig.at.q_tokens[k + 1][0] if k + 1 < len(quantities) else None)
        # «إضافة إلى قائدها», «الطيار وثلاثة ركاب»: one person more, the whole is one more;
        # «9 فرق إسعافية بالإضافة إلى طائرة الإسعاف»: something else, a part of what is unsaid
        one_more = plus is not None and plus[1] < len(toks) and _one_person(toks[plus[1]].norm)
        if plus is None:
            plus = _plus_before(toks, first, q["start"])
            one_more = plus is not None
        total = _total_cues(fig)
        some_of_toll = _partitive_of_toll(q) or _still_of_toll(toks, first, last, q)
        if whole is None and not total and some_of_toll:
            # «لا يزال 6 من الجرحى في حالة حرجة», «40 من القتلى أطفال»: some of a toll
            scope = _span(text, q["start"], q["end"], "part", of=None)
        elif whole is not None:
            scope = _span(text, whole.start, whole.end, "part",
                          of=quantities[k + 1]["start"] if k + 1 < len(quantities) else None)
        elif after_part is not None:
            scope = _span(text, after_part.start, after_part.end, "total")
        elif plus is not None and not total:
            # one person named beside the figure and not counted in it: the whole is one more
            start, end = toks[plus[0]].start, toks[plus[1] - 1].end
            scope = _span(text, start, end, "part", of=None, **({"plus": 1} if one_more else {}))
        elif total:
            cue = min(total, key=lambda c: abs(c.first - first))
            scope = _span(text, cue.start, cue.end, "total")
            if any(c.value == "since" for c in total):
                scope["since"] = True  # «منذ بدء الهدنة»: a running total
    average = next((cue for cue in fig.cues if cue.slot == "average" and fig.in_clause(cue)
                    and cue.last <= first), None)
    if average is not None and not q.get("among"):
        # «متوسط ما دخل يوميا منذ بدء الهدنة لم يتجاوز 186 شاحنة»: a mean, not a count
        scope = _span(text, average.start, average.end, "average")
    return scope


def _total_cues(fig: _Figure) -> list[Cue]:
    """The cues that make a figure a total: of its clause, between the figure before it and it or
    right after it; else a later clause's own to it; else the clause before's, when the figure's
    clause goes on counting («ارتفع عدد الغارات إلى 135، وعدد القتلى إلى 56»)."""
    at, first, last = fig.at, fig.first, fig.last
    total = [
        cue
        for cue in fig.cues
        if fig.in_clause(cue)
        and (
            (cue.slot in ("total_before", "newer", "provisional")
             and (fig.prev_end or 0) <= cue.first and cue.last <= first)
            or (cue.slot == "total_around" and cue.last <= first)
            or (
                cue.slot == "total_around"
                and last <= cue.first < last + 5
                and (fig.next_start is None or cue.first < fig.next_start)
            )
        )
    ]
    if not total:
        total = [
            cue
            for cue in fig.cues
            if cue.slot == "total_around"
            and cue.first >= last
            and at.hard[cue.first] == at.hard[first]
            and _owner(cue, at.owners) == fig.k
            # «دخول 160 شاحنة، ليرتفع العدد منذ بدء الهدنة إلى 297»: the 297's own cue
            and at.clause[cue.first] not in at.figure_clauses
        ]
    if not total and _continues_count(at.toks, at.clause, first):
        total = [
            cue
            for cue in fig.cues
            if cue.slot == "total_before"
            and cue.last <= first
            and at.hard[cue.first] == at.hard[first]
            and at.clause[cue.first] == fig.cq - 1
        ]
    return total


def _frame_when(text: str, fig: _Figure, ref_date: dt.date | None, frame: dict[str, Any]) -> None:
    """``when``: a date or an n-th day in the clause, a day's count, or an opening clause's."""
    at, first, last, cq = fig.at, fig.first, fig.last, fig.cq
    toks, starts, clause, hard = at.toks, at.starts, at.clause, at.hard
    dates = fig.dates
    event_dates = [d for d in dates if not _told_on(toks, starts, d)]
    if len(event_dates) < len(dates) and event_dates:
        dates = event_dates  # «قالت في بيان اليوم الخميس إنها شنت 18 غارة يوم الأربعاء»
    own_date = _nearest_in_clause(dates, fig.q, toks, starts, clause, cq)
    day = fig.pick("when", after=4) or next(
        (
            cue
            for cue in fig.cues
            if cue.slot == "when"
            and cue.first >= last
            and hard[cue.first] == hard[first]
            and not any(c.slot == "when" and c.last <= first for c in fig.cues)
            # «160 شاحنة دخلت أمس الجمعة، وهو الرقم ذاته …، بعد تباين في أرقام اليوم الأول»:
            # the figure's own date, not the day of a clause further on; the next clause's
            # day is the date's apposition («نُقلوا اليوم الاثنين، في اليوم الثاني من الصفقة»)
            and (own_date is None or clause[cue.first] <= cq + 1)
        ),
        None,
    )
    date = own_date or _opening_date(dates, toks, starts, clause, hard, at.figure_clauses, first) \
        or _continued_date(dates, toks, starts, clause, hard, first)
    period = fig.pick("period", after=6)
    if day is not None:
        # and the date its clause gives that day («اليوم الخميس … في اليوم الأول من الحملة»):
        # a story's articles that date some numbered days date the others (compare)
        dated = str(date["value"]) if date is not None and date.get("value") else \
            (ref_date.isoformat() if period is not None and ref_date else "")
        frame["when"] = _span(text, day.start, day.end, day.value, kind="day_of",
                              **({"dated": dated} if _ISO_DAY.fullmatch(dated) else {}))
    elif (span := fig.pick("span", after=6)) is not None:
        frame["when"] = _span(text, span.start, span.end, f"span:{span.value}", kind="span")
    elif date is not None:
        frame["when"] = _span(text, date["start"], date["end"], date["value"], kind="date")
    elif period is not None:
        frame["when"] = _span(
            text,
            period.start,
            period.end,
            f"24h:{ref_date.isoformat()}" if ref_date else "24h:",
            kind="day",
        )
    elif (head := _head_span(fig.cues, first, hard)) is not None:
        # «تلقت خلال الـ72 ساعة الماضية 116 بلاغاً، منها 17 حادثاً خلفت … وحالة وفاة واحدة»: a
        # span that opens the sentence counts all its figures
        frame["when"] = _span(text, head.start, head.end, f"span:{head.value}", kind="span")


def _frame_modality(text: str, fig: _Figure, frame: dict[str, Any]) -> None:
    """``ordinal`` (the sub-event of a numbered series) and ``modality`` (planned, agreed…)."""
    at, first = fig.at, fig.first
    ordinal = fig.pick("ordinal", after=5)
    if ordinal is not None:
        noun, number = ordinal.value
        frame["ordinal"] = _span(text, ordinal.start, ordinal.end, f"{noun} {number}")
    # what did not happen is that before being planned or agreed («20 ممن شملهم الاتفاق لم
    # يُفرج عنهم»)
    modality = fig.pick("negated", after=6) or fig.pick("modality", after=4)
    if modality is None and not any(
        _event_verb(t.norm) for t in at.toks[_clause_start(at.clause, first) : first]
    ):
        # «ينص الاتفاق على خروج 450 مقاتلاً، على متن 12 حافلة»: a clause with no verb of its
        # own goes on with the sentence's plan
        earlier = [
            cue
            for cue in fig.cues
            if cue.slot == "modality" and cue.last <= first and at.hard[cue.first] == at.hard[first]
        ]
        modality = earlier[-1] if earlier else None
    if modality is not None:
        frame["modality"] = _span(text, modality.start, modality.end, modality.value)


def _frame_told(text: str, fig: _Figure, dispute_before: dict[str, Any] | None,
                frame: dict[str, Any]) -> None:
    """``disputed`` (the sentence says figures disagree) and ``told``: earlier, newer or
    provisional (a newer count is a total, too)."""
    disputed = next((cue for cue in fig.at.cues if cue.slot == "disputed"), None)
    if disputed is not None:
        frame["disputed"] = _span(text, disputed.start, disputed.end, True)
    elif dispute_before is not None:
        frame["disputed"] = dispute_before
    told = fig.pick("earlier", after=6) or _told_before(fig.at.toks, fig.first, fig.last, fig.at.hard)
    if told is not None:
        frame["told"] = _span(text, told.start, told.end, "earlier")
        if told.value == "other":
            frame["told"]["other"] = True  # another incident («غرق قارب آخر»), not this one told before
    elif (newer := fig.pick("newer", after=6) or _rose(fig.at.toks, fig.cues, fig.first, fig.in_clause)) \
            is not None:
        frame["told"] = _span(text, newer.start, newer.end, "newer")
        frame.setdefault("scope", _span(text, newer.start, newer.end, "total"))
    elif (provisional := fig.pick("provisional", after=8) or fig.pick("at_scene", after=3)) is not None:
        frame["told"] = _span(text, provisional.start, provisional.end, "provisional")


def _frame_with_incident(text: str, fig: _Figure, quantities: list[dict[str, Any]],
                         frame: dict[str, Any]) -> None:
    """``with`` (what the figure is counted with) and ``incident`` (its own, or the sentence's)."""
    toks, k, last = fig.at.toks, fig.k, fig.last
    counted_with = _counted_with(toks, last, fig.q, fig.at.q_starts)
    if counted_with is not None:
        frame["with"] = _span(text, toks[last].start, toks[counted_with[1] - 1].end, counted_with[0])
    incident = _cue_near(fig.cues, "incident", fig.first, last, fig.at.hard)
    if incident is not None:
        frame["incident"] = _span(text, incident.start, incident.end, incident.value)
    elif k > 0 and "incident" in (quantities[k - 1]["claim"].get("frame") or {}):
        # «قضى 4 فلسطينيين في انفجار داخلي …، إضافة إلى 30 مصاباً»: the sentence's incident
        frame["incident"] = dict(quantities[k - 1]["claim"]["frame"]["incident"])


def _frame_parties(text: str, fig: _Figure, quantities: list[dict[str, Any]], counted: set[int],
                   frame: dict[str, Any]) -> None:
    """``about`` (whose the counted are), ``agent`` (who acted) and ``place``, from the words
    around the figure; the parties a figure counts go into ``counted``."""
    at, k, q, first, last = fig.at, fig.k, fig.q, fig.first, fig.last
    toks, actors = at.toks, fig.actors
    about, agent = _parties(text, toks, at.starts, q, first, last, actors, at.clause, q["claim"])
    both = _both_sides(toks, last) or _between_two(toks, last, actors)
    if about is None and both is not None:
        # «37 عنصراً من الطرفين»: no one party's; said so, so no nearer party is taken for it
        about = _span(text, toks[both[0]].start, toks[both[1] - 1].end, None)
    if about is None and k > 0 and normalize_str(q.get("unit_text") or "") in frame_lexicon().others:
        # «مقتل 3 من عناصر الحركة وإصابة 8 آخرين»: the others are the figure before's party
        about = quantities[k - 1]["claim"].get("frame", {}).get("about")
    if about is None and k > 0:
        about = _own_again(text, q, quantities[k - 1])
    if agent is None:
        attacker = _attacker(toks, first, actors, at.starts)
        if attacker is not None and (about is None or family(attacker["id"]) != about["value"]):
            agent = _party(text, attacker)
    if about is not None:
        frame["about"] = about
        kind = unit_lexicon().units.get(q.get("unit") or "")
        if kind is None or kind.category == "people":
            counted.add(about["start"])  # its men, not «أربعة أوكار للتنظيم»: its dens
    if agent is not None:
        frame["agent"] = agent
    place = _nearest_in_clause(fig.places, q, toks, at.starts, at.clause, fig.cq) or _nearest(fig.places, q)
    if place is not None:
        place = _finer(text, place, fig.places)
        frame["place"] = _span(text, place["start"], place["end"], place["id"])


def _frame_source(text: str, fig: _Figure, all_actors: list[dict[str, Any]], named: list[dict[str, Any]],
                  counted: set[int], frame: dict[str, Any]) -> None:
    """``source`` (who the text attributes the figure to, and when it says the count was told),
    then whose the counted are when a pronoun says it («7 منهم», «من عناصرها», «وشقيقيها»)."""
    q, claim = fig.q, fig.q["claim"]
    source = _source(text, claim.get("attributed_to"), all_actors, named)
    if source is not None:
        frame["source"] = source
        told_as = _told_as(source.get("text") or "")
        if told_as and frame.get("told", {}).get("value") != "earlier":
            # «بحسب حصيلة جديدة أعلنها مسؤولون», «وفق مصادر طبية آنذاك»: the attribution
            # says when the count was told
            frame["told"] = _span(text, source["start"], source["end"], told_as)
            if told_as == "newer":  # a toll's count, as of now
                frame.setdefault("scope", _span(text, source["start"], source["end"], "total"))
    if "about" not in frame and normalize_str(q.get("unit_text") or "") in frame_lexicon().of_them:
        # «… مزارعين فلسطينيين، وأصابوا 7 منهم»: of the party named last before it
        said = claim.get("attributed_to") or {}
        last_named = next((a for a in reversed(fig.actors) if a["end"] <= q["start"]
                           and not (said and said["start"] <= a["start"] < said["end"])
                           and family(a["id"]) != (frame.get("source") or {}).get("value")), None)
        if last_named is not None:
            frame["about"] = _party(text, last_named)
    if "scope" not in frame and _kin(q.get("unit_text")):
        # «وفاة الجدة … وشقيقيها»: her two brothers, a part of the fire's dead
        frame["scope"] = _span(text, q["start"], q["end"], "part")
    if "about" not in frame and _possessed(q.get("unit_text")):
        # «6 من عناصرها», «عدد قتلاه», «290 من أسرانا»: the party the pronoun points back
        # to — the nearest named before the figure in its sentence that no earlier figure
        # counts («قتل 8 من عناصر قسد، فيما قتل 2 من عناصره»: not قسد's), else who says it
        owner = next((a for a in reversed(fig.at.actors) if a["end"] <= q["start"]
                      and a["start"] not in counted), None)
        person = next((p for p in reversed(fig.people) if p["end"] <= q["start"]
                       and (owner is None or owner["end"] <= p["start"])), None)
        if person is not None:
            # «اعتقلت قوة من الجهاز عمر الفهداوي واثنين من معاونيه»: his aides, a person's,
            # whom riwaya names but does not take for a party
            frame["about"] = _span(text, person["start"], person["end"], None)
        elif owner is not None:
            frame["about"] = _party(text, owner)
        elif source is not None and source.get("value"):
            frame["about"] = {k: v for k, v in source.items() if k != "vague"}


def _frame_own_side(text: str, fig: _Figure, quantities: list[dict[str, Any]], frame: dict[str, Any]) -> None:
    """In a party's own words: its forces as the ``agent`` («تصدت قواتنا … تدمير 7 عربات»), its
    own people or its enemy's men as ``about`` («من أسرانا», «من أسرى المرتزقة»)."""
    at, q, first, last, lo = fig.at, fig.q, fig.first, fig.last, fig.lo
    toks, source = at.toks, frame.get("source")
    earlier = _spans_before(quantities, at.q_tokens, fig.k, lo)
    if "agent" not in frame and "about" not in frame and q.get("event") in _BLOWS:
        ours = next((i for i in range(first - 1, lo - 1, -1) if toks[i].norm in frame_lexicon().own_forces
                     and not any(s <= toks[i].start < e for s, e in earlier)), None)
        if ours is not None:
            # «تصدت قواتنا للهجوم … وتمكنت من … تدمير 7 عربات»: the speaker's forces did it
            frame["agent"] = _own_party(text, toks[ours], source)
    if "about" not in frame:
        own = _our_people_before(toks, at.clause, fig.cq, first, earlier, lo)
        if own is None and last - 1 > first and _ours(toks[last - 1].norm):
            own = last - 1  # «290 من أسرانا»
        elif own is None and last < len(toks) and toks[last].norm in frame_lexicon().own_forces:
            own = last  # «6 من أبطال قواتنا المسلحة»
        if own is not None:
            # «إجمالي من تحرروا من أسرانا … 716 أسيراً»: the speaker's own people
            frame["about"] = _own_party(text, toks[own], source)
    if "about" not in frame and source is not None and source.get("value"):
        enemy = _enemy_named(toks, first, last)
        if enemy is not None:
            # «أفرجنا عن 85 من أسرى المرتزقة», «تحييد 40 إرهابيا»: the speaker's enemy's men —
            # the party the speaker's words name so (frames.yaml enemies_named), else its enemy
            speaker = str(source["value"])
            party = frame_lexicon().enemies_named.get(family(speaker), {}).get(toks[enemy].norm)
            frame["about"] = _span(text, toks[enemy].start, toks[enemy].end, party or ENEMY + speaker)


_CONTINUATION_WORDS = 5  # «وأصيب ثمانية جنود.»: a sentence this short that opens with «و»


def _continues(toks: list[Token]) -> bool:
    """Whether a sentence only carries on the one before: a few words opening with «و» («انفجر
    لغم أرضي في عربة عسكرية. وأصيب ثمانية جنود.»)."""
    words = [t for t in toks if t.kind != "punct"]
    return 0 < len(words) <= _CONTINUATION_WORDS and words[0].norm.startswith("و")


def _continue_frame(
    text: str, places: list[dict[str, Any]], toks: list[Token], quantities: list[dict[str, Any]]
) -> None:
    """The figures of a sentence that carries on the one before are of the place and the kind of
    incident that sentence named last, where they name none of their own (the wounded of the mine
    blast in Mardin, not of the bombing in Dogubayazit the report told before it). Carried into
    the framing of the sentence, where its own words win."""
    incident = next((c for c in reversed(_cues(toks)) if c.slot == "incident"), None)
    place = max(places, key=lambda m: m["start"], default=None)
    for q in quantities:
        carried = q.setdefault("_carried", {})
        if place is not None:
            carried["place"] = _span(text, place["start"], place["end"], place["id"])
        if incident is not None:
            carried["incident"] = _span(text, incident.start, incident.end, incident.value)


# A party a figure counts or that struck, named only as the speaker's own («أسرانا», «قواتنا»):
# «own:» and the speaker's words; a bare «own:» is the text's author's, whose outlet the table adds.
OWN = "own:"


# A party named only as the speaker's enemy («المرتزقة», «الإرهابيين» in a party's words): «enemy:»
# and the speaker's party; a figure table reads it as the story's other side.
ENEMY = "enemy:"


def is_enemy(value: Any) -> bool:
    """Whether a party slot's value is only «the speaker's enemy» (see ENEMY)."""
    return str(value or "").startswith(ENEMY)


def _enemy_named(toks: list[Token], first: int, last: int) -> int | None:
    """The token that names the figure's counted as the speaker's enemy: its own noun
    («40 إرهابيا») or the word right after it («85 من أسرى المرتزقة»)."""
    enemies = frame_lexicon().enemy_nouns
    return next((i for i in (*range(first, last), last) if i < len(toks) and toks[i].norm in enemies), None)


def is_own(value: Any) -> bool:
    """Whether a party slot's value is only «the speaker's own» (see OWN)."""
    return str(value or "").startswith(OWN)


def _own_party(text: str, tok: Token, source: dict[str, Any] | None) -> dict[str, Any]:
    """The slot for the speaker's own people or forces at ``tok``: the party the source is when
    it is one, else «own:» and the source's words."""
    said = source or {}
    return _span(text, tok.start, tok.end, said.get("value") or OWN + normalize_str(said.get("text") or ""),
                 own=True)


def _spans_before(
    quantities: list[dict[str, Any]], q_tokens: list[tuple[int, int]], k: int, lo: int
) -> list[tuple[int, int]]:
    """The spans of the figures before the k-th that end after token ``lo`` (its window: a page-long
    sentence of thousands of figures stays linear)."""
    out = []
    for j in range(k - 1, -1, -1):
        if q_tokens[j][1] <= lo:
            break
        out.append((quantities[j]["start"], quantities[j]["end"]))
    return out


# What one side does to the other: the side that did it tells two sides' claims apart («قواتنا
# دمرت 7 عربات لهم» against «دمرنا 4 آليات للجيش»). Not a handover, whose giver one report names
# and whose receiver another («تسلمت وحدات الجيش 27 دبابة» against «سلّمنا 6 دبابات»).
_BLOWS = frozenset(
    ("killed", "wounded", "casualties", "destroyed", "damaged", "seized", "detained", "launched")
)


def _our_people_before(
    toks: list[Token], clause: list[int], cq: int, first: int, others: list[tuple[int, int]], lo: int
) -> int | None:
    """The token of «من أسرانا» («our prisoners», a people noun with «ـنا») in the figure's
    clause before it and within its window, if any, and not another figure's own noun («2 من
    أبطالنا … و5 آخرون»)."""
    for i in range(first - 1, max(lo, 1) - 1, -1):
        if clause[i] != cq:
            return None
        if any(s <= toks[i].start < e for s, e in others):
            continue
        if toks[i - 1].norm == "من" and _ours(toks[i].norm):
            return i
    return None


def _ours(word: str) -> bool:
    """Whether a word is a people noun with «ـنا» («أسرانا», «مقاتلينا»): the speaker's own."""
    if not word.endswith("نا") or (word[:-2],) not in unit_lexicon().forms:
        return False
    unit = unit_lexicon().units.get(unit_lexicon().forms[(word[:-2],)].unit)
    return unit is not None and unit.category == "people"


def _counted_with(toks: list[Token], last: int, q: dict[str, Any], q_starts: set[int]
                  ) -> tuple[str, int] | None:
    """Another kind counted in the same number, joined by «و» right after the counted noun
    («أكثر من 60 دبابة وعربة مدرعة»: tanks and armoured vehicles together, not tanks): (its
    unit, the token after it). Not a count of its own («و3 عربات», «وعربتين»)."""
    if last >= len(toks) or last in q_starts or not toks[last].norm.startswith("و") or not q.get("unit"):
        return None
    bare = toks[last].norm[1:]
    form = unit_lexicon().forms.get((bare,))
    if form is None or form.unit == q["unit"] or form.grammatical != "singular":
        return None  # «5 جنود ومدنيون»: the civilians are not among the five
    if last + 1 < len(toks) and toks[last + 1].kind == "number":
        return None
    return form.unit, last + 1


_INCIDENT_WINDOW = 12  # tokens either side of a figure where the incident it counts is named


def _cue_near(cues: list[Cue], slot: str, first: int, last: int, hard: list[int]) -> Cue | None:
    """The cue of ``slot`` nearest a figure in its sentence part (before or after it, across
    commas: «لقي 9 أشخاص مصرعهم، في حادث مروري»), within a few words."""
    near = [
        (first - cue.last if cue.last <= first else cue.first - last, cue)
        for cue in cues
        if cue.slot == slot and (cue.last <= first or cue.first >= last)
        and hard[min(cue.first, len(hard) - 1)] == hard[first]
    ]
    near = [(d, cue) for d, cue in near if d < _INCIDENT_WINDOW]
    return min(near, key=lambda x: x[0])[1] if near else None


def _rose(toks: list[Token], cues: list[Cue], first: int, in_clause: Any) -> Cue | None:
    """«وارتفعت حصيلة القتلى إلى 31»: a total's cue before the figure in its clause that says
    the count rose."""
    rise = frame_lexicon().rise_words
    return next((cue for cue in cues if cue.slot == "total_before" and cue.last <= first and in_clause(cue)
                 and any(h in rise for h in _heads(toks[cue.first].norm))), None)


def _partitive_of_toll(q: dict[str, Any]) -> bool:
    """«6 من الجرحى»: a number, «من», and a definite noun that is itself a toll (the wounded,
    the dead) — not «17 من المسلحين», a count of men."""
    words = normalize_str(q.get("text") or "").split()
    noun = normalize_str(q.get("unit_text") or "").split()
    if len(noun) != 1 or len(words) < 3 or words[-2] != "من" or words[-1] != noun[0]:
        return False
    bare, definite = _bare(noun[0])
    return definite and _toll_noun(q, bare)


_OTHER_SIDE_CHARS = 30  # after a figure, where «من الطرف الآخر» says whose it is


def _own_again(text: str, q: dict[str, Any], before: dict[str, Any]) -> dict[str, Any] | None:
    """The speaker's own people again: «تحرر من أسرانا 716 أسيراً، فيما لم يُفرج بعد عن 18 أسيراً»
    — the 18 are ours too, as the figure before them of the same noun in the sentence; not the
    other side's given in exchange («مقابل», «وأفرجنا في المقابل عن 85»)."""
    mine = (before["claim"].get("frame") or {}).get("about")
    if mine is None or not (mine.get("own") or is_own(mine.get("value"))) \
            or q.get("unit") != before.get("unit"):
        return None
    between = normalize_str(text[before["end"]:q["start"]]).split()
    after = " ".join(normalize_str(text[q["end"]:q["end"] + _OTHER_SIDE_CHARS]).split())
    if any(w in frame_lexicon().exchange for w in between) or any(
            " ".join(phrase) in after for phrase in frame_lexicon().other_side):
        return None  # «مقابل 30 أسيراً», «30 أسيراً من الطرف الآخر»: the other side's
    return dict(mine)


def _all_received(toks: list[Token], verb: int) -> bool:
    """Whether a verb of receiving has all hospitals for its subject («مستشفيات المحافظة
    استقبلت 17 مصاباً»): they received the whole toll, not one hospital its part."""
    return any(h in frame_lexicon().received_by_all
               for t in toks[max(0, verb - 3):verb] for h in _heads(t.norm))


def _still_of_toll(toks: list[Token], first: int, last: int, q: dict[str, Any]) -> bool:
    """«فيما تبقى سبعة مصابين في المستشفى», «7 مصابين من الأشقاء الذين ما زالوا يتلقون العلاج»,
    «عدد المصابين الذين غادروا المستشفى بلغ 19 حالة»: some of a toll, in a state the words
    next to its own noun, or in its count phrase, name."""
    def at(i: int, phrases: frozenset[tuple[str, ...]] = frame_lexicon().still) -> bool:
        return any((h, *(t.norm for t in toks[i + 1 : i + n])) in phrases
                   for n in (1, 2) for h in _heads(toks[i].norm))

    opens = frame_lexicon().count_words
    count = next((i for i in range(first - 1, max(-1, first - 16), -1)
                  if toks[i].kind == "number" or any(h in opens for h in _heads(toks[i].norm))), None)
    if count is not None and toks[count].kind != "number" and q.get("event") in _TOLLS \
            and any(at(i) for i in range(count + 1, first)):
        return True
    noun = normalize_str(q.get("unit_text") or "").split()
    if len(noun) != 1 or not _toll_noun(q, _bare(noun[0])[0]):
        return False
    lex = frame_lexicon()
    before = any(at(first - n) and not (at(first - n, lex.received) and _all_received(toks, first - n))
                 for n in (1, 2) if first - n >= 0)
    # after: within a relative clause («الذين ما زالوا»), before any other number; a plural verb
    # of the counted anywhere on in the sentence («…، ولا يزالون يخضعون للملاحظة»)
    plural = frame_lexicon().still_plural
    after = next((i for i in range(last, len(toks))
                  if toks[i].kind == "number" or (i < last + 5 and at(i)) or at(i, plural)), None)
    return before or (after is not None and toks[after].kind != "number")


def _toll_noun(q: dict[str, Any], bare: str) -> bool:
    """Whether a figure's noun itself says what happened to them («الجرحى», «جريحاً»)."""
    unit = unit_lexicon().units.get(q.get("unit") or "")
    return unit is not None and any((w,) in unit.noun_events for w in (bare, bare.removesuffix("ا")))


def _dispute_in(text: str, toks: list[Token]) -> dict[str, Any] | None:
    """The span of a cue saying figures are in dispute in a sentence with no figure of its own
    («تضاربت الأرقام حول عدد المقاتلين الذين غادروا.»), which frames the next sentence's."""
    firsts = _dispute_firsts()
    if not any(h in firsts for t in toks for h in _heads(t.norm)):
        return None
    cue = next((c for c in _cues(toks) if c.slot == "disputed"), None)
    return _span(text, cue.start, cue.end, True) if cue else None


@lru_cache(maxsize=1)
def _dispute_firsts() -> frozenset[str]:
    return frozenset(k[0] for k, (slot, _) in frame_lexicon().phrases.items() if slot == "disputed")


def _told_as(words: str) -> str | None:
    """«earlier», «newer» or «provisional» when an attribution's words say so, else None."""
    toks = normalize_str(words).split()
    phrases = frame_lexicon().phrases
    for i in range(len(toks)):
        for n in (3, 2, 1):
            slot = phrases.get(tuple(toks[i : i + n]), ("", ""))[0]
            if slot in ("earlier", "newer", "provisional"):
                return slot
    return None


def _told_on(toks: list[Token], starts: list[int], date: dict[str, Any]) -> bool:
    """Whether a date follows a word of stating («في بيان اليوم الخميس», «أعلن أمس»): when a
    figure was told, not when what it counts happened."""
    i = _token_at(starts, date["start"])
    told = frame_lexicon().told_on
    return any(h in told for j in range(max(0, i - 2), i) for h in _heads(toks[j].norm))


def _told_before(toks: list[Token], first: int, last: int, hard: list[int]) -> Cue | None:
    """«وكانت الوزارة قالت أمس إن الحصيلة 18», «وكان 5 أشخاص قد قتلوا»: a sentence that opens
    with «كان» and goes on with «قد» or a verb of saying, in the figure's clause, tells what
    was so before the report."""
    lex = frame_lexicon()
    opener = next((i for i in range(min(2, len(toks))) if toks[i].norm in lex.earlier_openers), None)
    if opener is None or opener >= first or hard[opener] != hard[first]:
        return None
    end = min(len(toks), last + 6)
    if any(toks[i].norm in lex.earlier_then and hard[i] == hard[first] for i in range(opener + 1, end)):
        t = toks[opener]
        return Cue(opener, opener + 1, "earlier", "earlier", t.start, t.end)
    return None


def _opening_date(
    dates: list[dict[str, Any]],
    toks: list[Token],
    starts: list[int],
    clause: list[int],
    hard: list[int],
    figure_clauses: set[int],
    first: int,
) -> dict[str, Any] | None:
    """A date in an earlier clause of the sentence with no figure of its own: «وكانت آخر صفقة
    مماثلة، نُفذت عام 2020، قد شملت الإفراج عن 1056 أسيراً»."""
    found = None
    for d in dates:
        i = _token_at(starts, d["start"])
        if i < first and clause[i] not in figure_clauses and hard[i] == hard[first]:
            found = d
    return found


def _continued_date(
    dates: list[dict[str, Any]], toks: list[Token], starts: list[int], clause: list[int], hard: list[int],
    first: int,
) -> dict[str, Any] | None:
    """The date of the clause before a figure's own when that clause opens with «في» and goes on
    with what the last one told: «قتل 27 مدنياً أمس الاثنين، في 60 غارة جوية استهدفت المدينة»
    (the strikes were yesterday's too)."""
    opening = _clause_start(clause, first)
    while opening < first and toks[opening].kind == "punct":
        opening += 1
    if opening == 0 or toks[opening].norm not in frame_lexicon().continuing:
        return None
    before = clause[opening] - 1
    found = [d for d in dates if clause[_token_at(starts, d["start"])] == before
             and hard[_token_at(starts, d["start"])] == hard[first]]
    return found[-1] if found else None


def _clause_start(clause: list[int], first: int) -> int:
    start = first
    while start > 0 and clause[start - 1] == clause[first]:
        start -= 1
    return start


def _owners(q_tokens: list[tuple[int, int]], quantities: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(first token, index) of the figures a cue after them can belong to: not parts («بينهم 11
    طفلاً و7 سيدات» are both parts), in order."""
    parts: set[int] = set()
    for k, q in enumerate(quantities):
        if q.get("among") or (k - 1 in parts and q_tokens[k][0] - q_tokens[k - 1][1] <= 1):
            parts.add(k)
    return [
        (first, k) for k, (first, _) in enumerate(q_tokens) if quantities[k].get("unit") and k not in parts
    ]


def _owner(cue: Cue, owners: list[tuple[int, int]]) -> int | None:
    """The figure a cue after it belongs to: the nearest one before it that is not a part
    («مقتل 36 مدنياً، بينهم 11 طفلاً، منذ بداية الحملة»: the 36)."""
    i = bisect.bisect_left(owners, (cue.first, -1)) - 1
    return owners[i][1] if i >= 0 else None


def _within(mentions: list[dict[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
    """The mentions (sorted by start) that start in [start, end)."""
    lo = bisect.bisect_left(mentions, start, key=lambda m: m["start"])
    hi = bisect.bisect_left(mentions, end, key=lambda m: m["start"])
    return mentions[lo:hi]


def _continues_count(toks: list[Token], clause: list[int], first: int) -> bool:
    """«ارتفع عدد الغارات إلى 135، وعدد القتلى إلى 56»: a clause that goes on counting."""
    start = _clause_start(clause, first)
    while start < first and toks[start].kind == "punct":
        start += 1
    return start < len(toks) and toks[start].norm in frame_lexicon().count_openers


def _nearest(mentions: list[dict[str, Any]], q: dict[str, Any]) -> dict[str, Any] | None:
    if not mentions:
        return None
    return min(mentions, key=lambda m: abs(m["start"] - q["start"]))


def _head_span(cues: list[Cue], first: int, hard: list[int]) -> Cue | None:
    """The span cue before a figure in its sentence part («خلال الـ72 ساعة الماضية»), unless a cue
    of a day or a day's count stands between them (a date of the clause wins before this is asked)."""
    before = [c for c in cues if c.last <= first and hard[c.first] == hard[first]
              and c.slot in ("span", "when", "period")]
    return before[-1] if before and before[-1].slot == "span" else None


_APPOSITION_CHARS = 16  # «الحديدة، غربي اليمن»: what may stand between a town and its country


def _finer(text: str, place: dict[str, Any], places: list[dict[str, Any]]) -> dict[str, Any]:
    """A town named right before the country a figure's place is, and lying in it, said where
    in the country («قال مصدر طبي بمحافظة الحديدة، غربي اليمن: إن 17 …»): the town."""
    known = gazetteer().places
    country = known.get(place.get("id") or "")
    if country is None or country.kind != "country":
        return place
    for m in places:
        inner = known.get(m.get("id") or "")
        gap = m["end"] <= place["start"] and place["start"] - m["end"] <= _APPOSITION_CHARS
        if gap and inner is not None and inner.kind != "country" and inner.country == country.country \
                and not any(c in text[m["end"] : place["start"]] for c in ".:\n"):
            return m
    return place


def _nearest_in_clause(
    mentions: list[dict[str, Any]],
    q: dict[str, Any],
    toks: list[Token],
    starts: list[int],
    clause: list[int],
    cq: int,
) -> dict[str, Any] | None:
    own = [m for m in mentions if clause[_token_at(starts, m["start"])] == cq]
    return _nearest(own, q)


def _parties(
    text: str,
    toks: list[Token],
    starts: list[int],
    q: dict[str, Any],
    first: int,
    last: int,
    actors: list[dict[str, Any]],
    clause: list[int],
    claim: dict[str, Any],
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(about, agent): the party the counted belong to, right after the figure («80 من أسرى
    الحوثيين», «جندياً سعودياً»), and the party that acted in the figure's clause: after a
    marker («من جانب الحكومة», «بغارات للتحالف») or beside an event verb («أفرجت الحكومة»)."""
    lex = frame_lexicon()
    said = claim.get("attributed_to")
    cq = clause[first]
    about = None
    for a in actors:
        if a["start"] < q["end"]:
            continue
        i = _token_at(starts, a["start"])
        between = tuple(t.norm for t in toks[last:i] if t.kind != "punct")
        if (
            i - last <= 3
            and clause[i] == cq
            and (
                not between
                or between in lex.about_markers
                or _heads_phrase(between) in lex.about_markers
                or (between[0] == "من" and len(between) <= 2)
            )
        ) or (clause[i] == cq and _far_about(toks, last, i)):
            about = a
        break
    candidates = []
    for a in actors:
        if a is about or (said and said["start"] <= a["start"] < said["end"]):
            continue
        i = _token_at(starts, a["start"])
        if clause[i] != cq:
            continue
        end_tok = _token_at(starts, a["end"] - 1) + 1
        if any(t.norm in lex.reported_after for t in toks[end_tok:first]):
            continue  # «قال المحافظ المعين من قبل جماعة الحوثي إن 470 منزلاً دمرت»: describes the source
        marked = any(
            _heads_phrase(tuple(t.norm for t in toks[i - n : i])) in lex.agent_markers
            or tuple(t.norm for t in toks[i - n : i]) in lex.agent_markers
            for n in range(1, min(3, i) + 1)
        )
        # «استعاد مقاتلو المعارضة في سوريا السيطرة على عدة قرى»: a name after «في» is where, not who
        located = i > 0 and toks[i - 1].norm == "في"
        by_verb = a["end"] <= q["start"] and not located and (
            (i > 0 and _event_verb(toks[i - 1].norm))
            or (end_tok < len(toks) and _event_verb(toks[end_tok].norm)
                and not _conjoined_event(toks[end_tok].norm))
        )
        if marked or by_verb:
            candidates.append((not marked, abs(a["start"] - q["start"]), a))
    agent = min(candidates, key=lambda c: c[:2])[2] if candidates else None
    return _party(text, about), _party(text, agent)


_FAR_ABOUT = 8  # tokens between a figure and a «في صفوف» that may still say whose its counted are


def _far_about(toks: list[Token], last: int, i: int) -> bool:
    """Whether a party at token ``i`` is named after «في صفوف» that follows the figure across only a
    toll told beside it («20 قتيلاً وعدد غير معروف من الجرحى في صفوف القوات النظامية»): no
    number, event verb or punctuation between."""
    if not last < i <= last + _FAR_ABOUT or toks[last].norm[:1] != "و":
        return False
    between = toks[last:i]
    far = frame_lexicon().about_far
    marker = next((n for n in (2, 3)
                   if i - n >= last and _heads_phrase(tuple(t.norm for t in toks[i - n:i])) in far), None)
    if marker is None:
        return False
    return not any(t.kind in ("punct", "number") or t.norm[:1].isdigit() or _event_verb(t.norm)
                   for t in between[: len(between) - marker])


_CONSEQUENCE_REACH = 8  # tokens between «ما أسفر عن» and the figure it introduces
_ATTACK_REACH = 30  # tokens between the attack verb and «ما أسفر عن»


def _attacker(toks: list[Token], first: int, actors: list[dict[str, Any]],
              starts: list[int]) -> dict[str, Any] | None:
    """The party that attacked, when a figure counts what the attack caused: «هاجم عناصر من حركة
    فتح مقراً …، ما أسفر عن مقتل 3»: the subject of the last attack verb before the clause of
    consequence the figure is in (right after the verb, or right before it)."""
    lex = frame_lexicon()
    consequence = None
    # near the figure only: a page-long sentence must stay linear
    for j in range(max(0, first - _CONSEQUENCE_REACH), first):
        for n in (4, 3, 2):
            words = tuple(t.norm for t in toks[j:j + n])
            if j + n <= first and (words in lex.consequences or _heads_phrase(words) in lex.consequences):
                consequence = j
                break
    if consequence is None:
        return None
    verb = next((j for j in range(consequence - 1, max(-1, consequence - _ATTACK_REACH), -1)
                 if any(h in lex.attack_verbs for h in _heads(toks[j].norm))), None)
    if verb is None:
        return None
    for a in actors:
        i = _token_at(starts, a["start"])
        end = _token_at(starts, a["end"] - 1) + 1
        if (verb < i <= verb + 4 and i < consequence) or end == verb:
            return a
    return None


def _both_sides(toks: list[Token], last: int) -> tuple[int, int] | None:
    """The tokens of «من الطرفين» (frames.yaml both_sides) right after a figure's words."""
    for n in (3, 2):
        words = tuple(t.norm for t in toks[last:last + n])
        if len(words) == n and words in frame_lexicon().both_sides:
            return last, last + n
    return None


_BETWEEN_REACH = 6  # tokens after a figure where «بين» may open the two parties of a fight


def _between_two(toks: list[Token], last: int, actors: list[dict[str, Any]]) -> tuple[int, int] | None:
    """«مقتل عشرات المقاتلين في اشتباكات بين "قسد" وفصائل موالية لتركيا»: the dead of a fight
    between two parties the text names right after it are no one party's."""
    for j in range(last, min(len(toks), last + _BETWEEN_REACH)):
        if toks[j].kind == "punct" and toks[j].norm not in ('"', "«", "»", "“", "”"):
            return None
        if toks[j].norm in frame_lexicon().between:
            end = toks[min(len(toks), j + 8) - 1].end
            named = [a for a in actors if toks[j].end <= a["start"] < end]
            return (j, j + 1) if len({a["id"] for a in named}) >= 2 else None
    return None


def _heads_phrase(words: tuple[str, ...]) -> tuple[str, ...]:
    """The phrase with its first word's و/ف/ب/ل taken off («ومن جانب» → «من جانب»)."""
    if not words:
        return words
    heads = _heads(words[0])
    return (heads[1], *words[1:]) if len(heads) > 1 else words


def _party(text: str, actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return _span(text, actor["start"], actor["end"], family(actor["id"]))


def _source(
    text: str, said: dict[str, Any] | None, actors: list[dict[str, Any]], named: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """Who the figure is attributed to: the party named inside the attribution, or the words of
    the full name a short one refers back to («وأوضح المكتب» after «المكتب الإعلامي الحكومي في
    النخيل»); ``named``: the document's attributions in order."""
    if not said:
        return None
    said = _full_name(said, named)
    inside = next(iter(_within(actors, said["start"], said["end"])), None)
    words = said["text"].split()
    head = _bare(normalize_str(words[0]))[0] if words else ""
    vague = inside is None and (
        head in frame_lexicon().vague_sources or normalize_str(words[0]) in frame_lexicon().vague_sources
        if words
        else False
    )
    return _span(text, said["start"], said["end"], family(inside["id"]) if inside else None, vague=vague)


def _full_name(said: dict[str, Any], named: list[dict[str, Any]]) -> dict[str, Any]:
    """A one-word definite attribution («المكتب», «المرصد», «الوزارة») is the last one named
    before it in the document that starts with that word."""
    words = said["text"].split()
    if len(words) != 1:
        return said
    head = _heads(normalize_str(words[0]))[-1]
    if not head.startswith("ال"):
        return said
    bare = head[2:]
    before = bisect.bisect_left(named, said["start"], key=lambda n: n["start"])  # the ones before it
    by_head = named.by_head if isinstance(named, _Attributions) else _Attributions(named).by_head
    last = [found[k - 1] for h in (head, bare) if (found := by_head.get(h))
            and (k := bisect.bisect_left(found, before)) > 0]
    return named[max(last)] if last else said


class _Attributions(list):  # type: ignore[type-arg]
    """A document's attributions in order, with where each head word's several-word names are:
    a short name finds the full one it refers back to at once, where walking back over every
    earlier attribution made long documents quadratic (28% of `extract` on a 3 MB text)."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        super().__init__(items)
        self.by_head: dict[str, list[int]] = defaultdict(list)
        for i, a in enumerate(items):
            if (h := _named_head(a["text"])) is not None:
                self.by_head[h].append(i)


@lru_cache(maxsize=8192)
def _named_head(text: str) -> str | None:
    """The head of a name of several words («المكتب» of «المكتب الإعلامي»), None for one word.
    Cached: the walk back over a long document's attributions asked it a million times (28% of
    `extract` on a 3 MB text)."""
    words = text.split()
    return _heads(normalize_str(words[0]))[-1] if len(words) > 1 else None


def _kin(noun: str | None) -> bool:
    """Whether a counted noun is someone's kin, with a possessive («وشقيقيها», «أبنائه»)."""
    if not noun or not _possessed(noun):
        return False
    word = normalize_str(noun)
    word = word[1:] if word[:1] == "و" else word
    return any(word.startswith(k) for k in frame_lexicon().kin)


def _possessed(noun: str | None) -> bool:
    """Whether a counted noun carries a possessive pronoun («عناصرها», «قتلاه», «أسرانا»)."""
    if not noun:
        return False
    raw = noun.split()[-1]
    word = normalize_str(raw)
    if (word,) in unit_lexicon().forms or word.startswith("ال") or raw.endswith("ة"):
        return False  # «العبوات الناسفة», «أحزمة ناسفة»: an adjective, not a pronoun's «ـه»
    return any(word.endswith(p) and len(word) - len(p) >= 3 for p in clitics().possessives)
