"""Frames of reported speech: who does what kind of thing with words, in a report and a source.

An outlet that puts its own paraphrase between quotation marks keeps the frame and changes the
words: «وأكدت الوزارة أن "مثل هذه الهجمات الخسيسة لن تمنع رجال الأمن…"» for the statement's
«وتؤكد الوزارة أن هذه الأعمال الجبانة لن تثني القوات الأمنية…». The words share almost nothing
(measured on the paraphrase pairs: 1–3 content terms of 10–15, as many as an invented quotation
on the same topic shares; the multilingual USE encoder did not separate them either), but the
frame does: the same party (the issuer, or the same named person) doing the same speech act
(asserting, calling on, saying, warning…). An invented quotation has a speaker the source never
quotes, or a speech act the source's speaker never performs.
"""

from __future__ import annotations

from dataclasses import dataclass

from riwaya.compiled import compiled
from riwaya.extract.quotes import attribution_words, subject_after
from riwaya.lexicon import load_yaml
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import Token
from riwaya.text.terms import content_terms


@compiled
def speech_acts() -> dict[str, tuple[str, bool]]:
    """Normalized verb form → (speech act, whether it is the first person plural)."""
    table: dict[str, tuple[str, bool]] = {}
    for act, forms in load_yaml("attribution.yaml")["speech_acts"].items():
        for person in ("other", "we"):
            for form in forms.get(person, []):
                table[normalize_str(str(form))] = (act, person == "we")
    return table


def act_of(norm: str) -> tuple[str, bool] | None:
    """The speech act of a normalized word (with a conjunction «و»/«ف» or not), or None."""
    acts = speech_acts()
    if norm in acts:
        return acts[norm]
    if norm[:1] in ("و", "ف") and norm[1:] in acts:
        return acts[norm[1:]]
    return None


_LONGEST_SPEAKER = 20  # tokens between a reporting verb and what is said
_QUOTE_MARKS = frozenset('"«“:')  # punctuation tokens: no word is one of these


@compiled
def statement_nouns() -> frozenset[str]:
    """The nouns of a statement, normalized: «بيان», «البيان», «بيانها» (statements.yaml)."""
    return frozenset(normalize_str(str(w)) for w in load_yaml("statements.yaml")["statement_nouns"])


@compiled
def _document_words() -> frozenset[str]:
    """Words that name the document rather than a person: «واعتبر البيان أن» is the issuer speaking."""
    others = load_yaml("statements.yaml")["document_nouns"]
    return statement_nouns() | frozenset(normalize_str(str(w)) for w in others)


@dataclass(frozen=True)
class Frame:
    """One reporting verb and who it says speaks."""

    sentence: int
    position: int  # offset of the verb in its document
    act: str
    speaker: frozenset[str]  # content terms of the named speaker (empty when unnamed)
    issuer: bool  # the issuer speaks: first person, «البيان», or the issuer's own name
    # Content terms of everything between the verb and what is said: the speaker with the
    # appositions a name or a title comes in («نائبة المديرة الإقليمية…، سلمى الحداد، إن»).
    who: frozenset[str] = frozenset()


def _frame(tokens: list[Token], i: int, sentence: int, issuer_terms: frozenset[str],
           act: str, we: bool) -> Frame:
    subject = subject_after(tokens, i)
    speaker = frozenset(content_terms(subject))
    document = bool(subject) and all(t.norm.removeprefix("ل") in _document_words() for t in subject)
    issuer = we or document or bool(speaker and speaker <= issuer_terms)
    said = next((j for j in range(i + 1, min(len(tokens), i + 1 + _LONGEST_SPEAKER))
                 if tokens[j].norm in attribution_words("said_starts") or tokens[j].norm in _QUOTE_MARKS),
                i + 1 + len(subject))
    who = speaker | frozenset(content_terms(tokens[i + 1:said]))
    return Frame(sentence, tokens[i].start, act, speaker, issuer, who)


def frames_in(tokens: list[Token], sentence: int, issuer_terms: frozenset[str]) -> list[Frame]:
    """Every reporting verb of a speech act in a sentence, with its speaker."""
    found = []
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and (hit := act_of(tok.norm)):
            found.append(_frame(tokens, i, sentence, issuer_terms, *hit))
    return found


def frame_before(tokens: list[Token], sentence: int, position: int,
                 issuer_terms: frozenset[str]) -> Frame | None:
    """The speech act framing what starts at ``position``: the nearest reporting verb before
    it in its sentence."""
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.end <= position and tok.kind == "word" and (hit := act_of(tok.norm)):
            return _frame(tokens, i, sentence, issuer_terms, *hit)
    return None


def same_voice(report: Frame, source: Frame) -> bool:
    """Whether two frames are the same party doing the same speech act."""
    if report.act != source.act:
        return False
    if report.issuer and source.issuer:
        return True
    # A named person: «مدير شؤون الوكالة» and «مدير شؤون الأونروا» share their words.
    return bool(report.who & source.who) and not (report.issuer or source.issuer)
