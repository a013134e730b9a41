"""Quotations and who the text says speaks them.

A quotation is a span between « », “ ”, „ “ or " " marks of at least four words; it may run
across sentences within a paragraph. A quoted term is a span of one to three words that is not a
name («إرهابيين», «عملية نوعية»: the outlet's word put in the source's mouth, or the source's own),
as «غصن الزيتون» after «عملية» or «الشرق الأوسط» after «قال لـ» are. Its
speaker is the subject of the nearest reporting verb (lexicon/attribution.yaml) before it in its
sentence — «أشار جيش الإسلام إلى», «وأوضح البيان أن» — or, for a participle or a bare «وأضاف:»,
the last speaker named just before.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from riwaya.compiled import compiled
from riwaya.lexicon import load_yaml
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token, paragraphs
from riwaya.text.stem import clitic_splits

MIN_QUOTE_WORDS = 4
MAX_TERM_WORDS = 3  # a quoted term: one to three words, in Arabic
_ARABIC = re.compile("[\u0621-\u064a]")
_QUOTES = re.compile(r'«[^«»]+»|“[^“”]+”|„[^„“”]+[“”]|"[^"]+"')


@dataclass
class QuoteSpan:
    """A quotation between quotation marks, by offsets."""

    start: int  # the quotation inside its marks
    end: int
    text: str
    name: bool = False  # a quoted name («عملية «…»», «قوات «الفيلق الأفريقي»»), not a term


def find_quotes(text: str, terms: bool = False) -> list[QuoteSpan]:
    """Quoted spans of at least MIN_QUOTE_WORDS words; a quote may run across sentences. With
    ``terms``, quoted terms too (one to MAX_TERM_WORDS words), names among them marked ``name``."""
    found = []
    names = _attribution()["quoted_name_before"]
    for p_start, p_end in paragraphs(text):
        for m in _QUOTES.finditer(text, p_start, p_end):
            inner_start, inner_end = m.start() + 1, m.end() - 1
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and (text[inner_end - 1].isspace() or text[inner_end - 1] in ".،,"):
                inner_end -= 1
            inner = text[inner_start:inner_end]
            size = len(inner.split())
            if size >= MIN_QUOTE_WORDS:
                found.append(QuoteSpan(inner_start, inner_end, inner))
            elif terms and 1 <= size <= MAX_TERM_WORDS and _ARABIC.search(inner):
                found.append(QuoteSpan(inner_start, inner_end, inner, _named(text, m.start(), names)))
    return found


def _named(text: str, mark: int, names: frozenset[str]) -> bool:
    """Whether the words before a quotation mark make the quoted span a name: «عملية «…»»,
    «صحيفة «…»», or an outlet told something («قال لـ«الشرق الأوسط»», «في تصريح لـ«…»»)."""
    before = text[max(0, mark - 60):mark].replace("ـ", " ").split()
    words = [normalize_str(w) for w in before[-2:]]
    if not words:
        return False
    last = words[-1]
    bare = {base for prefix, base in clitic_splits(last) if prefix in ("", "و", "ب", "ف")}
    if last in names or bare & names:
        return True
    if last == "ل" and len(words) == 2:
        told = _attribution()["verbs"] | _attribution()["told_to_before"]
        return any(base in told for _, base in clitic_splits(words[0]))
    return False


@compiled
def _attribution() -> dict[str, frozenset[str]]:
    data = load_yaml("attribution.yaml")
    return {key: frozenset(normalize_str(str(w)) for w in words) for key, words in data.items()
            if isinstance(words, list)}


def attribution_words(key: str) -> frozenset[str]:
    """A list of attribution.yaml, normalized («said_starts»: «إن», «أن», …)."""
    return _attribution()[key]


def speaker(sentences: list[list[Token]], quote_start: int, text: str,
            look_back: int = 1, sentence: int | None = None) -> dict[str, Any] | None:
    """Who the text says is speaking: the subject of the nearest reporting verb before the
    quote in its sentence («أشار جيش الإسلام إلى», «وأوضح البيان أن»). A participle or a bare
    «وأضاف:» refers back to the last speaker named, up to ``look_back`` sentences earlier.
    ``sentence``: the index of the quote's sentence, when the caller knows it."""
    current = sentence
    if current is None:
        starts = [toks[0].start if toks else -1 for toks in sentences]
        current = bisect.bisect_right(starts, quote_start) - 1
        if current < 0 or not sentences[current] or quote_start > sentences[current][-1].end:
            return None
    for k in range(current, max(-1, current - look_back - 1), -1):
        before = [t for t in sentences[k] if t.end <= quote_start]
        for i in range(len(before) - 1, -1, -1):
            if not says_at(before, i):
                continue
            subject = subject_after(before, i)
            if subject:
                return words_span(text, subject)
    return None


@compiled
def _anonymity() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(normalize_str(str(w)).split()) for w in load_yaml("attribution.yaml")["anonymity"])


def says_at(tokens: list[Token], i: int) -> bool:
    """Whether the word at ``i`` is a verb of saying, not the end of a phrase of asking not to be
    named («طلب عدم ذكر اسمه»: «ذكر» says nothing)."""
    return is_reporting_verb(tokens[i].norm) and not (
        i >= 2 and (tokens[i - 2].norm, tokens[i - 1].norm) in _anonymity())


def relative_pronouns() -> frozenset[str]:
    """«الذي», «التي»: between a speaker and its verb of saying (attribution.yaml relatives)."""
    return _attribution()["relatives"]


def words_span(text: str, words: list[Token]) -> dict[str, Any]:
    """The span of ``text`` from the first of ``words`` to the last, as an attribution."""
    return {"text": text[words[0].start:words[-1].end], "start": words[0].start, "end": words[-1].end}


def subject_after(tokens: list[Token], i: int) -> list[Token]:
    """The subject after the reporting verb at ``i``: words up to a preposition, «أن», or what
    was said (an event word: «زعم الجيش مقتل 40»)."""
    stops = _attribution()["stops"]
    said = event_words()
    subject: list[Token] = []
    anonymity = _anonymity()
    for k, tok in enumerate(tokens[i + 1:], start=i + 1):
        # «وثق مقتل 24» names no one; «تقر الكتائب بمقتل 19» names «الكتائب»
        if tok.kind != "word" or tok.norm in stops or any(b in said for _, b in clitic_splits(tok.norm)):
            break
        if k + 1 < len(tokens) and (tok.norm, tokens[k + 1].norm) in anonymity:
            break  # «مصدر أمني طلب عدم الكشف عن اسمه»: the source is «مصدر أمني»
        if not subject and tok.norm.startswith(tuple(_attribution()["not_speaker_starts"])):
            break  # «قال للقوات», «أفاد بأنه»: a preposition, not who speaks
        subject.append(tok)
        if len(subject) == 4:
            break
    return subject


@compiled
def event_words() -> frozenset[str]:
    from riwaya.lexicon import events

    return frozenset(form[0] for form in events().forms)


def is_reporting_verb(word: str) -> bool:
    verbs = _attribution()["verbs"]
    return word in verbs or (word[:1] in ("و", "ف") and word[1:] in verbs)


def without_attribution(tokens: list[Token]) -> list[Token]:
    """A sentence's tokens less its reporting frame: «كشف جيش الإسلام في بيان له» names who
    speaks; matching it against the source would align the frame, not the content."""
    drop: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and is_reporting_verb(tok.norm):
            drop.add(i)
            drop.update(range(i + 1, i + 1 + len(subject_after(tokens, i))))
    return [t for i, t in enumerate(tokens) if i not in drop]


def find_quote_mentions(text: str, sentences: list[list[Token]]) -> list[dict[str, Any]]:
    """Quote mentions (kind «quote») with their speaker, for extract."""
    out = []
    starts = [toks[0].start if toks else -1 for toks in sentences]
    for q in find_quotes(text):
        index = bisect.bisect_right(starts, q.start) - 1
        said_by = speaker(sentences, q.start, text, sentence=index) if index >= 0 else None
        out.append({"kind": "quote", "start": q.start, "end": q.end, "text": q.text,
                    "speaker": said_by["text"] if said_by else None,
                    "speaker_start": said_by["start"] if said_by else None,
                    "speaker_end": said_by["end"] if said_by else None})
    return out
