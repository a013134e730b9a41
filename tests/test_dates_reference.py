"""Reference dates at the ends of the calendar (found by tests/test_fuzz.py): any date a user may
give (--ref-date, the API's ref_date) resolves what it can and leaves the rest unresolved, never
an OverflowError or ValueError out of `riwaya extract`."""

import datetime as dt

import pytest

from riwaya.extract import extract
from riwaya.text.dates import find_dates

FIRST_DAY = dt.date(1, 1, 1)  # a Monday
LAST_DAY = dt.date(9999, 12, 31)


def _values(text: str, ref: dt.date) -> list[str | None]:
    return [d.value for d in find_dates(text, ref)]


@pytest.mark.parametrize(("text", "ref", "values"), [
    ("وصلوا أمس", FIRST_DAY, [None]),  # the day before the first day
    ("وصلوا غداً", LAST_DAY, [None]),
    ("وصلوا أمس", LAST_DAY, ["9999-12-30"]),
    ("وصلوا الأحد الماضي", FIRST_DAY, [None]),
    ("وصلوا الأحد المقبل", LAST_DAY, [None]),
    ("اليوم الخميس", FIRST_DAY, [None]),
    ("منذ حزيران الماضي", FIRST_DAY, [None]),  # year 0
    ("بحلول حزيران المقبل", LAST_DAY, [None]),  # year 10000
])
def test_relative_dates_past_the_calendars_ends_are_unresolved(text: str, ref: dt.date,
                                                               values: list[str | None]) -> None:
    assert _values(text, ref) == values


def test_a_date_without_its_year_takes_the_reference_year_up_to_the_last_day() -> None:
    assert _values("في 13 نيسان", LAST_DAY) == ["9999-04-13"]
    found = find_dates("في 13 نيسان", FIRST_DAY)  # 13 April of year 0: no such year
    assert [(d.value, d.extra["year"]) for d in found] == [(None, None)]


@pytest.mark.parametrize("ref", [dt.date(1900, 1, 1), dt.date(2100, 1, 1), FIRST_DAY, LAST_DAY])
def test_a_hijri_date_outside_the_umm_al_qura_table_is_unresolved(ref: dt.date) -> None:
    """hijridate knows 1924–2077: a reference date outside it gives no Hijri year."""
    found = find_dates("في 5 رمضان", ref)
    assert [(d.calendar, d.value, d.extra["year"]) for d in found] == [("hijri", None, None)]


def test_extract_takes_any_reference_date() -> None:
    text = "قال المتحدث أمس إن ثلاثة قتلوا الأحد الماضي وفي 5 رمضان و13 نيسان، وحزيران الماضي."
    for ref in (FIRST_DAY, LAST_DAY, dt.date(1900, 1, 1)):
        assert {m["text"] for m in extract(text, ref)["mentions"] if m["kind"] == "date"} >= {"أمس", "5 رمضان"}
