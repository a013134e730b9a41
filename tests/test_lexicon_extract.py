"""Validation of the lexicon entries the extractors and checkers read for their function words
(issue 14: no Arabic word list in Python): clitics.yaml, pdf_repairs.yaml, and the keys added to
given_names.yaml, frames.yaml, attribution.yaml, statements.yaml and actors.yaml."""

from __future__ import annotations

import re
from typing import Any

import pytest

from riwaya.lexicon import figure_frames, given_names, load_yaml
from riwaya.lexicon.clitics import clitics, read_clitics
from riwaya.text.normalize import normalize_str

_ARABIC_WORD = re.compile(r"[\u0621-\u0652\u0671-\u06D3]+")  # letters and diacritics («بياناً»)


def word_list_problems(values: Any, *, phrases: bool = False, normalized: bool = False) -> list[str]:
    """What is wrong with a lexicon list: not a non-empty list of strings, an entry that is not
    Arabic words (one word unless ``phrases``), an entry listed twice, or — with ``normalized`` —
    an entry not spelled as normalized text spells it. (Two spellings of one normalized form may
    both be listed: «إن» and «أن» are two words.)"""
    if not isinstance(values, list) or not values:
        return ["not a non-empty list"]
    problems = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            problems.append(f"{value!r} is not a string")
            continue
        words = value.split(" ")
        if not all(_ARABIC_WORD.fullmatch(w) for w in words) or (len(words) > 1 and not phrases):
            problems.append(f"{value!r} is not {'Arabic words' if phrases else 'one Arabic word'}")
        if normalized and normalize_str(value) != value:
            problems.append(f"{value!r} is not normalized")
        if value in seen:
            problems.append(f"{value!r} is listed twice")
        seen.add(value)
    return problems


def test_the_validator_finds_what_is_wrong():
    assert word_list_problems(["قد", "وقد"]) == []
    assert word_list_problems([]) == ["not a non-empty list"]
    assert word_list_problems("قد") == ["not a non-empty list"]
    assert word_list_problems(["قد", 3]) == ["3 is not a string"]
    assert word_list_problems(["في حين"]) == ["'في حين' is not one Arabic word"]
    assert word_list_problems(["في حين"], phrases=True) == []
    assert word_list_problems(["then"]) == ["'then' is not one Arabic word"]
    assert word_list_problems(["إن", "أن", "إن"]) == ["'إن' is listed twice"]
    assert word_list_problems(["حصيلة"], normalized=True) == ["'حصيلة' is not normalized"]


# --- clitics.yaml ---------------------------------------------------------------------------

def test_clitics_are_normalized_arabic_forms_in_the_readers_order():
    data = load_yaml("clitics.yaml")
    for key in ("conjunctions", "prefixes", "definite", "term_prefixes", "described", "possessives"):
        assert word_list_problems(data[key], normalized=True) == [], key
    lex = clitics()
    assert lex == read_clitics(data)
    assert lex.conjunctions == "".join(data["conjunctions"]) and len(lex.joined) == len(lex.conjunctions) + 1
    # a single letter is one conjunction; every two-letter prefix is two of them
    assert all(len(p) == 1 or all(c in lex.conjunctions for c in p) for p in lex.prefixes)
    # the article's forms all end in the article («ال», or «لل»: ل + ال)
    assert all(d.endswith(("ال", "لل")) for d in lex.definite + lex.described)
    # possessives are tried longest first: «هما» before «ها», «ها» before «ه»
    assert [len(p) for p in lex.possessives] == sorted((len(p) for p in lex.possessives), reverse=True)


@pytest.mark.parametrize("broken, message", [
    ({"conjunctions": ["و", "فب"]}, "single letters"),
    ({"conjunctions": ["و"], "like": "كا"}, "like is a single letter"),
    ({"conjunctions": ["و"], "like": "ك", "prefixes": ["و", "و"]}, "twice"),
    ({"conjunctions": ["و"], "like": "ك", "prefixes": []}, "prefixes must be a list"),
    ({"conjunctions": "و"}, "conjunctions must be a list"),
])
def test_a_broken_clitics_file_is_refused(broken, message):
    with pytest.raises(ValueError, match=message):
        read_clitics(broken)


# --- pdf_repairs.yaml -----------------------------------------------------------------------

def test_pdf_repairs_map_broken_forms_to_other_arabic_words():
    data = load_yaml("pdf_repairs.yaml")
    assert isinstance(data["ligatures"], dict) and data["ligatures"]
    assert word_list_problems(list(data["ligatures"])) == []
    assert word_list_problems(list(data["ligatures"].values())) == []
    assert all(broken != word for broken, word in data["ligatures"].items())
    assert word_list_problems(data["conjunctions"]) == [] and all(len(c) == 1 for c in data["conjunctions"])


def test_pdf_text_gets_its_broken_words_back():
    from riwaya.read.pdf import clean_pdf_text

    assert clean_pdf_text("بسم اهلل الرحمن الرحيم، واهلل") == "بسم الله الرحمن الرحيم، والله"
    assert clean_pdf_text("كاهلل") == "كاهلل"  # not a conjunction of the list: another word


# --- given_names.yaml -----------------------------------------------------------------------

def test_name_words_are_single_arabic_words_read_as_normalized():
    data = load_yaml("given_names.yaml")
    assert set(data["theophoric"]) == {"servant", "divine"}
    assert word_list_problems(list(data["theophoric"].values())) == []
    assert word_list_problems(data["links"]) == []
    assert word_list_problems(data["like_prepositions"]) == []
    lex = given_names()
    assert lex.servants == (lex.servant, "و" + lex.servant)
    # «علي» is a given name of the list; only its spelling tells it from the preposition
    assert lex.like_prepositions <= lex.names
    assert lex.links == {normalize_str(w) for w in data["links"]}


# --- frames.yaml, attribution.yaml ----------------------------------------------------------

def test_frame_function_words_are_arabic_words():
    data = load_yaml("frames.yaml")
    for key in ("count_openers", "between", "no_preposition_before"):
        assert word_list_problems(data[key]) == [], key
    assert word_list_problems(data["told_earlier"]["particles"]) == []
    # «وعدد»: a clause that goes on counting opens with «و» and a count word
    counting = figure_frames().count_words
    assert all(w.startswith("و") and normalize_str(w[1:]).removeprefix("ب").removeprefix("ال") in counting
               for w in data["count_openers"])
    # particles are read with the verbs of `then` as one list: none is listed in both
    assert not set(data["told_earlier"]["particles"]) & set(data["told_earlier"]["then"])


def test_attribution_function_words_are_arabic_words():
    data = load_yaml("attribution.yaml")
    for key in ("said_starts", "what_was_said", "source_name_ends", "topic_openers"):
        assert word_list_problems(data[key]) == [], key
    # the beginnings of words that are no speaker: «لل», «بأن»
    assert word_list_problems(data["not_speaker_starts"]) == []


# --- statements.yaml ------------------------------------------------------------------------

def test_statement_nouns_are_one_list_and_documents_another():
    from riwaya.check.frames import _document_words, statement_nouns

    data = load_yaml("statements.yaml")
    assert word_list_problems(data["statement_nouns"]) == []
    assert word_list_problems(data["document_nouns"]) == []
    assert not {normalize_str(w) for w in data["statement_nouns"]} & {normalize_str(w) for w in data["document_nouns"]}
    assert statement_nouns() < _document_words()
    assert word_list_problems(data["reference_labels"]) == []
    assert word_list_problems(data["reference_labels_before_slash"], phrases=True) == []


def test_reference_lines_are_read_with_the_lexicon_labels():
    from riwaya.check.anatomy import _lines, is_reference

    def reference(line: str) -> bool:
        return is_reference(_lines(line)[0])

    assert reference("رقم: 47") and reference("الإشارة 12/2018") and reference("دع / 852")
    assert reference("رقم القيد دع/852") and not reference("رقم القيد 852")
    assert not reference("قال المتحدث إن 47")


# --- actors.yaml ----------------------------------------------------------------------------

def test_actor_context_additions_are_read_as_normalized():
    from riwaya.extract.actors import lexicon

    said = load_yaml("actors.yaml")["context"]
    assert word_list_problems(said["not_adjectives"]) == []
    assert all(w.startswith("ال") for w in said["not_adjectives"])  # definite words after a definite alias
    assert word_list_problems(said["aviation"]) == []
    assert word_list_problems([said["country_noun"]]) == []
    context = lexicon().context
    assert context.country_noun == normalize_str(said["country_noun"])
    assert context.not_adjectives == {normalize_str(w) for w in said["not_adjectives"]}
