"""People named with a title, rank or role: «الرائد أحمد المصري», «العميد سامر الحسن».

Without a trained Arabic NER model (none can be downloaded here), a title is the reliable cue
that a name follows. The name is the next two words (three after عبد, أبو, …), stopping at a
function word or punctuation. People named without a title are not found by this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from riwaya.lexicon import load_yaml, norm_phrase
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token


@dataclass
class Person:
    start: int
    end: int
    text: str
    name: str
    title: str
    name_norm: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "person", "start": self.start, "end": self.end, "text": self.text,
                "name": self.name, "title": self.title}


@cache
def _lexicon() -> tuple[dict[tuple[str, ...], str], int, frozenset[str], frozenset[str], frozenset[str]]:
    data = load_yaml("titles.yaml")
    titles = {}
    for kind in ("ranks", "honorifics", "roles"):
        for title in data[kind]:
            titles[norm_phrase(title)] = kind
    compound = frozenset(normalize_str(w) for w in data["compound_starts"])
    stops = frozenset(normalize_str(w) for w in data["not_names"])
    firsts = frozenset(t[0] for t in titles)
    return titles, max(len(t) for t in titles), compound, stops, firsts


_COMMAS = {"،", ","}
_APPOSITIVE_REACH = 7  # words of organisation between a role and the comma before the name


def _appositive(tokens: list[Token], start: int, compound: frozenset[str],
                stops: frozenset[str]) -> tuple[int, list[Token], int] | None:
    """(end of the title phrase, name tokens, next index) for «ROLE ORG، NAME،»."""
    for k in range(start, min(len(tokens), start + _APPOSITIVE_REACH)):
        if tokens[k].norm in _COMMAS:
            break
        if tokens[k].kind != "word":
            return None
    else:
        return None
    if k == start:
        return None
    name: list[Token] = []
    j = k + 1
    while j < len(tokens) and tokens[j].kind == "word" and tokens[j].norm not in stops \
            and len(name) < (3 if name and name[0].norm in compound else 2):
        if not name and tokens[j].norm.startswith("ال"):
            return None  # a first name takes no article
        name.append(tokens[j])
        j += 1
    closes = j >= len(tokens) or tokens[j].norm in _COMMAS or tokens[j].norm in ("ان", ".")
    if len(name) >= 2 and closes:
        return k, name, j
    return None


def find_people(tokens: list[Token], text: str) -> list[Person]:
    """People introduced by a title in one sentence's tokens."""
    titles, longest, compound, stops, firsts = _lexicon()
    found = []
    i = 0
    while i < len(tokens):
        word = tokens[i].norm
        if word not in firsts and not (word[:1] in ("و", "ل", "ب") and word[1:] in firsts):
            i += 1
            continue
        title_end = None
        for length in range(min(longest, len(tokens) - i), 0, -1):
            phrase = tuple(t.norm for t in tokens[i:i + length])
            bare = (phrase[0][1:], *phrase[1:]) if phrase[0][:1] in ("و", "ل", "ب") else None
            if phrase in titles or (bare and bare in titles):
                title_end = i + length
                break
        if title_end is None:
            i += 1
            continue
        name: list[Token] = []
        j = title_end
        while j < len(tokens) and tokens[j].kind == "word" and tokens[j].norm not in stops \
                and len(name) < (3 if name and name[0].norm in compound else 2):
            name.append(tokens[j])
            j += 1
        appositive = _appositive(tokens, title_end, compound, stops)
        if appositive:
            # «مدير الشبكة، رامي الأحمد،»: the role's organisation, then the name between commas.
            title_end, name, j = appositive
        if name and not (len(name) == 1 and name[0].norm.startswith("ال")):
            start, end = tokens[i].start, name[-1].end
            title_text = text[tokens[i].start:tokens[title_end - 1].end]
            name_text = text[name[0].start:name[-1].end]
            found.append(Person(start, end, text[start:end], name_text, title_text,
                                " ".join(t.norm for t in name)))
            i = j
        else:
            i = title_end
    return found
