"""Figures across sources: every value each document of a story gives for the same thing.

Claims are grouped by what they count and what happened (unit, event) and whom they concern
(actor); a claim that names no actor joins the one actor group of its unit and event when
there is exactly one. In each group every value is kept with its provenance (document, outlet,
date, qualifier, attribution, span, whether it comes from the primary source or from a copy),
conflict is flagged when two documents give values that cannot both be true, and the group is
summarized as low / best / high, the convention of conflict datasets such as UCDP: low is the
lowest value reported, high the highest, and best the primary source's value when the story
has one (a statement that is the origin of the figure), else the median of the documents'
values with each original and its copies counted once. ``best_from`` says which was used.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any

from riwaya.check.figures import compatible

# Units that say when or how long, not how many of something: not figures of an event.
NOT_FIGURES = {"year", "month", "week", "day", "hour", "minute"}


def _range(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim row in the shape ``compatible`` reads."""
    return {"low": claim["low"], "high": claim["high"], "value": claim["value"],
            "qualifier": claim["qualifier"]}


def _point(claim: dict[str, Any]) -> float | None:
    if claim["value"] is not None:
        return float(claim["value"])
    lows, highs = claim["low"], claim["high"]
    if lows is not None and highs is not None:
        return (float(lows) + float(highs)) / 2
    return lows if lows is not None else highs


def _toll_unit(unit: str) -> str:
    from riwaya.lexicon import units

    found = units().units.get(unit)
    return found.toll_as if found is not None and found.toll_as else unit


def figure_table(claims: list[dict[str, Any]], documents: dict[int, dict[str, Any]],
                 originals: dict[int, int], primary: set[int]) -> list[dict[str, Any]]:
    """The story's figure groups, most reported first.

    ``claims``: claim rows (store.claims); ``documents``: id → document row; ``originals``:
    document → the original of its copy group (documents in no group are their own);
    ``primary``: the documents that are primary sources (statements the reports cite).

    Grouping, in order: by unit (civilians with persons, see units.yaml toll_as); by event, a
    figure that does not say what happened joining the one event group of its unit, or else
    the one whose values it agrees with; by actor only where one document itself gives this
    figure for two parties (the actor of a claim is the nearest party named, often the
    reporting one, so splitting on it everywhere scatters one figure over several rows).
    """
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        if claim["unit"] and claim["unit"] not in NOT_FIGURES and _point(claim) is not None:
            by_unit[_toll_unit(claim["unit"])].append(claim)
    groups = []
    for unit, rows in by_unit.items():
        by_event: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r["event"]:
                by_event[r["event"]].append(r)
        for r in rows:
            if r["event"]:
                continue
            target = _event_for(r, by_event)
            by_event.setdefault(target, []).append(r)
        for event, members in by_event.items():
            for actor, part in _by_actor(members).items():
                groups.append(_group(unit, event, actor, part, documents, originals, primary))
    groups.sort(key=lambda g: (-len({v["document"] for v in g["values"]}), g["unit"], g["event"] or ""))
    return groups


def _event_for(claim: dict[str, Any], by_event: dict[str | None, list[dict[str, Any]]]) -> str | None:
    """The event group a claim that names no event belongs to: the only one; else the only one
    with its very value; else the only one whose precise values agree with it (a vague
    «عشرات» agrees with too much to tell)."""
    events = [e for e in by_event if e is not None]
    if len(events) == 1:
        return events[0]
    point = _point(claim)
    same = [e for e in events if any(_point(m) == point and m["qualifier"] != "vague" for m in by_event[e])]
    if len(same) == 1:
        return same[0]
    fits = [e for e in events if any(m["qualifier"] != "vague" and compatible(_range(claim), _range(m))
                                     for m in by_event[e])]
    return fits[0] if len(fits) == 1 else None


def _by_actor(rows: list[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    per_document: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        if r["actor"]:
            per_document[r["document_id"]].add(r["actor"])
    parties = set().union(*(a for a in per_document.values() if len(a) > 1)) if per_document else set()
    if not parties:
        common = Counter(r["actor"] for r in rows if r["actor"]).most_common(1)
        return {common[0][0] if common else None: rows}
    split: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        split[r["actor"] if r["actor"] in parties else None].append(r)
    return split


def _group(unit: str, event: str | None, actor: str | None, rows: list[dict[str, Any]],
           documents: dict[int, dict[str, Any]], originals: dict[int, int], primary: set[int]
           ) -> dict[str, Any]:
    values = []
    for r in rows:
        doc = documents.get(r["document_id"], {})
        original = originals.get(r["document_id"], r["document_id"])
        values.append({
            "claim": r["id"], "document": r["document_id"], "outlet": doc.get("outlet"),
            "published": doc.get("published"),
            "value": r["value"], "low": r["low"], "high": r["high"], "qualifier": r["qualifier"],
            "attributed_to": r["attributed_to"], "hedge": r["hedge"], "actor_text": r["actor_text"],
            "start": r["start"], "end": r["end"], "text": r["text"],
            "primary": r["document_id"] in primary,
            "copy_of": original if original != r["document_id"] else None,
        })
    values.sort(key=lambda v: (not v["primary"], v["published"] or "", v["document"]))
    conflict = any(not compatible(_range(a), _range(b))
                   for i, a in enumerate(rows) for b in rows[i + 1:]
                   if originals.get(a["document_id"], a["document_id"])
                   != originals.get(b["document_id"], b["document_id"]))
    lows = [float(r["low"]) for r in rows if r["low"] is not None]
    highs = [float(r["high"]) for r in rows if r["high"] is not None]
    from_primary = [_point(r) for r in rows if r["document_id"] in primary]
    if from_primary:
        best, best_from = statistics.median(from_primary), "primary"
    else:
        per_group: dict[int, list[float]] = defaultdict(list)
        for r in rows:
            per_group[originals.get(r["document_id"], r["document_id"])].append(_point(r))  # type: ignore[arg-type]
        best, best_from = statistics.median(statistics.median(v) for v in per_group.values()), "median"
    return {"unit": unit, "event": event, "actor": actor,
            "actor_text": next((r["actor_text"] for r in rows if r["actor"] == actor and r["actor_text"]),
                               None),
            "values": values, "conflict": conflict,
            "low": min(lows) if lows else None, "best": _number(best), "high": max(highs) if highs else None,
            "best_from": best_from}


def _number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 2)
