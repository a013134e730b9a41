"""Corpus output: stories, a story's documents and figure table, search hits, ingest summaries —
as terminal tables (rich), CSV, and one self-contained HTML page (the template story_page.html,
whose figure table and document list the web app's story page shares)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from riwaya.i18n import _, ngettext, pgettext
from riwaya.read.base import file_name
from riwaya.render import isolate, label
from riwaya.render.bidi_text import Grid, document, frag, say
from riwaya.render.page import render
from riwaya.render.timeline import number, timeline_points

if TYPE_CHECKING:
    from riwaya.store import Store


def _value_text(v: dict[str, Any]) -> str:
    if v["value"] is not None and v["qualifier"] in ("exact", None):
        return _num(v["value"])
    return v["text"]


_num = number
_STATUS_STYLE = {"conflict": "bold red", "updated": "bold blue", "uncertain": "yellow", "agree": "green"}


def _thing(g: dict[str, Any]) -> str:
    """What a figure row counts, as console markup: unit, event and its frame's slots, each
    isolated (they are the documents' words or the lexicons' names)."""
    parts = [isolate(g["unit"]), isolate(g["event"]) if g["event"] else _("(event not said)")]
    frame = g.get("frame") or {}
    for slot in ("ordinal", "when", "scope", "modality"):
        if slot in frame:
            parts.append(isolate(frame[slot].get("text") or str(frame[slot]["value"])))
    if g.get("actor_text") or g.get("actor"):
        # The party the figures are told about (killed by it, handed over by it…), not its members.
        parts.append(_("party: %(party)s") % {"party": isolate(g.get("actor_text") or g["actor"])})
    return escape(" · ".join(parts))


def print_ingest(console: Console, report: dict[str, Any], counts: dict[str, int]) -> None:
    read, added, stored = report["read"], report["added"], report["already_stored"]
    again = report.get("also_published", 0)
    foreign, copies, stories = len(report["not_arabic"]), report["copies"], report["new_stories"]
    say(console, _("read %(documents)s: %(added)s, %(stored)s, %(foreign)s; %(copies)s, %(stories)s; "
                   "%(seconds)s s") % {
        "documents": ngettext("%(n)d document", "%(n)d documents", read) % {"n": read},
        "added": "[bold]" + ngettext("%(n)d added", "%(n)d added", added) % {"n": added} + "[/bold]",
        "stored": ngettext("%(n)d already stored", "%(n)d already stored", stored) % {"n": stored} + (
            " " + ngettext("(%(n)d of them published again under another name, kept with its document)",
                           "(%(n)d of them published again under other names, kept with their documents)",
                           again) % {"n": again} if again else ""),
        "foreign": ngettext("%(n)d not Arabic (stored, flagged, not analyzed)",
                            "%(n)d not Arabic (stored, flagged, not analyzed)", foreign) % {"n": foreign},
        "copies": ngettext("%(n)d copy", "%(n)d copies", copies) % {"n": copies},
        "stories": ngettext("%(n)d new story", "%(n)d new stories", stories) % {"n": stories},
        "seconds": f"{report['seconds']:.1f}"}, highlight=True)
    unreadable = report["unreadable"]
    if unreadable:
        failed = ngettext("%(n)d input could not be read:", "%(n)d inputs could not be read:",
                          len(unreadable)) % {"n": len(unreadable)}
        say(console, f"[bold red]{failed}[/bold red]")
        for u in unreadable[:30]:
            say(console, f"  {isolate(u['name'])}: {u['reason']}", markup_on=False)
        if len(unreadable) > 30:
            more = len(unreadable) - 30
            more_said = ngettext("… and %(n)d more (table ingest_log in the database)",
                                 "… and %(n)d more (table ingest_log in the database)", more) % {"n": more}
            say(console, "  " + more_said, markup_on=False)
    for name in report["not_arabic"][:10]:
        say(console, "  " + _("not Arabic: %(name)s") % {"name": isolate(name)}, markup_on=False)
    documents, stories, links, cites = (counts[k] for k in ("documents", "stories", "copies", "cites"))
    say(console, _("database: %(documents)s, %(stories)s, %(copies)s, %(cites)s") % {
        "documents": ngettext("%(n)d document", "%(n)d documents", documents) % {"n": documents},
        "stories": ngettext("%(n)d story", "%(n)d stories", stories) % {"n": stories},
        "copies": ngettext("%(n)d copy link", "%(n)d copy links", links) % {"n": links},
        "cites": ngettext("%(n)d cite link", "%(n)d cite links", cites) % {"n": cites}}, highlight=True)


def print_stories(console: Console, stories: list[dict[str, Any]]) -> None:
    table = Grid(_("Stories"), (_("id"), _("documents"), _("outlets"), _("from"), _("to"), _("title")))
    for s in stories:
        table.add_row(str(s["id"]), str(s["size"]), str(s.get("outlets", "")), frag(s["first_day"] or "—"),
                      frag(s["last_day"] or "—"), document(s["title"] or "—"))
    console.print(table)


def print_search(console: Console, hits: list[dict[str, Any]]) -> None:
    if not hits:
        say(console, _("no document matches"))
        return
    table = Grid(_("Documents"), (_("id"), _("story"), _("outlet"), _("published"), _("title"), _("text")),
                 show_lines=True)
    for h in hits:
        table.add_row(str(h["document"]), str(h["story_id"] or "—"), frag(h["outlet"] or "—"),
                      frag(h["published"] or "—"), document(h["title"] or "—"), document(h["snippet"]))
    console.print(table)


def _documents_table(story: dict[str, Any]) -> Grid:
    docs = Grid(_("Documents"), (_("id"), _("outlet"), _("published"), _("role"), _("title")))
    for d in _ordered(story["documents"]):
        docs.add_row(str(d["id"]), frag(_outlet_and_again(d)), frag(d["published"] or "—"), _role(d),
                     document(d["title"] or "—"))
    return docs


def _outlet_and_again(d: dict[str, Any]) -> str:
    """A document's outlet, and where its text was published again."""
    again = [a["outlet"] or file_name(a["name"]) for a in d.get("also_published") or []]
    outlet = d["outlet"] or "—"
    if not again:
        return outlet
    return outlet + " · " + _("also published: %(where)s") % {"where": _(", ").join(again)}


def _values(g: dict[str, Any], outlets: dict[int, str]) -> str:
    """Each value of a figure row with who gives it, one a line."""
    lines = []
    for v in g["values"]:
        source = outlets.get(v["document"], f"#{v['document']}")
        notes = [n for n in (v["attributed_to"] and _("according to %(source)s") % {
                                 "source": isolate(v["attributed_to"])},
                             v["primary"] and _("primary source"),
                             v["copy_of"] and _("copy of %(id)s") % {"id": isolate(f"#{v['copy_of']}")}) if n]
        told = f"{isolate(_value_text(v))} — {isolate(source)}"
        lines.append(told + (f" ({'; '.join(notes)})" if notes else ""))
    return escape("\n".join(lines))


def print_story(console: Console, story: dict[str, Any]) -> None:
    heading = _("story %(id)s: %(title)s (%(first)s – %(last)s, %(documents)s)") % {
        "id": story["id"], "title": frag(story["title"] or "—"), "first": frag(story["first_day"] or "?"),
        "last": frag(story["last_day"] or "?"),
        "documents": ngettext("%(n)d document", "%(n)d documents", len(story["documents"])) % {
            "n": len(story["documents"])}}
    say(console, f"[bold]{heading}[/bold]")
    console.print(_documents_table(story))
    if not story["figures"]:
        say(console, _("no figures"))
        return
    columns = ("#", _("what"), _("values (outlet, attribution)"), _("low"), _("best"), _("high"), _("status"))
    table = Grid(_("Figures (low / best / high as UCDP; best from the primary source when there is one)"),
                 columns, show_lines=True)
    outlets = {d["id"]: d["outlet"] or f"#{d['id']}" for d in story["documents"]}
    for g in story["figures"]:
        status = f"[{_STATUS_STYLE[g['status']]}]{escape(label(g['status'], 'status'))}[/]"
        if g.get("part_of"):
            status += "\n" + escape(_("part of %(id)s") % {"id": isolate(f"#{g['part_of']}")})
        best = (f"{_num(g['best'])} ({escape(label(g['best_from'], 'best_from'))})" if g["best"] is not None
                else _("— (uncertain)"))
        table.add_row(str(g["id"]), _thing(g), _values(g, outlets), _num(g["low"]), best, _num(g["high"]),
                      status)
    console.print(table)
    print_timelines(console, story)


def print_compare(console: Console, result: dict[str, Any]) -> None:
    """`riwaya compare`: how many documents, copies and stories, then each story."""
    documents, copies, stories = (len(result[k]) for k in ("documents", "duplicates", "stories"))
    say(console, _(", ").join([ngettext("%(n)d document", "%(n)d documents", documents) % {"n": documents},
                            ngettext("%(n)d copy", "%(n)d copies", copies) % {"n": copies},
                            ngettext("%(n)d story", "%(n)d stories", stories) % {"n": stories}]),
        highlight=True)
    for found in result["stories"]:
        print_story(console, found)


def print_timelines(console: Console, story: dict[str, Any]) -> None:
    """Who said what, and when: each figure told at more than one time, in publication order."""
    outlets = {d["id"]: d["outlet"] or f"#{d['id']}" for d in story["documents"]}
    for g in story["figures"]:
        timeline = g.get("timeline") or []
        if len({p["published"] for p in timeline}) < 2:
            continue
        say(console, f"[bold]{escape(isolate('#' + str(g['id'])))} {_thing(g)}[/bold] — "
                     f"{escape(label(g['status'], 'status'))}")
        for p in timeline:
            marks = [m for m in (p["first"] and _("first"), p["superseded_by"] and
                                 _("outdated: its source had updated it (claim %(claim)s)") % {
                                     "claim": p["superseded_by"]}) if m]
            told = number(p["value"]) if p.get("qualifier") in ("exact", None) else p["text"]
            outlet = outlets.get(p["document"], "#" + str(p["document"]))
            say(console, f"  {isolate(p['published'] or '?')}  {isolate(told)}  {isolate(p['source'])} · "
                         f"{isolate(outlet)}" + (f"  ({'; '.join(marks)})" if marks else ""), markup_on=False)


def _role(d: dict[str, Any]) -> str:
    if d["copy_of"]:
        return escape(_("copy of %(id)s") % {"id": isolate(f"#{d['copy_of']}")})
    if d["primary"]:
        return _("primary source")
    # «a report» among the story's documents, not «the report» being checked
    return _("statement") if d["statement"] else pgettext("role", "report")


def _ordered(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Originals in date order, each followed by its copies."""
    copies: dict[int, list[dict[str, Any]]] = {}
    for d in documents:
        if d["copy_of"]:
            copies.setdefault(d["copy_of"], []).append(d)
    out = []
    for d in documents:
        if not d["copy_of"]:
            out.append(d)
            out.extend(copies.get(d["id"], []))
    placed = {d["id"] for d in out}
    return out + [d for d in documents if d["id"] not in placed]


# The columns of before figure frames first, in their order (scripts read them), then the new.
CSV_COLUMNS = ["story", "unit", "event", "actor", "conflict", "low", "best", "high", "best_from", "document",
               "outlet", "published", "value", "value_low", "value_high", "qualifier", "attributed_to",
               "primary", "copy_of", "text", "start", "end",
               "group", "status", "part_of", "source", "first", "superseded_by", "title", "url"]


def story_rows(story: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per figure a document gives, with the document's title and address."""
    documents = {d["id"]: d for d in story.get("documents", [])}
    rows = []
    for g in story["figures"]:
        for v in g["values"]:
            rows.append({"story": story["id"], "group": g["id"], "unit": g["unit"], "event": g["event"],
                         "actor": g["actor"], "status": g["status"], "conflict": g["conflict"],
                         "part_of": g["part_of"], "source": v["source"], "first": v["first"],
                         "superseded_by": v["superseded_by"],
                         "low": g["low"], "best": g["best"], "high": g["high"],
                         "best_from": g["best_from"], "document": v["document"], "outlet": v["outlet"],
                         "published": v["published"], "value": v["value"], "value_low": v["low"],
                         "value_high": v["high"], "qualifier": v["qualifier"],
                         "attributed_to": v["attributed_to"], "primary": v["primary"],
                         "copy_of": v["copy_of"],
                         "text": v["text"], "start": v["start"], "end": v["end"],
                         "title": documents.get(v["document"], {}).get("title"),
                         "url": documents.get(v["document"], {}).get("url")})
    return rows


def to_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV for a spreadsheet: UTF-8 with a byte-order mark, without which Excel reads the Arabic
    as Windows-1252 mojibake (Python reads it back with encoding="utf-8-sig"); no text cell a
    spreadsheet would run as a formula."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


# What starts a formula in Excel, LibreOffice and Google Sheets (OWASP's «CSV injection»): a
# title or an outlet «=HYPERLINK(…)» from a crawled page would run in the checker's spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """``value`` as a cell that is only text: a leading apostrophe before a formula's start.
    Numbers stay numbers («-3» of a figure is a value, not text)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def story_view(story: dict[str, Any]) -> dict[str, Any]:
    """What a story page shows (render/templates/story_parts.html): the story, its originals in
    order each with its copies (a copy whose original is not in the story stands on its own), each
    document's outlet, and the timeline of each figure told at two times or more."""
    copies: dict[int, list[dict[str, Any]]] = {}
    ids = {d["id"] for d in story["documents"]}
    for d in story["documents"]:
        if d["copy_of"] and d["copy_of"] in ids:
            copies.setdefault(d["copy_of"], []).append(d)
    originals = [d for d in story["documents"] if not d["copy_of"] or d["copy_of"] not in ids]
    outlets = {d["id"]: d["outlet"] or f"#{d['id']}" for d in story["documents"]}
    timelines = {g["id"]: timeline_points(g) for g in story["figures"]}
    # where each text was published again: the outlet, or the file's name without its folders
    also = {d["id"]: [{"by": a["outlet"] or file_name(a["name"]), "published": a["published"]}
                      for a in d.get("also_published") or []] for d in story["documents"]}
    return {"story": story, "originals": originals, "copies": copies, "outlets": outlets,
            "timelines": timelines, "also_published": also}


def story_html(story: dict[str, Any]) -> str:
    """One self-contained right-to-left page: the story's figure table and its documents."""
    return render("story_page.html", view=story_view(story)) + "\n"


def export(store: Store, fmt: str, story_ids: list[int] | None = None) -> str:
    """The figure tables of every story (or of ``story_ids``) as CSV or JSON, or the reviews as
    ClaimReview JSON-LD."""
    from riwaya.corpus import claim_reviews, story
    from riwaya.render.json import dumps

    if fmt == "claimreview":
        return dumps(claim_reviews(store)) + "\n"
    stories = [story(store, sid) for sid in story_ids or store.story_ids()]
    if fmt == "json":
        return dumps({"stories": stories}) + "\n"
    return to_csv([row for s in stories for row in story_rows(s)], CSV_COLUMNS)
