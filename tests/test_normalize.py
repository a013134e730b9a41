import re

from hypothesis import given, settings
from hypothesis import strategies as st

from riwaya.text.normalize import (
    EXTRACT,
    MATCH,
    arabic_punctuation,
    arabic_separators,
    ascii_digits,
    compose,
    fold_alef,
    fold_alef_maqsura,
    fold_teh_marbuta,
    nfkc,
    normalize,
    normalize_str,
    strip_diacritics,
    strip_invisible,
    strip_tatweel,
)

ALL_NORMALIZERS = [nfkc, strip_invisible, strip_tatweel, strip_diacritics, fold_alef,
                   fold_alef_maqsura, fold_teh_marbuta, ascii_digits, arabic_separators,
                   arabic_punctuation]


def test_each_normalizer_does_its_job():
    assert strip_diacritics.normalize("بِسْمِ اللَّهِ") == "بسم الله"
    assert strip_diacritics.normalize("هٰذا") == "هذا"  # superscript alef
    assert strip_tatweel.normalize("الـــقلمون") == "القلمون"
    assert fold_alef.normalize("أإآٱ") == "اااا"
    assert fold_alef_maqsura.normalize("على") == "علي"
    assert fold_teh_marbuta.normalize("مدرسة") == "مدرسه"
    assert ascii_digits.normalize("٢٠١٨ ۱۴۳۹") == "2018 1439"
    assert arabic_separators.normalize("١٬٢٠٠ و١٫٥ و٥٠٪") == "١,٢٠٠ و١.٥ و٥٠%"
    assert arabic_punctuation.normalize("قال، «نعم»؟") == 'قال, "نعم"?'
    assert strip_invisible.normalize("جيش\u200c الإسلام\u202b\u200f") == "جيش الإسلام"
    assert nfkc.normalize("ﷲ ﻻ ﺍﻟﺠﻴﺶ") == "الله لا الجيش"


def test_match_folds_spelling_variants_together():
    variants = ["الإسلام", "الاسلام", "الإسلاَم", "الإســلام", "ﺍﻹﺳﻼﻡ", "الإ\u200dسلام"]
    assert {normalize_str(v) for v in variants} == {"الاسلام"}
    assert normalize_str("وسلّم") == normalize_str("وسلم")


def test_offsets_point_back_at_the_original_word():
    text = "قال الرَّائِدُ أحمد المصري إنّ ١٢٠٠ مقاتلٍ بقوا"
    n = normalize(text)
    for m in re.finditer(r"\S+", n.text):
        s, e = n.span(*m.span())
        assert normalize_str(text[s:e]) == m.group()
    s, e = n.span(*re.search("الرائد", n.text).span())
    assert text[s:e] == "الرَّائِدُ"  # trailing diacritics belong to the word
    s, e = n.span(*re.search("1200", n.text).span())
    assert text[s:e] == "١٢٠٠"


def test_expansion_maps_to_the_whole_ligature():
    text = "قال ﷲ أكبر"
    n = normalize(text)
    i = n.text.index("الله")
    assert n.span(i, i + 4) == (4, 5)
    assert n.span(i + 1, i + 2) == (4, 5)  # a part of an expansion maps to the whole character


def test_empty_and_identity():
    n = normalize("")
    assert n.text == "" and n.span(0, 0) == (0, 0)
    n = EXTRACT("abc")
    assert n.text == "abc" and n.span(1, 3) == (1, 3)


def test_composition_equals_fused_table():
    text = "الإِسْـلامُ ﷲ ٢٠١٨، «على»"
    stepwise = strip_tatweel(text).then(strip_diacritics).then(fold_alef).then(nfkc)
    fused = compose(strip_tatweel, strip_diacritics, fold_alef, nfkc)(text)
    assert stepwise.text == fused.text
    assert list(stepwise.starts) == list(fused.starts)
    assert list(stepwise.ends) == list(fused.ends)


ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"  # letters and hamza forms
    + "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"  # diacritics, superscript alef
    + "\u0640"  # tatweel
    + "\u200b\u200c\u200d\u200f\u202b\u202c\u2066\u2069\ufeff"  # invisible controls
    + "\ufdf2\ufefb\ufe8d\ufedf\ufe91"  # presentation forms and ligatures
    + "٠١٢٣٤٥٦٧٨٩۰۱۲0123456789٫٬٪،؛؟«»“” .\n"
)


def _boundaries(n, i):
    return i == 0 or i == len(n.text) or n.starts[i] != n.starts[i - 1]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.data())
def test_every_span_maps_back_to_an_original_span_that_normalizes_the_same(text, data):
    for normalizer in (MATCH, EXTRACT):
        n = normalizer(text)
        assert n.text == normalizer.normalize(text)
        if not n.text:
            continue
        start = data.draw(st.integers(0, len(n.text) - 1))
        end = data.draw(st.integers(start + 1, len(n.text)))
        s, e = n.span(start, end)
        assert 0 <= s < e <= len(text)
        renormalized = normalizer.normalize(text[s:e])
        # A span cut inside a one-to-many expansion (ﷲ → الله) maps to the whole character.
        assert n.text[start:end] in renormalized
        if _boundaries(n, start) and _boundaries(n, end):
            assert renormalized == n.text[start:end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_words_found_in_normalized_text_are_the_same_words_in_the_original(text):
    n = MATCH(text)
    for m in re.finditer(r"[^\s.,;?%\"]+", n.text):
        s, e = n.span(*m.span())
        assert MATCH.normalize(text[s:e]) == m.group()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.sampled_from(ALL_NORMALIZERS),
       st.sampled_from(ALL_NORMALIZERS))
def test_composing_maps_equals_fusing_tables(text, first, second):
    stepwise = first(text).then(second)
    fused = first.then(second)(text)
    assert stepwise.text == fused.text
    assert stepwise.starts.tolist() == fused.starts.tolist()
    assert stepwise.ends.tolist() == fused.ends.tolist()
