"""Figures across sources: which values of a story's documents count one thing, and whether
they agree, conflict, or are one source's figure updated over time.

Every claim carries a frame (extract/figure_frames.py): what is counted and what happened to
it, the party it is about and the party that acted, where, when, the sub-event of a series
(convoy 4), the scope (a total, a part) and the modality (planned, agreed, owned, present,
needed; unstated is done). Values join one group only when every slot that both state agrees.
A value that leaves a slot unstated that the group states («40 killed» next to «40 killed on
the second day») joins the only group it fits, and makes the group ``uncertain`` where it
disagrees: riwaya cannot tell whether the two count one thing. Values a tenfold apart are taken
as frames that differ in something unstated, the same way.

Status per group:

- ``conflict``: two sources (the monitor, ministry or party the text attributes the figure to;
  the outlet when nobody) give values that cannot both be true, for the same frame and at
  comparable times. Tolls grow as the dead are found: a source's earlier value does not
  conflict with another source's later, higher one; a later, lower one does.
- ``updated``: one source's figure changes over time («ارتفع عدد القتلى إلى»), nothing conflicts.
- ``uncertain``: values disagree only where a slot is unstated on one side.
- ``agree``: all values can be true together.

What a report says of a figure's time counts too: one it gives as told before («وكانت الوزارة
قالت أمس إن الحصيلة 18») rivals no current count, one it gives as the newest («بحسب حصيلة
جديدة») makes a lower count of the same news cycle the older one, and one article that says its
sources' figures are in dispute («وتتضارب الأرقام», «ننفي ما روجته بعض وسائل الإعلام») reports a
conflict, where two values of one article are otherwise taken for two things.

Low / best / high follow UCDP within a group that holds one thing: low the lowest value
reported, high the highest, best the primary source's when the story has one (a statement the
reports cite), the latest value of an updated figure, else the median of the documents' values
with each original and its copies counted once. An ``uncertain`` group has no best.
Totals and their parts («بينهم 12 طفلاً») are separate groups linked by ``part_of``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from riwaya.check.figures import compatible, value_range
from riwaya.compiled import compiled
from riwaya.extract.actors import lexicon as actor_lexicon
from riwaya.extract.actors import of_state, same_side
from riwaya.extract.figure_frames import ENEMY, OWN, is_enemy, is_own
from riwaya.extract.places import gazetteer
from riwaya.lexicon import events as event_lexicon
from riwaya.lexicon import figure_frames as frame_lexicon
from riwaya.lexicon import load_yaml
from riwaya.lexicon import units as unit_lexicon
from riwaya.text.dates import days_apart, hours_apart
from riwaya.text.normalize import normalize_str

# Units that say when or how long, not how many of something: not figures of an event; and
# «عمليات», operations of any kind (two stories' «عمليتين» and «عدة عمليات» made one false
# conflict row in SaudiNewsNet's labelled stories).
NOT_FIGURES = {"year", "month", "week", "day", "hour", "minute", "operation"}
# Figures that grow as an event goes on and the count goes on: a later, higher value from
# another source is news, not a contradiction (districts seized in an advance too: Ibb's 3, then
# 4 by the next day's reports, then 6 in SaudiNewsNet).
GROWING = {"killed", "wounded", "casualties", "missing", "displaced", "detained", "released", "evacuated",
           "returned", "seized", None}
# What happened once and is not counted again: tanks handed over under a deal, vehicles in a crash.
FIXED = {"handed_over", "collided"}
# Modalities that count what a party holds, not what happened: their figures have no event.
HOLDINGS = {"owned", "present", "capacity"}
# Categories of units whose count, held or carried in a convoy, says what it is without a verb.
COUNTED_ALONE = {"people", "vehicle", "weapon", "munition", "aircraft", "item"}
# Counted afresh each day: a figure of another day is another figure.
DAILY = {"launched"}
# Values this far apart are not one count told two ways (a day's toll and the war's, one
# convoy and all of them), whatever their frames say.
APART = 10
# The slots that say what a figure counts, in the order a reader names them.
SLOTS = ("about", "agent", "place", "when", "ordinal", "scope", "modality")
STATUSES = ("agree", "conflict", "updated", "uncertain")
# «when» values that say what span a figure counts (the n-th day, a day, a week…), not as of
# when it was told: a figure that states one counts something else than one that does not.
_OWN_SPANS = ("day ", "24h:", "span:")


@dataclass
class Value:
    """One claim with what the grouping needs, computed once."""

    row: dict[str, Any]
    unit: str  # the unit a table counts it under (civilians with persons)
    subtype: str | None  # the narrower unit when the claim's is one (civilian)
    event: str | None
    slots: dict[str, Any]  # slot -> value, stated ones only; modality defaults to done
    source: tuple[str, str]
    original: int  # the original of its document's copy group
    published: str  # sortable ISO timestamp or ""
    day: str  # the day the figure speaks of (a stated date, else the publication day) or ""
    point: float
    low: float
    high: float
    words: dict[str, str]  # slot -> its words, normalized (for parties the lexicon reads two ways)
    places: frozenset[str] = frozenset()  # where it happened: its own place, else its article's
    # how the report gives it: «earlier» (told before: «وكانت الوزارة قالت أمس»), «newer» (the
    # newest count: «بحسب حصيلة جديدة»), «provisional» («حصيلة أولية»), or None
    told: str | None = None
    disputed: bool = False  # its sentence says figures disagree («وتتضارب الأرقام», «ننفي»)
    whole: int | None = None  # for a part («بينهم 4 أطفال»), the group of the whole it is out of
    incident: str | None = None  # the kind of incident its sentence names («traffic.collision»)
    counted_with: str | None = None  # another unit its number counts too («60 دبابة وعربة مدرعة»)
    running: bool = False  # a total since a start («منذ بدء الهدنة»), not one day's or incident's
    outlet: str = ""  # the outlet of its article
    versus: bool = False  # told as another source's figure for what the figure before counts («مقابل»)


def _point(claim: dict[str, Any]) -> float | None:
    if claim["value"] is not None:
        return float(claim["value"])
    lows, highs = claim["low"], claim["high"]
    if lows is not None and highs is not None:
        return (float(lows) + float(highs)) / 2
    return float(lows) if lows is not None else float(highs) if highs is not None else None


def _range(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim row in the shape ``compatible`` reads."""
    return {
        "low": claim["low"],
        "high": claim["high"],
        "value": claim["value"],
        "qualifier": claim["qualifier"],
    }


def _toll_unit(unit: str) -> tuple[str, str | None]:
    """The unit a table counts a claim under, and the narrower one it was told as: in a toll
    «31 مواطناً» and «31 مدنياً» count the same people (units.yaml toll_as)."""
    found = unit_lexicon().units.get(unit)
    if found is not None and found.toll_as:
        return found.toll_as, unit
    return unit, None


def _source(
    row: dict[str, Any], frame: dict[str, Any], outlet: str | None, original: int, known: dict[str, str]
) -> tuple[str, str]:
    """Who gives the figure: the party the text attributes it to, else the attribution's words
    (the party they name elsewhere in the story, if any), else the outlet. «ناشطون» and
    «مصادر» are each outlet's own; a source described in three words or more («مصدر عسكري
    مالي») is one wire's, whichever outlet carries it."""
    said = frame.get("source") or {}
    if said.get("value"):
        return ("party", said["value"])
    if said.get("vague"):
        words = normalize_str(said.get("text") or "").split()
        if len(words) >= 3:
            return ("vague", " ".join(words[:3]))
        return ("vague", f"{outlet or original}:{said.get('text')}")
    if said.get("text") or row.get("attributed_to"):
        # the frame's words are the full name a short «المكتب» refers back to
        words = normalize_str(said.get("text") or row["attributed_to"])
        party = _named_party(words, known)
        return ("party", party) if party else ("named", words)
    return ("outlet", outlet or str(original))


@compiled
def _speaks_for() -> tuple[str, ...]:
    words = load_yaml("attribution.yaml").get("speaks_for") or []
    return tuple(sorted({normalize_str(str(w)) + " " for w in words}, key=len, reverse=True))


def _body_spoken_for(name: str) -> str:
    """The body a spokesman or an official speaks for («المتحدث الرسمي لمرور منطقه عسير»: «مرور
    منطقه عسير»), where the words name one after the role."""
    for role in _speaks_for():
        if name.startswith(role):
            body = name[len(role):]
            if body.startswith("لل"):
                body = "ال" + body[2:]  # «للدفاع المدني»: ل + «الدفاع المدني»
            elif body.startswith("ل"):
                body = body[1:]  # «لمرور منطقه عسير»
            return body if " " in body or body.startswith("ال") else name
    return name


def _parties_by_name(claims: list[dict[str, Any]]) -> dict[str, str]:
    """The party each attribution's words name where some article of the story resolved them:
    «المكتب الإعلامي الحكومي في النخيل» is the party another article found in the same words."""
    known: dict[str, str] = {}
    for row in claims:
        said = (row.get("frame") or {}).get("source") or {}
        if said.get("value") and said.get("text"):
            known.setdefault(normalize_str(said["text"]), said["value"])
    return known


def _named_party(words: str, known: dict[str, str]) -> str | None:
    if words in known:
        return known[words]
    longest = max((k for k in known if words.startswith(k + " ")), key=len, default=None)
    return known[longest] if longest else None


def _values(
    claims: list[dict[str, Any]], documents: dict[int, dict[str, Any]], originals: dict[int, int]
) -> list[Value]:
    known = _parties_by_name(claims)
    first_day = _first_day(claims)
    article_places: dict[int, set[str]] = defaultdict(set)
    for row in claims:
        place = ((row.get("frame") or {}).get("place") or {}).get("value")
        if place:
            article_places[row["document_id"]].add(place)
    out = []
    for row in claims:
        if not row["unit"] or row["unit"] in NOT_FIGURES:
            continue
        point = _point(row)
        if point is None or (row["value"] is None and row["high"] is None):
            continue  # «عدد من القرى», two or more: nothing a table can set beside another count
        out.append(_value(row, point, documents.get(row["document_id"], {}),
                          originals.get(row["document_id"], row["document_id"]), known, first_day,
                          article_places[row["document_id"]]))
    _one_name_per_source(out)
    _name_enemies(out)
    return out


def _value(row: dict[str, Any], point: float, doc: dict[str, Any], original: int, known: dict[str, str],
           first_day: dt.date | None, places: set[str]) -> Value:
    """One claim as a value of the figure table: what it counts, of whom, when and where."""
    from riwaya.text.dates import published_at

    frame = row.get("frame") or {}
    published = published_at(doc.get("published")) or ""
    row, point, slots = _slots(row, point, frame, doc.get("outlet") or original)
    day = _dated(frame, slots, first_day, published)
    unit, subtype, event = _counted(row, slots)
    low, high = value_range(_range(row))
    return Value(
        row,
        unit,
        subtype,
        # what a party owns or has in place is counted as a holding, whatever verb the
        # sentence has («11 دبابة بقيت بحوزتنا», «كان يملك نحو 30 دبابة استولى عليها»)
        None if slots["modality"] in HOLDINGS else event,
        slots,
        _source(row, frame, doc.get("outlet"), original, known),
        original,
        published,
        day,
        point,
        low if low != float("-inf") else point,
        high if high != float("inf") else point,
        {k: normalize_str(frame[k].get("text") or "") for k in ("about", "agent") if k in frame},
        frozenset([slots["place"]]) if slots.get("place") else _article_places(places, frame),
        (frame.get("told") or {}).get("value"),
        # «930 بحسب المكتب، مقابل 862 بحسب الأمم المتحدة»: set against each other
        "disputed" in frame or "versus" in frame,
        incident=(frame.get("incident") or {}).get("value"),
        counted_with=(frame.get("with") or {}).get("value"),
        running=bool((frame.get("scope") or {}).get("since")),
        outlet=str(doc.get("outlet") or ""),
        versus="versus" in frame,
    )


def _slots(row: dict[str, Any], point: float, frame: dict[str, Any],
           speaker: str | int) -> tuple[dict[str, Any], float, dict[str, Any]]:
    """The frame's slot values of a claim (modality «done» unless said), with the claim and its
    point grown by a named one its scope adds; ``speaker``: the outlet (or the original's id)
    whose «our» forces are meant."""
    slots = {k: frame[k]["value"] for k in SLOTS if k in frame and frame[k].get("value") is not None}
    slots.setdefault("modality", "done")
    plus = (frame.get("scope") or {}).get("plus")
    if plus:
        # «الطيار وثلاثة ركاب»: the three and the one named are the whole, four
        row = {**row, **{k: row[k] + plus for k in ("value", "low", "high") if row.get(k) is not None}}
        point += plus
        slots.pop("scope", None)
    for slot in ("about", "agent"):
        if slots.get(slot) == OWN:
            slots[slot] = f"{OWN}{speaker}"  # «أسرانا», «قواتنا»: the outlet's
    if row.get("among"):
        slots["scope"] = "part"
    if (frame.get("scope") or {}).get("within") == "total":
        slots["scope"] = "total"  # a part of a running total counts since the same start
    return row, point, slots


def _dated(frame: dict[str, Any], slots: dict[str, Any], first_day: dt.date | None, published: str) -> str:
    """The day a claim counts (the day it states, else its publication day); sets the «when» of
    a story's nth day and the era of an earlier or another incident in ``slots``."""
    when = frame.get("when") or {}
    if when.get("kind") == "day_of" and first_day is not None:
        # «في اليوم الثالث من الحملة»: a day's count, of the date the story's dated days give it
        when = {**when, "kind": "day", "value": _nth_day(first_day, str(when["value"]))}
        slots["when"] = when["value"]
    stated_day = (
        _when_key(when["value"]) if when.get("kind") in ("date", "day") and when.get("value") else ""
    )
    day = stated_day if len(stated_day) == 10 else published[:10]
    era = _era(stated_day if when.get("kind") == "date" else "", published)
    if (frame.get("told") or {}).get("other"):
        era = "another incident"  # «غرق قارب آخر … أسفر عن وفاة 11 مهاجراً»: another row's
    if era:
        slots["era"] = era
    return day


def _counted(row: dict[str, Any], slots: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """The unit a claim counts under in a toll (with the subtype it came as) and its event, a
    receiving told as the other side's release or handing over, bodies recovered as the dead."""
    unit, subtype = _toll_unit(row["unit"])
    if unit == "fighter" and of_state(str(slots.get("about") or "")):
        unit, subtype = "soldier", unit  # «15 من عناصر الجيش» are the army's soldiers
    event = row["event"]
    counted = unit_lexicon().units.get(unit)
    if event == "received":
        # «تسلمت الحكومة 70 مختطفاً»: 70 of its people the other side released; «استلمت الشرطة
        # 8 دبابات»: 8 tanks the other side handed over
        receiver = slots.pop("agent", None)
        if counted is not None and counted.category == "people":
            event = "released"
            if receiver is not None:
                slots.setdefault("about", receiver)
        else:
            event = "handed_over"
    if event == "recovered" and not normalize_str(row.get("text") or "").startswith("ال"):
        # «انتشال 17 جثة» beside «19 شخصاً لقوا حتفهم»: the bodies recovered count the dead,
        # and «من بينها 4 نساء» dead women (not «انتشال الجثتين»: two bodies told of before)
        unit, event = (counted.dead_of if counted is not None else None) or unit, "killed"
    return unit, subtype, event


def _name_enemies(values: list[Value]) -> None:
    """Give a party named only as the speaker's enemy («85 من أسرى المرتزقة» in the Houthis'
    words) the story's other side: the parties the story's figures name that are not the
    speaker's side, where they are all one side (the government, whose 70 received are the same
    prisoners). Where the story names none, or several, it stays the enemy of that speaker."""
    known = actor_lexicon().actors
    parties = Counter(v.slots[slot] for v in values for slot in ("about", "agent")
                      if str(v.slots.get(slot)) in known)
    for i, v in enumerate(values):
        for slot in ("about", "agent"):
            value = str(v.slots.get(slot) or "")
            if not is_enemy(value):
                continue
            speaker = value.removeprefix(ENEMY)
            if speaker not in known:
                continue
            rivals = [p for p in parties if not same_side(p, speaker)]
            if rivals and all(same_side(a, b) for a in rivals for b in rivals):
                v = values[i] = replace(v, slots={**v.slots, slot: max(rivals, key=lambda p: parties[p])})


def _first_day(claims: list[dict[str, Any]]) -> dt.date | None:
    """Day one of a story's numbered days («اليوم الأول من الحملة»), where the articles that date
    some numbered day («اليوم الخميس … في اليوم الأول», «أمس الثلاثاء … في اليوم السادس») all
    count from one day: then «اليوم الثالث» of one outlet and «أمس السبت» of another are one day
    (the dev set's third day of an air campaign, 23 dead by one monitor and 31 by another)."""
    starts = set()
    for row in claims:
        when = (row.get("frame") or {}).get("when") or {}
        number = str(when.get("value") or "").removeprefix("day ")
        if when.get("kind") == "day_of" and when.get("dated") and number.isdigit():
            try:
                starts.add(dt.date.fromisoformat(when["dated"]) - dt.timedelta(days=int(number) - 1))
            except (TypeError, ValueError):  # a stored frame's date no calendar holds
                continue
    return starts.pop() if len(starts) == 1 else None


def _nth_day(first: dt.date, value: str) -> str:
    number = value.removeprefix("day ")
    return f"24h:{(first + dt.timedelta(days=int(number) - 1)).isoformat()}" if number.isdigit() else value


def _one_name_per_source(values: list[Value]) -> None:
    """Give a source one name across a story, so that its own rising count is its update, not
    its conflict with itself (blind sets: a ministry of health under four names): «خفر السواحل
    الليبي» is «خفر السواحل»; «الوزارة» is the one «وزارة …» its article names, else the story's
    only one; a body whose own statements are articles (outlet «وزارة الصحة») is the body others
    cite in the same words."""
    for i, v in enumerate(values):
        if v.source[0] == "named" and (body := _body_spoken_for(v.source[1])) != v.source[1]:
            values[i] = replace(v, source=("named", body))
    named = {v.source[1] for v in values if v.source[0] == "named"}

    @cache  # asked once per value and again per name: a story's names are few
    def shortest(name: str) -> str:
        # the shortest name of two or more words that starts this one
        starts = [n for n in named if len(n.split()) >= 2 and name.startswith(n + " ")]
        return min(starts, key=len) if starts else name

    by_article: dict[int, set[str]] = defaultdict(set)
    for v in values:
        if v.source[0] == "named":
            by_article[v.row["document_id"]].add(shortest(v.source[1]))
    story = set().union(*by_article.values()) if by_article else set()

    def canonical(name: str, article: set[str]) -> str:
        if " " in name or not name.startswith("ال") or len(name) <= 4:
            return shortest(name)
        head = name[2:]  # «الوزاره» refers back to a «وزاره …» named in full
        for pool in (article, story):
            full = {n for n in pool if n.split()[0] == head and " " in n}
            if len(full) == 1:
                return full.pop()
            if full:
                return name  # two ministries: which one, unsaid
        return name

    for i, v in enumerate(values):
        kind, name = v.source
        if kind == "named":
            values[i] = replace(v, source=("named", canonical(name, by_article[v.row["document_id"]])))
        elif kind == "outlet" and (own := shortest(normalize_str(name))) in story:
            values[i] = replace(v, source=("named", own))


def _article_places(places: set[str], frame: dict[str, Any]) -> frozenset[str]:
    """Where a figure of no place of its own happened: its article's places and the district
    the report set it in («حريق … بحي الحمراء»; two fires in Jeddah's al-Hamra and al-Naseem)."""
    setting = (frame.get("setting") or {}).get("value")
    return frozenset(places | {setting}) if setting else frozenset(places)


# Counts told this many days apart, neither saying when, are not of one comparable time.
COMPARABLE_DAYS = 2
# Counts published within this many hours of each other are of one news cycle (a morning's and
# the evening's papers): they cannot both be right. Told further apart, a later, higher toll is
# the count going on («ارتفعت الحصيلة»), even of a day both name: the hand-checked SaudiNewsNet
# rows held 15 such rising tolls flagged as conflicts (China's typhoon dead, 9 one day and 14
# the next), and the event day alone could not order them.
NEWS_CYCLE_HOURS = 12
# A figure dated this many days before its article is background: another event's count
# («وكانت آخر صفقة مماثلة، نُفذت عام 2020، قد شملت الإفراج عن 1056 أسيراً»).
BACKGROUND_DAYS = 30


def _era(stated: str, published: str) -> str:
    """The stated date of a figure about a past event, else ""."""
    if not stated or len(published) < 10 or not stated[:4].isdigit():
        return ""
    parts = stated.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else 28
        latest = dt.date(year, month, day)
        told = dt.date.fromisoformat(published[:10])
    except ValueError:
        return ""
    return stated if (told - latest).days > BACKGROUND_DAYS else ""


def _when_key(value: Any) -> str:
    """A day's count and a date speak of the same day: «24h:2024-03-17» is «2024-03-17»."""
    return str(value).removeprefix("24h:")


def _slot_relation(a: Value, b: Value) -> str:
    """«same», «maybe» (a slot that tells figures apart stated on one side only) or «different»."""
    if a.event is not None and b.event is not None and not event_lexicon().agree(a.event, b.event):
        return "different"
    if a.slots.get("era") != b.slots.get("era"):
        return "different"  # a past event's figure is another event's
    if a.counted_with != b.counted_with:
        return "different"  # tanks and armoured vehicles together are not tanks
    if not _one_kind(a.incident, b.incident):
        return "different"  # a run-over and a collision, a bombing and clashes: two incidents
    maybe = (a.event is None) != (b.event is None) and not _said_what_happened(a, b)
    if a.places and b.places and not _one_place(a.places, b.places):
        maybe = True  # the articles' figures are all about other places: perhaps two incidents
    elif _other_towns(a.places, b.places):
        # both name towns and none of one's is, holds or lies in one of the other's: Gombe's
        # bombing and Ngamdu's, both "in Nigeria" (hand-checked SaudiNewsNet rows)
        maybe = True
    for slot in SLOTS:
        x, y = a.slots.get(slot), b.slots.get(slot)
        if x is None and y is None:
            continue
        total = "total" in (a.slots.get("scope"), b.slots.get("scope"))
        if x is None or y is None:
            stated = x if x is not None else y
            if slot == "place":
                if _several_towns((b if x is not None else a).places):
                    maybe = True  # a roundup's figure of no place of its own: which town's?
                continue  # a place said once in an article frames all its figures
            if slot == "when" and (total or not str(stated).startswith(_OWN_SPANS)):
                continue  # a date says when it was told or as of when; a day of an operation counts
            if slot == "scope" and stated == "total" and not (a.slots.get("when") or b.slots.get("when")):
                continue  # «بلغت الحصيلة 17» is the toll another outlet gives without saying so
            maybe = True
            continue
        if x == y or (slot == "when" and _when_key(x) == _when_key(y)):
            continue
        if slot == "place" and _one_place({x}, {y}):
            continue  # Aden and Yemen: one place told at two scales
        if slot in ("about", "agent") and (
            same_side(x, y) or (a.words.get(slot) == b.words.get(slot) and not is_own(x))
        ):
            continue  # one party; or the same words, which name one party in one story («أسرانا»: not)
        if slot == "when" and (total or (a.slots["modality"] != "done" and not str(x).startswith("day "))):
            continue  # a running total told on two days is one figure, updated; a plan's date is its schedule
        return "different"
    return "maybe" if maybe else "same"


def _one_kind(a: str | None, b: str | None) -> bool:
    """Whether two kinds of incident can be one (unsaid, equal, or one a kind of the other:
    «traffic» and «traffic.collision»)."""
    return a is None or b is None or a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _one_place(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    """Whether some place of one set is, holds or lies in some place of the other."""
    return any(p == q or q in _within(p) or p in _within(q) for p in a for q in b)


@cache
def _several_towns(places: frozenset[str]) -> bool:
    """Whether an article's places hold two towns neither of which is in the other: a roundup of
    incidents (Aden's and Taiz's fronts), whose figures of no place of their own could be any."""
    towns = sorted(_below_country(places))
    return any(not _one_place({p}, {q}) for i, p in enumerate(towns) for q in towns[i + 1 :])


def _towns(places: frozenset[str]) -> frozenset[str]:
    """The places of a set that are towns, villages or districts: not a country, a province or a
    region (a report of one attack names the province and the region it lies in; a background
    line names another region — Darfur beside Kordofan's villages)."""
    return _none_of_kinds(places, _NOT_TOWNS)


_NOT_TOWNS = frozenset(("country", "admin1", "region"))


def _other_towns(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether both sets name towns and none of one's is, holds or lies in one of the other's."""
    towns_a, towns_b = _below_country(a), _below_country(b)
    return bool(towns_a and towns_b) and not _one_place(towns_a, towns_b)


def _below_country(places: frozenset[str]) -> frozenset[str]:
    """The places of a set that are not whole countries (a town no gazetteer holds is one)."""
    return _none_of_kinds(places, _COUNTRY)


_COUNTRY = frozenset(("country",))


@cache
def _none_of_kinds(places: frozenset[str], kinds: frozenset[str]) -> frozenset[str]:
    """The places of a set whose gazetteer kind is none of ``kinds`` (one no gazetteer holds is a town)."""
    known = gazetteer().places
    return frozenset(p for p in places if p not in known or known[p].kind not in kinds)


@cache
def _within(place_id: str) -> frozenset[str]:
    """The places that hold a place: its parents and its country."""
    places = gazetteer().places
    out: set[str] = set()
    found = place = places.get(place_id)
    while place is not None and place.parent and place.parent not in out:
        out.add(place.parent)
        place = places.get(place.parent)
    if found is not None and found.country:
        out |= _countries().get(found.country, set())
    return frozenset(out)


@compiled
def _countries() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for p in gazetteer().places.values():
        if p.kind == "country":
            out[p.country].add(p.id)
    return dict(out)


def _apart(a: Value, b: Value) -> bool:
    small, large = sorted((a.point, b.point))
    return small > 0 and large / small >= APART and large - small > 5


def relation(a: Value, b: Value) -> str:
    found = _slot_relation(a, b)
    if found != "different" and _apart(a, b):
        return "maybe"
    return found


def _cluster(values: list[Value]) -> list[list[Value]]:
    """Groups of values whose frames agree: values with the same stated slots first (cut where
    they are a tenfold apart), then each less specific set joins the one group that states all
    it states and contradicts none of it (the one that holds its very value when it fits
    several; none when that does not decide). Frames are compared once per set, not per pair."""
    by_key: dict[tuple[Any, ...], list[Value]] = defaultdict(list)
    for v in values:
        by_key[(v.unit, v.counted_with, v.event, tuple(sorted(v.slots.items())), _daily(v))].append(v)
    sets = [part for vs in by_key.values() for kind in _by_incident(vs) for part in _by_magnitude(kind)]
    sets.sort(key=lambda g: -len(_stated(g[0])))
    merged: list[tuple[list[Value], list[Value], set[str]]] = []  # values, a value per set, slots stated
    for g in sets:
        mine = _stated(g[0])
        fits = [
            m
            for m in merged
            if mine <= m[2]
            and not _apart_sets(g, m[0])
            and not _told_apart(g, m[0])
            and not (_one_days(g[0]) and any(v.running for v in m[0]))
            and not _incident_beside_spans(g[0], m[0])
            and not _event_unsaid_beside(g[0], m[1])
            and _daily(g[0]) == _daily(m[0][0])
            and all(_slot_relation(g[0], r) != "different" for r in m[1])
        ]
        if len(fits) > 1:
            exact = {v.point for v in g if v.row["qualifier"] in ("exact", None)}
            fits = [m for m in fits if exact & {v.point for v in m[0]}]
        # not a group of another kind of incident; the one left when the frames did not decide
        # is no answer either
        fits = [m for m in fits if _one_kind_of_incident(g, m[0])]
        if len(fits) == 1:
            fits[0][0].extend(g)
            fits[0][1].append(g[0])
        else:
            merged.append((list(g), [g[0]], mine))
    return [m[0] for m in merged]


def _by_incident(values: list[Value]) -> list[list[Value]]:
    """Values of one frame split by the kind of incident they name, where two kinds cannot be
    one (a roundup's three drowned beside its road crash's three dead); those that name none
    join the group that holds their value, as less specific sets do."""
    kinds: dict[str, list[Value]] = defaultdict(list)
    unsaid = []
    for v in values:
        (kinds[v.incident] if v.incident else unsaid).append(v)
    if len(kinds) < 2 or all(_one_event_kind(a, b) for a in kinds for b in kinds):
        return [values]
    return [*kinds.values(), *([unsaid] if unsaid else [])]


def _one_kind_of_incident(a: list[Value], b: list[Value]) -> bool:
    kinds_a = {v.incident for v in a if v.incident}
    kinds_b = {v.incident for v in b if v.incident}
    return all(_one_event_kind(x, y) for x in kinds_a for y in kinds_b)


def _one_event_kind(a: str, b: str) -> bool:
    """Whether one event may be told as both kinds: one kind, or kinds of one family (a blast
    one outlet calls a strike: SaudiNewsNet's Rafah explosion)."""
    family = frame_lexicon().incident_family
    return _one_kind(a, b) or (a in family and family.get(a) == family.get(b))


def _daily(v: Value) -> str:
    """The day of a figure counted anew each day (strikes), else "": the strikes on Marib's
    al-Jufaynah front told on the 25th and those told on the 26th are two rows, not one row
    whose values are never set against each other (hand-checked SaudiNewsNet rows)."""
    if v.slots.get("scope") == "total" or v.running:
        return ""  # «ارتفع عدد الغارات منذ بداية الحملة إلى 135»: one running count over the days
    return v.day if v.event in DAILY else ""


def _event_unsaid_beside(v: Value, told: list[Value]) -> bool:
    """Whether a figure that says nothing of what happened would join figures that do: «300
    شاحنة تصطف على المعبر» beside «دخلت 137 شاحنة». It may count anything of its unit, so it
    stays apart (where a numbered convoy or a holding says what it is, it may join)."""
    if v.event is not None or not any(r.event is not None for r in told):
        return False
    return not _said_what_happened(v, v)  # a numbered convoy or a holding says it


def _incident_beside_spans(v: Value, group: list[Value]) -> bool:
    """Whether a figure that says no time would join a group of counts over a span of time (a
    week's, a month's): a bare count is of one incident more often than a restated weekly total
    (a car blast's 6 dead beside a monitor's week of 10 and a mine centre's 13). Not a plan's span,
    which is its deadline («الإفراج عن 27 معتقلاً خلال أسبوع»)."""
    return not v.slots.get("when") and all(
        str(m.slots.get("when") or "").startswith("span:") and m.slots.get("modality") == "done"
        for m in group)


def _one_days(v: Value) -> bool:
    """Whether a figure says it counts one day («دخلت اليوم الخميس 137 شاحنة», «في اليوم الثالث»)
    and not that it is a total: then it is no running total since a start, even where it
    states nothing else that tells them apart."""
    when = _when_key(v.slots.get("when") or "")
    return "scope" not in v.slots and (len(when) == 10 or when.startswith("day "))


def _stated(v: Value) -> set[str]:
    """The slots a value states that tell figures apart (a place does not: see _slot_relation)."""
    out = {
        k
        for k, x in v.slots.items()
        if k != "place"
        and not (k == "modality" and x == "done")
        and not (k == "when" and not str(x).startswith(_OWN_SPANS))
    }
    return out | ({"event"} if v.event else set())


def _told_apart(a: list[Value], b: list[Value]) -> bool:
    """Whether one account gives a value in each set that cannot both be true: its writer told
    two things apart that its frames do not (a day's count and the total)."""
    mine = _by_account(b)
    return any(
        not compatible(_range(x.row), _range(y.row)) for x in a for y in mine.get(x.original, ())
    )


def _by_account(values: list[Value]) -> dict[int, list[Value]]:
    """Values by account: an article and its copies."""
    out: dict[int, list[Value]] = defaultdict(list)
    for v in values:
        out[v.original].append(v)
    return out


def _apart_sets(a: list[Value], b: list[Value]) -> bool:
    points = [v.point for v in a] + [v.point for v in b]
    small, large = min(points), max(points)
    return small > 0 and large / small >= APART and large - small > 5


def _by_magnitude(values: list[Value]) -> list[list[Value]]:
    """Values sorted and cut where one is a tenfold of the one before."""
    ordered = sorted(values, key=lambda v: v.point)
    out: list[list[Value]] = [[ordered[0]]]
    for v in ordered[1:]:
        if _apart(out[-1][-1], v):
            out.append([v])
        else:
            out[-1].append(v)
    return out


# In a story's distinctions: figures of the kind are told of two days or more (a swap's flights,
# a front's days), so one day's count is no early count of a later total.
DAY_SERIES = "day series"


def _distinctions(values: list[Value]) -> dict[tuple[str, str | None], set[str]]:
    """The slots some article of the story states for each kind of figure (unit and event): the
    distinctions the story draws (a day's count and the total, civilians and fighters, the
    army's dead and the group's)."""
    seen: dict[tuple[str, str | None], dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for v in values:
        kind = seen[(v.unit, v.event)]
        for slot in _stated(v) - {"event"}:
            kind[slot].add(str(v.slots[slot]))
        kind["subtype"].add(str(v.subtype))
        when = _when_key(v.slots.get("when") or "")
        if len(when) == 10 and v.slots.get("scope") != "total":
            kind[DAY_SERIES].add(when)
    # a slot is a distinction where articles state it two ways (the army's dead and the
    # group's), not where some only say more than others
    return {key: {slot for slot, said in kind.items() if len(said) > 1} for key, kind in seen.items()}


def _undecided(a: Value, b: Value, distinctions: dict[tuple[str, str | None], set[str]]) -> bool:
    """Whether the story draws a distinction that neither value states: then two values that
    differ may count two things the story tells apart («88 قتيلاً» and «10 مدنيين»)."""
    drawn = distinctions.get((a.unit, a.event), set()) | distinctions.get((b.unit, b.event), set())
    drawn = drawn - {DAY_SERIES}
    mine = _stated(a) | _stated(b) | ({"subtype"} if a.subtype or b.subtype else set())
    if a.subtype != b.subtype and "subtype" in drawn:
        return True
    if _one_incident(a, b):
        return False  # «قتل 14 جنديا في لوجار أمس» and «10 جنود … في ولاية لوجار أمس»
    return not (mine - {"event", "subtype"}) and bool(drawn - mine)


def _one_incident(a: Value, b: Value) -> bool:
    """Whether two figures say they are of one day and one town (or district): then they
    count one incident, whatever distinctions the story draws elsewhere."""
    when_a, when_b = a.slots.get("when"), b.slots.get("when")
    if not when_a or str(when_a).startswith(_OWN_SPANS) or _when_key(when_a) != _when_key(when_b):
        return False
    place_a, place_b = a.slots.get("place"), b.slots.get("place")
    if not place_a or not place_b:
        return False
    towns = _below_country(frozenset((place_a, place_b)))
    return place_a in towns and place_b in towns and _one_place({place_a}, {place_b})


def _status(members: list[Value], distinctions: dict[tuple[str, str | None], set[str]]) -> str:
    if _told_twice(members):
        return "uncertain"
    conflict = uncertain = updated = False
    # a group whose articles name towns apart may hold several incidents (Jeddah's fires, the
    # Kingdom's road crashes): two sources' counts there rival only when both say one town and
    # one day. Hand-checked SaudiNewsNet rows: 10 of 39 false conflicts out, none of 20 real ones
    # (13 when provinces counted as towns, but then the test events' real conflicts went too).
    roundup = _several_towns(_towns(frozenset().union(*(m.places for m in members))))
    stale = _stale_repeats(members)
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            fits = compatible(_range(a.row), _range(b.row))
            if a.original == b.original:
                # one article and its copies: one account, unless it sets sources against each other
                conflict = conflict or _set_against(a, b)
            if a.original == b.original or a.source == b.source:
                # one source's values, or an article's copies, that differ: told later, its update
                # (a wire's 4 wounded, then 7: SaudiNewsNet's Turkish mine blast); told at once, or
                # not of one frame, unsure (one article's own two values are _told_twice's)
                if not fits and a.row["document_id"] != b.row["document_id"]:
                    if a.published != b.published \
                            and (relation(a, b) == "same" or _said_rose(a, b, distinctions)) \
                            and not _two_incidents_of_one_source(a, b):
                        updated = True
                    else:
                        uncertain = True
                continue
            rel = relation(a, b)
            if fits or "earlier" in (a.told, b.told) or _counted_up(a, b) or _counted_up(b, a) \
                    or _one_outlets(a, b):
                continue  # a figure given as superseded rivals no one's current one
            if not _comparable(a, b):
                continue  # e.g. another source's later, higher toll: news, not a contradiction
            if rel != "same" or not _said_what_happened(a, b):
                uncertain = True  # what happened is the core of a frame: unsaid, nothing is sure
                continue
            if a.row["id"] in stale or b.row["id"] in stale:
                continue  # a source's older count told again
            if roundup and not _one_incident(a, b):
                uncertain = True
            elif _undecided(a, b, distinctions) or _parts_of_unknown_wholes(a, b):
                uncertain = True
            else:
                conflict = True
    if conflict:
        return "conflict"
    if uncertain:
        return "uncertain"
    return "updated" if updated else "agree"


def _said_rose(a: Value, b: Value, distinctions: dict[tuple[str, str | None], set[str]]) -> bool:
    """Whether one source's two counts of one frame are its count and the one it replaced, as
    the reports say («وكانت الوزارة أعلنت 12 قتيلاً … ارتفعت الحصيلة إلى 19»), even where the
    articles tell of other places too."""
    if any(v.slots.get("scope") == "part" or v.slots.get("ordinal") for v in (a, b)):
        return False  # a part or a numbered sub-event is not the toll it is a part of
    if (_one_days(a) or _one_days(b)) and DAY_SERIES in distinctions.get((a.unit, a.event), set()) \
            and _when_key(a.slots.get("when") or "") != _when_key(b.slots.get("when") or ""):
        return False  # of figures told day by day, one day's count beside a total as of another day
    return _counted_up(a, b) or _counted_up(b, a)


def _days_apart_undated(a: Value, b: Value) -> bool:
    """Whether two counts say no day and were told days apart: a civil-defence spokesman's 5
    wounded by shells from Yemen one week and 4 the next are two incidents, not his update."""
    return not a.slots.get("when") and not b.slots.get("when") and bool(a.published and b.published) \
        and days_apart(a.published[:10], b.published[:10]) > COMPARABLE_DAYS


def _two_incidents_of_one_source(a: Value, b: Value) -> bool:
    """Whether one source's two counts that differ are of two incidents, not its update: told
    days apart, saying no day, neither a running total nor told as the newest count (a civil-
    defence spokesman's 5 wounded by shells from Yemen one week and 4 the next)."""
    return _days_apart_undated(a, b) and "total" not in (a.slots.get("scope"), b.slots.get("scope")) \
        and "newer" not in (a.told, b.told)


def _one_outlets(a: Value, b: Value) -> bool:
    """Whether two articles of one outlet give the figures, one of them in its own voice, or
    both from sources it does not name: an outlet does not contradict itself between two of its
    articles; two counts apart are two incidents (a run-over in Buraydah, a crash on the highway,
    minutes apart; Houthis killed in strikes on Marib one day, on its al-Jufaynah front three
    days on, both «according to local sources») or its update."""
    if not a.outlet or a.outlet != b.outlet:
        return False
    kinds = (a.source[0], b.source[0])
    return "outlet" in kinds or kinds == ("vague", "vague")


def _stale_repeats(members: list[Value]) -> set[int]:
    """The claims that repeat a source's lower count after it gave a higher one (a typhoon's
    injured told 400 by the authorities, then 101 «according to the authorities» two days on):
    counts of a growing toll do not shrink, so the later, lower one is the older count told
    again, and rivals no one's current count."""
    out: set[int] = set()
    for a in members:
        if a.event not in GROWING or not a.published:
            continue
        if any(b.source == a.source and b.published and b.published < a.published and b.low > a.high
               for b in members if b.original != a.original):
            out.add(a.row["id"])
    return out


def _said_what_happened(a: Value, b: Value) -> bool:
    """Whether both figures say what happened — or, saying nothing, both count one numbered
    sub-event («48 حافلة في القافلة الثانية» and «55 حافلة ضمن القافلة الثانية»)."""
    if a.event is not None and b.event is not None:
        return True
    if a.event is not None or b.event is not None:
        # «تضم 48 حافلة» of the second convoy beside «على متن 55 حافلة» of it: the convoy says it
        unsaid, said = (a, b) if a.event is None else (b, a)
        return _numbered_movement(unsaid) and unsaid.slots.get("ordinal") == said.slots.get("ordinal")
    if a.slots["modality"] == b.slots["modality"] == "needed":
        return True  # what is needed or demanded («طالب الخاطفون بفدية قدرها 5 ملايين دولار»)
    unit = unit_lexicon().units.get(a.row["unit"])
    if unit is None or unit.category not in COUNTED_ALONE:
        return False  # shares owned, a group's points: a verb must say what they are
    if a.slots["modality"] in HOLDINGS:
        return a.slots["modality"] == b.slots["modality"]  # tanks owned, fighters present
    return _numbered_movement(a) and a.slots.get("ordinal") == b.slots.get("ordinal")


def _numbered_movement(v: Value) -> bool:
    """Whether a figure is of a numbered convoy, flight or boat (frames.yaml movements)."""
    return str(v.slots.get("ordinal") or "").split(" ")[0] in frame_lexicon().movements


def _set_against(a: Value, b: Value) -> bool:
    """Whether one account gives two sources' values that cannot both be true and says they are
    in dispute («وتتضارب الأرقام: الوزارة 29، المرصد 41»; a statement's 1200 beside «ننفي ما روجته
    بعض وسائل الإعلام عن خروج ألفي مسلح»): a conflict it reports, not two things it counts."""
    return (
        (a.disputed or b.disputed)
        and "earlier" not in (a.told, b.told)
        # two sources; or the account's own figure beside the one it disputes
        and (a.source != b.source or a.disputed != b.disputed)
        # what happened said, or one figure set against the other for the same count («تحدثت
        # الوزارة عن ثلاثة أطفال مقابل خمسة أطفال وفق المرصد»)
        and (a.event is not None or a.versus or b.versus)
        and a.event == b.event
        and not compatible(_range(a.row), _range(b.row))
        and _slot_relation(a, b) == "same"
    )


def _counted_up(low: Value, high: Value) -> bool:
    """Whether ``low`` is the count before ``high`` rose, as the reports say: ``high`` given as
    the newest («حصيلة جديدة», «ارتفعت إلى») where ``low`` is not, or ``low`` given as provisional
    («حصيلة أولية»); and ``high`` told no earlier than a news cycle before ``low``. Two sources
    that each say their count rose still conflict."""
    if low.high >= high.low:
        return False
    if not ((high.told == "newer" and low.told != "newer") or low.told == "provisional"):
        return False
    hours = hours_apart(high.published, low.published)
    return hours is None or low.published <= high.published or hours <= NEWS_CYCLE_HOURS


def _after_told(a: Value, b: Value) -> bool:
    """Whether ``a`` says its figure is of a day after ``b`` was published (a running total
    told on a later day is the same count, grown)."""
    when = a.slots.get("when")
    day = _when_key(when) if when is not None else ""
    if len(day) != 10 or not day[:4].isdigit() or "total" in (a.slots.get("scope"), b.slots.get("scope")):
        return False
    return bool(b.published) and day > b.published[:10]


def _parts_of_unknown_wholes(a: Value, b: Value) -> bool:
    """Two parts («بينهم 4 أطفال») of wholes that are not one figure: one day's dead and the
    whole war's, one town's and the city's (dev set: 3 of 7 false conflicts). With no whole known,
    a part is of one whole only when it says the same day or place."""
    if a.slots.get("scope") != "part" or b.slots.get("scope") != "part":
        return False
    if a.whole is not None and b.whole is not None:
        return a.whole != b.whole
    return not ((a.slots.get("when") and a.slots.get("when") == b.slots.get("when"))
                or (a.slots.get("place") and a.slots.get("place") == b.slots.get("place")))


def _told_twice(members: list[Value]) -> bool:
    """Whether one article gives the group two values that cannot both be true: then the group
    holds two things its frames do not tell apart (a day's toll and the total, one convoy and all
    of them). Its copies may differ from it: a copy told later is the article updated."""
    by_article: dict[int, list[Value]] = defaultdict(list)
    for v in members:
        by_article[v.row["document_id"]].append(v)
    return any(
        not compatible(_range(a.row), _range(b.row)) and not _set_against(a, b)
        # «لقي 21 شخصاً مصرعهم في حصيلة جديدة … وكانت الوزارة أعلنت أن 15 قتلوا»: the article
        # gives its count and the one it replaced, not two counts of two things
        and not _one_replaced(a, b)
        for told in by_article.values()
        for i, a in enumerate(told)
        for b in told[i + 1 :]
    )


def _one_replaced(a: Value, b: Value) -> bool:
    """Whether one of two values of one article is told as the count before the other («وكانت
    الوزارة قالت», «حصيلة أولية») or as the newest («بحسب حصيلة جديدة»): one count updated."""
    return bool({a.told, b.told} & {"earlier", "newer", "provisional"})


def _comparable(a: Value, b: Value) -> bool:
    """Whether two sources' values that differ speak of one moment: told in one news cycle, or
    of the same day, or a figure that does not grow (a convoy's buses, tanks handed over), or a
    later value lower than an earlier one (tolls do not shrink). Never a figure of a day after
    the other was published: that article could not have told of it."""
    if _after_told(a, b) or _after_told(b, a):
        return False  # «قتل جنديان أمس الثلاثاء» beside a report of Sunday's mine: two incidents
    if a.slots.get("ordinal") or a.slots.get("modality") != "done" or a.event in FIXED:
        return True
    if a.event in DAILY:
        if a.day and b.day and a.day != b.day:
            return False  # strikes of other days: each day's own count
        return True
    if a.event not in GROWING:
        return True
    if _days_apart_undated(a, b):
        return False  # undated counts told days apart may be two incidents (Azaz's, then Qah's)
    hours = hours_apart(a.published, b.published)
    if hours is not None and hours > NEWS_CYCLE_HOURS:
        earlier, later = (a, b) if a.published < b.published else (b, a)
        return later.high < earlier.low  # tolls do not shrink; a later, higher one is news
    told_a, told_b = a.day, b.day
    if "total" in (a.slots.get("scope"), b.slots.get("scope")):
        # a running toll («ارتفعت الحصيلة إلى») grows after its day: what counts is when it was told
        told_a, told_b = a.published[:10] or a.day, b.published[:10] or b.day
    if not told_a or not told_b or told_a == told_b:
        return True
    earlier, later = (a, b) if told_a < told_b else (b, a)
    return later.high < earlier.low


def figure_table(
    claims: list[dict[str, Any]],
    documents: dict[int, dict[str, Any]],
    originals: dict[int, int],
    primary: set[int],
) -> list[dict[str, Any]]:
    """The story's figure groups, most reported first (the `compare` JSON contract).

    ``claims``: claim rows (store.claims, with their frames); ``documents``: id → document row;
    ``originals``: document → the original of its copy group (documents in no group are their
    own); ``primary``: the documents that are primary sources (statements the reports cite).
    """
    by_unit: dict[str, list[Value]] = defaultdict(list)
    values = _values(claims, documents, originals)
    for v in values:
        by_unit[v.unit].append(v)
    distinctions = _distinctions(values)
    clusters = [c for vs in by_unit.values() for c in _cluster(vs)]
    clusters.sort(key=lambda c: (-len({v.original for v in c}), -len(c), c[0].unit, c[0].event or ""))
    _find_wholes(clusters)
    groups = [_group(i + 1, c, documents, primary, distinctions) for i, c in enumerate(clusters)]
    _link_parts(groups, clusters)
    return groups


def _find_wholes(clusters: list[list[Value]]) -> None:
    """Each part's ``whole``: the cluster holding the figure it was counted out of."""
    cluster_of = {(v.row["document_id"], v.row["start"]): k for k, c in enumerate(clusters) for v in c}
    for c in clusters:
        for v in c:
            scope = (v.row.get("frame") or {}).get("scope") or {}
            if scope.get("value") == "part" and scope.get("of") is not None:
                v.whole = cluster_of.get((v.row["document_id"], scope["of"]))


def _link_parts(groups: list[dict[str, Any]], clusters: list[list[Value]]) -> None:
    """``part_of``: the group holding the whole a part was counted out of («بينهم»); the
    groups are the clusters' (in their order), whose wholes _find_wholes found."""
    for k, (g, c) in enumerate(zip(groups, clusters, strict=True)):
        wholes = [groups[v.whole]["id"] for v in c if v.whole is not None and v.whole != k]
        g["part_of"] = max(set(wholes), key=wholes.count) if wholes else None


def _frame_of(c: list[Value]) -> dict[str, Any]:
    """The slots every value of the group that states them agrees on, with a span's words."""
    frame: dict[str, Any] = {"unit": c[0].unit}
    subtypes = {v.subtype for v in c}
    if len(subtypes) == 1 and None not in subtypes:
        frame["subtype"] = subtypes.pop()
    events = {v.event for v in c if v.event}
    if len(events) == 1:
        frame["event"] = next(iter(events))
    for slot in SLOTS:
        stated = [v for v in c if slot in v.slots]
        if not stated or (slot == "modality" and all(v.slots[slot] == "done" for v in stated)):
            continue
        value = stated[0].slots[slot]
        if all(v.slots[slot] == value for v in stated):
            text = next(
                (
                    (v.row.get("frame") or {}).get(slot, {}).get("text")
                    for v in stated
                    if (v.row.get("frame") or {}).get(slot)
                ),
                None,
            )
            frame[slot] = {"value": value, "text": text}
    return frame


def _group(
    gid: int,
    c: list[Value],
    documents: dict[int, dict[str, Any]],
    primary: set[int],
    distinctions: dict[tuple[str, str | None], set[str]],
) -> dict[str, Any]:
    status = _status(c, distinctions)
    ordered = sorted(c, key=lambda v: (v.published or "~", v.row["document_id"], v.row["start"]))
    first_seen: dict[tuple[float, float], str] = {}
    for v in ordered:
        first_seen.setdefault((v.low, v.high), v.published)
    superseded = _superseded(ordered)
    values = []
    for v in ordered:
        r = v.row
        doc = documents.get(r["document_id"], {})
        values.append(
            {
                "claim": r["id"],
                "document": r["document_id"],
                "outlet": doc.get("outlet"),
                "published": doc.get("published"),
                "value": r["value"],
                "low": r["low"],
                "high": r["high"],
                "qualifier": r["qualifier"],
                "attributed_to": r["attributed_to"],
                "source": v.source[1],
                "hedge": r["hedge"],
                "actor_text": r["actor_text"],
                "start": r["start"],
                "end": r["end"],
                "text": r["text"],
                "frame": {
                    k: {
                        "value": s.get("value"),
                        "text": s.get("text"),
                        "start": s.get("start"),
                        "end": s.get("end"),
                    }
                    for k, s in (r.get("frame") or {}).items()
                    if k in SLOTS
                },
                "primary": r["document_id"] in primary,
                "copy_of": v.original if v.original != r["document_id"] else None,
                "first": first_seen[(v.low, v.high)] == v.published,
                "superseded_by": superseded.get(id(v)),
            }
        )
    values.sort(key=lambda x: (not x["primary"], x["published"] or "", x["document"]))
    low = min(v.low for v in c)
    high = max(v.high for v in c)
    best, best_from = _best(status, c, ordered, primary, superseded)
    frame = _frame_of(c)
    party = frame.get("about") or frame.get("agent") or {}
    return {
        "id": gid,
        "unit": c[0].unit,
        "event": frame.get("event"),
        "actor": party.get("value"),
        "actor_text": party.get("text"),
        "frame": frame,
        "status": status,
        "conflict": status == "conflict",
        "part_of": None,
        "values": values,
        "timeline": _timeline(ordered, superseded),
        "low": _number(low),
        "best": _number(best),
        "high": _number(high),
        "best_from": best_from,
    }


def _best(
    status: str, c: list[Value], ordered: list[Value], primary: set[int], superseded: dict[int, int]
) -> tuple[float | None, str | None]:
    if status == "uncertain":
        return None, None
    from_primary = [v.point for v in c if v.row["document_id"] in primary]
    if from_primary:
        return statistics.median(from_primary), "primary"
    if status == "updated":
        current = [v for v in ordered if id(v) not in superseded]
        return current[-1].point, "latest"
    per_group: dict[int, list[float]] = defaultdict(list)
    for v in c:
        per_group[v.original].append(v.point)
    return statistics.median(statistics.median(p) for p in per_group.values()), "median"


def _superseded(ordered: list[Value]) -> dict[int, int]:
    """Values an outlet repeats after their source gave a newer one: value → the newer claim."""
    out: dict[int, int] = {}
    by_source: dict[tuple[str, str], list[Value]] = defaultdict(list)
    for v in ordered:
        by_source[v.source].append(v)
    for told in by_source.values():
        first_time: dict[tuple[float, float], tuple[str, Value]] = {}
        for v in told:
            first_time.setdefault((v.low, v.high), (v.published, v))
        for v in told:
            mine = first_time[(v.low, v.high)][0]
            newer = [
                (t, w)
                for key, (t, w) in first_time.items()
                if key != (v.low, v.high)
                and mine < t < v.published
                and not compatible(_range(w.row), _range(v.row))
            ]
            if newer:
                out[id(v)] = max(newer, key=lambda tw: tw[0])[1].row["id"]
    return out


def _timeline(ordered: list[Value], superseded: dict[int, int]) -> list[dict[str, Any]]:
    """Who said what, and when: the group's values in publication order."""
    seen: set[tuple[float, float]] = set()
    out = []
    for v in ordered:
        key = (v.low, v.high)
        out.append(
            {
                "published": v.published or None,
                "day": v.day or None,
                "source": v.source[1],
                "document": v.row["document_id"],
                "claim": v.row["id"],
                "value": _number(v.point),
                "qualifier": v.row["qualifier"],
                "text": v.row["text"],
                "first": key not in seen,
                "superseded_by": superseded.get(id(v)),
            }
        )
        seen.add(key)
    return out


def _number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 2)
