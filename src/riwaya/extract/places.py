"""Places: the gazetteer (lexicon/places.tsv, from GeoNames and OCHA, with riwaya's regions and
countries) matched in text, each with an id and coordinates.

A name several places share (villages named الصفصافة in three governorates) goes to the place
in the country the rest of the document is about, else to the most important candidate: a
country, a region, a governorate, a populous city, before a district, a village.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from riwaya.compiled import compiled
from riwaya.extract.entities import AliasMatcher
from riwaya.text.normalize import Normalized, normalize_str

_RANK = {"country": 6, "region": 5, "admin1": 4, "admin2": 3, "city": 2, "admin3": 1}


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer (places.tsv)."""

    id: str
    kind: str
    name: str
    lat: float | None
    lon: float | None
    country: str
    parent: str
    population: int

    @property
    def importance(self) -> tuple[int, int]:
        rank = _RANK.get(self.kind, 0)
        if self.kind == "city" and self.population >= 100_000:
            rank = 4
        return rank, self.population


@dataclass(frozen=True)
class Gazetteer:
    """The places by id, and every normalized name with the places it may name."""

    places: dict[str, Place]
    aliases: dict[str, list[str]]  # normalized name -> place ids, most important first


@compiled
def gazetteer() -> Gazetteer:
    places: dict[str, Place] = {}
    names: dict[str, list[str]] = {}
    with resources.files("riwaya.lexicon").joinpath("places.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            places[row["id"]] = Place(row["id"], row["kind"], row["name"],
                                      float(row["lat"]) if row["lat"] else None,
                                      float(row["lon"]) if row["lon"] else None, row["country"],
                                      row["parent"], int(float(row["population"] or 0)))
            names[row["id"]] = [n for n in row["names_ar"].split("|") if n]
    # Administrative units without coordinates take their parent's (approximate).
    for place in list(places.values()):
        parent = places.get(place.parent)
        if place.lat is None and parent is not None and parent.lat is not None:
            places[place.id] = Place(place.id, place.kind, place.name, parent.lat, parent.lon,
                                     place.country, place.parent, place.population)
    aliases: dict[str, list[str]] = {}
    for place_id, place_names in names.items():
        for name in place_names:
            ids = aliases.setdefault(normalize_str(name), [])
            if place_id not in ids:
                ids.append(place_id)
    for ids in aliases.values():
        ids.sort(key=lambda i: places[i].importance, reverse=True)
    return Gazetteer(places, aliases)


@compiled
def matcher() -> AliasMatcher:
    return AliasMatcher((alias, tuple(ids)) for alias, ids in gazetteer().aliases.items())


def find_places(text: str, norm: Normalized) -> list[dict[str, Any]]:
    """Place mentions of a text, resolved by the document's dominant country."""
    places = gazetteer().places
    hits = matcher().find(text, norm)
    # The country the document is about: from the names that have one reading only.
    countries = Counter(places[m.payload[0]].country for _, _, m in hits if len(m.payload) == 1)
    mentions = []
    for start, end, m in hits:
        if "\u064b" in text[start:end]:
            continue  # tanween: «دومًا» is "always", not Douma; place names take none
        candidates = [places[i] for i in m.payload]
        best = candidates[0]
        if len(candidates) > 1 and countries:
            top = countries.most_common(1)[0][0]
            local = [p for p in candidates if p.country == top]
            if local and local[0].importance[0] >= 1:
                best = local[0]
        mentions.append({"kind": "place", "start": start, "end": end, "text": text[start:end],
                         "id": best.id, "name": best.name, "lat": best.lat, "lon": best.lon,
                         "country": best.country, "place_kind": best.kind,
                         "candidates": len(candidates)})
    return mentions
