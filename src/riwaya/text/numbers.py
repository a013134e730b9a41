"""Arabic numbers, in digits of any script or in words, read from a token sequence.

Number words carry gender and case (ثلاث/ثلاثة/ثلاثين), clitics (وخمسين, بخمسة, العشرة), and
combine in Arabic order: units before tens (خمسة وسبعين = 75), hundreds before both
(ثلاثمئة وخمسين), scales multiply what precedes (12 ألف, ثلاثة آلاف) and add what follows
(ألف ومئتا, مليون ونصف). ``parse_number`` reads the longest well-formed number starting at a
token and says how many tokens it used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from riwaya.compiled import compiled
from riwaya.limits import WORD_CACHE_SIZE
from riwaya.text.data import numbers as number_data
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token
from riwaya.text.stem import clitic_splits


class Word(NamedTuple):
    kind: str  # card, teen1, tens, hundred, scale, fraction, vague, and, digits
    value: float
    form: str = ""  # for scales: singular | dual | plural
    wa: bool = False  # carries the conjunction و
    definite: bool = False  # carries the article ال
    high: float = 0.0  # for vague words
    prefix: int = 0  # letters of proclitics before the number word (و in وخمسة)


@compiled
def _word_table() -> dict[str, Word]:
    data = number_data()
    table: dict[str, Word] = {}

    def add(form: str, word: Word) -> None:
        table.setdefault(normalize_str(str(form)), word)

    for section, kind in (("cardinals", "card"), ("teen_only", "teen1"), ("tens", "tens"),
                          ("hundreds", "hundred"), ("fractions", "fraction")):
        for value, forms in data[section].items():
            for f in forms:
                add(f, Word(kind, value))
    for value, grammatical in data["scales"].items():
        for form_kind, forms in grammatical.items():
            for f in forms:
                # ألفا/ألفي are the construct dual (ألفا ريال), or ألفاً with its tanween unwritten.
                construct = form_kind == "dual" and str(f)[-1] in "اي"
                add(f, Word("scale", value, "dual_construct" if construct else form_kind))
    for entry in data["vague"]:
        for f in entry["forms"]:
            key = normalize_str(str(f))
            # آلاف and ملايين are both a plural scale (3 آلاف) and vague on their own.
            if key in table and table[key].kind == "scale":
                continue
            table[key] = Word("vague", entry["low"], high=entry["high"])
    return table


class NumberExceptions(NamedTuple):
    """Words the number table would misread (numbers.yaml), normalized."""

    not_numbers: frozenset[str]  # «الاثنين» (Monday), «بالمئة» (percent)
    spoken_hundreds: frozenset[str]  # «مية»: a hundred only bare or after «و» («كمية»: a quantity)


@compiled
def _exceptions() -> NumberExceptions:
    data = number_data()
    return NumberExceptions(*(frozenset(normalize_str(str(w)) for w in data[key])
                              for key in ("not_numbers", "spoken_hundreds")))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def read_word(norm: str) -> Word | None:
    """The number reading of one normalized word, clitics included, or None."""
    if norm == "و":
        return Word("and", 0)
    exceptions = _exceptions()
    if norm in exceptions.not_numbers:
        return None
    table = _word_table()
    for prefix, base in clitic_splits(norm):
        word = table.get(base)
        if word is None:
            continue
        if len(base) <= 2 and prefix not in ("", "و"):
            continue  # لست is "I am not", not ل + ست
        if prefix.startswith("ك") or (base in exceptions.spoken_hundreds and prefix not in ("", "و")):
            continue  # «كمية» is a quantity, not ك + «مية» (a hundred, spelt as spoken)
        if word.kind == "teen1" and prefix:
            continue
        definite = prefix.endswith("ال")
        # The article belongs to the number (الفصائل العشرة); conjunctions and prepositions don't.
        glued = len(norm) - len(base) - (2 if definite else 0)
        return word._replace(wa=prefix.startswith(("و", "ف")), definite=definite, prefix=glued)
    return None


def read_token(token: Token, original: str) -> Word | None:
    """The number reading of a token; ``original`` is the text the token's offsets point into."""
    if token.kind == "number":
        value = parse_digits(token.norm)
        return None if value is None else Word("digits", value)
    if token.kind != "word":
        return None
    word = read_word(token.norm)
    if word is not None and word.form == "dual_construct" and token.norm.endswith("ا"):
        # ألفاً with tanween is one thousand (accusative), ألفا without it two (construct).
        if "\u064b" in original[token.start:token.end]:
            word = word._replace(form="singular")
    return word


def parse_digits(text: str) -> float | None:
    """1200, 1,200, 1.5 (after digit normalization). None for things that are not amounts."""
    value = _digits_value(text)
    # 309 digits and more are past a float: infinity is no amount, and not JSON
    return value if value is None or math.isfinite(value) else None


def _digits_value(text: str) -> float | None:
    if "," in text:
        groups = text.split(",")
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3 and "." not in text:
            return float(text.replace(",", ""))
        if len(groups) == 2 and "." not in text:
            return float(text.replace(",", "."))  # a decimal comma: 2,5
        return None
    if text.count(".") > 1:
        groups = text.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return float(text.replace(".", ""))  # 1.200.000
        return None
    return float(text)


@dataclass
class Number:
    """A number read from tokens (digits or words), or a range or a vague amount."""

    start: int  # token index of the first token
    end: int  # token index after the last token
    value: float | None
    low: float | None
    high: float | None
    vague: bool = False
    definite: bool = False


def _word(words: list[Word | None], i: int) -> Word | None:
    return words[i] if 0 <= i < len(words) else None


def _below_thousand(words: list[Word | None], i: int, wa: bool) -> tuple[float, int] | None:
    """Words for 1–999 starting at ``i``, whose first word has و iff ``wa``: (value, next)."""
    w = _word(words, i)
    if w is None or w.wa != wa:
        return None
    hundreds = 0.0
    k = i
    if w.kind == "hundred":
        hundreds, k = w.value, i + 1
    elif w.kind == "card" and w.value < 10:
        nxt = _word(words, i + 1)
        if nxt is not None and nxt.kind == "hundred" and nxt.value == 100 and not nxt.wa:
            hundreds, k = w.value * 100, i + 2  # ثلاث مئة
    rest = 0.0
    if hundreds:
        # After hundreds the rest must be joined with و: ثلاثمئة وخمسون, ستمائة و اثنان.
        nxt = _word(words, k)
        if nxt is not None and nxt.kind == "and":
            after = _units_and_tens(words, k + 1, need_wa=False)
        elif nxt is not None and nxt.wa:
            after = _units_and_tens(words, k, need_wa=True)
        else:
            after = None
        if after:
            rest, k = after
        return hundreds + rest, k
    return _units_and_tens(words, i, need_wa=wa)


def _units_and_tens(words: list[Word | None], i: int, need_wa: bool) -> tuple[float, int] | None:
    w = _word(words, i)
    if w is None or w.wa != need_wa:
        return None
    nxt = _word(words, i + 1)
    if w.kind in ("card", "teen1"):
        if nxt is not None and nxt.kind == "card" and nxt.value == 10 and not nxt.wa and w.value < 10:
            return 10 + w.value, i + 2  # أحد عشر, ثلاثة عشر
        if w.value < 10:
            # خمسة وسبعون / خمسة و سبعون / إحدى وثلاثون
            if nxt is not None and nxt.kind == "tens" and nxt.wa:
                return w.value + nxt.value, i + 2
            if nxt is not None and nxt.kind == "and":
                nxt2 = _word(words, i + 2)
                if nxt2 is not None and nxt2.kind == "tens" and not nxt2.wa:
                    return w.value + nxt2.value, i + 3
        if w.kind == "teen1":
            return None
        return w.value, i + 1
    if w.kind == "tens":
        return w.value, i + 1
    return None


def _group(words: list[Word | None], i: int, wa: bool) -> tuple[float, float, int] | None:
    """A group: digits or words below 1000, times an optional scale. (value, scale, next).

    ``wa``: the group's first word carries the conjunction (ومئتا after ألف).
    """
    w = _word(words, i)
    if w is None or w.wa != wa:
        return None
    if w.kind == "digits":
        value, k = w.value, i + 1
    elif w.kind == "scale":
        if w.form == "plural":
            return None
        count = 2.0 if w.form.startswith("dual") else 1.0
        nxt = _word(words, i + 1)
        if w.form == "dual_construct" and nxt is not None and (nxt.kind == "and" or nxt.wa):
            count = 1.0  # ألفا وثلاثمئة: a construct dual needs a noun next, so this is ألفاً
        return count * w.value, w.value, i + 1
    else:
        below = _below_thousand(words, i, wa)
        if below is None:
            return None
        value, k = below
    nxt = _word(words, k)
    if nxt is not None and nxt.kind == "scale" and not nxt.wa:
        return value * nxt.value, nxt.value, k + 1
    return value, 1.0, k


def parse_number(words: list[Word | None], i: int) -> Number | None:
    """The longest number starting at token ``i``, or None."""
    w = _word(words, i)
    if w is None or w.kind == "and" or (w.wa and i > 0 and _word(words, i - 1) is not None):
        return None
    if w.kind == "vague" or (w.kind == "scale" and w.form == "plural"):
        # A bare plural scale is vague: آلاف = 2,000–9,999, ملايين = 2–9.99 million.
        low, high = (w.value, w.high) if w.kind == "vague" else (2 * w.value, 10 * w.value - 1)
        k = i + 1
        nxt = _word(words, k)
        # عشرات الآلاف, بضعة آلاف, عدة ملايين, بضع مئات
        if nxt is not None and not nxt.wa and (
            (nxt.kind == "scale" and nxt.form == "plural")
            or (nxt.kind == "vague" and nxt.value == 200 and w.high < 100)
        ):
            scale = nxt.value if nxt.kind == "scale" else 100
            # عشرات الآلاف = 20,000–99,999: the top end keeps its nines.
            low, high = low * scale, (high + 1) * scale - 1
            k += 1
        return Number(i, k, None, low, high, vague=True, definite=w.definite)
    if w.kind == "fraction":
        nxt = _word(words, i + 1)
        if nxt is not None and nxt.kind == "scale" and nxt.form == "singular" and not nxt.wa:
            value = w.value * nxt.value
            return Number(i, i + 2, value, value, value, definite=w.definite)
        return None
    first = _group(words, i, wa=w.wa)
    if first is None:
        return None
    total, last_scale, k = first
    if w.kind == "digits" and last_scale == 1.0:
        return Number(i, k, total, total, total, definite=False)
    while True:
        nxt = _word(words, k)
        if nxt is None:
            break
        start = k + 1 if nxt.kind == "and" else k
        cand = _word(words, start)
        if cand is None or (nxt.kind != "and" and not cand.wa):
            break
        if cand.kind == "fraction" and last_scale > 1:
            total += cand.value * last_scale  # مليون ونصف
            k = start + 1
            break
        group = _group(words, start, wa=nxt.kind != "and")
        if group is None or group[1] >= last_scale:
            break
        total += group[0]
        last_scale = group[1]
        k = group[2]
    if not math.isfinite(total):  # 300 digits times a billion: no amount
        return None
    return Number(i, k, total, total, total, definite=w.definite)
