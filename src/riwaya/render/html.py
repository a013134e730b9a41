"""`riwaya check --format html`: one self-contained page, report and source side by side.

Right-to-left, no external resources (it works offline and from a file). Sentences are coloured
by verdict; clicking or hovering a report sentence highlights the source sentences it is aligned
to, and the reverse. Quotations, figures and omissions are marked inline. Everything taken from
the documents is escaped: a «<script>» in a report stays text.

This module gives the templates their data (check.html, check_parts.html, marks.html in
render/templates); the web app shows the same parts in its own layout.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from typing import Any

from markupsafe import Markup

from riwaya.i18n import _
from riwaya.render import problems, quote_changes
from riwaya.render.labels import label
from riwaya.render.page import render

Mark = tuple[int, int, str, dict[str, str]]  # start, end, class, data (a "title" key: a tooltip)


def marked_pieces(text: str, marks: list[Mark]) -> list[dict[str, Any]]:
    """``text`` cut at every mark boundary; each piece carries the classes and data of every mark
    over it (so overlapping marks need no nesting), for the template marks.html."""
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        classes: list[str] = []
        data: dict[str, str] = {}
        titles: list[str] = []
        for s, e, cls, attrs in marks:
            if s <= a and b <= e:
                classes.append(cls)
                for key, value in attrs.items():
                    if key == "title":
                        titles.append(value)
                    else:
                        data[key] = value
        pieces.append({"text": text[a:b], "classes": " ".join(classes), "data": list(data.items()),
                       "title": " · ".join(titles)})
    return pieces


def copy_sides(copy_text: str, original_text: str, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A copy and its original, side by side: the reused passages marked on both, and each
    change where it is (what the copy added on its side, what it cut on the original's)."""
    sides: dict[str, list[Mark]] = {"copy": [], "original": []}
    for p in data.get("passages") or []:
        for side in sides:
            if p.get(side):
                sides[side].append((p[side][0], p[side][1], "reused", {}))
    for c in data.get("changes") or []:
        for side in sides:
            if c.get(side):
                sides[side].append((c[side][0], c[side][1], f"change {c['kind']}",
                                    {"title": label(c["kind"], "change")}))
    return {"copy_pieces": marked_pieces(copy_text, sides["copy"]),
            "original_pieces": marked_pieces(original_text, sides["original"])}


def check_view(result: dict[str, Any]) -> dict[str, Any]:
    """What a check page shows: the report and sources cut at their marks, the findings, the
    summary and the sentence links, for the standalone page and the web app to lay out."""
    links, source_verdict = _links(result["alignments"])
    sources = []
    for k, doc in enumerate(result["sources"]):
        sources.append({"name": doc["name"], "header": doc["header"],
                        "pieces": marked_pieces(doc["text"], _source_marks(result, k, source_verdict))})
    report = result["report"]
    # JSON for a <script type="application/json">: «</» written so that no text closes the element
    links_json = Markup(json.dumps(links, ensure_ascii=False).replace("</", "<\\/"))
    report_pieces = marked_pieces(report["text"], _report_marks(result))
    return {"report": {"name": report["name"], "pieces": report_pieces},
            "sources": sources, "summary": result["summary"], "problems": problems(result),
            "findings": _findings(result),
            "links_json": links_json}


def render_check(result: dict[str, Any], title: str = "riwaya check") -> str:
    """The whole page, self-contained."""
    return render("check.html", title=title, view=check_view(result)) + "\n"


def _links(alignments: list[dict[str, Any]]) -> tuple[dict[str, list[str]], dict[tuple[int, int], str]]:
    """Each sentence's id → the ids of the sentences aligned to it, and each source sentence's
    best verdict among the report sentences aligned to it."""
    links: dict[str, list[str]] = defaultdict(list)
    source_verdict: dict[tuple[int, int], str] = {}
    rank = {"supported": 2, "partial": 1}
    for a in alignments:
        if a["source"] is None or a["verdict"] == "unsupported":
            continue
        for j in a["source_sentences"]:
            links[f"r{a['sentence']}"].append(f"s{a['source']}-{j}")
            links[f"s{a['source']}-{j}"].append(f"r{a['sentence']}")
            old = source_verdict.get((a["source"], j))
            if old is None or rank[a["verdict"]] > rank[old]:
                source_verdict[(a["source"], j)] = a["verdict"]
    return links, source_verdict


def _report_marks(result: dict[str, Any]) -> list[Mark]:
    """The report's sentences by verdict, its quotations and its figures."""
    verdicts = {a["sentence"]: a for a in result["alignments"]}
    marks: list[Mark] = []
    for i, s in enumerate(result["report"]["sentences"]):
        a = verdicts.get(i)
        verdict = a["verdict"] if a else "unsupported"
        shown = label(verdict, "alignment") + (f" ({a['score']:.2f})" if a else "")
        marks.append((s["start"], s["end"], f"s {verdict}", {"s": f"r{i}", "title": shown}))
    for q in result["quotes"]:
        # The word changes ride on the quotation itself, so they show where it is read.
        title = _("quotation: %(verdict)s") % {"verdict": label(q["verdict"], "quote")}
        changes = _("; ").join(quote_changes(q["edits"]))
        marks.append((q["start"], q["end"], f"q {q['verdict']}",
                      {"title": f"{title} — {changes}" if changes else title}))
    for f in result["figures"]:
        m = f["report"]
        title = _("figure: %(verdict)s") % {"verdict": label(f["verdict"], "figure")}
        if f["source"]:
            title += " — " + _("source: %(text)s") % {"text": f["source"]["text"]}
        marks.append((m["start"], m["end"], f"f {f['verdict']}", {"title": title}))
    return marks


def _source_marks(result: dict[str, Any], k: int, source_verdict: dict[tuple[int, int], str]) -> list[Mark]:
    """Source ``k``'s sentences (its header lines apart) by the best verdict of the report
    sentences aligned to them, and what the report leaves out of it."""
    doc = result["sources"][k]
    header_lines = {(h["start"], h["end"]) for h in doc["header"]["lines"]}
    marks: list[Mark] = []
    for j, s in enumerate(doc["sentences"]):
        if any(hs <= s["start"] and s["end"] <= he for hs, he in header_lines):
            cls = "s header"
        else:
            cls = f"s {source_verdict.get((k, j), '')}".strip()
        marks.append((s["start"], s["end"], cls, {"s": f"s{k}-{j}"}))
    for o in result["omissions"]:
        if o["source"] == k:
            marks.append((o["start"], o["end"], "o", {"title": _("left out by the report: %(kind)s")
                                                     % {"kind": label(o["kind"], "mention")}}))
    # what the report cut from inside a quotation, where the source says it
    for q in result["quotes"]:
        if q["source"] == k:
            for cut in q["edits"].get("deletions", []):
                marks.append((cut["start"], cut["end"], "dropped",
                              {"title": _("dropped from the quotation: %(quotation)s")
                               % {"quotation": _short(q["text"])}}))
    return marks


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _findings(result: dict[str, Any]) -> dict[str, Any]:
    """The findings' tables: words put in quotation marks the source never uses, quotations with
    their changes, figures and dates, omissions, additions."""
    sources = result["sources"]
    terms = [q for q in result["quotes"] if q.get("scare_quote") and q["verdict"] == "not_found"]
    quotes = []
    for i, q in enumerate(result["quotes"]):
        if q in terms:
            continue
        edits = q["edits"]
        changes = [("changed", x["source"], x["report"])
                   for x in edits.get("substitutions", []) + edits.get("spelling", [])]
        changes += [("dropped", x["text"], "") for x in edits.get("deletions", [])]
        changes += [("added", "", x["text"]) for x in edits.get("insertions", [])]
        changes += [("moved", x["text"], "") for x in edits.get("moved", [])]
        source = ""
        if q["source"] is not None and q["source_start"] is not None:
            source = sources[q["source"]]["text"][q["source_start"]:q["source_end"]]
        quotes.append({"verdict": q["verdict"], "speaker": (q["speaker"] or {}).get("text", ""),
                       "text": q["text"], "source": source, "changes": changes, "finding": f"quotes/{i}"})
    # each finding named as in the check's JSON («figures/2»), for the web's reviews of it
    return {"terms": [q["text"] for q in terms], "quotes": quotes,
            "figures": _named(result, "figures") + _named(result, "dates"),
            "omissions": _named(result, "omissions"), "additions": _named(result, "additions")}


def _named(result: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [{**x, "finding": f"{kind}/{i}"} for i, x in enumerate(result[kind])]
