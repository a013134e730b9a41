"""Every row of a conflict sample (benchmarks/figure_conflicts_sample.py) with the hand verdict of
an earlier checked row that holds the same values, and the rows no one has read yet, with their
words around each value to read them by hand.

    python benchmarks/figure_rows_verdicts.py SAMPLE.json [--manual VERDICTS.json] [--out ROWS.json]
        [--dataset ../shared/data/saudinewsnet/dataset] [--show]

An earlier row counts when it holds exactly the row's values (record, offset, value), else all of
them; the newest row file wins. VERDICTS.json gives verdicts read now, keyed "story:group":
{"verdict": "real" | "not", "class": ..., "why": ..., "checked_in": ...}. With --out, and every
row given a verdict, writes the rows file the README cites (verdicts under row_*, so that
benchmarks/figure_rows_replay.py does not count them twice). Texts are read, never written out.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
DATASET = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "saudinewsnet" / "dataset"

Values = frozenset[tuple[str, int, float | None]]


def _values(row: dict[str, Any]) -> Values:
    return frozenset((v["record"], v["start"], v["value"]) for v in row["values"])


def checked_rows(skip: Path | None = None) -> list[tuple[Values, dict[str, Any]]]:
    """Every hand-checked row of the result files, newest file first: (values, verdict)."""
    files = sorted(RESULTS.glob("figure-conflicts-*.json"), key=lambda p: -p.stat().st_mtime)
    out = []
    for path in files:
        if skip is not None and path.resolve() == skip.resolve():
            continue
        for row in json.loads(path.read_text(encoding="utf-8")).get("sample") or []:
            verdict = row.get("verdict") or row.get("row_verdict")
            if verdict is None:
                continue
            out.append((_values(row), {
                "verdict": verdict,
                "class": row.get("class") or row.get("row_class"),
                "why": row.get("why") or row.get("row_why"),
                "checked_in": row.get("checked_in") if "row_verdict" in row else path.name,
            }))
    return out


def carried(row: dict[str, Any], checked: list[tuple[Values, dict[str, Any]]]) -> dict[str, Any] | None:
    mine = _values(row)
    return next((v for vals, v in checked if vals == mine), None) or \
        next((v for vals, v in checked if mine <= vals), None)


def _context(dataset: Path, value: dict[str, Any], cache: dict[str, list[dict[str, Any]]]) -> str:
    day, index = value["record"].split(".zip#")
    if day not in cache:
        with zipfile.ZipFile(dataset / f"{day}.zip") as z:
            name = next(n for n in z.namelist() if n.endswith(".json"))
            cache[day] = json.loads(z.read(name))
    text = cache[day][int(index)]["content"].strip()
    s, e = value["start"], value["end"]
    return (text[max(0, s - 200):s] + " [[ " + text[s:e] + " ]] " + text[e:e + 100]).replace("\n", " ")


def main(argv: list[str]) -> None:
    def option(name: str) -> str | None:
        return argv[argv.index(name) + 1] if name in argv else None

    sample_path = Path(argv[0])
    out = Path(option("--out")) if option("--out") else None
    manual = json.loads(Path(option("--manual")).read_text(encoding="utf-8")) if option("--manual") else {}
    dataset = Path(option("--dataset") or DATASET)
    sample = json.loads(sample_path.read_text(encoding="utf-8"))
    checked = checked_rows(skip=out)
    rows, unread, cache = [], [], {}
    for row in sample["sample"]:
        key = f"{row['story']}:{row['group']}"
        verdict = manual.get(key) or carried(row, checked)
        label = verdict["verdict"] if verdict else "unread"
        print(f"{label:6} {key} {row['unit']}/{row['event']} "
              f"{sorted({v['value'] for v in row['values']}, key=lambda x: x or 0)} "
              f"{(verdict or {}).get('class') or ''}")
        if verdict is None:
            unread.append(key)
            if "--show" in argv:
                for v in row["values"]:
                    print(f"    [{v['value']}] {v['record']} {v['start']} {v['outlet']} {v['published']} "
                          f"src={v['source']}\n        {_context(dataset, v, cache)}")
            continue
        rows.append({**row, "row_verdict": verdict["verdict"], "row_class": verdict.get("class"),
                     "row_why": verdict.get("why"), "checked_in": verdict.get("checked_in")})
    real = sum(r["row_verdict"] == "real" for r in rows)
    print(f"{real} real of {len(rows)} with a verdict; {len(unread)} unread: {' '.join(unread)}")
    if out is not None:
        if unread:
            raise SystemExit("rows unread: give them verdicts with --manual before writing")
        classes = Counter(r["row_class"] or "not (no class)" for r in rows if r["row_verdict"] != "real")
        keep = ("database", "stories_with_2_or_more", "groups", "conflict_groups", "best_outside_range",
                "seed")
        written = {**{k: sample.get(k) for k in keep}, "real": real, "rows": len(rows), "unchecked": 0,
                   "classes_of_not": dict(classes), "note": option("--note") or "", "sample": rows}
        out.write_text(json.dumps(written, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
