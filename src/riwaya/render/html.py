"""`riwaya check --format html`: one self-contained page, report and source side by side.

Right-to-left, no external resources (it works offline and from a file). Sentences are coloured
by verdict; clicking or hovering a report sentence highlights the source sentences it is aligned
to, and the reverse. Quotations, figures and omissions are marked inline. Everything taken from
the documents is escaped: a «<script>» in a report stays text.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from typing import Any

from riwaya.render import quote_changes
from riwaya.render.safe import escape

_CSS = """
:root { --ok: #d8f3dc; --part: #fff3bf; --bad: #ffd6d6; --ink: #1d1d1f; --muted: #6b6b70; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Arial", sans-serif;
       color: var(--ink); background: #fafafa; line-height: 1.9; }
header { padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.3rem; margin: 0 0 .4rem; }
.summary, .meta { color: var(--muted); font-size: .95rem; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; padding: 1rem 1.5rem; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
section.doc { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 1rem 1.2rem; }
section.doc h2 { font-size: 1.05rem; margin: 0 0 .6rem; color: var(--muted); }
.text { white-space: pre-wrap; font-size: 1.1rem; }
.s { cursor: pointer; border-radius: 3px; }
.s.supported { background: var(--ok); } .s.partial { background: var(--part); }
.s.unsupported { background: var(--bad); } .s.header { color: var(--muted); }
.s.lit { outline: 2px solid #1c7ed6; background: #d0ebff; }
.q { border-bottom: 2px dashed #7048e8; } .q.verbatim, .q.normalized { border-bottom-color: #2b8a3e; }
.q.edited { border-bottom-color: #e67700; } .q.not_found { border-bottom-color: #c92a2a; }
.f { font-weight: bold; padding: 0 2px; border-radius: 3px; }
.f.consistent { color: #2b8a3e; } .f.conflict { color: #fff; background: #c92a2a; }
.f.unmatched { color: #495057; text-decoration: underline dotted; }
.o { background: #ffe066; }
.findings { grid-column: 1 / -1; background: #fff; border: 1px solid #ddd; border-radius: 8px;
            padding: 1rem 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
td, th { border-bottom: 1px solid #eee; padding: .35rem .5rem; text-align: right; vertical-align: top; }
.tag { font-family: monospace; font-size: .85rem; padding: 0 .3rem; border-radius: 3px; background: #eee; }
.tag.supported, .tag.consistent, .tag.verbatim, .tag.normalized { background: var(--ok); }
.tag.partial, .tag.edited, .tag.paraphrase { background: var(--part); }
.tag.unsupported, .tag.conflict, .tag.not_found { background: var(--bad); }
del { color: #c92a2a; } ins { color: #2b8a3e; text-decoration: none; }
"""

_JS = """
const links = JSON.parse(document.getElementById('links').textContent);
function light(ids, on) { ids.forEach(id => document.querySelectorAll('[data-s="' + id + '"]')
  .forEach(el => el.classList.toggle('lit', on))); }
let pinned = null;
document.querySelectorAll('.s').forEach(el => {
  const id = el.dataset.s, group = [id].concat(links[id] || []);
  el.addEventListener('mouseenter', () => { if (!pinned) light(group, true); });
  el.addEventListener('mouseleave', () => { if (!pinned) light(group, false); });
  el.addEventListener('click', () => {
    document.querySelectorAll('.lit').forEach(x => x.classList.remove('lit'));
    pinned = pinned === id ? null : id;
    if (pinned) { light(group, true);
      const other = document.querySelector('[data-s="' + (links[id] || [])[0] + '"]');
      if (other) other.scrollIntoView({block: 'nearest', behavior: 'smooth'}); }
  });
});
"""


def _marked_text(text: str, marks: list[tuple[int, int, str, dict[str, str]]]) -> str:
    """``text`` cut at every mark boundary; each piece is a span carrying the classes and data
    of every mark over it (so overlapping marks need no nesting)."""
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out = []
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
        piece = escape(text[a:b])
        if not classes:
            out.append(piece)
            continue
        attributes = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
        if titles:
            attributes += f' title="{escape(" · ".join(titles))}"'
        out.append(f'<span class="{escape(" ".join(classes))}"{attributes}>{piece}</span>')
    return "".join(out)


CHANGE_LABELS = {
    "added_lead": "lead added", "added": "added", "cut": "cut", "words_changed": "words changed",
    "figures_changed": "figures changed", "attribution_dropped": "attribution dropped",
}


def copy_sides(copy_text: str, original_text: str, data: dict[str, Any]) -> dict[str, str]:
    """A copy and its original as HTML, side by side: the reused passages marked on both, and
    each change where it is (what the copy added on its side, what it cut on the original's)."""
    sides: dict[str, list[tuple[int, int, str, dict[str, str]]]] = {"copy": [], "original": []}
    for p in data.get("passages") or []:
        for side in sides:
            if p.get(side):
                sides[side].append((p[side][0], p[side][1], "reused", {}))
    for c in data.get("changes") or []:
        for side in sides:
            if c.get(side):
                label = CHANGE_LABELS.get(c["kind"], c["kind"])
                sides[side].append((c[side][0], c[side][1], f"change {c['kind']}", {"title": label}))
    return {"copy_html": _marked_text(copy_text, sides["copy"]),
            "original_html": _marked_text(original_text, sides["original"])}


def check_parts(result: dict[str, Any]) -> dict[str, str]:
    """The pieces of a check page (style, summary line, report and sources with findings,
    script and its data), for the standalone page and the web app to lay out."""
    report = result["report"]
    sources = result["sources"]
    links: dict[str, list[str]] = defaultdict(list)
    verdicts = {a["sentence"]: a for a in result["alignments"]}
    source_verdict: dict[tuple[int, int], str] = {}
    for a in result["alignments"]:
        if a["source"] is None or a["verdict"] == "unsupported":
            continue
        for j in a["source_sentences"]:
            links[f"r{a['sentence']}"].append(f"s{a['source']}-{j}")
            links[f"s{a['source']}-{j}"].append(f"r{a['sentence']}")
            rank = {"supported": 2, "partial": 1}
            old = source_verdict.get((a["source"], j))
            if old is None or rank[a["verdict"]] > rank[old]:
                source_verdict[(a["source"], j)] = a["verdict"]

    report_marks: list[tuple[int, int, str, dict[str, str]]] = []
    for i, s in enumerate(report["sentences"]):
        a = verdicts.get(i)
        verdict = a["verdict"] if a else "unsupported"
        report_marks.append((s["start"], s["end"], f"s {verdict}",
                             {"s": f"r{i}", "title": f"{verdict} ({a['score']:.2f})" if a else verdict}))
    for q in result["quotes"]:
        # The word changes ride on the quotation itself, so they show where it is read.
        changes = "; ".join(quote_changes(q["edits"]))
        report_marks.append((q["start"], q["end"], f"q {q['verdict']}",
                             {"title": f"quotation: {q['verdict']}" + (f" — {changes}" if changes else "")}))
    for f in result["figures"]:
        m = f["report"]
        source = f" — source: {f['source']['text']}" if f["source"] else ""
        report_marks.append((m["start"], m["end"], f"f {f['verdict']}",
                             {"title": f"figure: {f['verdict']}{source}"}))

    source_sections = []
    for k, doc in enumerate(sources):
        header_lines = {(h["start"], h["end"]) for h in doc["header"]["lines"]}
        marks: list[tuple[int, int, str, dict[str, str]]] = []
        for j, s in enumerate(doc["sentences"]):
            if any(hs <= s["start"] and s["end"] <= he for hs, he in header_lines):
                cls = "s header"
            else:
                cls = f"s {source_verdict.get((k, j), '')}".strip()
            marks.append((s["start"], s["end"], cls, {"s": f"s{k}-{j}"}))
        for o in result["omissions"]:
            if o["source"] == k:
                marks.append((o["start"], o["end"], "o", {"title": f"left out by the report: {o['kind']}"}))
        source_sections.append(
            f'<section class="doc"><h2><bdi>{escape(doc["name"])}</bdi> — {_header_line(doc["header"])}</h2>'
            f'<div class="text">{_marked_text(doc["text"], marks)}</div></section>')

    summary = result["summary"]
    parts = [f"{n} {escape(k)}" for k, n in summary["alignments"].items()]
    summary_line = (f"{summary['sentences']} report sentences: {', '.join(parts)} · "
                    f"quotations: {_counts(summary['quotes'])} · figures: {_counts(summary['figures'])} · "
                    f"{summary['omissions']} omissions · {summary['additions']} additions")
    links_json = json.dumps(links, ensure_ascii=False).replace("</", "<\\/")
    return {"css": _CSS, "summary": summary_line, "script": _JS, "links_json": links_json,
            "main": f"""<section class="doc" id="report"><h2><bdi>{escape(report["name"])}</bdi> — report</h2>
<div class="text">{_marked_text(report["text"], report_marks)}</div></section>
{"".join(source_sections)}
{_findings(result)}"""}


def render_check(result: dict[str, Any], title: str = "riwaya check") -> str:
    """The whole page, self-contained."""
    parts = check_parts(result)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{parts["css"]}</style></head>
<body>
<header><h1><bdi>{escape(title)}</bdi></h1><div class="summary">{parts["summary"]}</div></header>
<main>
{parts["main"]}
</main>
<script type="application/json" id="links">{parts["links_json"]}</script>
<script>{parts["script"]}</script>
</body></html>
"""


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {escape(k)}" for k, n in counts.items()) or "none"


def _header_line(header: dict[str, Any]) -> str:
    parts = []
    if header["issuer"]:
        parts.append(escape(header["issuer"]))
    if header["reference"]:
        parts.append(escape(header["reference"]))
    if header["dates"]:
        dates = " = ".join(escape(d["text"]) for d in header["dates"])
        flag = {True: " ✓", False: " ✗ (the calendars disagree)", None: ""}[header["consistent"]]
        parts.append(dates + flag)
    return " · ".join(parts) or "source"


def _tag(verdict: str) -> str:
    return f'<span class="tag {escape(verdict)}">{escape(verdict)}</span>'


def _swap(figure: dict[str, Any]) -> str:
    swap = figure.get("actor_mismatch")
    if not swap:
        return ""
    return (f'<br><span class="tag conflict">the source gives it to {escape(swap["source"]["text"])}, '
            f'not {escape(swap["report"]["text"])}</span>')


def _findings(result: dict[str, Any]) -> str:
    sources = result["sources"]
    rows = []
    terms = [q for q in result["quotes"] if q.get("scare_quote") and q["verdict"] == "not_found"]
    for q in result["quotes"]:
        if q in terms:
            continue
        edits = q["edits"]
        changes = [f"<del>{escape(x['source'])}</del> → <ins>{escape(x['report'])}</ins>"
                   for x in edits.get("substitutions", []) + edits.get("spelling", [])]
        changes += [f"<del>{escape(x['text'])}</del>" for x in edits.get("deletions", [])]
        changes += [f"<ins>{escape(x['text'])}</ins>" for x in edits.get("insertions", [])]
        changes += [f"moved: {escape(x['text'])}" for x in edits.get("moved", [])]
        source = ""
        if q["source"] is not None and q["source_start"] is not None:
            source = escape(sources[q["source"]]["text"][q["source_start"]:q["source_end"]])
        speaker = escape((q["speaker"] or {}).get("text", ""))
        rows.append(f"<tr><td>{_tag(q['verdict'])}</td><td>{speaker}</td><td>{escape(q['text'])}</td>"
                    f"<td>{source}</td><td>{'<br>'.join(changes)}</td></tr>")
    quotes = ("<h2>Quotations</h2><table><tr><th>verdict</th><th>speaker</th><th>report</th>"
              f"<th>source</th><th>changes</th></tr>{''.join(rows)}</table>") if rows else ""
    term_rows = "".join(f"<tr><td>{escape(q['text'])}</td></tr>" for q in terms)
    quotes = (f"<h2>Words the report puts in quotation marks that the source never uses</h2>"
              f"<table>{term_rows}</table>" if term_rows else "") + quotes
    figure_rows = "".join(
        f"<tr><td>{_tag(f['verdict'])}</td><td>{escape(f['report']['text'])}</td>"
        f"<td>{escape(f['source']['text']) if f['source'] else '—'}{_swap(f)}</td></tr>"
        for f in result["figures"] + result["dates"])
    figures = (f"<h2>Figures and dates</h2><table><tr><th>verdict</th><th>report</th><th>source</th></tr>"
               f"{figure_rows}</table>") if figure_rows else ""
    omission_rows = "".join(f"<tr><td>{escape(o['kind'])}</td><td>{escape(o['text'])}</td></tr>"
                            for o in result["omissions"])
    omissions = (f"<h2>Left out by the report</h2><table>{omission_rows}</table>") if omission_rows else ""
    addition_rows = "".join(f"<tr><td>{escape(a['text'])}</td></tr>" for a in result["additions"])
    additions = (f"<h2>Added by the report</h2><table>{addition_rows}</table>") if addition_rows else ""
    return f'<section class="findings">{quotes}{figures}{omissions}{additions}</section>'
