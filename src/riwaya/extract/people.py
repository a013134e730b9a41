"""People: named with a title, rank or role («الرائد أحمد المصري», «العميد سامر الحسن»), or
by a given name and a second name («محمد الحزمي», «دونالد ترامب», «فاطمة أحمد علي»).

Without a trained Arabic NER model (none can be downloaded here), a title is the reliable cue
that a name follows: the next two words (three after عبد, أبو, …), stopping at a function word
or punctuation. Without a title, a given name from lexicon/given_names.yaml followed by a
second name is a person; a given name that is also an ordinary word (أمل, جمال, سلام) only
when the next word is a given name too or بن/أبو; «علي» only when written with ي (with ى it is
the preposition «على», which normalization folds into the same letters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riwaya.compiled import compiled
from riwaya.lexicon import given_names, load_yaml, norm_phrase
from riwaya.lexicon.clitics import clitics
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import COMMAS, Token


@dataclass
class Person:
    """A person the text names, by offsets, with the title before the name."""

    start: int
    end: int
    text: str
    name: str
    title: str
    name_norm: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "person", "start": self.start, "end": self.end, "text": self.text,
                "name": self.name, "title": self.title or None}


@compiled
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


_APPOSITIVE_REACH = 7  # words of organisation between a role and the comma before the name


def _appositive(tokens: list[Token], start: int, compound: frozenset[str],
                stops: frozenset[str]) -> tuple[int, list[Token], int] | None:
    """(end of the title phrase, name tokens, next index) for «ROLE ORG، NAME،»."""
    for k in range(start, min(len(tokens), start + _APPOSITIVE_REACH)):
        if tokens[k].norm in COMMAS:
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
    closes = j >= len(tokens) or tokens[j].norm in COMMAS or tokens[j].norm in ("ان", ".")
    if len(name) >= 2 and closes:
        return k, name, j
    return None


def find_people(tokens: list[Token], text: str,
                not_titles: set[int] | frozenset[int] = frozenset()) -> list[Person]:
    """People introduced by a title in one sentence's tokens; ``not_titles``: offsets of words
    that are no title here (inside a place's name: «مديرية الشيخ عثمان»)."""
    titles, longest, compound, stops, firsts = _lexicon()
    found = []
    i = 0
    while i < len(tokens):
        word = tokens[i].norm
        if tokens[i].start in not_titles or (
                word not in firsts and not (word[:1] in ("و", "ل", "ب") and word[1:] in firsts)):
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
        # «الرئيس الأمريكي دونالد ترامب», «الوزير السابق محمد…»: words with the article between the
        # title and a given name belong to the title.
        lex = given_names()
        given, links = lex.names, lex.links
        while title_end + 1 < len(tokens) and tokens[title_end].norm.startswith("ال") \
                and tokens[title_end + 1].norm in given:
            title_end += 1
        name: list[Token] = []
        j = title_end
        while j < len(tokens) and tokens[j].kind == "word" and tokens[j].norm not in stops \
                and len(name) < (3 if name and name[0].norm in compound else 2):
            name.append(tokens[j])
            j += 1
        # A chain of «بن» and «آل» goes on: «الشيخ محمد بن عيد آل ثاني».
        while j < len(tokens) and tokens[j].kind == "word" and len(name) < 6 and (
                tokens[j].norm in links or (name and name[-1].norm in links)):
            name.append(tokens[j])
            j += 1
        if len(name) > 1 and name[-1].norm in links:
            name.pop()
            j -= 1
        if len(name) == 2 and j < len(tokens) and tokens[j].kind == "word" and tokens[j].norm in given \
                and tokens[j].norm not in stops and tokens[j].norm not in _name_ends()[1]:
            name.append(tokens[j])  # «المهندس كريم فوزي سليم»: a third name, the grandfather's
            j += 1
        theophoric = 2 <= len(name) <= 3 and j < len(tokens) and tokens[j].norm == lex.divine
        if theophoric:
            name.append(tokens[j])  # «محمود عطا الله»: «عطا الله» is one name
            j += 1
        if 2 <= len(name) <= 4 and j < len(tokens) and _family_nisba(tokens[j], any_ending=theophoric):
            name.append(tokens[j])  # «العميد سالم مفتاح الزوي», «محمود عطا الله الشوا»
            j += 1
        appositive = _appositive(tokens, title_end, compound, stops)
        if appositive:
            # «مدير الشبكة، رامي الأحمد،»: the role's organisation, then the name between commas.
            title_end, name, j = appositive
        if name and name[0].norm.startswith("ال") and name[0].norm[2:] not in given:
            # «مدير الأمن العام», «الرئيس العام للبحوث»: a first name takes no article (but
            # «الأمير الوليد بن طلال»); on 600 SaudiNewsNet records 164 of 1,097 titled "people"
            # were such an office's words
            name = []
        if name and name[0].norm in _office_nouns():
            name = []  # «قائد قوات العمليات», «مدير مركز الدفاع المدني»: an office, no name
        needs_given = _ambiguous_titles() & {tokens[i].norm, tokens[i].norm[1:]}
        if needs_given and name and name[0].norm not in given and name[0].norm not in compound:
            name = []  # «الفريق كان يرتدي الدروع»: the team, not a general
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


@compiled
def _office_nouns() -> frozenset[str]:
    return frozenset(normalize_str(str(w)) for w in load_yaml("titles.yaml")["office_nouns"])


def _family_nisba(tok: Token, any_ending: bool = False) -> bool:
    """Whether a word is a family name of the «الـ…ي» kind («الزوي», «المقرحي», «العبيدي»), or
    with ``any_ending`` (after a name of three) any word with the article («الشوا»): not a word
    of what a person is, not a nationality («السوري»), not a common word."""
    from riwaya.extract.actors import lexicon as actor_lexicon

    word = tok.norm
    if tok.kind != "word" or not word.startswith("ال") or len(word) < 5 or not (
            any_ending or word.endswith("ي")):
        return False
    stop, roles, _ = _name_ends()
    if word in stop or word in roles:
        return False
    alias = actor_lexicon().aliases.get(word)
    return alias is None


@compiled
def _name_ends() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words no name goes on through, words of what a person is — they end a name too: «ديمتري
    بيسكوف المتحدث باسم الكرملين», «سمير فريد الرئيس» —, and words no foreign name is made of)."""
    from riwaya.text.terms import stopwords

    _, _, compound, not_names, title_firsts = _lexicon()
    stop = stopwords() | not_names
    roles = descriptors() | title_firsts
    return stop, roles, stop | roles | compound


@compiled
def descriptors() -> frozenset[str]:
    """Words that say what a person is (titles.yaml ``descriptors``), normalized."""
    return frozenset(normalize_str(str(w)) for w in load_yaml("titles.yaml")["descriptors"])


# How far before a given name a descriptor still describes it: «المصورة في قناة السنديان
# الفضائية ريما حداد» (four words between).
_DESCRIBED_REACH = 6


def _describes(word: str, previous: str) -> bool:
    """Whether a word between a descriptor and a name belongs to the description: a definite
    adjective or noun («المستقل», «اليمنيين», «للقارب», «بالباحة»), «في», or the noun right after
    «في» («في قناة»). A verb, a bare noun or another name ends it («الفنانة رويدا عطية أحيت
    سهرتين في عيد الفطر» describes no «عيد»)."""
    return word.startswith(clitics().described) or word == "في" or previous == "في"


def _described(tokens: list[Token], i: int) -> bool:
    """Whether a descriptor stands before token ``i`` with what qualifies it («الزميلين فهد»,
    «والمصور المستقل ماجد», «القبطان المصري للقارب، عادل»): within _DESCRIBED_REACH words of a
    description (``_describes``), across no punctuation but a comma right before the name."""
    known = descriptors()
    k = i - 1
    if k >= 0 and tokens[k].norm in COMMAS:
        k -= 1
    for _ in range(_DESCRIBED_REACH):
        if k < 0 or tokens[k].kind != "word":
            return False
        word = tokens[k].norm
        if word in known or (word[:1] == "و" and word[1:] in known):
            return True
        if not _describes(word, tokens[k - 1].norm if k > 0 else ""):
            return False
        k -= 1
    return False


def _foreign_after_description(tokens: list[Token], i: int, stop: frozenset[str],
                               taken: list[tuple[int, int]] | tuple = ()) -> bool:
    """Whether tokens ``i`` and ``i + 1`` are a foreign name right after a descriptor and a
    country's nisba («الصحفية الفرنسية كلير دوبوا»): two bare words, neither a known word of
    the stop lists nor definite, the first not a given name the lexicon holds."""
    if i < 2 or i + 1 >= len(tokens):
        return False
    known = descriptors()
    describer = tokens[i - 2].norm
    if not (describer in known or (describer[:1] == "و" and describer[1:] in known)):
        return False  # most tokens: cheaply
    pair = tokens[i:i + 2]
    if any(t.kind != "word" or t.norm in stop or t.norm.startswith(("ال", "و", "ب", "ل")) or len(t.norm) < 3
           for t in pair) or any(s <= tokens[i].start < e for s, e in taken):
        return False
    from riwaya.extract.actors import _names_a_country

    return tokens[i - 1].norm.startswith("ال") and _names_a_country(tokens[i - 1].norm)


def _described_after(tokens: list[Token], j: int, stop: frozenset[str]) -> int:
    """Where a name ends that a description follows between commas: «برئاسة عثمان كرار أدروب،
    ناظر عموم قبائل الأمرأر»: one or two words after a given name, then «،» and a word of what a
    person is (titles.yaml descriptors). The index past the name, or ``j`` when none follows."""
    for n in (2, 1):
        k = j + n
        if k + 1 < len(tokens) and all(t.kind == "word" and t.norm not in stop for t in tokens[j:k]) \
                and tokens[k].norm in ("،", ",") and tokens[k + 1].norm in descriptors():
            return k
    return j


@compiled
def _ambiguous_titles() -> frozenset[str]:
    return frozenset(normalize_str(str(w)) for w in load_yaml("titles.yaml").get("ambiguous_titles") or [])


def find_named_people(tokens: list[Token], text: str, taken: list[tuple[int, int]] = ()) -> list[Person]:
    """People named without a title: a given name, then one to three more names."""
    lex = given_names()
    names, ambiguous, foreign, links = lex.names, lex.ambiguous, lex.foreign, lex.links
    _, _, compound, not_names, _ = _lexicon()
    stop, roles, not_foreign = _name_ends()
    found: list[Person] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.norm[1:] if tok.norm[:1] == "و" and tok.norm[1:] in names else tok.norm
        # «عبد الرحيم», «عبد الولي»: «عبد» and a divine name are one given name
        theophoric = tok.norm in lex.servants and i + 1 < len(tokens) and \
            tokens[i + 1].kind == "word" and tokens[i + 1].norm.startswith("ال")
        if theophoric:
            word = f"{lex.servant} {tokens[i + 1].norm}"
        elif word not in names and _foreign_after_description(tokens, i, not_foreign, taken):
            # «الصحفية الفرنسية كلير دوبوا», «المراسلة الفرنسية إيلين مارشان»: a name no lexicon
            # holds, after a descriptor and a nationality
            start, end = tokens[i].start, tokens[i + 1].end
            found.append(Person(start, end, text[start:end], text[start:end], "",
                                f"{tok.norm} {tokens[i + 1].norm}"))
            i += 2
            continue
        elif tok.kind != "word" or word not in names or word in roles or \
                any(s <= tok.start < e for s, e in taken):
            i += 1
            continue
        if word in lex.like_prepositions and text[tok.end - 1:tok.end] == "ى":
            i += 1  # «على», the preposition
            continue
        rest: list[Token] = []
        # «المتحدث باسم المقاومة»: a word that ends names («باسم») starts none, described or not
        described = _described(tokens, i) and word not in not_names
        j = i + 2 if theophoric else i + 1
        apposed = _described_after(tokens, j, stop)
        # Up to three more names, five in a chain of «بن» and «آل» («محمد بن عيد آل ثاني»).
        while j < len(tokens) and len(rest) < (5 if any(t.norm in links for t in rest) else 3) \
                and tokens[j].kind == "word":
            nxt = tokens[j].norm
            after_link = bool(rest) and rest[-1].norm in links
            written_ali = nxt in lex.like_prepositions and text[tokens[j].end - 1:tokens[j].end] == "ي"
            if any(s <= tokens[j].start < e for s, e in taken) or (
                    nxt in stop and not written_ali and not after_link) or nxt in roles:
                break
            # «عبد» opens a compound name («ريهام عبد الحكيم»): it goes on to the next word
            is_name = nxt in names or nxt in links or after_link or (nxt in compound and nxt != "ال")
            # A clan name is the article on a given name: «جابر الأحمد الجابر الصباح».
            clan = nxt.startswith("ال") and nxt[2:] in names
            surname = nxt.startswith("ال") and len(nxt) > 3
            # after a descriptor a family name may be any word («المصورة ريما حداد»)
            plain_surname = (not rest and not nxt.startswith("و") and len(nxt) > 2 and described
                             and nxt not in compound)
            if not (is_name or surname or plain_surname or j < apposed or (word in foreign and not rest)):
                break
            rest.append(tokens[j])
            j += 1
            if (surname or plain_surname) and not is_name and not clan:
                break  # «محمد الحزمي»: a family name ends the name
        if rest and (rest[-1].norm in links or rest[-1].norm in compound):
            rest.pop()
        if not rest or (word in ambiguous and rest[0].norm not in names and rest[0].norm not in links
                        and not described):
            i += 1
            continue
        conjoined = tok.norm == lex.servants[1] if theophoric else tok.norm != word
        start = tok.start + (1 if conjoined else 0)
        end = rest[-1].end
        found.append(Person(start, end, text[start:end], text[start:end], "",
                            " ".join([word, *(t.norm for t in rest)])))
        i = j
    return found
