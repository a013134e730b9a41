"""`riwaya check`: one report against the source(s) it reports.

The pipeline: split the input into report and embedded source (or take the sources given),
analyze each with the text core, read each source's header, align every report sentence to the
source sentences it draws on, grade every quotation, match every figure and date, and list what
the source says that the report leaves out and what the report adds. Every finding carries
offsets into its document's text; each document says where it starts in the input.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from riwaya.check.align import Alignment, SourceIndex, SourceSentence
from riwaya.check.anatomy import find_embedded_source, read_header
from riwaya.check.figures import (
    LOCAL,
    Located,
    figure_parties,
    local_parties,
    local_units,
    match_dates,
    match_figures,
    value_range,
)
from riwaya.check.frames import frame_before, frames_in, same_voice
from riwaya.check.quotes import SourceText, grade, grade_term, is_term, words_of
from riwaya.compiled import compiled
from riwaya.errors import RiwayaError
from riwaya.extract import Analysis, analyze, sentence_at
from riwaya.extract.actors import family, same_side
from riwaya.extract.people import descriptors
from riwaya.extract.quotes import find_quotes, speaker, without_attribution
from riwaya.i18n import _
from riwaya.text.dates import find_dates
from riwaya.text.normalize import bare_word, normalize_str
from riwaya.text.script import arabic_share
from riwaya.text.segment import tokens as text_tokens
from riwaya.text.terms import content_terms, root_key

# Words a paraphrased quotation must share with the source sentence whose frame it has (a root
# counts half): a named person is quoted in few places, the issuer in every sentence. Taking a
# statement sentence with no reporting verb as the issuer's own assertion was tried on ten
# held-out pairs: it found one more paraphrase and made two invented quotations paraphrases.
_FRAME_EVIDENCE = {"person": 0, "issuer": 1}
_MIN_OWN_TERMS = 3  # content words a sentence needs besides an invented quotation to be partial


class NoSourceFound(RiwayaError):
    """The input holds no embedded source and none was given."""


@dataclass
class Document:
    """The report or a source in a check: its text and analysis."""

    name: str
    kind: str  # report | statement
    text: str
    start: int  # where the document starts in the input it came from
    analysis: Analysis
    header_lines: set[int]  # sentence indices that are header or closing lines

    def mentions(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.analysis.mentions if m["kind"] == kind]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "text": self.text, "start": self.start,
                "end": self.start + len(self.text),
                "sentences": [{"start": s, "end": e} for s, e in self.analysis.sentences],
                "mentions": self.analysis.mentions}


_SOME_ARABIC = 0.3  # of its letters: less, and a text is not checked (the detector's bar is higher)


def _require_arabic(text: str, name: str) -> None:
    if not text.strip():
        raise RiwayaError(_("%(name)s: empty document, nothing to check") % {"name": name})
    if (arabic_share(text) or 0.0) < _SOME_ARABIC:
        raise RiwayaError(_("%(name)s: no Arabic text found (riwaya checks Arabic news)") % {"name": name})


def _document(name: str, kind: str, text: str, start: int, ref_date: dt.date | None) -> Document:
    analysis = analyze(text, ref_date)
    header_lines: set[int] = set()
    return Document(name, kind, text, start, analysis, header_lines)


def check(report: str, sources: list[str] | None = None, *, ref_date: dt.date | None = None,
          report_name: str = "report", source_names: list[str] | None = None) -> dict[str, Any]:
    """Check ``report`` against ``sources`` (or against the source embedded after it)."""
    _require_arabic(report, report_name)
    split_reason = None
    if sources:
        source_names = source_names or [f"source {i + 1}" for i in range(len(sources))]
        for text, name in zip(sources, source_names, strict=True):
            _require_arabic(text, name)
        report_doc = _document(report_name, "report", report, 0, ref_date)
        source_docs = [_document(name, "statement", text, 0, ref_date)
                       for text, name in zip(sources, source_names, strict=True)]
    else:
        split = find_embedded_source(report)
        if split is None:
            raise NoSourceFound(
                _("%(name)s: no source found in it (no statement header, basmala, reference number or "
                  "«%(marker)s» after the report); give the source with --source FILE")
                % {"name": report_name, "marker": _full_text_marker()})
        split_reason = split.reason
        (rs, re_), (ss, se) = split.report, split.source
        report_doc = _document(report_name, "report", report[rs:re_], rs, ref_date)
        source_docs = [_document(f"{report_name} (embedded source)", "statement", report[ss:se], ss,
                                 ref_date)]
    headers = []
    for doc in source_docs:
        header = read_header(doc.text)
        headers.append(header)
        issued = next((dt.date.fromisoformat(d["gregorian"]) for d in header.dates
                       if d.get("gregorian") and d["precision"] == "day"), None)
        if issued is not None and ref_date is None:
            _date_by_issue(doc, issued)
        for i, (s, e) in enumerate(doc.analysis.sentences):
            if any(hs <= s and e <= he for hs, he in header.lines):
                doc.header_lines.add(i)
    return _compare(report_doc, source_docs, headers, split_reason)


def _full_text_marker() -> str:
    """The first of the lines that introduce a source's full text in a report (statements.yaml),
    for the message that none was found."""
    from riwaya.lexicon import load_yaml

    return str(load_yaml("statements.yaml")["full_text_markers"][0])


def _attackers_named(doc: Document, parties: dict[int, tuple]) -> None:
    """The attackers a figure counts («قُتل ثلاثة من المهاجمين») as the party the text says
    attacked («هجوم شنه عناصر من تنظيم القاعدة», «هاجمت عناصر من التنظيم»): an actor within
    four words after an attack verb, the last one before the figure."""
    from riwaya.check.figures import Party
    from riwaya.lexicon import figure_frames

    lex = figure_frames()
    attackers = []
    for a in doc.mentions("actor"):
        near = doc.text[max(0, a["start"] - 40):a["start"]].split()[-4:]
        before = [normalize_str(bare_word(w)) for w in near]
        if any(w in lex.attack_verbs or w.removeprefix("و") in lex.attack_verbs for w in before):
            attackers.append(a)
    if not attackers:
        return
    for m in doc.mentions("quantity"):
        words = [normalize_str(bare_word(w)) for w in doc.text[m["start"]:m["end"] + 30].split()[:4]]
        if not any(w.removeprefix("ال") in lex.attacker_nouns for w in words):
            continue
        attacker = next((a for a in reversed(attackers) if a["end"] <= m["start"]), None)
        about, agent = parties.get(id(m), (None, None))
        if attacker is not None and (about is None or about.actor.startswith(LOCAL)):
            parties[id(m)] = (Party(family(attacker["id"]), attacker["text"]), agent)


def _others_take_their_party(mentions: list[dict[str, Any]], parties: dict[int, tuple]) -> None:
    """A figure of «آخرون» with no party of its own counts the party of the figure before it in
    its sentence («استشهد ثلاثة من أفراد النقطة وجُرح سبعة آخرون»: the post's)."""
    from riwaya.lexicon import figure_frames

    others = figure_frames().others
    ordered = sorted(mentions, key=lambda m: m["start"])
    for before, m in itertools.pairwise(ordered):
        about, agent = parties.get(id(m), (None, None))
        counted = parties.get(id(before), (None, None))[0]
        if about is None and counted is not None and before["sentence"] == m["sentence"] \
                and normalize_str(m.get("unit_text") or "") in others:
            parties[id(m)] = (counted, agent)


def _date_by_issue(doc: Document, issued: dt.date) -> None:
    """A statement's relative dates read against the date its header gives: its «فجر اليوم» is
    that day, its «13 نيسان» that year's."""
    resolved = {(d.start, d.end): d.as_dict() for d in find_dates(doc.text, issued)}
    for m in doc.mentions("date"):
        found = resolved.get((m["start"], m["end"]))
        if m["value"] is None and found is not None and found["value"] is not None:
            m.pop("resolved", None)
            m.update({k: v for k, v in found.items() if k not in ("start", "end", "text")})
            m["reference"] = "header"


def _per_sentence(doc: Document, kind: str) -> list[list[dict[str, Any]]]:
    per_sentence: list[list[dict[str, Any]]] = [[] for _ in doc.analysis.sentences]
    for m in doc.mentions(kind):
        per_sentence[m["sentence"]].append(m)
    return per_sentence


def _actor_keys(actors: list[dict[str, Any]], tokens: list) -> list[str]:
    """Families of the actors a sentence names in ``tokens`` (the frame of reported speech
    excluded: the speaker is not what is said)."""
    starts = {t.start for t in tokens}
    return [family(a["id"]) for a in actors if any(a["start"] <= s < a["end"] for s in starts)]


def _readings(mention: dict[str, Any]) -> set[str]:
    """Every actor an alias may name: an ambiguous «التحالف» may be either coalition."""
    return {family(i) for i in mention.get("candidates") or [mention["id"]]}


def _compare(report: Document, sources: list[Document], headers: list,
             split_reason: str | None) -> dict[str, Any]:
    """Every finding of a report against its sources, in the order each needs the others:
    alignment, quotations, figures and dates, the sentence verdicts they change, omissions."""
    aligned = _align(report, sources)
    quotes = _quotations(report, sources, headers, aligned)
    figures, dates = _figures_and_dates(report, sources, aligned.aligned)
    flawed = _flawed_sentences(report, quotes, figures + dates)
    flawed |= _actors_given_to_others(sources, aligned)
    _regrade_sentences(report, aligned.alignments, flawed, _invented_spans(report, quotes))
    omissions = _omissions(report, sources, figures)
    additions = [{"sentence": a.sentence, "start": report.analysis.sentences[a.sentence][0],
                  "end": report.analysis.sentences[a.sentence][1],
                  "text": report.text[slice(*report.analysis.sentences[a.sentence])]}
                 for a in aligned.alignments if a.verdict == "unsupported"]
    source_dicts = []
    for doc, header in zip(sources, headers, strict=True):
        d = doc.as_dict()
        d["header"] = header.as_dict()
        source_dicts.append(d)
    findings = {"alignments": aligned.alignments, "quotes": quotes, "figures": figures, "dates": dates,
                "omissions": omissions, "additions": additions}
    return {"report": report.as_dict(), "sources": source_dicts,
            "alignments": [a.as_dict() for a in aligned.alignments], "quotes": quotes,
            "figures": figures, "dates": dates, "omissions": omissions, "additions": additions,
            "summary": _summary(findings, headers, split_reason)}


@dataclass
class _Aligned:
    """The alignment of a report to its sources, and the per-sentence data it was made from that
    the later steps read again."""
    alignments: list[Alignment]
    aligned: dict[int, set[tuple[int, int]]]  # report sentence → its (source, sentence) pairs
    source_terms: list[list[frozenset[str]]]  # per source, per sentence
    source_actors: list[list[list[dict[str, Any]]]]  # per source, per sentence: actor mentions
    report_actors: list[list[dict[str, Any]]]  # per report sentence: actor mentions
    report_content: list[list]  # per report sentence: its tokens but the attribution and issuers


def _align(report: Document, sources: list[Document]) -> _Aligned:
    """Each report sentence aligned to the source sentences it draws on, by content terms."""
    source_sentences = []
    source_terms: list[list[frozenset[str]]] = []
    source_actor_mentions: list[list[list[dict[str, Any]]]] = []
    for k, doc in enumerate(sources):
        figures = _per_sentence(doc, "quantity")
        actors = _per_sentence(doc, "actor")
        source_actor_mentions.append(actors)
        terms_k = []
        for i, toks in enumerate(doc.analysis.tokens):
            keys = _actor_keys(actors[i], toks)
            terms = frozenset(content_terms(toks, figures[i], keys))
            terms_k.append(terms)
            if i not in doc.header_lines and terms:
                source_sentences.append(SourceSentence(k, i, terms))
        source_terms.append(terms_k)
    index = SourceIndex(source_sentences)
    report_figures = _per_sentence(report, "quantity")
    report_actor_mentions = _per_sentence(report, "actor")
    # The sources' issuers, named in their headers: when the report names them («فرق الدفاع
    # المدني» for the statement's «فرقنا»), that names who speaks, like a reporting verb.
    issuers = {family(m["id"]) for doc in sources for m in doc.mentions("actor")
               if m["sentence"] in doc.header_lines}
    report_actors = []
    report_content = []
    for i, toks in enumerate(report.analysis.tokens):
        issuer_spans = [(m["start"], m["end"]) for m in report_actor_mentions[i]
                        if family(m["id"]) in issuers]
        kept = [t for t in without_attribution(toks) if not any(s <= t.start < e for s, e in issuer_spans)]
        report_actors.append([k for k in _actor_keys(report_actor_mentions[i], kept) if k not in issuers])
        report_content.append(kept)
    alignments: list[Alignment] = [
        index.align(i, content_terms(report_content[i], report_figures[i], report_actors[i]))
        for i in range(len(report.analysis.tokens))]
    aligned = {a.sentence: {(a.source, j) for j in a.source_sentences} for a in alignments
               if a.source is not None and a.verdict != "unsupported"}
    return _Aligned(alignments, aligned, source_terms, source_actor_mentions, report_actor_mentions,
                    report_content)


def _quotations(report: Document, sources: list[Document], headers: list,
                aligned: _Aligned) -> list[dict[str, Any]]:
    """Every quotation of the report graded against the sources: in words, then by meaning,
    then by the frame of who says it (the last two may support the sentence that carries it)."""
    source_tokens = [[t for toks in doc.analysis.tokens for t in toks] for doc in sources]
    source_texts = [SourceText(doc.text, words_of(source_tokens[k], _numbers(doc)), aligned.source_terms[k],
                               list(doc.analysis.sentences)) for k, doc in enumerate(sources)]
    report_tokens = [t for toks in report.analysis.tokens for t in toks]
    report_numbers = _numbers(report)
    quotes = []
    for span in find_quotes(report.text, terms=True):
        inside = [t for t in report_tokens if span.start <= t.start and t.end <= span.end]
        if is_term(span):
            graded = grade_term(span, source_texts)
            if span.name and graded.verdict == "not_found":
                continue  # a name the source calls otherwise is no word put in its mouth
        else:
            # its figures as their values: «عشرين متراً» is the source's «20 متراً»
            figures_inside = [m for m in report.mentions("quantity") if span.start <= m["start"] < span.end]
            graded = grade(span, words_of(inside, report_numbers), content_terms(inside, figures_inside),
                           report.text, source_texts)
        graded.speaker = speaker(report.analysis.tokens, span.start, report.text)
        entry = graded.as_dict()
        entry["source_speaker"], entry["speaker_matches"] = _speaker_in_source(
            graded, sources, source_tokens, report_tokens)
        if entry["verdict"] == "paraphrase":
            entry["basis"] = "words"
        quotes.append(entry)
    # meanings first: a passage a quotation rewords in other words is no other's to claim by frame
    _reworded_quotations(quotes, report, sources, aligned.alignments)
    _framed_paraphrases(quotes, report, sources, headers, aligned.source_terms, aligned.alignments)
    return quotes


def _located(docs: list[Document], kind: str, is_source: bool) -> list[Located]:
    """The mentions of ``kind`` in ``docs`` with where they are; in a source, the figures of its
    header lines left out (its dates kept: they say when it was issued)."""
    return [Located(m, k if is_source else None, m["sentence"])
            for k, doc in enumerate(docs) for m in doc.mentions(kind)
            if not is_source or m["sentence"] not in doc.header_lines or kind == "date"]


Findings = list[dict[str, Any]]


def _figures_and_dates(report: Document, sources: list[Document],
                       aligned: dict[int, set[tuple[int, int]]]) -> tuple[Findings, Findings]:
    """Each figure and date of the report matched to the source's, with the party each counts."""
    named: dict[tuple[int, int], set[str]] = {}  # (source, sentence) → the parties its sentence names
    for k, doc in enumerate(sources):
        for m in doc.mentions("actor"):
            named.setdefault((k, m["sentence"]), set()).add(m["id"])
    figures = match_figures(_located([report], "quantity", False), _located(sources, "quantity", True),
                            aligned, named, _figure_parties(report, sources))
    issued = {(k, i) for k, doc in enumerate(sources) for i in doc.header_lines}
    dates = match_dates(_located([report], "date", False), _located(sources, "date", True), aligned, issued)
    return figures, dates


def _figure_parties(report: Document, sources: list[Document]) -> dict[int, tuple]:
    """The party each figure counts and who acted (by ``id`` of the mention); in a source, from
    its issuer's voice too («2 من مقاتلينا»: the issuer's own). The issuer: the first actor its
    header names by a name of its own («القوات المسلحة اليمنية» is either side's army: no issuer
    to speak for)."""
    parties = {id(m): figure_parties(report.text, m, None) for m in report.mentions("quantity")}
    for doc in sources:
        heading = next((a for a in doc.mentions("actor") if a["sentence"] in doc.header_lines), None)
        issuer = heading["id"] if heading is not None and heading.get("alias") != "ambiguous" else None
        parties.update({id(m): figure_parties(doc.text, m, issuer) for m in doc.mentions("quantity")})
    # «ثلاثة من المهاجمين» where the text says who attacked: that party's
    for doc in [report, *sources]:
        _attackers_named(doc, parties)
    # Local units («كتيبة شهداء الساحل») where no actor is known, when the other side names them too
    local = [local_parties(doc.text, doc.mentions("quantity")) for doc in [report, *sources]]
    units = [{LOCAL + u for _, _, u in local_units(doc.text)} for doc in [report, *sources]]
    for k, found in enumerate(local):
        elsewhere = set().union(*(u for j, u in enumerate(units) if (j == 0) != (k == 0)))
        for key, (about, agent) in found.items():
            known = parties.get(key, (None, None))
            parties[key] = (known[0] or (about if about and about.actor in elsewhere else None),
                            known[1] or (agent if agent and agent.actor in elsewhere else None))
    # «وجُرح سبعة آخرون»: the others are the party of the figure before them in their sentence
    for doc in [report, *sources]:
        _others_take_their_party(doc.mentions("quantity"), parties)
    return parties


def _flawed_sentences(report: Document, quotes: list[dict[str, Any]],
                      figures_and_dates: list[dict[str, Any]]) -> set[int]:
    """The report sentences that carry a changed figure or date, a figure given to another party,
    or a quotation put in another speaker's mouth: at best partly supported."""
    flawed = {f["report"]["sentence"] for f in figures_and_dates
              if f["verdict"] == "conflict" or f.get("actor_mismatch")}
    for q in quotes:
        if q["speaker_matches"] is False:
            flawed |= {i for i, (s, e) in enumerate(report.analysis.sentences) if s <= q["start"] < e}
    return flawed


def _invented_spans(report: Document, quotes: list[dict[str, Any]]) -> dict[int, list[tuple[int, int]]]:
    """Report sentence → the spans of the quotations in it the source never says."""
    invented: dict[int, list[tuple[int, int]]] = {}
    for q in quotes:
        if q["verdict"] == "not_found":
            for i, (s, e) in enumerate(report.analysis.sentences):
                if s <= q["start"] < e:
                    invented.setdefault(i, []).append((q["start"], q["end"]))
    return invented


def _actors_given_to_others(sources: list[Document], aligned: _Aligned) -> set[int]:
    """An actor the source never names, in a sentence aligned to source sentences that name
    others: the report gives the act to someone else («فصائل المعارضة قصفت» for the source's
    «قوات النظام قصفت»). The source's issuer counts as named everywhere in it. Marks each such
    alignment with the strangers and returns the sentences."""
    named_in_source = [set().union(*(_readings(m) for m in doc.mentions("actor")), set())
                       for doc in sources]
    flawed = set()
    for a in aligned.alignments:
        if a.source is None or a.verdict == "unsupported":
            continue
        aligned_readings = set().union(*(_readings(m) for j in a.source_sentences
                                         for m in aligned.source_actors[a.source][j]), set())
        if not aligned_readings:
            continue
        kept = {t.start for t in aligned.report_content[a.sentence]}
        strangers = []
        for m in aligned.report_actors[a.sentence]:
            if not any(m["start"] <= s < m["end"] for s in kept):
                continue
            ours = _readings(m)
            if not any(same_side(x, y) for x in ours for y in named_in_source[a.source]):
                strangers.append(m["id"])
        if strangers:
            a.actor_mismatch = sorted(set(strangers))
            flawed.add(a.sentence)
    return flawed


def _regrade_sentences(report: Document, alignments: list[Alignment], flawed: set[int],
                       invented: dict[int, list[tuple[int, int]]]) -> None:
    """A sentence that carries a flaw or an invented quotation is only partly supported; one
    that is little more than the invented quotation is not supported at all."""
    for a in alignments:
        if a.sentence in invented:
            outside = [t for t in without_attribution(report.analysis.tokens[a.sentence])
                       if not any(s <= t.start < e for s, e in invented[a.sentence])]
            if len(content_terms(outside)) < _MIN_OWN_TERMS:
                a.verdict, a.source_sentences, a.source = "unsupported", [], None
                continue
            flawed.add(a.sentence)
        if a.sentence in flawed and a.verdict == "supported":
            a.verdict = "partial"


def _summary(findings: dict[str, Any], headers: list, split_reason: str | None) -> dict[str, Any]:
    """The counts of every kind of finding, and how the source was found."""
    alignments, quotes = findings["alignments"], findings["quotes"]
    return {
        "source_found": "embedded" if split_reason else "given",
        "split": split_reason,
        "sentences": len(alignments),
        "alignments": dict(Counter(a.verdict for a in alignments)),
        "quotes": dict(Counter(q["verdict"] for q in quotes)),
        # words the report puts in quotation marks that the source never uses
        "quoted_terms_not_in_source": sum(q["scare_quote"] and q["verdict"] == "not_found" for q in quotes),
        "figures": dict(Counter(f["verdict"] for f in findings["figures"])),
        "dates": dict(Counter(d["verdict"] for d in findings["dates"])),
        "omissions": len(findings["omissions"]),
        "additions": len(findings["additions"]),
        "header_dates_consistent": [h.consistent for h in headers],
    }


def _reworded_quotations(quotes: list[dict[str, Any]], report: Document, sources: list[Document],
                         alignments: list[Alignment]) -> None:
    """Regrade as paraphrase each quotation still not found whose meaning is a source passage's
    in other words (two translations of one statement: check/meaning.py); the report sentence
    that carries it is then supported by the passage's sentence, as for a paraphrase by frame."""
    pending = [q for q in quotes if q["verdict"] == "not_found" and not q["scare_quote"]]
    if not pending:
        return  # the model is loaded only when a quotation needs it
    from riwaya.check.meaning import reworded_passage

    texts = [(doc.text, [(s, e) for i, (s, e) in enumerate(doc.analysis.sentences)
                         if i not in doc.header_lines]) for doc in sources]
    report_starts = [s for s, _ in report.analysis.sentences]
    for q in pending:
        found = reworded_passage(q["text"], texts)
        if found is None:
            continue
        k, start, end, cosine = found
        q.update(verdict="paraphrase", basis="meaning", source=k, source_start=start, source_end=end,
                 similarity=round(cosine, 3))
        j = sentence_at([s for s, _ in sources[k].analysis.sentences], start)
        a = alignments[sentence_at(report_starts, q["start"])]
        if a.source in (None, k) and a.verdict != "supported":
            a.source, a.verdict = k, "supported"
            a.source_sentences = sorted(set(a.source_sentences) | {j})


def _framed_paraphrases(quotes: list[dict[str, Any]], report: Document, sources: list[Document],
                        headers: list, source_terms: list[list[frozenset[str]]],
                        alignments: list[Alignment]) -> None:
    """Regrade as paraphrase each quotation not found in words whose frame is a source
    sentence's: the same party doing the same speech act (see check/frames.py), in a source
    sentence no other quotation comes from. The issuer speaks in every sentence of its
    statement, so for the issuer the two must also share a content term or a root; a named
    person is quoted in few places, so the frame is enough."""
    used = {(q["source"], j) for q in quotes if q["verdict"] != "not_found" and q["source"] is not None
            for j, (s, e) in enumerate(sources[q["source"]].analysis.sentences)
            if q["source_start"] is not None and s <= q["source_start"] < e}
    issuer_terms = []
    for header in headers:
        names = " ".join(x for x in (header.issuer, header.office) if x)
        issuer_terms.append(frozenset(content_terms(text_tokens(names))) if names else frozenset())
    source_frames = []
    for k, doc in enumerate(sources):
        frames = []
        for i, toks in enumerate(doc.analysis.tokens):
            if i not in doc.header_lines and toks:
                frames.extend(frames_in(toks, i, issuer_terms[k]))
        source_frames.append(frames)
    report_starts = [s for s, _ in report.analysis.sentences]
    for q in quotes:
        i = sentence_at(report_starts, q["start"])
        # A sentence that is mostly a paraphrase in quotation marks says what the source says:
        # the quotation carries the finding, the sentence is supported.
        a = alignments[i]
        if q["verdict"] == "paraphrase" and a.verdict == "partial" and a.source == q["source"]:
            a.verdict = "supported"
        if q["verdict"] != "not_found" or q["scare_quote"]:
            continue  # a quoted term is the source's word or not: no frame makes it a paraphrase
        toks = report.analysis.tokens[i]
        quoted = set(content_terms([t for t in toks if q["start"] <= t.start < q["end"]]))
        roots = {root_key(t) for t in quoted if len(root_key(t)) == 3}
        best = None
        for k, frames in enumerate(source_frames):
            frame = frame_before(toks, i, q["start"], issuer_terms[k])
            if frame is None:
                continue
            for f in frames:
                if (k, f.sentence) in used or not same_voice(frame, f):
                    continue
                theirs = source_terms[k][f.sentence]
                shared = len(quoted & theirs) + len(roots & {root_key(t) for t in theirs}) / 2
                if shared < _FRAME_EVIDENCE["issuer" if frame.issuer else "person"]:
                    continue
                if best is None or shared > best[0]:
                    best = (shared, k, f.sentence, len(quoted))
        if best is None:
            continue
        shared, k, j, size = best
        start, end = sources[k].analysis.sentences[j]
        q.update(verdict="paraphrase", basis="frame", source=k, source_start=start, source_end=end,
                 similarity=round(min(1.0, shared / max(1, size)), 3))
        used.add((k, j))
        if a.source in (None, k) and a.verdict != "supported":
            a.source, a.verdict = k, "supported"
            a.source_sentences = sorted(set(a.source_sentences) | {j})


def _numbers(doc: Document) -> list[tuple[int, int, float]]:
    """Where each figure's number is written, with its value (a range or a vague word has none)."""
    return [(m["number_start"], m["number_end"], float(m["value"])) for m in doc.mentions("quantity")
            if m.get("value") is not None and m.get("number_start") is not None]


def _speaker_in_source(graded: Any, sources: list[Document], source_tokens: list[list],
                       report_tokens: list) -> tuple[dict[str, Any] | None, bool | None]:
    """Who the source says spoke the quoted words, and whether the report names the same
    speaker (they share a content word): «قال المبعوث الأممي» in the source but «قالت رئيسة
    بعثة الصليب الأحمر» in the report is the right words in the wrong mouth."""
    if graded.source is None or graded.source_start is None or graded.verdict == "not_found":
        return None, None
    doc = sources[graded.source]
    tokens = source_tokens[graded.source]
    said_by = speaker(doc.analysis.tokens, graded.source_start, doc.text, look_back=0)
    if said_by is None or graded.speaker is None:
        return said_by, None

    def terms(span: dict[str, Any], toks: list) -> set[str]:
        return set(content_terms([t for t in toks if span["start"] <= t.start and t.end <= span["end"]]))

    ours = terms(graded.speaker, report_tokens)
    theirs = terms(said_by, tokens)
    if not ours or not theirs:
        return said_by, None
    return said_by, bool(ours & theirs)


def dropped_descriptors(text: str, person: dict[str, Any], report_norm: str,
                        told: list[tuple[int, int]] = ()) -> list[dict[str, Any]]:
    """What a source says a person is that a report naming the person leaves out: the words of
    a title («المهندس المصري محمود عبد» reported as «المهندس محمود عبد»: «المصري»; «العقيد»),
    and a description after the name between commas («خالد العمر، القيادي في هيئة تحرير
    الشام،»), and one before the name («المصورة في قناة السنديان الفضائية ريما حداد»). Each as a
    ``descriptor`` omission with its offsets and the person's name. ``told``: spans of the source
    naming actors the report names too («القوات المسلحة» for the report's «الجيش»)."""
    out = []
    title = person.get("title") or ""
    if title:
        words = title.split()
        said = {bare_word(w) for w in report_norm.split()}
        fillers = _description_words()["description_fillers"]
        missing = [w for w in words if normalize_str(w) not in said and normalize_str(w) not in fillers]
        if missing:
            end = person["start"] + len(title)
            # the first missing word as written in the title (spaces or marks may differ)
            at = text.find(missing[0], person["start"], end)
            start = at if at != -1 else person["start"]
            out.append({"kind": "descriptor", "start": start, "end": end, "text": text[start:end],
                        "person": person["name"], "sentence": person["sentence"]})
    near = None
    for whole in _appositions(text, person["end"]):
        for described in _description_parts(text, whole):
            said = normalize_str(text[described[0]:described[1]])
            if said in report_norm:
                continue
            near = _words_near(report_norm, person) if near is None else near
            # «المطلوبين بجرائم الاتجار بالمخدرات وإطلاق النار على دوريات الجيش» reported
            # without its second charge: that is left out
            tail = _dropped_tail(text, described, near)
            head = normalize_str(text[described[0]:tail[0]]) if tail else said
            if _carried_in_words(head, near):
                if tail is not None:
                    described = tail
                else:
                    continue  # «المسؤول عن نقل أموال التنظيم» for «يعمل مسؤولاً عن نقل الأموال»
            out.append({"kind": "descriptor", "start": described[0], "end": described[1],
                        "text": text[described[0]:described[1]], "person": person["name"],
                        "sentence": person["sentence"]})
    before = _description_before(text, person["start"])
    if before:
        near = _words_near(report_norm, person) if near is None else near
        missing = [(a, b) for a, b, word in before if _stem(word) not in near
                   and not any(s <= a < e for s, e in told)]
        if missing:
            start, end = missing[0][0], missing[-1][1]
            out.append({"kind": "descriptor", "start": start, "end": end, "text": text[start:end],
                        "person": person["name"], "sentence": person["sentence"]})
    return out


_WORD = re.compile(r"[\w\u0600-\u06ff]+")
# How far before a name its description may start (words), and what ends it (titles.yaml
# descriptors open it): «المصورة في قناة السنديان الفضائية ريما حداد».
_DESCRIPTION_REACH = 8


@compiled
def _description_words() -> dict[str, frozenset[str]]:
    """titles.yaml's words of descriptions: ``description_ends``, ``description_fillers``,
    ``apposition_openers`` and ``nationality_nouns``, normalized."""
    from riwaya.lexicon import load_yaml

    titles = load_yaml("titles.yaml")
    return {key: frozenset(normalize_str(str(w)) for w in titles[key])
            for key in ("description_ends", "description_fillers", "apposition_openers", "nationality_nouns",
                        "description_joiners", "one_of")}


def _description_before(text: str, name_start: int) -> list[tuple[int, int, str]]:
    """The content words of what a source says a person is, before the name: from the nearest
    descriptor («المصورة», «القائد», «القبطان») to the name, across a comma right before it, as
    (start, end, normalized word); empty when no descriptor is there."""
    from riwaya.text.terms import stopwords

    head = text[max(0, name_start - 160):name_start]
    offset = name_start - len(head)
    head = re.sub(r"[،,]\s*$", lambda m: " " * len(m.group()), head)  # «القبطان المصري للقارب، عادل»
    cut = max(head.rfind(c) for c in ".،,؛:!؟?\n«»\"()")
    words = [(offset + m.start(), offset + m.end(), normalize_str(m.group()))
             for m in _WORD.finditer(head, cut + 1)][-_DESCRIPTION_REACH:]
    known = descriptors()
    # «يقودها التشادي محمد صالح دقو»: a nationality right before the name says what he is, when
    # no description holds it («في جمعية الهلال الأحمر اليمني فارس»)
    alone = words[-1:] if words and _nationality(words[-1][2]) else []
    if len(words) >= 2 and words[-1][2] in _description_words()["nationality_nouns"] \
            and words[-2][2].removeprefix("و").endswith("ي"):
        a, b, nisba = words[-2]
        # «والكيني الجنسية إبراهيم موسى»: the description without its «و»
        alone = [(a + 1, b, nisba[1:]) if nisba[:1] == "و" else (a, b, nisba), words[-1]]
    for k in range(len(words) - 1, -1, -1):
        word = words[k][2]
        if word in _description_words()["description_ends"]:
            return alone
        if word in known or (word[:1] == "و" and word[1:] in known):
            while k > 0 and words[k - 1][2] in known:
                k -= 1  # «المصور الصحفي»: a run of descriptors is one description
            fillers = _description_words()["description_fillers"]
            return [w for w in words[k:] if w[2] not in stopwords() and w[2] not in fillers
                    and not w[2].isdigit()]
    return alone


def _nationality(word: str) -> bool:
    """Whether a word is a state's nisba with the article («التشادي», «السوري»)."""
    from riwaya.extract.actors import lexicon

    alias = lexicon().aliases.get(word)
    return word.startswith("ال") and alias is not None and alias.kind == "adjective" and any(
        lexicon().actors[i].type == "state" for i in alias.ids if i in lexicon().actors)


def _stem(word: str) -> str:
    from riwaya.text.stem import light_stem

    return light_stem(word)


@cache
def _name_pattern(name: str) -> re.Pattern[str]:
    """A person's name as a report may write it: whole, or its first and last words with up to
    two of the middle left out («سامر أبو عودة» for «سامر خليل أبو عودة», «يوسف الكحلوت» for
    «يوسف رائد الكحلوت»). ``name`` is normalized."""
    words = name.split()
    if len(words) < 3:
        return re.compile(re.escape(name))
    first, last = re.escape(words[0]), re.escape(words[-1])
    return re.compile(rf"{re.escape(name)}|(?<!\w){first}(?:\s+\S+){{0,2}}\s+{last}(?!\w)")


def _description_parts(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """A description split where «و» and a verb of what one does join a second one: «وهو من
    الجنسية الطاجيكية ويعمل مسؤولاً عن نقل الأموال» says two things a report may keep apart."""
    joiners = _description_words()["description_joiners"]
    cuts = [span[0]] + [span[0] + m.start() + 1 for m in re.finditer(r"\s\S+", text[span[0]:span[1]])
                        if normalize_str(m.group().strip()) in joiners] + [span[1]]
    return [(a, a + len(text[a:b].rstrip())) for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


# The share of a description's content words a report must say near the person's name for the
# description to be carried in other words and order.
_CARRIED = 0.6


# Content words a description's last «و» member must have, all but one of them not said near the
# name, to be listed as left out of a description the report otherwise carries.
_TAIL_WORDS = 3


def _dropped_tail(text: str, span: tuple[int, int], near: set[str]) -> tuple[int, int] | None:
    """The last member of a description joined by «و» («… بالمخدرات وإطلاق النار على دوريات
    الجيش»), when the report says none of its content words near the person's name."""
    from riwaya.text.terms import stopwords

    found = None
    for m in re.finditer(r"(?<!\S)و\S+", text[span[0]:span[1]]):
        found = m
    if found is None:
        return None
    start = span[0] + found.start()
    words = [bare_word(w) for w in normalize_str(text[start:span[1]]).split()]
    words[0] = words[0][1:]
    content = [_stem(w) for w in words if w and w not in stopwords()]
    missing = [w for w in content if w not in near]
    # one word may be said nearby for another reason («أعلن الجيش … توقيف»)
    if len(missing) < _TAIL_WORDS or len(missing) < len(content) - 1:
        return None
    return start + 1, span[1]


def _carried_in_words(said: str, near: set[str]) -> bool:
    from riwaya.text.terms import stopwords

    lex = _description_words()
    # «عراقي الجنسية» is carried by «العراقي»
    fillers = lex["description_fillers"] | lex["apposition_openers"] | lex["nationality_nouns"]
    words = [_stem(bare_word(w)) for w in said.split() if bare_word(w) not in stopwords()
             and bare_word(w) not in fillers]
    return bool(words) and sum(w in near for w in words) >= _CARRIED * len(words)


def _place_named(place: str, report_norm: str) -> bool:
    """Whether a report names a place by its name without the noun before it («غزة» for
    «مدينة غزة», «الجزيرة» for «ولاية الجزيرة»)."""
    from riwaya.lexicon import figure_frames

    nouns = figure_frames().admin_nouns
    words = place.split()
    if len(words) < 2 or words[0] not in nouns:
        return False
    name = " ".join(words[1:])
    proclitic = "|".join(re.escape(p) for p in place_proclitics())
    return re.search(rf"(?<!\w)(?:{proclitic})?{re.escape(name)}(?!\w)", report_norm) is not None


@compiled
def place_proclitics() -> tuple[str, ...]:
    """The letters a report may write in front of a place's name (place_proclitics.yaml),
    normalized, longest first (so a regex alternation tries them in that order)."""
    from riwaya.lexicon import load_yaml

    letters = {normalize_str(str(p)) for p in load_yaml("place_proclitics.yaml")["proclitics"]}
    return tuple(sorted(letters, key=lambda p: (-len(p), p)))


def _name_spans(report_norm: str, person: dict[str, Any]) -> list[tuple[int, int]]:
    """Where a report names a source's person: by the name (``_name_pattern``), or by the same
    title and first name («العقيد ناهض السلطان» for «العقيد ناهض فايز السلطان»)."""
    name = normalize_str(person["name"])
    spans = [m.span() for m in _name_pattern(name).finditer(report_norm)]
    title = normalize_str(person.get("title") or "")
    if not spans and title:
        titled = rf"(?<!\w){re.escape(title)}\s+{re.escape(name.split()[0])}(?!\w)"
        spans = [m.span() for m in re.finditer(titled, report_norm)]
    return spans


def _words_near(report_norm: str, person: dict[str, Any], reach: int = 10) -> set[str]:
    """The stems of the words around each place the report names a person, in its sentence."""
    near: set[str] = set()
    for start, end in _name_spans(report_norm, person):
        before = re.split(r"[.!؟?\n]", report_norm[max(0, start - 300):start])[-1].split()[-reach:]
        after = re.split(r"[.!؟?\n]", report_norm[end:end + 300])[0].split()[:reach]
        near.update(_stem(bare_word(w)) for w in before + after)
    return near


def _appositions(text: str, after_name: int) -> list[tuple[int, int]]:
    """The descriptions after a name (see ``_apposition``), and up to two more that follow with
    «وهو» or a word of what a person is: «أبو بكر حسن ورسمه، المسؤول المالي للجماعة في الإقليم،
    وهو من حملة الجنسية الكينية»."""
    first = _apposition(text, after_name)
    if first is None:
        return []
    found = [first]
    while len(found) < 3:
        # «حسن بشارة أبكر، التشادي الجنسية، القيادي في جبهة الوفاق»: one after another
        then = re.match(r"\s*[،,]\s*", text[found[-1][1]:])
        more = _apposition(text, found[-1][1] + then.end(), opener_only=True) if then else None
        if more is None:
            break
        found.append(more)
    return found


def _apposition(text: str, after_name: int, opener_only: bool = False) -> tuple[int, int] | None:
    """The span of «، القيادي في …،» right after a name (or after one or two more family names
    the name was cut before: «وليد عبده القدسي، مراسل …», «رامي فؤاد الحاج علي، أحد …»), if it
    opens with a word of what a person is (titles.yaml ``descriptors``; after «وهو»: «، وهو مواطن
    سوري،»), with «أحد» («أحد أبرز المطلوبين»), or is a nationality («سوري الجنسية», «من حملة
    الجنسية الكينية»), and closes within twelve words. ``opener_only``: a
    description that follows another, which must open with «وهو» or a word of what a person is
    («، القيادي في …»; else it is the sentence going on)."""
    if opener_only:
        start = after_name
    else:
        m = re.match(r"\s*(?:[^\W\d]+\s*){0,2}[،,]\s*", text[after_name:])
        bare = re.match(r"\s+([^\W\d]+)", text[after_name:]) if not m else None
        if bare and normalize_str(bare.group(1)) in descriptors() and not bare.group(1).startswith("ال"):
            # «نزار فؤاد التميمي مراسل إذاعة صوت الخليل المحلية»: a noun of what a person is,
            # in construct right after the name, describes the person without a comma
            m = re.match(r"\s+", text[after_name:])
        if not m:
            return None
        start = after_name + m.end()
    close = re.search(r"[،,.؛\n]", text[start:start + 120])
    end = start + close.start() if close else None
    if end is None or len(text[start:end].split()) > 12:
        return None
    words = [normalize_str(w) for w in text[start:end].split()]
    said = _description_words()
    if words and words[0][:1] == "و" and words[0] not in said["apposition_openers"] \
            and words[0][1:] not in descriptors():
        return None  # «، والكيني الجنسية إبراهيم موسى»: the next person, not this one's description
    if words and words[0] in said["one_of"]:
        return (start, end)  # «، أحد أبرز المطلوبين بجرائم …،»
    if words and words[0] in said["apposition_openers"]:
        words = words[1:]
    elif opener_only and not (words and words[0] in descriptors()):
        return None
    nouns = said["nationality_nouns"]
    nationality = (len(words) >= 2 and words[0].endswith("ي") and words[1] in nouns) or any(
        words[i] in nouns and words[i + 1].endswith(("ي", "يه"))
        for i in range(min(4, len(words) - 1)))  # «من حملة الجنسية الكينية», «يحمل الجنسية المصرية»
    return (start, end) if words and (words[0] in descriptors() or nationality) else None


def _omissions(report: Document, sources: list[Document],
               figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures, titled people, actors and places the sources state and the report does not."""
    used = {id(f["source"]) for f in figures if f["source"] is not None}
    report_quantities = report.mentions("quantity")
    report_norm = normalize_str(report.text)
    omitted = []
    for k, doc in enumerate(sources):
        for m in doc.mentions("quantity"):
            if id(m) in used or m["sentence"] in doc.header_lines:
                continue
            if any(r["unit"] == m["unit"] and value_range(r) == value_range(m) for r in report_quantities):
                continue
            omitted.append({**m, "source": k})
        # organisations the report names in its own words («الجيش» for «القوات المسلحة»); a
        # nationality is what a person is, not an organisation («المصور اللبناني»)
        told = [(a["start"], a["end"]) for a in doc.mentions("actor") if a.get("alias") != "adjective"
                and any(same_side(a["id"], r["id"]) for r in report.mentions("actor"))]
        for m in doc.mentions("person"):
            if not _name_spans(report_norm, m):
                omitted.append({**m, "source": k})
            else:
                omitted.extend({**d, "source": k} for d in dropped_descriptors(doc.text, m, report_norm, told)
                               if not any(o.get("kind") == "descriptor" and o["start"] == d["start"]
                                          and o["source"] == k for o in omitted))
        # Actors and places the source names and the report never does (once each; the
        # header's issuer is who speaks, not what is said).
        report_actors = [m["id"] for m in report.mentions("actor")]
        report_places = {m["id"] for m in report.mentions("place")}
        report_place_names = [normalize_str(m["text"]) for m in report.mentions("place")]
        report_countries = {m["country"] for m in report.mentions("actor") if m.get("country")}
        seen: set[str] = set()
        for m in doc.mentions("actor"):
            if m["sentence"] in doc.header_lines or m.get("alias") == "adjective":
                continue
            key = family(m["id"])
            if key in seen or any(same_side(m["id"], r) for r in report_actors):
                continue
            if re.search(rf"(?<!\w){re.escape(normalize_str(m['text']))}(?!\w)", report_norm):
                continue  # the report's very words («الدفاع المدني»), whichever body each took them for
            seen.add(key)
            omitted.append({**m, "source": k})
        for m in doc.mentions("place"):
            if m["sentence"] in doc.header_lines or m["id"] in seen or m["id"] in report_places:
                continue
            if m.get("place_kind") == "country" and m.get("country") in report_countries:
                continue  # «روسيا» the place, where the report names Russia the actor
            if any(normalize_str(m["text"]) in name for name in report_place_names):
                continue  # «القلمون» inside the report's «القلمون الشرقي»
            if _place_named(normalize_str(m["text"]), report_norm):
                continue  # «مدينة غزة» where the report says «في غزة»
            seen.add(m["id"])
            omitted.append({**m, "source": k})
    return omitted
