import csv

import pytest

from riwaya.text.numbers import parse_digits, parse_number, read_token
from riwaya.text.segment import tokens
from tests.conftest import SHARED

NUM2WORDS = SHARED / "data" / "num2words-arabic-cases" / "num2words_ar_cases.tsv"


def read_number(phrase):
    """The value of a phrase that must be one number, all of it."""
    toks = tokens(phrase)
    words = [read_token(t, phrase) for t in toks]
    number = parse_number(words, 0)
    assert number is not None, phrase
    assert number.end == len(toks), f"{phrase}: stopped at token {number.end} of {len(toks)}"
    return number.value if number.value is not None else (number.low, number.high)


@pytest.mark.parametrize("phrase, value", [
    ("1200", 1200), ("1,200", 1200), ("١٢٠٠", 1200), ("١٬٢٠٠", 1200), ("۱۲۰۰", 1200),
    ("1.5", 1.5), ("١٫٥", 1.5), ("1.200.000", 1200000), ("2,5", 2.5),
    ("ثلاث", 3), ("ثلاثة", 3), ("ثلاثين", 30), ("ثماني", 8), ("ثمان", 8), ("مئة", 100), ("مائة", 100),
    ("ألف", 1000), ("ألفان", 2000), ("ألفين", 2000), ("ألفا", 2000), ("ألفاً", 1000),
    ("ألف ومئتا", 1200), ("ثلاثمئة وخمسين", 350), ("خمسة وسبعين", 75), ("سبعة عشر", 17),
    ("أحد عشر", 11), ("إحدى عشرة", 11), ("اثنا عشر", 12), ("ثلاث مئة", 300),
    ("مليون ونصف", 1_500_000), ("نصف مليون", 500_000), ("12 ألف", 12000), ("3 آلاف", 3000),
    ("1.5 مليون", 1_500_000), ("ثلاثة آلاف وخمسمئة", 3500), ("ستمائة و اثنان و خمسون", 652),
    ("ألفاً وثلاثمئة وخمسين", 1350), ("مليونين", 2_000_000), ("عشرين ألفاً", 20000),
    ("خمسة عشر ألفاً", 15000), ("مئة ألف", 100_000), ("مليون و200 ألف", 1_200_000),
    ("العشرة", 10), ("وخمسين", 50), ("بخمسة", 5), ("لثلاثة", 3),
    ("عشرات", (20, 99)), ("مئات", (200, 999)), ("آلاف", (2000, 9999)), ("بضعة", (3, 9)),
    ("عشرات الآلاف", (20000, 99999)), ("مئات الآلاف", (200_000, 999_999)),
    ("بضعة آلاف", (3000, 9999)), ("بالعشرات", (20, 99)),
])
def test_number_phrases(phrase, value):
    assert read_number(phrase) == value


@pytest.mark.parametrize("phrase", ["الاثنين", "الأحد", "أحد", "إحدى", "لست", "صفر", "الرابعة", "الثالث"])
def test_words_that_are_not_numbers(phrase):
    toks = tokens(phrase)
    words = [read_token(t, phrase) for t in toks]
    assert parse_number(words, 0) is None


def test_list_of_two_numbers_is_not_added_up():
    toks = tokens("ثلاثة وخمسة")
    words = [read_token(t, "ثلاثة وخمسة") for t in toks]
    assert parse_number(words, 0).value == 3


def test_digits_that_are_not_amounts():
    assert parse_digits("1,2,3") is None
    assert parse_digits("1.2.3") is None


def test_digits_past_a_float_are_no_amount():
    """Found by tests/test_fuzz.py: 309 digits read as infinity, which `riwaya extract` printed
    as «Infinity» (not JSON) and the API could not serve."""
    assert parse_digits("9" * 400) is None
    assert parse_digits("1," + "000," * 110 + "000") is None
    assert parse_digits("9" * 300) == float("9" * 300)
    phrase = "9" * 300 + " مليار"  # finite digits times a billion
    words = [read_token(t, phrase) for t in tokens(phrase)]
    assert parse_number(words, 0) is None


def _num2words_cases():
    if not NUM2WORDS.exists():
        return []
    cases = []
    with NUM2WORDS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            words = row["expected_arabic"]
            if row["to"] != "cardinal" or "." in row["number"] or row["number"].startswith(("-", "0")):
                continue
            if int(row["number"]) >= 10**13 or "ألف ألف" in words:
                continue  # names of numbers past trillions; a doubled ألف is not news Arabic
            cases.append((words, int(row["number"])))
    return cases


@pytest.mark.skipif(not NUM2WORDS.exists(), reason="../shared/data is not available")
@pytest.mark.parametrize("words, number", _num2words_cases())
def test_num2words_cardinals(words, number):
    assert read_number(words) == number
