"""Gregorian and Hijri dates in Arabic text, converted, cross-checked and resolved.

Arab outlets write months in several systems (Levantine كانون الثاني, Egyptian/Gulf يناير,
Maghrebi جانفي, Moroccan يوليوز), often paired (نيسان/أبريل); statements add the Hijri date
(الموافق 1439/08/07). Each date mention says its calendar, its value in that calendar, its
Gregorian equivalent (Umm al-Qura via hijridate) and its precision. Relative dates (أمس,
الأحد الماضي, صباح السبت) are resolved against a reference date when one is given. A Hijri and
a Gregorian date written together for the same day are paired and checked (±1 day, since
outlets may follow local moon sighting rather than Umm al-Qura).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hijridate import Gregorian, Hijri

from riwaya.compiled import compiled
from riwaya.text.data import calendar as calendar_data
from riwaya.text.normalize import EXTRACT, Normalized, normalize_str

# Hijri years that a numeric date may carry: Umm al-Qura as hijridate knows it.
HIJRI_YEARS = range(1343, 1501)
_PAIR_GAP = 48  # characters between the two renderings of one day


@dataclass
class DateMention:
    """A date the text gives, Gregorian or Hijri, by offsets, with its day as a Gregorian date."""

    start: int
    end: int
    text: str
    calendar: str  # gregorian | hijri
    value: str | None
    gregorian: str | None
    precision: str  # day | month | year
    relative: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    _ordinal: int | None = None  # Gregorian day number, for pairing

    def as_dict(self) -> dict[str, Any]:
        out = {"kind": "date", "start": self.start, "end": self.end, "text": self.text,
               "calendar": self.calendar, "value": self.value, "gregorian": self.gregorian,
               "precision": self.precision}
        if self.relative:
            out["relative"] = True
        out.update(self.extra)
        return out


def days_apart(a: str, b: str) -> int:
    """Whole days between two ISO dates or timestamps (their first ten characters); 0 when
    either is not a date."""
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0


def hours_apart(a: str, b: str) -> float | None:
    """Hours between two ISO timestamps («2015-07-21T02:51:32»); None when either gives no time
    of day."""
    if len(a) < 16 or len(b) < 16:
        return None
    try:
        return abs((dt.datetime.fromisoformat(a) - dt.datetime.fromisoformat(b)).total_seconds()) / 3600
    except ValueError:
        return None


def _alternation(forms: list[str]) -> str:
    # Longest first, spaces flexible, digits kept literal.
    uniq = sorted({normalize_str(str(f)) for f in forms}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in uniq)


def _in_order(forms: list[str]) -> str:
    # One-word forms as listed, for alternatives whose order is the lexicon's.
    return "|".join(re.escape(normalize_str(str(f))) for f in forms)


@compiled
def day_words() -> frozenset[str]:
    """One-word days, relative and of the week («اليوم», «أمس», «الخميس»), normalized."""
    lex = _lexicon()
    return frozenset(w for w in (*lex["weekdays"], *lex["relative"]) if " " not in w)


@compiled
def _lexicon() -> dict[str, Any]:
    data = calendar_data()
    months: dict[str, tuple[str, int]] = {}
    for cal_name, key in (("gregorian", "gregorian_months"), ("hijri", "hijri_months")):
        for number, forms in data[key].items():
            for f in forms:
                months[normalize_str(str(f))] = (cal_name, int(number))
    weekdays = {normalize_str(f): int(n) for n, fs in data["weekdays"].items() for f in fs}
    ordinals = {normalize_str(f): int(n) for n, fs in data["day_ordinals"].items() for f in fs}
    relative = {normalize_str(f): int(n) for n, fs in data["relative_days"].items() for f in fs}
    return {
        "months": months,
        "ambiguous": {normalize_str(f) for f in data["ambiguous_months"]},
        "month_intros": {normalize_str(f) for f in data["month_intros"]},
        "future_month_intros": {normalize_str(f) for f in data["future_month_intros"]},
        "weekdays": weekdays,
        "ordinals": ordinals,
        "relative": relative,
        "past": {normalize_str(f) for f in data["past_markers"]},
        "future": {normalize_str(f) for f in data["future_markers"]},
        "current": {normalize_str(f) for f in data["current_markers"]},
        "hijri_era": {normalize_str(f) for f in data["hijri_era"]},
        "gregorian_era": {normalize_str(f) for f in data["gregorian_era"]},
        "data": data,
    }


_B = r"(?<![\w])"  # word start
_E = r"(?![\w])"  # word end
_E_MONTH = r"(?![^\W\d_])"  # a month name's end: a year may be glued to it («أغسطس٢٠١٣», SaudiNewsNet)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    data = lex["data"]
    month = _alternation(list(lex["months"]))
    weekday = _alternation(list(lex["weekdays"]))
    ordinal = _alternation(list(lex["ordinals"]))
    era = _alternation(data["hijri_era"] + data["gregorian_era"])
    markers = _alternation(data["past_markers"] + data["future_markers"] + data["current_markers"])
    day_part = _alternation(data["day_parts"])
    relative = _alternation(list(lex["relative"]))
    day_noun, month_noun = _in_order(data["day_nouns"]), _in_order(data["month_nouns"])
    weekday_prefix = rf"(?:(?:{day_noun}\s+)?(?P<weekday>{weekday}){_E}\s*[,،]?\s*)?"
    day = rf"(?:(?P<day>\d{{1,2}})|(?P<ordinal>{ordinal})\s+من)"
    # «نيسان/أبريل», and «يوليو تموز» (wire copy names both without a mark between)
    month_part = (rf"(?:{month_noun}\s+)?(?P<month>{month}){_E_MONTH}"
                  rf"(?:\s*[/(\-–]?\s*(?P<month2>{month}){_E_MONTH}(?:\s*\))?)?")
    year_part = rf"(?P<year>\d{{4}})(?:\s*(?P<era>{era}){_E}\.?)?"
    # 2018/04/23, 1439/08/07; 23/4/2018, 23-04-2018; a weekday may lead.
    numeric = (rf"{_B}{weekday_prefix}(?<![\d/.\-])(?:"
               rf"(?P<y1>\d{{4}})(?P<s1>[/\-.])(?P<m1>\d{{1,2}})(?P=s1)(?P<d1>\d{{1,2}})"
               # «7 /12 /2025»: a space before or after the slashes
               rf"|(?P<d2>\d{{1,2}}) ?(?P<s2>[/\-.]) ?(?P<m2>\d{{1,2}}) ?(?P=s2) ?(?P<y2>\d{{4}}))"
               rf"(?![\d/\-]|\.\d)(?:\s*(?P<era>{era}){_E}\.?)?")
    year_intro = _alternation(data["year_intros"])
    named = (rf"{_B}{weekday_prefix}(?:{day}\s+)?{month_part}"
             rf"(?:\s*[,،]?\s*(?:من\s+)?(?:(?:{year_intro})\s+)?{year_part}"
             rf"|\s+(?P<marker>{markers}){_E})?")
    year_lead = _alternation(data["year_parts"] + data["year_leads"])
    year_only = (rf"{_B}(?:(?P<intro>(?:(?:{year_lead})\s+)?(?:{year_intro}))\s+{year_part}{_E}"
                 rf"|(?P<year_b>\d{{4}})\s*(?P<era_b>{era}){_E}\.?)")
    same_day = _in_order(data["same_day"])
    relative_day = (rf"{_B}(?:(?P<part>{day_part})\s+)?(?:{day_noun}\s+)?(?:"
                    # «اليوم الثاني» of an operation, «اليوم ذاته»: not today
                    rf"(?P<rel>{relative})(?!\s+(?:{ordinal}|{same_day}){_E})"
                    # «اليوم السبت», «أمس الاثنين»: the day word and its weekday, one date
                    rf"(?:\s+(?P<relweekday>{weekday}))?"
                    rf"|(?P<rweekday>{weekday})(?:\s+(?P<rmarker>{markers}))?){_E}")
    this = _alternation(data["demonstratives"])
    periods = [p for precision in ("month", "year") for p in data["relative_periods"][precision]]
    article = _in_order(data["period_articles"])
    # «الشهر», «العام»: the period nouns with the article (the alternatives are of one length and
    # distinct, so their order does not matter)
    the_period = "|".join("ال" + re.escape(normalize_str(str(p))) for p in periods)
    relative_period = (rf"{_B}(?:[وف]?(?:{article})(?P<period>{_in_order(periods)})\s+(?P<pmarker>{markers})"
                       rf"|(?:{this})\s+(?P<this>{the_period}))(?:\s+(?P<pmarker2>{markers}))?{_E}")
    return {name: re.compile(p) for name, p in [
        ("numeric", numeric), ("named", named), ("year_only", year_only),
        ("relative_day", relative_day), ("relative_period", relative_period)]}


def _is_hijri(year: int, era: str | None, month_calendar: str | None) -> bool:
    lex = _lexicon()
    if era and era in lex["hijri_era"]:
        return True
    if era and era in lex["gregorian_era"]:
        return False
    if month_calendar:
        return month_calendar == "hijri"
    return year in HIJRI_YEARS


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _make(calendar_name: str, year: int, month: int | None,
          day: int | None) -> tuple[str, str | None, int | None, str | None]:
    """(value, gregorian, gregorian ordinal, error) for a date in its own calendar."""
    value = _iso(year, month, day)
    if calendar_name == "gregorian":
        date = dt.date(year, month or 1, day or 1)  # raises ValueError for 31/02
        return value, value, date.toordinal() if day else None, None
    try:
        first = Hijri(year, month or 1, day or 1, validate=True).to_gregorian()
    except (ValueError, OverflowError) as exc:
        return value, None, None, f"hijri date outside the Umm al-Qura table: {exc}"
    greg = dt.date(first.year, first.month, first.day)
    if day:
        return value, greg.isoformat(), greg.toordinal(), None
    if month:
        return value, greg.strftime("%Y-%m"), None, None
    return value, f"{greg.year:04d}", None, None


def _infer_year(calendar_name: str, month: int, day: int | None, ref: dt.date | None) -> int | None:
    """The year of a date written without one: the latest such date ≤ ref + 30 days."""
    if ref is None:
        return None
    # (date - ref) rather than ref + 30 days: no overflow at the calendar's end (a ref of 9999-12-31)
    if calendar_name == "gregorian":
        year = ref.year
        try:
            if dt.date(year, month, day or 1) - ref > dt.timedelta(days=30):
                year -= 1
        except ValueError:
            return None
        return year if year >= dt.MINYEAR else None
    href = _hijri_of(ref)
    if href is None:
        return None
    year = href.year
    try:
        g = Hijri(year, month, day or 1).to_gregorian()
        if dt.date(g.year, g.month, g.day) - ref > dt.timedelta(days=30):
            year -= 1
    except (ValueError, OverflowError):
        return None
    return year


def _hijri_of(day: dt.date) -> Hijri | None:
    """``day`` in the Hijri calendar; None outside the Umm al-Qura table hijridate holds
    (1924–2077), where a reference date gives no Hijri year."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None


def find_dates(text: str, ref_date: dt.date | None = None,
               norm: Normalized | None = None) -> list[DateMention]:
    """All date mentions in ``text`` in order, with Hijri/Gregorian pairs cross-checked."""
    norm = norm or EXTRACT(text)
    candidates: list[tuple[int, int, DateMention]] = []
    for name, pattern in _patterns().items():
        for m in pattern.finditer(norm.text):
            mention = _build(name, m, norm, ref_date)
            if mention is not None:
                candidates.append((m.start(), m.end(), mention))
    # Longest match wins where candidates overlap («يوم الاثنين 11 آذار 2019» over «يوم الاثنين»).
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[tuple[int, int, DateMention]] = []
    for cand in candidates:
        while chosen and cand[0] < chosen[-1][1]:
            last = chosen[-1]
            if cand[1] - cand[0] <= last[1] - last[0]:
                break
            chosen.pop()  # the longer, later-starting candidate replaces it
        else:
            chosen.append(cand)
    chosen_mentions = [c[2] for c in chosen]
    pair_dates(chosen_mentions, text)
    return chosen_mentions


def _span(norm: Normalized, start: int, end: int) -> tuple[int, int, str]:
    s, e = norm.span(start, end)
    return s, e, norm.original[s:e]


def _build(name: str, m: re.Match[str], norm: Normalized, ref: dt.date | None) -> DateMention | None:
    lex = _lexicon()
    g = m.groupdict()
    start, end, surface = _span(norm, m.start(), m.end())
    if name == "numeric":
        if g["y1"]:
            year, month, day = int(g["y1"]), int(g["m1"]), int(g["d1"])
        else:
            year, first, second = int(g["y2"]), int(g["d2"]), int(g["m2"])
            day, month = first, second
            if month > 12 and day <= 12:
                day, month = month, day  # 4/23/2018, written the American way
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        hijri = _is_hijri(year, g.get("era"), None)
        if not hijri and not 1800 <= year <= 2200:
            return None
        return _finish(start, end, surface, "hijri" if hijri else "gregorian", year, month, day,
                       g.get("weekday"))
    if name == "named":
        month_word = re.sub(r"\s+", " ", g["month"])
        cal_name, month = lex["months"][month_word]
        if g.get("month2"):
            cal2, month2 = lex["months"][re.sub(r"\s+", " ", g["month2"])]
            if cal2 != cal_name or month2 != month:
                return None  # «نيسان/أبريل» must name one month twice
        day = int(g["day"]) if g.get("day") else (
            lex["ordinals"][re.sub(r"\s+", " ", g["ordinal"])] if g.get("ordinal") else None)
        year = int(g["year"]) if g.get("year") else None
        marker = g.get("marker")
        # a bare month name is too often a verb, a name or a season (مارس, «خلال شهر رمضان»); not
        # with both its names, as a report dates a month («خلال تشرين الثاني/نوفمبر»)
        told = bool(g.get("month2")) or (
            month_word not in lex["ambiguous"] and _after_month_intro(norm.text, m.start()))
        if day is None and year is None and not told and (marker is None or month_word in lex["ambiguous"]):
            return None
        if day is not None and not 1 <= day <= 31:
            return None
        if year is not None:
            era = g.get("era")
            if era and ((era in lex["hijri_era"]) != (cal_name == "hijri")):
                return None
            return _finish(start, end, surface, cal_name, year, month, day, g.get("weekday"))
        if marker is not None:
            when = -1 if marker in lex["past"] else 1 if marker in lex["future"] else 0
            return _relative_month(start, end, surface, cal_name, month, when, ref)
        if day is None and _after_month_intro(norm.text, m.start(), future=True):
            # «بحلول أغسطس»: the coming August
            return _relative_month(start, end, surface, cal_name, month, 1, ref, relative=False)
        year = _infer_year(cal_name, month, day, ref)
        if year is None:
            weekday = g.get("weekday")
            return DateMention(start, end, surface, cal_name, None, None, "day" if day else "month",
                               extra={"resolved": False, "year": None, "month": month, "day": day,
                                      **({"weekday": lex["weekdays"][weekday]} if weekday else {})})
        mention = _finish(start, end, surface, cal_name, year, month, day, g.get("weekday"))
        if mention is not None:
            mention.extra["year_inferred"] = True
        return mention
    if name == "year_only":
        year = int(g["year"] or g["year_b"])
        era = g.get("era") or g.get("era_b")
        hijri = _is_hijri(year, era, None) if era else False
        if not hijri and not 1800 <= year <= 2200:
            return None
        return _finish(start, end, surface, "hijri" if hijri else "gregorian", year, None, None, None)
    if name == "relative_day":
        return _relative_day(start, end, surface, g, ref)
    if name == "relative_period":
        return _relative_period(start, end, surface, g, ref)
    return None


def _finish(start: int, end: int, surface: str, cal_name: str, year: int, month: int | None,
            day: int | None, weekday_word: str | None) -> DateMention | None:
    try:
        value, greg, ordinal, error = _make(cal_name, year, month, day)
    except ValueError:
        return None
    precision = "day" if day else ("month" if month else "year")
    mention = DateMention(start, end, surface, cal_name, value, greg, precision, _ordinal=ordinal)
    mention.extra.update({"year": year, "month": month, "day": day})
    if error:
        mention.extra["error"] = error
    if weekday_word:
        expected = _lexicon()["weekdays"][weekday_word]
        mention.extra["weekday"] = expected
        if ordinal is not None:
            mention.extra["weekday_consistent"] = dt.date.fromordinal(ordinal).weekday() == expected
    return mention


# How far a named weekday may lie from the day «اليوم»/«أمس» gives from the article's date:
# days back (a statement quoted by the next morning's paper), days ahead (a time zone).
_WEEKDAY_BACK_DAYS = 2
_WEEKDAY_AHEAD_DAYS = 1


def _named_weekday_near(date: dt.date, weekday: int) -> dt.date:
    """The day a relative word with its weekday speaks of: «اليوم الخميس» in a statement quoted
    by Friday morning's paper is Thursday. The named weekday is the writer's own; the article's
    date is when it was published, a day or two late, or a day early in another time zone. The
    date itself when no such weekday is that near (a late repost of an older story)."""
    for step in (*range(0, -_WEEKDAY_BACK_DAYS - 1, -1), *range(1, _WEEKDAY_AHEAD_DAYS + 1)):
        near = date + dt.timedelta(days=step)
        if near.weekday() == weekday:
            return near
    return date


def _relative_day(start: int, end: int, surface: str, g: dict[str, Any],
                  ref: dt.date | None) -> DateMention | None:
    lex = _lexicon()
    mention = DateMention(start, end, surface, "gregorian", None, None, "day", relative=True)
    if g.get("rel"):
        word = re.sub(r"\s+", " ", g["rel"])
        offset = lex["relative"][word]
        mention.extra["offset"] = offset  # «أمس»: the day before the text's own
        if g.get("relweekday"):
            mention.extra["weekday"] = lex["weekdays"][g["relweekday"]]
        if ref is not None:
            try:
                date = ref + dt.timedelta(days=offset)
                weekday = mention.extra.get("weekday")
                near = date if weekday is None else _named_weekday_near(date, weekday)
            except OverflowError:  # «أمس» of a ref of 0001-01-01: no such day, left unresolved
                return mention
            if "weekday" in mention.extra:
                mention.extra["weekday_consistent"] = date.weekday() == mention.extra["weekday"]
            mention.value = mention.gregorian = near.isoformat()
            mention._ordinal = near.toordinal()
        return mention
    weekday = lex["weekdays"][g["rweekday"]]
    mention.extra["weekday"] = weekday
    marker = g.get("rmarker")
    if ref is not None:
        delta = (ref.weekday() - weekday) % 7
        try:
            if marker in lex["future"]:
                date = ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
            elif marker in lex["past"]:
                date = ref - dt.timedelta(days=delta or 7)
            else:
                date = ref - dt.timedelta(days=delta)
        except OverflowError:  # past the calendar's first or last day: left unresolved
            return mention
        mention.value = mention.gregorian = date.isoformat()
        mention._ordinal = date.toordinal()
    return mention


def _after_month_intro(text: str, at: int, future: bool = False) -> bool:
    """Whether the word before ``at`` is one that dates a bare month («بحلول أغسطس», «منذ
    يناير», «في شوال»): then the month name is a date, not a verb or a name. ``future``: one
    that looks ahead («بحلول»)."""
    before = text[max(0, at - 20):at].split()
    return bool(before) and before[-1] in _lexicon()["future_month_intros" if future else "month_intros"]


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative_month(start: int, end: int, surface: str, cal_name: str, month: int, when: int,
                    ref: dt.date | None, relative: bool = True) -> DateMention:
    """A month named without its year, counted from ``ref``: the last such month (``when`` -1,
    «الماضي»), the coming one (1, «المقبل», «بحلول»), or the current year's (0, «الجاري»)."""
    mention = DateMention(start, end, surface, cal_name, None, None, "month", relative=relative,
                          extra={"month": month})  # «حزيران الماضي»: June, whichever year
    if ref is None:
        return mention
    if cal_name == "gregorian":
        ref_year, ref_month = ref.year, ref.month
    else:
        h = _hijri_of(ref)
        if h is None:
            return mention
        ref_year, ref_month = h.year, h.month
    year = ref_year
    if when < 0 and month >= ref_month:
        year -= 1
    elif when > 0 and month <= ref_month:
        year += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # «حزيران الماضي» of a ref in year 1: unresolved
        return mention
    value, greg, _, error = _make(cal_name, year, month, None)
    mention.value, mention.gregorian = value, greg
    if error:
        mention.extra["error"] = error
    return mention


@compiled
def _month_periods() -> tuple[str, ...]:
    """The nouns of a relative period that is a month («الشهر الماضي»), normalized."""
    return tuple(normalize_str(str(p)) for p in calendar_data()["relative_periods"]["month"])


def _relative_period(start: int, end: int, surface: str, g: dict[str, Any],
                     ref: dt.date | None) -> DateMention:
    lex = _lexicon()
    period = g.get("period") or g.get("this")
    marker = g.get("pmarker") or g.get("pmarker2")
    if g.get("this"):
        marker = None
    delta = -1 if marker in lex["past"] else (1 if marker in lex["future"] else 0)
    precision = "month" if period.endswith(_month_periods()) else "year"
    mention = DateMention(start, end, surface, "gregorian", None, None, precision, relative=True)
    if ref is not None:
        if precision == "month":
            year, month = _shift_month(ref.year, ref.month, delta)
            mention.value = mention.gregorian = _iso(year, month)
        else:
            mention.value = mention.gregorian = _iso(ref.year + delta)
    return mention


def pair_dates(mentions: list[DateMention], text: str) -> None:
    """Mark a Hijri and a Gregorian day written side by side as one day, and check them."""
    for a, b in itertools.pairwise(mentions):
        if a.calendar == b.calendar or a._ordinal is None or b._ordinal is None:
            continue
        if a.relative or b.relative:
            continue
        gap = text[a.end:b.start]
        if len(gap.strip()) > _PAIR_GAP or any(ch.isdigit() for ch in gap):
            continue
        difference = b._ordinal - a._ordinal if a.calendar == "hijri" else a._ordinal - b._ordinal
        consistent = abs(difference) <= 1
        for this, other in ((a, b), (b, a)):
            this.extra["consistent"] = consistent
            this.extra["same_day_as"] = {"start": other.start, "end": other.end}
        # Days by which the Hijri rendering is later than the Gregorian one.
        a.extra["day_difference"] = b.extra["day_difference"] = difference


def published_day(value: str | None) -> str | None:
    """The day of a ``published`` value in ISO form, or None when it is not a date."""
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def published_at(value: str | None) -> str | None:
    """A ``published`` value as a sortable ISO timestamp («2015-07-21T02:51:32», or the day
    alone when it gives no time): which of two copies came first is often a matter of minutes."""
    day = published_day(value)
    if day is None:
        return None
    m = re.match(r"\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})(?::(\d{2}))?", value.strip())  # type: ignore[union-attr]
    return f"{day}T{m[1]}:{m[2]}:{m[3] or '00'}" if m else day
