"""Quotations in a report, found in the source and graded.

A quotation in an Arabic report is often not what the source said: outlets swap the source's
vocabulary for their own (داعش → تنظيم الدولة), drop clauses, reorder, or put their own
paraphrase between quotation marks. For each quoted span this module finds the source window it
comes from (the densest cluster of its words in the source, by a two-pointer sweep over word
hits), diffs the two word sequences, and grades the quote:

* verbatim — the same characters are in the source;
* normalized — the same words up to spelling (hamza, ة/ه, ى/ي, diacritics, digits, punctuation);
* edited — most words are the source's, with substitutions, deletions or insertions (listed);
* paraphrase — few of the words, but the meaning of a source passage;
* not_found — the source does not say it; the closest passage (if any shares words) is still
  given by ``source_start``/``source_end`` for a person to review.

A quoted term (one to three words, ``scare_quote``: «إرهابيين», «عملية نوعية») is graded on its
words alone: verbatim or normalized where a source has them as words (a clitic aside), else
not_found — the outlet's word put in the source's mouth. A term is not edited or paraphrased.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from riwaya.compiled import compiled
from riwaya.extract.quotes import MAX_TERM_WORDS, QuoteSpan
from riwaya.lexicon import load_yaml
from riwaya.lexicon.clitics import clitics
from riwaya.text.normalize import Normalized, normalize
from riwaya.text.segment import Token
from riwaya.text.segment import tokens as text_tokens
from riwaya.text.stem import light_stem
from riwaya.text.terms import content_terms, stopwords

EDITED = 0.5  # share of the quote's words found in order in the source window
PARAPHRASE = 0.45  # share of the quote's content terms that the source passage carries
REWORDED = 0.4  # share of a quote's words changed beyond which it is no longer an edit
# Hamza seats fold to the bare hamza, so بتواطؤ and بتواطئ (and مسؤول, مسئول) compare equal.
_SPELLING = str.maketrans({"ؤ": "ء", "ئ": "ء"})


def spelling_key(norm: str) -> str:
    """A word's key up to spelling: normalized, hamza seats folded."""
    return norm.translate(_SPELLING)


@dataclass
class Word:
    """A word of a quotation or its source, spelled three ways for the diff."""

    start: int  # offsets into the document text
    end: int
    norm: str  # normalized
    spelling: str  # up to spelling
    key: str  # up to spelling, clitics and endings: what the diff aligns on


def words_of(tokens: list[Token], numbers: list[tuple[int, int, float]] = ()) -> list[Word]:
    """The words a quotation is matched on. ``numbers`` (start, end, value of each figure's
    number) turn a number written in words or digits into one word keyed by its value, so that
    «ثلاثمئة وخمسين» and «350» are the same word and «ثلاثمئة» alone is not."""
    stop = stopwords()
    words = []
    spans = sorted(numbers)
    k = 0
    for t in tokens:
        while k < len(spans) and spans[k][1] <= t.start:
            k += 1
        if k < len(spans) and spans[k][0] <= t.start < spans[k][1]:
            start, end, value = spans[k]
            key = f"#{value:g}"
            if words and words[-1].key == key and words[-1].start == start:
                # The rest of the same number. Its written form is its norm and its value its
                # spelling, so «ثلاثة» for «ثلاث» or «350» for «ثلاثمئة وخمسين» is listed as a
                # spelling change, not as another word.
                words[-1] = Word(start, end, f"{words[-1].norm} {t.norm}", key, key)
                continue
            words.append(Word(start, end, t.norm, key, key))
            continue
        if t.kind in ("word", "number", "latin"):
            spelled = spelling_key(t.norm)
            # «وفي» is «في» with a conjunction: too short for the stemmer to split safely.
            bare = spelled[1:] if spelled[:1] in ("و", "ف") and spelled[1:] in stop else spelled
            words.append(Word(t.start, t.end, t.norm, spelled, light_stem(bare)))
    return words


@dataclass
class SourceText:
    """What quote grading needs of one source: its text, words and sentence terms."""

    text: str
    words: list[Word]
    sentence_terms: list[frozenset[str]]
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each
    positions: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        positions: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(self.words):
            positions[word.key].append(i)
        self.positions = dict(positions)

    @cached_property
    def sentence_concepts(self) -> list[set[str]]:
        """Each sentence's terms read as concepts (``as_concepts``), once per source."""
        return [as_concepts(terms) for terms in self.sentence_terms]

    @cached_property
    def spelled(self) -> tuple[Normalized, str]:
        """The normalized text, and the same with hamza seats folded (one character for one)."""
        norm = normalize(self.text)
        return norm, norm.text.translate(_SPELLING)


def best_window(quote: list[Word], source: SourceText) -> tuple[int, int, int] | None:
    """The source word range [a, b) holding most of the quote's words: (a, b, hits)."""
    hits = sorted((pos, qi) for qi, w in enumerate(quote) for pos in source.positions.get(w.key, ()))
    if not hits:
        return None
    reach = 2 * len(quote) + 12  # how far apart the first and last matched word may be
    best = (0, 0, 0)
    counts: Counter[int] = Counter()
    lo = 0
    for pos, qi in hits:
        counts[qi] += 1
        while pos - hits[lo][0] > reach:
            counts[hits[lo][1]] -= 1
            if not counts[hits[lo][1]]:
                del counts[hits[lo][1]]
            lo += 1
        if len(counts) > best[2]:
            best = (hits[lo][0], pos + 1, len(counts))
    return best


@dataclass
class Diff:
    """How a quotation differs from the source passage it matches."""

    equal: int  # quote words matched to the source passage (in any order)
    substitutions: list[dict[str, Any]]
    deletions: list[dict[str, Any]]  # source words the report dropped
    insertions: list[dict[str, Any]]  # report words the source does not have there
    spelling: list[dict[str, Any]]  # same word, spelled differently
    moved: list[dict[str, Any]]  # source passages the report put in another order
    source_start: int  # the matched source passage
    source_end: int


def _blocks(quote: list[Word], window: list[Word]) -> list[tuple[int, int, int]]:
    """Matching runs (quote index, window index, length), longest first, in any order — so a
    clause the outlet moved is still matched. A lone function word does not make a match."""
    stop = stopwords()
    q_free = [True] * len(quote)
    w_free = [True] * len(window)
    blocks = []
    while True:
        best = (0, 0, 0)
        for i in range(len(quote)):
            if not q_free[i]:
                continue
            for j in range(len(window)):
                length = 0
                while (i + length < len(quote) and j + length < len(window) and q_free[i + length]
                       and w_free[j + length] and quote[i + length].key == window[j + length].key):
                    length += 1
                if length > best[2] and (length > 1 or quote[i].norm not in stop):
                    best = (i, j, length)
        i, j, length = best
        if length == 0:
            break
        blocks.append(best)
        for d in range(length):
            q_free[i + d] = w_free[j + d] = False
    return sorted(blocks)


def _kept_in_order(blocks: list[tuple[int, int, int]]) -> set[int]:
    """Blocks (by position in ``blocks``) forming the heaviest run in source order; the others
    were moved by the report."""
    best: list[tuple[int, list[int]]] = []
    for k, (_, j, length) in enumerate(blocks):
        prior = [best[p] for p in range(k) if blocks[p][1] < j]
        weight, chain = max(prior, default=(0, []))
        best.append((weight + length, [*chain, k]))
    return set(max(best, default=(0, []))[1])


def diff_words(quote: list[Word], window: list[Word], report_text: str, source_text: str) -> Diff:
    """What the report changed in the source passage: substitutions, deletions, insertions,
    spelling and inflection changes, and moved clauses."""
    blocks = _blocks(quote, window)
    if not blocks:
        return Diff(0, [], [], [], [], [], window[0].start if window else 0,
                    window[-1].end if window else 0)
    # The passage is what the blocks span; source words outside it are not the quote's.
    lo = min(j for _, j, _ in blocks)
    hi = max(j + length for _, j, length in blocks)
    out = Diff(sum(b[2] for b in blocks), [], [], [], [], [], window[lo].start, window[hi - 1].end)

    def span(words: list[Word], text: str) -> dict[str, Any]:
        return {"text": text[words[0].start:words[-1].end], "start": words[0].start, "end": words[-1].end}

    def pair(q: list[Word], w: list[Word], kind: str) -> dict[str, Any]:
        r, s = span(q, report_text), span(w, source_text)
        return {"report": r["text"], "source": s["text"], "kind": kind, "report_start": r["start"],
                "report_end": r["end"], "source_start": s["start"], "source_end": s["end"]}

    to_source: dict[int, int] = {}
    for i, j, length in blocks:
        for d in range(length):
            q, w = quote[i + d], window[j + d]
            to_source[i + d] = j + d
            if q.spelling != w.spelling:  # the same word with another clitic or ending
                out.substitutions.append(pair([q], [w], "inflection"))
            elif q.norm != w.norm:
                out.spelling.append(pair([q], [w], "spelling"))
    kept = _kept_in_order(blocks)
    for k, (_, j, length) in enumerate(blocks):
        if k not in kept:
            out.moved.append(span(window[j:j + length], source_text))
    used_source = set(to_source.values())
    # Unmatched quote runs: a substitution when the source has an unmatched run in the same
    # place (between the same matched neighbours), else an insertion.
    i = 0
    while i < len(quote):
        if i in to_source:
            i += 1
            continue
        start = i
        while i < len(quote) and i not in to_source:
            i += 1
        before = to_source.get(start - 1)
        after = to_source.get(i)
        gap = []
        if before is not None and after is not None and after > before + 1:
            gap = [j for j in range(before + 1, after) if j not in used_source]
        elif before is None and after is not None:
            # a changed first word: the window's words just before the passage («_with_changed_ends»)
            gap = [j for j in range(min(lo, max(0, after - (i - start))), after) if j not in used_source]
        elif after is None and before is not None:
            gap = [j for j in range(before + 1, max(hi, min(len(window), before + 1 + i - start)))
                   if j not in used_source]
        if gap and gap == list(range(gap[0], gap[-1] + 1)):
            out.substitutions.append(pair(quote[start:i], window[gap[0]:gap[-1] + 1], "word" if
                                          i - start == 1 and len(gap) == 1 else "phrase"))
            used_source.update(gap)
            out.source_start = min(out.source_start, window[gap[0]].start)
            out.source_end = max(out.source_end, window[gap[-1]].end)
        else:
            out.insertions.append(span(quote[start:i], report_text))
    # Unmatched source runs inside the passage: what the report dropped.
    j = lo
    while j < hi:
        if j in used_source:
            j += 1
            continue
        start = j
        while j < hi and j not in used_source:
            j += 1
        out.deletions.append(span(window[start:j], source_text))
    return out


@dataclass
class GradedQuote:
    """A report's quotation with its verdict against the sources, and the evidence."""

    quote: QuoteSpan
    verdict: str
    source: int | None = None
    source_start: int | None = None
    source_end: int | None = None
    similarity: float = 0.0
    edits: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    speaker: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.quote.start, "end": self.quote.end, "text": self.quote.text,
                "verdict": self.verdict, "source": self.source, "source_start": self.source_start,
                "source_end": self.source_end, "similarity": round(self.similarity, 3),
                "edits": self.edits, "speaker": self.speaker, "scare_quote": is_term(self.quote)}


def _changed_words(substitution: dict[str, Any]) -> int:
    """The report words of a substitution the source's words there do not have: «لن نسمح» for
    «لن تسمح» changes one."""
    theirs = {normalize(w).text for w in substitution["source"].split()}
    return sum(normalize(w).text not in theirs for w in substitution["report"].split())


def _with_changed_ends(quote: list[Word], source: SourceText, a: int, b: int) -> tuple[int, int]:
    """The source passage widened by as many words as the quotation has past its last (before
    its first) word the passage holds, within the sentence: «… تبثه جهات معادية» quotes «… تبثه
    جهات مشبوهة», the last word changed, not a word added."""
    keys = {w.key for w in source.words[a:b]}
    trailing = next((n for n, w in enumerate(reversed(quote)) if w.key in keys), 0)
    leading = next((n for n, w in enumerate(quote) if w.key in keys), 0)

    def sentence_of(i: int) -> int:
        at = source.words[i].start
        return next((k for k, (s, e) in enumerate(source.sentences) if s <= at < e), -1)

    while trailing and b < len(source.words) and sentence_of(b) == sentence_of(b - 1):
        b, trailing = b + 1, trailing - 1
    while leading and a > 0 and sentence_of(a - 1) == sentence_of(a):
        a, leading = a - 1, leading - 1
    return a, b


def is_term(quote: QuoteSpan) -> bool:
    """A quoted term, not a quotation: one to three words («إرهابيين», «عملية نوعية»)."""
    return len(quote.text.split()) <= MAX_TERM_WORDS


# A term matches a source's words with a clitic or the article before it («والمحتلين» has
# «المحتلين»), never inside a longer word.
_WORD_END = r"(?![\w\u064b-\u0652])"


@cache
def _clitic() -> str:
    """A clitic or the article a term may carry in a source (clitics.yaml), as an optional group."""
    lex = clitics()
    return "(?:[" + lex.joined + "]|" + "|".join(re.escape(p) for p in lex.term_prefixes) + ")?"


def grade_term(quote: QuoteSpan, sources: list[SourceText]) -> GradedQuote:
    """verbatim where a source has the term as written, normalized where it has it up to
    spelling (hamza, ة/ه, ى/ي, diacritics), else not_found."""
    words = quote.text.split()
    exact = re.compile(r"(?<![\w])" + _clitic() + r"\s+".join(re.escape(w) for w in words) + _WORD_END)
    for k, source in enumerate(sources):
        m = exact.search(source.text)
        if m:
            return GradedQuote(quote, "verbatim", k, m.start(), m.end(), 1.0, _no_edits())
    keys = [spelling_key(w) for w in normalize(quote.text).text.split()]
    folded = re.compile(r"(?<![\w])" + _clitic() + r"\s+".join(re.escape(w) for w in keys) + _WORD_END)
    for k, source in enumerate(sources):
        norm, spelled = source.spelled
        m = folded.search(spelled)
        if m:
            s, e = norm.span(m.start(), m.end())
            return GradedQuote(quote, "normalized", k, s, e, 1.0, _no_edits())
    # Another translation's words for the same thing: every word of the term is a word of the
    # statement register whose concept one source sentence carries («بمساندة الطيران» for «بدعم
    # من العناصر الجوية»); a term of one word, or of a word outside the register, never is.
    concepts = as_concepts(content_terms(text_tokens(quote.text)))
    if len(concepts) >= 2 and all(c.startswith("~") for c in concepts):
        for k, source in enumerate(sources):
            for i, carried in enumerate(source.sentence_concepts):
                if concepts <= carried and i < len(source.sentences):
                    s, e = source.sentences[i]
                    return GradedQuote(quote, "paraphrase", k, s, e, 0.0, _no_edits())
    return GradedQuote(quote, "not_found", edits=_no_edits())


def grade(quote: QuoteSpan, quote_words: list[Word], quote_terms: list[str], report_text: str,
          sources: list[SourceText]) -> GradedQuote:
    # Verbatim: the very characters (white space aside) are in a source.
    squeezed = " ".join(quote.text.split())
    for k, source in enumerate(sources):
        at = " ".join(source.text.split()).find(squeezed)
        if at != -1:
            s, e = _locate(source.text, squeezed)
            return GradedQuote(quote, "verbatim", k, s, e, 1.0, _no_edits())
    best: tuple[float, int, int, int] | None = None
    for k, source in enumerate(sources):
        window = best_window(quote_words, source)
        if window and (best is None or window[2] > best[0]):
            best = (window[2], k, window[0], window[1])
    graded = GradedQuote(quote, "not_found")
    if best is not None:
        _, k, a, b = best
        source = sources[k]
        a, b = _with_changed_ends(quote_words, source, a, b)
        diff = diff_words(quote_words, source.words[a:b], report_text, source.text)
        # Words matched in any order: an outlet that reorders clauses still quotes the source.
        share = diff.equal / max(1, len(quote_words))
        graded = GradedQuote(quote, "not_found", k, diff.source_start, diff.source_end, share,
                             {"substitutions": diff.substitutions, "deletions": diff.deletions,
                              "insertions": diff.insertions, "moved": diff.moved,
                              "spelling": diff.spelling})
        if diff.equal == len(quote_words) and not (diff.deletions or diff.substitutions or diff.moved):
            graded.verdict = "normalized"
            return graded
        if share >= EDITED:
            # a few words changed is an edit; more than REWORDED of them is the outlet's own
            # wording of the passage (check_pairs: edits change ≤ 0.33 of the words, rewordings
            # of a statement's other translation 0.5–0.78). Words added with none dropped are an
            # edit too («لن نسمح بتحويل المخيم إلى بؤرة للإرهاب» for «بتحويل المخيم إلى بؤرة»).
            inserted = sum(len(x["text"].split()) for x in diff.insertions)
            deleted = sum(len(x["text"].split()) for x in diff.deletions)
            changed = sum(_changed_words(x) for x in diff.substitutions) + min(inserted, deleted)
            graded.verdict = "paraphrase" if changed / len(quote_words) > REWORDED else "edited"
            return graded
    # Few of the words: is the meaning of a source passage there? Words of the statement
    # register count as their concept (lexicon/synonyms.yaml): another translation of the
    # statement says «انشغال عميق» for «قلق بالغ».
    terms = as_concepts(quote_terms)
    if terms:
        # the best passage: a sentence, or a sentence and the next (a quotation across a full
        # stop); one sentence before two that say as much
        best_passage: tuple[float, bool, int, int, int] | None = None
        for k, source in enumerate(sources):
            concepts = source.sentence_concepts
            for i, mine in enumerate(concepts):
                following = concepts[i + 1] if i + 1 < len(concepts) else set()
                alone = len(terms & mine) / len(terms)
                both = len(terms & (mine | following)) / len(terms)
                found = max((alone, True, k, i, i), (both, False, k, i, i + 1))
                if found[0] >= PARAPHRASE and found[0] > graded.similarity and \
                        (best_passage is None or found[:2] > best_passage[:2]):
                    best_passage = found
        if best_passage is not None:
            covered, _, k, i, last = best_passage
            graded.verdict, graded.similarity, graded.source = "paraphrase", covered, k
            spans = sources[k].sentences
            if last < len(spans):
                graded.source_start, graded.source_end = spans[i][0], spans[last][1]
    if graded.verdict == "not_found":
        graded.edits = _no_edits()
    return graded


@compiled
def _concepts() -> dict[str, str]:
    """Each content term of the statement register → its concept (lexicon/synonyms.yaml)."""
    out: dict[str, str] = {}
    for concept, forms in load_yaml("synonyms.yaml")["concepts"].items():
        for form in forms:
            for term in content_terms(text_tokens(str(form))):
                out.setdefault(term, f"~{concept}")
    return out


def as_concepts(terms: Iterable[str]) -> set[str]:
    """Terms with each word of the statement register read as its concept."""
    concepts = _concepts()
    return {concepts.get(t, t) for t in terms}


def _no_edits() -> dict[str, list[dict[str, Any]]]:
    return {"substitutions": [], "deletions": [], "insertions": [], "moved": [], "spelling": []}


def _locate(text: str, squeezed: str) -> tuple[int, int]:
    """Offsets in ``text`` of ``squeezed`` matched with any white space between words."""
    pattern = r"\s+".join(re.escape(w) for w in squeezed.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else (0, 0)


