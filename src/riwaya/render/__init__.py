"""Renderers: the same results as JSON, as terminal tables, as HTML, and as CSV."""

from __future__ import annotations

from typing import Any


def quote_changes(edits: dict[str, list[dict[str, Any]]]) -> list[str]:
    """A quotation's edits as plain lines: «داعش → الدولة», «dropped: …», «spelling: …»."""
    changes = [f"{x['source']} → {x['report']}" for x in edits.get("substitutions", [])]
    changes += [f"dropped: {x['text']}" for x in edits.get("deletions", [])]
    changes += [f"added: {x['text']}" for x in edits.get("insertions", [])]
    changes += [f"moved: {x['text']}" for x in edits.get("moved", [])]
    changes += [f"spelling: {x['source']} → {x['report']}" for x in edits.get("spelling", [])]
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
    found = [
        (quotes.get("not_found", 0), "quotation not in the source", "quotations not in the source"),
        (quotes.get("paraphrase", 0), "paraphrase dressed as a quotation",
         "paraphrases dressed as quotations"),
        (quotes.get("edited", 0), "quotation edited", "quotations edited"),
        (figures.get("conflict", 0), "figure that conflicts with the source",
         "figures that conflict with the source"),
        (swaps, "figure given to another party", "figures given to another party"),
        (dates.get("conflict", 0), "date that conflicts", "dates that conflict"),
        (summary.get("quoted_terms_not_in_source", 0), "quoted term the source never uses",
         "quoted terms the source never uses"),
        # the additions are the report sentences the source does not support: said once
        (summary["additions"], "report sentence the source does not support",
         "report sentences the source does not support"),
        (summary["omissions"], "thing the report left out", "things the report left out"),
    ]
    out = [f"{n} {one if n == 1 else many}" for n, one, many in found if n]
    if False in (summary.get("header_dates_consistent") or []):
        out.insert(0, "the source's Gregorian and Hijri dates disagree")
    return out
