"""The vocabulary check/__init__.py reads from the lexicon: place_proclitics.yaml's letters, and
the statements.yaml marker its «no source found» message names."""

import re

import pytest

from riwaya.check import NoSourceFound, _place_named, check, place_proclitics
from riwaya.lexicon import load_yaml
from riwaya.text.normalize import normalize_str


def test_place_proclitics_are_one_or_two_normalized_arabic_letters_each_once():
    written = load_yaml("place_proclitics.yaml")["proclitics"]
    assert written and len(written) == len(set(written))
    for letters in written:
        assert re.fullmatch(r"[\u0621-\u064a]{1,2}", str(letters)), letters
        assert normalize_str(str(letters)) == letters
    assert set(place_proclitics()) == set(written)


def test_a_place_is_named_with_a_proclitic_or_none_but_not_inside_another_word():
    report = normalize_str("وقالت مصادر محلية إن القصف طال أحياء بغزة ليلاً")
    assert _place_named(normalize_str("مدينة غزة"), report)
    assert _place_named(normalize_str("مدينة غزة"), normalize_str("قصف على غزة"))
    assert not _place_named(normalize_str("مدينة غزة"), normalize_str("قصف على فغزة"))
    assert not _place_named(normalize_str("مدينة غزة"), normalize_str("قصف على رفح"))


def test_the_no_source_message_names_a_full_text_marker_of_the_lexicon():
    marker = load_yaml("statements.yaml")["full_text_markers"][0]
    with pytest.raises(NoSourceFound, match=f"«{marker}»"):
        check("أعلنت الوزارة مقتل 12 مدنياً في القصف. وأضافت أن المستشفيات امتلأت بالجرحى.")
