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
