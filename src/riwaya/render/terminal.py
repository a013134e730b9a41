"""Readable terminal output (rich tables)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


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


def print_extraction(console: Console, name: str, mentions: list[dict[str, Any]],
                     sentence_count: int) -> None:
    quantities = [m for m in mentions if m["kind"] == "quantity"]
    dates = [m for m in mentions if m["kind"] == "date"]
    console.print(f"[bold]{name}[/bold]: {sentence_count} sentences, "
                  f"{len(quantities)} quantities, {len(dates)} dates")
    if quantities:
        console.print(quantity_table(quantities))
    if dates:
        console.print(date_table(dates))
