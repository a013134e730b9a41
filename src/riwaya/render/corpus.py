"""Corpus output: stories, a story's documents and figure table, search hits, ingest summaries —
as terminal tables (rich), CSV, and one self-contained HTML page (the template story_page.html,
whose figure table and document list the web app's story page shares)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

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
    parts = [g["unit"], g["event"] or "(event not said)"]
    frame = g.get("frame") or {}
    for slot in ("ordinal", "when", "scope", "modality"):
        if slot in frame:
            parts.append(frame[slot].get("text") or str(frame[slot]["value"]))
    if g.get("actor_text") or g.get("actor"):
        # The party the figures are told about (killed by it, handed over by it…), not its members.
        parts.append(f"party: {g.get('actor_text') or g['actor']}")
    return " · ".join(parts)


def print_ingest(console: Console, report: dict[str, Any], counts: dict[str, int]) -> None:
    console.print(f"read {report['read']} document(s): [bold]{report['added']} added[/bold], "
                  f"{report['already_stored']} already stored, {len(report['not_arabic'])} not Arabic "
                  f"(stored, flagged, not analyzed); {report['copies']} copies, {report['new_stories']} new "
                  f"stories; {report['seconds']:.1f} s")
    if report["unreadable"]:
        console.print(f"[bold red]{len(report['unreadable'])} input(s) could not be read:[/bold red]")
        for u in report["unreadable"][:30]:
            console.print(f"  {u['name']}: {u['reason']}", markup=False, highlight=False)
        if len(report["unreadable"]) > 30:
            console.print(f"  … and {len(report['unreadable']) - 30} more (table ingest_log in the database)")
    for name in report["not_arabic"][:10]:
        console.print(f"  not Arabic: {name}", markup=False, highlight=False)
    console.print(f"database: {counts['documents']} documents, {counts['stories']} stories, "
                  f"{counts['copies']} copy links, {counts['cites']} cite links")


def print_stories(console: Console, stories: list[dict[str, Any]]) -> None:
    table = Table(title="Stories", title_justify="left")
    for column in ("id", "documents", "outlets", "from", "to", "title"):
        table.add_column(column, overflow="fold")
    for s in stories:
        table.add_row(str(s["id"]), str(s["size"]), str(s.get("outlets", "")), s["first_day"] or "—",
                      s["last_day"] or "—", s["title"] or "—")
    console.print(table)


def print_search(console: Console, hits: list[dict[str, Any]]) -> None:
    if not hits:
        console.print("no document matches")
        return
    table = Table(title="Documents", title_justify="left", show_lines=True)
    for column in ("id", "story", "outlet", "published", "title", "text"):
        table.add_column(column, overflow="fold")
    for h in hits:
        table.add_row(str(h["document"]), str(h["story_id"] or "—"), h["outlet"] or "—",
                      h["published"] or "—", h["title"] or "—", h["snippet"])
    console.print(table)


def print_story(console: Console, story: dict[str, Any]) -> None:
    console.print(f"[bold]story {story['id']}[/bold]: {story['title'] or '—'} "
                  f"({story['first_day'] or '?'} – {story['last_day'] or '?'}, "
                  f"{len(story['documents'])} documents)")
    docs = Table(title="Documents", title_justify="left")
    for column in ("id", "outlet", "published", "role", "title"):
        docs.add_column(column, overflow="fold")
    for d in _ordered(story["documents"]):
        docs.add_row(str(d["id"]), d["outlet"] or "—", d["published"] or "—", _role(d), d["title"] or "—")
    console.print(docs)
    if not story["figures"]:
        console.print("no figures")
        return
    table = Table(title="Figures (low / best / high as UCDP; best from the primary source when there is one)",
                  title_justify="left", show_lines=True)
    for column in ("#", "what", "values (outlet, attribution)", "low", "best", "high", "status"):
        table.add_column(column, overflow="fold")
    outlets = {d["id"]: d["outlet"] or f"#{d['id']}" for d in story["documents"]}
    for g in story["figures"]:
        lines = []
        for v in g["values"]:
            source = outlets.get(v["document"], f"#{v['document']}")
            notes = [n for n in (v["attributed_to"] and f"according to {v['attributed_to']}",
                                 v["primary"] and "primary source",
                                 v["copy_of"] and f"copy of #{v['copy_of']}") if n]
            lines.append(f"{_value_text(v)} — {source}" + (f" ({'; '.join(notes)})" if notes else ""))
        status = f"[{_STATUS_STYLE[g['status']]}]{g['status']}[/]"
        if g.get("part_of"):
            status += f"\npart of #{g['part_of']}"
        best = f"{_num(g['best'])} ({g['best_from']})" if g["best"] is not None else "— (uncertain)"
        table.add_row(str(g["id"]), _thing(g), "\n".join(lines), _num(g["low"]), best, _num(g["high"]),
                      status)
    console.print(table)
    print_timelines(console, story)


def print_timelines(console: Console, story: dict[str, Any]) -> None:
    """Who said what, and when: each figure told at more than one time, in publication order."""
    outlets = {d["id"]: d["outlet"] or f"#{d['id']}" for d in story["documents"]}
    for g in story["figures"]:
        timeline = g.get("timeline") or []
        if len({p["published"] for p in timeline}) < 2:
            continue
        console.print(f"[bold]#{g['id']} {_thing(g)}[/bold] — {g['status']}", highlight=False)
        for p in timeline:
            marks = [m for m in (p["first"] and "first", p["superseded_by"] and
                                 f"outdated: its source had updated it (claim {p['superseded_by']})") if m]
            told = number(p["value"]) if p.get("qualifier") in ("exact", None) else p["text"]
            console.print(f"  {p['published'] or '?'}  {told}  {p['source']} · "
                          f"{outlets.get(p['document'], '#' + str(p['document']))}"
                          + (f"  ({'; '.join(marks)})" if marks else ""), markup=False, highlight=False)


def _role(d: dict[str, Any]) -> str:
    if d["copy_of"]:
        return f"copy of #{d['copy_of']}"
    if d["primary"]:
        return "primary source"
    return "statement" if d["statement"] else "report"


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
    as Windows-1252 mojibake (Python reads it back with encoding="utf-8-sig")."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


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
    return {"story": story, "originals": originals, "copies": copies, "outlets": outlets,
            "timelines": timelines}


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
