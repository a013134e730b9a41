"""Reported-speech frames (riwaya.check.frames): the lexicon and who speaks."""

from collections import Counter

import pytest

from riwaya.check.frames import act_of, frame_before, frames_in, same_voice
from riwaya.lexicon import load_yaml
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import tokens
from riwaya.text.terms import content_terms

ISSUER = frozenset(content_terms(tokens("وزارة الداخلية")))


def test_speech_act_forms_belong_to_one_act_and_person():
    forms = Counter(normalize_str(str(f)) for spec in load_yaml("attribution.yaml")["speech_acts"].values()
                    for person in ("other", "we") for f in spec.get(person, []))
    assert not [f for f, n in forms.items() if n > 1]
    for spec in load_yaml("attribution.yaml")["speech_acts"].values():
        assert set(spec) <= {"other", "we"} and spec["other"]
        # A «we» form is a present tense first person plural: it starts with ن.
        assert all(str(f).startswith("ن") for f in spec.get("we", []))


@pytest.mark.parametrize("word, act, we", [
    ("وأكدت", "assert", False), ("نؤكد", "assert", True), ("واعتبر", "assert", False),
    ("ودعت", "call", False), ("وندعو", "call", True), ("وقال", "say", False), ("نفت", "deny", False),
    ("مدينة", None, None), ("قالب", None, None)])
def test_act_of(word, act, we):
    got = act_of(normalize_str(word))
    assert (got == (act, we)) if act else got is None


def _frame(text: str, issuer=ISSUER):
    toks = tokens(text)
    return frame_before(toks, 0, text.index("«"), issuer)


def test_the_issuer_speaks_by_its_name_by_the_statement_or_in_the_first_person():
    assert _frame("وأكدت الوزارة أن «كلام»").issuer
    assert _frame("واعتبر البيان أن «كلام»").issuer
    source = frames_in(tokens("ونؤكد أن هذه الأعمال لن تثني قواتنا"), 3, ISSUER)
    assert [(f.act, f.issuer, f.sentence) for f in source] == [("assert", True, 3)]
    person = _frame("وقال مدير شؤون الوكالة كارل هانسن إن «كلام»")
    assert not person.issuer and person.act == "say"


def test_same_voice_needs_the_same_party_and_the_same_act():
    ministry_asserts = _frame("وأكدت الوزارة أن «كلام»")
    we_assert = frames_in(tokens("نؤكد أن الهجوم فشل"), 0, ISSUER)[0]
    we_call = frames_in(tokens("ندعو المواطنين إلى الحذر"), 0, ISSUER)[0]
    assert same_voice(ministry_asserts, we_assert)
    assert not same_voice(ministry_asserts, we_call)
    director = _frame("وقال مدير شؤون الوكالة إن «كلام»")
    director_in_source = frames_in(tokens("وقال مدير شؤون الأونروا إن الأطفال خائفون"), 0, ISSUER)[0]
    spokesman = _frame("وقال المتحدث باسم الجيش إن «كلام»")
    assert same_voice(director, director_in_source)
    assert not same_voice(spokesman, director_in_source)
    assert not same_voice(director, we_assert)
