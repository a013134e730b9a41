"""Terms of a sentence, shared by alignment (check), stories and copies (compare, corpus) and
names (extract): function words, content terms as light stems, and crude root keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


_WEAK = str.maketrans("", "", "اويءىه")


def root_key(term: str) -> str:
    """A crude root of a stem: a derivational prefix (م, ت, ا, ي, ن, است) and the weak letters
    dropped, three letters kept. «مقتل», «قتلوا» → قتل; «قواذف», «قاذفا» → قذف; «البقية»,
    «الباقون» → بق. Coarse on purpose: it only gives partial credit inside sentences already
    aligned on exact terms, never finds alignments on its own."""
    if term.startswith("#"):
        return term
    if term.startswith("است") and len(term) > 5:
        term = term[3:]
    elif term[:1] in "متاين" and len(term) > 3:
        term = term[1:]
    return term.translate(_WEAK)[:3]
