"""The vocabulary quantities read around a number (quantity_words.yaml, qualifiers.yaml's ranges
and bounds, calendar.yaml's year words) is well formed, and the validator finds broken files."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from riwaya.extract.quantities import QuantityWords, _words
from riwaya.lexicon import calendar, load_yaml, qualifiers
from riwaya.text.normalize import normalize_str

ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A]+")
ONE_WORD_LISTS = ("naming_words", "clock_words", "digit_articles", "definite_prefixes", "year_words",
                  "among", "others", "partitive", "ellipsis_joiners", "one", "ordinals")
PHRASE_LISTS = ("among_the",)  # matched on one or two tokens
SUFFIX_LISTS = ("event_endings", "pronouns", "dual_endings", "dual_pronouns", "nisba_plurals")


def _list_problems(name: str, words: Any, most_words: int) -> list[str]:
    if not isinstance(words, list) or not words:
        return [f"{name}: not a non-empty list"]
    problems = []
    seen: set[str] = set()
    for word in words:
        if not isinstance(word, str):
            problems.append(f"{name}: {word!r} is not a string")
            continue
        parts = word.split()
        if not 1 <= len(parts) <= most_words or not all(ARABIC_WORD.fullmatch(p) for p in parts):
            problems.append(f"{name}: {word!r} is not {most_words} Arabic word(s) at most")
        norm = normalize_str(word)
        if norm in seen:
            problems.append(f"{name}: {word!r} twice (once normalized)")
        seen.add(norm)
    return problems


def quantity_words_problems(data: Any) -> list[str]:
    """What is wrong with a parsed quantity_words.yaml: keys, types, words, duplicates."""
    if not isinstance(data, dict):
        return ["not a mapping"]
    expected = {*ONE_WORD_LISTS, *PHRASE_LISTS, "suffixes"}
    problems = [f"unknown key {k}" for k in data.keys() - expected]
    problems += [f"missing key {k}" for k in expected - data.keys()]
    for name in ONE_WORD_LISTS:
        problems += _list_problems(name, data.get(name), 1)
    for name in PHRASE_LISTS:
        problems += _list_problems(name, data.get(name), 2)
    suffixes = data.get("suffixes")
    if not isinstance(suffixes, dict) or set(suffixes) != set(SUFFIX_LISTS):
        return [*problems, f"suffixes: keys must be {SUFFIX_LISTS}"]
    for name in SUFFIX_LISTS:
        problems += _list_problems(f"suffixes.{name}", suffixes[name], 1)
        # endings are matched on normalized words as listed: no ة, ى or hamza on alef
        problems += [f"suffixes.{name}: {s!r} is not normalized" for s in suffixes[name]
                     if isinstance(s, str) and normalize_str(s) != s]
    for name in ("digit_articles", "definite_prefixes"):
        problems += [f"{name}: {w!r} ends in no article" for w in data.get(name) or []
                     if isinstance(w, str) and not w.endswith(("ال", "لل"))]
    years = {normalize_str(w) for w in [*calendar()["year_intros"], *calendar()["year_parts"]]}
    problems += [f"year_words: {w!r} is in calendar.yaml already" for w in data.get("year_words") or []
                 if isinstance(w, str) and normalize_str(w) in years]
    return problems


def test_quantity_words_are_sound():
    assert quantity_words_problems(load_yaml("quantity_words.yaml")) == []


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d.pop("others"), "missing key others"),
    (lambda d: d.update(extra=["كلمة"]), "unknown key extra"),
    (lambda d: d["among"].append("بينهم"), "among: 'بينهم' twice"),
    (lambda d: d["naming_words"].append("القرار رقم"), "naming_words: 'القرار رقم' is not 1"),
    (lambda d: d["one"].append("one"), "one: 'one' is not"),
    (lambda d: d["one"].append(3), "one: 3 is not a string"),
    (lambda d: d.update(partitive=[]), "partitive: not a non-empty list"),
    (lambda d: d["suffixes"]["pronouns"].append("ة"), "suffixes.pronouns: 'ة' is not normalized"),
    (lambda d: d["suffixes"].pop("dual_endings"), "suffixes: keys must be"),
    (lambda d: d["digit_articles"].append("وب"), "digit_articles: 'وب' ends in no article"),
    (lambda d: d["year_words"].append("عام"), "year_words: 'عام' is in calendar.yaml already"),
])
def test_the_validator_finds_a_broken_quantity_words_file(break_it, expected):
    data = copy.deepcopy(load_yaml("quantity_words.yaml"))
    break_it(data)
    assert any(p.startswith(expected) for p in quantity_words_problems(data)), expected


def test_the_loader_normalizes_every_word_and_keeps_the_suffix_order():
    data = load_yaml("quantity_words.yaml")
    words = _words()
    assert isinstance(words, QuantityWords)
    assert words.naming == {normalize_str(w) for w in data["naming_words"]}
    assert "الفرقه" in words.naming and "اخرين" in words.others  # ة → ه, hamza folded
    assert words.event_endings == tuple(data["suffixes"]["event_endings"])
    # the year words of calendar.yaml, shared with dates, and the quantities' own
    assert {"عام", "مطلع", "منذ", "ميزانيه"} <= words.year_words
    assert "خلال" not in words.year_words  # dates' only: «خلال 2015 غارة» counts raids


def test_calendar_year_words_are_arabic_words_listed_once():
    data = calendar()
    for key in ("year_intros", "year_parts", "year_leads"):
        assert _list_problems(key, data[key], 1) == []
    shared = [normalize_str(w) for k in ("year_intros", "year_parts", "year_leads") for w in data[k]]
    assert len(shared) == len(set(shared))


def qualifier_range_problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with qualifiers.yaml's range and bound words."""
    problems = _list_problems("range_open", data.get("range_open"), 2)
    joiners = data.get("range_joiners")
    if not isinstance(joiners, list) or not joiners or not all(isinstance(j, str) for j in joiners):
        problems.append("range_joiners: not a list of strings")
    openers = {normalize_str(w) for w in data.get("range_open") or [] if isinstance(w, str)}
    after = data.get("range_joiners_after")
    if not isinstance(after, dict):
        return [*problems, "range_joiners_after: not a mapping"]
    for opener, words in after.items():
        if normalize_str(str(opener)) not in openers:
            problems.append(f"range_joiners_after: {opener!r} opens no range")
        problems += _list_problems(f"range_joiners_after.{opener}", words, 1)
    problems += _list_problems("bounding.rose_to", (data.get("bounding") or {}).get("rose_to"), 1)
    return problems


def test_qualifier_ranges_are_sound_and_read():
    assert qualifier_range_problems(load_yaml("qualifiers.yaml")) == []
    lex = qualifiers()
    assert ("ما", "بين") in lex.range_open and lex.range_joiners_after["بين"] == {"و"}
    assert lex.range_joiners_after["من"] == {"حتي"} and "الي" in lex.bounding.rose_to


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d["range_joiners_after"].update({"عند": ["و"]}), "range_joiners_after: 'عند' opens no range"),
    (lambda d: d.update(range_joiners_after=["و"]), "range_joiners_after: not a mapping"),
    (lambda d: d["range_open"].append("بين"), "range_open: 'بين' twice"),
    (lambda d: d["bounding"].pop("rose_to"), "bounding.rose_to: not a non-empty list"),
    (lambda d: d.update(range_joiners=None), "range_joiners: not a list"),
])
def test_the_validator_finds_broken_qualifier_ranges(break_it, expected):
    data = copy.deepcopy(load_yaml("qualifiers.yaml"))
    break_it(data)
    assert any(p.startswith(expected) for p in qualifier_range_problems(data)), expected
