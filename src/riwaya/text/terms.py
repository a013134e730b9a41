"""Terms of a sentence, shared by alignment (check), stories and copies (compare, corpus) and
names (extract): function words, content terms as light stems, and crude root keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from riwaya.compiled import compiled
from riwaya.text.data import load_yaml
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token
from riwaya.text.stem import light_stem


@compiled
def stopwords() -> frozenset[str]:
    data = load_yaml("stopwords.yaml")
    words = [normalize_str(str(w)) for key in ("function_words", "reporting_frame") for w in data[key]]
    return frozenset(words) | frozenset(light_stem(w) for w in words)


def content_terms(tokens: Iterable[Token], figures: Iterable[dict[str, Any]] = (),
                  actors: Iterable[str] = ()) -> list[str]:
    """Content terms of a sentence: stems of its content words, keys of its figures, and the
    identities of its actors («@isis» for both «تنظيم الدولة» and «داعش»)."""
    stop = stopwords()
    terms = []
    for tok in tokens:
        if tok.kind != "word" or tok.norm in stop:
            continue
        stem = light_stem(tok.norm)
        if len(stem) >= 2 and stem not in stop:
            terms.append(stem)
    for figure in figures:
        key = figure.get("value") if figure.get("value") is not None else figure.get("low")
        if key is not None:
            terms.append(f"#{key}")
    terms.extend(f"@{a}" for a in actors)
    return terms


class RootKeyLetters(NamedTuple):
    """What root_key takes off a stem (stem.yaml ``root_key``)."""

    long_prefixes: tuple[str, ...]  # «است»
    letter_prefixes: frozenset[str]  # م, ت, ا, ي, ن
    weak: dict[int, None]  # a str.translate table that drops the weak letters


@compiled
def root_key_letters() -> RootKeyLetters:
    data = load_yaml("stem.yaml")["root_key"]
    return RootKeyLetters(tuple(str(p) for p in data["long_prefixes"]),
                          frozenset(str(p) for p in data["letter_prefixes"]),
                          str.maketrans("", "", "".join(str(w) for w in data["weak_letters"])))


def root_key(term: str) -> str:
    """A crude root of a stem: a derivational prefix (م, ت, ا, ي, ن, است) and the weak letters
    dropped, three letters kept. «مقتل», «قتلوا» → قتل; «قواذف», «قاذفا» → قذف; «البقية»,
    «الباقون» → بق. Coarse on purpose: it only gives partial credit inside sentences already
    aligned on exact terms, never finds alignments on its own."""
    if term.startswith("#"):
        return term
    letters = root_key_letters()
    long = next((p for p in letters.long_prefixes if term.startswith(p) and len(term) > len(p) + 2), None)
    if long is not None:
        term = term[len(long):]
    elif term[:1] in letters.letter_prefixes and len(term) > 3:
        term = term[1:]
    return term.translate(letters.weak)[:3]
