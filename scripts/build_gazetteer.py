"""Build src/riwaya/lexicon/places.tsv from ../shared/data (run by hand; the result ships).

Sources and licences (attribution in src/riwaya/lexicon/PLACES-ATTRIBUTION.txt):
* GeoNames cities500 for Syria and its neighbours, CC BY 4.0 (geonames.org): names in Arabic,
  coordinates, population.
* OCHA Common Operational Datasets, Syria admin 1–3, Iraq admin 1–3, Lebanon admin 1–2,
  CC BY-IGO 3.0 (UN OCHA): the administrative units news names (governorates, districts,
  sub-districts) with their P-codes; coordinates joined from GeoNames by Arabic name.

Names that are also common Arabic words («الثورة», the old name of al-Tabqa, is «the
revolution»; «أمان» is «safety») would make every sentence about a revolution a place mention.
Such names are dropped: a name is common when it appears in more than 0.05 % of SaudiNewsNet
articles (Saudi outlets, 2015, rarely name Syrian villages, so a frequent word there is a word),
and names of three letters or fewer collide with words and clitics («وان», «لد»). Places that
are frequent because they are newsworthy are kept by name (NEWSWORTHY, reviewed by hand).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from riwaya.text.normalize import normalize_str  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "riwaya" / "lexicon" / "places.tsv"
ARABIC = re.compile(r"[\u0600-\u06ff]")
FOCUS = {"SY", "IQ"}  # every named place; neighbours' towns only from 50,000 people
COMMON_SHARE = 0.0005  # a name in more than this share of news articles (31 of 31,030) is a common word
# Frequent in news because they are newsworthy places, not because they are common words: kept.
# (Reviewed by hand from the names the frequency rule flags; the rest — الثورة, قنوات, الباب,
# الحرية, عنه, صور, الجسر … — are words first.)
NEWSWORTHY = {normalize_str(n) for n in (
    "إدلب", "ادلب", "إعزاز", "أعزاز", "اعزاز", "الإسكندرية", "الاسكندرية", "الانبار", "الأنبار",
    "البقاع", "الخليل", "الدوحة", "الرمادي", "الرمادى", "الرياض", "الزبداني", "الطبقة", "الفلوجة",
    "القصير", "الميادين", "ميادين", "تدمر", "درعا", "دوما", "رام الله", "طرابلس", "نابلس", "صلاح الدين",
    "عين العرب", "كابول", "سلمية", "السلمية", "سوسة", "الفيصلية", "الخالدية", "العزيزية",
    "الهاشمية", "القادسية", "المنية", "الغازية", "ربيعة", "خالص", "القائم", "حمص", "غزة", "عدن",
    "تعز", "جدة", "حلب", "دمشق", "بغداد", "الموصل", "الرقة", "حماة", "القدس", "بيروت", "عمان",
    "القاهرة", "أنقرة", "اسطنبول", "إسطنبول", "دير الزور", "الحسكة", "القامشلي", "اللاذقية",
    "طرطوس", "السويداء", "القنيطرة", "منبج", "عفرين", "جرابلس", "البوكمال", "كركوك",
    "أربيل", "اربيل", "البصرة", "النجف", "كربلاء", "تكريت", "سامراء", "بعقوبة", "الحلة", "صيدا",
    # (not «الفاو»: in SaudiNewsNet it is a front of Marib in Yemen more than Iraq's town)
    "ديالى", "ريف دمشق", "نينوى", "ميسان", "سنجار", "الناصرية",
    "حيفا", "يافا", "أريحا", "جنين", "رفح", "خان يونس", "غازي عنتاب", "أورفا", "هاتاي", "كيليس",
    "إربد", "المفرق", "الزرقاء", "العقبة",
)}


def arabic_names(names: list[str]) -> list[str]:
    out = []
    for name in names:
        name = re.sub(r"[\u200e\u200f.]", "", name).strip()
        if ARABIC.search(name) and not re.search(r"[A-Za-z]", name) and 2 <= len(name) <= 40:
            out.append(name)
    return out


def geonames() -> list[dict]:
    rows = []
    with (DATA / "geonames-syria-cities" / "cities500_SY_and_neighbours.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            names = arabic_names(d["alternatenames"])
            if not names:
                continue
            if d["countrycode"] not in FOCUS and d["population"] < 50_000:
                continue  # small towns abroad: rarely news here, and their Arabic names are words
            rows.append({"id": f"geonames:{d['geonameid']}", "kind": "city", "name": d["name"],
                         "names": names, "lat": d["latitude"], "lon": d["longitude"],
                         "country": d["countrycode"], "parent": "", "population": d["population"],
                         "source": "GeoNames"})
    return rows


def _strip_center(name: str) -> str:
    return re.sub(r"^مركز\s*", "", name).strip()


def ocha(by_name: dict[tuple[str, str], dict]) -> list[dict]:
    rows: dict[str, dict] = {}
    files = [("SYR_admin3_pcodes.csv", 3, "SY"), ("IRQ_pcodes.csv", 3, "IQ"), ("LBN_pcodes.csv", 2, "LB")]
    for filename, deepest, country in files:
        with (DATA / "ocha-syria-pcodes" / filename).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for level in range(1, deepest + 1):
                    pcode = row.get(f"admin{level}Pcode")
                    if not pcode or pcode in rows:
                        continue
                    names = [_strip_center(row.get(f"admin{level}Name_ar") or "")]
                    for alt in ("AltName1_ar", "AltName2_ar"):
                        value = row.get(f"admin{level}{alt}")
                        if value and value != "NA":
                            names.append(_strip_center(value))
                    names = arabic_names([n for n in names if n])
                    if not names:
                        continue
                    match = None
                    for n in names:
                        match = by_name.get((country, normalize_str(n))) or match
                    parent = row.get(f"admin{level - 1}Pcode", "") if level > 1 else ""
                    rows[pcode] = {"id": f"pcode:{pcode}", "kind": f"admin{level}",
                                   "name": row.get(f"admin{level}Name_en", ""), "names": names,
                                   "lat": match["lat"] if match else "", "lon": match["lon"] if match else "",
                                   "country": country, "parent": f"pcode:{parent}" if parent else "",
                                   "population": match["population"] if match else "", "source": "OCHA"}
    return list(rows.values())


def regions() -> list[dict]:
    import yaml

    data = yaml.safe_load((ROOT / "src" / "riwaya" / "lexicon" / "regions.yaml").read_text(encoding="utf-8"))
    kind = {"region": "region", "country": "country"}
    return [{"id": r["id"], "kind": kind[r["id"].split(".")[0]], "name": r["name"], "names": r["names"],
             "lat": r["lat"], "lon": r["lon"], "country": r.get("country", ""), "parent": r.get("within", ""),
             "population": "", "source": "riwaya"} for r in data]


def written() -> list[dict]:
    """Places written for riwaya outside Syria, Iraq and Lebanon (scripts/places_written.tsv)."""
    path = ROOT / "scripts" / "places_written.tsv"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return [{**r, "names": r["names_ar"].split("|")} for r in csv.DictReader(lines, delimiter="\t")]


def news_document_frequency(names: set[str]) -> tuple[Counter, int]:
    """In how many SaudiNewsNet articles each (normalized) name occurs as whole words."""
    counts: Counter = Counter()
    articles = 0
    longest = max(len(n.split()) for n in names)
    for path in sorted((DATA / "saudinewsnet" / "dataset").glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                for article in json.loads(archive.read(member)):
                    articles += 1
                    words = normalize_str(article.get("content", "")).split()
                    seen = set()
                    for size in range(1, longest + 1):
                        for i in range(len(words) - size + 1):
                            gram = " ".join(words[i:i + size])
                            if gram in names:
                                seen.add(gram)
                    counts.update(seen)
    return counts, articles


def main() -> None:
    cities = geonames()
    by_name: dict[tuple[str, str], dict] = {}
    for city in sorted(cities, key=lambda c: c["population"]):
        for n in city["names"]:
            by_name[(city["country"], normalize_str(n))] = city  # the most populous wins
    places = regions() + ocha(by_name) + cities + written()
    all_names = {normalize_str(n) for p in places for n in p["names"]}
    frequency, articles = news_document_frequency(all_names)
    dropped = 0
    dropped_names: set[str] = set()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "kind", "name", "names_ar", "lat", "lon", "country", "parent",
                         "population", "source"])
        for p in places:
            keep = []
            for n in dict.fromkeys(p["names"]):
                letters = len(normalize_str(n).replace(" ", ""))
                short = " " not in n and letters <= 3
                if short and p["source"] != "riwaya" and p["kind"] != "admin1" \
                        and normalize_str(n) not in NEWSWORTHY:
                    dropped += 1  # «لد», «نان», «ان»: short names collide with words and clitics
                    dropped_names.add(n)
                    continue
                common = frequency[normalize_str(n)] > COMMON_SHARE * articles
                if common and p["source"] != "riwaya" and normalize_str(n) not in NEWSWORTHY:
                    dropped += 1
                    dropped_names.add(n)
                    continue
                keep.append(n)
            if keep or p["kind"].startswith("admin"):  # a unit keeps its row for the hierarchy
                writer.writerow([p["id"], p["kind"], p["name"], "|".join(keep), p["lat"], p["lon"],
                                 p["country"], p["parent"], p["population"], p["source"]])
    print("dropped:", " ".join(sorted(dropped_names)))
    print(f"{len(places)} places written to {OUT}; {dropped} names dropped as common words "
          f"(over {COMMON_SHARE:.2%} of {articles} news articles)")


if __name__ == "__main__":
    main()
