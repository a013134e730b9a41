"""Claims: who says which figure about what — the unit that comparing accounts works on.

Each quantity becomes a claim: the figure, its event, the actor it concerns (the nearest actor
named before it in its sentence, or after it when none is before), the place and date of its
sentence (or of the document), who the text attributes it to, and how it is hedged:
«زعم … مقتل 40» is claimed, «نفى …» denied, «أكد …» confirmed, «بحسب ناشطين» reported.
The attribution is the subject of the sentence's reporting verb («قال المرصد إن»), an
«according to» phrase («بحسب», «وفق», «نقلاً عن»), or the last one named earlier in the paragraph
— reports attribute once and then go on.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from riwaya.compiled import compiled
from riwaya.extract.quotes import (
    attribution_words,
    is_reporting_verb,
    relative_pronouns,
    says_at,
    speaker,
    subject_after,
    words_span,
)
from riwaya.lexicon import figure_frames, load_yaml
from riwaya.text.dates import day_words
from riwaya.text.normalize import normalize_str
from riwaya.text.segment import COMMAS, Token


@compiled
def _hedges() -> dict[str, str]:
    data = load_yaml("attribution.yaml").get("hedges", {})
    return {normalize_str(word): hedge for hedge, words in data.items() for word in words}


@compiled
def _according_to() -> dict[str, list[tuple[str, ...]]]:
    """«According to» phrases by their first word, longest first."""
    data = load_yaml("attribution.yaml").get("according_to", [])
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted((tuple(normalize_str(w).split()) for w in data), key=len, reverse=True):
        by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def names_according_to(tokens: list[Token], text: str) -> bool:
    """Whether the words hold an «according to» phrase that names a source («بحسب المركز»)."""
    return bool(_according_all(tokens, text))


def _told_it(word: str) -> bool:
    """A reporting verb, bare or with its object («أعلن», «أعلنه», «أعلنته», «أوردها»)."""
    return any(is_reporting_verb(w) for w in (word, word[:-1], word[:-2]))


def _according(tokens: list[Token], text: str) -> dict[str, Any] | None:
    """«بحسب ناشطين», «وفق مصادر محلية», «نقلاً عن مصدر عسكري»: the source named after the
    sentence's first such phrase."""
    return next((said for _, said in _according_all(tokens, text)), None)


def _according_all(tokens: list[Token], text: str) -> list[tuple[int, dict[str, Any]]]:
    """Every «according to» phrase of a sentence: (where the phrase starts, the source named)."""
    table = _according_to()
    said, name_ends = attribution_words("what_was_said"), attribution_words("source_name_ends")
    words = [t.norm for t in tokens]
    found = []
    for i, word in enumerate(words):
        first = word if word in table else word[1:] if word[:1] == "و" and word[1:] in table else None
        if first is None:
            continue
        for phrase in table[first]:
            if (first, *words[i + 1:i + len(phrase)]) == phrase:
                named = []
                at = i + len(phrase)
                if at + 1 < len(words) and words[at] in said and _told_it(words[at + 1]):
                    at += 2  # «وفق ما أعلنه خفر السواحل»: the source follows what it said
                for tok in tokens[at:]:
                    if tok.kind != "word" or len(named) == 4 or tok.norm in name_ends \
                            or tok.norm in day_words():  # «خفر السواحل الليبي اليوم»: the name ends
                        break
                    named.append(tok)
                if named:
                    found.append((tokens[i].start, words_span(text, named)))
                break
    return found


def _topic_before(toks: list[Token], i: int) -> list[Token]:
    """«أما المرصد المستقل للنزاعات فوثق»: the words between «أما» and a verb that starts with ف."""
    if not toks[i].norm.startswith("ف"):
        return []
    for j in range(i - 1, max(-1, i - 7), -1):
        if toks[j].norm in attribution_words("topic_openers"):
            words = toks[j + 1:i]
            return words if words and all(t.kind == "word" for t in words) else []
    return []


_RELATIVE_CLAUSE = 16  # tokens: the longest relative clause read between a speaker and its verb


def _named_before_relative(
    toks: list[Token], i: int, actors: _Sorted
) -> tuple[int, dict[str, Any]] | None:
    """The party named right before a relative pronoun that leads to the verb of saying at ``i``
    (where the relative starts, the party): «الجيش الذي يقول إنه قتل 112 مسلحا», or past a
    relative clause set off by commas («فالجيش، الذي رفع حصيلة قتلاه إلى 16، يؤكد أنه قتل 112»):
    the army speaks, not the party named last."""
    relatives = relative_pronouns()
    k = i - 1
    if toks[k].norm not in relatives:
        if toks[k].norm not in COMMAS:
            return None
        k = next((m for m in range(k - 1, max(-1, k - _RELATIVE_CLAUSE), -1)
                  if toks[m].norm in relatives or toks[m].norm in _SENTENCE_MARKS
                  or (toks[m].kind == "word" and says_at(toks, m))), -1)
        if k <= 0 or toks[k].norm not in relatives:
            return None
    at = toks[k].start
    if k > 0 and toks[k - 1].norm in COMMAS:
        k -= 1
    if k <= 0:
        return None
    named = actors.nearest(toks[k - 1].end)
    return (at, _ref(named)) if named is not None and named["end"] == toks[k - 1].end else None


_SENTENCE_MARKS = frozenset((".", ":", "؛", ";", "!", "؟", "?"))


# How near after a figure an «according to» phrase must stand to be that figure's own
# («… مقابل 862 بحسب الأمم المتحدة»), in characters.
_TRAILING = 30


class _Sources:
    """The sources a sentence names, in order, for telling whose each of its figures is: «قال
    مكتب الأمم المتحدة إن 129 شاحنة دخلت، في حين أعلن المكتب الإعلامي الحكومي أن عددها 137»
    gives the 129 to the UN and the 137 to the office."""

    def __init__(self, toks: list[Token], text: str, actors: _Sorted, figures: list[int]):
        self.verbs: list[tuple[int, dict[str, Any]]] = []
        for i, tok in enumerate(toks):
            if tok.kind != "word" or not says_at(toks, i):
                continue
            subject = subject_after(toks, i)
            if subject:
                self.verbs.append((tok.start, words_span(text, subject)))
            elif i > 0:
                # «فالجيش يقول إنه قتل 40»: the subject before its verb, when it names a party;
                # «أما المرصد فوثق مقتل 24»: the topic «أما» sets apart
                before = actors.nearest(toks[i - 1].end)
                topic = _topic_before(toks, i)
                named = _named_before_relative(toks, i, actors)
                if before is not None and before["end"] == toks[i - 1].end:
                    self.verbs.append((tok.start, _ref(before)))
                elif topic:
                    self.verbs.append((tok.start, words_span(text, topic)))
                elif named is not None:
                    # from the relative on: the clause's own figures are the party's too («الذي
                    # رفع حصيلة قتلاه إلى 16»)
                    self.verbs.append(named)
        self.according = _according_all(toks, text)
        self.figures = sorted(figures)  # where the sentence's figures end
        self.verb_at = [at for at, _ in self.verbs]
        self.according_at = [at for at, _ in self.according]
        # an «according to» standing right after a figure is that figure's, not the next ones'
        self.leading = [(at, said) for at, said in self.according if not self._trails(at)]
        self.leading_at = [at for at, _ in self.leading]

    def _trails(self, at: int) -> bool:
        i = bisect.bisect_right(self.figures, at) - 1
        return i >= 0 and at - self.figures[i] <= _TRAILING

    def of(self, start: int, end: int) -> dict[str, Any] | None:
        """Whose is the figure at [start, end): an «according to» right after it, else the
        source named nearest before it."""
        j = bisect.bisect_left(self.according_at, end)
        if j < len(self.according) and self.according_at[j] <= end + _TRAILING:
            at = self.according_at[j]
            k = bisect.bisect_right(self.figures, end)
            if k == len(self.figures) or self.figures[k] >= at:  # no other figure between
                return self.according[j][1]
        candidates = []
        i = bisect.bisect_left(self.verb_at, start) - 1
        if i >= 0:
            candidates.append(self.verbs[i])
        i = bisect.bisect_left(self.leading_at, start) - 1
        if i >= 0:
            candidates.append(self.leading[i])
        return max(candidates, key=lambda c: c[0])[1] if candidates else None


def _hedge(tokens: list[Token]) -> str:
    table = _hedges()
    for tok in tokens:
        word = tok.norm[1:] if tok.norm[:1] in ("و", "ف") and tok.norm[1:] in table else tok.norm
        if word in table:
            return table[word]
    return "reported"


class _Sorted:
    """One sentence's mentions of a kind, sorted, for nearest-mention look-ups by bisection
    (a sentence may be a whole unpunctuated page)."""

    def __init__(self, mentions: list[dict[str, Any]]):
        self.mentions = sorted(mentions, key=lambda m: m["start"])
        self.ends = [m["end"] for m in self.mentions]
        self.starts = [m["start"] for m in self.mentions]

    def nearest(self, position: int, skip: Any = None) -> dict[str, Any] | None:
        """The mention ending nearest before ``position`` (not ``skip``-ped), else the first
        starting after it."""
        i = bisect.bisect_right(self.ends, position) - 1
        while i >= 0 and skip is not None and skip(self.mentions[i]):
            i -= 1
        if i >= 0:
            return self.mentions[i]
        j = bisect.bisect_left(self.starts, position)
        while j < len(self.mentions) and skip is not None and skip(self.mentions[j]):
            j += 1
        return self.mentions[j] if j < len(self.mentions) else None

    def inside(self, span: dict[str, Any]) -> dict[str, Any] | None:
        j = bisect.bisect_left(self.starts, span["start"])
        if j < len(self.mentions) and self.mentions[j]["end"] <= span["end"]:
            return self.mentions[j]
        return None


def _by_sentence(mentions: list[dict[str, Any]]) -> dict[int, _Sorted]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for m in mentions:
        grouped.setdefault(m["sentence"], []).append(m)
    return {k: _Sorted(v) for k, v in grouped.items()}


_BACKGROUND_WINDOW = 6  # words between «وكان» and its «قد»


def _background(toks: list[Token]) -> bool:
    """Whether a sentence opens as what happened before, in the outlet's words («وكان تفجير
    انتحاري قد وقع ظهر اليوم … أسفر عن استشهاد 15»): not the speaker of the sentences before it
    (a statement of the group that claimed the bombing)."""
    lex = figure_frames()
    words = [t.norm for t in toks if t.kind == "word"]
    return bool(words) and words[0] in lex.earlier_openers and any(
        w in lex.earlier_then for w in words[1:_BACKGROUND_WINDOW + 1])


def _earlier_speaker(toks: list[Token], text: str) -> dict[str, Any] | None:
    """The subject of «وكانت الوزارة قد أعلنت»: the words between the opener and «قد» when a
    reporting verb follows it."""
    words = [t for t in toks if t.kind == "word"]
    particles = figure_frames().earlier_particles
    then = next((i for i, t in enumerate(words[:_BACKGROUND_WINDOW + 1]) if t.norm in particles), None)
    if then is None or then < 2 or then + 1 >= len(words) or not is_reporting_verb(words[then + 1].norm):
        return None
    return words_span(text, words[1:then])


def _ref(m: dict[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    if m is None:
        return None
    return {k: m.get(k) for k in ("start", "end", "text", *keys)}


def attach_claims(text: str, tokens: list[list[Token]], mentions: list[dict[str, Any]],
                  paragraph_of: list[int]) -> None:
    """Give every quantity among ``mentions`` its ``claim`` (offsets into ``text``). The claim
    lives on the quantity so that a long document's claims stream out with its mentions."""
    actors = _by_sentence([m for m in mentions if m["kind"] == "actor"])
    all_places = [m for m in mentions if m["kind"] == "place"]
    places = _by_sentence(all_places)
    all_dates = [m for m in mentions if m["kind"] == "date" and m.get("value")]
    dates = _by_sentence(all_dates)
    last_source: dict[int, dict[str, Any]] = {}  # paragraph -> last attribution named
    attribution: list[dict[str, Any] | None] = []
    carried: list[dict[str, Any] | None] = []  # the paragraph's source before each sentence
    for i, toks in enumerate(tokens):
        carried.append(last_source.get(paragraph_of[i]))
        said = _according(toks, text) or (
            speaker(tokens, toks[-1].end, text, look_back=0, sentence=i) if toks else None)
        if said is not None:
            last_source[paragraph_of[i]] = said
        elif _background(toks):
            # «وكانت الوزارة قد أعلنت»: who said it before; «وكان تفجير قد وقع»: the outlet's own
            # account of what happened before
            attribution.append(_earlier_speaker(toks, text))
            continue
        attribution.append(said or last_source.get(paragraph_of[i]))
    place_counts = Counter(p["id"] for p in all_places)
    document_place = max(all_places, key=lambda p: place_counts[p["id"]], default=None)
    document_date = all_dates[0] if all_dates else None
    empty = _Sorted([])
    hedges: dict[int, str] = {}  # per sentence: a sentence may be a whole unpunctuated page
    quantities = [m for m in mentions if m["kind"] == "quantity"]
    ends: dict[int, list[int]] = {}
    for q in quantities:
        ends.setdefault(q["sentence"], []).append(q["end"])
    sources: dict[int, _Sources] = {}
    for q in quantities:
        s = q["sentence"]
        here = actors.get(s, empty)
        if s not in sources:
            sources[s] = _Sources(tokens[s], text, here, ends[s])
        said = sources[s].of(q["start"], q["end"])
        if said is None:
            # the sentence names its sources only after other figures: the paragraph's goes on
            said = carried[s] if sources[s].according and not sources[s].leading else attribution[s]
        # «تسليم الفصائل العشرة»: the factions; else the nearest actor that is not the speaker.
        actor = here.inside(q) or here.nearest(q["start"], skip=lambda a, said=said: _inside(a, said))
        place = places.get(s, empty).nearest(q["start"]) or document_place
        date = dates.get(s, empty).nearest(q["start"]) or document_date
        q["claim"] = {
            "event": q["event"], "unit": q["unit"],
            "actor": _ref(actor, "id", "name"), "place": _ref(place, "id", "name"),
            "date": _ref(date, "value", "gregorian", "calendar"),
            "attributed_to": said,
            "hedge": hedges[s] if s in hedges else hedges.setdefault(s, _hedge(tokens[s])),
        }


def _inside(m: dict[str, Any], span: dict[str, Any] | None) -> bool:
    return span is not None and span["start"] <= m["start"] and m["end"] <= span["end"]
