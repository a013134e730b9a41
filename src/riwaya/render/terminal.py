"""Readable terminal output (rich tables), in the interface's language and direction, in the
terminal's bidi mode (render/bidi_text.py)."""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from rich.console import Console
from rich.markup import escape

from riwaya.i18n import _, ngettext
from riwaya.render import label, problems, quote_changes
from riwaya.render.bidi_text import Grid, Words, document, frag, say


def _amount(m: dict[str, Any]) -> str:
    if m["value"] is not None and m["qualifier"] in ("exact", "about"):
        return f"{m['value']:,}"
    low = "…" if m["low"] is None else f"{m['low']:,}"
    high = "…" if m["high"] is None else f"{m['high']:,}"
    return f"{low}–{high}"


def _span(m: dict[str, Any]) -> str:
    return frag(f"{m['start']}–{m['end']}")


def quantity_table(mentions: list[dict[str, Any]], title: str | None = None) -> Grid:
    table = Grid(title or _("Quantities"), (_("sent."), _("span"), _("text"), _("amount"), _("qualifier"),
                                             _("unit"), _("event")))
    for m in mentions:
        table.add_row(str(m.get("sentence", "")), _span(m), document(m["text"]), frag(_amount(m)),
                      escape(label(m["qualifier"], "qualifier")), frag(m["unit"] or "—"),
                      frag(m["event"] or "—"))
    return table


def _date_notes(m: dict[str, Any]) -> list[str]:
    notes = []
    if m.get("relative"):
        notes.append(_("relative") if m["value"] else _("relative, unresolved (give --ref-date)"))
    if "consistent" in m:
        days = m["day_difference"]
        notes.append(_("same day as the other calendar") if m["consistent"] else ngettext(
            "CONFLICT with the other calendar (%(days)s day)",
            "CONFLICT with the other calendar (%(days)s days)", abs(days)) % {"days": frag(f"{days:+d}")})
    if "weekday_consistent" in m:
        notes.append(_("weekday ok") if m["weekday_consistent"] else _("WRONG weekday"))
    if m.get("error"):
        notes.append(escape(m["error"]))
    return notes


def date_table(mentions: list[dict[str, Any]], title: str | None = None) -> Grid:
    table = Grid(title or _("Dates"), (_("sent."), _("span"), _("text"), _("calendar"), _("value"),
                                        _("gregorian"), _("notes")))
    for m in mentions:
        table.add_row(str(m.get("sentence", "")), _span(m), document(m["text"]),
                      escape(label(m["calendar"], "calendar")), frag(m["value"] or "—"),
                      frag(m["gregorian"] or "—"), _("; ").join(_date_notes(m)))
    return table


def _entity_details(m: dict[str, Any]) -> str:
    if m["kind"] == "place":
        where = f" ({m['lat']:.2f}, {m['lon']:.2f})" if m.get("lat") is not None else ""
        return f"{frag(m['id'])} {frag(m['name'])}{frag(where) if where else ''}"
    if m["kind"] == "actor":
        return f"{frag(m['id'])} {frag(m['name'])} {frag('[' + m['type'] + ']')}"
    if m["kind"] == "person":
        return f"{frag(m['title'])} + {frag(m['name'])}"
    if m["kind"] == "quote":
        return _("speaker: %(name)s") % {"name": frag(m["speaker"] or "—")}
    return ""


def entity_table(mentions: list[dict[str, Any]], title: str | None = None) -> Grid:
    table = Grid(title or _("Actors, places, people, quotations"),
                 (_("sent."), _("span"), _("kind"), _("text"), _("what")))
    for m in mentions:
        table.add_row(str(m.get("sentence", "")), _span(m), escape(label(m["kind"], "mention")),
                      document(m["text"]), _entity_details(m))
    return table


def print_extraction(console: Console, name: str, mentions: list[dict[str, Any]],
                     sentence_count: int) -> None:
    quantities = [m for m in mentions if m["kind"] == "quantity"]
    dates = [m for m in mentions if m["kind"] == "date"]
    others = [m for m in mentions if m["kind"] not in ("quantity", "date")]
    _extraction_counts(console, name, sentence_count, len(quantities), len(dates), len(others))
    if quantities:
        console.print(quantity_table(quantities))
    if dates:
        console.print(date_table(dates))
    if others:
        console.print(entity_table(others))


def print_extraction_totals(console: Console, name: str, counts: Counter[str]) -> None:
    """The counts of a text printed chunk by chunk (``counts``: sentences, and mentions by kind)."""
    others = sum(n for kind, n in counts.items() if kind not in ("sentences", "quantity", "date"))
    _extraction_counts(console, name, counts["sentences"], counts["quantity"], counts["date"], others)


def _extraction_counts(console: Console, name: str, sentences: int, quantities: int, dates: int,
                       others: int) -> None:
    counts = [ngettext("%(n)d sentence", "%(n)d sentences", sentences) % {"n": sentences},
              ngettext("%(n)d quantity", "%(n)d quantities", quantities) % {"n": quantities},
              ngettext("%(n)d date", "%(n)d dates", dates) % {"n": dates},
              ngettext("%(n)d other mention", "%(n)d other mentions", others) % {"n": others}]
    heading = _("%(name)s: %(counts)s") % {"name": f"[bold]{frag(name)}[/bold]",
                                            "counts": _(", ").join(counts)}
    say(console, heading, highlight=True)


_VERDICT_STYLE = {"supported": "green", "partial": "yellow", "unsupported": "red",
                  "verbatim": "green", "normalized": "green", "edited": "yellow",
                  "paraphrase": "magenta", "not_found": "red", "consistent": "green",
                  "conflict": "bold red", "unmatched": "dim", "unresolved": "dim"}


def _v(verdict: str, context: str) -> str:
    style = _VERDICT_STYLE.get(verdict, "")
    shown = escape(label(verdict, context))
    return f"[{style}]{shown}[/{style}]" if style else shown


def _sentence(doc: dict[str, Any], index: int) -> str:
    s = doc["sentences"][index]
    return doc["text"][s["start"]:s["end"]]


_PHRASE_WORDS = 30  # the longest source phrase shown beside a report sentence, in words


def _aligned_phrase(doc: dict[str, Any], index: int, shared: list[str]) -> str:
    """The part of a source sentence that holds the words a report sentence shares with it: from
    the first shared word to the last (at most _PHRASE_WORDS words, where the most of them are),
    «…» where the sentence goes on; the whole sentence when it shares nothing it can point at."""
    from riwaya.text.segment import tokens
    from riwaya.text.stem import light_stem

    sentence = _sentence(doc, index)
    wanted = {t for t in shared if not t.startswith(("#", "@"))}
    words = [t for t in tokens(sentence) if t.kind in ("word", "number")]
    hits = [i for i, t in enumerate(words) if t.kind == "word" and light_stem(t.norm) in wanted]
    if not hits:
        return sentence
    first, last = hits[0], hits[-1]
    if last - first >= _PHRASE_WORDS:
        first = max((h for h in hits if h + _PHRASE_WORDS <= len(words)), default=hits[0],
                    key=lambda h: sum(h <= k < h + _PHRASE_WORDS for k in hits))
        last = max(k for k in hits if k < first + _PHRASE_WORDS)
    start, end = words[first].start, words[last].end
    if first <= 1 and last >= len(words) - 2:
        return sentence  # nearly all of it: the sentence as it is
    return ("… " if first else "") + sentence[start:end] + (" …" if last < len(words) - 1 else "")


def _counts(counts: dict[str, int], context: str) -> str:
    """«4 supported, 1 partly supported», each verdict (of ``context``) in the current language."""
    shown = [_("%(n)d %(verdict)s") % {"n": n, "verdict": _v(k, context)} for k, n in counts.items()]
    return _(", ").join(shown) or _("none")


def print_check(console: Console, name: str, result: dict[str, Any]) -> None:
    """Summary first, then every finding with its report span and source span side by side."""
    say(console, f"[bold]riwaya check[/bold] {frag(name)}")
    _print_sources(console, result)
    _print_summary(console, result)
    console.print(_sentence_table(result))
    terms = [q for q in result["quotes"] if q.get("scare_quote") and q["verdict"] == "not_found"]
    quotations = [q for q in result["quotes"] if q not in terms]
    if terms:
        console.print(_term_table(result["report"], terms))
    if quotations:
        console.print(_quotation_table(result["sources"], quotations))
    for title, rows in ((_("Figures"), result["figures"]), (_("Dates"), result["dates"])):
        if rows:
            console.print(_figure_table(title, rows))
    if result["omissions"]:
        console.print(_omission_table(result["sources"], result["omissions"]))
    if result["additions"]:
        table = Grid(_("Added by the report (not in the source)"), ("#", _("sentence")))
        for a in result["additions"]:
            table.add_row(str(a["sentence"]), document(a["text"]))
        console.print(table)


def _print_sources(console: Console, result: dict[str, Any]) -> None:
    """Where the source was found, and what each source's header says."""
    sources = result["sources"]
    if result["summary"]["source_found"] == "embedded":
        # found by its header, which the line below shows parsed: its raw lines are not repeated
        found_by = str(result["summary"]["split"]).split(":", 1)[0]
        say(console, _("source: embedded in the same text, from character %(start)d (found by its %(how)s)")
            % {"start": sources[0]["start"], "how": escape(label(found_by, "split"))})
    for k, source in enumerate(sources):
        header = _header_line(source["header"])
        say(console, _("source %(n)d header: %(header)s") % {"n": k + 1, "header": header})


def _header_line(h: dict[str, Any]) -> str:
    """A source's header in one line: issuer, office, reference, title, dates and whether the
    calendars agree."""
    parts = [_("issuer %(name)s") % {"name": f"[bold]{frag(h['issuer'])}[/bold]"} if h["issuer"]
             else _("issuer not stated")]
    if h["office"] and h["office"] != h["issuer"]:
        parts.append(_("office %(name)s") % {"name": frag(h["office"])})
    if h["reference"]:
        parts.append(_("reference %(reference)s") % {"reference": frag(h["reference"])})
    if h["title"]:
        parts.append(_("title %(title)s") % {"title": frag(h["title"])})
    if h["dates"]:
        dates = " = ".join(f"{frag(d['text'])} ({escape(label(d['calendar'], 'calendar'))})"
                           for d in h["dates"])
        # the words outside f-strings: pybabel does not look inside them
        consistent, inconsistent = _("consistent"), _("INCONSISTENT")
        agree = {True: f"[green]{consistent}[/green]",
                 False: f"[bold red]{inconsistent}[/bold red]", None: ""}[h["consistent"]]
        parts.append(_("dates %(dates)s %(agreement)s") % {"dates": dates, "agreement": agree})
    return " · ".join(parts)


def _print_summary(console: Console, result: dict[str, Any]) -> None:
    """What is wrong first — a reader who sees «4 supported» first is reassured while two
    quotations were edited — then the counts."""
    summary = result["summary"]
    wrong = problems(result)
    heading, nothing = _("What is wrong"), _("Nothing wrong found")
    say(console, "\n" + (f"[bold red]{heading}[/bold red]: " + _("; ").join(wrong) if wrong
                         else f"[bold green]{nothing}[/bold green]"), highlight=True)
    n = summary["sentences"]
    counts = [
        ngettext("%(n)d report sentence: %(verdicts)s", "%(n)d report sentences: %(verdicts)s", n)
        % {"n": n, "verdicts": _counts(summary["alignments"], "alignment")},
        _("quotations: %(counts)s") % {"counts": _counts(summary["quotes"], "quote")},
        _("figures: %(counts)s") % {"counts": _counts(summary["figures"], "figure")},
        _("dates: %(counts)s") % {"counts": _counts(summary["dates"], "figure")},
        ngettext("%(n)d omission", "%(n)d omissions", summary["omissions"]) % {"n": summary["omissions"]},
        ngettext("%(n)d addition", "%(n)d additions", summary["additions"]) % {"n": summary["additions"]}]
    heading = _("Counts")
    say(console, f"[bold]{heading}[/bold]: " + _("; ").join(counts) + "\n", highlight=True)


def _sentence_table(result: dict[str, Any]) -> Grid:
    sources = result["sources"]
    table = Grid(_("Sentences"), ("#", _("verdict"), _("score"), _("report"), _("source")), show_lines=True)
    for a in result["alignments"]:
        source_text = " ‖ ".join(_aligned_phrase(sources[a["source"]], j, a.get("shared_terms", []))
                                 for j in a["source_sentences"]) \
            if a["source"] is not None and a["verdict"] != "unsupported" else "—"
        table.add_row(str(a["sentence"]), _v(a["verdict"], "alignment"), f"{a['score']:.2f}",
                      document(_sentence(result["report"], a["sentence"])), document(source_text))
    return table


def _term_table(report: dict[str, Any], terms: list[dict[str, Any]]) -> Grid:
    table = Grid(_("Words the report puts in quotation marks that the source never uses"),
                 (_("term"), _("in the sentence")))
    starts = [s["start"] for s in report["sentences"]]
    for q in terms:
        table.add_row(document(q["text"]),
                      document(_sentence(report, max(0, bisect.bisect_right(starts, q["start"]) - 1))))
    return table


def _quotation_source(sources: list[dict[str, Any]], q: dict[str, Any]) -> str | Words:
    """The source's passage of a quotation: its own text, or told how it was found."""
    if q["source_start"] is None:
        return "—"
    passage = sources[q["source"]]["text"][q["source_start"]:q["source_end"]]
    if q.get("basis") not in ("frame", "meaning") and q["verdict"] != "not_found" \
            and q.get("speaker_matches") is not False:
        return document(passage)
    source = frag(passage)
    if q.get("basis") == "frame":
        source = "[dim]" + _("rewords, with the same speaker and speech act:") + f"[/dim] {source}"
    elif q.get("basis") == "meaning":
        source = "[dim]" + _("says the same in other words:") + f"[/dim] {source}"
    if q["verdict"] == "not_found":
        source = "[dim]" + _("closest passage: %(text)s") % {"text": source} + "[/dim]"
    if q.get("speaker_matches") is False:
        said = _("said by %(speaker)s in the source") % {"speaker": frag(q["source_speaker"]["text"])}
        source += f"\n[bold red]{said}[/bold red]"
    return source


def _quotation_table(sources: list[dict[str, Any]], quotations: list[dict[str, Any]]) -> Grid:
    table = Grid(_("Quotations"), (_("verdict"), _("speaker"), _("report"), _("source"), _("changes")),
                 show_lines=True)
    for q in quotations:
        changes = "\n".join(escape(c) for c in quote_changes(q["edits"]))
        speaker = frag((q["speaker"] or {}).get("text", "—"))
        table.add_row(_v(q["verdict"], "quote"), speaker, document(q["text"]),
                      _quotation_source(sources, q), changes or "—")
    return table


def _figure_table(title: str, rows: list[dict[str, Any]]) -> Grid:
    table = Grid(title, (_("verdict"), _("report"), _("source")))
    for f in rows:
        source: str | Words = document(f["source"]["text"]) if f["source"] else "—"
        if f.get("actor_mismatch"):
            swap = f["actor_mismatch"]
            given = _("the source gives it to %(source)s, not %(report)s") % {
                "source": frag(swap["source"]["text"]), "report": frag(swap["report"]["text"])}
            source = (frag(f["source"]["text"]) if f["source"] else "—") + f"\n[bold red]{given}[/bold red]"
        table.add_row(_v(f["verdict"], "figure"), document(f["report"]["text"]), source)
    return table


def _omission_table(sources: list[dict[str, Any]], omissions: list[dict[str, Any]]) -> Grid:
    """What the report left out, one row per source sentence: a sentence that holds several
    omissions is printed once, with all of them."""
    table = Grid(_("Left out by the report"), (_("source says"), _("in the sentence")))
    by_sentence: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for o in omissions:
        by_sentence.setdefault((o["source"], o["sentence"]), []).append(o)
    for (source, sentence), left_out in by_sentence.items():
        said = "\n".join(f"{frag(o['text'])} [dim]({escape(label(o['kind'], 'mention'))})[/dim]"
                         for o in left_out)
        table.add_row(said, document(_sentence(sources[source], sentence)))
    return table
