"""Stories: documents about the same event, grouped as they arrive.

A document joins the story of the stored document it is most like, if like enough, among the
documents within ``WINDOW_DAYS`` of its date; else it starts a story. Likeness is the cosine of
their vectors of content terms, actors, places and figures, each weighted by its rarity in the
corpus so far («القوات» says little, «الكسارة» much): two outlets' accounts of one battle name
the same parties, places and often figures even when their words differ.

Measured on the multi-outlet fixtures (tests/data/corpus): comparing a document with each
member (single link) separates reports that give other figures from other sources (0.18–0.29 to
their nearest member) from unrelated documents of the same days (≤ 0.07); the cosine with a
story's summed profile did not (0.14–0.18 against 0.18–0.34), the profile being diluted by the
members' own vocabulary. A copy joins the story of what it copies without scoring.

In a large corpus (SaudiNewsNet, general news) a cosine alone groups subjects, not events, and
single links chain; each rule below was added for errors found by hand in random samples of 50
pairs and on the labelled pairs (tests/data/pairs, README): a join needs rare anchors (rare in
the corpus, or in news at large while the corpus is small); it needs a name of one event in
common (``specifics``, or a term rare here and in news at large), since two events of one kind
share their vocabulary; an outlet's item of another day (a bulletin, an ad) needs strong
evidence; two documents naming only different places need strong evidence; a story of several
documents is joined by a document like half of its members; items of one template never share
a story; a story spans at most a week, copies included.

The lookup is an inverted index with compact postings (document ids and weights in arrays), so
a document is compared only with the documents it shares a not-too-common term with.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from riwaya.compare.figures import NOT_FIGURES
from riwaya.lexicon import term_frequencies

WINDOW_DAYS = 3
UNDATED = 10**7  # the day ordinal of an undated document in the postings: after every date
# A story spans at most this many days from its first document: without it, single links from
# day to day chain a season of weather bulletins into one «story» (SaudiNewsNet: 125 of them).
MAX_SPAN_DAYS = 7
# Below MIN_DOCS_FOR_COMMON documents rarity means little, and a lone cosine decides: on the
# fixtures, reports of the same event from other sources score 0.12–0.27 with their nearest
# member, unrelated documents of the same days at most 0.07.
SMALL_THRESHOLD = 0.1
# In a large corpus a cosine alone groups topics, not events (SaudiNewsNet: most pairs at
# 0.15–0.3 are the same subject on other days — two football transfers, two royal audiences).
# A join also needs anchors: terms, places, actors or figures that few documents share
# (df ≤ RARE of the corpus): two anchors at 0.3, three at 0.15 («شيكان», «مدنيا», «جثث»).
THRESHOLD = 0.15
STRONG = 0.3
RARE = 0.002
# A content term in at most this share of the documents names one event more than a kind of
# event («توشيبا», «نويصيب», «بنكرياس» in SaudiNewsNet: df ≤ 20 of 31k); with the specifics of
# ``specifics`` it tells one event's reports from another event's of the same kind.
NAMES_AN_EVENT = 0.0007
SAME_DAY_ALIKE = 0.3
ALIKE = 0.8  # a cosine this high joins without a specific in common (one text told twice)
WEAK = 0.15  # a member this like the document supports its joining
SUPPORT_SHARE = 0.5  # a story of several documents is joined by a document like this share
COMMON = 0.05  # a term in more than this share of the documents is not used to find candidates,
MAX_POSTINGS = 1000  # nor one in more than this many: it keeps each lookup's work bounded, so
# ingesting stays linear in the corpus size (such a term adds little to a cosine anyway)
MIN_DOCS_FOR_COMMON = 200  # below this corpus size every term is used
MIN_DOCS_FOR_EVENTS = 50  # below it, a batch is about one event or a few: the cosine decides


@dataclass
class Features:
    terms: dict[str, int]
    actors: frozenset[str]
    places: frozenset[str]
    figures: frozenset[str]
    day: str | None
    outlet: str | None = None
    # what names one event rather than a kind of event: people, towns and districts, dates
    # written out, large figures (None: stored before they were kept)
    specifics: frozenset[str] | None = None
    # the days its lead says things happened on («أغلق المؤشر اليوم الاثنين»; None: stored
    # before they were kept)
    event_days: frozenset[str] | None = None

    def counts(self) -> dict[str, int]:
        """One vector: content terms, and actors, places and figures as terms of their own."""
        out = dict(self.terms)
        out.update({f"@{a}": 1 for a in self.actors})
        out.update({f"^{p}": 1 for p in self.places})
        out.update({f"#{x}": 1 for x in self.figures})
        return out


# Figures of time and shares say little about which event a document reports.
_NOT_EVENT_FIGURES = NOT_FIGURES | {"percent"}
BROAD_PLACES = {"country", "admin1"}  # places too wide to name one event
SPECIFIC_FIGURE = 10


def features(terms: dict[str, int], mentions: list[dict[str, Any]], day: str | None,
             outlet: str | None = None) -> Features:
    from riwaya.extract.actors import family

    actors = frozenset(family(m["id"]) for m in mentions if m["kind"] == "actor")
    places = frozenset(str(m.get("id") or m["text"]) for m in mentions if m["kind"] == "place")
    figures = frozenset(f"{m['unit']}:{m['value']}" for m in mentions if m["kind"] == "quantity" and
                        m.get("unit") and m.get("value") is not None and m["unit"] not in _NOT_EVENT_FIGURES)
    return Features(terms, actors, places, figures, day, outlet, specifics(mentions), event_days(mentions))


# The lead: the sentences that say what happened and when.
LEAD_SENTENCES = 2


def event_days(mentions: list[dict[str, Any]]) -> frozenset[str]:
    """The days the lead says its events happened on, relative days resolved from the
    publication day: two items of a recurring kind (a market's sessions, a day's weather, a
    trial's hearings) say other days."""
    return frozenset(str(m["gregorian"]) for m in mentions
                     if m["kind"] == "date" and m.get("precision") == "day" and m.get("gregorian")
                     and m.get("sentence", LEAD_SENTENCES) < LEAD_SENTENCES)


def specifics(mentions: list[dict[str, Any]]) -> frozenset[str]:
    """The names a document gives that tell one event from another of its kind: a person's full
    name, a place below a province, a date written out, a figure of ten or more. Two customs
    seizures, two stock-market closes or two projectile strikes share their vocabulary, not these
    (SaudiNewsNet's labelled pairs: tests/data/pairs)."""
    from riwaya.text.normalize import normalize_str

    out = set()
    for m in mentions:
        kind = m["kind"]
        if kind == "person" and len(str(m.get("name") or "").split()) >= 2:
            out.add("person:" + normalize_str(m["name"]))
        elif kind == "place" and m.get("place_kind") not in BROAD_PLACES:
            out.add("place:" + str(m.get("id") or normalize_str(m["text"])))
        elif kind == "date" and not m.get("relative") and m.get("precision") == "day" and m.get("gregorian"):
            out.add("date:" + str(m["gregorian"]))
        elif (kind == "quantity" and m.get("unit") and m.get("value") is not None
              and m["unit"] not in _NOT_EVENT_FIGURES and float(m["value"]) >= SPECIFIC_FIGURE):
            out.add(f"figure:{m['unit']}:{m['value']}")
    return frozenset(out)


@dataclass
class Story:
    id: int
    first_day: str | None = None
    last_day: str | None = None
    size: int = 0

    def grow(self, day: str | None) -> None:
        """One more document, of ``day``."""
        if day:
            self.first_day = min(filter(None, (self.first_day, day)))
            self.last_day = max(filter(None, (self.last_day, day)))
        self.size += 1


_IDS = np.dtype(f"i{array('l').itemsize}")  # a posting's document ids: C longs, as numpy reads them


class StoryIndex:
    def __init__(self) -> None:
        self.df: Counter = Counter()
        self.documents = 0
        self.stories: dict[int, Story] = {}
        # each term's documents: ids, weights, and days (as ordinals, UNDATED for none), in the
        # order added; a term whose days went back once (``_unsorted``) is read whole, the others
        # from the first document of the days a document may join (a stream in the placing order
        # adds days in order: every lookup otherwise read a term's documents of all the years)
        self.postings: dict[str, tuple[array, array, array]] = defaultdict(
            lambda: (array("l"), array("f"), array("l")))
        self._unsorted: set[str] = set()
        self.doc_story: dict[int, int] = {}
        self.doc_day: dict[int, dt.date | None] = {}
        self.doc_norm = array("d")  # by id (1.0 for an id not indexed): numpy reads it whole
        self.doc_outlet: dict[int, str | None] = {}
        self.doc_places: dict[int, frozenset[str]] = {}
        self.doc_specifics: dict[int, frozenset[str] | None] = {}
        self.doc_event_days: dict[int, frozenset[str] | None] = {}
        self.specific_df: Counter = Counter()
        # a stream known to be a corpus, not a small batch: the rules of events from the start
        self.corpus = False

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.df[term] + 1)) + 1.0

    def count(self, f: Features) -> None:
        """Count a document's terms into the corpus document frequencies."""
        self.documents += 1
        self.df.update(f.counts().keys())
        self.specific_df.update(f.specifics or ())

    def _weights(self, f: Features) -> dict[str, float]:
        return {t: math.sqrt(c) * self.idf(t) for t, c in f.counts().items()}

    def best(self, f: Features, avoid: set[int] | frozenset[int] = frozenset()) -> tuple[int | None, float]:
        """The story a document belongs to and the score, or (None, best score) when none. Not a
        story that holds a document of ``avoid``: another item of the same template (the
        execution in Jazan is not the story of the one in al-Baha)."""
        barred = {self.doc_story[d] for d in avoid if d in self.doc_story}
        query = self._weights(f)
        norm = math.sqrt(sum(w * w for w in query.values())) or 1.0
        day = dt.date.fromisoformat(f.day) if f.day else None
        large = self.documents >= MIN_DOCS_FOR_COMMON
        too_common = min(self.documents * COMMON, MAX_POSTINGS) if large else float("inf")
        rare = max(3.0, self.documents * RARE)
        # rare here and in news at large (a batch of a few hundred cannot say which words are rare)
        rarest = max(10.0, self.documents * NAMES_AN_EVENT)
        background = term_frequencies()
        # each posting read: its document, its share of the dot product, whether its term is rare,
        # whether it names an event (content terms so rare that they name one event)
        ids_read: list[np.ndarray] = []
        weights_read: list[np.ndarray] = []
        terms_read: list[tuple[int, float, bool, bool]] = []  # postings read, weight, rare, a name
        for term, weight in query.items():
            if term not in self.postings or self.df[term] > too_common:
                continue
            ids, weights, days = self.postings[term]
            begin = (0 if day is None or term in self._unsorted
                     else bisect_left(days, day.toordinal() - WINDOW_DAYS))
            if begin == len(ids):
                continue
            # a small batch cannot say which words are rare: news at large can, for words
            is_rare = self.df[term] <= rare if large or term[0] in "@^#" else background.share(term) <= RARE
            is_name = (self.df[term] <= rarest and term[0] not in "@^#"
                       and background.share(term) <= NAMES_AN_EVENT)
            # copies of the slices (not views of the arrays, which `add` must be free to grow)
            ids_read.append(np.frombuffer(ids[begin:], dtype=_IDS))
            weights_read.append(np.frombuffer(weights[begin:], dtype=np.float32))
            terms_read.append((len(ids) - begin, weight, is_rare, is_name))
        if not ids_read:
            return None, 0.0
        # Summed with numpy, in the order a loop over the postings summed them (bincount adds in
        # the order given: the same floats), and the documents taken in the order they were first
        # read (the first of two equal scores wins, as before). A Python loop over the postings
        # was most of settling the stories.
        read, weight_of, rare_of, name_of = (np.array(column) for column in zip(*terms_read, strict=True))
        found, first, read_as = np.unique(np.concatenate(ids_read), return_index=True, return_inverse=True)
        products = np.concatenate(weights_read).astype(np.float64) * np.repeat(weight_of, read)
        dots = np.bincount(read_as, weights=products, minlength=len(found))
        anchors = np.bincount(read_as, weights=np.repeat(rare_of, read), minlength=len(found))
        names = np.bincount(read_as, weights=np.repeat(name_of, read), minlength=len(found))
        # (a view of the array only while it is indexed: `add` must be free to grow it after)
        scores = dots / (norm * np.frombuffer(self.doc_norm)[found])
        support: Counter = Counter()
        best: tuple[int | None, float] = (None, 0.0)
        floor = min(WEAK, THRESHOLD) if large else SMALL_THRESHOLD
        alike = np.flatnonzero(scores >= floor)  # most candidates are too unlike: cheaply set aside
        for i in alike[np.argsort(first[alike])].tolist():
            doc_id, score = int(found[i]), float(scores[i])
            if not _near(day, self.doc_day[doc_id]):
                continue
            story = self.doc_story[doc_id]
            if story in barred or not _within_span(day, self.stories[story]):
                continue
            if score >= (WEAK if large else SMALL_THRESHOLD):
                support[story] += 1
            if score > best[1] and self._joinable(f, day, doc_id, score, int(anchors[i]), int(names[i])):
                best = (story, score)
        story_id, score = best
        if story_id is None or score < (THRESHOLD if large else SMALL_THRESHOLD):
            return None, score
        # A story of several documents is joined only by a document like half of them (scoring
        # WEAK or more): one weak link would let a story drift from topic to topic (single-link
        # chaining; SaudiNewsNet's first story had gathered 282 documents on as many subjects, and
        # a tenth of the members still let topics chain). Copies join without this.
        size = self.stories[story_id].size
        if size >= 2 and support[story_id] < math.ceil(SUPPORT_SHARE * size):
            return None, score
        return story_id, score

    def spans(self, story_id: int, day: str | None) -> bool:
        """Whether a document of ``day`` may join a story and the story still span at most
        MAX_SPAN_DAYS (a copy too: the day's weather reprinted day after day is no one story)."""
        story = self.stories.get(story_id)
        return story is None or _within_span(dt.date.fromisoformat(day) if day else None, story)

    def _joinable(self, f: Features, day: dt.date | None, doc_id: int, score: float, anchors: int,
                  names: int = 0) -> bool:
        if self._template(f, day, doc_id, score, anchors) or self._elsewhere(f, doc_id, score, anchors) \
                or self._other_days(f, day, doc_id, score):
            return False
        if self.documents < MIN_DOCS_FOR_EVENTS and not self.corpus:
            return True  # a small batch is about one event or a few: the cosine decides
        specific = self._names_in_common(f, doc_id)
        if not (names > 0 or specific or score >= ALIKE or self._same_day_alike(f, doc_id, score)):
            return False  # two events of a kind: alike words, no name of one event in common
        # (A rare name in common standing for anchors in much alike texts joined two meetings of
        # one minister: story pairs checked by hand fell from 37 to 31 of 50.)
        return _anchored(score, anchors)

    def _names_in_common(self, f: Features, doc_id: int, figures: bool = True) -> bool:
        """Whether two documents name something of one event in common (see ``specifics``) that
        few documents name (Riyadh or a minister's name is in thousands); with ``figures`` False,
        a person, place or date (not a figure)."""
        theirs = self.doc_specifics.get(doc_id)
        if f.specifics is None or theirs is None:
            return True  # stored before specifics were kept: the cosine alone
        rare = max(3.0, self.documents * RARE)
        return any(self.specific_df[s] <= rare for s in f.specifics & theirs
                   if figures or not s.startswith("figure:"))

    def _same_day_alike(self, f: Features, doc_id: int, score: float) -> bool:
        """The same day, much alike: one event whose names the extractor does not know (a club,
        a company, a foreign town); two events of a kind are mostly days apart."""
        return f.day is not None and self.doc_day.get(doc_id) == dt.date.fromisoformat(f.day) and \
            score >= SAME_DAY_ALIKE

    def _template(self, f: Features, day: dt.date | None, doc_id: int, score: float,
                  anchors: int) -> bool:
        """The same outlet on another day, unless strongly alike and naming a person, town or date
        of one event in common: a recurring item (a job ad, the weather, a market's close, the
        n-th relief flight) rather than the same event. SaudiNewsNet's hand check found most wrong
        joins to be these; on the labelled pairs, one outlet's weather bulletins, market closes and
        wedding notices of two days scored 0.6–0.92 with three anchors or more, so likeness alone
        does not tell them (a figure in common neither: two days' closes share an index level). An
        outlet's item republished days later is a copy and joins its story as copies do."""
        same_outlet = f.outlet is not None and f.outlet == self.doc_outlet.get(doc_id)
        other_day = day is not None and self.doc_day.get(doc_id) not in (None, day)
        return same_outlet and other_day and not (
            score >= STRONG and anchors >= 3 and self._names_in_common(f, doc_id, figures=False))

    def _other_days(self, f: Features, day: dt.date | None, doc_id: int, score: float) -> bool:
        """Two reports of their own day («أغلق المؤشر اليوم الاثنين»), published on other days,
        whose leads name no day in common, not much alike: two items of a recurring kind (the
        Kuwait bourse's close of 10 and of 11 August, two days' gold trading), not one event.
        A lead that does not tell of its own day (a follow-up on «أمس الأول», a plan for «الثلاثاء
        المقبل») decides nothing: SaudiNewsNet's dates are when a page was fetched, and a
        follow-up names other days than the event's (the labelled pairs: 5 more different-event
        pairs apart; the first version, without that, split 4 same-event pairs). Nor do reports
        that name the same town or person: two days' reports of the Rafah blast or of the Warraq
        boat collision are one event whose toll was told twice (3 real conflict rows of the
        hand-checked figure table had been split apart)."""
        theirs, their_day = self.doc_event_days.get(doc_id), self.doc_day.get(doc_id)
        if day is None or their_day is None or their_day == day or not f.event_days or not theirs:
            return False
        own = day.isoformat() in f.event_days and their_day.isoformat() in theirs
        return own and f.event_days.isdisjoint(theirs) and score < ALIKE \
            and not self._names_in_common(f, doc_id)

    def _elsewhere(self, f: Features, doc_id: int, score: float, anchors: int) -> bool:
        """Both name places and none in common, alike but not strongly: the same kind of event
        somewhere else (landslides in Nepal and in India, found in SaudiNewsNet's hand check)."""
        theirs = self.doc_places.get(doc_id, frozenset())
        return bool(f.places) and bool(theirs) and not (f.places & theirs) and not (
            score >= STRONG and anchors >= 3)

    def add(self, doc_id: int, story_id: int, f: Features) -> Story:
        weights = self._weights(f)
        ordinal = dt.date.fromisoformat(f.day).toordinal() if f.day else UNDATED
        for term, w in weights.items():
            ids, ws, days = self.postings[term]
            if days and days[-1] > ordinal:
                self._unsorted.add(term)
            ids.append(doc_id)
            ws.append(w)
            days.append(ordinal)
        if doc_id >= len(self.doc_norm):
            self.doc_norm.extend([1.0] * (doc_id + 1 - len(self.doc_norm)))
        self.doc_norm[doc_id] = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        self.doc_story[doc_id] = story_id
        self.doc_day[doc_id] = dt.date.fromisoformat(f.day) if f.day else None
        self.doc_outlet[doc_id] = f.outlet
        self.doc_places[doc_id] = f.places
        self.doc_specifics[doc_id] = f.specifics
        self.doc_event_days[doc_id] = f.event_days
        story = self.stories.setdefault(story_id, Story(story_id))
        story.grow(f.day)
        return story


def founding_title(title: str | None, text: str, start: int | None, end: int | None) -> str | None:
    """The title a story founded by a document takes: the document's title, else its first
    sentence (``start``–``end``; None when it has none), 200 characters at most."""
    if title:
        return title
    return text[start:end][:200] if start is not None else None


def _anchored(score: float, anchors: int) -> bool:
    return anchors >= 3 or (score >= STRONG and anchors >= 2)


def _within_span(day: dt.date | None, story: Story) -> bool:
    if day is None or story.first_day is None or story.last_day is None:
        return True
    first = min(dt.date.fromisoformat(story.first_day), day)
    last = max(dt.date.fromisoformat(story.last_day), day)
    return (last - first).days <= MAX_SPAN_DAYS


def _near(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS
