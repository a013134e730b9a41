"""A figure group's timeline as a small SVG drawn on the server (no script, no CDN): each
value at its publication time, one colour per source, the first outlet to carry a value as a
filled dot, a repeat of a value its source had already updated as a hollow dot.
Every word in it comes from the documents and is escaped."""

from __future__ import annotations

from typing import Any

from riwaya.render.safe import escape

_COLOURS = ("#1864ab", "#c92a2a", "#2b8a3e", "#e67700", "#5f3dc4", "#0b7285", "#862e9c", "#495057")
WIDTH, HEIGHT, PAD = 320, 120, 18


def number(x: float | int | None) -> str:
    """A figure as people write it: 21100000, 2.5; never 2.11e+07."""
    if x is None:
        return "—"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def timeline_svg(group: dict[str, Any]) -> str:
    points = [p for p in group.get("timeline") or [] if p.get("value") is not None]
    times = sorted({p["published"] or "" for p in points})
    if len(points) < 2 or len(times) < 2:
        return ""
    values = [float(p["value"]) for p in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    sources = list(dict.fromkeys(p["source"] or "?" for p in points))

    def x(p: dict[str, Any]) -> float:
        return PAD + (WIDTH - 2 * PAD) * times.index(p["published"] or "") / (len(times) - 1)

    def y(p: dict[str, Any]) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (float(p["value"]) - low) / span

    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" direction="ltr">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#ccd"/>',
        f'<text x="2" y="{PAD - 4}" font-size="10">{number(high)}</text>',
        f'<text x="2" y="{HEIGHT - 4}" font-size="10">{number(low)}</text>',
    ]
    for k, source in enumerate(sources):
        colour = _COLOURS[k % len(_COLOURS)]
        mine = sorted(
            (p for p in points if (p["source"] or "?") == source), key=lambda p: p["published"] or ""
        )
        if len(mine) > 1:
            path = " ".join(f"{x(p):.1f},{y(p):.1f}" for p in mine)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for p in mine:
            fill = colour if p["first"] else "#fff"
            cls = "superseded" if p.get("superseded_by") else ("first" if p["first"] else "repeat")
            note = (
                " — outdated: its source had updated it"
                if p.get("superseded_by")
                else (" — first to carry it" if p["first"] else "")
            )
            parts.append(
                f'<circle class="{cls}" cx="{x(p):.1f}" cy="{y(p):.1f}" r="4" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.5"><title>{escape(number(p["value"]))} — '
                f"{escape(source)} — {escape(p['published'] or '?')}{note}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)
