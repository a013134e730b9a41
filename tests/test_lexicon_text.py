"""The vocabulary riwaya.text reads from the lexicon folder (calendar.yaml's date words,
numbers.yaml's exceptions, stem.yaml's suffixes and root letters, abbreviations.yaml) is well
formed, read as the code expects, and the validators find broken files."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest

from riwaya.text.data import load_yaml
from riwaya.text.dates import find_dates
from riwaya.text.normalize import normalize_str
from riwaya.text.numbers import read_word
from riwaya.text.segment import abbreviations, sentences
from riwaya.text.stem import light_stem, suffixes
from riwaya.text.terms import root_key, root_key_letters

ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A]+")


def _words_problems(name: str, words: Any, most_letters: int = 99, least_letters: int = 1) -> list[str]:
    """A non-empty list of one-word Arabic strings, none twice once normalized."""
    if not isinstance(words, list) or not words:
        return [f"{name}: not a non-empty list"]
    problems, seen = [], set()
    for word in words:
        if not isinstance(word, str) or not ARABIC_WORD.fullmatch(word):
            problems.append(f"{name}: {word!r} is not an Arabic word")
            continue
        if not least_letters <= len(word) <= most_letters:
            problems.append(f"{name}: {word!r} is not of {least_letters} to {most_letters} letters")
        if normalize_str(word) in seen:
            problems.append(f"{name}: {word!r} twice (once normalized)")
        seen.add(normalize_str(word))
    return problems


def calendar_words_problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with calendar.yaml's words around dates (the month tables are checked by
    tests/test_lexicons.py)."""
    problems = []
    for key in ("year_intros", "year_parts", "year_leads", "day_nouns", "month_nouns", "same_day",
                "demonstratives"):
        problems += _words_problems(key, data.get(key))
    periods = data.get("relative_periods")
    if not isinstance(periods, dict) or set(periods) != {"month", "year"}:
        problems.append("relative_periods: must hold month and year")
    else:
        problems += _words_problems("relative_periods", periods["month"] + periods["year"])
    articles = data.get("period_articles")
    problems += _words_problems("period_articles", articles, most_letters=3)
    problems += [f"period_articles: {a!r} ends in no article" for a in articles or []
                 if isinstance(a, str) and not a.endswith(("ال", "لل"))]
    return problems


def test_calendar_words_are_sound():
    assert calendar_words_problems(load_yaml("calendar.yaml")) == []


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d.pop("same_day"), "same_day: not a non-empty list"),
    (lambda d: d["day_nouns"].append("يوم"), "day_nouns: 'يوم' twice"),
    (lambda d: d["month_nouns"].append("شهر رمضان"), "month_nouns: 'شهر رمضان' is not an Arabic word"),
    (lambda d: d["relative_periods"].pop("month"), "relative_periods: must hold"),
    (lambda d: d["period_articles"].append("وب"), "period_articles: 'وب' ends in no article"),
])
def test_the_validator_finds_broken_calendar_words(break_it, expected):
    data = copy.deepcopy(load_yaml("calendar.yaml"))
    break_it(data)
    assert any(p.startswith(expected) for p in calendar_words_problems(data)), expected


def test_date_patterns_are_built_from_the_calendar_words():
    ref = dt.date(2019, 3, 11)
    month = find_dates("وقال إن الشهر الماضي شهد تصعيداً", ref)
    assert [(d.value, d.precision) for d in month] == [("2019-02", "month")]
    year = find_dates("خلال هذا العام", ref)
    assert [(d.value, d.precision) for d in year] == [("2019", "year")]
    assert [d.value for d in find_dates("في يوم الاثنين 11 آذار 2019", ref)] == ["2019-03-11"]
    assert find_dates("في اليوم ذاته", ref) == []  # the same day of something else
    assert [d.value for d in find_dates("في أوائل عام 2015", ref)] == ["2015"]


def number_exceptions_problems(data: dict[str, Any]) -> list[str]:
    """numbers.yaml's exceptions: words, and spoken hundreds that are hundreds."""
    problems = _words_problems("not_numbers", data.get("not_numbers"))
    problems += _words_problems("spoken_hundreds", data.get("spoken_hundreds"))
    hundreds = {normalize_str(str(f)) for f in data["hundreds"][100]}
    problems += [f"spoken_hundreds: {w!r} is no form of a hundred" for w in data.get("spoken_hundreds") or []
                 if isinstance(w, str) and normalize_str(w) not in hundreds]
    return problems


def test_number_exceptions_are_sound_and_read():
    assert number_exceptions_problems(load_yaml("numbers.yaml")) == []
    assert read_word("الاثنين") is None and read_word("اثنين").value == 2
    assert read_word(normalize_str("بالمئة")) is None
    assert read_word(normalize_str("مية")).value == 100 and read_word(normalize_str("كمية")) is None
    assert read_word(normalize_str("ومية")).value == 100 and read_word(normalize_str("بمية")) is None


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d["spoken_hundreds"].append("ميا"), "spoken_hundreds: 'ميا' is no form of a hundred"),
    (lambda d: d["not_numbers"].append("الأحد"), "not_numbers: 'الأحد' twice"),
    (lambda d: d.pop("not_numbers"), "not_numbers: not a non-empty list"),
])
def test_the_validator_finds_broken_number_exceptions(break_it, expected):
    data = copy.deepcopy(load_yaml("numbers.yaml"))
    break_it(data)
    assert any(p.startswith(expected) for p in number_exceptions_problems(data)), expected


def stem_problems(data: dict[str, Any]) -> list[str]:
    """stem.yaml's suffixes (normalized, each tried before the shorter ones it ends with) and
    root-key letters."""
    listed = data.get("suffixes")
    problems = _words_problems("suffixes", listed, most_letters=3)
    if isinstance(listed, list) and all(isinstance(s, str) for s in listed):
        problems += [f"suffixes: {a!r} comes after {b!r}, which it ends with: it is never taken"
                     for i, b in enumerate(listed) for a in listed[i + 1:] if a != b and a.endswith(b)]
    letters = data.get("root_key") or {}
    problems += _words_problems("root_key.long_prefixes", letters.get("long_prefixes"), least_letters=2)
    for key in ("letter_prefixes", "weak_letters"):
        problems += _words_problems(f"root_key.{key}", letters.get(key), most_letters=1)
    # both stem normalized words: a form normalization folds away never matches
    for key, forms in (("suffixes", listed), *((f"root_key.{k}", v) for k, v in letters.items())):
        problems += [f"{key}: {s!r} is not normalized" for s in forms or []
                     if isinstance(s, str) and normalize_str(s) != s]
    return problems


def test_stem_suffixes_and_root_letters_are_sound_and_read():
    data = load_yaml("stem.yaml")
    assert stem_problems(data) == []
    assert suffixes() == tuple(data["suffixes"])
    assert light_stem("مقاتلين") == "مقاتل" and light_stem("والقوات") == "قوات" and light_stem("والمدرعات") == "مدرع"
    assert root_key_letters().long_prefixes == ("است",)
    assert [root_key(w) for w in ("مقتل", "قتلوا", "استقبال", "قاذفا")] == ["قتل", "قتل", "قبل", "قذف"]


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d["suffixes"].insert(0, "ين"), "suffixes: 'ين' twice"),
    (lambda d: d["suffixes"].append("تين"), "suffixes: 'تين' twice"),
    (lambda d: d.update(suffixes=["ين", "تين"]), "suffixes: 'تين' comes after 'ين'"),
    (lambda d: d["suffixes"].append("ة"), "suffixes: 'ة' is not normalized"),
    (lambda d: d["root_key"]["weak_letters"].append("ى"), "root_key.weak_letters: 'ى' is not normalized"),
    (lambda d: d["root_key"]["weak_letters"].append("وا"), "root_key.weak_letters: 'وا' is not of 1 to 1"),
    (lambda d: d["root_key"].update(long_prefixes=[]), "root_key.long_prefixes: not a non-empty list"),
])
def test_the_validator_finds_a_broken_stem_file(break_it, expected):
    data = copy.deepcopy(load_yaml("stem.yaml"))
    break_it(data)
    assert any(p.startswith(expected) for p in stem_problems(data)), expected


def abbreviation_problems(data: dict[str, Any]) -> list[str]:
    """Abbreviations: strings of two characters or more (single letters are a rule), no space,
    none twice."""
    words = data.get("abbreviations")
    if not isinstance(words, list) or not words:
        return ["abbreviations: not a non-empty list"]
    problems = [f"abbreviations: {w!r} is not a word of two characters or more" for w in words
                if not isinstance(w, str) or len(w) < 2 or any(c.isspace() for c in w)]
    problems += [f"abbreviations: {w!r} twice" for i, w in enumerate(words) if w in words[:i]]
    return problems


def test_abbreviations_are_sound_and_end_no_sentence():
    assert abbreviation_problems(load_yaml("abbreviations.yaml")) == []
    assert {"إلخ", "ص.ب", "No"} <= abbreviations()  # «No» stays a string, not YAML's false
    assert len(sentences("وصلت المساعدات من الغذاء والدواء إلخ. ثم غادرت القافلة.")) == 1
    assert len(sentences("وصلت المساعدات من الغذاء والدواء وغيرها. ثم غادرت القافلة.")) == 2


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d["abbreviations"].append(False), "abbreviations: False is not"),
    (lambda d: d["abbreviations"].append("د"), "abbreviations: 'د' is not"),
    (lambda d: d["abbreviations"].append("ص ب"), "abbreviations: 'ص ب' is not"),
    (lambda d: d["abbreviations"].append("الخ"), "abbreviations: 'الخ' twice"),
])
def test_the_validator_finds_broken_abbreviations(break_it, expected):
    data = copy.deepcopy(load_yaml("abbreviations.yaml"))
    break_it(data)
    assert any(p.startswith(expected) for p in abbreviation_problems(data)), expected
