"""Renderers: the same results as JSON, as terminal tables, as HTML, and as CSV."""

from __future__ import annotations

from typing import Any

from riwaya.i18n import _, direction, ngettext
from riwaya.render.labels import label

__all__ = ["FSI", "PDI", "isolate", "label", "number", "problems", "quote_changes"]

# Unicode's isolates (UAX #9): a fragment between FSI and PDI is laid out in its own direction
# (that of its first strong character) and moves as one piece within its line — what HTML's <bdi>
# does, in plain text: an Arabic quotation in an English line, a span «12–30» in an Arabic one.
FSI, PDI = "\u2068", "\u2069"


def isolate(text: object) -> str:
    """``text`` as a fragment isolated from the direction of the line around it."""
    return f"{FSI}{text}{PDI}"


def quote_changes(edits: dict[str, list[dict[str, Any]]]) -> list[str]:
    """A quotation's edits as plain lines: «داعش → الدولة», «dropped: …», «spelling: …». Each
    word is isolated, and the arrow points from the source's word to the report's in the line's
    direction: read first, the source's word comes first in either language."""
    arrow = "←" if direction() == "rtl" else "→"

    def change(x: dict[str, Any]) -> str:
        return f"{isolate(x['source'])} {arrow} {isolate(x['report'])}"

    changes = [change(x) for x in edits.get("substitutions", [])]
    changes += [_("dropped: %(text)s") % {"text": isolate(x["text"])} for x in edits.get("deletions", [])]
    changes += [_("added: %(text)s") % {"text": isolate(x["text"])} for x in edits.get("insertions", [])]
    changes += [_("moved: %(text)s") % {"text": isolate(x["text"])} for x in edits.get("moved", [])]
    changes += [_("spelling: %(change)s") % {"change": change(x)} for x in edits.get("spelling", [])]
    return changes


def number(x: float | int | None) -> str:
    """A figure as people write it: 21100000, 2.5; never 2.11e+07."""
    if x is None:
        return "—"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def problems(result: dict[str, Any]) -> list[str]:
    """What a check found wrong, worst first, one phrase each."""
    summary = result["summary"]
    quotes, figures, dates = summary["quotes"], summary["figures"], summary["dates"]
    swaps = sum(1 for f in result["figures"] if f.get("actor_mismatch"))
    not_found, paraphrases, edited = (quotes.get(k, 0) for k in ("not_found", "paraphrase", "edited"))
    conflicts, date_conflicts = figures.get("conflict", 0), dates.get("conflict", 0)
    terms = summary.get("quoted_terms_not_in_source", 0)
    additions, omissions = summary["additions"], summary["omissions"]
    found = [
        (not_found, ngettext("%(n)d quotation not in the source", "%(n)d quotations not in the source",
                             not_found)),
        (paraphrases, ngettext("%(n)d paraphrase dressed as a quotation",
                               "%(n)d paraphrases dressed as quotations", paraphrases)),
        (edited, ngettext("%(n)d quotation edited", "%(n)d quotations edited", edited)),
        (conflicts, ngettext("%(n)d figure that conflicts with the source",
                             "%(n)d figures that conflict with the source", conflicts)),
        (swaps, ngettext("%(n)d figure given to another party", "%(n)d figures given to another party",
                         swaps)),
        (date_conflicts, ngettext("%(n)d date that conflicts", "%(n)d dates that conflict", date_conflicts)),
        (terms, ngettext("%(n)d quoted term the source never uses",
                         "%(n)d quoted terms the source never uses", terms)),
        # the additions are the report sentences the source does not support: said once
        (additions, ngettext("%(n)d report sentence the source does not support",
                             "%(n)d report sentences the source does not support", additions)),
        (omissions, ngettext("%(n)d thing the report left out", "%(n)d things the report left out",
                             omissions)),
    ]
    out = [message % {"n": n} for n, message in found if n]
    if False in (summary.get("header_dates_consistent") or []):
        out.insert(0, _("the source's Gregorian and Hijri dates disagree"))
    return out
