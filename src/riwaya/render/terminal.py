"""Readable terminal output (rich tables)."""

from __future__ import annotations

import bisect
from typing import Any

from rich.console import Console
from rich.table import Table

from riwaya.render import problems, quote_changes


def _amount(m: dict[str, Any]) -> str:
    if m["value"] is not None and m["qualifier"] in ("exact", "about"):
        return f"{m['value']:,}"
    low = "…" if m["low"] is None else f"{m['low']:,}"
    high = "…" if m["high"] is None else f"{m['high']:,}"
    return f"{low}–{high}"


def quantity_table(mentions: list[dict[str, Any]], title: str = "Quantities") -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("sent.", "span", "text", "amount", "qualifier", "unit", "event"):
        table.add_column(column, overflow="fold")
    for m in mentions:
        table.add_row(str(m.get("sentence", "")), f"{m['start']}–{m['end']}", m["text"],
                      _amount(m), m["qualifier"], m["unit"] or "—", m["event"] or "—")
    return table


def date_table(mentions: list[dict[str, Any]], title: str = "Dates") -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("sent.", "span", "text", "calendar", "value", "gregorian", "notes"):
        table.add_column(column, overflow="fold")
    for m in mentions:
        notes = []
        if m.get("relative"):
            notes.append("relative" + ("" if m["value"] else ", unresolved (give --ref-date)"))
        if "consistent" in m:
            notes.append("same day as the other calendar" if m["consistent"]
                         else f"CONFLICT with the other calendar ({m['day_difference']:+d} days)")
        if "weekday_consistent" in m:
            notes.append("weekday ok" if m["weekday_consistent"] else "WRONG weekday")
        if m.get("error"):
            notes.append(m["error"])
        table.add_row(str(m.get("sentence", "")), f"{m['start']}–{m['end']}", m["text"],
                      m["calendar"], m["value"] or "—", m["gregorian"] or "—", "; ".join(notes))
    return table


def _entity_details(m: dict[str, Any]) -> str:
    if m["kind"] == "place":
        where = f" ({m['lat']:.2f}, {m['lon']:.2f})" if m.get("lat") is not None else ""
        return f"{m['id']} {m['name']}{where}"
    if m["kind"] == "actor":
        return f"{m['id']} {m['name']} [{m['type']}]"
    if m["kind"] == "person":
        return f"{m['title']} + {m['name']}"
    if m["kind"] == "quote":
        return f"speaker: {m['speaker'] or '—'}"
    return ""


def entity_table(mentions: list[dict[str, Any]], title: str = "Actors, places, people, quotations") -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("sent.", "span", "kind", "text", "what"):
        table.add_column(column, overflow="fold")
    for m in mentions:
        table.add_row(str(m.get("sentence", "")), f"{m['start']}–{m['end']}", m["kind"], m["text"],
                      _entity_details(m))
    return table


def print_extraction(console: Console, name: str, mentions: list[dict[str, Any]],
                     sentence_count: int) -> None:
    quantities = [m for m in mentions if m["kind"] == "quantity"]
    dates = [m for m in mentions if m["kind"] == "date"]
    others = [m for m in mentions if m["kind"] not in ("quantity", "date")]
    console.print(f"[bold]{name}[/bold]: {sentence_count} sentences, "
                  f"{len(quantities)} quantities, {len(dates)} dates, {len(others)} other mentions")
    if quantities:
        console.print(quantity_table(quantities))
    if dates:
        console.print(date_table(dates))
    if others:
        console.print(entity_table(others))


_VERDICT_STYLE = {"supported": "green", "partial": "yellow", "unsupported": "red",
                  "verbatim": "green", "normalized": "green", "edited": "yellow",
                  "paraphrase": "magenta", "not_found": "red", "consistent": "green",
                  "conflict": "bold red", "unmatched": "dim", "unresolved": "dim"}


def _v(verdict: str) -> str:
    style = _VERDICT_STYLE.get(verdict, "")
    return f"[{style}]{verdict}[/{style}]" if style else verdict


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


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {_v(k)}" for k, n in counts.items()) or "none"


def print_check(console: Console, name: str, result: dict[str, Any]) -> None:
    """Summary first, then every finding with its report span and source span side by side."""
    console.print(f"[bold]riwaya check[/bold] {name}")
    _print_sources(console, result)
    _print_summary(console, result)
    console.print(_sentence_table(result))
    terms = [q for q in result["quotes"] if q.get("scare_quote") and q["verdict"] == "not_found"]
    quotations = [q for q in result["quotes"] if q not in terms]
    if terms:
        console.print(_term_table(result["report"], terms))
    if quotations:
        console.print(_quotation_table(result["sources"], quotations))
    for title, rows in (("Figures", result["figures"]), ("Dates", result["dates"])):
        if rows:
            console.print(_figure_table(title, rows))
    if result["omissions"]:
        console.print(_omission_table(result["sources"], result["omissions"]))
    if result["additions"]:
        table = Table(title="Added by the report (not in the source)", title_justify="left")
        table.add_column("#")
        table.add_column("sentence", overflow="fold")
        for a in result["additions"]:
            table.add_row(str(a["sentence"]), a["text"])
        console.print(table)


def _print_sources(console: Console, result: dict[str, Any]) -> None:
    """Where the source was found, and what each source's header says."""
    sources = result["sources"]
    if result["summary"]["source_found"] == "embedded":
        # found by its header, which the line below shows parsed: its raw lines are not repeated
        found_by = str(result["summary"]["split"]).split(":", 1)[0]
        console.print(f"source: embedded in the same text, from character {sources[0]['start']} "
                      f"(found by its {found_by})")
    for k, source in enumerate(sources):
        console.print(f"source {k + 1} header: " + _header_line(source["header"]))


def _header_line(h: dict[str, Any]) -> str:
    """A source's header in one line: issuer, office, reference, title, dates and whether the
    calendars agree."""
    parts = [f"issuer [bold]{h['issuer']}[/bold]" if h["issuer"] else "issuer not stated"]
    if h["office"] and h["office"] != h["issuer"]:
        parts.append(f"office {h['office']}")
    if h["reference"]:
        parts.append(f"reference {h['reference']}")
    if h["title"]:
        parts.append(f"title {h['title']}")
    if h["dates"]:
        dates = " = ".join(f"{d['text']} ({d['calendar']})" for d in h["dates"])
        agree = {True: "[green]consistent[/green]", False: "[bold red]INCONSISTENT[/bold red]",
                 None: ""}[h["consistent"]]
        parts.append(f"dates {dates} {agree}")
    return " · ".join(parts)


def _print_summary(console: Console, result: dict[str, Any]) -> None:
    """What is wrong first — a reader who sees «4 supported» first is reassured while two
    quotations were edited — then the counts."""
    summary = result["summary"]
    wrong = problems(result)
    console.print("\n[bold red]What is wrong[/bold red]: " + "; ".join(wrong) if wrong
                  else "\n[bold green]Nothing wrong found[/bold green]")
    console.print(
        f"[bold]Counts[/bold]: {summary['sentences']} report sentences: "
        f"{_counts(summary['alignments'])}; quotations: {_counts(summary['quotes'])}; "
        f"figures: {_counts(summary['figures'])}; dates: {_counts(summary['dates'])}; "
        f"{summary['omissions']} omissions; {summary['additions']} additions\n")


def _sentence_table(result: dict[str, Any]) -> Table:
    sources = result["sources"]
    table = Table(title="Sentences", title_justify="left", show_lines=True)
    for column in ("#", "verdict", "score", "report", "source"):
        table.add_column(column, overflow="fold")
    for a in result["alignments"]:
        source_text = " ‖ ".join(_aligned_phrase(sources[a["source"]], j, a.get("shared_terms", []))
                                 for j in a["source_sentences"]) \
            if a["source"] is not None and a["verdict"] != "unsupported" else "—"
        table.add_row(str(a["sentence"]), _v(a["verdict"]), f"{a['score']:.2f}",
                      _sentence(result["report"], a["sentence"]), source_text)
    return table


def _term_table(report: dict[str, Any], terms: list[dict[str, Any]]) -> Table:
    table = Table(title="Words the report puts in quotation marks that the source never uses",
                  title_justify="left")
    for column in ("term", "in the sentence"):
        table.add_column(column, overflow="fold")
    starts = [s["start"] for s in report["sentences"]]
    for q in terms:
        table.add_row(q["text"], _sentence(report, max(0, bisect.bisect_right(starts, q["start"]) - 1)))
    return table


def _quotation_table(sources: list[dict[str, Any]], quotations: list[dict[str, Any]]) -> Table:
    table = Table(title="Quotations", title_justify="left", show_lines=True)
    for column in ("verdict", "speaker", "report", "source", "changes"):
        table.add_column(column, overflow="fold")
    for q in quotations:
        shown = q["source_start"] is not None
        source = sources[q["source"]]["text"][q["source_start"]:q["source_end"]] if shown else "—"
        if q.get("basis") == "frame":
            source = f"[dim]rewords, with the same speaker and speech act:[/dim] {source}"
        elif q.get("basis") == "meaning":
            source = f"[dim]says the same in other words:[/dim] {source}"
        if q["verdict"] == "not_found" and source != "—":
            source = f"[dim]closest passage: {source}[/dim]"
        if q.get("speaker_matches") is False:
            source += f"\n[bold red]said by {q['source_speaker']['text']} in the source[/bold red]"
        changes = quote_changes(q["edits"])
        table.add_row(_v(q["verdict"]), (q["speaker"] or {}).get("text", "—"), q["text"], source,
                      "\n".join(changes) or "—")
    return table


def _figure_table(title: str, rows: list[dict[str, Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("verdict", "report", "source"):
        table.add_column(column, overflow="fold")
    for f in rows:
        source = f["source"]["text"] if f["source"] else "—"
        if f.get("actor_mismatch"):
            swap = f["actor_mismatch"]
            source += (f"\n[bold red]the source gives it to {swap['source']['text']}, "
                       f"not {swap['report']['text']}[/bold red]")
        table.add_row(_v(f["verdict"]), f["report"]["text"], source)
    return table


def _omission_table(sources: list[dict[str, Any]], omissions: list[dict[str, Any]]) -> Table:
    """What the report left out, one row per source sentence: a sentence that holds several
    omissions is printed once, with all of them."""
    table = Table(title="Left out by the report", title_justify="left")
    for column in ("source says", "in the sentence"):
        table.add_column(column, overflow="fold")
    by_sentence: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for o in omissions:
        by_sentence.setdefault((o["source"], o["sentence"]), []).append(o)
    for (source, sentence), left_out in by_sentence.items():
        said = "\n".join(f"{o['text']} [dim]({o['kind']})[/dim]" for o in left_out)
        table.add_row(said, _sentence(sources[source], sentence))
    return table
