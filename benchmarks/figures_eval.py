"""How right the cross-outlet figure table is, on labelled events (tests/data/figures/).

Each event's documents are ingested together and read as one story (so that story grouping
does not enter the measure); every value riwaya puts in a figure group is matched to the
hand label of the figure it spans. A group flagged ``conflict`` is right when all its labelled
values count one thing and that thing is a real conflict; a real conflict is found when some
right conflict group holds it. ``updated`` is measured the same way against things one source
revises. Usage: python benchmarks/figures_eval.py [tests/data/figures/dev] [--show]
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from riwaya.corpus import documents_account, ingest
from riwaya.store import Store


def _spans(doc: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    out = []
    text = doc["text"]
    for fig in doc.get("figures") or []:
        at = -1
        for _ in range(int(fig.get("nth", 1))):
            at = text.find(str(fig["quote"]), at + 1)
            if at < 0:
                raise ValueError(f"{doc['id']}: {fig['quote']!r} not found")
        out.append((at, at + len(str(fig["quote"])), fig))
    return out


def evaluate_event(path: Path) -> dict[str, Any]:
    event = yaml.safe_load(path.read_text(encoding="utf-8"))
    for d in event["documents"]:
        d["spans"] = _spans(d)
    return _evaluate(path.stem, event)


def _evaluate(name: str, event: dict[str, Any]) -> dict[str, Any]:
    things = event["things"]
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "event.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for d in event["documents"]:
                out.write(
                    json.dumps(
                        {
                            "id": d["id"],
                            "text": d["text"],
                            "outlet": d["outlet"],
                            "published": d["published"],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        store = Store(":memory:")
        ingest([str(jsonl)], store, workers=1)
    rows = store.documents()
    by_line = {int(r["name"].rsplit(":", 1)[1]) - 1: r["id"] for r in rows}
    labels: dict[int, list[tuple[int, int, dict[str, Any]]]] = {
        by_line[i]: d["spans"] for i, d in enumerate(event["documents"])
    }
    names = {by_line[i]: d["id"] for i, d in enumerate(event["documents"])}
    account = documents_account(store, [store.document(i) for i in sorted(by_line.values())])
    groups = []
    for g in account["figures"]:
        got = []
        for v in g["values"]:
            hit = next(
                (f for s, e, f in labels.get(v["document"], []) if s < v["end"] and v["start"] < e), None
            )
            got.append((v, hit))
        groups.append((g, got))
    return {"event": name, "things": things, "groups": groups, "names": names}


SAUDINEWSNET = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet" / "dataset"


def evaluate_saudinewsnet(labels_path: Path, dataset: Path = SAUDINEWSNET) -> list[dict[str, Any]]:
    """The hand-labelled real stories (ids and offsets into SaudiNewsNet), each read as one story."""
    import zipfile

    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    cache: dict[str, list[dict[str, Any]]] = {}

    def record(doc_id: str) -> dict[str, Any]:
        name, index = doc_id.split("#")
        if name not in cache:
            with zipfile.ZipFile(dataset / name) as z:
                cache[name] = json.loads(z.read(z.namelist()[0]).decode("utf-8"))
        return cache[name][int(index)]

    results = []
    for story_name, story in labels["stories"].items():
        events = {"things": story["things"], "documents": []}
        for doc_id in story["documents"]:
            r = record(doc_id)
            spans = [f for f in story["figures"] if f["doc"] == doc_id]
            events["documents"].append({"id": doc_id, "text": r["content"], "outlet": r["source"],
                                        "published": r["date_extracted"].replace(" ", "T"),
                                        "spans": [(f["start"], f["end"], f) for f in spans]})
        results.append(_evaluate(story_name, events))
    return results


def _thing_of(got: list[tuple[dict[str, Any], Any]]) -> set[str]:
    return {f["thing"] for _, f in got if f is not None}


def score(results: list[dict[str, Any]], show: bool = False) -> dict[str, Any]:
    c_right = c_flagged = u_right = u_flagged = 0
    real_conflicts = found_conflicts = real_updates = found_updates = updates_as_conflict = 0
    multi = pure = 0
    statuses: Counter[str] = Counter()
    for r in results:
        things = r["things"]
        right_conflict: set[str] = set()
        right_update: set[str] = set()
        seen: Counter[str] = Counter()
        for g, got in r["groups"]:
            statuses[g["status"]] += 1
            labelled = _thing_of(got)
            for _, f in got:
                if f is not None:
                    seen[f["thing"]] += 1
            if len(g["values"]) > 1:
                multi += 1
                pure += len(labelled) <= 1
            one = next(iter(labelled)) if len(labelled) == 1 else None
            if g["status"] == "conflict":
                c_flagged += 1
                ok = one is not None and things[one]["status"] == "conflict"
                c_right += ok
                if ok:
                    right_conflict.add(one)
                elif show:
                    _show(r, g, got, "FALSE CONFLICT")
            if g["status"] == "updated":
                u_flagged += 1
                ok = one is not None and (things[one]["status"] == "updated" or things[one].get("updated_by"))
                u_right += bool(ok)
                if ok:
                    right_update.add(one)
                elif show:
                    _show(r, g, got, "FALSE UPDATE")
            if one is not None and things[one]["status"] == "updated" and g["status"] == "conflict":
                updates_as_conflict += 1
        for name, t in things.items():
            if t["status"] == "conflict" and seen[name] >= 2:
                real_conflicts += 1
                found_conflicts += name in right_conflict
                if show and name not in right_conflict:
                    print(f"  MISSED CONFLICT {r['event']}:{name} — {t.get('what')}")
                    for g, got in r["groups"]:
                        if name in _thing_of(got):
                            _show(r, g, got, "   in")
            if t["status"] == "updated" and seen[name] >= 2:
                real_updates += 1
                found_updates += name in right_update
    return {
        "conflict_precision": _ratio(c_right, c_flagged),
        "conflict_recall": _ratio(found_conflicts, real_conflicts),
        "conflict_groups": c_flagged,
        "real_conflicts": real_conflicts,
        "updated_precision": _ratio(u_right, u_flagged),
        "updated_recall": _ratio(found_updates, real_updates),
        "updated_groups": u_flagged,
        "real_updates": real_updates,
        "updates_flagged_conflict": updates_as_conflict,
        "purity": _ratio(pure, multi),
        "multi_value_groups": multi,
        "statuses": dict(statuses),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _show(r: dict[str, Any], g: dict[str, Any], got: list[tuple[dict[str, Any], Any]], why: str) -> None:
    frame = {k: (v["value"] if isinstance(v, dict) else v) for k, v in g["frame"].items()}
    print(f"  {why} {r['event']} group {g['id']} {g['status']} {frame}")
    for v, f in got:
        print(
            f"      {r['names'][v['document']]} {v['text']!r} src={v['source']} "
            f"-> {f['thing'] if f else '(unlabelled)'}"
        )


def main(argv: list[str]) -> None:
    show = "--show" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")] or [Path("tests/data/figures/dev")]
    results = []
    for path in paths:
        if path.is_file():  # the SaudiNewsNet labels: ids and offsets
            results += evaluate_saudinewsnet(path)
        else:
            results += [evaluate_event(p) for p in sorted(path.glob("*.yaml"))]
    print(json.dumps(score(results, show), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
