"""A figure group's timeline as a small SVG drawn on the server (no script, no CDN): each
value at its publication time, one colour per source, the first outlet to carry a value as a
filled dot, a repeat of a value its source had already updated as a hollow dot.
The geometry is computed here, the markup is the template timeline.html (every word in it
comes from the documents and is escaped)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from riwaya.i18n import _
from riwaya.render import number
from riwaya.render.page import render

__all__ = ["number", "timeline_points", "timeline_svg"]

_COLOURS = ("#1864ab", "#c92a2a", "#2b8a3e", "#e67700", "#5f3dc4", "#0b7285", "#862e9c", "#495057")
WIDTH, HEIGHT, PAD = 320, 120, 18


def timeline_points(group: dict[str, Any]) -> dict[str, Any] | None:
    """What the timeline of ``group`` draws: its scale, and per source a colour, the line through
    its values (when it told more than one) and a dot per value; None with fewer than two values
    at two times."""
    points = [p for p in group.get("timeline") or [] if p.get("value") is not None]
    times = sorted({p["published"] or "" for p in points})
    if len(points) < 2 or len(times) < 2:
        return None
    values = [float(p["value"]) for p in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def x(p: dict[str, Any]) -> float:
        return PAD + (WIDTH - 2 * PAD) * times.index(p["published"] or "") / (len(times) - 1)

    def y(p: dict[str, Any]) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (float(p["value"]) - low) / span

    sources = []
    for k, source in enumerate(dict.fromkeys(p["source"] or "?" for p in points)):
        mine = sorted((p for p in points if (p["source"] or "?") == source),
                      key=lambda p: p["published"] or "")
        dots = [{"class": _dot_class(p), "x": f"{x(p):.1f}", "y": f"{y(p):.1f}", "filled": bool(p["first"]),
                 "value": number(p["value"]), "published": p["published"] or "?", "note": _dot_note(p)}
                for p in mine]
        line = " ".join(f"{d['x']},{d['y']}" for d in dots) if len(mine) > 1 else None
        sources.append({"name": source, "colour": _COLOURS[k % len(_COLOURS)], "line": line, "dots": dots})
    return {"width": WIDTH, "height": HEIGHT, "pad": PAD, "high": number(high), "low": number(low),
            "sources": sources}


def _dot_class(p: dict[str, Any]) -> str:
    return "superseded" if p.get("superseded_by") else ("first" if p["first"] else "repeat")


def _dot_note(p: dict[str, Any]) -> str:
    if p.get("superseded_by"):
        return " — " + _("outdated: its source had updated it")
    return " — " + _("first to carry it") if p["first"] else ""


def timeline_svg(group: dict[str, Any]) -> Markup:
    """The timeline of ``group`` as SVG markup ("" when there is nothing to draw)."""
    drawn = timeline_points(group)
    return Markup(render("timeline.html", t=drawn).strip()) if drawn else Markup("")
